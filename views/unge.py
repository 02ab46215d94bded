"""Unge: intake and stock month by month, who the active young people are, and how far the
young people enrolled in the period have come (network, placement, outcome, retention)."""

import pandas as pd
import streamlit as st

from nextwork import formats
from nextwork.metrics.kpis import KPI_BY_KEY
from nextwork.present import charts
from nextwork.web import ui
from nextwork.web.ui import t

CARDS = [
    "participants_new",
    "participants_active",
    "network_attendance_share",
    "placement_within_3m_share",
]
DIMENSIONS = {
    "target_group": t("Målgruppe", "Target group"),
    "gender": t("Køn", "Gender"),
    "age_band": t("Alder", "Age"),
}
STEPS = {
    "enrolled": t("Indskrevet", "Enrolled"),
    "attended_network": t("Deltog i ungenetværk", "Attended the youth network"),
    "started_placement": t("Startede i praktik", "Started a placement"),
    "first_outcome": t("Første job/uddannelse", "First job or education"),
    "retained_6m": t("Fastholdt 6 mdr. efter", "Retained 6 months on"),
}
YOUNG = t("Antal unge", "Young people (number)")

f = ui.current()
ui.header(t("Unge", "Young people"), f)
now, before = ui.kpi_frame(f.params()), ui.kpi_frame(f.previous().params())
# Beside a selection that is not the whole programme, the programme's own figure.
is_programme = set(f.municipalities) == set(ui.facts()["municipalities"])
programme = None if is_programme else ui.programme_kpis(f.params())
monthly = ui.query("monthly_counts", f.params())
composition = ui.query("participant_composition", f.params())
steps = ui.query("participant_funnel", f.params())


for column, key in zip(st.columns(4), CARDS, strict=True):
    ui.kpi_card(column, key, now, before, f.lang, programme=programme)
st.caption(
    t(
        "Ændring mod den foregående periode af samme længde.",
        "Change against the previous period of the same length.",
    )
)

st.subheader(t("Tilgang og bestand måned for måned", "Intake and stock month by month"))
for measure in ("participants_new", "participants_active"):
    label = KPI_BY_KEY[measure].label(f.lang)
    fig = charts.lines_by_municipality(monthly, "month_start", measure, label, f.lang)
    title = label + t(" pr. måned", " per month")
    charts.style(fig, title, f.describe(), t("Måned", "Month"), YOUNG, f.lang, height=380)
    charts.month_axis(fig, list(monthly["month_start"]), f.lang)
    charts.mark_incomplete_month(fig, f.as_of, f.lang)
    charts.show(fig, f"young_{measure}")

st.subheader(t("Hvem er de aktive unge?", "Who are the active young people?"))
dimension = (
    st.segmented_control(
        t("Opdel efter", "Break down by"),
        list(DIMENSIONS),
        default="target_group",
        format_func=DIMENSIONS.get,
        key="young_breakdown",
    )
    or "target_group"
)
part = composition[(composition["dimension"] == dimension) & composition["municipality"].notna()]
label, by = t("Aktive unge", "Active young people"), DIMENSIONS[dimension]
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
charts.style(fig, title, f.describe(), YOUNG, by, f.lang)
charts.show(fig, "young_composition_chart")
st.caption(
    t(
        "Andelen, du ser, når du holder musen over en søjle, er af kommunens aktive unge. "
        "Alder er periodens startår "
        "minus fødselsåret.",
        "The share in the hover is of the municipality's active "
        "young people. Age is the period's start year minus the birth year.",
    )
)
with st.expander(t("Tabel: målgruppe, køn og alder", "Table: target group, gender and age")):

    def composition_table(rows: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "municipality": rows["municipality"],
                t("Opdelt efter", "Breakdown"): rows["dimension"].map(DIMENSIONS),
                t("Gruppe", "Group"): rows["category"].map(ui.labeller(f.lang)),
                label: rows["count_participants"],
                t("Andel (%)", "Share (%)"): (rows["share_of_active"] * 100).round(1),
            }
        )

    ui.number_table(
        composition_table(composition),
        "unge_fordeling",
        "young_composition",
        shared=lambda: composition_table(
            ui.query("participant_composition", f.params(), suppress=True)
        ),
    )

st.subheader(t("Fra indskrivning til fastholdelse", "From enrolment to retention"))
total = steps[steps["municipality"].isna()].set_index("step")
one = f.municipalities[0] if len(f.municipalities) == 1 else None
fig = charts.step_bars(
    [STEPS[s] for s in total.index],
    list(total["count_participants"]),
    list(total["share_of_enrolled"]),
    f.lang,
    charts.colour(one),
)
title = t(
    "Unge indskrevet i perioden: hvor langt er de nået?",
    "Young people enrolled in the period: how far have they come?",
)
charts.style(fig, title, f.describe(), YOUNG, t("Trin", "Step"), f.lang)
charts.show(fig, "young_funnel")
followed = formats.number(total.loc["retained_6m", "count_followed_6m"], f.lang)
reached = formats.number(total.loc["first_outcome", "count_participants"], f.lang)
as_of = formats.date(f.as_of, f.lang)
st.caption(
    t(
        "Antal unge og i parentes andelen af de indskrevne. Hvert trin tæller de unge, der "
        "nåede det fra indskrivningsdagen og frem, uanset de andre trin. Ungenetværk: et møde i "
        "ungenetværket eller et fællesmøde. Fastholdt: i job eller uddannelse på dagen 6 måneder "
        "efter det første job eller den første uddannelse (f + 6 mdr.), kun talt hvor f + 6 mdr. "
        f"er senest {as_of}: det gælder {followed} af de {reached} med et første job eller en "
        "uddannelse.",
        "Young people and, in brackets, the share of those enrolled. Each step counts the young "
        "people who reached it from their enrolment day on, whatever the other steps. Youth "
        "network: a youth-network meeting or a joint meeting. Retained: in a job or education on "
        "the day 6 months after the first job or education (f + 6 months), counted only where "
        f"f + 6 months is on or before {as_of}: true of {followed} of the {reached} with a first "
        "job or education.",
    )
)


def funnel_table(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "municipality": rows["municipality"],
            t("Trin", "Step"): rows["step"].map(STEPS),
            YOUNG: rows["count_participants"],
            t("Andel af de indskrevne (%)", "Share of those enrolled (%)"): (
                rows["share_of_enrolled"] * 100
            ).round(1),
        }
    )


ui.number_table(
    funnel_table(steps),
    "unge_forloeb",
    "young_funnel_table",
    shared=lambda: funnel_table(ui.query("participant_funnel", f.params(), suppress=True)),
)
