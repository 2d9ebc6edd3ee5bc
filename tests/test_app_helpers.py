"""The explorer's library side (no streamlit): sources, upload checks, editable tables,
opening/saving documents, imports, the portfolio, display rows and the catalogue."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from graphlib_kam.errors import ConflictError, InputError, MapFormatError, NotFoundError
from graphlib_kam.explorer.edit import map_from_tables, map_tables, marked_left
from graphlib_kam.explorer.session import (
    Document,
    analyse,
    export_formats,
    export_maker,
    find_paths,
    import_upload,
    list_portfolio,
    open_account,
    open_source,
    report_formats,
    report_maker,
    save_document,
    what_if,
)
from graphlib_kam.explorer.sources import (
    MAX_UPLOAD_BYTES,
    ExplorerSource,
    bundled_examples,
    check_upload,
    examples_working_copy,
    history_revisions,
    resolve_source,
)
from graphlib_kam.explorer.text import md
from graphlib_kam.settings import Settings
from graphlib_kam.store import FileStore, dumps_map, load_map
from graphlib_kam.text import has, t
from graphlib_kam.text.catalogue import templates

from .conftest import AS_OF, EXAMPLES, ROOT

SETTINGS = Settings(as_of=dt.date.fromisoformat(AS_OF))
BANK = EXAMPLES / "cn-bank-core-banking.kam.json"


@pytest.fixture
def maps(tmp_path):
    """A copy of the examples folder that tests may write to."""
    folder = tmp_path / "maps"
    folder.mkdir()
    for path in EXAMPLES.glob("*.kam.json"):
        shutil.copy(path, folder)
    return folder


# --- sources ------------------------------------------------------------------------------


def test_source_defaults_to_a_working_copy_of_the_examples_with_the_bank_open():
    source = resolve_source([], {})
    assert source == ExplorerSource("folder", str(examples_working_copy()),
                                    account="cn-bank", temporary=True)
    assert bundled_examples() == EXAMPLES
    copy = Path(source.location)
    assert copy != EXAMPLES
    for path in EXAMPLES.glob("*.kam.json"):
        assert (copy / path.name).read_bytes() == path.read_bytes()
    assert (copy / "cn-bank-core-banking.history" / "r000006.kam.json").is_file()


def test_arguments_win_over_the_environment(tmp_path):
    environ = {"KAM_EXPLORER_FOLDER": str(tmp_path)}
    assert resolve_source(["--map", str(BANK)], environ) == ExplorerSource("map", str(BANK))
    assert resolve_source([], environ).kind == "folder"
    assert resolve_source([], {"KAM_EXPLORER_MAP": str(BANK)}).kind == "map"
    assert resolve_source(["--map", str(EXAMPLES)], {}).kind == "folder"


def test_unknown_arguments_are_ignored_and_bad_paths_are_named(tmp_path):
    assert resolve_source(["tests/test_app.py", "-q", "--folder", str(tmp_path)], {}).location \
        == str(tmp_path)
    with pytest.raises(NotFoundError, match="nope.kam.json: no such map file"):
        resolve_source(["--map", str(tmp_path / "nope.kam.json")], {})
    with pytest.raises(InputError, match="not both"):
        resolve_source(["--map", str(BANK), "--folder", str(tmp_path)], {})


def test_store_neo4j_reads_its_connection_but_no_password():
    source = resolve_source(["--store", "neo4j"], {"KAM_NEO4J_URI": "bolt://db:7687",
                                                   "KAM_NEO4J_USER": "kam",
                                                   "KAM_NEO4J_PASSWORD": "secret"})
    assert source == ExplorerSource("neo4j", "bolt://db:7687", user="kam")
    assert "secret" not in repr(source)


def test_history_revisions_are_the_maps_own_newest_first(tmp_path):
    shutil.copy(BANK, tmp_path)
    shutil.copytree(EXAMPLES / "cn-bank-core-banking.history",
                    tmp_path / "cn-bank-core-banking.history")
    found = history_revisions(tmp_path / BANK.name)
    assert [(r.revision, r.saved_by, r.current) for r in found] == [
        (7, "陈明", True), (6, "李娜", False)]
    assert history_revisions(tmp_path / "nope.kam.json") == []


# --- uploads ------------------------------------------------------------------------------


def workbook_bytes() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["name", "role"])
    book.active.append(["Ann", "decision-maker"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("data", "kind"), [
    (b'{"schema": "kam/1"}', "json"),
    ("\ufeff姓名,职位\n王建国,行长\n".encode(), "text"),
    ("姓名,职位\n王建国,行长\n".encode("gb18030"), "text"),
    ("name\tcount\nA\t1\n".encode("utf-16"), "text"),
    (b"{not json", "text"),
])
def test_uploads_are_told_by_content(data, kind):
    assert check_upload("whatever.bin", data) == kind


def test_a_workbook_is_a_workbook_whatever_its_name():
    assert check_upload("people.csv", workbook_bytes()) == "xlsx"


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.sh", "rm -rf /")
    with pytest.raises(InputError, match="not an Excel workbook"):
        check_upload("people.xlsx", buffer.getvalue())


@pytest.mark.parametrize("data", [b"\x7fELF\x02\x01\x01\x00", b"GIF89a\x01\x00\x01\x00\x00",
                                  b"abc\x1b[31mdef"])
def test_binary_uploads_are_refused(data):
    with pytest.raises(InputError, match="binary file"):
        check_upload("x.csv", data)


def test_uploads_over_20_mb_and_empty_uploads_are_refused():
    with pytest.raises(InputError, match="uploads up to 20 MB"):
        check_upload("big.csv", b"a" * (MAX_UPLOAD_BYTES + 1))
    assert check_upload("edge.csv", b"a" * MAX_UPLOAD_BYTES) == "text"
    with pytest.raises(InputError, match="empty"):
        check_upload("empty.csv", b"  \n")


def test_import_upload_reads_kam_maps_spreadsheets_and_workbooks():
    [kam] = import_upload([("bank.kam.json", BANK.read_bytes())])
    assert kam.map.account.id == "cn-bank" and kam.problems == []
    [table] = import_upload([("委员会.csv", "姓名,角色\n王建国,决策者\n张伟,影响者\n".encode())])
    assert [s.name for s in table.map.stakeholders] == ["王建国", "张伟"]
    [book] = import_upload([("book.xlsx", workbook_bytes())])
    assert book.map.stakeholders[0].role == "decision-maker"


def test_import_messages_name_the_upload_not_the_server_folder():
    [result] = import_upload([("c.csv", b"name,power\nAnn,9\n")], "table")
    assert result.problems[0].where.startswith("c.csv row 2")
    fake = io.BytesIO()
    with zipfile.ZipFile(fake, "w") as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("xl/workbook.xml", "garbage")
    with pytest.raises(InputError) as err:
        import_upload([("book.xlsx", fake.getvalue())])
    assert str(err.value).startswith("book.xlsx: ") and "kam-upload" not in str(err.value)


def test_import_upload_reports_bad_rows_and_refuses_bad_maps():
    [result] = import_upload([("c.csv", b"name,power\nAnn,9\nBob,2\n")], "table")
    assert len(result.map.stakeholders) == 2 and result.problems
    with pytest.raises(MapFormatError, match="newer"):
        import_upload([("m.json", b'{"schema": "kam/9", "account": {"id": "a"}}')])
    with pytest.raises(InputError, match="binary"):
        import_upload([("m.json", b"\x00\x01\x02")])
    with pytest.raises(InputError, match="no file"):
        import_upload([])


# --- editable tables ----------------------------------------------------------------------


def test_tables_round_trip_the_map_exactly_with_unknown_keys():
    amap = load_map(BANK)
    amap.stakeholders[0].extra["crm_id"] = "0031x"
    amap.relationships[0].extra["note"] = "kept"
    rebuilt, problems = map_from_tables(amap, map_tables(amap))
    assert problems == []
    assert dumps_map(rebuilt) == dumps_map(amap)


def test_table_cells_from_a_widget_are_cleaned():
    amap = load_map(BANK)
    tables = map_tables(amap)
    person = tables["stakeholders"][0]
    person.update(tags="economic-buyer，sponsor; board", stance=float("nan"), power=4.0,
                  notes="  ")
    tables["coverage"][0]["last_contact"] = dt.date(2026, 11, 1)
    tables["relationships"].append({"source": None, "target": float("nan"), "kind": None,
                                    "strength": None})
    edited, problems = map_from_tables(amap, tables)
    assert problems == []
    first = edited.stakeholders[0]
    assert first.tags == ["economic-buyer", "sponsor", "board"]
    assert (first.stance, first.power, first.notes) == (0, 4, "")
    assert edited.coverage[0].last_contact == dt.date(2026, 11, 1)
    assert len(edited.relationships) == len(amap.relationships)


def test_table_problems_name_the_row_and_field():
    amap = load_map(BANK)
    tables = map_tables(amap)
    tables["coverage"].append({"member": "t-nobody", "stakeholder": "s-president",
                               "strength": 2, "last_contact": "yesterday"})
    edited, problems = map_from_tables(amap, tables)
    row = len(tables["coverage"]) - 1
    assert edited is None
    assert {p.where for p in problems} == {f"coverage[{row}].strength",
                                           f"coverage[{row}].last_contact",
                                           f"coverage[{row}].member"}


def test_marked_left_lists_only_people_who_were_active():
    old = load_map(BANK)
    new = old.copy()
    new.stakeholder("s-vp-tech").status = "left"
    assert marked_left(old, new) == ["s-vp-tech"]
    assert marked_left(new, new) == []


# --- documents ----------------------------------------------------------------------------


def test_open_account_in_a_folder_and_fall_back_from_the_default(maps):
    source = ExplorerSource("folder", str(maps), account="cn-bank")
    store = open_source(source)
    doc = open_account(source, store, "cn-bank")
    assert (doc.account, doc.origin, doc.location) == ("cn-bank", "file",
                                                       str(maps / BANK.name))
    (maps / BANK.name).unlink()
    assert open_account(source, store, "cn-bank").account == "hoffmann-antriebe"
    with pytest.raises(NotFoundError, match="no account with the id 'acme'"):
        open_account(source, store, "acme")


def test_save_document_checks_the_revision(maps):
    source = ExplorerSource("folder", str(maps))
    store = FileStore(maps)
    doc = open_account(source, store, "cn-bank")
    edited = load_map(maps / BANK.name)
    edited.stakeholder("s-president").title = "行长（新）"
    saved = save_document(doc, edited, store)
    assert load_map(saved.location).revision == 8
    with pytest.raises(ConflictError, match="revision 8"):
        save_document(doc, edited, store)  # the old document is at revision 7
    assert load_map(saved.location).stakeholder("s-president").title == "行长（新）"


def test_an_upload_is_saved_into_the_folder_or_refused_without_one(maps):
    text = dumps_map(load_map(EXAMPLES / "us-hospital-clinical.kam.json"))
    single = Document.from_upload(text, ExplorerSource("map", str(BANK)))
    assert not single.writable
    with pytest.raises(InputError, match="nowhere to be saved"):
        save_document(single, load_map(BANK), None)
    source = ExplorerSource("folder", str(maps))
    store = FileStore(maps)
    fresh = load_map(EXAMPLES / "us-hospital-clinical.kam.json")
    fresh.account.id = "us-hospital-2"
    saved = save_document(Document.from_upload(dumps_map(fresh), source), fresh, store)
    assert saved.origin == "file" and load_map(saved.location).account.id == "us-hospital-2"


# --- analyses as display rows -----------------------------------------------------------


def test_the_card_of_the_president():
    from graphlib_kam.explorer import rows

    amap = load_map(BANK)
    card = rows.stakeholder_card(amap, analyse(amap, SETTINGS), "s-president", "zh")
    assert card["rank_text"] == "1 / 19" and card["coverage"] == []
    assert card["path"] == ["t-zhaogang", "s-vp-tech", "s-president"]
    assert card["route"] == "赵刚 → 孙建平 → 刘振华（强度 0.45）"
    assert card["stance_text"] == "+0" and "态度 +0，中立" in card["facts"]


def test_find_paths_respects_avoid_opposers():
    amap = load_map(EXAMPLES / "manufacturer-erp.kam.json")
    plain = find_paths(amap, "s-erp-admin", "s-owner", k=3, settings=SETTINGS)
    avoiding = find_paths(amap, "s-erp-admin", "s-owner", k=3, avoid_opposers=True,
                          settings=SETTINGS)
    assert plain["paths"] and plain["paths"][0]["nodes"][1] == "s-it-head"
    assert all("s-it-head" not in p["nodes"][1:-1] for p in avoiding["paths"])


def test_what_if_highlights_a_route_to_someone_still_there():
    amap = load_map(BANK)
    result = what_if(amap, ["s-vp-tech"], SETTINGS, "zh")
    assert result["highlight"] == ["t-zhaogang", "s-vp-tech", "s-president"]
    assert any("刘振华" in r["message"] for r in result["broken_routes"])


def test_portfolio_is_worst_first_and_lists_unreadable_maps(maps):
    portfolio = list_portfolio(FileStore(maps), SETTINGS, "zh")
    order = [(-row["high_gaps"], row["score"]) for row in portfolio["rows"]]
    assert order == sorted(order) and len(order) == 3 and portfolio["problems"] == []
    english = list_portfolio(FileStore(maps), SETTINGS, "en")
    assert [r["id"] for r in english["rows"]] == [r["id"] for r in portfolio["rows"]]
    assert english["rows"][0]["top_gap"]["message"] != portfolio["rows"][0]["top_gap"]["message"]
    bad = maps / "zz2.kam.json"
    bad.write_text('{"schema": "kam/1", "account": {"id": "zz"}, "stakeholders": '
                   '[{"id": "a", "power": 9}]}', encoding="utf-8")
    portfolio = list_portfolio(FileStore(maps), SETTINGS, "en")
    assert [p["where"] for p in portfolio["problems"]] == [str(bad)]
    assert len(portfolio["rows"]) == 3


@pytest.mark.parametrize("fmt", [".md", ".xlsx", ".html"])
def test_report_downloads_render_on_demand(fmt):
    assert fmt in report_formats()
    content = report_maker(load_map(BANK), fmt, SETTINGS, "zh")()
    assert len(content) > 1000


def test_export_downloads_render_on_demand():
    formats = export_formats()
    assert ".graphml" in formats and ".stakeholders.csv" in formats and ".csv" not in formats
    graphml = export_maker(load_map(BANK), ".graphml")()
    assert graphml.startswith(b"<?xml") and "刘振华".encode() in graphml


# --- text -------------------------------------------------------------------------------


def test_every_text_key_the_app_uses_is_in_the_catalogue():
    source = (ROOT / "graphlib_kam" / "explorer" / "app.py").read_text(encoding="utf-8")
    source += (ROOT / "graphlib_kam" / "explorer" / "rows.py").read_text(encoding="utf-8")
    used = set(re.findall(r'\bt\(\s*"([\w.\-]+)"', source))
    assert len(used) > 80
    for key in used:
        assert has(key), key
        if key.startswith("explorer."):
            texts = templates()[key]
            assert texts["en"] != texts["zh"] or key == "explorer.col.number", key


def test_explorer_severities_come_from_the_shared_catalogue():
    assert t("severity.high", "zh") == "高"


@pytest.mark.parametrize("text", ["<img src=x onerror=alert(1)>", "**bold** _x_ [a](b)",
                                  "$x$ `c` # h", "a|b~c"])
def test_md_escapes_every_markdown_and_html_character(text):
    escaped = md(text)
    assert re.sub(r"\\(.)", r"\1", escaped) == text
    assert not re.search(r"(?<!\\)[<>*_\[\]`$#|~]", escaped)


def test_the_library_never_imports_streamlit():
    code = ("import sys, graphlib_kam.explorer.session, graphlib_kam.explorer.rows, "
            "graphlib_kam.explorer.sources, graphlib_kam.explorer.edit, graphlib_kam.present.viz, "
            "graphlib_kam.cli.explore; print('streamlit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
