"""``kam log`` and ``kam restore``: the history every save keeps (``kam show MAP@N`` and
``kam diff MAP@A MAP@B`` read it through :func:`graphlib_kam.cli._common.load_map_ref`)."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from typing import Any

from graphlib_kam.cli._common import (
    add_as_of,
    add_format,
    add_lang,
    add_map,
    add_saved_by,
    add_settings,
    emit,
    settings_from_args,
    signed,
    split_account_revision,
    split_revision,
    table,
)
from graphlib_kam.errors import InputError
from graphlib_kam.model import AccountMap
from graphlib_kam.settings import Settings
from graphlib_kam.store import FileStore, Store
from graphlib_kam.store.file import load_map, load_map_revision, map_history, save_map
from graphlib_kam.store.history import Revision
from graphlib_kam.text import t

__all__ = ["history_rows", "register"]


def register(subparsers) -> None:
    """Add log and restore to ``kam``."""
    p = subparsers.add_parser(
        "log", help="the revisions of a map: who saved what when, with score, support "
                    "and high gaps",
        description="Every revision the map's history keeps, newest (the current one) "
                    "first: when (UTC) and by whom it was saved, what changed, and the "
                    "coverage score, support and number of high gaps of that revision "
                    "(judged on --as-of). kam show MAP@N shows revision N, kam diff MAP@A "
                    "MAP@B compares two, kam restore MAP@N brings one back.")
    add_map(p)
    add_format(p)
    add_lang(p)
    add_as_of(p)
    add_settings(p)
    p.set_defaults(handler=cmd_log)

    p = subparsers.add_parser(
        "restore", help="save a new revision equal to an earlier one (MAP@N)",
        description="Save the map as it was at revision N, as a new revision: the history "
                    "is kept whole (nothing is rewritten), and the new revision says it "
                    "restores N. With --store neo4j give --account ID@N.")
    add_map(p)
    add_saved_by(p)
    add_format(p)
    add_lang(p)
    p.set_defaults(handler=cmd_restore)


@contextlib.contextmanager
def _history_source(args: argparse.Namespace) -> Iterator[tuple[Store, str, int | None, str]]:
    """(store, account id, revision of ``@N`` or None, name for messages) from MAP or
    ``--store neo4j --account ID[@N]``."""
    if getattr(args, "store", "file") == "neo4j":
        from graphlib_kam.cli.store_args import open_store_from_args

        if not getattr(args, "account", None):
            raise InputError("--store neo4j needs --account ID")
        if args.map:
            raise InputError("give either MAP or --store neo4j --account ID, not both")
        account, revision = split_account_revision(args.account)
        with open_store_from_args(args) as store:
            yield store, account, revision, account
        return
    if not args.map:
        raise InputError("give a MAP file (or --store neo4j --account ID)")
    path, revision = split_revision(args.map)
    yield _OneFile(path), "", revision, path


class _OneFile:
    """One map file seen as a store of one account (whatever its id)."""

    def __init__(self, path: str):
        self.path = path

    def load(self, account_id: str) -> AccountMap:
        return load_map(self.path)

    def history(self, account_id: str) -> list[Revision]:
        return map_history(self.path)

    def load_revision(self, account_id: str, revision: int) -> AccountMap:
        return load_map_revision(self.path, revision)

    def save(self, amap: AccountMap, *, saved_by: str | None = None,
             restored_from: int | None = None) -> AccountMap:
        return save_map(amap, self.path, saved_by=saved_by, restored_from=restored_from)


def history_rows(store: Store | FileStore | _OneFile, account_id: str, *,
                 settings: Settings, lang: str = "en") -> list[dict[str, Any]]:
    """Each revision of the account, newest first, as ``kam log`` lists it: ``revision``,
    ``saved_at``, ``saved_by``, ``summary``, ``current`` and, analysed with
    ``settings``, ``score``, ``support`` and ``high`` (the number of high gaps)."""
    from graphlib_kam.algorithms.analysis import analyze

    rows = []
    for entry in store.history(account_id):
        amap = (store.load(account_id) if entry.current
                else store.load_revision(account_id, entry.revision))
        analysis = analyze(amap, settings=settings)
        row = entry.to_dict(lang)
        row["score"] = analysis.score
        row["support"] = analysis.support
        row["high"] = analysis.gaps_by_severity()["high"]
        rows.append(row)
    return rows


def cmd_log(args) -> int:
    settings = settings_from_args(args)
    settings = settings.with_overrides(as_of=settings.today())
    with _history_source(args) as (store, account, revision, name):
        if revision is not None:
            raise InputError(f"{args.map or args.account}: kam log lists every revision; "
                             "give the map without @N")
        current = store.load(account)
        rows = history_rows(store, account, settings=settings, lang=args.lang)
    data = {"account": {"id": current.account.id, "name": current.account.name},
            "as_of": settings.today().isoformat(), "revisions": rows}
    emit(args, data, lambda d: _render_log(d, args.lang))
    return 0


def _render_log(data: dict, lang: str) -> str:
    acc = data["account"]
    unknown = t("cli.log.unknown", lang)
    rows = [[f"{r['revision']}{' *' if r['current'] else ''}",
             (r["saved_at"] or unknown).replace("T", " ").removesuffix("+00:00"),
             r["saved_by"] or unknown, f"{r['score']:.1f}", signed(r["support"]), r["high"],
             r["summary"]] for r in data["revisions"]]
    headers = [t(f"cli.log.{key}", lang)
               for key in ("revision", "saved_at", "saved_by", "score", "support", "high",
                           "summary")]
    return "\n".join([
        t("cli.log.title", lang, account=acc["name"] or acc["id"], id=acc["id"],
          n=len(rows)),
        "",
        table(rows, headers),
        "",
        f"* {t('cli.log.current', lang)}",
    ])


def cmd_restore(args) -> int:
    with _history_source(args) as (store, account, revision, name):
        if revision is None:
            raise InputError(f"{args.map or args.account}: say which revision to restore: "
                             "MAP@N (or --account ID@N); kam log lists them")
        current = store.load(account)
        account = account or current.account.id
        old = store.load_revision(account, revision)
        saved = store.save(old.with_revision(current.revision), saved_by=args.saved_by,
                           restored_from=revision)
    data = {"account": saved.account.id, "location": name, "restored": revision,
            "revision": saved.revision}
    emit(args, data, lambda d: t("cli.restore.done", args.lang, path=d["location"],
                                 new=d["revision"], old=d["restored"]))
    return 0
