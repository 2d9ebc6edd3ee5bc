"""Blind spots: DESIGN's eleven kinds of gap in an account map, with what to do about each.

:func:`coverage_gaps` applies every rule of DESIGN's table and returns :class:`Gap`
objects: kind, severity, the stakeholder concerned (or None for account-wide gaps), a
message saying what is wrong and a recommended action — the approach route to take when
there is one ("ask 张伟 (covered by Li Na) to introduce you to 王建国"). Messages and
actions render in English or Chinese (:mod:`graphlib_kam.text`).

Thresholds come from :class:`~graphlib_kam.settings.Settings` and compare with a
tolerance of 1e-9, so a path of 0.6 × 0.5 counts as 0.3.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graphlib_kam.algorithms.context import (
    LIST_LIMIT,
    AnalysisContext,
    at_least,
    format_strength,
)
from graphlib_kam.algorithms.paths import ApproachRoute
from graphlib_kam.model import AccountMap
from graphlib_kam.model.vocab import LEVELS
from graphlib_kam.settings import DEFAULT_SETTINGS, Settings
from graphlib_kam.text import DEFAULT_LANG, Msg, Term

__all__ = ["GAP_KINDS", "SEVERITIES", "Gap", "coverage_gaps", "gaps_in_context"]

GAP_KINDS = (
    "no-decision-maker",
    "uncovered-decision-maker",
    "unreachable-decision-maker",
    "unaddressed-opposer",
    "departed-contact",
    "single-threaded",
    "uncovered-influencer",
    "weak-coverage",
    "stale-contact",
    "level-gap",
    "no-champion",
)
"""Every kind of gap, in DESIGN's order (which also orders gaps of equal weight)."""

SEVERITIES = ("high", "medium", "low")

_KEY_ROLES = ("decision-maker", "influencer")


@dataclass(frozen=True)
class Gap:
    """A blind spot: what is wrong (``message``) and what to do (``action``).

    ``message`` and ``action`` are :class:`~graphlib_kam.text.Msg` objects, rendered in
    English or Chinese by :meth:`to_dict`. ``influence`` weighs the gap: the stakeholder's
    influence score, the level's total for a level gap, 1 (the whole account) for the
    other account-wide gaps, 0 for people who left. ``route`` is the approach route the
    action names, when it names one.
    """

    kind: str
    severity: str
    stakeholder: str | None
    message: Msg
    action: Msg
    influence: float = 0.0
    name: str | None = None
    level: str | None = None
    route: ApproachRoute | None = None
    details: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def key(self) -> tuple[str, str | None, str | None]:
        """What the gap is about, without its wording: (kind, stakeholder, level)."""
        return (self.kind, self.stakeholder, self.level)

    def sort_key(self) -> tuple:
        return (SEVERITIES.index(self.severity), -self.influence, self.stakeholder or "",
                GAP_KINDS.index(self.kind), self.level or "")

    def to_dict(self, lang: str = DEFAULT_LANG) -> dict[str, Any]:
        """DESIGN's JSON: kind, severity, stakeholder, message, action, and more."""
        return {
            "kind": self.kind,
            "severity": self.severity,
            "stakeholder": self.stakeholder,
            "name": self.name,
            "level": self.level,
            "message": self.message.render(lang),
            "action": self.action.render(lang),
            "influence": self.influence,
            "route": self.route.to_dict() if self.route else None,
            "details": self.details,
        }


