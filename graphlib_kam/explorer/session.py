"""What the explorer does besides drawing widgets: open, analyse, save, import, compare.

Each function is a plain library call that ``app.py`` makes and whose result it shows;
nothing here imports streamlit, so all of it is tested without a browser.

* :class:`Document` — the open account map as JSON text, where it came from and whether
  it can be saved there;
* :func:`open_source`, :func:`open_account`, :func:`save_document` — stores, loading, and
  revision-checked saving (a conflict raises, nothing is overwritten);
* :func:`analyse` — everything the views show about one map, computed once;
* :func:`find_paths`, :func:`what_if`, :func:`compare_maps` — the path finder, the what-if
  and the change impact, as display-ready data (the first two from
  :mod:`graphlib_kam.workflows`, as ``kam paths`` and ``kam whatif`` get them);
* :func:`import_upload` — an uploaded file, checked by content, read from its bytes by
  the importers;
* :func:`list_portfolio` — the accounts of a folder or store, worst first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from graphlib_kam import workflows
from graphlib_kam.algorithms.analysis import Analysis, analyze
from graphlib_kam.algorithms.changes import change_impact
from graphlib_kam.algorithms.influence import brokers, hidden_power, ranking
from graphlib_kam.errors import ConflictError, InputError, KamError, NotFoundError
from graphlib_kam.explorer.access import UserAccess
from graphlib_kam.explorer.sources import (
    DEFAULT_EXAMPLE_ACCOUNT,
    ExplorerSource,
    check_upload,
    history_revisions,
)
from graphlib_kam.model import AccountMap, Activity, CoverageLink
from graphlib_kam.model.codec import map_text
from graphlib_kam.settings import Settings
from graphlib_kam.store import (
    FileStore,
    Revision,
    dumps_map,
    load_map,
    load_map_revision,
    loads_map,
    open_store,
    save_map,
)
from graphlib_kam.text import t

__all__ = [
    "Document",
    "analyse",
    "log_activity",
    "compare_maps",
    "export_formats",
    "export_maker",
    "find_paths",
    "history_choices",
    "history_series",
    "load_history_revision",
    "import_formats",
    "import_upload",
    "list_portfolio",
    "open_account",
    "open_source",
    "report_formats",
    "report_maker",
    "save_document",
    "what_if",
]


@dataclass(frozen=True)
class Document:
    """The map open in the explorer.

    Attributes
    ----------
    text : str
        The map as kam/1 JSON, exactly as loaded or last saved (the base of any edit).
    account : str
        Its account id.
    location : str
        The file it came from, or the store and account; empty for an unsaved upload.
    origin : str
        ``"file"``, ``"store"`` or ``"upload"``.
    writable : bool
        Whether :func:`save_document` has somewhere to save it.
    """

    text: str
    account: str
    location: str
    origin: str
    writable: bool = True

    @classmethod
    def of(cls, amap: AccountMap, location: str, origin: str, *,
           writable: bool = True) -> Document:
        return cls(dumps_map(amap), amap.account.id, location, origin, writable)

    @classmethod
    def from_upload(cls, text: str, source: ExplorerSource) -> Document:
        """An imported map: saved into the folder or store when there is one."""
        amap = loads_map(text)
        return cls.of(amap, "", "upload", writable=source.is_portfolio)


def open_source(source: ExplorerSource):
    """The store behind ``source``: a :class:`FileStore` for a folder, the Neo4j store
    for ``neo4j``, None for a single map file.

    Raises
    ------
    NotFoundError, StoreUnavailable
        A folder that is gone, or a server that cannot be reached.
    """
    if source.kind == "folder":
        return open_store(source.location, backend="file")
    if source.kind == "neo4j":
        return open_store(source.location, backend="neo4j", user=source.user,
                          database=source.database)
    return None


def open_account(source: ExplorerSource, store, account: str | None, *,
                 location: str | None = None) -> Document:
    """Load one account of ``source`` (``account`` None: the first, or the only map).

    For the bundled examples' default account, a folder without it opens its first map.

    Raises
    ------
    NotFoundError
        An account or file that does not exist, or a folder without maps.
    MapError
        A map that cannot be read.
    """
    if source.kind == "map" or (location and store is None):
        path = location or source.location
        return Document.of(load_map(path), path, "file")
    accounts = store.list_accounts()
    if not accounts:
        raise NotFoundError(f"{source.location or 'the store'}: no account maps found")
    ids = [info.id for info in accounts]
    if account is None or (account == DEFAULT_EXAMPLE_ACCOUNT and account not in ids):
        account = ids[0]
    if isinstance(store, FileStore):
        if account not in ids:
            raise NotFoundError(f"{source.location}: no account with the id {account!r}")
        path = store.path_for(account)
        return Document.of(load_map(path), str(path), "file")
    return Document.of(store.load(account), f"{source.location} · {account}", "store")


def save_document(doc: Document, amap: AccountMap, store, *,
                  user: UserAccess | None = None) -> Document:
    """Save the edited ``amap`` where ``doc`` came from, checking the revision.

    ``amap`` carries the revision of ``doc``; the saved map comes back with the next one.
    With ``user`` (an explorer with sign-in), the save is checked against the user's role
    first (:meth:`~graphlib_kam.explorer.access.UserAccess.check_save`: an editor of the
    account, an admin for an account that does not exist yet) and the revision records
    the user as ``saved_by``.

    Raises
    ------
    AccessDenied
        The user's role does not allow the save; nothing was written.
    ConflictError
        Someone saved in between; or ``doc`` is an opened import (never saved in the
        store) whose account the store holds already, or a map of it appeared meanwhile:
        an import is saved as a new map, never over one. Nothing was written.
    InputError
        A document with nowhere to save (an upload opened from a single map).
    """
    if user is not None:
        _check_role(doc, amap, store, user)
    saved_by = user.saved_by if user is not None else None
    if doc.origin == "file":
        saved = save_map(amap, doc.location, saved_by=saved_by)
        return Document.of(saved, doc.location, "file")
    if store is None or not doc.writable:
        raise InputError("this map was uploaded and has nowhere to be saved; download it "
                         "instead, or start the explorer on a folder to save it there")
    if doc.origin == "upload":
        return _save_new(doc, amap, store, saved_by)
    saved = store.save(amap, saved_by=saved_by)
    if isinstance(store, FileStore):
        return Document.of(saved, str(store.path_for(saved.account.id)), "file")
    return Document.of(saved, f"{doc.location or 'neo4j'} · {saved.account.id}", "store")


def _save_new(doc: Document, amap: AccountMap, store, saved_by: str | None) -> Document:
    """Save an opened import, never saved in ``store``, as a new map: refused
    (ConflictError, nothing written) when the store holds its account already, since the
    revision check alone would let it replace that map (both at revision 1, say); in a
    folder the file is created exclusively, so a map made meanwhile is not replaced
    either. The explorer's "save to portfolio" merges an import into a map that is there.
    """
    account = amap.account.id
    if account in {info.id for info in store.list_accounts()}:
        where = getattr(store, "folder", "the store")
        raise ConflictError(
            f"{where}: the portfolio already holds the account "
            f"{account!r}; this map was imported and never saved there, so it is not saved "
            "over it (nothing was overwritten). Save the import to the portfolio to merge "
            "it into that map, or give it another name",
            expected=None, found=None)
    if isinstance(store, FileStore):
        path = store.path_for(account)
        saved = save_map(amap, path, saved_by=saved_by, create=True)
        return Document.of(saved, str(path), "file")
    # A store without an exclusive create (Neo4j): the check above is all there is.
    saved = store.save(amap, saved_by=saved_by)
    return Document.of(saved, f"{doc.location or 'neo4j'} · {saved.account.id}", "store")


def _check_role(doc: Document, amap: AccountMap, store, user: UserAccess) -> None:
    """Refuse a save ``user`` may not make: of the open account and of the saved map's."""
    if doc.origin == "upload":
        existing = {info.id for info in store.list_accounts()} if store is not None else set()
    else:
        existing = {doc.account}
    for account in dict.fromkeys((doc.account, amap.account.id)):
        user.check_save(account, exists=account in existing)


