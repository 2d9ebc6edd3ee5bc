"""Org-chart tables: the parent-pointer layouts, levels from the chart, loops, e-mails."""

from __future__ import annotations

import csv
import json

import pytest

from graphlib_kam.errors import InputError
from graphlib_kam.importers import (
    ROLE_UNKNOWN_TAG,
    import_files,
    import_orgchart,
    parse_delimited,
    read_orgchart,
)
from graphlib_kam.model import Account, validate_map

from .conftest import EXAMPLES

ACME = Account(id="acme", name="Acme")


def read(text: str, name: str = "org.csv"):
    return read_orgchart([parse_delimited(text, name=name)], account=ACME)


@pytest.mark.parametrize(
    "header",
    ["PersonID,Name,SupervisorID", "ID,Name,Boss ID", "Employee ID,Full Name,Manager ID",
     "工号,姓名,上级编号"],
)
def test_id_pointer_layouts(header):
    result = read(f"{header}\n1,Ada,\n2,Bo,1\n3,Cy,2\n4,Di,2\n")
    amap = result.map
    assert [(s.id, s.name, s.level) for s in amap.stakeholders] == [
        ("1", "Ada", "executive"), ("2", "Bo", "management"), ("3", "Cy", "operational"),
        ("4", "Di", "operational")]
    assert sorted((r.source, r.kind, r.target) for r in amap.relationships) == [
        ("2", "reports-to", "1"), ("3", "reports-to", "2"), ("4", "reports-to", "2")]
    assert result.problems == []


def test_email_pointers_link_people_and_are_not_kept():
    result = import_orgchart([EXAMPLES / "import" / "orgchart-email.csv"], account=ACME)
    amap = result.map
    names = {s.id: s.name for s in amap.stakeholders}
    links = {(names[r.source], names[r.target]) for r in amap.relationships}
    assert links == {("孙建平", "王建国"), ("钱敏", "孙建平"), ("郑浩", "钱敏"), ("林芳", "孙建平")}
    assert "@" not in json.dumps(amap.to_dict(), ensure_ascii=False)
    assert amap.stakeholder(next(i for i, n in names.items() if n == "王建国")).level \
        == "executive"  # 行长, from the title


def test_name_pointers_by_name_or_id_and_dangling_ones():
    result = read("Name,Title,Reports To\nAda Ng,CEO,\nBo Li,,Ada Ng\nCy Wu,,Nobody\n")
    amap = result.map
    assert [(r.source, r.target) for r in amap.relationships] == [("s-bo-li", "s-ada-ng")]
    (problem,) = result.problems
    assert (problem.row, problem.column) == (4, "Reports To")
    assert "no stakeholder has the id or name 'Nobody' (a dangling reference)" \
        in problem.message


def test_roles_default_to_unknown_and_the_user_is_told():
    result = read("PersonID,Name,SupervisorID,Role\n1,Ada,,决策者\n2,Bo,1,\n")
    people = {s.name: s for s in result.map.stakeholders}
    assert (people["Ada"].role, people["Ada"].tags) == ("decision-maker", [])
    assert (people["Bo"].role, people["Bo"].tags) == ("user", [ROLE_UNKNOWN_TAG])
    assert any("org charts hold no buying roles" in n.message and "org.csv row 3" in n.where
               for n in result.notes)
    assert any("level is read from the chart" in n.message for n in result.notes)


def test_own_manager_is_the_top_and_loops_are_reported_not_followed():
    result = read("ID,Name,Boss ID\n1,Ada,1\n2,Bo,1\n3,Cy,4\n4,Di,5\n5,Ed,3\n")
    amap = result.map
    assert amap.stakeholder("1").level == "executive"
    (problem,) = result.problems
    assert problem.column == "Boss ID" and "closes a loop of managers" in problem.message
    assert len(amap.relationships) == 3  # 2→1 and two of the loop's three links
    assert validate_map(amap) == []


def test_tables_that_are_not_org_charts_are_refused():
    with pytest.raises(InputError, match="no column names each person's manager"):
        read("Name,Title\nAda,CEO\n")
    with pytest.raises(InputError, match="holds e-mail addresses, but no column holds each "
                                         "person's e-mail address"):
        read("Name,SupervisorEmail\nAda,x@y.z\n")
    with pytest.raises(InputError, match="only a header row"):
        read("PersonID,SupervisorID\n")


def test_sample_chart_through_import_files():
    (result,) = import_files("orgchart", [EXAMPLES / "import" / "orgchart.csv"],
                             account_id="firm")
    amap = result.map
    assert len(amap.stakeholders) == 11 and len(amap.relationships) == 10
    levels = {s.name: s.level for s in amap.stakeholders}
    assert (levels["Margaret Holt"], levels["Owen Park"], levels["Tom Becker"]) == (
        "executive", "management", "operational")
    assert result.problems == []


def test_krackhardt_reports_to_as_a_parent_pointer_table(real_data, tmp_path):
    """The real 21 managers: the reports-to edge list written as PersonID/SupervisorID."""
    folder = real_data / "krackhardt-high-tech"
    boss = {}
    for line in (folder / "Krack-High-Tec-edgelist-ReportsTo.txt").read_text().split("\n"):
        if line.split() and line.split()[2] == "1":
            boss[line.split()[0]] = line.split()[1]
    with (folder / "Krack-High-Tec-Attributes.csv").open(encoding="utf-8") as handle:
        attributes = {row["ID"]: row for row in csv.DictReader(handle)}
    chart = tmp_path / "chart.csv"
    chart.write_text("PersonID,SupervisorID\n" + "".join(
        f"{i},{boss.get(i, '')}\n" for i in attributes), encoding="utf-8")
    (result,) = import_files("orgchart", [chart], account_id="hightec")
    amap = result.map
    assert len(amap.stakeholders) == 21 and len(amap.relationships) == 20
    expected = {"1": "executive", "2": "management", "3": "operational"}
    assert {s.id: s.level for s in amap.stakeholders} == {
        i: expected[row["LEVEL"]] for i, row in attributes.items()}
    assert result.problems == []
