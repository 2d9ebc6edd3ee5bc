"""The rules of DESIGN.md's "Analysis 2" and "Memory", each checked where it turns.

Every expected value here is worked out by hand from the rule (or taken from networkx),
and each threshold is tested exactly at, just below and just above its value, with the
settings overridden. These tests close the gaps a mutation run (make mutation,
docs/mutation.md) found in the tests of graphlib_kam/algorithms/.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from graphlib_kam.algorithms import coverage_gaps, penetration_plan
from graphlib_kam.algorithms.context import EPSILON, AnalysisContext, at_least, format_strength
from graphlib_kam.algorithms.coverage import (
    LinkQuality,
    StakeholderCoverage,
    best_approach_routes,
    coverage_score,
    coverage_status,
    is_covered,
    support_score,
    weighted_coverage_score,
    weighted_support,
)
from graphlib_kam.algorithms.quality import latest_activities, link_qualities
from graphlib_kam.model import parse_map
from graphlib_kam.settings import InfluenceSettings, Settings
from graphlib_kam.text import render

DAY = dt.date(2026, 11, 28)
S = Settings(as_of=DAY)
FRESH = "2026-11-02"  # 26 days before DAY


def account(stakeholders, relationships=(), coverage=(), team=None, **extra):
    """A map from plain dicts (team: one member, t-li "Li Na", unless given)."""
    data = {"account": {"id": "a"},
            "team": team if team is not None else [{"id": "t-li", "name": "Li Na"}],
            "stakeholders": list(stakeholders), "relationships": list(relationships),
            "coverage": list(coverage)}
    data.update(extra)
    return parse_map(data)


def link(member, stakeholder, strength, last_contact=FRESH):
    found = {"member": member, "stakeholder": stakeholder, "strength": strength}
    if last_contact is not None:
        found["last_contact"] = last_contact
    return found


def pagerank_of(edges, personalization):
    """DESIGN's influence rank by networkx itself: PageRank on the reversed edges."""
    R = nx.DiGraph()
    R.add_nodes_from(personalization)
    R.add_weighted_edges_from((v, u, s) for u, v, s in edges)
    return nx.pagerank(R, alpha=0.85, personalization=personalization, weight="weight")


# --- Gaps: what each gap carries (DESIGN: kind, severity, stakeholder, message, action) ---

ZW_CEO = account(
    [{"id": "s-zw", "name": "张伟", "role": "influencer", "stance": 1},
     {"id": "s-ceo", "name": "王建国", "role": "decision-maker", "level": "executive"}],
    [{"source": "s-zw", "target": "s-ceo", "strength": 0.8}],
    [link("t-li", "s-zw", 0.7)])


def test_a_gap_in_json_carries_designs_fields_and_speaks_the_asked_language():
    gaps = {g.kind: g for g in coverage_gaps(ZW_CEO, settings=S)}
    rank = pagerank_of([("s-zw", "s-ceo", 0.8)], {"s-ceo": 1.0, "s-zw": 0.0})
    route = {"member": "t-li", "entry": "s-zw", "nodes": ["s-zw", "s-ceo"],
             "strength": pytest.approx(0.7 * 0.8), "coverage": 0.7, "path_strength": 0.8}

    person = gaps["uncovered-decision-maker"].to_dict("zh")
    assert set(person) == {"kind", "severity", "stakeholder", "name", "level", "message",
                           "action", "influence", "route", "details"}
    assert (person["kind"], person["severity"], person["stakeholder"], person["name"],
            person["level"]) == ("uncovered-decision-maker", "high", "s-ceo", "王建国", None)
    # the plan step's sentence: 张伟 (whom Li Na covers) introduces 王建国, 0.7 × 0.8
    assert person["action"] == (
        "请张伟（Li Na 的联系人）引荐王建国（路径强度 0.56），重点谈战略价值和投资回报。")
    assert "王建国" in person["message"]
    assert person["message"] != gaps["uncovered-decision-maker"].to_dict("en")["message"]
    assert person["influence"] == pytest.approx(rank["s-ceo"])
    assert person["route"] == route
    assert person["details"] == {"route_strength": pytest.approx(0.56)}

    level = gaps["level-gap"].to_dict("en")
    assert (level["kind"], level["severity"], level["stakeholder"], level["name"],
            level["level"]) == ("level-gap", "medium", "executive", None, "executive")
    assert level["influence"] == pytest.approx(rank["s-ceo"])
    assert level["route"] == route
    assert level["details"] == {"stakeholders": ["s-ceo"], "first": "s-ceo"}
    assert gaps["single-threaded"].to_dict()["route"] is None


