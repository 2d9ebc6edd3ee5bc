"""Whole analyses in one call, on one influence graph.

* :func:`influence_analysis` — the influence half (rank, brokers, hidden power, routes,
  resilience) as plain data;
* :func:`analyze` — everything a report or the explorer shows about one account
  (ranking, coverage, score, gaps, plan, interest matrix, routes) as an :class:`Analysis`,
  so that renderers never recompute or re-derive anything.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import networkx as nx

from graphlib_kam.algorithms.arrays import InfluenceArrays
from graphlib_kam.algorithms.context import AnalysisContext
from graphlib_kam.algorithms.coverage import StakeholderCoverage
from graphlib_kam.algorithms.gaps import Gap, gaps_in_context
from graphlib_kam.algorithms.graph import influence_graph
from graphlib_kam.algorithms.influence import (
    RankedStakeholder,
    brokers,
    hidden_power,
    influence_rank,
    ranking,
)
from graphlib_kam.algorithms.matrix import InterestMatrix, interest_matrix
from graphlib_kam.algorithms.paths import ApproachRoute, approach_routes
from graphlib_kam.algorithms.plan import Plan, plan_in_context
from graphlib_kam.algorithms.resilience import resilience
from graphlib_kam.model import AccountMap
from graphlib_kam.settings import DEFAULT_SETTINGS, Settings
from graphlib_kam.text import DEFAULT_LANG

__all__ = ["Analysis", "analyze", "influence_analysis"]


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
        "routes": {dm: [r.to_dict() for r in approach_routes(amap, dm, graph=G,
                                                                 settings=settings)]
                   for dm in deciders},
        "resilience": resilience(amap, settings=settings, graph=G),
    }


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while an analysis builds its objects.

    An analysis allocates many objects that live as long as it does and hold no cycles
    (routes, gaps, messages, steps); without the pause their allocation starts
    collections that walk the whole heap, the map included — about a fifth of the time
    at 2,000 stakeholders. Reference counting still frees what is dropped. The collector
    is left as it was found: a caller that had disabled it keeps it disabled.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class Analysis:
    """One account analysed on one day with one set of settings.

    The numbers are computed when the analysis is made; what is built from them — the
    ranking, the gaps, the plan, the interest matrix, the networkx graph and every route
    to each decision-maker — on first use, once, from the same
    :class:`~graphlib_kam.algorithms.context.AnalysisContext`, so a caller that reads only
    the score pays for no words. The map must not change while the analysis is in use.

    Attributes
    ----------
    amap : AccountMap
    settings : Settings
        With ``as_of`` fixed to the day of the analysis.
    kernel : InfluenceArrays
        The influence graph as arrays, what the analysis ran on.
    rank : dict
        ``{stakeholder id: influence score}``.
    coverage : dict
        ``{stakeholder id: StakeholderCoverage}`` for every stakeholder.
    score : float
        The coverage score, 0..100.
    support : float
        Support, −100..100: where the influence-weighted committee stands.
    best_routes : dict
        ``{stakeholder id: ApproachRoute}``: the best approach route to everyone reached.
    context : AnalysisContext
        What the parts built on first use share.
    extras : dict
        Room for further analyses (brokers, hidden power, resilience, …) that other
        modules attach; each key names its analysis.
    ranking : list of RankedStakeholder
        Built on first use.
    gaps : list of Gap
        Most severe and influential first; built on first use.
    plan : Plan
        The penetration plan; built on first use.
    matrix : InterestMatrix
        Built on first use.

    ``graph`` (the influence graph as a networkx graph) and ``routes`` (every approach
    route to each active decision-maker, strongest first) are computed on first use too.
    """

    amap: AccountMap
    settings: Settings
    kernel: InfluenceArrays
    rank: dict[str, float]
    coverage: dict[str, StakeholderCoverage]
    score: float
    best_routes: dict[str, ApproachRoute]
    context: AnalysisContext = field(repr=False, compare=False)
    support: float = 0.0
    extras: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def ranking(self) -> list[RankedStakeholder]:
        """The stakeholders by influence (:func:`~graphlib_kam.algorithms.influence.ranking`)."""
        with _collector_paused():
            return ranking(self.amap, self.rank)

    @cached_property
    def gaps(self) -> list[Gap]:
        """Every blind spot (:func:`~graphlib_kam.algorithms.gaps.gaps_in_context`)."""
        with _collector_paused():
            return gaps_in_context(self.context)

    @cached_property
    def plan(self) -> Plan:
        """The penetration plan (:func:`~graphlib_kam.algorithms.plan.plan_in_context`)."""
        with _collector_paused():
            return plan_in_context(self.context)

    @cached_property
    def matrix(self) -> InterestMatrix:
        """The interest matrix (:func:`~graphlib_kam.algorithms.matrix.interest_matrix`)."""
        with _collector_paused():
            return interest_matrix(self.amap)

    @cached_property
    def graph(self) -> nx.DiGraph:
        """The influence graph (:func:`~graphlib_kam.algorithms.graph.influence_graph`)."""
        return self.context.G

    @cached_property
    def routes(self) -> dict[str, list[ApproachRoute]]:
        """Every approach route to each active decision-maker, strongest first."""
        return {
            s.id: approach_routes(self.amap, s.id, graph=self.graph, settings=self.settings)
            for s in self.amap.stakeholders if s.active and s.role == "decision-maker"
        }

    def gaps_by_severity(self) -> dict[str, int]:
        """How many gaps of each severity: ``{"high": n, "medium": n, "low": n}``."""
        counts = {"high": 0, "medium": 0, "low": 0}
        for gap in self.gaps:
            counts[gap.severity] += 1
        return counts

    def to_dict(self, lang: str = DEFAULT_LANG) -> dict[str, Any]:
        """Plain data for JSON: account, as_of, score, support, ranking, gaps, plan and
        matrix."""
        return {
            "account": {"id": self.amap.account.id, "name": self.amap.account.name},
            "revision": self.amap.revision,
            "as_of": self.settings.today().isoformat(),
            "score": self.score,
            "support": self.support,
            "ranking": [r.to_dict() for r in self.ranking],
            "gaps": [g.to_dict(lang) for g in self.gaps],
            "plan": self.plan.to_dict(lang),
            "matrix": self.matrix.to_dict(lang),
        }


def analyze(amap: AccountMap, *, settings: Settings = DEFAULT_SETTINGS) -> Analysis:
    """Analyse one account: rank, coverage, score, support, gaps, plan, matrix and routes.

    The rank, the coverage, the score, the support and the best approach routes are
    computed now; the ranking, the gaps, the plan and the matrix when first read (see
    :class:`Analysis`). ``settings.as_of`` is fixed to today when unset, so every part of
    the result is judged on the same day.

    Examples
    --------
    >>> import datetime
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "team": [{"id": "t-li", "name": "Li Na"}],
    ...     "stakeholders": [{"id": "s-cto", "role": "influencer"},
    ...                      {"id": "s-ceo", "role": "decision-maker"}],
    ...     "relationships": [{"source": "s-cto", "target": "s-ceo", "strength": 0.8}],
    ...     "coverage": [{"member": "t-li", "stakeholder": "s-cto", "strength": 0.7,
    ...                   "last_contact": "2026-11-02"}]})
    >>> a = analyze(m, settings=Settings(as_of=datetime.date(2026, 11, 28)))
    >>> [r.id for r in a.ranking], a.gaps[0].kind, a.plan.steps[0].target, a.support
    (['s-ceo', 's-cto'], 'single-threaded', 's-ceo', 0.0)
    >>> round(a.best_routes["s-ceo"].strength, 2), len(a.routes["s-ceo"])
    (0.56, 1)
    """
    settings = settings.with_overrides(as_of=settings.today())
    with _collector_paused():
        ctx = AnalysisContext(amap, settings)
        return Analysis(amap=amap, settings=settings, kernel=ctx.kernel, rank=ctx.rank,
                        coverage=ctx.status, score=ctx.score, best_routes=ctx.routes,
                        context=ctx, support=ctx.support)
