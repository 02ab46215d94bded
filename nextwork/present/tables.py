"""KPI figures as the pages' tables show them: shares in per cent with one decimal, each
cell in the reader's number format by its KPI's kind, and column widths in pixels."""

from __future__ import annotations

import pandas as pd

from nextwork import formats
from nextwork.metrics import disclosure

# A KPI's unit and its axis title by the KPI's kind, in Danish and English.
UNITS = {"count": ("antal", "number"), "share": ("%", "%"), "days": ("dage", "days")}
AXES = {"count": ("Antal", "Number"), "share": ("Andel (%)", "Share (%)"), "days": ("Dage", "Days")}


def shown(value, kind: str):
    """Shares in per cent (one decimal), as on the pages' tables; other kinds as they are."""
    return round(value * 100, 1) if kind == "share" and value is not None else value


def cell(value, kind: str, language: str) -> str:
    """A table's cell (a share in per cent, as `shown` makes it) in the reader's format."""
    return formats.kpi_value(
        None if pd.isna(value) else value / (100 if kind == "share" else 1), kind, language
    )


def count(value, language: str) -> str:
    """A count cell: "<5" where it is empty (hidden), else in the reader's format."""
    return disclosure.label() if pd.isna(value) else formats.number(value, language)


def number(value, language: str, digits: int = 0) -> str:
    """A number cell in the reader's format ("–" where it is empty)."""
    return formats.number(None if pd.isna(value) else value, language, digits)


def signed(value, language: str) -> str:
    """A difference in percentage points with its sign (+, − or ±), "–" where it is empty."""
    if pd.isna(value):
        return "–"
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return sign + formats.number(abs(value), language, 1)


def width(heading: str, language: str, numbers: pd.Series | None = None) -> int:
    """Pixels for a column: its heading, or for an n column its largest number as shown
    (with thousands separators), whichever is longer."""
    longest = len(heading)
    if numbers is not None and numbers.notna().any():
        longest = max(longest, 3, len(formats.number(int(numbers.max()), language)))
    return max(38, 12 + 7 * longest)
