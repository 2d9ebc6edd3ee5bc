"""The workflows both faces call (graphlib_kam.workflows), the one way to open a store,
and importing from bytes rather than paths."""

from __future__ import annotations

import io
import re

import pytest

from graphlib_kam import workflows
from graphlib_kam.errors import InputError, NotFoundError, StoreUnavailable
from graphlib_kam.explorer import session
from graphlib_kam.importers import InputFile, import_files, tables_from_bytes, tables_from_file
from graphlib_kam.settings import DEFAULT_SETTINGS, THRESHOLDS
from graphlib_kam.store import FileStore, dumps_map, load_map, open_store, save_map
from graphlib_kam.store.opening import PASSWORD_VARIABLE
from graphlib_kam.workflows import whatif

from .conftest import EXAMPLES
from .test_app import clean, maps, start  # noqa: F401 - maps is a fixture

IMPORTS = EXAMPLES / "import"
BANK = EXAMPLES / "cn-bank-core-banking.kam.json"


def _same(a, b) -> None:
    assert dumps_map(a.map) == dumps_map(b.map)
    assert [p.to_dict() for p in a.problems] == [p.to_dict() for p in b.problems]
    assert [n.to_dict() for n in a.notes] == [n.to_dict() for n in b.notes]


# --- importing from bytes -------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "names"), [
    ("table", ["committee-zh.csv"]),
    ("table", ["committee.xlsx"]),
    ("table", ["committee-zh.csv", "coverage-en.csv"]),
    ("orgchart", ["orgchart.csv"]),
    ("hubspot", ["hubspot-contacts.csv"]),
    ("kumu", ["kumu-committee.json"]),
    ("kumu", ["kumu-committee.xlsx"]),
])
def test_import_from_bytes_gives_the_map_and_problems_of_the_path(fmt, names):
    paths = [IMPORTS / name for name in names]
    from_paths = import_files(fmt, paths, account_id="acme")
    pairs = [(str(path), path.read_bytes()) for path in paths]
    from_bytes = import_files(fmt, pairs, account_id="acme")
    assert len(from_paths) == len(from_bytes)
    for a, b in zip(from_paths, from_bytes, strict=True):
        _same(a, b)


def test_import_from_file_objects_and_edge_lists_named_by_their_upload():
    handle = io.BytesIO(b"1 2\n2 3 0.5\n")
    handle.name = "ELadv.dat"
    [result] = import_files("edgelist", [handle], account_id="net")
    assert len(result.map.relationships) == 2
    assert any("ELadv.dat" in str(note) and "advice" in str(note) for note in result.notes)


def test_bytes_messages_name_the_given_file_only():
    with pytest.raises(InputError) as err:
        import_files("table", [("upload/people.xlsx", b"name,role\nAnn,user\n")])
    assert str(err.value).startswith("upload/people.xlsx: is text (CSV?)")
    with pytest.raises(InputError, match=r"^c\.csv: is an Excel workbook"):
        tables_from_bytes((IMPORTS / "committee.xlsx").read_bytes(), name="c.csv")


def test_tables_from_file_is_tables_from_bytes_of_its_content():
    path = IMPORTS / "committee.xlsx"
    by_path = tables_from_file(path)
    by_bytes = tables_from_file(InputFile(str(path), path.read_bytes()))
    assert [(t.name, t.headers, len(t.rows)) for t in by_path] == \
        [(t.name, t.headers, len(t.rows)) for t in by_bytes]


def test_an_upload_is_read_by_its_content_whatever_its_name():
    data = (IMPORTS / "committee.xlsx").read_bytes()
    [result] = session.import_upload([("committee (1).csv", data)], "table")
    [expected] = import_files("table", [IMPORTS / "committee.xlsx"])
    assert len(result.map.stakeholders) == len(expected.map.stakeholders)


# --- open_store -----------------------------------------------------------------------


