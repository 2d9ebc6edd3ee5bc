"""The one place for Cypher text.

Graph model (shared by the Neo4j store and the exported script)::

    (:Account {id, name, industry, revision, extra})
    (:Stakeholder {account, id, name, title, department, level, role, stance, power,
                   tags, status, interests, notes, successor, extra})
    (:TeamMember {account, id, name, title, extra})
    (:Stakeholder)-[:INFLUENCES {strength}]->(:Stakeholder)
    (:Stakeholder)-[:REPORTS_TO]->(:Stakeholder)          subordinate → manager
    (:Stakeholder)-[:ALLIED_WITH]->(:Stakeholder)         undirected in meaning
    (:Stakeholder)-[:IN_CONFLICT_WITH]->(:Stakeholder)    undirected in meaning
    (:TeamMember)-[:COVERS {strength, last_contact}]->(:Stakeholder)
    (:Account)-[:HAS_REVISION]->(:Revision {account, revision, saved_at, saved_by,
                                            summary, changes, map})

Stakeholders and team members are keyed by (``account``, ``id``). ``extra`` holds the
map's unknown keys as JSON text; ``last_contact`` is a Cypher ``date``. The store also
writes ``ord`` (the position in the map) on people and links, and on the account
``map_extra`` (the map's own unknown keys and its ``deal``, JSON text) and ``save_token``
(which save wrote the revision, so that a retried transaction recognises its own
commit). Each save also keeps its revision as a ``Revision`` node: ``map`` is the whole
map as kam/1 JSON text, ``changes`` the counts of what changed as JSON text; revisions
are never rewritten or removed by a save.

Labels and relationship types come only from :data:`LABELS` and
:data:`RELATIONSHIP_TYPES`. The store sends values as ``$parameters``; the exported
script (:func:`cypher_script`), which has no parameters, writes every value with
:func:`cypher_literal`.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from graphlib_kam.errors import InputError
from graphlib_kam.model import AccountMap, Stakeholder, TeamMember

__all__ = [
    "LABELS",
    "LINK_TYPES",
    "RELATIONSHIP_TYPES",
    "REVISION_TYPE",
    "cypher_identifier",
    "cypher_literal",
    "cypher_script",
    "map_extra",
    "person_extra",
]

LABELS = ("Account", "Stakeholder", "TeamMember", "Revision")
RELATIONSHIP_TYPES: dict[str, str] = {
    "influences": "INFLUENCES",
    "reports-to": "REPORTS_TO",
    "allied": "ALLIED_WITH",
    "conflict": "IN_CONFLICT_WITH",
    "covers": "COVERS",
}
REVISION_TYPE = "HAS_REVISION"
"""From an account to each of its kept revisions (not a relationship of the map)."""

_BATCH = 500
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
            "\f": "\\f"}
# Everything that is not plainly printable on one line: controls, line and paragraph
# separators, and characters some editors hide.
_NEEDS_UNICODE_ESCAPE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\ufeff]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape_string(text: str) -> str:
    text = _LONE_SURROGATE.sub("\ufffd", text)
    out = "".join(_ESCAPES.get(ch, ch) for ch in text)
    return "'" + _NEEDS_UNICODE_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", out) + "'"


def cypher_identifier(name: str) -> str:
    """A property key or map key as Cypher text, backtick-quoted when it needs to be.

    >>> cypher_identifier("name"), cypher_identifier("odd `key`")
    ('name', '`odd ``key```')
    """
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        return name
    return "`" + name.replace("`", "``") + "`"


def cypher_literal(value: Any) -> str:
    """``value`` as a Cypher literal that reads back as the same value.

    Strings are single-quoted with backslash escapes (controls as ``\\uXXXX``, so a
    script line never breaks inside a value); lists and maps nest; None is ``null``.

    Raises
    ------
    InputError
        For a float that is not finite or a type Cypher cannot hold.

    Examples
    --------
    >>> print(cypher_literal("O'Brien\\n`x`"))
    'O\\'Brien\\n`x`'
    >>> cypher_literal([1, 0.5, None, True]), cypher_literal({"a b": "王伟"})
    ('[1, 0.5, null, true]', "{`a b`: '王伟'}")
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InputError(f"{value} cannot be written to Cypher")
        return repr(value)
    if isinstance(value, str):
        return _escape_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{cypher_identifier(str(k))}: {cypher_literal(v)}"
                               for k, v in value.items()) + "}"
    raise InputError(f"a {type(value).__name__} cannot be written to Cypher")


