"""``kam gaps``, ``kam plan``, ``kam matrix`` and ``kam diff``: the blind-spot half."""

from __future__ import annotations

import argparse

from graphlib_kam.cli._common import (
    add_as_of,
    add_format,
    add_lang,
    add_map,
    add_settings,
    diff_maps_from_args,
    emit,
    load_map_from_args,
    settings_from_args,
    signed,
)
from graphlib_kam.errors import InputError
from graphlib_kam.model import AccountMap
from graphlib_kam.model.vocab import SEVERITIES
from graphlib_kam.settings import THRESHOLDS, Settings
from graphlib_kam.text import join, label, t


def register(subparsers) -> None:
    """Add gaps, plan, matrix and diff to ``kam``."""
    p = subparsers.add_parser(
        "gaps", help="blind spots of our coverage, with the coverage score and support",
        description="List the blind spots of our coverage — uncovered or unreachable "
                    "decision-makers, unaddressed opposers, departed contacts, no coverage, "
                    "single-threading, weak and stale contacts, level gaps, no champion — "
                    "each with a recommended action, most severe and influential first; "
                    "with the coverage score (0..100: how well our links reach the people "
                    "who matter) and support (−100..100: where the committee stands, "
                    "stance weighted by influence).")
    _analysis_options(p)
    p.add_argument("--min-severity", choices=list(SEVERITIES), default="low",
                   help="list only gaps of this severity or higher (default: all)")
    p.set_defaults(handler=cmd_gaps)

    p = subparsers.add_parser(
        "plan", help=f"penetration plan ({label('penetration-plan', 'zh')}): who asks whom "
                    "to meet whom, from the front line up",
        description="One step for every uncovered stakeholder we can reach: approach a "
                    "decision-maker, influencer or user through the best approach route "
                    "(never through an opposer), or address an opposer nobody addresses; "
                    "staged from the front line up — front-line needs, technical evaluation, "
                    f"executive strategy ({t('plan.stages', 'zh')}) — then by influence, "
                    "each with the talking points of the person to meet. An empty plan says "
                    "why.")
    _analysis_options(p)
    p.set_defaults(handler=cmd_plan)

    p = subparsers.add_parser(
        "matrix", help=f"interest matrix ({label('interest-matrix', 'zh')}): what each "
                      "level and role cares about",
        description="The interests recorded on the active stakeholders of each level and "
                    "role, with each level's default concerns.")
    add_map(p)
    add_format(p)
    add_lang(p)
    p.set_defaults(handler=cmd_matrix)

    p = subparsers.add_parser(
        "diff", help="change impact between two revisions of a map "
                    f"({label('change-impact', 'zh')})",
        description="Who was added, removed and changed between OLD and NEW, which approach "
                    "routes to decision-makers broke or weakened, which gaps opened or "
                    "closed, and personnel-change alerts. Both maps are judged on --as-of.")
    p.add_argument("old", metavar="OLD",
                   help="the earlier map file, or MAP@N: revision N of MAP's history "
                        "(with --from/--to: the map whose revisions to compare)")
    p.add_argument("new", metavar="NEW", nargs="?",
                   help="the later map file, or MAP@N")
    p.add_argument("--from", dest="from_revision", metavar="N", type=int,
                   help="compare revision N of OLD's history (default: the one before --to)")
    p.add_argument("--to", dest="to_revision", metavar="N", type=int,
                   help="with revision N of OLD's history (default: the current one)")
    add_format(p)
    add_lang(p)
    add_as_of(p)
    add_settings(p)
    p.set_defaults(handler=cmd_diff)


def _analysis_options(p: argparse.ArgumentParser) -> None:
    add_map(p)
    add_format(p)
    add_lang(p)
    add_as_of(p)
    add_settings(p)


def _head(amap: AccountMap, settings: Settings) -> dict:
    return {"account": {"id": amap.account.id, "name": amap.account.name},
            "revision": amap.revision, "as_of": settings.today().isoformat(),
            "settings": {th.name: getattr(settings, th.name) for th in THRESHOLDS}}


def _head_line(data: dict, lang: str) -> str:
    acc = data["account"]
    return t("cli.head", lang, account=acc["name"] or acc["id"], id=acc["id"],
             revision=data["revision"], as_of=data["as_of"])


# --- kam gaps -------------------------------------------------------------------------


