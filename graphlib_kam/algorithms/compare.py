"""Two maps side by side: approach routes and influence ranks before and after.

* :func:`route_changes` — which approach routes to decision-makers broke or weakened
  between two maps (two revisions, or a map and a what-if of it);
* :func:`rank_changes` — how every stakeholder's influence rank and score moved.

Each has a ``*_between`` twin taking two
:class:`~graphlib_kam.algorithms.context.AnalysisContext` objects, so a caller comparing
the same two maps in several ways (:func:`~graphlib_kam.algorithms.whatif.what_if_removed`)
builds each influence graph and rank once. All are pure: the maps given are never changed.
"""

from __future__ import annotations

from graphlib_kam.algorithms.context import AnalysisContext, at_least
from graphlib_kam.algorithms.influence import ranking
from graphlib_kam.algorithms.paths import COST_DIGITS, ApproachRoute, best_approach_route
from graphlib_kam.model import AccountMap
from graphlib_kam.settings import DEFAULT_SETTINGS, Settings

__all__ = ["rank_changes", "rank_changes_between", "route_changes", "route_changes_between"]


def _best_routes(ctx: AnalysisContext) -> dict[str, ApproachRoute | None]:
    """The best approach route to every active decision-maker (None when there is none)."""
    return {s.id: best_approach_route(ctx.amap, s.id, graph=ctx.G, settings=ctx.settings)
            for s in ctx.decision_makers}


def _route_dict(route: ApproachRoute | None) -> dict | None:
    return None if route is None else route.to_dict()


def route_changes(
    old: AccountMap, new: AccountMap, *, settings: Settings = DEFAULT_SETTINGS
) -> dict[str, list[dict]]:
    """Approach routes to the decision-makers of ``old`` that broke or weakened in ``new``.

    For every active decision-maker of ``old`` whose best approach route
    (:func:`~graphlib_kam.algorithms.paths.approach_routes`) had a strength of at least
    ``settings.min_route`` — the reach DESIGN asks of a decision-maker — the best route in
    ``new`` is compared with it:

    * **broken**: ``new`` has no route to them of strength ≥ ``settings.min_route``
      (no route at all, only weaker ones, or the decision-maker is no longer an active
      stakeholder of ``new``);
    * **weakened**: ``new`` still has such a route, but its best one is weaker than before
      (strengths compared after rounding to 10 decimals).

    A best route that changed path or member at the same strength is neither.
    Decision-makers out of reach in ``old`` are not reported, nor are decision-makers
    that only ``new`` has.

    Parameters
    ----------
    old, new : AccountMap
        The map before and after (two revisions, or a map and
        :func:`~graphlib_kam.algorithms.whatif.remove_people` of it).
    settings : Settings, keyword-only
        ``min_route`` and the implied influence strengths.

    Returns
    -------
    dict
        ``{"broken": [...], "weakened": [...]}``, each a list, ordered by decision-maker id,
        of ``{"stakeholder", "name", "change", "reason", "before", "after", "drop"}``:
        ``change`` is ``"broken"`` or ``"weakened"`` (so the two lists can be joined);
        ``reason`` is ``"no-route"``, ``"target-gone"`` (broken) or ``"weaker"``;
        ``before`` and ``after`` are route dicts (``member``, ``entry``, ``nodes``,
        ``strength``, ``coverage``, ``path_strength``), ``after`` None when there is no
        route at all; ``drop`` = before − after strength (after counting as 0 when None).

    Raises
    ------
    Nothing for maps that passed validation (:func:`graphlib_kam.model.validate_map`).

    Examples
    --------
    Li Na reaches the CEO through the CTO: 0.7 × 0.8 = 0.56. Without the CTO only Wu's
    weak direct link (0.3) is left — weakened; without both, the route is broken.

    >>> from graphlib_kam.algorithms.whatif import remove_people
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"},
    ...     "team": [{"id": "t-li", "name": "Li Na"}, {"id": "t-wu", "name": "Wu"}],
    ...     "stakeholders": [{"id": "s-cto"}, {"id": "s-ceo", "role": "decision-maker"}],
    ...     "relationships": [{"source": "s-cto", "target": "s-ceo", "strength": 0.8}],
    ...     "coverage": [{"member": "t-li", "stakeholder": "s-cto", "strength": 0.7,
    ...                   "last_contact": "2026-11-02"},
    ...                  {"member": "t-wu", "stakeholder": "s-ceo", "strength": 0.3,
    ...                   "last_contact": "2026-11-02"}]})
    >>> import datetime
    >>> day = Settings(as_of=datetime.date(2026, 11, 28))
    >>> weaker = route_changes(m, remove_people(m, ["s-cto"]), settings=day)["weakened"][0]
    >>> before, after = weaker["before"], weaker["after"]
    >>> round(before["strength"], 2), after["strength"], after["member"]
    (0.56, 0.3, 't-wu')
    >>> broken = route_changes(m, remove_people(m, ["s-cto", "t-wu"]), settings=day)["broken"][0]
    >>> broken["stakeholder"], broken["reason"], broken["after"]
    ('s-ceo', 'no-route', None)
    """
    return route_changes_between(AnalysisContext(old, settings), AnalysisContext(new, settings))


