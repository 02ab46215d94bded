"""The principle indicators shaped for a reader: value and difference texts, the heatmap's
cells, the half-year series and the table of the Principper page and the deck, from the
frame of `nextwork.metrics.principles.with_medians`."""

from __future__ import annotations

import pandas as pd

from nextwork import formats, i18n
from nextwork.metrics import disclosure
from nextwork.metrics.principles import (
    INDICATOR_BY_KEY,
    INDICATORS,
    PRINCIPLE_BY_KEY,
    distance,
)


def value_text(value, kind: str, lang: str = "da") -> str:
    """An indicator's value as its reader expects it: 82,0 %, 1,25 or 64 dage; "–" if empty."""
    if kind == "ratio":
        return formats.number(value, lang, decimals=2)
    return formats.kpi_value(value, kind, lang)


def difference_text(value, median, kind: str, lang: str = "da") -> str:
    """A value against the median: percentage points for shares, per cent of the median for
    the rest (−12 % from the median)."""
    if value is None or median is None or pd.isna(value) or pd.isna(median):
        return "–"
    if kind == "share":
        return formats.points(value - median, lang)
    relative = distance(value, median)
    if relative is None:
        return "–"
    sign = "+" if relative > 0 else "−" if relative < 0 else "±"
    return sign + formats.percent(abs(relative), lang, 0)


def cells(frame: pd.DataFrame, principle: str, sites: list[str], lang: str = "da") -> pd.DataFrame:
    """The cells of one principle's heatmap from `with_medians`: a row per indicator, a column
    for the programme's median and one per site in `sites`. Each cell has its `distance` from
    the median (the median's own cell 0), a `text` (the value and its n) and a `hover`."""
    median_label = i18n.t(lang, "Programmets median", "Programme median")
    of = i18n.t(lang, " af ", " of ")
    records = []
    for indicator in (i for i in INDICATORS if i.principle == principle):
        rows = frame[(frame["key"] == indicator.key) & frame["municipality"].notna()]
        values = {r.municipality: r for r in rows.itertuples()}
        median = rows["median"].iloc[0] if len(rows) else None
        median = None if median is None or pd.isna(median) else median
        counted = int(rows["value"].notna().sum())
        median_text = value_text(median, indicator.kind, lang)
        records.append(
            {
                "row": indicator.label(lang),
                "column": median_label,
                "distance": None if median is None else 0.0,
                "text": median_text,
                "hover": f"<b>{median_label}</b><br>{indicator.label(lang)}<br>{median_text} "
                f"(median{of}{counted} {'kommuner' if lang == 'da' else 'sites'})",
            }
        )
        for site in sites:
            row = values.get(site)
            value = None if row is None else row.value
            text = value_text(value, indicator.kind, lang)
            n_text = _n_text(row, lang)
            records.append(
                {
                    "row": indicator.label(lang),
                    "column": site,
                    "distance": None if row is None else row.distance,
                    "text": f"{text}<br>{n_text}",
                    "hover": f"<b>{site}</b><br>{indicator.label(lang)}<br>{text} ({n_text} "
                    f"{indicator.n_label(lang)})<br>{median_label}: {median_text} "
                    f"({difference_text(value, median, indicator.kind, lang)})",
                }
            )
    return pd.DataFrame.from_records(
        records, columns=["row", "column", "distance", "text", "hover"]
    )


def series(frame: pd.DataFrame, key: str, sites: list[str], lang: str = "da") -> pd.DataFrame:
    """One indicator over the half-years, from `with_medians`: a row per site in `sites` and
    half-year, and one per half-year for the programme's median (municipality None), each with
    its half-year `label`, `value` and `hover` text."""
    indicator = INDICATOR_BY_KEY[key]
    median_label = i18n.t(lang, "Programmets median", "Programme median")
    rows = frame[(frame["key"] == key) & frame["is_half_year"]].sort_values("period_start_on")
    records = []
    for start, part in rows.groupby("period_start_on", sort=True):
        label = formats.half_year_label(start, lang)
        median = part["median"].iloc[0]
        median = None if median is None or pd.isna(median) else median
        records.append(
            {
                "municipality": None,
                "period_start_on": start,
                "label": label,
                "value": median,
                "hover": f"<b>{median_label}</b><br>{label}<br>"
                + value_text(median, indicator.kind, lang),
            }
        )
        for row in part[part["municipality"].isin(sites)].itertuples():
            n_text = _n_text(row, lang)
            records.append(
                {
                    "municipality": row.municipality,
                    "period_start_on": start,
                    "label": label,
                    "value": row.value,
                    "hover": f"<b>{row.municipality}</b><br>{label}<br>"
                    f"{value_text(row.value, indicator.kind, lang)} ({n_text} "
                    f"{indicator.n_label(lang)})",
                }
            )
    return pd.DataFrame.from_records(
        records, columns=["municipality", "period_start_on", "label", "value", "hover"]
    )


def table(frame: pd.DataFrame, sites: list[str], lang: str = "da") -> pd.DataFrame:
    """A row per indicator: its principle, label, unit and key, the programme's median, and
    each site's value and n. Shares are in per cent (one decimal), like the other tables."""
    median_label = i18n.t(lang, "Programmets median", "Programme median")
    units = {"share": "%", "ratio": i18n.t(lang, "antal", "number")}
    units["days"] = i18n.t(lang, "dage", "days")
    records = []
    for indicator in INDICATORS:
        rows = frame[(frame["key"] == indicator.key) & frame["municipality"].notna()]
        by_site = {r.municipality: r for r in rows.itertuples()}
        median = rows["median"].iloc[0] if len(rows) else None
        record = {
            i18n.t(lang, "Princip", "Principle"): PRINCIPLE_BY_KEY[indicator.principle].label(lang),
            i18n.t(lang, "Indikator", "Indicator"): indicator.label(lang),
            i18n.t(lang, "Enhed", "Unit"): units[indicator.kind],
            i18n.t(lang, "Nøgle", "Key"): indicator.key,
            median_label: _shown(median, indicator.kind),
        }
        for site in sites:
            row = by_site.get(site)
            record[site] = None if row is None else _shown(row.value, indicator.kind)
            record[f"{site} (n)"] = None if row is None else row.denominator
        records.append(record)
    out = pd.DataFrame.from_records(records)
    numbers = [median_label, *sites, *(f"{site} (n)" for site in sites)]
    return out.astype({c: "Float64" for c in numbers if c in out})


def _n_text(row, lang: str) -> str:
    """n = 12; for a suppressed figure n <5."""
    if row is not None and row.is_suppressed:
        return "n " + disclosure.label()
    return "n = " + formats.number(None if row is None else row.denominator, lang)


def _shown(value, kind: str):
    """Shares in per cent with one decimal, ratios with two, days with one."""
    if value is None or pd.isna(value):
        return None
    return round(value * 100, 1) if kind == "share" else round(value, 2 if kind == "ratio" else 1)
