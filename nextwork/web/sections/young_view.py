"""The young people page's figures and charts, made once per filters, reader and data file:
the participant KPIs, intake and stock month by month, who the active young people are and
how far those enrolled in the period have come, with the tables behind the charts.

They are shared by every run that asks for the same (`st.cache_resource`, keyed by the
filters, the reader and the pinned data file) and never changed: each chart is finished
(titled, its labels made readable) before it is kept, so a run draws it as it is."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from nextwork.metrics.kpis import KPI_BY_KEY
from nextwork.present import chart_text, charts
from nextwork.web import ui
from nextwork.web.page_cache import reader
from nextwork.web.ui import t

CARDS = [
    "participants_new",
    "participants_active",
    "network_attendance_share",
    "placement_within_3m_share",
]
MONTHLY = ("participants_new", "participants_active")
# Only the queries of the cards' KPIs run for the page's KPI frames (each KPI query costs
# mostly its planning, so the other queries' KPIs, which the page never shows, are not run).
QUERIES = tuple(dict.fromkeys(KPI_BY_KEY[k].query for k in CARDS))


def dimensions() -> dict[str, str]:
    """The breakdowns of the active young people, by their name in the query."""
    return {
        "target_group": t("Målgruppe", "Target group"),
        "gender": t("Køn", "Gender"),
        "age_band": t("Alder", "Age"),
    }


def steps() -> dict[str, str]:
    """The steps from enrolment to retention, by their name in the query."""
    return {
        "enrolled": t("Indskrevet", "Enrolled"),
        "attended_network": t("Deltog i ungenetværk", "Attended the youth network"),
        "started_placement": t("Startede i praktik", "Started a placement"),
        "first_outcome": t("Første job/uddannelse", "First job or education"),
        "retained_6m": t("Fastholdt 6 mdr. efter", "Retained 6 months on"),
    }


def young() -> str:
    return t("Antal unge", "Young people (number)")


def composition_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The breakdowns of the active young people as a table, shares in per cent."""
    return pd.DataFrame(
        {
            "municipality": rows["municipality"],
            t("Opdelt efter", "Breakdown"): rows["dimension"].map(dimensions()),
            t("Gruppe", "Group"): rows["category"].map(ui.labeller(ui.lang())),
            t("Aktive unge", "Active young people"): rows["count_participants"],
            t("Andel (%)", "Share (%)"): (rows["share_of_active"] * 100).round(1),
        }
    )


def funnel_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The steps from enrolment to retention as a table, shares in per cent."""
    return pd.DataFrame(
        {
            "municipality": rows["municipality"],
            t("Trin", "Step"): rows["step"].map(steps()),
            young(): rows["count_participants"],
            t("Andel af de indskrevne (%)", "Share of those enrolled (%)"): (
                rows["share_of_enrolled"] * 100
            ).round(1),
        }
    )


@dataclass(frozen=True)
class Young:
    """What the page shows, for one set of filters and one reader."""

    now: pd.DataFrame
    before: pd.DataFrame
    programme: pd.DataFrame | None  # the programme's KPIs beside a selection of some sites
    steps: pd.DataFrame  # the pooled row of each step, by step
    composition_table: pd.DataFrame
    funnel_table: pd.DataFrame
    charts: dict[str, go.Figure] = field(default_factory=dict)  # finished, by the chart's key


def young_people(f: ui.Filters) -> Young:
    """The page's figures for the filters as the reader may see them."""
    return _young(replace(f, notices=()), *reader())


@st.cache_resource(max_entries=64, show_spinner=False)
def _young(f: ui.Filters, viewer, path: str, version, settings) -> Young:
    params = f.params()
    # Beside a selection that is not the whole programme, the programme's own figure.
    is_programme = set(f.municipalities) == set(ui.facts()["municipalities"])
    monthly = ui.query("monthly_counts", params)
    funnel = ui.query("participant_funnel", params)
    made: dict[str, go.Figure] = {}
    for measure in MONTHLY:
        label = KPI_BY_KEY[measure].label(f.lang)
        fig = charts.lines_by_municipality(monthly, "month_start", measure, label, f.lang)
        title = label + t(" pr. måned", " per month")
        charts.style(fig, title, f.describe(), t("Måned", "Month"), young(), f.lang, height=380)
        charts.month_axis(fig, list(monthly["month_start"]), f.lang)
        charts.mark_incomplete_month(fig, f.as_of, f.lang)
        chart_text.readable_labels(fig)
        made[f"young_{measure}"] = fig
    total = funnel[funnel["municipality"].isna()].set_index("step")
    one = f.municipalities[0] if len(f.municipalities) == 1 else None
    fig = charts.step_bars(
        [steps()[s] for s in total.index],
        list(total["count_participants"]),
        list(total["share_of_enrolled"]),
        f.lang,
        charts.colour(one),
    )
    title = t(
        "Unge indskrevet i perioden: hvor langt er de nået?",
        "Young people enrolled in the period: how far have they come?",
    )
    charts.style(fig, title, f.describe(), young(), t("Trin", "Step"), f.lang)
    chart_text.readable_labels(fig)
    made["young_funnel"] = fig
    return Young(
        now=ui.kpi_frame(params, queries=QUERIES),
        before=ui.kpi_frame(f.previous().params(), queries=QUERIES),
        programme=None if is_programme else ui.programme_kpis(params, queries=QUERIES),
        steps=total,
        composition_table=composition_table(ui.query("participant_composition", params)),
        funnel_table=funnel_table(funnel),
        charts=made,
    )


def composition_chart(f: ui.Filters, dimension: str) -> go.Figure:
    """The active young people broken down by `dimension`, finished."""
    return _composition(replace(f, notices=()), dimension, *reader())


@st.cache_resource(max_entries=64, show_spinner=False)
def _composition(f: ui.Filters, dimension: str, viewer, path: str, version, settings):
    composition = ui.query("participant_composition", f.params())
    part = composition[
        (composition["dimension"] == dimension) & composition["municipality"].notna()
    ]
    label, by = t("Aktive unge", "Active young people"), dimensions()[dimension]
    fig = charts.bars(
        part,
        "category",
        "count_participants",
        label,
        f.lang,
        share="share_of_active",
        category_text=ui.labeller(f.lang),
        horizontal=True,
    )
    title = label + t(" efter ", " by ") + by.lower()
    charts.style(fig, title, f.describe(), young(), by, f.lang)
    chart_text.readable_labels(fig)
    return fig
