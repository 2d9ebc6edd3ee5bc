"""Influence paths: hand-computed answers, DESIGN's tie rule, avoid, and properties."""

from __future__ import annotations

import datetime as dt
import math

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphlib_kam.algorithms import (
    approach_routes,
    best_approach_route,
    best_route_strengths,
    path_strength,
    remove_people,
    strongest_path,
    strongest_paths,
)
from graphlib_kam.algorithms.graph import influence_graph
from graphlib_kam.errors import NotFoundError
from graphlib_kam.model import parse_map
from graphlib_kam.model.synthetic import generate_account
from graphlib_kam.settings import Settings

SETTINGS = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def graph(*edges: tuple[str, str, float]) -> nx.DiGraph:
    G = nx.DiGraph()
    for u, v, s in edges:
        G.add_edge(u, v, strength=s, cost=-math.log(s))
    return G


def tie_key(G: nx.DiGraph, nodes) -> tuple:
    """DESIGN's order: more strength (less cost), then fewer hops, then smaller ids."""
    cost = sum(G[u][v]["cost"] for u, v in zip(nodes, nodes[1:]))
    return (round(cost, 10), len(nodes) - 1, tuple(nodes))


def all_paths_in_order(G, source, target, avoid=()):
    if source == target:
        return [(source,)]
    paths = [tuple(p) for p in nx.all_simple_paths(G, source, target)
             if not set(p[1:-1]) & set(avoid)]
    return sorted(paths, key=lambda p: tie_key(G, p))


# --- hand-computed ------------------------------------------------------------------

def test_path_strength_is_the_product():
    G = graph(("a", "b", 0.8), ("b", "c", 0.5), ("c", "d", 0.5))
    assert path_strength(G, ["a", "b", "c", "d"]) == pytest.approx(0.2)  # 0.8 × 0.5 × 0.5
    assert path_strength(G, ["a"]) == 1.0


def test_path_strength_without_an_edge_names_it():
    with pytest.raises(NotFoundError, match="'b' → 'a'"):
        path_strength(graph(("a", "b", 0.8)), ["b", "a"])


def test_strongest_path_prefers_strength_over_hops():
    # direct 0.3 against 0.9 × 0.5 = 0.45 through b
    G = graph(("a", "d", 0.3), ("a", "b", 0.9), ("b", "d", 0.5))
    path = strongest_path(G, "a", "d")
    assert path.nodes == ("a", "b", "d")
    assert path.strength == pytest.approx(0.45)


def test_equal_strength_goes_to_fewer_hops():
    # direct 0.4 against 0.8 × 0.5 = 0.4: equal on paper, the direct edge has 1 hop
    G = graph(("a", "d", 0.4), ("a", "b", 0.8), ("b", "d", 0.5))
    assert strongest_path(G, "a", "d").nodes == ("a", "d")


def test_equal_strength_and_hops_go_to_the_smaller_id_sequence():
    # a-c-d: 0.8 × 0.5 = 0.4; a-b-d: 0.5 × 0.8 = 0.4; ('a','b','d') < ('a','c','d')
    G = graph(("a", "c", 0.8), ("c", "d", 0.5), ("a", "b", 0.5), ("b", "d", 0.8))
    assert strongest_path(G, "a", "d").nodes == ("a", "b", "d")
    # ... whatever order the edges were added in
    H = graph(("a", "b", 0.5), ("b", "d", 0.8), ("a", "c", 0.8), ("c", "d", 0.5))
    assert strongest_path(H, "a", "d").nodes == ("a", "b", "d")


def test_avoid_keeps_people_off_the_inside_only():
    G = graph(("a", "b", 0.9), ("b", "d", 0.9), ("a", "c", 0.5), ("c", "d", 0.5))
    assert strongest_path(G, "a", "d", avoid={"b"}).nodes == ("a", "c", "d")  # 0.25
    # the ends themselves may be avoided people
    assert strongest_path(G, "a", "d", avoid={"a", "d"}).nodes == ("a", "b", "d")
    assert strongest_path(G, "a", "d", avoid={"b", "c"}) is None


def test_no_path_is_an_empty_result():
    G = graph(("a", "b", 0.5))
    G.add_node("z")
    assert strongest_path(G, "a", "z") is None
    assert strongest_paths(G, "a", "z", k=3) == []


def test_unknown_ids_are_named():
    G = graph(("a", "b", 0.5))
    with pytest.raises(NotFoundError, match="'nobody'"):
        strongest_path(G, "a", "nobody")
    with pytest.raises(NotFoundError, match="'ghost'"):
        strongest_paths(G, "ghost", "b")
    with pytest.raises(NotFoundError, match="'ghost'"):
        best_route_strengths(G, "ghost")


