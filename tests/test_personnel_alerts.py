"""Personnel-change early warning: re-importing a changed CRM export raises alerts."""

from __future__ import annotations

import json

import pytest

from graphlib_kam.algorithms.changes import change_impact
from graphlib_kam.algorithms.personnel import personnel_alerts, suggested_successor
from graphlib_kam.cli import main
from graphlib_kam.model import Stakeholder, parse_map
from graphlib_kam.store import load_map
from graphlib_kam.workflows.importing import import_into

from .conftest import EXAMPLES

ORGCHART = EXAMPLES / "import" / "orgchart.csv"
CHANGED = EXAMPLES / "import" / "orgchart-changed.csv"
HEAD = "PersonID,Name,Title,Department,SupervisorID\n"
BASE = (HEAD + "1,Ann Holt,Chief Executive Officer,Executive,\n"
        "2,Raj Iyer,Chief Information Officer,IT,1\n"
        "3,Owen Park,Director of Infrastructure,IT,2\n"
        "4,Mei Tan,Analyst,Finance,1\n")


def run(capsys, *argv):
    code = main(list(map(str, argv)))
    out, err = capsys.readouterr()
    return code, out, err


def reimport(tmp_path, second: str, **options):
    target = tmp_path / "acme.kam.json"
    import_into("orgchart", [("org.csv", BASE.encode())], target, saved_by="t")
    [item] = import_into("orgchart", [("org.csv", second.encode())], target, saved_by="t",
                         **options)
    return item, load_map(target)


def changes(item) -> list[tuple]:
    return sorted((a["change"], a["stakeholder"]) for a in item.alerts)


def test_the_same_export_again_raises_nothing(tmp_path):
    item, _ = reimport(tmp_path, BASE)
    assert item.merged and item.alerts == []


def test_someone_missing_may_have_left_and_stays_active(tmp_path):
    item, amap = reimport(tmp_path, BASE.replace("4,Mei Tan,Analyst,Finance,1\n", ""))
    assert changes(item) == [("may-have-left", "4")]
    [alert] = item.alerts
    assert alert["successor"] is None and alert["applied"] is False
    assert "may have left" in alert["message"]
    assert amap.stakeholder("4").status == "active"


def test_the_one_newcomer_in_the_departed_title_is_the_suggested_successor(tmp_path):
    second = (BASE.replace("2,Raj Iyer,Chief Information Officer,IT,1\n", "")
              .replace("Infrastructure,IT,2", "Infrastructure,IT,5")
              + "5,Nadia Rahman,Chief Information Officer,IT,1\n")
    item, amap = reimport(tmp_path, second)
    [left] = [a for a in item.alerts if a["change"] == "may-have-left"]
    assert (left["stakeholder"], left["successor"]) == ("2", "5")
    assert "Nadia Rahman (Chief Information Officer) now holds their title" in left["message"]
    assert amap.stakeholder("2").status == "active"
    assert amap.stakeholder("2").successor is None
    # the newcomer is a chief (executive), and Owen's manager changed from Raj to Nadia
    assert changes(item) == [("may-have-left", "2"), ("new-executive", "5"),
                             ("new-manager", "3")]
    [manager] = [a for a in item.alerts if a["change"] == "new-manager"]
    assert (manager["old"], manager["new"]) == (["2"], ["5"])


def test_apply_departures_marks_left_with_the_suggested_successor(tmp_path):
    second = (BASE.replace("2,Raj Iyer,Chief Information Officer,IT,1\n", "")
              + "5,Nadia Rahman,Chief Information Officer,IT,1\n")
    item, amap = reimport(tmp_path, second, apply_departures=True)
    [left] = [a for a in item.alerts if a["change"] == "may-have-left"]
    assert left["applied"] is True
    raj = amap.stakeholder("2")
    assert (raj.status, raj.successor) == ("left", "5")


def test_two_newcomers_in_the_title_suggest_nobody(tmp_path):
    second = (BASE.replace("4,Mei Tan,Analyst,Finance,1\n", "")
              + "5,Ana Li,Analyst,Finance,1\n6,Bo Wu,Analyst,Finance,1\n")
    item, amap = reimport(tmp_path, second, apply_departures=True)
    [left] = [a for a in item.alerts if a["change"] == "may-have-left"]
    assert left["successor"] is None
    assert (amap.stakeholder("4").status, amap.stakeholder("4").successor) == ("left",
                                                                                   None)


def test_title_and_department_changes(tmp_path):
    second = (BASE.replace("Director of Infrastructure", "VP of Infrastructure")
              .replace("Analyst,Finance", "Analyst,Procurement"))
    item, _ = reimport(tmp_path, second)
    assert [(a["change"], a["stakeholder"], a["old"], a["new"]) for a in item.alerts] == [
        ("title-changed", "3", "Director of Infrastructure", "VP of Infrastructure"),
        ("department-changed", "4", "Finance", "Procurement")]


def test_a_new_person_below_executive_level_raises_nothing(tmp_path):
    item, _ = reimport(tmp_path, BASE + "5,Sam Lo,Network Engineer,IT,3\n")
    assert item.alerts == []


