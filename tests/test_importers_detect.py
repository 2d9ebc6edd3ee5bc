"""Telling the format of an upload from its content, and the importers' report in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphlib_kam.importers import (
    detect_format,
    import_files,
    localize,
    localize_problem,
    localize_where,
)
from graphlib_kam.importers.detect import HEAD_BYTES, file_kind
from tests.conftest import EXAMPLES, REAL_DATA

IMPORT = EXAMPLES / "import"

#: Every sample set of examples/ (as the docs and the explorer's upload use them), what it
#: is, and the accounts and counts its import gives.
SAMPLE_SETS = {
    "salesforce": (sorted((IMPORT / "salesforce").glob("*.csv")), "salesforce"),
    "hubspot": ([IMPORT / "hubspot-contacts.csv"], "hubspot"),
    "orgchart": ([IMPORT / "orgchart.csv"], "orgchart"),
    "orgchart-changed": ([IMPORT / "orgchart-changed.csv"], "orgchart"),
    "orgchart-email": ([IMPORT / "orgchart-email.csv"], "orgchart"),
    "table-zh": ([IMPORT / "committee-zh.csv"], "table"),
    "table-en": ([IMPORT / "stakeholders-en.csv", IMPORT / "relationships-en.csv",
                  IMPORT / "coverage-en.csv"], "table"),
    "table-xlsx": ([IMPORT / "committee.xlsx"], "table"),
    "kumu-json": ([IMPORT / "kumu-committee.json"], "kumu"),
    "kumu-xlsx": ([IMPORT / "kumu-committee.xlsx"], "kumu"),
    "ics": ([IMPORT / "meetings.ics"], "ics"),
    "salesforce-tasks": ([IMPORT / "salesforce-tasks.csv"], "salesforce-activities"),
    "hubspot-activities": ([IMPORT / "hubspot-activities.csv"], "hubspot-activities"),
    "kam": ([EXAMPLES / "cn-bank-core-banking.kam.json"], "kam"),
}

#: The real files of ../shared/data/real and what they are.
REAL_SETS = {
    "salesforce-prodly-demo": ("salesforce-prodly-demo/*.csv", "salesforce", None),
    "krackhardt": ("krackhardt-high-tech/Krack-High-Tec-*", "edgelist",
                   "Krack-High-Tec-Attributes.csv"),
    "lazega": ("lazega-lawyers/*.dat", "matrix", "ELattr.dat"),
    "kumu-wirkmechanismen": ("kumu-wirkmechanismen/wirkmechanismen-main-model-blueprint.json",
                             "kumu", None),
    "kumu-teamverstaendnis": (
        "kumu-wirkmechanismen/teamverstaendnis-reference-model-blueprint.json", "kumu", None),
}


def contents(paths: list[Path]) -> list[tuple[str, bytes]]:
    return [(path.name, path.read_bytes()) for path in paths]


@pytest.mark.parametrize("name", SAMPLE_SETS)
def test_every_sample_set_is_detected(name):
    paths, expected = SAMPLE_SETS[name]
    detection = detect_format(contents(paths))
    assert detection.format == expected
    assert detection.ignored == ()
    assert set(detection.files) == {p.name for p in paths}
    assert detection.reason.render("zh") != detection.reason.render("en")


def test_the_salesforce_bundle_is_one_import_of_every_opportunity():
    paths, _ = SAMPLE_SETS["salesforce"]
    detection = detect_format(contents(paths))
    assert detection.files == {
        "Account.csv": "salesforce-accounts", "Contact.csv": "salesforce-contacts",
        "Opportunity.csv": "salesforce-opportunities",
        "OpportunityContactRole.csv": "salesforce-roles", "User.csv": "salesforce-users"}
    results = import_files(detection.format, contents(paths))
    counts = {r.map.account.name: (len(r.map.stakeholders), len(r.map.relationships))
              for r in results}
    assert counts == {"Meridian - TMS replacement": (6, 5),
                      "Meridian - Yard analytics add-on": (2, 1),
                      "Kestrel - Field service pilot": (2, 1)}


def test_detection_reads_the_head_only():
    rows = b"".join(b"%d,%d,1\n" % (i, i + 1) for i in range(60_000))
    assert len(rows) > HEAD_BYTES
    big = b"Source,Target,Strength\n" + rows
    assert file_kind("ties.csv", big) == "relationships"
    assert file_kind("ties.txt", rows) == "edgelist"


@pytest.mark.parametrize("headers, expected", [
    ("PersonID,Name,Title,SupervisorID", "orgchart"),
    ("Email,Full Name,SupervisorEmail", "orgchart"),
    ("Name,Title,Reports To", "orgchart"),          # says nothing about buying
    ("Name,Title,Reports To,Role", "stakeholders"),  # a committee sheet with managers
    ("姓名,职位,上级", "orgchart"),
    ("姓名,职位,角色,上级", "stakeholders"),
    ("Record ID,First Name,Last Name,Contact owner", "hubspot"),
    ("firstname,lastname,hs_buying_role", "hubspot"),
    ("Id,AccountId,FirstName,LastName,ReportsToId", "salesforce-contacts"),
    ("First Name,Last Name,Title,Role", "stakeholders"),  # not a CRM's export
    ("Guid,OpportunityId,ContactId,Role,IsPrimary", "salesforce-roles"),
    ("Id,WhoId,OwnerId,ActivityDate,Subject", "salesforce-activities"),
    ("Activity date,Activity type,Associated Contact", "hubspot-activities"),
    ("from,to,type", "relationships"),
    ("Member,Stakeholder,Strength", "coverage"),
    ("Colour,Shape", "unknown"),
])
def test_a_table_is_told_by_its_headers(headers, expected):
    assert file_kind("t.csv", (headers + "\n" + ",".join("x" * len(headers.split(",")))
                               + "\n").encode()) == expected


def test_a_set_takes_its_most_specific_format_and_names_the_rest():
    detection = detect_format([("org.csv", b"PersonID,Name,SupervisorID\n1,Ada,\n"),
                               ("links.csv", b"from,to\nAda,Bo\n")])
    assert detection.format == "orgchart" and detection.ignored == ("links.csv",)
    assert detect_format([("x.bin", b"\x00\x01\x02")]).format is None


def test_gb18030_and_utf16_headers_are_read():
    text = "姓名,角色,我方对接人\n王伟,决策者,李娜\n"
    for data in (text.encode("gb18030"), text.encode("utf-16")):
        assert detect_format([("c.csv", data)]).files == {"c.csv": "stakeholders"}


@pytest.mark.parametrize("name", REAL_SETS)
def test_the_real_files_are_detected(real_data, name):
    pattern, expected, attributes = REAL_SETS[name]
    paths = sorted(real_data.glob(pattern))
    if not paths:
        pytest.skip(f"{REAL_DATA / pattern}: not there (optional outside resource)")
    detection = detect_format(contents(paths))
    assert detection.format == expected
    assert detection.attributes == attributes
    assert detection.ignored == ()


def test_the_real_salesforce_export_gives_every_opportunity(real_data):
    paths = sorted((real_data / "salesforce-prodly-demo").glob("*.csv"))
    if not paths:
        pytest.skip("the Prodly demo export is absent (optional outside resource)")
    detection = detect_format(contents(paths))
    results = import_files(detection.format, contents(paths))
    assert len(results) > 1
    assert all(r.map.stakeholders for r in results)


# --- the report in the reader's language ---------------------------------------------


def sample_reports():
    for name, (paths, fmt) in SAMPLE_SETS.items():
        if fmt in ("kam", "ics", "salesforce-activities", "hubspot-activities"):
            continue
        for result in import_files(fmt, contents(paths)):
            yield name, result


BAD_SHEET = ("name,power,stance,level,email,Reports to,Strength,Last contact,covered by,role\n"
             "Ann,9,x,foo,nope,Bob,2,2026-13-01,Li,boss\nAnn,1,1,,,,,,,\n"
             "王 建国,,,,,,,,,\n王建国,,,,,,,,,\n")


def test_every_message_of_the_samples_and_a_bad_sheet_has_a_chinese_text():
    results = [r for _, r in sample_reports()]
    results += import_files("table", [("bad.csv", BAD_SHEET.encode())])
    messages = {p.message for r in results for p in [*r.problems, *r.notes]}
    assert len(messages) > 25
    untranslated = sorted(m for m in messages if localize(m, "zh") == m)
    assert untranslated == []


def test_a_message_inside_a_message_is_translated_inside_out():
    [result] = import_files("table", [("bad.csv", BAD_SHEET.encode())])
    shown = {p.where: localize_problem(p, "zh") for p in result.problems}
    assert shown["bad.csv row 2 (Last contact)"] == {
        "where": "bad.csv 第 2 行 (Last contact)",
        "message": "日期 '2026-13-01' 不是日期；应为 YYYY-MM-DD；留空"}
    power = shown["bad.csv row 2 (power)"]["message"]
    assert power.startswith("权力 '9' 不是 1 到 5 的整数") and power.endswith("改用 3")


def test_english_stays_as_the_importers_write_it():
    [result] = import_files("table", [("bad.csv", BAD_SHEET.encode())])
    for problem in [*result.problems, *result.notes]:
        assert localize(problem.message, "en") == problem.message
        assert localize_problem(problem, "en") == {"where": problem.where,
                                                   "message": problem.message}
    assert localize("a message no template knows", "zh") == "a message no template knows"
    assert localize_where("c.csv row 3, c.csv row 4 (and 2 more)", "zh") == (
        "c.csv 第 3 行, c.csv 第 4 行（另有 2 处）")


@pytest.mark.parametrize("fmt, files, expected", [
    ("salesforce", [("Contact.csv", (IMPORT / "salesforce" / "Contact.csv").read_bytes())],
     "缺少 Salesforce 导出：OpportunityContactRole"),
    ("hubspot", [("x.csv", b"a,b\n1,2\n")], "x.csv：不是 HubSpot 联系人导出"),
    ("orgchart", [("x.csv", b"a,b\n1,2\n")], "x.csv：没有一列给出每个人的上级"),
    ("table", [("x.csv", b"a,b\n1,2\n")], "x.csv：没有一列给出人名"),
    ("table", [("x.csv", b"name,role\n")], "x.csv：只有表头行"),
    ("kumu", [("x.json", b'{"a": 1}')], "x.json：不是 Kumu 图谱"),
])
def test_the_refusals_an_upload_meets_are_said_in_chinese(fmt, files, expected):
    from graphlib_kam.errors import InputError

    with pytest.raises(InputError) as err:
        import_files(fmt, files)
    assert localize(str(err.value), "zh").startswith(expected)