# --- Link quality: weak below covered_min, stale after stale_days, q halved when stale ---


def judged(strength, last_contact, settings=S, activities=()):
    """The one link t-li → x of a map, judged (link_qualities)."""
    amap = account([{"id": "x"}], coverage=[link("t-li", "x", strength, last_contact)],
                   activities=list(activities))
    return link_qualities(amap, settings=settings)[("t-li", "x")]


def days_before(days, day=DAY):
    return (day - dt.timedelta(days=days)).isoformat()


@pytest.mark.parametrize(("age", "stale"), [(89, False), (90, False), (91, True)])
def test_a_link_is_stale_only_more_than_90_days_after_its_last_contact(age, stale):
    q = judged(0.8, days_before(age))
    assert (q.age_days, q.stale, q.covering) == (age, stale, not stale)
    assert q.quality == pytest.approx(0.4 if stale else 0.8)


@pytest.mark.parametrize(("age", "stale"), [(29, False), (30, False), (31, True)])
def test_stale_days_is_a_setting(age, stale):
    q = judged(0.8, days_before(age), settings=S.with_overrides(stale_days=30))
    assert q.stale is stale


def test_a_link_without_a_last_contact_is_stale_and_one_after_as_of_is_recent():
    undated = judged(0.6, None)
    assert (undated.last_contact, undated.age_days, undated.stale) == (None, None, True)
    assert undated.quality == pytest.approx(0.3)
    ahead = judged(0.6, "2026-12-05")  # 7 days after as_of
    assert (ahead.age_days, ahead.stale, ahead.quality) == (-7, False, 0.6)


def test_the_stale_factor_is_a_setting():
    q = judged(0.8, days_before(120), settings=S.with_overrides(stale_factor=0.25))
    assert q.quality == pytest.approx(0.2)
    assert judged(0.8, days_before(10), settings=S.with_overrides(stale_factor=0.25)) \
        .quality == 0.8


@pytest.mark.parametrize(("strength", "weak"), [(0.49, True), (0.5, False), (0.51, False)])
def test_a_link_is_weak_below_half(strength, weak):
    q = judged(strength, FRESH)
    assert (q.weak, q.covering) == (weak, not weak)
    assert q.quality == strength  # weak or not, a recent link counts its strength


@pytest.mark.parametrize(("strength", "weak"), [(0.69, True), (0.7, False), (0.71, False)])
def test_covered_min_is_a_setting(strength, weak):
    assert judged(strength, FRESH, settings=S.with_overrides(covered_min=0.7)).weak is weak


def test_a_judged_link_in_json():
    q = judged(0.8, days_before(100))
    assert q.to_dict() == {"member": "t-li", "stakeholder": "x", "strength": 0.8,
                           "last_contact": days_before(100), "age_days": 100,
                           "weak": False, "stale": True, "covering": False,
                           "quality": pytest.approx(0.4)}
    assert judged(0.8, None).to_dict()["last_contact"] is None


# --- Memory: the effective last contact is the later of the link's and its activities ---


def activity(date, member="t-li", stakeholders=("x",)):
    return {"date": date, "member": member, "stakeholders": list(stakeholders)}


def test_an_activity_later_than_the_link_is_its_last_contact():
    q = judged(0.8, days_before(200), activities=[activity(days_before(10))])
    assert (q.last_contact, q.age_days, q.stale) == (DAY - dt.timedelta(10), 10, False)


def test_an_activity_dates_an_undated_link():
    q = judged(0.8, None, activities=[activity(days_before(95)), activity(days_before(5))])
    assert (q.age_days, q.stale) == (5, False)


def test_the_latest_of_several_activities_counts_whatever_their_order():
    for order in ([days_before(100), days_before(20)], [days_before(20), days_before(100)]):
        q = judged(0.8, None, activities=[activity(d) for d in order])
        assert q.age_days == 20


