"""The Neo4j store when things go wrong: each failure is one line with its own message and
exit code, never shows the password, and never leaves half an account behind.

* server down, wrong password, bad URI, a query the server rejects — in the library and
  through the installed ``kam`` (exit 3, 3, 2, 3);
* a save that fails inside its transaction (a real server-side error after the first
  batches), a connection cut in the middle of a push, a transient error that the driver
  retries, a commit whose acknowledgement was lost, and the server stopped while
  ``kam push`` runs.

The wrong password is refused by a small Bolt responder below: the test server runs
without authentication (it accepts any password), so it cannot refuse one. The responder
answers the handshake and the login exactly as Neo4j does when it refuses a login
(``Neo.ClientError.Security.Unauthorized``); with ``KAM_NEO4J_URI`` and
``KAM_NEO4J_PASSWORD`` set, the test also runs against that real server.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import struct
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import neo4j
import pytest

from graphlib_kam.errors import InputError, StoreError, StoreUnavailable
from graphlib_kam.model.synthetic import generate_account
from graphlib_kam.store import dumps_map
from graphlib_kam.store import neo4j as store_module
from graphlib_kam.store.neo4j import Neo4jStore, connect, open_driver
from tests.neo4j_server.server import Neo4jServer

KAM = [str(Path(sys.executable).with_name("kam"))]  # the installed command
SECRET = f"kam-S3cret-{uuid.uuid4().hex[:8]}"
REAL_AUTH = bool(os.environ.get("KAM_NEO4J_URI") and os.environ.get("KAM_NEO4J_PASSWORD"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_kam(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if not k.startswith("KAM_NEO4J_")} | env
    return subprocess.run([*KAM, *args], capture_output=True, text=True, env=full,
                          timeout=300)


def assert_one_line(result: subprocess.CompletedProcess, code: int, phrase: str,
                    secret: str = SECRET) -> str:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kam: error: ") and phrase in lines[0]
    assert secret not in result.stderr + result.stdout
    return lines[0]


# --- a Bolt responder that refuses every login --------------------------------------------


def _packstream_string(text: str) -> bytes:
    data = text.encode("utf-8")
    if len(data) < 16:
        return bytes([0x80 + len(data)]) + data
    if len(data) < 256:
        return b"\xd0" + bytes([len(data)]) + data
    return b"\xd1" + struct.pack(">H", len(data)) + data


def _failure(code: str, message: str) -> bytes:
    body = (b"\xb1\x7f\xa2" + _packstream_string("code") + _packstream_string(code)
            + _packstream_string("message") + _packstream_string(message))
    return struct.pack(">H", len(body)) + body + b"\x00\x00"


class RefusingBoltServer:
    """Agrees on Bolt 4.4, then answers the HELLO (which carries the login) with Neo4j's
    FAILURE for a wrong password; keeps what each client sent."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.uri = f"bolt://127.0.0.1:{self.listener.getsockname()[1]}"
        self.received: list[bytes] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(10)
                try:
                    handshake = b""
                    while len(handshake) < 20:
                        chunk = conn.recv(20 - len(handshake))
                        if not chunk:
                            break
                        handshake += chunk
                    conn.sendall(b"\x00\x00\x04\x04")
                    self.received.append(conn.recv(65536))
                    conn.sendall(_failure(
                        "Neo.ClientError.Security.Unauthorized",
                        "The client is unauthorized due to authentication failure."))
                    while conn.recv(65536):
                        pass
                except OSError:
                    pass

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def refusing_server():
    server = RefusingBoltServer()
    yield server
    server.close()


@pytest.fixture
def wrong_login(request, neo4j_server):
    """(uri, user, password) that a server refuses: the responder, or the team's server."""
    if request.param == "responder":
        server = RefusingBoltServer()
        yield server.uri, "kam", SECRET
        assert any(SECRET.encode() in sent for sent in server.received)  # it was sent
        server.close()
    else:
        yield neo4j_server.uri, neo4j_server.auth[0], SECRET


LOGIN_PARAMS = ["responder"] + (["team-server"] if REAL_AUTH else [])


# --- the four failures, in the library -------------------------------------------------------


def test_a_server_that_is_down_is_unavailable(caplog):
    uri = f"bolt://127.0.0.1:{free_port()}"
    caplog.set_level(logging.DEBUG)
    with pytest.raises(StoreUnavailable) as info, connect(uri, user="kam", password=SECRET):
        pass
    message = str(info.value)
    assert message.startswith(f"cannot reach Neo4j at {uri}: connection refused;")
    assert "\n" not in message and SECRET not in caplog.text
    assert info.value.exit_code == 3


