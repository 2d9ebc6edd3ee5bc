"""Reports in every format, for every example in both languages, and for a hostile map."""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from graphlib_kam.errors import InputError
from graphlib_kam.present.report import (
    REPORT_FORMATS,
    SECTION_KEYS,
    render_report,
    report_data,
    report_format,
)
from graphlib_kam.present.report import pdf as pdf_module
from graphlib_kam.settings import Settings
from graphlib_kam.store import load_map
from tests.conftest import EXAMPLES, example_paths
from tests.hostile_map import CJK, FORMULA, NAMES, SCRIPT, hostile_map

SETTINGS = Settings(as_of=dt.date(2026, 11, 28))
HISTORY = EXAMPLES / "cn-bank-core-banking.history" / "r000006.kam.json"
CURRENT = EXAMPLES / "cn-bank-core-banking.kam.json"


@functools.cache
def _data(name: str, lang: str) -> dict:
    amap = hostile_map() if name == "hostile" else load_map(EXAMPLES / f"{name}.kam.json")
    return report_data(amap, settings=SETTINGS, lang=lang)


@functools.cache
def _rendered(name: str, lang: str, fmt: str) -> bytes:
    return render_report(_data(name, lang), fmt)


EXAMPLE_NAMES = [p.name.removesuffix(".kam.json") for p in example_paths()]
CASES = [(name, lang) for name in EXAMPLE_NAMES for lang in ("en", "zh")]


# --- the data ----------------------------------------------------------------------------

@pytest.mark.parametrize("name, lang", CASES)
def test_report_data_has_every_section_in_order(name, lang):
    data = _data(name, lang)
    assert [s["key"] for s in data["sections"]] == list(SECTION_KEYS[:-1])
    assert data["as_of"] == "2026-11-28" and data["lang"] == lang
    assert 0 <= data["score"] <= 100
    for section in data["sections"]:
        for table in section["tables"]:
            for row in table["rows"]:
                assert len(row) == len(table["columns"])
                assert all(v is None or isinstance(v, (str, int, float)) for v in row)


def test_report_data_is_plain_data():
    import json

    json.dumps(_data("manufacturer-erp", "en"))  # nothing but JSON types


def test_report_in_chinese_speaks_chinese():
    data = _data("cn-bank-core-banking", "zh")
    assert data["title"].startswith("决策链影响力报告")
    committee = next(s for s in data["sections"] if s["key"] == "committee")
    assert committee["tables"][0]["columns"][1]["label"] == "高层"


def test_since_adds_what_changed():
    data = report_data(load_map(CURRENT), settings=SETTINGS, lang="en",
                       since=load_map(HISTORY))
    assert data["sections"][-1]["key"] == "changes"
    alerts, changes, routes, gaps = data["sections"][-1]["tables"]
    people = {(row[0], row[2]) for row in changes["rows"]}
    assert ("added", "马骁") in people
    assert any(row[0] == "changed" and "Status: active → left" in row[3]
               for row in changes["rows"])
    assert routes["rows"], "the departed champion's routes broke or weakened"
    assert any("周立新" in row[1] for row in alerts["rows"])
    assert ("opened", "departed contact") in {(row[0], row[2]) for row in gaps["rows"]}
    assert data["since"] == {"revision": 6}


def test_support_stands_beside_the_score(name="cn-bank-core-banking"):
    from graphlib_kam.algorithms.coverage import support_score

    amap = load_map(EXAMPLES / f"{name}.kam.json")
    expected = support_score(amap, settings=SETTINGS)
    for lang, word in (("en", "Support"), ("zh", "支持度")):
        data = _data(name, lang)
        assert data["support"] == pytest.approx(expected, abs=1e-12)
        figures = data["sections"][0]["tables"][0]["rows"]
        labels = [row[0] for row in figures]
        assert labels[1].startswith(word) and labels[0] != labels[1]
        assert figures[1][1] == round(expected, 1)
        assert f"{expected:+.1f}" in data["sections"][0]["intro"][0]
    html = _rendered(name, "en", ".html").decode("utf-8")
    assert f"<b>{expected:+.1f}</b>" in html


