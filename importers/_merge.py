"""Importing into a map that exists: the import updates it, nothing else is lost.

:func:`merge_into` matches the imported stakeholders to the map's by id (and, for ids the
importer made from names, by a name that is unique in both), updates only the fields the
input gave (``ImportResult.given``: a sheet without a stance column leaves every stance
as it was), and adds the new ones. The map's other stakeholders, its team, coverage,
relationships and unknown keys are kept; imported links are added, or update the link
they repeat, and a person the input gives a manager for loses the reports-to links the
input no longer has (a new manager replaces the old). Tags and interests are joined, not
replaced.

>>> from graphlib_kam.model import parse_map
>>> old = parse_map({"account": {"id": "a"}, "revision": 4,
...     "stakeholders": [{"id": "s-li", "name": "Li", "stance": 2, "tags": ["coach"]},
...                      {"id": "s-wu", "name": "Wu"}]})
>>> new = ImportResult(parse_map({"account": {"id": "a"}, "stakeholders": [
...     {"id": "s-li", "name": "Li", "title": "CIO", "tags": ["primary-contact"]}]}),
...     given={"s-li": frozenset({"name", "title", "tags"})})
>>> merged = merge_into(old, new).map
>>> li = merged.stakeholder("s-li")
>>> (li.title, li.stance, li.tags, len(merged.stakeholders), merged.revision)
('CIO', 2, ['coach', 'primary-contact'], 2, 4)
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from graphlib_kam.errors import MapValidationError, Problem
from graphlib_kam.importers._build import STAKEHOLDER_FIELDS, ImportResult, name_key
from graphlib_kam.importers._check import check_map
from graphlib_kam.importers.table import ROLE_UNKNOWN_TAG
from graphlib_kam.model import AccountMap, CoverageLink, Relationship, Stakeholder, TeamMember

__all__ = ["merge_into"]


def _unique_names(items) -> dict[str, str]:
    """name key → id, for the names that only one item has."""
    seen: dict[str, str | None] = {}
    for item in items:
        if item.name:
            key = name_key(item.name)
            seen[key] = None if key in seen else item.id
    return {k: v for k, v in seen.items() if v is not None}


def _fresh(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _joined(old: list[str], new: list[str]) -> list[str]:
    return list(dict.fromkeys([*old, *new]))


def merge_into(existing: AccountMap, result: ImportResult) -> ImportResult:
    """``existing`` updated by ``result`` (see the module notes), at the same revision:
    saving it with its revision checked writes the next one.

    Returns
    -------
    ImportResult
        The merged map, the import's problems, and its notes followed by what the merge
        did.

    Raises
    ------
    MapValidationError
        Only if the merge broke a kam/1 rule (a bug).
    """
    merged = existing.copy()
    imported = result.map
    taken = {s.id for s in merged.stakeholders} | {t.id for t in merged.team}

    member_ids: dict[str, str] = {}
    team_by_id = merged.team_by_id()
    team_names = _unique_names(merged.team)
    added_team = 0
    for member in imported.team:
        # A "covered by" cell may hold a member's id or name; the importer saw only text.
        found = next((ref for ref in (member.id, member.name) if ref in team_by_id),
                     None) or team_names.get(name_key(member.name))
        if found is None:
            new_id = member.id if member.id not in taken else _fresh(member.id, taken)
            taken.add(new_id)
            merged.team.append(TeamMember(new_id, member.name, member.title,
                                          dict(member.extra), member.email))
            team_by_id[new_id] = merged.team[-1]
            found = new_id
            added_team += 1
        else:
            if member.title and not team_by_id[found].title:
                team_by_id[found].title = member.title
            if member.email:
                team_by_id[found].email = member.email
        member_ids[member.id] = found

    people = merged.stakeholders_by_id()
    names = _unique_names(merged.stakeholders)
    ids: dict[str, str] = {}
    updated = added = 0
    for person in imported.stakeholders:
        target = person.id if person.id in people else None
        if target is None and person.id in result.made_ids:
            target = names.get(name_key(person.name))
        if target is None:
            new_id = person.id if person.id not in taken else _fresh(person.id, taken)
            taken.add(new_id)
            copy = replace(person, id=new_id, tags=list(person.tags),
                           interests=list(person.interests), extra=dict(person.extra))
            merged.stakeholders.append(copy)
            people[new_id] = copy
            ids[person.id] = new_id
            added += 1
            continue
        ids[person.id] = target
        _update(people[target], person, result.given.get(person.id))
        updated += 1

    for person in imported.stakeholders:
        if person.successor in ids:  # the import's ids, translated to the map's
            people[ids[person.id]].successor = ids[person.successor]
    if imported.deal is not None:
        merged.deal = imported.deal

    # The export names each person's manager now: a reports-to link it no longer has
    # for someone it gives a manager for is out of date.
    reports = {(ids[r.source], ids[r.target]) for r in imported.relationships
               if r.kind == "reports-to"}
    reporting = {source for source, _ in reports}
    before = len(merged.relationships)
    merged.relationships = [r for r in merged.relationships
                            if r.kind != "reports-to" or r.source not in reporting
                            or (r.source, r.target) in reports]
    managers_replaced = before - len(merged.relationships)
    relationships = {_link_key(r): r for r in merged.relationships}
    links_added = links_updated = 0
    for r in imported.relationships:
        source, target = ids[r.source], ids[r.target]
        key = _link_key(Relationship(source, target, r.kind))
        old = relationships.get(key)
        if old is None:
            new = Relationship(source, target, r.kind, r.strength, dict(r.extra))
            merged.relationships.append(new)
            relationships[key] = new
            links_added += 1
        else:
            if r.strength is not None and r.strength != old.strength:
                old.strength = r.strength
                links_updated += 1
            old.extra.update(r.extra)

    coverage = {(c.member, c.stakeholder): c for c in merged.coverage}
    cover_added = 0
    for c in imported.coverage:
        member, stakeholder = member_ids[c.member], ids[c.stakeholder]
        old = coverage.get((member, stakeholder))
        if old is None:
            new = CoverageLink(member, stakeholder, c.strength, c.last_contact, dict(c.extra))
            merged.coverage.append(new)
            coverage[(member, stakeholder)] = new
            cover_added += 1
            continue
        if (c.member, c.stakeholder) not in result.assumed:
            old.strength = c.strength
        if c.last_contact and (old.last_contact is None or c.last_contact > old.last_contact):
            old.last_contact = c.last_contact
        old.extra.update(c.extra)

    merged.account.extra.update(imported.account.extra)
    merged.account.name = merged.account.name or imported.account.name
    merged.account.industry = merged.account.industry or imported.account.industry
    problems = check_map(merged)
    if problems:
        raise MapValidationError(problems, source="merged map")
    kept = len(existing.stakeholders) - updated
    notes = list(result.notes) + [Problem("", message) for message in (
        f"merged into the map at revision {existing.revision}: {updated} stakeholders "
        f"updated (only the fields the input has), {added} added, {kept} kept as they were",
        f"relationships: {links_added} added, {links_updated} strengths updated; coverage "
        f"links: {cover_added} added; team members: {added_team} added",
    )]
    moved = {k: v for k, v in ids.items() if k != v}
    given = {ids[k]: v for k, v in result.given.items() if k in ids}
    out = ImportResult(map=merged, problems=list(result.problems), notes=notes, given=given,
                       made_ids={ids[k] for k in result.made_ids if k in ids},
                       matched=dict(ids))
    if managers_replaced:
        out.notes.append(Problem("", f"{managers_replaced} reports-to links replaced by the "
                                     "manager the input gives"))
    if moved:
        shown = ", ".join(f"{k} → {v}" for k, v in list(moved.items())[:5])
        more = f" (and {len(moved) - 5} more)" if len(moved) > 5 else ""
        out.notes.append(Problem("", f"matched to the map's ids by name: {shown}{more}"))
    return out


def _link_key(r: Relationship) -> tuple[str, str, str]:
    if r.directed or r.source < r.target:
        return (r.kind, r.source, r.target)
    return (r.kind, r.target, r.source)


def _update(person: Stakeholder, new: Stakeholder, given: frozenset[str] | None) -> None:
    fields = STAKEHOLDER_FIELDS if given is None else given
    for field in fields:
        value: Any = getattr(new, field)
        if field == "tags":
            tags = [t for t in value if t != ROLE_UNKNOWN_TAG]
            old = [t for t in person.tags if t != ROLE_UNKNOWN_TAG or "role" not in fields]
            value = _joined(old, tags)
        elif field == "interests":
            value = _joined(person.interests, value)
        setattr(person, field, value)
    if "role" in fields and ROLE_UNKNOWN_TAG in person.tags:
        person.tags = [t for t in person.tags if t != ROLE_UNKNOWN_TAG]
    if new.email:
        person.email = new.email
    person.extra.update(new.extra)