def log_activity(amap: AccountMap, *, date, member: str, stakeholders: list[str],
                 kind: str = "meeting", note: str = "") -> tuple[AccountMap, list[str]]:
    """A copy of ``amap`` with one activity logged, and the stakeholders who got a new
    coverage link from ``member`` (at the strength activity imports give, 0.3).

    >>> from graphlib_kam.model import parse_map
    >>> m = parse_map({"account": {"id": "a"}, "team": [{"id": "t"}],
    ...                "stakeholders": [{"id": "x"}]})
    >>> import datetime
    >>> new, linked = log_activity(m, date=datetime.date(2026, 11, 2), member="t",
    ...                            stakeholders=["x"], kind="call", note=" POC ")
    >>> new.activities[0].note, linked, new.coverage[0].strength, m.activities
    ('POC', ['x'], 0.3, [])
    """
    from graphlib_kam.importers import NEW_LINK_STRENGTH

    out = amap.copy()
    out.activities.append(Activity(date, member, list(stakeholders), kind, note.strip()))
    out.activities.sort(key=lambda a: a.date)
    have = {(c.member, c.stakeholder) for c in out.coverage}
    linked = [sid for sid in stakeholders if (member, sid) not in have]
    out.coverage += [CoverageLink(member, sid, NEW_LINK_STRENGTH, None) for sid in linked]
    return out, linked


