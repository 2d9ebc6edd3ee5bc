"""Blind spots: DESIGN's twelve kinds of gap in an account map, with what to do about each.

:func:`coverage_gaps` applies every rule of DESIGN's table (Analysis 2) and returns
:class:`Gap` objects: kind, severity, the stakeholder concerned (the level for a level
gap, None for other account-wide gaps), a message saying what is wrong and a recommended
action. A decision-maker or influencer gets at most one coverage gap
(:func:`coverage_gap_kind`). The action for someone the plan reaches is the plan step's
sentence, word for word ("ask 张伟 (covered by Li Na) to introduce you to 王建国 …"); someone
without a route of at least ``settings.min_route`` is told to find an entry point.
Messages and actions render in English or Chinese (:mod:`graphlib_kam.text`).

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
from graphlib_kam.algorithms.paths import COST_DIGITS, ApproachRoute
from graphlib_kam.algorithms.plan import plan_kind
from graphlib_kam.model import AccountMap
from graphlib_kam.model.vocab import LEVELS, SEVERITIES
from graphlib_kam.settings import DEFAULT_SETTINGS, Settings
from graphlib_kam.text import DEFAULT_LANG, Msg, Term

__all__ = ["GAP_KINDS", "SEVERITIES", "Gap", "coverage_gap_kind", "coverage_gaps",
           "gaps_in_context"]

GAP_KINDS = (
    "no-decision-maker",
    "unreachable-decision-maker",
    "uncovered-decision-maker",
    "unaddressed-opposer",
    "departed-contact",
    "no-coverage",
    "single-threaded",
    "uncovered-influencer",
    "weak-coverage",
    "stale-contact",
    "level-gap",
    "no-champion",
)
"""Every kind of gap, in DESIGN's order (which also orders gaps of equal weight)."""

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
    "stale" are judged on ``settings.as_of`` (today when unset). Readings of DESIGN
    worth knowing:

    * without any coverage link to an active stakeholder the gap is ``no-coverage``, and
      ``single-threaded`` does not fire;
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
     ('level-gap', 'medium', 'executive')]
    >>> print(gaps[1].to_dict()["action"])  # doctest: +NORMALIZE_WHITESPACE
    Ask 张伟 (covered by Li Na) to introduce you to 王建国 (route strength 0.56);
    lead with strategic value and ROI.
    >>> print(gaps[1].to_dict("zh")["action"])
    请张伟（Li Na 的联系人）引荐王建国（路径强度 0.56），重点谈战略价值和投资回报。
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
    """The action for someone to reach: the plan's sentence for them when they are
    reachable (their best route and talking points), else to find an entry point."""
    if ctx.reachable(sid):
        return ctx.step_msg(sid), ctx.routes[sid]
    return Msg("action.find_entry", target=ctx.name(sid)), None


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


def coverage_gap_kind(ctx: AnalysisContext, sid: str) -> str | None:
    """The one coverage gap of an active decision-maker or influencer, or None.

    The first that applies: ``unreachable-decision-maker`` (a decision-maker without a
    reachable route), ``uncovered-decision-maker`` / ``uncovered-influencer`` (no link at
    all), ``stale-contact`` (a link ≥ ``covered_min``, every such link stale),
    ``weak-coverage`` (links, all below ``covered_min``). None for anyone else, and for
    someone covered.
    """
    person = ctx.people[sid]
    if not person.active or person.role not in _KEY_ROLES:
        return None
    if person.role == "decision-maker" and not ctx.reachable(sid):
        return "unreachable-decision-maker"
    status = ctx.status[sid]
    if not status.links:
        return f"uncovered-{person.role}"
    if ctx.covered(sid):
        return None
    if any(not q.weak for q in status.links):
        return "stale-contact"
    return "weak-coverage"


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


def _rule_coverage(ctx: AnalysisContext) -> list[Gap]:
    """At most one coverage gap per decision-maker or influencer; the champion rule."""
    gaps = []
    for person in ctx.active:
        kind = coverage_gap_kind(ctx, person.id)
        if kind is not None:
            gaps.append(_COVERAGE_GAPS[kind](ctx, person.id))
        elif (person.role not in _KEY_ROLES and ctx.champion(person.id)
              and not ctx.covered(person.id)
              and any(not q.weak for q in ctx.status[person.id].links)):
            gaps.append(_stale_contact(ctx, person.id))
    return gaps


