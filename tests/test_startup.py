"""What ``kam`` loads to start: each command imports only the libraries it uses (issue #16).

Each case runs the command in a fresh interpreter and reads back ``sys.modules``; how
fast that is lives in ``benchmarks/bench_startup.py``, never in a timed assertion.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BANK = ROOT / "examples" / "cn-bank-core-banking.kam.json"

#: Libraries no command may load unless it uses them: the Neo4j driver, the explorer's
#: Streamlit, the PDF and workbook writers, pandas (which the driver used to pull in) and
#: pyarrow (which only an import of CSV tables loads).
HEAVY = ("neo4j", "streamlit", "reportlab", "openpyxl", "pandas", "pyarrow")
#: What the analysis needs; commands that analyse nothing must not load it either.
ANALYSIS = ("networkx", "scipy", "numpy")

RUNNER = """
import json, sys
from graphlib_kam.cli import main
try:
    code = main(sys.argv[2:])
except SystemExit as stop:
    code = stop.code
with open(sys.argv[1], "w") as out:
    json.dump({"code": code, "modules": sorted(sys.modules)}, out)
"""


def loaded(tmp_path: Path, *argv: str) -> tuple[int, set[str]]:
    """The exit code of ``kam ARGV`` and the top-level packages it imported."""
    report = tmp_path / "modules.json"
    subprocess.run([sys.executable, "-c", RUNNER, str(report), *argv], cwd=tmp_path,
                   capture_output=True, check=False, timeout=120)
    data = json.loads(report.read_text())
    return data["code"], {name.partition(".")[0] for name in data["modules"]}


@pytest.mark.parametrize("argv", [
    ["--help"],
    ["gaps", "--help"],
    ["validate", str(BANK)],
    ["show", str(BANK)],
    ["accounts", str(BANK.parent)],
])
def test_commands_that_analyse_nothing_load_no_library(tmp_path, argv):
    code, modules = loaded(tmp_path, *argv)
    assert code == 0
    assert sorted(modules & {*HEAVY, *ANALYSIS}) == []


@pytest.mark.parametrize("argv", [
    ["gaps", str(BANK)],
    ["plan", str(BANK), "--format", "json"],
    ["rank", str(BANK)],
    ["portfolio", str(BANK.parent)],
    ["export", str(BANK), "-o", "bank.graphml"],
    ["report", str(BANK), "-o", "bank.md"],
])
def test_analysis_commands_load_no_store_driver_app_or_writer(tmp_path, argv):
    code, modules = loaded(tmp_path, *argv)
    assert code == 0
    assert "networkx" in modules
    assert sorted(modules & set(HEAVY)) == []


def test_the_writer_a_report_needs_is_loaded_when_it_runs(tmp_path):
    code, modules = loaded(tmp_path, "report", str(BANK), "-o", "bank.xlsx")
    assert code == 0
    assert "openpyxl" in modules
    assert sorted(modules & {"neo4j", "streamlit", "reportlab", "pandas"}) == []
