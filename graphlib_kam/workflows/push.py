"""Push maps to a store, and bring each local file up to the revision the store gave it.

``kam push`` calls :func:`load_map_files` (every file checked before any server is
contacted) and then :func:`push_maps`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graphlib_kam.errors import ConflictError, InputError
from graphlib_kam.model import AccountMap
from graphlib_kam.store.base import Store
from graphlib_kam.store.file import FileStore, load_map, save_map

__all__ = ["load_map_files", "map_files", "push_maps"]


def map_files(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """The map files named: files as given, folders as the maps they hold.

    Raises
    ------
    InputError
        A folder without map files.
    """
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = FileStore(path).paths()
            if not found:
                raise InputError(f"{path}: no map files (*.kam.json or *.json) in this folder")
            files += found
        else:
            files.append(path)
    return files


def load_map_files(paths: Iterable[str | os.PathLike]) -> list[tuple[Path, AccountMap]]:
    """Every map of :func:`map_files`, read and checked.

    Raises
    ------
    NotFoundError, MapError
        The first file that is missing or not a valid map.
    """
    return [(path, load_map(path)) for path in map_files(paths)]


def push_maps(maps: Iterable[tuple[Path, AccountMap]], store: Store, *,
              keep_file: bool = False, saved_by: str | None = None) -> list[dict[str, Any]]:
    """Save each map to ``store`` and write the revision it got back to its file.

    A map must carry the revision the store holds (as pulled); it is saved at the next
    one. A stale map is refused (its entry says why) and the others are still pushed.

    Parameters
    ----------
    maps : iterable of (Path, AccountMap)
        The maps and the files they came from (:func:`load_map_files`).
    store : Store
    keep_file : bool, keyword-only
        Leave the files as they are.
    saved_by : str, optional, keyword-only
        Who pushes, as the store's history (and the file's) records it (default:
        :func:`~graphlib_kam.store.history.who_saves`).

    Returns
    -------
    list of dict
        One per map: ``{"id", "name", "file", "pushed", "revision", "file_updated",
        "error"}`` (``error`` the conflict's message, or None).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graphlib_kam.model import parse_map
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> path = folder / "acme.kam.json"
    >>> _ = save_map(parse_map({"account": {"id": "acme"}}), path)
    >>> team = FileStore(tempfile.mkdtemp())
    >>> [entry] = push_maps(load_map_files([path]), team)
    >>> entry["pushed"], entry["revision"], entry["file_updated"]
    (True, 1, False)
    """
    results = []
    for path, amap in maps:
        item = {"id": amap.account.id, "name": amap.account.name, "file": str(path)}
        try:
            saved = store.save(amap, saved_by=saved_by)
        except ConflictError as err:
            results.append(item | {"pushed": False, "revision": amap.revision,
                                   "file_updated": False, "error": str(err)})
            continue
        written = False
        if saved.revision != amap.revision and not keep_file:
            # The file was at the stored revision, so its next one is the store's.
            written = save_map(amap, path, saved_by=saved_by).revision == saved.revision
        results.append(item | {"pushed": True, "revision": saved.revision,
                               "file_updated": written, "error": None})
    return results
