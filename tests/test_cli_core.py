"""``kam validate`` and ``kam show``, and what every ``kam`` command owes its user."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from graphlib_kam.cli import build_parser, main
from graphlib_kam.errors import KamError
from graphlib_kam.store import load_map

KAM = Path(sys.executable).with_name("kam")
MB = 1024 * 1024


def map_data(**extra) -> dict:
    return {
        "schema": "kam/1",
        "revision": 3,
        "account": {"id": "acme", "name": "Acme Bank", "industry": "banking"},
        "team": [{"id": "t-li", "name": "Li Na"}, {"id": "t-idle", "name": "Wang Fang"}],
        "stakeholders": [
            {"id": "s-ceo", "name": "王建国", "role": "decision-maker", "level": "executive"},
            {"id": "s-cto", "name": "Zhang Wei", "role": "influencer", "level": "management"},
            {"id": "s-ops", "name": "Zheng", "role": "opposer", "level": "management"},
            {"id": "s-old", "name": "Zhou", "role": "influencer", "status": "left"},
        ],
        "relationships": [{"source": "s-cto", "target": "s-ceo", "strength": 0.8}],
        "coverage": [
            {"member": "t-li", "stakeholder": "s-cto", "strength": 0.75,
             "last_contact": "2026-11-02"},
            {"member": "t-li", "stakeholder": "s-old", "strength": 0.5},
        ],
        **extra,
    }


def broken(mutate) -> bytes:
    data = map_data()
    mutate(data)
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _set(section, index, key, value):
    def mutate(data):
        data[section][index][key] = value
    return mutate


def _del(section, index, key):
    def mutate(data):
        del data[section][index][key]
    return mutate


# Each case: the bytes of a map file, the field path of the problem (None: the whole
# file), and words the message must contain: what was found and what is allowed.
CATALOGUE = {
    "invalid-json": (b'{"schema": "kam/1",\n "account": {"id": "a"\n}', None,
                     ["invalid JSON at line 3, column 2", "delimiter"]),
    "empty-file": (b"", None, ["the file is empty", "kam/1"]),
    "not-utf8": ('{"account": {"id": "a", "name": "王"}}'.encode("gbk"), None,
                 ["line 1", "not UTF-8", "save the file as UTF-8"]),
    "top-level-array": (b'[{"id": "s-ceo"}]', None, ["expected a JSON object", "a list"]),
    "missing-id": (broken(_del("stakeholders", 2, "id")), "stakeholders[2].id", ["missing"]),
    "duplicate-id": (broken(_set("stakeholders", 2, "id", "s-cto")), "stakeholders[2].id",
                     ["duplicate id 's-cto'", "stakeholders[1]", "unique"]),
    "missing-stakeholder": (broken(_set("relationships", 0, "target", "s-cfo")),
                            "relationships[0].target", ["no stakeholder", "'s-cfo'"]),
    "missing-team-member": (broken(_set("coverage", 0, "member", "t-zhao")),
                            "coverage[0].member", ["no team member", "'t-zhao'"]),
    "self-loop": (broken(_set("relationships", 0, "target", "s-cto")), "relationships[0]",
                  ["'s-cto'", "itself", "two different stakeholders"]),
    "strength-0": (broken(_set("relationships", 0, "strength", 0)),
                   "relationships[0].strength", ["found 0", "greater than 0 and at most 1"]),
    "strength-1.5": (broken(_set("relationships", 0, "strength", 1.5)),
                     "relationships[0].strength", ["found 1.5", "at most 1"]),
    "strength-nan": (broken(_set("relationships", 0, "strength", 0.8)).replace(
        b'"strength": 0.8', b'"strength": NaN'), "relationships[0].strength",
        ["found NaN", "at most 1"]),
    "strength-high": (broken(_set("relationships", 0, "strength", "high")),
                      "relationships[0].strength", ["found 'high'", "at most 1"]),
    "unknown-role": (broken(_set("stakeholders", 0, "role", "boss")), "stakeholders[0].role",
                     ["'boss'", "decision-maker (决策者)", "influencer", "user", "opposer"]),
    "unknown-kind": (broken(_set("relationships", 0, "kind", "friends")),
                     "relationships[0].kind", ["'friends'", "influences", "reports-to",
                                               "allied", "conflict"]),
    "stance-7": (broken(_set("stakeholders", 1, "stance", 7)), "stakeholders[1].stance",
                 ["7", "-2 to 2"]),
    "impossible-date": (broken(_set("coverage", 0, "last_contact", "2026-02-30")),
                        "coverage[0].last_contact", ["'2026-02-30'", "YYYY-MM-DD"]),
    "future-schema": (broken(lambda d: d.update(schema="kam/2")), None,
                      ["'kam/2'", "'kam/1'", "upgrade"]),
}


@pytest.fixture(params=sorted(CATALOGUE), ids=str)
def bad_map(request, tmp_path):
    raw, where, words = CATALOGUE[request.param]
    path = tmp_path / f"{request.param}.kam.json"
    path.write_bytes(raw)
    return path, where, words


def test_catalogue_raises_a_kam_error_from_the_library(bad_map):
    path, where, words = bad_map
    with pytest.raises(KamError) as info:
        load_map(path)
    err = info.value
    assert err.exit_code == 2
    message = str(err)
    assert message.startswith(f"{path}: ")
    if where is not None:
        assert [p.where for p in err.problems] == [where]
    for word in words:
        assert word in message


def test_catalogue_validate_text_exits_2_with_one_line(bad_map, capsys):
    path, where, words = bad_map
    assert main(["validate", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    [line] = err.splitlines()
    expected_head = f"{path}: {where}: " if where else f"{path}: "
    assert line.startswith(expected_head)
    for word in words:
        assert word in line
    assert "Traceback" not in err


def test_catalogue_validate_json_lists_the_problem(bad_map, capsys):
    path, where, words = bad_map
    assert main(["validate", str(path), "--format", "json"]) == 2
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert report["ok"] is False
    [error] = report["errors"]
    assert set(error) == {"where", "message"}
    assert error["where"] == (where or str(path))
    for word in words:
        assert word in error["message"]
    assert err == ""


def test_catalogue_show_exits_2_with_one_line(bad_map, capsys):
    path, where, words = bad_map
    assert main(["show", str(path)]) == 2
    out, err = capsys.readouterr()
    [line] = err.splitlines()
    assert line.startswith(f"kam: error: {path}: ")
    if where:
        assert where in line
    assert out == ""


def test_every_problem_of_a_file_is_listed_together(tmp_path, capsys):
    data = map_data()
    data["stakeholders"][0]["role"] = "boss"
    data["relationships"][0]["strength"] = 1.5
    data["coverage"][0]["last_contact"] = "2026-02-30"
    path = tmp_path / "three.kam.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    assert main(["validate", str(path)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(": ")[1] for line in lines[:3]] == [
        "stakeholders[0].role", "relationships[0].strength", "coverage[0].last_contact"]
    assert all(line.startswith(f"{path}: ") for line in lines)
    assert lines[3] == f"{path}: 3 problems"

    assert main(["validate", str(path), "--format", "json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    assert [e["where"] for e in report["errors"]] == [
        "stakeholders[0].role", "relationships[0].strength", "coverage[0].last_contact"]
    assert all(set(e) == {"where", "message"} and e["message"] for e in report["errors"])


def test_validate_accepts_a_utf8_bom(tmp_path, capsys):
    path = tmp_path / "bom.kam.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(map_data(), ensure_ascii=False).encode())
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert out == (f"{path}: OK — Acme Bank, revision 3, 4 stakeholders, 1 relationships, "
                   "2 coverage links\n")
    assert main(["validate", str(path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"ok": True, "errors": []}


def test_validate_refuses_a_20_mb_map(tmp_path, capsys):
    path = tmp_path / "huge.kam.json"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps(map_data())[:-1] + ', "x_padding": "')
        handle.write("x" * (20 * MB))
        handle.write('"}')
    assert main(["validate", str(path), "--format", "json"]) == 2
    [error] = json.loads(capsys.readouterr().out)["errors"]
    assert error == {"where": str(path), "message": "the map is 20.0 MB; maps up to 16 MB "
                     "are accepted (a 2,000-person account is about 1 MB)"}


@pytest.mark.parametrize("command", ["validate", "show"])
def test_unknown_file(tmp_path, capsys, command):
    missing = tmp_path / "nope.kam.json"
    assert main([command, str(missing)]) == 2
    err = capsys.readouterr().err
    assert err.strip().endswith(f"{missing}: no such file")
    assert len(err.splitlines()) == 1


def test_show_from_a_store_without_an_account_is_a_usage_error(tmp_path, capsys):
    assert main(["show", "x.kam.json", "--store", "neo4j"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("kam: error: --store neo4j ")
    assert len(err.splitlines()) == 1


def test_validate_a_folder(tmp_path, capsys):
    assert main(["validate", str(tmp_path), "--format", "json"]) == 2
    [error] = json.loads(capsys.readouterr().out)["errors"]
    assert error["where"] == str(tmp_path) and "is a folder" in error["message"]


def test_validate_names_the_file_as_typed_without_repeating_it(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("bad.kam.json").write_text("{", encoding="utf-8")
    assert main(["validate", "./bad.kam.json"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("bad.kam.json: invalid JSON at line 1")


def test_validate_every_example(example_path, capsys):
    assert main(["validate", str(example_path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"ok": True, "errors": []}


# --- kam show ------------------------------------------------------------------------

@pytest.fixture
def good_map(tmp_path) -> Path:
    path = tmp_path / "acme.kam.json"
    path.write_text(json.dumps(map_data(), ensure_ascii=False), encoding="utf-8")
    return path


def test_show_json(good_map, capsys):
    assert main(["show", str(good_map), "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["account"] == {"id": "acme", "name": "Acme Bank", "industry": "banking"}
    assert (summary["revision"], summary["stakeholders"], summary["left"]) == (3, 3, 1)
    assert summary["relationships"] == 1 and summary["coverage_links"] == 2
    assert summary["by_role"] == {"decision-maker": 1, "influencer": 1, "user": 0,
                                  "opposer": 1}
    assert summary["by_level"] == {"executive": 1, "management": 2, "operational": 0}
    assert summary["team"] == [
        {"id": "t-li", "name": "Li Na", "title": "", "covers": [
            {"stakeholder": "s-cto", "name": "Zhang Wei", "status": "active",
             "strength": 0.75, "last_contact": "2026-11-02"},
            {"stakeholder": "s-old", "name": "Zhou", "status": "left", "strength": 0.5,
             "last_contact": None},
        ]},
        {"id": "t-idle", "name": "Wang Fang", "title": "", "covers": []},
    ]


def test_show_json_is_the_same_whatever_the_language(good_map, capsys):
    main(["show", str(good_map), "--format", "json"])
    english = capsys.readouterr().out
    main(["show", str(good_map), "--format", "json", "--lang", "zh"])
    assert capsys.readouterr().out == english


def test_show_text_english(good_map, capsys):
    assert main(["show", str(good_map)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Acme Bank (acme) — revision 3"
    assert lines[1] == "3 active stakeholders, 1 left, 1 relationships"
    assert lines[3:10] == ["role            count", "--------------  -----",
                           "decision-maker  1", "influencer      1", "user            0",
                           "opposer         1", ""]
    assert lines[10:15] == ["level        count", "-----------  -----", "executive    1",
                            "management   2", "operational  0"]
    assert "Our team and who they cover" in out
    assert "  Li Na: Zhang Wei (0.75, 2026-11-02), Zhou [left] (0.5, —)" in lines
    assert "  Wang Fang: (nobody)" in lines


def test_show_text_chinese(good_map, capsys):
    assert main(["show", str(good_map), "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Acme Bank (acme) — 版本 3"
    assert lines[1] == "3 位在职干系人，1 位已离开，1 条关系"
    for term in ("角色", "决策者", "影响者", "使用者", "反对者", "层级", "高层", "中层", "基层",
                 "我方团队与覆盖"):
        assert term in out
    assert "  Li Na: Zhang Wei (0.75, 2026-11-02), Zhou [已离开] (0.5, —)" in lines
    assert "  Wang Fang: （无）" in lines
    assert "decision-maker" not in out


def test_show_text_aligns_chinese_labels(good_map, capsys):
    main(["show", str(good_map), "--lang", "zh"])
    lines = capsys.readouterr().out.splitlines()
    start = lines.index(next(line for line in lines if line.startswith("角色")))
    # CJK characters are two columns wide: the counts line up under the header
    def column_of_count(line: str) -> int:
        head = line[: line.rindex(line.split()[-1])]
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in head)

    assert [column_of_count(line) for line in lines[start:start + 6] if line[0] != "-"] == [8] * 5


def test_show_every_example(example_path, capsys):
    amap = load_map(example_path)
    assert main(["show", str(example_path), "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert sum(summary["by_role"].values()) == summary["stakeholders"]
    assert sum(summary["by_level"].values()) == summary["stakeholders"]
    assert summary["stakeholders"] + summary["left"] == len(amap.stakeholders)
    assert sum(len(m["covers"]) for m in summary["team"]) == len(amap.coverage)
    for lang in ("en", "zh"):
        assert main(["show", str(example_path), "--lang", lang]) == 0
        assert amap.account.id in capsys.readouterr().out


# --- every command --------------------------------------------------------------------

def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def test_validate_and_show_are_commands():
    assert {"validate", "show"} <= set(_subcommands())


@pytest.mark.parametrize("command", sorted(_subcommands()))
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: kam {command}")
    assert len(out.splitlines()) > 3
    assert "-h, --help" in out


def test_every_command_is_listed_with_a_summary(capsys):
    parser = build_parser()
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    summaries = {choice.dest: choice.help for choice in action._choices_actions}
    assert set(summaries) == set(_subcommands())
    assert [name for name, text in summaries.items() if not text] == []
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert all(f"    {name}" in out for name in summaries)


def test_no_command_gives_usage_and_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("kam: error: ") and err.count("\n") == 1
    assert "COMMAND" in err and "kam --help" in err


def test_unknown_command_exits_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err


def test_debug_shows_the_traceback(tmp_path):
    with pytest.raises(KamError):
        main(["--debug", "show", str(tmp_path / "nope.kam.json")])


def test_debug_after_the_command_shows_the_traceback_too(tmp_path, capsys):
    with pytest.raises(KamError):
        main(["show", str(tmp_path / "nope.kam.json"), "--debug"])
    assert main(["show", str(tmp_path / "nope.kam.json")]) == 2  # without it: one line
    assert capsys.readouterr().err.count("\n") == 1


# --- the installed command, as a user runs it ------------------------------------------

def run_kam(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(KAM), *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120)


def test_installed_kam_validate_catalogue(tmp_path):
    for name in ("invalid-json", "not-utf8", "strength-nan", "future-schema", "missing-id"):
        raw, where, words = CATALOGUE[name]
        (tmp_path / f"{name}.kam.json").write_bytes(raw)
        result = run_kam("validate", f"{name}.kam.json", cwd=tmp_path)
        assert result.returncode == 2, name
        assert result.stdout == ""
        [line] = result.stderr.splitlines()
        assert line.startswith(f"{name}.kam.json: {where + ': ' if where else ''}"), line
        assert all(word in line for word in words), line


def test_installed_kam_reports_all_problems_as_json(tmp_path):
    data = map_data()
    data["stakeholders"][0]["level"] = "top boss"
    data["stakeholders"][1]["stance"] = 7
    data["coverage"][1]["member"] = "t-ghost"
    (tmp_path / "m.kam.json").write_text(json.dumps(data), encoding="utf-8")
    result = run_kam("validate", "m.kam.json", "--format", "json", cwd=tmp_path)
    assert result.returncode == 2
    assert [e["where"] for e in json.loads(result.stdout)["errors"]] == [
        "stakeholders[0].level", "stakeholders[1].stance", "coverage[1].member"]


def test_installed_kam_usage_and_missing_file(tmp_path):
    result = run_kam(cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.startswith("kam: error: ")
    result = run_kam("show", "missing.kam.json", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "kam: error: missing.kam.json: no such file\n"


def test_installed_kam_show_in_chinese(tmp_path):
    (tmp_path / "m.kam.json").write_text(json.dumps(map_data(), ensure_ascii=False),
                                         encoding="utf-8")
    result = run_kam("show", "m.kam.json", "--lang", "zh", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "决策者" in result.stdout and "王建国" not in result.stdout  # not covered: not listed
    assert "Zhang Wei (0.75, 2026-11-02)" in result.stdout
