"""Account maps as kam/1 JSON files, and a folder of them as a portfolio.

Saves are atomic (temp file in the same folder, fsync, replace) and revision-checked: a
save against a file whose revision has moved on raises :class:`ConflictError` and leaves
the file as it was.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from graphlib_kam.errors import ConflictError, InputError, MapFormatError, NotFoundError
from graphlib_kam.files import open_temp_beside
from graphlib_kam.model import AccountMap
from graphlib_kam.model.codec import MAX_MAP_BYTES, dumps_map, loads_map, map_too_large
from graphlib_kam.store.base import AccountInfo

__all__ = ["MAX_MAP_BYTES", "FileStore", "dumps_map", "load_map", "loads_map", "save_map"]

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
        size = path.stat().st_size
        if size > MAX_MAP_BYTES:
            raise map_too_large(str(path), size)
        raw = path.read_bytes()
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


def _disk_state(path: Path) -> tuple[int, object] | None:
    """The revision and account id of the map file at ``path``; None when there is none."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except FileNotFoundError:
        return None
    except (ValueError, UnicodeDecodeError, RecursionError) as err:
        raise ConflictError(
            f"{path}: the file on disk is not a readable map, so its revision cannot be "
            "checked; move it away or repair it before saving"
        ) from err
    if not isinstance(data, dict):
        return 1, None
    revision = data.get("revision", 1)
    account = data.get("account")
    return (
        revision if isinstance(revision, int) and not isinstance(revision, bool) else 1,
        account.get("id") if isinstance(account, dict) else None,
    )


@contextlib.contextmanager
def _locked(path: Path):
    """Hold an exclusive lock beside ``path`` so check-and-replace is one step."""
    lock_path = path.with_name(f".{path.name}.lock")
    fd = os.open(lock_path, os.O_CREAT | os.O_RDWR, 0o644)
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


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = open_temp_beside(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def save_map(
    amap: AccountMap, path: str | os.PathLike, *, check_revision: bool = True
) -> AccountMap:
    """Save ``amap`` atomically and return it with its new revision.

    A new file is written at the map's own revision. Over an existing file the map must
    carry the revision that is on disk (the one it was loaded at); the saved map gets the
    next revision.

    Parameters
    ----------
    amap : AccountMap
    path : path-like
    check_revision : bool, keyword-only
        False overwrites whatever is on disk (used by ``kam import --force``).

    Returns
    -------
    AccountMap
        A copy of ``amap`` with the revision that was written.

    Raises
    ------
    ConflictError
        When the file's revision is not the map's (someone saved in between), or the file
        holds another account. Nothing is written.
    MapFormatError
        When the map would be larger than :data:`MAX_MAP_BYTES` (it could not be loaded
        again). Nothing is written.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise NotFoundError(f"{path.parent}: no such folder")
    with _locked(path):
        state = _disk_state(path)
        if state is None:
            saved = amap.with_revision(amap.revision)
        else:
            found, holder = state
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
        text = dumps_map(saved)
        size = len(text.encode("utf-8"))
        if size > MAX_MAP_BYTES:
            raise map_too_large(str(path), size)
        _write_atomically(path, text)
    return saved


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
                data = json.loads(path.read_bytes().decode("utf-8-sig"))
                account_id = data["account"]["id"]
            except (ValueError, UnicodeDecodeError, KeyError, TypeError):
                continue
            if isinstance(account_id, str) and account_id not in index:
                index[account_id] = path
        return index

    def list_accounts(self) -> list[AccountInfo]:
        """One entry per readable map file, sorted by account id."""
        out = []
        for account_id, path in sorted(self._index().items()):
            data = json.loads(path.read_bytes().decode("utf-8-sig"))
            out.append(AccountInfo(
                id=account_id,
                name=str(data["account"].get("name") or account_id),
                revision=data.get("revision", 1) if isinstance(data.get("revision"), int) else 1,
                stakeholders=len(data.get("stakeholders") or []),
                location=str(path),
            ))
        return out

    def path_for(self, account_id: str) -> Path:
        """The file that holds ``account_id``, or where a new one would go."""
        index = self._index()
        if account_id in index:
            return index[account_id]
        # Different ids can share a safe name ("a b", "a/b"); never reuse another's file.
        stem, number = _safe_name(account_id), 1
        candidate = self.folder / f"{stem}{MAP_SUFFIX}"
        while candidate.exists():
            number += 1
            candidate = self.folder / f"{stem}-{number}{MAP_SUFFIX}"
        return candidate

    def load(self, account_id: str) -> AccountMap:
        path = self._index().get(account_id)
        if path is None:
            raise NotFoundError(f"{self.folder}: no account with the id {account_id!r}")
        return load_map(path)

    def save(self, amap: AccountMap) -> AccountMap:
        return save_map(amap, self.path_for(amap.account.id))

    def delete(self, account_id: str) -> None:
        path = self._index().get(account_id)
        if path is None:
            raise NotFoundError(f"{self.folder}: no account with the id {account_id!r}")
        path.unlink()


def _safe_name(account_id: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in account_id)
    return cleaned.strip(".") or "account"
