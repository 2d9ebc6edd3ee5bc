"""Activities into an existing map: meetings from iCalendar, Salesforce tasks and events,
HubSpot meetings and calls.

An activity import needs the map it goes into: people are matched to it, never made.
Attendees of an ``.ics`` meeting and the contacts of a HubSpot activity are matched by
``email`` to the map's team members and stakeholders; a Salesforce ``WhoId`` is a Contact
id (the stakeholder id the Salesforce importer gives, or a stakeholder's
``salesforce_id``), an ``OwnerId`` a User id (a team member's id or ``salesforce_id``).

* An activity needs a team member and at least one stakeholder; one without either is
  reported, not imported. With several team members, each gets the activity.
* Addresses that match nobody are reported, not guessed.
* A member and stakeholder who meet without a coverage link get one at strength
  :data:`NEW_LINK_STRENGTH`, reported in the notes.
* Activities already in the map (same date, member, stakeholders, kind and note) are not
  added again: re-importing a file adds nothing.
* Input that cannot be read — not an iCalendar file, an event without ``DTSTART``, a date
  that is not a date, a missing column — raises :class:`~graphlib_kam.errors.InputError`
  naming the file, line or row, and column; nothing is imported.

The ``.ics`` reader is a small RFC 5545 line reader (unfolded lines, ``mailto:``, dates
with ``TZID``, UTC or none) for the ``VEVENT`` properties used here: the ``icalendar``
package took 47 s for 100,000 events where the whole import here takes about 6 s
(``benchmarks/bench_ics.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from graphlib_kam.errors import InputError
from graphlib_kam.importers._build import ImportResult
from graphlib_kam.importers._fields import ACTIVITY_COLUMNS, as_text, match_columns, read_date
from graphlib_kam.importers._rows import RowProblem, Table, require_rows, tables_from_file
from graphlib_kam.importers._text import input_bytes, input_file, text_from_bytes
from graphlib_kam.model import AccountMap, Activity, CoverageLink
from graphlib_kam.model.vocab import normalize_activity_kind, normalize_text_key

__all__ = ["ACTIVITY_FORMATS", "NEW_LINK_STRENGTH", "RawActivity", "apply_activities",
           "import_activities", "read_ics", "read_ics_text"]

NEW_LINK_STRENGTH = 0.3
ACTIVITY_FORMATS: dict[str, str] = {
    "ics": "iCalendar .ics files: meetings into an existing map (attendees matched by email)",
    "salesforce-activities": "Salesforce Task/Event exports (WhoId, OwnerId, ActivityDate, "
                             "Subject, Type) into an existing map",
    "hubspot-activities": "HubSpot meetings/calls exports into an existing map (contacts "
                          "and owners matched by email)",
}


@dataclass
class RawActivity:
    """One activity as read, before its people are matched to a map.

    ``members`` and ``people`` hold keys to match: e-mail addresses (lower case) or,
    with ``by_id``, CRM ids. ``where`` names the file and line or row.
    """

    where: str
    file: str
    row: int
    date: dt.date
    members: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    kind: str = "meeting"
    note: str = ""
    by_id: bool = False


# --- iCalendar --------------------------------------------------------------------------

_ESCAPES = re.compile(r"\\([\\;,nN])")
_DATE_VALUE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$")
_EMAIL = re.compile(r"[^\s<>()\[\]\"',;:]+@[^\s<>()\[\]\"',;:]+\.[^\s<>()\[\]\"',;:]+")


# Lines worth splitting; anything else (UID, DTSTAMP, DTEND …) is passed over unread.
_WANTED = ("BEGIN:VEVENT", "END:VEVENT", "DTSTART", "ATTENDEE", "ORGANIZER", "SUMMARY",
           "STATUS")


def _unescape(value: str) -> str:
    return _ESCAPES.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _split_property(line: str) -> tuple[str, str, str]:
    """``NAME;PARAMS:VALUE`` → (name upper-cased, params, value); a colon inside a quoted
    parameter value does not end the parameters."""
    colon = line.find(":")
    semi = line.find(";")
    if semi == -1 or (colon != -1 and colon < semi):
        return line[:colon].upper(), "", line[colon + 1:]
    if '"' in line[:colon]:
        quoted = False
        for index, ch in enumerate(line):
            if ch == '"':
                quoted = not quoted
            elif ch == ":" and not quoted:
                colon = index
                break
    return line[:semi].upper(), line[semi + 1:colon], line[colon + 1:]


def _address(value: str) -> str:
    text = value.strip()
    if text[:7].casefold() == "mailto:":
        text = text[7:]
    return text.strip().casefold()


def _ics_date(value: str, where: str) -> dt.date:
    match = _DATE_VALUE.match(value.strip())
    if match is not None:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise InputError(f"{where}: {value.strip()!r} is not a date; expected YYYYMMDD or "
                     "YYYYMMDDTHHMMSS (with Z or a TZID)")


def read_ics_text(text: str, *, name: str = "input.ics") -> tuple[list[RawActivity],
                                                                   list[RowProblem]]:
    """The meetings of an iCalendar text: one :class:`RawActivity` per ``VEVENT``.

    The organizer comes first in ``members`` (who of the people is a team member is
    decided when matched to a map). Cancelled events are skipped and reported.

    Raises
    ------
    InputError
        Not an iCalendar file, an event without ``DTSTART`` or with a date that is not a
        date, an event left open.

    Examples
    --------
    >>> text = ("BEGIN:VCALENDAR\\r\\nBEGIN:VEVENT\\r\\nDTSTART;TZID=Asia/Shanghai:"
    ...         "20261102T100000\\r\\nSUMMARY:POC review\\\\, round 2\\r\\n"
    ...         "ORGANIZER;CN=\\"Chen: presales\\":mailto:Chen@Vendor.example\\r\\n"
    ...         "ATTENDEE;CN=Huang:mailto:huang@bank.exa\\r\\n mple\\r\\n"
    ...         "END:VEVENT\\r\\nEND:VCALENDAR\\r\\n")
    >>> [a], _ = read_ics_text(text, name="c.ics")
    >>> a.where, a.date, a.note
    ('c.ics line 2', datetime.date(2026, 11, 2), 'POC review, round 2')
    >>> a.members
    ['chen@vendor.example', 'huang@bank.example']
    """
    lines = text.splitlines()
    first = next((line.strip() for line in lines if line.strip()), "")
    if first.upper() != "BEGIN:VCALENDAR":
        raise InputError(f"{name} line 1: not an iCalendar file (it does not start with "
                         "BEGIN:VCALENDAR); expected an .ics export of a calendar")
    found: list[RawActivity] = []
    problems: list[RowProblem] = []
    event: dict | None = None
    # Unfold as we go: a line starting with a space or tab continues the one before.
    logical: list[tuple[int, str]] = []
    for number, line in enumerate(lines, 1):
        if line[:1] in (" ", "\t") and logical:
            start, held = logical[-1]
            logical[-1] = (start, held + line[1:])
        else:
            logical.append((number, line))
    wanted = _WANTED
    for number, line in logical:
        upper = line[:12].upper()
        if not upper.startswith(wanted):
            continue
        if upper.startswith("BEGIN:VEVENT"):
            if event is not None:
                raise InputError(f"{name} line {event['line']}: this VEVENT has no END:VEVENT "
                                 "before the next one begins")
            event = {"line": number, "attendees": [], "organizer": None, "start": None,
                     "summary": "", "cancelled": False}
            continue
        if event is None:
            continue
        if upper.startswith("END:VEVENT"):
            _finish_event(event, name, found, problems)
            event = None
            continue
        head, _, value = line.partition(":")
        if '"' in head:  # a quoted parameter value may hold the colon
            key, _, value = _split_property(line)
        else:
            key = head.partition(";")[0].upper()
        if key == "DTSTART":
            event["start"] = _ics_date(value, f"{name} line {number} (DTSTART)")
        elif key == "ATTENDEE":
            event["attendees"].append(_address(value))
        elif key == "ORGANIZER":
            event["organizer"] = _address(value)
        elif key == "SUMMARY":
            event["summary"] = (_unescape(value) if "\\" in value else value).strip()
        elif key == "STATUS":
            event["cancelled"] = value.strip().upper() == "CANCELLED"
    if event is not None:
        raise InputError(f"{name} line {event['line']}: this VEVENT has no END:VEVENT")
    return found, problems


def _finish_event(event: dict, name: str, found: list[RawActivity],
                  problems: list[RowProblem]) -> None:
    where = f"{name} line {event['line']}"
    if event["start"] is None:
        raise InputError(f"{where} (VEVENT): the event has no DTSTART; expected the date "
                         "it took place")
    if event["cancelled"]:
        problems.append(RowProblem(where, "a cancelled event is not a contact; skipped",
                                   name, event["line"], "STATUS"))
        return
    people = ([event["organizer"]] if event["organizer"] else []) + [
        a for a in event["attendees"] if a and a != event["organizer"]]
    found.append(RawActivity(where, name, event["line"], event["start"], members=people,
                             people=people, kind="meeting", note=event["summary"]))


def read_ics(path, *, encoding: str | None = None) -> tuple[list[RawActivity],
                                                             list[RowProblem]]:
    """:func:`read_ics_text` of a file (a path or an :class:`InputFile`)."""
    name, raw = input_bytes(input_file(path))
    return read_ics_text(text_from_bytes(raw, name=name, encoding=encoding), name=name)


# --- CRM exports ------------------------------------------------------------------------

def _kind(value: str, default: str) -> str:
    return normalize_activity_kind(value) or default if value else default


def _date_of(table: Table, row, column: str) -> dt.date | None:
    value = row.get(column)
    if value is None:
        return None
    if isinstance(value, str) and "T" in value and len(value) > 10:
        value = value[:10]
    when, why = read_date(value)
    if why:
        raise InputError(f"{row.place(column)}: {why}")
    return when


def _read_crm(tables: list[Table], *, salesforce: bool) -> tuple[list[RawActivity],
                                                                 list[RowProblem]]:
    found: list[RawActivity] = []
    problems: list[RowProblem] = []
    for table in tables:
        require_rows(table, "activities")
        columns, _ = match_columns(table.headers, ACTIVITY_COLUMNS)
        needed = ("who_id", "owner_id", "date") if salesforce else ("date", "owner",
                                                                    "contacts")
        missing = [c for c in needed if c not in columns]
        if missing:
            expected = {"who_id": "WhoId", "owner_id": "OwnerId", "date": "ActivityDate",
                        "owner": "Activity assigned to (an owner's e-mail)",
                        "contacts": "Associated Contact (e-mail addresses)"}
            raise InputError(f"{table.name}: no {', '.join(expected[c] for c in missing)} "
                             "column; the columns are " + ", ".join(table.headers))
        headers = " ".join(h.casefold() for h in table.headers)
        default = ("meeting" if "meeting" in headers or "startdatetime" in headers
                   or "eventsubtype" in headers else "call" if "call" in headers
                   else "other")
        for row in table.rows:
            when = _date_of(table, row, columns["date"])
            where = row.where
            if when is None:
                problems.append(RowProblem.at(row.place(columns["date"]),
                                              "no date; the activity is not imported"))
                continue
            status = as_text(row.get(columns["status"])) if "status" in columns else ""
            if status and normalize_text_key(status) not in ("completed", "complete", "done",
                                                             "已完成", "完成"):
                problems.append(RowProblem.at(row.place(columns["status"]),
                                              f"status {status!r}: not done yet, so not a "
                                              "contact; not imported"))
                continue
            kind = default
            for column in ("subtype", "kind"):  # Type, when it says, over the subtype
                if column in columns:
                    kind = _kind(as_text(row.get(columns[column])), kind)
            note = as_text(row.get(columns.get("subject"))) if "subject" in columns else ""
            if salesforce:
                members = [as_text(row.get(columns["owner_id"]))]
                people = [as_text(row.get(columns["who_id"]))]
            else:
                owner = as_text(row.get(columns["owner"]))
                members = [a.casefold() for a in _EMAIL.findall(owner)] or [owner.casefold()]
                cell = as_text(row.get(columns["contacts"]))
                people = [a.casefold() for a in _EMAIL.findall(cell)]
                for part in re.split(r"[;\n]", cell):
                    if part.strip() and not _EMAIL.search(part):
                        problems.append(RowProblem.at(
                            row.place(columns["contacts"]),
                            f"{part.strip()!r} has no e-mail address to match on; not guessed"))
            found.append(RawActivity(where, table.name, row.number, when,
                                     members=[m for m in members if m],
                                     people=[p for p in people if p], kind=kind, note=note,
                                     by_id=salesforce))
    return found, problems


# --- matching and applying ---------------------------------------------------------------

def _index(amap: AccountMap, *, by_id: bool) -> tuple[dict[str, str], dict[str, str]]:
    """``{key: team member id}`` and ``{key: stakeholder id}``, keys by e-mail or CRM id."""
    def keys(person) -> list[str]:
        if by_id:
            crm = person.extra.get("salesforce_id")
            return [person.id] + ([str(crm)] if crm else [])
        return [person.email.casefold()] if person.email else []
    members = {k: t.id for t in amap.team for k in keys(t)}
    people = {k: s.id for s in amap.stakeholders for k in keys(s)}
    return members, people


def _key(activity: Activity) -> tuple:
    return (activity.date, activity.member, tuple(sorted(activity.stakeholders)),
            activity.kind, activity.note)


def apply_activities(amap: AccountMap, raw: Iterable[RawActivity],
                     problems: Iterable[RowProblem] = ()) -> ImportResult:
    """A copy of ``amap`` with the activities read added (see the module notes).

    Returns
    -------
    ImportResult
        The new map; ``problems`` lists what was not imported and addresses that match
        nobody; ``notes`` the coverage links added and how many activities were new.
    """
    out = amap.copy()
    report = list(problems)
    notes: list[RowProblem] = []
    by_key = {False: _index(out, by_id=False)}
    seen = {_key(a) for a in out.activities}
    links = {(c.member, c.stakeholder) for c in out.coverage}
    names = {**{t.id: t.name or t.id for t in out.team},
             **{s.id: s.name or s.id for s in out.stakeholders}}
    added = repeated = 0
    for item in raw:
        if item.by_id not in by_key:
            by_key[item.by_id] = _index(out, by_id=item.by_id)
        members_by, people_by = by_key[item.by_id]
        members: list[str] = []
        people: list[str] = []
        unmatched: list[str] = []
        for key in dict.fromkeys(item.members + item.people):
            if key in members_by:
                members.append(members_by[key])
            elif key in people_by:
                people.append(people_by[key])
            else:
                unmatched.append(key)
        what = "id" if item.by_id else "e-mail"
        if unmatched:
            report.append(RowProblem(item.where, f"{', '.join(unmatched)}: no team member or "
                                                 f"stakeholder has this {what}; not guessed",
                                     item.file, item.row, None))
        if not members or not people:
            missing = "team member" if not members else "stakeholder"
            report.append(RowProblem(item.where, f"no {missing} of the map took part; the "
                                                 "activity is not imported",
                                     item.file, item.row, None))
            continue
        people = list(dict.fromkeys(people))
        for member in dict.fromkeys(members):
            activity = Activity(item.date, member, list(people), item.kind, item.note)
            key = _key(activity)
            if key in seen:
                repeated += 1
                continue
            seen.add(key)
            out.activities.append(activity)
            added += 1
            for sid in people:
                if (member, sid) not in links:
                    links.add((member, sid))
                    out.coverage.append(CoverageLink(member, sid, NEW_LINK_STRENGTH, None))
                    notes.append(RowProblem(
                        item.where, f"new coverage link {names[member]} → {names[sid]} "
                                    f"at strength {NEW_LINK_STRENGTH} (they met on "
                                    f"{item.date.isoformat()})", item.file, item.row, None))
    if added:
        out.activities.sort(key=lambda a: a.date)
    summary = f"{added} activit{'y' if added == 1 else 'ies'} added"
    if repeated:
        summary += f", {repeated} already in the map"
    notes.insert(0, RowProblem("", summary))
    result = ImportResult(out, problems=report, notes=notes)
    return result


def import_activities(format: str, files: list, amap: AccountMap, *,
                      encoding: str | None = None,
                      delimiter: str | None = None) -> ImportResult:
    """Read activity files of ``format`` (:data:`ACTIVITY_FORMATS`) into a copy of ``amap``.

    Raises
    ------
    InputError
        An unknown format, or input that cannot be read (see the module notes).

    Examples
    --------
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"},
    ...     "team": [{"id": "t-chen", "email": "chen@vendor.example"}],
    ...     "stakeholders": [{"id": "s-huang", "email": "huang@bank.example"}]})
    >>> ics = (b"BEGIN:VCALENDAR\\nBEGIN:VEVENT\\nDTSTART:20261120\\n"
    ...        b"ORGANIZER:mailto:chen@vendor.example\\nATTENDEE:mailto:huang@bank.example\\n"
    ...        b"ATTENDEE:mailto:who@else.example\\nEND:VEVENT\\nEND:VCALENDAR\\n")
    >>> r = import_activities("ics", [("m.ics", ics)], m)
    >>> r.map.activities[0].to_dict()
    {'date': '2026-11-20', 'member': 't-chen', 'stakeholders': ['s-huang'], 'kind': 'meeting'}
    >>> r.map.coverage[0].strength
    0.3
    >>> [str(p) for p in r.problems]
    ['m.ics line 2: who@else.example: no team member or stakeholder has this e-mail; not guessed']
    """
    if format not in ACTIVITY_FORMATS:
        raise InputError(f"unknown activity format {format!r}; expected one of "
                         + ", ".join(ACTIVITY_FORMATS))
    if not files:
        raise InputError(f"{format}: give at least one input file")
    raw: list[RawActivity] = []
    problems: list[RowProblem] = []
    for item in files:
        item = input_file(item)
        if format == "ics":
            found, issues = read_ics(item, encoding=encoding)
        else:
            tables = tables_from_file(item, encoding=encoding, delimiter=delimiter)
            found, issues = _read_crm(tables, salesforce=format == "salesforce-activities")
        raw += found
        problems += issues
    return apply_activities(amap, raw, problems)
