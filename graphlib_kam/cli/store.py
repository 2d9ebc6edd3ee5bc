"""``kam push``, ``kam pull``, ``kam accounts`` and ``kam portfolio``: the shared store.

The Neo4j server comes from ``--uri`` / ``KAM_NEO4J_URI``, the login from ``--user`` /
``KAM_NEO4J_USER`` and ``KAM_NEO4J_PASSWORD`` (never an option), the database from
``--database`` / ``KAM_NEO4J_DATABASE``.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graphlib_kam.cli._common import (
    add_as_of,
    add_format,
    add_lang,
    add_saved_by,
    add_settings,
    emit,
    settings_from_args,
    signed,
    table,
)
from graphlib_kam.cli.store_args import open_store_from_args
from graphlib_kam.errors import InputError
from graphlib_kam.present.deal import money
from graphlib_kam.present.output import write_files
from graphlib_kam.safe import formula_safe, strip_controls
from graphlib_kam.store import dumps_map, open_store
from graphlib_kam.store.base import Store
from graphlib_kam.text import t

__all__ = ["register"]

_CSV_COLUMNS = ("id", "name", "revision", "stakeholders", "score", "support", "high_gaps", "gaps",
                "top_gap_kind", "top_gap_severity", "top_gap_stakeholder",
                "top_gap_message", "top_gap_action", "location", "error", "deal_name",
                "deal_stage", "deal_amount", "deal_currency", "deal_close_date",
                "deal_status", "at_risk")


def _add_server(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("Neo4j server")
    group.add_argument("--uri", help="Neo4j URI, e.g. neo4j+s://HOST or bolt://HOST:7687 "
                                     "(default: $KAM_NEO4J_URI)")
    group.add_argument("--user", help="Neo4j user (default: $KAM_NEO4J_USER or neo4j); "
                                      "the password is read from $KAM_NEO4J_PASSWORD only")
    group.add_argument("--database", help="Neo4j database (default: $KAM_NEO4J_DATABASE "
                                          "or the server's default)")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "push", help="save maps to the team's Neo4j store",
        description="Save each map (or every map of a folder) to Neo4j, one transaction "
                    "per account. A map must carry the revision the store holds (as "
                    "pulled); it is then saved at the next revision, which is also "
                    "written back to the file. A stale map is refused and nothing changes.")
    p.add_argument("maps", metavar="MAP", nargs="+", help="map files or folders of them")
    p.add_argument("--keep-file", action="store_true",
                   help="do not write the new revision back to the map file")
    add_saved_by(p)
    _add_server(p)
    add_format(p)
    p.set_defaults(handler=cmd_push)

    p = subparsers.add_parser(
        "pull", help="fetch an account's map from the Neo4j store",
        description="Write an account's map from Neo4j to a file (kam/1 JSON), at the "
                    "revision the store holds.")
    p.add_argument("account", metavar="ACCOUNT", help="account id (kam accounts lists them)")
    p.add_argument("-o", "--output", metavar="MAP", required=True,
                   help="file to write; - for standard output")
    p.add_argument("--force", action="store_true", help="replace MAP if it exists")
    _add_server(p)
    p.set_defaults(handler=cmd_pull)

    p = subparsers.add_parser(
        "accounts", help="list the accounts of the Neo4j store (or of a folder)",
        description="List the accounts of the Neo4j store; with FOLDER (or a URI), of "
                    "that folder of maps (or that server).")
    p.add_argument("source", metavar="FOLDER|URI", nargs="?",
                   help="a folder of maps, or a Neo4j URI (default: the Neo4j store)")
    p.add_argument("--store", choices=["neo4j"], default="neo4j",
                   help="the store to list (neo4j, the default, when no FOLDER is given)")
    _add_server(p)
    add_format(p)
    p.set_defaults(handler=cmd_accounts)

    p = subparsers.add_parser(
        "portfolio", help="one row per account: score, support, high gaps, top gap, worst "
                          "first",
        description="Analyse every account of a folder of maps or of the Neo4j store "
                    "(--store neo4j, or a URI) in parallel worker processes: coverage "
                    "score (0..100), support (−100..100), high-severity gaps and the top "
                    "gap, worst account first.")
    p.add_argument("source", metavar="FOLDER|URI", nargs="?",
                   help="a folder of maps, or a Neo4j URI")
    p.add_argument("--store", choices=["file", "neo4j"], default=None,
                   help="neo4j: the accounts of the Neo4j store")
    _add_server(p)
    add_format(p, choices=("text", "json", "csv"))
    add_lang(p)
    add_as_of(p)
    add_settings(p)
    p.add_argument("--workers", type=int, default=None,
                   help="worker processes (default: one per core)")
    p.add_argument("--engine", choices=["local", "spark"], default="local",
                   help="local: worker processes on this machine (default); spark: Apache "
                        "Spark (the spark extra and Java 17), for portfolios beyond one "
                        "machine")
    p.add_argument("--spark-master", metavar="URL", default=None,
                   help="with --engine spark: Spark's master (default local[*])")
    p.add_argument("--tables", action="store_true",
                   help="with --engine spark: FOLDER holds Parquet tables (accounts, team, "
                        "stakeholders, relationships, coverage, activities), not map files")
    p.add_argument("--no-progress", action="store_true",
                   help="no progress bar (it is shown only on a terminal anyway)")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write to FILE instead of standard output")
    p.set_defaults(handler=cmd_portfolio)


# --- push / pull ----------------------------------------------------------------------


def cmd_push(args) -> int:
    from graphlib_kam.workflows.push import load_map_files, push_maps

    maps = load_map_files(args.maps)  # every file is checked before the server is asked
    with open_store_from_args(args) as store:
        results = push_maps(maps, store, keep_file=args.keep_file, saved_by=args.saved_by)
    emit(args, {"pushed": results}, _render_pushed)
    if args.format == "text":
        for item in results:
            if item["error"]:
                print(f"kam: error: {item['file']}: {item['error']}", file=sys.stderr)
    return 2 if any(item["error"] for item in results) else 0


def _render_pushed(data: dict) -> str:
    lines = []
    for item in data["pushed"]:
        if not item["pushed"]:
            continue
        note = ", file updated" if item["file_updated"] else ""
        lines.append(f"pushed {item['id']} ({item['name'] or item['id']}) from "
                     f"{item['file']}: revision {item['revision']}{note}")
    return "\n".join(lines)


def cmd_pull(args) -> int:
    with open_store_from_args(args) as store:
        amap = store.load(args.account)
    text = dumps_map(amap)
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    path = Path(args.output)
    if path.exists() and not args.force:
        raise InputError(f"{path}: the file exists; give --force to replace it, or pull "
                         "into another file to compare")
    write_files({path: text.encode("utf-8")})
    print(f"pulled {amap.account.id} ({amap.account.name or amap.account.id}) at revision "
          f"{amap.revision} to {path}", file=sys.stderr)
    return 0


# --- accounts / portfolio -------------------------------------------------------------


@contextlib.contextmanager
def _open_source(args) -> Iterator[Store]:
    """A folder's FileStore, or the Neo4j store (a URI in SOURCE, or the options)."""
    source = args.source
    store_flag = getattr(args, "store", None)
    if args.command == "accounts" and source and "://" not in source:
        store_flag = None  # kam accounts FOLDER: --store neo4j is only its default
    if source and "://" not in source and store_flag != "neo4j":
        yield open_store(source, backend="file")
        return
    if source and "://" not in source:
        raise InputError("give either FOLDER or --store neo4j, not both")
    if source:
        if args.uri and args.uri != source:
            raise InputError("give the Neo4j URI once: as FOLDER|URI or as --uri")
        args.uri = source
    with open_store_from_args(args) as store:
        yield store


