"""Editable tables of an account map, and the map they describe after editing.

The explorer shows a map as four tables (stakeholders, relationships, coverage, team),
lets the user edit them and rebuilds the map with :func:`map_from_tables`, which reports
every problem the way :func:`graphlib_kam.model.parse_map` does (``stakeholders[3].power:
…``) instead of raising. Nothing here imports streamlit or pandas: tables are lists of
plain dicts, and cells may hold what a table widget gives back (None, NaN, numpy
scalars, dates).

>>> from graphlib_kam.model import parse_map
>>> m = parse_map({"account": {"id": "a"}, "stakeholders": [{"id": "x", "name": "X"}]})
>>> tables = map_tables(m)
>>> tables["stakeholders"][0]["power"] = 9
>>> edited, problems = map_from_tables(m, tables)
>>> edited, [str(p) for p in problems]
(None, ['stakeholders[0].power: 9 is out of range; expected 1 to 5'])

A row's id is fixed once the row exists (relationships and coverage point to it; the
hidden ``key`` column remembers it), a new row left without an id gets one from its
name, and a row needs a name:

>>> tables = map_tables(m)
>>> tables["stakeholders"][0]["id"] = "y"
>>> tables["stakeholders"].append({"name": "Ann Lee"})
>>> tables["stakeholders"].append({"title": "CFO"})
>>> [str(p) for p in map_from_tables(m, tables)[1]]  # doctest: +NORMALIZE_WHITESPACE
["stakeholders[0].id: the id of an existing row cannot be changed (it is 'x')",
 'stakeholders[2].name: a name is needed (a row without one cannot be saved)']
>>> del tables["stakeholders"][2]
>>> tables["stakeholders"][0]["id"] = "x"
>>> [s.id for s in map_from_tables(m, tables)[0].stakeholders]
['x', 's-ann-lee']
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from graphlib_kam.errors import MapFormatError, MapValidationError, Problem
from graphlib_kam.importers import slug
from graphlib_kam.model import AccountMap, parse_map
from graphlib_kam.text import DEFAULT_LANG, t

__all__ = [
    "COLUMNS",
    "KEY",
    "TABLES",
    "map_from_tables",
    "map_tables",
    "marked_left",
    "successor_choices",
]

TABLES = ("stakeholders", "relationships", "coverage", "team")

COLUMNS: dict[str, tuple[str, ...]] = {
    "stakeholders": ("id", "name", "title", "department", "level", "role", "stance", "power",
                     "status", "successor", "tags", "interests", "notes", "email"),
    "relationships": ("source", "target", "kind", "strength"),
    "coverage": ("member", "stakeholder", "strength", "last_contact"),
    "team": ("id", "name", "title", "email"),
}

KEY = "key"
"""The hidden column of the stakeholders and team tables that holds each existing row's
id, so that an edited id is noticed (new rows have none)."""

_PEOPLE = ("stakeholders", "team")
_ID_PREFIX = {"stakeholders": "s-", "team": "t-"}
_LIST_FIELDS = ("tags", "interests")
_LIST_SPLIT = re.compile(r"[,，;；、]")


def map_tables(amap: AccountMap) -> dict[str, list[dict[str, Any]]]:
    """The map as four tables of plain rows, in the columns of :data:`COLUMNS`.

    Lists (tags, interests) become comma-separated text and dates ISO text, so that every
    cell can be edited as text. Stakeholders and team members also carry their id in the
    hidden :data:`KEY` column.
    """
    tables = {
        "stakeholders": [
            {"id": s.id, "name": s.name, "title": s.title, "department": s.department,
             "level": s.level, "role": s.role, "stance": s.stance, "power": s.power,
             "status": s.status, "successor": s.successor, "tags": ", ".join(s.tags),
             "interests": ", ".join(s.interests), "notes": s.notes, "email": s.email}
            for s in amap.stakeholders
        ],
        "relationships": [
            {"source": r.source, "target": r.target, "kind": r.kind, "strength": r.strength}
            for r in amap.relationships
        ],
        "coverage": [
            {"member": c.member, "stakeholder": c.stakeholder, "strength": c.strength,
             "last_contact": c.last_contact.isoformat() if c.last_contact else None}
            for c in amap.coverage
        ],
        "team": [{"id": t.id, "name": t.name, "title": t.title, "email": t.email}
                 for t in amap.team],
    }
    for name in _PEOPLE:
        for row in tables[name]:
            row[KEY] = row["id"]
    return tables


def _cell(value: Any) -> Any:
    """A table cell as plain JSON data: None for blanks and NaN, Python numbers, ISO dates."""
    if value is None:
        return None
    item = getattr(value, "item", None)
    if callable(item) and type(value).__module__ == "numpy":
        value = item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _row(row: dict[str, Any], columns: tuple[str, ...]) -> dict[str, Any]:
    out = {}
    for column in columns:
        value = _cell(row.get(column))
        if column in _LIST_FIELDS:
            value = [part.strip() for part in _LIST_SPLIT.split(value or "") if part.strip()]
        if value is not None:
            out[column] = value
    return out


def _blank(row: dict[str, Any]) -> bool:
    return all(value in (None, []) for value in row.values())


def map_from_tables(
    base: AccountMap, tables: dict[str, list[dict[str, Any]]], *, lang: str = DEFAULT_LANG,
) -> tuple[AccountMap | None, list[Problem]]:
    """The map the edited ``tables`` describe, or None and every problem found.

    The account, the revision and every key the tables do not show (unknown keys of the
    file) come from ``base``: a stakeholder or team member keeps its extra keys by id, a
    relationship by (kind, source, target), a coverage link by (member, stakeholder).
    Rows left completely blank are ignored. Problem paths count rows from 0 in the order
    of the rows given, as in ``stakeholders[3].power``. A stakeholder or team member
    whose id differs from its :data:`KEY` is refused (ids of existing rows are fixed); a
    new one without an id gets one made from its name; a name is needed, unless the row
    was saved without one before (imported network data has numbers for people).

    Parameters
    ----------
    base : AccountMap
        The map the tables were made from (:func:`map_tables`); it is not changed.
    tables : dict
        ``{"stakeholders": [row, …], "relationships": …, "coverage": …, "team": …}``; a
        missing table keeps ``base``'s.
    lang : str, keyword-only
        The language of the explorer's own problems (fixed ids, missing names).

    Returns
    -------
    (AccountMap or None, list of Problem)
    """
    data = base.to_dict()
    extras = {
        "stakeholders": {s.id: s.extra for s in base.stakeholders},
        "team": {t.id: t.extra for t in base.team},
        "relationships": {(r.kind, r.source, r.target): r.extra for r in base.relationships},
        "coverage": {(c.member, c.stakeholder): c.extra for c in base.coverage},
    }
    named = {"stakeholders": {s.id for s in base.stakeholders if s.name},
             "team": {m.id for m in base.team if m.name}}
    own: list[Problem] = []
    for name in TABLES:
        if name not in tables:
            continue
        rows = [_row(row, COLUMNS[name]) for row in tables[name]]
        keys = [_cell(row.get(KEY)) for row in tables[name]]
        kept = [(row, key) for row, key in zip(rows, keys) if not _blank(row)]
        rows = [row for row, _ in kept]
        if name in _PEOPLE:
            own += _check_people(name, kept, named[name], lang)
        for row in rows:
            if name in ("stakeholders", "team"):
                key = row.get("id")
            elif name == "relationships":
                key = (row.get("kind", "influences"), row.get("source"), row.get("target"))
            else:
                key = (row.get("member"), row.get("stakeholder"))
            for extra_key, value in extras[name].get(key, {}).items():
                row.setdefault(extra_key, value)
        data[name] = rows
    try:
        amap = parse_map(data)
    except MapValidationError as err:
        flagged = {p.where.rpartition(".")[0] + "." for p in own}
        return None, own + [p for p in err.problems if not p.where.startswith(tuple(flagged))]
    except MapFormatError as err:
        return None, own + [Problem("", str(err))]
    return (None, own) if own else (amap, [])


def _check_people(name: str, rows: list[tuple[dict[str, Any], Any]], named: set[str],
                  lang: str) -> list[Problem]:
    """Fixed ids, made ids and needed names of the stakeholders or team rows (in place)."""
    problems = []
    taken = {row.get("id") for row, _ in rows}
    for index, (row, key) in enumerate(rows):
        if key is not None and row.get("id") != key:
            problems.append(Problem(f"{name}[{index}].id",
                                    t("explorer.edit.id_fixed", lang, id=repr(key))))
        if not row.get("name") and (key is None or key in named):
            problems.append(Problem(f"{name}[{index}].name",
                                    t("explorer.edit.name_needed", lang)))
        elif key is None and not row.get("id"):
            row["id"] = _new_id(_ID_PREFIX[name] + (slug(row["name"]) or "new"), taken)
            taken.add(row["id"])
    return problems


def _new_id(wanted: str, taken: set) -> str:
    found, number = wanted, 1
    while found in taken:
        number += 1
        found = f"{wanted}-{number}"
    return found


def marked_left(old: AccountMap, new: AccountMap) -> list[str]:
    """Ids of the stakeholders active in ``old`` whose status is ``left`` in ``new``.

    >>> from graphlib_kam.model import parse_map
    >>> old = parse_map({"account": {"id": "a"}, "stakeholders": [{"id": "x"}, {"id": "y"}]})
    >>> new = old.copy()
    >>> new.stakeholders[1].status = "left"
    >>> marked_left(old, new)
    ['y']
    """
    was_active = {s.id for s in old.stakeholders if s.active}
    return [s.id for s in new.stakeholders if s.id in was_active and not s.active]


def successor_choices(old: AccountMap, new: AccountMap) -> dict[str, list[str]]:
    """For each stakeholder marked as left in ``new`` (see :func:`marked_left`), the
    stakeholders who could have taken over: the others active in ``new``, in map order.

    >>> from graphlib_kam.model import parse_map
    >>> old = parse_map({"account": {"id": "a"}, "stakeholders": [
    ...     {"id": "x"}, {"id": "y"}, {"id": "z", "status": "left"}]})
    >>> new = old.copy()
    >>> new.stakeholders[1].status = "left"
    >>> successor_choices(old, new)
    {'y': ['x']}
    """
    active = [s.id for s in new.stakeholders if s.active]
    return {sid: [other for other in active if other != sid] for sid in marked_left(old, new)}
