"""Benchmark: the explorer's graph HTML against pyvis's own page for the same graph.

For synthetic accounts of 40, 500 and 2,000 stakeholders (``generate_account``, fixed
seed; the 2,000 are cut to the 500 most influential, as the explorer shows them) this
times

* **ours**: :func:`graphlib_kam.present.viz.graph_html` — the analysed map to plain graph
  data (colours, tooltips, legend, coverage, truncation) and then to a self-contained page
  with vis-network inlined (the analysis itself is run once beforehand, as the explorer
  caches it);
* **pyvis**: the same nodes and edges (ids, labels, colours, widths, text titles) added to
  a ``pyvis.network.Network(cdn_resources="in_line")`` and its ``generate_html()`` — the
  page pyvis itself would write, which still loads bootstrap from a CDN;

and prints a Markdown table of medians, the ratio ours / pyvis and the page sizes. The
issue's budget is 1 s for 500 nodes. Run with ``make bench`` or
``python benchmarks/bench_viz.py [--sizes 40 500]``.
"""

from __future__ import annotations

import argparse
import sys
import warnings

from pyvis.network import Network
from timing import median_ms

from graphlib_kam.algorithms import analyze
from graphlib_kam.model.synthetic import generate_account
from graphlib_kam.present.viz import build_graph_data, graph_html

REPEATS = {40: 21, 500: 11, 2000: 5}
SEED = 7
BUDGET_MS = {500: 1000.0}


def pyvis_page(view) -> str:
    """pyvis's page for the nodes and edges of ``view``."""
    net = Network(height="640px", width="100%", directed=True, cdn_resources="in_line")
    for node in view.nodes:
        net.add_node(node["id"], label=node["label"], color=node["color"]["background"],
                     shape=node["shape"], size=node["size"], title="\n".join(node["tip"]))
    for edge in view.edges:
        net.add_edge(edge["from"], edge["to"], width=edge["width"], dashes=edge["dashes"],
                     color=edge["color"]["color"], title="\n".join(edge["tip"]))
    return net.generate_html()



def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=sorted(REPEATS))
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    print("| stakeholders | nodes drawn | ours (median ms) | pyvis generate_html (median ms) "
          "| ours / pyvis | page size ours / pyvis (kB) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    over_budget = False
    for size in args.sizes:
        analysis = analyze(generate_account(size, seed=SEED))
        view = build_graph_data(analysis)
        repeats = REPEATS.get(size, 5)
        graph_html(analysis)  # warm the inlined library's cache, as a running explorer has it
        ours = median_ms(lambda analysis=analysis: graph_html(analysis), repeats)[0]
        theirs = median_ms(lambda view=view: pyvis_page(view), repeats)[0]
        ours_kb = len(graph_html(analysis).encode()) / 1024
        theirs_kb = len(pyvis_page(view).encode()) / 1024
        print(f"| {size:,} | {len(view.nodes):,} | {ours:.1f} | {theirs:.1f} "
              f"| {ours / theirs:.2f} | {ours_kb:,.0f} / {theirs_kb:,.0f} |")
        budget = BUDGET_MS.get(size)
        if budget is not None and ours > budget:
            over_budget = True
            print(f"over budget: {size} stakeholders took {ours:.0f} ms (budget {budget:.0f})",
                  file=sys.stderr)
    return 1 if over_budget else 0


if __name__ == "__main__":
    sys.exit(main())
