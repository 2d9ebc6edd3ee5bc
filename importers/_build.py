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
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graphlib_kam.errors import MapValidationError, Problem
from graphlib_kam.model import (
    Account,
    AccountMap,
    CoverageLink,
    Relationship,
    Stakeholder,
    TeamMember,
)
from graphlib_kam.vocab import (
    DIRECTED_KINDS,
    LEVELS,
    RELATIONSHIP_KINDS,
    ROLES,
    STATUSES,
    normalize_text_key,
)

from ._fields import slug
from ._rows import Place, Row, RowProblem, Table

__all__ = ["STAKEHOLDER_FIELDS", "ImportResult", "MapBuilder", "name_key"]

_MAX_WHERES = 5
# The stakeholder fields an input can give (see ImportResult.given).
STAKEHOLDER_FIELDS = ("name", "title", "department", "level", "role", "stance", "power",
                      "tags", "status", "interests", "notes")
_DEFAULTS = Stakeholder(id="")
_SEPARATORS = re.compile(r"[\s_\-]+")


def name_key(text: str) -> str:
    """A name folded for comparison: width, case, spaces, hyphens and underscores.

    >>> name_key("王 建国") == name_key("王建国"), name_key("Ｌｉ  Na") == name_key("li na")
    (True, True)
    """
    if text.isascii():
        folded = text.casefold()
        if folded.isalnum():
            return folded
        return "".join(folded.split()).replace("-", "").replace("_", "")
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text).casefold())


@dataclass
class ImportResult:
    """An imported map and its report.

    Attributes
    ----------
    map : AccountMap
        The map, valid under kam/1.
    problems : list of Problem
        Rows or values that were skipped or replaced by a default (each a
        :class:`~graphlib_kam.importers._rows.RowProblem` naming its file, row and
        column where it has them).
    notes : list of Problem
        Decisions the importer made that a user should know about.
    given : dict
        Stakeholder id → the fields the input gave (not defaults, not read from the job
        title); merging into an existing map updates only those. Absent: every field.
    made_ids : set of str
        Stakeholder ids the importer made from names (the input had none).
    assumed : set of (member, stakeholder)
        Coverage links whose strength the input did not give (0.5 was used).
    """

    map: AccountMap
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    given: dict[str, frozenset[str]] = field(default_factory=dict)
    made_ids: set[str] = field(default_factory=set)
    assumed: set[tuple[str, str]] = field(default_factory=set)

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


# Where something is: a Place, a Row, a text, or (table, position[, column]) — the
# cheapest to keep for every row of a large table.
Where = Place | Row | str | tuple


def _place(where: Where) -> Place | str:
    if isinstance(where, tuple):
        return where[0].place(*where[1:])
    if isinstance(where, Row):
        return where.place()
    return where


