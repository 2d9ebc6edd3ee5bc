"""Where the explorer's maps come from, and what it accepts as an upload.

* :func:`resolve_source` — the explorer's command line (``--map``, ``--folder``,
  ``--store neo4j``, ``--account``) and environment (``KAM_EXPLORER_MAP``,
  ``KAM_EXPLORER_FOLDER``, ``KAM_EXPLORER_STORE``, ``KAM_EXPLORER_ACCOUNT``); with
  neither, a working copy of the bundled examples as a portfolio with the Chinese bank
  open;
* :func:`check_upload` — an uploaded file's size and kind, told by its content, before
  any parser sees it;
* :func:`history_revisions` — the revisions a map file's history keeps, to compare.

Nothing here imports streamlit; ``app.py`` calls these and shows what comes back.
"""

from __future__ import annotations

import argparse
import atexit
import functools
import io
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from graphlib_kam.errors import InputError, KamError, NotFoundError
from graphlib_kam.store import Revision, map_history

__all__ = [
    "DEFAULT_EXAMPLE_ACCOUNT",
    "MAX_UPLOAD_BYTES",
    "ExplorerSource",
    "bundled_examples",
    "check_upload",
    "examples_working_copy",
    "explorer_app_path",
    "history_revisions",
    "resolve_source",
]

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DEFAULT_EXAMPLE_ACCOUNT = "cn-bank"

_PACKAGE = Path(__file__).resolve().parent.parent
_CHECKOUT = _PACKAGE.parent
_APP = Path(__file__).resolve().parent / "app.py"


def bundled_examples() -> Path:
    """The folder of example maps: ``examples/`` of the source checkout (an editable
    install), else the copy installed as package data (``graphlib_kam/examples``).

    Raises
    ------
    NotFoundError
        When neither exists.
    """
    for folder in (_CHECKOUT / "examples", _PACKAGE / "examples"):
        if any(folder.glob("*.kam.json")):
            return folder
    raise NotFoundError(
        "the bundled examples were not found (looked in "
        f"{_CHECKOUT / 'examples'} and {_PACKAGE / 'examples'}); give a map or a folder"
    )


