"""The explorer's upload refuses what ``kam import`` refuses (issue #15, item 10 h):
accounts of one upload that share an id are refused before the preview offers to open or
save one, and nothing is written. Driven through ``streamlit.testing.v1.AppTest``."""

from __future__ import annotations

from .test_app import clean, go, start, texts
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
