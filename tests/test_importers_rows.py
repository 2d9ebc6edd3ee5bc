"""The row pipeline under every importer: CSV dialects, encodings, Excel, sizes."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphlib_kam.errors import InputError, NotFoundError
from graphlib_kam.importers import parse_delimited, tables_from_file
from graphlib_kam.importers._rows import (
    MAX_IMPORT_BYTES,
    MAX_ROWS,
    decode_bytes,
    detect_delimiter,
    is_blank,
    parse_delimiter_option,
    require_rows,
)


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


def test_unknown_encoding_is_one_clear_error(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("a\n1\n")
    with pytest.raises(InputError, match="not an encoding"):
        tables_from_file(path, encoding="klingon")


def test_missing_empty_and_folder_inputs(tmp_path):
    with pytest.raises(NotFoundError, match="no such file"):
        tables_from_file(tmp_path / "nope.csv")
    for name, content in (("empty.csv", b""), ("blank.csv", b"\n\n  \n"),
                          ("bom.csv", b"\xef\xbb\xbf")):
        (tmp_path / name).write_bytes(content)
        with pytest.raises(InputError, match=f"{name}: no rows; expected a header row"):
            tables_from_file(tmp_path / name)
    with pytest.raises(InputError, match="is a folder"):
        tables_from_file(tmp_path)


def test_too_many_rows_is_refused():
    text = "n\n" + "x\n" * (MAX_ROWS + 1)
    with pytest.raises(InputError, match="more than 200,000 rows; at most 200,000"):
        parse_delimited(text)
    assert len(parse_delimited("n\n" + "x\n" * MAX_ROWS).rows) == MAX_ROWS


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


# --- encodings ------------------------------------------------------------------------

SHEET = "姓名,角色,备注\n王建国,决策者,行长\n张 伟,影响者,“关键”人物\n"


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (SHEET.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SHEET.encode("utf-8"), "utf-8-sig"),
        (SHEET.encode("gb18030"), "gb18030"),
        (SHEET.encode("gbk"), "gb18030"),  # GBK is a subset of GB18030
        (SHEET.encode("utf-16"), "utf-16"),  # with BOM, as Excel's "Unicode Text"
        (b"\xfe\xff" + SHEET.encode("utf-16-be"), "utf-16"),
        (SHEET.replace(",", "\t").encode("utf-16-le"), "utf-16-le"),  # no BOM
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "utf16-bom", "utf16-be-bom", "utf16-le-nobom"],
)
def test_encodings_are_detected(tmp_path, encoded, encoding):
    path = tmp_path / "p.csv"
    path.write_bytes(encoded)
    (table,) = tables_from_file(path)
    assert [row.values["姓名"] for row in table.rows] == ["王建国", "张 伟"]
    assert table.rows[1].values["备注"] == "“关键”人物"
    assert table.problems == []
    assert decode_bytes(encoded).encoding == encoding
    guessed = encoding in ("gb18030", "utf-16-le")
    assert bool(table.notes) == guessed  # the user is told when no BOM said it


def test_a_forced_encoding_is_used_and_unknown_ones_refused(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes("Name,City\nJosé,Málaga\n".encode("cp1252"))
    (table,) = tables_from_file(path, encoding="cp1252")
    assert table.rows[0].values == {"Name": "José", "City": "Málaga"}
    with pytest.raises(InputError, match="not an encoding Python knows"):
        tables_from_file(path, encoding="klingon")


def test_a_byte_that_fits_no_encoding_is_reported_with_its_row_and_column(tmp_path):
    raw = SHEET.encode("utf-8") + "李娜,使用者,ok\n".encode() + b"Ma\xffJun,user,x\n"
    path = tmp_path / "p.csv"
    path.write_bytes(raw)
    (table,) = tables_from_file(path)
    assert [r.values["姓名"] for r in table.rows][-1] == "Ma\ufffdJun"  # the row is kept
    (problem,) = table.problems
    assert (problem.file, problem.row, problem.column) == ("p.csv", 5, "姓名")
    assert "byte 0xff fits no text encoding tried" in problem.message


def test_mostly_undecodable_text_is_refused_naming_the_first_byte(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(b"Name\n" + "".join(
        f"Ã©tienne {i} Ñ\n" for i in range(40)).encode("cp1252").replace(b"\xc3", b"\x81"))
    with pytest.raises(InputError, match=r"p.csv: line 2: byte 0x81 fits neither UTF-8 nor "
                                         r"GB18030.*--encoding cp1252"):
        tables_from_file(path)


def test_western_text_is_not_mistaken_for_chinese(tmp_path):
    text = "Name,City\n" + "".join(f"Müller {i},Köln\n" for i in range(30))
    path = tmp_path / "p.csv"
    path.write_bytes(text.encode("cp1252"))
    with pytest.raises(InputError, match="fits neither UTF-8 nor GB18030"):
        tables_from_file(path)


def test_binary_files_are_refused(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(b"\x00\x01\x02\x03\x89PNG\x00\x00" * 10)
    with pytest.raises(InputError, match="a binary file, not text"):
        tables_from_file(path)


# --- delimiters -----------------------------------------------------------------------

@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_each_delimiter_is_detected_and_quotes_still_work(tmp_path, delimiter):
    text = delimiter.join(["Name", "Title", "Notes"]) + "\n" + delimiter.join(
        ["Li Na", "CIO", f'"one{delimiter} two"']) + "\n"
    path = tmp_path / "p.txt"
    path.write_text(text, encoding="utf-8")
    (table,) = tables_from_file(path)
    assert table.rows[0].values == {"Name": "Li Na", "Title": "CIO",
                                    "Notes": f"one{delimiter} two"}


def test_a_forced_delimiter_wins_over_detection():
    text = '"Name, full";Notes\nLi, Na;a, b\nWu, Bo;d, e\n'  # as many commas as semicolons
    assert detect_delimiter(text) == ","
    table = parse_delimited(text, delimiter=";")
    assert table.headers == ["Name, full", "Notes"]
    assert table.rows[0].values == {"Name, full": "Li, Na", "Notes": "a, b"}
    assert parse_delimiter_option("semicolon") == ";"
    assert parse_delimiter_option("tab") == "\t"
    with pytest.raises(InputError, match="expected one character"):
        parse_delimiter_option(";;")


def test_single_column_files_keep_commas_and_quotes_inside_cells():
    table = parse_delimited('Name\nZhang, Wei\n"Li, ""Nana"""\n王建国\n', name="one.csv")
    assert table.headers == ["Name"]
    assert [r.values["Name"] for r in table.rows] == ["Zhang, Wei", 'Li, "Nana"', "王建国"]


