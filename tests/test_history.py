"""Every revision kept: ``kam log``, ``kam show MAP@N``, ``kam diff MAP@A MAP@B``,
``kam restore MAP@N``, ``--by``/``KAM_USER`` on the commands that save, and the bank
example's history."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from graphlib_kam.cli import main
from graphlib_kam.model import Stakeholder, parse_map
from graphlib_kam.model.history import change_counts
from graphlib_kam.store import load_map, load_map_revision, map_history, save_map
from graphlib_kam.store.file_history import history_folder
from graphlib_kam.store.history import summary_text, who_saves
from tests.conftest import EXAMPLES

BANK = EXAMPLES / "cn-bank-core-banking.kam.json"
AS_OF = "2026-11-28"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv):
    code, out, err = run(capsys, *argv, "--format", "json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def bank(tmp_path) -> Path:
    """A copy of the bank example and its history, to save to."""
    path = tmp_path / BANK.name
    shutil.copy(BANK, path)
    shutil.copytree(history_folder(BANK), history_folder(path))
    return path


def _two_saves(path: Path) -> None:
    """Li Na marks the CFO's stance up; then Chen Ming adds a stakeholder."""
    amap = load_map(path)
    amap.stakeholders[0].stance = 2
    save_map(amap, path, saved_by="Li Na")
    amap = load_map(path)
    amap.stakeholders.append(Stakeholder(id="s-new", name="新人"))
    save_map(amap, path, saved_by="Chen Ming")


# --- the bundled example -----------------------------------------------------------------

def test_the_bank_example_has_its_history_beside_it(capsys):
    data = run_json(capsys, "log", BANK, "--as-of", AS_OF)
    assert data["account"]["id"] == "cn-bank"
    assert [(r["revision"], r["saved_by"], r["current"]) for r in data["revisions"]] == [
        (7, "陈明", True), (6, "李娜", False)]
    newest, oldest = data["revisions"]
    assert set(newest) >= {"revision", "saved_at", "saved_by", "summary", "score",
                           "support", "high"}
    assert newest["summary"].startswith("+1 stakeholder, 1 left")
    assert newest["saved_at"] == "2026-11-27T09:15:00+00:00"
    assert oldest["score"] != newest["score"] and oldest["support"] != newest["support"]
    assert isinstance(newest["high"], int)
    # each kept revision is a kam/1 map that says what it was
    r6 = load_map_revision(BANK, 6)
    assert r6.revision == 6 and "revision_info" not in r6.extra
    assert load_map_revision(BANK, 7) == load_map(BANK)
    assert summary_text(change_counts(r6, load_map(BANK))) == newest["summary"]


def test_the_bank_examples_diff_by_revision_is_the_diff_of_the_files(capsys):
    by_revision = run_json(capsys, "diff", f"{BANK}@6", f"{BANK}@7", "--as-of", AS_OF)
    with_flags = run_json(capsys, "diff", BANK, "--from", "6", "--to", "7", "--as-of", AS_OF)
    by_default = run_json(capsys, "diff", BANK, "--from", "6", "--as-of", AS_OF)
    files = run_json(capsys, "diff", history_folder(BANK) / "r000006.kam.json", BANK,
                     "--as-of", AS_OF)
    assert by_revision == with_flags == by_default == files
    assert by_revision["revision"] == {"old": 6, "new": 7}
    assert any(a["stakeholder"] == "s-it-gm-former" for a in by_revision["alerts"])


def test_log_text_in_both_languages(capsys):
    code, out, _ = run(capsys, "log", BANK, "--as-of", AS_OF)
    assert code == 0
    assert "History of 华东某城市商业银行 (cn-bank): 2 revisions" in out
    assert "2026-11-27 09:15:00  陈明" in out and "7 *" in out and "(not recorded)" in out
    code, out, _ = run(capsys, "log", BANK, "--as-of", AS_OF, "--lang", "zh")
    assert "共 2 个版本" in out and "保存人" in out and "新增 1 名干系人、1 人离职" in out


# --- saving through kam: who and when ----------------------------------------------------

def test_two_revisions_from_different_people_show_with_who_and_when(capsys, bank):
    _two_saves(bank)
    data = run_json(capsys, "log", bank, "--as-of", AS_OF)
    rows = data["revisions"]
    assert [(r["revision"], r["saved_by"], r["summary"]) for r in rows[:2]] == [
        (9, "Chen Ming", "+1 stakeholder"), (8, "Li Na", "1 stakeholder changed")]
    for row in rows[:2]:
        saved_at = dt.datetime.fromisoformat(row["saved_at"])
        assert abs(dt.datetime.now(dt.UTC) - saved_at) < dt.timedelta(minutes=5)
    assert [r["current"] for r in rows] == [True, False, False, False]
    code, out, _ = run(capsys, "log", bank, "--as-of", AS_OF)
    assert "Chen Ming" in out and "Li Na" in out


