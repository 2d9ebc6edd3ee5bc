"""The Cypher export: literals that read back exactly, and a script that recreates the map
in a real Neo4j so that the Neo4j store loads the same map."""

from __future__ import annotations

import json

import pytest

from graphlib_kam.errors import InputError
from graphlib_kam.store import load_map
from graphlib_kam.store.cypher import cypher_identifier, cypher_literal, cypher_script
from tests.hostile_map import NAMES, hostile_map

HOSTILE_VALUES = [*NAMES, "back\\slash", "quote ' and \" both", "\\'", "/* c */ // c",
                  "}) DETACH DELETE (n", "\u2028\u2029\ufeff", "tab\there", "", "ünïcödé 🙂"]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_string_literals_stay_on_one_line(value):
    literal = cypher_literal(value)
    assert literal.startswith("'") and literal.endswith("'")
    assert "\n" not in literal and "\r" not in literal and "\u2028" not in literal
    body = literal[1:-1].replace("\\\\", "")
    assert "'" not in body.replace("\\'", ""), "every quote inside is escaped"


def test_literals_of_every_type():
    assert cypher_literal(None) == "null"
    assert cypher_literal([1, 2.5, True, "x"]) == "[1, 2.5, true, 'x']"
    assert cypher_literal({"a": 1, "b c": None}) == "{a: 1, `b c`: null}"
    assert cypher_identifier("x`y") == "`x``y`"
    with pytest.raises(InputError):
        cypher_literal(float("nan"))
    with pytest.raises(InputError):
        cypher_literal(object())


def test_script_has_one_statement_per_line(example_path):
    script = cypher_script(load_map(example_path))
    for line in script.splitlines():
        assert line.startswith("//") or line.endswith(";"), line[:80]


def _statements(script: str) -> list[str]:
    return [line.removesuffix(";") for line in script.split("\n")
            if line and not line.startswith("//")]


def _run_script(driver, script: str) -> None:
    with driver.session() as session:
        for statement in _statements(script):
            session.run(statement).consume()


@pytest.mark.neo4j
def test_literals_read_back_exactly_in_neo4j(neo4j_driver):
    with neo4j_driver.session() as session:
        for value in HOSTILE_VALUES:
            got = session.run(f"RETURN {cypher_literal(value)} AS v").single()["v"]
            assert got == value
        nested = {"list": ["a", 1, 0.25, None], "王": "伟"}
        assert session.run(f"RETURN {cypher_literal(nested)} AS v").single()["v"] == nested


@pytest.mark.neo4j
@pytest.mark.parametrize("which", ["example", "hostile"])
def test_script_recreates_the_map_the_store_loads(neo4j_driver, example_path, which):
    from graphlib_kam.store.neo4j import Neo4jStore

    amap = load_map(example_path) if which == "example" else hostile_map()
    if which == "hostile":
        amap.extra["custom"] = {"nested": ["x", 1]}
        amap.stakeholders[0].extra["crm_id"] = "=cmd|' /C calc'!A0"
    _run_script(neo4j_driver, cypher_script(amap))
    _run_script(neo4j_driver, cypher_script(amap))  # running it twice changes nothing
    loaded = Neo4jStore(neo4j_driver).load(amap.account.id)
    assert json.dumps(loaded.to_dict(), sort_keys=True, default=str) == \
        json.dumps(amap.to_dict(), sort_keys=True, default=str)
    with neo4j_driver.session() as session:
        count = session.run("MATCH (s:Stakeholder {account: $a}) RETURN count(s) AS n",
                            a=amap.account.id).single()["n"]
    assert count == len(amap.stakeholders)
