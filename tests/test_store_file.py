"""The file store: reading kam/1 files, atomic revision-checked saves, a folder of maps."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from graphlib_kam.errors import (
    ConflictError,
    InputError,
    MapFormatError,
    MapValidationError,
    NotFoundError,
)
from graphlib_kam.model import Stakeholder, parse_map
from graphlib_kam.store import (
    AccountInfo,
    FileStore,
    Store,
    dumps_map,
    load_map,
    loads_map,
    save_map,
)
from graphlib_kam.store.file import MAX_MAP_BYTES

MB = 1024 * 1024


def map_data(account_id: str = "acme", revision: int = 1, **extra) -> dict:
    return {
        "schema": "kam/1",
        "revision": revision,
        "account": {"id": account_id, "name": f"{account_id} Corp"},
        "team": [{"id": "t-li", "name": "Li Na"}],
        "stakeholders": [{"id": "s-ceo", "name": "王建国", "role": "决策者", "level": "高层"},
                         {"id": "s-cto", "name": "Zhang Wei", "role": "influencer"}],
        "relationships": [{"source": "s-cto", "target": "s-ceo", "strength": 0.8}],
        "coverage": [{"member": "t-li", "stakeholder": "s-cto", "strength": 0.7,
                      "last_contact": "2026-11-02"}],
        **extra,
    }


def write_map(path: Path, data: dict | None = None) -> Path:
    path.write_text(json.dumps(data or map_data(), ensure_ascii=False), encoding="utf-8")
    return path


def temp_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(".tmp"))


# --- reading -------------------------------------------------------------------------

def test_load_map_reads_a_file(tmp_path):
    m = load_map(write_map(tmp_path / "acme.kam.json"))
    assert m.account.id == "acme"
    assert m.stakeholders[0].role == "decision-maker"


def test_invalid_json_gives_line_and_column(tmp_path):
    path = tmp_path / "bad.kam.json"
    path.write_text('{\n  "account": {"id": "a",}\n}\n', encoding="utf-8")
    with pytest.raises(MapFormatError) as info:
        load_map(path)
    assert str(info.value).startswith(
        f"{path}: invalid JSON at line 2, column 25: Expecting property name")


@pytest.mark.parametrize("raw", [b"", b"   \n\t", "\ufeff".encode()])
def test_empty_file(tmp_path, raw):
    path = tmp_path / "empty.kam.json"
    path.write_bytes(raw)
    with pytest.raises(MapFormatError, match=r"empty\.kam\.json: the file is empty"):
        load_map(path)


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.kam.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(map_data(), ensure_ascii=False).encode())
    assert load_map(path).stakeholders[0].name == "王建国"
    assert loads_map("\ufeff" + json.dumps(map_data())).account.id == "acme"


def test_bytes_that_are_not_utf8_name_the_line_and_byte(tmp_path):
    path = tmp_path / "gbk.kam.json"
    text = json.dumps(map_data(), ensure_ascii=False, indent=2)
    path.write_bytes(text.encode("gbk"))
    with pytest.raises(MapFormatError) as info:
        load_map(path)
    message = str(info.value)
    line = text.splitlines().index(next(x for x in text.splitlines() if "王建国" in x)) + 1
    assert message.startswith(f"{path}: line {line}: byte 0x")
    assert "not UTF-8" in message and "UTF-8" in message.split("save the file as")[1]


def test_top_level_array(tmp_path):
    path = tmp_path / "list.kam.json"
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(MapFormatError, match=r"list\.kam\.json: expected a JSON object"):
        load_map(path)


def test_json_nan_literal_in_a_strength_is_a_validation_problem():
    raw = json.dumps(map_data()).replace('"strength": 0.8', '"strength": NaN')
    assert "NaN" in raw
    with pytest.raises(MapValidationError) as info:
        loads_map(raw, source="nan.kam.json")
    [problem] = info.value.problems
    assert problem.where == "relationships[0].strength" and "NaN" in problem.message


def test_future_schema_names_both_versions(tmp_path):
    path = write_map(tmp_path / "new.kam.json", map_data(schema="kam/2"))
    with pytest.raises(MapFormatError) as info:
        load_map(path)
    message = str(info.value)
    assert message.startswith(f"{path}: schema: ")
    assert "'kam/2'" in message and "'kam/1'" in message


def test_deeply_nested_json_is_a_format_error_not_a_crash():
    with pytest.raises(MapFormatError, match="nested too deeply"):
        loads_map(b"[" * 200_000, source="deep.json")


def test_a_number_too_long_to_read_is_a_format_error_not_a_crash():
    raw = b'{"account": {"id": "a"}, "revision": 1' + b"0" * 5000 + b"}"
    with pytest.raises(MapFormatError, match=r"^long\.json: invalid JSON: .*digits"):
        loads_map(raw, source="long.json")


@pytest.mark.parametrize(("name", "column"), [("\\ud800", 40), ("ab\\uDC00", 42),
                                              ("\\\\\\ud83d", 42)])
def test_half_a_character_is_a_format_error_with_its_place(name, column):
    raw = '{"account": {"id": "a"},\n "stakeholders": [{"id": "x", "name": "NAME"}]}'
    raw = raw.replace("NAME", name)
    with pytest.raises(MapFormatError) as info:
        loads_map(raw, source="m.json")
    assert str(info.value).startswith(f"m.json: line 2, column {column}: \\u")
    assert "unpaired surrogate" in str(info.value)


@pytest.mark.parametrize(("name", "decoded"), [("\\ud83d\\ude00", "😀"),
                                               ("\\\\ud800", "\\ud800")])
def test_escaped_pairs_and_backslashes_are_fine(tmp_path, name, decoded):
    raw = '{"account": {"id": "a"}, "stakeholders": [{"id": "x", "name": "NAME"}]}'
    raw = raw.replace("NAME", name)
    m = loads_map(raw)
    assert m.stakeholders[0].name == decoded
    assert save_map(m, tmp_path / "m.kam.json").stakeholders[0].name == decoded


def test_validation_problems_carry_the_file_name(tmp_path):
    data = map_data()
    data["stakeholders"][0]["stance"] = 7
    path = write_map(tmp_path / "s.kam.json", data)
    with pytest.raises(MapValidationError) as info:
        load_map(path)
    assert info.value.source == str(path)
    assert str(info.value).startswith(f"{path}: 1 problem: stakeholders[0].stance: 7 is out")


def test_missing_file(tmp_path):
    with pytest.raises(NotFoundError, match="no such file"):
        load_map(tmp_path / "nope.kam.json")


@pytest.mark.parametrize("name, raw", [
    ("committee.csv", "姓名,角色\n刘振华,决策者\n".encode()),
    ("committee.xlsx", b"PK\x03\x04\x14\x00\x06\x00\xc7"),
    ("committee.json", b"PK\x03\x04\x14\x00\x06\x00\xc7"),  # a workbook renamed
])
def test_a_spreadsheet_given_as_a_map_says_to_import_it(tmp_path, name, raw):
    path = tmp_path / name
    path.write_bytes(raw)
    with pytest.raises(MapFormatError, match="not a kam/1 map; import it first: kam import"):
        load_map(path)


def test_a_folder_is_not_a_map(tmp_path):
    with pytest.raises(InputError, match="is a folder"):
        load_map(tmp_path)


def test_a_20_mb_map_is_refused_with_its_size(tmp_path):
    path = tmp_path / "huge.kam.json"
    head = json.dumps(map_data())[:-1] + ', "x_padding": "'
    with path.open("w", encoding="utf-8") as handle:
        handle.write(head)
        handle.write("x" * (20 * MB))
        handle.write('"}')
    assert path.stat().st_size > 20 * MB
    with pytest.raises(MapFormatError) as info:
        load_map(path)
    assert str(info.value) == (f"{path}: the map is 20.0 MB; maps up to 16 MB are accepted "
                               "(a 2,000-person account is about 1 MB)")
    with pytest.raises(MapFormatError, match="the map is 20.0 MB"):
        loads_map(path.read_bytes(), source="huge")


def test_a_map_just_under_the_limit_is_read(tmp_path):
    path = tmp_path / "big.kam.json"
    data = map_data(x_padding="")
    data["x_padding"] = "x" * (MAX_MAP_BYTES - len(json.dumps(data)) - 10)
    write_map(path, data)
    assert path.stat().st_size <= MAX_MAP_BYTES
    assert len(load_map(path).extra["x_padding"]) > 15 * MB


# --- examples: load -> save -> load -------------------------------------------------

def test_example_round_trip(example_path, tmp_path):
    original = load_map(example_path)
    copy_path = tmp_path / example_path.name
    saved = save_map(original, copy_path)
    assert saved.revision == original.revision  # a new file keeps the map's revision
    again = load_map(copy_path)
    assert again == original
    assert dumps_map(again) == copy_path.read_text(encoding="utf-8")
    # every key of the original file is still there, unknown ones included
    raw = json.loads(example_path.read_text(encoding="utf-8"))
    written = json.loads(copy_path.read_text(encoding="utf-8"))
    assert set(raw) <= set(written)
    assert raw["account"] == {k: v for k, v in written["account"].items() if k in raw["account"]}
    for section in ("stakeholders", "relationships", "team", "coverage"):
        for before, after in zip(raw.get(section, []), written[section], strict=True):
            assert set(before) <= set(after), section


# --- saving --------------------------------------------------------------------------

def test_a_new_file_is_written_at_the_maps_revision(tmp_path):
    path = tmp_path / "acme.kam.json"
    m = parse_map(map_data(revision=4))
    saved = save_map(m, path)
    assert saved.revision == 4
    assert load_map(path).revision == 4


def test_saving_over_a_file_gives_the_next_revision(tmp_path):
    path = write_map(tmp_path / "acme.kam.json", map_data(revision=3))
    m = load_map(path)
    m.stakeholders[0].stance = 1
    saved = save_map(m, path)
    assert saved.revision == 4
    assert m.revision == 3  # the caller's map is not changed
    again = load_map(path)
    assert again.revision == 4 and again.stakeholders[0].stance == 1
    assert save_map(again, path).revision == 5


def test_saved_file_is_utf8_json_with_readable_chinese(tmp_path):
    path = tmp_path / "acme.kam.json"
    save_map(parse_map(map_data()), path)
    text = path.read_bytes().decode("utf-8")
    assert "王建国" in text and text.endswith("\n")
    assert json.loads(text)["schema"] == "kam/1"


def test_two_writers_from_the_same_revision_one_wins_nothing_is_lost(tmp_path):
    path = write_map(tmp_path / "acme.kam.json")
    alice, bob = load_map(path), load_map(path)
    alice.stakeholders[0].notes = "Alice met the CEO"
    bob.stakeholders[1].notes = "Bob met the CTO"
    bob_before = bob.to_dict()

    save_map(alice, path)
    with pytest.raises(ConflictError) as info:
        save_map(bob, path)

    err = info.value
    assert (err.expected, err.found) == (1, 2)
    assert "revision 2" in str(err) and "revision 1" in str(err) and "Reload" in str(err)
    on_disk = load_map(path)
    assert on_disk.revision == 2
    assert on_disk.stakeholders[0].notes == "Alice met the CEO"
    assert on_disk.stakeholders[1].notes == ""
    assert bob.to_dict() == bob_before  # the loser's edits are intact in memory
    assert temp_files(tmp_path) == []


def test_a_file_holding_another_account_is_not_overwritten(tmp_path):
    path = write_map(tmp_path / "map.kam.json", map_data("globex"))
    before = path.read_bytes()
    with pytest.raises(ConflictError, match="holds the account 'globex', not 'acme'"):
        save_map(parse_map(map_data("acme")), path)
    assert path.read_bytes() == before
    # on purpose (kam import --force): allowed, and the revision continues
    assert save_map(parse_map(map_data("acme")), path, check_revision=False).revision == 2
    assert load_map(path).account.id == "acme"


def test_the_returned_map_is_a_copy(tmp_path):
    m = parse_map(map_data())
    saved = save_map(m, tmp_path / "new.kam.json")
    assert saved is not m and saved == m


def test_saving_without_revision_check_overwrites(tmp_path):
    path = write_map(tmp_path / "acme.kam.json", map_data(revision=5))
    stale = parse_map(map_data(revision=2))
    stale.account.name = "forced"
    saved = save_map(stale, path, check_revision=False)
    assert saved.revision == 6
    assert load_map(path).account.name == "forced"


def test_a_map_newer_than_the_file_is_a_conflict_too(tmp_path):
    path = write_map(tmp_path / "acme.kam.json", map_data(revision=2))
    with pytest.raises(ConflictError):
        save_map(parse_map(map_data(revision=9)), path)
    assert load_map(path).revision == 2


def test_an_unreadable_file_on_disk_is_not_overwritten(tmp_path):
    path = tmp_path / "acme.kam.json"
    path.write_text("{ broken", encoding="utf-8")
    with pytest.raises(ConflictError, match="not a readable map"):
        save_map(parse_map(map_data()), path)
    assert path.read_text(encoding="utf-8") == "{ broken"


def test_saving_into_a_missing_folder(tmp_path):
    with pytest.raises(NotFoundError, match="no such folder"):
        save_map(parse_map(map_data()), tmp_path / "nope" / "acme.kam.json")


def test_a_map_over_the_size_limit_is_not_saved(tmp_path):
    path = write_map(tmp_path / "acme.kam.json")
    before = path.read_bytes()
    m = load_map(path)
    m.extra["x_padding"] = "x" * (17 * MB)
    with pytest.raises(MapFormatError, match="maps up to 16 MB"):
        save_map(m, path)
    assert path.read_bytes() == before
    assert temp_files(tmp_path) == []


def test_serialisation_failure_leaves_the_old_file_and_no_temp_file(tmp_path):
    path = write_map(tmp_path / "acme.kam.json")
    before = path.read_bytes()
    m = load_map(path)
    m.stakeholders[0].extra["x_callback"] = object()
    with pytest.raises(TypeError):
        save_map(m, path)
    assert path.read_bytes() == before
    assert temp_files(tmp_path) == []


def test_a_write_that_fails_midway_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    path = write_map(tmp_path / "acme.kam.json")
    before = path.read_bytes()
    m = load_map(path)
    m.account.name = "changed"

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        save_map(m, path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert temp_files(tmp_path) == []
    assert save_map(m, path).revision == 2  # the lock was released


_KILLED_SAVER = textwrap.dedent("""
    import os, sys, time
    from graphlib_kam.model import Stakeholder
    from graphlib_kam.store import load_map, save_map

    path, marker, stall_on = sys.argv[1], sys.argv[2], sys.argv[3]
    amap = load_map(path)
    amap.account.name = "half-written"
    amap.stakeholders += [Stakeholder(id=f"s-{i}", name=f"Person {i}", notes="x" * 200)
                          for i in range(20000)]
    real_fsync = os.fsync

    def stalled_fsync(fd):
        # Stall once the temporary file named stall_on is written in full, before it is
        # moved into place: the state a crash or a power cut at that moment leaves.
        if os.path.basename(os.readlink(f"/proc/self/fd/{fd}")).startswith(stall_on):
            open(marker, "w").close()
            time.sleep(120)
        real_fsync(fd)

    os.fsync = stalled_fsync
    save_map(amap, path, saved_by="killed")
