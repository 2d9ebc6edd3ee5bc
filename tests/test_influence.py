"""Influence rank, brokers and hidden power: hand-computed answers and properties."""

from __future__ import annotations

import math

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphlib_kam.algorithms import brokers, hidden_power, influence_rank, ranking
from graphlib_kam.algorithms.analysis import influence_analysis
from graphlib_kam.algorithms.graph import influence_graph
from graphlib_kam.errors import InputError
from graphlib_kam.model import parse_map
from graphlib_kam.model.synthetic import generate_account
from graphlib_kam.store import load_map

SETTINGS = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def committee(people, edges) -> nx.DiGraph:
    G = nx.DiGraph()
    for node, role, power in people:
        G.add_node(node, role=role, power=power)
    for u, v, s in edges:
        G.add_edge(u, v, strength=s, cost=-math.log(s))
    return G


# --- influence rank ----------------------------------------------------------------

def test_influence_rank_two_people_hand_computed():
    # Reversed graph: ceo → cto (the CEO listens to the CTO). Personalization: all on the
    # CEO. The CTO is dangling and jumps back to the CEO:
    #   x_ceo = α x_cto + (1 − α),  x_cto = α x_ceo
    #   ⇒ x_ceo = (1 − α) / (1 − α²) = 1 / (1 + α) = 1 / 1.85,  x_cto = α / 1.85
    G = committee([("ceo", "decision-maker", 5), ("cto", "influencer", 3)],
                  [("cto", "ceo", 0.8)])
    scores = influence_rank(G)
    assert scores["ceo"] == pytest.approx(1 / 1.85, abs=1e-6)
    assert scores["cto"] == pytest.approx(0.85 / 1.85, abs=1e-6)


def test_influence_rank_personalises_by_power():
    # Two decision-makers nobody influences, power 4 and 1: teleport shares 4/5 and 1/5,
    # and as both are dangling the walk stays in that split.
    G = committee([("a", "decision-maker", 4), ("b", "decision-maker", 1),
                   ("u", "user", 3)], [])
    scores = influence_rank(G)
    assert scores["a"] == pytest.approx(0.8, abs=1e-6)
    assert scores["b"] == pytest.approx(0.2, abs=1e-6)
    assert scores["u"] == pytest.approx(0.0, abs=1e-9)


def test_influence_rank_without_decision_makers_is_uniform_personalization():
    G = committee([("a", "user", 3), ("b", "user", 3)], [])
    assert influence_rank(G) == pytest.approx({"a": 0.5, "b": 0.5})
    assert influence_rank(nx.DiGraph()) == {}


def test_influence_rank_is_networkx_pagerank_on_the_reversed_graph():
    G = influence_graph(generate_account(60, seed=3))
    R = nx.DiGraph()
    R.add_nodes_from(G)
    for u, v, d in G.edges(data=True):
        R.add_edge(v, u, weight=d["strength"])
    p = {n: d["power"] for n, d in G.nodes(data=True) if d["role"] == "decision-maker"}
    expected = nx.pagerank(R, alpha=0.7, personalization=p, weight="weight")
    assert influence_rank(G, alpha=0.7) == pytest.approx(expected, abs=1e-12)


@SETTINGS
@given(st.integers(1, 40), st.integers(0, 10_000))
def test_ranks_sum_to_one(n, seed):
    G = influence_graph(generate_account(n, seed=seed))
    scores = influence_rank(G)
    if len(G):
        assert sum(scores.values()) == pytest.approx(1.0, abs=1e-9)
        assert all(s >= 0 for s in scores.values())


def test_ranking_orders_equal_scores_by_id_despite_float_noise():
    m = parse_map({"account": {"id": "a"}, "stakeholders": [{"id": "x"}, {"id": "y"}]})
    # 0.1 + 0.2 != 0.3 in floating point; on paper they are equal
    ranked = ranking(m, {"y": 0.1 + 0.2, "x": 0.3})
    assert [(r.id, r.rank) for r in ranked] == [("x", 1), ("y", 2)]


# --- brokers -----------------------------------------------------------------------

