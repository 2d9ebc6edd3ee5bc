"""Hostile inputs (issue #15): no input hangs, no save loses data, every failure is one line."""

from __future__ import annotations

import errno
import io
import json
import os
import re
import subprocess
import sys
import textwrap
import zipfile

import networkx as nx
import openpyxl
import pytest

from graphlib_kam.algorithms import influence_rank
from graphlib_kam.cli import main

from .conftest import EXAMPLES

BANK = EXAMPLES / "cn-bank-core-banking.kam.json"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _run_with_timeout(code: str, seconds: float, tmp_path) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter; fail the test if it takes longer than ``seconds``."""
    try:
        return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=tmp_path,
                              capture_output=True, text=True, timeout=seconds, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"took longer than {seconds} s")


def _declared_huge_workbook(path, *, last_row: int = 1048576) -> None:
    """A tiny .xlsx whose <dimension> declares A1:XFD<last_row>, one cell in the last row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Name", "Title"])
    sheet.append(["Li Wei", "CIO"])
    sheet.cell(row=last_row, column=1, value="Wang Fang")
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w",
                                                           zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename.startswith("xl/worksheets/sheet"):
                text = data.decode("utf-8")
                start = text.index("<dimension ref=\"")
                end = text.index("\"", start + len("<dimension ref=\""))
                text = f"{text[:start]}<dimension ref=\"A1:XFD{last_row}{text[end:]}"
                data = text.encode("utf-8")
            target.writestr(entry, data)


