"""Fresh screenshots of the explorer for the docs (``make screenshots``; on demand).

Starts ``kam explore`` on the bundled examples and on a generated 200-person map, drives
Debian's Chromium with Playwright at 1440×900 and writes, once each map has finished
drawing:

- ``docs/explorer.png``: the bank in English, the president selected (his card, his plan
  step and his best approach route highlighted on the map);
- ``docs/explorer-zh.png``: the same in Chinese (chosen in the language control);
- ``docs/explorer-200.png``: a 200-person map as it opens (focused on the
  decision-makers, coverage rings visible);
- ``docs/explorer-orgchart.png``: the Org chart view of the bank.

Usage: ``python scripts/screenshots.py [--only NAME ...]`` (NAME: en, zh, 200, orgchart).
Chromium comes from ``make system-deps`` (or ``KAM_CHROMIUM``). Nothing leaves this
machine: the explorer listens on 127.0.0.1 and the page may ask for nothing else.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
KAM = Path(sys.executable).with_name("kam")
CHROMIUM = Path(os.environ.get("KAM_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1440, "height": 900}
SEED = 14
SETTLED = "window.kamStabilized === true && location.pathname.indexOf('/component/') >= 0"
HIGHLIGHTED = ("window.kamStabilized === true && window.kamNetwork.body.data.edges.get()"
               ".some(e => e.highlighted)")
ORG_CHART = ("window.kamStabilized === true && window.kamNetwork.body.data.nodes.get()"
             ".some(n => n.side === 'tier')")
LOCAL = {"127.0.0.1", "localhost", "::1", "[::1]"}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Explorer:
    """``kam explore [MAP]`` on a free localhost port with a private HOME."""

    def __init__(self, home: Path, map_path: Path | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
               "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
               "STREAMLIT_SERVER_HEADLESS": "true"}
        for name in ("KAM_EXPLORER_MAP", "KAM_EXPLORER_FOLDER", "KAM_EXPLORER_STORE",
                     "KAM_EXPLORER_ACCOUNT"):
            env.pop(name, None)
        command = [str(KAM), "explore", "--port", str(self.port)]
        if map_path is not None:
            command.append(str(map_path))
        self.log = home / "explorer.log"
        self._log = self.log.open("wb")
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self._log,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def wait_healthy(self, timeout: float = 180.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"kam explore exited with {self.process.returncode}:\n"
                                 + self.log.read_text(errors="replace")[-3000:])
            try:
                with urllib.request.urlopen(f"{self.url}_stcore/health", timeout=2) as r:
                    if r.read().decode().strip() == "ok":
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise SystemExit(f"kam explore did not answer within {timeout:.0f} s")

    def __enter__(self) -> Explorer:
        self.wait_healthy()
        return self

    def __exit__(self, *_) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)
        self._log.close()


def new_page(browser, url: str):
    """A 1440×900 page on ``url`` that may ask for nothing beyond this machine."""
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1,
                                  service_workers="block")

    def guard(route):
        parts = urlsplit(route.request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL:
            route.abort()
        else:
            route.continue_()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(url)
    page.wait_for_selector("[data-testid='stApp']")
    page.get_by_test_id("stSidebar").wait_for()
    return page


def frame_where(page, predicate: str, timeout: float = 180.0):
    """The first frame where the JavaScript ``predicate`` is true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            try:
                if frame.evaluate(predicate):
                    return frame
            except Exception:  # a frame that went away meanwhile
                continue
        page.wait_for_timeout(300)
    raise SystemExit(f"the map did not finish drawing ({predicate}) within {timeout:.0f} s")


def quiet(page, timeout: float = 120.0) -> None:
    """Wait until Streamlit has finished its run (no "Running…" widget) and the page has
    stopped moving."""
    deadline = time.monotonic() + timeout
    still = 0
    while time.monotonic() < deadline and still < 3:
        running = page.locator("[data-testid='stStatusWidget']").count() > 0
        still = 0 if running else still + 1
        page.wait_for_timeout(500)
    page.wait_for_timeout(1000)