@pytest.mark.parametrize("wrong_login", LOGIN_PARAMS, indirect=True)
def test_a_wrong_password_is_a_refused_login(wrong_login, caplog):
    uri, user, password = wrong_login
    caplog.set_level(logging.DEBUG)  # the driver's own log, at its most talkative
    with pytest.raises(StoreUnavailable) as info, connect(uri, user=user, password=password):
        pass
    message = str(info.value)
    assert f"refused the login for user {user!r}" in message
    assert "Neo.ClientError.Security.Unauthorized" in message and "\n" not in message
    assert SECRET not in message and SECRET not in caplog.text
    assert "HELLO" in caplog.text or "LOGON" in caplog.text  # the log was on


def test_a_refused_login_without_a_password_says_so(refusing_server):
    with pytest.raises(StoreUnavailable, match="KAM_NEO4J_PASSWORD is not set"), \
            connect(refusing_server.uri, user="kam", password=None):
        pass


@pytest.mark.parametrize("uri, expected", [
    ("localhost:7687", "is not a Neo4j URI: expected bolt://HOST:PORT"),
    ("http://localhost:7474", "is not a Neo4j URI"),
    ("bolt://localhost:seven", "the port is not a number"),
    ("bolt://", "names no host"),
    (f"bolt://neo4j:{SECRET}@db.example.com:7687", "must not hold a user name or password"),
    ("", "no Neo4j URI: give --uri"),
])
def test_a_bad_uri_is_bad_input(uri, expected):
    with pytest.raises(InputError, match=expected) as info:
        open_driver(uri, user="neo4j", password=SECRET)
    assert SECRET not in str(info.value) and info.value.exit_code == 2


def test_a_query_the_server_rejects_names_its_code(neo4j_server, neo4j_driver, monkeypatch):
    store = Neo4jStore(neo4j_driver, location=neo4j_server.uri)
    monkeypatch.setattr(store_module.cypher, "READ_ACCOUNT", "MATCH (a:Account RETURN a")
    with pytest.raises(StoreError) as info:
        store.load("any")
    message = str(info.value)
    assert message.startswith(f"Neo4j at {neo4j_server.uri} rejected the query "
                              "(Neo.ClientError.Statement.SyntaxError): ")
    assert "\n" not in message and type(info.value) is StoreError


def test_a_database_that_does_not_exist(neo4j_server):
    password = neo4j_server.auth[1] if neo4j_server.auth else None
    with connect(neo4j_server.uri, user="neo4j", password=password,
                 database="no-such-db") as store, pytest.raises(StoreError) as info:
        store.list_accounts()
    assert "has no database 'no-such-db' (Neo.ClientError.Database.DatabaseNotFound)" in str(
        info.value)


# --- the same failures through the installed kam ----------------------------------------------


def test_kam_errors_are_distinct_lines_with_their_exit_codes(neo4j_server, refusing_server):
    real_password = neo4j_server.auth[1] if neo4j_server.auth else SECRET
    down = run_kam("accounts", env={"KAM_NEO4J_URI": f"bolt://127.0.0.1:{free_port()}",
                                    "KAM_NEO4J_PASSWORD": SECRET})
    refused = run_kam("pull", "acme", "-o", "-", "--user", "kam",
                      env={"KAM_NEO4J_URI": refusing_server.uri, "KAM_NEO4J_PASSWORD": SECRET})
    bad_uri = run_kam("accounts", "--uri", f"bolt://kam:{SECRET}@db:7687",
                      env={"KAM_NEO4J_PASSWORD": SECRET})
    rejected = run_kam("accounts", "--database", "no-such-db",
                       env={"KAM_NEO4J_URI": neo4j_server.uri,
                            "KAM_NEO4J_PASSWORD": real_password})
    lines = [
        assert_one_line(down, 3, "cannot reach Neo4j at bolt://127.0.0.1:"),
        assert_one_line(refused, 3, "refused the login for user 'kam'"),
        assert_one_line(bad_uri, 2, "must not hold a user name or password"),
        assert_one_line(rejected, 3, "has no database 'no-such-db'", secret=real_password),
    ]
    assert len(set(lines)) == 4
    assert all(r.stdout == "" for r in (down, refused, bad_uri, rejected))


