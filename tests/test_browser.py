"""A real Chromium against the graph page and the Streamlit explorer.

Chromium comes from Debian's packages (``/usr/bin/chromium``; ``make system-deps``
installs it) and is driven by Playwright for Python; Playwright's own browser download is
never used. Without Chromium these tests fail in CI (``CI=true``) and skip elsewhere.

Every request the browser makes is recorded and anything not on this machine is aborted;
the tests assert that nothing tried to leave it. A stakeholder called
``<img src=x onerror=alert(1)>`` must show as text and run nothing (no dialog opens).
Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from graphlib_kam.store import load_map
from graphlib_kam.viz import build_graph_data, graph_html

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path(os.environ.get("KAM_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
NETWORKLESS = {"data", "blob", "about", "file", "javascript"}
XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_TITLE = "<script>alert(2)</script>"


def hostile_map_data() -> dict:
    """A small committee whose decision-maker is called ``<img src=x onerror=alert(1)>``."""
    return {
        "schema": "kam/1",
        "account": {"id": "xss", "name": "<svg onload=alert(3)> Bank"},
        "team": [{"id": "t-li", "name": "Li Na \"'`", "title": XSS_TITLE}],
        "stakeholders": [
            {"id": "s-evil", "name": XSS_NAME, "title": XSS_TITLE,
             "department": "</script><script>alert(4)</script>", "level": "executive",
             "role": "decision-maker", "power": 5},
            {"id": "s-cto", "name": "CTO `${alert(5)}`", "title": "CTO",
             "department": "IT", "level": "management", "role": "influencer", "stance": 1},
            {"id": "s-dev", "name": "Dev\u2028Ops", "level": "operational", "role": "user"},
        ],
        "relationships": [
            {"source": "s-cto", "target": "s-evil", "kind": "influences", "strength": 0.8},
            {"source": "s-dev", "target": "s-cto", "kind": "reports-to"},
        ],
        "coverage": [{"member": "t-li", "stakeholder": "s-cto", "strength": 0.7,
                      "last_contact": "2026-11-20"}],
    }


# --- the browser -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        message = (f"Chromium is not installed at {CHROMIUM}; run `make system-deps` "
                   "(Debian package `chromium`) or set KAM_CHROMIUM")
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Watch:
    """Everything a page asks the network for, and every dialog it opens."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.aborted: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []

    def outside(self) -> list[str]:
        return [url for url in self.requests if not _local(url)]


def _local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in NETWORKLESS:
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname in LOCAL_HOSTS


@pytest.fixture
def page(browser):
    """A fresh page that records requests and dialogs and aborts anything non-local.

    CSP is bypassed on purpose: then a script that got in would run and be caught, and a
    request the page's own policy would have blocked is still seen and recorded.
    """
    watch = Watch()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True,
                                  service_workers="block")

    def guard(route):
        url = route.request.url
        if _local(url):
            route.continue_()
        else:
            watch.aborted.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("request", lambda request: watch.requests.append(request.url))
    page.on("websocket", lambda ws: watch.requests.append(ws.url))
    page.on("pageerror", lambda error: watch.errors.append(str(error)))

    def on_dialog(dialog):
        watch.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.watch = watch
    yield page
    context.close()


def graph_frame(page, *, timeout: float = 60.0):
    """The frame (the page itself or an iframe) that holds a settled kam graph."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            try:
                if frame.evaluate("window.kamStabilized === true"):
                    return frame
            except Exception:  # a frame that navigated or went away meanwhile
                continue
        page.wait_for_timeout(250)
    raise AssertionError(f"no graph settled within {timeout:.0f} s; page errors: "
                         f"{page.watch.errors}")


def network_facts(frame) -> dict:
    return frame.evaluate("""() => ({
        count: window.kamNodeCount,
        bodyCount: window.kamNetwork.body.data.nodes.length,
        edges: window.kamNetwork.body.data.edges.length,
        physics: window.kamNetwork.physics.physicsEnabled,
        canvas: (() => { const c = document.querySelector('.kam-canvas canvas');
                         return c ? [c.width, c.height] : null; })(),
        labels: window.kamNetwork.body.data.nodes.get().map(n => n.label),
    })""")


def hover_node(page, frame, node_id: str) -> str:
    """Move the mouse over a node and return the tooltip's text."""
    point = frame.evaluate(
        """(id) => { const net = window.kamNetwork;
                     const p = net.canvasToDOM(net.getPositions([id])[id]);
                     const box = document.querySelector('.kam-canvas').getBoundingClientRect();
                     return {x: box.left + p.x, y: box.top + p.y}; }""", node_id)
    offset = frame.frame_element().bounding_box() if frame.parent_frame else {"x": 0, "y": 0}
    page.mouse.move(offset["x"] + point["x"], offset["y"] + point["y"])
    frame.wait_for_function(
        "() => { const t = document.querySelector('div.vis-tooltip');"
        " return t && t.style.visibility === 'visible' && t.textContent.length > 0; }",
        timeout=10_000)
    return frame.evaluate("document.querySelector('div.vis-tooltip').textContent")


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


# --- the graph page on its own -----------------------------------------------------------


def test_example_page_draws_every_node_offline_and_then_stops(page, tmp_path):
    amap = load_map(ROOT / "examples" / "cn-bank-core-banking.kam.json")
    target = tmp_path / "graph.html"
    target.write_text(graph_html(amap, lang="zh", heading=True), encoding="utf-8")
    page.goto(target.as_uri())
    frame = graph_frame(page)
    facts = network_facts(frame)
    expected = len(build_graph_data(amap).nodes)
    assert expected == len(amap.stakeholders) + len(amap.team)
    assert facts["count"] == facts["bodyCount"] == expected
    assert facts["physics"] is False
    assert facts["canvas"] and min(facts["canvas"]) > 100
    assert page.watch.outside() == [] and page.watch.aborted == []
    assert page.watch.errors == []
    screenshot(page, "graph-page-zh.png")


def test_hostile_names_on_the_page_are_text_and_run_nothing(page, tmp_path):
    from graphlib_kam.model import parse_map

    amap = parse_map(hostile_map_data())
    target = tmp_path / "hostile.html"
    target.write_text(graph_html(amap, heading=True, selected="s-evil"), encoding="utf-8")
    page.goto(target.as_uri())
    frame = graph_frame(page)
    facts = network_facts(frame)
    assert facts["count"] == 4
    assert XSS_NAME in facts["labels"] and "Dev\u2028Ops" in facts["labels"]
    tooltip = hover_node(page, frame, "s-evil")
    assert XSS_NAME in tooltip and XSS_TITLE in tooltip
    assert page.locator(".kam-heading").inner_text() == "<svg onload=alert(3)> Bank"
    assert page.evaluate("document.querySelectorAll('img, svg, iframe').length") == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 3
    page.wait_for_timeout(500)
    assert page.watch.dialogs == []
    assert page.watch.outside() == [] and page.watch.errors == []
    screenshot(page, "graph-page-hostile.png")


def test_a_truncated_page_says_so_and_draws_the_cap(page, tmp_path):
    from graphlib_kam.synthetic import generate_account

    amap = generate_account(700, seed=3)
    view = build_graph_data(amap, max_nodes=500)
    target = tmp_path / "big.html"
    target.write_text(graph_html(amap, max_nodes=500), encoding="utf-8")
    page.goto(target.as_uri())
    frame = graph_frame(page, timeout=120)
    assert network_facts(frame)["count"] == len(view.nodes)
    assert page.locator(".kam-notice").inner_text() == (
        "showing 500 of 700 people; filter to see the rest")
    assert page.watch.outside() == []
