"""``kam report`` and ``kam export`` as an analyst uses them."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from graphlib_kam.cli import main
from graphlib_kam.present.export import export_graph, flat_graph
from graphlib_kam.store import dumps_map, load_map
from tests.conftest import AS_OF, EXAMPLES
from tests.hostile_map import hostile_map

KAM = Path(sys.executable).with_name("kam")
CN_BANK = EXAMPLES / "cn-bank-core-banking.kam.json"
CN_BANK_R6 = EXAMPLES / "cn-bank-core-banking.history" / "r000006.kam.json"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(KAM), *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("suffix", [".html", ".pdf", ".md", ".xlsx"])
def test_kam_report_writes_each_format(tmp_path, suffix, capsys):
    out = tmp_path / f"review{suffix}"
    code = main(["report", str(CN_BANK), "-o", str(out), "--lang", "zh", "--as-of", AS_OF,
                 "--since", str(CN_BANK_R6)])
    assert code == 0
    assert capsys.readouterr().out.strip() == str(out)
    raw = out.read_bytes()
    if suffix == ".pdf":
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(raw)).pages)
        assert "华东某城市商业银行" in text and "变化" in text
    elif suffix == ".xlsx":
        assert load_workbook(io.BytesIO(raw)).sheetnames[-1] == "变化"
    else:
        assert "华东某城市商业银行" in raw.decode("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_reports_and_exports_are_readable_by_others_as_the_umask_allows(tmp_path, capsys):
    import os

    old = os.umask(0o022)
    try:
        assert main(["report", str(CN_BANK), "-o", str(tmp_path / "r.md"),
                     "--as-of", AS_OF]) == 0
        assert main(["export", str(CN_BANK), "-o", str(tmp_path / "m.csv")]) == 0
    finally:
        os.umask(old)
    modes = {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir()}
    assert len(modes) == 5 and set(modes.values()) == {0o644}, modes  # not 0600


def test_installed_kam_report_and_export(tmp_path):
    result = run("report", str(CN_BANK), "-o", str(tmp_path / "r.md"), "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    assert "## Gaps and actions" in (tmp_path / "r.md").read_text(encoding="utf-8")
    result = run("export", str(CN_BANK), "-o", str(tmp_path / "m.gexf"))
    assert result.returncode == 0, result.stderr
    read = nx.read_gexf(tmp_path / "m.gexf")
    assert read.number_of_nodes() == export_graph(load_map(CN_BANK)).number_of_nodes()


def test_unknown_report_suffix_exits_2_listing_formats_before_any_work(tmp_path):
    result = run("report", str(tmp_path / "no-such-map.json"), "-o", str(tmp_path / "r.docx"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert ".html, .pdf, .md, .xlsx" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_unknown_export_suffix_exits_2_listing_formats(tmp_path):
    result = run("export", str(CN_BANK), "-o", str(tmp_path / "m.dot"))
    assert result.returncode == 2
    assert ".graphml, .gexf, .json, .cypher, .csv" in result.stderr
    assert "Traceback" not in result.stderr and list(tmp_path.iterdir()) == []


def test_report_errors_are_one_line(tmp_path):
    missing = run("report", str(tmp_path / "nope.kam.json"), "-o", str(tmp_path / "r.pdf"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    other = run("report", str(CN_BANK), "-o", str(tmp_path / "r.pdf"),
                "--since", str(EXAMPLES / "manufacturer-erp.kam.json"))
    assert other.returncode == 2 and "same account" in other.stderr
    bad_date = run("report", str(CN_BANK), "-o", str(tmp_path / "r.pdf"), "--as-of", "soon")
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr
    no_dir = run("report", str(CN_BANK), "-o", str(tmp_path / "missing" / "r.pdf"))
    assert no_dir.returncode == 2 and "does not exist" in no_dir.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_failing_report_leaves_an_existing_file_untouched(tmp_path, monkeypatch):
    out = tmp_path / "r.pdf"
    out.write_bytes(b"previous report")
    monkeypatch.setenv("KAM_PDF_FONT", str(tmp_path / "no-font.ttc"))
    from graphlib_kam.present.report import pdf

    pdf.cjk_font.cache_clear()
    try:
        code = main(["report", str(CN_BANK), "-o", str(out), "--as-of", AS_OF])
    finally:
        monkeypatch.delenv("KAM_PDF_FONT")
        pdf.cjk_font.cache_clear()
    assert code == 2
    assert out.read_bytes() == b"previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]


def test_kam_export_csv_writes_the_four_tables(tmp_path, capsys):
    assert main(["export", str(CN_BANK), "-o", str(tmp_path / "bank.csv")]) == 0
    printed = capsys.readouterr().out.split()
    names = sorted(Path(p).name for p in printed)
    assert names == ["bank.coverage.csv", "bank.relationships.csv", "bank.stakeholders.csv",
                     "bank.team.csv"]
    text = (tmp_path / "bank.stakeholders.csv").read_bytes()
    assert text.startswith(b"\xef\xbb\xbf") and "刘振华".encode() in text


@pytest.mark.parametrize("suffix", [".graphml", ".gexf", ".json", ".cypher"])
def test_kam_export_of_a_hostile_map(tmp_path, suffix):
    source = tmp_path / "hostile.kam.json"
    source.write_text(dumps_map(hostile_map()), encoding="utf-8")
    out = tmp_path / f"out{suffix}"
    assert main(["export", str(source), "-o", str(out)]) == 0
    if suffix == ".graphml":
        read = nx.read_graphml(out, force_multigraph=True)
        assert dict(read.nodes(data=True)) == dict(
            flat_graph(export_graph(hostile_map())).nodes(data=True))
    elif suffix == ".json":
        data = json.loads(out.read_text(encoding="utf-8"))
        assert len(data["nodes"]) == len(hostile_map().stakeholders) + 2
    elif suffix == ".cypher":
        script = out.read_text(encoding="utf-8")
        assert all(line.startswith("//") or line.endswith(";")
                   for line in script.splitlines())


def test_help_names_every_format():
    result = run("report", "--help")
    assert result.returncode == 0 and ".xlsx" in result.stdout and "--since" in result.stdout
    result = run("export", "--help")
    assert result.returncode == 0 and ".cypher" in result.stdout and ".kumu.json" in result.stdout
