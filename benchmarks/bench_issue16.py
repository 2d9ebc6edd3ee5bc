"""Benchmark: every row of issue #16's table — before, after and the floor — in one run.

*Before* is commit edb2fb2 (the commit before the work on issue #16), checked out as a git
worktree in a temporary folder (made when absent, with the ``importers`` link
``bench_startup.py`` describes); *after* is this tree, whatever it holds when run. Each
version runs in its own fresh interpreters (``PYTHONPATH``), in turns with the other and
with the floor, compiled bytecode kept (``-X pycache_prefix``). Every number is a median
of wall time and CPU time (the CPU time of a process includes its worker processes); the
rows about memory give the peak resident memory (``ru_maxrss``). Ratios are by CPU time,
except start-up (wall, as the issue measured it) and the 15 s portfolio target (wall).

* start-up: ``kam --help`` and ``kam gaps`` on the bank example against ``python -c …``
  (the commands of ``bench_startup.py``);
* analysis: ``analyze`` at 40, 200 and 2,000 stakeholders (the call, and the call with
  every part read: since e626253 the words are built on first read), PageRank at 40 and
  ``brokers`` at 200 and 2,000 in each version, against the bare networkx kernels of
  ``bench_kernel.py`` (which build the reversed graph in the call), the same kernels in
  igraph and rustworkx on graphs built beforehand (PageRank of the reversed graph, one
  Dijkstra with paths from the covered stakeholders and one to the decision-makers, each
  from a virtual source; igraph with one OpenMP thread), PageRank as a dense numpy power
  iteration on a ready matrix and igraph's weighted subset betweenness on a ready graph;
* the portfolio of 10,000 file-store accounts × 40 (``bench_portfolio.py``'s maps and
  read + ``json.loads`` floor; one run of each version, as one takes about a minute);
* the import of 100,000 stakeholders + 300,000 relationships (``bench_import.py``'s files
  and csv floor) to the map ``kam import`` saves, against the csv module, pandas and polars;
* ``kam report`` of a 200-stakeholder account in each format, as a command, against the
  same reports made in a warm process (what is left is start-up).

Prints one Markdown table, ready to paste. rustworkx and polars come with the ``bench``
extra; without them their cells say so. Run with
``python benchmarks/bench_issue16.py [--before DIR] [--quick]`` (8 minutes on the 2 shared
cores at load 3, 12–17 at load 4–9; ``--quick``: smaller scales, about 3 minutes).
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

import bench_startup
from timing import median_ms

ROOT = Path(__file__).resolve().parent.parent
BEFORE_COMMIT = "edb2fb2"
SEED = 7
AS_OF = dt.date(2026, 11, 28)
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE",
                                                          "PYTHONPATH")}


def before_checkout(folder: Path) -> Path:
    """A worktree of the commit before issue #16, made when ``folder`` does not hold one."""
    if not (folder / "graphlib_kam").is_dir():
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(folder),
                        BEFORE_COMMIT], check=True, capture_output=True)
    link = folder / "graphlib_kam" / "importers"
    if not link.exists():  # the editable install maps importers/ there
        link.symlink_to(Path("..", "importers"))
    found = subprocess.run([sys.executable, "-c", "import graphlib_kam.importers as i; "
                            "print(i.__file__)"], env=dict(ENV, PYTHONPATH=str(folder)),
                           cwd=tempfile.gettempdir(), capture_output=True, text=True)
    assert found.stdout.startswith(str(folder)), found  # not this tree's package
    return folder


def run(argv: list[str], pythonpath: Path | None, cache: str) -> dict:
    """Wall and CPU seconds, peak memory (MB) and standard output of ``python argv``."""
    env = dict(ENV, PYTHONPATH=str(pythonpath)) if pythonpath else ENV
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-X", f"pycache_prefix={cache}", *argv],
                                 stdout=out, stderr=subprocess.PIPE, env=env,
                                 cwd=tempfile.gettempdir())
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        out.seek(0)
        text = out.read().decode()
        if os.waitstatus_to_exitcode(status):
            raise SystemExit(f"{argv[:3]} ({pythonpath or 'after'}) failed:\n"
                             f"{child.stderr.read().decode()[-2000:]}")
        child.stderr.close()
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "rss": usage.ru_maxrss / 1024, "out": text}


