"""Who may see and change which account in a shared explorer: the access file.

A team that runs ``kam explore`` on a shared server signs its people in through the
company's OpenID Connect provider and names, in a small TOML file, the role each of them
has for each account (``kam explore --access FILE``)::

    [users."li.na@example.com"]
    "*" = "viewer"          # every account: read only
    cn-bank = "editor"      # this one: edit and save

    [users]
    "wang.wei@example.com" = "admin"   # a bare role is for every account

Roles, weakest first:

* ``viewer`` — sees the account; no edit, save, import or mark-left controls, and every
  save is refused;
* ``editor`` — also edits, logs activities and saves the accounts that exist;
* ``admin`` — also saves an account that does not exist yet (an import).

A role named for an account wins over the ``"*"`` role, so ``"*" = "editor"`` with
``archive = "viewer"`` keeps one account read-only. An account a user has no role for is
not listed to them. Addresses are compared without case.

:func:`parse_access` and :func:`load_access` read and check the file (every message names
the file, the line and the key, and what was expected); :meth:`AccessFile.for_user` gives
the :class:`UserAccess` of one signed-in user, whose :meth:`~UserAccess.check_save` is the
server-side refusal that every save of the explorer passes through. Nothing here imports
streamlit.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from graphlib_kam.errors import InputError

__all__ = [
    "ACCESS_ROLES",
    "ALL_ACCOUNTS",
    "AccessDenied",
    "AccessFile",
    "UserAccess",
    "load_access",
    "parse_access",
]

#: The roles of the access file, weakest first.
ACCESS_ROLES = ("viewer", "editor", "admin")
#: The account key that stands for every account.
ALL_ACCOUNTS = "*"
#: Larger than any access file a team writes by hand.
MAX_ACCESS_BYTES = 1024 * 1024

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


class AccessDenied(InputError):
    """A signed-in user asked for something their role does not allow."""


@dataclass(frozen=True)
class UserAccess:
    """A signed-in user and the roles the access file gives them.

    Attributes
    ----------
    email : str
        The address the provider vouched for, in lower case.
    grants : Mapping[str, str]
        Account id (or ``"*"``) to role.

    Examples
    --------
    >>> user = UserAccess("li@example.com", {"*": "viewer", "acme": "editor"})
    >>> user.role("acme"), user.role("other"), user.can_edit("other")
    ('editor', 'viewer', False)
    >>> user.visible(["acme", "other", "zeta"])
    ['acme', 'other', 'zeta']
    """

    email: str
    grants: Mapping[str, str] = field(default_factory=dict)

    @property
    def saved_by(self) -> str:
        """What the revisions this user saves record as ``saved_by``."""
        return self.email

    @property
    def has_any_role(self) -> bool:
        return bool(self.grants)

    @property
    def sees_everything(self) -> bool:
        """True when the user has a role for every account (``"*"``)."""
        return ALL_ACCOUNTS in self.grants

    def role(self, account: str) -> str | None:
        """The user's role for ``account``: its own entry, else ``"*"``, else None."""
        return self.grants.get(account) or self.grants.get(ALL_ACCOUNTS)

    def can_view(self, account: str) -> bool:
        return self.role(account) is not None

    def can_edit(self, account: str) -> bool:
        return self.role(account) in ("editor", "admin")

    def can_create(self, account: str) -> bool:
        return self.role(account) == "admin"

    def visible(self, accounts: Iterable[str]) -> list[str]:
        """The ids among ``accounts`` the user may see, in their order."""
        return [account for account in accounts if self.can_view(account)]

    def check_save(self, account: str, *, exists: bool) -> None:
        """Refuse a save the user's role does not allow.

        Raises
        ------
        AccessDenied
            A viewer (or no role) for ``account``; or an editor saving an account that
            does not exist yet (``exists`` False), which only an admin may create.

        Examples
        --------
        >>> try:
        ...     UserAccess("v@example.com", {"*": "viewer"}).check_save("acme", exists=True)
        ... except AccessDenied as err:
        ...     print(err)
        v@example.com may not save account 'acme': the access file makes them a viewer of it
        """
        role = self.role(account)
        if role is None:
            raise AccessDenied(f"{self.email} may not save account {account!r}: the access "
                               "file gives them no role for it")
        if role == "viewer":
            raise AccessDenied(f"{self.email} may not save account {account!r}: the access "
                               "file makes them a viewer of it")
        if not exists and role != "admin":
            raise AccessDenied(f"{self.email} may not create account {account!r}: only an "
                               "admin of it may add an account")


