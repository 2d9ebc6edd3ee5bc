"""The kam/1 model: parsing, validation messages, vocabulary, defaults and round trips."""

from __future__ import annotations

import copy
import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphlib_kam.errors import MapFormatError, MapValidationError, Problem
from graphlib_kam.model import (
    Account,
    AccountMap,
    CoverageLink,
    Relationship,
    Stakeholder,
    TeamMember,
    parse_date,
    parse_map,
    validate_map,
)
from graphlib_kam.model.vocab import LEVELS, RELATIONSHIP_KINDS, ROLES, STATUSES
from graphlib_kam.store import dumps_map, load_map, loads_map


def small_map(**overrides) -> dict:
    """A valid kam/1 document: two stakeholders, one team member, one link of each kind."""
    data = {
        "schema": "kam/1",
        "revision": 2,
        "account": {"id": "acme", "name": "Acme Bank", "industry": "banking"},
        "team": [{"id": "t-li", "name": "Li Na", "title": "Account Executive"}],
        "stakeholders": [
            {"id": "s-ceo", "name": "王建国", "role": "decision-maker", "level": "executive"},
            {"id": "s-cto", "name": "Zhang Wei", "role": "influencer", "level": "management"},
        ],
        "relationships": [
            {"source": "s-cto", "target": "s-ceo", "kind": "influences", "strength": 0.8},
        ],
        "coverage": [
            {"member": "t-li", "stakeholder": "s-cto", "strength": 0.7,
             "last_contact": "2026-11-02"},
        ],
    }
    data.update(overrides)
    return data


def problems_of(data) -> list[Problem]:
    with pytest.raises(MapValidationError) as info:
        parse_map(data, source="m.json")
    return info.value.problems


def only_problem(data) -> Problem:
    problems = problems_of(data)
    assert len(problems) == 1, problems
    return problems[0]


# --- a valid map ---------------------------------------------------------------------

def test_parse_small_map_reads_every_field():
    m = parse_map(small_map())
    assert m.account == Account("acme", "Acme Bank", "banking")
    assert m.revision == 2
    assert m.team == [TeamMember("t-li", "Li Na", "Account Executive")]
    assert [s.id for s in m.stakeholders] == ["s-ceo", "s-cto"]
    assert m.relationships == [Relationship("s-cto", "s-ceo", "influences", 0.8)]
    assert m.coverage == [CoverageLink("t-li", "s-cto", 0.7, dt.date(2026, 11, 2))]
    assert m.stakeholder("s-ceo").name == "王建国"
    assert m.member("t-li").name == "Li Na"
    assert validate_map(m) == []


def test_lookup_of_missing_id_raises_key_error():
    m = parse_map(small_map())
    with pytest.raises(KeyError):
        m.stakeholder("nobody")
    with pytest.raises(KeyError):
        m.member("nobody")


def test_missing_schema_is_read_as_kam1():
    data = small_map()
    del data["schema"]
    assert parse_map(data).to_dict()["schema"] == "kam/1"


def test_copy_is_deep():
    m = parse_map(small_map())
    c = m.copy()
    c.stakeholders[0].tags.append("champion")
    c.stakeholders[1].name = "changed"
    assert m.stakeholders[0].tags == []
    assert m.stakeholders[1].name == "Zhang Wei"
    assert c != m


def _mutable_parts(amap) -> list:
    """Every list, dict and record of the map, nested extras included."""
    found = []

    def walk(value) -> None:
        if isinstance(value, (list, dict)) or hasattr(value, "__dataclass_fields__"):
            found.append(value)
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                walk(getattr(value, name))

    walk(amap)
    return found


def test_copy_equals_the_original_and_shares_no_mutable_state(example_path):
    m = load_map(example_path)
    m.extra["x-nested"] = {"list": [1, {"deep": True}]}
    m.stakeholders[0].extra["x-note"] = ["a", {"b": []}]
    c = m.copy()
    assert c == m and c.to_dict() == m.to_dict()
    original = {id(part) for part in _mutable_parts(m)}
    assert not original & {id(part) for part in _mutable_parts(c)}


def test_copy_does_not_serialise_or_validate(monkeypatch):
    from graphlib_kam.model import account_map

    m = parse_map(small_map())
    monkeypatch.setattr(account_map, "parse_map", None)
    m.stakeholders[0].stance = 7  # out of range: a copy keeps it, as it is
    assert m.copy() == m


