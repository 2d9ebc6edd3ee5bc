"""The account map: stakeholders, their relationships, our team and who covers whom.

:func:`parse_map` turns kam/1 data (already decoded JSON) into an :class:`AccountMap`,
collecting every problem before raising :class:`~graphlib_kam.errors.MapValidationError`;
:meth:`AccountMap.to_dict` turns it back. Keys the model does not know are kept in
``extra`` and written back unchanged.

>>> m = parse_map({
...     "schema": "kam/1", "account": {"id": "acme", "name": "Acme"},
...     "stakeholders": [{"id": "s-ceo", "name": "王建国", "role": "决策者", "level": "高层"}],
... })
>>> m.stakeholders[0].role, m.stakeholders[0].level, m.stakeholders[0].power
('decision-maker', 'executive', 3)
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from dataclasses import dataclass, field, replace
from typing import Any

from graphlib_kam.errors import MapFormatError, MapValidationError, Problem, ProblemList
from graphlib_kam.model.vocab import (
    ACTIVITY_KINDS,
    DIRECTED_KINDS,
    LEVELS,
    RELATIONSHIP_KINDS,
    ROLES,
    STATUSES,
    chinese_spelling,
    normalize_activity_kind,
    normalize_kind,
    normalize_level,
    normalize_role,
    normalize_status,
)

__all__ = [
    "SCHEMA",
    "Account",
    "AccountMap",
    "Activity",
    "DEAL_STATUSES",
    "CoverageLink",
    "Deal",
    "Relationship",
    "Stakeholder",
    "TASK_KINDS",
    "Task",
    "TeamMember",
    "parse_date",
    "parse_map",
    "validate_map",
]

SCHEMA = "kam/1"
SCHEMA_VERSION = 1
DEFAULT_POWER = 3


@dataclass(slots=True)
class Account:
    id: str
    name: str = ""
    industry: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class TeamMember:
    """Someone on our side."""

    id: str
    name: str = ""
    title: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    email: str = ""
    """The address activity imports match on (``""`` when unknown)."""


@dataclass(slots=True)
class Stakeholder:
    """A person on the customer's side of the deal."""

    id: str
    name: str = ""
    title: str = ""
    department: str = ""
    level: str = "operational"
    role: str = "user"
    stance: int = 0
    power: int = DEFAULT_POWER
    tags: list[str] = field(default_factory=list)
    status: str = "active"
    interests: list[str] = field(default_factory=list)
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    successor: str | None = None
    """For someone who ``left``: the id of the stakeholder who took over (else ignored)."""
    email: str = ""
    """The address activity imports match on (``""`` when unknown)."""

    @property
    def active(self) -> bool:
        return self.status == "active"

    @property
    def is_opposer(self) -> bool:
        """An opposer by role, or anyone whose stance is −1 or lower."""
        return self.role == "opposer" or self.stance <= -1

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(slots=True)
class Relationship:
    """A link between two stakeholders; ``strength`` is None where the file gave none."""

    source: str
    target: str
    kind: str = "influences"
    strength: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def directed(self) -> bool:
        return self.kind in DIRECTED_KINDS