def test_kam_without_a_uri_is_a_usage_error():
    result = run_kam("accounts", env={})
    assert_one_line(result, 2, "no Neo4j URI: give --uri")


# --- nothing half-written -------------------------------------------------------------------


@pytest.fixture
def account_id(neo4j_driver):
    account = f"fault-{uuid.uuid4().hex[:10]}"
    yield account
    with neo4j_driver.session() as session:
        session.run("MATCH (n:Stakeholder|TeamMember {account: $a}) DETACH DELETE n",
                    a=account).consume()
        session.run("MATCH (a:Account {id: $a}) DETACH DELETE a", a=account).consume()


def _snapshot(driver, account: str) -> dict:
    """What the database holds for the account, counted and keyed."""
    with driver.session() as session:
        people = session.run("MATCH (s:Stakeholder {account: $a}) RETURN s.id AS id, "
                             "s.name AS name ORDER BY id", a=account).values()
        links = session.run("MATCH (u {account: $a})-[r]->(v {account: $a}) "
                            "RETURN type(r), u.id, v.id, r.strength ORDER BY type(r), u.id, "
                            "v.id", a=account).values()
        revision = session.run("MATCH (a:Account {id: $a}) RETURN a.revision", a=account
                               ).values()
    return {"people": people, "links": links, "revision": revision}


def _old_and_new(account: str, people: int = 1_500):
    """Two versions of a big account (several UNWIND batches each), old one saved first."""
    old = generate_account(people, seed=1, account_id=account)
    new = generate_account(people, seed=2, account_id=account)
    for person in new.stakeholders:
        person.name += " (new)"
    return old, new


def test_a_save_that_fails_inside_its_transaction_changes_nothing(neo4j_driver, account_id,
                                                                  monkeypatch):
    store = Neo4jStore(neo4j_driver)
    old, new = _old_and_new(account_id)
    saved = store.save(old)
    before = _snapshot(neo4j_driver, account_id)
    # The people are written (two batches); then the server refuses the coverage statement.
    monkeypatch.setattr(store_module.cypher, "MERGE_COVERAGE",
                        "UNWIND $rows AS row RETURN row.props.strength / 0 AS boom")
    with pytest.raises(StoreError, match="Neo.ClientError.Statement.ArithmeticError"):
        store.save(new.with_revision(saved.revision))
    assert _snapshot(neo4j_driver, account_id) == before
    monkeypatch.undo()
    assert store.load(account_id) == saved


def test_a_transient_error_is_retried_without_duplicates(neo4j_driver, account_id,
                                                         monkeypatch):
    store = Neo4jStore(neo4j_driver)
    old, new = _old_and_new(account_id)
    saved = store.save(old)
    real_unwind, calls = store_module._unwind, []

    def flaky_unwind(tx, query, params, rows):
        real_unwind(tx, query, params, rows)
        calls.append(query)
        people = store_module.cypher.MERGE_STAKEHOLDERS
        if query == people and calls.count(people) == 1:  # written; then a deadlock
            raise neo4j.exceptions.Neo4jError._hydrate_neo4j(
                code="Neo.TransientError.Transaction.DeadlockDetected",
                message="ForsetiClient can't acquire ExclusiveLock")

    monkeypatch.setattr(store_module, "_unwind", flaky_unwind)
    resaved = store.save(new.with_revision(saved.revision))
    assert calls.count(store_module.cypher.MERGE_STAKEHOLDERS) == 2  # ran twice
    assert resaved.revision == saved.revision + 1
    after = _snapshot(neo4j_driver, account_id)
    assert len(after["people"]) == len(new.stakeholders)
    assert len(after["links"]) == len(new.relationships) + len(new.coverage)
    assert after["revision"] == [[saved.revision + 1]]
    assert store.load(account_id) == resaved


def test_a_save_whose_commit_was_not_acknowledged_is_not_applied_twice(neo4j_driver,
                                                                        account_id):
    store = Neo4jStore(neo4j_driver)
    old, new = _old_and_new(account_id, people=60)
    saved = store.save(old)
    pending = new.with_revision(saved.revision)
    rows, token = store_module._save_rows(pending), uuid.uuid4().hex
    with neo4j_driver.session() as session:
        first = session.execute_write(store_module._write_map, pending, rows, token, "here")
        once = _snapshot(neo4j_driver, account_id)
        # the driver runs the unit of work again, as after a lost acknowledgement
        again = session.execute_write(store_module._write_map, pending, rows, token, "here")
    assert first == again == saved.revision + 1
    assert _snapshot(neo4j_driver, account_id) == once


