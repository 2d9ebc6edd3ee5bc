"""Parts built on first use say what the whole analysis says.

``analyze`` computes the rank, the coverage, the score, the support and the best routes
when it is called, and the ranking, the gaps, the plan and the interest matrix when they
are first read; ``account_row`` builds a portfolio row from the gaps without the plan.
Both must give, word for word, what the analysis built all at once gives — and, for the
row, what the networkx analysis (influence graph, ``influence_rank``) gives.
"""

from __future__ import annotations

import datetime as dt

import pytest

from graphlib_kam.algorithms.analysis import analyze
from graphlib_kam.algorithms.context import AnalysisContext
from graphlib_kam.algorithms.coverage import coverage_score, support_score
from graphlib_kam.algorithms.gaps import coverage_gaps, gaps_in_context
from graphlib_kam.algorithms.graph import influence_graph
from graphlib_kam.algorithms.influence import influence_rank, ranking
from graphlib_kam.algorithms.matrix import interest_matrix
from graphlib_kam.algorithms.plan import plan_in_context
from graphlib_kam.model.synthetic import generate_account
from graphlib_kam.settings import Settings
from graphlib_kam.store import load_map
from graphlib_kam.workflows.portfolio import PORTFOLIO_COLUMNS, account_row, at_risk

AS_OF = dt.date(2026, 11, 28)
LATER = dt.date(2027, 6, 1)  # most contacts stale: other gaps, other steps
LAZY = ("ranking", "gaps", "plan", "matrix")


def eager(amap, settings: Settings) -> dict:
    """The parts of an analysis built one after another on one context."""
    ctx = AnalysisContext(amap, settings)
    return {
        "ranking": ranking(amap, ctx.rank),
        "gaps": {lang: [g.to_dict(lang) for g in gaps_in_context(ctx)] for lang in ("en", "zh")},
        "plan": {lang: plan_in_context(ctx).to_dict(lang) for lang in ("en", "zh")},
        "matrix": interest_matrix(amap).to_dict("en"),
    }


def read(analysis, order: tuple[str, ...]) -> dict:
    """The same parts read from an analysis, in the order given."""
    for name in order:
        getattr(analysis, name)
    return {
        "ranking": analysis.ranking,
        "gaps": {lang: [g.to_dict(lang) for g in analysis.gaps] for lang in ("en", "zh")},
        "plan": {lang: analysis.plan.to_dict(lang) for lang in ("en", "zh")},
        "matrix": analysis.matrix.to_dict("en"),
    }


def networkx_row(amap, settings: Settings, lang: str) -> dict:
    """A portfolio row from the networkx analysis: graph, PageRank, score, gaps."""
    graph = influence_graph(amap, settings=settings.influence)
    rank = influence_rank(graph, alpha=settings.alpha)
    score = coverage_score(amap, settings=settings, graph=graph, rank=rank)
    gaps = coverage_gaps(amap, settings=settings, graph=graph, rank=rank)
    top = gaps[0].to_dict(lang) if gaps else None
    return {
        "id": amap.account.id, "name": amap.account.name or amap.account.id,
        "revision": amap.revision, "stakeholders": len(amap.stakeholders), "score": score,
        "support": support_score(amap, settings=settings, graph=graph, rank=rank),
        "high_gaps": len([g for g in gaps if g.severity == "high"]), "gaps": len(gaps),
        "top_gap": top and {k: top[k] for k in ("kind", "severity", "stakeholder", "message",
                                                  "action")},
        "deal": amap.deal.to_dict() if amap.deal else None, "at_risk": at_risk(amap, score),
        "location": "there", "error": None,
    }


def analysis_row(analysis, lang: str) -> dict:
    """The same row read from a whole analysis."""
    amap, gaps = analysis.amap, analysis.gaps
    top = gaps[0].to_dict(lang) if gaps else None
    return {
        "id": amap.account.id, "name": amap.account.name or amap.account.id,
        "revision": amap.revision, "stakeholders": len(amap.stakeholders),
        "score": analysis.score, "support": analysis.support,
        "high_gaps": analysis.gaps_by_severity()["high"], "gaps": len(gaps),
        "top_gap": top and {k: top[k] for k in ("kind", "severity", "stakeholder", "message",
                                                  "action")},
        "deal": amap.deal.to_dict() if amap.deal else None,
        "at_risk": at_risk(amap, analysis.score), "location": "there", "error": None,
    }


@pytest.mark.parametrize("as_of", [AS_OF, LATER])
def test_an_example_analysed_lazily_says_what_the_eager_analysis_says(example_path, as_of):
    amap = load_map(example_path)
    analysis = analyze(amap, settings=Settings(as_of=as_of))
    assert not any(name in vars(analysis) for name in LAZY)  # nothing built yet
    assert read(analysis, ("plan", "gaps")) == eager(amap, analysis.settings)
    assert read(analyze(amap, settings=Settings(as_of=as_of)), ("gaps", "plan")) == \
        eager(amap, analysis.settings)


@pytest.mark.parametrize("size,seed", [(1, 0), (12, 3), (40, 7), (200, 5)])
def test_a_synthetic_analysis_read_in_any_order_is_the_eager_analysis(size, seed):
    amap = generate_account(size, seed=seed)
    expected = eager(amap, Settings(as_of=AS_OF))
    for order in (("gaps", "plan"), ("plan", "gaps"), ("matrix", "ranking")):
        assert read(analyze(amap, settings=Settings(as_of=AS_OF)), order) == expected


def test_an_analysis_builds_its_words_once():
    analysis = analyze(generate_account(40, seed=7), settings=Settings(as_of=AS_OF))
    assert analysis.gaps is analysis.gaps and analysis.plan is analysis.plan
    # a gap's action about someone the plan reaches is the plan step's own sentence
    steps = {step.target: step for step in analysis.plan.steps}
    pairs = [(gap, steps[gap.stakeholder]) for gap in analysis.gaps
             if gap.route is not None and gap.stakeholder in steps]
    assert len(pairs) > 5 and all(gap.action is step.text for gap, step in pairs)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_example_row_is_the_row_of_the_whole_analysis(example_path, lang):
    amap = load_map(example_path)
    for as_of in (AS_OF, LATER):
        settings = Settings(as_of=as_of)
        row = account_row(amap, settings=settings, lang=lang, location="there")
        assert tuple(row) == PORTFOLIO_COLUMNS
        assert row == analysis_row(analyze(amap, settings=settings), lang)
        assert row == networkx_row(amap, settings, lang)


@pytest.mark.parametrize("size,seed", [(1, 4), (12, 3), (40, 7), (40, 11), (200, 5)])
def test_a_synthetic_row_is_the_row_of_the_whole_analysis(size, seed):
    amap = generate_account(size, seed=seed)
    settings = Settings(as_of=AS_OF)
    row = account_row(amap, settings=settings, location="there")
    assert row == analysis_row(analyze(amap, settings=settings), "en")
    assert row == networkx_row(amap, settings, "en")
