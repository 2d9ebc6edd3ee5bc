"""The columnar path of :func:`~graphlib_kam.importers.import_table`: CSV tables read
with ``pyarrow.csv`` and checked a column at a time.

The row path keeps every cell as a Python string and builds a ``Stakeholder`` or a
``Relationship`` per row before anything is checked; on 400,000 rows that object making
(and the garbage collector's walk over it) is most of the import. Here each column is
the bytes ``pyarrow.csv`` read and, per cell, where it starts and ends (numpy arrays):
cells are stripped and blanks found on those arrays, a column of roles or levels is read
once per distinct spelling, ids are checked for repeats and references for their ends by
comparing fixed-width keys, and only the rows a mask flags are visited in Python, to say
what is wrong with them — in the same words, at the same file, row and column as the row
path. The map's objects are made only when something asks for
:attr:`ColumnarResult.map` (a merge, a save); the counts and the report need none.
``pyarrow.compute`` is not used: its first call costs more than reading the files.

The path covers what large tables hold; anything else is left to the row path, which
gives the same map and report (:func:`import_columnar` returns None):

* files: UTF-8 (a byte-order mark allowed) comma-separated text with a header row, one
  record a line (no line break inside a quoted cell), no blank rows, every row as wide
  as the header, no cell that starts with an apostrophe (a formula guard); no
  ``--encoding``, ``--delimiter`` or ``--field`` option; no workbook;
* tables: stakeholders and relationships (a team or coverage table goes by rows);
* stakeholder columns: id, name, title, department, level, role, stance, power, status,
  tags, interests, notes and reports to (first and last name, e-mail, influences,
  allies, conflicts, successor and the coverage columns go by rows).
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphlib_kam.importers._build import ImportResult, MapBuilder, name_key
from graphlib_kam.importers._fields import (
    RELATIONSHIP_COLUMNS,
    ROLE_UNKNOWN_TAG,
    STAKEHOLDER_COLUMNS,
    classify_table,
    level_from_title,
    match_columns,
    read_enum,
    read_power,
    read_stance,
    read_strength,
    slug,
    split_list,
)
from graphlib_kam.importers._rows import (
    BLANK_SPELLINGS,
    MAX_ROWS,
    Place,
    Table,
    detect_delimiter,
    header_names,
)
from graphlib_kam.importers._text import InputFile, input_bytes
from graphlib_kam.importers._workbook import EXCEL_SUFFIXES, OLE_MAGIC, ZIP_MAGIC
from graphlib_kam.model import Account, AccountMap, Relationship, Stakeholder
from graphlib_kam.model.codec import dumps_map
from graphlib_kam.model.vocab import DIRECTED_KINDS, RELATIONSHIP_KINDS

__all__ = ["ColumnarResult", "import_columnar"]

_BOM = b"\xef\xbb\xbf"
_COVERED = frozenset({"id", "name", "title", "department", "level", "role", "stance",
                      "power", "status", "tags", "interests", "notes", "reports_to"})
_ROLE_UNKNOWN = (f"no known role: kept as a user, tagged {ROLE_UNKNOWN_TAG!r} (ask the "
                 "account team)")
_LEVEL_FROM_TITLE = "level read from the job title"
_LEVEL_ASSUMED = "no level and no job title: operational assumed"
_GIVEN_ORDER = ("name", "title", "department", "notes", "tags", "interests", "role", "level",
                "stance", "power", "status")
# What str.strip() removes, in UTF-8: ASCII whitespace, and the characters U+0085 and
# U+00A0 (two bytes), U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F and U+3000
# (three). A cell that starts or ends with one is stripped in Python; the others are
# kept as they are.
_ASCII_SPACE = b"\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f "
_SPACES = [c.encode("utf-8") for c in map(chr, [0x85, 0xA0, 0x1680, *range(0x2000, 0x200B),
                                                0x2028, 0x2029, 0x202F, 0x205F, 0x3000])]
_BLANK_FIRST = b"#nN"


class _NotCovered(Exception):
    """The input needs the row path."""


def import_columnar(paths: Iterable[str | os.PathLike | InputFile], *,
                    account: Account) -> ImportResult | None:
    """The import of CSV ``paths`` by columns, or None when the row path must read them
    (pyarrow missing, or an input the columnar path does not cover: see the module
    notes). The same map and report as the row path."""
    try:
        import pyarrow.csv  # noqa: F401 - an optional speed-up
    except ImportError:
        return None
    try:
        sheets = []
        for path in paths:  # each file's pyarrow table is let go before the next is read
            sheet = _read_sheet(path)
            sheet.plan()
            sheets.append(sheet)
        return _Import(account, sheets).run()
    except _NotCovered:
        return None


# --- cells --------------------------------------------------------------------------

def _table(values: bytes):
    import numpy as np

    table = np.zeros(256, dtype=bool)
    table[list(values)] = True
    return table


class _Cells:
    """One column: its cells as byte ranges ``[starts, ends)`` of ``data``, stripped, and
    ``valid`` false for a blank cell. ``data`` is UTF-8 with eight zero bytes after the
    last cell: what an index just before a cell's start or after its end finds, and room
    for reading eight bytes at any cell's start.
    ``whole``: every cell is as it was read, one after the other (none stripped);
    ``parent``: the column and rows these cells were taken from."""

    __slots__ = ("data", "ends", "parent", "starts", "valid", "whole")

    def __init__(self, data, starts, ends, valid, parent=None):
        self.data, self.starts, self.ends, self.valid = data, starts, ends, valid
        self.whole = False
        self.parent = parent

    @classmethod
    def of(cls, column) -> _Cells:
        """The cells of a pyarrow string column, cleaned as the row path cleans them."""
        import numpy as np

        datas, starts, ends, base = [], [], [], 0
        for chunk in column.chunks:
            data = chunk.buffers()[2]
            offsets = _offsets(chunk)
            first, last = int(offsets[0]), int(offsets[-1])
            if data is not None:
                datas.append(np.frombuffer(data, dtype=np.uint8)[first:last])
            starts.append(offsets[:-1] - first + base)
            ends.append(offsets[1:] - first + base)
            base += last - first
        data = np.concatenate([*datas, np.zeros(8, np.uint8)])
        # int32, as Arrow keeps them: a column holds far less than 2 GB.
        starts = np.concatenate(starts).astype(np.int32) if starts else np.zeros(0, np.int32)
        ends = np.concatenate(ends).astype(np.int32) if ends else np.zeros(0, np.int32)
        cells = cls(data, starts, ends, ends > starts)
        cells.whole = True
        cells._clean()
        return cells

    def __len__(self) -> int:
        return len(self.starts)

    def text(self, k: int) -> str | None:
        if not self.valid[k]:
            return None
        return bytes(self.data[self.starts[k]:self.ends[k]]).decode("utf-8")

    def _clean(self) -> None:
        """Strip the cells and find the blanks, as the row path's ``_clean_column``
        does; the cells that may need it are found on their first and last bytes."""
        import numpy as np

        data, starts, ends, filled = self.data, self.starts, self.ends, self.valid
        spaces = _table(_ASCII_SPACE)
        first, last = data[starts], data[ends - 1]  # ends - 3 >= -3: the pad bytes
        edges = spaces[first] | spaces[last] | _table(b"\xc2\xe1\xe2\xe3")[first]
        edges |= (data[ends - 2] == 0xC2) | _table(b"\xe1\xe2\xe3")[data[ends - 3]]
        edges &= filled
        for k in np.flatnonzero(edges).tolist():
            text = bytes(data[starts[k]:ends[k]]).decode("utf-8")
            kept = text.strip()
            if kept != text:
                lead = len(text) - len(text.lstrip())
                starts[k] += len(text[:lead].encode("utf-8"))
                ends[k] = starts[k] + len(kept.encode("utf-8"))
                self.whole = False
        filled &= ends > starts
        first = data[starts]
        if (first[filled] == ord("'")).any():
            raise _NotCovered  # a formula guard: the row path cleans cell by cell
        maybe = filled & (ends - starts <= 7) & _table(b"#nN")[first]
        for k in np.flatnonzero(maybe).tolist():
            if bytes(data[starts[k]:ends[k]]).decode("utf-8") in BLANK_SPELLINGS:
                filled[k] = False

    def blank_text(self):
        """Whether each cell is empty (only spaces, or nothing) — not a blank spelling."""
        return self.ends <= self.starts

    def take(self, rows) -> _Cells:
        """The cells at ``rows`` (positions, or a mask: these cells when it keeps all)."""
        if getattr(rows, "dtype", None) is not None and rows.dtype.kind == "b" \
                and rows.all():
            return self
        return _Cells(self.data, self.starts[rows], self.ends[rows], self.valid[rows],
                      (self, rows))

    def texts(self) -> list[str]:
        """The cells as text ("" for a blank)."""
        import numpy as np

        if self.parent is not None:
            cells, rows = self.parent
            values = np.array(cells.texts(), dtype=object)[rows]
        elif self.whole and len(self):
            import pyarrow as pa

            offsets = np.append(self.starts, self.ends[-1]).astype(np.int32)
            values = pa.StringArray.from_buffers(len(self), pa.py_buffer(offsets),
                                                 pa.py_buffer(self.data)).to_pylist()
            if self.valid.all():
                return values
            values = np.array(values, dtype=object)
        else:
            values = np.array([self.text(k) or "" for k in range(len(self))], dtype=object)
        values[~self.valid] = ""
        return values.tolist()

    def keys(self):
        """Each cell as unsigned 64-bit words (its bytes, zero-padded to the longest
        cell's; a blank cell is all zeros), and a hash of each (one word: the first
        word itself for a text of at most eight bytes, in any column)."""
        import numpy as np

        lengths = np.where(self.valid, self.ends - self.starts, 0).astype(np.int64)
        longest = int(lengths.max(initial=0))
        words = np.zeros((len(self), max(-(-longest // 8), 1)), dtype=np.uint64)
        # The eight bytes that start at each byte of the data, as one little-endian word.
        windows = np.ndarray((len(self.data) - 7,), dtype="<u8", buffer=self.data,
                             strides=(1,))
        ones = np.uint64(0xFFFFFFFFFFFFFFFF)
        for word in range(words.shape[1]):
            left = np.clip(lengths - 8 * word, 0, 8).astype(np.uint64)
            # The cell's bytes of this word: the low 8 * left bits (none when left is 0).
            masks = np.where(left == 8, ones, (np.uint64(1) << (left * np.uint64(8)))
                             - np.uint64(1))
            at = np.minimum(self.starts.astype(np.int64) + 8 * word, len(windows) - 1)
            words[:, word] = windows[at] & masks
        # The first word, mixed with the others; a zero word (past the text's end) adds
        # nothing, so that a text hashes alike in a column of short or of long texts.
        mixed = words[:, 0].copy()
        with np.errstate(over="ignore"):
            for word in range(1, words.shape[1]):
                part = words[:, word] * np.uint64(0x9E3779B97F4A7C15 + 2 * word)
                mixed ^= part ^ (part >> np.uint64(29))
        return words, mixed


def _distinct(cells: _Cells):
    """The distinct cells of a column: a code per cell (-1 for a blank) and a row per
    code that holds it. A column of a few spellings (roles, levels, kinds) is compared
    spelling by spelling; others are sorted."""
    import numpy as np

    words, mixed = cells.keys()
    codes = np.full(len(cells), -1, dtype=np.int64)
    left = np.flatnonzero(cells.valid)
    rows: list[int] = []
    while len(left) and len(rows) < 64:
        row = int(left[0])
        same = (words[left] == words[row]).all(axis=1)
        codes[left[same]] = len(rows)
        rows.append(row)
        left = left[~same]
    if not len(left):
        return codes, np.array(rows, dtype=np.int64)
    order = left[np.argsort(mixed[left], kind="stable")]
    starts = np.ones(len(order), dtype=bool)
    starts[1:] = mixed[order[1:]] != mixed[order[:-1]]
    group = np.cumsum(starts) - 1
    heads = order[starts]
    if not (words[order] == words[heads[group]]).all():  # two texts share a hash
        _, heads, inverse = np.unique(words[left], axis=0, return_index=True,
                                      return_inverse=True)
        codes[left] = len(rows) + inverse.reshape(-1)
        return codes, np.concatenate([rows, left[heads]]).astype(np.int64)
    codes[order] = len(rows) + group
    return codes, np.concatenate([rows, heads]).astype(np.int64)


def _read_distinct(cells: _Cells, reader: Callable[[Any], tuple[Any, str | None]]):
    """A column read once per distinct cell: the code of each cell (-1 for a blank),
    and per code the value and the reader's problem (None when there is none)."""
    codes, rows = _distinct(cells)
    readings = [reader(cells.text(row)) for row in rows.tolist()]
    return codes, [v for v, _ in readings], [w for _, w in readings]


