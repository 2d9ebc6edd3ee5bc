"""Assembling an account map from imported rows, the same way for every format.

:class:`MapBuilder` gives stakeholders stable ids, resolves references (an id, else a
unique name), merges repeated relationships and coverage links, and keeps the import
report: *problems* (a row or value that was skipped or replaced by a default) and
*notes* (what the importer decided, such as levels read from job titles).

>>> b = MapBuilder(Account(id="acme", name="Acme"))
>>> boss = b.add_stakeholder(Stakeholder(id="", name="王建国", role="decision-maker"), "r2")
>>> dev = b.add_stakeholder(Stakeholder(id="", name="Li Na"), "r3")
>>> b.relate("Li Na", "王建国", "reports-to", where="r3")
>>> result = b.finish()
>>> [s.id for s in result.map.stakeholders], result.map.relationships[0].target
(['s-王建国', 's-li-na'], 's-王建国')
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from graphlib_kam.errors import Problem
from graphlib_kam.model import (
    Account,
    AccountMap,
    CoverageLink,
    Relationship,
    Stakeholder,
    TeamMember,
    parse_map,
)
from graphlib_kam.vocab import DIRECTED_KINDS, normalize_text_key

from ._fields import slug

__all__ = ["ImportResult", "MapBuilder"]

_MAX_WHERES = 5


@dataclass
class ImportResult:
    """An imported map and its report.

    Attributes
    ----------
    map : AccountMap
        The map, valid under kam/1.
    problems : list of Problem
        Rows or values that were skipped or replaced by a default.
    notes : list of Problem
        Decisions the importer made that a user should know about.
    """

    map: AccountMap
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        m = self.map
        return {"stakeholders": len(m.stakeholders), "relationships": len(m.relationships),
                "team": len(m.team), "coverage": len(m.coverage)}

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data (the ``kam import --format json`` contract)."""
        return {
            "account": {"id": self.map.account.id, "name": self.map.account.name},
            **self.counts(),
            "problems": [p.to_dict() for p in self.problems],
            "notes": [n.to_dict() for n in self.notes],
        }


@dataclass
class _PendingLink:
    source: str
    target: str
    kind: str
    strength: float | None
    where: str
    extra: dict[str, Any]


