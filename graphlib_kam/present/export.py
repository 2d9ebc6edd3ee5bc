"""Exports of an account map for other tools, chosen by the output file's suffix.

=====================  ==========================================================
suffix                 what is written
=====================  ==========================================================
``.graphml``           GraphML (Gephi, yEd, Cytoscape)
``.gexf``              GEXF 1.2 (Gephi)
``.json``              networkx node-link JSON (D3, Cytoscape.js, networkx)
``.cypher``            a Cypher script that recreates the map in Neo4j
``.csv``               ``NAME.stakeholders.csv``, ``NAME.relationships.csv``,
                       ``NAME.team.csv`` and ``NAME.coverage.csv`` (UTF-8 with BOM);
                       ``NAME.stakeholders.csv`` and the like write that table only
``.kumu.json``         a Kumu blueprint (from :mod:`graphlib_kam.present.kumu`)
``.kumu.xlsx``         a Kumu workbook: Elements and Connections sheets (the same)
=====================  ==========================================================

Every graph export starts from :func:`export_graph`: one node per stakeholder and team
member, one edge per relationship and coverage link, keyed by kind. GraphML and GEXF
cannot hold None or lists, and XML cannot hold most control characters, so
:func:`flat_graph` drops None values, joins lists with ``"; "`` and cleans the text; the
file then reads back with networkx as exactly that flat graph.

>>> from graphlib_kam.model import parse_map
>>> m = parse_map({"account": {"id": "a", "name": "Acme"},
...     "stakeholders": [{"id": "s1", "name": "王伟"}, {"id": "s2", "name": "=1+1"}],
...     "relationships": [{"source": "s1", "target": "s2", "kind": "allied"}]})
>>> sorted(export_graph(m).edges(keys=True))
[('s1', 's2', 'allied')]
>>> export_bytes(m, "stakeholders.csv").decode("utf-8-sig").splitlines()[2][:9]
"s2,'=1+1,"
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from graphlib_kam.errors import InputError
from graphlib_kam.model import AccountMap
from graphlib_kam.present.formats import EXPORT_FORMATS, export_format
from graphlib_kam.present.kumu import kumu_blueprint, kumu_workbook
from graphlib_kam.present.output import write_files
from graphlib_kam.safe import cell_value, formula_safe, xml_text

__all__ = [
    "CSV_TABLES",
    "EXPORT_FORMATS",
    "csv_bytes",
    "csv_tables",
    "export_bytes",
    "export_format",
    "export_graph",
    "flat_graph",
    "to_gexf",
    "to_graphml",
    "to_node_link",
    "write_export",
]

CSV_TABLES = ("stakeholders", "relationships", "team", "coverage")

_STAKEHOLDER_COLUMNS = ["id", "name", "title", "department", "level", "role", "stance",
                        "power", "tags", "status", "interests", "notes", "successor"]
_RELATIONSHIP_COLUMNS = ["source", "target", "kind", "strength"]
_TEAM_COLUMNS = ["id", "name", "title"]
_COVERAGE_COLUMNS = ["member", "stakeholder", "strength", "last_contact"]


def export_graph(amap: AccountMap) -> nx.MultiDiGraph:
    """The map as one graph: stakeholders, team members, relationships and coverage.

    Nodes carry ``type`` (``"stakeholder"`` or ``"team"``), ``label`` (the name, or the
    id when there is none) and the map's fields (lists stay lists). Edges are keyed by
    ``kind``: relationships u→v as in the map (``allied`` and ``conflict`` have
    ``directed`` False), coverage links member→stakeholder with kind ``covers``,
    ``strength`` and ``last_contact`` (ISO text or None). The graph attributes hold the
    account. Unknown keys of the map are not exported.

    Examples
    --------
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "team": [{"id": "t", "name": "Li"}],
    ...     "stakeholders": [{"id": "s", "tags": ["coach"]}],
    ...     "coverage": [{"member": "t", "stakeholder": "s", "strength": 0.7}]})
    >>> G = export_graph(m)
    >>> G.nodes["s"]["tags"], G.edges["t", "s", "covers"]["strength"]
    (['coach'], 0.7)
    """
    graph = nx.MultiDiGraph(
        account_id=amap.account.id, account_name=amap.account.name,
        industry=amap.account.industry, revision=amap.revision,
    )
    for member in amap.team:
        graph.add_node(member.id, type="team", label=member.name or member.id,
                       name=member.name, title=member.title)
    for s in amap.stakeholders:
        graph.add_node(
            s.id, type="stakeholder", label=s.label, name=s.name, title=s.title,
            department=s.department, level=s.level, role=s.role, stance=s.stance,
            power=s.power, tags=list(s.tags), status=s.status,
            interests=list(s.interests), notes=s.notes,
        )
    for rel in amap.relationships:
        graph.add_edge(rel.source, rel.target, key=rel.kind, kind=rel.kind,
                       directed=rel.directed, strength=rel.strength)
    for link in amap.coverage:
        graph.add_edge(
            link.member, link.stakeholder, key="covers", kind="covers", directed=True,
            strength=link.strength,
            last_contact=link.last_contact.isoformat() if link.last_contact else None,
        )
    return graph


def _flat_value(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return xml_text("; ".join(str(v) for v in value))
    if isinstance(value, str):
        return xml_text(value)
    return value


def flat_graph(graph: nx.MultiDiGraph, *, edge_ids: bool = False) -> nx.MultiDiGraph:
    """``graph`` as XML formats can hold it: no None, lists joined, clean text.

    Node ids and edge keys are cleaned like any text; two ids that only differ by
    control characters would collide, which is refused. With ``edge_ids`` each edge
    gets an ``id`` attribute ``source|kind|target`` (GEXF reads edge ids back as data).

    Raises
    ------
    InputError
        When cleaning makes two node ids equal.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a\\x01", label="x", tags=["p", "q"], notes=None)
    >>> dict(flat_graph(G).nodes(data=True))
    {'a': {'label': 'x', 'tags': 'p; q'}}
    """
    ids = {node: xml_text(str(node)) for node in graph}
    if len(set(ids.values())) != len(ids):
        raise InputError("two ids differ only by control characters; rename one of them "
                         "before exporting")
    flat = nx.MultiDiGraph()
    flat.graph.update({k: _flat_value(v) for k, v in graph.graph.items() if v is not None})
    for node, data in graph.nodes(data=True):
        flat.add_node(ids[node], **{k: _flat_value(v) for k, v in data.items()
                                    if v is not None})
    for u, v, key, data in graph.edges(keys=True, data=True):
        attrs = {k: _flat_value(val) for k, val in data.items() if val is not None}
        if edge_ids:
            attrs["id"] = f"{ids[u]}|{key}|{ids[v]}"
        flat.add_edge(ids[u], ids[v], key=xml_text(str(key)), **attrs)
    return flat


def to_graphml(amap: AccountMap) -> bytes:
    """GraphML of :func:`flat_graph` (``export_graph(amap)``), UTF-8.

    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "stakeholders": [{"id": "s"}]})
    >>> b"<graphml" in to_graphml(m)
    True
    """
    out = io.BytesIO()
    nx.write_graphml(flat_graph(export_graph(amap)), out, encoding="utf-8",
                     infer_numeric_types=True)
    return out.getvalue()


def to_gexf(amap: AccountMap) -> bytes:
    """GEXF 1.2 of :func:`flat_graph` (``export_graph(amap)``, with edge ids), UTF-8.

    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "stakeholders": [{"id": "s"}]})
    >>> b"<gexf" in to_gexf(m)
    True
    """
    out = io.BytesIO()
    nx.write_gexf(flat_graph(export_graph(amap), edge_ids=True), out, encoding="utf-8")
    return out.getvalue()


def to_node_link(amap: AccountMap) -> bytes:
    """networkx node-link JSON of :func:`export_graph` (lists and nulls kept), UTF-8.

    Read it back with ``nx.node_link_graph(json.loads(data), edges="edges")``.

    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "stakeholders": [{"id": "s"}]})
    >>> json.loads(to_node_link(m))["nodes"][0]["id"]
    's'
    """
    data = nx.node_link_data(export_graph(amap), edges="edges")
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def csv_bytes(columns: list[str], rows: list[list[Any]]) -> bytes:
    """A CSV table, UTF-8 with the BOM Excel wants; no cell can run as a formula."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        cells = []
        for value in row:
            cell = cell_value(value)
            cells.append("" if cell is None else formula_safe(cell) if isinstance(cell, str)
                         else cell)
        writer.writerow(cells)
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def csv_tables(amap: AccountMap) -> dict[str, bytes]:
    """The map as four CSV tables, ``{name: bytes}``, UTF-8 with BOM for Excel.

    Lists are joined by ", " (as the importers read them); texts a spreadsheet could run
    as a formula get a leading apostrophe; numbers stay numbers; control characters
    (other than tab and line ends, which CSV quotes) are removed.

    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "stakeholders": [{"id": "s", "stance": -2}]})
    >>> csv_tables(m)["stakeholders"].decode("utf-8-sig").splitlines()[1]
    's,,,,operational,user,-2,3,,active,,,'
    """
    return {
        "stakeholders": csv_bytes(_STAKEHOLDER_COLUMNS, [
            [s.id, s.name, s.title, s.department, s.level, s.role, s.stance, s.power,
             s.tags, s.status, s.interests, s.notes, s.successor]
            for s in amap.stakeholders]),
        "relationships": csv_bytes(_RELATIONSHIP_COLUMNS, [
            [r.source, r.target, r.kind, r.strength] for r in amap.relationships]),
        "team": csv_bytes(_TEAM_COLUMNS, [[t.id, t.name, t.title] for t in amap.team]),
        "coverage": csv_bytes(_COVERAGE_COLUMNS, [
            [c.member, c.stakeholder, c.strength, c.last_contact] for c in amap.coverage]),
    }


