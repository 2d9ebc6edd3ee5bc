"""Change impact between two maps: items, routes, gaps and personnel alerts."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from graphlib_kam.algorithms import change_impact, remove_people
from graphlib_kam.model import parse_map
from graphlib_kam.settings import Settings

S = Settings(as_of=dt.date(2026, 11, 28))
KEYS = {"added", "removed", "changed", "broken_routes", "gaps_opened", "gaps_closed", "alerts"}

OLD = {
    "account": {"id": "acme"}, "revision": 1,
    "team": [{"id": "t-li", "name": "Li Na"}, {"id": "t-wu", "name": "Wu Lei"}],
    "stakeholders": [
        {"id": "s-cto", "name": "张伟", "role": "influencer", "level": "management"},
        {"id": "s-ceo", "name": "王建国", "role": "decision-maker", "level": "executive",
         "stance": 1},
        {"id": "s-dev", "name": "Dev", "role": "user"},
    ],
    "relationships": [{"source": "s-cto", "target": "s-ceo", "strength": 0.8},
                      {"source": "s-dev", "target": "s-cto", "kind": "reports-to"}],
    "coverage": [
        {"member": "t-li", "stakeholder": "s-cto", "strength": 0.7, "last_contact": "2026-11-02"},
        {"member": "t-wu", "stakeholder": "s-dev", "strength": 0.6, "last_contact": "2026-11-02"},
        {"member": "t-wu", "stakeholder": "s-ceo", "strength": 0.3, "last_contact": "2026-11-02"},
    ],
}


def revise(edit):
    data = copy.deepcopy(OLD)
    data["revision"] = 2
    edit(data)
    return parse_map(data)


def impact_of(edit, lang="en"):
    return change_impact(parse_map(OLD), revise(edit), settings=S, lang=lang)


def test_identical_maps_change_nothing():
    impact = change_impact(parse_map(OLD), parse_map(OLD), settings=S)
    assert set(impact) >= KEYS
    assert all(impact[key] == [] for key in KEYS)
    assert impact["score"]["old"] == impact["score"]["new"]


def test_marking_a_person_as_left_is_a_personnel_change_alert():
    impact = impact_of(lambda d: d["stakeholders"][0].update(status="left"))
    (alert,) = [a for a in impact["alerts"] if a["kind"] == "personnel-change"]
    assert (alert["change"], alert["severity"], alert["stakeholder"]) == ("left", "high", "s-cto")
    assert "Li Na" in alert["message"] and "王建国" in alert["message"]  # what we lose
    assert "Li Na" in alert["action"]
    changed = {c["id"]: c for c in impact["changed"] if c["kind"] == "stakeholder"}
    assert {"field": "status", "old": "active", "new": "left"} in changed["s-cto"]["changes"]


def test_a_left_alert_in_chinese():
    impact = impact_of(lambda d: d["stakeholders"][0].update(status="left"), lang="zh")
    alert = impact["alerts"][0]
    assert alert["message"].startswith("人员变动：影响者 · 张伟已离开")  # role · name


def test_a_broken_route_comes_from_route_changes():
    impact = impact_of(lambda d: d["stakeholders"][0].update(status="left"))
    (route,) = impact["broken_routes"]
    assert (route["stakeholder"], route["change"]) == ("s-ceo", "weakened")
    assert route["before"]["strength"] == pytest.approx(0.56)   # Li Na → 张伟 → CEO
    assert route["after"]["strength"] == pytest.approx(0.3)     # Wu Lei's weak direct link
    assert "0.56" in route["message"] and "0.30" in route["message"]


def test_gaps_opened_and_closed():
    def edit(d):
        d["stakeholders"][0]["status"] = "left"
    impact = impact_of(edit)
    opened = {(g["kind"], g["stakeholder"]) for g in impact["gaps_opened"]}
    assert ("departed-contact", "s-cto") in opened
    impact = change_impact(revise(edit), parse_map(OLD), settings=S)
    assert ("departed-contact", "s-cto") in {
        (g["kind"], g["stakeholder"]) for g in impact["gaps_closed"]}


def test_items_of_every_kind_are_added_and_removed():
    def edit(d):
        d["stakeholders"].append({"id": "s-cfo", "name": "许文", "role": "decision-maker"})
        d["team"].append({"id": "t-zh", "name": "Zhao"})
        d["relationships"].append({"source": "s-cfo", "target": "s-ceo", "kind": "allied"})
        d["coverage"].append({"member": "t-zh", "stakeholder": "s-cfo", "strength": 0.9,
                              "last_contact": "2026-11-20"})
        d["relationships"].pop(1)
    impact = impact_of(edit)
    assert sorted(i["kind"] for i in impact["added"]) == [
        "coverage", "relationship", "stakeholder", "team-member"]
    assert [i["kind"] for i in impact["removed"]] == ["relationship"]
    cfo = next(i for i in impact["added"] if i["kind"] == "stakeholder")
    assert cfo["covered"] is True
    joined = [a for a in impact["alerts"] if a["change"] == "joined"]
    assert [(a["stakeholder"], a["severity"]) for a in joined] == [("s-cfo", "high")]


def test_stance_and_coverage_changes():
    def edit(d):
        d["stakeholders"][1]["stance"] = -1
        d["coverage"][2]["strength"] = 0.8
    impact = impact_of(edit)
    ceo = next(c for c in impact["changed"] if c.get("id") == "s-ceo")
    fields = {c["field"]: (c["old"], c["new"]) for c in ceo["changes"]}
    assert fields == {"stance": (1, -1), "covered": (False, True)}
    link = next(c for c in impact["changed"] if c["kind"] == "coverage")
    assert (link["member"], link["old"]["strength"], link["new"]["strength"]) == (
        "t-wu", 0.3, 0.8)
    fell = [a for a in impact["alerts"] if a["kind"] == "stance-change"]
    assert [(a["stakeholder"], a["severity"]) for a in fell] == [("s-ceo", "high")]


def test_a_what_if_without_a_team_member():
    old = parse_map(OLD)
    impact = change_impact(old, remove_people(old, ["t-li"]), settings=S)
    (alert,) = [a for a in impact["alerts"] if a["kind"] == "team-change"]
    assert alert["stakeholder"] == "t-li" and alert["severity"] == "high"  # the CEO route
    assert "张伟" in alert["message"]
    assert {i["kind"] for i in impact["removed"]} == {"team-member", "coverage"}


def test_a_removed_stakeholder():
    old = parse_map(OLD)
    impact = change_impact(old, remove_people(old, ["s-dev"]), settings=S)
    alert = next(a for a in impact["alerts"] if a["stakeholder"] == "s-dev")
    assert (alert["change"], alert["severity"]) == ("removed", "high")  # Wu Lei covered them
    assert sorted(i["kind"] for i in impact["removed"]) == [
        "coverage", "relationship", "stakeholder"]
