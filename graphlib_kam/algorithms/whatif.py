"""What if people went away: remove them, then compare routes and ranks with the map as it was.

* :func:`remove_people` — the map without some stakeholders or team members;
* :func:`route_changes` — which approach routes to decision-makers broke or weakened
  between two maps (two revisions, or a map and a what-if of it);
* :func:`rank_changes` — how every stakeholder's influence rank and score moved.

All three are pure: the maps given are never changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from graphlib_kam.algorithms.graph import influence_graph
from graphlib_kam.algorithms.influence import influence_rank, ranking
from graphlib_kam.algorithms.paths import COST_DIGITS, ApproachRoute, best_approach_route
from graphlib_kam.errors import NotFoundError
from graphlib_kam.model import AccountMap
from graphlib_kam.settings import DEFAULT_SETTINGS, Settings

__all__ = ["rank_changes", "remove_people", "route_changes", "what_if_removed"]


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


def _decision_makers(amap: AccountMap) -> list[str]:
    return [s.id for s in amap.stakeholders if s.active and s.role == "decision-maker"]


def _best_routes(amap: AccountMap, settings: Settings) -> dict[str, ApproachRoute | None]:
    """The best approach route to every active decision-maker (None when there is none)."""
    G = influence_graph(amap, settings=settings.influence)
    return {target: best_approach_route(amap, target, graph=G)
            for target in _decision_makers(amap)}


def _route_dict(route: ApproachRoute | None) -> dict | None:
    return None if route is None else route.to_dict()


def route_changes(
    old: AccountMap, new: AccountMap, *, settings: Settings = DEFAULT_SETTINGS
) -> dict[str, list[dict]]:
    """Approach routes to the decision-makers of ``old`` that broke or weakened in ``new``.

    For every active decision-maker of ``old`` whose best approach route
    (:func:`~graphlib_kam.algorithms.paths.approach_routes`) had a strength of at least
    ``settings.min_route`` — the reach DESIGN asks of a decision-maker — the best route in
    ``new`` is compared with it:

    * **broken**: ``new`` has no route to them of strength ≥ ``settings.min_route``
      (no route at all, only weaker ones, or the decision-maker is no longer an active
      stakeholder of ``new``);
    * **weakened**: ``new`` still has such a route, but its best one is weaker than before
      (strengths compared after rounding to 10 decimals).

    A best route that changed path or member at the same strength is neither.
    Decision-makers out of reach in ``old`` are not reported, nor are decision-makers
    that only ``new`` has.

    Parameters
    ----------
    old, new : AccountMap
        The map before and after (two revisions, or a map and
        :func:`remove_people` of it).
    settings : Settings, keyword-only
        ``min_route`` and the implied influence strengths.

    Returns
    -------
    dict
        ``{"broken": [...], "weakened": [...]}``, each a list, ordered by decision-maker id,
        of ``{"stakeholder", "name", "change", "reason", "before", "after", "drop"}``:
        ``change`` is ``"broken"`` or ``"weakened"`` (so the two lists can be joined);
        ``reason`` is ``"no-route"``, ``"target-gone"`` (broken) or ``"weaker"``;
        ``before`` and ``after`` are route dicts (``member``, ``entry``, ``nodes``,
        ``strength``, ``coverage``, ``path_strength``), ``after`` None when there is no
        route at all; ``drop`` = before − after strength (after counting as 0 when None).

    Raises
    ------
    Nothing for maps that passed validation (:func:`graphlib_kam.model.validate_map`).

    Examples
    --------
    Li Na reaches the CEO through the CTO: 0.7 × 0.8 = 0.56. Without the CTO only Wu's
    weak direct link (0.3) is left — weakened; without both, the route is broken.

    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"},
    ...     "team": [{"id": "t-li", "name": "Li Na"}, {"id": "t-wu", "name": "Wu"}],
    ...     "stakeholders": [{"id": "s-cto"}, {"id": "s-ceo", "role": "decision-maker"}],
    ...     "relationships": [{"source": "s-cto", "target": "s-ceo", "strength": 0.8}],
    ...     "coverage": [{"member": "t-li", "stakeholder": "s-cto", "strength": 0.7},
    ...                  {"member": "t-wu", "stakeholder": "s-ceo", "strength": 0.3}]})
    >>> weaker = route_changes(m, remove_people(m, ["s-cto"]))["weakened"][0]
    >>> before, after = weaker["before"], weaker["after"]
    >>> round(before["strength"], 2), after["strength"], after["member"]
    (0.56, 0.3, 't-wu')
    >>> broken = route_changes(m, remove_people(m, ["s-cto", "t-wu"]))["broken"][0]
    >>> broken["stakeholder"], broken["reason"], broken["after"]
    ('s-ceo', 'no-route', None)
    """
    before = _best_routes(old, settings)
    after = _best_routes(new, settings)
    names = {s.id: s.label for s in old.stakeholders}
    active_new = {s.id for s in new.stakeholders if s.active}
    broken: list[dict] = []
    weakened: list[dict] = []
    for target in sorted(before):
        was = before[target]
        if was is None or was.strength < settings.min_route:
            continue
        now = after.get(target)
        entry = {"stakeholder": target, "name": names.get(target, target),
                 "before": _route_dict(was), "after": _route_dict(now),
                 "drop": was.strength - (now.strength if now else 0.0)}
        if target not in active_new:
            broken.append({**entry, "change": "broken", "reason": "target-gone"})
        elif now is None or now.strength < settings.min_route:
            broken.append({**entry, "change": "broken", "reason": "no-route"})
        elif round(now.strength, COST_DIGITS) < round(was.strength, COST_DIGITS):
            weakened.append({**entry, "change": "weakened", "reason": "weaker"})
    return {"broken": broken, "weakened": weakened}


def rank_changes(
    old: AccountMap, new: AccountMap, *, settings: Settings = DEFAULT_SETTINGS
) -> list[dict]:
    """Every stakeholder's influence rank and score before and after.

    Parameters
    ----------
    old, new : AccountMap
    settings : Settings, keyword-only
        ``alpha`` and the implied influence strengths.

    Returns
    -------
    list of dict
        One ``{"id", "name", "rank_before", "rank_after", "score_before", "score_after",
        "moved"}`` per stakeholder active in either map; a side where the person is not
        an active stakeholder has None. ``moved`` = rank_before − rank_after (positive:
        climbed), None when either rank is None. Ordered by the new rank, then the people
        who are gone, by their old rank.

    Examples
    --------
    Without the CTO, the developer who influenced the CEO only through the CTO is left
    with nobody to move: the scores redistribute.

    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "stakeholders": [
    ...     {"id": "ceo", "role": "decision-maker"}, {"id": "cto"}, {"id": "dev"}],
    ...     "relationships": [{"source": "cto", "target": "ceo", "strength": 0.8},
    ...                       {"source": "dev", "target": "cto", "strength": 0.5}]})
    >>> [(c["id"], c["rank_before"], c["rank_after"]) for c in rank_changes(
    ...     m, remove_people(m, ["cto"]))]
    [('ceo', 1, 1), ('dev', 3, 2), ('cto', 2, None)]
    """
    def ranks(amap: AccountMap) -> dict[str, tuple[int, float]]:
        G = influence_graph(amap, settings=settings.influence)
        scores = influence_rank(G, alpha=settings.alpha)
        return {r.id: (r.rank, r.score) for r in ranking(amap, scores)}

    before, after = ranks(old), ranks(new)
    names = {s.id: s.label for s in old.stakeholders} | {s.id: s.label for s in new.stakeholders}
    rows = []
    for sid in sorted(set(before) | set(after),
                      key=lambda i: (i not in after, after.get(i, before.get(i))[0], i)):
        rank_before, score_before = before.get(sid, (None, None))
        rank_after, score_after = after.get(sid, (None, None))
        rows.append({
            "id": sid, "name": names.get(sid, sid),
            "rank_before": rank_before, "rank_after": rank_after,
            "score_before": score_before, "score_after": score_after,
            "moved": (None if rank_before is None or rank_after is None
                      else rank_before - rank_after),
        })
    return rows


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
    :func:`route_changes`' broken then weakened entries), and adds how the influence rank
    moved.

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
        (:func:`rank_changes`).

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
    from graphlib_kam.algorithms.changes import change_impact  # changes builds on this module

    new = remove_people(amap, ids)
    impact = dict(change_impact(amap, new, settings=settings, lang=lang))
    impact["rank_changes"] = rank_changes(amap, new, settings=settings)
    return impact
