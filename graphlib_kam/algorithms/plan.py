"""The penetration plan (关系渗透路径), staged from the front line to the top.

As the method teaches (基层需求调研 → 中层技术评估 → 高层战略研讨), the plan runs from
operational users through management to the executives: one step per active stakeholder
who is not covered and has a reachable approach route (≥ ``settings.min_route``) —
``approach`` for a decision-maker, influencer or user who is not an opposer, ``address``
for an opposer with an ``unaddressed-opposer`` gap. Steps are ordered by stage (level
operational → management → executive, no level last), then influence rank (high first),
then id. Each step takes its target's best approach route (member M → entry S ⇝ target
T, link quality × path strength, never through an opposer) and says it in the same
sentence as the gaps about that target (:meth:`AnalysisContext.step_msg
<graphlib_kam.algorithms.context.AnalysisContext.step_msg>`), with the target's talking
points: their recorded interests, else their level's concerns
(:mod:`graphlib_kam.algorithms.matrix`).
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from graphlib_kam.algorithms.context import AnalysisContext
from graphlib_kam.algorithms.matrix import TalkingPoints
from graphlib_kam.algorithms.paths import ApproachRoute
from graphlib_kam.model import AccountMap
from graphlib_kam.settings import DEFAULT_SETTINGS, Settings
from graphlib_kam.text import DEFAULT_LANG, Msg

__all__ = [
    "STAGE_ORDER",
    "STEP_ROLES",
    "Plan",
    "PlanStep",
    "PlanTarget",
    "penetration_plan",
    "plan_in_context",
    "plan_kind",
    "plan_order",
]


STAGE_ORDER = ("operational", "management", "executive", None)
"""The stages of the plan in order: the levels from the front line up, then no level."""

STEP_ROLES = ("decision-maker", "influencer", "user")
"""The roles an ``approach`` step leads to (when the person is not an opposer)."""


@dataclass(frozen=True)
class PlanStep:
    """One step of the plan: ``member`` reaches ``target`` through ``via`` (the entry).

    ``kind`` is ``"approach"`` or ``"address"`` (an unaddressed opposer); ``stage`` is the
    target's level. ``nodes`` is the route from the entry to ``target`` (one node when
    the member meets the target directly, ``via`` == ``target``); ``strength`` is the
    route's strength (link quality × path strength). ``text`` is the step in one
    sentence — the same sentence as the action of the target's gap. ``serves`` is
    ``(target,)``, kept for faces that list what a step leads to.
    """

    number: int
    member: str
    via: str
    target: str
    nodes: tuple[str, ...]
    strength: float
    talking_points: TalkingPoints
    serves: tuple[str, ...]
    text: Msg
    kind: str = "approach"
    stage: str | None = None

    def to_dict(self, lang: str = DEFAULT_LANG, *, names: dict[str, str] | None = None) -> dict:
        names = names or {}
        return {
            "number": self.number,
            "kind": self.kind,
            "stage": self.stage,
            "member": self.member,
            "member_name": names.get(self.member, self.member),
            "via": self.via,
            "via_name": names.get(self.via, self.via),
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
    """Someone the plan would lead to: their best approach route and their step.

    ``reachable`` is False when the route is weaker than ``settings.min_route`` (or
    there is none); then ``steps`` is empty, else it holds the one step's number.
    """

    stakeholder: str
    role: str
    level: str
    influence: float
    route: ApproachRoute | None
    steps: tuple[int, ...]
    reachable: bool
    kind: str = "approach"

    def to_dict(self, names: dict[str, str] | None = None) -> dict:
        names = names or {}
        return {
            "stakeholder": self.stakeholder,
            "name": names.get(self.stakeholder, self.stakeholder),
            "kind": self.kind,
            "role": self.role,
            "level": self.level,
            "influence": self.influence,
            "route": self.route.to_dict() if self.route else None,
            "steps": list(self.steps),
            "reachable": self.reachable,
        }


@dataclass(frozen=True)
class Plan:
    """The penetration plan: targets and their steps, in plan order."""

    targets: tuple[PlanTarget, ...]
    steps: tuple[PlanStep, ...]
    names: dict[str, str]

    def steps_for(self, stakeholder: str) -> list[PlanStep]:
        """The steps that lead to one target (empty when it has no reachable route)."""
        for target in self.targets:
            if target.stakeholder == stakeholder:
                return [self.steps[n - 1] for n in target.steps]
        raise KeyError(stakeholder)

    def step_to(self, stakeholder: str) -> PlanStep | None:
        """The step whose target is ``stakeholder``, or None."""
        for step in self.steps:
            if step.target == stakeholder:
                return step
        return None

    def to_dict(self, lang: str = DEFAULT_LANG) -> dict:
        """DESIGN's JSON: ``steps`` (kind, stage, member, via, target, nodes, strength,
        talking_points, …) in plan order, and the ``targets`` they lead to."""
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
    """The penetration plan: one step per uncovered stakeholder we can reach, by stage.

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
    Li Na covers 张伟, who influences the CFO, who influences the CEO. The plan starts at
    management (the CFO, 0.7 × 0.8) and ends at the executive (0.7 × 0.8 × 0.9).

    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "team": [{"id": "t-li", "name": "Li Na"}],
    ...     "stakeholders": [
    ...         {"id": "s-zw", "name": "张伟", "level": "management"},
    ...         {"id": "s-cfo", "name": "许文", "role": "influencer", "level": "management"},
    ...         {"id": "s-ceo", "name": "王建国", "role": "decision-maker",
    ...          "level": "executive"}],
    ...     "relationships": [{"source": "s-zw", "target": "s-cfo", "strength": 0.8},
    ...                       {"source": "s-cfo", "target": "s-ceo", "strength": 0.9}],
    ...     "coverage": [{"member": "t-li", "stakeholder": "s-zw", "strength": 0.7,
    ...                   "last_contact": "2026-11-02"}]})
    >>> import datetime
    >>> plan = penetration_plan(m, settings=Settings(as_of=datetime.date(2026, 11, 28)))
    >>> for step in plan.steps:
    ...     print(step.number, step.kind, step.stage, step.via, step.target,
    ...           round(step.strength, 3))
    1 approach management s-zw s-cfo 0.56
    2 approach executive s-zw s-ceo 0.504
    >>> print(plan.steps[1].text.render("en"))  # doctest: +NORMALIZE_WHITESPACE
    Ask 张伟 (covered by Li Na) to introduce you to 王建国 through 许文 (route strength
    0.50); lead with strategic value and ROI.
    >>> plan.steps[1].talking_points.items("zh")
    ['战略价值', '投资回报']
    """
    return plan_in_context(AnalysisContext(amap, settings, graph=graph, rank=rank))


def plan_kind(ctx: AnalysisContext, sid: str) -> str | None:
    """The kind of step the plan would take to ``sid``, reachable or not, or None.

    ``"approach"`` for an active decision-maker, influencer or user who is not covered
    and not an opposer; ``"address"`` for an unaddressed opposer; None for anyone else.
    """
    person = ctx.people[sid]
    if not person.active or ctx.covered(sid):
        return None
    if person.is_opposer:
        return "address" if ctx.unaddressed(sid) else None
    return "approach" if person.role in STEP_ROLES else None


def plan_order(ctx: AnalysisContext) -> list[str]:
    """Active stakeholders in plan order: stage, then influence rank (high first), then id."""
    stage = {level: i for i, level in enumerate(STAGE_ORDER)}
    # ranks equal to 12 decimals are ties, as in the ranking people see
    return [s.id for s in sorted(
        ctx.active, key=lambda s: (stage.get(s.level or None, len(STAGE_ORDER) - 1),
                                   -round(ctx.influence(s.id), 12), s.id))]


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
    planned: list[PlanTarget] = []
    built: list[PlanStep] = []
    for sid in plan_order(ctx):
        kind = plan_kind(ctx, sid)
        if kind is None:
            continue
        person = ctx.people[sid]
        route = ctx.routes.get(sid)
        reachable = ctx.reachable(sid)
        numbers: tuple[int, ...] = ()
        if reachable:
            number = len(built) + 1
            built.append(PlanStep(
                number=number, member=route.member, via=route.entry, target=sid,
                nodes=route.nodes, strength=route.strength,
                talking_points=ctx.points(sid, limit=None), serves=(sid,),
                text=ctx.step_msg(sid), kind=kind, stage=person.level or None,
            ))
            numbers = (number,)
        planned.append(PlanTarget(
            stakeholder=sid, role=person.role, level=person.level,
            influence=ctx.influence(sid), route=route, steps=numbers, reachable=reachable,
            kind=kind,
        ))
    names = {s.id: s.label for s in ctx.amap.stakeholders}
    names.update({m.id: m.name or m.id for m in ctx.amap.team})
    return Plan(targets=tuple(planned), steps=tuple(built), names=names)
