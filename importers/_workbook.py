"""Excel workbooks for the row pipeline: one table per sheet, zip bombs refused.

An ``.xlsx`` is a zip of XML. Before openpyxl opens one (it parses with defusedxml, which
refuses XML entity bombs), the zip's directory is read: a workbook that would unpack to
more than :data:`MAX_UNCOMPRESSED_BYTES`, or with a part compressed more than
:data:`MAX_COMPRESSION_RATIO` to 1, is refused as a possible zip bomb. Sheets named
``(ignore)`` are skipped (Kumu's convention).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graphlib_kam.errors import InputError
from graphlib_kam.importers._text import decode_bytes

__all__ = ["EXCEL_SUFFIXES", "IGNORED_SHEET", "MAX_COMPRESSION_RATIO",
           "MAX_UNCOMPRESSED_BYTES", "MAX_ZIP_ENTRIES", "OLE_MAGIC", "ZIP_MAGIC",
           "workbook_sheets"]

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
# Kumu's convention, followed for every workbook: a sheet so named is not data.
IGNORED_SHEET = "(ignore)"
# Refuse what would inflate past these before opening it.
MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_ENTRIES = 10_000
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def _check_zip(raw: bytes, name: str) -> None:
    """Refuse a workbook that is not a zip, or that would inflate too far (a zip bomb)."""
    if raw.startswith(OLE_MAGIC):
        raise InputError(f"{name}: an old Excel (.xls) or a password-protected workbook; "
                         "save it as an unprotected .xlsx or as CSV")
    if not raw.startswith(ZIP_MAGIC):
        what = "an empty file" if not raw else "text (CSV?)" if _printable(raw, name) else \
            "not a workbook"
        raise InputError(f"{name}: is {what}, not an Excel workbook; an .xlsx must be saved "
                         "by Excel (a CSV file should be named .csv)")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise InputError(f"{name}: not a readable Excel workbook (.xlsx): {err}") from err
    if len(entries) > MAX_ZIP_ENTRIES:
        raise InputError(f"{name}: {len(entries):,} parts; a workbook has far fewer (refused "
                         "as a possible zip bomb)")
    total = sum(e.file_size for e in entries)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise InputError(f"{name}: would unpack to {total / 1048576:,.0f} MB; at most "
                         f"{MAX_UNCOMPRESSED_BYTES // 1048576} MB are read (refused as a "
                         "possible zip bomb)")
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > 1048576 and ratio > MAX_COMPRESSION_RATIO:
            raise InputError(f"{name}: part {entry.filename} is compressed {ratio:,.0f} to 1; "
                             f"at most {MAX_COMPRESSION_RATIO} to 1 is read (refused as a "
                             "possible zip bomb)")


def _printable(raw: bytes, name: str) -> bool:
    try:
        decode_bytes(raw[:4096], name=name)
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


def workbook_sheets(
    raw: bytes, *, name: str, clean: Callable[[Any], Any], max_rows: int,
) -> tuple[list[tuple[str, list[int], list[list[Any]]]], list[str]]:
    """The sheets of a workbook's content, ``name`` used in every message.

    Parameters
    ----------
    raw : bytes
        The ``.xlsx`` file's content.
    name : str, keyword-only
        The file's name.
    clean : callable, keyword-only
        Applied to every cell value (dates without a time become dates, whole floats
        integers, first); a row whose cells all clean to None is skipped.
    max_rows : int, keyword-only
        Refuse a sheet with more rows than this and a header.

    Returns
    -------
    sheets : list of (title, row numbers, rows)
        The sheets that hold a row, in order.
    ignored : list of str
        The titles of the sheets marked ``(ignore)``.

    Raises
    ------
    InputError
        Not a workbook, a possible zip bomb, a workbook openpyxl cannot read, or a sheet
        with too many rows.
    """
    import openpyxl

    _check_zip(raw, name)
    errors = _workbook_errors()
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except errors as err:
        raise InputError(f"{name}: not a readable Excel workbook (.xlsx): "
                         f"{type(err).__name__}: {err}") from err
    base = Path(name).name
    sheets, ignored = [], []
    try:
        for sheet in book.worksheets:
            if IGNORED_SHEET in sheet.title.casefold():
                ignored.append(sheet.title)
                continue
            starts, rows = _sheet_rows(sheet, clean=clean, max_rows=max_rows,
                                       where=f"{base}[{sheet.title}]")
            if rows:
                sheets.append((sheet.title, starts, rows))
    except errors as err:
        raise InputError(f"{name}: not a readable Excel workbook (.xlsx): "
                         f"{type(err).__name__}: {err}") from err
    finally:
        book.close()
    return sheets, ignored


def _sheet_rows(sheet: Any, *, clean: Callable[[Any], Any], max_rows: int,
                where: str) -> tuple[list[int], list[list[Any]]]:
    """The non-empty rows of a read-only sheet and their numbers, all as wide as the widest.

    The sheet's declared ``<dimension>`` is ignored: a workbook may declare A1:XFD1048576
    for one cell, and openpyxl would pad every missing row and column up to it. Only the
    rows and cells the file holds are read; the rows are padded to the widest afterwards.
    """
    sheet.reset_dimensions()
    starts, rows = [], []
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        if not cells:
            continue
        row = [clean(_excel_value(c)) for c in cells]
        while row and row[-1] is None:
            row.pop()
        if row and any(c is not None for c in row):
            starts.append(number)
            rows.append(row)
            if len(rows) > max_rows + 1:
                raise InputError(f"{where}: more than {max_rows:,} rows; at most "
                                 f"{max_rows:,} are imported (split the file)")
    width = max((len(row) for row in rows), default=0)
    for row in rows:
        row.extend([None] * (width - len(row)))
    return starts, rows


def _excel_value(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
