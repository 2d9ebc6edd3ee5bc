"""ADAPTER — stand-ins for analyses that other modules are building.

Everything here is replaced by ``graphlib_kam.algorithms.analysis.analyze`` (coverage
score, gaps, penetration plan, interest matrix, change impact) and the influence
engineer's ``hidden_power`` and ``resilience`` once they land; :mod:`.data` is the only
caller. The rules follow DESIGN where they are implemented, and are deliberately partial.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from ..algorithms.influence import influence_rank
from ..algorithms.paths import approach_routes
from ..algorithms.whatif import route_changes
from ..graph import influence_graph
from ..model import AccountMap
from ..settings import Settings
from ..vocab import LEVELS, label

_SEVERITY = {"high": {"en": "high", "zh": "高"}, "medium": {"en": "medium", "zh": "中"},
             "low": {"en": "low", "zh": "低"}}
_TALKING = {
    "executive": {"en": "strategic value, ROI, risk", "zh": "战略价值、投资回报、风险"},
    "management": {"en": "execution cost, timeline, resources",
                   "zh": "执行成本、进度、资源投入"},
    "operational": {"en": "ease of use, daily workload, training",
                    "zh": "易用性、日常工作量、培训"},
}


def hidden_power(amap: AccountMap, scores: dict[str, float]) -> list[dict]:
    try:
        from ..algorithms.influence import hidden_power as computed
    except ImportError:
        return []
    return computed(amap, scores)


def coverage_quality(amap: AccountMap, settings: Settings) -> dict[str, float]:
    """q(s) of DESIGN: best link strength, halved when stale; 0 without a link."""
    today = settings.today()
    quality: dict[str, float] = {}
    for link in amap.coverage:
        stale = (link.last_contact is None
                 or (today - link.last_contact).days > settings.stale_days)
        q = link.strength / 2 if stale else link.strength
        quality[link.stakeholder] = max(quality.get(link.stakeholder, 0.0), q)
    return quality


def _covered(amap: AccountMap, settings: Settings) -> set[str]:
    today = settings.today()
    return {c.stakeholder for c in amap.coverage
            if c.strength >= settings.covered_min and c.last_contact is not None
            and (today - c.last_contact).days <= settings.stale_days}


def coverage_score(scores: dict[str, float], quality: dict[str, float]) -> float:
    total = sum(scores.values())
    if total <= 0:
        return 0.0
    return 100.0 * sum(score * quality.get(sid, 0.0) for sid, score in scores.items()) / total


def gaps(amap: AccountMap, settings: Settings, G: nx.DiGraph, routes: dict,
         quality: dict[str, float], scores: dict[str, float], lang: str) -> list[dict]:
    """Uncovered decision-makers and influencers only (the full catalogue is coverage.py's)."""
    covered = _covered(amap, settings)
    members = {t.id: t.name or t.id for t in amap.team}
    names = {s.id: s.label for s in amap.stakeholders}
    found = []
    for s in sorted(amap.stakeholders, key=lambda s: (-scores.get(s.id, 0), s.id)):
        if not s.active or s.id in covered or s.role not in ("decision-maker", "influencer"):
            continue
        kind = "uncovered-" + s.role
        severity = "high" if s.role == "decision-maker" else "medium"
        best = (routes.get(s.id) or [None])[0]
        if lang == "zh":
            message = f"{s.label}（{label(s.role, lang)}）没有有效覆盖"
            action = (f"请 {names.get(best.entry, best.entry)}（由 {members.get(best.member)} "
                      f"覆盖）引荐 {s.label}" if best and best.entry != s.id else
                      f"加强与 {s.label} 的直接联系")
        else:
            message = f"{s.label} ({label(s.role, lang)}) is not covered"
            action = (f"ask {names.get(best.entry, best.entry)} (covered by "
                      f"{members.get(best.member)}) to introduce you to {s.label}"
                      if best and best.entry != s.id else f"strengthen contact with {s.label}")
        found.append({"kind": kind, "severity": severity,
                      "severity_label": _SEVERITY[severity][lang], "stakeholder": s.id,
                      "stakeholder_name": s.label, "message": message, "action": action})
    found.sort(key=lambda g: ["high", "medium", "low"].index(g["severity"]))
    return found


def plan(amap: AccountMap, routes: dict, quality: dict, scores: dict, names: dict,
         lang: str) -> list[dict]:
    steps = []
    seen = set()
    people = amap.stakeholders_by_id()
    for sid in sorted(scores, key=lambda i: (-scores[i], i)):
        person = people[sid]
        if person.role not in ("decision-maker", "influencer") or quality.get(sid, 0) >= 0.5:
            continue
        best = (routes.get(sid) or [None])[0]
        if best is None:
            continue
        key = (best.member, best.nodes)
        if key in seen:
            continue
        seen.add(key)
        steps.append({"member": names.get(best.member, best.member),
                      "via": names.get(best.entry, best.entry), "target": person.label,
                      "path": " → ".join(names.get(n, n) for n in (best.member, *best.nodes)),
                      "strength": best.strength,
                      "talking_points": _TALKING[person.level][lang]})
    return steps


def matrix(amap: AccountMap, lang: str) -> list[dict]:
    rows = []
    for level in LEVELS:
        people = [s for s in amap.stakeholders if s.active and s.level == level]
        if not people:
            continue
        interests = Counter(i for s in people for i in s.interests)
        rows.append({"level": label(level, lang),
                     "people": ", ".join(s.label for s in people[:12])
                     + (" …" if len(people) > 12 else ""),
                     "interests": ", ".join(i for i, _ in interests.most_common(6)),
                     "talking_points": _TALKING[level][lang]})
    return rows


def resilience(amap: AccountMap, settings: Settings, G: nx.DiGraph) -> list[dict]:
    try:
        from ..algorithms.resilience import resilience as computed
    except ImportError:
        return []
    return computed(amap, settings=settings, graph=G)


def changes(old: AccountMap, new: AccountMap, settings: Settings, new_gaps: list[dict],
            lang: str) -> dict:
    items = []
    before, after = old.stakeholders_by_id(), new.stakeholders_by_id()
    for sid in sorted(after.keys() - before.keys()):
        items.append({"change": "added", "what": "stakeholder", "name": after[sid].label,
                      "detail": after[sid].title})
    for sid in sorted(before.keys() - after.keys()):
        items.append({"change": "removed", "what": "stakeholder", "name": before[sid].label,
                      "detail": before[sid].title})
    for sid in sorted(before.keys() & after.keys()):
        a, b = before[sid], after[sid]
        diffs = [f"{field}: {getattr(a, field)} → {getattr(b, field)}"
                 for field in ("status", "role", "level", "stance", "power", "title")
                 if getattr(a, field) != getattr(b, field)]
        if diffs:
            items.append({"change": "changed", "what": "stakeholder", "name": b.label,
                          "detail": "; ".join(diffs)})
    names = {s.id: s.label for s in old.stakeholders} | {s.id: s.label
                                                         for s in new.stakeholders}
    rel_old = {(r.kind, r.source, r.target): r for r in old.relationships}
    rel_new = {(r.kind, r.source, r.target): r for r in new.relationships}
    for key in sorted(rel_new.keys() - rel_old.keys()):
        items.append({"change": "added", "what": "relationship",
                      "name": f"{names.get(key[1])} → {names.get(key[2])}",
                      "detail": label(key[0], lang)})
    for key in sorted(rel_old.keys() - rel_new.keys()):
        items.append({"change": "removed", "what": "relationship",
                      "name": f"{names.get(key[1])} → {names.get(key[2])}",
                      "detail": label(key[0], lang)})
    members = {t.id: t.name or t.id for t in old.team} | {t.id: t.name or t.id
                                                          for t in new.team}
    cov_old = {(c.member, c.stakeholder): c for c in old.coverage}
    cov_new = {(c.member, c.stakeholder): c for c in new.coverage}
    for key in sorted(cov_old.keys() | cov_new.keys()):
        a, b = cov_old.get(key), cov_new.get(key)
        name = f"{members.get(key[0], key[0])} → {names.get(key[1], key[1])}"
        if a is None:
            items.append({"change": "added", "what": "coverage", "name": name,
                          "detail": f"{b.strength:.2f}"})
        elif b is None:
            items.append({"change": "removed", "what": "coverage", "name": name,
                          "detail": f"{a.strength:.2f}"})
        elif a.strength != b.strength:
            items.append({"change": "changed", "what": "coverage", "name": name,
                          "detail": f"{a.strength:.2f} → {b.strength:.2f}"})
    route_diff = route_changes(old, new, settings=settings)
    routes = route_diff["broken"] + route_diff["weakened"]
    G = influence_graph(old, settings=settings.influence)
    old_routes = {s.id: approach_routes(old, s.id, graph=G) for s in old.stakeholders
                  if s.id in G}
    old_gaps = gaps(old, settings, G, old_routes, coverage_quality(old, settings),
                    influence_rank(G, alpha=settings.alpha), lang)
    keys_old = {(g["kind"], g["stakeholder"]) for g in old_gaps}
    keys_new = {(g["kind"], g["stakeholder"]) for g in new_gaps}
    gap_items = ([{**g, "change": "opened"} for g in new_gaps
                  if (g["kind"], g["stakeholder"]) not in keys_old]
                 + [{**g, "change": "closed"} for g in old_gaps
                    if (g["kind"], g["stakeholder"]) not in keys_new])
    return {"items": items, "routes": routes, "gaps": gap_items}

