"""The influence report as an A4 PDF: a static picture of the graph, then the tables.

Chinese must render and stay extractable on machines without CJK system fonts, so the
PDF embeds (a subset of) a TrueType CJK font: WenQuanYi Micro Hei from Debian's
``fonts-wqy-microhei`` package (which ``make system-deps`` installs), or Zen Hei from
``fonts-wqy-zenhei``; ``KAM_PDF_FONT`` may name another TrueType (glyf) ``.ttf``/``.ttc``.
Nothing is downloaded at run time. The picture is drawn with reportlab's own graphics
from the layout that :func:`graphlib_kam.present.report.data.report_data` computed.
"""

from __future__ import annotations

import io
import os
import re
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from graphlib_kam.errors import InputError
from graphlib_kam.present.layout import route_edges
from graphlib_kam.present.report._format import cell_text
from graphlib_kam.safe import strip_controls
from graphlib_kam.text import t

__all__ = ["FONT_CANDIDATES", "FONT_PACKAGE", "cjk_font", "picture_geometry", "render_pdf"]

FONT_PACKAGE = "fonts-wqy-microhei"
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
FONT_NAME = "KamCJK"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 15 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN
_RGBA = re.compile(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)")


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """Register the embedded CJK font with reportlab once; return its name.

    Raises
    ------
    InputError
        When no font file is found, naming the Debian package that provides one.
    """
    override = os.environ.get("KAM_PDF_FONT", "").strip()
    candidates = [override] if override else list(FONT_CANDIDATES)
    for path in candidates:
        if path and os.path.isfile(path):
            try:
                font = TTFont(FONT_NAME, path, subfontIndex=0)
            except Exception as err:  # reportlab raises its own TTFError and others
                raise InputError(f"the PDF font {path} cannot be used ({err}); it must be "
                                 "a TrueType (glyf) .ttf or .ttc font") from err
            pdfmetrics.registerFont(font)
            return FONT_NAME
    where = override or " or ".join(FONT_CANDIDATES)
    raise InputError(
        f"PDF reports need a CJK font and none was found at {where}; install the Debian "
        f"package {FONT_PACKAGE} (sudo apt-get install {FONT_PACKAGE}, or make "
        "system-deps), or set KAM_PDF_FONT to a TrueType CJK font file"
    )


def _colour(value: str | None, default=colors.grey):
    if not value:
        return default
    if value.startswith("#") and len(value) == 7:
        return colors.HexColor(value)
    match = _RGBA.match(value)
    if match:
        r, g, b, a = match.groups()
        return colors.Color(int(r) / 255, int(g) / 255, int(b) / 255,
                            alpha=float(a) if a else 1)
    return default


class _Styles:
    def __init__(self, font: str, lang: str):
        wrap = t("lang.wrap", lang) or None
        base = {"fontName": font, "wordWrap": wrap}
        self.title = ParagraphStyle("title", fontSize=18, leading=23, spaceAfter=3, **base)
        self.subtitle = ParagraphStyle("subtitle", fontSize=9.5, leading=13,
                                       textColor=colors.HexColor("#59636e"), **base)
        self.h2 = ParagraphStyle("h2", fontSize=13.5, leading=17, spaceBefore=10,
                                 spaceAfter=5, textColor=colors.HexColor("#3f2d76"),
                                 keepWithNext=1, **base)
        self.h3 = ParagraphStyle("h3", fontSize=10.5, leading=13, spaceBefore=7,
                                 spaceAfter=4, keepWithNext=1, **base)
        self.body = ParagraphStyle("body", fontSize=9, leading=12.5, spaceAfter=4, **base)
        self.note = ParagraphStyle("note", fontSize=7.5, leading=10,
                                   textColor=colors.HexColor("#59636e"), **base)
        self.cell = ParagraphStyle("cell", fontSize=7.2, leading=9, **base)
        self.num = ParagraphStyle("num", parent=self.cell, alignment=TA_RIGHT)
        self.head = ParagraphStyle("head", fontSize=7.2, leading=9,
                                   textColor=colors.HexColor("#1f2328"), **base)
        self.score = ParagraphStyle("score", fontSize=11, leading=15, **base)


def _para(value: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(strip_controls(value)).replace("\n", "<br/>"), style)


def _widths(table: dict) -> list[float]:
    weights = []
    for i, column in enumerate(table["columns"]):
        longest = max([len(cell_text(row[i], column)) for row in table["rows"][:200]]
                      + [len(column["label"]) * 0.8, 3])
        if column["type"] != "text":
            weights.append(min(longest, 9) + 2)
        else:
            weights.append(min(longest, 42) + 4)
    total = sum(weights)
    return [FRAME_WIDTH * w / total for w in weights]


