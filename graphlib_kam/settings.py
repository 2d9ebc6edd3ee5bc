"""Every threshold of the analysis in one place, with DESIGN's defaults.

The command line (``--stale-days``, ``--covered-min``, …) and the explorer's sidebar
override them; the algorithms take a :class:`Settings` and never read globals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, replace

from .graph import InfluenceSettings

__all__ = ["DEFAULT_SETTINGS", "Settings"]


@dataclass(frozen=True)
class Settings:
    """Thresholds of the coverage and influence analysis.

    Attributes
    ----------
    covered_min : float
        A coverage link this strong or stronger counts as real coverage (weaker: weak).
    stale_days : int
        A last contact older than this many days before ``as_of`` is stale.
    min_route : float
        A decision-maker is unreachable without an approach route this strong.
    opposer_path_level : float
        An unaddressed opposer whose path to a decision-maker is this strong is high
        severity.
    influencer_path_level : float
        An uncovered influencer whose path to a decision-maker is this strong is medium.
    alpha : float
        PageRank damping of the influence rank.
    influence : InfluenceSettings
        Strengths implied by reports-to and allied relationships.
    as_of : datetime.date or None
        The day of the analysis; None means today.

    Examples
    --------
    >>> Settings().covered_min, Settings(stale_days=60).stale_days
    (0.5, 60)
    """

    covered_min: float = 0.5
    stale_days: int = 90
    min_route: float = 0.1
    opposer_path_level: float = 0.3
    influencer_path_level: float = 0.3
    alpha: float = 0.85
    influence: InfluenceSettings = field(default_factory=InfluenceSettings)
    as_of: dt.date | None = None

    def today(self) -> dt.date:
        """``as_of``, or today's date when it is not set."""
        return self.as_of or dt.date.today()

    def with_overrides(self, **changes) -> Settings:
        """A copy with the given fields changed; None values are ignored.

        >>> Settings().with_overrides(stale_days=30, covered_min=None).stale_days
        30
        """
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


DEFAULT_SETTINGS = Settings()
