"""The explorer driven through ``streamlit.testing.v1.AppTest``: every view in both
languages and the main interactions, on copies of the bundled examples."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from graphlib_kam.explorer.sources import examples_working_copy
from graphlib_kam.model.synthetic import generate_account
from graphlib_kam.store import dumps_map, load_map, save_map

from .conftest import AS_OF, EXAMPLES, ROOT

APP = ROOT / "app.py"
BANK = "cn-bank-core-banking.kam.json"
VIEWS = ("map", "orgchart", "influence", "gaps", "edit", "changes", "io", "portfolio")
XSS_NAME = "<img src=x onerror=alert(1)>"


@pytest.fixture
def maps(tmp_path) -> Path:
    """A copy of the examples folder (maps and history) the app may write to."""
    folder = tmp_path / "maps"
    folder.mkdir()
    for path in EXAMPLES.glob("*.kam.json"):
        shutil.copy(path, folder)
    shutil.copytree(EXAMPLES / "cn-bank-core-banking.history",
                    folder / "cn-bank-core-banking.history")
    return folder


def start(monkeypatch, *, folder: Path | None = None, map_path: Path | None = None,
          lang: str = "en", store: bool = False) -> AppTest:
    """The explorer on ``folder``, ``map_path``, the Neo4j store the environment names
    (``store``), or else the bundled examples; first run done."""
    names = ["KAM_EXPLORER_MAP", "KAM_EXPLORER_FOLDER"]
    if not store:
        names += ["KAM_EXPLORER_STORE", "KAM_EXPLORER_ACCOUNT"]
    for name in names:
        monkeypatch.delenv(name, raising=False)
    if folder is not None:
        monkeypatch.setenv("KAM_EXPLORER_FOLDER", str(folder))
    if map_path is not None:
        monkeypatch.setenv("KAM_EXPLORER_MAP", str(map_path))
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state["as_of"] = dt.date.fromisoformat(AS_OF)
    at.session_state["lang"] = lang
    at.run()
    return at


def clean(at: AppTest) -> AppTest:
    """Assert the run raised nothing and showed no error."""
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def go(at: AppTest, view: str) -> AppTest:
    at.radio(key="view").set_value(view).run()
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def graph_data(at: AppTest, index: int = -1) -> dict:
    """The nodes and edges drawn: the map view's component, else an iframe of the page."""
    maps = at.get("component_instance")
    if maps:
        return json.loads(maps[index].proto.json_args)["view"]["data"]
    page = at.get("iframe")[index].proto.srcdoc
    start = page.index('getElementById("kam-graph"), ') + len('getElementById("kam-graph"), ')
    return json.loads(page[start:page.index(");</script>", start)])


def frame(at: AppTest, header: str):
    """The first table that has a column ``header``."""
    for table in at.dataframe:
        if header in table.value.columns:
            return table.value
    raise AssertionError(f"no table with a column {header!r}")


# --- opening ------------------------------------------------------------------------------


def test_no_argument_opens_the_bank_in_the_bundled_examples(monkeypatch):
    at = clean(start(monkeypatch))
    assert at.title[0].value.endswith("华东某城市商业银行")
    analysis = analysis_of(EXAMPLES / BANK)
    assert metrics(at)["High gaps"] == str(analysis.gaps_by_severity()["high"])
    # one decimal, as kam gaps and the gaps view say
    assert metrics(at)["Coverage score"] == f"{analysis.score:.1f} / 100"
    assert metrics(at)["Support"] == f"{analysis.support:+.1f}"
    assert metrics(at)["Revision"] == "7"
    assert len(at.get("component_instance")) == 1


def test_saving_the_default_examples_leaves_the_checked_in_ones_alone(monkeypatch):
    examples_working_copy.cache_clear()  # a fresh copy for this test, and after it
    checked_in = (EXAMPLES / BANK).read_bytes()
    try:
        at = clean(go(start(monkeypatch), "edit"))
        edit_rows(at, "stakeholders", {"s-retail-gm": {"title": "demo edit"}})
        at.run()
        at.button(key="save").click().run()
        assert "Saved as revision 8." in texts(clean(at).success)
        saved = Path(at.session_state["doc"].location)
        assert saved.parent != EXAMPLES and load_map(saved).revision == 8
        assert (EXAMPLES / BANK).read_bytes() == checked_in
    finally:
        examples_working_copy.cache_clear()