def test_show_a_revision(capsys, bank):
    _two_saves(bank)
    then = run_json(capsys, "show", f"{bank}@8")
    now = run_json(capsys, "show", bank)
    assert (then["revision"], now["revision"]) == (8, 9)
    assert now["stakeholders"] == then["stakeholders"] + 1
    assert run_json(capsys, "show", f"{bank}@9") == now
    code, out, _ = run(capsys, "show", f"{bank}@6", "--lang", "zh")
    assert code == 0 and "版本 6" in out


def test_restore_saves_a_new_revision_equal_to_the_old_one(capsys, bank, monkeypatch):
    monkeypatch.setenv("KAM_USER", "Zhao Gang")
    _two_saves(bank)
    code, out, err = run(capsys, "restore", f"{bank}@6", "--by", "Sun Li")
    assert code == 0, err
    assert f"{bank}: revision 10 saved, equal to revision 6 (history kept)" in out
    assert load_map(bank) == load_map_revision(bank, 6).with_revision(10)
    history = map_history(bank)
    assert [(r.revision, r.saved_by, r.summary()) for r in history[:4]] == [
        (10, "Sun Li", "restored revision 6"), (9, "Chen Ming", "+1 stakeholder"),
        (8, "Li Na", "1 stakeholder changed"),
        (7, "陈明", history[3].summary())]
    assert len(load_map_revision(bank, 9).stakeholders) == len(load_map(bank).stakeholders) + 2
    # without --by, KAM_USER says who
    data = run_json(capsys, "restore", f"{bank}@9")
    assert data == {"account": "cn-bank", "location": str(bank), "restored": 9,
                    "revision": 11}
    assert map_history(bank)[0].saved_by == "Zhao Gang"
    code, out, _ = run(capsys, "restore", f"{bank}@7", "--lang", "zh")
    assert "已保存版本 12，内容与版本 7 相同" in out


@pytest.mark.parametrize(("ref", "message"), [
    ("@x", "expected MAP@N with N a revision number"),
    ("@0", "expected MAP@N with N a revision number"),
    ("@-1", "expected MAP@N with N a revision number"),
    ("@", "expected MAP@N with N a revision number"),
    ("@5", "no revision 5; the history has 6–7"),
    ("@99", "no revision 99"),
])
@pytest.mark.parametrize("command", ["show", "restore", "log"])
def test_a_bad_revision_is_one_line_and_exit_2(capsys, bank, ref, message, command):
    code, out, err = run(capsys, command, f"{bank}{ref}")
    assert code == 2 and out == ""
    if command == "log" and "no revision" in message:
        message = "give the map without @N"
    assert message in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


@pytest.mark.parametrize("argv", [
    ["diff", "{bank}@x", "{bank}"],
    ["diff", "{bank}@4", "{bank}"],
    ["diff", "{bank}", "--from", "2"],
    ["diff", "{bank}", "--from", "0"],
    ["diff", "{bank}"],
    ["diff", "{bank}", "{bank}", "--to", "7"],
    ["diff", "{bank}@6", "--to", "7"],
    ["restore", "{bank}"],
    ["show", "{folder}/nope.kam.json@3"],
])
def test_bad_history_arguments_are_one_line_and_exit_2(capsys, bank, argv):
    code, out, err = run(capsys, *(a.format(bank=bank, folder=bank.parent) for a in argv))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("kam: error: ")


def test_a_file_whose_name_has_an_at_sign_is_still_a_file(capsys, tmp_path):
    path = tmp_path / "bank@2.kam.json"
    shutil.copy(BANK, path)
    assert run_json(capsys, "show", path)["revision"] == 7
    assert run_json(capsys, "show", f"{path}@7")["revision"] == 7


def test_a_map_without_history_lists_its_current_revision(capsys, tmp_path):
    path = tmp_path / "plain.kam.json"
    path.write_text(json.dumps({"account": {"id": "p"}, "revision": 3}), encoding="utf-8")
    [row] = run_json(capsys, "log", path)["revisions"]
    assert (row["revision"], row["saved_by"], row["current"]) == (3, "", True)
    assert row["saved_at"]  # the file's time
    # its first save through kam keeps that revision before writing the next
    save_map(load_map(path), path, saved_by="Li Na")
    assert [(r.revision, r.saved_by) for r in map_history(path)] == [(4, "Li Na"), (3, "")]
    assert load_map_revision(path, 3) == parse_map({"account": {"id": "p"}, "revision": 3})


def test_a_new_map_over_an_old_history_folder_is_refused(tmp_path):
    path = tmp_path / "a.kam.json"
    save_map(parse_map({"account": {"id": "a"}, "revision": 1}), path)
    save_map(load_map(path), path)
    path.unlink()  # the map is deleted by hand; its history stays
    with pytest.raises(Exception, match="already holds revisions up to 2"):
        save_map(parse_map({"account": {"id": "b"}, "revision": 1}), path)
    assert not path.exists()


