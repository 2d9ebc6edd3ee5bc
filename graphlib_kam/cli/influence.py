"""``kam rank``, ``brokers``, ``hidden``, ``paths``, ``resilience`` and ``whatif``.

Each command loads the map, calls :mod:`graphlib_kam.algorithms` and renders what comes
back; nothing is computed here. The analysis is imported inside each command, so that
the other commands start without networkx.
"""

from __future__ import annotations

import argparse

from graphlib_kam.cli._common import (
    add_as_of,
    add_format,
    add_lang,
    add_map,
    emit,
    load_map_from_args,
    signed,
    table,
)
from graphlib_kam.model import AccountMap
from graphlib_kam.settings import DEFAULT_SETTINGS, THRESHOLDS, Settings
from graphlib_kam.text import label, t


def _headers(lang: str, *names: str) -> list[str]:
    return [t(f"cli.col.{name}", lang) for name in names]


def _settings(args: argparse.Namespace) -> Settings:
    return DEFAULT_SETTINGS.with_overrides(
        alpha=getattr(args, "alpha", None), min_route=getattr(args, "min_route", None),
        as_of=getattr(args, "as_of", None))


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return value


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number in (0, 1]")
    return value


def _add_alpha(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--alpha", type=_fraction, default=None,
                        help="PageRank damping of the influence rank (default 0.85)")


def _add_min_route(parser: argparse.ArgumentParser) -> None:
    # The same flag, range and message as kam gaps/plan/diff/portfolio (settings.THRESHOLDS).
    threshold = next(t for t in THRESHOLDS if t.name == "min_route")

    def check(text: str):
        try:
            return threshold.check(text)
        except ValueError as err:
            raise argparse.ArgumentTypeError(
                str(err).removeprefix(f"{threshold.flag}: ")) from None

    parser.add_argument("--min-route", type=check, default=None, metavar="X",
                        help="a decision-maker needs an approach route at least this strong "
                             f"(default {threshold.default})")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "rank", help="influence rank: who the decision-makers listen to",
        description="Personalized PageRank on the reversed influence graph, personalised "
                    "on the decision-makers by power (DESIGN: influence rank).")
    add_map(p)
    add_format(p)
    add_lang(p)
    _add_alpha(p)
    p.add_argument("--top", type=_positive_int, help="show only the first N")
    p.set_defaults(handler=cmd_rank)

    p = subparsers.add_parser(
        "brokers", help="brokers: the people between us and the decision-makers",
        description="For each active stakeholder who is not a decision-maker, the share of "
                    "the strongest influence paths from anyone to a decision-maker that pass "
                    "through them (betweenness on the cost −ln(strength)); without "
                    "decision-makers, the paths between any two people. Decision-makers "
                    "are not listed.")
    add_map(p)
    add_format(p)
    add_lang(p)
    p.add_argument("--top", type=_positive_int, help="show only the first N")
    p.set_defaults(handler=cmd_brokers)

    p = subparsers.add_parser(
        "hidden", help="hidden power: influence far from what level and power suggest",
        description="Who really decides: people whose influence rank score is at least "
                    "twice, or at most half, the mean score of their level scaled by "
                    "their power.")
    add_map(p)
    add_format(p)
    add_lang(p)
    _add_alpha(p)
    p.add_argument("--all", action="store_true", dest="include_all",
                   help="list everyone, with their expected score and ratio")
    p.set_defaults(handler=cmd_hidden)

    p = subparsers.add_parser(
        "paths", help="strongest influence paths, or approach routes to a stakeholder",
        description="With --from: the k strongest simple influence paths between two "
                    "stakeholders. Without: every coverage link's best route to --to, "
                    "ranked by link quality × path strength (a link not in touch for "
                    "--stale-days counts half, so --as-of matters); routes never start at "
                    "or pass through an opposer.")
    add_map(p)
    add_format(p)
    add_lang(p)
    add_as_of(p)
    p.add_argument("--to", required=True, metavar="ID", help="the stakeholder to reach")
    p.add_argument("--from", dest="source", metavar="ID", help="the stakeholder to start at")
    p.add_argument("-k", type=_positive_int, default=3,
                   help="how many paths with --from (default 3)")
    p.add_argument("--avoid-opposers", action="store_true",
                   help="keep opposers (role opposer or stance ≤ −1) off the inside of paths")
    p.add_argument("--avoid", metavar="ID", nargs="+", action="extend", default=[],
                   help="keep these stakeholders off the inside of paths")
    p.set_defaults(handler=cmd_paths)

    p = subparsers.add_parser(
        "resilience", help="does each decision-maker's route survive losing one person?",
        description="For each decision-maker, the stakeholders and team members whose "
                    "loss would break every approach route or halve the best one.")
    add_map(p)
    add_format(p)
    add_lang(p)
    _add_min_route(p)
    p.set_defaults(handler=cmd_resilience)

    p = subparsers.add_parser(
        "whatif", help="what if some stakeholders or team members went away",
        description="Remove stakeholders or team members and report, against the "
                    "unchanged map, which approach routes to decision-makers broke or "
                    "weakened and how the influence rank moved.")
    add_map(p)
    add_format(p)
    add_lang(p)
    _add_alpha(p)
    _add_min_route(p)
    add_as_of(p)
    p.add_argument("--remove", required=True, nargs="+", action="extend", metavar="ID",
                   help="stakeholder or team member ids (--remove A B and --remove A "
                        "--remove B are the same)")
    p.set_defaults(handler=cmd_whatif)


