"""Change impact (动态更新机制): what moved between two revisions of an account map.

:func:`change_impact` compares two maps — two revisions, or a map and a what-if of it
(:func:`~graphlib_kam.algorithms.whatif.remove_people`) — and lists who was added,
removed and changed, which approach routes to decision-makers broke or weakened
(:func:`~graphlib_kam.algorithms.compare.route_changes`), which gaps opened and closed,
and alerts for personnel changes: a person marked as left, removed, or newly on the
committee, and a stance that fell.
"""

from __future__ import annotations

from typing import Any

from graphlib_kam.algorithms.compare import route_changes_between
from graphlib_kam.algorithms.context import AnalysisContext, format_strength
from graphlib_kam.algorithms.gaps import SEVERITIES, gaps_in_context
from graphlib_kam.algorithms.personnel import field_alerts, managers_of
from graphlib_kam.model import AccountMap, CoverageLink, Relationship
from graphlib_kam.settings import DEFAULT_SETTINGS, Settings
from graphlib_kam.text import DEFAULT_LANG, Msg, Term

__all__ = ["TRACKED_FIELDS", "change_impact", "change_impact_between"]

TRACKED_FIELDS = ("role", "level", "stance", "power", "status", "title", "department",
                  "successor")
"""The stakeholder fields whose changes are listed (coverage is compared separately)."""

_KEY_ROLES = ("decision-maker", "influencer")


def change_impact(
    old: AccountMap,
    new: AccountMap,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    lang: str = DEFAULT_LANG,
) -> dict[str, Any]:
    """What changed from ``old`` to ``new`` and what it does to our position.

    Both maps are judged on the same day, ``settings.as_of`` (today when unset).

    Parameters
    ----------
    old, new : AccountMap
        The map before and after.
    settings : Settings, keyword-only
        Thresholds and ``as_of`` for coverage, gaps and routes.
    lang : str, keyword-only
        Language of the messages ("en" or "zh").

    Returns
    -------
    dict
        DESIGN's keys, plus ``alerts``, ``score`` and ``revision``. Every item of
        ``added``, ``removed`` and ``changed`` has a ``kind``:

        * ``"stakeholder"`` — added/removed: ``{"id", "name", "role", "level", "stance",
          "status", "covered"}`` (``covered`` in the map they are in); changed:
          ``{"id", "name", "changes": [{"field", "old", "new"}]}`` with ``field`` one of
          :data:`TRACKED_FIELDS` or ``"covered"`` (bool);
        * ``"team-member"`` — a team member: ``{"id", "name"}``;
        * ``"relationship"`` — ``{"source", "target", "source_name", "target_name",
          "relationship", "strength"}``;
          changed: ``"old"`` and ``"new"`` strengths;
        * ``"coverage"`` — ``{"member", "stakeholder", "member_name", "name",
          "strength", "last_contact"}``; changed: ``"old"`` and ``"new"`` link dicts;

        * ``broken_routes`` — :func:`~graphlib_kam.algorithms.compare.route_changes`'s
          broken and weakened routes (``change`` tells which), each with a ``message``;
        * ``gaps_opened`` / ``gaps_closed`` — gap dicts (see
          :meth:`~graphlib_kam.algorithms.gaps.Gap.to_dict`), by what they are about
          (kind, stakeholder, level), most severe first;
        * ``alerts`` — ``{"kind", "change", "severity", "stakeholder", "name", "message",
          "action", "successor"}``; ``kind`` is ``"personnel-change"`` (``change``:
          ``left`` — with the ``successor`` id when the map names one, and then the action
          hands the relationships over to them —, ``removed``, ``joined``, ``returned``,
          ``became-decision-maker``, ``moved-up``, ``new-executive`` — someone new at
          executive level who did not join as decision-maker or influencer —,
          ``title-changed``, ``department-changed``, ``new-manager`` — see
          :func:`~graphlib_kam.algorithms.personnel.field_alerts`), ``"team-change"``
          (``member-removed``) or ``"stance-change"`` (``fell``: a decision-maker,
          influencer or champion whose stance fell);
        * ``score`` — ``{"old", "new"}`` coverage scores (also ``score_before`` and
          ``score_after``); ``support`` — ``{"old", "new"}`` support, −100..100 (also
          ``support_before`` and ``support_after``); ``revision`` — ``{"old", "new"}``.

    Examples
    --------
    The CTO, our only way to the CEO, leaves:

    >>> import datetime
    >>> from graphlib_kam.model import parse_map
    >>> data = {"account": {"id": "a"}, "revision": 1,
    ...     "team": [{"id": "t-li", "name": "Li Na"}],
    ...     "stakeholders": [{"id": "s-cto", "name": "张伟", "role": "influencer"},
    ...                      {"id": "s-ceo", "name": "王建国", "role": "decision-maker"}],
    ...     "relationships": [{"source": "s-cto", "target": "s-ceo", "strength": 0.8}],
    ...     "coverage": [{"member": "t-li", "stakeholder": "s-cto", "strength": 0.7,
    ...                   "last_contact": "2026-11-02"}]}
    >>> old = parse_map(data)
    >>> data["stakeholders"][0]["status"] = "left"
    >>> data["revision"] = 2
    >>> impact = change_impact(old, parse_map(data),
    ...                        settings=Settings(as_of=datetime.date(2026, 11, 28)))
    >>> impact["changed"][0]["changes"]  # doctest: +NORMALIZE_WHITESPACE
    [{'field': 'status', 'old': 'active', 'new': 'left'},
     {'field': 'covered', 'old': True, 'new': False}]
    >>> [(r["stakeholder"], r["change"]) for r in impact["broken_routes"]]
    [('s-ceo', 'broken')]
    >>> [(a["change"], a["severity"], a["stakeholder"]) for a in impact["alerts"]]
    [('left', 'high', 's-cto')]
    >>> [(g["kind"], g["stakeholder"]) for g in impact["gaps_opened"]]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('no-coverage', None), ('unreachable-decision-maker', 's-ceo'),
     ('departed-contact', 's-cto'), ('level-gap', 'operational')]
    >>> print(impact["alerts"][0]["message"])  # doctest: +NORMALIZE_WHITESPACE
    Personnel change: 张伟, influencer, has left; the coverage held by Li Na is lost,
    and our best routes to 王建国 went through them.
    """
    return change_impact_between(AnalysisContext(old, settings), AnalysisContext(new, settings),
                                 lang=lang)


