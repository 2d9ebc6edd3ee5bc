"""kam gaps, plan, matrix and diff: invoked as a user would, text and JSON, en and zh."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from graphlib_kam.cli import main

from .conftest import AS_OF, EXAMPLES

CN_BANK = str(EXAMPLES / "cn-bank-core-banking.kam.json")
CN_BANK_R6 = str(EXAMPLES / "cn-bank-core-banking.history" / "r000006.kam.json")
HOSPITAL = str(EXAMPLES / "us-hospital-clinical.kam.json")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv):
    code, out, err = run(capsys, *argv, "--format", "json")
    assert code == 0, err
    return json.loads(out)


# --- every command on every example, both languages, text and JSON ----------------------

@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["gaps", "plan", "matrix"])
def test_commands_answer_on_every_example(capsys, example_path, command, lang):
    extra = [] if command == "matrix" else ["--as-of", AS_OF]
    code, out, err = run(capsys, command, str(example_path), "--lang", lang, *extra)
    assert code == 0 and err == ""
    assert out.strip() and "Traceback" not in out and "{" not in out
    data = run_json(capsys, command, str(example_path), "--lang", lang, *extra)
    assert data["account"]["id"]


def test_gaps_json_contract(capsys, example_path):
    data = run_json(capsys, "gaps", str(example_path), "--as-of", AS_OF)
    assert isinstance(data["score"], float) and 0 <= data["score"] <= 100
    assert data["as_of"] == AS_OF
    for gap in data["gaps"]:
        assert {"kind", "severity", "stakeholder", "message", "action"} <= set(gap)
    order = [("high", "medium", "low").index(g["severity"]) for g in data["gaps"]]
    assert order == sorted(order)
    assert sum(data["counts"].values()) == len(data["gaps"])


def test_gaps_text_of_the_bank_in_both_languages(capsys):
    data = run_json(capsys, "gaps", CN_BANK, "--as-of", AS_OF)
    score, support = f"{data['score']:.1f}", f"{data['support']:+.1f}"
    _, en, _ = run(capsys, "gaps", CN_BANK, "--as-of", AS_OF)
    assert f"Coverage score: {score} (0..100) · support: {support} (−100..100)" in en
    assert "[HIGH] uncovered decision-maker — 刘振华" in en
    assert "→ Ask 孙建平 (covered by 赵刚) to introduce you to 刘振华" in en
    _, zh, _ = run(capsys, "gaps", CN_BANK, "--as-of", AS_OF, "--lang", "zh")
    assert f"覆盖评分：{score}（0..100）· 支持度：{support}（−100..100）" in zh
    assert "[高] 决策者未覆盖 — 刘振华" in zh
    assert "→ 请孙建平（赵刚的联系人）引荐刘振华" in zh


def test_gaps_min_severity_filters_the_list_not_the_score(capsys):
    everything = run_json(capsys, "gaps", CN_BANK, "--as-of", AS_OF)
    high = run_json(capsys, "gaps", CN_BANK, "--as-of", AS_OF, "--min-severity", "high")
    assert {g["severity"] for g in high["gaps"]} == {"high"}
    assert len(high["gaps"]) == everything["counts"]["high"]
    assert high["score"] == everything["score"]


def test_thresholds_from_the_command_line(capsys):
    default = run_json(capsys, "gaps", HOSPITAL, "--as-of", AS_OF)
    strict = run_json(capsys, "gaps", HOSPITAL, "--as-of", AS_OF, "--stale-days", "30",
                      "--covered-min", "0.6", "--min-route", "0.5")
    assert strict["settings"] == {"covered_min": 0.6, "stale_days": 30, "min_route": 0.5,
                                  "opposer_path_level": 0.3, "influencer_path_level": 0.3}
    assert len(strict["gaps"]) > len(default["gaps"])
    # Links of 0.5 contacted 30–90 days ago: stale after 30 days; below 0.6 they are weak
    # instead (one coverage gap per person, the first that applies).
    stale = run_json(capsys, "gaps", HOSPITAL, "--as-of", AS_OF, "--stale-days", "30")
    assert "stale-contact" in {g["kind"] for g in stale["gaps"]}
    assert "stale-contact" not in {g["kind"] for g in strict["gaps"]}
    for data in (default, strict, stale):
        people = [g["stakeholder"] for g in data["gaps"] if g["kind"] in (
            "unreachable-decision-maker", "uncovered-decision-maker", "uncovered-influencer",
            "stale-contact", "weak-coverage")]
        assert len(people) == len(set(people))


def test_plan_json_contract_and_text(capsys):
    data = run_json(capsys, "plan", CN_BANK, "--as-of", AS_OF, "--lang", "zh")
    keys = {"kind", "stage", "member", "via", "target", "nodes", "strength", "talking_points"}
    assert data["steps"] and all(keys <= set(step) for step in data["steps"])
    first = next(s for s in data["steps"] if s["target"] == "s-president")
    assert (first["kind"], first["stage"], first["member"], first["via"]) == (
        "approach", "executive", "t-zhaogang", "s-vp-tech")
    assert first["talking_points"][:2] == ["战略价值", "监管合规"]
    gaps = run_json(capsys, "gaps", CN_BANK, "--as-of", AS_OF, "--lang", "zh")["gaps"]
    action = next(g["action"] for g in gaps if g["stakeholder"] == "s-president")
    _, text, _ = run(capsys, "plan", CN_BANK, "--as-of", AS_OF, "--lang", "zh")
    assert action in text  # the step says what the gap says, word for word
    _, text, _ = run(capsys, "plan", CN_BANK, "--as-of", AS_OF)
    assert "Ask 孙建平 (covered by 赵刚) to introduce you to 刘振华 (route strength 0.45)" in text


def test_matrix_text(capsys):
    _, text, _ = run(capsys, "matrix", CN_BANK, "--lang", "zh")
    assert "高层 — 默认关注：战略价值和投资回报" in text
    assert "操作便捷 ×5" in text


def test_diff_of_the_bank_revisions(capsys):
    data = run_json(capsys, "diff", CN_BANK_R6, CN_BANK, "--as-of", AS_OF)
    assert {"added", "removed", "changed", "broken_routes", "gaps_opened", "gaps_closed",
            "alerts"} <= set(data)
    assert ("left", "s-it-gm-former") in {(a["change"], a["stakeholder"])
                                          for a in data["alerts"]}
    _, text, _ = run(capsys, "diff", CN_BANK_R6, CN_BANK, "--as-of", AS_OF, "--lang", "zh")
    assert "人员变动：影响者 · 信息科技部总经理 · 周立新已离开" in text  # never run together
    assert "通往刘振华的路径减弱：由 0.51" in text
    _, text, _ = run(capsys, "diff", CN_BANK_R6, CN_BANK, "--as-of", AS_OF)
    assert "  ~ 罗敏: coverage not covered → covered\n" in text  # not "covered not covered"


# --- user mistakes: one clear line, exit 2, no traceback ---------------------------------

@pytest.mark.parametrize("argv", [
    ["gaps", CN_BANK, "--covered-min", "1.5"],
    ["gaps", CN_BANK, "--stale-days", "ninety"],
    ["plan", CN_BANK, "--min-route", "nan"],
    ["gaps", CN_BANK, "--as-of", "2026-02-30"],
])
def test_bad_arguments_are_usage_errors(capsys, argv):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "error:" in err


def test_a_missing_map_is_one_line(capsys, tmp_path):
    code, _, err = run(capsys, "gaps", str(tmp_path / "nope.kam.json"))
    assert code == 2 and err.count("\n") == 1 and "nope.kam.json" in err


def test_diff_of_two_accounts_is_refused(capsys):
    code, _, err = run(capsys, "diff", CN_BANK, HOSPITAL)
    assert code == 2 and "different accounts" in err


def test_a_covered_min_error_names_the_range(capsys):
    with pytest.raises(SystemExit):
        main(["gaps", CN_BANK, "--covered-min", "2"])
    assert "from 0.0 to 1.0" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["gaps", "plan", "matrix", "diff"])
def test_every_command_has_help(capsys, command):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    assert "usage: kam " + command in capsys.readouterr().out


def test_the_installed_kam_runs_gaps():
    kam = Path(sys.executable).parent / "kam"   # installed beside the test interpreter
    done = subprocess.run([str(kam), "gaps", CN_BANK, "--as-of", AS_OF, "--format", "json"],
                          capture_output=True, text=True, encoding="utf-8", check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["gaps"][0]["stakeholder"] == "s-president"


def documented_examples() -> list[tuple[list[str], list[str]]]:
    """The ``$ kam …`` commands shown with their output in the README and docs/analysis.md,
    and the lines shown for each."""
    root = EXAMPLES.parent
    pages = [root / "README.md", root / "docs" / "analysis.md"]
    examples = []
    for block in "".join(p.read_text(encoding="utf-8") for p in pages).split("```console")[1:]:
        for chunk in block.split("```")[0].split("$ kam ")[1:]:
            command, *shown = chunk.strip("\n").split("\n")
            examples.append((command.split(), [line for line in shown if line != "…"]))
    return examples


def test_the_docs_show_real_output(capsys, monkeypatch):
    monkeypatch.chdir(EXAMPLES.parent)
    examples = documented_examples()
    assert len(examples) == 8
    for argv, shown in examples:
        assert len(shown) >= 4
        code, out, _ = run(capsys, *argv)
        assert code == 0
        lines = out.splitlines()
        for line in shown:
            assert line in lines, (argv, line)
