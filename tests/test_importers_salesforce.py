"""Salesforce exports: a real demo-org export and a standard Id-keyed one."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import Counter

import pytest

from graphlib_kam.errors import InputError, NotFoundError
from graphlib_kam.importers import (
    ROLE_UNKNOWN_TAG,
    Table,
    import_files,
    import_salesforce,
    read_salesforce,
)
from graphlib_kam.importers.salesforce import PRIMARY_TAG
from graphlib_kam.model import validate_map

from .conftest import EXAMPLES


@pytest.fixture
def prodly(real_data):
    folder = real_data / "salesforce-prodly-demo"
    if not folder.is_dir():
        pytest.skip("Salesforce demo export is absent")
    return sorted(folder.glob("*.csv"))


def test_one_map_per_opportunity_with_every_contact_role(prodly):
    results = import_salesforce(prodly)
    roles_file = next(p for p in prodly if p.name == "OpportunityContactRole.csv")
    with roles_file.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 42
    assert len(results) == len({row["OpportunityId"] for row in rows}) == 28
    assert sum(len(r.map.stakeholders) for r in results) == 42  # one seat per role row
    assert all(r.problems == [] for r in results)
    assert all(validate_map(r.map) == [] for r in results)
    people = [s for r in results for s in r.map.stakeholders]
    assert len({s.id for s in people}) == 37
    # "#N/A" is not guessed; the three rows with it stay users tagged role-unknown.
    assert sum(ROLE_UNKNOWN_TAG in s.tags for s in people) == 3
    economic = [s for s in people if any(o["role"] == "Economic Decision Maker"
                                         for o in s.extra["opportunity_roles"])]
    assert len(economic) == 3 and all(s.role == "decision-maker" for s in economic)
    assert Counter(s.role for s in people) == {"decision-maker": 24, "user": 9,
                                               "influencer": 9}
    deal = results[0].map.account
    assert deal.extra["source"] == "salesforce"
    assert deal.id == deal.extra["opportunities"][0]["id"]
    assert deal.name == deal.extra["opportunities"][0]["name"]
    assert set(deal.extra["salesforce_account"]) == {"id", "name"}


def test_one_map_per_account_on_request(prodly):
    results = import_salesforce(prodly, group="account")
    people = [s for r in results for s in r.map.stakeholders]
    assert len(results) == 24
    assert len(people) == 37
    assert Counter(s.role for s in people) == {"decision-maker": 20, "user": 9,
                                               "influencer": 8}


def test_near_duplicate_committees_and_the_primary_is_not_the_decider(prodly):
    name = "Topicblabh-Sto Associates - Additional Sale"
    with pytest.raises(InputError, match=f"--opportunity '{name}': 2 opportunities have "
                                         "that name .*; give the id"):
        import_salesforce(prodly, opportunity=name)
    (result,) = import_salesforce(prodly, select="Topicblab", group="account")
    amap = result.map
    assert len(amap.stakeholders) == 5
    deals = amap.account.extra["opportunities"]
    assert len(deals) == 2 and {d["name"] for d in deals} == {name}
    (primary,) = [s for s in amap.stakeholders if PRIMARY_TAG in s.tags]
    assert primary.title == "CHRO"
    assert primary.role == "influencer"  # a Technical Buyer
    assert any("filed under another account" in n.message for n in result.notes)
    (one,) = import_salesforce(prodly, opportunity=deals[0]["id"])
    assert one.map.account.id == deals[0]["id"] and len(one.map.stakeholders) == 5


def test_select_an_opportunity_by_name_and_nothing_personal_is_imported(prodly):
    results = import_files("salesforce", prodly, opportunity="shufflester - sow 1",
                           account_id="shuf")
    (result,) = results
    assert result.map.account.id == "shuf"
    assert len(result.map.stakeholders) == 5
    text = json.dumps(result.map.to_dict(), ensure_ascii=False)
    assert "@example.com" not in text
    assert "(425)" not in text and "Phone" not in text


def test_select_that_matches_nothing(prodly):
    with pytest.raises(NotFoundError, match="no account or opportunity"):
        import_salesforce(prodly, select="No Such Co")
    with pytest.raises(NotFoundError, match="--opportunity 'No Such Deal': no opportunity"):
        import_salesforce(prodly, opportunity="No Such Deal")


def test_missing_and_unknown_exports_are_named(prodly, tmp_path):
    contact = next(p for p in prodly if p.name == "Contact.csv")
    with pytest.raises(InputError, match="missing Salesforce export: OpportunityContactRole "
                                         r"\(give the CSV files together\)"):
        import_salesforce([contact])
    other = tmp_path / "Case.csv"
    other.write_text("Id,Subject\n1,x\n")
    with pytest.raises(InputError, match="Case.csv: not a Salesforce export"):
        import_salesforce([*prodly, other])


def write(folder, name, rows):
    path = folder / name
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_standard_id_keyed_export_with_reports_to_and_orphans(tmp_path):
    files = [
        write(tmp_path, "contacts.csv", [
            ["Id", "AccountId", "FirstName", "LastName", "Title", "Email", "Phone",
             "ReportsToId"],
            ["c1", "a1", "Ada", "Ng", "Chief Executive Officer", "ada@x.com", "555", ""],
            ["c2", "a1", "Bo", "Li", "IT Director", "bo@x.com", "556", "c1"],
            ["c3", "a1", "Cy", "Wu", "Analyst", "cy@x.com", "557", "c9"],
        ]),
        write(tmp_path, "opps.csv", [
            ["Id", "AccountId", "Name", "StageName", "Amount"],
            ["o1", "a1", "Core upgrade", "Qualification", "1000"],
        ]),
        write(tmp_path, "roles.csv", [
            ["Id", "OpportunityId", "ContactId", "Role", "IsPrimary"],
            ["r1", "o1", "c1", "Economic Buyer", "false"],
            ["r2", "o1", "c2", "Evaluator", "true"],
            ["r3", "o1", "c3", "Other", "false"],
            ["r4", "o1", "c3", "Business User", "false"],
            ["r5", "o9", "c1", "Decision Maker", "false"],
            ["r6", "o1", "c7", "Influencer", "false"],
        ]),
    ]
    (result,) = import_salesforce(files)
    amap = result.map
    assert (amap.account.id, amap.account.name) == ("o1", "Core upgrade")
    people = {s.id: s for s in amap.stakeholders}
    assert (people["c1"].role, people["c1"].level) == ("decision-maker", "executive")
    assert (people["c2"].role, people["c2"].level, people["c2"].tags) == (
        "influencer", "management", [PRIMARY_TAG])
    assert people["c3"].role == "user" and ROLE_UNKNOWN_TAG not in people["c3"].tags
    assert [(r.source, r.kind, r.target) for r in amap.relationships] == [
        ("c2", "reports-to", "c1")]
    assert amap.account.extra["opportunities"] == [
        {"id": "o1", "name": "Core upgrade", "stage": "Qualification", "amount": 1000.0}]
    problems = [(p.file, p.row, p.message) for p in result.problems]
    assert problems == [
        ("roles.csv", 6, "its opportunity is not in the Opportunity export; this contact "
                         "role is skipped"),
        ("roles.csv", 7, "its contact is not in the Contact export; this contact role is "
                         "skipped"),
    ]
    assert any("role 'Other' is not one this importer maps" in n.message
               and n.where == "roles.csv row 4 (Role)" for n in result.notes)
    assert "x.com" not in json.dumps(amap.to_dict())


SAMPLE = EXAMPLES / "import" / "salesforce"


def test_sample_export_owners_cover_their_contacts():
    results = import_salesforce(sorted(SAMPLE.glob("*.csv")))
    assert [r.map.account.name for r in results] == [
        "Kestrel - Field service pilot", "Meridian - TMS replacement",
        "Meridian - Yard analytics add-on"]
    assert all(r.problems == [] for r in results)
    tms = results[1].map
    assert tms.account.extra["salesforce_account"] == {"id": "001Hs00002XyZaBIAV",
                                                       "name": "Meridian Freight"}
    assert tms.account.industry == "Transportation"
    people = {s.name: s for s in tms.stakeholders}
    assert {n: s.role for n, s in people.items()} == {
        "Willem de Jong": "decision-maker", "Sanne Visser": "decision-maker",
        "Pieter Bakker": "influencer", "Fatima El Amrani": "influencer",
        "Joris Smit": "user", "Noor Hendriks": "user"}
    assert ROLE_UNKNOWN_TAG in people["Noor Hendriks"].tags  # "Legal Reviewer": not guessed
    assert people["Sanne Visser"].notes == "Owns the capex budget.\nWants payback inside 24 months."
    assert people["Willem de Jong"].notes == ""  # #N/A is a blank
    team = {t.id: (t.name, t.title) for t in tms.team}
    assert team == {"005Hs00000AbCdEIA1": ("Dana Ruiz", "Account Executive"),
                    "005Hs00000AbCdFIA1": ("Sam Patel", "Solutions Engineer")}
    cover = {(c.member, c.stakeholder): c for c in tms.coverage}
    link = cover[("005Hs00000AbCdEIA1", "003Hs00003AaAaBIAV")]
    assert (link.strength, link.last_contact) == (0.5, dt.date(2026, 11, 4))
    assert (tms.account.id, len(tms.coverage)) == ("006Hs00001QwErTIAR", 4)
    reports = {(r.source, r.target) for r in tms.relationships}
    assert ("003Hs00003AaAaBIAV", "003Hs00003AaAaAIAV") in reports
    text = json.dumps([r.map.to_dict() for r in results])
    assert "@" not in text and "+31" not in text


def test_the_opportunity_export_is_optional():
    files = [SAMPLE / "Contact.csv", SAMPLE / "OpportunityContactRole.csv"]
    results = import_salesforce(files)
    assert len(results) == 3
    assert {r.map.account.id for r in results} == {r.map.account.name for r in results}
    assert any("no Opportunity export" in n.message for n in results[0].notes)
    assert any("User export for their names" in n.message for n in results[0].notes)
    with pytest.raises(InputError, match="one map per account needs the Opportunity export"):
        import_salesforce(files, group="account")


def test_roles_map_as_the_issue_says_and_anything_else_is_reported():
    from graphlib_kam.importers.salesforce import SALESFORCE_ROLES

    assert SALESFORCE_ROLES == {
        "Decision Maker": "decision-maker", "Economic Buyer": "decision-maker",
        "Economic Decision Maker": "decision-maker", "Influencer": "influencer",
        "Technical Buyer": "influencer", "Evaluator": "influencer",
        "Executive Sponsor": "influencer", "Business User": "user"}
    contacts = Table("Contact.csv", ["Id", "LastName"])
    roles = Table("OpportunityContactRole.csv", ["OpportunityId", "ContactId", "Role", "Id"])
    for n, role in enumerate(["Blocker", "#N/A", "", "decision maker", "EVALUATOR"]):
        contacts.add_row(n + 2, [f"c{n}", f"P{n}"])
        roles.add_row(n + 2, ["o1", f"c{n}", role or None, f"r{n}"])
    (result,) = read_salesforce([contacts, roles])
    got = {s.id: (s.role, ROLE_UNKNOWN_TAG in s.tags) for s in result.map.stakeholders}
    assert got == {"c0": ("user", True), "c1": ("user", True), "c2": ("user", True),
                   "c3": ("decision-maker", False), "c4": ("influencer", False)}
    assert any("role 'Blocker' is not one this importer maps" in n.message
               for n in result.notes)


def test_a_header_only_roles_export_is_refused(tmp_path):
    roles = write(tmp_path, "OpportunityContactRole.csv",
                  [["Id", "OpportunityId", "ContactId", "Role", "IsPrimary"]])
    with pytest.raises(InputError, match="only a header row .* expected contact roles"):
        import_salesforce([SAMPLE / "Contact.csv", roles])
