"""Approach routes on the array kernel: the best route to every stakeholder in one search.

The same search as :func:`~graphlib_kam.algorithms.coverage.best_approach_routes` — one
label-setting search from all coverage links at once, routes ordered by
:func:`~graphlib_kam.algorithms.paths.route_key` (strength rounded to
:data:`~graphlib_kam.algorithms.paths.COST_DIGITS` decimals, member id, entry id, hops,
node sequence), never entering through an opposer nor passing one — run on an
:class:`~graphlib_kam.algorithms.arrays.InfluenceArrays` with plain tuples on the heap, so
it gives the same routes, strengths multiplied in the same order, for a fraction of the
work. ``tests/test_kernel.py`` holds the two to the same answers, ties included.

* :func:`best_routes` — the best approach route to every stakeholder reached;
* :func:`kernel_path_strength` — the product of the strengths along a path.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterable, Mapping

from graphlib_kam.algorithms.arrays import InfluenceArrays
from graphlib_kam.algorithms.paths import COST_DIGITS, ApproachRoute
from graphlib_kam.algorithms.quality import LinkQuality, link_qualities
from graphlib_kam.model import AccountMap
from graphlib_kam.settings import DEFAULT_SETTINGS, Settings

__all__ = ["best_routes", "kernel_path_strength"]


def best_routes(
    kernel: InfluenceArrays,
    amap: AccountMap,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    exclude_members: Collection[str] = (),
    qualities: Mapping[tuple[str, str], LinkQuality] | None = None,
) -> dict[str, ApproachRoute]:
    """The best approach route to every active stakeholder that a coverage link reaches.

    Parameters
    ----------
    kernel : InfluenceArrays
        The map's influence graph (:func:`~graphlib_kam.algorithms.arrays.influence_arrays`).
    amap : AccountMap
        Its coverage links.
    settings : Settings, keyword-only
        ``as_of``, ``stale_days`` and ``stale_factor`` for the link quality.
    exclude_members : collection of str, keyword-only
        Team members whose links are not used.
    qualities : mapping, optional, keyword-only
        :func:`~graphlib_kam.algorithms.quality.link_qualities` of the map with
        ``settings``, when the caller already has it.

    Returns
    -------
    dict
        ``{stakeholder id: ApproachRoute}``, as
        :func:`~graphlib_kam.algorithms.coverage.best_approach_routes` returns it.

    Examples
    --------
    >>> import datetime as dt
    >>> from graphlib_kam.algorithms.arrays import influence_arrays
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "team": [{"id": "t-li", "name": "Li Na"}],
    ...     "stakeholders": [{"id": "s-cto"}, {"id": "s-ceo"}, {"id": "s-cfo"}],
    ...     "relationships": [{"source": "s-cto", "target": "s-ceo", "strength": 0.8}],
    ...     "coverage": [{"member": "t-li", "stakeholder": "s-cto", "strength": 0.7,
    ...                   "last_contact": "2026-11-02"}]})
    >>> s = Settings(as_of=dt.date(2026, 11, 28))
    >>> routes = best_routes(influence_arrays(m), m, settings=s)
    >>> routes["s-ceo"].nodes, round(routes["s-ceo"].strength, 2), "s-cfo" in routes
    (('s-cto', 's-ceo'), 0.56, False)
    """
    succ = kernel.succ
    opposers = kernel.opposers
    if qualities is None:
        qualities = link_qualities(amap, settings=settings)
    # (route_key..., strength, coverage, path strength): route_key's order, then floats
    heap = []
    for link in amap.coverage:
        if link.member in exclude_members or link.stakeholder not in succ:
            continue
        q = qualities[(link.member, link.stakeholder)].quality
        heap.append((-round(q, COST_DIGITS), link.member, link.stakeholder, 0,
                     (link.stakeholder,), q, q, 1.0))
    heapq.heapify(heap)
    found: dict[str, tuple] = {}
    # The smallest first key pushed for each node: a route that is weaker (rounded)
    # than one already waiting for its node can never be popped first there, and is not
    # pushed.
    waiting: dict[str, float] = {}
    for item in heap:
        node = item[4][-1]
        if node not in waiting or item[0] < waiting[node]:
            waiting[node] = item[0]
    pop, push = heapq.heappop, heapq.heappush
    while heap:
        item = pop(heap)
        nodes = item[4]
        node = nodes[-1]
        if node in found:
            continue
        found[node] = item
        if node in opposers:
            continue  # an opposer may end a route, never enter or sit inside one
        _, member, entry, hops, _, strength, coverage, path = item
        # Every node of a route was found before the route was extended past it, so
        # a node already found is the only loop to refuse.
        for other, (step, _) in succ[node].items():
            if other in found:
                continue
            longer = strength * step
            key = -round(longer, COST_DIGITS)
            if waiting.get(other, key) < key:
                continue
            waiting[other] = key
            push(heap, (key, member, entry, hops + 1, (*nodes, other), longer, coverage,
                        path * step))
    return {node: ApproachRoute(member=item[1], entry=item[2], nodes=item[4],
                                strength=item[5], coverage=item[6], path_strength=item[7])
            for node, item in found.items()}


def kernel_path_strength(kernel: InfluenceArrays, nodes: Iterable[str]) -> float:
    """The product of the edge strengths along ``nodes``, multiplied from the first edge
    (1.0 for one node), as :func:`~graphlib_kam.algorithms.paths.path_strength` does.

    Raises
    ------
    KeyError
        When two consecutive nodes are not joined by an edge.

    >>> from graphlib_kam.algorithms.arrays import influence_arrays
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "stakeholders": [{"id": "a"}, {"id": "b"},
    ...     {"id": "c"}], "relationships": [{"source": "a", "target": "b", "strength": 0.8},
    ...                                     {"source": "b", "target": "c", "strength": 0.5}]})
    >>> kernel_path_strength(influence_arrays(m), ["a", "b", "c"])
    0.4
    """
    nodes = list(nodes)
    strength = 1.0
    for u, v in zip(nodes, nodes[1:]):
        strength *= kernel.succ[u][v][0]
    return strength
