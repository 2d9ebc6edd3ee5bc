"""The committee as an org chart: who reports to whom, in labelled tiers, one card per
person with badges for role, stance and coverage.

* :func:`org_tree` — the tree (a pure function of the map): each active stakeholder's
  manager from ``reports-to``, the roots (people without a manager on the map), the depth
  of everyone, and the links dropped to break a reporting cycle;
* :func:`build_orgchart_data` — a :class:`~graphlib_kam.present.viz.GraphView` of the
  tree: cards at fixed positions tier by tier (a wide tier wraps into rows), solid lines
  from manager to report, dotted ``influences`` lines on demand. It is drawn by the one
  module that writes graph HTML (:func:`~graphlib_kam.present.graph_page.render_html`),
  offline and escaped like the committee graph.

Examples
--------
>>> from graphlib_kam.model import parse_map
>>> m = parse_map({"account": {"id": "a"}, "stakeholders": [
...     {"id": "ceo"}, {"id": "cto"}, {"id": "dev"}, {"id": "ops"}],
...     "relationships": [{"source": "cto", "target": "ceo", "kind": "reports-to"},
...                       {"source": "dev", "target": "cto", "kind": "reports-to"}]})
>>> tree = org_tree(m)
>>> tree.roots, tree.tiers
(['ceo', 'ops'], [['ceo', 'ops'], ['cto'], ['dev']])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from graphlib_kam.algorithms.analysis import Analysis
from graphlib_kam.model import AccountMap
from graphlib_kam.present.layout import tiered_positions
from graphlib_kam.present.tiered import FIXED_OPTIONS, tier_labels
from graphlib_kam.present.viz import (
    EDGE_COLOURS,
    ROLE_COLOURS,
    STANCE_BORDERS,
    GraphView,
)
from graphlib_kam.text import check_lang, label, t

__all__ = ["ORG_PER_ROW", "OrgTree", "build_orgchart_data", "org_tree"]

ORG_PER_ROW = 8
"""The most cards on one row of a tier; a wider tier wraps."""

_LEVEL_ORDER = {"executive": 0, "management": 1, "operational": 2}
_CARD_FILL = {"decision-maker": "#ece7f6", "influencer": "#e3f0f8", "user": "#f1f1f1",
              "opposer": "#fcebe1"}
_COVERAGE_MARK = {"covered": "✔", "weak": "◐", "stale": "◷", "uncovered": "✖"}


@dataclass
class OrgTree:
    """The reporting tree of a map's active stakeholders.

    Attributes
    ----------
    manager : dict
        ``{id: manager id}`` for everyone with a manager in the tree.
    roots : list of str
        People without a manager (or whose reporting line was cut to break a cycle),
        most senior first: level, then power (high first), then map order.
    tiers : list of list of str
        Everyone by depth (the roots are tier 0), each tier in tree order: a manager's
        reports together, in the order of their managers.
    cycle_breaks : list of (str, str)
        ``(subordinate, manager)`` links left out because they closed a cycle.
    also_reports_to : list of (str, str)
        Further ``reports-to`` links of people with more than one manager (a matrix
        organisation); drawn, but not part of the tree.
    """

    manager: dict[str, str] = field(default_factory=dict)
    roots: list[str] = field(default_factory=list)
    tiers: list[list[str]] = field(default_factory=list)
    cycle_breaks: list[tuple[str, str]] = field(default_factory=list)
    also_reports_to: list[tuple[str, str]] = field(default_factory=list)

    @property
    def depth(self) -> dict[str, int]:
        """``{id: tier}``."""
        return {sid: d for d, tier in enumerate(self.tiers) for sid in tier}


def org_tree(amap: AccountMap) -> OrgTree:
    """The reporting tree of ``amap``'s active stakeholders, from ``reports-to``.

    A person's manager is the target of their first ``reports-to`` relationship whose
    ends are both active (later ones are ``also_reports_to``). Where the managers form a
    cycle, the link out of the cycle's first member in map order is cut, so that person
    becomes a root; nothing is lost, every active stakeholder is in exactly one tier.

    Examples
    --------
    >>> from graphlib_kam.model import parse_map
    >>> loop = parse_map({"account": {"id": "a"}, "stakeholders": [
    ...     {"id": "a"}, {"id": "b"}, {"id": "c"}],
    ...     "relationships": [{"source": "a", "target": "b", "kind": "reports-to"},
    ...                       {"source": "b", "target": "c", "kind": "reports-to"},
    ...                       {"source": "c", "target": "a", "kind": "reports-to"}]})
    >>> tree = org_tree(loop)
    >>> tree.cycle_breaks, tree.tiers
    ([('a', 'b')], [['a'], ['c'], ['b']])
    """
    people = [s for s in amap.stakeholders if s.active]
    order = {s.id: i for i, s in enumerate(people)}
    by_id = {s.id: s for s in people}
    tree = OrgTree()
    for rel in amap.relationships:
        if rel.kind != "reports-to" or rel.source not in order or rel.target not in order:
            continue
        if rel.source in tree.manager:
            tree.also_reports_to.append((rel.source, rel.target))
        else:
            tree.manager[rel.source] = rel.target
    for person in people:  # map order: the first member of a cycle is cut
        seen: list[str] = []
        node = person.id
        while node in tree.manager and node not in seen:
            seen.append(node)
            node = tree.manager[node]
        if node in seen:  # a cycle through node
            cycle = seen[seen.index(node):]
            first = min(cycle, key=order.__getitem__)
            tree.cycle_breaks.append((first, tree.manager.pop(first)))
    children: dict[str, list[str]] = {}
    for sid, boss in tree.manager.items():
        children.setdefault(boss, []).append(sid)

    def seniority(sid: str) -> tuple:
        person = by_id[sid]
        return (_LEVEL_ORDER.get(person.level, 3), -person.power, order[sid])

    tree.roots = sorted((s.id for s in people if s.id not in tree.manager), key=seniority)
    tier = tree.roots
    while tier:
        tree.tiers.append(tier)
        tier = [child for sid in tier for child in sorted(children.get(sid, ()),
                                                             key=seniority)]
    return tree


def build_orgchart_data(
    analysis: Analysis,
    *,
    lang: str = "en",
    influences: bool = False,
    per_row: int = ORG_PER_ROW,
) -> GraphView:
    """The org chart of an analysed map as a :class:`GraphView` with fixed positions.

    Each card shows the name, the title and a line of badges — role, stance and how we
    cover them (✔ covered, ◐ weak, ◷ stale, ✖ not covered, with the coverage gap when
    there is one); its fill follows the role and its border the stance, as on the
    committee graph. Tiers are labelled (tier 1 = the top of the reporting lines).

    Parameters
    ----------
    analysis : Analysis
    lang : {"en", "zh"}
    influences : bool, keyword-only
        Also draw the ``influences`` relationships, dotted.
    per_row : int, keyword-only
        The most cards on one row of a tier.

    Examples
    --------
    >>> from graphlib_kam.algorithms import analyze
    >>> from graphlib_kam.model.synthetic import generate_account
    >>> view = build_orgchart_data(analyze(generate_account(30, seed=1)), lang="zh")
    >>> [n["label"] for n in view.nodes if n["side"] == "tier"][:2]
    ['第 1 层', '第 2 层']
    """
    check_lang(lang)
    text = partial(t, lang=lang)
    amap = analysis.amap
    tree = org_tree(amap)
    people = amap.stakeholders_by_id()
    gaps = {}
    for gap in analysis.gaps:
        gaps.setdefault(gap.stakeholder, gap.kind)
    positions, tiers = tiered_positions(list(enumerate(tree.tiers)), per_row=per_row,
                                        x_gap=215.0, row_gap=110.0, tier_gap=50.0)
    nodes = []
    for sid, (x, y) in positions.items():
        nodes.append(_card(people[sid], analysis, gaps.get(sid), text, lang) | {
            "x": x, "y": y, "fixed": {"x": True, "y": True}, "tier": tree.depth[sid]})
    nodes += tier_labels(tiers, positions, lambda tier: text("org.tier", n=tier.key + 1))
    edges = []
    for index, (sid, boss) in enumerate(sorted(tree.manager.items(),
                                               key=lambda item: positions[item[0]])):
        edges.append(_edge(f"o{index}", boss, sid, "reports-to", dashes=False, text=text,
                           people=people, lang=lang))
    for index, (sid, boss) in enumerate(tree.also_reports_to + tree.cycle_breaks):
        edges.append(_edge(f"m{index}", boss, sid, "reports-to", dashes=[2, 6], text=text,
                           people=people, lang=lang))
    if influences:
        for index, rel in enumerate(amap.relationships):
            if rel.kind == "influences" and rel.source in positions and rel.target in positions:
                edges.append(_edge(f"i{index}", rel.source, rel.target, "influences",
                                   dashes=[3, 4], text=text, people=people, lang=lang,
                                   arrow=True, strength=rel.strength))
    notices = []
    if tree.cycle_breaks:
        notices.append(text("org.cycle", names=", ".join(
            f"{people[a].label} → {people[b].label}" for a, b in tree.cycle_breaks)))
    if not tree.manager and nodes:
        notices.append(text("org.no_lines"))
    return GraphView(
        nodes=nodes, edges=edges, legend=_legend(text, lang, influences), notices=notices,
        total=len(positions), shown=len(positions), options=FIXED_OPTIONS,
        title=amap.account.name or amap.account.id, lang=lang,
    )


def coverage_state(analysis: Analysis, sid: str) -> str:
    """``covered``, ``stale`` (a strong link, every one stale), ``weak`` (links, all
    weak) or ``uncovered`` — the order of the coverage gaps."""
    coverage = analysis.coverage[sid]
    if coverage.covered:
        return "covered"
    if not coverage.links:
        return "uncovered"
    return "stale" if any(not link.weak for link in coverage.links) else "weak"


def _card(person, analysis: Analysis, gap: str | None, text: Callable[..., str],
          lang: str) -> dict:
    state = coverage_state(analysis, person.id)
    border, width = STANCE_BORDERS[person.stance]
    badges = [label(person.role, lang), f"{person.stance:+d} {text(f'stance.{person.stance}')}",
              f"{_COVERAGE_MARK[state]} {text(f'org.coverage.{state}')}"]
    lines = [person.label]
    if person.title:
        lines.append(person.title)
    lines.append(" · ".join(badges))
    tip = list(lines[:-1])
    tip += [f"{label(person.role, lang)} · {label(person.level, lang)}",
            text("graph.stance_line", stance=person.stance, word=text(f"stance.{person.stance}")),
            f"{text('org.coverage')}: {text(f'org.coverage.{state}')}"]
    if gap:
        tip.append(f"{text('org.gap')}: {t(f'kind.{gap}', lang)}")
    fill = _CARD_FILL[person.role]
    return {
        "id": person.id,
        "label": "\n".join(lines),
        "shape": "box",
        "margin": 8,
        "widthConstraint": {"minimum": 120, "maximum": 170},
        "color": {"background": fill, "border": border,
                  "highlight": {"background": fill, "border": ROLE_COLOURS[person.role]},
                  "hover": {"background": fill, "border": border}},
        "borderWidth": max(1, width - 1),
        "font": {"color": "#222222", "size": 13, "multi": False},
        "side": "customer",
        "role": person.role,
        "stance": person.stance,
        "status": person.status,
        "coverage_badge": state,  # not "coverage": the committee graph rings that one
        "badges": badges,
        "tip": tip,
    }


def _edge(edge_id: str, source: str, target: str, kind: str, *, dashes, text, people,
          lang: str, arrow: bool = False, strength: float | None = None) -> dict:
    colour = EDGE_COLOURS[kind] if kind == "influences" else "#6b8fb3"
    if kind == "reports-to":
        tip = [text("org.line", report=people[target].label, manager=people[source].label)]
    else:
        tip = [f"{people[source].label} → {people[target].label}", label(kind, lang)]
        if strength is not None:
            tip.append(text("graph.strength", s=strength))
    return {"id": edge_id, "from": source, "to": target, "kind": kind, "dashes": dashes,
            "width": 1.5, "arrows": {"to": {"enabled": arrow, "scaleFactor": 0.6}},
            "smooth": ({"enabled": True, "type": "cubicBezier", "forceDirection": "vertical",
                        "roundness": 0.4} if kind == "reports-to" else
                       {"enabled": True, "type": "curvedCW", "roundness": 0.2}),
            "color": {"color": colour, "highlight": colour, "hover": colour}, "tip": tip}


def _legend(text: Callable[..., str], lang: str, influences: bool) -> list[dict]:
    roles = [{"label": label(role, lang), "color": _CARD_FILL[role], "border": "#424242",
              "shape": "box"} for role in ROLE_COLOURS]
    stances = [{"label": f"{stance:+d} {text(f'stance.{stance}')}", "color": "#ffffff",
                "border": STANCE_BORDERS[stance][0], "border_width": STANCE_BORDERS[stance][1],
                "shape": "box"} for stance in sorted(STANCE_BORDERS)]
    coverage = [{"label": f"{mark} {text(f'org.coverage.{state}')}", "color": "#ffffff",
                 "border": "#ffffff", "shape": "text"} for state, mark in _COVERAGE_MARK.items()]
    lines = [{"label": text("org.reports"), "color": "#6b8fb3", "line": True, "dashes": False}]
    if influences:
        lines.append({"label": label("influences", lang), "color": EDGE_COLOURS["influences"],
                      "line": True, "dashes": True})
    return [{"title": text("graph.roles"), "items": roles},
            {"title": text("graph.stance"), "items": stances},
            {"title": text("org.coverage"), "items": coverage},
            {"title": text("graph.links"), "items": lines}]
