"""Spreadsheets (CSV or Excel) of stakeholders, relationships, team and coverage.

The common case is one sheet, one row per person, in English or Chinese::

    姓名,职位,角色,层级,态度,上级,我方对接人,关系强度,最近联系
    王建国,行长,决策者,高层,0,,,,
    孙建平,副行长,决策者,高层,+1,王建国,李娜,0.7,2026-11-02

A workbook (or several files) may also hold a relationships table (source, target, kind,
strength), a coverage table (member, stakeholder, strength, last contact) and a team
table (a sheet or file whose name says team / 团队 / 我方). Each table's kind is told by
its columns.

>>> from graphlib_kam.importers._rows import parse_delimited
>>> people = parse_delimited(
...     "姓名,职位,角色,上级\\n王建国,行长,决策者,\\n张伟,IT经理,影响者,王建国\\n")
>>> result = read_tables([people], account=Account(id="bank"))
>>> [(s.id, s.role, s.level) for s in result.map.stakeholders]
[('s-王建国', 'decision-maker', 'executive'), ('s-张伟', 'influencer', 'management')]
>>> [(r.source, r.kind, r.target) for r in result.map.relationships]
[('s-张伟', 'reports-to', 's-王建国')]
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable
from typing import Any

from graphlib_kam.errors import InputError
from graphlib_kam.importers._build import ImportResult, MapBuilder
from graphlib_kam.importers._columnar import import_columnar
from graphlib_kam.importers._fields import (
    COVERAGE_COLUMNS,
    RELATIONSHIP_COLUMNS,
    ROLE_UNKNOWN_TAG,
    STAKEHOLDER_COLUMNS,
    TEAM_COLUMNS,
    FieldSpec,
    as_text,
    classify_table,
    full_name,
    is_email,
    level_from_title,
    match_columns,
    read_date,
    read_enum,
    read_power,
    read_stance,
    read_strength,
    split_list,
)
from graphlib_kam.importers._rows import Place, Table, paused_gc, require_rows, tables_from_file
from graphlib_kam.model import Account, Stakeholder

__all__ = ["ROLE_UNKNOWN_TAG", "classify_table", "import_table", "read_people",
           "read_person", "read_stakeholder_rows", "read_tables"]

def import_table(
    paths: Iterable[str | os.PathLike],
    *,
    account: Account,
    fields: dict[str, FieldSpec] | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    columnar: bool = True,
) -> ImportResult:
    """Import CSV files and Excel workbooks into one account map.

    CSV files are read by columns when pyarrow is installed and the files allow it
    (:mod:`~graphlib_kam.importers._columnar`: the same map and report, faster and in
    less memory on large tables); otherwise, and for workbooks, row by row.

    Parameters
    ----------
    paths : iterable of path-like
        ``.csv``/``.tsv``/``.txt`` files and ``.xlsx`` workbooks (every sheet is read,
        except those named ``(ignore)``).
    account : Account
        The account the map is about.
    fields : dict of FieldSpec, keyword-only
        Columns to read a field from, and codes to translate (``--field``).
    encoding : str, keyword-only
        The encoding of text files (detected by default: UTF-8, UTF-16 or GB18030).
    delimiter : str, keyword-only
        The delimiter of text files (detected by default).
    columnar : bool, keyword-only
        False reads every file row by row (the reference the columnar path is tested
        against).

    Returns
    -------
    ImportResult

    Raises
    ------
    NotFoundError, InputError
        A missing or unreadable file, or a stakeholder table with no name or id column.
    """
    paths = list(paths)
    if columnar and not fields and encoding is None and delimiter is None:
        with paused_gc():
            result = import_columnar(paths, account=account)
        if result is not None:
            return result
    with paused_gc():
        tables = [t for path in paths
                  for t in tables_from_file(path, encoding=encoding, delimiter=delimiter)]
        result = read_tables(tables, account=account, fields=fields)
        del tables  # freed before the collector runs again, not scanned by it
    return result


def read_tables(tables: list[Table], *, account: Account,
                fields: dict[str, FieldSpec] | None = None) -> ImportResult:
    """Build a map from tables already read (see :func:`import_table`)."""
    with paused_gc():
        return _read_tables(tables, account=account, fields=fields)


def _read_tables(tables: list[Table], *, account: Account,
                 fields: dict[str, FieldSpec] | None) -> ImportResult:
    builder = MapBuilder(account)
    kinds = {id(t): classify_table(t) for t in tables}
    by_kind = {kind: [t for t in tables if kinds[id(t)] == kind]
               for kind in ("team", "stakeholders", "relationships", "coverage")}
    if not by_kind["stakeholders"]:
        raise InputError(
            "no table of stakeholders: expected a sheet or file with a Name (姓名) or Id "
            "column; found only " + ", ".join(f"{t.name} ({kinds[id(t)]})" for t in tables)
        )
    for table in tables:
        builder.take(table)
        if not len(table) and kinds[id(table)] != "stakeholders":
            builder.note("only a header row: nothing to read", table.name)
    for table in by_kind["stakeholders"]:
        require_rows(table, "one row per stakeholder")
    for table in by_kind["team"]:
        _read_team(builder, table)
    for table in by_kind["stakeholders"]:
        read_stakeholder_rows(builder, table, fields or {})
    for table in by_kind["relationships"]:
        _read_relationships(builder, table)
    for table in by_kind["coverage"]:
        _read_coverage(builder, table)
    return builder.finish()


def _columns(builder: MapBuilder, table: Table, aliases: dict[str, list[str]],
             specs: dict[str, FieldSpec] | None = None) -> dict[str, str]:
    """Which header holds each field; the headers that hold none are noted."""
    columns, unused = match_columns(table.headers, aliases, specs)
    if unused:
        builder.note(f"columns not imported: {', '.join(map(repr, unused))}", table.name)
    return columns


def _spec_column(table: Table, columns: dict[str, str], specs: dict[str, FieldSpec],
                 field: str) -> list[Any] | None:
    values = table.column(columns.get(field))
    spec = specs.get(field)
    if values is not None and spec is not None and spec.codes:
        values = [spec.translate(v) for v in values]
    return values


def read_stakeholder_rows(builder: MapBuilder, table: Table,
                          specs: dict[str, FieldSpec]) -> list[str]:
    """Add one stakeholder per row of ``table``; return their ids in row order.

    Also reads the relationship and coverage columns a flat sheet may carry (reports
    to, influences, allies, conflicts, covered by, strength, last contact).

    Raises
    ------
    InputError
        When no column holds a name or an id.
    """
    columns = _columns(builder, table, STAKEHOLDER_COLUMNS, specs)
    if not {"id", "name", "first_name", "last_name"} & columns.keys():
        raise InputError(
            f"{table.name}: no column names the people; expected a column such as Name, "
            f"姓名, First Name or Id (the columns are {', '.join(map(repr, table.headers))})"
        )
    count = len(table)

    def column(field: str) -> list[Any] | None:
        return _spec_column(table, columns, specs, field)

    def texts(field: str) -> list[str]:
        return _texts(column(field), count)

    names = texts("name")
    if "first_name" in columns or "last_name" in columns:
        firsts, lasts = texts("first_name"), texts("last_name")
        names = [name or full_name(first, last)
                 for name, first, last in zip(names, firsts, lasts, strict=True)]
    ids = texts("id")
    keep = [k for k in range(count) if names[k] or ids[k]]
    if len(keep) < count:
        for k in sorted(set(range(count)) - set(keep)):
            builder.problem(table.place(k), "no name and no id; this row is skipped")
        table = _subset(table, keep)
        names, ids = [names[k] for k in keep], [ids[k] for k in keep]
        count = len(keep)
    people, givens = read_people(builder, count, column,
                                 lambda k, field: (table, k, columns.get(field)),
                                 ids=ids, names=names)
    added = builder.add_stakeholders(people, list(zip(itertools.repeat(table), range(count))),
                                     givens)
    links = [("reports_to", "reports-to"), ("influences", "influences"),
             ("allied", "allied"), ("conflict", "conflict")]
    for field, kind in links:
        values = column(field)
        if values is None:
            continue
        header = columns[field]
        refs = _texts(values, count) if field == "reports_to" else \
            [split_list(v) if v is not None else [] for v in values]
        rows = [k for k in range(count) if refs[k] and added[k] is not None]
        if field == "reports_to":
            sources, targets = [added[k] for k in rows], [refs[k] for k in rows]
        else:
            rows = [k for k in rows for _ in refs[k]]
            sources = [added[k] for k in rows]
            targets = [other for k in dict.fromkeys(rows) for other in refs[k]]
        builder.relate_columns(sources, targets, [kind] * len(rows), [None] * len(rows),
                               lambda i, rows=rows, header=header: (table, rows[i], header))
    successors = column("successor")
    if successors is not None:
        for k, ref in enumerate(_texts(successors, count)):
            if ref and added[k] is not None:
                builder.succeed(added[k], ref, where=(table, k, columns["successor"]))
    if columns.keys() & {"covered_by", "coverage_strength", "last_contact"}:
        _read_row_coverage(builder, table, columns, column, added)
    return [person_id for person_id in added if person_id is not None]


def _subset(table: Table, keep: list[int]) -> Table:
    part = Table(table.name, table.headers, has_header=table.has_header)
    part.records = [table.records[k] for k in keep]
    part.numbers = [table.numbers[k] for k in keep]
    return part


_NOTHING: tuple[None, None] = (None, None)


def _readings(values: list[Any] | None, reader) -> tuple[list[Any], dict[int, str]] | None:
    """Read a column: the values and, by position, the problems; each distinct cell is
    read once (a column of roles holds a handful of spellings)."""
    if values is None:
        return None
    try:
        distinct = set(values)
    except TypeError:  # a list in a JSON map: read each
        distinct = None
    if distinct is not None and all(type(v) is str for v in distinct if v is not None):
        memo = {v: reader(v) for v in distinct if v is not None}
        memo[None] = _NOTHING
        read = [memo[v] for v in values]
        if not any(why for _, why in memo.values()):
            return [value for value, _ in read], {}
    else:
        read = [reader(v) if v is not None else _NOTHING for v in values]
    return [value for value, _ in read], {k: why for k, (_, why) in enumerate(read) if why}


_NUMBER_DEFAULTS = {"power": 3, "status": "active"}


def _read_role(value: Any) -> tuple[str | None, str | None]:
    return read_enum("role", value)


def _read_level(value: Any) -> tuple[str | None, str | None]:
    return read_enum("level", value)


def _read_status(value: Any) -> tuple[str | None, str | None]:
    return read_enum("status", value)


def read_people(
    builder: MapBuilder, count: int, column: Callable[[str], list[Any] | None],
    place: Callable[[int, str], Place | str], *, ids: list[str], names: list[str],
    fallback_roles: list[Any] | None = None, level_defaults: list[str] | None = None,
    level_note: str = "no level and no job title: operational assumed",
    role_note: str | None = None,
) -> tuple[list[Stakeholder], list[frozenset[str]]]:
    """``count`` stakeholders from columns of cells: ``column(field)`` gives one value
    per person (None for a field the input does not have); problems are reported at
    ``place(k, field)``.

    Unknown values are problems and take the default. A missing role is not guessed:
    the person is a user tagged :data:`ROLE_UNKNOWN_TAG` (``fallback_roles`` are tried
    first, such as Kumu element types). A missing level is read from the job title.
    ``level_defaults`` replace that when there is no title either (``level_note`` says
    how). Returned, not added: the stakeholders, and for each the fields the input gave
    (for :meth:`MapBuilder.add_stakeholders`; see ``ImportResult.given``).
    """
    def texts(field: str) -> list[str]:
        return _texts(column(field), count)

    def lists(field: str) -> list[list[str]]:
        values = column(field)
        if values is None:
            return [[] for _ in range(count)]
        return [split_list(v) if v is not None else [] for v in values]

    titles, departments, notes = texts("title"), texts("department"), texts("notes")
    tags, interests = lists("tags"), lists("interests")
    tags_given = list(map(bool, tags))
    none = [None] * count, {}
    roles, role_problems = _readings(column("role"), _read_role) or none
    levels, level_problems = _readings(column("level"), _read_level) or none
    stances, stance_problems = _readings(column("stance"), read_stance) or none
    powers, power_problems = _readings(column("power"), read_power) or none
    statuses, status_problems = _readings(column("status"), _read_status) or none
    problems: list[tuple[int, int, Any, str]] = []  # reported in row, then column order
    for k, why in role_problems.items():
        problems.append((k, 0, place(k, "role"), f"{why}; kept as a user"))
    if fallback_roles is not None:
        roles = [role if role is not None or k in role_problems else
                 (read_enum("role", fallback_roles[k])[0] if fallback_roles[k] is not None
                  else None) for k, role in enumerate(roles)]
    role_given = [role is not None for role in roles]
    if not all(role_given):
        unknown_role = role_note or (f"no known role: kept as a user, tagged "
                                     f"{ROLE_UNKNOWN_TAG!r} (ask the account team)")
        for k in itertools.compress(range(count), (not g for g in role_given)):
            tags[k] = [*tags[k], ROLE_UNKNOWN_TAG]
            builder.note(unknown_role, place(k, ""))
        roles = [role or "user" for role in roles]
    for k, why in level_problems.items():
        problems.append((k, 1, place(k, "level"), f"{why}; read from the job title"))
    level_given = [level is not None for level in levels]
    if not all(level_given):
        levels = list(levels)
        for k in itertools.compress(range(count), (not g for g in level_given)):
            title = titles[k]
            levels[k] = level_from_title(title) if title or level_defaults is None \
                else level_defaults[k]
            builder.note("level read from the job title" if title else level_note,
                         place(k, ""))
    stance_given = [v is not None for v in stances]
    if not all(stance_given):
        stances = [v if v is not None else (-1 if r == "opposer" else 0)
                   for v, r in zip(stances, roles, strict=True)]
    for order, (field, read, found, default) in enumerate((
            ("stance", stances, stance_problems, None), ("power", powers, power_problems, 3),
            ("status", statuses, status_problems, "active")), start=2):
        for k, why in found.items():
            problems.append((k, order, place(k, field),
                             f"{why}; {read[k] if default is None else default} is used "
                             "instead"))
    power_given = [v is not None for v in powers]
    if not all(power_given):
        powers = [v if v is not None else 3 for v in powers]
    status_given = [v is not None for v in statuses]
    if not all(status_given):
        statuses = [v or "active" for v in statuses]
    for _, _, where, message in sorted(problems, key=lambda p: p[:2]):
        builder.problem(where, message)
    for k, person_tags in enumerate(tags):
        if len(person_tags) > 1:
            tags[k] = list(dict.fromkeys(person_tags))
    people = list(map(Stakeholder, ids, names, titles, departments, levels, roles, stances,
                      powers, tags, statuses, interests, notes))
    for k, address in enumerate(texts("email")):
        if not address:
            continue
        if is_email(address):
            people[k].email = address.strip()
        else:
            builder.problem(place(k, "email"), f"{address!r} is not an e-mail address; "
                                               "left empty")
    flags = zip(map(bool, names), map(bool, titles), map(bool, departments),
                map(bool, notes), tags_given, map(bool, interests), role_given,
                level_given, stance_given, power_given, status_given)
    given_sets: dict[tuple[bool, ...], frozenset[str]] = {}
    givens = []
    for flag in flags:
        fields = given_sets.get(flag)
        if fields is None:
            fields = given_sets[flag] = frozenset(itertools.compress(_GIVEN_ORDER, flag))
        givens.append(fields)
    return people, givens


_GIVEN_ORDER = ("name", "title", "department", "notes", "tags", "interests", "role", "level",
                "stance", "power", "status")


def _texts(values: list[Any] | None, count: int) -> list[str]:
    """A column as text ("" for a blank), quickly when it holds only text."""
    if values is None:
        return [""] * count
    if set(map(type, values)) <= {str, type(None)}:
        return ["" if v is None else v for v in values]
    return [as_text(v) for v in values]


def read_person(builder: MapBuilder, cell: Callable[[str], Any],
                where: Callable[[str], Place | str], *, person_id: str, name: str,
                fallback_role: Any = None) -> Stakeholder:
    """One stakeholder from the values ``cell(field)`` gives, reporting at
    ``where(field)`` (see :func:`read_people`)."""
    values: dict[str, list[Any] | None] = {}

    def column(field: str) -> list[Any] | None:
        if field not in values:
            value = cell(field)
            values[field] = None if value is None else [value]
        return values[field]

    (person,), (given,) = read_people(builder, 1, column, lambda _, field: where(field),
                                      ids=[person_id], names=[name],
                                      fallback_roles=[fallback_role])
    builder.mark_given(person, given)
    return person


def _read_row_coverage(builder: MapBuilder, table: Table, columns: dict[str, str],
                       column: Callable[[str], list[Any] | None],
                       added: list[str | None]) -> None:
    count = len(table)
    none = [None] * count, {}
    members = column("covered_by") or [None] * count
    strengths, strength_problems = _readings(column("coverage_strength"), read_strength) \
        or none
    dates, date_problems = _readings(column("last_contact"), read_date) or none
    for k, person_id in enumerate(added):
        if person_id is None:
            continue
        if k in strength_problems:
            builder.problem(table.place(k, columns["coverage_strength"]),
                            f"{strength_problems[k]}; 0.5 is used")
        if k in date_problems:
            builder.problem(table.place(k, columns["last_contact"]),
                            f"{date_problems[k]}; left empty")
        strength, when = strengths[k], dates[k]
        names = split_list(members[k])
        if not names and (strength is not None or when is not None):
            builder.note("a strength or last contact with nobody in 'covered by' is not "
                         "imported", table.place(k))
        for member in names:
            builder.cover(builder.member(member), person_id, where=table.place(k),
                          strength=strength, last_contact=when)


def _read_team(builder: MapBuilder, table: Table) -> None:
    columns, _ = match_columns(table.headers, TEAM_COLUMNS)
    if not {"id", "name"} & columns.keys():
        raise InputError(f"{table.name}: a team table needs a Name (姓名) or Id column")
    for k, row in enumerate(table.rows):
        name = as_text(row.get(columns.get("name")))
        member_id = as_text(row.get(columns.get("id")))
        if not name and not member_id:
            builder.problem(table.place(k), "no name and no id; this row is skipped")
            continue
        address = as_text(row.get(columns.get("email"))).strip()
        if address and not is_email(address):
            builder.problem(row.place(columns["email"]),
                            f"{address!r} is not an e-mail address; left empty")
            address = ""
        builder.member(name, member_id=member_id, title=as_text(row.get(columns.get("title"))),
                       email=address)


def _read_relationships(builder: MapBuilder, table: Table) -> None:
    columns = _columns(builder, table, RELATIONSHIP_COLUMNS)
    count = len(table)
    none = [None] * count, {}
    sources = table.column(columns["source"])
    targets = table.column(columns["target"])
    if set(map(type, sources)) | set(map(type, targets)) != {str}:
        sources, targets = [as_text(v) for v in sources], [as_text(v) for v in targets]
    kinds, kind_problems = _readings(table.column(columns.get("kind")), _read_kind) or none
    strengths, strength_problems = _readings(table.column(columns.get("strength")),
                                             read_strength) or none
    if None in kinds:
        kinds = [kind or "influences" for kind in kinds]
    if not kind_problems and not strength_problems and all(sources) and all(targets):
        builder.relate_columns(sources, targets, kinds, strengths, lambda k: (table, k))
        return
    wheres = zip(itertools.repeat(table), range(count))
    for k, source, target, kind, strength, where in zip(range(count), sources, targets, kinds,
                                                         strengths, wheres):
        if not source or not target:
            builder.problem(where, "needs both a source and a target; this row is skipped")
            continue
        if k in kind_problems:
            builder.problem(table.place(k, columns["kind"]),
                            f"{kind_problems[k]}; this row is skipped")
            continue
        if k in strength_problems:
            builder.problem(table.place(k, columns["strength"]),
                            f"{strength_problems[k]}; left empty")
        builder.relate(source, target, kind, where=where, strength=strength)


def _read_kind(value: Any) -> tuple[str | None, str | None]:
    return read_enum("kind", value)


def _read_coverage(builder: MapBuilder, table: Table) -> None:
    columns = _columns(builder, table, COVERAGE_COLUMNS)
    for k, row in enumerate(table.rows):
        member = as_text(row.get(columns.get("member")))
        stakeholder = as_text(row.get(columns.get("stakeholder")))
        if not member or not stakeholder:
            builder.problem(table.place(k), "needs both a member and a stakeholder; this row "
                                            "is skipped")
            continue
        strength, why = read_strength(row.get(columns.get("strength")))
        if why:
            builder.problem(table.place(k, columns["strength"]), f"{why}; 0.5 is used")
        when, why = read_date(row.get(columns.get("last_contact")))
        if why:
            builder.problem(table.place(k, columns["last_contact"]), f"{why}; left empty")
        builder.cover(builder.member(member), stakeholder, where=table.place(k),
                      strength=strength, last_contact=when)