# --- vocabulary and defaults ---------------------------------------------------------

@pytest.mark.parametrize(("given_role", "canonical"), [
    ("决策者", "decision-maker"),
    ("影响者", "influencer"),
    ("使用者", "user"),
    ("反对者", "opposer"),
    ("Decision Maker", "decision-maker"),
    ("decision_maker", "decision-maker"),
    ("End User", "user"),
    ("INFLUENCER", "influencer"),
])
def test_role_synonyms_are_stored_canonically(given_role, canonical):
    data = small_map()
    data["stakeholders"][0]["role"] = given_role
    m = parse_map(data)
    assert m.stakeholders[0].role == canonical
    assert m.to_dict()["stakeholders"][0]["role"] == canonical


@pytest.mark.parametrize(("given_level", "canonical"), [
    ("高层", "executive"),
    ("中层", "management"),
    ("基层", "operational"),
    ("Executive", "executive"),
    ("Middle Management", "management"),
    ("front-line", "operational"),
])
def test_level_synonyms_are_stored_canonically(given_level, canonical):
    data = small_map()
    data["stakeholders"][0]["level"] = given_level
    m = parse_map(data)
    assert m.stakeholders[0].level == canonical
    assert m.to_dict()["stakeholders"][0]["level"] == canonical


@pytest.mark.parametrize(("given_kind", "canonical"), [
    ("Reports To", "reports-to"), ("汇报给", "reports-to"), ("同盟", "allied"),
    ("冲突", "conflict"), ("影响", "influences"),
])
def test_relationship_kind_synonyms_are_stored_canonically(given_kind, canonical):
    data = small_map()
    data["relationships"][0]["kind"] = given_kind
    assert parse_map(data).relationships[0].kind == canonical


def test_status_synonyms():
    data = small_map()
    data["stakeholders"][0]["status"] = "离职"
    m = parse_map(data)
    assert m.stakeholders[0].status == "left"
    assert not m.stakeholders[0].active


@pytest.mark.parametrize(("role", "stance"), [
    ("opposer", -1), ("反对者", -1), ("decision-maker", 0), ("influencer", 0), ("user", 0),
])
def test_stance_defaults_to_minus_one_for_opposers_and_zero_otherwise(role, stance):
    m = parse_map({"account": {"id": "a"}, "stakeholders": [{"id": "x", "role": role}]})
    assert m.stakeholders[0].stance == stance


def test_explicit_stance_of_an_opposer_is_kept():
    m = parse_map({"account": {"id": "a"},
                   "stakeholders": [{"id": "x", "role": "opposer", "stance": 1}]})
    assert m.stakeholders[0].stance == 1
    assert m.stakeholders[0].is_opposer  # an opposer by role whatever the stance


def test_defaults_of_a_bare_stakeholder():
    m = parse_map({"account": {"id": "a"}, "stakeholders": [{"id": "x"}]})
    s = m.stakeholders[0]
    assert (s.power, s.stance, s.role, s.level, s.status) == (3, 0, "user", "operational",
                                                             "active")
    assert s.tags == [] and s.interests == [] and s.label == "x"
    assert m.revision == 1


def test_missing_strengths_default_as_documented():
    data = small_map()
    del data["relationships"][0]["strength"]
    del data["coverage"][0]["strength"]
    del data["coverage"][0]["last_contact"]
    m = parse_map(data)
    assert m.relationships[0].strength is None  # the graph applies its own default
    assert "strength" not in m.to_dict()["relationships"][0]
    assert m.coverage[0].strength == 0.5
    assert m.coverage[0].last_contact is None


def test_tags_given_as_comma_separated_text():
    data = small_map()
    data["stakeholders"][0]["tags"] = "champion, economic-buyer,"
    assert parse_map(data).stakeholders[0].tags == ["champion", "economic-buyer"]


def test_numbers_given_as_text_are_accepted():
    data = small_map()
    data["stakeholders"][0]["power"] = "5"
    data["stakeholders"][0]["stance"] = " -2 "
    data["relationships"][0]["strength"] = "0.25"
    m = parse_map(data)
    assert (m.stakeholders[0].power, m.stakeholders[0].stance) == (5, -2)
    assert m.relationships[0].strength == 0.25


