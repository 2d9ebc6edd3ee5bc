"""The explorer's tables and the stakeholder card as plain rows, in English or Chinese.

Each function turns analysis results (:class:`~graphlib_kam.explorer.session.Analysis`,
change-impact dicts, paths) into a list of flat dicts whose keys are column names
(``app.py`` translates the headers with :func:`~graphlib_kam.explorer.text.ui`) and
whose values are display text or numbers. Nothing is computed here that an analysis
function already computes; nothing here imports streamlit.
"""

from __future__ import annotations

from typing import Any

from graphlib_kam.algorithms.paths import opposer_ids
from graphlib_kam.model import AccountMap
from graphlib_kam.present.deal import deal_line, money
from graphlib_kam.present.plan import plan_view
from graphlib_kam.text import join, label, t

__all__ = [
    "RECENT_ACTIVITIES",
    "broker_rows",
    "chart_data",
    "counts",
    "decision_makers",
    "departments",
    "gap_rows",
    "has_decision_makers",
    "hidden_rows",
    "impact_rows",
    "matrix_rows",
    "name_of",
    "overview",
    "path_rows",
    "people_options",
    "plan_rows",
    "plan_stages",
    "portfolio_rows",
    "problem_rows",
    "ranking_rows",
    "route_text",
    "stakeholder_card",
    "stakeholder_options",
]


def _names(amap: AccountMap) -> dict[str, str]:
    return {**{t.id: t.name or t.id for t in amap.team},
            **{s.id: s.label for s in amap.stakeholders}}


def name_of(amap: AccountMap, node: str) -> str:
    """The display name of a stakeholder or team member (the id when unknown)."""
    return _names(amap).get(node, node)


def problem_rows(problems) -> list[dict]:
    """Problems (validation, import rows) as ``{"where", "message"}`` rows."""
    return [{"where": p.where, "message": p.message} for p in problems]


def counts(amap: AccountMap) -> dict[str, int]:
    return {"stakeholders": len(amap.stakeholders), "relationships": len(amap.relationships),
            "team": len(amap.team), "coverage": len(amap.coverage)}


def overview(amap: AccountMap, analysis) -> dict[str, Any]:
    """The header's figures: coverage score, support, active stakeholders, covered, high
    gaps."""
    active = [s for s in amap.stakeholders if s.active]
    return {
        "score": analysis.score,
        "support": analysis.support,
        "stakeholders": len(active),
        "covered": sum(1 for s in active if analysis.coverage[s.id].covered),
        "high_gaps": sum(1 for g in analysis.gaps if g.severity == "high"),
        "revision": amap.revision,
    }


def stakeholder_options(amap: AccountMap, lang: str = "en", *,
                        active_only: bool = False) -> dict[str, str]:
    """``{id: "name · title"}`` for pickers, in map order; people who left are marked."""
    out = {}
    for s in amap.stakeholders:
        if active_only and not s.active:
            continue
        text = f"{s.label} · {s.title}" if s.title else s.label
        out[s.id] = text if s.active else f"{text} ({label('left', lang)})"
    return out


def people_options(amap: AccountMap, lang: str = "en") -> dict[str, str]:
    """Active stakeholders and our team members, for the what-if picker."""
    out = stakeholder_options(amap, lang, active_only=True)
    for member in amap.team:
        out[member.id] = t("explorer.people.member", lang, name=member.name or member.id)
    return out


def departments(amap: AccountMap) -> list[str]:
    return sorted({s.department for s in amap.stakeholders if s.department})


def route_text(amap: AccountMap, member: str, nodes, strength: float, lang: str) -> str:
    """``Li Na → 张伟 → 王建国 (strength 0.56)``."""
    names = _names(amap)
    chain = " → ".join(names.get(n, n) for n in [member, *nodes])
    return t("explorer.route.text", lang, chain=chain, strength=f"{strength:.2f}")


