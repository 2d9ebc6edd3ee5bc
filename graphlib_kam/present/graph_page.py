"""The one module that writes the graph HTML: a :class:`~graphlib_kam.present.viz.GraphView`
as a page.

The page loads nothing from outside. vis-network comes inline from the copy pyvis ships
(``pyvis/lib/vis-9.1.2``; vis.js is dual licensed Apache-2.0/MIT and its licence header is
kept), a Content-Security-Policy forbids every other source, and the data sits in the page
as JSON escaped for a ``<script>`` context. The page script (``assets/kam_graph.js``)
builds tooltips with ``textContent``; the legend, notice and heading are escaped here.
Nothing user-written reaches ``innerHTML``.

>>> print(script_json(["</script>"]))
["\\u003c/script\\u003e"]
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from graphlib_kam.errors import InputError
from graphlib_kam.text import t

__all__ = ["MAP_COMPONENT_DIR", "component_view", "render_html", "script_json",
           "vis_network_js"]

MAP_COMPONENT_DIR = str(Path(__file__).resolve().parent / "assets")
"""The explorer's map component (``index.html``, its scripts, the vis-network 9.1.2 that
pyvis ships, copied with its licence header): static files of the package that Streamlit
serves from this machine; the page's Content-Security-Policy admits only them."""

_HEIGHT = re.compile(r"^\d{1,5}(\.\d{1,3})?(px|vh|em|rem|%)$")
_ELEMENT_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
_VIS_DIR = "lib/vis-9.1.2"
_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; connect-src 'none'; frame-src 'none'; "
        "form-action 'none'; base-uri 'none'")


