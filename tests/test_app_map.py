"""The map view's controls through ``streamlit.testing.v1.AppTest``: show gaps, group by
department, the width of a big map, the short list of decision-makers, and the component
that carries the map (its data, the version that changes with it, the server's time)."""

from __future__ import annotations

import json

from graphlib_kam.model.synthetic import generate_account
from graphlib_kam.store import save_map

from .conftest import EXAMPLES
from .test_app import clean, graph_data, start, texts

BANK = EXAMPLES / "cn-bank-core-banking.kam.json"


def component_args(at) -> dict:
    return json.loads(at.get("component_instance")[0].proto.json_args)


def test_the_map_is_a_component_with_coverage_and_the_servers_time(monkeypatch):
    at = clean(start(monkeypatch, map_path=BANK))
    args = component_args(at)
    assert args["server_ms"] >= args["server_cpu_ms"] >= 0
    nodes = {n["id"]: n for n in args["view"]["data"]["nodes"]}
    assert nodes["s-president"]["coverage"] == "uncovered" and nodes["s-president"]["gaps"]
    assert args["view"]["legend"][-1]["title"] == "Coverage (ring)"
    version = args["version"]
    at.selectbox(key="selected").set_value("s-president").run()
    assert component_args(clean(at))["version"] != version
    assert "Click a person on the map" not in texts(at.caption)


def test_show_gaps_fades_the_people_without_one(monkeypatch):
    at = clean(start(monkeypatch, map_path=BANK))
    at.toggle(key="map_gaps").set_value(True).run()
    nodes = {n["id"]: n for n in graph_data(clean(at))["nodes"]}
    assert nodes["s-vp-tech"]["opacity"] == 0.25  # covered, no gap
    assert "opacity" not in nodes["s-president"]


def test_group_by_department_draws_a_hub_per_department(monkeypatch):
    at = clean(start(monkeypatch, map_path=BANK))
    at.toggle(key="map_group").set_value(True).run()
    hubs = [n for n in graph_data(clean(at))["nodes"] if n["side"] == "department"]
    assert len(hubs) >= 3 and any(h["label"].startswith("信息科技部") for h in hubs)


def test_a_big_map_opens_near_the_decision_makers_and_widens(monkeypatch, tmp_path):
    big = tmp_path / "big.kam.json"
    save_map(generate_account(300, seed=4), big)
    at = clean(start(monkeypatch, map_path=big))
    near = len(graph_data(at)["nodes"])
    assert "1 step around the focus" in texts(at.info)
    assert "more decision-makers" in texts(at.markdown)  # five named, then a count
    at.select_slider(key="map_around").set_value(0).run()
    assert len(graph_data(clean(at))["nodes"]) > near
    assert not any("around the focus" in str(i.value) for i in at.info)
