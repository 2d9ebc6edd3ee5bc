"""What every store of account maps offers: the file store and the Neo4j store alike."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Protocol, runtime_checkable

from graphlib_kam.model import AccountMap
from graphlib_kam.store.history import Revision

__all__ = ["AccountInfo", "Store"]


@dataclass(frozen=True)
class AccountInfo:
    """A line of a store's account list."""

    id: str
    name: str
    revision: int
    stakeholders: int
    location: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@runtime_checkable
class Store(Protocol):
    """A place that holds account maps, one per account id.

    ``save`` checks the revision: the map must carry the revision the store holds (or
    be new), and comes back with the next one; otherwise it raises ConflictError and
    nothing changes. Every save keeps the revision it writes, with when, who
    (``saved_by``, default :func:`~graphlib_kam.store.history.who_saves`) and what
    changed; ``history`` lists the revisions newest first and ``load_revision`` reads
    one. No save rewrites or removes an earlier revision.
    """

    def list_accounts(self) -> list[AccountInfo]: ...

    def load(self, account_id: str) -> AccountMap: ...

    def save(self, amap: AccountMap, *, saved_by: str | None = None,
             restored_from: int | None = None) -> AccountMap: ...

    def history(self, account_id: str) -> list[Revision]: ...

    def load_revision(self, account_id: str, revision: int) -> AccountMap: ...

    def delete(self, account_id: str) -> None: ...