def test_a_map_file_opens_alone_and_the_portfolio_says_how_to_get_one(monkeypatch, maps):
    at = clean(start(monkeypatch, map_path=maps / "us-hospital-clinical.kam.json"))
    assert "Lakeshore Regional Medical Center" in at.title[0].value
    go(at, "portfolio")
    assert "kam explore FOLDER" in texts(clean(at).info)


def test_a_missing_map_is_an_error_message_not_a_traceback(monkeypatch, tmp_path):
    at = start(monkeypatch, map_path=tmp_path / "gone.kam.json")
    assert not at.exception
    assert "no such map file" in texts(at.error)


def test_a_broken_map_is_an_error_message(monkeypatch, tmp_path):
    broken = tmp_path / "broken.kam.json"
    broken.write_text('{"schema": "kam/1", "account": {"id": "x"}, "stakeholders": [')
    at = start(monkeypatch, map_path=broken)
    assert not at.exception
    assert "invalid JSON" in texts(at.error)


# --- every view, both languages --------------------------------------------------------

EXPECTED = {
    # view: (a text the English page shows, the same in Chinese)
    "map": ("Stakeholder", "干系人"),
    "orgchart": ("reports-to relationships", "汇报结构"),
    "influence": ("Path finder", "路径查找"),
    "gaps": ("Penetration plan", "关系渗透计划"),
    "edit": ("Relationships", "关系"),
    "changes": ("What if they were gone?", "假设他们离开？"),
    "io": ("Download", "下载"),
    "portfolio": ("Open account", "打开客户"),
}


def page_text(at: AppTest) -> str:
    parts = [texts(at.title), texts(at.subheader), texts(at.caption), texts(at.info)]
    parts += [m.label for m in at.metric]
    parts += [t.label for t in at.tabs]
    parts += [w.label for kind in ("selectbox", "button", "multiselect", "radio")
              for w in getattr(at, kind)]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("view", VIEWS)
def test_every_view_renders_in_both_languages(monkeypatch, maps, view, lang):
    at = clean(go(start(monkeypatch, folder=maps, lang=lang), view))
    text = page_text(at)
    english, chinese = EXPECTED[view]
    assert (chinese if lang == "zh" else english) in text
    assert ("覆盖评分" if lang == "zh" else "Coverage score") in text
    if lang == "zh":
        assert "Coverage score" not in text and "Thresholds" not in text


@pytest.mark.parametrize("view, keys", [
    ("map", ["f_roles", "f_levels", "f_departments", "f_statuses"]),
    ("changes", ["whatif_remove"]),
])
def test_multiselect_placeholders_are_in_chinese_too(monkeypatch, maps, view, keys):
    at = clean(go(start(monkeypatch, folder=maps, lang="zh"), view))
    placeholders = {at.multiselect(key=key).proto.placeholder for key in keys}
    assert placeholders and not any("Choose" in p or not p for p in placeholders)


def test_switching_language_keeps_the_view_and_translates_it(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "gaps"))
    assert "Coverage gaps" in texts(at.subheader)
    at.radio(key="lang").set_value("zh").run()
    clean(at)
    assert at.radio(key="view").value == "gaps"
    assert "覆盖缺口" in texts(at.subheader)
    shown = texts(at.markdown)
    assert "**严重程度：高（4）**" in shown and "**决策者未覆盖** — 刘振华" in shown
    assert "*建议行动*：" in shown


# --- map view ------------------------------------------------------------------------------


def test_selecting_a_stakeholder_shows_the_card_and_highlights_the_route(monkeypatch, maps):
    at = clean(start(monkeypatch, folder=maps))
    before = graph_data(at)
    at.selectbox(key="selected").set_value("s-president").run()
    clean(at)
    assert "刘振华" in texts(at.subheader)
    card = metrics(at)
    assert card["Influence rank"] == "1 / 19"
    assert card["Power"] == "5/5"
    route = texts(at.success)
    assert "赵刚" in route and "孙建平" in route and "0\\.45" in route
    assert "Nobody on our team covers them." in texts(at.caption)
    assert card["Stance"] == "+0" and "stance \\+0, neutral" in texts(at.markdown)
    data = graph_data(at)
    highlighted = {n["id"] for n in data["nodes"] if n["highlighted"]}
    assert highlighted == {"t-zhaogang", "s-vp-tech", "s-president"}
    assert sum(e["highlighted"] for e in data["edges"]) == 2
    assert not any(n["highlighted"] for n in before["nodes"])


