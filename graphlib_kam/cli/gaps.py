"""``kam gaps``, ``kam plan``, ``kam matrix`` and ``kam diff``: the blind-spot half."""

from __future__ import annotations

import argparse

from graphlib_kam.algorithms.analysis import analyze
from graphlib_kam.algorithms.changes import change_impact
from graphlib_kam.algorithms.gaps import SEVERITIES
from graphlib_kam.algorithms.matrix import interest_matrix
from graphlib_kam.cli._common import (
    add_as_of,
    add_format,
    add_lang,
    add_map,
    add_settings,
    emit,
    load_map_from_args,
    settings_from_args,
)
from graphlib_kam.errors import InputError
from graphlib_kam.model import AccountMap
from graphlib_kam.model.vocab import label
from graphlib_kam.settings import THRESHOLDS, Settings
from graphlib_kam.store import load_map
from graphlib_kam.text import register as register_messages
from graphlib_kam.text import t

register_messages({
    "cli.head": {"en": "{account} ({id}) · revision {revision} · as of {as_of}",
                 "zh": "{account}（{id}）· 版本 {revision} · 截至 {as_of}"},
    "cli.score": {"en": "Coverage score: {score} / 100", "zh": "覆盖评分：{score} / 100"},
    "cli.counts": {"en": "{n} gaps: {high} high, {medium} medium, {low} low",
                   "zh": "共 {n} 个缺口：高 {high}，中 {medium}，低 {low}"},
    "cli.no_gaps": {"en": "No gaps: every rule is satisfied.",
                    "zh": "没有发现缺口：所有规则均满足。"},
    "cli.account_wide": {"en": "whole account", "zh": "整个客户"},
    "cli.plan.title": {"en": "Penetration plan", "zh": "关系渗透路径"},
    "cli.plan.targets": {"en": "Targets (uncovered decision-makers and influencers, most "
                               "influential first)",
                         "zh": "目标（未覆盖的决策者和影响者，按影响力排序）"},
    "cli.plan.none": {"en": "Nothing to plan: every decision-maker and influencer is "
                            "covered.",
                      "zh": "无需规划：所有决策者和影响者均已覆盖。"},
    "cli.plan.target": {"en": "{name} ({role}, {level}) — route {strength}, steps {steps}",
                        "zh": "{name}（{role}，{level}）— 路径强度 {strength}，步骤 {steps}"},
    "cli.plan.target_one": {"en": "{name} ({role}, {level}) — route {strength}, step {steps}",
                            "zh": "{name}（{role}，{level}）— 路径强度 {strength}，步骤 {steps}"},
    "cli.plan.weak": {"en": " (below {min}: weak)", "zh": "（低于 {min}，偏弱）"},
    "cli.plan.no_route": {"en": "{name} ({role}, {level}) — no route: nobody we cover "
                                "reaches them",
                          "zh": "{name}（{role}，{level}）— 无路径：我方覆盖的人都无法触达"},
    "cli.plan.steps": {"en": "Steps", "zh": "步骤"},
    "cli.plan.for": {"en": "for {names}", "zh": "服务于：{names}"},
    "cli.plan.points": {"en": "talking points: {points}", "zh": "沟通要点：{points}"},
    "cli.matrix.title": {"en": "Interest matrix", "zh": "利益矩阵"},
    "cli.matrix.level": {"en": "{level} — default concerns: {concerns}",
                         "zh": "{level} — 默认关注：{concerns}"},
    "cli.matrix.cell": {"en": "{role} ({n}): {interests}", "zh": "{role}（{n} 人）：{interests}"},
    "cli.diff.title": {"en": "Changes from revision {old} to {new}",
                       "zh": "从版本 {old} 到版本 {new} 的变化"},
    "cli.diff.score": {"en": "Coverage score: {old} → {new}", "zh": "覆盖评分：{old} → {new}"},
    "cli.diff.alerts": {"en": "Alerts", "zh": "警示"},
    "cli.diff.added": {"en": "Added", "zh": "新增"},
    "cli.diff.removed": {"en": "Removed", "zh": "移除"},
    "cli.diff.changed": {"en": "Changed", "zh": "变更"},
    "cli.diff.routes": {"en": "Approach routes to decision-makers that broke or weakened",
                        "zh": "断开或减弱的决策者接近路径"},
    "cli.diff.opened": {"en": "Gaps opened", "zh": "新出现的缺口"},
    "cli.diff.closed": {"en": "Gaps closed", "zh": "已消除的缺口"},
    "cli.diff.nothing": {"en": "(nothing)", "zh": "（无）"},
    "cli.diff.covered": {"en": "covered", "zh": "已覆盖"},
    "cli.diff.uncovered": {"en": "not covered", "zh": "未覆盖"},
    "cli.item.stakeholder": {"en": "stakeholder", "zh": "干系人"},
    "cli.item.team-member": {"en": "team member", "zh": "团队成员"},
    "cli.item.relationship": {"en": "relationship", "zh": "关系"},
    "cli.item.coverage": {"en": "coverage", "zh": "覆盖"},
    "cli.field.role": {"en": "role", "zh": "角色"},
    "cli.field.level": {"en": "level", "zh": "层级"},
    "cli.field.stance": {"en": "stance", "zh": "态度"},
    "cli.field.power": {"en": "power", "zh": "权力"},
    "cli.field.status": {"en": "status", "zh": "状态"},
    "cli.field.title": {"en": "title", "zh": "职务"},
    "cli.field.department": {"en": "department", "zh": "部门"},
    "cli.field.covered": {"en": "coverage", "zh": "覆盖"},
})


