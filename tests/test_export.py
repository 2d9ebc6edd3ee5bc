"""Exports: GraphML, GEXF and node-link JSON round trips, CSV safety, suffix dispatch."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from graphlib_kam.errors import InputError
from graphlib_kam.present.export import (
    CSV_TABLES,
    csv_tables,
    export_bytes,
    export_format,
    export_graph,
    flat_graph,
    to_gexf,
    to_graphml,
    to_node_link,
    write_export,
)
from graphlib_kam.safe import strip_controls
from graphlib_kam.store import load_map
from tests.hostile_map import CJK, FORMULA, NAMES, SCRIPT, hostile_map


@pytest.fixture(params=["example", "hostile"])
def any_map(request, example_path):
    return load_map(example_path) if request.param == "example" else hostile_map()


def _same_graph(read: nx.MultiDiGraph, expected: nx.MultiDiGraph) -> None:
    assert read.is_multigraph() and read.is_directed()
    assert dict(read.nodes(data=True)) == dict(expected.nodes(data=True))
    assert (sorted(read.edges(keys=True, data=True))
            == sorted(expected.edges(keys=True, data=True)))


def test_graphml_reads_back_as_the_same_graph(any_map):
    read = nx.read_graphml(io.BytesIO(to_graphml(any_map)), force_multigraph=True)
    expected = flat_graph(export_graph(any_map))
    _same_graph(read, expected)
    assert {k: v for k, v in read.graph.items() if not k.endswith("_default")} == \
        expected.graph


def test_gexf_reads_back_as_the_same_graph(any_map):
    read = nx.read_gexf(io.BytesIO(to_gexf(any_map)))
    _same_graph(read, flat_graph(export_graph(any_map), edge_ids=True))


def test_node_link_json_reads_back_as_the_same_graph_with_lists_and_nulls(any_map):
    data = json.loads(to_node_link(any_map))
    read = nx.node_link_graph(data, edges="edges")
    expected = export_graph(any_map)
    _same_graph(read, expected)
    assert read.graph == expected.graph


def test_export_graph_holds_every_person_and_link(example_path):
    amap = load_map(example_path)
    graph = export_graph(amap)
    assert graph.number_of_nodes() == len(amap.stakeholders) + len(amap.team)
    assert graph.number_of_edges() == len(amap.relationships) + len(amap.coverage)
    person = amap.stakeholders[0]
    assert graph.nodes[person.id]["tags"] == person.tags
    assert graph.nodes[person.id]["stance"] == person.stance


def test_xml_exports_of_hostile_names_are_well_formed_and_keep_the_text():
    amap = hostile_map()
    for raw in (to_graphml(amap), to_gexf(amap)):
        ET.fromstring(raw)  # well-formed XML despite NUL, ESC and friends
        assert b"<script>" not in raw  # markup is escaped as text
        text = raw.decode("utf-8")
        assert "&lt;script&gt;" in text and CJK in text
    read = nx.read_graphml(io.BytesIO(to_graphml(amap)), force_multigraph=True)
    names = {d["name"] for _, d in read.nodes(data=True) if d["type"] == "stakeholder"}
    assert SCRIPT in names and FORMULA in names
    assert "ctlend" in names  # control characters removed, the rest kept


def test_flat_graph_refuses_ids_that_collide_once_cleaned():
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(["a\x00", "a"])
    with pytest.raises(InputError, match="control characters"):
        flat_graph(graph)


def _rows(raw: bytes) -> list[list[str]]:
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_csv_tables_are_formula_safe_and_keep_numbers_and_chinese():
    tables = csv_tables(hostile_map())
    assert set(tables) == set(CSV_TABLES)
    rows = _rows(tables["stakeholders"])
    header = rows[0]
    assert header[:3] == ["id", "name", "title"]
    for row in rows[1:]:
        for cell in row:
            if not _is_number(cell):
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
            assert strip_controls(cell) == cell
    names = [row[1] for row in rows[1:]]
    assert "'" + FORMULA in names and CJK in names and SCRIPT in names
    stances = [row[header.index("stance")] for row in rows[1:]]
    assert "-2" in stances  # a number stays a number, not "'-2"
    assert "'-2+3" in names  # ... while a text that looks like a formula is quoted
    coverage = _rows(tables["coverage"])
    assert coverage[1][2] == "0.8" and coverage[1][3] == "2026-11-01"


def test_csv_of_an_example_matches_the_map(example_path):
    amap = load_map(example_path)
    rows = _rows(csv_tables(amap)["relationships"])
    assert len(rows) == len(amap.relationships) + 1
    first = amap.relationships[0]
    assert rows[1][:3] == [first.source, first.target, first.kind]


def test_write_export_by_suffix(tmp_path):
    amap = hostile_map()
    assert [p.name for p in write_export(amap, tmp_path / "m.graphml")] == ["m.graphml"]
    written = write_export(amap, tmp_path / "m.csv")
    assert sorted(p.name for p in written) == sorted(f"m.{t}.csv" for t in CSV_TABLES)
    only = write_export(amap, tmp_path / "x.relationships.csv")
    assert [p.name for p in only] == ["x.relationships.csv"]
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize("name, fmt", [("a.GEXF", ".gexf"), ("a.kumu.json", ".kumu.json"),
                                       ("a.json", ".json"), ("dir.x/a.cypher", ".cypher")])
def test_export_format_from_suffix(name, fmt):
    assert export_format(name) == fmt


@pytest.mark.parametrize("name", ["a.txt", "graphml", ".gexf", "a.xlsx.bak"])
def test_unknown_suffix_is_refused_listing_the_formats(name):
    with pytest.raises(InputError, match=r"\.graphml, \.gexf"):
        export_format(name)


def test_export_bytes_for_downloads():
    amap = hostile_map()
    assert export_bytes(amap, "graphml") == to_graphml(amap)
    assert export_bytes(amap, ".stakeholders.csv") == csv_tables(amap)["stakeholders"]
    with pytest.raises(InputError):
        export_bytes(amap, "csv")


def test_a_failed_export_leaves_nothing_behind(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        write_export(hostile_map(), tmp_path / "missing" / "m.graphml")
    assert list(tmp_path.iterdir()) == []


def test_every_hostile_name_survives_node_link_exactly():
    data = json.loads(to_node_link(hostile_map()))
    names = {n["name"] for n in data["nodes"] if n["type"] == "stakeholder"}
    assert names == set(NAMES)


def test_kumu_blueprint_reads_back_as_the_same_map(example_path):
    from graphlib_kam.importers.kumu import parse_kumu

    amap = load_map(example_path)
    blueprint = json.loads(export_bytes(amap, "kumu.json"))
    back = parse_kumu(blueprint, account=amap.account).map
    assert [s.id for s in back.stakeholders] == [s.id for s in amap.stakeholders]
    assert [(c.member, c.stakeholder, c.strength, c.last_contact) for c in back.coverage] \
        == [(c.member, c.stakeholder, c.strength, c.last_contact) for c in amap.coverage]
    assert {(r.source, r.target, r.kind) for r in back.relationships} == \
        {(r.source, r.target, r.kind) for r in amap.relationships}


def test_kumu_export_of_hostile_names_is_plain_json(tmp_path):
    [path] = write_export(hostile_map(), tmp_path / "m.kumu.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    labels = {e["attributes"]["label"] for e in data["elements"]}
    assert SCRIPT in labels and FORMULA in labels
