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

import os
import re
from collections.abc import Callable, Iterable
from typing import Any

from graphlib_kam.errors import InputError
from graphlib_kam.model import Account, Stakeholder

from ._build import ImportResult, MapBuilder
from ._fields import (
    COVERAGE_COLUMNS,
    RELATIONSHIP_COLUMNS,
    STAKEHOLDER_COLUMNS,
    TEAM_COLUMNS,
    FieldSpec,
    as_text,
    full_name,
    level_from_title,
    match_columns,
    read_date,
    read_enum,
    read_power,
    read_stance,
    read_strength,
    split_list,
)
from ._rows import Row, Table, tables_from_file

__all__ = ["ROLE_UNKNOWN_TAG", "classify_table", "import_table", "read_person",
           "read_stakeholder_rows", "read_tables"]

ROLE_UNKNOWN_TAG = "role-unknown"
# Columns only a sheet of customer people has (a team sheet may have a role column).
_DESCRIBING = {"level", "department", "stance", "power", "status", "interests"}
_TEAM_NAME = re.compile(r"team|团队|我方|our side", re.IGNORECASE)


def classify_table(table: Table) -> str:
    """``relationships``, ``coverage``, ``team`` or ``stakeholders``, by its columns.

    >>> from graphlib_kam.importers._rows import parse_delimited
    >>> classify_table(parse_delimited("from,to,type\\na,b,ally\\n"))
    'relationships'
    >>> classify_table(parse_delimited("联系人,角色,对接人\\n王伟,决策者,李娜\\n"))
    'stakeholders'
    """
    described, _ = match_columns(table.headers, STAKEHOLDER_COLUMNS)
    if _TEAM_NAME.search(table.name) and not described.keys() & _DESCRIBING:
        return "team"
    if described.keys() & (_DESCRIBING | {"role"}):
        return "stakeholders"  # a sheet of people, whatever link columns it also has
    columns, _ = match_columns(table.headers, RELATIONSHIP_COLUMNS)
    if {"source", "target"} <= columns.keys():
        return "relationships"
    columns, _ = match_columns(table.headers, COVERAGE_COLUMNS)
    if {"member", "stakeholder"} <= columns.keys():
        return "coverage"
    return "stakeholders"


def import_table(
    paths: Iterable[str | os.PathLike],
    *,
    account: Account,
    fields: dict[str, FieldSpec] | None = None,
    encoding: str | None = None,
) -> ImportResult:
    """Import CSV files and Excel workbooks into one account map.

    Parameters
    ----------
    paths : iterable of path-like
        ``.csv``/``.tsv``/``.txt`` files and ``.xlsx`` workbooks (every sheet is read).
    account : Account
        The account the map is about.
    fields : dict of FieldSpec, keyword-only
        Columns to read a field from, and codes to translate (``--field``).
    encoding : str, keyword-only
        The encoding of text files (UTF-8 by default).

    Returns
    -------
    ImportResult

    Raises
    ------
    NotFoundError, InputError
        A missing or unreadable file, or a stakeholder table with no name or id column.
    """
    tables = [t for path in paths for t in tables_from_file(path, encoding=encoding)]
    return read_tables(tables, account=account, fields=fields)


def read_tables(tables: list[Table], *, account: Account,
                fields: dict[str, FieldSpec] | None = None) -> ImportResult:
    """Build a map from tables already read (see :func:`import_table`)."""
    builder = MapBuilder(account)
    kinds = {id(t): classify_table(t) for t in tables}
    by_kind = {kind: [t for t in tables if kinds[id(t)] == kind]
               for kind in ("team", "stakeholders", "relationships", "coverage")}
    if not by_kind["stakeholders"]:
        raise InputError(
            "no table of stakeholders: expected a sheet or file with a Name (姓名) or Id "
            "column; found only " + ", ".join(f"{t.name} ({kinds[id(t)]})" for t in tables)
        )
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


def _cell(row: Row, columns: dict[str, str], name: str,
          specs: dict[str, FieldSpec] | None = None) -> Any:
    header = columns.get(name)
    value = row.values.get(header) if header else None
    spec = (specs or {}).get(name)
    return spec.translate(value) if spec else value


def _where(row: Row, columns: dict[str, str], name: str) -> str:
    return f"{row.where} ({columns[name]})" if name in columns else row.where


def _person_name(row: Row, columns: dict[str, str], specs: dict[str, FieldSpec]) -> str:
    name = as_text(_cell(row, columns, "name", specs))
    if name:
        return name
    return full_name(as_text(_cell(row, columns, "first_name", specs)),
                     as_text(_cell(row, columns, "last_name", specs)))


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
    ids = []
    for row in table.rows:
        person_id = _read_person(builder, row, columns, specs)
        if person_id is not None:
            ids.append(person_id)
    return ids


