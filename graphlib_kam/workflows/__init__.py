"""Workflows that both faces offer — the ``kam`` command and the explorer call these.

* :mod:`~graphlib_kam.workflows.importing` — import files into a map (merging into the
  one there, with the revision check) or into a folder, one map per account;
* :mod:`~graphlib_kam.workflows.push` — push maps to a store and bring each file up to
  the store's revision;
* :mod:`~graphlib_kam.workflows.paths` — the strongest paths, or the approach routes;
* :mod:`~graphlib_kam.workflows.whatif` — what losing some people changes, computed once;
* :mod:`~graphlib_kam.workflows.portfolio` — one row per account across a store.
"""

from graphlib_kam.workflows.importing import (
    ImportedMap,
    default_account_id,
    import_into,
    import_targets,
)
from graphlib_kam.workflows.paths import find_paths
from graphlib_kam.workflows.portfolio import PORTFOLIO_COLUMNS, account_row, portfolio_rows
from graphlib_kam.workflows.push import load_map_files, map_files, push_maps
from graphlib_kam.workflows.whatif import what_if

__all__ = [
    "PORTFOLIO_COLUMNS",
    "ImportedMap",
    "account_row",
    "default_account_id",
    "find_paths",
    "import_into",
    "import_targets",
    "load_map_files",
    "map_files",
    "portfolio_rows",
    "push_maps",
    "what_if",
]