# --- empty, header-only, mislabelled, too large --------------------------------------

def test_a_header_only_file_reads_as_an_empty_table_that_importers_refuse(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("Name,Role,Stance\n", encoding="utf-8")
    (table,) = tables_from_file(path)
    assert (table.headers, table.rows) == (["Name", "Role", "Stance"], [])
    with pytest.raises(InputError, match=r"h.csv: only a header row \(Name, Role, Stance\); "
                                         r"expected people below it"):
        require_rows(table, "people")


def test_an_xlsx_that_is_really_a_csv_and_the_other_way_round(tmp_path):
    fake = tmp_path / "committee.xlsx"
    fake.write_text("Name,Role\nLi,user\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"committee.xlsx: is text \(CSV\?\), not an Excel "
                                         "workbook"):
        tables_from_file(fake)
    book = openpyxl.Workbook()
    book.active.append(["Name"])
    book.save(tmp_path / "real.xlsx")
    renamed = tmp_path / "real.csv"
    renamed.write_bytes((tmp_path / "real.xlsx").read_bytes())
    with pytest.raises(InputError, match="is an Excel workbook .* name it .xlsx"):
        tables_from_file(renamed)
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputError, match=r"\.xls\) is not read"):
        tables_from_file(tmp_path / "old.xls")
    (tmp_path / "locked.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    with pytest.raises(InputError, match="password-protected"):
        tables_from_file(tmp_path / "locked.xlsx")
    (tmp_path / "empty.xlsx").write_bytes(b"")
    with pytest.raises(InputError, match="empty.xlsx: is an empty file"):
        tables_from_file(tmp_path / "empty.xlsx")
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="not a readable Excel workbook"):
        tables_from_file(tmp_path / "bad.xlsx")


def test_a_file_over_50_mb_is_refused_before_it_is_read(tmp_path):
    assert MAX_IMPORT_BYTES == 50 * 1024 * 1024
    for name in ("big.csv", "big.xlsx"):
        path = tmp_path / name
        with path.open("wb") as handle:  # sparse: no 50 MB written to disk
            handle.truncate(MAX_IMPORT_BYTES + 1)
        with pytest.raises(InputError, match=f"{name}: the file is 50 MB; files up to 50 MB"):
            tables_from_file(path)


