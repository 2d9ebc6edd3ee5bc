"""DESIGN's Analysis 2, rule by rule: each rule triggered and not, each threshold at, just
below and just above, each setting overridden. Expected values are derived by hand (the
arithmetic is in the comments) or from networkx, never copied from output."""

from __future__ import annotations

import datetime as dt
import math
import random

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphlib_kam.algorithms import (
    analyze,
    approach_routes,
    best_approach_route,
    best_approach_routes,
    brokers,
    change_impact,
    coverage_gaps,
    coverage_score,
    penetration_plan,
    strongest_path,
    strongest_paths,
    support_score,
)
from graphlib_kam.algorithms.context import AnalysisContext
from graphlib_kam.algorithms.graph import InfluenceSettings, influence_graph
from graphlib_kam.algorithms.paths import opposers_in
from graphlib_kam.algorithms.plan import STAGE_ORDER
from graphlib_kam.errors import MapValidationError
from graphlib_kam.model import parse_map
from graphlib_kam.model.synthetic import generate_account
from graphlib_kam.settings import Settings
from graphlib_kam.store import load_map

from .conftest import EXAMPLES

DAY = dt.date(2026, 11, 28)
S = Settings(as_of=DAY)
FRESH = "2026-11-02"  # 26 days before DAY
PROPERTIES = settings(max_examples=60, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow])
COVERAGE_KINDS = ("unreachable-decision-maker", "uncovered-decision-maker",
                  "uncovered-influencer", "stale-contact", "weak-coverage")


def ago(days: int) -> str:
    return (DAY - dt.timedelta(days=days)).isoformat()


def p(sid, role="user", level="operational", **fields) -> dict:
    return {"id": sid, "name": sid.upper(), "role": role, "level": level, **fields}


def r(source, target, strength=None, kind="influences") -> dict:
    out = {"source": source, "target": target, "kind": kind}
    if strength is not None:
        out["strength"] = strength
    return out


def c(member, sid, strength, last=FRESH) -> dict:
    return {"member": member, "stakeholder": sid, "strength": strength, "last_contact": last}


def build(people, relationships=(), coverage=(), team=None):
    members = team if team is not None else sorted({link["member"] for link in coverage})
    return parse_map({"account": {"id": "acme"},
                      "team": [{"id": m, "name": m.upper()} for m in members],
                      "stakeholders": list(people), "relationships": list(relationships),
                      "coverage": list(coverage)})


def gaps(amap, settings=S):
    return [(g.kind, g.severity, g.stakeholder) for g in coverage_gaps(amap, settings=settings)]


def gap(amap, kind, sid, settings=S):
    found = [g for g in coverage_gaps(amap, settings=settings)
             if g.kind == kind and g.stakeholder == sid]
    assert len(found) == 1, gaps(amap, settings)
    return found[0]


def kinds_of(amap, sid, settings=S):
    return [g.kind for g in coverage_gaps(amap, settings=settings) if g.stakeholder == sid]


# --- the successor field ---------------------------------------------------------------

def test_successor_parses_round_trips_and_copies():
    m = parse_map({"account": {"id": "a"}, "stakeholders": [
        {"id": "old", "status": "left", "successor": "new"}, {"id": "new"}]})
    assert m.stakeholders[0].successor == "new" and m.stakeholders[1].successor is None
    data = m.to_dict()
    assert data["stakeholders"][0]["successor"] == "new"
    assert "successor" not in data["stakeholders"][1]  # absent stays absent
    assert parse_map(data) == m
    copy = m.copy()
    assert copy == m
    copy.stakeholders[0].successor = "old2"
    assert m.stakeholders[0].successor == "new"


@pytest.mark.parametrize(("successor", "message"), [
    ("ghost", "no stakeholder has the id 'ghost'"),
    ("old", "cannot succeed themself"),
])
def test_successor_must_be_another_stakeholder_of_the_map(successor, message):
    with pytest.raises(MapValidationError) as err:
        parse_map({"account": {"id": "a"}, "stakeholders": [
            {"id": "new"}, {"id": "old", "status": "left", "successor": successor}]})
    [problem] = err.value.problems
    assert problem.where == "stakeholders[1].successor" and message in problem.message


def test_successor_of_someone_active_is_accepted_and_ignored():
    people = [p("d", "decision-maker", successor="x"), p("x")]
    with_it = build(people, coverage=[c("t-a", "d", 0.8), c("t-b", "x", 0.8)])
    without = build([p("d", "decision-maker"), p("x")],
                    coverage=[c("t-a", "d", 0.8), c("t-b", "x", 0.8)])
    assert gaps(with_it) == gaps(without)


# --- opposers ----------------------------------------------------------------------------

@pytest.mark.parametrize(("role", "stance", "opposer"), [
    ("opposer", -1, True), ("opposer", 0, True), ("user", -1, True), ("influencer", -2, True),
    ("user", 0, False), ("decision-maker", 1, False),
])
def test_an_opposer_is_role_opposer_or_stance_minus_one_or_lower(role, stance, opposer):
    m = build([p("x", role, stance=stance)])
    assert m.stakeholders[0].is_opposer is opposer
    assert opposers_in(influence_graph(m)) == (["x"] if opposer else [])


def test_an_opposer_who_left_is_not_an_opposer_of_the_graph():
    m = build([p("x", "opposer", status="left"), p("y")])
    assert opposers_in(influence_graph(m)) == []


# --- influence graph: allied strengths and conflicts --------------------------------------

