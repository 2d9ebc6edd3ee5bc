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
import itertools
import operator
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graphlib_kam.errors import MapValidationError, Problem
from graphlib_kam.importers._check import check_map, strength_ok
from graphlib_kam.importers._fields import slug
from graphlib_kam.importers._rows import Place, Row, RowProblem, Table
from graphlib_kam.model import (
    Account,
    AccountMap,
    CoverageLink,
    Relationship,
    Stakeholder,
    TeamMember,
)
from graphlib_kam.model.codec import dumps_map
from graphlib_kam.model.vocab import (
    DIRECTED_KINDS,
    RELATIONSHIP_KINDS,
    normalize_text_key,
)

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
    matched : dict
        After a merge (:func:`~graphlib_kam.importers.merge_into`): the id each
        stakeholder of the input has in the map (input id → map id); empty otherwise.
    """

    map: AccountMap
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    given: dict[str, frozenset[str]] = field(default_factory=dict)
    made_ids: set[str] = field(default_factory=set)
    assumed: set[tuple[str, str]] = field(default_factory=set)
    matched: dict[str, str] = field(default_factory=dict)

    @property
    def account(self) -> Account:
        """The account the map is about."""
        return self.map.account

    def kam_json(self) -> str:
        """The map as kam/1 JSON text (:func:`~graphlib_kam.model.codec.dumps_map`)."""
        return dumps_map(self.map)

    def counts(self) -> dict[str, int]:
        m = self.map
        return {"stakeholders": len(m.stakeholders), "relationships": len(m.relationships),
                "team": len(m.team), "coverage": len(m.coverage)}

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data (the ``kam import --format json`` contract)."""
        return {
            "account": {"id": self.account.id, "name": self.account.name},
            **self.counts(),
            "problems": [p.to_dict() for p in self.problems],
            "notes": [n.to_dict() for n in self.notes],
        }


# Where something is: a Place, a Row, a text, or (table, position[, column]) — the
# cheapest to keep for every row of a large table.
Where = Place | Row | str | tuple


def _ids_of(entry: str | list[str]) -> list[str]:
    return [entry] if isinstance(entry, str) else entry


def _place(where: Where) -> Place | str:
    if isinstance(where, tuple):
        return where[0].place(*where[1:])
    if isinstance(where, Row):
        return where.place()
    return where