def test_card_lists_who_covers_a_covered_stakeholder(monkeypatch, maps):
    at = start(monkeypatch, folder=maps)
    at.selectbox(key="selected").set_value("s-it-deputy").run()
    covers = frame(clean(at), "Team member")
    assert list(covers["Team member"]) == ["陈明"]
    assert list(covers["State"]) == ["stale"]


def test_filters_and_hierarchical_layout_change_the_graph(monkeypatch, maps):
    at = start(monkeypatch, folder=maps)
    everyone = {n["id"] for n in graph_data(at)["nodes"] if n["side"] == "customer"}
    at.multiselect(key="f_roles").set_value(["decision-maker"]).run()
    at.toggle(key="f_team").set_value(False).run()
    data = graph_data(clean(at))
    assert {n["role"] for n in data["nodes"]} == {"decision-maker"}
    assert len(data["nodes"]) < len(everyone)
    at.toggle(key="hierarchical").set_value(True).run()
    data = graph_data(clean(at))
    assert all("level" in n for n in data["nodes"] if n["side"] != "tier")
    assert [n["label"] for n in data["nodes"] if n["side"] == "tier"] == ["executive"]
    assert all(n["fixed"] for n in data["nodes"])


def test_a_map_over_500_people_shows_a_filtered_view_and_says_so(monkeypatch, tmp_path):
    big = tmp_path / "big.kam.json"
    save_map(generate_account(520, seed=3), big)
    at = clean(start(monkeypatch, map_path=big))
    assert "1 step around the focus" in texts(at.info)  # a big map opens on a neighbourhood
    at.select_slider(key="map_around").set_value(0).run()
    assert "showing 500 of 520" in texts(clean(at).info)
    customers = [n for n in graph_data(at)["nodes"] if n["side"] == "customer"]
    assert len(customers) == 500


def test_a_hostile_name_is_escaped_everywhere(monkeypatch, tmp_path):
    path = tmp_path / "xss.kam.json"
    path.write_text(json.dumps({
        "schema": "kam/1", "account": {"id": "xss", "name": "<b>Bank</b>"},
        "team": [{"id": "t-li", "name": "Li Na"}],
        "stakeholders": [{"id": "s-evil", "name": XSS_NAME, "title": "**CEO**",
                          "role": "decision-maker", "level": "executive"}],
        "coverage": [{"member": "t-li", "stakeholder": "s-evil", "strength": 0.8,
                      "last_contact": AS_OF}],
    }))
    at = clean(start(monkeypatch, map_path=path))
    at.selectbox(key="selected").set_value("s-evil").run()
    clean(at)
    assert "\\<img src\\=x onerror\\=alert\\(1\\)\\>" in texts(at.subheader)
    assert "\\*\\*CEO\\*\\*" in texts(at.caption)
    for element in [*at.markdown, *at.caption]:  # headings and alerts never allow HTML
        assert not element.proto.allow_html
    # the map gets the name as data (JSON by postMessage), drawn as text on its canvas
    assert [n["label"] for n in graph_data(at)["nodes"] if n["id"] == "s-evil"] == [XSS_NAME]


def test_the_app_never_allows_raw_html():
    assert "unsafe_allow_html" not in APP.read_text(encoding="utf-8")


# --- influence -----------------------------------------------------------------------------


def test_ranking_brokers_and_hidden_power_tables(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "influence"))
    ranking = frame(at, "Rank")
    assert ranking.iloc[0]["Name"] == "刘振华" and list(ranking["Rank"][:3]) == [1, 2, 3]
    assert len(at.get("vega_lite_chart")) == 3
    assert len(at.dataframe) >= 3


