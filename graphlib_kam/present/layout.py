"""A static layered layout of the committee graph, for pictures that cannot move (PDF).

:func:`layered_layout` places the nodes of a :class:`~graphlib_kam.present.viz.GraphView`
in the unit square: one band per level (executive at the top, our team at the bottom),
wrapped into rows of at most ``per_row``; within a band people sit under the mean position
of the people they are linked to, so that lines cross less.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

__all__ = ["TEAM_LEVEL", "layered_layout"]

TEAM_LEVEL = 3
"""The band of a node without a ``level`` (our team sits below 高层 0, 中层 1, 基层 2)."""


def layered_layout(
    nodes: Iterable[Mapping], edges: Iterable[Mapping], *, per_row: int = 10
) -> dict[str, tuple[float, float]]:
    """Positions in [0, 1]² for a drawing in bands, one per level, top to bottom.

    Each band starts ordered by department, label and id, then takes one barycentre
    sweep down and one up: every node moves to the mean x of its neighbours in the bands
    already placed (the usual Sugiyama heuristic for fewer crossings). A band wider than
    ``per_row`` wraps into several rows, every other row shifted by a quarter of a slot.

    Parameters
    ----------
    nodes : iterable of mapping
        Each with ``id`` and ``label``, optionally ``level`` (an int; ``TEAM_LEVEL``
        when absent) and ``department``.
    edges : iterable of mapping
        Each with ``from`` and ``to``; the direction does not matter.
    per_row : int, keyword-only
        The most nodes on one row.

    Returns
    -------
    dict
        ``{node id: (x, y)}`` in reading order (row by row, left to right); x and y lie
        strictly between 0 and 1, y growing downwards.

    Examples
    --------
    >>> nodes = [{"id": "ceo", "label": "CEO", "level": 0},
    ...          {"id": "a", "label": "A", "level": 1}, {"id": "b", "label": "B", "level": 1},
    ...          {"id": "t", "label": "Li Na"}]
    >>> at = layered_layout(nodes, [{"from": "t", "to": "b"}])
    >>> {node: (round(x, 2), round(y, 2)) for node, (x, y) in at.items()}
    {'ceo': (0.4, 0.17), 'a': (0.33, 0.5), 'b': (0.78, 0.5), 't': (0.4, 0.83)}
    """
    neighbours: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        neighbours[edge["from"]].add(edge["to"])
        neighbours[edge["to"]].add(edge["from"])
    bands: dict[int, list[Mapping]] = defaultdict(list)
    for node in nodes:
        bands[node.get("level", TEAM_LEVEL)].append(node)
    order = {level: sorted(bands[level], key=lambda n: (n.get("department") or "",
                                                        n["label"], n["id"]))
             for level in bands}
    x: dict[str, float] = {}

    def place() -> None:
        for level in sorted(order):
            members = order[level]
            for i, node in enumerate(members):
                x[node["id"]] = (i + 0.5) / len(members)

    def centre(node: Mapping, current: float) -> float:
        near = [x[n] for n in neighbours[node["id"]] if n in x]
        return sum(near) / len(near) if near else current

    place()
    for sweep in (sorted(order)[1:], sorted(order, reverse=True)[1:]):
        for level in sweep:
            members = order[level]
            order[level] = [n for _, _, n in sorted(
                (centre(n, x[n["id"]]), i, n) for i, n in enumerate(members))]
            place()
    rows: list[list[Mapping]] = []
    for level in sorted(order):
        members = order[level]
        rows += [members[i:i + per_row] for i in range(0, len(members), per_row)]
    positions = {}
    for r, row in enumerate(rows):
        y = (r + 0.5) / len(rows)
        for i, node in enumerate(row):
            positions[node["id"]] = ((i + 0.5 + 0.25 * (r % 2)) / (len(row) + 0.25), y)
    return positions
