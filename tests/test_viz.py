"""The explorer's graph: plain data (colours, edges, filters, paths, levels) and a safe page."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from graphlib_kam.algorithms import (
    ApproachRoute,
    brokers,
    influence_rank,
    ranking,
    strongest_path,
)
from graphlib_kam.algorithms.analysis import analyze
from graphlib_kam.algorithms.graph import influence_graph
from graphlib_kam.errors import InputError, NotFoundError
from graphlib_kam.model import AccountMap, parse_map
from graphlib_kam.model.synthetic import generate_account
from graphlib_kam.present.viz import (
    EDGE_COLOURS,
    ROLE_COLOURS,
    STANCE_BORDERS,
    Filters,
    build_graph_data,
    graph_html,
    render_html,
    script_json,
    vis_network_js,
)
from graphlib_kam.settings import DEFAULT_SETTINGS, Settings
from graphlib_kam.store import load_map

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"'><svg onload=alert(1)>",
    "`${alert(1)}`",
    "</script><script>alert(2)</script>",
    "line\u2028break\u2029end",
    "<!--<script>",
]
ALLOWED_TAGS = {"!doctype", "html", "head", "meta", "title", "style", "body", "div", "span",
                "script"}


def committee(**extra) -> AccountMap:
    """A small committee: CEO ← CTO ← architect (reports-to), a user, an opposer, our team."""
    data = {
        "account": {"id": "acme", "name": "Acme"},
        "team": [{"id": "t-li", "name": "Li Na"}, {"id": "t-wu", "name": "Wu"},
                 {"id": "t-idle", "name": "Idle"}],
        "stakeholders": [
            {"id": "ceo", "name": "王建国", "role": "decision-maker", "level": "executive",
             "department": "Board", "power": 5},
            {"id": "cto", "name": "CTO", "role": "influencer", "level": "management",
             "department": "IT", "stance": 2},
            {"id": "arch", "name": "Architect", "role": "user", "level": "operational",
             "department": "IT", "stance": 1},
            {"id": "ops", "name": "Ops", "role": "user", "level": "operational",
             "department": "Operations", "status": "left"},
            {"id": "cfo", "name": "CFO", "role": "opposer", "level": "executive",
             "department": "Finance", "stance": -2},
        ],
        "relationships": [
            {"source": "cto", "target": "ceo", "kind": "influences", "strength": 0.8},
            {"source": "arch", "target": "cto", "kind": "reports-to"},
            {"source": "cfo", "target": "ceo", "kind": "influences", "strength": 0.3},
            {"source": "cfo", "target": "cto", "kind": "conflict"},
            {"source": "ops", "target": "arch", "kind": "allied"},
        ],
        "coverage": [
            {"member": "t-li", "stakeholder": "arch", "strength": 0.9,
             "last_contact": "2026-11-01"},
            {"member": "t-wu", "stakeholder": "cfo", "strength": 0.3},
        ],
    }
    data.update(extra)
    return parse_map(data)


def hostile_map() -> AccountMap:
    return parse_map({
        "account": {"id": "evil", "name": HOSTILE[0] + HOSTILE[2]},
        "team": [{"id": "t", "name": HOSTILE[1], "title": HOSTILE[4]}],
        "stakeholders": [
            {"id": f"s{i}", "name": text, "title": HOSTILE[(i + 1) % len(HOSTILE)],
             "department": HOSTILE[(i + 2) % len(HOSTILE)], "role": "decision-maker"}
            for i, text in enumerate(HOSTILE)
        ],
        "relationships": [{"source": "s0", "target": "s1", "strength": 0.5}],
        "coverage": [{"member": "t", "stakeholder": "s0", "strength": 0.6}],
    })


def page_without_library(page: str) -> str:
    """The page minus the vendored vis-network bundle (which we do not author)."""
    assert page.count(vis_network_js()) == 1
    return page.replace(vis_network_js(), "")


def draw(amap: AccountMap, *, settings: Settings = DEFAULT_SETTINGS, **options):
    """:func:`build_graph_data` of the map's analysis."""
    return build_graph_data(analyze(amap, settings=settings), **options)