def route_changes_between(before: AnalysisContext, after: AnalysisContext) -> dict[str, list[dict]]:
    """:func:`route_changes` of two maps prepared for analysis, on their influence graphs.

    Parameters
    ----------
    before, after : AnalysisContext
        The map before and after; ``before.settings`` gives ``min_route``.

    Returns
    -------
    dict
        As :func:`route_changes`.
    """
    min_route = before.settings.min_route
    was_routes, now_routes = _best_routes(before), _best_routes(after)
    names = {s.id: s.label for s in before.amap.stakeholders}
    active_new = {s.id for s in after.active}
    broken: list[dict] = []
    weakened: list[dict] = []
    for target in sorted(was_routes):
        was = was_routes[target]
        if was is None or not at_least(was.strength, min_route):
            continue
        now = now_routes.get(target)
        entry = {"stakeholder": target, "name": names.get(target, target),
                 "before": _route_dict(was), "after": _route_dict(now),
                 "drop": was.strength - (now.strength if now else 0.0)}
        if target not in active_new:
            broken.append({**entry, "change": "broken", "reason": "target-gone"})
        elif now is None or not at_least(now.strength, min_route):
            broken.append({**entry, "change": "broken", "reason": "no-route"})
        elif round(now.strength, COST_DIGITS) < round(was.strength, COST_DIGITS):
            weakened.append({**entry, "change": "weakened", "reason": "weaker"})
    return {"broken": broken, "weakened": weakened}


def rank_changes(
    old: AccountMap, new: AccountMap, *, settings: Settings = DEFAULT_SETTINGS
) -> list[dict]:
    """Every stakeholder's influence rank and score before and after.

    Parameters
    ----------
    old, new : AccountMap
    settings : Settings, keyword-only
        ``alpha`` and the implied influence strengths.

    Returns
    -------
    list of dict
        One ``{"id", "name", "rank_before", "rank_after", "score_before", "score_after",
        "moved"}`` per stakeholder active in either map; a side where the person is not
        an active stakeholder has None. ``moved`` = rank_before − rank_after (positive:
        climbed), None when either rank is None. Ordered by the new rank, then the people
        who are gone, by their old rank.

    Examples
    --------
    Without the CTO, the developer who influenced the CEO only through the CTO is left
    with nobody to move: the scores redistribute.

    >>> from graphlib_kam.algorithms.whatif import remove_people
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "stakeholders": [
    ...     {"id": "ceo", "role": "decision-maker"}, {"id": "cto"}, {"id": "dev"}],
    ...     "relationships": [{"source": "cto", "target": "ceo", "strength": 0.8},
    ...                       {"source": "dev", "target": "cto", "strength": 0.5}]})
    >>> [(c["id"], c["rank_before"], c["rank_after"]) for c in rank_changes(
    ...     m, remove_people(m, ["cto"]))]
    [('ceo', 1, 1), ('dev', 3, 2), ('cto', 2, None)]
    """
    return rank_changes_between(AnalysisContext(old, settings), AnalysisContext(new, settings))


def rank_changes_between(before: AnalysisContext, after: AnalysisContext) -> list[dict]:
    """:func:`rank_changes` of two maps prepared for analysis, from their ranks.

    Parameters
    ----------
    before, after : AnalysisContext
        The map before and after.

    Returns
    -------
    list of dict
        As :func:`rank_changes`.
    """
    def ranks(ctx: AnalysisContext) -> dict[str, tuple[int, float]]:
        return {r.id: (r.rank, r.score) for r in ranking(ctx.amap, ctx.rank)}

    was, now = ranks(before), ranks(after)
    names = ({s.id: s.label for s in before.amap.stakeholders}
             | {s.id: s.label for s in after.amap.stakeholders})
    rows = []
    for sid in sorted(set(was) | set(now),
                      key=lambda i: (i not in now, now.get(i, was.get(i))[0], i)):
        rank_before, score_before = was.get(sid, (None, None))
        rank_after, score_after = now.get(sid, (None, None))
        rows.append({
            "id": sid, "name": names.get(sid, sid),
            "rank_before": rank_before, "rank_after": rank_after,
            "score_before": score_before, "score_after": score_after,
            "moved": (None if rank_before is None or rank_after is None
                      else rank_before - rank_after),
        })
    return rows