def _uncovered(ctx: AnalysisContext, sid: str) -> Gap:
    """The uncovered gap of someone with no coverage link at all (:func:`coverage_gap_kind`
    gives it to nobody else), so its reason is always that nobody on our team knows them."""
    person = ctx.people[sid]
    action, route = _approach_action(ctx, sid)
    if person.role == "decision-maker":
        return _person_gap(
            ctx, "uncovered-decision-maker", "high", sid,
            Msg("gap.uncovered-decision-maker.message", who=ctx.who(sid),
                reason=Msg("reason.no_link")),
            action, route=route, details=_route_details(route))
    clause, strength, dm = _dm_clause(ctx, sid)
    medium = strength is not None and at_least(strength, ctx.settings.influencer_path_level)
    return _person_gap(
        ctx, "uncovered-influencer", "medium" if medium else "low", sid,
        Msg("gap.uncovered-influencer.message", who=ctx.who(sid),
            reason=Msg("reason.no_link"), clause=clause),
        action, route=route, details={**_route_details(route),
                                      "path_to_decision_maker": strength,
                                      "decision_maker": dm})


def _unreachable(ctx: AnalysisContext, sid: str) -> Gap:
    min_route = ctx.settings.min_route
    route = ctx.routes.get(sid)
    if route is None:
        message = Msg("gap.unreachable-decision-maker.message.none", who=ctx.who(sid))
    else:
        message = Msg("gap.unreachable-decision-maker.message", who=ctx.who(sid),
                      min=format_strength(min_route),
                      best=format_strength(route.strength), chain=ctx.chain(route))
    listeners = sorted(ctx.influencers(sid).items(), key=lambda item: (-item[1], item[0]))
    # Covered listeners are already on our routes; the way in is someone we lack, and
    # never an opposer: an introduction does not go through one (DESIGN, Analysis 2).
    missing = [(other, strength) for other, strength in listeners
               if not ctx.covered(other) and not ctx.people[other].is_opposer]
    if not missing:
        action = Msg("gap.unreachable-decision-maker.action.none", target=ctx.name(sid))
    else:
        shown = [Msg("who.with_strength", name=ctx.name(other),
                     strength=format_strength(strength))
                 for other, strength in missing[:LIST_LIMIT]]
        # A way in must be reachable itself and must not go through the one we want.
        reachable = sorted(
            (-round(ctx.routes[other].strength * strength, COST_DIGITS), other)
            for other, strength in missing
            if ctx.reachable(other) and sid not in ctx.routes[other].nodes)
        if reachable:
            first = reachable[0][1]
            start = Msg("gap.unreachable-decision-maker.start", listener=ctx.name(first),
                        route=ctx.route_msg(ctx.routes[first]))
        else:
            start = Msg("gap.unreachable-decision-maker.start.none")
        action = Msg("gap.unreachable-decision-maker.action", target=ctx.name(sid),
                     listeners=shown, start=start)
    return _person_gap(
        ctx, "unreachable-decision-maker", "high", sid, message, action, route=None,
        details={**_route_details(route), "min_route": min_route,
                 "listeners": [other for other, _ in listeners]})


def _stale_contact(ctx: AnalysisContext, sid: str) -> Gap:
    person = ctx.people[sid]
    status = ctx.status[sid]
    strong = [q for q in status.links if not q.weak]
    dated = [q for q in strong if q.last_contact is not None]
    latest = max(dated, key=lambda q: (q.last_contact, q.strength)) if dated else strong[0]
    champion = ctx.champion(sid)
    who = ctx.who(sid)
    if champion:
        who = Msg("who.champion", who=who)
    if latest.last_contact is None:
        message = Msg("gap.stale-contact.message.undated", who=who)
    else:
        message = Msg("gap.stale-contact.message", who=who,
                      date=latest.last_contact.isoformat(), days=latest.age_days,
                      as_of=ctx.settings.today().isoformat(),
                      stale=ctx.settings.stale_days, member=ctx.member_name(latest.member))
    action, route = _approach_action(ctx, sid)
    high = person.role == "decision-maker" or champion
    return _person_gap(ctx, "stale-contact", "high" if high else "medium", sid, message,
                       action, route=route,
                       details={**_route_details(route), "link": latest.to_dict(),
                                "champion": champion})


