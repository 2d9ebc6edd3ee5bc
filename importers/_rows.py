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

import codecs
import csv
import datetime as dt
import gc
import io
import itertools
import operator
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphlib_kam.errors import InputError, NotFoundError, Problem

__all__ = [
    "BLANKS",
    "MAX_IMPORT_BYTES",
    "MAX_ROWS",
    "MAX_UNCOMPRESSED_BYTES",
    "Decoded",
    "Place",
    "Row",
    "RowProblem",
    "Table",
    "decode_bytes",
    "detect_delimiter",
    "is_blank",
    "parse_delimited",
    "parse_delimiter_option",
    "paused_gc",
    "read_text",
    "require_rows",
    "tables_from_file",
]

MAX_IMPORT_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
# An .xlsx is a zip of XML: refuse what would inflate past these before opening it.
MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_ENTRIES = 10_000
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
# Kumu's convention, followed for every workbook: a sheet so named is not data.
IGNORED_SHEET = "(ignore)"

# What spreadsheets and CRM exports write for "no value" (Salesforce/Prodly: "#N/A").
BLANKS = frozenset({"", "#n/a", "n/a", "#null!", "null", "nan", "#value!", "#ref!"})
_BLANK_STARTS = frozenset("#nN'")  # first characters of a blank, or of a formula guard
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_BAD_CHAR = "\ufffd"


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


# --- bytes to text --------------------------------------------------------------------

@dataclass
class Decoded:
    """Text decoded from bytes: the encoding used and the bytes that did not fit it.

    ``bad`` lists ``(line, byte)`` for each byte kept as ``�``.
    """

    text: str
    encoding: str
    bad: list[tuple[int, int]] = field(default_factory=list)
    guessed: bool = False


_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]
_ESCAPED = re.compile("[\udc80-\udcff]")
_ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "gb18030": "GB18030",
                   "utf-16": "UTF-16", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16",
                   "utf-32": "UTF-32"}
_ADVICE = ("save it as CSV UTF-8, or name its encoding, for example --encoding cp1252 "
           "(Western Excel) or --encoding big5")


def _shown(encoding: str) -> str:
    return _ENCODING_NAMES.get(encoding, encoding)


def _decode_escaped(raw: bytes, encoding: str) -> tuple[str, list[tuple[int, int]]]:
    """Decode keeping each byte that does not fit as ``�``: the text and (offset, byte)."""
    text = raw.decode(encoding, errors="surrogateescape")
    bad = [(m.start(), ord(m.group()) - 0xDC00) for m in _ESCAPED.finditer(text)]
    if bad:
        text = _ESCAPED.sub(_BAD_CHAR, text)
    return text, bad


