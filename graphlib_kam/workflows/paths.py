"""Find paths: the strongest influence paths between two stakeholders, or every approach
route from our team to one — as plain data for ``kam paths`` and the explorer alike."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graphlib_kam.algorithms.graph import influence_graph
from graphlib_kam.algorithms.paths import approach_routes, opposer_ids, strongest_paths
from graphlib_kam.errors import NotFoundError
from graphlib_kam.model import AccountMap
from graphlib_kam.settings import DEFAULT_SETTINGS, Settings

__all__ = ["find_paths"]


def find_paths(
    amap: AccountMap,
    source: str | None,
    target: str,
    *,
    k: int = 3,
    avoid: Iterable[str] = (),
    avoid_opposers: bool = False,
    settings: Settings = DEFAULT_SETTINGS,
) -> dict[str, Any]:
    """The ``k`` strongest influence paths from ``source`` to ``target``; without a
    source, every coverage link's best approach route to ``target``.

    Parameters
    ----------
    amap : AccountMap
    source : str or None
        The stakeholder to start at; None for the approach routes.
    target : str
        The stakeholder to reach.
    k : int, keyword-only
        How many paths (with a source).
    avoid : iterable of str, keyword-only
        Stakeholders to keep off the inside of paths.
    avoid_opposers : bool, keyword-only
        Also keep opposers (role opposer or stance ≤ −1) off the inside of paths.
    settings : Settings, keyword-only
        The influence settings of the graph; for the approach routes also the day
        (``as_of``) and the thresholds that judge a link's quality.

    Returns
    -------
    dict
        ``{"source", "target", "k", "avoid", "avoid_opposers", "paths", "routes"}``:
        ``avoid`` every id kept off (sorted); with a source ``paths`` is a list of
        ``{"nodes", "strength"}`` and ``routes`` None, without one ``routes`` is a list
        of approach routes (``{"member", "nodes", "coverage", "path_strength",
        "strength"}``) and ``paths`` None.

    Raises
    ------
    NotFoundError
        An id in ``avoid``, or the source or target, that is no stakeholder.

    Examples
    --------
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "team": [{"id": "t-li"}],
    ...     "stakeholders": [{"id": "s-cto"}, {"id": "s-ceo"}],
    ...     "relationships": [{"source": "s-cto", "target": "s-ceo", "strength": 0.8}],
    ...     "coverage": [{"member": "t-li", "stakeholder": "s-cto", "strength": 0.5}]})
    >>> [p["nodes"] for p in find_paths(m, "s-cto", "s-ceo")["paths"]]
    [['s-cto', 's-ceo']]
    >>> [(r["member"], r["strength"]) for r in find_paths(m, None, "s-ceo")["routes"]]
    [('t-li', 0.2)]

    The link has no date of last contact, so it is stale and counts half: 0.5 × 0.5 × 0.8.
    """
    avoid = list(avoid)
    known = {s.id for s in amap.stakeholders}
    unknown = [i for i in avoid if i not in known]
    if unknown:
        raise NotFoundError("--avoid: no stakeholder has the id "
                            + ", ".join(map(repr, unknown)))
    avoided = set(avoid) | (opposer_ids(amap) if avoid_opposers else set())
    G = influence_graph(amap, settings=settings.influence)
    paths = routes = None
    if source is not None:
        paths = [p.to_dict() for p in strongest_paths(G, source, target, k=k, avoid=avoided)]
    else:
        routes = [r.to_dict() for r in approach_routes(amap, target, graph=G, avoid=avoided,
                                                       settings=settings)]
    return {"source": source, "target": target, "k": k, "avoid": sorted(avoided),
            "avoid_opposers": avoid_opposers, "paths": paths, "routes": routes}