def draw_html(amap: AccountMap, **options) -> str:
    """:func:`graph_html` of the map's analysis."""
    return graph_html(analyze(amap), **options)


def nodes_by_id(view) -> dict[str, dict]:
    return {node["id"]: node for node in view.nodes}


def highlighted(view) -> set[tuple[str, str, str]]:
    return {(e["from"], e["to"], e["kind"]) for e in view.edges if e["highlighted"]}


# --- every example, offline and safe ---------------------------------------------------


def test_every_example_renders_every_person(example_path):
    amap = load_map(example_path)
    for hierarchical in (False, True):
        for lang in ("en", "zh"):
            view = draw(amap, lang=lang, hierarchical=hierarchical)
            people = {n for n, node in nodes_by_id(view).items() if node["side"] != "tier"}
            assert people == {s.id for s in amap.stakeholders} | {
                m.id for m in amap.team}
            assert view.notices == [] and view.shown == view.total == len(amap.stakeholders)
            page = render_html(view)
            assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
            assert script_json(view.to_dict()) in page


def test_example_pages_load_nothing_from_outside(example_path):
    page = draw_html(load_map(example_path), heading=True)
    ours = page_without_library(page)
    assert "http://" not in ours and "https://" not in ours
    lowered = page.lower()
    assert not re.search(r"""(src|href|action|srcset)\s*=\s*["']?\s*(https?:)?//""", lowered)
    assert not re.search(r"""url\(\s*["']?\s*(https?:)?//""", lowered)
    assert not re.search(r"<script[^>]*\ssrc\s*=", lowered)
    assert "<link" not in lowered and "@import" not in lowered and "<iframe" not in lowered
    assert not re.search(r"cdn\b|cdnjs|jsdelivr|unpkg|bootstrap", lowered)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_the_inlined_library_keeps_its_licence_header():
    library = vis_network_js()
    assert "vis.js is dual licensed" in library[:2000]
    assert "Apache 2.0" in library[:2000] and "MIT" in library[:2000]
    assert "</script" not in library.lower()


def test_viz_does_not_import_streamlit():
    code = "import sys, graphlib_kam.present.viz; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


# --- hostile strings -------------------------------------------------------------------


@pytest.mark.parametrize("document", [True, False], ids=["document", "fragment"])
def test_hostile_names_are_data_never_markup(document):
    amap = hostile_map()
    view = draw(amap)
    page = render_html(view, document=document, heading=True)
    ours = page_without_library(page)
    for text in HOSTILE:
        assert text not in page
    assert "\u2028" not in page and "\u2029" not in page
    tags = {m.group(1).lower() for m in re.finditer(r"<\s*(/?\s*!?[a-zA-Z]+)", ours)}
    assert {t.lstrip("/").strip() for t in tags} <= ALLOWED_TAGS
    assert ours.lower().count("<script") == ours.lower().count("</script>")
    assert "onerror" not in re.sub(r'"(?:[^"\\]|\\.)*"', '""', _scripts(ours))
    # The names still arrive intact, as data.
    payload = _payload(ours)
    names = {n["label"] for n in payload["nodes"]}
    assert set(HOSTILE) | {HOSTILE[1]} <= names
    tips = [line for n in payload["nodes"] for line in n["tip"]]
    assert HOSTILE[4] in tips
    # The heading and <title> are escaped text.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#x27;&gt;&lt;svg" in ours


def _scripts(page: str) -> str:
    return "\n".join(re.findall(r"<script>(.*?)</script>", page, flags=re.S))


def _payload(page: str) -> dict:
    call = re.search(r"window\.kamGraph\.draw\(document\.getElementById\(\"[^\"]+\"\), "
                     r"(\{.*\})\);</script>", page, flags=re.S)
    assert call is not None
    return json.loads(call.group(1))


