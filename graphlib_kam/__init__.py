"""graphlib_kam: decision-chain relationship graphs for key-account sales.

The package re-exports the public surface; see the submodules for details.
"""

from graphlib_kam.algorithms.graph import (
    InfluenceSettings,
    coverage_graph,
    influence_graph,
    org_chart,
)
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
