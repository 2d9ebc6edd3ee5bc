"""The committee as an interactive graph: plain node/edge data, then a safe offline page.

* :func:`build_graph_data` — what to draw (a :class:`GraphView` of plain dicts): colour by
  role, border by stance, our team as diamonds with dashed coverage edges, edge width by
  strength, a legend, levels for the hierarchical layout, filters, a highlighted path;
* :func:`render_html` — a view as a complete HTML document (for the explorer's iframe or
  a file) or as a fragment to place inside a larger page (the HTML report);
* :func:`graph_html` — both steps at once.

The page loads nothing from outside: vis-network comes inline from the copy pyvis ships
(``pyvis/lib/vis-9.1.2``, dual Apache-2.0/MIT, its licence header kept), a
Content-Security-Policy forbids every other source, and the data sits in the page as JSON
escaped for a ``<script>`` context. Tooltips are built with ``textContent``; the legend,
notice and heading are escaped on the server. Physics stops once the layout has settled.
The page exposes ``window.kamNetwork`` (the vis Network) and ``window.kamNodeCount``.

This module never imports streamlit: the explorer and the report both call it. Nor does it
analyse: it draws the :class:`~graphlib_kam.algorithms.analysis.Analysis` its caller has.

Examples
--------
>>> from graphlib_kam.algorithms import analyze
>>> from graphlib_kam.model import parse_map
>>> m = parse_map({"account": {"id": "a", "name": "Acme"},
...     "team": [{"id": "t-li", "name": "Li Na"}],
...     "stakeholders": [{"id": "s-ceo", "name": "王建国", "role": "决策者", "level": "高层"}],
...     "coverage": [{"member": "t-li", "stakeholder": "s-ceo", "strength": 0.8}]})
>>> view = build_graph_data(analyze(m), lang="zh")
>>> [n["id"] for n in view.nodes], view.edges[0]["dashes"]
(['s-ceo', 't-li'], True)
>>> page = render_html(view)
>>> page.startswith("<!DOCTYPE html>"), "<script src" in page, "<link" in page
(True, False, False)
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from graphlib_kam.algorithms.analysis import Analysis
from graphlib_kam.algorithms.graph import InfluenceSettings
from graphlib_kam.errors import InputError, NotFoundError
from graphlib_kam.model import AccountMap, Stakeholder
from graphlib_kam.model.vocab import (
    LEVELS,
    ROLES,
    STATUSES,
    normalize_level,
    normalize_role,
    normalize_status,
)
from graphlib_kam.present.graph_page import render_html, script_json, vis_network_js
from graphlib_kam.present.map_marks import (
    COVERAGE_RINGS,
    GAP_BADGE,
    LABEL_ALL,
    SELECTION_RING,
    labelled_people,
    neighbourhood,
    person_gaps,
    search_text,
)
from graphlib_kam.present.tiered import level_view
from graphlib_kam.text import check_lang, label, t, tn

__all__ = [
    "DEFAULT_MAX_NODES",
    "Filters",
    "GraphView",
    "build_graph_data",
    "graph_html",
    "render_html",
    "script_json",
    "vis_network_js",
]

DEFAULT_MAX_NODES = 500

ROLE_COLOURS = {
    "decision-maker": "#6a51a3",
    "influencer": "#2b8cbe",
    "user": "#9e9e9e",
    "opposer": "#e6550d",
}
#: stance → (border colour, border width)
STANCE_BORDERS = {
    -2: ("#b2182b", 5),
    -1: ("#ef8a62", 3),
    0: ("#424242", 1),
    1: ("#7fbf7b", 3),
    2: ("#1b7837", 5),
}
TEAM_COLOUR = "#f0b400"
TEAM_BORDER = "#8a6d00"
EDGE_COLOURS = {
    "influences": "#7f7f7f",
    "reports-to": "#9ecae1",
    "allied": "#41ab5d",
    "conflict": "#de2d26",
    "coverage": "#c99a00",
}
HIGHLIGHT_COLOUR = "#e7298a"
FADED_COLOUR = "rgba(160,160,160,0.25)"
LEVEL_RANKS = {"executive": 0, "management": 1, "operational": 2}
TEAM_LEVEL = 3



@dataclass(frozen=True)
class Filters:
    """Which stakeholders to draw; ``None`` in a field means "all".

    Values are canonical terms or any spelling :mod:`graphlib_kam.model.vocab` accepts
    (``"决策者"``, ``"Decision Maker"``); departments compare exactly.

    Attributes
    ----------
    roles, levels, statuses : collection of str or None
    departments : collection of str or None
    show_team : bool
        Draw our team members and their coverage links.

    Examples
    --------
    >>> sorted(Filters(roles=["决策者", "influencer"]).roles)
    ['decision-maker', 'influencer']
    >>> Filters(levels=["board"])
    Traceback (most recent call last):
    ...
    graphlib_kam.errors.InputError: unknown level 'board' in the filters; expected one of \
