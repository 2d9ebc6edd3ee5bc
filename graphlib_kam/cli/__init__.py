"""The ``kam`` command: parses arguments, calls graphlib_kam, prints what comes back.

Each command lives in a module of this package that defines ``register(subparsers)``;
errors a user can cause become one line on stderr and exit code 2 (3 for a store that
cannot be reached), never a traceback unless ``--debug`` is given.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from graphlib_kam.cli._common import terminal_safe_output
from graphlib_kam.errors import KamError
from graphlib_kam.text import t
from graphlib_kam.version import __version__

__all__ = ["main", "build_parser"]

COMMAND_MODULES = [
    "graphlib_kam.cli.core",
    "graphlib_kam.cli.importing",
    "graphlib_kam.cli.explore",
    "graphlib_kam.cli.influence",
    "graphlib_kam.cli.store",
    "graphlib_kam.cli.gaps",
    "graphlib_kam.cli.history",
    "graphlib_kam.cli.report",
]


class _OneLineParser(argparse.ArgumentParser):
    """A usage mistake is one line naming what was wrong, not a screen of usage."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(
        prog="kam",
        description=f"{t('cli.about', 'en')} ({t('cli.about', 'zh')}).",
    )
    parser.add_argument("--version", action="version", version=f"kam {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="show a traceback when something goes wrong")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    # `kam gaps MAP --debug` works as well as `kam --debug gaps MAP`: a user adds it at the
    # end of the command that failed. SUPPRESS keeps the top-level value when it is absent.
    for command in subparsers.choices.values():
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                             help="show a traceback when something goes wrong")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``kam`` with ``argv`` and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    # JSON escapes control characters itself, and a map written to standard output
    # (kam pull -o -) must stay the map.
    data_out = getattr(args, "format", "text") == "json" or getattr(args, "output", "") == "-"
    with terminal_safe_output(stdout=not data_out):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        return args.handler(args) or 0
    except KamError as err:
        if args.debug:
            raise
        print(f"kam: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("kam: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as err:
        # The system's refusals (disk full, file name too long, …) are the user's to
        # fix, not a bug: one line, exit 3 as a store failure.
        if args.debug:
            raise
        where = f"{err.filename}: " if err.filename else ""
        print(f"kam: error: {where}{err.strerror or err}", file=sys.stderr)
        return 3


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
