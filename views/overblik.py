"""Overblik: the headline KPIs against the previous period, the monthly trend, and a row per
municipality."""

import streamlit as st

from nextwork import charts, formats, ui
from nextwork.kpis import KPI_BY_KEY
from nextwork.ui import t

CARDS = [
    "participants_active",
    "participants_new",
    "companies_active",
    "companies_in_network",
    "placements_started",
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
totals = monthly.groupby("month_start", as_index=False).sum(numeric_only=True)

st.subheader(t("Nøgletal", "Key figures"))
st.caption(
    t("Ændring i forhold til den foregående periode af samme længde", "Change against the previous "
      "period of the same length") + f" ({formats.date(f.previous().start, f.lang)} – "
    f"{formats.date(f.previous().end, f.lang)})."
)
columns = st.columns(4)
for i, key in enumerate(CARDS):
    kpi = KPI_BY_KEY[key]
    value = ui.total(now, key)
    previous = ui.total(before, key)
    columns[i % 4].metric(
        kpi.label(f.lang),
        formats.kpi_value(value, kpi.kind, f.lang),
        delta=ui.change_text(value, previous, kpi.kind, f.lang),
        delta_color="normal" if value is not None and previous is not None else "off",
        help=kpi.definition(f.lang),
        chart_data=list(totals[key]) if key in totals else None,
        chart_type="line",
        border=True,
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
st.plotly_chart(fig, config=charts.PLOTLY_CONFIG, key="overview_trend")

st.subheader(t("Kommunerne", "The municipalities"))
table = ui.kpi_table(now, CARDS, f.lang)
st.dataframe(ui.styled(table, CARDS, f.lang), hide_index=True, key="overview_table")
ui.downloads(table, "overblik", key="overview_download")