def _table(table: dict, styles: _Styles) -> list:
    title = _para(table["title"], styles.h3)
    if not table["rows"]:
        return [title, _para(table["empty"], styles.note)]
    columns = table["columns"]
    widths = _widths(table)
    font, size = styles.cell.fontName, styles.cell.fontSize
    rows = [[_para(c["label"], styles.head) for c in columns]]
    for values in table["rows"]:
        row = []
        for value, column, width in zip(values, columns, widths):
            cell = _fit(cell_text(value, column), width, size)
            # Paragraphs (which wrap) are slow; text that fits its column goes in as is.
            if "\n" in cell or pdfmetrics.stringWidth(cell, font, size) > width - 6:
                style = styles.num if column["type"] != "text" else styles.cell
                row.append(_para(cell, style))
            else:
                row.append(cell)
        rows.append(row)
    grid = Table(rows, colWidths=widths, repeatRows=1)
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), size),
        ("LEADING", (0, 0), (-1, -1), styles.cell.leading),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eaf0")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#c5ccd6")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f7f8fa")]),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    commands += [("ALIGN", (i, 1), (i, -1), "RIGHT")
                 for i, column in enumerate(columns) if column["type"] != "text"]
    grid.setStyle(TableStyle(commands))
    return [title, grid]


def _fit(cell: str, width: float, size: float, lines: int = 50) -> str:
    """The cell cut to what about ``lines`` lines of its column hold, so that no row
    outgrows a page (the other formats keep the whole text)."""
    limit = max(60, int(width / size) * lines)
    return cell if len(cell) <= limit else cell[: limit - 1] + "…"


def _short(label: str, limit: int = 14) -> str:
    label = strip_controls(label).replace("\n", " ")
    return label if len(label) <= limit else label[: limit - 1] + "…"


NODE_RADIUS = 3.2 * mm
LABEL_SIZE = 5.6


def picture_geometry(picture: dict, font: str, width: float = FRAME_WIDTH,
                     height: float = 118 * mm) -> dict:
    """Where the PDF's picture puts each node, its label and each edge, in points.

    Returns
    -------
    dict
        ``{"centres": {id: (x, y)}, "boxes": {id: (x0, y0, x1, y1)}`` (the node and its
        label), ``"routes": [[(x, y), …]]`` (one per edge of ``picture["edges"]``, from
        :func:`~graphlib_kam.present.layout.route_edges`: straight when clear, else round
        the rows, never through another node or its label)}.
    """
    pad_x, pad_y = 10 * mm, 8 * mm
    centres = {n["id"]: (pad_x + n["x"] * (width - 2 * pad_x),
                         height - pad_y - n["y"] * (height - 2 * pad_y))
               for n in picture["nodes"]}
    boxes = {}
    for node in picture["nodes"]:
        x, y = centres[node["id"]]
        r = NODE_RADIUS * (1.1 if node["side"] == "team" else 1)
        half = max(r, pdfmetrics.stringWidth(_short(node["label"]), font, LABEL_SIZE) / 2)
        boxes[node["id"]] = (x - half, y - r - 8.0, x + half, y + r)
    routes = route_edges(centres, boxes, [(e["from"], e["to"]) for e in picture["edges"]])
    return {"centres": centres, "boxes": boxes, "routes": routes}


def _picture(picture: dict, font: str, width: float = FRAME_WIDTH,
             height: float = 118 * mm) -> Drawing:
    drawing = Drawing(width, height)
    drawing.add(Rect(0, 0, width, height, fillColor=colors.HexColor("#fbfbfd"),
                     strokeColor=colors.HexColor("#d0d7de"), strokeWidth=0.5))
    geometry = picture_geometry(picture, font, width, height)
    position = geometry["centres"]
    radius = NODE_RADIUS
    for edge, route in zip(picture["edges"], geometry["routes"]):
        colour = _colour(edge["color"])
        points = [value for point in route for value in point]
        line = PolyLine(points, strokeColor=colour,
                        strokeWidth=0.4 + 1.2 * (edge.get("strength") or 0.5))
        if edge["dashes"]:
            line.strokeDashArray = [2.5, 2]
        drawing.add(line)
        if edge["arrow"]:
            (x1, y1), (x2, y2) = route[-2], route[-1]
            dx, dy = x2 - x1, y2 - y1
            length = (dx * dx + dy * dy) ** 0.5 or 1
            ux, uy = dx / length, dy / length
            tip_x, tip_y = x2 - ux * radius, y2 - uy * radius
            size = 1.6 * mm
            drawing.add(Polygon(
                [tip_x, tip_y,
                 tip_x - ux * size - uy * size * 0.5, tip_y - uy * size + ux * size * 0.5,
                 tip_x - ux * size + uy * size * 0.5, tip_y - uy * size - ux * size * 0.5],
                fillColor=colour, strokeColor=None))
    for node in picture["nodes"]:
        x, y = position[node["id"]]
        fill = _colour(node["fill"])
        border = _colour(node["border"], colors.black)
        width_pt = 0.5 + 0.35 * (node.get("border_width") or 1)
        if node["side"] == "team":
            r = radius * 1.1
            drawing.add(Polygon([x, y + r, x + r, y, x, y - r, x - r, y], fillColor=fill,
                                strokeColor=border, strokeWidth=width_pt))
        else:
            drawing.add(Circle(x, y, radius, fillColor=fill, strokeColor=border,
                               strokeWidth=width_pt))
        drawing.add(String(x, y - radius - 6.5, _short(node["label"]), fontName=font,
                           fontSize=LABEL_SIZE, textAnchor="middle",
                           fillColor=colors.HexColor("#222222")))
    return drawing


