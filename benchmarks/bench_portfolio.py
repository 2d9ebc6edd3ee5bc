"""Benchmark: the portfolio of 10,000 file-store accounts of 40 stakeholders.

Writes synthetic accounts (``generate_account(40, seed=i)``) as map files into a
temporary folder, then times :func:`graphlib_kam.workflows.portfolio.portfolio_rows` on it — each
worker reads its maps and runs ``account_row``: the array kernel, the influence rank, the
coverage score and the gaps — with one worker per core, and on a slice with one process
for the baseline, and prints a Markdown table with the wall time and the CPU time of
every process (the workers included). Targets: 10,000 accounts in under 60 s on this
2-core machine, and issue #16's 15 s (at most 8× reading the files and ``json.loads``).

Then the loading and orchestration alone (``--loading``), each in a fresh process and in
turns: the floor (read each file, ``json.loads``), ``load_map`` of every file, and
``portfolio_rows`` with the per-account analysis replaced by a row of its id (reading,
checking and building the maps, the worker pool, chunks, progress, sorting), with
``--before DIR`` also from an older checkout (see ``bench_startup.py``).
Run with ``make bench`` or ``python benchmarks/bench_portfolio.py [--accounts N]
[--folder DIR] [--before DIR]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from graphlib_kam.model.synthetic import generate_account
from graphlib_kam.settings import Settings
from graphlib_kam.store import dumps_map
from graphlib_kam.workflows.portfolio import portfolio_rows

SETTINGS = Settings(as_of=dt.date(2026, 11, 28))
TARGET_SECONDS = 60.0
ISSUE_TARGET_SECONDS = 15.0


def write_accounts(folder: Path, count: int, stakeholders: int) -> None:
    for i in range(count):
        amap = generate_account(stakeholders, seed=i, account_id=f"acct-{i:05d}")
        (folder / f"acct-{i:05d}.kam.json").write_text(dumps_map(amap), encoding="utf-8")


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended (the workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed(folder: Path, workers: int) -> tuple[float, float, list[dict]]:
    """Wall and CPU seconds (workers included) of the portfolio of a folder, and its rows."""
    start, cpu = time.perf_counter(), _cpu()
    rows = portfolio_rows(folder, settings=SETTINGS, workers=workers)
    return time.perf_counter() - start, _cpu() - cpu, rows


LOADING_CHILD = """
import json, os, sys, time
from pathlib import Path
mode, folder = sys.argv[1], Path(sys.argv[2])
paths = sorted(str(p) for p in folder.glob("*.kam.json"))
from graphlib_kam.store.file import load_map
from graphlib_kam.workflows import portfolio
start, cpu = time.perf_counter(), time.process_time()
if mode == "floor":
    for path in paths:
        with open(path, "rb") as handle:
            json.loads(handle.read())
elif mode == "load_map":
    for path in paths:
        load_map(path)
else:
    def bare_row(amap, *args):
        return {"id": amap.account.id, "error": None, "at_risk": None, "high_gaps": 0,
                "score": 0.0, "deal": None}
    for name in ("row_or_error", "_row_or_error"):  # after, before
        if hasattr(portfolio, name):
            setattr(portfolio, name, bare_row)
    rows = portfolio.portfolio_rows(folder, workers=int(mode.split(":")[1]),
                                    progress=lambda done, total: None)
    assert len(rows) == len(paths)
wall, cpu = time.perf_counter() - start, time.process_time() - cpu
children = __import__("resource").getrusage(__import__("resource").RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": cpu + children.ru_utime + children.ru_stime,
                  "count": len(paths)}))
