"""The Neo4j store named on the command line: ``--uri``, ``--user``, ``--database``.

Each falls back to its environment variable (``KAM_NEO4J_URI``, ``KAM_NEO4J_USER``,
``KAM_NEO4J_DATABASE``); the password is read from ``KAM_NEO4J_PASSWORD`` only (by
:func:`graphlib_kam.store.open_store`), so it never shows in a shell history or a
process list.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
from collections.abc import Iterator, Mapping

from graphlib_kam.store import Store, open_store

__all__ = ["neo4j_settings", "open_store_from_args"]


def neo4j_settings(args: argparse.Namespace,
                   environ: Mapping[str, str] | None = None) -> dict[str, str | None]:
    """URI, user and database from ``args``, else the environment (the password is not
    here: :func:`~graphlib_kam.store.open_store` reads it).

    >>> ns = argparse.Namespace(uri=None, user="kam", database=None)
    >>> s = neo4j_settings(ns, {"KAM_NEO4J_URI": "bolt://db:7687", "KAM_NEO4J_USER": "x"})
    >>> s["uri"], s["user"], s["database"]
    ('bolt://db:7687', 'kam', None)
    """
    environ = os.environ if environ is None else environ
    return {
        "uri": getattr(args, "uri", None) or environ.get("KAM_NEO4J_URI"),
        "user": getattr(args, "user", None) or environ.get("KAM_NEO4J_USER") or "neo4j",
        "database": getattr(args, "database", None) or environ.get("KAM_NEO4J_DATABASE")
        or None,
    }


@contextlib.contextmanager
def open_store_from_args(args: argparse.Namespace,
                         environ: Mapping[str, str] | None = None) -> Iterator[Store]:
    """Open the Neo4j store that ``args`` and the environment name
    (:func:`~graphlib_kam.store.open_store`), yield it, close its driver after.

    Raises
    ------
    InputError
        No URI or a bad one (exit 2).
    StoreUnavailable
        A server that cannot be reached or refuses the login (exit 3).
    """
    if not getattr(args, "debug", False):
        _quiet_driver()
    settings = neo4j_settings(args, environ)
    with open_store(settings.pop("uri"), backend="neo4j", environ=environ,
                    **settings) as store:
        yield store


def _quiet_driver() -> None:
    """The driver logs retries and server notices; the command line reports in one line.

    A handler on the ``neo4j`` logger keeps Python from printing its warnings to stderr
    when the program has not set up logging (``--debug`` leaves them on).
    """
    logger = logging.getLogger("neo4j")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())
