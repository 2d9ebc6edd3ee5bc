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

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

MAX_PROBLEMS = 50
"""The most problems a :class:`MapValidationError` lists; those after are only counted (a
3 MB map of empty records would otherwise hold millions, and a gigabyte of memory)."""

__all__ = [
    "MAX_PROBLEMS",
    "ConflictError",
    "InputError",
    "KamError",
    "MapError",
    "MapFormatError",
    "MapValidationError",
    "NotFoundError",
    "Problem",
    "ProblemList",
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


class ProblemList:
    """The problems found so far: the first ``limit`` are kept, the others counted.

    >>> found = ProblemList(limit=2)
    >>> for k in range(5):
    ...     found.append(Problem(f"row {k}", "bad"))
    >>> [p.where for p in found], found.more, len(found), bool(ProblemList())
    (['row 0', 'row 1'], 3, 5, False)
    """

    def __init__(self, problems: Iterable[Problem] = (), *, limit: int = MAX_PROBLEMS):
        self.limit = limit
        self.kept: list[Problem] = []
        self.more = 0
        self.extend(problems)

    def append(self, problem: Problem) -> None:
        if len(self.kept) < self.limit:
            self.kept.append(problem)
        else:
            self.more += 1

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)

    def __iadd__(self, problems: Iterable[Problem]) -> ProblemList:
        self.extend(problems)
        return self

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.kept)

    def __len__(self) -> int:
        """Every problem found, kept or only counted."""
        return len(self.kept) + self.more


class KamError(Exception):
    """Base class of every error a user of graphlib_kam can cause."""

    exit_code = 2


class MapError(KamError):
    """A map that cannot be used."""


class MapFormatError(MapError):
    """A map file that cannot be read at all (encoding, JSON syntax, size, schema)."""


class MapValidationError(MapError):
    """A map that breaks the rules of kam/1: ``problems`` lists the first
    :data:`MAX_PROBLEMS` of them, ``more`` counts the others, ``total`` is all of them."""

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None,
                 more: int = 0):
        found = ProblemList(problems)
        self.problems = found.kept
        self.more = more + found.more
        self.total = len(self.problems) + self.more
        self.source = source
        head = f"{source}: " if source else ""
        count = self.total
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
