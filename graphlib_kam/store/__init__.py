"""Stores of account maps: files (the embedded default) and Neo4j (for teams).

:func:`open_store` opens either from a folder or a URI. ``Neo4jStore`` is imported on
first use, so a program that only reads files never loads the Neo4j driver.
"""

from graphlib_kam.store.base import AccountInfo, Store
from graphlib_kam.store.file import (
    FileStore,
    dumps_map,
    load_map,
    load_map_revision,
    loads_map,
    map_history,
    save_map,
)
from graphlib_kam.store.history import Revision, who_saves
from graphlib_kam.store.opening import open_store

__all__ = ["AccountInfo", "FileStore", "Neo4jStore", "Revision", "Store", "dumps_map",
           "load_map", "load_map_revision", "loads_map", "map_history", "open_store",
           "save_map", "who_saves"]


def __getattr__(name: str):
    if name == "Neo4jStore":
        from graphlib_kam.store.neo4j import Neo4jStore

        return Neo4jStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
