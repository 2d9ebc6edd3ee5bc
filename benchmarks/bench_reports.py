"""Benchmark: influence reports and exports of a 200-stakeholder account, in every format.

For a synthetic account (``generate_account(200, seed=7)``, Chinese names so the PDF
embeds CJK glyphs) this times, from the map to the finished bytes,

* **report data**: :func:`graphlib_kam.present.report.report_data` — the whole analysis (rank,
  brokers, hidden power, coverage, gaps, plan, matrix, resilience) and the graph views;
* **each report format** (HTML, PDF, Markdown, XLSX): report data *and* rendering, as
  ``kam report`` does it (the PDF's first run also loads the CJK font, once per process;
  that warm-up is timed separately);
* **each export** (GraphML, GEXF, node-link JSON, Cypher, CSV);

and prints a Markdown table of medians against the target (each report ≤ 3 s). Run with
``make bench`` or ``python benchmarks/bench_reports.py [--size 200] [--lang zh]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time

from graphlib_kam.model.synthetic import generate_account
from graphlib_kam.present.export import csv_tables, to_gexf, to_graphml, to_node_link
from graphlib_kam.present.report import render_report, report_data
from graphlib_kam.present.report.pdf import cjk_font
from graphlib_kam.settings import Settings
from graphlib_kam.store.cypher import cypher_script

SETTINGS = Settings(as_of=dt.date(2026, 11, 28))
TARGET_S = 3.0
SEED = 7
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"


def account(size: int):
    amap = generate_account(size, seed=SEED)
    for i, person in enumerate(amap.stakeholders):
        person.name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)] + \
            GIVEN[(i * 3) % len(GIVEN)]
    return amap


def timed(fn, repeats: int) -> tuple[float, float, float]:
    """Median and worst wall time, and median CPU time of this process (the two cores are
    shared, so wall time also counts waiting for a core)."""
    walls, cpus = [], []
    for _ in range(repeats):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), max(walls), statistics.median(cpus)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--lang", choices=["en", "zh"], default="zh")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    amap = account(args.size)

    start = time.perf_counter()
    cjk_font()
    font_load = time.perf_counter() - start

    def data():
        return report_data(amap, settings=SETTINGS, lang=args.lang)

    rows = [("report data (analysis + graph views)", *timed(data, args.repeats))]
    for fmt in ("html", "pdf", "md", "xlsx"):
        rows.append((f"report .{fmt} (data + render)",
                     *timed(lambda fmt=fmt: render_report(data(), fmt), args.repeats)))
    exports = {"graphml": to_graphml, "gexf": to_gexf, "json": to_node_link,
               "cypher": cypher_script, "csv (4 tables)": csv_tables}
    for name, fn in exports.items():
        rows.append((f"export .{name}", *timed(lambda fn=fn: fn(amap), args.repeats)))

    print(f"Reports: {args.size} stakeholders, {len(amap.relationships)} relationships, "
          f"lang {args.lang}, median of {args.repeats} runs (CJK font load once per "
          f"process: {font_load:.2f} s)\n")
    print("| Reports: what | median (s) | max (s) | CPU median (s) | target |")
    print("| --- | ---: | ---: | ---: | --- |")
    failed = False
    for name, median, worst, cpu in rows:
        is_report = name.startswith("report .")
        ok = median <= TARGET_S
        failed |= is_report and not ok
        target = f"≤ {TARGET_S:.0f} s {'✓' if ok else '✗'}" if is_report else ""
        print(f"| {name} | {median:.3f} | {worst:.3f} | {cpu:.3f} | {target} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
