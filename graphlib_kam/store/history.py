"""The history of a map, shared by both stores: every save keeps a revision.

Every save, in either store, records the revision it writes — the full map, when
(``saved_at``, ISO datetime in UTC), who (``saved_by``) and what changed (``changes``:
the counts of :func:`graphlib_kam.model.history.change_counts`, and ``summary``: those
counts in one English line) — and never rewrites or prunes an earlier one. A store's
``history(account_id)`` lists :class:`Revision` entries, newest first, and
``load_revision(account_id, n)`` gives the map as it was at revision ``n``.

* :func:`who_saves` — ``saved_by``: the name given, else ``KAM_USER``, else the OS user;
* :func:`summary_text` — the counts as one line, in English or Chinese;
* :func:`revision_info` — what a store records beside the map of a revision.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphlib_kam.model.history import CHANGE_KINDS
from graphlib_kam.text import DEFAULT_LANG, join, t, tn

__all__ = ["USER_VARIABLE", "Revision", "now_utc", "revision_from_info", "revision_info",
           "summary_text", "who_saves"]

USER_VARIABLE = "KAM_USER"
"""The environment variable that names who saves, when ``--by`` is not given."""


@dataclass(frozen=True)
class Revision:
    """One revision in a map's history.

    Attributes
    ----------
    revision : int
    saved_at : str or None
        ISO datetime in UTC; None when it was not recorded (a map saved before history
        was kept).
    saved_by : str
        Who saved it; ``""`` when not recorded.
    changes : dict or None
        What changed from the revision before (see
        :func:`~graphlib_kam.model.history.change_counts`; ``{"restored": n}`` for a
        restore); None when not recorded.
    current : bool
        Whether this is the map as it is now.
    """

    revision: int
    saved_at: str | None = None
    saved_by: str = ""
    changes: dict[str, int] | None = None
    current: bool = False

    def summary(self, lang: str = DEFAULT_LANG) -> str:
        """What changed, in one line of ``lang`` (:func:`summary_text`)."""
        return summary_text(self.changes, lang)

    def to_dict(self, lang: str = DEFAULT_LANG) -> dict[str, Any]:
        """``{"revision", "saved_at", "saved_by", "summary", "current"}``."""
        return {"revision": self.revision, "saved_at": self.saved_at,
                "saved_by": self.saved_by, "summary": self.summary(lang),
                "current": self.current}


def who_saves(saved_by: str | None = None, *, environ: Mapping[str, str] | None = None) -> str:
    """The name recorded as ``saved_by``: ``saved_by`` when given, else ``KAM_USER``,
    else the login name of the OS user, else ``""``.

    Examples
    --------
    >>> who_saves("Li Na"), who_saves(None, environ={"KAM_USER": " Chen Ming "})
    ('Li Na', 'Chen Ming')
    """
    if saved_by is not None and saved_by.strip():
        return " ".join(saved_by.split())
    environ = os.environ if environ is None else environ
    name = (environ.get(USER_VARIABLE) or "").strip()
    if name:
        return " ".join(name.split())
    try:
        return getpass.getuser() or ""
    except Exception:  # noqa: BLE001 - no user name (a container, Windows without one)
        return ""


def now_utc() -> str:
    """The current time as ISO text in UTC, to the second.

    >>> now_utc().endswith("+00:00")
    True
    """
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def summary_text(changes: Mapping[str, int] | None, lang: str = DEFAULT_LANG) -> str:
    """The counts of a save as one line.

    Examples
    --------
    >>> summary_text({"stakeholders_added": 2, "left": 1, "coverage_changed": 1})
    '+2 stakeholders, 1 left, 1 coverage link changed'
    >>> summary_text({"restored": 5}, "zh"), summary_text({}), summary_text(None)
    ('恢复为版本 5', 'no changes', '(not recorded)')
    """
    if changes is None:
        return t("history.summary.unknown", lang)
    if "restored" in changes:
        return t("history.summary.restored", lang, n=changes["restored"])
    if "created" in changes:
        return t("history.summary.created", lang)
    parts = [t(f"history.summary.{kind}", lang) if kind == "account_changed"
             else tn(f"history.summary.{kind}", changes[kind], lang)
             for kind in CHANGE_KINDS if changes.get(kind)]
    if not parts:
        return t("history.summary.none", lang)
    return join(parts, lang, conjunction=False)


def revision_info(changes: Mapping[str, int] | None, *, saved_by: str | None = None,
                  saved_at: str | None = None) -> dict[str, Any]:
    """What a store records beside the map of a revision: ``saved_at``, ``saved_by``,
    ``summary`` (English) and ``changes``.

    >>> info = revision_info({"left": 1}, saved_by="Li Na", saved_at="2026-12-01T09:00:00+00:00")
    >>> info["summary"], info["saved_by"]
    ('1 left', 'Li Na')
    """
    return {
        "saved_at": saved_at if saved_at is not None else now_utc(),
        "saved_by": who_saves(saved_by),
        "summary": summary_text(changes),
        "changes": None if changes is None else dict(changes),
    }


def revision_from_info(revision: int, info: object, *, current: bool = False) -> Revision:
    """A :class:`Revision` from what a store recorded (anything unreadable is left out).

    >>> revision_from_info(3, {"saved_by": "Li Na", "changes": {"left": 1}}).summary()
    '1 left'
    >>> revision_from_info(2, "junk")
    Revision(revision=2, saved_at=None, saved_by='', changes=None, current=False)
    """
    info = info if isinstance(info, Mapping) else {}
    saved_at = info.get("saved_at")
    saved_by = info.get("saved_by")
    changes = info.get("changes")
    if isinstance(changes, Mapping):
        changes = {str(k): v for k, v in changes.items()
                   if isinstance(v, int) and not isinstance(v, bool)}
    else:
        changes = None
    return Revision(
        revision=revision,
        saved_at=saved_at if isinstance(saved_at, str) and saved_at else None,
        saved_by=saved_by if isinstance(saved_by, str) else "",
        changes=changes,
        current=current,
    )

