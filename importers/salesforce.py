"""Salesforce exports: the contacts with a role on an opportunity, one map per opportunity.

Give the CSV exports of ``OpportunityContactRole`` (OpportunityId, ContactId, Role,
IsPrimary) and ``Contact`` (Id, FirstName, LastName, Title, Department, ReportsToId,
OwnerId, LastActivityDate); ``Opportunity`` (names, stages, accounts), ``Account``
(names, industries) and ``User`` (the names of contact owners) are optional. Each file is
recognised by its columns, and records are keyed by ``Id`` (or ``Guid`` in Prodly-style
exports). A buying committee is the set of contacts with a role on one opportunity
(``group="opportunity"``, the default), or on all the opportunities of one account
(``group="account"``). A contact filed under another account in the CRM still sits on
the committee the opportunity names.

Roles (``OpportunityContactRole.Role``): Decision Maker, Economic Buyer, Economic
Decision Maker → decision-maker; Influencer, Technical Buyer, Evaluator, Executive
Sponsor → influencer; Business User → user. Anything else (Other, custom values, blank,
``#N/A``) is reported, not guessed: the contact is kept as a user tagged
``role-unknown``. A contact with roles on several opportunities of one map keeps the
most senior. ``IsPrimary`` becomes the tag ``primary-contact`` (the primary contact is
often not the decision-maker). The level is read from the job title. The contact's
owner (``OwnerId``) is a member of our team who covers the contact, last in touch on
``LastActivityDate``. E-mail addresses and phone numbers are never imported.

With the ``Opportunity`` export, a map of one opportunity records it as the map's
``deal``: ``Name``, ``StageName``, ``Amount``, ``CurrencyIsoCode`` (when exported),
``CloseDate``, and the status from ``IsClosed``/``IsWon`` (won, lost or open; without
those columns, the stages ``Closed Won`` and ``Closed Lost``). A map of an account with
several opportunities records no single deal (each stays in ``opportunities``).
"""

from __future__ import annotations

import math
import os
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from graphlib_kam.errors import InputError, NotFoundError
from graphlib_kam.importers._build import ImportResult, MapBuilder
from graphlib_kam.importers._fields import as_text, full_name, level_from_title, read_date
from graphlib_kam.importers._rows import (
    Row,
    RowProblem,
    Table,
    paused_gc,
    require_rows,
    tables_from_file,
)
from graphlib_kam.importers.table import ROLE_UNKNOWN_TAG
from graphlib_kam.model import Account, Deal, Stakeholder
from graphlib_kam.model.vocab import normalize_text_key

__all__ = ["GROUPS", "PRIMARY_TAG", "SALESFORCE_ROLES", "import_salesforce",
           "read_salesforce"]

PRIMARY_TAG = "primary-contact"
GROUPS = ("opportunity", "account")
SALESFORCE_ROLES = {
    "Decision Maker": "decision-maker",
    "Economic Buyer": "decision-maker",
    "Economic Decision Maker": "decision-maker",
    "Influencer": "influencer",
    "Technical Buyer": "influencer",
    "Evaluator": "influencer",
    "Executive Sponsor": "influencer",
    "Business User": "user",
}
_ROLES = {normalize_text_key(k): v for k, v in SALESFORCE_ROLES.items()}
_SENIORITY = {"decision-maker": 3, "opposer": 2, "influencer": 1, "user": 0}
_OWNER_STRENGTH_NOTE = ("contact owners cover their contacts: Salesforce has no strength "
                        "for that, so 0.5 is used; the last contact is LastActivityDate")


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
            record_id = as_text(row.get(key))
            if record_id:
                self.records.setdefault(record_id, row)

    def column(self, name: str) -> str | None:
        return self.columns.get(name.casefold())

    def get(self, row: Row | None, name: str) -> str:
        column = self.column(name)
        return as_text(row.get(column)) if column and row is not None else ""

    def place(self, row: Row, name: str) -> Any:
        return row.place(self.column(name))