def analyse(amap: AccountMap, settings: Settings) -> Analysis:
    """:func:`~graphlib_kam.algorithms.analysis.analyze`, with the broker ranking and hidden
    power the influence view shows (``extras["brokers"]``, ``extras["hidden"]``).

    The explorer caches the result per map text and settings.
    """
    analysis = analyze(amap, settings=settings)
    analysis.extras["brokers"] = ranking(amap, brokers(analysis.graph))
    analysis.extras["hidden"] = hidden_power(amap, analysis.rank)
    return analysis


def find_paths(amap: AccountMap, source: str, target: str, *, k: int = 3,
               avoid_opposers: bool = False, settings: Settings) -> dict:
    """The ``k`` strongest influence paths from ``source`` to ``target``
    (:func:`graphlib_kam.workflows.paths.find_paths`).

    Returns ``{"source", "target", "k", "avoid_opposers", "paths": [{"nodes", "strength"}]}``.
    """
    found = workflows.find_paths(amap, source, target, k=k, avoid_opposers=avoid_opposers,
                                 settings=settings)
    return {key: found[key] for key in ("source", "target", "k", "avoid_opposers", "paths")}


def compare_maps(old: AccountMap, new: AccountMap, settings: Settings, lang: str) -> dict:
    """:func:`~graphlib_kam.algorithms.changes.change_impact` of ``old`` → ``new``."""
    return change_impact(old, new, settings=settings, lang=lang)


def what_if(amap: AccountMap, ids: list[str], settings: Settings, lang: str) -> dict:
    """The change impact of losing ``ids`` in ``lang``, and the first broken route to
    highlight (:func:`graphlib_kam.workflows.whatif.what_if`)."""
    return workflows.what_if(amap, ids, settings=settings, lang=lang)


_SAFE_NAME = re.compile(r"[^\w.\-]+")


def import_upload(files: list[tuple[str, bytes]], fmt: str = "auto") -> list:
    """Import uploaded files: each checked by content (size, kind), then read as a kam/1
    map or by the importer ``fmt`` (``"auto"``: a kam/1 map for JSON that is one, a Kumu
    blueprint for other JSON, a spreadsheet for CSV and Excel) straight from its bytes;
    every message names the uploaded file.

    Returns
    -------
    list of ImportResult
        One per account (Salesforce exports may hold several).

    Raises
    ------
    InputError, NotFoundError, MapError
        A file refused by :func:`~graphlib_kam.explorer.sources.check_upload`, what the
        importer or the map reader reports, or a map over the store's limit.
    """
    from graphlib_kam.importers import ImportResult, InputFile, import_files

    if not files:
        raise InputError("no file was uploaded")
    kinds = [check_upload(name, data) for name, data in files]
    if fmt == "auto":
        if all(kind == "json" for kind in kinds):
            fmt = "kam" if all(_looks_like_map(data) for _, data in files) else "kumu"
        else:
            fmt = "table"
    if fmt == "kam":
        if len(files) != 1:
            raise InputError("open one kam/1 map at a time")
        name, data = files[0]
        return [ImportResult(map=loads_map(data, source=name))]
    stem = _SAFE_NAME.sub("-", Path(files[0][0]).stem).strip("-.") or "imported"
    inputs = [InputFile(name, data, kind) for (name, data), kind in zip(files, kinds)]
    results = import_files(fmt, inputs, account_id=stem.lower(), account_name=stem)
    for result in results:  # the limit a save would refuse it for, said now
        map_text(result.map, source=", ".join(name for name, _ in files))
    return results


