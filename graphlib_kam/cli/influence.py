"""``kam rank``, ``brokers``, ``hidden``, ``paths``, ``resilience`` and ``whatif``.

Each command loads the map, calls :mod:`graphlib_kam.algorithms` and renders what comes
back; nothing is computed here.
"""

from __future__ import annotations

import argparse

from graphlib_kam.algorithms import (
    approach_routes,
    brokers,
    hidden_power,
    influence_rank,
    opposer_ids,
    ranking,
    resilience,
    strongest_paths,
)
from graphlib_kam.algorithms.graph import influence_graph
from graphlib_kam.algorithms.whatif import what_if_removed
from graphlib_kam.cli._common import (
    add_as_of,
    add_format,
    add_lang,
    add_map,
    emit,
    load_map_from_args,
    table,
)
from graphlib_kam.errors import NotFoundError
from graphlib_kam.model import AccountMap
from graphlib_kam.model.vocab import label
from graphlib_kam.settings import DEFAULT_SETTINGS, THRESHOLDS, Settings
from graphlib_kam.text import t

_TEXT = {
    "rank": ("Influence rank (who the decision-makers listen to)",
             "影响力排名（决策者听谁的）"),
    "brokers": ("Brokers (people on many of the strongest influence paths)",
                "关键桥梁人物（位于多条最强影响路径上的人）"),
    "no_brokers": ("Nobody lies on a strongest path between two others.",
                   "没有人位于其他两人之间的最强路径上。"),
    "hidden": ("Hidden power: influence far from what level and power suggest",
               "隐性权力：实际影响力与层级、权力明显不符的人"),
    "no_hidden": ("Nobody's influence is far from what their level and power suggest.",
                  "没有人的影响力与其层级和权力明显不符。"),
    "above": ("more influence than the org chart shows", "影响力高于职位所示"),
    "below": ("less influence than the org chart shows", "影响力低于职位所示"),
    "no_path": ("No influence path from {a} to {b}.", "从 {a} 到 {b} 没有影响路径。"),
    "no_route": ("No approach route reaches {b}: nobody we cover can influence them.",
                 "没有接近 {b} 的路径：我方覆盖的人都影响不到此人。"),
    "paths_head": ("Strongest influence paths from {a} to {b}", "从 {a} 到 {b} 的最强影响路径"),
    "routes_head": ("Approach routes to {b} (coverage × path strength)",
                    "接近 {b} 的路径（覆盖强度 × 路径强度）"),
    "avoiding": ("avoiding: {names}", "绕开：{names}"),
    "unreachable": ("out of reach: no approach route of strength ≥ {min}",
                    "无法触达：没有强度 ≥ {min} 的接近路径"),
    "survives": ("survives losing any one person", "失去任何一人都不会断"),
    "fragile": ("does NOT survive losing one person", "失去一人就会断"),
    "breaks": ("losing {who} breaks every route", "失去 {who} 将切断所有路径"),
    "halves": ("losing {who} leaves {after:.2f} ({pct:.0%} of it)",
               "失去 {who} 后只剩 {after:.2f}（原来的 {pct:.0%}）"),
    "best": ("best route {strength:.2f}: {route}", "最佳路径 {strength:.2f}：{route}"),
    "our_team": ("our team", "我方"),
    "whatif_head": ("What if {names} went away", "如果失去 {names}"),
    "removed_counts": ("Removed: {people} (people), {other} (relationships, coverage links)",
                       "移除 {people} 人及 {other} 条关系和覆盖"),
    "routes_changed": ("Approach routes to decision-makers", "通往决策者的接近路径"),
    "no_route_change": ("No approach route to a decision-maker broke or weakened.",
                        "没有通往决策者的路径断开或变弱。"),
    "route_broken": ("{dm}: BROKEN — was {before:.2f} via {route}",
                     "{dm}：断开 — 原为 {before:.2f}，经 {route}"),
    "route_gone": ("{dm}: gone from the map (best route was {before:.2f})",
                   "{dm}：已不在图中（原最佳路径 {before:.2f}）"),
    "route_weakened": ("{dm}: weakened {before:.2f} → {after:.2f}, now {route}",
                       "{dm}：变弱 {before:.2f} → {after:.2f}，现经 {route}"),
    "rank_moves": ("Influence rank moves", "影响力排名变化"),
    "no_rank_moves": ("Nobody's influence rank moved.", "影响力排名没有变化。"),
    "gaps": ("Gaps opened: {opened}; closed: {closed}",
             "新出现的缺口：{opened}；消除的缺口：{closed}"),
}


def _t(key: str, lang: str, **values) -> str:
    en, zh = _TEXT[key]
    return (zh if lang == "zh" else en).format(**values)