def allied_map(strength=None, **extra):
    return build([p("e"), p("d", "decision-maker", "executive")],
                 [r("e", "d", strength, kind="allied")], [c("t-a", "e", 0.8)], **extra)


def test_an_allied_095_counts_as_095():
    route = best_approach_route(allied_map(0.95), "d", settings=S)
    assert route.strength == pytest.approx(0.8 * 0.95)  # 0.76, not 0.8 × 0.6


def test_an_allied_without_strength_is_the_setting():
    assert best_approach_route(allied_map(), "d", settings=S).strength == pytest.approx(0.48)
    custom = S.with_overrides(influence=InfluenceSettings(allied=0.7))
    m = allied_map()
    G = influence_graph(m, settings=custom.influence)
    assert best_approach_route(m, "d", graph=G, settings=custom).strength == pytest.approx(0.56)


def test_the_default_influence_strength_is_a_setting():
    m = build([p("e"), p("d", "decision-maker")], [r("e", "d")], [c("t-a", "e", 0.8)])
    assert influence_graph(m)["e"]["d"]["strength"] == 0.5
    custom = InfluenceSettings(default_strength=0.25)
    assert influence_graph(m, settings=custom)["e"]["d"]["strength"] == 0.25


def conflict_map(conflict: bool, kind="influences"):
    rels = [r("e", "d", 0.9, kind=kind)]
    if conflict:
        rels.append(r("d", "e", kind="conflict"))
    return build([p("e"), p("d", "decision-maker", "executive")], rels, [c("t-a", "e", 0.8)])


@pytest.mark.parametrize("kind", ["influences", "reports-to", "allied"])
def test_a_conflict_blocks_a_route(kind):
    open_ = conflict_map(False, kind)
    assert best_approach_route(open_, "d", settings=S) is not None
    blocked = conflict_map(True, kind)
    assert approach_routes(blocked, "d", settings=S) == []
    assert best_approach_route(blocked, "d", settings=S) is None
    assert "d" not in best_approach_routes(blocked, settings=S)
    assert kinds_of(blocked, "d") == ["unreachable-decision-maker"]
    assert kinds_of(open_, "d") != ["unreachable-decision-maker"]


# --- link quality: stale links halve routes, plan steps and the score ---------------------

def stale_map(last, strength=0.8):
    return build([p("e"), p("d", "decision-maker", "executive")], [r("e", "d", 0.9)],
                 [c("t-a", "e", strength, last)])


@pytest.mark.parametrize(("days", "expected"), [
    (89, 0.72), (90, 0.72),   # 0.8 × 0.9, recent up to exactly 90 days
    (91, 0.36),               # stale: 0.8 / 2 × 0.9
])
def test_a_stale_link_halves_a_route_at_90_days(days, expected):
    m = stale_map(ago(days))
    assert best_approach_route(m, "d", settings=S).strength == pytest.approx(expected)
    assert best_approach_routes(m, settings=S)["d"].strength == pytest.approx(expected)
    step = penetration_plan(m, settings=S).step_to("d")
    assert step.strength == pytest.approx(expected)
    action = gap(m, "uncovered-decision-maker", "d").action.render("en")
    assert f"(route strength {expected:.2f})" in action


def test_an_undated_link_is_stale():
    assert best_approach_route(stale_map(None), "d", settings=S).strength == pytest.approx(0.36)


def test_stale_days_and_stale_factor_are_settings():
    m = stale_map(ago(60))
    assert best_approach_route(m, "d", settings=S).strength == pytest.approx(0.72)
    thirty = S.with_overrides(stale_days=30)
    assert best_approach_route(m, "d", settings=thirty).strength == pytest.approx(0.36)
    quarter = thirty.with_overrides(stale_factor=0.25)   # 0.8 × 0.25 × 0.9
    assert best_approach_route(m, "d", settings=quarter).strength == pytest.approx(0.18)


@pytest.mark.parametrize(("strength", "covered"), [(0.49, False), (0.5, True), (0.51, True)])
def test_covered_at_0_5(strength, covered):
    m = build([p("d", "decision-maker")], coverage=[c("t-a", "d", strength)])
    ctx = AnalysisContext(m, S)
    assert ctx.covered("d") is covered
    assert ("weak-coverage" in kinds_of(m, "d")) is not covered


def test_covered_min_is_a_setting():
    m = build([p("d", "decision-maker")], coverage=[c("t-a", "d", 0.6)])
    assert AnalysisContext(m, S).covered("d")
    assert not AnalysisContext(m, S.with_overrides(covered_min=0.7)).covered("d")


def test_a_strong_but_stale_link_does_not_cover():
    m = build([p("d", "decision-maker")], coverage=[c("t-a", "d", 0.9, ago(91))])
    assert not AnalysisContext(m, S).covered("d")


# --- the coverage score: best q over all of a stakeholder's links -------------------------

def test_the_score_takes_the_best_quality_over_all_links():
    # one decision-maker holds all the rank: score = 100 × q(d)
    # links: 0.9 stale (q 0.45) and 0.6 recent (q 0.6) → q = 0.6, not the strongest's 0.45
    m = build([p("d", "decision-maker")],
              coverage=[c("t-a", "d", 0.9, ago(200)), c("t-b", "d", 0.6)])
    assert coverage_score(m, settings=S) == pytest.approx(60.0)
    assert analyze(m, settings=S).score == pytest.approx(60.0)
    # 0.9 stale (q 0.45) against 0.4 recent (q 0.4): the stale link is still the best
    m = build([p("d", "decision-maker")],
              coverage=[c("t-a", "d", 0.9, ago(200)), c("t-b", "d", 0.4)])
    assert coverage_score(m, settings=S) == pytest.approx(45.0)


