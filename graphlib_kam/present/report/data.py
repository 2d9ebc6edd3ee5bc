"""What an influence report says, as plain data: built once, rendered by every format.

:func:`report_data` runs the analysis once and returns a dict of strings, numbers, lists
and dicts — no model objects — that the HTML, PDF, Markdown and XLSX writers only lay
out. Its shape::

    {
      "kind": "kam-report/1", "lang": "en" | "zh",
      "title": str, "subtitle": str, "generator": str,
      "account": {"id", "name", "industry", "revision"},
      "deal": {...} | None,  # the map's deal (kam/1 JSON), "at_risk" added when open
      "as_of": "YYYY-MM-DD", "since": {"revision": int} | None,
      "score": float,      # coverage score, 0..100
      "support": float,    # support, −100..100
      "graph": {...},      # a viz.GraphView as a dict: the interactive graph (HTML)
      "picture": {...},    # nodes and edges laid out in [0, 1]² (the PDF's static graph)
      "sections": [{"key", "title", "intro": [str], "tables": [table]}],
    }
    table = {"key", "title", "columns": [{"key", "label", "type", "digits"}],
             "rows": [[cell, ...]], "empty": str}

A cell is a str, an int, a float or None. ``type`` is ``"text"``, ``"int"`` or
``"number"`` (shown with ``digits`` decimals); writers keep numbers as numbers.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from typing import Any

from graphlib_kam.algorithms.analysis import analyze
from graphlib_kam.algorithms.changes import change_impact
from graphlib_kam.algorithms.influence import brokers, hidden_power
from graphlib_kam.algorithms.resilience import resilience
from graphlib_kam.errors import InputError
from graphlib_kam.model import AccountMap
from graphlib_kam.model.vocab import LEVELS, ROLES
from graphlib_kam.present.deal import deal_line, money
from graphlib_kam.present.layout import layered_layout
from graphlib_kam.present.plan import plan_view
from graphlib_kam.present.viz import build_graph_data
from graphlib_kam.settings import DEFAULT_SETTINGS, Settings
from graphlib_kam.text import check_lang, join, label, t
from graphlib_kam.version import __version__

__all__ = ["SECTION_KEYS", "report_data"]

SECTION_KEYS = ("overview", "committee", "influence", "brokers", "gaps", "plan", "matrix",
                "resilience", "changes")
PICTURE_MAX_NODES = 40
BROKERS_SHOWN = 15
MATRIX_NAMES = 30
MATRIX_INTERESTS = 15


def report_data(
    amap: AccountMap,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    lang: str = "en",
    since: AccountMap | None = None,
) -> dict:
    """Everything an influence report of ``amap`` shows, computed once, as plain data.

    Parameters
    ----------
    amap : AccountMap
    settings : Settings, keyword-only
        Thresholds and ``as_of`` (today when None).
    lang : {"en", "zh"}, keyword-only
        Language of headings, labels and messages.
    since : AccountMap, optional, keyword-only
        An older revision of the same account: adds the "what changed" section.

    Returns
    -------
    dict
        See the module docstring.

    Raises
    ------
    InputError
        For an unknown language, or a ``since`` map of another account.

    Examples
    --------
    >>> import datetime as dt
    >>> from graphlib_kam.model.synthetic import generate_account
    >>> data = report_data(generate_account(30, seed=1),
    ...                    settings=Settings(as_of=dt.date(2026, 11, 28)), lang="zh")
    >>> data["as_of"], [s["key"] for s in data["sections"]][:3]
    ('2026-11-28', ['overview', 'committee', 'influence'])
    >>> data["sections"][0]["title"]
    '客户与覆盖度'
    """
    check_lang(lang)
    if since is not None and since.account.id != amap.account.id:
        raise InputError(f"--since is a map of account {since.account.id!r}, not "
                         f"{amap.account.id!r}; compare two revisions of the same account")
    facts = _facts(amap, settings, lang, since)
    as_of = settings.today().isoformat()
    name = amap.account.name or amap.account.id
    sections = [
        _overview(amap, facts, lang, as_of),
        _committee(amap, facts, lang),
        _influence(amap, facts, lang),
        _brokers(amap, facts, lang),
        _gaps(facts, lang),
        _plan(facts, lang),
        _matrix(facts, lang),
        _resilience(facts, lang),
    ]
    if since is not None:
        sections.append(_changes(since, amap, facts, lang))
    return {
        "kind": "kam-report/1",
        "lang": lang,
        "title": t("report.title", lang, account=name),
        "subtitle": t("report.subtitle", lang, revision=amap.revision, as_of=as_of)
        + (" · " + t("report.since", lang, revision=since.revision) if since else ""),
        "generator": t("report.generated", lang, version=__version__),
        "account": {"id": amap.account.id, "name": amap.account.name,
                    "industry": amap.account.industry, "revision": amap.revision},
        "as_of": as_of,
        "since": {"revision": since.revision} if since is not None else None,
        "deal": _deal(amap, facts["score"]),
        "score": facts["score"],
        "support": facts["support"],
        "graph": facts["graph"],
        "picture": facts["picture"],
        "sections": sections,
    }


# --- tables ------------------------------------------------------------------------------

def _col(key: str, lang: str, kind: str = "text", digits: int = 2) -> dict:
    return {"key": key, "label": t(f"report.col.{key}", lang), "type": kind, "digits": digits}


def _table(key: str, lang: str, columns: list[dict], rows: list[list[Any]]) -> dict:
    return {"key": key, "title": t(f"report.table.{key}", lang), "columns": columns,
            "rows": rows, "empty": t("report.empty", lang)}


def _section(key: str, lang: str, tables: list[dict], intro: list[str] | None = None) -> dict:
    return {"key": key, "title": t(f"report.section.{key}", lang), "intro": intro or [],
            "tables": tables}


def _path_text(nodes: list[str], names: dict[str, str]) -> str:
    return " → ".join(names.get(n, n) for n in nodes)


# --- the sections ------------------------------------------------------------------------

def _overview(amap: AccountMap, facts: dict, lang: str, as_of: str) -> dict:
    active = [s for s in amap.stakeholders if s.active]
    figures = [
        (t("report.fig.score", lang), round(facts["score"], 1)),
        (t("report.fig.support", lang), round(facts["support"], 1)),
        (t("report.fig.active", lang), len(active)),
        (t("report.fig.left", lang), len(amap.stakeholders) - len(active)),
        (t("report.fig.relationships", lang), len(amap.relationships)),
        (t("report.fig.team", lang), len(amap.team)),
        (t("report.fig.coverage", lang), len(amap.coverage)),
        (t("report.fig.covered", lang), sum(1 for s in active if facts["covered"].get(s.id))),
        (t("report.fig.high_gaps", lang), sum(1 for g in facts["gaps"] if g["severity"] == "high")),
    ]
    intro = t("report.intro.overview", lang, account=amap.account.name or amap.account.id,
                 industry=amap.account.industry or "—", revision=amap.revision,
                 as_of=as_of, score=facts["score"], support=f"{facts['support']:+.1f}")
    deal = _deal(amap, facts["score"])
    paragraphs = [intro]
    if deal is not None:
        paragraphs.append(t("report.intro.deal", lang, deal=deal_line(deal, lang=lang)))
        if deal.get("at_risk") is not None:
            figures.append((t("report.fig.at_risk", lang), deal["at_risk"]))
            paragraphs.append(t("report.intro.at_risk", lang, amount=money(
                deal["at_risk"], deal.get("currency", ""))))
    table = _table("figures", lang, [_col("figure", lang), _col("value", lang, "number", 1)],
                   [list(row) for row in figures])
    return _section("overview", lang, [table], paragraphs)


def _deal(amap: AccountMap, score: float) -> dict | None:
    """The deal as JSON, with the amount at risk of an open deal that has an amount."""
    if amap.deal is None:
        return None
    deal = amap.deal.to_dict()
    if amap.deal.status == "open" and amap.deal.amount is not None:
        deal["at_risk"] = round(amap.deal.amount * (1 - score / 100), 2)
    return deal


def _committee(amap: AccountMap, facts: dict, lang: str) -> dict:
    active = [s for s in amap.stakeholders if s.active]
    counts = Counter((s.role, s.level) for s in active)
    grid_rows = []
    for role in ROLES:
        row = [label(role, lang)] + [counts[(role, level)] for level in LEVELS]
        grid_rows.append(row + [sum(row[1:])])
    totals = [sum(counts[(r, level)] for r in ROLES) for level in LEVELS]
    grid_rows.append([t("report.col.total", lang), *totals, sum(totals)])
    grid_columns = ([_col("role", lang)]
                    + [{"key": level, "label": label(level, lang), "type": "int", "digits": 0}
                       for level in LEVELS]
                    + [_col("total", lang, "int")])
    members = {t.id: t.name or t.id for t in amap.team}
    covered_by: dict[str, list[str]] = defaultdict(list)
    for link in amap.coverage:
        covered_by[link.stakeholder].append(members.get(link.member, link.member))
    ranks = {r["id"]: r["rank"] for r in facts["ranking"]}
    order = {level: i for i, level in enumerate(LEVELS)}
    role_order = {role: i for i, role in enumerate(ROLES)}
    people = sorted(amap.stakeholders, key=lambda s: (
        not s.active, order[s.level], role_order[s.role], ranks.get(s.id, 10**9), s.id))
    rows = [[s.label, s.title, s.department, label(s.role, lang), label(s.level, lang),
             s.stance, s.power, label(s.status, lang), ", ".join(covered_by.get(s.id, [])),
             facts["quality"].get(s.id, 0.0)] for s in people]
    columns = [_col("name", lang), _col("title", lang), _col("department", lang),
               _col("role", lang), _col("level", lang), _col("stance", lang, "int"),
               _col("power", lang, "int"), _col("status", lang), _col("covered_by", lang),
               _col("coverage", lang, "number", 2)]
    return _section("committee", lang, [
        _table("by_role_level", lang, grid_columns, grid_rows),
        _table("members", lang, columns, rows),
    ])


def _influence(amap: AccountMap, facts: dict, lang: str) -> dict:
    people = amap.stakeholders_by_id()
    hidden = facts["hidden"]
    rows = []
    for r in facts["ranking"]:
        person = people[r["id"]]
        mark = hidden.get(r["id"])
        rows.append([r["rank"], person.label, person.title, label(person.role, lang),
                     label(person.level, lang), person.power, r["score"],
                     t(f"report.hidden.{mark['direction']}", lang) if mark else "",
                     mark["ratio"] if mark else None])
    columns = [_col("rank", lang, "int"), _col("name", lang), _col("title", lang),
               _col("role", lang), _col("level", lang), _col("power", lang, "int"),
               _col("score", lang, "number", 4), _col("hidden", lang),
               _col("ratio", lang, "number", 2)]
    return _section("influence", lang, [_table("ranking", lang, columns, rows)],
                    [t("report.intro.influence" + facts["no_dm"], lang)])


def _brokers(amap: AccountMap, facts: dict, lang: str) -> dict:
    people = amap.stakeholders_by_id()
    rows = [[people[b["id"]].label, people[b["id"]].title, label(people[b["id"]].role, lang),
             label(people[b["id"]].level, lang), b["score"]]
            for b in facts["brokers"][:BROKERS_SHOWN] if b["score"] > 0]
    columns = [_col("name", lang), _col("title", lang), _col("role", lang),
               _col("level", lang), _col("broker", lang, "number", 3)]
    return _section("brokers", lang, [_table("brokers", lang, columns, rows)],
                    [t("report.intro.brokers" + facts["no_dm"], lang)])


def _gap_row(gap: dict, lang: str) -> list[Any]:
    return [t(f"severity.{gap['severity']}", lang), t(f"kind.{gap['kind']}", lang),
            gap.get("name") or (label(gap["level"], lang) if gap.get("level") else ""),
            gap["message"], gap["action"]]


def _gaps(facts: dict, lang: str) -> dict:
    rows = [_gap_row(g, lang) for g in facts["gaps"]]
    columns = [_col("severity", lang), _col("kind", lang), _col("stakeholder", lang),
               _col("message", lang), _col("action", lang)]
    return _section("gaps", lang, [_table("gaps", lang, columns, rows)])


def _list(items: list[str], lang: str) -> str:
    return join(items, lang, conjunction=False)


def _plan(facts: dict, lang: str) -> dict:
    """The plan, one table per stage from the front line up; without steps, why."""
    names = facts["names"]
    view = facts["plan"]
    columns = [_col("step", lang, "int"), _col("step_kind", lang), _col("member", lang),
               _col("via", lang), _col("target", lang), _col("path", lang),
               _col("strength", lang, "number", 2), _col("talking_points", lang)]
    tables = []
    for stage in view["stages"]:
        rows = [[s["number"], s["kind_label"], s["member_name"], s["via_name"] or "",
                 s["target_name"], _path_text([s["member"], *s["nodes"]], names), s["strength"],
                 _list(s["talking_points"], lang)] for s in stage["steps"]]
        tables.append({**_table("plan", lang, columns, rows), "title": stage["title"]})
    intro = [t("report.intro.plan", lang, stages=view["order"])]
    if view["empty"]:
        intro.append(view["empty"]["message"])
    return _section("plan", lang, tables, intro)


def _matrix(facts: dict, lang: str) -> dict:
    rows = []
    for level in facts["matrix"]["levels"]:
        concerns = _list(level["default_concerns"], lang)
        for cell in level["roles"]:
            if not cell["stakeholders"]:
                continue
            interests = _list([f"{i['interest']} ({i['count']})"
                               for i in cell["interests"][:MATRIX_INTERESTS]], lang)
            if len(cell["interests"]) > MATRIX_INTERESTS:
                interests += " " + t("report.more_items", lang,
                                        n=len(cell["interests"]) - MATRIX_INTERESTS)
            people = [p["name"] for p in cell["stakeholders"]]
            shown = _list(people[:MATRIX_NAMES], lang)
            if len(people) > MATRIX_NAMES:
                shown += " " + t("report.more", lang, n=len(people) - MATRIX_NAMES)
            rows.append([level["label"], cell["label"], shown, interests, concerns])
    columns = [_col("level", lang), _col("role", lang), _col("people", lang),
               _col("interests", lang), _col("talking_points", lang)]
    return _section("matrix", lang, [_table("matrix", lang, columns, rows)],
                    [t("report.intro.matrix", lang)])


def _resilience(facts: dict, lang: str) -> dict:
    names = facts["names"]
    rows = []
    for report in facts["resilience"]:
        best = report.get("best")
        route = (_path_text([best["member"], *best["nodes"]], names) if best else
                 t("report.nobody", lang))
        if report.get("survives") is None:
            survives = t("report.unreachable", lang)
        else:
            survives = t("report.yes" if report["survives"] else "report.no", lang)
        critical = report.get("critical") or []
        if not critical:
            rows.append([report["name"], route, best["strength"] if best else None, survives,
                         "", "", None])
        for c in critical:
            who = c["name"] + (f" ({t('report.member', lang)})" if c["kind"] == "member" else "")
            rows.append([report["name"], route, best["strength"] if best else None, survives,
                         who, t(f"report.effect.{c['effect']}", lang), c["after_strength"]])
    columns = [_col("decision_maker", lang), _col("best_route", lang),
               _col("strength", lang, "number", 2), _col("survives", lang),
               _col("critical", lang), _col("effect", lang), _col("after", lang, "number", 2)]
    return _section("resilience", lang, [_table("resilience", lang, columns, rows)],
                    [t("report.intro.resilience", lang)])


def _strength(value: Any) -> str:
    return f"{value:.2f}" if isinstance(value, (int, float)) else ""


def _change_rows(impact: dict, names: dict[str, str], lang: str) -> list[list[Any]]:
    rows = []
    for change in ("added", "removed", "changed"):
        for item in impact[change]:
            kind = item["kind"]
            if kind in ("stakeholder", "member"):
                name = item.get("name") or item["id"]
            elif kind == "relationship":
                name = f"{names.get(item['source'], item['source'])} → " \
                       f"{names.get(item['target'], item['target'])}"
            else:
                name = f"{item.get('member_name') or item['member']} → " \
                       f"{item.get('name') or item['stakeholder']}"
            if change == "changed" and kind == "stakeholder":
                detail = "; ".join(
                    f"{_field(c['field'], lang)}: {_value(c['old'], lang)} → "
                    f"{_value(c['new'], lang)}"
                    for c in item["changes"])
            elif change == "changed":
                detail = f"{_link_text(item.get('old'))} → {_link_text(item.get('new'))}"
            elif kind == "stakeholder":
                detail = f"{label(item['role'], lang)} · {label(item['level'], lang)}"
            elif kind == "relationship":
                detail = " ".join(filter(None, [label(item["relationship"], lang),
                                                _strength(item.get("strength"))]))
            elif kind == "coverage":
                detail = _strength(item.get("strength"))
            else:
                detail = ""
            rows.append([t(f"report.change.{change}", lang), t(f"report.what.{kind}", lang), name,
                         detail])
    return rows


def _link_text(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(filter(None, [_strength(value.get("strength")),
                                       value.get("last_contact") or ""]))
    return _strength(value)


_FIELD_LABELS = {"status": "col.status", "stance": "col.stance", "title": "col.title",
                 "role": "col.role", "level": "col.level", "power": "col.power",
                 "department": "col.department", "name": "col.name",
                 "covered": "col.covered", "successor": "col.successor"}


def _field(name: str, lang: str) -> str:
    key = _FIELD_LABELS.get(name)
    return t(f"report.{key}", lang) if key else name


def _value(value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return t("report.yes" if value else "report.no", lang)
    return label(value, lang) if isinstance(value, str) else str(value)


def _changes(old: AccountMap, new: AccountMap, facts: dict, lang: str) -> dict:
    impact = facts["changes"]
    names = facts["names"]
    route_rows = [[r["name"], t(f"report.change.{r['change']}", lang), r.get("message", ""),
                   r["before"]["strength"] if r.get("before") else None,
                   r["after"]["strength"] if r.get("after") else None]
                  for r in impact["broken_routes"]]
    gap_rows = ([[t("report.change.opened", lang), *_gap_row(g, lang)[:4]]
                 for g in impact["gaps_opened"]]
                + [[t("report.change.closed", lang), *_gap_row(g, lang)[:4]]
                   for g in impact["gaps_closed"]])
    alert_rows = [[t(f"severity.{a['severity']}", lang), a.get("name") or "", a["message"],
                   a["action"]] for a in impact.get("alerts", [])]
    intro = [t("report.intro.changes", lang, old=old.revision, new=new.revision,
               before=impact["score"]["old"], after=impact["score"]["new"],
               support_before=f"{impact['support_before']:+.1f}",
               support_after=f"{impact['support_after']:+.1f}")]
    return _section("changes", lang, [
        _table("alerts", lang, [_col("severity", lang), _col("stakeholder", lang),
                                _col("message", lang), _col("action", lang)], alert_rows),
        _table("changes", lang, [_col("change", lang), _col("what", lang), _col("name", lang),
                                 _col("detail", lang)], _change_rows(impact, names, lang)),
        _table("routes", lang, [_col("decision_maker", lang), _col("change", lang),
                                _col("detail", lang), _col("before", lang, "number", 2),
                                _col("now", lang, "number", 2)], route_rows),
        _table("gap_changes", lang, [_col("change", lang), _col("severity", lang),
                                     _col("kind", lang), _col("stakeholder", lang),
                                     _col("message", lang)], gap_rows),
    ], intro)


# --- the analysis, gathered once ----------------------------------------------------------

def _facts(amap: AccountMap, settings: Settings, lang: str,
           since: AccountMap | None) -> dict:
    """Everything the sections need, from one :func:`analyze` and the influence analyses
    on its graph — rendered to plain data in ``lang``."""
    analysis = analyze(amap, settings=settings)
    settings = analysis.settings
    G = analysis.graph
    broker_scores = brokers(G)
    names = {s.id: s.label for s in amap.stakeholders} | {t.id: t.name or t.id
                                                          for t in amap.team}
    facts: dict[str, Any] = {
        "score": analysis.score,
        "support": analysis.support,
        "no_dm": "" if any(s.active and s.role == "decision-maker"
                           for s in amap.stakeholders) else ".no_dm",
        "ranking": [r.to_dict() for r in analysis.ranking],
        "hidden": {h["id"]: h for h in hidden_power(amap, analysis.rank)},
        "brokers": [{"id": sid, "name": names[sid], "score": score}
                    for sid, score in sorted(broker_scores.items(),
                                             key=lambda item: (-item[1], item[0]))],
        "covered": {sid: c.covered for sid, c in analysis.coverage.items()},
        "quality": {sid: c.quality for sid, c in analysis.coverage.items()},
        "gaps": [g.to_dict(lang) for g in analysis.gaps],
        "plan": plan_view(analysis, lang),
        "matrix": analysis.matrix.to_dict(lang),
        "resilience": resilience(amap, settings=settings, graph=G),
        "names": names,
        "changes": None,
    }
    if since is not None:
        facts["changes"] = change_impact(since, amap, settings=settings, lang=lang)
        facts["names"] = ({s.id: s.label for s in since.stakeholders}
                          | {t.id: t.name or t.id for t in since.team} | names)
    analysis.extras["brokers"] = broker_scores
    view = build_graph_data(analysis, lang=lang)
    facts["graph"] = _view_dict(view)
    small = build_graph_data(analysis, lang=lang, max_nodes=PICTURE_MAX_NODES,
                             hierarchical=True)
    facts["picture"] = _picture(small, lang)
    return facts


def _view_dict(view) -> dict:
    """The view's fields as a dict (``viz.GraphView(**d)`` rebuilds it)."""
    return {f.name: getattr(view, f.name) for f in dataclasses.fields(view)}


