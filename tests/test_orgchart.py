"""The org chart (a tree from reports-to, in labelled tiers, cards with badges), the level
layout in labelled tiers that wrap, and the PDF picture whose edges go round the nodes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graphlib_kam.algorithms import analyze
from graphlib_kam.model import parse_map
from graphlib_kam.model.synthetic import generate_account
from graphlib_kam.present.layout import route_edges, segment_hits_box, tiered_positions
from graphlib_kam.present.orgchart import build_orgchart_data, org_tree
from graphlib_kam.present.report.data import report_data
from graphlib_kam.present.report.pdf import cjk_font, picture_geometry
from graphlib_kam.present.tiered import level_view
from graphlib_kam.present.viz import build_graph_data, render_html
from graphlib_kam.settings import Settings
from graphlib_kam.store import load_map

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.kam.json"))
DAY = Settings(as_of=dt.date(2026, 11, 28))


def committee(people: list[dict], lines: list[tuple[str, str]], **extra) -> object:
    return parse_map({"account": {"id": "a", "name": "A"}, "stakeholders": people,
                      "relationships": [{"source": s, "target": m, "kind": "reports-to"}
                                        for s, m in lines] + extra.pop("more", []),
                      **extra})


# --- the tree ----------------------------------------------------------------------------


def test_tiers_follow_the_reporting_lines_most_senior_root_first():
    people = [{"id": "dev", "level": "operational"}, {"id": "cfo", "level": "executive"},
              {"id": "ceo", "level": "executive", "power": 5},
              {"id": "cto", "level": "executive"}, {"id": "ops", "level": "management"},
              {"id": "pm", "level": "management"}]
    tree = org_tree(committee(people, [("cto", "ceo"), ("cfo", "ceo"), ("dev", "cto"),
                                       ("pm", "cto"), ("ops", "cfo")]))
    # ceo is the only root; cfo before cto in map order at equal level and power;
    # the reports of each manager stay together, in the order of their managers
    assert tree.roots == ["ceo"]
    assert tree.tiers == [["ceo"], ["cfo", "cto"], ["ops", "pm", "dev"]]
    assert tree.depth == {"ceo": 0, "cfo": 1, "cto": 1, "ops": 2, "pm": 2, "dev": 2}
    assert tree.manager["dev"] == "cto" and tree.cycle_breaks == []


def test_people_without_a_manager_are_roots_and_nobody_is_lost():
    people = [{"id": x} for x in "abcd"]
    tree = org_tree(committee(people, [("b", "a")]))
    assert tree.roots == ["a", "c", "d"]
    assert sorted(sum(tree.tiers, [])) == list("abcd")


def test_a_cycle_is_cut_at_its_first_member_and_everyone_stays():
    people = [{"id": x} for x in ("x", "a", "b", "c")]
    tree = org_tree(committee(people, [("a", "b"), ("b", "c"), ("c", "a"), ("x", "c")]))
    assert tree.cycle_breaks == [("a", "b")]
    assert tree.roots == ["a"]
    assert tree.tiers == [["a"], ["c"], ["x", "b"]]


def test_a_second_manager_is_drawn_but_not_in_the_tree():
    people = [{"id": x} for x in ("boss", "other", "me")]
    tree = org_tree(committee(people, [("me", "boss"), ("me", "other")]))
    assert tree.manager == {"me": "boss"} and tree.also_reports_to == [("me", "other")]


def test_people_who_left_are_not_in_the_chart():
    people = [{"id": "boss", "status": "left"}, {"id": "me"}]
    tree = org_tree(committee(people, [("me", "boss")]))
    assert tree.tiers == [["me"]]


# --- the chart ---------------------------------------------------------------------------


def test_the_bank_chart_has_tiers_cards_with_badges_and_dotted_influences_on_demand():
    amap = load_map(ROOT / "examples" / "cn-bank-core-banking.kam.json")
    analysis = analyze(amap, settings=DAY)
    view = build_orgchart_data(analysis, lang="zh")
    cards = [n for n in view.nodes if n["side"] == "customer"]
    labels = [n for n in view.nodes if n["side"] == "tier"]
    active = [s for s in amap.stakeholders if s.active]
    assert len(cards) == len(active) and len(labels) == len(org_tree(amap).tiers) >= 3
    assert labels[0]["label"] == "第 1 层"
    president = next(n for n in cards if n["id"] == "s-president")
    assert president["tier"] == 0 and president["label"].startswith(
        amap.stakeholder("s-president").label)
    assert president["badges"][0] == "决策者" and president["coverage_badge"] in (
        "covered", "weak", "stale", "uncovered")
    assert all(n["fixed"] == {"x": True, "y": True} for n in view.nodes)
    assert {e["kind"] for e in view.edges} == {"reports-to"}
    dotted = build_orgchart_data(analysis, lang="en", influences=True)
    influences = [e for e in dotted.edges if e["kind"] == "influences"]
    assert influences and all(e["dashes"] for e in influences)
    # a tier is above the next one, and a wide tier wraps
    top = {t: min(n["y"] for n in cards if n["tier"] == t) for t in range(len(labels))}
    assert all(top[t] < top[t + 1] for t in range(len(labels) - 1))


def test_the_chart_page_is_offline_and_escapes_names():
    amap = committee([{"id": "boss", "name": "</script><img src=x onerror=alert(1)>"},
                      {"id": "me", "title": "<b>CTO</b>"}], [("me", "boss")])
    page = render_html(build_orgchart_data(analyze(amap, settings=DAY)))
    assert "<img src=x" not in page and "</script><img" not in page
    assert "<script src" not in page and "<link" not in page


def test_a_map_without_reporting_lines_says_so():
    view = build_orgchart_data(analyze(committee([{"id": "a"}, {"id": "b"}], []),
                                       settings=DAY))
    assert view.notices == ["no one on the map reports to anyone: add reports-to "
                            "relationships to see the org chart"]


# --- labelled tiers that wrap ------------------------------------------------------------


def test_a_wide_tier_wraps_into_rows_and_keeps_its_order():
    ids = [f"p{i}" for i in range(25)]
    at, tiers = tiered_positions([("top", ["ceo"]), ("wide", ids)], per_row=10)
    assert [t.rows for t in tiers] == [1, 3]
    rows = sorted({at[i][1] for i in ids})
    assert len(rows) == 3 and all(rows[0] > at["ceo"][1] for _ in rows)
    assert [i for i in sorted(ids, key=lambda i: (at[i][1], at[i][0]))] == ids
    assert max(sum(1 for i in ids if at[i][1] == y) for y in rows) == 10


def test_the_level_layout_of_200_people_is_labelled_tiers_of_wrapped_rows():
    view = build_graph_data(analyze(generate_account(200, seed=4), settings=DAY),
                            hierarchical=True, lang="zh")
    assert level_view(view) == view
    labels = [n for n in view.nodes if n["side"] == "tier"]
    assert [n["label"] for n in labels] == ["高层", "中层", "基层", "我方团队"]
    people = [n for n in view.nodes if n["side"] == "customer"]
    per_row: dict[float, int] = {}
    for node in people:
        per_row[node["y"]] = per_row.get(node["y"], 0) + 1
    assert max(per_row.values()) <= 10 and len(per_row) >= 20
    width = max(n["x"] for n in people) - min(n["x"] for n in people)
    height = max(n["y"] for n in people) - min(n["y"] for n in people)
    assert height > width / 2  # no longer one thin strip
    assert all(n.get("fixed") for n in view.nodes)


# --- edges in the PDF picture go round the nodes -----------------------------------------


def test_route_edges_goes_round_a_node_in_the_way():
    centres = {"a": (0.0, 0.0), "b": (10.0, 0.0), "c": (20.0, 0.0), "d": (10.0, 20.0)}
    boxes = {n: (x - 2, y - 2, x + 2, y + 4) for n, (x, y) in centres.items()}
    routes = route_edges(centres, boxes, [("a", "c"), ("a", "b"), ("b", "d")])
    assert routes[1] == [(0.0, 0.0), (10.0, 0.0)] and routes[2] == [(10.0, 0.0), (10.0, 20.0)]
    around = routes[0]
    assert len(around) > 2 and around[1][1] < -2  # above: the boxes reach further down
    assert not any(segment_hits_box(p, q, boxes["b"]) for p, q in zip(around, around[1:]))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("amap", [*(load_map(p) for p in EXAMPLES),
                                  *(generate_account(n, seed=s) for n, s in
                                    ((20, 1), (40, 2), (120, 3)))],
                         ids=lambda m: m.account.id)
def test_no_straight_piece_of_an_edge_passes_through_a_node(amap, lang):
    data = report_data(amap, lang=lang, settings=DAY)
    picture = data["picture"]
    geometry = picture_geometry(picture, cjk_font())
    assert len(geometry["routes"]) == len(picture["edges"])
    for edge, route in zip(picture["edges"], geometry["routes"]):
        assert route[0] == geometry["centres"][edge["from"]]
        assert route[-1] == geometry["centres"][edge["to"]]
        for node, box in geometry["boxes"].items():
            if node in (edge["from"], edge["to"]):
                continue
            for p, q in zip(route, route[1:]):
                assert not segment_hits_box(p, q, box), (edge, node)