@pytest.mark.parametrize("text", HOSTILE)
def test_script_json_round_trips_and_cannot_close_a_script(text):
    encoded = script_json({"name": text})
    assert json.loads(encoded) == {"name": text}
    assert not set("<>&`") & set(encoded)
    assert "\u2028" not in encoded and "\u2029" not in encoded


def test_unsafe_height_and_element_id_are_refused():
    view = draw(committee())
    with pytest.raises(InputError, match="height"):
        render_html(view, height="640px; background: url(http://x)")
    with pytest.raises(InputError, match="element_id"):
        render_html(view, element_id='x" onload="alert(1)')


# --- what is drawn ---------------------------------------------------------------------


def test_colour_by_role_and_border_by_stance():
    view = draw(committee())
    nodes = nodes_by_id(view)
    amap = committee()
    for person in amap.stakeholders:
        node = nodes[person.id]
        assert node["role"] == person.role
        if person.active:
            assert node["color"]["background"] == ROLE_COLOURS[person.role]
        assert (node["color"]["border"], node["borderWidth"]) == STANCE_BORDERS[person.stance]
    assert nodes["ops"]["color"]["background"].startswith("rgba(")  # left: faded
    assert {nodes[m]["shape"] for m in ("t-li", "t-wu")} == {"diamond"}
    assert len({ROLE_COLOURS[r] for r in ROLE_COLOURS}) == 4


def test_coverage_edges_are_dashed_and_only_they_are():
    view = draw(committee())
    coverage = [e for e in view.edges if e["kind"] == "coverage"]
    assert {(e["from"], e["to"]) for e in coverage} == {("t-li", "arch"), ("t-wu", "cfo")}
    assert all(e["dashes"] is True for e in coverage)
    assert all(e["dashes"] is False for e in view.edges if e["kind"] != "coverage")
    assert {e["color"]["color"] for e in coverage} == {EDGE_COLOURS["coverage"]}


def test_edge_width_grows_with_strength():
    view = draw(committee())
    widths = {(e["from"], e["to"]): (e["strength"], e["width"]) for e in view.edges}
    assert widths[("cto", "ceo")] == (0.8, 5.0)
    assert widths[("cfo", "ceo")] == (0.3, 2.5)
    assert widths[("t-li", "arch")] == (0.9, 5.5)
    assert widths[("arch", "cto")][0] == 0.5  # reports-to without strength: DESIGN's 0.5
    ordered = sorted(widths.values())
    assert [w for _, w in ordered] == sorted(w for _, w in ordered)


def test_directed_kinds_have_arrows_and_undirected_do_not():
    view = draw(committee())
    arrows = {e["kind"]: e["arrows"]["to"]["enabled"] for e in view.edges}
    assert arrows == {"influences": True, "reports-to": True, "conflict": False,
                      "allied": False, "coverage": False}


def test_a_team_member_without_any_coverage_is_still_drawn():
    assert "t-idle" in nodes_by_id(draw(committee()))


def test_legend_names_roles_stances_and_links_in_both_languages():
    en = draw(committee()).legend
    zh = draw(committee(), lang="zh").legend
    assert [g["title"] for g in en] == ["Role", "Stance (border)", "Links", "Coverage (ring)"]
    assert [i["label"] for i in zh[0]["items"]] == ["决策者", "影响者", "使用者", "反对者",
                                                    "我方团队"]
    assert any(i.get("dashes") for i in en[2]["items"])
    page = render_html(draw(committee(), lang="zh"))
    assert "决策者" in page and "覆盖（虚线）" in page and '<html lang="zh-CN">' in page


