"""Praktikforløb: starts month by month, how long placements last and how they end, who
chose the company, how soon new young people get one, and a new one after an interruption."""

import pandas as pd
import streamlit as st

from nextwork import config, formats
from nextwork.metrics.kpis import KPI_BY_KEY
from nextwork.present import charts
from nextwork.web import ui
from nextwork.web.ui import t

CARDS = [
    "placements_started",
    "placements_active",
    "placement_completion_rate",
    "participant_chosen_share",
]
TABLE = [*CARDS, "median_days_to_first_placement", "second_chance_share"]
# Apart from the municipalities' colours, from the same colour-blind-safe families (darkened
# to 3:1 against white).
STATUS_COLOURS = {
    "completed": "#41A392",
    "interrupted": "#882255",
    "other": "#A8932A",
    "unknown": "#939393",
    "ongoing": "#1F9DDC",
}
MUNICIPALITY = t("Kommune", "Municipality")
PLACEMENTS = t("Antal praktikforløb", "Placements (number)")
ALL = t("Alle valgte", "All selected")

f = ui.current()
ui.header(t("Praktikforløb", "Placements"), f)
now, before = ui.kpi_frame(f.params()), ui.kpi_frame(f.previous().params())
# Beside a selection that is not the whole programme, the programme's own figure.
is_programme = set(f.municipalities) == set(ui.facts()["municipalities"])
programme = None if is_programme else ui.programme_kpis(f.params())
monthly = ui.query("monthly_counts", f.params())
lengths = ui.query("placement_lengths", f.params())
status = ui.query("placement_status", f.params())
days = ui.query("first_placement_days", f.params())


def count_table(frame: pd.DataFrame, group: str, header: str, count: str, share: str):
    """One of the count queries as a table, shares in per cent."""
    return pd.DataFrame(
        {
            MUNICIPALITY: frame["municipality"].fillna(ALL),
            header: frame[group].map(ui.labeller(f.lang)),
            t("Antal", "Number"): frame[count],
            t("Andel (%)", "Share (%)"): (frame[share] * 100).round(1),
        }
    )


def counts(frame, query: str, group: str, header: str, count: str, share: str, key: str):
    """The table with its downloads (which hold the figures as shared outside the team)."""
    ui.number_table(
        count_table(frame, group, header, count, share),
        f"praktik_{group}",
        key,
        shared=lambda: count_table(
            ui.query(query, f.params(), suppress=True), group, header, count, share
        ),
    )


def share_chart(key: str, title: str, x_title: str, column=st) -> None:
    fig = charts.share_bars(now[now["key"] == key], f.lang, ALL, config.min_share_n())
    charts.style(fig, title, f.describe(), x_title, MUNICIPALITY, f.lang, height=340)
    charts.show(fig, f"placements_{key}", column)


for column, key in zip(st.columns(4), CARDS, strict=True):
    ui.kpi_card(column, key, now, before, f.lang, programme=programme)
st.caption(
    t(
        "Ændring mod den foregående periode af samme længde.",
        "Change against the previous period of the same length.",
    )
)

st.subheader(t("Påbegyndte forløb måned for måned", "Placements started month by month"))
label = KPI_BY_KEY["placements_started"].label(f.lang)
fig = charts.bars(monthly, "month_start", "placements_started", label, f.lang)
title = t("Påbegyndte praktikforløb pr. måned", "Placements started per month")
charts.style(fig, title, f.describe(), t("Måned", "Month"), PLACEMENTS, f.lang)
charts.month_axis(fig, list(monthly["month_start"]), f.lang)
charts.mark_incomplete_month(fig, f.as_of, f.lang)
charts.show(fig, "placements_monthly")

st.subheader(t("Længde og afslutning", "Length and ending"))
left, right = st.columns(2)
ended, weeks = lengths[lengths["municipality"].notna()], t("Længde (uger)", "Length (weeks)")
label = t("Praktikforløb", "Placements")
fig = charts.bars(ended, "length_band", "count_placements", label, f.lang, share="share_of_ended")
title = t("Længde af forløb, der sluttede i perioden", "Length of placements ended in the period")
charts.style(fig, title, f.describe(), weeks, PLACEMENTS, f.lang)
charts.show(fig, "placements_length", left)
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
active = status[status["municipality"].notna()]
fig = charts.bars(
    active,
    "municipality",
    "count_placements",
    label,
    f.lang,
    series="status",
    share="share_of_active",
    series_text=ui.labeller(f.lang),
    series_colour=STATUS_COLOURS.get,
)
title = t(
    "Status for forløb, der var aktive i perioden", "Status of placements active in the period"
)
charts.style(fig, title, f.describe(), MUNICIPALITY, PLACEMENTS, f.lang)
charts.show(fig, "placements_status", right)
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
    counts(
        lengths,
        "placement_lengths",
        "length_band",
        weeks,
        "count_placements",
        "share_of_ended",
        "lengths_table",
    )
    counts(
        status,
        "placement_status",
        "status",
        "Status",
        "count_placements",
        "share_of_active",
        "status_table",
    )

st.subheader(KPI_BY_KEY["participant_chosen_share"].label(f.lang))
title = t("Forløb, hvor den unge selv valgte virksomheden", "Placements chosen by the young person")
share_chart(
    "participant_chosen_share",
    title,
    t("Andel af påbegyndte forløb med kendt valg (%)", "Share of started, choice known (%)"),
)
st.caption(
    KPI_BY_KEY["participant_chosen_share"].definition(f.lang)
    + t(" I parentes: selvvalgte af forløb med kendt valg.", " In brackets: chosen, of known.")
)

st.subheader(t("Tid til første praktik", "Time to the first placement"))
left, right = st.columns([1, 2])
ui.kpi_card(left, "median_days_to_first_placement", now, before, f.lang, programme=programme)
placed = formats.number(days[days["municipality"].isna()]["count_participants"].sum(), f.lang)
new = formats.number(ui.total(now, "participants_new"), f.lang)
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
placed_days = days[days["municipality"].notna()]
label = t("Unge", "Young people")
fig = charts.bars(
    placed_days, "days_band", "count_participants", label, f.lang, share="share_of_placed"
)
title = t("Dage fra indskrivning til første praktik", "Days from enrolment to the first placement")
charts.style(
    fig,
    title,
    f.describe(),
    t("Dage fra indskrivning", "Days from enrolment"),
    t("Antal unge", "Young people (number)"),
    f.lang,
)
charts.show(fig, "placements_days", right)

st.subheader(KPI_BY_KEY["second_chance_share"].label(f.lang))
left, right = st.columns([1, 2])
ui.kpi_card(left, "second_chance_share", now, before, f.lang, programme=programme)
left.caption(KPI_BY_KEY["second_chance_share"].definition(f.lang))
title = t("Afbrudte forløb fulgt af et nyt inden 60 dage", "A new placement within 60 days")
x_title = t("Andel af forløb afbrudt i perioden (%)", "Share of interrupted placements (%)")
share_chart("second_chance_share", title, x_title, right)

st.subheader(t("Kommunerne", "The municipalities"))
table = ui.kpi_table(now, TABLE, f.lang)
st.dataframe(
    ui.styled(table, TABLE, f.lang), hide_index=True, key="placements_table", placeholder="–"
)
ui.downloads(
    table,
    "praktikforloeb",
    key="placements_download",
    shared=lambda: ui.kpi_table(ui.kpi_frame(f.params(), suppress=True), TABLE, f.lang),
)