def _per_row(codes, values: list, blank: Any = None):
    """``values[code]`` for each code, ``blank`` for -1, as a numpy object array."""
    import numpy as np

    return np.array([*values, blank], dtype=object)[codes]


class _Lookup:
    """Texts found by their bytes: which of ``cells`` (unique) each cell of another
    column equals."""

    def __init__(self, cells: list[_Cells]):
        import numpy as np

        parts = [c.keys() for c in cells]
        self.width = max(w.shape[1] for w, _ in parts)
        self.words = np.concatenate([self._pad(w) for w, _ in parts])
        mixed = np.concatenate([m for _, m in parts]) if parts else np.zeros(0, np.uint64)
        self.order = np.argsort(mixed, kind="stable")
        self.sorted = mixed[self.order]

    def _pad(self, words):
        import numpy as np

        if words.shape[1] == self.width:
            return words
        out = np.zeros((len(words), self.width), dtype=np.uint64)
        out[:, :words.shape[1]] = words
        return out

    def unique(self) -> bool:
        """Whether no two texts (no two hashes) repeat."""
        import numpy as np

        return not (len(self.sorted) > 1 and np.any(self.sorted[1:] == self.sorted[:-1]))

    def find(self, cells: _Cells):
        """The position of each cell of ``cells`` among the texts (-1: none)."""
        import numpy as np

        if not len(self.sorted):
            return np.full(len(cells), -1, dtype=np.int32)
        words, mixed = cells.keys()
        order = np.argsort(mixed)  # sorted queries search the sorted keys faster
        at = np.empty(len(mixed), dtype=np.int64)
        at[order] = np.searchsorted(self.sorted, mixed[order])
        at = np.minimum(at, len(self.sorted) - 1)
        found = self.order[at]
        hit = self.sorted[at] == mixed
        if self.width == 1 and words.shape[1] == 1:
            pass  # the words themselves were compared
        elif words.shape[1] <= self.width:
            hit &= (self._pad(words) == self.words[found]).all(axis=1)
        else:  # a text longer than every id is none of them
            hit &= (words[:, self.width:] == 0).all(axis=1)
            hit &= (words[:, :self.width] == self.words[found]).all(axis=1)
        return np.where(hit & cells.valid, found, -1).astype(np.int32)


