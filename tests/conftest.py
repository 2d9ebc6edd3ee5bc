"""Shared fixtures: the bundled examples, the real data sets, a real Neo4j server."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from tests.neo4j_server.fixtures import neo4j_driver, neo4j_server  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
REAL_DATA = ROOT.parent / "shared" / "data" / "real"
AS_OF = "2026-11-28"

# make mutation (--hypothesis-profile=mutation): the same examples for every mutant, so a
# mutant's verdict does not depend on the draw.
settings.register_profile("mutation", derandomize=True, database=None, deadline=None)


def pytest_collection_modifyitems(config, items):
    """make mutation judges mutants by the example tests alone: the Hypothesis property
    tests take most of the run's time on a shared machine (docs/mutation.md)."""
    if config.getoption("hypothesis_profile", None) != "mutation":
        return
    properties = [item for item in items
                  if getattr(getattr(item, "obj", None), "is_hypothesis_test", False)]
    if properties:
        config.hook.pytest_deselected(items=properties)
        items[:] = [item for item in items if item not in properties]


def example_paths() -> list[Path]:
    return sorted(EXAMPLES.glob("*.kam.json"))


@pytest.fixture(params=example_paths(), ids=lambda p: p.name.removesuffix(".kam.json"))
def example_path(request) -> Path:
    """Each bundled example map in turn."""
    return request.param


@pytest.fixture
def real_data() -> Path:
    """The folder of real files written by others; skipped when it is absent."""
    if not REAL_DATA.is_dir():
        pytest.skip(f"real data folder {REAL_DATA} is absent (optional outside resource)")
    return REAL_DATA