def in_turns(runs: dict[str, tuple[list[str], Path | None]], turns: int, cache: str,
             *, warm: bool = True) -> dict[str, list[dict]]:
    """Every run ``turns`` times, one of each in turn, after one untimed run each."""
    for argv, path in runs.values() if warm else ():
        run(argv, path, cache)  # compiles, fills the disk cache
    found: dict[str, list[dict]] = {name: [] for name in runs}
    for _ in range(turns):
        for name, (argv, path) in runs.items():
            found[name].append(run(argv, path, cache))
    return found


def med(results: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in results)


def analysis_child(sizes: list[int], rounds: dict, peers: bool) -> dict:
    """Median (wall ms, CPU ms) of each call, size by size, in this version."""
    from graphlib_kam.algorithms import analyze
    from graphlib_kam.algorithms.graph import influence_graph
    from graphlib_kam.algorithms.influence import brokers, influence_rank
    from graphlib_kam.model.synthetic import generate_account
    from graphlib_kam.settings import Settings

    try:
        from graphlib_kam.algorithms.arrays import influence_arrays, pagerank
    except ImportError:  # before the array kernel: the rank was networkx's PageRank
        influence_arrays = None
    settings = Settings(as_of=AS_OF)
    found = {}
    for size in sizes:
        amap = generate_account(size, seed=SEED)
        G = influence_graph(amap)
        if peers:
            calls = peer_calls(amap, G, pagerank_too=size == 40, brokers_too=size >= 200)
        else:
            calls = {"analyze": lambda: analyze(amap, settings=settings),  # noqa: B023
                     "all read": lambda: all_read(analyze(amap, settings=settings))}  # noqa: B023
        if not peers and size == 40:
            if influence_arrays is None:
                calls["pagerank"] = lambda: influence_rank(G)  # noqa: B023
            else:
                kernel = influence_arrays(amap)
                calls["pagerank"] = lambda: pagerank(kernel)  # noqa: B023
        if not peers and size >= 200:
            calls["brokers"] = lambda: brokers(G)  # noqa: B023
        repeats = rounds[str(size)]
        found[size] = {name: median_ms(fn, max(3, repeats // 3) if "brokers" in name
                                       else repeats, warmup=True)
                       for name, fn in calls.items()}
    return found


def all_read(analysis) -> None:
    """Every part of an analysis read (since e626253 they are built on first read)."""
    analysis.ranking, analysis.gaps, analysis.plan, analysis.matrix  # noqa: B018


def peer_calls(amap, G, *, pagerank_too: bool, brokers_too: bool) -> dict:
    """The analysis's kernels in networkx, igraph and rustworkx, ready to call."""
    import warnings

    os.environ["OMP_NUM_THREADS"] = "1"  # igraph's OpenMP threads spin on 2 busy cores
    import igraph
    import numpy as np
    from bench_kernel import bare_kernels

    warnings.filterwarnings("ignore", "Couldn't reach some vertices")
    ids = list(G)
    index = {node: i for i, node in enumerate(ids)}
    n = len(ids)
    edges = [(index[u], index[v], d["strength"], d["cost"]) for u, v, d in G.edges(data=True)]
    deciders = [index[x] for x in ids if G.nodes[x]["role"] == "decision-maker"]
    entries = sorted({index[c.stakeholder] for c in amap.coverage if c.stakeholder in G})
    reset = [0.0] * n
    for i in deciders:
        reset[i] = float(G.nodes[ids[i]]["power"])
    if not deciders:
        reset = [1.0] * n
    calls = {"networkx": lambda: bare_kernels(amap, G)}
    # a virtual source n, joined at cost 0: one Dijkstra from many sources
    ig_back = igraph.Graph(n=n, edges=[(v, u) for u, v, _, _ in edges], directed=True)
    ig_from = igraph.Graph(n=n + 1, edges=[(u, v) for u, v, _, _ in edges]
                           + [(n, e) for e in entries], directed=True)
    ig_to = igraph.Graph(n=n + 1, edges=[(v, u) for u, v, _, _ in edges]
                         + [(n, d) for d in deciders], directed=True)
    strengths = [s for _, _, s, _ in edges]
    from_costs = [c for *_, c in edges] + [0.0] * len(entries)
    to_costs = [c for *_, c in edges] + [0.0] * len(deciders)

    def igraph_kernels():
        ig_back.personalized_pagerank(damping=0.85, reset=reset, weights=strengths)
        ig_from.get_shortest_paths(n, weights=from_costs)
        ig_to.get_shortest_paths(n, weights=to_costs)

    calls["igraph"] = igraph_kernels
    try:
        import rustworkx as rx
    except ImportError:
        rx = None
    if rx is not None:
        rx_back, rx_from, rx_to = rx.PyDiGraph(), rx.PyDiGraph(), rx.PyDiGraph()
        rx_back.add_nodes_from(range(n))
        rx_from.add_nodes_from(range(n + 1))
        rx_to.add_nodes_from(range(n + 1))
        rx_back.add_edges_from([(v, u, s) for u, v, s, _ in edges])
        rx_from.add_edges_from([(u, v, c) for u, v, _, c in edges]
                               + [(n, e, 0.0) for e in entries])
        rx_to.add_edges_from([(v, u, c) for u, v, _, c in edges]
                             + [(n, d, 0.0) for d in deciders])
        personalization = {i: r for i, r in enumerate(reset) if r}

        def rustworkx_kernels():
            rx.pagerank(rx_back, alpha=0.85, weight_fn=float, personalization=personalization)
            rx.digraph_dijkstra_shortest_paths(rx_from, n, weight_fn=float)
            rx.digraph_dijkstra_shortest_paths(rx_to, n, weight_fn=float)

        calls["rustworkx"] = rustworkx_kernels
    if pagerank_too:
        dense = np.zeros((n, n))
        for u, v, s, _ in edges:
            dense[v, u] = s  # the reversed graph
        out = dense.sum(axis=1)
        dense[out > 0] /= out[out > 0, None]
        p = np.array(reset) / sum(reset)
        dangling = out == 0

        def numpy_pagerank(alpha=0.85, tol=1e-6):
            x = np.full(n, 1.0 / n)
            for _ in range(100):
                last = x
                x = alpha * (x @ dense + last[dangling].sum() * p) + (1 - alpha) * p
                if np.abs(x - last).sum() < n * tol:
                    return x
            raise RuntimeError("no convergence")

        calls["numpy pagerank"] = numpy_pagerank
    if brokers_too:
        ig = igraph.Graph(n=n, edges=[(u, v) for u, v, _, _ in edges], directed=True)
        costs, targets = [c for *_, c in edges], deciders or list(range(n))
        calls["igraph brokers"] = lambda: ig.betweenness(weights=costs, targets=targets)
    return calls


PORTFOLIO_CHILD = """
import datetime as dt, json, os, resource, sys, time
from graphlib_kam.settings import Settings
from graphlib_kam.workflows.portfolio import portfolio_rows
start, cpu = time.perf_counter(), time.process_time()
rows = portfolio_rows(sys.argv[1], settings=Settings(as_of=dt.date(2026, 11, 28)),
                      workers=os.cpu_count(), progress=lambda done, total: None)
assert rows and all(row["error"] is None for row in rows), rows[:1]
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": time.perf_counter() - start, "count": len(rows),
                  "cpu": time.process_time() - cpu + children.ru_utime + children.ru_stime}))
"""


def import_child(mode: str, paths: list[str]) -> dict:
    """``import_table`` in this version (``ours+map``: its map made, as ``kam import`` saves
    it), or the csv reading of pandas or polars, every column as text."""
    wall, cpu = time.perf_counter(), time.process_time()
    if mode.startswith("ours"):
        import gc

        from graphlib_kam.importers import import_table
        from graphlib_kam.model import Account

        result = import_table(paths, account=Account(id="large", name="Large"))
        rows = len(result.map.stakeholders) if mode == "ours+map" else result.counts()
        gc.collect()  # the collector's pass the import postponed
    elif mode == "pandas":
        import pandas

        rows = sum(len(pandas.read_csv(p, dtype=str, keep_default_na=False)) for p in paths)
    else:
        import polars

        rows = sum(polars.read_csv(p, infer_schema=False).height for p in paths)
    return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "rows": rows}


