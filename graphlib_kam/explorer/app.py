"""graphlib_kam explorer: the buying committee as a graph, who decides, where nobody covers,
the plan, edits, changes, imports and reports — in English and Chinese.

Start it with ``kam explore [MAP | FOLDER | --store neo4j]`` or
``streamlit run app.py [-- --map MAP | --folder DIR | --store neo4j]``; with neither it
opens the bundled examples. This script holds widgets and session state only: every
number comes from graphlib_kam, the graph page from graphlib_kam.present.viz.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time

import pandas as pd
import streamlit as st
from streamlit.components.v1 import declare_component

from graphlib_kam.errors import ConflictError, KamError
from graphlib_kam.explorer import cards, gate, rows
from graphlib_kam.explorer.access import load_access
from graphlib_kam.explorer.downloads import deferred_download, save_copy
from graphlib_kam.explorer.edit import (
    COLUMNS,
    KEY,
    map_from_tables,
    map_tables,
    marked_left,
    successor_choices,
)
from graphlib_kam.explorer.mapview import (
    DEFAULT_STEPS,
    DM_LISTED,
    around_choices,
    map_component_view,
    picked_stakeholder,
)
from graphlib_kam.explorer.session import (
    Document,
    analyse,
    compare_maps,
    export_formats,
    export_maker,
    find_paths,
    history_choices,
    history_series,
    import_formats,
    import_upload,
    list_portfolio,
    load_history_revision,
    log_activity,
    open_account,
    open_source,
    report_formats,
    report_maker,
    save_document,
    what_if,
)
from graphlib_kam.explorer.sources import MAX_UPLOAD_BYTES, ExplorerSource, resolve_source
from graphlib_kam.explorer.text import VIEWS, md
from graphlib_kam.explorer.uploads import (
    detect_upload,
    existing_accounts,
    file_rows,
    preview_rows,
    read_upload,
    report_rows,
    save_to_portfolio,
)
from graphlib_kam.importers import ACTIVITY_FORMATS, localize, slug
from graphlib_kam.model.vocab import ACTIVITY_KINDS, LEVELS, RELATIONSHIP_KINDS, ROLES, STATUSES
from graphlib_kam.present.graph_page import MAP_COMPONENT_DIR
from graphlib_kam.present.orgchart import build_orgchart_data
from graphlib_kam.present.tasks import task_list_csv, task_list_xlsx, with_tasks
from graphlib_kam.present.viz import Filters, build_graph_data, render_html
from graphlib_kam.settings import THRESHOLDS, Settings, Threshold
from graphlib_kam.store import dumps_map, loads_map
from graphlib_kam.text import LANGS, has, label, t, tn

GRAPH_HEIGHT = 640
MAX_UPLOAD_MB = MAX_UPLOAD_BYTES // 1048576

st.set_page_config(page_title="graphlib_kam explorer", page_icon="🕸️", layout="wide")
# The map: vis-network in a component served from the package; a click picks a person.
kam_map = declare_component("kam_map", path=MAP_COMPONENT_DIR)


# --- cached library calls (keyed on the map's JSON text and the settings) ------------------
# The parsed map and its analysis are read-only everywhere, so they are cached as shared
# objects: st.cache_data would unpickle a fresh copy of a 200-person analysis on every
# rerun, and the garbage collection that follows doubles the time a click takes.

@st.cache_resource(max_entries=32, show_spinner=False)
def cached_map(text: str):
    return loads_map(text)


@st.cache_resource(max_entries=32, show_spinner=False)
def cached_analysis(text: str, settings: tuple):
    return analyse(cached_map(text), settings_of(settings))


@st.cache_data(max_entries=64, show_spinner=False)
def cached_graph(text: str, settings: tuple, lang: str, highlight: tuple, selected: str | None,
                 filters: tuple, hierarchical: bool):
    view = build_graph_data(
        cached_analysis(text, settings), lang=lang,
        highlight=list(highlight) or None, selected=selected,
        filters=Filters(**dict(filters)), hierarchical=hierarchical,
    )
    return view.notices, render_html(view, height=f"{GRAPH_HEIGHT}px", notices=False)


@st.cache_data(max_entries=64, show_spinner=False)
def cached_map_view(text: str, settings: tuple, lang: str, highlight: tuple,
                    selected: str | None, filters: tuple, options: tuple):
    return map_component_view(cached_analysis(text, settings), lang=lang, highlight=highlight,
                              selected=selected, filters=Filters(**dict(filters)),
                              height=GRAPH_HEIGHT, **dict(options))


def pick_from_map() -> None:
    """A click on the map selects that stakeholder, as the select box would."""
    state = st.session_state
    sid = picked_stakeholder(state.get("map_graph"), cached_map(state.doc.text))
    if sid:
        state.selected = sid


@st.cache_data(max_entries=16, show_spinner=False)
def cached_orgchart(text: str, settings: tuple, lang: str, influences: bool):
    view = build_orgchart_data(cached_analysis(text, settings), lang=lang,
                               influences=influences)
    return view.notices, render_html(view, height=f"{GRAPH_HEIGHT}px", notices=False)


@st.cache_resource(show_spinner=False)
def cached_store(source: ExplorerSource):
    return open_source(source)


def show_graph(text, settings, lang, *, highlight=(), selected=None, filters=(),
               hierarchical=False) -> None:
    notices, page = cached_graph(text, settings, lang, tuple(highlight), selected,
                                 tuple(filters), hierarchical)
    for notice in notices:
        st.info(notice)
    st.iframe(page, height="content")


def table(records: list[dict], lang: str, *, helps: dict | None = None, **options) -> None:
    """Rows of plain dicts as a read-only table with headers in ``lang``; ``helps`` gives
    a column's help text key (its scale and thresholds, shown on the header)."""
    if not records:
        st.caption(t("explorer.table.empty", lang))
        return
    frame = pd.DataFrame(records)
    frame.columns = [t(f"explorer.col.{c}", lang) for c in frame.columns]
    config = {t(f"explorer.col.{c}", lang): st.column_config.Column(
        t(f"explorer.col.{c}", lang), help=t(key, lang)) for c, key in (helps or {}).items()}
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config or None,
                 **options)


def settings_of(settings: tuple) -> Settings:
    return Settings(**dict(settings))


