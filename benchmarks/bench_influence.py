"""Benchmark: the whole influence analysis against the bare networkx algorithms.

For synthetic accounts of 40, 200 and 2,000 stakeholders (``generate_account``, fixed
seeds) this times

* **ours**: :func:`graphlib_kam.algorithms.analysis.influence_analysis` — influence
  graph, influence rank, brokers, hidden power, every approach route to every
  decision-maker, resilience — from the account map;
* **bare networkx**: the same answers computed by calling networkx directly on the
  ready-made influence graph — ``pagerank`` on the reversed graph, weighted
  ``betweenness_centrality``, one ``single_source_dijkstra`` on the reversed graph per
  decision-maker for the routes, and for resilience one more per stakeholder on each best
  route (on a ``restricted_view`` without them) — with no tie rule and no names;

and prints a Markdown table of medians (wall and CPU time) and the ratio ours / bare. Run with
``make bench`` or ``python benchmarks/bench_influence.py [--sizes 40 200] [--backend B]``.
"""

from __future__ import annotations

import argparse
import sys

import networkx as nx
from timing import median_ms

from graphlib_kam.algorithms.analysis import influence_analysis
from graphlib_kam.algorithms.graph import influence_graph
from graphlib_kam.algorithms.influence import BROKER_BACKENDS
from graphlib_kam.model.synthetic import generate_account

REPEATS = {40: 41, 200: 11, 2000: 3}
SEED = 7


def bare_networkx(amap, G) -> dict:
    """The influence analysis as plain calls to networkx, on a ready graph."""
    R = nx.DiGraph()
    R.add_nodes_from(G)
    R.add_weighted_edges_from((v, u, d["strength"]) for u, v, d in G.edges(data=True))
    deciders = [n for n, d in G.nodes(data=True) if d["role"] == "decision-maker"]
    personalization = {n: G.nodes[n]["power"] for n in deciders} or None
    rank = nx.pagerank(R, alpha=0.85, personalization=personalization, weight="weight")
    between = nx.betweenness_centrality(G, weight="cost", normalized=True)
    links = [(c.member, c.stakeholder, c.strength) for c in amap.coverage]
    reverse = G.reverse(copy=False)

    def best(graph, target, *, member=None, gone=None):
        dist, paths = nx.single_source_dijkstra(graph, target, weight="cost")
        options = [(c * 2.718281828459045 ** -dist[s], m, paths[s]) for m, s, c in links
                   if s in dist and m != member and s != gone]
        return max(options, default=None, key=lambda o: o[0])

    routes, resilience = {}, {}
    for target in deciders:
        found = best(reverse, target)
        routes[target] = found
        if found is None:
            continue
        losses = [best(reverse, target, member=found[1])]
        for person in found[2][1:]:
            losses.append(best(nx.restricted_view(reverse, [person], []), target,
                               gone=person))
        resilience[target] = losses
    return {"rank": rank, "brokers": between, "routes": routes, "resilience": resilience}



def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=sorted(REPEATS))
    parser.add_argument("--backend", choices=BROKER_BACKENDS, nargs="+",
                        default=["auto", "networkx"],
                        help="betweenness kernels to time (default: auto networkx)")
    args = parser.parse_args(argv)
    print("Influence analysis (rank, brokers, hidden power, routes to every "
          "decision-maker, resilience); median wall time, "
          f"synthetic accounts, seed {SEED}\n")
    print("| stakeholders | edges | decision-makers | brokers kernel | ours (ms) "
          "| bare networkx (ms) | ours / bare | CPU ours / bare (ms) |")
    print("| ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |")
    for size in args.sizes:
        amap = generate_account(size, seed=SEED)
        G = influence_graph(amap)
        deciders = sum(1 for _, d in G.nodes(data=True) if d["role"] == "decision-maker")
        repeats = REPEATS.get(size, 5)
        bare, bare_cpu = median_ms(lambda: bare_networkx(amap, G), repeats)  # noqa: B023
        for backend in args.backend:
            ours, ours_cpu = median_ms(
                lambda: influence_analysis(amap, backend=backend), repeats)  # noqa: B023
            kernel = "scipy (default)" if backend == "auto" else backend
            print(f"| {size:,} | {G.number_of_edges():,} | {deciders} | {kernel} "
                  f"| {ours:,.1f} | {bare:,.1f} | {ours / bare:.2f} "
                  f"| {ours_cpu:,.1f} / {bare_cpu:,.1f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
