"""The influence report as an Excel workbook: one sheet per section.

Texts are string cells — a text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is stored as a string with Excel's "quote prefix" style, so it can never
run as a formula, not even after someone edits the cell. Numbers stay numbers (with a
number format for their decimals); control characters are removed
(:func:`graphlib_kam.safe.cell_value`).
"""

from __future__ import annotations

import io
import re
import unicodedata

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from graphlib_kam.safe import cell_value, is_formula_like

__all__ = ["render_xlsx", "write_cell"]

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_HEADER_FILL = PatternFill("solid", fgColor="E8EAF0")
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_WRAP = Alignment(wrap_text=True, vertical="top")


def write_cell(sheet, row: int, column: int, value, *, number_format: str | None = None):
    """Put ``value`` in a cell the safe way and return the cell.

    Text is always a string cell (quote-prefixed when it looks like a formula); int and
    float stay numbers.

    Examples
    --------
    >>> from openpyxl import Workbook
    >>> ws = Workbook().active
    >>> cell = write_cell(ws, 1, 1, '=HYPERLINK("x")')
    >>> cell.data_type, cell.value, cell.quotePrefix
    ('s', '=HYPERLINK("x")', True)
    >>> write_cell(ws, 1, 2, -2).data_type
    'n'
    """
    value = cell_value(value)
    cell = sheet.cell(row=row, column=column)
    if value is None or value == "":
        return cell
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    elif number_format:
        cell.number_format = number_format
    return cell


def _width(value) -> int:
    text = str(value) if value is not None else ""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _sheet_title(title: str, used: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub(" ", title).strip("' ")[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def render_xlsx(data: dict) -> bytes:
    """The report ``data`` (:func:`graphlib_kam.present.report.data.report_data`) as XLSX bytes.

    Examples
    --------
    >>> import datetime as dt, io
    >>> from openpyxl import load_workbook
    >>> from graphlib_kam.present.report.data import report_data
    >>> from graphlib_kam.settings import Settings
    >>> from graphlib_kam.model.synthetic import generate_account
    >>> xlsx = render_xlsx(report_data(generate_account(20, seed=3),
    ...                    settings=Settings(as_of=dt.date(2026, 11, 28))))
    >>> load_workbook(io.BytesIO(xlsx)).sheetnames[:2]
    ['Account and coverage', 'The committee by role and level']
    """
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for index, section in enumerate(data["sections"]):
        sheet = book.create_sheet(_sheet_title(section["title"], used))
        widths: dict[int, int] = {}
        row = 1
        if index == 0:
            write_cell(sheet, row, 1, data["title"]).font = _TITLE
            write_cell(sheet, row + 1, 1, data["subtitle"])
            write_cell(sheet, row + 2, 1, data["generator"])
            row += 4
        write_cell(sheet, row, 1, section["title"]).font = _TITLE
        row += 1
        for paragraph in section["intro"]:
            write_cell(sheet, row, 1, paragraph)
            row += 1
        for table in section["tables"]:
            row += 1
            write_cell(sheet, row, 1, table["title"]).font = _BOLD
            row += 1
            columns = table["columns"]
            for c, column in enumerate(columns, start=1):
                cell = write_cell(sheet, row, c, column["label"])
                cell.font, cell.fill = _BOLD, _HEADER_FILL
                widths[c] = max(widths.get(c, 0), _width(column["label"]))
            row += 1
            if not table["rows"]:
                write_cell(sheet, row, 1, table["empty"])
                row += 1
            for values in table["rows"]:
                for c, (value, column) in enumerate(zip(values, columns), start=1):
                    digits = column.get("digits", 2)
                    number_format = ("0" if isinstance(value, int) else
                                     "0." + "0" * digits if digits else "0")
                    cell = write_cell(sheet, row, c, value, number_format=number_format)
                    if isinstance(value, str):
                        cell.alignment = _WRAP
                    widths[c] = max(widths.get(c, 0), min(_width(value), 60))
                row += 1
        for c, width in widths.items():
            sheet.column_dimensions[get_column_letter(c)].width = max(8, width + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
