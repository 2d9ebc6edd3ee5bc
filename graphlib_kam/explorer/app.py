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

import pandas as pd
import streamlit as st

from graphlib_kam.errors import ConflictError, KamError
from graphlib_kam.explorer import rows
from graphlib_kam.explorer.edit import COLUMNS, map_from_tables, map_tables, marked_left
from graphlib_kam.explorer.session import (
    Document,
    analyse,
    compare_maps,
    export_formats,
    export_maker,
    find_paths,
    graph_facts,
    history_choices,
    import_formats,
    import_upload,
    list_portfolio,
    open_account,
    open_source,
    report_formats,
    report_maker,
    save_document,
    what_if,
)
from graphlib_kam.explorer.sources import MAX_UPLOAD_BYTES, ExplorerSource, resolve_source
from graphlib_kam.explorer.text import LANG_NAMES, VIEWS, md, ui
from graphlib_kam.model.vocab import LEVELS, RELATIONSHIP_KINDS, ROLES, STATUSES, label
from graphlib_kam.present.viz import Filters, build_graph_data, render_html
from graphlib_kam.settings import Settings
from graphlib_kam.store import dumps_map, load_map, loads_map

GRAPH_HEIGHT = 640
MAX_UPLOAD_MB = MAX_UPLOAD_BYTES // 1048576

st.set_page_config(page_title="graphlib_kam explorer", page_icon="🕸️", layout="wide")


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
        cached_map(text), analysis=graph_facts(cached_analysis(text, settings)), lang=lang,
        highlight=list(highlight) or None, selected=selected,
        filters=Filters(**dict(filters)), hierarchical=hierarchical,
    )
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


def table(records: list[dict], lang: str, **options) -> None:
    """Rows of plain dicts as a read-only table with headers in ``lang``."""
    if not records:
        st.caption(ui("table.empty", lang))
        return
    frame = pd.DataFrame(records)
    frame.columns = [ui(f"col.{c}", lang) for c in frame.columns]
    st.dataframe(frame, hide_index=True, width="stretch", **options)


def settings_of(settings: tuple) -> Settings:
    return Settings(**dict(settings))


def problems_list(problems, lang: str) -> None:
    st.error(ui("edit.problems", lang, n=len(problems)))
    table(rows.problem_rows(problems), lang)


# --- state -------------------------------------------------------------------------------

def start() -> tuple[ExplorerSource, Document]:
    """The source and the open document, set up on the session's first run."""
    state = st.session_state
    if "source" not in state:
        state.source = resolve_source(sys.argv[1:], os.environ)
    if "doc" not in state:
        state.doc = open_account(state.source, cached_store(state.source), state.source.account)
    return state.source, state.doc


def set_document(doc: Document) -> None:
    """Open ``doc``: drop the edits, results and selections of the previous map."""
    state = st.session_state
    state.doc = doc
    state.edit_gen = state.get("edit_gen", 0) + 1
    for key in ("draft", "edit_base", "conflict", "paths", "import_result"):
        state.pop(key, None)
    state.selected = ""


def sidebar(doc: Document) -> tuple[str, str, tuple]:
    """Language, view and the analysis thresholds."""
    with st.sidebar:
        lang = st.radio("Language / 语言", list(LANG_NAMES), format_func=LANG_NAMES.get,
                        key="lang", horizontal=True)
        view = st.radio(ui("nav.view", lang), VIEWS, key="view",
                        format_func=lambda v: ui(f"view.{v}", lang))
        with st.expander(ui("settings.title", lang), expanded=view == "gaps"):
            values = {
                "covered_min": st.slider(ui("settings.covered_min", lang), 0.05, 1.0, 0.5,
                                         0.05, key="covered_min"),
                "stale_days": st.number_input(ui("settings.stale_days", lang), 1, 3650, 90,
                                              key="stale_days"),
                "min_route": st.number_input(ui("settings.min_route", lang), 0.01, 1.0, 0.1,
                                             0.01, key="min_route"),
                "opposer_path_level": st.number_input(
                    ui("settings.opposer_path_level", lang), 0.01, 1.0, 0.3, 0.05,
                    key="opposer_path_level"),
                "influencer_path_level": st.number_input(
                    ui("settings.influencer_path_level", lang), 0.01, 1.0, 0.3, 0.05,
                    key="influencer_path_level"),
                "as_of": st.date_input(ui("settings.as_of", lang), dt.date.today(),
                                       key="as_of"),
            }
        st.caption(ui("sidebar.source", lang, location=doc.location or ui("doc.unsaved", lang)))
    return lang, view, tuple(sorted(values.items()))