def change_impact_between(
    before: AnalysisContext, after: AnalysisContext, *, lang: str = DEFAULT_LANG
) -> dict[str, Any]:
    """:func:`change_impact` of two maps prepared for analysis (same settings in both).

    Parameters
    ----------
    before, after : AnalysisContext
        The map before and after, each with its graph, rank, coverage and routes.
    lang : str, keyword-only
        Language of the messages ("en" or "zh").

    Returns
    -------
    dict
        As :func:`change_impact`.
    """
    routes = route_changes_between(before, after)
    broken = [_route_entry(before, after, entry, lang)
              for entry in routes["broken"] + routes["weakened"]]
    old_gaps, new_gaps = gaps_in_context(before), gaps_in_context(after)
    old_keys, new_keys = {g.key for g in old_gaps}, {g.key for g in new_gaps}
    return {
        "added": _items(after, before),
        "removed": _items(before, after),
        "changed": _changed(before, after),
        "broken_routes": broken,
        "gaps_opened": [g.to_dict(lang) for g in new_gaps if g.key not in old_keys],
        "gaps_closed": [g.to_dict(lang) for g in old_gaps if g.key not in new_keys],
        "alerts": _alerts(before, after, routes, lang),
        "score": {"old": before.score, "new": after.score},
        "score_before": before.score,
        "score_after": after.score,
        "support": {"old": before.support, "new": after.support},
        "support_before": before.support,
        "support_after": after.support,
        "revision": {"old": before.amap.revision, "new": after.amap.revision},
    }


def _relationship_key(rel: Relationship) -> tuple[str, str, str]:
    if rel.directed:
        return (rel.kind, rel.source, rel.target)
    return (rel.kind, *sorted((rel.source, rel.target)))


def _link(link: CoverageLink) -> dict[str, Any]:
    return {"strength": link.strength,
            "last_contact": link.last_contact.isoformat() if link.last_contact else None}


def _items(here: AnalysisContext, there: AnalysisContext) -> list[dict[str, Any]]:
    """What ``here`` has and ``there`` lacks: people, team members, relationships, links."""
    items: list[dict[str, Any]] = []
    for p in here.amap.stakeholders:
        if p.id not in there.people:
            items.append({"kind": "stakeholder", "id": p.id, "name": p.label, "role": p.role,
                          "level": p.level, "stance": p.stance, "status": p.status,
                          "covered": here.covered(p.id)})
    for m in here.amap.team:
        if m.id not in there.members:
            items.append({"kind": "team-member", "id": m.id, "name": here.member_name(m.id)})
    theirs = {_relationship_key(r) for r in there.amap.relationships}
    for r in here.amap.relationships:
        if _relationship_key(r) not in theirs:
            items.append({"kind": "relationship", "source": r.source, "target": r.target,
                          "source_name": here.name(r.source),
                          "target_name": here.name(r.target),
                          "relationship": r.kind, "strength": r.strength})
    links = {(c.member, c.stakeholder) for c in there.amap.coverage}
    for c in here.amap.coverage:
        if (c.member, c.stakeholder) not in links:
            items.append({"kind": "coverage", "member": c.member, "stakeholder": c.stakeholder,
                          "member_name": here.member_name(c.member),
                          "name": here.name(c.stakeholder), **_link(c)})
    return items


