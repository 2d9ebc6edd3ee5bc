"""Replacing a file all or nothing: write beside it, then move into place.

Saved maps (:mod:`graphlib_kam.store.file`) and written reports and exports
(:mod:`graphlib_kam.present.output`) are first written in full to a temporary file in the
destination's folder, synced, and only then moved over the destination with
``os.replace`` — so a reader sees the old file or the new one, never half of one.

* :func:`open_temp_beside` — the temporary file, with the permissions the finished file
  should have;
* :func:`write_text_atomically` — the whole step for a text file: write, sync, replace,
  sync the folder;
* :func:`is_same_file`, :func:`holds_map` — what a destination is before it is replaced;
* :func:`read_regular_file` — a file's content, refusing FIFOs, devices and files over a
  limit without blocking or reading more than the limit;
* :func:`open_lock_file` — a lock file, never through a symbolic link;
* :func:`remove_stale_temps` — the temporary files a killed save left behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

from graphlib_kam.errors import InputError

__all__ = ["STALE_TEMP_SECONDS", "holds_map", "is_same_file", "looks_like_map", "open_lock_file",
           "open_temp_beside", "read_regular_file", "remove_stale_temps",
           "write_text_atomically"]

_MAP_MARK = re.compile(rb'"schema"\s*:\s*"kam/')
_TEMP_NAME = re.compile(r"\.(?P<name>.+)\.[0-9a-f]{8}\.tmp")

STALE_TEMP_SECONDS = 600
"""A temporary file of :func:`open_temp_beside` this old (by its last change) belongs to a
save that was killed: no save takes ten minutes to write one file."""
_MAP_HEAD_BYTES = 4096


def is_same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Whether ``a`` and ``b`` name one existing file (through links too).

    >>> is_same_file(__file__, __file__), is_same_file(__file__, "no such file")
    (True, False)
    """
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def read_regular_file(path: str | os.PathLike, *, limit: int,
                      too_large: Callable[[int], Exception]) -> bytes:
    """The content of the regular file ``path``, at most ``limit`` bytes.

    Opened without blocking (a FIFO without a writer would wait forever) and checked on
    the opened file, so a symlink to a device or a FIFO is refused, and a file over the
    limit is refused before it is read; at most ``limit + 1`` bytes are ever read.

    Parameters
    ----------
    path : str or os.PathLike
    limit : int, keyword-only
        The most bytes accepted.
    too_large : callable, keyword-only
        Called with the file's size to make the exception raised for a file over ``limit``.

    Raises
    ------
    FileNotFoundError, IsADirectoryError, PermissionError
        As ``open`` does.
    InputError
        Not a regular file (a FIFO, a device, a socket).

    Examples
    --------
    >>> len(read_regular_file(__file__, limit=10**6, too_large=ValueError)) > 0
    True
    >>> try:
    ...     read_regular_file("/dev/null", limit=10, too_large=ValueError)
    ... except InputError as err:
    ...     print(str(err)[:32])
    /dev/null: not a regular file (a
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "Is a directory", os.fspath(path))
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{os.fspath(path)}: not a regular file (a device, a FIFO or a "
                             "socket); expected a map file")
        if info.st_size > limit:
            raise too_large(info.st_size)
        chunks, remaining = [], limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        raw = b"".join(chunks)
        if len(raw) > limit:
            raise too_large(len(raw))
        return raw
    finally:
        os.close(fd)


def open_lock_file(path: str | os.PathLike) -> int:
    """Open (creating it if need be) the lock file ``path`` for reading and writing.

    A symbolic link is never followed (``O_NOFOLLOW``): a link left at the lock's name,
    dangling or not, would otherwise create or lock whatever file it points to. It is
    refused, as is anything but a regular file.

    Returns
    -------
    int
        The open file descriptor; the caller closes it.

    Raises
    ------
    InputError
        ``path`` is a symbolic link, or not a regular file.
    OSError
        As ``open`` does (a folder that cannot be written, for one).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> lock = pathlib.Path(tempfile.mkdtemp()) / ".a.lock"
    >>> lock.symlink_to(lock.with_name("elsewhere"))
    >>> try:
    ...     open_lock_file(lock)
    ... except InputError as err:
    ...     print(str(err).split(": ", 1)[1].split(";")[0])
    the lock file is a symbolic link
    >>> lock.with_name("elsewhere").exists()
    False
    """
    flags = (os.O_CREAT | os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
             | getattr(os, "O_NONBLOCK", 0))
    refused = InputError(f"{os.fspath(path)}: the lock file is a symbolic link; remove it "
                         "(it may point anywhere, so it is neither followed nor replaced)")
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as err:
        if err.errno == errno.ELOOP or os.path.islink(path):
            raise refused from err
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise InputError(f"{os.fspath(path)}: the lock file is not a regular file (a FIFO "
                         "or a device); remove it")
    if not hasattr(os, "O_NOFOLLOW") and os.path.islink(path):  # pragma: no cover
        os.close(fd)
        raise refused
    return fd


def looks_like_map(head: bytes) -> bool:
    """Whether content beginning with ``head`` declares itself a kam map (``"schema":
    "kam/…"`` in its first 4 KB).

    >>> looks_like_map(b'{"schema": "kam/1", "account": {}}'), looks_like_map(b"<html>")
    (True, False)
    """
    return bool(_MAP_MARK.search(head[:_MAP_HEAD_BYTES]))


def holds_map(path: str | os.PathLike) -> bool:
    """Whether ``path`` is a regular file that holds a kam map (read: its first 4 KB)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        return looks_like_map(os.read(fd, _MAP_HEAD_BYTES))
    except OSError:
        return False
    finally:
        os.close(fd)