def test_xlsx_declaring_every_row_and_column_imports_in_seconds(tmp_path):
    workbook = tmp_path / "huge.xlsx"
    _declared_huge_workbook(workbook)
    assert workbook.stat().st_size < 10_000
    done = _run_with_timeout(f"""
        from graphlib_kam.importers import import_table
        from graphlib_kam.model import Account
        result = import_table([{str(workbook)!r}], account=Account(id="a", name="A"))
        print(sorted(s.name for s in result.map.stakeholders))
        """, 30, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "'Li Wei', 'Wang Fang'" in done.stdout
def _tiny_strength_map(tmp_path):
    data = json.loads(BANK.read_text("utf-8"))
    for relation in data["relationships"]:
        relation["strength"] = 1e-320
    path = tmp_path / "tiny.kam.json"
    path.write_text(json.dumps(data), "utf-8")
    return path


def test_influence_rank_with_a_subnormal_strength_converges():
    G = nx.DiGraph()
    G.add_node("ceo", role="decision-maker", power=5)
    G.add_node("cto", role="influencer", power=3)
    G.add_node("dev", role="user", power=1)
    G.add_edge("cto", "ceo", strength=1e-320)
    G.add_edge("dev", "cto", strength=1e-320)
    tiny = influence_rank(G)
    G["cto"]["ceo"]["strength"] = G["dev"]["cto"]["strength"] = 0.5
    assert tiny == pytest.approx(influence_rank(G), abs=1e-9)


def test_influence_rank_of_a_normal_graph_is_networkx_pagerank():
    G = nx.DiGraph()
    G.add_node("ceo", role="decision-maker", power=5)
    G.add_node("cto", role="influencer", power=3)
    G.add_node("dev", role="user", power=1)
    G.add_edge("cto", "ceo", strength=0.8)
    G.add_edge("dev", "cto", strength=0.3)
    G.add_edge("dev", "ceo", strength=1e-300)
    R = nx.DiGraph()
    R.add_weighted_edges_from([("ceo", "cto", 0.8), ("cto", "dev", 0.3),
                               ("ceo", "dev", 1e-300)])
    assert influence_rank(G) == nx.pagerank(R, alpha=0.85, personalization={"ceo": 5.0})


@pytest.mark.parametrize("command", [["rank"], ["gaps"], ["plan"], ["diff", str(BANK)],
                                     ["whatif", "--remove", "s-vp-tech"],
                                     ["report", "-o", "report.md"]])
def test_a_subnormal_strength_does_not_crash_the_analysis(capsys, tmp_path, command):
    path = _tiny_strength_map(tmp_path)
    argv = [command[0], str(path), *[str(tmp_path / a) if a.endswith(".md") else a
                                     for a in command[1:]]]
    if command[0] == "diff":
        argv = ["diff", str(BANK), str(path)]
    code, out, err = run(capsys, *argv)
    assert code in (0, 1), err
    assert "Traceback" not in err


def test_portfolio_survives_a_map_with_a_subnormal_strength(capsys, tmp_path):
    _tiny_strength_map(tmp_path)
    (tmp_path / "bank.kam.json").write_bytes(BANK.read_bytes())
    code, out, err = run(capsys, "portfolio", tmp_path, "--format", "json")
    assert code == 0, err
    assert [row["error"] for row in json.loads(out)["accounts"]] == [None, None]


def test_portfolio_reports_an_account_whose_analysis_fails_and_goes_on(tmp_path, monkeypatch):
    from graphlib_kam.workflows import portfolio

    analyse = portfolio.account_row

    def failing(amap, **options):
        if amap.account.id == "broken":
            raise FloatingPointError("no convergence")
        return analyse(amap, **options)

    data = json.loads(BANK.read_text("utf-8"))
    data["account"]["id"] = "broken"
    (tmp_path / "broken.kam.json").write_text(json.dumps(data), "utf-8")
    (tmp_path / "bank.kam.json").write_bytes(BANK.read_bytes())
    monkeypatch.setattr(portfolio, "account_row", failing)
    rows = portfolio.portfolio_rows(tmp_path, workers=1)
    assert [row["id"] for row in rows] == ["broken", "cn-bank"]
    assert "broken.kam.json" in rows[0]["error"] and "no convergence" in rows[0]["error"]


_HUBSPOT_HEADER = "Record ID,First Name,Last Name,Job Title,Company Name\n"


@pytest.mark.parametrize("companies", [["Acme Corp", "ACME CORP", "Acme, Corp."]])
def test_import_into_a_folder_refuses_companies_that_share_one_account_id(
        capsys, tmp_path, companies):
    export = tmp_path / "contacts.csv"
    export.write_text(_HUBSPOT_HEADER + "".join(
        f"{k},P{k},Q{k},CIO,\"{company}\"\n" for k, company in enumerate(companies)), "utf-8")
    folder = tmp_path / "maps"
    folder.mkdir()
    code, out, err = run(capsys, "import", "hubspot", export, "-o", f"{folder}/")
    assert code == 2, (out, err)
    assert "acme-corp" in err and "ACME CORP" in err and "Acme, Corp." in err
    assert list(folder.iterdir()) == []


def test_import_targets_give_ids_sharing_a_file_name_distinct_files(tmp_path):
    from graphlib_kam.importers import ImportResult
    from graphlib_kam.model import parse_map
    from graphlib_kam.workflows.importing import import_targets

    results = [ImportResult(parse_map({"account": {"id": i}})) for i in
               ("opp/1", "opp 1", "OPP-1")]
    paths = import_targets(results, tmp_path, is_folder=True)
    assert len({p.name.casefold() for p in paths}) == 3


def test_importing_two_ids_sharing_a_file_name_keeps_both(tmp_path, monkeypatch):
    from graphlib_kam.importers import ImportResult
    from graphlib_kam.model import parse_map
    from graphlib_kam.store import FileStore
    from graphlib_kam.workflows import importing

    def two_opportunities(*args, **options):
        return [ImportResult(parse_map({"account": {"id": i, "name": i}}))
                for i in ("opp/1", "opp 1")]

    monkeypatch.setattr(importing, "import_files", two_opportunities)
    importing.import_into("salesforce", [], f"{tmp_path}/")
    assert sorted(a.id for a in FileStore(tmp_path).list_accounts()) == ["opp 1", "opp/1"]
    importing.import_into("salesforce", [], f"{tmp_path}/")
    assert sorted(a.id for a in FileStore(tmp_path).list_accounts()) == ["opp 1", "opp/1"]


def test_export_refuses_to_replace_its_own_map(capsys, tmp_path):
    path = tmp_path / "MAP.kam.json"
    path.write_bytes(BANK.read_bytes())
    code, out, err = run(capsys, "export", path, "-o", path)
    assert code == 2, (out, err)
    assert str(path) in err and "kam/1" in err
    assert path.read_bytes() == BANK.read_bytes()


def test_export_refuses_to_replace_another_map_with_an_export(capsys, tmp_path):
    other = tmp_path / "other.kam.json"
    other.write_bytes(BANK.read_bytes())
    code, out, err = run(capsys, "export", BANK, "-o", other)
    assert code == 2, (out, err)
    assert other.read_bytes() == BANK.read_bytes()


def test_portfolio_output_refuses_to_replace_a_map_of_its_folder(capsys, tmp_path):
    path = tmp_path / "bank.kam.json"
    path.write_bytes(BANK.read_bytes())
    code, out, err = run(capsys, "portfolio", tmp_path, "--workers", "1", "--no-progress",
                         "-o", path)
    assert code == 2, (out, err)
    assert path.read_bytes() == BANK.read_bytes()


def test_import_refuses_to_replace_its_own_input(capsys, tmp_path):
    sheet = tmp_path / "people.csv"
    sheet.write_text("Name,Title\nLi Wei,CIO\n", "utf-8")
    before = sheet.read_bytes()
    code, out, err = run(capsys, "import", "table", sheet, "-o", sheet, "--replace")
    assert code == 2, (out, err)
    assert str(sheet) in err and "input" in err
    assert sheet.read_bytes() == before


def _folder_with(tmp_path, name: str, make) -> str:
    folder = tmp_path / "maps"
    folder.mkdir()
    (folder / "bank.kam.json").write_bytes(BANK.read_bytes())
    make(folder / name)
    return str(folder)


_STRANGE_FILES = {
    "fifo": os.mkfifo,
    "zero": lambda path: path.symlink_to("/dev/zero"),
    "huge": lambda path: os.truncate(path.open("wb").name, 1200 * 1024 * 1024),
}


@pytest.mark.parametrize("kind", sorted(_STRANGE_FILES))
@pytest.mark.parametrize("command", ["accounts", "portfolio"])
def test_folder_commands_pass_over_fifos_devices_and_huge_files(tmp_path, kind, command):
    folder = _folder_with(tmp_path, "x.kam.json", _STRANGE_FILES[kind])
    done = _run_with_timeout(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024,) * 2)
        from graphlib_kam.cli import main
        sys.exit(main([{command!r}, {folder!r}, "--format", "json"]
                      + (["--workers", "1", "--no-progress"] if {command!r} == "portfolio"
                         else [])))
        """, 60, tmp_path)
    assert "Traceback" not in done.stderr, done.stderr
    assert "cn-bank" in done.stdout


@pytest.mark.parametrize("kind", sorted(_STRANGE_FILES))
def test_load_map_refuses_fifos_devices_and_huge_files_at_once(tmp_path, kind):
    folder = _folder_with(tmp_path, "x.kam.json", _STRANGE_FILES[kind])
    done = _run_with_timeout(f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024,) * 2)
        from graphlib_kam.errors import KamError
        from graphlib_kam.store import load_map
        try:
            load_map({folder!r} + "/x.kam.json")
        except KamError as err:
            print("refused:", err)
        """, 30, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("refused:") and "x.kam.json" in done.stdout