def test_the_score_weighs_each_stakeholder_by_rank_from_networkx():
    m = build([p("d", "decision-maker", power=5), p("i", "influencer"), p("u")],
              [r("i", "d", 0.8), r("u", "i", 0.5)],
              [c("t-a", "i", 0.7), c("t-b", "u", 0.6, ago(120))])
    R = nx.DiGraph([("d", "i", {"weight": 0.8}), ("i", "u", {"weight": 0.5})])
    rank = nx.pagerank(R, alpha=0.85, personalization={"d": 5}, weight="weight")
    expected = 100 * (rank["d"] * 0 + rank["i"] * 0.7 + rank["u"] * 0.3) / sum(rank.values())
    assert coverage_score(m, settings=S) == pytest.approx(expected, abs=1e-9)


def test_the_bank_score_from_networkx_and_the_links_by_hand():
    amap = load_map(EXAMPLES / "cn-bank-core-banking.kam.json")
    G = influence_graph(amap)
    R = nx.DiGraph()
    R.add_nodes_from(G)
    R.add_weighted_edges_from((v, u, d["strength"]) for u, v, d in G.edges(data=True))
    deciders = {n: float(d["power"]) for n, d in G.nodes(data=True)
                if d["role"] == "decision-maker"}
    rank = nx.pagerank(R, alpha=0.85, personalization=deciders, weight="weight")
    best: dict[str, float] = {}
    for link in amap.coverage:
        age = (DAY - link.last_contact).days if link.last_contact else None
        q = link.strength / 2 if age is None or age > 90 else link.strength
        best[link.stakeholder] = max(best.get(link.stakeholder, 0.0), q)
    expected = 100 * sum(rank[s] * best.get(s, 0.0) for s in G) / sum(rank.values())
    assert coverage_score(amap, settings=S) == pytest.approx(expected, abs=1e-9)


# --- support --------------------------------------------------------------------------

def test_support_of_one_decision_maker_is_half_their_stance_times_100():
    for stance, expected in [(2, 100.0), (1, 50.0), (0, 0.0), (-1, -50.0), (-2, -100.0)]:
        m = build([p("d", "decision-maker", stance=stance)])
        assert support_score(m) == expected
        assert analyze(m, settings=S).support == expected


def test_support_weighs_stances_by_rank_from_networkx():
    m = build([p("d", "decision-maker", power=5, stance=2), p("i", "influencer", stance=-2),
               p("u", stance=1)], [r("i", "d", 0.5), r("u", "i", 0.9)])
    for alpha in (0.85, 0.5):
        R = nx.DiGraph([("d", "i", {"weight": 0.5}), ("i", "u", {"weight": 0.9})])
        rank = nx.pagerank(R, alpha=alpha, personalization={"d": 5}, weight="weight")
        expected = 100 * (2 * rank["d"] - 2 * rank["i"] + rank["u"]) / 2 / sum(rank.values())
        got = support_score(m, settings=S.with_overrides(alpha=alpha))
        assert got == pytest.approx(expected, abs=1e-9)


def test_support_without_active_stakeholders_is_zero():
    assert support_score(build([p("x", status="left", stance=2)])) == 0.0


# --- approach routes never pass an opposer --------------------------------------------

def opposer_map():
    # u → opp → d would be 0.5 × 0.9 × 0.9 = 0.405 and opp → d 0.9 × 0.9 = 0.81, but an
    # opposer is neither an entry nor inside a route: the best is u → m → d 0.5 × 0.5 × 0.5
    return build([p("u"), p("m", "influencer", "management"), p("opp", "opposer"),
                  p("d", "decision-maker", "executive")],
                 [r("opp", "d", 0.9), r("u", "opp", 0.9), r("u", "m", 0.5), r("m", "d", 0.5)],
                 [c("t-a", "opp", 0.9), c("t-a", "u", 0.5)])


def test_a_route_neither_enters_through_nor_passes_an_opposer():
    m = opposer_map()
    best = best_approach_route(m, "d", settings=S)
    assert (best.member, best.nodes) == ("t-a", ("u", "m", "d"))
    assert best.strength == pytest.approx(0.125)
    assert best_approach_routes(m, settings=S)["d"] == best
    assert [route.nodes for route in approach_routes(m, "d", settings=S)] == [("u", "m", "d")]


def test_an_opposer_may_be_the_target_and_met_directly():
    m = opposer_map()
    routes = approach_routes(m, "opp", settings=S)
    # directly 0.9 (S = T, path strength 1); through u 0.5 × 0.9 = 0.45
    assert [(r_.entry, r_.nodes) for r_ in routes] == [("opp", ("opp",)), ("u", ("u", "opp"))]
    assert best_approach_routes(m, settings=S)["opp"].nodes == ("opp",)


def test_without_the_opposer_rule_the_route_would_pass_her():
    m = opposer_map()
    m.stakeholders[2].role, m.stakeholders[2].stance = "user", 0
    assert best_approach_route(m, "d", settings=S).nodes == ("opp", "d")


# --- tie rules ------------------------------------------------------------------------

