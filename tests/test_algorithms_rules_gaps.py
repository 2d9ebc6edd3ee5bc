"""DESIGN's blind spots (Analysis 2), gap by gap: what each gap says, what it asks the team
to do, and what it carries in JSON, checked word for word; and the influence paths under
them (strongest paths, k strongest paths, approach routes) at their edges.

Every expected sentence is written out by hand from the rule and the English (or Chinese)
template of graphlib_kam/text/analysis.py; strengths, ages and ranks are worked out by
hand (the arithmetic is in the comments) or taken from networkx. These tests close the
gaps a mutation run of graphlib_kam/algorithms/gaps.py, paths.py, compare.py and
analysis.py (docs/mutation.md) found.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random

import networkx as nx
import pytest

from graphlib_kam.algorithms import analyze, coverage_gaps, influence_analysis
from graphlib_kam.algorithms.compare import rank_changes, route_changes
from graphlib_kam.algorithms.paths import (
    COST_DIGITS,
    approach_routes,
    best_approach_route,
    best_route_strengths,
    opposers_in,
    strongest_path,
    strongest_paths,
)
from graphlib_kam.algorithms.resilience import resilience
from graphlib_kam.algorithms.whatif import remove_people
from graphlib_kam.errors import InputError, NotFoundError
from graphlib_kam.model import parse_map
from graphlib_kam.settings import InfluenceSettings, Settings

DAY = dt.date(2026, 11, 28)
S = Settings(as_of=DAY)
FRESH = "2026-11-02"  # 26 days before DAY
TEAM = [{"id": "t-li", "name": "Li Na"}, {"id": "t-wu", "name": "Wu Bo"},
        {"id": "t-zh", "name": "Zhao Lei"}]


def account(stakeholders, relationships=(), coverage=(), team=None, **extra):
    """A map from plain dicts (team: Li Na, Wu Bo and Zhao Lei, unless given)."""
    data = {"account": {"id": "a"}, "team": TEAM if team is None else team,
            "stakeholders": list(stakeholders), "relationships": list(relationships),
            "coverage": list(coverage)}
    data.update(extra)
    return parse_map(data)


def person(sid, name, role="user", level="operational", interests=("budget",), **fields):
    return {"id": sid, "name": name, "role": role, "level": level,
            "interests": list(interests), **fields}


def rel(source, target, strength, kind="influences"):
    return {"source": source, "target": target, "strength": strength, "kind": kind}


def link(member, stakeholder, strength, last_contact=FRESH):
    found = {"member": member, "stakeholder": stakeholder, "strength": strength}
    if last_contact is not None:
        found["last_contact"] = last_contact
    return found


def gaps_of(amap, settings=S):
    return coverage_gaps(amap, settings=settings)


def gap(amap, kind, stakeholder=None, settings=S):
    """The one gap of ``kind`` (about ``stakeholder`` when given)."""
    found = [g for g in gaps_of(amap, settings)
             if g.kind == kind and (stakeholder is None or g.stakeholder == stakeholder)]
    assert len(found) == 1, [(g.kind, g.stakeholder) for g in gaps_of(amap, settings)]
    return found[0]


def pagerank_of(nodes, edges, personalization):
    """DESIGN's influence rank by networkx itself: PageRank on the reversed edges."""
    R = nx.DiGraph()
    R.add_nodes_from(nodes)
    R.add_weighted_edges_from((v, u, s) for u, v, s in edges)
    return nx.pagerank(R, alpha=0.85, personalization=personalization, weight="weight")


# --- stale-contact: the latest dated strong link, who last spoke, and the way back ------


def test_a_stale_contact_names_the_latest_dated_strong_link():
    # Three strong links to the CEO, all stale: Li Na's 0.8 has no date, Wu Bo's 0.7 is
    # of 1 July (150 days before 28 November: 31 + 31 + 30 + 31 + 27) and Zhao Lei's 0.6
    # of 1 August (119 days: 31 + 30 + 31 + 27). The message speaks of the latest dated
    # one, Zhao Lei's: not the strongest, nor the first dated one.
    amap = account(
        [person("s-ceo", "王建国", "decision-maker", "executive")],
        coverage=[link("t-li", "s-ceo", 0.8, None), link("t-wu", "s-ceo", 0.7, "2026-07-01"),
                  link("t-zh", "s-ceo", 0.6, "2026-08-01")])
    found = gap(amap, "stale-contact", "s-ceo")
    out = found.to_dict("en")
    assert (out["severity"], out["name"]) == ("high", "王建国")
    assert out["message"] == ("The last contact with 王建国 was on 2026-08-01 by Zhao Lei, "
                              "119 days before 2026-11-28 (stale after 90).")
    # The way back is the best route: the strongest link halved for being stale,
    # Li Na's 0.8 × 0.5 = 0.40 (Wu Bo's 0.35, Zhao Lei's 0.30).
    assert out["action"] == ("Have Li Na get back in touch with 王建国 (route strength 0.40); "
                             "lead with budget.")
    assert (found.route.member, found.route.nodes) == ("t-li", ("s-ceo",))
    assert out["route"]["strength"] == pytest.approx(0.4)
    assert out["details"] == {
        "route_strength": pytest.approx(0.4), "champion": False,
        "link": {"member": "t-zh", "stakeholder": "s-ceo", "strength": 0.6,
                 "last_contact": "2026-08-01", "age_days": 119, "weak": False,
                 "stale": True, "covering": False, "quality": pytest.approx(0.3)}}


def test_a_stale_contact_says_its_days_against_the_stale_days_of_the_settings():
    amap = account([person("s-ceo", "王建国", "decision-maker", "executive")],
                   coverage=[link("t-wu", "s-ceo", 0.7, "2026-11-02")])
    # 26 days old: stale after 20 days, not after 90.
    found = gap(amap, "stale-contact", "s-ceo", Settings(as_of=DAY, stale_days=20))
    assert found.to_dict("en")["message"] == (
        "The last contact with 王建国 was on 2026-11-02 by Wu Bo, 26 days before 2026-11-28 "
        "(stale after 20).")
    assert [g.kind for g in gaps_of(amap) if g.stakeholder == "s-ceo"] == []


def test_a_champion_out_of_touch_is_a_high_stale_contact_named_as_the_champion():
    # A user tagged champion gets a stale-contact gap, high; Chen's title is Latin, so
    # it follows the name in brackets.
    amap = account(
        [person("s-ceo", "王建国", "decision-maker", "executive"),
         person("s-chen", "Chen", tags=["champion"], title="CIO")],
        [rel("s-chen", "s-ceo", 0.5)],
        [link("t-li", "s-ceo", 0.9), link("t-wu", "s-chen", 0.6, "2026-06-01")])
    found = gap(amap, "stale-contact", "s-chen")
    out = found.to_dict("en")
    # 1 June → 28 November: 30 + 31 + 31 + 30 + 31 + 27 = 180 days
    assert out["severity"] == "high"
    assert out["message"] == ("The last contact with the champion Chen (CIO) was on "
                              "2026-06-01 by Wu Bo, 180 days before 2026-11-28 "
                              "(stale after 90).")
    assert out["action"] == ("Have Wu Bo get back in touch with Chen (route strength 0.30); "
                             "lead with budget.")
    assert out["details"]["champion"] is True
    assert out["route"]["member"] == "t-wu"
    assert "拥护者 · Chen（CIO）" in found.to_dict("zh")["message"]


