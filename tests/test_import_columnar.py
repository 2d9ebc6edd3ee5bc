"""The columnar import path (issue #16): CSV tables read with pyarrow and checked a
column at a time give the map and the report the row path gives — the same problems at
the same file, row and column, in the same words — and the row path still reads what
the columnar path leaves to it."""

from __future__ import annotations

import csv
import io
import json
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphlib_kam.cli import main
from graphlib_kam.importers import import_table
from graphlib_kam.importers._columnar import ColumnarResult
from graphlib_kam.model import Account
from graphlib_kam.model.codec import dumps_map
from graphlib_kam.store import load_map

pytest.importorskip("pyarrow.csv")

ACME = Account(id="acme", name="Acme")


def write(folder, files: dict[str, str | bytes]) -> list:
    paths = []
    for name, content in files.items():
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        paths.append(path)
    return paths


def both(folder, files: dict[str, str | bytes]):
    """The import of ``files`` by columns and by rows, checked to agree."""
    paths = write(folder, files)
    by_columns = import_table(paths, account=ACME)
    by_rows = import_table(paths, account=ACME, columnar=False)
    assert type(by_rows) is not ColumnarResult
    counts = by_columns.counts()  # before the map's objects are made
    text = by_columns.kam_json()  # written from the columns
    assert [p.to_dict() for p in by_columns.problems] == [p.to_dict() for p in
                                                         by_rows.problems]
    assert [n.to_dict() for n in by_columns.notes] == [n.to_dict() for n in by_rows.notes]
    assert by_columns.given == by_rows.given
    assert by_columns.made_ids == by_rows.made_ids
    assert by_columns.assumed == by_rows.assumed
    assert by_columns.map == by_rows.map
    assert counts == by_rows.counts()
    assert text == dumps_map(by_rows.map)  # byte for byte
    return by_columns


def problems(result) -> list[tuple[str, str]]:
    return [(p.where, p.message) for p in result.problems]


# --- a clean file goes by columns -----------------------------------------------------

def test_a_clean_chinese_file_with_a_byte_order_mark_goes_by_columns(tmp_path):
    people = ("\ufeff编号,姓名,职位,部门,角色,层级,态度,权力,上级\n"
              "s0,王建国,行长,总行,决策者,高层,1,5,\n"
              "s1,张伟,IT经理,信息技术部,影响者,中层,-1,3,s0\n"
              "s2,李娜,数据分析师,信息技术部,使用者,基层,0,2,s1\n")
    links = "源,目标,关系类型,强度\ns2,s0,影响,0.7\ns1,s2,同盟,0.5\n"
    result = both(tmp_path, {"people.csv": people, "links.csv": links})
    assert isinstance(result, ColumnarResult)
    assert result.problems == [] and result.notes == []
    people_by_id = {s.id: s for s in result.map.stakeholders}
    assert [(i, s.name, s.role, s.level, s.stance, s.power)
            for i, s in people_by_id.items()] == [
        ("s0", "王建国", "decision-maker", "executive", 1, 5),
        ("s1", "张伟", "influencer", "management", -1, 3),
        ("s2", "李娜", "user", "operational", 0, 2)]
    assert sorted((r.source, r.target, r.kind, r.strength)
                  for r in result.map.relationships) == [
        ("s1", "s0", "reports-to", None), ("s1", "s2", "allied", 0.5),
        ("s2", "s0", "influences", 0.7), ("s2", "s1", "reports-to", None)]


def test_the_map_is_made_only_when_asked_for(tmp_path):
    people = "id,name,role\na,Ann,user\nb,Bob,opposer\n"
    result = import_table(write(tmp_path, {"p.csv": people}), account=ACME)
    assert isinstance(result, ColumnarResult)
    assert result.counts() == {"stakeholders": 2, "relationships": 0, "team": 0,
                               "coverage": 0}
    assert result._map is None
    # A missing stance is 0, or -1 for an opposer (the row path's defaults).
    assert [(s.id, s.stance) for s in result.map.stakeholders] == [("a", 0), ("b", -1)]
    assert result.map is result.map