def startup(before: Path, turns: int, cache: str) -> list[list[str]]:
    runs = {title: (argv, Path(path) if path else None)
            for title, argv, path in bench_startup.commands(str(before))}
    found = in_turns(runs, turns, cache)
    wall = {title: med(found[title], "wall") for title in runs}
    rss = {title: med(found[title], "rss") for title in runs}
    names = list(runs)  # pass, networkx, networkx + scipy, help/gaps before, after
    help_b, gaps_b, help_a, gaps_a = names[3:7]
    ratio = wall[help_a] / wall[names[1]]

    def cell(title):
        return f"{wall[title]:.2f} s, {rss[title]:.0f} MiB"

    return [
        ["`kam --help`", cell(help_b), cell(help_a),
         f"`python -c pass` {wall[names[0]]:.2f} s; `import networkx` {wall[names[1]]:.2f} s",
         f"{ratio:.2f}× import networkx (before {wall[help_b] / wall[names[1]]:.2f}×)",
         "≤ 2× `import networkx`", _met(ratio <= 2)],
        ["`kam gaps` on the bank example", cell(gaps_b), cell(gaps_a),
         f"`import networkx, scipy.sparse` {wall[names[2]]:.2f} s",
         f"{wall[gaps_a] / wall[names[2]]:.2f}×", "—", "—"],
    ]