def test_a_workbook_over_the_row_limit_is_refused(tmp_path, monkeypatch):
    from graphlib_kam.importers import _rows

    monkeypatch.setattr(_rows, "MAX_ROWS", 300)  # the same check as at 200,000, faster
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("people")
    sheet.append(["Name"])
    for i in range(302):
        sheet.append([f"p{i}"])
    book.save(tmp_path / "many.xlsx")
    with pytest.raises(InputError, match=r"many.xlsx\[people\]: more than 300 rows"):
        tables_from_file(tmp_path / "many.xlsx")


def _zip_with(path, name: str, size: int) -> None:
    import zipfile

    book = openpyxl.Workbook()
    book.active.append(["Name"])
    book.active.append(["Li"])
    book.save(path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive, \
            archive.open(name, "w", force_zip64=True) as part:
        chunk = b"\0" * (1 << 20)
        for _ in range(size // len(chunk)):
            part.write(chunk)


def test_a_zip_bomb_is_refused_before_it_is_opened(tmp_path, monkeypatch):
    path = tmp_path / "bomb.xlsx"
    _zip_with(path, "xl/media/zeros.bin", 20 << 20)  # 20 MB of zeros in ~20 kB
    assert path.stat().st_size < 100_000
    with pytest.raises(InputError, match=r"part xl/media/zeros.bin is compressed .* to 1; at "
                                         r"most 100 to 1 is read \(refused as a possible zip"):
        tables_from_file(path)
    from graphlib_kam.importers import _workbook

    monkeypatch.setattr(_workbook, "MAX_COMPRESSION_RATIO", 10**6)
    monkeypatch.setattr(_workbook, "MAX_UNCOMPRESSED_BYTES", 10 << 20)
    with pytest.raises(InputError, match="would unpack to 20 MB; at most 10 MB"):
        tables_from_file(path)


def test_xml_entity_bombs_in_a_workbook_are_refused(tmp_path):
    """openpyxl parses with defusedxml: entity expansion (billion laughs) is refused."""
    import zipfile

    source = tmp_path / "ok.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Name"])
    book.active.append(["Li"])
    book.save(source)
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
              '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<si><t>&lol2;</t></si></sst>')
    path = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<c r="A2" t="inlineStr"><is><t>Li</t></is></c>',
                                    b'<c r="A2" t="s"><v>0</v></c>')
            new.writestr(item, data)
        new.writestr("xl/sharedStrings.xml", laughs)
    with pytest.raises(InputError, match="laughs.xlsx: not a readable Excel workbook"):
        tables_from_file(path)


def test_sheets_named_ignore_are_skipped_and_header_only_sheets_are_empty(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "People"
    book.active.append(["Name"])
    book.active.append(["Li"])
    book.create_sheet("Links").append(["From", "To"])
    book.create_sheet("Scratch (ignore)").append(["anything"])
    book.save(tmp_path / "b.xlsx")
    tables = tables_from_file(tmp_path / "b.xlsx")
    assert [(t.title, len(t.rows)) for t in tables] == [("People", 1), ("Links", 0)]
    assert tables[0].notes == ["sheet 'Scratch (ignore)' is marked (ignore) and is skipped"]


_CELLS = st.sampled_from(["Name", "姓名", "ID", "PersonID", "SupervisorID", "Buying Role",
                          "First Name", "Last Name", "Role", "上级", "王建国", "王 建国", "Li",
                          "li", "1", "2", "决策者", "CHAMPION;BLOCKER", "#N/A", "", " ", "'=1",
                          "a,b", '"q"', "0.5", "x\ny"])
_TEXT = st.lists(st.lists(_CELLS, min_size=1, max_size=5), min_size=1, max_size=8).map(
    lambda rows: "\n".join(",".join(row) for row in rows))


@given(text=_TEXT, encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
       fmt=st.sampled_from(["table", "orgchart", "hubspot"]))
@settings(max_examples=200, deadline=None)
def test_any_file_gives_valid_maps_or_one_clear_error(tmp_path_factory, text, encoding, fmt):
    """Whatever a CSV holds, in any encoding: valid maps, or a KamError — never a crash."""
    from graphlib_kam.errors import KamError
    from graphlib_kam.importers import import_files
    from graphlib_kam.model import validate_map

    path = tmp_path_factory.mktemp("any") / "in.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    try:
        results = import_files(fmt, [path], account_id="a")
    except KamError as err:
        assert str(err)
        return
    for result in results:
        assert validate_map(result.map) == []
        assert all(p.where and p.message for p in result.problems)
