"""Overblik: the headline KPIs against the previous period, the monthly trend, and a row per
municipality."""

import streamlit as st

from nextwork import charts, formats, ui, workbook
from nextwork.kpis import KPI_BY_KEY
from nextwork.ui import t

CARDS = [
    "participants_active",
    "participants_new",
    "companies_active",
    "placements_started",
    "companies_in_network",
    "outcome_12m_share",
    "retained_6m_share",
]
TREND_MEASURES = [
    "participants_active",
    "participants_new",
    "placements_started",
    "companies_active",
    "companies_in_network",
]

f = ui.current()
ui.header(t("Overblik", "Overview"), f)

now = ui.kpi_frame(f.params())
before = ui.kpi_frame(f.previous().params())
monthly = ui.query("monthly_counts", f.params())
totals = monthly[monthly["municipality"].isna()]

st.subheader(t("Nøgletal", "Key figures"))
st.caption(
    t(
        "Ændring i forhold til den foregående periode af samme længde",
        "Change against the previous period of the same length",
    )
    + f" ({formats.date(f.previous().start, f.lang)} – "
    f"{formats.date(f.previous().end, f.lang)})."
)
for row in (CARDS[:4], CARDS[4:]):
    for column, key in zip(st.columns(len(row)), row, strict=True):
        # No trend line where a month is suppressed: a gap drawn as 0 would mislead.
        shown = key in totals and not totals[key].isna().any()
        sparkline = list(totals[key]) if shown else None
        ui.kpi_card(column, key, now, before, f.lang, chart=sparkline, height=230)

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
table = ui.kpi_table(now, CARDS, f.lang)
st.dataframe(ui.styled(table, CARDS, f.lang), hide_index=True, key="overview_table")
ui.downloads(
    table,
    "overblik",
    key="overview_download",
    shared=lambda: ui.kpi_table(ui.kpi_frame(f.params(), suppress=True), CARDS, f.lang),
)

st.subheader(t("Alle nøgletal som Excel", "Every KPI as Excel"))
workbook.button(f, key="overview_workbook")
