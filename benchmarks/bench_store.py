"""Benchmark: push and pull of many accounts to Neo4j, batched against one MERGE per row.

Starts the test Neo4j of ``tests/neo4j_server`` (or uses ``KAM_NEO4J_URI`` with
``KAM_NEO4J_USER`` / ``KAM_NEO4J_PASSWORD``) and, for synthetic accounts of 40
stakeholders (``generate_account``, fixed seeds), times

* **batched push**: :meth:`Neo4jStore.save` per account — one write transaction that
  writes each kind of row with ``UNWIND $rows`` (what ``kam push`` does);
* **pull**: :meth:`Neo4jStore.load` per account;
* **naive, one transaction per account**: the same graph, one ``MERGE`` statement per row
  inside one transaction per account;
* **naive, auto-commit per row**: one ``MERGE`` per row, each its own transaction
  (``session.run`` in a loop: the code one writes first);

and prints a Markdown table of rows per second (a row is a node or a relationship). The
naive runs write a sample of the accounts (``--naive-accounts``); their rate is what
counts. Every method first runs on 1,000 warm-up accounts (removed again): a fresh server's
JVM takes that long to compile its hot paths, and the first method timed would pay for
it. Run with ``make bench`` or ``python benchmarks/bench_store.py [--accounts N]``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from pathlib import Path

import neo4j

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.neo4j_server

from graphlib_kam.model import AccountMap  # noqa: E402
from graphlib_kam.model.synthetic import generate_account  # noqa: E402
from graphlib_kam.store import cypher  # noqa: E402
from graphlib_kam.store.neo4j import Neo4jStore, _row_maps, _save_rows  # noqa: E402

PREFIX = "bench-store-"
WARM_UP = 1_000  # accounts; see the docstring


@contextlib.contextmanager
def neo4j_server():
    """(uri, auth) of KAM_NEO4J_URI, else of a test server started for the run."""
    uri = os.environ.get("KAM_NEO4J_URI")
    if uri:
        password = os.environ.get("KAM_NEO4J_PASSWORD")
        user = os.environ.get("KAM_NEO4J_USER") or "neo4j"
        yield uri, (user, password) if password is not None else None
        return
    from tests.neo4j_server.server import Neo4jServer

    with Neo4jServer() as server:
        yield server.uri, server.auth


def rows_of(amap: AccountMap) -> int:
    """Nodes and relationships of the account in the graph."""
    return (1 + len(amap.stakeholders) + len(amap.team) + len(amap.relationships)
            + len(amap.coverage))


def naive_statements(amap: AccountMap) -> list[tuple[str, dict]]:
    """One MERGE per row, writing the same graph as a save."""
    packed = _save_rows(amap)  # lists; the naive statements take maps, as the store once did
    account = amap.account.id
    rows = {
        "account": packed["account"],
        "stakeholders": _row_maps(packed["stakeholders"], cypher.STAKEHOLDER_COLUMNS, account),
        "team": _row_maps(packed["team"], cypher.TEAM_COLUMNS, account),
        "links": {t: _row_maps(r, cypher.LINK_COLUMNS, props_from=2)
                  for t, r in packed["links"].items()},
        "coverage": _row_maps(packed["coverage"], cypher.COVERAGE_COLUMNS, props_from=2),
    }
    out = [("MERGE (a:Account {id: $account}) SET a += $props",
            {"account": account, "props": dict(rows["account"], revision=amap.revision)})]
    out += [("MERGE (s:Stakeholder {account: $account, id: $id}) SET s = $row",
             {"account": account, "id": row["id"], "row": row}) for row in rows["stakeholders"]]
    out += [("MERGE (t:TeamMember {account: $account, id: $id}) SET t = $row",
             {"account": account, "id": row["id"], "row": row}) for row in rows["team"]]
    for rel_type, link_rows in rows["links"].items():
        out += [(f"MATCH (u:Stakeholder {{account: $account, id: $source}}) "
                 f"MATCH (v:Stakeholder {{account: $account, id: $target}}) "
                 f"MERGE (u)-[r:{rel_type}]->(v) SET r = $props",
                 {"account": account, **row}) for row in link_rows]
    out += [("MATCH (t:TeamMember {account: $account, id: $member}) "
             "MATCH (s:Stakeholder {account: $account, id: $stakeholder}) "
             "MERGE (t)-[r:COVERS]->(s) SET r = $props",
             {"account": account, **row}) for row in rows["coverage"]]
    return out


def naive_in_one_transaction(driver: neo4j.Driver, amap: AccountMap) -> None:
    def work(tx):
        for query, params in naive_statements(amap):
            tx.run(query, params).consume()

    with driver.session() as session:
        session.execute_write(work)


def naive_auto_commit(driver: neo4j.Driver, amap: AccountMap) -> None:
    with driver.session() as session:
        for query, params in naive_statements(amap):
            session.run(query, params).consume()


def clean(driver: neo4j.Driver) -> None:
    with driver.session() as session:
        for label in ("Stakeholder", "TeamMember"):
            while session.run(
                    f"MATCH (n:{label}) WHERE n.account STARTS WITH $p WITH n LIMIT 5000 "
                    "DETACH DELETE n RETURN count(*) AS n", p=PREFIX).single()["n"]:
                pass
        session.run("MATCH (a:Account) WHERE a.id STARTS WITH $p DETACH DELETE a",
                    p=PREFIX).consume()


def packing() -> str:
    """Whether the driver packs parameters in Rust (``pip install graphlib-kam[fast]``)."""
    try:
        from neo4j._codec.packstream import RUST_AVAILABLE
    except ImportError:  # a driver that no longer says
        return "unknown"
    return "Rust" if RUST_AVAILABLE else "pure-Python"


def warm_up(driver: neo4j.Driver, store: Neo4jStore, stakeholders: int) -> None:
    """Run every method a while first: a fresh JVM compiles its hot paths for minutes."""
    start = time.perf_counter()
    for i in range(WARM_UP):
        amap = generate_account(stakeholders, seed=10_000 + i, account_id=f"{PREFIX}warm-{i}")
        store.save(amap)
        store.load(amap.account.id)
        if i % 25 == 0:
            naive_in_one_transaction(driver, renamed(amap, f"{PREFIX}warm-tx-{i}"))
            naive_auto_commit(driver, renamed(amap, f"{PREFIX}warm-auto-{i}"))
    clean(driver)
    print(f"  warm-up: {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)


def renamed(amap: AccountMap, account_id: str) -> AccountMap:
    out = amap.copy()
    out.account.id = account_id
    return out


def timed(label: str, maps: list[AccountMap], fn) -> tuple[str, int, int, float]:
    start = time.perf_counter()
    for amap in maps:
        fn(amap)
    seconds = time.perf_counter() - start
    print(f"  {label}: {len(maps):,} accounts in {seconds:.1f} s", file=sys.stderr, flush=True)
    return label, len(maps), sum(rows_of(m) for m in maps), seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1_000)
    parser.add_argument("--stakeholders", type=int, default=40)
    parser.add_argument("--naive-accounts", type=int, default=50,
                        help="accounts written by each naive baseline (default 50)")
    args = parser.parse_args(argv)
    maps = [generate_account(args.stakeholders, seed=i, account_id=f"{PREFIX}{i:05d}")
            for i in range(args.accounts)]
    sample = maps[:args.naive_accounts]
    naive_one = [renamed(m, f"{PREFIX}naive-tx-{i}") for i, m in enumerate(sample)]
    naive_auto = [renamed(m, f"{PREFIX}naive-auto-{i}") for i, m in enumerate(sample)]
    relationships = sum(len(m.relationships) + len(m.coverage) for m in maps)
    print(f"{args.accounts:,} accounts × {args.stakeholders} stakeholders: "
          f"{sum(rows_of(m) for m in maps):,} rows, {relationships:,} relationships",
          file=sys.stderr)
    with neo4j_server() as (uri, auth), neo4j.GraphDatabase.driver(uri, auth=auth) as driver:
        clean(driver)
        store = Neo4jStore(driver, location=uri)
        store.ensure_schema()
        try:
            warm_up(driver, store, args.stakeholders)
            results = [
                timed("batched push (UNWIND, one transaction per account)", maps, store.save),
                timed("pull (load)", maps, lambda m: store.load(m.account.id)),
                timed("naive push: one MERGE per row, one transaction per account",
                      naive_one, lambda m: naive_in_one_transaction(driver, m)),
                timed("naive push: one MERGE per row, auto-commit per row", naive_auto,
                      lambda m: naive_auto_commit(driver, m)),
            ]
            for amap in maps[:20]:  # the pushed graph is the map
                assert store.load(amap.account.id) == amap
        finally:
            clean(driver)
    batched_rate = results[0][2] / results[0][3]
    print(f"Neo4j store: {args.accounts:,} accounts × {args.stakeholders} stakeholders "
          f"({relationships:,} relationships), Neo4j 5.26 on 127.0.0.1, driver "
          f"{neo4j.__version__} ({packing()} packing of parameters)\n")
    print("| operation | accounts | rows | seconds | rows/s | batched push ÷ this |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, accounts, rows, seconds in results:
        rate = rows / seconds
        print(f"| {label} | {accounts:,} | {rows:,} | {seconds:,.1f} | {rate:,.0f} "
              f"| {batched_rate / rate:,.1f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
