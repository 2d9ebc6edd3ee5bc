"""The penetration plan: targets by rank, routes cut into introductions, merged steps."""

from __future__ import annotations

import datetime as dt

import pytest

from graphlib_kam.algorithms import approach_routes, penetration_plan
from graphlib_kam.model import parse_map
from graphlib_kam.settings import Settings

S = Settings(as_of=dt.date(2026, 11, 28))


def chain_map(**extra) -> dict:
    """Li Na covers 张伟 → 许文 (CFO) → 王建国 (CEO); 赵强 is a weakly covered influencer."""
    return {
        "account": {"id": "a"},
        "team": [{"id": "t-li", "name": "Li Na"}, {"id": "t-wu", "name": "Wu Lei"}],
        "stakeholders": [
            {"id": "s-zw", "name": "张伟", "level": "operational"},
            {"id": "s-cfo", "name": "许文", "role": "influencer", "level": "management",
             "interests": ["budget"]},
            {"id": "s-ceo", "name": "王建国", "role": "decision-maker", "level": "executive",
             "interests": ["ROI", "growth"]},
            {"id": "s-zq", "name": "赵强", "role": "influencer", "level": "management"},
            {"id": "s-far", "name": "Far Away", "role": "influencer"},
        ],
        "relationships": [{"source": "s-zw", "target": "s-cfo", "strength": 0.8},
                          {"source": "s-cfo", "target": "s-ceo", "strength": 0.9}],
        "coverage": [
            {"member": "t-li", "stakeholder": "s-zw", "strength": 0.7,
             "last_contact": "2026-11-02"},
            {"member": "t-wu", "stakeholder": "s-zq", "strength": 0.3,
             "last_contact": "2026-11-02"},
        ],
        **extra,
    }


def plan_of(data=None):
    return penetration_plan(parse_map(data or chain_map()), settings=S)


def test_targets_are_uncovered_decision_makers_and_influencers_by_rank():
    plan = plan_of()
    ids = [t.stakeholder for t in plan.targets]
    assert set(ids) == {"s-ceo", "s-cfo", "s-zq", "s-far"}
    assert ids[:2] == ["s-ceo", "s-cfo"]  # the CEO decides, the CFO is who he listens to
    influence = [t.influence for t in plan.targets]
    assert influence == sorted(influence, reverse=True)


def test_a_route_is_cut_into_introductions_and_shared_steps_are_merged():
    plan = plan_of()
    assert [(s.member, s.via, s.target) for s in plan.steps_for("s-ceo")] == [
        ("t-li", "s-zw", "s-cfo"), ("t-li", "s-cfo", "s-ceo")]
    first, second = plan.steps_for("s-ceo")
    assert plan.steps_for("s-cfo") == [first]             # listed once …
    assert first.serves == ("s-ceo", "s-cfo")              # … for both targets
    assert first.strength == pytest.approx(0.56)           # 0.7 × 0.8
    assert second.strength == pytest.approx(0.504)         # 0.7 × 0.8 × 0.9
    assert second.nodes == ("s-zw", "s-cfo", "s-ceo")
    assert [s.number for s in plan.steps] == list(range(1, len(plan.steps) + 1))


def test_a_weak_direct_link_is_one_meeting():
    (step,) = plan_of().steps_for("s-zq")
    assert (step.member, step.via, step.target, step.nodes) == ("t-wu", None, "s-zq", ("s-zq",))
    assert step.text.render("en") == "Wu Lei meets 赵强 in person"
    assert step.text.render("zh") == "Wu Lei直接拜访赵强"


def test_a_target_without_route_has_no_steps():
    target = next(t for t in plan_of().targets if t.stakeholder == "s-far")
    assert target.route is None and target.steps == () and not target.reachable


def test_talking_points_are_the_target_level_and_interests():
    plan = plan_of()
    first, second = plan.steps_for("s-ceo")
    assert first.talking_points.items("en") == ["budget", "execution cost", "risk"]
    assert second.talking_points.items("zh") == ["ROI", "growth", "战略价值", "投资回报"]


def test_the_first_step_follows_the_best_approach_route():
    amap = parse_map(chain_map())
    plan = penetration_plan(amap, settings=S)
    for target in plan.targets:
        routes = approach_routes(amap, target.stakeholder)
        if not routes:
            continue
        steps = plan.steps_for(target.stakeholder)
        best = routes[0]
        assert (steps[0].member, steps[0].nodes[0]) == (best.member, best.entry)
        assert steps[-1].nodes == best.nodes
        assert steps[-1].strength == pytest.approx(best.strength)


def test_reachable_follows_min_route():
    plan = penetration_plan(parse_map(chain_map()), settings=S.with_overrides(min_route=0.55))
    reach = {t.stakeholder: t.reachable for t in plan.targets}
    assert reach["s-cfo"] and not reach["s-ceo"]           # 0.56 ≥ 0.55 > 0.504


def test_nothing_to_plan_when_everyone_is_covered():
    data = chain_map()
    data["stakeholders"] = data["stakeholders"][:1]
    data["relationships"] = []
    data["coverage"] = data["coverage"][:1]
    plan = plan_of(data)
    assert plan.targets == () and plan.steps == ()


def test_plan_json_has_designs_keys():
    data = plan_of().to_dict("zh")
    for step in data["steps"]:
        assert {"member", "via", "target", "nodes", "strength", "talking_points"} <= set(step)
    assert data["steps"][0]["text"] == "Li Na请张伟引荐许文"
    assert data["targets"][0]["name"] == "王建国"