def test_an_activity_earlier_than_the_link_changes_nothing():
    q = judged(0.8, days_before(10), activities=[activity(days_before(50))])
    assert q.age_days == 10


def test_only_an_activity_with_both_the_member_and_the_stakeholder_counts():
    others = [activity(days_before(1), member="t-wang"),
              activity(days_before(1), stakeholders=("y",))]
    amap = account([{"id": "x"}, {"id": "y"}],
                   team=[{"id": "t-li"}, {"id": "t-wang"}],
                   coverage=[link("t-li", "x", 0.8, days_before(200))], activities=others)
    assert link_qualities(amap, settings=S)[("t-li", "x")].age_days == 200
    both = [activity(days_before(3), stakeholders=("y", "x"))]
    amap = account([{"id": "x"}, {"id": "y"}], coverage=[link("t-li", "x", 0.8, None)],
                   activities=both)
    assert link_qualities(amap, settings=S)[("t-li", "x")].age_days == 3
    assert latest_activities(amap) == {("t-li", "y"): DAY - dt.timedelta(3),
                                       ("t-li", "x"): DAY - dt.timedelta(3)}


# --- The penetration plan in JSON: steps in stage order, their targets ----------------


CHAIN = account(
    [{"id": "s-zw", "name": "张伟", "level": "operational"},
     {"id": "s-cfo", "name": "许文", "role": "influencer", "level": "management",
      "interests": ["budget"]},
     {"id": "s-ceo", "name": "王建国", "role": "decision-maker", "level": "executive"},
     {"id": "s-zq", "name": "赵强", "role": "influencer", "level": "management"},
     {"id": "s-far", "name": "Far Away", "role": "influencer"}],
    [{"source": "s-zw", "target": "s-cfo", "strength": 0.8},
     {"source": "s-cfo", "target": "s-ceo", "strength": 0.9}],
    [link("t-li", "s-zw", 0.7), link("t-wu", "s-zq", 0.3)],
    team=[{"id": "t-li", "name": "Li Na"}, {"id": "t-wu", "name": "Wu Lei"}])


def test_plan_steps_in_json_name_member_entry_target_route_and_talking_points():
    # 张伟 is covered; 许文 (0.7 × 0.8) and 赵强 (Wu Lei's recent 0.3, direct) are reached
    # at management, the CFO first as the CEO listens to him; 王建国 (0.7 × 0.8 × 0.9) last.
    steps = penetration_plan(CHAIN, settings=S).to_dict("en")["steps"]
    assert [set(step) for step in steps] == [
        {"number", "kind", "stage", "member", "member_name", "via", "via_name", "target",
         "target_name", "nodes", "strength", "talking_points", "for", "text"}] * 3
    cfo, zq, ceo = steps
    assert {k: v for k, v in cfo.items() if k not in ("text", "strength")} == {
        "number": 1, "kind": "approach", "stage": "management", "member": "t-li",
        "member_name": "Li Na", "via": "s-zw", "via_name": "张伟", "target": "s-cfo",
        "target_name": "许文", "nodes": ["s-zw", "s-cfo"], "talking_points": ["budget"],
        "for": ["s-cfo"]}
    assert cfo["strength"] == pytest.approx(0.56)
    assert (zq["number"], zq["member_name"], zq["via"], zq["nodes"], zq["strength"]) == (
        2, "Wu Lei", "s-zq", ["s-zq"], 0.3)
    assert (ceo["number"], ceo["stage"], ceo["nodes"]) == (
        3, "executive", ["s-zw", "s-cfo", "s-ceo"])
    assert ceo["strength"] == pytest.approx(0.504)
    assert ceo["talking_points"] == ["strategic value", "ROI"]  # the executive row


def test_a_plan_step_without_names_names_people_by_their_ids():
    step = penetration_plan(CHAIN, settings=S).steps[0].to_dict("en")
    assert (step["member_name"], step["via_name"], step["target_name"]) == (
        "t-li", "s-zw", "s-cfo")
    assert penetration_plan(CHAIN, settings=S).targets[0].to_dict()["name"] == "s-far"


