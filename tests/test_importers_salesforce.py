"""Salesforce exports: a real demo-org export and a standard Id-keyed one."""

from __future__ import annotations

import csv
import json
from collections import Counter

import pytest
from graphlib_kam.importers import ROLE_UNKNOWN_TAG, import_files, import_salesforce
from graphlib_kam.importers.salesforce import PRIMARY_TAG

from graphlib_kam.errors import InputError, NotFoundError


@pytest.fixture
def prodly(real_data):
    folder = real_data / "salesforce-prodly-demo"
    if not folder.is_dir():
        pytest.skip("Salesforce demo export is absent")
    return sorted(folder.glob("*.csv"))


def test_one_map_per_account_with_every_contact_role(prodly):
    results = import_salesforce(prodly)
    roles_file = next(p for p in prodly if p.name == "OpportunityContactRole.csv")
    with roles_file.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 42
    people = [s for r in results for s in r.map.stakeholders]
    assert len(people) == len({row["ContactId"] for row in rows}) == 37
    assert len(results) == 24
    assert all(r.problems == [] for r in results)
    # "#N/A" is not guessed; the three contacts with it have no other role.
    assert sum(ROLE_UNKNOWN_TAG in s.tags for s in people) == 3
    # Economic Decision Maker (a custom value) is a decision-maker.
    economic = [s for s in people if any(o["role"] == "Economic Decision Maker"
                                         for o in s.extra["opportunity_roles"])]
    assert economic and all(s.role == "decision-maker" for s in economic)
    assert Counter(s.role for s in people) == {"decision-maker": 20, "user": 9,
                                               "influencer": 8}


def test_near_duplicate_committees_merge_and_primary_is_not_the_decider(prodly):
    (result,) = import_salesforce(prodly, select="Topicblab")
    amap = result.map
    assert len(amap.stakeholders) == 5
    assert len(amap.account.extra["opportunities"]) == 2  # Value Proposition + Closed Won
    (primary,) = [s for s in amap.stakeholders if PRIMARY_TAG in s.tags]
    assert primary.title == "CHRO"
    assert primary.role == "influencer"  # a Technical Buyer
    assert all(len(s.extra["opportunity_roles"]) == 2 for s in amap.stakeholders)
    assert any("filed under another account" in n.message for n in result.notes)


def test_select_an_opportunity_by_name_and_nothing_personal_is_imported(prodly):
    results = import_files("salesforce", prodly, select="Shufflester - SOW 1",
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


def test_missing_and_unknown_exports_are_named(prodly, tmp_path):
    contact = next(p for p in prodly if p.name == "Contact.csv")
    with pytest.raises(InputError, match="missing Salesforce export: OpportunityContactRole, "
                                         "Opportunity"):
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
    people = {s.id: s for s in amap.stakeholders}
    assert (people["c1"].role, people["c1"].level) == ("decision-maker", "executive")
    assert (people["c2"].role, people["c2"].level, people["c2"].tags) == (
        "influencer", "management", [PRIMARY_TAG])
    assert people["c3"].role == "user" and ROLE_UNKNOWN_TAG not in people["c3"].tags
    assert [(r.source, r.kind, r.target) for r in amap.relationships] == [
        ("c2", "reports-to", "c1")]
    assert amap.account.extra["opportunities"] == [
        {"id": "o1", "name": "Core upgrade", "stage": "Qualification", "amount": 1000.0}]
    problems = [str(p) for p in result.problems]
    assert problems == [
        "roles.csv row 6: its opportunity is not in the Opportunity export; this contact "
        "role is skipped",
        "roles.csv row 7: its contact is not in the Contact export; this contact role is "
        "skipped",
    ]
    assert "x.com" not in json.dumps(amap.to_dict())