# --- rank, brokers, hidden ------------------------------------------------------------

def cmd_rank(args) -> int:
    from graphlib_kam.algorithms import influence_rank, ranking
    from graphlib_kam.algorithms.graph import influence_graph

    amap = load_map_from_args(args)
    settings = _settings(args)
    scores = influence_rank(influence_graph(amap, settings=settings.influence),
                            alpha=settings.alpha)
    rows = [r.to_dict() for r in ranking(amap, scores)][: args.top]
    emit(args, {"ranking": rows}, lambda data: _render_rank(amap, data, args.lang))
    return 0


def _render_rank(amap: AccountMap, data: dict, lang: str) -> str:
    people = amap.stakeholders_by_id()
    rows = [[r["rank"], r["name"], r["id"], label(people[r["id"]].role, lang),
             label(people[r["id"]].level, lang), f"{r['score']:.3f}"]
            for r in data["ranking"]]
    heads = _headers(lang, "number", "name", "id", "role", "level", "score")
    return t(_title("cli.rank", amap), lang) + "\n\n" + table(rows, heads)


def _title(key: str, amap: AccountMap) -> str:
    """``key``, or its ``.no_dm`` variant on a map without an active decision-maker (the
    analysis then weighs everyone alike, and a title about the decision-makers would lie)."""
    if any(s.active and s.role == "decision-maker" for s in amap.stakeholders):
        return key
    return f"{key}.no_dm"


def cmd_brokers(args) -> int:
    from graphlib_kam.algorithms import brokers, ranking
    from graphlib_kam.algorithms.graph import influence_graph

    amap = load_map_from_args(args)
    scores = brokers(influence_graph(amap))
    rows = [{"id": r.id, "name": r.name, "score": r.score}
            for r in ranking(amap, scores)][: args.top]
    emit(args, {"brokers": rows}, lambda data: _render_brokers(amap, data, args.lang))
    return 0


def _render_brokers(amap: AccountMap, data: dict, lang: str) -> str:
    title = t(_title("cli.brokers", amap), lang)
    rows = [[r["name"], r["id"], f"{r['score']:.3f}"] for r in data["brokers"] if r["score"] > 0]
    if not rows:
        return title + "\n\n" + t("cli.no_brokers", lang)
    heads = _headers(lang, "name", "id", "betweenness")
    return title + "\n\n" + table(rows, heads)


def cmd_hidden(args) -> int:
    from graphlib_kam.algorithms import hidden_power, influence_rank
    from graphlib_kam.algorithms.graph import influence_graph

    amap = load_map_from_args(args)
    settings = _settings(args)
    scores = influence_rank(influence_graph(amap, settings=settings.influence),
                            alpha=settings.alpha)
    rows = hidden_power(amap, scores, include_all=args.include_all)
    emit(args, {"hidden": rows}, lambda data: _render_hidden(data, args.lang))
    return 0


