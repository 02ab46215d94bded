"""The placements page's figures and charts, made once per filters, reader and data file:
the placement KPIs, starts month by month, lengths and endings, who chose the company, days
to the first placement and a new placement after an interruption.

They are shared by every run that asks for the same (`st.cache_resource`, keyed by the
filters, the reader and the pinned data file) and never changed: each chart is finished
(titled, its labels made readable) before it is kept, so a run draws it as it is."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from nextwork import config
from nextwork.metrics.kpis import KPI_BY_KEY
from nextwork.present import chart_text, charts
from nextwork.web import ui
from nextwork.web.page_cache import finished, reader
from nextwork.web.ui import t

CARDS = [
    "placements_started",
    "placements_active",
    "placement_completion_rate",
    "participant_chosen_share",
]
TABLE = [*CARDS, "median_days_to_first_placement", "second_chance_share"]
# Only the queries of the page's KPIs (the table's and the young people enrolled) run for its
# KPI frames: each KPI query costs mostly its planning.
QUERIES = tuple(dict.fromkeys(KPI_BY_KEY[k].query for k in [*TABLE, "participants_new"]))
# Apart from the municipalities' colours, from the same colour-blind-safe families (darkened
# to 3:1 against white).
STATUS_COLOURS = {
    "completed": "#41A392",
    "interrupted": "#882255",
    "other": "#A8932A",
    "unknown": "#939393",
    "ongoing": "#1F9DDC",
}


def municipality_heading() -> str:
    return t("Kommune", "Municipality")


def count_table(frame: pd.DataFrame, group: str, header: str, count: str, share: str):
    """One of the count queries as a table, shares in per cent."""
    return pd.DataFrame(
        {
            municipality_heading(): frame["municipality"].fillna(t("Alle valgte", "All selected")),
            header: frame[group].map(ui.labeller(ui.lang())),
            t("Antal", "Number"): frame[count],
            t("Andel (%)", "Share (%)"): (frame[share] * 100).round(1),
        }
    )


@dataclass(frozen=True)
class Placements:
    """What the page shows, for one set of filters and one reader."""

    now: pd.DataFrame
    before: pd.DataFrame
    programme: pd.DataFrame | None  # the programme's KPIs beside a selection of some sites
    lengths: pd.DataFrame
    status: pd.DataFrame
    days: pd.DataFrame
    table: pd.DataFrame  # the KPIs by municipality
    charts: dict[str, go.Figure] = field(default_factory=dict)  # finished, by the chart's key


def placements(f: ui.Filters) -> Placements:
    """The page's figures for the filters as the reader may see them."""
    return _placements(replace(f, notices=()), *reader())


@st.cache_resource(max_entries=64, show_spinner=False)
def _placements(f: ui.Filters, viewer, path: str, version, settings) -> Placements:
    params = f.params()
    now = ui.kpi_frame(params, queries=QUERIES)
    # Beside a selection that is not the whole programme, the programme's own figure.
    is_programme = set(f.municipalities) == set(ui.facts()["municipalities"])
    monthly = ui.query("monthly_counts", params)
    lengths = ui.query("placement_lengths", params)
    status = ui.query("placement_status", params)
    days = ui.query("first_placement_days", params)
    number = t("Antal praktikforløb", "Placements (number)")
    label = t("Praktikforløb", "Placements")
    made: dict[str, go.Figure] = {}

    fig = charts.bars(
        monthly,
        "month_start",
        "placements_started",
        KPI_BY_KEY["placements_started"].label(f.lang),
        f.lang,
    )
    title = t("Påbegyndte praktikforløb pr. måned", "Placements started per month")
    charts.style(fig, title, f.describe(), t("Måned", "Month"), number, f.lang)
    charts.month_axis(fig, list(monthly["month_start"]), f.lang)
    charts.mark_incomplete_month(fig, f.as_of, f.lang)
    chart_text.readable_labels(fig)
    made["placements_monthly"] = fig

    ended = lengths[lengths["municipality"].notna()]
    made["placements_length"] = finished(
        charts.bars(
            ended, "length_band", "count_placements", label, f.lang, share="share_of_ended"
        ),
        f,
        t("Længde af forløb, der sluttede i perioden", "Length of placements ended in the period"),
        t("Længde (uger)", "Length (weeks)"),
        number,
    )
    made["placements_status"] = finished(
        charts.bars(
            status[status["municipality"].notna()],
            "municipality",
            "count_placements",
            label,
            f.lang,
            series="status",
            share="share_of_active",
            series_text=ui.labeller(f.lang),
            series_colour=STATUS_COLOURS.get,
        ),
        f,
        t(
            "Status for forløb, der var aktive i perioden",
            "Status of placements active in the period",
        ),
        municipality_heading(),
        number,
    )
    made["placements_participant_chosen_share"] = _share_chart(
        f,
        now,
        "participant_chosen_share",
        t(
            "Forløb, hvor den unge selv valgte virksomheden",
            "Placements chosen by the young person",
        ),
        t("Andel af påbegyndte forløb med kendt valg (%)", "Share of started, choice known (%)"),
    )
    made["placements_days"] = finished(
        charts.bars(
            days[days["municipality"].notna()],
            "days_band",
            "count_participants",
            t("Unge", "Young people"),
            f.lang,
            share="share_of_placed",
        ),
        f,
        t("Dage fra indskrivning til første praktik", "Days from enrolment to the first placement"),
        t("Dage fra indskrivning", "Days from enrolment"),
        t("Antal unge", "Young people (number)"),
    )
    made["placements_second_chance_share"] = _share_chart(
        f,
        now,
        "second_chance_share",
        t("Afbrudte forløb fulgt af et nyt inden 60 dage", "A new placement within 60 days"),
        t("Andel af forløb afbrudt i perioden (%)", "Share of interrupted placements (%)"),
    )
    return Placements(
        now=now,
        before=ui.kpi_frame(f.previous().params(), queries=QUERIES),
        programme=None if is_programme else ui.programme_kpis(params, queries=QUERIES),
        lengths=lengths,
        status=status,
        days=days,
        table=ui.kpi_table(now, TABLE, f.lang),
        charts=made,
    )


def _share_chart(f: ui.Filters, now: pd.DataFrame, key: str, title: str, x_title: str):
    fig = charts.share_bars(
        now[now["key"] == key], f.lang, t("Alle valgte", "All selected"), config.min_share_n()
    )
    return finished(fig, f, title, x_title, municipality_heading(), height=340)