def problems_list(problems, lang: str) -> None:
    st.error(t("explorer.edit.problems", lang, n=len(problems)))
    table(rows.problem_rows(problems), lang)


# --- sign-in (kam explore --access FILE: roles from the access file) ----------------------

@st.cache_resource(max_entries=4, show_spinner=False)
def cached_access(path: str, stamp: tuple):
    return load_access(path)  # stamp: the file's mtime and size, so edits take effect


def sign_in() -> None:
    """Without --access: nothing. With it: the sign-in page (st.login) until someone signs
    in, a message for a user the access file gives no role; their access goes in the
    session state for :func:`signed_in`."""
    state = st.session_state
    state.pop("signed_in", None)
    path = gate.access_path(sys.argv[1:])
    if path is None:
        return
    both = lambda key, **values: " / ".join(t(key, code, **values) for code in LANGS)  # noqa: E731
    try:
        providers = gate.providers(st.secrets.to_dict() if st.secrets.load_if_toml_exists()
                                   else {})
        rules = cached_access(path, gate.file_stamp(path))
    except KamError as err:
        st.error(t("explorer.team.setup_error", state.get("lang", "en"), detail=str(err)))
        st.stop()
    info = st.user.to_dict()
    if not info.get("is_logged_in"):
        st.title(both("explorer.team.title"))
        st.write(both("explorer.team.help"))
        for provider in providers:
            st.button(both("explorer.team.sign_in") if provider == "default" else
                      both("explorer.team.sign_in_with", provider=provider),
                      key=f"sign_in_{provider}", type="primary", on_click=st.login,
                      args=(provider,))
        st.stop()
    user, problem = gate.user_of(info, rules)
    if problem:
        st.warning(both(problem, user=info.get("email") or ""))
        st.button(both("explorer.team.sign_out"), key="sign_out", on_click=st.logout)
        st.stop()
    state.signed_in = user


def signed_in():
    """The signed-in user's access this run (None: the explorer runs without sign-in)."""
    return st.session_state.get("signed_in")


def user_box(doc: Document, lang: str) -> None:
    """Who is signed in, their role for the open account, and a sign-out button."""
    user = signed_in()
    if user is None:
        return
    st.caption(t("explorer.team.signed_in", lang, user=user.email))
    role = user.role(doc.account)
    if role:
        st.caption(t("explorer.team.role", lang, role=t(f"explorer.team.role.{role}", lang)))
    if not gate.may_edit(doc, user):
        st.info(t("explorer.team.read_only", lang))
    st.button(t("explorer.team.sign_out", lang), key="sign_out", on_click=st.logout)


# --- state -------------------------------------------------------------------------------

def start() -> tuple[ExplorerSource, Document]:
    """The source and the open document, set up on the session's first run."""
    state = st.session_state
    if "source" not in state:
        state.source = resolve_source(sys.argv[1:], os.environ)
    if "doc" not in state:
        state.doc = gate.open_first(state.source, cached_store(state.source),
                                    state.source.account, signed_in())
    gate.check_visible(state.doc, signed_in())
    return state.source, state.doc


def set_document(doc: Document) -> None:
    """Open ``doc``: drop the edits, results and selections of the previous map."""
    state = st.session_state
    state.doc = doc
    state.edit_gen = state.get("edit_gen", 0) + 1
    for key in ("draft", "edit_base", "conflict", "paths", "import_result"):
        state.pop(key, None)
    state.selected = ""


def threshold_widget(threshold: Threshold, lang: str):
    """The control of one of :data:`~graphlib_kam.settings.THRESHOLDS`: its range, step
    and default from there; a whole number is typed, a fraction slides."""
    key = f"explorer.settings.{threshold.name}"
    label, help_text = t(key, lang), t(f"{key}.help", lang)
    if threshold.integer:
        return st.number_input(label, int(threshold.low), int(threshold.high),
                               int(threshold.default), int(threshold.step),
                               key=threshold.name, help=help_text)
    return st.slider(label, float(threshold.low), float(threshold.high),
                     float(threshold.default), float(threshold.step), key=threshold.name,
                     help=help_text)


def sidebar(doc: Document) -> tuple[str, str, tuple]:
    """Language, view and the analysis thresholds."""
    with st.sidebar:
        lang = st.radio(" / ".join(t("explorer.language", code) for code in LANGS),
                        list(LANGS), format_func=lambda code: t("lang.name", code),
                        key="lang", horizontal=True)
        user_box(doc, lang)
        view = st.radio(t("explorer.nav.view", lang), gate.allowed_views(VIEWS, doc, signed_in()),
                        key="view",
                        format_func=lambda v: t(f"explorer.view.{v}", lang))
        with st.expander(t("explorer.settings.title", lang), expanded=view == "gaps"):
            values = {threshold.name: threshold_widget(threshold, lang)
                      for threshold in THRESHOLDS}
            values["as_of"] = st.date_input(t("explorer.settings.as_of", lang),
                                            dt.date.today(), key="as_of")
        st.caption(t("explorer.sidebar.source", lang,
                     location=doc.location or t("explorer.doc.unsaved", lang)))
    return lang, view, tuple(sorted(values.items()))


def header(amap, analysis, lang: str) -> None:
    st.title(md(amap.account.name or amap.account.id))
    facts = rows.overview(amap, analysis)
    cols = st.columns(6)
    figures(cols[0], cols[1], facts, lang)
    cols[2].metric(t("explorer.metric.stakeholders", lang), facts["stakeholders"])
    cols[3].metric(t("explorer.metric.high_gaps", lang), facts["high_gaps"],
                   help=t("explorer.help.high_gaps", lang))
    cols[4].metric(t("explorer.metric.covered", lang),
                   f"{facts['covered']}/{facts['stakeholders']}",
                   help=t("explorer.help.covered", lang))
    cols[5].metric(t("explorer.metric.revision", lang), facts["revision"])


def figures(score_col, support_col, facts: dict, lang: str) -> None:
    """The coverage score and the support side by side, each with its scale in the help."""
    score_col.metric(t("explorer.metric.score", lang), f"{facts['score']:.1f} / 100",
                     help=t("figure.score.help", lang))  # one decimal, as kam gaps says
    support_col.metric(t("explorer.metric.support", lang), f"{facts['support']:+.1f}",
                       help=t("figure.support.help", lang))


