"""The explorer's import in a real Chromium (issue #14): every sample set uploaded, its
format detected and its counts shown; a map named and saved into the portfolio; the
notice when the explorer works on a temporary copy; a report downloaded again and again.

The fixtures are those of ``tests/test_browser.py`` (Chromium from Debian's packages,
every request that would leave this machine aborted and recorded).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from unittest import mock

import pytest

from graphlib_kam.store import load_map

from . import test_browser as shared
from .test_browser import ROOT, Explorer, screenshot

# The fixtures of tests/test_browser.py: Chromium, a watched page, the explorer.
browser, page, explorer = shared.browser, shared.page, shared.explorer

pytestmark = pytest.mark.browser

IMPORT = ROOT / "examples" / "import"

#: Each sample set, the reason shown, and the counts of the map the preview selects first.
SAMPLE_SETS = [
    (sorted((IMPORT / "salesforce").glob("*.csv")),
     "a Salesforce export: accounts, contacts, opportunities, contact roles and users",
     "Preview: 3 account maps",
     "Kestrel - Field service pilot: 2 stakeholders, 1 relationships"),
    ([IMPORT / "hubspot-contacts.csv"],
     "a HubSpot contacts export", "Preview: 2 account maps",
     "Contoso Logistics: 3 stakeholders, 0 relationships"),
    ([IMPORT / "orgchart.csv"], "an org chart", "Preview: 1 account maps",
     "orgchart.csv: 11 stakeholders, 10 relationships"),
    ([IMPORT / "kumu-committee.json"], "a Kumu map", "Preview: 1 account maps",
     "kumu-committee.json: 4 stakeholders, 5 relationships"),
    ([IMPORT / "stakeholders-en.csv", IMPORT / "relationships-en.csv",
      IMPORT / "coverage-en.csv"],
     "a spreadsheet: stakeholders, relationships and coverage", "Preview: 1 account maps",
     "stakeholders-en.csv, relationships-en.csv, coverage-en.csv: 7 stakeholders, "
     "10 relationships"),
]


class FolderExplorer(Explorer):
    """:class:`Explorer` on a folder of maps: ``-- --folder FOLDER`` after its command."""

    def __init__(self, home: Path, folder: Path) -> None:
        real = subprocess.Popen

        def popen(command, *args, **kwargs):
            return real([*command, "--", "--folder", str(folder)], *args, **kwargs)

        with mock.patch.object(subprocess, "Popen", popen):
            super().__init__(home)


@pytest.fixture
def folder_explorer(tmp_path):
    """Start the explorer on a copy of the examples folder; stop it after the test."""
    folder = tmp_path / "maps"
    folder.mkdir()
    for path in (ROOT / "examples").glob("*.kam.json"):
        shutil.copy(path, folder)
    started = []

    def start() -> tuple[Explorer, Path]:
        home = tmp_path / "home"
        home.mkdir()
        app = FolderExplorer(home, folder)
        started.append(app)
        app.wait_healthy()
        return app, folder

    yield start
    for app in started:
        app.stop()


def open_import_view(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-testid='stApp']", timeout=60_000)
    view = page.get_by_test_id("stSidebar").get_by_text("Import and export", exact=True)
    view.wait_for(timeout=60_000)
    view.click()
    page.get_by_text("Upload", exact=False).first.wait_for(timeout=60_000)


def upload(page, paths: list[Path]) -> None:
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        [str(p) for p in paths])
    page.get_by_text("Detected:", exact=False).first.wait_for(timeout=60_000)


def main_text(page) -> str:
    return page.get_by_test_id("stMain").inner_text()


def test_every_sample_set_is_detected_with_its_counts(page, folder_explorer):
    app, _ = folder_explorer()
    for paths, reason, preview, counts in SAMPLE_SETS:
        open_import_view(page, app.url)
        upload(page, paths)
        page.get_by_text(counts, exact=False).first.wait_for(timeout=60_000)
        text = main_text(page)
        assert f"Detected: {reason}" in text
        assert preview in text
    screenshot(page, "explorer-import-detected.png")
    assert page.watch.outside() == [], page.watch.outside()


def test_a_map_is_named_and_saved_into_the_portfolio(page, folder_explorer):
    app, folder = folder_explorer()
    open_import_view(page, app.url)
    upload(page, [IMPORT / "orgchart.csv"])
    name = page.get_by_role("textbox", name="Account name")
    name.fill("Holt Industries")
    name.press("Enter")
    page.get_by_role("button", name="Save to portfolio").click()
    page.get_by_text("Saved to the portfolio: Holt Industries (revision 1)",
                     exact=False).first.wait_for(timeout=60_000)
    saved = load_map(folder / "holt-industries.kam.json")
    assert saved.account.name == "Holt Industries" and len(saved.stakeholders) == 11
    assert "temporary copy" not in main_text(page)
    screenshot(page, "explorer-import-saved.png")


def test_the_temporary_copy_is_said_plainly_after_a_save(page, explorer):
    app = explorer()  # no map: the working copy of the bundled examples
    open_import_view(page, app.url)
    sidebar = page.get_by_test_id("stSidebar").inner_text()
    assert "Working on a temporary copy of the examples" in sidebar
    upload(page, sorted((IMPORT / "salesforce").glob("*.csv")))
    page.get_by_role("button", name=re.compile("Save all 3 to portfolio")).click()
    page.get_by_text("Saved to a temporary copy that is deleted when the explorer stops",
                     exact=False).first.wait_for(timeout=60_000)
    page.get_by_role("textbox", name="Save to folder").wait_for(timeout=30_000)
    assert page.get_by_role("button", name="Save a copy there").count() == 1
    screenshot(page, "explorer-temporary-copy.png")


def test_a_report_downloads_again_and_again(page, folder_explorer):
    app, _ = folder_explorer()
    open_import_view(page, app.url)
    button = page.get_by_role("button", name="Download report")
    sizes = []
    for _ in range(4):
        with page.expect_download(timeout=120_000) as caught:
            button.click()
        path = caught.value.path()
        assert caught.value.failure() is None
        sizes.append(Path(path).stat().st_size)
    assert len(set(sizes)) == 1 and sizes[0] > 1000
    assert "MediaFileStorageError" not in app.log.read_text(errors="replace")
