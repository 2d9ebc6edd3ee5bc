"""Plan-step tracking: the map's ``tasks`` (owner, due date, done), read, validated, kept on
a save, joined with the plan and exported as a task list (CSV and XLSX, formula-safe)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from graphlib_kam.algorithms import analyze
from graphlib_kam.errors import InputError, MapValidationError
from graphlib_kam.model import Task, dumps_map, loads_map, parse_map
from graphlib_kam.present.tasks import task_list_csv, task_list_xlsx, task_rows, with_tasks
from graphlib_kam.settings import Settings
from graphlib_kam.store import load_map, save_map
from graphlib_kam.store.cypher import map_extra

ROOT = Path(__file__).resolve().parent.parent
BANK = ROOT / "examples" / "cn-bank-core-banking.kam.json"
DAY = Settings(as_of=dt.date(2026, 11, 28))


def base(**extra) -> dict:
    return {"schema": "kam/1", "account": {"id": "a", "name": "A"},
            "team": [{"id": "t-li", "name": "Li Na"}],
            "stakeholders": [{"id": "s-zw", "name": "张伟", "level": "management"},
                             {"id": "s-ceo", "name": "王建国", "role": "decision-maker",
                              "level": "executive"}],
            "relationships": [{"source": "s-zw", "target": "s-ceo", "strength": 0.9}],
            "coverage": [{"member": "t-li", "stakeholder": "s-zw", "strength": 0.7,
                          "last_contact": "2026-11-02"}]} | extra


def test_tasks_round_trip_with_unknown_keys():
    data = base(tasks=[{"target": "s-ceo", "kind": "approach", "owner": "t-li",
                        "due": "2026-12-15", "done": True, "note": "dinner", "x-crm": 7}])
    amap = parse_map(data)
    assert amap.tasks == [Task("s-ceo", "approach", owner="t-li", due=dt.date(2026, 12, 15),
                               done=True, note="dinner", extra={"x-crm": 7})]
    again = loads_map(dumps_map(amap))
    assert again.tasks == amap.tasks
    assert again.to_dict()["tasks"] == data["tasks"]
    copy = amap.copy()
    copy.tasks[0].extra["x-crm"] = 8
    assert amap.tasks[0].extra == {"x-crm": 7}


def test_a_map_without_tasks_writes_none():
    assert "tasks" not in parse_map(base()).to_dict()


def test_the_neo4j_store_keeps_tasks_with_the_account():
    amap = parse_map(base(tasks=[{"target": "s-ceo", "done": True}]))
    assert map_extra(amap)["tasks"] == [{"target": "s-ceo", "kind": "approach", "done": True}]


@pytest.mark.parametrize(("task", "where", "words"), [
    ({"target": "s-nobody"}, "tasks[0].target", "no stakeholder has the id 's-nobody'"),
    ({"target": "s-ceo", "owner": "t-zz"}, "tasks[0].owner", "no team member has the id"),
    ({"target": "s-ceo", "due": "15/12/2026"}, "tasks[0].due", "expected YYYY-MM-DD"),
    ({"target": "s-ceo", "due": "2026-12-32"}, "tasks[0].due", "not a valid date"),
    ({"target": "s-ceo", "done": "yes"}, "tasks[0].done", "expected true or false"),
    ({"target": "s-ceo", "kind": "visit"}, "tasks[0].kind", "expected one of approach, address"),
    ({"kind": "approach"}, "tasks[0].target", "is missing"),
])
def test_a_bad_task_is_named_with_its_path(task, where, words):
    with pytest.raises(MapValidationError) as caught:
        parse_map(base(tasks=[task]))
    problems = {p.where: p.message for p in caught.value.problems}
    assert where in problems and words in problems[where], problems


def test_two_tasks_for_one_step_are_refused():
    with pytest.raises(MapValidationError, match=r"tasks\[1\]: repeats tasks\[0\]"):
        parse_map(base(tasks=[{"target": "s-ceo"}, {"target": "s-ceo", "done": True}]))
    parse_map(base(tasks=[{"target": "s-ceo"}, {"target": "s-ceo", "kind": "address"}]))


def test_tasks_must_be_a_list_of_objects():
    with pytest.raises(MapValidationError, match="tasks: expected a list"):
        parse_map(base(tasks={"target": "s-ceo"}))


def test_task_rows_join_the_plan_and_keep_steps_that_left_it():
    amap = parse_map(base(tasks=[{"target": "s-zw", "owner": "t-li", "done": True}]))
    rows = task_rows(analyze(amap, settings=DAY), "zh")
    assert [(r["target"], r["in_plan"]) for r in rows] == [("s-ceo", True), ("s-zw", False)]
    assert rows[0]["owner"] == "" and rows[0]["member_name"] == "Li Na"
    assert rows[1]["done"] is True and "不在计划中" in rows[1]["text"]


def test_with_tasks_sets_changes_and_removes():
    amap = parse_map(base())
    one = with_tasks(amap, [{"target": "s-ceo", "kind": "approach", "owner": "t-li",
                             "due": dt.date(2026, 12, 1), "done": False}])
    assert one.tasks == [Task("s-ceo", owner="t-li", due=dt.date(2026, 12, 1))]
    assert amap.tasks == []
    done = with_tasks(one, [{"target": "s-ceo", "kind": "approach", "owner": "t-li",
                             "due": "2026-12-01", "done": True}])
    assert done.tasks[0].done is True
    cleared = with_tasks(done, [{"target": "s-ceo", "kind": "approach", "owner": "",
                                 "due": None, "done": False}])
    assert cleared.tasks == []


@pytest.mark.parametrize(("row", "words"), [
    ({"target": "s-ceo", "due": "next week"}, "expected YYYY-MM-DD"),
    ({"target": "s-ceo", "owner": "t-zz"}, "no team member has the id 't-zz'"),
    ({"target": "s-ceo", "kind": "visit", "done": True}, "unknown kind"),
])
def test_with_tasks_refuses_what_the_map_would(row, words):
    with pytest.raises(InputError, match=words):
        with_tasks(parse_map(base()), [row])


def test_tracked_steps_survive_a_save_and_a_reload(tmp_path):
    path = tmp_path / "bank.kam.json"
    path.write_bytes(BANK.read_bytes())
    amap = load_map(path)
    step = task_rows(analyze(amap))[0]
    tracked = with_tasks(amap, [{"target": step["target"], "kind": step["kind"],
                                 "owner": step["member"], "due": "2026-12-20", "done": True}])
    save_map(tracked, path)
    again = task_rows(analyze(load_map(path)))[0]
    assert (again["target"], again["owner"], again["due"], again["done"]) == (
        step["target"], step["member"], "2026-12-20", True)


def test_the_task_list_exports_cannot_run_formulas():
    amap = parse_map(base())
    amap.stakeholders[1].name = "=HYPERLINK(\"http://x\")"
    rows = task_rows(analyze(with_tasks(amap, [{"target": "s-ceo", "owner": "t-li",
                                                  "due": "2026-12-15"}]), settings=DAY))
    text = task_list_csv(rows, "en").decode("utf-8-sig")
    header, first = text.splitlines()[:2]
    assert header == "Step,Stage,Kind,Whom,What to do,Owner,Due,Done"
    assert first.startswith("1,executive,approach,\"'=HYPERLINK(")
    assert first.endswith(",Li Na,2026-12-15,no")
    sheet = load_workbook(io.BytesIO(task_list_xlsx(rows, "zh"))).active
    assert sheet.title == "计划任务"
    assert [c.value for c in sheet[1]] == ["步骤", "阶段", "类型", "对象", "具体行动", "负责人",
                                          "截止日期", "已完成"]
    cell = sheet.cell(row=2, column=4)
    assert cell.data_type == "s" and cell.quotePrefix and cell.value.startswith("=HYPERLINK")
