"""Salesforce exports: contacts and their roles on opportunities, one map per account.

Give the CSV exports of ``OpportunityContactRole``, ``Contact`` and ``Opportunity`` (and
``Account`` for names and industries); each file is recognised by its columns, and
records are keyed by ``Id`` (or ``Guid`` in Prodly-style exports). A buying committee is
the set of contacts with a role on the opportunities of one account. The opportunity's
account decides: a contact filed under another account in the CRM still sits on the
committee the opportunity names.

Roles (``OpportunityContactRole.Role``): Decision Maker, Economic Buyer, Economic
Decision Maker → decision-maker; Influencer, Technical Buyer, Evaluator, Executive
Sponsor → influencer; Business User → user. Other, blank or custom values are not
guessed: the contact is kept as a user and tagged ``role-unknown``. A contact with
roles on several opportunities keeps the most senior. ``IsPrimary`` becomes the tag
``primary-contact`` (the primary contact is often not the decision-maker). The level is
read from the job title. E-mail addresses and phone numbers are never imported.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from graphlib_kam.errors import InputError, NotFoundError, Problem
from graphlib_kam.model import Account, Stakeholder
from graphlib_kam.vocab import normalize_text_key

from ._build import ImportResult, MapBuilder
from ._fields import as_text, full_name, level_from_title, read_enum
from ._rows import Row, Table, tables_from_file
from .table import ROLE_UNKNOWN_TAG

__all__ = ["PRIMARY_TAG", "import_salesforce", "read_salesforce"]

PRIMARY_TAG = "primary-contact"
_SENIORITY = {"decision-maker": 3, "opposer": 2, "influencer": 1, "user": 0}


class _Object:
    """One exported object (a table), with case-insensitive column access by key."""

    def __init__(self, table: Table):
        self.table = table
        self.columns = {normalize_text_key(h).replace(" ", ""): h for h in table.headers}
        key = self.column("id") or self.column("guid")
        if key is None:
            raise InputError(f"{table.name}: no Id (or Guid) column to key the records by")
        self.key = key
        self.records: dict[str, Row] = {}
        for row in table.rows:
            record_id = as_text(row.values.get(key))
            if record_id:
                self.records.setdefault(record_id, row)

    def column(self, name: str) -> str | None:
        return self.columns.get(name.casefold())

    def get(self, row: Row, name: str) -> str:
        column = self.column(name)
        return as_text(row.values.get(column)) if column else ""


def _amount(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text


def _is_true(text: str) -> bool:
    return text.casefold() in ("true", "1", "yes")


def _kind_of(table: Table) -> str | None:
    names = {normalize_text_key(h).replace(" ", "") for h in table.headers}
    if {"contactid", "opportunityid", "role"} <= names:
        return "roles"
    if "stagename" in names:
        return "opportunities"
    if {"lastname"} <= names or {"firstname"} <= names:
        return "contacts"
    if "name" in names and names & {"industry", "numberofemployees", "annualrevenue",
                                    "billingcity", "parentid"}:
        return "accounts"
    return None


def import_salesforce(
    paths: Iterable[str | os.PathLike], *, select: str | None = None,
    encoding: str | None = None,
) -> list[ImportResult]:
    """Read Salesforce CSV exports into one map per account (see the module notes).

    Parameters
    ----------
    paths : iterable of path-like
        The exports, in any order.
    select : str, optional
        Only this account or opportunity (its Id/Guid or its name).
    encoding : str, optional

    Returns
    -------
    list of ImportResult
        One per account that has contact roles, sorted by account name.

    Raises
    ------
    InputError
        A file that is not one of the exports, a missing export, or a ``select`` that
        matches nothing.
    """
    tables = [t for path in paths for t in tables_from_file(path, encoding=encoding)]
    return read_salesforce(tables, select=select)


def read_salesforce(tables: list[Table], *, select: str | None = None) -> list[ImportResult]:
    """As :func:`import_salesforce`, from tables already read."""
    objects: dict[str, _Object] = {}
    for table in tables:
        kind = _kind_of(table)
        if kind is None:
            raise InputError(
                f"{table.name}: not a Salesforce export this importer reads; expected "
                "OpportunityContactRole, Contact, Opportunity or Account (CSV with headers)")
        if kind in objects:
            raise InputError(f"{table.name}: a second {kind} export "
                             f"(the first is {objects[kind].table.name})")
        objects[kind] = _Object(table)
    missing = [name for kind, name in (("roles", "OpportunityContactRole"),
                                       ("contacts", "Contact"),
                                       ("opportunities", "Opportunity"))
               if kind not in objects]
    if missing:
        raise InputError("missing Salesforce export: " + ", ".join(missing)
                         + " (give the CSV files together)")
    roles, contacts, opportunities = (objects["roles"], objects["contacts"],
                                      objects["opportunities"])
    accounts = objects.get("accounts")

    by_account: dict[str, list[Row]] = defaultdict(list)
    skipped: dict[str | None, list[Problem]] = defaultdict(list)
    for row in roles.table.rows:
        opportunity = opportunities.records.get(roles.get(row, "OpportunityId"))
        account_id = opportunities.get(opportunity, "AccountId") if opportunity else None
        if opportunity is None:
            why = "its opportunity is not in the Opportunity export"
        elif not account_id:
            why = "its opportunity has no AccountId"
        elif roles.get(row, "ContactId") not in contacts.records:
            why = "its contact is not in the Contact export"
        else:
            by_account[account_id].append(row)
            continue
        skipped[account_id or None].append(
            Problem(row.where, f"{why}; this contact role is skipped"))

    chosen = _select(select, by_account, roles, opportunities, accounts)
    results = sorted(
        (_account_map(account_id, rows, roles, contacts, opportunities, accounts)
         for account_id, rows in chosen.items()),
        key=lambda r: (r.map.account.name.casefold(), r.map.account.id),
    )
    for result in results:
        result.problems[:0] = skipped.pop(result.map.account.id, [])
    if results:
        # Rows that belong to no map here are reported once, with the first map.
        results[0].problems[:0] = [p for key, found in skipped.items()
                                   if key is None or not select for p in found]
    return results


def _select(select, by_account, roles, opportunities, accounts) -> dict[str, list[Row]]:
    if not select:
        return dict(by_account)
    wanted = select.strip().casefold()

    def account_name(account_id: str) -> str:
        row = accounts.records.get(account_id) if accounts else None
        return accounts.get(row, "Name") if row else ""

    picked = {a: rows for a, rows in by_account.items()
              if wanted in (a.casefold(), account_name(a).casefold())}
    if picked:
        return picked
    for account_id, rows in by_account.items():
        kept = [row for row in rows
                if wanted in (roles.get(row, "OpportunityId").casefold(),
                              opportunities.get(opportunities.records[
                                  roles.get(row, "OpportunityId")], "Name").casefold())]
        if kept:
            picked.setdefault(account_id, []).extend(kept)
    if not picked:
        raise NotFoundError(f"--select {select!r}: no account or opportunity with contact "
                            "roles has that id or name")
    return picked


def _account_map(account_id, rows, roles, contacts, opportunities, accounts) -> ImportResult:
    account_row = accounts.records.get(account_id) if accounts else None
    name = accounts.get(account_row, "Name") if account_row else ""
    industry = accounts.get(account_row, "Industry") if account_row else ""
    deals: dict[str, dict[str, Any]] = {}
    for row in rows:
        opportunity_id = roles.get(row, "OpportunityId")
        if opportunity_id not in deals:
            opportunity = opportunities.records[opportunity_id]
            deals[opportunity_id] = {
                key: value for key, value in (
                    ("id", opportunity_id),
                    ("name", opportunities.get(opportunity, "Name")),
                    ("stage", opportunities.get(opportunity, "StageName")),
                    ("close_date", opportunities.get(opportunity, "CloseDate")),
                    ("amount", _amount(opportunities.get(opportunity, "Amount"))),
                ) if value
            }
    account = Account(id=account_id, name=name or account_id, industry=industry,
                      extra={"source": "salesforce", "opportunities": list(deals.values())})
    builder = MapBuilder(account)

    seats: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        seats[roles.get(row, "ContactId")].append(row)
    for contact_id, seat_rows in seats.items():
        _add_contact(builder, contact_id, seat_rows, roles, contacts, account_id)
    builder.note("levels are read from the job titles", contacts.table.name)
    if contacts.column("ReportsToId"):
        for contact_id in seats:
            manager = contacts.get(contacts.records[contact_id], "ReportsToId")
            if manager in seats:
                builder.relate(contact_id, manager, "reports-to",
                               where=contacts.records[contact_id].where)
            elif manager:
                builder.note("a manager (ReportsToId) who has no role on these "
                             "opportunities is not imported", contacts.records[contact_id].where)
    return builder.finish()


def _add_contact(builder: MapBuilder, contact_id: str, seat_rows: list[Row], roles,
                 contacts, account_id: str) -> None:
    contact = contacts.records[contact_id]
    seen_roles: list[str] = []
    tags: list[str] = []
    for row in seat_rows:
        raw = roles.get(row, "Role")
        role, _ = read_enum("role", raw)
        if role is None:
            builder.note(f"role {raw!r} is not a buying role and is not guessed" if raw
                         else "blank roles are not guessed", row.where)
        else:
            seen_roles.append(role)
        if _is_true(roles.get(row, "IsPrimary")):
            tags.append(PRIMARY_TAG)
    role = max(seen_roles, key=_SENIORITY.__getitem__) if seen_roles else None
    if len(set(seen_roles)) > 1:
        builder.note("roles differ between opportunities: the most senior is kept",
                     contact.where)
    if role is None:
        tags.append(ROLE_UNKNOWN_TAG)
        builder.note(f"contacts with no buying role are kept as users, tagged "
                     f"{ROLE_UNKNOWN_TAG!r} (ask the account team)", contact.where)
    filed_under = contacts.get(contact, "AccountId")
    if filed_under and filed_under != account_id:
        builder.note("contacts filed under another account in the CRM are kept on the "
                     "committee their opportunity names", contact.where)
    name = contacts.get(contact, "Name") or full_name(contacts.get(contact, "FirstName"),
                                                      contacts.get(contact, "LastName"))
    title = contacts.get(contact, "Title")
    builder.add_stakeholder(Stakeholder(
        id=contact_id, name=name, title=title,
        department=contacts.get(contact, "Department"),
        level=level_from_title(title), role=role or "user",
        stance=-1 if role == "opposer" else 0,
        tags=list(dict.fromkeys(tags)),
        notes=contacts.get(contact, "Description"),
        extra={"opportunity_roles": [
            {"opportunity": roles.get(r, "OpportunityId"),
             "role": roles.get(r, "Role") or None,
             "primary": _is_true(roles.get(r, "IsPrimary"))}
            for r in seat_rows
        ]},
    ), contact.where)