def read_person(builder: MapBuilder, cell: Callable[[str], Any], where: Callable[[str], str],
                *, person_id: str, name: str, fallback_role: Any = None) -> Stakeholder:
    """A stakeholder from the values ``cell(field)`` gives, reporting at ``where(field)``.

    Unknown values are problems and take the default. A missing role is not guessed:
    the person is a user tagged :data:`ROLE_UNKNOWN_TAG` (``fallback_role`` is tried
    first, such as a Kumu element type). A missing level is read from the job title.
    """
    def checked(field: str, reader, default):
        value, why = reader(cell(field))
        if why:
            builder.problem(where(field), f"{why}; {default} is used instead")
        return default if value is None else value

    title = as_text(cell("title"))
    tags = split_list(cell("tags"))
    role, why = read_enum("role", cell("role"))
    if why:
        builder.problem(where("role"), f"{why}; kept as a user")
    if role is None and not why:
        role, _ = read_enum("role", fallback_role)
    if role is None:
        tags.append(ROLE_UNKNOWN_TAG)
        builder.note(f"no known role: kept as a user, tagged {ROLE_UNKNOWN_TAG!r} (ask the "
                     "account team)", where(""))
    level, why = read_enum("level", cell("level"))
    if why:
        builder.problem(where("level"), f"{why}; read from the job title")
    if level is None:
        level = level_from_title(title)
        builder.note("level read from the job title" if title
                     else "no level and no job title: operational assumed", where(""))
    role = role or "user"
    return Stakeholder(
        id=person_id, name=name, title=title, department=as_text(cell("department")),
        level=level, role=role,
        stance=checked("stance", read_stance, -1 if role == "opposer" else 0),
        power=checked("power", read_power, 3),
        tags=list(dict.fromkeys(tags)),
        status=checked("status", lambda v: read_enum("status", v), "active"),
        interests=split_list(cell("interests")),
        notes=as_text(cell("notes")),
    )


def _read_person(builder: MapBuilder, row: Row, columns: dict[str, str],
                 specs: dict[str, FieldSpec]) -> str | None:
    def cell(name: str) -> Any:
        return _cell(row, columns, name, specs)

    name = _person_name(row, columns, specs)
    person_id = as_text(cell("id"))
    if not name and not person_id:
        builder.problem(row.where, "no name and no id; this row is skipped")
        return None
    person = read_person(builder, cell, lambda field: _where(row, columns, field),
                         person_id=person_id, name=name)
    added = builder.add_stakeholder(person, row.where)
    if added is None:
        return None
    manager = as_text(cell("reports_to"))
    if manager:
        builder.relate(added, manager, "reports-to", where=_where(row, columns, "reports_to"))
    for kind, column in (("influences", "influences"), ("allied", "allied"),
                         ("conflict", "conflict")):
        for other in split_list(cell(column)):
            builder.relate(added, other, kind, where=_where(row, columns, column))
    _read_row_coverage(builder, row, columns, specs, added)
    return added


def _read_row_coverage(builder: MapBuilder, row: Row, columns: dict[str, str],
                       specs: dict[str, FieldSpec], person_id: str) -> None:
    members = split_list(_cell(row, columns, "covered_by", specs))
    strength, why = read_strength(_cell(row, columns, "coverage_strength", specs))
    if why:
        builder.problem(_where(row, columns, "coverage_strength"), f"{why}; 0.5 is used")
    when, why = read_date(_cell(row, columns, "last_contact", specs))
    if why:
        builder.problem(_where(row, columns, "last_contact"), f"{why}; left empty")
    if not members and (strength is not None or when is not None):
        builder.note("a strength or last contact with nobody in 'covered by' is not "
                     "imported", row.where)
    for member in members:
        builder.cover(builder.member(member), person_id, where=row.where,
                      strength=strength, last_contact=when)


def _read_team(builder: MapBuilder, table: Table) -> None:
    columns, _ = match_columns(table.headers, TEAM_COLUMNS)
    if not {"id", "name"} & columns.keys():
        raise InputError(f"{table.name}: a team table needs a Name (姓名) or Id column")
    for row in table.rows:
        name = as_text(_cell(row, columns, "name"))
        member_id = as_text(_cell(row, columns, "id"))
        if not name and not member_id:
            builder.problem(row.where, "no name and no id; this row is skipped")
            continue
        builder.member(name, member_id=member_id, title=as_text(_cell(row, columns, "title")))


def _read_relationships(builder: MapBuilder, table: Table) -> None:
    columns = _columns(builder, table, RELATIONSHIP_COLUMNS)
    for row in table.rows:
        source = as_text(_cell(row, columns, "source"))
        target = as_text(_cell(row, columns, "target"))
        if not source or not target:
            builder.problem(row.where, "needs both a source and a target; this row is skipped")
            continue
        kind, why = read_enum("kind", _cell(row, columns, "kind"))
        if why:
            builder.problem(_where(row, columns, "kind"), f"{why}; this row is skipped")
            continue
        strength, why = read_strength(_cell(row, columns, "strength"))
        if why:
            builder.problem(_where(row, columns, "strength"), f"{why}; left empty")
        builder.relate(source, target, kind or "influences", where=row.where,
                       strength=strength)


def _read_coverage(builder: MapBuilder, table: Table) -> None:
    columns = _columns(builder, table, COVERAGE_COLUMNS)
    for row in table.rows:
        member = as_text(_cell(row, columns, "member"))
        stakeholder = as_text(_cell(row, columns, "stakeholder"))
        if not member or not stakeholder:
            builder.problem(row.where, "needs both a member and a stakeholder; this row is "
                                       "skipped")
            continue
        strength, why = read_strength(_cell(row, columns, "strength"))
        if why:
            builder.problem(_where(row, columns, "strength"), f"{why}; 0.5 is used")
        when, why = read_date(_cell(row, columns, "last_contact"))
        if why:
            builder.problem(_where(row, columns, "last_contact"), f"{why}; left empty")
        builder.cover(builder.member(member), stakeholder, where=row.where,
                      strength=strength, last_contact=when)
