"""Stores of account maps: files (the embedded default) and Neo4j (for teams)."""

from .base import AccountInfo, Store
from .file import FileStore, dumps_map, load_map, loads_map, save_map

__all__ = ["AccountInfo", "FileStore", "Store", "dumps_map", "load_map", "loads_map", "save_map"]