def register(subparsers) -> None:
    """Add gaps, plan, matrix and diff to ``kam``."""
    p = subparsers.add_parser(
        "gaps", help="blind spots of our coverage, with the coverage score",
        description="List the blind spots of our coverage — uncovered or unreachable "
                    "decision-makers, unaddressed opposers, departed contacts, "
                    "single-threading, weak and stale contacts, level gaps, no champion — "
                    "each with a recommended action, most severe and influential first, "
                    "and the coverage score (0..100).")
    _analysis_options(p)
    p.add_argument("--min-severity", choices=list(SEVERITIES), default="low",
                   help="list only gaps of this severity or higher (default: all)")
    p.set_defaults(handler=cmd_gaps)

    p = subparsers.add_parser(
        "plan", help="penetration plan (关系渗透路径): who asks whom to meet whom",
        description="For every uncovered decision-maker and influencer, most influential "
                    "first, the best approach route cut into introductions, with the "
                    "talking points of each person to meet.")
    _analysis_options(p)
    p.set_defaults(handler=cmd_plan)

    p = subparsers.add_parser(
        "matrix", help="interest matrix (利益矩阵): what each level and role cares about",
        description="The interests recorded on the active stakeholders of each level and "
                    "role, with each level's default concerns.")
    add_map(p)
    add_format(p)
    add_lang(p)
    p.set_defaults(handler=cmd_matrix)

    p = subparsers.add_parser(
        "diff", help="change impact between two revisions of a map (动态更新机制)",
        description="Who was added, removed and changed between OLD and NEW, which approach "
                    "routes to decision-makers broke or weakened, which gaps opened or "
                    "closed, and personnel-change alerts. Both maps are judged on --as-of.")
    p.add_argument("old", metavar="OLD", help="the earlier map file")
    p.add_argument("new", metavar="NEW", help="the later map file")
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
    amap = load_map_from_args(args)
    analysis = analyze(amap, settings=settings_from_args(args))
    cut = SEVERITIES.index(args.min_severity)
    gaps = [g for g in analysis.gaps if SEVERITIES.index(g.severity) <= cut]
    data = {**_head(amap, analysis.settings), "score": analysis.score,
            "counts": analysis.gaps_by_severity(),
            "gaps": [g.to_dict(args.lang) for g in gaps]}
    emit(args, data, lambda d: _render_gaps(d, args.lang))
    return 0


def _subject(gap: dict, lang: str) -> str:
    if gap["stakeholder"]:
        return gap["name"] or gap["stakeholder"]
    if gap["level"]:
        return label(gap["level"], lang)
    return t("cli.account_wide", lang)


