"""Kumu maps written for Kumu: a blueprint (JSON) and a workbook (Excel).

:func:`kumu_blueprint` and :func:`kumu_workbook` turn an account map into what Kumu
imports, and what :mod:`graphlib_kam.importers.kumu` reads back into the same map:

* stakeholders and team members are elements (element type: the role, or
  ``Team member``); relationships and coverage links are connections (connection type:
  the kind, the polarity of an influence imported from Kumu, or ``covers``);
* allied and conflict links are undirected;
* attributes kept from a Kumu import (``extra["kumu"]``) go back.

:mod:`graphlib_kam.present.export` writes them as ``.kumu.json`` and ``.kumu.xlsx``.
"""

from __future__ import annotations

import io
from typing import Any

from graphlib_kam.model import AccountMap
from graphlib_kam.model.kumu import ELEMENT_TYPE, TEAM_ELEMENT
from graphlib_kam.safe import cell_value, is_formula_like

__all__ = ["kumu_blueprint", "kumu_workbook"]

_CONNECTION_TYPES = {"influences": "influences", "reports-to": "reports to",
                     "allied": "allied", "conflict": "conflict"}
"""How each relationship kind is named as a Kumu connection type."""


def kumu_blueprint(amap: AccountMap) -> dict[str, Any]:
    """The map as a Kumu blueprint that
    :func:`~graphlib_kam.importers.kumu.parse_kumu` reads back into the same map.

    Stakeholders and team members are elements (element type: the role, or
    ``Team member``); relationships and coverage links are connections (connection
    type: the kind, the polarity of an influence imported from Kumu, or ``covers``);
    allied and conflict links are undirected. Attributes kept from a Kumu import go back.

    >>> from graphlib_kam.importers.kumu import parse_kumu
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
            "label": s.name, ELEMENT_TYPE: s.role, "role": s.role, "level": s.level,
            "title": s.title, "department": s.department, "stance": s.stance,
            "power": s.power, "tags": list(s.tags), "status": s.status,
            "interests": list(s.interests), "description": s.notes,
        }
        if s.successor:
            attributes["successor"] = s.successor
        kept = s.extra.get("kumu")
        if isinstance(kept, dict):  # what a Kumu import kept, its element type included
            attributes = {**attributes, **kept}
        elements.append({"_id": s.id, "attributes": attributes})
    for t in amap.team:
        elements.append({"_id": t.id, "attributes": {
            "label": t.name, ELEMENT_TYPE: TEAM_ELEMENT, "title": t.title}})
    connections = []
    for index, r in enumerate(amap.relationships, start=1):
        kept = r.extra.get("kumu")
        attributes = {k: v for k, v in kept.items() if k not in ("_id", "reversed")} \
            if isinstance(kept, dict) else {}
        attributes["connection type"] = r.extra.get("polarity") or _CONNECTION_TYPES[r.kind]
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
    same content as :func:`kumu_blueprint`, which
    :func:`~graphlib_kam.importers.kumu.import_kumu` reads back into the same
    stakeholders, relationships, team and coverage.

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


_ELEMENT_COLUMN = {"label": "Label", ELEMENT_TYPE: "Type", "description": "Description",
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
