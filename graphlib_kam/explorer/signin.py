"""Sign-in settings of a shared explorer, checked before the server starts.

The explorer signs people in with Streamlit's own OpenID Connect support (``st.login``),
configured in the ``[auth]`` table of a ``secrets.toml``::

    [auth]
    redirect_uri = "https://kam.example.com/oauth2callback"
    cookie_secret = "…a long random string…"
    client_id = "kam-explorer"
    client_secret = "…"
    server_metadata_url = "https://login.example.com/.well-known/openid-configuration"

(or one table per provider, ``[auth.company]``, with the last three keys).

* :func:`find_secrets` — the secrets files, found the way Streamlit finds them
  (``~/.streamlit/secrets.toml``, then ``.streamlit/secrets.toml`` in the current folder)
  or named by ``kam explore --secrets``;
* :func:`read_auth` and :func:`auth_providers` — the merged ``[auth]`` table, checked
  (messages name the file and the key, never a value);
* :func:`is_loopback` and :func:`check_listening` — an explorer that anyone on the network
  can reach must sign people in, unless its owner says they know it is open.

Nothing here imports streamlit; ``kam explore`` and ``app.py`` call these.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from graphlib_kam.errors import InputError

__all__ = [
    "MIN_COOKIE_SECRET",
    "OPEN_FLAG",
    "auth_providers",
    "check_listening",
    "find_secrets",
    "is_loopback",
    "read_auth",
]

#: The flag that lets ``kam explore`` listen beyond this machine without sign-in.
OPEN_FLAG = "--i-know-this-is-open"
#: The shortest cookie secret accepted (it signs the identity cookie).
MIN_COOKIE_SECRET = 32
_PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
_SECRETS = "secrets.toml"


def find_secrets(explicit: str | os.PathLike | None = None, *, cwd: Path | None = None,
                 home: Path | None = None) -> list[Path]:
    """The secrets files to use, in the order Streamlit reads them (later ones win).

    ``explicit`` (``kam explore --secrets``) is a ``secrets.toml`` file or a folder that
    holds one (directly or in ``.streamlit/``). Without it: those of
    ``~/.streamlit/secrets.toml`` and ``CWD/.streamlit/secrets.toml`` that exist.

    Raises
    ------
    InputError
        ``explicit`` names nothing, or a folder without a ``secrets.toml``.
    """
    if explicit is not None:
        path = Path(explicit).expanduser()
        if path.is_dir():
            for candidate in (path / _SECRETS, path / ".streamlit" / _SECRETS):
                if candidate.is_file():
                    return [candidate.resolve()]
            raise InputError(f"{path}: no {_SECRETS} in this folder or in its .streamlit/; "
                             "expected the secrets file with the [auth] table")
        if not path.is_file():
            raise InputError(f"{path}: no such secrets file")
        return [path.resolve()]
    home = Path.home() if home is None else home
    cwd = Path.cwd() if cwd is None else cwd
    found = [home / ".streamlit" / _SECRETS, cwd / ".streamlit" / _SECRETS]
    unique = []
    for path in found:
        if path.is_file() and path.resolve() not in unique:
            unique.append(path.resolve())
    return unique


def read_auth(files: Sequence[Path]) -> dict:
    """The ``[auth]`` table of ``files`` merged as Streamlit merges them, checked.

    Raises
    ------
    InputError
        No file, a file that is not TOML, no ``[auth]`` table, or an ``[auth]`` that
        lacks a key or has one of the wrong shape (see :func:`auth_providers`). The
        message names the file and the key and never shows a value.
    """
    if not files:
        raise InputError("sign-in needs a secrets.toml with an [auth] table: none was found "
                         "in ~/.streamlit/ or ./.streamlit/ (or name it with --secrets)")
    merged: dict = {}
    where: dict[str, Path] = {}
    for path in files:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8-sig"))
        except OSError as err:
            raise InputError(f"{path}: cannot read the secrets file "
                             f"({err.strerror or err})") from err
        except UnicodeDecodeError as err:
            raise InputError(f"{path}: the secrets file is not UTF-8 text") from err
        except tomllib.TOMLDecodeError as err:
            raise InputError(f"{path}: not valid TOML: {err}") from err
        auth = data.get("auth")
        if auth is None:
            continue
        if not isinstance(auth, dict):
            raise InputError(f"{path}: auth: expected a table ([auth])")
        _merge(merged, auth)
        for key in auth:
            where[key] = path
    if not merged:
        raise InputError(f"{', '.join(str(p) for p in files)}: no [auth] table; sign-in "
                         "needs redirect_uri, cookie_secret, client_id, client_secret and "
                         "server_metadata_url in [auth]")
    source = where.get("redirect_uri") or files[-1]
    auth_providers(merged, source=str(source))
    return merged


def auth_providers(auth: Mapping, *, source: str = "secrets.toml") -> list[str]:
    """The sign-in providers an ``[auth]`` table configures, checked: ``"default"`` for
    keys in ``[auth]`` itself, and the name of each ``[auth.NAME]`` table.

    Raises
    ------
    InputError
        A missing or malformed ``redirect_uri`` (an absolute http(s) URL ending in
        ``/oauth2callback``) or ``cookie_secret`` (at least :data:`MIN_COOKIE_SECRET`
        characters), no provider, or a provider without its client id, client secret
        or an absolute ``server_metadata_url``.

    Examples
    --------
    >>> auth = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
    ...         "client_id": "kam", "client_secret": "s",
    ...         "server_metadata_url": "https://id.example.com/.well-known/openid-configuration"}
    >>> auth_providers(auth)
    ['default']
    >>> try:
    ...     auth_providers({**auth, "cookie_secret": "short"})
    ... except InputError as err:
    ...     print(str(err)[:73])
    secrets.toml: auth.cookie_secret: expected a random string of at least 32
    """
    redirect = auth.get("redirect_uri")
    if not isinstance(redirect, str) or not redirect.strip():
        raise InputError(f"{source}: auth.redirect_uri is missing: expected the explorer's "
                         "address ending in /oauth2callback")
    check = redirect.replace("{port}", "8501")
    if not _absolute_url(check) or not urlsplit(check).path.endswith("/oauth2callback"):
        raise InputError(f"{source}: auth.redirect_uri: expected an absolute http(s) address "
                         "ending in /oauth2callback, such as "
                         "https://kam.example.com/oauth2callback")
    secret = auth.get("cookie_secret")
    if not isinstance(secret, str) or len(secret.strip()) < MIN_COOKIE_SECRET:
        raise InputError(f"{source}: auth.cookie_secret: expected a random string of at least "
                         f"{MIN_COOKIE_SECRET} characters "
                         '(python -c "import secrets; print(secrets.token_hex(32))")')
    providers = []
    if any(key in auth for key in _PROVIDER_KEYS):
        _check_provider(auth, "auth", source)
        providers.append("default")
    for name, table in auth.items():
        if isinstance(table, dict) and name != "client_kwargs":
            if "_" in name:
                raise InputError(f"{source}: auth.{name}: a provider's name may not contain "
                                 "an underscore (Streamlit's rule)")
            _check_provider(table, f"auth.{name}", source)
            providers.append(name)
    if not providers:
        raise InputError(f"{source}: [auth] names no provider: expected client_id, "
                         "client_secret and server_metadata_url in [auth] or in [auth.NAME]")
    return providers


def is_loopback(address: str) -> bool:
    """Whether a server listening on ``address`` is reachable from this machine only.

    >>> [is_loopback(a) for a in ("127.0.0.1", "localhost", "::1", "0.0.0.0", "", "10.0.0.5")]
    [True, True, True, False, False, False]
    """
    address = (address or "").strip().strip("[]")
    if address.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False  # a host name: whatever it resolves to, it is not this machine only


def check_listening(address: str, *, sign_in: bool, open_ok: bool) -> None:
    """Refuse to listen beyond loopback without sign-in, unless ``open_ok``.

    Raises
    ------
    InputError
        ``address`` is not a loopback address, no sign-in is configured, and the owner
        did not pass :data:`OPEN_FLAG`.
    """
    if sign_in or open_ok or is_loopback(address):
        return
    raise InputError(
        f"--address {address or '(all)'} lets anyone who reaches this port read and edit "
        "every account, and no sign-in is configured: add --access FILE (sign-in through "
        f"[auth] in secrets.toml, see docs/explorer.md), or {OPEN_FLAG} to share it open")


def _check_provider(table: Mapping, where: str, source: str) -> None:
    for key in _PROVIDER_KEYS:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise InputError(f"{source}: {where}.{key} is missing: expected a non-empty string")
    if not _absolute_url(table["server_metadata_url"]):
        raise InputError(f"{source}: {where}.server_metadata_url: expected an absolute http(s) "
                         "address (the provider's /.well-known/openid-configuration)")


def _absolute_url(text: str) -> bool:
    try:
        parts = urlsplit(text.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _merge(into: dict, more: Mapping) -> None:
    for key, value in more.items():
        if isinstance(value, Mapping) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = dict(value) if isinstance(value, Mapping) else value
