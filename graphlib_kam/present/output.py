"""Writing finished reports and exports to disk, all or nothing.

Every file is first written in full to a temporary file beside its destination, then
moved into place; when anything fails, no destination is touched and no temporary file
is left behind.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path

from graphlib_kam.errors import InputError
from graphlib_kam.files import open_temp_beside

__all__ = ["write_files"]


def write_files(files: Mapping[str | os.PathLike, bytes]) -> list[Path]:
    """Write every ``{path: content}`` atomically; return the paths written.

    All contents are written and synced to temporary files first; only then are they
    moved into place, so an error while writing leaves every destination as it was.

    Raises
    ------
    InputError
        When a destination folder does not exist or cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> [p.name for p in write_files({folder / "a.txt": b"hello"})]
    ['a.txt']
    >>> (folder / "a.txt").read_bytes(), sorted(p.name for p in folder.iterdir())
    (b'hello', ['a.txt'])
    """
    staged: list[tuple[str, Path]] = []
    try:
        for raw_path, content in files.items():
            path = Path(raw_path)
            folder = path.parent if str(path.parent) else Path(".")
            if not folder.is_dir():
                raise InputError(f"{path}: the folder {folder} does not exist")
            if path.is_dir():
                raise InputError(f"{path}: is a folder; give a file name")
            try:
                fd, tmp = open_temp_beside(folder / path.name)
            except OSError as err:
                raise InputError(f"{path}: cannot write here ({err.strerror})") from err
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
        for tmp, path in staged:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise
    return [path for _, path in staged]