def _amount(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text


def _is_true(text: str) -> bool:
    return text.casefold() in ("true", "1", "yes")


def _deal_status(is_closed: str, is_won: str, stage: str) -> str:
    """Won, lost or open: from IsClosed/IsWon when exported, else from the stage name.

    >>> _deal_status("true", "false", ""), _deal_status("", "", "Closed Won")
    ('lost', 'won')
    >>> _deal_status("false", "false", "Closed Lost"), _deal_status("", "", "Qualification")
    ('open', 'open')
    """
    if is_won or is_closed:
        if _is_true(is_won):
            return "won"
        return "lost" if _is_true(is_closed) else "open"
    return {"closed won": "won", "closed lost": "lost"}.get(normalize_text_key(stage), "open")


def _kind_of(table: Table) -> str | None:
    names = {normalize_text_key(h).replace(" ", "") for h in table.headers}
    if {"contactid", "opportunityid", "role"} <= names:
        return "roles"
    if "stagename" in names:
        return "opportunities"
    if "username" in names:
        return "users"
    if {"lastname"} <= names or {"firstname"} <= names:
        return "contacts"
    if "name" in names and names & {"industry", "numberofemployees", "annualrevenue",
                                    "billingcity", "parentid"}:
        return "accounts"
    return None


def import_salesforce(
    paths: Iterable[str | os.PathLike], *, select: str | None = None,
    opportunity: str | None = None, group: str = "opportunity",
    encoding: str | None = None, delimiter: str | None = None,
) -> list[ImportResult]:
    """Read Salesforce CSV exports into one map per opportunity (see the module notes).

    Parameters
    ----------
    paths : iterable of path-like
        The exports, in any order.
    select : str, optional
        Only this account or opportunity (its Id/Guid or its name).
    opportunity : str, optional
        Only this opportunity (its Id/Guid or its name): one map.
    group : {"opportunity", "account"}
        One map per opportunity (default) or per account (needs the Opportunity export).
    encoding, delimiter : str, optional
        For the CSV files (detected by default).

    Returns
    -------
    list of ImportResult
        One per opportunity (or account) that has contact roles, sorted by name.

    Raises
    ------
    InputError
        A file that is not one of the exports, a missing export, an opportunity name
        that several opportunities share, or a header-only roles export.
    NotFoundError
        A ``select`` or ``opportunity`` that matches nothing.
    """
    with paused_gc():
        tables = [t for path in paths
                  for t in tables_from_file(path, encoding=encoding, delimiter=delimiter)]
        result = read_salesforce(tables, select=select, opportunity=opportunity, group=group)
        del tables  # freed before the collector runs again, not scanned by it
    return result


def read_salesforce(tables: list[Table], *, select: str | None = None,
                    opportunity: str | None = None,
                    group: str = "opportunity") -> list[ImportResult]:
    """As :func:`import_salesforce`, from tables already read."""
    if group not in GROUPS:
        raise InputError(f"group {group!r}: expected one of {', '.join(GROUPS)}")
    objects: dict[str, _Object] = {}
    for table in tables:
        kind = _kind_of(table)
        if kind is None:
            raise InputError(
                f"{table.name}: not a Salesforce export this importer reads; expected "
                "OpportunityContactRole, Contact, Opportunity, Account or User (CSV with "
                "headers)")
        if kind in objects:
            raise InputError(f"{table.name}: a second {kind} export "
                             f"(the first is {objects[kind].table.name})")
        objects[kind] = _Object(table)
    missing = [name for kind, name in (("roles", "OpportunityContactRole"),
                                       ("contacts", "Contact")) if kind not in objects]
    if missing:
        raise InputError("missing Salesforce export: " + ", ".join(missing)
                         + " (give the CSV files together)")
    if group == "account" and "opportunities" not in objects:
        raise InputError("one map per account needs the Opportunity export (it says which "
                         "account each opportunity belongs to)")
    require_rows(objects["roles"].table, "contact roles")
    return _Export(objects).maps(select=select, opportunity=opportunity, group=group)


class _Export:
    def __init__(self, objects: dict[str, _Object]):
        self.roles = objects["roles"]
        self.contacts = objects["contacts"]
        self.opportunities = objects.get("opportunities")
        self.accounts = objects.get("accounts")
        self.users = objects.get("users")
        self.tables = [o.table for o in objects.values()]

    def opportunity_row(self, opportunity_id: str) -> Row | None:
        if self.opportunities is None:
            return None
        return self.opportunities.records.get(opportunity_id)

    def opportunity_name(self, opportunity_id: str) -> str:
        return self.opportunities.get(self.opportunity_row(opportunity_id), "Name") \
            if self.opportunities else ""

    def account_of(self, opportunity_id: str) -> str:
        if self.opportunities is None:
            return ""
        return self.opportunities.get(self.opportunity_row(opportunity_id), "AccountId")

    def account_row(self, account_id: str) -> Row | None:
        return self.accounts.records.get(account_id) if self.accounts and account_id else None

    def maps(self, *, select: str | None, opportunity: str | None,
             group: str) -> list[ImportResult]:
        committees: dict[str, list[Row]] = defaultdict(list)
        skipped: dict[str | None, list[RowProblem]] = defaultdict(list)
        roles = self.roles
        for row in roles.table.rows:
            opportunity_id = roles.get(row, "OpportunityId")
            key = opportunity_id if group == "opportunity" else self.account_of(opportunity_id)
            if not opportunity_id:
                why = "it names no opportunity"
            elif self.opportunities is not None and self.opportunity_row(opportunity_id) \
                    is None:
                why = "its opportunity is not in the Opportunity export"
            elif not key:
                why = "its opportunity has no AccountId"
            elif roles.get(row, "ContactId") not in self.contacts.records:
                why = "its contact is not in the Contact export"
            else:
                committees[key].append(row)
                continue
            skipped[key or None].append(
                RowProblem.at(row.place(), f"{why}; this contact role is skipped"))
        if opportunity:
            committees = self._pick_opportunity(opportunity, committees, group)
        elif select:
            committees = self._select(select, committees)
        results = sorted((self._map(key, rows, group) for key, rows in committees.items()),
                         key=lambda r: (r.map.account.name.casefold(), r.map.account.id))
        for result in results:
            result.problems[:0] = skipped.pop(result.map.account.id, [])
        if results:
            # Rows that belong to no map here are reported once, with the first map.
            results[0].problems[:0] = [p for key, found in skipped.items()
                                       if key is None or not (select or opportunity)
                                       for p in found]
            for table in self.tables:
                results[0].problems.extend(table.problems)
        for result in results:
            result.problems.sort(key=lambda p: (getattr(p, "file", None) or "",
                                                getattr(p, "row", None) or 0))
        return results

    def _opportunity_ids(self, wanted: str) -> list[str]:
        key = wanted.strip().casefold()
        known = {self.roles.get(row, "OpportunityId") for row in self.roles.table.rows}
        if self.opportunities is not None:
            known |= set(self.opportunities.records)
        return sorted(o for o in known if o and key in (o.casefold(),
                                                         self.opportunity_name(o).casefold()))

    def _pick_opportunity(self, wanted: str, committees: dict[str, list[Row]],
                          group: str) -> dict[str, list[Row]]:
        found = self._opportunity_ids(wanted)
        if not found:
            raise NotFoundError(f"--opportunity {wanted!r}: no opportunity has that id or "
                                "name")
        if len(found) > 1:
            raise InputError(f"--opportunity {wanted!r}: {len(found)} opportunities have that "
                             f"name ({', '.join(found)}); give the id")
        (chosen,) = found
        picked: dict[str, list[Row]] = {}
        for key, rows in committees.items():
            kept = [r for r in rows if self.roles.get(r, "OpportunityId") == chosen]
            if kept:
                picked[chosen if group == "opportunity" else key] = kept
        if not picked:
            raise NotFoundError(f"--opportunity {wanted!r}: it has no contact roles that "
                                "could be imported")
        return picked

    def _select(self, select: str, committees: dict[str, list[Row]]) -> dict[str, list[Row]]:
        wanted = select.strip().casefold()

        def account_name(account_id: str) -> str:
            return self.accounts.get(self.account_row(account_id), "Name") \
                if self.accounts else ""

        picked: dict[str, list[Row]] = {}
        for key, rows in committees.items():
            kept = [row for row in rows
                    if wanted in (self.account_of(self.roles.get(row, "OpportunityId"))
                                  .casefold(),
                                  account_name(self.account_of(
                                      self.roles.get(row, "OpportunityId"))).casefold(),
                                  self.roles.get(row, "OpportunityId").casefold(),
                                  self.opportunity_name(self.roles.get(
                                      row, "OpportunityId")).casefold())]
            if kept:
                picked[key] = kept
        if not picked:
            raise NotFoundError(f"--select {select!r}: no account or opportunity with contact "
                                "roles has that id or name")
        return picked

    def _deal(self, opportunity_id: str) -> dict[str, Any]:
        row = self.opportunity_row(opportunity_id)
        get = self.opportunities.get if self.opportunities else (lambda r, n: "")
        return {key: value for key, value in (
            ("id", opportunity_id),
            ("name", get(row, "Name")),
            ("stage", get(row, "StageName")),
            ("close_date", get(row, "CloseDate")),
            ("amount", _amount(get(row, "Amount")) if get(row, "Amount") else ""),
        ) if value}

    def _deal_record(self, opportunity_id: str, builder: MapBuilder) -> Deal | None:
        """The map's deal from the opportunity's row; bad cells are reported and left
        empty."""
        row = self.opportunity_row(opportunity_id)
        if row is None:
            return None
        opportunities = self.opportunities
        get = opportunities.get
        amount: float | None = None
        text = get(row, "Amount")
        if text:
            value = _amount(text)
            if isinstance(value, float) and math.isfinite(value) and value >= 0:
                amount = int(value) if value.is_integer() and value < 2**53 else value
            else:
                builder.problem(opportunities.place(row, "Amount"),
                                f"amount {text!r} is not a number of 0 or more; left empty")
        close_date, why = read_date(get(row, "CloseDate") or None)
        if why:
            builder.problem(opportunities.place(row, "CloseDate"), f"{why}; left empty")
        currency = get(row, "CurrencyIsoCode")
        if currency and not (len(currency) == 3 and currency.isascii() and currency.isalpha()):
            builder.problem(opportunities.place(row, "CurrencyIsoCode"),
                            f"currency {currency!r} is not a three-letter code; left empty")
            currency = ""
        stage = get(row, "StageName")
        return Deal(name=get(row, "Name"), stage=stage, amount=amount,
                    currency=currency.upper(), close_date=close_date,
                    status=_deal_status(get(row, "IsClosed"), get(row, "IsWon"), stage),
                    extra={"id": opportunity_id})

    def _map(self, key: str, rows: list[Row], group: str) -> ImportResult:
        roles = self.roles
        deals: dict[str, dict[str, Any]] = {}
        for row in rows:
            opportunity_id = roles.get(row, "OpportunityId")
            deals.setdefault(opportunity_id, self._deal(opportunity_id))
        account_id = key if group == "account" else self.account_of(key)
        account_row = self.account_row(account_id)
        account_name = self.accounts.get(account_row, "Name") if self.accounts else ""
        industry = self.accounts.get(account_row, "Industry") if self.accounts else ""
        extra: dict[str, Any] = {"source": "salesforce"}
        if group == "opportunity":
            name = deals[key].get("name") or key
            if account_id:
                extra["salesforce_account"] = {k: v for k, v in (
                    ("id", account_id), ("name", account_name)) if v}
        else:
            name = account_name or account_id
        extra["opportunities"] = list(deals.values())
        builder = MapBuilder(Account(id=key, name=name, industry=industry, extra=extra))
        if self.opportunities is None:
            builder.note("no Opportunity export: opportunities are known by their ids only")

        seats: dict[str, list[Row]] = defaultdict(list)
        for row in rows:
            seats[roles.get(row, "ContactId")].append(row)
        for contact_id, seat_rows in seats.items():
            self._add_contact(builder, contact_id, seat_rows, account_id)
        builder.note("levels are read from the job titles", self.contacts.table.name)
        contacts = self.contacts
        if contacts.column("ReportsToId"):
            for contact_id in seats:
                contact = contacts.records[contact_id]
                manager = contacts.get(contact, "ReportsToId")
                if manager in seats:
                    builder.relate(contact_id, manager, "reports-to",
                                   where=contacts.place(contact, "ReportsToId"))
                elif manager:
                    builder.note("a manager (ReportsToId) who has no role on these "
                                 "opportunities is not imported", contact.place())
        deal = self._deal_record(next(iter(deals)), builder) if len(deals) == 1 else None
        if len(deals) > 1:
            builder.note("an account with several opportunities records no single deal; "
                         "each is kept under opportunities")
        result = builder.finish()
        result.map.deal = deal
        return result

    def _owner(self, builder: MapBuilder, owner_id: str) -> str:
        user = self.users.records.get(owner_id) if self.users else None
        if user is None:
            if self.users is None:
                builder.note("contact owners are known by their user ids (add the User "
                             "export for their names)")
            return builder.member(owner_id, member_id=owner_id)
        users = self.users
        name = users.get(user, "Name") or full_name(users.get(user, "FirstName"),
                                                    users.get(user, "LastName"))
        return builder.member(name or owner_id, member_id=owner_id,
                              title=users.get(user, "Title"))

    def _add_contact(self, builder: MapBuilder, contact_id: str, seat_rows: list[Row],
                     account_id: str) -> None:
        roles, contacts = self.roles, self.contacts
        contact = contacts.records[contact_id]
        seen_roles: list[str] = []
        tags: list[str] = []
        for row in seat_rows:
            raw = roles.get(row, "Role")
            role = _ROLES.get(normalize_text_key(raw)) if raw else None
            if role is None:
                builder.note(f"role {raw!r} is not one this importer maps to a buying role; "
                             "not guessed" if raw else "blank roles are not guessed",
                             roles.place(row, "Role"))
            else:
                seen_roles.append(role)
            if _is_true(roles.get(row, "IsPrimary")):
                tags.append(PRIMARY_TAG)
        role = max(seen_roles, key=_SENIORITY.__getitem__) if seen_roles else None
        if len(set(seen_roles)) > 1:
            builder.note("roles differ between opportunities: the most senior is kept",
                         contact.place())
        if role is None:
            tags.append(ROLE_UNKNOWN_TAG)
            builder.note(f"contacts with no buying role are kept as users, tagged "
                         f"{ROLE_UNKNOWN_TAG!r} (ask the account team)", contact.place())
        filed_under = contacts.get(contact, "AccountId")
        if filed_under and account_id and filed_under != account_id:
            builder.note("contacts filed under another account in the CRM are kept on the "
                         "committee their opportunity names", contact.place())
        name = contacts.get(contact, "Name") or full_name(contacts.get(contact, "FirstName"),
                                                          contacts.get(contact, "LastName"))
        title = contacts.get(contact, "Title")
        person = Stakeholder(
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
        )
        given = {f for f, v in (("name", name), ("title", title),
                                ("department", person.department), ("notes", person.notes),
                                ("role", role), ("tags", tags and tags != [ROLE_UNKNOWN_TAG]))
                 if v}
        builder.mark_given(person, frozenset(given))
        if builder.add_stakeholder(person, contact.place()) is None:
            return
        owner_id = contacts.get(contact, "OwnerId")
        if owner_id:
            when, why = read_date(contacts.get(contact, "LastActivityDate") or None)
            if why:
                builder.problem(contacts.place(contact, "LastActivityDate"),
                                f"{why}; left empty")
            builder.note(_OWNER_STRENGTH_NOTE)
            builder.cover(self._owner(builder, owner_id), contact_id,
                          where=contact.place(), last_contact=when)
