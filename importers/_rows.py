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

Text files are decoded by :func:`decode_bytes`: a byte-order mark decides (UTF-8,
UTF-16, UTF-32); otherwise UTF-8, else GB18030 (what Chinese Excel writes) when the text
reads as Chinese. A few bytes that fit neither are kept as ``�`` and reported with their
row (:attr:`Table.problems`); a file full of them is refused with the encodings to try.
"""

from __future__ import annotations

import csv
import gc
import io
import itertools
import operator
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphlib_kam.errors import InputError, Problem
from graphlib_kam.importers._text import BAD_CHAR as _BAD_CHAR
from graphlib_kam.importers._text import (
    MAX_IMPORT_BYTES,
    Decoded,
    InputFile,
    decode_bytes,
    encoding_name,
    input_bytes,
    read_text,
)
from graphlib_kam.importers._workbook import (
    EXCEL_SUFFIXES,
    IGNORED_SHEET,
    OLE_MAGIC,
    ZIP_MAGIC,
    workbook_sheets,
)

__all__ = [
    "BLANKS",
    "BLANK_SPELLINGS",
    "MAX_IMPORT_BYTES",
    "MAX_ROWS",
    "Decoded",
    "Place",
    "Row",
    "RowProblem",
    "Table",
    "decode_bytes",
    "detect_delimiter",
    "header_names",
    "is_blank",
    "parse_delimited",
    "parse_delimiter_option",
    "paused_gc",
    "read_text",
    "require_rows",
    "tables_from_bytes",
    "tables_from_file",
]

MAX_ROWS = 200_000

# What spreadsheets and CRM exports write for "no value" (Salesforce/Prodly: "#N/A").
BLANKS = frozenset({"", "#n/a", "n/a", "#null!", "null", "nan", "#value!", "#ref!"})
_BLANK_STARTS = frozenset("#nN'")  # first characters of a blank, or of a formula guard
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class paused_gc:  # noqa: N801 - used like a function: ``with paused_gc():``
    """Pause the cyclic garbage collector while a bulk import allocates its objects.

    An import creates hundreds of thousands of objects that all live on; each
    collection would walk them again, which made large imports several times slower.
    Nested pauses are fine: the outermost one turns the collector back on.
    """

    def __enter__(self) -> None:
        self._enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self._enabled:
            gc.enable()


def is_blank(value: Any) -> bool:
    """True for None and for the texts exports use for an empty cell.

    >>> is_blank("#N/A"), is_blank("  "), is_blank(0), is_blank("NA Bank")
    (True, True, False, False)
    """
    if value is None:
        return True
    return isinstance(value, str) and value.strip().casefold() in BLANKS


class Place:
    """Where something is in an input: a file (or sheet), a row, and maybe a column.

    Kept as parts, so that a report can list them apart; ``str()`` gives the usual
    ``people.csv row 3 (Role)``.
    """

    __slots__ = ("column", "file", "row")

    def __init__(self, file: str, row: int | None = None, column: str | None = None):
        self.file, self.row, self.column = file, row, column

    def __str__(self) -> str:
        text = self.file if self.row is None else f"{self.file} row {self.row}"
        return f"{text} ({self.column})" if self.column else text

    def __repr__(self) -> str:
        return f"Place({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))


_WHERE = re.compile(r"^(?P<file>.+?) row (?P<row>\d+)(?: \((?P<column>.+)\))?(?:, column "
                    r"(?P<position>\d+))?$")


@dataclass(frozen=True)
class RowProblem(Problem):
    """A :class:`~graphlib_kam.errors.Problem` that also names its file, row and column.

    >>> RowProblem.at("p.csv row 4 (Role)", "unknown role").to_dict()
    {'where': 'p.csv row 4 (Role)', 'message': 'unknown role', 'file': 'p.csv', 'row': 4, \
'column': 'Role'}
    """

    file: str | None = None
    row: int | None = None
    column: str | None = None

    @classmethod
    def at(cls, where: Place | str, message: str) -> RowProblem:
        if isinstance(where, Place):
            return cls(str(where), message, where.file, where.row, where.column)
        match = _WHERE.match(where or "")
        if match is None:
            return cls(where or "", message)
        column = match["column"] or match["position"]
        return cls(where, message, match["file"], int(match["row"]), column)

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "file": self.file, "row": self.row,
                "column": self.column}


class Row:
    """One data row: its cells in the table's column order, as read (:meth:`get` and
    :attr:`values` give them cleaned: stripped, None for a blank cell)."""

    __slots__ = ("cells", "number", "table")

    def __init__(self, table: Table, number: int, cells: list[Any]):
        self.table, self.number, self.cells = table, number, cells

    @property
    def where(self) -> str:
        return f"{self.table.name} row {self.number}"

    def place(self, column: str | None = None) -> Place:
        return Place(self.table.name, self.number, column)

    def get(self, header: str | None) -> Any:
        """The cell under ``header`` (None when blank or when there is no such column)."""
        index = self.table.index.get(header) if header is not None else None
        if index is None or index >= len(self.cells):
            return None
        return _clean(self.cells[index])

    @property
    def values(self) -> dict[str, Any]:
        """The row as header → cell."""
        return {h: self.get(h) for h in self.table.headers}

    def __repr__(self) -> str:
        return f"Row({self.where!r}, {self.values!r})"


class Table:
    """The rows of one CSV file or one Excel sheet, with their headers.

    The cells of each data row are kept in ``records`` (lists in column order) and the
    row numbers a spreadsheet shows in ``numbers``; ``rows`` gives them as :class:`Row`
    objects. ``problems`` holds what reading the file found wrong with particular rows
    (bytes that fit no encoding); ``notes`` what the reader decided (the encoding).
    """

    def __init__(self, name: str, headers: list[str], rows: list[Row] | None = None,
                 has_header: bool = True):
        self.name = name
        self.headers = headers
        self.records: list[list[Any]] = []
        self.numbers: list[int] = []
        self._rows: list[Row] | None = None
        self.has_header = has_header
        self.problems: list[RowProblem] = []
        self.notes: list[str] = []
        self.title: str | None = None  # the sheet's name, for a workbook
        self.guarded = True  # False: no cell can hold a formula guard (no ' in the file)
        if rows is not None:
            self.rows = rows

    @property
    def headers(self) -> list[str]:
        return self._headers

    @headers.setter
    def headers(self, headers: list[str]) -> None:
        self._headers = list(headers)
        self.index = {h: i for i, h in enumerate(self._headers)}

    @property
    def rows(self) -> list[Row]:
        if self._rows is None:
            self._rows = [Row(self, n, c) for n, c in zip(self.numbers, self.records)]
        return self._rows

    @rows.setter
    def rows(self, rows: list[Row]) -> None:
        self._rows = list(rows)
        self.records = [row.cells for row in self._rows]
        self.numbers = [row.number for row in self._rows]

    def add_row(self, number: int, cells: list[Any]) -> Row:
        if not isinstance(self.numbers, list):  # a range, for a file read one record a line
            self.numbers = list(self.numbers)
        row = Row(self, number, cells)
        self.records.append(cells)
        self.numbers.append(number)
        if self._rows is not None:
            self._rows.append(row)
        return row

    def column(self, header: str | None) -> list[Any] | None:
        """The cells under ``header``, one per row, cleaned as :meth:`Row.get` cleans them
        (None when there is no such column)."""
        index = self.index.get(header) if header is not None else None
        if index is None:
            return None
        records = self.records
        try:
            values = list(map(operator.itemgetter(index), records))
        except IndexError:  # a short row
            values = [cells[index] if index < len(cells) else None for cells in records]
        return _clean_column(values, guarded=self.guarded)

    def place(self, position: int, column: str | None = None) -> Place:
        """Where the ``position``-th data row is (with a column, if given)."""
        return Place(self.name, self.numbers[position], column)

    def __len__(self) -> int:
        return len(self.records)

    def __repr__(self) -> str:
        return f"Table({self.name!r}, {self.headers!r}, {len(self.records)} rows)"


# --- delimited text -------------------------------------------------------------------

_DELIMITER_NAMES = {"comma": ",", "semicolon": ";", "tab": "\t", "\\t": "\t", "pipe": "|",
                    "bar": "|", "space": " ", "whitespace": " "}


def parse_delimiter_option(text: str) -> str:
    """The delimiter ``--delimiter`` names: one character, or comma/semicolon/tab/pipe.

    ``space`` means runs of spaces.

    >>> parse_delimiter_option("tab"), parse_delimiter_option(";")
    ('\\t', ';')

    Raises
    ------
    InputError
        Anything longer than one character that is not one of those names.
    """
    key = text.strip().casefold() if text.strip() else text
    delimiter = _DELIMITER_NAMES.get(key, text)
    if len(delimiter) != 1 or delimiter in "\"\r\n":
        raise InputError(f"--delimiter {text!r}: expected one character such as , ; | or "
                         "the word tab")
    return delimiter


def _split_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def detect_delimiter(text: str) -> str | None:
    """The delimiter of ``text``: ``,``, tab, ``;`` or ``|``; None for runs of spaces
    or for a single column.

    >>> detect_delimiter("a;b;c\\n1;2;3\\n"), detect_delimiter(" 1 2 0\\n 1 3 1\\n")
    (';', None)
    """
    lines = _split_lines(text[:65536])[:20]
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


# A delimiter no text holds: a single-column file keeps its commas.
_NO_DELIMITER = "\x1f"


def parse_delimited(
    text: str, *, name: str = "input", header: bool | None = None,
    whitespace: bool | None = None, delimiter: str | None = None,
    bad: list[tuple[int, int]] | None = None,
) -> Table:
    """Parse delimited text into a :class:`Table` (cells stripped; blanks become None).

    Quoted cells may hold delimiters and line breaks. Rows are numbered as a spreadsheet
    shows them (the header is row 1); rows that are entirely blank are skipped.

    Text with no comma, tab, semicolon or bar in its first line is one column, unless
    ``whitespace`` is true, or it is None and the first line is all numbers (an edge
    list, a matrix): then runs of spaces separate the cells.

    Parameters
    ----------
    delimiter : str, optional
        Force the delimiter (``" "`` means runs of spaces) instead of detecting it.
    bad : list of (line, byte), optional
        Bytes the decoder kept as ``�`` (:attr:`Decoded.bad`): each becomes a problem
        of the table, at the row and column that hold it.

    A file with only a header row gives a table with no rows (an empty optional table
    is no error); importers refuse it where rows are needed (:func:`require_rows`).

    Raises
    ------
    InputError
        A file with no rows at all, or with more than :data:`MAX_ROWS` rows.
    """
    text = text.removeprefix("\ufeff")
    if delimiter == " ":
        delimiter, whitespace = None, True
    elif delimiter is None:
        delimiter = detect_delimiter(text)
        if delimiter is None and whitespace is None:
            lines = _split_lines(text[:65536])
            whitespace = bool(lines) and all(_looks_numeric(t) for t in lines[0].split())
        if delimiter is None and not whitespace:
            delimiter = _NO_DELIMITER
    if delimiter is None:
        starts, cells_of = [], []
        for number, line in enumerate(text.splitlines(), start=1):
            cells = line.split()
            if cells:
                starts.append(number)
                cells_of.append(cells)
                if len(cells_of) > MAX_ROWS + 1:
                    _too_many_rows(name)
        records = _Records(starts, cells_of)
    else:
        records = _csv_records(text, name, delimiter)
    return _build_table(name, records, header=header, bad=bad)


def require_rows(table: Table, what: str = "data rows") -> Table:
    """``table``, unless it has only a header row: then a clear refusal.

    >>> require_rows(parse_delimited("Name,Role\\n", name="p.csv"), "people")
    Traceback (most recent call last):
    ...
    graphlib_kam.errors.InputError: p.csv: only a header row (Name, Role); expected people below it
    """
    if not len(table):
        shown = ", ".join(table.headers[:8]) + (", …" if len(table.headers) > 8 else "")
        raise InputError(f"{table.name}: only a header row ({shown}); expected {what} "
                         "below it")
    return table


def _too_many_rows(name: str) -> None:
    raise InputError(f"{name}: more than {MAX_ROWS:,} rows; at most {MAX_ROWS:,} are "
                     "imported (split the file)")


def _case_variants(word: str) -> set[str]:
    choices = [(c.lower(), c.upper()) if c.isalpha() else (c,) for c in word]
    return {"".join(p) for p in itertools.product(*choices)}


# Every spelling of every blank, so that a row is checked with one set operation.
BLANK_SPELLINGS = frozenset().union(*(_case_variants(b) for b in BLANKS))


class _Records:
    """The non-blank records of a file, as read: their cells and where each begins and
    ends (``ends`` None: each record is one line)."""

    __slots__ = ("cells", "ends", "starts")

    def __init__(self, starts, cells, ends=None):
        self.starts, self.cells, self.ends = starts, cells, ends

    def __len__(self) -> int:
        return len(self.cells)

    def spans(self):
        return zip(self.starts, self.ends if self.ends is not None else self.starts,
                   self.cells)


def _csv_records(text: str, name: str, delimiter: str) -> _Records:
    """The non-blank records of CSV text."""
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if lines <= MAX_ROWS + 1:
        # Most files have one record a line: read them all at C speed, then check that.
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error:
            rows = None  # the loop below reports it with its line
        if rows is not None and len(rows) == lines:
            keep = list(map(operator.truth, map(str.strip, map("".join, rows))))
            if all(keep):
                return _Records(range(1, lines + 1), rows)
            return _Records(list(itertools.compress(range(1, lines + 1), keep)),
                            list(itertools.compress(rows, keep)))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    starts, ends, records = [], [], []
    start = 1
    limit = MAX_ROWS + 1
    try:
        for cells in reader:
            end = reader.line_num
            if any(cells) and "".join(cells).strip():
                starts.append(start)
                ends.append(end)
                records.append(cells)
                if len(records) > limit:
                    _too_many_rows(name)
            start = end + 1
    except csv.Error as err:
        raise InputError(f"{name}: line {reader.line_num}: {err}") from err
    return _Records(starts, records, ends)


def _clean_text(value: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    if value[0] in _BLANK_STARTS:
        if len(value) <= 7 and value.casefold() in BLANKS:
            return None
        if value[0] == "'" and value[1:].startswith(_FORMULA_STARTS):
            return value[1:]  # the apostrophe that keeps a spreadsheet from running it
    return value


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return _clean_text(value)
    if isinstance(value, float) and value != value:  # NaN
        return None
    return value


_STRIP = str.strip


def _clean_column(values: list[Any], *, guarded: bool = True) -> list[Any]:
    """:func:`_clean` for a whole column; a column of text (a CSV) takes the fast path."""
    try:
        values = list(map(_STRIP, values))
    except TypeError:  # numbers or None among the cells
        return [_clean(v) for v in values]
    if guarded and "\n'" in "\n" + "\n".join(values):  # a formula guard: cell by cell
        return [_clean_text(v) for v in values]
    if not BLANK_SPELLINGS.isdisjoint(values):
        values = [None if v in BLANK_SPELLINGS else v for v in values]
    return values


def _build_table(name: str, records: _Records, *, header: bool | None,
                 bad: list[tuple[int, int]] | None = None) -> Table:
    if not len(records):
        raise InputError(f"{name}: no rows; expected a header row and data rows")
    if len(records) > MAX_ROWS + 1:
        _too_many_rows(name)
    first = [_clean(c) for c in records.cells[0]]
    if header is None:
        header = not all(_looks_numeric(c) for c in first if c is not None)
    width = max(map(len, records.cells))
    skip = 1 if header else 0
    headers = _unique_headers(first, width) if header else \
        [str(i) for i in range(1, width + 1)]
    table = Table(name=name, headers=headers, has_header=header)
    table.numbers = records.starts[skip:]
    table.records = records.cells[skip:]
    if min(map(len, table.records), default=width) < width:
        for cells in table.records:
            if len(cells) < width:  # a short row: blanks to the header's width
                cells.extend([""] * (width - len(cells)))
    if bad:
        _report_bad_bytes(table, records, bad)
    return table


def _report_bad_bytes(table: Table, records: _Records, bad: list[tuple[int, int]]) -> None:
    """One problem per row that holds bytes no encoding fits, naming the columns."""
    by_line: dict[int, list[int]] = {}
    for line, byte in bad:
        by_line.setdefault(line, []).append(byte)
    for start, end, cells in records.spans():
        found = [b for line in range(start, end + 1) for b in by_line.get(line, [])]
        if not found:
            continue
        columns = [table.headers[i] if i < len(table.headers) else str(i + 1)
                   for i, c in enumerate(cells) if isinstance(c, str) and _BAD_CHAR in c]
        distinct = list(dict.fromkeys(found))
        shown = ", ".join(f"0x{b:02x}" for b in distinct)
        what = f"byte {shown} fits" if len(distinct) == 1 else f"bytes {shown} fit"
        place = Place(table.name, start, ", ".join(columns) or None)
        table.problems.append(RowProblem.at(
            place, f"{what} no text encoding tried; kept as '{_BAD_CHAR}' (fix the cell, or "
                   "name the file's encoding with --encoding)"))


def header_names(cells: list[Any]) -> list[str] | None:
    """The column names a file's first row gives, as :func:`parse_delimited` reads them
    (cleaned, a blank named ``column N``, a repeat numbered); None when the row holds only
    numbers: then it is data, not a header.

    >>> header_names([" Name ", "", "name"]), header_names(["1", "2.5"])
    (['Name', 'column 2', 'name (2)'], None)
    """
    first = [_clean(c) for c in cells]
    if all(_looks_numeric(c) for c in first if c is not None):
        return None
    return _unique_headers(first, len(first))


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


# --- files ----------------------------------------------------------------------------

def tables_from_file(
    path: str | os.PathLike | InputFile, *, encoding: str | None = None,
    header: bool | None = None, whitespace: bool | None = None, delimiter: str | None = None,
) -> list[Table]:
    """Read a CSV/TSV/text file (one table) or an Excel workbook (one table per sheet).

    Parameters
    ----------
    path : path-like or InputFile
        ``.xlsx``/``.xlsm`` are read as workbooks; anything else as delimited text, whose
        delimiter (comma, tab, semicolon, bar or runs of spaces) is detected. An
        :class:`~graphlib_kam.importers.InputFile` is read from its bytes, its name used
        in every message (see :func:`tables_from_bytes`).
    encoding : str, optional
        The text encoding; detected by default (see :func:`decode_bytes`).
    header : bool, optional
        Whether the first row names the columns. By default a first row made only of
        numbers is data, and the columns are then named ``1``, ``2``, …
    whitespace, delimiter : optional
        As :func:`parse_delimited`.

    Raises
    ------
    NotFoundError, InputError
        A missing, unreadable, mislabelled or malformed file, with one clear message.
    """
    if isinstance(path, InputFile):
        suffix, name = path.suffix, path.name
    else:
        name = str(Path(path))
        suffix = Path(path).suffix.casefold()
    if suffix == ".xls":
        raise InputError(f"{name}: old binary Excel (.xls) is not read; save it as .xlsx or "
                         "CSV")
    name, raw = input_bytes(path)
    return tables_from_bytes(raw, name=name, workbook=suffix in EXCEL_SUFFIXES,
                             encoding=encoding, header=header, whitespace=whitespace,
                             delimiter=delimiter)


def tables_from_bytes(
    raw: bytes, *, name: str, workbook: bool | None = None, encoding: str | None = None,
    header: bool | None = None, whitespace: bool | None = None, delimiter: str | None = None,
) -> list[Table]:
    """The tables of a file's content: :func:`tables_from_file` without the file.

    Parameters
    ----------
    raw : bytes
        The content.
    name : str, keyword-only
        The file's name, used in every message (and, without a folder, as the table's).
    workbook : bool, optional, keyword-only
        Read an Excel workbook rather than text; by default as ``name``'s suffix says.
    encoding, header, whitespace, delimiter : optional, keyword-only
        As :func:`tables_from_file`.

    Examples
    --------
    >>> [t.name for t in tables_from_bytes(b"name,role\\nAnn,user\\n", name="in/c.csv")]
    ['c.csv']
    """
    if workbook is None:
        workbook = Path(name).suffix.casefold() in EXCEL_SUFFIXES
    if workbook:
        return _workbook_tables(raw, name=name, header=header)
    if raw.startswith(ZIP_MAGIC):
        raise InputError(f"{name}: is an Excel workbook (a zip file), not text; name it .xlsx")
    if raw.startswith(OLE_MAGIC):
        raise InputError(f"{name}: is an old Excel (.xls) or a password-protected workbook, "
                         "not text; save it as .xlsx or CSV")
    decoded = decode_bytes(raw, name=name, encoding=encoding)
    del raw
    table = parse_delimited(decoded.text, name=Path(name).name, header=header,
                            whitespace=whitespace, delimiter=delimiter, bad=decoded.bad)
    table.guarded = "'" in decoded.text
    if decoded.guessed:
        table.notes.append(f"read as {encoding_name(decoded.encoding)} text (there is no "
                           "byte-order mark and it is not UTF-8); give --encoding if names "
                           "look wrong")
    return [table]


def _workbook_tables(raw: bytes, *, name: str, header: bool | None) -> list[Table]:
    """One table per sheet of a workbook (sheets marked ``(ignore)`` skipped, and noted)."""
    sheets, ignored = workbook_sheets(raw, name=name, clean=_clean, max_rows=MAX_ROWS)
    if not sheets:
        raise InputError(f"{name}: every sheet is empty; expected a header row and data rows")
    base = Path(name).name
    tables = []
    for title, starts, rows in sheets:
        table = _build_table(f"{base}[{title}]", _Records(starts, rows), header=header)
        table.title = title
        tables.append(table)
    for title in ignored:
        tables[0].notes.append(f"sheet {title!r} is marked {IGNORED_SHEET} and is skipped")
    return tables