def test_the_plan_section_is_one_table_per_stage():
    from graphlib_kam.algorithms.analysis import analyze
    from graphlib_kam.text import t

    plan = analyze(load_map(CURRENT), settings=SETTINGS).plan
    stages = list(dict.fromkeys(step.stage for step in plan.steps))
    for lang in ("en", "zh"):
        section = next(s for s in _data("cn-bank-core-banking", lang)["sections"]
                       if s["key"] == "plan")
        assert [table["title"] for table in section["tables"]] == [
            t(f"plan.stage.{stage}", lang) for stage in stages]
        rows = [row for table in section["tables"] for row in table["rows"]]
        assert [row[0] for row in rows] == list(range(1, len(plan.steps) + 1))
        assert [row[1] for row in rows] == [t(f"plan.kind.{s.kind}", lang) for s in plan.steps]
    zh = next(s for s in _data("cn-bank-core-banking", "zh")["sections"] if s["key"] == "plan")
    assert all("，" not in row[-1] and ", " not in row[-1]
               for table in zh["tables"] for row in table["rows"])


def test_an_empty_plan_says_why_in_the_report():
    from graphlib_kam.model import parse_map
    from graphlib_kam.text import t

    lonely = parse_map({"account": {"id": "a"}, "stakeholders": [
        {"id": "x", "role": "decision-maker"}]})
    section = next(s for s in report_data(lonely, settings=SETTINGS)["sections"]
                   if s["key"] == "plan")
    assert section["tables"] == [] and t("plan.empty.no_team", "en") in section["intro"]


def test_the_change_section_has_alerts_and_support_before_and_after():
    from graphlib_kam.algorithms.coverage import support_score

    data = report_data(load_map(CURRENT), settings=SETTINGS, lang="en",
                       since=load_map(HISTORY))
    changes = data["sections"][-1]
    before = support_score(load_map(HISTORY), settings=SETTINGS)
    after = support_score(load_map(CURRENT), settings=SETTINGS)
    assert f"support from {before:+.1f} to {after:+.1f}" in changes["intro"][0]
    alerts = changes["tables"][0]
    assert alerts["key"] == "alerts" and alerts["rows"]


def test_since_of_another_account_is_refused():
    with pytest.raises(InputError, match="same account"):
        report_data(load_map(CURRENT), settings=SETTINGS,
                    since=load_map(EXAMPLES / "manufacturer-erp.kam.json"))


def test_unknown_language_is_refused():
    with pytest.raises(InputError, match="language"):
        report_data(hostile_map(), lang="fr")


# --- every format, every example, both languages ----------------------------------------

class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts: list[str] = []
        self.text: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


@pytest.mark.parametrize("name, lang", CASES)
def test_html_report(name, lang):
    page = _rendered(name, lang, "html").decode("utf-8")
    parser = _Page()
    parser.feed(page)
    text = "".join(parser.text)
    data = _data(name, lang)
    assert data["title"] in text
    for section in data["sections"]:
        assert section["title"] in text
    assert any(tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
               for tag, attrs in parser.tags)
    assert not any(tag in ("link", "img", "iframe") or "src" in attrs
                   for tag, attrs in parser.tags), "the page must load nothing"
    assert "window.kamGraph.draw" in page and "@media print" in page


@pytest.mark.parametrize("name, lang", CASES)
def test_markdown_report(name, lang):
    md = _rendered(name, lang, "md").decode("utf-8")
    data = _data(name, lang)
    assert md.startswith("# ")
    for section in data["sections"]:
        assert f"## {section['title']}" in md
    ranking = next(s for s in data["sections"] if s["key"] == "influence")["tables"][0]
    rows = [line for line in md.splitlines() if line.startswith("| ")]
    assert len(rows) >= len(ranking["rows"])


@pytest.mark.parametrize("name, lang", CASES)
def test_xlsx_report_has_a_sheet_per_section_and_numbers_stay_numbers(name, lang):
    book = load_workbook(io.BytesIO(_rendered(name, lang, "xlsx")))
    data = _data(name, lang)
    assert len(book.sheetnames) == len(data["sections"])
    overview = book[book.sheetnames[0]]
    values = [c for row in overview.iter_rows() for c in row if c.value is not None]
    score = [c for c in values if c.data_type == "n" and isinstance(c.value, float)]
    assert score and score[0].value == pytest.approx(round(data["score"], 1))
    ranking_sheet = book[book.sheetnames[2]]
    ranks = [row[0].value for row in ranking_sheet.iter_rows() if isinstance(row[0].value, int)]
    assert ranks[:3] == [1, 2, 3]


