"""``kam import``: read CRM exports, spreadsheets and network files into account maps."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from graphlib_kam.errors import InputError, MapError
from graphlib_kam.importers import FORMATS, GROUPS, ImportResult, import_files, merge_into, slug
from graphlib_kam.store import FileStore, load_map, save_map

_SHOWN_PROBLEMS = 50

_EPILOG = """formats:
{formats}

examples:
  kam import table committee.xlsx -o acme.kam.json --account-name "Acme Bank"
  kam import table people.csv links.csv --delimiter ";" -o acme.kam.json
  kam import orgchart org.csv -o acme.kam.json
  kam import salesforce Contact.csv OpportunityContactRole.csv Opportunity.csv \\
      Account.csv -o portfolio/
  kam import salesforce *.csv --opportunity "Acme - Core upgrade" -o acme.kam.json
  kam import hubspot hubspot-contacts.csv -o portfolio/
  kam import kumu stakeholders.json -o acme.kam.json
  kam import edgelist advice.txt=advice reports.txt=reports-to \\
      --attributes people.csv --field role=LEVEL:1=decision-maker,2=influencer,3=user \\
      -o firm.kam.json

Problems (rows or values skipped or defaulted, each with its file, row and column) and
notes (what the importer decided) are reported; the map is written unless --strict is
given and there are problems. Importing into a map that exists merges by id: the
stakeholders in the input are updated (only the fields it has) or added, everything
else in the map is kept, and the revision goes up by one. --replace overwrites instead.
"""


def register(subparsers) -> None:
    formats = "\n".join(f"  {name:<11} {text}" for name, text in FORMATS.items())
    p = subparsers.add_parser(
        "import",
        help="import spreadsheets, org charts, Salesforce, HubSpot, Kumu or network files",
        description="Read CRM exports, spreadsheets and network files into account maps "
                    "(kam/1), reporting every row that could not be used.",
        epilog=_EPILOG.format(formats=formats),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("import_format", metavar="FORMAT",
                   help="table (csv, xlsx), orgchart, salesforce, hubspot, kumu, edgelist or "
                        "matrix")
    p.add_argument("files", metavar="FILE", nargs="+",
                   help="input files; for edgelist and matrix FILE=KIND names the relation")
    p.add_argument("-o", "--output", required=True, metavar="MAP",
                   help="the map file to write or merge into, or a folder (one map per "
                        "account or opportunity)")
    p.add_argument("--account-id", metavar="ID",
                   help="the account's id (default: from the output file name)")
    p.add_argument("--account-name", metavar="NAME", help="the account's name")
    p.add_argument("--industry", default="", help="the account's industry")
    p.add_argument("--field", action="append", default=[], metavar="FIELD=COLUMN[:CODE=TERM,…]",
                   help="read FIELD from COLUMN (a header or a 1-based position), "
                        "translating codes, e.g. role=LEVEL:1=decision-maker,3=user "
                        "(table, and the attributes of edgelist and matrix)")
    p.add_argument("--attributes", metavar="FILE",
                   help="edgelist/matrix: a table with one row per person")
    p.add_argument("--opportunity", metavar="ID_OR_NAME",
                   help="salesforce: only this opportunity (one map)")
    p.add_argument("--by", choices=GROUPS, dest="group",
                   help="salesforce: one map per opportunity (default) or per account")
    p.add_argument("--select", metavar="NAME",
                   help="salesforce: only this account or opportunity (id or name); "
                        "hubspot: only this company")
    p.add_argument("--encoding",
                   help="encoding of text inputs (default: detected — UTF-8, UTF-16 with "
                        "BOM, or GB18030), e.g. cp1252 or big5")
    p.add_argument("--delimiter", metavar="CHAR",
                   help="delimiter of text inputs (default: detected among , ; tab |), "
                        "e.g. ';' or tab")
    p.add_argument("--replace", "--force", action="store_true", dest="replace",
                   help="overwrite an existing map instead of merging into it (its revision "
                        "number continues)")
    p.add_argument("--strict", action="store_true",
                   help="write nothing if any row or value had a problem")
    p.add_argument("--format", choices=["text", "json"], default="text",
                   help="report format (json is a stable contract)")
    p.set_defaults(handler=cmd_import)


def _default_account_id(output: Path) -> str:
    name = output.name
    for suffix in (".kam.json", ".json"):
        name = name.removesuffix(suffix)
    return slug(name) or "imported"


def _targets(results: list[ImportResult], output: Path, *, is_folder: bool) -> list[Path]:
    if is_folder:
        if not output.is_dir():
            if not output.parent.is_dir():
                raise InputError(f"{output.parent}: no such folder")
            output.mkdir()
        store = FileStore(output)
        return [store.path_for(result.map.account.id) for result in results]
    if len(results) > 1:
        listed = ", ".join(f"{r.map.account.name} ({r.map.account.id}, "
                           f"{len(r.map.stakeholders)} people)" for r in results[:8])
        more = f" and {len(results) - 8} more" if len(results) > 8 else ""
        raise InputError(
            f"the input holds {len(results)} accounts; give a folder as -o to write one map "
            f"each, or --select one of them: {listed}{more}"
        )
    return [output]


def cmd_import(args) -> int:
    output = Path(args.output)
    is_folder = output.is_dir() or args.output.endswith(("/", os.sep))
    account_id = args.account_id or (None if is_folder else _default_account_id(output))
    results = import_files(
        args.import_format, args.files, account_id=account_id,
        account_name=args.account_name, industry=args.industry, fields=args.field,
        attributes=args.attributes, select=args.select, opportunity=args.opportunity,
        group=args.group, encoding=args.encoding, delimiter=args.delimiter,
    )
    targets = _targets(results, output, is_folder=is_folder)
    problems = sum(len(r.problems) for r in results)
    if args.strict and problems:
        _report(args, results, [None] * len(results))
        print(f"kam: error: {problems} problem(s) and --strict: nothing was written",
              file=sys.stderr)
        return 2
    merges = [None if args.replace or not path.exists() else _existing(path)
              for path in targets]
    results = [merge_into(old, r) if old is not None else r
               for r, old in zip(results, merges, strict=True)]
    written = [save_map(r.map, path, check_revision=old is not None).revision
               for r, path, old in zip(results, targets, merges, strict=True)]
    _report(args, results, [str(path) for path in targets], written,
            merged=[old is not None for old in merges])
    return 0


def _existing(path: Path):
    try:
        return load_map(path)
    except MapError as err:
        raise InputError(f"{path}: exists but cannot be merged into ({err}); --replace "
                         "overwrites it") from err


def _report(args, results: list[ImportResult], targets: list[str | None],
            revisions: list[int] | None = None, merged: list[bool] | None = None) -> None:
    if args.format == "json":
        maps = []
        for index, (result, target) in enumerate(zip(results, targets, strict=True)):
            entry = {"output": target, **result.to_dict()}
            entry["revision"] = revisions[index] if revisions else None
            entry["merged"] = bool(merged and merged[index])
            maps.append(entry)
        json.dump({"maps": maps}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    for index, (result, target) in enumerate(zip(results, targets, strict=True)):
        counts = result.counts()
        account = result.map.account
        head = "checked" if not target else (
            f"merged into {target} (revision {revisions[index]})"
            if merged and merged[index] and revisions else f"wrote {target}")
        print(f"{head}: {account.name or account.id} ({account.id}) — "
              f"{counts['stakeholders']} stakeholders, {counts['relationships']} "
              f"relationships, {counts['team']} team members, {counts['coverage']} "
              "coverage links")
        if result.problems:
            noun = "problem" if len(result.problems) == 1 else "problems"
            print(f"  {len(result.problems)} {noun} (skipped or defaulted):", file=sys.stderr)
            for problem in result.problems[:_SHOWN_PROBLEMS]:
                print(f"    {problem}", file=sys.stderr)
            if len(result.problems) > _SHOWN_PROBLEMS:
                print(f"    … and {len(result.problems) - _SHOWN_PROBLEMS} more "
                      "(--format json lists them all)", file=sys.stderr)
        for note in result.notes:
            print(f"  note: {note}", file=sys.stderr)
