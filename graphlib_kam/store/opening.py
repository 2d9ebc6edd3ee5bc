"""One way to open a store: a folder of maps, or a Neo4j server named by its URI.

:func:`open_store` is what the command line and the explorer call; the Neo4j password
is read here, from ``KAM_NEO4J_PASSWORD``, and nowhere else.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from graphlib_kam.errors import InputError
from graphlib_kam.store.base import Store
from graphlib_kam.store.file import FileStore

__all__ = ["PASSWORD_VARIABLE", "open_store"]

PASSWORD_VARIABLE = "KAM_NEO4J_PASSWORD"
"""The environment variable the Neo4j password is read from (never an option)."""

_BACKENDS = ("file", "neo4j")


def open_store(
    url_or_path: str | os.PathLike | None,
    *,
    backend: str | None = None,
    user: str | None = None,
    database: str | None = None,
    environ: Mapping[str, str] | None = None,
    **config: Any,
) -> Store:
    """The store at ``url_or_path``: a folder's :class:`~graphlib_kam.store.FileStore`,
    or a checked :class:`~graphlib_kam.store.neo4j.Neo4jStore` for a Bolt URI.

    Close it when done (``with open_store(...) as store:``): a Neo4j store closes the
    driver it made; a file store has nothing to close.

    Parameters
    ----------
    url_or_path : str or path-like
        A folder of maps, or ``bolt://``, ``neo4j://`` (and their ``+s``/``+ssc``
        variants) ``HOST[:PORT]``.
    backend : {"file", "neo4j"}, optional, keyword-only
        Insist on one kind of store (``"neo4j"``: a text without ``://`` is refused as
        a URI rather than looked for as a folder). By default the text decides.
    user, database : str, optional, keyword-only
        The Neo4j login name (default ``neo4j``) and database (the server's default).
    environ : mapping, optional, keyword-only
        Where ``KAM_NEO4J_PASSWORD`` is read (default ``os.environ``); unset, the driver
        sends no credentials.
    **config
        Driver settings (``connection_timeout``, …).

    Returns
    -------
    Store

    Raises
    ------
    InputError
        No URI, a URI that is not Bolt's, or a file where a folder was expected
        (exit 2).
    NotFoundError
        A folder that does not exist (exit 2).
    StoreUnavailable
        A server that cannot be reached or refuses the login (exit 3).

    Examples
    --------
    >>> import tempfile
    >>> open_store(tempfile.mkdtemp())  # doctest: +ELLIPSIS
    FileStore('...')
    >>> open_store("http://db.example.com")
    Traceback (most recent call last):
    ...
    graphlib_kam.errors.InputError: 'http://db.example.com' is not a Neo4j URI: expected \
bolt://HOST:PORT or neo4j://HOST:PORT (schemes: bolt, bolt+s, bolt+ssc, neo4j, neo4j+s, \
neo4j+ssc)
    """
    if backend is not None and backend not in _BACKENDS:
        raise InputError(f"unknown store {backend!r}; expected one of {', '.join(_BACKENDS)}")
    text = "" if url_or_path is None else os.fspath(url_or_path)
    if backend == "file" or (backend is None and text.strip() and "://" not in text):
        return FileStore(text)
    from graphlib_kam.store.neo4j import Neo4jStore

    environ = os.environ if environ is None else environ
    return Neo4jStore.open(text, user=user, password=environ.get(PASSWORD_VARIABLE),
                           database=database or None, **config)