def test_tooltips_say_who_someone_is_in_the_chosen_language():
    nodes = nodes_by_id(draw(committee(), lang="zh"))
    assert nodes["ceo"]["tip"][:3] == ["王建国", "Board", "决策者 · 高层"]
    assert "态度 -2（强烈反对）" in nodes["cfo"]["tip"]
    assert "已离开" in nodes["ops"]["tip"]
    en = nodes_by_id(draw(committee()))
    assert "power 5/5" in en["ceo"]["tip"] and "stance +2 (champion)" in en["cto"]["tip"]


def test_influence_rank_and_attached_brokers_appear_in_the_tips():
    amap = committee()
    analysis = analyze(amap)
    plain = nodes_by_id(build_graph_data(analysis))
    assert not any(line.startswith("broker score") for n in plain.values() for line in n["tip"])
    analysis.extras["brokers"] = ranking(amap, brokers(analysis.graph))
    nodes = nodes_by_id(build_graph_data(analysis))
    for line in analysis.ranking:
        assert f"influence rank {line.rank} of 4" in nodes[line.id]["tip"]
    for line in analysis.extras["brokers"]:
        if line.score:
            assert f"broker score {line.score:.2f}" in nodes[line.id]["tip"]
    assert any(line.score for line in analysis.extras["brokers"])


def test_the_analysis_routes_drive_the_selection():
    analysis = analyze(committee())
    analysis.best_routes["ceo"] = ApproachRoute(member="t-wu", entry="cfo", nodes=("cfo", "ceo"),
                                                strength=0.1, coverage=0.5, path_strength=0.2)
    view = build_graph_data(analysis, selected="ceo")
    assert view.path == ["t-wu", "cfo", "ceo"]
    assert highlighted(view) == {("t-wu", "cfo", "coverage"), ("cfo", "ceo", "influences")}


# --- filters and truncation ------------------------------------------------------------


def stakeholder_ids(view) -> set[str]:
    return {n["id"] for n in view.nodes if n["side"] == "customer"}


def test_filters_by_role_level_department_and_status():
    amap = committee()
    assert stakeholder_ids(draw(amap, filters=Filters(roles=["决策者"]))) == {"ceo"}
    assert stakeholder_ids(draw(amap, filters=Filters(levels=["高层"]))) == {
        "ceo", "cfo"}
    assert stakeholder_ids(draw(amap, filters=Filters(departments=["IT"]))) == {
        "cto", "arch"}
    assert stakeholder_ids(draw(amap, filters=Filters(statuses=["active"]))) == {
        "ceo", "cto", "arch", "cfo"}
    both = Filters(roles=["user"], statuses=["left"])
    assert stakeholder_ids(draw(amap, filters=both)) == {"ops"}


def test_filtered_out_people_take_their_edges_and_idle_team_along():
    view = draw(committee(), filters=Filters(departments=["IT"]))
    ends = {e["from"] for e in view.edges} | {e["to"] for e in view.edges}
    assert ends <= {"cto", "arch", "t-li"}
    team = {n["id"] for n in view.nodes if n["side"] == "team"}
    assert team == {"t-li", "t-idle"}  # t-wu covers only the CFO, who is filtered out


def test_hiding_the_team_hides_members_and_coverage():
    view = draw(committee(), filters=Filters(show_team=False))
    assert all(n["side"] == "customer" for n in view.nodes)
    assert all(e["kind"] != "coverage" for e in view.edges)


def test_a_filter_that_matches_nobody_says_so():
    view = draw(committee(), filters=Filters(departments=["Nowhere"]),
                            lang="zh")
    assert stakeholder_ids(view) == set()
    assert view.notices == ["没有符合筛选条件的人员"]
    assert "没有符合筛选条件的人员" in render_html(view)


def test_unknown_filter_values_are_refused():
    with pytest.raises(InputError, match="unknown role 'boss'"):
        Filters(roles=["boss"])
    with pytest.raises(InputError, match="unknown status"):
        Filters(statuses=["retired"])
    with pytest.raises(InputError, match="list of texts"):
        Filters(departments="IT")


