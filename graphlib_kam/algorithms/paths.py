"""Influence paths: path strength, strongest paths, k strongest paths, approach routes.

The strength of a path is the product of its edge strengths. Paths are ordered by
DESIGN's tie rule — more strength first, then fewer hops, then the lexicographically
smaller id sequence — so every answer is deterministic. Searches run on the cost
−ln(strength); costs are compared after rounding to :data:`COST_DIGITS` decimals so that
products that are equal on paper compare equal in floating point.

``avoid`` keeps the given stakeholders off the *inside* of paths; they may still be the
first or the last node.

Approach routes (DESIGN's Analysis 2) never enter through an opposer nor pass one: the
entry S and every stakeholder inside S ⇝ T are not opposers; the target T may be one, and
so may S when S = T (a direct link). A route's strength is the link quality q (strength,
halved when stale) times the path strength.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field

import networkx as nx

from graphlib_kam.algorithms.graph import influence_graph
from graphlib_kam.algorithms.quality import link_qualities
from graphlib_kam.errors import NotFoundError
from graphlib_kam.model import AccountMap
from graphlib_kam.settings import DEFAULT_SETTINGS, Settings

__all__ = [
    "ApproachRoute",
    "InfluencePath",
    "approach_routes",
    "best_approach_route",
    "best_route_strengths",
    "opposer_ids",
    "opposers_in",
    "path_strength",
    "route_key",
    "strongest_path",
    "strongest_paths",
]

COST_DIGITS = 10


@dataclass(frozen=True, order=True)
class InfluencePath:
    """A path through the influence graph and its strength (product of edge strengths)."""

    nodes: tuple[str, ...]
    strength: float = field(compare=False)

    @property
    def hops(self) -> int:
        return len(self.nodes) - 1

    def to_dict(self) -> dict:
        return {"nodes": list(self.nodes), "strength": self.strength}


@dataclass(frozen=True)
class ApproachRoute:
    """How one coverage link reaches a target: member → entry ⇝ target.

    ``strength`` = ``coverage`` (the link's quality q: its strength, halved when stale)
    × ``path_strength`` (entry ⇝ target).
    """

    member: str
    entry: str
    nodes: tuple[str, ...]
    strength: float
    coverage: float
    path_strength: float

    @property
    def target(self) -> str:
        return self.nodes[-1]

    @property
    def hops(self) -> int:
        return len(self.nodes) - 1

    def to_dict(self) -> dict:
        return {
            "member": self.member,
            "entry": self.entry,
            "nodes": list(self.nodes),
            "strength": self.strength,
            "coverage": self.coverage,
            "path_strength": self.path_strength,
        }


def _key(cost: float, nodes: tuple[str, ...]) -> tuple:
    return (round(cost, COST_DIGITS), len(nodes) - 1, nodes)


def _check_nodes(G: nx.DiGraph, *nodes: str) -> None:
    for node in nodes:
        if node not in G:
            raise NotFoundError(
                f"no active stakeholder has the id {node!r} (ids are case-sensitive; "
                "people who left are not on influence paths)"
            )


def path_strength(G: nx.DiGraph, nodes: Iterable[str]) -> float:
    """The product of the edge strengths along ``nodes`` (1.0 for a single node).

    Raises
    ------
    NotFoundError
        When two consecutive nodes are not joined by an edge.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b", {"strength": 0.8}), ("b", "c", {"strength": 0.5})])
    >>> path_strength(G, ["a", "b", "c"])  # 0.8 × 0.5
    0.4
    """
    nodes = list(nodes)
    strength = 1.0
    for u, v in zip(nodes, nodes[1:]):
        if not G.has_edge(u, v):
            raise NotFoundError(f"there is no influence edge {u!r} → {v!r}")
        strength *= G[u][v]["strength"]
    return strength


def _settle(
    G: nx.DiGraph,
    origin: str,
    *,
    reverse: bool,
    avoid: Collection[str] = (),
    banned_nodes: Collection[str] = (),
    banned_edges: Collection[tuple[str, str]] = (),
) -> Iterator[tuple[str, tuple, float]]:
    """Label-setting search keyed on (rounded cost, hops, forward id sequence).

    Forward (``reverse=False``) finds the best path from ``origin`` to every node;
    reverse finds the best path from every node to ``origin``. The composite key is
    monotone under extension (prepending or appending one node keeps the order of two
    equally long paths), so the first label settled at a node is its best path. Yields
    ``(node, key, strength)`` as nodes settle, best first (``key[2]`` is the path), so
    a caller can stop as soon as it has what it needs.
    """
    adjacency = G._pred if reverse else G._succ
    settled: set[str] = set()
    heap: list[tuple[tuple, float, float]] = [(_key(0.0, (origin,)), 0.0, 1.0)]
    while heap:
        key, cost, strength = heapq.heappop(heap)
        nodes = key[2]
        node = nodes[0] if reverse else nodes[-1]
        if node in settled:
            continue
        settled.add(node)
        yield node, key, strength
        if node != origin and node in avoid:
            continue  # may end a path, never sit inside one
        hops = key[1]
        for other, data in adjacency[node].items():
            # Every node of ``nodes`` is settled, so settled paths stay simple.
            if other in settled or other in banned_nodes:
                continue
            if banned_edges and ((other, node) if reverse else (node, other)) in banned_edges:
                continue
            new_cost = cost + data["cost"]
            heapq.heappush(heap, (
                (round(new_cost, COST_DIGITS), hops + 1,
                 (other, *nodes) if reverse else (*nodes, other)),
                new_cost, strength * data["strength"],
            ))


def _search(
    G: nx.DiGraph,
    origin: str,
    *,
    reverse: bool,
    avoid: Collection[str] = (),
    banned_nodes: Collection[str] = (),
    banned_edges: Collection[tuple[str, str]] = (),
    stop_at: str | None = None,
) -> dict[str, tuple[tuple, float]]:
    """:func:`_settle` run to the end (or to ``stop_at``): ``{node: (key, strength)}``."""
    settled: dict[str, tuple[tuple, float]] = {}
    for node, key, strength in _settle(G, origin, reverse=reverse, avoid=avoid,
                                       banned_nodes=banned_nodes, banned_edges=banned_edges):
        settled[node] = (key, strength)
        if node == stop_at:
            break
    return settled


def strongest_path(
    G: nx.DiGraph, source: str, target: str, *, avoid: Collection[str] = ()
) -> InfluencePath | None:
    """The strongest path from ``source`` to ``target``, or None when there is none.

    Parameters
    ----------
    G : networkx.DiGraph
        An influence graph (:func:`graphlib_kam.algorithms.graph.influence_graph`): edges carry
        ``strength`` and ``cost``.
    source, target : str
        Stakeholder ids.
    avoid : collection of str, keyword-only
        Stakeholders that may not be on the inside of the path.

    Returns
    -------
    InfluencePath or None

    Raises
    ------
    NotFoundError
        When ``source`` or ``target`` is not an active stakeholder.

    Examples
    --------
    Two routes of equal strength (0.8 × 0.5 = 0.5 × 0.8 = 0.4): fewer hops would win;
    with equal hops the smaller id sequence does.

    >>> import math
    >>> G = nx.DiGraph()
    >>> for u, v, s in [("a", "c", 0.8), ("c", "d", 0.5), ("a", "b", 0.5), ("b", "d", 0.8)]:
    ...     G.add_edge(u, v, strength=s, cost=-math.log(s))
    >>> strongest_path(G, "a", "d")
    InfluencePath(nodes=('a', 'b', 'd'), strength=0.4)
    >>> strongest_path(G, "a", "d", avoid={"b"}).nodes
    ('a', 'c', 'd')
    """
    _check_nodes(G, source, target)
    found = _search(G, source, reverse=False, avoid=avoid, stop_at=target).get(target)
    if found is None:
        return None
    key, strength = found
    return InfluencePath(key[2], strength)


def strongest_paths(
    G: nx.DiGraph, source: str, target: str, *, k: int = 3, avoid: Collection[str] = ()
) -> list[InfluencePath]:
    """The ``k`` strongest simple paths from ``source`` to ``target`` (Yen's algorithm).

    Paths come back distinct, simple and in DESIGN's order: more strength, then fewer
    hops, then the smaller id sequence. Fewer than ``k`` come back when fewer exist.

    Raises
    ------
    NotFoundError
        When ``source`` or ``target`` is not an active stakeholder.
    ValueError
        When ``k`` is below 1.

    Examples
    --------
    >>> import math
    >>> G = nx.DiGraph()
    >>> for u, v, s in [("a", "d", 0.3), ("a", "b", 0.9), ("b", "d", 0.5), ("a", "c", 0.5),
    ...                 ("c", "d", 0.5)]:
    ...     G.add_edge(u, v, strength=s, cost=-math.log(s))
    >>> [(p.nodes, round(p.strength, 3)) for p in strongest_paths(G, "a", "d", k=3)]
    [(('a', 'b', 'd'), 0.45), (('a', 'd'), 0.3), (('a', 'c', 'd'), 0.25)]
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    _check_nodes(G, source, target)
    first = strongest_path(G, source, target, avoid=avoid)
    if first is None:
        return []
    if source == target:
        return [first]
    found = [first]
    seen = {first.nodes}
    candidates: list[tuple[tuple, InfluencePath]] = []
    while len(found) < k:
        previous = found[-1].nodes
        for i in range(len(previous) - 1):
            spur = previous[i]
            root = previous[: i + 1]
            banned_edges = {
                (p.nodes[i], p.nodes[i + 1])
                for p in found
                if len(p.nodes) > i + 1 and p.nodes[: i + 1] == root
            }
            if i > 0 and spur in avoid:
                continue
            branch = _search(
                G, spur, reverse=False, avoid=avoid, banned_nodes=set(root[:-1]),
                banned_edges=banned_edges, stop_at=target,
            ).get(target)
            if branch is None:
                continue
            nodes = root[:-1] + branch[0][2]
            if nodes in seen:
                continue
            seen.add(nodes)
            strength = path_strength(G, nodes)
            cost = sum(G[u][v]["cost"] for u, v in zip(nodes, nodes[1:]))
            heapq.heappush(candidates, (_key(cost, nodes), InfluencePath(nodes, strength)))
        if not candidates:
            break
        found.append(heapq.heappop(candidates)[1])
    return found


def opposer_ids(amap: AccountMap) -> set[str]:
    """Ids of the opposers: role ``opposer`` or stance −1 and below (for ``avoid``).

    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "stakeholders": [
    ...     {"id": "x", "role": "opposer"}, {"id": "y", "stance": -2}, {"id": "z"}]})
    >>> sorted(opposer_ids(m))
    ['x', 'y']
    """
    return {s.id for s in amap.stakeholders if s.is_opposer}


def best_route_strengths(
    G: nx.DiGraph, target: str, *, avoid: Collection[str] = (),
    exclude: Collection[str] = (),
) -> dict[str, InfluencePath]:
    """For every stakeholder that can reach ``target``, its strongest path there.

    One reverse search from ``target``; the target itself maps to a one-node path of
    strength 1. ``avoid`` keeps stakeholders off the inside of paths; ``exclude`` keeps
    them off paths altogether (as if they had gone).

    Raises
    ------
    NotFoundError
        When ``target`` is not an active stakeholder.

    Examples
    --------

    >>> import math
    >>> G = nx.DiGraph()
    >>> G.add_edge("a", "b", strength=0.5, cost=-math.log(0.5))
    >>> {n: p.strength for n, p in best_route_strengths(G, "b").items()}
    {'b': 1.0, 'a': 0.5}
    """
    _check_nodes(G, target)
    return {
        node: InfluencePath(key[2], strength)
        for node, (key, strength) in _search(
            G, target, reverse=True, avoid=avoid, banned_nodes=exclude).items()
    }


def approach_routes(
    amap: AccountMap,
    target: str,
    *,
    graph: nx.DiGraph | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    avoid: Collection[str] = (),
    exclude_members: Collection[str] = (),
) -> list[ApproachRoute]:
    """Every coverage link's best route to ``target``, strongest first.

    For each coverage link (member M, stakeholder S, quality q) whose S can reach the
    target, the route is M → S ⇝ target with strength q × strength(S ⇝ target); S = target
    counts, with path strength 1. Neither S nor anyone inside the path is an opposer
    (the target may be one). Routes are ordered by :func:`route_key`: strength, then
    member id, then entry id, then fewer hops and the smaller id sequence.

    Parameters
    ----------
    amap : AccountMap
    target : str
        The stakeholder to reach.
    graph : networkx.DiGraph, optional
        The map's influence graph, when the caller already has it.
    settings : Settings, keyword-only
        ``as_of``, ``stale_days`` and ``stale_factor`` for the link quality, and the
        implied influence strengths (used only when ``graph`` is not given).
    avoid : collection of str, keyword-only
        Further stakeholders that may not be inside a path (an entry may still be one).
    exclude_members : collection of str, keyword-only
        Team members whose links are not used (a what-if without them).

    Returns
    -------
    list of ApproachRoute

    Raises
    ------
    NotFoundError
        When ``target`` is not an active stakeholder.

    Examples
    --------
    >>> import datetime
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "team": [{"id": "t-li", "name": "Li Na"}],
    ...     "stakeholders": [{"id": "s-cto"}, {"id": "s-ceo"}],
    ...     "relationships": [{"source": "s-cto", "target": "s-ceo", "strength": 0.8}],
    ...     "coverage": [{"member": "t-li", "stakeholder": "s-cto", "strength": 0.7,
    ...                   "last_contact": "2026-11-02"}]})
    >>> s = Settings(as_of=datetime.date(2026, 11, 28))
    >>> [(r.member, r.nodes, round(r.strength, 2)) for r in approach_routes(m, "s-ceo", settings=s)]
    [('t-li', ('s-cto', 's-ceo'), 0.56)]
    >>> s = Settings(as_of=datetime.date(2027, 3, 1))  # stale: 0.35 × 0.8
    >>> [round(r.strength, 2) for r in approach_routes(m, "s-ceo", settings=s)]
    [0.28]
    """
    G = influence_graph(amap, settings=settings.influence) if graph is None else graph
    opposers = set(opposers_in(G))
    best = best_route_strengths(G, target, avoid=opposers | set(avoid))
    routes = []
    qualities = link_qualities(amap, settings=settings)
    for link in amap.coverage:
        if link.member in exclude_members:
            continue
        path = best.get(link.stakeholder)
        if path is None or (link.stakeholder != target and link.stakeholder in opposers):
            continue
        q = qualities[(link.member, link.stakeholder)].quality
        routes.append(ApproachRoute(
            member=link.member,
            entry=link.stakeholder,
            nodes=path.nodes,
            strength=q * path.strength,
            coverage=q,
            path_strength=path.strength,
        ))
    routes.sort(key=route_key)
    return routes


def opposers_in(G: nx.DiGraph) -> list[str]:
    """The opposers among the nodes of an influence graph (role ``opposer`` or stance ≤ −1).

    >>> G = nx.DiGraph()
    >>> G.add_node("x", role="opposer", stance=-1); G.add_node("y", role="user", stance=-2)
    >>> G.add_node("z", role="user", stance=0)
    >>> opposers_in(G)
    ['x', 'y']
    """
    return [n for n, d in G.nodes(data=True)
            if d.get("role") == "opposer" or d.get("stance", 0) <= -1]


def route_key(route: ApproachRoute) -> tuple:
    """The order of approach routes: strength (rounded to :data:`COST_DIGITS` decimals,
    strongest first), member id, entry id, fewer hops, the smaller id sequence."""
    return (-round(route.strength, COST_DIGITS), route.member, route.entry, route.hops,
            route.nodes)


# Stop a best-route search once no later route can come within this of the best one
# found: wider than the rounding of the tie rule and than floating-point noise.
_PRUNE_MARGIN = 1e-9


def best_approach_route(
    amap: AccountMap,
    target: str,
    *,
    graph: nx.DiGraph | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    avoid: Collection[str] = (),
    exclude_members: Collection[str] = (),
    exclude_stakeholders: Collection[str] = (),
) -> ApproachRoute | None:
    """The best approach route to ``target``: the first of :func:`approach_routes`.

    The same answer, tie rule included, but the search stops as soon as no stakeholder
    still to be reached could beat the best route found (their path strength times the
    strongest coverage link is lower), which on a large map is most of the work saved.

    Parameters
    ----------
    amap : AccountMap
    target : str
        The stakeholder to reach.
    graph : networkx.DiGraph, optional
        The map's influence graph, when the caller already has it.
    settings : Settings, keyword-only
        For the link quality (and the implied strengths when ``graph`` is not given).
    avoid : collection of str, keyword-only
        Further stakeholders that may not be inside a path (opposers never are).
    exclude_members : collection of str, keyword-only
        Team members whose links are not used.
    exclude_stakeholders : collection of str, keyword-only
        Stakeholders left out altogether, with the links to them (as if they had gone).

    Returns
    -------
    ApproachRoute or None
        None when no coverage link reaches the target.

    Raises
    ------
    NotFoundError
        When ``target`` is not an active stakeholder, or is excluded.

    Examples
    --------
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "team": [{"id": "t-li", "name": "Li Na"}],
    ...     "stakeholders": [{"id": "s-cto"}, {"id": "s-ceo"}],
    ...     "relationships": [{"source": "s-cto", "target": "s-ceo", "strength": 0.8}],
    ...     "coverage": [{"member": "t-li", "stakeholder": "s-cto", "strength": 0.7}]})
    >>> route = best_approach_route(m, "s-ceo")
    >>> route.member, route.nodes, round(route.strength, 2)  # undated, so stale: 0.35 × 0.8
    ('t-li', ('s-cto', 's-ceo'), 0.28)
    >>> best_approach_route(m, "s-ceo", exclude_stakeholders={"s-cto"}) is None
    True
    """
    G = influence_graph(amap, settings=settings.influence) if graph is None else graph
    _check_nodes(G, target)
    if target in exclude_stakeholders:
        raise NotFoundError(f"the target {target!r} is itself excluded")
    opposers = set(opposers_in(G))
    links: dict[str, list[tuple[str, float]]] = {}
    qualities = link_qualities(amap, settings=settings)
    for link in amap.coverage:
        if link.member in exclude_members or link.stakeholder in exclude_stakeholders:
            continue
        if link.stakeholder in opposers and link.stakeholder != target:
            continue
        links.setdefault(link.stakeholder, []).append(
            (link.member, qualities[(link.member, link.stakeholder)].quality))
    return _best_route(G, target, links, avoid=opposers | set(avoid),
                       exclude=exclude_stakeholders)


def _best_route(
    G: nx.DiGraph,
    target: str,
    links: dict[str, list[tuple[str, float]]],
    *,
    avoid: Collection[str] = (),
    exclude: Collection[str] = (),
) -> ApproachRoute | None:
    """The best route over ``links`` ({entry: [(member, coverage)]}), searching no further
    than needed."""
    if not links:
        return None
    top = max(c for entries in links.values() for _, c in entries)
    best: ApproachRoute | None = None
    for node, key, strength in _settle(G, target, reverse=True, avoid=avoid,
                                       banned_nodes=exclude):
        if best is not None and top * strength + _PRUNE_MARGIN < best.strength:
            break
        for member, coverage in links.get(node, ()):
            route = ApproachRoute(member=member, entry=node, nodes=key[2],
                                  strength=coverage * strength, coverage=coverage,
                                  path_strength=strength)
            if best is None or route_key(route) < route_key(best):
                best = route
    return best
