"""The explorer with sign-in (``--access``), driven through ``AppTest`` with a seeded
``st.user``: the sign-in page, read-only viewers, editors who save as themselves, users
without a role, a broken access file. The real provider and browser are in
``tests/test_browser_signin.py``."""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from streamlit.testing.v1 import AppTest

from graphlib_kam.model import parse_map
from graphlib_kam.store import map_history, save_map

from .conftest import AS_OF, ROOT

APP = ROOT / "app.py"
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "k" * 40,
        "client_id": "kam", "client_secret": "s",
        "server_metadata_url": "http://127.0.0.1:9/kam/.well-known/openid-configuration"}
ACCESS = """\
[users."viewer@example.com"]
"*" = "viewer"

[users."editor@example.com"]
"*" = "viewer"
acme = "editor"
"""


def small(account: str) -> dict:
    return {"account": {"id": account, "name": account.title()}, "team": [{"id": "t-li"}],
            "stakeholders": [{"id": "s-ceo", "name": "CEO", "role": "decision-maker"},
                             {"id": "s-cto", "name": "CTO", "role": "influencer"}]}


@pytest.fixture
def team(tmp_path, monkeypatch):
    folder = tmp_path / "maps"
    folder.mkdir()
    for account in ("acme", "globex"):
        save_map(parse_map(small(account)), folder / f"{account}.kam.json")
    access = tmp_path / "access.toml"
    access.write_text(ACCESS)
    for name in ("KAM_EXPLORER_MAP", "KAM_EXPLORER_STORE", "KAM_EXPLORER_ACCOUNT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KAM_EXPLORER_FOLDER", str(folder))
    monkeypatch.setattr(sys, "argv", ["app.py", "--access", str(access)])
    return folder, access


def run_as(user: dict, *, secrets: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.secrets["auth"] = AUTH if secrets is None else secrets
    at.user = user
    at.session_state["as_of"] = dt.date.fromisoformat(AS_OF)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def page_text(at: AppTest) -> str:
    return " ".join(str(e.value) for group in (at.markdown, at.caption, at.info, at.warning,
                                                at.error, at.title) for e in group)


def test_nobody_signed_in_sees_only_the_sign_in_button(team):
    at = run_as({"is_logged_in": False})
    assert [b.label for b in at.button] == [
        "Sign in with your company account / 使用公司账号登录"]
    assert not at.metric and not at.radio


def test_a_viewer_gets_the_map_without_edit_import_or_save(team):
    at = run_as({"is_logged_in": True, "email": "viewer@example.com"})
    assert "Signed in as viewer@example.com" in page_text(at)
    assert "Read only" in page_text(at)
    views = at.radio(key="view").options
    assert "Map" in views and "Edit" not in views
    at.radio(key="view").set_value("io").run()
    assert not at.get("file_uploader")
    assert not [b for b in at.button if b.label in ("Save", "Log and save")]


def test_an_editor_logs_an_activity_saved_as_themselves(team):
    folder, _ = team
    at = run_as({"is_logged_in": True, "email": "Editor@Example.com"})
    assert "Your role for this account: editor" in page_text(at)
    at.radio(key="view").set_value("edit").run()
    at.multiselect(key="log_people").set_value(["s-cto"])
    at.button(key="log_save").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert map_history(folder / "acme.kam.json")[0].saved_by == "editor@example.com"


def test_a_user_without_a_role_is_told_so(team):
    at = run_as({"is_logged_in": True, "email": "stranger@example.com"})
    assert "stranger@example.com has no role" in page_text(at)
    assert [b.label for b in at.button] == ["Sign out / 退出登录"]
    assert not at.metric


def test_a_broken_access_file_is_an_error_not_a_traceback(team):
    _, access = team
    access.write_text('[users."a@example.com"]\n"*" = "owner"\n')
    at = run_as({"is_logged_in": True, "email": "a@example.com"})
    assert "expected viewer, editor or admin" in page_text(at)
    assert not at.metric