# --- views -------------------------------------------------------------------------------

def view_map(doc: Document, amap, analysis, settings, lang: str) -> None:
    state = st.session_state
    people = rows.stakeholder_options(amap, lang)
    if state.get("selected") not in people:
        state.selected = ""
    with st.sidebar:
        st.subheader(t("explorer.filters.title", lang))
        everyone = t("explorer.filters.all", lang)  # an empty filter shows everyone
        roles = st.multiselect(t("explorer.filters.roles", lang), ROLES, key="f_roles",
                               format_func=lambda v: label(v, lang), placeholder=everyone)
        levels = st.multiselect(t("explorer.filters.levels", lang), LEVELS, key="f_levels",
                                format_func=lambda v: label(v, lang), placeholder=everyone)
        departments = st.multiselect(t("explorer.filters.departments", lang),
                                     rows.departments(amap), key="f_departments",
                                     placeholder=everyone)
        statuses = st.multiselect(t("explorer.filters.statuses", lang), STATUSES, key="f_statuses",
                                  format_func=lambda v: label(v, lang), placeholder=everyone)
        show_team = st.toggle(t("explorer.filters.team", lang), True, key="f_team")
        hierarchical = st.toggle(t("explorer.filters.hierarchical", lang), False,
                                 key="hierarchical")
        group = st.toggle(t("explorer.map.group", lang), False, key="map_group",
                          disabled=hierarchical)
    filters = (("roles", tuple(roles) or None), ("levels", tuple(levels) or None),
               ("departments", tuple(departments) or None),
               ("statuses", tuple(statuses) or None), ("show_team", show_team))
    selected = st.selectbox(
        t("explorer.map.select", lang), ["", *people], key="selected",
        format_func=lambda sid: people.get(sid) or t("explorer.map.select_none", lang),
    )
    deciders = rows.decision_makers(amap, analysis, lang)
    more = len(deciders) - DM_LISTED  # a big committee: the most influential, then a count
    st.markdown(f"**{t('explorer.dm.title', lang)}** " + (" · ".join(
        f"{md(name)} ({state})" for name, state in deciders[:DM_LISTED])
        or t("explorer.dm.none", lang))
        + (" " + t("explorer.dm.more", lang, n=more) if more > 0 else ""))
    controls = st.columns([1, 2])
    show_gaps = controls[0].toggle(t("explorer.map.show_gaps", lang), False, key="map_gaps",
                                   help=t("explorer.map.show_gaps.help", lang))
    widths = around_choices(amap)
    steps = widths[0] if len(widths) == 1 else controls[1].select_slider(
        t("explorer.map.around", lang), widths, value=DEFAULT_STEPS, key="map_around",
        help=t("explorer.map.around.help", lang),
        format_func=lambda n: tn("explorer.map.steps", n, lang) if n
        else t("explorer.map.everyone", lang))
    card = rows.stakeholder_card(amap, analysis, selected, lang) if selected else None
    # The same layout with or without a card, so the map is redrawn in place, not reloaded.
    graph_col, card_col = st.columns([3, 2])
    with graph_col:
        notices, view = cached_map_view(
            doc.text, settings, lang, tuple(card["path"] if card else ()), selected or None,
            tuple(filters), (("hierarchical", hierarchical), ("show_gaps", show_gaps),
                             ("group_departments", group), ("steps", steps)))
        with st.container():
            for notice in notices:
                st.info(notice)
        started, started_cpu = state.get("run_started", (0.0, 0.0))
        kam_map(key="map_graph", on_change=pick_from_map, default=None,
                server_ms=round(1000 * (time.perf_counter() - started)),
                server_cpu_ms=round(1000 * (time.thread_time() - started_cpu)), **view)
    with card_col:
        if card:
            with st.container(border=True, key="card"):
                stakeholder_card(card, lang)
                person_plan(analysis, selected, lang)
        else:
            st.caption(t("explorer.map.card_hint", lang))


def stakeholder_card(card: dict, lang: str) -> None:
    st.subheader(md(card["name"]))
    st.caption(md(card["subtitle"]))
    cols = st.columns(3)
    cols[0].metric(t("explorer.card.rank", lang), card["rank_text"],
                   help=t("explorer.help.rank", lang))
    cols[1].metric(t("explorer.card.power", lang), f"{card['power']}/5",
                   help=t("explorer.help.power", lang))
    cols[2].metric(t("explorer.card.stance", lang), card["stance_text"],
                   help=t("explorer.help.stance", lang))
    st.markdown(md(card["facts"]))
    st.markdown(f"**{t('explorer.card.interests', lang)}** " + md(card["interests"]))
    st.markdown(f"**{t('explorer.card.covered_by', lang)}**")
    if card["coverage"]:
        table(card["coverage"], lang, helps={"strength": "explorer.help.link_strength"})
    else:
        st.caption(t("explorer.card.nobody", lang))
    st.markdown(f"**{t('explorer.card.activities', lang)}**")
    if card["activities"]:
        table(card["activities"], lang)
    else:
        st.caption(t("explorer.card.no_activities", lang))
    st.markdown(f"**{t('explorer.card.route', lang)}**")
    if card["route"] and card["opposer"]:
        st.warning(md(card["route"]) + "  \n" + md(card["route_note"]))
    elif card["route"]:
        st.success(md(card["route"]))
    else:
        st.warning(md(card["no_route"]))


def person_plan(analysis, sid: str, lang: str) -> None:
    """The selected person's plan step and gaps, under their card."""
    shown = cards.person_plan(analysis, sid, lang)
    st.markdown(f"**{t('explorer.card.plan_step', lang)}**")
    if shown["step"]:
        st.markdown(shown["step"])
    else:
        st.caption(t("explorer.card.no_step", lang))
    st.markdown(f"**{t('explorer.card.gaps', lang)}**")
    if shown["gaps"]:
        st.markdown(shown["gaps"])
    else:
        st.caption(t("explorer.card.no_gaps", lang))


def bar_chart(records: list[dict], column: str) -> None:
    data = rows.chart_data(records, column)
    if data:
        st.bar_chart(pd.Series(data, name=column), horizontal=True, sort=False)