def test_path_finder_finds_and_highlights_the_chosen_path(monkeypatch, maps):
    at = go(start(monkeypatch, folder=maps), "influence")
    at.selectbox(key="path_from").set_value("s-vp-tech")
    at.selectbox(key="path_to").set_value("s-president")
    at.number_input(key="path_k").set_value(2)
    at.button(key="path_find").click().run()
    clean(at)
    paths = frame(at, "Path")
    assert len(paths) == 2
    assert paths.iloc[0]["Path"] == "孙建平 → 刘振华" and paths.iloc[0]["Strength"] == 0.75
    data = graph_data(at)
    assert {n["id"] for n in data["nodes"] if n["highlighted"]} == {"s-vp-tech",
                                                                      "s-president"}
    at.radio(key="path_choice").set_value(1).run()
    second = {n["id"] for n in graph_data(clean(at))["nodes"] if n["highlighted"]}
    assert len(second) > 2 and {"s-vp-tech", "s-president"} <= second


def test_path_finder_says_when_no_path_exists(monkeypatch, maps):
    at = go(start(monkeypatch, folder=maps), "influence")
    at.selectbox(key="path_from").set_value("s-president")
    at.selectbox(key="path_to").set_value("s-ops-gm")
    at.checkbox(key="path_avoid").check()
    at.number_input(key="path_k").set_value(1)
    at.button(key="path_find").click().run()
    clean(at)
    found = at.session_state["paths"]["paths"]
    if found:  # avoiding opposers the path must not pass through one
        assert not {"s-ops-gm"} & set(found[0]["nodes"][1:-1])
    else:
        assert "No influence path" in texts(at.warning)


# --- gaps and plan ------------------------------------------------------------------------


def test_gaps_plan_and_matrix(monkeypatch, maps):
    from graphlib_kam.explorer.text import md

    analysis = analysis_of(maps / BANK)
    at = clean(go(start(monkeypatch, folder=maps), "gaps"))
    shown = texts(at.markdown)
    assert "**uncovered decision\\-maker** — 刘振华" in shown
    assert "**unaddressed opposer** — 郑秀英" in shown
    assert shown.index("Severity high") < shown.index("Severity medium")
    # every recommended action and every step's text whole, never cut
    for gap in analysis.gaps:
        assert md(gap.to_dict("en")["action"]) in shown
    for step in analysis.plan.steps:
        assert md(step.text.render("en")) in shown
    steps = at.data_editor(key="tasks_0").value  # the plan's tracking, one row a step
    assert list(steps["step"]) == list(range(1, len(analysis.plan.steps) + 1))
    assert "**executive**" in shown and "**decision\\-maker**: 刘振华" in shown


def test_thresholds_in_the_sidebar_change_the_gaps(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "gaps"))
    assert "**stale contact**" in texts(at.markdown)
    at.number_input(key="stale_days").set_value(400).run()
    assert "**stale contact**" not in texts(clean(at).markdown)


# --- edit -------------------------------------------------------------------------------


def edit_rows(at: AppTest, table: str, edits: dict[str, dict], *, key: str = "id") -> None:
    """Stage cell edits in the editor of ``table`` (rows found by ``key``)."""
    editor_key = f"edit_{table}_{at.session_state['edit_gen']}"
    values = at.data_editor(key=editor_key).value
    positions = {value: i for i, value in enumerate(values[key])}
    at.session_state[editor_key] = {
        "edited_rows": {positions[row]: cells for row, cells in edits.items()},
        "added_rows": [], "deleted_rows": [],
    }


def test_edit_and_save_writes_the_next_revision(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "edit"))
    edit_rows(at, "stakeholders", {"s-retail-gm": {"stance": 2, "title": "零售总裁"}})
    at.run()
    assert "unsaved changes" in texts(clean(at).info)
    at.button(key="save").click().run()
    clean(at)
    assert "Saved as revision 8." in texts(at.success)
    saved = load_map(maps / BANK)
    assert saved.revision == 8
    person = saved.stakeholder("s-retail-gm")
    assert (person.stance, person.title) == (2, "零售总裁")
    assert metrics(at)["Revision"] == "8"


def test_marking_someone_left_shows_the_impact_at_once(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "edit"))
    edit_rows(at, "stakeholders", {"s-vp-tech": {"status": "left"}})
    at.run()
    clean(at)
    assert "Marked as left: 孙建平" in texts(at.warning)
    routes = frame(at, "Change")
    assert "刘振华" in set(routes["Name"])
    assert load_map(maps / BANK).revision == 7  # nothing saved yet


def test_validation_problems_are_shown_inline_and_block_the_save(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "edit"))
    edit_rows(at, "stakeholders", {"s-president": {"power": 9}})
    at.run()
    assert not at.exception
    assert "1 problem(s) must be fixed" in texts(at.error)
    problems = frame(at, "Where")
    assert list(problems["Where"]) == ["stakeholders[0].power"]
    assert at.button(key="save").disabled
    assert load_map(maps / BANK).revision == 7


