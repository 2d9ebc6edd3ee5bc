"""The influence report as one self-contained HTML page that works offline.

The interactive graph is :mod:`graphlib_kam.present.viz`'s (vis-network inline, data as
script-safe JSON); every other user text goes through :func:`html.escape`. A
Content-Security-Policy forbids loading anything, and print styles lay the page out on
A4: the contents list and the graph's legend stay, tables repeat their headings on each
page and rows are not split.
"""

from __future__ import annotations

import html

from graphlib_kam.present.report._format import cell_text
from graphlib_kam.present.viz import GraphView
from graphlib_kam.present.viz import render_html as render_graph
from graphlib_kam.safe import strip_controls
from graphlib_kam.text import t

__all__ = ["render_html"]

CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
       "img-src data:; font-src data:; connect-src 'none'; frame-src 'none'; "
       "form-action 'none'; base-uri 'none'")

STYLE = """
:root { --ink: #1f2328; --muted: #59636e; --line: #d0d7de; --band: #f6f8fa;
        --accent: #6a51a3; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "PingFang SC",
       "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 1180px; padding: 24px 28px 48px; line-height: 1.45; }
header h1 { font-size: 1.7rem; margin: 0 0 4px; }
.subtitle { color: var(--muted); margin: 0 0 16px; }
.score { display: inline-block; border: 2px solid var(--accent); border-radius: 8px;
         padding: 6px 14px; font-size: 1.1rem; }
.score b { font-size: 1.6rem; color: var(--accent); margin-left: 6px; }
nav ol { columns: 2; padding-left: 1.2em; }
h2 { border-bottom: 2px solid var(--line); padding-bottom: 4px; margin-top: 36px; }
h3 { font-size: 1.02rem; margin: 20px 0 8px; }
.intro { color: var(--muted); max-width: 70em; }
table { border-collapse: collapse; width: 100%; font-size: 0.86rem; }
th, td { border: 1px solid var(--line); padding: 4px 6px; vertical-align: top;
         text-align: left; overflow-wrap: break-word; }
th { background: var(--band); }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) td { background: #fbfcfd; }
.empty { color: var(--muted); font-style: italic; }
.graph-note { color: var(--muted); font-size: 0.85rem; }
footer { margin-top: 40px; color: var(--muted); font-size: 0.8rem; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav ol { columns: 2; }
  h2 { break-after: avoid; page-break-after: avoid; margin-top: 18px; }
  h3 { break-after: avoid; page-break-after: avoid; }
  section { break-before: auto; }
  section.graph { break-inside: avoid; page-break-inside: avoid; }
  table { font-size: 8pt; }
  thead { display: table-header-group; }
  tr, td, th { break-inside: avoid; page-break-inside: avoid; }
  tbody tr:nth-child(even) td { background: none; }
  .kam-canvas { height: 150mm !important; }
  a { color: inherit; text-decoration: none; }
}
"""


def _esc(value: str) -> str:
    return html.escape(strip_controls(value), quote=True)


def _table(table: dict) -> str:
    parts = [f"<h3>{_esc(table['title'])}</h3>"]
    if not table["rows"]:
        parts.append(f'<p class="empty">{_esc(table["empty"])}</p>')
        return "\n".join(parts)
    columns = table["columns"]
    head = "".join(f'<th scope="col">{_esc(c["label"])}</th>' for c in columns)
    body = []
    for row in table["rows"]:
        cells = []
        for value, column in zip(row, columns):
            css = ' class="num"' if column["type"] != "text" else ""
            cells.append(f"<td{css}>{_esc(cell_text(value, column))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    parts.append(f'<table data-table="{_esc(table["key"])}"><thead><tr>{head}</tr></thead>'
                 f"<tbody>{''.join(body)}</tbody></table>")
    return "\n".join(parts)


def render_html(data: dict) -> bytes:
    """The report ``data`` (:func:`graphlib_kam.present.report.data.report_data`) as a page.

    Examples
    --------
    >>> import datetime as dt
    >>> from graphlib_kam.present.report.data import report_data
    >>> from graphlib_kam.settings import Settings
    >>> from graphlib_kam.model.synthetic import generate_account
    >>> page = render_html(report_data(generate_account(20, seed=3),
    ...                    settings=Settings(as_of=dt.date(2026, 11, 28)))).decode()
    >>> page.startswith("<!DOCTYPE html>"), "<script src" in page, "@media print" in page
    (True, False, True)
    """
    lang = data["lang"]
    view = GraphView(**data["graph"])
    graph = render_graph(view, document=False, height="620px", element_id="kam-report-graph")
    entries = [(s["key"], s["title"]) for s in data["sections"]]
    entries.insert(1, ("graph", t("report.graph", lang)))
    contents = "".join(f'<li><a href="#{_esc(key)}">{_esc(title)}</a></li>'
                       for key, title in entries)
    sections = []
    for section in data["sections"]:
        intro = "".join(f'<p class="intro">{_esc(p)}</p>' for p in section["intro"])
        tables = "\n".join(_table(t) for t in section["tables"])
        sections.append(f'<section id="{_esc(section["key"])}">'
                        f"<h2>{_esc(section['title'])}</h2>\n{intro}\n{tables}</section>")
    overview, rest = sections[0], sections[1:]
    score_label = t("report.fig.score", lang)
    support_label = t("report.fig.support", lang)
    html_lang = t("lang.tag", lang)
    page = f"""<!DOCTYPE html>
<html lang="{html_lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{_esc(data['generator'])}">
<title>{_esc(data['title'])}</title>
<style>{STYLE}</style>
</head>
<body>
<header>
<h1>{_esc(data['title'])}</h1>
<p class="subtitle">{_esc(data['subtitle'])}</p>
<div class="score">{_esc(score_label)}<b>{data['score']:.1f}</b></div>
<div class="score">{_esc(support_label)}<b>{data['support']:+.1f}</b></div>
</header>
<nav aria-label="{_esc(t('report.contents', lang))}">
<h2>{_esc(t('report.contents', lang))}</h2>
<ol>{contents}</ol>
</nav>
{overview}
<section id="graph" class="graph">
<h2>{_esc(t('report.graph', lang))}</h2>
<p class="graph-note">{_esc(data['picture']['note'])}</p>
{graph}
</section>
{''.join(rest)}
<footer>{_esc(data['generator'])} · {_esc(data['as_of'])}</footer>
</body>
</html>
"""
    return page.encode("utf-8")
