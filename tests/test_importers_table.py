"""The spreadsheet importer: the sheets account teams keep, in English and Chinese."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphlib_kam.errors import InputError
from graphlib_kam.importers import (
    ROLE_UNKNOWN_TAG,
    Table,
    classify_table,
    import_files,
    import_table,
    parse_delimited,
    read_tables,
)
from graphlib_kam.importers._fields import split_list
from graphlib_kam.model import Account, validate_map
from graphlib_kam.store import load_map, save_map
from graphlib_kam.text import label

from .conftest import EXAMPLES, example_paths

ACME = Account(id="acme", name="Acme")


def read(text: str, name: str = "people.csv", **options):
    return read_tables([parse_delimited(text, name=name)], account=ACME, **options)


def by_name(result):
    return {s.name: s for s in result.map.stakeholders}


def test_bundled_chinese_sheet_reads_every_column():
    result = import_table([EXAMPLES / "import" / "committee-zh.csv"], account=ACME)
    assert result.problems == []
    people = by_name(result)
    assert people["周国平"].role == "decision-maker"
    assert people["周国平"].level == "executive"
    assert people["周国平"].power == 5
    assert people["何晓东"].stance == 1  # 支持
    assert people["吴磊"].stance == -1  # 怀疑
    assert people["马骏"].role == "opposer" and people["马骏"].stance == -1
    assert people["钱敏"].tags == ["champion", "technical-buyer"]  # split on 、
    assert people["钱敏"].interests == ["架构先进性", "交付风险"]
    ids = {s.name: s.id for s in result.map.stakeholders}
    rels = {(r.source, r.kind, r.target) for r in result.map.relationships}
    assert (ids["郑浩"], "reports-to", ids["钱敏"]) in rels
    assert (ids["钱敏"], "influences", ids["吴磊"]) in rels
    cover = {(c.member, c.stakeholder): c for c in result.map.coverage}
    team = {t.name: t.id for t in result.map.team}
    assert sorted(team) == ["李娜", "赵刚", "陈明"]
    link = cover[(team["李娜"]), ids["钱敏"]]
    assert link.strength == 0.7 and link.last_contact == dt.date(2026, 11, 18)  # 强, 年月日
    assert cover[(team["陈明"], ids["郑浩"])].strength == 0.8  # 80%
    assert validate_map(result.map) == []


def test_english_sheet_with_first_and_last_names_and_word_values():
    result = read(
        "First Name,Last Name,Job Title,Buying Role,Attitude,Authority,Owner,Closeness\n"
        "Ana,Silva,Chief Information Officer,Economic Buyer,champion,high,Li Na,strong\n"
        "Bob,Stone,IT Manager,Technical Buyer,skeptic,low,,\n"
    )
    people = by_name(result)
    assert people["Ana Silva"].role == "decision-maker"
    assert people["Ana Silva"].level == "executive"  # from the title
    assert (people["Ana Silva"].stance, people["Ana Silva"].power) == (2, 4)
    assert people["Bob Stone"].role == "influencer"
    assert people["Bob Stone"].level == "management"
    assert [(c.member, c.stakeholder, c.strength) for c in result.map.coverage] == [
        ("t-li-na", "s-ana-silva", 0.7)]
    assert any("level read from the job title" in n.message for n in result.notes)


def test_chinese_family_and_given_names_join_without_space():
    result = read("姓,名,角色\n王,建国,决策者\n")
    assert result.map.stakeholders[0].name == "王建国"


def test_unknown_values_are_problems_with_row_and_column_and_defaults_apply():
    result = read("Name,Role,Level,Stance,Power,Status\n"
                  "Ann,Sponsor,Galactic,7,9,retired\n")
    person = result.map.stakeholders[0]
    assert (person.role, person.level, person.stance, person.power, person.status) == (
        "user", "operational", 0, 3, "active")
    assert ROLE_UNKNOWN_TAG in person.tags
    wheres = [p.where for p in result.problems]
    assert wheres == [f"people.csv row 2 ({c})" for c in
                      ("Role", "Level", "Stance", "Power", "Status")]
    assert "unknown role 'Sponsor'; expected one of decision-maker (决策者)" in \
        result.problems[0].message


def test_blank_role_is_not_guessed():
    result = read("Name,Role\nAnn,\nBob,user\n")
    people = by_name(result)
    assert ROLE_UNKNOWN_TAG in people["Ann"].tags
    assert ROLE_UNKNOWN_TAG not in people["Bob"].tags
    assert result.problems == []
    assert any("no known role" in n.message and n.where == "people.csv row 2"
               for n in result.notes)


def test_references_by_name_or_id_and_what_happens_when_they_fail():
    result = read(
        "Id,Name,Reports to,Influences\n"
        "a,Li,,\n"
        "b,Li,,\n"
        "c,Wu,a,Li; Nobody\n"
        "d,Ma,Wu,d\n"
    )
    rels = {(r.source, r.kind, r.target) for r in result.map.relationships}
    assert rels == {("c", "reports-to", "a"), ("d", "reports-to", "c")}
    messages = [str(p) for p in result.problems]
    assert any("'Li' names 2 stakeholders (a, b); use the id instead" in m for m in messages)
    assert any("no stakeholder has the id or name 'Nobody'" in m for m in messages)
    assert any("links 'd' to itself" in m for m in messages)


def test_repeated_ids_skip_the_later_row_and_repeated_names_get_fresh_ids():
    result = read("Id,Name\nx,Ann\nx,Bob\n")
    assert [s.name for s in result.map.stakeholders] == ["Ann"]
    assert "repeats the stakeholder of people.csv row 2" in result.problems[0].message
    result = read("Name\nLi Na\nLi Na\n")
    assert [s.id for s in result.map.stakeholders] == ["s-li-na", "s-li-na-2"]


def test_rows_without_name_or_id_are_skipped_and_tables_without_such_column_refused():
    result = read("Name,Title\n,CEO\nAnn,CFO\n")
    assert len(result.map.stakeholders) == 1
    assert result.problems[0].where == "people.csv row 2"
    with pytest.raises(InputError, match="no column names the people"):
        read("Title,Phone\nCEO,1\n")


def test_unused_columns_are_noted_not_imported():
    result = read("Name,Phone,Email\nAnn,123,a@example.com\n")
    assert "123" not in str(result.map.to_dict())
    assert any("columns not imported: 'Phone'" in n.message for n in result.notes)
    # The e-mail is the key activity imports match on (DESIGN, Memory): it is kept.
    assert result.map.stakeholders[0].email == "a@example.com"


def test_field_option_reads_another_column_and_translates_codes(tmp_path):
    result = import_files("table", [_write(tmp_path,
        "Person,Grade,Camp\nAnn,1,A\nBob,3,B\n")], account_id="acme",
        fields=["name=Person", "level=Grade:1=executive,3=operational",
                "role=Grade:1=decision-maker,3=user", "stance=Camp:A=+1,B=-2"])[0]
    people = by_name(result)
    assert (people["Ann"].level, people["Ann"].role, people["Ann"].stance) == (
        "executive", "decision-maker", 1)
    assert (people["Bob"].level, people["Bob"].role, people["Bob"].stance) == (
        "operational", "user", -2)


def test_field_option_errors_name_the_choices(tmp_path):
    sheet = _write(tmp_path, "Name\nA\n")
    with pytest.raises(InputError, match="FIELD one of id, name"):
        import_files("table", [sheet], fields=["colour=X"])
    with pytest.raises(InputError, match="no column 'Nope'"):
        import_files("table", [sheet], fields=["role=Nope"])
    with pytest.raises(InputError, match="is not CODE=TERM"):
        import_files("table", [sheet], fields=["role=Name:x"])


def _write(folder: Path, text: str, name: str = "sheet.csv") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _list_cells_survive(amap) -> bool:
    return all(split_list(item) == [item] for s in amap.stakeholders
               for item in s.tags + s.interests)


@pytest.mark.parametrize("path", example_paths(), ids=lambda p: p.name)
def test_example_maps_survive_a_workbook_round_trip(path, tmp_path):
    """A map written out as the four sheets a team would keep reads back the same."""
    original = load_map(path)
    assert _list_cells_survive(original), (
        "a tag or interest of a bundled example holds a list separator, which a cell "
        "cannot keep: the example must stay importable from a spreadsheet")
    zh = lambda term: label(term, "zh")  # noqa: E731 - sheets carry the Chinese terms
    book = openpyxl.Workbook()
    people = book.active
    people.title = "干系人"
    people.append(["编号", "姓名", "职位", "部门", "层级", "角色", "态度", "权力", "标签",
                   "状态", "关注点", "备注", "接任人"])
    for s in original.stakeholders:
        people.append([s.id, s.name, s.title, s.department, zh(s.level), zh(s.role),
                       s.stance, s.power, "、".join(s.tags), zh(s.status),
                       "；".join(s.interests), s.notes, s.successor])
    links = book.create_sheet("关系")
    links.append(["源", "目标", "关系类型", "强度"])
    for r in original.relationships:
        links.append([r.source, r.target, zh(r.kind), r.strength])
    team = book.create_sheet("团队")
    team.append(["编号", "姓名", "职位"])
    for t in original.team:
        team.append([t.id, t.name, t.title])
    cover = book.create_sheet("覆盖")
    cover.append(["我方人员", "干系人", "关系强度", "最近联系"])
    for c in original.coverage:
        cover.append([c.member, c.stakeholder, c.strength, c.last_contact])
    workbook = tmp_path / "map.xlsx"
    book.save(workbook)

    result = import_table([workbook], account=original.account)
    assert result.problems == []
    imported = result.map

    def people_of(amap):
        return [{k: v for k, v in asdict(s).items() if k != "extra"} for s in amap.stakeholders]

    assert people_of(imported) == people_of(original)
    assert [(t.id, t.name, t.title) for t in imported.team] == [
        (t.id, t.name, t.title) for t in original.team]
    assert sorted((r.source, r.target, r.kind, r.strength) for r in imported.relationships) \
        == sorted((r.source, r.target, r.kind, r.strength) for r in original.relationships)
    assert sorted((c.member, c.stakeholder, c.strength, c.last_contact)
                  for c in imported.coverage) == sorted(
        (c.member, c.stakeholder, c.strength, c.last_contact) for c in original.coverage)
    saved = save_map(imported, tmp_path / "out.kam.json")
    assert load_map(tmp_path / "out.kam.json").stakeholders == saved.stakeholders


def test_repeated_links_and_coverage_are_merged_keeping_the_strongest():
    people = parse_delimited("Id,Name\na,A\nb,B\n", name="p.csv")
    links = parse_delimited("from,to,type,weight\na,b,influences,0.3\na,b,,0.8\n"
                            "a,b,ally,\nb,a,ally,\n", name="links.csv")
    cover = parse_delimited("member,stakeholder,strength,last contact\n"
                            "Li,a,0.4,2026-01-01\nLi,a,0.6,2025-01-01\n", name="cover.csv")
    result = read_tables([people, links, cover], account=ACME)
    assert [(r.kind, r.strength) for r in result.map.relationships] == [
        ("influences", 0.8), ("allied", None)]
    (link,) = result.map.coverage
    assert (link.strength, link.last_contact) == (0.6, dt.date(2026, 1, 1))
    messages = [n.message for n in result.notes]
    assert any("repeated influences links merged" in m for m in messages)
    assert not any("repeated allied" in m for m in messages)  # b–a is the same pair


def test_a_relationship_of_unknown_kind_is_skipped():
    people = parse_delimited("Id\na\nb\n", name="p.csv")
    links = parse_delimited("source,target,kind\na,b,loves\n", name="links.csv")
    result = read_tables([people, links], account=ACME)
    assert result.map.relationships == []
    assert result.problems[0].where == "links.csv row 2 (kind)"


def test_only_relationships_is_refused():
    links = parse_delimited("source,target\na,b\n", name="links.csv")
    with pytest.raises(InputError, match="no table of stakeholders"):
        read_tables([links], account=ACME)


@given(st.lists(st.lists(st.text(max_size=12), min_size=6, max_size=6), max_size=12))
@settings(max_examples=150, deadline=None)
def test_any_cells_give_a_valid_map_or_a_clear_error(rows):
    """Whatever a sheet holds, the importer returns a valid map; it never crashes."""
    headers = ["姓名", "角色", "层级", "态度", "上级", "我方对接人"]
    table = Table("cells", headers)  # filled with arbitrary cells, blanks and all
    for number, row in enumerate(rows, start=2):
        table.add_row(number, row)
    if not rows:
        with pytest.raises(InputError, match="only a header row"):
            read_tables([table], account=ACME)
        return
    result = read_tables([table], account=ACME)
    assert validate_map(result.map) == []
    assert len({s.id for s in result.map.stakeholders}) == len(result.map.stakeholders)


@pytest.mark.parametrize("path", example_paths(), ids=lambda p: p.name)
def test_example_maps_survive_the_csv_export_and_back(path, tmp_path):
    """What ``kam export MAP -o NAME.csv`` writes, ``kam import table`` reads back."""
    from graphlib_kam.present.export import write_export

    original = load_map(path)
    assert _list_cells_survive(original), (
        "a tag or interest of a bundled example holds a list separator, which a cell "
        "cannot keep: the example must stay importable from a spreadsheet")
    paths = write_export(original, tmp_path / "map.csv")
    result = import_table(paths, account=original.account)
    assert result.problems == []
    people = [{k: v for k, v in asdict(s).items() if k != "extra"} for s in original.stakeholders]
    assert [{k: v for k, v in asdict(s).items() if k != "extra"}
            for s in result.map.stakeholders] == people
    assert sorted((r.source, r.target, r.kind, r.strength) for r in result.map.relationships) \
        == sorted((r.source, r.target, r.kind, r.strength) for r in original.relationships)
    assert [(c.member, c.stakeholder, c.strength, c.last_contact)
            for c in result.map.coverage] == [
        (c.member, c.stakeholder, c.strength, c.last_contact) for c in original.coverage]
    assert [(t.id, t.name, t.title) for t in result.map.team] == [
        (t.id, t.name, t.title) for t in original.team]


def test_formula_like_names_survive_the_csv_export(tmp_path):
    from graphlib_kam.model import parse_map
    from graphlib_kam.present.export import write_export

    original = parse_map({"account": {"id": "a"}, "stakeholders": [
        {"id": "s1", "name": "=1+1", "title": "-VP-", "notes": "@home"}]})
    result = import_table(write_export(original, tmp_path / "m.csv"), account=ACME)
    person = result.map.stakeholders[0]
    assert (person.name, person.title, person.notes) == ("=1+1", "-VP-", "@home")


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        ("people.csv", "联系人,角色,对接人\n王伟,决策者,李娜\n", "stakeholders"),
        ("team.csv", "姓名,角色\n李娜,客户经理\n", "team"),
        ("团队.csv", "id,name,title\nt1,Li,AE\n", "team"),
        ("links.csv", "from,to,type\na,b,ally\n", "relationships"),
        ("cover.csv", "member,contact,strength\nLi,a,0.5\n", "coverage"),
        ("team-committee.csv", "Name,Level,Role\nAnn,高层,决策者\n", "stakeholders"),
    ],
)
def test_tables_are_told_apart_by_their_columns(name, text, kind):
    assert classify_table(parse_delimited(text, name=name)) == kind


# --- row-level problems: file, row, column and a message; never a silent drop ---------

def test_every_kind_of_bad_row_is_listed_with_file_row_and_column():
    result = read(
        "Id,Name,Role,Power,Reports to\n"
        "a,王建国,决策者,5,\n"
        "b,Zhang Wei,chief,3,a\n"  # unknown role
        "c,Li Na,user,lots,a\n"  # bad number
        "d,Wu Bo,user,2,nobody\n"  # dangling reference
        "a,Ma Jun,user,2,\n"  # duplicate id
        "e,王 建国,user,2,\n"  # differs from 王建国 only in a space
        "f,ＺＨＡＮＧ  wei,user,2,\n"  # only in width, case and spaces
        ",,,,\n"  # blank: not a row at all
        ",,user,,\n",  # no name and no id
        name="committee.csv")
    got = {(p.file, p.row, p.column): p.message for p in result.problems}
    assert set(got) == {("committee.csv", 3, "Role"), ("committee.csv", 4, "Power"),
                        ("committee.csv", 5, "Reports to"), ("committee.csv", 6, None),
                        ("committee.csv", 7, None), ("committee.csv", 8, None),
                        ("committee.csv", 10, None)}
    assert got[("committee.csv", 3, "Role")].startswith("unknown role 'chief'")
    assert got[("committee.csv", 4, "Power")].startswith("power 'lots' is not a whole number")
    assert "'nobody' (a dangling reference); this link is skipped" in \
        got[("committee.csv", 5, "Reports to")]
    assert got[("committee.csv", 6, None)] == (
        "id 'a' repeats the stakeholder of committee.csv row 2; this row is skipped")
    assert got[("committee.csv", 7, None)].startswith(
        "name '王 建国' differs from '王建国' (committee.csv row 2) only in width, case or "
        "spaces; both are kept")
    assert "'ＺＨＡＮＧ  wei' differs from 'Zhang Wei' (committee.csv row 3)" in \
        got[("committee.csv", 8, None)]
    assert got[("committee.csv", 10, None)] == "no name and no id; this row is skipped"
    # The good rows and the defaulted ones are imported; the skipped ones are listed.
    assert [s.id for s in result.map.stakeholders] == ["a", "b", "c", "d", "e", "f"]
    assert validate_map(result.map) == []


def test_names_that_repeat_exactly_are_different_people_and_a_note():
    result = read("Id,Name\na,Li Wei\nb,Li Wei\n")
    assert result.problems == []
    assert any("names that repeat are kept as different people" in n.message
               for n in result.notes)


def test_an_empty_optional_table_is_a_note_and_an_empty_stakeholder_table_a_refusal():
    people = parse_delimited("Name\nLi\n", name="people.csv")
    links = parse_delimited("Source,Target,Kind\n", name="links.csv")
    result = read_tables([people, links], account=ACME)
    assert any(n.where == "links.csv" and "only a header row" in n.message
               for n in result.notes)
    with pytest.raises(InputError, match="people.csv: only a header row"):
        read_tables([parse_delimited("Name,Role\n", name="people.csv"), links], account=ACME)


def test_english_sample_tables_stakeholders_relationships_and_coverage():
    folder = EXAMPLES / "import"
    result = import_table([folder / "stakeholders-en.csv", folder / "relationships-en.csv",
                           folder / "coverage-en.csv"], account=ACME)
    assert result.problems == []
    amap = result.map
    people = amap.stakeholders_by_id()
    assert (people["c-okafor"].role, people["c-okafor"].level) == ("decision-maker",
                                                                   "executive")
    assert (people["c-brandt"].stance, people["c-yilmaz"].stance) == (2, -1)
    assert people["c-novak"].status == "left"
    assert people["c-okafor"].interests == ["throughput", "OEE", "capex payback"]
    links = {(r.source, r.kind, r.target): r.strength for r in amap.relationships}
    assert links[("c-brandt", "reports-to", "c-okafor")] is None  # "Grace Okafor": a name
    assert links[("c-yilmaz", "influences", "c-lindqvist")] == 0.7  # "strong"
    assert ("c-brandt", "conflict", "c-moreau") in links
    team = {t.name: t.id for t in amap.team}
    assert sorted(team) == ["Dana Ruiz", "Mia Chen", "Sam Patel"]
    cover = {(c.member, c.stakeholder): c.strength for c in amap.coverage}
    assert cover[(team["Mia Chen"], "c-moreau")] == 0.3  # "weak", by name
    assert cover[(team["Mia Chen"], "c-yilmaz")] == 0.4  # 40%


def test_sample_workbook_with_bilingual_headers_on_two_sheets():
    result = import_table([EXAMPLES / "import" / "committee.xlsx"], account=ACME)
    assert result.problems == []
    amap = result.map
    assert [(s.id, s.role) for s in amap.stakeholders] == [
        ("p-chen", "decision-maker"), ("p-zhou", "influencer"), ("p-gao", "opposer"),
        ("p-xu", "user")]
    assert amap.stakeholder("p-zhou").stance == 2
    kinds = sorted((r.source, r.kind, r.target) for r in amap.relationships)
    assert ("p-zhou", "conflict", "p-gao") in kinds
    assert ("p-zhou", "influences", "p-chen") in kinds
    assert len(amap.coverage) == 3


def test_given_fields_are_recorded_for_merging():
    result = read("Name,Title,Stance,Power\nLi,CIO,+1,\nWu,,bad,2\n")
    given = {result.map.stakeholders[k].name: fields for k, fields in
             enumerate(result.given[s.id] for s in result.map.stakeholders)}
    assert given == {"Li": {"name", "title", "stance"}, "Wu": {"name", "power"}}
    assert result.made_ids == {"s-li", "s-wu"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_header_the_issue_names_is_recognised(lang):
    """id/编号, name/姓名 … owner/负责人, last contact/最近联系; source/来源, target/目标,
    kind/关系, strength/强度 — case and spacing ignored."""
    people = {"en": ["ID", "NAME", "Title", "department", "Role", "LEVEL", "Stance", "Power",
                     "Status", "Reports  To", "Interests", "Owner", "Last Contact", "Strength"],
              "zh": ["编号", "姓名", "职位", "部门", "角色", "层级", "态度", "权力", "状态", "上级",
                     "关注点", "负责人", "最近联系", "强度"]}[lang]
    links = {"en": ["Source", "TARGET", "kind", "strength"],
             "zh": ["来源", "目标", "关系", "强度"]}[lang]
    sheet = parse_delimited(",".join(people) + "\n"
                            "a,Ann,CEO,Board,决策者,高层,+1,5,active,,\"ROI, risk\",Li Na,"
                            "2026-11-02,0.8\n"
                            "b,Bob,CIO,IT,influencer,management,0,4,left,a,,,,\n",
                            name="people.csv")
    table = parse_delimited(",".join(links) + "\nb,a,影响,0.6\n", name="links.csv")
    result = read_tables([sheet, table], account=ACME)
    assert result.problems == []
    assert not any("columns not imported" in n.message for n in result.notes)
    ann, bob = result.map.stakeholders
    assert (ann.id, ann.name, ann.title, ann.department, ann.role, ann.level, ann.stance,
            ann.power, ann.status, ann.interests) == (
        "a", "Ann", "CEO", "Board", "decision-maker", "executive", 1, 5, "active",
        ["ROI", "risk"])
    assert bob.status == "left"
    assert {(r.source, r.kind, r.target, r.strength) for r in result.map.relationships} == {
        ("b", "reports-to", "a", None), ("b", "influences", "a", 0.6)}
    (cover,) = result.map.coverage
    assert (cover.stakeholder, cover.strength, str(cover.last_contact)) == (
        "a", 0.8, "2026-11-02")


def test_a_real_attributes_table_imports_as_a_table(real_data):
    """Krackhardt's attribute CSV (ID, AGE, TENURE, LEVEL, DEPT), read as a sheet."""
    path = real_data / "krackhardt-high-tech" / "Krack-High-Tec-Attributes.csv"
    (result,) = import_files("table", [path], fields=[
        "department=DEPT", "level=LEVEL:1=executive,2=management,3=operational",
        "role=LEVEL:1=decision-maker,2=influencer,3=user"])
    amap = result.map
    assert len(amap.stakeholders) == 21 and result.problems == []
    assert amap.stakeholder("7").role == "decision-maker"
    assert sorted(s.id for s in amap.stakeholders if s.role == "influencer") == [
        "14", "18", "2", "21"]
    assert any("columns not imported: 'AGE', 'TENURE'" in n.message for n in result.notes)