def test_equal_routes_go_to_the_member_id_then_the_entry_id():
    # t-b: x (0.5) → d 0.8 = 0.4; t-a: y (0.8) → d 0.5 = 0.4: t-a, although y > x
    people = [p("x"), p("y"), p("d", "decision-maker")]
    m = build(people, [r("x", "d", 0.8), r("y", "d", 0.5)],
              [c("t-b", "x", 0.5), c("t-a", "y", 0.8)])
    assert (best_approach_route(m, "d", settings=S).member,
            best_approach_routes(m, settings=S)["d"].entry) == ("t-a", "y")
    # one member, two entries at 0.4: the smaller entry id
    m = build(people, [r("x", "d", 0.8), r("y", "d", 0.5)],
              [c("t-a", "x", 0.5), c("t-a", "y", 0.8)])
    assert best_approach_route(m, "d", settings=S).entry == "x"
    assert best_approach_routes(m, settings=S)["d"].entry == "x"


def test_a_real_float_tie_between_routes_goes_to_the_member_id():
    # t-a: 0.15 × 0.8 = 0.12; t-b: 0.2 × 0.75 × 0.8 = 0.12000000000000002 in floating point,
    # equal on paper: the tie goes to t-a, not to the float that happens to be larger
    m = build([p("d", "decision-maker"), p("y"), p("x"), p("m")],
              [r("y", "d", 0.8), r("x", "m", 0.75), r("m", "d", 0.8)],
              [c("t-a", "y", 0.15), c("t-b", "x", 0.2)])
    routes = approach_routes(m, "d", settings=S)
    assert [route.member for route in routes] == ["t-a", "t-b"]
    assert best_approach_route(m, "d", settings=S).member == "t-a"
    assert best_approach_routes(m, settings=S)["d"].member == "t-a"


def test_a_real_float_tie_between_paths_goes_to_the_smaller_id_sequence():
    # x → a → d: 0.2 × 0.35; x → b → d: 0.7 × 0.1. Equal on paper (0.07); their costs
    # −ln differ in the last bit (the b path is cheaper as floats), so only the rounded
    # comparison finds the tie, and the smaller id sequence (x, a, d) wins.
    G = influence_graph(build([p("x"), p("a"), p("b"), p("d")],
                              [r("x", "a", 0.2), r("a", "d", 0.35), r("x", "b", 0.7),
                               r("b", "d", 0.1)]))
    assert strongest_path(G, "x", "d").nodes == ("x", "a", "d")


def test_a_real_float_tie_between_k_paths_goes_to_the_smaller_id_sequence():
    # The strongest x → m → n → d (1 × 1 × 1). Next, two candidates of three hops and 0.07
    # on paper: x → a → b → d (0.2 × 0.35 × 1) and x → m → c → d (1 × 0.7 × 0.1), whose
    # summed costs differ in the last bit (the second is smaller as floats); rounded, they
    # tie and the smaller id sequence comes first.
    G = influence_graph(build(
        [p(x) for x in "xmnabcd"],
        [r("x", "m", 1.0), r("m", "n", 1.0), r("n", "d", 1.0), r("x", "a", 0.2),
         r("a", "b", 0.35), r("b", "d", 1.0), r("m", "c", 0.7), r("c", "d", 0.1)]))
    assert [path.nodes for path in strongest_paths(G, "x", "d", k=3)] == [
        ("x", "m", "n", "d"), ("x", "a", "b", "d"), ("x", "m", "c", "d")]


def test_fewer_hops_win_an_equal_strength():
    G = influence_graph(build([p("x"), p("a"), p("d")],
                              [r("x", "d", 0.25), r("x", "a", 0.5), r("a", "d", 0.5)]))
    assert strongest_path(G, "x", "d").nodes == ("x", "d")


# --- reachable: a route of at least min_route -----------------------------------------

def reach_map(edge):
    return build([p("e"), p("d", "decision-maker", "executive")], [r("e", "d", edge)],
                 [c("t-a", "e", 0.5)])


@pytest.mark.parametrize(("edge", "reachable"), [
    (0.19, False),  # 0.5 × 0.19 = 0.095
    (0.2, True),    # 0.5 × 0.2 = 0.1 exactly
    (0.21, True),   # 0.105
])
def test_reachable_at_0_1(edge, reachable):
    m = reach_map(edge)
    assert AnalysisContext(m, S).reachable("d") is reachable
    assert ("unreachable-decision-maker" in kinds_of(m, "d")) is not reachable
    assert [s.target for s in penetration_plan(m, settings=S).steps] == (
        ["d"] if reachable else [])


def test_min_route_is_a_setting():
    m = reach_map(0.3)  # 0.15
    assert AnalysisContext(m, S).reachable("d")
    assert not AnalysisContext(m, S.with_overrides(min_route=0.2)).reachable("d")
    assert penetration_plan(m, settings=S.with_overrides(min_route=0.2)).steps == ()


# --- brokers --------------------------------------------------------------------------

def subset_brokers(G):
    deciders = [n for n, d in G.nodes(data=True) if d.get("role") == "decision-maker"]
    targets = deciders or list(G)
    raw = nx.betweenness_centrality_subset(G, sources=list(G), targets=targets,
                                           weight="cost", normalized=False)
    pairs = len(G) * len(targets) - len(targets)
    return {n: raw[n] / pairs for n in G if n not in deciders}


