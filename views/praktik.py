"""Praktikforløb: starts month by month, how long placements last and how they end, who
chose the company, how soon new young people get one, and a new one after an interruption."""

import streamlit as st

from nextwork import formats
from nextwork.metrics import frame as frame_of
from nextwork.metrics.kpis import KPI_BY_KEY
from nextwork.present import charts
from nextwork.web import ui
from nextwork.web.sections import placements_view
from nextwork.web.sections.placements_view import CARDS, TABLE
from nextwork.web.ui import t

f = ui.current()
ui.header(t("Praktikforløb", "Placements"), f)
data = placements_view.placements(f)
now, before, programme, made = data.now, data.before, data.programme, data.charts


def counts(frame, query: str, group: str, header: str, count: str, share: str, key: str):
    """The table with its downloads (which hold the figures as shared outside the team)."""
    ui.number_table(
        placements_view.count_table(frame, group, header, count, share),
        f"praktik_{group}",
        key,
        shared=lambda: placements_view.count_table(
            ui.query(query, f.params(), suppress=True), group, header, count, share
        ),
    )


for column, key in zip(st.columns(4), CARDS, strict=True):
    ui.kpi_card(column, key, now, before, f.lang, programme=programme)
st.caption(
    t(
        "Ændring mod den foregående periode af samme længde.",
        "Change against the previous period of the same length.",
    )
)

st.subheader(t("Påbegyndte forløb måned for måned", "Placements started month by month"))
charts.show(made["placements_monthly"], "placements_monthly")

st.subheader(t("Længde og afslutning", "Length and ending"))
left, right = st.columns(2)
charts.show(made["placements_length"], "placements_length", left)
left.caption(
    t(
        "Længden tæller både første og sidste dag, og en påbegyndt uge tæller som en hel "
        "(0-4 uger er højst 28 dage). Andelen, du ser, når du holder musen over en søjle, er af "
        "kommunens afsluttede forløb.",
        "The length counts both the first and the last day, and a started week counts as a "
        "whole (0-4 weeks is at most 28 days). The share in the hover is of the municipality's "
        "ended placements.",
    )
)
charts.show(made["placements_status"], "placements_status", right)
last_day = formats.date(f.end, f.lang)
right.caption(
    t(
        f"Status på periodens sidste dag, {last_day}: gennemført, afbrudt, andet eller ukendt "
        "(ingen årsag angivet) for forløb, der sluttede senest den dag, og i gang for forløb, der "
        "ikke var slut den dag.",
        f"Status on the period's last day, {last_day}: completed, interrupted, other or unknown "
        "(no reason given) for placements that ended on or before that day, and ongoing for "
        "placements not ended by then.",
    )
)
with st.expander(t("Tabeller: længde og status", "Tables: length and status")):
    weeks = t("Længde (uger)", "Length (weeks)")
    lengths = ("placement_lengths", "length_band", weeks, "count_placements", "share_of_ended")
    counts(data.lengths, *lengths, "lengths_table")
    status = ("placement_status", "status", "Status", "count_placements", "share_of_active")
    counts(data.status, *status, "status_table")

st.subheader(KPI_BY_KEY["participant_chosen_share"].label(f.lang))
charts.show(made["placements_participant_chosen_share"], "placements_participant_chosen_share")
st.caption(
    KPI_BY_KEY["participant_chosen_share"].definition(f.lang)
    + t(" I parentes: selvvalgte af forløb med kendt valg.", " In brackets: chosen, of known.")
)

st.subheader(t("Tid til første praktik", "Time to the first placement"))
left, right = st.columns([1, 2])
ui.kpi_card(left, "median_days_to_first_placement", now, before, f.lang, programme=programme)
days = data.days
placed = formats.number(days[days["municipality"].isna()]["count_participants"].sum(), f.lang)
new = formats.number(frame_of.value(now, "participants_new"), f.lang)
left.caption(
    t(
        f"{placed} af de {new} unge indskrevet i perioden har startet et praktikforløb på eller "
        "efter indskrivningsdagen. Andelen, du ser, når du holder musen over en søjle, er af "
        "kommunens unge i praktik.",
        f"{placed} of the {new} young people enrolled in the period have started a placement on "
        "or after their enrolment day. The share in the hover is of the municipality's young "
        "people with a placement.",
    )
)
charts.show(made["placements_days"], "placements_days", right)

st.subheader(KPI_BY_KEY["second_chance_share"].label(f.lang))
left, right = st.columns([1, 2])
ui.kpi_card(left, "second_chance_share", now, before, f.lang, programme=programme)
left.caption(KPI_BY_KEY["second_chance_share"].definition(f.lang))
charts.show(made["placements_second_chance_share"], "placements_second_chance_share", right)

st.subheader(t("Kommunerne", "The municipalities"))
st.dataframe(
    ui.styled(data.table, TABLE, f.lang), hide_index=True, key="placements_table", placeholder="–"
)
ui.downloads(
    data.table,
    "praktikforloeb",
    key="placements_download",
    shared=lambda: ui.kpi_table(ui.kpi_frame(f.params(), suppress=True), TABLE, f.lang),
)