def coverage_gaps(
    amap: AccountMap,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    graph: nx.DiGraph | None = None,
    rank: dict[str, float] | None = None,
) -> list[Gap]:
    """Every blind spot of the map, by DESIGN's rules, most severe and influential first.

    Gaps are ordered by severity (high, medium, low), then influence (descending), then
    stakeholder id, then kind. The kinds are in :data:`GAP_KINDS`; "covered", "weak" and
    "stale" are judged on ``settings.as_of`` (today when unset). Two readings of DESIGN
    are worth knowing:

    * ``single-threaded`` also fires when nobody at all is covered or nobody on our team
      holds a link (no thread is thinner than one);
    * an opposer who is also a decision-maker has a path of strength 1 to a
      decision-maker (themselves), so an unaddressed one is always high.

    Parameters
    ----------
    amap : AccountMap
    settings : Settings, keyword-only
        Thresholds and ``as_of``.
    graph, rank : optional, keyword-only
        The influence graph and rank, when the caller already has them.

    Returns
    -------
    list of Gap

    Examples
    --------
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "team": [{"id": "t-li", "name": "Li Na"}],
    ...     "stakeholders": [
    ...         {"id": "s-zw", "name": "张伟", "role": "influencer", "stance": 1},
    ...         {"id": "s-ceo", "name": "王建国", "role": "decision-maker",
    ...          "level": "executive"}],
    ...     "relationships": [{"source": "s-zw", "target": "s-ceo", "strength": 0.8}],
    ...     "coverage": [{"member": "t-li", "stakeholder": "s-zw", "strength": 0.7,
    ...                   "last_contact": "2026-11-02"}]})
    >>> import datetime
    >>> gaps = coverage_gaps(m, settings=Settings(as_of=datetime.date(2026, 11, 28)))
    >>> [(g.kind, g.severity, g.stakeholder) for g in gaps]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('single-threaded', 'high', None),
     ('uncovered-decision-maker', 'high', 's-ceo'),
     ('level-gap', 'medium', None)]
    >>> print(gaps[1].to_dict()["action"])  # doctest: +NORMALIZE_WHITESPACE
    Ask 张伟 (covered by Li Na) to introduce you to 王建国 (route strength 0.56);
    lead with strategic value and ROI.
    >>> print(gaps[1].to_dict("zh")["action"])
    请张伟（Li Na的联系人）引荐王建国（路径强度 0.56），重点谈战略价值和投资回报。
    """
    return gaps_in_context(AnalysisContext(amap, settings, graph=graph, rank=rank))


def gaps_in_context(ctx: AnalysisContext) -> list[Gap]:
    """Every blind spot of a map prepared for analysis, as :func:`coverage_gaps` orders them.

    Parameters
    ----------
    ctx : AnalysisContext
        The map, its settings and what the rules share (graph, rank, coverage, routes).

    Returns
    -------
    list of Gap
    """
    gaps: list[Gap] = []
    for rule in _RULES:
        gaps.extend(rule(ctx))
    gaps.sort(key=Gap.sort_key)
    return gaps


def _person_gap(ctx: AnalysisContext, kind: str, severity: str, sid: str, message: Msg,
                action: Msg, **extra: Any) -> Gap:
    return Gap(kind=kind, severity=severity, stakeholder=sid, message=message, action=action,
               influence=ctx.influence(sid), name=ctx.name(sid), **extra)


def _route_details(route: ApproachRoute | None) -> dict[str, Any]:
    return {"route_strength": route.strength if route else None}


def _approach_action(ctx: AnalysisContext, sid: str) -> tuple[Msg, ApproachRoute | None]:
    """The action for someone to reach: their best route and what to talk about."""
    route = ctx.routes.get(sid)
    if route is None:
        return Msg("action.no_route", target=ctx.name(sid)), None
    return Msg("action.approach", route=ctx.route_msg(route), points=ctx.points(sid)), route


def _uncovered_reason(ctx: AnalysisContext, sid: str) -> Msg:
    status = ctx.status[sid]
    if not status.links:
        return Msg("reason.no_link")
    strong = [q for q in status.links if not q.weak]
    if strong:  # strong enough, but not recent
        q = strong[0]
        if q.last_contact is None:
            return Msg("reason.undated", member=ctx.member_name(q.member),
                       strength=format_strength(q.strength))
        return Msg("reason.stale", member=ctx.member_name(q.member),
                   strength=format_strength(q.strength),
                   date=q.last_contact.isoformat(), days=q.age_days,
                   stale=ctx.settings.stale_days)
    q = status.links[0]
    return Msg("reason.weak", member=ctx.member_name(q.member),
               strength=format_strength(q.strength),
               min=format_strength(ctx.settings.covered_min))


def _dm_clause(ctx: AnalysisContext, sid: str) -> tuple[Msg, float | None, str | None]:
    """"their strongest path to a decision-maker (X) is 0.50", its strength and X."""
    if ctx.people[sid].role == "decision-maker":
        return Msg("clause.is_dm"), 1.0, sid
    found = ctx.dm_path(sid)
    if found is None:
        return Msg("clause.no_dm_path"), None, None
    nodes, strength = found
    clause = Msg("clause.dm_path", dm=ctx.name(nodes[-1]), path=format_strength(strength))
    return clause, strength, nodes[-1]


def _rule_no_decision_maker(ctx: AnalysisContext) -> list[Gap]:
    if ctx.decision_makers:
        return []
    covered = [s for s in ctx.by_rank if ctx.covered(s.id)]
    if covered:
        best = covered[0]
        action = Msg("gap.no-decision-maker.action.ask", entry=ctx.name(best.id),
                     member=ctx.member_name(ctx.status[best.id].best.member))
    else:
        action = Msg("gap.no-decision-maker.action.find")
    return [Gap("no-decision-maker", "high", None, Msg("gap.no-decision-maker.message"),
                action, influence=1.0)]


