"""Account maps as kam/1 JSON files, and a folder of them as a portfolio.

Saves are atomic (temp file in the same folder, fsync, replace) and revision-checked: a
save against a file whose revision has moved on raises :class:`ConflictError` and leaves
the file as it was. Every save keeps the revision it writes in the history folder beside
the map (:mod:`graphlib_kam.store.file_history`): :func:`map_history` lists the
revisions, :func:`load_map_revision` reads one. The temporary files of a save that was
killed (``.<map>.<hex>.tmp``, older than ten minutes) are removed when a folder is opened
or the map saved again.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from graphlib_kam.errors import (
    ConflictError,
    InputError,
    KamError,
    MapError,
    MapFormatError,
    NotFoundError,
)
from graphlib_kam.files import (
    open_lock_file,
    read_regular_file,
    remove_stale_temps,
    write_text_atomically,
)
from graphlib_kam.model import AccountMap, parse_map
from graphlib_kam.model.codec import (
    MAX_MAP_BYTES,
    dumps_map,
    loads_map,
    map_text,
    map_too_large,
)
from graphlib_kam.model.history import change_counts
from graphlib_kam.store.base import AccountInfo
from graphlib_kam.store.file_history import (
    history_folder,
    load_map_revision,
    map_history,
    record_save,
)
from graphlib_kam.store.history import Revision

__all__ = ["MAX_MAP_BYTES", "FileStore", "dumps_map", "load_map", "load_map_revision",
           "loads_map", "map_history", "save_map"]

_TABLE_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls"}
MAP_SUFFIX = ".kam.json"


def load_map(path: str | os.PathLike) -> AccountMap:
    """Read and validate one kam/1 map file.

    Raises
    ------
    NotFoundError
        When there is no such file.
    MapFormatError, MapValidationError
        As :func:`loads_map`.
    """
    path = Path(path)
    try:
        raw = _read_map_bytes(path)
    except FileNotFoundError as err:
        raise NotFoundError(f"{path}: no such file") from err
    except IsADirectoryError as err:
        raise InputError(f"{path}: is a folder; expected a map file (.json)") from err
    except PermissionError as err:
        raise InputError(f"{path}: permission denied") from err
    try:
        return loads_map(raw, source=str(path))
    except MapFormatError as err:
        if path.suffix.lower() in _TABLE_SUFFIXES or raw.startswith(b"PK\x03\x04"):
            # A spreadsheet where a map was expected: say how to turn it into one rather
            # than how to fix its JSON or its encoding.
            raise MapFormatError(
                f"{path}: this is a spreadsheet or workbook, not a kam/1 map; import it "
                f"first: kam import table {path} -o MAP.kam.json") from err
        raise


def _read_map_bytes(path: Path) -> bytes:
    """The bytes of a map file: a regular file of at most :data:`MAX_MAP_BYTES`."""
    return read_regular_file(path, limit=MAX_MAP_BYTES,
                             too_large=lambda size: map_too_large(str(path), size))


def _disk_state(path: Path) -> tuple[int, object, dict | None] | None:
    """The revision, account id and JSON data (None when it is not an object) of the map
    file at ``path``; None when there is none."""
    try:
        data = json.loads(_read_map_bytes(path).decode("utf-8-sig"))
    except FileNotFoundError:
        return None
    except (ValueError, UnicodeDecodeError, RecursionError) as err:
        raise ConflictError(
            f"{path}: the file on disk is not a readable map, so its revision cannot be "
            "checked; move it away or repair it before saving"
        ) from err
    if not isinstance(data, dict):
        return 1, None, None
    revision = data.get("revision", 1)
    account = data.get("account")
    return (
        revision if isinstance(revision, int) and not isinstance(revision, bool) else 1,
        account.get("id") if isinstance(account, dict) else None,
        data,
    )


@contextlib.contextmanager
def _locked(path: Path):
    """Hold an exclusive lock beside ``path`` so check-and-replace is one step (the lock
    file is never opened through a symbolic link: :func:`~graphlib_kam.files.open_lock_file`)."""
    fd = open_lock_file(path.with_name(f".{path.name}.lock"))
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: best effort without a lock
            yield
        else:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def save_map(
    amap: AccountMap,
    path: str | os.PathLike,
    *,
    check_revision: bool = True,
    saved_by: str | None = None,
    restored_from: int | None = None,
    create: bool = False,
    text: str | None = None,
) -> AccountMap:
    """Save ``amap`` atomically, keep the revision in the history, return the saved map.

    A new file is written at the map's own revision. Over an existing file the map must
    carry the revision that is on disk (the one it was loaded at); the saved map gets the
    next revision. The revision is kept in the history folder beside the map (with when,
    who and what changed) before the map is replaced, under the same lock; so is the
    revision it replaces when the history does not hold it yet.

    Parameters
    ----------
    amap : AccountMap
    path : path-like
    check_revision : bool, keyword-only
        False overwrites whatever is on disk (used by ``kam import --force``).
    saved_by : str, optional, keyword-only
        Who saves (default: ``KAM_USER``, else the OS user; see
        :func:`~graphlib_kam.store.history.who_saves`).
    restored_from : int, optional, keyword-only
        The revision this map restores (``kam restore``): the history says so instead
        of counting the changes.
    create : bool, keyword-only
        The map is new: refuse (ConflictError) when ``path`` exists by the time it is
        written, instead of replacing it (two imports making one new map).
    text : str, optional, keyword-only
        ``amap``'s kam/1 JSON text at its own revision, when the caller has it (an import
        writes it from its columns): written as it is when the file is new, instead of
        serialising the map again.

    Returns
    -------
    AccountMap
        A copy of ``amap`` with the revision that was written.

    Raises
    ------
    ConflictError
        When the file's revision is not the map's (someone saved in between), or the file
        holds another account, or a new file's history folder holds later revisions of
        an earlier map. Nothing is written.
    MapFormatError
        When the map would be larger than :data:`MAX_MAP_BYTES` (it could not be loaded
        again). Nothing is written.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise NotFoundError(f"{path.parent}: no such folder")
    with _locked(path):
        _remove_stale_temps_of(path)
        state = _disk_state(path)
        if create and state is not None:
            raise ConflictError(
                f"{path}: someone created this map while this one was being made; reload "
                "it and apply your changes again (nothing was overwritten)",
                expected=None, found=state[0],
            )
        if state is None:
            saved = amap.with_revision(amap.revision)
        else:
            found, holder, _ = state
            if check_revision and holder not in (None, amap.account.id):
                raise ConflictError(
                    f"{path}: the file holds the account {holder!r}, not "
                    f"{amap.account.id!r}; save this map to another file (nothing was "
                    "overwritten)",
                    expected=amap.revision, found=found,
                )
            if check_revision and found != amap.revision:
                raise ConflictError(
                    f"{path}: the file is at revision {found} but these changes were made to "
                    f"revision {amap.revision}; someone saved in between. Reload the file and "
                    "apply your changes again (nothing was overwritten)",
                    expected=amap.revision, found=found,
                )
            saved = amap.with_revision(max(found, amap.revision) + 1)
        if text is None or state is not None:
            text = map_text(saved, source=str(path))
        elif len(text) > MAX_MAP_BYTES // 4 and len(text.encode("utf-8")) > MAX_MAP_BYTES:
            raise map_too_large(str(path), len(text.encode("utf-8")))
        previous = None if state is None or state[2] is None else (state[0], state[2])
        record_save(path, previous=previous, saved=saved, text=text,
                    changes=_changes(state, saved, restored_from), saved_by=saved_by)
        try:
            write_text_atomically(path, text, exclusive=create)
        except FileExistsError as err:
            raise ConflictError(
                f"{path}: someone created this map while this one was being saved; reload "
                "it and apply your changes again (nothing was overwritten)",
                expected=None, found=None,
            ) from err
    return saved