def test_brokers_on_a_diamond_hand_computed():
    # a → b → d and a → c → d, both 0.5 × 0.5: two equally strong paths a ⇝ d, so b and
    # c each carry half of one pair. Without decision-makers the targets are everyone:
    # Analysis 2 divides by the ordered pairs s ≠ t, 4 × 3 = 12 → 0.5 / 12.
    G = committee([(x, "user", 3) for x in "abcd"],
                  [("a", "b", 0.5), ("b", "d", 0.5), ("a", "c", 0.5), ("c", "d", 0.5)])
    for backend in ("networkx", "scipy"):
        scores = brokers(G, backend=backend)
        assert scores == pytest.approx({"a": 0, "b": 0.5 / 12, "c": 0.5 / 12, "d": 0})


def test_brokers_on_a_diamond_with_a_decision_maker():
    # d decides: pairs (a, d), (b, d), (c, d) = 3 (s ≠ t, every s active). b and c each
    # carry half of (a, d) → 0.5 / 3; d itself is not listed.
    G = committee([(x, "user", 3) for x in "abc"] + [("d", "decision-maker", 5)],
                  [("a", "b", 0.5), ("b", "d", 0.5), ("a", "c", 0.5), ("c", "d", 0.5)])
    for backend in ("networkx", "scipy"):
        assert brokers(G, backend=backend) == pytest.approx({"a": 0, "b": 0.5 / 3,
                                                             "c": 0.5 / 3})


def test_brokers_follow_the_strongest_path_not_the_fewest_hops():
    # a → d directly 0.1; a → b → d 0.9 × 0.9 = 0.81 is stronger, so b is on it: 1 of
    # the 4 × 3 = 12 ordered pairs (no decision-maker: every stakeholder is a target)
    G = committee([(x, "user", 3) for x in "abd"] + [("c", "user", 3)],
                  [("a", "d", 0.1), ("a", "b", 0.9), ("b", "d", 0.9)])
    assert brokers(G)["b"] == pytest.approx(1 / 12)


def test_brokers_with_unit_strength_fall_back_to_networkx():
    G = committee([(x, "user", 3) for x in "abc"], [("a", "b", 1.0), ("b", "c", 1.0)])
    raw = nx.betweenness_centrality_subset(G, sources=list(G), targets=list(G),
                                           weight="cost", normalized=False)
    assert brokers(G, backend="scipy") == {n: raw[n] / 6 for n in G}  # 3 × 2 pairs


def test_unknown_brokers_backend_is_named():
    with pytest.raises(InputError, match="'igraph'"):
        brokers(nx.DiGraph(), backend="igraph")


@pytest.mark.parametrize("n", [3, 10, 40, 120])
def test_scipy_brokers_agree_with_networkx_on_synthetic_accounts(n):
    for seed in range(5):
        G = influence_graph(generate_account(n, seed=seed))
        fast, slow = brokers(G, backend="scipy"), brokers(G, backend="networkx")
        assert fast.keys() == slow.keys()
        assert max(abs(fast[k] - slow[k]) for k in fast) <= 1e-9


@SETTINGS
@given(st.integers(3, 9), st.data())
def test_scipy_brokers_agree_with_networkx_when_paths_tie(n, data):
    # Strengths drawn from a small set, so many paths tie on paper and some tie only up
    # to floating-point rounding: both must be decided exactly as networkx decides them.
    nodes = [f"n{i}" for i in range(n)]
    pairs = [(u, v) for u in nodes for v in nodes if u != v]
    edges = data.draw(st.lists(st.tuples(st.sampled_from(pairs),
                                         st.sampled_from([0.5, 0.6, 0.7, 0.8, 0.3])),
                               unique_by=lambda e: e[0]))
    G = committee([(x, "user", 3) for x in nodes], [(u, v, s) for (u, v), s in edges])
    fast, slow = brokers(G, backend="scipy"), brokers(G, backend="networkx")
    assert max(abs(fast[k] - slow[k]) for k in fast) <= 1e-9


# --- hidden power -------------------------------------------------------------------