def cmd_accounts(args) -> int:
    with _open_source(args) as store:
        accounts = [a.to_dict() for a in store.list_accounts()]
    emit(args, {"accounts": accounts}, _render_accounts)
    return 0


def _render_accounts(data: dict) -> str:
    if not data["accounts"]:
        return "no accounts"
    return table([[a["id"], a["name"], a["revision"], a["stakeholders"]]
                  for a in data["accounts"]], ["account", "name", "revision", "stakeholders"])


def cmd_portfolio(args) -> int:
    from graphlib_kam.workflows.portfolio import portfolio_rows

    if args.workers is not None and args.workers < 1:
        raise InputError(f"--workers {args.workers}: expected 1 or more")
    if not args.source and args.store != "neo4j":
        raise InputError("give a FOLDER of maps, a Neo4j URI, or --store neo4j")
    settings = settings_from_args(args)
    if args.engine == "spark":
        rows = _spark_rows(args, settings)
        return _write_portfolio(args, settings, rows)
    if args.tables or args.spark_master:
        raise InputError(f"{'--tables' if args.tables else '--spark-master'} needs "
                         "--engine spark")
    bar = _ProgressBar() if not args.no_progress and sys.stderr.isatty() else None
    with _open_source(args) as store:
        try:
            rows = portfolio_rows(store, settings=settings, workers=args.workers,
                                  progress=bar, lang=args.lang)
        finally:
            if bar:
                bar.close()
    return _write_portfolio(args, settings, rows)