def _stance(stance: int, lang: str) -> str:
    return t(f"explorer.stance.{stance}", lang, value=f"{stance:+d}")


RECENT_ACTIVITIES = 5
"""How many of a stakeholder's activities the card lists, newest first."""


def stakeholder_card(amap: AccountMap, analysis, sid: str, lang: str) -> dict[str, Any]:
    """The card of one stakeholder: who they are, rank, coverage, their last
    :data:`RECENT_ACTIVITIES` activities and best approach route.

    ``path`` is the route to highlight on the graph, team member first (empty when there
    is no route).
    """
    person = amap.stakeholder(sid)
    names = _names(amap)
    ranks = {r.id: r.rank for r in analysis.ranking}
    rank = ranks.get(sid)
    facts = [label(person.role, lang), label(person.level, lang), _stance(person.stance, lang),
             label(person.status, lang)]
    if person.tags:
        facts.append(join([label(tag, lang) for tag in person.tags], lang, conjunction=False))
    coverage = []
    for link in analysis.coverage[sid].links:
        state = "covering" if link.covering else ("stale" if link.stale else "weak")
        if link.weak and link.stale:
            state = "weak_stale"
        coverage.append({
            "member": names.get(link.member, link.member),
            "strength": round(link.strength, 2),
            "last_contact": link.last_contact.isoformat() if link.last_contact else "—",
            "state": t(f"explorer.coverage.{state}", lang),
        })
    route = analysis.best_routes.get(sid)
    opposer = sid in opposer_ids(amap)
    met = sorted((a for a in amap.activities if sid in a.stakeholders),
                 key=lambda a: a.date, reverse=True)[:RECENT_ACTIVITIES]
    activities = [{"date": a.date.isoformat(), "member": names.get(a.member, a.member),
                   "kind": t(f"explorer.activity.{a.kind}", lang), "note": a.note}
                  for a in met]
    return {
        "id": sid,
        "name": person.label,
        "subtitle": " · ".join(part for part in (person.title, person.department) if part)
                    or sid,
        "rank": rank,
        "rank_text": f"{rank} / {len(ranks)}" if rank else "—",
        "power": person.power,
        "stance_text": f"{person.stance:+d}",
        "facts": " · ".join(facts),
        "interests": join(person.interests, lang, conjunction=False) or t("text.none", lang),
        "coverage": coverage,
        "activities": activities,
        "route": (route_text(amap, route.member, route.nodes, route.strength, lang)
                  if route else ""),
        "opposer": opposer,
        "route_note": (t("explorer.card.opposer_route", lang, name=person.label)
                       if opposer and route else ""),
        "no_route": t("explorer.card.no_route", lang, name=person.label),
        "path": [route.member, *route.nodes] if route else [],
    }


def decision_makers(amap: AccountMap, analysis, lang: str) -> list[tuple[str, str]]:
    """Who decides, in influence order, each with how we stand:
    ``[(name, "covered" | "best route 0.45" | "no route")]`` in ``lang``."""
    people = amap.stakeholders_by_id()
    out = []
    for r in analysis.ranking:
        person = people[r.id]
        if person.role != "decision-maker":
            continue
        route = analysis.best_routes.get(r.id)
        if analysis.coverage[r.id].covered:
            state = t("explorer.dm.covered", lang)
        elif route is not None:
            state = t("explorer.dm.route", lang, strength=f"{route.strength:.2f}")
        else:
            state = t("explorer.dm.no_route", lang)
        out.append((person.label, state))
    return out


def ranking_rows(amap: AccountMap, analysis, lang: str) -> list[dict]:
    people = amap.stakeholders_by_id()
    return [{"rank": r.rank, "name": r.name, "role": label(people[r.id].role, lang),
             "level": label(people[r.id].level, lang), "score": round(r.score, 4)}
            for r in analysis.ranking]


