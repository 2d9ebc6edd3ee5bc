"""The influence report as Markdown, for wikis and pull requests.

Every user text is escaped: HTML-special characters become entities (so no renderer that
allows raw HTML runs a ``<script>``) and Markdown punctuation is backslash-escaped (so no
name turns into a link, an image, emphasis or a table break).

Nor does a name or a note turn into a link by itself (GitHub's extended autolinks): the
dot between two letters and the colon of ``http://`` are backslash-escaped (GFM finds
``www.`` and ``http://`` links in the source, where ``www\\.`` and ``http\\://`` no
longer match), and an e-mail address gets an invisible word joiner (``&#8288;``, U+2060)
before its ``@`` — GFM finds e-mail addresses in the text after escapes are undone, so
only a character that is not part of an address stops it. A reader sees the same text.
"""

from __future__ import annotations

import re

from graphlib_kam.present.report._format import cell_text
from graphlib_kam.safe import strip_controls
from graphlib_kam.text import t

__all__ = ["escape_markdown", "render_markdown"]

_PUNCTUATION = re.compile(r"([\\`*_{}\[\]#!|~])")
# What GFM's extended autolinks start from: a dot inside a word ("www.", a domain), the
# colon of a scheme before "//", and the "@" of an e-mail address (local part before it).
_WORD_DOT = re.compile(r"(?<=\w)\.(?=\w)")
_SCHEME_COLON = re.compile(r"(?<=[A-Za-z]):(?=//)")
_EMAIL_AT = re.compile(r"(?<=[\w.+-])@")
_WORD_JOINER = "&#8288;"
_LINE_START = re.compile(r"^(\s*(?:\d+)?)([-+>=.)])")


def escape_markdown(value: str, *, line_start: bool = True) -> str:
    """``value`` as literal Markdown text on one line.

    Markdown punctuation that can start emphasis, code, a link or an image, or end a table
    cell is backslash-escaped; with ``line_start`` (text that opens a line) a leading
    ``-``, ``+``, ``=`` or ``1.`` is escaped too, so it cannot become a list or heading.

    >>> escape_markdown("<b>[x](javascript:1)</b> | *a*")
    '&lt;b&gt;\\\\[x\\\\](javascript:1)&lt;/b&gt; \\\\| \\\\*a\\\\*'
    >>> escape_markdown("- not a list"), escape_markdown("1. nor this")
    ('\\\\- not a list', '1\\\\. nor this')

    Nothing links by itself (GitHub's extended autolinks), yet it reads the same:

    >>> print(escape_markdown("www.evil.example, http://x.example, li@x.example"))
    www\\.evil\\.example, http\\://x\\.example, li&#8288;@x\\.example
    """
    value = re.sub(r"[\r\n\u2028\u2029]+", " ", strip_controls(value))
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _PUNCTUATION.sub(r"\\\1", value)
    value = _no_autolinks(value)
    return _LINE_START.sub(r"\1\\\2", value) if line_start else value


def _no_autolinks(value: str) -> str:
    """``value`` (escaped already) with nothing GFM would turn into a link by itself."""
    if "." in value:
        value = _WORD_DOT.sub(r"\\.", value)
    if "://" in value:
        value = _SCHEME_COLON.sub(r"\\:", value)
    if "@" in value:
        value = _EMAIL_AT.sub(_WORD_JOINER + "@", value)
    return value


def _table(table: dict) -> list[str]:
    lines = [f"### {escape_markdown(table['title'])}", ""]
    if not table["rows"]:
        return lines + [f"*{escape_markdown(table['empty'])}*", ""]
    columns = table["columns"]
    lines.append("| " + " | ".join(escape_markdown(c["label"], line_start=False)
                                   for c in columns) + " |")
    lines.append("|" + "|".join(" ---: " if c["type"] != "text" else " --- "
                                for c in columns) + "|")
    for row in table["rows"]:
        cells = [escape_markdown(v, line_start=False) if isinstance(v, str) else cell_text(v, c)
                 for v, c in zip(row, columns)]
        lines.append("| " + " | ".join(cells) + " |")
    return lines + [""]


def render_markdown(data: dict) -> bytes:
    """The report ``data`` (:func:`graphlib_kam.present.report.data.report_data`) as Markdown.

    The graph is not drawn (Markdown has no place for it); every table is.

    Examples
    --------
    >>> import datetime as dt
    >>> from graphlib_kam.present.report.data import report_data
    >>> from graphlib_kam.settings import Settings
    >>> from graphlib_kam.model.synthetic import generate_account
    >>> md = render_markdown(report_data(generate_account(20, seed=3),
    ...                      settings=Settings(as_of=dt.date(2026, 11, 28))))
    >>> md.decode().splitlines()[0]
    '# Influence report — Synthetic account 20/3'
    """
    lang = data["lang"]
    lines = [f"# {escape_markdown(data['title'])}", "", f"*{escape_markdown(data['subtitle'])}*",
             "", f"## {escape_markdown(t('report.contents', lang))}", ""]
    for section in data["sections"]:
        lines.append(f"- {escape_markdown(section['title'])}")
    lines.append("")
    for section in data["sections"]:
        lines += [f"## {escape_markdown(section['title'])}", ""]
        for paragraph in section["intro"]:
            lines += [escape_markdown(paragraph), ""]
        for table in section["tables"]:
            lines += _table(table)
    lines += ["---", "", f"*{escape_markdown(data['generator'])}*", ""]
    return "\n".join(lines).encode("utf-8")
