"""Exceptions raised by graphlib_kam.

Every error a user can cause is a :class:`KamError`; the command line turns it into one
clear line and an exit code, never a traceback::

    KamError                     exit 2 unless said otherwise
    ├── MapError                 a map (file or data) that cannot be used
    │   ├── MapFormatError       not readable: bad JSON, bad encoding, too large, wrong schema
    │   └── MapValidationError   readable, but breaks rules; carries every Problem found
    ├── NotFoundError            an id, account or file that does not exist
    ├── ConflictError            a save against a revision that has moved on
    ├── InputError               any other bad argument or input
    └── StoreError               a store that fails for reasons of its own (exit 3)
        └── StoreUnavailable     a server that cannot be reached or refuses our login
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ConflictError",
    "InputError",
    "KamError",
    "MapError",
    "MapFormatError",
    "MapValidationError",
    "NotFoundError",
    "Problem",
    "StoreError",
    "StoreUnavailable",
]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what was expected."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    def to_dict(self) -> dict[str, str]:
        return {"where": self.where, "message": self.message}


class KamError(Exception):
    """Base class of every error a user of graphlib_kam can cause."""

    exit_code = 2


class MapError(KamError):
    """A map that cannot be used."""


class MapFormatError(MapError):
    """A map file that cannot be read at all (encoding, JSON syntax, size, schema)."""


class MapValidationError(MapError):
    """A map that breaks the rules of kam/1; ``problems`` lists all of them."""

    def __init__(self, problems: list[Problem], *, source: str | None = None):
        self.problems = list(problems)
        self.source = source
        head = f"{source}: " if source else ""
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = "; ".join(str(p) for p in self.problems[:5])
        more = f" (and {count - 5} more)" if count > 5 else ""
        super().__init__(f"{head}{count} {noun}: {lines}{more}")


class NotFoundError(KamError):
    """An id, account or file that does not exist."""


class ConflictError(KamError):
    """A save refused because the stored revision has moved on."""

    def __init__(self, message: str, *, expected: int | None = None, found: int | None = None):
        super().__init__(message)
        self.expected = expected
        self.found = found


class InputError(KamError):
    """Any other bad argument or input."""


class StoreError(KamError):
    """A store that failed for reasons of its own."""

    exit_code = 3


class StoreUnavailable(StoreError):
    """A store server that cannot be reached or refuses the login."""