def hidden_chart(hidden: list[dict], lang: str) -> None:
    """Bars of ratio − 1 (right = hidden power) with the line at 0 where people are as
    their level and power suggest."""
    bars = cards.hidden_bars(hidden)
    if not bars:
        return
    st.caption(t("explorer.hidden.chart", lang))
    st.vega_lite_chart(pd.DataFrame(bars), {
        "layer": [
            {"mark": "bar", "encoding": {
                "y": {"field": "person", "type": "nominal", "sort": None, "title": None},
                "x": {"field": "difference", "type": "quantitative",
                      "title": t("explorer.hidden.axis", lang)},
                "color": {"condition": {"test": "datum.difference >= 0", "value": "#6a51a3"},
                          "value": "#9e9e9e"}}},
            {"mark": {"type": "rule", "color": "#222222", "strokeWidth": 1.5},
             "encoding": {"x": {"datum": 0}}},
        ]}, width="stretch")


def view_influence(doc: Document, amap, analysis, settings, lang: str) -> None:
    tabs = st.tabs([t("explorer.influence.ranking", lang), t("explorer.influence.brokers", lang),
                    t("explorer.influence.hidden", lang), t("explorer.influence.paths", lang)])
    no_dm = "" if rows.has_decision_makers(amap) else ".no_dm"
    with tabs[0]:
        st.caption(t(f"explorer.influence.ranking_help{no_dm}", lang))
        ranking = rows.ranking_rows(amap, analysis, lang)
        bar_chart(ranking[:15], "score")
        table(ranking, lang, helps={"rank": "explorer.help.rank",
                                    "score": "explorer.help.rank_score"})
    with tabs[1]:
        st.caption(t(f"explorer.influence.brokers_help{no_dm}", lang))
        brokers = rows.broker_rows(amap, analysis, lang)
        bar_chart(brokers[:15], "score")
        table(brokers, lang, helps={"score": "explorer.help.broker_score"})
    with tabs[2]:
        st.caption(t("explorer.influence.hidden_help", lang))
        hidden = rows.hidden_rows(amap, analysis, lang)
        hidden_chart(hidden, lang)
        table(hidden, lang, helps={"score": "explorer.help.rank_score",
                                   "expected": "explorer.help.expected",
                                   "ratio": "explorer.help.ratio",
                                   "power": "explorer.help.power"})
    with tabs[3]:
        path_finder(doc, amap, settings, lang)


def path_finder(doc: Document, amap, settings, lang: str) -> None:
    state = st.session_state
    people = rows.stakeholder_options(amap, lang, active_only=True)
    ids = list(people)
    if not ids:
        st.caption(t("explorer.table.empty", lang))
        return
    cols = st.columns([3, 3, 1, 2])
    source = cols[0].selectbox(t("explorer.paths.from", lang), ids, key="path_from",
                               format_func=people.get)
    target = cols[1].selectbox(t("explorer.paths.to", lang), ids, key="path_to",
                               format_func=people.get, index=min(1, len(ids) - 1))
    k = cols[2].number_input(t("explorer.paths.k", lang), 1, 10, 3, key="path_k")
    avoid = cols[3].checkbox(t("explorer.paths.avoid", lang), key="path_avoid")
    if st.button(t("explorer.paths.find", lang), key="path_find", type="primary"):
        if source == target:
            state.paths = None
            st.info(t("explorer.paths.same", lang))
            return
        state.paths = find_paths(amap, source, target, k=int(k), avoid_opposers=avoid,
                                 settings=settings_of(settings))
    found = state.get("paths")
    if found is None:
        return
    if not found["paths"]:
        st.warning(t("explorer.paths.none", lang, source=rows.name_of(amap, found["source"]),
                     target=rows.name_of(amap, found["target"])))
        return
    table(rows.path_rows(amap, found["paths"]), lang,
          helps={"strength": "explorer.help.strength"})
    chosen = st.radio(t("explorer.paths.highlight", lang), range(len(found["paths"])),
                      key="path_choice", horizontal=True, format_func=lambda i: f"#{i + 1}")
    show_graph(doc.text, settings, lang, highlight=found["paths"][chosen or 0]["nodes"])


def view_gaps(doc: Document, amap, analysis, settings, lang: str) -> None:
    st.subheader(t("explorer.gaps.title", lang))
    counts = analysis.gaps_by_severity()
    cols = st.columns(5)
    figures(cols[0], cols[1], rows.overview(amap, analysis), lang)
    for col, severity in zip(cols[2:], ("high", "medium", "low")):
        col.metric(t(f"severity.{severity}", lang), counts[severity],
                   help=t("explorer.help.severity", lang))
    for group in cards.gap_cards(analysis, lang):
        with st.container(border=True, key=f"gaps_{group['severity']}"):
            st.markdown(f"**{md(group['title'])}**")
            st.markdown(group["markdown"])
    st.subheader(t("explorer.plan.title", lang))
    plan = rows.plan_stages(analysis, lang)
    if plan["empty"]:
        st.info(plan["empty"])
    else:
        st.caption(t("explorer.plan.order", lang, stages=plan["order"]))
    shown = cards.plan_cards(analysis, lang)
    for stage in shown["stages"]:
        with st.container(border=True):
            st.markdown(f"**{md(stage['title'])}**")
            st.markdown(stage["markdown"])
    if shown["left"]:
        st.markdown(f"**{t('explorer.plan.left', lang)}**")
        st.markdown(shown["left"])
    if shown["rows"]:
        track_plan(doc, amap, shown["rows"], lang)
    st.subheader(t("explorer.matrix.title", lang))
    st.caption(t("explorer.matrix.help", lang))
    for level in cards.matrix_cards(analysis, lang):
        with st.container(border=True):
            st.markdown(f"**{md(level['title'])}**")
            st.markdown(level["markdown"])