def _lists(cells: _Cells | None) -> dict[int, list[str]]:
    """The non-empty lists a column of several items a cell holds, by position."""
    if cells is None:
        return {}
    import numpy as np

    out = {}
    for k in np.flatnonzero(cells.valid).tolist():
        items = split_list(cells.text(k))
        if items:
            out[k] = items
    return out


# --- reading ------------------------------------------------------------------------

@dataclass
class _Sheet:
    """One CSV file read by columns: its headers and the pyarrow table; the cells of a
    column are cleaned when the import first needs them."""

    name: str
    headers: list[str]
    table: Any
    rows: int
    kind: str = ""
    fields: dict[str, str] = field(default_factory=dict)  # field → header
    unused: list[str] = field(default_factory=list)
    cells: dict[str, _Cells] = field(default_factory=dict)

    def plan(self) -> None:
        """Tell the table's kind and which column holds each field, clean those columns
        and let the rest of the pyarrow table go.

        Raises
        ------
        _NotCovered
            A team or coverage table, or a stakeholder column the path does not read.
        """
        self.kind = classify_table(Table(self.name, self.headers))
        if self.kind not in ("stakeholders", "relationships"):
            raise _NotCovered
        aliases = STAKEHOLDER_COLUMNS if self.kind == "stakeholders" else RELATIONSHIP_COLUMNS
        self.fields, self.unused = match_columns(self.headers, aliases)
        if self.kind == "stakeholders" and (not self.fields.keys() <= _COVERED
                                            or not {"id", "name"} & self.fields.keys()):
            raise _NotCovered
        for header in self.fields.values():
            self.cells[header] = _Cells.of(self.table.column(self.headers.index(header)))
        self.table = None

    def column(self, header: str | None) -> _Cells | None:
        """The cells under ``header`` (None when there is no such column)."""
        return self.cells.get(header) if header is not None else None


def _read_sheet(path: str | os.PathLike | InputFile) -> _Sheet:
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    suffix = path.suffix if isinstance(path, InputFile) else Path(path).suffix.casefold()
    if suffix in (*EXCEL_SUFFIXES, ".xls"):
        raise _NotCovered
    try:
        name, raw = input_bytes(path)
    except Exception as err:  # the row path says what is wrong with the file
        raise _NotCovered from err
    body = raw.removeprefix(_BOM)
    del raw
    if not body or body.startswith((ZIP_MAGIC, OLE_MAGIC, b"\xff\xfe", b"\xfe\xff")) \
            or b"\x00" in body or body.count(b"\r") != body.count(b"\r\n"):
        raise _NotCovered
    head = body[:262144].decode("utf-8", "ignore")[:65536]
    if detect_delimiter(head) != ",":
        raise _NotCovered
    first_line = head.split("\n", 1)[0]
    if len(first_line) == len(head) and len(head) < len(body):
        raise _NotCovered  # a header longer than the sample
    cells = next(csv.reader([first_line]), [])
    headers = header_names(cells) if cells else None
    if headers is None:
        raise _NotCovered  # no header row: the row path numbers the columns
    width = len(headers)
    lines = body.count(b"\n") + (0 if body.endswith(b"\n") else 1)
    if lines - 1 > MAX_ROWS or lines < 2:
        raise _NotCovered
    names = [f"c{i}" for i in range(width)]
    try:
        table = pa_csv.read_csv(
            pa.py_buffer(body),
            read_options=pa_csv.ReadOptions(skip_rows=1, column_names=names,
                                            use_threads=False),
            # Only a quoted cell can hold a line break (then the row count tells).
            parse_options=pa_csv.ParseOptions(delimiter=",",
                                              newlines_in_values=b'"' in body),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False,
                quoted_strings_can_be_null=False))
    except (pa.ArrowException, ValueError) as err:  # not UTF-8, a short or long row …
        raise _NotCovered from err
    del body
    if table.num_rows != lines - 1:
        raise _NotCovered  # a blank line, or a record over several lines
    maybe = np.ones(table.num_rows, dtype=bool)
    for column in table.columns:
        maybe &= _maybe_blank(column)
    for k in np.flatnonzero(maybe).tolist():
        if not "".join(column[k].as_py() for column in table.columns).strip():
            raise _NotCovered  # a blank row: the row path skips it
    return _Sheet(Path(name).name, headers, table, table.num_rows)


