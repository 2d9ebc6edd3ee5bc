"""A shared explorer: roles enforced where the data is (opening, listing, saving)."""

from __future__ import annotations

import pytest

from graphlib_kam.explorer import gate
from graphlib_kam.explorer.access import AccessDenied, UserAccess, parse_access
from graphlib_kam.explorer.session import Document, open_account, save_document
from graphlib_kam.explorer.sources import ExplorerSource
from graphlib_kam.model import parse_map
from graphlib_kam.store import FileStore, map_history, save_map


def small(account: str) -> dict:
    return {"account": {"id": account, "name": account.title()}, "team": [{"id": "t"}],
            "stakeholders": [{"id": "s", "name": "S", "role": "decision-maker"}]}


@pytest.fixture
def folder(tmp_path):
    maps = tmp_path / "maps"
    maps.mkdir()
    for account in ("acme", "globex"):
        save_map(parse_map(small(account)), maps / f"{account}.kam.json")
    return maps


def test_user_of_reads_the_address_the_provider_vouched_for():
    rules = parse_access('[users]\n"li@example.com" = "editor"\n')
    user, problem = gate.user_of({"is_logged_in": True, "email": " LI@example.com"}, rules)
    assert problem is None and user.can_edit("acme") and user.saved_by == "li@example.com"
    assert gate.user_of({"is_logged_in": True}, rules) == (None, "explorer.team.no_email")
    assert gate.user_of({"email": "x@example.com"}, rules) == (None, "explorer.team.no_role")

def test_a_viewer_cannot_save_even_without_the_page(folder):
    source = ExplorerSource("folder", str(folder))
    store = FileStore(folder)
    doc = open_account(source, store, "acme")
    before = (folder / "acme.kam.json").read_bytes()
    viewer = UserAccess("v@example.com", {"*": "viewer"})
    with pytest.raises(AccessDenied, match="viewer"):
        save_document(doc, parse_map(small("acme")).with_revision(1), store, user=viewer)
    assert (folder / "acme.kam.json").read_bytes() == before


def test_an_editor_saves_as_themselves_and_only_what_they_edit(folder):
    source = ExplorerSource("folder", str(folder))
    store = FileStore(folder)
    editor = UserAccess("li@example.com", {"*": "viewer", "acme": "editor"})
    doc = open_account(source, store, "acme")
    amap = store.load("acme")
    amap.account.name = "Acme Bank"
    saved = save_document(doc, amap, store, user=editor)
    assert saved.account == "acme"
    assert map_history(folder / "acme.kam.json")[0].saved_by == "li@example.com"
    other = open_account(source, store, "globex")
    with pytest.raises(AccessDenied):
        save_document(other, store.load("globex"), store, user=editor)


def test_only_an_admin_adds_an_account(folder):
    source = ExplorerSource("folder", str(folder))
    store = FileStore(folder)
    upload = Document.from_upload(Document.of(parse_map(small("initech")), "", "upload").text,
                                  source)
    editor = UserAccess("li@example.com", {"*": "editor"})
    with pytest.raises(AccessDenied, match="only an admin"):
        save_document(upload, parse_map(small("initech")), store, user=editor)
    admin = UserAccess("boss@example.com", {"*": "admin"})
    save_document(upload, parse_map(small("initech")), store, user=admin)
    assert "initech" in [info.id for info in store.list_accounts()]


def test_the_first_account_shown_is_one_the_user_may_see(folder):
    source = ExplorerSource("folder", str(folder), account="acme")
    store = FileStore(folder)
    user = UserAccess("g@example.com", {"globex": "viewer"})
    assert gate.open_first(source, store, "acme", user).account == "globex"
    with pytest.raises(AccessDenied, match="no role for the account acme"):
        gate.check_visible(open_account(source, store, "acme"), user)
    with pytest.raises(AccessDenied, match="no role for any account"):
        gate.open_first(source, store, None, UserAccess("n@example.com", {"other": "admin"}))


def test_viewers_get_no_edit_view_and_no_import():
    doc = Document("{}", "acme", "x", "file")
    viewer = UserAccess("v@example.com", {"*": "viewer"})
    assert gate.allowed_views(["map", "edit", "io"], doc, viewer) == ["map", "io"]
    assert gate.allowed_views(["map", "edit"], doc, None) == ["map", "edit"]
    assert not gate.may_import(viewer) and gate.may_import(None)
    assert gate.may_import(UserAccess("e@example.com", {"acme": "editor"}))


def test_the_portfolio_lists_only_visible_accounts():
    portfolio = {"rows": [{"id": "acme"}, {"id": "globex"}],
                 "problems": [{"where": "x.kam.json", "message": "broken"}]}
    user = UserAccess("v@example.com", {"acme": "viewer"})
    assert gate.visible_portfolio(portfolio, user) == {"rows": [{"id": "acme"}], "problems": []}
    assert gate.visible_portfolio(portfolio, None) == portfolio


def test_an_import_into_the_portfolio_needs_an_editor_to_merge_and_an_admin_to_create(folder):
    from types import SimpleNamespace

    store = FileStore(folder)
    results = [SimpleNamespace(map=parse_map(small("acme"))),
               SimpleNamespace(map=parse_map(small("initech")))]
    editor = UserAccess("e@example.com", {"*": "editor"})
    gate.check_import(editor, results[:1], store)
    with pytest.raises(AccessDenied, match="may not create account 'initech'"):
        gate.check_import(editor, results, store)
    with pytest.raises(AccessDenied, match="may not create account 'new-bank'"):
        gate.check_import(editor, results[:1], store, name="New Bank")
    gate.check_import(UserAccess("a@example.com", {"*": "admin"}), results, store)
    with pytest.raises(AccessDenied, match="viewer"):
        gate.check_import(UserAccess("v@example.com", {"*": "viewer"}), results[:1], store)
    gate.check_import(None, results, store)
    assert gate.saved_by(editor) == "e@example.com" and gate.saved_by(None) is None


def test_only_an_admin_of_everything_writes_copies_into_server_folders():
    assert gate.may_copy_out(None)
    assert gate.may_copy_out(UserAccess("a@example.com", {"*": "admin"}))
    assert not gate.may_copy_out(UserAccess("e@example.com", {"*": "editor", "x": "admin"}))