def test_a_first_manager_is_not_a_new_manager():
    old = parse_map({"account": {"id": "a"}, "stakeholders": [{"id": "s-a"}, {"id": "s-b"}]})
    assert personnel_alerts(old, old, present={"s-a", "s-b"},
                            managers={"s-a": {"s-b"}}) == []


def test_only_the_people_of_the_same_source_may_have_left():
    old = parse_map({"account": {"id": "a"}, "stakeholders": [
        {"id": "s-a", "name": "A"}, {"id": "hs-1", "name": "H"},
        {"id": "s-gone", "name": "G", "status": "left"}]})
    alerts = personnel_alerts(old, old, present={"s-a"}, tracked={"s-a", "s-gone"})
    assert alerts == []
    assert [a["stakeholder"] for a in personnel_alerts(old, old, present={"s-a"})] == [
        "hs-1"]


def test_suggested_successor_needs_a_title():
    assert suggested_successor(Stakeholder("s-a"), [Stakeholder("s-b")]) is None


def test_a_hubspot_reimport_flags_only_hubspot_contacts(tmp_path):
    target = tmp_path / "nw.kam.json"
    lines = (EXAMPLES / "import" / "hubspot-contacts.csv").read_text(
        encoding="utf-8").splitlines(keepends=True)
    import_into("hubspot", [("c.csv", "".join(lines).encode())], target, saved_by="t",
                select="Northwind Health")
    import_into("table", [("p.csv", b"Name,Title\nZoe Quist,Nurse\n")], target,
                saved_by="t")
    [item] = import_into("hubspot", [("c.csv", "".join(lines[:1] + lines[2:]).encode())],
                         target, saved_by="t", select="Northwind Health")
    assert changes(item) == [("may-have-left", "hs-51201")]


def test_kam_import_json_and_kam_diff_show_the_alerts(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("KAM_USER", "tester")
    target = tmp_path / "bank.kam.json"
    assert run(capsys, "import", "orgchart", ORGCHART, "-o", target)[0] == 0
    code, out, _ = run(capsys, "import", "orgchart", CHANGED, "-o", target, "--format",
                       "json", "--apply-departures")
    assert code == 0
    [entry] = json.loads(out)["maps"]
    assert entry["revision"] == 2
    assert sorted((a["change"], a["name"]) for a in entry["alerts"]) == [
        ("department-changed", "Mei Tanaka"),
        ("may-have-left", "Rajesh Iyer"),
        ("new-executive", "Nadia Rahman"),
        ("new-executive", "Victor Lang"),
        ("new-manager", "Owen Park"),
        ("new-manager", "Sofia Marin"),
        ("new-manager", "Tom Becker"),
        ("title-changed", "Owen Park"),
    ]
    [left] = [a for a in entry["alerts"] if a["change"] == "may-have-left"]
    assert (left["successor"], left["applied"]) == ("1012", True)

    code, out, _ = run(capsys, "diff", f"{target}@1", f"{target}@2", "--format", "json")
    assert code == 0
    diff = {(a["change"], a["name"]) for a in json.loads(out)["alerts"]}
    assert {("left", "Rajesh Iyer"), ("title-changed", "Owen Park"),
            ("department-changed", "Mei Tanaka"), ("new-manager", "Tom Becker"),
            ("new-executive", "Victor Lang")} <= diff
    [left] = [a for a in json.loads(out)["alerts"] if a["change"] == "left"]
    assert left["successor"] == "1012"
    code, text, _ = run(capsys, "diff", f"{target}@1", f"{target}@2")
    assert "Owen Park's title changed from Director of Infrastructure to VP of " \
           "Infrastructure" in text


@pytest.mark.parametrize("lang, words", [("en", "personnel-change alerts (8)"),
                                         ("zh", "人事变动预警（8 条）")])
def test_the_text_report_lists_the_alerts_in_both_languages(tmp_path, capsys, lang, words):
    target = tmp_path / "bank.kam.json"
    run(capsys, "import", "orgchart", ORGCHART, "-o", target, "--saved-by", "t")
    code, out, _ = run(capsys, "import", "orgchart", CHANGED, "-o", target, "--lang", lang,
                       "--saved-by", "t")
    assert code == 0 and words in out
    assert load_map(target).stakeholder("1002").status == "active"


def test_change_impact_lists_title_department_and_manager_changes():
    data = {"account": {"id": "a"}, "revision": 1, "stakeholders": [
        {"id": "s-a", "name": "Ann", "title": "CIO", "department": "IT"},
        {"id": "s-b", "name": "Bo"}, {"id": "s-c", "name": "Cy"}],
        "relationships": [{"source": "s-a", "target": "s-b", "kind": "reports-to"}]}
    old = parse_map(data)
    assert change_impact(old, old)["alerts"] == []
    data["stakeholders"][0].update(title="CTO", department="Digital")
    data["relationships"][0]["target"] = "s-c"
    alerts = change_impact(old, parse_map(data))["alerts"]
    assert sorted(a["change"] for a in alerts) == ["department-changed", "new-manager",
                                                   "title-changed"]
    assert all(a["action"] == "Confirm the change with Ann and update the map."
               for a in alerts)