def _changed(before: AnalysisContext, after: AnalysisContext) -> list[dict[str, Any]]:
    """What both maps have, changed: stakeholder fields and coverage, relationship
    strengths, link strengths and dates."""
    items: list[dict[str, Any]] = []
    for person in after.amap.stakeholders:
        was = before.people.get(person.id)
        if was is None:
            continue
        changes: list[dict[str, Any]] = [
            {"field": name, "old": getattr(was, name), "new": getattr(person, name)}
            for name in TRACKED_FIELDS if getattr(was, name) != getattr(person, name)
        ]
        if before.covered(person.id) != after.covered(person.id):
            changes.append({"field": "covered", "old": before.covered(person.id),
                            "new": after.covered(person.id)})
        if changes:
            items.append({"kind": "stakeholder", "id": person.id, "name": person.label,
                          "changes": changes})
    old_rels = {_relationship_key(r): r for r in before.amap.relationships}
    for r in after.amap.relationships:
        was_rel = old_rels.get(_relationship_key(r))
        if was_rel is not None and was_rel.strength != r.strength:
            items.append({"kind": "relationship", "source": r.source, "target": r.target,
                          "source_name": after.name(r.source),
                          "target_name": after.name(r.target),
                          "relationship": r.kind, "old": was_rel.strength, "new": r.strength})
    old_links = {(c.member, c.stakeholder): c for c in before.amap.coverage}
    for c in after.amap.coverage:
        was_link = old_links.get((c.member, c.stakeholder))
        if was_link is not None and _link(was_link) != _link(c):
            items.append({"kind": "coverage", "member": c.member, "stakeholder": c.stakeholder,
                          "member_name": after.member_name(c.member),
                          "name": after.name(c.stakeholder),
                          "old": _link(was_link), "new": _link(c)})
    return items


def _route_entry(before: AnalysisContext, after: AnalysisContext, entry: dict, lang: str) -> dict:
    """route_changes' entry, with a message naming who and how much."""
    def chain(route: dict | None, ctx: AnalysisContext) -> str:
        if route is None:
            return ""
        return " → ".join([ctx.member_name(route["member"])]
                          + [ctx.name(n) for n in route["nodes"]])

    was, now = entry["before"], entry["after"]
    target = before.name(entry["stakeholder"])
    if now is None:
        message = Msg("change.route.gone", target=target, old=format_strength(was["strength"]),
                      old_chain=chain(was, before))
    else:
        message = Msg(f"change.route.{entry['change']}", target=target,
                      old=format_strength(was["strength"]), old_chain=chain(was, before),
                      new=format_strength(now["strength"]), new_chain=chain(now, after))
    return {**entry, "message": message.render(lang)}


