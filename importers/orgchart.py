"""Org charts: the parent-pointer tables org-chart tools export, as stakeholders and
reports-to links.

One row per person, and a column that names each person's manager. The pairs of columns
recognised (case, spacing and separators ignored; English or Chinese):

=========================================  ===========================================
person                                     manager
=========================================  ===========================================
PersonID, Person ID, Employee ID, ID, 工号  SupervisorID, Boss ID, Manager ID, Parent
                                           ID, Reports To ID, pid, 上级编号
Email, E-mail, Work Email, 邮箱             SupervisorEmail, Manager Email, Boss Email,
                                           上级邮箱
Name, Full Name, 姓名                       Reports To, Manager, Supervisor, Boss, 上级
                                           (an id or a unique name)
=========================================  ===========================================

Other columns are read as in a stakeholder sheet (title, department, role, level …).
An org chart says who reports to whom, not who buys: without a role column everyone is
a user tagged ``role-unknown`` and the report says so. A blank level is read from the
job title, else from the chart (the top of the chart executive, people with reports
management, the others operational). E-mail addresses only link people: they are not
kept. A person who is their own manager is the top of the chart; a loop of managers is
reported and its closing link skipped.

>>> from graphlib_kam.importers._rows import parse_delimited
>>> t = parse_delimited("PersonID,Name,SupervisorID\\n1,Ada,\\n2,Bo,1\\n3,Cy,2\\n")
>>> m = read_orgchart([t], account=Account(id="acme")).map
>>> [(s.id, s.level) for s in m.stakeholders], [(r.source, r.target) for r in m.relationships]
([('1', 'executive'), ('2', 'management'), ('3', 'operational')], [('2', '1'), ('3', '2')])
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from graphlib_kam.errors import InputError
from graphlib_kam.importers._build import ImportResult, MapBuilder
from graphlib_kam.importers._fields import STAKEHOLDER_COLUMNS, as_text, full_name, match_columns
from graphlib_kam.importers._rows import Table, paused_gc, require_rows, tables_from_file
from graphlib_kam.importers.table import ROLE_UNKNOWN_TAG, read_people
from graphlib_kam.model import Account

__all__ = ["ORGCHART_COLUMNS", "import_orgchart", "read_orgchart"]

_PERSON = {
    "id": ["personid", "person id", "employee id", "employeeid", "emp id", "staff id", "id",
           "user id", "工号", "员工编号", "编号"],
    "email": ["email", "e mail", "work email", "email address", "邮箱", "电子邮件"],
}
_MANAGER = {
    "manager_id": ["supervisorid", "supervisor id", "boss id", "bossid", "manager id", "managerid",
           "parent id", "parentid", "parent", "pid", "reports to id", "reportstoid",
           "上级编号", "上级工号"],
    "manager_email": ["supervisoremail", "supervisor email", "manager email", "manageremail",
              "boss email", "reports to email", "上级邮箱"],
    "manager_name": ["reports to", "reportsto", "reports_to", "manager", "supervisor", "boss",
             "manager name", "supervisor name", "上级", "直属上级", "汇报给", "汇报对象"],
}
ORGCHART_COLUMNS = {"person": _PERSON, "manager": _MANAGER}
_ROLE_NOTE = ("org charts hold no buying roles: people without a role column are users "
              f"tagged {ROLE_UNKNOWN_TAG!r}; mark the decision-makers, influencers and "
              "opposers")
_TREE_NOTE = ("no level and no job title: the level is read from the chart (its top "
              "executive, people with reports management, the others operational)")


def import_orgchart(
    paths: Iterable[str | os.PathLike], *, account: Account,
    encoding: str | None = None, delimiter: str | None = None,
) -> ImportResult:
    """Read org-chart tables (CSV or Excel) into one account map (see the module notes).

    Raises
    ------
    NotFoundError, InputError
        A missing file, a table with no manager column or no person column it points
        to, or only a header row.
    """
    with paused_gc():
        tables = [t for path in paths
                  for t in tables_from_file(path, encoding=encoding, delimiter=delimiter)]
        result = read_orgchart(tables, account=account)
        del tables  # freed before the collector runs again, not scanned by it
    return result


def _find(headers: list[str], spellings: dict[str, list[str]]) -> tuple[str, str] | None:
    """The first (kind, header) whose header is one of the spellings, in kind order."""
    for kind, words in spellings.items():
        found, _ = match_columns(headers, {kind: words})
        if kind in found:
            return kind, found[kind]
    return None


def read_orgchart(tables: list[Table], *, account: Account) -> ImportResult:
    """As :func:`import_orgchart`, from tables already read."""
    with paused_gc():
        builder = MapBuilder(account)
        for table in tables:
            builder.take(table)
            _read_chart(builder, table)
        return builder.finish()


def _read_chart(builder: MapBuilder, table: Table) -> None:
    manager = _find(table.headers, _MANAGER)
    if manager is None:
        raise InputError(
            f"{table.name}: no column names each person's manager; expected one such as "
            "SupervisorID, Boss ID, Manager ID, SupervisorEmail, Reports To or 上级 (the "
            f"columns are {', '.join(map(repr, table.headers))})")
    kind, manager_header = manager
    kind = kind.removeprefix("manager_")
    rest = [h for h in table.headers if h != manager_header]
    found, _ = match_columns(rest, {"id": _PERSON["id"]} if kind != "email"
                             else {"email": _PERSON["email"]})
    key_header = found.get("id" if kind != "email" else "email")
    if key_header is None and kind != "name":
        raise InputError(f"{table.name}: the manager column {manager_header!r} holds "
                         f"{'ids' if kind == 'id' else 'e-mail addresses'}, but no column "
                         f"holds each person's {'id' if kind == 'id' else 'e-mail address'}")
    require_rows(table, "one row per person")
    others = [h for h in rest if h != key_header]
    aliases = {k: v for k, v in STAKEHOLDER_COLUMNS.items()
               if k not in ("id", "reports_to", "covered_by", "influences", "allied",
                            "conflict", "coverage_strength", "last_contact")}
    columns, unused = match_columns(others, aliases)
    unused = [h for h in unused if "mail" not in h.casefold() and "phone" not in h.casefold()]
    if unused:
        builder.note(f"columns not imported: {', '.join(map(repr, unused))}", table.name)
    count = len(table)
    keys = [as_text(v) for v in table.column(key_header)] if key_header else [""] * count
    managers = [as_text(v) for v in table.column(manager_header)]
    names = [as_text(v) for v in table.column(columns.get("name"))] \
        if "name" in columns else [""] * count
    if "first_name" in columns or "last_name" in columns:
        firsts = [as_text(v) for v in table.column(columns.get("first_name")) or [None] * count]
        lasts = [as_text(v) for v in table.column(columns.get("last_name")) or [None] * count]
        names = [n or full_name(f, la) for n, f, la in zip(names, firsts, lasts, strict=True)]
    if kind == "email":
        builder.note("e-mail addresses link people to their managers; they are not kept")
        for k, name in enumerate(names):
            if not name and keys[k]:
                names[k] = keys[k].partition("@")[0]
                builder.note("no name: the part of the e-mail address before @ is the name",
                             table.place(k))
    keep = []
    for k in range(count):
        if not names[k] and not keys[k]:
            builder.problem(table.place(k), "no name and no id; this row is skipped")
        else:
            keep.append(k)
    refs: dict[int, list[str]] = {}
    for k in keep:
        own = [keys[k].casefold()] if kind == "email" else [keys[k], names[k]]
        refs[k] = [r for r in own if r]
    chart = _Chart(len(table), refs, {k: (managers[k].casefold() if kind == "email"
                                          else managers[k]) for k in keep if managers[k]})
    levels = chart.levels(builder, table, manager_header)

    def column(field: str) -> list[Any] | None:
        values = table.column(columns.get(field)) if field in columns else None
        return [values[k] for k in keep] if values is not None else None

    people, givens = read_people(
        builder, len(keep), column, lambda i, field: (table, keep[i], columns.get(field)),
        ids=[keys[k] if kind != "email" else "" for k in keep], names=[names[k] for k in keep],
        level_defaults=[levels[k] for k in keep], level_note=_TREE_NOTE,
        role_note=_ROLE_NOTE)
    ids = builder.add_stakeholders(people, [(table, k) for k in keep], givens)
    added = {k: person_id for k, person_id in zip(keep, ids, strict=True)
             if person_id is not None}
    by_email = {keys[k].casefold(): pid for k, pid in added.items()} if kind == "email" else {}
    for k, person_id in added.items():
        boss = chart.parent.get(k)
        if boss is None:
            continue
        where = (table, k, manager_header)
        if kind == "email":
            target = by_email.get(boss)
            if target is None:
                builder.problem(where, f"no person has the e-mail address {managers[k]!r} "
                                       "(a dangling reference); this link is skipped")
                continue
        else:
            target = boss
        builder.relate(person_id, target, "reports-to", where=where)
    if "successor" in columns:
        successors = table.column(columns["successor"])
        for k, person_id in added.items():
            ref = as_text(successors[k])
            if ref:
                # An e-mail chart may name the successor by address; else an id or name.
                builder.succeed(person_id, by_email.get(ref.casefold(), ref),
                                where=(table, k, columns["successor"]))


class _Chart:
    """The parent pointers of one table, their loops, and where each person sits."""

    def __init__(self, size: int, refs: dict[int, list[str]], managers: dict[int, str]):
        self.size = size
        self.rows: dict[str, int] = {}
        for k, own in refs.items():
            for ref in own:
                self.rows.setdefault(ref, k)
        self.parent: dict[int, str] = {}
        self.tops: set[int] = set()
        for k, boss in managers.items():
            if boss in refs.get(k, ()):
                self.tops.add(k)  # their own manager: the top of the chart
            else:
                self.parent[k] = boss

    def levels(self, builder: MapBuilder, table: Table, header: str) -> dict[int, str]:
        """Executive at the top, management with reports, operational otherwise; loops
        are reported and their closing links dropped."""
        state: dict[int, int] = {}  # 1 on the current walk, 2 done
        for start in list(self.parent):
            path = []
            k: int | None = start
            while k is not None and k not in state:
                state[k] = 1
                path.append(k)
                boss = self.parent.get(k)
                k = self.rows.get(boss) if boss is not None else None
            if k is not None and state.get(k) == 1:  # back on this walk: a loop
                builder.problem((table, path[-1], header),
                                "this manager closes a loop of managers (a reports to b "
                                "reports to … a); this link is skipped")
                del self.parent[path[-1]]
            for visited in path:
                state[visited] = 2
        has_reports = {self.rows.get(b) for b in self.parent.values()}
        out = {}
        for k in range(self.size):
            if k in self.parent and self.rows.get(self.parent[k]) is not None:
                out[k] = "management" if k in has_reports else "operational"
            else:
                out[k] = "executive" if k in has_reports or k in self.tops else "operational"
        return out
