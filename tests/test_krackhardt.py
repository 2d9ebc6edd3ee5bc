"""The real Krackhardt (1987) high-tech managers, against the published numbers.

"i asks j for advice" means j influences i, so the advice network becomes the influence
edges j → i (DESIGN's direction); level 1 (the CEO, #7) decides, level 2 (the VPs)
influences, level 3 uses. Numbers from ../shared/data/real/README.md and SOURCE.md.
"""

from __future__ import annotations

import math

import networkx as nx
import pytest

from graphlib_kam.algorithms import (
    brokers,
    influence_rank,
    ranking,
    strongest_path,
    strongest_paths,
)
from graphlib_kam.algorithms.graph import influence_graph
from graphlib_kam.model import parse_map

FOLDER = "krackhardt-high-tech"
ROLE = {1: "decision-maker", 2: "influencer", 3: "user"}
LEVEL = {1: "executive", 2: "management", 3: "operational"}
POWER = {1: 5, 2: 4, 3: 2}
PUBLISHED_ADVICE_IN = [13, 18, 5, 8, 5, 10, 13, 10, 4, 9, 11, 7, 4, 10, 4, 8, 9, 15, 4, 8, 15]
# Directed, unnormalised Brandes betweenness of the advice network (SOURCE.md)
ADVICE_BETWEENNESS = [13.747, 5.936, 6.605, 13.709, 5.079, 0, 27.625, 3.975, 3.954, 18.297,
                      1.198, 0.254, 0.893, 0.589, 6.133, 0.700, 2.532, 88.917, 0.754, 7.979,
                      60.127]


def sid(i: int) -> str:
    return f"m{i:02d}"


def edges(folder, name: str) -> list[tuple[int, int]]:
    rows = (line.split() for line in (folder / f"Krack-High-Tec-edgelist-{name}.txt")
            .read_text().splitlines() if line.strip())
    return [(int(i), int(j)) for i, j, tie in rows if tie == "1"]


def krackhardt_map(real_data, *, strength: float, reports_to: bool = False,
                   deciders: bool = True):
    folder = real_data / FOLDER
    attributes = (folder / "Krack-High-Tec-Attributes.csv").read_text().splitlines()[1:]
    people = []
    for line in attributes:
        number, age, tenure, level, dept = line.split(",")
        level = int(level)
        people.append({"id": sid(int(number)), "name": f"Manager {number}",
                       "level": LEVEL[level],
                       "role": ROLE[level] if deciders else "user", "power": POWER[level],
                       "department": f"dept {dept}"})
    relationships = [{"source": sid(j), "target": sid(i), "kind": "influences",
                      "strength": strength} for i, j in edges(folder, "Advice")]
    if reports_to:
        relationships += [{"source": sid(i), "target": sid(j), "kind": "reports-to"}
                          for i, j in edges(folder, "ReportsTo")]
    return parse_map({"schema": "kam/1", "account": {"id": "krackhardt"},
                      "stakeholders": people, "relationships": relationships})


@pytest.fixture
def advice(real_data):
    return influence_graph(krackhardt_map(real_data, strength=0.5))


def test_advice_network_matches_the_published_numbers(advice):
    assert len(advice) == 21 and advice.number_of_edges() == 190
    # j influences everyone who asks j: j's out-degree here is the published in-degree
    assert [advice.out_degree(sid(i)) for i in range(1, 22)] == PUBLISHED_ADVICE_IN
    assert nx.density(advice) == pytest.approx(0.452381, abs=1e-6)
    assert nx.reciprocity(advice) == pytest.approx(0.4736842, abs=1e-7)
    assert nx.transitivity(advice.to_undirected()) == pytest.approx(0.7345088, abs=1e-7)


def test_brokers_match_the_published_advice_betweenness(real_data):
    # Without decision-makers every stakeholder is a target, so brokers is plain
    # betweenness over the 21 × 20 = 420 ordered pairs. Every edge 0.5: all costs equal,
    # so strongest = fewest hops, and betweenness on the reversed graph equals
    # betweenness on the advice graph; the published figures have 3 decimals.
    flat = influence_graph(krackhardt_map(real_data, strength=0.5, deciders=False))
    for backend in ("scipy", "networkx"):
        scores = brokers(flat, backend=backend)
        assert [round(scores[sid(i)] * 420, 3) for i in range(1, 22)] == pytest.approx(
            ADVICE_BETWEENNESS, abs=1.5e-3)


def test_broker_ranking_is_the_published_one(real_data):
    amap = krackhardt_map(real_data, strength=0.5, deciders=False)
    top = [r.id for r in ranking(amap, brokers(influence_graph(amap)))][:4]
    assert top == [sid(18), sid(21), sid(7), sid(10)]  # "18 > 21 > 7 > 10"


def test_brokers_leave_out_the_decision_maker(advice):
    # the CEO (#7, level 1) decides: brokers are the share of the strongest paths to him,
    # over the 20 ordered pairs (s, m07), and he is not listed
    scores = brokers(advice)
    assert sid(7) not in scores and len(scores) == 20
    raw = nx.betweenness_centrality_subset(advice, sources=list(advice), targets=[sid(7)],
                                           weight="cost", normalized=False)
    assert scores == pytest.approx({n: raw[n] / 20 for n in advice if n != sid(7)},
                                   abs=1e-15)


def test_brokers_equal_networkx_on_the_real_network(real_data):
    # with reports-to, strengths differ (0.5 advice, 0.7 implied downwards) and many
    # paths tie only up to rounding: the scipy kernel must decide them as networkx does
    G = influence_graph(krackhardt_map(real_data, strength=0.5, reports_to=True))
    raw = nx.betweenness_centrality_subset(G, sources=list(G), targets=[sid(7)],
                                           weight="cost", normalized=False)
    expected = {n: raw[n] / 20 for n in G if n != sid(7)}
    assert brokers(G, backend="scipy") == pytest.approx(expected, abs=1e-12)
    assert brokers(G, backend="networkx") == pytest.approx(expected, abs=1e-12)


def test_influence_rank_is_pagerank_on_the_real_network(real_data):
    for strength in (0.5, 1.0):
        G = influence_graph(krackhardt_map(real_data, strength=strength, reports_to=True))
        R = nx.DiGraph()
        R.add_nodes_from(G)
        R.add_weighted_edges_from((v, u, d["strength"]) for u, v, d in G.edges(data=True))
        expected = nx.pagerank(R, alpha=0.85, personalization={sid(7): 5}, weight="weight")
        scores = influence_rank(G)
        assert scores == pytest.approx(expected, abs=1e-12)
        assert sum(scores.values()) == pytest.approx(1.0)


def test_the_ceo_is_one_hop_from_the_advisers_the_ceo_asks(real_data):
    folder = real_data / FOLDER
    ceo_asks = {j for i, j in edges(folder, "Advice") if i == 7}
    G = influence_graph(krackhardt_map(real_data, strength=0.5))
    for adviser in ceo_asks:
        path = strongest_path(G, sid(adviser), sid(7))
        assert path.nodes == (sid(adviser), sid(7)) and path.strength == 0.5
    # with every edge 0.5, k paths come in hops order: 0.5, then 0.25s, ...
    found = strongest_paths(G, sid(1), sid(7), k=6)
    assert [p.strength for p in found] == sorted((p.strength for p in found), reverse=True)
    assert all(math.isclose(p.strength, 0.5 ** p.hops) for p in found)