def analysis(before: Path, sizes: list[int], turns: int, cache: str) -> list[list[str]]:
    from bench_kernel import ROUNDS

    rounds = json.dumps({str(s): ROUNDS.get(s, 5) for s in sizes})
    me, names = str(Path(__file__).resolve()), " ".join(map(str, sizes))
    runs = {label: ([me, "--child", "analysis", names, rounds, *extra], path)
            for label, path, extra in (("before", before, []), ("after", None, []),
                                       ("peers", None, ["peers"]))}
    found = in_turns(runs, turns, cache, warm=False)  # the children warm up themselves

    def ms(label, size, name, cpu=True):
        return statistics.median(json.loads(r["out"])[str(size)][name][cpu]
                                 for r in found[label])

    def three(label, name, at=sizes, cpu=False):
        return " / ".join(_num(ms(label, s, name, cpu)) for s in at)

    def both(label, name, at=sizes):
        return f"{three(label, name, at)} ms (CPU {three(label, name, at, cpu=True)})"

    peers = {"networkx", "igraph", "rustworkx"} & set(json.loads(found["peers"][0]["out"])
                                                       [str(sizes[0])])
    ratios = [ms("after", s, "analyze") / ms("peers", s, "networkx") for s in sizes]
    targets = {40: 0.6, 2000: 1.0}
    met = all(r <= targets[s] for s, r in zip(sizes, ratios, strict=True) if s in targets)
    what = " / ".join(f"{s:,}" for s in sizes)
    rows = [[f"`analyze` (the call), {what} stakeholders", both("before", "analyze"),
             both("after", "analyze"),
             "bare kernels: " + "; ".join(f"{p} {three('peers', p, cpu=True)}"
                                          for p in ("networkx", "igraph", "rustworkx")
                                          if p in peers)
             + (" ms (CPU)" if peers else "") + ("" if "rustworkx" in peers
                                                 else "; rustworkx not installed"),
             " / ".join(f"{r:.2f}" for r in ratios) + "× networkx",
             "≤ 0.6× networkx at 40, ≤ 1× at 2,000", _met(met)],
            [f"`analyze` with every part read, {what}", "as above", both("after", "all read"),
             "bare networkx kernels, as above", " / ".join(
                 f"{ms('after', s, 'all read') / ms('peers', s, 'networkx'):.2f}"
                 for s in sizes) + "× networkx", "—", "—"]]
    if 40 in sizes:
        share = ms("after", 40, "pagerank") / ms("after", 40, "all read")
        share_b = ms("before", 40, "pagerank") / ms("before", 40, "all read")
        rows.append(["of which PageRank at 40 (share of every part read)",
                     f"{both('before', 'pagerank', [40])}, {share_b:.0%}",
                     f"{both('after', 'pagerank', [40])}, {share:.0%}",
                     f"dense numpy {three('peers', 'numpy pagerank', [40], cpu=True)} ms (CPU)",
                     f"{ms('after', 40, 'pagerank') / ms('peers', 40, 'numpy pagerank'):.1f}×",
                     "—", "—"])
    big = [s for s in sizes if s >= 200]
    if big:
        ratios = [ms("after", s, "brokers") / ms("peers", s, "igraph brokers") for s in big]
        rows.append([f"brokers (weighted betweenness), {' / '.join(f'{s:,}' for s in big)}",
                     both("before", "brokers", big), both("after", "brokers", big),
                     f"igraph {three('peers', 'igraph brokers', big, cpu=True)} ms (CPU)",
                     " / ".join(f"{r:.2f}" for r in ratios) + "×", "≤ 2× igraph",
                     _met(all(r <= 2 for r in ratios))])
    return rows