def test_edge_list_with_one_huge_weight_keeps_every_tie(capsys, tmp_path):
    edges = tmp_path / "edges.txt"
    edges.write_text("1 2 1\n2 3 5000000\n", "utf-8")
    code, out, err = run(capsys, "import", "edgelist", f"{edges}=influences", "-o",
                         tmp_path / "out.kam.json", "--format", "json")
    assert code == 0, err
    strengths = [r["strength"] for r in json.loads(
        (tmp_path / "out.kam.json").read_text("utf-8"))["relationships"]]
    assert len(strengths) == 2 and all(0 < s <= 1 for s in strengths)


@pytest.mark.parametrize("weight", ["inf", "-inf", "1e999"])
def test_edge_list_with_a_weight_that_is_not_finite_names_the_row(capsys, tmp_path, weight):
    edges = tmp_path / "edges.txt"
    edges.write_text(f"1 2 1\n2 3 {weight}\n", "utf-8")
    code, out, err = run(capsys, "import", "edgelist", f"{edges}=influences", "-o",
                         tmp_path / "out.kam.json")
    assert "bug" not in out + err and "kam/1" not in out + err
    assert "edges.txt row 2" in out + err and "finite number" in out + err


def test_matrix_with_a_weight_that_is_not_finite_names_row_and_column(capsys, tmp_path):
    matrix = tmp_path / "m.txt"
    matrix.write_text("0 1\ninf 0\n", "utf-8")
    code, out, err = run(capsys, "import", "matrix", f"{matrix}=influences", "-o",
                         tmp_path / "out.kam.json")
    assert code == 2
    assert "row 2, column 1: 'inf' is not a number of 0 or more" in err


def _disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("command", [
    ["export", BANK, "-o", "{tmp}/out.graphml"],
    ["report", BANK, "-o", "{tmp}/out.md"],
    ["import", "table", EXAMPLES / "import" / "committee-zh.csv", "-o", "{tmp}/new.kam.json"],
    ["restore", "{tmp}/copy.kam.json@7"],
])
def test_a_full_disk_is_one_line_and_exit_3(capsys, tmp_path, monkeypatch, command):
    (tmp_path / "copy.kam.json").write_bytes(BANK.read_bytes())
    monkeypatch.setattr(os, "fsync", _disk_full)
    code, out, err = run(capsys, *[str(a).format(tmp=tmp_path) for a in command])
    assert code == 3, err
    assert err.count("\n") == 1 and "No space left on device" in err