def open_temp_beside(path: str | os.PathLike) -> tuple[int, str]:
    """Create and open (for writing) a temporary file beside ``path`` to replace it with.

    The file gets the permissions the finished file should have: those of the file it
    replaces, or for a new file what the umask allows (0666 & ~umask, as a plain
    ``open()`` gives). ``tempfile.mkstemp`` would leave every saved map, report and
    export readable by its owner only (0600).

    Parameters
    ----------
    path : str or os.PathLike
        The file to be replaced (it need not exist yet).

    Returns
    -------
    (int, str)
        The open file descriptor and the temporary file's path (``.<name>.<hex>.tmp``).
        The caller writes, syncs and closes it, then ``os.replace``\\ s ``path`` with it,
        or unlinks it on failure.

    Raises
    ------
    OSError
        When the folder is missing or cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> fd, tmp = open_temp_beside(folder / "a.kam.json")
    >>> os.close(fd); pathlib.Path(tmp).name.startswith(".a.kam.json.")
    True
    """
    path = Path(path)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(tmp, flags, 0o666)
        except FileExistsError:
            continue
        if mode is not None and hasattr(os, "fchmod"):
            with contextlib.suppress(OSError):
                os.fchmod(fd, mode)
        return fd, str(tmp)
    raise FileExistsError(f"{path}: no free temporary file name beside it")


def remove_stale_temps(folder: str | os.PathLike, *, of: str | None = None,
                       suffix: str = "", older_than: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Remove the temporary files :func:`open_temp_beside` made in ``folder`` that were
    last changed more than ``older_than`` seconds ago (a save killed before its move).

    Only files of that naming pattern (``.<name>.<8 hex digits>.tmp``) are removed, only
    regular files (never a link), and only those for the file named ``of``, or with
    ``of`` None, for any file whose name ends with ``suffix``. A file that cannot be
    removed is left where it is.

    Returns
    -------
    list of Path
        The files removed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> for name in (".a.json.0a1b2c3d.tmp", ".a.json.tmp", "b.txt"):
    ...     _ = (folder / name).write_text("x")
    ...     os.utime(folder / name, (0, 0))
    >>> [p.name for p in remove_stale_temps(folder, suffix=".json")]
    ['.a.json.0a1b2c3d.tmp']
    >>> sorted(p.name for p in folder.iterdir())
    ['.a.json.tmp', 'b.txt']
    """
    import time

    removed: list[Path] = []
    cutoff = time.time() - older_than
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP_NAME.fullmatch(entry.name)
        if not match or not match["name"].endswith(suffix) or (of is not None
                                                              and match["name"] != of):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat(
                    follow_symlinks=False).st_mtime < cutoff:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def write_text_atomically(path: str | os.PathLike, text: str, *,
                          exclusive: bool = False) -> None:
    """Replace ``path`` with ``text`` (UTF-8, ``\\n`` line ends), all or nothing.

    The text goes to a temporary file beside ``path`` (:func:`open_temp_beside`), is
    synced to disk and moved over ``path``; then the folder is synced so the move itself
    survives a crash. If anything fails, the temporary file is removed and ``path`` is
    as it was. With ``exclusive``, ``path`` is created only if it does not exist (a hard
    link, which fails on an existing name, instead of the move).

    Raises
    ------
    FileExistsError
        With ``exclusive``, when ``path`` exists.
    OSError
        When the folder is missing or cannot be written, or the disk is full.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> write_text_atomically(target, "王伟\\n"); target.read_text(encoding="utf-8")
    '王伟\\n'
    """
    path = Path(path)
    fd, tmp = open_temp_beside(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if exclusive:
            os.link(tmp, path)
            os.unlink(tmp)
        else:
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
