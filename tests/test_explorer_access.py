"""A shared explorer: the access file and the sign-in settings, checked before it starts."""

from __future__ import annotations

import pytest

from graphlib_kam.errors import InputError
from graphlib_kam.explorer.access import load_access, parse_access
from graphlib_kam.explorer.signin import (
    auth_providers,
    check_listening,
    find_secrets,
    is_loopback,
    read_auth,
)

ACCESS = """\
# who may see and change which account
[users."Li.Na@example.com"]
"*" = "viewer"
acme = "editor"

[users]
"boss@example.com" = "admin"
"""

AUTH = """\
[auth]
redirect_uri = "https://kam.example.com/oauth2callback"
cookie_secret = "0123456789abcdef0123456789abcdef"
client_id = "kam"
client_secret = "s3cret-value"
server_metadata_url = "https://id.example.com/.well-known/openid-configuration"
"""



# --- the access file ---------------------------------------------------------------------


def test_roles_per_account_and_for_all_and_addresses_without_case():
    rules = parse_access(ACCESS, source="team.toml")
    li = rules.for_user("li.na@EXAMPLE.com")
    assert (li.role("acme"), li.role("globex")) == ("editor", "viewer")
    assert li.can_edit("acme") and not li.can_edit("globex") and not li.can_create("new")
    boss = rules.for_user("boss@example.com")
    assert boss.can_create("new") and boss.sees_everything
    assert not rules.for_user("stranger@example.com").has_any_role


def test_an_account_entry_wins_over_the_star():
    user = parse_access('[users."a@example.com"]\n"*" = "editor"\narchive = "viewer"\n'
                        ).for_user("a@example.com")
    assert user.can_edit("acme") and not user.can_edit("archive")


def test_accounts_without_a_role_are_not_visible():
    user = parse_access('[users."a@example.com"]\nacme = "viewer"\n').for_user("a@example.com")
    assert user.visible(["globex", "acme", "zeta"]) == ["acme"]


@pytest.mark.parametrize("text, expected", [
    ("[users\n", "team.toml: not valid TOML: "),
    ('[people."a@example.com"]\n"*" = "viewer"\n',
     "team.toml: line 1: unknown key 'people': expected only a [users] table"),
    ("title = 'x'\n", "team.toml: line 1: unknown key 'title'"),
    ("", "team.toml: expected a [users] table"),
    ('[users.bob]\n"*" = "viewer"\n',
     "team.toml: line 1: users.bob: expected an email address as the user's key"),
    ('[users]\n"a@example.com" = "reader"\n',
     "team.toml: line 2: users.\"a@example.com\" = 'reader': expected viewer, editor or admin"),
    ('[users."a@example.com"]\nacme = "writer"\n',
     "team.toml: line 2: users.\"a@example.com\".acme = 'writer': expected viewer, editor or "
     "admin"),
    ('[users."a@example.com"]\nacme = 3\n', "users.\"a@example.com\".acme = 3: expected"),
    ('[users]\n"a@example.com" = 3\n',
     'team.toml: line 2: users."a@example.com": expected a role (viewer, editor or admin)'),
    ('[users]\n"a@example.com" = "viewer"\n"A@example.com" = "admin"\n',
     "users.\"A@example.com\": this address is listed twice"),
])
def test_a_bad_access_file_names_the_file_line_and_key(text, expected):
    with pytest.raises(InputError) as caught:
        parse_access(text, source="team.toml")
    assert expected in str(caught.value)
    assert "\n" not in str(caught.value)


def test_load_access_names_a_missing_or_binary_file(tmp_path):
    with pytest.raises(InputError, match=r"nope\.toml: cannot read the access file"):
        load_access(tmp_path / "nope.toml")
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(InputError, match="not UTF-8"):
        load_access(binary)


# --- the sign-in settings ----------------------------------------------------------------


def test_secrets_are_found_where_streamlit_looks_or_where_named(tmp_path):
    home, cwd = tmp_path / "home", tmp_path / "work"
    (home / ".streamlit").mkdir(parents=True)
    (cwd / ".streamlit").mkdir(parents=True)
    assert find_secrets(cwd=cwd, home=home) == []
    (home / ".streamlit" / "secrets.toml").write_text(AUTH)
    (cwd / ".streamlit" / "secrets.toml").write_text(AUTH)
    assert find_secrets(cwd=cwd, home=home) == [
        (home / ".streamlit" / "secrets.toml").resolve(),
        (cwd / ".streamlit" / "secrets.toml").resolve()]
    assert find_secrets(cwd) == [(cwd / ".streamlit" / "secrets.toml").resolve()]
    with pytest.raises(InputError, match="no such secrets file"):
        find_secrets(tmp_path / "missing.toml")
    with pytest.raises(InputError, match="no secrets.toml in this folder"):
        find_secrets(tmp_path)


def test_read_auth_checks_every_key_and_never_shows_a_value(tmp_path):
    good = tmp_path / "secrets.toml"
    good.write_text(AUTH)
    assert read_auth([good])["client_id"] == "kam"
    for key in ("redirect_uri", "cookie_secret", "client_id", "client_secret",
                "server_metadata_url"):
        broken = tmp_path / f"no-{key}.toml"
        broken.write_text("\n".join(line for line in AUTH.splitlines()
                                    if not line.startswith(key)))
        with pytest.raises(InputError) as caught:
            read_auth([broken])
        message = str(caught.value)
        assert f"auth.{key}" in message and str(broken) in message
        assert "s3cret-value" not in message and "0123456789abcdef" not in message
    with pytest.raises(InputError, match="no \\[auth\\] table"):
        empty = tmp_path / "empty.toml"
        empty.write_text("[other]\nx = 1\n")
        read_auth([empty])
    with pytest.raises(InputError, match="sign-in needs a secrets.toml"):
        read_auth([])


def test_auth_providers_named_tables_and_bad_urls():
    base = {"redirect_uri": "http://localhost:{port}/oauth2callback", "cookie_secret": "x" * 40}
    provider = {"client_id": "a", "client_secret": "b",
                "server_metadata_url": "https://id.example.com/.well-known/openid-configuration"}
    assert auth_providers({**base, "company": provider}) == ["company"]
    with pytest.raises(InputError, match="ending in /oauth2callback"):
        auth_providers({**base, "redirect_uri": "http://localhost:8501/", **provider})
    with pytest.raises(InputError, match="server_metadata_url: expected an absolute"):
        auth_providers({**base, **provider, "server_metadata_url": "id.example.com"})
    with pytest.raises(InputError, match="may not contain an underscore"):
        auth_providers({**base, "my_idp": provider})


def test_listening_beyond_loopback_needs_sign_in_or_the_open_flag():
    assert all(map(is_loopback, ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"]))
    assert not any(map(is_loopback, ["0.0.0.0", "::", "", "192.168.1.4", "kam.example.com"]))
    check_listening("127.0.0.1", sign_in=False, open_ok=False)
    check_listening("0.0.0.0", sign_in=True, open_ok=False)
    check_listening("0.0.0.0", sign_in=False, open_ok=True)
    with pytest.raises(InputError, match="--i-know-this-is-open"):
        check_listening("0.0.0.0", sign_in=False, open_ok=False)
