"""Benchmark: the per-account analysis on the array kernel against bare networkx and igraph.

For synthetic accounts of 40, 200 and 2,000 stakeholders (``generate_account``, fixed
seed) this times, interleaved round by round so that the load of the shared machine falls
on every row alike,

* **analyze**: :func:`graphlib_kam.algorithms.analyze` from the account map — kernel,
  influence rank, coverage, score, support, best approach routes; what a caller that
  wants the rank or the score pays (the words are built on first read);
* **analyze, all read**: the same, then the ranking, every gap, the plan (messages built,
  not rendered) and the interest matrix read — paths to decision-makers included;
* **analyze on networkx**: the same analysis with the networkx answers the kernel
  replaced (``graphlib_kam.algorithms.reference.NetworkxContext``: influence graph,
  ``influence_rank``, ``best_approach_routes`` on the graph, ``multi_source_dijkstra``)
  — what ``analyze`` did before the kernel, on today's gap and plan code;
* **bare networkx kernels**: on a ready influence graph, only the graph algorithms the
  analysis needs, as plain networkx calls — ``pagerank`` of the reversed graph (built in
  the call), one ``multi_source_dijkstra`` from the covered stakeholders and one on the
  reversed graph from the decision-makers — with no tie rule, no coverage and no words;
* **brokers**: weighted subset betweenness to the decision-makers — ours (the compiled
  kernel on a ready kernel), networkx's ``betweenness_centrality_subset`` (at 40 and 200),
  and igraph's ``Graph.betweenness(sources=, targets=, weights=)`` on a ready igraph
  graph when python-igraph is installed (it is GPL and never a dependency);

and prints Markdown tables of medians (wall time; CPU time in brackets) with the ratios
of CPU times to the baselines measured in the same run (brokers: wall). Run with
``python benchmarks/bench_kernel.py [--sizes 40 200 2000] [--rounds N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time

import networkx as nx

from graphlib_kam.algorithms import analyze
from graphlib_kam.algorithms.arrays import COMPILED, betweenness_subset, influence_arrays
from graphlib_kam.algorithms.gaps import gaps_in_context
from graphlib_kam.algorithms.graph import influence_graph
from graphlib_kam.algorithms.matrix import interest_matrix
from graphlib_kam.algorithms.plan import plan_in_context
from graphlib_kam.algorithms.reference import NetworkxContext
from graphlib_kam.model.synthetic import generate_account
from graphlib_kam.settings import Settings

try:
    import igraph
except ImportError:  # optional, GPL: measured when present
    igraph = None

ROUNDS = {40: 41, 200: 15, 2000: 5}
SEED = 7
SETTINGS = Settings(as_of=dt.date(2026, 11, 28))
TARGETS = {40: 0.6, 2000: 1.0}
"""analyze / bare networkx kernels (issue #16)."""
BROKER_TARGET = 2.0
"""brokers / igraph (issue #16)."""


def analyze_all_read(amap) -> None:
    """analyze, then every part it builds on first read."""
    analysis = analyze(amap, settings=SETTINGS)
    analysis.ranking, analysis.gaps, analysis.plan, analysis.matrix  # noqa: B018


def analyze_on_networkx(amap) -> None:
    ctx = NetworkxContext(amap, SETTINGS)
    ctx.G  # noqa: B018 - built first, as analyze built it
    gaps_in_context(ctx)
    plan_in_context(ctx)
    interest_matrix(amap)


def bare_kernels(amap, G) -> None:
    """The graph algorithms under the analysis, as bare networkx calls on a ready graph."""
    R = nx.DiGraph()
    R.add_nodes_from(G)
    R.add_weighted_edges_from((v, u, d["strength"]) for u, v, d in G.edges(data=True))
    deciders = [n for n, d in G.nodes(data=True) if d["role"] == "decision-maker"]
    personalization = {n: G.nodes[n]["power"] for n in deciders} or None
    nx.pagerank(R, alpha=0.85, personalization=personalization, weight="weight")
    entries = {c.stakeholder for c in amap.coverage if c.stakeholder in G}
    if entries:
        nx.multi_source_dijkstra(G, entries, weight="cost")
    if deciders:
        nx.multi_source_dijkstra(G.reverse(copy=False), deciders, weight="cost")


def interleaved(calls: dict, rounds: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU milliseconds of each call, the calls taking turns each round."""
    for fn in calls.values():
        fn()  # warm-up: imports and caches are not what we measure
    wall: dict[str, list[float]] = {name: [] for name in calls}
    cpu: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(rounds):
        for name, fn in calls.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            wall[name].append((time.perf_counter() - start) * 1000)
            cpu[name].append((time.process_time() - start_cpu) * 1000)
    return {name: (statistics.median(wall[name]), statistics.median(cpu[name]))
            for name in calls}


def _ms(pair: tuple[float, float]) -> str:
    return f"{pair[0]:,.2f} ({pair[1]:,.2f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=sorted(ROUNDS))
    parser.add_argument("--rounds", type=int, default=None,
                        help="rounds per size (default: 41, 15, 5 for 40, 200, 2,000)")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Array kernel (issue #16); median wall time in ms (CPU in brackets), synthetic "
          f"accounts, seed {SEED}, load average {load:.1f} on {os.cpu_count()} cores; "
          f"compiled kernel: {'yes' if COMPILED else 'no'}; "
          f"igraph: {igraph.__version__ if igraph else 'not installed'}\n")
    analyses, brokers_rows = [], []
    for size in args.sizes:
        amap = generate_account(size, seed=SEED)
        G = influence_graph(amap)
        kernel = influence_arrays(amap)
        deciders = list(kernel.decision_makers)
        targets = deciders or list(kernel.ids)
        rounds = args.rounds or ROUNDS.get(size, 5)
        calls = {
            "analyze": lambda: analyze(amap, settings=SETTINGS),  # noqa: B023
            "all": lambda: analyze_all_read(amap),  # noqa: B023
            "networkx": lambda: analyze_on_networkx(amap),  # noqa: B023
            "bare": lambda: bare_kernels(amap, G),  # noqa: B023
        }
        found = interleaved(calls, rounds)
        ratio = found["analyze"][1] / found["bare"][1]
        target = TARGETS.get(size)
        verdict = ("—" if target is None
                   else f"≤ {target:g} {'met' if ratio <= target else 'missed'}")
        analyses.append(
            f"| {size:,} | {G.number_of_edges():,} | {_ms(found['analyze'])} "
            f"| {_ms(found['all'])} | {_ms(found['networkx'])} | {_ms(found['bare'])} "
            f"| {found['all'][1] / found['networkx'][1]:.2f} | {ratio:.2f} "
            f"| {found['all'][1] / found['bare'][1]:.2f} | {verdict} |")
        calls = {}
        if COMPILED:
            calls["ours"] = lambda: betweenness_subset(kernel, targets)  # noqa: B023
        if size <= 200:
            calls["networkx"] = lambda: nx.betweenness_centrality_subset(  # noqa: B023
                G, sources=list(G), targets=targets, weight="cost",  # noqa: B023
                normalized=False)
        if igraph is not None:
            ig = igraph.Graph(n=len(kernel.ids), directed=True)
            index = kernel.index
            ig.add_edges([(index[u], index[v]) for u in kernel.ids for v in kernel.succ[u]])
            costs = [c for u in kernel.ids for _, c in kernel.succ[u].values()]
            ig_targets = [index[t] for t in targets]
            calls["igraph"] = lambda: ig.betweenness(  # noqa: B023
                weights=costs, sources=None, targets=ig_targets)  # noqa: B023
        found = interleaved(calls, max(3, rounds // 2) if size >= 2000 else rounds)
        cells = [_ms(found[name]) if name in found else "—"
                 for name in ("ours", "networkx", "igraph")]
        if "ours" in found and "igraph" in found:
            to_igraph = found["ours"][0] / found["igraph"][0]
            versus = (f"{to_igraph:.2f} (≤ {BROKER_TARGET:g} "
                      f"{'met' if to_igraph <= BROKER_TARGET else 'missed'})")
        else:
            versus = "—"
        brokers_rows.append(f"| {size:,} | {len(targets)} | {' | '.join(cells)} | {versus} |")
        print(f"... {size:,} done", file=sys.stderr, flush=True)
    print("| stakeholders | edges | analyze | analyze, all read | analyze on networkx "
          "| bare networkx kernels | all read / networkx | analyze / bare "
          "| all read / bare | target (analyze / bare) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    print("\n".join(analyses))
    print("\n| stakeholders | decision-makers | brokers: ours (compiled) | networkx "
          "| igraph | ours / igraph |")
    print("| ---: | ---: | ---: | ---: | ---: | --- |")
    print("\n".join(brokers_rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