@pytest.mark.parametrize("encoding", ["hex", "rot13", "zlib", "idna", "utf-16"])
def test_an_encoding_that_is_not_for_text_is_one_line(capsys, tmp_path, encoding):
    sheet = tmp_path / "odd.csv"
    sheet.write_bytes(b"Name\nLi Wei\xff")
    code, out, err = run(capsys, "import", "table", sheet, "-o", tmp_path / "o.kam.json",
                         "--encoding", encoding)
    assert code == 2 and err.startswith("kam: error: ") and err.count("\n") == 1, err


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000,
                                  '{"elements": [{"label": "a", "n": ' + "9" * 5000 + "}]}"])
def test_hostile_kumu_json_is_one_line(capsys, tmp_path, text):
    path = tmp_path / "kumu.json"
    path.write_text(text, "utf-8")
    code, out, err = run(capsys, "import", "kumu", path, "-o", tmp_path / "o.kam.json")
    assert code == 2 and "kumu.json" in err and err.count("\n") == 1, err


def test_nan_in_an_unknown_key_is_one_line_on_cypher_export(capsys, tmp_path):
    data = json.loads(BANK.read_text("utf-8"))
    data["stakeholders"][0]["weird"] = float("nan")
    path = tmp_path / "nan.kam.json"
    path.write_text(json.dumps(data), "utf-8")
    code, out, err = run(capsys, "export", path, "-o", tmp_path / "out.cypher")
    assert code == 2 and "'weird'" in err and "NaN" in err, err


def test_a_long_account_name_and_output_name_are_one_line(capsys, tmp_path):
    sheet = tmp_path / "people.csv"
    sheet.write_text("Name,Title\nLi Wei,CIO\n", "utf-8")
    folder = tmp_path / "maps"
    folder.mkdir()
    code, out, err = run(capsys, "import", "table", sheet, "-o", f"{folder}/",
                         "--account-id", "a" * 300)
    assert code == 0, err
    assert [len(p.name) < 255 for p in folder.glob("*.kam.json")] == [True]
    code, out, err = run(capsys, "export", BANK, "-o", tmp_path / ("b" * 300 + ".json"))
    assert code == 3 and "File name too long" in err and err.count("\n") == 1, err


_EVIL = "Li\x1b]0;owned\x07\x1b[2J\x9b31m Wei"


@pytest.mark.parametrize("command", [["show"], ["rank"], ["gaps"], ["plan"], ["validate"],
                                     ["brokers"], ["matrix"], ["log"]])
def test_terminal_escapes_in_names_are_not_printed(capsys, tmp_path, command):
    data = json.loads(BANK.read_text("utf-8"))
    data["account"]["name"] = _EVIL
    for person in data["stakeholders"]:
        person["name"] = _EVIL + person["id"]
        person["title"] = _EVIL
    path = tmp_path / "evil.kam.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    code, out, err = run(capsys, command[0], path, *command[1:])
    assert code in (0, 1), err
    for stream in (out, err):
        assert not any(c in stream for c in "\x1b\x07\x9b"), stream[:300]


def test_two_imports_creating_one_new_map_conflict(tmp_path, monkeypatch):
    from graphlib_kam.errors import ConflictError
    from graphlib_kam.store import load_map, save_map
    from graphlib_kam.workflows import importing

    sheet = tmp_path / "people.csv"
    sheet.write_text("Name,Title\nLi Wei,CIO\n", "utf-8")
    target = tmp_path / "new.kam.json"
    other = tmp_path / "other.csv"
    other.write_text("Name,Title\nWang Fang,CFO\n", "utf-8")
    first = importing.import_into("table", [str(other)], target)[0].result.map
    target.unlink()

    def the_other_import_saves_first(amap, path, **options):
        save_map(first, path)
        monkeypatch.setattr(importing, "save_map", save_map)
        return save_map(amap, path, **options)

    monkeypatch.setattr(importing, "save_map", the_other_import_saves_first)
    with pytest.raises(ConflictError, match="new.kam.json"):
        importing.import_into("table", [str(sheet)], target)
    assert [s.name for s in load_map(target).stakeholders] == ["Wang Fang"]


