"""Drawings in labelled tiers at fixed positions: the committee graph by level and the
org chart.

vis-network's own hierarchical layout puts a whole level on one line (200 people become
a thin strip) and labels nothing. Here the positions come from
:func:`~graphlib_kam.present.layout.tiered_positions` (a wide tier wraps into rows), every
node is pinned there, and each tier gets a label on its left, drawn as a text node of the
graph (canvas text, never HTML). The page script needs nothing new: physics runs, nothing
moves, and the page settles at once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping

from graphlib_kam.present.layout import TEAM_LEVEL, Tier, ordered_bands, tiered_positions
from graphlib_kam.text import label, t

__all__ = ["FIXED_OPTIONS", "LEVEL_PER_ROW", "level_view", "tier_labels"]

LEVEL_PER_ROW = 10
"""The most people on one row of a level; a wider level wraps."""

_LEVEL_NAMES = {0: "executive", 1: "management", 2: "operational"}

FIXED_OPTIONS = {
    "autoResize": True,
    "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False,
                    "keyboard": False},
    "nodes": {"shape": "dot", "font": {"size": 14, "face": "sans-serif"}},
    "edges": {"smooth": {"enabled": True, "type": "continuous", "roundness": 0.2},
              "selectionWidth": 2, "hoverWidth": 1},
    "layout": {"randomSeed": 7, "improvedLayout": False},
    "physics": {"enabled": True, "solver": "forceAtlas2Based",
                "stabilization": {"enabled": True, "iterations": 20, "fit": True}},
}
"""vis-network options for pinned nodes: physics on (so the page's settle events fire)
but every node fixed, so nothing moves."""


def tier_labels(tiers: Iterable[Tier], positions: Mapping[str, tuple[float, float]],
                name: Callable[[Tier], str]) -> list[dict]:
    """A text node left of each tier, at the height of its first row.

    >>> from graphlib_kam.present.layout import Tier
    >>> [(n["id"], n["label"], n["x"], n["y"]) for n in tier_labels(
    ...     [Tier(0, 1, 0.0, 0.0)], {"a": (-50.0, 0.0)}, lambda tier: "Tier 1")]
    [('tier:0', 'Tier 1', -230.0, 0.0)]
    """
    left = min((x for x, _ in positions.values()), default=0.0) - 180.0
    return [{"id": f"tier:{index}", "label": name(tier), "shape": "text", "x": left,
             "y": tier.top, "fixed": {"x": True, "y": True}, "side": "tier",
             "font": {"size": 20, "color": "#5b6770", "face": "sans-serif"},
             "chosen": False, "physics": False}
            for index, tier in enumerate(tiers)]


def level_view(view, *, per_row: int = LEVEL_PER_ROW):
    """``view`` (built with ``hierarchical=True``: every node has a ``level``) laid out
    in labelled tiers — 高层, 中层, 基层 and our team — each wrapped into rows of at most
    ``per_row``, ordered so that lines cross less (:func:`~graphlib_kam.present.layout.
    ordered_bands`). Returns a new view; ``view`` is not changed.

    Examples
    --------
    >>> from graphlib_kam.algorithms import analyze
    >>> from graphlib_kam.model.synthetic import generate_account
    >>> from graphlib_kam.present.viz import build_graph_data
    >>> view = build_graph_data(analyze(generate_account(60, seed=2)), hierarchical=True)
    >>> level_view(view) == view  # build_graph_data(hierarchical=True) calls it
    True
    >>> [n["label"] for n in view.nodes if n["side"] == "tier"]
    ['executive', 'management', 'operational', 'our team']
    >>> rows = {n["y"] for n in view.nodes if n.get("level") == 2}
    >>> len(rows) > 1, view.options["physics"]["enabled"]
    (True, True)
    """
    nodes = [dict(node) for node in view.nodes if node.get("side") != "tier"]  # idempotent
    drawn = [node for node in nodes if "level" in node]
    bands = ordered_bands(drawn, view.edges)
    positions, tiers = tiered_positions(
        [(level, [node["id"] for node in bands[level]]) for level in sorted(bands)],
        per_row=per_row, x_gap=150.0, row_gap=95.0, tier_gap=70.0)
    for node in drawn:
        node["x"], node["y"] = positions[node["id"]]
        node["fixed"] = {"x": True, "y": True}
    labels = tier_labels(tiers, positions, lambda tier: _level_name(tier.key, view.lang))
    return dataclasses.replace(view, nodes=nodes + labels, options=dict(FIXED_OPTIONS))


def _level_name(level: int, lang: str) -> str:
    if level == TEAM_LEVEL:
        return t("graph.team", lang)
    return label(_LEVEL_NAMES.get(level, "operational"), lang)