@dataclass(slots=True)
class CoverageLink:
    """A team member's relationship with a stakeholder."""

    member: str
    stakeholder: str
    strength: float = 0.5
    last_contact: dt.date | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Activity:
    """Something a team member did with stakeholders on a day: a meeting, a call …

    The latest activity that has both a coverage link's member and its stakeholder
    counts as that link's last contact when it is later than the link's own.
    """

    date: dt.date
    member: str
    stakeholders: list[str] = field(default_factory=list)
    kind: str = "meeting"
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The kam/1 JSON form (``note`` left out when empty).

        >>> Activity(dt.date(2026, 11, 2), "t-li", ["s-cto"], "call").to_dict()
        {'date': '2026-11-02', 'member': 't-li', 'stakeholders': ['s-cto'], 'kind': 'call'}
        """
        return _drop_empty({"date": self.date.isoformat(), "member": self.member,
                            "stakeholders": list(self.stakeholders), "kind": self.kind,
                            "note": self.note},
                           keep=("date", "member", "stakeholders", "kind")) | self.extra


DEAL_STATUSES = ("open", "won", "lost")
_DEAL_STATUS_WORDS = {"open": "open", "won": "won", "lost": "lost", "closed won": "won",
                      "closed lost": "lost"}


@dataclass(slots=True)
class Deal:
    """The deal the map is for (one per map): its amount, stage and whether it is won.

    >>> Deal(name="Core banking", amount=1200000.0, currency="CNY").to_dict()
    {'name': 'Core banking', 'amount': 1200000.0, 'currency': 'CNY', 'status': 'open'}
    """

    name: str = ""
    stage: str = ""
    amount: float | None = None
    currency: str = ""
    close_date: dt.date | None = None
    status: str = "open"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def closed(self) -> bool:
        return self.status != "open"

    def to_dict(self) -> dict[str, Any]:
        """The kam/1 JSON form: empty fields left out, unknown keys put back."""
        return _drop_empty({
            "name": self.name, "stage": self.stage, "amount": self.amount,
            "currency": self.currency,
            "close_date": self.close_date.isoformat() if self.close_date else None,
            "status": self.status,
        }, keep=("status",)) | self.extra


TASK_KINDS = ("approach", "address")
"""The kinds of penetration-plan step a task tracks (DESIGN, Analysis 2)."""


@dataclass(slots=True)
class Task:
    """The tracking of one penetration-plan step: who owns it, when it is due, whether it
    is done. A task is keyed by the step's ``target`` (a stakeholder id) and ``kind``
    (``approach`` or ``address``), so it follows its step from one analysis to the next
    and stays in the map when the step leaves the plan (the target got covered).

    >>> Task("s-ceo", owner="t-li", due=dt.date(2026, 12, 15)).to_dict()
    {'target': 's-ceo', 'kind': 'approach', 'owner': 't-li', 'due': '2026-12-15', 'done': False}
    """

    target: str
    kind: str = "approach"
    owner: str = ""
    due: dt.date | None = None
    done: bool = False
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        """``(target, kind)``: the plan step this task tracks."""
        return self.target, self.kind

    def to_dict(self) -> dict[str, Any]:
        """The kam/1 JSON form (``owner``, ``due`` and ``note`` left out when empty)."""
        return _drop_empty({"target": self.target, "kind": self.kind, "owner": self.owner,
                            "due": self.due.isoformat() if self.due else None,
                            "done": self.done, "note": self.note},
                           keep=("target", "kind", "done")) | self.extra


@dataclass(slots=True)
class AccountMap:
    """One account's buying committee, our team and the coverage between them."""

    account: Account
    stakeholders: list[Stakeholder] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    team: list[TeamMember] = field(default_factory=list)
    coverage: list[CoverageLink] = field(default_factory=list)
    revision: int = 1
    extra: dict[str, Any] = field(default_factory=dict)
    deal: Deal | None = None
    activities: list[Activity] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)

    def stakeholder(self, stakeholder_id: str) -> Stakeholder:
        """Return the stakeholder with this id; KeyError when there is none."""
        for person in self.stakeholders:
            if person.id == stakeholder_id:
                return person
        raise KeyError(stakeholder_id)

    def member(self, member_id: str) -> TeamMember:
        """Return the team member with this id; KeyError when there is none."""
        for person in self.team:
            if person.id == member_id:
                return person
        raise KeyError(member_id)

    def stakeholders_by_id(self) -> dict[str, Stakeholder]:
        return {s.id: s for s in self.stakeholders}

    def team_by_id(self) -> dict[str, TeamMember]:
        return {t.id: t for t in self.team}

    def copy(self) -> AccountMap:
        """A deep copy that can be edited without touching this map.

        Every record, list and ``extra`` is new; nothing is serialised or validated
        again, so the copy equals this map even where it is not (yet) valid.

        Examples
        --------
        >>> m = parse_map({"account": {"id": "a"}, "stakeholders": [
        ...     {"id": "s", "tags": ["coach"], "x-note": {"k": [1]}}]})
        >>> c = m.copy()
        >>> c.stakeholders[0].tags.append("champion"); c.stakeholders[0].extra["x-note"]["k"]
        [1]
        >>> c == m, m.stakeholders[0].tags
        (False, ['coach'])
        """
        return AccountMap(
            account=replace(self.account, extra=_copy_extra(self.account.extra)),
            stakeholders=[replace(s, tags=list(s.tags), interests=list(s.interests),
                                  extra=_copy_extra(s.extra)) for s in self.stakeholders],
            relationships=[replace(r, extra=_copy_extra(r.extra)) for r in self.relationships],
            team=[replace(t, extra=_copy_extra(t.extra)) for t in self.team],
            coverage=[replace(c, extra=_copy_extra(c.extra)) for c in self.coverage],
            revision=self.revision,
            extra=_copy_extra(self.extra),
            deal=replace(self.deal, extra=_copy_extra(self.deal.extra)) if self.deal else None,
            activities=[replace(a, stakeholders=list(a.stakeholders),
                                extra=_copy_extra(a.extra)) for a in self.activities],
            tasks=[replace(task, extra=_copy_extra(task.extra)) for task in self.tasks],
        )

    def with_revision(self, revision: int) -> AccountMap:
        return replace(self, revision=revision)

    def to_dict(self) -> dict[str, Any]:
        """The kam/1 JSON form, with every unknown key put back."""
        return {
            "schema": SCHEMA,
            "revision": self.revision,
            **self.extra,
            "account": _drop_empty(
                {"id": self.account.id, "name": self.account.name,
                 "industry": self.account.industry}, keep=("id", "name")
            ) | self.account.extra,
            "team": [
                _drop_empty({"id": t.id, "name": t.name, "title": t.title, "email": t.email},
                            keep=("id", "name"))
                | t.extra
                for t in self.team
            ],
            "stakeholders": [_stakeholder_dict(s) for s in self.stakeholders],
            "relationships": [_relationship_dict(r) for r in self.relationships],
            "coverage": [
                {
                    "member": c.member,
                    "stakeholder": c.stakeholder,
                    "strength": c.strength,
                    "last_contact": c.last_contact.isoformat() if c.last_contact else None,
                }
                | c.extra
                for c in self.coverage
            ],
        } | ({"deal": self.deal.to_dict()} if self.deal else {}) | (
            {"activities": [a.to_dict() for a in self.activities]} if self.activities else {}) | (
            {"tasks": [task.to_dict() for task in self.tasks]} if self.tasks else {})