def test_plan_targets_in_json_include_the_unreachable():
    data = penetration_plan(CHAIN, settings=S).to_dict("zh")
    targets = {t["stakeholder"]: t for t in data["targets"]}
    assert list(targets) == ["s-far", "s-cfo", "s-zq", "s-ceo"]
    rank = pagerank_of([("s-zw", "s-cfo", 0.8), ("s-cfo", "s-ceo", 0.9)],
                       {"s-zw": 0, "s-cfo": 0, "s-ceo": 1, "s-zq": 0, "s-far": 0})
    far = targets["s-far"]
    assert far == {"stakeholder": "s-far", "name": "Far Away", "kind": "approach",
                   "role": "influencer", "level": "operational",
                   "influence": pytest.approx(rank["s-far"]), "route": None, "steps": [],
                   "reachable": False}
    cfo = targets["s-cfo"]
    assert (cfo["name"], cfo["steps"], cfo["reachable"], cfo["route"]["entry"]) == (
        "许文", [1], True, "s-zw")
    assert cfo["influence"] == pytest.approx(rank["s-cfo"])
    assert targets["s-ceo"]["steps"] == [3]
    assert data["steps"][2]["talking_points"] == ["战略价值", "投资回报"]


def test_a_plan_finds_the_steps_to_a_target():
    plan = penetration_plan(CHAIN, settings=S)
    assert [s.number for s in plan.steps_for("s-zq")] == [2]
    assert plan.steps_for("s-far") == []
    assert plan.step_to("s-ceo").number == 3 and plan.step_to("s-far") is None
    with pytest.raises(KeyError, match="s-zw"):
        plan.steps_for("s-zw")  # covered: not a target of the plan


def test_a_plan_step_lists_every_talking_point():
    # a gap message names at most three; the plan's step keeps them all
    amap = account([{"id": "x"}, {"id": "d", "role": "decision-maker",
                                   "interests": ["ROI", "risk", "speed", "scale"]}],
                   [{"source": "x", "target": "d", "strength": 0.8}], [link("t-li", "x", 0.9)])
    (step,) = penetration_plan(amap, settings=S).steps
    assert step.talking_points.items("en") == ["ROI", "risk", "speed", "scale"]


# --- Coverage score and support: rank-weighted, over what the rank gives ------------


def covered_by(*links):
    return StakeholderCoverage(links[0].stakeholder if links else "?", tuple(links))


def fresh(sid, strength):
    return LinkQuality("t-li", sid, strength, DAY, 0, weak=strength < 0.5, stale=False)


def test_the_coverage_score_divides_by_the_rank_of_the_active_stakeholders():
    status = {"x": covered_by(fresh("x", 0.8)), "y": StakeholderCoverage("y", ())}
    # 100 × (0.2 × 0.8 + 0.2 × 0) / (0.2 + 0.2): ranks need not add up to 1
    assert weighted_coverage_score(status, {"x": 0.2, "y": 0.2}) == pytest.approx(40.0)


def test_someone_the_rank_does_not_know_weighs_nothing():
    status = {"x": covered_by(fresh("x", 0.8)), "z": covered_by(fresh("z", 0.3))}
    assert weighted_coverage_score(status, {"x": 0.5}) == pytest.approx(80.0)
    # (0.5 × 2 + 0 × −2) / 2 / 0.5
    assert weighted_support({"x": 2, "z": -2}, {"x": 0.5}) == pytest.approx(100.0)


def test_support_divides_by_the_rank_of_the_stakeholders():
    # 100 × (0.2 × 2 + 0.2 × −1) / 2 / 0.4
    assert weighted_support({"x": 2, "y": -1}, {"x": 0.2, "y": 0.2}) == pytest.approx(25.0)


TWO = [{"id": "d", "role": "decision-maker", "stance": 2},
       {"id": "i", "role": "influencer", "stance": -1}]


def test_the_coverage_score_uses_the_settings_for_link_quality():
    amap = account(TWO, coverage=[link("t-li", "d", 0.8, None)])  # undated: stale
    settings = S.with_overrides(stale_factor=0.25)
    rank = pagerank_of([], {"d": 1.0, "i": 0.0})
    assert rank["i"] == 0  # nobody the decision-maker listens to: all the weight is d's
    assert coverage_score(amap, settings=settings) == pytest.approx(100 * 0.8 * 0.25)


