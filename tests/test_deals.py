"""Deals (DESIGN, Memory): the model's ``deal``, its round trip through both stores, and the
portfolio that ranks open deals by amount at risk and lists won and lost deals apart."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

import pytest

from graphlib_kam.cli import main
from graphlib_kam.errors import MapValidationError
from graphlib_kam.model import Deal, dumps_map, loads_map, parse_map, validate_map
from graphlib_kam.settings import Settings
from graphlib_kam.store import FileStore
from graphlib_kam.workflows.portfolio import portfolio_rows

SETTINGS = Settings(as_of=dt.date(2026, 11, 28))


def account(account_id: str, deal: dict | None = None, *, covered: float | None = None,
            extra: dict | None = None) -> dict:
    """One decision-maker; covered (fresh) at ``covered`` strength, or nobody covers."""
    data = {"schema": "kam/1", "account": {"id": account_id, "name": account_id.upper()},
            "team": [{"id": "t"}],
            "stakeholders": [{"id": "dm", "role": "decision-maker"}],
            "coverage": [] if covered is None else [
                {"member": "t", "stakeholder": "dm", "strength": covered,
                 "last_contact": "2026-11-20"}]}
    if deal is not None:
        data["deal"] = deal
    return data | (extra or {})


# --- the model ---------------------------------------------------------------------------


def test_a_full_deal_parses_and_round_trips():
    deal = {"name": "Core", "stage": "POC", "amount": 1200000.5, "currency": "cny",
            "close_date": "2027-03-31", "status": "won", "x-crm": {"id": 7}}
    amap = parse_map(account("a", deal))
    assert amap.deal == Deal(name="Core", stage="POC", amount=1200000.5, currency="CNY",
                             close_date=dt.date(2027, 3, 31), status="won",
                             extra={"x-crm": {"id": 7}})
    assert amap.to_dict()["deal"] == deal | {"currency": "CNY"}
    assert loads_map(dumps_map(amap)) == amap
    copied = amap.copy()
    copied.deal.extra["x-crm"]["id"] = 8
    assert amap.deal.extra == {"x-crm": {"id": 7}}


def test_a_deal_is_optional_and_its_fields_too():
    assert parse_map(account("a")).deal is None
    assert "deal" not in parse_map(account("a")).to_dict()
    amap = parse_map(account("a", {}))
    assert amap.deal == Deal() and amap.deal.status == "open"
    assert amap.to_dict()["deal"] == {"status": "open"}
    assert parse_map(account("a", {"amount": 0, "status": "Closed Lost"})).deal.status == "lost"


@pytest.mark.parametrize(("deal", "path", "words"), [
    ("big", "deal", "expected an object"),
    ([1], "deal", "expected an object"),
    ({"amount": -1}, "deal.amount", "0 or more"),
    ({"amount": "lots"}, "deal.amount", "0 or more"),
    ({"amount": True}, "deal.amount", "0 or more"),
    ({"amount": float("inf")}, "deal.amount", "0 or more"),
    ({"currency": "yuan"}, "deal.currency", "three letters"),
    ({"currency": "C1Y"}, "deal.currency", "three letters"),
    ({"currency": "元元元"}, "deal.currency", "three letters"),
    ({"close_date": "2027-02-30"}, "deal.close_date", "YYYY-MM-DD"),
    ({"close_date": "soon"}, "deal.close_date", "YYYY-MM-DD"),
    ({"status": "pending"}, "deal.status", "open, won, lost"),
    ({"status": 1}, "deal.status", "open, won, lost"),
    ({"name": ["x"]}, "deal.name", "expected text"),
    ({"stage": {}}, "deal.stage", "expected text"),
])
def test_each_bad_field_is_one_problem_with_its_path(deal, path, words):
    with pytest.raises(MapValidationError) as caught:
        parse_map(account("a", deal))
    problems = caught.value.problems
    assert len(problems) == 1
    assert problems[0].where == path and words in problems[0].message


def test_validate_map_sees_a_deal_edited_in_code():
    amap = parse_map(account("a", {"amount": 5}))
    amap.deal.currency = "dollars"
    assert [p.where for p in validate_map(amap)] == ["deal.currency"]


# --- the stores --------------------------------------------------------------------------


def memory_map(account_id: str):
    """A deal and a departed stakeholder with a successor: every Memory field we add."""
    data = account(account_id, {"name": "核心系统", "stage": "方案评估", "amount": 48000000,
                                "currency": "CNY", "close_date": "2027-03-31",
                                "status": "open", "owner": "孙丽"},
                   covered=0.8, extra={"x-team": "east"})
    data["stakeholders"] += [
        {"id": "old", "name": "张伟", "status": "left", "successor": "new"},
        {"id": "new", "name": "马骁", "role": "influencer"},
    ]
    return parse_map(data)


def test_the_file_store_keeps_the_deal_and_the_successor(tmp_path):
    store = FileStore(tmp_path)
    amap = memory_map("memory")
    loaded = store.load(store.save(amap).account.id)
    assert loaded.deal == amap.deal and loaded.stakeholder("old").successor == "new"
    assert loaded.to_dict() == amap.to_dict()


@pytest.mark.neo4j
def test_the_neo4j_store_keeps_the_deal_and_the_successor(neo4j_driver):
    from graphlib_kam.store.neo4j import Neo4jStore

    store = Neo4jStore(neo4j_driver)
    amap = memory_map(f"deals-{uuid.uuid4().hex[:10]}")
    try:
        saved = store.save(amap)
        loaded = store.load(amap.account.id)
        assert loaded == saved
        assert loaded.to_dict() == amap.to_dict()
        assert loaded.deal.amount == 48000000 and loaded.extra == {"x-team": "east"}
        assert loaded.stakeholder("old").successor == "new"
        loaded.deal = None  # removing the deal is saved too
        assert store.load(store.save(loaded).account.id).deal is None
    finally:
        store.delete(amap.account.id)


# --- the portfolio ------------------------------------------------------------------------


def portfolio_folder(tmp_path):
    """Scores: uncovered 0, covered at 0.8 → 80 (one decision-maker, fresh link)."""
    maps = [
        account("a-small-risk", {"amount": 1000, "status": "open"}, covered=0.8),  # 200
        account("b-big-risk", {"amount": 500, "status": "open"}),                   # 500
        account("c-no-amount", {"stage": "Qualification"}),
        account("d-no-deal", covered=0.8),
        account("e-won", {"amount": 9000000, "status": "won", "currency": "USD"}),
        account("f-lost", {"amount": 10, "status": "lost"}, covered=0.8),
        account("g-won-covered", {"status": "won"}, covered=0.8),
    ]
    for data in maps:
        (tmp_path / f"{data['account']['id']}.kam.json").write_text(json.dumps(data), "utf-8")
    return tmp_path


def test_open_deals_rank_by_amount_at_risk_then_won_then_lost(tmp_path):
    rows = portfolio_rows(portfolio_folder(tmp_path), settings=SETTINGS, workers=1)
    by_id = {r["id"]: r for r in rows}
    assert by_id["a-small-risk"]["score"] == 80.0 and by_id["b-big-risk"]["score"] == 0.0
    # amount × (1 − score/100), by hand: 1000 × 0.2 = 200, 500 × 1 = 500
    assert by_id["a-small-risk"]["at_risk"] == 200.0
    assert by_id["b-big-risk"]["at_risk"] == 500.0
    assert [r["at_risk"] for r in rows if r["id"][0] in "cdefg"] == [None] * 5
    # then open without an amount worst first (c: 1 high gap, score 0; d: score 80), then
    # won (worst first), then lost
    assert [r["id"] for r in rows] == ["b-big-risk", "a-small-risk", "c-no-amount",
                                       "d-no-deal", "e-won", "g-won-covered", "f-lost"]
    assert by_id["e-won"]["deal"] == {"amount": 9000000, "currency": "USD", "status": "won"}


def test_the_portfolio_lists_won_and_lost_deals_apart(tmp_path, capsys):
    folder = portfolio_folder(tmp_path)
    assert main(["portfolio", str(folder), "--as-of", "2026-11-28"]) == 0
    out = capsys.readouterr().out
    open_part, rest = out.split("\nWon deals (2)\n")
    won_part, lost_part = rest.split("\nLost deals (1)\n")
    assert "b-big-risk" in open_part and "500" in open_part and "e-won" not in open_part
    assert open_part.index("b-big-risk") < open_part.index("a-small-risk")
    assert "e-won" in won_part and "9,000,000 USD" in won_part and "f-lost" not in won_part
    assert "f-lost" in lost_part and "g-won" not in lost_part

    assert main(["portfolio", str(folder), "--as-of", "2026-11-28", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "已赢单的商机 (2)" in out and "已丢单的商机 (1)" in out and "风险金额" in out

    assert main(["portfolio", str(folder), "--as-of", "2026-11-28", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["accounts"]
    assert [(r["id"], (r["deal"] or {}).get("status")) for r in rows][-3:] == [
        ("e-won", "won"), ("g-won-covered", "won"), ("f-lost", "lost")]
    assert rows[0]["at_risk"] == 500.0

    assert main(["portfolio", str(folder), "--as-of", "2026-11-28", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("deal_name,deal_stage,deal_amount,deal_currency,"
                             "deal_close_date,deal_status,at_risk")
    assert lines[1].startswith("b-big-risk,") and lines[1].endswith(",,,500,,,open,500.0")


def test_the_bundled_examples_show_an_open_and_a_won_deal(capsys):
    from tests.conftest import EXAMPLES

    rows = portfolio_rows(EXAMPLES, settings=SETTINGS, workers=1)
    assert [(r["id"], (r["deal"] or {}).get("status")) for r in rows] == [
        ("cn-bank", "open"), ("hoffmann-antriebe", None), ("us-hospital", "won")]
    bank = rows[0]
    assert bank["at_risk"] == round(48000000 * (1 - bank["score"] / 100), 2)


# --- the Salesforce importer ------------------------------------------------------------


SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "import" / "salesforce"


def test_the_salesforce_sample_fills_the_deal_from_the_opportunity_export():
    from graphlib_kam.importers.salesforce import import_salesforce

    results = import_salesforce(sorted(SAMPLE.glob("*.csv")))
    deals = {r.map.account.id: r.map.deal for r in results}
    assert deals["006Hs00001QwErTIAR"] == Deal(
        name="Meridian - TMS replacement", stage="Proposal/Price Quote", amount=840000,
        currency="EUR", close_date=dt.date(2027, 3, 31), status="open",
        extra={"id": "006Hs00001QwErTIAR"})
    assert deals["006Hs00001QwErVIAR"].status == "won"  # IsClosed and IsWon
    assert all(r.problems == [] for r in results)
    assert all(loads_map(dumps_map(r.map)) == r.map for r in results)
    (by_account, _) = sorted(import_salesforce(sorted(SAMPLE.glob("*.csv")), group="account"),
                             key=lambda r: r.map.account.id)
    assert by_account.map.deal is None  # Meridian has two opportunities: no single deal
    assert any("records no single deal" in n.message for n in by_account.notes)


def write_export(folder: Path, opportunity_rows: list[list[str]], header: list[str]) -> list:
    folder.mkdir(exist_ok=True)
    (folder / "OpportunityContactRole.csv").write_text(
        "Id,OpportunityId,ContactId,Role,IsPrimary\n"
        + "".join(f"r{i},{row[0]},c1,Decision Maker,true\n"
                  for i, row in enumerate(opportunity_rows)), "utf-8")
    (folder / "Contact.csv").write_text("Id,FirstName,LastName,Title\nc1,Ann,Lee,CFO\n",
                                        "utf-8")
    (folder / "Opportunity.csv").write_text(
        ",".join(header) + "\n" + "".join(",".join(r) + "\n" for r in opportunity_rows),
        "utf-8")
    return sorted(folder.glob("*.csv"))


def test_is_closed_and_is_won_give_won_lost_and_open(tmp_path):
    from graphlib_kam.importers.salesforce import import_salesforce

    files = write_export(tmp_path / "x", [
        ["o1", "A", "Negotiation", "10", "2027-01-01", "false", "false"],
        ["o2", "B", "Closed Won", "20", "2026-01-01", "true", "true"],
        ["o3", "C", "Closed Lost", "30", "2026-02-01", "true", "false"],
    ], ["Id", "Name", "StageName", "Amount", "CloseDate", "IsClosed", "IsWon"])
    status = {r.map.account.id: r.map.deal.status for r in import_salesforce(files)}
    assert status == {"o1": "open", "o2": "won", "o3": "lost"}


def test_a_bad_amount_or_close_date_is_a_row_and_column_problem(tmp_path):
    from graphlib_kam.importers.salesforce import import_salesforce

    files = write_export(tmp_path / "x", [
        ["o1", "A", "Closed Lost", "-5", "31/12/2026", "ECU1"],
        ["o2", "B", "Qualification", "#N/A", "#N/A", "#N/A"],
    ], ["Id", "Name", "StageName", "Amount", "CloseDate", "CurrencyIsoCode"])
    first, second = import_salesforce(files)
    assert first.map.deal == Deal(name="A", stage="Closed Lost", status="lost",
                                  extra={"id": "o1"})
    problems = [str(p) for p in first.problems]
    assert len(problems) == 3
    assert all("Opportunity.csv" in p and "row 2" in p for p in problems), problems
    assert any("Amount" in p and "'-5'" in p for p in problems)
    assert any("CloseDate" in p for p in problems)
    assert any("CurrencyIsoCode" in p and "three-letter" in p for p in problems)
    assert second.map.deal == Deal(name="B", stage="Qualification", extra={"id": "o2"})
    assert second.problems == []


def test_the_real_demo_export_fills_won_and_open_deals(real_data):
    from graphlib_kam.importers.salesforce import import_salesforce

    folder = real_data / "salesforce-prodly-demo"
    if not (folder / "Opportunity.csv").is_file():
        pytest.skip(f"{folder}/Opportunity.csv is absent (optional outside resource)")
    results = import_salesforce(sorted(folder.glob("*.csv")))
    deals = [r.map.deal for r in results]
    assert all(d is not None for d in deals)
    assert {d.status for d in deals} == {"won", "open"}
    won = next(d for d in deals if d.status == "won")
    assert won.stage == "Closed Won" and won.amount > 0 and won.close_date is not None
    assert all(r.map.deal.extra["id"] == r.map.account.id for r in results)
    rows = portfolio_rows([r.map for r in results], settings=SETTINGS, workers=1)
    statuses = [r["deal"]["status"] for r in rows]
    assert statuses == sorted(statuses, key=["open", "won", "lost"].index)


# --- the reports --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_report_format_shows_the_deal(lang):
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    from graphlib_kam.present.report import render_report, report_data
    from graphlib_kam.store import load_map
    from tests.conftest import EXAMPLES

    amap = load_map(EXAMPLES / "cn-bank-core-banking.kam.json")
    data = report_data(amap, settings=SETTINGS, lang=lang)
    at_risk = round(48000000 * (1 - data["score"] / 100), 2)
    assert data["deal"] == amap.deal.to_dict() | {"at_risk": at_risk}
    stage = "方案评估"
    html = render_report(data, ".html").decode("utf-8")
    markdown = render_report(data, ".md").decode("utf-8")
    book = load_workbook(io.BytesIO(render_report(data, ".xlsx")))
    cells = " ".join(str(c.value) for sheet in book for row in sheet.iter_rows()
                     for c in row if c.value is not None)
    pdf = " ".join(page.extract_text() for page in
                   PdfReader(io.BytesIO(render_report(data, ".pdf"))).pages[:2])
    for text in (html, markdown, cells):
        assert "48,000,000 CNY" in text and stage in text, text[:200]
        assert f"{at_risk:,.0f} CNY" in text
    assert "48,000,000" in pdf.replace(" ", "")
    word = {"en": "Deal", "zh": "商机"}[lang]
    assert word in markdown and word in html


def test_a_report_of_a_won_deal_has_no_amount_at_risk():
    from graphlib_kam.present.report import report_data
    from graphlib_kam.store import load_map
    from tests.conftest import EXAMPLES

    data = report_data(load_map(EXAMPLES / "us-hospital-clinical.kam.json"),
                       settings=SETTINGS, lang="en")
    assert "at_risk" not in data["deal"] and data["deal"]["status"] == "won"
    intro = data["sections"][0]["intro"]
    assert any(p.startswith("Deal: ") and p.endswith("· won.") for p in intro)
    assert not any("at risk" in p for p in intro)
    assert report_data(parse_map(account("none")), settings=SETTINGS)["deal"] is None
