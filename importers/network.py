"""Social-network data: edge lists and adjacency matrices, with an attributes table.

These are the files network-analysis tools (UCINET, R, Pajek exports) and published
organisational studies use. Each tie file carries one relation, named by ``FILE=KIND``:

* ``influences`` — a tie i→j means i influences j;
* ``advice`` — i goes to j for advice, so j influences i (the tie is turned round);
* ``reports-to`` — i reports to j;
* ``allied`` / ``conflict`` — undirected; i→j and j→i become one relationship.

Without ``=KIND`` the kind is read from the file name (``…Advice…``, ``ELfriend`` …) and
the report says so. A weight column (or matrix values) of only 0 and 1 marks presence
(no strength: the map's default applies); weights in (0, 1] are strengths; larger
weights are divided by the largest. Numeric ids lose leading zeros (``01`` is ``1``), so
an attributes table and the ties agree.

>>> tie_kind_from_name("Krack-High-Tec-edgelist-ReportsTo.txt"), tie_kind_from_name("x.csv")
('reports-to', None)
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

from graphlib_kam.errors import InputError
from graphlib_kam.importers._build import ImportResult, MapBuilder
from graphlib_kam.importers._fields import (
    RELATIONSHIP_COLUMNS,
    STAKEHOLDER_COLUMNS,
    FieldSpec,
    as_text,
    match_columns,
)
from graphlib_kam.importers._rows import Row, Table, tables_from_file
from graphlib_kam.importers._text import InputFile
from graphlib_kam.importers.table import ROLE_UNKNOWN_TAG, read_stakeholder_rows
from graphlib_kam.model import Account, Stakeholder

__all__ = [
    "TIE_KINDS",
    "TieFile",
    "import_edge_lists",
    "import_matrices",
    "parse_tie_option",
    "tie_kind_from_name",
]

TIE_KINDS = ("influences", "advice", "reports-to", "allied", "conflict")
_KIND_SPELLINGS = {
    "influences": "influences", "influence": "influences",
    "advice": "advice", "adv": "advice",
    "reports-to": "reports-to", "reportsto": "reports-to", "reports": "reports-to",
    "allied": "allied", "ally": "allied", "friendship": "allied", "friend": "allied",
    "cowork": "allied", "work": "allied",
    "conflict": "conflict",
}
_NAME_WORDS = {
    "advice": "advice", "adv": "advice",
    "report": "reports-to", "reports": "reports-to", "reportsto": "reports-to",
    "friend": "allied", "friends": "allied", "friendship": "allied", "ally": "allied",
    "allies": "allied", "allied": "allied", "cowork": "allied", "work": "allied",
    "conflict": "conflict", "conflicts": "conflict",
    "influence": "influences", "influences": "influences",
}
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_CAPS_PREFIX = re.compile(r"^[A-Z]+([a-z]+)$")  # "ELwork": a code, then the word


@dataclass(frozen=True)
class TieFile:
    """A file of ties and the relation they carry (one of :data:`TIE_KINDS`).

    ``path`` is a path, or an :class:`~graphlib_kam.importers.InputFile` (an upload).
    """

    path: str | os.PathLike | InputFile
    kind: str
    inferred: bool = False

    @property
    def name(self) -> str:
        """The file's name as messages give it."""
        return self.path.name if isinstance(self.path, InputFile) else os.fspath(self.path)

    @classmethod
    def named(cls, item: InputFile) -> TieFile:
        """The ties of an upload, their kind from its name (else ``influences``).

        >>> TieFile.named(InputFile("ELadv.dat", b"1 2")).kind
        'advice'
        """
        guessed = tie_kind_from_name(item.name)
        return cls(item, guessed or "influences", inferred=True)


