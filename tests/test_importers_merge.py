"""Importing into an existing map: merged by id, only given fields updated, nothing lost."""

from __future__ import annotations

import datetime as dt

from graphlib_kam.importers import ROLE_UNKNOWN_TAG, merge_into, parse_delimited, read_tables
from graphlib_kam.model import Account, parse_map, validate_map
from graphlib_kam.store import save_map

EXISTING = {
    "schema": "kam/1", "revision": 7, "custom": {"kept": True},
    "account": {"id": "acme", "name": "Acme Bank", "industry": "banking"},
    "team": [{"id": "t-li", "name": "Li Na", "title": "AE"}],
    "stakeholders": [
        {"id": "s-ceo", "name": "王建国", "title": "CEO", "role": "decision-maker",
         "stance": 1, "power": 5, "tags": ["economic-buyer"], "interests": ["ROI"],
         "notes": "met twice", "level": "executive"},
        {"id": "s-cio", "name": "张伟", "role": "influencer", "stance": 2},
        {"id": "s-ops", "name": "Ops Lead", "tags": [ROLE_UNKNOWN_TAG]},
        {"id": "s-manual", "name": "Only In The Map"},
    ],
    "relationships": [{"source": "s-cio", "target": "s-ceo", "kind": "influences",
                       "strength": 0.8}],
    "coverage": [{"member": "t-li", "stakeholder": "s-cio", "strength": 0.9,
                  "last_contact": "2026-11-01"}],
}


def imported(text: str):
    return read_tables([parse_delimited(text, name="sheet.csv")],
                       account=Account(id="acme", name="acme"))


def test_only_the_fields_the_input_gave_are_updated():
    old = parse_map(EXISTING)
    result = merge_into(old, imported(
        "Id,Name,Title,Tags,Interests\n"
        "s-ceo,王建国,Chairman,board,\"ROI, risk\"\n"))
    ceo = result.map.stakeholder("s-ceo")
    assert ceo.title == "Chairman"
    assert (ceo.role, ceo.stance, ceo.power, ceo.level, ceo.notes) == (
        "decision-maker", 1, 5, "executive", "met twice")  # not in the sheet: kept
    assert ceo.tags == ["economic-buyer", "board"]
    assert ceo.interests == ["ROI", "risk"]
    assert ROLE_UNKNOWN_TAG not in ceo.tags  # the sheet had no role: nothing to add


def test_a_known_role_clears_role_unknown_and_new_people_are_added():
    result = merge_into(parse_map(EXISTING), imported(
        "Id,Name,Role\ns-ops,Ops Lead,使用者\ns-new,New Person,\n"))
    amap = result.map
    assert amap.stakeholder("s-ops").tags == []
    assert amap.stakeholder("s-new").tags == [ROLE_UNKNOWN_TAG]
    assert [s.id for s in amap.stakeholders] == ["s-ceo", "s-cio", "s-ops", "s-manual",
                                                 "s-new"]
    merge_note = result.notes[-1].message
    assert "1 stakeholders updated (only the fields the input has), 1 added, 3 kept" \
        in result.notes[-2].message
    assert "relationships: 0 added" in merge_note


def test_ids_made_from_names_match_the_maps_people_by_unique_name():
    result = merge_into(parse_map(EXISTING), imported(
        "姓名,职位,上级,我方对接人,最近联系\n张伟,CIO,王建国,Li Na,2026-11-20\n"
        "王建国,CEO,,,\n"))
    amap = result.map
    assert len(amap.stakeholders) == 4  # both matched, none added
    assert amap.stakeholder("s-cio").title == "CIO"
    assert ("s-cio", "reports-to", "s-ceo") in {
        (r.source, r.kind, r.target) for r in amap.relationships}
    assert [t.id for t in amap.team] == ["t-li"]  # Li Na matched by name
    (link,) = amap.coverage
    # The sheet gave no strength: the map's 0.9 stays; the later contact date wins.
    assert (link.strength, link.last_contact) == (0.9, dt.date(2026, 11, 20))
    assert any("matched to the map's ids by name: s-张伟 → s-cio" in n.message
               for n in result.notes)


def test_links_are_joined_and_a_given_strength_updates():
    result = merge_into(parse_map(EXISTING), imported(
        "Id,Name,Influences,Covered by,Strength\ns-cio,张伟,s-ceo,t-li,0.4\n"))
    amap = result.map
    (rel,) = amap.relationships
    assert rel.strength == 0.8  # the sheet's influence column has no strength
    (link,) = amap.coverage
    assert link.strength == 0.4


def test_the_map_keeps_its_revision_unknown_keys_and_account_and_stays_valid(tmp_path):
    old = parse_map(EXISTING)
    result = merge_into(old, imported("Id,Name\nt-li,Clash With Team\n"))
    amap = result.map
    assert (amap.revision, amap.extra, amap.account.name) == (7, {"custom": {"kept": True}},
                                                              "Acme Bank")
    assert "t-li-2" in {s.id for s in amap.stakeholders}  # an id a team member holds
    assert validate_map(amap) == []
    path = tmp_path / "m.kam.json"
    save_map(old, path)
    assert save_map(amap, path).revision == 8
    assert old.stakeholder("s-ceo").title == "CEO"  # the map given is not changed