def _extra(extra: dict) -> str | None:
    """Unknown keys as JSON text, in the map's order, as the store writes them."""
    if not extra:
        return None
    try:
        return json.dumps(extra, ensure_ascii=False, allow_nan=False)
    except ValueError as err:
        keys = [k for k, v in extra.items() if not _json_compliant(v)]
        raise InputError(f"the field {', '.join(map(repr, keys))} holds NaN or Infinity, "
                         "which the store and Cypher cannot carry; expected a finite number "
                         "or text") from err


def _json_compliant(value: Any) -> bool:
    try:
        json.dumps(value, allow_nan=False)
    except ValueError:
        return False
    return True


def map_extra(amap: AccountMap) -> dict[str, Any]:
    """What the account node keeps as ``map_extra``: the map's unknown keys, its deal, its
    activities and its plan tasks.

    >>> from graphlib_kam.model import Deal, parse_map
    >>> m = parse_map({"account": {"id": "a"}, "x-k": 1})
    >>> m.deal = Deal(name="D", status="won")
    >>> map_extra(m)
    {'x-k': 1, 'deal': {'name': 'D', 'status': 'won'}}
    """
    return amap.extra | ({"deal": amap.deal.to_dict()} if amap.deal else {}) | (
        {"activities": [a.to_dict() for a in amap.activities]} if amap.activities else {}) | (
        {"tasks": [task.to_dict() for task in amap.tasks]} if amap.tasks else {})


def person_extra(person: Stakeholder | TeamMember) -> dict[str, Any]:
    """What a person's ``extra`` property keeps: their unknown keys and their ``email``.

    >>> from graphlib_kam.model import TeamMember
    >>> person_extra(TeamMember("t", email="li@x.example", extra={"k": 1}))
    {'k': 1, 'email': 'li@x.example'}
    """
    return person.extra | ({"email": person.email} if person.email else {})


def _unwind(rows: list[dict], tail: str) -> list[str]:
    return [f"UNWIND {cypher_literal(rows[i:i + _BATCH])} AS row {tail};"
            for i in range(0, len(rows), _BATCH)]


def cypher_script(amap: AccountMap) -> str:
    """A Cypher script that recreates ``amap`` in Neo4j (run with ``cypher-shell -f``).

    The script first deletes the account's stakeholders and team members (and so their
    relationships), then writes the account, the people and the links in ``UNWIND``
    batches, with the same properties the Neo4j store writes (``ord`` included), so the
    store loads the same map back. Every statement is on one line and ends with ``;``;
    values are literals from :func:`cypher_literal`, and labels and types come from the
    fixed model above.

    Examples
    --------
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "acme"}, "stakeholders": [{"id": "s", "name": "王伟"}]})
    >>> script = cypher_script(m)
    >>> "MERGE (a:Account {id: 'acme'})" in script, "'王伟'" in script
    (True, True)
    """
    account = amap.account.id
    acc = cypher_literal(account)
    lines = [
        f"// graphlib_kam export of account {json.dumps(account, ensure_ascii=True)}, "
        f"revision {amap.revision}: recreates the map (kam/1) in Neo4j.",
        "// It replaces what the database holds for this account.",
        f"MATCH (n) WHERE (n:Stakeholder OR n:TeamMember) AND n.account = {acc} "
        "DETACH DELETE n;",
        f"MERGE (a:Account {{id: {acc}}}) SET a = " + cypher_literal({
            "id": account, "name": amap.account.name, "industry": amap.account.industry,
            "revision": amap.revision, "extra": _extra(amap.account.extra),
            "map_extra": _extra(map_extra(amap))}) + ";",
    ]
    stakeholders = [{
        "account": account, "ord": index, "id": s.id, "name": s.name, "title": s.title,
        "department": s.department, "level": s.level, "role": s.role, "stance": s.stance,
        "power": s.power, "tags": list(s.tags), "status": s.status,
        "interests": list(s.interests), "notes": s.notes, "successor": s.successor,
        "extra": _extra(person_extra(s)),
    } for index, s in enumerate(amap.stakeholders)]
    lines += _unwind(stakeholders, "CREATE (s:Stakeholder) SET s = row")
    team = [{"account": account, "ord": index, "id": t.id, "name": t.name, "title": t.title,
             "extra": _extra(person_extra(t))} for index, t in enumerate(amap.team)]
    lines += _unwind(team, "CREATE (t:TeamMember) SET t = row")
    for kind, rel_type in RELATIONSHIP_TYPES.items():
        if kind == "covers":
            continue
        rows = [{"source": r.source, "target": r.target,
                 "props": {"ord": index, "strength": r.strength, "extra": _extra(r.extra)}}
                for index, r in enumerate(amap.relationships) if r.kind == kind]
        lines += _unwind(rows, (
            f"MATCH (u:Stakeholder {{account: {acc}, id: row.source}}), "
            f"(v:Stakeholder {{account: {acc}, id: row.target}}) "
            f"CREATE (u)-[r:{rel_type}]->(v) SET r = row.props"))
    rows = [{"member": c.member, "stakeholder": c.stakeholder, "ord": index,
             "strength": c.strength,
             "last_contact": c.last_contact.isoformat() if c.last_contact else None,
             "extra": _extra(c.extra)} for index, c in enumerate(amap.coverage)]
    lines += _unwind(rows, (
        f"MATCH (t:TeamMember {{account: {acc}, id: row.member}}), "
        f"(s:Stakeholder {{account: {acc}, id: row.stakeholder}}) "
        "CREATE (t)-[r:COVERS]->(s) SET r.ord = row.ord, r.strength = row.strength, "
        "r.last_contact = date(row.last_contact), r.extra = row.extra"))
    return "\n".join(lines) + "\n"


