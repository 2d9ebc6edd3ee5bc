"""What if some people went away: the change impact of losing them, computed once, with
its messages in the language asked for and the route the explorer highlights."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graphlib_kam.algorithms.whatif import what_if_removed
from graphlib_kam.model import AccountMap
from graphlib_kam.settings import DEFAULT_SETTINGS, Settings

__all__ = ["what_if"]


def what_if(
    amap: AccountMap,
    ids: Iterable[str],
    *,
    settings: Settings = DEFAULT_SETTINGS,
    lang: str = "en",
) -> dict[str, Any]:
    """The change impact of losing the stakeholders or team members ``ids``.

    :func:`~graphlib_kam.algorithms.whatif.what_if_removed` runs once, rendering its
    messages in ``lang``; the result adds the route to highlight.

    Parameters
    ----------
    amap : AccountMap
    ids : iterable of str
        Stakeholder and team member ids.
    settings : Settings, keyword-only
        Thresholds, and ``as_of`` for the gaps that open or close.
    lang : str, keyword-only
        Language of the messages ("en" or "zh").

    Returns
    -------
    dict
        What :func:`~graphlib_kam.algorithms.whatif.what_if_removed` returns, plus
        ``"highlight"``: the best route before the loss (team member first) of the first
        decision-maker whose route broke or weakened, preferring one still on the map;
        empty when none did.

    Raises
    ------
    NotFoundError
        Ids that are neither a stakeholder nor a team member.

    Examples
    --------
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "team": [{"id": "t-li", "name": "Li Na"}],
    ...     "stakeholders": [{"id": "s-cto"}, {"id": "s-ceo", "role": "decision-maker"}],
    ...     "relationships": [{"source": "s-cto", "target": "s-ceo", "strength": 0.8}],
    ...     "coverage": [{"member": "t-li", "stakeholder": "s-cto", "strength": 0.7}]})
    >>> what_if(m, ["s-cto"])["highlight"]
    ['t-li', 's-cto', 's-ceo']
    """
    impact = what_if_removed(amap, list(ids), settings=settings, lang=lang)
    # Prefer a route to someone still there: it shows what the loss cuts.
    broken = sorted(impact["broken_routes"],
                    key=lambda entry: entry.get("reason") == "target-gone")
    highlight = []
    if broken:
        before = broken[0]["before"]
        highlight = [before["member"], *before["nodes"]]
    return {**impact, "highlight": highlight}
