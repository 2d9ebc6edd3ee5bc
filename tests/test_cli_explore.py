"""``kam explore``: the command it runs, its errors, and a real start of the server."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from graphlib_kam.cli import build_parser, main
from graphlib_kam.cli.explore import streamlit_command

from .conftest import EXAMPLES, ROOT


def parse(*argv: str):
    return build_parser().parse_args(["explore", *argv])


def app_args(command: list[str]) -> list[str]:
    return command[command.index("--") + 1:]


def test_no_argument_opens_the_bundled_examples():
    command = streamlit_command(parse())
    assert command[:4] == [sys.executable, "-m", "streamlit", "run"]
    assert command[4] == str(ROOT / "graphlib_kam" / "explorer" / "app.py")
    assert app_args(command) == []  # the app falls back to the examples itself


def test_server_options_keep_uploads_small_and_xsrf_on():
    command = streamlit_command(parse("--port", "8765"))
    pairs = dict(zip(command[5::2], command[6::2]))
    assert pairs["--server.port"] == "8765"
    assert pairs["--server.maxUploadSize"] == "20"
    assert pairs["--server.enableXsrfProtection"] == "true"
    assert pairs["--browser.gatherUsageStats"] == "false"


def test_a_map_file_is_passed_as_map(tmp_path):
    target = tmp_path / "bank.kam.json"
    shutil.copy(EXAMPLES / "cn-bank-core-banking.kam.json", target)
    assert app_args(streamlit_command(parse(str(target)))) == ["--map", str(target)]


def test_a_folder_is_passed_as_folder_with_the_account(tmp_path):
    args = app_args(streamlit_command(parse(str(tmp_path), "--account", "acme")))
    assert args == ["--folder", str(tmp_path), "--account", "acme"]


def test_store_neo4j_passes_the_connection_but_never_a_password(monkeypatch):
    monkeypatch.setenv("KAM_NEO4J_PASSWORD", "s3cret")
    command = streamlit_command(parse("--store", "neo4j", "--uri", "bolt://db:7687",
                                      "--user", "kam"))
    assert app_args(command) == ["--store", "neo4j", "--uri", "bolt://db:7687", "--user", "kam"]
    assert "s3cret" not in " ".join(command)


def test_a_missing_map_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["explore", str(tmp_path / "nope.kam.json")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kam: error: ") and "no such map file or folder" in err
    assert "Traceback" not in err


def test_a_spreadsheet_instead_of_a_map_is_one_line_and_exit_2_without_a_server(capsys):
    table = EXAMPLES / "import" / "committee-zh.csv"
    assert main(["explore", str(table)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "kam import table" in err


def test_store_neo4j_without_a_uri_or_server_exits_like_every_command(monkeypatch, capsys):
    monkeypatch.delenv("KAM_NEO4J_URI", raising=False)
    monkeypatch.setenv("KAM_NEO4J_PASSWORD", "x")
    assert main(["explore", "--store", "neo4j"]) == 2
    assert "no Neo4j URI" in capsys.readouterr().err
    assert main(["explore", "--store", "neo4j", "--uri", "bolt://127.0.0.1:1"]) == 3
    assert "cannot reach Neo4j" in capsys.readouterr().err


def test_the_installed_explorer_does_not_reload_modules_while_it_runs():
    command = streamlit_command(parse())
    pairs = dict(zip(command[5::2], command[6::2]))
    assert pairs["--server.fileWatcherType"] == "none"


def test_map_and_store_together_is_a_usage_error(tmp_path, capsys):
    assert main(["explore", str(tmp_path), "--store", "neo4j"]) == 2
    assert "not both" in capsys.readouterr().err


def test_a_port_out_of_range_is_a_usage_error(capsys):
    assert main(["explore", "--port", "70000"]) == 2
    assert "--port 70000" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - local server
        return response.status, response.read().decode("utf-8", "replace")


def test_kam_explore_starts_a_server_that_answers_its_health_check(tmp_path):
    folder = tmp_path / "maps"
    folder.mkdir()
    shutil.copy(EXAMPLES / "cn-bank-core-banking.kam.json", folder)
    port = _free_port()
    kam = Path(sys.executable).with_name("kam")
    process = subprocess.Popen(
        [str(kam), "explore", str(folder), "--port", str(port), "--address", "127.0.0.1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
        env={**os.environ, "KAM_EXPLORER_MAP": "", "KAM_EXPLORER_FOLDER": ""},
    )
    try:
        deadline = time.monotonic() + 90
        health = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                health = _get(f"http://127.0.0.1:{port}/_stcore/health")
                break
            except OSError:
                time.sleep(0.5)
        if health is None:
            output = process.stdout.read().decode() if process.poll() is not None else ""
            pytest.fail(f"the explorer did not answer on port {port}: {output}")
        assert health == (200, "ok")
        status, page = _get(f"http://127.0.0.1:{port}/")
        assert status == 200 and "<noscript>" in page
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
