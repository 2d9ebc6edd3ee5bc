"""The text people act on, as readable Markdown cards instead of table cells.

A table cell cuts a recommended action, a step's "what to do" or a matrix cell
mid-sentence; these functions write the gaps, the plan (with each step's owner, due date
and done state), the interest matrix and change alerts as Markdown blocks that wrap. Every
user-written value goes through :func:`~graphlib_kam.explorer.text.md` (escaped); the
words come from the catalogue. Nothing here imports streamlit.

>>> print(_line("label", "x*y", "en"))
label: x\\*y
"""

from __future__ import annotations

from typing import Any

from graphlib_kam.explorer.text import md
from graphlib_kam.present.tasks import task_rows
from graphlib_kam.text import join, label, t

__all__ = ["alert_cards", "gap_cards", "hidden_bars", "matrix_cards", "person_plan",
           "plan_cards"]

_SEVERITIES = ("high", "medium", "low")


def _line(name: str, value: str, lang: str) -> str:
    """``name: value`` (``name：value`` in Chinese), the value escaped."""
    return f"{name}{t('explorer.colon', lang)}{md(value)}"


def gap_cards(analysis, lang: str) -> list[dict[str, Any]]:
    """The gaps by severity, most severe first: ``[{"severity", "title", "count",
    "markdown"}]`` (severities without gaps left out). Each gap is one list item: its
    kind and who, the message, then the recommended action in full."""
    out = []
    gaps = [gap.to_dict(lang) for gap in analysis.gaps]
    for severity in _SEVERITIES:
        mine = [g for g in gaps if g["severity"] == severity]
        if not mine:
            continue
        items = []
        for gap in mine:
            who = gap.get("name") or (label(gap["level"], lang) if gap.get("level") else "")
            kind = t("kind." + gap["kind"], lang)
            head = f"**{md(kind)}**" + (f" — {md(who)}" if who else "")
            action = _line(f"*{t('explorer.col.action', lang)}*", gap["action"], lang)
            items.append(f"- {head}  \n  {md(gap['message'])}  \n  {action}")
        out.append({"severity": severity, "count": len(mine),
                    "title": t("explorer.gaps.severity", lang,
                               severity=t(f"severity.{severity}", lang), n=len(mine)),
                    "markdown": "\n".join(items)})
    return out


def plan_cards(analysis, lang: str) -> dict[str, Any]:
    """The plan by stage, each step a list item with what to do, the talking points and
    its tracking: ``{"stages": [{"title", "markdown"}], "left": markdown or "",
    "rows": task_rows}``; ``left`` lists tracked steps no longer in the plan."""
    rows = task_rows(analysis, lang)
    stages: list[dict[str, Any]] = []
    for row in rows:
        if not row["in_plan"]:
            continue
        title = t(f"plan.stage.{row['stage']}", lang)
        if not stages or stages[-1]["title"] != title:
            stages.append({"title": title, "items": []})
        stages[-1]["items"].append(_step_item(row, lang))
    left = [_step_item(row, lang) for row in rows if not row["in_plan"]]
    return {"stages": [{"title": s["title"], "markdown": "\n".join(s["items"])}
                       for s in stages],
            "left": "\n".join(left), "rows": rows}


def person_plan(analysis, sid: str, lang: str) -> dict[str, str]:
    """What the plan says about one person, for their card: ``{"step", "gaps"}``, both
    Markdown or ``""``. ``step`` is their step in the staged plan (stage, the step with
    its route and talking points, its owner, due date and done state); ``gaps`` lists
    their gaps, most severe first, each with its recommended action."""
    step = ""
    for row in task_rows(analysis, lang):
        if row["in_plan"] and row["target"] == sid:
            stage = t(f"plan.stage.{row['stage']}", lang)
            step = f"*{md(stage)}*  \n" + _step_item(row, lang)[2:]
            break
    items = []
    for gap in sorted((g for g in analysis.gaps if g.stakeholder == sid),
                      key=lambda g: _SEVERITIES.index(g.severity)):
        gap = gap.to_dict(lang)
        head = (f"**{md(t('severity.' + gap['severity'], lang))} · "
                f"{md(t('kind.' + gap['kind'], lang))}**")
        action = _line(f"*{t('explorer.col.action', lang)}*", gap["action"], lang)
        items.append(f"- {head}  \n  {md(gap['message'])}  \n  {action}")
    return {"step": step, "gaps": "\n".join(items)}


