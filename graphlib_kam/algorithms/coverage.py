"""Who we really cover: link quality, coverage per stakeholder, the coverage score.

* :func:`link_quality` / :func:`coverage_status` / :func:`is_covered` — a coverage link
  is *weak* below ``settings.covered_min`` and *stale* when its last contact is missing or
  more than ``settings.stale_days`` before ``as_of``; a stakeholder is covered by a link
  that is neither;
* :func:`coverage_score` — 0..100, the influence-weighted quality of our coverage;
* :func:`best_approach_routes` — the best approach route to every stakeholder, in one
  search;

The gaps built on these are in :mod:`graphlib_kam.algorithms.gaps`.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import networkx as nx

from graphlib_kam.algorithms.graph import influence_graph
from graphlib_kam.algorithms.influence import influence_rank
from graphlib_kam.algorithms.matrix import TalkingPoints
from graphlib_kam.algorithms.paths import COST_DIGITS, ApproachRoute, path_strength
from graphlib_kam.errors import NotFoundError
from graphlib_kam.model import AccountMap, CoverageLink, Stakeholder
from graphlib_kam.settings import DEFAULT_SETTINGS, Settings
from graphlib_kam.text import Msg

__all__ = [
    "LinkQuality",
    "StakeholderCoverage",
    "best_approach_routes",
    "coverage_score",
    "coverage_status",
    "is_covered",
    "link_quality",
]

EPSILON = 1e-9
"""Tolerance of threshold comparisons (products of strengths carry rounding noise)."""

_LIST_LIMIT = 3


def _at_least(value: float, level: float) -> bool:
    return value >= level - EPSILON


def _cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _flat(title: str) -> str:
    """A title without brackets, to sit inside brackets: "VP (IT)" → "VP, IT"."""
    text = title.replace("（", " (").replace("）", ")")
    parts = [p.strip(" ,;") for p in text.replace(")", "(").split("(")]
    return ", ".join(p for p in parts if p)


def _fmt(value: float) -> str:
    """A strength for people: two decimals, or two significant digits below 0.01."""
    return f"{value:.2f}" if value >= 0.005 or value == 0 else f"{value:.2g}"


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


def _strongest_to_any(G: nx.DiGraph, targets: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """For every node that can reach one of ``targets``, its strongest path to one."""
    targets = [t for t in targets if t in G]
    if not targets:
        return {}
    _, paths = nx.multi_source_dijkstra(G.reverse(copy=False), targets, weight="cost")
    return {node: tuple(reversed(path)) for node, path in paths.items()}


# --- the analysis context -------------------------------------------------------------------


class _Context:
    """What every gap rule needs, computed once: graph, rank, coverage, routes."""

    def __init__(self, amap: AccountMap, settings: Settings,
                 graph: nx.DiGraph | None = None, rank: dict[str, float] | None = None):
        self.amap = amap
        self.settings = settings
        self.G = influence_graph(amap, settings=settings.influence) if graph is None else graph
        self.rank = influence_rank(self.G, alpha=settings.alpha) if rank is None else rank
        self.people = amap.stakeholders_by_id()
        self.members = amap.team_by_id()
        self.status = coverage_status(amap, settings=settings)
        self.active = [s for s in amap.stakeholders if s.active]
        self.decision_makers = [s for s in self.active if s.role == "decision-maker"]

    @cached_property
    def routes(self) -> dict[str, ApproachRoute]:
        return best_approach_routes(self.amap, graph=self.G)

    @cached_property
    def to_decision_maker(self) -> dict[str, tuple[str, ...]]:
        return _strongest_to_any(self.G, (s.id for s in self.decision_makers))

    @cached_property
    def by_rank(self) -> list[Stakeholder]:
        """Active stakeholders, most influential first (ties by id)."""
        return sorted(self.active, key=lambda s: (-self.rank.get(s.id, 0.0), s.id))

    def influence(self, sid: str) -> float:
        return self.rank.get(sid, 0.0)

    def covered(self, sid: str) -> bool:
        return self.status[sid].covered

    def dm_path(self, sid: str) -> tuple[tuple[str, ...], float] | None:
        nodes = self.to_decision_maker.get(sid)
        if nodes is None:
            return None
        return nodes, path_strength(self.G, nodes)

    # names, as values for messages

    def name(self, sid: str) -> str:
        person = self.people.get(sid)
        return person.label if person else sid

    def who(self, sid: str) -> Msg:
        person = self.people[sid]
        if not person.title:
            return Msg("who.plain", name=person.label)
        # Chinese puts a Chinese title first (行长刘振华), a Latin one after the name.
        key = "who.titled" if any(_cjk(ch) for ch in person.title) else "who.titled_latin"
        space = " " if person.title[-1].isascii() else ""
        return Msg(key, name=person.label, title=person.title, space=space,
                   flat_title=_flat(person.title))

    def member_name(self, mid: str) -> str:
        member = self.members.get(mid)
        return (member.name or member.id) if member else mid

    def names(self, ids: Iterable[str], *, limit: int = _LIST_LIMIT) -> list[Any]:
        ids = list(ids)
        shown: list[Any] = [self.name(i) for i in ids[:limit]]
        if len(ids) > limit:
            shown.append(Msg("text.more", n=len(ids) - limit))
        return shown

    def points(self, sid: str, *, limit: int | None = _LIST_LIMIT) -> TalkingPoints:
        person = self.people[sid]
        return TalkingPoints(tuple(person.interests), person.level, limit=limit)

    def route_msg(self, route: ApproachRoute) -> Msg:
        """"ask X (covered by M) to introduce you to T", with the route's strength."""
        member, target = self.member_name(route.member), self.name(route.target)
        if route.entry == route.target:
            how = Msg("route.direct", member=member, target=target)
        elif len(route.nodes) == 2:
            how = Msg("route.intro", entry=self.name(route.entry), member=member, target=target)
        else:
            how = Msg("route.intro_via", entry=self.name(route.entry), member=member,
                      target=target, middle=[self.name(n) for n in route.nodes[1:-1]])
        return Msg("route.with_strength", route=how, strength=_fmt(route.strength))

    def chain(self, route: ApproachRoute) -> str:
        return " → ".join([self.member_name(route.member)] + [self.name(n) for n in route.nodes])


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
    return _score(_Context(amap, settings, graph, rank))


def _score(ctx: _Context) -> float:
    total = sum(ctx.influence(s.id) for s in ctx.active)
    if total <= 0:
        return 0.0
    covered = sum(ctx.influence(s.id) * ctx.status[s.id].quality for s in ctx.active)
    return min(100.0, max(0.0, 100.0 * covered / total))