# --- the Neo4j store's queries ------------------------------------------------------------
# Every value is a $parameter; labels and types are written here, from the model above.

LINK_TYPES = tuple(t for kind, t in RELATIONSHIP_TYPES.items() if kind != "covers")
"""Relationship types between stakeholders (COVERS runs from a team member)."""

SCHEMA: tuple[tuple[str, str | None], ...] = (
    ("CREATE CONSTRAINT kam_account_id IF NOT EXISTS "
     "FOR (a:Account) REQUIRE a.id IS UNIQUE",
     "CREATE INDEX kam_account_id_index IF NOT EXISTS FOR (a:Account) ON (a.id)"),
    ("CREATE CONSTRAINT kam_stakeholder_key IF NOT EXISTS "
     "FOR (s:Stakeholder) REQUIRE (s.account, s.id) IS UNIQUE",
     "CREATE INDEX kam_stakeholder_key_index IF NOT EXISTS "
     "FOR (s:Stakeholder) ON (s.account, s.id)"),
    ("CREATE CONSTRAINT kam_team_member_key IF NOT EXISTS "
     "FOR (t:TeamMember) REQUIRE (t.account, t.id) IS UNIQUE",
     "CREATE INDEX kam_team_member_key_index IF NOT EXISTS "
     "FOR (t:TeamMember) ON (t.account, t.id)"),
    ("CREATE INDEX kam_stakeholder_account IF NOT EXISTS "
     "FOR (s:Stakeholder) ON (s.account)", None),
    ("CREATE INDEX kam_team_member_account IF NOT EXISTS "
     "FOR (t:TeamMember) ON (t.account)", None),
    ("CREATE INDEX kam_revision_key IF NOT EXISTS "
     "FOR (r:Revision) ON (r.account, r.revision)", None),
)
"""(statement, fallback): uniqueness of the keys, with a plain index where a server (or a
user without schema rights) refuses the constraint; and the account of each person, which
every read of one account looks up."""

LOCK_ACCOUNT = "MERGE (a:Account {id: $account}) SET a._kam_lock = true"
"""Creates the account node if needed and write-locks it until the transaction ends."""


WRITE_ACCOUNT = "MATCH (a:Account {id: $account}) SET a = $props"
"""Replaces every property of the account (which also drops the lock flag)."""

_STATE_KEYS = (
    "COLLECT { MATCH (s:Stakeholder {account: $account}) RETURN s.id } AS people, "
    "COLLECT { MATCH (t:TeamMember {account: $account}) RETURN t.id } AS team, "
    "COLLECT { MATCH (u:Stakeholder {account: $account})-[r]->"
    "(v:Stakeholder {account: $account}) WHERE type(r) IN $types "
    "RETURN [type(r), u.id, v.id] } AS links, "
    "COLLECT { MATCH (t:TeamMember {account: $account})-[r]->"
    "(s:Stakeholder {account: $account}) WHERE type(r) = 'COVERS' "
    "RETURN [t.id, s.id] } AS coverage"
)
_STATE = "RETURN properties(a) AS props, " + _STATE_KEYS
READ_STATE = "MATCH (a:Account {id: $account}) " + _STATE
LOCK_AND_READ_STATE = LOCK_ACCOUNT + " WITH a " + _STATE
"""The account's properties and the keys of everything it holds, in one round trip;
``LOCK_AND_READ_STATE`` takes the lock first, so the properties are read once it is held.
``$types`` is :data:`LINK_TYPES`: as a value, a type the database has never held draws no
warning (COVERS is compared as text for the same reason); relationship types of other
tools are left alone."""