def test_is_opposer_by_stance():
    m = parse_map({"account": {"id": "a"}, "stakeholders": [{"id": "x", "stance": -1},
                                                            {"id": "y", "stance": 0}]})
    assert [s.is_opposer for s in m.stakeholders] == [True, False]


# --- problems: each names the field path, what was found and what is allowed --------

def test_top_level_array_is_a_format_error():
    with pytest.raises(MapFormatError, match=r"m\.json: expected a JSON object.*a list"):
        parse_map([], source="m.json")


def test_missing_account():
    p = only_problem({"stakeholders": []})
    assert p.where == "account" and "missing" in p.message


def test_missing_stakeholder_id():
    data = small_map()
    del data["stakeholders"][1]["id"]
    problems = problems_of(data)
    assert problems[0].where == "stakeholders[1].id"
    assert "missing" in problems[0].message
    # what referred to the id is reported too, not silently dropped
    assert [p.where for p in problems[1:]] == ["relationships[0].source",
                                              "coverage[0].stakeholder"]


def test_blank_id_is_empty():
    data = small_map()
    data["team"][0]["id"] = "  "
    problems = problems_of(data)
    assert problems[0].where == "team[0].id" and "empty" in problems[0].message


def test_duplicate_stakeholder_id_names_both_places():
    data = small_map()
    data["stakeholders"][1]["id"] = "s-ceo"
    data["relationships"] = []
    data["coverage"] = []
    p = only_problem(data)
    assert p.where == "stakeholders[1].id"
    assert "duplicate id 's-ceo'" in p.message and "stakeholders[0]" in p.message


def test_duplicate_team_id():
    data = small_map(team=[{"id": "t"}, {"id": "t"}], coverage=[])
    assert only_problem(data).where == "team[1].id"


def test_id_shared_by_team_member_and_stakeholder():
    data = small_map(team=[{"id": "s-ceo", "name": "x"}], coverage=[])
    assert "'s-ceo'" in only_problem(data).message


@pytest.mark.parametrize(("end", "where"), [("source", "relationships[0].source"),
                                            ("target", "relationships[0].target")])
def test_relationship_to_missing_stakeholder(end, where):
    data = small_map()
    data["relationships"][0][end] = "s-ghost"
    p = only_problem(data)
    assert p.where == where
    assert p.message == "no stakeholder has the id 's-ghost'"


def test_coverage_of_missing_team_member_and_stakeholder():
    data = small_map()
    data["coverage"][0]["member"] = "t-ghost"
    data["coverage"][0]["stakeholder"] = "s-ghost"
    problems = problems_of(data)
    assert [(p.where, p.message) for p in problems] == [
        ("coverage[0].member", "no team member has the id 't-ghost'"),
        ("coverage[0].stakeholder", "no stakeholder has the id 's-ghost'"),
    ]


def test_self_loop():
    data = small_map()
    data["relationships"][0]["source"] = "s-ceo"
    p = only_problem(data)
    assert p.where == "relationships[0]" and "itself" in p.message


@pytest.mark.parametrize(("kind", "second"), [
    ("influences", ("s-cto", "s-ceo")),
    ("allied", ("s-ceo", "s-cto")),  # undirected: the reversed pair repeats it too
])
def test_repeated_relationship(kind, second):
    data = small_map()
    data["relationships"] = [{"source": "s-cto", "target": "s-ceo", "kind": kind},
                             {"source": second[0], "target": second[1], "kind": kind}]
    p = only_problem(data)
    assert p.where == "relationships[1]" and "relationships[0]" in p.message


def test_reversed_directed_relationship_is_not_a_repeat():
    data = small_map()
    data["relationships"].append({"source": "s-ceo", "target": "s-cto", "kind": "influences"})
    assert len(parse_map(data).relationships) == 2


def test_repeated_coverage_link():
    data = small_map()
    data["coverage"].append({"member": "t-li", "stakeholder": "s-cto"})
    assert only_problem(data).where == "coverage[1]"


@pytest.mark.parametrize(("value", "shown"), [
    (0, "found 0"), (1.5, "found 1.5"), (float("nan"), "found NaN"), ("high", "found 'high'"),
    (-0.2, "found -0.2"), (float("inf"), "found inf"), (True, "found True"),
])
def test_bad_relationship_strength(value, shown):
    data = small_map()
    data["relationships"][0]["strength"] = value
    p = only_problem(data)
    assert p.where == "relationships[0].strength"
    assert "greater than 0 and at most 1" in p.message and shown in p.message