def _maybe_blank(column):
    """Whether each cell of a pyarrow string column is empty or starts with a byte that
    may begin a space (those cells are looked at in Python)."""
    import numpy as np

    out = []
    spaces = _table(_ASCII_SPACE + b"\xc2\xe1\xe2\xe3")
    for chunk in column.chunks:
        offsets = _offsets(chunk)
        data = chunk.buffers()[2]
        if data is None or not len(data):
            out.append(np.ones(len(chunk), dtype=bool))
            continue
        data = np.frombuffer(data, dtype=np.uint8)
        first = data[np.minimum(offsets[:-1], len(data) - 1)]
        out.append((offsets[1:] == offsets[:-1]) | spaces[first])
    return np.concatenate(out) if out else np.zeros(0, dtype=bool)


def _offsets(chunk):
    """The int64 offsets of a pyarrow string array's cells (one more than its cells)."""
    import numpy as np

    return np.frombuffer(chunk.buffers()[1], dtype=np.int32, count=len(chunk) + 1,
                         offset=chunk.offset * 4).astype(np.int64)


# --- the import ---------------------------------------------------------------------

@dataclass
class _People:
    """The stakeholders of one table, as columns (rows without a name or an id left
    out); ``added`` is the id each got (None: skipped as a repeat), or None when every
    row kept the id it has."""

    sheet: _Sheet
    numbers: Any
    cells: dict[str, _Cells]
    levels: Any
    roles: Any
    stances: Any
    powers: Any
    statuses: Any
    tags: dict[int, list[str]]
    interests: dict[int, list[str]]
    given: Any  # numpy bool matrix: a row per person, a column per _GIVEN_ORDER field
    added: list[str | None] | None = None

    def ids(self) -> list[str | None]:
        return self.added if self.added is not None else self.cells["id"].texts()


@dataclass
class _Batch:
    """Links of one table, before their ends are resolved: the reference texts, the
    kind (an index of RELATIONSHIP_KINDS) and strength (NaN: none) of each, and where."""

    sources: Any  # _Cells, or numpy positions of the people they come from
    targets: _Cells
    kinds: Any
    strengths: Any
    sheet: str
    numbers: Any
    column: str | None


