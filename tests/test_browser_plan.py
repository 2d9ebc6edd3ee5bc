"""Chromium against the explorer (issue 14): the org chart of the bank in tiers with badges,
the text people act on shown whole and wrapped, and a plan step's owner, due date and done
state set in the table, saved, and still there after a reload.

Same browser, network guard and explorer fixtures as ``tests/test_browser.py``.
"""

from __future__ import annotations

import re
import shutil

from graphlib_kam.algorithms import analyze
from graphlib_kam.settings import Settings
from graphlib_kam.store import load_map

from .test_browser import (  # noqa: F401 (fixtures)
    ROOT,
    browser,
    explorer,
    frame_where,
    page,
    screenshot,
    wait_for_app,
)

BANK = ROOT / "examples" / "cn-bank-core-banking.kam.json"
ORG_CHART = ("window.kamStabilized === true && window.kamNetwork.body.data.nodes.get()"
             ".some(n => n.side === 'tier')")


def open_view(page, name: str) -> None:
    page.get_by_test_id("stSidebar").get_by_text(name, exact=True).click()


def steady_box(page, locator) -> dict:
    """The element's box once the page around it has stopped moving."""
    box = None
    for _ in range(40):
        page.wait_for_timeout(400)
        locator.scroll_into_view_if_needed()
        now = locator.bounding_box()
        if now == box:
            return box
        box = now
    return box


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_the_org_chart_of_the_bank_opens_with_tiers_and_badges(page, explorer):
    app = explorer(BANK)
    page.goto(app.url)
    wait_for_app(page)
    open_view(page, "Org chart")
    frame = frame_where(page, ORG_CHART)
    facts = frame.evaluate("""() => {
        const nodes = window.kamNetwork.body.data.nodes.get();
        const at = window.kamNetwork.getPositions();
        return {tiers: nodes.filter(n => n.side === 'tier').map(n => [n.label, at[n.id].y]),
                cards: nodes.filter(n => n.side === 'customer')
                            .map(n => ({id: n.id, tier: n.tier, y: at[n.id].y,
                                        label: n.label, badges: n.badges}))};
    }""")
    amap = load_map(BANK)
    assert len(facts["cards"]) == sum(1 for s in amap.stakeholders if s.active)
    labels = [label for label, _ in facts["tiers"]]
    assert labels[:3] == ["Tier 1", "Tier 2", "Tier 3"]
    ys = [y for _, y in facts["tiers"]]
    assert ys == sorted(ys)
    president = next(c for c in facts["cards"] if c["id"] == "s-president")
    assert president["tier"] == 0 and president["badges"][0] == "decision-maker"
    assert any(mark in president["label"] for mark in ("✔", "◐", "◷", "✖"))
    for card in facts["cards"]:  # each card sits on its tier's rows, below the one above
        assert card["y"] >= ys[card["tier"]]
    screenshot(page, "explorer-orgchart.png")
    assert page.watch.outside() == [] and page.watch.dialogs == []
    assert page.watch.errors == []


def test_a_long_action_is_shown_whole_and_wrapped(page, explorer):
    analysis = analyze(load_map(BANK), settings=Settings())
    actions = [gap.to_dict("en")["action"] for gap in analysis.gaps]
    longest = max(actions, key=len)
    assert len(longest) > 150  # long enough that a table cell would cut it
    app = explorer(BANK)
    page.goto(app.url)
    wait_for_app(page)
    open_view(page, "Gaps and plan")
    item = page.locator("li", has_text=longest[:40]).first
    item.wait_for(timeout=60_000)
    item.scroll_into_view_if_needed()
    assert words(longest) in words(item.inner_text())
    box = item.bounding_box()
    line = float(item.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 24"))
    assert box["height"] > 3 * line  # kind, message and the action on several lines
    assert box["x"] + box["width"] <= page.viewport_size["width"]
    screenshot(page, "explorer-gaps-wrapped.png")
    assert page.watch.outside() == []


def test_a_plan_steps_owner_due_and_done_survive_a_save_and_a_reload(page, explorer, tmp_path):
    map_path = tmp_path / "bank.kam.json"
    shutil.copy(BANK, map_path)
    amap = load_map(map_path)
    first = analyze(amap).plan.steps[0]
    owner = amap.member(first.member)
    app = explorer(map_path)
    page.goto(app.url)
    wait_for_app(page)
    open_view(page, "Gaps and plan")
    page.get_by_text("Track the plan").wait_for(timeout=60_000)
    grid = page.get_by_test_id("stDataFrame").last
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    headers = grid.evaluate("""g => Array.from(g.querySelectorAll('table th'))
                                          .map(th => th.textContent)""")
    assert headers == ["Step", "Whom", "Kind", "Owner", "Due", "Done"]
    box = steady_box(page, grid)
    row = box["y"] + 53  # the header, then the first row's middle
    column = {name: box["x"] + box["width"] * share for name, share in
              (("Owner", 0.58), ("Due", 0.74), ("Done", 0.915))}
    page.mouse.dblclick(column["Owner"], row)  # opens the owner's pick list
    page.wait_for_timeout(500)
    page.keyboard.type(owner.name)
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")
    page.wait_for_timeout(800)
    page.mouse.dblclick(column["Due"], row)  # opens the date editor
    page.wait_for_timeout(500)
    page.get_by_test_id("date-picker-cell").fill("2026-12-20")
    page.keyboard.press("Enter")
    page.wait_for_timeout(800)
    page.mouse.click(column["Done"], row)  # ticks the box
    page.wait_for_timeout(800)
    page.get_by_role("button", name="Save the tracking").click()
    page.get_by_text("Plan tracking saved as revision").wait_for(timeout=60_000)
    saved = load_map(map_path).tasks
    assert [(x.target, x.owner, x.due.isoformat(), x.done) for x in saved] == [
        (first.target, first.member, "2026-12-20", True)]
    page.reload()
    wait_for_app(page)
    open_view(page, "Gaps and plan")
    page.get_by_text("✔ done").first.wait_for(timeout=60_000)
    step = page.locator("li", has_text="✔ done").first
    assert f"owner {owner.name}" in step.inner_text() and "due 2026-12-20" in step.inner_text()
    screenshot(page, "explorer-plan-tracked.png")
    assert page.watch.outside() == [] and page.watch.dialogs == []