def test_more_people_than_max_nodes_shows_the_most_influential_and_says_so():
    amap = generate_account(120, seed=4)
    view = draw(amap, max_nodes=50)
    assert (view.shown, view.total, view.truncated) == (50, 120, True)
    assert len(stakeholder_ids(view)) == 50
    assert view.notices == ["showing 50 of 120 people; filter to see the rest"]
    scores = influence_rank(influence_graph(amap))
    top = sorted(scores, key=lambda sid: (-scores[sid], sid))[:50]
    assert stakeholder_ids(view) == set(top)
    page = render_html(view)
    assert "showing 50 of 120 people; filter to see the rest" in page
    shown = stakeholder_ids(view)
    assert all(e["from"] in shown or e["kind"] == "coverage" for e in view.edges)
    assert all(e["to"] in shown for e in view.edges)


def test_the_default_cap_is_500_and_the_notice_counts_with_separators():
    view = draw(generate_account(2000, seed=1), lang="en")
    assert (view.shown, view.total) == (500, 2000)
    assert view.notice == "showing 500 of 2,000 people; filter to see the rest"
    zh = draw(generate_account(600, seed=1), lang="zh")
    assert zh.notice == "显示 600 人中的 500 人；请筛选以查看其余人员"


def test_filters_apply_before_the_cap():
    amap = generate_account(300, seed=2)
    executives = [s for s in amap.stakeholders if s.level == "executive"]
    view = draw(amap, max_nodes=100, filters=Filters(levels=["executive"]))
    assert stakeholder_ids(view) == {s.id for s in executives} and view.notices == []


def test_bad_options_are_refused():
    with pytest.raises(InputError, match="language"):
        draw(committee(), lang="fr")
    with pytest.raises(InputError, match="max_nodes"):
        draw(committee(), max_nodes=0)
    with pytest.raises(NotFoundError, match="nobody"):
        draw(committee(), selected="nobody")
    with pytest.raises(NotFoundError, match="ghost"):
        draw(committee(), highlight=["ceo", "ghost"])


# --- highlighted paths and selection ---------------------------------------------------


def test_highlight_marks_exactly_the_paths_edges():
    view = draw(committee(), highlight=["t-li", "arch", "cto", "ceo"])
    # arch→cto is carried by "arch reports-to cto"; cto→ceo by the influences edge.
    assert highlighted(view) == {("t-li", "arch", "coverage"), ("arch", "cto", "reports-to"),
                                 ("cto", "ceo", "influences")}
    assert view.path == ["t-li", "arch", "cto", "ceo"]
    marked = {n["id"] for n in view.nodes if n["highlighted"]}
    assert marked == {"t-li", "arch", "cto", "ceo"}


def test_a_path_against_the_reporting_line_uses_that_reports_to_edge():
    view = draw(committee(), highlight=["cto", "arch"])  # manager moves report
    assert highlighted(view) == {("arch", "cto", "reports-to")}


def test_highlight_on_an_example_matches_the_strongest_path(example_path):
    amap = load_map(example_path)
    graph = influence_graph(amap)
    deciders = [s.id for s in amap.stakeholders if s.role == "decision-maker" and s.active]
    path = None
    for source in sorted(graph):
        for target in deciders:
            found = strongest_path(graph, source, target) if source != target else None
            if found and found.hops >= 2:
                path = found
                break
        if path:
            break
    assert path is not None
    view = draw(amap, highlight=list(path.nodes))
    edges = [e for e in view.edges if e["highlighted"]]
    assert len(edges) == path.hops
    steps = {frozenset(step) for step in zip(path.nodes, path.nodes[1:])}
    assert {frozenset((e["from"], e["to"])) for e in edges} == steps


def test_a_step_with_no_link_on_the_map_is_reported():
    view = draw(committee(), highlight=["ceo", "arch"])
    assert highlighted(view) == set()
    assert view.notices == ["the path 王建国 → Architect has no link on the map"]