def track_plan(doc: Document, amap, steps: list[dict], lang: str) -> None:
    """Owner, due date and done state of each step, saved in the map; the task list to
    download."""
    state = st.session_state
    st.markdown(f"**{t('explorer.tasks.title', lang)}**")
    st.caption(t("explorer.tasks.help", lang))
    members = {m.id: m.name or m.id for m in amap.team}
    frame = pd.DataFrame([{"step": row["number"], "whom": row["target_name"],
                           "kind": row["kind_label"], "owner": row["owner"] or None,
                           "due": dt.date.fromisoformat(row["due"]) if row["due"] else None,
                           "done": row["done"]} for row in steps])
    edited = st.data_editor(
        frame, key=f"tasks_{state.get('edit_gen', 0)}", hide_index=True, width="stretch",
        num_rows="fixed", disabled=["step", "whom", "kind"],
        column_config={
            "step": st.column_config.NumberColumn(t("explorer.col.step", lang)),
            "whom": st.column_config.TextColumn(t("explorer.col.whom", lang)),
            "kind": st.column_config.TextColumn(t("explorer.col.kind", lang)),
            "owner": st.column_config.SelectboxColumn(
                t("explorer.col.owner", lang), options=list(members),
                format_func=lambda v: members.get(v, v)),
            "due": st.column_config.DateColumn(t("explorer.col.due", lang),
                                               format="YYYY-MM-DD"),
            "done": st.column_config.CheckboxColumn(t("explorer.col.done", lang))})
    tracked = [{"target": row["target"], "kind": row["kind"], "note": row["note"],
                "owner": edits["owner"], "due": edits["due"], "done": edits["done"]}
               for row, edits in zip(steps, edited.to_dict("records"))]
    cols = st.columns(3)
    if cols[0].button(t("explorer.tasks.save", lang), key="tasks_save", type="primary",
                      disabled=not (doc.writable and gate.may_edit(doc, signed_in()))):
        try:
            saved = save_document(doc, with_tasks(amap, tracked), cached_store(state.source),
                                  user=signed_in())
        except ConflictError as err:
            st.error(conflict_message(doc, amap, err, lang))
        except KamError as err:
            st.error(str(err))
        else:
            set_document(saved)
            state.flash = t("explorer.tasks.saved", lang,
                            revision=cached_map(saved.text).revision)
            st.rerun()
    cols[1].download_button(t("explorer.tasks.csv", lang), task_list_csv(steps, lang),
                            key="tasks_csv", mime="text/csv",
                            file_name=f"{amap.account.id}-tasks.csv")
    cols[2].download_button(t("explorer.tasks.xlsx", lang), task_list_xlsx(steps, lang),
                            key="tasks_xlsx", file_name=f"{amap.account.id}-tasks.xlsx",
                            mime="application/vnd.openxmlformats-officedocument."
                                 "spreadsheetml.sheet")


def view_orgchart(doc: Document, amap, analysis, settings, lang: str) -> None:
    st.caption(t("explorer.org.help", lang))
    influences = st.toggle(t("explorer.org.influences", lang), False, key="org_influences")
    notices, page = cached_orgchart(doc.text, settings, lang, influences)
    for notice in notices:
        st.info(notice)
    st.iframe(page, height="content")


def view_edit(doc: Document, amap, analysis, settings, lang: str) -> None:
    state = st.session_state
    gen = state.setdefault("edit_gen", 0)
    if keys_missing(gen) and state.get("draft") is not None:
        # Back from another view with unsaved edits: new editors, started from the draft.
        state.edit_gen = gen = gen + 1
        state.edit_base = state.draft
    elif keys_missing(gen) or "edit_base" not in state:
        state.edit_base = map_tables(amap)
    st.caption(t("explorer.edit.help", lang))
    edited = {}
    tabs = st.tabs([t(f"explorer.edit.{name}", lang) for name in COLUMNS])
    for tab, name in zip(tabs, COLUMNS):
        with tab:
            keyed = [KEY] if name in ("stakeholders", "team") else []
            frame = pd.DataFrame(state.edit_base[name], columns=[*COLUMNS[name], *keyed])
            result = st.data_editor(frame, key=f"edit_{name}_{gen}", num_rows="dynamic",
                                    hide_index=True, width="stretch",
                                    column_config=editor_columns(name, lang))
            edited[name] = result.to_dict("records")
    st.caption(t("explorer.edit.ids_fixed", lang))
    draft, problems = map_from_tables(amap, edited, lang=lang)
    if draft is not None and pick_successors(amap, draft, edited, gen, lang):
        draft, problems = map_from_tables(amap, edited, lang=lang)
    changed = problems or dumps_map(draft) != doc.text
    state.draft = edited if changed else None
    if problems:
        problems_list(problems, lang)
    elif changed:
        st.info(t("explorer.edit.unsaved", lang))
        left = marked_left(amap, draft)
        if left:
            st.warning(t("explorer.edit.marked_left", lang,
                         names=", ".join(rows.name_of(amap, sid) for sid in left)))
        impact_tables(compare_maps(amap, draft, settings_of(settings), lang), lang,
                      expanded=bool(left))
    conflict = state.get("conflict")
    if conflict:
        st.error(conflict["message"])
        st.download_button(t("explorer.edit.download_mine", lang), conflict["text"],
                           file_name=conflict["file_name"], mime="application/json",
                           key="download_mine", on_click="ignore")
        if doc.origin != "upload":  # an import has no saved map to reload
            st.button(t("explorer.edit.reload", lang), key="reload",
                      on_click=reload_document)
    if not doc.writable:
        st.caption(t("explorer.edit.not_writable", lang))
    if st.button(t("explorer.edit.save", lang), key="save", type="primary",
                 disabled=not (changed and not problems and doc.writable)):
        try:
            saved = save_document(doc, draft, cached_store(state.source),
                                  user=signed_in())
        except ConflictError as err:
            state.conflict = {"message": conflict_message(doc, amap, err, lang),
                              "text": dumps_map(draft),
                              "file_name": f"{amap.account.id}.mine.kam.json"}
        else:
            set_document(saved)
            state.flash = t("explorer.edit.saved", lang, revision=cached_map(saved.text).revision)
            state.saved_to_temporary = state.source.temporary
        st.rerun()
    log_form(doc, amap, settings, lang)


