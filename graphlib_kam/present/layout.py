"""A static layered layout of the committee graph, for pictures that cannot move (PDF).

:func:`layered_layout` places the nodes of a :class:`~graphlib_kam.present.viz.GraphView`
in the unit square: one band per level (executive at the top, our team at the bottom),
wrapped into rows of at most ``per_row``; within a band people sit under the mean position
of the people they are linked to, so that lines cross less.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = ["TEAM_LEVEL", "Box", "Tier", "layered_layout", "ordered_bands", "route_edges",
           "segment_hits_box", "tiered_positions"]

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
    order = ordered_bands(nodes, edges)
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


def ordered_bands(nodes: Iterable[Mapping], edges: Iterable[Mapping]) -> dict[int, list[Mapping]]:
    """The nodes by band (``level``, ``TEAM_LEVEL`` when absent), each band in the order
    that crosses fewest lines: department, label and id first, then one barycentre sweep
    down and one up (the usual Sugiyama heuristic).

    >>> bands = ordered_bands([{"id": "b", "label": "B", "level": 1},
    ...                        {"id": "a", "label": "A", "level": 1}], [])
    >>> [n["id"] for n in bands[1]]
    ['a', 'b']
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
    return order


@dataclass(frozen=True)
class Tier:
    """One labelled tier of a drawing: its key, the first and last row it takes and the
    y of its rows' centres (top and bottom) in the drawing's units."""

    key: object
    rows: int
    top: float
    bottom: float


def tiered_positions(
    tiers: Sequence[tuple[object, Sequence[str]]], *, per_row: int = 12,
    x_gap: float = 170.0, row_gap: float = 90.0, tier_gap: float = 60.0,
) -> tuple[dict[str, tuple[float, float]], list[Tier]]:
    """Fixed positions for tiers drawn top to bottom, a wide tier wrapped into rows.

    Each tier's ids keep their order; a tier of more than ``per_row`` wraps into rows of
    at most ``per_row`` (every other row shifted by a quarter of a slot, so lines between
    rows pass between nodes). Rows are centred on x = 0; y grows downwards, ``row_gap``
    between the rows of one tier and ``row_gap + tier_gap`` between tiers.

    Parameters
    ----------
    tiers : sequence of (key, ids)
        In drawing order; empty tiers are left out.
    per_row : int, keyword-only
        The most nodes on one row (at least 1).

    Returns
    -------
    (dict, list of Tier)
        ``{id: (x, y)}`` and the tiers drawn, for their labels.

    Examples
    --------
    >>> at, tiers = tiered_positions([("top", ["a"]), ("low", ["b", "c", "d"])], per_row=2)
    >>> at["a"], at["b"], at["c"], at["d"]
    ((0.0, 0.0), (-85.0, 150.0), (85.0, 150.0), (42.5, 240.0))
    >>> [(t.key, t.rows, t.top, t.bottom) for t in tiers]
    [('top', 1, 0.0, 0.0), ('low', 2, 150.0, 240.0)]
    """
    per_row = max(1, int(per_row))
    positions: dict[str, tuple[float, float]] = {}
    drawn: list[Tier] = []
    y = 0.0
    for key, ids in tiers:
        ids = list(ids)
        if not ids:
            continue
        if drawn:
            y += row_gap + tier_gap
        top = y
        rows = [ids[i:i + per_row] for i in range(0, len(ids), per_row)]
        for r, row in enumerate(rows):
            if r:
                y += row_gap
            shift = 0.25 * x_gap * (r % 2) if len(rows) > 1 else 0.0
            start = -(len(row) - 1) * x_gap / 2 + shift
            for i, node in enumerate(row):
                positions[node] = (start + i * x_gap, y)
        drawn.append(Tier(key, len(rows), top, y))
    return positions, drawn


Box = tuple[float, float, float, float]
"""An axis-aligned box ``(x0, y0, x1, y1)`` with x0 < x1 and y0 < y1."""


def segment_hits_box(p: tuple[float, float], q: tuple[float, float], box: Box) -> bool:
    """Whether the segment p–q passes through the inside of ``box`` (touching its edge
    does not count).

    >>> box = (4, -1, 6, 1)
    >>> segment_hits_box((0, 0), (10, 0), box), segment_hits_box((0, 2), (10, 2), box)
    (True, False)
    """
    x0, y0, x1, y1 = box
    low, high = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for step, distance in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0),
                           (dy, y1 - p[1])):
        if step == 0:
            if distance <= 0:
                return False
            continue
        ratio = distance / step
        if step < 0:
            low = max(low, ratio)
        else:
            high = min(high, ratio)
        if low >= high:
            return False
    return True