@functools.lru_cache(maxsize=1)
def examples_working_copy() -> Path:
    """A copy of the bundled examples (maps and history) that the explorer may save to,
    made once per process and removed when it exits — so a demo never changes the
    checked-in examples."""
    source = bundled_examples()
    folder = Path(tempfile.mkdtemp(prefix="kam-examples-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    for path in source.glob("*.kam.json"):
        shutil.copy2(path, folder)
    for history in source.glob("*.history"):
        if history.is_dir():
            shutil.copytree(history, folder / history.name)
    return folder


def explorer_app_path() -> Path:
    """The explorer's Streamlit script (``graphlib_kam/explorer/app.py``), which ``kam
    explore`` hands to streamlit; it ships inside the package, so any install can run it."""
    return _APP


@dataclass(frozen=True)
class ExplorerSource:
    """What the explorer opens.

    Attributes
    ----------
    kind : str
        ``"map"`` (one file), ``"folder"`` (a portfolio of files) or ``"neo4j"``.
    location : str
        The file or folder; for Neo4j the URI (empty: ``$KAM_NEO4J_URI``).
    account : str or None
        The account to open first in a folder or store (None: the first).
    user, database : str or None
        Neo4j login name and database; the password is read from
        ``$KAM_NEO4J_PASSWORD`` only.
    temporary : bool
        The folder is the working copy of the bundled examples
        (:func:`examples_working_copy`), deleted when the explorer stops: the explorer
        says so after a save and offers to keep the map elsewhere.
    """

    kind: str
    location: str
    account: str | None = None
    user: str | None = None
    database: str | None = None
    temporary: bool = False

    @property
    def is_portfolio(self) -> bool:
        return self.kind in ("folder", "neo4j")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="app.py", add_help=False)
    parser.add_argument("--map")
    parser.add_argument("--folder")
    parser.add_argument("--store", choices=["neo4j"])
    parser.add_argument("--uri")
    parser.add_argument("--user")
    parser.add_argument("--database")
    parser.add_argument("--account")
    return parser


def resolve_source(
    argv: Sequence[str] = (), environ: Mapping[str, str] | None = None
) -> ExplorerSource:
    """The source named by the explorer's arguments, else its environment, else a working
    copy of the bundled examples (:func:`examples_working_copy`).

    Arguments the explorer does not know are ignored (streamlit and test runners put
    their own in ``sys.argv``).

    Raises
    ------
    NotFoundError, InputError
        A map or folder that does not exist, or both ``--map`` and ``--folder``.

    Examples
    --------
    >>> resolve_source([], {}).kind, resolve_source([], {}).account
    ('folder', 'cn-bank')
    >>> resolve_source([], {}).temporary, resolve_source(["--folder", "."], {}).temporary
    (True, False)
    >>> resolve_source(["--store", "neo4j", "--uri", "bolt://db:7687"], {}).location
    'bolt://db:7687'
    """
    environ = os.environ if environ is None else environ
    args, _ = _parser().parse_known_args(list(argv))
    args.account = args.account or environ.get("KAM_EXPLORER_ACCOUNT") or None
    if args.map and args.folder:
        raise InputError("give either --map or --folder, not both")
    store = args.store or environ.get("KAM_EXPLORER_STORE") or None
    if store and not (args.map or args.folder):
        if store != "neo4j":
            raise InputError(f"unknown store {store!r}; expected neo4j")
        return ExplorerSource(
            "neo4j", args.uri or environ.get("KAM_NEO4J_URI", ""), account=args.account,
            user=args.user or environ.get("KAM_NEO4J_USER"),
            database=args.database or environ.get("KAM_NEO4J_DATABASE"),
        )
    map_path = args.map or (None if args.folder else environ.get("KAM_EXPLORER_MAP"))
    folder = args.folder or (None if args.map else environ.get("KAM_EXPLORER_FOLDER"))
    if map_path:
        path = Path(map_path)
        if path.is_dir():
            return ExplorerSource("folder", str(path), account=args.account)
        if not path.is_file():
            raise NotFoundError(f"{path}: no such map file")
        return ExplorerSource("map", str(path))
    if folder:
        path = Path(folder)
        if not path.is_dir():
            raise NotFoundError(f"{path}: no such folder")
        return ExplorerSource("folder", str(path), account=args.account)
    return ExplorerSource("folder", str(examples_working_copy()),
                          account=args.account or DEFAULT_EXAMPLE_ACCOUNT, temporary=True)


def check_upload(name: str, data: bytes, *, limit: int = MAX_UPLOAD_BYTES) -> str:
    """The kind of an uploaded file, told by its content: ``"json"``, ``"xlsx"`` or
    ``"text"`` (CSV, TSV and other delimited text).

    The name is only used in messages: a file is what its bytes are, whatever it is
    called.

    Raises
    ------
    InputError
        A file over ``limit`` bytes, an empty file, a binary file that is not an Excel
        workbook (``.xlsx``), or text that is not UTF-8 / UTF-16 / GB18030.

    Examples
    --------
    >>> check_upload("map.json", b'{"schema": "kam/1"}'), check_upload("a.csv", b"a,b\\n1,2")
    ('json', 'text')
    >>> try:
    ...     check_upload("a.csv", b"\\x7fELF\\x00\\x00")
    ... except InputError as err:
    ...     print(err)
    a.csv: this is a binary file, not JSON, CSV or an Excel workbook (.xlsx)
    """
    if len(data) > limit:
        raise InputError(f"{name}: the file is {len(data) / 1048576:.1f} MB; uploads up to "
                         f"{limit // 1048576} MB are accepted")
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    if data.startswith(b"PK\x03\x04"):
        if _is_workbook(data):
            return "xlsx"
        raise InputError(f"{name}: this is a ZIP archive but not an Excel workbook (.xlsx)")
    text = _decode(data)
    if text is None:
        raise InputError(
            f"{name}: this is a binary file, not JSON, CSV or an Excel workbook (.xlsx)"
        )
    if text.lstrip()[:1] in ("{", "["):
        try:
            json.loads(text)
        except (ValueError, RecursionError):
            pass
        else:
            return "json"
    return "text"


def _is_workbook(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)


def _decode(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
        return text if controls == 0 else None
    return None


def history_revisions(map_path: str | os.PathLike) -> list[Revision]:
    """The revisions the history of the map file ``map_path`` keeps, newest (the current
    one) first; none when the file cannot be read (the explorer shows the map's own
    problem elsewhere)."""
    try:
        return map_history(map_path)
    except KamError:
        return []