def _alerts(before: AnalysisContext, after: AnalysisContext, routes: dict, lang: str) -> list[dict]:
    through: dict[str, list[str]] = {}
    for entry in routes["broken"] + routes["weakened"]:
        for node in [entry["before"]["member"], *entry["before"]["nodes"][:-1]]:
            through.setdefault(node, []).append(before.name(entry["stakeholder"]))
    alerts = []

    def add(kind: str, change: str, severity: str, sid: str, name: str, message: Msg,
            action: Msg, successor: str | None = None) -> None:
        alerts.append({"kind": kind, "change": change, "severity": severity, "stakeholder": sid,
                       "name": name, "message": message.render(lang),
                       "action": action.render(lang), "successor": successor})

    def impact(sid: str, members: list[str]) -> Msg:
        parts = []
        if members:
            parts.append(Msg("alert.impact.coverage", members=members))
        if sid in through:
            parts.append(Msg("alert.impact.routes", targets=through[sid]))
        if len(parts) == 2:
            return Msg("alert.impact.pair", first=parts[0], second=parts[1])
        return parts[0] if parts else Msg("alert.impact.none")

    champion = before.settings.champion_tag
    old_managers, new_managers = managers_of(before.amap), managers_of(after.amap)
    for was in before.amap.stakeholders:
        now = after.people.get(was.id)
        members = [before.member_name(q.member) for q in before.status[was.id].links]
        key = was.role in _KEY_ROLES or bool(members) or was.id in through
        if was.active and (now is None or not now.active):
            change = "removed" if now is None else "left"
            heir = now.successor if now is not None and now.successor in after.people else None
            if heir is not None:
                message = Msg("alert.left.message.successor", who=before.who(was.id),
                              role=Term(was.role), successor=after.who(heir),
                              impact=impact(was.id, members))
                action = Msg("alert.left.action.successor", target=was.label,
                             successor=after.name(heir),
                             members=members or Msg("alert.our_team"))
            else:
                message = Msg(f"alert.{change}.message", who=before.who(was.id),
                              role=Term(was.role), impact=impact(was.id, members))
                action = (Msg("alert.left.action", target=was.label, members=members)
                          if members else Msg("alert.left.action.nobody", target=was.label))
            add("personnel-change", change, "high" if key else "medium", was.id, was.label,
                message, action, successor=heir)
        elif now is not None and not was.active and now.active:
            add("personnel-change", "returned", "medium", was.id, now.label,
                Msg("alert.returned.message", who=after.who(now.id), role=Term(now.role)),
                _meet(after, now.id))
        if now is None or not now.active or not was.active:
            continue
        for alert in field_alerts(was, now, old_managers=old_managers.get(was.id, set()),
                                  new_managers=new_managers.get(was.id, set()),
                                  before=before.amap, after=after.amap, lang=lang):
            del alert["old"], alert["new"]
            alert["action"] = Msg("personnel.action.confirm", target=now.label).render(lang)
            alerts.append(alert)
        is_champion = champion in was.tags or champion in now.tags
        if now.stance < was.stance and (was.role in _KEY_ROLES or now.role in _KEY_ROLES
                                        or is_champion):
            severity = ("high" if is_champion or (now.stance <= -1 and now.role in _KEY_ROLES)
                        else "medium")
            who = after.who(now.id)
            add("stance-change", "fell", severity, was.id, now.label,
                Msg("alert.stance.message", who=Msg("who.champion", who=who) if is_champion
                    else who, old=f"{was.stance:+d}", new=f"{now.stance:+d}"),
                Msg("alert.stance.action", target=now.label, points=after.points(now.id)))
        if now.role == "decision-maker" and was.role != "decision-maker":
            add("personnel-change", "became-decision-maker", "high", was.id, now.label,
                Msg("alert.became-decision-maker.message", who=after.who(now.id),
                    role=Term(was.role),
                    covered=Msg("alert.joined.covered" if after.covered(now.id)
                                else "alert.joined.uncovered")),
                _meet(after, now.id))
        elif _level_rank(now.level) > _level_rank(was.level):
            add("personnel-change", "moved-up", "high" if now.role in _KEY_ROLES else "medium",
                was.id, now.label,
                Msg("alert.moved-up.message", who=after.who(now.id), old=Term(was.level),
                    new=Term(now.level),
                    covered=Msg("alert.joined.covered" if after.covered(now.id)
                                else "alert.joined.uncovered")),
                _meet(after, now.id))
    for person in after.amap.stakeholders:
        if person.id in before.people or not person.active:
            continue
        if person.role not in _KEY_ROLES:
            if person.level == "executive":
                add("personnel-change", "new-executive", "high", person.id, person.label,
                    Msg("personnel.executive.message", who=after.who(person.id),
                        level=Term("executive")), _meet(after, person.id))
            continue
        add("personnel-change", "joined", "high" if person.role == "decision-maker"
            else "medium", person.id, person.label,
            Msg("alert.joined.message", who=after.who(person.id), role=Term(person.role),
                covered=Msg("alert.joined.covered" if after.covered(person.id)
                            else "alert.joined.uncovered")),
            _meet(after, person.id))
    for member in before.amap.team:
        if member.id in after.members:
            continue
        covered = [q.stakeholder for q in before.amap.coverage if q.member == member.id]
        if not covered and member.id not in through:
            continue
        add("team-change", "member-removed", "high" if member.id in through else "medium",
            member.id, before.member_name(member.id),
            Msg("alert.member.message", member=before.member_name(member.id),
                n=len(covered), people=before.names(covered),
                impact=impact(member.id, [])),
            Msg("alert.member.action", people=before.names(covered)))
    alerts.sort(key=lambda a: (SEVERITIES.index(a["severity"]), a["kind"], a["stakeholder"]))
    return alerts


def _level_rank(level: str | None) -> int:
    """operational 0, management 1, executive 2 (no level: -1)."""
    order = ("operational", "management", "executive")
    return order.index(level) if level in order else -1


def _meet(ctx: AnalysisContext, sid: str) -> Msg:
    route = ctx.routes.get(sid)
    if ctx.covered(sid) or not ctx.reachable(sid):
        return Msg("alert.meet.direct", target=ctx.name(sid), points=ctx.points(sid))
    return Msg("alert.meet.route", route=ctx.route_msg(route), points=ctx.points(sid))
