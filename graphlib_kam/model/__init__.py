"""The account map: the kam/1 data model, its vocabulary and its JSON codec.

* :mod:`~graphlib_kam.model.account_map` — the dataclasses, :func:`parse_map` and
  :func:`validate_map` (every rule a map must keep, with a path for each problem);
* :mod:`~graphlib_kam.model.vocab` — roles, levels, statuses and relationship kinds, and
  the English/Chinese synonyms importers accept;
* :mod:`~graphlib_kam.model.codec` — kam/1 JSON text to a map and back;
* :mod:`~graphlib_kam.model.summary` — counts for ``kam validate`` and the explorer;
* :mod:`~graphlib_kam.model.synthetic` — generated accounts for tests and benchmarks.
"""

from graphlib_kam.model.account_map import (
    SCHEMA,
    Account,
    AccountMap,
    Activity,
    CoverageLink,
    Deal,
    Relationship,
    Stakeholder,
    Task,
    TeamMember,
    parse_date,
    parse_map,
    validate_map,
)
from graphlib_kam.model.codec import MAX_MAP_BYTES, dumps_map, loads_map

__all__ = [
    "MAX_MAP_BYTES",
    "SCHEMA",
    "Account",
    "AccountMap",
    "Activity",
    "CoverageLink",
    "Deal",
    "Relationship",
    "Stakeholder",
    "Task",
    "TeamMember",
    "dumps_map",
    "loads_map",
    "parse_date",
    "parse_map",
    "validate_map",
]
