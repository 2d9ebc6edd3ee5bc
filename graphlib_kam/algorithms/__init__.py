"""Analyses over an account map: influence paths and rank, coverage gaps, changes."""

from .influence import RankedStakeholder, brokers, hidden_power, influence_rank, ranking
from .paths import (
    ApproachRoute,
    InfluencePath,
    approach_routes,
    best_approach_route,
    best_route_strengths,
    opposer_ids,
    path_strength,
    strongest_path,
    strongest_paths,
)
from .resilience import resilience
from .whatif import rank_changes, remove_people, route_changes

__all__ = [
    "ApproachRoute",
    "InfluencePath",
    "RankedStakeholder",
    "approach_routes",
    "best_approach_route",
    "best_route_strengths",
    "brokers",
    "hidden_power",
    "influence_rank",
    "opposer_ids",
    "path_strength",
    "rank_changes",
    "ranking",
    "remove_people",
    "resilience",
    "route_changes",
    "strongest_path",
    "strongest_paths",
]