@dataclass(frozen=True)
class AccessFile:
    """The checked contents of an access file: ``{email: {account or "*": role}}``."""

    path: str
    users: Mapping[str, Mapping[str, str]]

    def for_user(self, email: str | None) -> UserAccess:
        """The access of the user signed in as ``email`` (none for an unknown address).

        >>> rules = parse_access('[users]\\n"Li@Example.com" = "admin"\\n')
        >>> rules.for_user("li@example.COM").role("acme")
        'admin'
        >>> rules.for_user("nobody@example.com").has_any_role
        False
        """
        key = (email or "").strip().lower()
        return UserAccess(key, dict(self.users.get(key, {})))


def parse_access(text: str, *, source: str = "access file") -> AccessFile:
    """Read an access file's TOML ``text``; ``source`` names it in messages.

    Raises
    ------
    InputError
        Text that is not TOML, a missing ``[users]`` table, a key that is not an email
        address or an account id, or a role that is not viewer, editor or admin; the
        message names the file, the line and the key.

    Examples
    --------
    >>> parse_access('[users."a@b.example"]\\n"*" = "viewer"\\nacme = "editor"\\n').users
    {'a@b.example': {'*': 'viewer', 'acme': 'editor'}}
    >>> try:
    ...     parse_access('[users."a@b.example"]\\nacme = "writer"\\n', source="team.toml")
    ... except InputError as err:
    ...     print(err)
    team.toml: line 2: users."a@b.example".acme = 'writer': expected viewer, editor or admin
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise InputError(f"{source}: not valid TOML: {err}") from err
    for key in data:
        if key != "users":
            raise InputError(f"{source}: {_where(text, key)}unknown key {key!r}: expected "
                             "only a [users] table")
    users = data.get("users")
    if not isinstance(users, dict) or not users:
        raise InputError(f"{source}: expected a [users] table naming at least one user, "
                         'such as [users."name@example.com"] with "*" = "viewer"')
    checked: dict[str, dict[str, str]] = {}
    for email, grants in users.items():
        path = f"users.{_quoted(email)}"
        if not _EMAIL.match(email.strip()):
            raise InputError(f"{source}: {_where(text, email)}{path}: expected an email "
                             "address as the user's key")
        key = email.strip().lower()
        if key in checked:
            raise InputError(f"{source}: {_where(text, email)}{path}: this address is "
                             "listed twice (addresses are compared without case)")
        bare = isinstance(grants, str)
        if bare:
            grants = {ALL_ACCOUNTS: grants}
        if not isinstance(grants, dict):
            raise InputError(f"{source}: {_where(text, email)}{path}: expected a role "
                             "(viewer, editor or admin) or a table of account = role")
        roles = {}
        for account, role in grants.items():
            where = path if bare else f"{path}.{_quoted(account)}"
            if not account.strip():
                raise InputError(f"{source}: {_where(text, email)}{where}: expected an "
                                 "account id or \"*\"")
            if role not in ACCESS_ROLES:
                line = _where(text, email, role) if bare else _where(text, account, role)
                raise InputError(f"{source}: {line}{where} = "
                                 f"{role!r}: expected viewer, editor or admin")
            roles[account] = role
        checked[key] = roles
    return AccessFile(source, checked)


def load_access(path: str | Path) -> AccessFile:
    """Read and check the access file at ``path`` (see :func:`parse_access`).

    Raises
    ------
    InputError
        A missing, unreadable, oversized or non-UTF-8 file, or any problem
        :func:`parse_access` finds.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_ACCESS_BYTES + 1)
    except OSError as err:
        raise InputError(f"{path}: cannot read the access file ({err.strerror or err})") from err
    if len(data) > MAX_ACCESS_BYTES:
        raise InputError(f"{path}: the access file is over {MAX_ACCESS_BYTES // 1024} KB; "
                         "expected a short TOML file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: the access file is not UTF-8 text") from err
    return parse_access(text, source=str(path))


def _quoted(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else f'"{key}"'


def _where(text: str, *needles: object) -> str:
    """``"line N: "`` for the first line that holds every needle, else nothing."""
    wanted = [str(needle) for needle in needles]
    for number, line in enumerate(text.splitlines(), 1):
        if all(needle in line for needle in wanted):
            return f"line {number}: "
    return ""