class MapBuilder:
    """Collects stakeholders, links and the import report; :meth:`finish` makes the map.

    Large tables go through :meth:`add_stakeholders` and :meth:`relate_columns`, which
    do the same as the one-at-a-time methods with set operations when nothing needs
    reporting, and fall back to them when something does.
    """

    def __init__(self, account: Account, *, bulk: bool = True):
        self.account = account
        self._bulk = bulk  # False: every item one at a time (the reference, for tests)
        self.stakeholders: list[Stakeholder] = []
        self.team: list[TeamMember] = []
        self._team_ids: set[str] = set()
        self._index: dict[str, int] = {}  # stakeholder id → position
        self._wheres: list[Where] = []
        self._givens: list[frozenset[str]] = []
        # name key (name_key) → id, or → [ids] once two names share it
        self._by_key: dict[str, str | list[str]] = {}
        self._members_by_ref: dict[str, str] = {}
        # (source refs, target refs, kinds, strengths, where of k, extras or None)
        self._batches: list[tuple] = []
        self._coverage: list[tuple[str, str, float | None, dt.date | None, Where]] = []
        self._successors: list[tuple[str, str, Where]] = []
        self.problems: list[Problem] = []
        self._notes: dict[str, list] = {}  # message → [first places, how many places]
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

    def note_more(self, message: str, count: int) -> None:
        """``count`` more places of the note ``message`` beyond those :meth:`note` was
        given (only the first few places are listed; the others are counted)."""
        entry = self._notes.setdefault(message, [[], 0])
        entry[1] += count

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

    def _where_text(self, where: Where) -> str:
        return str(_place(where))

    # --- people ----------------------------------------------------------------------

    def new_id(self, prefix: str, name: str, *, fallback: str = "") -> str:
        """A fresh id from a name (``s-li-na``, ``s-li-na-2`` …)."""
        base = f"{prefix}{slug(name) or fallback or str(len(self._index) + 1)}"
        candidate, n = base, 2
        while candidate in self._index or candidate in self._team_ids:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    def has(self, stakeholder_id: str) -> bool:
        return stakeholder_id in self._index

    def stakeholder(self, stakeholder_id: str) -> Stakeholder:
        """The stakeholder added with this id (KeyError when there is none)."""
        return self.stakeholders[self._index[stakeholder_id]]

    def mark_given(self, person: Stakeholder, fields: frozenset[str]) -> None:
        """Record which of ``person``'s fields the input gave (before it has an id)."""
        self._pending_given[id(person)] = fields

    def add_stakeholder(self, person: Stakeholder, where: Where,
                        given: frozenset[str] | None = None) -> str | None:
        """Add ``person`` (an empty id is made from the name); None if the id repeats.

        A name that differs from an earlier one only in width, case or spaces (``王 建国``
        and ``王建国``) is reported: both are kept, but they are likely one person.
        ``given``: the fields the input gave (see :meth:`mark_given`).
        """
        marked = self._pending_given.pop(id(person), None)
        given = given if given is not None else marked
        person_id = person.id
        index = self._index
        if not person_id:
            person_id = person.id = self.new_id("s-", person.name)
            self._made_ids.add(person_id)
        elif person_id in index:
            self.problem(where, f"id {person_id!r} repeats the stakeholder of "
                                f"{self._where_text(self._wheres[index[person_id]])}; this "
                                "row is skipped")
            return None
        elif person_id in self._team_ids:
            self.problem(where, f"id {person_id!r} is already a team member's; this row "
                                "is skipped")
            return None
        if given is None:
            given = frozenset(f for f in STAKEHOLDER_FIELDS
                              if getattr(person, f) != getattr(_DEFAULTS, f))
        index[person_id] = len(self.stakeholders)
        self.stakeholders.append(person)
        self._wheres.append(where)
        self._givens.append(given)
        if person.name:
            self._index_name(person, where)
        return person_id

    def _index_name(self, person: Stakeholder, where: Where) -> None:
        key = name_key(person.name)
        alike = self._by_key.get(key)
        if alike is None:
            self._by_key[key] = person.id
            return
        others = [self.stakeholder(i) for i in _ids_of(alike)]
        same = [o for o in others if o.name == person.name]
        if same:
            self.note("names that repeat are kept as different people (references by "
                      "those names are ambiguous; use the ids)", where)
        else:
            other = others[0]
            self.problem(where, f"name {person.name!r} differs from {other.name!r} "
                                f"({self._where_text(self._wheres[self._index[other.id]])}) "
                                "only in width, case or spaces; both are kept — if they "
                                "are one person, delete one of the rows")
        self._by_key[key] = [*_ids_of(alike), person.id]

    def add_stakeholders(self, people: list[Stakeholder], wheres: list[Where],
                         givens: list[frozenset[str]] | None = None) -> list[str | None]:
        """:meth:`add_stakeholder` for each of ``people`` in turn; the ids (None where a
        row was skipped)."""
        count = len(people)
        givens = givens if givens is not None else [None] * count
        ids = list(map(_ID, people))
        names = list(map(_NAME, people))
        unique = set(ids)
        fast = (self._bulk and len(unique) == count and "" not in unique
                and unique.isdisjoint(self._index) and unique.isdisjoint(self._team_ids)
                and None not in givens)
        if fast:
            named = [n for n in names if n]
            keys = list(map(name_key, named))
            distinct = set(keys)
            fast = len(distinct) == len(keys) and distinct.isdisjoint(self._by_key)
        if not fast:
            return [self.add_stakeholder(p, w, g)
                    for p, w, g in zip(people, wheres, givens, strict=True)]
        start = len(self.stakeholders)
        self._index.update(zip(ids, range(start, start + count)))
        self.stakeholders.extend(people)
        self._wheres.extend(wheres)
        self._givens.extend(givens)
        self._by_key.update(zip(keys, (i for i, n in zip(ids, names, strict=True) if n)))
        return ids

    def find(self, ref: str) -> tuple[str | None, str | None]:
        """The stakeholder ``ref`` names: an id, else a unique name; or why none is."""
        if ref in self._index:
            return ref, None
        ref = ref.strip()
        if ref in self._index:
            return ref, None
        found = self._by_key.get(name_key(ref))
        if isinstance(found, str):
            return found, None
        if found:
            exact = [i for i in found if self.stakeholder(i).name == ref]
            if len(exact) == 1:
                return exact[0], None
            return None, (f"{ref!r} names {len(exact) or len(found)} stakeholders "
                          f"({', '.join(exact or found)}); use the id instead")
        return None, f"no stakeholder has the id or name {ref!r} (a dangling reference)"

    def find_member(self, ref: str) -> str | None:
        """The id of the team member ``ref`` names (an id or a name), or None."""
        return self._members_by_ref.get(normalize_text_key(ref)) if ref else None

    def member(self, name: str, *, member_id: str = "", title: str = "",
               email: str = "") -> str:
        """The id of our team member called ``name`` (or with the id), added when new."""
        for ref in (member_id, name):
            found = self.find_member(ref)
            if found:
                person = next(t for t in self.team if t.id == found)
                person.title = person.title or title
                person.email = person.email or email
                return found
        new_id = member_id or self.new_id("t-", name)
        self._team_ids.add(new_id)
        self.team.append(TeamMember(id=new_id, name=name or member_id, title=title,
                                    email=email))
        for ref in (new_id, name):
            if ref:
                self._members_by_ref[normalize_text_key(ref)] = new_id
        return new_id

    # --- links -----------------------------------------------------------------------

    def relate(self, source: str, target: str, kind: str, *, where: Where,
               strength: float | None = None, extra: dict[str, Any] | None = None) -> None:
        """A relationship between two stakeholder references, resolved in :meth:`finish`."""
        if self._batches and self._batches[-1][6]:
            batch = self._batches[-1]
        else:
            batch = ([], [], [], [], [], [], True)
            self._batches.append(batch)
        for column, value in zip(batch, (source, target, kind, strength, where, extra)):
            column.append(value)

    def relate_columns(self, sources: list[str], targets: list[str], kinds: list[str],
                       strengths: list[float | None],
                       where: Callable[[int], Where]) -> None:
        """Many relationships at once, a list per part (the k-th of each makes the k-th
        relationship, found at ``where(k)``): the same as :meth:`relate` for each, at a
        fraction of the cost on large tables."""
        self._batches.append((sources, targets, kinds, strengths, where, None, False))

    def cover(self, member_id: str, stakeholder_ref: str, *, where: Where,
              strength: float | None = None, last_contact: dt.date | None = None) -> None:
        """A coverage link from a team member (see :meth:`member`) to a stakeholder."""
        self._coverage.append((member_id, stakeholder_ref, strength, last_contact, where))

    def succeed(self, stakeholder_id: str, ref: str, *, where: Where) -> None:
        """``ref`` (an id or a name) took over from ``stakeholder_id``: resolved in
        :meth:`finish`; a reference to nobody is reported and the successor left empty."""
        self._successors.append((stakeholder_id, ref, where))

    def _set_successors(self) -> None:
        for stakeholder_id, ref, where in self._successors:
            found, why = self.find(ref)
            if found == stakeholder_id:
                why = f"{ref!r} is the person themself"
            if found is None or found == stakeholder_id:
                self.problem(where, f"successor: {why}; left empty")
                continue
            self.stakeholder(stakeholder_id).successor = found

    def _resolve(self, ref: str, where: Where) -> str | None:
        if ref in self._index:
            return ref
        found, why = self.find(ref)
        if found is None:
            self.problem(where, f"{why}; this link is skipped")
        return found

    def _resolved_batches(self) -> tuple[list, list, list, list, Callable, list | None]:
        """Every pending link with its ends resolved to ids (those that do not resolve
        reported and dropped), as flat lists, and where the k-th one is."""
        sources, targets, kinds, strengths = [], [], [], []
        extras: list | None = None
        segments: list[tuple[int, Callable, Any]] = []  # (first k, where of, positions)
        known = set(self._index)
        for part_sources, part_targets, part_kinds, part_strengths, part_where, part_extras, \
                listed in self._batches:
            count = len(part_sources)
            where_of = part_where.__getitem__ if listed else part_where
            keep = None
            if not (self._bulk and known.issuperset(part_sources)
                    and known.issuperset(part_targets)):
                part_sources, part_targets = list(part_sources), list(part_targets)
                for k in range(count):
                    part_sources[k] = self._resolve(part_sources[k], where_of(k))
                    if part_sources[k] is not None:
                        part_targets[k] = self._resolve(part_targets[k], where_of(k))
                keep = [s is not None and t is not None
                        for s, t in zip(part_sources, part_targets, strict=True)]
            if part_extras is not None and extras is None:
                extras = [None] * len(sources)
            if extras is not None and part_extras is None:
                part_extras = [None] * count
            if keep is None:
                positions: Any = range(count)

                def pick(values):
                    return values
            else:
                positions = list(itertools.compress(range(count), keep))

                def pick(values, keep=keep):
                    return list(itertools.compress(values, keep))
            segments.append((len(sources), where_of, positions))
            sources += pick(part_sources)
            targets += pick(part_targets)
            kinds += pick(part_kinds)
            strengths += pick(part_strengths)
            if extras is not None:
                extras += pick(part_extras)
        starts = [first for first, _, _ in segments]

        def where(k: int) -> Where:
            first, where_of, positions = segments[bisect_right(starts, k) - 1]
            return where_of(positions[k - first])

        return sources, targets, kinds, strengths, where, extras

    def _relationships(self) -> list[Relationship]:
        sources, targets, kinds, strengths, where_of, extras = self._resolved_batches()
        self._batches = []
        count = len(sources)
        distinct_kinds = set(kinds)
        if not distinct_kinds <= set(RELATIONSHIP_KINDS) or not all(
                strength_ok(s, optional=True) for s in set(strengths)):
            raise MapValidationError([Problem("relationships", f"kinds {distinct_kinds} or "
                                              "a strength are not kam/1's")],
                                     source="imported map")  # an importer's bug
        directed = DIRECTED_KINDS.issuperset(distinct_kinds)

        def keys():
            if directed:
                return zip(kinds, sources, targets)
            return [(k, s, t) if k in DIRECTED_KINDS or s < t else (k, t, s)
                    for k, s, t in zip(kinds, sources, targets, strict=True)]

        if self._bulk and not any(map(operator.eq, sources, targets)) \
                and len(set(keys())) == count:
            # Nothing repeats, nothing to report: build them all at once.
            if extras is None:
                return list(map(Relationship, sources, targets, kinds, strengths))
            return list(map(Relationship, sources, targets, kinds, strengths,
                            [dict(e) if e else {} for e in extras]))
        keys = list(keys())
        kept: dict[tuple, Relationship] = {}
        for k in range(count):
            source, target, kind, strength = sources[k], targets[k], kinds[k], strengths[k]
            if source == target:
                self.problem(where_of(k), f"links {source!r} to itself; this link is skipped")
                continue
            old = kept.get(keys[k])
            if old is not None:
                # An undirected pair named again from its other end is no repeat.
                if (old.source, old.target) == (source, target):
                    self.note(f"repeated {kind} links merged (the strongest is kept)",
                              where_of(k))
                if strength is not None and (old.strength is None or strength > old.strength):
                    old.strength = strength
                continue
            extra = extras[k] if extras is not None else None
            kept[keys[k]] = Relationship(source, target, kind, strength,
                                         dict(extra) if extra else {})
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
        self._set_successors()
        amap = AccountMap(account=self.account, stakeholders=self.stakeholders,
                          relationships=self._relationships(), team=self.team,
                          coverage=self._coverage_links())
        # Relationships were checked as they were made (ends resolved, kinds and
        # strengths read by the value readers); everything else is checked here.
        problems = check_map(amap, relationships=False)
        if problems:
            raise MapValidationError(problems, source="imported map")
        given = dict(zip(map(_ID, self.stakeholders), self._givens, strict=True))
        return ImportResult(map=amap, problems=list(self.problems), notes=self.notes(),
                            given=given, made_ids=set(self._made_ids),
                            assumed=set(self._assumed))


_ID = operator.attrgetter("id")
_NAME = operator.attrgetter("name")