def cmd_gaps(args) -> int:
    from graphlib_kam.algorithms.analysis import analyze

    amap = load_map_from_args(args)
    analysis = analyze(amap, settings=settings_from_args(args))
    cut = SEVERITIES.index(args.min_severity)
    gaps = [g for g in analysis.gaps if SEVERITIES.index(g.severity) <= cut]
    data = {**_head(amap, analysis.settings), "score": analysis.score,
            "support": analysis.support, "counts": analysis.gaps_by_severity(),
            "gaps": [g.to_dict(args.lang) for g in gaps]}
    emit(args, data, lambda d: _render_gaps(d, args.lang))
    return 0


def _subject(gap: dict, lang: str) -> str:
    # A level gap's stakeholder is the level itself (DESIGN), shown by its label.
    if gap.get("level") and not gap.get("name"):
        return label(gap["level"], lang)
    if gap["stakeholder"]:
        return gap["name"] or gap["stakeholder"]
    return t("cli.account_wide", lang)


def _render_gaps(data: dict, lang: str = "en") -> str:
    """The text of ``kam gaps``."""
    counts = data["counts"]
    lines = [_head_line(data, lang),
             t("cli.score", lang, score=f"{data['score']:.1f}",
               support=signed(data["support"])),
             t("cli.counts", lang, n=sum(counts.values()), **counts), ""]
    if not data["gaps"]:
        lines.append(t("cli.no_gaps", lang))
    for gap in data["gaps"]:
        subject = _subject(gap, lang)
        severity = t(f"severity.{gap['severity']}", lang)
        lines += [f"[{severity.upper()}] {t('kind.' + gap['kind'], lang)} — {subject}",
                  f"  {gap['message']}", f"  → {gap['action']}", ""]
    return "\n".join(lines).rstrip()


# --- kam plan -------------------------------------------------------------------------


def cmd_plan(args) -> int:
    from graphlib_kam.algorithms.analysis import analyze
    from graphlib_kam.present.plan import plan_view

    amap = load_map_from_args(args)
    analysis = analyze(amap, settings=settings_from_args(args))
    view = plan_view(analysis, args.lang)
    data = {**_head(amap, analysis.settings), "steps": view["steps"], "empty": view["empty"]}
    emit(args, data, lambda d: _render_plan(d, view, args.lang))
    return 0


def _render_plan(data: dict, view: dict, lang: str = "en") -> str:
    """The text of ``kam plan``: the steps under the method's stages, or why there are none."""
    lines = [f"{t('cli.plan.title', lang)} — {_head_line(data, lang)}"]
    if view["empty"]:
        return "\n".join([*lines, "", view["empty"]["message"]])
    lines.append(t("cli.plan.order", lang, stages=view["order"]))
    for stage in view["stages"]:
        lines += ["", stage["title"]]
        for step in stage["steps"]:
            kind = (t("cli.plan.kind", lang, kind=step["kind_label"])
                    if step["kind"] != "approach" else "")
            # The sentence is the gap's action word for word, route strength included.
            lines += [f"  {step['number']}. {kind}{step['text']}",
                      "     " + t("cli.plan.points", lang, points=join(
                          step["talking_points"], lang, conjunction=False))]
    return "\n".join(lines)


# --- kam matrix -----------------------------------------------------------------------


def cmd_matrix(args) -> int:
    from graphlib_kam.algorithms.matrix import interest_matrix

    amap = load_map_from_args(args)
    data = {"account": {"id": amap.account.id, "name": amap.account.name},
            "revision": amap.revision, **interest_matrix(amap).to_dict(args.lang)}
    emit(args, data, lambda d: _render_matrix(d, args.lang))
    return 0


def _render_matrix(data: dict, lang: str = "en") -> str:
    """The text of ``kam matrix``."""
    acc = data["account"]
    lines = [f"{t('cli.matrix.title', lang)} — {acc['name'] or acc['id']}", ""]
    for level in data["levels"]:
        lines.append(t("cli.matrix.level", lang, level=level["label"],
                       concerns=level["default_concerns"]))
        for cell in level["roles"]:
            if not cell["stakeholders"]:
                continue
            shown = join([i["interest"] + (f" ×{i['count']}" if i["count"] > 1 else "")
                          for i in cell["interests"]], lang, conjunction=False
                         ) or t("text.none", lang)
            lines.append("  " + t("cli.matrix.cell", lang, role=cell["label"],
                                  n=len(cell["stakeholders"]), interests=shown))
        lines.append("")
    return "\n".join(lines).rstrip()


# --- kam diff -------------------------------------------------------------------------


