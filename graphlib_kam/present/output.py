"""Writing finished reports and exports to disk, all or nothing.

Every file is first written in full to a temporary file beside its destination, then
moved into place; when anything fails, no destination is touched and no temporary file
is left behind.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from graphlib_kam.errors import InputError
from graphlib_kam.files import holds_map, is_same_file, looks_like_map, open_temp_beside

__all__ = ["write_files"]


def write_files(files: Mapping[str | os.PathLike, bytes], *,
                inputs: Iterable[str | os.PathLike] = ()) -> list[Path]:
    """Write every ``{path: content}`` atomically; return the paths written.

    All contents are written and synced to temporary files first; only then are they
    moved into place, so an error while writing leaves every destination as it was.

    Parameters
    ----------
    files : mapping of path to bytes
    inputs : iterable of paths, keyword-only
        The files the contents were made from; none of them is replaced.

    Raises
    ------
    InputError
        When a destination folder does not exist or cannot be written, is one of
        ``inputs``, or holds a kam map and the content is not one. Nothing is written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> [p.name for p in write_files({folder / "a.txt": b"hello"})]
    ['a.txt']
    >>> (folder / "a.txt").read_bytes(), sorted(p.name for p in folder.iterdir())
    (b'hello', ['a.txt'])
    """
    inputs = list(inputs)
    for raw_path, content in files.items():
        _refuse_replacing(Path(raw_path), content, inputs)
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


def _refuse_replacing(path: Path, content: bytes, inputs: list[str | os.PathLike]) -> None:
    for source in inputs:
        if is_same_file(path, source):
            raise InputError(f"{path}: is the input {source}; write to another file "
                             "(nothing was written)")
    if not looks_like_map(content) and holds_map(path):
        raise InputError(f"{path}: holds a kam/1 map, and this output is not one; write "
                         "to another file (nothing was written)")