class MapBuilder:
    """Collects stakeholders, links and the import report; :meth:`finish` makes the map."""

    def __init__(self, account: Account):
        self.account = account
        self.stakeholders: list[Stakeholder] = []
        self.team: list[TeamMember] = []
        self._ids: set[str] = set()
        self._first_row: dict[str, Where] = {}
        self._people: dict[str, Stakeholder] = {}
        self._by_name: dict[str, list[str]] = {}
        self._by_key: dict[str, list[str]] = {}
        self._members_by_ref: dict[str, str] = {}
        # (source ref, target ref, kind, strength, where, extra), resolved in finish()
        self._links: list[tuple] = []
        self._coverage: list[tuple[str, str, float | None, dt.date | None, Where]] = []
        self.problems: list[Problem] = []
        self._notes: dict[str, list] = {}  # message → [first places, how many places]
        self._given: dict[str, frozenset[str]] = {}
        self._pending_given: dict[int, frozenset[str]] = {}
        self._made_ids: set[str] = set()
        self._assumed: set[tuple[str, str]] = set()

    # --- report ----------------------------------------------------------------------

    def problem(self, where: Where, message: str) -> None:
        """Something skipped or defaulted, at one place in the input."""
        self.problems.append(RowProblem.at(_place(where), message))

    def note(self, message: str, where: Where = "") -> None:
        """A decision the user should know about; the same message collects its places."""
        entry = self._notes.get(message)
        if entry is None:
            entry = self._notes[message] = [[], 0]
        if where:
            if len(entry[0]) < _MAX_WHERES:
                entry[0].append(where)
            entry[1] += 1

    def take(self, table: Table) -> None:
        """Adopt what reading ``table`` found: its problems and notes."""
        self.problems.extend(table.problems)
        for message in table.notes:
            self.note(message, table.name)

    def notes(self) -> list[Problem]:
        out = []
        for message, (places, count) in self._notes.items():
            shown = ", ".join(self._where_text(p) for p in places)
            if count > len(places):
                shown += f" (and {count - len(places)} more)"
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

    def mark_given(self, person: Stakeholder, fields: frozenset[str]) -> None:
        """Record which of ``person``'s fields the input gave (before it has an id)."""
        self._pending_given[id(person)] = fields

    def _where_text(self, where: Where) -> str:
        return str(_place(where))

    def add_stakeholder(self, person: Stakeholder, where: Where) -> str | None:
        """Add ``person`` (an empty id is made from the name); None if the id repeats.

        A name that differs from an earlier one only in width, case or spaces (``王 建国``
        and ``王建国``) is reported: both are kept, but they are likely one person.
        """
        given = self._pending_given.pop(id(person), None)
        person_id = person.id
        if not person_id:
            person_id = person.id = self.new_id("s-", person.name)
            self._made_ids.add(person_id)
        elif person_id in self._first_row:
            self.problem(where, f"id {person_id!r} repeats the stakeholder of "
                                f"{self._where_text(self._first_row[person_id])}; this row "
                                "is skipped")
            return None
        elif person_id in self._ids:
            self.problem(where, f"id {person_id!r} is already a team member's; this row "
                                "is skipped")
            return None
        self._ids.add(person_id)
        self._first_row[person_id] = where
        self._people[person_id] = person
        self.stakeholders.append(person)
        if given is None:
            given = frozenset(f for f in STAKEHOLDER_FIELDS
                              if getattr(person, f) != getattr(_DEFAULTS, f))
        self._given[person_id] = given
        name = person.name
        if name:
            same = self._by_name.get(name)
            if same is None:
                self._by_name[name] = [person_id]
                key = name_key(name)
                alike = self._by_key.get(key)
                if alike is None:
                    self._by_key[key] = [person_id]
                else:
                    other = self._people[alike[0]]
                    self.problem(where, f"name {name!r} differs from {other.name!r} "
                                        f"({self._where_text(self._first_row[other.id])}) "
                                        "only in width, case or spaces; both are kept — if "
                                        "they are one person, delete one of the rows")
                    alike.append(person_id)
            else:
                self.note("names that repeat are kept as different people (references by "
                          "those names are ambiguous; use the ids)", where)
                same.append(person_id)
        return person_id

    def stakeholder(self, stakeholder_id: str) -> Stakeholder:
        """The stakeholder added with this id (KeyError when there is none)."""
        return self._people[stakeholder_id]

    def find(self, ref: str) -> tuple[str | None, str | None]:
        """The stakeholder ``ref`` names: an id, else a unique name; or why none is."""
        if ref in self._first_row:
            return ref, None
        ref = ref.strip()
        if ref in self._first_row:
            return ref, None
        for index in (self._by_name.get(ref), self._by_key.get(name_key(ref))):
            if index and len(index) == 1:
                return index[0], None
            if index:
                return None, (f"{ref!r} names {len(index)} stakeholders "
                              f"({', '.join(index)}); use the id instead")
        return None, f"no stakeholder has the id or name {ref!r} (a dangling reference)"

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

    def relate(self, source: str, target: str, kind: str, *, where: Where,
               strength: float | None = None, extra: dict[str, Any] | None = None) -> None:
        """A relationship between two stakeholder references, resolved in :meth:`finish`."""
        self._links.append((source, target, kind, strength, where, extra))

    def relate_many(self, links: Iterable[tuple]) -> None:
        """Many relationships at once: ``(source, target, kind, strength, where, extra)``
        tuples, as :meth:`relate` takes them."""
        self._links.extend(links)

    def cover(self, member_id: str, stakeholder_ref: str, *, where: Where,
              strength: float | None = None, last_contact: dt.date | None = None) -> None:
        """A coverage link from a team member (see :meth:`member`) to a stakeholder."""
        self._coverage.append((member_id, stakeholder_ref, strength, last_contact, where))

    def _resolve(self, ref: str, where: Where) -> str | None:
        if ref in self._first_row:
            return ref
        found, why = self.find(ref)
        if found is None:
            self.problem(where, f"{why}; this link is skipped")
        return found

    def _relationships(self) -> list[Relationship]:
        kept: dict[tuple, Relationship] = {}
        known = self._first_row
        resolve = self._resolve
        directed_kinds = DIRECTED_KINDS
        for source, target, kind, strength, where, extra in self._links:
            if source not in known:
                source = resolve(source, where)
            if target not in known:
                target = resolve(target, where)
            if source is None or target is None:
                continue
            if source == target:
                self.problem(where, f"links {source!r} to itself; this link is skipped")
                continue
            if kind in directed_kinds or source < target:
                key = (kind, source, target)
            else:
                key = (kind, target, source)
            old = kept.get(key)
            if old is not None:
                # An undirected pair named again from its other end is no repeat.
                if (old.source, old.target) == (source, target):
                    self.note(f"repeated {kind} links merged (the strongest is kept)", where)
                if strength is not None and (old.strength is None or strength > old.strength):
                    old.strength = strength
                continue
            kept[key] = Relationship(source, target, kind, strength,
                                     dict(extra) if extra else {})
        self._links = []
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
                    old.strength = strength if key in self._assumed else max(old.strength,
                                                                             strength)
                    self._assumed.discard(key)
                if last_contact and (old.last_contact is None or last_contact > old.last_contact):
                    old.last_contact = last_contact
                continue
            if strength is None:
                self._assumed.add(key)
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
        problems = _check(amap)
        if problems:
            raise MapValidationError(problems, source="imported map")
        return ImportResult(map=amap, problems=list(self.problems), notes=self.notes(),
                            given=dict(self._given), made_ids=set(self._made_ids),
                            assumed=set(self._assumed))