def test_a_stale_contact_without_any_date_says_so():
    amap = account(
        [person("s-ceo", "王建国", "decision-maker", "executive"),
         person("s-chen", "Chen", tags=["champion"])],
        [rel("s-chen", "s-ceo", 0.5)],
        [link("t-li", "s-ceo", 0.9), link("t-wu", "s-chen", 0.6, None)])
    out = gap(amap, "stale-contact", "s-chen").to_dict("en")
    assert out["message"] == "No link to the champion Chen has a date of last contact."
    assert out["details"]["link"]["last_contact"] is None
    amap = account([person("s-ceo", "王建国", "decision-maker", "executive")],
                   coverage=[link("t-li", "s-ceo", 0.9, None)])
    out = gap(amap, "stale-contact", "s-ceo").to_dict("en")
    assert out["message"] == "No link to 王建国 has a date of last contact."


# --- departed-contact: one link or several, one relationship or several --------------


def test_a_departed_contact_counts_its_links_and_relationships_in_words():
    def message(n_links, n_relationships):
        links = [link(m, "s-old", 0.7) for m in ("t-li", "t-wu")[:n_links]]
        rels = [rel("s-old", o, 0.5) for o in ("s-a", "s-b")[:n_relationships]]
        amap = account([person("s-old", "Old", status="left"), person("s-a", "Ann"),
                        person("s-b", "Bob")], rels, links)
        return gap(amap, "departed-contact", "s-old").to_dict("en")["message"]

    assert message(1, 0) == "Old has left, but the map still holds 1 coverage link (Li Na)."
    assert message(2, 0) == ("Old has left, but the map still holds 2 coverage links "
                             "(Li Na and Wu Bo).")
    # Ann and Bob weigh the same (no one influences them), so they go by id.
    assert message(0, 1) == "Old has left, but the map still holds 1 relationship (with Ann)."
    assert message(0, 2) == ("Old has left, but the map still holds 2 relationships "
                             "(with Ann and Bob).")


# --- uncovered-influencer: the reason and the strongest path to a decision-maker -------


def influencers_map():
    # Li Na covers Vivian (0.8, fresh). 张伟 influences Vivian (0.6), who influences the
    # CEO (0.5): 张伟's strongest path to a decision-maker runs through Vivian, 0.6 × 0.5
    # = 0.30. Ana is influenced by Vivian (0.5) and influences nobody: reached by Li Na →
    # Vivian → Ana, 0.8 × 0.5 = 0.40, with no path to a decision-maker.
    return account(
        [person("s-ceo", "王建国", "decision-maker", "executive"),
         person("s-vp", "Vivian", "influencer", "management"),
         person("s-zw", "张伟", "influencer", "management"),
         person("s-ana", "Ana", "influencer", "management", title="Head of IT")],
        [rel("s-zw", "s-vp", 0.6), rel("s-vp", "s-ceo", 0.5), rel("s-vp", "s-ana", 0.5)],
        [link("t-li", "s-vp", 0.8)])


def test_an_uncovered_influencer_is_told_with_the_strongest_path_to_a_decision_maker():
    found = gap(influencers_map(), "uncovered-influencer", "s-zw")
    out = found.to_dict("en")
    assert out["severity"] == "medium"  # 0.30 reaches influencer_path_level 0.3
    assert out["message"] == (
        "张伟, an influencer, is not covered: nobody on our team has a relationship with "
        "them; their strongest path to a decision-maker (王建国) has strength 0.30.")
    # nobody we cover reaches 张伟 (nobody influences them)
    assert out["action"] == (
        "Find an entry point to 张伟: nobody we cover reaches them by a route strong enough, "
        "so find out whom 张伟 listens to and have a team member open a direct relationship.")
    assert out["route"] is None
    assert out["details"] == {"route_strength": None,
                              "path_to_decision_maker": pytest.approx(0.3),
                              "decision_maker": "s-ceo"}
    assert found.to_dict("zh")["message"] == (
        "影响者 · 张伟未被覆盖：我方团队中无人与其建立关系；"
        "其通向决策者（王建国）的最强影响路径强度为 0.30。")


def test_an_uncovered_influencer_without_a_path_to_a_decision_maker_is_low():
    out = gap(influencers_map(), "uncovered-influencer", "s-ana").to_dict("en")
    assert out["severity"] == "low"
    assert out["message"] == (
        "Ana (Head of IT), an influencer, is not covered: nobody on our team has a "
        "relationship with them; they have no influence path to a decision-maker.")
    assert out["action"] == ("Ask Vivian (covered by Li Na) to introduce you to Ana "
                             "(route strength 0.40); lead with budget.")
    assert out["route"]["nodes"] == ["s-vp", "s-ana"]
    assert out["details"] == {"route_strength": pytest.approx(0.4),
                              "path_to_decision_maker": None, "decision_maker": None}


# --- unreachable-decision-maker: the best route, the listeners, where to start ---------


def unreachable_map():
    # Nobody reaches the CEO by 0.1 (min_route). Dan, covered 0.9, influences the CEO
    # 0.09: the best route, 0.9 × 0.09 = 0.081. Eve, covered 0.6, reaches Ann (0.75) and
    # Bob (0.5): routes of 0.45 and 0.30. Bob influences the CEO 0.1, Ann and Cao 0.05
    # each (Cao's relationship comes first in the map; nobody reaches Cao).
    return account(
        [person("s-ceo", "王建国", "decision-maker", "executive"),
         person("s-dan", "Dan"), person("s-eve", "Eve"), person("s-ann", "Ann"),
         person("s-bob", "Bob"), person("s-cao", "Cao")],
        [rel("s-cao", "s-ceo", 0.05), rel("s-ann", "s-ceo", 0.05), rel("s-bob", "s-ceo", 0.1),
         rel("s-dan", "s-ceo", 0.09), rel("s-eve", "s-ann", 0.75), rel("s-eve", "s-bob", 0.5)],
        [link("t-li", "s-dan", 0.9), link("t-li", "s-eve", 0.6)])


def test_an_unreachable_decision_maker_is_worked_through_the_strongest_way_in():
    found = gap(unreachable_map(), "unreachable-decision-maker", "s-ceo")
    out = found.to_dict("en")
    assert out["severity"] == "high"
    assert out["message"] == ("No approach route to 王建国 reaches strength 0.10: the best, "
                              "Li Na → Dan → 王建国, has 0.08.")
    # Listeners by strength, then id: Bob 0.10, (Dan 0.09, covered), Ann 0.05, Cao 0.05.
    # The way in is the strongest route on to the CEO: through Bob 0.30 × 0.1 = 0.030,
    # through Ann 0.45 × 0.05 = 0.0225, Cao not reached.
    assert out["action"] == (
        "Build a route through the people 王建国 listens to (Bob (0.10), Ann (0.05) and "
        "Cao (0.05)): start with Bob: ask Eve (covered by Li Na) to introduce you to Bob "
        "(route strength 0.30).")
    assert out["route"] is None
    assert out["details"] == {"route_strength": pytest.approx(0.081), "min_route": 0.1,
                              "listeners": ["s-bob", "s-dan", "s-ann", "s-cao"]}


