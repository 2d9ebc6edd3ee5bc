"""``kam import``: files written, problems reported, refusals with one clear line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from graphlib_kam.cli import main
from graphlib_kam.model import Relationship, Stakeholder
from graphlib_kam.store import FileStore, load_map, save_map

from .conftest import EXAMPLES

KAM = Path(sys.executable).with_name("kam")
SHEET = EXAMPLES / "import" / "committee-zh.csv"


def run(capsys, *argv):
    code = main(list(map(str, argv)))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_a_sheet_writes_a_valid_map_named_after_the_file(tmp_path, capsys):
    target = tmp_path / "life-insurer.kam.json"
    code, out, err = run(capsys, "import", "csv", SHEET, "-o", target,
                         "--account-name", "某寿险公司", "--industry", "insurance")
    assert code == 0, err
    assert out.startswith(f"wrote {target}: 某寿险公司 (life-insurer) — 8 stakeholders, "
                          "13 relationships, 3 team members, 4 coverage links")
    amap = load_map(target)
    assert (amap.account.id, amap.account.industry, amap.revision) == (
        "life-insurer", "insurance", 1)
    assert main(["validate", str(target)]) == 0


def test_importing_into_an_existing_map_merges_by_id_and_bumps_the_revision(
        tmp_path, capsys):
    target = tmp_path / "m.kam.json"
    assert run(capsys, "import", "table", SHEET, "-o", target)[0] == 0
    amap = load_map(target)
    zhou = next(s for s in amap.stakeholders if s.name == "周国平")
    # What the team did in the map since: a note, a stakeholder and a link of their own.
    zhou.notes, zhou.stance = "met on 11-20", 1
    amap.stakeholders.append(Stakeholder(id="s-new", name="New Person"))
    amap.relationships.append(Relationship("s-new", zhou.id, "influences", 0.9))
    amap = save_map(amap, target)
    sheet = tmp_path / "update.csv"
    sheet.write_text("姓名,职位,角色\n周国平,董事长,决策者\n新人,分析师,使用者\n",
                     encoding="utf-8")
    code, out, err = run(capsys, "import", "table", sheet, "-o", target)
    assert code == 0, err
    assert out.startswith(f"merged into {target} (revision 3): ")
    merged = load_map(target)
    assert merged.revision == 3
    person = merged.stakeholder(zhou.id)
    assert (person.title, person.notes, person.stance) == ("董事长", "met on 11-20", 1)
    assert {s.name for s in merged.stakeholders} >= {"New Person", "新人", "钱敏"}
    assert ("s-new", zhou.id) in {(r.source, r.target) for r in merged.relationships}
    assert len(merged.team) == 3 and len(merged.coverage) == 4
    assert "1 stakeholders updated (only the fields the input has), 1 added, 8 kept" in err
    assert run(capsys, "validate", target)[0] == 0
    code, out, _ = run(capsys, "import", "table", sheet, "-o", target, "--replace")
    assert code == 0 and out.startswith(f"wrote {target}")
    replaced = load_map(target)
    assert (replaced.revision, len(replaced.stakeholders)) == (4, 2)


def test_a_file_that_is_not_a_map_is_not_merged_into(tmp_path, capsys):
    target = tmp_path / "m.kam.json"
    target.write_text("{not json", encoding="utf-8")
    code, _, err = run(capsys, "import", "table", SHEET, "-o", target)
    assert code == 2
    assert f"{target}: exists but cannot be merged into" in err and "--replace" in err
    assert target.read_text() == "{not json"


def test_problems_are_reported_and_strict_writes_nothing(tmp_path, capsys):
    sheet = tmp_path / "p.csv"
    sheet.write_text("Name,Role,Stance\nAnn,Sponsor,9\nBob,user,0\n", encoding="utf-8")
    target = tmp_path / "m.kam.json"
    code, out, err = run(capsys, "import", "table", sheet, "-o", target, "--strict")
    assert code == 2 and not target.exists()
    assert "p.csv row 2 (Role): unknown role 'Sponsor'" in err
    assert "2 problem(s) and --strict: nothing was written" in err
    code, out, err = run(capsys, "import", "table", sheet, "-o", target)
    assert code == 0 and target.exists()
    assert "2 problems (skipped or defaulted):" in err


def test_json_report_is_a_stable_shape(tmp_path, capsys):
    sheet = tmp_path / "p.csv"
    sheet.write_text("Name,Role\nAnn,Sponsor\n", encoding="utf-8")
    code, out, _ = run(capsys, "import", "table", sheet, "-o", tmp_path / "m.json",
                       "--format", "json")
    assert code == 0
    (entry,) = json.loads(out)["maps"]
    assert set(entry) == {"output", "account", "stakeholders", "relationships", "team",
                          "coverage", "problems", "notes", "revision", "merged", "alerts"}
    assert entry["account"] == {"id": "m", "name": "m"}
    assert entry["alerts"] == []
    assert entry["merged"] is False
    assert entry["problems"][0] == {
        "where": "p.csv row 2 (Role)", "file": "p.csv", "row": 2, "column": "Role",
        "message": entry["problems"][0]["message"]}
    assert entry["problems"][0]["message"].startswith("unknown role 'Sponsor'")
    assert all(set(n) == {"where", "message"} for n in entry["notes"])
    code, out, _ = run(capsys, "import", "table", sheet, "-o", tmp_path / "m.json",
                       "--format", "json")
    (entry,) = json.loads(out)["maps"]
    assert entry["merged"] is True and entry["revision"] == 2
    assert all(set(n) == {"where", "message"} for n in entry["notes"])
    assert all(set(p) == {"where", "file", "row", "column", "message"}
               for p in entry["problems"])


def test_edgelist_with_attributes_from_the_command_line(tmp_path, capsys):
    (tmp_path / "advice.txt").write_text("1 2 1\n3 2 1\n2 1 0\n")
    (tmp_path / "people.csv").write_text("ID,LEVEL\n1,3\n2,1\n3,3\n")
    code, out, err = run(
        capsys, "import", "edgelist", f"{tmp_path / 'advice.txt'}=advice",
        "--attributes", tmp_path / "people.csv",
        "--field", "role=LEVEL:1=decision-maker,3=user", "-o", tmp_path / "firm.kam.json")
    assert code == 0, err
    amap = load_map(tmp_path / "firm.kam.json")
    assert sorted((r.source, r.target) for r in amap.relationships) == [("2", "1"), ("2", "3")]
    assert amap.stakeholder("2").role == "decision-maker"


def test_options_a_format_does_not_take_are_refused(tmp_path, capsys):
    code, _, err = run(capsys, "import", "table", SHEET, "-o", tmp_path / "m.json",
                       "--select", "x")
    assert code == 2 and "--select is for the salesforce and hubspot formats" in err
    code, _, err = run(capsys, "import", "table", SHEET, "-o", tmp_path / "m.json",
                       "--opportunity", "x")
    assert code == 2 and "--opportunity and --by are for the salesforce format" in err
    code, _, err = run(capsys, "import", "excelsior", SHEET, "-o", tmp_path / "m.json")
    assert code == 2 and "unknown import format 'excelsior'; expected one of table" in err


def test_many_maps_need_a_folder(real_data, tmp_path, capsys):
    exports = sorted((real_data / "salesforce-prodly-demo").glob("*.csv"))
    if not exports:
        pytest.skip("Salesforce demo export is absent")
    code, _, err = run(capsys, "import", "salesforce", *exports, "-o", tmp_path / "one.json")
    assert code == 2
    assert "the input holds 28 accounts; give a folder as -o" in err
    folder = tmp_path / "portfolio"
    code, out, _ = run(capsys, "import", "salesforce", *exports, "-o", f"{folder}/")
    assert code == 0
    assert len(FileStore(folder).list_accounts()) == 28 == out.count("wrote ")
    code, out, _ = run(capsys, "import", "salesforce", *exports, "--by", "account",
                       "-o", f"{tmp_path / 'accounts'}/")
    assert code == 0 and out.count("wrote ") == 24
    code, out, _ = run(capsys, "import", "salesforce", *exports, "--opportunity",
                       "Shufflester - SOW 1", "-o", tmp_path / "shuf.kam.json")
    assert code == 0
    assert out.startswith(f"wrote {tmp_path / 'shuf.kam.json'}: Shufflester - SOW 1 (shuf) — "
                          "5 stakeholders")
    # Importing again merges into the maps already in the folder.
    code, out, _ = run(capsys, "import", "salesforce", *exports, "-o", f"{folder}/")
    assert code == 0 and out.count("merged into ") == 28 and "(revision 2)" in out


def _western(folder: Path, name: str) -> None:
    (folder / name).write_bytes("".join(f"Müller {i};Köln\n" for i in range(30))
                                .encode("cp1252"))


def _sparse(folder: Path, name: str, size: int) -> None:
    with (folder / name).open("wb") as handle:
        handle.truncate(size)


@pytest.mark.parametrize(
    ("name", "setup", "message"),
    [
        ("in.csv", lambda d: None, "in.csv: no such file"),
        ("in.csv", lambda d: (d / "in.csv").write_text("Title\nCEO\n"),
         "no column names the people"),
        ("in.csv", lambda d: (d / "in.csv").write_text(""), "in.csv: no rows"),
        ("in.csv", lambda d: (d / "in.csv").write_text("Name,Role\n"),
         "in.csv: only a header row (Name, Role); expected one row per stakeholder"),
        ("in.csv", lambda d: _western(d, "in.csv"),
         "in.csv: line 1: byte 0xfc fits neither UTF-8 nor GB18030"),
        ("in.xlsx", lambda d: (d / "in.xlsx").write_text("Name\nLi\n"),
         "in.xlsx: is text (CSV?), not an Excel workbook"),
        ("in.csv", lambda d: _sparse(d, "in.csv", 60 << 20),
         "in.csv: the file is 60 MB; files up to 50 MB are imported"),
    ],
    ids=["missing", "no-name-column", "empty", "header-only", "undecodable",
         "xlsx-is-csv", "too-large"],
)
def test_bad_inputs_exit_2_with_one_line_and_no_traceback(tmp_path, name, setup, message):
    setup(tmp_path)
    proc = subprocess.run([str(KAM), "import", "table", str(tmp_path / name), "-o",
                           str(tmp_path / "m.json")], capture_output=True, text=True)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "m.json").exists()


SAMPLES = EXAMPLES / "import"


@pytest.mark.parametrize(
    ("argv", "counts"),
    [
        (["table", SAMPLES / "stakeholders-en.csv", SAMPLES / "relationships-en.csv",
          SAMPLES / "coverage-en.csv"], "7 stakeholders, 10 relationships, 3 team members, "
                                        "7 coverage links"),
        (["xlsx", SAMPLES / "committee.xlsx"], "4 stakeholders, 6 relationships"),
        (["orgchart", SAMPLES / "orgchart.csv"], "11 stakeholders, 10 relationships"),
        (["hubspot", SAMPLES / "hubspot-contacts.csv", "--select", "Northwind Health"],
         "5 stakeholders, 0 relationships, 2 team members, 3 coverage links"),
        (["salesforce", *sorted((SAMPLES / "salesforce").glob("*.csv")), "--opportunity",
          "Meridian - TMS replacement"], "6 stakeholders, 5 relationships, 2 team members, "
                                         "4 coverage links"),
        (["kumu", SAMPLES / "kumu-committee.json"], "4 stakeholders, 5 relationships"),
        (["kumu", SAMPLES / "kumu-committee.xlsx"], "4 stakeholders, 5 relationships"),
    ],
    ids=["table", "xlsx", "orgchart", "hubspot", "salesforce", "kumu-json", "kumu-xlsx"],
)
def test_each_format_imports_its_sample_into_a_valid_map(tmp_path, capsys, argv, counts):
    target = tmp_path / "sample.kam.json"
    code, out, err = run(capsys, "import", *argv, "-o", target)
    assert code == 0, err
    assert counts in out
    assert run(capsys, "validate", target)[0] == 0


def test_delimiter_and_encoding_can_be_forced(tmp_path, capsys):
    sheet = tmp_path / "p.txt"
    sheet.write_bytes("Name;Title;Notes, if any, free\nJosé Núñez;CFO, acting;x\nAnn;;\n"
                      .encode("cp1252"))
    target = tmp_path / "m.kam.json"
    code, _, err = run(capsys, "import", "table", sheet, "-o", target)
    assert code == 2 and "no column names the people" in err  # the comma was taken
    code, _, err = run(capsys, "import", "table", sheet, "-o", target, "--delimiter", ";")
    assert code == 0
    assert "p.txt row 2 (Name): bytes 0xe9, 0xfa, 0xf1 fit no text encoding tried" in err
    code, _, err = run(capsys, "import", "table", sheet, "-o", target, "--encoding", "cp1252",
                       "--delimiter", "semicolon", "--replace")
    assert code == 0, err
    assert [(s.name, s.title) for s in load_map(target).stakeholders] == [
        ("José Núñez", "CFO, acting"), ("Ann", "")]
    code, _, err = run(capsys, "import", "table", sheet, "-o", target, "--delimiter", "::")
    assert code == 2 and "--delimiter '::': expected one character" in err


def test_strict_refuses_a_row_with_a_byte_that_fits_no_encoding(tmp_path, capsys):
    sheet = tmp_path / "p.csv"
    sheet.write_bytes("姓名,角色\n王建国,决策者\n".encode() + b"Li\xffNa,user\n")
    target = tmp_path / "m.kam.json"
    code, _, err = run(capsys, "import", "table", sheet, "-o", target, "--strict")
    assert code == 2 and not target.exists()
    assert "p.csv row 3 (姓名): byte 0xff fits no text encoding tried" in err
    code, _, _ = run(capsys, "import", "table", sheet, "-o", target)
    assert code == 0 and len(load_map(target).stakeholders) == 2


def test_kam_export_to_a_kumu_workbook_and_back(tmp_path, capsys, example_path):
    workbook = tmp_path / "x.kumu.xlsx"
    assert run(capsys, "export", example_path, "-o", workbook)[0] == 0
    target = tmp_path / "back.kam.json"
    code, _, err = run(capsys, "import", "kumu", workbook, "-o", target)
    assert code == 0, err
    original, back = load_map(example_path), load_map(target)
    assert [s.id for s in back.stakeholders] == [s.id for s in original.stakeholders]
    assert sorted((r.source, r.kind, r.target) for r in back.relationships) == sorted(
        (r.source, r.kind, r.target) for r in original.relationships)


def test_a_zip_bomb_is_one_line_on_the_command_line(tmp_path):
    from .test_importers_rows import _zip_with

    bomb = tmp_path / "bomb.xlsx"
    _zip_with(bomb, "xl/worksheets/sheet9.xml", 20 << 20)
    proc = subprocess.run([str(KAM), "import", "table", str(bomb), "-o",
                           str(tmp_path / "m.json")], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.startswith("kam: error: ") and "possible zip bomb" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_the_importers_page_examples_run(tmp_path, capsys, monkeypatch):
    """Every ``kam import`` / ``kam export`` line of the first example in docs/importers.md."""
    import glob
    import shlex

    text = (EXAMPLES.parent / "docs" / "importers.md").read_text(encoding="utf-8")
    section = text.split("```sh")[1].split("```")[0]
    commands = [shlex.split(line, comments=True)
                for line in section.replace("\\\n", " ").splitlines()]
    commands = [c for c in commands if c and c[0] == "kam"]
    assert len(commands) == 10
    monkeypatch.chdir(EXAMPLES.parent)
    for argv in commands:
        argv = [a for arg in argv[1:] for a in (sorted(glob.glob(arg)) or [arg])]
        at = argv.index("-o")
        if argv[0] == "export":
            argv[1] = str(tmp_path / argv[1])
        argv[at + 1] = str(tmp_path / argv[at + 1]) + ("/" if argv[at + 1].endswith("/") else "")
        code, _, err = run(capsys, *argv)
        assert code == 0, (argv, err)
    assert (tmp_path / "hospital.kumu.xlsx").stat().st_size > 0
    assert len(FileStore(tmp_path / "portfolio").list_accounts()) == 3
