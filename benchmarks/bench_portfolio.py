"""Benchmark: the portfolio of 10,000 file-store accounts of 40 stakeholders.

Writes synthetic accounts (``generate_account(40, seed=i)``) as map files into a
temporary folder, then times :func:`graphlib_kam.workflows.portfolio.portfolio_rows` on it — each
worker reads its maps, builds the influence graph and rank, the coverage score and the
gaps — with one worker per core, and on a slice with one process for the baseline, and
prints a Markdown table. Target: 10,000 accounts in under 60 s on this 2-core machine.
Run with ``make bench`` or ``python benchmarks/bench_portfolio.py [--accounts N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
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


def write_accounts(folder: Path, count: int, stakeholders: int) -> None:
    for i in range(count):
        amap = generate_account(stakeholders, seed=i, account_id=f"acct-{i:05d}")
        (folder / f"acct-{i:05d}.kam.json").write_text(dumps_map(amap), encoding="utf-8")


def timed(folder: Path, workers: int) -> tuple[float, float, list[dict]]:
    start, cpu = time.perf_counter(), time.process_time()
    rows = portfolio_rows(folder, settings=SETTINGS, workers=workers)
    return time.perf_counter() - start, time.process_time() - cpu, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--stakeholders", type=int, default=40)
    parser.add_argument("--baseline-accounts", type=int, default=1_000,
                        help="accounts of the one-process and per-core runs (default 1,000)")
    args = parser.parse_args(argv)
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="kam-bench-portfolio-") as tmp:
        full, part = Path(tmp, "all"), Path(tmp, "slice")
        full.mkdir()
        part.mkdir()
        start = time.perf_counter()
        write_accounts(full, args.accounts, args.stakeholders)
        write_accounts(part, min(args.baseline_accounts, args.accounts), args.stakeholders)
        print(f"wrote {args.accounts:,} + {args.baseline_accounts:,} maps in "
              f"{time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
        one, _, one_rows = timed(part, 1)
        many_part, _, many_rows = timed(part, cores)
        assert one_rows == many_rows
        total, _, rows = timed(full, cores)
    assert len(rows) == args.accounts and all(r["error"] is None for r in rows)
    n_part = len(one_rows)
    print(f"Portfolio: file-store accounts × {args.stakeholders} stakeholders "
          f"(coverage score, gaps, top gap), {cores} cores\n")
    print("| accounts | processes | seconds | ms per account | accounts/s | target |")
    print("| ---: | ---: | ---: | ---: | ---: | --- |")
    print(f"| {n_part:,} | 1 | {one:.1f} | {one / n_part * 1000:.2f} "
          f"| {n_part / one:,.0f} | — |")
    print(f"| {n_part:,} | {cores} | {many_part:.1f} | {many_part / n_part * 1000:.2f} "
          f"| {n_part / many_part:,.0f} | {one / many_part:.2f}× one process |")
    met = "met" if total < TARGET_SECONDS else "missed"
    print(f"| {args.accounts:,} | {cores} | {total:.1f} | {total / args.accounts * 1000:.2f} "
          f"| {args.accounts / total:,.0f} | < {TARGET_SECONDS:.0f} s {met} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
