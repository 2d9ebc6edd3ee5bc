"""Benchmark: the spreadsheet importer at the issue's scale, and against a bare reader.

**Issue scale** (``--large``, on by default): a 100,000-row stakeholder CSV (id, name,
title, department, role, level, stance, power, reports to — Chinese headers and terms)
and 300,000 relationships (source, target, kind, strength) in two CSV files of 150,000
rows (a file holds at most 200,000 rows), synthetic, fixed seed. Each measurement runs
in a fresh process:

* **floor**: the same three files only parsed with the ``csv`` module (decoded, every
  row read, nothing kept) — what no importer can beat;
* **pyarrow**: the same files only read with ``pyarrow.csv``, every column as text (the
  floor of the columnar path);
* **columnar**: :func:`graphlib_kam.importers.import_table` as ``kam import`` calls it —
  the columnar path (pyarrow, a column at a time): files to a checked import with header
  matching, value checks, name resolution, duplicate checks and the problem report; the
  map's objects are made only when asked for, so this is what an import that only
  reports (``--strict`` with problems, ``--format json``) costs;
* **columnar + map**: the same, then the map's 500,000 ``Stakeholder`` and
  ``Relationship`` objects made (what a merge or a save asks for);
* **rows**: ``import_table(…, columnar=False)``, the row path (what every import took
  before, and what workbooks and the inputs the columnar path leaves take);

each followed by the garbage collector's pass over what it made (the import pauses the
collector; the pass it saved comes due once it is back on, so it is counted);
* **networkx**: the rows put into a bare ``networkx.DiGraph`` (nodes with their cells,
  edges with their strength), as the issue's scale note did it.

It reports the median wall and CPU time of ``--repeats`` runs, rows per second, the
ratios to the ``csv`` floor (issue #16's target: the columnar path at most 3 × by CPU)
and the peak resident memory of the process (``ru_maxrss``; target under 200 MB).

**Small accounts** (``--sizes``): for synthetic accounts of 40, 200 and 2,000
stakeholders written as the four sheets a team keeps, as CSV and as one ``.xlsx``, the
importer against a throwaway script (``csv.DictReader``/openpyxl rows put straight into
kam/1 dicts, then :func:`graphlib_kam.model.parse_map`).

Run with ``make bench`` or ``python benchmarks/bench_import.py [--no-large] [--sizes …]``.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
from timing import median_ms

from graphlib_kam.importers import import_table
from graphlib_kam.model import Account, parse_map
from graphlib_kam.model.synthetic import generate_account
from graphlib_kam.text import label

REPEATS = {40: 31, 200: 11, 2000: 5}
SEED = 7

PEOPLE = ["编号", "姓名", "职位", "部门", "层级", "角色", "态度", "权力", "状态"]
LINKS = ["源", "目标", "关系类型", "强度"]
TEAM = ["编号", "姓名", "职位"]
COVER = ["我方人员", "干系人", "关系强度", "最近联系"]


def sheets(amap) -> dict[str, tuple[list[str], list[list]]]:
    zh = lambda term: label(term, "zh")  # noqa: E731
    return {
        "干系人": (PEOPLE, [[s.id, s.name, s.title, s.department, zh(s.level), zh(s.role),
                           s.stance, s.power, zh(s.status)] for s in amap.stakeholders]),
        "关系": (LINKS, [[r.source, r.target, zh(r.kind), r.strength]
                        for r in amap.relationships]),
        "团队": (TEAM, [[t.id, t.name, t.title] for t in amap.team]),
        "覆盖": (COVER, [[c.member, c.stakeholder, c.strength, c.last_contact]
                        for c in amap.coverage]),
    }


def write_csv(folder: Path, amap) -> list[Path]:
    paths = []
    for name, (headers, rows) in sheets(amap).items():
        path = folder / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers)
            writer.writerows([["" if v is None else v for v in row] for row in rows])
        paths.append(path)
    return paths


def write_xlsx(folder: Path, amap) -> list[Path]:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (headers, rows) in sheets(amap).items():
        sheet = book.create_sheet(name)
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
    path = folder / "map.xlsx"
    book.save(path)
    return [path]


_TERMS = {label(t, "zh"): t for t in ("decision-maker", "influencer", "user", "opposer",
                                      "executive", "management", "operational", "active",
                                      "left", "influences", "reports-to", "allied",
                                      "conflict")}


def _records(paths: list[Path]) -> dict[str, list[dict]]:
    out = {}
    for path in paths:
        if path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            for sheet in book.worksheets:
                rows = sheet.iter_rows(values_only=True)
                headers = next(rows)
                out[sheet.title] = [dict(zip(headers, r, strict=False)) for r in rows]
            book.close()
        else:
            with path.open(encoding="utf-8", newline="") as handle:
                out[path.stem] = list(csv.DictReader(handle))
    return out


def bare(paths: list[Path], account: Account):
    """A throwaway importer: fixed columns, no checks, then the model's own validation."""
    tables = _records(paths)

    def num(v):
        return float(v) if v not in (None, "") else None

    def date(v):
        return v if v in (None, "") else str(v)[:10]

    data = {
        "account": {"id": account.id, "name": account.name},
        "stakeholders": [
            {"id": r["编号"], "name": r["姓名"], "title": r["职位"], "department": r["部门"],
             "level": _TERMS[r["层级"]], "role": _TERMS[r["角色"]], "stance": int(r["态度"]),
             "power": int(r["权力"]), "status": _TERMS[r["状态"]]}
            for r in tables["干系人"]],
        "relationships": [{"source": r["源"], "target": r["目标"], "kind": _TERMS[r["关系类型"]],
                           "strength": num(r["强度"])} for r in tables["关系"]],
        "team": [{"id": r["编号"], "name": r["姓名"], "title": r["职位"]} for r in tables["团队"]],
        "coverage": [{"member": r["我方人员"], "stakeholder": r["干系人"],
                      "strength": num(r["关系强度"]), "last_contact": date(r["最近联系"])}
                     for r in tables["覆盖"]],
    }
    return parse_map(data)