def _to_cypher(amap: AccountMap) -> bytes:
    from graphlib_kam.store.cypher import cypher_script

    return cypher_script(amap).encode("utf-8")


def _to_kumu(amap: AccountMap) -> bytes:
    return (json.dumps(kumu_blueprint(amap), ensure_ascii=False, indent=1) + "\n").encode()


def _to_kumu_xlsx(amap: AccountMap) -> bytes:
    return kumu_workbook(amap)


_WRITERS: dict[str, Callable[[AccountMap], bytes]] = {
    ".graphml": to_graphml,
    ".gexf": to_gexf,
    ".json": to_node_link,
    ".cypher": _to_cypher,
    ".kumu.json": _to_kumu,
    ".kumu.xlsx": _to_kumu_xlsx,
}


def export_bytes(amap: AccountMap, fmt: str) -> bytes:
    """One export as bytes, for downloads: ``fmt`` is a suffix of :data:`EXPORT_FORMATS`
    (with or without the dot) or ``"<table>.csv"`` for one of :data:`CSV_TABLES`.

    Raises
    ------
    InputError
        For an unknown format, or plain ``csv`` (say which table).
    """
    key = fmt.lower() if fmt.startswith(".") else "." + fmt.lower()
    table = key[1:].removesuffix(".csv")
    if key.endswith(".csv") and table in CSV_TABLES:
        return csv_tables(amap)[table]
    if key in _WRITERS:
        return _WRITERS[key](amap)
    raise InputError(f"unknown export format {fmt!r}; use one of "
                     + ", ".join([*_WRITERS, *(f"{t}.csv" for t in CSV_TABLES)]))


def _csv_targets(path: Path) -> dict[str, Path]:
    name = path.name
    for table in CSV_TABLES:
        if name.lower().endswith(f".{table}.csv"):
            return {table: path}
    stem = name[: -len(".csv")]
    return {table: path.with_name(f"{stem}.{table}.csv") for table in CSV_TABLES}


def write_export(amap: AccountMap, path: str | os.PathLike) -> list[Path]:
    """Write the export that ``path``'s suffix asks for; return the files written.

    Files are written atomically (see :func:`graphlib_kam.present.output.write_files`). A
    ``.csv`` path writes the four tables beside it (``NAME.stakeholders.csv``, …) unless
    it already names one table.

    Raises
    ------
    InputError
        For an unsupported suffix or a folder that cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "stakeholders": [{"id": "s"}]})
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> [p.name for p in write_export(m, folder / "acme.csv")]
    ['acme.stakeholders.csv', 'acme.relationships.csv', 'acme.team.csv', 'acme.coverage.csv']
    """
    path = Path(path)
    fmt = export_format(path)
    if fmt == ".csv":
        tables = csv_tables(amap)
        return write_files({target: tables[table]
                            for table, target in _csv_targets(path).items()})
    return write_files({path: _WRITERS[fmt](amap)})
