"""The influence graph as plain arrays: the kernel the per-account analysis runs on.

:func:`~graphlib_kam.algorithms.graph.influence_graph` is the reference: a networkx graph
that every algorithm can be checked against. Building it costs more than the analysis of a
small map, so the hot path (:class:`~graphlib_kam.algorithms.context.AnalysisContext`)
runs on this kernel instead: the same nodes in the same order, the same edges with the same
strengths and costs, and each node's neighbours in the order networkx keeps them — so every
search below visits nodes, breaks ties and adds floats exactly as networkx does, and gives
the same answer bit for bit (``tests/test_kernel.py`` holds them to it).

* :class:`InfluenceArrays` / :func:`influence_arrays` — the kernel, built straight from the
  map; :func:`arrays_from_graph` — the same from a networkx influence graph;
* :func:`pagerank` — ``networkx.pagerank`` on the reversed graph, dense below
  :data:`DENSE_LIMIT` stakeholders and sparse above;
* :func:`strongest_to_any` — ``networkx.multi_source_dijkstra``'s paths to a set of
  targets;
* :func:`betweenness_subset` — ``networkx.betweenness_centrality_subset`` with weight
  ``cost``, in the compiled kernel ``_betweenness`` when it was built (:data:`COMPILED`).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from functools import cached_property
from itertools import count

import numpy as np

from graphlib_kam.algorithms.graph import InfluenceSettings
from graphlib_kam.model import AccountMap

try:  # built by pip install from the source tree (setup.py); optional
    import graphlib_kam.algorithms._betweenness as _betweenness
except ImportError:  # pragma: no cover - depends on the build
    _betweenness = None

__all__ = [
    "COMPILED",
    "DENSE_LIMIT",
    "InfluenceArrays",
    "arrays_from_graph",
    "betweenness_subset",
    "influence_arrays",
    "pagerank",
    "strongest_to_any",
]

DENSE_LIMIT = 300
"""Below this many stakeholders :func:`pagerank` multiplies dense arrays, from it sparse."""

COMPILED = _betweenness is not None
"""Whether the compiled betweenness kernel was built with the package."""

# networkx divides each edge's weight by its node's out-weight through 1 / out-weight,
# which is infinite below this; influence_rank scales such a node's weights to a maximum
# of 1 (PageRank uses only their ratios), and so does pagerank here.
_TINY_OUT_WEIGHT = 1e-300


class InfluenceArrays:
    """An influence graph as adjacency dictionaries and arrays (see the module docstring).

    Attributes
    ----------
    ids : tuple of str
        The active stakeholders, in map order (the node order of the networkx graph).
    roles, powers, stances : tuple
        Each node's role, power and stance, in the order of ``ids``.
    succ, pred : dict
        ``{u: {v: (strength, cost)}}`` for each edge u→v, and ``{v: {u: (strength,
        cost)}}``; each inner dictionary in networkx's order (``G.succ[u]``,
        ``G.pred[v]``).

    Examples
    --------
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "stakeholders": [{"id": "boss"}, {"id": "dev"}],
    ...     "relationships": [{"source": "dev", "target": "boss", "kind": "reports-to"}]})
    >>> k = influence_arrays(m)
    >>> k.ids, k.succ["dev"], k.pred["dev"]["boss"][0], k.number_of_edges
    (('boss', 'dev'), {'boss': (0.5, 0.6931471805599453)}, 0.7, 2)
    """

    def __init__(self, ids, roles, powers, stances, succ, pred, *, edges=None):
        self._edges = edges  # (source, target, strength, cost) lists in insertion order
        self.ids: tuple[str, ...] = tuple(ids)
        self.roles: tuple[str, ...] = tuple(roles)
        self.powers: tuple[float, ...] = tuple(powers)
        self.stances: tuple[int, ...] = tuple(stances)
        self.succ: dict[str, dict[str, tuple[float, float]]] = succ
        self.pred: dict[str, dict[str, tuple[float, float]]] = pred

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, node: object) -> bool:
        return node in self.succ

    @cached_property
    def index(self) -> dict[str, int]:
        """``{id: position in ids}``."""
        return {node: i for i, node in enumerate(self.ids)}

    @cached_property
    def number_of_edges(self) -> int:
        return sum(len(out) for out in self.succ.values())

    @cached_property
    def opposers(self) -> frozenset[str]:
        """Nodes whose role is ``opposer`` or whose stance is −1 or lower."""
        return frozenset(node for node, role, stance in zip(self.ids, self.roles, self.stances)
                         if role == "opposer" or stance <= -1)

    @cached_property
    def decision_makers(self) -> tuple[str, ...]:
        """Nodes whose role is ``decision-maker``, in node order."""
        return tuple(node for node, role in zip(self.ids, self.roles)
                     if role == "decision-maker")

    def edge_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(source, target, strength)`` of every edge, node positions as int64, in the
        order of :meth:`csr`; computed once."""
        return self._csr_order[:3]

    def edges_in_any_order(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(source, target, strength)`` of every edge, in the order they were added when
        the kernel was built from a map (else :meth:`edge_arrays`): for a dense matrix,
        where the order does not matter, without sorting."""
        if self._edges is None or "_csr_order" in self.__dict__:
            return self.edge_arrays()
        source, target, strength, _ = self._edges
        return (np.array(source, dtype=np.int64), np.array(target, dtype=np.int64),
                np.array(strength, dtype=np.float64))

    @cached_property
    def _csr_order(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        if self._edges is None:
            indptr, indices, strength, cost = self._csr_from_dicts()
            source = np.repeat(np.arange(len(self.ids), dtype=np.int64), np.diff(indptr))
            return source, indices, strength, cost
        # Each source's edges were added in its successors' order: a stable sort by
        # source gives the rows of the graph.
        source, target, strength, cost = (np.array(column) for column in self._edges)
        order = np.argsort(source, kind="stable")
        return (source[order].astype(np.int64), target[order].astype(np.int64),
                strength[order].astype(np.float64), cost[order].astype(np.float64))

    def csr(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The edges as compressed rows in networkx's order: ``(indptr, indices, strength,
        cost)``, row u holding u's successors as ``G.succ[u]`` lists them."""
        source, target, strength, cost = self._csr_order
        indptr = np.zeros(len(self.ids) + 1, dtype=np.int64)
        np.cumsum(np.bincount(source, minlength=len(self.ids)), out=indptr[1:])
        return indptr, target, strength, cost

    def _csr_from_dicts(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        index = self.index
        indptr = np.zeros(len(self.ids) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(self.succ[u]) for u in self.ids])
        m = int(indptr[-1])
        indices = np.fromiter((index[v] for u in self.ids for v in self.succ[u]),
                              dtype=np.int64, count=m)
        strength = np.fromiter((s for u in self.ids for s, _ in self.succ[u].values()),
                               dtype=np.float64, count=m)
        cost = np.fromiter((c for u in self.ids for _, c in self.succ[u].values()),
                           dtype=np.float64, count=m)
        return indptr, indices, strength, cost


def influence_arrays(
    amap: AccountMap, *, settings: InfluenceSettings | None = None
) -> InfluenceArrays:
    """The map's influence graph as an :class:`InfluenceArrays` kernel.

    The same graph as :func:`~graphlib_kam.algorithms.graph.influence_graph` (DESIGN's
    rules: explicit ``influences`` edges, ``reports-to`` and ``allied`` implied where no
    explicit edge exists for the ordered pair, the strongest implication winning, no edge
    either way across a ``conflict``, only active stakeholders), with nodes and
    neighbours in the order networkx would hold them.

    Examples
    --------
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "stakeholders": [{"id": "x"}, {"id": "y"}],
    ...     "relationships": [{"source": "x", "target": "y", "kind": "allied", "strength": 0.95},
    ...                       {"source": "x", "target": "y", "strength": 0.8}]})
    >>> k = influence_arrays(m)
    >>> k.succ["x"]["y"][0], k.succ["y"]["x"][0]  # explicit 0.8; allied 0.95 back
    (0.8, 0.95)
    """
    settings = settings or InfluenceSettings()
    people: dict[str, tuple[str, float, int]] = {}
    for person in amap.stakeholders:
        if person.active:
            people[person.id] = (person.role, person.power, person.stance)
    explicit: dict[tuple[str, str], float] = {}
    implied: dict[tuple[str, str], float] = {}
    conflicts: set[tuple[str, str]] = set()
    for rel in amap.relationships:
        u, v, kind = rel.source, rel.target, rel.kind
        if u not in people or v not in people:
            continue
        if kind == "influences":
            explicit[(u, v)] = (
                rel.strength if rel.strength is not None else settings.default_strength
            )
            continue
        if kind == "reports-to":
            pairs = (((u, v), settings.reports_up), ((v, u), settings.reports_down))
        elif kind == "allied":
            strength = rel.strength if rel.strength is not None else settings.allied
            pairs = (((u, v), strength), ((v, u), strength))
        else:
            if kind == "conflict":
                conflicts.update({(u, v), (v, u)})
            continue
        for pair, strength in pairs:  # the strongest implication wins
            known = implied.get(pair)
            if known is None or known < strength:
                implied[pair] = strength
    succ: dict[str, dict[str, tuple[float, float]]] = {node: {} for node in people}
    pred: dict[str, dict[str, tuple[float, float]]] = {node: {} for node in people}
    index = {node: i for i, node in enumerate(people)}
    sources, targets, strengths, costs = [], [], [], []
    log = math.log
    for edges, skip in ((explicit, ()), (implied, explicit)):
        for pair, strength in edges.items():
            if pair in conflicts or pair in skip:
                continue
            u, v = pair
            cost = -log(strength)
            succ[u][v] = pred[v][u] = (strength, cost)
            sources.append(index[u])
            targets.append(index[v])
            strengths.append(strength)
            costs.append(cost)
    kernel = InfluenceArrays(people, (p[0] for p in people.values()),
                             (p[1] for p in people.values()), (p[2] for p in people.values()),
                             succ, pred, edges=(sources, targets, strengths, costs))
    kernel.__dict__["index"] = index
    return kernel


def arrays_from_graph(G) -> InfluenceArrays:
    """The kernel of a networkx influence graph (nodes carry ``role``, ``power`` and
    ``stance``; edges ``strength`` and ``cost``), keeping its node and neighbour order.

    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("a", role="user", power=3, stance=0)
    >>> G.add_node("b", role="decision-maker", power=5, stance=1)
    >>> G.add_edge("a", "b", strength=0.5, cost=0.6931471805599453)
    >>> arrays_from_graph(G).pred["b"]
    {'a': (0.5, 0.6931471805599453)}
    """
    data = G.nodes(data=True)
    ids = list(G)
    return InfluenceArrays(
        ids, (data[n].get("role") for n in ids), (data[n].get("power", 3) for n in ids),
        (data[n].get("stance", 0) for n in ids),
        {u: {v: (d["strength"], d["cost"]) for v, d in G.succ[u].items()} for u in ids},
        {v: {u: (d["strength"], d["cost"]) for u, d in G.pred[v].items()} for v in ids},
    )


def pagerank(
    kernel: InfluenceArrays,
    *,
    alpha: float = 0.85,
    max_iter: int = 100,
    tol: float = 1.0e-6,
) -> dict[str, float]:
    """The influence rank: ``networkx.pagerank`` of the reversed graph, bit for bit.

    An edge v→u of weight s for each u→v of strength s, personalised on decision-makers
    by ``power`` (uniformly without one), dangling nodes following the personalization;
    a node whose out-weight is below 1e-300 has its weights scaled to a maximum of 1, as
    :func:`~graphlib_kam.algorithms.influence.influence_rank` does. The power iteration
    is networkx's, with each sum taken in networkx's order: a dense matrix below
    :data:`DENSE_LIMIT` nodes, compressed sparse rows from it.

    Raises
    ------
    networkx.PowerIterationFailedConvergence
        When the iteration does not converge in ``max_iter`` rounds.

    Examples
    --------
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "stakeholders": [
    ...     {"id": "ceo", "role": "decision-maker", "power": 5}, {"id": "cto"}, {"id": "dev"}],
    ...     "relationships": [{"source": "cto", "target": "ceo", "strength": 0.8}]})
    >>> scores = pagerank(influence_arrays(m))
    >>> sorted(scores, key=scores.get, reverse=True), round(sum(scores.values()), 9)
    (['ceo', 'cto', 'dev'], 1.0)
    """
    n = len(kernel.ids)
    if n == 0:
        return {}
    # Row v of the reversed graph holds v's influencers u in node order: the order in
    # which networkx's to_scipy_sparse_array meets the edges of the reversed graph.
    if n < DENSE_LIMIT:
        source, target, strength = kernel.edges_in_any_order()
        dense = np.zeros((n, n))
        dense[target, source] = strength
        present = np.zeros((n, n), dtype=bool)
        present[target, source] = True
        weights = dense[present]  # row by row, each row in column order
        counts = present.sum(axis=1)
    else:
        source, target, strength = kernel.edge_arrays()
        order = np.lexsort((source, target))
        cols, weights = source[order], strength[order]
        counts = np.bincount(target, minlength=n)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    filled = np.flatnonzero(counts)
    out = np.zeros(n)  # row sums, added as scipy's csr_array.sum(axis=1) adds them
    if len(filled):
        out[filled] = np.add.reduceat(weights, indptr[filled])
    # Tiny out-weights, summed as influence_rank sums them (one by one, in row order).
    for row in np.flatnonzero((out > 0) & (out < 2 * _TINY_OUT_WEIGHT)).tolist():
        start, end = indptr[row], indptr[row + 1]
        if sum(weights[start:end].tolist()) < _TINY_OUT_WEIGHT:
            weights[start:end] = weights[start:end] / weights[start:end].max()
            out[row] = np.add.reduce(weights[start:end])  # one short row: as reduceat
            if n < DENSE_LIMIT:
                dense[row, present[row]] = weights[start:end]
    p = np.zeros(n)
    index = kernel.index
    deciders = [index[node] for node in kernel.decision_makers]
    if deciders:
        p[deciders] = [float(kernel.powers[i]) for i in deciders]
    else:
        p[:] = 1.0
    p /= p.sum()
    if n < DENSE_LIMIT:
        nonzero = out != 0
        out[nonzero] = 1.0 / out[nonzero]
        dense *= out[:, None]

        def step(x: np.ndarray) -> np.ndarray:  # x @ A, each column summed top to bottom
            return np.add.reduce(x[:, None] * dense, axis=0)
    else:
        from scipy.sparse import csr_array, dia_array

        A = csr_array((weights, cols, indptr), shape=(n, n))
        out = A.sum(axis=1)
        out[out != 0] = 1.0 / out[out != 0]
        A = dia_array((out.T, 0), shape=A.shape).tocsr() @ A

        def step(x: np.ndarray) -> np.ndarray:
            return x @ A
    x = np.repeat(1.0 / n, n)
    dangling = np.where(out == 0)[0]
    teleport = (1 - alpha) * p
    # networkx's x = alpha * (x @ A + sum(x[dangling]) * p) + (1 - alpha) * p, the same
    # operations in place
    for _ in range(max_iter):
        last = x
        x = step(x)
        if len(dangling):
            x += sum(last[dangling].tolist()) * p
        x *= alpha
        x += teleport
        if np.absolute(x - last).sum() < n * tol:
            return dict(zip(kernel.ids, x.tolist()))
    import networkx as nx

    raise nx.PowerIterationFailedConvergence(max_iter)


def strongest_to_any(
    kernel: InfluenceArrays, targets: Iterable[str]
) -> dict[str, tuple[str, ...]]:
    """For every node that can reach one of ``targets``, its strongest path to one.

    The paths of ``networkx.multi_source_dijkstra(G.reverse(), targets, weight="cost")``,
    reversed: where two paths cost the same, the one networkx finds first.

    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "stakeholders": [{"id": "a"}, {"id": "b"},
    ...     {"id": "c"}], "relationships": [{"source": "a", "target": "b", "strength": 0.5},
    ...                                     {"source": "b", "target": "c", "strength": 0.5}]})
    >>> strongest_to_any(influence_arrays(m), ["c"])
    {'c': ('c',), 'b': ('b', 'c'), 'a': ('a', 'b', 'c')}
    """
    pred = kernel.pred
    sources = [t for t in dict.fromkeys(targets) if t in pred]
    dist: dict[str, float] = {}
    seen: dict[str, float] = {}
    first: dict[str, str] = {}
    counter = count()
    fringe = []
    for source in sources:
        seen[source] = 0
        heapq.heappush(fringe, (0, next(counter), source))
    while fringe:
        d, _, v = heapq.heappop(fringe)
        if v in dist:
            continue
        dist[v] = d
        for u, (_, cost) in pred[v].items():
            if u in dist:
                continue
            vu = d + cost
            if u not in seen or vu < seen[u]:
                seen[u] = vu
                heapq.heappush(fringe, (vu, next(counter), u))
                first[u] = v
    paths: dict[str, tuple[str, ...]] = {source: (source,) for source in sources}
    for v in dist:
        if v not in paths:
            paths[v] = (v, *paths[first[v]])
    return {node: paths[node] for node in dist}


def betweenness_subset(
    kernel: InfluenceArrays, targets: Iterable[str]
) -> dict[str, float]:
    """``networkx.betweenness_centrality_subset(G, sources=all nodes, targets,
    weight="cost", normalized=False)``, bit for bit, in the compiled kernel.

    The same Dijkstra as networkx's (a heap ordered by distance, then by push order; the
    neighbours in networkx's order; path counts and dependencies added in the same
    order), written in C (``graphlib_kam/algorithms/_betweenness.c``).

    Raises
    ------
    RuntimeError
        When the compiled kernel was not built (:data:`COMPILED` is False).

    Examples
    --------
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "stakeholders": [{"id": "a"}, {"id": "b"},
    ...     {"id": "c"}], "relationships": [{"source": "a", "target": "b", "strength": 0.5},
    ...                                     {"source": "b", "target": "c", "strength": 0.5}]})
    >>> betweenness_subset(influence_arrays(m), ["c"]) if COMPILED else {"a": 0.0, "b": 1.0,
    ...     "c": 0.0}
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    if _betweenness is None:
        raise RuntimeError("the compiled betweenness kernel was not built")
    n = len(kernel.ids)
    indptr, indices, _, cost = kernel.csr()
    is_target = np.zeros(n, dtype=np.uint8)
    index = kernel.index
    is_target[[index[t] for t in targets if t in index]] = 1
    result = np.zeros(n, dtype=np.float64)
    _betweenness.betweenness_subset(indptr, indices, cost, is_target, result)
    return dict(zip(kernel.ids, map(float, result)))