def _remove_stale_temps_of(path: Path) -> None:
    """Remove what killed saves of the map ``path`` left: its temporary files and those of
    its history folder (:func:`~graphlib_kam.files.remove_stale_temps`)."""
    remove_stale_temps(path.parent, of=path.name)
    remove_stale_temps(history_folder(path), suffix=".json")


def _changes(state: tuple[int, object, dict | None] | None, saved: AccountMap,
             restored_from: int | None) -> dict[str, int] | None:
    """What the history records as changed: the counts against the map on disk."""
    if restored_from is not None:
        return {"restored": restored_from}
    if state is None:
        return change_counts(None, saved)
    if state[2] is None:
        return None
    try:
        before = parse_map(state[2])
    except MapError:
        return None
    return change_counts(before, saved)


class FileStore:
    """A folder of ``*.kam.json`` maps, one per account (the embedded portfolio).

    >>> import tempfile, pathlib
    >>> from graphlib_kam.model import parse_map
    >>> store = FileStore(tempfile.mkdtemp())
    >>> saved = store.save(parse_map({"account": {"id": "acme", "name": "Acme"}}))
    >>> [a.id for a in store.list_accounts()], store.load("acme").account.name
    (['acme'], 'Acme')
    """

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        if self.folder.is_file():
            raise InputError(f"{self.folder}: is a file; expected a folder of maps "
                             "(a portfolio). For one map, give the file to kam gaps or kam show")
        if not self.folder.is_dir():
            raise NotFoundError(f"{self.folder}: no such folder")
        # Temporary files of saves that were killed before they finished (nothing else
        # removes them); those of a save under way are younger and stay.
        remove_stale_temps(self.folder, suffix=".json")

    def __repr__(self) -> str:
        return f"FileStore({str(self.folder)!r})"

    def close(self) -> None:
        """Nothing to release; here so that every store closes alike."""

    def __enter__(self) -> FileStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def paths(self) -> list[Path]:
        """Every map file of the folder (``*.kam.json``, else ``*.json``), sorted."""
        found = sorted(self.folder.glob(f"*{MAP_SUFFIX}"))
        return found or sorted(self.folder.glob("*.json"))

    def _index(self) -> dict[str, Path]:
        index: dict[str, Path] = {}
        for path in self.paths():
            try:
                data = json.loads(_read_map_bytes(path).decode("utf-8-sig"))
                account_id = data["account"]["id"]
            except (ValueError, UnicodeDecodeError, KeyError, TypeError, RecursionError,
                    OSError, KamError):
                continue
            if isinstance(account_id, str) and account_id not in index:
                index[account_id] = path
        return index

    def list_accounts(self) -> list[AccountInfo]:
        """One entry per readable map file, sorted by account id."""
        out = []
        for account_id, path in sorted(self._index().items()):
            try:
                data = json.loads(_read_map_bytes(path).decode("utf-8-sig"))
            except (ValueError, UnicodeDecodeError, RecursionError, OSError, KamError):
                continue
            out.append(AccountInfo(
                id=account_id,
                name=str(data["account"].get("name") or account_id),
                revision=data.get("revision", 1) if isinstance(data.get("revision"), int) else 1,
                stakeholders=len(data.get("stakeholders") or []),
                location=str(path),
            ))
        return out

    def path_for(self, account_id: str, *, taken: Iterable[Path] = ()) -> Path:
        """The file that holds ``account_id``, or where a new one would go.

        A new file's name is neither a file that exists nor one of ``taken`` (files about
        to be written), compared without case (a folder may ignore it).
        """
        index = self._index()
        if account_id in index:
            return index[account_id]
        # Different ids can share a safe name ("a b", "a/b"); never reuse another's file.
        names = {Path(p).name.casefold() for p in taken}
        names.update(p.name.casefold() for p in index.values())
        stem, number = _safe_name(account_id), 1
        candidate = self.folder / f"{stem}{MAP_SUFFIX}"
        while candidate.exists() or candidate.is_symlink() \
                or candidate.name.casefold() in names:
            number += 1
            candidate = self.folder / f"{stem}-{number}{MAP_SUFFIX}"
        return candidate

    def load(self, account_id: str) -> AccountMap:
        return load_map(self._path_of(account_id))

    def save(self, amap: AccountMap, *, saved_by: str | None = None,
             restored_from: int | None = None) -> AccountMap:
        return save_map(amap, self.path_for(amap.account.id), saved_by=saved_by,
                        restored_from=restored_from)

    def history(self, account_id: str) -> list[Revision]:
        """Every revision of the account, newest (the current one) first."""
        return map_history(self._path_of(account_id))

    def load_revision(self, account_id: str, revision: int) -> AccountMap:
        """The account's map as it was at ``revision``."""
        return load_map_revision(self._path_of(account_id), revision)

    def delete(self, account_id: str) -> None:
        """Delete the account's map file and its history folder."""
        path = self._path_of(account_id)
        path.unlink()
        shutil.rmtree(history_folder(path), ignore_errors=True)

    def _path_of(self, account_id: str) -> Path:
        path = self._index().get(account_id)
        if path is None:
            raise NotFoundError(f"{self.folder}: no account with the id {account_id!r}")
        return path


# File names are limited to 255 bytes; room is left for "-N" and the suffix.
_MAX_NAME_BYTES = 200


def _safe_name(account_id: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in account_id)
    cleaned = cleaned.encode("utf-8")[:_MAX_NAME_BYTES].decode("utf-8", errors="ignore")
    return cleaned.strip(".") or "account"