def test_who_saves_by_default(monkeypatch):
    monkeypatch.delenv("KAM_USER", raising=False)
    assert who_saves("  Li   Na ") == "Li Na"
    assert who_saves(None, environ={}) == who_saves(None)
    monkeypatch.setattr("getpass.getuser", lambda: (_ for _ in ()).throw(OSError("none")))
    assert who_saves(None, environ={}) == ""


# --- the commands that save record who saved -----------------------------------------------

def test_import_into_an_existing_map_records_who(capsys, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("name,role\nAnn Lee,decision-maker\n", encoding="utf-8")
    out = tmp_path / "acme.kam.json"
    code, _, err = run(capsys, "import", "table", people, "-o", out, "--saved-by", "Li Na")
    assert code == 0, err
    people.write_text("name,role\nAnn Lee,decision-maker\nBo Chen,user\n", encoding="utf-8")
    code, _, err = run(capsys, "import", "table", people, "-o", out, "--saved-by", "Chen Ming")
    assert code == 0, err
    assert [(r.revision, r.saved_by, r.summary()) for r in map_history(out)] == [
        (2, "Chen Ming", "+1 stakeholder"), (1, "Li Na", "first revision")]


def test_the_explorer_source_lists_the_history_for_the_changes_view(bank):
    from graphlib_kam.explorer.sources import history_revisions

    _two_saves(bank)
    choices = history_revisions(bank)
    assert [r.revision for r in choices] == [9, 8, 7, 6]


# --- the same against the real Neo4j --------------------------------------------------------

@pytest.fixture
def server_env(neo4j_server, neo4j_driver, monkeypatch):
    """KAM_NEO4J_* pointing at the test server; yields an account id removed afterwards."""
    import uuid

    env = {"KAM_NEO4J_URI": neo4j_server.uri}
    if neo4j_server.auth:
        env |= {"KAM_NEO4J_USER": neo4j_server.auth[0],
                "KAM_NEO4J_PASSWORD": neo4j_server.auth[1]}
    else:
        monkeypatch.delenv("KAM_NEO4J_PASSWORD", raising=False)
    monkeypatch.delenv("KAM_NEO4J_DATABASE", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    account = f"history-{uuid.uuid4().hex[:10]}"
    yield account
    with neo4j_driver.session() as session:
        session.run("MATCH (n) WHERE (n:Stakeholder OR n:TeamMember OR n:Revision) "
                    "AND n.account = $a DETACH DELETE n", a=account).consume()
        session.run("MATCH (a:Account {id: $a}) DETACH DELETE a", a=account).consume()


@pytest.mark.neo4j
def test_log_show_diff_and_restore_against_neo4j(server_env, capsys, tmp_path):
    account = server_env
    path = tmp_path / "bank.kam.json"
    amap = load_map(BANK)
    amap.account.id = account
    path.write_text(json.dumps(amap.to_dict(), ensure_ascii=False), encoding="utf-8")
    store = ["--store", "neo4j", "--account"]
    code, _, err = run(capsys, "push", path, "--by", "Li Na")
    assert code == 0, err
    edited = load_map(path)
    edited.stakeholders.append(Stakeholder(id="s-new", name="新人"))
    path.write_text(json.dumps(edited.to_dict(), ensure_ascii=False), encoding="utf-8")
    code, _, err = run(capsys, "push", path, "--by", "Chen Ming")
    assert code == 0, err

    data = run_json(capsys, "log", *store, account, "--as-of", AS_OF)
    assert [(r["revision"], r["saved_by"], r["summary"], r["current"])
            for r in data["revisions"]] == [
        (8, "Chen Ming", "+1 stakeholder", True), (7, "Li Na", "first revision", False)]
    assert all(r["saved_at"] and isinstance(r["high"], int) for r in data["revisions"])
    assert run_json(capsys, "show", *store, f"{account}@7")["stakeholders"] == \
        run_json(capsys, "show", *store, account)["stakeholders"] - 1
    restored = run_json(capsys, "restore", *store, f"{account}@7", "--by", "Sun Li")
    assert restored["revision"] == 9 and restored["restored"] == 7
    code, out, _ = run(capsys, "log", *store, account, "--lang", "zh", "--as-of", AS_OF)
    assert code == 0 and "恢复为版本 7" in out and "Sun Li" in out
    code, _, err = run(capsys, "show", *store, f"{account}@99")
    assert code == 2 and "has no revision 99" in err and len(err.splitlines()) == 1
    # the file got the store's revisions too, with who pushed
    assert [(r.revision, r.saved_by) for r in map_history(path)] == [(8, "Chen Ming"),
                                                                      (7, "")]
