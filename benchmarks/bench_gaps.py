"""Benchmark: the blind-spot analysis (gaps + plan) against the bare influence work under it.

For synthetic accounts of 40, 200 and 2,000 stakeholders (``generate_account``, fixed
seed) this times, from the account map,

* **gaps + plan**: :func:`graphlib_kam.algorithms.analyze` — influence graph and rank,
  coverage of every stakeholder, coverage score, every gap with its message and action,
  the penetration plan and the interest matrix — and the messages rendered in English,
  as ``kam gaps`` and ``kam plan`` print them;
* **the two public calls**: :func:`coverage_gaps` then :func:`penetration_plan`, each on
  its own (each builds the graph and the rank again);
* **baseline**: the influence graph, :func:`influence_rank`, and one
  :func:`approach_routes` per active decision-maker — the least any gap analysis must do;

and prints a Markdown table of medians and the ratio to the baseline, with the targets
(40 stakeholders ≤ 20 ms, 200 ≤ 200 ms). Run with ``make bench`` or
``python benchmarks/bench_gaps.py [--sizes 40 200]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys

from timing import median_ms

from graphlib_kam.algorithms import (
    analyze,
    approach_routes,
    coverage_gaps,
    influence_rank,
    penetration_plan,
)
from graphlib_kam.algorithms.graph import influence_graph
from graphlib_kam.model.synthetic import generate_account
from graphlib_kam.settings import Settings

REPEATS = {40: 51, 200: 15, 2000: 5}
TARGETS_MS = {40: 20.0, 200: 200.0}
SEED = 7
SETTINGS = Settings(as_of=dt.date(2026, 11, 28))


def gaps_and_plan(amap) -> None:
    result = analyze(amap, settings=SETTINGS)
    for gap in result.gaps:
        gap.to_dict("en")
    result.plan.to_dict("en")


def separate_calls(amap) -> None:
    coverage_gaps(amap, settings=SETTINGS)
    penetration_plan(amap, settings=SETTINGS)


def baseline(amap) -> None:
    G = influence_graph(amap)
    influence_rank(G)
    for person in amap.stakeholders:
        if person.active and person.role == "decision-maker":
            approach_routes(amap, person.id, graph=G)



def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=sorted(REPEATS))
    args = parser.parse_args(argv)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print("Gaps and plan (analyze: rank, coverage, score, gaps with en messages, "
          "penetration plan, matrix); median wall time (CPU time in brackets), synthetic "
          f"accounts, seed {SEED}, load average {load:.1f} on {os.cpu_count()} cores\n")
    print("| stakeholders | gaps | plan steps | gaps + plan (ms) | coverage_gaps + "
          "penetration_plan (ms) | baseline: rank + routes to DMs (ms) | ours / baseline "
          "| target |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for size in args.sizes:
        amap = generate_account(size, seed=SEED)
        repeats = REPEATS.get(size, 5)
        result = analyze(amap, settings=SETTINGS)
        ours, ours_cpu = median_ms(lambda: gaps_and_plan(amap),  # noqa: B023
                                   repeats, warmup=True)
        separate, separate_cpu = median_ms(lambda: separate_calls(amap),  # noqa: B023
                                           repeats, warmup=True)
        base, base_cpu = median_ms(lambda: baseline(amap), repeats, warmup=True)  # noqa: B023
        target = TARGETS_MS.get(size)
        verdict = ("—" if target is None
                   else f"≤ {target:.0f} ms {'met' if ours <= target else 'MISSED'}")
        print(f"| {size:,} | {len(result.gaps)} | {len(result.plan.steps)} "
              f"| {ours:,.1f} ({ours_cpu:,.1f}) | {separate:,.1f} ({separate_cpu:,.1f}) "
              f"| {base:,.1f} ({base_cpu:,.1f}) | {ours / base:.2f} | {verdict} |",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
