"""The public surface of graphlib_kam: what ``import graphlib_kam`` offers, pinned."""

from __future__ import annotations

import importlib
import importlib.metadata

import pytest

import graphlib_kam
from graphlib_kam import errors

PUBLIC = [
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


def test_all_is_pinned():
    assert sorted(graphlib_kam.__all__) == PUBLIC


def test_every_public_name_is_importable():
    for name in graphlib_kam.__all__:
        assert getattr(graphlib_kam, name) is not None, name


def test_public_names_are_re_exported_not_copies():
    from graphlib_kam import model, store
    from graphlib_kam.algorithms import graph
    from graphlib_kam.model import summary

    for module in (errors, graph, model, store, summary):
        for name in set(module.__all__) & set(graphlib_kam.__all__):
            assert getattr(graphlib_kam, name) is getattr(module, name), name


@pytest.mark.parametrize("module", [
    "graphlib_kam.errors", "graphlib_kam.algorithms.graph", "graphlib_kam.model",
    "graphlib_kam.model.vocab",
    "graphlib_kam.model.summary", "graphlib_kam.store", "graphlib_kam.store.base",
    "graphlib_kam.store.file", "graphlib_kam.cli",
])
def test_every_module_all_names_exist(module):
    mod = importlib.import_module(module)
    missing = [name for name in mod.__all__ if not hasattr(mod, name)]
    assert missing == []


def test_version_matches_the_installed_package():
    assert graphlib_kam.__version__ == importlib.metadata.version("graphlib-kam")


def test_error_hierarchy_and_exit_codes():
    assert issubclass(errors.MapFormatError, errors.MapError)
    assert issubclass(errors.MapValidationError, errors.MapError)
    assert issubclass(errors.StoreUnavailable, errors.StoreError)
    for name in ("MapError", "NotFoundError", "ConflictError", "InputError", "StoreError"):
        assert issubclass(getattr(errors, name), errors.KamError)
    assert errors.KamError.exit_code == 2
    assert errors.MapValidationError([]).exit_code == 2
    assert errors.ConflictError("x").exit_code == 2
    assert errors.StoreError.exit_code == 3 and errors.StoreUnavailable.exit_code == 3


def test_problem_renders_where_and_message():
    p = errors.Problem("stakeholders[3].role", "unknown value 'boss'")
    assert str(p) == "stakeholders[3].role: unknown value 'boss'"
    assert p.to_dict() == {"where": "stakeholders[3].role", "message": "unknown value 'boss'"}
    assert str(errors.Problem("", "whole file")) == "whole file"


def test_validation_error_message_counts_problems():
    one = errors.MapValidationError([errors.Problem("a", "b")], source="m.json")
    assert str(one) == "m.json: 1 problem: a: b"
    two = errors.MapValidationError([errors.Problem("a", "b"), errors.Problem("c", "d")])
    assert str(two) == "2 problems: a: b; c: d"
    assert two.source is None