def _lines_of(text: str, bad: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out, line, last = [], 1, 0
    for offset, byte in bad:
        line += text.count("\n", last, offset)
        last = offset
        out.append((line, byte))
    return out


def _reads_as_chinese(text: str) -> bool:
    """Whether the non-ASCII characters are mostly common Chinese (GB2312) ones."""
    sample = [c for c in text[:200_000] if ord(c) > 127 and c != _BAD_CHAR][:5000]
    if not sample:
        return False
    common = 0
    for char in sample:
        try:
            char.encode("gb2312")
        except UnicodeEncodeError:
            continue
        common += 1
    return common >= 0.8 * len(sample)


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 without a byte-order mark: zeros in every other byte (Latin text), or
    the one byte order in which the text has line ends and reads as text."""
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    head = head[: len(head) // 2 * 2]
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = head.decode(codec)
        except UnicodeDecodeError:
            continue
        readable = sum(1 for c in text if c.isprintable() or c in "\t\r\n")
        if "\n" in text and "\x00" not in text and readable >= 0.95 * len(text):
            return codec
    return None


def _too_many(bad_lines: list[tuple[int, int]], text: str) -> bool:
    lines = {line for line, _ in bad_lines}
    return len(lines) > max(5, text.count("\n") // 100)


def _refuse(name: str, raw: bytes, encodings: str) -> InputError:
    try:
        raw.decode("utf-8")
        first = None
    except UnicodeDecodeError as err:
        first = err.start
    if first is None:
        return InputError(f"{name}: not text in {encodings}; {_ADVICE}")
    line = raw[:first].count(b"\n") + 1
    return InputError(f"{name}: line {line}: byte 0x{raw[first]:02x} fits neither "
                      f"{encodings}; {_ADVICE}")


def decode_bytes(raw: bytes, *, name: str = "input", encoding: str | None = None) -> Decoded:
    """Decode a text file's bytes, detecting the encoding unless ``encoding`` is given.

    A byte-order mark decides (UTF-8, UTF-16, UTF-32); then UTF-8; then GB18030 when
    the result reads as Chinese text. A few bytes that fit the encoding found are kept
    as ``�`` and listed in :attr:`Decoded.bad`, each with its line.

    >>> decode_bytes("王建国".encode("gb18030")).encoding
    'gb18030'
    >>> decode_bytes(b"\\xff\\xfeA\\x00").text
    'A'
    >>> d = decode_bytes("名\\n王\\xff\\n".encode("utf-8").replace(b"\\xc3\\xbf", b"\\xff"))
    >>> d.encoding, d.bad
    ('utf-8', [(2, 255)])

    Raises
    ------
    InputError
        A binary file, an encoding Python does not know, or text in which more than a
        few lines hold bytes that fit no encoding tried (the message names the first).
    """
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError as err:
            raise InputError(f"--encoding {encoding!r} is not an encoding Python knows") \
                from err
        text, bad = _decode_escaped(raw, encoding)
        text = text.removeprefix("\ufeff")
        lines = _lines_of(text, bad)
        if _too_many(lines, text):
            line, byte = lines[0]
            raise InputError(f"{name}: line {line}: byte 0x{byte:02x} is not {encoding} "
                             f"(nor are bytes on {len({n for n, _ in lines}) - 1} other "
                             f"lines); {_ADVICE}")
        return Decoded(text, encoding, lines)
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            text, bad = _decode_escaped(raw, codec)
            return Decoded(text.removeprefix("\ufeff"), codec, _lines_of(text, bad))
    head = raw[:4096]
    if b"\x00" in head:
        codec = _utf16_without_bom(head)
        if codec is None:
            raise InputError(f"{name}: a binary file, not text; expected CSV or text "
                             "(or an .xlsx workbook named .xlsx)")
        text, bad = _decode_escaped(raw, codec)
        return Decoded(text, codec, _lines_of(text, bad), guessed=True)
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    utf8, bad = _decode_escaped(raw, "utf-8")
    utf8_lines = _lines_of(utf8, bad)
    few = not _too_many(utf8_lines, utf8)
    fitting = sum(1 for c in utf8 if ord(c) > 127) - len(bad)
    if few and fitting and fitting >= len(bad):  # UTF-8 with a few stray bytes
        return Decoded(utf8, "utf-8", utf8_lines)
    text, bad = _decode_escaped(raw, "gb18030")
    lines = _lines_of(text, bad)
    if _reads_as_chinese(text) and not _too_many(lines, text):
        return Decoded(text, "gb18030", lines, guessed=True)
    if few:  # plain text with a few bytes that fit nothing tried
        return Decoded(utf8, "utf-8", utf8_lines)
    raise _refuse(name, raw, "UTF-8 nor GB18030 (Chinese Excel)")


def _read_bytes(path: Path, *, limit: int | None = None) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise InputError(
                f"{path}: the file is {size / 1048576:.0f} MB; files up to "
                f"{MAX_IMPORT_BYTES // 1048576} MB are imported (split it, or import only "
                "the columns and rows you need)"
            )
        if path.is_dir():
            raise IsADirectoryError(path)
        if limit is not None:
            with path.open("rb") as handle:
                return handle.read(limit)
        return path.read_bytes()
    except FileNotFoundError as err:
        raise NotFoundError(f"{path}: no such file") from err
    except IsADirectoryError as err:
        raise InputError(f"{path}: is a folder; expected a file") from err
    except PermissionError as err:
        raise InputError(f"{path}: permission denied") from err


def read_text(path: str | os.PathLike, *, encoding: str | None = None) -> str:
    """Read a whole text file (for JSON): the encoding detected as :func:`decode_bytes`.

    Raises
    ------
    NotFoundError
        When there is no such file.
    InputError
        When the file is too large, a folder, unreadable, or holds bytes that fit no
        encoding: the message names the line and byte and suggests encodings to try.
    """
    path = Path(path)
    decoded = decode_bytes(_read_bytes(path), name=str(path), encoding=encoding)
    if decoded.bad:
        line, byte = decoded.bad[0]
        raise InputError(f"{path}: line {line}: byte 0x{byte:02x} is not "
                         f"{_shown(decoded.encoding)}; {_ADVICE}")
    return decoded.text


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
_BLANK_SPELLINGS = frozenset().union(*(_case_variants(b) for b in BLANKS))


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
    if not _BLANK_SPELLINGS.isdisjoint(values):
        values = [None if v in _BLANK_SPELLINGS else v for v in values]
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

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def tables_from_file(
    path: str | os.PathLike, *, encoding: str | None = None, header: bool | None = None,
    whitespace: bool | None = None, delimiter: str | None = None,
) -> list[Table]:
    """Read a CSV/TSV/text file (one table) or an Excel workbook (one table per sheet).

    Parameters
    ----------
    path : path-like
        ``.xlsx``/``.xlsm`` are read as workbooks; anything else as delimited text, whose
        delimiter (comma, tab, semicolon, bar or runs of spaces) is detected.
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
    path = Path(path)
    suffix = path.suffix.casefold()
    if suffix == ".xls":
        raise InputError(f"{path}: old binary Excel (.xls) is not read; save it as .xlsx or CSV")
    if suffix in EXCEL_SUFFIXES:
        return _tables_from_workbook(path, header=header)
    raw = _read_bytes(path)
    if raw.startswith(_ZIP_MAGIC):
        raise InputError(f"{path}: is an Excel workbook (a zip file), not text; name it .xlsx")
    if raw.startswith(_OLE_MAGIC):
        raise InputError(f"{path}: is an old Excel (.xls) or a password-protected workbook, "
                         "not text; save it as .xlsx or CSV")
    decoded = decode_bytes(raw, name=str(path), encoding=encoding)
    del raw
    table = parse_delimited(decoded.text, name=path.name, header=header, whitespace=whitespace,
                            delimiter=delimiter, bad=decoded.bad)
    table.guarded = "'" in decoded.text
    if decoded.guessed:
        table.notes.append(f"read as {_shown(decoded.encoding)} text (there is no byte-order "
                           "mark and it is not UTF-8); give --encoding if names look wrong")
    return [table]


def _check_zip(path: Path) -> None:
    """Refuse a workbook that is not a zip, or that would inflate too far (a zip bomb)."""
    head = _read_bytes(path, limit=8)
    if head.startswith(_OLE_MAGIC):
        raise InputError(f"{path}: an old Excel (.xls) or a password-protected workbook; "
                         "save it as an unprotected .xlsx or as CSV")
    if not head.startswith(_ZIP_MAGIC):
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
    head = _read_bytes(path, limit=4096)
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


def _tables_from_workbook(path: Path, *, header: bool | None) -> list[Table]:
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
                row = [_clean(_excel_value(c)) for c in cells]
                if any(c is not None for c in row):
                    starts.append(number)
                    rows.append(row)
                    if len(rows) > MAX_ROWS + 1:
                        _too_many_rows(name)
            if rows:
                table = _build_table(name, _Records(starts, rows), header=header)
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