def test_score_and_support_use_alpha_and_the_implied_strengths_of_the_settings():
    # d listens to i1 (allied, its strength from the settings: 0.9) and to i2 (0.6)
    amap = account(TWO + [{"id": "i2", "stance": 1}],
                   [{"source": "i", "target": "d", "kind": "allied"},
                    {"source": "i2", "target": "d", "strength": 0.6}],
                   [link("t-li", "i", 0.8)])
    settings = S.with_overrides(alpha=0.5).with_overrides(
        influence=InfluenceSettings(allied=0.9))

    def rank_with(allied, alpha):
        R = nx.DiGraph([("d", "i", {"weight": allied}), ("i", "d", {"weight": allied}),
                        ("d", "i2", {"weight": 0.6})])
        return nx.pagerank(R, alpha=alpha, personalization={"d": 1.0, "i": 0.0, "i2": 0.0},
                           weight="weight")

    rank = rank_with(0.9, 0.5)
    total = sum(rank.values())
    assert coverage_score(amap, settings=settings) == pytest.approx(
        100 * rank["i"] * 0.8 / total)
    assert support_score(amap, settings=settings) == pytest.approx(
        100 * (rank["d"] * 2 + rank["i"] * -1 + rank["i2"] * 1) / 2 / total)
    # each setting moves the answer here
    assert rank["i"] != pytest.approx(rank_with(0.6, 0.5)["i"])
    assert rank["i"] != pytest.approx(rank_with(0.9, 0.85)["i"])


def test_is_covered_judges_only_that_stakeholders_links_with_the_settings():
    amap = account([{"id": "x"}, {"id": "y"}], coverage=[link("t-li", "x", 0.6)])
    assert is_covered(amap, "x", settings=S)
    assert not is_covered(amap, "y", settings=S)
    assert not is_covered(amap, "x", settings=S.with_overrides(covered_min=0.7))


# --- The strongest path to a decision-maker decides medium or low --------------------


def test_an_influencers_path_to_a_decision_maker_is_the_strongest_not_the_shortest():
    # i → d1 directly is 0.2; i → m → d2 is 0.9 × 0.9 = 0.81 ≥ 0.3: medium
    amap = account(
        [{"id": "i", "role": "influencer"}, {"id": "m"},
         {"id": "d1", "role": "decision-maker"}, {"id": "d2", "role": "decision-maker"}],
        [{"source": "i", "target": "d1", "strength": 0.2},
         {"source": "i", "target": "m", "strength": 0.9},
         {"source": "m", "target": "d2", "strength": 0.9}],
        [link("t-li", "m", 0.9)])
    (gap,) = [g for g in coverage_gaps(amap, settings=S) if g.stakeholder == "i"]
    assert (gap.kind, gap.severity) == ("uncovered-influencer", "medium")
    assert gap.details["decision_maker"] == "d2"
    assert gap.details["path_to_decision_maker"] == pytest.approx(0.81)


# --- Names in messages: a Chinese title first in Chinese, a Latin one after ----------


def titled(title):
    amap = account([{"id": "x", "name": "刘振华", "title": title}])
    return AnalysisContext(amap, S).who("x")


def test_a_chinese_title_goes_first_in_chinese_a_latin_one_after():
    assert titled("行长").render("zh") == "行长 · 刘振华"
    assert titled("VP (IT)").render("zh") == "刘振华（VP, IT）"
    assert titled("vp").render("zh") == "刘振华（vp）"
    assert titled("VP（IT）").render("en") == "刘振华 (VP, IT)"
    # inside brackets a title loses its own: parts joined by one comma, none doubled
    assert titled("VP; (IT),").render("en") == "刘振华 (VP, IT)"
    assert titled("XR lead (IT)").render("zh") == "刘振华（XR lead, IT）"


