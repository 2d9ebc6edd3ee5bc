"""Who we really cover: link quality, coverage per stakeholder, the coverage score.

* :func:`link_quality` / :func:`coverage_status` / :func:`is_covered` — a coverage link
  is *weak* below ``settings.covered_min`` and *stale* when its last contact is missing or
  more than ``settings.stale_days`` before ``as_of``; a stakeholder is covered by a link
  that is neither;
* :func:`coverage_score` — 0..100, the influence-weighted quality of our coverage
  (:func:`weighted_coverage_score` when the coverage and the rank are at hand);
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
from graphlib_kam.algorithms.paths import COST_DIGITS, ApproachRoute
from graphlib_kam.errors import NotFoundError
from graphlib_kam.model import AccountMap, CoverageLink
from graphlib_kam.settings import DEFAULT_SETTINGS, Settings

__all__ = [
    "LinkQuality",
    "StakeholderCoverage",
    "best_approach_routes",
    "coverage_score",
    "coverage_status",
    "is_covered",
    "link_quality",
    "weighted_coverage_score",
]


# --- coverage of one link, one stakeholder ------------------------------------------------


@dataclass(frozen=True)
class LinkQuality:
    """A coverage link judged on ``as_of``: its age, whether it is weak or stale.

    ``quality`` is the strength, halved when the link is stale (DESIGN's q).
    """

    member: str
    stakeholder: str
    strength: float
    last_contact: dt.date | None
    age_days: int | None
    weak: bool
    stale: bool

    @property
    def covering(self) -> bool:
        """Strong enough and recent enough to count as coverage."""
        return not self.weak and not self.stale

    @property
    def quality(self) -> float:
        return self.strength * (0.5 if self.stale else 1.0)

    def to_dict(self) -> dict:
        return {
            "member": self.member,
            "stakeholder": self.stakeholder,
            "strength": self.strength,
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
            "age_days": self.age_days,
            "weak": self.weak,
            "stale": self.stale,
            "covering": self.covering,
            "quality": self.quality,
        }


def link_quality(link: CoverageLink, *, settings: Settings = DEFAULT_SETTINGS) -> LinkQuality:
    """Judge one coverage link on ``settings.as_of`` (today when unset).

    A link is weak below ``settings.covered_min``. It is stale when it has no last contact
    or the last contact is more than ``settings.stale_days`` days before ``as_of``; a
    contact dated after ``as_of`` counts as recent.

    Examples
    --------
    >>> from graphlib_kam.model import CoverageLink
    >>> s = Settings(as_of=dt.date(2026, 11, 28))
    >>> q = link_quality(CoverageLink("t", "s", 0.8, dt.date(2026, 5, 14)), settings=s)
    >>> q.age_days, q.weak, q.stale, q.covering, q.quality
    (198, False, True, False, 0.4)
    >>> link_quality(CoverageLink("t", "s", 0.4, dt.date(2026, 11, 20)), settings=s).weak
    True
    """
    as_of = settings.today()
    age = None if link.last_contact is None else (as_of - link.last_contact).days
    return LinkQuality(
        member=link.member,
        stakeholder=link.stakeholder,
        strength=link.strength,
        last_contact=link.last_contact,
        age_days=age,
        weak=link.strength < settings.covered_min,
        stale=age is None or age > settings.stale_days,
    )


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
        return max((link.quality for link in self.links), default=0.0)

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


def coverage_status(
    amap: AccountMap, *, settings: Settings = DEFAULT_SETTINGS
) -> dict[str, StakeholderCoverage]:
    """The coverage of every stakeholder of the map (people who left included).

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
    for link in amap.coverage:
        links.setdefault(link.stakeholder, []).append(link_quality(link, settings=settings))
    return {
        sid: StakeholderCoverage(sid, tuple(sorted(
            found, key=lambda q: (-q.strength, -(q.last_contact or dt.date.min).toordinal(),
                                  q.member))), active=sid in active)
        for sid, found in links.items()
    }


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
        link_quality(link, settings=settings).covering
        for link in amap.coverage if link.stakeholder == stakeholder)


# --- approach routes to everyone in one search ---------------------------------------------


def best_approach_routes(
    amap: AccountMap,
    *,
    graph: nx.DiGraph | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    exclude_members: Collection[str] = (),
) -> dict[str, ApproachRoute]:
    """The best approach route to every active stakeholder that some coverage link reaches.

    The same answer as ``approach_routes(amap, t)[0]`` for every target ``t``
    (strength, then fewer hops, then member id, then the node sequence), found by one
    label-setting search from all coverage links at once instead of one search per
    target.

    Parameters
    ----------
    amap : AccountMap
    graph : networkx.DiGraph, optional, keyword-only
        The map's influence graph, when the caller already has it.
    settings : Settings, keyword-only
        The implied influence strengths (used only when ``graph`` is not given).
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
    ...     "coverage": [{"member": "t-li", "stakeholder": "s-cto", "strength": 0.7}]})
    >>> routes = best_approach_routes(m)
    >>> routes["s-ceo"].nodes, round(routes["s-ceo"].strength, 2), "s-cfo" in routes
    (('s-cto', 's-ceo'), 0.56, False)
    """
    G = influence_graph(amap, settings=settings.influence) if graph is None else graph
    heap: list[tuple[tuple, float, float, float]] = []
    for link in amap.coverage:
        if link.member in exclude_members or link.stakeholder not in G:
            continue
        key = (-round(link.strength, COST_DIGITS), 0, link.member, (link.stakeholder,))
        heap.append((key, link.strength, link.strength, 1.0))
    heapq.heapify(heap)
    routes: dict[str, ApproachRoute] = {}
    successors = G._succ
    while heap:
        key, strength, coverage, path = heapq.heappop(heap)
        _, hops, member, nodes = key
        node = nodes[-1]
        if node in routes:
            continue
        routes[node] = ApproachRoute(member=member, entry=nodes[0], nodes=nodes,
                                     strength=strength, coverage=coverage,
                                     path_strength=path)
        for other, data in successors[node].items():
            if other in routes or other in nodes:
                continue
            new_strength = strength * data["strength"]
            heapq.heappush(heap, (
                (-round(new_strength, COST_DIGITS), hops + 1, member, (*nodes, other)),
                new_strength, coverage, path * data["strength"],
            ))
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
    of the stakeholder's link strengths, each halved when the link is stale (0 without a
    link). 0 for a map without active stakeholders.

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
    return min(100.0, max(0.0, 100.0 * covered / total))