def _copy_extra(extra: dict[str, Any]) -> dict[str, Any]:
    """Unknown keys hold JSON values: nested dicts and lists are copied too."""
    return copy.deepcopy(extra) if extra else {}


def _drop_empty(values: dict[str, Any], *, keep: tuple[str, ...] = ()) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k in keep or v not in ("", None)}


def _stakeholder_dict(s: Stakeholder) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name,
        "title": s.title,
        "department": s.department,
        "level": s.level,
        "role": s.role,
        "stance": s.stance,
        "power": s.power,
        "tags": list(s.tags),
        "status": s.status,
        "interests": list(s.interests),
        "notes": s.notes,
    } | ({"successor": s.successor} if s.successor else {}) | (
        {"email": s.email} if s.email else {}) | s.extra


def _relationship_dict(r: Relationship) -> dict[str, Any]:
    out: dict[str, Any] = {"source": r.source, "target": r.target, "kind": r.kind}
    if r.strength is not None:
        out["strength"] = r.strength
    return out | r.extra


# --- reading -------------------------------------------------------------------------

_STAKEHOLDER_KEYS = {"id", "name", "title", "department", "level", "role", "stance", "power",
                     "tags", "status", "interests", "notes", "successor", "email"}
_RELATIONSHIP_KEYS = {"source", "target", "kind", "strength"}
_COVERAGE_KEYS = {"member", "stakeholder", "strength", "last_contact"}
_TEAM_KEYS = {"id", "name", "title", "email"}
_ACTIVITY_KEYS = {"date", "member", "stakeholders", "kind", "note"}
_ACCOUNT_KEYS = {"id", "name", "industry"}
_DEAL_KEYS = {"name", "stage", "amount", "currency", "close_date", "status"}
_TASK_KEYS = {"target", "kind", "owner", "due", "done", "note"}
_TOP_KEYS = {"schema", "revision", "account", "team", "stakeholders", "relationships",
             "coverage", "deal", "activities", "tasks"}


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?![0-9])")
_ASCII_NUMBER = re.compile(r"[0-9]+")