def test_k_must_be_positive():
    with pytest.raises(ValueError):
        strongest_paths(graph(("a", "b", 0.5)), "a", "b", k=0)


def test_k_strongest_paths_hand_computed():
    # a-b-d 0.9 × 0.5 = 0.45; a-d 0.3; a-c-d 0.5 × 0.5 = 0.25; a-b-c-d 0.9 × 0.6 × 0.5 = 0.27
    G = graph(("a", "d", 0.3), ("a", "b", 0.9), ("b", "d", 0.5), ("a", "c", 0.5),
              ("c", "d", 0.5), ("b", "c", 0.6))
    found = strongest_paths(G, "a", "d", k=10)
    assert [p.nodes for p in found] == [("a", "b", "d"), ("a", "d"), ("a", "b", "c", "d"),
                                        ("a", "c", "d")]
    assert [p.strength for p in found] == pytest.approx([0.45, 0.3, 0.27, 0.25])


def test_source_equal_to_target_is_a_one_node_path():
    G = graph(("a", "b", 0.5), ("b", "a", 0.5))
    assert [p.nodes for p in strongest_paths(G, "a", "a", k=3)] == [("a",)]


def test_people_who_left_are_not_on_paths():
    m = parse_map({"account": {"id": "x"}, "stakeholders": [
        {"id": "a"}, {"id": "b", "status": "left"}, {"id": "c"}],
        "relationships": [{"source": "a", "target": "b", "strength": 0.9},
                          {"source": "b", "target": "c", "strength": 0.9}]})
    G = influence_graph(m)
    assert strongest_path(G, "a", "c") is None
    with pytest.raises(NotFoundError, match="'b'"):
        strongest_path(G, "a", "b")


DAY = Settings(as_of=dt.date(2026, 11, 28))
FRESH = "2026-11-02"  # 26 days before DAY: every link is recent unless a test says so

ROUTE_MAP = {
    "account": {"id": "acme"},
    "team": [{"id": "t-li", "name": "Li Na"}, {"id": "t-wu", "name": "Wu"}],
    "stakeholders": [
        {"id": "s-ceo", "role": "decision-maker"}, {"id": "s-cto"}, {"id": "s-dev"},
        {"id": "s-opp", "role": "opposer"}],
    "relationships": [
        {"source": "s-cto", "target": "s-ceo", "strength": 0.8},
        {"source": "s-dev", "target": "s-cto", "strength": 0.5},
        {"source": "s-dev", "target": "s-opp", "strength": 0.9},
        {"source": "s-opp", "target": "s-ceo", "strength": 0.9}],
    "coverage": [
        {"member": "t-li", "stakeholder": "s-dev", "strength": 0.9, "last_contact": FRESH},
        {"member": "t-wu", "stakeholder": "s-ceo", "strength": 0.3, "last_contact": FRESH},
        {"member": "t-wu", "stakeholder": "s-cto", "strength": 0.5, "last_contact": FRESH}],
}


def test_approach_routes_hand_computed():
    m = parse_map(ROUTE_MAP)
    routes = approach_routes(m, "s-ceo", settings=DAY)
    # Analysis 2: no route passes the opposer, so t-li's 0.9 × 0.9 × 0.9 = 0.729 through
    # s-opp is not a route; t-li goes through the CTO instead: 0.9 × 0.5 × 0.8 = 0.36.
    # t-wu via s-cto: 0.5 × 0.8 = 0.4; t-wu directly: 0.3 × 1 (the target itself).
    assert [(r.member, r.nodes) for r in routes] == [
        ("t-wu", ("s-cto", "s-ceo")), ("t-li", ("s-dev", "s-cto", "s-ceo")),
        ("t-wu", ("s-ceo",))]
    assert [r.strength for r in routes] == pytest.approx([0.4, 0.36, 0.3])
    assert routes[2].path_strength == 1.0 and routes[2].coverage == 0.3
    assert best_approach_route(m, "s-ceo", settings=DAY) == routes[0]


def test_approach_routes_avoid_more_people_on_request():
    m = parse_map(ROUTE_MAP)
    routes = approach_routes(m, "s-ceo", settings=DAY, avoid={"s-cto"})
    # s-cto may still be an entry (Wu, 0.4) but not inside t-li's route, which had no
    # other way: s-opp is an opposer.
    assert [(r.member, r.nodes) for r in routes] == [
        ("t-wu", ("s-cto", "s-ceo")), ("t-wu", ("s-ceo",))]
    assert best_approach_route(m, "s-ceo", settings=DAY, avoid={"s-cto"}) == routes[0]


def test_approach_routes_without_a_member():
    m = parse_map(ROUTE_MAP)
    assert {r.member for r in approach_routes(m, "s-ceo", settings=DAY,
                                              exclude_members={"t-li"})} == {"t-wu"}
    assert best_approach_route(m, "s-ceo", settings=DAY,
                               exclude_stakeholders={"s-opp", "s-cto"}).nodes == (
        "s-ceo",)  # only Wu's direct 0.3 is left; s-dev can no longer reach the CEO