def log_form(doc: Document, amap, settings, lang: str) -> None:
    """Log one activity (who met whom, when) and save the map with it."""
    state = st.session_state
    names = {s.id: s.label for s in amap.stakeholders if s.active}
    members = {m.id: m.name or m.id for m in amap.team}
    with st.expander(t("explorer.log.title", lang)), st.form("log_activity"):
        member = st.selectbox(t("explorer.log.member", lang), list(members),
                              format_func=members.get, key="log_member")
        people = st.multiselect(t("explorer.log.stakeholders", lang), list(names),
                                format_func=names.get, key="log_people")
        when = st.date_input(t("explorer.log.date", lang),
                             value=settings_of(settings).today(), key="log_date")
        kind = st.selectbox(t("explorer.log.kind", lang), list(ACTIVITY_KINDS),
                            format_func=lambda k: t(f"explorer.activity.{k}", lang),
                            key="log_kind")
        note = st.text_input(t("explorer.log.note", lang), key="log_note")
        sent = st.form_submit_button(t("explorer.log.save", lang), disabled=not doc.writable,
                                     key="log_save")
    if not sent:
        return
    if not member or not people:
        st.warning(t("explorer.log.need", lang))
        return
    new, linked = log_activity(amap, date=when, member=member, stakeholders=people,
                               kind=kind, note=note)
    try:
        saved = save_document(doc, new, cached_store(state.source), user=signed_in())
    except ConflictError as err:
        state.conflict = {"message": conflict_message(doc, amap, err, lang),
                          "text": dumps_map(new), "file_name": f"{amap.account.id}.mine.kam.json"}
    else:
        set_document(saved)
        state.flash = t("explorer.log.saved", lang, revision=cached_map(saved.text).revision)
        state.saved_to_temporary = state.source.temporary
        if linked:
            state.flash += " " + t("explorer.log.new_links", lang, links=", ".join(
                f"{members[member]} → {names[sid]}" for sid in linked))
    st.rerun()


def pick_successors(amap, draft, edited: dict, gen: int, lang: str) -> bool:
    """A pick list of the other active stakeholders for each person marked as left; the
    choice goes into the edited stakeholders table. True when a choice changed it."""
    changed = False
    for sid, options in successor_choices(amap, draft).items():
        names = {other: rows.name_of(draft, other) for other in options}
        row = next(r for r in edited["stakeholders"] if r.get("id") == sid)
        current = row.get("successor") if row.get("successor") in names else ""
        choice = st.selectbox(
            t("explorer.edit.successor", lang, name=rows.name_of(draft, sid)),
            ["", *names], index=["", *names].index(current), key=f"successor_{sid}_{gen}",
            format_func=lambda v, names=names: names.get(v) or t("explorer.edit.no_successor",
                                                                   lang))
        if choice != current:
            row["successor"] = choice or None
            changed = True
    return changed


def keys_missing(gen: int) -> bool:
    return f"edit_stakeholders_{gen}" not in st.session_state


def conflict_message(doc: Document, amap, err: ConflictError, lang: str) -> str:
    """Why a save was refused: someone saved in between, or (an opened import, never
    saved in the portfolio) the portfolio holds a map of its account already."""
    if doc.origin == "upload":
        return t("explorer.edit.upload_exists", lang,
                 name=amap.account.name or amap.account.id, detail=str(err))
    return t("explorer.edit.conflict", lang, detail=str(err))


def reload_document() -> None:
    state = st.session_state
    doc = state.doc
    set_document(open_account(state.source, cached_store(state.source), doc.account,
                              location=doc.location if doc.origin == "file" else None))


def editor_columns(name: str, lang: str) -> dict:
    config = {column: st.column_config.TextColumn(t(f"explorer.col.{column}", lang))
              for column in COLUMNS[name]}
    if name in ("stakeholders", "team"):
        # Relationships and coverage point to ids: an existing row's id is fixed, and a
        # new row gets one from its name (explorer.edit.map_from_tables).
        config["id"] = st.column_config.TextColumn(t("explorer.col.id", lang), disabled=True)
        config[KEY] = None
    terms = {"level": LEVELS, "role": ROLES, "status": STATUSES, "kind": RELATIONSHIP_KINDS}
    for column, options in terms.items():
        if column in config:
            config[column] = st.column_config.SelectboxColumn(
                t(f"explorer.col.{column}", lang), options=list(options),
                format_func=lambda v: label(v, lang))
    if name == "stakeholders":
        config["stance"] = st.column_config.NumberColumn(t("explorer.col.stance", lang),
                                                         min_value=-2, max_value=2, step=1)
        config["power"] = st.column_config.NumberColumn(t("explorer.col.power", lang), min_value=1,
                                                        max_value=5, step=1)
    if "strength" in config:
        config["strength"] = st.column_config.NumberColumn(t("explorer.col.strength", lang),
                                                           min_value=0.0, max_value=1.0,
                                                           step=0.05, format="%.2f")
    return config


def impact_tables(impact: dict, lang: str, *, expanded: bool = True) -> None:
    shown = rows.impact_rows(impact, lang)
    with st.expander(t("explorer.impact.title", lang), expanded=expanded):
        parts = ("alerts", "broken_routes", "gaps_opened", "gaps_closed", "added", "removed",
                 "changed")
        for key in parts:
            if shown[key]:
                st.markdown(f"**{t(f'explorer.impact.{key}', lang)}**")
                if key == "alerts":
                    st.markdown(cards.alert_cards(impact["alerts"], lang))
                else:
                    table(shown[key], lang)
        if not any(shown[key] for key in parts):
            st.caption(t("explorer.impact.nothing", lang))
        if shown["score"]:
            st.caption(t("explorer.impact.score", lang, **shown["score"]))


@st.cache_data(max_entries=16, show_spinner=False)
def cached_history_series(doc: Document, settings: tuple) -> list[dict]:
    # keyed on the document (its text changes with every save) and the settings
    return history_series(doc, cached_store(st.session_state.source), settings_of(settings))


