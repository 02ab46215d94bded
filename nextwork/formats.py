"""Numbers and dates as Danish (or English) readers expect them, through Babel."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re

from babel.dates import format_date as _format_date
from babel.numbers import format_decimal, format_percent

LOCALES = {"da": "da_DK", "en": "en_GB"}


def _locale(lang: str) -> str:
    return LOCALES.get(lang, "da_DK")


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value, lang: str = "da", decimals: int = 0) -> str:
    """1.234 or 1.234,5 (en: 1,234 or 1,234.5); an em dash for a missing value."""
    if _missing(value):
        return "–"
    return _number(value, lang, decimals)


# Babel parses the pattern and looks the locale up on every call: a map of 20,000 companies
# formatted a few hundred distinct numbers that way on every run. The text depends on the
# value, the language and the decimals alone.
@functools.lru_cache(maxsize=50_000)
def _number(value, lang: str, decimals: int) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_locale(lang))


def percent(value, lang: str = "da", decimals: int = 1) -> str:
    """12,5 % (en: 12.5%); an em dash for a missing share."""
    if _missing(value):
        return "–"
    return _percent(value, lang, decimals)


@functools.lru_cache(maxsize=50_000)
def _percent(value, lang: str, decimals: int) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + " %"
    text = format_percent(value, format=pattern, locale=_locale(lang))
    return text if lang == "da" else text.replace("\xa0", "").replace(" ", "")


def points(value, lang: str = "da") -> str:
    """A change in percentage points, signed: +2,5 pct.-point (en: +2.5 pp)."""
    if _missing(value):
        return "–"
    text = format_decimal(abs(value) * 100, format="#,##0.0", locale=_locale(lang))
    shown = round(abs(value) * 100, 1)  # what reads 0,0 has no sign: ±0,0
    sign = "±" if shown == 0 else "+" if value > 0 else "−"
    return f"{sign}{text} {'pct.-point' if lang == 'da' else 'pp'}"


def signed(value, lang: str = "da") -> str:
    if _missing(value):
        return "–"
    sign = "±" if round(abs(value)) == 0 else "+" if value > 0 else "−"
    return sign + number(abs(value), lang)


@functools.lru_cache(maxsize=10_000)
def date(value: dt.date | None, lang: str = "da") -> str:
    """3. feb. 2025 (en: 3 Feb 2025)."""
    if value is None:
        return "–"
    pattern = "d. MMM y" if lang == "da" else "d MMM y"
    text = _format_date(value, pattern, locale=_locale(lang))
    return text.replace(" Sept ", " Sep ") if lang == "en" else text


# The months of a chart's axis, hover texts and description, on every run: cached as numbers.
@functools.lru_cache(maxsize=10_000)
def month(value: dt.date, lang: str = "da") -> str:
    """feb. 2025 (en: Feb 2025; three letters for every month, so Sep, not Babel's Sept)."""
    text = _format_date(value, "MMM y", locale=_locale(lang))
    return text.replace("Sept ", "Sep ") if lang == "en" else text


def half_year_label(start: dt.date, lang: str = "da") -> str:
    """1. halvår 2024 (en: 2024 H1) for the half-year starting on `start`."""
    half = 1 if start.month <= 6 else 2
    return f"{start.year} H{half}" if lang == "en" else f"{half}. halvår {start.year}"


def kpi_value(value, kind: str, lang: str = "da") -> str:
    if kind == "share":
        return percent(value, lang)
    if kind == "days":
        return number(value, lang, decimals=0) + (" dage" if lang == "da" else " days")
    return number(value, lang)


# What a typed number may look like: digits with the thousands grouped by the language's
# separator in threes (or not grouped at all), then optionally the decimal separator and
# digits. Danish: 11.900 or 11900, 2,5; English: 11,900 or 11900, 2.5.
_SEPARATORS = {"da": (".", ","), "en": (",", ".")}


def parse_number(text: str | None, lang: str = "da") -> float:
    """The number a reader typed, read strictly in their language's format.

    "1.234,5" is 1234.5 in Danish ("1,234.5" in English); a thousands separator must group
    three digits, and there is at most one decimal separator. Anything else ("1,2,3", "abc",
    "", "1.23" in Danish) raises ValueError with a message the reader can act on.
    """
    group, decimal = _SEPARATORS.get(lang, _SEPARATORS["da"])
    raw = (text or "").strip().replace("\u2212", "-")
    example = "1.234,5" if lang == "da" else "1,234.5"
    if not raw:
        raise ValueError("Skriv et tal." if lang == "da" else "Type a number.")
    g, d = re.escape(group), re.escape(decimal)
    pattern = rf"[+-]?(\d{{1,3}}({g}\d{{3}})+|\d+)({d}\d+)?"
    if not re.fullmatch(pattern, raw):
        raise ValueError(
            f"«{raw}» er ikke et tal. Skriv fx {example} (punktum mellem tusinder, komma før "
            "decimaler)."
            if lang == "da"
            else f"“{raw}” is not a number. Type, for example, {example} (a comma between "
            "thousands, a point before decimals)."
        )
    return float(raw.replace(group, "").replace(decimal, "."))


def editable(value, lang: str = "da", decimals: int = 2) -> str:
    """A number as a reader would type it back into a field: grouped thousands and only the
    decimals it has (11900 -> 11.900, 2.5 -> 2,5, 0.0 -> 0; en: 11,900, 2.5, 0); empty for
    a missing value. `parse_number` reads it back to the same number."""
    if _missing(value):
        return ""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_locale(lang))
