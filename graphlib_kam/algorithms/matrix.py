"""The interest matrix (利益矩阵): what each level and role of the committee cares about.

Each cell (level × role) lists the interests recorded on its active stakeholders; each
level also has the default concerns of the sales method — executives weigh strategic
value and ROI, managers execution cost and risk, front-line users ease of use and
efficiency. :class:`TalkingPoints` turns one stakeholder's interests and their level's
concerns into what to talk about when meeting them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graphlib_kam.model import AccountMap
from graphlib_kam.model.vocab import LEVELS, ROLES, normalize_text_key
from graphlib_kam.text import DEFAULT_LANG, join, label, t

__all__ = [
    "LEVEL_CONCERNS",
    "InterestMatrix",
    "MatrixCell",
    "TalkingPoints",
    "interest_matrix",
    "level_concerns",
]

LEVEL_CONCERNS: dict[str, tuple[str, ...]] = {
    "executive": ("concern.strategic-value", "concern.roi"),
    "management": ("concern.execution-cost", "concern.risk"),
    "operational": ("concern.ease-of-use", "concern.efficiency"),
}
"""The catalogue keys of each level's default concerns."""


def level_concerns(level: str, lang: str = DEFAULT_LANG) -> list[str]:
    """The default concerns of a level, in ``lang``.

    >>> level_concerns("executive"), level_concerns("operational", "zh")
    (['strategic value', 'ROI'], ['易用性', '效率'])
    """
    return [t(key, lang) for key in LEVEL_CONCERNS.get(level, ())]


def _unique(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = normalize_text_key(item)
        if key and key not in seen:
            seen.add(key)
            out.append(item)
    return out


@dataclass(frozen=True)
class TalkingPoints:
    """What to talk about with someone: their recorded interests, else their level's
    default concerns (never both, so no point comes twice in two languages); without
    repeats; at most ``limit`` of them (all when None).

    >>> p = TalkingPoints(("ROI", "security"), "executive")
    >>> p.items("en"), p.render("zh")
    (['ROI', 'security'], 'ROI 和 security')
    >>> TalkingPoints((), "executive").items("zh")
    ['战略价值', '投资回报']
    >>> TalkingPoints(("ROI", "security"), "executive", limit=1).items()
    ['ROI']
    """

    interests: tuple[str, ...]
    level: str
    limit: int | None = None

    def items(self, lang: str = DEFAULT_LANG) -> list[str]:
        points = _unique(self.interests) or _unique(level_concerns(self.level, lang))
        return points if self.limit is None else points[: self.limit]

    def render(self, lang: str = DEFAULT_LANG) -> str:
        return join(self.items(lang), lang)


@dataclass(frozen=True)
class MatrixCell:
    """One level × role cell: its active stakeholders and their interests.

    ``interests`` holds (interest, how many of the cell's stakeholders recorded it), most
    frequent first, then in the order first recorded; spellings that differ only in case,
    width or spacing count as one.
    """

    level: str
    role: str
    stakeholders: tuple[str, ...]
    interests: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class InterestMatrix:
    """The interest matrix: a :class:`MatrixCell` for every level × role."""

    cells: tuple[MatrixCell, ...]
    names: dict[str, str]

    def cell(self, level: str, role: str) -> MatrixCell:
        """The cell of ``level`` × ``role``; KeyError for an unknown level or role."""
        for cell in self.cells:
            if cell.level == level and cell.role == role:
                return cell
        raise KeyError((level, role))

    def level_interests(self, level: str) -> list[tuple[str, int]]:
        """Every interest recorded at ``level``, over all roles, most frequent first."""
        return _count(
            (interest, n) for cell in self.cells if cell.level == level
            for interest, n in cell.interests
        )

    def to_dict(self, lang: str = DEFAULT_LANG) -> dict:
        """Levels, each with its label, default concerns, interests and role cells."""
        return {
            "levels": [
                {
                    "level": level,
                    "label": label(level, lang),
                    "default_concerns": level_concerns(level, lang),
                    "interests": [{"interest": i, "count": n}
                                  for i, n in self.level_interests(level)],
                    "roles": [
                        {
                            "role": cell.role,
                            "label": label(cell.role, lang),
                            "stakeholders": [{"id": sid, "name": self.names.get(sid, sid)}
                                             for sid in cell.stakeholders],
                            "interests": [{"interest": i, "count": n}
                                          for i, n in cell.interests],
                        }
                        for cell in self.cells if cell.level == level
                    ],
                }
                for level in LEVELS
            ]
        }


def _count(pairs: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    counts: dict[str, list] = {}
    for interest, n in pairs:
        key = normalize_text_key(interest)
        if not key:
            continue
        if key in counts:
            counts[key][1] += n
        else:
            counts[key] = [interest, n, len(counts)]
    ordered = sorted(counts.values(), key=lambda c: (-c[1], c[2]))
    return [(interest, n) for interest, n, _ in ordered]


def interest_matrix(amap: AccountMap) -> InterestMatrix:
    """The interest matrix of the map's active stakeholders.

    Examples
    --------
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "stakeholders": [
    ...     {"id": "ceo", "level": "executive", "role": "decision-maker",
    ...      "interests": ["ROI", "growth"]},
    ...     {"id": "cfo", "level": "executive", "role": "decision-maker", "interests": ["roi"]},
    ...     {"id": "old", "level": "executive", "role": "decision-maker", "status": "left",
    ...      "interests": ["legacy"]}]})
    >>> cell = interest_matrix(m).cell("executive", "decision-maker")
    >>> cell.stakeholders, cell.interests
    (('ceo', 'cfo'), (('ROI', 2), ('growth', 1)))
    >>> interest_matrix(m).to_dict("zh")["levels"][0]["default_concerns"]
    ['战略价值', '投资回报']
    """
    cells = []
    groups: dict[tuple[str, str], list] = {}
    for person in amap.stakeholders:
        if person.active:
            groups.setdefault((person.level, person.role), []).append(person)
    for level in LEVELS:
        for role in ROLES:
            people = groups.get((level, role), [])
            cells.append(MatrixCell(
                level=level,
                role=role,
                stakeholders=tuple(s.id for s in people),
                interests=tuple(_count((i, 1) for s in people for i in _unique(s.interests))),
            ))
    return InterestMatrix(cells=tuple(cells), names={s.id: s.label for s in amap.stakeholders})