def _legend(legend: list[dict], font: str) -> Drawing:
    items = [item for group in legend for item in group["items"]]
    per_row = 6
    rows = (len(items) + per_row - 1) // per_row
    drawing = Drawing(FRAME_WIDTH, rows * 11 + 2)
    cell = FRAME_WIDTH / per_row
    for i, item in enumerate(items):
        x = (i % per_row) * cell + 4
        y = (rows - 1 - i // per_row) * 11 + 4
        colour = _colour(item.get("color"))
        if item.get("line"):
            line = Line(x, y + 3, x + 14, y + 3, strokeColor=colour, strokeWidth=1.6)
            if item.get("dashes"):
                line.strokeDashArray = [2.5, 2]
            drawing.add(line)
        elif item.get("shape") == "diamond":
            drawing.add(Polygon([x + 5, y + 7, x + 9, y + 3, x + 5, y - 1, x + 1, y + 3],
                                fillColor=colour, strokeColor=_colour(item.get("border"))))
        else:
            drawing.add(Circle(x + 5, y + 3, 3.6, fillColor=colour,
                               strokeColor=_colour(item.get("border"), colour),
                               strokeWidth=0.4 + 0.3 * (item.get("border_width") or 1)))
        drawing.add(String(x + 17, y + 0.8, _short(item["label"], 22), fontName=font,
                           fontSize=6.5, fillColor=colors.HexColor("#333333")))
    return drawing


def render_pdf(data: dict) -> bytes:
    """The report ``data`` (:func:`graphlib_kam.present.report.data.report_data`) as A4 PDF bytes.

    Raises
    ------
    InputError
        When the CJK font is missing (see :func:`cjk_font`).

    Examples
    --------
    >>> import datetime as dt, io
    >>> from pypdf import PdfReader
    >>> from graphlib_kam.present.report.data import report_data
    >>> from graphlib_kam.settings import Settings
    >>> from graphlib_kam.model.synthetic import generate_account
    >>> pdf = render_pdf(report_data(generate_account(20, seed=3), lang="zh",
    ...                  settings=Settings(as_of=dt.date(2026, 11, 28))))
    >>> "决策链影响力报告" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    True
    """
    font = cjk_font()
    lang = data["lang"]
    styles = _Styles(font, lang)
    out = io.BytesIO()
    footer_left = f"{data['title']} · {data['as_of']}"

    def decorate(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(font, 7)
        canvas.setFillColor(colors.HexColor("#59636e"))
        canvas.drawString(MARGIN, 9 * mm, _short(footer_left, 90))
        canvas.drawRightString(PAGE_WIDTH - MARGIN, 9 * mm,
                               t("report.page", lang, page=document.page))
        canvas.restoreState()

    document = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=16 * mm, title=strip_controls(data["title"]),
        author=strip_controls(data["generator"]), subject=strip_controls(data["subtitle"]),
        creator="graphlib_kam", lang=t("lang.tag", lang),
    )
    sections = data["sections"]
    overview = sections[0]
    story: list = [
        _para(data["title"], styles.title),
        _para(data["subtitle"], styles.subtitle),
        Spacer(1, 4 * mm),
        _para(f"{t('report.fig.score', lang)}: {data['score']:.1f} · "
              f"{t('report.fig.support', lang)}: {data['support']:+.1f}", styles.score),
        _para(overview["title"], styles.h2),
    ]
    story += [_para(p, styles.body) for p in overview["intro"]]
    story += [
        KeepTogether([
            _para(t("report.graph", lang), styles.h2),
            _picture(data["picture"], font),
            Spacer(1, 1.5 * mm),
            _legend(data["picture"]["legend"], font),
            _para(data["picture"]["note"], styles.note),
        ]),
    ]
    for table in overview["tables"]:
        story += _table(table, styles)
    for section in sections[1:]:
        story.append(_para(section["title"], styles.h2))
        story += [_para(p, styles.body) for p in section["intro"]]
        for table in section["tables"]:
            story += _table(table, styles)
    story += [Spacer(1, 6 * mm), _para(data["generator"], styles.note)]
    try:
        document.build(story, onFirstPage=decorate, onLaterPages=decorate)
    except LayoutError as err:  # a safety net: cells are cut to fit a page above
        raise InputError(f"the PDF report cannot be laid out on A4 ({err}); write .html, "
                         ".md or .xlsx instead") from err
    return out.getvalue()
