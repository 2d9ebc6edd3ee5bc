"""More of the rules of graphlib_kam/algorithms/, each checked where it turns: influence,
personnel changes, change impact and the modules after them.

Every expected value here is worked out by hand from the rule (or taken from networkx),
and each threshold is tested exactly at, just below and just above its value, with the
settings overridden. These tests close the gaps a mutation run (make mutation,
docs/mutation.md) found in the tests of those modules; tests/test_algorithms_rules.py
holds the ones of quality, plan, context and coverage.
"""

from __future__ import annotations

import copy
import datetime as dt
import math

import networkx as nx
import pytest

from graphlib_kam.algorithms import influence
from graphlib_kam.algorithms.arrays import (
    arrays_from_graph,
    betweenness_subset,
    influence_arrays,
    strongest_to_any,
)
from graphlib_kam.algorithms.arrays import pagerank as arrays_pagerank
from graphlib_kam.algorithms.changes import change_impact
from graphlib_kam.algorithms.context import AnalysisContext
from graphlib_kam.algorithms.graph import influence_graph
from graphlib_kam.algorithms.influence import (
    RankedStakeholder,
    brokers,
    hidden_power,
    influence_rank,
    ranking,
)
from graphlib_kam.algorithms.matrix import _count as matrix_count
from graphlib_kam.algorithms.matrix import interest_matrix, level_concerns
from graphlib_kam.algorithms.personnel import (
    field_alerts,
    managers_of,
    personnel_alerts,
    suggested_successor,
)
from graphlib_kam.algorithms.resilience import resilience
from graphlib_kam.algorithms.route_kernel import best_routes
from graphlib_kam.algorithms.whatif import remove_people, what_if_removed
from graphlib_kam.errors import InputError, NotFoundError
from graphlib_kam.model import Stakeholder, parse_map
from graphlib_kam.settings import InfluenceSettings, Settings
from tests.test_influence import committee  # an influence graph: (id, role, power), (u, v, s)


def people_map(*people):
    """A map of stakeholders given as (id, level, power)."""
    return parse_map({"account": {"id": "a"}, "stakeholders": [
        {"id": i, "name": i.upper(), "level": level, "power": power}
        for i, level, power in people]})


# --- influence rank ----------------------------------------------------------------

def test_influence_rank_of_one_person_is_all_of_it():
    assert influence_rank(committee([("x", "user", 3)], [])) == pytest.approx({"x": 1.0})


def test_influence_rank_default_damping_is_085():
    # ceo ← cto reversed: x_ceo = 1 / (1 + α), x_cto = α / (1 + α); with α = 0.5 (given)
    # 2/3 and 1/3, and by default α = 0.85.
    G = committee([("ceo", "decision-maker", 5), ("cto", "influencer", 3)],
                  [("cto", "ceo", 0.8)])
    assert influence_rank(G, alpha=0.5) == pytest.approx({"ceo": 2 / 3, "cto": 1 / 3})
    assert influence_rank(G)["cto"] == pytest.approx(0.85 / 1.85, abs=1e-6)


def test_influence_rank_personalises_on_decision_makers_only_by_their_power():
    # Two decision-makers, power 3 and 1, a user nobody links: teleport 3/4 and 1/4; the
    # user, dangling and not a decision-maker, gets nothing.
    G = committee([("a", "decision-maker", 3), ("b", "decision-maker", 1),
                   ("u", "user", 5)], [])
    assert influence_rank(G) == pytest.approx({"a": 0.75, "b": 0.25, "u": 0.0}, abs=1e-9)


def test_influence_rank_splits_by_strength_ratio_when_strengths_are_tiny():
    # The CEO listens to x with 1e-310 and to y with 3e-310 (subnormal floats): as with
    # 1 and 3, x gets a quarter and y three quarters of what the CEO passes on.
    tiny = committee([("ceo", "decision-maker", 5), ("x", "user", 1), ("y", "user", 1)],
                     [])
    tiny.add_edge("x", "ceo", strength=1e-310)
    tiny.add_edge("y", "ceo", strength=3e-310)
    plain = committee([("ceo", "decision-maker", 5), ("x", "user", 1), ("y", "user", 1)],
                      [("x", "ceo", 0.25), ("y", "ceo", 0.75)])
    expected = influence_rank(plain)
    assert expected["y"] == pytest.approx(3 * expected["x"])
    assert influence_rank(tiny) == pytest.approx(expected, abs=1e-12)


def test_rescale_leaves_ordinary_and_zero_out_weights_alone():
    R = nx.DiGraph()
    R.add_edge("a", "b", weight=1e-200)
    R.add_edge("a", "c", weight=2e-200)
    R.add_edge("d", "e", weight=0.0)
    R.add_edge("f", "g", weight=4e-301)
    R.add_edge("f", "h", weight=2e-301)
    influence._rescale_tiny_out_weights(R)
    assert R["a"]["b"]["weight"] == 1e-200 and R["a"]["c"]["weight"] == 2e-200
    assert R["d"]["e"]["weight"] == 0.0
    # f's out-weight 6e-301 is below 1e-300: scaled so that its largest is 1
    assert R["f"]["g"]["weight"] == 1.0 and R["f"]["h"]["weight"] == 0.5


def test_rescale_threshold_is_1e_300():
    R = nx.DiGraph()
    R.add_edge("a", "b", weight=0.5e-300)
    R.add_edge("a", "c", weight=0.5e-300)  # out-weight exactly 1e-300: left alone
    R.add_edge("d", "e", weight=0.9e-300)  # just below: scaled
    influence._rescale_tiny_out_weights(R)
    assert R["a"]["b"]["weight"] == 0.5e-300
    assert R["d"]["e"]["weight"] == 1.0


# --- brokers -----------------------------------------------------------------------

def test_brokers_on_a_chain_of_three_with_every_backend():
    # a → b → c, c decides: pairs (a, c), (b, c); b is inside (a, c) → 1/2.
    G = committee([("a", "user", 3), ("b", "user", 3), ("c", "decision-maker", 5)],
                  [("a", "b", 0.5), ("b", "c", 0.5)])
    for backend in ("auto", "networkx", "compiled", "scipy"):
        assert brokers(G, backend=backend) == pytest.approx({"a": 0.0, "b": 0.5}), backend


def test_brokers_of_one_or_no_person_are_zero():
    G = committee([("a", "user", 3)], [])
    for backend in ("auto", "networkx", "scipy"):
        assert brokers(G, backend=backend) == {"a": 0.0}
    # a lone decision-maker: 0 pairs and nobody listed
    assert brokers(committee([("d", "decision-maker", 5)], [])) == {}
    assert brokers(nx.DiGraph()) == {}


def test_brokers_of_two_people_scipy_is_zero():
    G = committee([("a", "user", 3), ("b", "user", 3)], [("a", "b", 0.5)])
    assert brokers(G, backend="scipy") == {"a": 0.0, "b": 0.0}


def test_scipy_brokers_without_edges_are_zero():
    G = committee([(x, "user", 3) for x in "abcd"], [])
    assert brokers(G, backend="scipy") == dict.fromkeys("abcd", 0.0)


def test_scipy_brokers_on_a_long_chain_hand_computed():
    # a → b → c → d → e, every strength 0.5, no decision-maker: every pair is a target.
    # Pairs (s, t) with s before t: b is inside (a, c), (a, d), (a, e) = 3; c inside
    # (a, d), (a, e), (b, d), (b, e) = 4; d inside 3. Over 5 × 4 = 20 ordered pairs.
    G = committee([(x, "user", 3) for x in "abcde"],
                  [(u, v, 0.5) for u, v in ["ab", "bc", "cd", "de"]])
    expected = {"a": 0.0, "b": 3 / 20, "c": 4 / 20, "d": 3 / 20, "e": 0.0}
    for backend in ("networkx", "scipy", "compiled"):
        assert brokers(G, backend=backend) == pytest.approx(expected), backend


def test_scipy_brokers_count_paths_through_two_diamonds():
    # a → {b, c} → d → {e, f} → g, all 0.5, g decides: from a, 4 strongest paths to g;
    # b and c are on 2 each (1/2 of (a, g)), d on all 4 (1 of (a, g)) and on both of
    # (b, g) and (c, g); e and f on half of each of (a, g), (b, g), (c, g), (d, g).
    # Pairs: 6 sources × 1 target = 6.
    G = committee([(x, "user", 3) for x in "abcdef"] + [("g", "decision-maker", 5)],
                  [(u, v, 0.5) for u, v in
                   ["ab", "ac", "bd", "cd", "de", "df", "eg", "fg"]])
    expected = {"a": 0.0, "b": 0.5 / 6, "c": 0.5 / 6, "d": 3 / 6, "e": 2 / 6, "f": 2 / 6}
    for backend in ("networkx", "scipy", "compiled"):
        assert brokers(G, backend=backend) == pytest.approx(expected), backend


def test_scipy_brokers_in_blocks_of_sources(monkeypatch):
    # The same answer when the sources are taken 2 at a time.
    G = committee([(x, "user", 3) for x in "abcde"],
                  [(u, v, 0.5) for u, v in ["ab", "bc", "cd", "de"]])
    monkeypatch.setattr(influence, "_SCIPY_BLOCK", 2)
    assert brokers(G, backend="scipy") == pytest.approx(
        {"a": 0.0, "b": 3 / 20, "c": 4 / 20, "d": 3 / 20, "e": 0.0})