def parse_date(value: object) -> dt.date | None:
    """Parse an ISO 8601 date, YYYY-MM-DD (a datetime's date part is taken); None when
    not a date.

    >>> parse_date("2026-11-02"), parse_date("2026-02-30"), parse_date("20260101")
    (datetime.date(2026, 11, 2), None, None)
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    # fromisoformat also takes 20260101 and other digits than 0-9; the message promises
    # YYYY-MM-DD, so only that (and a datetime that starts with it) is a date.
    if not _ISO_DAY.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None


class _Reader:
    """Collects problems while turning decoded JSON into model objects."""

    def __init__(self) -> None:
        self.problems = ProblemList()

    def problem(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def text(self, obj: dict, key: str, where: str, *, required: bool = False) -> str:
        value = obj.get(key)
        if value is None:
            if required:
                self.problem(f"{where}.{key}", "is missing; expected a non-empty text")
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.problem(f"{where}.{key}", f"expected text, found {_describe(value)}")
            return ""
        text = str(value)
        if required and not text.strip():
            self.problem(f"{where}.{key}", "is empty; expected a non-empty text")
        return text

    def text_list(self, obj: dict, key: str, where: str) -> list[str]:
        value = obj.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        if not isinstance(value, list):
            self.problem(f"{where}.{key}", f"expected a list of texts, found {_describe(value)}")
            return []
        for index, item in enumerate(value):
            if not isinstance(item, str):
                self.problem(f"{where}.{key}[{index}]",
                             f"expected text, found {_describe(item)}")
                return []
        return list(value)

    def enum(self, obj: dict, key: str, where: str, normalize, allowed, default: str) -> str:
        value = obj.get(key)
        if value is None or value == "":
            return default
        canonical = normalize(value)
        if canonical is None:
            self.problem(
                f"{where}.{key}",
                f"unknown value {_show(value)}; expected one of "
                + ", ".join(f"{term} ({chinese_spelling(term)})" for term in allowed),
            )
            return default
        return canonical

    def integer(self, obj: dict, key: str, where: str, low: int, high: int, default: int) -> int:
        value = obj.get(key)
        if value is None or value == "":
            return default
        number = _as_number(value)
        if number is None or not float(number).is_integer():
            self.problem(f"{where}.{key}",
                         f"expected a whole number from {low} to {high}, found {_show(value)}")
            return default
        if not low <= number <= high:
            self.problem(f"{where}.{key}",
                         f"{_show(value)} is out of range; expected {low} to {high}")
            return default
        return int(number)

    def strength(self, obj: dict, key: str, where: str, *, default: float | None) -> float | None:
        value = obj.get(key)
        if value is None or value == "":
            return default
        number = _as_number(value)
        if number is None or not math.isfinite(number) or not 0 < number <= 1:
            self.problem(
                f"{where}.{key}",
                f"expected a number greater than 0 and at most 1, found {_show(value)}",
            )
            return default
        return float(number)

    def email(self, obj: dict, where: str) -> str:
        address = self.text(obj, "email", where).strip()
        if address and ("@" not in address.strip("@") or any(c.isspace() for c in address)):
            self.problem(f"{where}.email",
                         f"{_show(address)} is not an e-mail address; expected name@domain")
            return ""
        return address

    def date(self, obj: dict, key: str, where: str) -> dt.date | None:
        value = obj.get(key)
        if value is None or value == "":
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.problem(f"{where}.{key}",
                         f"{_show(value)} is not a valid date; expected YYYY-MM-DD")
        return parsed

    def records(self, data: dict, key: str) -> list[tuple[str, dict]]:
        return [(f"{key}[{index}]", item) for index, item in self.indexed_records(data, key)]

    def indexed_records(self, data: dict, key: str) -> list[tuple[int, dict]]:
        value = data.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(key, f"expected a list, found {_describe(value)}")
            return []
        out = []
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                self.problem(f"{key}[{index}]", f"expected an object, found {_describe(item)}")
                continue
            out.append((index, item))
        return out

    def read_all(self, data: dict, key: str, plain, read) -> list:
        """The records of section ``key`` as model objects: each one ``plain`` accepts as
        it is, the others through ``read`` (which reports what is wrong with them)."""
        value = data.get(key)
        if type(value) is list:
            out = [plain(obj) for obj in value]
            if all(out):  # model objects are true, a record plain refused is None
                return out
        out = []
        for index, obj in self.indexed_records(data, key):
            item = plain(obj)
            out.append(read(self, f"{key}[{index}]", obj) if item is None else item)
        return out


def _as_number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, (int, float)):
            return float(value)
        if isinstance(value, str):
            return float(value.strip())
    except (ValueError, OverflowError):  # not a number, or an integer too big for a float
        return None
    return None


def _show(value: object) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    return str(value)


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, (int, float)):
        return f"the number {_show(value)}"
    return f"{type(value).__name__} {value}"


def _extra(obj: dict, known: set[str]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if k not in known}


def _check_schema(data: dict, source: str | None = None) -> None:
    head = f"{source}: " if source else ""
    schema = data.get("schema", SCHEMA)
    if not isinstance(schema, str) or not schema.startswith("kam/"):
        raise MapFormatError(
            f"{head}schema: {_show(schema)} is not an account map schema; expected {SCHEMA!r}"
        )
    number = schema.split("/", 1)[1]
    if not _ASCII_NUMBER.fullmatch(number):  # int() would take "１" or " 1"
        raise MapFormatError(
            f"{head}schema: {schema!r} is not a known version; expected {SCHEMA!r}"
        )
    version = int(number)
    if version > SCHEMA_VERSION:
        raise MapFormatError(
            f"{head}schema: this map is {schema!r}, newer than {SCHEMA!r} which this version "
            "of graphlib_kam reads; upgrade graphlib_kam to open it"
        )
    if version < 1:
        raise MapFormatError(
            f"{head}schema: {schema!r} is not a known version; expected {SCHEMA!r}"
        )


def parse_map(data: Any, *, source: str | None = None) -> AccountMap:
    """Build an :class:`AccountMap` from decoded kam/1 JSON, checking every rule.

    Parameters
    ----------
    data : Any
        The decoded JSON document.
    source : str, optional
        A name for the input (a file name) used in error messages.

    Returns
    -------
    AccountMap

    Raises
    ------
    MapFormatError
        When ``data`` is not an object or its schema is newer than kam/1.
    MapValidationError
        Listing every problem found, each with a path such as ``stakeholders[3].role``.
    """
    if not isinstance(data, dict):
        head = f"{source}: " if source else ""
        raise MapFormatError(
            f"{head}expected a JSON object with \"schema\": \"kam/1\" at the top, "
            f"found {_describe(data)}"
        )
    _check_schema(data, source)
    r = _Reader()

    revision = data.get("revision", 1)
    if isinstance(revision, bool) or not isinstance(revision, int) or revision < 0:
        r.problem("revision", f"expected a whole number of 0 or more, found {_show(revision)}")
        revision = 1

    account_data = data.get("account")
    if not isinstance(account_data, dict):
        r.problem("account", "is missing; expected an object with an \"id\" and a \"name\"")
        account = Account(id="")
    else:
        account = Account(
            id=r.text(account_data, "id", "account", required=True),
            name=r.text(account_data, "name", "account"),
            industry=r.text(account_data, "industry", "account"),
            extra=_extra(account_data, _ACCOUNT_KEYS),
        )

    team = [
        TeamMember(
            id=r.text(obj, "id", where, required=True),
            name=r.text(obj, "name", where),
            title=r.text(obj, "title", where),
            extra=_extra(obj, _TEAM_KEYS),
            email=r.email(obj, where),
        )
        for where, obj in r.records(data, "team")
    ]
    # The large sections take a fast path for records already in canonical form (what
    # kam writes); every other record goes through the checking reader.
    stakeholders = r.read_all(data, "stakeholders", _plain_stakeholder, _read_stakeholder)
    relationships = r.read_all(data, "relationships", _plain_relationship, _read_relationship)
    coverage = r.read_all(data, "coverage", _plain_coverage, _read_coverage)
    amap = AccountMap(
        account=account,
        stakeholders=stakeholders,
        relationships=relationships,
        team=team,
        coverage=coverage,
        revision=revision,
        extra=_extra(data, _TOP_KEYS),
        deal=_read_deal(r, data.get("deal")),
        activities=[_read_activity(r, where, obj) for where, obj in r.records(data, "activities")],
        tasks=[_read_task(r, where, obj) for where, obj in r.records(data, "tasks")],
    )
    _reference_problems(amap, r.problems)
    if r.problems:
        raise MapValidationError(r.problems, source=source, more=r.problems.more)
    return amap


def _read_stakeholder(r: _Reader, where: str, obj: dict) -> Stakeholder:
    role = r.enum(obj, "role", where, normalize_role, ROLES, "user")
    return Stakeholder(
        id=r.text(obj, "id", where, required=True),
        name=r.text(obj, "name", where),
        title=r.text(obj, "title", where),
        department=r.text(obj, "department", where),
        level=r.enum(obj, "level", where, normalize_level, LEVELS, "operational"),
        role=role,
        stance=r.integer(obj, "stance", where, -2, 2, -1 if role == "opposer" else 0),
        power=r.integer(obj, "power", where, 1, 5, DEFAULT_POWER),
        tags=r.text_list(obj, "tags", where),
        status=r.enum(obj, "status", where, normalize_status, STATUSES, "active"),
        interests=r.text_list(obj, "interests", where),
        notes=r.text(obj, "notes", where),
        extra=_extra(obj, _STAKEHOLDER_KEYS),
        successor=r.text(obj, "successor", where) or None,
        email=r.email(obj, where),
    )


def _read_relationship(r: _Reader, where: str, obj: dict) -> Relationship:
    return Relationship(
        source=r.text(obj, "source", where, required=True),
        target=r.text(obj, "target", where, required=True),
        kind=r.enum(obj, "kind", where, normalize_kind, RELATIONSHIP_KINDS, "influences"),
        strength=r.strength(obj, "strength", where, default=None),
        extra=_extra(obj, _RELATIONSHIP_KEYS),
    )


def _read_coverage(r: _Reader, where: str, obj: dict) -> CoverageLink:
    return CoverageLink(
        member=r.text(obj, "member", where, required=True),
        stakeholder=r.text(obj, "stakeholder", where, required=True),
        strength=r.strength(obj, "strength", where, default=0.5),
        last_contact=r.date(obj, "last_contact", where),
        extra=_extra(obj, _COVERAGE_KEYS),
    )


# --- the fast path: records in canonical form ------------------------------------------
# Each _plain_* function returns the object the checking reader would build, when the
# record has nothing that reader would report or convert: only known keys, texts that are
# str, canonical terms, whole numbers and strengths in range, valid dates. Anything else
# returns None (or _NOT_PLAIN) and the checking reader reads the record.

_NOT_PLAIN = object()
_ROLE_SET, _LEVEL_SET, _STATUS_SET, _KIND_SET = (
    frozenset(terms) for terms in (ROLES, LEVELS, STATUSES, RELATIONSHIP_KINDS))


def _plain_term(value: object, terms: frozenset, default: str) -> str | None:
    if value is None or value == "":
        return default
    return value if type(value) is str and value in terms else None


def _plain_int(value: object, low: int, high: int, default: int) -> Any:
    if value is None or value == "":
        return default
    return value if type(value) is int and low <= value <= high else _NOT_PLAIN


def _plain_strength(value: object, default: float | None) -> Any:
    if value is None or value == "":
        return default
    if (type(value) is float or type(value) is int) and 0 < value <= 1:
        return float(value)
    return _NOT_PLAIN


def _plain_texts(value: object) -> list[str] | None:
    if value is None:
        return []
    if type(value) is list and all(type(item) is str for item in value):
        return list(value)
    return None


def _plain_stakeholder(obj: dict) -> Stakeholder | None:
    if type(obj) is not dict or not obj.keys() <= _STAKEHOLDER_KEYS:
        return None
    get = obj.get
    sid, name, title = get("id"), get("name", ""), get("title", "")
    department, notes, email = get("department", ""), get("notes", ""), get("email", "")
    if not (type(sid) is str and type(name) is str and type(title) is str
            and type(department) is str and type(notes) is str and type(email) is str
            and sid.strip()):
        return None
    email = email.strip()
    if email and ("@" not in email.strip("@") or any(c.isspace() for c in email)):
        return None
    successor = get("successor")
    if successor is not None and type(successor) is not str:
        return None
    role = _plain_term(get("role"), _ROLE_SET, "user")
    level = _plain_term(get("level"), _LEVEL_SET, "operational")
    status = _plain_term(get("status"), _STATUS_SET, "active")
    if role is None or level is None or status is None:
        return None
    stance = _plain_int(get("stance"), -2, 2, -1 if role == "opposer" else 0)
    power = _plain_int(get("power"), 1, 5, DEFAULT_POWER)
    tags, interests = _plain_texts(get("tags")), _plain_texts(get("interests"))
    if stance is _NOT_PLAIN or power is _NOT_PLAIN or tags is None or interests is None:
        return None
    return Stakeholder(sid, name, title, department, level, role, stance, power, tags, status,
                       interests, notes, {}, successor or None, email)


def _plain_relationship(obj: dict) -> Relationship | None:
    # The commonest record of all, so checked inline: a kind and a strength that are
    # missing, empty or an integer go through the checking reader; the length says there are
    # no other keys: the three that must be there, and the strength when it is not None.
    if type(obj) is not dict:
        return None
    get = obj.get
    source, target, kind, strength = get("source"), get("target"), get("kind"), get("strength")
    if (type(source) is str and type(target) is str and type(kind) is str and kind in _KIND_SET
            and (len(obj) == 3 if strength is None
                 else len(obj) == 4 and type(strength) is float and 0 < strength <= 1)
            and source.strip() and target.strip()):
        return Relationship(source, target, kind, strength, {})
    return None


def _plain_coverage(obj: dict) -> CoverageLink | None:
    if type(obj) is not dict or not obj.keys() <= _COVERAGE_KEYS:
        return None
    get = obj.get
    member, stakeholder = get("member"), get("stakeholder")
    if not (type(member) is str and type(stakeholder) is str and member.strip()
            and stakeholder.strip()):
        return None
    strength = _plain_strength(get("strength"), 0.5)
    last_contact = get("last_contact")
    if last_contact is not None and last_contact != "":
        last_contact = parse_date(last_contact)
        if last_contact is None:
            return None
    else:
        last_contact = None
    if strength is _NOT_PLAIN:
        return None
    return CoverageLink(member, stakeholder, strength, last_contact, {})


def _read_activity(r: _Reader, where: str, obj: dict) -> Activity:
    if obj.get("date") in (None, ""):
        r.problem(f"{where}.date", "is missing; expected a date YYYY-MM-DD")
    when = r.date(obj, "date", where)
    stakeholders = r.text_list(obj, "stakeholders", where)
    if not stakeholders:
        r.problem(f"{where}.stakeholders",
                  "is empty; expected the ids of the stakeholders met")
    return Activity(
        date=when or dt.date.min,
        member=r.text(obj, "member", where, required=True),
        stakeholders=stakeholders,
        kind=r.enum(obj, "kind", where, normalize_activity_kind, ACTIVITY_KINDS, "other"),
        note=r.text(obj, "note", where),
        extra=_extra(obj, _ACTIVITY_KEYS),
    )


def _read_task(r: _Reader, where: str, obj: dict) -> Task:
    kind = obj.get("kind")
    if kind in (None, ""):
        kind = "approach"
    elif kind not in TASK_KINDS:
        r.problem(f"{where}.kind", f"unknown value {_show(kind)}; expected one of "
                                   + ", ".join(TASK_KINDS) + " (the plan step's kind)")
        kind = "approach"
    done = obj.get("done", False)
    if done is None:
        done = False
    elif not isinstance(done, bool):
        r.problem(f"{where}.done", f"expected true or false, found {_show(done)}")
        done = False
    return Task(
        target=r.text(obj, "target", where, required=True),
        kind=kind,
        owner=r.text(obj, "owner", where).strip(),
        due=r.date(obj, "due", where),
        done=done,
        note=r.text(obj, "note", where),
        extra=_extra(obj, _TASK_KEYS),
    )


def _read_deal(r: _Reader, obj: Any) -> Deal | None:
    if obj is None:
        return None
    if not isinstance(obj, dict):
        r.problem("deal", f"expected an object, found {_describe(obj)}")
        return None
    amount = obj.get("amount")
    if amount is not None and amount != "":
        number = _as_number(amount)
        if number is None or not math.isfinite(number) or number < 0:
            r.problem("deal.amount", f"expected a number of 0 or more, found {_show(amount)}")
            amount = None
        else:
            amount = int(number) if float(number).is_integer() and abs(number) < 2**53 \
                else float(number)
    else:
        amount = None
    currency = r.text(obj, "currency", "deal").strip()
    if currency and not (len(currency) == 3 and currency.isascii() and currency.isalpha()):
        r.problem("deal.currency",
                  f"{_show(currency)} is not a currency code; expected three letters such "
                  "as CNY, USD, EUR")
        currency = ""
    status = obj.get("status")
    canonical = "open"
    if status is not None and status != "":
        found = _DEAL_STATUS_WORDS.get(str(status).strip().casefold()) \
            if isinstance(status, str) else None
        if found is None:
            r.problem("deal.status", f"unknown value {_show(status)}; expected one of "
                                     "open, won, lost")
        else:
            canonical = found
    return Deal(
        name=r.text(obj, "name", "deal"),
        stage=r.text(obj, "stage", "deal"),
        amount=amount,
        currency=currency.upper(),
        close_date=r.date(obj, "close_date", "deal"),
        status=canonical,
        extra=_extra(obj, _DEAL_KEYS),
    )


def _duplicate_ids(items, section: str, problems: ProblemList) -> None:
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if not item.id:
            continue
        if item.id in seen:
            problems.append(Problem(
                f"{section}[{index}].id",
                f"duplicate id {item.id!r} (first used at {section}[{seen[item.id]}]); "
                "ids must be unique",
            ))
        else:
            seen[item.id] = index


def _reference_problems(amap: AccountMap, problems: ProblemList) -> None:
    """Add to ``problems`` what the records break together: ids and the references."""
    _duplicate_ids(amap.team, "team", problems)
    _duplicate_ids(amap.stakeholders, "stakeholders", problems)
    people = {s.id for s in amap.stakeholders}
    members = {t.id for t in amap.team}
    both = people & members
    for shared in sorted(both - {""}):
        problems.append(Problem("team", f"id {shared!r} is used for a team member and a "
                                        "stakeholder; ids must be unique within a map"))
    for index, person in enumerate(amap.stakeholders):
        if person.successor is None:
            continue
        where = f"stakeholders[{index}].successor"
        if person.successor == person.id:
            problems.append(Problem(where, f"{person.id!r} cannot succeed themself; expected "
                                           "the id of the stakeholder who took over"))
        elif person.successor not in people:
            problems.append(Problem(where, f"no stakeholder has the id {person.successor!r}"))
    pairs: dict[tuple, int] = {}
    for index, rel in enumerate(amap.relationships):
        source, target, kind = rel.source, rel.target, rel.kind
        if (source and (source not in people or source == target)) or (
                target and target not in people):
            where = f"relationships[{index}]"
            for end, value in (("source", source), ("target", target)):
                if value and value not in people:
                    problems.append(Problem(f"{where}.{end}",
                                            f"no stakeholder has the id {value!r}"))
            if source and source == target:
                problems.append(Problem(where, f"links {source!r} to itself; a relationship "
                                               "needs two different stakeholders"))
        key = (kind, source, target) if kind in DIRECTED_KINDS or source <= target else (
            kind, target, source)
        if key in pairs:
            problems.append(Problem(f"relationships[{index}]",
                                    f"repeats relationships[{pairs[key]}] "
                                    f"({kind} {source} → {target})"))
        else:
            pairs[key] = index
    for index, activity in enumerate(amap.activities):
        where = f"activities[{index}]"
        if activity.member and activity.member not in members:
            problems.append(Problem(f"{where}.member",
                                    f"no team member has the id {activity.member!r}"))
        for pos, sid in enumerate(activity.stakeholders):
            if sid not in people:
                problems.append(Problem(f"{where}.stakeholders[{pos}]",
                                        f"no stakeholder has the id {sid!r}"))
    _task_problems(amap.tasks, people, members, problems)
    links: dict[tuple[str, str], int] = {}
    for index, link in enumerate(amap.coverage):
        key = member, person = link.member, link.stakeholder
        if member and member not in members:
            problems.append(Problem(f"coverage[{index}].member", f"no team member has the id "
                                                                 f"{member!r}"))
        if person and person not in people:
            problems.append(Problem(f"coverage[{index}].stakeholder",
                                    f"no stakeholder has the id {person!r}"))
        if key in links:
            problems.append(Problem(f"coverage[{index}]", f"repeats coverage[{links[key]}] "
                                                          f"({member} → {person})"))
        else:
            links[key] = index


def _task_problems(tasks: list[Task], people: set[str], members: set[str],
                   problems: ProblemList) -> None:
    seen: dict[tuple[str, str], int] = {}
    for index, task in enumerate(tasks):
        where = f"tasks[{index}]"
        if task.target and task.target not in people:
            problems.append(Problem(f"{where}.target", f"no stakeholder has the id "
                                                       f"{task.target!r}"))
        if task.owner and task.owner not in members:
            problems.append(Problem(f"{where}.owner", f"no team member has the id "
                                                      f"{task.owner!r}; the owner is one of "
                                                      "our team"))
        if task.key in seen:
            problems.append(Problem(where, f"repeats tasks[{seen[task.key]}] ({task.kind} "
                                           f"{task.target}); one task per plan step"))
        elif task.target:
            seen[task.key] = index


def validate_map(amap: AccountMap) -> list[Problem]:
    """Check a map built or edited in code; return every problem (empty when valid).

    >>> m = parse_map({"account": {"id": "a"}, "stakeholders": [{"id": "x"}]})
    >>> m.stakeholders[0].power = 9
    >>> [str(p) for p in validate_map(m)]
    ['stakeholders[0].power: 9 is out of range; expected 1 to 5']
    """
    try:
        parse_map(amap.to_dict())
    except MapValidationError as err:
        return err.problems
    except MapFormatError as err:
        return [Problem("", str(err))]
    return []