def _rule_uncovered_decision_maker(ctx: AnalysisContext) -> list[Gap]:
    gaps = []
    for person in ctx.decision_makers:
        if ctx.covered(person.id):
            continue
        action, route = _approach_action(ctx, person.id)
        gaps.append(_person_gap(
            ctx, "uncovered-decision-maker", "high", person.id,
            Msg("gap.uncovered-decision-maker.message", who=ctx.who(person.id),
                reason=_uncovered_reason(ctx, person.id)),
            action, route=route, details=_route_details(route)))
    return gaps


def _rule_unreachable_decision_maker(ctx: AnalysisContext) -> list[Gap]:
    gaps = []
    min_route = ctx.settings.min_route
    for person in ctx.decision_makers:
        route = ctx.routes.get(person.id)
        if route is not None and at_least(route.strength, min_route):
            continue
        if route is None:
            message = Msg("gap.unreachable-decision-maker.message.none", who=ctx.who(person.id))
        else:
            message = Msg("gap.unreachable-decision-maker.message", who=ctx.who(person.id),
                          min=format_strength(min_route),
                          best=format_strength(route.strength), chain=ctx.chain(route))
        listeners = sorted(ctx.G.pred[person.id].items(),
                           key=lambda item: (-item[1]["strength"], item[0]))
        # Covered listeners are already on our routes; the way in is someone we lack.
        missing = [(sid, d) for sid, d in listeners if not ctx.covered(sid)]
        if not missing:
            action = Msg("gap.unreachable-decision-maker.action.none", target=ctx.name(person.id))
        else:
            shown = [Msg("who.with_strength", name=ctx.name(sid),
                         strength=format_strength(d["strength"]))
                     for sid, d in missing[:LIST_LIMIT]]
            # A way in must be strong itself and must not go through the one we want.
            reachable = sorted(
                (-ctx.routes[sid].strength * d["strength"], sid) for sid, d in missing
                if sid in ctx.routes and person.id not in ctx.routes[sid].nodes
                and at_least(ctx.routes[sid].strength, min_route))
            if reachable:
                first = reachable[0][1]
                start = Msg("gap.unreachable-decision-maker.start", listener=ctx.name(first),
                            route=ctx.route_msg(ctx.routes[first]))
            else:
                start = Msg("gap.unreachable-decision-maker.start.none")
            action = Msg("gap.unreachable-decision-maker.action", target=ctx.name(person.id),
                         listeners=shown, start=start)
        gaps.append(_person_gap(
            ctx, "unreachable-decision-maker", "high", person.id, message, action, route=route,
            details={**_route_details(route), "min_route": min_route,
                     "listeners": [sid for sid, _ in listeners]}))
    return gaps


def _rule_unaddressed_opposer(ctx: AnalysisContext) -> list[Gap]:
    gaps = []
    for person in ctx.active:
        if not person.is_opposer or ctx.covered(person.id):
            continue
        influencers = sorted(ctx.G.pred[person.id], key=lambda s: (-ctx.influence(s), s))
        if any(ctx.covered(s) for s in influencers):
            continue
        clause, strength, dm = _dm_clause(ctx, person.id)
        high = strength is not None and at_least(strength, ctx.settings.opposer_path_level)
        infl = (Msg("clause.influencers", names=ctx.names(influencers)) if influencers
                else Msg("clause.nobody"))
        message = Msg("gap.unaddressed-opposer.message", who=ctx.who(person.id),
                      stance=f"{person.stance:+d}", influencers=infl, clause=clause)
        route = ctx.routes.get(person.id)
        concerns = ctx.points(person.id)
        if route is not None and at_least(route.strength, ctx.settings.min_route):
            action = Msg("gap.unaddressed-opposer.action", target=ctx.name(person.id),
                         concerns=concerns, route=ctx.route_msg(route))
        elif influencers:
            action = Msg("gap.unaddressed-opposer.action.influencers", target=ctx.name(person.id),
                         concerns=concerns, influencers=ctx.names(influencers))
        else:
            action = Msg("gap.unaddressed-opposer.action.none", target=ctx.name(person.id),
                         concerns=concerns)
        gaps.append(_person_gap(
            ctx, "unaddressed-opposer", "high" if high else "medium", person.id, message, action,
            route=route, details={**_route_details(route), "path_to_decision_maker": strength,
                                  "decision_maker": dm, "influencers": influencers}))
    return gaps


