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

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from graphlib_kam.algorithms import analyze
from graphlib_kam.present.viz import build_graph_data, graph_html
from graphlib_kam.store import load_map

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
    context = browser.new_context(viewport={"width": 1400, "height": 1300}, bypass_csp=True,
                                  service_workers="block")

    def guard(route):
        url = route.request.url
        if _local(url):
            route.continue_()
        else:
            watch.aborted.append(url)
            route.abort()

    def refuse_socket(socket_route):
        watch.aborted.append(socket_route.url)
        socket_route.close()

    context.route("**/*", guard)
    context.route_web_socket(lambda url: not _local(url), refuse_socket)
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
    target.write_text(graph_html(analyze(amap), lang="zh", heading=True), encoding="utf-8")
    page.goto(target.as_uri())
    frame = graph_frame(page)
    facts = network_facts(frame)
    expected = len(build_graph_data(analyze(amap)).nodes)
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
    target.write_text(graph_html(analyze(amap), heading=True, selected="s-evil"), encoding="utf-8")
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
    from graphlib_kam.model.synthetic import generate_account

    amap = generate_account(700, seed=3)
    view = build_graph_data(analyze(amap), max_nodes=500)
    target = tmp_path / "big.html"
    target.write_text(graph_html(analyze(amap), max_nodes=500), encoding="utf-8")
    page.goto(target.as_uri())
    frame = graph_frame(page, timeout=120)
    assert network_facts(frame)["count"] == len(view.nodes)
    assert page.locator(".kam-notice").inner_text() == (
        "showing 500 of 700 people; filter to see the rest")
    assert page.watch.outside() == []


