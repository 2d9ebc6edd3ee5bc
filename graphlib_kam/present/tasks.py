"""The penetration plan as a task list: each step with its owner, due date and done state.

A map keeps the tracking of its plan in ``tasks`` (:class:`~graphlib_kam.model.Task`,
keyed by the step's target and kind), so it survives a save and follows its step from
one analysis to the next. :func:`task_rows` joins the plan of an analysis with the map's
tasks; :func:`with_tasks` writes edited rows back into a copy of the map;
:func:`task_list_csv` and :func:`task_list_xlsx` export the list (no cell can run as a
formula).

Examples
--------
>>> import datetime
>>> from graphlib_kam.algorithms.analysis import analyze
>>> from graphlib_kam.model import parse_map
>>> from graphlib_kam.settings import Settings
>>> m = parse_map({"account": {"id": "a"}, "team": [{"id": "t-li", "name": "Li Na"}],
...     "stakeholders": [{"id": "s-zw", "name": "张伟", "level": "management"},
...                      {"id": "s-ceo", "name": "王建国", "role": "decision-maker",
...                       "level": "executive"}],
...     "relationships": [{"source": "s-zw", "target": "s-ceo", "strength": 0.9}],
...     "coverage": [{"member": "t-li", "stakeholder": "s-zw", "strength": 0.7,
...                   "last_contact": "2026-11-02"}]})
>>> day = Settings(as_of=datetime.date(2026, 11, 28))
>>> tracked = with_tasks(m, [{"target": "s-ceo", "kind": "approach", "owner": "t-li",
...                           "due": "2026-12-15", "done": False}])
>>> [task.to_dict() for task in tracked.tasks]
[{'target': 's-ceo', 'kind': 'approach', 'owner': 't-li', 'due': '2026-12-15', 'done': False}]
>>> row = task_rows(analyze(tracked, settings=day))[0]
>>> row["target_name"], row["owner_name"], row["due"], row["done"], row["in_plan"]
('王建国', 'Li Na', '2026-12-15', False, True)
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from graphlib_kam.errors import InputError
from graphlib_kam.model import AccountMap, Task, parse_date
from graphlib_kam.model.account_map import TASK_KINDS
from graphlib_kam.present.export import csv_bytes
from graphlib_kam.present.plan import plan_view
from graphlib_kam.present.report.xlsx import write_cell
from graphlib_kam.text import DEFAULT_LANG, label, t

__all__ = ["TASK_COLUMNS", "task_list_csv", "task_list_xlsx", "task_rows", "with_tasks"]

TASK_COLUMNS = ("step", "stage", "kind", "target", "text", "owner", "due", "done")
"""The columns of the exported task list, in order."""


def task_rows(analysis, lang: str = DEFAULT_LANG) -> list[dict[str, Any]]:
    """The plan's steps in plan order, each with its task, then the tasks whose step has
    left the plan (its target is covered now, or no longer reachable).

    Returns
    -------
    list of dict
        ``{"number", "stage", "stage_label", "kind", "kind_label", "target",
        "target_name", "member", "member_name", "text", "talking_points", "strength",
        "owner", "owner_name", "due" ("YYYY-MM-DD" or ""), "done", "note", "in_plan"}``;
        a step without a task has its member as the suggested owner (``owner`` empty).
    """
    amap = analysis.amap
    names = {m.id: m.name or m.id for m in amap.team}
    people = {s.id: s.label for s in amap.stakeholders}
    tasks = {task.key: task for task in amap.tasks}
    out = []
    for step in plan_view(analysis, lang)["steps"]:
        task = tasks.pop((step["target"], step["kind"]), None)
        out.append(_row(task, lang, names, number=step["number"], stage=step["stage"],
                        kind=step["kind"], target=step["target"],
                        target_name=step["target_name"], member=step["member"],
                        member_name=step["member_name"], text=step["text"],
                        talking_points=list(step["talking_points"]),
                        strength=step["strength"], in_plan=True))
    for task in amap.tasks:
        if task.key not in tasks:
            continue
        level = next((s.level for s in amap.stakeholders if s.id == task.target), None)
        out.append(_row(task, lang, names, number=None, stage=level, kind=task.kind,
                        target=task.target, target_name=people.get(task.target, task.target),
                        member="", member_name="", text=t("task.not_in_plan", lang),
                        talking_points=[], strength=None, in_plan=False))
    return out


def _row(task: Task | None, lang: str, names: dict, **step: Any) -> dict[str, Any]:
    owner = task.owner if task else ""
    return step | {
        "stage_label": label(step["stage"], lang) if step["stage"] else t("text.none", lang),
        "kind_label": t(f"plan.kind.{step['kind']}", lang),
        "owner": owner,
        "owner_name": names.get(owner, owner),
        "due": task.due.isoformat() if task and task.due else "",
        "done": bool(task and task.done),
        "note": task.note if task else "",
    }


def with_tasks(amap: AccountMap, rows: Iterable[Mapping[str, Any]]) -> AccountMap:
    """A copy of ``amap`` whose tasks are set from ``rows``.

    Each row names its step (``target``, ``kind``) and holds ``owner`` (a team member id
    or empty), ``due`` (a date, ``"YYYY-MM-DD"`` or empty), ``done`` and optionally
    ``note``. A row with nothing set (no owner, due date or note, not done) removes its
    task; tasks of steps the rows do not name are kept as they are.

    Raises
    ------
    InputError
        A row whose kind is not a plan step's, whose owner is not on our team, or whose
        due date is not a date YYYY-MM-DD (the message names the row).
    """
    out = amap.copy()
    members = {m.id for m in amap.team}
    kept = {task.key: task for task in out.tasks}
    order = [task.key for task in out.tasks]
    for index, row in enumerate(rows):
        target, kind = str(row.get("target") or ""), str(row.get("kind") or "approach")
        where = f"task {index + 1} ({target})"
        if kind not in TASK_KINDS:
            raise InputError(f"{where}: unknown kind {kind!r}; expected one of "
                             + ", ".join(TASK_KINDS))
        owner = str(row.get("owner") or "").strip()
        if owner and owner not in members:
            raise InputError(f"{where}: no team member has the id {owner!r}")
        due = _due(row.get("due"), where)
        done = bool(row.get("done"))
        note = str(row.get("note") or "")
        key = (target, kind)
        old = kept.get(key)
        if not (owner or due or done or note):
            kept.pop(key, None)
            continue
        kept[key] = Task(target, kind, owner=owner, due=due, done=done, note=note,
                         extra=dict(old.extra) if old else {})
        if key not in order:
            order.append(key)
    out.tasks = [kept[key] for key in order if key in kept]
    return out


def _due(value: Any, where: str) -> dt.date | None:
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    parsed = parse_date(value) if isinstance(value, str) else None
    if parsed is None:
        raise InputError(f"{where}: the due date {value!r} is not a date; expected YYYY-MM-DD")
    return parsed


def _export_rows(rows: list[dict], lang: str) -> tuple[list[str], list[list[Any]]]:
    header = [t(f"task.col.{column}", lang) for column in TASK_COLUMNS]
    body = [[row["number"] if row["number"] is not None else "", row["stage_label"],
             row["kind_label"], row["target_name"], row["text"],
             row["owner_name"] or row["member_name"], row["due"],
             t("explorer.yes" if row["done"] else "explorer.no", lang)]
            for row in rows]
    return header, body


def task_list_csv(rows: list[dict], lang: str = DEFAULT_LANG) -> bytes:
    """The rows of :func:`task_rows` as CSV (UTF-8 with a BOM, for Excel); a text that a
    spreadsheet would run as a formula gets a leading apostrophe.

    >>> task_list_csv([{"number": 1, "stage_label": "x", "kind_label": "approach",
    ...     "target_name": "=cmd()", "text": "meet", "owner_name": "", "member_name": "Li",
    ...     "due": "", "done": False}]).decode("utf-8-sig").splitlines()[1]
    "1,x,approach,'=cmd(),meet,Li,,no"
    """
    header, body = _export_rows(rows, lang)
    return csv_bytes(header, body)


def task_list_xlsx(rows: list[dict], lang: str = DEFAULT_LANG) -> bytes:
    """The rows of :func:`task_rows` as an Excel workbook of one sheet; texts are string
    cells, quote-prefixed when they look like a formula."""
    header, body = _export_rows(rows, lang)
    book = Workbook()
    sheet = book.active
    sheet.title = t("task.sheet", lang)[:31]
    for c, value in enumerate(header, start=1):
        cell = write_cell(sheet, 1, c, value)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8EAF0")
    for r, values in enumerate(body, start=2):
        for c, value in enumerate(values, start=1):
            cell = write_cell(sheet, r, c, value, number_format="0")
            if isinstance(value, str):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFGH", (6, 14, 10, 16, 60, 14, 12, 8)):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