def _rule_departed_contact(ctx: AnalysisContext) -> list[Gap]:
    gaps = []
    for person in ctx.amap.stakeholders:
        if person.active:
            continue
        links = ctx.status[person.id].links
        relationships = [r for r in ctx.amap.relationships
                         if person.id in (r.source, r.target)]
        if not links and not relationships:
            continue
        others = {r.target if r.source == person.id else r.source for r in relationships}
        active_others = sorted((o for o in others if o in ctx.people and ctx.people[o].active),
                               key=lambda s: (-ctx.influence(s), s))
        members = list(dict.fromkeys(ctx.member_name(q.member) for q in links))
        held = []
        if links:
            held.append(Msg(f"gap.departed-contact.links.{_one(len(links))}", n=len(links),
                            members=members))
        if relationships:
            held.append(Msg(f"gap.departed-contact.relationships.{_one(len(relationships))}",
                            n=len(relationships), people=ctx.names(sorted(
                                others, key=lambda s: (-ctx.influence(s), s)))))
        message = Msg("gap.departed-contact.message", who=ctx.who(person.id), held=held)
        target = ctx.name(person.id)
        if links and active_others:
            action = Msg("gap.departed-contact.action", members=members, target=target,
                         people=ctx.names(active_others))
        elif links:
            action = Msg("gap.departed-contact.action.links", members=members, target=target)
        else:
            action = Msg("gap.departed-contact.action.relationships", target=target,
                         people=ctx.names(active_others) or Msg("text.none"))
        severity = "high" if person.role in _KEY_ROLES else "low"
        gaps.append(Gap("departed-contact", severity, person.id, message, action,
                        influence=0.0, name=person.label,
                        details={"members": [q.member for q in links],
                                 "relationships": len(relationships),
                                 "related": active_others}))
    return gaps


def _one(count: int) -> str:
    return "one" if count == 1 else "other"


def _rule_single_threaded(ctx: AnalysisContext) -> list[Gap]:
    active_ids = {s.id for s in ctx.active}
    holders = sorted({link.member for link in ctx.amap.coverage
                      if link.stakeholder in active_ids})
    covered = [s.id for s in ctx.by_rank if ctx.covered(s.id)]
    if len(holders) >= 2 and len(covered) >= 2:
        return []
    if not ctx.amap.team:
        message = Msg("gap.single-threaded.message.no_team")
    elif not holders:
        message = Msg("gap.single-threaded.message.none")
    elif len(holders) == 1:
        message = Msg("gap.single-threaded.message.member", member=ctx.member_name(holders[0]))
    elif covered:
        message = Msg("gap.single-threaded.message.one_covered", who=ctx.who(covered[0]))
    else:
        message = Msg("gap.single-threaded.message.none_covered")
    keys = [s.id for s in ctx.by_rank if s.role in _KEY_ROLES] or [s.id for s in ctx.by_rank]
    thin = [sid for sid in keys if len(set(ctx.status[sid].members)) < 2][:LIST_LIMIT]
    start = Msg("gap.single-threaded.start", targets=ctx.names(thin)) if thin else ""
    others = [ctx.member_name(m.id) for m in ctx.amap.team if m.id not in holders]
    if not ctx.amap.team:
        action = Msg("gap.single-threaded.action.no_team", start=start)
    elif others:
        action = Msg("gap.single-threaded.action", others=others, start=start)
    else:
        action = Msg("gap.single-threaded.action.add", start=start)
    return [Gap("single-threaded", "high", None, message, action, influence=1.0,
                details={"members": holders, "covered": covered, "targets": thin})]


def _rule_uncovered_influencer(ctx: AnalysisContext) -> list[Gap]:
    gaps = []
    for person in ctx.active:
        if person.role != "influencer" or ctx.covered(person.id):
            continue
        clause, strength, dm = _dm_clause(ctx, person.id)
        medium = strength is not None and at_least(strength, ctx.settings.influencer_path_level)
        action, route = _approach_action(ctx, person.id)
        gaps.append(_person_gap(
            ctx, "uncovered-influencer", "medium" if medium else "low", person.id,
            Msg("gap.uncovered-influencer.message", who=ctx.who(person.id),
                reason=_uncovered_reason(ctx, person.id), clause=clause),
            action, route=route, details={**_route_details(route),
                                          "path_to_decision_maker": strength,
                                          "decision_maker": dm}))
    return gaps