@pytest.mark.parametrize("seed", range(25))
def test_brokers_equal_networkx_subset_betweenness_on_random_graphs(seed):
    rng = random.Random(seed)
    n = rng.randint(3, 18)
    G = nx.DiGraph()
    for i in range(n):
        role = "decision-maker" if rng.random() < 0.2 and seed % 4 else "user"
        G.add_node(f"n{i:02d}", role=role)
    strengths = [0.2, 0.35, 0.5, 0.7, 0.1, 0.8, 0.25]
    for _ in range(rng.randint(0, 3 * n)):
        u, v = rng.sample(sorted(G), 2)
        s = rng.choice(strengths)
        G.add_edge(u, v, strength=s, cost=-math.log(s))
    expected = subset_brokers(G)
    for backend in ("scipy", "networkx"):
        got = brokers(G, backend=backend)
        assert got.keys() == expected.keys()
        assert got == pytest.approx(expected, abs=1e-12)


def test_brokers_are_the_people_between_us_and_the_decision_makers():
    # a → b → d, a → c → d (0.5 each), c → b 0.9; d decides. The pairs are (a, d), (b, d),
    # (c, d), (e, d). a ⇝ d: two strongest paths (0.25 each; a → c → b → d is 0.225), so
    # b and c carry half each; c ⇝ d goes direct (0.5 beats c → b → d 0.45); b ⇝ d is
    # direct; e reaches nobody. b = c = 0.5 / 4.
    m = build([p("a"), p("b"), p("c"), p("e"), p("d", "decision-maker")],
              [r("a", "b", 0.5), r("b", "d", 0.5), r("a", "c", 0.5), r("c", "d", 0.5),
               r("c", "b", 0.9)])
    scores = brokers(influence_graph(m))
    assert "d" not in scores
    assert scores == pytest.approx({"a": 0.0, "b": 0.125, "c": 0.125, "e": 0.0})


# --- gaps: one coverage gap per person, the first that applies -----------------------

def test_the_first_coverage_gap_that_applies():
    base = [p("d", "decision-maker", "executive"), p("e")]
    rel = [r("e", "d", 0.9)]
    # no route at all: unreachable only (not also uncovered)
    assert kinds_of(build(base, coverage=[c("t-a", "e", 0.8)]), "d") == [
        "unreachable-decision-maker"]
    # reachable, no link: uncovered
    assert kinds_of(build(base, rel, [c("t-a", "e", 0.8)]), "d") == ["uncovered-decision-maker"]
    # a strong stale link and a weak recent one: stale-contact
    m = build(base, rel, [c("t-a", "d", 0.8, ago(100)), c("t-b", "d", 0.3)])
    assert kinds_of(m, "d") == ["stale-contact"]
    # weak links only: weak-coverage
    assert kinds_of(build(base, rel, [c("t-a", "d", 0.3), c("t-b", "d", 0.4)]), "d") == [
        "weak-coverage"]
    # covered: nothing
    assert kinds_of(build(base, rel, [c("t-a", "d", 0.5)]), "d") == []


@pytest.mark.parametrize(("role", "kind", "severity"), [
    ("decision-maker", "weak-coverage", "high"), ("influencer", "weak-coverage", "medium"),
    ("decision-maker", "stale-contact", "high"), ("influencer", "stale-contact", "medium"),
])
def test_coverage_gap_severities(role, kind, severity):
    link = c("t-a", "x", 0.3) if kind == "weak-coverage" else c("t-a", "x", 0.8, ago(120))
    m = build([p("x", role), p("d", "decision-maker")], coverage=[link, c("t-b", "d", 0.9)])
    assert gap(m, kind, "x").severity == severity


def test_users_get_no_coverage_gap():
    m = build([p("u"), p("d", "decision-maker")],
              coverage=[c("t-a", "u", 0.3), c("t-b", "d", 0.9)])
    assert kinds_of(m, "u") == []


def path_map(edge, *, role):
    # x → d with strength ``edge``; d is covered, x is not
    return build([p("x", role), p("d", "decision-maker", "executive")], [r("x", "d", edge)],
                 [c("t-a", "d", 0.9), c("t-b", "d", 0.8)])


@pytest.mark.parametrize(("edge", "severity"), [(0.29, "low"), (0.3, "medium"),
                                                (0.31, "medium")])
def test_uncovered_influencer_severity_at_0_3(edge, severity):
    assert gap(path_map(edge, role="influencer"), "uncovered-influencer", "x").severity == (
        severity)


@pytest.mark.parametrize(("edge", "severity"), [(0.29, "medium"), (0.3, "high"),
                                                (0.31, "high")])
def test_unaddressed_opposer_severity_at_0_3(edge, severity):
    assert gap(path_map(edge, role="opposer"), "unaddressed-opposer", "x").severity == severity


def test_the_two_path_levels_are_separate_settings():
    # influencer_path_level 0.5 and opposer_path_level 0.2: a path of 0.3 is low for an
    # influencer and high for an opposer; swapping the two settings would give medium, medium
    custom = S.with_overrides(influencer_path_level=0.5, opposer_path_level=0.2)
    assert gap(path_map(0.3, role="influencer"), "uncovered-influencer", "x",
               custom).severity == "low"
    assert gap(path_map(0.3, role="opposer"), "unaddressed-opposer", "x",
               custom).severity == "high"


def test_a_path_through_two_edges_compares_with_tolerance():
    # 0.6 × 0.5 = 0.3 (a path level reached by a product)
    m = build([p("x", "influencer"), p("y"), p("d", "decision-maker")],
              [r("x", "y", 0.6), r("y", "d", 0.5)], [c("t-a", "d", 0.9), c("t-b", "y", 0.9)])
    assert gap(m, "uncovered-influencer", "x").severity == "medium"