# --- bad rows: the same problems, in both languages -----------------------------------

ENGLISH_BAD = """id,name,title,role,level,stance,power,status,reports to
s1,Ann Lee,CEO,decision-maker,executive,1,5,active,
s2,Bob,IT Manager,boss,,2,3,,s1
,,,user,,,,,
s4,Cid,Analyst,user,galaxy,9,x,retired,s9
s2,Dup,,user,,,,,
s6,,Engineer,,,,,,Ann Lee
"""


def test_a_catalogue_of_bad_rows_gives_the_row_paths_problems(tmp_path):
    result = both(tmp_path, {"people.csv": ENGLISH_BAD})
    assert isinstance(result, ColumnarResult)
    found = problems(result)
    assert found[0][0] == "people.csv row 4" and found[0][1] == \
        "no name and no id; this row is skipped"
    assert found[1][0] == "people.csv row 3 (role)"
    assert found[1][1].startswith("unknown role 'boss'; expected one of decision-maker")
    assert found[1][1].endswith("; kept as a user")
    assert [w for w, _ in found[2:6]] == ["people.csv row 5 (level)", "people.csv row 5 (stance)",
                                         "people.csv row 5 (power)", "people.csv row 5 (status)"]
    assert found[3][1].startswith("stance '9' is not a whole number from -2 to +2")
    assert found[3][1].endswith("; 0 is used instead")
    assert found[4][1].endswith("; 3 is used instead")
    assert found[5][1].endswith("; active is used instead")
    assert found[6] == ("people.csv row 6", "id 's2' repeats the stakeholder of people.csv "
                                            "row 3; this row is skipped")
    assert found[7] == ("people.csv row 5 (reports to)", "no stakeholder has the id or name "
                                                          "'s9' (a dangling reference); this "
                                                          "link is skipped")
    assert len(found) == 8
    # The blank name keeps its id; "Ann Lee" is found by name.
    people = {s.id: s for s in result.map.stakeholders}
    assert sorted(people) == ["s1", "s2", "s4", "s6"]
    assert ("s6", "s1", "reports-to") in {(r.source, r.target, r.kind)
                                          for r in result.map.relationships}
    assert people["s6"].tags == ["role-unknown"] and people["s6"].role == "user"


def test_the_same_catalogue_in_chinese(tmp_path):
    people = ("编号,姓名,职位,角色,层级,态度,权力,状态,上级\n"
              "s1,王建国,行长,决策者,高层,1,5,在职,\n"
              "s2,张伟,IT经理,老板,,2,3,,s1\n"
              ",,,使用者,,,,,\n"
              "s4,李娜,分析师,使用者,宇宙,很好,极高,退休,s9\n"
              "s2,重复,,使用者,,,,,\n"
              "s6,,工程师,,,,,,王建国\n")
    result = both(tmp_path, {"人员.csv": people})
    assert isinstance(result, ColumnarResult)
    found = problems(result)
    assert found[1][0] == "人员.csv row 3 (角色)"
    assert found[1][1].startswith("unknown role '老板'; expected one of")
    assert found[2][0] == "人员.csv row 5 (层级)" and "'宇宙'" in found[2][1]
    assert found[3][0] == "人员.csv row 5 (态度)" and "'很好'" in found[3][1]
    # 极高 is a power word (5): no problem for it; 退休 is no status.
    assert [w for w, _ in found].count("人员.csv row 5 (权力)") == 0
    assert found[4][0] == "人员.csv row 5 (状态)" and "'退休'" in found[4][1]
    assert {s.id: s.power for s in result.map.stakeholders}["s4"] == 5