def portfolio(before: Path, accounts: int, cache: str) -> list[list[str]]:
    from bench_portfolio import LOADING_CHILD, write_accounts

    with tempfile.TemporaryDirectory(prefix="kam-bench-portfolio-") as folder:
        write_accounts(Path(folder), accounts, 40)
        runs = {"floor": (["-c", LOADING_CHILD, "floor", folder], None),
                "load_map before": (["-c", LOADING_CHILD, "load_map", folder], before),
                "load_map after": (["-c", LOADING_CHILD, "load_map", folder], None),
                "before": (["-c", PORTFOLIO_CHILD, folder], before),
                "after": (["-c", PORTFOLIO_CHILD, folder], None)}
        found = {name: json.loads(run(argv, path, cache)["out"])
                 for name, (argv, path) in runs.items()}
    floor = found["floor"]
    after = found["after"]
    ratio = after["cpu"] / floor["cpu"]

    def cell(r):
        return f"{r['wall']:.1f} s (CPU {r['cpu']:.1f} s)"

    return [[f"portfolio, {accounts:,} × 40 (one run each)", cell(found["before"]),
             cell(after), f"read + `json.loads` {cell(floor)}; `load_map` alone "
             f"{found['load_map before']['wall']:.1f} → {found['load_map after']['wall']:.1f} s",
             f"{ratio:.1f}× (CPU)", "≤ 15 s, ≤ 8× the floor",
             _met(after["wall"] <= 15 and ratio <= 8)]]


def importing(before: Path, quick: bool, turns: int, cache: str) -> list[list[str]]:
    import bench_import

    if quick:
        bench_import.LARGE_PEOPLE, bench_import.LARGE_LINKS = 10_000, 30_000
    script, me = str(ROOT / "benchmarks" / "bench_import.py"), str(Path(__file__).resolve())
    with tempfile.TemporaryDirectory(prefix="kam-bench-import-") as tmp:
        paths = list(map(str, bench_import.write_large(Path(tmp))))
        runs = {"csv": ([script, "--child", "floor", *paths], None),
                "pandas": ([me, "--child", "import", "pandas", *paths], None),
                "polars": ([me, "--child", "import", "polars", *paths], None),
                "before": ([me, "--child", "import", "ours+map", *paths], before),
                "after": ([me, "--child", "import", "ours+map", *paths], None),
                "after, no map": ([me, "--child", "import", "ours", *paths], None)}
        try:
            import polars  # noqa: F401
        except ImportError:
            del runs["polars"]
        found = in_turns(runs, turns, cache)
    got = {name: {key: statistics.median(json.loads(r["out"])[key] for r in results)
                  for key in ("wall", "cpu", "maxrss_mb")} for name, results in found.items()}
    ratio = got["after"]["cpu"] / got["csv"]["cpu"]

    def cell(name, memory=True):
        r = got[name]
        return (f"{r['wall']:.2f} s (CPU {r['cpu']:.2f} s)"
                + (f", {r['maxrss_mb']:.0f} MB" if memory else ""))

    peers = "; ".join(f"{name} {cell(name, memory=False)}" for name in ("pandas", "polars")
                      if name in got) + ("" if "polars" in got else "; polars not installed")
    return [[f"import, {bench_import.LARGE_PEOPLE:,} + {bench_import.LARGE_LINKS:,} rows, "
             "to the map `kam import` saves", cell("before"),
             f"{cell('after')}; without making the map {cell('after, no map')}",
             f"csv module {cell('csv')}; {peers}",
             f"{ratio:.1f}× (CPU); {got['after, no map']['cpu'] / got['csv']['cpu']:.1f}× "
             "without making the map", "≤ 3× the csv module, < 200 MB",
             _met(ratio <= 3 and got["after"]["maxrss_mb"] < 200)]]


