"""The one place where an account map becomes a networkx graph.

* :func:`influence_graph` — who moves whom, the graph every influence algorithm runs on;
* :func:`org_chart` — who reports to whom;
* :func:`coverage_graph` — our team, the stakeholders and the coverage links between them.
"""

from __future__ import annotations

import math

import networkx as nx

from graphlib_kam.model import AccountMap
from graphlib_kam.settings import InfluenceSettings  # defined with the thresholds, re-exported

__all__ = [
    "InfluenceSettings",
    "coverage_graph",
    "influence_graph",
    "org_chart",
]


DEFAULT_INFLUENCE = InfluenceSettings()


def influence_graph(
    amap: AccountMap, *, settings: InfluenceSettings = DEFAULT_INFLUENCE
) -> nx.DiGraph:
    """The directed influence graph over the map's active stakeholders.

    An explicit ``influences`` edge u→v carries its strength (``default_strength`` where
    missing). For an ordered pair with no explicit edge, ``reports-to`` u→v implies u→v
    ``reports_up`` and v→u ``reports_down``, and ``allied`` implies its own strength both
    ways (``allied`` where it has none); where several of these imply the same pair the
    strongest counts. A ``conflict`` between u and v removes u→v and v→u, explicit or
    implied: people in conflict pass neither influence nor introductions. Stakeholders
    who left, and their edges, are not in the graph.

    Every edge has ``strength`` (in (0, 1]), ``cost`` (−ln strength, for shortest-path
    algorithms) and ``kind`` (``influences`` or the relationship that implied it).
    Nodes carry ``name``, ``role``, ``level``, ``power`` and ``stance``.

    Examples
    --------
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "stakeholders": [{"id": "boss"}, {"id": "dev"}],
    ...     "relationships": [{"source": "dev", "target": "boss", "kind": "reports-to"}]})
    >>> G = influence_graph(m)
    >>> G["dev"]["boss"]["strength"], G["boss"]["dev"]["strength"]
    (0.5, 0.7)
    >>> m = parse_map({"account": {"id": "a"}, "stakeholders": [{"id": "x"}, {"id": "y"}],
    ...     "relationships": [{"source": "x", "target": "y", "kind": "allied", "strength": 0.95},
    ...                       {"source": "x", "target": "y", "strength": 0.8}]})
    >>> G = influence_graph(m)
    >>> G["x"]["y"]["strength"], G["y"]["x"]["strength"]  # explicit 0.8; allied 0.95 back
    (0.8, 0.95)
    >>> from graphlib_kam.model import Relationship
    >>> m.relationships.append(Relationship("y", "x", "conflict"))
    >>> influence_graph(m).number_of_edges()
    0
    """
    graph = nx.DiGraph()
    active = {s.id for s in amap.stakeholders if s.active}
    for person in amap.stakeholders:
        if person.id in active:
            graph.add_node(
                person.id, name=person.label, role=person.role, level=person.level,
                power=person.power, stance=person.stance,
            )
    explicit: dict[tuple[str, str], float] = {}
    implied: dict[tuple[str, str], tuple[float, str]] = {}
    conflicts: set[tuple[str, str]] = set()

    def imply(u: str, v: str, strength: float, kind: str) -> None:
        if (u, v) not in implied or implied[(u, v)][0] < strength:
            implied[(u, v)] = (strength, kind)

    for rel in amap.relationships:
        u, v = rel.source, rel.target
        if u not in active or v not in active:
            continue
        if rel.kind == "influences":
            explicit[(u, v)] = (
                rel.strength if rel.strength is not None else settings.default_strength
            )
        elif rel.kind == "reports-to":
            imply(u, v, settings.reports_up, rel.kind)
            imply(v, u, settings.reports_down, rel.kind)
        elif rel.kind == "allied":
            strength = rel.strength if rel.strength is not None else settings.allied
            imply(u, v, strength, rel.kind)
            imply(v, u, strength, rel.kind)
        elif rel.kind == "conflict":
            conflicts.update({(u, v), (v, u)})
    for (u, v), strength in explicit.items():
        if (u, v) not in conflicts:
            graph.add_edge(u, v, strength=strength, cost=-math.log(strength),
                           kind="influences")
    for (u, v), (strength, kind) in implied.items():
        if (u, v) not in explicit and (u, v) not in conflicts:
            graph.add_edge(u, v, strength=strength, cost=-math.log(strength), kind=kind)
    return graph


def org_chart(amap: AccountMap, *, include_left: bool = False) -> nx.DiGraph:
    """The reporting lines: an edge subordinate → manager for each ``reports-to``.

    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "stakeholders": [{"id": "boss"}, {"id": "dev"}],
    ...     "relationships": [{"source": "dev", "target": "boss", "kind": "reports-to"}]})
    >>> list(org_chart(m).edges)
    [('dev', 'boss')]
    """
    chart = nx.DiGraph()
    keep = {s.id for s in amap.stakeholders if include_left or s.active}
    for person in amap.stakeholders:
        if person.id in keep:
            chart.add_node(person.id, name=person.label, title=person.title,
                           department=person.department, level=person.level)
    for rel in amap.relationships:
        if rel.kind == "reports-to" and rel.source in keep and rel.target in keep:
            chart.add_edge(rel.source, rel.target)
    return chart


def coverage_graph(amap: AccountMap) -> nx.DiGraph:
    """Our team and the stakeholders, with an edge member → stakeholder per coverage link.

    Nodes carry ``side`` ("team" or "customer"); edges carry ``strength`` and
    ``last_contact`` (a date or None).

    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "team": [{"id": "t-li", "name": "Li"}],
    ...     "stakeholders": [{"id": "s"}],
    ...     "coverage": [{"member": "t-li", "stakeholder": "s", "strength": 0.7}]})
    >>> coverage_graph(m)["t-li"]["s"]["strength"]
    0.7
    """
    graph = nx.DiGraph()
    for member in amap.team:
        graph.add_node(member.id, side="team", name=member.name or member.id)
    for person in amap.stakeholders:
        graph.add_node(person.id, side="customer", name=person.label, status=person.status)
    for link in amap.coverage:
        graph.add_edge(link.member, link.stakeholder, strength=link.strength,
                       last_contact=link.last_contact)
    return graph
