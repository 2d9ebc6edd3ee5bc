"""The portfolio on Apache Spark: a local Spark session (``local[2]``), rows equal to the
local engine's for map files, maps, a Neo4j store and Parquet tables, and kam portfolio
--engine spark.

PySpark is the optional ``spark`` extra; ``make test`` installs it, so these tests run in
CI. They are skipped only where it (or Java) is absent, and say so.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from graphlib_kam.errors import InputError
from graphlib_kam.model.synthetic import generate_account
from graphlib_kam.settings import Settings
from graphlib_kam.store import FileStore, dumps_map
from graphlib_kam.store.neo4j import Neo4jStore
from graphlib_kam.workflows.portfolio import portfolio_rows
from tests.conftest import example_paths

pytest.importorskip("pyspark", reason="PySpark (the optional spark extra) is not installed")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java, and there is no java on PATH", allow_module_level=True)

from graphlib_kam.workflows.spark import (  # noqa: E402 - after the skips
    spark_portfolio_rows,
    spark_session,
    write_parquet_tables,
)

KAM = Path(sys.executable).with_name("kam")
SETTINGS = Settings(as_of=dt.date(2026, 12, 1))


@pytest.fixture(scope="module")
def spark():
    with spark_session("local[2]", app_name="kam tests") as session:
        yield session


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The examples, 12 synthetic accounts and one file that is not a map."""
    out = tmp_path_factory.mktemp("portfolio")
    for path in example_paths():
        shutil.copy(path, out / path.name)
    for i in range(12):
        amap = generate_account(10 + 3 * i, seed=i, account_id=f"synthetic-{i:02d}")
        (out / f"synthetic-{i:02d}.kam.json").write_text(dumps_map(amap), "utf-8")
    (out / "broken.kam.json").write_text('{"schema": "kam/1", "account": ', "utf-8")
    return out


def test_rows_from_map_files_equal_the_local_engine(spark, folder):
    rows = spark_portfolio_rows(folder, settings=SETTINGS, spark=spark)
    expected = portfolio_rows(folder, settings=SETTINGS, workers=1)
    assert rows == expected
    assert rows[0]["error"] and rows[0]["location"].endswith("broken.kam.json")
    assert len(rows) == len(example_paths()) + 13


def test_rows_from_maps_in_chinese_equal_the_local_engine(spark, folder):
    store = FileStore(folder)
    maps = [store.load(info.id) for info in store.list_accounts()]
    rows = spark_portfolio_rows(maps, settings=SETTINGS, lang="zh", spark=spark)
    assert rows == portfolio_rows(maps, settings=SETTINGS, workers=1, lang="zh")


def test_parquet_tables_give_the_rows_of_the_maps_they_were_written_from(spark, folder,
                                                                         tmp_path):
    store = FileStore(folder)
    maps = [store.load(info.id) for info in store.list_accounts()]
    write_parquet_tables(maps, tmp_path / "tables")
    assert (tmp_path / "tables" / "stakeholders.parquet").is_file()
    rows = spark_portfolio_rows(tmp_path / "tables", tables=True, settings=SETTINGS,
                                spark=spark)
    expected = portfolio_rows(maps, settings=SETTINGS, workers=1)
    assert [r | {"location": ""} for r in rows] == expected
    assert {r["location"] for r in rows} == {f"tables: {m.account.id}" for m in maps}


def test_a_folder_without_the_stakeholder_table_is_refused(spark, tmp_path):
    write_parquet_tables([generate_account(5, seed=1, account_id="a")], tmp_path)
    (tmp_path / "stakeholders.parquet").unlink()
    with pytest.raises(InputError, match=r"stakeholders\.parquet: missing"):
        spark_portfolio_rows(tmp_path, tables=True, settings=SETTINGS, spark=spark)


def test_rows_from_neo4j_equal_the_local_engine(spark, neo4j_driver, neo4j_server):
    prefix = f"spark-{uuid.uuid4().hex[:8]}-"
    store = Neo4jStore(neo4j_driver, location=neo4j_server.uri)
    saved = [store.save(generate_account(8 + i, seed=50 + i, account_id=f"{prefix}{i}"))
             for i in range(4)]
    try:
        rows = spark_portfolio_rows(store, settings=SETTINGS, spark=spark)
        expected = portfolio_rows(store, settings=SETTINGS, workers=1)
        assert rows == expected
        assert {m.account.id for m in saved} <= {r["id"] for r in rows}
    finally:
        for amap in saved:
            store.delete(amap.account.id)


def test_kam_portfolio_engine_spark_prints_the_local_engines_json(folder):
    def run(*extra):
        done = subprocess.run(
            [str(KAM), "portfolio", str(folder),
             "--format", "json", "--as-of", "2026-12-01", *extra],
            capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    assert run("--engine", "spark", "--spark-master", "local[2]") == run("--workers", "1")


def test_spark_options_without_the_spark_engine_are_refused(folder):
    done = subprocess.run(
        [str(KAM), "portfolio", str(folder), "--tables"],
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "--tables needs --engine spark" in done.stderr
    assert "Traceback" not in done.stderr
