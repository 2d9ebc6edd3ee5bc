r"""The explorer's views, and user data made safe to place in Markdown.

The explorer's words live in the catalogue (:mod:`graphlib_kam.text.explorer`, keys
``explorer.*``) and are rendered with :func:`graphlib_kam.text.t`. :func:`md` is not
translation: names, titles and notes are shown as typed, so every character Markdown,
HTML or LaTeX would read is escaped.

>>> print(md("<img src=x onerror=alert(1)> **x**"))
\<img src\=x onerror\=alert\(1\)\> \*\*x\*\*
"""

from __future__ import annotations

import re

__all__ = ["VIEWS", "md"]

VIEWS = ("map", "orgchart", "influence", "gaps", "edit", "changes", "io", "portfolio")

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def md(text: object) -> str:
    """``text`` with every Markdown, HTML and LaTeX special character escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", "  \n")
