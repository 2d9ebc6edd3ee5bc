"""The explorer's import (issue #14): the format told from the files, a preview of every
map, a name, saving into the portfolio as ``kam import`` does, the report in the reader's
language; the Edit tables' rules (fixed ids, names needed); the notice when the explorer
works on a temporary copy; downloads that survive repeated clicks. Driven through
``streamlit.testing.v1.AppTest``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphlib_kam.explorer import sources
from graphlib_kam.store import load_map

from .conftest import EXAMPLES
from .test_app import BANK, clean, frame, go, start, texts
from .test_app import maps as examples_folder

maps = examples_folder  # the fixture: a copy of the examples the app may write to

IMPORT = EXAMPLES / "import"
CSV = "text/csv"


def upload(at, paths: list[Path]):
    at.file_uploader(key="upload").set_value(
        [(path.name, path.read_bytes(), CSV) for path in paths])
    return at.run()


def test_a_salesforce_bundle_is_detected_and_every_opportunity_saved(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "io"))
    clean(upload(at, sorted((IMPORT / "salesforce").glob("*.csv"))))
    assert "Detected: a Salesforce export: accounts, contacts, opportunities, contact roles " \
           "and users" in texts(at.info)
    preview = frame(at, "Map")
    assert dict(zip(preview["Map"], preview["Stakeholders"])) == {
        "Kestrel - Field service pilot": 2, "Meridian - TMS replacement": 6,
        "Meridian - Yard analytics add-on": 2}
    assert dict(zip(preview["Map"], preview["Relationships"])) == {
        "Kestrel - Field service pilot": 1, "Meridian - TMS replacement": 5,
        "Meridian - Yard analytics add-on": 1}
    at.button(key="save_import").click().run()
    clean(at)
    assert "Saved to the portfolio: Kestrel - Field service pilot (revision 1)" in texts(
        at.success)
    saved = {load_map(p).account.name for p in maps.glob("006*.kam.json")}
    assert saved == set(preview["Map"])
    go(at, "portfolio")
    assert "Meridian - TMS replacement" in " ".join(frame(clean(at), "Name")["Name"])


def test_saving_again_merges_into_the_maps_that_are_there(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "io"))
    paths = sorted((IMPORT / "salesforce").glob("*.csv"))
    upload(at, paths)
    at.button(key="save_import").click().run()
    at.file_uploader(key="upload").set_value(None)
    at.run()
    clean(upload(at, paths))
    assert "Already in the portfolio, so the import is merged into it" in texts(at.info)
    at.button(key="save_import").click().run()
    assert "revision 2, merged into the map that was there" in texts(clean(at).success)


def test_a_table_is_named_and_saved_into_the_portfolio(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "io"))
    clean(upload(at, [IMPORT / "stakeholders-en.csv", IMPORT / "relationships-en.csv",
                      IMPORT / "coverage-en.csv"]))
    assert "stakeholders, relationships and coverage" in texts(at.info)
    assert at.text_input(key="import_name").value == "stakeholders-en"
    at.text_input(key="import_name").set_value("Rhine Plastics Plant").run()
    at.button(key="save_import").click().run()
    clean(at)
    saved = load_map(maps / "rhine-plastics-plant.kam.json")
    assert saved.account.name == "Rhine Plastics Plant"
    assert (len(saved.stakeholders), len(saved.relationships)) == (7, 10)


def test_a_blank_name_cannot_be_saved(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "io"))
    upload(at, [IMPORT / "orgchart.csv"])
    at.text_input(key="import_name").set_value("  ").run()
    assert at.button(key="save_import").disabled
    assert "Give the account a name." in texts(at.caption)


@pytest.mark.parametrize("paths, expected, counts", [
    (["hubspot-contacts.csv"], "a HubSpot contacts export", {"Northwind Health": 5,
                                                              "Contoso Logistics": 3}),
    (["orgchart.csv"], "an org chart", {"orgchart": 11}),
    (["orgchart-email.csv"], "an org chart", {"orgchart-email": 5}),
    (["kumu-committee.json"], "a Kumu map", {"kumu-committee": 4}),
    (["kumu-committee.xlsx"], "a Kumu map", {"kumu-committee": 4}),
    (["committee-zh.csv"], "a spreadsheet: stakeholders", {"committee-zh": 8}),
    (["committee.xlsx"], "a spreadsheet: stakeholders and relationships", {"committee": 4}),
])
def test_each_sample_set_shows_its_format_and_counts(monkeypatch, maps, paths, expected,
                                                     counts):
    at = clean(go(start(monkeypatch, folder=maps), "io"))
    clean(upload(at, [IMPORT / p for p in paths]))
    assert f"Detected: {expected}" in texts(at.info)
    preview = frame(at, "Map")
    assert dict(zip(preview["Map"], preview["Stakeholders"])) == counts


def test_the_detected_format_can_be_overridden(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "io"))
    upload(at, sorted((IMPORT / "salesforce").glob("*.csv")))
    assert at.selectbox(key="import_format").value == "auto"
    at.selectbox(key="import_format").set_value("table").run()
    preview = frame(clean(at), "Map")
    assert len(preview) == 1  # read as a plain table: one map, no relationships
    assert list(preview["Relationships"]) == [0]


def test_the_import_speaks_chinese_in_chinese(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps, lang="zh"), "io"))
    clean(upload(at, [IMPORT / "hubspot-contacts.csv"]))
    assert "识别结果：HubSpot 联系人导出" in texts(at.info)
    notes = " ".join(" ".join(map(str, table.value.iloc[:, -1])) for table in at.dataframe)
    assert "联系人负责人覆盖其联系人" in notes
    assert "contact owners cover" not in notes


def test_an_activity_upload_goes_into_the_open_map(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "io"))
    clean(upload(at, [IMPORT / "meetings.ics"]))
    assert "activities for the open map" in texts(at.info)
    assert "Activities go into the open map" in texts(at.caption)


# --- the Edit tables ---------------------------------------------------------------------


def stage(at, table: str, *, edited=None, added=None):
    key = f"edit_{table}_{at.session_state['edit_gen']}"
    at.session_state[key] = {"edited_rows": edited or {}, "added_rows": added or [],
                             "deleted_rows": []}
    return at.run()


def test_the_id_column_is_read_only_and_a_changed_id_is_refused(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "edit"))
    editor = at.data_editor(key=f"edit_stakeholders_{at.session_state['edit_gen']}")
    config = json.loads(editor.proto.columns)
    assert config["id"]["disabled"] is True
    assert config["key"]["hidden"] is True
    stage(at, "stakeholders", edited={0: {"id": "s-renamed"}})
    assert "the id of an existing row cannot be changed" in " ".join(frame(at, "Problem")[
        "Problem"])
    assert at.button(key="save").disabled


def test_a_blank_name_is_refused_with_a_clear_message(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps, lang="zh"), "edit"))
    stage(at, "stakeholders", edited={0: {"name": ""}})
    problems = frame(at, "问题")
    assert list(problems["位置"]) == ["stakeholders[0].name"]
    assert "需要填写姓名" in problems["问题"][0]
    assert at.button(key="save").disabled


def test_a_new_row_gets_its_id_from_its_name(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "edit"))
    stage(at, "stakeholders", added=[{"name": "Zhou Min", "role": "influencer"}])
    at.button(key="save").click().run()
    clean(at)
    saved = load_map(maps / BANK)
    assert saved.stakeholder("s-zhou-min").role == "influencer"


# --- the temporary copy ------------------------------------------------------------------


def test_a_save_on_the_temporary_copy_says_so_and_offers_to_keep_the_map(monkeypatch,
                                                                         tmp_path, maps):
    # The explorer's own working copy, but a fresh one: the process's copy stays as the
    # examples are for the tests that compare them.
    monkeypatch.setattr(sources, "examples_working_copy", lambda: maps)
    at = clean(go(start(monkeypatch), "edit"))
    assert at.session_state["source"].temporary
    assert "Working on a temporary copy of the examples" in texts(at.sidebar.caption)
    stage(at, "stakeholders", edited={0: {"title": "Chairman"}})
    at.button(key="save").click().run()
    clean(at)
    assert "Saved as revision" in texts(at.success)
    assert "Saved to a temporary copy that is deleted when the explorer stops" in texts(
        at.warning)
    keep = tmp_path / "keep"
    keep.mkdir()
    at.text_input(key="temporary_folder").set_value(str(keep)).run()
    at.button(key="temporary_save").click().run()
    clean(at)
    [copy] = keep.glob("*.kam.json")
    assert load_map(copy).stakeholders[0].title == "Chairman"
    assert f"Saved a copy to {copy}" in texts(at.success)


def test_a_folder_of_ones_own_says_nothing_of_a_temporary_copy(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "edit"))
    assert "temporary copy" not in texts(at.sidebar.caption)


# --- downloads ---------------------------------------------------------------------------


def test_downloads_do_not_rerun_the_app_and_render_once(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps), "io"))
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    assert all(proto.ignore_rerun for proto in buttons.values())


def test_a_refused_upload_is_said_in_the_readers_language(monkeypatch, maps):
    at = clean(go(start(monkeypatch, folder=maps, lang="zh"), "io"))
    upload(at, [IMPORT / "relationships-en.csv"])
    at.selectbox(key="import_format").set_value("hubspot").run()
    assert "relationships-en.csv：不是 HubSpot 联系人导出" in texts(at.error)
    at.file_uploader(key="upload").set_value(("evil.csv", b"\x7fELF\x02\x01\x00\x00", CSV))
    at.run()
    assert "evil.csv：这是二进制文件" in texts(at.error)
    assert at.get("download_button")  # the downloads stay