def script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element and as JavaScript source.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e`` and ``\\u0026`` (so no
    ``</script>`` or ``<!--`` can close or confuse the element); U+2028/U+2029 and the
    backtick are escaped too. Non-ASCII text otherwise stays as it is.

    >>> script_json({"name": "</script><b>&"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    >>> json.loads(script_json("王\\u2028"))
    '王\\u2028'
    """
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("`", "\\u0060").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """The vis-network 9.1.2 library that pyvis ships, ready to inline.

    Raises
    ------
    InputError
        When the installed pyvis has no bundled vis-network (pyvis must be 0.3.2).
    """
    source = _read_vis("vis-network.min.js")
    # Defensive: the bundle has no "</script" today, but an inlined copy must never have one.
    return re.sub(r"</(script)", r"<\\/\1", source, flags=re.IGNORECASE)


def _read_vis(name: str) -> str:
    try:
        return (resources.files("pyvis") / _VIS_DIR / name).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError) as err:
        raise InputError(f"pyvis's bundled vis-network ({_VIS_DIR}/{name}) is missing; "
                         "reinstall pyvis==0.3.2") from err


@lru_cache(maxsize=2)
def _asset(name: str) -> str:
    return (resources.files("graphlib_kam.present") / "assets" / name).read_text(encoding="utf-8")


def render_html(
    view: Any,
    *,
    height: str = "640px",
    document: bool = True,
    heading: bool = False,
    notices: bool = True,
    element_id: str = "kam-graph",
    include_library: bool = True,
) -> str:
    """The view as HTML that loads nothing from outside.

    Parameters
    ----------
    view : GraphView
        From :func:`build_graph_data`.
    height : str
        CSS height of the drawing area (``"640px"``, ``"70vh"``).
    document : bool
        True: a complete document (``<!DOCTYPE html>`` … with a Content-Security-Policy,
        ready for a file or an iframe). False: a fragment (a ``<div>`` and its scripts)
        to place inside a larger page.
    heading : bool
        Show the account's name above the graph.
    notices : bool
        Show the view's notices above the graph (False when the caller shows them).
    element_id : str
        The id of the graph's ``<div>`` (distinct per graph when a page holds several).
    include_library : bool
        Inline vis-network (set False for the second and later fragments of one page).

    Returns
    -------
    str

    Raises
    ------
    InputError
        A ``height`` or ``element_id`` that is not a plain CSS length or identifier.
    """
    if not isinstance(height, str) or not _HEIGHT.match(height):
        raise InputError(f"height must be a CSS length such as '640px' or '70vh', "
                         f"found {height!r}")
    if not isinstance(element_id, str) or not _ELEMENT_ID.match(element_id):
        raise InputError(f"element_id must be a letter followed by letters, digits, '-' or "
                         f"'_', found {element_id!r}")
    parts = [f'<div class="kam-graph" id="{element_id}">']
    if heading and view.title:
        parts.append(f'<div class="kam-heading">{html.escape(view.title)}</div>')
    if notices and view.notices:
        parts.append(f'<div class="kam-notice" role="status">{html.escape(view.notice)}</div>')
    parts.append(_legend_html(view.legend))
    parts.append(f'<div class="kam-canvas" style="height: {height}"></div></div>')
    if include_library:
        parts.append(f"<script>{vis_network_js()}</script>")
        parts.append(f"<script>{_asset('kam_graph.js')}</script>")
    parts.append(
        "<script>window.kamGraph.draw(document.getElementById("
        f"{script_json(element_id)}), {script_json(view.to_dict())});</script>"
    )
    body = "\n".join(parts)
    if not document:
        return f"<style>{_asset('kam_graph.css')}</style>\n{body}"
    lang = t("lang.tag", view.lang)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(view.title)}</title>\n"
        f"<style>html, body {{ margin: 0; padding: 0; background: #fff; }}\n"
        f"{_asset('kam_graph.css')}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def component_view(view: Any, *, height: int = 640) -> dict:
    """What the map component (:data:`MAP_COMPONENT_DIR`) draws: the graph data, the
    legend (drawn with ``textContent``) and the canvas height in pixels.

    >>> from types import SimpleNamespace
    >>> view = SimpleNamespace(to_dict=lambda: {"nodes": []}, legend=[])
    >>> component_view(view, height=500)
    {'data': {'nodes': []}, 'legend': [], 'height': 500}
    """
    if isinstance(height, bool) or not isinstance(height, int) or not 100 <= height <= 5000:
        raise InputError(f"height must be a whole number of pixels from 100 to 5000, "
                         f"found {height!r}")
    return {"data": view.to_dict(), "legend": view.legend, "height": height}


def _legend_html(legend: list[dict]) -> str:
    groups = []
    for group in legend:
        items = []
        for item in group["items"]:
            colour = html.escape(item["color"])
            if item.get("ring"):
                line = item.get("ring_style", "solid")
                line = line if line in ("solid", "dashed", "dotted") else "solid"
                style = (f"background: #ffffff; border: 1px solid #424242; outline: 3px {line} "
                         f"{html.escape(item['ring'])}; outline-offset: 1px")
                swatch = f'<span class="kam-swatch kam-ring" style="{style}"></span>'
            elif item.get("badge"):
                swatch = (f'<span class="kam-badge" style="background: '
                          f'{html.escape(item["color"])}">{html.escape(item["badge"])}</span>')
            elif item.get("line"):
                style = (f"border-top-color: {colour}; border-top-width: 3px; "
                         f"border-top-style: {'dashed' if item.get('dashes') else 'solid'}")
                swatch = f'<span class="kam-line" style="{style}"></span>'
            else:
                shape = " kam-diamond" if item.get("shape") == "diamond" else ""
                style = (f"background: {colour}; border: {int(item.get('border_width', 1))}px "
                         f"solid {html.escape(item.get('border', colour))}")
                swatch = f'<span class="kam-swatch{shape}" style="{style}"></span>'
            marker = (f' data-coverage="{html.escape(item["coverage"])}"'
                      if item.get("coverage") else "")
            items.append(f'<span class="kam-legend-item"{marker}>{swatch}'
                         f"{html.escape(item['label'])}</span>")
        groups.append(f'<span class="kam-legend-group"><span class="kam-legend-title">'
                      f"{html.escape(group['title'])}</span>{''.join(items)}</span>")
    return f'<div class="kam-legend">{"".join(groups)}</div>'
