"""Edge lists and adjacency matrices, checked against published organisational data."""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pytest

from graphlib_kam.algorithms.graph import influence_graph, org_chart
from graphlib_kam.errors import InputError
from graphlib_kam.importers import (
    ROLE_UNKNOWN_TAG,
    TieFile,
    import_edge_lists,
    import_files,
    import_matrices,
    parse_tie_option,
)
from graphlib_kam.model import Account, validate_map

ACCOUNT = Account(id="firm", name="Firm")
KRACK_FIELDS = [
    "level=LEVEL:1=executive,2=management,3=operational",
    "role=LEVEL:1=decision-maker,2=influencer,3=user",
    "department=DEPT",
]
# Published advice in-degree of managers 1..21 (Krackhardt 1987; Stanford SNA lab 2).
KRACK_ADVICE_IN = [13, 18, 5, 8, 5, 10, 13, 10, 4, 9, 11, 7, 4, 10, 4, 8, 9, 15, 4, 8, 15]


@pytest.fixture
def krack(real_data):
    folder = real_data / "krackhardt-high-tech"
    if not folder.is_dir():
        pytest.skip("Krackhardt data is absent")
    return folder


@pytest.fixture
def lazega(real_data):
    folder = real_data / "lazega-lawyers"
    if not folder.is_dir():
        pytest.skip("Lazega data is absent")
    return folder


def krack_map(krack, *ties):
    return import_files(
        "edgelist", [str(krack / t) for t in ties], account_id="krack",
        attributes=krack / "Krack-High-Tec-Attributes.csv", fields=KRACK_FIELDS,
    )[0]


def test_krackhardt_advice_reproduces_the_published_in_degrees(krack):
    result = krack_map(krack, "Krack-High-Tec-edgelist-Advice.txt")
    assert result.problems == []
    amap = result.map
    assert len(amap.stakeholders) == 21
    # i asks j for advice, so j influences i: j's influence out-degree is its in-degree.
    out = Counter(r.source for r in amap.relationships if r.kind == "influences")
    assert [out[str(i)] for i in range(1, 22)] == KRACK_ADVICE_IN
    assert all(r.strength is None for r in amap.relationships)  # 0/1 data: presence only
    graph = influence_graph(amap)
    assert graph.number_of_edges() == 190
    assert nx.density(graph) == pytest.approx(0.452381, abs=1e-6)
    assert nx.reciprocity(graph) == pytest.approx(0.4736842, abs=1e-6)
    assert nx.transitivity(graph.to_undirected()) == pytest.approx(0.7345088, abs=1e-6)


def test_krackhardt_roles_levels_and_reporting_tree(krack):
    result = krack_map(krack, "Krack-High-Tec-edgelist-Advice.txt",
                       "Krack-High-Tec-edgelist-ReportsTo.txt=reports-to")
    amap = result.map
    roles = {s.id: s.role for s in amap.stakeholders}
    assert [i for i, r in roles.items() if r == "decision-maker"] == ["7"]
    assert sorted(i for i, r in roles.items() if r == "influencer") == ["14", "18", "2", "21"]
    assert Counter(s.level for s in amap.stakeholders) == {
        "executive": 1, "management": 4, "operational": 16}
    chart = org_chart(amap)
    assert chart.number_of_edges() == 20
    assert nx.is_tree(chart.to_undirected())
    assert sorted(chart.predecessors("7")) == ["14", "18", "2", "21"]
    assert max(nx.shortest_path_length(chart, n, "7") for n in chart) == 2
    assert any("columns not imported: 'AGE', 'TENURE'" in n.message for n in result.notes)
    assert any("read as advice ties (from its name" in n.message for n in result.notes)
    assert validate_map(amap) == []


def test_krackhardt_friendship_as_alliances_merges_mutual_choices(krack):
    result = krack_map(krack, "Krack-High-Tec-edgelist-Friendship.txt=allied")
    allied = [r for r in result.map.relationships if r.kind == "allied"]
    assert len(allied) == 102 - 23  # 102 choices, 23 of them mutual
    assert not any("repeated" in n.message for n in result.notes)