def test_relationship_rows_that_cannot_be_used(tmp_path):
    people = "id,name\na,Ann\nb,Bob\nc,Cid\nd,Ann\n"
    links = ("source,target,kind,strength\n"
             "a,b,influences,0.9\n"
             "a,b,influences,strong-ish\n"   # a repeat, and a strength that is no number
             "a,,influences,0.5\n"           # no target
             "b,c,frenemy,0.5\n"             # an unknown kind
             "c,c,allied,0.5\n"              # a loop
             "b,c,allied,0.4\n"
             "c,b,allied,0.8\n"              # the same undirected pair, from its other end
             "Bob,Cid,conflict,\n"           # ends by name
             "Ann,b,influences,0.3\n"        # an ambiguous name
             "a,b,influences,1\n")           # a repeat, stronger
    result = both(tmp_path, {"people.csv": people, "links.csv": links})
    assert isinstance(result, ColumnarResult)
    found = problems(result)
    assert found[0][0] == "links.csv row 3 (strength)"
    assert found[0][1].startswith("strength 'strong-ish' is not a number")
    assert found[1] == ("links.csv row 4", "needs both a source and a target; this row is "
                                           "skipped")
    assert found[2][0] == "links.csv row 5 (kind)" and "'frenemy'" in found[2][1]
    assert found[3] == ("links.csv row 10", "'Ann' names 2 stakeholders (a, d); use the id "
                                            "instead; this link is skipped")
    assert found[4] == ("links.csv row 6", "links 'c' to itself; this link is skipped")
    assert len(found) == 5
    links_found = {(r.source, r.target, r.kind): r.strength for r in result.map.relationships}
    assert links_found == {("a", "b", "influences"): 1.0, ("b", "c", "allied"): 0.8,
                           ("b", "c", "conflict"): None}
    assert [n.message for n in result.notes][-2:] == [
        "names that repeat are kept as different people (references by those names are "
        "ambiguous; use the ids)",
        "repeated influences links merged (the strongest is kept)"]
    assert result.notes[-1].where == "links.csv row 3, links.csv row 11"


def test_ids_made_from_names_and_names_alike(tmp_path):
    people = ("name,title,tags,interests,notes\n"
              "Li Na,CIO,\"coach, champion\",ROI;risk,met twice\n"
              "li  na,Analyst,coach,,\n"
              "Wang Wei,,,,\n"
              "Wang Wei,VP Sales,,,\n")
    result = both(tmp_path, {"p.csv": people})
    assert isinstance(result, ColumnarResult)
    assert [s.id for s in result.map.stakeholders] == ["s-li-na", "s-li-na-2", "s-wang-wei",
                                                       "s-wang-wei-2"]
    assert result.made_ids == {"s-li-na", "s-li-na-2", "s-wang-wei", "s-wang-wei-2"}
    [(where, message)] = problems(result)
    assert where == "p.csv row 3"
    assert message.startswith("name 'li  na' differs from 'Li Na' (p.csv row 2) only in "
                               "width, case or spaces")
    first = result.map.stakeholders[0]
    assert first.tags == ["coach", "champion", "role-unknown"]
    assert (first.interests, first.notes, first.level) == (["ROI", "risk"], "met twice",
                                                           "executive")


def test_blank_spellings_and_padded_cells(tmp_path):
    people = ("id , name ,role,level,power\n"
              " a ,  Ann  ,#N/A, n/a ,NULL\n"
              "b,\u3000Bob\u00a0,user,executive,nan\n"
              "c,Cid,  influencer ,,\n")
    result = both(tmp_path, {"p.csv": people})
    assert isinstance(result, ColumnarResult)
    assert [(s.id, s.name, s.role, s.level, s.power) for s in result.map.stakeholders] == [
        ("a", "Ann", "user", "operational", 3), ("b", "Bob", "user", "executive", 3),
        ("c", "Cid", "influencer", "operational", 3)]


def test_windows_line_ends_and_quoted_commas(tmp_path):
    people = ('id,name,title,interests\r\n'
              'a,"Lee, Ann","VP, Finance","ROI, risk"\r\n'
              'b,Bob,"He said ""no""",\r\n')
    result = both(tmp_path, {"p.csv": people})
    assert isinstance(result, ColumnarResult)
    assert [(s.name, s.title, s.interests) for s in result.map.stakeholders] == [
        ("Lee, Ann", "VP, Finance", ["ROI", "risk"]), ("Bob", 'He said "no"', [])]


