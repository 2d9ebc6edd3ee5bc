"""The explorer's upload refuses what ``kam import`` refuses (issue #15, item 10 h):
accounts of one upload that share an id are refused before the preview offers to open or
save one, and nothing is written. An opened import is saved as a new map: never over a
map of its account that the folder holds (the revision check alone would let it replace
one at the same revision). Driven through ``streamlit.testing.v1.AppTest``."""

from __future__ import annotations

import pytest

from graphlib_kam.errors import ConflictError
from graphlib_kam.explorer.session import Document, save_document
from graphlib_kam.explorer.sources import ExplorerSource
from graphlib_kam.model import parse_map
from graphlib_kam.store import FileStore, dumps_map, load_map, save_map

from .test_app import clean, edit_rows, go, start, texts
from .test_app import maps as examples_folder

maps = examples_folder  # the fixture: a copy of the examples the app may write to

HUBSPOT = ("Record ID,First Name,Last Name,Job Title,Company Name\n"
           "1,Li,Wei,CIO,Acme Corp\n2,Wang,Fang,CFO,ACME CORP\n")


def test_an_upload_of_companies_sharing_one_id_is_refused_in_the_explorer(monkeypatch,
                                                                          maps):
    before = sorted(p.name for p in maps.iterdir())
    at = clean(go(start(monkeypatch, folder=maps), "io"))
    at.file_uploader(key="upload").set_value(
        [("contacts.csv", HUBSPOT.encode(), "text/csv")])
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    said = texts(at.error)
    assert "would overwrite each other" in said and "'Acme Corp', 'ACME CORP'" in said
    assert "save_import" not in [button.key for button in at.button]
    assert sorted(p.name for p in maps.iterdir()) == before


# --- an opened import is saved as a new map, never over one in the folder ---------------

TABLE = "name,title,role\nAnn Lee,CIO,decision-maker\nBo Chen,CFO,influencer\n"


def _acme_in_the_folder(folder):
    """The folder holds the account ``acme-corp`` at revision 1, as an import makes it."""
    amap = parse_map({"account": {"id": "acme-corp", "name": "Acme Corp"},
                      "stakeholders": [{"id": "s-kept", "name": "Kept Person"}]})
    path = folder / "acme-corp.kam.json"
    save_map(amap, path, create=True)
    return path


def _open_edit_and_save(at, name: str, edit: dict):
    at.file_uploader(key="upload").set_value([("people.csv", TABLE.encode(), "text/csv")])
    at.run()
    at.text_input(key="import_name").set_value(name).run()
    at.button(key="open_import").click().run()
    clean(go(clean(at), "edit"))
    edit_rows(at, "stakeholders", edit)
    at.run()
    at.button(key="save").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_an_opened_import_is_not_saved_over_a_map_of_its_id(monkeypatch, maps):
    path = _acme_in_the_folder(maps)
    before = path.read_bytes()
    at = clean(go(start(monkeypatch, folder=maps), "io"))
    _open_edit_and_save(at, "Acme Corp", {"s-ann-lee": {"title": "Chief Information Officer"}})
    assert path.read_bytes() == before  # not replaced: the folder's map is as it was
    said = texts(at.error)
    assert "Not saved" in said and "Acme Corp" in said and "Save to portfolio" in said
    assert not at.success
    assert "Download my version" in {b.proto.label for b in at.get("download_button")}
    assert "reload" not in [b.key for b in at.button]


def test_an_opened_import_with_a_new_id_is_saved_as_a_new_map(monkeypatch, maps):
    path = _acme_in_the_folder(maps)
    before = path.read_bytes()
    at = clean(go(start(monkeypatch, folder=maps), "io"))
    _open_edit_and_save(at, "Acme Trading", {"s-ann-lee": {"title": "Chief"}})
    clean(at)
    saved = load_map(maps / "acme-trading.kam.json")
    assert saved.stakeholder("s-ann-lee").title == "Chief" and saved.revision == 1
    assert path.read_bytes() == before
    # Saved once, the map is the folder's: the next save checks the revision as usual.
    edit_rows(at, "stakeholders", {"s-bo-chen": {"title": "Finance"}})
    at.run()
    at.button(key="save").click().run()
    clean(at)
    assert load_map(maps / "acme-trading.kam.json").revision == 2


def test_the_refusal_is_said_in_chinese_in_chinese(monkeypatch, maps):
    hospital = maps / "us-hospital-clinical.kam.json"
    before = hospital.read_bytes()
    upload = load_map(hospital)  # the same account at the same revision, edited elsewhere
    upload.stakeholders[0].title = "elsewhere"
    at = clean(go(start(monkeypatch, folder=maps, lang="zh"), "io"))
    at.file_uploader(key="upload").set_value(
        [("hospital.kam.json", dumps_map(upload).encode(), "application/json")])
    at.run()
    at.button(key="open_import").click().run()
    clean(go(clean(at), "edit"))
    edit_rows(at, "stakeholders", {upload.stakeholders[1].id: {"title": "改过"}})
    at.run()
    at.button(key="save").click().run()
    assert not at.exception
    assert hospital.read_bytes() == before
    said = texts(at.error)
    assert "未保存" in said and "保存到客户组合" in said


def test_save_document_creates_an_upload_and_never_replaces_a_map(maps):
    path = _acme_in_the_folder(maps)
    before = path.read_bytes()
    source, store = ExplorerSource("folder", str(maps)), FileStore(maps)
    imported = parse_map({"account": {"id": "acme-corp", "name": "Acme Corp"},
                          "stakeholders": [{"id": "s-new", "name": "New Person"}]})
    doc = Document.from_upload(dumps_map(imported), source)
    with pytest.raises(ConflictError, match="already holds the account 'acme-corp'"):
        save_document(doc, imported, store)
    assert path.read_bytes() == before
    imported.account.id = "acme-corp-2"
    saved = save_document(Document.from_upload(dumps_map(imported), source), imported, store)
    assert saved.origin == "file" and saved.location.endswith("acme-corp-2.kam.json")
    assert path.read_bytes() == before


def test_a_map_made_meanwhile_is_not_replaced_by_an_opened_import(maps, monkeypatch):
    store = FileStore(maps)
    imported = parse_map({"account": {"id": "acme-corp", "name": "Acme Corp"},
                          "stakeholders": [{"id": "s-new", "name": "New Person"}]})
    doc = Document.from_upload(dumps_map(imported), ExplorerSource("folder", str(maps)))
    # Not there when the store is asked, there when the file is written.
    listed = store.list_accounts()
    path = _acme_in_the_folder(maps)
    before = path.read_bytes()
    monkeypatch.setattr(store, "list_accounts", lambda: listed)
    with pytest.raises(ConflictError, match="nothing was overwritten"):
        save_document(doc, imported, store)
    assert path.read_bytes() == before
