"""Analysis 2 as ``kam`` shows it: support beside the score, the staged plan, the reason an
empty plan is empty, ``--as-of`` on approach routes, brokers without decision-makers, and
support and alerts in ``kam diff`` / ``kam whatif``.

Expected values come from hand-made maps worked out by hand, or from the library.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from graphlib_kam.algorithms.coverage import support_score
from graphlib_kam.cli import main
from graphlib_kam.model import parse_map
from graphlib_kam.settings import Settings
from graphlib_kam.store import dumps_map, load_map
from graphlib_kam.text import t

from .conftest import AS_OF, EXAMPLES

BANK = EXAMPLES / "cn-bank-core-banking.kam.json"
DAY = Settings(as_of=dt.date.fromisoformat(AS_OF))


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv) -> dict:
    code, out, err = run(capsys, *argv, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def write(tmp_path, data: dict, name: str = "m.kam.json"):
    path = tmp_path / name
    path.write_text(dumps_map(parse_map(data)), encoding="utf-8")
    return path


def staged_map() -> dict:
    """Li Na covers 张伟 (management, fresh 0.8). 张伟 influences a user (0.5) and the CEO
    (0.6); the user influences an opposer (0.5), whom nobody covered influences.

    By hand: the user's route is 0.8 × 0.5 = 0.4 (operational), the opposer's
    0.8 × 0.5 × 0.5 = 0.2 (management, an address step: its only influencer, the user, is
    not covered), the CEO's 0.8 × 0.6 = 0.48 (executive).
    """
    return {
        "account": {"id": "staged", "name": "Staged"},
        "team": [{"id": "t-li", "name": "Li Na"}],
        "stakeholders": [
            {"id": "s-zw", "name": "张伟", "role": "influencer", "level": "management",
             "stance": 1},
            {"id": "s-user", "name": "李强", "role": "user", "level": "operational"},
            {"id": "s-ceo", "name": "王建国", "role": "decision-maker", "level": "executive",
             "power": 5},
            {"id": "s-opp", "name": "郑敏", "role": "opposer", "level": "management",
             "stance": -1},
        ],
        "relationships": [
            {"source": "s-zw", "target": "s-user", "kind": "influences", "strength": 0.5},
            {"source": "s-zw", "target": "s-ceo", "kind": "influences", "strength": 0.6},
            {"source": "s-user", "target": "s-opp", "kind": "influences", "strength": 0.5},
        ],
        "coverage": [{"member": "t-li", "stakeholder": "s-zw", "strength": 0.8,
                      "last_contact": "2026-11-20"}],
    }


# --- kam gaps: support beside the score -------------------------------------------------

def test_gaps_json_has_support_from_the_library(capsys, example_path):
    data = run_json(capsys, "gaps", example_path, "--as-of", AS_OF)
    expected = support_score(load_map(example_path), settings=DAY)
    assert data["support"] == pytest.approx(expected, abs=1e-12)
    assert -100 <= data["support"] <= 100


def test_gaps_text_shows_both_figures_with_their_scales(capsys, tmp_path):
    data = staged_map()
    for person in data["stakeholders"]:
        person["stance"] = 1  # everyone +1: support is 100 × 1 / 2 = 50 whatever the ranks
    path = write(tmp_path, data)
    _, en, _ = run(capsys, "gaps", path, "--as-of", AS_OF)
    score = run_json(capsys, "gaps", path, "--as-of", AS_OF)["score"]
    assert f"Coverage score: {score:.1f} (0..100) · support: +50.0 (−100..100)" in en
    _, zh, _ = run(capsys, "gaps", path, "--as-of", AS_OF, "--lang", "zh")
    assert f"覆盖评分：{score:.1f}（0..100）· 支持度：+50.0（−100..100）" in zh


# --- kam plan: staged, with the contract's keys ------------------------------------------

PLAN_KEYS = {"kind", "stage", "member", "via", "target", "nodes", "strength", "talking_points"}


def test_plan_json_steps_in_stage_order_worked_by_hand(capsys, tmp_path):
    path = write(tmp_path, staged_map())
    steps = run_json(capsys, "plan", path, "--as-of", AS_OF)["steps"]
    assert all(set(step) >= PLAN_KEYS for step in steps)
    got = [(s["kind"], s["stage"], s["member"], s["via"], s["target"], s["nodes"])
           for s in steps]
    assert got == [
        ("approach", "operational", "t-li", "s-zw", "s-user", ["s-zw", "s-user"]),
        ("address", "management", "t-li", "s-zw", "s-opp", ["s-zw", "s-user", "s-opp"]),
        ("approach", "executive", "t-li", "s-zw", "s-ceo", ["s-zw", "s-ceo"]),
    ]
    assert [s["strength"] for s in steps] == pytest.approx([0.8 * 0.5, 0.8 * 0.5 * 0.5,
                                                            0.8 * 0.6])


def test_plan_text_groups_steps_under_the_method_stages(capsys, tmp_path):
    path = write(tmp_path, staged_map())
    for lang in ("en", "zh"):
        _, text, _ = run(capsys, "plan", path, "--as-of", AS_OF, "--lang", lang)
        heads = [t(f"plan.stage.{s}", lang) for s in ("operational", "management", "executive")]
        where = [text.index(head) for head in heads]
        assert where == sorted(where)
        assert text.index("李强") < where[1] < text.index("郑敏") < where[2] < text.index(
            "王建国", where[2])
        assert t("plan.kind.address", lang) in text
        assert "Steps" not in text and "步骤\n" not in text


def test_plan_talking_points_are_joined_with_the_enumeration_comma(capsys):
    steps = run_json(capsys, "plan", BANK, "--as-of", AS_OF, "--lang", "zh")["steps"]
    _, text, _ = run(capsys, "plan", BANK, "--as-of", AS_OF, "--lang", "zh")
    assert steps
    for step in steps:
        assert f"     沟通要点：{'、'.join(step['talking_points'])}" in text.splitlines()
    assert "服务于" not in text


def test_plan_text_of_the_bank_in_chinese_has_the_stage_headings(capsys):
    data = run_json(capsys, "plan", BANK, "--as-of", AS_OF)
    _, text, _ = run(capsys, "plan", BANK, "--as-of", AS_OF, "--lang", "zh")
    stages = {s["stage"] for s in data["steps"]}
    for stage in stages:
        assert t(f"plan.stage.{stage}", "zh") in text
    order = ["operational", "management", "executive", None]
    assert [order.index(s["stage"]) for s in data["steps"]] == sorted(
        order.index(s["stage"]) for s in data["steps"])


@pytest.mark.parametrize(("data", "reason"), [
    ({"account": {"id": "a"}, "stakeholders": [{"id": "x", "role": "decision-maker"}]},
     "no_team"),
    ({"account": {"id": "a"}, "team": [{"id": "t"}],
      "stakeholders": [{"id": "x", "role": "decision-maker"}],
      "coverage": [{"member": "t", "stakeholder": "x", "strength": 0.8,
                    "last_contact": "2026-11-01"}]}, "covered"),
    ({"account": {"id": "a"}, "team": [{"id": "t"}],
      "stakeholders": [{"id": "x", "role": "decision-maker"}, {"id": "u", "role": "user"}],
      "coverage": [{"member": "t", "stakeholder": "u", "strength": 0.8,
                    "last_contact": "2026-11-01"}]}, "unreachable"),
], ids=["no-team", "covered", "unreachable"])
def test_an_empty_plan_says_why(capsys, tmp_path, data, reason):
    path = write(tmp_path, data)
    plan = run_json(capsys, "plan", path, "--as-of", AS_OF)
    assert plan["steps"] == [] and plan["empty"]["reason"] == reason.replace("_", "-")
    for lang in ("en", "zh"):
        _, text, _ = run(capsys, "plan", path, "--as-of", AS_OF, "--lang", lang)
        assert t(f"plan.empty.{reason}", lang) in text
        assert t("plan.stage.executive", lang) not in text


# --- kam paths --to: --as-of prices in a stale link ---------------------------------------

def test_approach_routes_take_as_of(capsys, tmp_path):
    path = write(tmp_path, {
        "account": {"id": "a"}, "team": [{"id": "t"}],
        "stakeholders": [{"id": "s-a"}, {"id": "s-b", "role": "decision-maker"}],
        "relationships": [{"source": "s-a", "target": "s-b", "strength": 0.5}],
        "coverage": [{"member": "t", "stakeholder": "s-a", "strength": 0.8,
                      "last_contact": "2026-11-01"}]})
    fresh = run_json(capsys, "paths", path, "--to", "s-b", "--as-of", AS_OF)["routes"]
    # 2027-03-01 is 120 days after the last contact: stale, the link counts half.
    stale = run_json(capsys, "paths", path, "--to", "s-b", "--as-of", "2027-03-01")["routes"]
    assert fresh[0]["strength"] == pytest.approx(0.8 * 0.5)
    assert stale[0]["strength"] == pytest.approx(0.8 * 0.5 * 0.5)


# --- kam brokers: nobody who decides ------------------------------------------------------

def test_brokers_list_no_decision_maker(capsys, example_path):
    amap = load_map(example_path)
    deciders = {s.id for s in amap.stakeholders if s.role == "decision-maker"}
    listed = {b["id"] for b in run_json(capsys, "brokers", example_path)["brokers"]}
    assert listed and not listed & deciders


def test_headers_adapt_to_a_map_without_decision_makers(capsys, tmp_path):
    path = write(tmp_path, {"account": {"id": "a"}, "stakeholders": [
        {"id": "a"}, {"id": "b"}, {"id": "c"}], "relationships": [
        {"source": "a", "target": "b"}, {"source": "b", "target": "c"}]})
    for command in ("rank", "brokers"):
        for lang in ("en", "zh"):
            _, text, _ = run(capsys, command, path, "--lang", lang)
            assert text.startswith(t(f"cli.{command}.no_dm", lang))
            assert t(f"cli.{command}", lang) not in text
    _, text, _ = run(capsys, "rank", BANK)
    assert text.startswith(t("cli.rank", "en"))


# --- kam diff / whatif: support before and after, alerts -------------------------------

def test_diff_shows_support_before_and_after(capsys):
    old = EXAMPLES / "cn-bank-core-banking.history" / "r000006.kam.json"
    data = run_json(capsys, "diff", old, BANK, "--as-of", AS_OF)
    assert data["support_before"] == pytest.approx(support_score(load_map(old), settings=DAY))
    assert data["support_after"] == pytest.approx(support_score(load_map(BANK), settings=DAY))
    _, text, _ = run(capsys, "diff", old, BANK, "--as-of", AS_OF)
    assert (f"Support: {data['support_before']:+.1f} → {data['support_after']:+.1f}"
            in text.splitlines())


def test_whatif_shows_support_and_alerts(capsys):
    data = run_json(capsys, "whatif", BANK, "--remove", "s-vp-tech", "--as-of", AS_OF)
    assert {"alerts", "support_before", "support_after"} <= set(data)
    _, text, _ = run(capsys, "whatif", BANK, "--remove", "s-vp-tech", "--as-of", AS_OF)
    assert t("cli.diff.alerts", "en") in text.splitlines()
    for alert in data["alerts"]:
        assert alert["message"] in text


def test_diff_names_a_known_successor(capsys, tmp_path):
    old = staged_map()
    old["revision"] = 1
    new = json.loads(json.dumps(old))
    new["revision"] = 2
    new["stakeholders"][0].update(status="left", successor="s-new")
    new["stakeholders"].append({"id": "s-new", "name": "赵新", "role": "influencer",
                                "level": "management"})
    a, b = write(tmp_path, old, "a.kam.json"), write(tmp_path, new, "b.kam.json")
    data = run_json(capsys, "diff", a, b, "--as-of", AS_OF)
    left = [x for x in data["alerts"] if x["stakeholder"] == "s-zw"]
    assert left and all("赵新" in x["message"] + x["action"] for x in left)
    _, text, _ = run(capsys, "diff", a, b, "--as-of", AS_OF)
    assert "find out who took over" not in text.lower()


# --- kam portfolio: support in the JSON --------------------------------------------------

def test_portfolio_json_has_the_design_keys(capsys, tmp_path):
    for path in EXAMPLES.glob("*.kam.json"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    data = run_json(capsys, "portfolio", tmp_path, "--as-of", AS_OF, "--workers", "1")
    keys = {"id", "name", "score", "support", "high_gaps", "top_gap", "deal", "at_risk"}
    maps = {m.account.id: m for m in map(load_map, EXAMPLES.glob("*.kam.json"))}
    assert {row["id"] for row in data["accounts"]} == set(maps)
    for row in data["accounts"]:
        assert keys <= set(row)
        assert row["support"] == pytest.approx(support_score(maps[row["id"]], settings=DAY))


def test_an_opportunity_without_a_team(capsys, tmp_path):
    """A Salesforce opportunity with nobody on it: no coverage, not single-threaded; level
    gaps named by their level in the reader's language; the plan says why it is empty."""
    path = write(tmp_path, {
        "account": {"id": "sf"},
        "stakeholders": [{"id": "a", "role": "decision-maker", "level": "executive"},
                         {"id": "b", "role": "influencer", "level": "management"}],
        "relationships": [{"source": "b", "target": "a", "strength": 0.7}]})
    kinds = [g["kind"] for g in run_json(capsys, "gaps", path, "--as-of", AS_OF)["gaps"]]
    assert "no-coverage" in kinds and "single-threaded" not in kinds
    _, zh, _ = run(capsys, "gaps", path, "--as-of", AS_OF, "--lang", "zh")
    assert f"[中] 层级缺口 — {t('term.executive', 'zh')}" in zh.splitlines()
    assert "— executive" not in zh
    assert f"[高] {t('kind.no-coverage', 'zh')} — 整个客户" in zh.splitlines()
    _, plan, _ = run(capsys, "plan", path, "--as-of", AS_OF, "--lang", "zh")
    assert t("plan.empty.no_team", "zh") in plan