# --- the explorer ----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Explorer:
    """``streamlit run app.py`` on a free localhost port, with a private HOME."""

    def __init__(self, home: Path, map_path: Path | None = None) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
               "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
               "STREAMLIT_SERVER_HEADLESS": "true", "PYTHONUNBUFFERED": "1"}
        env.pop("KAM_EXPLORER_FOLDER", None)
        env.pop("KAM_EXPLORER_STORE", None)
        if map_path is not None:
            env["KAM_EXPLORER_MAP"] = str(map_path)
        else:
            env.pop("KAM_EXPLORER_MAP", None)
        command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
                   "--server.headless", "true", "--server.port", str(self.port),
                   "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
                   "--server.fileWatcherType", "none"]
        if map_path is not None:
            command += ["--", "--map", str(map_path)]
        self.log = home / "streamlit.log"
        self._log = self.log.open("wb")
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self._log,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def wait_healthy(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        health = f"{self.url}_stcore/health"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"streamlit exited with {self.process.returncode}:\n"
                                     + self.log.read_text(errors="replace")[-3000:])
            try:
                with urllib.request.urlopen(health, timeout=2) as response:
                    if response.read().decode().strip() == "ok":
                        return
            except OSError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"streamlit did not answer {health} within {timeout:.0f} s:\n"
                             + self.log.read_text(errors="replace")[-3000:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        self._log.close()


@pytest.fixture
def explorer(tmp_path):
    """Start the explorer on a map (``explorer(path)``) and stop it after the test."""
    started: list[Explorer] = []

    def start(map_path: Path | None = None) -> Explorer:
        home = tmp_path / f"home{len(started)}"
        home.mkdir()
        app = Explorer(home, map_path)
        started.append(app)
        app.wait_healthy()
        return app

    yield start
    for app in started:
        app.stop()


def wait_for_app(page) -> None:
    page.wait_for_selector("[data-testid='stApp']", timeout=60_000)
    page.get_by_text("Stakeholder", exact=True).first.wait_for(timeout=60_000)


def choose_stakeholder(page, text: str) -> None:
    """Pick the option containing ``text`` in the map view's "Stakeholder" select box."""
    box = page.get_by_test_id("stSelectbox").filter(has_text="Stakeholder").first
    box.click()
    page.keyboard.type(text)
    page.get_by_role("option").filter(has_text=text).first.click()


def frame_where(page, predicate: str, *, timeout: float = 60.0):
    """The first frame in which the JavaScript expression ``predicate`` is true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            try:
                if frame.evaluate(predicate):
                    return frame
            except Exception:  # a frame that navigated or went away meanwhile
                continue
        page.wait_for_timeout(250)
    raise AssertionError(f"no frame where {predicate} within {timeout:.0f} s; page errors: "
                         f"{page.watch.errors}")


HIGHLIGHTED_EDGES = ("window.kamStabilized === true && window.kamNetwork.body.data.edges"
                     ".get().filter(e => e.highlighted).map(e => [e.from, e.to])")


def test_explorer_draws_the_map_with_its_node_count_offline(page, explorer):
    map_path = ROOT / "examples" / "cn-bank-core-banking.kam.json"
    app = explorer(map_path)
    page.goto(app.url)
    wait_for_app(page)
    frame = graph_frame(page)
    facts = network_facts(frame)
    amap = load_map(map_path)
    assert facts["count"] == facts["bodyCount"] == len(amap.stakeholders) + len(amap.team)
    assert facts["physics"] is False and min(facts["canvas"]) > 100
    page.wait_for_timeout(500)
    path = screenshot(page, "explorer-map.png")
    assert path.stat().st_size > 10_000
    assert page.watch.outside() == [], page.watch.outside()
    assert page.watch.aborted == [] and page.watch.dialogs == []
    assert any(urlsplit(u).hostname == "127.0.0.1" for u in page.watch.requests)


def test_selecting_a_stakeholder_shows_their_card_and_route(page, explorer):
    map_path = ROOT / "examples" / "cn-bank-core-banking.kam.json"
    amap = load_map(map_path)
    president = amap.stakeholder("s-president")
    route = build_graph_data(analyze(amap), selected=president.id).path
    assert len(route) >= 2
    app = explorer(map_path)
    page.goto(app.url)
    wait_for_app(page)
    graph_frame(page)
    choose_stakeholder(page, president.name)
    card = page.locator(".st-key-card")
    card.wait_for(timeout=30_000)
    assert president.name in card.inner_text()
    assert "Best approach route" in card.inner_text()
    frame = frame_where(page, f"({HIGHLIGHTED_EDGES}).length > 0")
    edges = frame.evaluate(HIGHLIGHTED_EDGES)
    assert len(edges) == len(route) - 1
    assert {frozenset(e) for e in edges} == {frozenset(step) for step in zip(route, route[1:])}
    selected = frame.evaluate("window.kamNetwork.body.data.nodes.get()"
                              ".filter(n => n.selected).map(n => n.id)")
    assert selected == [president.id]
    page.wait_for_timeout(500)
    screenshot(page, "explorer-card.png")
    assert page.watch.outside() == [], page.watch.outside()
    assert page.watch.dialogs == []


def test_explorer_shows_a_hostile_name_as_text_and_runs_nothing(page, explorer, tmp_path):
    map_path = tmp_path / "hostile.kam.json"
    map_path.write_text(json.dumps(hostile_map_data(), ensure_ascii=False), encoding="utf-8")
    app = explorer(map_path)
    page.goto(app.url)
    wait_for_app(page)
    frame = graph_frame(page)
    facts = network_facts(frame)
    assert facts["count"] == 4 and XSS_NAME in facts["labels"]
    assert XSS_NAME in hover_node(page, frame, "s-evil")
    choose_stakeholder(page, "onerror")
    card = page.locator(".st-key-card")
    card.wait_for(timeout=30_000)
    assert XSS_NAME in card.inner_text() and XSS_TITLE in card.inner_text()
    page.wait_for_timeout(1000)
    for each in page.frames:
        assert each.evaluate(
            "document.querySelectorAll('img[src=\"x\"], img[onerror], svg[onload]').length"
        ) == 0
    screenshot(page, "explorer-hostile.png")
    assert page.watch.dialogs == []
    assert page.watch.outside() == [], page.watch.outside()