def test_scipy_brokers_hand_over_only_below_the_minimum_cost(monkeypatch):
    calls = []
    real = influence._betweenness_subset_scipy

    def spy(G, targets):
        calls.append(len(G))
        return real(G, targets)

    monkeypatch.setattr(influence, "_betweenness_subset_scipy", spy)
    at = committee([(x, "user", 3) for x in "abc"], [])
    at.add_edge("a", "b", strength=1.0, cost=1e-9)   # at the minimum: scipy
    at.add_edge("b", "c", strength=0.5, cost=math.log(2))
    assert brokers(at, backend="scipy")["b"] == pytest.approx(1 / 6)
    assert calls == [3]
    below = committee([(x, "user", 3) for x in "abc"], [])
    below.add_edge("a", "b", strength=1.0, cost=0.9e-9)  # just below: networkx
    below.add_edge("b", "c", strength=0.5, cost=math.log(2))
    assert brokers(below, backend="scipy")["b"] == pytest.approx(1 / 6)
    assert calls == [3]
    brokers(at, backend="networkx")
    assert calls == [3]


def test_brokers_auto_without_the_kernel_is_scipy(monkeypatch):
    G = committee([("a", "user", 3), ("b", "user", 3), ("c", "decision-maker", 5)],
                  [("a", "b", 0.5), ("b", "c", 0.5)])
    monkeypatch.setattr(influence, "COMPILED", False)
    monkeypatch.setattr(influence, "betweenness_subset", None)  # must not be called
    assert brokers(G) == pytest.approx({"a": 0.0, "b": 0.5})
    with pytest.raises(InputError) as caught:
        brokers(G, backend="compiled")
    assert str(caught.value) == ("the compiled betweenness kernel was not built with this "
                                 "installation; use backend 'scipy' or 'networkx'")


@pytest.mark.skipif(not influence.COMPILED, reason="the compiled kernel was not built")
def test_brokers_compiled_and_auto_run_the_compiled_kernel(monkeypatch):
    G = committee([("a", "user", 3), ("b", "user", 3), ("c", "decision-maker", 5)],
                  [("a", "b", 0.5), ("b", "c", 0.5)])
    calls = []
    real = influence.betweenness_subset

    def spy(arrays, targets):
        calls.append(list(targets))
        return real(arrays, targets)

    monkeypatch.setattr(influence, "betweenness_subset", spy)
    for backend in ("compiled", "auto"):
        assert brokers(G, backend=backend) == pytest.approx({"a": 0.0, "b": 0.5})
    assert calls == [["c"], ["c"]]
    for backend in ("scipy", "networkx"):
        assert brokers(G, backend=backend) == pytest.approx({"a": 0.0, "b": 0.5})
    assert len(calls) == 2


def test_unknown_brokers_backend_lists_the_known_ones():
    with pytest.raises(InputError) as caught:
        brokers(nx.DiGraph(), backend="igraph")
    assert str(caught.value) == ("unknown betweenness backend 'igraph'; expected one of "
                                 "auto, networkx, compiled, scipy")


# --- ranking -----------------------------------------------------------------------

def test_ranking_rounds_to_12_decimals():
    m = people_map(("x", "operational", 3), ("y", "operational", 3))
    # 3e-13 apart: equal at 12 decimals, so by id
    assert [r.id for r in ranking(m, {"y": 0.3 + 3e-13, "x": 0.3})] == ["x", "y"]
    assert [r.id for r in ranking(m, {"x": 0.3 + 3e-13, "y": 0.3})] == ["x", "y"]
    # 2e-12 apart: the higher first
    assert [r.id for r in ranking(m, {"y": 0.3 + 2e-12, "x": 0.3})] == ["y", "x"]


def test_ranking_lines_count_from_one_and_name_unknown_ids_by_id():
    m = people_map(("x", "operational", 3))
    assert ranking(m, {"x": 0.2, "ghost": 0.5}) == [
        RankedStakeholder(id="ghost", name="ghost", score=0.5, rank=1),
        RankedStakeholder(id="x", name="X", score=0.2, rank=2)]
    assert RankedStakeholder("x", "X", 0.2, 2).to_dict() == {
        "id": "x", "name": "X", "score": 0.2, "rank": 2}


# --- hidden power ------------------------------------------------------------------

def test_hidden_power_thresholds_must_straddle_one():
    m = people_map(("x", "operational", 3))
    for above, below in [(1.0, 0.5), (2.0, 1.0)]:
        with pytest.raises(ValueError) as caught:
            hidden_power(m, {"x": 1.0}, above=above, below=below)
        assert str(caught.value) == "expected below < 1 < above"
    assert hidden_power(m, {"x": 1.0}, above=1.01, below=0.99) == []


def test_hidden_power_thresholds_given_are_used_at_and_around_them():
    # One level, power 3 each, scores 0.3, 0.2, 0.1 → mean 0.2 = every expectation;
    # ratios 1.5, 1.0, 0.5.
    m = people_map(("p", "management", 3), ("q", "management", 3), ("r", "management", 3))
    scores = {"p": 0.3, "q": 0.2, "r": 0.1}

    def directions(**thresholds):
        return {h["id"]: h["direction"] for h in hidden_power(m, scores, **thresholds)}

    assert directions(above=1.5, below=0.5) == {"p": "above", "r": "below"}
    assert directions(above=1.51, below=0.49) == {}
    assert directions(above=1.49, below=0.51) == {"p": "above", "r": "below"}
    assert directions() == {"r": "below"}  # defaults 2 and 0.5


def test_hidden_power_rounds_ratio_and_expectation_to_12_decimals():
    m = people_map(("p", "management", 3), ("q", "management", 3), ("r", "management", 3))
    # p = 0.3 − 1e-13: the mean is 0.2 − 3.3e-14 and p's ratio 1.5 − 2.5e-13, which is
    # 1.5 at 12 decimals, so p reaches above = 1.5
    [row] = hidden_power(m, {"p": 0.3 - 1e-13, "q": 0.2, "r": 0.1}, above=1.5, below=0.1)
    assert (row["id"], row["ratio"], row["direction"]) == ("p", 1.5, "above")
    # p = 0.3 − 1.8e-13: everyone's expectation is the mean, 0.2 − 6e-14: 0.2 at 12
    rows = hidden_power(m, {"p": 0.3 - 1.8e-13, "q": 0.2, "r": 0.1}, include_all=True)
    assert {r["id"]: r["expected"] for r in rows} == {"p": 0.2, "q": 0.2, "r": 0.2}


def test_hidden_power_looks_past_a_level_with_no_influence():
    # the operational level (listed first) scores 0 and is skipped; management is not
    m = people_map(("o1", "operational", 3), ("o2", "operational", 3),
                   ("m1", "management", 3), ("m2", "management", 3))
    rows = hidden_power(m, {"o1": 0.0, "o2": 0.0, "m1": 0.9, "m2": 0.1})
    assert [(r["id"], r["direction"]) for r in rows] == [("m2", "below")]


def test_hidden_power_row_in_full():
    m = parse_map({"account": {"id": "a"}, "stakeholders": [
        {"id": "m1", "name": "Mo", "level": "management", "power": 2,
         "role": "influencer"},
        {"id": "m2", "name": "Ma", "level": "management", "power": 4},
        {"id": "off", "name": "Off", "level": "executive"}]})
    # management: mean score 0.15, mean power 3; m1 expected 0.15 × 2 / 3 = 0.1, ratio 3
    rows = hidden_power(m, {"m1": 0.3, "m2": 0.0})
    assert rows[0] == {"id": "m2", "name": "Ma", "role": "user", "level": "management",
                       "power": 4, "score": 0.0, "rank": 2, "expected": 0.2, "ratio": 0.0,
                       "direction": "below"}
    assert rows[1] == {"id": "m1", "name": "Mo", "role": "influencer",
                       "level": "management", "power": 2, "score": 0.3, "rank": 1,
                       "expected": 0.1, "ratio": 3.0, "direction": "above"}
    assert len(rows) == 2  # "off" has no score: not considered


def test_hidden_power_orders_a_ratio_of_zero_first_then_by_distance_then_id():
    # Level A (power 1 each): 0.0 and 0.4 → ratios 0 and 2. Level B: 0.1, 0.9 → 0.2, 1.8.
    # Level C: 0.05, 0.05, 0.2 → mean 0.1; ratios 0.5, 0.5, 2.
    m = people_map(("a0", "executive", 1), ("a1", "executive", 1),
                   ("b0", "management", 1), ("b1", "management", 1),
                   ("c2", "operational", 1), ("c1", "operational", 1),
                   ("c0", "operational", 1))
    scores = {"a0": 0.0, "a1": 0.4, "b0": 0.1, "b1": 0.9, "c0": 0.05, "c1": 0.05,
              "c2": 0.2}
    rows = hidden_power(m, scores, include_all=True)
    # |ln 0.2| > |ln 2| = |ln 0.5| > |ln 1.8|; ties by id
    assert [r["id"] for r in rows] == ["a0", "b0", "a1", "c0", "c1", "c2", "b1"]
    assert [r["direction"] for r in rows] == ["below", "below", "above", "below",
                                              "below", "above", None]


# --- personnel changes -------------------------------------------------------------

def pm(*stakeholders, relationships=()):
    """A map from plain stakeholder dicts (and reports-to pairs)."""
    return parse_map({"account": {"id": "a"}, "stakeholders": list(stakeholders),
                      "relationships": [{"source": s, "target": t, "kind": "reports-to"}
                                        for s, t in relationships]})


