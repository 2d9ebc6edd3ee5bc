"""The importers' problems and notes in the reader's language.

The importers write their report in English — the command line prints it as it is, and
scripts read ``kam import --format json``. Every such message is a template of the text
catalogue (keys ``importer.*`` in :mod:`graphlib_kam.text.importing`, English exactly as
the importers write it); :func:`localize` finds the template a message was made from,
reads its values back and renders it in another language. A message that is itself made
of another (``"{why}; left empty"``) is translated inside out, the wrapping template
tried first. A message no template
matches stays as it is, in English.

>>> localize("date '2026-13-01' is not a date; expected YYYY-MM-DD; left empty", "zh")
"日期 '2026-13-01' 不是日期；应为 YYYY-MM-DD；留空"
>>> localize_where("c.csv row 4 (Role), c.csv row 9 (and 3 more)", "zh")
'c.csv 第 4 行 (Role), c.csv 第 9 行（另有 3 处）'
>>> localize("something new", "zh")
'something new'
"""

from __future__ import annotations

import functools
import re
from typing import Any

from graphlib_kam.text import DEFAULT_LANG, has, t
from graphlib_kam.text.catalogue import templates

__all__ = ["localize", "localize_problem", "localize_where"]

_PREFIX = "importer."
_SKIPPED = ("importer.where.", "importer.field.")
_FIELD = re.compile(r"\{(\w+)(?:![a-z])?(?::[^}]*)?\}")
_ROW = re.compile(r"\brow (\d+)\b")
_MORE = re.compile(r" ?\(and (\d+) more\)")


@functools.lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Each importer template as a pattern over its English text, the most literal first
    (so ``"{why}; left empty"`` is tried after the templates that end the same way but
    say more)."""
    found = []
    for key, texts in templates().items():
        if not key.startswith(_PREFIX) or key.startswith(_SKIPPED):
            continue
        english = texts["en"]
        parts, last = [], 0
        for match in _FIELD.finditer(english):
            parts.append(re.escape(english[last:match.start()]))
            parts.append(f"(?P<{match.group(1)}>.+?)")
            last = match.end()
        parts.append(re.escape(english[last:]))
        literal = len(_FIELD.sub("", english))
        wraps = "{why}" in english
        found.append((not wraps, -literal, key, re.compile("".join(parts), re.DOTALL)))
    found.sort(key=lambda item: item[:2])
    return [(key, pattern) for *_, key, pattern in found]


def localize(message: str, lang: str = DEFAULT_LANG) -> str:
    """``message``, written by an importer in English, in ``lang``."""
    if lang == DEFAULT_LANG or not message:
        return message
    for key, pattern in _patterns():
        match = pattern.fullmatch(message)
        if match is None:
            continue
        values: dict[str, Any] = match.groupdict()
        if "why" in values:
            inner = localize(values["why"], lang)
            if inner == values["why"]:
                continue  # not a message in a message: "{address} is not …; left empty"
            values["why"] = inner
        for name in ("where", "other"):
            if name in values:
                values[name] = localize_where(values[name], lang)
        if "what" in values and has(f"importer.field.{values['what']}"):
            values["what"] = t(f"importer.field.{values['what']}", lang)
        return t(key, lang, **values)
    return message


def localize_where(where: str, lang: str = DEFAULT_LANG) -> str:
    """A place in the input (``c.csv row 4 (Role)``, and ``(and 3 more)`` after a list
    of places) in ``lang``; file, sheet and column names stay as they are."""
    if lang == DEFAULT_LANG or not where:
        return where
    where = _MORE.sub(lambda m: t("importer.where.more", lang, n=m.group(1)), where)
    return _ROW.sub(lambda m: t("importer.where.row", lang, row=m.group(1)), where)


def localize_problem(problem: Any, lang: str = DEFAULT_LANG) -> dict[str, str]:
    """A problem or note of an import report as ``{"where", "message"}`` in ``lang``."""
    return {"where": localize_where(problem.where, lang),
            "message": localize(problem.message, lang)}
