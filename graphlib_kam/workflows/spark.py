"""The portfolio on Apache Spark, for a team whose accounts do not fit one machine.

:func:`spark_portfolio_rows` runs the per-account analysis of
:func:`graphlib_kam.workflows.portfolio.account_row` as
``groupBy("account").applyInPandas`` and returns exactly the rows of
:func:`~graphlib_kam.workflows.portfolio.portfolio_rows`, worst first. The accounts come
from

- a folder of map files (the executors read the files: the folder must be visible to
  them, as it is on one machine or a shared file system),
- any other store, a Neo4j database for one (the driver loads each map and ships its
  kam/1 text),
- or a folder of Parquet tables, one row per record with an ``account`` column
  (:data:`TABLES`; :func:`write_parquet_tables` writes them from maps).

Every input becomes one long table of ``(account, kind, payload)`` rows, so one function
analyses an account whatever its source. PySpark is an optional extra
(``pip install 'graphlib_kam[spark]'``); nothing else imports it. The executors run the
Python of ``PYSPARK_PYTHON``, which is set to this interpreter when it is unset.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from graphlib_kam.errors import InputError, KamError
from graphlib_kam.model import AccountMap, parse_map
from graphlib_kam.model.codec import dumps_map, loads_map
from graphlib_kam.settings import DEFAULT_SETTINGS, Settings
from graphlib_kam.store.base import Store
from graphlib_kam.store.file import FileStore, load_map
from graphlib_kam.workflows.portfolio import (
    PORTFOLIO_COLUMNS,
    error_row,
    row_or_error,
    sort_worst_first,
)

__all__ = ["DEFAULT_MASTER", "TABLES", "spark_portfolio_rows", "spark_session",
           "write_parquet_tables"]

DEFAULT_MASTER = "local[*]"
"""Spark's master when none is given: every core of this machine."""

TABLES = ("accounts", "team", "stakeholders", "relationships", "coverage", "activities")
"""The Parquet tables of a folder (``<name>.parquet``, a file or a folder of parts).

Each has an ``account`` column (the account id) and the fields of one kam/1 record as its
other columns: ``accounts`` the account's own fields plus ``revision`` and ``deal`` (the
deal as kam/1 JSON text); the others one record of the map's list of that name. Only
``accounts`` and ``stakeholders`` are required."""

_SECTIONS = TABLES[1:]
_ROW_SCHEMA = ("id string, name string, revision long, stakeholders long, score double, "
               "support double, high_gaps long, gaps long, top_gap string, deal string, "
               "at_risk double, location string, error string")
_JSON_COLUMNS = ("top_gap", "deal")
_INT_COLUMNS = ("revision", "stakeholders", "high_gaps", "gaps")


def _pyspark():
    try:
        import pyspark  # noqa: F401
        from pyspark.sql import SparkSession, functions
    except ImportError as err:
        raise InputError(
            "--engine spark needs PySpark: install the spark extra "
            "(pip install 'graphlib_kam[spark]') and Java 17 or newer") from err
    return SparkSession, functions


@contextlib.contextmanager
def spark_session(master: str = DEFAULT_MASTER, *, app_name: str = "kam portfolio"):
    """A Spark session for the portfolio, stopped on exit (an active session is reused
    and left running).

    ``PYSPARK_PYTHON`` is set to this interpreter when it is unset, so the executors run
    the Python that has graphlib_kam installed.
    """
    session_class, _ = _pyspark()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas",
                            category=FutureWarning)
    active = session_class.getActiveSession()
    if active is not None:
        yield active
        return
    builder = (session_class.builder.master(master).appName(app_name)
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "true")
               .config("spark.pyspark.python", os.environ["PYSPARK_PYTHON"])
               .config("spark.sql.execution.arrow.pyspark.enabled", "true"))
    if master.startswith("local"):
        builder = (builder.config("spark.driver.host", "127.0.0.1")
                   .config("spark.driver.bindAddress", "127.0.0.1"))
    try:
        spark = builder.getOrCreate()
    except Exception as err:  # noqa: BLE001 - Java missing, a bad master: one line
        raise InputError(f"Spark could not start ({master}): "
                         f"{str(err).strip().splitlines()[0] if str(err).strip() else err}"
                         ) from err
    spark.sparkContext.setLogLevel("ERROR")
    try:
        yield spark
    finally:
        spark.stop()


