"""The outcomes page's figures and charts, made once per filters, reader and data file: the
outcome KPIs (the 12-month figures and retention on the cohort with full follow-up), the
cohorts month by month, education or job first, and retention and jobs in host companies
by site.

They are shared by every run that asks for the same (`st.cache_resource`, keyed by the
filters, the reader and the pinned data file) and never changed: each chart is finished
(titled, its labels made readable) before it is kept, so a run draws it as it is."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from nextwork import config
from nextwork.metrics import frame as frame_of
from nextwork.metrics.kpis import KPI_BY_KEY, KPIS
from nextwork.present import chart_text, charts
from nextwork.web import ui
from nextwork.web.page_cache import finished, reader
from nextwork.web.ui import t

CARDS = [k.key for k in KPIS if k.query == "kpi_outcomes"]  # 12 months; retained; host jobs
PER_SITE = ["retained_6m_share", "job_in_host_company_share"]
# Only the queries of the page's KPIs run for its KPI frames: each KPI query costs mostly its
# planning, so the KPIs the page never shows are not computed.
QUERIES = tuple(dict.fromkeys(KPI_BY_KEY[k].query for k in [*CARDS, *PER_SITE]))
MEASURES = {
    "outcome": ("Job eller uddannelse", "Job or education"),
    "education": ("Uddannelse", "Education"),
    "job": ("Job", "Job"),
}
FIRST_COLOURS = {"education": "#229DE2", "job": "#332288"}


def is_programme(f: ui.Filters) -> bool:
    """Whether the filters choose every municipality in the database."""
    return set(f.municipalities) == set(ui.facts()["municipalities"])


@dataclass(frozen=True)
class Outcomes:
    """What the page shows, for one set of filters and one reader."""

    now: pd.DataFrame
    programme: pd.DataFrame
    cohorts: pd.DataFrame
    firsts: pd.DataFrame
    table: pd.DataFrame  # retention and jobs in host companies by site, with their n
    charts: dict[str, go.Figure] = field(default_factory=dict)  # finished, by the chart's key


def outcomes(f: ui.Filters) -> Outcomes:
    """The page's figures for the filters as the reader may see them."""
    return _outcomes(replace(f, notices=()), *reader())


@st.cache_resource(max_entries=64, show_spinner=False)
def _outcomes(f: ui.Filters, viewer, path: str, version, settings) -> Outcomes:
    names = sorted(f.municipalities)
    now = ui.headline_kpis(f, queries=QUERIES)
    programme = ui.headline_kpis(f, programme=True, queries=QUERIES)
    firsts = ui.query("first_outcomes", f.params())
    made: dict[str, go.Figure] = {}
    made["outcomes_first_chart"] = finished(
        charts.composition_bars(
            firsts,
            "municipality",
            "outcome_type",
            "share_people",
            "count_people",
            "count_first_outcomes",
            {k: (ui.label_of(k, f.lang), c) for k, c in FIRST_COLOURS.items()},
            t("Alle valgte", "All selected"),
            f.lang,
        ),
        f,
        t(
            "Første resultat i perioden: uddannelse eller job",
            "First outcome in the period: education or job",
        ),
        t("Andel af første resultater (%)", "Share of first outcomes (%)"),
        None,
        height=140 + 45 * (len(names) + 1),
    )
    for key in PER_SITE:
        kpi = KPI_BY_KEY[key]
        fig = charts.bars_by_municipality(
            names,
            [frame_of.value(now, key, m) for m in names],
            [frame_of.denominator(now, key, m) for m in names],
            kpi.kind,
            f.lang,
            frame_of.value(programme, key),
            t("Programmet", "Programme"),
            min_n=config.min_share_n(),
        )
        charts.style(
            fig,
            kpi.label(f.lang),
            f.describe(),
            t("Kommune", "Municipality"),
            t("Andel (%)", "Share (%)"),
            f.lang,
            height=380,
        )
        charts.share_axis(fig, f.lang)
        chart_text.readable_labels(fig)
        made[f"outcomes_{key}_chart"] = fig
    return Outcomes(
        now=now,
        programme=programme,
        cohorts=ui.query("outcome_cohorts", f.params()),
        firsts=firsts,
        table=retention_table(f, now, programme),
        charts=made,
    )


def cohort_chart(f: ui.Filters, measure: str) -> go.Figure:
    """The cohorts' curves of one measure (`MEASURES`), finished."""
    return _cohort_chart(replace(f, notices=()), measure, config.min_share_n(), *reader())


@st.cache_resource(max_entries=64, show_spinner=False)
def _cohort_chart(
    f: ui.Filters, measure: str, min_n: int, viewer, path, version, settings
) -> go.Figure:
    cohorts = ui.query("outcome_cohorts", f.params())
    target = config.target("outcome_12m_share")
    fig = charts.cohort_curves(
        cohorts[cohorts["municipality"].isna()],
        f"share_{measure}",
        f"count_{measure}",
        "count_followed",
        f.lang,
        target=target if measure == "outcome" else None,  # the target is for both together
        min_n=min_n,
    )
    return finished(
        fig,
        f,
        t(*MEASURES[measure])
        + t(
            ": andel efter måneder siden indskrivning, pr. kohorte",
            ": share by months since enrolment, per cohort",
        ),
        t("Måneder siden indskrivning", "Months since enrolment"),
        t("Andel (%)", "Share (%)"),
        height=480,
    )


def retention_table(f: ui.Filters, frame: pd.DataFrame, programme: pd.DataFrame) -> pd.DataFrame:
    """A row per site, then the programme (and all selected, for several sites but not
    all), with the n behind each share."""
    names = sorted(f.municipalities)
    whole = is_programme(f)
    table = ui.kpi_table(
        frame,
        PER_SITE,
        f.lang,
        programme=None if whole else programme,
        pooled=t("Programmet", "Programme"),
    )
    rows = [(frame, m) for m in names]
    if not whole:
        rows += [(frame, None)] if len(names) > 1 else []
        rows.append((programme, None))
    else:
        rows.append((frame, None))
    for key in PER_SITE:
        counts = [frame_of.denominator(source, key, m) for source, m in rows]
        table[f"n: {KPI_BY_KEY[key].label(f.lang)}"] = pd.array(counts, dtype="Int64")
    return table


def shared_retention_table(f: ui.Filters) -> pd.DataFrame:
    """The table as files shared from the dashboard hold it (through the disclosure control)."""
    return retention_table(
        f, ui.headline_kpis(f, suppress=True), ui.headline_kpis(f, suppress=True, programme=True)
    )