def _spark_rows(args, settings) -> list[dict]:
    """The rows from Spark (imported here: nothing else loads PySpark)."""
    from graphlib_kam.workflows.spark import DEFAULT_MASTER, spark_portfolio_rows

    if args.workers is not None:
        raise InputError("--workers is for --engine local; Spark's master sets the cores "
                         "(--spark-master local[4], or a cluster URL)")
    master = args.spark_master or DEFAULT_MASTER
    if args.tables:
        if not args.source or "://" in args.source:
            raise InputError("--tables needs FOLDER, a folder of Parquet tables")
        return spark_portfolio_rows(args.source, tables=True, settings=settings,
                                    lang=args.lang, master=master)
    with _open_source(args) as store:
        return spark_portfolio_rows(store, settings=settings, lang=args.lang, master=master)


def _write_portfolio(args, settings, rows: list[dict]) -> int:
    data = {"as_of": settings.today().isoformat(), "accounts": rows}
    if args.format == "csv":
        text = _csv(rows)
    elif args.format == "json":
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = _render_portfolio(data, args.lang) + "\n"
    if args.output:
        bom = "\ufeff" if args.format == "csv" else ""  # Excel reads UTF-8 CSV by its BOM
        write_files({args.output: (bom + text).encode("utf-8")})
    else:
        sys.stdout.write(text)
    unreadable = sum(1 for r in rows if r["error"])
    if unreadable:
        print(f"kam: {unreadable} of {len(rows)} accounts could not be read (see the error "
              "column)", file=sys.stderr)
    return 0


def _render_portfolio(data: dict, lang: str) -> str:
    from graphlib_kam.workflows.portfolio import deal_group

    rows = data["accounts"]
    if not rows:
        return t("cli.portfolio.empty", lang)
    headers = [t(f"cli.portfolio.col.{name}", lang)
               for name in ("account", "name", "people", "score", "support", "high", "deal",
                            "at_risk", "top_gap")]
    groups: dict[str, list[list]] = {"open": [], "won": [], "lost": []}
    for r in rows:
        cells = groups[deal_group(r)]
        if r["error"]:
            cells.append([r["id"], r["name"], "", "", "", "", "", "",
                          _clip(f"error: {r['error']}")])
            continue
        top, deal = r["top_gap"], r["deal"] or {}
        cells.append([r["id"], _clip(r["name"], 30), r["stakeholders"], f"{r['score']:.1f}",
                      signed(r["support"]), r["high_gaps"],
                      _clip(" · ".join(filter(None, (
                          money(deal.get("amount"), deal.get("currency", "")),
                          deal.get("stage", "")))), 28) or "—",
                      money(r["at_risk"], deal.get("currency", "")) or "—",
                      _clip(f"{t('kind.' + top['kind'], lang)}: {top['message']}", 60) if top
                      else "—"])
    head = t("cli.portfolio.head", lang, n=len(rows), as_of=data["as_of"])
    out = head
    if groups["open"]:
        out += "\n\n" + table(groups["open"], headers)
    for status in ("won", "lost"):
        if groups[status]:
            out += (f"\n\n{t('deal.group.' + status, lang)} ({len(groups[status])})\n\n"
                    + table(groups[status], headers))
    return out


def _clip(text: str, width: int = 70) -> str:
    text = " ".join(strip_controls(str(text)).split())
    return text if len(text) <= width else text[:width - 1] + "…"


def _csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_CSV_COLUMNS)
    for r in rows:
        top = r["top_gap"] or {}
        values = [r["id"], r["name"], r["revision"], r["stakeholders"], r["score"],
                  r["support"], r["high_gaps"], r["gaps"], top.get("kind"), top.get("severity"),
                  top.get("stakeholder"), top.get("message"), top.get("action"),
                  r["location"], r["error"]]
        deal = r["deal"] or {}
        values += [deal.get(k) for k in ("name", "stage", "amount", "currency", "close_date",
                                         "status")] + [r["at_risk"]]
        writer.writerow(["" if v is None else
                         formula_safe(strip_controls(v)) if isinstance(v, str) else v
                         for v in values])
    return out.getvalue()


class _ProgressBar:
    """``[#####-----] 1,234/10,000 accounts`` on stderr, redrawn in place."""

    def __init__(self, width: int = 30):
        self.width = width
        self.drawn = False

    def __call__(self, done: int, total: int | None) -> None:
        if total:
            filled = int(self.width * done / total)
            bar = "#" * filled + "-" * (self.width - filled)
            text = f"[{bar}] {done:,}/{total:,} accounts"
        else:
            text = f"{done:,} accounts analysed"
        sys.stderr.write("\r" + text)
        sys.stderr.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            sys.stderr.write("\n")
            sys.stderr.flush()
