"""The penetration plan: staged from the front line up, one step per reachable target."""

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


def test_targets_run_from_the_front_line_up_then_by_rank():
    # Analysis 2: stage (operational → management → executive), then rank, then id.
    # s-far (operational by default) comes first but has no route; the CFO outranks 赵强
    # at management because the CEO listens to him.
    plan = plan_of()
    assert [t.stakeholder for t in plan.targets] == ["s-far", "s-cfo", "s-zq", "s-ceo"]
    assert [(s.number, s.kind, s.stage, s.target) for s in plan.steps] == [
        (1, "approach", "management", "s-cfo"), (2, "approach", "management", "s-zq"),
        (3, "approach", "executive", "s-ceo")]


def test_one_step_per_target_along_its_best_route():
    plan = plan_of()
    (cfo,) = plan.steps_for("s-cfo")
    (ceo,) = plan.steps_for("s-ceo")
    assert (cfo.member, cfo.via, cfo.nodes) == ("t-li", "s-zw", ("s-zw", "s-cfo"))
    assert cfo.strength == pytest.approx(0.56)             # 0.7 × 0.8
    assert (ceo.member, ceo.via, ceo.nodes) == ("t-li", "s-zw", ("s-zw", "s-cfo", "s-ceo"))
    assert ceo.strength == pytest.approx(0.504)            # 0.7 × 0.8 × 0.9
    assert ceo.serves == ("s-ceo",)


def test_a_weak_direct_link_is_one_meeting():
    (step,) = plan_of().steps_for("s-zq")
    assert (step.member, step.via, step.target, step.nodes) == ("t-wu", "s-zq", "s-zq",
                                                                ("s-zq",))
    assert step.text.render("en") == (
        "Have Wu Lei meet 赵强 in person and deepen the relationship (route strength 0.30); "
        "lead with execution cost and risk.")
    assert step.text.render("zh") == (
        "请 Wu Lei 直接拜访赵强，加深关系（路径强度 0.30），重点谈执行成本和风险。")


def test_a_target_without_route_has_no_steps():
    target = next(t for t in plan_of().targets if t.stakeholder == "s-far")
    assert target.route is None and target.steps == () and not target.reachable


def test_talking_points_are_the_interests_else_the_level_concerns():
    # never both: the level's concerns only when the target recorded no interest
    plan = plan_of()
    assert plan.steps_for("s-cfo")[0].talking_points.items("en") == ["budget"]
    assert plan.steps_for("s-ceo")[0].talking_points.items("zh") == ["ROI", "growth"]
    assert plan.steps_for("s-zq")[0].talking_points.items("zh") == ["执行成本", "风险"]


def test_each_step_follows_the_best_approach_route():
    amap = parse_map(chain_map())
    plan = penetration_plan(amap, settings=S)
    for step in plan.steps:
        best = approach_routes(amap, step.target, settings=S)[0]
        assert (step.member, step.via, step.nodes) == (best.member, best.entry, best.nodes)
        assert step.strength == pytest.approx(best.strength)


def test_reachable_follows_min_route():
    plan = penetration_plan(parse_map(chain_map()), settings=S.with_overrides(min_route=0.55))
    reach = {t.stakeholder: t.reachable for t in plan.targets}
    assert reach["s-cfo"] and not reach["s-ceo"]           # 0.56 ≥ 0.55 > 0.504
    assert [s.target for s in plan.steps] == ["s-cfo"]


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
        assert {"kind", "stage", "member", "via", "target", "nodes", "strength",
                "talking_points"} <= set(step)
    assert data["steps"][0]["text"] == (
        "请张伟（Li Na 的联系人）引荐许文（路径强度 0.56），重点谈 budget。")
    assert data["targets"][1]["name"] == "许文"