def _render_gaps(data: dict, lang: str = "en") -> str:
    """The text of ``kam gaps``."""
    counts = data["counts"]
    lines = [_head_line(data, lang), t("cli.score", lang, score=f"{data['score']:.1f}"),
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
    amap = load_map_from_args(args)
    analysis = analyze(amap, settings=settings_from_args(args))
    data = {**_head(amap, analysis.settings), **analysis.plan.to_dict(args.lang)}
    emit(args, data, lambda d: _render_plan(d, args.lang))
    return 0


def _render_plan(data: dict, lang: str = "en") -> str:
    """The text of ``kam plan``."""
    lines = [f"{t('cli.plan.title', lang)} — {_head_line(data, lang)}", ""]
    if not data["targets"]:
        lines.append(t("cli.plan.none", lang))
        return "\n".join(lines)
    names = {s["target"]: s["target_name"] for s in data["steps"]}
    lines.append(t("cli.plan.targets", lang))
    min_route = data["settings"]["min_route"]
    for n, target in enumerate(data["targets"], start=1):
        values = {"name": target["name"], "role": label(target["role"], lang),
                  "level": label(target["level"], lang)}
        names[target["stakeholder"]] = target["name"]
        if target["route"] is None:
            lines.append(f"  {n}. " + t("cli.plan.no_route", lang, **values))
            continue
        key = "cli.plan.target_one" if len(target["steps"]) == 1 else "cli.plan.target"
        line = t(key, lang, strength=f"{target['route']['strength']:.2f}",
                 steps=", ".join(map(str, target["steps"])), **values)
        if not target["reachable"]:
            line += t("cli.plan.weak", lang, min=min_route)
        lines.append(f"  {n}. {line}")
    lines += ["", t("cli.plan.steps", lang)]
    for step in data["steps"]:
        serves = t("cli.plan.for", lang, names=[names.get(i, i) for i in step["for"]])
        lines += [f"  {step['number']}. {step['text']} — {step['strength']:.2f} — {serves}",
                  "     " + t("cli.plan.points", lang, points=step["talking_points"])]
    return "\n".join(lines)


# --- kam matrix -----------------------------------------------------------------------


def cmd_matrix(args) -> int:
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
            interests = ", " if lang == "en" else "、"
            shown = interests.join(
                i["interest"] + (f" ×{i['count']}" if i["count"] > 1 else "")
                for i in cell["interests"]) or t("text.none", lang)
            lines.append("  " + t("cli.matrix.cell", lang, role=cell["label"],
                                  n=len(cell["stakeholders"]), interests=shown))
        lines.append("")
    return "\n".join(lines).rstrip()


# --- kam diff -------------------------------------------------------------------------


def cmd_diff(args) -> int:
    old, new = load_map(args.old), load_map(args.new)
    if old.account.id != new.account.id:
        raise InputError(f"{args.old} and {args.new} are maps of different accounts "
                         f"({old.account.id!r} and {new.account.id!r}); diff compares two "
                         "revisions of one account")
    settings = settings_from_args(args)
    settings = settings.with_overrides(as_of=settings.today())
    impact = change_impact(old, new, settings=settings, lang=args.lang)
    data = {**_head(new, settings), **impact}
    emit(args, data, lambda d: _render_diff(d, args.lang))
    return 0


def _stance(value: int) -> str:
    return f"{value:+d}" if value else "0"


def _paren(parts: list, lang: str) -> str:
    text = ("，" if lang == "zh" else ", ").join(str(p) for p in parts)
    return f"（{text}）" if lang == "zh" else f" ({text})"


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


def _changed(item: dict, lang: str) -> str:
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
            parts.append(f"{t('cli.field.' + change['field'], lang)} {old} → {new}")
        return f"{item['name']}: " + "; ".join(parts)
    if item["kind"] == "relationship":
        return (f"{kind} {item['source_name']} —{label(item['relationship'], lang)}→ "
                f"{item['target_name']}: {item['old']} → {item['new']}")
    return (f"{kind} {item['member_name']} → {item['name']}: "
            f"{_link(item['old'])} → {_link(item['new'])}")


def _render_diff(data: dict, lang: str = "en") -> str:
    """The text of ``kam diff``."""
    acc = data["account"]
    score = data["score"]
    lines = [f"{t('cli.diff.title', lang, **data['revision'])} — {acc['name'] or acc['id']}"
             f" · {data['as_of']}",
             t("cli.diff.score", lang, old=f"{score['old']:.1f}", new=f"{score['new']:.1f}")]

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
    section("cli.diff.changed", [f"  ~ {_changed(i, lang)}" for i in data["changed"]])
    section("cli.diff.routes", [
        f"  {'✗' if r['change'] == 'broken' else '↓'} {r['message']}"
        for r in data["broken_routes"]])
    for title, sign, gaps in (("cli.diff.opened", "+", data["gaps_opened"]),
                              ("cli.diff.closed", "-", data["gaps_closed"])):
        section(title, [f"  {sign} {severity(g['severity'])} {t('kind.' + g['kind'], lang)}"
                        f" — {_subject(g, lang)}" for g in gaps])
    return "\n".join(lines)

