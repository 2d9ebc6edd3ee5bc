"""Who is signed in to a shared explorer, and what they may see and change.

``kam explore --access FILE`` hands the app ``--access FILE``; ``app.py`` then shows the
sign-in page (Streamlit's ``st.login``, configured in ``[auth]`` of ``secrets.toml``) until
:func:`user_of` accepts the signed-in user, and passes the resulting
:class:`~graphlib_kam.explorer.access.UserAccess` to the functions here. Without
``--access`` the user is None and every function lets everything through, as before.

The role is enforced where the data is: :func:`open_first` opens only an account the
user may see, :func:`check_visible` refuses any other, :func:`visible_portfolio` lists
only those, and :func:`~graphlib_kam.explorer.session.save_document` refuses a save the
role does not allow, whatever the page showed, as :func:`check_import` does for an import
saved into the portfolio. :func:`allowed_views`, :func:`may_edit`
and :func:`may_import` only decide which controls to show. Nothing here imports streamlit.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable, Mapping, Sequence

from graphlib_kam.errors import InputError
from graphlib_kam.explorer.access import ALL_ACCOUNTS, AccessDenied, AccessFile, UserAccess
from graphlib_kam.explorer.session import Document, open_account
from graphlib_kam.explorer.signin import auth_providers

__all__ = [
    "access_path",
    "allowed_views",
    "check_import",
    "check_visible",
    "file_stamp",
    "may_copy_out",
    "may_edit",
    "may_import",
    "open_first",
    "providers",
    "saved_by",
    "user_of",
    "visible_portfolio",
]


def access_path(argv: Sequence[str]) -> str | None:
    """The access file named by the app's ``--access`` argument (None: no sign-in).

    >>> access_path(["--map", "a.kam.json", "--access", "team.toml"]), access_path([])
    ('team.toml', None)
    """
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--access")
    args, _ = parser.parse_known_args(list(argv))
    return args.access or None


def file_stamp(path: str) -> tuple[int, int]:
    """The modification time and size of ``path``: a cache key that changes when the
    access file is edited, so a changed role takes effect on the next click.

    Raises
    ------
    InputError
        The file is gone or unreadable.
    """
    try:
        stat = os.stat(path)
    except OSError as err:
        raise InputError(f"{path}: cannot read the access file ({err.strerror})") from err
    return stat.st_mtime_ns, stat.st_size


def providers(secrets: Mapping) -> list[str]:
    """The sign-in providers of the app's secrets (``st.secrets.to_dict()``), checked
    (:func:`~graphlib_kam.explorer.signin.auth_providers`)."""
    return auth_providers(secrets.get("auth") or {}, source="secrets.toml")


def user_of(info: Mapping, rules: AccessFile) -> tuple[UserAccess | None, str | None]:
    """The access of the user ``info`` describes (``st.user.to_dict()``), or None and the
    catalogue key of what to tell them: ``explorer.team.no_email`` (the provider vouched
    for no address) or ``explorer.team.no_role`` (the access file names them nowhere).

    >>> from graphlib_kam.explorer.access import parse_access
    >>> rules = parse_access('[users]\\n"li@example.com" = "viewer"\\n')
    >>> user_of({"is_logged_in": True, "email": "Li@example.com"}, rules)[0].role("acme")
    'viewer'
    >>> user_of({"is_logged_in": True, "email": "li@example.com", "email_verified": False},
    ...         rules)
    (None, 'explorer.team.no_email')
    >>> user_of({"is_logged_in": True, "email": "bo@example.com"}, rules)[1]
    'explorer.team.no_role'
    """
    email = info.get("email")
    if not isinstance(email, str) or not email.strip() or info.get("email_verified") is False:
        return None, "explorer.team.no_email"
    user = rules.for_user(email)
    if not user.has_any_role:
        return None, "explorer.team.no_role"
    return user, None


def open_first(source, store, account: str | None, user: UserAccess | None) -> Document:
    """:func:`~graphlib_kam.explorer.session.open_account`, limited to the accounts
    ``user`` may see: ``account`` when they may, else the first one they may.

    Raises
    ------
    AccessDenied
        No account of the source that the user has a role for.
    """
    if user is None or store is None:
        doc = open_account(source, store, account)
        check_visible(doc, user)
        return doc
    visible = user.visible(info.id for info in store.list_accounts())
    if not visible:
        raise AccessDenied(f"{user.email} has no role for any account that this explorer "
                           "opens")
    return open_account(source, store, account if account in visible else visible[0])


def check_visible(doc: Document, user: UserAccess | None) -> None:
    """Refuse to show an account of the source that ``user`` has no role for (an upload
    is the user's own file).

    Raises
    ------
    AccessDenied
    """
    if user is not None and doc.origin != "upload" and not user.can_view(doc.account):
        raise AccessDenied(f"{user.email} has no role for the account {doc.account}")


def check_import(user: UserAccess | None, results: Sequence, store, *,
                 name: str | None = None) -> None:
    """Refuse saving an import into the portfolio that ``user``'s role does not allow:
    each account it merges into needs an editor, each it creates an admin. ``results``
    are the upload's import results; ``name`` names the account of a single map (its id
    is made from it, as :func:`~graphlib_kam.explorer.uploads.save_to_portfolio` makes it).

    Raises
    ------
    AccessDenied
    """
    if user is None:
        return
    from graphlib_kam.importers import slug

    if name and len(results) == 1:
        accounts = [slug(name) or "imported"]
    else:
        accounts = [result.map.account.id for result in results]
    existing = {info.id for info in store.list_accounts()} if store is not None else set()
    for account in dict.fromkeys(accounts):
        user.check_save(account, exists=account in existing)


def saved_by(user: UserAccess | None) -> str | None:
    """What a save by ``user`` records as ``saved_by`` (None: the usual default)."""
    return user.saved_by if user is not None else None


def may_copy_out(user: UserAccess | None) -> bool:
    """Whether ``user`` may write a copy of a map into a folder of the server they name:
    anyone without sign-in (it is their machine), else only an admin of every account."""
    return user is None or user.grants.get(ALL_ACCOUNTS) == "admin"


def may_edit(doc: Document, user: UserAccess | None) -> bool:
    """Whether ``user`` (anyone, without sign-in) may edit ``doc``."""
    if user is None:
        return True
    return user.can_edit(doc.account) or (doc.origin == "upload"
                                          and user.can_create(doc.account))


def may_import(user: UserAccess | None) -> bool:
    """Whether ``user`` (anyone, without sign-in) may import: an editor or admin of some
    account (saving what they import is checked again)."""
    return user is None or any(role != "viewer" for role in user.grants.values())


def allowed_views(views: Iterable[str], doc: Document, user: UserAccess | None) -> list[str]:
    """``views`` without the edit view for a user who may not edit ``doc``."""
    return [view for view in views if view != "edit" or may_edit(doc, user)]


def visible_portfolio(portfolio: dict, user: UserAccess | None) -> dict:
    """A :func:`~graphlib_kam.explorer.session.list_portfolio` result with only the
    accounts ``user`` may see (unreadable maps only for a user who sees all of them)."""
    if user is None:
        return portfolio
    return {"rows": [row for row in portfolio["rows"] if user.can_view(row["id"])],
            "problems": portfolio["problems"] if user.sees_everything else []}