def test_managers_of_reads_only_reports_to_links():
    m = parse_map({"account": {"id": "a"}, "stakeholders": [
        {"id": "s-a"}, {"id": "s-b"}, {"id": "s-c"}], "relationships": [
        {"source": "s-a", "target": "s-b", "kind": "reports-to"},
        {"source": "s-a", "target": "s-c", "kind": "reports-to"},
        {"source": "s-b", "target": "s-c", "kind": "influences"}]})
    assert managers_of(m) == {"s-a": {"s-b", "s-c"}}


def test_suggested_successor_matches_title_case_and_spaces_aside():
    departed = Stakeholder("s-a", title="Chief  Information Officer")
    assert suggested_successor(departed, [
        Stakeholder("s-b", title=" chief information   OFFICER "),
        Stakeholder("s-c", title="Chief Officer")]) == "s-b"
    assert suggested_successor(departed, [Stakeholder("s-c", title="Chief Officer")]) is None
    assert suggested_successor(departed, []) is None
    # a title of spaces is no title
    assert suggested_successor(Stakeholder("s-a", title="  "),
                               [Stakeholder("s-b", title="  ")]) is None


def test_field_alerts_in_full_and_by_role():
    m = pm({"id": "s-b", "name": "Bo"}, {"id": "s-c", "name": "Cy"})
    was = Stakeholder("s-a", "Ann", title="CIO", department="IT", role="influencer")
    now = Stakeholder("s-a", "Ann", title="CTO", department="Digital", role="influencer")
    alerts = field_alerts(was, now, old_managers={"s-b"}, new_managers={"s-c", "s-x"},
                          before=m, after=m)
    assert alerts == [
        {"kind": "personnel-change", "change": "title-changed", "severity": "high",
         "stakeholder": "s-a", "name": "Ann", "old": "CIO", "new": "CTO", "successor": None,
         "message": "Personnel change: Ann's title changed from CIO to CTO."},
        {"kind": "personnel-change", "change": "department-changed", "severity": "high",
         "stakeholder": "s-a", "name": "Ann", "old": "IT", "new": "Digital",
         "successor": None,
         "message": "Personnel change: Ann moved from the department IT to Digital."},
        {"kind": "personnel-change", "change": "new-manager", "severity": "medium",
         "stakeholder": "s-a", "name": "Ann", "old": ["s-b"], "new": ["s-c", "s-x"],
         "successor": None,
         "message": "Personnel change: Ann now reports to Cy, s-x (before: Bo)."}]
    zh_map = pm({"id": "s-b", "name": "博"}, {"id": "s-c", "name": "赛"})
    zh = field_alerts(Stakeholder("s-a", "安", title="总监", department="信息部"),
                      Stakeholder("s-a", "安", title="副总裁", department="数字部"),
                      old_managers={"s-b"}, new_managers={"s-c"}, before=zh_map,
                      after=zh_map, lang="zh")
    assert [a["message"] for a in zh] == ["人员变动：安的职位由总监变为副总裁。",
                                          "人员变动：安由信息部部门调至数字部部门。",
                                          "人员变动：安的上级由博变为赛。"]
    severities = {role: [a["severity"] for a in field_alerts(
        Stakeholder("s-a", title="CIO", role=role), Stakeholder("s-a", title="CTO", role=role),
        old_managers=(), new_managers=(), before=m, after=m)]
        for role in ("decision-maker", "influencer", "user", "opposer")}
    assert severities == {"decision-maker": ["high"], "influencer": ["high"],
                          "user": ["medium"], "opposer": ["medium"]}


def test_field_alerts_need_a_value_on_both_sides_and_a_real_change():
    m = pm({"id": "s-b", "name": "Bo"}, {"id": "s-c", "name": "Cy"})

    def changes(was, now, old=(), new=()):
        return [a["change"] for a in field_alerts(was, now, old_managers=old,
                                                  new_managers=new, before=m, after=m)]

    assert changes(Stakeholder("s-a", title="Chief  officer"),
                   Stakeholder("s-a", title="chief Officer")) == []
    assert changes(Stakeholder("s-a", title=""), Stakeholder("s-a", title="CTO")) == []
    assert changes(Stakeholder("s-a", title="CIO"), Stakeholder("s-a", title="")) == []
    assert changes(Stakeholder("s-a", department=""), Stakeholder("s-a", department="IT")) == []
    assert changes(Stakeholder("s-a", department="IT"), Stakeholder("s-a", department="")) == []
    assert changes(Stakeholder("s-a", department="IT"),
                   Stakeholder("s-a", department="IT")) == []
    # a department differing only in case is a change (titles compare case aside)
    assert changes(Stakeholder("s-a", department="IT"),
                   Stakeholder("s-a", department="it")) == ["department-changed"]
    person = Stakeholder("s-a")
    assert changes(person, person, old={"s-b"}, new={"s-b"}) == []
    assert changes(person, person, old={"s-b", "s-c"}, new={"s-b"}) == []  # one fewer
    assert changes(person, person, old=(), new={"s-b"}) == []  # a first manager
    assert changes(person, person, old={"s-b"}, new=()) == []  # none given now
    assert changes(person, person, old={"s-b"}, new={"s-b", "s-c"}) == ["new-manager"]


def test_field_alerts_name_old_managers_from_the_old_map():
    before = pm({"id": "s-b", "name": "Bo"})
    after = pm({"id": "s-b", "name": "Bob"}, {"id": "s-c", "name": "Cy"})
    [alert] = field_alerts(Stakeholder("s-a", "Ann"), Stakeholder("s-a", "Ann"),
                           old_managers=["s-b"], new_managers=["s-c", "s-b"],
                           before=before, after=after)
    assert alert["message"] == "Personnel change: Ann now reports to Bob, Cy (before: Bo)."
    assert alert["old"] == ["s-b"] and alert["new"] == ["s-b", "s-c"]


def test_personnel_alerts_in_full():
    old = pm({"id": "s-cio", "name": "Raj", "title": "CIO", "role": "decision-maker"},
             {"id": "s-ops", "name": "Olu", "title": "Ops Lead"},
             {"id": "s-cfo", "name": "克莱尔", "title": "CFO", "department": "财务部"},
             {"id": "s-b", "name": "博"}, {"id": "s-c", "name": "赛"},
             relationships=[("s-cfo", "s-b")])
    new = pm({"id": "s-cio", "name": "Raj", "title": "CIO", "role": "decision-maker"},
             {"id": "s-ops", "name": "Olu", "title": "Ops Lead"},
             {"id": "s-cfo", "name": "克莱尔", "title": "CFO", "department": "资金部"},
             {"id": "s-b", "name": "博"}, {"id": "s-c", "name": "赛"},
             {"id": "s-new", "name": "Ana", "title": "cio", "level": "executive"},
             {"id": "s-mgr", "name": "Max", "level": "management"})
    alerts = personnel_alerts(old, new, present={"s-cfo", "s-new", "s-mgr", "s-b", "s-c"},
                              managers={"s-cfo": {"s-c"}}, lang="en")
    assert alerts == [
        {"kind": "personnel-change", "change": "may-have-left", "severity": "high",
         "stakeholder": "s-cio", "name": "Raj", "old": None, "new": None,
         "successor": "s-new",
         "message": "Personnel change: Raj (CIO), decision-maker, is not in the new export "
                    "and may have left; Ana (cio) now holds their title and may be their "
                    "successor."},
        {"kind": "personnel-change", "change": "may-have-left", "severity": "medium",
         "stakeholder": "s-ops", "name": "Olu", "old": None, "new": None,
         "successor": None,
         "message": "Personnel change: Olu (Ops Lead), user, is not in the new export and "
                    "may have left; nobody new in the export holds their title."},
        {"kind": "personnel-change", "change": "department-changed", "severity": "medium",
         "stakeholder": "s-cfo", "name": "克莱尔", "old": "财务部", "new": "资金部",
         "successor": None,
         "message": "Personnel change: 克莱尔 moved from the department 财务部 to "
                    "资金部."},
        {"kind": "personnel-change", "change": "new-manager", "severity": "medium",
         "stakeholder": "s-cfo", "name": "克莱尔", "old": ["s-b"], "new": ["s-c"],
         "successor": None,
         "message": "Personnel change: 克莱尔 now reports to 赛 (before: 博)."},
        {"kind": "personnel-change", "change": "new-executive", "severity": "high",
         "stakeholder": "s-new", "name": "Ana", "old": None, "new": None,
         "successor": None,
         "message": "Personnel change: Ana (cio) is new at executive level."}]
    zh = personnel_alerts(old, new, present={"s-cfo", "s-new", "s-mgr", "s-b", "s-c"},
                          managers={"s-cfo": {"s-c"}}, lang="zh")
    assert [a["message"] for a in zh] == [
        "人员变动：决策者 · Raj（CIO）不在新导出的数据中，可能已离开；"
        "Ana（cio）现任同一职位，可能是其接任人。",
        "人员变动：使用者 · Olu（Ops Lead）不在新导出的数据中，可能已离开；"
        "新导出的数据中没有新人担任同一职位。",
        "人员变动：克莱尔由财务部部门调至资金部部门。",
        "人员变动：克莱尔的上级由博变为赛。",
        "人员变动：Ana（cio）新进入高层。"]


