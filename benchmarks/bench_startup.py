"""Benchmark: how long ``kam`` takes to start, against Python importing networkx.

Each measurement is a fresh interpreter (``python -c …``), run in turns so that every
command sees the same load: ``python -c pass``, ``python -c "import networkx"`` (the
floor a command that analyses must pay), ``python -c "import networkx, scipy.sparse"``,
``kam --help`` and ``kam gaps`` on the bank example. With ``--before DIR`` (a checkout of
an older commit, e.g. ``git worktree add /tmp/before <commit>``, with
``ln -s ../importers /tmp/before/graphlib_kam/importers``) the two kam commands also run
from that checkout. Compiled bytecode is kept in a temporary folder
(``-X pycache_prefix``), as an installed package has it. Prints the median wall time,
the ratio to ``import networkx`` and the peak memory (``ru_maxrss``) of each.
Target (issue #16): ``kam --help`` at most 2× ``import networkx``.

Run with ``make bench`` or ``python benchmarks/bench_startup.py [--repeats N] [--before DIR]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BANK = ROOT / "examples" / "cn-bank-core-banking.kam.json"
KAM = "from graphlib_kam.cli import run; import sys; sys.argv[0] = 'kam'; run()"


def commands(before: str | None) -> list[tuple[str, list[str], str | None]]:
    """(title, argv after ``python``, PYTHONPATH) of every measured command."""
    rows = [
        ("python -c pass", ["-c", "pass"], None),
        ('python -c "import networkx" (baseline)', ["-c", "import networkx"], None),
        ('python -c "import networkx, scipy.sparse"', ["-c", "import networkx, scipy.sparse"],
         None),
    ]
    for label, path in (("before", before), ("after", None)):
        if label == "before" and not before:
            continue
        rows += [
            (f"kam --help ({label})", ["-c", KAM, "--help"], path),
            (f"kam gaps bank example ({label})", ["-c", KAM, "gaps", str(BANK)], path),
        ]
    return rows


def run_once(argv: list[str], pythonpath: str | None, cache: str) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one run of ``python argv``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-X", f"pycache_prefix={cache}", *argv],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                             cwd=tempfile.gettempdir())
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, None):
        raise SystemExit(f"{argv} exited with {child.returncode}")
    return wall, usage.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=11)
    parser.add_argument("--before", metavar="DIR",
                        help="a checkout of the code before the change, measured too")
    args = parser.parse_args(argv)
    rows = commands(args.before)
    walls: dict[str, list[float]] = {title: [] for title, _, _ in rows}
    peaks: dict[str, list[float]] = {title: [] for title, _, _ in rows}
    with tempfile.TemporaryDirectory(prefix="kam-bench-pyc-") as cache:
        for _title, command, path in rows:  # compile once, untimed
            run_once(command, path, cache)
        for _ in range(args.repeats):
            for title, command, path in rows:
                wall, peak = run_once(command, path, cache)
                walls[title].append(wall)
                peaks[title].append(peak)
    base = statistics.median(walls[rows[1][0]])
    load = os.getloadavg()[0]
    print(f"Start-up, median of {args.repeats} interleaved runs (load average {load:.1f})\n")
    print("| command | median wall (s) | × import networkx | peak memory (MB) |")
    print("| --- | ---: | ---: | ---: |")
    for title, _, _ in rows:
        wall = statistics.median(walls[title])
        print(f"| {title} | {wall:.3f} | {wall / base:.2f} | "
              f"{statistics.median(peaks[title]):.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
