"""What every store of account maps offers: the file store and the Neo4j store alike."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Protocol, runtime_checkable

from graphlib_kam.model import AccountMap

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
    nothing changes.
    """

    def list_accounts(self) -> list[AccountInfo]: ...

    def load(self, account_id: str) -> AccountMap: ...

    def save(self, amap: AccountMap) -> AccountMap: ...

    def delete(self, account_id: str) -> None: ...