def _step_item(row: dict, lang: str) -> str:
    number = f"{row['number']}. " if row["number"] is not None else ""
    head = f"**{number}{md(row['kind_label'])} · {md(row['target_name'])}**"
    if row["strength"] is not None:
        head += " · " + t("explorer.plan.strength", lang, strength=f"{row['strength']:.2f}")
    lines = [f"- {'~~' if row['done'] else ''}{head}{'~~' if row['done'] else ''}",
             f"  {md(row['text'])}"]
    if row["talking_points"]:
        lines.append("  " + _line(t("explorer.col.talking_points", lang),
                                  join(row["talking_points"], lang, conjunction=False), lang))
    lines.append("  " + _tracking(row, lang))
    return "  \n".join(lines)


def _tracking(row: dict, lang: str) -> str:
    parts = [t("explorer.plan.done" if row["done"] else "explorer.plan.open", lang)]
    if row["owner_name"]:
        parts.append(t("explorer.plan.owner", lang, owner=md(row["owner_name"])))
    if row["due"]:
        parts.append(t("explorer.plan.due", lang, due=md(row["due"])))
    return "*" + " · ".join(parts) + "*"


def matrix_cards(analysis, lang: str) -> list[dict[str, str]]:
    """The interest matrix, one card per level: ``[{"title", "markdown"}]`` — the level's
    default concerns, then per role who is there and what they care about."""
    out = []
    for level in analysis.matrix.to_dict(lang)["levels"]:
        items = [_line(t("explorer.col.default_concerns", lang),
                       join(level["default_concerns"], lang, conjunction=False), lang)]
        for cell in level["roles"]:
            if not cell["stakeholders"]:
                continue
            people = join([p["name"] for p in cell["stakeholders"]], lang, conjunction=False)
            interests = join([i["interest"] + (f" ×{i['count']}" if i["count"] > 1 else "")
                              for i in cell["interests"]], lang, conjunction=False)
            item = f"- **{md(cell['label'])}**{t('explorer.colon', lang)}{md(people)}"
            if interests:
                item += "  \n  " + _line(t("explorer.col.interests", lang),
                                          interests, lang)
            items.append(item)
        out.append({"title": level["label"], "markdown": "\n".join(items)})
    return out


def alert_cards(alerts: list[dict], lang: str) -> str:
    """Change alerts (:func:`~graphlib_kam.algorithms.changes.change_impact`'s ``alerts``)
    as a Markdown list: severity, who, the message and the action in full."""
    items = []
    for alert in alerts:
        severity = t("severity." + alert["severity"], lang)
        item = f"- **{md(severity)} · {md(alert['name'])}**  \n  {md(alert['message'])}"
        if alert.get("action"):
            item += "  \n  " + _line(f"*{t('explorer.col.action', lang)}*", alert["action"],
                                      lang)
        items.append(item)
    return "\n".join(items)


def hidden_bars(hidden: list[dict]) -> list[dict[str, Any]]:
    """The hidden-power chart's bars: ``{"person", "difference"}`` with difference =
    ratio − 1, so that a longer bar to the right is more hidden power, 0 is as expected
    and −0.5 is half the expected influence; the most hidden power first.

    >>> hidden_bars([{"rank": 4, "name": "A", "ratio": 0.4}, {"rank": 9, "name": "B",
    ...              "ratio": 2.5}])
    [{'person': '  9. B', 'difference': 1.5}, {'person': '  4. A', 'difference': -0.6}]
    """
    bars = [{"person": f"{row['rank']:>3}. {row['name']}",
             "difference": round(row["ratio"] - 1, 2)} for row in hidden]
    return sorted(bars, key=lambda bar: -bar["difference"])