def test_an_exclusive_write_never_replaces(tmp_path):
    from graphlib_kam.files import write_text_atomically

    path = tmp_path / "a.txt"
    path.write_text("first", "utf-8")
    with pytest.raises(FileExistsError):
        write_text_atomically(path, "second", exclusive=True)
    assert path.read_text("utf-8") == "first" and [p.name for p in tmp_path.iterdir()] == [
        "a.txt"]


# --- item 10: what the messages promise is what is accepted -----------------------------


@pytest.mark.parametrize("schema", ["kam/１", "kam/ 1", "kam/+1"])
def test_a_schema_version_in_other_digits_is_refused(schema):
    from graphlib_kam.errors import MapFormatError
    from graphlib_kam.model import parse_map

    with pytest.raises(MapFormatError, match="not a known version"):
        parse_map({"schema": schema, "account": {"id": "a"}})


@pytest.mark.parametrize("date", ["20260101", "2026-1-01", "２０２６-01-01", "2026-01-011"])
def test_a_date_that_is_not_yyyy_mm_dd_is_a_problem(date):
    from graphlib_kam.errors import MapValidationError
    from graphlib_kam.model import parse_map

    with pytest.raises(MapValidationError, match="last_contact"):
        parse_map({"account": {"id": "a"}, "team": [{"id": "t"}],
                   "stakeholders": [{"id": "s"}],
                   "coverage": [{"member": "t", "stakeholder": "s", "strength": 0.5,
                                 "last_contact": date}]})


# --- issue #15, item 10 (d): a map over the store's limit is refused at import -----------


def _hubspot_with_a_huge_company(path) -> None:
    """A small company first, then one whose titles make a map of about 17 MB."""
    title = "x" * 100_000
    path.write_text(_HUBSPOT_HEADER + "1,Ann,Lee,CIO,Aaa Small\n" + "".join(
        f"{k},P{k},Q{k},{title}{k},Big Co\n" for k in range(2, 172)), "utf-8")


def test_import_refuses_a_map_over_the_store_limit_before_writing_any(capsys, tmp_path):
    from graphlib_kam.model.codec import MAX_MAP_BYTES
    from graphlib_kam.store.file import MAX_MAP_BYTES as STORE_LIMIT

    assert STORE_LIMIT is MAX_MAP_BYTES
    export = tmp_path / "contacts.csv"
    _hubspot_with_a_huge_company(export)
    folder = tmp_path / "maps"
    folder.mkdir()
    code, out, err = run(capsys, "import", "hubspot", export, "-o", f"{folder}/")
    assert code == 2 and err.count("\n") == 1, err
    assert "big-co.kam.json: the map is 1" in err
    assert f"maps up to {MAX_MAP_BYTES // 1048576} MB are accepted" in err
    assert list(folder.glob("*.kam.json")) == [] and list(folder.glob("*.history")) == []


def test_an_upload_over_the_store_limit_is_refused_with_the_store_message(tmp_path):
    from graphlib_kam.errors import MapFormatError
    from graphlib_kam.explorer.session import import_upload
    from graphlib_kam.store import FileStore, save_map

    export = tmp_path / "contacts.csv"
    _hubspot_with_a_huge_company(export)
    with pytest.raises(MapFormatError) as refused:
        import_upload([("contacts.csv", export.read_bytes())], "hubspot")
    from graphlib_kam.importers import import_files

    big = import_files("hubspot", [export])[-1].map
    with pytest.raises(MapFormatError) as by_store:
        save_map(big, tmp_path / "big.kam.json")
    assert not FileStore(tmp_path).list_accounts()
    said, store_said = str(refused.value), str(by_store.value)
    assert said.split(": ", 1)[1] == store_said.split(": ", 1)[1]


# --- item 10 (b): a lock file that is a symbolic link is refused, never followed ---------


@pytest.mark.parametrize("points_to", ["missing", "existing"])
def test_a_symlinked_lock_file_is_refused_and_its_target_untouched(capsys, tmp_path,
                                                                    points_to):
    sheet = tmp_path / "people.csv"
    sheet.write_text("Name,Title\nLi Wei,CIO\n", "utf-8")
    target = tmp_path / "elsewhere" / "victim"
    target.parent.mkdir()
    if points_to == "existing":
        target.write_bytes(b"keep")
    lock = tmp_path / ".new.kam.json.lock"
    lock.symlink_to(target)
    code, out, err = run(capsys, "import", "table", sheet, "-o", tmp_path / "new.kam.json")
    assert code == 2 and err.count("\n") == 1, err
    assert str(lock) in err and "symbolic link" in err
    assert not (tmp_path / "new.kam.json").exists()
    if points_to == "existing":
        assert target.read_bytes() == b"keep"
    else:
        assert not target.exists()
    assert lock.is_symlink()