def test_a_save_conflict_is_explained_and_loses_nothing(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "edit"))
    edit_rows(at, "stakeholders", {"s-retail-gm": {"title": "mine"}})
    at.run()
    theirs = load_map(maps / BANK)
    theirs.stakeholder("s-retail-gm").title = "theirs"
    save_map(theirs, maps / BANK)  # someone else saves revision 8 meanwhile
    on_disk = (maps / BANK).read_text(encoding="utf-8")
    at.button(key="save").click().run()
    assert not at.exception
    assert "someone else saved this map" in texts(at.error)
    assert (maps / BANK).read_text(encoding="utf-8") == on_disk
    mine = at.session_state["conflict"]["text"]
    assert '"title": "mine"' in mine
    assert "unsaved changes" in texts(at.info)  # the edit is still in the editor
    assert at.button(key="reload")
    at.button(key="reload").click().run()
    clean(at)
    assert metrics(at)["Revision"] == "8"
    assert "conflict" not in at.session_state


def test_unsaved_edits_survive_a_visit_to_another_view(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "edit"))
    edit_rows(at, "stakeholders", {"s-retail-gm": {"title": "kept"}})
    at.run()
    go(at, "gaps")
    go(at, "edit")
    clean(at)
    assert "unsaved changes" in texts(at.info)
    at.button(key="save").click().run()
    assert load_map(maps / BANK).stakeholder("s-retail-gm").title == "kept"


# --- changes and what-if ----------------------------------------------------------------


def test_compare_with_the_earlier_revision(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "changes"))
    assert at.selectbox(key="compare_with").options[1:3] == [
        "revision 7 · 2026-11-27 09:15 · 陈明 · +1 stakeholder, 1 left, 4 stakeholders "
        "changed, +6 relationships, −4 relationships, +3 coverage links, 11 coverage links "
        "changed, account details changed",
        "revision 6 · 2026-09-25 08:30 · 李娜 · (not recorded)"]
    assert len(at.get("vega_lite_chart")) == 1  # score and support over revisions
    at.selectbox(key="compare_with").set_value("6").run()
    clean(at)
    assert "刘振华" in set(frame(at, "Change")["Name"])
    added = frame(at, "Changes")
    assert "马骁" in set(added["Name"])


def test_compare_two_revisions_of_the_history_after_a_save(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "edit"))
    edit_rows(at, "stakeholders", {"s-retail-gm": {"title": "kept"}})
    at.run()
    at.button(key="save").click().run()
    go(at, "changes")
    clean(at)
    options = at.selectbox(key="compare_to").options
    assert options[1].startswith("revision 8 · ") and "1 stakeholder changed" in options[1]
    at.selectbox(key="compare_with").set_value("6").run()
    at.selectbox(key="compare_to").set_value("7").run()
    clean(at)
    assert "马骁" in set(frame(at, "Changes")["Name"])
    at.selectbox(key="compare_with").set_value("7").run()
    at.selectbox(key="compare_to").set_value("8").run()
    clean(at)
    assert "马骁" not in set(frame(at, "Changes")["Name"])


def test_what_if_removing_the_sponsor_breaks_the_route(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "changes"))
    at.multiselect(key="whatif_remove").set_value(["s-vp-tech"]).run()
    clean(at)
    assert "刘振华" in set(frame(at, "Change")["Name"])
    data = graph_data(at)
    assert {n["id"] for n in data["nodes"] if n["highlighted"]} == {
        "t-zhaogang", "s-vp-tech", "s-president"}


# --- import and export ----------------------------------------------------------------------


def test_import_a_spreadsheet_upload_and_open_it(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "io"))
    csv = ("姓名,职位,角色,层级,态度,上级\n王建国,行长,决策者,高层,0,\n"
           "张伟,IT经理,影响者,中层,1,王建国\n李娜,柜员,使用者,基层,x,张伟\n")
    at.file_uploader(key="upload").set_value(("committee.csv", csv.encode(), "text/csv"))
    at.run()
    clean(at)
    assert "3 stakeholders" in texts(at.success)
    assert "1 row(s) had problems" in texts(at.warning)
    assert "x" in " ".join(frame(at, "Where")["Problem"])
    at.button(key="open_import").click().run()
    clean(at)
    assert at.radio(key="view").value == "map"
    assert at.title[0].value == "committee"
    assert metrics(at)["Stakeholders"] == "3"