def reports(before: Path, formats: list[str], turns: int, cache: str) -> list[list[str]]:
    from bench_reports import account

    from graphlib_kam.present.report import render_report, report_data
    from graphlib_kam.settings import Settings
    from graphlib_kam.store import dumps_map

    amap = account(200)
    settings = Settings(as_of=AS_OF)
    with tempfile.TemporaryDirectory(prefix="kam-bench-reports-") as tmp:
        path = Path(tmp, "account.kam.json")
        path.write_text(dumps_map(amap), encoding="utf-8")
        runs = {(fmt, label): (["-c", bench_startup.KAM, "report", str(path), "-o",
                                str(Path(tmp, f"{label}.{fmt}")), "--lang", "zh",
                                "--as-of", AS_OF.isoformat()], where)
                for fmt in formats for label, where in (("before", before), ("after", None))}
        found = in_turns(runs, turns, cache)
    warm = {fmt: median_ms(lambda fmt=fmt: render_report(
        report_data(amap, settings=settings, lang="zh"), fmt), turns, warmup=True)
        for fmt in formats}

    def spread(label, key="wall"):
        values = [med(found[fmt, label], key) for fmt in formats] if label else key
        return f"{min(values):.2f}–{max(values):.2f} s"

    def cell(label):
        return f"{spread(label)} (CPU {spread(label, 'cpu')})"

    after = [med(found[fmt, "after"], "wall") for fmt in formats]
    share = [1 - warm[fmt][1] / 1000 / med(found[fmt, "after"], "cpu") for fmt in formats]
    return [[f"reports, 200 stakeholders, a command ({', '.join(formats)})",
             cell("before"), cell("after"), "the same in a warm process "
             f"{spread(None, [warm[f][0] / 1000 for f in formats])} (CPU "
             f"{spread(None, [warm[f][1] / 1000 for f in formats])})",
             f"start-up {min(share):.0%}–{max(share):.0%} of the command", "≤ 3 s each",
             _met(max(after) <= 3)]]


def _num(ms: float) -> str:
    return f"{ms:,.0f}" if ms >= 100 else f"{ms:.2g}" if ms < 1 else f"{ms:.3g}"


def _met(ok: bool) -> str:
    return "met" if ok else "missed"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path,
                        default=Path(tempfile.gettempdir(), f"kam-before-{BEFORE_COMMIT}"),
                        help="worktree of the commit before issue #16 (made when absent)")
    parser.add_argument("--quick", action="store_true",
                        help="smaller scales and fewer turns, to try the script")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, rest = args.child[0], args.child[1:]
        if kind == "analysis":
            result = analysis_child([int(s) for s in rest[0].split()], json.loads(rest[1]),
                                    peers=rest[2:] == ["peers"])
        else:
            result = import_child(rest[0], rest[1:])
        print(json.dumps(result))
        return 0
    before = before_checkout(args.before.resolve())
    quick = args.quick
    loads = [os.getloadavg()[0]]
    started = time.perf_counter()
    rows = []
    with tempfile.TemporaryDirectory(prefix="kam-bench-pyc-") as cache:
        for part in (lambda: startup(before, 3 if quick else 11, cache),
                     lambda: analysis(before, [40, 200] if quick else [40, 200, 2000],
                                      1 if quick else 3, cache),
                     lambda: portfolio(before, 300 if quick else 10_000, cache),
                     lambda: importing(before, quick, 1 if quick else 3, cache),
                     lambda: reports(before, ["html", "md"] if quick
                                     else ["html", "pdf", "md", "xlsx"], 1 if quick else 3,
                                     cache)):
            rows += part()
            loads.append(os.getloadavg()[0])
            print(f"... {len(rows)} rows, {time.perf_counter() - started:.0f} s",
                  file=sys.stderr, flush=True)
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True).stdout.strip()
    if subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                      capture_output=True, text=True).stdout.strip():
        head += " with uncommitted changes"
    print(f"Issue #16, measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC in "
          f"{(time.perf_counter() - started) / 60:.0f} min: before = {BEFORE_COMMIT}, "
          f"after = {head}, {os.cpu_count()} shared cores, "
          f"load average {min(loads):.1f}–{max(loads):.1f}; "
          f"`python benchmarks/bench_issue16.py{' --quick' if quick else ''}`\n")
    print("| what | before | after | floor or peer | after ÷ floor | target | met? |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        print(f"| {' | '.join(row)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
