"""What a save changed, counted: the one-line summary of each revision in a map's history.

:func:`change_counts` compares two revisions of a map record by record (no analysis) and
returns how many people and links were added, removed and changed; the stores keep the
counts with every revision, and :func:`graphlib_kam.store.history.summary_text` words
them ("+2 stakeholders, 1 left, 3 coverage links changed") in either language.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from graphlib_kam.model.account_map import AccountMap

__all__ = ["CHANGE_KINDS", "change_counts"]

CHANGE_KINDS = (
    "stakeholders_added", "stakeholders_removed", "left", "returned", "stakeholders_changed",
    "team_added", "team_removed", "team_changed",
    "relationships_added", "relationships_removed", "relationships_changed",
    "coverage_added", "coverage_removed", "coverage_changed",
    "account_changed",
)
"""The keys :func:`change_counts` may return, in the order a summary lists them."""


_COUNTED_FIELDS = {"account", "stakeholders", "relationships", "team", "coverage", "revision",
                   "extra"}


def change_counts(old: AccountMap | None, new: AccountMap) -> dict[str, int]:
    """How many records ``new`` adds, removes and changes compared with ``old``.

    Stakeholders are matched by id, team members by id, relationships by (source,
    target, kind) and coverage links by (member, stakeholder). A stakeholder whose status
    went from active to left counts under ``left`` (and back under ``returned``), not
    under ``stakeholders_changed``. The revision number itself is not a change.

    Parameters
    ----------
    old : AccountMap or None
        The revision before; None for the first revision of a map.
    new : AccountMap

    Returns
    -------
    dict of str to int
        Only the kinds of :data:`CHANGE_KINDS` that are not zero, in that order;
        ``{"created": 1}`` when there is no ``old``; ``{}`` when nothing changed.

    Examples
    --------
    >>> from graphlib_kam.model import parse_map
    >>> old = parse_map({"account": {"id": "a"}, "team": [{"id": "t"}],
    ...     "stakeholders": [{"id": "x"}, {"id": "y"}],
    ...     "coverage": [{"member": "t", "stakeholder": "x", "strength": 0.5}]})
    >>> new = old.copy()
    >>> new.stakeholders[1].status = "left"
    >>> new.coverage[0].strength = 0.8
    >>> new.stakeholders.append(new.stakeholders[0].__class__(id="z"))
    >>> change_counts(old, new)
    {'stakeholders_added': 1, 'left': 1, 'coverage_changed': 1}
    >>> change_counts(old, old.with_revision(2)), change_counts(None, old)
    ({}, {'created': 1})
    """
    if old is None:
        return {"created": 1}
    counts: dict[str, int] = dict.fromkeys(CHANGE_KINDS, 0)

    before = {s.id: s for s in old.stakeholders}
    after = {s.id: s for s in new.stakeholders}
    counts["stakeholders_added"] = len(after.keys() - before.keys())
    counts["stakeholders_removed"] = len(before.keys() - after.keys())
    for sid in after.keys() & before.keys():
        was, now = before[sid], after[sid]
        if was == now:
            continue
        if was.active and not now.active:
            counts["left"] += 1
        elif now.active and not was.active:
            counts["returned"] += 1
        else:
            counts["stakeholders_changed"] += 1

    for kind, was_records, now_records in (
        ("team", _keyed(old.team, ("id",)), _keyed(new.team, ("id",))),
        ("relationships", _keyed(old.relationships, ("source", "target", "kind")),
         _keyed(new.relationships, ("source", "target", "kind"))),
        ("coverage", _keyed(old.coverage, ("member", "stakeholder")),
         _keyed(new.coverage, ("member", "stakeholder"))),
    ):
        counts[f"{kind}_added"] = len(now_records.keys() - was_records.keys())
        counts[f"{kind}_removed"] = len(was_records.keys() - now_records.keys())
        counts[f"{kind}_changed"] = sum(
            1 for key in now_records.keys() & was_records.keys()
            if now_records[key] != was_records[key])

    counts["account_changed"] = int(old.account != new.account or old.extra != new.extra
                                    or _other_fields(old) != _other_fields(new))
    return {kind: n for kind, n in counts.items() if n}


def _other_fields(amap: AccountMap) -> dict[str, Any]:
    """The map's fields beyond people, links, account and revision (a deal, say)."""
    return {f.name: getattr(amap, f.name) for f in fields(amap)
            if f.name not in _COUNTED_FIELDS}


def _keyed(records: list[Any], fields: tuple[str, ...]) -> dict[tuple, Any]:
    return {tuple(getattr(r, f) for f in fields): r for r in records}
