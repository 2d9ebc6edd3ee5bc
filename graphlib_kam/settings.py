"""Every threshold of the analysis in one place, with DESIGN's defaults.

The command line (``--stale-days``, ``--covered-min``, …) and the explorer's sidebar
override them; the algorithms take a :class:`Settings` and never read globals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, replace

__all__ = ["DEFAULT_SETTINGS", "THRESHOLDS", "InfluenceSettings", "Settings", "Threshold"]


@dataclass(frozen=True)
class InfluenceSettings:
    """The strengths that relationships other than ``influences`` imply (DESIGN).

    Attributes
    ----------
    default_strength : float
        An ``influences`` edge without a strength.
    reports_up : float
        ``u reports-to v`` implies u→v with this strength (a report moves their manager).
    reports_down : float
        ... and v→u with this one (a manager moves their report).
    allied : float
        ``allied`` without a strength of its own implies this strength both ways.
    """

    default_strength: float = 0.5
    reports_up: float = 0.5
    reports_down: float = 0.7
    allied: float = 0.6


@dataclass(frozen=True)
class Settings:
    """Thresholds of the coverage and influence analysis.

    Attributes
    ----------
    covered_min : float
        A coverage link this strong or stronger counts as real coverage (weaker: weak).
    stale_days : int
        A last contact older than this many days before ``as_of`` is stale.
    stale_factor : float
        A stale link's quality is its strength times this (DESIGN: halved).
    min_route : float
        A stakeholder is reachable with an approach route this strong (a decision-maker
        without one is unreachable; the plan and the actions use no weaker route).
    opposer_path_level : float
        An unaddressed opposer whose path to a decision-maker is this strong is high
        severity.
    influencer_path_level : float
        An uncovered influencer whose path to a decision-maker is this strong is medium.
    champion_tag : str
        The tag that marks a champion (stale-contact is high for them).
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
    stale_factor: float = 0.5
    min_route: float = 0.1
    opposer_path_level: float = 0.3
    influencer_path_level: float = 0.3
    champion_tag: str = "champion"
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


@dataclass(frozen=True)
class Threshold:
    """One threshold people may override: its :class:`Settings` field and allowed range.

    The command line makes a flag of each (``--covered-min``) and the explorer a slider
    (``low``..``high`` by ``step``); both check values with :meth:`check`.

    >>> THRESHOLDS[0].flag, THRESHOLDS[0].check("0.6")
    ('--covered-min', 0.6)
    """

    name: str
    low: float
    high: float
    step: float
    help: str
    integer: bool = False

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def default(self) -> float | int:
        return getattr(DEFAULT_SETTINGS, self.name)

    def check(self, value: object) -> float | int:
        """``value`` as a number in range; ValueError with a clear message otherwise.

        >>> THRESHOLDS[1].check("sixty")
        Traceback (most recent call last):
        ...
        ValueError: --stale-days: 'sixty' is not a whole number from 0 to 36500
        """
        kind = "a whole number" if self.integer else "a number"
        low, high = (int(self.low), int(self.high)) if self.integer else (self.low, self.high)
        message = f"{self.flag}: {value!r} is not {kind} from {low} to {high}"
        try:
            number = int(str(value)) if self.integer else float(str(value))
        except ValueError:
            raise ValueError(message) from None
        if not low <= number <= high:  # also refuses NaN
            raise ValueError(message)
        return number


THRESHOLDS = (
    Threshold("covered_min", 0.0, 1.0, 0.05,
              "a coverage link this strong or stronger counts as coverage"),
    Threshold("stale_days", 0, 36500, 1,
              "a last contact older than this many days is stale", integer=True),
    Threshold("min_route", 0.0, 1.0, 0.01,
              "a decision-maker without an approach route this strong is unreachable"),
    Threshold("opposer_path_level", 0.0, 1.0, 0.05,
              "an unaddressed opposer with a path this strong to a decision-maker is high"),
    Threshold("influencer_path_level", 0.0, 1.0, 0.05,
              "an uncovered influencer with a path this strong to a decision-maker is medium"),
)
"""The thresholds of the coverage analysis, in the order to show them."""