def _render_hidden(data: dict, lang: str) -> str:
    if not data["hidden"]:
        return t("cli.hidden", lang) + "\n\n" + t("cli.no_hidden", lang)
    rows = [[h["name"], h["id"], label(h["level"], lang), h["power"], h["rank"],
             f"{h['score']:.3f}", f"{h['expected']:.3f}", f"{h['ratio']:.2f}×",
             t(f"cli.{h['direction']}", lang) if h["direction"] else ""]
            for h in data["hidden"]]
    heads = _headers(lang, "name", "id", "level", "power", "rank", "score", "expected", "ratio",
                     "meaning")
    return t("cli.hidden", lang) + "\n\n" + table(rows, heads)


# --- paths ----------------------------------------------------------------------------

def cmd_paths(args) -> int:
    from graphlib_kam.workflows.paths import find_paths

    amap = load_map_from_args(args)
    found = find_paths(amap, args.source, args.to, k=args.k, avoid=args.avoid,
                       avoid_opposers=args.avoid_opposers, settings=_settings(args))
    if args.source is not None:
        data, render = {"paths": found["paths"]}, _render_paths
    else:
        data, render = {"routes": found["routes"]}, _render_routes
    names = {s.id: s.label for s in amap.stakeholders}
    members = {t.id: t.name or t.id for t in amap.team}
    emit(args, data, lambda d: render(d, args, names, members, found["avoid"]))
    return 0


def _chain(nodes: list[str], names: dict[str, str]) -> str:
    return " → ".join(names.get(n, n) for n in nodes)


def _render_paths(data, args, names, members, avoid) -> str:
    lang = args.lang
    a, b = names.get(args.source, args.source), names.get(args.to, args.to)
    if not data["paths"]:
        return t("cli.no_path", lang, a=a, b=b)
    lines = [t("cli.paths_head", lang, a=a, b=b)]
    if avoid:
        lines.append(t("cli.avoiding", lang, names=", ".join(names[i] for i in avoid)))
    lines.append("")
    for i, path in enumerate(data["paths"], start=1):
        lines.append(f"{i}. {path['strength']:.3f}  {_chain(path['nodes'], names)}")
    return "\n".join(lines)


def _render_routes(data, args, names, members, avoid) -> str:
    lang = args.lang
    b = names.get(args.to, args.to)
    if not data["routes"]:
        return t("cli.no_route", lang, b=b)
    lines = [t("cli.routes_head", lang, b=b)]
    if avoid:
        lines.append(t("cli.avoiding", lang, names=", ".join(names[i] for i in avoid)))
    rows = [[f"{r['strength']:.3f}", members.get(r["member"], r["member"]),
             f"{r['coverage']:.2f}", f"{r['path_strength']:.3f}", _chain(r["nodes"], names)]
            for r in data["routes"]]
    heads = _headers(lang, "strength", "member", "quality", "path", "route")
    return "\n".join(lines) + "\n\n" + table(rows, heads)


# --- resilience and what-if -----------------------------------------------------------

def cmd_resilience(args) -> int:
    from graphlib_kam.algorithms import resilience

    amap = load_map_from_args(args)
    settings = _settings(args)
    data = {"resilience": resilience(amap, settings=settings)}
    emit(args, data, lambda d: _render_resilience(amap, d, args.lang, settings))
    return 0


def _render_resilience(amap: AccountMap, data: dict, lang: str, settings: Settings) -> str:
    names = {s.id: s.label for s in amap.stakeholders}
    members = {t.id: t.name or t.id for t in amap.team}
    lines = []
    for report in data["resilience"]:
        lines.append(f"{report['name']} ({report['stakeholder']})")
        best = report["best"]
        if report["survives"] is None:
            lines.append("  " + t("cli.unreachable", lang, min=settings.min_route))
            lines.append("")
            continue
        route = f"{members.get(best['member'], best['member'])} ⇒ {_chain(best['nodes'], names)}"
        lines.append("  " + t("cli.best", lang, strength=best["strength"], route=route))
        lines.append("  " + t("cli.survives" if report["survives"] else "cli.fragile", lang))
        for c in report["critical"]:
            who = f"{c['name']} ({t('cli.our_team', lang) if c['kind'] == 'member' else c['id']})"
            if c["effect"] == "breaks":
                lines.append("    ✗ " + t("cli.breaks", lang, who=who))
            else:
                lines.append("    ! " + t("cli.halves", lang, who=who, after=c["after_strength"],
                                            pct=c["ratio"]))
        lines.append("")
    return "\n".join(lines).rstrip()


