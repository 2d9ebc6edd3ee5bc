"""``kam report`` and ``kam export``: the output file's suffix chooses the format.

Both check the suffix before any work (an unknown one exits 2 listing the supported
ones), and write atomically: on an error nothing half-written is left. The writers are
imported when a command runs (they load networkx, reportlab or openpyxl).
"""

from __future__ import annotations

import argparse

from graphlib_kam.cli._common import add_as_of, add_lang, add_map, load_map_from_args
from graphlib_kam.present.formats import (
    EXPORT_FORMATS,
    REPORT_FORMATS,
    export_format,
    report_format,
)
from graphlib_kam.settings import DEFAULT_SETTINGS
from graphlib_kam.store import load_map


def register(subparsers) -> None:
    formats = ", ".join(f"{suffix} ({what})" for suffix, what in REPORT_FORMATS.items())
    p = subparsers.add_parser(
        "report", help="write an influence report (.html, .pdf, .md, .xlsx)",
        description="Write an influence report of the map: coverage score, committee, "
                    "influence ranking and hidden power, brokers, gaps and actions, "
                    "penetration plan, interest matrix, resilience and, with --since, what "
                    f"changed. The suffix of FILE chooses the format: {formats}.",
    )
    add_map(p)
    p.add_argument("-o", "--output", metavar="FILE", required=True,
                   help="report file; its suffix chooses the format")
    add_lang(p)
    add_as_of(p)
    p.add_argument("--since", metavar="OLD_MAP",
                   help="an older revision of the same account: adds what changed")
    p.set_defaults(handler=cmd_report)

    formats = ", ".join(f"{suffix} ({what})" for suffix, what in EXPORT_FORMATS.items())
    p = subparsers.add_parser(
        "export", help="export the map for other tools (.graphml, .gexf, .json, .cypher, "
                       ".csv, .kumu.json, .kumu.xlsx)",
        description=f"Export the map. The suffix of FILE chooses the format: {formats}. "
                    "A .csv name writes NAME.stakeholders.csv, NAME.relationships.csv, "
                    "NAME.team.csv and NAME.coverage.csv (or only the table it names, "
                    "as in NAME.stakeholders.csv).",
    )
    add_map(p)
    p.add_argument("-o", "--output", metavar="FILE", required=True,
                   help="export file; its suffix chooses the format")
    p.set_defaults(handler=cmd_export)


def cmd_report(args: argparse.Namespace) -> int:
    from graphlib_kam.present.report import write_report

    report_format(args.output)
    amap = load_map_from_args(args)
    since = load_map(args.since) if args.since else None
    settings = DEFAULT_SETTINGS.with_overrides(as_of=args.as_of)
    path = write_report(amap, args.output, settings=settings, lang=args.lang, since=since)
    print(path)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from graphlib_kam.present.export import write_export

    export_format(args.output)
    amap = load_map_from_args(args)
    for path in write_export(amap, args.output):
        print(path)
    return 0