def _headers(lang: str, *names: tuple[str, str]) -> list[str]:
    return [zh if lang == "zh" else en for en, zh in names]


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
        "brokers", help="brokers: people on many of the strongest influence paths",
        description="Normalized betweenness centrality on the cost −ln(strength).")
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
                    "ranked by coverage strength × path strength.")
    add_map(p)
    add_format(p)
    add_lang(p)
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
    heads = _headers(lang, ("#", "#"), ("name", "姓名"), ("id", "编号"), ("role", "角色"),
                     ("level", "层级"), ("score", "得分"))
    return _t("rank", lang) + "\n\n" + table(rows, heads)


def cmd_brokers(args) -> int:
    amap = load_map_from_args(args)
    scores = brokers(influence_graph(amap))
    rows = [{"id": r.id, "name": r.name, "score": r.score}
            for r in ranking(amap, scores)][: args.top]
    emit(args, {"brokers": rows}, lambda data: _render_brokers(data, args.lang))
    return 0


def _render_brokers(data: dict, lang: str) -> str:
    rows = [[r["name"], r["id"], f"{r['score']:.3f}"] for r in data["brokers"] if r["score"] > 0]
    if not rows:
        return _t("brokers", lang) + "\n\n" + _t("no_brokers", lang)
    heads = _headers(lang, ("name", "姓名"), ("id", "编号"), ("betweenness", "中介中心性"))
    return _t("brokers", lang) + "\n\n" + table(rows, heads)


def cmd_hidden(args) -> int:
    amap = load_map_from_args(args)
    settings = _settings(args)
    scores = influence_rank(influence_graph(amap, settings=settings.influence),
                            alpha=settings.alpha)
    rows = hidden_power(amap, scores, include_all=args.include_all)
    emit(args, {"hidden": rows}, lambda data: _render_hidden(data, args.lang))
    return 0


def _render_hidden(data: dict, lang: str) -> str:
    if not data["hidden"]:
        return _t("hidden", lang) + "\n\n" + _t("no_hidden", lang)
    rows = [[h["name"], h["id"], label(h["level"], lang), h["power"], h["rank"],
             f"{h['score']:.3f}", f"{h['expected']:.3f}", f"{h['ratio']:.2f}×",
             _t(h["direction"], lang) if h["direction"] else ""]
            for h in data["hidden"]]
    heads = _headers(lang, ("name", "姓名"), ("id", "编号"), ("level", "层级"),
                     ("power", "权力"), ("rank", "排名"), ("score", "得分"),
                     ("expected", "预期"), ("ratio", "比值"), ("meaning", "含义"))
    return _t("hidden", lang) + "\n\n" + table(rows, heads)


# --- paths ----------------------------------------------------------------------------

def _check_stakeholders(amap: AccountMap, ids: list[str], option: str) -> None:
    known = {s.id for s in amap.stakeholders}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise NotFoundError(f"{option}: no stakeholder has the id "
                            + ", ".join(map(repr, unknown)))


def cmd_paths(args) -> int:
    amap = load_map_from_args(args)
    _check_stakeholders(amap, args.avoid, "--avoid")
    avoid = set(args.avoid) | (opposer_ids(amap) if args.avoid_opposers else set())
    G = influence_graph(amap)
    names = {s.id: s.label for s in amap.stakeholders}
    if args.source is not None:
        found = strongest_paths(G, args.source, args.to, k=args.k, avoid=avoid)
        data = {"paths": [p.to_dict() for p in found]}
        render = _render_paths
    else:
        data = {"routes": [r.to_dict() for r in approach_routes(amap, args.to, graph=G,
                                                                 avoid=avoid)]}
        render = _render_routes
    members = {t.id: t.name or t.id for t in amap.team}
    emit(args, data, lambda d: render(d, args, names, members, sorted(avoid)))
    return 0


def _chain(nodes: list[str], names: dict[str, str]) -> str:
    return " → ".join(names.get(n, n) for n in nodes)


def _render_paths(data, args, names, members, avoid) -> str:
    lang = args.lang
    a, b = names.get(args.source, args.source), names.get(args.to, args.to)
    if not data["paths"]:
        return _t("no_path", lang, a=a, b=b)
    lines = [_t("paths_head", lang, a=a, b=b)]
    if avoid:
        lines.append(_t("avoiding", lang, names=", ".join(names[i] for i in avoid)))
    lines.append("")
    for i, path in enumerate(data["paths"], start=1):
        lines.append(f"{i}. {path['strength']:.3f}  {_chain(path['nodes'], names)}")
    return "\n".join(lines)


