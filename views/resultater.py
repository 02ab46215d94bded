"""Resultater: how many young people move on to education or a job, by enrolment cohort and
against the programme's target; education against job; retention and jobs in host companies."""

import pandas as pd
import streamlit as st

from nextwork import config, formats
from nextwork.metrics.kpis import COHORT_KEYS, KPI_BY_KEY
from nextwork.present import charts
from nextwork.web import ui
from nextwork.web.sections import outcomes_view
from nextwork.web.sections.outcomes_view import CARDS, MEASURES, PER_SITE
from nextwork.web.ui import t

TARGET = config.target("outcome_12m_share")

f = ui.current()
ui.header(t("Resultater", "Outcomes"), f)
is_programme = outcomes_view.is_programme(f)
# The 12-month figures and retention on the cohort with full follow-up; the rest on the period.
data = outcomes_view.outcomes(f)
now, programme, cohorts = data.now, data.programme, data.cohorts

st.subheader(t("Nøgletal", "Key figures"))
st.caption(
    t(
        "Resultaterne inden 12 måneder og fastholdelsen måles på de unge med fuld opfølgning: ",
        "The 12-month outcomes and retention are measured on the young people with full "
        "follow-up: ",
    )
    + ui.cohort_text(f)
    + "."
)
for row in (CARDS[:3], CARDS[3:]):
    for column, key in zip(st.columns([1.5, 1, 1]), row, strict=False):
        target = TARGET if key == "outcome_12m_share" else None
        ui.kpi_card(
            column,
            key,
            now,
            None,
            f.lang,
            target=target,
            programme=None if is_programme else programme,
            note=ui.cohort_text(f) if key in COHORT_KEYS else None,
        )

st.subheader(t("Kohorter måned for måned", "Cohorts month by month"))
measure = st.segmented_control(
    t("Vis", "Show"),
    list(MEASURES),
    format_func=lambda m: t(*MEASURES[m]),
    default="outcome",
    required=True,
    key="outcomes_cohort_measure",
)
charts.show(outcomes_view.cohort_chart(f, measure), "outcomes_cohort_chart")
which = (
    t(
        "Kohorterne er de halvår, der overlapper perioden.",
        "The cohorts are the half-years that overlap the period.",
    )
    if cohorts[cohorts["municipality"].isna()]["is_in_period"].all()
    else t(
        "Perioden rører under to halvår; her er de seneste fire til og med opgørelsesdagen.",
        "The period touches under two half-years; these are the last four up to the as-of day.",
    )
)
st.caption(
    which
    + t(
        " Hver måned tæller kun unge, der var indskrevet så længe før opgørelsesdagen, så en "
        "kurves sidste punkter hviler på færre unge (hold musen over et punkt for at se n). En "
        f"kurve stopper, hvor færre end {config.min_share_n()} unge er fulgt så længe. Ved 12 "
        "måneder er andelen nøgletallet for kohorten.",
        " Each month counts only young people enrolled that long before the as-of day, so the "
        "last points of a curve rest on fewer people (hover to see n). A curve stops where "
        f"fewer than {config.min_share_n()} young people are followed that long. At 12 months "
        "the share is the KPI for the cohort.",
    )
)
ui.downloads(
    cohorts,
    t("kohorter", "cohorts"),
    key="outcomes_cohort_download",
    shared=lambda: ui.query("outcome_cohorts", f.params(), suppress=True),
)

st.subheader(t("Uddannelse eller job først", "Education or job first"))
charts.show(data.charts["outcomes_first_chart"], "outcomes_first_chart")
st.caption(
    t(
        "Unge, hvis første job eller uddannelse efter indskrivning startede i perioden; i parentes "
        "antallet. Starter et job og en uddannelse samme dag, tæller det som uddannelse.",
        "Young people whose first job or education after enrolment started in the period; in "
        "brackets their number. A job and an education starting the same day count as education.",
    )
)
ui.downloads(
    data.firsts,
    t("foerste_resultat", "first_outcome"),
    key="outcomes_first_download",
    shared=lambda: ui.query("first_outcomes", f.params(), suppress=True),
)

st.subheader(t("Fastholdelse og job i praktikvirksomheder", "Retention and jobs in host companies"))
for key in PER_SITE:
    kpi = KPI_BY_KEY[key]
    charts.show(data.charts[f"outcomes_{key}_chart"], f"outcomes_{key}_chart")
    st.caption(kpi.definition(f.lang) + (f" ({ui.cohort_text(f)}.)" if key in COHORT_KEYS else ""))

table = data.table
styled = ui.styled(table, PER_SITE, f.lang).format(
    lambda v: formats.number(None if pd.isna(v) else v, f.lang), subset=list(table.columns[-2:])
)
st.dataframe(
    styled,
    hide_index=True,
    key="outcomes_table",
    placeholder="–",
    column_config={t("Kommune", "Municipality"): st.column_config.TextColumn(pinned=True)},
)
ui.downloads(
    table,
    t("fastholdelse", "retention"),
    key="outcomes_table_download",
    shared=lambda: outcomes_view.shared_retention_table(f),
)
