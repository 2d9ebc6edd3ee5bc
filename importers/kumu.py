"""Kumu maps (the blueprint JSON that Kumu exports and imports).

Elements become stakeholders and connections relationships:

* an element's ``label`` is the name, ``description`` the notes, ``tags`` the tags; the
  attributes a stakeholder sheet would have (role, level, title, department, stance,
  power, status, interests, …) are read the same way, and an ``element type`` that is a
  buying role (``Decision Maker``, ``决策者`` …) gives the role;
* Kumu's computed metrics (degree, betweenness, …, ``metrics::…``) are dropped: they are
  snapshots that go stale; other attributes are kept under ``"kumu"`` in the stakeholder;
* a connection's ``connection type`` gives the kind when it is one (``reports to``,
  ``ally`` …); a DRM sign pair (``++``, ``+-`` …) or no type means ``influences``, and the
  sign is kept as ``polarity``; ``mutual`` and ``undirected`` connections influence both
  ways; ``from`` → ``to`` is read as written (the ``reversed`` flag only changes how Kumu
  draws the arrow) and kept;
* repeated connections are merged.

Writing a map for Kumu is :mod:`graphlib_kam.present.kumu`.

>>> data = {"elements": [{"_id": "e1", "attributes": {"label": "CIO", "element type": "决策者"}},
...                      {"_id": "e2", "attributes": {"label": "IT Manager"}}],
...         "connections": [{"from": "e2", "to": "e1", "direction": "mutual",
...                          "attributes": {"connection type": "++"}}]}
>>> result = parse_kumu(data, account=Account(id="a"))
>>> [(s.name, s.role) for s in result.map.stakeholders]
[('CIO', 'decision-maker'), ('IT Manager', 'user')]
>>> sorted((r.source, r.target) for r in result.map.relationships)
[('e1', 'e2'), ('e2', 'e1')]
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from graphlib_kam.errors import InputError
from graphlib_kam.importers._build import ImportResult, MapBuilder
from graphlib_kam.importers._fields import (
    STAKEHOLDER_COLUMNS,
    as_text,
    match_columns,
    read_date,
    read_enum,
    read_strength,
)
from graphlib_kam.importers._rows import (
    Table,
    paused_gc,
    require_rows,
    tables_from_file,
)
from graphlib_kam.importers._text import InputFile, input_bytes, text_from_bytes
from graphlib_kam.importers._workbook import EXCEL_SUFFIXES
from graphlib_kam.importers.table import read_person
from graphlib_kam.model import Account
from graphlib_kam.model.kumu import ELEMENT_TYPE, TEAM_ELEMENT
from graphlib_kam.model.vocab import normalize_text_key

__all__ = ["KUMU_METRICS", "import_kumu", "parse_kumu", "read_kumu_tables"]

KUMU_METRICS = frozenset({
    "degree", "indegree", "outdegree", "size", "betweenness", "closeness", "eigenvector",
    "reach", "reach-efficiency", "micmac influence", "micmac exposure", "leverage",
    "harmonic centrality", "pagerank",
})
_SIGNS = re.compile(r"^[+-]{2}$|^[+-]$")
_UNDIRECTED_KINDS = {"allied", "conflict"}
_TEAM_TYPES = {normalize_text_key(t) for t in (TEAM_ELEMENT, "team", "our team", "我方",
                                                "我方人员", "团队成员")}


def import_kumu(path: str | os.PathLike | InputFile, *, account: Account,
                encoding: str | None = None) -> ImportResult:
    """Read a Kumu map into an account map (see the module notes): a blueprint JSON
    file, or a workbook (``.xlsx``) with an Elements and a Connections sheet.

    ``path`` may be an :class:`~graphlib_kam.importers.InputFile` (an upload's bytes and
    name); messages then name it.

    Raises
    ------
    NotFoundError, InputError
        A missing file, invalid JSON, JSON without ``elements``, or a workbook without
        an Elements sheet.
    """
    suffix = path.suffix if isinstance(path, InputFile) else Path(path).suffix.casefold()
    if suffix in EXCEL_SUFFIXES:
        with paused_gc():
            return read_kumu_tables(tables_from_file(path), account=account)
    name, raw = input_bytes(path)
    text = text_from_bytes(raw, name=name, encoding=encoding)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"{name}: invalid JSON at line {err.lineno}, column {err.colno}: "
                         f"{err.msg}") from err
    except RecursionError as err:
        raise InputError(f"{name}: JSON nested too deeply; expected a Kumu map (elements "
                         "and connections)") from err
    except ValueError as err:
        raise InputError(f"{name}: unreadable JSON ({err}); expected a Kumu map "
                         "(elements and connections)") from err
    return parse_kumu(data, account=account, source=Path(name).name)


# Kumu's spreadsheet columns and the blueprint attributes they are.
_ELEMENT_HEADERS = {"label": "label", "type": ELEMENT_TYPE, "element type": ELEMENT_TYPE,
                    "description": "description", "tags": "tags"}
_CONNECTION_HEADERS = {"type": "connection type", "connection type": "connection type",
                       "description": "description", "tags": "tags", "label": "label",
                       "strength": "strength", "direction": "direction"}
_SCALAR_FIELDS = {"id", "name", "first_name", "last_name", "title", "department", "level",
                  "role", "stance", "power", "status", "notes", "reports_to", "covered_by",
                  "coverage_strength", "last_contact"}


def _sheet_kind(table: Table) -> str | None:
    title = (table.title or "").strip().casefold()
    keys = {normalize_text_key(h) for h in table.headers}
    if title.startswith("connection") or {"from", "to"} <= keys:
        return "connections"
    if title.startswith("element") or "label" in keys:
        return "elements"
    return None


def _multi(header: str, value: Any) -> Any:
    """A cell as Kumu means it: ``|`` separates several values, except in the fields
    that hold one (a title, a stance …)."""
    if not isinstance(value, str) or "|" not in value:
        return value
    fields, _ = match_columns([header], STAKEHOLDER_COLUMNS)
    if fields.keys() & _SCALAR_FIELDS or normalize_text_key(header) in ("label",
                                                                         "description"):
        return value
    return [part.strip() for part in value.split("|") if part.strip()]


def read_kumu_tables(tables: list[Table], *, account: Account) -> ImportResult:
    """A map from the sheets of a Kumu workbook: Elements (Label, Type, Description,
    Tags, …; an ID column if the map uses ids) and Connections (From, To, Type,
    Direction, Strength, …; ``|`` in To names several targets). Other sheets are
    skipped, as are those named ``(ignore)``.

    Raises
    ------
    InputError
        No Elements sheet, or one with only a header row.
    """
    kinds = {id(t): _sheet_kind(t) for t in tables}
    elements = [t for t in tables if kinds[id(t)] == "elements"]
    if not elements:
        raise InputError("no Elements sheet: expected a sheet named Elements, or one whose "
                         "first column is Label, found " + ", ".join(t.name for t in tables))
    builder = MapBuilder(account)
    for table in tables:
        builder.take(table)
        if kinds[id(table)] is None:
            builder.note("not an Elements or Connections sheet; not imported", table.name)
    for table in elements:
        require_rows(table, "one row per element")
        for k, row in enumerate(table.rows):
            attributes: dict[str, Any] = {}
            element_id = ""
            for header in table.headers:
                value = row.get(header)
                if value is None:
                    continue
                key = normalize_text_key(header)
                if key == "id":
                    element_id = as_text(value)
                    continue
                attributes[_ELEMENT_HEADERS.get(key, header)] = _multi(header, value)
            if "label" not in attributes and not element_id:
                builder.problem(table.place(k), "no Label and no ID; this row is skipped")
                continue
            _read_element(builder, table.place(k), {"_id": element_id,
                                                    "attributes": attributes},
                          place=lambda column, k=k, table=table: table.place(k, column),
                          ids_required=False)
    for table in tables:
        if kinds[id(table)] != "connections":
            continue
        for k, row in enumerate(table.rows):
            attributes = {}
            ends: dict[str, Any] = {}
            connection_id = ""
            for header in table.headers:
                value = row.get(header)
                if value is None:
                    continue
                key = normalize_text_key(header)
                if key in ("from", "to"):
                    ends[key] = value
                elif key == "id":
                    connection_id = as_text(value)
                else:
                    attributes[_CONNECTION_HEADERS.get(key, header)] = _multi(header, value)
            direction = attributes.pop("direction", None)
            sources = [p.strip() for p in as_text(ends.get("from")).split("|") if p.strip()]
            targets = [p.strip() for p in as_text(ends.get("to")).split("|") if p.strip()]
            for source in sources or [""]:
                for target in targets or [""]:
                    connection = {"from": source, "to": target, "attributes": dict(attributes),
                                  "direction": direction or "directed"}
                    if connection_id and len(sources) * len(targets) == 1:
                        connection["_id"] = connection_id
                    _read_connection(builder, table.place(k), connection)
    return builder.finish()


def _records(data: dict, key: str, source: str) -> list[tuple[str, dict]]:
    items = data.get(key) or []
    if not isinstance(items, list):
        raise InputError(f"{source}: {key!r} must be a list")
    return [(f"{source} {key}[{i}]", item) for i, item in enumerate(items)]


def parse_kumu(data: Any, *, account: Account, source: str = "kumu") -> ImportResult:
    """Build a map from decoded Kumu blueprint JSON."""
    if not isinstance(data, dict) or not isinstance(data.get("elements"), list):
        raise InputError(f"{source}: not a Kumu map; expected a JSON object with "
                         "\"elements\" (and \"connections\")")
    builder = MapBuilder(account)
    for where, element in _records(data, "elements", source):
        _read_element(builder, where, element)
    for where, connection in _records(data, "connections", source):
        _read_connection(builder, where, connection)
    return builder.finish()


def _attributes(item: dict) -> dict[str, Any]:
    attributes = item.get("attributes")
    if isinstance(attributes, dict):
        return attributes
    return {k: v for k, v in item.items() if not k.startswith("_") and k not in
            ("from", "to", "direction", "reversed", "delayed", "id")}


def _read_element(builder: MapBuilder, where: Any, element: Any, *, place=None,
                  ids_required: bool = True) -> None:
    if not isinstance(element, dict):
        builder.problem(where, "expected an object; skipped")
        return
    element_id = as_text(element.get("_id") or element.get("id"))
    attributes = _attributes(element)
    if not element_id and ids_required:
        builder.problem(where, "has no _id; skipped")
        return
    if normalize_text_key(as_text(attributes.get(ELEMENT_TYPE))) in _TEAM_TYPES:
        builder.member(as_text(attributes.get("label")), member_id=element_id,
                       title=as_text(attributes.get("title")))
        return
    columns, unused = match_columns(list(attributes), STAKEHOLDER_COLUMNS)
    if place is None:
        def place(column):
            return f"{where}.{column}" if column else where
    person = read_person(
        builder, lambda field: attributes.get(columns[field]) if field in columns else None,
        lambda field: place(columns.get(field)),
        person_id=element_id,
        name=as_text(attributes.get(columns["name"])) if "name" in columns else "",
        fallback_role=attributes.get(ELEMENT_TYPE),
    )
    kept = {k: v for k, v in attributes.items()
            if k in unused and k.casefold() not in KUMU_METRICS and "::" not in k}
    if len(kept) < len(unused):
        builder.note("Kumu's computed metrics are not imported (they go stale)", where)
    person.extra = {"kumu": kept} if kept else {}
    builder.add_stakeholder(person, where)
    successor = as_text(attributes.get(columns["successor"])) if "successor" in columns else ""
    if successor:
        builder.succeed(person.id, successor, where=place(columns["successor"]))


def _read_connection(builder: MapBuilder, where: Any, connection: Any) -> None:
    if not isinstance(connection, dict):
        builder.problem(where, "expected an object; skipped")
        return
    source, target = as_text(connection.get("from")), as_text(connection.get("to"))
    if not source or not target:
        builder.problem(where, "needs both \"from\" and \"to\"; skipped")
        return
    attributes = dict(_attributes(connection))
    member = builder.find_member(source) or builder.find_member(target)
    if member is not None:
        _read_coverage(builder, where, source, target, member, attributes)
        return
    kind_text = attributes.pop("connection type", None) or attributes.pop("type", None)
    kind, _ = read_enum("kind", kind_text)
    extra: dict[str, Any] = {}
    if kind is None:
        kind = "influences"
        if kind_text is None:
            builder.note("connections without a type are read as influences", where)
        elif _SIGNS.match(as_text(kind_text)):
            extra["polarity"] = as_text(kind_text)
        else:
            builder.note(f"connection type {as_text(kind_text)!r} is read as influences",
                         where)
    strength_text = attributes.pop("strength", None) or attributes.pop("weight", None)
    strength, why = read_strength(strength_text)
    if why:
        builder.problem(where, f"{why}; left empty")
    if connection.get("reversed"):
        attributes["reversed"] = True
    if connection.get("_id"):
        attributes["_id"] = connection["_id"]
    if attributes:
        extra["kumu"] = attributes
    direction = as_text(connection.get("direction") or "directed").casefold()
    builder.relate(source, target, kind, where=where, strength=strength, extra=extra)
    if direction in ("mutual", "undirected") and kind not in _UNDIRECTED_KINDS:
        builder.note(f"{direction} connections influence both ways", where)
        builder.relate(target, source, kind, where=where, strength=strength, extra=extra)


def _read_coverage(builder: MapBuilder, where: Any, source: str, target: str, member: str,
                   attributes: dict[str, Any]) -> None:
    other = target if builder.find_member(source) == member else source
    if builder.find_member(other):
        builder.problem(where, "links two of our team members; skipped")
        return
    strength, why = read_strength(attributes.get("strength") or attributes.get("weight"))
    if why:
        builder.problem(where, f"{why}; 0.5 is used")
    when, why = read_date(attributes.get("last contact"))
    if why:
        builder.problem(where, f"{why}; left empty")
    builder.cover(member, other, where=where, strength=strength, last_contact=when)