@pytest.mark.parametrize("field", ["power", "stance"])
def test_an_integer_too_big_for_a_float_is_a_problem_not_a_crash(field):
    data = small_map()
    data["stakeholders"][0][field] = 10**400
    p = only_problem(data)
    assert p.where == f"stakeholders[0].{field}" and "whole number" in p.message


def test_strength_of_exactly_one_is_allowed():
    data = small_map()
    data["relationships"][0]["strength"] = 1
    data["coverage"][0]["strength"] = 1.0
    m = parse_map(data)
    assert m.relationships[0].strength == 1.0 and m.coverage[0].strength == 1.0


def test_bad_coverage_strength():
    data = small_map()
    data["coverage"][0]["strength"] = 0
    assert only_problem(data).where == "coverage[0].strength"


def test_unknown_role_lists_allowed_values_in_both_languages():
    data = small_map()
    data["stakeholders"][0]["role"] = "boss"
    p = only_problem(data)
    assert p.where == "stakeholders[0].role"
    assert "'boss'" in p.message
    for role in ROLES:
        assert role in p.message
    assert "决策者" in p.message and "反对者" in p.message


def test_unknown_level():
    data = small_map()
    data["stakeholders"][1]["level"] = "C-suite-ish"
    p = only_problem(data)
    assert p.where == "stakeholders[1].level"
    assert all(level in p.message for level in LEVELS)


def test_unknown_relationship_kind():
    data = small_map()
    data["relationships"][0]["kind"] = "friends"
    p = only_problem(data)
    assert p.where == "relationships[0].kind"
    assert "'friends'" in p.message
    assert all(kind in p.message for kind in RELATIONSHIP_KINDS)


def test_unknown_status():
    data = small_map()
    data["stakeholders"][0]["status"] = "retired?"
    p = only_problem(data)
    assert p.where == "stakeholders[0].status"
    assert all(status in p.message for status in STATUSES)


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("stance", 7, "7 is out of range; expected -2 to 2"),
    ("stance", -3, "-3 is out of range; expected -2 to 2"),
    ("stance", 1.5, "expected a whole number from -2 to 2, found 1.5"),
    ("stance", float("nan"), "found NaN"),
    ("stance", "positive", "found 'positive'"),
    ("power", 0, "0 is out of range; expected 1 to 5"),
    ("power", 6, "6 is out of range; expected 1 to 5"),
    ("power", False, "found False"),
])
def test_bad_stance_and_power(field, value, expected):
    data = small_map()
    data["stakeholders"][0][field] = value
    p = only_problem(data)
    assert p.where == f"stakeholders[0].{field}"
    assert expected in p.message


@pytest.mark.parametrize("value", ["2026-02-30", "2026-13-01", "yesterday", 20260101])
def test_impossible_date(value):
    data = small_map()
    data["coverage"][0]["last_contact"] = value
    p = only_problem(data)
    assert p.where == "coverage[0].last_contact"
    assert "not a valid date; expected YYYY-MM-DD" in p.message


def test_parse_date_accepts_iso_dates_and_datetimes():
    assert parse_date("2026-11-02") == dt.date(2026, 11, 2)
    assert parse_date("2026-11-02T09:30:00Z") == dt.date(2026, 11, 2)
    assert parse_date(dt.datetime(2026, 1, 2, 3, 4)) == dt.date(2026, 1, 2)
    assert parse_date("2026-02-30") is None
    assert parse_date(None) is None


@pytest.mark.parametrize(("field", "value", "where"), [
    ("name", {"first": "Jian"}, "stakeholders[0].name"),
    ("name", ["a"], "stakeholders[0].name"),
    ("tags", {"a": 1}, "stakeholders[0].tags"),
    ("tags", ["ok", 5], "stakeholders[0].tags[1]"),
    ("interests", 3, "stakeholders[0].interests"),
])
def test_wrong_types_name_the_field(field, value, where):
    data = small_map()
    data["stakeholders"][0][field] = value
    p = only_problem(data)
    assert p.where == where
    assert p.message.startswith("expected ")
    assert "found" in p.message