# What a save deletes is found by reading the keys above and comparing in Python: a
# "NOT key IN $keys" filter would compare every link with every key.
DELETE_STAKEHOLDERS = (
    "UNWIND $rows AS id MATCH (s:Stakeholder {account: $account, id: id}) DETACH DELETE s"
)
DELETE_TEAM = (
    "UNWIND $rows AS id MATCH (t:TeamMember {account: $account, id: id}) DETACH DELETE t"
)
DELETE_LINKS: dict[str, str] = {
    rel_type: (
        "UNWIND $rows AS row "
        "MATCH (u:Stakeholder {account: $account, id: row.source})"
        f"-[r:{rel_type}]->(v:Stakeholder {{account: $account, id: row.target}}) DELETE r"
    )
    for rel_type in LINK_TYPES
}
DELETE_COVERAGE = (
    "UNWIND $rows AS row "
    "MATCH (t:TeamMember {account: $account, id: row.member})"
    "-[r:COVERS]->(s:Stakeholder {account: $account, id: row.stakeholder}) DELETE r"
)

MERGE_STAKEHOLDERS = (
    "UNWIND $rows AS row "
    "MERGE (s:Stakeholder {account: $account, id: row.id}) SET s = row"
)
MERGE_TEAM = (
    "UNWIND $rows AS row "
    "MERGE (t:TeamMember {account: $account, id: row.id}) SET t = row"
)
MERGE_LINKS: dict[str, str] = {
    rel_type: (
        "UNWIND $rows AS row "
        "MATCH (u:Stakeholder {account: $account, id: row.source}) "
        "MATCH (v:Stakeholder {account: $account, id: row.target}) "
        f"MERGE (u)-[r:{rel_type}]->(v) SET r = row.props"
    )
    for rel_type in LINK_TYPES
}
"""One statement per relationship type (types cannot be parameters)."""

MERGE_COVERAGE = (
    "UNWIND $rows AS row "
    "MATCH (t:TeamMember {account: $account, id: row.member}) "
    "MATCH (s:Stakeholder {account: $account, id: row.stakeholder}) "
    "MERGE (t)-[r:COVERS]->(s) SET r = row.props"
)

STAKEHOLDER_COLUMNS = ("id", "ord", "name", "title", "department", "level", "role",
                       "stance", "power", "tags", "status", "interests", "notes",
                       "successor", "extra")
TEAM_COLUMNS = ("id", "ord", "name", "title", "extra")
LINK_COLUMNS = ("source", "target", "ord", "strength", "extra")
COVERAGE_COLUMNS = ("member", "stakeholder", "ord", "strength", "last_contact", "extra")
"""The positions of the values in a row of :data:`SAVE_ALL` (a list packs in about half
the values of a map; a missing or null value sets no property)."""


def _columns(columns: tuple[str, ...], first: int, prefix: str = "") -> str:
    return "{" + prefix + ", ".join(f"{c}: row[{i}]" for i, c in enumerate(columns)
                                   if i >= first) + "}"


SAVE_ALL = (
    LOCK_ACCOUNT + " WITH a, properties(a) AS props "
    "WITH a, props, CASE WHEN props.save_token = $token THEN null "
    "WHEN props.revision IS NULL THEN $revision "
    "WHEN props.revision = $revision THEN props.revision + 1 END AS revision, "
    + _STATE_KEYS + " "
    "CALL (a, revision) { WITH a WHERE revision IS NOT NULL "
    + " ".join("CALL () { " + q + " }" for q in (
        "UNWIND $stakeholders AS row "
        "MERGE (s:Stakeholder {account: $account, id: row[0]}) SET s = "
        + _columns(STAKEHOLDER_COLUMNS, 0, "account: $account, "),
        "UNWIND $team AS row "
        "MERGE (t:TeamMember {account: $account, id: row[0]}) SET t = "
        + _columns(TEAM_COLUMNS, 0, "account: $account, "),
        *("UNWIND $" + t + " AS row "
          "MATCH (u:Stakeholder {account: $account, id: row[0]}) "
          "MATCH (v:Stakeholder {account: $account, id: row[1]}) "
          f"MERGE (u)-[r:{t}]->(v) SET r = " + _columns(LINK_COLUMNS, 2)
          for t in LINK_TYPES),
        "UNWIND $COVERS AS row "
        "MATCH (t:TeamMember {account: $account, id: row[0]}) "
        "MATCH (s:Stakeholder {account: $account, id: row[1]}) "
        "MERGE (t)-[r:COVERS]->(s) SET r = " + _columns(COVERAGE_COLUMNS, 2),
    )) + " SET a = $props, a.revision = revision, a.save_token = $token "
    "MERGE (a)-[:HAS_REVISION]->(kept:Revision {account: $account, revision: revision}) "
    "ON CREATE SET kept += $info } "
    "RETURN props, revision, people, team, links, coverage"
)
"""A whole save of up to ``BATCH_SIZE`` rows of each kind in one statement, one round trip:
lock the account, read its properties and the keys of everything it holds (before
writing), and, only when the stored revision allows (``$token`` not yet saved; no
revision yet, or ``$revision``), write the people, each type of link (``$INFLUENCES``,
…, ``$COVERS``), the account at the next revision and its ``Revision`` (``$info``). The
caller checks the returned properties (a conflict raises and rolls back) and deletes
what the keys show the map no longer has."""

