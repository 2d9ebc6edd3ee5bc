"""What the explorer hands out: downloads rendered once, and copies of a map kept elsewhere.

* :func:`deferred_download` — the function a download button calls when it is clicked
  (Streamlit runs it on the server's own thread, beside the script): it renders under a
  lock, because the PDF renderer keeps global state, and keeps the last few files, so a
  second click gives the same bytes at once;
* :func:`save_copy` — the open map written into another folder (the explorer on the
  temporary copy of the examples offers it), never over a map that is there.

Nothing here imports streamlit.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path

from graphlib_kam.errors import NotFoundError
from graphlib_kam.store import FileStore, loads_map, save_map

__all__ = ["CACHED_DOWNLOADS", "deferred_download", "save_copy"]

CACHED_DOWNLOADS = 8
"""How many rendered downloads are kept (a report of a large map is a few MB)."""

_LOCK = threading.Lock()
_RENDERED: OrderedDict[tuple, bytes | str] = OrderedDict()


def deferred_download(make: Callable[[], bytes | str], *key: Hashable
                      ) -> Callable[[], bytes | str]:
    """A function that returns ``make()``, rendered once per ``key`` (the map's text, the
    format, the settings, the language) and one at a time.

    >>> calls = []
    >>> get = deferred_download(lambda: calls.append(1) or b"pdf", "map text", ".pdf")
    >>> get(), get(), len(calls)
    (b'pdf', b'pdf', 1)
    """
    def render() -> bytes | str:
        with _LOCK:
            if key in _RENDERED:
                _RENDERED.move_to_end(key)
                return _RENDERED[key]
            data = make()
            _RENDERED[key] = data
            while len(_RENDERED) > CACHED_DOWNLOADS:
                _RENDERED.popitem(last=False)
            return data

    return render


def save_copy(text: str, folder: str | os.PathLike) -> Path:
    """Write the map ``text`` into ``folder`` as a new map file (named after its account,
    the way a folder store names it) and return its path; a map file already there is
    never replaced.

    Raises
    ------
    NotFoundError
        A folder that does not exist.
    ConflictError
        A map of that account is in the folder already.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> save_copy('{"schema": "kam/1", "account": {"id": "acme"}, "revision": 3}', folder).name
    'acme.kam.json'
    """
    target = Path(folder).expanduser()
    if not target.is_dir():
        raise NotFoundError(f"{target}: no such folder")
    amap = loads_map(text)
    path = FileStore(target).path_for(amap.account.id)
    save_map(amap, path, check_revision=False, create=True)
    return path
