"""The map's coverage channel, gap badges, selection ring, focus, search and labels.

Coverage states are derived by hand from DESIGN's rules (covered: a link of strength ≥ 0.5
contacted within 90 days; stale: such a link, every one stale; weak: links, all below 0.5)
on a committee judged on 2026-11-28.
"""

from __future__ import annotations

import datetime as dt
import filecmp
from importlib import resources
from pathlib import Path

import pytest

from graphlib_kam.algorithms import analyze
from graphlib_kam.algorithms.coverage import COVERAGE_STATES
from graphlib_kam.explorer.mapview import around_choices, map_component_view, picked_stakeholder
from graphlib_kam.model import parse_map
from graphlib_kam.model.synthetic import generate_account
from graphlib_kam.present.graph_page import MAP_COMPONENT_DIR, component_view, render_html
from graphlib_kam.present.map_marks import (
    BIG_MAP,
    COVERAGE_RINGS,
    LABEL_ALL,
    focus_centres,
    neighbourhood,
    person_gaps,
)
from graphlib_kam.present.viz import STANCE_BORDERS, Filters, build_graph_data
from graphlib_kam.settings import Settings
from graphlib_kam.store import load_map

from .conftest import EXAMPLES

AS_OF = dt.date(2026, 11, 28)
SETTINGS = Settings(as_of=AS_OF)


def committee():
    """Six people, one of each coverage state and two edge cases.

    * ``ceo`` decision-maker, Li Na 0.8 on 2026-11-01 (27 days)      → covered
    * ``cfo`` decision-maker, Li Na 0.3 on 2026-11-20 (weak, fresh)   → weak
    * ``cto`` influencer, Wu 0.9 on 2026-05-01 (211 days) and
      Li Na 0.2 on 2026-11-25 (weak, fresh)                           → stale
    * ``ops`` user, no link                                           → uncovered
    * ``old`` influencer who left, Li Na 0.9 on 2026-11-20            → no state
    * ``arc`` user, Wu 0.5 with no contact date (stale by rule)       → stale
    """
    return parse_map({
        "account": {"id": "acme", "name": "Acme"},
        "team": [{"id": "t-li", "name": "Li Na"}, {"id": "t-wu", "name": "Wu"}],
        "stakeholders": [
            {"id": "ceo", "name": "CEO", "role": "decision-maker", "level": "executive",
             "department": "Board"},
            {"id": "cfo", "name": "CFO", "role": "decision-maker", "level": "executive",
             "department": "Finance", "stance": 1},
            {"id": "cto", "name": "Ann Lee", "title": "CTO", "role": "influencer",
             "level": "management", "department": "IT", "stance": 2},
            {"id": "ops", "name": "Ops", "role": "user", "level": "operational",
             "department": "IT"},
            {"id": "old", "name": "Old", "role": "influencer", "status": "left"},
            {"id": "arc", "name": "Architect", "role": "user", "department": "IT"},
        ],
        "relationships": [
            {"source": "cto", "target": "ceo", "kind": "influences", "strength": 0.8},
            {"source": "cfo", "target": "ceo", "kind": "influences", "strength": 0.6},
            {"source": "ops", "target": "cto", "kind": "reports-to"},
            {"source": "arc", "target": "ops", "kind": "allied"},
        ],
        "coverage": [
            {"member": "t-li", "stakeholder": "ceo", "strength": 0.8, "last_contact": "2026-11-01"},
            {"member": "t-li", "stakeholder": "cfo", "strength": 0.3, "last_contact": "2026-11-20"},
            {"member": "t-wu", "stakeholder": "cto", "strength": 0.9, "last_contact": "2026-05-01"},
            {"member": "t-li", "stakeholder": "cto", "strength": 0.2, "last_contact": "2026-11-25"},
            {"member": "t-li", "stakeholder": "old", "strength": 0.9, "last_contact": "2026-11-20"},
            {"member": "t-wu", "stakeholder": "arc", "strength": 0.5},
        ],
    })


@pytest.fixture(scope="module")
def analysis():
    return analyze(committee(), settings=SETTINGS)


def nodes(view) -> dict[str, dict]:
    return {n["id"]: n for n in view.nodes}


# --- the coverage state ------------------------------------------------------------------


def test_each_state_follows_the_rules(analysis):
    states = {sid: c.state for sid, c in analysis.coverage.items()}
    assert states == {"ceo": "covered", "cfo": "weak", "cto": "stale", "ops": "uncovered",
                      "old": None, "arc": "stale"}
    assert COVERAGE_STATES == ("covered", "weak", "stale", "uncovered")


def test_the_state_agrees_with_the_coverage_gaps(analysis):
    gaps = person_gaps(analysis)
    assert gaps["cfo"] == ["weak-coverage"]
    assert gaps["cto"] == ["stale-contact"]
    assert "departed-contact" in gaps["old"]
    assert "ceo" not in gaps and "ops" not in gaps  # a user without a link is no gap


