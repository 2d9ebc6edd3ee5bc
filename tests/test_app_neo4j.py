"""The explorer on a Neo4j store (``kam explore --store neo4j``), against the real server
of ``tests/neo4j_server``: the portfolio, opening an account, revision-checked saves."""

from __future__ import annotations

import uuid

import pytest

from graphlib_kam.store import load_map
from graphlib_kam.store.neo4j import Neo4jStore

from .conftest import EXAMPLES
from .test_app import clean, edit_rows, frame, go, metrics, start, texts

pytestmark = pytest.mark.neo4j


@pytest.fixture
def store_accounts(neo4j_driver, neo4j_server, monkeypatch):
    """Two example accounts under ids of this test only; removed afterwards."""
    store = Neo4jStore(neo4j_driver, location=neo4j_server.uri)
    token = uuid.uuid4().hex[:8]
    ids = []
    for name in ("cn-bank-core-banking", "us-hospital-clinical"):
        amap = load_map(EXAMPLES / f"{name}.kam.json")
        amap.account.id = f"kam-test-{token}-{amap.account.id}"
        store.save(amap)
        ids.append(amap.account.id)
    monkeypatch.setenv("KAM_EXPLORER_STORE", "neo4j")
    monkeypatch.setenv("KAM_EXPLORER_ACCOUNT", ids[0])
    monkeypatch.setenv("KAM_NEO4J_URI", neo4j_server.uri)
    if neo4j_server.auth:
        monkeypatch.setenv("KAM_NEO4J_USER", neo4j_server.auth[0])
        monkeypatch.setenv("KAM_NEO4J_PASSWORD", neo4j_server.auth[1])
    else:
        monkeypatch.delenv("KAM_NEO4J_PASSWORD", raising=False)
    yield store, ids
    for account in ids:
        store.delete(account)


def test_the_store_opens_its_account_and_the_portfolio_opens_another(monkeypatch,
                                                                     store_accounts):
    _, (bank, hospital) = store_accounts
    at = clean(start(monkeypatch, store=True))
    assert at.title[0].value.endswith("华东某城市商业银行")
    go(at, "portfolio")
    # The hospital's deal is won, so it is listed in the won-deals table, apart.
    listed = {account for table in clean(at).dataframe if "Top gap" in table.value.columns
              for account in table.value["Account"]}
    assert {bank, hospital} <= listed
    at.selectbox(key="portfolio_account").set_value(hospital)
    at.button(key="portfolio_open").click().run()
    assert "Lakeshore Regional Medical Center" in clean(at).title[0].value


def test_a_save_to_the_store_checks_the_revision(monkeypatch, store_accounts):
    store, (bank, _) = store_accounts
    at = clean(go(start(monkeypatch, store=True), "edit"))
    edit_rows(at, "stakeholders", {"s-retail-gm": {"title": "零售总裁"}})
    at.run()
    at.button(key="save").click().run()
    assert "Saved as revision 8." in texts(clean(at).success)
    assert store.load(bank).stakeholder("s-retail-gm").title == "零售总裁"
    edit_rows(at, "stakeholders", {"s-retail-gm": {"title": "mine"}})
    at.run()
    theirs = store.load(bank)
    theirs.stakeholder("s-retail-gm").title = "theirs"
    store.save(theirs)  # revision 9, saved by someone else
    at.button(key="save").click().run()
    assert "someone else saved this map" in texts(at.error)
    assert store.load(bank).stakeholder("s-retail-gm").title == "theirs"
    assert metrics(at)["Revision"] == "8"


def test_an_unreachable_store_is_an_error_message(monkeypatch):
    monkeypatch.setenv("KAM_EXPLORER_STORE", "neo4j")
    monkeypatch.setenv("KAM_NEO4J_URI", "bolt://127.0.0.1:9")
    at = start(monkeypatch, store=True)
    assert not at.exception
    assert "127.0.0.1:9" in texts(at.error)


def test_the_changes_view_picks_revisions_from_the_stores_history(monkeypatch, store_accounts):
    store, (bank, _) = store_accounts
    at = clean(go(start(monkeypatch, store=True), "edit"))
    edit_rows(at, "stakeholders", {"s-retail-gm": {"title": "零售总裁"}})
    at.run()
    at.button(key="save").click().run()
    go(at, "changes")
    clean(at)
    options = at.selectbox(key="compare_with").options
    assert options[1].startswith("revision 8 · ") and "1 stakeholder changed" in options[1]
    assert options[2].startswith("revision 7 · ") and "first revision" in options[2]
    assert len(at.get("vega_lite_chart")) == 1
    at.selectbox(key="compare_with").set_value("7").run()
    changed = frame(clean(at), "Changes")
    assert "零售总裁" in " ".join(map(str, changed["Changes"]))
    assert [r.revision for r in store.history(bank)] == [8, 7]