def _check(amap: AccountMap) -> list[Problem]:
    """Every kam/1 rule an importer could break, checked fast (validate_map re-parses
    the whole map, which costs more than the import itself on large inputs)."""
    problems: list[Problem] = []

    def bad(where: str, message: str) -> None:
        problems.append(Problem(where, message))

    if not amap.account.id:
        bad("account.id", "is empty")
    members = {t.id for t in amap.team}
    if len(members) != len(amap.team) or "" in members:
        bad("team", "ids must be unique and not empty")
    people: set[str] = set()
    roles, levels, statuses = set(ROLES), set(LEVELS), set(STATUSES)
    for index, s in enumerate(amap.stakeholders):
        if not s.id or s.id in people or s.id in members:
            bad(f"stakeholders[{index}].id", f"{s.id!r} is empty or not unique")
        people.add(s.id)
        if s.role not in roles or s.level not in levels or s.status not in statuses:
            bad(f"stakeholders[{index}]", "role, level or status is not a kam/1 term")
        if type(s.stance) is not int or not -2 <= s.stance <= 2 \
                or type(s.power) is not int or not 1 <= s.power <= 5:
            bad(f"stakeholders[{index}]", "stance or power is out of range")
        if not all(isinstance(x, str) for x in (s.name, s.title, s.department, s.notes,
                                                *s.tags, *s.interests)):
            bad(f"stakeholders[{index}]", "a text field is not text")
    relationships = amap.relationships
    # Set operations first (fast); the item loop only runs to say where a rule broke.
    fine = (
        {r.source for r in relationships} <= people
        and {r.target for r in relationships} <= people
        and {r.kind for r in relationships} <= set(RELATIONSHIP_KINDS)
        and all(_strength_ok(s, optional=True) for s in {r.strength for r in relationships})
        and not any(r.source == r.target for r in relationships)
    )
    if not fine:
        kinds = set(RELATIONSHIP_KINDS)
        for index, r in enumerate(relationships):
            if r.source not in people or r.target not in people or r.source == r.target \
                    or r.kind not in kinds or not _strength_ok(r.strength, optional=True):
                bad(f"relationships[{index}]",
                    "a dangling end, a loop, or a bad kind or strength")
    for index, c in enumerate(amap.coverage):
        if c.member not in members or c.stakeholder not in people \
                or not _strength_ok(c.strength, optional=False):
            bad(f"coverage[{index}]", "a dangling end or a bad strength")
    return problems


def _strength_ok(value: Any, *, optional: bool) -> bool:
    if value is None:
        return optional
    return isinstance(value, (int, float)) and math.isfinite(value) and 0 < value <= 1
