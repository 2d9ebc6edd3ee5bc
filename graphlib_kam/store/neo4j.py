"""Account maps in Neo4j, for a team that shares them: the same interface as the file store.

The driver is made by the caller (:func:`open_driver` does it from a URI and a login) and
handed to :class:`Neo4jStore`, or made by :meth:`Neo4jStore.open` (which
:func:`graphlib_kam.store.open_store` calls); nothing connects at import time. Each method runs one
unit-of-work function through ``session.execute_read`` / ``execute_write``, so transient
failures are retried by the driver, and every driver exception becomes a store error at
the boundary::

    neo4j.exceptions                      graphlib_kam.errors (CLI exit code)
    ServiceUnavailable, SessionExpired -> StoreUnavailable "cannot reach Neo4j at …" (3)
    AuthError                          -> StoreUnavailable "… refused the login …"   (3)
    ClientError (a rejected query)     -> StoreError naming the server's code          (3)
    ConfigurationError, a bad URI      -> InputError naming the schemes expected       (2)

A save is one write transaction: it locks the account node, checks the revision (a stale
map raises :class:`~graphlib_kam.errors.ConflictError` and rolls back), writes people
and links in ``UNWIND $rows`` batches with ``MERGE``, deletes what the map no longer
has, and keeps the revision it writes as a ``Revision`` node (the whole map, when, who
and what changed), which no save rewrites or removes. Saving the same map twice leaves
the same graph; a save that fails leaves the graph as it was. The queries are in
:mod:`graphlib_kam.store.cypher`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import re
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import neo4j
from neo4j import exceptions as neo4j_errors

from graphlib_kam.errors import (
    ConflictError,
    InputError,
    KamError,
    MapError,
    MapValidationError,
    NotFoundError,
    StoreError,
    StoreUnavailable,
)
from graphlib_kam.model import SCHEMA, AccountMap, loads_map, parse_map, validate_map
from graphlib_kam.model.history import change_counts
from graphlib_kam.store import cypher
from graphlib_kam.store.base import AccountInfo
from graphlib_kam.store.history import Revision, revision_from_info, revision_info

__all__ = ["BATCH_SIZE", "SCHEMES", "Neo4jStore", "check_uri", "connect", "open_driver"]

log = logging.getLogger(__name__)

SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
"""URI schemes of the Bolt protocol, which the store speaks."""

BATCH_SIZE = 1000
"""Rows per ``UNWIND $rows`` statement."""

_MAX_REVISION = 2**63 - 2
_KIND_OF_TYPE = {t: kind for kind, t in cypher.RELATIONSHIP_TYPES.items()}
_STAKEHOLDER_FIELDS = ("id", "name", "title", "department", "level", "role", "stance",
                       "power", "tags", "status", "interests", "notes", "successor")
_TEAM_FIELDS = ("id", "name", "title")
_TORN_READ_ATTEMPTS = 5


# --- connecting -----------------------------------------------------------------------


def check_uri(uri: str | None) -> str:
    """Check a Neo4j URI before a driver is made from it; return it without spaces.

    Raises
    ------
    InputError
        No URI, a scheme that is not Bolt's, a port that is not a number, or a user name
        and password inside the URI (the password belongs in ``KAM_NEO4J_PASSWORD``).
        The message never repeats what stood before the ``@``.

    Examples
    --------
    >>> check_uri(" neo4j+s://db.example.com ")
    'neo4j+s://db.example.com'
    >>> check_uri("localhost:7687")
    Traceback (most recent call last):
    ...
    graphlib_kam.errors.InputError: 'localhost:7687' is not a Neo4j URI: expected \
