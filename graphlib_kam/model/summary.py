"""A plain-data overview of an account map: who is on the committee and who covers whom."""

from __future__ import annotations

from collections import Counter

from graphlib_kam.model import AccountMap
from graphlib_kam.model.vocab import LEVELS, ROLES

__all__ = ["map_summary"]


def map_summary(amap: AccountMap) -> dict:
    """Counts per role and level, our team, and the coverage each member holds.

    Only active stakeholders are counted by role and level; ``left`` counts the others.

    Examples
    --------
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a", "name": "Acme"},
    ...     "team": [{"id": "t", "name": "Li"}],
    ...     "stakeholders": [{"id": "s", "role": "decision-maker", "level": "executive"}],
    ...     "coverage": [{"member": "t", "stakeholder": "s", "strength": 0.8}]})
    >>> s = map_summary(m)
    >>> s["by_role"]["decision-maker"], s["team"][0]["covers"][0]["stakeholder"]
    (1, 's')
    """
    active = [s for s in amap.stakeholders if s.active]
    by_role = Counter(s.role for s in active)
    by_level = Counter(s.level for s in active)
    names = {s.id: s.label for s in amap.stakeholders}
    statuses = {s.id: s.status for s in amap.stakeholders}
    team = []
    for member in amap.team:
        links = [c for c in amap.coverage if c.member == member.id]
        team.append({
            "id": member.id,
            "name": member.name,
            "title": member.title,
            "covers": [
                {
                    "stakeholder": c.stakeholder,
                    "name": names.get(c.stakeholder, c.stakeholder),
                    "status": statuses.get(c.stakeholder, "active"),
                    "strength": c.strength,
                    "last_contact": c.last_contact.isoformat() if c.last_contact else None,
                }
                for c in links
            ],
        })
    return {
        "account": {"id": amap.account.id, "name": amap.account.name,
                    "industry": amap.account.industry},
        "revision": amap.revision,
        "stakeholders": len(active),
        "left": len(amap.stakeholders) - len(active),
        "relationships": len(amap.relationships),
        "by_role": {role: by_role.get(role, 0) for role in ROLES},
        "by_level": {level: by_level.get(level, 0) for level in LEVELS},
        "team": team,
        "coverage_links": len(amap.coverage),
    }
