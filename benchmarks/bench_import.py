"""Benchmark: the spreadsheet importer against a bare stdlib/openpyxl reader.

For synthetic accounts of 40, 200 and 2,000 stakeholders (``generate_account``, fixed
seed) written as the sheets a team keeps — stakeholders, relationships, team and
coverage, with Chinese headers and terms — as CSV files and as one ``.xlsx`` workbook,
this times

* **ours**: :func:`graphlib_kam.importers.import_table` — file to a validated map with
  header matching, value checks, name resolution, merging and the problem report;
* **bare**: the same files read with ``csv.DictReader`` (or openpyxl's read-only rows),
  cells put straight into kam/1 dicts by fixed column names, then
  :func:`graphlib_kam.model.parse_map` — what a throwaway script would do, with none of
  the checks;

and prints a Markdown table of medians and the ratio ours / bare. Run with
``make bench`` or ``python benchmarks/bench_import.py [--sizes 40 200]``.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
from graphlib_kam.importers import import_table

from graphlib_kam.model import Account, parse_map
from graphlib_kam.synthetic import generate_account
from graphlib_kam.vocab import label

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


def _median_ms(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=sorted(REPEATS))
    args = parser.parse_args(argv)
    print(f"Spreadsheet import, four sheets; median wall time, synthetic accounts, seed "
          f"{SEED}\n")
    print("| stakeholders | rows | input | ours (ms) | bare (ms) | ours / bare |")
    print("| ---: | ---: | --- | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
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
                ours = _median_ms(lambda: import_table(paths, account=account),  # noqa: B023
                                  repeats)
                baseline = _median_ms(lambda: bare(paths, account), repeats)  # noqa: B023
                print(f"| {size:,} | {rows:,} | {kind} | {ours:,.1f} | {baseline:,.1f} "
                      f"| {ours / baseline:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