def test_two_stakeholder_files_share_one_id_space(tmp_path):
    result = both(tmp_path, {"a.csv": "id,name,role\nx,Xu,user\ny,Yi,user\n",
                             "b.csv": "id,name,role,reports to\ny,Yan,user,x\nz,Zed,user,Yi\n"})
    assert isinstance(result, ColumnarResult)
    assert problems(result) == [("b.csv row 2", "id 'y' repeats the stakeholder of a.csv "
                                                "row 3; this row is skipped")]
    assert [(r.source, r.target) for r in result.map.relationships] == [("z", "y")]


def test_an_id_repeated_in_a_file_of_longer_ids(tmp_path):
    # Keys of one word in one file, of three in the other: the same text still matches.
    result = both(tmp_path, {"a.csv": "id,name\nx,xu\ny,yi\n",
                             "b.csv": "id,name,reports to\naccount-contact-0001,yan,y\n"
                                      "y,zed,account-contact-0001\n"})
    assert isinstance(result, ColumnarResult)
    assert problems(result) == [("b.csv row 3", "id 'y' repeats the stakeholder of a.csv "
                                                "row 3; this row is skipped")]
    assert [(r.source, r.target) for r in result.map.relationships] == [
        ("account-contact-0001", "y")]


@pytest.mark.parametrize("files", [
    {"p.csv": "name,title\nAnn,CEO\n", "team.csv": "name,title\nLi,AE\n"},  # a team table
    {"p.csv": "first name,last name,role\nNa,Li,user\n"},  # first and last names
    {"p.csv": "name,email\nAnn,ann@x.example\n"},  # e-mail
    {"p.csv": "name,notes\nAnn,\"two\nlines\"\n"},  # a line break in a cell
    {"p.csv": "name,role\n\nAnn,user\n"},  # a blank line
    {"p.csv": "name,role\nAnn,user\n , \n"},  # a blank row
    {"p.csv": "name;role\nAnn;user\n"},  # another delimiter
    {"p.csv": "name,role\n'=1+1,user\n"},  # a formula guard
    {"p.csv": "name,role\nAnn,user,extra\n"},  # a row wider than the header
    {"p.csv": "name,role\n王建国,决策者\n".encode("gb18030")},  # not UTF-8
])
def test_what_the_columnar_path_leaves_to_the_row_path(tmp_path, files):
    paths = write(tmp_path, files)
    result = import_table(paths, account=ACME)
    assert type(result) is not ColumnarResult
    assert result.map == import_table(paths, account=ACME, columnar=False).map


def test_without_pyarrow_every_file_goes_by_rows(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow.csv", None)  # import pyarrow.csv fails
    paths = write(tmp_path, {"p.csv": "id,name,role\na,Ann,user\n"})
    result = import_table(paths, account=ACME)
    assert type(result) is not ColumnarResult
    assert [(s.id, s.name, s.role) for s in result.map.stakeholders] == [("a", "Ann", "user")]


# --- generated tables --------------------------------------------------------------

_IDS = ["s0", "s1", "s2", "s3", "S1", " s2", "", "account-contact-0001", "account-contact-0002"]
_NAMES = ["Ann", "ann", "Bob", "王建国", "王 建国", "", "#N/A", "Li Na", "li-na"]
_ROLES = ["decision-maker", "决策者", "影响者", "user", "boss", "老板", "", "NULL"]
_LEVELS = ["executive", "中层", "基层", "galaxy", "", " 高层 "]
_STANCES = ["2", "-1", "+1", "支持", "9", "x", ""]
_POWERS = ["1", "5", "高", "0", "", "3.0"]
_REFS = ["s0", "s1", "Ann", "王建国", "nobody", "", "s3", "account-contact-0002"]
_KINDS = ["influences", "影响", "汇报", "同盟", "conflict", "frenemy", ""]
_STRENGTHS = ["0.5", "1", "70%", "strong", "0", "abc", ""]


def _csv(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=st.lists(st.tuples(*(st.sampled_from(v) for v in (
           _IDS, _NAMES, _ROLES, _LEVELS, _STANCES, _POWERS, _REFS))), min_size=1,
           max_size=12),
       links=st.lists(st.tuples(*(st.sampled_from(v) for v in (
           _REFS, _REFS, _KINDS, _STRENGTHS))), max_size=12))
def test_generated_tables_with_bad_rows_give_the_same_map_and_report(tmp_path, people,
                                                                    links):
    files = {"people.csv": _csv(["编号", "姓名", "角色", "层级", "态度", "权力", "上级"],
                                [list(p) for p in people])}
    if links:
        files["links.csv"] = _csv(["source", "target", "kind", "strength"],
                                  [list(link) for link in links])
    blank_row = any(not "".join(p).strip() for p in people) or \
        any(not "".join(link).strip() for link in links)
    result = both(tmp_path, files)
    assert blank_row or isinstance(result, ColumnarResult)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=st.lists(st.tuples(*(st.sampled_from(v) for v in (
           _ROLES, _LEVELS, _STANCES, _POWERS))), min_size=1, max_size=12),
       links=st.lists(st.tuples(st.integers(0, 14), st.integers(0, 14),
                                st.sampled_from(_KINDS), st.sampled_from(_STRENGTHS)),
                      max_size=20),
       by_name=st.booleans())