class _Import:
    """One import by columns; :meth:`run` gives the result (or raises _NotCovered)."""

    def __init__(self, account: Account, sheets: list[_Sheet]):
        self.account = account
        self.sheets = sheets
        self.report = MapBuilder(account)  # only its problems and notes are used
        self.people: list[_People] = []
        self.batches: list[_Batch] = []
        self.count = 0  # stakeholders added
        self.fast = False  # every id given, none repeated, no names alike
        self.made: set[str] = set()
        self._index: dict[str, int] | None = None
        self._by_key: dict[str, str | list[str]] = {}
        self._named: list[str] = []
        self._wheres: list[Place] = []
        self.lookup: _Lookup | None = None  # the ids, when every one is given and unique

    def run(self) -> ImportResult:
        plan = [(sheet, sheet.kind, sheet.fields, sheet.unused) for sheet in self.sheets]
        if not any(kind == "stakeholders" for _, kind, _, _ in plan):
            raise _NotCovered
        self.fast = self._plainly_unique([(s, c) for s, k, c, _ in plan
                                          if k == "stakeholders"])
        for sheet, kind, columns, unused in plan:
            if kind == "stakeholders":
                self._note_unused(sheet, unused)
                self._read_people(sheet, columns)
        for sheet, kind, columns, unused in plan:
            if kind == "relationships":
                self._note_unused(sheet, unused)
                self._read_links(sheet, columns)
        links = self._links()
        return ColumnarResult(self.account, self.people, links, problems=self.report.problems,
                              notes=self.report.notes(), made_ids=self.made)

    def _note_unused(self, sheet: _Sheet, unused: list[str]) -> None:
        if unused:
            self.report.note(f"columns not imported: {', '.join(map(repr, unused))}",
                             sheet.name)

    def _note_rows(self, message: str, places: Callable[[int], Place], rows) -> None:
        """``message`` at each of ``rows`` (only the first few places are kept)."""
        for k in rows[:5].tolist():
            self.report.note(message, places(k))
        if len(rows) > 5:
            self.report.note_more(message, len(rows) - 5)

    def _plainly_unique(self, tables: list[tuple[_Sheet, dict[str, str]]]) -> bool:
        """Whether every row of the stakeholder tables that names someone has an id, no
        id repeats, and no two names fold to one key (each name plain: its own key)."""
        ids, names = [], []
        for sheet, columns in tables:
            id_cells = sheet.column(columns.get("id"))
            name_cells = sheet.column(columns.get("name"))
            if id_cells is None:
                return False
            if name_cells is not None and (name_cells.valid & ~id_cells.valid).any():
                return False  # an id to make from a name
            ids.append(id_cells.take(id_cells.valid))
            if name_cells is not None:
                named = name_cells.take(name_cells.valid & id_cells.valid)
                if not _plain(named):
                    return False
                names.append(named)
        self.lookup = _Lookup(ids)
        return self.lookup.unique() and (not names or _Lookup(names).unique())

    # --- stakeholders ---------------------------------------------------------------

    def _read_people(self, sheet: _Sheet, columns: dict[str, str]) -> None:
        import numpy as np

        report = self.report
        numbers = np.arange(2, sheet.rows + 2, dtype=np.int32)
        cells = {f: sheet.column(h) for f, h in columns.items()}
        keep = np.zeros(sheet.rows, dtype=bool)
        for what in ("name", "id"):
            if what in cells:
                keep |= cells[what].valid
        if not keep.all():
            for row in numbers[~keep].tolist():
                report.problem(Place(sheet.name, row), "no name and no id; this row is "
                                                       "skipped")
            cells = {f: c.take(keep) for f, c in cells.items()}
            numbers = numbers[keep]
        count = len(numbers)

        def place(k: int, what: str = "") -> Place:
            return Place(sheet.name, int(numbers[k]), columns.get(what) if what else "")

        readers = {"role": lambda v: read_enum("role", v),
                   "level": lambda v: read_enum("level", v), "stance": read_stance,
                   "power": read_power, "status": lambda v: read_enum("status", v)}
        none = np.full(count, None, dtype=object)
        values, whys = {}, {}
        for what, reader in readers.items():
            if what in cells:
                codes, found, why = _read_distinct(cells[what], reader)
                values[what], whys[what] = _per_row(codes, found), _per_row(codes, why)
            else:
                values[what], whys[what] = none, none
        bad = {what: np.flatnonzero(whys[what] != None)  # noqa: E711 - elementwise
               for what in readers}
        problems: list[tuple[int, int, Place, str]] = []
        for k in bad["role"].tolist():
            problems.append((k, 0, place(k, "role"), f"{whys['role'][k]}; kept as a user"))
        roles = values["role"]
        role_given = roles != None  # noqa: E711
        tags = _lists(cells.get("tags"))
        tags_given = np.zeros(count, dtype=bool)
        tags_given[list(tags)] = True
        if not role_given.all():
            unknown = np.flatnonzero(~role_given)
            for k in unknown.tolist():
                tags[k] = [*tags.get(k, []), ROLE_UNKNOWN_TAG]
            self._note_rows(_ROLE_UNKNOWN, place, unknown)
            roles = np.where(role_given, roles, "user")
        for k in bad["level"].tolist():
            problems.append((k, 1, place(k, "level"),
                             f"{whys['level'][k]}; read from the job title"))
        levels = values["level"]
        level_given = levels != None  # noqa: E711
        if not level_given.all():
            missing = np.flatnonzero(~level_given)
            titles = cells.get("title")
            titled = np.zeros(len(missing), dtype=bool) if titles is None else \
                titles.valid[missing]
            levels = levels.copy()
            levels[missing] = "operational"
            if titled.any():
                codes, guessed, _ = _read_distinct(titles.take(missing[titled]),
                                                   lambda t: (level_from_title(t), None))
                levels[missing[titled]] = _per_row(codes, guessed)
            notes = [(_LEVEL_FROM_TITLE, missing[titled]), (_LEVEL_ASSUMED, missing[~titled])]
            notes.sort(key=lambda note: note[1][0] if len(note[1]) else count)
            for message, rows in notes:
                self._note_rows(message, place, rows)
        stances = values["stance"]
        stance_given = stances != None  # noqa: E711
        if not stance_given.all():
            stances = np.where(stance_given, stances,
                               np.where(roles == "opposer", -1, 0).astype(object))
        for order, what, default in ((2, "stance", None), (3, "power", 3),
                                     (4, "status", "active")):
            for k in bad[what].tolist():
                used = stances[k] if default is None else default
                problems.append((k, order, place(k, what),
                                 f"{whys[what][k]}; {used} is used instead"))
        powers, statuses = values["power"], values["status"]
        power_given, status_given = powers != None, statuses != None  # noqa: E711
        if not power_given.all():
            powers = np.where(power_given, powers, 3)
        if not status_given.all():
            statuses = np.where(status_given, statuses, "active")
        for _, _, where, message in sorted(problems, key=lambda p: p[:2]):
            report.problem(where, message)
        for k, person_tags in tags.items():
            if len(person_tags) > 1:
                tags[k] = list(dict.fromkeys(person_tags))
        interests = _lists(cells.get("interests"))
        interests_given = np.zeros(count, dtype=bool)
        interests_given[list(interests)] = True
        texts = [cells[f].valid if f in cells else np.zeros(count, dtype=bool)
                 for f in ("name", "title", "department", "notes")]
        given = np.column_stack([*texts, tags_given, interests_given, role_given,
                                 level_given, stance_given, power_given, status_given])
        people = _People(sheet, numbers, cells, levels, roles, stances, powers, statuses,
                         tags, interests, given)
        first = self.count
        self._add(people)
        self.people.append(people)
        refs = cells.get("reports_to")
        if refs is not None:
            positions = np.arange(first, first + count)
            if people.added is not None:
                added = np.array([p is not None for p in people.added], dtype=bool)
                positions = np.cumsum(added) - 1 + first
                rows = np.flatnonzero(refs.valid & added)
            else:
                rows = np.flatnonzero(refs.valid)
            self.batches.append(_Batch(positions[rows], refs.take(rows),
                                       np.full(len(rows), RELATIONSHIP_KINDS.index(
                                           "reports-to"), dtype=np.int8),
                                       np.full(len(rows), np.nan), sheet.name,
                                       numbers[rows], columns["reports_to"]))

    def _add(self, people: _People) -> None:
        """Give each row its id, as :meth:`MapBuilder.add_stakeholder` does: a repeated
        id is reported and the row skipped; an empty one is made from the name; names
        that differ only in width, case or spaces are reported."""
        count = len(people.numbers)
        if self.fast:
            self.count += count
            return
        report = self.report
        index = self.index()
        ids = people.cells["id"].texts() if "id" in people.cells else [""] * count
        names = people.cells["name"].texts() if "name" in people.cells else [""] * count
        added: list[str | None] = []
        for k, (person_id, name) in enumerate(zip(ids, names, strict=True)):
            where = Place(people.sheet.name, int(people.numbers[k]))
            if not person_id:
                person_id = self._new_id(name)
                self.made.add(person_id)
            elif person_id in index:
                report.problem(where, f"id {person_id!r} repeats the stakeholder of "
                                      f"{self._wheres[index[person_id]]}; this row is "
                                      "skipped")
                added.append(None)
                continue
            index[person_id] = self.count
            self.count += 1
            self._wheres.append(where)
            self._named.append(name)
            added.append(person_id)
            if name:
                self._index_name(person_id, name, where)
        people.added = added

    def _index_name(self, person_id: str, name: str, where: Place) -> None:
        key = name_key(name)
        alike = self._by_key.get(key)
        if alike is None:
            self._by_key[key] = person_id
            return
        others = [alike] if isinstance(alike, str) else alike
        index = self.index()
        if any(self._named[index[o]] == name for o in others):
            self.report.note("names that repeat are kept as different people (references "
                             "by those names are ambiguous; use the ids)", where)
        else:
            other = others[0]
            self.report.problem(where, f"name {name!r} differs from "
                                       f"{self._named[index[other]]!r} "
                                       f"({self._wheres[index[other]]}) only in width, case "
                                       "or spaces; both are kept — if they are one person, "
                                       "delete one of the rows")
        self._by_key[key] = [*others, person_id]

    def index(self) -> dict[str, int]:
        """Stakeholder id → position, and the names and places of those added (made
        when the first row or reference needs them)."""
        if self._index is None:
            self._index = {}
            for people in self.people:
                names = people.cells["name"].texts() if "name" in people.cells \
                    else [""] * len(people.numbers)
                for k, (person_id, name) in enumerate(zip(people.ids(), names,
                                                          strict=True)):
                    if person_id is None:
                        continue
                    where = Place(people.sheet.name, int(people.numbers[k]))
                    self._index[person_id] = len(self._index)
                    self._named.append(name)
                    self._wheres.append(where)
                    if name:
                        key = name_key(name)
                        alike = self._by_key.get(key)
                        self._by_key[key] = person_id if alike is None else \
                            [*([alike] if isinstance(alike, str) else alike), person_id]
        return self._index

    def _new_id(self, name: str) -> str:
        index = self.index()
        base = f"s-{slug(name) or str(len(index) + 1)}"
        candidate, n = base, 2
        while candidate in index:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    def _find(self, ref: str) -> tuple[int | None, str | None]:
        """The position of the stakeholder ``ref`` names, as :meth:`MapBuilder.find`."""
        index = self.index()
        if ref in index:
            return index[ref], None
        ref = ref.strip()
        if ref in index:
            return index[ref], None
        found = self._by_key.get(name_key(ref))
        if isinstance(found, str):
            return index[found], None
        if found:
            exact = [i for i in found if self._named[index[i]] == ref]
            if len(exact) == 1:
                return index[exact[0]], None
            return None, (f"{ref!r} names {len(exact) or len(found)} stakeholders "
                          f"({', '.join(exact or found)}); use the id instead")
        return None, f"no stakeholder has the id or name {ref!r} (a dangling reference)"

    # --- relationships --------------------------------------------------------------

    def _read_links(self, sheet: _Sheet, columns: dict[str, str]) -> None:
        import numpy as np

        count = sheet.rows
        numbers = np.arange(2, count + 2, dtype=np.int32)
        sources, targets = sheet.column(columns["source"]), sheet.column(columns["target"])
        blank = np.full(count, -1, dtype=np.int64)
        kind_cells, strength_cells = sheet.column(columns.get("kind")), \
            sheet.column(columns.get("strength"))
        kind_codes, kinds, kind_whys = (blank, [], []) if kind_cells is None else \
            _read_distinct(kind_cells, lambda v: read_enum("kind", v))
        strength_codes, strengths, strength_whys = (blank, [], []) \
            if strength_cells is None else _read_distinct(strength_cells, read_strength)
        ends = sources.valid & targets.valid
        kind_bad = np.array([w is not None for w in kind_whys] + [False])[kind_codes]
        strength_bad = np.array([w is not None for w in strength_whys]
                                + [False])[strength_codes]
        keep = ends & ~kind_bad
        report = self.report
        for k in np.flatnonzero(~keep | strength_bad).tolist():
            row = int(numbers[k])
            if not ends[k]:
                report.problem(Place(sheet.name, row), "needs both a source and a target; "
                                                       "this row is skipped")
            elif kind_bad[k]:
                report.problem(Place(sheet.name, row, columns["kind"]),
                               f"{kind_whys[kind_codes[k]]}; this row is skipped")
            else:
                report.problem(Place(sheet.name, row, columns["strength"]),
                               f"{strength_whys[strength_codes[k]]}; left empty")
        default = RELATIONSHIP_KINDS.index("influences")
        kind_of = np.array([RELATIONSHIP_KINDS.index(k) if k else default for k in kinds]
                           + [default], dtype=np.int64)
        strength_of = np.array([np.nan if v is None else v for v in strengths] + [np.nan])
        self.batches.append(_Batch(sources.take(keep), targets.take(keep),
                                   kind_of[kind_codes[keep]].astype(np.int8),
                                   strength_of[strength_codes[keep]], sheet.name,
                                   numbers[keep], None))
        for what in ("kind", "strength"):  # read: the cells are no longer needed
            sheet.cells.pop(columns.get(what), None)

    def _links(self) -> _Links:
        """Every link with its ends resolved to stakeholder positions (those that do not
        resolve reported and left out), loops reported and repeats merged, as
        :meth:`MapBuilder.finish` does."""
        import numpy as np

        if not self.batches:
            return _Links.empty()
        ends = self._resolve()
        for batch in self.batches:  # the texts are no longer needed
            batch.sources = batch.targets = None
        for sheet in self.sheets:
            if sheet.kind == "relationships":
                sheet.cells.clear()
        parts = []
        for batch, (sources, targets) in zip(self.batches, ends, strict=True):
            keep = (sources >= 0) & (targets >= 0)
            if keep.all():
                keep = slice(None)
            parts.append((sources[keep], targets[keep], batch.kinds[keep],
                          batch.strengths[keep], batch.numbers[keep]))
        del ends

        def joined(at: int, dtype):
            return np.concatenate([p[at] for p in parts], dtype=dtype, casting="same_kind")

        sources, targets = joined(0, np.int32), joined(1, np.int32)
        kinds, strengths = joined(2, np.int8), joined(3, np.float64)
        numbers = joined(4, np.int32)
        batch_of = np.repeat(np.arange(len(parts)), [len(p[0]) for p in parts])
        count = len(kinds)
        loops = sources == targets
        directed = np.isin(kinds, [RELATIONSHIP_KINDS.index(k) for k in DIRECTED_KINDS])
        low = np.where(directed, sources, np.minimum(sources, targets)).astype(np.int64)
        high = np.where(directed, targets, np.maximum(sources, targets))
        size = self.count + 1
        keys = (kinds.astype(np.int64) * size + low) * size + high
        del low, high, directed
        keys[loops] = -1 - np.flatnonzero(loops)  # a loop repeats nothing
        ordered = np.sort(keys)
        if not loops.any() and not (ordered[1:] == ordered[:-1]).any():
            return _Links(sources, targets, kinds, strengths)
        del ordered
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        inverse = inverse.reshape(-1)
        repeats = first[inverse] != np.arange(count)
        if loops.any() or repeats.any():
            ids = None
            for k in np.flatnonzero(loops | repeats).tolist():
                batch = self.batches[batch_of[k]]
                where = Place(batch.sheet, int(numbers[k]), batch.column)
                if loops[k]:
                    ids = ids or self._ids()
                    self.report.problem(where, f"links {ids[sources[k]]!r} to itself; this "
                                               "link is skipped")
                    continue
                f = int(first[inverse[k]])
                if (sources[f], targets[f]) == (sources[k], targets[k]):
                    self.report.note(f"repeated {RELATIONSHIP_KINDS[kinds[k]]} links merged "
                                     "(the strongest is kept)", where)
                if not np.isnan(strengths[k]) and (np.isnan(strengths[f])
                                                   or strengths[k] > strengths[f]):
                    strengths[f] = strengths[k]
            keep = ~(loops | repeats)
            sources, targets, kinds, strengths = (sources[keep], targets[keep], kinds[keep],
                                                  strengths[keep])
        return _Links(sources, targets, kinds, strengths)

    def _resolve(self) -> list[tuple[Any, Any]]:
        """For each batch, the position of each link's source and target (-1: not
        resolved, reported)."""
        import numpy as np

        refs = [b.sources for b in self.batches if isinstance(b.sources, _Cells)] + \
            [b.targets for b in self.batches]
        if self.fast:
            resolved = [self.lookup.find(cells) for cells in refs]
        else:
            index = self.index()
            resolved = []
            for cells in refs:
                codes, rows = _distinct(cells)
                position = np.array([index.get(cells.text(row), -1) for row in rows.tolist()]
                                    + [-1], dtype=np.int64)
                resolved.append(position[codes])
        named = iter(resolved)
        out = []
        for batch in self.batches:
            sources = next(named) if isinstance(batch.sources, _Cells) else batch.sources
            out.append((sources, None))
        out = [(s, next(named)) for s, _ in out]
        for batch, (sources, targets) in zip(self.batches, out, strict=True):
            unknown = np.flatnonzero((sources < 0) | (targets < 0))
            for k in unknown.tolist():
                where = Place(batch.sheet, int(batch.numbers[k]), batch.column)
                for ends, cells in ((sources, batch.sources), (targets, batch.targets)):
                    if ends[k] >= 0:
                        continue
                    found, why = self._find(cells.text(k))
                    if found is None:
                        self.report.problem(where, f"{why}; this link is skipped")
                        break
                    ends[k] = found
        return out

    def _ids(self) -> list[str]:
        return [i for people in self.people for i in people.ids() if i is not None]


