"""Link quality (DESIGN's q): one coverage link judged on a day.

A coverage link is *weak* below ``settings.covered_min`` and *stale* when its last
contact is missing or more than ``settings.stale_days`` before ``as_of``; its quality q
is its strength, times ``settings.stale_factor`` (a half) when stale. The same q weighs
approach routes, plan steps and the coverage score.

The last contact is the *effective* one (DESIGN, Memory): the later of the link's own
``last_contact`` and the latest activity of the map that has both its member and its
stakeholder.

* :class:`LinkQuality` / :func:`link_quality` — one link judged;
* :func:`link_qualities` — every link of a map, by (member, stakeholder);
* :func:`latest_activities` — the latest activity date of each (member, stakeholder).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from graphlib_kam.model import AccountMap, CoverageLink
from graphlib_kam.settings import DEFAULT_SETTINGS, Settings

__all__ = ["LinkQuality", "latest_activities", "link_qualities", "link_quality"]


@dataclass(frozen=True)
class LinkQuality:
    """A coverage link judged on ``as_of``: its age, whether it is weak or stale.

    ``quality`` is the strength, times ``stale_factor`` when the link is stale (DESIGN's
    q).
    """

    member: str
    stakeholder: str
    strength: float
    last_contact: dt.date | None
    age_days: int | None
    weak: bool
    stale: bool
    stale_factor: float = 0.5

    @property
    def covering(self) -> bool:
        """Strong enough and recent enough to count as coverage."""
        return not self.weak and not self.stale

    @property
    def quality(self) -> float:
        return self.strength * self.stale_factor if self.stale else self.strength

    def to_dict(self) -> dict:
        return {
            "member": self.member,
            "stakeholder": self.stakeholder,
            "strength": self.strength,
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
            "age_days": self.age_days,
            "weak": self.weak,
            "stale": self.stale,
            "covering": self.covering,
            "quality": self.quality,
        }


def latest_activities(amap: AccountMap) -> dict[tuple[str, str], dt.date]:
    """The latest activity date of each ``(member, stakeholder)`` pair, in one pass.

    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "team": [{"id": "t"}],
    ...     "stakeholders": [{"id": "x"}, {"id": "y"}],
    ...     "activities": [{"date": "2026-11-02", "member": "t", "stakeholders": ["x", "y"]},
    ...                    {"date": "2026-10-01", "member": "t", "stakeholders": ["x"]}]})
    >>> latest_activities(m)[("t", "x")]
    datetime.date(2026, 11, 2)
    """
    latest: dict[tuple[str, str], dt.date] = {}
    for activity in amap.activities:
        for sid in activity.stakeholders:
            key = (activity.member, sid)
            seen = latest.get(key)
            if seen is None or activity.date > seen:
                latest[key] = activity.date
    return latest


def link_quality(link: CoverageLink, *, settings: Settings = DEFAULT_SETTINGS,
                 activity: dt.date | None = None) -> LinkQuality:
    """Judge one coverage link on ``settings.as_of`` (today when unset).

    A link is weak below ``settings.covered_min``. It is stale when it has no last contact
    or the last contact is more than ``settings.stale_days`` days before ``as_of``; a
    contact dated after ``as_of`` counts as recent. ``activity``, the latest activity of
    the link's member with its stakeholder (:func:`latest_activities`), is its last
    contact when later than the link's own.

    Examples
    --------
    >>> from graphlib_kam.model import CoverageLink
    >>> s = Settings(as_of=dt.date(2026, 11, 28))
    >>> q = link_quality(CoverageLink("t", "s", 0.8, dt.date(2026, 5, 14)), settings=s)
    >>> q.age_days, q.weak, q.stale, q.covering, q.quality
    (198, False, True, False, 0.4)
    >>> link_quality(CoverageLink("t", "s", 0.4, dt.date(2026, 11, 20)), settings=s).weak
    True
    """
    as_of = settings.today()
    last = link.last_contact
    if activity is not None and (last is None or activity > last):
        last = activity
    age = None if last is None else (as_of - last).days
    return LinkQuality(
        member=link.member,
        stakeholder=link.stakeholder,
        strength=link.strength,
        last_contact=last,
        age_days=age,
        weak=link.strength < settings.covered_min,
        stale=age is None or age > settings.stale_days,
        stale_factor=settings.stale_factor,
    )


def link_qualities(
    amap: AccountMap, *, settings: Settings = DEFAULT_SETTINGS
) -> dict[tuple[str, str], LinkQuality]:
    """Every coverage link of the map judged: ``{(member, stakeholder): LinkQuality}``.

    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "team": [{"id": "t"}],
    ...     "stakeholders": [{"id": "x"}],
    ...     "coverage": [{"member": "t", "stakeholder": "x", "strength": 0.6}]})
    >>> link_qualities(m)[("t", "x")].quality  # no date: stale, halved
    0.3
    """
    latest = latest_activities(amap) if amap.activities else {}
    return {(link.member, link.stakeholder): link_quality(
                link, settings=settings, activity=latest.get((link.member, link.stakeholder)))
            for link in amap.coverage}