def test_the_way_in_to_an_unreachable_decision_maker_follows_min_route():
    # With min_route 0.35 Bob (0.30) is out of reach too: Ann (0.45) is the way in.
    found = gap(unreachable_map(), "unreachable-decision-maker", "s-ceo",
                Settings(as_of=DAY, min_route=0.35))
    assert found.to_dict("en")["action"].endswith(
        "start with Ann: ask Eve (covered by Li Na) to introduce you to Ann "
        "(route strength 0.45).")
    assert found.details["min_route"] == 0.35
    assert found.to_dict("en")["message"].startswith(
        "No approach route to 王建国 reaches strength 0.35: the best,")
    # above every route (0.45) no listener is a way in
    found = gap(unreachable_map(), "unreachable-decision-maker", "s-ceo",
                Settings(as_of=DAY, min_route=0.46))
    assert found.to_dict("en")["action"] == (
        "Build a route through the people 王建国 listens to (Bob (0.10), Ann (0.05) and "
        "Cao (0.05)): none of them can be reached through anyone we cover yet, so ask our "
        "own executives or a partner for an introduction.")


def test_an_unreachable_decision_maker_nobody_reaches_nor_influences():
    amap = account([person("s-ceo", "王建国", "decision-maker", "executive"),
                    person("s-dan", "Dan")], coverage=[link("t-li", "s-dan", 0.9)])
    out = gap(amap, "unreachable-decision-maker", "s-ceo").to_dict("en")
    assert out["message"] == "Nobody we cover has any influence path to 王建国."
    assert out["action"] == (
        "Arrange an executive-level meeting with 王建国 through our own leadership, and find "
        "out whom 王建国 listens to.")
    assert out["details"] == {"route_strength": None, "min_route": 0.1, "listeners": []}


def test_an_unreachable_decision_maker_whose_listeners_are_all_covered():
    # Dan is covered and the CEO's only listener; his 0.09 leaves the CEO out of reach.
    amap = account([person("s-ceo", "王建国", "decision-maker", "executive"),
                    person("s-dan", "Dan")], [rel("s-dan", "s-ceo", 0.09)],
                   [link("t-li", "s-dan", 0.9)])
    out = gap(amap, "unreachable-decision-maker", "s-ceo").to_dict("en")
    assert out["action"] == (
        "Arrange an executive-level meeting with 王建国 through our own leadership, and find "
        "out whom 王建国 listens to.")
    assert out["details"]["listeners"] == ["s-dan"]


# --- weak-coverage: the best link, below covered_min --------------------------------


@pytest.mark.parametrize(("role", "severity"), [("decision-maker", "high"),
                                                ("influencer", "medium")])
def test_weak_coverage_names_the_best_link_and_what_covered_needs(role, severity):
    amap = account([person("s-x", "王建国", role, "executive")],
                   coverage=[link("t-wu", "s-x", 0.3), link("t-li", "s-x", 0.4)])
    found = gap(amap, "weak-coverage", "s-x", Settings(as_of=DAY, covered_min=0.45))
    out = found.to_dict("en")
    assert out["severity"] == severity
    assert out["message"] == ("The best coverage link of 王建国 is weak: Li Na at 0.40 "
                              "(covered needs 0.45).")
    assert out["action"] == ("Have Li Na meet 王建国 in person and deepen the relationship "
                             "(route strength 0.40); lead with budget.")
    assert out["route"]["member"] == "t-li"
    assert out["details"] == {
        "route_strength": pytest.approx(0.4),
        "link": {"member": "t-li", "stakeholder": "s-x", "strength": 0.4,
                 "last_contact": FRESH, "age_days": 26, "weak": True, "stale": False,
                 "covering": False, "quality": 0.4}}


# --- single-threaded and no-coverage: where to start ("starting with …") --------------


def test_single_threaded_starts_with_the_key_people_held_by_fewer_than_two_members():
    # The CEO is covered by Li Na (0.7) and also held by Wu Bo (0.3, weak): two members.
    # 张伟 is held by Wu Bo alone (0.3, weak); the user Uma by nobody. Only one
    # stakeholder is covered, so the deal hangs on one relationship; the key people
    # (decision-makers and influencers) held by fewer than two members: 张伟 alone.
    amap = account(
        [person("s-ceo", "王建国", "decision-maker", "executive"),
         person("s-zw", "张伟", "influencer", "management"), person("s-uma", "Uma")],
        [rel("s-zw", "s-ceo", 0.8)],
        [link("t-li", "s-ceo", 0.7), link("t-wu", "s-ceo", 0.3), link("t-wu", "s-zw", 0.3)])
    out = gap(amap, "single-threaded").to_dict("en")
    assert out["message"] == ("Only one stakeholder, 王建国, is covered: the whole deal hangs "
                              "on one relationship.")
    assert out["action"] == ("Multi-thread the account: have Li Na and Wu Bo each cover "
                             "more people who matter, starting with 张伟.")
    assert out["details"] == {"members": ["t-li", "t-wu"], "covered": ["s-ceo"]}


def test_single_threaded_without_thin_key_people_says_no_start():
    amap = account(
        [person("s-ceo", "王建国", "decision-maker", "executive"), person("s-uma", "Uma")],
        coverage=[link("t-li", "s-ceo", 0.7), link("t-wu", "s-ceo", 0.3)])
    assert gap(amap, "single-threaded").to_dict("en")["action"] == (
        "Multi-thread the account: have Li Na and Wu Bo each cover more people who matter.")


def test_without_key_people_everyone_is_where_to_start():
    # No decision-maker or influencer: everyone active counts, most influential first
    # (Uma influences Ivo, so Uma ranks first; networkx agrees).
    amap = account([person("s-ivo", "Ivo"), person("s-uma", "Uma")],
                   [rel("s-uma", "s-ivo", 0.5)])
    rank = pagerank_of(["s-ivo", "s-uma"], [("s-uma", "s-ivo", 0.5)],
                       {"s-ivo": 0.5, "s-uma": 0.5})
    assert rank["s-uma"] > rank["s-ivo"]
    out = gap(amap, "no-coverage").to_dict("en")
    assert out["message"] == ("Nobody on our team has a relationship with anyone in this "
                              "account.")
    assert out["action"] == ("Open the account: have Li Na, Wu Bo and Zhao Lei each build "
                             "their own relationships, starting with Uma and Ivo.")


# --- no-decision-maker: whom to ask, else find the economic buyer --------------------


def test_without_a_decision_maker_nor_anyone_covered_find_the_economic_buyer():
    amap = account([person("s-uma", "Uma"), person("s-ivo", "Ivo")],
                   coverage=[link("t-li", "s-uma", 0.4)])  # weak: nobody is covered
    found = gap(amap, "no-decision-maker")
    out = found.to_dict("en")
    assert (out["severity"], out["stakeholder"], out["influence"]) == ("high", None, 1.0)
    assert out["message"] == ("No active decision-maker is on the map: nobody is recorded "
                              "as approving this deal.")
    assert out["action"] == ("Find out who will approve this purchase (the economic buyer) "
                             "and add them to the map as a decision-maker.")


def test_without_a_decision_maker_ask_the_most_influential_covered_person():
    # Uma influences Ivo, so she ranks first (networkx: uniform personalization without a
    # decision-maker); both are covered, by Wu Bo and Li Na.
    amap = account([person("s-ivo", "Ivo"), person("s-uma", "Uma")],
                   [rel("s-uma", "s-ivo", 0.5)],
                   [link("t-li", "s-ivo", 0.7), link("t-wu", "s-uma", 0.7)])
    rank = pagerank_of(["s-ivo", "s-uma"], [("s-uma", "s-ivo", 0.5)],
                       {"s-ivo": 1.0, "s-uma": 1.0})
    assert rank["s-uma"] > rank["s-ivo"]
    assert gap(amap, "no-decision-maker").to_dict("en")["action"] == (
        "Ask Uma (covered by Wu Bo) who will approve this purchase, and add that person to "
        "the map as a decision-maker.")


