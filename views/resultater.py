"""Resultater: how many young people move on to education or a job, by enrolment cohort and
against the programme's target; education against job; retention and jobs in host companies."""

import pandas as pd
import streamlit as st

from nextwork import config, formats
from nextwork.metrics.kpis import COHORT_KEYS, KPI_BY_KEY, KPIS
from nextwork.present import charts
from nextwork.web import ui
from nextwork.web.ui import t

CARDS = [k.key for k in KPIS if k.query == "kpi_outcomes"]  # 12 months; retained; host jobs
PER_SITE = ["retained_6m_share", "job_in_host_company_share"]
MEASURES = {
    "outcome": ("Job eller uddannelse", "Job or education"),
    "education": ("Uddannelse", "Education"),
    "job": ("Job", "Job"),
}
FIRST_COLOURS = {"education": "#229DE2", "job": "#332288"}
TARGET = config.target("outcome_12m_share")


f = ui.current()
ui.header(t("Resultater", "Outcomes"), f)
names, selected = sorted(f.municipalities), t("Alle valgte", "All selected")

everyone = ui.facts()["municipalities"]
is_programme = set(f.municipalities) == set(everyone)
PROGRAMME = t("Programmet", "Programme")
# The 12-month figures and retention on the cohort with full follow-up; the rest on the period.
now = ui.headline_kpis(f)
programme = ui.headline_kpis(f, programme=True)
cohorts = ui.query("outcome_cohorts", f.params())
firsts = ui.query("first_outcomes", f.params())

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
pooled = cohorts[cohorts["municipality"].isna()]
fig = charts.cohort_curves(
    pooled,
    f"share_{measure}",
    f"count_{measure}",
    "count_followed",
    f.lang,
    target=TARGET if measure == "outcome" else None,  # the target is for both together
    min_n=config.min_share_n(),
)
charts.style(
    fig,
    t(*MEASURES[measure])
    + t(
        ": andel efter måneder siden indskrivning, pr. kohorte",
        ": share by months since enrolment, per cohort",
    ),
    f.describe(),
    t("Måneder siden indskrivning", "Months since enrolment"),
    t("Andel (%)", "Share (%)"),
    f.lang,
    height=480,
)
charts.show(fig, "outcomes_cohort_chart")
which = (
    t(
        "Kohorterne er de halvår, der overlapper perioden.",
        "The cohorts are the half-years that overlap the period.",
    )
    if pooled["is_in_period"].all()
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
fig = charts.composition_bars(
    firsts,
    "municipality",
    "outcome_type",
    "share_people",
    "count_people",
    "count_first_outcomes",
    {k: (ui.label_of(k, f.lang), c) for k, c in FIRST_COLOURS.items()},
    selected,
    f.lang,
)
charts.style(
    fig,
    t(
        "Første resultat i perioden: uddannelse eller job",
        "First outcome in the period: education or job",
    ),
    f.describe(),
    t("Andel af første resultater (%)", "Share of first outcomes (%)"),
    None,
    f.lang,
    height=140 + 45 * (len(names) + 1),
)
charts.show(fig, "outcomes_first_chart")
st.caption(
    t(
        "Unge, hvis første job eller uddannelse efter indskrivning startede i perioden; i parentes "
        "antallet. Starter et job og en uddannelse samme dag, tæller det som uddannelse.",
        "Young people whose first job or education after enrolment started in the period; in "
        "brackets their number. A job and an education starting the same day count as education.",
    )
)
ui.downloads(
    firsts,
    t("foerste_resultat", "first_outcome"),
    key="outcomes_first_download",
    shared=lambda: ui.query("first_outcomes", f.params(), suppress=True),
)

st.subheader(t("Fastholdelse og job i praktikvirksomheder", "Retention and jobs in host companies"))
for key in PER_SITE:
    kpi = KPI_BY_KEY[key]
    values = [ui.total(now, key, m) for m in names]
    counts = [ui.denominator(now, key, m) for m in names]
    fig = charts.bars_by_municipality(
        names,
        values,
        counts,
        kpi.kind,
        f.lang,
        ui.total(programme, key),
        PROGRAMME,
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
    charts.show(fig, f"outcomes_{key}_chart")
    st.caption(kpi.definition(f.lang) + (f" ({ui.cohort_text(f)}.)" if key in COHORT_KEYS else ""))


def retention_table(frame: pd.DataFrame, programme_frame: pd.DataFrame) -> pd.DataFrame:
    """A row per site, then the programme (and all selected, for several sites but not
    all), with the n behind each share."""
    table = ui.kpi_table(
        frame,
        PER_SITE,
        f.lang,
        programme=None if is_programme else programme_frame,
        pooled=PROGRAMME,
    )
    rows = [(frame, m) for m in names]
    if not is_programme:
        rows += [(frame, None)] if len(names) > 1 else []
        rows.append((programme_frame, None))
    else:
        rows.append((frame, None))
    for key in PER_SITE:
        counts = [ui.denominator(source, key, m) for source, m in rows]
        table[f"n: {KPI_BY_KEY[key].label(f.lang)}"] = pd.array(counts, dtype="Int64")
    return table


table = retention_table(now, programme)
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
    shared=lambda: retention_table(
        ui.headline_kpis(f, suppress=True), ui.headline_kpis(f, suppress=True, programme=True)
    ),
)
