"""Kumu blueprint JSON: the real research maps and a stakeholder-style map."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest

from graphlib_kam.errors import InputError
from graphlib_kam.importers import ROLE_UNKNOWN_TAG, import_kumu, parse_kumu
from graphlib_kam.model import Account, validate_map
from graphlib_kam.present.kumu import kumu_blueprint, kumu_workbook
from graphlib_kam.store import load_map

from .conftest import EXAMPLES, example_paths

ACCOUNT = Account(id="k", name="Kumu")


@pytest.fixture
def kumu(real_data):
    folder = real_data / "kumu-wirkmechanismen"
    if not folder.is_dir():
        pytest.skip("Kumu data is absent")
    return folder


def expected_pairs(data: dict) -> set[tuple[str, str]]:
    pairs = set()
    for c in data["connections"]:
        pairs.add((c["from"], c["to"]))
        if c["direction"] == "mutual":
            pairs.add((c["to"], c["from"]))
    return pairs


def test_main_model_elements_connections_and_what_is_dropped(kumu):
    path = kumu / "wirkmechanismen-main-model-blueprint.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    result = import_kumu(path, account=ACCOUNT)
    amap = result.map
    assert result.problems == []
    assert len(amap.stakeholders) == 189
    pairs = {(r.source, r.target) for r in amap.relationships}
    assert pairs == expected_pairs(data)  # duplicates merged, mutual both ways
    assert len(amap.relationships) == len(expected_pairs(data)) < 687 + 13
    assert {r.kind for r in amap.relationships} == {"influences"}
    first = amap.stakeholder("elem-0PyumJeh")
    assert first.name == "Fehlerhäufigkeit"
    assert first.notes.startswith("= Anzahl der Fehler/Bugs\n\n")
    assert first.extra == {"kumu": {"element type": "Einflussfaktoren", "measurability": 1,
                                    "influenceability": 1}}
    assert not any(key in str(s.extra) for s in amap.stakeholders
                   for key in ("betweenness", "indegree", "metrics::last"))
    assert all(ROLE_UNKNOWN_TAG in s.tags for s in amap.stakeholders)
    polarities = {r.extra.get("polarity") for r in amap.relationships}
    assert polarities == {"++", "+-", "-+", "--", None}
    reversed_kept = [r for r in amap.relationships if r.extra["kumu"].get("reversed")]
    assert len(reversed_kept) >= 5  # read from → to as written; the flag is kept
    messages = " ".join(n.message for n in result.notes)
    assert "without a type are read as influences" in messages
    assert "mutual connections influence both ways" in messages
    assert "repeated influences links merged" in messages
    assert validate_map(amap) == []


def test_small_reference_model_exactly(kumu):
    result = import_kumu(kumu / "teamverstaendnis-reference-model-blueprint.json",
                         account=ACCOUNT)
    amap = result.map
    assert (len(amap.stakeholders), len(amap.relationships)) == (6, 7)
    assert sorted(r.extra["polarity"] for r in amap.relationships) == ["++", "+-", "+-", "+-",
                                                                       "+-", "+-", "-+"]
    assert all(r.extra["kumu"]["description"] for r in amap.relationships)
    zielkongruenz = amap.stakeholder("elem-ivDOaa1S")
    assert zielkongruenz.tags[:2] == ["Teamdynamik", "Planning"]


def test_stakeholder_style_kumu_map():
    data = {
        "elements": [
            {"_id": "e-ceo", "attributes": {"label": "王总", "element type": "Decision Maker",
                                            "title": "CEO", "stance": "+1", "power": 5}},
            {"_id": "e-cio", "attributes": {"label": "CIO", "element type": "Person",
                                            "role": "影响者", "level": "中层"}},
            {"_id": "e-ops", "attributes": {"label": "Ops", "role": "blocker",
                                            "stance": "very angry"}},
        ],
        "connections": [
            {"from": "e-cio", "to": "e-ceo", "direction": "directed",
             "attributes": {"connection type": "reports to"}},
            {"from": "e-cio", "to": "e-ops", "direction": "undirected",
             "attributes": {"connection type": "conflict"}},
            {"from": "CIO", "to": "王总", "attributes": {"strength": 0.9}},
            {"from": "e-cio", "to": "nobody"},
            {"from": "e-cio"},
        ],
    }
    result = parse_kumu(data, account=ACCOUNT, source="map.json")
    people = {s.id: s for s in result.map.stakeholders}
    assert (people["e-ceo"].role, people["e-ceo"].level, people["e-ceo"].stance,
            people["e-ceo"].power) == ("decision-maker", "executive", 1, 5)
    assert (people["e-cio"].role, people["e-cio"].level) == ("influencer", "management")
    assert (people["e-ops"].role, people["e-ops"].stance) == ("opposer", -1)
    rels = sorted((r.source, r.kind, r.target, r.strength) for r in result.map.relationships)
    assert rels == [("e-cio", "conflict", "e-ops", None),
                    ("e-cio", "influences", "e-ceo", 0.9),
                    ("e-cio", "reports-to", "e-ceo", None)]
    problems = [str(p) for p in result.problems]
    assert any("map.json elements[2].stance" in p and "-1 is used instead" in p
               for p in problems)
    assert any("connections[3]" in p and "'nobody'" in p for p in problems)
    assert any("connections[4]" in p and "needs both" in p for p in problems)


def test_not_kumu_and_broken_json_are_clear_errors(tmp_path):
    with pytest.raises(InputError, match="not a Kumu map"):
        parse_kumu({"nodes": []}, account=ACCOUNT)
    path = tmp_path / "m.json"
    path.write_text('{"elements": [\n  {"_id": 1,}\n]}')
    with pytest.raises(InputError, match=r"m.json: invalid JSON at line 2"):
        import_kumu(path, account=ACCOUNT)


def same_map(a, b) -> None:
    """Same people, links, team and coverage; extras other than Kumu's are not carried."""
    assert [{k: v for k, v in asdict(s).items() if k != "extra"} for s in a.stakeholders] == \
        [{k: v for k, v in asdict(s).items() if k != "extra"} for s in b.stakeholders]
    assert sorted((r.source, r.target, r.kind, r.strength) for r in a.relationships) == \
        sorted((r.source, r.target, r.kind, r.strength) for r in b.relationships)
    assert [(t.id, t.name, t.title) for t in a.team] == [(t.id, t.name, t.title) for t in b.team]
    assert [(c.member, c.stakeholder, c.strength, c.last_contact) for c in a.coverage] == \
        [(c.member, c.stakeholder, c.strength, c.last_contact) for c in b.coverage]


