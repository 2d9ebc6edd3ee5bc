"""The map builder: bulk methods do exactly what the one-at-a-time methods do."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from graphlib_kam.importers._build import MapBuilder
from graphlib_kam.model import Account, Stakeholder, validate_map

_IDS = st.sampled_from(["a", "b", "c", "d", ""])
_NAMES = st.sampled_from(["Li Na", "li  na", "王建国", "王 建国", "Wu", ""])
_REFS = st.sampled_from(["a", "b", "c", "d", "Li Na", "王建国", "nobody", "Wu"])
_KINDS = st.sampled_from(["influences", "reports-to", "allied", "conflict"])
_STRENGTHS = st.sampled_from([None, 0.3, 0.8])


def _report(result):
    return ([(p.where, p.message) for p in result.problems],
            [(n.where, n.message) for n in result.notes])


def _map(result):
    return result.map.to_dict(), result.given, result.made_ids


@given(people=st.lists(st.tuples(_IDS, _NAMES), max_size=6),
       links=st.lists(st.tuples(_REFS, _REFS, _KINDS, _STRENGTHS), max_size=8),
       columns=st.booleans())
@settings(max_examples=300, deadline=None)
def test_bulk_and_one_at_a_time_give_the_same_map_and_report(people, links, columns):
    results = []
    for bulk in (False, True):
        builder = MapBuilder(Account(id="x"), bulk=bulk)
        persons = [Stakeholder(id=i, name=n) for i, n in people]
        wheres = [f"p.csv row {k + 2}" for k in range(len(persons))]
        builder.add_stakeholders(persons, wheres, [frozenset({"name"})] * len(persons))
        if columns:
            builder.relate_columns([s for s, _, _, _ in links], [t for _, t, _, _ in links],
                                   [k for _, _, k, _ in links], [w for _, _, _, w in links],
                                   lambda k: f"l.csv row {k + 2}")
        else:
            for k, (source, target, kind, strength) in enumerate(links):
                builder.relate(source, target, kind, where=f"l.csv row {k + 2}",
                               strength=strength)
        results.append(builder.finish())
    one, bulk = results
    assert _map(bulk) == _map(one)
    assert _report(bulk) == _report(one)
    assert validate_map(bulk.map) == []


def test_a_clean_bulk_input_gives_every_person_and_link():
    builder = MapBuilder(Account(id="x"))
    people = [Stakeholder(id=f"s{i}", name=f"Person {i}") for i in range(1000)]
    ids = builder.add_stakeholders(people, [("t", k) for k in range(1000)],
                                   [frozenset({"name"})] * 1000)
    assert ids == [f"s{i}" for i in range(1000)]
    builder.relate_columns([f"s{i}" for i in range(999)], [f"s{i + 1}" for i in range(999)],
                           ["influences"] * 999, [0.5] * 999, lambda k: ("t", k))
    result = builder.finish()
    assert len(result.map.relationships) == 999 and result.problems == []
    assert result.given["s7"] == {"name"}