executive, management, operational
    """

    roles: Collection[str] | None = None
    levels: Collection[str] | None = None
    departments: Collection[str] | None = None
    statuses: Collection[str] | None = None
    show_team: bool = True

    def __post_init__(self) -> None:
        for name, normalize, allowed in (
            ("roles", normalize_role, ROLES),
            ("levels", normalize_level, LEVELS),
            ("statuses", normalize_status, STATUSES),
        ):
            values = getattr(self, name)
            if values is None:
                continue
            canonical = set()
            for value in _as_collection(values, name):
                term = normalize(value)
                if term is None:
                    raise InputError(f"unknown {name[:-1].replace('statuse', 'status')} "
                                     f"{value!r} in the filters; expected one of "
                                     + ", ".join(allowed))
                canonical.add(term)
            object.__setattr__(self, name, frozenset(canonical))
        if self.departments is not None:
            object.__setattr__(self, "departments",
                               frozenset(_as_collection(self.departments, "departments")))

    def admits(self, person: Stakeholder) -> bool:
        """True when ``person`` passes every filter."""
        return ((self.roles is None or person.role in self.roles)
                and (self.levels is None or person.level in self.levels)
                and (self.departments is None or person.department in self.departments)
                and (self.statuses is None or person.status in self.statuses))


def _as_collection(values: Any, name: str) -> list[str]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InputError(f"filters.{name} must be a list of texts, found {values!r}")
    return list(values)


@dataclass
class GraphView:
    """What the graph shows, as plain data (vis-network's node and edge fields).

    Nodes carry vis fields (``id``, ``label``, ``shape``, ``color``, ``borderWidth``,
    ``size``, ``level`` when hierarchical) and ours: ``side`` ("customer", "team" or
    "department" for a department's hub), ``role``, ``stance``, ``status``, ``tip``
    (tooltip lines, drawn as text), ``highlighted``, ``selected``, ``ring`` ("selected" or
    "path"), ``major`` (named before zooming in) and, for stakeholders, ``coverage``,
    ``gaps``, ``find`` (what the search box looks in) and ``rank``. Edges carry ``id``,
    ``from``, ``to``, ``kind``
    (a relationship kind or "coverage"), ``strength``, ``width``, ``dashes``, ``arrows``,
    ``color``, ``tip`` and ``highlighted``.

    Attributes
    ----------
    nodes, edges : list of dict
    legend : list of dict
        Groups ``{"title": str, "items": [{"label", "color", "border", "shape" or
        "line", "dashes"}]}``.
    notices : list of str
        Things the reader must know (a truncated view, an empty filter, a missing route).
    total, shown : int
        Stakeholders that pass the filters, and those drawn (fewer when truncated).
    options : dict
        vis-network options.
    title : str
        The account's name, for a heading.
    lang : str
    path : list of str
        The highlighted path: ``highlight``, or the selected person's best approach route
        (team member first); empty when nothing is highlighted.
    """

    nodes: list[dict]
    edges: list[dict]
    legend: list[dict]
    notices: list[str]
    total: int
    shown: int
    options: dict
    title: str = ""
    lang: str = "en"
    path: list[str] = field(default_factory=list)
    search: bool = False

    @property
    def notice(self) -> str:
        """The notices as one line ("" when there are none)."""
        return " · ".join(self.notices)

    @property
    def truncated(self) -> bool:
        return self.shown < self.total

    def to_dict(self) -> dict:
        """The data the page script reads: nodes, edges, options, and how to draw the
        coverage rings, the gap badges and the selection ring (``marks``)."""
        data = {"nodes": self.nodes, "edges": self.edges, "options": self.options,
                "marks": {"coverage": COVERAGE_RINGS, "selection": SELECTION_RING,
                          "badge": GAP_BADGE}}
        if self.search:
            data["search"] = {"placeholder": t("graph.search", self.lang),
                              "none": t("graph.search_none", self.lang)}
        return data


# --- building the data -----------------------------------------------------------------


def build_graph_data(
    analysis: Analysis,
    *,
    lang: str = "en",
    highlight: Sequence[str] | None = None,
    selected: str | None = None,
    filters: Filters | None = None,
    hierarchical: bool = False,
    max_nodes: int = DEFAULT_MAX_NODES,
    show_gaps: bool = False,
    group_departments: bool = False,
    focus: Sequence[str] | None = None,
    steps: int | None = None,
    search: bool = False,
) -> GraphView:
    """The nodes, edges and legend to draw for an analysed map.

    Parameters
    ----------
    analysis : Analysis
        The map analysed (:func:`~graphlib_kam.algorithms.analysis.analyze`): its
        ``ranking`` goes into the tooltips and chooses whom to draw, its ``best_routes``
        give the selected person's route, its graph the links a path takes, and its
        ``settings`` the strengths that reports-to and allied imply for edges drawn
        without one. Broker scores attached as ``analysis.extras["brokers"]`` (items with
        ``id`` and ``score``, or ``{id: score}``) go into the tooltips too.
    lang : {"en", "zh"}
        Language of the legend, tooltips and notices.
    highlight : sequence of str, optional
        A path to mark: node ids in order, optionally starting with a team member (the
        coverage link into the path). Exactly the links that carry it are highlighted.
    selected : str, optional
        A stakeholder to mark; without ``highlight``, their best approach route is marked.
    filters : Filters, optional
        Which stakeholders to draw. The highlighted path and selected person are always
        drawn.
    hierarchical : bool
        Give nodes a ``level`` (高层 0, 中层 1, 基层 2, our team 3) and pin them in
        labelled tiers, top-down, a wide level wrapped into rows
        (:func:`~graphlib_kam.present.tiered.level_view`).
    max_nodes : int
        At most this many stakeholders are drawn, the most influential first; a notice
        says how many were left out.
    show_gaps : bool
        Emphasise the people a gap names: everyone else is faded.
    group_departments : bool
        Pull each department together around a labelled hub (not in the hierarchical
        layout).
    focus, steps : sequence of str and int, optional
        With ``steps``, draw only the people within that many relationships of ``focus``
        (:func:`~graphlib_kam.present.map_marks.neighbourhood`); a notice says so.
    search : bool
        Put a search box (name, title, department) above the graph.

    Every active stakeholder carries ``coverage`` (a state of
    :data:`~graphlib_kam.algorithms.coverage.COVERAGE_STATES`, drawn as a ring outside the
    stance border) and ``gaps`` (how many gaps name them, drawn as a badge). The selected
    person and the path are marked by an outer ring too (``ring``), so the stance border
    always shows. Above :data:`~graphlib_kam.present.map_marks.LABEL_ALL` people only the
    most influential carry a name (``major``) until the reader zooms in.

    Returns
    -------
    GraphView

    Raises
    ------
    InputError
        An unknown language or a ``max_nodes`` below 1.
    NotFoundError
        ``selected`` or a ``highlight`` id that is not on the map.

    Examples
    --------
    >>> from graphlib_kam.algorithms import analyze
    >>> from graphlib_kam.model.synthetic import generate_account
    >>> view = build_graph_data(analyze(generate_account(60, seed=2)), max_nodes=20,
    ...                         filters=Filters(show_team=False))
    >>> view.shown, view.total, view.notice
    (20, 60, 'showing 20 of 60 people; filter to see the rest')
    """
    check_lang(lang)
    if isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 1:
        raise InputError(f"max_nodes must be a whole number of 1 or more, found {max_nodes!r}")
    filters = filters or Filters()
    text = partial(t, lang=lang)
    amap, graph = analysis.amap, analysis.graph
    people = amap.stakeholders_by_id()
    team = amap.team_by_id()
    path = list(highlight or [])
    for node in path:
        if node not in people and node not in team:
            raise NotFoundError(f"the highlighted path names {node!r}, which is neither a "
                                "stakeholder nor a team member of this map")
    if selected is not None and selected not in people:
        raise NotFoundError(f"no stakeholder has the id {selected!r}")

    facts = _AnalysisFacts(analysis)
    notices: list[str] = []
    if not path and selected is not None:
        route = facts.best_route(selected)
        if route is None:
            notices.append(text("graph.no_route", name=people[selected].label))
        else:
            path = route
    pinned = [node for node in path if node in people]
    if selected is not None:
        pinned.append(selected)

    matching = [s for s in amap.stakeholders if filters.admits(s)]
    total = len(matching)
    if steps is not None:
        around = neighbourhood(amap, focus or (), steps)
        matching = [s for s in matching if s.id in around]
    shown_ids = _choose(matching, pinned, max_nodes, facts)
    shown_people = [s for s in amap.stakeholders if s.id in shown_ids]
    shown = sum(1 for s in shown_people if filters.admits(s))
    if total == 0:
        notices.insert(0, text("graph.empty"))
    elif steps is not None and shown < total:
        notices.insert(0, tn("graph.focused", steps, lang, shown=shown, total=total))
    elif shown < total:
        notices.insert(0, text("graph.truncated", shown=shown, total=total))

    covered_by: dict[str, int] = {}
    covering_shown = set()
    for link in amap.coverage:
        covered_by[link.member] = covered_by.get(link.member, 0) + 1
        if link.stakeholder in shown_ids:
            covering_shown.add(link.member)
    # With the team on, a member is drawn when they cover someone drawn, or nobody at all
    # (a rep without contacts is worth seeing); a member on the path is always drawn.
    members = [m for m in amap.team
               if m.id in path or (filters.show_team and (
                   m.id in covering_shown or m.id not in covered_by))]
    member_ids = {m.id for m in members}

    edges = _edges(amap, shown_ids, member_ids, people, team, lang,
                   analysis.settings.influence)
    path_edges, missing = _path_edges(path, edges, graph, team)
    for a, b in missing:
        notices.append(text("graph.not_drawn", a=_name(a, people, team),
                            b=_name(b, people, team)))
    path_nodes = set(path)
    for edge in edges:
        edge["highlighted"] = edge["id"] in path_edges
        if path_edges:
            _emphasise(edge, edge["highlighted"])

    nodes = [_stakeholder_node(s, facts, text, lang, hierarchical) for s in shown_people]
    nodes += [_team_node(m, covered_by.get(m.id, 0), text, hierarchical) for m in members]
    filtering = any(getattr(filters, name) is not None
                    for name in ("roles", "levels", "departments", "statuses"))
    keep = [*path, selected] if selected else path
    labelled = (None if len(nodes) <= LABEL_ALL else
                labelled_people(analysis, shown_ids, keep=keep))
    for node in nodes:
        node["highlighted"] = node["id"] in path_nodes
        node["selected"] = node["id"] == selected
        node["major"] = labelled is None or node["id"] in labelled or node["side"] == "team"
        if node["highlighted"] or node["selected"]:
            # An outer ring and a larger name mark them; the stance border stays.
            node["ring"] = "selected" if node["selected"] else "path"
            node["font"] = dict(node["font"], size=16)
        # The path stands out against the rest, but never against what the filters chose.
        admitted = filtering and node["side"] == "customer" and filters.admits(people[node["id"]])
        if path_edges and not (node["highlighted"] or node["selected"] or admitted):
            node["opacity"] = 0.55
        if show_gaps and not (node.get("gaps") or node["selected"] or node["highlighted"]):
            node["opacity"] = 0.25
    if show_gaps:
        for edge in edges:
            if not edge["highlighted"]:
                edge["color"] = dict(edge["color"], color=FADED_COLOUR)
    if group_departments and not hierarchical:
        _department_hubs(nodes, edges, text)
    view = GraphView(
        nodes=nodes,
        edges=edges,
        legend=_legend(text, lang, highlighted=bool(path_edges)),
        notices=notices,
        total=total,
        shown=shown,
        options=_options(len(nodes), hierarchical, labels_all=labelled is None),
        title=amap.account.name or amap.account.id,
        lang=lang,
        path=path,
        search=search,
    )
    return level_view(view) if hierarchical else view


class _AnalysisFacts:
    """What the drawing reads from an analysis: ranks, broker scores, best routes."""

    def __init__(self, analysis: Analysis) -> None:
        self.ranks = {r.id: r.rank for r in analysis.ranking}
        brokers = analysis.extras.get("brokers")
        if isinstance(brokers, Mapping):
            self.brokers = dict(brokers)
        else:
            self.brokers = {_field(b, "id"): _field(b, "score") for b in brokers or ()}
        self.routes = analysis.best_routes
        self.coverage = analysis.coverage
        self.gaps = person_gaps(analysis)

    def best_route(self, target: str) -> list[str] | None:
        """The best approach route to ``target`` as [member, entry, …, target]."""
        route = self.routes.get(target)
        return None if route is None else [route.member, *route.nodes]


def _field(item: Any, name: str) -> Any:
    return item[name] if isinstance(item, Mapping) else getattr(item, name)


def _choose(matching: list[Stakeholder], pinned: list[str], max_nodes: int,
            facts: _AnalysisFacts) -> set[str]:
    """Ids to draw: the pinned ones, then the most influential matching people."""
    if len(matching) <= max_nodes:
        return {s.id for s in matching} | set(pinned)
    ranks = facts.ranks
    last = len(ranks) + 1
    ordered = sorted(matching, key=lambda s: (ranks.get(s.id, last), -s.power, s.id))
    chosen = set(pinned)
    for person in ordered:
        if len(chosen) >= max(max_nodes, len(pinned)):
            break
        chosen.add(person.id)
    return chosen


def _name(node_id: str, people: dict, team: dict) -> str:
    if node_id in people:
        return people[node_id].label
    return team[node_id].name or node_id


def _stakeholder_node(person: Stakeholder, facts: _AnalysisFacts, text: Callable[..., str],
                      lang: str, hierarchical: bool) -> dict:
    border, width = STANCE_BORDERS[person.stance]
    fill = ROLE_COLOURS[person.role]
    left = not person.active
    tip = [person.label]
    described = " · ".join(part for part in (person.title, person.department) if part)
    if described:
        tip.append(described)
    tip.append(f"{label(person.role, lang)} · {label(person.level, lang)}")
    tip.append(text("graph.stance_line", stance=person.stance,
                    word=text(f"stance.{person.stance}")))
    tip.append(text("graph.power", power=person.power))
    if person.id in facts.ranks:
        tip.append(text("graph.rank", rank=facts.ranks[person.id], total=len(facts.ranks)))
    if facts.brokers.get(person.id):
        tip.append(text("graph.broker", score=facts.brokers[person.id]))
    state = facts.coverage[person.id].state if person.id in facts.coverage else None
    gaps = facts.gaps.get(person.id, [])
    if state is not None:
        tip.append(text("graph.coverage_state", state=text(f"graph.coverage.{state}")))
    if gaps:
        tip.append(text("graph.gap_line", kinds=" · ".join(text(f"kind.{k}") for k in gaps)))
    if left:
        tip.append(label("left", lang))
    node = {
        "id": person.id,
        "label": person.label,
        "shape": "dot",
        "size": 10 + 3 * person.power,
        "color": {"background": _faded(fill) if left else fill, "border": border,
                  "highlight": {"background": fill, "border": border},
                  "hover": {"background": fill, "border": border}},
        "borderWidth": width,
        "borderWidthSelected": width,
        "coverage": state,
        "gaps": len(gaps),
        "find": search_text(person),
        "rank": facts.ranks.get(person.id),
        "font": {"color": "#9e9e9e" if left else "#222222"},
        "side": "customer",
        "role": person.role,
        "level_name": person.level,
        "department": person.department,
        "stance": person.stance,
        "status": person.status,
        "tip": tip,
    }
    if left:
        node["shapeProperties"] = {"borderDashes": [4, 3]}
    if hierarchical:
        node["level"] = LEVEL_RANKS[person.level]
    return node


def _team_node(member, covers: int, text: Callable[..., str], hierarchical: bool) -> dict:
    tip = [member.name or member.id]
    if member.title:
        tip.append(member.title)
    tip.append(text("graph.team"))
    tip.append(text("graph.covers", n=covers))
    node = {
        "id": member.id,
        "label": member.name or member.id,
        "shape": "diamond",
        "size": 14,
        "color": {"background": TEAM_COLOUR, "border": TEAM_BORDER,
                  "highlight": {"background": TEAM_COLOUR, "border": HIGHLIGHT_COLOUR},
                  "hover": {"background": TEAM_COLOUR, "border": TEAM_BORDER}},
        "borderWidth": 2,
        "font": {"color": "#5c4a00"},
        "side": "team",
        "tip": tip,
    }
    if hierarchical:
        node["level"] = TEAM_LEVEL
    return node


def _faded(colour: str) -> str:
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},0.35)"


def _edge_width(strength: float) -> float:
    return round(1 + 5 * strength, 2)


def _edges(amap: AccountMap, shown: set[str], members: set[str], people: dict, team: dict,
           lang: str, influence: InfluenceSettings) -> list[dict]:
    text = partial(t, lang=lang)
    # Relationships without a strength are drawn at the strength DESIGN implies for them.
    implied = {"influences": influence.default_strength, "reports-to": influence.reports_up,
               "allied": influence.allied}
    directed_pairs = {(r.source, r.target) for r in amap.relationships
                      if r.source in shown and r.target in shown}
    edges = []
    for index, rel in enumerate(amap.relationships):
        if rel.source not in shown or rel.target not in shown:
            continue
        strength = rel.strength if rel.strength is not None else implied.get(rel.kind, 0.5)
        left = not (people[rel.source].active and people[rel.target].active)
        colour = EDGE_COLOURS[rel.kind]
        tip = [f"{people[rel.source].label} → {people[rel.target].label}"
               if rel.directed else f"{people[rel.source].label} — {people[rel.target].label}",
               label(rel.kind, lang),
               text("graph.strength", s=strength) if rel.strength is not None
               else text("graph.implied", s=strength).strip()]
        edge = {
            "id": f"r{index}",
            "from": rel.source,
            "to": rel.target,
            "kind": rel.kind,
            "strength": strength,
            "width": _edge_width(strength),
            "dashes": False,
            "arrows": {"to": {"enabled": rel.directed, "scaleFactor": 0.6}},
            "color": {"color": FADED_COLOUR if left else colour, "highlight": colour,
                      "hover": colour},
            "tip": tip,
        }
        if rel.directed and (rel.target, rel.source) in directed_pairs:
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.15}
        edges.append(edge)
    for index, link in enumerate(amap.coverage):
        if link.member not in members or link.stakeholder not in shown:
            continue
        colour = EDGE_COLOURS["coverage"]
        edges.append({
            "id": f"c{index}",
            "from": link.member,
            "to": link.stakeholder,
            "kind": "coverage",
            "strength": link.strength,
            "width": _edge_width(link.strength),
            "dashes": True,
            "arrows": {"to": {"enabled": False}},
            "color": {"color": colour, "highlight": colour, "hover": colour},
            "tip": [f"{team[link.member].name or link.member} → "
                    f"{people[link.stakeholder].label}",
                    text("graph.strength", s=link.strength),
                    text("graph.last_contact", date=link.last_contact.isoformat())
                    if link.last_contact else text("graph.no_contact")],
        })
    return edges


def _path_edges(path: list[str], edges: list[dict], graph, team: dict
                ) -> tuple[set[str], list[tuple[str, str]]]:
    """Ids of the drawn edges that carry each step of ``path``; steps with none."""
    by_pair: dict[tuple[str, str], list[dict]] = {}
    for edge in edges:
        by_pair.setdefault((edge["from"], edge["to"]), []).append(edge)
    found: set[str] = set()
    missing = []
    for u, v in zip(path, path[1:]):
        edge = _step_edge(u, v, by_pair, graph, team)
        if edge is None:
            missing.append((u, v))
        else:
            found.add(edge["id"])
    return found, missing


def _step_edge(u: str, v: str, by_pair: dict, graph, team: dict) -> dict | None:
    if u in team:
        return next((e for e in by_pair.get((u, v), []) if e["kind"] == "coverage"), None)
    forward = by_pair.get((u, v), [])
    backward = by_pair.get((v, u), [])
    kind = graph[u][v]["kind"] if graph.has_edge(u, v) else None
    # The influence graph says which relationship carries u→v: an explicit influences
    # edge first, else the strongest implied one (reports-to either way, allied).
    preferences = [kind] if kind else []
    preferences += ["influences", "reports-to", "allied", "conflict"]
    for wanted in preferences:
        for edge in forward:
            if edge["kind"] == wanted:
                return edge
        if wanted in ("reports-to", "allied", "conflict"):
            for edge in backward:
                if edge["kind"] == wanted:
                    return edge
    return None


def _emphasise(edge: dict, on_path: bool) -> None:
    if on_path:
        edge["color"] = {"color": HIGHLIGHT_COLOUR, "highlight": HIGHLIGHT_COLOUR,
                         "hover": HIGHLIGHT_COLOUR}
        edge["width"] = round(edge["width"] + 3, 2)
    else:
        edge["color"] = dict(edge["color"], color=FADED_COLOUR)


def _department_hubs(nodes: list[dict], edges: list[dict], text: Callable[..., str]) -> None:
    """A labelled hub per department, tied to its people by edges that are not drawn but
    pull in the layout, so each department gathers around its name."""
    members: dict[str, list[str]] = {}
    for node in nodes:
        if node["side"] == "customer" and node.get("department"):
            members.setdefault(node["department"], []).append(node["id"])
    for index, (department, ids) in enumerate(sorted(members.items())):
        hub = f"department:{index}"
        nodes.append({
            "id": hub, "label": f"{department} ({len(ids)})", "shape": "box",
            "color": {"background": "#f4f4f4", "border": "#bdbdbd",
                      "highlight": {"background": "#f4f4f4", "border": "#bdbdbd"},
                      "hover": {"background": "#f4f4f4", "border": "#bdbdbd"}},
            "borderWidth": 1, "font": {"color": "#555555", "size": 18}, "side": "department",
            "major": True, "highlighted": False, "selected": False,
            "tip": [department, text("graph.department_size", n=len(ids))],
        })
        edges.extend({"id": f"d{index}-{n}", "from": hub, "to": node_id, "kind": "department",
                      "hidden": True, "length": 60, "highlighted": False,
                      "color": {"color": FADED_COLOUR}, "tip": []}
                     for n, node_id in enumerate(ids))


def _legend(text: Callable[..., str], lang: str, *, highlighted: bool) -> list[dict]:
    roles = [{"label": label(role, lang), "color": ROLE_COLOURS[role], "border": "#424242",
              "shape": "dot"} for role in ROLES]
    roles.append({"label": text("graph.team"), "color": TEAM_COLOUR, "border": TEAM_BORDER,
                  "shape": "diamond"})
    stances = [{"label": f"{stance:+d} {text(f'stance.{stance}')}", "color": "#ffffff",
                "border": STANCE_BORDERS[stance][0], "border_width": STANCE_BORDERS[stance][1],
                "shape": "dot"} for stance in sorted(STANCE_BORDERS)]
    links = [{"label": label(kind, lang), "color": EDGE_COLOURS[kind], "line": True,
              "dashes": False} for kind in ("influences", "reports-to", "allied", "conflict")]
    links.append({"label": text("graph.coverage"), "color": EDGE_COLOURS["coverage"], "line": True,
                  "dashes": True})
    if highlighted:
        links.append({"label": text("graph.path"), "color": HIGHLIGHT_COLOUR, "line": True,
                      "dashes": False})
    coverage = [{"label": text(f"graph.coverage.{state}"), "color": "#ffffff",
                 "ring": ring["color"], "ring_style": ring["style"],
                 "coverage": state} for state, ring in COVERAGE_RINGS.items()]
    coverage.append({"label": text("graph.gap_badge"), "color": GAP_BADGE["color"],
                     "badge": "!"})
    coverage.append({"label": text("graph.selected"), "color": "#ffffff",
                     "ring": SELECTION_RING["color"], "ring_style": "solid"})
    return [{"title": text("graph.roles"), "items": roles},
            {"title": text("graph.stance"), "items": stances},
            {"title": text("graph.links"), "items": links},
            {"title": text("graph.coverage_title"), "items": coverage}]


def _options(node_count: int, hierarchical: bool, *, labels_all: bool = True) -> dict:
    big = node_count > 150
    # Names wrap at 120 px so long Latin names ("Patricia Wells, DNP, RN") do not run into
    # their neighbours; on a big map the names that are not major appear when zoomed in
    # (a 13 px name is drawn once it is at least 10 px on screen).
    nodes: dict[str, Any] = {"shape": "dot", "font": {"size": 14, "face": "sans-serif"},
                             "widthConstraint": {"maximum": 120}}
    if not labels_all:
        nodes["font"]["size"] = 13
        nodes["scaling"] = {"label": {"enabled": False, "drawThreshold": 11,
                                      "maxVisible": 24}}
    options: dict[str, Any] = {
        "autoResize": True,
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big,
                        "navigationButtons": False, "keyboard": False},
        "nodes": nodes,
        "edges": {"smooth": {"enabled": not big, "type": "continuous", "roundness": 0.2},
                  "selectionWidth": 2, "hoverWidth": 1},
        "layout": {"randomSeed": 7, "improvedLayout": not big},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -90, "springLength": 140,
                                 "springConstant": 0.05, "avoidOverlap": 0.8},
            "stabilization": {"enabled": True, "iterations": 400 if big else 250,
                              "updateInterval": 50, "fit": True},
        },
    }
    if hierarchical:
        options["layout"]["hierarchical"] = {
            "enabled": True, "direction": "UD", "sortMethod": "hubsize",
            "levelSeparation": 170, "nodeSpacing": 190, "treeSpacing": 220,
        }
        options["physics"]["solver"] = "hierarchicalRepulsion"
        options["physics"]["hierarchicalRepulsion"] = {"nodeDistance": 190, "avoidOverlap": 1}
    return options


def graph_html(
    analysis: Analysis,
    *,
    lang: str = "en",
    highlight: Sequence[str] | None = None,
    selected: str | None = None,
    filters: Filters | None = None,
    hierarchical: bool = False,
    max_nodes: int = DEFAULT_MAX_NODES,
    height: str = "640px",
    document: bool = True,
    heading: bool = False,
) -> str:
    """The analysed map as a self-contained HTML page (or fragment):
    :func:`build_graph_data`, then :func:`render_html`; the parameters are theirs.

    Examples
    --------
    >>> from graphlib_kam.algorithms import analyze
    >>> from graphlib_kam.model.synthetic import generate_account
    >>> page = graph_html(analyze(generate_account(30, seed=1)), lang="zh", hierarchical=True)
    >>> "window.kamGraph.draw" in page, "<script src" in page
    (True, False)
    """
    view = build_graph_data(analysis, lang=lang, highlight=highlight, selected=selected,
                            filters=filters, hierarchical=hierarchical, max_nodes=max_nodes)
    return render_html(view, height=height, document=document, heading=heading)
