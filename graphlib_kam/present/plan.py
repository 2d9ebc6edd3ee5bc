"""The penetration plan as every face shows it: steps grouped by stage, or why there are none.

The plan (:func:`~graphlib_kam.algorithms.plan.penetration_plan`) runs from the front line
up, as the method teaches (基层需求调研 → 中层技术评估 → 高层战略研讨). ``kam plan``, the
explorer and the reports show it the same way: one heading per stage with its steps, in
plan order, numbered through; a plan without steps says why — everyone it would lead to is
covered, nobody we cover reaches them, or our team has no link into the account at all.
"""

from __future__ import annotations

from typing import Any

from graphlib_kam.algorithms.paths import opposer_ids
from graphlib_kam.text import DEFAULT_LANG, t

__all__ = ["STAGES", "empty_plan_reason", "plan_view"]

STAGES = ("operational", "management", "executive", None)
"""The stages in plan order: the levels from the front line up, then no level."""


def empty_plan_reason(analysis) -> str | None:
    """Why the plan of an :class:`~graphlib_kam.algorithms.analysis.Analysis` has no step.

    Returns
    -------
    str or None
        None when the plan has steps; ``"no-team"`` when no active stakeholder has a
        coverage link; ``"unreachable"`` when someone the plan would lead to (an uncovered
        stakeholder who is not an opposer, or an unaddressed opposer) has no reachable
        route; ``"covered"`` otherwise.

    Examples
    --------
    >>> import datetime
    >>> from graphlib_kam.algorithms.analysis import analyze
    >>> from graphlib_kam.model import parse_map
    >>> from graphlib_kam.settings import Settings
    >>> day = Settings(as_of=datetime.date(2026, 11, 28))
    >>> lonely = parse_map({"account": {"id": "a"}, "stakeholders": [{"id": "x"}]})
    >>> empty_plan_reason(analyze(lonely, settings=day))
    'no-team'
    >>> known = parse_map({"account": {"id": "a"}, "team": [{"id": "t"}],
    ...     "stakeholders": [{"id": "x", "role": "decision-maker"}],
    ...     "coverage": [{"member": "t", "stakeholder": "x", "strength": 0.8,
    ...                   "last_contact": "2026-11-01"}]})
    >>> empty_plan_reason(analyze(known, settings=day))
    'covered'
    """
    if analysis.plan.steps:
        return None
    amap = analysis.amap
    active = [s for s in amap.stakeholders if s.active]
    linked = {link.stakeholder for link in amap.coverage}
    if not any(s.id in linked for s in active):
        return "no-team"
    opposers = opposer_ids(amap)
    if any(s.id not in opposers and not analysis.coverage[s.id].covered for s in active):
        return "unreachable"
    if any(g.kind == "unaddressed-opposer" for g in analysis.gaps):
        return "unreachable"
    return "covered"


def _names(amap) -> dict[str, str]:
    return {**{m.id: m.name or m.id for m in amap.team},
            **{s.id: s.label for s in amap.stakeholders}}


def plan_view(analysis, lang: str = DEFAULT_LANG) -> dict[str, Any]:
    """The plan of an analysis, grouped by stage, in ``lang``.

    Returns
    -------
    dict
        ``{"steps": [step], "stages": [{"stage", "title", "steps": [step]}],
        "empty": None | {"reason", "message"}, "order": str}``. Each step is the plan's
        step dict (``kind``, ``stage``, ``member``, ``via``, ``target``, ``nodes``,
        ``strength``, ``talking_points``, …) with ``number`` (1.. in plan order),
        ``member_name``, ``via_name``, ``target_name``, ``kind_label`` and ``text`` (the
        step in a sentence). Stages without steps are left out; ``order`` is the method's
        line of stages.

    Examples
    --------
    >>> import datetime
    >>> from graphlib_kam.algorithms.analysis import analyze
    >>> from graphlib_kam.model import parse_map
    >>> from graphlib_kam.settings import Settings
    >>> m = parse_map({"account": {"id": "a"}, "team": [{"id": "t-li", "name": "Li Na"}],
    ...     "stakeholders": [
    ...         {"id": "s-zw", "name": "张伟", "level": "management"},
    ...         {"id": "s-ceo", "name": "王建国", "role": "decision-maker",
    ...          "level": "executive"},
    ...         {"id": "s-op", "name": "李强", "role": "user", "level": "operational"}],
    ...     "relationships": [{"source": "s-zw", "target": "s-ceo", "strength": 0.9},
    ...                       {"source": "s-zw", "target": "s-op", "strength": 0.6}],
    ...     "coverage": [{"member": "t-li", "stakeholder": "s-zw", "strength": 0.7,
    ...                   "last_contact": "2026-11-02"}]})
    >>> view = plan_view(analyze(m, settings=Settings(as_of=datetime.date(2026, 11, 28))))
    >>> [(s["stage"], [step["target"] for step in s["steps"]]) for s in view["stages"]]
    [('operational', ['s-op']), ('executive', ['s-ceo'])]
    >>> view["stages"][0]["title"]
    'Stage 1 — front-line needs (operational)'
    """
    plan = analysis.plan
    names = _names(analysis.amap)
    steps = []
    for number, (step, data) in enumerate(
            zip(plan.steps, plan.to_dict(lang)["steps"]), start=1):
        data = dict(data)
        data.setdefault("number", number)
        data.update({
            "member_name": names.get(step.member, step.member),
            # None when the member meets the target in person (the entry is the target)
            "via_name": names.get(step.via, step.via) if len(step.nodes) > 1 else None,
            "target_name": names.get(step.target, step.target),
            "kind_label": t(f"plan.kind.{step.kind}", lang),
        })
        if "text" not in data:
            data["text"] = step.text.render(lang)
        steps.append(data)
    stages = []
    for stage in STAGES:
        inside = [s for s in steps if s["stage"] == stage]
        if inside:
            stages.append({"stage": stage, "title": t(f"plan.stage.{stage}", lang),
                           "steps": inside})
    reason = empty_plan_reason(analysis)
    empty = None if reason is None else {
        "reason": reason, "message": t(f"plan.empty.{reason.replace('-', '_')}", lang)}
    return {"steps": steps, "stages": stages, "empty": empty,
            "order": t("plan.stages", lang)}