class MapBuilder:
    """Collects stakeholders, links and the import report; :meth:`finish` makes the map."""

    def __init__(self, account: Account):
        self.account = account
        self.stakeholders: list[Stakeholder] = []
        self.team: list[TeamMember] = []
        self._ids: set[str] = set()
        self._first_row: dict[str, str] = {}
        self._by_name: dict[str, list[str]] = defaultdict(list)
        self._by_key: dict[str, list[str]] = defaultdict(list)
        self._members_by_ref: dict[str, str] = {}
        self._links: list[_PendingLink] = []
        self._coverage: list[tuple[str, str, float | None, dt.date | None, str]] = []
        self.problems: list[Problem] = []
        self._notes: dict[str, list[str]] = {}

    # --- report ----------------------------------------------------------------------

    def problem(self, where: str, message: str) -> None:
        """Something skipped or defaulted, at one place in the input."""
        self.problems.append(Problem(where, message))

    def note(self, message: str, where: str = "") -> None:
        """A decision the user should know about; the same message collects its places."""
        places = self._notes.setdefault(message, [])
        if where:
            places.append(where)

    def notes(self) -> list[Problem]:
        out = []
        for message, places in self._notes.items():
            shown = ", ".join(places[:_MAX_WHERES])
            if len(places) > _MAX_WHERES:
                shown += f" (and {len(places) - _MAX_WHERES} more)"
            out.append(Problem(shown, message))
        return out

    # --- people ----------------------------------------------------------------------

    def new_id(self, prefix: str, name: str, *, fallback: str = "") -> str:
        """A fresh id from a name (``s-li-na``, ``s-li-na-2`` …)."""
        base = f"{prefix}{slug(name) or fallback or str(len(self._ids) + 1)}"
        candidate, n = base, 2
        while candidate in self._ids:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    def has(self, stakeholder_id: str) -> bool:
        return stakeholder_id in self._first_row

    def add_stakeholder(self, person: Stakeholder, where: str) -> str | None:
        """Add ``person`` (an empty id is made from the name); None if the id repeats."""
        if not person.id:
            person.id = self.new_id("s-", person.name)
        elif person.id in self._first_row:
            self.problem(where, f"id {person.id!r} repeats the stakeholder of "
                                f"{self._first_row[person.id]}; this row is skipped")
            return None
        elif person.id in self._ids:
            self.problem(where, f"id {person.id!r} is already a team member's; this row "
                                "is skipped")
            return None
        self._ids.add(person.id)
        self._first_row[person.id] = where
        self.stakeholders.append(person)
        if person.name:
            self._by_name[person.name].append(person.id)
            self._by_key[normalize_text_key(person.name)].append(person.id)
        return person.id

    def find(self, ref: str) -> tuple[str | None, str | None]:
        """The stakeholder ``ref`` names: an id, else a unique name; or why none is."""
        ref = ref.strip()
        if ref in self._first_row:
            return ref, None
        for index in (self._by_name.get(ref), self._by_key.get(normalize_text_key(ref))):
            if index and len(index) == 1:
                return index[0], None
            if index:
                return None, (f"{ref!r} names {len(index)} stakeholders "
                              f"({', '.join(index)}); use the id instead")
        return None, f"no stakeholder has the id or name {ref!r}"

    def find_member(self, ref: str) -> str | None:
        """The id of the team member ``ref`` names (an id or a name), or None."""
        return self._members_by_ref.get(normalize_text_key(ref)) if ref else None

    def member(self, name: str, *, member_id: str = "", title: str = "") -> str:
        """The id of our team member called ``name`` (or with the id), added when new."""
        for ref in (member_id, name):
            found = self.find_member(ref)
            if found:
                person = next(t for t in self.team if t.id == found)
                person.title = person.title or title
                return found
        new_id = member_id or self.new_id("t-", name)
        self._ids.add(new_id)
        self.team.append(TeamMember(id=new_id, name=name or member_id, title=title))
        for ref in (new_id, name):
            if ref:
                self._members_by_ref[normalize_text_key(ref)] = new_id
        return new_id

    # --- links -----------------------------------------------------------------------

    def relate(self, source: str, target: str, kind: str, *, where: str,
               strength: float | None = None, extra: dict[str, Any] | None = None) -> None:
        """A relationship between two stakeholder references, resolved in :meth:`finish`."""
        self._links.append(_PendingLink(source, target, kind, strength, where, extra or {}))

    def cover(self, member_id: str, stakeholder_ref: str, *, where: str,
              strength: float | None = None, last_contact: dt.date | None = None) -> None:
        """A coverage link from a team member (see :meth:`member`) to a stakeholder."""
        self._coverage.append((member_id, stakeholder_ref, strength, last_contact, where))

    def _resolve(self, ref: str, where: str) -> str | None:
        found, why = self.find(ref)
        if found is None:
            self.problem(where, f"{why}; this link is skipped")
        return found

    def _relationships(self) -> list[Relationship]:
        kept: dict[tuple, Relationship] = {}
        for link in self._links:
            source = self._resolve(link.source, link.where)
            target = self._resolve(link.target, link.where)
            if source is None or target is None:
                continue
            if source == target:
                self.problem(link.where, f"links {source!r} to itself; this link is skipped")
                continue
            directed = link.kind in DIRECTED_KINDS
            key = (link.kind, source, target) if directed else (
                link.kind, *sorted((source, target)))
            if key in kept:
                old = kept[key]
                # An undirected pair named again from its other end is no repeat.
                if (old.source, old.target) == (source, target):
                    self.note(f"repeated {link.kind} links merged (the strongest is kept)",
                              link.where)
                if link.strength is not None and (old.strength is None
                                                  or link.strength > old.strength):
                    old.strength = link.strength
                continue
            kept[key] = Relationship(source=source, target=target, kind=link.kind,
                                     strength=link.strength, extra=dict(link.extra))
        return list(kept.values())

    def _coverage_links(self) -> list[CoverageLink]:
        kept: dict[tuple[str, str], CoverageLink] = {}
        for member, ref, strength, last_contact, where in self._coverage:
            stakeholder = self._resolve(ref, where)
            if stakeholder is None:
                continue
            key = (member, stakeholder)
            if key in kept:
                old = kept[key]
                self.note("repeated coverage links merged (the strongest strength and the "
                          "latest contact are kept)", where)
                if strength is not None:
                    old.strength = max(old.strength, strength)
                if last_contact and (old.last_contact is None or last_contact > old.last_contact):
                    old.last_contact = last_contact
                continue
            kept[key] = CoverageLink(member=member, stakeholder=stakeholder,
                                     strength=0.5 if strength is None else strength,
                                     last_contact=last_contact)
        return list(kept.values())

    def finish(self) -> ImportResult:
        """The map and its report; the map is checked against every kam/1 rule.

        Raises
        ------
        MapValidationError
            Only if an importer let through something kam/1 forbids (a bug).
        """
        amap = AccountMap(account=self.account, stakeholders=self.stakeholders,
                          relationships=self._relationships(), team=self.team,
                          coverage=self._coverage_links())
        amap = parse_map(amap.to_dict(), source="imported map")
        return ImportResult(map=amap, problems=list(self.problems), notes=self.notes())
