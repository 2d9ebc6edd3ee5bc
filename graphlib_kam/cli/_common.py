"""Argument helpers shared by the ``kam`` commands."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from graphlib_kam.errors import InputError, NotFoundError
from graphlib_kam.model import AccountMap, parse_date
from graphlib_kam.safe import strip_controls
from graphlib_kam.settings import DEFAULT_SETTINGS, THRESHOLDS, Settings
from graphlib_kam.store import load_map, load_map_revision

__all__ = [
    "add_as_of",
    "add_format",
    "add_lang",
    "add_saved_by",
    "diff_maps_from_args",
    "load_map_ref",
    "split_account_revision",
    "split_revision",
    "add_map",
    "add_settings",
    "emit",
    "load_map_from_args",
    "parse_as_of",
    "settings_from_args",
    "signed",
    "terminal_safe_output",
]


def add_map(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    """The MAP argument, or ``--store neo4j --account ID`` instead of a file."""
    # Optional for argparse even when required: --store neo4j --account ID stands in for
    # it, and load_map_from_args says in one line when neither is given.
    parser.add_argument("map", metavar="MAP", nargs="?",
                        help="account map file (kam/1 JSON); MAP@N: its revision N "
                             "(kam log MAP lists them)")
    group = parser.add_argument_group("store (instead of MAP)")
    group.add_argument("--store", choices=["file", "neo4j"], default="file",
                       help="read the account from a Neo4j store instead of a file")
    group.add_argument("--account", metavar="ID",
                       help="account id in the store (ID@N: its revision N)")
    group.add_argument("--uri", help="Neo4j URI (default: $KAM_NEO4J_URI)")
    group.add_argument("--user", help="Neo4j user (default: $KAM_NEO4J_USER or neo4j); "
                                      "the password is read from $KAM_NEO4J_PASSWORD only")
    group.add_argument("--database", help="Neo4j database (default: the server's default)")


def add_format(parser: argparse.ArgumentParser, *, choices=("text", "json")) -> None:
    parser.add_argument("--format", choices=list(choices), default="text",
                        help="output format (json is a stable contract)")


def add_as_of(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as-of", metavar="DATE", type=parse_as_of, default=None,
                        help="analyse as on this day (YYYY-MM-DD; default: today)")


def add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=["en", "zh"], default="en",
                        help="language of messages (en | zh)")


def add_settings(parser: argparse.ArgumentParser) -> None:
    """The coverage thresholds as flags (``--covered-min``, ``--stale-days``, …).

    Each flag checks its value against :data:`~graphlib_kam.settings.THRESHOLDS`, so a
    value out of range is a usage error that names the range.
    """
    group = parser.add_argument_group("thresholds")
    for threshold in THRESHOLDS:
        def check(text: str, threshold=threshold):
            try:
                return threshold.check(text)
            except ValueError as err:
                raise argparse.ArgumentTypeError(
                    str(err).removeprefix(f"{threshold.flag}: ")) from None

        group.add_argument(threshold.flag, dest=threshold.name, type=check, default=None,
                           metavar="N" if threshold.integer else "X",
                           help=f"{threshold.help} (default {threshold.default})")


def settings_from_args(args: argparse.Namespace, base: Settings = DEFAULT_SETTINGS) -> Settings:
    """``base`` with every threshold, ``--as-of`` and ``--alpha`` given on the command line.

    >>> parser = argparse.ArgumentParser()
    >>> add_settings(parser)
    >>> s = settings_from_args(parser.parse_args(["--stale-days", "30"]))
    >>> s.stale_days, s.covered_min
    (30, 0.5)
    """
    names = [t.name for t in THRESHOLDS] + ["as_of", "alpha"]
    return base.with_overrides(**{name: getattr(args, name, None) for name in names})


def signed(value: float) -> str:
    """A support figure with its sign: ``+12.3``, ``-40.0``, ``0.0``.

    >>> signed(12.34), signed(-40), signed(0.0)
    ('+12.3', '-40.0', '0.0')
    """
    return f"{value:+.1f}" if round(value, 1) else "0.0"


def parse_as_of(text: str) -> dt.date:
    value = parse_date(text)
    if value is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a valid date; expected YYYY-MM-DD")
    return value


def add_saved_by(parser: argparse.ArgumentParser, *flags: str) -> None:
    """The option that names who saves (``--by NAME`` unless ``flags`` say otherwise)."""
    parser.add_argument(*(flags or ("--by",)), dest="saved_by", metavar="NAME", default=None,
                        help="who saves, as the map's history records it (default: "
                             "$KAM_USER, else your login name)")


def split_revision(text: str) -> tuple[str, int | None]:
    """``MAP@N`` as ``(MAP, N)``; a plain map file (even one with ``@`` in its name) as
    ``(MAP, None)``.

    Raises
    ------
    NotFoundError
        ``MAP@N`` where MAP is no file.
    InputError
        ``MAP@X`` where X is not a revision number.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "bank.kam.json"
    >>> _ = path.write_text("{}")
    >>> split_revision(str(path)) == (str(path), None)
    True
    >>> split_revision(f"{path}@5") == (str(path), 5)
    True
    """
    if "@" not in text or Path(text).exists():
        return text, None
    head, tail = text.rsplit("@", 1)
    if not re.fullmatch(r"[0-9]{1,18}", tail.strip()) or int(tail) < 1:
        raise InputError(f"{text}: expected MAP@N with N a revision number (1, 2, …) "
                         f"after the @, got {tail!r}; kam log {head} lists the revisions")
    if not head or not Path(head).is_file():
        raise NotFoundError(f"{head or text}: no such file")
    return head, int(tail)


def split_account_revision(account: str) -> tuple[str, int | None]:
    """``ID@N`` (N digits) as ``(ID, N)``; any other account id as ``(ID, None)``.

    >>> split_account_revision("cn-bank@6"), split_account_revision("a@b")
    (('cn-bank', 6), ('a@b', None))
    """
    match = re.fullmatch(r"(.+)@([0-9]{1,18})", account)
    return (match.group(1), int(match.group(2))) if match else (account, None)


def load_map_ref(text: str) -> AccountMap:
    """The map file ``text`` names, or revision N of its history for ``MAP@N``."""
    path, revision = split_revision(text)
    return load_map(path) if revision is None else load_map_revision(path, revision)


def diff_maps_from_args(args: argparse.Namespace) -> tuple[AccountMap, AccountMap]:
    """The two maps of ``kam diff``: ``OLD NEW`` (each a file or ``MAP@N``), or ``MAP``
    with ``--from A`` and/or ``--to B`` (revisions of its history; ``--to`` defaults to
    the current revision, ``--from`` to the one before ``--to``)."""
    start, end = getattr(args, "from_revision", None), getattr(args, "to_revision", None)
    if start is None and end is None:
        if not args.new:
            raise InputError("give two maps (OLD NEW, each a file or MAP@N), or MAP with "
                             "--from N and --to N")
        return load_map_ref(args.old), load_map_ref(args.new)
    if args.new:
        raise InputError("give either OLD NEW or MAP with --from/--to, not both")
    path, revision = split_revision(args.old)
    if revision is not None:
        raise InputError(f"{args.old}: with --from/--to give the map without @N")
    current = load_map(path).revision
    end = current if end is None else end
    start = end - 1 if start is None else start
    for flag, value in (("--from", start), ("--to", end)):
        if value < 1:
            raise InputError(f"{flag} {value}: expected a revision number (1, 2, …); "
                             f"kam log {path} lists them")
    return load_map_revision(path, start), load_map_revision(path, end)


def load_map_from_args(args: argparse.Namespace, attr: str = "map") -> AccountMap:
    """The map named on the command line: a file (``MAP@N``: revision N of its history),
    or an account in a store (``--account ID@N`` likewise)."""
    if getattr(args, "store", "file") == "neo4j":
        try:
            from graphlib_kam.cli.store_args import open_store_from_args
        except ModuleNotFoundError as err:
            if err.name != f"{__package__}.store_args":
                raise
            raise InputError("--store neo4j is not available in this version of kam; "
                             "give a MAP file") from err

        if not getattr(args, "account", None):
            raise InputError("--store neo4j needs --account ID")
        if getattr(args, attr, None):
            raise InputError("give either MAP or --store neo4j --account ID, not both")
        account, revision = split_account_revision(args.account)
        with open_store_from_args(args) as store:
            if revision is None:
                return store.load(account)
            return store.load_revision(account, revision)
    path = getattr(args, attr)
    if not path:
        raise InputError("give a MAP file (or --store neo4j --account ID)")
    return load_map_ref(path)


class _ControlFreeText:
    """A text stream that passes everything to ``stream`` but control characters."""

    def __init__(self, stream: Any):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(strip_controls(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def terminal_safe_output(*, stdout: bool = True) -> Iterator[None]:
    r"""Strip control characters (ESC, BEL, the C1 set; not tab or line ends) from what
    is printed meanwhile, so that a name in a map cannot drive the terminal.

    Standard error always, standard output when ``stdout`` (not for JSON, which escapes
    them itself).

    >>> import io
    >>> buffer = io.StringIO()
    >>> with contextlib.redirect_stdout(buffer), terminal_safe_output():
    ...     print("Li\x1b]0;owned\x07 Wei")
    >>> buffer.getvalue()
    'Li]0;owned Wei\n'
    """
    saved = sys.stdout, sys.stderr
    if stdout:
        sys.stdout = _ControlFreeText(sys.stdout)
    sys.stderr = _ControlFreeText(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def emit(args: argparse.Namespace, data: Any, render_text: Callable[[Any], str]) -> None:
    """Print ``data`` as JSON or as the text ``render_text`` makes of it."""
    if getattr(args, "format", "text") == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        text = render_text(data)
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def table(rows: list[list[Any]], headers: list[str]) -> str:
    """A plain aligned text table that counts CJK characters as two columns."""
    import unicodedata

    def width(value: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in value)

    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in r] for r in rows]
    widths = [max(width(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        padded = (v + " " * (widths[i] - width(v)) for i, v in enumerate(row))
        lines.append("  ".join(padded).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