_STAKEHOLDER = """    {{
      "id": {},
      "name": {},
      "title": {},
      "department": {},
      "level": {},
      "role": {},
      "stance": {},
      "power": {},
      "tags": {},
      "status": {},
      "interests": {},
      "notes": {}
    }}"""
_RELATIONSHIP = """    {{
      "source": {},
      "target": {},
      "kind": {}{}
    }}"""
_ESCAPED = re.compile(r'["\\\x00-\x1f]')


def _quoted(texts: list[str]) -> list[str]:
    """Each text as a JSON string, as ``json.dumps(…, ensure_ascii=False)`` writes it."""
    if _ESCAPED.search("".join(texts)):
        return [json.dumps(t, ensure_ascii=False) for t in texts]
    return [f'"{t}"' for t in texts]


def _joined(head: str, first: str, first_items: Iterable[str], middle: str, second: str,
            second_items: Iterable[str], tail: str) -> Iterable[str]:
    """The pieces of a map's text: two of its lists (``"key": [...]``) between the
    rest, each written empty (``[]``) when it has no items, as ``json.dumps`` does."""
    yield head
    for key, items, after in ((first, first_items, middle), (second, second_items, tail)):
        items = iter(items)
        item = next(items, None)
        if item is None:
            yield f'  "{key}": [],\n'
        else:
            yield f'  "{key}": [\n'
            yield item
            for item in items:
                yield ",\n"
                yield item
            yield "\n  ],\n"
        yield after


