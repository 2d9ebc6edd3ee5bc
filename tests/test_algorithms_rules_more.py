"""More of the rules of graphlib_kam/algorithms/, each checked where it turns: influence,
personnel changes, change impact and the modules after them.

Every expected value here is worked out by hand from the rule (or taken from networkx),
and each threshold is tested exactly at, just below and just above its value, with the
settings overridden. These tests close the gaps a mutation run (make mutation,
docs/mutation.md) found in the tests of those modules; tests/test_algorithms_rules.py
holds the ones of quality, plan, context and coverage.
"""

from __future__ import annotations

import math

import networkx as nx
import pytest

from graphlib_kam.algorithms import influence
from graphlib_kam.algorithms.influence import (
    RankedStakeholder,
    brokers,
    hidden_power,
    influence_rank,
    ranking,
)
from graphlib_kam.algorithms.personnel import (
    field_alerts,
    managers_of,
    personnel_alerts,
    suggested_successor,
)
from graphlib_kam.errors import InputError
from graphlib_kam.model import Stakeholder, parse_map


def committee(people, edges) -> nx.DiGraph:
    """An influence graph: people (id, role, power), edges (source, target, strength)."""
    G = nx.DiGraph()
    for node, role, power in people:
        G.add_node(node, role=role, power=power)
    for u, v, s in edges:
        G.add_edge(u, v, strength=s, cost=-math.log(s))
    return G


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
        with pytest.raises(ValueError, match="expected below < 1 < above"):
            hidden_power(m, {"x": 1.0}, above=above, below=below)
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
