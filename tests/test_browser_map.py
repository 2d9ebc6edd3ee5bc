"""The explorer's map component in a real Chromium: click to select, the coverage channel,
the gaps toggle, search, names that do not overlap, and a 600-person map.

Same Chromium, guard and explorer fixtures as ``tests/test_browser.py``; screenshots and
the measured times go to ``test-artifacts/``.
"""

from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

import pytest

from graphlib_kam.algorithms import analyze
from graphlib_kam.model.synthetic import generate_account
from graphlib_kam.present.viz import build_graph_data
from graphlib_kam.store import load_map, save_map

from . import test_browser as shared
from .test_browser import ARTIFACTS, HIGHLIGHTED_EDGES, ROOT, frame_where, screenshot, wait_for_app

# The fixtures of tests/test_browser.py: Chromium, a watched page, the explorer.
browser, page, explorer = shared.browser, shared.page, shared.explorer

pytestmark = pytest.mark.browser

BANK = ROOT / "examples" / "cn-bank-core-banking.kam.json"
HOSPITAL = ROOT / "examples" / "us-hospital-clinical.kam.json"
SETTLED = "window.kamStabilized === true && location.pathname.indexOf('/component/') >= 0"


def map_frame(page, *, timeout: float = 90.0):
    """The map component's frame once its graph has settled."""
    return frame_where(page, SETTLED, timeout=timeout)


def node_point(page, frame, node_id: str) -> dict:
    """Where ``node_id`` is on the page (the frame's offset added)."""
    point = frame.evaluate(
        """(id) => { const net = window.kamNetwork;
                     const p = net.canvasToDOM(net.getPositions([id])[id]);
                     const box = document.querySelector('.kam-canvas').getBoundingClientRect();
                     return {x: box.left + p.x, y: box.top + p.y}; }""", node_id)
    offset = frame.frame_element().bounding_box()
    return {"x": offset["x"] + point["x"], "y": offset["y"] + point["y"]}


def node_facts(frame, node_id: str) -> dict:
    return frame.evaluate("(id) => window.kamNetwork.body.data.nodes.get(id)", node_id)


def outside_nothing(page) -> None:
    assert page.watch.outside() == [], page.watch.outside()
    assert page.watch.aborted == [] and page.watch.dialogs == []


def test_clicking_a_node_selects_that_person_and_shows_their_card(page, explorer):
    amap = load_map(BANK)
    president = amap.stakeholder("s-president")
    route = build_graph_data(analyze(amap), selected=president.id).path
    app = explorer(BANK)
    page.goto(app.url)
    wait_for_app(page)
    frame = map_frame(page)
    before = frame.evaluate("window.kamNetwork.getPositions()")
    point = node_point(page, frame, president.id)
    page.mouse.click(point["x"], point["y"])
    card = page.locator(".st-key-card")
    card.wait_for(timeout=30_000)
    assert president.name in card.inner_text()
    assert "Best approach route" in card.inner_text()
    box = page.get_by_test_id("stSelectbox").filter(has_text="Stakeholder").first
    shown = box.evaluate("e => e.innerText + ' ' + Array.from(e.querySelectorAll('input'))"
                         ".map(i => i.value).join(' ')")
    assert president.name in shown  # the same state as the select box
    frame = frame_where(page, f"{SETTLED} && ({HIGHLIGHTED_EDGES}).length > 0")
    edges = frame.evaluate(HIGHLIGHTED_EDGES)
    assert {frozenset(e) for e in edges} == {frozenset(step) for step in zip(route, route[1:])}
    assert node_facts(frame, president.id)["ring"] == "selected"
    # The drawing is redrawn in place: nobody moved.
    after = frame.evaluate("window.kamNetwork.getPositions()")
    assert set(after) == set(before)
    assert all(abs(after[n]["x"] - before[n]["x"]) < 1 and abs(after[n]["y"] - before[n]["y"]) < 1
               for n in before)
    csp = frame.evaluate("document.querySelector('meta[http-equiv=Content-Security-Policy]')"
                         ".content")
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert frame.evaluate("document.querySelectorAll('script:not([src])').length") == 0
    page.wait_for_timeout(300)
    screenshot(page, "map-click-select.png")
    outside_nothing(page)
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in page.watch.requests
               if urlsplit(u).scheme in ("http", "https", "ws", "wss"))


