"""Sign-in end to end: a real OpenID Connect provider, ``kam explore --access``, Chromium.

The test suite builds (``mvn package`` on ``tests/oidc_server/pom.xml``, as for Neo4j) and
starts navikt's mock-oauth2-server from Maven Central on a free loopback port, writes a
``secrets.toml`` pointing at its discovery document and an access file, starts
``kam explore`` on a folder of maps, and signs in through the provider's own login form
in Chromium: a viewer sees the map and no control that edits, imports or saves; an
editor logs an activity, and the saved revision names them as ``saved_by``.

Skipped only when Java or Maven is missing (the reason is given); Chromium as in
``tests/test_browser.py``. Nothing leaves this machine: requests to other hosts (the
login page's web font) are aborted.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from graphlib_kam.model import parse_map
from graphlib_kam.store import map_history, save_map

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path(os.environ.get("KAM_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update"]
VIEWER = "viewer@example.com"
EDITOR = "editor@example.com"
ACCESS = f"""\
[users."{VIEWER}"]
"*" = "viewer"

[users."{EDITOR}"]
"*" = "viewer"
acme = "editor"
"""


def small_map(account: str, name: str) -> dict:
    """A small committee: the sign-in is under test, not the drawing of a big map."""
    return {
        "schema": "kam/1",
        "account": {"id": account, "name": name},
        "team": [{"id": "t-li", "name": "Li Na"}],
        "stakeholders": [
            {"id": "s-ceo", "name": "Wang Jianguo", "level": "executive",
             "role": "decision-maker", "power": 5},
            {"id": "s-cto", "name": "Zhou Lixin", "level": "management", "role": "influencer"},
            {"id": "s-ops", "name": "Ma Xiao", "level": "operational", "role": "user"},
        ],
        "relationships": [{"source": "s-cto", "target": "s-ceo", "kind": "influences",
                           "strength": 0.8}],
        "coverage": [{"member": "t-li", "stakeholder": "s-cto", "strength": 0.7,
                      "last_contact": "2026-11-20"}],
    }


@pytest.fixture(scope="module")
def oidc():
    from tests.oidc_server.server import OidcServer, OidcServerError, tools_missing

    missing = tools_missing()
    if missing:
        pytest.skip(f"no OpenID Connect test server: {missing}")
    server = OidcServer()
    error = None
    try:
        server.start()
    except OidcServerError as err:
        error = str(err)
    if error is not None:
        pytest.fail(f"could not start the OpenID Connect test server:\n{error}", pytrace=False)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def chromium():
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        message = f"Chromium is not installed at {CHROMIUM}; run `make system-deps`"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _free_port() -> int:
    from tests.neo4j_server.server import free_port

    return free_port()


def _kam() -> list[str]:
    script = Path(sys.executable).with_name("kam")
    return [str(script)] if script.is_file() else [sys.executable, "-c",
                                                   "from graphlib_kam.cli import run; run()"]


@pytest.fixture
def team_explorer(tmp_path, oidc):
    """``kam explore FOLDER --access ... --secrets ...`` on a free port, signed in through
    ``oidc``; yields (url, folder) and stops the server after the test."""
    folder = tmp_path / "maps"
    folder.mkdir()
    for account, name in (("acme", "Acme Bank"), ("globex", "Globex Insurance")):
        save_map(parse_map(small_map(account, name)), folder / f"{account}.kam.json")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    secrets_file = tmp_path / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "{url}oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "kam-explorer"\n'
        f'client_secret = "{secrets.token_hex(16)}"\n'
        f'server_metadata_url = "{oidc.metadata_url}"\n', encoding="utf-8")
    access = tmp_path / "access.toml"
    access.write_text(ACCESS, encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "PYTHONUNBUFFERED": "1"}
    for name in ("KAM_EXPLORER_MAP", "KAM_EXPLORER_FOLDER", "KAM_EXPLORER_STORE",
                 "KAM_EXPLORER_ACCOUNT", "KAM_USER"):
        env.pop(name, None)
    log_path = tmp_path / "explorer.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*_kam(), "explore", str(folder), "--account", "acme", "--port", str(port),
             "--access", str(access), "--secrets", str(secrets_file)],
            cwd=tmp_path, env=env, stdin=subprocess.DEVNULL, stdout=log,
            stderr=subprocess.STDOUT)
    try:
        _wait_healthy(url, process, log_path)
        yield url, folder
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def _wait_healthy(url: str, process, log_path: Path, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"kam explore exited with {process.returncode}:\n"
                                 + log_path.read_text(errors="replace")[-3000:])
        try:
            with urllib.request.urlopen(f"{url}_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("kam explore did not answer in time:\n"
                         + log_path.read_text(errors="replace")[-3000:])


def _local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in ("127.0.0.1",
                                                                           "localhost")


def sign_in(browser, url: str, email: str):
    """A fresh browser context signed in as ``email`` through the provider's login form;
    returns the page, back on the explorer with the map drawn."""
    context = browser.new_context(viewport={"width": 1400, "height": 1300})
    context.route("**/*", lambda route: route.continue_() if _local(route.request.url)
                  else route.abort())
    page = context.new_page()
    page.goto(url)
    page.get_by_role("button", name="Sign in with your company account").click(timeout=60_000)
    page.wait_for_selector("input[name=username]", timeout=30_000)  # the provider's form
    page.fill("input[name=username]", email.split("@")[0])
    page.fill("textarea[name=claims]", f'{{"email": "{email}", "name": "{email}"}}')
    page.click("input[type=submit]")
    try:
        page.wait_for_url(f"{url}**", timeout=30_000)
        page.get_by_text(f"Signed in as {email}").wait_for(timeout=90_000)
        page.get_by_text("Stakeholder", exact=True).first.wait_for(timeout=90_000)
    except Exception:
        _shot(page, f"signin-failed-{email.split('@')[0]}.png")
        raise AssertionError(f"signing in as {email} did not reach the map; page "
                             f"{page.url}:\n{page.inner_text('body')[:2000]}") from None
    return page


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def _view_options(page) -> list[str]:
    radio = page.get_by_test_id("stRadio").filter(has_text="View").first
    return [label.strip() for label in radio.get_by_role("radio").evaluate_all(
        "els => els.map(e => e.closest('label').innerText)")]


def test_a_viewer_sees_the_map_but_cannot_save_and_an_editor_saves_as_themselves(
        chromium, team_explorer):
    url, folder = team_explorer
    bank = folder / "acme.kam.json"
    before = bank.read_bytes()
    started = time.monotonic()

    viewer = sign_in(chromium, url, VIEWER)
    viewer.get_by_text("Read only: you are a viewer of this account").wait_for(timeout=30_000)
    views = _view_options(viewer)
    assert "Map" in views and "Edit" not in views, views
    viewer.get_by_role("radio", name="Import and export").check(force=True)
    viewer.get_by_text("Download").first.wait_for(timeout=30_000)
    assert viewer.get_by_role("heading", name="Import").count() == 0
    assert viewer.get_by_test_id("stFileUploader").count() == 0
    for name in ("Save", "Log and save", "Open this map"):
        assert viewer.get_by_role("button", name=name, exact=True).count() == 0, name
    viewer_seconds = time.monotonic() - started
    _shot(viewer, "signin-viewer.png")
    viewer.context.close()
    assert bank.read_bytes() == before

    editor = sign_in(chromium, url, EDITOR)
    editor.get_by_text("Your role for this account: editor").wait_for(timeout=30_000)
    editor.get_by_role("radio", name="Edit").check(force=True)
    editor.get_by_text("Log an activity").click(timeout=60_000)
    people = editor.get_by_test_id("stMultiSelect").filter(has_text="Stakeholders met").first
    people.click()
    editor.keyboard.type("Ma Xiao")
    editor.get_by_role("option").filter(has_text="Ma Xiao").first.click()
    editor.keyboard.press("Escape")
    editor.get_by_role("button", name="Log and save").click()
    editor.get_by_text("Activity logged; saved as revision").wait_for(timeout=60_000)
    _shot(editor, "signin-editor-saved.png")
    editor.context.close()

    newest = map_history(bank)[0]
    assert newest.saved_by == EDITOR
    # Measured, not asserted: the machine is shared, and a loaded one is slower.
    print(f"sign-in test: viewer {viewer_seconds:.0f} s, both {time.monotonic() - started:.0f} s")