@pytest.mark.parametrize(("char", "chinese"), [
    ("\u33ff", False), ("\u3400", True), ("\u3401", True),   # CJK Extension A starts
    ("\u9ffe", True), ("\u9fff", True), ("\ua000", False),    # the unified block ends
    ("\uf8ff", False), ("\uf900", True), ("\uf901", True),   # compatibility ideographs
    ("\ufafe", True), ("\ufaff", True), ("\ufb00", False),
])
def test_a_title_is_chinese_when_it_has_a_cjk_ideograph(char, chinese):
    rendered = titled(char).render("zh")
    assert rendered == (f"{char} · 刘振华" if chinese else f"刘振华（{char}）")


def test_an_unreachable_decision_maker_is_told_with_the_best_chain_of_names():
    # Li Na → 张伟 → 王建国 is 0.7 × 0.1 = 0.07, below min_route 0.1
    amap = account(
        [{"id": "s-zw", "name": "张伟"},
         {"id": "s-ceo", "name": "王建国", "role": "decision-maker"}],
        [{"source": "s-zw", "target": "s-ceo", "strength": 0.1}], [link("t-li", "s-zw", 0.7)])
    (gap,) = [g for g in coverage_gaps(amap, settings=S) if g.stakeholder == "s-ceo"]
    assert gap.kind == "unreachable-decision-maker"
    assert gap.message.render("en") == (
        "No approach route to 王建国 reaches strength 0.10: the best, "
        "Li Na → 张伟 → 王建国, has 0.07.")


@pytest.mark.parametrize(("value", "shown"), [
    (0, "0.00"), (0.0042, "0.0042"), (0.0049, "0.0049"), (0.005, "0.01"), (0.0051, "0.01"),
    (0.5, "0.50"), (1, "1.00"),
])
def test_a_strength_shows_two_decimals_or_two_digits_when_they_would_read_zero(value, shown):
    assert format_strength(value) == shown


def test_a_list_of_names_says_how_many_more_after_three():
    amap = account([{"id": i, "name": i.upper()} for i in "abcd"])
    ctx = AnalysisContext(amap, S)
    assert render(ctx.names("abc"), "en") == "A, B and C"
    assert render(ctx.names("abcd"), "en") == "A, B, C and 1 more"
    assert render(ctx.names("abcd", limit=2), "zh") == "A、B 和另外 2 人"


# --- Routes said in words: the entry, who covers it, everyone between, the target -----

LINE = account(
    [{"id": "a", "name": "张伟"}, {"id": "b", "name": "许文"}, {"id": "c", "name": "周立"},
     {"id": "d", "name": "王建国", "role": "decision-maker"},
     {"id": "o", "name": "赵强", "role": "opposer"}],
    [{"source": "a", "target": "b", "strength": 0.8},
     {"source": "b", "target": "c", "strength": 0.5},
     {"source": "c", "target": "d", "strength": 0.5},
     {"source": "a", "target": "o", "strength": 0.5}],
    [link("t-li", "a", 0.8)])


def test_a_route_through_people_names_each_of_them_in_order():
    # 0.8 × 0.8 × 0.5 × 0.5 = 0.16
    ctx = AnalysisContext(LINE, S)
    assert ctx.route_msg(ctx.routes["d"]).render("en") == (
        "ask 张伟 (covered by Li Na) to introduce you to 王建国 through 许文 and 周立 "
        "(route strength 0.16)")
    assert ctx.route_msg(ctx.routes["d"]).render("zh") == (
        "请张伟（Li Na 的联系人）经许文和周立引荐王建国（路径强度 0.16）")


def test_an_opposer_is_addressed_by_their_route():
    # 0.8 × 0.5 = 0.40; the opposer has no interests, so their level's concerns
    ctx = AnalysisContext(LINE, S)
    action = ctx.step_msg("o").render("en")
    assert action.startswith("Address 赵强's concerns (")
    assert action.endswith("before they reach the decision-makers: ask 张伟 (covered by Li Na) "
                           "to introduce you to 赵强 (route strength 0.40).")


# --- The analysis context, coverage and plan: limits, defaults, settings and ties -----


def test_talking_points_in_a_sentence_stop_at_three():
    amap = account([{"id": "d", "interests": ["ROI", "risk", "speed", "scale"]}])
    ctx = AnalysisContext(amap, S)
    assert ctx.points("d").items("en") == ["ROI", "risk", "speed"]
    assert ctx.points("d", limit=None).items("en") == ["ROI", "risk", "speed", "scale"]