"""


def loading(folder: Path, before: str | None, repeats: int) -> None:
    """Median wall and CPU ms per account of the floor, load_map and a bare portfolio."""
    cores = os.cpu_count() or 1
    runs = [("read + json.loads (floor)", "floor", None)]
    for label, path in (("before", before), ("after", None)):
        if label == "before" and not before:
            continue
        runs += [(f"load_map ({label})", "load_map", path),
                 (f"portfolio_rows, analysis left out, {cores} processes ({label})",
                  f"portfolio:{cores}", path)]
    results: dict[str, list[dict]] = {title: [] for title, _, _ in runs}
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for _ in range(repeats):
        for title, mode, path in runs:
            child_env = dict(env, PYTHONPATH=path) if path else env
            out = subprocess.run([sys.executable, "-c", LOADING_CHILD, mode, str(folder)],
                                 capture_output=True, text=True, check=True, env=child_env,
                                 cwd=tempfile.gettempdir())  # not this checkout
            results[title].append(json.loads(out.stdout))
    count = results[runs[0][0]][0]["count"]
    floor = statistics.median(r["cpu"] for r in results[runs[0][0]])
    print(f"\nLoading and orchestration: {count:,} maps × 40 stakeholders, median of "
          f"{repeats} fresh processes in turns (load average {os.getloadavg()[0]:.1f})\n")
    print("| what | wall (s) | CPU (s) | CPU ms per account | CPU × floor |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for title, _, _ in runs:
        wall = statistics.median(r["wall"] for r in results[title])
        cpu = statistics.median(r["cpu"] for r in results[title])
        print(f"| {title} | {wall:.2f} | {cpu:.2f} | {cpu / count * 1000:.2f} "
              f"| {cpu / floor:.1f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--stakeholders", type=int, default=40)
    parser.add_argument("--baseline-accounts", type=int, default=1_000,
                        help="accounts of the one-process and per-core runs (default 1,000)")
    parser.add_argument("--folder", type=Path,
                        help="a folder of maps already written (skips writing them)")
    parser.add_argument("--before", metavar="DIR",
                        help="a checkout of the code before the change, for the loading rows")
    parser.add_argument("--loading", action="store_true",
                        help="only the loading and orchestration table")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    cores = os.cpu_count() or 1
    if args.loading:
        with tempfile.TemporaryDirectory(prefix="kam-bench-portfolio-") as tmp:
            folder = args.folder
            if folder is None:
                folder = Path(tmp)
                write_accounts(folder, args.baseline_accounts, args.stakeholders)
            loading(folder, args.before, args.repeats)
        return 0
    with tempfile.TemporaryDirectory(prefix="kam-bench-portfolio-") as tmp:
        full, part = Path(tmp, "all"), Path(tmp, "slice")
        full.mkdir()
        part.mkdir()
        start = time.perf_counter()
        write_accounts(full, args.accounts, args.stakeholders)
        write_accounts(part, min(args.baseline_accounts, args.accounts), args.stakeholders)
        print(f"wrote {args.accounts:,} + {args.baseline_accounts:,} maps in "
              f"{time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
        one, one_cpu, one_rows = timed(part, 1)
        many_part, many_cpu, many_rows = timed(part, cores)
        assert one_rows == many_rows
        total, total_cpu, rows = timed(full, cores)
    assert len(rows) == args.accounts and all(r["error"] is None for r in rows)
    n_part = len(one_rows)
    print(f"Portfolio: file-store accounts × {args.stakeholders} stakeholders "
          f"(coverage score, gaps, top gap), {cores} cores, load average "
          f"{os.getloadavg()[0]:.1f}\n")
    print("| accounts | processes | seconds | CPU seconds | CPU ms per account | accounts/s "
          "| target |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    print(f"| {n_part:,} | 1 | {one:.1f} | {one_cpu:.1f} | {one_cpu / n_part * 1000:.2f} "
          f"| {n_part / one:,.0f} | — |")
    print(f"| {n_part:,} | {cores} | {many_part:.1f} | {many_cpu:.1f} "
          f"| {many_cpu / n_part * 1000:.2f} | {n_part / many_part:,.0f} "
          f"| {one / many_part:.2f}× one process |")
    met = "met" if total < TARGET_SECONDS else "missed"
    issue = "met" if total <= ISSUE_TARGET_SECONDS else "missed"
    print(f"| {args.accounts:,} | {cores} | {total:.1f} | {total_cpu:.1f} "
          f"| {total_cpu / args.accounts * 1000:.2f} | {args.accounts / total:,.0f} "
          f"| < {TARGET_SECONDS:.0f} s {met}; ≤ {ISSUE_TARGET_SECONDS:.0f} s {issue} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