def view_changes(doc: Document, amap, analysis, settings, lang: str) -> None:
    st.subheader(t("explorer.changes.compare", lang))
    store = cached_store(st.session_state.source) if doc.origin == "store" else None
    history = history_choices(doc, store, lang)
    series = cached_history_series(doc, settings) if len(history) > 1 else []
    if series:
        st.caption(t("explorer.changes.history", lang))
        chart = pd.DataFrame(series).set_index("revision")
        chart.columns = [t(f"explorer.col.{c}", lang) for c in chart.columns]
        st.line_chart(chart, height=220)
    left, right = st.columns(2)
    choice = left.selectbox(t("explorer.changes.with", lang), ["", *history, "upload"],
                            key="compare_with",
                            format_func=lambda v: history.get(v)
                            or t(f"explorer.changes.{v or 'none'}", lang))
    against = right.selectbox(t("explorer.changes.to", lang), ["", *history],
                              key="compare_to",
                              format_func=lambda v: history.get(v)
                              or t("explorer.changes.open_map", lang))
    older = None
    if choice == "upload":
        upload = st.file_uploader(t("explorer.changes.upload_label", lang), key="compare_upload",
                                  max_upload_size=MAX_UPLOAD_MB)
        if upload is not None:
            older = import_upload([(upload.name, upload.getvalue())], "kam")[0].map
    elif choice:
        older = load_history_revision(doc, store, int(choice))
    newer = load_history_revision(doc, store, int(against)) if against else amap
    if older is not None:
        impact_tables(compare_maps(older, newer, settings_of(settings), lang), lang)
    st.subheader(t("explorer.changes.whatif", lang))
    options = rows.people_options(amap, lang)
    removed = st.multiselect(t("explorer.changes.remove", lang), list(options), key="whatif_remove",
                             format_func=options.get,
                             placeholder=t("explorer.changes.remove_placeholder", lang))
    if removed:
        result = what_if(amap, removed, settings_of(settings), lang)
        impact_tables(result, lang)
        if result["highlight"]:
            st.caption(t("explorer.changes.whatif_graph", lang))
            show_graph(doc.text, settings, lang, highlight=result["highlight"])


def _format_name(fmt: str, lang: str) -> str:
    key = f"explorer.format.{fmt}"
    return t(key, lang) if has(key) else fmt


def import_section(lang: str) -> None:
    """Upload, the format told from the files (overridable), a preview of every map, a
    name, and opening one or saving all to the portfolio (explorer.uploads)."""
    state = st.session_state
    st.subheader(t("explorer.io.import", lang))
    uploads = st.file_uploader(t("explorer.io.upload", lang), key="upload",
                               accept_multiple_files=True, max_upload_size=MAX_UPLOAD_MB)
    if not uploads:
        state.pop("import_result", None)
        return
    files = tuple(u.file_id for u in uploads)
    try:
        if state.get("upload_files") != files:
            state.pop("upload_read", None)
            state.pop("import_result", None)
            state.pop("import_name", None)
            state.upload_read = detect_upload([(u.name, u.getvalue()) for u in uploads])
            state.upload_files = files
    except KamError as err:  # a file refused by its content: the downloads stay below
        st.error(localize(str(err), lang))
        return
    upload = state.upload_read
    detection = upload.detection
    st.info(t("explorer.import.detected", lang, reason=detection.reason))
    if detection.ignored:
        st.warning(t("explorer.import.ignored", lang, files=list(detection.ignored)))
    with st.expander(t("explorer.import.files", lang)):
        table(file_rows(upload, lang), lang)
    fmt = st.selectbox(
        t("explorer.import.format", lang), import_formats(), key="import_format",
        help=t("explorer.import.format.help", lang),
        format_func=lambda f: t("explorer.import.detect_option", lang,
                                format=_format_name(detection.format or "auto", lang))
        if f == "auto" else _format_name(f, lang))
    chosen = detection.format if fmt == "auto" else fmt
    marker = (files, chosen)
    if state.get("import_result", {}).get("marker") != marker:
        try:
            results = read_upload(upload, chosen, amap=cached_map(state.doc.text))
        except KamError as err:  # what the importer refuses, naming the file
            st.error(localize(str(err), lang))
            return
        state.import_result = {"marker": marker, "format": chosen, "results": results,
                               "name": ", ".join(u.name for u in uploads)}
    show_import(state.import_result, lang)


def portfolio_folder() -> str | None:
    """The folder imports are saved into: the one the explorer runs on, if any."""
    source = st.session_state.source
    return source.location if source.kind == "folder" else None


def view_io(doc: Document, amap, analysis, settings, lang: str) -> None:
    if gate.may_import(signed_in()):
        import_section(lang)
    st.subheader(t("explorer.io.download", lang))
    cols = st.columns(3)
    # A click does not rerun the app: a rerun registers the deferred download anew and
    # drops the one the browser is fetching (MediaFileStorageError, "Deferred file not found").
    cols[0].download_button(t("explorer.io.map", lang), doc.text, key="download_map",
                            file_name=f"{amap.account.id}.kam.json", mime="application/json",
                            on_click="ignore")
    report_fmt = cols[1].selectbox(t("explorer.io.report", lang), report_formats(),
                                   key="report_format")
    cols[1].download_button(
        t("explorer.io.download_report", lang),
        deferred_download(report_maker(amap, report_fmt, settings_of(settings), lang),
                          doc.text, report_fmt, settings, lang),
        key="download_report", file_name=f"{amap.account.id}-report{report_fmt}",
        on_click="ignore")
    export_fmt = cols[2].selectbox(t("explorer.io.export", lang), export_formats(),
                                   key="export_format")
    cols[2].download_button(t("explorer.io.download_export", lang),
                            deferred_download(export_maker(amap, export_fmt), doc.text,
                                              export_fmt),
                            key="download_export", file_name=f"{amap.account.id}{export_fmt}",
                            on_click="ignore")


def show_import(imported: dict, lang: str) -> None:
    results = imported["results"]
    maps = [r.map for r in results]
    st.markdown(f"**{t('explorer.import.preview', lang, n=len(results))}**")
    table(preview_rows(results), lang)
    index = 0
    if len(results) > 1:
        index = st.selectbox(t("explorer.io.account", lang), range(len(results)),
                             key="import_pick", format_func=lambda i: maps[i].account.name
                             or maps[i].account.id)
    result = results[index]
    shown = (maps[index].account.name or maps[index].account.id) if len(maps) > 1 else (
        imported["name"])
    st.success(t("explorer.io.imported", lang, name=shown, **rows.counts(maps[index])))
    if result.problems:
        st.warning(t("explorer.io.problems", lang, n=len(result.problems)))
        table(report_rows(result.problems, lang), lang)
    if result.notes:
        with st.expander(t("explorer.io.notes", lang, n=len(result.notes))):
            table(report_rows(result.notes, lang), lang)
    fmt = imported["format"]
    if fmt in ACTIVITY_FORMATS:
        st.caption(t("explorer.import.activities", lang,
                     name=cached_map(st.session_state.doc.text).account.name))
    elif len(results) == 1:
        st.text_input(t("explorer.import.name", lang), key="import_name",
                      value=maps[0].account.name or maps[0].account.id,
                      help=t("explorer.import.name.help", lang))
    else:
        st.caption(t("explorer.import.names_from_export", lang))
    cols = st.columns(2)
    cols[0].button(t("explorer.io.open", lang), key="open_import", on_click=open_import)
    if fmt == "kam" or fmt in ACTIVITY_FORMATS:
        return
    save_import_button(cols[1], fmt, results, lang)