# --- the order of gaps: severity, influence, stakeholder, kind ------------------------


def test_an_account_wide_gap_goes_before_a_persons_gap_of_equal_weight():
    # One stakeholder, the decision-maker "CEO": their influence is the whole rank, 1,
    # as much as an account-wide gap's. Nobody covers anyone: no-coverage (account-wide,
    # no stakeholder) goes before the CEO's unreachable-decision-maker, though "CEO"
    # sorts before most words.
    amap = account([person("CEO", "王建国", "decision-maker", "executive")])
    found = gaps_of(amap)
    assert [(g.kind, g.severity, g.stakeholder) for g in found][:2] == [
        ("no-coverage", "high", None), ("unreachable-decision-maker", "high", "CEO")]
    assert found[1].influence == pytest.approx(1.0)


# --- unaddressed-opposer: the influencers, most influential first --------------------


def test_an_unaddressed_opposers_influencers_go_most_influential_first():
    # Olga opposes (stance -2) and influences the CEO. Ann and Bob influence Olga; Bob
    # also influences the CEO directly (0.9), so the rank (PageRank on the reversed
    # edges, personalised on the CEO) puts Bob above Ann, against their ids.
    edges = [("s-opp", "s-ceo", 0.5), ("s-ann", "s-opp", 0.8), ("s-bob", "s-opp", 0.2),
             ("s-bob", "s-ceo", 0.9)]
    amap = account(
        [person("s-ceo", "王建国", "decision-maker", "executive"),
         person("s-opp", "Olga", stance=-2), person("s-ann", "Ann"), person("s-bob", "Bob")],
        [rel(u, v, s) for u, v, s in edges], [link("t-li", "s-ceo", 0.9)])
    rank = pagerank_of(["s-ceo", "s-opp", "s-ann", "s-bob"], edges, {"s-ceo": 1.0})
    assert rank["s-bob"] > rank["s-ann"]
    found = gap(amap, "unaddressed-opposer", "s-opp")
    assert found.details["influencers"] == ["s-bob", "s-ann"]
    assert found.to_dict("en")["message"] == (
        "Olga, an opposer (stance -2), is not addressed: nobody on our team covers them, "
        "nor anyone who directly influences them (Bob and Ann); their strongest path to a "
        "decision-maker (王建国) has strength 0.50.")


def opposer_map(bob_to_olga):
    # Li Na covers Eve (0.9, fresh); Eve influences Bob (0.8); Bob influences Olga, who
    # opposes (stance -2, interested in price) and influences the CEO (0.5). Nobody
    # covers Olga nor Bob, her one direct influencer: she is unaddressed.
    return account(
        [person("s-ceo", "王建国", "decision-maker", "executive"),
         person("s-olga", "Olga", stance=-2, interests=["price"]), person("s-bob", "Bob"),
         person("s-eve", "Eve")],
        [rel("s-eve", "s-bob", 0.8), rel("s-bob", "s-olga", bob_to_olga),
         rel("s-olga", "s-ceo", 0.5)],
        [link("t-li", "s-eve", 0.9), link("t-li", "s-ceo", 0.9)])


def test_a_reachable_unaddressed_opposer_is_addressed_by_their_route():
    # Eve → Bob → Olga: 0.9 × 0.8 × 0.5 = 0.36
    found = gap(opposer_map(0.5), "unaddressed-opposer", "s-olga")
    out = found.to_dict("en")
    assert out["severity"] == "high"  # Olga → CEO 0.5 reaches opposer_path_level 0.3
    assert out["action"] == (
        "Address Olga's concerns (price) before they reach the decision-makers: ask Eve "
        "(covered by Li Na) to introduce you to Olga through Bob (route strength 0.36).")
    assert out["route"]["nodes"] == ["s-eve", "s-bob", "s-olga"]
    assert out["details"] == {"route_strength": pytest.approx(0.36),
                              "path_to_decision_maker": pytest.approx(0.5),
                              "decision_maker": "s-ceo", "influencers": ["s-bob"]}


def test_an_unreachable_unaddressed_opposer_is_worked_through_a_reachable_influencer():
    # Eve → Bob → Olga: 0.9 × 0.8 × 0.1 = 0.072, below min_route 0.1; Bob (0.72) is
    # reachable.
    found = gap(opposer_map(0.1), "unaddressed-opposer", "s-olga")
    out = found.to_dict("en")
    assert out["message"] == (
        "Olga, an opposer (stance -2), is not addressed: nobody on our team covers them, "
        "nor anyone who directly influences them (Bob); their strongest path to a "
        "decision-maker (王建国) has strength 0.50.")
    assert out["action"] == (
        "Address Olga's concerns (price): nobody we cover can reach them yet, so win over "
        "someone who influences them (Bob).")
    assert out["route"] is None
    assert out["details"]["route_strength"] is None
    # With min_route above Bob's 0.72, nobody she listens to is reachable either.
    out = gap(opposer_map(0.1), "unaddressed-opposer", "s-olga",
              Settings(as_of=DAY, min_route=0.73)).to_dict("en")
    assert out["action"] == (
        "Address Olga's concerns (price): nobody we cover can reach them, so arrange a "
        "meeting through our own executives.")


def test_an_unaddressed_opposer_nobody_influences():
    amap = account([person("s-ceo", "王建国", "decision-maker", "executive"),
                    person("s-olga", "Olga", stance=-1, interests=["price"])],
                   coverage=[link("t-li", "s-ceo", 0.9)])
    found = gap(amap, "unaddressed-opposer", "s-olga")
    out = found.to_dict("en")
    assert out["severity"] == "medium"
    assert out["message"] == (
        "Olga, an opposer (stance -1), is not addressed: nobody on our team covers them, "
        "and nobody directly influences them; they have no influence path to a "
        "decision-maker.")
    assert out["details"] == {"route_strength": None, "path_to_decision_maker": None,
                              "decision_maker": None, "influencers": []}


# --- departed-contact: what the map still holds, and what to do with it --------------


def departed(role="user", successor=None, links=(), relationships=()):
    # Bob influences the CEO (0.9) and Ann nobody: Bob weighs more than Ann (the rank is
    # personalised on the CEO), against their ids. Zed left too.
    old = person("s-old", "Old", role, status="left", title="CFO")
    if successor:
        old["successor"] = successor
    return account(
        [person("s-ceo", "王建国", "decision-maker", "executive"),
         person("s-ann", "Ann"), person("s-bob", "Bob"), person("s-zed", "Zed", status="left"),
         person("s-new", "Nina"), old],
        [rel("s-bob", "s-ceo", 0.9), *relationships],
        [link("t-li", "s-ceo", 0.9), *links])


OLD_RELATIONSHIPS = (rel("s-ann", "s-old", 0.5), rel("s-old", "s-bob", 0.5),
                     rel("s-zed", "s-old", 0.5))