def test_generated_tables_with_unique_ids_give_the_same_map_and_report(tmp_path, people,
                                                                      links, by_name):
    # Every id given once and every name plain: the ids are checked by sorting their
    # keys; references to people past the end of the table dangle.
    rows = [[f"id-{k}", f"客户{k}", *p] for k, p in enumerate(people)]
    files = {"people.csv": _csv(["id", "name", "role", "level", "stance", "power"], rows)}
    if links:
        ref = (lambda k: f"客户{k}") if by_name else (lambda k: f"id-{k}")
        files["links.csv"] = _csv(["from", "to", "type", "weight"],
                                  [[ref(a), ref(b), kind, strength]
                                   for a, b, kind, strength in links])
    assert isinstance(both(tmp_path, files), ColumnarResult)


# --- kam import ---------------------------------------------------------------------

def test_kam_import_by_columns_writes_the_map_and_merges_again(tmp_path, capsys):
    sheet = tmp_path / "people.csv"
    sheet.write_text("编号,姓名,角色,上级\ns0,王建国,决策者,\ns1,张伟,影响者,s0\n",
                     encoding="utf-8")
    target = tmp_path / "bank.kam.json"
    assert main(["import", "table", str(sheet), "-o", str(target)]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {target}: bank (bank) — 2 stakeholders, "
                                              "1 relationships")
    by_rows = import_table([sheet], account=Account(id="bank", name="bank"), columnar=False)
    assert target.read_text(encoding="utf-8") == dumps_map(by_rows.map)
    assert main(["import", "table", str(sheet), "-o", str(target)]) == 0
    assert load_map(target).revision == 2
    assert load_map(target).stakeholders == by_rows.map.stakeholders


def test_kam_import_of_a_bad_file_exits_2_and_writes_nothing(tmp_path, capsys):
    target = tmp_path / "bank.kam.json"
    sheet = tmp_path / "people.csv"
    sheet.write_text("phone,fax\n1,2\n", encoding="utf-8")  # nobody is named
    assert main(["import", "table", str(sheet), "-o", str(target)]) == 2
    assert "no column names the people" in capsys.readouterr().err
    assert not target.exists()
    sheet.write_text(ENGLISH_BAD, encoding="utf-8")
    assert main(["import", "table", str(sheet), "-o", str(target), "--strict",
                 "--format", "json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert len(report["maps"][0]["problems"]) == 8
    assert report["maps"][0]["stakeholders"] == 4 and report["maps"][0]["output"] is None
    assert not target.exists()


def test_a_report_needs_no_map_objects(tmp_path):
    result = import_table(write(tmp_path, {"p.csv": ENGLISH_BAD}), account=ACME)
    report = result.to_dict()
    assert result._map is None  # the counts, the account and the problems came without it
    assert (report["account"], report["stakeholders"], len(report["problems"])) == (
        {"id": "acme", "name": "Acme"}, 4, 8)
