"""Which importer reads a set of files, told from their content: headers, sheets, keys.

The explorer's upload starts here. :func:`detect_format` looks at each file's first
bytes (the header row of a table, the sheet names and headers of a workbook, the keys of
a JSON file) and at the set as a whole: five Salesforce CSV exports are one Salesforce
bundle, not five tables; an edge list with a table beside it is network data with its
attributes. File names are never trusted for the format (only for an edge list's kind
of tie, as ``kam import`` does).

=========================  =================================================================
format                     recognised by
=========================  =================================================================
``kam``                    JSON with ``"schema": "kam/…"`` or ``stakeholders``
``kumu``                   JSON with ``elements``; a workbook with an Elements sheet
``ics``                    ``BEGIN:VCALENDAR``
``salesforce``             OpportunityContactRole (OpportunityId, ContactId, Role) or a
                           Contact export (FirstName/LastName with AccountId, ReportsToId or
                           OwnerId), with Opportunity, Account and User exports beside them
``salesforce-activities``  Task/Event exports (WhoId)
``hubspot``                contacts exports (Record ID, hs_object_id, Contact owner,
                           hubspot_owner_id, hs_buying_role, Lifecycle Stage …)
``hubspot-activities``     Activity date with Activity type or Associated Contact
``orgchart``               a manager column that holds ids or e-mail addresses
                           (SupervisorID, Boss ID, SupervisorEmail …), or names (Reports To,
                           Manager, 上级) in a sheet that says nothing about buying (no
                           role, stance, power, coverage or influence column)
``edgelist`` / ``matrix``  numbers without a header: two or three columns (an edge list),
                           or as many columns as rows (a matrix); a table beside them is
                           their attributes
``table``                  any other table: stakeholders, relationships, coverage, team
=========================  =================================================================

>>> d = detect_format([("people.csv", "Name,Role\\nAnn,决策者\\n".encode())])
>>> d.format, d.files
('table', {'people.csv': 'stakeholders'})
>>> d = detect_format([("a.csv", b"PersonID,Name,SupervisorID\\n1,Ada,\\n2,Bo,1\\n")])
>>> d.format, d.reason.render("zh")
('orgchart', '组织架构图：有一列给出每个人的上级')
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from graphlib_kam.errors import InputError
from graphlib_kam.importers._fields import (
    COVERAGE_COLUMNS,
    RELATIONSHIP_COLUMNS,
    STAKEHOLDER_COLUMNS,
    match_columns,
)
from graphlib_kam.importers._rows import ZIP_MAGIC, Table, detect_delimiter, parse_delimited
from graphlib_kam.importers._text import decode_bytes
from graphlib_kam.importers._workbook import workbook_sheets
from graphlib_kam.importers.orgchart import ORGCHART_COLUMNS
from graphlib_kam.importers.table import classify_table
from graphlib_kam.model.vocab import normalize_text_key
from graphlib_kam.text import Msg

__all__ = ["DETECTABLE", "HEAD_BYTES", "Detection", "detect_format", "file_kind"]

HEAD_BYTES = 256 * 1024
"""How much of a text file is read to tell what it is (a matrix is counted whole up to
this size)."""

DETECTABLE = ("kam", "kumu", "ics", "salesforce", "salesforce-activities", "hubspot",
              "hubspot-activities", "orgchart", "edgelist", "matrix", "table")
"""The formats :func:`detect_format` can answer, most specific first."""

_SALESFORCE_PARTS = ("salesforce-roles", "salesforce-contacts", "salesforce-opportunities",
                     "salesforce-accounts", "salesforce-users")
_TABLE_PARTS = ("stakeholders", "relationships", "coverage", "team")
_HUBSPOT_MARKERS = {"record id", "hs_object_id", "hubspot_owner_id", "hubspot owner",
                    "contact owner", "hs_buying_role", "lifecycle stage", "lifecyclestage",
                    "associated company", "associated company (primary)", "company name"}
_SALESFORCE_CONTACT_MARKERS = {"accountid", "reportstoid", "ownerid"}
_BUYING_FIELDS = {"role", "stance", "power", "covered_by", "coverage_strength",
                  "last_contact", "influences", "allied", "conflict", "interests", "tags"}


@dataclass(frozen=True)
class Detection:
    """What a set of files is.

    Attributes
    ----------
    format : str or None
        One of :data:`DETECTABLE`; None when nothing could be read (see ``files``).
    files : dict
        Each file's name → what it is: a format, a part of one (``salesforce-contacts``,
        ``stakeholders``, ``attributes`` …), ``unknown`` or ``unreadable``.
    reason : Msg
        Why, in a sentence (rendered in the reader's language).
    attributes : str or None
        ``edgelist`` and ``matrix``: the file that is the attributes table.
    ignored : tuple of str
        Files that are not part of the format found (they would not be imported).
    """

    format: str | None
    files: dict[str, str]
    reason: Msg
    attributes: str | None = None
    ignored: tuple[str, ...] = field(default=())


def _keys(headers: Iterable[str]) -> set[str]:
    return {normalize_text_key(str(h)) for h in headers if h is not None}


def _compact(keys: set[str]) -> set[str]:
    return {k.replace(" ", "").replace("_", "") for k in keys}


def _manager_kind(headers: list[str]) -> str | None:
    for kind, words in ORGCHART_COLUMNS["manager"].items():
        found, _ = match_columns(headers, {kind: words})
        if kind in found:
            return kind
    return None


def _table_kind(headers: list[str], name: str) -> str:
    """What one table is, from its header row (and its sheet name for a team)."""
    keys = _keys(headers)
    compact = _compact(keys)
    if {"contactid", "opportunityid", "role"} <= compact:
        return "salesforce-roles"
    if "whoid" in compact:
        return "salesforce-activities"
    if "activitydate" in compact and compact & {"activitytype", "associatedcontact",
                                               "activityassignedto"}:
        return "hubspot-activities"
    named = compact & {"name", "firstname", "lastname", "fullname"}
    if compact & _compact(_HUBSPOT_MARKERS) and named:
        return "hubspot"
    if "stagename" in compact:
        return "salesforce-opportunities"
    if "username" in compact and compact & {"id", "guid"}:
        return "salesforce-users"
    if compact & {"firstname", "lastname"} and compact & _SALESFORCE_CONTACT_MARKERS:
        return "salesforce-contacts"
    if "name" in compact and compact & {"id", "guid"} and compact & {
            "industry", "numberofemployees", "annualrevenue", "billingcity", "parentid"}:
        return "salesforce-accounts"
    manager = _manager_kind(headers)
    if manager is not None:
        described, _ = match_columns(headers, STAKEHOLDER_COLUMNS)
        if manager != "manager_name" or not described.keys() & _BUYING_FIELDS:
            return "orgchart"
    table = Table(name, list(headers), [])
    kind = classify_table(table)
    if kind == "stakeholders":
        described, _ = match_columns(headers, STAKEHOLDER_COLUMNS)
        linked, _ = match_columns(headers, RELATIONSHIP_COLUMNS)
        covered, _ = match_columns(headers, COVERAGE_COLUMNS)
        if not (described or linked or covered):
            return "unknown"
    return kind


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _numbers_kind(lines: list[str], whole: bool) -> str | None:
    """``edgelist``, ``matrix`` or ``attributes`` for lines of numbers without a header
    (split by runs of spaces, or by the first line's delimiter); None for anything else."""
    delimiter = detect_delimiter("\n".join(lines[:20]))
    rows = [line.split(delimiter) if delimiter else line.split() for line in lines]
    if not rows or not all(_is_number(cell.strip()) for row in rows[:20] for cell in row):
        return None
    width = len(rows[0])
    if width <= 3:
        return "edgelist"
    if len(rows) == width or (not whole and len(rows) >= width):
        return "matrix"
    return "attributes"


def _text_kind(name: str, text: str, whole: bool) -> str:
    if any(ord(ch) < 32 and ch not in "\t\r\n\f" for ch in text[:4096]):
        return "unreadable"  # control characters: binary content, whatever it decoded to
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped[:15].upper().startswith("BEGIN:VCALENDAR"):
        return "ics"
    if stripped[:1] in ("{", "["):
        return _json_kind(stripped, whole)
    if not whole:
        # A cut line is not a row: keep whole lines only.
        stripped = stripped[: stripped.rfind("\n") + 1] or stripped
    numbers = _numbers_kind([line for line in stripped.splitlines() if line.strip()], whole)
    if numbers is not None:
        return numbers
    try:
        table = parse_delimited(stripped, name=name, header=True)
    except InputError:
        return "unknown"
    return _table_kind(table.headers, name)


def _json_kind(text: str, whole: bool) -> str:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        if whole:
            return "unknown"
        head = text[:4096]
        if '"schema"' in head and '"kam/' in head or '"stakeholders"' in head:
            return "kam"
        return "kumu" if '"elements"' in head else "unknown"
    if isinstance(data, dict):
        if str(data.get("schema", "")).startswith("kam/") or "stakeholders" in data:
            return "kam"
        if "elements" in data or "connections" in data:
            return "kumu"
    return "unknown"


def _workbook_kinds(name: str, data: bytes) -> dict[str, str]:
    sheets, _ = workbook_sheets(data, name=name, clean=lambda value: value, max_rows=10**7)
    titles = {normalize_text_key(title) for title, _, _ in sheets}
    if "elements" in titles:
        return {name: "kumu"}
    kinds = {}
    for title, _, rows in sheets:
        headers = [str(cell) if cell is not None else "" for cell in rows[0]]
        kinds[f"{name}[{title}]"] = _table_kind(headers, title)
    return kinds


def file_kind(name: str, data: bytes) -> str:
    """What one file is, from its first :data:`HEAD_BYTES` (all of a workbook):
    a format of :data:`DETECTABLE`, a part of one, ``attributes``, ``unknown`` or
    ``unreadable``. A workbook whose sheets are different parts is the most specific
    of them.

    >>> file_kind("x.json", b'{"schema": "kam/1", "account": {"id": "a"}}')
    'kam'
    >>> file_kind("Krack-Advice.txt", b" 1 2 1\\n 1 3 0\\n"), file_kind("m.dat", b"0 1\\n1 0\\n")
    ('edgelist', 'edgelist')
    >>> file_kind("m.dat", b"0 1 0 1\\n1 0 0 0\\n0 0 0 1\\n1 0 1 0\\n")
    'matrix'
    """
    if data.startswith(ZIP_MAGIC):
        try:
            kinds = _workbook_kinds(name, data)
        except InputError:
            return "unreadable"
        return _most_specific(kinds.values())
    head = data[:HEAD_BYTES]
    whole = len(data) <= HEAD_BYTES
    try:
        decoded = decode_bytes(head, name=name)
    except (InputError, UnicodeError):
        return "unreadable"
    return _text_kind(name, decoded.text, whole)


_ORDER = ("kam", "kumu", "ics", *_SALESFORCE_PARTS, "salesforce-activities", "hubspot",
          "hubspot-activities", "orgchart", "matrix", "edgelist", *_TABLE_PARTS,
          "attributes", "unknown", "unreadable")


def _most_specific(kinds: Iterable[str]) -> str:
    ranked = sorted(kinds, key=_ORDER.index)
    return ranked[0] if ranked else "unknown"


def detect_format(files: Sequence[tuple[str, bytes]]) -> Detection:
    """The importer that reads ``files`` (name and content — the first
    :data:`HEAD_BYTES` are enough for text) as one import.

    The most specific format any file shows wins, and the files that are not part of
    it are listed in :attr:`Detection.ignored`: a Salesforce bundle (roles, contacts,
    opportunities, accounts, users), a HubSpot export, an org chart, network data with
    its attributes table, or tables of stakeholders and their links.

    Raises
    ------
    InputError
        No files.

    Examples
    --------
    >>> d = detect_format([("OpportunityContactRole.csv",
    ...                     b"Id,OpportunityId,ContactId,Role\\n1,o,c,Influencer\\n"),
    ...                    ("Contact.csv", b"Id,AccountId,FirstName,LastName\\nc,a,Ann,Lee\\n"),
    ...                    ("notes.csv", b"Name,Role\\nAnn,user\\n")])
    >>> d.format, d.ignored
    ('salesforce', ('notes.csv',))
    >>> d.reason.render()
    'a Salesforce export: contact roles and contacts'
    """
    if not files:
        raise InputError("no files to tell the format of")
    kinds: dict[str, str] = {}
    per_file: dict[str, str] = {}
    for name, data in files:
        if data.startswith(ZIP_MAGIC):
            try:
                sheets = _workbook_kinds(name, data)
            except InputError:
                sheets = {name: "unreadable"}
            kinds.update(sheets)
            per_file[name] = _most_specific(sheets.values())
        else:
            per_file[name] = kinds[name] = file_kind(name, data)
    return _decide(per_file, list(kinds.values()))


def _decide(per_file: dict[str, str], parts: list[str]) -> Detection:
    """The format of files whose kinds are ``per_file``; ``parts`` are the kinds of
    every table, each sheet of a workbook counted."""
    found = set(per_file.values())

    def of(*wanted: str) -> list[str]:
        return [name for name, kind in per_file.items() if kind in wanted]

    def result(fmt: str, reason: Msg, members: list[str], *,
               attributes: str | None = None) -> Detection:
        ignored = tuple(n for n in per_file if n not in members and n != attributes)
        files = dict(per_file)
        if attributes is not None:
            files[attributes] = "attributes"
        return Detection(fmt, files, reason, attributes, ignored)

    for single in ("kam", "kumu", "ics"):
        if single in found:
            members = of(single)
            return result(single, Msg(f"detect.reason.{single}"), members)
    if found & {"salesforce-roles", "salesforce-contacts"}:
        members = of(*_SALESFORCE_PARTS)
        parts = [Msg(f"detect.part.{per_file[n]}") for n in members]
        return result("salesforce", Msg("detect.reason.salesforce", parts=_unique(parts)),
                      members)
    for fmt in ("salesforce-activities", "hubspot", "hubspot-activities", "orgchart"):
        if fmt in found:
            members = of(fmt)
            return result(fmt, Msg(f"detect.reason.{fmt}"), members)
    if found & {"edgelist", "matrix"}:
        fmt = "matrix" if "matrix" in found else "edgelist"
        members = of(fmt)
        others = of("attributes", *_TABLE_PARTS, "unknown")
        attributes = others[0] if len(others) == 1 else None
        with_attributes = (Msg("detect.reason.attributes", file=attributes) if attributes
                           else "")
        return result(fmt, Msg(f"detect.reason.{fmt}", attributes=with_attributes), members,
                      attributes=attributes)
    members = of(*_TABLE_PARTS, "salesforce-opportunities", "salesforce-accounts",
                 "salesforce-users", "attributes", "unknown")
    if not members:
        return Detection(None, dict(per_file), Msg("detect.reason.none"),
                         ignored=tuple(per_file))
    known = [Msg(f"detect.part.{kind}") for kind in sorted(set(parts) & set(_TABLE_PARTS),
                                                           key=_TABLE_PARTS.index)]
    reason = (Msg("detect.reason.table", parts=known) if known
              else Msg("detect.reason.table_unknown"))
    return result("table", reason, members)


def _unique(items: list[Msg]) -> list[Msg]:
    seen, out = set(), []
    for item in items:
        if item.key not in seen:
            seen.add(item.key)
            out.append(item)
    return out