def test_the_coverage_channel_and_its_legend_on_the_bank(page, explorer):
    app = explorer(BANK)
    page.goto(app.url)
    wait_for_app(page)
    frame = map_frame(page)
    president = node_facts(frame, "s-president")
    assert president["coverage"] == "uncovered" and president["gaps"] >= 1
    assert node_facts(frame, "s-it-deputy")["coverage"] == "stale"  # 0.8, met 2026-05-14
    assert node_facts(frame, "s-vp-tech")["coverage"] == "covered"
    assert node_facts(frame, "s-it-gm-former")["coverage"] is None  # left
    legend = frame.evaluate("Array.from(document.querySelectorAll('[data-coverage]'))"
                            ".map(e => [e.dataset.coverage, e.textContent])")
    assert legend == [["covered", "covered"], ["weak", "weak"], ["stale", "stale"],
                      ["uncovered", "uncovered"]]
    assert "Coverage (ring)" in frame.locator(".kam-legend").inner_text()
    # The ring is drawn: around the president the canvas turns the uncovered red.
    reds = frame.evaluate("""(id) => {
        const net = window.kamNetwork, body = net.body.nodes[id], o = body.options;
        const ring = 4, radius = o.size + o.borderWidth / 2 + 1 + ring / 2;
        const canvas = document.querySelector('.kam-canvas canvas');
        const ctx = canvas.getContext('2d'), ratio = canvas.width / canvas.clientWidth;
        let red = 0;
        for (let k = 0; k < 16; k++) {
            const a = 2 * Math.PI * k / 16;
            const p = net.canvasToDOM({x: body.x + radius * Math.cos(a),
                                       y: body.y + radius * Math.sin(a)});
            const [r, g, b] = ctx.getImageData(Math.round(p.x * ratio),
                                               Math.round(p.y * ratio), 1, 1).data;
            if (r > 170 && g < 120 && b < 110) red++;
        }
        return red; }""", "s-president")
    assert reds >= 8, reds
    page.get_by_test_id("stRadioGroup").first.get_by_text("中文", exact=True).click()
    frame = frame_where(page, f"{SETTLED} && document.querySelector('.kam-legend')"
                              ".textContent.indexOf('覆盖（外圈）') >= 0")
    assert "未覆盖" in frame.locator(".kam-legend").inner_text()
    screenshot(page, "map-coverage-zh.png")
    outside_nothing(page)


def test_the_gaps_toggle_fades_everyone_without_a_gap(page, explorer):
    app = explorer(BANK)
    page.goto(app.url)
    wait_for_app(page)
    map_frame(page)
    page.get_by_text("Show gaps", exact=True).click()
    frame = frame_where(page, f"{SETTLED} && window.kamNetwork.body.data.nodes"
                              ".get('s-vp-tech').opacity === 0.25")
    assert node_facts(frame, "s-president").get("opacity") is None
    assert node_facts(frame, "s-it-deputy").get("opacity") is None
    faded = frame.evaluate("window.kamNetwork.body.data.nodes.get()"
                           ".filter(n => n.opacity === 0.25).map(n => n.id)")
    assert "s-president" not in faded and len(faded) >= 10
    screenshot(page, "map-show-gaps.png")
    outside_nothing(page)


def test_search_focuses_and_selects_and_latin_names_do_not_overlap(page, explorer):
    app = explorer(HOSPITAL)
    page.goto(app.url)
    wait_for_app(page)
    frame = map_frame(page)
    overlaps = frame.evaluate("""() => {
        const net = window.kamNetwork, boxes = [];
        for (const id of net.body.nodeIndices) {
            const label = net.body.nodes[id].labelModule;
            if (label.size.width) boxes.push([id, label.size]);
        }
        const hits = [];
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i][1], b = boxes[j][1];
            if (a.left < b.left + b.width && b.left < a.left + a.width
                && a.top < b.top + b.height && b.top < a.top + a.height)
                hits.push([boxes[i][0], boxes[j][0]]);
        }
        return hits; }""")
    assert len(overlaps) <= 1, overlaps
    search = frame.locator(".kam-search input")
    search.fill("wells")
    frame.locator(".kam-search-hits button").first.click()
    card = page.locator(".st-key-card")
    card.wait_for(timeout=30_000)
    assert "Patricia Wells" in card.inner_text()
    screenshot(page, "map-search-hospital.png")
    outside_nothing(page)