def test_personnel_alerts_only_for_active_tracked_people_the_export_lacks():
    old = pm({"id": "s-a", "name": "A"}, {"id": "s-gone", "name": "G", "status": "left"},
             {"id": "s-x", "name": "X"})
    assert [a["stakeholder"] for a in personnel_alerts(old, old, present={"s-a"},
                                                       tracked={"s-a", "s-gone"})] == []
    assert [a["stakeholder"] for a in personnel_alerts(old, old, present={"s-a"},
                                                       tracked=["s-x"])] == ["s-x"]
    # no manager given for someone: not compared
    old = pm({"id": "s-a", "name": "A"}, {"id": "s-b"}, relationships=[("s-a", "s-b")])
    assert personnel_alerts(old, old, present={"s-a", "s-b"}) == []
    # a newcomer who is not in the export (not present) is no newcomer of it
    new = pm({"id": "s-a", "name": "A"}, {"id": "s-b"},
             {"id": "s-e", "name": "E", "level": "executive"})
    assert personnel_alerts(old, new, present={"s-a", "s-b"}) == []
    assert [a["change"] for a in personnel_alerts(old, new, present={"s-a", "s-b", "s-e"})
            ] == ["new-executive"]


def test_a_departed_person_without_a_title_is_named_plainly():
    old = pm({"id": "s-a", "name": "Ann"})
    [alert] = personnel_alerts(old, old, present=())
    assert alert["message"] == ("Personnel change: Ann, user, is not in the new export and "
                                "may have left; nobody new in the export holds their title.")


# --- change impact -----------------------------------------------------------------

S = Settings(as_of=dt.date(2026, 11, 28))
FRESH = "2026-11-02"  # 26 days before S.as_of


def base_map() -> dict:
    """Li Na covers Zhang (CTO, influencer), who influences Wang (the CEO, 0.8): Wang's
    best route is Li Na → Zhang → Wang, 0.7 × 0.8 = 0.56. Wu Lei covers Dev, who reports
    to Zhang."""
    return {
        "account": {"id": "acme"}, "revision": 1,
        "team": [{"id": "t-li", "name": "Li Na"}, {"id": "t-wu", "name": "Wu Lei"}],
        "stakeholders": [
            {"id": "s-cto", "name": "Zhang", "title": "CTO", "role": "influencer",
             "level": "management", "interests": ["cloud"]},
            {"id": "s-ceo", "name": "Wang", "role": "decision-maker", "level": "executive",
             "stance": 1, "interests": ["growth"]},
            {"id": "s-dev", "name": "Dev", "role": "user", "interests": ["tools"]},
        ],
        "relationships": [
            {"source": "s-cto", "target": "s-ceo", "strength": 0.8},
            {"source": "s-dev", "target": "s-cto", "kind": "reports-to"}],
        "coverage": [
            {"member": "t-li", "stakeholder": "s-cto", "strength": 0.7, "last_contact": FRESH},
            {"member": "t-wu", "stakeholder": "s-dev", "strength": 0.6, "last_contact": FRESH},
        ],
    }


def stakeholder(data, sid):
    return next(s for s in data["stakeholders"] if s["id"] == sid)


def impact(edit, lang="en", settings=S):
    data = base_map()
    new = copy.deepcopy(data)
    new["revision"] = 2
    edit(new)
    return change_impact(parse_map(data), parse_map(new), settings=settings, lang=lang)


def test_change_impact_of_nothing_keeps_scores_and_revisions():
    found = impact(lambda d: None)
    assert {k: found[k] for k in ("added", "removed", "changed", "broken_routes",
                                  "gaps_opened", "gaps_closed", "alerts")} == {
        k: [] for k in ("added", "removed", "changed", "broken_routes", "gaps_opened",
                        "gaps_closed", "alerts")}
    assert found["revision"] == {"old": 1, "new": 2}
    assert found["score"] == {"old": found["score_before"], "new": found["score_after"]}
    assert found["score_before"] == found["score_after"]
    assert found["support"] == {"old": found["support_before"], "new": found["support_after"]}


def test_change_impact_scores_before_and_after():
    # Dev leaves: the coverage score drops, and the score and support pairs say so.
    found = impact(lambda d: stakeholder(d, "s-dev").update(status="left"))
    old = AnalysisContext(parse_map(base_map()), S)
    assert found["score"] == {"old": old.score, "new": found["score_after"]}
    assert found["score_before"] == old.score > found["score_after"]
    assert found["support_before"] == old.support


def test_a_departed_influencer_in_full():
    found = impact(lambda d: stakeholder(d, "s-cto").update(status="left"))
    assert found["alerts"] == [{
        "kind": "personnel-change", "change": "left", "severity": "high",
        "stakeholder": "s-cto", "name": "Zhang",
        "message": "Personnel change: Zhang (CTO), influencer, has left; the coverage held "
                   "by Li Na is lost, and our best routes to Wang went through them.",
        "action": "Find out who took over Zhang's responsibilities, add them to the map, "
                  "and have Li Na rebuild the relationships Zhang carried.",
        "successor": None}]
    [route] = found["broken_routes"]
    assert (route["stakeholder"], route["change"], route["after"]) == ("s-ceo", "broken", None)
    assert route["message"] == "The route to Wang is gone: it was Li Na → Zhang → Wang (0.56)."
    assert found["changed"] == [{"kind": "stakeholder", "id": "s-cto", "name": "Zhang",
                                 "changes": [{"field": "status", "old": "active",
                                              "new": "left"},
                                             {"field": "covered", "old": True,
                                              "new": False}]}]


def test_a_departed_influencer_with_a_successor():
    def edit(d):
        stakeholder(d, "s-cto").update(status="left", successor="s-new")
        d["stakeholders"].append({"id": "s-new", "name": "Nora", "title": "CTO",
                                  "role": "influencer", "level": "management",
                                  "interests": ["ai"]})
    found = impact(edit)
    assert found["alerts"] == [
        {"kind": "personnel-change", "change": "left", "severity": "high",
         "stakeholder": "s-cto", "name": "Zhang",
         "message": "Personnel change: Zhang (CTO), influencer, has left and Nora (CTO) "
                    "took over; the coverage held by Li Na is lost, and our best routes to "
                    "Wang went through them.",
         "action": "Hand the relationships Zhang carried over to Nora: have Li Na meet "
                   "Nora soon.",
         "successor": "s-new"},
        {"kind": "personnel-change", "change": "joined", "severity": "medium",
         "stakeholder": "s-new", "name": "Nora",
         "message": "Personnel change: Nora (CTO) joined the committee as influencer; "
                    "nobody covers them yet.",
         "action": "Meet Nora early and learn their priorities; lead with ai.",
         "successor": None}]
    added = [i for i in found["added"] if i["kind"] == "stakeholder"]
    assert added == [{"kind": "stakeholder", "id": "s-new", "name": "Nora",
                      "role": "influencer", "level": "management", "stance": 0,
                      "status": "active", "covered": False}]


def test_a_departed_person_nobody_covered_or_routed_through():
    base = base_map()
    base["stakeholders"].append({"id": "s-x", "name": "Xi"})
    new = copy.deepcopy(base)
    edit_new = next(s for s in new["stakeholders"] if s["id"] == "s-x")
    edit_new["status"] = "left"
    found = change_impact(parse_map(base), parse_map(new), settings=S)
    assert found["alerts"] == [{
        "kind": "personnel-change", "change": "left", "severity": "medium",
        "stakeholder": "s-x", "name": "Xi",
        "message": "Personnel change: Xi, user, has left; no coverage or route to a "
                   "decision-maker depended on them.",
        "action": "Find out who took over Xi's responsibilities and add them to the map.",
        "successor": None}]
    # the same person removed from the map
    del new["stakeholders"][-1]
    [alert] = change_impact(parse_map(base), parse_map(new), settings=S)["alerts"]
    assert (alert["change"], alert["severity"]) == ("removed", "medium")
    assert alert["message"] == ("Personnel change: Xi, user, is no longer on the map; no "
                                "coverage or route to a decision-maker depended on them.")
    # someone already gone is no news
    base["stakeholders"][-1]["status"] = "left"
    assert change_impact(parse_map(base), parse_map(new), settings=S)["alerts"] == []


def test_a_removed_covered_user_and_a_decision_maker_are_high():
    def edit(d):
        d["stakeholders"] = [s for s in d["stakeholders"] if s["id"] != "s-dev"]
        d["relationships"].pop(1)
        d["coverage"].pop(1)
    [alert] = impact(edit)["alerts"]
    assert alert == {
        "kind": "personnel-change", "change": "removed", "severity": "high",
        "stakeholder": "s-dev", "name": "Dev",
        "message": "Personnel change: Dev, user, is no longer on the map; the coverage "
                   "held by Wu Lei is lost.",
        "action": "Find out who took over Dev's responsibilities, add them to the map, and "
                  "have Wu Lei rebuild the relationships Dev carried.",
        "successor": None}


def test_a_returned_person():
    base = base_map()
    stakeholder(base, "s-dev")["status"] = "left"
    new = base_map()
    [alert] = change_impact(parse_map(base), parse_map(new), settings=S)["alerts"]
    assert alert == {
        "kind": "personnel-change", "change": "returned", "severity": "medium",
        "stakeholder": "s-dev", "name": "Dev",
        "message": "Personnel change: Dev, user, is active again.",
        "action": "Meet Dev early and learn their priorities; lead with tools.",
        "successor": None}