def header(amap, analysis, lang: str) -> None:
    st.title(md(amap.account.name or amap.account.id))
    facts = rows.overview(amap, analysis)
    cols = st.columns(5)
    cols[0].metric(ui("metric.score", lang), f"{facts['score']:.1f}")  # as kam gaps says
    cols[1].metric(ui("metric.stakeholders", lang), facts["stakeholders"])
    cols[2].metric(ui("metric.high_gaps", lang), facts["high_gaps"])
    cols[3].metric(ui("metric.covered", lang), f"{facts['covered']}/{facts['stakeholders']}")
    cols[4].metric(ui("metric.revision", lang), facts["revision"])


# --- views -------------------------------------------------------------------------------

def view_map(doc: Document, amap, analysis, settings, lang: str) -> None:
    state = st.session_state
    people = rows.stakeholder_options(amap, lang)
    if state.get("selected") not in people:
        state.selected = ""
    with st.sidebar:
        st.subheader(ui("filters.title", lang))
        everyone = ui("filters.all", lang)  # an empty filter shows everyone
        roles = st.multiselect(ui("filters.roles", lang), ROLES, key="f_roles",
                               format_func=lambda v: label(v, lang), placeholder=everyone)
        levels = st.multiselect(ui("filters.levels", lang), LEVELS, key="f_levels",
                                format_func=lambda v: label(v, lang), placeholder=everyone)
        departments = st.multiselect(ui("filters.departments", lang),
                                     rows.departments(amap), key="f_departments",
                                     placeholder=everyone)
        statuses = st.multiselect(ui("filters.statuses", lang), STATUSES, key="f_statuses",
                                  format_func=lambda v: label(v, lang), placeholder=everyone)
        show_team = st.toggle(ui("filters.team", lang), True, key="f_team")
        hierarchical = st.toggle(ui("filters.hierarchical", lang), False, key="hierarchical")
    filters = (("roles", tuple(roles) or None), ("levels", tuple(levels) or None),
               ("departments", tuple(departments) or None),
               ("statuses", tuple(statuses) or None), ("show_team", show_team))
    selected = st.selectbox(
        ui("map.select", lang), ["", *people], key="selected",
        format_func=lambda sid: people.get(sid) or ui("map.select_none", lang),
    )
    deciders = rows.decision_makers(amap, analysis, lang)
    st.markdown(f"**{ui('dm.title', lang)}** " + (" · ".join(
        f"{md(name)} ({state})" for name, state in deciders) or ui("dm.none", lang)))
    card = rows.stakeholder_card(amap, analysis, selected, lang) if selected else None
    graph_col, card_col = st.columns([3, 2]) if card else (st.container(), None)
    with graph_col:
        show_graph(doc.text, settings, lang, highlight=card["path"] if card else (),
                   selected=selected or None, filters=filters, hierarchical=hierarchical)
    if card:
        with card_col, st.container(border=True, key="card"):
            stakeholder_card(card, lang)


def stakeholder_card(card: dict, lang: str) -> None:
    st.subheader(md(card["name"]))
    st.caption(md(card["subtitle"]))
    cols = st.columns(3)
    cols[0].metric(ui("card.rank", lang), card["rank_text"])
    cols[1].metric(ui("card.power", lang), f"{card['power']}/5")
    cols[2].metric(ui("card.stance", lang), card["stance_text"])
    st.markdown(md(card["facts"]))
    st.markdown(f"**{ui('card.interests', lang)}** " + md(card["interests"]))
    st.markdown(f"**{ui('card.covered_by', lang)}**")
    if card["coverage"]:
        table(card["coverage"], lang)
    else:
        st.caption(ui("card.nobody", lang))
    st.markdown(f"**{ui('card.route', lang)}**")
    if card["route"]:
        st.success(md(card["route"]))
    else:
        st.warning(md(card["no_route"]))


def bar_chart(records: list[dict], column: str) -> None:
    data = rows.chart_data(records, column)
    if data:
        st.bar_chart(pd.Series(data, name=column), horizontal=True, sort=False)


def view_influence(doc: Document, amap, analysis, settings, lang: str) -> None:
    tabs = st.tabs([ui("influence.ranking", lang), ui("influence.brokers", lang),
                    ui("influence.hidden", lang), ui("influence.paths", lang)])
    with tabs[0]:
        ranking = rows.ranking_rows(amap, analysis, lang)
        bar_chart(ranking[:15], "score")
        table(ranking, lang)
    with tabs[1]:
        brokers = rows.broker_rows(amap, analysis, lang)
        bar_chart(brokers[:15], "score")
        table(brokers, lang)
    with tabs[2]:
        st.caption(ui("influence.hidden_help", lang))
        hidden = rows.hidden_rows(amap, analysis, lang)
        bar_chart(hidden, "ratio")
        table(hidden, lang)
    with tabs[3]:
        path_finder(doc, amap, settings, lang)