def _rule_weak_coverage(ctx: AnalysisContext) -> list[Gap]:
    gaps = []
    for person in ctx.active:
        status = ctx.status[person.id]
        if person.role not in _KEY_ROLES or not status.weak:
            continue
        best = status.best
        action, route = _approach_action(ctx, person.id)
        gaps.append(_person_gap(
            ctx, "weak-coverage", "medium", person.id,
            Msg("gap.weak-coverage.message", who=ctx.who(person.id),
                member=ctx.member_name(best.member), strength=format_strength(best.strength),
                min=format_strength(ctx.settings.covered_min)),
            action, route=route, details={**_route_details(route), "link": best.to_dict()}))
    return gaps


def _rule_stale_contact(ctx: AnalysisContext) -> list[Gap]:
    gaps = []
    for person in ctx.active:
        status = ctx.status[person.id]
        if person.role not in _KEY_ROLES or not status.stale:
            continue
        latest, best = status.latest, status.best
        if latest.last_contact is None:
            message = Msg("gap.stale-contact.message.undated", who=ctx.who(person.id))
        else:
            message = Msg("gap.stale-contact.message", who=ctx.who(person.id),
                          date=latest.last_contact.isoformat(), days=latest.age_days,
                          as_of=ctx.settings.today().isoformat(),
                          stale=ctx.settings.stale_days, member=ctx.member_name(latest.member))
        action = Msg("gap.stale-contact.action", member=ctx.member_name(best.member),
                     target=ctx.name(person.id), strength=format_strength(best.strength),
                     points=ctx.points(person.id))
        gaps.append(_person_gap(ctx, "stale-contact", "medium", person.id, message, action,
                                details={"link": latest.to_dict()}))
    return gaps


def _rule_level_gap(ctx: AnalysisContext) -> list[Gap]:
    gaps = []
    for level in LEVELS:
        people = [s for s in ctx.by_rank if s.level == level]
        if not people or any(ctx.covered(s.id) for s in people):
            continue
        # The easiest first relationship: the strongest route, then the most influential.
        reachable = sorted((s for s in people if s.id in ctx.routes),
                           key=lambda s: -round(ctx.routes[s.id].strength, 9))
        if reachable:
            first = reachable[0]
            action = Msg("gap.level-gap.action", level=Term(level),
                         route=ctx.route_msg(ctx.routes[first.id]), points=ctx.points(first.id))
            route = ctx.routes[first.id]
        else:
            action = Msg("gap.level-gap.action.none", level=Term(level),
                         target=ctx.name(people[0].id))
            route = None
        gaps.append(Gap(
            "level-gap", "medium", None,
            Msg("gap.level-gap.message", level=Term(level), n=len(people),
                names=ctx.names([s.id for s in people])),
            action, influence=sum(ctx.influence(s.id) for s in people), level=level, route=route,
            details={"stakeholders": [s.id for s in people]}))
    return gaps


def _rule_no_champion(ctx: AnalysisContext) -> list[Gap]:
    if any(s.stance >= 1 and ctx.covered(s.id) for s in ctx.active):
        return []
    supporters = [s for s in ctx.by_rank if s.stance >= 1]
    if supporters:
        message = Msg("gap.no-champion.message.supporters",
                      names=ctx.names([s.id for s in supporters]))
        reachable = [s for s in supporters if s.id in ctx.routes]
        first = reachable[0] if reachable else supporters[0]
        route = ctx.routes.get(first.id)
        action = Msg("gap.no-champion.action.renew" if route else "gap.no-champion.action.meet",
                     target=ctx.name(first.id), stance=f"{first.stance:+d}",
                     route=ctx.route_msg(route) if route else "")
    else:
        message = Msg("gap.no-champion.message")
        neutral = [s for s in ctx.by_rank if s.stance == 0 and ctx.covered(s.id)]
        route = None
        if neutral:
            first = neutral[0]
            action = Msg("gap.no-champion.action.develop", target=ctx.name(first.id),
                         member=ctx.member_name(ctx.status[first.id].best.member),
                         points=ctx.points(first.id))
        else:
            action = Msg("gap.no-champion.action.find")
    return [Gap("no-champion", "medium", None, message, action, influence=1.0, route=route,
                details={"supporters": [s.id for s in supporters]})]


_RULES = (
    _rule_no_decision_maker,
    _rule_uncovered_decision_maker,
    _rule_unreachable_decision_maker,
    _rule_unaddressed_opposer,
    _rule_departed_contact,
    _rule_single_threaded,
    _rule_uncovered_influencer,
    _rule_weak_coverage,
    _rule_stale_contact,
    _rule_level_gap,
    _rule_no_champion,
)
