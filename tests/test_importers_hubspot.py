"""HubSpot contacts exports: buying roles as the issue maps them, owners, companies."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from graphlib_kam.errors import InputError, NotFoundError
from graphlib_kam.importers import (
    ROLE_UNKNOWN_TAG,
    import_files,
    import_hubspot,
    parse_delimited,
    read_hubspot,
)
from graphlib_kam.importers.hubspot import HUBSPOT_ROLES
from graphlib_kam.model import Account, validate_map

from .conftest import EXAMPLES

SAMPLE = EXAMPLES / "import" / "hubspot-contacts.csv"
ACME = Account(id="acme", name="Acme")


def read(text: str):
    (result,) = read_hubspot([parse_delimited(text, name="contacts.csv")], account=ACME)
    return result


@pytest.mark.parametrize(
    ("value", "role", "stance", "tags"),
    [
        ("BLOCKER", "opposer", -1, []),
        ("DECISION_MAKER", "decision-maker", 0, []),
        ("BUDGET_HOLDER", "decision-maker", 0, ["economic-buyer"]),
        ("CHAMPION", "influencer", 2, ["champion"]),
        ("INFLUENCER", "influencer", 0, []),
        ("EXECUTIVE_SPONSOR", "influencer", 0, []),
        ("END_USER", "user", 0, []),
        ("Decision Maker", "decision-maker", 0, []),  # the label, as exports write it
        ("Budget Holder;Champion", "decision-maker", 2, ["economic-buyer", "champion"]),
        ("DECISION_MAKER;BLOCKER", "decision-maker", -1, []),
        ("LEGAL_AND_COMPLIANCE", "user", 0, [ROLE_UNKNOWN_TAG]),
        ("OTHER", "user", 0, [ROLE_UNKNOWN_TAG]),
        ("", "user", 0, [ROLE_UNKNOWN_TAG]),
    ],
)
def test_buying_roles(value, role, stance, tags):
    result = read(f"Record ID,First Name,Last Name,Buying Role\n1,Ana,Silva,\"{value}\"\n")
    (person,) = result.map.stakeholders
    assert (person.role, person.stance, person.tags) == (role, stance, tags)
    assert result.problems == []


def test_the_mapping_is_the_issues():
    assert {k: v[0] for k, v in HUBSPOT_ROLES.items()} == {
        "BLOCKER": "opposer", "DECISION_MAKER": "decision-maker",
        "BUDGET_HOLDER": "decision-maker", "CHAMPION": "influencer",
        "INFLUENCER": "influencer", "EXECUTIVE_SPONSOR": "influencer", "END_USER": "user"}


def test_values_not_mapped_are_reported_not_guessed():
    result = read("firstname,lastname,hs_buying_role\nAna,Silva,LEGAL_AND_COMPLIANCE;Chief\n")
    messages = [n.message for n in result.notes]
    assert "buying role 'LEGAL_AND_COMPLIANCE' is not one this importer maps; not guessed" \
        in messages
    assert "buying role 'Chief' is not one this importer maps; not guessed" in messages
    assert result.map.stakeholders[0].extra == {
        "hubspot_buying_roles": ["LEGAL_AND_COMPLIANCE", "Chief"]}


def test_a_champion_who_blocks_is_a_problem_for_the_team_to_settle():
    result = read("First Name,Last Name,Buying Role\nAna,Silva,CHAMPION;BLOCKER\n")
    (problem,) = result.problems
    assert (problem.row, problem.column) == (2, "Buying Role")
    person = result.map.stakeholders[0]
    assert (person.role, person.stance, person.tags) == ("opposer", -1, [])


def test_sample_export_one_map_per_company_with_owners_and_no_personal_data():
    results = import_hubspot([SAMPLE], account=ACME)
    assert [r.map.account.name for r in results] == ["Contoso Logistics", "Northwind Health"]
    assert all(r.problems == [] and validate_map(r.map) == [] for r in results)
    northwind = results[1].map
    people = {s.name: s for s in northwind.stakeholders}
    assert {n: s.role for n, s in people.items()} == {
        "Priya Raman": "decision-maker", "Marcus Hale": "influencer",
        "Elena Sorokina": "opposer", "Jamal Wright": "user", "Ingrid Berg": "user"}
    assert people["Marcus Hale"].stance == 2
    assert (people["Priya Raman"].level, people["Jamal Wright"].level) == (
        "executive", "management")
    assert people["Priya Raman"].id == "hs-51201"
    assert sorted(t.name for t in northwind.team) == ["Alex Kim", "Jo Lee"]
    cover = {c.stakeholder: c for c in northwind.coverage}
    assert cover["hs-51202"].last_contact == dt.date(2026, 11, 18)
    assert cover["hs-51202"].strength == 0.5
    text = json.dumps([r.map.to_dict() for r in results])
    assert "@" not in text and "555" not in text


def test_select_one_company_and_the_cli_account_options():
    (result,) = import_files("hubspot", [SAMPLE], select="northwind health",
                             account_id="nw", account_name="Northwind")
    assert (result.map.account.id, result.map.account.name) == ("nw", "Northwind")
    with pytest.raises(NotFoundError, match="no contact's company has that name"):
        import_hubspot([SAMPLE], account=ACME, select="Initech")


def test_an_export_without_companies_is_one_map_and_api_dates_are_read():
    result = read("Record ID,First Name,Last Name,Contact owner,notes_last_contacted\n"
                  "7,Bo,Li,Jo Lee,1763856000000\n8,Cy,Wu,Jo Lee,yesterday\n")
    assert result.map.account.id == "acme"
    cover = {c.stakeholder: c.last_contact for c in result.map.coverage}
    assert cover == {"hs-7": dt.date(2025, 11, 23), "hs-8": None}
    (problem,) = result.problems
    assert (problem.row, problem.column) == (3, "notes_last_contacted")


def test_not_a_contacts_export_and_header_only():
    with pytest.raises(InputError, match="not a HubSpot contacts export"):
        read("Deal Name,Amount\nx,1\n")
    with pytest.raises(InputError, match="only a header row"):
        read("First Name,Last Name\n")