def _not_blank(png: Path) -> float:
    image = Image.open(png).convert("L")
    dark = sum(1 for v in image.tobytes() if v < 200)
    return dark / (image.width * image.height)


@pytest.mark.parametrize("name, lang", CASES)
def test_pdf_report_text_is_extractable(name, lang):
    reader = PdfReader(io.BytesIO(_rendered(name, lang, "pdf")))
    assert reader.mediabox_size if hasattr(reader, "mediabox_size") else True
    first = reader.pages[0]
    width, height = float(first.mediabox.width), float(first.mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = "".join(page.extract_text() for page in reader.pages)
    data = _data(name, lang)
    assert data["title"].split(" — ")[0] in text
    for section in data["sections"]:
        assert section["title"][:6] in text.replace("\n", "")


# --- PDF: embedded font, extraction with pdftotext, rendering with pdftoppm ---------------

def _embedded_fonts(pdf: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(pdf))
    embedded = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts") or [font]
            for item in descendants:
                descriptor = item.get_object().get("/FontDescriptor")
                if descriptor and "/FontFile2" in descriptor.get_object():
                    embedded.add(str(font["/BaseFont"]))
    return embedded


def test_pdf_embeds_the_cjk_font():
    fonts = _embedded_fonts(_rendered("cn-bank-core-banking", "zh", "pdf"))
    assert any("WenQuanYi" in f for f in fonts), fonts


@pytest.fixture
def no_system_fonts(tmp_path) -> dict:
    """An environment in which poppler finds no font at all on the system."""
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
                    f"<fontconfig><cachedir>{tmp_path}/cache</cachedir></fontconfig>")
    return {**os.environ, "FONTCONFIG_FILE": str(conf), "FONTCONFIG_PATH": str(tmp_path)}


def _need(tool: str) -> str:
    path = shutil.which(tool)
    assert path, f"{tool} is missing: run make system-deps (poppler-utils)"
    return path


