"""The influence report as Markdown, for wikis and pull requests.

Every user text is escaped: HTML-special characters become entities (so no renderer that
allows raw HTML runs a ``<script>``) and Markdown punctuation is backslash-escaped (so no
name turns into a link, an image, emphasis or a table break).
"""

from __future__ import annotations

import re

from graphlib_kam.present.report._format import cell_text
from graphlib_kam.safe import strip_controls
from graphlib_kam.text import t

__all__ = ["escape_markdown", "render_markdown"]

_PUNCTUATION = re.compile(r"([\\`*_{}\[\]#!|~])")
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
    """
    value = re.sub(r"[\r\n\u2028\u2029]+", " ", strip_controls(value))
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _PUNCTUATION.sub(r"\\\1", value)
    return _LINE_START.sub(r"\1\\\2", value) if line_start else value


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