def test_a_600_person_map_opens_on_a_neighbourhood_and_stays_responsive(page, explorer,
                                                                        tmp_path):
    big = tmp_path / "big.kam.json"
    save_map(generate_account(600, seed=7), big)
    app = explorer(big)
    started = time.monotonic()
    page.goto(app.url)
    wait_for_app(page)
    frame = map_frame(page, timeout=180)
    opened = time.monotonic() - started
    first_ms, first_cpu = frame.evaluate("[window.kamServerMs, window.kamServerCpuMs]")
    count = frame.evaluate("window.kamNodeCount")
    assert 0 < count < 600  # the decision-makers and the people one step around them
    assert "1 step around the focus" in page.get_by_test_id("stAlert").first.inner_text()
    # Only the top names are written until the reader zooms in.
    labels = frame.evaluate("""() => {
        const net = window.kamNetwork, data = net.body.data.nodes.get();
        const minor = data.filter(n => n.major === false).map(n => n.id);
        const major = data.filter(n => n.major && n.side === 'customer').map(n => n.id);
        const shown = (ids) => ids.filter(id => net.body.nodes[id].labelModule.visible()).length;
        const before = [shown(major), shown(minor), major.length, minor.length];
        net.moveTo({scale: 1.5, animation: false});
        net.redraw();
        return before.concat([shown(minor)]); }""")
    major_shown, minor_shown, majors, minors, minor_zoomed = labels
    assert minors > majors > 0
    assert major_shown == majors and minor_shown < minors / 4 and minor_zoomed > minor_shown
    frame.evaluate("window.kamNetwork.fit({animation: false})")
    # Responsive: a click selects and the card comes back with the map redrawn.
    # A person whose node is not under another one, so the click lands on them.
    target = frame.evaluate("""() => { const net = window.kamNetwork;
        return net.body.data.nodes.get().filter(n => n.side === 'customer').map(n => n.id)
            .find(id => net.getNodeAt(net.canvasToDOM(net.getPositions([id])[id])) === id);
        }""")
    point = node_point(page, frame, target)
    clicked = time.monotonic()
    page.mouse.click(point["x"], point["y"])
    page.locator(".st-key-card").wait_for(timeout=60_000)
    frame = frame_where(page, f"{SETTLED} && window.kamNetwork.body.data.nodes"
                              f".get({json.dumps(target)}).ring === 'selected'", timeout=120)
    answered = time.monotonic() - clicked
    second_ms, second_cpu = frame.evaluate("[window.kamServerMs, window.kamServerCpuMs]")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "map-600-timings.json").write_text(json.dumps({
        "first_run_server_ms": first_ms, "first_run_server_cpu_ms": first_cpu,
        "click_rerun_server_ms": second_ms, "click_rerun_server_cpu_ms": second_cpu,
        "browser_open_s": round(opened, 2), "click_to_card_s": round(answered, 2),
        "nodes_drawn": count}, indent=2))
    print(f"600 people: first run {first_ms} ms of server time ({first_cpu} ms CPU), rerun "
          f"after a click {second_ms} ms ({second_cpu} ms CPU); browser {opened:.1f} s to a "
          f"settled map, {answered:.1f} s to the card")
    # The script's CPU time is the server's work; the clock also counts waiting for the
    # shared cores, so it gets a generous bound (docs/explorer.md has measured numbers).
    assert first_cpu < 3_000 and second_cpu < 3_000
    assert first_ms < 15_000 and second_ms < 5_000
    screenshot(page, "map-600.png")
    outside_nothing(page)
