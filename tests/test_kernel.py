"""The array kernel against networkx, the reference: the same answers, bit for bit.

Random committees (hypothesis) over a handful of people with strengths chosen to tie
exactly (0.8 × 0.5 = 0.5 × 0.8) or on paper only (0.2 × 0.35 and 0.7 × 0.1, equal to 10
decimals), strength 1 (cost 0), conflicts, opposers, people who left, parts that do not
meet and links from someone to themselves; then the bundled examples and synthetic
accounts, whose whole analysis must not change when it runs on the kernel instead of
networkx.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphlib_kam.algorithms import arrays
from graphlib_kam.algorithms.analysis import analyze
from graphlib_kam.algorithms.arrays import (
    COMPILED,
    arrays_from_graph,
    betweenness_subset,
    influence_arrays,
    pagerank,
    strongest_to_any,
)
from graphlib_kam.algorithms.context import AnalysisContext
from graphlib_kam.algorithms.coverage import best_approach_routes
from graphlib_kam.algorithms.gaps import gaps_in_context
from graphlib_kam.algorithms.graph import influence_graph
from graphlib_kam.algorithms.influence import brokers, influence_rank
from graphlib_kam.algorithms.paths import path_strength
from graphlib_kam.algorithms.plan import plan_in_context
from graphlib_kam.algorithms.reference import NetworkxContext
from graphlib_kam.algorithms.route_kernel import best_routes, kernel_path_strength
from graphlib_kam.model import (
    Account,
    AccountMap,
    CoverageLink,
    Relationship,
    Stakeholder,
    TeamMember,
)
from graphlib_kam.model.synthetic import generate_account
from graphlib_kam.settings import Settings
from graphlib_kam.store import load_map

AS_OF = dt.date(2026, 11, 28)
S = Settings(as_of=AS_OF)
EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.kam.json"))
PROPERTIES = settings(max_examples=80, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow])

# Products that tie exactly (0.8 × 0.5, 0.5 × 0.8), on paper only (0.2 × 0.35 vs 0.7 × 0.1),
# and strength 1 (cost −0.0).
STRENGTHS = [0.1, 0.2, 0.35, 0.5, 0.7, 0.8, 1.0]
IDS = [f"p{i}" for i in range(9)]


@st.composite
def committees(draw) -> AccountMap:
    n = draw(st.integers(min_value=1, max_value=len(IDS)))
    ids = IDS[:n]
    people = [Stakeholder(
        id=sid,
        role=draw(st.sampled_from(["decision-maker", "influencer", "user", "opposer"])),
        stance=draw(st.integers(min_value=-2, max_value=2)),
        power=draw(st.integers(min_value=1, max_value=5)),
        level=draw(st.sampled_from(["executive", "management", "operational"])),
        status=draw(st.sampled_from(["active"] * 6 + ["left"])),
    ) for sid in ids]
    # a file cannot link someone to themselves, a map built in code can: the kernel
    # keeps such a loop exactly as networkx does
    pairs = st.tuples(st.sampled_from(ids), st.sampled_from(ids))
    relationships = [Relationship(
        u, v, draw(st.sampled_from(["influences"] * 4 + ["reports-to", "allied", "conflict"])),
        draw(st.one_of(st.none(), st.sampled_from(STRENGTHS))),
    ) for u, v in draw(st.lists(pairs, max_size=3 * n))]
    team = [TeamMember(id=f"t{j}") for j in range(3)]
    coverage = [CoverageLink(
        member=draw(st.sampled_from(team)).id, stakeholder=sid,
        strength=draw(st.sampled_from(STRENGTHS)),
        last_contact=draw(st.one_of(st.none(), st.just(AS_OF - dt.timedelta(days=10)))),
    ) for sid in draw(st.lists(st.sampled_from(ids), max_size=4, unique=True))]
    return AccountMap(account=Account(id="acme"), stakeholders=people,
                      relationships=relationships, team=team, coverage=coverage)


def whole_analysis(ctx: AnalysisContext) -> dict:
    """Everything the gaps and the plan say, in both languages, with the numbers."""
    return {
        "rank": ctx.rank, "score": ctx.score, "support": ctx.support,
        "routes": {sid: route.to_dict() for sid, route in ctx.routes.items()},
        "gaps": {lang: [g.to_dict(lang) for g in gaps_in_context(ctx)] for lang in ("en", "zh")},
        "plan": {lang: plan_in_context(ctx).to_dict(lang) for lang in ("en", "zh")},
    }


def decision_makers(G: nx.DiGraph) -> list[str]:
    return [n for n, d in G.nodes(data=True) if d["role"] == "decision-maker"]


# --- the kernel is the influence graph ---------------------------------------------------

@PROPERTIES
@given(committees())
def test_kernel_holds_the_influence_graph_in_networkx_order(amap):
    G = influence_graph(amap)
    kernel = influence_arrays(amap)
    assert kernel.ids == tuple(G)
    for node in G:
        assert list(kernel.succ[node].items()) == [
            (v, (d["strength"], d["cost"])) for v, d in G.succ[node].items()]
        assert list(kernel.pred[node].items()) == [
            (u, (d["strength"], d["cost"])) for u, d in G.pred[node].items()]
    assert kernel.opposers == {n for n, d in G.nodes(data=True)
                               if d["role"] == "opposer" or d["stance"] <= -1}
    again = arrays_from_graph(G)
    assert (again.ids, again.succ, again.pred) == (kernel.ids, kernel.succ, kernel.pred)


def test_conflict_removes_both_directions_in_the_kernel():
    amap = AccountMap(account=Account(id="a"),
                      stakeholders=[Stakeholder(id="x"), Stakeholder(id="y")],
                      relationships=[Relationship("x", "y", "reports-to"),
                                     Relationship("x", "y", "influences", 0.9),
                                     Relationship("y", "x", "conflict")])
    assert influence_arrays(amap).number_of_edges == 0


# --- PageRank ------------------------------------------------------------------------------

@PROPERTIES
@given(committees())
def test_pagerank_is_networkx_pagerank_bit_for_bit(amap):
    G = influence_graph(amap)
    assert pagerank(influence_arrays(amap)) == influence_rank(G)


@PROPERTIES
@given(committees())
def test_sparse_pagerank_is_networkx_pagerank_bit_for_bit(amap):
    G = influence_graph(amap)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(arrays, "DENSE_LIMIT", 0)
        assert pagerank(influence_arrays(amap)) == influence_rank(G)


@pytest.mark.parametrize("size", [299, 300, 450])
def test_pagerank_both_sides_of_the_dense_limit(size):
    amap = generate_account(size, seed=3)
    assert pagerank(influence_arrays(amap)) == influence_rank(influence_graph(amap))


def test_pagerank_of_a_subnormal_strength_converges_as_influence_rank_does():
    amap = AccountMap(account=Account(id="a"),
                      stakeholders=[Stakeholder(id="x", role="decision-maker"),
                                    Stakeholder(id="y")],
                      relationships=[Relationship("y", "x", "influences", 1e-320)])
    assert pagerank(influence_arrays(amap)) == influence_rank(influence_graph(amap))


# --- routes ----------------------------------------------------------------------------------

@PROPERTIES
@given(committees())
def test_best_routes_are_the_networkx_routes_ties_included(amap):
    G = influence_graph(amap)
    expected = best_approach_routes(amap, graph=G, settings=S)
    assert best_routes(influence_arrays(amap), amap, settings=S) == expected
    for route in expected.values():
        assert kernel_path_strength(influence_arrays(amap), route.nodes) == \
            path_strength(G, route.nodes)


@PROPERTIES
@given(committees(), st.data())
def test_strongest_paths_to_targets_are_networkx_dijkstras(amap, data):
    G = influence_graph(amap)
    targets = data.draw(st.lists(st.sampled_from(IDS), max_size=3, unique=True))
    targets = [t for t in targets if t in G]
    expected = {}
    if targets:
        _, paths = nx.multi_source_dijkstra(G.reverse(copy=False), targets, weight="cost")
        expected = {node: tuple(reversed(path)) for node, path in paths.items()}
    assert strongest_to_any(influence_arrays(amap), targets) == expected


# --- brokers -------------------------------------------------------------------------------

needs_compiled = pytest.mark.skipif(not COMPILED, reason="the compiled kernel was not built")


@needs_compiled
@PROPERTIES
@given(committees())
def test_betweenness_is_networkx_betweenness_bit_for_bit(amap):
    G = influence_graph(amap)
    targets = decision_makers(G) or list(G)
    expected = nx.betweenness_centrality_subset(G, sources=list(G), targets=targets,
                                                weight="cost", normalized=False)
    assert betweenness_subset(influence_arrays(amap), targets) == expected


@needs_compiled
@PROPERTIES
@given(committees())
def test_broker_shares_are_the_networkx_shares(amap):
    G = influence_graph(amap)
    assert brokers(G, backend="compiled") == brokers(G, backend="networkx")
    assert brokers(G) == brokers(G, backend="networkx")


@needs_compiled
@pytest.mark.parametrize("size", [40, 200])
def test_broker_shares_of_synthetic_accounts(size):
    G = influence_graph(generate_account(size, seed=11))
    assert brokers(G, backend="compiled") == brokers(G, backend="networkx")


def test_betweenness_refuses_arrays_that_do_not_match():
    if not COMPILED:
        pytest.skip("the compiled kernel was not built")
    import numpy as np

    from graphlib_kam.algorithms import _betweenness

    with pytest.raises(ValueError):
        _betweenness.betweenness_subset(np.zeros(3, dtype=np.int64), np.array([5]),
                                        np.zeros(1), np.zeros(2, dtype=np.uint8), np.zeros(2))


# --- the whole analysis --------------------------------------------------------------------

@PROPERTIES
@given(committees())
def test_analysis_on_the_kernel_says_what_networkx_says(amap):
    assert whole_analysis(AnalysisContext(amap, S)) == whole_analysis(NetworkxContext(amap, S))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("as_of", [AS_OF, dt.date(2027, 6, 1)])
def test_examples_analysis_is_unchanged(path, as_of):
    amap = load_map(path)
    s = Settings(as_of=as_of)
    assert whole_analysis(AnalysisContext(amap, s)) == whole_analysis(NetworkxContext(amap, s))
    result = analyze(amap, settings=s)
    reference = NetworkxContext(amap, result.settings)
    assert result.rank == reference.rank
    assert result.best_routes == reference.routes
    assert nx.utils.graphs_equal(result.graph, reference.G)


@pytest.mark.parametrize("size", [40, 200])
def test_synthetic_analysis_is_unchanged(size):
    amap = generate_account(size, seed=5)
    assert whole_analysis(AnalysisContext(amap, S)) == whole_analysis(NetworkxContext(amap, S))


def test_a_context_given_a_graph_runs_on_that_graph():
    amap = generate_account(30, seed=2)
    G = influence_graph(amap)
    ctx = AnalysisContext(amap, S, graph=G)
    assert ctx.G is G
    assert whole_analysis(ctx) == whole_analysis(NetworkxContext(amap, S))
