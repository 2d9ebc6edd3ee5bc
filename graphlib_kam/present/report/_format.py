"""How a report cell reads as text (the same in every format that shows text)."""

from __future__ import annotations

import math
from typing import Any

from graphlib_kam.safe import strip_controls

__all__ = ["cell_text"]


def cell_text(value: Any, column: dict) -> str:
    """A cell as display text: floats with the column's ``digits``, None as "".

    >>> cell_text(0.4567, {"digits": 2}), cell_text(3, {"digits": 2}), cell_text(None, {})
    ('0.46', '3', '')
    >>> cell_text("a\\x00b", {})
    'ab'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return f"{value:.{column.get('digits', 2)}f}"
    return strip_controls(str(value))