def test_someone_outside_the_influence_graph_has_no_influence_and_keeps_their_id():
    amap = account([{"id": "x", "name": "X"}, {"id": "gone", "name": "G", "status": "left"}])
    ctx = AnalysisContext(amap, S)
    assert ctx.influence("x") == pytest.approx(1.0)  # alone: all the rank
    assert ctx.influence("gone") == 0.0
    assert (ctx.name("nobody"), ctx.member_name("t-nobody")) == ("nobody", "t-nobody")
    assert (ctx.name("gone"), ctx.member_name("t-li")) == ("G", "Li Na")


def test_the_implied_strengths_of_the_settings_reach_routes_and_the_plan():
    # u reports to v: u → v is reports_up (0.9 here, 0.5 by default); Li Na covers u at 0.8
    amap = account([{"id": "u"}, {"id": "v", "role": "decision-maker"}],
                   [{"source": "u", "target": "v", "kind": "reports-to"}],
                   [link("t-li", "u", 0.8)])
    settings = S.with_overrides(influence=InfluenceSettings(reports_up=0.9))
    assert best_approach_routes(amap, settings=settings)["v"].strength == pytest.approx(0.72)
    assert AnalysisContext(amap, settings).routes["v"].strength == pytest.approx(0.72)
    (step,) = penetration_plan(amap, settings=settings).steps
    assert step.strength == pytest.approx(0.72)


def test_the_best_link_is_the_strongest_then_the_most_recent_then_by_member():
    amap = account([{"id": "x"}], team=[{"id": "t-a"}, {"id": "t-b"}, {"id": "t-c"}],
                   coverage=[link("t-a", "x", 0.8, "2026-06-01"),
                             link("t-c", "x", 0.8, "2026-11-20"),
                             link("t-b", "x", 0.8, "2026-11-20")])
    status = coverage_status(amap, settings=S)["x"]
    assert status.stakeholder == "x"
    assert status.members == ("t-b", "t-c", "t-a")


def test_an_unaddressed_opposer_in_the_plan_is_a_target_to_address():
    # o's only influencer m is not covered: o is unaddressed, reached by a → m → o (0.32)
    amap = account([{"id": "a"}, {"id": "m"}, {"id": "o", "role": "opposer"}],
                   [{"source": "a", "target": "m", "strength": 0.8},
                    {"source": "m", "target": "o", "strength": 0.5}], [link("t-li", "a", 0.8)])
    plan = penetration_plan(amap, settings=S).to_dict("en")
    (target,) = [t for t in plan["targets"] if t["stakeholder"] == "o"]
    (step,) = [s for s in plan["steps"] if s["target"] == "o"]
    assert (target["kind"], step["kind"]) == ("address", "address")
    assert {t["kind"] for t in plan["targets"] if t["stakeholder"] != "o"} == {"approach"}


def test_ranks_equal_to_twelve_decimals_are_a_tie_in_plan_order():
    # b outranks a only in the 13th decimal: a tie, so a (the smaller id) comes first
    amap = account([{"id": "a"}, {"id": "b"}, {"id": "x"}],
                   [{"source": "x", "target": "a", "strength": 0.8},
                    {"source": "x", "target": "b", "strength": 0.8}], [link("t-li", "x", 0.9)])
    tie = {"a": 0.1, "b": 0.1 + 4e-13, "x": 0.8 - 4e-13}
    assert [s.target for s in penetration_plan(amap, settings=S, rank=tie).steps] == ["a", "b"]
    ahead = {"a": 0.1, "b": 0.1 + 4e-12, "x": 0.8 - 4e-12}
    assert [s.target for s in penetration_plan(amap, settings=S, rank=ahead).steps] == ["b", "a"]


def test_a_threshold_is_reached_within_its_tolerance_and_not_beyond():
    assert at_least(0.3, 0.3) and at_least(0.6 * 0.5, 0.3)
    assert at_least(0.3 - EPSILON, 0.3)
    assert not at_least(0.3 - 2 * EPSILON, 0.3)
