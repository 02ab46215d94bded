"""Overblik: the headline (in job or education within 12 months, on the cohort with full
follow-up) in a sentence and against the target, the status quo, the programme and the sites;
the key figures against the previous period; the monthly trend; and a row per municipality."""

from dataclasses import replace

import streamlit as st

from nextwork import formats
from nextwork.metrics.kpis import COHORT_KEYS, KPI_BY_KEY
from nextwork.present import charts
from nextwork.web import ui
from nextwork.web.sections import overview_headline
from nextwork.web.ui import t

CARDS = [
    "participants_active",
    "participants_new",
    "companies_active",
    "placements_started",
    "companies_in_network",
    "placement_within_3m_share",
    "retained_6m_share",
]
TABLE = [*CARDS[:5], "outcome_12m_share", "retained_6m_share"]
TREND_MEASURES = [
    "participants_active",
    "participants_new",
    "placements_started",
    "companies_active",
    "companies_in_network",
]

f = ui.current()
ui.header(t("Overblik", "Overview"), f)

everyone = ui.facts()["municipalities"]
visible = ui.viewer().visible_scope(everyone)
is_programme = set(f.municipalities) == set(everyone)
now = ui.headline_kpis(f)
before = ui.headline_kpis(f, previous=True)
programme = ui.headline_kpis(f, programme=True)
sites = (
    now
    if set(f.municipalities) == set(visible)
    else ui.headline_kpis(replace(f, municipalities=tuple(visible)))
)
monthly = ui.query("monthly_counts", f.params())
totals = monthly[monthly["municipality"].isna()]
PROGRAMME = t("Programmet", "Programme")

overview_headline.headline_section(f, now, programme, sites, everyone, visible, PROGRAMME)

st.subheader(t("Nøgletal", "Key figures"))
st.caption(
    t(
        "Ændring i forhold til den foregående periode af samme længde",
        "Change against the previous period of the same length",
    )
    + f" ({formats.date(f.previous().start, f.lang)} – "
    f"{formats.date(f.previous().end, f.lang)})"
    + t("; grøn er en forbedring.", "; green is an improvement.")
)
# The month of the as-of day is not over: the sparklines stop before it, as it would read
# as a drop.
complete = totals[ui.month_is_complete(totals["month_start"], f.as_of)] if len(totals) else totals
for row in (CARDS[:4], CARDS[4:]):
    for column, key in zip(st.columns(len(row)), row, strict=True):
        # No trend line where a month is suppressed: a gap drawn as 0 would mislead.
        shown = key in complete and not complete[key].isna().any()
        sparkline = list(complete[key]) if shown else None
        ui.kpi_card(
            column,
            key,
            now,
            before,
            f.lang,
            chart=sparkline,
            programme=None if is_programme else programme,
            note=ui.cohort_text(f) if key in COHORT_KEYS else None,
        )

st.subheader(t("Udvikling måned for måned", "Month by month"))
measure = st.selectbox(
    t("Vis", "Show"),
    TREND_MEASURES,
    format_func=lambda k: KPI_BY_KEY[k].label(f.lang),
    key="overview_trend_measure",
)
label = KPI_BY_KEY[measure].label(f.lang)
fig = charts.lines_by_municipality(monthly, "month_start", measure, label, f.lang)
charts.style(
    fig,
    f"{label} " + t("pr. måned og kommune", "per month and municipality"),
    f.describe(),
    x_title=t("Måned", "Month"),
    y_title=label + t(" (antal)", " (number)"),
    lang=f.lang,
)
charts.month_axis(fig, list(monthly["month_start"]), f.lang)
charts.mark_incomplete_month(fig, f.as_of, f.lang)
charts.show(fig, "overview_trend")

st.subheader(t("Kommunerne", "The municipalities"))


def overview_table(frame, programme_frame):
    return ui.kpi_table(
        frame, TABLE, f.lang, programme=None if is_programme else programme_frame, pooled=PROGRAMME
    )


table = overview_table(now, programme)
st.dataframe(
    ui.styled(table, TABLE, f.lang),
    hide_index=True,
    key="overview_table",
    column_config={t("Kommune", "Municipality"): st.column_config.TextColumn(pinned=True)},
)
st.caption(
    t(
        "Resultater og fastholdelse: ",
        "Outcomes and retention: ",
    )
    + ui.cohort_text(f)
    + "."
)
ui.downloads(
    table,
    "overblik",
    key="overview_download",
    shared=lambda: overview_table(
        ui.headline_kpis(f, suppress=True), ui.headline_kpis(f, suppress=True, programme=True)
    ),
)

st.subheader(t("Alle nøgletal som Excel", "Every KPI as Excel"))
ui.workbook_button(f, key="overview_workbook")
