"""The successor column (issue 13, part 3): "replaced by" / 接任人 in the table and org-chart
importers names another row by id or name; a name that matches nobody is a row/column
problem and the successor is left empty."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphlib_kam.importers import import_files
from graphlib_kam.importers.orgchart import import_orgchart
from graphlib_kam.importers.table import import_table
from graphlib_kam.model import Account, dumps_map, loads_map

ACME = Account(id="acme", name="Acme")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize("header", ["Replaced by", "Successor", "successor / 接任人",
                                    "接任人", "继任者"])
def test_a_table_names_the_successor_by_id_or_name(tmp_path, header):
    path = write(tmp_path, "people.csv",
                 f"Id,Name,Status,{header}\n"
                 "s-old,Zhang Wei,left,s-new\n"
                 "s-gone,Li Na,离职,Ma Xiao\n"
                 "s-new,Ma Xiao,active,\n")
    result = import_table([path], account=ACME)
    people = result.map.stakeholders_by_id()
    assert people["s-old"].successor == "s-new"  # by id
    assert people["s-gone"].successor == "s-new"  # by name
    assert people["s-new"].successor is None
    assert result.problems == []
    assert loads_map(dumps_map(result.map)) == result.map


def test_a_successor_who_is_nobody_is_a_row_and_column_problem(tmp_path):
    path = write(tmp_path, "people.csv",
                 "姓名,状态,接任人\n"
                 "张伟,离职,王五\n"
                 "李娜,离职,李娜\n"
                 "马骁,在职,\n")
    result = import_table([path], account=ACME)
    assert all(s.successor is None for s in result.map.stakeholders)
    problems = [str(p) for p in result.problems]
    assert len(problems) == 2
    assert "people.csv" in problems[0] and "row 2" in problems[0]
    assert "接任人" in problems[0] and "'王五'" in problems[0] and "left empty" in problems[0]
    assert "row 3" in problems[1] and "themself" in problems[1]


def test_an_org_chart_names_the_successor_by_id_name_or_email(tmp_path):
    by_id = write(tmp_path, "chart.csv",
                  "PersonID,Name,Title,SupervisorID,Status,Replaced by\n"
                  "1,Margaret Holt,CEO,,active,\n"
                  "2,Rajesh Iyer,CIO,1,left,3\n"
                  "3,Claire Dubois,CTO,1,active,\n"
                  "4,Owen Park,Director,2,left,Claire Dubois\n"
                  "5,Amy Lo,Analyst,3,left,Nobody Here\n")
    result = import_orgchart([by_id], account=ACME)
    people = result.map.stakeholders_by_id()
    assert (people["2"].successor, people["4"].successor, people["5"].successor) == (
        "3", "3", None)
    (problem,) = result.problems
    assert "chart.csv" in str(problem) and "row 6" in str(problem)
    assert "Replaced by" in str(problem) and "'Nobody Here'" in str(problem)

    by_email = write(tmp_path, "chart-email.csv",
                     "Email,Name,SupervisorEmail,Status,继任者\n"
                     "a@x.example,A,,active,\n"
                     "b@x.example,B,a@x.example,left,C@x.example\n"
                     "c@x.example,C,a@x.example,active,\n")
    result = import_orgchart([by_email], account=ACME)
    b, c = (next(s for s in result.map.stakeholders if s.name == n) for n in "BC")
    assert b.successor == c.id and result.problems == []


def test_import_files_passes_the_successor_through(tmp_path):
    path = write(tmp_path, "people.csv",
                 "Name,Status,Successor\nOld Boss,left,New Boss\nNew Boss,active,\n")
    (result,) = import_files("table", [path], account_id="acme")
    old = next(s for s in result.map.stakeholders if s.name == "Old Boss")
    assert result.map.stakeholder(old.successor).name == "New Boss"


def test_a_merge_translates_the_successor_and_takes_the_new_deal(tmp_path):
    from graphlib_kam.importers._merge import merge_into
    from graphlib_kam.model import Deal, parse_map

    existing = parse_map({"account": {"id": "acme"}, "deal": {"name": "old", "amount": 1},
                          "stakeholders": [{"id": "p-1", "name": "Old Boss"},
                                           {"id": "new-boss", "name": "Someone Else"}]})
    path = write(tmp_path, "people.csv",
                 "Name,Status,Successor\nOld Boss,left,New Boss\nNew Boss,active,\n")
    result = import_table([path], account=ACME)
    result.map.deal = Deal(name="new", status="won")
    merged = merge_into(existing, result).map
    old = merged.stakeholder("p-1")
    assert old.status == "left" and merged.stakeholder(old.successor).name == "New Boss"
    assert merged.deal == Deal(name="new", status="won")
    result.map.deal = None
    assert merge_into(existing, result).map.deal.name == "old"  # an import without one
