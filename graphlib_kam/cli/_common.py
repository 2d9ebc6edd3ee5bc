"""Argument helpers shared by the ``kam`` commands."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from typing import Any

from graphlib_kam.errors import InputError
from graphlib_kam.model import AccountMap, parse_date
from graphlib_kam.settings import DEFAULT_SETTINGS, THRESHOLDS, Settings
from graphlib_kam.store import load_map

__all__ = [
    "add_as_of",
    "add_format",
    "add_lang",
    "add_map",
    "add_settings",
    "emit",
    "load_map_from_args",
    "parse_as_of",
    "settings_from_args",
    "signed",
]


def add_map(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    """The MAP argument, or ``--store neo4j --account ID`` instead of a file."""
    # Optional for argparse even when required: --store neo4j --account ID stands in for
    # it, and load_map_from_args says in one line when neither is given.
    parser.add_argument("map", metavar="MAP", nargs="?",
                        help="account map file (kam/1 JSON)")
    group = parser.add_argument_group("store (instead of MAP)")
    group.add_argument("--store", choices=["file", "neo4j"], default="file",
                       help="read the account from a Neo4j store instead of a file")
    group.add_argument("--account", metavar="ID", help="account id in the store")
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


def load_map_from_args(args: argparse.Namespace, attr: str = "map") -> AccountMap:
    """The map named on the command line: a file, or an account in a store."""
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
        with open_store_from_args(args) as store:
            return store.load(args.account)
    path = getattr(args, attr)
    if not path:
        raise InputError("give a MAP file (or --store neo4j --account ID)")
    return load_map(path)


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
