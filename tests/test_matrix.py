"""The interest matrix: level × role cells, counts, default concerns in both languages."""

from __future__ import annotations

import pytest

from graphlib_kam.algorithms import TalkingPoints, interest_matrix, level_concerns
from graphlib_kam.model import parse_map
from graphlib_kam.model.vocab import LEVELS, ROLES

from .conftest import EXAMPLES

MAP = parse_map({"account": {"id": "a"}, "stakeholders": [
    {"id": "ceo", "level": "executive", "role": "decision-maker",
     "interests": ["ROI", "Growth", "roi"]},
    {"id": "cfo", "level": "executive", "role": "decision-maker", "interests": ["growth"]},
    {"id": "ops", "level": "management", "role": "opposer", "interests": ["risk"]},
    {"id": "dev", "level": "operational", "role": "user"},
    {"id": "old", "level": "executive", "role": "decision-maker", "status": "left",
     "interests": ["legacy"]},
]})


def test_every_level_and_role_has_a_cell():
    matrix = interest_matrix(MAP)
    assert {(c.level, c.role) for c in matrix.cells} == {(lv, r) for lv in LEVELS for r in ROLES}


def test_cells_count_interests_once_per_person_ignoring_case():
    cell = interest_matrix(MAP).cell("executive", "decision-maker")
    assert cell.stakeholders == ("ceo", "cfo")               # the one who left is out
    assert cell.interests == (("Growth", 2), ("ROI", 1))    # most frequent first


def test_empty_cells_and_unknown_cells():
    matrix = interest_matrix(MAP)
    assert matrix.cell("operational", "user").interests == ()
    assert matrix.cell("management", "user").stakeholders == ()
    with pytest.raises(KeyError):
        matrix.cell("board", "user")


@pytest.mark.parametrize(("level", "en", "zh"), [
    ("executive", ["strategic value", "ROI"], ["战略价值", "投资回报"]),
    ("management", ["execution cost", "risk"], ["执行成本", "风险"]),
    ("operational", ["ease of use", "efficiency"], ["易用性", "效率"]),
])
def test_default_concerns_of_each_level(level, en, zh):
    assert level_concerns(level, "en") == en
    assert level_concerns(level, "zh") == zh


def test_talking_points_are_the_interests_else_the_level_concerns():
    # Analysis 2: the target's interests, else its level's row; never a mix of both
    assert TalkingPoints(("Risk", "uptime", "risk"), "management").items("en") == [
        "Risk", "uptime"]
    assert TalkingPoints((), "management").items("en") == ["execution cost", "risk"]
    assert TalkingPoints((), "operational", limit=1).items("zh") == ["易用性"]


def test_to_dict_in_chinese():
    data = interest_matrix(MAP).to_dict("zh")
    executive = data["levels"][0]
    assert executive["label"] == "高层"
    assert executive["default_concerns"] == ["战略价值", "投资回报"]
    dm = executive["roles"][0]
    assert dm["label"] == "决策者" and [s["id"] for s in dm["stakeholders"]] == ["ceo", "cfo"]
    assert data["levels"][1]["interests"] == [{"interest": "risk", "count": 1}]


def test_the_bank_example_matrix():
    from graphlib_kam.store import load_map

    matrix = interest_matrix(load_map(EXAMPLES / "cn-bank-core-banking.kam.json"))
    executive_dm = dict(matrix.cell("executive", "decision-maker").interests)
    assert executive_dm["战略价值"] == 2                        # 刘振华 and 孙建平
    assert dict(matrix.level_interests("operational"))["操作便捷"] == 5