def test_a_departed_contact_with_links_and_relationships_asks_to_meet_the_others():
    amap = departed("influencer", links=[link("t-wu", "s-old", 0.7), link("t-li", "s-old", 0.6)],
                    relationships=OLD_RELATIONSHIPS)
    found = gap(amap, "departed-contact", "s-old")
    out = found.to_dict("en")
    assert (out["severity"], out["name"], out["influence"]) == ("high", "Old", 0.0)
    # the links strongest first; the people by influence, then id: Bob, Ann, Zed (left)
    assert out["message"] == (
        "Old (CFO) has left, but the map still holds 2 coverage links (Wu Bo and Li Na) "
        "and 3 relationships (with Bob, Ann and Zed).")
    assert out["action"] == (
        "Have Wu Bo and Li Na rebuild what Old carried by meeting Bob and Ann directly, "
        "find out who took over the role, and retire the links to Old.")
    assert out["details"] == {"members": ["t-wu", "t-li"], "relationships": 3,
                              "related": ["s-bob", "s-ann"], "successor": None}


def test_a_departed_contact_with_a_successor_hands_over():
    amap = departed(successor="s-new", links=[link("t-wu", "s-old", 0.7)],
                    relationships=OLD_RELATIONSHIPS)
    out = gap(amap, "departed-contact", "s-old").to_dict("en")
    assert out["severity"] == "low"
    assert out["action"] == (
        "Hand the relationship over to Nina, who took over from Old: have Wu Bo meet Nina, "
        "and retire the links to Old.")
    assert out["details"]["successor"] == "s-new"
    amap = departed(successor="s-new", relationships=OLD_RELATIONSHIPS)
    out = gap(amap, "departed-contact", "s-old").to_dict("en")
    assert out["message"] == ("Old (CFO) has left, but the map still holds 3 relationships "
                              "(with Bob, Ann and Zed).")
    assert out["action"] == (
        "Hand Old's place in the map over to Nina, who took over: check which of the "
        "relationships with Bob and Ann hold for Nina, then remove Old's.")
    amap = departed(successor="s-new", relationships=[rel("s-zed", "s-old", 0.5)])
    assert gap(amap, "departed-contact", "s-old").to_dict("en")["action"] == (
        "Hand Old's place in the map over to Nina, who took over: check which of the "
        "relationships with (none) hold for Nina, then remove Old's.")


def test_a_departed_contact_without_a_successor():
    amap = departed(links=[link("t-wu", "s-old", 0.7)])
    out = gap(amap, "departed-contact", "s-old").to_dict("en")
    assert out["action"] == (
        "Find out who took over Old's role, have Wu Bo build a relationship with them, and "
        "retire the links to Old.")
    assert out["details"] == {"members": ["t-wu"], "relationships": 0, "related": [],
                              "successor": None}
    amap = departed(relationships=OLD_RELATIONSHIPS[1:])
    assert gap(amap, "departed-contact", "s-old").to_dict("en")["action"] == (
        "Find out who took over Old's role and how Bob are affected, then remove Old's "
        "relationships from the map.")
    amap = departed(relationships=OLD_RELATIONSHIPS[2:])
    assert gap(amap, "departed-contact", "s-old").to_dict("en")["action"] == (
        "Find out who took over Old's role and how (none) are affected, then remove Old's "
        "relationships from the map.")


def test_someone_who_left_holding_nothing_has_no_gap_and_stops_no_other():
    # Zed left with nothing on the map and comes first; Old, after him, still has a link.
    amap = departed(links=[link("t-wu", "s-old", 0.7)])
    assert [g.stakeholder for g in gaps_of(amap) if g.kind == "departed-contact"] == ["s-old"]



# --- level-gap: the easiest first relationship at a level nobody covers ---------------


def management_map(max_strength=0.6, mia_strength=0.5):
    # Li Na covers the CEO and Op (0.9 each). At management level nobody is covered: Mia
    # (influences the CEO 0.9, so she ranks first), Max and Olga, an opposer Op
    # influences directly (so she is addressed and no step of the plan). Op reaches Mia
    # at 0.9 × mia_strength, Max at 0.9 × max_strength and Olga at 0.9.
    edges = [("s-mia", "s-ceo", 0.9), ("s-op", "s-mia", mia_strength),
             ("s-op", "s-max", max_strength), ("s-op", "s-olga", 1.0)]
    amap = account(
        [person("s-ceo", "王建国", "decision-maker", "executive"),
         person("s-op", "Op", level="executive"),
         person("s-mia", "Mia", "influencer", "management"),
         person("s-max", "Max", level="management"),
         person("s-olga", "Olga", level="management", stance=-2)],
        [rel(u, v, w) for u, v, w in edges],
        [link("t-li", "s-ceo", 0.9), link("t-li", "s-op", 0.9)])
    return amap, edges


def test_a_level_gap_starts_with_the_strongest_route_the_plan_takes():
    amap, edges = management_map()
    rank = pagerank_of(["s-ceo", "s-op", "s-mia", "s-max", "s-olga"], edges, {"s-ceo": 1.0})
    found = gap(amap, "level-gap")
    out = found.to_dict("en")
    assert (out["severity"], out["stakeholder"], out["level"]) == (
        "medium", "management", "management")
    assert out["influence"] == pytest.approx(rank["s-mia"] + rank["s-max"] + rank["s-olga"])
    assert out["message"] == ("No management stakeholder is covered (3 active: Mia, Max "
                              "and Olga).")
    # Max (0.54) before Mia (0.45); Olga (0.90) is addressed already
    assert out["action"] == (
        "Open a first relationship at management level. Ask Op (covered by Li Na) to "
        "introduce you to Max (route strength 0.54); lead with budget.")
    assert out["route"]["nodes"] == ["s-op", "s-max"]
    assert out["details"] == {"stakeholders": ["s-mia", "s-max", "s-olga"], "first": "s-max"}
    assert [g.level for g in gaps_of(amap) if g.kind == "level-gap"] == ["management"]
    # routes compared to COST_DIGITS decimals: Max 0.45 before Mia 0.36
    amap, _ = management_map(max_strength=0.5, mia_strength=0.4)
    assert gap(amap, "level-gap").details["first"] == "s-max"


def test_a_level_gaps_equal_routes_go_to_the_more_influential():
    amap, _ = management_map(max_strength=0.5)  # Max 0.45 too: Mia ranks first
    found = gap(amap, "level-gap")
    assert found.details["first"] == "s-mia"
    assert found.to_dict("en")["action"].startswith(
        "Open a first relationship at management level. Ask Op (covered by Li Na) to "
        "introduce you to Mia (route strength 0.45)")


def test_a_level_gap_nobody_can_reach_names_the_most_influential():
    amap, _ = management_map()
    found = gap(amap, "level-gap", settings=Settings(as_of=DAY, min_route=0.6))
    assert found.to_dict("en")["action"] == (
        "Open a first relationship at management level: nobody we cover can reach it yet, "
        "so have a team member meet Mia directly.")
    assert (found.route, found.details["first"]) == (None, None)


# --- no-champion: win a supporter over, else develop a neutral one ----------------------


def champion_map(stances, covered=(), edges=(), ceo_link=0.9):
    """The CEO (neutral, covered by Li Na at ``ceo_link``) and Ann, Bob, Cao with the given
    stances; Ann influences the CEO (0.9), so she ranks first among them."""
    people = [person("s-ceo", "王建国", "decision-maker", "executive")]
    people += [person(sid, sid[2:].title(), stance=stance)
               for sid, stance in zip(("s-ann", "s-bob", "s-cao"), stances)]
    return account(people, [rel("s-ann", "s-ceo", 0.9), *edges],
                   [link("t-li", "s-ceo", ceo_link), *covered])


