"""The history of a map file: one snapshot per revision in a folder beside it.

``bank.kam.json`` keeps its revisions in ``bank.history/``, one file per revision
(``r000007.kam.json``): the whole map as it was at that revision — a kam/1 map that
``kam`` reads like any other — with one more top-level key, ``revision_info``
(``saved_at``, ``saved_by``, ``summary``, ``changes``; see
:mod:`graphlib_kam.store.history`). Plain JSON files, one per revision, never rewritten:
a team can keep them in git beside the map.

:func:`graphlib_kam.store.file.save_map` calls :func:`record_save` under the map's lock,
before the map itself is replaced; each snapshot is written atomically. A crash can
therefore leave at worst a snapshot of a revision the map never reached (newer than the
map): readers ignore it and the next save replaces it. A snapshot missing for the
revision a save replaces (a map written before history was kept, or by hand) is taken
from the file on disk first, so no save loses what it replaces.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from graphlib_kam.errors import ConflictError, MapFormatError, NotFoundError
from graphlib_kam.files import write_text_atomically
from graphlib_kam.model import AccountMap
from graphlib_kam.model.codec import loads_map
from graphlib_kam.store.history import Revision, revision_from_info, revision_info

__all__ = ["INFO_KEY", "history_folder", "load_map_revision", "map_history", "record_save",
           "snapshot_path", "snapshot_text"]

INFO_KEY = "revision_info"
"""The top-level key of a snapshot that holds ``saved_at``, ``saved_by``, ``summary``
and ``changes``."""

_SNAPSHOT = re.compile(r"r(\d+)\.kam\.json")


def history_folder(path: str | os.PathLike) -> Path:
    """The folder that keeps the revisions of the map file ``path``.

    >>> history_folder("maps/bank.kam.json").as_posix(), history_folder("x.json").name
    ('maps/bank.history', 'x.history')
    """
    path = Path(path)
    name = path.name
    stem = name[: -len(".kam.json")] if name.lower().endswith(".kam.json") else path.stem
    return path.with_name(f"{stem or name}.history")


def snapshot_path(path: str | os.PathLike, revision: int) -> Path:
    """The snapshot file of ``revision`` of the map file ``path``.

    >>> snapshot_path("bank.kam.json", 7).as_posix()
    'bank.history/r000007.kam.json'
    """
    return history_folder(path) / f"r{revision:06d}.kam.json"


def snapshot_text(data: Mapping[str, Any], info: Mapping[str, Any]) -> str:
    """A snapshot file's text: the map's kam/1 data with ``revision_info`` after the
    revision (so it shows at the top of the file and of a diff)."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == INFO_KEY:
            continue
        out[key] = value
        if key == "revision":
            out[INFO_KEY] = dict(info)
    if INFO_KEY not in out:
        out = {INFO_KEY: dict(info), **out}
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


def _snapshots(path: Path) -> dict[int, Path]:
    folder = history_folder(path)
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return {}
    found = {}
    for name in names:
        match = _SNAPSHOT.fullmatch(name)
        if match:
            found[int(match.group(1))] = folder / name
    return found


def _modified(path: Path) -> str | None:
    """When the file was last written, as ISO text in UTC (a revision saved by hand)."""
    try:
        mtime = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    except OSError:
        return None
    return mtime.isoformat(timespec="seconds")


