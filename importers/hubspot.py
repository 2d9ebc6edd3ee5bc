"""HubSpot contacts exports: buying roles, job titles and contact owners.

A contacts export (CSV or Excel) with property labels as headers (``First Name``,
``Job Title``, ``Buying Role``, ``Contact owner``, ``Company Name`` …) or internal names
(``firstname``, ``jobtitle``, ``hs_buying_role``, ``hubspot_owner_id``, ``company`` …).

``hs_buying_role`` is a multiple-choice property (values separated by ``;``):

====================================  =============================================
value (internal name or label)        in the map
====================================  =============================================
BLOCKER                               opposer
DECISION_MAKER, BUDGET_HOLDER         decision-maker (a budget holder is tagged
                                      ``economic-buyer``)
CHAMPION                              influencer with stance +2, tagged ``champion``
INFLUENCER, EXECUTIVE_SPONSOR         influencer
END_USER                              user
anything else (LEGAL_AND_COMPLIANCE,  reported, not guessed: a user tagged
OTHER, custom values, blank)          ``role-unknown``
====================================  =============================================

A contact with several roles takes the most senior (decision-maker, opposer,
influencer, user); a decision-maker who is also a blocker keeps the role and gets
stance −1. The contact owner is our team member who covers the contact (last in touch
on the last-contacted or last-activity date). An export that spans several companies
gives one map per company. E-mail addresses and phone numbers are never imported.

>>> from graphlib_kam.importers._rows import parse_delimited
>>> t = parse_delimited("Record ID,First Name,Last Name,Job Title,Buying Role\\n"
...                     "1,Ana,Silva,CFO,BUDGET_HOLDER;CHAMPION\\n2,Bo,Li,Analyst,END_USER\\n")
>>> [(s.name, s.role, s.stance, s.tags) for s in read_hubspot([t])[0].map.stakeholders]
[('Ana Silva', 'decision-maker', 2, ['economic-buyer', 'champion']), ('Bo Li', 'user', 0, [])]
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from graphlib_kam.errors import InputError, NotFoundError
from graphlib_kam.importers._build import ImportResult, MapBuilder
from graphlib_kam.importers._fields import (
    as_text,
    full_name,
    level_from_title,
    match_columns,
    read_date,
    slug,
    split_list,
)
from graphlib_kam.importers._rows import Table, paused_gc, require_rows, tables_from_file
from graphlib_kam.importers.table import ROLE_UNKNOWN_TAG
from graphlib_kam.model import Account, Stakeholder
from graphlib_kam.model.vocab import normalize_text_key

__all__ = ["HUBSPOT_COLUMNS", "HUBSPOT_ROLES", "import_hubspot", "read_hubspot"]

# value → (role, stance or None, tag or None)
HUBSPOT_ROLES: dict[str, tuple[str, int | None, str | None]] = {
    "BLOCKER": ("opposer", None, None),
    "DECISION_MAKER": ("decision-maker", None, None),
    "BUDGET_HOLDER": ("decision-maker", None, "economic-buyer"),
    "CHAMPION": ("influencer", 2, "champion"),
    "INFLUENCER": ("influencer", None, None),
    "EXECUTIVE_SPONSOR": ("influencer", None, None),
    "END_USER": ("user", None, None),
}
_ROLES = {normalize_text_key(k): v for k, v in HUBSPOT_ROLES.items()}
_SENIORITY = {"decision-maker": 3, "opposer": 2, "influencer": 1, "user": 0}

HUBSPOT_COLUMNS: dict[str, list[str]] = {
    "id": ["record id", "hs_object_id", "contact id", "vid", "id"],
    "name": ["name", "full name", "contact name"],
    "first_name": ["first name", "firstname"],
    "last_name": ["last name", "lastname"],
    "title": ["job title", "jobtitle", "title"],
    "department": ["department", "job function", "job_function", "部门"],
    "buying_role": ["hs_buying_role", "buying role", "buying roles"],
    "owner": ["contact owner", "hubspot_owner_id", "hubspot owner", "owner"],
    "last_contact": ["last contacted", "notes_last_contacted", "last activity date",
                     "notes_last_updated", "hs_last_sales_activity_timestamp",
                     "last engagement date"],
    "company": ["company name", "company", "associated company",
                "associated company (primary)"],
    "notes": ["notes", "description", "message"],
}


def import_hubspot(
    paths: Iterable[str | os.PathLike], *, account: Account, select: str | None = None,
    encoding: str | None = None, delimiter: str | None = None,
) -> list[ImportResult]:
    """Read HubSpot contacts exports (see the module notes).

    Parameters
    ----------
    paths : iterable of path-like
        Contacts exports (CSV or Excel), read as one list of contacts.
    account : Account
        The account of an export with no company column.
    select : str, optional
        Only the contacts of this company (its name).
    encoding, delimiter : str, optional
        For CSV files (detected by default).

    Returns
    -------
    list of ImportResult
        One per company (one only when the export has no company column).

    Raises
    ------
    InputError
        A file that is not a contacts export (no name columns), or only a header row.
    NotFoundError
        A ``select`` that names no company.
    """
    with paused_gc():
        tables = [t for path in paths
                  for t in tables_from_file(path, encoding=encoding, delimiter=delimiter)]
        result = read_hubspot(tables, account=account, select=select)
        del tables  # freed before the collector runs again, not scanned by it
    return result


def read_hubspot(tables: list[Table], *, account: Account | None = None,
                 select: str | None = None) -> list[ImportResult]:
    """As :func:`import_hubspot`, from tables already read."""
    account = account or Account(id="hubspot", name="HubSpot")
    contacts = []
    for table in tables:
        columns, unused = match_columns(table.headers, HUBSPOT_COLUMNS)
        if not {"name", "first_name", "last_name"} & columns.keys():
            raise InputError(f"{table.name}: not a HubSpot contacts export; expected First "
                             "Name and Last Name (or firstname, lastname) columns")
        require_rows(table, "one row per contact")
        contacts.append((table, columns, [h for h in unused if not _personal(h)]))
    by_company: dict[str, list[tuple[Table, dict[str, str], int]]] = defaultdict(list)
    for table, columns, _ in contacts:
        for k, row in enumerate(table.rows):
            company = as_text(row.get(columns.get("company")))
            by_company[company].append((table, columns, k))
    if select:
        wanted = select.strip().casefold()
        by_company = {c: rows for c, rows in by_company.items() if c.casefold() == wanted}
        if not by_company:
            raise NotFoundError(f"--select {select!r}: no contact's company has that name")
    results = []
    for company, rows in sorted(by_company.items(), key=lambda item: item[0].casefold()):
        if company:
            map_account = Account(id=slug(company) or account.id, name=company,
                                  industry=account.industry, extra={"source": "hubspot"})
        else:
            map_account = Account(id=account.id, name=account.name, industry=account.industry,
                                  extra={"source": "hubspot"})
        builder = MapBuilder(map_account)
        for table, _, unused in contacts:
            builder.take(table)
            if unused:
                builder.note(f"columns not imported: {', '.join(map(repr, unused))}",
                             table.name)
        builder.note("e-mail addresses and phone numbers are not imported")
        for table, columns, k in rows:
            _add_contact(builder, table, columns, k)
        results.append(builder.finish())
    return results


def _personal(header: str) -> bool:
    key = normalize_text_key(header)
    return any(word in key for word in ("email", "e mail", "phone", "mobile", "fax"))


def _buying_roles(builder: MapBuilder, value: Any, where) -> tuple[
        str | None, int | None, list[str], list[str]]:
    """The role, stance and tags a cell of buying roles gives, and the raw values."""
    raw = split_list(value)
    found = []
    for item in raw:
        mapped = _ROLES.get(normalize_text_key(item))
        if mapped is None:
            builder.note(f"buying role {item!r} is not one this importer maps; not guessed",
                         where)
        else:
            found.append(mapped)
    if not found:
        return None, None, [], raw
    role = max((r for r, _, _ in found), key=_SENIORITY.__getitem__)
    tags = [tag for _, _, tag in found if tag]
    champion = any(s == 2 for _, s, _ in found)
    blocker = any(r == "opposer" for r, _, _ in found)
    stance = None
    if champion and blocker:
        builder.problem(where, "both CHAMPION and BLOCKER: the stance is left at the role's "
                               "default (ask the account team)")
        tags = [t for t in tags if t != "champion"]
    elif champion:
        stance = 2
    elif blocker and role != "opposer":
        stance = -1
        builder.note("blockers with another buying role keep that role, with stance -1",
                     where)
    return role, stance, tags, raw


def _read_hubspot_date(value: Any) -> tuple[dt.date | None, str | None]:
    text = as_text(value)
    if text.isdigit() and len(text) == 13:  # milliseconds since 1970 (API exports)
        return dt.datetime.fromtimestamp(int(text) / 1000, dt.UTC).date(), None
    return read_date(value)


def _add_contact(builder: MapBuilder, table: Table, columns: dict[str, str], k: int) -> None:
    row = table.rows[k]

    def cell(field: str) -> Any:
        return row.get(columns.get(field))

    def place(field: str | None = None):
        return table.place(k, columns.get(field) if field else None)

    name = as_text(cell("name")) or full_name(as_text(cell("first_name")),
                                              as_text(cell("last_name")))
    contact_id = as_text(cell("id"))
    if not name and not contact_id:
        builder.problem(place(), "no name and no record id; this row is skipped")
        return
    role, stance, tags, raw = _buying_roles(builder, cell("buying_role"), place("buying_role"))
    given = {"name"} if name else set()
    if role is None:
        tags = [*tags, ROLE_UNKNOWN_TAG]
        builder.note(f"contacts with no buying role this importer maps are kept as users, "
                     f"tagged {ROLE_UNKNOWN_TAG!r} (ask the account team)", place())
    else:
        given.add("role")
    if stance is not None:
        given.add("stance")
    if tags and role is not None:
        given.add("tags")
    title = as_text(cell("title"))
    department = as_text(cell("department"))
    notes = as_text(cell("notes"))
    given.update(f for f, v in (("title", title), ("department", department),
                                ("notes", notes)) if v)
    if title:
        builder.note("levels are read from the job titles")
    person = Stakeholder(
        id=f"hs-{contact_id}" if contact_id else "", name=name, title=title,
        department=department, level=level_from_title(title), role=role or "user",
        stance=stance if stance is not None else (-1 if role == "opposer" else 0),
        tags=list(dict.fromkeys(tags)), notes=notes,
        extra={"hubspot_buying_roles": raw} if raw else {},
    )
    builder.mark_given(person, frozenset(given))
    person_id = builder.add_stakeholder(person, place())
    if person_id is None:
        return
    owner = as_text(cell("owner"))
    if owner:
        when, why = _read_hubspot_date(cell("last_contact"))
        if why:
            builder.problem(place("last_contact"), f"{why}; left empty")
        builder.note("contact owners cover their contacts: HubSpot has no strength for "
                     "that, so 0.5 is used")
        builder.cover(builder.member(owner), person_id, where=place(), last_contact=when)