def path_finder(doc: Document, amap, settings, lang: str) -> None:
    state = st.session_state
    people = rows.stakeholder_options(amap, lang, active_only=True)
    ids = list(people)
    if not ids:
        st.caption(ui("table.empty", lang))
        return
    cols = st.columns([3, 3, 1, 2])
    source = cols[0].selectbox(ui("paths.from", lang), ids, key="path_from",
                               format_func=people.get)
    target = cols[1].selectbox(ui("paths.to", lang), ids, key="path_to",
                               format_func=people.get, index=min(1, len(ids) - 1))
    k = cols[2].number_input(ui("paths.k", lang), 1, 10, 3, key="path_k")
    avoid = cols[3].checkbox(ui("paths.avoid", lang), key="path_avoid")
    if st.button(ui("paths.find", lang), key="path_find", type="primary"):
        state.paths = find_paths(amap, source, target, k=int(k), avoid_opposers=avoid,
                                 settings=settings_of(settings))
    found = state.get("paths")
    if found is None:
        return
    if not found["paths"]:
        st.warning(ui("paths.none", lang, source=rows.name_of(amap, found["source"]),
                      target=rows.name_of(amap, found["target"])))
        return
    table(rows.path_rows(amap, found["paths"]), lang)
    chosen = st.radio(ui("paths.highlight", lang), range(len(found["paths"])),
                      key="path_choice", horizontal=True, format_func=lambda i: f"#{i + 1}")
    show_graph(doc.text, settings, lang, highlight=found["paths"][chosen or 0]["nodes"])


def view_gaps(doc: Document, amap, analysis, settings, lang: str) -> None:
    st.subheader(ui("gaps.title", lang))
    counts = analysis.gaps_by_severity()
    cols = st.columns(4)
    cols[0].metric(ui("metric.score", lang), f"{analysis.score:.1f}")
    for col, severity in zip(cols[1:], ("high", "medium", "low")):
        col.metric(ui(f"severity.{severity}", lang), counts[severity])
    table(rows.gap_rows(analysis, lang), lang)
    st.subheader(ui("plan.title", lang))
    steps = rows.plan_rows(analysis, lang)
    if steps:
        table(steps, lang)
    else:
        st.info(ui("plan.empty", lang))
    with st.expander(ui("plan.targets", lang)):
        table(rows.plan_target_rows(analysis, lang), lang)
    st.subheader(ui("matrix.title", lang))
    st.caption(ui("matrix.help", lang))
    table(rows.matrix_rows(analysis, lang), lang)


def view_edit(doc: Document, amap, analysis, settings, lang: str) -> None:
    state = st.session_state
    gen = state.setdefault("edit_gen", 0)
    if keys_missing(gen) and state.get("draft") is not None:
        # Back from another view with unsaved edits: new editors, started from the draft.
        state.edit_gen = gen = gen + 1
        state.edit_base = state.draft
    elif keys_missing(gen) or "edit_base" not in state:
        state.edit_base = map_tables(amap)
    st.caption(ui("edit.help", lang))
    edited = {}
    tabs = st.tabs([ui(f"edit.{name}", lang) for name in COLUMNS])
    for tab, name in zip(tabs, COLUMNS):
        with tab:
            frame = pd.DataFrame(state.edit_base[name], columns=list(COLUMNS[name]))
            result = st.data_editor(frame, key=f"edit_{name}_{gen}", num_rows="dynamic",
                                    hide_index=True, width="stretch",
                                    column_config=editor_columns(name, lang))
            edited[name] = result.to_dict("records")
    draft, problems = map_from_tables(amap, edited)
    changed = problems or dumps_map(draft) != doc.text
    state.draft = edited if changed else None
    if problems:
        problems_list(problems, lang)
    elif changed:
        st.info(ui("edit.unsaved", lang))
        left = marked_left(amap, draft)
        if left:
            st.warning(ui("edit.marked_left", lang,
                          names=", ".join(rows.name_of(amap, sid) for sid in left)))
        impact_tables(compare_maps(amap, draft, settings_of(settings), lang), lang,
                      expanded=bool(left))
    conflict = state.get("conflict")
    if conflict:
        st.error(conflict["message"])
        st.download_button(ui("edit.download_mine", lang), conflict["text"],
                           file_name=conflict["file_name"], mime="application/json",
                           key="download_mine")
        st.button(ui("edit.reload", lang), key="reload", on_click=reload_document)
    if not doc.writable:
        st.caption(ui("edit.not_writable", lang))
    if st.button(ui("edit.save", lang), key="save", type="primary",
                 disabled=not (changed and not problems and doc.writable)):
        try:
            saved = save_document(doc, draft, cached_store(state.source))
        except ConflictError as err:
            state.conflict = {"message": ui("edit.conflict", lang, detail=str(err)),
                              "text": dumps_map(draft),
                              "file_name": f"{amap.account.id}.mine.kam.json"}
        else:
            set_document(saved)
            state.flash = ui("edit.saved", lang, revision=cached_map(saved.text).revision)
        st.rerun()


