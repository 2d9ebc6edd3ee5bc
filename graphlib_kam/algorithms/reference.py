"""The analysis context with every answer computed by networkx: the reference the array
kernel is held to.

:class:`NetworkxContext` answers what :class:`~graphlib_kam.algorithms.context.AnalysisContext`
takes from :mod:`graphlib_kam.algorithms.arrays` (influence rank, approach routes, paths to
decision-makers, influencers, unaddressed opposers) from the networkx influence graph
instead, as the analysis did before the kernel. ``tests/test_kernel.py`` checks that both
give the same analysis; ``benchmarks/bench_kernel.py`` times it as "analyze on networkx".
"""

from __future__ import annotations

from functools import cached_property

import networkx as nx

from graphlib_kam.algorithms.context import AnalysisContext
from graphlib_kam.algorithms.coverage import best_approach_routes
from graphlib_kam.algorithms.influence import influence_rank
from graphlib_kam.algorithms.paths import path_strength

__all__ = ["NetworkxContext"]


class NetworkxContext(AnalysisContext):
    """The context as it was before the kernel: every answer computed with networkx."""

    @cached_property
    def rank(self):
        return influence_rank(self.G, alpha=self.settings.alpha)

    @cached_property
    def routes(self):
        return best_approach_routes(self.amap, graph=self.G, settings=self.settings)

    @cached_property
    def to_decision_maker(self):
        targets = [s.id for s in self.decision_makers if s.id in self.G]
        if not targets:
            return {}
        _, paths = nx.multi_source_dijkstra(self.G.reverse(copy=False), targets, weight="cost")
        return {node: tuple(reversed(path)) for node, path in paths.items()}

    def dm_path(self, sid):
        nodes = self.to_decision_maker.get(sid)
        return None if nodes is None else (nodes, path_strength(self.G, nodes))

    def influencers(self, sid):
        return {other: d["strength"] for other, d in self.G.pred[sid].items()}

    def unaddressed(self, sid):
        person = self.people[sid]
        return (person.active and person.is_opposer and not self.covered(sid)
                and not any(self.covered(p) for p in self.G.pred[sid]))