def test_a_covered_supporter_of_plus_one_is_a_champion_and_zero_is_not():
    assert [g.kind for g in gaps_of(champion_map([1], [link("t-wu", "s-ann", 0.8)]))
            if g.kind == "no-champion"] == []
    out = gap(champion_map([0], [link("t-wu", "s-ann", 0.8)]), "no-champion").to_dict("en")
    assert out["message"] == ("No covered stakeholder supports us (stance +1 or more), and "
                              "nobody on the map does.")
    # the CEO and Ann are covered and neutral: the CEO ranks first
    assert out["action"] == ("Develop a champion: 王建国 is covered by Li Na and neutral; "
                             "share an early win on budget.")
    assert (out["severity"], out["influence"], out["route"]) == ("medium", 1.0, None)
    assert out["details"] == {"supporters": []}


def test_without_supporters_nor_anyone_neutral_covered_find_a_champion():
    found = gap(champion_map([-1, 0], ceo_link=0.3), "no-champion")
    assert found.route is None
    out = found.to_dict("en")
    assert out["action"] == ("Develop a champion: find someone who gains from this project "
                             "and build a relationship with them.")


def test_an_uncovered_supporter_the_plan_reaches_is_won_over_by_its_step():
    # Bob (+2) and Cao (+1) support us and influence nobody (no weight: by id, Bob
    # first). The CEO influences Cao (0.5): Cao is reachable, 0.9 × 0.5 = 0.45; Bob not.
    amap = champion_map([0, 2, 1], edges=[rel("s-ceo", "s-cao", 0.5)])
    found = gap(amap, "no-champion")
    out = found.to_dict("en")
    assert out["message"] == ("No covered stakeholder supports us (stance +1 or more); "
                              "supporters who are not covered: Bob and Cao.")
    assert out["action"] == (
        "Win Cao (stance +1) over as champion. Ask 王建国 (covered by Li Na) to introduce "
        "you to Cao (route strength 0.45); lead with budget.")
    assert out["route"]["nodes"] == ["s-ceo", "s-cao"]
    assert out["details"] == {"supporters": ["s-bob", "s-cao"]}
    found = gap(champion_map([0, 2, 1]), "no-champion")
    assert found.to_dict("en")["action"] == (
        "Win Bob (stance +2) as champion: nobody we cover can reach them yet, so have a "
        "team member meet them directly.")
    assert found.route is None


# --- no-coverage and single-threaded: who holds the coverage -------------------------


def test_no_coverage_without_a_team_and_with_links_only_to_people_who_left():
    people = [person("s-ceo", "王建国", "decision-maker", "executive"),
              person("s-old", "Old", status="left")]
    out = gap(account(people, team=[]), "no-coverage").to_dict("en")
    assert out["message"] == ("The map has no team members: nobody on our side covers this "
                              "account.")
    assert out["action"] == ("Put our account team on the map: at least two members, each "
                             "with their own relationships, starting with 王建国.")
    assert (out["severity"], out["influence"]) == ("high", 1.0)
    amap = account(people, coverage=[link("t-li", "s-old", 0.9)])
    assert gap(amap, "no-coverage").to_dict("en")["action"] == (
        "Open the account: have Li Na, Wu Bo and Zhao Lei each build their own "
        "relationships, starting with 王建国.")
    assert [g.kind for g in gaps_of(amap) if g.kind == "single-threaded"] == []
    # nobody active: nothing to cover
    assert [g.kind for g in gaps_of(account([person("s-old", "Old", status="left")]))
            if g.kind == "no-coverage"] == []


def test_single_threaded_on_one_member_asks_the_others_or_a_second_member():
    people = [person("s-ceo", "王建国", "decision-maker", "executive"),
              person("s-zw", "张伟", "influencer", "management")]
    links = [link("t-li", "s-ceo", 0.9), link("t-li", "s-zw", 0.9)]
    found = gap(account(people, coverage=links), "single-threaded")
    out = found.to_dict("en")
    assert out["message"] == ("All coverage is held by Li Na: if Li Na leaves or loses the "
                              "customer's trust, we lose the account.")
    # both key people are held by Li Na alone; the CEO ranks first
    assert out["action"] == ("Multi-thread the account: have Wu Bo and Zhao Lei each build "
                             "their own relationships, starting with 王建国 and 张伟.")
    assert out["details"] == {"members": ["t-li"], "covered": ["s-ceo", "s-zw"]}
    assert (out["severity"], out["stakeholder"], out["influence"]) == ("high", None, 1.0)
    out = gap(account(people, coverage=links, team=TEAM[:1]), "single-threaded").to_dict("en")
    assert out["action"] == (
        "Add a second team member (an executive sponsor or a specialist) with their own "
        "relationships, starting with 王建国 and 张伟.")


def test_two_members_covering_none_or_two_people_are_not_single_threaded():
    people = [person("s-ceo", "王建国", "decision-maker", "executive"),
              person("s-zw", "张伟", "influencer", "management")]
    for links in ([link("t-li", "s-ceo", 0.9), link("t-wu", "s-zw", 0.9)],
                  [link("t-li", "s-ceo", 0.3), link("t-wu", "s-zw", 0.3)]):
        assert [g.kind for g in gaps_of(account(people, coverage=links))
                if g.kind == "single-threaded"] == []


# --- paths: the strongest path, the k strongest, their errors and JSON ----------------


def digraph(edges, nodes=()):
    """An influence graph by hand: each edge with its strength and cost −ln(strength)."""
    G = nx.DiGraph()
    G.add_nodes_from(nodes)
    for u, v, s in edges:
        G.add_edge(u, v, strength=s, cost=-math.log(s))
    return G


DIAMOND = digraph([("a", "b", 0.5), ("b", "d", 0.8), ("a", "c", 0.8), ("c", "d", 0.5),
                   ("a", "d", 0.3), ("b", "c", 0.9)])


def test_a_path_in_json_is_its_nodes_and_strength():
    # a → b → d and a → c → d both 0.4 (more than a → d 0.3, a → b → c → d 0.225):
    # equal hops, so the smaller id sequence wins
    assert strongest_path(DIAMOND, "a", "d").to_dict() == {"nodes": ["a", "b", "d"],
                                                          "strength": 0.4}


@pytest.mark.parametrize("find", [strongest_path, strongest_paths])
@pytest.mark.parametrize(("source", "target"), [("x", "d"), ("a", "x")])
def test_a_path_from_or_to_someone_unknown_is_not_found(find, source, target):
    message = ("no active stakeholder has the id 'x' (ids are case-sensitive; people who "
               "left are not on influence paths)")
    with pytest.raises(NotFoundError) as raised:
        find(DIAMOND, source, target)
    assert str(raised.value) == message


def test_k_strongest_paths_are_three_by_default_and_at_least_one():
    # a ⇝ d: a-b-d 0.4, a-c-d 0.4, a-d 0.3, a-b-c-d 0.5 × 0.9 × 0.5 = 0.225
    assert [p.nodes for p in strongest_paths(DIAMOND, "a", "d")] == [
        ("a", "b", "d"), ("a", "c", "d"), ("a", "d")]
    assert [p.nodes for p in strongest_paths(DIAMOND, "a", "d", k=1)] == [("a", "b", "d")]
    assert len(strongest_paths(DIAMOND, "a", "d", k=4)) == 4
    assert len(strongest_paths(DIAMOND, "a", "d", k=9)) == 4
    with pytest.raises(ValueError, match="^k must be at least 1$"):
        strongest_paths(DIAMOND, "a", "d", k=0)