def test_a_removed_team_member_in_full():
    def edit(d):
        d["team"].pop(1)
        d["coverage"].pop(1)
    found = impact(edit)
    assert found["alerts"] == [{
        "kind": "team-change", "change": "member-removed", "severity": "medium",
        "stakeholder": "t-wu", "name": "Wu Lei",
        "message": "Team change: Wu Lei is no longer on our team, and their coverage of Dev "
                   "goes with them; no coverage or route to a decision-maker depended on "
                   "them.",
        "action": "Hand Dev over to another team member in a joint meeting.",
        "successor": None}]
    assert found["removed"] == [
        {"kind": "team-member", "id": "t-wu", "name": "Wu Lei"},
        {"kind": "coverage", "member": "t-wu", "stakeholder": "s-dev",
         "member_name": "Wu Lei", "name": "Dev", "strength": 0.6, "last_contact": FRESH}]


def test_a_removed_team_member_our_routes_went_through_is_high():
    def edit(d):
        d["team"].pop(0)
        d["coverage"].pop(0)
    [alert] = [a for a in impact(edit)["alerts"] if a["kind"] == "team-change"]
    assert alert["severity"] == "high"
    assert alert["message"] == ("Team change: Li Na is no longer on our team, and their "
                                "coverage of Zhang goes with them; our best routes to Wang "
                                "went through them.")
    assert alert["action"] == "Hand Zhang over to another team member in a joint meeting."


def test_a_removed_team_member_who_covered_nobody_is_no_news():
    base = base_map()
    base["team"].append({"id": "t-zz", "name": "Zz"})
    found = change_impact(parse_map(base), parse_map(base_map()), settings=S)
    assert found["alerts"] == []
    assert found["removed"] == [{"kind": "team-member", "id": "t-zz", "name": "Zz"}]


def test_stance_falls_by_role_and_champion():
    # a decision-maker falling to −1 is high, to 0 medium
    [alert] = impact(lambda d: stakeholder(d, "s-ceo").update(stance=-1))["alerts"]
    assert alert == {"kind": "stance-change", "change": "fell", "severity": "high",
                     "stakeholder": "s-ceo", "name": "Wang",
                     "message": "Wang's stance fell from +1 to -1.",
                     "action": "Find out what changed for Wang and respond on growth.",
                     "successor": None}
    [alert] = impact(lambda d: stakeholder(d, "s-ceo").update(stance=0))["alerts"]
    assert (alert["severity"], alert["message"]) == (
        "medium", "Wang's stance fell from +1 to +0.")
    # a stance that rises is no alert
    assert impact(lambda d: stakeholder(d, "s-ceo").update(stance=2))["alerts"] == []
    # a user's fall is no alert, unless they are a champion (before or after): high
    assert impact(lambda d: stakeholder(d, "s-dev").update(stance=-1))["alerts"] == []
    [alert] = impact(lambda d: stakeholder(d, "s-dev").update(stance=-1,
                                                              tags=["champion"]))["alerts"]
    assert (alert["severity"], alert["message"]) == (
        "high", "The champion Dev's stance fell from +0 to -1.")
    # the champion tag is the one the settings name
    found = impact(lambda d: stakeholder(d, "s-dev").update(stance=-1, tags=["fan"]),
                   settings=S.with_overrides(champion_tag="fan"))
    assert [a["severity"] for a in found["alerts"]] == ["high"]
    # someone who becomes an influencer as their stance falls: medium at 0
    [alert] = [a for a in impact(lambda d: stakeholder(d, "s-dev").update(
        stance=-1, role="influencer"))["alerts"] if a["kind"] == "stance-change"]
    assert alert["severity"] == "high"


def test_stance_of_a_champion_in_the_old_map_only():
    base = base_map()
    stakeholder(base, "s-dev")["tags"] = ["champion"]
    new = base_map()
    stakeholder(new, "s-dev")["stance"] = -1
    [alert] = change_impact(parse_map(base), parse_map(new), settings=S)["alerts"]
    assert (alert["kind"], alert["severity"]) == ("stance-change", "high")


def test_became_decision_maker_and_moved_up():
    [alert] = impact(lambda d: stakeholder(d, "s-cto").update(role="decision-maker"))[
        "alerts"]
    assert alert == {
        "kind": "personnel-change", "change": "became-decision-maker", "severity": "high",
        "stakeholder": "s-cto", "name": "Zhang",
        "message": "Personnel change: Zhang (CTO), until now influencer, is now a "
                   "decision-maker; we already cover them.",
        "action": "Meet Zhang early and learn their priorities; lead with cloud.",
        "successor": None}
    [alert] = impact(lambda d: stakeholder(d, "s-dev").update(level="management"))["alerts"]
    assert alert == {
        "kind": "personnel-change", "change": "moved-up", "severity": "medium",
        "stakeholder": "s-dev", "name": "Dev",
        "message": "Personnel change: Dev moved up from operational to management level; "
                   "we already cover them.",
        "action": "Meet Dev early and learn their priorities; lead with tools.",
        "successor": None}
    [alert] = impact(lambda d: stakeholder(d, "s-cto").update(level="executive"))["alerts"]
    assert (alert["change"], alert["severity"]) == ("moved-up", "high")
    # moving down is no alert
    assert impact(lambda d: stakeholder(d, "s-cto").update(level="operational"))[
        "alerts"] == []


def test_an_uncovered_decision_maker_we_reach_is_met_by_the_route():
    def edit(d):
        d["stakeholders"].append({"id": "s-cfo", "name": "Xu", "role": "decision-maker",
                                  "level": "executive", "interests": ["budget"]})
        d["relationships"].append({"source": "s-cto", "target": "s-cfo", "strength": 0.9})
    [alert] = impact(edit)["alerts"]
    assert alert == {
        "kind": "personnel-change", "change": "joined", "severity": "high",
        "stakeholder": "s-cfo", "name": "Xu",
        "message": "Personnel change: Xu joined the committee as decision-maker; nobody "
                   "covers them yet.",
        "action": "Meet them early: ask Zhang (covered by Li Na) to introduce you to Xu "
                  "(route strength 0.63); lead with budget.",
        "successor": None}
    # a user who became a decision-maker, uncovered
    def uncovered_dev(d):
        stakeholder(d, "s-dev")["role"] = "decision-maker"
        d["coverage"].pop(1)
    [alert] = [a for a in impact(uncovered_dev)["alerts"]
               if a["change"] == "became-decision-maker"]
    assert alert["message"] == ("Personnel change: Dev, until now user, is now a "
                                "decision-maker; nobody covers them yet.")


def test_newcomers_by_role_level_and_status():
    def add(**person):
        return lambda d: d["stakeholders"].append({"id": "s-n", "name": "Nia",
                                                   "interests": ["ops"], **person})
    [alert] = impact(add(level="executive"))["alerts"]
    assert alert == {
        "kind": "personnel-change", "change": "new-executive", "severity": "high",
        "stakeholder": "s-n", "name": "Nia",
        "message": "Personnel change: Nia is new at executive level.",
        "action": "Meet Nia early and learn their priorities; lead with ops.",
        "successor": None}
    assert impact(add(level="management"))["alerts"] == []
    assert impact(add(level="executive", status="left"))["alerts"] == []
    assert impact(add(role="decision-maker", status="left"))["alerts"] == []
    [alert] = impact(add(role="influencer", level="executive"))["alerts"]
    assert (alert["change"], alert["severity"]) == ("joined", "medium")


def test_field_changes_of_someone_who_stays():
    def edit(d):
        stakeholder(d, "s-cto").update(title="CIO", department="IT")
    base = base_map()
    stakeholder(base, "s-cto")["department"] = "R&D"
    data = base_map()
    edit(data)
    alerts = change_impact(parse_map(base), parse_map(data), settings=S)["alerts"]
    # in field_alerts' order (same severity, kind and person)
    assert alerts == [
        {"kind": "personnel-change", "change": "title-changed", "severity": "high",
         "stakeholder": "s-cto", "name": "Zhang", "successor": None,
         "message": "Personnel change: Zhang's title changed from CTO to CIO.",
         "action": "Confirm the change with Zhang and update the map."},
        {"kind": "personnel-change", "change": "department-changed", "severity": "high",
         "stakeholder": "s-cto", "name": "Zhang", "successor": None,
         "message": "Personnel change: Zhang moved from the department R&D to IT.",
         "action": "Confirm the change with Zhang and update the map."}]
    # the same for someone who leaves at once: only that they left
    stakeholder(data, "s-cto")["status"] = "left"
    alerts = change_impact(parse_map(base), parse_map(data), settings=S)["alerts"]
    assert [a["change"] for a in alerts] == ["left"]


def test_a_new_manager_in_change_impact():
    def edit(d):
        d["stakeholders"].append({"id": "s-vp", "name": "Vee"})
        d["relationships"][1]["target"] = "s-vp"
    alerts = [a for a in impact(edit)["alerts"] if a["change"] == "new-manager"]
    assert alerts == [{
        "kind": "personnel-change", "change": "new-manager", "severity": "medium",
        "stakeholder": "s-dev", "name": "Dev", "successor": None,
        "message": "Personnel change: Dev now reports to Vee (before: Zhang).",
        "action": "Confirm the change with Dev and update the map."}]