def _weak_coverage(ctx: AnalysisContext, sid: str) -> Gap:
    best = ctx.status[sid].best
    action, route = _approach_action(ctx, sid)
    high = ctx.people[sid].role == "decision-maker"
    return _person_gap(
        ctx, "weak-coverage", "high" if high else "medium", sid,
        Msg("gap.weak-coverage.message", who=ctx.who(sid),
            member=ctx.member_name(best.member), strength=format_strength(best.strength),
            min=format_strength(ctx.settings.covered_min)),
        action, route=route, details={**_route_details(route), "link": best.to_dict()})


_COVERAGE_GAPS = {
    "unreachable-decision-maker": _unreachable,
    "uncovered-decision-maker": _uncovered,
    "uncovered-influencer": _uncovered,
    "stale-contact": _stale_contact,
    "weak-coverage": _weak_coverage,
}


def _rule_unaddressed_opposer(ctx: AnalysisContext) -> list[Gap]:
    gaps = []
    for person in ctx.active:
        if not ctx.unaddressed(person.id):
            continue
        influencers = sorted(ctx.influencers(person.id), key=lambda s: (-ctx.influence(s), s))
        clause, strength, dm = _dm_clause(ctx, person.id)
        high = strength is not None and at_least(strength, ctx.settings.opposer_path_level)
        infl = (Msg("clause.influencers", names=ctx.names(influencers)) if influencers
                else Msg("clause.nobody"))
        message = Msg("gap.unaddressed-opposer.message", who=ctx.who(person.id),
                      stance=f"{person.stance:+d}", influencers=infl, clause=clause)
        concerns = ctx.points(person.id)
        route = ctx.routes[person.id] if ctx.reachable(person.id) else None
        # Only influencers we can reach are worth naming: an opposer or an unreachable
        # decision-maker among them would send the team in a circle.
        allies = [s for s in influencers
                  if not ctx.people[s].is_opposer and ctx.reachable(s)]
        if route is not None:
            action = ctx.step_msg(person.id)
        elif allies:
            action = Msg("gap.unaddressed-opposer.action.influencers", target=ctx.name(person.id),
                         concerns=concerns, influencers=ctx.names(allies))
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
        relationships = ctx.relationships_of.get(person.id, [])
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
        successor = person.successor if person.successor in ctx.people else None
        if successor is not None:
            heir = ctx.name(successor)
            if links:
                action = Msg("gap.departed-contact.action.successor", members=members,
                             target=target, successor=heir)
            else:
                action = Msg("gap.departed-contact.action.successor.relationships",
                             target=target, successor=heir,
                             people=ctx.names(active_others) or Msg("text.none"))
        elif links and active_others:
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
                                 "related": active_others, "successor": successor}))
    return gaps


def _one(count: int) -> str:
    return "one" if count == 1 else "other"


def _thin(ctx: AnalysisContext) -> Msg | str:
    """", starting with X, Y": the key people held by fewer than two team members."""
    keys = [s.id for s in ctx.by_rank if s.role in _KEY_ROLES] or [s.id for s in ctx.by_rank]
    thin = [sid for sid in keys if len(set(ctx.status[sid].members)) < 2][:LIST_LIMIT]
    return Msg("gap.single-threaded.start", targets=ctx.names(thin)) if thin else ""


def _holders(ctx: AnalysisContext) -> list[str]:
    """The team members holding a coverage link to an active stakeholder."""
    active_ids = {s.id for s in ctx.active}
    return sorted({link.member for link in ctx.amap.coverage if link.stakeholder in active_ids})