def keys_missing(gen: int) -> bool:
    return f"edit_stakeholders_{gen}" not in st.session_state


def reload_document() -> None:
    state = st.session_state
    doc = state.doc
    set_document(open_account(state.source, cached_store(state.source), doc.account,
                              location=doc.location if doc.origin == "file" else None))


def editor_columns(name: str, lang: str) -> dict:
    config = {column: st.column_config.TextColumn(ui(f"col.{column}", lang))
              for column in COLUMNS[name]}
    terms = {"level": LEVELS, "role": ROLES, "status": STATUSES, "kind": RELATIONSHIP_KINDS}
    for column, options in terms.items():
        if column in config:
            config[column] = st.column_config.SelectboxColumn(
                ui(f"col.{column}", lang), options=list(options),
                format_func=lambda v: label(v, lang))
    if name == "stakeholders":
        config["stance"] = st.column_config.NumberColumn(ui("col.stance", lang), min_value=-2,
                                                         max_value=2, step=1)
        config["power"] = st.column_config.NumberColumn(ui("col.power", lang), min_value=1,
                                                        max_value=5, step=1)
    if "strength" in config:
        config["strength"] = st.column_config.NumberColumn(ui("col.strength", lang),
                                                           min_value=0.0, max_value=1.0,
                                                           step=0.05, format="%.2f")
    return config


def impact_tables(impact: dict, lang: str, *, expanded: bool = True) -> None:
    shown = rows.impact_rows(impact, lang)
    with st.expander(ui("impact.title", lang), expanded=expanded):
        parts = ("alerts", "broken_routes", "gaps_opened", "gaps_closed", "added", "removed",
                 "changed")
        for key in parts:
            if shown[key]:
                st.markdown(f"**{ui(f'impact.{key}', lang)}**")
                table(shown[key], lang)
        if not any(shown[key] for key in parts):
            st.caption(ui("impact.nothing", lang))
        if shown["score"]:
            st.caption(ui("impact.score", lang, **shown["score"]))


def view_changes(doc: Document, amap, analysis, settings, lang: str) -> None:
    st.subheader(ui("changes.compare", lang))
    history = history_choices(doc)
    choice = st.selectbox(ui("changes.with", lang), ["", *history, "upload"],
                          key="compare_with",
                          format_func=lambda v: history.get(v) or ui(f"changes.{v or 'none'}",
                                                                     lang))
    older = None
    if choice == "upload":
        upload = st.file_uploader(ui("changes.upload_label", lang), key="compare_upload",
                                  max_upload_size=MAX_UPLOAD_MB)
        if upload is not None:
            older = import_upload([(upload.name, upload.getvalue())], "kam")[0].map
    elif choice:
        older = load_map(choice)
    if older is not None:
        impact_tables(compare_maps(older, amap, settings_of(settings), lang), lang)
    st.subheader(ui("changes.whatif", lang))
    options = rows.people_options(amap, lang)
    removed = st.multiselect(ui("changes.remove", lang), list(options), key="whatif_remove",
                             format_func=options.get,
                             placeholder=ui("changes.remove_placeholder", lang))
    if removed:
        result = what_if(amap, removed, settings_of(settings), lang)
        impact_tables(result, lang)
        if result["highlight"]:
            st.caption(ui("changes.whatif_graph", lang))
            show_graph(doc.text, settings, lang, highlight=result["highlight"])