def test_alerts_are_sorted_by_severity_kind_then_stakeholder():
    def edit(d):
        stakeholder(d, "s-ceo").update(stance=0)                      # medium stance
        stakeholder(d, "s-dev").update(level="management")            # medium moved-up
        d["stakeholders"].append({"id": "s-a", "name": "Al", "level": "executive"})
        d["stakeholders"].append({"id": "s-b", "name": "Bea", "role": "decision-maker"})
    found = impact(edit)
    assert [(a["severity"], a["kind"], a["stakeholder"]) for a in found["alerts"]] == [
        ("high", "personnel-change", "s-a"), ("high", "personnel-change", "s-b"),
        ("medium", "personnel-change", "s-dev"), ("medium", "stance-change", "s-ceo")]


def test_items_in_full_both_ways():
    def edit(d):
        d["stakeholders"].append({"id": "s-cfo", "name": "Xu", "role": "decision-maker",
                                  "level": "executive", "stance": -1})
        d["team"].append({"id": "t-zh", "name": "Zhao"})
        d["relationships"].append({"source": "s-cfo", "target": "s-ceo", "kind": "allied",
                                   "strength": 0.4})
        d["coverage"].append({"member": "t-zh", "stakeholder": "s-cfo", "strength": 0.9,
                              "last_contact": "2026-11-20"})
    found = impact(edit)
    assert found["added"] == [
        {"kind": "stakeholder", "id": "s-cfo", "name": "Xu", "role": "decision-maker",
         "level": "executive", "stance": -1, "status": "active", "covered": True},
        {"kind": "team-member", "id": "t-zh", "name": "Zhao"},
        {"kind": "relationship", "source": "s-cfo", "target": "s-ceo", "source_name": "Xu",
         "target_name": "Wang", "relationship": "allied", "strength": 0.4},
        {"kind": "coverage", "member": "t-zh", "stakeholder": "s-cfo", "member_name": "Zhao",
         "name": "Xu", "strength": 0.9, "last_contact": "2026-11-20"}]
    assert found["removed"] == []
    [joined] = [a for a in found["alerts"] if a["change"] == "joined"]
    assert joined["message"] == ("Personnel change: Xu joined the committee as "
                                 "decision-maker; we already cover them.")
    assert joined["action"].startswith("Meet Xu early and learn their priorities")
    data = base_map()
    edit(data)
    back = change_impact(parse_map(data), parse_map(base_map()), settings=S)
    assert [i["kind"] for i in back["removed"]] == ["stakeholder", "team-member",
                                                    "relationship", "coverage"]
    assert back["removed"][0]["covered"] is True  # covered in the map they are in
    assert back["added"] == []


def test_an_undirected_relationship_is_the_same_either_way_round_a_directed_one_is_not():
    base = base_map()
    base["relationships"].append({"source": "s-dev", "target": "s-ceo", "kind": "allied"})
    turned = copy.deepcopy(base)
    turned["relationships"][2].update(source="s-ceo", target="s-dev")
    found = change_impact(parse_map(base), parse_map(turned), settings=S)
    assert found["added"] == found["removed"] == found["changed"] == []
    turned = copy.deepcopy(base)
    turned["relationships"][0].update(source="s-ceo", target="s-cto")
    found = change_impact(parse_map(base), parse_map(turned), settings=S)
    assert [(i["source"], i["target"]) for i in found["added"]] == [("s-ceo", "s-cto")]
    assert [(i["source"], i["target"]) for i in found["removed"]] == [("s-cto", "s-ceo")]


def test_changed_relationships_and_links_in_full():
    def edit(d):
        d["relationships"][0]["strength"] = 0.5
        d["coverage"][1]["last_contact"] = "2026-11-20"
    found = impact(edit)
    assert found["changed"] == [
        {"kind": "relationship", "source": "s-cto", "target": "s-ceo", "source_name": "Zhang",
         "target_name": "Wang", "relationship": "influences", "old": 0.8, "new": 0.5},
        {"kind": "coverage", "member": "t-wu", "stakeholder": "s-dev", "member_name": "Wu Lei",
         "name": "Dev", "old": {"strength": 0.6, "last_contact": FRESH},
         "new": {"strength": 0.6, "last_contact": "2026-11-20"}}]
    # a link without a date, then with one
    base = base_map()
    del base["coverage"][1]["last_contact"]
    found = change_impact(parse_map(base), parse_map(base_map()), settings=S)
    assert [(c["old"], c["new"]) for c in found["changed"] if c["kind"] == "coverage"] == [
        ({"strength": 0.6, "last_contact": None}, {"strength": 0.6, "last_contact": FRESH})]


def test_tracked_fields_are_listed_in_order():
    def edit(d):
        stakeholder(d, "s-dev").update(role="influencer", level="management", stance=1,
                                       power=4, title="Lead", department="Ops")
    [changed] = impact(edit)["changed"]
    assert changed["changes"] == [
        {"field": "role", "old": "user", "new": "influencer"},
        {"field": "level", "old": "operational", "new": "management"},
        {"field": "stance", "old": 0, "new": 1},
        {"field": "power", "old": 3, "new": 4},
        {"field": "title", "old": "", "new": "Lead"},
        {"field": "department", "old": "", "new": "Ops"}]


def test_route_messages_weakened_and_broken():
    def weaker(d):
        d["coverage"].append({"member": "t-wu", "stakeholder": "s-ceo", "strength": 0.3,
                              "last_contact": FRESH})
        stakeholder(d, "s-cto")["status"] = "left"
    [route] = impact(weaker)["broken_routes"]
    assert route["change"] == "weakened"
    assert route["message"] == ("The route to Wang weakened from 0.56 (Li Na → Zhang → "
                                "Wang) to 0.30 (Wu Lei → Wang).")

    def too_weak(d):
        d["coverage"].append({"member": "t-wu", "stakeholder": "s-ceo", "strength": 0.05,
                              "last_contact": FRESH})
        stakeholder(d, "s-cto")["status"] = "left"
    [route] = impact(too_weak)["broken_routes"]
    assert route["change"] == "broken"
    assert route["message"] == ("The route to Wang broke: it was Li Na → Zhang → Wang "
                                "(0.56); the best left is Wu Lei → Wang (0.05).")


def test_gaps_opened_and_closed_in_the_language_asked():
    found = impact(lambda d: stakeholder(d, "s-cto").update(status="left"), lang="zh")
    departed = [g for g in found["gaps_opened"] if g["kind"] == "departed-contact"]
    assert len(departed) == 1 and "已离开" in departed[0]["message"]
    base = base_map()
    stakeholder(base, "s-cto")["status"] = "left"
    back = change_impact(parse_map(base), parse_map(base_map()), settings=S, lang="zh")
    closed = [g for g in back["gaps_closed"] if g["kind"] == "departed-contact"]
    assert len(closed) == 1 and "已离开" in closed[0]["message"]


def test_change_impact_in_chinese():
    base = base_map()
    base["team"][0]["name"] = "李娜"
    stakeholder(base, "s-cto").update(name="张伟", title="技术总监")
    stakeholder(base, "s-ceo")["name"] = "王建国"
    new = copy.deepcopy(base)
    stakeholder(new, "s-cto")["status"] = "left"
    found = change_impact(parse_map(base), parse_map(new), settings=S, lang="zh")
    [alert] = found["alerts"]
    assert alert["message"] == ("人员变动：影响者 · 技术总监 · 张伟已离开；"
                                "李娜与其建立的覆盖关系随之失效；"
                                "我方通往王建国的最佳路径经过此人。")
    assert alert["action"] == ("弄清由谁接任张伟的职责并加入图谱，"
                               "请李娜重建此前依靠张伟维系的关系。")
    [route] = found["broken_routes"]
    assert route["message"] == "通往王建国的路径已断：原路径为 李娜 → 张伟 → 王建国（0.56）。"


def test_change_impact_judges_both_maps_by_the_settings_given():
    # covered_min 0.65: Zhang's 0.7 link covers him, Dev's 0.6 does not, in both maps
    # alike, so the same map twice changes nothing.
    strict = S.with_overrides(covered_min=0.65)
    found = change_impact(parse_map(base_map()), parse_map(base_map()), settings=strict)
    assert found["changed"] == [] and found["gaps_opened"] == found["gaps_closed"] == []
    assert found["score_before"] == found["score_after"]
    # Dev leaving under those settings loses no covered contact
    found = impact(lambda d: stakeholder(d, "s-dev").update(status="left"), settings=strict)
    assert found["changed"] == [{"kind": "stakeholder", "id": "s-dev", "name": "Dev",
                                 "changes": [{"field": "status", "old": "active",
                                              "new": "left"}]}]


def test_everyone_inside_a_broken_route_is_named_in_their_alert():
    # Li Na → Ann → Bo → Wang (0.9 × 0.9 × 0.9): Bo, the second inside, leaves
    data = {"account": {"id": "acme"}, "team": [{"id": "t-li", "name": "Li Na"}],
            "stakeholders": [{"id": "s-a", "name": "Ann"}, {"id": "s-b", "name": "Bo"},
                             {"id": "s-ceo", "name": "Wang", "role": "decision-maker"}],
            "relationships": [{"source": "s-a", "target": "s-b", "strength": 0.9},
                              {"source": "s-b", "target": "s-ceo", "strength": 0.9}],
            "coverage": [{"member": "t-li", "stakeholder": "s-a", "strength": 0.9,
                          "last_contact": FRESH}]}
    new = copy.deepcopy(data)
    new["stakeholders"][1]["status"] = "left"
    [alert] = change_impact(parse_map(data), parse_map(new), settings=S)["alerts"]
    assert (alert["stakeholder"], alert["severity"]) == ("s-b", "high")
    assert alert["message"] == ("Personnel change: Bo, user, has left; our best routes to "
                                "Wang went through them.")


