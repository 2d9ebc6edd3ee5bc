"""graphlib_kam: decision-chain relationship graphs for key-account sales.

The package re-exports the public surface; see the submodules for details. The graph
builders come from :mod:`graphlib_kam.algorithms.graph` on first use, so that importing the
package (and starting ``kam``) does not load networkx.
"""

from graphlib_kam.errors import (
    ConflictError,
    InputError,
    KamError,
    MapError,
    MapFormatError,
    MapValidationError,
    NotFoundError,
    Problem,
    StoreError,
    StoreUnavailable,
)
from graphlib_kam.model import (
    Account,
    AccountMap,
    CoverageLink,
    Relationship,
    Stakeholder,
    TeamMember,
    parse_map,
    validate_map,
)
from graphlib_kam.model.summary import map_summary
from graphlib_kam.settings import InfluenceSettings
from graphlib_kam.store import (
    AccountInfo,
    FileStore,
    Store,
    dumps_map,
    load_map,
    loads_map,
    save_map,
)
from graphlib_kam.version import __version__ as __version__

__all__ = [
    "Account",
    "AccountInfo",
    "AccountMap",
    "ConflictError",
    "CoverageLink",
    "FileStore",
    "InfluenceSettings",
    "InputError",
    "KamError",
    "MapError",
    "MapFormatError",
    "MapValidationError",
    "NotFoundError",
    "Problem",
    "Relationship",
    "Stakeholder",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "TeamMember",
    "coverage_graph",
    "dumps_map",
    "influence_graph",
    "load_map",
    "loads_map",
    "map_summary",
    "org_chart",
    "parse_map",
    "save_map",
    "validate_map",
]

#: Names re-exported from modules that load networkx, imported when first asked for.
_LAZY = {name: "graphlib_kam.algorithms.graph"
         for name in ("coverage_graph", "influence_graph", "org_chart")}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'graphlib_kam' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