def test_a_link_turns_stale_on_the_91st_day():
    amap = committee()  # the CEO was last met on 2026-11-01
    late = analyze(amap, settings=Settings(as_of=dt.date(2027, 1, 30)))  # 90 days after
    later = analyze(amap, settings=Settings(as_of=dt.date(2027, 1, 31)))  # 91 days after
    assert late.coverage["ceo"].state == "covered"
    assert later.coverage["ceo"].state == "stale"


def test_the_bank_examples_states():
    bank = load_map(EXAMPLES / "cn-bank-core-banking.kam.json")
    result = analyze(bank, settings=SETTINGS)
    assert result.coverage["s-president"].state == "uncovered"
    assert result.coverage["s-it-deputy"].state == "stale"  # 0.8, last met 2026-05-14
    assert result.coverage["s-vp-tech"].state == "covered"
    assert result.coverage["s-it-gm-former"].state is None  # left


# --- drawn on the map --------------------------------------------------------------------


def test_every_active_person_carries_a_state_and_a_gap_count(analysis):
    drawn = nodes(build_graph_data(analysis))
    assert drawn["cfo"]["coverage"] == "weak" and drawn["cfo"]["gaps"] == 1
    assert drawn["ceo"]["coverage"] == "covered" and drawn["ceo"]["gaps"] == 0
    assert drawn["old"]["coverage"] is None
    assert "coverage" not in drawn["t-li"]  # our team has no coverage state


def test_the_coverage_channel_leaves_fill_and_stance_border_alone(analysis):
    view = build_graph_data(analysis, selected="cfo")
    cfo = nodes(view)["cfo"]
    assert (cfo["color"]["border"], cfo["borderWidth"]) == STANCE_BORDERS[1]
    assert cfo["color"]["highlight"]["border"] == STANCE_BORDERS[1][0]
    assert cfo["ring"] == "selected"  # the selection is an outer ring, not the border
    assert view.to_dict()["marks"]["coverage"] == COVERAGE_RINGS
    assert len({ring["color"] for ring in COVERAGE_RINGS.values()}) == 4


def test_the_tooltip_names_the_state_and_the_gaps_in_both_languages(analysis):
    en = nodes(build_graph_data(analysis))["cfo"]["tip"]
    zh = nodes(build_graph_data(analysis, lang="zh"))["cfo"]["tip"]
    assert "coverage: weak" in en and "gaps: weak coverage" in en
    assert "覆盖：覆盖偏弱" in zh and "缺口：覆盖偏弱" in zh


def test_the_legend_shows_the_four_states_the_badge_and_the_selection(analysis):
    for lang, title in (("en", "Coverage (ring)"), ("zh", "覆盖（外圈）")):
        group = build_graph_data(analysis, lang=lang).legend[-1]
        assert group["title"] == title
        assert [i.get("coverage") for i in group["items"][:4]] == list(COVERAGE_STATES)
        assert group["items"][4]["badge"] == "!"
    page = render_html(build_graph_data(analysis))
    for state in COVERAGE_STATES:
        assert f'data-coverage="{state}"' in page


def test_show_gaps_fades_everyone_no_gap_names(analysis):
    drawn = nodes(build_graph_data(analysis, show_gaps=True))
    assert drawn["ceo"]["opacity"] == 0.25 and drawn["t-li"]["opacity"] == 0.25
    assert "opacity" not in drawn["cfo"] and "opacity" not in drawn["cto"]


def test_show_gaps_keeps_the_selected_person_and_the_path(analysis):
    view = build_graph_data(analysis, selected="ceo", show_gaps=True)
    drawn = nodes(view)
    assert all("opacity" not in drawn[n] for n in view.path)


def test_a_role_filter_never_fades_the_people_it_chose(analysis):
    # Someone selected whose route runs outside the filter: the filter's people stay bright.
    view = build_graph_data(analysis, selected="cto",
                            filters=Filters(roles=["decision-maker"]))
    drawn = nodes(view)
    assert view.path and "cto" in drawn
    assert "opacity" not in drawn["ceo"] and "opacity" not in drawn["cfo"]


def test_without_a_filter_the_path_still_stands_out(analysis):
    drawn = nodes(build_graph_data(analysis, selected="ceo"))
    assert drawn["ops"]["opacity"] == 0.55


def test_names_wrap_so_long_latin_labels_do_not_run_together(analysis):
    options = build_graph_data(analysis).options
    assert options["nodes"]["widthConstraint"]["maximum"] == 120
    assert options["physics"]["forceAtlas2Based"]["avoidOverlap"] >= 0.8


def test_group_by_department_adds_a_hub_per_department(analysis):
    view = build_graph_data(analysis, group_departments=True)
    hubs = [n for n in view.nodes if n["side"] == "department"]
    assert sorted(h["label"] for h in hubs) == ["Board (1)", "Finance (1)", "IT (3)"]
    ties = [e for e in view.edges if e["kind"] == "department"]
    assert len(ties) == 5 and all(e["hidden"] for e in ties)
    assert not any(n["side"] == "department"
                   for n in build_graph_data(analysis, group_departments=True,
                                             hierarchical=True).nodes)


