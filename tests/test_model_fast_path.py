"""parse_map's fast path for records in canonical form builds exactly what the checking
reader builds, and every record it refuses gets the checking reader's messages (issue #16).

Each case parses a map twice, once as usual and once with the fast path switched off, and
compares the maps (their repr and kam/1 JSON) or the problems, message for message.
"""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path

import pytest

from graphlib_kam.errors import MapFormatError, MapValidationError
from graphlib_kam.model import account_map
from graphlib_kam.model.synthetic import generate_account
from graphlib_kam.store import dumps_map, load_map

ODD_VALUES = [
    None, "", " ", 0, 1, 2, -2, -3, 6, 0.5, 1.0, 1.5, float("nan"), float("inf"), True, False,
    "Decision Maker", "决策者", "decision-maker", "opposer", "executive", "left", "allied",
    "reports-to", "conflict", [], ["a", 1], ["x"], "a,b", {}, "x", "2026-13-01", "2026-11-02",
    "2026-11-02T10:00:00Z", "20261102", "a@b.c", "a@", " a@b.c ", "a b@c", "s00001", "t001",
]
EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.kam.json"))
KEYS = {
    "stakeholders": ["id", "name", "title", "department", "level", "role", "stance", "power",
                     "tags", "status", "interests", "notes", "successor", "email", "other"],
    "relationships": ["source", "target", "kind", "strength", "other"],
    "coverage": ["member", "stakeholder", "strength", "last_contact", "other"],
}


def outcome(data: dict) -> tuple:
    try:
        amap = account_map.parse_map(copy.deepcopy(data), source="m.json")
    except MapValidationError as err:
        return ("problems", [str(p) for p in err.problems])
    except MapFormatError as err:
        return ("format", str(err))
    return ("map", repr(amap), json.dumps(amap.to_dict(), sort_keys=True, default=str))


def checking_reader_only(monkeypatch) -> None:
    for name in ("_plain_stakeholder", "_plain_relationship", "_plain_coverage"):
        monkeypatch.setattr(account_map, name, lambda obj: None)


def mutated(base: dict, rng: random.Random) -> dict:
    data = copy.deepcopy(base)
    for _ in range(rng.choice([1, 1, 2, 3])):
        section = rng.choice(list(KEYS))
        if not data.get(section):
            continue
        record = rng.choice(data[section])
        key = rng.choice(KEYS[section])
        if rng.random() < 0.15:
            record.pop(key, None)
        else:
            record[key] = copy.deepcopy(rng.choice(ODD_VALUES))
    if rng.random() < 0.1:
        data["relationships"].append(copy.deepcopy(data["relationships"][0]))
    if rng.random() < 0.05:
        data["stakeholders"].append("not an object")
    return data


def bases() -> list[dict]:
    maps = [json.loads(dumps_map(generate_account(n, seed=n))) for n in (6, 25)]
    return maps + [load_map(path).to_dict() for path in EXAMPLES]


@pytest.mark.parametrize("seed", range(4))
def test_the_fast_path_agrees_with_the_checking_reader(monkeypatch, seed):
    rng = random.Random(seed)
    cases = [mutated(base, rng) for base in bases() for _ in range(60)] + bases()
    fast = [outcome(data) for data in cases]
    checking_reader_only(monkeypatch)
    slow = [outcome(data) for data in cases]
    assert fast == slow
    assert {result[0] for result in fast} >= {"map", "problems"}


def test_a_canonical_map_takes_the_fast_path(monkeypatch):
    data = json.loads(dumps_map(generate_account(40, seed=1)))
    seen = []
    monkeypatch.setattr(account_map, "_read_relationship",
                        lambda *args: seen.append(args) or None)
    account_map.parse_map(data)
    assert seen == []
