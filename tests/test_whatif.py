"""What-if: removing people, and the routes and ranks that change against the old map."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphlib_kam.algorithms import (
    best_approach_route,
    rank_changes,
    remove_people,
    route_changes,
)
from graphlib_kam.algorithms.whatif import what_if_removed
from graphlib_kam.errors import NotFoundError
from graphlib_kam.model import parse_map
from graphlib_kam.model.synthetic import generate_account
from graphlib_kam.settings import Settings
from graphlib_kam.store import load_map

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# Links are recent on DAY, so their quality is their strength (Analysis 2 halves stale ones).
DAY = Settings(as_of=dt.date(2026, 11, 28))
FRESH = "2026-11-02"

MAP = {
    "account": {"id": "acme"},
    "team": [{"id": "t-li", "name": "Li Na"}, {"id": "t-wu", "name": "Wu"}],
    "stakeholders": [
        {"id": "s-ceo", "name": "CEO", "role": "decision-maker", "power": 5},
        {"id": "s-cfo", "name": "CFO", "role": "decision-maker", "power": 4},
        {"id": "s-cto", "name": "CTO"}, {"id": "s-dev", "name": "Dev"}],
    "relationships": [
        {"source": "s-dev", "target": "s-cto", "strength": 0.9},
        {"source": "s-cto", "target": "s-ceo", "strength": 0.8},
        {"source": "s-cto", "target": "s-cfo", "kind": "allied"}],
    "coverage": [
        {"member": "t-li", "stakeholder": "s-cto", "strength": 0.9, "last_contact": FRESH},
        {"member": "t-wu", "stakeholder": "s-dev", "strength": 0.5, "last_contact": FRESH},
        {"member": "t-wu", "stakeholder": "s-ceo", "strength": 0.2, "last_contact": FRESH}],
}


def test_remove_people_takes_relationships_and_coverage_along():
    m = parse_map(MAP)
    smaller = remove_people(m, ["s-cto", "t-wu"])
    assert [s.id for s in smaller.stakeholders] == ["s-ceo", "s-cfo", "s-dev"]
    assert [t.id for t in smaller.team] == ["t-li"]
    assert smaller.relationships == []  # all three touched the CTO
    assert smaller.coverage == []  # Li Na covered the CTO; Wu's links went with Wu
    assert len(m.stakeholders) == 4 and len(m.coverage) == 3  # the original is unchanged


def test_remove_people_names_every_unknown_id():
    with pytest.raises(NotFoundError, match="'s-ghost', 't-ghost'"):
        remove_people(parse_map(MAP), ["t-ghost", "s-cto", "s-ghost"])


def test_route_changes_hand_computed():
    m = parse_map(MAP)
    # before: CEO via Li Na → CTO 0.9 × 0.8 = 0.72; CFO via Li Na → CTO (allied 0.6) 0.54
    # without the CTO: CEO only by Wu directly 0.2 (weakened); CFO unreachable (broken)
    changes = route_changes(m, remove_people(m, ["s-cto"]), settings=DAY)
    [broken], [weaker] = changes["broken"], changes["weakened"]
    assert (broken["stakeholder"], broken["reason"], broken["after"]) == ("s-cfo", "no-route",
                                                                          None)
    assert broken["before"]["strength"] == pytest.approx(0.54)
    assert broken["drop"] == pytest.approx(0.54)
    assert weaker["stakeholder"] == "s-ceo" and weaker["change"] == "weakened"
    assert weaker["before"]["strength"] == pytest.approx(0.72)
    assert weaker["after"] == {"member": "t-wu", "entry": "s-ceo", "nodes": ["s-ceo"],
                               "strength": 0.2, "coverage": 0.2, "path_strength": 1.0}
    assert weaker["drop"] == pytest.approx(0.52)


def test_route_changes_when_a_decision_maker_goes():
    m = parse_map(MAP)
    changes = route_changes(m, remove_people(m, ["s-cfo"]))
    assert [(c["stakeholder"], c["reason"]) for c in changes["broken"]] == [
        ("s-cfo", "target-gone")]
    assert changes["weakened"] == []


def test_route_changes_respects_min_route():
    m = parse_map(MAP)
    # without Li Na: CEO 0.5 × 0.9 × 0.8 = 0.36 (weakened), CFO 0.5 × 0.9 × 0.6 = 0.27
    changes = route_changes(m, remove_people(m, ["t-li"]), settings=DAY)
    assert [c["stakeholder"] for c in changes["weakened"]] == ["s-ceo", "s-cfo"]
    strict = route_changes(m, remove_people(m, ["t-li"]),
                           settings=DAY.with_overrides(min_route=0.3))
    assert [c["stakeholder"] for c in strict["broken"]] == ["s-cfo"]  # 0.27 < 0.3
    assert [c["stakeholder"] for c in strict["weakened"]] == ["s-ceo"]


def test_no_change_is_no_change():
    m = parse_map(MAP)
    assert route_changes(m, m.copy()) == {"broken": [], "weakened": []}
    assert all(r["moved"] == 0 for r in rank_changes(m, m.copy()))


def test_rank_changes_hand_checked():
    m = parse_map(MAP)
    rows = {r["id"]: r for r in rank_changes(m, remove_people(m, ["s-cto"]))}
    assert rows["s-cto"]["rank_after"] is None and rows["s-cto"]["moved"] is None
    # before, both decision-makers listen to the CTO, who passes some of that to Dev:
    # CTO first, CEO (who listens only to the CTO) last
    assert [rows[i]["rank_before"] for i in ("s-cto", "s-cfo", "s-dev", "s-ceo")] == [1, 2, 3, 4]
    assert rows["s-ceo"]["moved"] == 3  # 4 → 1
    # without the CTO nobody influences the decision-makers: CEO 5/9, CFO 4/9, Dev 0
    assert rows["s-ceo"]["score_after"] == pytest.approx(5 / 9, abs=1e-6)
    assert rows["s-cfo"]["score_after"] == pytest.approx(4 / 9, abs=1e-6)
    assert [r["id"] for r in rank_changes(m, remove_people(m, ["s-cto"]))] == [
        "s-ceo", "s-cfo", "s-dev", "s-cto"]


def test_what_if_removed_has_designs_keys():
    m = parse_map(MAP)
    impact = what_if_removed(m, ["s-cto"])
    assert {"added", "removed", "changed", "broken_routes", "gaps_opened", "gaps_closed",
            "rank_changes"} <= set(impact)
    assert {c["stakeholder"] for c in impact["broken_routes"]} == {"s-ceo", "s-cfo"}
    with pytest.raises(NotFoundError, match="'nobody'"):
        what_if_removed(m, ["nobody"])


@SETTINGS
@given(st.integers(3, 30), st.integers(0, 10_000), st.data())
def test_removing_people_never_strengthens_a_route_to_a_decision_maker(n, seed, data):
    m = generate_account(n, seed=seed)
    ids = sorted(s.id for s in m.stakeholders) + sorted(t.id for t in m.team)
    gone = data.draw(st.sets(st.sampled_from(ids), min_size=1, max_size=3))
    new = remove_people(m, gone)
    for target in {s.id for s in new.stakeholders if s.active and s.role == "decision-maker"}:
        before, after = best_approach_route(m, target), best_approach_route(new, target)
        if after is not None:
            assert before is not None and after.strength <= before.strength + 1e-12
    changes = route_changes(m, new)
    for change in changes["weakened"]:
        assert change["after"]["strength"] < change["before"]["strength"]
    for change in changes["broken"]:
        assert change["after"] is None or change["after"]["strength"] < 0.1
    assert sum(r["score_after"] or 0 for r in rank_changes(m, new)) == pytest.approx(
        1.0 if any(s.active for s in new.stakeholders) else 0.0)


def test_what_if_on_an_example(example_path):
    amap = load_map(example_path)
    first = sorted(s.id for s in amap.stakeholders if s.role != "decision-maker")[0]
    impact = what_if_removed(amap, [first, amap.team[0].id])
    assert impact == what_if_removed(load_map(example_path), [first, amap.team[0].id])
    assert len(impact["removed"]) >= 2  # at least the two people
    gone = [r for r in impact["rank_changes"] if r["rank_after"] is None]
    assert [r["id"] for r in gone] == ([first] if amap.stakeholder(first).active else [])


def test_what_if_builds_each_influence_graph_and_rank_once(monkeypatch):
    import sys

    import networkx as nx

    from graphlib_kam.algorithms import arrays
    from graphlib_kam.algorithms import graph as graph_module

    calls = {"influence_graph": 0, "pagerank": 0}
    build, pagerank = graph_module.influence_graph, arrays.pagerank

    def counting_build(*args, **kwargs):
        calls["influence_graph"] += 1
        return build(*args, **kwargs)

    def counting_pagerank(*args, **kwargs):
        calls["pagerank"] += 1
        return pagerank(*args, **kwargs)

    for module in list(sys.modules.values()):
        if not getattr(module, "__name__", "").startswith("graphlib_kam"):
            continue
        if getattr(module, "influence_graph", None) is build:
            monkeypatch.setattr(module, "influence_graph", counting_build)
        if getattr(module, "pagerank", None) is pagerank:  # the rank runs on the kernel
            monkeypatch.setattr(module, "pagerank", counting_pagerank)
    networkx_pagerank = nx.pagerank

    def counting_networkx_pagerank(*args, **kwargs):
        calls["pagerank"] += 1
        return networkx_pagerank(*args, **kwargs)

    monkeypatch.setattr(nx, "pagerank", counting_networkx_pagerank)
    what_if_removed(parse_map(MAP), ["s-cto"])
    assert calls == {"influence_graph": 2, "pagerank": 2}  # the map before, the map after
