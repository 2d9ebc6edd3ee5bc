"""What if people went away: remove them, then compare routes and ranks with the map as it was.

* :func:`remove_people` — the map without some stakeholders or team members;
* :func:`what_if_removed` — the change impact of losing them
  (:func:`~graphlib_kam.algorithms.changes.change_impact`) with how the influence rank
  moved (:func:`~graphlib_kam.algorithms.compare.rank_changes`), each map's influence
  graph and rank computed once.

Both are pure: the maps given are never changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from graphlib_kam.algorithms.changes import change_impact_between
from graphlib_kam.algorithms.compare import rank_changes_between
from graphlib_kam.algorithms.context import AnalysisContext
from graphlib_kam.errors import NotFoundError
from graphlib_kam.model import AccountMap
from graphlib_kam.settings import DEFAULT_SETTINGS, Settings

__all__ = ["remove_people", "what_if_removed"]


def remove_people(amap: AccountMap, ids: Iterable[str]) -> AccountMap:
    """A copy of ``amap`` without the given stakeholders and team members.

    A removed stakeholder takes their relationships (both directions) and the coverage
    links to them along; a removed team member takes their coverage links. Everything
    else, ``revision`` included, is kept.

    Parameters
    ----------
    amap : AccountMap
        The map; it is not changed.
    ids : iterable of str
        Stakeholder and team member ids, in any mix.

    Returns
    -------
    AccountMap
        A new map.

    Raises
    ------
    NotFoundError
        When some ids are neither a stakeholder nor a team member; the message names
        every one of them.

    Examples
    --------
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "team": [{"id": "t-li", "name": "Li"}],
    ...     "stakeholders": [{"id": "s-cto"}, {"id": "s-ceo"}],
    ...     "relationships": [{"source": "s-cto", "target": "s-ceo"}],
    ...     "coverage": [{"member": "t-li", "stakeholder": "s-cto"}]})
    >>> smaller = remove_people(m, ["s-cto"])
    >>> [s.id for s in smaller.stakeholders], smaller.relationships, smaller.coverage
    (['s-ceo'], [], [])
    >>> len(m.stakeholders)  # the original is untouched
    2
    >>> remove_people(m, ["s-cfo", "t-wu"])
    Traceback (most recent call last):
    ...
    graphlib_kam.errors.NotFoundError: no stakeholder or team member has the id 's-cfo', 't-wu'
    """
    gone = set(ids)
    stakeholder_ids = {s.id for s in amap.stakeholders}
    member_ids = {t.id for t in amap.team}
    unknown = sorted(gone - stakeholder_ids - member_ids)
    if unknown:
        raise NotFoundError(
            "no stakeholder or team member has the id " + ", ".join(map(repr, unknown))
        )
    copy = amap.copy()
    copy.stakeholders = [s for s in copy.stakeholders if s.id not in gone]
    copy.team = [t for t in copy.team if t.id not in gone]
    copy.relationships = [r for r in copy.relationships
                          if r.source not in gone and r.target not in gone]
    copy.coverage = [c for c in copy.coverage
                     if c.member not in gone and c.stakeholder not in gone]
    return copy


def what_if_removed(
    amap: AccountMap,
    ids: Iterable[str],
    *,
    settings: Settings = DEFAULT_SETTINGS,
    lang: str = "en",
) -> dict:
    """The change impact of losing the given stakeholders or team members.

    Compares ``amap`` with :func:`remove_people` of it through
    :func:`~graphlib_kam.algorithms.changes.change_impact` (whose ``broken_routes`` are
    :func:`~graphlib_kam.algorithms.compare.route_changes`' broken then weakened
    entries), and adds how the influence rank moved. Each map's influence graph and rank
    are computed once, for all of it.

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
        DESIGN's ``{"added", "removed", "changed", "broken_routes", "gaps_opened",
        "gaps_closed"}`` with change_impact's further keys, plus ``"rank_changes"``
        (:func:`~graphlib_kam.algorithms.compare.rank_changes`).

    Raises
    ------
    NotFoundError
        When some ids are neither a stakeholder nor a team member (all are named).

    Examples
    --------
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "team": [{"id": "t-li", "name": "Li Na"}],
    ...     "stakeholders": [{"id": "s-cto"}, {"id": "s-ceo", "role": "decision-maker"}],
    ...     "relationships": [{"source": "s-cto", "target": "s-ceo", "strength": 0.8}],
    ...     "coverage": [{"member": "t-li", "stakeholder": "s-cto", "strength": 0.7}]})
    >>> impact = what_if_removed(m, ["s-cto"])
    >>> [r["change"] + " " + r["stakeholder"] for r in impact["broken_routes"]]
    ['broken s-ceo']
    >>> sorted(item["kind"] for item in impact["removed"])
    ['coverage', 'relationship', 'stakeholder']
    """
    before = AnalysisContext(amap, settings)
    after = AnalysisContext(remove_people(amap, ids), settings)
    impact = change_impact_between(before, after, lang=lang)
    impact["rank_changes"] = rank_changes_between(before, after)
    return impact
