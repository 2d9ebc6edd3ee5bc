"""The portfolio: one row per account — coverage score, support, high-severity gaps, the top gap.

:func:`portfolio_rows` analyses every account of a store (a folder of map files or a
Neo4j database) or a list of maps, in worker processes, and returns plain rows sorted
worst first. The per-account work is the coverage score and the gaps of
:mod:`graphlib_kam.algorithms`, on one
:class:`~graphlib_kam.algorithms.context.AnalysisContext` (the array kernel, one influence
rank, no networkx graph); no plan is built.

Two cores give only about 1.15× the throughput of one (DESIGN), so the work sent to a
worker is kept lean: a worker reads map files itself (parsing is part of the cost), the
accounts travel in chunks, and only the top gap is rendered.
"""

from __future__ import annotations

import concurrent.futures
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from graphlib_kam.algorithms.context import AnalysisContext
from graphlib_kam.algorithms.gaps import gaps_in_context
from graphlib_kam.errors import KamError
from graphlib_kam.model import AccountMap
from graphlib_kam.settings import DEFAULT_SETTINGS, Settings
from graphlib_kam.store.base import Store
from graphlib_kam.store.file import FileStore, load_map

__all__ = ["PORTFOLIO_COLUMNS", "account_row", "at_risk", "deal_group", "error_row",
           "portfolio_rows", "row_or_error", "sort_worst_first"]

PORTFOLIO_COLUMNS = ("id", "name", "revision", "stakeholders", "score", "support", "high_gaps",
                     "gaps", "top_gap", "deal", "at_risk", "location", "error")
"""The keys of every row (``top_gap`` is a dict or None; ``error`` a text or None;
``deal`` the map's deal as kam/1 JSON or None; ``at_risk`` the amount at risk of an open
deal with an amount, else None)."""

_INLINE_BELOW = 16  # accounts: fewer than this are analysed in this process
_MAX_CHUNK = 64

Progress = Callable[[int, int], None]


def account_row(amap: AccountMap, *, settings: Settings = DEFAULT_SETTINGS,
                lang: str = "en", location: str = "") -> dict[str, Any]:
    """The portfolio row of one account.

    Parameters
    ----------
    amap : AccountMap
    settings : Settings, keyword-only
        Thresholds and ``as_of`` of the analysis.
    lang : {"en", "zh"}, keyword-only
        Language of the top gap's message and action.
    location : str, keyword-only
        Where the map came from (a file), for the row.

    Returns
    -------
    dict
        The keys of :data:`PORTFOLIO_COLUMNS`.

    Examples
    --------
    >>> import datetime
    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a", "name": "Acme"}, "team": [{"id": "t"}],
    ...     "stakeholders": [{"id": "x", "role": "decision-maker"}],
    ...     "coverage": [{"member": "t", "stakeholder": "x", "strength": 0.8,
    ...                   "last_contact": "2026-11-01"}]})
    >>> row = account_row(m, settings=Settings(as_of=datetime.date(2026, 11, 28)))
    >>> row["score"], row["support"], row["high_gaps"], row["top_gap"]["kind"]
    (80.0, 0.0, 1, 'single-threaded')
    """
    ctx = AnalysisContext(amap, settings)
    score, support = ctx.score, ctx.support
    gaps = gaps_in_context(ctx)
    top = None
    if gaps:
        full = gaps[0].to_dict(lang)
        top = {k: full[k] for k in ("kind", "severity", "stakeholder", "message", "action")}
    return {
        "id": amap.account.id,
        "name": amap.account.name or amap.account.id,
        "revision": amap.revision,
        "stakeholders": len(amap.stakeholders),
        "score": score,
        "support": support,
        "high_gaps": sum(1 for g in gaps if g.severity == "high"),
        "gaps": len(gaps),
        "top_gap": top,
        "deal": amap.deal.to_dict() if amap.deal else None,
        "at_risk": at_risk(amap, score),
        "location": location,
        "error": None,
    }


def at_risk(amap: AccountMap, score: float) -> float | None:
    """The amount at risk of an open deal: amount × (1 − score/100); None without one.

    >>> from graphlib_kam.model import Deal, parse_map
    >>> m = parse_map({"account": {"id": "a"}})
    >>> m.deal = Deal(amount=1000, status="open")
    >>> at_risk(m, 35.0), at_risk(m, 100.0)
    (650.0, 0.0)
    >>> m.deal.status = "won"; at_risk(m, 35.0) is None
    True
    """
    deal = amap.deal
    if deal is None or deal.closed or deal.amount is None:
        return None
    return round(deal.amount * (1 - score / 100), 2)


def deal_group(row: dict) -> str:
    """``"open"`` (an open deal, or none recorded), ``"won"`` or ``"lost"``.

    >>> deal_group({"deal": None}), deal_group({"deal": {"status": "won"}})
    ('open', 'won')
    """
    return (row.get("deal") or {}).get("status", "open")


def error_row(account_id: str, location: str, err: Exception) -> dict[str, Any]:
    """The row of an account that could not be read or analysed: ``error`` says why."""
    return {"id": account_id, "name": account_id, "revision": None, "stakeholders": None,
            "score": None, "support": None, "high_gaps": None, "gaps": None, "top_gap": None,
            "deal": None, "at_risk": None, "location": location, "error": str(err)}