def tie_kind_from_name(name: str) -> str | None:
    """The relation a file's name suggests, or None.

    >>> tie_kind_from_name("ELwork.dat"), tie_kind_from_name("network.txt")
    ('allied', None)
    """
    for part in re.split(r"[^A-Za-z]+", Path(name).stem):
        for word in _CAMEL.split(part):
            prefixed = _CAPS_PREFIX.match(word)
            kind = _NAME_WORDS.get(word.casefold()) or (
                _NAME_WORDS.get(prefixed.group(1)) if prefixed else None)
            if kind:
                return kind
    return None


def parse_tie_option(text: str) -> TieFile:
    """``FILE=KIND``, or ``FILE`` alone (the kind from the name, else ``influences``).

    >>> parse_tie_option("ELadv.dat=advice").kind, parse_tie_option("ELfriend.dat").kind
    ('advice', 'allied')
    """
    path, sep, kind = text.rpartition("=")
    if sep and not Path(text).exists():
        canonical = _KIND_SPELLINGS.get(kind.strip().casefold())
        if canonical is None:
            raise InputError(f"{text}: {kind!r} is not a kind of tie; expected one of "
                             + ", ".join(TIE_KINDS))
        return TieFile(path, canonical)
    guessed = tie_kind_from_name(text)
    return TieFile(text, guessed or "influences", inferred=True)


def _canonical_id(value: object) -> str:
    text = as_text(value)
    return str(int(text)) if text.isdigit() else text


def _number(value: object) -> float | None:
    """The finite number a cell holds; None for text, ``inf`` and ``nan``."""
    try:
        number = float(as_text(value))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


_TOO_SMALL = ("weight {w:g} is too small beside the largest weight to give a strength above "
              "0; this tie is skipped")


def _strength_rule(weights: list[float]):
    """How a file's non-zero weights become strengths, and what to tell the user."""
    if all(w == 1 for w in weights):
        return (lambda w: None), None
    if all(0 < w <= 1 for w in weights):
        return (lambda w: round(w, 6)), None
    top = max(weights)
    # Rounded for tidy maps, but never to 0: 1 beside 5,000,000 is still a tie.
    return ((lambda w: round(w / top, 6) or w / top),
            f"weights divided by the largest ({top:g})")


def _add_tie(builder: MapBuilder, kind: str, u: str, v: str, strength: float | None,
             where: str) -> None:
    if kind == "advice":
        builder.relate(v, u, "influences", where=where, strength=strength)
    else:
        builder.relate(u, v, kind, where=where, strength=strength)


def _read_attributes(builder: MapBuilder, path, fields: dict[str, FieldSpec],
                     encoding: str | None, delimiter: str | None = None) -> list[str]:
    table = tables_from_file(path, encoding=encoding, whitespace=True, delimiter=delimiter)[0]
    specs = dict(fields)
    columns, _ = match_columns(table.headers, STAKEHOLDER_COLUMNS, specs)
    if "id" not in columns:
        specs["id"] = FieldSpec("id", column=table.headers[0])
        columns["id"] = table.headers[0]
        builder.note(f"the first column ({table.headers[0]!r}) is taken as the id",
                     table.name)
    position = table.index[columns["id"]]
    for row in table.rows:
        if position < len(row.cells) and row.cells[position] is not None:
            row.cells[position] = _canonical_id(row.cells[position])
    builder.take(table)
    return read_stakeholder_rows(builder, table, specs)


def _ensure_people(builder: MapBuilder, ids: list[str], *, with_attributes: bool) -> None:
    missing = [i for i in dict.fromkeys(ids) if not builder.has(i)]
    if missing and with_attributes:
        builder.note(f"{len(missing)} people in the ties are not in the attributes table; "
                     f"added as users: {', '.join(missing[:10])}"
                     + (" …" if len(missing) > 10 else ""))
    elif missing:
        builder.note(f"no attributes table: everyone is a user at the operational level, "
                     f"tagged {ROLE_UNKNOWN_TAG!r}")
    for person_id in missing:
        name = "" if person_id.isdigit() else person_id
        builder.add_stakeholder(Stakeholder(id=person_id, name=name, tags=[ROLE_UNKNOWN_TAG]),
                                "ties")