def _read_json(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def record_save(
    path: Path,
    *,
    previous: tuple[int, dict] | None,
    saved: AccountMap,
    text: str,
    changes: Mapping[str, int] | None,
    saved_by: str | None,
) -> None:
    """Keep the revision a save writes, and the one it replaces if it is not kept yet.

    Called by :func:`~graphlib_kam.store.file.save_map` under the map's lock, after the
    revision check and before the map is replaced.

    Parameters
    ----------
    path : Path
        The map file.
    previous : (int, dict) or None
        The revision and the JSON data of the map on disk; None for a new file.
    saved : AccountMap
        The map being written, at its new revision.
    text : str
        Its kam/1 JSON text.
    changes : mapping or None
        What changed (the counts of :func:`~graphlib_kam.model.history.change_counts`).
    saved_by : str or None
        Who saves (:func:`~graphlib_kam.store.history.who_saves` fills it in).

    Raises
    ------
    ConflictError
        A new map file whose history folder already holds later revisions (of a map
        that was deleted by hand): they are never overwritten. Nothing is written.
    OSError
        When the folder cannot be written; the map is then not saved either.
    """
    kept = _snapshots(path)
    if previous is None:
        later = [n for n in kept if n > saved.revision]
        if later:
            raise ConflictError(
                f"{history_folder(path)}: already holds revisions up to {max(later)} of an "
                f"earlier map, and a new map at revision {saved.revision} would mix with "
                "them; move that folder away or delete it first (nothing was written)",
                expected=saved.revision, found=max(later),
            )
    history_folder(path).mkdir(exist_ok=True)
    if previous is not None and previous[0] not in kept and previous[0] != saved.revision:
        revision, data = previous
        write_text_atomically(
            snapshot_path(path, revision),
            snapshot_text(data, {"saved_at": _modified(path), "saved_by": "", "summary": "",
                                 "changes": None}))
    data = json.loads(text)
    write_text_atomically(snapshot_path(path, saved.revision),
                          snapshot_text(data, revision_info(changes, saved_by=saved_by)))


def _current(path: Path) -> tuple[int, bytes, dict]:
    """The revision, bytes and JSON data of the map file ``path``."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as err:
        raise NotFoundError(f"{path}: no such file") from err
    except IsADirectoryError as err:
        raise NotFoundError(f"{path}: is a folder; expected a map file (.json)") from err
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        data = None
    if not isinstance(data, dict):
        loads_map(raw, source=str(path))  # says precisely what is wrong with it
        raise MapFormatError(f"{path}: not a kam/1 map")  # pragma: no cover
    revision = data.get("revision", 1)
    if not isinstance(revision, int) or isinstance(revision, bool):
        revision = 1
    return revision, raw, data


def map_history(path: str | os.PathLike) -> list[Revision]:
    """Every revision of the map file ``path``, newest (the current one) first.

    Snapshots newer than the map (left by a save that crashed) are not revisions and are
    left out; the current revision is listed even without a snapshot (its ``saved_at``
    is then the file's time and ``saved_by`` unknown).

    Raises
    ------
    NotFoundError
        No such map file.
    """
    path = Path(path)
    current, _, _ = _current(path)
    out = []
    for revision, snapshot in _snapshots(path).items():
        if revision > current:
            continue
        snap = _read_json(snapshot)
        if snap is None:
            continue
        out.append(revision_from_info(revision, snap.get(INFO_KEY),
                                      current=revision == current))
    if not any(r.current for r in out):
        out.append(revision_from_info(current, {"saved_at": _modified(path)}, current=True))
    return sorted(out, key=lambda r: r.revision, reverse=True)


def load_map_revision(path: str | os.PathLike, revision: int) -> AccountMap:
    """The map file ``path`` as it was at ``revision`` (the file itself for the current
    revision).

    Raises
    ------
    NotFoundError
        No such map file, or no such revision in its history (the message says which
        revisions there are).
    MapFormatError, MapValidationError
        A snapshot that cannot be read (it names the snapshot file).
    """
    path = Path(path)
    current, raw, _ = _current(path)
    if revision == current:
        return loads_map(raw, source=str(path))
    snapshot = _snapshots(path).get(revision)
    if snapshot is None or revision > current:
        known = [r.revision for r in map_history(path)]
        raise NotFoundError(
            f"{path}: no revision {revision}; the history has "
            f"{_ranges(known)} (kam log {path} lists them)")
    amap = loads_map(snapshot.read_bytes(), source=str(snapshot))
    amap.extra.pop(INFO_KEY, None)
    return amap.with_revision(revision)


def _ranges(numbers: list[int]) -> str:
    """``[7, 6, 5, 2]`` as ``"2, 5–7"``.

    >>> _ranges([7, 6, 5, 2]), _ranges([1])
    ('2, 5–7', '1')
    """
    numbers = sorted(set(numbers))
    parts: list[str] = []
    start = prev = None
    for n in [*numbers, None]:
        if start is not None and (n is None or n != prev + 1):
            parts.append(str(start) if start == prev else f"{start}–{prev}")
            start = None
        if n is not None and start is None:
            start = n
        prev = n
    return ", ".join(parts)