def test_pdf_chinese_extracts_with_pdftotext_without_system_fonts(tmp_path, no_system_fonts):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(_rendered("cn-bank-core-banking", "zh", "pdf"))
    out = subprocess.run([_need("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
                         capture_output=True, env=no_system_fonts, check=True)
    text = out.stdout.decode("utf-8")
    assert "决策链影响力报告" in text and "华东某城市商业银行" in text
    assert "刘振华" in text and "缺口与行动" in text


def test_pdf_page_renders_not_blank_without_system_fonts(tmp_path, no_system_fonts):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(_rendered("cn-bank-core-banking", "zh", "pdf"))
    subprocess.run([_need("pdftoppm"), "-png", "-r", "50", "-f", "1", "-l", "2", str(pdf),
                    str(tmp_path / "page")], env=no_system_fonts, check=True,
                   capture_output=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 2
    for png in pages:
        assert _not_blank(png) > 0.01, f"{png.name} is blank"
    blank = Image.new("L", (100, 100), 255)
    blank.save(tmp_path / "white.png")
    assert _not_blank(tmp_path / "white.png") == 0  # the check itself can fail


def test_pdf_without_the_font_names_the_package(monkeypatch, tmp_path):
    monkeypatch.setenv("KAM_PDF_FONT", str(tmp_path / "nowhere.ttc"))
    pdf_module.cjk_font.cache_clear()
    try:
        with pytest.raises(InputError, match="fonts-wqy-microhei"):
            render_report(_data("manufacturer-erp", "en"), "pdf")
    finally:
        monkeypatch.delenv("KAM_PDF_FONT")
        pdf_module.cjk_font.cache_clear()


# --- a hostile map in every format -------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hostile_html_escapes_every_name(lang):
    page = _rendered("hostile", lang, "html").decode("utf-8")
    assert SCRIPT not in page and "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    parser = _Page()
    parser.feed(page)
    for script in parser.scripts:
        assert "<script>alert" not in script.lower()
    assert "\\u003cscript\\u003ealert('x')" in page  # the graph's data: JSON-escaped
    allowed = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3",
               "p", "div", "b", "nav", "ol", "li", "a", "section", "table", "thead", "tbody",
               "tr", "th", "td", "footer", "span", "script"}
    assert {tag for tag, _ in parser.tags} <= allowed
    plain = _Page()
    plain.feed(_rendered("manufacturer-erp", lang, "html").decode("utf-8"))
    scripts = [tag for tag, _ in parser.tags if tag == "script"]
    assert len(scripts) == len([tag for tag, _ in plain.tags if tag == "script"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hostile_markdown_escapes_every_name(lang):
    md = _rendered("hostile", lang, "md").decode("utf-8")
    assert "<script" not in md and "&lt;script&gt;" in md
    assert not re.search(r"(?<!\\)\]\(", md) and "\\[link\\](javascript:" in md
    assert "\x00" not in md and "\x1b" not in md and CJK in md
    lines = md.split("\n")
    for before, line in zip(lines, lines[1:]):
        if line.startswith("|") and before.startswith("|"):
            # a name never breaks the table: every row has as many cells as the one above
            assert (len(re.findall(r"(?<!\\)\|", line))
                    == len(re.findall(r"(?<!\\)\|", before))), line


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hostile_xlsx_never_holds_a_formula(lang):
    raw = _rendered("hostile", lang, "xlsx")
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    book = load_workbook(io.BytesIO(raw))
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                assert cell.data_type in ("s", "n"), (cell.coordinate, cell.data_type)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    if cell.value.startswith(("=", "+", "-", "@", "\t", "\r")):
                        assert cell.quotePrefix, cell.value
    joined = "\n".join(texts)
    assert FORMULA in joined and SCRIPT in joined and CJK in joined
    assert "ctlend" in joined and "\x00" not in joined and "\x1b" not in joined


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hostile_pdf_renders_with_its_text(lang):
    reader = PdfReader(io.BytesIO(_rendered("hostile", lang, "pdf")))
    text = "".join(page.extract_text() for page in reader.pages)
    assert CJK in text and "alert('x')" in text and "HYPERLINK" in text


def test_every_hostile_name_is_in_the_report_tables():
    data = _data("hostile", "en")
    committee = next(s for s in data["sections"] if s["key"] == "committee")
    names = {row[0] for row in committee["tables"][1]["rows"]}
    assert len(names) == len(NAMES)


@pytest.mark.parametrize("name, fmt", [("a.HTML", ".html"), ("r.pdf", ".pdf"),
                                       ("x.md", ".md"), ("q4.xlsx", ".xlsx")])
def test_report_format_from_suffix(name, fmt):
    assert report_format(name) == fmt


@pytest.mark.parametrize("name", ["r.docx", "pdf", ".pdf", "r.pdf.tmp"])
def test_unknown_report_suffix_is_refused(name):
    with pytest.raises(InputError, match=", ".join(REPORT_FORMATS)):
        report_format(name)


def test_pdf_lays_out_huge_cells():
    amap = hostile_map()
    amap.stakeholders[0].title = "王" * 20000
    amap.stakeholders[1].title = "x" * 20000
    amap.stakeholders[2].interests = [f"interest {i}" for i in range(3000)]
    pdf = render_report(report_data(amap, settings=SETTINGS, lang="zh"), "pdf")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) < 40 and "王王王" in reader.pages[1].extract_text() + \
        reader.pages[2].extract_text()


@pytest.mark.parametrize("lang, more", [("en", "and 9 more"), ("zh", "等（另有 9 项）")])
def test_a_matrix_cell_cut_to_its_first_interests_says_how_many_more(lang, more):
    # the bank's management influencers recorded 24 interests; the report lists 15
    section = next(s for s in _data("cn-bank-core-banking", lang)["sections"]
                   if s["key"] == "matrix")
    rows = section["tables"][0]["rows"]
    cut = [row for row in rows if "马骁" in row[2]]
    assert len(cut) == 1 and cut[0][3].endswith(" " + more)
    assert all(row[3].count("(") <= 15 + 1 for row in rows)