def _json_list(items) -> str:
    """A list of texts as ``json.dumps(…, indent=2)`` writes it inside a stakeholder."""
    if not items:
        return "[]"
    return "[\n" + ",\n".join(" " * 8 + q for q in _quoted(list(items))) + "\n      ]"


def _plain(cells: _Cells) -> bool:
    """Whether every cell is its own name key (:func:`name_key`): only digits, lower-case
    ASCII letters and characters from U+4000 to U+9FFF (CJK ideographs, which neither
    NFKC nor case folding changes)."""
    import numpy as np

    allowed = np.zeros(256, dtype=bool)
    allowed[list(b"0123456789abcdefghijklmnopqrstuvwxyz")] = True
    allowed[0x80:0xC0] = True  # continuation bytes
    allowed[0xE4:0xEA] = True  # lead bytes of U+4000–U+9FFF
    allowed[0] = True  # the pad byte
    if allowed[cells.data].all():  # the whole column's bytes
        return True
    lengths = cells.ends - cells.starts
    total = int(lengths.sum())
    at = np.repeat(cells.starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
    return bool(allowed[cells.data[at]].all())


@dataclass
class _Links:
    """The map's relationships as columns: stakeholder positions, kinds (indices of
    RELATIONSHIP_KINDS) and strengths (NaN: none)."""

    sources: Any
    targets: Any
    kinds: Any
    strengths: Any

    @classmethod
    def empty(cls) -> _Links:
        import numpy as np

        nothing = np.zeros(0, dtype=np.int64)
        return cls(nothing, nothing, nothing, np.zeros(0))

    def __len__(self) -> int:
        return len(self.kinds)


class ColumnarResult(ImportResult):
    """An :class:`ImportResult` whose map is kept as columns and made into objects
    only when :attr:`map` (or :attr:`given`) is asked for."""

    def __init__(self, account: Account, people: list[_People], links: _Links, *,
                 problems: list, notes: list, made_ids: set[str]):
        self._account, self._people, self._links = account, people, links
        self._map: AccountMap | None = None
        self._given: dict[str, frozenset[str]] | None = None
        self.problems, self.notes, self.made_ids = problems, notes, made_ids
        self.assumed, self.matched = set(), {}

    @property
    def map(self) -> AccountMap:  # type: ignore[override]
        if self._map is None:
            self._map = AccountMap(account=self._account, stakeholders=self._stakeholders(),
                                   relationships=self._relationships())
        return self._map

    @map.setter
    def map(self, value: AccountMap) -> None:
        self._map = value

    @property
    def given(self) -> dict[str, frozenset[str]]:  # type: ignore[override]
        if self._given is None:
            sets: dict[tuple[bool, ...], frozenset[str]] = {}
            given = {}
            for people in self._people:
                for person_id, flags in zip(people.ids(), map(tuple, people.given.tolist()),
                                            strict=True):
                    if person_id is None:
                        continue
                    fields = sets.get(flags)
                    if fields is None:
                        fields = sets[flags] = frozenset(itertools.compress(_GIVEN_ORDER,
                                                                            flags))
                    given[person_id] = fields
            self._given = given
        return self._given

    @given.setter
    def given(self, value: dict[str, frozenset[str]]) -> None:
        self._given = value

    def counts(self) -> dict[str, int]:
        if self._map is not None:
            return super().counts()
        people = sum(len(p.numbers) if p.added is None else
                     len(p.added) - p.added.count(None) for p in self._people)
        return {"stakeholders": people, "relationships": len(self._links), "team": 0,
                "coverage": 0}

    def _fields(self) -> Iterable[list[list[Any]]]:
        """For each stakeholder table, the stakeholders' fields in Stakeholder's order
        (id, name, title, department, level, role, stance, power, tags, status,
        interests, notes), a list per field, the rows skipped as repeats left out."""
        for p in self._people:
            ids = p.ids()
            kept = [k for k, person_id in enumerate(ids) if person_id is not None]
            every = len(kept) == len(ids)
            texts = [p.cells[f].texts() if f in p.cells else [""] * len(ids)
                     for f in ("name", "title", "department", "notes")]
            columns = [ids, *texts[:3], p.levels.tolist(), p.roles.tolist(),
                       p.stances.tolist(), p.powers.tolist(),
                       [p.tags.get(k, []) for k in range(len(ids))], p.statuses.tolist(),
                       [p.interests.get(k, []) for k in range(len(ids))], texts[3]]
            yield columns if every else [[values[k] for k in kept] for values in columns]

    def _stakeholders(self) -> list[Stakeholder]:
        out: list[Stakeholder] = []
        for columns in self._fields():
            columns[8] = [list(tags) for tags in columns[8]]
            columns[10] = [list(items) for items in columns[10]]
            out += map(Stakeholder, *columns)
        return out

    @property
    def account(self) -> Account:
        return self._account

    def kam_json(self) -> str:
        """The map as :func:`~graphlib_kam.model.codec.dumps_map` writes it (the same
        text), written from the columns: no ``Stakeholder`` or ``Relationship`` is made.
        """
        import numpy as np

        if self._map is not None:
            return dumps_map(self._map)
        text = dumps_map(AccountMap(account=self._account))
        people = []
        for columns in self._fields():
            for at in (0, 1, 2, 3, 4, 5, 9, 11):
                columns[at] = _quoted(columns[at])
            for at in (8, 10):
                columns[at] = [_json_list(items) for items in columns[at]]
            people += map(_STAKEHOLDER.format, *columns)
        links = self._links
        lines: Iterable[str] = ()
        if len(links):
            ids = np.array(_quoted([i for p in self._people for i in p.ids()
                                    if i is not None]), dtype=object)
            kinds = np.array(_quoted(list(RELATIONSHIP_KINDS)), dtype=object)
            strengths = [",\n      \"strength\": " + repr(v) if v == v else ""
                         for v in links.strengths.tolist()]
            lines = map(_RELATIONSHIP.format, ids[links.sources].tolist(),
                        ids[links.targets].tolist(), kinds[links.kinds].tolist(), strengths)
        # The empty lists of the map written without them, filled in one join.
        head, _, rest = text.partition('  "stakeholders": [],\n')
        middle, _, tail = rest.partition('  "relationships": [],\n')
        return "".join(_joined(head, "stakeholders", people, middle, "relationships",
                               lines, tail))

    def _relationships(self) -> list[Relationship]:
        import numpy as np

        links = self._links
        ids = np.array([i for p in self._people for i in p.ids() if i is not None],
                       dtype=object)
        kinds = np.array(RELATIONSHIP_KINDS, dtype=object)
        strengths = links.strengths.astype(object)
        strengths[np.isnan(links.strengths)] = None
        return list(map(Relationship, ids[links.sources].tolist(),
                        ids[links.targets].tolist(), kinds[links.kinds].tolist(),
                        strengths.tolist()))
