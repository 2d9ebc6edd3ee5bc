"""Who really moves the committee: influence rank and brokers.

* :func:`influence_rank` — personalized PageRank on the reversed influence graph,
  personalised on the decision-makers by their power: a person ranks high when the
  people who decide listen to them, directly or through others.
* :func:`brokers` — the share of the strongest paths (cost −ln(strength)) to the
  decision-makers that pass through each person who is not one.
* :func:`hidden_power` — people whose influence is far above or below what their level
  and power suggest: who really decides.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

from graphlib_kam.algorithms.arrays import COMPILED, arrays_from_graph, betweenness_subset
from graphlib_kam.errors import InputError
from graphlib_kam.model import AccountMap

__all__ = ["RankedStakeholder", "brokers", "hidden_power", "influence_rank", "ranking"]

DEFAULT_ALPHA = 0.85
HIDDEN_ABOVE = 2.0
"""An influence score at least this many times the expected one is hidden power."""
HIDDEN_BELOW = 0.5
"""An influence score at most this share of the expected one is less power than it seems."""


@dataclass(frozen=True)
class RankedStakeholder:
    """A line of a ranking: 1-based ``rank``, ``score``, id and name."""

    id: str
    name: str
    score: float
    rank: int

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "score": self.score, "rank": self.rank}


def _personalization(G: nx.DiGraph) -> dict[str, float]:
    deciders = {n: float(d["power"]) for n, d in G.nodes(data=True)
                if d.get("role") == "decision-maker"}
    return deciders or {n: 1.0 for n in G}


def influence_rank(G: nx.DiGraph, *, alpha: float = DEFAULT_ALPHA) -> dict[str, float]:
    """Influence score of every stakeholder of the influence graph ``G``; sums to 1.

    Personalized PageRank on the reversed graph (an edge v→u of weight s for each u→v
    of strength s), personalised on decision-makers by ``power`` (uniformly over all
    stakeholders when there is no decision-maker); dangling nodes follow the
    personalization — exactly ``networkx.pagerank(R, alpha=alpha, personalization=p,
    weight="weight")``.

    Parameters
    ----------
    G : networkx.DiGraph
        An influence graph (:func:`graphlib_kam.algorithms.graph.influence_graph`); nodes carry
        ``role`` and ``power``, edges ``strength``.
    alpha : float, keyword-only
        Damping factor.

    Returns
    -------
    dict
        ``{stakeholder id: score}``; empty for an empty graph.

    Raises
    ------
    networkx.PowerIterationFailedConvergence
        When the power iteration does not converge (not seen with alpha < 1).

    Examples
    --------
    The CTO influences the CEO (the only decision-maker), so the CTO ranks second:

    >>> G = nx.DiGraph()
    >>> G.add_node("ceo", role="decision-maker", power=5)
    >>> G.add_node("cto", role="influencer", power=3)
    >>> G.add_node("dev", role="user", power=1)
    >>> G.add_edge("cto", "ceo", strength=0.8)
    >>> scores = influence_rank(G)
    >>> sorted(scores, key=scores.get, reverse=True), round(sum(scores.values()), 9)
    (['ceo', 'cto', 'dev'], 1.0)
    """
    if len(G) == 0:
        return {}
    R = nx.DiGraph()
    R.add_nodes_from(G)
    R.add_weighted_edges_from((v, u, d["strength"]) for u, v, d in G.edges(data=True))
    _rescale_tiny_out_weights(R)
    return nx.pagerank(R, alpha=alpha, personalization=_personalization(G), weight="weight")


# networkx divides each edge's weight by its node's out-weight through 1 / out-weight,
# which is infinite below this; such a node's weights are scaled up (PageRank uses only
# their ratios), every other node is left exactly as it is.
_TINY_OUT_WEIGHT = 1e-300


def _rescale_tiny_out_weights(R: nx.DiGraph) -> None:
    """Scale the out-edge weights of each node whose out-weight is tiny to a maximum of 1."""
    for node in R:
        weights = [d["weight"] for _, _, d in R.out_edges(node, data=True)]
        if weights and 0 < sum(weights) < _TINY_OUT_WEIGHT:
            largest = max(weights)
            for _, _, d in R.out_edges(node, data=True):
                d["weight"] = d["weight"] / largest


BROKER_BACKENDS = ("auto", "networkx", "compiled", "scipy")

# The scipy kernel needs every cost clearly above 0: with a cost of 0 (strength 1) two
# nodes can be at the same distance both ways, where networkx's answer depends on the
# order it meets them. Below this it hands over to networkx.
_MIN_SCIPY_COST = 1e-9
# Sources per block of the scipy kernel, to bound memory at sources × edges floats.
_SCIPY_BLOCK = 256


def brokers(G: nx.DiGraph, *, backend: str = "auto") -> dict[str, float]:
    """Brokers (关键桥梁人物): each non-decision-maker's share of the strongest paths
    from anyone to a decision-maker.

    For each stakeholder v who is not a decision-maker: ``networkx.
    betweenness_centrality_subset(G, sources=all, targets=decision-makers,
    weight="cost", normalized=False)[v]`` divided by the number of ordered pairs (s, t)
    with t a decision-maker and s ≠ t. Without decision-makers the targets are all
    stakeholders (plain betweenness over n(n − 1) pairs). Decision-makers are not
    listed. Two paths tie only when their costs, summed along the path as floats, are
    equal (as in networkx).

    Parameters
    ----------
    G : networkx.DiGraph
        An influence graph; nodes carry ``role``, edges ``cost``.
    backend : str, keyword-only
        ``"networkx"`` calls networkx. ``"compiled"`` runs networkx's algorithm,
        operation for operation, in the package's compiled kernel
        (:func:`~graphlib_kam.algorithms.arrays.betweenness_subset`): the same scores bit
        for bit, ties and strength 1 included, at igraph's speed. ``"scipy"`` runs the
        same algorithm with scipy's compiled Dijkstra and array arithmetic (the same
        ties; scores agree with networkx to about 1e-15); it hands over to networkx when a
        strength is 1 (cost 0). ``"auto"`` (default) is ``"compiled"`` when the kernel
        was built (:data:`~graphlib_kam.algorithms.arrays.COMPILED`), else ``"scipy"``.

    Returns
    -------
    dict
        ``{stakeholder id: score}`` for every stakeholder who is not a decision-maker.

    Raises
    ------
    InputError
        When ``backend`` is unknown, or ``"compiled"`` and the kernel was not built.

    Examples
    --------
    a → b → c with c the decision-maker: of the 2 ordered pairs (a, c) and (b, c), b is
    inside one.

    >>> import math
    >>> G = nx.DiGraph()
    >>> G.add_node("c", role="decision-maker")
    >>> for u, v in [("a", "b"), ("b", "c")]:
    ...     G.add_edge(u, v, strength=0.5, cost=-math.log(0.5))
    >>> brokers(G)
    {'a': 0.0, 'b': 0.5}
    >>> brokers(G, backend="networkx") == brokers(G, backend="scipy")
    True
    """
    if backend not in BROKER_BACKENDS:
        raise InputError(f"unknown betweenness backend {backend!r}; expected one of "
                         + ", ".join(BROKER_BACKENDS))
    deciders = [n for n, d in G.nodes(data=True) if d.get("role") == "decision-maker"]
    targets = deciders or list(G)
    pairs = len(G) * len(targets) - len(targets)
    if backend == "compiled" and not COMPILED:
        raise InputError("the compiled betweenness kernel was not built with this "
                         "installation; use backend 'scipy' or 'networkx'")
    if backend == "compiled" or (backend == "auto" and COMPILED):
        raw = betweenness_subset(arrays_from_graph(G), targets)
    elif backend != "networkx" and all(
        d["cost"] >= _MIN_SCIPY_COST for _, _, d in G.edges(data=True)
    ):
        raw = _betweenness_subset_scipy(G, targets)
    else:
        raw = nx.betweenness_centrality_subset(G, sources=list(G), targets=targets,
                                               weight="cost", normalized=False)
    listed = set(deciders)
    return {n: (raw[n] / pairs if pairs else 0.0) for n in G if n not in listed}


def _betweenness_subset_scipy(G: nx.DiGraph, targets: list[str]) -> dict[str, float]:
    """networkx's betweenness_centrality_subset (directed, not normalized, weight
    ``cost``, every node a source) on arrays.

    scipy's Dijkstra gives every distance D[s, w] as networkx's does (the minimum of
    D[s, v] + cost over the predecessors, in float64). An edge v→w is on a shortest path
    from s exactly when D[s, v] + cost == D[s, w] — networkx's own test — so the
    shortest-path DAGs are the same. Path counts are propagated along those DAGs for a
    block of sources at a time, one hop per round, until they no longer change; the
    dependency of v is Σ over its DAG successors w of σ(v)/σ(w) × ([w is a target] +
    δ(w)), networkx's subset accumulation.
    """
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    nodes = list(G)
    n = len(nodes)
    result = dict.fromkeys(nodes, 0.0)
    if n < 3 or G.number_of_edges() == 0:
        return result
    index = {node: i for i, node in enumerate(nodes)}
    is_target = np.zeros(n)
    is_target[[index[t] for t in targets]] = 1.0
    edges = [(index[u], index[v], d["cost"]) for u, v, d in G.edges(data=True) if u != v]
    src = np.fromiter((e[0] for e in edges), dtype=np.int64, count=len(edges))
    dst = np.fromiter((e[1] for e in edges), dtype=np.int64, count=len(edges))
    cost = np.fromiter((e[2] for e in edges), dtype=np.float64, count=len(edges))
    m = len(edges)
    adjacency = csr_matrix((cost, (src, dst)), shape=(n, n))
    into = csr_matrix((np.ones(m), (np.arange(m), dst)), shape=(m, n))  # edge → its head
    out_of = csr_matrix((np.ones(m), (np.arange(m), src)), shape=(m, n))  # edge → its tail
    total = np.zeros(n)
    for start in range(0, n, _SCIPY_BLOCK):
        sources = np.arange(start, min(start + _SCIPY_BLOCK, n))
        dist = dijkstra(adjacency, directed=True, indices=sources)
        on_dag = np.isfinite(dist[:, src]) & (dist[:, src] + cost == dist[:, dst])
        rows = np.arange(len(sources))
        sigma = np.zeros((len(sources), n))
        sigma[rows, sources] = 1.0
        for _ in range(n):
            new = (into.T @ (on_dag * sigma[:, src]).T).T
            new[rows, sources] = 1.0
            if np.array_equal(new, sigma):
                break
            sigma = new
        safe = np.where(sigma > 0, sigma, 1.0)
        ratio = on_dag * (sigma[:, src] / safe[:, dst])
        # The source itself is never the head of a DAG edge (costs > 0), so its own
        # target flag never counts.
        delta = np.zeros((len(sources), n))
        for _ in range(n):
            new = (out_of.T @ (ratio * (is_target[dst] + delta[:, dst])).T).T
            if np.array_equal(new, delta):
                break
            delta = new
        delta[rows, sources] = 0.0
        total += delta.sum(axis=0)
    return {node: float(total[i]) for i, node in enumerate(nodes)}


def ranking(amap: AccountMap, scores: dict[str, float]) -> list[RankedStakeholder]:
    """Scores as a ranking: highest first, ties by id, ``rank`` counting from 1.

    Scores are compared after rounding to 12 decimals, so two people whose scores are
    equal on paper are ordered by id, not by floating-point noise.

    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "stakeholders": [{"id": "x", "name": "X"}]})
    >>> ranking(m, {"x": 1.0})
    [RankedStakeholder(id='x', name='X', score=1.0, rank=1)]
    """
    names = {s.id: s.label for s in amap.stakeholders}
    ordered = sorted(scores.items(), key=lambda item: (-round(item[1], 12), item[0]))
    return [RankedStakeholder(id=sid, name=names.get(sid, sid), score=score, rank=i)
            for i, (sid, score) in enumerate(ordered, start=1)]


def hidden_power(
    amap: AccountMap,
    scores: dict[str, float],
    *,
    above: float = HIDDEN_ABOVE,
    below: float = HIDDEN_BELOW,
    include_all: bool = False,
) -> list[dict]:
    """Stakeholders whose influence score is far from what their level and power suggest.

    The expected score of a person is the mean score of the people at their level, scaled
    by their power against that level's mean power::

        expected(p) = mean(score at level(p)) × power(p) / mean(power at level(p))

    and ``ratio`` = score / expected. A ratio ≥ ``above`` is hidden power (listened to far
    more than the org chart says); ≤ ``below`` is less power than it seems. A level whose
    scores are all 0 has no expectation, and nobody on it is reported; someone alone on
    their level always has ratio 1.

    Parameters
    ----------
    amap : AccountMap
        Gives each person's level, power, role and name.
    scores : dict
        ``{stakeholder id: score}``, as :func:`influence_rank` returns; only these people
        are considered.
    above, below : float, keyword-only
        The ratio thresholds.
    include_all : bool, keyword-only
        Return everyone (``direction`` None when within the thresholds), not only the
        people past a threshold.

    Returns
    -------
    list of dict
        ``{"id", "name", "role", "level", "power", "score", "rank", "expected", "ratio",
        "direction"}`` with ``direction`` ``"above"``, ``"below"`` or None; furthest from
        expectation first (by the size of ln ratio; a ratio of 0 counts as furthest), then id.

    Raises
    ------
    ValueError
        When ``below`` ≥ 1 or ``above`` ≤ 1.

    Examples
    --------
    Two managers of equal power (3): the one the CEO listens to scores 0.3, the other
    0.1. Their level's mean is 0.2, so each is expected 0.2 × 3 / 3 = 0.2; ratios
    0.3 / 0.2 = 1.5 and 0.1 / 0.2 = 0.5.

    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "stakeholders": [
    ...     {"id": "ceo", "level": "executive", "power": 5},
    ...     {"id": "m1", "level": "management"}, {"id": "m2", "level": "management"}]})
    >>> [(h["id"], h["expected"], h["ratio"], h["direction"])
    ...  for h in hidden_power(m, {"ceo": 0.6, "m1": 0.3, "m2": 0.1})]
    [('m2', 0.2, 0.5, 'below')]
    """
    if not below < 1 < above:
        raise ValueError("expected below < 1 < above")
    people = {s.id: s for s in amap.stakeholders if s.id in scores}
    levels: dict[str, list[str]] = {}
    for sid, person in people.items():
        levels.setdefault(person.level, []).append(sid)
    ranks = {r.id: r.rank for r in ranking(amap, scores)}
    rows = []
    for members in levels.values():
        mean_score = sum(scores[i] for i in members) / len(members)
        mean_power = sum(people[i].power for i in members) / len(members)
        if mean_score <= 0:
            continue
        for sid in members:
            person = people[sid]
            expected = mean_score * person.power / mean_power
            # rounded, so that a ratio equal to a threshold on paper counts as reaching it
            ratio = round(scores[sid] / expected, 12)
            direction = "above" if ratio >= above else "below" if ratio <= below else None
            if direction is None and not include_all:
                continue
            rows.append({
                "id": sid, "name": person.label, "role": person.role, "level": person.level,
                "power": person.power, "score": scores[sid], "rank": ranks[sid],
                "expected": round(expected, 12), "ratio": ratio,
                "direction": direction,
            })
    rows.sort(key=lambda r: (-abs(math.log(r["ratio"])) if r["ratio"] > 0 else -math.inf,
                             r["id"]))
    return rows
