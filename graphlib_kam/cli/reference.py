"""The command-line reference (``docs/cli.md``), written from ``kam --help`` itself.

``python -m graphlib_kam.cli.reference > docs/cli.md`` (or ``make docs``) rewrites the page;
``tests/test_docs.py`` fails when the page in the repository differs from what this module
produces, so the reference never drifts from the help that ``kam`` prints.
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import contextmanager

from graphlib_kam.cli import build_parser

__all__ = ["HELP_COLUMNS", "REFRESH_COMMAND", "cli_reference", "command_help"]

HELP_COLUMNS = 100
"""The terminal width the help is formatted for, so the page is the same on every machine."""

REFRESH_COMMAND = "make docs"
"""What to run to rewrite ``docs/cli.md``."""

_HEADER = """\
# Command-line reference

Every `kam` command with its options, exactly as `kam --help` and `kam COMMAND --help`
print them (at {columns} columns). [Back to the README](../README.md)

This page is generated: `{refresh}` (or `python -m graphlib_kam.cli.reference > docs/cli.md`)
rewrites it, and `tests/test_docs.py` fails when it no longer matches the help.

Common to every command: a map file or `--store neo4j --account ID` where a map is read,
`--format text|json` (JSON is a stable contract), `--as-of DATE` where dates matter, and
`--debug` for a traceback. Exit codes: 0 success, 2 bad input or usage (one line naming
the file, row or field), 3 a store or server that cannot be reached.

Commands: {index}
"""


@contextmanager
def _columns(width: int):
    """argparse sizes its help from ``COLUMNS``; fix it while formatting."""
    before = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(width)
    try:
        yield
    finally:
        if before is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = before


def command_help(*, columns: int = HELP_COLUMNS) -> dict[str, str]:
    """The help text of ``kam`` and of each command, in the order ``kam --help`` lists them.

    Returns
    -------
    dict
        ``{"kam": ..., "kam validate": ..., ...}``: what ``kam [COMMAND] --help`` prints.
    """
    parser = build_parser()
    # argparse has no public way to reach the sub-parsers; the COMMAND argument holds them.
    commands = next(action.choices for action in parser._actions
                    if isinstance(action, argparse._SubParsersAction))
    with _columns(columns):
        helps = {"kam": parser.format_help()}
        for name, command in commands.items():
            helps[f"kam {name}"] = command.format_help()
    return helps


def cli_reference(*, columns: int = HELP_COLUMNS) -> str:
    """The Markdown page ``docs/cli.md``: every command's help in a text block."""
    helps = command_help(columns=columns)
    index = ", ".join(f"[`{name}`](#{name.replace(' ', '-')})" for name in helps)
    parts = [_HEADER.format(columns=columns, refresh=REFRESH_COMMAND, index=index)]
    for name, text in helps.items():
        parts.append(f"## {name}\n\n```text\n{text.rstrip()}\n```\n")
    return "\n".join(parts)


def main() -> int:
    sys.stdout.buffer.write(cli_reference().encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