def test_a_successor_for_someone_nobody_covered_is_met_by_our_team():
    base = base_map()
    base["stakeholders"].append({"id": "s-x", "name": "Xi"})
    new = copy.deepcopy(base)
    new["stakeholders"][-1].update(status="left", successor="s-y")
    new["stakeholders"].append({"id": "s-y", "name": "Yu"})
    [alert] = change_impact(parse_map(base), parse_map(new), settings=S)["alerts"]
    assert alert["message"] == ("Personnel change: Xi, user, has left and Yu took over; no "
                                "coverage or route to a decision-maker depended on them.")
    assert alert["action"] == ("Hand the relationships Xi carried over to Yu: have our "
                               "account team meet Yu soon.")
    assert (alert["severity"], alert["successor"]) == ("medium", "s-y")


def test_someone_who_returns_is_only_returned():
    # back at work as a decision-maker with a new title: one alert, that they returned
    base = base_map()
    stakeholder(base, "s-dev")["status"] = "left"
    new = base_map()
    stakeholder(new, "s-dev").update(role="decision-maker", title="Head", stance=-1)
    alerts = change_impact(parse_map(base), parse_map(new), settings=S)["alerts"]
    assert [a["change"] for a in alerts] == ["returned"]


def test_someone_uncovered_moving_up():
    base = base_map()
    base["stakeholders"].append({"id": "s-x", "name": "Xi", "interests": ["ops"]})
    new = copy.deepcopy(base)
    new["stakeholders"][-1]["level"] = "executive"
    [alert] = change_impact(parse_map(base), parse_map(new), settings=S)["alerts"]
    assert alert == {
        "kind": "personnel-change", "change": "moved-up", "severity": "medium",
        "stakeholder": "s-x", "name": "Xi",
        "message": "Personnel change: Xi moved up from operational to executive level; "
                   "nobody covers them yet.",
        "action": "Meet Xi early and learn their priorities; lead with ops.",
        "successor": None}


def test_every_removed_team_member_is_looked_at():
    # Zz (covers nobody) and Wu Lei are removed, Li Na stays between them
    base = base_map()
    base["team"].insert(0, {"id": "t-zz", "name": "Zz"})
    new = base_map()
    new["team"].pop(1)
    new["coverage"].pop(1)
    alerts = change_impact(parse_map(base), parse_map(new), settings=S)["alerts"]
    assert [(a["kind"], a["stakeholder"]) for a in alerts] == [("team-change", "t-wu")]


# --- resilience --------------------------------------------------------------------

def resilience_map(coverage, relationships=None, extra=()):
    """Cato influences the CEO (0.8); a second decision-maker, Aaron, nobody reaches."""
    return parse_map({
        "account": {"id": "a"},
        "team": [{"id": "t-li", "name": "Li Na"}, {"id": "t-wu", "name": "Wu Lei"}],
        "stakeholders": [{"id": "s-cto", "name": "Cato"},
                         {"id": "s-ceo", "name": "Ceo", "role": "decision-maker"},
                         {"id": "s-aaa", "name": "Aaron", "role": "decision-maker"},
                         *extra],
        "relationships": relationships if relationships is not None else [
            {"source": "s-cto", "target": "s-ceo", "strength": 0.8}],
        "coverage": [{"member": m, "stakeholder": s, "strength": x, "last_contact": day}
                     for m, s, x, day in coverage]})


def test_resilience_halving_must_lie_strictly_between_0_and_1():
    m = resilience_map([])
    for halving in (0, 1):
        with pytest.raises(ValueError) as caught:
            resilience(m, settings=S, halving=halving)
        assert str(caught.value) == "halving must be between 0 and 1"
    assert len(resilience(m, settings=S, halving=0.01)) == 2
    assert len(resilience(m, settings=S, halving=0.99)) == 2


def test_resilience_in_full_breaks_first():
    # Best: Li Na → Cato → Ceo, 0.9 × 0.8 = 0.72; Li Na's own link to Ceo is 0.3. Losing
    # Cato leaves 0.3 ≤ 0.36 (halves); losing Li Na leaves nothing (breaks).
    m = resilience_map([("t-li", "s-cto", 0.9, FRESH), ("t-li", "s-ceo", 0.3, FRESH)])
    aaron, ceo = resilience(m, settings=S)
    assert aaron == {"stakeholder": "s-aaa", "name": "Aaron", "best": None,
                     "survives": None, "critical": []}
    assert (ceo["stakeholder"], ceo["name"], ceo["survives"]) == ("s-ceo", "Ceo", False)
    assert ceo["best"]["strength"] == pytest.approx(0.72)
    assert [(c["id"], c["name"], c["kind"], c["effect"], c["after_strength"])
            for c in ceo["critical"]] == [("t-li", "Li Na", "member", "breaks", 0.0),
                                          ("s-cto", "Cato", "stakeholder", "halves",
                                           pytest.approx(0.3))]
    assert ceo["critical"][0]["after"] is None and ceo["critical"][0]["ratio"] == 0.0
    assert ceo["critical"][1]["ratio"] == pytest.approx(0.3 / 0.72)


def test_resilience_uses_the_settings_given_for_every_route():
    # Links of 1 January 2026 are stale on any day after April; with stale_factor 0.25
    # Li Na → Cato → Ceo is 0.9 × 0.25 × 0.8 = 0.18 and Wu Lei's 0.3 link 0.075, below
    # min_route 0.1: losing Li Na or Cato breaks the route. (At the default 0.5: 0.36,
    # and Wu Lei's 0.15 left, which only halves it.)
    old = "2026-01-01"
    m = resilience_map([("t-li", "s-cto", 0.9, old), ("t-wu", "s-ceo", 0.3, old)])
    [_, ceo] = resilience(m, settings=S.with_overrides(stale_factor=0.25))
    assert ceo["best"]["strength"] == pytest.approx(0.18)
    assert [(c["id"], c["effect"]) for c in ceo["critical"]] == [("s-cto", "breaks"),
                                                                 ("t-li", "breaks")]


def test_resilience_uses_the_implied_strengths_given():
    # Cato reports to the CEO (no strength given): with reports_up and reports_down 0.8
    # the route is 0.9 × 0.8 = 0.72 (at the defaults it could be no more than 0.63).
    m = resilience_map([("t-li", "s-cto", 0.9, FRESH)], relationships=[
        {"source": "s-cto", "target": "s-ceo", "kind": "reports-to"}])
    given = S.with_overrides(influence=InfluenceSettings(reports_up=0.8, reports_down=0.8))
    [_, ceo] = resilience(m, settings=given)
    assert ceo["best"]["strength"] == pytest.approx(0.72)


# --- influence graph ---------------------------------------------------------------

def test_an_implied_tie_keeps_the_relationship_listed_first():
    m = parse_map({"account": {"id": "a"}, "stakeholders": [{"id": "a"}, {"id": "b"}],
                   "relationships": [{"source": "a", "target": "b", "kind": "reports-to"},
                                     {"source": "a", "target": "b", "kind": "allied"}]})
    tie = InfluenceSettings(reports_up=0.6, reports_down=0.7, allied=0.6)
    G = influence_graph(m, settings=tie)
    assert (G["a"]["b"]["strength"], G["a"]["b"]["kind"]) == (0.6, "reports-to")
    assert (G["b"]["a"]["strength"], G["b"]["a"]["kind"]) == (0.7, "reports-to")


# --- interest matrix ---------------------------------------------------------------

def test_level_concerns_of_an_unknown_level_are_none():
    assert level_concerns("nowhere") == []


def test_an_unknown_matrix_cell_is_named():
    matrix = interest_matrix(parse_map({"account": {"id": "a"}, "stakeholders": []}))
    with pytest.raises(KeyError) as caught:
        matrix.cell("nowhere", "user")
    assert caught.value.args == (("nowhere", "user"),)


def test_interest_matrix_to_dict_names_and_counts():
    m = parse_map({"account": {"id": "a"}, "stakeholders": [
        {"id": "s-1", "name": "Ann", "level": "executive", "role": "decision-maker",
         "interests": ["ROI", "growth"]},
        {"id": "s-2", "name": "Bo", "level": "executive", "role": "decision-maker",
         "interests": ["roi"]}]})
    [executive] = [lv for lv in interest_matrix(m).to_dict()["levels"]
                   if lv["level"] == "executive"]
    assert executive["interests"] == [{"interest": "ROI", "count": 2},
                                      {"interest": "growth", "count": 1}]
    [cell] = [c for c in executive["roles"] if c["role"] == "decision-maker"]
    assert cell["stakeholders"] == [{"id": "s-1", "name": "Ann"}, {"id": "s-2", "name": "Bo"}]
    assert cell["interests"] == [{"interest": "ROI", "count": 2},
                                 {"interest": "growth", "count": 1}]


def test_interest_counts_most_frequent_first_then_first_recorded():
    # b and B are one interest (2), c 2, a 1; an empty one is skipped, not the end
    assert matrix_count([("b", 1), ("a", 1), ("", 1), ("c", 2), ("B", 1)]) == [
        ("b", 2), ("c", 2), ("a", 1)]


# --- what if -----------------------------------------------------------------------

def test_remove_people_names_every_unknown_id():
    with pytest.raises(NotFoundError) as caught:
        remove_people(parse_map(base_map()), ["s-zz", "t-li", "s-aa"])
    assert str(caught.value) == "no stakeholder or team member has the id 's-aa', 's-zz'"


