"""``kam import``: read CRM exports, spreadsheets and network files into account maps."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from graphlib_kam.cli._common import add_lang, add_saved_by
from graphlib_kam.importers import FORMATS, GROUPS
from graphlib_kam.text import t

if TYPE_CHECKING:
    from graphlib_kam.workflows.importing import ImportedMap

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
  kam import ics meetings.ics -o acme.kam.json      # activities into an existing map
  kam import salesforce-activities Task.csv Event.csv -o acme.kam.json
  kam import kumu stakeholders.json -o acme.kam.json
  kam import edgelist advice.txt=advice reports.txt=reports-to \\
      --attributes people.csv --field role=LEVEL:1=decision-maker,2=influencer,3=user \\
      -o firm.kam.json

Problems (rows or values skipped or defaulted, each with its file, row and column) and
notes (what the importer decided) are reported; the map is written unless --strict is
given and there are problems. Activities (ics, salesforce-activities,
hubspot-activities) go into a map that exists, people matched by email (Salesforce: by
WhoId/OwnerId); unmatched addresses are reported and re-importing adds nothing.
Importing into a map that exists merges by id: the
stakeholders in the input are updated (only the fields it has) or added, everything
else in the map is kept, and the revision goes up by one. --replace overwrites instead.
Re-importing a CRM export (table, orgchart, salesforce, hubspot) into its map reports
personnel-change alerts: someone the export no longer holds (may have left; whoever is
new in their title is suggested as successor), a changed title or department, a new
executive, a new manager. Nobody is marked as left unless --apply-departures is given.
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
                   help="table (csv, xlsx), orgchart, salesforce, hubspot, kumu, edgelist, "
                        "matrix; ics, salesforce-activities, hubspot-activities")
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
    add_saved_by(p, "--saved-by")
    p.add_argument("--strict", action="store_true",
                   help="write nothing if any row or value had a problem")
    p.add_argument("--apply-departures", action="store_true",
                   help="mark the people a re-imported CRM export no longer holds as left "
                        "(with the suggested successor); by default they are only reported")
    add_lang(p)
    p.add_argument("--format", choices=["text", "json"], default="text",
                   help="report format (json is a stable contract)")
    p.set_defaults(handler=cmd_import)


def cmd_import(args) -> int:
    # The workflow loads the analysis (personnel alerts): only when an import runs.
    from graphlib_kam.workflows.importing import import_into

    imported = import_into(
        args.import_format, args.files, args.output, replace=args.replace,
        strict=args.strict, account_id=args.account_id, account_name=args.account_name,
        industry=args.industry, fields=args.field, attributes=args.attributes,
        select=args.select, opportunity=args.opportunity, group=args.group,
        encoding=args.encoding, delimiter=args.delimiter, saved_by=args.saved_by,
        apply_departures=args.apply_departures, lang=args.lang,
    )
    _report(args, imported)
    problems = sum(len(item.result.problems) for item in imported)
    if args.strict and problems:
        print(f"kam: error: {problems} problem(s) and --strict: nothing was written",
              file=sys.stderr)
        return 2
    return 0


def _report(args, imported: list[ImportedMap]) -> None:
    if args.format == "json":
        json.dump({"maps": [item.to_dict() for item in imported]}, sys.stdout,
                  ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    for item in imported:
        result = item.result
        counts = result.counts()
        account = result.account
        head = "checked" if not item.output else (
            f"merged into {item.output} (revision {item.revision})" if item.merged
            else f"wrote {item.output}")
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
        if item.alerts:
            print(f"  {t('cli.import.alerts', args.lang, n=len(item.alerts))}")
        for alert in item.alerts:
            level = t("severity." + alert["severity"], args.lang).upper()
            print(f"    [{level}] {alert['message']}")
            if alert["status"]:
                print(f"      → {alert['status']}")