def test_k_strongest_paths_keep_avoided_people_off_the_inside():
    assert [p.nodes for p in strongest_paths(DIAMOND, "a", "d", avoid={"b"})] == [
        ("a", "c", "d"), ("a", "d")]
    assert [p.nodes for p in strongest_paths(DIAMOND, "a", "d", k=2, avoid={"c"})] == [
        ("a", "b", "d"), ("a", "d")]
    # the ends of a path may be avoided people: avoiding them changes nothing
    assert [p.nodes for p in strongest_paths(DIAMOND, "a", "d", k=4, avoid={"a", "d"})] == [
        ("a", "b", "d"), ("a", "c", "d"), ("a", "d"), ("a", "b", "c", "d")]


def every_path_in_order(G, source, target, avoid=()):
    """networkx's every simple path, in DESIGN's order: more strength (compared as the
    cost −ln s rounded to COST_DIGITS decimals), fewer hops, the smaller id sequence."""
    found = []
    for nodes in nx.all_simple_paths(G, source, target):
        if any(n in avoid for n in nodes[1:-1]):
            continue
        cost = sum(G[u][v]["cost"] for u, v in itertools.pairwise(nodes))
        found.append((round(cost, COST_DIGITS), len(nodes) - 1, tuple(nodes)))
    return [nodes for *_, nodes in sorted(found)]


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4, 6, 7])
def test_k_strongest_paths_are_networkxs_simple_paths_in_designs_order(seed):
    # Dense random graphs of 7 people (10 to 94 paths from a to g; seed 5 has none),
    # strengths of one decimal, so products tie.
    rng = random.Random(seed)
    nodes = list("abcdefg")
    edges = [(u, v, rng.choice([0.2, 0.4, 0.5, 0.8, 1.0]))
             for u, v in itertools.permutations(nodes, 2) if rng.random() < 0.6]
    G = digraph(edges, nodes)
    for avoid in ((), {"c"}, {"b", "e"}):
        expected = every_path_in_order(G, "a", "g", avoid)
        found = strongest_paths(G, "a", "g", k=12, avoid=avoid)
        assert [p.nodes for p in found] == expected[:12]
        for p in found:
            assert p.strength == pytest.approx(math.prod(G[u][v]["strength"] for u, v
                                                         in itertools.pairwise(p.nodes)))


def test_best_route_strengths_leave_the_excluded_off_every_path():
    # to d: from b 0.8 directly; from a via b (0.4) or via c (0.4, c → d 0.5)
    assert {n: p.nodes for n, p in best_route_strengths(DIAMOND, "d").items()} == {
        "d": ("d",), "b": ("b", "d"), "c": ("c", "d"), "a": ("a", "b", "d")}
    found = best_route_strengths(DIAMOND, "d", exclude={"b"})
    assert {n: p.nodes for n, p in found.items()} == {
        "d": ("d",), "c": ("c", "d"), "a": ("a", "c", "d")}


def test_a_node_without_a_stance_is_no_opposer():
    G = nx.DiGraph()
    G.add_node("w", role="user")
    G.add_node("x", role="opposer")
    assert opposers_in(G) == ["x"]


# --- approach routes: the settings reach the link quality and the implied strengths ---


def reports_map(last_contact=FRESH):
    # u reports to v: u → v is reports_up; Li Na covers u at 0.8
    return account([person("u", "U"), person("v", "V", "decision-maker")],
                   [{"source": "u", "target": "v", "kind": "reports-to"}],
                   [link("t-li", "u", 0.8, last_contact)])


def test_approach_routes_take_the_implied_strengths_and_the_link_quality_of_the_settings():
    settings = Settings(as_of=DAY, influence=InfluenceSettings(reports_up=0.9))
    (route,) = approach_routes(reports_map(), "v", settings=settings)
    assert (route.nodes, route.coverage) == (("u", "v"), 0.8)
    assert route.strength == pytest.approx(0.8 * 0.9)
    assert best_approach_route(reports_map(), "v", settings=settings).strength == (
        pytest.approx(0.72))
    # 26 days old: stale after 20 days, so q = 0.8 × 0.5 (and 0.9 × 0.4 = 0.36)
    settings = Settings(as_of=DAY, stale_days=20, influence=InfluenceSettings(reports_up=0.9))
    (route,) = approach_routes(reports_map(), "v", settings=settings)
    assert (route.coverage, route.strength) == (pytest.approx(0.4), pytest.approx(0.36))


def test_an_excluded_target_is_not_found():
    with pytest.raises(NotFoundError, match=r"^the target 'v' is itself excluded$"):
        best_approach_route(reports_map(), "v", settings=S, exclude_stakeholders={"v"})


# --- compare: routes to decision-makers that broke or weakened, ranks that moved ------


def compare_map(last_contact=FRESH):
    # Li Na covers the CTO (0.7), who influences the CEO (0.8): 0.56; Wu Bo covers the
    # CEO directly, weakly (0.3). Ada, a decision-maker, is reached by Wu Bo at 0.05
    # only (below min_route 0.1); nobody reaches Dan, a decision-maker too.
    return account(
        [person("s-ada", "Ada", "decision-maker", "executive"),
         person("s-ceo", "王建国", "decision-maker", "executive"), person("s-cto", "Tao"),
         person("s-dan", "Dan", "decision-maker", "executive")],
        [rel("s-cto", "s-ceo", 0.8)],
        [link("t-li", "s-cto", 0.7, last_contact), link("t-wu", "s-ceo", 0.3, last_contact),
         link("t-wu", "s-ada", 0.05, last_contact)])


THROUGH_CTO = {"member": "t-li", "entry": "s-cto", "nodes": ["s-cto", "s-ceo"],
               "strength": pytest.approx(0.56), "coverage": 0.7, "path_strength": 0.8}


def test_a_route_to_a_decision_maker_weakened_in_json():
    old = compare_map()
    found = route_changes(old, remove_people(old, ["s-cto"]), settings=S)
    assert found == {"broken": [], "weakened": [{
        "stakeholder": "s-ceo", "name": "王建国", "change": "weakened", "reason": "weaker",
        "before": THROUGH_CTO,
        "after": {"member": "t-wu", "entry": "s-ceo", "nodes": ["s-ceo"], "strength": 0.3,
                  "coverage": 0.3, "path_strength": 1.0},
        "drop": pytest.approx(0.26)}]}


def test_routes_to_decision_makers_broken_in_json():
    old = compare_map()
    found = route_changes(old, remove_people(old, ["s-cto", "t-wu"]), settings=S)
    # Ada (out of reach before) and Dan (no route before) are not reported
    assert found == {"weakened": [], "broken": [{
        "stakeholder": "s-ceo", "name": "王建国", "change": "broken", "reason": "no-route",
        "before": THROUGH_CTO, "after": None, "drop": pytest.approx(0.56)}]}
    found = route_changes(old, remove_people(old, ["s-ceo"]), settings=S)
    assert found == {"weakened": [], "broken": [{
        "stakeholder": "s-ceo", "name": "王建国", "change": "broken", "reason": "target-gone",
        "before": THROUGH_CTO, "after": None, "drop": pytest.approx(0.56)}]}


def test_route_changes_judge_both_maps_with_the_settings():
    # Links of 1 June, 180 days before 28 November: recent when stale_days is 200.
    settings = Settings(as_of=DAY, stale_days=200)
    old = compare_map("2026-06-01")
    (found,) = route_changes(old, remove_people(old, ["s-cto"]), settings=settings)["weakened"]
    assert (found["before"]["strength"], found["after"]["strength"]) == (
        pytest.approx(0.56), pytest.approx(0.3))