def test_what_if_removed_uses_the_settings_and_language_given():
    # covered_min 0.65 in both maps: removing a team member who covers nobody changes no
    # one's coverage
    base = base_map()
    base["team"].append({"id": "t-zz", "name": "Zz"})
    strict = S.with_overrides(covered_min=0.65)
    found = what_if_removed(parse_map(base), ["t-zz"], settings=strict)
    assert found["changed"] == [] and found["score_before"] == found["score_after"]
    english = what_if_removed(parse_map(base_map()), ["s-cto"], settings=S)
    assert english["alerts"][0]["message"].startswith("Personnel change: Zhang (CTO)")
    chinese = what_if_removed(parse_map(base_map()), ["s-cto"], settings=S, lang="zh")
    assert chinese["alerts"][0]["message"].startswith("人员变动：影响者 · ")
    assert chinese["broken_routes"][0]["message"].startswith("通往")


def test_field_changes_in_change_impact_in_chinese():
    base = base_map()
    stakeholder(base, "s-cto").update(name="张伟", title="总监")
    new = copy.deepcopy(base)
    stakeholder(new, "s-cto")["title"] = "副总裁"
    [alert] = change_impact(parse_map(base), parse_map(new), settings=S, lang="zh")["alerts"]
    assert alert["message"] == "人员变动：张伟的职位由总监变为副总裁。"
    assert alert["action"] == "向张伟确认变动并更新图谱。"


# --- the array kernel --------------------------------------------------------------

def test_kernel_membership_and_node_data_from_a_graph():
    G = nx.DiGraph()
    G.add_node("a", role="decision-maker", power=5, stance=-1)
    G.add_node("b", role="user")  # no power or stance: 3 and 0
    G.add_edge("b", "a", strength=0.5, cost=math.log(2))
    kernel = arrays_from_graph(G)
    assert "a" in kernel and "b" in kernel and "z" not in kernel
    assert kernel.powers == (5, 3) and kernel.stances == (-1, 0)


def test_kernel_betweenness_without_the_compiled_kernel_says_so(monkeypatch):
    from graphlib_kam.algorithms import arrays
    monkeypatch.setattr(arrays, "_betweenness", None)
    with pytest.raises(RuntimeError) as caught:
        arrays.betweenness_subset(arrays_from_graph(nx.DiGraph()), [])
    assert str(caught.value) == "the compiled betweenness kernel was not built"


def test_strongest_to_any_keeps_the_first_of_two_equal_paths_as_networkx():
    # a → b → t and a → c → t, all 0.5: the two paths cost the same; networkx keeps the
    # one through the predecessor of t it meets first (b, the edge added first)
    G = committee([(x, "user", 3) for x in "abct"],
                  [("a", "b", 0.5), ("a", "c", 0.5), ("b", "t", 0.5), ("c", "t", 0.5)])
    _, paths = nx.multi_source_dijkstra(G.reverse(), ["t"], weight="cost")
    assert paths["a"] == ["t", "b", "a"]
    assert strongest_to_any(arrays_from_graph(G), ["t"])["a"] == ("a", "b", "t")


def test_best_routes_tie_on_strength_prefers_fewer_hops():
    # Li Na covers A (0.8). A → T 0.5 and A → B (1.0) → T 0.5 are equally strong (0.4),
    # from the same member and entry: the route of fewer hops wins.
    m = parse_map({"account": {"id": "a"}, "team": [{"id": "t-li", "name": "Li Na"}],
                   "stakeholders": [{"id": "s-a"}, {"id": "s-b"}, {"id": "s-t"}],
                   "relationships": [{"source": "s-a", "target": "s-b", "strength": 1.0},
                                     {"source": "s-a", "target": "s-t", "strength": 0.5},
                                     {"source": "s-b", "target": "s-t", "strength": 0.5}],
                   "coverage": [{"member": "t-li", "stakeholder": "s-a", "strength": 0.8,
                                 "last_contact": FRESH}]})
    routes = best_routes(influence_arrays(m), m, settings=S)
    assert routes["s-t"].nodes == ("s-a", "s-t")
    assert routes["s-t"].strength == pytest.approx(0.4)


def test_kernel_pagerank_splits_by_strength_ratio_when_strengths_are_tiny():
    # as test_influence_rank_splits_by_strength_ratio_when_strengths_are_tiny, on the kernel
    tiny = committee([("ceo", "decision-maker", 5), ("x", "user", 1), ("y", "user", 1)], [])
    tiny.add_edge("x", "ceo", strength=1e-310, cost=-math.log(1e-310))
    tiny.add_edge("y", "ceo", strength=3e-310, cost=-math.log(3e-310))
    plain = committee([("ceo", "decision-maker", 5), ("x", "user", 1), ("y", "user", 1)],
                      [("x", "ceo", 0.25), ("y", "ceo", 0.75)])
    assert arrays_pagerank(arrays_from_graph(tiny)) == pytest.approx(
        influence_rank(plain), abs=1e-12)


def test_kernel_pagerank_of_300_stakeholders_is_networkx():
    # From 300 nodes the kernel takes sparse rows; the last nodes are in no edge.
    G = committee([(f"n{i:03d}", "user", 3) for i in range(300)],
                  [("n001", "n000", 0.5), ("n002", "n000", 0.4)])
    assert arrays_pagerank(arrays_from_graph(G)) == pytest.approx(influence_rank(G),
                                                                  abs=1e-12)
    # and with a tiny row among them
    G.add_edge("n003", "n001", strength=1e-310, cost=-math.log(1e-310))
    G.add_edge("n004", "n001", strength=3e-310, cost=-math.log(3e-310))
    assert arrays_pagerank(arrays_from_graph(G)) == pytest.approx(influence_rank(G),
                                                                  abs=1e-12)


def test_kernel_pagerank_that_cannot_converge_says_in_how_many_rounds():
    G = committee([("ceo", "decision-maker", 5), ("x", "user", 1), ("y", "user", 1)],
                  [("x", "ceo", 0.25), ("y", "ceo", 0.75)])
    with pytest.raises(nx.PowerIterationFailedConvergence) as caught:
        arrays_pagerank(arrays_from_graph(G), max_iter=1)
    # networkx's own words for it
    assert "power iteration failed to converge within 1 iterations" in str(caught.value)


def test_kernel_strengths_given_and_implied():
    m = parse_map({"account": {"id": "a"}, "stakeholders": [
        {"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d"}], "relationships": [
        {"source": "a", "target": "b"},                                  # default 0.5
        {"source": "c", "target": "d", "kind": "allied", "strength": 0.9}]})
    succ = influence_arrays(m).succ
    assert succ["a"]["b"][0] == 0.5
    assert succ["c"]["d"][0] == 0.9 and succ["d"]["c"][0] == 0.9


@pytest.mark.skipif(not influence.COMPILED, reason="the compiled kernel was not built")
def test_kernel_betweenness_on_a_kernel_built_from_the_map():
    # a → b → c (0.5 each), c the target: b is inside the one pair (a, c)
    m = parse_map({"account": {"id": "a"}, "stakeholders": [{"id": "a"}, {"id": "b"},
                   {"id": "c"}], "relationships": [
        {"source": "a", "target": "b", "strength": 0.5},
        {"source": "b", "target": "c", "strength": 0.5}]})
    assert betweenness_subset(influence_arrays(m), ["c"]) == {"a": 0.0, "b": 1.0, "c": 0.0}
    # a → b → d (0.9 × 0.9) is stronger than a → c → d (0.5 × 0.5), listed first: only
    # b is inside
    m = parse_map({"account": {"id": "a"}, "stakeholders": [
        {"id": x} for x in "abcd"], "relationships": [
        {"source": u, "target": v, "strength": s}
        for u, v, s in [("a", "c", 0.5), ("c", "d", 0.5), ("a", "b", 0.9), ("b", "d", 0.9)]]})
    assert betweenness_subset(influence_arrays(m), ["d"]) == {"a": 0.0, "b": 1.0, "c": 0.0,
                                                              "d": 0.0}


def test_kernel_pagerank_rescales_only_the_tiny_row():
    # The CEO's row (second of four) is tiny; x and y influence each other at 0.5, so the
    # rows before and after it are not empty.
    G = committee([("u0", "user", 1), ("ceo", "decision-maker", 5), ("x", "user", 1),
                   ("y", "user", 1)], [("x", "y", 0.5), ("y", "x", 0.5)])
    G.add_edge("x", "ceo", strength=1e-310, cost=-math.log(1e-310))
    G.add_edge("y", "ceo", strength=3e-310, cost=-math.log(3e-310))
    expected = influence_rank(G)
    assert expected["y"] > expected["x"] > 0
    assert arrays_pagerank(arrays_from_graph(G)) == pytest.approx(expected, abs=1e-12)


def test_strongest_to_any_sums_costs_from_zero_as_networkx():
    # a → b → t is 0.1 × 0.2 and a → t 0.02: equal on paper, but the float sum of the two
    # costs is the smaller, so networkx (distances from 0) goes through b
    G = committee([(x, "user", 3) for x in "abt"],
                  [("b", "t", 0.2), ("a", "t", 0.02), ("a", "b", 0.1)])
    _, paths = nx.multi_source_dijkstra(G.reverse(), ["t"], weight="cost")
    assert paths["a"] == ["t", "b", "a"]
    assert strongest_to_any(arrays_from_graph(G), ["t"])["a"] == ("a", "b", "t")
