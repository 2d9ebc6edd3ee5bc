"""The kam/1 rules an importer could break, checked fast on a map it made.

:func:`graphlib_kam.model.validate_map` re-parses a whole map, which on large imports
costs more than the import itself; these checks run set operations first and walk the
items only to say where a rule broke. A problem here is an importer's bug, not the
user's.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Callable
from typing import Any

from graphlib_kam.errors import Problem
from graphlib_kam.model import AccountMap, Relationship
from graphlib_kam.model.vocab import LEVELS, RELATIONSHIP_KINDS, ROLES, STATUSES

__all__ = ["check_map", "strength_ok"]

_ID = operator.attrgetter("id")
_NAME = operator.attrgetter("name")


def check_map(amap: AccountMap, *, relationships: bool = True) -> list[Problem]:
    """Every kam/1 rule an importer could break, checked fast (validate_map re-parses
    the whole map, which costs more than the import itself on large inputs). Set
    operations first; the item loops only run to say where a rule broke."""
    problems: list[Problem] = []

    def bad(where: str, message: str) -> None:
        problems.append(Problem(where, message))

    if not amap.account.id:
        bad("account.id", "is empty")
    members = set(map(_ID, amap.team))
    if len(members) != len(amap.team) or "" in members:
        bad("team", "ids must be unique and not empty")
    stakeholders = amap.stakeholders
    ids = list(map(_ID, stakeholders))
    people = set(ids)
    texts = set(map(type, itertools.chain(
        ids, map(_NAME, stakeholders), map(operator.attrgetter("title"), stakeholders),
        map(operator.attrgetter("department"), stakeholders),
        map(operator.attrgetter("notes"), stakeholders),
        itertools.chain.from_iterable(map(operator.attrgetter("tags"), stakeholders)),
        itertools.chain.from_iterable(map(operator.attrgetter("interests"), stakeholders)))))
    fine = (
        len(people) == len(ids) and "" not in people and people.isdisjoint(members)
        and set(map(operator.attrgetter("role"), stakeholders)) <= set(ROLES)
        and set(map(operator.attrgetter("level"), stakeholders)) <= set(LEVELS)
        and set(map(operator.attrgetter("status"), stakeholders)) <= set(STATUSES)
        and set(map(operator.attrgetter("stance"), stakeholders)) <= _STANCES
        and set(map(operator.attrgetter("power"), stakeholders)) <= _POWERS
        and texts <= {str}
        and set(map(type, map(operator.attrgetter("stance"), stakeholders))) <= {int}
        and set(map(type, map(operator.attrgetter("power"), stakeholders))) <= {int}
    )
    if not fine:
        seen: set[str] = set()
        for index, s in enumerate(stakeholders):
            if not s.id or s.id in seen or s.id in members:
                bad(f"stakeholders[{index}].id", f"{s.id!r} is empty or not unique")
            seen.add(s.id)
            if s.role not in ROLES or s.level not in LEVELS or s.status not in STATUSES:
                bad(f"stakeholders[{index}]", "role, level or status is not a kam/1 term")
            if type(s.stance) is not int or not -2 <= s.stance <= 2 \
                    or type(s.power) is not int or not 1 <= s.power <= 5:
                bad(f"stakeholders[{index}]", "stance or power is out of range")
            if not all(isinstance(x, str) for x in (s.name, s.title, s.department, s.notes,
                                                    *s.tags, *s.interests)):
                bad(f"stakeholders[{index}]", "a text field is not text")
    if relationships:
        _check_relationships(amap.relationships, people, bad)
    for index, c in enumerate(amap.coverage):
        if c.member not in members or c.stakeholder not in people \
                or not strength_ok(c.strength, optional=False):
            bad(f"coverage[{index}]", "a dangling end or a bad strength")
    return problems


def _check_relationships(relationships: list[Relationship], people: set[str],
                         bad: Callable[[str, str], None]) -> None:
    sources = list(map(operator.attrgetter("source"), relationships))
    targets = list(map(operator.attrgetter("target"), relationships))
    fine = (
        people.issuperset(sources) and people.issuperset(targets)
        and set(map(operator.attrgetter("kind"), relationships)) <= set(RELATIONSHIP_KINDS)
        and all(strength_ok(s, optional=True)
                for s in set(map(operator.attrgetter("strength"), relationships)))
        and not any(map(operator.eq, sources, targets))
    )
    if not fine:
        kinds = set(RELATIONSHIP_KINDS)
        for index, r in enumerate(relationships):
            if r.source not in people or r.target not in people or r.source == r.target \
                    or r.kind not in kinds or not strength_ok(r.strength, optional=True):
                bad(f"relationships[{index}]",
                    "a dangling end, a loop, or a bad kind or strength")


_STANCES = frozenset(range(-2, 3))
_POWERS = frozenset(range(1, 6))


def strength_ok(value: Any, *, optional: bool) -> bool:
    if value is None:
        return optional
    return isinstance(value, (int, float)) and math.isfinite(value) and 0 < value <= 1