def test_best_approach_route_of_an_uncovered_map_is_none():
    m = parse_map({**ROUTE_MAP, "coverage": []})
    assert best_approach_route(m, "s-ceo") is None
    assert approach_routes(m, "s-ceo") == []
    with pytest.raises(NotFoundError, match="'s-nobody'"):
        best_approach_route(m, "s-nobody")


# --- properties on random committees ----------------------------------------------

STRENGTHS = [0.2, 0.25, 0.4, 0.5, 0.64, 0.8, 1.0]  # products of these tie on paper


@st.composite
def small_graphs(draw):
    n = draw(st.integers(2, 7))
    nodes = [f"n{i}" for i in range(n)]
    pairs = [(u, v) for u in nodes for v in nodes if u != v]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    G = nx.DiGraph()
    G.add_nodes_from(nodes)
    for u, v in chosen:
        s = draw(st.sampled_from(STRENGTHS))
        G.add_edge(u, v, strength=s, cost=-math.log(s))
    source, target = draw(st.sampled_from(nodes)), draw(st.sampled_from(nodes))
    avoid = draw(st.sets(st.sampled_from(nodes), max_size=2))
    return G, source, target, avoid


@SETTINGS
@given(small_graphs(), st.integers(1, 6))
def test_k_paths_are_the_first_k_simple_paths_in_tie_rule_order(case, k):
    G, source, target, avoid = case
    found = strongest_paths(G, source, target, k=k, avoid=avoid)
    expected = all_paths_in_order(G, source, target, avoid)[:k]
    assert [p.nodes for p in found] == expected
    assert len({p.nodes for p in found}) == len(found)  # distinct
    for p in found:
        assert len(set(p.nodes)) == len(p.nodes)  # simple
        assert not set(p.nodes[1:-1]) & avoid  # avoid honoured
        assert p.strength == pytest.approx(path_strength(G, p.nodes))
    keys = [tie_key(G, p.nodes) for p in found]
    assert keys == sorted(keys)


@SETTINGS
@given(small_graphs())
def test_strongest_path_is_at_least_as_strong_as_any_simple_path(case):
    G, source, target, avoid = case
    best = strongest_path(G, source, target)
    paths = [source] if source == target else list(nx.all_simple_paths(G, source, target))
    if best is None:
        assert paths == []
        return
    for path in paths if source != target else []:
        assert best.strength >= path_strength(G, path) - 1e-12


@SETTINGS
@given(small_graphs())
def test_reverse_search_agrees_with_forward_search(case):
    G, _, target, avoid = case
    best = best_route_strengths(G, target, avoid=avoid)
    for source in G:
        path = strongest_path(G, source, target, avoid=avoid)
        if path is None:
            assert source not in best
        else:
            assert best[source].nodes == path.nodes
            assert best[source].strength == pytest.approx(path.strength)


@SETTINGS
@given(st.integers(3, 30), st.integers(0, 10_000), st.data())
def test_best_approach_route_is_the_first_approach_route(n, seed, data):
    m = generate_account(n, seed=seed, team=3)
    G = influence_graph(m)
    target = data.draw(st.sampled_from(sorted(G)))
    gone = data.draw(st.sets(st.sampled_from(sorted(G) + ["t000", "t001"]), max_size=2))
    gone.discard(target)
    avoid = data.draw(st.sets(st.sampled_from(sorted(G)), max_size=3))
    members = {g for g in gone if g.startswith("t")}
    people = gone - members
    smaller = remove_people(m, gone)
    routes = approach_routes(smaller, target, avoid=avoid)
    best = best_approach_route(m, target, graph=G, avoid=avoid, exclude_members=members,
                               exclude_stakeholders=people)
    assert best == (routes[0] if routes else None)


@SETTINGS
@given(st.integers(3, 30), st.integers(0, 10_000), st.data())
def test_removing_a_stakeholder_never_strengthens_a_route(n, seed, data):
    m = generate_account(n, seed=seed)
    G = influence_graph(m)
    target = data.draw(st.sampled_from(sorted(G)))
    gone = data.draw(st.sampled_from(sorted(s.id for s in m.stakeholders)))
    if gone == target:
        return
    before = {(r.member, r.entry): r.strength for r in approach_routes(m, target, graph=G)}
    after = approach_routes(remove_people(m, [gone]), target)
    for route in after:
        assert route.strength <= before[(route.member, route.entry)] + 1e-12
    best_before = max(before.values(), default=0.0)
    assert max((r.strength for r in after), default=0.0) <= best_before + 1e-12
