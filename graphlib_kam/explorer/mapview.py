"""The map view's choices, apart from its widgets: whom a big map opens on and how far
around, what a click on the graph picked, and the page the map component draws.

A map of more than :data:`~graphlib_kam.present.map_marks.BIG_MAP` stakeholders opens on
the decision-makers (or the selected person) and the people :data:`DEFAULT_STEPS` steps
around them; the reader widens it step by step or to everyone.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from graphlib_kam.model import AccountMap
from graphlib_kam.present.graph_page import component_view
from graphlib_kam.present.map_marks import BIG_MAP, focus_centres
from graphlib_kam.present.viz import Filters, build_graph_data

__all__ = ["AROUND", "DEFAULT_STEPS", "DM_LISTED", "around_choices", "is_big", "map_component_view",
           "picked_stakeholder"]

AROUND = (1, 2, 3, 0)
"""The widths a big map offers: steps around the focus, 0 for everyone."""
DEFAULT_STEPS = 1
DM_LISTED = 5
"""How many decision-makers the line above the map names (the most influential)."""


def is_big(amap: AccountMap) -> bool:
    """More stakeholders than a first look can take in (a neighbourhood first)."""
    return len(amap.stakeholders) > BIG_MAP


def around_choices(amap: AccountMap) -> tuple[int, ...]:
    """The widths to offer: :data:`AROUND` on a big map, only everyone (0) otherwise."""
    return AROUND if is_big(amap) else (0,)


def picked_stakeholder(value: Any, amap: AccountMap) -> str | None:
    """The stakeholder a click on the map component chose (its value ``{"id", "n"}``),
    or None for a team member, a department hub or anything else.

    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "team": [{"id": "t"}],
    ...                "stakeholders": [{"id": "s"}]})
    >>> picked_stakeholder({"id": "s", "n": 1}, m), picked_stakeholder({"id": "t"}, m)
    ('s', None)
    >>> picked_stakeholder(None, m), picked_stakeholder("s", m)
    (None, None)
    """
    if not isinstance(value, dict):
        return None
    sid = value.get("id")
    if isinstance(sid, str) and any(s.id == sid for s in amap.stakeholders):
        return sid
    return None


def map_component_view(analysis, *, lang: str, highlight: Sequence[str] = (),
                       selected: str | None = None, filters: Filters | None = None,
                       hierarchical: bool = False, show_gaps: bool = False,
                       group_departments: bool = False, steps: int = 0,
                       height: int = 640) -> tuple[list[str], dict]:
    """The notices and the component's view (with a ``version`` that changes whenever
    the drawing does) of the map as the map view shows it: ``steps`` > 0 draws only the
    people that many steps around the selected person, else the decision-makers."""
    view = build_graph_data(
        analysis, lang=lang, highlight=list(highlight) or None, selected=selected,
        filters=filters, hierarchical=hierarchical, show_gaps=show_gaps,
        group_departments=group_departments, search=True,
        focus=focus_centres(analysis, selected) if steps else None,
        steps=steps or None,
    )
    payload = component_view(view, height=height)
    digest = hashlib.sha1(json.dumps(payload, sort_keys=True, ensure_ascii=False)
                          .encode("utf-8")).hexdigest()
    return view.notices, {"view": payload, "version": digest}