@pytest.mark.parametrize("path", example_paths(), ids=lambda p: p.name)
def test_example_maps_survive_a_kumu_round_trip(path):
    original = load_map(path)
    blueprint = json.loads(json.dumps(kumu_blueprint(original), ensure_ascii=False))
    result = parse_kumu(blueprint, account=original.account)
    assert result.problems == []
    same_map(result.map, original)


def test_a_kumu_import_exports_back_to_the_same_map(kumu):
    first = import_kumu(kumu / "wirkmechanismen-main-model-blueprint.json",
                        account=ACCOUNT).map
    blueprint = kumu_blueprint(first)
    assert {e["attributes"]["element type"] for e in blueprint["elements"]} >= {
        "Einflussfaktoren", "Schlüsselfaktor"}
    again = parse_kumu(blueprint, account=ACCOUNT).map
    same_map(again, first)
    assert [s.extra for s in again.stakeholders] == [s.extra for s in first.stakeholders]
    assert sorted(str(r.extra) for r in again.relationships) == sorted(
        str(r.extra) for r in first.relationships)


# --- Kumu workbooks (.xlsx) -------------------------------------------------------------

SAMPLES = EXAMPLES / "import"


def test_sample_workbook_elements_connections_and_an_ignored_sheet():
    result = import_kumu(SAMPLES / "kumu-committee.xlsx", account=ACCOUNT)
    amap = result.map
    assert result.problems == []
    people = {s.name: s for s in amap.stakeholders}
    assert {n: (s.role, s.level, s.stance) for n, s in people.items()} == {
        "Dr. Aisha Bello": ("decision-maker", "executive", 0),
        "Nick Olsen": ("influencer", "management", 2),
        "Rosa Diaz": ("opposer", "management", -1),
        "Leah Grant": ("user", "operational", 1)}
    assert people["Nick Olsen"].tags == ["champion", "coach"]  # split on |
    assert [t.name for t in amap.team] == ["Tom Reyes"]
    ids = {s.name: s.id for s in amap.stakeholders}
    links = {(r.source, r.kind, r.target) for r in amap.relationships}
    # "Nick Olsen|Rosa Diaz" in To: a connection to each.
    assert (ids["Leah Grant"], "influences", ids["Nick Olsen"]) in links
    assert (ids["Leah Grant"], "influences", ids["Rosa Diaz"]) in links
    assert len(links) == 5
    (cover,) = amap.coverage
    assert (cover.stakeholder, cover.strength) == (ids["Nick Olsen"], 0.8)
    assert any("'Notes (ignore)' is marked (ignore)" in n.message for n in result.notes)


