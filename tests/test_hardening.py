"""Hostile inputs (issue #15): no input hangs, no save loses data, every failure is one line."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
import zipfile

import openpyxl
import pytest

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