def route_edges(
    centres: Mapping[str, tuple[float, float]], boxes: Mapping[str, Box],
    edges: Iterable[tuple[str, str]],
) -> list[list[tuple[float, float]]]:
    """A polyline per edge from centre to centre that passes through no other node's box.

    Nodes sit in rows (the same centre y); between two rows runs a channel (halfway from
    the lowest box of one row to the highest box of the next), and one runs outside the
    first and the last row. An edge is drawn straight when that is clear; else through a
    channel (an edge within a row goes round above or below it, the other way of the
    labels); else down to a channel, along it to a gap between nodes (or the margin),
    across to the target's channel and in. The margins are always clear, so every edge
    gets a clear route as long as the boxes of one row do not overlap each other.

    Parameters
    ----------
    centres : mapping
        ``{node: (x, y)}``.
    boxes : mapping
        ``{node: (x0, y0, x1, y1)}``: what an edge must not cross (the node and its label).
    edges : iterable of (str, str)

    Returns
    -------
    list of list of (x, y)
        In the order of ``edges``; each starts at the first node's centre and ends at the
        second's.

    Examples
    --------
    >>> centres = {"a": (0, 0), "b": (10, 0), "c": (20, 0)}
    >>> boxes = {n: (x - 2, y - 2, x + 2, y + 2) for n, (x, y) in centres.items()}
    >>> route_edges(centres, boxes, [("a", "b"), ("a", "c")])
    [[(0, 0), (10, 0)], [(0, 0), (0, -3.0), (20, -3.0), (20, 0)]]
    """
    rows = sorted({y for _, y in centres.values()})
    index = {y: r for r, y in enumerate(rows)}
    row_of = {node: index[y] for node, (_, y) in centres.items()}
    tops = [min(boxes[n][1] for n in centres if row_of[n] == r) for r in range(len(rows))]
    bottoms = [max(boxes[n][3] for n in centres if row_of[n] == r) for r in range(len(rows))]
    between = [(bottoms[r] + tops[r + 1]) / 2 for r in range(len(rows) - 1)]
    pad = (min(tops[r + 1] - bottoms[r] for r in range(len(rows) - 1)) / 2 if between
           else (bottoms[0] - tops[0]) / 4 if rows else 1.0)
    # channel r runs above row r (smaller y), channel len(rows) below the last row
    channels = [tops[0] - pad, *between, bottoms[-1] + pad] if rows else []
    left = min((b[0] for b in boxes.values()), default=0.0) - pad
    right = max((b[2] for b in boxes.values()), default=0.0) + pad
    gutters = sorted({(boxes[a][2] + boxes[b][0]) / 2
                      for r in range(len(rows))
                      for a, b in _neighbours([n for n in centres if row_of[n] == r], centres)
                      if boxes[a][2] < boxes[b][0]})
    routes = []
    used: dict[float, int] = {}
    for a, b in edges:
        others = [box for node, box in boxes.items() if node not in (a, b)]

        def clear(points: list[tuple[float, float]], others=others) -> bool:
            return not any(segment_hits_box(p, q, box)
                           for p, q in zip(points, points[1:]) for box in others)

        route = next((route for route in _candidates(
            a, b, centres, boxes, row_of, channels, gutters, left, right)
            if clear(route)), [centres[a], centres[b]])
        # Edges that share a channel run in lanes a little apart, so each can be followed.
        lanes = {}
        for _, y in route[1:-1]:
            if y in channels and y not in lanes:
                lanes[y] = y + pad * 0.3 * (0, 1, -1, 2, -2)[used.get(y, 0) % 5]
                used[y] = used.get(y, 0) + 1
        spread = [route[0], *((x, lanes.get(y, y)) for x, y in route[1:-1]), route[-1]]
        routes.append(spread if clear(spread) else route)
    return routes


def _neighbours(row: list[str], centres: Mapping[str, tuple[float, float]]):
    ordered = sorted(row, key=lambda n: centres[n][0])
    return zip(ordered, ordered[1:])


def _candidates(a, b, centres, boxes, row_of, channels, gutters, left, right):
    (ax, ay), (bx, _) = centres[a], centres[b]
    ra, rb = row_of[a], row_of[b]
    yield [centres[a], centres[b]]
    if ra == rb:
        # leave on the side away from the label (the side the box reaches less far)
        label_low = ay - boxes[a][1] > boxes[a][3] - ay
        near = [channels[ra + 1], channels[ra]] if label_low else [channels[ra],
                                                                    channels[ra + 1]]
    else:
        low, high = sorted((ra, rb))
        near = channels[low + 1:high + 1]
    for c in near:
        yield [centres[a], (ax, c), (bx, c), centres[b]]
    if ra == rb:
        out_a = out_b = near[0]
    elif ra < rb:
        out_a, out_b = channels[ra + 1], channels[rb]
    else:
        out_a, out_b = channels[ra], channels[rb + 1]
    middle = (ax + bx) / 2
    for gx in sorted(gutters, key=lambda g: abs(g - middle)) + [left, right]:
        yield [centres[a], (ax, out_a), (gx, out_a), (gx, out_b), (bx, out_b), centres[b]]
