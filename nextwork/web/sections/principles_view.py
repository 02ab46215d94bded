"""The principles page's figures and charts, made once per filters, reader and data file:
each site's indicators against the programme's median (every site in the database, whichever
are chosen) as heatmaps and a table, and one indicator over the half-years.

They are shared by every run that asks for the same (`st.cache_resource`, keyed by the
filters, the reader and the pinned data file) and never changed: each chart is finished
(titled, its labels made readable) before it is kept, so a run draws it as it is."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from nextwork import formats
from nextwork.metrics import principles
from nextwork.metrics.kpis import KPI_BY_KEY
from nextwork.metrics.principles import INDICATOR_BY_KEY, INDICATORS, PRINCIPLES
from nextwork.present import chart_text, charts, principle_tables
from nextwork.web import ui
from nextwork.web.page_cache import reader
from nextwork.web.ui import t

AXES = {
    "share": ("Andel (%)", "Share (%)"),
    "ratio": ("Antal", "Number"),
    "days": ("Dage (median)", "Days (median)"),
}


# The KPI queries of the indicators that are KPIs: only they run for the KPI frames of the
# periods (a KPI query's time is mostly its planning; the other KPIs are not indicators).
QUERIES = tuple(dict.fromkeys(KPI_BY_KEY[i.key].query for i in INDICATORS if i.is_kpi))


def _everyone() -> tuple[str, ...]:
    return tuple(ui.facts()["municipalities"])


def indicators(f: ui.Filters, suppress: bool = False, half_years: bool = False, keys=None):
    """`principles.with_medians` of the indicators of every site in the database (the
    programme's median is over them all) for the period, or for each half-year."""
    everyone = _everyone()
    rows = ui.query("principle_indicators", f.params(municipalities=everyone), suppress)
    frame = principles.indicator_frame(
        rows[rows["is_half_year"]] if half_years else rows[~rows["is_half_year"]],
        lambda start, end: ui.kpi_frame(
            f.params(start=start, end=end, municipalities=everyone), suppress, QUERIES
        ),
        keys=keys,
    )
    return principles.with_medians(frame)


@dataclass(frozen=True)
class Principles:
    """What the page shows, for one set of filters and one reader."""

    table: pd.DataFrame  # a row per indicator; a value and an n column per site
    charts: dict[str, go.Figure] = field(default_factory=dict)  # finished, by the chart's key


def principles_of(f: ui.Filters) -> Principles:
    """The page's figures for the filters as the reader may see them."""
    return _principles(replace(f, notices=()), *reader())


@st.cache_resource(max_entries=64, show_spinner=False)
def _principles(f: ui.Filters, viewer, path: str, version, settings) -> Principles:
    sites = sorted(f.municipalities)
    now = indicators(f)
    made: dict[str, go.Figure] = {}
    for principle in PRINCIPLES:
        cells = principle_tables.cells(now, principle.key, sites, f.lang)
        fig = charts.deviation_heatmap(
            cells, f.lang, colourbar_title=t("Fra medianen", "From median")
        )
        members = [i for i in INDICATORS if i.principle == principle.key]
        charts.style(
            fig,
            principle.label(f.lang)
            + t(": kommunerne mod programmets median", ": sites against the programme's median"),
            f.describe(),
            lang=f.lang,
            height=150 + 62 * len(members),
        )
        # The same left margin on every principle, so that their columns line up.
        fig.update_layout(margin={"t": 140, "l": 360})
        fig.update_yaxes(automargin=False)
        chart_text.readable_labels(fig)
        made[f"principles_{principle.key}"] = fig
    return Principles(table=principle_tables.table(now, sites, f.lang), charts=made)


@dataclass(frozen=True)
class OverTime:
    """One indicator over the half-years."""

    chart: go.Figure  # finished
    last_end: object  # the last half-year's last day (None: no half-years)


def over_time(f: ui.Filters, key: str) -> OverTime:
    return _over_time(replace(f, notices=()), key, *reader())


@st.cache_resource(max_entries=64, show_spinner=False)
def _over_time(f: ui.Filters, key: str, viewer, path: str, version, settings) -> OverTime:
    indicator = INDICATOR_BY_KEY[key]
    halves = indicators(f, half_years=True, keys=[key])
    points = principle_tables.series(halves, key, sorted(f.municipalities), f.lang)
    fig = charts.half_year_lines(points, t("Programmets median", "Programme median"))
    charts.style(
        fig,
        indicator.label(f.lang) + t(" pr. halvår", " by half-year"),
        f.describe(),
        t("Halvår", "Half-year"),
        t(*AXES[indicator.kind]),
        f.lang,
    )
    if indicator.kind == "share":
        charts.share_axis(fig, f.lang)
    chart_text.readable_labels(fig)
    return OverTime(fig, halves["period_end_on"].max() if len(halves) else None)


def styled(table: pd.DataFrame, sites: list[str], language: str):
    """The table in the reader's formats, each row by its indicator's kind."""
    values = [t("Programmets median", "Programme median"), *sites]
    styler = table.style.format(
        lambda v: formats.number(None if pd.isna(v) else v, language),
        subset=[f"{site} (n)" for site in sites],
    )
    for i, item in enumerate(INDICATORS):
        styler = styler.format(
            lambda v, kind=item.kind: principle_tables.value_text(
                None if pd.isna(v) else v / (100 if kind == "share" else 1), kind, language
            ),
            subset=pd.IndexSlice[[i], values],
        )
    return styler


def shared_table(f: ui.Filters) -> pd.DataFrame:
    """The table as shared outside the team: every figure through the disclosure control."""
    return principle_tables.table(indicators(f, suppress=True), sorted(f.municipalities), f.lang)
