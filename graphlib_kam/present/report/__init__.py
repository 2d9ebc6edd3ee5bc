"""Influence reports: built once as plain data (:func:`report_data`), rendered per format.

=========  ==================================================================
suffix     format
=========  ==================================================================
``.html``  one self-contained page: the interactive graph, the tables, print styles
``.pdf``   A4, with a static picture of the graph and the tables (CJK font embedded)
``.md``    Markdown, for wikis and pull requests
``.xlsx``  one sheet per section; texts are never formulas, numbers stay numbers
=========  ==================================================================

>>> report_format("Q4 review.PDF")
'.pdf'
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from graphlib_kam.errors import InputError
from graphlib_kam.model import AccountMap
from graphlib_kam.present.formats import REPORT_FORMATS, report_format
from graphlib_kam.present.output import write_files
from graphlib_kam.present.report.data import SECTION_KEYS, report_data
from graphlib_kam.settings import DEFAULT_SETTINGS, Settings

__all__ = [
    "REPORT_FORMATS",
    "SECTION_KEYS",
    "render_report",
    "report_bytes",
    "report_data",
    "report_format",
    "write_report",
]

def _renderer(fmt: str) -> Callable[[dict], bytes]:
    if fmt == ".html":
        from graphlib_kam.present.report.html import render_html
        return render_html
    if fmt == ".pdf":
        from graphlib_kam.present.report.pdf import render_pdf
        return render_pdf
    if fmt == ".md":
        from graphlib_kam.present.report.markdown import render_markdown
        return render_markdown
    if fmt == ".xlsx":
        from graphlib_kam.present.report.xlsx import render_xlsx
        return render_xlsx
    raise InputError(f"unknown report format {fmt!r}; use one of " + ", ".join(REPORT_FORMATS))


def render_report(data: dict, fmt: str) -> bytes:
    """Render finished report ``data`` in ``fmt`` (``".pdf"``, ``"pdf"``, …) as bytes.

    Nothing is recomputed: the same ``data`` can be rendered in every format.
    """
    key = fmt.lower() if fmt.startswith(".") else "." + fmt.lower()
    return _renderer(key)(data)


def report_bytes(
    amap: AccountMap,
    fmt: str,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    lang: str = "en",
    since: AccountMap | None = None,
) -> bytes:
    """:func:`report_data`, then :func:`render_report` — for downloads."""
    key = fmt.lower() if fmt.startswith(".") else "." + fmt.lower()
    renderer = _renderer(key)
    return renderer(report_data(amap, settings=settings, lang=lang, since=since))


def write_report(
    amap: AccountMap,
    path: str | os.PathLike,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    lang: str = "en",
    since: AccountMap | None = None,
) -> Path:
    """Write the report that ``path``'s suffix asks for, atomically; return the path.

    Raises
    ------
    InputError
        For an unsupported suffix, a folder that cannot be written, or (PDF) a missing
        CJK font.
    """
    fmt = report_format(path)
    content = report_bytes(amap, fmt, settings=settings, lang=lang, since=since)
    return write_files({Path(path): content})[0]
