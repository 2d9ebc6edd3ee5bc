"""Excel workbooks for the row pipeline: one table per sheet, zip bombs refused.

An ``.xlsx`` is a zip of XML. Before openpyxl opens one (it parses with defusedxml, which
refuses XML entity bombs), the zip's directory is read: a workbook that would unpack to
more than :data:`MAX_UNCOMPRESSED_BYTES`, or with a part compressed more than
:data:`MAX_COMPRESSION_RATIO` to 1, is refused as a possible zip bomb. Sheets named
``(ignore)`` are skipped (Kumu's convention).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

from graphlib_kam.errors import InputError
from graphlib_kam.importers import _rows
from graphlib_kam.importers._text import decode_bytes, read_bytes

__all__ = ["EXCEL_SUFFIXES", "IGNORED_SHEET", "MAX_COMPRESSION_RATIO",
           "MAX_UNCOMPRESSED_BYTES", "MAX_ZIP_ENTRIES", "OLE_MAGIC", "ZIP_MAGIC",
           "tables_from_workbook"]

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
# Kumu's convention, followed for every workbook: a sheet so named is not data.
IGNORED_SHEET = "(ignore)"
# Refuse what would inflate past these before opening it.
MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_ENTRIES = 10_000
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def _check_zip(path: Path) -> None:
    """Refuse a workbook that is not a zip, or that would inflate too far (a zip bomb)."""
    head = read_bytes(path, limit=8)
    if head.startswith(OLE_MAGIC):
        raise InputError(f"{path}: an old Excel (.xls) or a password-protected workbook; "
                         "save it as an unprotected .xlsx or as CSV")
    if not head.startswith(ZIP_MAGIC):
        what = "an empty file" if not head else "text (CSV?)" if _printable(path) else \
            "not a workbook"
        raise InputError(f"{path}: is {what}, not an Excel workbook; an .xlsx must be saved "
                         "by Excel (a CSV file should be named .csv)")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise InputError(f"{path}: not a readable Excel workbook (.xlsx): {err}") from err
    if len(entries) > MAX_ZIP_ENTRIES:
        raise InputError(f"{path}: {len(entries):,} parts; a workbook has far fewer (refused "
                         "as a possible zip bomb)")
    total = sum(e.file_size for e in entries)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise InputError(f"{path}: would unpack to {total / 1048576:,.0f} MB; at most "
                         f"{MAX_UNCOMPRESSED_BYTES // 1048576} MB are read (refused as a "
                         "possible zip bomb)")
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > 1048576 and ratio > MAX_COMPRESSION_RATIO:
            raise InputError(f"{path}: part {entry.filename} is compressed {ratio:,.0f} to 1; "
                             f"at most {MAX_COMPRESSION_RATIO} to 1 is read (refused as a "
                             "possible zip bomb)")


def _printable(path: Path) -> bool:
    head = read_bytes(path, limit=4096)
    try:
        decode_bytes(head, name=str(path))
    except InputError:
        return False
    return True


def _workbook_errors() -> tuple[type[BaseException], ...]:
    import xml.etree.ElementTree as ET
    import zlib

    from defusedxml import DefusedXmlException
    from openpyxl.utils.exceptions import InvalidFileException

    return (zipfile.BadZipFile, InvalidFileException, DefusedXmlException, ET.ParseError,
            zlib.error, KeyError, OSError, ValueError, TypeError, IndexError, EOFError)


def tables_from_workbook(path: Path, *, header: bool | None) -> list[_rows.Table]:
    import openpyxl

    _check_zip(path)
    errors = _workbook_errors()
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except errors as err:
        raise InputError(f"{path}: not a readable Excel workbook (.xlsx): "
                         f"{type(err).__name__}: {err}") from err
    tables, ignored = [], []
    try:
        for sheet in book.worksheets:
            name = f"{path.name}[{sheet.title}]"
            if IGNORED_SHEET in sheet.title.casefold():
                ignored.append(sheet.title)
                continue
            starts, rows = [], []
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                row = [_rows._clean(_excel_value(c)) for c in cells]
                if any(c is not None for c in row):
                    starts.append(number)
                    rows.append(row)
                    if len(rows) > _rows.MAX_ROWS + 1:
                        _rows._too_many_rows(name)
            if rows:
                table = _rows._build_table(name, _rows._Records(starts, rows), header=header)
                table.title = sheet.title
                tables.append(table)
    except errors as err:
        raise InputError(f"{path}: not a readable Excel workbook (.xlsx): "
                         f"{type(err).__name__}: {err}") from err
    finally:
        book.close()
    if not tables:
        raise InputError(f"{path}: every sheet is empty; expected a header row and data rows")
    for title in ignored:
        tables[0].notes.append(f"sheet {title!r} is marked {IGNORED_SHEET} and is skipped")
    return tables


def _excel_value(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