def _looks_like_map(data: bytes) -> bool:
    head = data[:4096].decode("utf-8", "ignore")
    return '"stakeholders"' in head or '"schema"' in head or '"account"' in head


def list_portfolio(store, settings: Settings, lang: str) -> dict:
    """Every account of a folder or store, worst first, as
    :func:`graphlib_kam.workflows.portfolio.portfolio_rows` orders them.

    Returns
    -------
    dict
        ``{"rows": [...], "problems": [{"where", "message"}]}``: the rows of the accounts
        that could be read (the top gap in ``lang``), and the maps that could not.
    """
    from graphlib_kam.workflows.portfolio import portfolio_rows

    # One process: the explorer's server threads are no place to fork workers from.
    found = portfolio_rows(store, settings=settings, lang=lang, workers=1)
    return {"rows": [row for row in found if not row["error"]],
            "problems": [{"where": row["location"] or row["id"], "message": row["error"]}
                         for row in found if row["error"]]}


def _revisions(doc: Document, store) -> list[Revision]:
    """The revisions kept in the history of the open map, newest first."""
    if doc.origin == "file" and doc.location:
        return history_revisions(doc.location)
    if doc.origin == "store" and store is not None:
        try:
            return store.history(doc.account)
        except KamError:
            return []
    return []


def history_choices(doc: Document, store, lang: str) -> dict[str, str]:
    """The revisions kept in the open map's history, newest first, as choices:
    ``{"6": "r6 · 2026-09-25 08:30 · 李娜 · …"}`` (keys are revision numbers as text)."""
    unknown = t("explorer.changes.unknown", lang)
    return {
        str(r.revision): t(
            "explorer.changes.revision", lang, revision=r.revision,
            saved_at=(r.saved_at or unknown).replace("T", " ")[:16],
            saved_by=r.saved_by or unknown, summary=r.summary(lang))
        for r in _revisions(doc, store)
    }


def load_history_revision(doc: Document, store, revision: int) -> AccountMap:
    """Revision ``revision`` of the open map, from its file's history or its store.

    Raises
    ------
    NotFoundError
        No such revision.
    """
    if doc.origin == "file":
        return load_map_revision(doc.location, revision)
    if store is None:
        raise NotFoundError(f"{doc.location or doc.account}: this map has no history")
    return store.load_revision(doc.account, revision)


def history_series(doc: Document, store, settings: Settings) -> list[dict]:
    """The coverage score and support of each kept revision, oldest first:
    ``[{"revision", "score", "support"}]`` (a revision that cannot be read is left out)."""
    out = []
    for entry in reversed(_revisions(doc, store)):
        try:
            amap = load_history_revision(doc, store, entry.revision)
        except KamError:
            continue
        analysis = analyze(amap, settings=settings)
        out.append({"revision": entry.revision, "score": analysis.score,
                    "support": analysis.support})
    return out


def import_formats() -> list[str]:
    """The upload formats: ``auto``, ``kam`` (a kam/1 map) and every importer."""
    from graphlib_kam.importers import FORMATS

    return ["auto", "kam", *FORMATS]


def report_formats() -> list[str]:
    from graphlib_kam.present.report import REPORT_FORMATS

    return list(REPORT_FORMATS)


def export_formats() -> list[str]:
    """Export suffixes for downloads; CSV is one file per table."""
    from graphlib_kam.present.export import CSV_TABLES, EXPORT_FORMATS

    return [f for f in EXPORT_FORMATS if f != ".csv"] + [f".{t}.csv" for t in CSV_TABLES]


def report_maker(amap: AccountMap, fmt: str, settings: Settings, lang: str):
    """A function that renders the report when called (downloads render on demand)."""
    from graphlib_kam.present.report import report_bytes

    return lambda: report_bytes(amap, fmt, settings=settings, lang=lang)


def export_maker(amap: AccountMap, fmt: str):
    from graphlib_kam.present.export import export_bytes

    return lambda: export_bytes(amap, fmt)
