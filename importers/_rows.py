"""One row pipeline for every tabular input: CSV, TSV, whitespace-separated text and Excel.

:func:`tables_from_file` reads a file into :class:`Table` objects (one per CSV file, one
per non-empty Excel sheet); :func:`parse_delimited` does the same for text already in
memory, so the parsing is testable without files.

>>> table = parse_delimited("姓名,角色\\n王建国,决策者\\n", name="people.csv")
>>> table.headers, table.rows[0].values
(['姓名', '角色'], {'姓名': '王建国', '角色': '决策者'})
>>> table.rows[0].where
'people.csv row 2'

Cells are stripped; the blanks exports write (``#N/A``) become None, and the apostrophe
a CSV writer puts before a formula-like text (``'=1+1``) is removed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphlib_kam.errors import InputError, NotFoundError
from graphlib_kam.safe import FORMULA_PREFIXES

__all__ = [
    "BLANKS",
    "MAX_IMPORT_BYTES",
    "MAX_ROWS",
    "Row",
    "Table",
    "detect_delimiter",
    "is_blank",
    "parse_delimited",
    "read_text",
    "tables_from_file",
]

MAX_IMPORT_BYTES = 64 * 1024 * 1024
MAX_ROWS = 200_000
EXCEL_SUFFIXES = (".xlsx", ".xlsm")

# What spreadsheets and CRM exports write for "no value" (Salesforce/Prodly: "#N/A").
BLANKS = frozenset({"", "#n/a", "n/a", "#null!", "null", "nan", "#value!", "#ref!"})


def is_blank(value: Any) -> bool:
    """True for None and for the texts exports use for an empty cell.

    >>> is_blank("#N/A"), is_blank("  "), is_blank(0), is_blank("NA Bank")
    (True, True, False, False)
    """
    if value is None:
        return True
    return isinstance(value, str) and value.strip().casefold() in BLANKS


@dataclass
class Row:
    """One data row: ``values`` maps header → cell (None for a blank cell)."""

    where: str
    values: dict[str, Any]


@dataclass
class Table:
    """The rows of one CSV file or one Excel sheet, with their headers."""

    name: str
    headers: list[str]
    rows: list[Row] = field(default_factory=list)
    has_header: bool = True


def read_text(path: str | os.PathLike, *, encoding: str | None = None) -> str:
    """Read a text file as UTF-8 (with or without BOM), or in ``encoding`` when given.

    Raises
    ------
    NotFoundError
        When there is no such file.
    InputError
        When the file is too large, a folder, unreadable, or not in the encoding: the
        message names the line and byte and suggests the encodings Excel uses.
    """
    raw = _read_bytes(Path(path))
    try:
        return raw.decode(encoding or "utf-8-sig")
    except LookupError as err:
        raise InputError(f"--encoding {encoding!r} is not an encoding Python knows") from err
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        used = encoding or "UTF-8"
        raise InputError(
            f"{path}: line {line}: byte 0x{raw[err.start]:02x} is not {used}; save the file "
            "as UTF-8 (Excel: 'CSV UTF-8') or name its encoding, for example "
            "--encoding gb18030 (Chinese Excel) or --encoding cp1252 (Western Excel)"
        ) from err


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise InputError(
                f"{path}: the file is {size / 1048576:.0f} MB; files up to "
                f"{MAX_IMPORT_BYTES // 1048576} MB are imported"
            )
        return path.read_bytes()
    except FileNotFoundError as err:
        raise NotFoundError(f"{path}: no such file") from err
    except IsADirectoryError as err:
        raise InputError(f"{path}: is a folder; expected a file") from err
    except PermissionError as err:
        raise InputError(f"{path}: permission denied") from err


def tables_from_file(
    path: str | os.PathLike, *, encoding: str | None = None, header: bool | None = None,
    whitespace: bool | None = None,
) -> list[Table]:
    """Read a CSV/TSV/text file (one table) or an Excel workbook (one table per sheet).

    Parameters
    ----------
    path : path-like
        ``.xlsx``/``.xlsm`` are read as workbooks; anything else as delimited text, whose
        delimiter (comma, tab, semicolon, bar or runs of spaces) is detected.
    encoding : str, optional
        The text encoding; UTF-8 (with or without BOM) by default.
    header : bool, optional
        Whether the first row names the columns. By default a first row made only of
        numbers is data, and the columns are then named ``1``, ``2``, …
    whitespace : bool, optional
        As :func:`parse_delimited`.

    Raises
    ------
    NotFoundError, InputError
        A missing, unreadable or malformed file, with one clear message.
    """
    path = Path(path)
    suffix = path.suffix.casefold()
    if suffix == ".xls":
        raise InputError(f"{path}: old binary Excel (.xls) is not read; save it as .xlsx or CSV")
    if suffix in EXCEL_SUFFIXES:
        return _tables_from_workbook(path, header=header)
    text = read_text(path, encoding=encoding)
    return [parse_delimited(text, name=path.name, header=header, whitespace=whitespace)]


def _split_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def detect_delimiter(text: str) -> str | None:
    """The delimiter of ``text``: ``,``, tab, ``;`` or ``|``; None for runs of spaces.

    >>> detect_delimiter("a;b;c\\n1;2;3\\n"), detect_delimiter(" 1 2 0\\n 1 3 1\\n")
    (';', None)
    """
    lines = _split_lines(text)[:20]
    if not lines:
        return ","
    best, best_count = None, 0
    for candidate in (",", "\t", ";", "|"):
        counts = [line.count(candidate) for line in lines]
        # Quoted cells can hold the delimiter; the header line decides, the rest confirm.
        if counts[0] and sum(1 for c in counts if c) >= max(1, len(counts) // 2) \
                and counts[0] > best_count:
            best, best_count = candidate, counts[0]
    return best


def _looks_numeric(value: Any) -> bool:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return True
    if not isinstance(value, str):
        return False
    try:
        float(value.strip())
    except ValueError:
        return False
    return True


def parse_delimited(
    text: str, *, name: str = "input", header: bool | None = None,
    whitespace: bool | None = None,
) -> Table:
    """Parse delimited text into a :class:`Table` (cells stripped; blanks become None).

    Quoted cells may hold delimiters and line breaks. Rows are numbered as a spreadsheet
    shows them (the header is row 1); rows that are entirely blank are skipped.

    Text with no comma, tab, semicolon or bar is one column, unless ``whitespace`` is
    true, or it is None and the first line is all numbers (an edge list, a matrix): then
    runs of spaces separate the cells.

    Raises
    ------
    InputError
        A file with no rows, or with more than :data:`MAX_ROWS` of them.
    """
    text = text.removeprefix("\ufeff")
    delimiter = detect_delimiter(text)
    if delimiter is None and whitespace is None:
        lines = _split_lines(text)
        whitespace = bool(lines) and all(_looks_numeric(t) for t in lines[0].split())
    if delimiter is None and not whitespace:
        delimiter = ","
    if delimiter is None:
        records = [(n, line.split()) for n, line in enumerate(text.splitlines(), start=1)]
    else:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        records = []
        start = 1
        try:
            for cells in reader:
                records.append((start, cells))
                start = reader.line_num + 1
        except csv.Error as err:
            raise InputError(f"{name}: line {reader.line_num}: {err}") from err
    return _build_table(name, records, header=header)


def _build_table(name: str, records: list[tuple[int, list[Any]]], *,
                 header: bool | None) -> Table:
    records = [(n, [_clean(c) for c in cells]) for n, cells in records]
    records = [(n, cells) for n, cells in records if any(c is not None for c in cells)]
    if not records:
        raise InputError(f"{name}: no rows; expected a header row and data rows")
    if len(records) > MAX_ROWS + 1:
        raise InputError(f"{name}: {len(records):,} rows; at most {MAX_ROWS:,} are imported")
    first = records[0][1]
    if header is None:
        header = not all(_looks_numeric(c) for c in first if c is not None)
    width = max(len(cells) for _, cells in records)
    if header:
        headers = _unique_headers(first, width)
        body = records[1:]
    else:
        headers = [str(i) for i in range(1, width + 1)]
        body = records
    table = Table(name=name, headers=headers, has_header=header)
    for number, cells in body:
        values = {h: (cells[i] if i < len(cells) else None) for i, h in enumerate(headers)}
        table.rows.append(Row(where=f"{name} row {number}", values=values))
    return table


def _unique_headers(cells: list[Any], width: int) -> list[str]:
    headers: list[str] = []
    seen: set[str] = set()
    for index in range(width):
        cell = cells[index] if index < len(cells) else None
        base = str(cell).strip() if cell is not None else f"column {index + 1}"
        title, n = base, 2
        while title.casefold() in seen:
            title, n = f"{base} ({n})", n + 1
        seen.add(title.casefold())
        headers.append(title)
    return headers


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
            value = value[1:]  # the apostrophe that keeps a spreadsheet from running it
        return None if is_blank(value) else value
    if isinstance(value, float) and value != value:  # NaN
        return None
    return value


def _tables_from_workbook(path: Path, *, header: bool | None) -> list[Table]:
    from zipfile import BadZipFile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    _read_bytes(path)  # size, existence and permission checks with our messages
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError) as err:
        raise InputError(f"{path}: not a readable Excel workbook (.xlsx): {err}") from err
    tables = []
    try:
        for sheet in book.worksheets:
            records = []
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                records.append((number, [_excel_value(c) for c in cells]))
                if number > MAX_ROWS + 1:
                    break
            if any(any(_clean(c) is not None for c in cells) for _, cells in records):
                tables.append(_build_table(f"{path.name}[{sheet.title}]", records,
                                           header=header))
    finally:
        book.close()
    if not tables:
        raise InputError(f"{path}: every sheet is empty")
    return tables


def _excel_value(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value

