"""The portfolio: one row per account, the same numbers as the single-account analysis,
worst first, the same rows in worker processes as in one process, from files or Neo4j."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid

import pytest

from graphlib_kam.algorithms.coverage import coverage_score, support_score
from graphlib_kam.algorithms.gaps import coverage_gaps
from graphlib_kam.errors import NotFoundError
from graphlib_kam.model.synthetic import generate_account
from graphlib_kam.settings import Settings
from graphlib_kam.store import FileStore, dumps_map, load_map
from graphlib_kam.store.neo4j import Neo4jStore
from graphlib_kam.workflows.portfolio import PORTFOLIO_COLUMNS, account_row, portfolio_rows
from tests.conftest import example_paths

SETTINGS = Settings(as_of=dt.date(2026, 11, 28))


def test_a_row_agrees_with_the_analysis_of_the_account(example_path):
    amap = load_map(example_path)
    row = account_row(amap, settings=SETTINGS, location="here")
    gaps = coverage_gaps(amap, settings=SETTINGS)
    assert tuple(row) == PORTFOLIO_COLUMNS
    assert row["score"] == pytest.approx(coverage_score(amap, settings=SETTINGS), abs=1e-12)
    assert row["support"] == pytest.approx(support_score(amap, settings=SETTINGS), abs=1e-12)
    deal = amap.deal
    assert row["deal"] == (deal.to_dict() if deal else None)
    assert row["at_risk"] == (round(deal.amount * (1 - row["score"] / 100), 2)
                              if deal and deal.status == "open" else None)
    assert row["high_gaps"] == sum(g.severity == "high" for g in gaps) > 0
    assert row["gaps"] == len(gaps)
    assert row["top_gap"] == {k: gaps[0].to_dict()[k]
                              for k in ("kind", "severity", "stakeholder", "message", "action")}
    assert (row["id"], row["stakeholders"], row["revision"], row["location"], row["error"]) == (
        amap.account.id, len(amap.stakeholders), amap.revision, "here", None)


def test_the_top_gap_speaks_the_language_asked_for(example_path):
    amap = load_map(example_path)
    zh = account_row(amap, settings=SETTINGS, lang="zh")["top_gap"]
    en = account_row(amap, settings=SETTINGS, lang="en")["top_gap"]
    assert zh["kind"] == en["kind"] and zh["message"] != en["message"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh["message"] + zh["action"])


def test_an_account_without_stakeholders_has_a_row():
    from graphlib_kam.model import parse_map

    row = account_row(parse_map({"account": {"id": "empty"}}), settings=SETTINGS)
    assert (row["score"], row["stakeholders"]) == (0.0, 0)
    assert row["top_gap"]["kind"] == "no-decision-maker"


@pytest.fixture
def folder(tmp_path):
    """The examples and 30 synthetic accounts of 15 to 44 people."""
    for path in example_paths():
        shutil.copy(path, tmp_path / path.name)
    for i in range(30):
        amap = generate_account(15 + i, seed=i, account_id=f"synthetic-{i:02d}")
        (tmp_path / f"synthetic-{i:02d}.kam.json").write_text(dumps_map(amap), "utf-8")
    return tmp_path


def _worst_first(rows: list[dict]) -> bool:
    """Open deals (or none) first, the most at risk first, then worst; then won, lost."""
    group = {"open": 0, "won": 1, "lost": 2}
    keys = [(group[(r["deal"] or {}).get("status", "open")], r["at_risk"] is None,
             -(r["at_risk"] or 0), -r["high_gaps"], r["score"], r["id"]) for r in rows]
    return keys == sorted(keys)


def test_rows_of_a_folder_are_sorted_worst_first(folder):
    rows = portfolio_rows(folder, settings=SETTINGS, workers=1)
    assert len(rows) == 33 and _worst_first(rows)
    assert rows[0]["high_gaps"] >= rows[-1]["high_gaps"]
    assert all(r["location"].endswith(".kam.json") for r in rows)
    by_id = {r["id"]: r for r in rows}
    cn = load_map(next(p for p in example_paths() if p.name.startswith("cn-bank")))
    assert by_id["cn-bank"] == account_row(cn, settings=SETTINGS,
                                           location=by_id["cn-bank"]["location"])


def test_worker_processes_give_the_same_rows_as_one_process(folder):
    seen: list[tuple[int, int]] = []
    parallel = portfolio_rows(FileStore(folder), settings=SETTINGS, workers=2,
                              progress=lambda done, total: seen.append((done, total)))
    assert parallel == portfolio_rows(folder, settings=SETTINGS, workers=1)
    assert seen[-1] == (33, 33) and len(seen) > 1  # chunks, each reported
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_maps_can_be_given_directly():
    maps = [generate_account(20, seed=s, account_id=f"m{s}") for s in range(20)]
    rows = portfolio_rows(maps, settings=SETTINGS, workers=2)
    assert sorted(r["id"] for r in rows) == sorted(m.account.id for m in maps)
    assert _worst_first(rows) and all(r["location"] == "" for r in rows)


def test_an_unreadable_map_is_a_row_of_its_own_and_comes_first(folder):
    (folder / "broken.kam.json").write_text('{"account": ', "utf-8")
    (folder / "invalid.kam.json").write_text(
        '{"account": {"id": "x"}, "stakeholders": [{"id": "a", "power": 9}]}', "utf-8")
    rows = portfolio_rows(folder, settings=SETTINGS, workers=2)
    assert len(rows) == 35
    errors = rows[:2]
    assert {r["id"] for r in errors} == {"broken.kam.json", "invalid.kam.json"}
    assert all(r["score"] is None and r["error"] for r in errors)
    assert "invalid JSON" in next(r for r in errors if r["id"] == "broken.kam.json")["error"]
    assert "power" in next(r for r in errors if r["id"] == "invalid.kam.json")["error"]
    assert all(r["error"] is None for r in rows[2:])


def test_a_missing_folder_is_not_found(tmp_path):
    with pytest.raises(NotFoundError):
        portfolio_rows(tmp_path / "nope", settings=SETTINGS)


def test_an_empty_folder_has_no_rows(tmp_path):
    assert portfolio_rows(tmp_path, settings=SETTINGS) == []


class PrefixStore:
    """The accounts of a shared Neo4j store whose ids start with a prefix."""

    def __init__(self, store: Neo4jStore, prefix: str):
        self.store, self.prefix = store, prefix
        self.location = store.location

    def list_accounts(self):
        return [a for a in self.store.list_accounts() if a.id.startswith(self.prefix)]

    def load(self, account_id):
        return self.store.load(account_id)

    def save(self, amap, **options):
        return self.store.save(amap, **options)

    def history(self, account_id):
        return self.store.history(account_id)

    def load_revision(self, account_id, revision):
        return self.store.load_revision(account_id, revision)

    def delete(self, account_id):
        self.store.delete(account_id)


def test_rows_from_neo4j_match_rows_from_files(neo4j_driver, neo4j_server):
    prefix = f"portfolio-{uuid.uuid4().hex[:8]}-"
    store = PrefixStore(Neo4jStore(neo4j_driver, location=neo4j_server.uri), prefix)
    maps = []
    for i in range(18):  # enough for the worker processes
        amap = generate_account(12 + i, seed=100 + i, account_id=f"{prefix}{i:02d}")
        maps.append(store.save(amap))
    try:
        rows = portfolio_rows(store, settings=SETTINGS, workers=2)
        expected = portfolio_rows(maps, settings=SETTINGS, workers=1)
        assert [r | {"location": ""} for r in rows] == expected
        assert {r["location"] for r in rows} == {neo4j_server.uri}
    finally:
        for amap in maps:
            store.delete(amap.account.id)