READ_ACCOUNT = "MATCH (a:Account {id: $account}) RETURN properties(a) AS props"
"""The account's properties (``properties()`` rather than ``a.revision``: no warning
from a database that has never held the key)."""
READ_STAKEHOLDERS = (
    "MATCH (s:Stakeholder {account: $account}) "
    "RETURN properties(s) AS props ORDER BY s.ord, s.id"
)
READ_TEAM = (
    "MATCH (t:TeamMember {account: $account}) "
    "RETURN properties(t) AS props ORDER BY t.ord, t.id"
)
READ_LINKS = (
    "MATCH (u:Stakeholder {account: $account})-[r]->(v:Stakeholder {account: $account}) "
    "WHERE type(r) IN $types "
    "RETURN type(r) AS type, u.id AS source, v.id AS target, properties(r) AS props "
    "ORDER BY r.ord, source, target, type"
)
READ_COVERAGE = (
    "MATCH (t:TeamMember {account: $account})-[r]->(s:Stakeholder {account: $account}) "
    "WHERE type(r) = 'COVERS' "
    "RETURN t.id AS member, s.id AS stakeholder, properties(r) AS props "
    "ORDER BY r.ord, member, stakeholder"
)

LIST_ACCOUNTS = (
    "MATCH (a:Account) WHERE a.id IS NOT NULL "
    "OPTIONAL MATCH (s:Stakeholder {account: a.id}) "
    "WITH a, count(s) AS stakeholders ORDER BY a.id "
    "RETURN properties(a) AS props, stakeholders"
)

LOCK_EXISTING_ACCOUNT = (
    "MATCH (a:Account {id: $account}) SET a._kam_lock = true RETURN count(a) AS found"
)
READ_HEAD = (
    "MATCH (a:Account {id: $account}) "
    "OPTIONAL MATCH (a)-[:HAS_REVISION]->(r:Revision) "
    "WHERE r.revision = properties(a).revision "
    "RETURN properties(a) AS props, r.map AS map LIMIT 1"
)
"""The account's properties and the kept map of its current revision (null when the
revision was saved before revisions were kept)."""

KEEP_REVISION = (
    "MATCH (a:Account {id: $account}) "
    "MERGE (a)-[:HAS_REVISION]->(r:Revision {account: $account, revision: $revision}) "
    "ON CREATE SET r += $info"
)
"""Keeps a revision that has no ``Revision`` yet; an existing one is never rewritten."""

READ_HISTORY = (
    "MATCH (a:Account {id: $account}) "
    "RETURN properties(a).revision AS current, COLLECT { "
    "MATCH (a)-[:HAS_REVISION]->(r:Revision) "
    "RETURN {revision: r.revision, saved_at: r.saved_at, saved_by: r.saved_by, "
    "changes: r.changes} } AS revisions"
)
"""The account's revision and what is recorded of each kept revision (not the maps)."""

READ_REVISION = (
    "MATCH (a:Account {id: $account})-[:HAS_REVISION]->(r:Revision) "
    "WHERE r.revision = $revision RETURN r.map AS map LIMIT 1"
)

DELETE_REVISIONS = (
    "MATCH (a:Account {id: $account})-[:HAS_REVISION]->(r:Revision) DETACH DELETE r"
)
DELETE_ACCOUNT = "MATCH (a:Account {id: $account}) DETACH DELETE a"
"""Deletes the account node; its people and revisions go first (``DELETE_STAKEHOLDERS``,
``DELETE_TEAM``, ``DELETE_REVISIONS``)."""