def click_node(page, frame, node_id: str) -> None:
    """Click ``node_id`` on the map, as a person would."""
    point = frame.evaluate(
        """(id) => { const net = window.kamNetwork;
                     const p = net.canvasToDOM(net.getPositions([id])[id]);
                     const box = document.querySelector('.kam-canvas').getBoundingClientRect();
                     return {x: box.left + p.x, y: box.top + p.y}; }""", node_id)
    offset = frame.frame_element().bounding_box()
    page.mouse.click(offset["x"] + point["x"], offset["y"] + point["y"])


def show_map(page, frame, *, top=None) -> None:
    """Scroll so the map's top edge (and the card's name beside it), or the element
    ``top`` above it, sits just under Streamlit's header."""
    (top or frame.frame_element()).evaluate(
        "e => e.scrollIntoView({block: 'start', behavior: 'instant'})")
    page.evaluate("() => { const main = document.querySelector("
                  "\"[data-testid='stMain']\") || document.scrollingElement;"
                  " main.scrollBy(0, -76); window.scrollBy(0, -76); }")
    page.wait_for_timeout(800)


def save(page, name: str) -> None:
    path = DOCS / name
    page.screenshot(path=str(path), full_page=False)
    print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")


def bank_selected(browser, app: Explorer, lang: str, name: str) -> None:
    page = new_page(browser, app.url)
    frame = frame_where(page, SETTLED)
    if lang != "en":
        from graphlib_kam.text import t

        page.get_by_test_id("stSidebar").get_by_text(t("lang.name", lang), exact=True).click()
        legend = json.dumps(t("graph.coverage_title", lang))
        frame = frame_where(page, f"{SETTLED} && document.querySelector('.kam-legend')"
                                  f".textContent.indexOf({legend}) >= 0")
        quiet(page)
        frame = frame_where(page, SETTLED)
    show_map(page, frame)
    click_node(page, frame, "s-president")
    page.locator(".st-key-card").wait_for()
    frame = frame_where(page, HIGHLIGHTED)
    quiet(page)
    frame = frame_where(page, HIGHLIGHTED)
    show_map(page, frame)
    save(page, name)
    page.context.close()


def orgchart(browser, app: Explorer) -> None:
    page = new_page(browser, app.url)
    frame_where(page, SETTLED)
    page.get_by_test_id("stSidebar").get_by_text("Org chart", exact=True).click()
    frame = frame_where(page, ORG_CHART)
    quiet(page)
    frame = frame_where(page, ORG_CHART)
    show_map(page, frame)
    save(page, "explorer-orgchart.png")
    page.context.close()


def big_map(browser, folder: Path) -> None:
    from graphlib_kam.model.synthetic import generate_account
    from graphlib_kam.store import save_map

    path = folder / "synthetic-200.kam.json"
    save_map(generate_account(200, seed=SEED), path)
    home = folder / "home-200"
    home.mkdir()
    with Explorer(home, path) as app:
        page = new_page(browser, app.url)
        frame = frame_where(page, SETTLED)
        quiet(page)
        frame = frame_where(page, SETTLED)
        # From the notice that says how many people show around the decision-makers.
        notice = page.get_by_test_id("stAlert").first.element_handle()
        show_map(page, frame, top=notice)
        save(page, "explorer-200.png")
        page.context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=["en", "zh", "200", "orgchart"],
                        help="take only these screenshots")
    only = set(parser.parse_args(argv).only or ["en", "zh", "200", "orgchart"])
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        raise SystemExit(f"Chromium is not installed at {CHROMIUM}; run `make system-deps`")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="kam-screenshots-") as tmp, \
            sync_playwright() as playwright:
        folder = Path(tmp)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=CHROMIUM_ARGS)
        try:
            if only & {"en", "zh", "orgchart"}:
                home = folder / "home-bank"
                home.mkdir()
                with Explorer(home) as app:
                    if "en" in only:
                        bank_selected(browser, app, "en", "explorer.png")
                    if "zh" in only:
                        bank_selected(browser, app, "zh", "explorer-zh.png")
                    if "orgchart" in only:
                        orgchart(browser, app)
            if "200" in only:
                big_map(browser, folder)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
