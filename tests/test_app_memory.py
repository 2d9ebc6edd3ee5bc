"""The explorer's part of issue 13: a successor pick list when someone is marked as left
(Edit view), and deals in the portfolio (open by amount at risk, won and lost apart)."""

from __future__ import annotations

import pytest

from graphlib_kam.store import load_map
from tests.test_app import BANK, clean, edit_rows, frame, go, maps, start, texts

__all__ = ["maps"]  # the fixture, used by name

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_marking_someone_left_offers_the_other_active_stakeholders_as_successor(
        monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "edit"))
    edit_rows(at, "stakeholders", {"s-vp-tech": {"status": "left"}})
    at.run()
    clean(at)
    pick = at.selectbox(key=f"successor_s-vp-tech_{at.session_state['edit_gen']}")
    assert pick.label == "Who took over from 孙建平?"
    amap = load_map(maps / BANK)
    others = [s.id for s in amap.stakeholders if s.active and s.id != "s-vp-tech"]
    assert pick.options[0] == "(nobody yet)" and len(pick.options) == len(others) + 1
    assert "周立新" not in pick.options  # s-it-gm-former has left: not offered
    names = {s.id: s.name for s in amap.stakeholders}
    assert pick.options[1:] == [names[i] for i in others]
    pick.set_value("s-it-gm").run()
    clean(at)
    at.button(key="save").click().run()
    clean(at)
    saved = load_map(maps / BANK).stakeholder("s-vp-tech")
    assert (saved.status, saved.successor) == ("left", "s-it-gm")


def test_nobody_marked_left_no_pick_list(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "edit"))
    edit_rows(at, "stakeholders", {"s-vp-tech": {"title": "副行长"}})
    at.run()
    clean(at)
    assert not [s for s in at.selectbox if str(s.key).startswith("successor_")]


def test_the_portfolio_shows_the_deal_and_lists_won_deals_apart(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "portfolio"))
    open_deals = frame(at, "Amount at risk")
    assert list(open_deals["Account"]) == ["cn-bank", "hoffmann-antriebe"]
    assert open_deals["Deal"][0].startswith("新一代分布式核心业务系统升级 · 48,000,000 CNY")
    assert open_deals["Amount at risk"][0].endswith(" CNY")
    assert open_deals["Deal"][1] == "—"
    assert "Won deals" in texts(at.subheader)
    won = at.dataframe[1].value
    assert list(won["Account"]) == ["us-hospital"] and won["Deal"][0].endswith("· won")
    at.radio(key="lang").set_value("zh").run()
    clean(at)
    assert "已赢单的商机" in texts(at.subheader)
    assert frame(at, "风险金额") is not None