@pytest.mark.parametrize(("section", "value", "where"), [
    ("stakeholders", {"id": "x"}, "stakeholders"),
    ("stakeholders", ["not an object"], "stakeholders[0]"),
    ("team", "Li Na", "team"),
    ("relationships", [None], "relationships[0]"),
])
def test_sections_must_be_lists_of_objects(section, value, where):
    data = small_map(relationships=[], coverage=[])
    data[section] = value
    assert only_problem(data).where == where


@pytest.mark.parametrize("revision", [-1, 1.5, "3", True])
def test_bad_revision(revision):
    p = only_problem(small_map(revision=revision))
    assert p.where == "revision" and "whole number" in p.message


def test_every_problem_of_a_map_is_reported_together():
    data = small_map()
    data["stakeholders"][0]["role"] = "boss"
    data["relationships"][0]["strength"] = 1.5
    data["coverage"][0]["last_contact"] = "2026-02-30"
    with pytest.raises(MapValidationError) as info:
        parse_map(data, source="m.json")
    err = info.value
    assert [p.where for p in err.problems] == [
        "stakeholders[0].role", "relationships[0].strength", "coverage[0].last_contact",
    ]
    assert err.source == "m.json"
    assert str(err).startswith("m.json: 3 problems: stakeholders[0].role: ")


def test_long_problem_lists_are_shortened_in_the_message_but_kept_in_full():
    data = small_map(stakeholders=[{"id": "x", "power": 9} for _ in range(8)],
                     relationships=[], coverage=[])
    with pytest.raises(MapValidationError) as info:
        parse_map(data)
    # 8 bad powers and 7 duplicate ids
    assert len(info.value.problems) == 15
    assert "(and 10 more)" in str(info.value)


@pytest.mark.parametrize(("schema", "match"), [
    ("kam/2", r"m\.json: schema: this map is 'kam/2', newer than 'kam/1'.*upgrade"),
    ("kam/99", r"'kam/99'.*'kam/1'"),
    ("kam/0", r"not a known version"),
    ("kam/one", r"not a known version"),
    ("other/1", r"not an account map schema"),
    (1, r"not an account map schema"),
])
def test_unsupported_schema(schema, match):
    with pytest.raises(MapFormatError, match=match):
        parse_map(small_map(schema=schema), source="m.json")


def test_validate_map_finds_problems_made_in_code():
    m = parse_map(small_map())
    m.stakeholders[0].role = "boss"
    m.relationships.append(Relationship("s-ceo", "s-nobody", "allied"))
    assert [p.where for p in validate_map(m)] == ["stakeholders[0].role",
                                                  "relationships[1].target"]


# --- unknown keys survive, at every level --------------------------------------------

def test_unknown_keys_survive_at_every_level():
    data = small_map()
    data["x_top"] = {"nested": [1, 2, {"deep": None}]}
    data["account"]["crm_id"] = "0015g00000XYZ"
    data["team"][0]["phone"] = "+86 10 1234 5678"
    data["stakeholders"][0]["wechat"] = "wjg_1965"
    data["stakeholders"][1]["hobbies"] = ["golf", "围棋"]
    data["relationships"][0]["since"] = "2019"
    data["coverage"][0]["channel"] = "dinner"
    original = copy.deepcopy(data)
    m = parse_map(data)
    assert data == original  # parsing does not touch its input
    out = m.to_dict()
    assert out["x_top"] == {"nested": [1, 2, {"deep": None}]}
    assert out["account"]["crm_id"] == "0015g00000XYZ"
    assert out["team"][0]["phone"] == "+86 10 1234 5678"
    assert out["stakeholders"][0]["wechat"] == "wjg_1965"
    assert out["stakeholders"][1]["hobbies"] == ["golf", "围棋"]
    assert out["relationships"][0]["since"] == "2019"
    assert out["coverage"][0]["channel"] == "dinner"
    again = loads_map(dumps_map(m))
    assert again == m
    assert again.to_dict() == out


def test_to_dict_of_a_parsed_map_parses_to_an_equal_map():
    m = parse_map(small_map())
    assert parse_map(m.to_dict()) == m


# --- property: random valid maps survive to_dict -> parse_map ------------------------

