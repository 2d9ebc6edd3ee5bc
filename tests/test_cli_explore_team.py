"""``kam explore`` for a team: sign-in, the access file, and no open server by accident."""

from __future__ import annotations

import pytest

from graphlib_kam.cli import build_parser, main
from graphlib_kam.cli.explore import streamlit_command

SECRET = "c0ffee" * 8
AUTH = f"""\
[auth]
redirect_uri = "https://kam.example.com/oauth2callback"
cookie_secret = "{SECRET}"
client_id = "kam"
client_secret = "client-s3cret"
server_metadata_url = "https://id.example.com/.well-known/openid-configuration"
"""
ACCESS = '[users."li@example.com"]\n"*" = "editor"\n'


def parse(*argv: str):
    return build_parser().parse_args(["explore", *argv])


@pytest.fixture
def team(tmp_path, monkeypatch):
    """A working folder with .streamlit/secrets.toml and an access file; HOME elsewhere."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(AUTH)
    (tmp_path / "access.toml").write_text(ACCESS)
    return tmp_path


def test_listening_beyond_loopback_without_sign_in_is_refused(capsys):
    for address in ("0.0.0.0", "::", "192.168.1.20"):
        assert main(["explore", "--address", address]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("kam: error: --address")
        assert "--i-know-this-is-open" in err and "Traceback" not in err


def test_the_open_flag_and_loopback_start_as_before():
    command = streamlit_command(parse("--address", "0.0.0.0", "--i-know-this-is-open"))
    assert command[command.index("--server.address") + 1] == "0.0.0.0"
    assert "--secrets.files" not in command
    assert "--secrets.files" not in streamlit_command(parse("--address", "127.0.0.1"))


def test_sign_in_finds_the_secrets_as_streamlit_does_and_never_puts_them_on_the_line(team):
    command = streamlit_command(parse("--access", "access.toml", "--address", "0.0.0.0"))
    files = [command[i + 1] for i, arg in enumerate(command) if arg == "--secrets.files"]
    assert files == [str((team / ".streamlit" / "secrets.toml").resolve())]
    app = command[command.index("--") + 1:]
    assert app == ["--access", str((team / "access.toml").resolve())]
    line = " ".join(command)
    assert SECRET not in line and "client-s3cret" not in line


def test_secrets_named_by_option_file_or_folder(team, tmp_path):
    elsewhere = tmp_path / "conf"
    elsewhere.mkdir()
    (elsewhere / "secrets.toml").write_text(AUTH)
    for given in (str(elsewhere), str(elsewhere / "secrets.toml")):
        command = streamlit_command(parse("--access", "access.toml", "--secrets", given))
        assert command[command.index("--secrets.files") + 1] == str(
            (elsewhere / "secrets.toml").resolve())


@pytest.mark.parametrize("argv, expected", [
    (["--secrets", "x.toml"], "--secrets configures sign-in, which needs --access FILE"),
    (["--access", "missing.toml"], "missing.toml: cannot read the access file"),
    (["--access", "bad.toml"], "bad.toml: line 2: users.\"li@example.com\".\"*\" = 'owner': "
                               "expected viewer, editor or admin"),
    (["--access", "access.toml", "--secrets", "short.toml"],
     "short.toml: auth.cookie_secret: expected a random string of at least 32 characters"),
])
def test_bad_team_settings_are_one_line_and_exit_2(team, capsys, argv, expected):
    (team / "bad.toml").write_text('[users."li@example.com"]\n"*" = "owner"\n')
    (team / "short.toml").write_text(AUTH.replace(SECRET, "short"))
    assert main(["explore", *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expected in err, err
    assert "Traceback" not in err


def test_an_access_file_without_any_secrets_says_where_it_looked(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "access.toml").write_text(ACCESS)
    assert main(["explore", "--access", "access.toml"]) == 2
    err = capsys.readouterr().err
    assert "no [auth]" in err or "none was found in ~/.streamlit/ or ./.streamlit/" in err