""")


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to name the fd")
@pytest.mark.parametrize("stall_on", [".r000003.kam.json.", ".r000004.kam.json.",
                                      ".acme.kam.json."],
                         ids=["keeping-the-old-revision", "keeping-the-new-revision",
                              "replacing-the-map"])
def test_a_save_killed_midway_leaves_the_map_and_its_history_intact(tmp_path, stall_on):
    from graphlib_kam.store import load_map_revision, map_history
    from graphlib_kam.store.file_history import history_folder

    path = write_map(tmp_path / "acme.kam.json", map_data(revision=3))
    before = path.read_bytes()
    marker = tmp_path / "fsync-reached"
    child = subprocess.Popen([sys.executable, "-c", _KILLED_SAVER, str(path), str(marker),
                              stall_on])
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, "the saving process ended before fsync"
            assert time.monotonic() < deadline, "the saving process never reached fsync"
            time.sleep(0.02)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    assert path.read_bytes() == before
    history = history_folder(path)
    # one file was written in full but never put in place
    [tmp] = temp_files(tmp_path) + temp_files(history)
    assert tmp.name.startswith(stall_on)
    assert json.loads(tmp.read_text(encoding="utf-8"))["revision"] in (3, 4)
    old = load_map(path)
    assert old.revision == 3 and old.account.name == "acme Corp"
    assert [(r.revision, r.current) for r in map_history(path)] == [(3, True)]
    assert load_map_revision(path, 3) == old
    store = FileStore(tmp_path)
    assert [(a.id, a.revision, a.location) for a in store.list_accounts()] == [
        ("acme", 3, str(path))]
    assert store.paths() == [path]
    # the lock died with the process: the next save goes through, and the history is whole
    edited = old.copy()
    edited.account.name = "saved after the crash"
    assert save_map(edited, path, saved_by="Li Na").revision == 4
    revisions = map_history(path)
    assert [(r.revision, r.current) for r in revisions] == [(4, True), (3, False)]
    assert revisions[0].saved_by == "Li Na"
    assert revisions[0].summary() == "account details changed"
    assert load_map_revision(path, 3) == old
    assert load_map_revision(path, 4) == load_map(path)
    assert load_map(path).account.name == "saved after the crash"


def _race_to_save(path: str, label: str, barrier, results) -> None:
    amap = load_map(path)
    amap.account.name = label
    amap.stakeholders.append(Stakeholder(id=f"s-{label}", name=label))
    barrier.wait(timeout=60)
    try:
        saved = save_map(amap, path)
    except ConflictError as err:
        results.put((label, "conflict", err.found))
    else:
        results.put((label, "saved", saved.revision))


def test_two_processes_racing_from_one_revision_exactly_one_saves(tmp_path):
    path = write_map(tmp_path / "acme.kam.json")
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    workers = [ctx.Process(target=_race_to_save, args=(str(path), label, barrier, results))
               for label in ("alice", "bob")]
    for worker in workers:
        worker.start()
    outcomes = sorted(results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert sorted(outcome for _, outcome, _ in outcomes) == ["conflict", "saved"]
    [winner] = [label for label, outcome, _ in outcomes if outcome == "saved"]
    assert all(revision == 2 for _, _, revision in outcomes)
    on_disk = load_map(path)
    assert on_disk.revision == 2
    assert on_disk.account.name == winner
    assert [s.id for s in on_disk.stakeholders] == ["s-ceo", "s-cto", f"s-{winner}"]
    assert temp_files(tmp_path) == []


# --- a folder of maps ----------------------------------------------------------------

def test_file_store_save_list_load_delete(tmp_path):
    store = FileStore(tmp_path)
    assert isinstance(store, Store)
    assert store.list_accounts() == []
    first = store.save(parse_map(map_data("acme")))
    store.save(parse_map(map_data("globex", revision=5)))
    assert first.revision == 1
    assert store.list_accounts() == [
        AccountInfo("acme", "acme Corp", 1, 2, str(tmp_path / "acme.kam.json")),
        AccountInfo("globex", "globex Corp", 5, 2, str(tmp_path / "globex.kam.json")),
    ]
    loaded = store.load("acme")
    loaded.account.name = "ACME"
    assert store.save(loaded).revision == 2
    assert store.load("acme").account.name == "ACME"
    with pytest.raises(ConflictError):
        store.save(parse_map(map_data("acme")))  # stale: still at revision 1
    store.delete("acme")
    assert [a.id for a in store.list_accounts()] == ["globex"]
    assert not (tmp_path / "acme.kam.json").exists()


def test_file_store_not_found(tmp_path):
    store = FileStore(tmp_path)
    with pytest.raises(NotFoundError, match="no account with the id 'ghost'"):
        store.load("ghost")
    with pytest.raises(NotFoundError, match="no account with the id 'ghost'"):
        store.delete("ghost")
    with pytest.raises(NotFoundError, match="no such folder"):
        FileStore(tmp_path / "missing")


def test_file_store_finds_an_account_whatever_its_file_is_called(tmp_path):
    write_map(tmp_path / "Q4 pipeline - Acme.kam.json")
    store = FileStore(tmp_path)
    assert store.load("acme").account.id == "acme"
    assert store.path_for("acme") == tmp_path / "Q4 pipeline - Acme.kam.json"
    assert store.save(store.load("acme")).revision == 2
    assert sorted(p.name for p in tmp_path.glob("*.kam.json")) == ["Q4 pipeline - Acme.kam.json"]


def test_file_store_skips_files_that_are_not_maps(tmp_path):
    write_map(tmp_path / "acme.kam.json")
    (tmp_path / "notes.kam.json").write_text("not json", encoding="utf-8")
    (tmp_path / "list.kam.json").write_text("[1, 2]", encoding="utf-8")
    (tmp_path / "readme.txt").write_text("hello", encoding="utf-8")
    assert [a.id for a in FileStore(tmp_path).list_accounts()] == ["acme"]


def test_file_store_reads_plain_json_when_there_is_no_kam_json(tmp_path):
    write_map(tmp_path / "acme.json")
    assert [a.id for a in FileStore(tmp_path).list_accounts()] == ["acme"]


def test_accounts_whose_ids_share_a_file_name_get_separate_files(tmp_path):
    store = FileStore(tmp_path)
    store.save(parse_map(map_data("a b")))
    store.save(parse_map(map_data("a/b")))
    store.save(parse_map(map_data("a-b")))
    assert [(a.id, Path(a.location).name) for a in store.list_accounts()] == [
        ("a b", "a-b.kam.json"), ("a-b", "a-b-3.kam.json"), ("a/b", "a-b-2.kam.json")]
    assert store.load("a b").account.id == "a b"


def _create_account(folder: str, account_id: str, barrier, results) -> None:
    store = FileStore(folder)
    path = store.path_for(account_id)  # both see the same free name ...
    barrier.wait(timeout=60)
    try:
        save_map(parse_map(map_data(account_id)), path)  # ... and race to create it
    except ConflictError:
        results.put((account_id, "conflict"))
    else:
        results.put((account_id, "saved"))


def test_two_new_accounts_racing_for_one_file_name_lose_nothing(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    workers = [ctx.Process(target=_create_account, args=(str(tmp_path), i, barrier, results))
               for i in ("a b", "a/b")]
    for worker in workers:
        worker.start()
    outcomes = dict(results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
    assert sorted(outcomes.values()) == ["conflict", "saved"]
    [winner] = [account for account, outcome in outcomes.items() if outcome == "saved"]
    assert [a.id for a in FileStore(tmp_path).list_accounts()] == [winner]
    # the loser tries again and gets a file of its own
    [loser] = set(outcomes) - {winner}
    FileStore(tmp_path).save(parse_map(map_data(loser)))
    assert sorted(a.id for a in FileStore(tmp_path).list_accounts()) == ["a b", "a/b"]


def test_file_store_save_is_atomic_and_checked_like_save_map(tmp_path):
    store = FileStore(tmp_path)
    store.save(parse_map(map_data()))
    alice, bob = store.load("acme"), store.load("acme")
    alice.account.name = "Alice's"
    store.save(alice)
    with pytest.raises(ConflictError):
        store.save(bob)
    assert store.load("acme").account.name == "Alice's"
    assert temp_files(tmp_path) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_saved_map_gets_the_umask_mode_and_keeps_an_existing_files_mode(tmp_path):
    old = os.umask(0o022)
    try:
        path = tmp_path / "acme.kam.json"
        save_map(parse_map(map_data()), path)
        assert path.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600
        path.chmod(0o664)  # shared with the account team's group
        save_map(load_map(path), path)
        assert path.stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(old)