LARGE_PEOPLE = 100_000
LARGE_LINKS = 300_000
LINK_FILES = 2
_ROLES = ["决策者", "影响者", "使用者", "反对者"]
_LEVELS = ["高层", "中层", "基层"]
_KINDS = ["影响"] * 8 + ["汇报"] + ["同盟"]
_TITLES = ["总经理", "副总经理", "信息技术部总经理", "IT经理", "系统架构师", "采购经理",
           "财务总监", "柜面运营主管", "数据分析师", "Head of Operations"]
_DEPARTMENTS = ["信息技术部", "运营管理部", "财务部", "采购部", "总经理室"]


def write_large(folder: Path, *, seed: int = SEED) -> list[Path]:
    """The issue's files: 100,000 stakeholders and 300,000 relationships in two files."""
    rng = random.Random(seed)
    people = folder / "stakeholders.csv"
    with people.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["编号", "姓名", "职位", "部门", "角色", "层级", "态度", "权力", "上级"])
        for i in range(LARGE_PEOPLE):
            writer.writerow([f"s{i}", f"客户联系人{i}", rng.choice(_TITLES),
                             rng.choice(_DEPARTMENTS), rng.choice(_ROLES), rng.choice(_LEVELS),
                             rng.randint(-2, 2), rng.randint(1, 5),
                             f"s{(i - 1) // 8}" if i else ""])
    paths = [people]
    seen: set[tuple[int, int]] = set()
    per_file = LARGE_LINKS // LINK_FILES
    for part in range(LINK_FILES):
        path = folder / f"relationships-{part + 1}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["源", "目标", "关系类型", "强度"])
            written = 0
            while written < per_file:
                a, b = rng.randrange(LARGE_PEOPLE), rng.randrange(LARGE_PEOPLE)
                if a == b or (min(a, b), max(a, b)) in seen:
                    continue
                seen.add((min(a, b), max(a, b)))
                writer.writerow([f"s{a}", f"s{b}", rng.choice(_KINDS),
                                 round(rng.uniform(0.1, 1.0), 2)])
                written += 1
        paths.append(path)
    return paths


