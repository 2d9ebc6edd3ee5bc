"""What the committee graph marks beyond role and stance: coverage, gaps, focus, labels.

* :data:`COVERAGE_RINGS` — the coverage channel: a ring outside each active stakeholder's
  stance border (covered · weak · stale · uncovered), never their fill or border;
* :func:`person_gaps` — the gaps of each stakeholder, for the badge on their node;
* :func:`neighbourhood` — the people within a few steps of some centres (a big map opens
  on the decision-makers and the people around them);
* :func:`focus_centres` — whom a big map opens on: the selected person, else the active
  decision-makers, else the most influential;
* :func:`search_text` — what the search box finds a stakeholder by (name, title,
  department);
* :func:`labelled_people` — the few whose names a big map writes before it is zoomed.

Pure functions over the map and its analysis; :mod:`graphlib_kam.present.viz` draws them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable, Sequence

from graphlib_kam.algorithms.analysis import Analysis
from graphlib_kam.model import AccountMap, Stakeholder

__all__ = [
    "BIG_MAP",
    "COVERAGE_RINGS",
    "GAP_BADGE",
    "LABELLED",
    "LABEL_ALL",
    "SELECTION_RING",
    "focus_centres",
    "labelled_people",
    "neighbourhood",
    "person_gaps",
    "search_text",
]

BIG_MAP = 120
"""Above this many stakeholders the explorer opens on a neighbourhood, labels only
:data:`LABELLED` people until zoomed, and offers to widen."""

LABELLED = 25
"""How many names a big map writes before it is zoomed in (the most influential)."""

LABEL_ALL = 60
"""Up to this many people drawn, every name is written at every zoom."""

#: coverage state → ring drawn outside the stance border: colour, width, dash pattern
COVERAGE_RINGS = {
    "covered": {"color": "#1a9850", "width": 3, "dashes": [], "style": "solid"},
    "weak": {"color": "#f0a30a", "width": 3, "dashes": [6, 4], "style": "dashed"},
    "stale": {"color": "#6c7a89", "width": 3, "dashes": [2, 3], "style": "dotted"},
    "uncovered": {"color": "#d7301f", "width": 4, "dashes": [], "style": "solid"},
}
#: the outer ring of the selected person and the people on the highlighted path
SELECTION_RING = {"color": "#e7298a", "width": 4, "gap": 5}
GAP_BADGE = {"color": "#d7301f", "text": "#ffffff"}


def person_gaps(analysis: Analysis) -> dict[str, list[str]]:
    """``{stakeholder id: [gap kind, …]}`` for every stakeholder a gap names, in the
    analysis's order (most severe first); account-wide and level gaps are left out.

    Examples
    --------
    >>> import datetime as dt
    >>> from graphlib_kam.algorithms import analyze
    >>> from graphlib_kam.model import parse_map
    >>> from graphlib_kam.settings import Settings
    >>> m = parse_map({"account": {"id": "a"}, "team": [{"id": "t"}],
    ...     "stakeholders": [{"id": "dm", "role": "decision-maker"}, {"id": "u"}],
    ...     "coverage": [{"member": "t", "stakeholder": "u", "strength": 0.9,
    ...                   "last_contact": "2026-11-01"}]})
    >>> person_gaps(analyze(m, settings=Settings(as_of=dt.date(2026, 11, 28))))
    {'dm': ['unreachable-decision-maker']}
    """
    people = {s.id for s in analysis.amap.stakeholders}
    found: dict[str, list[str]] = {}
    for gap in analysis.gaps:
        if gap.stakeholder in people:
            found.setdefault(gap.stakeholder, []).append(gap.kind)
    return found


def neighbourhood(amap: AccountMap, centres: Iterable[str], steps: int) -> set[str]:
    """The stakeholders at most ``steps`` relationships (of any kind, either way) from
    one of ``centres``, the centres included.

    Examples
    --------
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"},
    ...     "stakeholders": [{"id": i} for i in "abcde"],
    ...     "relationships": [{"source": "b", "target": "a"},
    ...                       {"source": "c", "target": "b", "kind": "reports-to"},
    ...                       {"source": "d", "target": "c", "kind": "conflict"}]})
    >>> sorted(neighbourhood(m, ["a"], 1)), sorted(neighbourhood(m, ["a"], 2))
    (['a', 'b'], ['a', 'b', 'c'])
    >>> sorted(neighbourhood(m, ["a", "e"], 0))
    ['a', 'e']
    """
    people = {s.id for s in amap.stakeholders}
    around: dict[str, set[str]] = {}
    for rel in amap.relationships:
        around.setdefault(rel.source, set()).add(rel.target)
        around.setdefault(rel.target, set()).add(rel.source)
    reached = {c for c in centres if c in people}
    frontier = set(reached)
    for _ in range(max(0, steps)):
        frontier = {n for node in frontier for n in around.get(node, ())} - reached
        if not frontier:
            break
        reached |= frontier
    return reached


def focus_centres(analysis: Analysis, selected: str | None = None, *,
                  fallback: int = 5) -> list[str]:
    """Whom a big map opens on: ``[selected]``, else the active decision-makers, else the
    ``fallback`` most influential active stakeholders.

    Examples
    --------
    >>> from graphlib_kam.algorithms import analyze
    >>> from graphlib_kam.model.synthetic import generate_account
    >>> a = analyze(generate_account(30, seed=1))
    >>> all(a.amap.stakeholder(s).role == "decision-maker" for s in focus_centres(a))
    True
    >>> focus_centres(a, a.ranking[-1].id) == [a.ranking[-1].id]
    True
    """
    if selected:
        return [selected]
    people = analysis.amap.stakeholders_by_id()
    deciders = [r.id for r in analysis.ranking
                if people[r.id].active and people[r.id].role == "decision-maker"]
    if deciders:
        return deciders
    return [r.id for r in analysis.ranking if people[r.id].active][:fallback]


def search_text(person: Stakeholder) -> str:
    """What the search box above the map looks in: name, title and department, folded
    (NFKC, case) so that "ＩＴ" finds "IT" and "wells" finds "Wells"; the page folds the
    query the same way.

    >>> search_text(Stakeholder(id="s", name="Ann Lee", title="ＣＩＯ", department="IT"))
    'ann lee cio it'
    """
    return _folded(" ".join(p for p in (person.label, person.title, person.department) if p))


def labelled_people(analysis: Analysis, shown: Collection[str], *,
                    keep: Sequence[str] = (), count: int = LABELLED) -> set[str]:
    """The ``count`` most influential of ``shown``, the decision-makers among them, and
    ``keep`` (the selected person, the path): whose names a big map writes unzoomed."""
    people = analysis.amap.stakeholders_by_id()
    top = [r.id for r in analysis.ranking if r.id in shown][:count]
    deciders = {sid for sid in shown
                if sid in people and people[sid].role == "decision-maker"}
    return set(top) | deciders | set(keep)


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").casefold().strip()
