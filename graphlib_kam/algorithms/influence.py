"""Who really moves the committee: influence rank and brokers.

* :func:`influence_rank` — personalized PageRank on the reversed influence graph,
  personalised on the decision-makers by their power: a person ranks high when the
  people who decide listen to them, directly or through others.
* :func:`brokers` — betweenness centrality on the cost −ln(strength): people who sit on
  many of the strongest paths.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from ..model import AccountMap

__all__ = ["RankedStakeholder", "brokers", "influence_rank", "ranking"]

DEFAULT_ALPHA = 0.85


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
        An influence graph (:func:`graphlib_kam.graph.influence_graph`); nodes carry
        ``role`` and ``power``, edges ``strength``.
    alpha : float, keyword-only
        Damping factor.

    Returns
    -------
    dict
        ``{stakeholder id: score}``; empty for an empty graph.

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
    return nx.pagerank(R, alpha=alpha, personalization=_personalization(G), weight="weight")


def brokers(G: nx.DiGraph) -> dict[str, float]:
    """Normalized betweenness of every stakeholder on the cost −ln(strength).

    Exactly ``networkx.betweenness_centrality(G, weight="cost", normalized=True)``.

    Examples
    --------
    >>> import math
    >>> G = nx.DiGraph()
    >>> for u, v in [("a", "b"), ("b", "c")]:
    ...     G.add_edge(u, v, strength=0.5, cost=-math.log(0.5))
    >>> brokers(G)["b"]  # on 1 of the (3 - 1) × (3 - 2) = 2 ordered pairs
    0.5
    """
    return nx.betweenness_centrality(G, weight="cost", normalized=True)


def ranking(amap: AccountMap, scores: dict[str, float]) -> list[RankedStakeholder]:
    """Scores as a ranking: highest first, ties by id, ``rank`` counting from 1.

    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "stakeholders": [{"id": "x", "name": "X"}]})
    >>> ranking(m, {"x": 1.0})
    [RankedStakeholder(id='x', name='X', score=1.0, rank=1)]
    """
    names = {s.id: s.label for s in amap.stakeholders}
    ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return [RankedStakeholder(id=sid, name=names.get(sid, sid), score=score, rank=i)
            for i, (sid, score) in enumerate(ordered, start=1)]
