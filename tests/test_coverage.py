"""Coverage: link quality, the score by hand, and every gap kind triggered and not."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from graphlib_kam.algorithms import (
    GAP_KINDS,
    approach_routes,
    coverage_gaps,
    coverage_score,
    coverage_status,
    influence_rank,
    is_covered,
    link_quality,
)
from graphlib_kam.algorithms.graph import influence_graph
from graphlib_kam.errors import NotFoundError
from graphlib_kam.model import CoverageLink, parse_map
from graphlib_kam.settings import Settings

AS_OF = dt.date(2026, 11, 28)
S = Settings(as_of=AS_OF)

# A healthy committee with no gap at all: the CEO (a champion) and the manager are
# covered by two different members, every level is covered, nobody opposes, nobody left.
BASE = {
    "schema": "kam/1",
    "account": {"id": "acme", "name": "Acme"},
    "team": [{"id": "t-a", "name": "Li Na"}, {"id": "t-b", "name": "Wang Fang"}],
    "stakeholders": [
        {"id": "s-ceo", "name": "CEO Zhou", "title": "CEO", "level": "executive",
         "role": "decision-maker", "stance": 1, "power": 5, "interests": ["ROI"]},
        {"id": "s-mgr", "name": "Manager Xu", "title": "IT Manager", "level": "management",
         "role": "influencer", "interests": ["delivery risk"]},
        {"id": "s-dev", "name": "Dev Ma", "level": "operational", "role": "user"},
    ],
    "relationships": [
        {"source": "s-mgr", "target": "s-ceo", "kind": "influences", "strength": 0.8},
        {"source": "s-dev", "target": "s-mgr", "kind": "reports-to"},
    ],
    "coverage": [
        {"member": "t-a", "stakeholder": "s-ceo", "strength": 0.8, "last_contact": "2026-11-01"},
        {"member": "t-b", "stakeholder": "s-mgr", "strength": 0.7, "last_contact": "2026-11-10"},
        {"member": "t-b", "stakeholder": "s-dev", "strength": 0.6, "last_contact": "2026-10-01"},
    ],
}


def make(edit=None):
    data = copy.deepcopy(BASE)
    if edit:
        edit(data)
    return parse_map(data)


def person(data, sid):
    return next(s for s in data["stakeholders"] if s["id"] == sid)


def link(data, member, sid):
    return next(c for c in data["coverage"] if c["member"] == member and c["stakeholder"] == sid)


def drop_link(data, member, sid):
    data["coverage"].remove(link(data, member, sid))


def gaps_of(amap, settings=S):
    return [(g.kind, g.severity, g.stakeholder) for g in coverage_gaps(amap, settings=settings)]


def kinds(amap, settings=S):
    return {g.kind for g in coverage_gaps(amap, settings=settings)}


def only(amap, kind, settings=S):
    found = [g for g in coverage_gaps(amap, settings=settings) if g.kind == kind]
    assert len(found) == 1, found
    return found[0]


def test_the_base_map_has_no_gap():
    assert gaps_of(make()) == []


# --- link quality ------------------------------------------------------------------------

@pytest.mark.parametrize(("strength", "date", "weak", "stale"), [
    (0.5, "2026-08-30", False, False),   # exactly covered_min, exactly 90 days: covered
    (0.49, "2026-11-27", True, False),
    (0.9, "2026-08-29", False, True),    # 91 days
    (0.9, None, False, True),            # no date is stale
    (0.9, "2026-12-15", False, False),   # a date after as_of counts as recent
])
def test_link_quality_thresholds(strength, date, weak, stale):
    q = link_quality(CoverageLink("t", "s", strength, date and dt.date.fromisoformat(date)),
                     settings=S)
    assert (q.weak, q.stale, q.covering) == (weak, stale, not weak and not stale)
    assert q.quality == pytest.approx(strength * (0.5 if stale else 1))


def test_link_quality_follows_the_settings():
    link_ = CoverageLink("t", "s", 0.6, dt.date(2026, 10, 1))  # 58 days old
    assert link_quality(link_, settings=S).covering
    assert link_quality(link_, settings=S.with_overrides(stale_days=30)).stale
    assert link_quality(link_, settings=S.with_overrides(covered_min=0.7)).weak


def test_a_stakeholder_who_left_is_never_covered():
    amap = make(lambda d: person(d, "s-mgr").update(status="left"))
    assert not is_covered(amap, "s-mgr", settings=S)
    assert not coverage_status(amap, settings=S)["s-mgr"].covered
    assert is_covered(amap, "s-ceo", settings=S)


def test_is_covered_of_an_unknown_id_names_it():
    with pytest.raises(NotFoundError, match="s-nobody"):
        is_covered(make(), "s-nobody", settings=S)


def test_coverage_status_orders_links_and_finds_the_latest():
    def edit(d):
        d["coverage"].append({"member": "t-a", "stakeholder": "s-mgr", "strength": 0.4,
                              "last_contact": "2026-11-20"})
    status = coverage_status(make(edit), settings=S)["s-mgr"]
    assert [q.member for q in status.links] == ["t-b", "t-a"]   # strongest first
    assert status.best.member == "t-b" and status.latest.member == "t-a"
    assert status.covered and not status.weak and not status.stale


# --- the coverage score -----------------------------------------------------------------

def test_coverage_score_by_hand():
    # No relationships, so the influence rank is the personalization itself: the two
    # decision-makers by power, 3 / 4 = 0.75 and 1 / 4 = 0.25; the user ranks 0.
    # q(a) = 0.8 (recent), q(b) = 0.6 / 2 = 0.3 (stale), q(u) = 1.0 but weight 0.
    # score = 100 × (0.75 × 0.8 + 0.25 × 0.3 + 0 × 1.0) / 1 = 100 × 0.675 = 67.5
    amap = parse_map({
        "account": {"id": "x"}, "team": [{"id": "t"}],
        "stakeholders": [{"id": "a", "role": "decision-maker", "power": 3},
                         {"id": "b", "role": "decision-maker", "power": 1},
                         {"id": "u", "role": "user"}],
        "coverage": [{"member": "t", "stakeholder": "a", "strength": 0.8,
                      "last_contact": "2026-11-01"},
                     {"member": "t", "stakeholder": "b", "strength": 0.6,
                      "last_contact": "2026-01-01"},
                     {"member": "t", "stakeholder": "u", "strength": 1.0,
                      "last_contact": "2026-11-01"}]})
    assert coverage_score(amap, settings=S) == pytest.approx(67.5)


def test_coverage_score_takes_a_given_rank():
    # With rank 1 on the CEO alone the score is the CEO's link: 100 × 0.8.
    rank = {"s-ceo": 1.0, "s-mgr": 0.0, "s-dev": 0.0}
    assert coverage_score(make(), settings=S, rank=rank) == pytest.approx(80.0)


def test_coverage_score_is_zero_without_coverage_or_people():
    assert coverage_score(make(lambda d: d.update(coverage=[])), settings=S) == 0.0
    assert coverage_score(parse_map({"account": {"id": "x"}}), settings=S) == 0.0


# --- every gap kind: triggered and not ---------------------------------------------------

def test_no_decision_maker():
    amap = make(lambda d: person(d, "s-ceo").update(role="influencer"))
    gap = only(amap, "no-decision-maker")
    assert (gap.severity, gap.stakeholder) == ("high", None)
    # ask the most influential covered contact: the manager, whom the CEO listens to
    rank = influence_rank(influence_graph(amap))
    assert max(rank, key=rank.get) == "s-mgr"
    assert gap.action.render("en").startswith("Ask Manager Xu (covered by Wang Fang) who")
    assert "no-decision-maker" not in kinds(make())


def test_no_decision_maker_when_the_only_one_left():
    assert "no-decision-maker" in kinds(make(lambda d: person(d, "s-ceo").update(status="left")))


def test_uncovered_decision_maker_names_the_approach_route():
    amap = make(lambda d: drop_link(d, "t-a", "s-ceo"))
    gap = only(amap, "uncovered-decision-maker")
    assert (gap.severity, gap.stakeholder) == ("high", "s-ceo")
    assert gap.route.member == "t-b" and gap.route.nodes == ("s-mgr", "s-ceo")
    assert gap.route.strength == pytest.approx(0.56)  # 0.7 × 0.8
    assert gap.action.render("en").startswith(
        "Ask Manager Xu (covered by Wang Fang) to introduce you to CEO Zhou "
        "(route strength 0.56)")
    assert gap.action.render("zh").startswith("请 Manager Xu（Wang Fang 的联系人）引荐 CEO Zhou")
    assert "nobody on our team" in gap.message.render("en")


def test_decision_maker_with_only_a_stale_link_gets_one_stale_contact_gap():
    # Analysis 2: one coverage gap per person, the first that applies; a decision-maker
    # with a link (stale) is not "uncovered" (no link at all) but stale-contact, high.
    amap = make(lambda d: link(d, "t-a", "s-ceo").update(last_contact="2026-05-01"))
    gap = only(amap, "stale-contact")
    assert gap.severity == "high" and gap.stakeholder == "s-ceo"
    assert "2026-05-01" in gap.message.render("en") and "211 days" in gap.message.render("en")
    assert "uncovered-decision-maker" not in kinds(amap)


def test_unreachable_decision_maker():
    def edit(d):
        drop_link(d, "t-a", "s-ceo")
        d["relationships"][0]["strength"] = 0.1   # best route 0.7 × 0.1 = 0.07 < 0.1
    gap = only(make(edit), "unreachable-decision-maker")
    # the 0.07 route is named in the message, never offered as the action
    assert gap.severity == "high" and gap.details["route_strength"] == pytest.approx(0.07)
    assert gap.route is None and "0.07" not in gap.action.render("en")
    assert "0.07" in gap.message.render("en")
    # one coverage gap for the decision-maker: no uncovered-decision-maker beside it
    assert [g.kind for g in coverage_gaps(make(edit), settings=S)
            if g.stakeholder == "s-ceo"] == ["unreachable-decision-maker"]
    assert "unreachable-decision-maker" not in kinds(make())


def test_unreachable_decision_maker_boundary_is_inclusive():
    def edit(d):
        drop_link(d, "t-a", "s-ceo")
        link(d, "t-b", "s-mgr")["strength"] = 0.5
        d["relationships"][0]["strength"] = 0.2   # 0.5 × 0.2 = 0.1 exactly: reachable
    assert "unreachable-decision-maker" not in kinds(make(edit))


def test_unreachable_decision_maker_without_any_route():
    def edit(d):
        drop_link(d, "t-a", "s-ceo")
        d["relationships"] = []
    gap = only(make(edit), "unreachable-decision-maker")
    assert gap.route is None and "any influence path" in gap.message.render("en")


def add_opposer(d, *, to_ceo=0.5, **fields):
    d["stakeholders"].append({"id": "s-opp", "name": "Opp Wu", "level": "management",
                              "role": "opposer", "interests": ["switching risk"], **fields})
    d["relationships"].append({"source": "s-opp", "target": "s-ceo", "strength": to_ceo})


def test_unaddressed_opposer_high_when_close_to_a_decision_maker():
    gap = only(make(add_opposer), "unaddressed-opposer")
    assert (gap.severity, gap.stakeholder) == ("high", "s-opp")     # path 0.5 ≥ 0.3
    assert "switching risk" in gap.action.render("en")


def test_unaddressed_opposer_medium_when_far():
    gap = only(make(lambda d: add_opposer(d, to_ceo=0.2)), "unaddressed-opposer")
    assert gap.severity == "medium"                                  # path 0.2 < 0.3


def test_opposer_is_addressed_by_covering_them_or_an_influencer():
    def covered(d):
        add_opposer(d)
        d["coverage"].append({"member": "t-a", "stakeholder": "s-opp", "strength": 0.5,
                              "last_contact": "2026-11-20"})

    def influencer_covered(d):
        add_opposer(d)
        d["relationships"].append({"source": "s-mgr", "target": "s-opp", "strength": 0.4})
    assert "unaddressed-opposer" not in kinds(make(covered))
    assert "unaddressed-opposer" not in kinds(make(influencer_covered))


def test_a_negative_stance_makes_an_opposer():
    def edit(d):
        person(d, "s-dev")["stance"] = -1
        drop_link(d, "t-b", "s-dev")
        d["relationships"] = [d["relationships"][0]]   # nobody influences the developer
    gap = only(make(edit), "unaddressed-opposer")
    assert gap.stakeholder == "s-dev" and gap.severity == "medium"  # no path to the CEO


def test_an_opposing_decision_maker_is_high():
    def edit(d):
        person(d, "s-ceo")["stance"] = -1
        drop_link(d, "t-a", "s-ceo")
        d["relationships"] = []
    gap = only(make(edit), "unaddressed-opposer")
    assert gap.severity == "high" and gap.details["path_to_decision_maker"] == 1.0
    assert "decision-maker themselves" in gap.message.render("en")


def test_departed_contact_high_for_an_influencer():
    gap = only(make(lambda d: person(d, "s-mgr").update(status="left")), "departed-contact")
    assert (gap.severity, gap.stakeholder) == ("high", "s-mgr")
    assert gap.details["members"] == ["t-b"]
    assert "Wang Fang" in gap.message.render("en")


def test_departed_contact_low_for_a_user_and_none_without_ties():
    def user_left(d):
        person(d, "s-dev")["status"] = "left"
    assert only(make(user_left), "departed-contact").severity == "low"

    def user_left_clean(d):
        user_left(d)
        drop_link(d, "t-b", "s-dev")
        d["relationships"] = [d["relationships"][0]]
    assert "departed-contact" not in kinds(make(user_left_clean))


def test_single_threaded_one_member():
    def edit(d):
        for c in d["coverage"]:
            c["member"] = "t-a"
    gap = only(make(edit), "single-threaded")
    assert gap.severity == "high" and gap.stakeholder is None
    assert "Li Na" in gap.message.render("en") and "Wang Fang" in gap.action.render("en")


def test_single_threaded_one_covered_stakeholder():
    def edit(d):
        link(d, "t-b", "s-mgr")["strength"] = 0.3
        link(d, "t-b", "s-dev")["strength"] = 0.3
    assert only(make(edit), "single-threaded").details["covered"] == ["s-ceo"]


def test_no_coverage_instead_of_single_threaded():
    # Analysis 2: without any coverage link the gap is no-coverage, not single-threaded.
    found = kinds(make(lambda d: d.update(coverage=[])))
    assert "no-coverage" in found and "single-threaded" not in found
    gap = only(make(lambda d: d.update(coverage=[], team=[])), "no-coverage")
    assert gap.severity == "high" and "no team members" in gap.message.render("en")
    assert "no-coverage" not in kinds(make())


def test_uncovered_influencer_medium_and_low():
    amap = make(lambda d: drop_link(d, "t-b", "s-mgr"))
    assert only(amap, "uncovered-influencer").severity == "medium"   # path 0.8 ≥ 0.3

    def far(d):
        drop_link(d, "t-b", "s-mgr")
        d["relationships"][0]["strength"] = 0.2
    assert only(make(far), "uncovered-influencer").severity == "low"  # path 0.2 < 0.3
    assert "uncovered-influencer" not in kinds(make())


def test_weak_coverage():
    gap = only(make(lambda d: link(d, "t-b", "s-mgr").update(strength=0.3)), "weak-coverage")
    assert (gap.severity, gap.stakeholder) == ("medium", "s-mgr")
    assert "0.30" in gap.message.render("en")
    # exactly covered_min is not weak; a weak user is not a gap
    assert "weak-coverage" not in kinds(make(lambda d: link(d, "t-b", "s-mgr").update(
        strength=0.5)))
    assert "weak-coverage" not in kinds(make(lambda d: link(d, "t-b", "s-dev").update(
        strength=0.2)))


def test_stale_contact():
    gap = only(make(lambda d: link(d, "t-b", "s-mgr").update(last_contact="2026-08-01")),
               "stale-contact")
    assert gap.severity == "medium" and "119 days" in gap.message.render("en")
    assert "stale-contact" not in kinds(make(lambda d: link(d, "t-b", "s-mgr").update(
        last_contact="2026-08-30")))  # exactly 90 days


def test_stale_contact_without_a_date():
    gap = only(make(lambda d: link(d, "t-a", "s-ceo").update(last_contact=None)),
               "stale-contact")
    assert "no date" in gap.message.render("en") or "date of last contact" in \
        gap.message.render("en")


def test_level_gap():
    gap = only(make(lambda d: drop_link(d, "t-b", "s-dev")), "level-gap")
    # DESIGN: a level gap's stakeholder is the level
    assert (gap.severity, gap.level, gap.stakeholder) == ("medium", "operational", "operational")
    assert gap.route is not None and gap.route.target == "s-dev"
    assert "基层" in gap.message.render("zh")
    assert "level-gap" not in kinds(make())


def test_no_champion():
    gap = only(make(lambda d: person(d, "s-ceo").update(stance=0)), "no-champion")
    assert gap.severity == "medium"
    # develop the most influential covered neutral: the manager the CEO listens to
    assert gap.action.render("en").startswith("Develop a champion: Manager Xu is covered")
    assert "no-champion" not in kinds(make())


def test_no_champion_names_an_uncovered_supporter():
    def edit(d):
        person(d, "s-ceo")["stance"] = 0
        person(d, "s-mgr")["stance"] = 2
        link(d, "t-b", "s-mgr")["last_contact"] = "2026-01-10"
    gap = only(make(edit), "no-champion")
    assert gap.details["supporters"] == ["s-mgr"]
    # the action is the plan's sentence for the manager: a stale link, renewed
    assert gap.action.render("en") == (
        "Win Manager Xu (stance +2) over as champion. Have Wang Fang get back in touch with "
        "Manager Xu (route strength 0.35); lead with delivery risk.")


TRIGGERS = {
    "no-decision-maker": lambda d: person(d, "s-ceo").update(role="influencer"),
    "uncovered-decision-maker": lambda d: drop_link(d, "t-a", "s-ceo"),
    "unreachable-decision-maker": lambda d: (drop_link(d, "t-a", "s-ceo"),
                                             d.update(relationships=[])),
    "unaddressed-opposer": add_opposer,
    "departed-contact": lambda d: person(d, "s-mgr").update(status="left"),
    "no-coverage": lambda d: d.update(coverage=[]),
    "single-threaded": lambda d: [c.update(member="t-a") for c in d["coverage"]],
    "uncovered-influencer": lambda d: drop_link(d, "t-b", "s-mgr"),
    "weak-coverage": lambda d: link(d, "t-b", "s-mgr").update(strength=0.3),
    "stale-contact": lambda d: link(d, "t-b", "s-mgr").update(last_contact="2026-01-01"),
    "level-gap": lambda d: drop_link(d, "t-b", "s-dev"),
    "no-champion": lambda d: person(d, "s-ceo").update(stance=0),
}


@pytest.mark.parametrize("kind", GAP_KINDS)
def test_each_kind_is_triggered_by_one_edit_of_the_healthy_map(kind):
    assert kind not in kinds(make())
    assert kind in kinds(make(TRIGGERS[kind]))


# --- order, settings, languages ------------------------------------------------------------

def test_gaps_are_ordered_by_severity_then_influence_then_id():
    def edit(d):
        d["coverage"] = [c for c in d["coverage"] if c["stakeholder"] == "s-dev"]
        add_opposer(d, to_ceo=0.2)
    gaps = coverage_gaps(make(edit), settings=S)
    order = [(g.severity, g.influence, g.stakeholder or "") for g in gaps]
    rank = {"high": 0, "medium": 1, "low": 2}
    assert order == sorted(order, key=lambda o: (rank[o[0]], -o[1], o[2]))
    assert gaps[0].kind == "single-threaded"   # account-wide gaps weigh 1


def test_thresholds_come_from_the_settings():
    strict = S.with_overrides(covered_min=0.9)
    assert "weak-coverage" in kinds(make(), strict)  # the CEO's 0.8 is weak below 0.9
    assert "stale-contact" in kinds(make(), S.with_overrides(stale_days=10))
    amap = make(lambda d: (drop_link(d, "t-a", "s-ceo")))
    assert "unreachable-decision-maker" in kinds(amap, S.with_overrides(min_route=0.6))


def test_as_of_defaults_to_today():
    # A contact made today is recent whatever day the test runs.
    today = dt.date.today().isoformat()
    amap = make(lambda d: [c.update(last_contact=today) for c in d["coverage"]])
    assert coverage_gaps(amap) == []


def test_gap_to_dict_is_designs_json_in_both_languages():
    amap = make(lambda d: drop_link(d, "t-a", "s-ceo"))
    for lang in ("en", "zh"):
        for gap in coverage_gaps(amap, settings=S):
            d = gap.to_dict(lang)
            assert {"kind", "severity", "stakeholder", "message", "action"} <= set(d)
            assert d["message"] and d["action"] and "{" not in d["message"] + d["action"]


def test_the_gap_route_is_the_first_approach_route():
    amap = make(lambda d: drop_link(d, "t-a", "s-ceo"))
    gap = only(amap, "uncovered-decision-maker")
    assert gap.route == approach_routes(amap, "s-ceo")[0]