def row_or_error(amap: AccountMap, settings: Settings, lang: str,
                 location: str) -> dict[str, Any]:
    """The account's row; an analysis that fails gives an error row, so that one account
    cannot stop the whole portfolio (and the worker pool with it)."""
    try:
        return account_row(amap, settings=settings, lang=lang, location=location)
    except Exception as err:  # noqa: BLE001 - reported in the account's row
        return error_row(amap.account.id, location, RuntimeError(
            f"{location or amap.account.id}: the analysis failed: "
            f"{type(err).__name__}: {err}"))


def _rows_from_paths(paths: list[str], settings: Settings, lang: str) -> list[dict]:
    rows = []
    for path in paths:
        try:
            amap = load_map(path)
        except KamError as err:
            rows.append(error_row(Path(path).name, path, err))
            continue
        rows.append(row_or_error(amap, settings, lang, path))
    return rows


def _rows_from_maps(maps: list[AccountMap | tuple[str, str, KamError]], settings: Settings,
                    lang: str, location: str) -> list[dict]:
    return [row_or_error(m, settings, lang, location)
            if isinstance(m, AccountMap) else error_row(*m) for m in maps]


_GROUP_ORDER = {"open": 1, "won": 2, "lost": 3}


def _sort_key(row: dict) -> tuple:
    """Unreadable accounts first; then open deals (and accounts without one): the most
    amount at risk first, then most high gaps, lowest score; then won, then lost deals."""
    if row["error"]:
        return (0, 0, 0.0, 0, 0.0, row["id"])
    group = _GROUP_ORDER[deal_group(row)]
    risk = row["at_risk"]
    return (group, 0 if risk is not None else 1, -(risk or 0.0), -row["high_gaps"],
            row["score"], row["id"])


def _store_items(store: Store, infos: list) -> Iterator[AccountMap | tuple[str, str, KamError]]:
    location = getattr(store, "location", "")
    for info in infos:
        try:
            yield store.load(info.id)
        except KamError as err:
            if err.exit_code != 2:  # the store itself failed: stop, do not list it
                raise
            yield (info.id, location, err)


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def portfolio_rows(
    source: Store | Iterable[AccountMap] | str | os.PathLike,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    workers: int | None = None,
    progress: Progress | None = None,
    lang: str = "en",
) -> list[dict[str, Any]]:
    """One row per account (see :func:`account_row`), sorted worst first.

    Worst first means: accounts that could not be read (``error`` set); then open deals
    (and accounts that record no deal), the most amount at risk first, then the most
    high-severity gaps, the lowest coverage score, the account id; then won deals, then
    lost deals, each in that order too.

    Parameters
    ----------
    source : Store, iterable of AccountMap, or a folder
        A :class:`~graphlib_kam.store.FileStore` (its files are read in the workers), any
        other store (its accounts are loaded here, one by one, while the workers
        analyse), maps, or the path of a folder of map files.
    settings : Settings, keyword-only
    workers : int, optional, keyword-only
        Worker processes; default one per core. 1 (or a handful of accounts) analyses in
        this process.
    progress : callable, optional, keyword-only
        Called as ``progress(done, total)`` after each chunk of accounts.
    lang : {"en", "zh"}, keyword-only
        Language of the top gaps.

    Returns
    -------
    list of dict

    Raises
    ------
    NotFoundError
        A folder that does not exist.
    StoreError
        A store that fails while it is read.

    Examples
    --------
    >>> from graphlib_kam.model import parse_map
    >>> maps = [parse_map({"account": {"id": i}, "stakeholders": [{"id": "x"}]})
    ...         for i in ("b", "a")]
    >>> [r["id"] for r in portfolio_rows(maps, workers=1)]
    ['a', 'b']
    """
    if isinstance(source, (str, os.PathLike)):
        source = FileStore(source)
    workers = max(1, workers or os.cpu_count() or 1)
    if isinstance(source, FileStore):
        items: list | Iterator = [str(p) for p in source.paths()]
        job, extra = _rows_from_paths, (settings, lang)
        total = len(items)
    elif isinstance(source, Store):
        infos = source.list_accounts()
        items = _store_items(source, infos)
        job, extra = _rows_from_maps, (settings, lang, getattr(source, "location", ""))
        total = len(infos)
    else:
        items = list(source)
        job, extra = _rows_from_maps, (settings, lang, "")
        total = len(items)

    if workers == 1 or total < _INLINE_BELOW:
        rows = []
        for chunk in _chunks(items, _MAX_CHUNK):
            rows += job(chunk, *extra)
            if progress:
                progress(len(rows), total)
    else:
        size = max(1, min(_MAX_CHUNK, total // (workers * 8)))
        rows = _run_in_workers(job, extra, _chunks(items, size), workers, total, progress)
    return sort_worst_first(rows)


def sort_worst_first(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sort portfolio rows in place, worst first (see :func:`portfolio_rows`); return them."""
    rows.sort(key=_sort_key)
    return rows


def _run_in_workers(job, extra: tuple, chunks: Iterator[list], workers: int,
                    total: int, progress: Progress | None) -> list[dict]:
    rows: list[dict] = []
    pending: set[concurrent.futures.Future] = set()
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
        def collect(block: bool) -> None:
            nonlocal pending
            done, pending = concurrent.futures.wait(
                pending, timeout=None if block else 0,
                return_when=concurrent.futures.FIRST_COMPLETED)
            for future in done:
                rows.extend(future.result())
            if done and progress:
                progress(len(rows), total)

        try:
            for chunk in chunks:
                pending.add(pool.submit(job, chunk, *extra))
                # Keep a few chunks queued per worker; read on while they work.
                while len(pending) >= workers * 3:
                    collect(block=True)
                collect(block=False)
            while pending:
                collect(block=True)
        except BaseException:
            for future in pending:
                future.cancel()
            raise
    return rows
