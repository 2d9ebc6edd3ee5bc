"""One map prepared for analysis: the influence graph, rank, coverage and routes, once.

Every rule of :mod:`~graphlib_kam.algorithms.gaps`, the penetration plan
(:mod:`~graphlib_kam.algorithms.plan`), the change impact
(:mod:`~graphlib_kam.algorithms.changes`) and :func:`~graphlib_kam.algorithms.analyze`
ask the same questions of a map: its influence graph, everyone's influence, who is
covered, the best approach route to each stakeholder. :class:`AnalysisContext` answers
each once, on first use, so a caller that runs several analyses of one map builds its
graph and runs PageRank a single time. It answers them on the array kernel
(:mod:`~graphlib_kam.algorithms.arrays`, :mod:`~graphlib_kam.algorithms.route_kernel`),
which gives networkx's answers bit for bit without building a networkx graph; the graph
itself (``G``) is built only when a caller asks for it.

* :class:`AnalysisContext` — the shared per-map context;
* :func:`at_least` — threshold comparison with the tolerance :data:`EPSILON`;
* :func:`format_strength` — a strength as people read it in messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property
from typing import Any

import networkx as nx

from graphlib_kam.algorithms.arrays import (
    InfluenceArrays,
    arrays_from_graph,
    influence_arrays,
    pagerank,
    strongest_to_any,
)
from graphlib_kam.algorithms.coverage import (
    StakeholderCoverage,
    coverage_status,
    weighted_coverage_score,
    weighted_support,
)
from graphlib_kam.algorithms.graph import influence_graph
from graphlib_kam.algorithms.matrix import TalkingPoints
from graphlib_kam.algorithms.paths import ApproachRoute
from graphlib_kam.algorithms.quality import LinkQuality, link_qualities
from graphlib_kam.algorithms.route_kernel import best_routes, kernel_path_strength
from graphlib_kam.model import AccountMap, Relationship, Stakeholder
from graphlib_kam.settings import DEFAULT_SETTINGS, Settings
from graphlib_kam.text import Msg

__all__ = ["EPSILON", "LIST_LIMIT", "AnalysisContext", "at_least", "format_strength"]

EPSILON = 1e-9
"""Tolerance of threshold comparisons (products of strengths carry rounding noise)."""

LIST_LIMIT = 3
"""How many names a message lists before it says "and n more"."""


def at_least(value: float, level: float) -> bool:
    """Whether ``value`` reaches ``level``, within :data:`EPSILON`.

    Examples
    --------
    >>> 0.7 * 0.1 >= 0.07, at_least(0.7 * 0.1, 0.07)
    (False, True)
    """
    return value >= level - EPSILON


def format_strength(value: float) -> str:
    """A strength for people: two decimals, or two significant digits below 0.01.

    Examples
    --------
    >>> format_strength(0.5), format_strength(0.0042), format_strength(0)
    ('0.50', '0.0042', '0.00')
    """
    return f"{value:.2f}" if value >= 0.005 or value == 0 else f"{value:.2g}"


_CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


def _flat(title: str) -> str:
    """A title without brackets, to sit inside brackets: "VP (IT)" → "VP, IT"."""
    text = title.replace("（", " (").replace("）", ")")
    parts = [p.strip(" ,;") for p in text.replace(")", "(").split("(")]
    return ", ".join(p for p in parts if p)


class AnalysisContext:
    """One map with what its analyses share, each part computed once on first use.

    The influence graph's array kernel is built when the context is made; the rank, the
    coverage of every stakeholder, the best approach routes and the networkx graph when
    first read. The map and the settings must not change while the context is in use.

    Parameters
    ----------
    amap : AccountMap
    settings : Settings, optional
        Thresholds, ``as_of`` (today when unset), ``alpha`` and the implied influence
        strengths.
    graph : networkx.DiGraph, optional, keyword-only
        The map's influence graph, when the caller already has it.
    rank : dict, optional, keyword-only
        ``{stakeholder id: influence score}``, when the caller already has it.

    Attributes
    ----------
    amap : AccountMap
    settings : Settings
    kernel : InfluenceArrays
        The influence graph as arrays (:func:`~graphlib_kam.algorithms.arrays.influence_arrays`),
        what the analyses run on.
    G : networkx.DiGraph
        The influence graph (:func:`~graphlib_kam.algorithms.graph.influence_graph`), built
        on first use.
    people : dict
        ``{stakeholder id: Stakeholder}``, people who left included.
    members : dict
        ``{team member id: TeamMember}``.
    active : list of Stakeholder
        The stakeholders still at the account, in map order.
    decision_makers : list of Stakeholder
        The active decision-makers, in map order.

    Examples
    --------
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "team": [{"id": "t-li", "name": "Li Na"}],
    ...     "stakeholders": [{"id": "s-cto", "name": "张伟"},
    ...                      {"id": "s-ceo", "name": "王建国", "role": "decision-maker"}],
    ...     "relationships": [{"source": "s-cto", "target": "s-ceo", "strength": 0.8}],
    ...     "coverage": [{"member": "t-li", "stakeholder": "s-cto", "strength": 0.7}]})
    >>> ctx = AnalysisContext(m)
    >>> [s.id for s in ctx.by_rank], ctx.covered("s-cto"), ctx.chain(ctx.routes["s-ceo"])
    (['s-ceo', 's-cto'], False, 'Li Na → 张伟 → 王建国')
    """

    def __init__(
        self,
        amap: AccountMap,
        settings: Settings = DEFAULT_SETTINGS,
        *,
        graph: nx.DiGraph | None = None,
        rank: dict[str, float] | None = None,
    ):
        self.amap = amap
        self.settings = settings
        if graph is None:
            self.kernel: InfluenceArrays = influence_arrays(amap, settings=settings.influence)
        else:
            self.G = graph
            self.kernel = arrays_from_graph(graph)
        if rank is not None:
            self.rank = rank
        self.people = amap.stakeholders_by_id()
        self.members = amap.team_by_id()
        self.active = [s for s in amap.stakeholders if s.active]
        self.decision_makers = [s for s in self.active if s.role == "decision-maker"]

    @cached_property
    def G(self) -> nx.DiGraph:
        """The influence graph as networkx holds it, built on first use."""
        return influence_graph(self.amap, settings=self.settings.influence)

    @cached_property
    def rank(self) -> dict[str, float]:
        """``{stakeholder id: influence score}``: :func:`~graphlib_kam.algorithms.influence.
        influence_rank` of ``G``, run on the kernel (:func:`~graphlib_kam.algorithms.arrays.
        pagerank`)."""
        return pagerank(self.kernel, alpha=self.settings.alpha)

    @cached_property
    def qualities(self) -> dict[tuple[str, str], LinkQuality]:
        """Every coverage link judged (:func:`~graphlib_kam.algorithms.quality.
        link_qualities`), shared by the coverage and the routes."""
        return link_qualities(self.amap, settings=self.settings)

    @cached_property
    def status(self) -> dict[str, StakeholderCoverage]:
        """The coverage of every stakeholder (:func:`coverage_status`)."""
        return coverage_status(self.amap, settings=self.settings, qualities=self.qualities)

    @cached_property
    def score(self) -> float:
        """The coverage score, 0..100 (:func:`weighted_coverage_score`)."""
        return weighted_coverage_score(self.status, self.rank)

    @cached_property
    def support(self) -> float:
        """Support, −100..100 (:func:`~graphlib_kam.algorithms.coverage.weighted_support`)."""
        return weighted_support({s.id: s.stance for s in self.active}, self.rank)

    @cached_property
    def routes(self) -> dict[str, ApproachRoute]:
        """The best approach route to everyone reached
        (:func:`~graphlib_kam.algorithms.coverage.best_approach_routes`, run on the kernel):
        link quality q × path strength, never through an opposer."""
        return best_routes(self.kernel, self.amap, settings=self.settings,
                           qualities=self.qualities)

    def reachable(self, sid: str) -> bool:
        """Whether ``sid``'s best approach route reaches ``settings.min_route``."""
        return sid in self._reachable

    @cached_property
    def _reachable(self) -> frozenset[str]:
        level = self.settings.min_route
        return frozenset(sid for sid, route in self.routes.items()
                         if at_least(route.strength, level))

    def unaddressed(self, sid: str) -> bool:
        """An opposer not covered, none of whose direct influencers is covered."""
        person = self.people[sid]
        return (person.active and person.is_opposer and not self.covered(sid)
                and not any(self.covered(p) for p in self.kernel.pred[sid]))

    def champion(self, sid: str) -> bool:
        """Whether ``sid`` is tagged as a champion (``settings.champion_tag``)."""
        return self.settings.champion_tag in self.people[sid].tags

    def step_msg(self, sid: str) -> Msg:
        """What to do to reach ``sid`` by their best route, in one sentence.

        The plan step to ``sid`` and the action of every gap about ``sid`` are this
        sentence, word for word: an opposer's concerns are addressed, anyone else is
        approached with their talking points. Only for someone :meth:`reachable`.
        """
        said = self._steps.get(sid)
        if said is None:
            route = self.routes[sid]
            if self.people[sid].is_opposer:
                said = Msg("gap.unaddressed-opposer.action", target=self.name(sid),
                           concerns=self.points(sid), route=self.route_msg(route))
            else:
                said = Msg("action.approach", route=self.route_msg(route),
                           points=self.points(sid))
            self._steps[sid] = said  # a Msg is frozen: the plan and the gaps share it
        return said

    @cached_property
    def _steps(self) -> dict[str, Msg]:
        return {}

    @cached_property
    def to_decision_maker(self) -> dict[str, tuple[str, ...]]:
        """For everyone who can reach a decision-maker, their strongest path to one."""
        return strongest_to_any(self.kernel, (s.id for s in self.decision_makers))

    @cached_property
    def by_rank(self) -> list[Stakeholder]:
        """Active stakeholders, most influential first (ties by id)."""
        return sorted(self.active, key=lambda s: (-self.rank.get(s.id, 0.0), s.id))

    def influence(self, sid: str) -> float:
        """The influence score of ``sid``, 0 for someone outside the graph."""
        return self.rank.get(sid, 0.0)

    def covered(self, sid: str) -> bool:
        """Whether ``sid`` is covered (active, with a link neither weak nor stale)."""
        return sid in self._covered

    @cached_property
    def _covered(self) -> frozenset[str]:
        return frozenset(sid for sid, found in self.status.items() if found.covered)

    @cached_property
    def relationships_of(self) -> dict[str, list[Relationship]]:
        """``{stakeholder id: the map's relationships that name them}``, in map order."""
        found: dict[str, list[Relationship]] = {}
        for rel in self.amap.relationships:
            found.setdefault(rel.source, []).append(rel)
            if rel.target != rel.source:
                found.setdefault(rel.target, []).append(rel)
        return found

    def dm_path(self, sid: str) -> tuple[tuple[str, ...], float] | None:
        """The strongest path from ``sid`` to a decision-maker and its strength, or None."""
        nodes = self.to_decision_maker.get(sid)
        if nodes is None:
            return None
        return nodes, kernel_path_strength(self.kernel, nodes)

    def influencers(self, sid: str) -> dict[str, float]:
        """``{u: strength}`` for each edge u→``sid`` of the influence graph, in the order of
        ``G.pred[sid]``."""
        return {other: strength for other, (strength, _) in self.kernel.pred[sid].items()}

    def name(self, sid: str) -> str:
        """The stakeholder's display name (the id for someone unknown)."""
        person = self.people.get(sid)
        return person.label if person else sid

    def who(self, sid: str) -> Msg:
        """The stakeholder's name with their title, in the order each language puts it."""
        person = self.people[sid]
        if not person.title:
            return Msg("who.plain", name=person.label)
        # Chinese puts a Chinese title first (行长 · 刘振华), a Latin one after the name.
        key = "who.titled" if _CJK.search(person.title) else "who.titled_latin"
        return Msg(key, name=person.label, title=person.title, flat_title=_flat(person.title))

    def member_name(self, mid: str) -> str:
        """The team member's display name (the id for someone unknown)."""
        member = self.members.get(mid)
        return (member.name or member.id) if member else mid

    def names(self, ids: Iterable[str], *, limit: int = LIST_LIMIT) -> list[Any]:
        """Up to ``limit`` stakeholder names, then "n more" for the rest."""
        ids = list(ids)
        shown: list[Any] = [self.name(i) for i in ids[:limit]]
        if len(ids) > limit:
            shown.append(Msg("text.more", n=len(ids) - limit))
        return shown

    def points(self, sid: str, *, limit: int | None = LIST_LIMIT) -> TalkingPoints:
        """What to talk about with ``sid``: their interests, else their level's concerns."""
        person = self.people[sid]
        return TalkingPoints(tuple(person.interests), person.level, limit=limit)

    def route_msg(self, route: ApproachRoute) -> Msg:
        """"ask X (covered by M) to introduce you to T", with the route's strength."""
        member, target = self.member_name(route.member), self.name(route.target)
        if route.entry == route.target:
            stale = any(q.stale for q in self.status[route.target].links
                        if q.member == route.member)
            how = Msg("route.renew" if stale else "route.direct", member=member, target=target)
        elif len(route.nodes) == 2:
            how = Msg("route.intro", entry=self.name(route.entry), member=member, target=target)
        else:
            how = Msg("route.intro_via", entry=self.name(route.entry), member=member,
                      target=target, middle=[self.name(n) for n in route.nodes[1:-1]])
        return Msg("route.with_strength", route=how, strength=format_strength(route.strength))

    def chain(self, route: ApproachRoute) -> str:
        """The route as a chain of names: "Li Na → 张伟 → 王建国"."""
        return " → ".join([self.member_name(route.member)] + [self.name(n) for n in route.nodes])
