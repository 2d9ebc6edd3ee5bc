"""Analyses over an account map: influence paths and rank, coverage gaps, changes."""

from graphlib_kam.algorithms.analysis import Analysis, analyze, influence_analysis
from graphlib_kam.algorithms.changes import change_impact
from graphlib_kam.algorithms.compare import rank_changes, route_changes
from graphlib_kam.algorithms.context import AnalysisContext
from graphlib_kam.algorithms.coverage import (
    LinkQuality,
    StakeholderCoverage,
    best_approach_routes,
    coverage_score,
    coverage_status,
    is_covered,
    link_quality,
    support_score,
)
from graphlib_kam.algorithms.gaps import (
    GAP_KINDS,
    SEVERITIES,
    Gap,
    coverage_gap_kind,
    coverage_gaps,
)
from graphlib_kam.algorithms.influence import (
    RankedStakeholder,
    brokers,
    hidden_power,
    influence_rank,
    ranking,
)
from graphlib_kam.algorithms.matrix import (
    InterestMatrix,
    MatrixCell,
    TalkingPoints,
    interest_matrix,
    level_concerns,
)
from graphlib_kam.algorithms.paths import (
    ApproachRoute,
    InfluencePath,
    approach_routes,
    best_approach_route,
    best_route_strengths,
    opposer_ids,
    opposers_in,
    path_strength,
    route_key,
    strongest_path,
    strongest_paths,
)
from graphlib_kam.algorithms.plan import (
    STAGE_ORDER,
    Plan,
    PlanStep,
    PlanTarget,
    penetration_plan,
)
from graphlib_kam.algorithms.resilience import resilience
from graphlib_kam.algorithms.whatif import remove_people, what_if_removed

__all__ = [
    "GAP_KINDS",
    "SEVERITIES",
    "STAGE_ORDER",
    "Analysis",
    "AnalysisContext",
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
    "coverage_gap_kind",
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
    "opposers_in",
    "path_strength",
    "rank_changes",
    "ranking",
    "remove_people",
    "resilience",
    "route_changes",
    "route_key",
    "strongest_path",
    "strongest_paths",
    "support_score",
    "what_if_removed",
]
