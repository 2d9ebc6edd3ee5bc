"""Personnel-change early warning (人事变动预警): what a CRM re-export says about people.

:func:`personnel_alerts` compares the people of a map with those of an export imported
into it: someone the export of their source no longer holds (they may have left, and
whoever is new in their title may be their successor), a changed title or department, a
new person at executive level, a new manager. It only reports; nobody is marked as left
here. :func:`field_alerts` is the part that two revisions of a map show as well
(:func:`~graphlib_kam.algorithms.changes.change_impact` uses it).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from graphlib_kam.model import AccountMap, Stakeholder
from graphlib_kam.text import DEFAULT_LANG, Msg, Term

__all__ = ["field_alerts", "managers_of", "personnel_alerts", "suggested_successor"]

_KEY_ROLES = ("decision-maker", "influencer")


def managers_of(amap: AccountMap) -> dict[str, set[str]]:
    """Stakeholder id → the ids of those they report to (``reports-to`` links).

    >>> from graphlib_kam.model import parse_map
    >>> managers_of(parse_map({"account": {"id": "a"}, "stakeholders": [
    ...     {"id": "s-a"}, {"id": "s-b"}],
    ...     "relationships": [{"source": "s-a", "target": "s-b", "kind": "reports-to"}]}))
    {'s-a': {'s-b'}}
    """
    managers: dict[str, set[str]] = {}
    for r in amap.relationships:
        if r.kind == "reports-to":
            managers.setdefault(r.source, set()).add(r.target)
    return managers


def _title_key(title: str) -> str:
    return " ".join(title.casefold().split())


def suggested_successor(departed: Stakeholder, newcomers: list[Stakeholder]) -> str | None:
    """The id of the one newcomer who holds the departed person's title (case and spaces
    aside); None when nobody or several do, or the departed person had no title.

    >>> suggested_successor(Stakeholder("s-a", title="CIO"),
    ...                     [Stakeholder("s-b", title="cio"), Stakeholder("s-c", title="CFO")])
    's-b'
    >>> suggested_successor(Stakeholder("s-a", title="CIO"),
    ...                     [Stakeholder("s-b", title="CIO"), Stakeholder("s-c", title="CIO")])
    """
    key = _title_key(departed.title)
    if not key:
        return None
    holders = [p.id for p in newcomers if _title_key(p.title) == key]
    return holders[0] if len(holders) == 1 else None


def _alert(change: str, severity: str, person: Stakeholder, message: Msg, lang: str, *,
           old: Any = None, new: Any = None, successor: str | None = None) -> dict[str, Any]:
    return {"kind": "personnel-change", "change": change, "severity": severity,
            "stakeholder": person.id, "name": person.label, "old": old, "new": new,
            "successor": successor, "message": message.render(lang)}


def _names(amap: AccountMap, ids: Collection[str]) -> str:
    people = amap.stakeholders_by_id()
    return ", ".join(sorted(people[i].label if i in people else i for i in ids))


def field_alerts(
    was: Stakeholder,
    now: Stakeholder,
    *,
    old_managers: Collection[str],
    new_managers: Collection[str],
    before: AccountMap,
    after: AccountMap,
    lang: str = DEFAULT_LANG,
) -> list[dict[str, Any]]:
    """Alerts for one person in both maps: a changed title, a changed department, a new
    manager (someone they report to now and did not before, when they had a manager).

    Parameters
    ----------
    was, now : Stakeholder
        The person before and after.
    old_managers, new_managers : collection of str
        The ids of those they report to, before and after.
    before, after : AccountMap
        The maps, for the managers' names.
    lang : str, keyword-only
        Language of the messages ("en" or "zh").

    Returns
    -------
    list of dict
        ``{"kind": "personnel-change", "change", "severity", "stakeholder", "name",
        "old", "new", "successor": None, "message"}``; ``change`` is ``title-changed``,
        ``department-changed`` or ``new-manager`` (``old``/``new``: sorted manager ids).

    Examples
    --------
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "stakeholders": [
    ...     {"id": "s-a", "name": "Ann"}, {"id": "s-b", "name": "Bo"},
    ...     {"id": "s-c", "name": "Cy"}]})
    >>> alerts = field_alerts(Stakeholder("s-a", "Ann", title="CIO"),
    ...     Stakeholder("s-a", "Ann", title="CTO"), old_managers={"s-b"},
    ...     new_managers={"s-c"}, before=m, after=m)
    >>> [(a["change"], a["old"], a["new"]) for a in alerts]
    [('title-changed', 'CIO', 'CTO'), ('new-manager', ['s-b'], ['s-c'])]
    >>> print(alerts[1]["message"])
    Personnel change: Ann now reports to Cy (before: Bo).
    """
    alerts = []
    severity = "high" if now.role in _KEY_ROLES else "medium"
    if was.title and now.title and _title_key(was.title) != _title_key(now.title):
        alerts.append(_alert("title-changed", severity, now, Msg(
            "personnel.title.message", name=now.label, old=was.title, new=now.title), lang,
            old=was.title, new=now.title))
    if was.department and now.department and was.department != now.department:
        alerts.append(_alert("department-changed", severity, now, Msg(
            "personnel.department.message", name=now.label, old=was.department,
            new=now.department), lang, old=was.department, new=now.department))
    if old_managers and new_managers and set(new_managers) - set(old_managers):
        alerts.append(_alert("new-manager", "medium", now, Msg(
            "personnel.manager.message", name=now.label,
            new=_names(after, set(new_managers)), old=_names(before, set(old_managers))),
            lang, old=sorted(old_managers), new=sorted(new_managers)))
    return alerts


def personnel_alerts(
    old: AccountMap,
    new: AccountMap,
    *,
    present: Collection[str],
    managers: Mapping[str, Collection[str]] | None = None,
    tracked: Collection[str] | None = None,
    lang: str = DEFAULT_LANG,
) -> list[dict[str, Any]]:
    """The personnel changes an export imported into ``old`` shows.

    Parameters
    ----------
    old : AccountMap
        The map before the import.
    new : AccountMap
        The map after it (the merge of the export into ``old``).
    present : collection of str
        The ids (in ``new``) of the stakeholders the export holds.
    managers : mapping, optional, keyword-only
        Stakeholder id → the ids of those the export says they report to (ids in
        ``new``); people it gives no manager for are not compared.
    tracked : collection of str, optional, keyword-only
        The ids of ``old``'s stakeholders that came from the same source as the export:
        the ones it lacks may have left. Default: all of ``old``'s.
    lang : str, keyword-only
        Language of the messages ("en" or "zh").

    Returns
    -------
    list of dict
        ``{"kind": "personnel-change", "change", "severity", "stakeholder", "name",
        "old", "new", "successor", "message"}``, ``change`` one of:

        * ``may-have-left`` — an active person of ``tracked`` the export lacks;
          ``successor`` is :func:`suggested_successor` among the people new in the export;
        * ``title-changed``, ``department-changed``, ``new-manager`` — see
          :func:`field_alerts`;
        * ``new-executive`` — someone new in the export at executive level.

    Examples
    --------
    >>> from graphlib_kam.model import parse_map
    >>> old = parse_map({"account": {"id": "a"}, "stakeholders": [
    ...     {"id": "s-cio", "name": "Raj", "title": "CIO", "role": "decision-maker"},
    ...     {"id": "s-cfo", "name": "Claire", "title": "CFO", "department": "Finance"}]})
    >>> new = parse_map({"account": {"id": "a"}, "stakeholders": [
    ...     {"id": "s-cio", "name": "Raj", "title": "CIO", "role": "decision-maker"},
    ...     {"id": "s-cfo", "name": "Claire", "title": "CFO", "department": "Treasury"},
    ...     {"id": "s-new", "name": "Ana", "title": "CIO", "level": "executive"}]})
    >>> alerts = personnel_alerts(old, new, present={"s-cfo", "s-new"})
    >>> [(a["change"], a["stakeholder"], a["successor"]) for a in alerts]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('may-have-left', 's-cio', 's-new'), ('department-changed', 's-cfo', None),
     ('new-executive', 's-new', None)]
    >>> print(alerts[0]["message"])  # doctest: +NORMALIZE_WHITESPACE
    Personnel change: Raj (CIO), decision-maker, is not in the new export and may have
    left; Ana (CIO) now holds their title and may be their successor.
    """
    present = set(present)
    before, after = old.stakeholders_by_id(), new.stakeholders_by_id()
    tracked = set(before) if tracked is None else set(tracked)
    newcomers = [after[i] for i in after if i in present and i not in before]
    old_managers = managers_of(old)
    alerts = []
    for was in old.stakeholders:
        if was.id in present or was.id not in tracked or not was.active:
            continue
        heir = suggested_successor(was, newcomers)
        tail = (Msg("personnel.left.successor", successor=_who(after[heir]))
                if heir else Msg("personnel.left.nobody"))
        alerts.append(_alert("may-have-left", "high" if was.role in _KEY_ROLES else "medium",
                             was, Msg("personnel.left.message", who=_who(was),
                                      role=Term(was.role), tail=tail), lang, successor=heir))
    for sid in (i for i in after if i in present and i in before):
        alerts.extend(field_alerts(
            before[sid], after[sid], old_managers=old_managers.get(sid, set()),
            new_managers=(managers or {}).get(sid, set()), before=old, after=new, lang=lang))
    for person in newcomers:
        if person.level == "executive":
            alerts.append(_alert("new-executive", "high", person, Msg(
                "personnel.executive.message", who=_who(person), level=Term("executive")),
                lang))
    return alerts


def _who(person: Stakeholder) -> Msg:
    if not person.title:
        return Msg("who.plain", name=person.label)
    return Msg("who.titled_latin", name=person.label, title=person.title,
               flat_title=" ".join(person.title.split()))
