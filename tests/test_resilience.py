"""Resilience: whose single loss breaks or halves the route to a decision-maker."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphlib_kam.algorithms import best_approach_route, remove_people
from graphlib_kam.algorithms import resilience as _resilience
from graphlib_kam.model import parse_map
from graphlib_kam.model.synthetic import generate_account
from graphlib_kam.settings import Settings
from graphlib_kam.store import load_map

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

BASE = {
    "account": {"id": "acme"},
    "team": [{"id": "t-li", "name": "Li Na"}, {"id": "t-wu", "name": "Wu"}],
    "stakeholders": [
        {"id": "s-ceo", "name": "CEO", "role": "decision-maker"},
        {"id": "s-cto", "name": "CTO"}, {"id": "s-dev", "name": "Dev"}],
    "relationships": [
        {"source": "s-dev", "target": "s-cto", "strength": 0.9},
        {"source": "s-cto", "target": "s-ceo", "strength": 0.8}],
}


def with_coverage(*links):
    # recent on DAY, so a link's quality is its strength (Analysis 2 halves stale ones)
    return parse_map({**BASE, "coverage": [
        {"member": m, "stakeholder": s, "strength": c, "last_contact": "2026-11-02"}
        for m, s, c in links]})


DAY = Settings(as_of=dt.date(2026, 11, 28))


def resilience(amap, settings=DAY, **options):
    return _resilience(amap, settings=settings, **options)


def test_single_threaded_route_breaks_on_every_loss():
    # Li Na → Dev → CTO → CEO: 0.5 × 0.9 × 0.8 = 0.36, and nothing else
    [report] = resilience(with_coverage(("t-li", "s-dev", 0.5)))
    assert report["best"]["strength"] == pytest.approx(0.36)
    assert report["survives"] is False
    assert [(c["id"], c["kind"], c["effect"]) for c in report["critical"]] == [
        ("s-cto", "stakeholder", "breaks"), ("s-dev", "stakeholder", "breaks"),
        ("t-li", "member", "breaks")]
    assert all(c["after"] is None and c["ratio"] == 0 for c in report["critical"])


def test_a_fallback_route_above_half_is_not_critical():
    # best: Li Na → CTO → CEO 0.9 × 0.8 = 0.72; Wu → Dev → CTO → CEO 0.6 × 0.72 = 0.432
    # Losing Li Na leaves 0.432 > 0.36 = half: fine. Losing the CTO leaves nothing.
    [report] = resilience(with_coverage(("t-li", "s-cto", 0.9), ("t-wu", "s-dev", 0.6)))
    assert report["best"]["member"] == "t-li"
    assert [(c["id"], c["effect"]) for c in report["critical"]] == [("s-cto", "breaks")]
    assert report["survives"] is False


def test_a_fallback_route_at_or_below_half_halves():
    # best 0.72 as above; Wu's direct link 0.36 = exactly half of 0.72 → halves
    [report] = resilience(with_coverage(("t-li", "s-cto", 0.9), ("t-wu", "s-ceo", 0.36)))
    assert [(c["id"], c["effect"], c["after_strength"]) for c in report["critical"]] == [
        ("s-cto", "halves", 0.36), ("t-li", "halves", 0.36)]
    assert report["critical"][0]["ratio"] == pytest.approx(0.5)
    assert report["survives"] is True


def test_a_fallback_below_min_route_breaks():
    # best 0.72; Wu's direct link 0.05 is below min_route 0.1, so it does not count
    [report] = resilience(with_coverage(("t-li", "s-cto", 0.9), ("t-wu", "s-ceo", 0.05)))
    assert {c["effect"] for c in report["critical"]} == {"breaks"}
    assert report["critical"][0]["after"]["strength"] == 0.05


def test_an_unreachable_decision_maker_is_not_analysed():
    [report] = resilience(with_coverage(("t-li", "s-dev", 0.2)))  # 0.2 × 0.72 = 0.144
    assert report["survives"] is False
    [report] = resilience(with_coverage(("t-li", "s-dev", 0.2)),
                          settings=DAY.with_overrides(min_route=0.2))
    assert report["survives"] is None and report["critical"] == []
    [report] = resilience(with_coverage())
    assert report["best"] is None and report["survives"] is None


def test_halving_must_be_a_share():
    with pytest.raises(ValueError):
        resilience(with_coverage(), halving=1.5)


def brute_force(amap, target, cfg, halving=0.5):
    """Remove each stakeholder and team member in turn and look at the best route."""
    best = best_approach_route(amap, target)
    out = {}
    for person in [s.id for s in amap.stakeholders] + [t.id for t in amap.team]:
        if person == target:
            continue
        after = best_approach_route(remove_people(amap, [person]), target)
        strength = after.strength if after else 0.0
        if strength < cfg.min_route:
            out[person] = "breaks"
        elif round(strength, 10) <= round(halving * best.strength, 10):
            out[person] = "halves"
    return out


@SETTINGS
@given(st.integers(3, 30), st.integers(0, 10_000))
def test_critical_people_are_exactly_those_found_by_removing_everyone(n, seed):
    amap = generate_account(n, seed=seed)
    cfg = Settings()
    for report in resilience(amap, settings=cfg):
        if report["survives"] is None:
            continue
        found = {c["id"]: c["effect"] for c in report["critical"]}
        assert found == brute_force(amap, report["stakeholder"], cfg)


def test_resilience_on_an_example(example_path):
    amap = load_map(example_path)
    cfg = Settings()
    reports = resilience(amap, settings=cfg)
    deciders = sorted(s.id for s in amap.stakeholders
                      if s.active and s.role == "decision-maker")
    assert [r["stakeholder"] for r in reports] == deciders
    for report in reports:
        if report["survives"] is not None:
            found = {c["id"]: c["effect"] for c in report["critical"]}
            assert found == brute_force(amap, report["stakeholder"], cfg)
