"""The whole influence half of the analysis in one call, on one influence graph."""

from __future__ import annotations

from ..graph import influence_graph
from ..model import AccountMap
from ..settings import DEFAULT_SETTINGS, Settings
from .influence import brokers, hidden_power, influence_rank, ranking
from .paths import approach_routes
from .resilience import resilience

__all__ = ["influence_analysis"]


def influence_analysis(
    amap: AccountMap, *, settings: Settings = DEFAULT_SETTINGS, backend: str = "auto"
) -> dict:
    """Influence rank, brokers, hidden power, approach routes and resilience of a map.

    Builds the influence graph once and runs every influence analysis on it — what a
    report, the explorer or a benchmark of the whole influence analysis needs.

    Parameters
    ----------
    amap : AccountMap
    settings : Settings, keyword-only
        ``alpha``, ``min_route`` and the implied influence strengths.
    backend : str, keyword-only
        The betweenness kernel of :func:`~graphlib_kam.algorithms.influence.brokers`.

    Returns
    -------
    dict
        ``{"ranking": [{"id", "name", "score", "rank"}], "brokers": [{"id", "name",
        "score", "rank"}], "hidden": [...] (:func:`hidden_power`), "routes": {decision-maker
        id: [route dicts, best first]}, "resilience": [...] (:func:`resilience`)}``.

    Raises
    ------
    InputError
        When ``backend`` is unknown or not installed.

    Examples
    --------
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "team": [{"id": "t-li", "name": "Li Na"}],
    ...     "stakeholders": [{"id": "s-cto"}, {"id": "s-ceo", "role": "decision-maker"}],
    ...     "relationships": [{"source": "s-cto", "target": "s-ceo", "strength": 0.8}],
    ...     "coverage": [{"member": "t-li", "stakeholder": "s-cto", "strength": 0.7}]})
    >>> report = influence_analysis(m)
    >>> [r["id"] for r in report["ranking"]], list(report["routes"])
    (['s-ceo', 's-cto'], ['s-ceo'])
    >>> report["resilience"][0]["survives"]  # losing Li Na or the CTO breaks the route
    False
    """
    G = influence_graph(amap, settings=settings.influence)
    scores = influence_rank(G, alpha=settings.alpha)
    deciders = sorted(s.id for s in amap.stakeholders
                      if s.active and s.role == "decision-maker" and s.id in G)
    return {
        "ranking": [r.to_dict() for r in ranking(amap, scores)],
        "brokers": [r.to_dict() for r in ranking(amap, brokers(G, backend=backend))],
        "hidden": hidden_power(amap, scores),
        "routes": {dm: [r.to_dict() for r in approach_routes(amap, dm, graph=G)]
                   for dm in deciders},
        "resilience": resilience(amap, settings=settings, graph=G),
    }