def test_sample_blueprint_json():
    result = import_kumu(SAMPLES / "kumu-committee.json", account=ACCOUNT)
    amap = result.map
    assert result.problems == []
    assert [s.role for s in amap.stakeholders] == ["decision-maker", "influencer", "opposer",
                                                   "user"]
    assert amap.stakeholder("elem-Pj6WsY2d").extra == {"kumu": {"element type": "Person"}}
    (cover,) = amap.coverage
    assert (cover.member, cover.last_contact.isoformat()) == ("elem-Rb1CdE5e", "2026-11-18")


def test_workbook_problems_name_the_sheet_row_and_column(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Elements"
    for row in (["ID", "Label", "Stance"], ["a", "Ann", "very angry"], ["b", None, 1],
                [None, None, 2]):
        book.active.append(row)
    links = book.create_sheet("Connections")
    for row in (["From", "To", "Type"], ["a", "nobody", "influences"]):
        links.append(row)
    book.save(tmp_path / "k.xlsx")
    result = import_kumu(tmp_path / "k.xlsx", account=ACCOUNT)
    problems = {(p.file, p.row, p.column): p.message for p in result.problems}
    assert "0 is used instead" in problems[("k.xlsx[Elements]", 2, "Stance")]
    assert "no Label and no ID" in problems[("k.xlsx[Elements]", 4, None)]
    assert "'nobody'" in problems[("k.xlsx[Connections]", 2, None)]
    assert [s.id for s in result.map.stakeholders] == ["a", "b"]


def test_a_workbook_without_elements_is_refused(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Links"
    book.active.append(["From", "To"])
    book.active.append(["a", "b"])
    book.save(tmp_path / "k.xlsx")
    with pytest.raises(InputError, match="no Elements sheet"):
        import_kumu(tmp_path / "k.xlsx", account=ACCOUNT)


@pytest.mark.parametrize("path", example_paths(), ids=lambda p: p.name)
def test_example_maps_survive_kam_export_to_a_kumu_workbook_and_back(path, tmp_path):
    """``kam export MAP -o x.kumu.xlsx`` then ``kam import kumu x.kumu.xlsx``."""
    from graphlib_kam.present.export import write_export

    original = load_map(path)
    [written] = write_export(original, tmp_path / "x.kumu.xlsx")
    result = import_kumu(written, account=original.account)
    assert result.problems == []
    same_map(result.map, original)


def test_hostile_text_is_never_a_formula_in_the_workbook(tmp_path):
    import openpyxl

    from graphlib_kam.model import parse_map

    amap = parse_map({"account": {"id": "a"}, "stakeholders": [
        {"id": "s1", "name": '=HYPERLINK("http://x","y")', "title": "+1", "notes": "@a"}]})
    (tmp_path / "x.xlsx").write_bytes(kumu_workbook(amap))
    sheet = openpyxl.load_workbook(tmp_path / "x.xlsx")["Elements"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    again = import_kumu(tmp_path / "x.xlsx", account=amap.account).map.stakeholders[0]
    assert (again.name, again.title, again.notes) == ('=HYPERLINK("http://x","y")', "+1", "@a")


def test_real_kumu_maps_survive_a_workbook_round_trip(kumu, tmp_path):
    for name in ("wirkmechanismen-main-model-blueprint.json",
                 "teamverstaendnis-reference-model-blueprint.json"):
        first = import_kumu(kumu / name, account=ACCOUNT).map
        (tmp_path / "x.xlsx").write_bytes(kumu_workbook(first))
        again = import_kumu(tmp_path / "x.xlsx", account=ACCOUNT)
        assert again.problems == []
        same_map(again.map, first)
        # Spreadsheet cells cannot tell an empty attribute from a missing one.
        assert [{k: v for k, v in s.extra.get("kumu", {}).items() if v is not None}
                for s in first.stakeholders] == [s.extra.get("kumu", {})
                                                 for s in again.map.stakeholders]
