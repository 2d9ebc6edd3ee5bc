"""The README and docs/ stay true: the CLI reference matches ``kam --help``, the layout
matches the tree on disk, links resolve, and every ``kam`` command shown still parses."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from graphlib_kam.cli import build_parser
from graphlib_kam.cli.reference import REFRESH_COMMAND, cli_reference

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
WRITTEN = [README, *(page for page in PAGES if page.name != "cli.md")]
PACKAGE = ROOT / "graphlib_kam"


def _code_blocks(text: str, *kinds: str) -> list[str]:
    fence = "|".join(kinds)
    return re.findall(rf"^```(?:{fence})\n(.*?)^```", text, re.M | re.S)


def _kam_commands(page: Path) -> list[list[str]]:
    """Every ``kam …`` command line of a page's shell and console blocks, as argv."""
    commands = []
    for block in _code_blocks(page.read_text(encoding="utf-8"), "sh", "console"):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.removeprefix("$ ")
            if line.startswith("kam "):
                commands.append(shlex.split(line, comments=True)[1:])
    return commands


def test_the_cli_reference_matches_kam_help():
    expected = cli_reference()
    current = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert current == expected, (
        f"docs/cli.md is out of date with `kam --help`: run `{REFRESH_COMMAND}` "
        "(or `.venv/bin/python -m graphlib_kam.cli.reference > docs/cli.md`) and commit it"
    )


def test_the_cli_reference_has_every_command():
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    commands = next(action.choices for action in build_parser()._actions
                    if action.dest == "command")
    for name in commands:
        assert f"\n## kam {name}\n" in text, name


def test_the_readme_is_a_short_front_page():
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) < 250
    assert "make run     # " in text and "make test    # " in text
    assert "docs/explorer.png" in text


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_each_docs_page_says_what_it_is_for_and_links_back(page):
    lines = page.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ") and lines[1] == ""
    intro = "\n".join(lines[2:4])
    assert "[Back to the README](../README.md)" in intro, page.name


@pytest.mark.parametrize("page", [README, *PAGES], ids=lambda p: p.name)
def test_every_local_link_and_picture_exists(page):
    text = page.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:|#", target):
            continue
        path = (page.parent / target.split("#")[0]).resolve()
        assert path.exists(), f"{page.name} links to {target}, which does not exist"


def test_every_package_folder_is_named_in_architecture():
    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    for init in sorted(PACKAGE.rglob("__init__.py")):
        folder = init.parent
        if folder == PACKAGE:
            continue
        dotted = ".".join(folder.relative_to(ROOT).parts)
        assert f"`{dotted}`" in text or f" {folder.name}/ " in text, (
            f"docs/architecture.md does not name {dotted} ({folder.relative_to(ROOT)}/)"
        )


def test_the_readme_layout_names_every_top_level_package_folder():
    text = README.read_text(encoding="utf-8")
    for init in sorted(PACKAGE.glob("*/__init__.py")):
        assert f"  {init.parent.name}/ " in text, init.parent.name


def _module_exists(dotted: str) -> bool:
    """``graphlib_kam.a.b`` names a package, a module, or a name a module defines."""
    parts = dotted.split(".")
    folder = ROOT
    for at, part in enumerate(parts):
        if part == "importers" and folder == PACKAGE:
            folder = ROOT / "importers"
            continue
        if (folder / part).is_dir():
            folder = folder / part
            continue
        if (folder / f"{part}.py").is_file():
            rest = parts[at + 1:]
            source = (folder / f"{part}.py").read_text(encoding="utf-8")
            return len(rest) <= 1 and all(re.search(rf"\b{name}\b", source) for name in rest)
        rest = parts[at:]
        source = (folder / "__init__.py").read_text(encoding="utf-8")
        return len(rest) == 1 and re.search(rf"\b{rest[0]}\b", source) is not None
    return True


@pytest.mark.parametrize("page", WRITTEN, ids=lambda p: p.name)
def test_every_module_and_path_named_exists(page):
    text = page.read_text(encoding="utf-8")
    for dotted in set(re.findall(r"`(graphlib_kam(?:\.\w+)+)", text)):
        assert _module_exists(dotted), f"{page.name} names {dotted}, which does not exist"
    for path in set(re.findall(r"`((?:graphlib_kam|importers|tests|benchmarks|examples)/[\w./-]*)",
                               text)):
        if "*" not in path and "NAME" not in path:
            assert (ROOT / path).exists(), f"{page.name} names {path}, which does not exist"


@pytest.mark.parametrize("page", WRITTEN, ids=lambda p: p.name)
def test_every_kam_command_shown_parses(page, capsys):
    parser = build_parser()
    commands = _kam_commands(page)
    for argv in commands:
        try:
            parser.parse_args(argv)
        except SystemExit as exit_:
            pytest.fail(f"{page.name}: `kam {shlex.join(argv)}` does not parse: "
                        f"{capsys.readouterr().err.strip()} (exit {exit_.code})")


def test_the_readme_examples_run(tmp_path, monkeypatch):
    """The README's account-team, sales-lead and analyst examples, as written (outputs go
    to a temporary folder; ``kam explore`` starts a server, so it is only parsed above)."""
    from graphlib_kam.cli import main

    monkeypatch.chdir(ROOT)
    commands = [argv for argv in _kam_commands(README) if argv[0] != "explore"]
    assert len(commands) >= 8
    for argv in commands:
        argv = [str(tmp_path / arg) if arg.endswith((".kam.json", ".pdf", ".html", ".graphml"))
                and not arg.startswith("examples/") else arg for arg in argv]
        assert main(argv) == 0, argv
    assert (tmp_path / "review.pdf").read_bytes().startswith(b"%PDF")