def spark_portfolio_rows(
    source: Store | Iterable[AccountMap] | str | os.PathLike,
    *,
    tables: bool = False,
    settings: Settings = DEFAULT_SETTINGS,
    lang: str = "en",
    spark: Any = None,
    master: str = DEFAULT_MASTER,
) -> list[dict[str, Any]]:
    """The portfolio rows of :func:`~graphlib_kam.workflows.portfolio.portfolio_rows`,
    computed on Spark.

    Parameters
    ----------
    source : Store, iterable of AccountMap, or a folder
        A folder of map files (read by the executors), a store or maps (loaded here and
        shipped as kam/1 text), or with ``tables`` a folder of Parquet tables.
    tables : bool, keyword-only
        ``source`` is a folder of the Parquet tables of :data:`TABLES`.
    settings : Settings, keyword-only
        ``as_of`` is fixed here (today when unset), so every executor analyses the same day.
    lang : {"en", "zh"}, keyword-only
    spark : SparkSession, optional, keyword-only
        A session to use; by default one is started on ``master`` and stopped after.
    master : str, keyword-only
        Spark's master URL when no session is given (default ``local[*]``).

    Returns
    -------
    list of dict
        The keys of :data:`~graphlib_kam.workflows.portfolio.PORTFOLIO_COLUMNS`, worst first.

    Raises
    ------
    InputError
        PySpark is not installed, Spark cannot start, or a table folder lacks a table.
    NotFoundError
        A folder that does not exist.
    """
    settings = settings.with_overrides(as_of=settings.today())
    if spark is None:
        with spark_session(master) as session:
            return spark_portfolio_rows(source, tables=tables, settings=settings,
                                        lang=lang, spark=session)
    _, functions = _pyspark()
    if tables:
        records = _table_records(spark, functions, Path(source))
    else:
        records = spark.createDataFrame(list(_records(source)),
                                        "account string, kind string, payload string")

    def analyse(pdf):  # runs on the executors, one account at a time
        return _rows_frame(_analyse_account(pdf, settings, lang))

    result = records.groupBy("account").applyInPandas(analyse, schema=_ROW_SCHEMA)
    return sort_worst_first([_row_from_spark(r.asDict()) for r in result.collect()])


def _records(source) -> Iterator[tuple[str, str, str]]:
    """``(account, kind, payload)`` of every account: a map file's path; or the JSON pair
    of the store's location and the kam/1 text ("map"), or the message ("error")."""
    if isinstance(source, (str, os.PathLike)):
        source = FileStore(source)
    if isinstance(source, FileStore):
        for path in source.paths():
            yield str(path), "path", str(path)
    elif isinstance(source, Store):
        location = getattr(source, "location", "")
        for info in source.list_accounts():
            try:
                yield info.id, "map", json.dumps([location, dumps_map(source.load(info.id))])
            except KamError as err:
                if err.exit_code != 2:  # the store itself failed: stop
                    raise
                yield info.id, "error", json.dumps([location, str(err)])
    else:
        for i, amap in enumerate(source):
            yield f"{i}:{amap.account.id}", "map", json.dumps(["", dumps_map(amap)])


def _table_records(spark, functions, folder: Path):
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder of Parquet tables "
                         f"(expected {', '.join(t + '.parquet' for t in TABLES)})")
    frames = []
    for name in TABLES:
        path = folder / f"{name}.parquet"
        if not path.exists():
            if name in ("accounts", "stakeholders"):
                raise InputError(f"{path}: missing; a folder of tables needs at least "
                                 "accounts.parquet and stakeholders.parquet")
            continue
        table = spark.read.parquet(str(path))
        if "account" not in table.columns:
            raise InputError(f"{path}: no 'account' column; every table names the "
                             "account of each row in a column 'account'")
        fields = [c for c in table.columns if c != "account"]
        payload = (functions.to_json(functions.struct(*fields)) if fields
                   else functions.lit("{}"))
        frames.append(table.select(functions.col("account").cast("string").alias("account"),
                                   functions.lit(name).alias("kind"),
                                   payload.alias("payload")))
    out = frames[0]
    for frame in frames[1:]:
        out = out.unionByName(frame)
    return out