def test_import_an_excel_upload(monkeypatch, maps):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["name", "title", "role", "level"])
    sheet.append(["Ann", "CEO", "decision-maker", "executive"])
    sheet.append(["Bob", "CTO", "influencer", "executive"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    at = go(start(monkeypatch, folder=maps), "io")
    # The name says CSV; the content says workbook, and the content decides.
    at.file_uploader(key="upload").set_value(("people.csv", buffer.getvalue(), "text/csv"))
    at.run()
    assert "2 stakeholders" in texts(clean(at).success)


def test_an_upload_that_is_not_a_table_is_refused_by_content(monkeypatch, maps):
    at = go(start(monkeypatch, folder=maps), "io")
    at.file_uploader(key="upload").set_value(("evil.csv", b"\x7fELF\x02\x01\x00\x00",
                                              "text/csv"))
    at.run()
    assert not at.exception
    assert "binary file" in texts(at.error)


def test_a_kam_map_upload_opens_and_saves_into_the_folder(monkeypatch, maps):
    upload = generate_account(12, seed=4, account_id="synthetic-co")
    at = go(start(monkeypatch, folder=maps), "io")
    at.file_uploader(key="upload").set_value(("synthetic.kam.json",
                                              dumps_map(upload).encode(), "application/json"))
    at.run()
    at.button(key="open_import").click().run()
    clean(at)
    go(at, "edit")
    edit_rows(at, "stakeholders", {upload.stakeholders[0].id: {"title": "Chief"}})
    at.run()
    at.button(key="save").click().run()
    clean(at)
    saved = load_map(maps / "synthetic-co.kam.json")
    assert saved.stakeholders[0].title == "Chief"


def test_downloads_are_offered(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "io"))
    buttons = {b.proto.label for b in at.get("download_button")}
    assert {"Map (kam/1 JSON)", "Download report", "Download export"} <= buttons
    assert ".pdf" in at.selectbox(key="report_format").options
    assert ".graphml" in at.selectbox(key="export_format").options


# --- portfolio ------------------------------------------------------------------------------


def test_portfolio_lists_worst_first_and_opens_an_account(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "portfolio"))
    table = frame(at, "Top gap")  # open deals (and none): the most amount at risk first
    assert list(table["Account"]) == ["cn-bank", "hoffmann-antriebe"]
    assert "Won deals" in texts(at.subheader)  # the hospital's won pilot, apart
    assert list(at.dataframe[1].value["Account"]) == ["us-hospital"]
    at.radio(key="lang").set_value("zh").run()
    assert "客户名称" in frame(clean(at), "首要缺口").columns  # an account, not a person's 姓名
    at.radio(key="lang").set_value("en").run()
    at.selectbox(key="portfolio_account").set_value("us-hospital")
    at.button(key="portfolio_open").click().run()
    clean(at)
    assert at.radio(key="view").value == "map"
    assert "Lakeshore Regional Medical Center" in at.title[0].value


def test_portfolio_lists_an_unreadable_map_as_a_problem(monkeypatch, maps):
    (maps / "zz-broken.kam.json").write_text('{"schema": "kam/1", "account": {"id": "zz"}, '
                                            '"stakeholders": [{"id": "a", "power": 9}]}')
    at = go(start(monkeypatch, folder=maps), "portfolio")
    assert not at.exception
    assert "1 map(s) could not be read" in texts(at.warning)


# --- Analysis 2 in the explorer ------------------------------------------------------------


def analysis_of(path: Path):
    from graphlib_kam.algorithms.analysis import analyze
    from graphlib_kam.settings import Settings

    return analyze(load_map(path), settings=Settings(as_of=dt.date.fromisoformat(AS_OF)))