def _picture(view, lang: str) -> dict:
    """The view laid out in bands (:func:`~graphlib_kam.present.layout.layered_layout`),
    with what the PDF draws of each node and edge."""
    people = [node for node in view.nodes if node["side"] != "tier"]  # no tier labels
    by_id = {node["id"]: node for node in people}
    nodes = []
    for node_id, (x, y) in layered_layout(people, view.edges).items():
        node = by_id[node_id]
        nodes.append({
            "id": node["id"], "label": node["label"], "side": node["side"],
            "role": node.get("role"), "stance": node.get("stance"),
            "status": node.get("status"),
            "fill": node["color"]["background"], "border": node["color"]["border"],
            "border_width": node.get("borderWidth", 1),
            "x": x, "y": y,
        })
    drawn = {n["id"] for n in nodes}
    edges = [{"from": e["from"], "to": e["to"], "kind": e["kind"],
              "color": e["color"]["color"], "dashes": bool(e.get("dashes")),
              "arrow": bool(e.get("arrows", {}).get("to", {}).get("enabled")),
              "strength": e.get("strength")}
             for e in view.edges if e["from"] in drawn and e["to"] in drawn]
    note = t("report.graph_note", lang)
    if view.shown < view.total:
        note += " " + t("report.graph_subset", lang, shown=view.shown, total=view.total)
    return {"nodes": nodes, "edges": edges, "note": note, "legend": view.legend}
