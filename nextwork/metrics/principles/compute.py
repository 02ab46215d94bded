"""The principle indicators computed: the rows of `queries/principle_indicators.sql` and,
for the indicators that are KPIs, the KPI engine's figures, as one long frame per period,
municipality and indicator, with the programme's median and each site's distance from it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import duckdb
import pandas as pd

from nextwork.ingest import db
from nextwork.metrics import kpis
from nextwork.metrics.principles.registry import INDICATOR_BY_KEY, INDICATORS, QUERY

COLUMNS = [
    "period_start_on",
    "period_end_on",
    "is_half_year",
    "municipality",
    "principle",
    "key",
    "value",
    "numerator",
    "denominator",
    "is_suppressed",
]


def indicator_frame(
    rows: pd.DataFrame,
    kpi_frame_of: Callable[[dt.date, dt.date], pd.DataFrame],
    keys: list[str] | None = None,
) -> pd.DataFrame:
    """The indicators `keys` (all by default) in long form, one row per period, municipality
    (None for the pooled total) and indicator, from `rows` (what `principle_indicators` returned,
    or some of its periods) and, for the indicators that are KPIs, `kpi_frame_of(start, end)`:
    the KPI engine's frame for a period, asked for only when a chosen indicator needs it.

    Where small numbers were suppressed (a count of `rows` or of the KPI frame is empty), the
    indicator is empty too and `is_suppressed` is true."""
    chosen = [INDICATOR_BY_KEY[k] for k in keys] if keys else INDICATORS
    records = []
    periods = rows[["period_start_on", "period_end_on", "is_half_year"]].drop_duplicates()
    for period in periods.itertuples(index=False):
        part = rows[
            (rows["period_start_on"] == period.period_start_on)
            & (rows["period_end_on"] == period.period_end_on)
            & (rows["is_half_year"] == period.is_half_year)
        ]
        from_kpis = {}
        if any(i.is_kpi for i in chosen):
            start, end = _day(period.period_start_on), _day(period.period_end_on)
            for row in kpi_frame_of(start, end).to_dict("records"):
                from_kpis[(_name(row["municipality"]), row["key"])] = row
        for row in part.to_dict("records"):
            municipality = _name(row["municipality"])
            for indicator in chosen:
                if indicator.is_kpi:
                    found = from_kpis.get((municipality, indicator.key), {})
                    value, numerator, denominator = (
                        found.get("value"),
                        found.get("numerator"),
                        found.get("denominator"),
                    )
                    hidden = bool(found.get("is_suppressed", False))
                else:
                    value = row[indicator.key]
                    numerator = row.get(f"num_{indicator.key}")
                    denominator = row.get(f"den_{indicator.key}")
                    # A count is never empty unless it was suppressed.
                    hidden = any(
                        f"{part}_{indicator.key}" in row
                        and _number(row[f"{part}_{indicator.key}"]) is None
                        for part in ("num", "den")
                    )
                if hidden:
                    value = numerator = denominator = None
                records.append(
                    {
                        "period_start_on": _day(period.period_start_on),
                        "period_end_on": _day(period.period_end_on),
                        "is_half_year": bool(period.is_half_year),
                        "municipality": municipality,
                        "principle": indicator.principle,
                        "key": indicator.key,
                        "value": _number(value),
                        "numerator": _number(numerator),
                        "denominator": _number(denominator),
                        "is_suppressed": hidden,
                    }
                )
    return pd.DataFrame.from_records(records, columns=COLUMNS)


def with_medians(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` (from `indicator_frame`) with, for each period and indicator, the programme's
    own median: the median of the municipalities' values (the pooled total and empty values
    left out), and each row's `distance` from it (see `distance`)."""
    sites = frame[frame["municipality"].notna() & frame["value"].notna()]
    medians = (
        sites.groupby(["period_start_on", "period_end_on", "is_half_year", "key"])["value"]
        .median()
        .rename("median")
        .reset_index()
    )
    out = frame.merge(
        medians, on=["period_start_on", "period_end_on", "is_half_year", "key"], how="left"
    )
    out["median"] = [_number(v) for v in out["median"]]
    out["distance"] = [distance(v, m) for v, m in zip(out["value"], out["median"], strict=True)]
    return out


def distance(value: float | None, median: float | None) -> float | None:
    """How far a value lies from the median, relative to the median: -0.25 is a quarter
    below it. None when either is missing, or when the median is 0 and the value is not."""
    if value is None or median is None or pd.isna(value) or pd.isna(median):
        return None
    if median == 0:
        return 0.0 if value == 0 else None
    return (value - median) / abs(median)


def compute(con: duckdb.DuckDBPyConnection, params: dict) -> pd.DataFrame:
    """Every indicator for the period and its half-years (see `principle_indicators`), with
    the KPI engine for the indicators that are KPIs, and the programme's medians."""
    rows = db.run(con, QUERY, params)

    def kpi_frame_of(start: dt.date, end: dt.date) -> pd.DataFrame:
        return kpis.kpi_frame(con, {**params, "start": start, "end": end})

    return with_medians(indicator_frame(rows, kpi_frame_of))


def _day(value) -> dt.date:
    return pd.Timestamp(value).date()


def _name(value) -> str | None:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


def _number(value):
    if value is None or pd.isna(value):
        return None
    return float(value)
