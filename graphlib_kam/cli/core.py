"""``kam validate`` and ``kam show``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from graphlib_kam.cli._common import add_format, add_lang, add_map, emit, load_map_from_args, table
from graphlib_kam.errors import (
    MAX_PROBLEMS,
    InputError,
    MapFormatError,
    MapValidationError,
    NotFoundError,
    Problem,
)
from graphlib_kam.model.summary import map_summary
from graphlib_kam.text import label, t, tn


def register(subparsers) -> None:
    p = subparsers.add_parser("validate", help="check a map file against kam/1",
                              description="Check a map file and list its problems (the "
                                          f"first {MAX_PROBLEMS}; the others are counted).")
    p.add_argument("map", metavar="MAP", help="account map file (kam/1 JSON)")
    add_format(p)
    add_lang(p)
    p.set_defaults(handler=cmd_validate)

    p = subparsers.add_parser("show", help="summarise a map: committee, team, coverage",
                              description="Counts per role and level, our team and who "
                                          "covers whom.")
    add_map(p)
    add_format(p)
    add_lang(p)
    p.set_defaults(handler=cmd_show)


def cmd_validate(args) -> int:
    from graphlib_kam.store import load_map

    name = str(Path(args.map))
    try:
        amap = load_map(args.map)
        problems: list[Problem] = []
        more = 0
    except MapValidationError as err:
        amap, problems, more = None, err.problems, err.more
    except (MapFormatError, NotFoundError, InputError) as err:
        amap, problems, more = None, [Problem(name, str(err).removeprefix(f"{name}: "))], 0
    ok = not problems
    if args.format == "json":
        report = {"ok": ok, "errors": [p.to_dict() for p in problems]}
        if more:  # the problems after the first MAX_PROBLEMS, counted
            report["more"] = more
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif ok:
        print(f"{args.map}: OK — {amap.account.name or amap.account.id}, revision "
              f"{amap.revision}, {len(amap.stakeholders)} stakeholders, "
              f"{len(amap.relationships)} relationships, {len(amap.coverage)} coverage links")
    else:
        # One self-contained line per problem (file: field path: message), like a compiler.
        for problem in problems:
            line = str(problem) if problem.where == name else f"{name}: {problem}"
            print(line, file=sys.stderr)
        if more:
            print(f"{name}: {tn('problems.more', more, args.lang)}", file=sys.stderr)
        if len(problems) + more > 1:
            print(f"{name}: {len(problems) + more} problems", file=sys.stderr)
    return 0 if ok else 2


def cmd_show(args) -> int:
    summary = map_summary(load_map_from_args(args))
    emit(args, summary, lambda s: render_summary(s, args.lang))
    return 0


def render_summary(s: dict, lang: str = "en") -> str:
    acc = s["account"]
    lines = [
        t("cli.show.head", lang, account=acc["name"] or acc["id"], id=acc["id"],
          revision=s["revision"]),
        t("cli.show.counts", lang, active=s["stakeholders"], left=s["left"],
          relationships=s["relationships"]),
        "",
        table([[label(k, lang), v] for k, v in s["by_role"].items()],
              [t("cli.show.role", lang), t("cli.show.count", lang)]),
        "",
        table([[label(k, lang), v] for k, v in s["by_level"].items()],
              [t("cli.show.level", lang), t("cli.show.count", lang)]),
        "",
        t("cli.show.team", lang),
    ]
    for member in s["team"]:
        covers = ", ".join(
            f"{c['name']}{_left_mark(c, lang)} ({c['strength']:.2g}, {c['last_contact'] or '—'})"
            for c in member["covers"]
        ) or t("cli.show.nobody", lang)
        lines.append(f"  {member['name'] or member['id']}: {covers}")
    return "\n".join(lines)


def _left_mark(cover: dict, lang: str) -> str:
    if cover.get("status") != "left":
        return ""
    return f" [{label('left', lang)}]"