def _render_routes(data, args, names, members, avoid) -> str:
    lang = args.lang
    b = names.get(args.to, args.to)
    if not data["routes"]:
        return _t("no_route", lang, b=b)
    lines = [_t("routes_head", lang, b=b)]
    if avoid:
        lines.append(_t("avoiding", lang, names=", ".join(names[i] for i in avoid)))
    rows = [[f"{r['strength']:.3f}", members.get(r["member"], r["member"]),
             f"{r['coverage']:.2f}", f"{r['path_strength']:.3f}", _chain(r["nodes"], names)]
            for r in data["routes"]]
    heads = _headers(lang, ("strength", "强度"), ("member", "我方成员"),
                     ("coverage", "覆盖"), ("path", "路径强度"), ("route", "路径"))
    return "\n".join(lines) + "\n\n" + table(rows, heads)


# --- resilience and what-if -----------------------------------------------------------

def cmd_resilience(args) -> int:
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
            lines.append("  " + _t("unreachable", lang, min=settings.min_route))
            lines.append("")
            continue
        route = f"{members.get(best['member'], best['member'])} ⇒ {_chain(best['nodes'], names)}"
        lines.append("  " + _t("best", lang, strength=best["strength"], route=route))
        lines.append("  " + _t("survives" if report["survives"] else "fragile", lang))
        for c in report["critical"]:
            who = f"{c['name']} ({_t('our_team', lang) if c['kind'] == 'member' else c['id']})"
            if c["effect"] == "breaks":
                lines.append("    ✗ " + _t("breaks", lang, who=who))
            else:
                lines.append("    ! " + _t("halves", lang, who=who, after=c["after_strength"],
                                             pct=c["ratio"]))
        lines.append("")
    return "\n".join(lines).rstrip()


def cmd_whatif(args) -> int:
    amap = load_map_from_args(args)
    impact = what_if_removed(amap, args.remove, settings=_settings(args), lang=args.lang)
    emit(args, impact, lambda d: _render_whatif(amap, d, args))
    return 0


def _render_whatif(amap: AccountMap, data: dict, args) -> str:
    lang = args.lang
    names = {s.id: s.label for s in amap.stakeholders} | {t.id: t.name or t.id
                                                          for t in amap.team}
    gone = ", ".join(names.get(i, i) for i in args.remove)
    removed = [r for r in data["removed"] if r.get("kind") in ("stakeholder", "team-member")]
    lines = [_t("whatif_head", lang, names=gone),
             _t("removed_counts", lang, people=len(removed),
                other=len(data["removed"]) - len(removed)),
             "", _t("routes_changed", lang)]
    if not data["broken_routes"]:
        lines.append("  " + _t("no_route_change", lang))
    for change in data["broken_routes"]:
        before, after = change.get("before") or {}, change.get("after") or {}
        dm = names.get(change["stakeholder"], change["stakeholder"])

        def route(r: dict) -> str:
            return f"{names.get(r['member'], r['member'])} ⇒ {_chain(r['nodes'], names)}"

        if change.get("reason") == "target-gone":
            lines.append("  ✗ " + _t("route_gone", lang, dm=dm, before=before["strength"]))
        elif change.get("change") == "broken":
            lines.append("  ✗ " + _t("route_broken", lang, dm=dm, before=before["strength"],
                                      route=route(before)))
        else:
            lines.append("  ↓ " + _t("route_weakened", lang, dm=dm,
                                      before=before["strength"], after=after["strength"],
                                      route=route(after)))
    moves = [r for r in data["rank_changes"] if r["rank_before"] != r["rank_after"]]
    lines += ["", _t("rank_moves", lang)]
    if moves:
        rows = [[r["name"], r["id"], r["rank_before"] or "—", r["rank_after"] or "—",
                 "" if r["moved"] is None else f"{r['moved']:+d}",
                 "" if r["score_before"] is None else f"{r['score_before']:.3f}",
                 "" if r["score_after"] is None else f"{r['score_after']:.3f}"]
                for r in moves]
        heads = _headers(lang, ("name", "姓名"), ("id", "编号"), ("before", "之前"),
                         ("after", "之后"), ("moved", "变化"), ("score before", "之前得分"),
                         ("score after", "之后得分"))
        lines.append(table(rows, heads))
    else:
        lines.append("  " + _t("no_rank_moves", lang))
    lines += ["", _t("gaps", lang, opened=len(data["gaps_opened"]),
                     closed=len(data["gaps_closed"]))]
    def severity(value: str) -> str:
        return f"[{t('severity.' + value, lang).upper()}]"

    lines += [f"  + {severity(g['severity'])} {g['message']}" for g in data["gaps_opened"]]
    lines += [f"  − {severity(g['severity'])} {g['message']}" for g in data["gaps_closed"]]
    return "\n".join(lines)
