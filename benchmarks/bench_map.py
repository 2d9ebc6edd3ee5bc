"""Benchmark: the server's time to open the explorer's map on a big account.

For synthetic accounts of 200 and 600 stakeholders (``generate_account``, seed 7) this
times what the explorer's first run does before the map reaches the browser:

* **parse + analysis**: ``loads_map`` and ``explorer.session.analyse`` (ranks, routes,
  gaps, plan, brokers; cached afterwards, so only the first open pays it);
* **map, focused**: ``explorer.mapview.map_component_view`` with the default width (the
  decision-makers and one step around them): the graph data, coverage rings, badges,
  labels, legend and the version hash the component receives;
* **map, everyone**: the same with every person (the 500 most influential drawn);

and prints a Markdown table of medians (wall and CPU), nodes drawn and payload size. The
issue's budget is 3 s of server time for 600 people. Run with ``make bench`` or
``python benchmarks/bench_map.py [--sizes 200 600] [--repeats N]``.
"""

from __future__ import annotations

import argparse
import json
import sys

from timing import median_ms

from graphlib_kam.explorer.mapview import DEFAULT_STEPS, map_component_view
from graphlib_kam.explorer.session import analyse
from graphlib_kam.model.synthetic import generate_account
from graphlib_kam.settings import Settings
from graphlib_kam.store import dumps_map, loads_map

SEED = 7
BUDGET_MS = 3000.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 600])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    print("| stakeholders | parse + analysis (ms, wall / CPU) | map focused (wall / CPU) "
          "| nodes | map everyone (wall / CPU) | nodes | payload everyone (kB) "
          "| first open total (wall ms) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    over = False
    for size in args.sizes:
        text = dumps_map(generate_account(size, seed=SEED))
        settings = Settings()

        def first_open(text=text, settings=settings):
            return analyse(loads_map(text), settings)

        analysis = first_open()  # warm the imports, as a running explorer has them
        open_wall, open_cpu = median_ms(first_open, args.repeats)
        focused, focused_cpu = median_ms(lambda a=analysis: map_component_view(
            a, lang="en", steps=DEFAULT_STEPS), args.repeats)
        everyone, everyone_cpu = median_ms(lambda a=analysis: map_component_view(a, lang="en"),
                                           args.repeats)
        _, near = map_component_view(analysis, lang="en", steps=DEFAULT_STEPS)
        _, full = map_component_view(analysis, lang="en")
        total = open_wall + max(focused, everyone)
        print(f"| {size:,} | {open_wall:.0f} / {open_cpu:.0f} | {focused:.0f} / "
              f"{focused_cpu:.0f} | {len(near['view']['data']['nodes'])} | {everyone:.0f} / "
              f"{everyone_cpu:.0f} "
              f"| {len(full['view']['data']['nodes'])} "
              f"| {len(json.dumps(full).encode()) / 1024:,.0f} | {total:.0f} |")
        if size >= 600 and total > BUDGET_MS:
            over = True
            print(f"over budget: {size} stakeholders took {total:.0f} ms "
                  f"(budget {BUDGET_MS:.0f})", file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