def _child(mode: str, paths: list[str]) -> dict:
    """One measurement, in this (fresh) process."""
    import gc

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    wall, cpu = time.perf_counter(), time.process_time()
    if mode == "floor":
        rows = 0
        for path in paths:
            with open(path, encoding="utf-8", newline="") as handle:
                for _ in csv.reader(handle):
                    rows += 1
        counts = {"rows": rows}
    elif mode == "pyarrow":
        import pyarrow.csv

        rows = 0
        for path in paths:  # every column read as text, as the csv module reads it
            with open(path, encoding="utf-8", newline="") as handle:
                names = next(csv.reader(handle))
            types = dict.fromkeys(names, pyarrow.string())
            table = pyarrow.csv.read_csv(path, convert_options=pyarrow.csv.ConvertOptions(
                column_types=types, strings_can_be_null=False))
            rows += table.num_rows + 1
        counts = {"rows": rows}
    elif mode == "networkx":
        import networkx as nx

        graph = nx.DiGraph()
        with open(paths[0], encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            headers = next(reader)
            graph.add_nodes_from((row[0], dict(zip(headers, row, strict=False)))
                                 for row in reader)
        for path in paths[1:]:
            with open(path, encoding="utf-8", newline="") as handle:
                reader = csv.reader(handle)
                next(reader)
                graph.add_edges_from((row[0], row[1], {"kind": row[2], "strength":
                                                       float(row[3])}) for row in reader)
        counts = {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
    else:
        result = import_table(paths, account=Account(id="large", name="Large"),
                              columnar=mode != "rows")
        counts = {**result.counts(), "problems": len(result.problems),
                  "path": type(result).__name__}
        if mode == "columnar+map":
            counts["made"] = len(result.map.stakeholders) + len(result.map.relationships)
        gc.collect()  # the collector's pass the import postponed
    return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "start_mb": before / 1024, **counts}


def _measure(modes: list[str], paths: list[Path], repeats: int) -> dict[str, dict]:
    """Each mode ``repeats`` times, in turns (so that the load of other jobs falls on
    every mode alike), each run a fresh process; the median of each measure."""
    runs: dict[str, list[dict]] = {mode: [] for mode in modes}
    for _ in range(repeats):
        for mode in modes:
            out = subprocess.run([sys.executable, __file__, "--child", mode,
                                  *map(str, paths)],
                                 capture_output=True, text=True, check=True)
            runs[mode].append(json.loads(out.stdout))
    return {mode: {**found[0], **{key: statistics.median(r[key] for r in found)
                                  for key in ("wall", "cpu", "maxrss_mb", "start_mb")}}
            for mode, found in runs.items()}


def large(repeats: int) -> None:
    print(f"Issue scale: {LARGE_PEOPLE:,} stakeholders + {LARGE_LINKS:,} relationships "
          f"({LINK_FILES} files), CSV, fresh process each run, median of {repeats}\n")
    with tempfile.TemporaryDirectory() as tmp:
        # Written by another process: a child's peak memory counts its parent's at the
        # fork, and writing the files makes this one large.
        out = subprocess.run([sys.executable, __file__, "--write", tmp], capture_output=True,
                             text=True, check=True)
        paths = [Path(p) for p in json.loads(out.stdout)]
        size = sum(p.stat().st_size for p in paths) / 1048576
        rows = LARGE_PEOPLE + LARGE_LINKS
        results = _measure(list(_MODES), paths, repeats)
    for mode in ("columnar", "columnar+map", "rows"):
        ours = results[mode]
        assert ours["problems"] == 0 and ours["stakeholders"] == LARGE_PEOPLE, ours
        assert ours["relationships"] == LARGE_LINKS + LARGE_PEOPLE - 1, ours
    assert results["columnar"]["path"] == "ColumnarResult", results["columnar"]
    ours = results["columnar"]
    floor = results["floor"]
    print(f"input: {size:.1f} MB; the map: {ours['stakeholders']:,} stakeholders, "
          f"{ours['relationships']:,} relationships (with reports-to)\n")
    print("| run | wall (s) | CPU (s) | rows/s | ÷ floor (wall) | ÷ floor (CPU) "
          "| peak RSS (MB) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for mode, title in _MODES.items():
        r = results[mode]
        print(f"| {title} | {r['wall']:.2f} | {r['cpu']:.2f} | {rows / r['wall']:,.0f} "
              f"| {r['wall'] / floor['wall']:.1f} | {r['cpu'] / floor['cpu']:.1f} "
              f"| {r['maxrss_mb']:.0f} |")
    print(f"\n(peak RSS includes the interpreter and its modules: "
          f"{ours['start_mb']:.0f} MB before the import started)\n", flush=True)


_MODES = {"floor": "csv module only (floor)",
          "pyarrow": "pyarrow.csv, every column as text (floor)",
          "columnar": "kam import_table, columnar path → checked import",
          "columnar+map": "columnar path, then the map's objects",
          "rows": "kam import_table, row path → valid map",
          "networkx": "bare networkx DiGraph"}


def small(sizes: list[int]) -> None:
    print(f"Spreadsheet import, four sheets; median wall time, synthetic accounts, seed "
          f"{SEED}\n")
    print("| stakeholders | rows | input | ours (ms) | bare (ms) | ours / bare |")
    print("| ---: | ---: | --- | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            amap = generate_account(size, seed=SEED)
            account = amap.account
            rows = sum(len(r) for _, r in sheets(amap).values())
            for kind, writer in (("csv", write_csv), ("xlsx", write_xlsx)):
                folder = Path(tmp) / f"{size}-{kind}"
                folder.mkdir()
                paths = writer(folder, amap)
                result = import_table(paths, account=account)
                assert not result.problems, result.problems[:3]
                assert len(result.map.stakeholders) == len(amap.stakeholders)
                repeats = REPEATS.get(size, 5)
                ours = median_ms(lambda: import_table(paths, account=account),  # noqa: B023
                                 repeats)[0]
                baseline = median_ms(lambda: bare(paths, account), repeats)[0]  # noqa: B023
                print(f"| {size:,} | {rows:,} | {kind} | {ours:,.1f} | {baseline:,.1f} "
                      f"| {ours / baseline:.2f} |", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=sorted(REPEATS))
    parser.add_argument("--no-large", dest="large", action="store_false",
                        help="skip the issue-scale run (100,000 + 300,000 rows)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="runs of each issue-scale measurement (median)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--write", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.write:
        print(json.dumps([str(p) for p in write_large(Path(args.write))]))
        return 0
    if args.child:
        print(json.dumps(_child(args.child[0], args.child[1:])))
        return 0
    if args.large:
        large(args.repeats)
    if args.sizes:
        small(args.sizes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