def view_io(doc: Document, amap, analysis, settings, lang: str) -> None:
    state = st.session_state
    st.subheader(ui("io.import", lang))
    fmt = st.selectbox(ui("io.format", lang), import_formats(), key="import_format",
                       format_func=lambda f: ui(f"format.{f}", lang, default=f))
    uploads = st.file_uploader(ui("io.upload", lang), key="upload", accept_multiple_files=True,
                               max_upload_size=MAX_UPLOAD_MB)
    if uploads:
        marker = (tuple(u.file_id for u in uploads), fmt)
        if state.get("import_result", {}).get("marker") != marker:
            results = import_upload([(u.name, u.getvalue()) for u in uploads], fmt)
            state.import_result = {
                "marker": marker, "name": ", ".join(u.name for u in uploads),
                "results": [{"text": dumps_map(r.map), "problems": r.problems,
                             "notes": r.notes} for r in results],
            }
    imported = state.get("import_result")
    if imported:
        show_import(imported, lang)
    st.subheader(ui("io.download", lang))
    cols = st.columns(3)
    cols[0].download_button(ui("io.map", lang), doc.text, key="download_map",
                            file_name=f"{amap.account.id}.kam.json", mime="application/json")
    report_fmt = cols[1].selectbox(ui("io.report", lang), report_formats(),
                                   key="report_format")
    cols[1].download_button(
        ui("io.download_report", lang),
        report_maker(amap, report_fmt, settings_of(settings), lang),
        key="download_report", file_name=f"{amap.account.id}-report{report_fmt}")
    export_fmt = cols[2].selectbox(ui("io.export", lang), export_formats(),
                                   key="export_format")
    cols[2].download_button(ui("io.download_export", lang), export_maker(amap, export_fmt),
                            key="download_export", file_name=f"{amap.account.id}{export_fmt}")


def show_import(imported: dict, lang: str) -> None:
    results = imported["results"]
    index = 0
    if len(results) > 1:
        names = [cached_map(r["text"]).account.name for r in results]
        index = st.selectbox(ui("io.account", lang), range(len(results)), key="import_pick",
                             format_func=names.__getitem__)
    result = results[index]
    new_map = cached_map(result["text"])
    st.success(ui("io.imported", lang, name=imported["name"], **rows.counts(new_map)))
    if result["problems"]:
        st.warning(ui("io.problems", lang, n=len(result["problems"])))
        table(rows.problem_rows(result["problems"]), lang)
    if result["notes"]:
        with st.expander(ui("io.notes", lang, n=len(result["notes"]))):
            table(rows.problem_rows(result["notes"]), lang)
    st.button(ui("io.open", lang), key="open_import", type="primary", on_click=open_import)


def open_import() -> None:
    state = st.session_state
    results = state.import_result["results"]
    text = results[state.get("import_pick") or 0]["text"]
    set_document(Document.from_upload(text, state.source))
    state.view = "map"


def view_portfolio(doc: Document, amap, analysis, settings, lang: str) -> None:
    state = st.session_state
    if not state.source.is_portfolio:
        st.info(ui("portfolio.single", lang))
        return
    portfolio = list_portfolio(cached_store(state.source), settings_of(settings), lang)
    st.caption(ui("portfolio.help", lang))
    table(rows.portfolio_rows(portfolio), lang)
    if portfolio["problems"]:
        st.warning(ui("portfolio.unreadable", lang, n=len(portfolio["problems"])))
        table(portfolio["problems"], lang)
    options = {row["id"]: row["name"] for row in portfolio["rows"]}
    if not options:
        return
    choice = st.selectbox(ui("portfolio.choose", lang), list(options), key="portfolio_account",
                          format_func=options.get)
    st.button(ui("portfolio.open", lang), key="portfolio_open", type="primary",
              on_click=open_from_portfolio, disabled=not choice)


def open_from_portfolio() -> None:
    state = st.session_state
    set_document(open_account(state.source, cached_store(state.source),
                              state.portfolio_account))
    state.view = "map"


VIEW_FUNCTIONS = {
    "map": view_map,
    "influence": view_influence,
    "gaps": view_gaps,
    "edit": view_edit,
    "changes": view_changes,
    "io": view_io,
    "portfolio": view_portfolio,
}


def main() -> None:
    try:
        source, doc = start()
    except KamError as err:
        st.error(str(err))
        st.stop()
    lang, view, settings = sidebar(doc)
    flash = st.session_state.pop("flash", None)
    if flash:
        st.success(flash)
    try:
        amap = cached_map(doc.text)
        analysis = cached_analysis(doc.text, settings)
        header(amap, analysis, lang)
        VIEW_FUNCTIONS[view](doc, amap, analysis, settings, lang)
    except KamError as err:
        st.error(str(err))


main()
