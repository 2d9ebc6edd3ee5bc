"""The row pipeline under every importer: CSV dialects, encodings, Excel, sizes."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from graphlib_kam.importers import parse_delimited, tables_from_file
from graphlib_kam.importers._rows import MAX_ROWS, detect_delimiter, is_blank
from hypothesis import given, settings
from hypothesis import strategies as st

from graphlib_kam.errors import InputError, NotFoundError


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("name,role\nA,user\n", ","),
        ("name;role\nA;user\n", ";"),
        ("name\trole\nA\tuser\n", "\t"),
        ("name|role\nA|user\n", "|"),
        (" 1 2 0\n 1 3 1\n", None),
    ],
)
def test_detect_delimiter(text, delimiter):
    assert detect_delimiter(text) == delimiter


def test_single_column_of_names_with_spaces_stays_one_column():
    table = parse_delimited("Name\nLi Na\nWang Jian Guo\n")
    assert table.headers == ["Name"]
    assert [r.values["Name"] for r in table.rows] == ["Li Na", "Wang Jian Guo"]


def test_whitespace_table_without_header_is_numbered_columns():
    table = parse_delimited("01 1 1\n02 1 2 \n")
    assert not table.has_header
    assert table.headers == ["1", "2", "3"]
    assert table.rows[1].values == {"1": "02", "2": "1", "3": "2"}


def test_quoted_cells_hold_delimiters_and_line_breaks_and_rows_keep_their_numbers():
    text = 'Name,Notes\n"Zhang, Wei","line one\nline two"\nLi,x\n'
    table = parse_delimited(text, name="p.csv")
    assert table.rows[0].values == {"Name": "Zhang, Wei", "Notes": "line one\nline two"}
    assert [r.where for r in table.rows] == ["p.csv row 2", "p.csv row 4"]


def test_export_blanks_become_none_and_blank_rows_are_dropped():
    table = parse_delimited("Name,Role\nA,#N/A\n,\nB,n/a\n")
    assert [r.values["Role"] for r in table.rows] == [None, None]
    assert is_blank("#NULL!") and not is_blank("NA Bank")


def test_formula_guard_apostrophes_are_removed_and_other_apostrophes_kept():
    table = parse_delimited("Name,Phone\n'=HYPERLINK(1),'+86 21\n'Bob',x\n")
    assert [r.values for r in table.rows] == [
        {"Name": "=HYPERLINK(1)", "Phone": "+86 21"}, {"Name": "'Bob'", "Phone": "x"}]


def test_repeated_headers_are_kept_apart():
    table = parse_delimited("Name,Name,name\nA,B,C\n")
    assert table.headers == ["Name", "Name (2)", "name (3)"]


def test_bom_is_stripped(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes("\ufeff姓名,角色\n王建国,决策者\n".encode())
    assert tables_from_file(path)[0].headers == ["姓名", "角色"]


def test_gbk_file_is_refused_with_the_encodings_to_try_and_read_when_named(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes("姓名,角色\n王建国,决策者\n".encode("gb18030"))
    with pytest.raises(InputError, match=r"line 1: byte 0x.. is not UTF-8.*gb18030"):
        tables_from_file(path)
    table = tables_from_file(path, encoding="gb18030")[0]
    assert table.rows[0].values == {"姓名": "王建国", "角色": "决策者"}


def test_unknown_encoding_is_one_clear_error(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("a\n1\n")
    with pytest.raises(InputError, match="not an encoding"):
        tables_from_file(path, encoding="klingon")


def test_missing_empty_and_folder_inputs(tmp_path):
    with pytest.raises(NotFoundError, match="no such file"):
        tables_from_file(tmp_path / "nope.csv")
    (tmp_path / "empty.csv").write_text("\n\n")
    with pytest.raises(InputError, match="no rows"):
        tables_from_file(tmp_path / "empty.csv")
    with pytest.raises(InputError, match="is a folder"):
        tables_from_file(tmp_path)


def test_too_many_rows_is_refused():
    text = "n\n" + "x\n" * (MAX_ROWS + 1)
    with pytest.raises(InputError, match="at most"):
        parse_delimited(text)


def test_old_excel_and_broken_workbooks_are_refused(tmp_path):
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputError, match=r"\.xls\) is not read"):
        tables_from_file(tmp_path / "old.xls")
    (tmp_path / "bad.xlsx").write_text("not a zip")
    with pytest.raises(InputError, match="not a readable Excel workbook"):
        tables_from_file(tmp_path / "bad.xlsx")


def test_workbook_gives_one_table_per_non_empty_sheet_with_native_values(tmp_path):
    book = openpyxl.Workbook()
    people = book.active
    people.title = "干系人"
    people.append(["姓名", "权力", "最近联系"])
    people.append(["王建国", 5.0, dt.datetime(2026, 11, 2)])
    people.append([None, None, None])
    people.append(["张伟", 3, "#N/A"])
    book.create_sheet("空")
    links = book.create_sheet("关系")
    links.append(["from", "to", "type"])
    links.append(["张伟", "王建国", "reports to"])
    path = tmp_path / "committee.xlsx"
    book.save(path)

    tables = tables_from_file(path)
    assert [t.name for t in tables] == ["committee.xlsx[干系人]", "committee.xlsx[关系]"]
    first = tables[0]
    assert first.rows[0].values == {"姓名": "王建国", "权力": 5,
                                    "最近联系": dt.date(2026, 11, 2)}
    assert first.rows[1].where == "committee.xlsx[干系人] row 4"
    assert first.rows[1].values["最近联系"] is None


@given(st.text(alphabet=st.sampled_from(list('ab,;\t|" \n\r王#N/A01.-')), max_size=80))
@settings(max_examples=300, deadline=None)
def test_any_text_parses_or_is_refused_clearly(text):
    try:
        table = parse_delimited(text, name="t.csv")
    except InputError as err:
        assert str(err).startswith("t.csv")
        return
    assert len(set(h.casefold() for h in table.headers)) == len(table.headers)
    assert all(set(row.values) == set(table.headers) for row in table.rows)