def test_support_stands_beside_the_score_with_its_scale(monkeypatch, maps):
    from graphlib_kam.algorithms.coverage import support_score
    from graphlib_kam.settings import Settings

    amap = load_map(maps / BANK)
    support = support_score(amap, settings=Settings(as_of=dt.date.fromisoformat(AS_OF)))
    for lang, score_label, support_label in (("en", "Coverage score", "Support"),
                                             ("zh", "覆盖评分", "支持度")):
        at = clean(start(monkeypatch, folder=maps, lang=lang))
        labels = [m.label for m in at.metric]
        assert labels.index(support_label) == labels.index(score_label) + 1
        shown = {m.label: m for m in at.metric}
        assert shown[support_label].value == f"{support:+.1f}"
        assert "−100" in shown[support_label].help and "100" in shown[score_label].help
        clean(go(at, "gaps"))
        assert {m.label: m.value for m in at.metric}[support_label] == f"{support:+.1f}"


def test_the_plan_is_grouped_by_stage_from_the_front_line_up(monkeypatch, maps):
    from graphlib_kam.text import t

    analysis = analysis_of(maps / BANK)
    stages = []
    for step in analysis.plan.steps:
        if step.stage not in stages:
            stages.append(step.stage)
    order = ["operational", "management", "executive", None]
    assert [order.index(s) for s in stages] == sorted(order.index(s) for s in stages)
    at = clean(go(start(monkeypatch, folder=maps, lang="zh"), "gaps"))
    markdown = [m.value for m in at.markdown]
    titles = {t(f"plan.stage.{s}", "zh") for s in order}
    heads = [i for i, value in enumerate(markdown) if value.strip("*") in titles]
    assert [markdown[i].strip("*") for i in heads] == [
        t(f"plan.stage.{s}", "zh") for s in stages]
    # the steps of each stage follow its heading, numbered through in plan order
    counts = [markdown[i + 1].count("\n- ") + 1 for i in heads]
    assert counts == [sum(1 for step in analysis.plan.steps if step.stage == stage)
                      for stage in stages]
    numbers = [int(line.split("**")[1].split(".")[0]) for i in heads
               for line in markdown[i + 1].split("\n") if line.startswith("- **")]
    assert numbers == list(range(1, len(analysis.plan.steps) + 1))
    assert "沟通要点：" in markdown[heads[0] + 1] and "、" in markdown[heads[0] + 1]


def test_an_empty_plan_says_why_in_the_explorer(monkeypatch, tmp_path):
    from graphlib_kam.model import parse_map
    from graphlib_kam.text import t

    path = tmp_path / "lonely.kam.json"
    save_map(parse_map({"account": {"id": "lonely"}, "stakeholders": [
        {"id": "x", "role": "decision-maker"}]}), path)
    at = clean(go(start(monkeypatch, map_path=path), "gaps"))
    assert t("plan.empty.no_team", "en") in texts(at.info)


def test_brokers_list_no_decision_maker_in_the_explorer(monkeypatch, maps):
    amap = load_map(maps / BANK)
    deciders = {s.label for s in amap.stakeholders if s.role == "decision-maker"}
    at = clean(go(start(monkeypatch, folder=maps), "influence"))
    brokers = frame(at, "Department")
    assert len(brokers) and not set(brokers["Name"]) & deciders
    assert "between us and the decision-makers" in texts(at.caption)


def test_headers_adapt_to_a_map_without_decision_makers(monkeypatch, tmp_path):
    from graphlib_kam.model import parse_map
    from graphlib_kam.text import t

    path = tmp_path / "flat.kam.json"
    save_map(parse_map({"account": {"id": "flat"}, "stakeholders": [
        {"id": "a"}, {"id": "b"}, {"id": "c"}], "relationships": [
        {"source": "a", "target": "b"}, {"source": "b", "target": "c"}]}), path)
    at = clean(go(start(monkeypatch, map_path=path), "influence"))
    captions = texts(at.caption)
    assert t("explorer.influence.ranking_help.no_dm", "en") in captions
    assert t("explorer.influence.ranking_help", "en") not in captions
    assert t("explorer.influence.brokers_help.no_dm", "en") in captions


def test_an_opposers_route_is_not_a_green_success(monkeypatch, maps):
    from graphlib_kam.algorithms.paths import opposer_ids

    analysis = analysis_of(maps / BANK)
    opposer = next(sid for sid in sorted(opposer_ids(analysis.amap))
                   if sid in analysis.best_routes)
    at = clean(start(monkeypatch, folder=maps))
    at.selectbox(key="selected").set_value(opposer).run()
    clean(at)
    assert not at.success
    assert "opposer" in texts(at.warning)