def test_open_store_opens_a_folder_as_a_file_store(tmp_path):
    with open_store(tmp_path) as store:
        assert isinstance(store, FileStore) and store.folder == tmp_path
    with pytest.raises(NotFoundError, match="no such folder"):
        open_store(tmp_path / "gone")


def test_open_store_opens_a_bolt_uri_as_neo4j_with_the_password_of_the_environment(
        monkeypatch):
    from graphlib_kam.store import neo4j

    seen = {}
    real = neo4j.open_driver

    def spy(uri, **options):
        seen.update(options, uri=uri)
        return real(uri, **options)

    monkeypatch.setattr(neo4j, "open_driver", spy)
    monkeypatch.setattr(neo4j.Neo4jStore, "verify", lambda self: None)
    for uri in ("bolt://db.example.com:7687", "neo4j+s://db.example.com"):
        with open_store(uri, user="kam", database="maps",
                        environ={PASSWORD_VARIABLE: "s3cret"}) as store:
            assert isinstance(store, neo4j.Neo4jStore)
            assert (store.location, store.user, store.database) == (uri, "kam", "maps")
        assert seen == {"uri": uri, "user": "kam", "password": "s3cret"}


@pytest.mark.parametrize("url", ["http://db.example.com", "bolt://", "", "bolt://x:port"])
def test_open_store_refuses_a_bad_url_in_one_line(url):
    with pytest.raises(InputError) as err:
        open_store(url, backend="neo4j" if not url else None)
    assert "\n" not in str(err.value) and err.value.exit_code == 2


def test_open_store_reports_an_unreachable_server(monkeypatch):
    with pytest.raises(StoreUnavailable) as err:
        open_store("bolt://127.0.0.1:9", environ={}, connection_timeout=2.0,
                   max_transaction_retry_time=0.0)
    assert err.value.exit_code == 3 and "\n" not in str(err.value)


def test_the_password_is_read_in_one_place():
    from pathlib import Path

    import graphlib_kam

    root = Path(graphlib_kam.__file__).parent
    readers = [str(path.relative_to(root)) for path in root.rglob("*.py")
               if re.search(r"environ(\.get\(|\[)\s*[\"']KAM_NEO4J_PASSWORD|"
                            r"getenv\(\s*[\"']KAM_NEO4J_PASSWORD|\(PASSWORD_VARIABLE\)",
                            path.read_text(encoding="utf-8"))]
    assert readers == ["store/opening.py"]


# --- what-if --------------------------------------------------------------------------


def test_what_if_is_computed_once_in_the_language_asked_for(monkeypatch):
    calls = []
    real = whatif.what_if_removed

    def counting(*args, **kwargs):
        calls.append(kwargs.get("lang"))
        return real(*args, **kwargs)

    monkeypatch.setattr(whatif, "what_if_removed", counting)
    amap = load_map(BANK)
    zh = workflows.what_if(amap, ["s-vp-tech"], lang="zh")
    assert calls == ["zh"]
    en = session.what_if(amap, ["s-vp-tech"], DEFAULT_SETTINGS, "en")
    assert calls == ["zh", "en"]
    assert zh["highlight"] == en["highlight"] == ["t-zhaogang", "s-vp-tech", "s-president"]
    assert any("刘振华" in r["message"] for r in zh["broken_routes"])
    for a, b in zip(zh["broken_routes"], en["broken_routes"], strict=True):
        assert a["message"] != b["message"] and re.search("[a-z]{4}", b["message"])
    assert [r["stakeholder"] for r in zh["broken_routes"]] == \
        [r["stakeholder"] for r in en["broken_routes"]]


# --- paths ----------------------------------------------------------------------------