def _edge_table(tie: TieFile, encoding: str | None, delimiter: str | None = None) -> Table:
    """An edge list; its first row is a header only if it names source and target."""
    table = tables_from_file(tie.path, encoding=encoding, header=False, whitespace=True,
                             delimiter=delimiter)[0]
    first = [as_text(table.rows[0].get(h)) for h in table.headers]
    columns, _ = match_columns(first, RELATIONSHIP_COLUMNS)
    if {"source", "target"} <= columns.keys():
        table.headers = first
        table.rows = table.rows[1:]
        table.has_header = True
    return table


def _edges(table: Table) -> tuple[list[tuple[str, str, float, Row]], list[Row]]:
    """The ties of an edge list (weight 0 dropped) and the rows that are not ties."""
    if table.has_header:
        columns, _ = match_columns(table.headers, RELATIONSHIP_COLUMNS)
        source, target, weight = columns["source"], columns["target"], columns.get("strength")
    else:
        if len(table.headers) < 2:
            raise InputError(f"{table.name}: an edge list needs two columns, source and "
                             "target, and may have a third, the weight")
        source, target = table.headers[0], table.headers[1]
        weight = table.headers[2] if len(table.headers) > 2 else None
    edges, bad = [], []
    for row in table.rows:
        u, v = row.get(source), row.get(target)
        w = row.get(weight) if weight else None
        value = 1.0 if w is None else _number(w)
        if u is None or v is None or value is None or value < 0:
            bad.append(row)
        elif value:
            edges.append((_canonical_id(u), _canonical_id(v), value, row))
    return edges, bad