def test_hidden_power_hand_computed():
    m = parse_map({"account": {"id": "a"}, "stakeholders": [
        {"id": "ceo", "level": "executive", "power": 5},
        {"id": "cfo", "level": "executive", "power": 5},
        {"id": "m1", "level": "management", "power": 2},
        {"id": "m2", "level": "management", "power": 4},
        {"id": "u1", "level": "operational", "power": 1},
        {"id": "u2", "level": "operational", "power": 1}]})
    scores = {"ceo": 0.4, "cfo": 0.1, "m1": 0.2, "m2": 0.1, "u1": 0.15, "u2": 0.05}
    rows = {h["id"]: h for h in hidden_power(m, scores, include_all=True)}
    # executives: mean 0.25, mean power 5 → expected 0.25; ratios 1.6 and 0.4
    assert rows["cfo"]["expected"] == pytest.approx(0.25)
    assert rows["cfo"]["ratio"] == pytest.approx(0.4) and rows["cfo"]["direction"] == "below"
    assert rows["ceo"]["direction"] is None  # 1.6 < 2
    # management: mean 0.15, mean power 3 → m1 expected 0.15 × 2/3 = 0.1, ratio 2.0;
    # m2 expected 0.15 × 4/3 = 0.2, ratio 0.5
    assert rows["m1"]["expected"] == pytest.approx(0.1)
    assert rows["m1"]["ratio"] == pytest.approx(2.0) and rows["m1"]["direction"] == "above"
    assert rows["m2"]["ratio"] == pytest.approx(0.5) and rows["m2"]["direction"] == "below"
    # operational: mean 0.1 → ratios 1.5 and 0.5
    assert rows["u2"]["direction"] == "below"
    flagged = [h["id"] for h in hidden_power(m, scores)]
    # furthest first: |ln 0.4| > |ln 2| = |ln 0.5|; ties by id
    assert flagged == ["cfo", "m1", "m2", "u2"]
    assert all(rows[i]["rank"] == r.rank for r in ranking(m, scores) for i in [r.id])


def test_hidden_power_skips_levels_with_no_influence_and_checks_thresholds():
    m = parse_map({"account": {"id": "a"}, "stakeholders": [
        {"id": "a", "level": "operational"}, {"id": "b", "level": "operational"}]})
    assert hidden_power(m, {"a": 0.0, "b": 0.0}, include_all=True) == []
    with pytest.raises(ValueError):
        hidden_power(m, {"a": 1.0}, above=0.9)


def test_hidden_power_on_an_example_map(example_path):
    amap = load_map(example_path)
    scores = influence_rank(influence_graph(amap))
    for row in hidden_power(amap, scores, include_all=True):
        assert row["ratio"] == pytest.approx(row["score"] / row["expected"])
        assert (row["direction"] == "above") == (row["ratio"] >= 2)
        assert (row["direction"] == "below") == (row["ratio"] <= 0.5)


# --- the whole analysis on the examples --------------------------------------------

def test_influence_analysis_on_an_example_is_deterministic(example_path):
    amap = load_map(example_path)
    first = influence_analysis(amap)
    assert first == influence_analysis(load_map(example_path))
    assert sum(r["score"] for r in first["ranking"]) == pytest.approx(1.0)
    assert [r["rank"] for r in first["ranking"]] == list(range(1, len(first["ranking"]) + 1))
    deciders = {s.id for s in amap.stakeholders if s.active and s.role == "decision-maker"}
    assert set(first["routes"]) == deciders
    for target, routes in first["routes"].items():
        # strongest first; strengths equal up to rounding (0.21 against 0.2099…96) tie and
        # go to the member id
        strengths = [round(r["strength"], 10) for r in routes]
        assert strengths == sorted(strengths, reverse=True)
        assert all(r["nodes"][-1] == target for r in routes)
    slow = influence_analysis(amap, backend="networkx")["brokers"]
    assert [b["id"] for b in slow] == [b["id"] for b in first["brokers"]]
    assert [b["score"] for b in slow] == pytest.approx([b["score"] for b in first["brokers"]])