def test_rank_changes_in_json_with_the_alpha_of_the_settings():
    # Before: Tao (0.8) and Dev (0.5) influence the CEO; after, Tao has gone and Nina came.
    def committee(*people, edges):
        return account([person(sid, name, role) for sid, name, role in people],
                       [rel(u, v, w) for u, v, w in edges])

    def scores(nodes, edges):  # networkx, alpha 0.5, on the reversed edges
        R = nx.DiGraph()
        R.add_nodes_from(nodes)
        R.add_weighted_edges_from((v, u, w) for u, v, w in edges)
        return nx.pagerank(R, alpha=0.5, personalization={"s-ceo": 1.0}, weight="weight")

    ceo, dev = ("s-ceo", "王建国", "decision-maker"), ("s-dev", "Dev", "user")
    old_edges = [("s-cto", "s-ceo", 0.8), ("s-dev", "s-ceo", 0.5)]
    old = committee(ceo, ("s-cto", "Tao", "user"), dev, edges=old_edges)
    new = committee(ceo, dev, ("s-new", "Nina", "user"), edges=old_edges[1:])
    before = scores(["s-ceo", "s-cto", "s-dev"], old_edges)
    after = scores(["s-ceo", "s-dev", "s-new"], old_edges[1:])
    assert before["s-ceo"] > before["s-cto"] > before["s-dev"]
    assert after["s-ceo"] > after["s-dev"] > after["s-new"]
    assert rank_changes(old, new, settings=Settings(as_of=DAY, alpha=0.5)) == [
        {"id": "s-ceo", "name": "王建国", "rank_before": 1, "rank_after": 1,
         "score_before": pytest.approx(before["s-ceo"]),
         "score_after": pytest.approx(after["s-ceo"]), "moved": 0},
        {"id": "s-dev", "name": "Dev", "rank_before": 3, "rank_after": 2,
         "score_before": pytest.approx(before["s-dev"]),
         "score_after": pytest.approx(after["s-dev"]), "moved": 1},
        {"id": "s-new", "name": "Nina", "rank_before": None, "rank_after": 3,
         "score_before": None, "score_after": pytest.approx(0.0), "moved": None},
        {"id": "s-cto", "name": "Tao", "rank_before": 2, "rank_after": None,
         "score_before": pytest.approx(before["s-cto"]), "score_after": None, "moved": None}]


# --- analysis: everything about one account, judged on one day ------------------------


ZW_CEO = account(
    [person("s-zw", "张伟", "influencer", "management", stance=1),
     person("s-ceo", "王建国", "decision-maker", "executive")],
    [rel("s-zw", "s-ceo", 0.8)], [link("t-li", "s-zw", 0.7)], team=TEAM[:1],
    account={"id": "a", "name": "Acme"})


def test_an_analysis_carries_its_parts_and_counts_gaps_by_severity():
    a = analyze(ZW_CEO, settings=S)
    rank = pagerank_of(["s-zw", "s-ceo"], [("s-zw", "s-ceo", 0.8)], {"s-ceo": 1.0})
    assert a.amap is ZW_CEO
    assert a.settings.as_of == DAY
    assert a.kernel.ids is not None and set(a.kernel.ids) == {"s-zw", "s-ceo"}
    assert a.rank == pytest.approx(rank)
    assert (a.coverage["s-zw"].covered, a.coverage["s-ceo"].covered) == (True, False)
    assert a.matrix.cell("management", "influencer").stakeholders == ("s-zw",)
    assert a.best_routes["s-ceo"].strength == pytest.approx(0.56)
    # single-threaded and the uncovered CEO (high), the executive level (medium)
    assert a.gaps_by_severity() == {"high": 2, "medium": 1, "low": 0}


def test_an_analysis_without_a_day_is_judged_today():
    assert analyze(ZW_CEO).settings.as_of == dt.date.today()


def test_an_analysis_in_json_speaks_the_asked_language():
    a = analyze(ZW_CEO, settings=S)
    out = a.to_dict("zh")
    assert set(out) == {"account", "revision", "as_of", "score", "support", "ranking",
                        "gaps", "plan", "matrix"}
    assert (out["account"], out["revision"], out["as_of"]) == (
        {"id": "a", "name": "Acme"}, ZW_CEO.revision, "2026-11-28")
    assert (out["score"], out["support"]) == (a.score, a.support)
    assert [r["id"] for r in out["ranking"]] == ["s-ceo", "s-zw"]
    assert out["gaps"] == [g.to_dict("zh") for g in a.gaps] != [g.to_dict() for g in a.gaps]
    assert out["plan"] == a.plan.to_dict("zh") != a.plan.to_dict("en")
    assert out["matrix"] == a.matrix.to_dict("zh") != a.matrix.to_dict("en")


def test_the_influence_analysis_uses_its_settings_and_backend():
    # u reports to v (reports_up 0.9 here); alpha 0.5
    settings = Settings(as_of=DAY, alpha=0.5, stale_days=20,
                        influence=InfluenceSettings(reports_up=0.9))
    out = influence_analysis(reports_map(), settings=settings)
    assert set(out) == {"ranking", "brokers", "hidden", "routes", "resilience"}
    R = nx.DiGraph([("v", "u", {"weight": 0.9})])
    rank = nx.pagerank(R, alpha=0.5, personalization={"v": 1.0}, weight="weight")
    assert {r["id"]: r["score"] for r in out["ranking"]} == pytest.approx(rank)
    # the link is 26 days old, stale after 20: q = 0.8 × 0.5, times 0.9
    (route,) = out["routes"]["v"]
    assert route["strength"] == pytest.approx(0.36)
    assert out["resilience"] == resilience(reports_map(), settings=settings)
    with pytest.raises(InputError):
        influence_analysis(reports_map(), settings=settings, backend="no-such-kernel")


def test_an_opposer_the_decision_maker_listens_to_is_never_the_way_in():
    # unreachable_map with Bob an opposer (stance -2): Bob's 0.30 route would be the
    # strongest way in (0.030 against Ann's 0.0225), but an introduction never goes
    # through an opposer, so the listeners are Ann and Cao and the way in is Ann (0.45).
    amap = unreachable_map()
    amap = parse_map({**amap.to_dict(), "stakeholders": [
        {**p, "stance": -2} if p["id"] == "s-bob" else p
        for p in amap.to_dict()["stakeholders"]]})
    found = gap(amap, "unreachable-decision-maker", "s-ceo")
    assert found.to_dict("en")["action"] == (
        "Build a route through the people 王建国 listens to (Ann (0.05) and Cao (0.05)): "
        "start with Ann: ask Eve (covered by Li Na) to introduce you to Ann "
        "(route strength 0.45).")
    assert found.details["listeners"] == ["s-bob", "s-dan", "s-ann", "s-cao"]
    # with every listener we lack an opposer, there is no way in through them
    only_bob = parse_map({**amap.to_dict(), "relationships": [
        r for r in amap.to_dict()["relationships"] if r["source"] in ("s-bob", "s-dan")]})
    assert gap(only_bob, "unreachable-decision-maker", "s-ceo").to_dict("en")["action"] == (
        "Arrange an executive-level meeting with 王建国 through our own leadership, and find "
        "out whom 王建国 listens to.")