def cmd_whatif(args) -> int:
    from graphlib_kam.workflows.whatif import what_if

    amap = load_map_from_args(args)
    impact = what_if(amap, args.remove, settings=_settings(args), lang=args.lang)
    emit(args, impact, lambda d: _render_whatif(amap, d, args))
    return 0


def _render_whatif(amap: AccountMap, data: dict, args) -> str:
    lang = args.lang
    names = {s.id: s.label for s in amap.stakeholders} | {t.id: t.name or t.id
                                                          for t in amap.team}
    gone = ", ".join(names.get(i, i) for i in args.remove)
    removed = [r for r in data["removed"] if r.get("kind") in ("stakeholder", "team-member")]
    lines = [t("cli.whatif_head", lang, names=gone),
             t("cli.removed_counts", lang, people=len(removed),
               other=len(data["removed"]) - len(removed)),
             t("cli.whatif.score", lang, old=f"{data['score']['old']:.1f}",
               new=f"{data['score']['new']:.1f}", old_support=signed(data["support_before"]),
               new_support=signed(data["support_after"])),
             "", t("cli.diff.alerts", lang)]

    def severity(value: str) -> str:
        return f"[{t('severity.' + value, lang).upper()}]"

    for alert in data["alerts"]:
        lines += [f"  {severity(alert['severity'])} {alert['message']}",
                  f"    → {alert['action']}"]
    if not data["alerts"]:
        lines.append("  " + t("cli.diff.nothing", lang))
    lines += ["", t("cli.routes_changed", lang)]
    if not data["broken_routes"]:
        lines.append("  " + t("cli.no_route_change", lang))
    for change in data["broken_routes"]:
        before, after = change.get("before") or {}, change.get("after") or {}
        dm = names.get(change["stakeholder"], change["stakeholder"])

        def route(r: dict) -> str:
            return f"{names.get(r['member'], r['member'])} ⇒ {_chain(r['nodes'], names)}"

        if change.get("reason") == "target-gone":
            lines.append("  ✗ " + t("cli.route_gone", lang, dm=dm, before=before["strength"]))
        elif change.get("change") == "broken":
            lines.append("  ✗ " + t("cli.route_broken", lang, dm=dm, before=before["strength"],
                                     route=route(before)))
        else:
            lines.append("  ↓ " + t("cli.route_weakened", lang, dm=dm,
                                     before=before["strength"], after=after["strength"],
                                     route=route(after)))
    moves = [r for r in data["rank_changes"] if r["rank_before"] != r["rank_after"]]
    lines += ["", t("cli.rank_moves", lang)]
    if moves:
        rows = [[r["name"], r["id"], r["rank_before"] or "—", r["rank_after"] or "—",
                 "" if r["moved"] is None else f"{r['moved']:+d}",
                 "" if r["score_before"] is None else f"{r['score_before']:.3f}",
                 "" if r["score_after"] is None else f"{r['score_after']:.3f}"]
                for r in moves]
        heads = _headers(lang, "name", "id", "before", "after", "moved", "score_before",
                         "score_after")
        lines.append(table(rows, heads))
    else:
        lines.append("  " + t("cli.no_rank_moves", lang))
    lines += ["", t("cli.gaps", lang, opened=len(data["gaps_opened"]),
                    closed=len(data["gaps_closed"]))]
    lines += [f"  + {severity(g['severity'])} {g['message']}" for g in data["gaps_opened"]]
    lines += [f"  − {severity(g['severity'])} {g['message']}" for g in data["gaps_closed"]]
    return "\n".join(lines)