def test_selecting_someone_highlights_their_best_approach_route():
    view = draw(committee(), selected="ceo")
    # Li Na (0.9) → Architect → CTO (0.5) → CEO (0.8) = 0.36 beats Wu → CFO → CEO = 0.09.
    assert view.path == ["t-li", "arch", "cto", "ceo"]
    assert highlighted(view) == {("t-li", "arch", "coverage"), ("arch", "cto", "reports-to"),
                                 ("cto", "ceo", "influences")}
    assert [n["id"] for n in view.nodes if n["selected"]] == ["ceo"]


def test_selected_and_path_people_are_drawn_even_when_filtered_out():
    view = draw(committee(), selected="ceo", filters=Filters(roles=["opposer"]))
    assert stakeholder_ids(view) == {"cfo", "ceo", "cto", "arch"}
    assert view.shown == view.total == 1 and view.notices == []


def test_selecting_someone_without_a_route_says_so():
    view = draw(committee(), selected="ops", lang="en")
    assert highlighted(view) == set()
    assert view.notices == ["no approach route reaches Ops"]


# --- layout ----------------------------------------------------------------------------


def test_hierarchical_layout_sets_levels_by_seniority():
    view = draw(committee(), hierarchical=True)
    levels = {n["id"]: n["level"] for n in view.nodes if n["side"] != "tier"}
    assert levels == {"ceo": 0, "cfo": 0, "cto": 1, "arch": 2, "ops": 2, "t-li": 3,
                      "t-wu": 3, "t-idle": 3}
    # pinned in labelled tiers, top-down: 高层 above 中层 above 基层 above our team
    tiers = [n["label"] for n in view.nodes if n["side"] == "tier"]
    assert tiers == ["executive", "management", "operational", "our team"]
    y = {n["id"]: n["y"] for n in view.nodes}
    assert y["ceo"] == y["cfo"] < y["cto"] < y["arch"] == y["ops"] < y["t-li"]
    assert all(n["fixed"] == {"x": True, "y": True} for n in view.nodes)
    assert "hierarchical" not in view.options["layout"]
    free = draw(committee())
    assert all("level" not in n for n in free.nodes)
    assert "hierarchical" not in free.options["layout"]


def test_the_page_stops_physics_once_the_layout_has_settled():
    page = draw_html(committee())
    assert '"stabilization": {"enabled": true' in page
    assert "stabilizationIterationsDone" in page and "setOptions({ physics: false })" in page
    assert "window.kamNetwork = network" in page and "window.kamNodeCount" in page


def test_a_fragment_embeds_in_a_larger_page():
    view = draw(committee())
    first = render_html(view, document=False, element_id="graph-one")
    second = render_html(view, document=False, element_id="graph-two", include_library=False)
    assert "<html" not in first and '<div class="kam-graph" id="graph-one">' in first
    assert vis_network_js() in first and vis_network_js() not in second
    assert 'document.getElementById("graph-two")' in second


def test_settings_decide_the_strength_drawn_for_implied_links():
    from graphlib_kam.algorithms.graph import InfluenceSettings

    settings = Settings(influence=InfluenceSettings(reports_up=0.9))
    view = draw(committee(), settings=settings)
    edge = next(e for e in view.edges if e["kind"] == "reports-to")
    assert (edge["strength"], edge["width"]) == (0.9, 5.5)


def test_an_analyze_result_feeds_ranks_and_routes():
    analysis = analyze(committee())
    view = build_graph_data(analysis, selected="ceo")
    assert view.path == [analysis.best_routes["ceo"].member, *analysis.best_routes["ceo"].nodes]
    nodes = nodes_by_id(view)
    first = analysis.ranking[0]
    assert f"influence rank 1 of {len(analysis.ranking)}" in nodes[first.id]["tip"]


def test_notices_can_be_left_to_the_caller():
    view = draw(committee(), filters=Filters(departments=["Nowhere"]))
    assert 'class="kam-notice"' in render_html(view)
    assert 'class="kam-notice"' not in render_html(view, notices=False)