def test_unaddressed_opposer_needs_no_covered_direct_influencer():
    people = [p("o", "opposer"), p("boss", "influencer"), p("peer"),
              p("d", "decision-maker")]
    rels = [r("boss", "o", 0.6), r("o", "peer", 0.6), r("o", "d", 0.5)]
    base = [c("t-a", "d", 0.9), c("t-b", "d", 0.9)]
    assert "unaddressed-opposer" in kinds_of(build(people, rels, base), "o")
    # someone she influences is covered: still unaddressed (not a predecessor)
    assert "unaddressed-opposer" in kinds_of(
        build(people, rels, [*base, c("t-a", "peer", 0.8)]), "o")
    # someone who influences her is covered: addressed
    assert kinds_of(build(people, rels, [*base, c("t-a", "boss", 0.8)]), "o") == []
    # she is covered herself: addressed
    assert kinds_of(build(people, rels, [*base, c("t-a", "o", 0.8)]), "o") == []


def champion_map(tags, strength=0.8, last=None):
    last = ago(150) if last is None else last
    return build([p("u", tags=tags), p("d", "decision-maker")],
                 coverage=[c("t-a", "u", strength, last), c("t-b", "d", 0.9)])


def test_the_champion_rule():
    # a user tagged champion, a strong link gone stale: stale-contact, high
    g = gap(champion_map(["champion"]), "stale-contact", "u")
    assert g.severity == "high" and g.details["champion"]
    assert "the champion" in g.message.render("en") and "拥护者" in g.message.render("zh")
    # not a champion, or only weak links, or covered: nothing
    assert kinds_of(champion_map([]), "u") == []
    assert kinds_of(champion_map(["champion"], strength=0.4), "u") == []
    assert kinds_of(champion_map(["champion"], last=FRESH), "u") == []


def test_a_champion_influencer_is_high_and_the_tag_is_a_setting():
    m = build([p("x", "influencer", tags=["sponsor"]), p("d", "decision-maker")],
              coverage=[c("t-a", "x", 0.8, ago(150)), c("t-b", "d", 0.9)])
    assert gap(m, "stale-contact", "x").severity == "medium"
    custom = S.with_overrides(champion_tag="sponsor")
    assert gap(m, "stale-contact", "x", custom).severity == "high"


def test_no_coverage_and_single_threaded():
    people = [p("d", "decision-maker", "executive"), p("e", level="executive")]
    all_kinds = lambda m: {k for k, _, _ in gaps(m)}  # noqa: E731
    nobody = build(people, team=["t-a", "t-b"])
    assert "no-coverage" in all_kinds(nobody) and "single-threaded" not in all_kinds(nobody)
    # one member holds all of it
    one = build(people, coverage=[c("t-a", "d", 0.9), c("t-a", "e", 0.9)], team=["t-a", "t-b"])
    assert "single-threaded" in all_kinds(one) and "no-coverage" not in all_kinds(one)
    # two members, only one stakeholder covered
    assert "single-threaded" in all_kinds(build(people, coverage=[c("t-a", "d", 0.9),
                                                                  c("t-b", "e", 0.3)]))
    # two members, two covered: fine; two members, nobody covered: not single-threaded
    assert "single-threaded" not in all_kinds(build(people, coverage=[c("t-a", "d", 0.9),
                                                                      c("t-b", "e", 0.9)]))
    assert "single-threaded" not in all_kinds(build(people, coverage=[c("t-a", "d", 0.3),
                                                                      c("t-b", "e", 0.3)]))


def departed_map(successor=None):
    old = p("old", "influencer", status="left", **({"successor": successor} if successor
                                                    else {}))
    return build([old, p("new", "influencer"), p("d", "decision-maker")],
                 [r("old", "d", 0.8)], [c("t-a", "old", 0.8), c("t-b", "d", 0.9)])


def test_departed_contact_names_the_successor():
    g = gap(departed_map("new"), "departed-contact", "old")
    assert g.severity == "high" and g.details["successor"] == "new"
    assert g.action.render("en").startswith("Hand the relationship over to NEW")
    assert "took over the role" not in g.action.render("en")
    plain = gap(departed_map(), "departed-contact", "old")
    assert "find out who took over" in plain.action.render("en").lower()


def test_a_level_gap_takes_the_strongest_reachable_route():
    # m covers nobody below; routes to u1 0.8 × 0.3 = 0.24, to u2 0.8 × 0.7 = 0.56
    m = build([p("m", "influencer", "management"), p("u1"), p("u2"),
               p("d", "decision-maker", "executive")],
              [r("m", "u1", 0.3), r("m", "u2", 0.7), r("m", "d", 0.9)],
              [c("t-a", "m", 0.8), c("t-b", "d", 0.9)])
    g = gap(m, "level-gap", "operational")
    assert g.route.target == "u2" and g.route.strength == pytest.approx(0.56)
    [step] = [s for s in penetration_plan(m, settings=S).steps if s.target == "u2"]
    assert step.text.render("en") in g.action.render("en")


def test_the_action_is_the_plan_step_word_for_word():
    m = build([p("e"), p("i", "influencer", "management"), p("d", "decision-maker",
                                                              "executive")],
              [r("e", "i", 0.8), r("i", "d", 0.9)], [c("t-a", "e", 0.7)])
    result = analyze(m, settings=S)
    for step in result.plan.steps:
        for g in result.gaps:
            if g.stakeholder == step.target:
                for lang in ("en", "zh"):
                    assert g.action.render(lang) == step.text.render(lang)


