"""The deal as every face shows it: amount and currency, stage, close date, status.

The portfolio (command line and explorer) and the reports show a map's deal the same way,
from its kam/1 JSON form (:meth:`~graphlib_kam.model.Deal.to_dict`).
"""

from __future__ import annotations

from typing import Any

from graphlib_kam.text import DEFAULT_LANG, t

__all__ = ["deal_line", "money"]


def money(amount: float | None, currency: str = "") -> str:
    """An amount with thousands separators and its currency; ``""`` without an amount.

    Cents are shown only below a thousand: the figures are for ranking, not accounting.

    >>> money(48000000, "CNY"), money(1234.5), money(99.5), money(None, "USD")
    ('48,000,000 CNY', '1,234', '99.50', '')
    """
    if amount is None:
        return ""
    whole = float(amount).is_integer() or abs(amount) >= 1000
    text = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    return f"{text} {currency}".strip()


def deal_line(deal: dict[str, Any] | None, *, lang: str = DEFAULT_LANG,
              name: bool = True) -> str:
    """One line: name · amount · stage · close date · status (the parts it has).

    >>> d = {"name": "Core", "stage": "POC", "amount": 1000, "currency": "CNY",
    ...      "close_date": "2027-03-31", "status": "won"}
    >>> deal_line(d)
    'Core · 1,000 CNY · POC · close 2027-03-31 · won'
    >>> deal_line(d, lang="zh", name=False)
    '1,000 CNY · POC · 成交日期 2027-03-31 · 赢单'
    >>> deal_line(None)
    ''
    """
    if not deal:
        return ""
    parts = [deal.get("name", "") if name else "",
             money(deal.get("amount"), deal.get("currency", "")),
             deal.get("stage", ""),
             t("deal.close", lang, date=deal["close_date"]) if deal.get("close_date") else "",
             t("deal.status." + deal.get("status", "open"), lang)]
    return " · ".join(str(p) for p in parts if p)