# --- item 10 (e): temporary files of killed saves are removed, and only those ------------


def _leftover(path, *, age: float) -> None:
    import time

    path.write_text('{"schema": "kam/1", "account": {"id": "half', "utf-8")
    then = time.time() - age
    os.utime(path, (then, then))


def test_the_folder_store_removes_stale_temporary_files_of_its_own_only(tmp_path):
    from graphlib_kam.store import FileStore, load_map, save_map

    (tmp_path / "bank.kam.json").write_bytes(BANK.read_bytes())
    stale = tmp_path / ".bank.kam.json.0badf00d.tmp"
    fresh = tmp_path / ".bank.kam.json.1234abcd.tmp"  # a save under way: young
    theirs = [tmp_path / ".bank.kam.json.tmp", tmp_path / "notes.0badf00d.tmp",
              tmp_path / ".report.md.0badf00d.tmp", tmp_path / ".bank.kam.json.0BADF00D.tmp"]
    _leftover(stale, age=3600)
    _leftover(fresh, age=5)
    for path in theirs:
        _leftover(path, age=3600)
    link = tmp_path / ".other.kam.json.0badf00d.tmp"
    link.symlink_to(tmp_path / "bank.kam.json")
    os.utime(link, (0, 0), follow_symlinks=False)
    FileStore(tmp_path)
    assert not stale.exists()
    assert fresh.exists() and all(p.exists() for p in theirs) and link.is_symlink()

    history = tmp_path / "bank.history"
    history.mkdir(exist_ok=True)
    killed = [tmp_path / ".bank.kam.json.feedbeef.tmp", history / ".r000002.kam.json.0a0b0c0d.tmp"]
    for path in killed:
        _leftover(path, age=3600)
    save_map(load_map(tmp_path / "bank.kam.json"), tmp_path / "bank.kam.json")
    assert not any(p.exists() for p in killed)
    assert fresh.exists() and all(p.exists() for p in theirs)


# --- item 10 (f): a key twice in one object is refused, named -----------------------------


def _with_a_key_twice(data: dict, where: str, key: str) -> str:
    """``data`` as JSON text whose object at ``where`` holds ``key`` a second time."""
    data = json.loads(json.dumps(data))
    parent, index = {"top": (None, None), "account": (data, "account"),
                     "person": (data["stakeholders"], 0),
                     "coverage": (data["coverage"], 1)}[where]
    target = data if parent is None else parent[index]
    text = json.dumps(target, ensure_ascii=False)
    twice = text[:-1] + f", {json.dumps(key)}: {json.dumps(target[key])}}}"
    if parent is None:
        return twice
    parent[index] = "__TWICE__"
    return json.dumps(data, ensure_ascii=False).replace('"__TWICE__"', twice)


@pytest.mark.parametrize(("where", "key"), [("top", "stakeholders"), ("account", "name"),
                                            ("person", "role"), ("coverage", "strength")])
def test_a_duplicate_json_key_in_a_map_is_refused_naming_it(capsys, tmp_path, where, key):
    from graphlib_kam.errors import MapFormatError
    from graphlib_kam.store import load_map

    data = json.loads(BANK.read_text("utf-8"))
    bad = _with_a_key_twice(data, where, key)
    assert json.loads(bad) == data  # json alone would take it, keeping one value silently
    assert bad.count(f'"{key}": ') > json.dumps(data, ensure_ascii=False).count(f'"{key}": ')
    path = tmp_path / "dup.kam.json"
    path.write_text(bad, "utf-8")
    with pytest.raises(MapFormatError, match=f"the key '{key}' appears twice"):
        load_map(path)
    code, out, err = run(capsys, "validate", path)
    assert code == 2 and f"'{key}' appears twice" in err and str(path) in err, err
    assert err.count("\n") == 1


def test_the_same_key_in_different_objects_is_not_a_duplicate():
    from graphlib_kam.store import loads_map

    assert loads_map(BANK.read_bytes()).account.id == "cn-bank"


# --- item 10 (a): user text in the Markdown report never links by itself -----------------

_LINKS = ["http://evil.example/x?a=1", "HTTPS://EVIL.COM", "www.evil.com", "WWW.Evil.com/p",
          "someone@evil.example", "a.b+c_d-e@evil.co.uk", "mailto:li@evil.com",
          "xmpp:li@evil.com/home", "evil.com", "//evil.com", "王@evil.com", "(www.evil.com)"]

