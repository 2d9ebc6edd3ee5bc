"""Cell and text hygiene shared by every writer of reports and exports.

One place decides what a value may look like once it leaves graphlib_kam:

* :func:`strip_controls` — removes control characters that XML cannot hold and that
  spreadsheets and terminals misread (tab, line feed and carriage return are kept);
* :func:`is_formula_like` / :func:`formula_safe` — a text that a spreadsheet would run as a
  formula (it begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is
  prefixed with an apostrophe for CSV;
* :func:`cell_value` — the value of a spreadsheet cell: numbers stay numbers, everything
  else becomes clean text;
* :func:`xml_text` — text for an XML attribute or element (GraphML, GEXF): controls
  removed and line ends normalised, so a parser reads back exactly what was written.

>>> formula_safe('=HYPERLINK("x")')
'\\'=HYPERLINK("x")'
>>> cell_value(-2), cell_value("王伟\\x07")
(-2, '王伟')
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

__all__ = [
    "FORMULA_PREFIXES",
    "cell_value",
    "formula_safe",
    "is_formula_like",
    "strip_controls",
    "xml_text",
]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# C0 controls except tab, line feed and carriage return; DEL; the C1 block; and the
# two non-characters XML 1.0 forbids.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_LONE_SURROGATES = re.compile("[\ud800-\udfff]")


def strip_controls(text: str) -> str:
    """``text`` without control characters (tab, ``\\n`` and ``\\r`` are kept).

    Lone surrogates, which no UTF-8 file can hold, go too.

    >>> strip_controls("a\\x00b\\x1bc\\td\\u0085")
    'abc\\td'
    """
    return _LONE_SURROGATES.sub("", _CONTROLS.sub("", text))


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could take ``text`` for a formula.

    >>> is_formula_like("=1+1"), is_formula_like("@SUM(A1)"), is_formula_like("王伟")
    (True, True, False)
    """
    return text.startswith(FORMULA_PREFIXES)


def formula_safe(text: str) -> str:
    """``text`` with an apostrophe in front when a spreadsheet could run it (for CSV).

    Excel, LibreOffice and Google Sheets show a leading apostrophe as "this is text".

    >>> formula_safe("+86 21 5555"), formula_safe("CEO")
    ("'+86 21 5555", 'CEO')
    """
    return "'" + text if is_formula_like(text) else text


def cell_value(value: Any) -> Any:
    """The value of a spreadsheet cell: int and finite float as they are, None as None,
    dates as ISO text, lists joined by ", ", everything else as text without controls.

    Text is *not* prefixed here: an XLSX writer stores it as a string cell (which never
    runs); a CSV writer applies :func:`formula_safe` on top.

    >>> cell_value(0.5), cell_value(True), cell_value(["a", "b"]), cell_value(float("nan"))
    (0.5, 'true', 'a, b', '')
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return strip_controls(", ".join(str(cell_value(v) or "") for v in items))
    return strip_controls(str(value))


def xml_text(text: str) -> str:
    """Text that survives an XML round trip unchanged: no controls, ``\\n`` line ends.

    XML parsers turn a carriage return into a line feed, so it is written as one.

    >>> xml_text("a\\r\\nb\\rc\\x01")
    'a\\nb\\nc'
    """
    return strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