def test_a_target_without_a_reachable_route_is_told_to_find_an_entry_point():
    # e → i 0.14: the route 0.5 × 0.14 = 0.07 is below 0.1, never offered
    m = build([p("e"), p("i", "influencer"), p("d", "decision-maker")],
              [r("e", "i", 0.14), r("i", "d", 0.9)], [c("t-a", "e", 0.5), c("t-b", "d", 0.9)])
    g = gap(m, "uncovered-influencer", "i")
    assert g.route is None
    assert g.action.render("en").startswith("Find an entry point to I")
    assert "0.07" not in g.action.render("en")
    assert penetration_plan(m, settings=S).steps_for("i") == []


# --- the plan -------------------------------------------------------------------------

def staged_map():
    # one covered manager reaches everyone; ranks: the CEO decides, x1 influences him
    # more strongly than x2 does
    return build([
        p("mgr", "influencer", "management"),
        p("ceo", "decision-maker", "executive", power=5, interests=["ROI"]),
        p("x1", "influencer", "management"), p("x2", "influencer", "management"),
        p("ua"), p("ub"), p("opp", "opposer", "management"), p("fan", "opposer"),
    ], [r("mgr", "ceo", 0.6), r("mgr", "x1", 0.8), r("mgr", "x2", 0.8), r("x1", "ceo", 0.9),
        r("x2", "ceo", 0.3), r("mgr", "ua", 0.7), r("mgr", "ub", 0.7), r("x2", "opp", 0.5),
        r("mgr", "fan", 0.5), r("ub", "fan", 0.5)],
        [c("t-a", "mgr", 0.9), c("t-b", "ub", 0.8)])


def test_the_plan_runs_from_the_front_line_up_then_by_rank_then_id():
    plan = penetration_plan(staged_map(), settings=S)
    # operational: ua (ub is covered; fan is an opposer whose influencers mgr and ub are
    # covered); management: x1 before x2 (the CEO listens more to x1), then the opposer
    # opp, unaddressed (only x2 influences her) and reached through x2; executive: the CEO
    assert [(s.stage, s.kind, s.target) for s in plan.steps] == [
        ("operational", "approach", "ua"),
        ("management", "approach", "x1"), ("management", "approach", "x2"),
        ("management", "address", "opp"),
        ("executive", "approach", "ceo")]
    assert [s.number for s in plan.steps] == [1, 2, 3, 4, 5]
    ceo = plan.steps[-1]
    assert (ceo.member, ceo.via, ceo.nodes) == ("t-a", "mgr", ("mgr", "x1", "ceo"))
    assert ceo.strength == pytest.approx(0.9 * 0.8 * 0.9)  # 0.648 beats 0.9 × 0.6
    assert ceo.talking_points.items("zh") == ["ROI"]   # interests, not mixed with 战略价值


def test_equal_rank_in_a_stage_goes_to_the_id():
    m = build([p("mgr", "influencer", "management"), p("ub"), p("ua")],
              [r("mgr", "ua", 0.7), r("mgr", "ub", 0.7)], [c("t-a", "mgr", 0.9)])
    assert [s.target for s in penetration_plan(m, settings=S).steps] == ["ua", "ub"]


def test_an_address_step_speaks_to_the_opposers_concerns():
    plan = penetration_plan(staged_map(), settings=S)
    step = plan.step_to("opp")
    assert step.text.render("en").startswith("Address OPP's concerns")


# --- change impact: alerts ------------------------------------------------------------

def impact(edit, lang="en"):
    people = [p("d", "decision-maker", "executive", stance=1),
              p("i", "influencer", "management", stance=1),
              p("fan", tags=["champion"], stance=2), p("u", stance=1),
              p("dev"), p("old", "influencer", "management"), p("heir", "influencer")]
    coverage = [c("t-a", "d", 0.9), c("t-b", "i", 0.9), c("t-a", "old", 0.8)]
    before = build(people, [r("i", "d", 0.8)], coverage)
    after_people = [dict(person) for person in people]
    edit({person["id"]: person for person in after_people})
    after = build(after_people, [r("i", "d", 0.8)], coverage)
    return change_impact(before, after, settings=S, lang=lang), before, after


def alerts_of(result):
    return {(a["change"], a["stakeholder"]) for a in result["alerts"]}


@pytest.mark.parametrize(("sid", "alerted"), [("d", True), ("i", True), ("fan", True),
                                              ("u", False)])
def test_a_falling_stance_alerts_for_key_people_and_champions(sid, alerted):
    result, _, _ = impact(lambda ps: ps[sid].update(stance=ps[sid]["stance"] - 1))
    assert (("fell", sid) in alerts_of(result)) is alerted


def test_a_rising_stance_is_no_alert():
    result, _, _ = impact(lambda ps: ps["i"].update(stance=2))
    assert not any(a["change"] == "fell" for a in result["alerts"])


def test_promotions_alert():
    result, _, _ = impact(lambda ps: ps["dev"].update(role="decision-maker"))
    assert ("became-decision-maker", "dev") in alerts_of(result)
    result, _, _ = impact(lambda ps: ps["dev"].update(level="management"))
    assert ("moved-up", "dev") in alerts_of(result)
    result, _, _ = impact(lambda ps: ps["i"].update(level="operational"))  # moved down
    assert not any(a["change"] == "moved-up" for a in result["alerts"])