# GFM's extended autolinks (spec 0.29-gfm, "Autolinks (extension)"), written more widely
# than the spec (any position, not only after a space or *_~( ) so the test errs strict:
# www. and http(s):// links are found in the Markdown source; e-mail addresses (and the
# mailto:/xmpp: forms) in the text after backslash escapes and entities are undone and
# adjacent text merged, as cmark-gfm's postprocess does.
_GFM_WWW = re.compile(r"www\.[A-Za-z0-9_-]", re.IGNORECASE)
_GFM_URL = re.compile(r"https?://[A-Za-z0-9_-]", re.IGNORECASE)
_GFM_EMAIL = re.compile(r"[A-Za-z0-9.+_-]+@[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+")


def _text_after_escapes(markdown: str) -> str:
    import html

    return html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown))


def _report_with_links(tmp_path, capsys) -> str:
    data = json.loads(BANK.read_text("utf-8"))
    data["account"]["name"] = " ".join(_LINKS)
    for k, person in enumerate(data["stakeholders"]):
        person["name"] = f"{_LINKS[k % len(_LINKS)]} {person['id']}"
        person["title"] = _LINKS[(k + 1) % len(_LINKS)]
        person["interests"] = _LINKS[:3]
    path = tmp_path / "links.kam.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    code, out, err = run(capsys, "report", path, "-o", tmp_path / "report.md")
    assert code == 0, err
    return (tmp_path / "report.md").read_text("utf-8")


def test_markdown_report_user_text_matches_no_gfm_autolink_pattern(tmp_path, capsys):
    markdown = _report_with_links(tmp_path, capsys)
    assert _GFM_WWW.findall(markdown) == [] and _GFM_URL.findall(markdown) == []
    assert _GFM_EMAIL.findall(_text_after_escapes(markdown)) == []
    # the patterns do find the links in the same report written without the escaping
    plain = _text_after_escapes(markdown).replace("\u2060", "")
    assert len(_GFM_WWW.findall(plain)) >= 3 and len(_GFM_URL.findall(plain)) >= 2
    assert len(_GFM_EMAIL.findall(plain)) >= 4


def test_markdown_report_renders_no_link_and_reads_the_same(tmp_path, capsys):
    import html

    markdown_it = pytest.importorskip(
        "markdown_it", reason="markdown-it-py (a test extra) is not installed")
    pytest.importorskip("linkify_it", reason="linkify-it-py (a test extra) is not installed")
    markdown = _report_with_links(tmp_path, capsys)
    renderer = markdown_it.MarkdownIt("gfm-like")  # tables, strikethrough, linkify
    assert "<a " in renderer.render("see www.evil.com or li@evil.com")  # it does link
    rendered = renderer.render(markdown)
    assert "<a " not in rendered and "href" not in rendered
    shown = html.unescape(re.sub(r"<[^>]+>", "", rendered)).replace("\u2060", "")
    for link in _LINKS:
        assert link in shown, link


# --- item 10 (h): explorer uploads get the checks kam import makes ------------------------


def _hubspot_sharing_one_id() -> bytes:
    return (_HUBSPOT_HEADER + "".join(f"{k},P{k},Q{k},CIO,\"{company}\"\n" for k, company
                                      in enumerate(["Acme Corp", "ACME CORP"]))).encode()


def test_an_upload_of_companies_sharing_one_id_is_refused_before_the_preview():
    from graphlib_kam.errors import InputError
    from graphlib_kam.explorer.uploads import detect_upload, read_upload

    upload = detect_upload([("contacts.csv", _hubspot_sharing_one_id())])
    with pytest.raises(InputError, match="would overwrite each other") as refused:
        read_upload(upload, "hubspot")
    assert "'Acme Corp', 'ACME CORP' all have the id 'acme-corp'" in str(refused.value)
    assert "contacts.csv" in str(refused.value)


