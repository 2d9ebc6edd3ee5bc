"""pytest fixtures for a real Neo4j 5 server.

``tests/conftest.py`` imports them (``from tests.neo4j_server.fixtures import neo4j_server,
neo4j_driver``); they also load as a plugin: ``pytest -p tests.neo4j_server.fixtures``.

* ``KAM_NEO4J_URI`` set: use that server, with ``KAM_NEO4J_USER`` (default ``neo4j``) and
  ``KAM_NEO4J_PASSWORD`` (no password: no authentication).
* otherwise: build (first time: ``mvn package`` in this folder) and start the local server
  once per test session and stop it at the end.

Nothing here skips: a missing ``java``/``mvn``, a failed build or an unreachable server makes
the tests that use these fixtures error out with the reason.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.neo4j_server.server import Neo4jServer, Neo4jServerError

__all__ = ["ExternalNeo4j", "neo4j_server", "neo4j_driver"]


@dataclass(frozen=True)
class ExternalNeo4j:
    """A server we did not start (KAM_NEO4J_URI)."""

    uri: str
    auth: tuple[str, str] | None


def _external_from_env() -> ExternalNeo4j | None:
    uri = os.environ.get("KAM_NEO4J_URI", "").strip()
    if not uri:
        return None
    password = os.environ.get("KAM_NEO4J_PASSWORD")
    user = os.environ.get("KAM_NEO4J_USER") or "neo4j"
    return ExternalNeo4j(uri=uri, auth=(user, password) if password is not None else None)


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jServer | ExternalNeo4j]:
    """A reachable Neo4j 5 server: ``.uri`` and ``.auth`` (for ``GraphDatabase.driver``)."""
    external = _external_from_env()
    if external is not None:
        yield external
        return
    server = Neo4jServer()
    error = None
    try:
        server.start()
    except Neo4jServerError as exc:
        error = str(exc)
    if error is not None:  # outside the except block: no chained traceback in the report
        pytest.fail(f"could not start the local Neo4j test server:\n{error}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def neo4j_driver(neo4j_server):
    """A ``neo4j.Driver`` connected to ``neo4j_server``; closed after the test."""
    from neo4j import GraphDatabase

    driver = GraphDatabase.driver(neo4j_server.uri, auth=neo4j_server.auth)
    try:
        error = None
        try:
            driver.verify_connectivity()
        except Exception as exc:  # noqa: BLE001 - reported as a failure, never a skip
            error = repr(exc)
        if error is not None:
            pytest.fail(f"Neo4j at {neo4j_server.uri} is not reachable: {error}", pytrace=False)
        yield driver
    finally:
        driver.close()