bolt://HOST:PORT or neo4j://HOST:PORT (schemes: bolt, bolt+s, bolt+ssc, neo4j, neo4j+s, \
neo4j+ssc)
    """
    text = (uri or "").strip()
    if not text:
        raise InputError("no Neo4j URI: give --uri (for example bolt://localhost:7687) or "
                         "set KAM_NEO4J_URI")
    parts = urlsplit(text) if "://" in text else None
    if parts is not None and "@" in parts.netloc:
        raise InputError(
            "the Neo4j URI must not hold a user name or password (" + parts.scheme
            + "://…@" + parts.netloc.rsplit("@", 1)[1] + "); give the user with --user or "
            "KAM_NEO4J_USER and the password in KAM_NEO4J_PASSWORD"
        )
    expected = (f"expected bolt://HOST:PORT or neo4j://HOST:PORT (schemes: "
                f"{', '.join(SCHEMES)})")
    if parts is None or parts.scheme.lower() not in SCHEMES:
        raise InputError(f"{text!r} is not a Neo4j URI: {expected}")
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise InputError(f"{text!r}: the port is not a number from 0 to 65535") from None
    if not parts.hostname:
        raise InputError(f"{text!r} names no host: {expected}")
    return text


def open_driver(
    uri: str | None,
    *,
    user: str | None = None,
    password: str | None = None,
    **config: Any,
) -> neo4j.Driver:
    """A ``neo4j.Driver`` for ``uri``; it connects only when first used.

    Parameters
    ----------
    uri : str
        ``bolt://``, ``neo4j://`` and their ``+s`` / ``+ssc`` variants.
    user, password : str, optional, keyword-only
        The login; without a password the driver sends no credentials (a server with
        authentication disabled).
    **config
        Driver settings (``connection_timeout``, ``max_transaction_retry_time``, …).

    Raises
    ------
    InputError
        A URI the driver cannot use, with a message that names the schemes expected.
    """
    text = check_uri(uri)
    auth = None if password is None else neo4j.basic_auth(user or "neo4j", password)
    config.setdefault("connection_timeout", 15.0)
    try:
        return neo4j.GraphDatabase.driver(text, auth=auth, **config)
    except (neo4j_errors.ConfigurationError, ValueError) as err:
        raise InputError(f"{text!r} cannot be used as a Neo4j URI: {_one_line(err)}; "
                         f"expected bolt://HOST:PORT or neo4j://HOST:PORT") from None


@contextlib.contextmanager
def connect(
    uri: str | None,
    *,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    **config: Any,
) -> Iterator[Neo4jStore]:
    """Open a driver, check that the server answers, yield a store; close the driver after.

    As :meth:`Neo4jStore.open` in a ``with`` block; programs that take the password from
    the environment call :func:`graphlib_kam.store.open_store` instead.

    Raises
    ------
    InputError
        A bad URI.
    StoreUnavailable
        A server that cannot be reached or refuses the login.
    """
    with Neo4jStore.open(uri, user=user, password=password, database=database,
                         **config) as store:
        yield store


# --- the store ------------------------------------------------------------------------


class Neo4jStore:
    """Account maps in a Neo4j database, one account per ``(:Account {id})``.

    Parameters
    ----------
    driver : neo4j.Driver
        Made and closed by the caller.
    database : str, optional
        The database to use (the server's default when None).
    location : str, keyword-only
        How to name the server in messages (its URI); the driver does not say.
    user : str, keyword-only
        The login name, for messages.
    password_given : bool, keyword-only
        Whether a password was given, for the message when the login is refused.

    Notes
    -----
    Sessions share the driver's bookmark manager, so a load that follows a save reads
    it, even on a cluster.
    """

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str | None = None,
        *,
        location: str = "",
        user: str | None = None,
        password_given: bool = True,
    ):
        self.driver = driver
        self.database = database or None
        self.location = location
        self.user = user
        self.password_given = password_given
        self._schema_ready = False
        self._owns_driver = False

    @classmethod
    def open(
        cls,
        uri: str | None,
        *,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        **config: Any,
    ) -> Neo4jStore:
        """A checked store over a driver of its own, made from ``uri`` and the login.

        The server is asked to answer before the store is returned; :meth:`close` (or
        leaving a ``with`` block) closes the driver.

        Raises
        ------
        InputError
            A bad URI.
        StoreUnavailable
            A server that cannot be reached or refuses the login.
        """
        driver = open_driver(uri, user=user, password=password, **config)
        try:
            store = cls(driver, database=database, location=check_uri(uri),
                        user=user or "neo4j", password_given=password is not None)
            store._owns_driver = True
            store.verify()
        except BaseException:
            driver.close()
            raise
        return store

    def close(self) -> None:
        """Close the driver if this store made it (:meth:`open`); a given one is the
        caller's to close."""
        if self._owns_driver:
            self.driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = f"{self.location!r}, " if self.location else ""
        return f"Neo4jStore({where}database={self.database!r})"

    # the boundary

    @property
    def _where(self) -> str:
        where = self.location or "the server"
        return f"{where} (database {self.database})" if self.database else where

    @contextlib.contextmanager
    def _session(self) -> Iterator[neo4j.Session]:
        with self._errors(), self.driver.session(
            database=self.database,
            bookmark_manager=self.driver.execute_query_bookmark_manager,
        ) as session:
            yield session

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        """Driver exceptions become store errors here, in one line each."""
        try:
            yield
        except KamError:
            raise
        except UnicodeEncodeError:
            raise InputError(
                "the map holds text with half a character (an unpaired surrogate), which "
                "cannot be stored; remove it or write the whole character"
            ) from None
        except neo4j_errors.AuthError as err:
            hint = ("" if self.password_given else
                    "; KAM_NEO4J_PASSWORD is not set")
            raise StoreUnavailable(
                f"Neo4j at {self._where} refused the login for user {self.user or 'neo4j'!r} "
                f"({err.code}){hint}; check --user / KAM_NEO4J_USER and KAM_NEO4J_PASSWORD"
            ) from None
        except neo4j_errors.IncompleteCommit:
            raise StoreUnavailable(
                f"the connection to Neo4j at {self._where} was lost while a save was "
                "committing, so it may or may not have been applied; pull the account to "
                "see which"
            ) from None
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as err:
            raise StoreUnavailable(
                f"cannot reach Neo4j at {self._where}: {_reason(err)}; check the URI "
                "(--uri / KAM_NEO4J_URI) and that the server is running"
            ) from None
        except neo4j_errors.ClientError as err:
            if err.code == "Neo.ClientError.Database.DatabaseNotFound":
                raise StoreError(
                    f"Neo4j at {self.location or 'the server'} has no database "
                    f"{self.database!r} ({err.code}); check --database"
                ) from None
            if isinstance(err, neo4j_errors.Forbidden):
                raise StoreError(
                    f"Neo4j at {self._where} does not allow user {self.user or 'neo4j'!r} "
                    f"to do this ({err.code}): {_one_line(err.message)}"
                ) from None
            raise StoreError(
                f"Neo4j at {self._where} rejected the query ({err.code}): "
                f"{_one_line(err.message)}"
            ) from None
        except neo4j_errors.Neo4jError as err:
            raise StoreError(
                f"Neo4j at {self._where} failed ({err.code}): {_one_line(err.message)}"
            ) from None
        except neo4j_errors.DriverError as err:
            raise StoreError(
                f"the Neo4j driver failed talking to {self._where}: {_one_line(err)}"
            ) from None

    # the interface of every store

    def verify(self) -> None:
        """Check that the server answers and accepts the login.

        Raises
        ------
        StoreUnavailable
            A server that cannot be reached or refuses the login.
        """
        with self._errors():
            self.driver.verify_connectivity()

    def ensure_schema(self) -> list[str]:
        """Create the uniqueness constraints, where the server supports them.

        A server (or user) that refuses a constraint gets a plain index instead, and
        where even that is refused the store works without (more slowly); each refusal
        is logged as a warning. Runs once per store; the first save calls it.

        Returns
        -------
        list of str
            The schema statements the server refused.
        """
        refused: list[str] = []
        if self._schema_ready:
            return refused
        with self._session() as session:
            for statement_and_fallback in cypher.SCHEMA:
                for statement in filter(None, statement_and_fallback):
                    try:
                        session.run(statement).consume()
                        break
                    except (neo4j_errors.ClientError, neo4j_errors.DatabaseError) as err:
                        if _fatal(err):
                            raise
                        refused.append(statement)
                        log.warning("Neo4j at %s refused %r (%s); carrying on without it",
                                    self._where, statement, err.code)
        self._schema_ready = True
        return refused

    def list_accounts(self) -> list[AccountInfo]:
        """Every account in the database, sorted by id."""
        with self._session() as session:
            records = session.execute_read(_run_all, cypher.LIST_ACCOUNTS, {})
        out = []
        for record in records:
            props = record["props"]
            if not isinstance(props.get("id"), str):
                continue
            revision = props.get("revision")
            out.append(AccountInfo(
                id=props["id"], name=str(props.get("name") or props["id"]),
                revision=revision if isinstance(revision, int) else 1,
                stakeholders=record["stakeholders"], location=self.location,
            ))
        return out

    def load(self, account_id: str) -> AccountMap:
        """The map of ``account_id``, equal to the map that was saved.

        Raises
        ------
        NotFoundError
            No such account.
        MapValidationError
            The graph was edited into something that is not a valid map.
        """
        with self._session() as session:
            for _ in range(_TORN_READ_ATTEMPTS):
                data = session.execute_read(_read_map, account_id)
                if data is not None:
                    break
            else:  # pragma: no cover - only under a storm of concurrent saves
                raise StoreError(f"Neo4j at {self._where}: account {account_id!r} kept "
                                 "changing while it was read; try again")
        if not data:
            raise NotFoundError(f"Neo4j at {self._where}: no account with the id "
                                f"{account_id!r} (kam accounts lists them)")
        return parse_map(data, source=f"Neo4j account {account_id!r}")

    def save(self, amap: AccountMap, *, saved_by: str | None = None,
             restored_from: int | None = None) -> AccountMap:
        """Write ``amap`` in one transaction and return it with its new revision.

        A new account is written at the map's own revision; over an existing one the map
        must carry the stored revision, and gets the next. The same transaction keeps the
        revision (see :meth:`history`), with ``saved_by`` (default
        :func:`~graphlib_kam.store.history.who_saves`) and what changed (``restored_from``:
        the revision a restore copies).

        Raises
        ------
        MapValidationError
            A map that breaks the rules of kam/1 (it could not be loaded again).
        ConflictError
            The stored revision is not the map's: someone saved in between. Nothing is
            written.
        InputError
            A revision too large for Neo4j's integers.
        """
        problems = validate_map(amap)
        if problems:
            raise MapValidationError(problems, source=f"account {amap.account.id!r}")
        if amap.revision > _MAX_REVISION:
            raise InputError(f"revision {amap.revision} is too large for Neo4j "
                             f"(at most {_MAX_REVISION})")
        rows = _save_rows(amap)
        self.ensure_schema()
        # The metadata names the transaction in the server's SHOW TRANSACTIONS and logs.
        work = neo4j.unit_of_work(metadata={"app": "graphlib_kam", "action": "save",
                                            "account": amap.account.id})(_write_map)
        kept = {"saved_by": saved_by, "restored_from": restored_from,
                "map": json.dumps(amap.to_dict(), ensure_ascii=False, allow_nan=False)}
        with self._session() as session:
            revision = session.execute_write(work, amap, rows, uuid.uuid4().hex, self._where,
                                             kept)
        return amap.with_revision(revision)

    def history(self, account_id: str) -> list[Revision]:
        """Every kept revision of the account, newest (the current one) first.

        A revision saved before revisions were kept is listed as the current one, with
        nothing recorded of when and by whom.

        Raises
        ------
        NotFoundError
            No such account.
        """
        with self._session() as session:
            records = session.execute_read(_run_all, cypher.READ_HISTORY,
                                           {"account": account_id})
        if not records:
            raise NotFoundError(f"Neo4j at {self._where}: no account with the id "
                                f"{account_id!r} (kam accounts lists them)")
        current = records[0]["current"]
        current = current if isinstance(current, int) else 1
        out = []
        for row in records[0]["revisions"]:
            number = row.get("revision")
            if not isinstance(number, int) or number > current:
                continue
            out.append(revision_from_info(number, dict(row, changes=_json_or_none(
                row.get("changes"))), current=number == current))
        if not any(r.current for r in out):
            out.append(Revision(current, current=True))
        return sorted(out, key=lambda r: r.revision, reverse=True)

    def load_revision(self, account_id: str, revision: int) -> AccountMap:
        """The account's map as it was at ``revision`` (:meth:`load` for the current one).

        Raises
        ------
        NotFoundError
            No such account, or no such revision (the message names those there are).
        """
        history = self.history(account_id)
        if history[0].revision == revision:
            return self.load(account_id)
        with self._session() as session:
            records = session.execute_read(_run_all, cypher.READ_REVISION,
                                           {"account": account_id, "revision": revision})
        text = records[0]["map"] if records else None
        if not isinstance(text, str) or revision > history[0].revision:
            known = ", ".join(str(r.revision) for r in reversed(history))
            raise NotFoundError(
                f"Neo4j at {self._where}: account {account_id!r} has no revision {revision} "
                f"(kept: {known}; kam log lists them)")
        source = f"Neo4j account {account_id!r} revision {revision}"
        return loads_map(text.encode("utf-8"), source=source).with_revision(revision)

    def delete(self, account_id: str) -> None:
        """Delete the account, its people and their links.

        Raises
        ------
        NotFoundError
            No such account.
        """
        with self._session() as session:
            found = session.execute_write(_delete_account, account_id)
        if not found:
            raise NotFoundError(f"Neo4j at {self._where}: no account with the id "
                                f"{account_id!r}")


# --- units of work (idempotent; the driver may run them more than once) --------------


def _run_all(tx: neo4j.ManagedTransaction, query: str, params: dict) -> list[neo4j.Record]:
    return list(tx.run(query, params))


def _read_map(tx: neo4j.ManagedTransaction, account_id: str) -> dict | None:
    """The map as kam/1 data; {} when there is no such account; None for a torn read.

    Statements read committed data one by one, so the account's revision and save token
    are read first and last: if they differ, a save committed in between and the caller
    reads again.
    """
    params = {"account": account_id}
    first = tx.run(cypher.READ_ACCOUNT, params).single()
    if first is None:
        return {}
    account = first["props"]
    stakeholders = [r["props"] for r in tx.run(cypher.READ_STAKEHOLDERS, params)]
    team = [r["props"] for r in tx.run(cypher.READ_TEAM, params)]
    links = list(tx.run(cypher.READ_LINKS, params, types=list(cypher.LINK_TYPES)))
    coverage = list(tx.run(cypher.READ_COVERAGE, params))
    last = tx.run(cypher.READ_ACCOUNT, params).single()
    if last is None or _version(last["props"]) != _version(account):
        return None
    return {
        "schema": SCHEMA,
        "revision": account.get("revision", 1),
        **_json(account.get("map_extra")),
        "account": {"id": account_id, "name": account.get("name", ""),
                    "industry": account.get("industry", "")} | _json(account.get("extra")),
        "team": [_fields(p, _TEAM_FIELDS) for p in team],
        "stakeholders": [_fields(p, _STAKEHOLDER_FIELDS) for p in stakeholders],
        "relationships": [
            {"source": r["source"], "target": r["target"], "kind": _KIND_OF_TYPE[r["type"]]}
            | ({"strength": r["props"]["strength"]} if "strength" in r["props"] else {})
            | _json(r["props"].get("extra"))
            for r in links
        ],
        "coverage": [
            {"member": r["member"], "stakeholder": r["stakeholder"],
             "strength": r["props"].get("strength"),
             "last_contact": _iso_date(r["props"].get("last_contact"))}
            | _json(r["props"].get("extra"))
            for r in coverage
        ],
    }


def _write_map(tx: neo4j.ManagedTransaction, amap: AccountMap, rows: dict, token: str,
               where: str, kept: dict | None = None) -> int:
    """Lock the account, check its revision, write everything and keep the revision;
    return the new revision. ``kept``: ``saved_by``, ``restored_from`` and ``map`` (the
    map's JSON text) of the revision to keep."""
    account = amap.account.id
    params = {"account": account}
    if kept is None:
        kept = {"map": json.dumps(amap.to_dict(), ensure_ascii=False, allow_nan=False)}
    info = _revision_info(tx, amap, token, kept)
    links = {t: rows["links"].get(t, []) for t in cypher.LINK_TYPES}
    if all(len(v) <= BATCH_SIZE for v in (rows["stakeholders"], rows["team"],
                                          rows["coverage"], *links.values())):
        # One round trip: the statement writes only when the revision allows it.
        state = tx.run(cypher.SAVE_ALL, params, types=list(cypher.LINK_TYPES), token=token,
                       revision=amap.revision, stakeholders=rows["stakeholders"],
                       team=rows["team"], COVERS=rows["coverage"], props=rows["account"],
                       info=info, **links).single(strict=True)
        revision, done = _next_revision(state["props"], amap, token, where)
        if done:
            return revision
        if state["revision"] != revision:  # the server compared the revisions otherwise
            raise _conflict(where, account, state["props"].get("revision"), amap.revision)
        _delete_stale(tx, params, rows, state)
        return revision
    state = tx.run(cypher.LOCK_AND_READ_STATE, params,
                   types=list(cypher.LINK_TYPES)).single(strict=True)
    revision, done = _next_revision(state["props"], amap, token, where)
    if done:
        return revision
    _delete_stale(tx, params, rows, state)
    _unwind(tx, cypher.MERGE_STAKEHOLDERS, params,
            _row_maps(rows["stakeholders"], cypher.STAKEHOLDER_COLUMNS, account))
    _unwind(tx, cypher.MERGE_TEAM, params,
            _row_maps(rows["team"], cypher.TEAM_COLUMNS, account))
    for rel_type, link_rows in links.items():
        _unwind(tx, cypher.MERGE_LINKS[rel_type], params,
                _row_maps(link_rows, cypher.LINK_COLUMNS, props_from=2))
    _unwind(tx, cypher.MERGE_COVERAGE, params,
            _row_maps(rows["coverage"], cypher.COVERAGE_COLUMNS, props_from=2))
    tx.run(cypher.WRITE_ACCOUNT, params,
           props=dict(rows["account"], revision=revision, save_token=token)).consume()
    tx.run(cypher.KEEP_REVISION, params, revision=revision, info=info).consume()
    return revision


def _revision_info(tx: neo4j.ManagedTransaction, amap: AccountMap, token: str,
                   kept: dict) -> dict:
    """The properties of the ``Revision`` a save keeps: the map, when, who, what changed.

    What changed is counted against the kept map of the stored revision. A stored
    revision saved before revisions were kept is kept first, read under the account's
    lock, so that the save does not lose what it replaces.
    """
    params = {"account": amap.account.id}
    head = tx.run(cypher.READ_HEAD, params).single()
    before: AccountMap | None = None
    if head is not None and head["props"].get("save_token") != token:
        stored = head["props"].get("revision")
        text = head["map"]
        if isinstance(text, str):
            before = _map_or_none(text)
        elif isinstance(stored, int) and stored == amap.revision:
            tx.run(cypher.LOCK_ACCOUNT, params).consume()
            data = _read_map(tx, amap.account.id)
            if data:
                text = json.dumps(data, ensure_ascii=False, default=str)
                before = _map_or_none(text)
                tx.run(cypher.KEEP_REVISION, params, revision=stored, info={
                    "map": text, "summary": ""}).consume()
    if kept.get("restored_from") is not None:
        changes: dict | None = {"restored": kept["restored_from"]}
    elif head is None:
        changes = change_counts(None, amap)
    else:
        changes = None if before is None else change_counts(before, amap)
    info = revision_info(changes, saved_by=kept.get("saved_by"))
    info["changes"] = None if changes is None else json.dumps(changes)
    info["map"] = kept["map"]
    return {k: v for k, v in info.items() if v is not None}


def _map_or_none(text: str) -> AccountMap | None:
    try:
        return loads_map(text.encode("utf-8"), source="a kept revision")
    except MapError:
        return None


def _json_or_none(text: Any) -> dict | None:
    if not isinstance(text, str):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _next_revision(stored: dict, amap: AccountMap, token: str, where: str) -> tuple[int, bool]:
    """(the revision this save writes, whether an earlier attempt of it committed already).

    Raises
    ------
    ConflictError
        The stored revision is not the map's; the caller's transaction rolls back.
    """
    found = stored.get("revision")
    if stored.get("save_token") == token:
        return found, True  # an earlier attempt of this very save committed; nothing to redo
    if found is None:
        return amap.revision, False
    if found != amap.revision:
        raise _conflict(where, amap.account.id, found, amap.revision)
    return found + 1, False


def _conflict(where: str, account: str, found: Any, expected: int) -> ConflictError:
    return ConflictError(
        f"Neo4j at {where}: account {account!r} is at revision {found} but these changes "
        f"were made to revision {expected}; someone saved in between. Pull the account "
        "again and apply your changes to it (nothing was overwritten)",
        expected=expected, found=found,
    )


def _delete_stale(tx: neo4j.ManagedTransaction, params: dict, rows: dict,
                  state: neo4j.Record) -> None:
    """Delete the people and links of the account that the map no longer has."""
    _unwind(tx, cypher.DELETE_STAKEHOLDERS, params,
            sorted(set(state["people"]) - set(rows["stakeholder_ids"])))
    _unwind(tx, cypher.DELETE_TEAM, params, sorted(set(state["team"]) - set(rows["team_ids"])))
    keep = {tuple(key) for key in rows["link_keys"]}
    stale: dict[str, list[dict]] = {}
    for rel_type, source, target in state["links"]:
        if (rel_type, source, target) not in keep:
            stale.setdefault(rel_type, []).append({"source": source, "target": target})
    for rel_type, link_rows in stale.items():
        _unwind(tx, cypher.DELETE_LINKS[rel_type], params, link_rows)
    keep = {tuple(key) for key in rows["coverage_keys"]}
    _unwind(tx, cypher.DELETE_COVERAGE, params, [
        {"member": member, "stakeholder": stakeholder}
        for member, stakeholder in state["coverage"] if (member, stakeholder) not in keep])


def _delete_account(tx: neo4j.ManagedTransaction, account_id: str) -> bool:
    params = {"account": account_id}
    if not tx.run(cypher.LOCK_EXISTING_ACCOUNT, params).single(strict=True)["found"]:
        return False
    state = tx.run(cypher.READ_STATE, params, types=list(cypher.LINK_TYPES)).single(
        strict=True)
    _unwind(tx, cypher.DELETE_STAKEHOLDERS, params, state["people"])
    _unwind(tx, cypher.DELETE_TEAM, params, state["team"])
    tx.run(cypher.DELETE_REVISIONS, params).consume()
    tx.run(cypher.DELETE_ACCOUNT, params).consume()
    return True


def _unwind(tx: neo4j.ManagedTransaction, query: str, params: dict, rows: list) -> None:
    for start in range(0, len(rows), BATCH_SIZE):
        tx.run(query, params, rows=rows[start:start + BATCH_SIZE]).consume()


# --- rows and properties --------------------------------------------------------------


def _save_rows(amap: AccountMap) -> dict[str, Any]:
    """The parameters of a save, built before the transaction (pure).

    Rows are lists, their values in the order of ``cypher.*_COLUMNS`` (a list packs in
    about half the values of a map), without the ``extra`` at their end when there are no
    unknown keys.

    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "stakeholders": [{"id": "x"}, {"id": "y"}],
    ...     "relationships": [{"source": "x", "target": "y", "kind": "reports-to"}]})
    >>> rows = _save_rows(m)
    >>> rows["links"]["REPORTS_TO"], rows["link_keys"]
    ([['x', 'y', 0, None]], [['REPORTS_TO', 'x', 'y']])
    """
    account = amap.account
    links: dict[str, list[list]] = {t: [] for t in cypher.LINK_TYPES}
    for ord_, rel in enumerate(amap.relationships):
        row = [rel.source, rel.target, ord_, rel.strength]
        if rel.extra:
            row.append(_text(rel.extra))
        links[cypher.RELATIONSHIP_TYPES[rel.kind]].append(row)
    stakeholders = []
    for ord_, s in enumerate(amap.stakeholders):
        row = [s.id, ord_, s.name, s.title, s.department, s.level, s.role, s.stance,
               s.power, list(s.tags), s.status, list(s.interests), s.notes, s.successor]
        if s.extra or s.email:
            row.append(_text(cypher.person_extra(s)))
        stakeholders.append(row)
    team = []
    for ord_, t in enumerate(amap.team):
        row = [t.id, ord_, t.name, t.title]
        if t.extra or t.email:
            row.append(_text(cypher.person_extra(t)))
        team.append(row)
    coverage = []
    for ord_, c in enumerate(amap.coverage):
        row = [c.member, c.stakeholder, ord_, c.strength, c.last_contact]
        if c.extra:
            row.append(_text(c.extra))
        coverage.append(row)
    return {
        "account": {"id": account.id, "name": account.name, "industry": account.industry,
                    "extra": _text(account.extra), "map_extra": _text(cypher.map_extra(amap))},
        "stakeholders": stakeholders,
        "team": team,
        "links": {t: rows for t, rows in links.items() if rows},
        "coverage": coverage,
        "stakeholder_ids": [s.id for s in amap.stakeholders],
        "team_ids": [t.id for t in amap.team],
        "link_keys": [[cypher.RELATIONSHIP_TYPES[r.kind], r.source, r.target]
                      for r in amap.relationships],
        "coverage_keys": [[c.member, c.stakeholder] for c in amap.coverage],
    }


def _row_maps(rows: list[list], columns: tuple[str, ...], account: str | None = None,
              props_from: int | None = None) -> list[dict]:
    """Rows of :func:`_save_rows` as the maps of the ``MERGE_*`` statements (big saves)."""
    out = []
    for row in rows:
        values = dict(zip(columns, row))
        if props_from is None:
            out.append({"account": account} | values)
        else:
            keys = columns[:props_from]
            out.append({k: values[k] for k in keys} | {"props": {
                k: v for k, v in values.items() if k not in keys}})
    return out


def _text(extra: dict) -> str | None:
    """Unknown keys as JSON text (None when there are none), in the map's order."""
    if not extra:
        return None
    try:
        return json.dumps(extra, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as err:
        raise InputError(f"an unknown key's value cannot be stored: {err}") from None


def _json(text: Any) -> dict:
    if not isinstance(text, str) or not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _version(props: dict) -> tuple:
    return props.get("revision"), props.get("save_token")


def _fields(props: dict, names: tuple[str, ...]) -> dict:
    return {k: props[k] for k in names if k in props} | _json(props.get("extra"))


def _iso_date(value: Any) -> str | None:
    if value is None:
        return None
    if hasattr(value, "to_native"):
        value = value.to_native()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


# --- messages -------------------------------------------------------------------------


def _one_line(value: object) -> str:
    return " ".join(str(value).split())


def _reason(err: Exception) -> str:
    """The cause of a connection failure, short: "connection refused", for one."""
    text = str(err)
    match = re.search(r"\(reason (.*)\)\s*$", text)
    if match:
        text = match.group(1)
    text = re.sub(r"\[Errno -?\d+\]\s*", "", text)
    text = _one_line(text)
    return text[:1].lower() + text[1:] if text else type(err).__name__


def _fatal(err: neo4j_errors.Neo4jError) -> bool:
    """Errors that must stop the schema step too: a refused login, a missing database."""
    return isinstance(err, neo4j_errors.AuthError) or (err.code or "").startswith(
        "Neo.ClientError.Database.")
