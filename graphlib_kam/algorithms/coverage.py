"""Who we really cover: link quality, coverage per stakeholder, the coverage score.

* :func:`link_quality` (from :mod:`graphlib_kam.algorithms.quality`) /
  :func:`coverage_status` / :func:`is_covered` — a coverage link
  is *weak* below ``settings.covered_min`` and *stale* when its last contact is missing or
  more than ``settings.stale_days`` before ``as_of``; a stakeholder is covered by a link
  that is neither;
* :func:`coverage_score` — 0..100, the influence-weighted quality of our coverage
  (:func:`weighted_coverage_score` when the coverage and the rank are at hand);
* :func:`support_score` — −100..100, where the influence-weighted committee stands
  (:func:`weighted_support` when the rank is at hand);
* :func:`best_approach_routes` — the best approach route to every stakeholder, in one
  search.

The per-map context that the gap rules share is in
:mod:`graphlib_kam.algorithms.context`; the gaps built on it are in
:mod:`graphlib_kam.algorithms.gaps`.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import networkx as nx

from graphlib_kam.algorithms.graph import influence_graph
from graphlib_kam.algorithms.influence import influence_rank
from graphlib_kam.algorithms.paths import ApproachRoute, opposers_in, route_key
from graphlib_kam.algorithms.quality import LinkQuality, link_qualities, link_quality
from graphlib_kam.errors import NotFoundError
from graphlib_kam.model import AccountMap
from graphlib_kam.settings import DEFAULT_SETTINGS, Settings

__all__ = [
    "COVERAGE_STATES",
    "LinkQuality",
    "StakeholderCoverage",
    "best_approach_routes",
    "coverage_score",
    "coverage_status",
    "is_covered",
    "link_quality",
    "support_score",
    "weighted_coverage_score",
    "weighted_support",
]


# --- coverage of one stakeholder ------------------------------------------------------

COVERAGE_STATES = ("covered", "weak", "stale", "uncovered")
"""How an active stakeholder is covered, best first (:attr:`StakeholderCoverage.state`)."""


@dataclass(frozen=True)
class StakeholderCoverage:
    """How one stakeholder is covered: their links (strongest first) judged on ``as_of``.

    A stakeholder who left is never covered: their links are what a departed-contact gap
    reports, not coverage.

    Attributes
    ----------
    covered : bool
        The stakeholder is active and some link is neither weak nor stale.
    quality : float
        The best link quality (DESIGN's q), 0 without links.
    best : LinkQuality or None
        The strongest link (ties: the more recent, then member id).
    latest : LinkQuality or None
        The link with the most recent contact.
    weak : bool
        There are links and the strongest is weak.
    stale : bool
        There are links and the latest contact is stale (every link is stale).
    """

    stakeholder: str
    links: tuple[LinkQuality, ...]
    active: bool = True

    @property
    def covered(self) -> bool:
        return self.active and any(link.covering for link in self.links)

    @property
    def quality(self) -> float:
        links = self.links
        if len(links) < 2:  # most people: no link or one
            return links[0].quality if links else 0.0
        return max(link.quality for link in links)

    @property
    def best(self) -> LinkQuality | None:
        return self.links[0] if self.links else None

    @property
    def latest(self) -> LinkQuality | None:
        dated = [link for link in self.links if link.last_contact is not None]
        if not dated:
            return self.best
        return max(dated, key=lambda q: (q.last_contact, q.strength))

    @property
    def weak(self) -> bool:
        return bool(self.links) and self.links[0].weak

    @property
    def stale(self) -> bool:
        return bool(self.links) and all(link.stale for link in self.links)

    @property
    def members(self) -> tuple[str, ...]:
        return tuple(link.member for link in self.links)

    @property
    def state(self) -> str | None:
        """One of :data:`COVERAGE_STATES`, None for someone who left.

        ``covered`` (a link neither weak nor stale); ``stale`` (not covered, but a link at
        least ``covered_min`` strong, every such link stale); ``weak`` (links, all below
        ``covered_min``); ``uncovered`` (no link). The same order as the coverage gaps
        (:func:`~graphlib_kam.algorithms.gaps.coverage_gap_kind`), for everyone.

        Examples
        --------
        >>> strong_old = LinkQuality("t", "x", 0.8, None, None, weak=False, stale=True)
        >>> weak_new = LinkQuality("u", "x", 0.3, None, 3, weak=True, stale=False)
        >>> StakeholderCoverage("x", (strong_old, weak_new)).state
        'stale'
        >>> StakeholderCoverage("x", (weak_new,)).state, StakeholderCoverage("x", ()).state
        ('weak', 'uncovered')
        >>> StakeholderCoverage("x", (strong_old,), active=False).state is None
        True
        """
        if not self.active:
            return None
        if self.covered:
            return "covered"
        if not self.links:
            return "uncovered"
        return "stale" if any(not link.weak for link in self.links) else "weak"


def coverage_status(
    amap: AccountMap,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    qualities: Mapping[tuple[str, str], LinkQuality] | None = None,
) -> dict[str, StakeholderCoverage]:
    """The coverage of every stakeholder of the map (people who left included).

    ``qualities`` is :func:`link_qualities` of the map with ``settings``, when the caller
    already has it.

    Examples
    --------
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "team": [{"id": "t"}, {"id": "u"}],
    ...     "stakeholders": [{"id": "x"}, {"id": "y"}],
    ...     "coverage": [{"member": "t", "stakeholder": "x", "strength": 0.3,
    ...                   "last_contact": "2026-11-01"},
    ...                  {"member": "u", "stakeholder": "x", "strength": 0.9,
    ...                   "last_contact": "2026-01-01"}]})
    >>> c = coverage_status(m, settings=Settings(as_of=dt.date(2026, 11, 28)))
    >>> c["x"].covered, c["x"].best.member, c["x"].latest.member, c["x"].quality
    (False, 'u', 't', 0.45)
    >>> c["y"].links, c["y"].quality
    ((), 0.0)
    """
    links: dict[str, list[LinkQuality]] = {s.id: [] for s in amap.stakeholders}
    active = {s.id for s in amap.stakeholders if s.active}
    if qualities is None:
        qualities = link_qualities(amap, settings=settings)
    for q in qualities.values():
        links.setdefault(q.stakeholder, []).append(q)
    return {
        sid: StakeholderCoverage(
            sid, tuple(sorted(found, key=_strongest_first) if len(found) > 1 else found),
            active=sid in active)
        for sid, found in links.items()
    }


def _strongest_first(q: LinkQuality) -> tuple:
    """Links strongest first; ties: the more recent contact, then the member id."""
    return (-q.strength, -(q.last_contact or dt.date.min).toordinal(), q.member)


def is_covered(
    amap: AccountMap, stakeholder: str, *, settings: Settings = DEFAULT_SETTINGS
) -> bool:
    """Whether ``stakeholder`` has a link of strength ≥ ``covered_min`` contacted recently.

    A stakeholder who left is never covered.

    Raises
    ------
    NotFoundError
        When no stakeholder has that id.

    Examples
    --------
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "team": [{"id": "t"}],
    ...     "stakeholders": [{"id": "x"}],
    ...     "coverage": [{"member": "t", "stakeholder": "x", "strength": 0.5,
    ...                   "last_contact": "2026-09-01"}]})
    >>> is_covered(m, "x", settings=Settings(as_of=dt.date(2026, 11, 28)))
    True
    >>> is_covered(m, "x", settings=Settings(as_of=dt.date(2026, 12, 28)))  # 118 days
    False
    """
    people = amap.stakeholders_by_id()
    if stakeholder not in people:
        raise NotFoundError(f"no stakeholder has the id {stakeholder!r}")
    return people[stakeholder].active and any(
        q.covering for q in link_qualities(amap, settings=settings).values()
        if q.stakeholder == stakeholder)


# --- approach routes to everyone in one search ---------------------------------------------


def best_approach_routes(
    amap: AccountMap,
    *,
    graph: nx.DiGraph | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    exclude_members: Collection[str] = (),
) -> dict[str, ApproachRoute]:
    """The best approach route to every active stakeholder that some coverage link reaches.

    The same answer as ``approach_routes(amap, t, settings=settings)[0]`` for every
    target ``t`` (:func:`~graphlib_kam.algorithms.paths.route_key`: strength, then member
    id, then entry id, then fewer hops and the node sequence), found by one label-setting
    search from all coverage links at once instead of one search per target. A route
    starts with the link's quality q (halved when stale), never enters through an opposer
    (except to reach that opposer directly) and never passes one.

    Parameters
    ----------
    amap : AccountMap
    graph : networkx.DiGraph, optional, keyword-only
        The map's influence graph, when the caller already has it.
    settings : Settings, keyword-only
        ``as_of``, ``stale_days`` and ``stale_factor`` for the link quality, and the
        implied influence strengths (used only when ``graph`` is not given).
    exclude_members : collection of str, keyword-only
        Team members whose links are not used.

    Returns
    -------
    dict
        ``{stakeholder id: ApproachRoute}``; stakeholders nobody reaches are absent.

    Examples
    --------
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "team": [{"id": "t-li", "name": "Li Na"}],
    ...     "stakeholders": [{"id": "s-cto"}, {"id": "s-ceo"}, {"id": "s-cfo"}],
    ...     "relationships": [{"source": "s-cto", "target": "s-ceo", "strength": 0.8}],
    ...     "coverage": [{"member": "t-li", "stakeholder": "s-cto", "strength": 0.7,
    ...                   "last_contact": "2026-11-02"}]})
    >>> routes = best_approach_routes(m, settings=Settings(as_of=dt.date(2026, 11, 28)))
    >>> routes["s-ceo"].nodes, round(routes["s-ceo"].strength, 2), "s-cfo" in routes
    (('s-cto', 's-ceo'), 0.56, False)
    """
    G = influence_graph(amap, settings=settings.influence) if graph is None else graph
    opposers = set(opposers_in(G))
    heap: list[tuple[tuple, ApproachRoute]] = []
    qualities = link_qualities(amap, settings=settings)
    for link in amap.coverage:
        if link.member in exclude_members or link.stakeholder not in G:
            continue
        q = qualities[(link.member, link.stakeholder)].quality
        route = ApproachRoute(member=link.member, entry=link.stakeholder,
                              nodes=(link.stakeholder,), strength=q, coverage=q,
                              path_strength=1.0)
        heap.append((route_key(route), route))
    heapq.heapify(heap)
    routes: dict[str, ApproachRoute] = {}
    successors = G._succ
    while heap:
        _, route = heapq.heappop(heap)
        node = route.nodes[-1]
        if node in routes:
            continue
        routes[node] = route
        if node in opposers:
            continue  # an opposer may end a route, never enter or sit inside one
        for other, data in successors[node].items():
            if other in routes or other in route.nodes:
                continue
            longer = ApproachRoute(
                member=route.member, entry=route.entry, nodes=(*route.nodes, other),
                strength=route.strength * data["strength"], coverage=route.coverage,
                path_strength=route.path_strength * data["strength"])
            heapq.heappush(heap, (route_key(longer), longer))
    return routes


# --- the coverage score ---------------------------------------------------------------


def coverage_score(
    amap: AccountMap,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    graph: nx.DiGraph | None = None,
    rank: dict[str, float] | None = None,
) -> float:
    """The coverage score, 0..100: influence-weighted quality of our coverage.

    100 × Σ rank(s) × q(s) / Σ rank(s) over active stakeholders, where q(s) is the best
    quality over all of the stakeholder's links — each link's strength, halved when it is
    stale — and 0 without a link (not the strongest link's quality: a stale 0.9 gives
    0.45, a recent 0.6 beside it gives 0.6). 0 for a map without active stakeholders.

    Parameters
    ----------
    amap : AccountMap
    settings : Settings, keyword-only
        ``as_of``, ``stale_days``, ``alpha`` and the implied influence strengths.
    graph, rank : optional, keyword-only
        The influence graph and rank, when the caller already has them.

    Examples
    --------
    One stakeholder covered at 0.8 with a recent contact: 100 × 0.8.

    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "team": [{"id": "t"}],
    ...     "stakeholders": [{"id": "x", "role": "decision-maker"}],
    ...     "coverage": [{"member": "t", "stakeholder": "x", "strength": 0.8,
    ...                   "last_contact": "2026-11-01"}]})
    >>> coverage_score(m, settings=Settings(as_of=dt.date(2026, 11, 28)))
    80.0
    """
    if rank is None:
        G = influence_graph(amap, settings=settings.influence) if graph is None else graph
        rank = influence_rank(G, alpha=settings.alpha)
    return weighted_coverage_score(coverage_status(amap, settings=settings), rank)


def weighted_coverage_score(
    status: Mapping[str, StakeholderCoverage], rank: Mapping[str, float]
) -> float:
    """The coverage score of coverage already judged, weighted by a rank already run.

    100 × Σ rank(s) × q(s) / Σ rank(s) over the active stakeholders of ``status``; 0 when
    their rank adds up to nothing. :func:`coverage_score` is this on a map.

    Parameters
    ----------
    status : mapping
        ``{stakeholder id: StakeholderCoverage}`` (:func:`coverage_status`).
    rank : mapping
        ``{stakeholder id: influence score}``; people absent from it weigh 0.

    Returns
    -------
    float

    Examples
    --------
    >>> s = {"x": StakeholderCoverage("x", ()), "y": StakeholderCoverage("y", (
    ...     LinkQuality("t", "y", 0.8, None, None, weak=False, stale=True),))}
    >>> weighted_coverage_score(s, {"x": 0.5, "y": 0.5})  # y's stale link counts half
    20.0
    """
    active = [sid for sid, found in status.items() if found.active]
    total = sum(rank.get(sid, 0.0) for sid in active)
    if total <= 0:
        return 0.0
    covered = sum(rank.get(sid, 0.0) * status[sid].quality for sid in active)
    return 100.0 * covered / total


# --- support ------------------------------------------------------------------------------


def support_score(
    amap: AccountMap,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    graph: nx.DiGraph | None = None,
    rank: dict[str, float] | None = None,
) -> float:
    """Support, −100..100: where the influence-weighted committee stands.

    100 × Σ rank(s) × stance(s) / 2 / Σ rank(s) over active stakeholders (stance −2..+2):
    100 when everyone who matters is a champion, −100 when all are strong opponents.
    0 for a map without active stakeholders.

    Parameters
    ----------
    amap : AccountMap
    settings : Settings, keyword-only
        ``alpha`` and the implied influence strengths.
    graph, rank : optional, keyword-only
        The influence graph and rank, when the caller already has them.

    Examples
    --------
    A lone decision-maker holds all the rank; stance +1 is half-way to a champion.

    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "stakeholders": [
    ...     {"id": "x", "role": "decision-maker", "stance": 1}]})
    >>> support_score(m)
    50.0
    """
    if rank is None:
        G = influence_graph(amap, settings=settings.influence) if graph is None else graph
        rank = influence_rank(G, alpha=settings.alpha)
    return weighted_support({s.id: s.stance for s in amap.stakeholders if s.active}, rank)


def weighted_support(stances: Mapping[str, int], rank: Mapping[str, float]) -> float:
    """Support of stances already read, weighted by a rank already run.

    100 × Σ rank(s) × stance(s) / 2 / Σ rank(s) over the stakeholders of ``stances``
    (the active ones); 0 when their rank adds up to nothing.

    >>> weighted_support({"x": 2, "y": -1}, {"x": 0.25, "y": 0.75})  # (0.5 − 0.75) / 2
    -12.5
    """
    total = sum(rank.get(sid, 0.0) for sid in stances)
    if total <= 0:
        return 0.0
    return 100.0 * sum(rank.get(sid, 0.0) * stance for sid, stance in stances.items()) \
        / 2 / total