def _analyse_account(pdf, settings: Settings, lang: str) -> list[dict[str, Any]]:
    """The row of the one account whose ``(account, kind, payload)`` rows are ``pdf``."""
    account = str(pdf["account"].iloc[0])
    kinds = list(pdf["kind"])
    payloads = list(pdf["payload"])
    if kinds[0] == "path":
        try:
            amap = load_map(payloads[0])
        except KamError as err:
            return [error_row(Path(payloads[0]).name, payloads[0], err)]
        return [row_or_error(amap, settings, lang, payloads[0])]
    if kinds[0] == "error":
        location, message = json.loads(payloads[0])
        return [error_row(account, location, KamError(message))]
    if kinds[0] == "map":
        location, text = json.loads(payloads[0])
        amap = loads_map(text, source=location or account)
        return [row_or_error(amap, settings, lang, location)]
    location = f"tables: {account}"
    try:
        amap = parse_map(_assemble(account, kinds, payloads), source=location)
    except KamError as err:
        return [error_row(account, location, err)]
    return [row_or_error(amap, settings, lang, location)]


def _assemble(account: str, kinds: list[str], payloads: list[str]) -> dict[str, Any]:
    """A kam/1 document from an account's table rows."""
    data: dict[str, Any] = {"schema": "kam/1", "account": {"id": account}}
    for kind, payload in zip(kinds, payloads):
        record = json.loads(payload)
        if kind == "accounts":
            if "revision" in record:
                data["revision"] = record.pop("revision")
            deal = record.pop("deal", None)
            if deal is not None:
                data["deal"] = json.loads(deal) if isinstance(deal, str) else deal
            data["account"].update(record)
            data["account"]["id"] = account
        else:
            data.setdefault(kind, []).append(record)
    return data


def _rows_frame(rows: list[dict[str, Any]]):
    import pandas as pd

    out = []
    for row in rows:
        row = dict(row)
        for key in _JSON_COLUMNS:
            if row[key] is not None:
                row[key] = json.dumps(row[key], ensure_ascii=False)
        out.append(row)
    frame = pd.DataFrame(out, columns=list(PORTFOLIO_COLUMNS))
    for key in _INT_COLUMNS:
        frame[key] = frame[key].astype("Int64")
    for key in ("score", "support", "at_risk"):
        frame[key] = frame[key].astype("float64")
    return frame


def _row_from_spark(row: dict[str, Any]) -> dict[str, Any]:
    out = {key: row[key] for key in PORTFOLIO_COLUMNS}
    for key in _JSON_COLUMNS:
        if out[key] is not None:
            out[key] = json.loads(out[key])
    return out


def write_parquet_tables(maps: Iterable[AccountMap], folder: str | os.PathLike) -> Path:
    """Write maps as the Parquet tables of :data:`TABLES` into ``folder`` (created).

    The tables are what a data platform would hold; :func:`spark_portfolio_rows` reads
    them back (``tables=True``) into the same maps. Uses pyarrow; no Spark needed.

    Returns
    -------
    Path
        The folder.
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as err:
        raise InputError("writing Parquet tables needs pyarrow: install the spark extra "
                         "(pip install 'graphlib_kam[spark]')") from err
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for amap in maps:
        data = json.loads(dumps_map(amap))
        account = data["account"]["id"]
        head = {"account": account, **{k: v for k, v in data["account"].items() if k != "id"},
                "revision": data.get("revision", 1)}
        if data.get("deal") is not None:
            head["deal"] = json.dumps(data["deal"], ensure_ascii=False)
        rows["accounts"].append(head)
        for name in _SECTIONS:
            rows[name] += [{"account": account, **record} for record in data.get(name) or []]
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for name, records in rows.items():
        if not records and name not in ("accounts", "stakeholders"):
            continue
        # Every key of every record is a column (from_pylist alone keeps the first
        # record's keys only); a record without a key has null there.
        columns = list(dict.fromkeys(key for record in records for key in record))
        try:
            table = pa.table({key: [record.get(key) for record in records]
                              for key in columns}) if records else pa.table(
                {"account": pa.array([], pa.string())})
        except (pa.ArrowInvalid, pa.ArrowTypeError) as err:
            raise InputError(f"{name}.parquet: the records do not fit one table: {err}") \
                from err
        pq.write_table(table, out / f"{name}.parquet")
    return out
