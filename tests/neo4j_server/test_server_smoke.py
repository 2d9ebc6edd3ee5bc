"""The real Neo4j server round-trips awkward parameters exactly."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.neo4j

TRICKY_NAME = 'O\'Brien `x` "q" 采购委员会 决策者'
FLOAT = 0.123456789012


def _big_string() -> str:
    unit = "kam-10k 'quote' `tick` 中文 ü\n"
    text = (unit * (10_240 // len(unit) + 1))[:10_240]
    assert len(text) == 10_240
    return text


def test_parameterised_write_read_round_trip(neo4j_driver):
    token = uuid.uuid4().hex  # only ever touch this test's own nodes (the server may be shared)
    big = _big_string()
    try:
        with neo4j_driver.session() as session:
            created = session.execute_write(
                lambda tx: tx.run(
                    "CREATE (n:Smoke {name: $name, token: $token, score: $score, blob: $blob}) "
                    "RETURN n.name AS name",
                    name=TRICKY_NAME,
                    token=token,
                    score=FLOAT,
                    blob=big,
                ).single(strict=True)["name"]
            )
            assert created == TRICKY_NAME

            record = session.execute_read(
                lambda tx: tx.run(
                    "MATCH (n:Smoke {token: $token}) "
                    "RETURN n.name AS name, n.score AS score, n.blob AS blob, count(*) AS c",
                    token=token,
                ).single(strict=True)
            )
        assert record["c"] == 1
        assert record["name"] == TRICKY_NAME
        assert isinstance(record["score"], float) and record["score"] == FLOAT
        assert record["blob"] == big

        # the name is also matchable as a parameter (no quoting issues in the query text)
        records, _, _ = neo4j_driver.execute_query(
            "MATCH (n:Smoke {name: $name, token: $token}) RETURN n.name AS name",
            name=TRICKY_NAME,
            token=token,
        )
        assert [r["name"] for r in records] == [TRICKY_NAME]
    finally:
        neo4j_driver.execute_query("MATCH (n:Smoke {token: $token}) DETACH DELETE n", token=token)

    records, _, _ = neo4j_driver.execute_query(
        "MATCH (n:Smoke {token: $token}) RETURN count(n) AS c", token=token
    )
    assert records[0]["c"] == 0