def save_import_button(col, fmt: str, results: list, lang: str) -> None:
    """Save every map of the upload into the portfolio folder, as kam import does."""
    state = st.session_state
    folder = portfolio_folder()
    if folder is None:
        key = "neo4j" if state.source.kind == "neo4j" else "no_portfolio"
        st.caption(t(f"explorer.import.{key}", lang))
        return
    single = len(results) == 1
    name = (state.get("import_name") or "").strip() if single else None
    there = existing_accounts(results, cached_store(state.source), name=name)
    if there:
        st.info(t("explorer.import.exists", lang, names=there))
    label = (t("explorer.import.save", lang) if single
             else t("explorer.import.save_all", lang, n=len(results)))
    if single and not name:
        st.caption(t("explorer.import.name_needed", lang))
    if not col.button(label, key="save_import", type="primary", disabled=single and not name):
        return
    try:
        gate.check_import(signed_in(), results, cached_store(state.source), name=name)
        done = save_to_portfolio(state.upload_read, fmt, folder, name=name,
                                 saved_by=gate.saved_by(signed_in()))
    except KamError as err:
        st.error(str(err))
        return
    state.flash = t("explorer.import.saved", lang, maps=[
        t("explorer.import.saved_map", lang, name=d.result.map.account.name
          or d.result.map.account.id, revision=d.revision,
          merged=t("explorer.import.merged", lang) if d.merged else "") for d in done])
    state.saved_to_temporary = state.source.temporary
    st.rerun()


def open_import() -> None:
    state = st.session_state
    results = state.import_result["results"]
    amap = results[state.get("import_pick") or 0].map.copy()
    name = (state.get("import_name") or "").strip() if len(results) == 1 else ""
    if name and state.import_result["format"] not in ("kam", *ACTIVITY_FORMATS):
        amap.account.name, amap.account.id = name, slug(name) or "imported"
    set_document(Document.from_upload(dumps_map(amap), state.source))
    state.view = "map"


def temporary_copy_notice(doc: Document, lang: str) -> None:
    """Say plainly that saves go to a temporary copy, and offer to keep the map."""
    state = st.session_state
    with st.sidebar:
        st.caption(t("explorer.temporary.notice", lang, location=state.source.location))
    if not state.get("saved_to_temporary"):
        return
    with st.container(border=True, key="temporary_copy"):
        st.warning(t("explorer.temporary.saved", lang))
        cols = st.columns([2, 3, 2])
        cols[0].download_button(t("explorer.io.map", lang), doc.text, key="temporary_download",
                                file_name=f"{doc.account}.kam.json", mime="application/json",
                                on_click="ignore")
        if not gate.may_copy_out(signed_in()):
            return
        folder = cols[1].text_input(t("explorer.temporary.folder", lang), key="temporary_folder",
                                    help=t("explorer.temporary.folder.help", lang))
        if cols[2].button(t("explorer.temporary.save", lang), key="temporary_save",
                          disabled=not folder.strip()):
            try:
                path = save_copy(doc.text, folder.strip())
            except KamError as err:
                st.error(str(err))
            else:
                st.success(t("explorer.temporary.copied", lang, path=str(path)))


def view_portfolio(doc: Document, amap, analysis, settings, lang: str) -> None:
    state = st.session_state
    if not state.source.is_portfolio:
        st.info(t("explorer.portfolio.single", lang))
        return
    portfolio = gate.visible_portfolio(list_portfolio(cached_store(state.source),
                                                      settings_of(settings), lang), signed_in())
    st.caption(t("explorer.portfolio.help", lang))
    table(rows.portfolio_rows(portfolio, status="open", lang=lang), lang)
    for status in ("won", "lost"):
        apart = rows.portfolio_rows(portfolio, status=status, lang=lang)
        if apart:
            st.subheader(t(f"deal.group.{status}", lang))
            table(apart, lang)
    if portfolio["problems"]:
        st.warning(t("explorer.portfolio.unreadable", lang, n=len(portfolio["problems"])))
        table(portfolio["problems"], lang)
    options = {row["id"]: row["name"] for row in portfolio["rows"]}
    if not options:
        return
    choice = st.selectbox(t("explorer.portfolio.choose", lang), list(options),
                          key="portfolio_account", format_func=options.get)
    st.button(t("explorer.portfolio.open", lang), key="portfolio_open", type="primary",
              on_click=open_from_portfolio, disabled=not choice)


def open_from_portfolio() -> None:
    state = st.session_state
    set_document(open_account(state.source, cached_store(state.source),
                              state.portfolio_account))
    state.view = "map"


VIEW_FUNCTIONS = {
    "map": view_map,
    "orgchart": view_orgchart,
    "influence": view_influence,
    "gaps": view_gaps,
    "edit": view_edit,
    "changes": view_changes,
    "io": view_io,
    "portfolio": view_portfolio,
}


def main() -> None:
    # the map reports the server's time for this run, on the clock and in CPU
    st.session_state.run_started = (time.perf_counter(), time.thread_time())
    sign_in()
    try:
        source, doc = start()
    except KamError as err:
        st.error(str(err))
        st.stop()
    lang, view, settings = sidebar(doc)
    flash = st.session_state.pop("flash", None)
    if flash:
        st.success(flash)
    if source.temporary:
        temporary_copy_notice(doc, lang)
    try:
        amap = cached_map(doc.text)
        analysis = cached_analysis(doc.text, settings)
        header(amap, analysis, lang)
        VIEW_FUNCTIONS[view](doc, amap, analysis, settings, lang)
    except KamError as err:
        st.error(str(err))


main()