def broker_rows(amap: AccountMap, analysis, lang: str) -> list[dict]:
    people = amap.stakeholders_by_id()
    return [{"rank": r.rank, "name": r.name, "role": label(people[r.id].role, lang),
             "department": people[r.id].department, "score": round(r.score, 4)}
            for r in analysis.extras["brokers"]]


def hidden_rows(amap: AccountMap, analysis, lang: str) -> list[dict]:
    return [{"name": h["name"], "level": label(h["level"], lang), "power": h["power"],
             "rank": h["rank"], "score": round(h["score"], 4),
             "expected": round(h["expected"], 4), "ratio": round(h["ratio"], 2),
             "direction": t(f"explorer.hidden.{h['direction']}", lang)}
            for h in analysis.extras["hidden"]]


def chart_data(table: list[dict], column: str) -> dict[str, float]:
    """``{"1. 王建国": score, …}``: unique labels (names may repeat) for a bar chart."""
    return {f"{row['rank']:>3}. {row['name']}": row[column] for row in table}


def path_rows(amap: AccountMap, paths: list[dict]) -> list[dict]:
    names = _names(amap)
    return [{"number": i, "path": " → ".join(names.get(n, n) for n in p["nodes"]),
             "hops": len(p["nodes"]) - 1, "strength": round(p["strength"], 4)}
            for i, p in enumerate(paths, start=1)]


def _gap_row(gap: dict, lang: str) -> dict:
    return {"severity": t(f"severity.{gap['severity']}", lang),
            "kind": t(f"kind.{gap['kind']}", lang),
            "name": gap.get("name") or (label(gap["level"], lang) if gap.get("level") else "—"),
            "message": gap["message"], "action": gap["action"]}


def gap_rows(analysis, lang: str) -> list[dict]:
    """The gaps, most severe first, with their recommended actions."""
    return [_gap_row(gap.to_dict(lang), lang) for gap in analysis.gaps]


def _plan_row(step: dict, lang: str) -> dict:
    return {"step": step["number"], "kind": step["kind_label"], "member": step["member_name"],
            "via": step["via_name"] or "—", "target": step["target_name"],
            "strength": round(step["strength"], 3),
            "talking_points": join(step["talking_points"], lang, conjunction=False),
            "text": step["text"]}


def plan_rows(analysis, lang: str) -> list[dict]:
    """Every step of the plan, in plan order."""
    return [_plan_row(step, lang) for step in plan_view(analysis, lang)["steps"]]


def plan_stages(analysis, lang: str) -> dict[str, Any]:
    """The plan by stage: ``{"stages": [{"title", "rows"}], "empty": message or None,
    "order": the method's line of stages}``."""
    view = plan_view(analysis, lang)
    return {"stages": [{"title": stage["title"],
                        "rows": [_plan_row(step, lang) for step in stage["steps"]]}
                       for stage in view["stages"]],
            "empty": view["empty"]["message"] if view["empty"] else None,
            "order": view["order"]}


def has_decision_makers(amap: AccountMap) -> bool:
    """Whether the map has an active decision-maker (headers about them adapt)."""
    return any(s.active and s.role == "decision-maker" for s in amap.stakeholders)


def matrix_rows(analysis, lang: str) -> list[dict]:
    """One row per level: its default concerns, then per role who is there and what they
    care about (``name, name — interest ×2, interest``)."""
    out = []
    for level in analysis.matrix.to_dict(lang)["levels"]:
        row: dict[str, Any] = {"level": level["label"],
                               "default_concerns": join(level["default_concerns"], lang,
                                                        conjunction=False)}
        for cell in level["roles"]:
            people = join([p["name"] for p in cell["stakeholders"]], lang, conjunction=False)
            interests = join([i["interest"] + (f" ×{i['count']}" if i["count"] > 1 else "")
                              for i in cell["interests"]], lang, conjunction=False)
            row[cell["role"]] = " — ".join(part for part in (people, interests) if part)
        out.append(row)
    return out


def _link_text(value: dict | None) -> str:
    if value is None:
        return "—"
    return f"{value['strength']:.2f} @ {value.get('last_contact') or '—'}"