def cmd_diff(args) -> int:
    from graphlib_kam.algorithms.changes import change_impact

    old, new = diff_maps_from_args(args)
    if old.account.id != new.account.id:
        raise InputError(f"{args.old} and {args.new} are maps of different accounts "
                         f"({old.account.id!r} and {new.account.id!r}); diff compares two "
                         "revisions of one account")
    settings = settings_from_args(args)
    settings = settings.with_overrides(as_of=settings.today())
    impact = change_impact(old, new, settings=settings, lang=args.lang)
    data = {**_head(new, settings), **impact}
    names = {s.id: s.label for s in [*old.stakeholders, *new.stakeholders]}
    emit(args, data, lambda d: _render_diff(d, args.lang, names))
    return 0


def _stance(value: int) -> str:
    return f"{value:+d}" if value else "0"


def _paren(parts: list, lang: str) -> str:
    details = t("cli.diff.separator", lang).join(str(p) for p in parts)
    return t("cli.diff.details", lang, details=details)


def _item(item: dict, lang: str) -> str:
    kind = t(f"cli.item.{item['kind']}", lang)
    if item["kind"] == "stakeholder":
        covered = t("cli.diff.covered" if item["covered"] else "cli.diff.uncovered", lang)
        return f"{kind} {item['name']}" + _paren(
            [label(item["role"], lang), label(item["level"], lang), covered], lang)
    if item["kind"] == "team-member":
        return f"{kind} {item['name']}"
    if item["kind"] == "relationship":
        return (f"{kind} {item['source_name']} —{label(item['relationship'], lang)}→ "
                f"{item['target_name']}")
    return f"{kind} {item['member_name']} → {item['name']}" + _paren(
        [item["strength"], item["last_contact"] or "—"], lang)


def _link(link: dict) -> str:
    return f"{link['strength']} ({link['last_contact'] or '—'})"


def _changed(item: dict, lang: str, names: dict[str, str]) -> str:
    kind = t(f"cli.item.{item['kind']}", lang)
    if item["kind"] == "stakeholder":
        parts = []
        for change in item["changes"]:
            old, new = change["old"], change["new"]
            if change["field"] in ("role", "level", "status", "covered"):
                if change["field"] == "covered":
                    old, new = (t("cli.diff.covered" if v else "cli.diff.uncovered", lang)
                                for v in (old, new))
                else:
                    old, new = label(old, lang), label(new, lang)
            elif change["field"] == "stance":
                old, new = _stance(old), _stance(new)
            elif change["field"] == "successor":
                old, new = (names.get(v, v) if v else "—" for v in (old, new))
            parts.append(f"{t('cli.field.' + change['field'], lang)} {old} → {new}")
        return f"{item['name']}: " + "; ".join(parts)
    if item["kind"] == "relationship":
        return (f"{kind} {item['source_name']} —{label(item['relationship'], lang)}→ "
                f"{item['target_name']}: {item['old']} → {item['new']}")
    return (f"{kind} {item['member_name']} → {item['name']}: "
            f"{_link(item['old'])} → {_link(item['new'])}")


def _render_diff(data: dict, lang: str = "en", names: dict[str, str] | None = None) -> str:
    """The text of ``kam diff``; ``names`` shows a successor's name instead of the id."""
    names = names or {}
    acc = data["account"]
    score = data["score"]
    lines = [f"{t('cli.diff.title', lang, **data['revision'])} — {acc['name'] or acc['id']}"
             f" · {data['as_of']}",
             t("cli.diff.score", lang, old=f"{score['old']:.1f}", new=f"{score['new']:.1f}"),
             t("cli.diff.support", lang, old=signed(data["support_before"]),
               new=signed(data["support_after"]))]

    def section(title: str, rows: list[str]) -> None:
        lines.extend(["", t(title, lang)])
        lines.extend(rows or ["  " + t("cli.diff.nothing", lang)])

    def severity(value: str) -> str:
        return f"[{t('severity.' + value, lang).upper()}]"

    section("cli.diff.alerts", [
        row for a in data["alerts"]
        for row in (f"  {severity(a['severity'])} {a['message']}", f"    → {a['action']}")])
    section("cli.diff.added", [f"  + {_item(i, lang)}" for i in data["added"]])
    section("cli.diff.removed", [f"  - {_item(i, lang)}" for i in data["removed"]])
    section("cli.diff.changed", [f"  ~ {_changed(i, lang, names)}" for i in data["changed"]])
    section("cli.diff.routes", [
        f"  {'✗' if r['change'] == 'broken' else '↓'} {r['message']}"
        for r in data["broken_routes"]])
    for title, sign, gaps in (("cli.diff.opened", "+", data["gaps_opened"]),
                              ("cli.diff.closed", "-", data["gaps_closed"])):
        section(title, [f"  {sign} {severity(g['severity'])} {t('kind.' + g['kind'], lang)}"
                        f" — {_subject(g, lang)}" for g in gaps])
    return "\n".join(lines)

