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
from graphlib_kam.model import Account, AccountMap
from graphlib_kam.model.vocab import normalize_text_key
from graphlib_kam.safe import cell_value, is_formula_like

__all__ = ["KUMU_METRICS", "import_kumu", "kumu_blueprint", "kumu_workbook", "parse_kumu",
           "read_kumu_tables"]

KUMU_METRICS = frozenset({
    "degree", "indegree", "outdegree", "size", "betweenness", "closeness", "eigenvector",
    "reach", "reach-efficiency", "micmac influence", "micmac exposure", "leverage",
    "harmonic centrality", "pagerank",
})
_ELEMENT_TYPE = "element type"
_SIGNS = re.compile(r"^[+-]{2}$|^[+-]$")
_UNDIRECTED_KINDS = {"allied", "conflict"}
_TEAM_ELEMENT = "Team member"
_TEAM_TYPES = {normalize_text_key(t) for t in (_TEAM_ELEMENT, "team", "our team", "我方",
                                                "我方人员", "团队成员")}
_KIND_LABELS = {"influences": "influences", "reports-to": "reports to", "allied": "allied",
                "conflict": "conflict"}


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
    return parse_kumu(data, account=account, source=Path(name).name)


# Kumu's spreadsheet columns and the blueprint attributes they are.
_ELEMENT_HEADERS = {"label": "label", "type": _ELEMENT_TYPE, "element type": _ELEMENT_TYPE,
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
    if normalize_text_key(as_text(attributes.get(_ELEMENT_TYPE))) in _TEAM_TYPES:
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
        fallback_role=attributes.get(_ELEMENT_TYPE),
    )
    kept = {k: v for k, v in attributes.items()
            if k in unused and k.casefold() not in KUMU_METRICS and "::" not in k}
    if len(kept) < len(unused):
        builder.note("Kumu's computed metrics are not imported (they go stale)", where)
    person.extra = {"kumu": kept} if kept else {}
    builder.add_stakeholder(person, where)


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


def kumu_blueprint(amap: AccountMap) -> dict[str, Any]:
    """The map as a Kumu blueprint that :func:`parse_kumu` reads back into the same map.

    Stakeholders and team members are elements (element type: the role, or
    ``Team member``); relationships and coverage links are connections (connection
    type: the kind, the polarity of an influence imported from Kumu, or ``covers``);
    allied and conflict links are undirected. Attributes kept from a Kumu import go back.

    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "team": [{"id": "t", "name": "Li"}],
    ...     "stakeholders": [{"id": "s", "name": "王伟", "role": "decision-maker"}],
    ...     "coverage": [{"member": "t", "stakeholder": "s", "strength": 0.7}]})
    >>> blueprint = kumu_blueprint(m)
    >>> [e["attributes"]["element type"] for e in blueprint["elements"]]
    ['decision-maker', 'Team member']
    >>> parse_kumu(blueprint, account=m.account).map.coverage == m.coverage
    True
    """
    elements = []
    for s in amap.stakeholders:
        attributes = {
            "label": s.name, "element type": s.role, "role": s.role, "level": s.level,
            "title": s.title, "department": s.department, "stance": s.stance,
            "power": s.power, "tags": list(s.tags), "status": s.status,
            "interests": list(s.interests), "description": s.notes,
        }
        kept = s.extra.get("kumu")
        if isinstance(kept, dict):  # what a Kumu import kept, its element type included
            attributes = {**attributes, **kept}
        elements.append({"_id": s.id, "attributes": attributes})
    for t in amap.team:
        elements.append({"_id": t.id, "attributes": {
            "label": t.name, "element type": _TEAM_ELEMENT, "title": t.title}})
    connections = []
    for index, r in enumerate(amap.relationships, start=1):
        kept = r.extra.get("kumu")
        attributes = {k: v for k, v in kept.items() if k not in ("_id", "reversed")} \
            if isinstance(kept, dict) else {}
        attributes["connection type"] = r.extra.get("polarity") or _KIND_LABELS[r.kind]
        if r.strength is not None:
            attributes["strength"] = r.strength
        connections.append({
            "_id": (kept or {}).get("_id") or f"conn-{index}",
            "from": r.source, "to": r.target,
            "direction": "directed" if r.directed else "undirected",
            "reversed": bool((kept or {}).get("reversed")),
            "attributes": attributes,
        })
    for index, c in enumerate(amap.coverage, start=1):
        attributes = {"connection type": "covers", "strength": c.strength}
        if c.last_contact:
            attributes["last contact"] = c.last_contact.isoformat()
        connections.append({"_id": f"cover-{index}", "from": c.member, "to": c.stakeholder,
                            "direction": "directed", "attributes": attributes})
    return {"elements": elements, "connections": connections}


def _sheet_value(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return "|".join(str(v) for v in value)
    return value


def kumu_workbook(amap: AccountMap) -> bytes:
    """The map as a Kumu workbook (``.xlsx``): an Elements and a Connections sheet, the
    same content as :func:`kumu_blueprint`, which :func:`import_kumu` reads back into the
    same stakeholders, relationships, team and coverage.

    Elements are keyed by an ID column (names may repeat); several values in a cell are
    separated by ``|``; text is never stored as a formula.

    >>> import io, openpyxl
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "stakeholders": [
    ...     {"id": "s1", "name": "=1+1", "tags": ["coach", "champion"]}]})
    >>> book = openpyxl.load_workbook(io.BytesIO(kumu_workbook(m)))
    >>> book.sheetnames, [c.value for c in book["Elements"][2]][:5]
    (['Elements', 'Connections'], ['s1', '=1+1', 'user', None, 'coach|champion'])
    """
    import io

    from openpyxl import Workbook

    blueprint = kumu_blueprint(amap)
    element_rows = [{"ID": e["_id"], **{_ELEMENT_COLUMN.get(k, k): v
                                        for k, v in e["attributes"].items()}}
                    for e in blueprint["elements"]]
    connection_rows = []
    for c in blueprint["connections"]:
        row = {"ID": c["_id"], "From": c["from"], "To": c["to"],
               "Direction": c["direction"]}
        row.update({_CONNECTION_COLUMN.get(k, k): v for k, v in c["attributes"].items()})
        if c.get("reversed"):
            row["reversed"] = True
        connection_rows.append(row)
    book = Workbook(write_only=True)
    for title, first, rows in (("Elements", ["ID", "Label", "Type", "Description", "Tags"],
                                element_rows),
                               ("Connections", ["ID", "From", "To", "Type", "Direction",
                                                "Strength"], connection_rows)):
        sheet = book.create_sheet(title)
        headers = list(dict.fromkeys([*first, *(k for row in rows for k in row)]))
        sheet.append(headers)
        for row in rows:
            sheet.append([_safe_cell(sheet, _sheet_value(row.get(h))) for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_ELEMENT_COLUMN = {"label": "Label", _ELEMENT_TYPE: "Type", "description": "Description",
                   "tags": "Tags"}
_CONNECTION_COLUMN = {"connection type": "Type", "strength": "Strength",
                      "description": "Description", "tags": "Tags", "label": "Label"}


def _safe_cell(sheet, value: Any) -> Any:
    """A write-only cell: text always a string (a leading ``=`` is never a formula)."""
    from openpyxl.cell import WriteOnlyCell

    value = cell_value(value)
    if value is None or value == "":
        return None
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    return cell
