"""Analyses over an account map: influence paths and rank, coverage gaps, changes."""

from .analysis import Analysis, analyze, influence_analysis
from .changes import change_impact
from .coverage import (
    LinkQuality,
    StakeholderCoverage,
    best_approach_routes,
    coverage_score,
    coverage_status,
    is_covered,
    link_quality,
)
from .gaps import GAP_KINDS, SEVERITIES, Gap, coverage_gaps
from .influence import RankedStakeholder, brokers, hidden_power, influence_rank, ranking
from .matrix import InterestMatrix, MatrixCell, TalkingPoints, interest_matrix, level_concerns
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
from .plan import Plan, PlanStep, PlanTarget, penetration_plan
from .resilience import resilience
from .whatif import rank_changes, remove_people, route_changes, what_if_removed

__all__ = [
    "GAP_KINDS",
    "SEVERITIES",
    "Analysis",
    "ApproachRoute",
    "Gap",
    "InterestMatrix",
    "LinkQuality",
    "MatrixCell",
    "Plan",
    "PlanStep",
    "PlanTarget",
    "StakeholderCoverage",
    "TalkingPoints",
    "analyze",
    "best_approach_routes",
    "change_impact",
    "coverage_gaps",
    "coverage_score",
    "coverage_status",
    "interest_matrix",
    "is_covered",
    "level_concerns",
    "link_quality",
    "penetration_plan",
    "InfluencePath",
    "RankedStakeholder",
    "approach_routes",
    "best_approach_route",
    "best_route_strengths",
    "brokers",
    "hidden_power",
    "influence_analysis",
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
    "what_if_removed",
]
