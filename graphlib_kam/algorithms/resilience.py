"""Does the deal survive losing one contact, or one of our reps?

:func:`resilience` asks, for every decision-maker, whose single loss — a stakeholder
leaving, or a team member leaving our side — would break every approach route to them
or halve the best one.
"""

from __future__ import annotations

import networkx as nx

from graphlib_kam.algorithms.context import at_least
from graphlib_kam.algorithms.graph import influence_graph
from graphlib_kam.algorithms.paths import COST_DIGITS, ApproachRoute, best_approach_route
from graphlib_kam.model import AccountMap
from graphlib_kam.settings import DEFAULT_SETTINGS, Settings

__all__ = ["HALVING", "resilience"]

HALVING = 0.5
"""A loss that leaves the best route at this share of its strength or less is critical."""


def resilience(
    amap: AccountMap,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    graph: nx.DiGraph | None = None,
    halving: float = HALVING,
) -> list[dict]:
    """For each decision-maker, the people whose loss would break or halve our route there.

    Take every active decision-maker T whose best approach route
    (:func:`~graphlib_kam.algorithms.paths.best_approach_route`) has a strength b of at
    least ``settings.min_route``. Losing someone is **critical** for T when, in the map
    without them (:func:`~graphlib_kam.algorithms.whatif.remove_people`), the best route
    to T

    * **breaks**: none is left of strength ≥ ``settings.min_route``, or
    * **halves**: the best left has strength ≤ ``halving`` × b.

    Only the best route's team member and the stakeholders on it before T (the entry and
    the people in between) can be critical: a loss that leaves the best route standing
    leaves its strength too. So each candidate costs one search, pruned as soon as no
    route could beat the best one found.

    Parameters
    ----------
    amap : AccountMap
    settings : Settings, keyword-only
        ``min_route`` and the implied influence strengths.
    graph : networkx.DiGraph, optional, keyword-only
        The map's influence graph, when the caller already has it.
    halving : float, keyword-only
        The share of the best strength at or below which a loss counts as critical.

    Returns
    -------
    list of dict
        One per active decision-maker, by id: ``{"stakeholder", "name", "best",
        "survives", "critical"}``. ``best`` is the best route (``member``, ``entry``,
        ``nodes``, ``strength``, ``coverage``, ``path_strength``) or None; ``survives`` is
        True when no single loss breaks the route, False when one does, None when the
        decision-maker is out of reach already (no route ≥ ``min_route``). ``critical``
        lists ``{"id", "name", "kind" ("stakeholder" | "member"), "effect" ("breaks" |
        "halves"), "after" (the best route left, or None), "after_strength", "ratio"
        (after / before)}``, breaks first, then weakest remaining route, then id.

    Raises
    ------
    ValueError
        When ``halving`` is not between 0 and 1.

    Examples
    --------
    Li Na reaches the CEO only through the CTO (0.9 × 0.8 = 0.72); Wu's direct link is
    weak (0.3). Losing Li Na or the CTO leaves 0.3 ≤ 0.5 × 0.72 = 0.36: both halve it.

    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"},
    ...     "team": [{"id": "t-li", "name": "Li Na"}, {"id": "t-wu", "name": "Wu"}],
    ...     "stakeholders": [{"id": "s-cto", "name": "CTO"},
    ...                      {"id": "s-ceo", "name": "CEO", "role": "decision-maker"}],
    ...     "relationships": [{"source": "s-cto", "target": "s-ceo", "strength": 0.8}],
    ...     "coverage": [{"member": "t-li", "stakeholder": "s-cto", "strength": 0.9,
    ...                   "last_contact": "2026-11-02"},
    ...                  {"member": "t-wu", "stakeholder": "s-ceo", "strength": 0.3,
    ...                   "last_contact": "2026-11-02"}]})
    >>> import datetime
    >>> [report] = resilience(m, settings=Settings(as_of=datetime.date(2026, 11, 28)))
    >>> round(report["best"]["strength"], 2), report["survives"]
    (0.72, True)
    >>> [(c["id"], c["kind"], c["effect"], c["after_strength"]) for c in report["critical"]]
    [('s-cto', 'stakeholder', 'halves', 0.3), ('t-li', 'member', 'halves', 0.3)]
    """
    if not 0 < halving < 1:
        raise ValueError("halving must be between 0 and 1")
    G = influence_graph(amap, settings=settings.influence) if graph is None else graph
    stakeholder_names = {s.id: s.label for s in amap.stakeholders}
    member_names = {t.id: t.name or t.id for t in amap.team}
    reports = []
    for target in sorted(s.id for s in amap.stakeholders
                         if s.active and s.role == "decision-maker" and s.id in G):
        best = best_approach_route(amap, target, graph=G, settings=settings)
        report = {"stakeholder": target, "name": stakeholder_names[target],
                  "best": best.to_dict() if best else None, "survives": None, "critical": []}
        reports.append(report)
        if best is None or not at_least(best.strength, settings.min_route):
            continue
        candidates = [(best.member, "member")] + [(n, "stakeholder") for n in best.nodes[:-1]]
        for person, kind in candidates:
            gone = {person}
            if kind == "member":
                after = best_approach_route(amap, target, graph=G, settings=settings,
                                            exclude_members=gone)
            else:
                after = best_approach_route(amap, target, graph=G, settings=settings,
                                            exclude_stakeholders=gone)
            effect = _effect(best, after, settings.min_route, halving)
            if effect is None:
                continue
            after_strength = after.strength if after else 0.0
            names = member_names if kind == "member" else stakeholder_names
            report["critical"].append({
                "id": person, "name": names.get(person, person), "kind": kind,
                "effect": effect, "after": after.to_dict() if after else None,
                "after_strength": after_strength, "ratio": after_strength / best.strength,
            })
        report["critical"].sort(key=lambda c: (c["effect"] != "breaks", c["after_strength"],
                                               c["id"]))
        report["survives"] = not any(c["effect"] == "breaks" for c in report["critical"])
    return reports


def _effect(
    before: ApproachRoute, after: ApproachRoute | None, min_route: float, halving: float
) -> str | None:
    if after is None or not at_least(after.strength, min_route):
        return "breaks"
    if round(after.strength, COST_DIGITS) <= round(halving * before.strength, COST_DIGITS):
        return "halves"
    return None