# --- big maps ------------------------------------------------------------------------------


def test_neighbourhood_counts_steps_over_any_relationship():
    amap = committee()
    assert neighbourhood(amap, ["ceo"], 0) == {"ceo"}
    assert neighbourhood(amap, ["ceo"], 1) == {"ceo", "cto", "cfo"}
    assert neighbourhood(amap, ["ceo"], 2) == {"ceo", "cto", "cfo", "ops"}
    assert neighbourhood(amap, ["ceo"], 3) == {"ceo", "cto", "cfo", "ops", "arc"}
    assert neighbourhood(amap, ["nobody"], 3) == set()


def test_a_focused_view_draws_the_neighbourhood_and_says_so(analysis):
    view = build_graph_data(analysis, focus=focus_centres(analysis), steps=1,
                            filters=Filters(show_team=False))
    assert {n["id"] for n in view.nodes} == {"ceo", "cfo", "cto"}
    assert view.notices == ["showing 3 of 6 people: 1 step around the focus; widen with "
                            "“Around”"]
    zh = build_graph_data(analysis, focus=["ceo"], steps=2, lang="zh")
    assert zh.notices[0] == "显示 6 人中的 4 人：焦点周围 2 步以内；可用“范围”扩大"


def test_the_focus_is_the_selected_person_else_the_decision_makers(analysis):
    assert set(focus_centres(analysis)) == {"ceo", "cfo"}
    assert focus_centres(analysis, "ops") == ["ops"]
    no_dm = analyze(parse_map({"account": {"id": "a"},
                               "stakeholders": [{"id": "a"}, {"id": "b"}]}), settings=SETTINGS)
    assert sorted(focus_centres(no_dm)) == ["a", "b"]


def test_search_looks_in_name_title_and_department_folded(analysis):
    drawn = nodes(build_graph_data(analysis))
    assert drawn["cto"]["find"] == "ann lee cto it"
    ranks = {r.id: r.rank for r in analysis.ranking}
    assert drawn["ceo"]["find"] == "ceo board" and drawn["ceo"]["rank"] == ranks["ceo"]
    assert "find" not in drawn["t-li"]  # the search box finds stakeholders


def test_a_big_map_labels_only_the_top_until_zoomed():
    amap = generate_account(BIG_MAP + 80, seed=5)
    result = analyze(amap, settings=SETTINGS)
    view = build_graph_data(result)
    majors = [n for n in view.nodes if n["side"] == "customer" and n["major"]]
    assert len(view.nodes) > LABEL_ALL
    assert 0 < len(majors) < 60
    assert result.ranking[0].id in {n["id"] for n in majors}
    assert view.options["nodes"]["scaling"]["label"]["drawThreshold"] > 5
    small = build_graph_data(analyze(committee(), settings=SETTINGS))
    assert all(n["major"] for n in small.nodes)


def test_the_explorer_offers_widths_only_on_a_big_map():
    assert around_choices(committee()) == (0,)
    assert around_choices(generate_account(BIG_MAP + 1, seed=1)) == (1, 2, 3, 0)


# --- the component -------------------------------------------------------------------------


def test_a_click_picks_only_stakeholders():
    amap = committee()
    assert picked_stakeholder({"id": "cto", "n": 3}, amap) == "cto"
    for value in ({"id": "t-li"}, {"id": "department:0"}, {"id": 5}, [], "cto", None):
        assert picked_stakeholder(value, amap) is None


def test_the_component_view_is_plain_data_with_a_version(analysis):
    notices, args = map_component_view(analysis, lang="en", selected="ceo")
    again = map_component_view(analysis, lang="en", selected="ceo")[1]
    other = map_component_view(analysis, lang="en", selected="cfo")[1]
    assert args["version"] == again["version"] != other["version"]
    assert args["view"]["height"] == 640 and args["view"]["data"]["search"]
    with pytest.raises(Exception, match="height"):
        component_view(build_graph_data(analysis), height=10)


def test_the_component_folder_is_offline_and_csp_locked():
    folder = Path(MAP_COMPONENT_DIR)
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "script-src 'self'" in page
    assert "http://" not in page and "https://" not in page and "<script>" not in page
    for script in ("vis-network.min.js", "kam_graph.js", "kam_map.js"):
        assert f'<script src="{script}"></script>' in page
    shipped = folder / "vis-network.min.js"
    pyvis = resources.files("pyvis") / "lib/vis-9.1.2/vis-network.min.js"
    assert filecmp.cmp(shipped, str(pyvis), shallow=False)  # the very copy pyvis ships
    assert "@license" in shipped.read_text(encoding="utf-8")[:1000]
    for name in ("kam_map.js", "kam_graph.js"):
        assert ".innerHTML" not in (folder / name).read_text(encoding="utf-8")


def test_the_component_folder_is_package_data():
    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text()
    assert '"graphlib_kam.present" = ["assets/*"]' in pyproject