def test_a_departure_names_the_successor_when_known():
    result, _, _ = impact(lambda ps: ps["old"].update(status="left", successor="heir"))
    [alert] = [a for a in result["alerts"] if a["change"] == "left"]
    assert alert["successor"] == "heir" and "HEIR" in alert["message"]
    assert "HEIR" in alert["action"] and "find out" not in alert["action"].lower()
    result, _, _ = impact(lambda ps: ps["old"].update(status="left"))
    [alert] = [a for a in result["alerts"] if a["change"] == "left"]
    assert alert["successor"] is None and "Find out who took over" in alert["action"]


def test_change_impact_carries_score_and_support_before_and_after():
    result, before, after = impact(lambda ps: ps["d"].update(stance=-2))
    assert result["support_before"] == pytest.approx(support_score(before))
    assert result["support_after"] == pytest.approx(support_score(after))
    assert result["support_after"] < result["support_before"]
    assert result["score_before"] == pytest.approx(coverage_score(before, settings=S))
    for key in ("added", "removed", "changed", "broken_routes", "gaps_opened", "gaps_closed"):
        assert key in result


# --- properties on random committees --------------------------------------------------

accounts = st.builds(lambda n, seed: generate_account(n, seed=seed),
                     st.integers(min_value=3, max_value=50),
                     st.integers(min_value=0, max_value=100_000))


@PROPERTIES
@given(accounts)
def test_no_route_or_step_enters_through_or_passes_an_opposer(amap):
    result = analyze(amap, settings=S)
    opposers = {s.id for s in amap.stakeholders if s.active and s.is_opposer}
    for route in result.best_routes.values():
        assert not set(route.nodes[:-1]) & opposers, route
    for step in result.plan.steps:
        assert not set(step.nodes[:-1]) & opposers
        assert step.via not in opposers or step.via == step.target


@PROPERTIES
@given(accounts, st.data())
def test_removing_a_conflict_never_weakens_a_route(amap, data):
    conflicts = [i for i, rel in enumerate(amap.relationships) if rel.kind == "conflict"]
    if not conflicts:
        return
    index = data.draw(st.sampled_from(conflicts))
    calmer = amap.copy()
    del calmer.relationships[index]
    before = best_approach_routes(amap, settings=S)
    after = best_approach_routes(calmer, settings=S)
    for target, route in before.items():
        assert after[target].strength >= route.strength - 1e-12


@PROPERTIES
@given(accounts)
def test_a_steps_sentence_is_its_gaps_action(amap):
    result = analyze(amap, settings=S)
    steps = {step.target: step for step in result.plan.steps}
    for g in result.gaps:
        if g.kind in (*COVERAGE_KINDS, "unaddressed-opposer") and g.stakeholder in steps:
            for lang in ("en", "zh"):
                assert g.action.render(lang) == steps[g.stakeholder].text.render(lang)


@PROPERTIES
@given(accounts)
def test_plan_order_is_by_stage_then_rank(amap):
    result = analyze(amap, settings=S)
    keys = [(STAGE_ORDER.index(step.stage), -round(result.rank.get(step.target, 0.0), 12),
             step.target) for step in result.plan.steps]
    assert keys == sorted(keys)


@PROPERTIES
@given(accounts)
def test_score_and_support_stay_in_range_without_clamping(amap):
    result = analyze(amap, settings=S)
    assert 0.0 <= result.score <= 100.0 + 1e-9
    assert -100.0 - 1e-9 <= result.support <= 100.0 + 1e-9


def _opposer_map(*, ally_reachable: bool):
    import datetime as dt

    from graphlib_kam.model import parse_map

    relationships = [
        {"source": "a", "target": "o", "kind": "influences", "strength": 0.1},
        {"source": "d", "target": "o", "kind": "influences", "strength": 0.9},
        {"source": "o", "target": "d", "kind": "influences", "strength": 0.5},
    ]
    if ally_reachable:
        relationships.append({"source": "c", "target": "a", "kind": "influences",
                              "strength": 0.5})
    amap = parse_map({"account": {"id": "x"}, "team": [{"id": "t", "name": "Tina"}],
        "stakeholders": [
            {"id": "c", "name": "Carl", "role": "user"},
            {"id": "a", "name": "Anna", "role": "influencer"},
            {"id": "d", "name": "Dora", "role": "decision-maker"},
            {"id": "o", "name": "Otto", "role": "opposer", "stance": -2}],
        "relationships": relationships,
        "coverage": [{"member": "t", "stakeholder": "c", "strength": 0.8,
                      "last_contact": "2026-11-20"}]})
    return amap, Settings(as_of=dt.date(2026, 11, 28))


def test_an_unreachable_opposer_is_worked_through_reachable_influencers_only():
    # Otto's influencers are Anna and Dora. Anna is reachable (0.8 × 0.5 = 0.40), Dora
    # (a decision-maker nobody reaches) is not; Otto himself only at 0.04 < 0.1.
    amap, settings = _opposer_map(ally_reachable=True)
    gap = next(g for g in coverage_gaps(amap, settings=settings)
               if g.kind == "unaddressed-opposer")
    action = gap.to_dict("en")["action"]
    assert "Anna" in action and "Dora" not in action


def test_an_opposer_with_no_reachable_influencer_is_met_through_our_executives():
    amap, settings = _opposer_map(ally_reachable=False)
    gap = next(g for g in coverage_gaps(amap, settings=settings)
               if g.kind == "unaddressed-opposer")
    action = gap.to_dict("en")["action"]
    assert "Anna" not in action and "Dora" not in action and "executives" in action