class CuttingProxy:
    """Forwards TCP to the server until ``cut_after`` bytes came from the client; then
    drops every connection and refuses new ones (a network failure, from both sides)."""

    def __init__(self, target_uri: str, cut_after: int):
        host, port = target_uri.rsplit("//", 1)[1].rsplit(":", 1)
        self.target = (host, int(port))
        self.cut_after = cut_after
        self.sent = 0
        self.cut = threading.Event()
        self.sockets: list[socket.socket] = []
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.uri = f"bolt://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.cut.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            self.sockets += [client, server]
            threading.Thread(target=self._pipe, args=(client, server, True), daemon=True
                             ).start()
            threading.Thread(target=self._pipe, args=(server, client, False), daemon=True
                             ).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, upstream: bool) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
                if upstream:
                    self.sent += len(data)
                    if self.sent >= self.cut_after:
                        self.close()
        except OSError:
            pass

    def close(self) -> None:
        self.cut.set()
        self.listener.close()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


def test_a_connection_cut_in_the_middle_of_a_push_leaves_the_old_account(
        neo4j_server, neo4j_driver, account_id):
    old, new = _old_and_new(account_id, people=3_000)
    saved = Neo4jStore(neo4j_driver).save(old)
    before = _snapshot(neo4j_driver, account_id)
    payload = len(dumps_map(new).encode())
    proxy = CuttingProxy(neo4j_server.uri, cut_after=payload // 3)  # well inside the rows
    driver = neo4j.GraphDatabase.driver(proxy.uri, auth=neo4j_server.auth,
                                        max_transaction_retry_time=2)
    try:
        with pytest.raises(StoreUnavailable, match="cannot reach Neo4j"):
            Neo4jStore(driver, location=proxy.uri).save(new.with_revision(saved.revision))
    finally:
        driver.close()
        proxy.close()
    assert proxy.cut.is_set() and proxy.sent < payload  # cut before the rows were all sent
    assert _snapshot(neo4j_driver, account_id) == before  # fully old
    # and the push goes through once the network is back
    resaved = Neo4jStore(neo4j_driver).save(new.with_revision(saved.revision))
    assert Neo4jStore(neo4j_driver).load(account_id) == resaved


def test_stopping_the_server_during_kam_push_is_one_line_and_exit_3(tmp_path):
    """A private server, so the shared one keeps running. Its data goes with it (the test
    server keeps no data after it stops), so the state of the account is checked by the
    tests above; this one checks what the user sees."""
    _, new = _old_and_new("fault-stop", people=4_000)
    path = tmp_path / "big.kam.json"
    path.write_text(dumps_map(new), encoding="utf-8")
    server = Neo4jServer(java_opts=("-Xmx384m", "-XX:+ExitOnOutOfMemoryError"))
    server.start()
    try:
        push = subprocess.Popen(
            [*KAM, "push", str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, env={k: v for k, v in os.environ.items()
                            if not k.startswith("KAM_NEO4J_")}
            | {"KAM_NEO4J_URI": server.uri, "KAM_NEO4J_PASSWORD": SECRET})
        _wait_for_a_write(server.uri, push)
        server.stop()
        out, err = push.communicate(timeout=240)
    finally:
        server.stop()
    result = subprocess.CompletedProcess(push.args, push.returncode, out, err)
    assert_one_line(result, 3, f"cannot reach Neo4j at {server.uri}")
    assert "pushed" not in out


def _wait_for_a_write(uri: str, push: subprocess.Popen, timeout: float = 120) -> None:
    """Until the push's transaction holds locks on hundreds of rows it has written."""
    deadline = time.monotonic() + timeout
    with neo4j.GraphDatabase.driver(uri) as driver:
        while time.monotonic() < deadline:
            assert push.poll() is None, push.communicate()
            records, _, _ = driver.execute_query(
                "SHOW TRANSACTIONS YIELD metaData, activeLockCount "
                "WHERE metaData.app = 'graphlib_kam' AND activeLockCount > 500 "
                "RETURN count(*) AS n")
            if records[0]["n"]:
                return
            time.sleep(0.02)
    raise AssertionError("the push never started writing")
