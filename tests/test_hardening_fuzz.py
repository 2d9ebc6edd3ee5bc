"""Fuzzing the readers (issue #15, item 10 g): random bytes, random JSON and mutated example
files fed to every importer and to the map reader raise only the project's own errors
(:class:`~graphlib_kam.errors.KamError`; an importer's row problems are part of its
result), each within two seconds.

Every format of :data:`graphlib_kam.importers.FORMATS` is called the way
:mod:`graphlib_kam.workflows.importing` calls it: :func:`~graphlib_kam.importers.import_files`
with ``(name, bytes)`` pairs for the account formats, and
:func:`~graphlib_kam.importers.import_activities` into the bank example for the activity
formats. No Hypothesis database is written (``database=None``). 20 examples a test by
default (about 15 s in all); ``KAM_FUZZ_EXAMPLES=300`` searches longer.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphlib_kam.errors import KamError
from graphlib_kam.importers import ACTIVITY_FORMATS, FORMATS, import_activities, import_files
from graphlib_kam.store import load_map, loads_map

from .conftest import EXAMPLES

IMPORTS = EXAMPLES / "import"
BANK_MAP = load_map(EXAMPLES / "cn-bank-core-banking.kam.json")

# For each format: the files it reads, named as an export names them; the one that is
# fuzzed comes first, the others (a Salesforce export is several files) stay as they are.
SAMPLES: dict[str, list[Path]] = {
    "table": [IMPORTS / "stakeholders-en.csv"],
    "orgchart": [IMPORTS / "orgchart.csv"],
    "salesforce": [IMPORTS / "salesforce" / name for name in (
        "OpportunityContactRole.csv", "Contact.csv", "Opportunity.csv", "Account.csv",
        "User.csv")],
    "hubspot": [IMPORTS / "hubspot-contacts.csv"],
    "kumu": [IMPORTS / "kumu-committee.json"],
    "edgelist": [],  # made below: no edge list ships with the examples
    "matrix": [],
    "ics": [IMPORTS / "meetings.ics"],
    "salesforce-activities": [IMPORTS / "salesforce-tasks.csv"],
    "hubspot-activities": [IMPORTS / "hubspot-activities.csv"],
}
WORKBOOKS = {"table": IMPORTS / "committee.xlsx", "kumu": IMPORTS / "kumu-committee.xlsx"}
MADE = {"edgelist": ("ELadv.txt", b"1 2 3\n2 3 1\n3 1 0.5\n4 1 2\n"),
        "matrix": ("ELwork.txt", b"0 1 0\n1 0 1\n0 1 0\n")}

FUZZ = settings(max_examples=int(os.environ.get("KAM_FUZZ_EXAMPLES", "20")),
                deadline=timedelta(seconds=2), database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def test_every_importer_has_a_sample():
    assert set(SAMPLES) == set(FORMATS)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=5)
    | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=30,
)


@st.composite
def mutated(draw, original: bytes) -> bytes:
    """``original`` with a few random edits: bytes replaced, inserted, deleted, cut."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(["replace", "insert", "delete", "cut", "repeat"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if action == "replace" and data:
            data[at] = draw(st.integers(0, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8)
                               | st.sampled_from([b",", b"\"", b"\n", b"\x00", b"{", b"\xff",
                                                  b"\r\n", b";", b"\t", b"=", b"\\"]))
        elif action == "delete":
            del data[at:at + draw(st.integers(1, 16))]
        elif action == "cut":
            del data[at:]
        elif action == "repeat":
            data[at:at] = data[at:at + draw(st.integers(1, 64))] * draw(st.integers(2, 20))
    return bytes(data)


def inputs_for(fmt: str) -> st.SearchStrategy[tuple[str, bytes]]:
    """The first input file of ``fmt``: its name and hostile content."""
    if fmt in MADE:
        name, sample = MADE[fmt]
    else:
        name, sample = SAMPLES[fmt][0].name, SAMPLES[fmt][0].read_bytes()
    contents = [st.binary(max_size=2000),
                JSON_VALUES.map(lambda v: json.dumps(v).encode()),
                mutated(sample)]
    plain = st.tuples(st.just(name), st.one_of(contents))
    if fmt not in WORKBOOKS:
        return plain
    book = WORKBOOKS[fmt]
    return plain | st.tuples(st.just(book.name), mutated(book.read_bytes()))


def run_importer(fmt: str, first: tuple[str, bytes]) -> None:
    files = [first] + [(p.name, p.read_bytes()) for p in SAMPLES[fmt][1:]]
    if fmt in ACTIVITY_FORMATS:
        import_activities(fmt, files, BANK_MAP)
    else:
        import_files(fmt, files, account_id="fuzz")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_an_importer_raises_only_clean_errors_on_hostile_input(fmt):
    # Read the samples once first: what an importer loads on first use (a module, a
    # codec) is not counted against the first example's deadline.
    run_importer(fmt, MADE.get(fmt) or (SAMPLES[fmt][0].name, SAMPLES[fmt][0].read_bytes()))
    if fmt in WORKBOOKS:
        run_importer(fmt, (WORKBOOKS[fmt].name, WORKBOOKS[fmt].read_bytes()))

    @FUZZ
    @given(first=inputs_for(fmt))
    def check(first):
        with contextlib.suppress(KamError):
            run_importer(fmt, first)

    check()


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_importer_reads_its_sample(fmt):
    """The samples the fuzzing starts from are read: the mutations start from valid input."""
    first = MADE.get(fmt) or (SAMPLES[fmt][0].name, SAMPLES[fmt][0].read_bytes())
    run_importer(fmt, first)


MAPS = sorted(EXAMPLES.glob("*.kam.json"))
MAP_INPUTS = st.one_of(
    st.binary(max_size=2000),
    JSON_VALUES.map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries({"schema": st.just("kam/1"), "account": JSON_VALUES,
                           "stakeholders": JSON_VALUES, "relationships": JSON_VALUES,
                           "coverage": JSON_VALUES, "team": JSON_VALUES})
    .map(lambda v: json.dumps(v).encode()),
    st.sampled_from(MAPS).flatmap(lambda p: mutated(p.read_bytes())),
)


@FUZZ
@given(raw=MAP_INPUTS)
def test_loads_map_raises_only_clean_errors(raw):
    with contextlib.suppress(KamError):
        loads_map(raw, source="fuzz.kam.json")
    with contextlib.suppress(KamError):
        loads_map(raw.decode("utf-8", "replace"), source="fuzz.kam.json")


@FUZZ
@given(raw=MAP_INPUTS)
def test_load_map_raises_only_clean_errors(raw):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.kam.json"
        path.write_bytes(raw)
        with contextlib.suppress(KamError):
            load_map(path)
