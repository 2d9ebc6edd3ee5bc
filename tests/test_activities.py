"""Activities: the effective last contact, and imports from .ics, Salesforce and HubSpot
that move a stale contact to fresh, add weak links, report who matched nobody and refuse
bad input with one line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from graphlib_kam.algorithms import coverage_gaps, coverage_status
from graphlib_kam.cli import main
from graphlib_kam.errors import InputError, MapValidationError
from graphlib_kam.importers import NEW_LINK_STRENGTH, import_activities, import_files
from graphlib_kam.model import Activity, CoverageLink, parse_map
from graphlib_kam.settings import Settings
from graphlib_kam.store import FileStore, load_map
from graphlib_kam.store.neo4j import Neo4jStore

from .conftest import EXAMPLES

AS_OF = dt.date(2026, 11, 28)
IMPORTS = EXAMPLES / "import"
ICS = IMPORTS / "meetings.ics"
TASKS = IMPORTS / "salesforce-tasks.csv"
HUBSPOT = IMPORTS / "hubspot-activities.csv"
TEAM_EMAILS = {"t-lina": "lina@vendor.example", "t-chenming": "chenming@vendor.example",
               "t-zhaogang": "zhaogang@vendor.example", "t-sunli": "sunli@vendor.example"}
PEOPLE_EMAILS = {"s-it-deputy": "huangzhiyuan@bank.example", "s-it-gm": "maxiao@bank.example",
                 "s-vp-tech": "sunjianping@bank.example",
                 "s-ops-gm": "zhengxiuying@bank.example"}


def bank_copy(folder: Path) -> Path:
    """The bank example with e-mails (and Salesforce ids for 黄志远 and 陈明)."""
    data = json.loads((EXAMPLES / "cn-bank-core-banking.kam.json").read_text("utf-8"))
    for member in data["team"]:
        member["email"] = TEAM_EMAILS[member["id"]]
        if member["id"] == "t-chenming":
            member["salesforce_id"] = "005Hs00000CnBk02IA1"
    for person in data["stakeholders"]:
        if person["id"] in PEOPLE_EMAILS:
            person["email"] = PEOPLE_EMAILS[person["id"]]
        if person["id"] == "s-it-deputy":
            person["salesforce_id"] = "003Hs00003CnBk01IAV"
    path = folder / "bank.kam.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")
    return path


def kam(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def gaps_json(capsys, path: Path) -> dict:
    code, out, err = kam(capsys, "gaps", path, "--as-of", AS_OF, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def stale(report: dict) -> list[str]:
    return [g["stakeholder"] for g in report["gaps"] if g["kind"] == "stale-contact"]


# --- the effective last contact ------------------------------------------------------------

def small_map(activities: list[dict], last_contact: str | None = "2026-05-01"):
    return parse_map({
        "account": {"id": "a"}, "team": [{"id": "t"}, {"id": "u"}],
        "stakeholders": [{"id": "x", "tags": ["champion"]}, {"id": "y"}],
        "coverage": [{"member": "t", "stakeholder": "x", "strength": 0.8,
                      "last_contact": last_contact}],
        "activities": activities,
    })


def link_of(amap):
    [q] = coverage_status(amap, settings=Settings(as_of=AS_OF))["x"].links
    return q


def test_the_later_of_own_last_contact_and_activity_counts():
    later = small_map([{"date": "2026-11-10", "member": "t", "stakeholders": ["y", "x"]}])
    q = link_of(later)
    assert (q.last_contact, q.stale, q.covering) == (dt.date(2026, 11, 10), False, True)
    earlier = small_map([{"date": "2026-01-10", "member": "t", "stakeholders": ["x"]}])
    assert link_of(earlier).last_contact == dt.date(2026, 5, 1)
    undated = small_map([{"date": "2026-11-10", "member": "t", "stakeholders": ["x"]}],
                        last_contact=None)
    assert link_of(undated).last_contact == dt.date(2026, 11, 10)


def test_an_activity_without_the_member_or_the_stakeholder_does_not_count():
    other_member = small_map([{"date": "2026-11-10", "member": "u", "stakeholders": ["x"]}])
    other_person = small_map([{"date": "2026-11-10", "member": "t", "stakeholders": ["y"]}])
    for amap in (other_member, other_person):
        q = link_of(amap)
        assert (q.last_contact, q.stale) == (dt.date(2026, 5, 1), True)


def test_gaps_and_routes_see_the_effective_date():
    amap = small_map([{"date": "2026-11-10", "member": "t", "stakeholders": ["x"]}])
    kinds = [g.kind for g in coverage_gaps(amap, settings=Settings(as_of=AS_OF))]
    assert "stale-contact" not in kinds
    assert "stale-contact" in [g.kind for g in coverage_gaps(small_map([]),
                                                          settings=Settings(as_of=AS_OF))]


# --- the model: round trip and validation ---------------------------------------------------

def test_activities_and_emails_round_trip(tmp_path):
    amap = load_map(bank_copy(tmp_path))
    amap.activities.append(Activity(dt.date(2026, 11, 2), "t-lina", ["s-it-gm", "s-vp-tech"],
                                    "call", "预算沟通"))
    data = amap.to_dict()
    again = parse_map(json.loads(json.dumps(data)))
    assert again == amap and again.to_dict() == data
    assert again.member("t-lina").email == "lina@vendor.example"
    assert again.stakeholder("s-it-deputy").extra["salesforce_id"] == "003Hs00003CnBk01IAV"
    copy = again.copy()
    copy.activities[0].stakeholders.append("s-president")
    assert again.activities[0].stakeholders == ["s-it-gm", "s-vp-tech"]


def test_a_map_without_activities_writes_none():
    assert "activities" not in small_map([]).to_dict()


@pytest.mark.parametrize("activity, where", [
    ({"date": "2026-13-01", "member": "t", "stakeholders": ["x"]}, "activities[0].date"),
    ({"member": "t", "stakeholders": ["x"]}, "activities[0].date"),
    ({"date": "2026-11-01", "member": "nobody", "stakeholders": ["x"]}, "activities[0].member"),
    ({"date": "2026-11-01", "member": "t", "stakeholders": ["x", "ghost"]},
     "activities[0].stakeholders[1]"),
    ({"date": "2026-11-01", "member": "t", "stakeholders": []}, "activities[0].stakeholders"),
    ({"date": "2026-11-01", "member": "t", "stakeholders": ["x"], "kind": "lunch"},
     "activities[0].kind"),
])
def test_bad_activities_are_refused_with_their_path(activity, where):
    with pytest.raises(MapValidationError) as err:
        small_map([activity])
    assert [p.where for p in err.value.problems] == [where]


def test_chinese_kinds_and_bad_emails():
    amap = small_map([{"date": "2026-11-01", "member": "t", "stakeholders": ["x"],
                       "kind": "电话"}])
    assert amap.activities[0].kind == "call"
    with pytest.raises(MapValidationError) as err:
        parse_map({"account": {"id": "a"}, "team": [{"id": "t", "email": "not an address"}]})
    assert [p.where for p in err.value.problems] == ["team[0].email"]


# --- done when: an .ics and a Salesforce export close the stale gap ------------------------

def test_ics_and_salesforce_move_the_stale_champion_to_fresh(tmp_path, capsys):
    path = bank_copy(tmp_path)
    before = gaps_json(capsys, path)
    assert stale(before) == ["s-it-deputy"]
    code, out, err = kam(capsys, "import", "ics", ICS, "-o", path)
    assert code == 0, err
    assert "2 activities added" in err
    assert "archoffice@bank.example: no team member or stakeholder has this e-mail; " \
           "not guessed" in err
    assert "no stakeholder of the map took part; the activity is not imported" in err
    assert stale(gaps_json(capsys, path)) == []
    q = coverage_status(load_map(path), settings=Settings(as_of=AS_OF))["s-it-deputy"]
    assert q.latest.last_contact == dt.date(2026, 11, 18)

    code, out, err = kam(capsys, "import", "salesforce-activities", TASKS, "-o", path)
    assert code == 0, err
    assert "salesforce-tasks.csv row 3 (Status)" in err
    assert "003Hs00003CnBk99IAV: no team member or stakeholder has this id" in err
    after = gaps_json(capsys, path)
    assert stale(after) == [] and after["score"] > before["score"]
    amap = load_map(path)
    assert [(a.date, a.member, a.kind) for a in amap.activities
            if a.stakeholders == ["s-it-deputy"]] == [
        (dt.date(2026, 11, 18), "t-chenming", "meeting"),
        (dt.date(2026, 11, 24), "t-chenming", "call")]


def test_salesforce_activities_alone_close_the_gap(tmp_path, capsys):
    path = bank_copy(tmp_path)
    assert kam(capsys, "import", "salesforce-activities", TASKS, "-o", path)[0] == 0
    assert stale(gaps_json(capsys, path)) == []


def test_a_meeting_without_a_link_adds_one_at_0_3_and_says_so(tmp_path, capsys):
    path = bank_copy(tmp_path)
    code, out, err = kam(capsys, "import", "hubspot-activities", HUBSPOT, "-o", path)
    assert code == 0, err
    assert ("hubspot-activities.csv row 3: new coverage link 孙丽 → 郑秀英 at strength 0.3 "
            "(they met on 2026-11-23)") in err
    assert "'王芳 (no-email)' has no e-mail address to match on; not guessed" in err
    amap = load_map(path)
    [link] = [c for c in amap.coverage if (c.member, c.stakeholder) == ("t-sunli", "s-ops-gm")]
    assert link == CoverageLink("t-sunli", "s-ops-gm", NEW_LINK_STRENGTH, None)
    kinds = {a.member: a.kind for a in amap.activities}
    assert kinds == {"t-zhaogang": "call", "t-sunli": "meeting"}


def test_the_json_report_lists_problems_and_notes(tmp_path, capsys):
    path = bank_copy(tmp_path)
    code, out, _ = kam(capsys, "import", "ics", ICS, "-o", path, "--format", "json")
    [report] = json.loads(out)["maps"]
    assert report["merged"] and report["revision"] == load_map(path).revision
    assert {p["row"] for p in report["problems"]} == {4, 24, 31}
    assert report["notes"][0]["message"] == "2 activities added"


def test_reimporting_adds_nothing_and_keeps_the_revision(tmp_path, capsys):
    path = bank_copy(tmp_path)
    assert kam(capsys, "import", "ics", ICS, "-o", path)[0] == 0
    first = path.read_bytes()
    code, _, err = kam(capsys, "import", "ics", ICS, "-o", path)
    assert code == 0 and "0 activities added, 2 already in the map" in err
    assert path.read_bytes() == first


def test_several_team_members_at_one_meeting_each_get_it():
    amap = load_map(EXAMPLES / "cn-bank-core-banking.kam.json")
    amap.member("t-lina").email = "lina@v.example"
    amap.member("t-zhaogang").email = "zg@v.example"
    amap.stakeholder("s-president").email = "president@bank.example"
    ics = (b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20261127T020000Z\n"
           b"ORGANIZER:MAILTO:Lina@V.example\nATTENDEE:mailto:zg@v.example\n"
           b"ATTENDEE:mailto:president@bank.example\nEND:VEVENT\nEND:VCALENDAR\n")
    result = import_activities("ics", [("m.ics", ics)], amap)
    assert [(a.member, a.stakeholders) for a in result.map.activities] == [
        ("t-lina", ["s-president"]), ("t-zhaogang", ["s-president"])]
    assert not result.problems
    status = coverage_status(result.map, settings=Settings(as_of=AS_OF))["s-president"]
    assert [q.strength for q in status.links] == [0.3, 0.3]


# --- bad input: one line, exit 2, map untouched ---------------------------------------------

BAD = {
    "not-ics.ics": ("name,role\nAnn,user\n", "not-ics.ics line 1: not an iCalendar file"),
    "no-start.ics": ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\nEND:VCALENDAR\n",
                     "no-start.ics line 2 (VEVENT): the event has no DTSTART"),
    "bad-date.ics": ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20260231\nEND:VEVENT\n"
                     "END:VCALENDAR\n",
                     "bad-date.ics line 3 (DTSTART): '20260231' is not a date"),
    "open.ics": ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20261101\n",
                 "open.ics line 2: this VEVENT has no END:VEVENT"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_ics_is_refused_with_file_and_line(tmp_path, capsys, name):
    path = bank_copy(tmp_path)
    before = path.read_bytes()
    text, message = BAD[name]
    (tmp_path / name).write_text(text, "utf-8")
    code, out, err = kam(capsys, "import", "ics", tmp_path / name, "-o", path)
    assert code == 2 and out == ""
    assert err.startswith("kam: error: " + str(tmp_path / message.split(" ", 1)[0]))
    assert message.split(" ", 1)[1] in err and len(err.strip().splitlines()) == 1
    assert path.read_bytes() == before


@pytest.mark.parametrize("text, message", [
    ("WhoId,OwnerId,ActivityDate\n003Hs00003CnBk01IAV,005Hs00000CnBk02IA1,2026-02-30\n",
     "tasks.csv row 2 (ActivityDate): date '2026-02-30' is not a date; expected YYYY-MM-DD"),
    ("WhoId,ActivityDate\n003Hs00003CnBk01IAV,2026-02-03\n",
     "tasks.csv: no OwnerId column"),
])
def test_bad_salesforce_rows_are_refused(tmp_path, capsys, text, message):
    path = bank_copy(tmp_path)
    before = path.read_bytes()
    (tmp_path / "tasks.csv").write_text(text, "utf-8")
    code, out, err = kam(capsys, "import", "salesforce-activities", tmp_path / "tasks.csv",
                         "-o", path)
    assert (code, out) == (2, "") and message in err and len(err.strip().splitlines()) == 1
    assert path.read_bytes() == before


def test_a_map_with_unknown_ids_in_activities_is_refused(tmp_path, capsys):
    path = bank_copy(tmp_path)
    data = json.loads(path.read_text("utf-8"))
    data["activities"] = [{"date": "2026-11-01", "member": "t-ghost",
                           "stakeholders": ["s-it-deputy"], "kind": "call"}]
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    code, _, err = kam(capsys, "import", "ics", ICS, "-o", path)
    assert code == 2 and "activities[0].member: no team member has the id 't-ghost'" in err
    assert json.loads(path.read_text("utf-8")) == data


def test_activities_need_a_map_that_exists(tmp_path, capsys):
    code, _, err = kam(capsys, "import", "ics", ICS, "-o", tmp_path / "new.kam.json")
    assert code == 2 and "no such map; activities are imported into a map that exists" in err
    assert not (tmp_path / "new.kam.json").exists()
    with pytest.raises(InputError, match="activities are imported into a map that exists"):
        import_files("ics", [ICS])


# --- both stores keep activities and e-mails -----------------------------------------------

@pytest.fixture(params=["file", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request, tmp_path):
    if request.param == "file":
        yield FileStore(tmp_path)
        return
    driver = request.getfixturevalue("neo4j_driver")
    yield Neo4jStore(driver)
    with driver.session() as session:
        for label in ("Stakeholder|TeamMember", "Revision"):
            session.run(f"MATCH (n:{label}) WHERE n.account = $a DETACH DELETE n",
                        a=STORE_ACCOUNT).consume()
        session.run("MATCH (a:Account {id: $a}) DETACH DELETE a", a=STORE_ACCOUNT).consume()


STORE_ACCOUNT = "activities-test-cn-bank"


def test_both_stores_keep_activities_and_emails(tmp_path, store):
    amap = load_map(bank_copy(tmp_path))
    amap.account.id = STORE_ACCOUNT
    amap.activities.append(Activity(dt.date(2026, 11, 2), "t-lina", ["s-it-gm"], "call",
                                    "预算沟通"))
    store.save(amap)
    again = store.load(STORE_ACCOUNT)
    assert again.activities == amap.activities
    assert again.member("t-lina").email == "lina@vendor.example"
    assert again.stakeholder("s-it-deputy").email == "huangzhiyuan@bank.example"
    assert again.stakeholder("s-it-deputy").extra == {"salesforce_id": "003Hs00003CnBk01IAV"}


# --- the explorer: the card lists the last five, the Edit view logs one ----------------------

def test_the_card_lists_the_last_five_activities_newest_first():
    from graphlib_kam.explorer import rows
    from graphlib_kam.explorer.session import analyse

    amap = load_map(EXAMPLES / "cn-bank-core-banking.kam.json")
    for day in range(1, 8):
        amap.activities.append(Activity(dt.date(2026, 11, day), "t-chenming",
                                        ["s-it-deputy"], "call", f"call {day}"))
    amap.activities.append(Activity(dt.date(2026, 11, 20), "t-lina", ["s-vp-tech"], "meeting"))
    card = rows.stakeholder_card(amap, analyse(amap, Settings(as_of=AS_OF)), "s-it-deputy",
                                 "zh")
    assert [a["date"] for a in card["activities"]] == [f"2026-11-0{d}" for d in (7, 6, 5, 4, 3)]
    assert card["activities"][0] == {"date": "2026-11-07", "member": "陈明", "kind": "电话",
                                     "note": "call 7"}
    assert card["coverage"][0]["last_contact"] == "2026-11-07"


def test_edit_tables_keep_emails_and_activities(tmp_path):
    from graphlib_kam.explorer.edit import map_from_tables, map_tables

    amap = load_map(bank_copy(tmp_path))
    amap.activities.append(Activity(dt.date(2026, 11, 2), "t-lina", ["s-it-gm"], "call"))
    tables = map_tables(amap)
    tables["team"][0]["email"] = "li.na@vendor.example"
    again, problems = map_from_tables(amap, tables)
    assert problems == [] and again.activities == amap.activities
    assert again.member("t-lina").email == "li.na@vendor.example"
    assert again.stakeholder("s-it-deputy").email == "huangzhiyuan@bank.example"


def test_the_edit_view_logs_an_activity(monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    # The script's path, not an import of it: importing would run the app outside
    # Streamlit and leave it in sys.modules for every later AppTest.
    app_path = Path(__file__).resolve().parent.parent / "app.py"

    folder = tmp_path / "maps"
    folder.mkdir()
    path = bank_copy(folder).rename(folder / "cn-bank-core-banking.kam.json")
    for name in ("KAM_EXPLORER_MAP", "KAM_EXPLORER_STORE", "KAM_EXPLORER_ACCOUNT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KAM_EXPLORER_FOLDER", str(folder))
    at = AppTest.from_file(str(app_path), default_timeout=120)
    at.session_state["as_of"] = AS_OF
    at.session_state["lang"] = "en"
    at.run()
    at.radio(key="view").set_value("edit").run()
    at.selectbox(key="log_member").set_value("t-sunli")
    at.multiselect(key="log_people").set_value(["s-it-deputy", "s-ops-gm"])
    at.selectbox(key="log_kind").set_value("call")
    at.text_input(key="log_note").input("迁移方案沟通")
    at.button(key="log_save").click().run()
    assert not at.exception, [e.message for e in at.exception]
    saved = load_map(path)
    assert saved.activities == [Activity(AS_OF, "t-sunli", ["s-it-deputy", "s-ops-gm"],
                                         "call", "迁移方案沟通")]
    assert {(c.member, c.stakeholder, c.strength) for c in saved.coverage
            if c.member == "t-sunli"} >= {("t-sunli", "s-it-deputy", 0.3),
                                          ("t-sunli", "s-ops-gm", 0.3)}


# --- e-mails come in with the people: the table importer reads them ---------------------------

def test_a_people_sheet_with_emails_then_an_ics_closes_the_stale_gap(tmp_path, capsys):
    path = tmp_path / "bank.kam.json"
    path.write_bytes((EXAMPLES / "cn-bank-core-banking.kam.json").read_bytes())
    people = tmp_path / "people.csv"
    people.write_text("姓名,邮箱\n黄志远,HuangZhiyuan@bank.example\n马骁,not-an-address\n",
                      "utf-8")
    team = tmp_path / "team.csv"
    team.write_text("Name,E-mail\n陈明,chenming@vendor.example\n", "utf-8")
    code, _, err = kam(capsys, "import", "csv", people, team, "-o", path)
    assert code == 0, err
    assert "people.csv row 3 (邮箱): 'not-an-address' is not an e-mail address; left empty" in err
    amap = load_map(path)
    assert amap.stakeholder("s-it-deputy").email == "HuangZhiyuan@bank.example"
    assert amap.member("t-chenming").email == "chenming@vendor.example"
    assert stale(gaps_json(capsys, path)) == ["s-it-deputy"]
    assert kam(capsys, "import", "ics", ICS, "-o", path)[0] == 0
    assert stale(gaps_json(capsys, path)) == []


def test_salesforce_tasks_match_a_map_the_salesforce_importer_made(tmp_path, capsys):
    """WhoId is the Contact id the Salesforce importer gives stakeholders, OwnerId the
    User id it gives team members."""
    path = tmp_path / "meridian.kam.json"
    exports = sorted((IMPORTS / "salesforce").glob("*.csv"))
    code, _, err = kam(capsys, "import", "salesforce", *exports, "--opportunity",
                       "006Hs00001QwErTIAR", "-o", path)
    assert code == 0, err
    tasks = tmp_path / "Task.csv"
    tasks.write_text("Id,WhoId,OwnerId,ActivityDate,Subject,Type,TaskSubtype\n"
                     "00T1,003Hs00003AaAaAIAV,005Hs00000AbCdFIA1,2026-11-26,Demo,Meeting,Task\n"
                     "00T2,003Hs00003AaAaBIAV,005Hs00000AbCdEIA1,2026-11-25,Budget,,Call\n",
                     "utf-8")
    code, _, err = kam(capsys, "import", "salesforce-activities", tasks, "-o", path)
    assert code == 0, err
    amap = load_map(path)
    assert [(a.member, a.stakeholders, a.kind) for a in amap.activities] == [
        ("005Hs00000AbCdEIA1", ["003Hs00003AaAaBIAV"], "call"),
        ("005Hs00000AbCdFIA1", ["003Hs00003AaAaAIAV"], "meeting")]
