"""Amounts of money in the reader's format: kroner (1.234.567 kr., DKK 1,234,567) and
millions of kroner with one decimal, with the minus sign below 0 and "–" when missing."""

import pandas as pd

from nextwork import formats, i18n


def kroner(value, lang: str) -> str:
    """1.234.567 kr. (en: DKK 1,234,567); −1.000 kr. below 0; "–" when missing."""
    if value is None or pd.isna(value):
        return "–"
    text = formats.number(abs(value), lang)
    if value < 0 and text != "0":
        text = "\u2212" + text  # the minus sign, not a hyphen
    return i18n.t(lang, f"{text} kr.", f"DKK {text}")


def millions(value, lang: str) -> str:
    """Millions of kroner with one decimal (1,2; en: 1.2), the minus sign below 0; "–" when
    missing."""
    if value is None or pd.isna(value):
        return "–"
    text = formats.number(abs(value) / 1e6, lang, 1)
    return ("\u2212" if value < 0 and text.strip("0.,") else "") + text
