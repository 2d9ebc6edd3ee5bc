"""The penetration plan (关系渗透路径): who asks whom to meet whom, step by step.

For every uncovered decision-maker and influencer, in descending influence rank, the
plan takes the best approach route (member M → entry S ⇝ target T) and cuts it into
introductions: M asks S to meet the next person on the path, then asks that person to
meet the next, and so on to T. A route that starts at T itself (a weak or stale link) is
one step: M meets T in person. Steps that several targets share are listed once, at
their first place, and name every target they serve. Each step carries the talking points
of the person to meet: their recorded interests and their level's default concerns
(:mod:`graphlib_kam.algorithms.matrix`).
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from graphlib_kam.algorithms.context import AnalysisContext, at_least
from graphlib_kam.algorithms.matrix import TalkingPoints
from graphlib_kam.algorithms.paths import ApproachRoute
from graphlib_kam.model import AccountMap
from graphlib_kam.settings import DEFAULT_SETTINGS, Settings
from graphlib_kam.text import DEFAULT_LANG, Msg

__all__ = ["Plan", "PlanStep", "PlanTarget", "penetration_plan", "plan_in_context"]


@dataclass(frozen=True)
class PlanStep:
    """One introduction: ``member`` asks ``via`` to meet ``target``.

    ``via`` is None when the member meets ``target`` directly. ``nodes`` is the route so
    far, from the entry (the stakeholder the member covers) to ``target``; ``strength`` is
    the route's strength so far (the link's strength times the path's). ``serves`` lists
    the plan targets this step leads to.
    """

    number: int
    member: str
    via: str | None
    target: str
    nodes: tuple[str, ...]
    strength: float
    talking_points: TalkingPoints
    serves: tuple[str, ...]
    text: Msg

    def to_dict(self, lang: str = DEFAULT_LANG, *, names: dict[str, str] | None = None) -> dict:
        names = names or {}
        return {
            "number": self.number,
            "member": self.member,
            "member_name": names.get(self.member, self.member),
            "via": self.via,
            "via_name": names.get(self.via, self.via) if self.via else None,
            "target": self.target,
            "target_name": names.get(self.target, self.target),
            "nodes": list(self.nodes),
            "strength": self.strength,
            "talking_points": self.talking_points.items(lang),
            "for": list(self.serves),
            "text": self.text.render(lang),
        }


@dataclass(frozen=True)
class PlanTarget:
    """A person the plan leads to: their best approach route and the steps that take it.

    ``reachable`` is False when the route is weaker than ``settings.min_route`` (or
    there is none); ``steps`` are step numbers, in order.
    """

    stakeholder: str
    role: str
    level: str
    influence: float
    route: ApproachRoute | None
    steps: tuple[int, ...]
    reachable: bool

    def to_dict(self, names: dict[str, str] | None = None) -> dict:
        names = names or {}
        return {
            "stakeholder": self.stakeholder,
            "name": names.get(self.stakeholder, self.stakeholder),
            "role": self.role,
            "level": self.level,
            "influence": self.influence,
            "route": self.route.to_dict() if self.route else None,
            "steps": list(self.steps),
            "reachable": self.reachable,
        }


@dataclass(frozen=True)
class Plan:
    """The penetration plan: targets in descending influence, and the merged steps."""

    targets: tuple[PlanTarget, ...]
    steps: tuple[PlanStep, ...]
    names: dict[str, str]

    def steps_for(self, stakeholder: str) -> list[PlanStep]:
        """The steps that lead to one target, in order (empty when it has no route)."""
        for target in self.targets:
            if target.stakeholder == stakeholder:
                return [self.steps[n - 1] for n in target.steps]
        raise KeyError(stakeholder)

    def to_dict(self, lang: str = DEFAULT_LANG) -> dict:
        """DESIGN's JSON: ``steps`` (member, via, target, nodes, strength,
        talking_points, …) and the ``targets`` they serve."""
        return {
            "steps": [step.to_dict(lang, names=self.names) for step in self.steps],
            "targets": [target.to_dict(self.names) for target in self.targets],
        }


def penetration_plan(
    amap: AccountMap,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    graph: nx.DiGraph | None = None,
    rank: dict[str, float] | None = None,
) -> Plan:
    """The penetration plan for every uncovered decision-maker and influencer.

    Parameters
    ----------
    amap : AccountMap
    settings : Settings, keyword-only
        What counts as covered (``covered_min``, ``stale_days``, ``as_of``), ``min_route``
        and the influence settings.
    graph, rank : optional, keyword-only
        The influence graph and rank, when the caller already has them.

    Returns
    -------
    Plan

    Examples
    --------
    Li Na covers 张伟, who influences the CFO, who influences the CEO: two steps to the
    CEO, the first of which also reaches the CFO.

    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "team": [{"id": "t-li", "name": "Li Na"}],
    ...     "stakeholders": [
    ...         {"id": "s-zw", "name": "张伟"},
    ...         {"id": "s-cfo", "name": "许文", "role": "influencer", "level": "management"},
    ...         {"id": "s-ceo", "name": "王建国", "role": "decision-maker",
    ...          "level": "executive"}],
    ...     "relationships": [{"source": "s-zw", "target": "s-cfo", "strength": 0.8},
    ...                       {"source": "s-cfo", "target": "s-ceo", "strength": 0.9}],
    ...     "coverage": [{"member": "t-li", "stakeholder": "s-zw", "strength": 0.7,
    ...                   "last_contact": "2026-11-02"}]})
    >>> import datetime
    >>> plan = penetration_plan(m, settings=Settings(as_of=datetime.date(2026, 11, 28)))
    >>> [t.stakeholder for t in plan.targets]
    ['s-ceo', 's-cfo']
    >>> for step in plan.steps:
    ...     print(step.number, step.text.render("en"), round(step.strength, 3), step.serves)
    1 Li Na asks 张伟 to introduce them to 许文 0.56 ('s-ceo', 's-cfo')
    2 Li Na asks 许文 to introduce them to 王建国 0.504 ('s-ceo',)
    >>> plan.steps[1].talking_points.items("zh")
    ['战略价值', '投资回报']
    """
    return plan_in_context(AnalysisContext(amap, settings, graph=graph, rank=rank))


def plan_in_context(ctx: AnalysisContext) -> Plan:
    """The penetration plan of a map prepared for analysis (see :func:`penetration_plan`).

    Parameters
    ----------
    ctx : AnalysisContext
        The map, its settings, its rank, coverage and best approach routes.

    Returns
    -------
    Plan
    """
    targets = [s for s in ctx.by_rank
               if s.role in ("decision-maker", "influencer") and not ctx.covered(s.id)]
    steps: dict[tuple[str, tuple[str, ...]], dict] = {}
    planned = []
    for person in targets:
        route = ctx.routes.get(person.id)
        numbers = []
        if route is not None:
            for member, via, nodes, strength in _cut(ctx.G, route):
                key = (member, nodes)
                step = steps.get(key)
                if step is None:
                    step = steps[key] = {"number": len(steps) + 1, "member": member,
                                         "via": via, "nodes": nodes, "strength": strength,
                                         "serves": []}
                step["serves"].append(person.id)
                numbers.append(step["number"])
        planned.append(PlanTarget(
            stakeholder=person.id, role=person.role, level=person.level,
            influence=ctx.influence(person.id), route=route, steps=tuple(numbers),
            reachable=route is not None and at_least(route.strength, ctx.settings.min_route),
        ))
    built = []
    for step in steps.values():
        target = step["nodes"][-1]
        member, via = ctx.member_name(step["member"]), step["via"]
        text = (Msg("plan.step.direct", member=member, target=ctx.name(target)) if via is None
                else Msg("plan.step.intro", member=member, via=ctx.name(via),
                         target=ctx.name(target)))
        built.append(PlanStep(
            number=step["number"], member=step["member"], via=via, target=target,
            nodes=step["nodes"], strength=step["strength"],
            talking_points=ctx.points(target, limit=None), serves=tuple(step["serves"]),
            text=text,
        ))
    names = {s.id: s.label for s in ctx.amap.stakeholders}
    names.update({m.id: m.name or m.id for m in ctx.amap.team})
    return Plan(targets=tuple(planned), steps=tuple(built), names=names)


def _cut(G: nx.DiGraph, route: ApproachRoute):
    """The introductions of a route: (member, via, nodes so far, strength so far)."""
    if len(route.nodes) == 1:
        yield route.member, None, route.nodes, route.strength
        return
    strength = route.coverage
    for i in range(1, len(route.nodes)):
        strength *= G[route.nodes[i - 1]][route.nodes[i]]["strength"]
        yield route.member, route.nodes[i - 1], route.nodes[: i + 1], strength