def _strength_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _field_change(change: dict, lang: str) -> str:
    field, old, new = change["field"], change["old"], change["new"]
    if field in ("role", "level", "status"):
        old, new = label(old, lang), label(new, lang)
    elif field == "covered":
        old, new = (t("explorer.yes" if value else "explorer.no", lang) for value in (old, new))
    return t("explorer.change.field", lang, field=t(f"explorer.col.{field}", lang), old=old,
             new=new)


def _item_row(item: dict, lang: str, *, changed: bool = False) -> dict:
    """One added, removed or changed item: its kind, who or what, and the details."""
    kind = item["kind"]
    if kind == "stakeholder":
        name = item["name"]
        if changed:
            details = "; ".join(_field_change(c, lang) for c in item["changes"])
        else:
            details = " · ".join([label(item["role"], lang), label(item["level"], lang),
                                  t("explorer.change.stance", lang, stance=f"{item['stance']:+d}"),
                                  label(item["status"], lang)])
    elif kind == "team-member":
        name, details = item["name"], ""
    elif kind == "relationship":
        name = (f"{item['source_name']} → {item['target_name']} "
                f"({label(item['relationship'], lang)})")
        details = (f"{_strength_text(item['old'])} → {_strength_text(item['new'])}" if changed
                   else _strength_text(item.get("strength")))
    else:
        name = f"{item['member_name']} → {item['name']}"
        details = (f"{_link_text(item['old'])} → {_link_text(item['new'])}" if changed
                   else _link_text(item))
    return {"kind": t(f"explorer.item.{kind}", lang), "name": name, "changes": details}


def impact_rows(impact: dict, lang: str) -> dict[str, Any]:
    """A change impact (:func:`~graphlib_kam.algorithms.changes.change_impact`) as tables:
    alerts, broken routes, gaps opened and closed, and what was added, removed, changed."""
    return {
        "alerts": [{"severity": t(f"severity.{a['severity']}", lang), "name": a["name"],
                    "message": a["message"], "action": a["action"]}
                   for a in impact.get("alerts", [])],
        "broken_routes": [{"change": t(f"explorer.route.{r['change']}", lang), "name": r["name"],
                           "message": r.get("message", "")}
                          for r in impact["broken_routes"]],
        "gaps_opened": [_gap_row(g, lang) for g in impact["gaps_opened"]],
        "gaps_closed": [_gap_row(g, lang) for g in impact["gaps_closed"]],
        "added": [_item_row(item, lang) for item in impact["added"]],
        "removed": [_item_row(item, lang) for item in impact["removed"]],
        "changed": [_item_row(item, lang, changed=True) for item in impact["changed"]],
        "score": ({**{side: f"{value:.1f}" for side, value in impact["score"].items()},
                   "support_old": f"{impact['support_before']:+.1f}",
                   "support_new": f"{impact['support_after']:+.1f}"}
                  if impact.get("score") else None),
    }


def portfolio_rows(portfolio: dict, *, status: str | None = None,
                   lang: str = "en") -> list[dict]:
    """:func:`~graphlib_kam.explorer.session.list_portfolio`'s readable accounts, for the
    table (the top gap is already in the language asked for); ``status`` keeps only the
    open (or no deal), won or lost deals."""
    return [{"account": row["id"], "account_name": row["name"], "score": round(row["score"], 1),
             "support": round(row["support"], 1), "high_gaps": row["high_gaps"],
             "gaps": row["gaps"],
             "deal": deal_line(row["deal"], lang=lang) or "—",
             "at_risk": money(row["at_risk"], (row["deal"] or {}).get("currency", "")) or "—",
             "top_gap": row["top_gap"]["message"] if row["top_gap"] else "—",
             "stakeholders": row["stakeholders"], "revision": row["revision"]}
            for row in portfolio["rows"]
            if status is None or (row["deal"] or {}).get("status", "open") == status]
