"""Graph views of a map: the influence graph (exactly as DESIGN), org chart, coverage graph."""

from __future__ import annotations

import datetime as dt
import math

import networkx as nx
import pytest

from graphlib_kam.algorithms.graph import (
    InfluenceSettings,
    coverage_graph,
    influence_graph,
    org_chart,
)
from graphlib_kam.model import AccountMap, parse_map
from graphlib_kam.store import load_map


def committee(relationships, **people) -> AccountMap:
    """A map over stakeholders a..e (or the ones given) with these relationships."""
    stakeholders = people.pop("stakeholders", None) or [{"id": x} for x in "abcde"]
    return parse_map({"account": {"id": "acme"}, "stakeholders": stakeholders,
                      "relationships": relationships, **people})


def edges(graph: nx.DiGraph) -> dict[tuple[str, str], tuple[float, str]]:
    return {(u, v): (d["strength"], d["kind"]) for u, v, d in graph.edges(data=True)}


def rel(source, target, kind="influences", strength=None) -> dict:
    out = {"source": source, "target": target, "kind": kind}
    if strength is not None:
        out["strength"] = strength
    return out


# --- influence graph -----------------------------------------------------------------

def test_explicit_influence_keeps_its_strength():
    g = influence_graph(committee([rel("a", "b", strength=0.8)]))
    assert edges(g) == {("a", "b"): (0.8, "influences")}


def test_influence_without_strength_defaults_to_half():
    g = influence_graph(committee([rel("a", "b")]))
    assert edges(g) == {("a", "b"): (0.5, "influences")}


def test_reports_to_implies_half_up_and_point_seven_down():
    g = influence_graph(committee([rel("dev", "boss", "reports-to")],
                                  stakeholders=[{"id": "boss"}, {"id": "dev"}]))
    assert edges(g) == {("dev", "boss"): (0.5, "reports-to"),
                        ("boss", "dev"): (0.7, "reports-to")}


def test_explicit_edge_overrides_reports_to_only_for_its_ordered_pair():
    # an explicit weak influence upwards (as the Hoffmann owner example): the implied
    # downward 0.7 stays
    g = influence_graph(committee([rel("a", "b", "reports-to"), rel("a", "b", strength=0.1)]))
    assert edges(g) == {("a", "b"): (0.1, "influences"), ("b", "a"): (0.7, "reports-to")}


def test_explicit_edge_overrides_the_downward_implied_edge():
    g = influence_graph(committee([rel("a", "b", "reports-to"), rel("b", "a", strength=0.9)]))
    assert edges(g) == {("a", "b"): (0.5, "reports-to"), ("b", "a"): (0.9, "influences")}


def test_explicit_edge_wins_even_when_weaker_and_listed_first():
    g = influence_graph(committee([rel("a", "b", strength=0.2), rel("a", "b", "allied")]))
    assert edges(g) == {("a", "b"): (0.2, "influences"), ("b", "a"): (0.6, "allied")}


def test_allied_implies_point_six_both_ways():
    g = influence_graph(committee([rel("a", "b", "allied")]))
    assert edges(g) == {("a", "b"): (0.6, "allied"), ("b", "a"): (0.6, "allied")}


def test_conflict_implies_no_influence():
    g = influence_graph(committee([rel("a", "b", "conflict")]))
    assert edges(g) == {}
    assert set(g.nodes) == set("abcde")


def test_conflict_removes_both_directions_explicit_or_implied():
    # Analysis 2: people in conflict pass neither influence nor introductions
    g = influence_graph(committee([rel("a", "b", "conflict"), rel("a", "b", strength=0.3),
                                   rel("b", "a", "reports-to"), rel("b", "c", strength=0.4)]))
    assert edges(g) == {("b", "c"): (0.4, "influences")}


def test_allied_implies_its_own_strength_both_ways():
    g = influence_graph(committee([rel("a", "b", "allied", strength=0.95)]))
    assert edges(g) == {("a", "b"): (0.95, "allied"), ("b", "a"): (0.95, "allied")}


def test_where_reports_to_and_allied_imply_the_same_pair_the_strongest_counts():
    g = influence_graph(committee([rel("a", "b", "reports-to"), rel("b", "a", "allied")]))
    assert edges(g) == {("a", "b"): (0.6, "allied"), ("b", "a"): (0.7, "reports-to")}


def test_stakeholders_who_left_and_their_edges_are_excluded():
    m = committee(
        [rel("a", "b", strength=0.9), rel("b", "c", "reports-to"), rel("c", "d", "allied"),
         rel("d", "a", strength=0.4)],
        stakeholders=[{"id": "a"}, {"id": "b", "status": "left"}, {"id": "c"}, {"id": "d"}],
    )
    g = influence_graph(m)
    assert set(g.nodes) == {"a", "c", "d"}
    assert edges(g) == {("c", "d"): (0.6, "allied"), ("d", "c"): (0.6, "allied"),
                        ("d", "a"): (0.4, "influences")}


def test_cost_is_minus_log_strength():
    g = influence_graph(committee([rel("a", "b", strength=0.8), rel("b", "c", strength=1),
                                   rel("c", "d", "reports-to")]))
    for _, _, data in g.edges(data=True):
        assert data["cost"] == pytest.approx(-math.log(data["strength"]))
    assert g["b"]["c"]["cost"] == 0
    # strongest path = shortest path by cost: a->b->c (0.8 * 1) beats nothing else here
    assert nx.dijkstra_path(g, "a", "d", weight="cost") == ["a", "b", "c", "d"]
    assert math.exp(-nx.dijkstra_path_length(g, "a", "d", weight="cost")) == pytest.approx(
        0.8 * 1 * 0.5)


