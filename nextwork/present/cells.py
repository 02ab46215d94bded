"""Cells that leave as CSV or Excel, safe to open: text that a spreadsheet would read as a
formula (it starts with =, +, -, @, a tab or a carriage return) gets a leading apostrophe,
as OWASP advises against formula injection. Numbers stay numbers, and text that is only a
number (such as -12,5) or one character stays as it is. Every CSV and Excel writer of the
dashboard passes its cells through here: the page downloads, the workbook, the Data page's
reports and the presentation's chart data."""

from __future__ import annotations

import re

import pandas as pd

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?[0-9]+([.,][0-9]+)*")


def safe(value):
    """`value` as it may go into a cell."""
    if (
        isinstance(value, str)
        and len(value) > 1
        and value.startswith(_TRIGGERS)
        and not _NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with every text cell and column name made safe."""
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(safe)
    out.columns = [safe(c) if isinstance(c, str) else c for c in out.columns]
    return out
