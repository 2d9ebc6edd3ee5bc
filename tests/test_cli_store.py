"""``kam push``, ``pull``, ``accounts`` and ``portfolio`` as a team uses them, against the
real Neo4j server of the test session; and the analysis commands with ``--store neo4j``."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from graphlib_kam.cli import main
from graphlib_kam.model import AccountMap
from graphlib_kam.safe import formula_safe
from graphlib_kam.store import dumps_map, load_map
from tests.conftest import AS_OF, example_paths

KAM = str(Path(sys.executable).with_name("kam"))


@pytest.fixture
def prefix(neo4j_driver):
    """An id prefix for this test's accounts; they are removed afterwards."""
    value = f"cli-{uuid.uuid4().hex[:10]}-"
    yield value
    with neo4j_driver.session() as session:
        session.run("MATCH (n:Stakeholder|TeamMember) WHERE n.account STARTS WITH $p "
                    "DETACH DELETE n", p=value).consume()
        session.run("MATCH (a:Account) WHERE a.id STARTS WITH $p DETACH DELETE a",
                    p=value).consume()


@pytest.fixture
def server_env(neo4j_server, monkeypatch) -> dict[str, str]:
    """KAM_NEO4J_* pointing at the test server, in this process and for subprocesses."""
    env = {"KAM_NEO4J_URI": neo4j_server.uri}
    if neo4j_server.auth:
        env |= {"KAM_NEO4J_USER": neo4j_server.auth[0],
                "KAM_NEO4J_PASSWORD": neo4j_server.auth[1]}
    else:
        monkeypatch.delenv("KAM_NEO4J_PASSWORD", raising=False)
    monkeypatch.delenv("KAM_NEO4J_DATABASE", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


def write_map(folder: Path, amap: AccountMap, name: str | None = None) -> Path:
    path = folder / (name or f"{amap.account.id}.kam.json")
    path.write_text(dumps_map(amap), encoding="utf-8")
    return path


def example(stem: str, account_id: str) -> AccountMap:
    amap = load_map(next(p for p in example_paths() if p.name.startswith(stem)))
    amap.account.id = account_id
    return amap


def kam(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --- push and pull --------------------------------------------------------------------------


def test_push_pull_round_trip_keeps_the_file_in_step(server_env, prefix, tmp_path, capsys):
    amap = example("cn-bank", prefix + "bank")
    path = write_map(tmp_path, amap)
    code, out, err = kam(capsys, "push", str(path))
    assert (code, err) == (0, "")
    assert out == (f"pushed {prefix}bank (华东某城市商业银行) from {path}: revision "
                   f"{amap.revision}\n")  # a new account keeps its revision

    edited = load_map(path)
    edited.stakeholders[0].notes = "met again"
    write_map(tmp_path, edited, path.name)
    code, out, _ = kam(capsys, "push", str(path), "--format", "json")
    [pushed] = json.loads(out)["pushed"]
    assert code == 0 and pushed["revision"] == amap.revision + 1 and pushed["file_updated"]
    assert load_map(path).revision == amap.revision + 1  # the file is at the store's revision

    pulled = tmp_path / "pulled.kam.json"
    code, out, err = kam(capsys, "pull", prefix + "bank", "-o", str(pulled))
    assert code == 0 and out == "" and f"at revision {amap.revision + 1}" in err
    assert load_map(pulled) == load_map(path)

    code, out, _ = kam(capsys, "pull", prefix + "bank", "-o", "-")
    assert code == 0 and json.loads(out) == load_map(path).to_dict()


def test_pull_does_not_overwrite_a_file_unless_forced(server_env, prefix, tmp_path, capsys):
    amap = example("us-hospital", prefix + "hospital")
    save_to_store(server_env, amap)
    target = tmp_path / "mine.kam.json"
    target.write_text("my local edits", encoding="utf-8")
    code, out, err = kam(capsys, "pull", amap.account.id, "-o", str(target))
    assert code == 2 and "the file exists; give --force" in err and len(err.splitlines()) == 1
    assert target.read_text(encoding="utf-8") == "my local edits"
    assert kam(capsys, "pull", amap.account.id, "-o", str(target), "--force")[0] == 0
    assert load_map(target) == amap


def save_to_store(env: dict, amap: AccountMap) -> AccountMap:
    from graphlib_kam.store.neo4j import connect

    with connect(env["KAM_NEO4J_URI"], user=env.get("KAM_NEO4J_USER"),
                 password=env.get("KAM_NEO4J_PASSWORD")) as store:
        return store.save(amap)


def test_a_stale_push_is_refused_and_the_others_still_go(server_env, prefix, tmp_path,
                                                          capsys):
    bank = example("cn-bank", prefix + "bank")
    hospital = example("us-hospital", prefix + "hospital")
    save_to_store(server_env, bank)
    save_to_store(server_env, bank)  # someone else saved: the store moved on
    folder = tmp_path / "maps"
    folder.mkdir()
    write_map(folder, bank, "a.kam.json")
    write_map(folder, hospital, "b.kam.json")
    code, out, err = kam(capsys, "push", str(folder))
    assert code == 2
    assert out == f"pushed {prefix}hospital (Lakeshore Regional Medical Center) from " \
                  f"{folder / 'b.kam.json'}: revision {hospital.revision}\n"
    [line] = err.splitlines()
    assert line.startswith(f"kam: error: {folder / 'a.kam.json'}: Neo4j at ")
    assert f"is at revision {bank.revision + 1} but these changes were made to revision " \
           f"{bank.revision}" in line
    assert load_map(folder / "a.kam.json") == bank  # the stale file is left alone


def test_push_checks_every_file_before_it_pushes_any(server_env, prefix, tmp_path, capsys):
    good = write_map(tmp_path, example("cn-bank", prefix + "bank"))
    bad = tmp_path / "bad.kam.json"
    bad.write_text('{"account": {"id": "x"}, "stakeholders": [{"id": 1, "role": "boss"}]}',
                   encoding="utf-8")
    code, out, err = kam(capsys, "push", str(good), str(bad))
    assert code == 2 and out == "" and "stakeholders[0].role" in err
    assert kam(capsys, "accounts", "--format", "json")[1].count(prefix) == 0


def test_accounts_lists_the_store_and_a_folder(server_env, prefix, tmp_path, capsys):
    save_to_store(server_env, example("cn-bank", prefix + "bank"))
    save_to_store(server_env, example("manufacturer", prefix + "maker"))
    code, out, _ = kam(capsys, "accounts", "--format", "json")
    mine = [a for a in json.loads(out)["accounts"] if a["id"].startswith(prefix)]
    assert code == 0 and [(a["id"], a["stakeholders"]) for a in mine] == [
        (prefix + "bank", 20), (prefix + "maker", 19)]
    code, out, _ = kam(capsys, "accounts")
    assert f"{prefix}bank" in out and "华东某城市商业银行" in out
    assert out.splitlines()[0].split() == ["account", "name", "revision", "stakeholders"]
    code, out, _ = kam(capsys, "accounts", str(Path(example_paths()[0]).parent), "--format",
                       "json")
    assert code == 0 and {a["id"] for a in json.loads(out)["accounts"]} >= {"cn-bank"}


@pytest.mark.parametrize("command", [["show"], ["gaps", "--as-of", AS_OF],
                                     ["rank"], ["plan", "--as-of", AS_OF]])
def test_analysis_commands_read_the_store_as_they_read_a_file(server_env, prefix, tmp_path,
                                                              capsys, command):
    amap = example("cn-bank", prefix + "bank")
    path = write_map(tmp_path, amap)
    save_to_store(server_env, amap)
    from_file = kam(capsys, *command, str(path), "--format", "json")
    from_store = kam(capsys, *command, "--store", "neo4j", "--account", amap.account.id,
                     "--format", "json")
    assert from_file[0] == from_store[0] == 0
    assert json.loads(from_file[1]) == json.loads(from_store[1])


def test_an_analysis_of_an_unknown_account_is_one_line(server_env, prefix, capsys):
    code, out, err = kam(capsys, "gaps", "--store", "neo4j", "--account", prefix + "nope")
    assert code == 2 and out == ""
    assert err.startswith("kam: error: Neo4j at ") and "no account with the id" in err
    assert len(err.splitlines()) == 1


# --- portfolio ------------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path) -> Path:
    for path in example_paths():
        shutil.copy(path, tmp_path / path.name)
    hostile = example("us-hospital", "=HYPERLINK(\"http://x\")")
    hostile.account.name = "=cmd|' /C calc'!A0"
    write_map(tmp_path, hostile, "hostile.kam.json")
    return tmp_path


def test_portfolio_of_a_folder_in_every_format(folder, capsys):
    code, out, err = kam(capsys, "portfolio", str(folder), "--as-of", AS_OF, "--format",
                         "json")
    data = json.loads(out)
    assert code == 0 and err == "" and data["as_of"] == AS_OF
    rows = data["accounts"]
    assert len(rows) == 4
    group = {"open": 0, "won": 1, "lost": 2}
    keys = [(group[(r["deal"] or {}).get("status", "open")], -(r["at_risk"] or 0),
             -r["high_gaps"], r["score"], r["id"]) for r in rows]
    assert keys == sorted(keys)

    code, out, _ = kam(capsys, "portfolio", str(folder), "--as-of", AS_OF, "--format", "csv")
    table = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in table] == [formula_safe(r["id"]) for r in rows]
    hostile = next(r for r in table if "HYPERLINK" in r["id"])
    assert hostile["id"].startswith("'=") and hostile["name"].startswith("'=")
    assert float(table[0]["score"]) == rows[0]["score"]
    assert float(table[0]["support"]) == rows[0]["support"]

    code, out, _ = kam(capsys, "portfolio", str(folder), "--as-of", AS_OF)
    lines = out.splitlines()
    assert lines[0].startswith(f"4 accounts as of {AS_OF}: open deals first")
    assert lines[2].split()[:9] == ["account", "name", "people", "score", "support", "high",
                                    "deal", "at", "risk"]
    won = lines.index("Won deals (2)")  # the hospital and its hostile copy
    assert [line.split()[0] for line in lines[4:won - 1] + lines[won + 4:]] == [
        r["id"] for r in rows]


def test_portfolio_to_a_csv_file_for_excel(folder, tmp_path, capsys):
    target = tmp_path / "out" / "portfolio.csv"
    target.parent.mkdir()
    code, out, _ = kam(capsys, "portfolio", str(folder), "--format", "csv", "-o", str(target))
    assert code == 0 and out == ""
    raw = target.read_bytes()
    assert raw.startswith("\ufeffid,name,".encode()) and "华东某城市商业银行".encode() in raw


def test_portfolio_of_the_store(server_env, prefix, capsys):
    for stem in ("cn-bank", "us-hospital"):
        save_to_store(server_env, example(stem, f"{prefix}{stem}"))
    code, out, _ = kam(capsys, "portfolio", "--store", "neo4j", "--as-of", AS_OF,
                       "--format", "json")
    assert code == 0
    mine = {r["id"]: r for r in json.loads(out)["accounts"] if r["id"].startswith(prefix)}
    assert set(mine) == {prefix + "cn-bank", prefix + "us-hospital"}
    code, out, _ = kam(capsys, "portfolio", server_env["KAM_NEO4J_URI"], "--as-of", AS_OF,
                       "--format", "json")
    again = {r["id"]: r for r in json.loads(out)["accounts"] if r["id"].startswith(prefix)}
    assert code == 0 and again == mine
    assert mine[prefix + "cn-bank"]["score"] == pytest.approx(35.5525, abs=1e-3)


def test_portfolio_shows_a_progress_bar_on_a_terminal_only(folder):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAM_NEO4J_")}
    master, slave = pty.openpty()
    try:
        result = subprocess.run([KAM, "portfolio", str(folder), "--format", "json"],
                                stdout=subprocess.PIPE, stderr=slave, env=env, timeout=300)
        os.close(slave)
        shown = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the terminal closed
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(master)
    assert result.returncode == 0 and len(json.loads(result.stdout)["accounts"]) == 4
    assert b"\r[" in shown and b"] 4/4 accounts" in shown
    piped = subprocess.run([KAM, "portfolio", str(folder), "--format", "json"],
                           capture_output=True, env=env, timeout=300)
    assert piped.returncode == 0 and piped.stderr == b""


@pytest.mark.parametrize("args, message", [
    (["portfolio"], "give a FOLDER of maps, a Neo4j URI, or --store neo4j"),
    (["portfolio", ".", "--workers", "0"], "--workers 0: expected 1 or more"),
    (["portfolio", "nope-folder"], "nope-folder: no such folder"),
    (["portfolio", ".", "--store", "neo4j"], "give either FOLDER or --store neo4j"),
    (["pull", "x", "-o", "-", "--uri", "localhost:7687"], "is not a Neo4j URI"),
    (["push", "missing.kam.json"], "missing.kam.json: no such file"),
])
def test_usage_errors_are_one_line_and_exit_2(args, message, capsys, monkeypatch):
    monkeypatch.delenv("KAM_NEO4J_URI", raising=False)
    code, out, err = kam(capsys, *args)
    assert code == 2 and out == "" and len(err.splitlines()) == 1 and message in err


@pytest.mark.parametrize("command", ["push", "pull", "accounts", "portfolio"])
def test_every_store_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    out = capsys.readouterr().out
    assert info.value.code == 0 and "KAM_NEO4J_PASSWORD" in out


def test_accounts_takes_store_neo4j_like_every_other_command(capsys, monkeypatch):
    monkeypatch.setenv("KAM_NEO4J_PASSWORD", "not-a-real-password")
    code = main(["accounts", "--store", "neo4j", "--uri", "bolt://127.0.0.1:1"])
    err = capsys.readouterr().err
    assert code == 3 and "cannot reach Neo4j" in err and "not-a-real-password" not in err
    assert main(["accounts", str(example_paths()[0].parent), "--format", "json"]) == 0
    ids = [a["id"] for a in json.loads(capsys.readouterr().out)["accounts"]]
    assert "cn-bank" in ids


def test_portfolio_of_a_map_file_says_it_wants_a_folder(capsys):
    code = main(["portfolio", str(example_paths()[0])])
    err = capsys.readouterr().err
    assert code == 2 and "is a file; expected a folder of maps" in err


def test_portfolio_in_chinese_names_the_top_gap_kind_in_chinese(capsys):
    folder = str(example_paths()[0].parent)
    assert main(["portfolio", folder, "--lang", "zh", "--as-of", AS_OF, "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "决策者未覆盖: " in out and "uncovered-decision-maker" not in out