def test_saving_an_upload_of_companies_sharing_one_id_writes_nothing(tmp_path):
    from graphlib_kam.errors import InputError
    from graphlib_kam.explorer.uploads import detect_upload, save_to_portfolio

    upload = detect_upload([("contacts.csv", _hubspot_sharing_one_id())])
    with pytest.raises(InputError, match="all have the id 'acme-corp'"):
        save_to_portfolio(upload, "hubspot", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_an_upload_is_not_imported_over_the_map_it_is(tmp_path, monkeypatch):
    from graphlib_kam.errors import InputError
    from graphlib_kam.explorer.uploads import detect_upload, save_to_portfolio
    from graphlib_kam.importers import ImportResult
    from graphlib_kam.model import parse_map
    from graphlib_kam.workflows import importing

    def the_map_itself(*args, **options):  # an importer that reads the map as its export
        return [ImportResult(parse_map({"account": {"id": "cn-bank", "name": "Bank"}}))]

    path = tmp_path / "cn-bank.kam.json"
    path.write_bytes(BANK.read_bytes())
    monkeypatch.setattr(importing, "import_files", the_map_itself)
    upload = detect_upload([("cn-bank.kam.json", BANK.read_bytes())])
    with pytest.raises(InputError, match="is the upload cn-bank.kam.json"):
        save_to_portfolio(upload, "table", tmp_path)
    assert path.read_bytes() == BANK.read_bytes()
    # the same content under another file is imported (merged) as before
    upload = detect_upload([("copy.kam.json", BANK.read_bytes() + b"\n")])
    [done] = save_to_portfolio(upload, "table", tmp_path)
    assert done.merged and done.output == str(path)



# --- item 10 (c): a map of millions of problems lists the first 50 and counts the rest ---


def _empty_relationships(path, count: int) -> None:
    path.write_text('{"schema": "kam/1", "account": {"id": "a"}, "relationships": ['
                    + ",".join(["{}"] * count) + "]}", "utf-8")


def test_validation_keeps_the_first_problems_and_counts_the_others():
    from graphlib_kam.errors import MAX_PROBLEMS, MapValidationError
    from graphlib_kam.model import parse_map

    count = 400
    with pytest.raises(MapValidationError) as refused:
        parse_map({"account": {"id": "a"}, "relationships": [{}] * count})
    err = refused.value
    # each {} lacks its source and its target; each after the first repeats the first
    assert err.total == 2 * count + (count - 1)
    assert len(err.problems) == MAX_PROBLEMS and err.more == err.total - MAX_PROBLEMS
    assert [p.where for p in err.problems[:3]] == ["relationships[0].source",
                                                   "relationships[0].target",
                                                   "relationships[1].source"]
    assert f"{err.total} problems" in str(err)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_kam_validate_prints_fifty_problems_and_how_many_more(capsys, tmp_path, lang):
    from graphlib_kam.errors import MAX_PROBLEMS

    path = tmp_path / "empties.kam.json"
    _empty_relationships(path, 1000)
    total = 2 * 1000 + 999
    code, out, err = run(capsys, "validate", path, "--lang", lang)
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == MAX_PROBLEMS + 2
    more = total - MAX_PROBLEMS
    said = {"en": f"… and {more} more problems", "zh": f"……另有 {more} 个问题"}[lang]
    assert lines[-2] == f"{path}: {said}" and lines[-1] == f"{path}: {total} problems"
    code, out, err = run(capsys, "validate", path, "--format", "json")
    report = json.loads(out)
    assert len(report["errors"]) == MAX_PROBLEMS and report["more"] == more


def test_validating_a_3_mb_map_of_empty_records_stays_small(tmp_path):
    path = tmp_path / "empties.kam.json"
    count = (3 * 1024 * 1024) // 3
    _empty_relationships(path, count)
    done = _run_with_timeout(f"""
        import resource, sys
        from graphlib_kam.cli import main
        code = main(["validate", {str(path)!r}])
        print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
        """, 300, tmp_path)
    code, peak_mb = map(int, done.stdout.split())
    assert code == 2 and done.stderr.count("\n") == 52, done.stderr[-500:]
    assert f"{3 * count - 1 - 50} more problems" in done.stderr
    # It was 1,018 MB with every problem kept. The peak varies from run to run with the
    # allocator (359 MB alone, 640 MB once inside a full CI run), so the bound leaves room;
    # what it guards is that the problems are no longer all kept.
    assert peak_mb < 900, peak_mb


# --- item 10 (g): what the fuzzing found ---------------------------------------------------


@pytest.mark.parametrize("data", [b"\x00\x01\x00", b"\x01\x00\x01\x00\x01",
                                  "Name\nLi Wei\n".encode("utf-16-le")[:-1],
                                  b"\xff\xfe" + "Name\nLi Wei\n".encode("utf-16-le")[:-1]])
def test_utf16_text_cut_in_the_middle_of_a_character_is_no_traceback(capsys, tmp_path, data):
    sheet = tmp_path / "people.csv"
    sheet.write_bytes(data)
    code, out, err = run(capsys, "import", "table", sheet, "-o", tmp_path / "o.kam.json")
    assert code in (0, 2) and "Traceback" not in err and "people.csv" in out + err, err
    if data.endswith(b"W\x00e\x00i\x00\n"):
        assert code == 0 and "byte 0x0a" in err