def test_lazega_matrices_with_headerless_attributes(lazega):
    result = import_files(
        "matrix",
        [str(lazega / "ELadv.dat"), f"{lazega / 'ELwork.dat'}=allied"],
        account_id="lazega", attributes=lazega / "ELattr.dat",
        fields=["role=2:1=decision-maker,2=user", "department=7:1=litigation,2=corporate"],
    )[0]
    amap = result.map
    assert result.problems == []
    assert [s.id for s in amap.stakeholders] == [str(i) for i in range(1, 72)]  # "01" → "1"
    assert Counter(s.role for s in amap.stakeholders) == {"decision-maker": 36, "user": 35}
    assert Counter(s.department for s in amap.stakeholders) == {"litigation": 41,
                                                                 "corporate": 30}
    influences = [r for r in amap.relationships if r.kind == "influences"]
    allied = [r for r in amap.relationships if r.kind == "allied"]
    assert len(influences) == 892
    assert len(allied) == 378  # the symmetric co-work matrix, one link per pair
    partners = {str(i) for i in range(1, 37)}
    assert sum(1 for r in allied if {r.source, r.target} <= partners) == 115
    sought = Counter(r.source for r in influences).most_common(2)
    assert sought == [("26", 37), ("13", 34)]
    assert any("first column ('1') is taken as the id" in n.message for n in result.notes)


def test_lazega_matrix_without_attributes_numbers_people(lazega):
    result = import_matrices([TieFile(lazega / "ELfriend.dat", "influences")],
                             account=ACCOUNT)
    assert len(result.map.stakeholders) == 71
    assert len(result.map.relationships) == 575
    assert all(ROLE_UNKNOWN_TAG in s.tags for s in result.map.stakeholders)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_weights_become_strengths_or_are_scaled(tmp_path):
    unit = write(tmp_path, "unit.txt", "a b 0.25\nb c 1\n")
    counts = write(tmp_path, "counts.csv", "source,target,weight\na,b,2\nb,c,4\n")
    result = import_edge_lists([TieFile(unit, "influences")], account=ACCOUNT)
    assert [r.strength for r in result.map.relationships] == [0.25, 1.0]
    result = import_edge_lists([TieFile(counts, "influences")], account=ACCOUNT)
    assert [r.strength for r in result.map.relationships] == [0.5, 1.0]
    assert any("divided by the largest (4)" in n.message for n in result.notes)


def test_bad_edge_rows_are_problems_and_self_ties_are_skipped(tmp_path):
    path = write(tmp_path, "e.txt", "1 2 1\n2\n3 3 1\n4 5 -1\n")
    result = import_edge_lists([TieFile(path, "influences")], account=ACCOUNT)
    assert [(r.source, r.target) for r in result.map.relationships] == [("1", "2")]
    assert sorted(p.where for p in result.problems) == ["e.txt row 2", "e.txt row 3",
                                                        "e.txt row 4"]


def test_labelled_matrix_csv(tmp_path):
    path = write(tmp_path, "m.csv", ",ann,bob,cy\nann,0,1,0\nbob,0,0,1\ncy,1,0,0\n")
    result = import_matrices([TieFile(path, "reports-to")], account=ACCOUNT)
    assert sorted((r.source, r.target) for r in result.map.relationships) == [
        ("ann", "bob"), ("bob", "cy"), ("cy", "ann")]
    assert {r.kind for r in result.map.relationships} == {"reports-to"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0 1\n1 0 1\n", r"m.txt row 2: 3 values; a 2 × 2 matrix needs 2"),
        ("0 x\n1 0\n", r"column 2: 'x' is not a number of 0 or more"),
    ],
)
def test_malformed_matrices_are_one_clear_error(tmp_path, text, message):
    path = write(tmp_path, "m.txt", text)
    with pytest.raises(InputError, match=message):
        import_matrices([TieFile(path, "influences")], account=ACCOUNT)


def test_matrix_must_match_the_attributes_table(tmp_path):
    matrix = write(tmp_path, "m.txt", "0 1\n1 0\n")
    people = write(tmp_path, "p.txt", "1 1\n2 1\n3 2\n")
    with pytest.raises(InputError, match="2 rows, but the attributes table has 3 people"):
        import_matrices([TieFile(matrix, "influences")], account=ACCOUNT, attributes=people)


def test_tie_kinds_from_option_or_file_name(tmp_path):
    assert parse_tie_option("x.txt=advice") == TieFile("x.txt", "advice")
    assert parse_tie_option("ELfriend.dat") == TieFile("ELfriend.dat", "allied", inferred=True)
    assert parse_tie_option("ties.txt").kind == "influences"
    with pytest.raises(InputError, match="'likes' is not a kind of tie"):
        parse_tie_option("x.txt=likes")
    odd = write(tmp_path, "a=b.txt", "1 2\n")
    assert parse_tie_option(str(odd)).path == str(odd)  # an existing name keeps its '='