def import_edge_lists(
    ties: list[TieFile],
    *,
    account: Account,
    attributes: str | os.PathLike | InputFile | None = None,
    fields: dict[str, FieldSpec] | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> ImportResult:
    """Import edge lists (``source target [weight]`` per line) into one account map.

    Parameters
    ----------
    ties : list of TieFile
        The edge-list files and the relation each carries.
    account : Account
    attributes : path-like, optional
        A table with one row per person (read like a stakeholder sheet; a headerless
        table's first column is the id).
    fields : dict of FieldSpec, optional
        Columns and codes for the attributes table (``--field``).
    encoding, delimiter : str, optional
        For text files (detected by default).

    Returns
    -------
    ImportResult
    """
    builder = MapBuilder(account)
    if attributes is not None:
        _read_attributes(builder, attributes, fields or {}, encoding, delimiter)
    for tie in ties:
        table = _edge_table(tie, encoding, delimiter)
        builder.take(table)
        _note_kind(builder, tie, table.name)
        good, bad = _edges(table)
        for row in bad:
            builder.problem(row.where, "expected a source, a target and a weight that is a "
                                       "finite number of 0 or more; this row is skipped")
        if not good:
            builder.note("no ties (every weight is 0)", table.name)
            continue
        strength_of, why = _strength_rule([w for _, _, w, _ in good])
        if why:
            builder.note(why, table.name)
        _ensure_people(builder, [x for u, v, _, _ in good for x in (u, v)],
                       with_attributes=attributes is not None)
        for u, v, w, row in good:
            strength = strength_of(w)
            if strength == 0:
                builder.problem(row.where, _TOO_SMALL.format(w=w))
                continue
            _add_tie(builder, tie.kind, u, v, strength, row.where)
    return builder.finish()


def _note_kind(builder: MapBuilder, tie: TieFile, name: str) -> None:
    if tie.inferred:
        how = "from its name" if tie_kind_from_name(tie.name) else "by default"
        builder.note(f"read as {tie.kind} ties ({how}; write FILE=KIND to choose)", name)


def _matrix(table: Table) -> tuple[list[str] | None, list[list[float]], list[Row]]:
    """A matrix read without a header: its labels (if any) and its values."""
    rows = [[row.get(h) for h in table.headers] for row in table.rows]
    sources = list(table.rows)

    def labelled(cells) -> bool:
        return all(c is None or _number(c) is None for c in cells)

    column_labels = None
    if rows and labelled(rows[0]) and len(rows) > 1:
        column_labels, rows, sources = [as_text(c) for c in rows[0]], rows[1:], sources[1:]
    row_labels = bool(rows) and all(r[0] is not None and _number(r[0]) is None for r in rows)
    labels = [as_text(r[0]) for r in rows] if row_labels else None
    if row_labels:
        rows = [r[1:] for r in rows]
    if labels is None and column_labels is not None:
        labels = [label for label in column_labels if label]
    size = len(rows)
    values: list[list[float]] = []
    for row, cells in zip(sources, rows, strict=True):
        while cells and cells[-1] is None and len(cells) > size:
            cells = cells[:-1]
        if len(cells) != size:
            raise InputError(f"{row.where}: {len(cells)} values; a {size} × {size} matrix "
                             f"needs {size} in every row")
        numbers = [_number(c) if c is not None else 0.0 for c in cells]
        for index, number in enumerate(numbers):
            if number is None or number < 0:
                raise InputError(f"{row.where}, column {index + 1}: "
                                 f"{as_text(cells[index])!r} is not a number of 0 or more")
        values.append(numbers)
    if labels is not None and len(labels) != size:
        raise InputError(f"{table.name}: {len(labels)} labels for a {size} × {size} matrix")
    return labels, values, sources


def import_matrices(
    ties: list[TieFile],
    *,
    account: Account,
    attributes: str | os.PathLike | InputFile | None = None,
    fields: dict[str, FieldSpec] | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> ImportResult:
    """Import square adjacency matrices (row i, column j non-zero: a tie i→j).

    People are the matrix labels when it has them; else the rows of the attributes table
    in order (row i of the matrix is the i-th person there); else ``1`` … ``n``.

    Parameters
    ----------
    As :func:`import_edge_lists`.

    Raises
    ------
    InputError
        A matrix that is not square, holds a value that is not a number of 0 or more, or
        does not match the size of the others or of the attributes table.
    """
    builder = MapBuilder(account)
    people = _read_attributes(builder, attributes, fields or {}, encoding, delimiter) \
        if attributes is not None else []
    size = None
    for tie in ties:
        table = tables_from_file(tie.path, encoding=encoding, header=False,
                                 whitespace=True, delimiter=delimiter)[0]
        builder.take(table)
        _note_kind(builder, tie, table.name)
        labels, values, rows = _matrix(table)
        if size is not None and len(values) != size:
            raise InputError(f"{table.name}: {len(values)} × {len(values)}, but the other "
                             f"matrices are {size} × {size}")
        size = len(values)
        if labels is not None:
            ids = [_canonical_id(label) for label in labels]
        elif people:
            if len(people) != size:
                raise InputError(f"{table.name}: {size} rows, but the attributes table has "
                                 f"{len(people)} people; row i of the matrix must be the "
                                 "i-th person")
            ids = people
            builder.note("matrix rows and columns are the attributes table's people, in "
                         "order", table.name)
        else:
            ids = [str(i) for i in range(1, size + 1)]
        weights = [w for row in values for w in row if w]
        if not weights:
            builder.note("no ties (every value is 0)", table.name)
            continue
        strength_of, why = _strength_rule(weights)
        if why:
            builder.note(why, table.name)
        _ensure_people(builder, ids, with_attributes=attributes is not None)
        for i, row_values in enumerate(values):
            for j, w in enumerate(row_values):
                if not w:
                    continue
                where = f"{rows[i].where}, column {j + 1}"
                if i == j:
                    builder.note("ties of a person to themselves are ignored", where)
                    continue
                strength = strength_of(w)
                if strength == 0:
                    builder.problem(where, _TOO_SMALL.format(w=w))
                    continue
                _add_tie(builder, tie.kind, ids[i], ids[j], strength, where)
    return builder.finish()