def test_find_paths_returns_paths_or_approach_routes():
    amap = load_map(EXAMPLES / "manufacturer-erp.kam.json")
    found = workflows.find_paths(amap, "s-erp-admin", "s-owner", k=2)
    assert found["routes"] is None and 1 <= len(found["paths"]) <= 2
    assert found["paths"][0]["nodes"][0] == "s-erp-admin"
    routes = workflows.find_paths(amap, None, "s-owner", avoid_opposers=True)
    assert routes["paths"] is None and routes["routes"]
    assert set(routes["avoid"]) >= {s.id for s in amap.stakeholders if s.is_opposer}
    with pytest.raises(NotFoundError, match="s-phantom"):
        workflows.find_paths(amap, None, "s-owner", avoid=["s-phantom"])


# --- import into, push ----------------------------------------------------------------


def test_import_into_creates_then_merges_with_the_revision_check(tmp_path):
    target = tmp_path / "acme.kam.json"
    people = [("people.csv", b"name,role\nAnn Lee,decision-maker\n")]
    [first] = workflows.import_into("table", people, target, account_name="Acme")
    assert (first.output, first.revision, first.merged) == (str(target), 1, False)
    more = [("more.csv", b"name,role\nBo Chen,influencer\n")]
    [second] = workflows.import_into("table", more, target)
    assert (second.revision, second.merged) == (2, True)
    assert sorted(s.name for s in load_map(target).stakeholders) == ["Ann Lee", "Bo Chen"]
    [replaced] = workflows.import_into("table", more, target, replace=True)
    assert [s.name for s in load_map(target).stakeholders] == ["Bo Chen"]
    assert replaced.to_dict()["merged"] is False


def test_import_into_strict_writes_nothing_when_there_are_problems(tmp_path):
    target = tmp_path / "acme.kam.json"
    bad = [("c.csv", b"name,power\nAnn,9\n")]
    [item] = workflows.import_into("table", bad, target, strict=True)
    assert item.output is None and item.result.problems and not target.exists()


def test_import_into_a_folder_writes_one_map_per_account(tmp_path, real_data):
    folder = tmp_path / "portfolio"
    exports = sorted((real_data / "salesforce-prodly-demo").glob("*.csv"))
    written = workflows.import_into("salesforce", exports, str(folder) + "/")
    assert len(written) > 1
    assert sorted(p.name for p in folder.glob("*.kam.json")) == \
        sorted(f"{w.result.map.account.id}.kam.json" for w in written)
    with pytest.raises(InputError, match="give a folder as -o"):
        workflows.import_into("salesforce", exports, tmp_path / "one.kam.json")


def test_push_maps_updates_the_file_and_reports_a_stale_map(tmp_path):
    (tmp_path / "team").mkdir()
    team = FileStore(tmp_path / "team")
    local = tmp_path / "local"
    local.mkdir()
    amap = load_map(BANK)
    path = local / BANK.name
    save_map(amap, path)
    [pushed] = workflows.push_maps(workflows.load_map_files([local]), team)
    assert pushed["pushed"] and pushed["error"] is None
    assert load_map(path).revision == pushed["revision"] == team.load("cn-bank").revision
    stale = load_map(path)
    team.save(load_map(path))  # someone else pushes first
    [refused] = workflows.push_maps([(path, stale)], team)
    assert not refused["pushed"] and "revision" in refused["error"]
    assert load_map(path).revision == stale.revision  # a refused map leaves its file


def test_load_map_files_refuses_a_folder_without_maps(tmp_path):
    with pytest.raises(InputError, match="no map files"):
        workflows.load_map_files([tmp_path])


def test_the_workflows_package_re_exports_its_modules():
    for name in workflows.__all__:
        assert getattr(workflows, name) is not None, name


# --- the explorer's sidebar -----------------------------------------------------------


def test_the_sidebar_has_one_control_per_threshold(monkeypatch, maps):  # noqa: F811
    at = clean(start(monkeypatch, folder=maps))
    widgets = {w.key: w for w in [*at.slider, *at.number_input]}
    for threshold in THRESHOLDS:
        widget = widgets[threshold.name]
        assert (widget.min, widget.max, widget.step) == \
            (threshold.low, threshold.high, threshold.step)
        assert widget.value == threshold.default and widget.help