_ids = st.text(min_size=1, max_size=8).filter(lambda s: s.strip())
_texts = st.text(max_size=12)
_json_leaf = st.none() | st.booleans() | st.integers(-10**6, 10**6) | _texts
_json = st.recursive(_json_leaf, lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(_texts, inner, max_size=3), max_leaves=6)


def _extras(known: set[str]):
    return st.dictionaries(_texts.filter(lambda k: k not in known), _json, max_size=2)


_strengths = st.floats(min_value=0, max_value=1, exclude_min=True, allow_nan=False)


@st.composite
def account_maps(draw) -> AccountMap:
    person_ids = draw(st.lists(_ids, unique=True, max_size=6))
    member_ids = draw(st.lists(_ids, unique=True, max_size=3))
    stakeholders = [
        Stakeholder(
            id=f"s:{pid}", name=draw(_texts), title=draw(_texts), department=draw(_texts),
            level=draw(st.sampled_from(LEVELS)), role=draw(st.sampled_from(ROLES)),
            stance=draw(st.integers(-2, 2)), power=draw(st.integers(1, 5)),
            tags=draw(st.lists(_texts, max_size=3)), status=draw(st.sampled_from(STATUSES)),
            interests=draw(st.lists(_texts, max_size=3)), notes=draw(_texts),
            extra=draw(_extras({"id", "name", "title", "department", "level", "role", "stance",
                                "power", "tags", "status", "interests", "notes"})),
        )
        for pid in person_ids
    ]
    team = [TeamMember(id=f"t:{mid}", name=draw(_texts), title=draw(_texts),
                       extra=draw(_extras({"id", "name", "title"})))
            for mid in member_ids]
    relationships, seen = [], set()
    if len(stakeholders) >= 2:
        ids = [s.id for s in stakeholders]
        for _ in range(draw(st.integers(0, 8))):
            u, v = draw(st.permutations(ids))[:2]
            kind = draw(st.sampled_from(RELATIONSHIP_KINDS))
            key = (kind, u, v) if kind in ("influences", "reports-to") else (kind, *sorted((u, v)))
            if key in seen:
                continue
            seen.add(key)
            relationships.append(Relationship(
                u, v, kind, draw(st.none() | _strengths),
                extra=draw(_extras({"source", "target", "kind", "strength"}))))
    coverage, pairs = [], set()
    if stakeholders and team:
        for _ in range(draw(st.integers(0, 6))):
            pair = (draw(st.sampled_from(team)).id, draw(st.sampled_from(stakeholders)).id)
            if pair in pairs:
                continue
            pairs.add(pair)
            coverage.append(CoverageLink(
                *pair, strength=draw(_strengths), last_contact=draw(st.none() | st.dates()),
                extra=draw(_extras({"member", "stakeholder", "strength", "last_contact"}))))
    return AccountMap(
        account=Account(id=draw(_ids), name=draw(_texts), industry=draw(_texts),
                        extra=draw(_extras({"id", "name", "industry"}))),
        stakeholders=stakeholders, relationships=relationships, team=team, coverage=coverage,
        revision=draw(st.integers(0, 10**6)),
        extra=draw(_extras({"schema", "revision", "account", "team", "stakeholders",
                            "relationships", "coverage"})),
    )


@settings(max_examples=100, deadline=None)
@given(account_maps())
def test_random_valid_maps_round_trip(amap):
    assert validate_map(amap) == []
    assert parse_map(amap.to_dict()) == amap
    assert loads_map(dumps_map(amap)) == amap
    assert loads_map(dumps_map(amap).encode("utf-8")) == amap


@settings(max_examples=100, deadline=None)
@given(account_maps(), st.sampled_from(["power", "stance", "role"]))
def test_random_maps_with_a_broken_field_report_its_path(amap, field):
    if not amap.stakeholders:
        return
    setattr(amap.stakeholders[-1], field, {"power": 0, "stance": 3, "role": "?"}[field])
    where = f"stakeholders[{len(amap.stakeholders) - 1}].{field}"
    assert where in [p.where for p in validate_map(amap)]


def test_nan_in_extra_is_kept_but_nan_in_known_fields_is_refused():
    data = small_map(x_score=float("nan"))
    m = parse_map(data)
    assert math.isnan(m.extra["x_score"])
    data["stakeholders"][0]["power"] = float("nan")
    assert only_problem(data).where == "stakeholders[0].power"
