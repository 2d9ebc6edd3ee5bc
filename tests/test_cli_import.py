"""``kam import``: files written, problems reported, refusals with one clear line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from graphlib_kam.cli import main
from graphlib_kam.store import FileStore, load_map

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


def test_an_existing_map_is_kept_unless_forced_and_then_its_revision_continues(
        tmp_path, capsys):
    target = tmp_path / "m.kam.json"
    assert run(capsys, "import", "table", SHEET, "-o", target)[0] == 0
    before = target.read_bytes()
    code, out, err = run(capsys, "import", "table", SHEET, "-o", target)
    assert code == 2
    assert err.strip() == (f"kam: error: {target}: already exists; --force replaces it (the "
                           "revision number continues from the file's)")
    assert target.read_bytes() == before
    assert run(capsys, "import", "table", SHEET, "-o", target, "--force")[0] == 0
    assert load_map(target).revision == 2


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
                          "coverage", "problems", "notes", "revision"}
    assert entry["account"] == {"id": "m", "name": "m"}
    assert entry["problems"][0]["where"] == "p.csv row 2 (Role)"


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
    assert code == 2 and "--select is for the salesforce format" in err
    code, _, err = run(capsys, "import", "excelsior", SHEET, "-o", tmp_path / "m.json")
    assert code == 2 and "unknown import format 'excelsior'; expected one of table" in err


def test_many_accounts_need_a_folder(real_data, tmp_path, capsys):
    exports = sorted((real_data / "salesforce-prodly-demo").glob("*.csv"))
    if not exports:
        pytest.skip("Salesforce demo export is absent")
    code, _, err = run(capsys, "import", "salesforce", *exports, "-o", tmp_path / "one.json")
    assert code == 2
    assert "the input holds 24 accounts; give a folder as -o" in err
    folder = tmp_path / "portfolio"
    code, out, _ = run(capsys, "import", "salesforce", *exports, "-o", f"{folder}/")
    assert code == 0
    assert len(FileStore(folder).list_accounts()) == 24 == out.count("wrote ")


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: None, "no such file"),
        (lambda d: (d / "in.csv").write_bytes("姓名\n王建国\n".encode("gb18030")),
         "is not UTF-8; save the file as UTF-8"),
        (lambda d: (d / "in.csv").write_text("Title\nCEO\n"), "no column names the people"),
    ],
)
def test_bad_inputs_exit_2_with_one_line_and_no_traceback(tmp_path, setup, message):
    setup(tmp_path)
    proc = subprocess.run([str(KAM), "import", "table", str(tmp_path / "in.csv"), "-o",
                           str(tmp_path / "m.json")], capture_output=True, text=True)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "m.json").exists()