def _rule_no_coverage(ctx: AnalysisContext) -> list[Gap]:
    if _holders(ctx) or not ctx.active:
        return []
    start = _thin(ctx)
    if not ctx.amap.team:
        message = Msg("gap.no-coverage.message.no_team")
        action = Msg("gap.no-coverage.action.no_team", start=start)
    else:
        message = Msg("gap.no-coverage.message")
        action = Msg("gap.no-coverage.action",
                     members=[ctx.member_name(m.id) for m in ctx.amap.team], start=start)
    return [Gap("no-coverage", "high", None, message, action, influence=1.0)]


def _rule_single_threaded(ctx: AnalysisContext) -> list[Gap]:
    holders = _holders(ctx)
    covered = [s.id for s in ctx.by_rank if ctx.covered(s.id)]
    if not holders or (len(holders) >= 2 and len(covered) != 1):
        return []
    if len(holders) == 1:
        message = Msg("gap.single-threaded.message.member", member=ctx.member_name(holders[0]))
    else:
        message = Msg("gap.single-threaded.message.one_covered", who=ctx.who(covered[0]))
    start = _thin(ctx)
    others = [ctx.member_name(m.id) for m in ctx.amap.team if m.id not in holders]
    if len(holders) >= 2:
        action = Msg("gap.single-threaded.action.spread",
                     members=[ctx.member_name(m) for m in holders], start=start)
    elif others:
        action = Msg("gap.single-threaded.action", others=others, start=start)
    else:
        action = Msg("gap.single-threaded.action.add", start=start)
    return [Gap("single-threaded", "high", None, message, action, influence=1.0,
                details={"members": holders, "covered": covered})]


def _rule_level_gap(ctx: AnalysisContext) -> list[Gap]:
    gaps = []
    for level in LEVELS:
        people = [s for s in ctx.by_rank if s.level == level]
        if not people or any(ctx.covered(s.id) for s in people):
            continue
        # The easiest first relationship: the strongest reachable route the plan takes
        # (people in rank order, so ties go to the more influential).
        steps = [s for s in people if plan_kind(ctx, s.id) and ctx.reachable(s.id)]
        first = min(steps, key=lambda s: -round(ctx.routes[s.id].strength, COST_DIGITS),
                    default=None)
        if first is not None:
            action = Msg("gap.level-gap.action", level=Term(level), step=ctx.step_msg(first.id))
            route = ctx.routes[first.id]
        else:
            action = Msg("gap.level-gap.action.none", level=Term(level),
                         target=ctx.name(people[0].id))
            route = None
        gaps.append(Gap(
            "level-gap", "medium", level,
            Msg("gap.level-gap.message", level=Term(level), n=len(people),
                names=ctx.names([s.id for s in people])),
            action, influence=sum(ctx.influence(s.id) for s in people), level=level, route=route,
            details={"stakeholders": [s.id for s in people],
                     "first": first.id if first else None}))
    return gaps


def _rule_no_champion(ctx: AnalysisContext) -> list[Gap]:
    if any(s.stance >= 1 and ctx.covered(s.id) for s in ctx.active):
        return []
    supporters = [s for s in ctx.by_rank if s.stance >= 1]
    route = None
    if supporters:
        message = Msg("gap.no-champion.message.supporters",
                      names=ctx.names([s.id for s in supporters]))
        reachable = [s for s in supporters if ctx.reachable(s.id)]
        first = reachable[0] if reachable else supporters[0]
        if reachable:
            route = ctx.routes[first.id]
            action = Msg("gap.no-champion.action.renew", target=ctx.name(first.id),
                         stance=f"{first.stance:+d}", step=ctx.step_msg(first.id))
        else:
            action = Msg("gap.no-champion.action.meet", target=ctx.name(first.id),
                         stance=f"{first.stance:+d}")
    else:
        message = Msg("gap.no-champion.message")
        neutral = [s for s in ctx.by_rank if s.stance == 0 and ctx.covered(s.id)]
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
    _rule_coverage,
    _rule_unaddressed_opposer,
    _rule_departed_contact,
    _rule_no_coverage,
    _rule_single_threaded,
    _rule_level_gap,
    _rule_no_champion,
)