def test_nodes_carry_the_stakeholders_attributes():
    m = committee([], stakeholders=[
        {"id": "ceo", "name": "王建国", "role": "决策者", "level": "高层", "power": 5,
         "stance": 1},
        {"id": "x"},
    ])
    g = influence_graph(m)
    assert g.nodes["ceo"] == {"name": "王建国", "role": "decision-maker", "level": "executive",
                              "power": 5, "stance": 1}
    assert g.nodes["x"]["name"] == "x"  # the id stands in for a missing name


def test_settings_override_every_constant():
    m = committee([rel("a", "b"), rel("c", "d", "reports-to"), rel("a", "e", "allied")])
    custom = InfluenceSettings(default_strength=0.4, reports_up=0.3, reports_down=0.9,
                               allied=0.2)
    assert edges(influence_graph(m, settings=custom)) == {
        ("a", "b"): (0.4, "influences"),
        ("c", "d"): (0.3, "reports-to"), ("d", "c"): (0.9, "reports-to"),
        ("a", "e"): (0.2, "allied"), ("e", "a"): (0.2, "allied"),
    }
    assert InfluenceSettings() == InfluenceSettings(0.5, 0.5, 0.7, 0.6)


def test_empty_map_gives_an_empty_graph():
    g = influence_graph(parse_map({"account": {"id": "a"}}))
    assert g.number_of_nodes() == 0 and isinstance(g, nx.DiGraph)


def test_influence_graph_of_every_example_follows_the_rules(example_path):
    m = load_map(example_path)
    g = influence_graph(m)
    active = {s.id for s in m.stakeholders if s.active}
    assert set(g.nodes) == active
    explicit = {(r.source, r.target): r.strength or 0.5 for r in m.relationships
                if r.kind == "influences" and {r.source, r.target} <= active}
    for (u, v), strength in explicit.items():
        assert g[u][v]["strength"] == strength and g[u][v]["kind"] == "influences"
    for r in m.relationships:
        if {r.source, r.target} <= active and r.kind in ("reports-to", "allied"):
            assert g.has_edge(r.source, r.target) and g.has_edge(r.target, r.source)
        if r.kind == "conflict" and (r.source, r.target) not in explicit:
            assert not g.has_edge(r.source, r.target)
    for u, v, data in g.edges(data=True):
        assert 0 < data["strength"] <= 1
        assert data["cost"] == pytest.approx(-math.log(data["strength"]))
        if (u, v) not in explicit:
            assert data["kind"] in ("reports-to", "allied")


# --- org chart -----------------------------------------------------------------------

def test_org_chart_has_only_reporting_lines():
    m = committee([rel("b", "a", "reports-to"), rel("c", "a", "reports-to"),
                   rel("d", "c", "reports-to"), rel("a", "e", strength=0.9),
                   rel("b", "c", "allied")])
    chart = org_chart(m)
    assert sorted(chart.edges) == [("b", "a"), ("c", "a"), ("d", "c")]
    assert set(chart.nodes) == set("abcde")
    assert nx.is_directed_acyclic_graph(chart)


def test_org_chart_leaves_out_people_who_left_unless_asked():
    m = committee([rel("b", "a", "reports-to"), rel("c", "b", "reports-to")],
                  stakeholders=[{"id": "a", "title": "CEO", "department": "Board"},
                                {"id": "b", "status": "left"}, {"id": "c"}])
    assert sorted(org_chart(m).edges) == []
    assert set(org_chart(m).nodes) == {"a", "c"}
    full = org_chart(m, include_left=True)
    assert sorted(full.edges) == [("b", "a"), ("c", "b")]
    assert full.nodes["a"] == {"name": "a", "title": "CEO", "department": "Board",
                               "level": "operational"}


# --- coverage graph ------------------------------------------------------------------

def test_coverage_graph_links_our_team_to_stakeholders():
    m = committee(
        [],
        stakeholders=[{"id": "s-ceo", "name": "王建国"}, {"id": "s-old", "status": "left"}],
        team=[{"id": "t-li", "name": "Li Na"}, {"id": "t-idle"}],
        coverage=[{"member": "t-li", "stakeholder": "s-ceo", "strength": 0.7,
                   "last_contact": "2026-11-02"},
                  {"member": "t-li", "stakeholder": "s-old"}],
    )
    g = coverage_graph(m)
    assert g.nodes["t-li"] == {"side": "team", "name": "Li Na"}
    assert g.nodes["t-idle"] == {"side": "team", "name": "t-idle"}
    assert g.nodes["s-ceo"] == {"side": "customer", "name": "王建国", "status": "active"}
    assert g.nodes["s-old"]["status"] == "left"
    assert g["t-li"]["s-ceo"] == {"strength": 0.7, "last_contact": dt.date(2026, 11, 2)}
    assert g["t-li"]["s-old"] == {"strength": 0.5, "last_contact": None}
    assert g.number_of_edges() == 2
    assert g.out_degree("t-idle") == 0


def test_coverage_graph_of_every_example_matches_its_links(example_path):
    m = load_map(example_path)
    g = coverage_graph(m)
    assert g.number_of_nodes() == len(m.team) + len(m.stakeholders)
    assert {(c.member, c.stakeholder) for c in m.coverage} == set(g.edges)
    assert all(g.nodes[u]["side"] == "team" and g.nodes[v]["side"] == "customer"
               for u, v in g.edges)
