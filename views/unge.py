"""Unge: intake and stock month by month, who the active young people are, and how far the
young people enrolled in the period have come (network, placement, outcome, retention)."""

import streamlit as st

from nextwork import formats
from nextwork.present import charts
from nextwork.web import ui
from nextwork.web.sections import young_view
from nextwork.web.sections.young_view import CARDS, MONTHLY
from nextwork.web.ui import t

DIMENSIONS = young_view.dimensions()

f = ui.current()
ui.header(t("Unge", "Young people"), f)
data = young_view.young_people(f)

for column, key in zip(st.columns(4), CARDS, strict=True):
    ui.kpi_card(column, key, data.now, data.before, f.lang, programme=data.programme)
st.caption(
    t(
        "Ændring mod den foregående periode af samme længde.",
        "Change against the previous period of the same length.",
    )
)

st.subheader(t("Tilgang og bestand måned for måned", "Intake and stock month by month"))
for measure in MONTHLY:
    charts.show(data.charts[f"young_{measure}"], f"young_{measure}")

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
charts.show(young_view.composition_chart(f, dimension), "young_composition_chart")
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
    ui.number_table(
        data.composition_table,
        "unge_fordeling",
        "young_composition",
        shared=lambda: young_view.composition_table(
            ui.query("participant_composition", f.params(), suppress=True)
        ),
    )

st.subheader(t("Fra indskrivning til fastholdelse", "From enrolment to retention"))
charts.show(data.charts["young_funnel"], "young_funnel")
total = data.steps
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
ui.number_table(
    data.funnel_table,
    "unge_forloeb",
    "young_funnel_table",
    shared=lambda: young_view.funnel_table(
        ui.query("participant_funnel", f.params(), suppress=True)
    ),
)
