"""Principper: is each site running NExTWORK as designed? For each of the three principles a
handful of indicators per site against the programme's own median, with the n behind each,
and one indicator at a time over the half-years."""

import streamlit as st

from nextwork import formats
from nextwork.metrics.principles import INDICATOR_BY_KEY, INDICATORS, PRINCIPLES
from nextwork.present import charts
from nextwork.web import ui
from nextwork.web.sections import principles_view
from nextwork.web.ui import t

f = ui.current()
ui.header(t("Principper", "Principles"), f)

sites = sorted(f.municipalities)
everyone = tuple(ui.facts()["municipalities"])
data = principles_view.principles_of(f)

st.caption(
    t(
        f"Hver celle er kommunens værdi og n (antallet bag den) i perioden. Farven viser afstanden "
        f"til **programmets median**, medianen af de {len(everyone)} kommuners værdier: orange "
        "og ▼ under, blå og ▲ over, hvid ved medianen, grå uden værdi. Alle indikatorer er "
        "bygget, så mere er mere af det, princippet beder om; de er ikke mål, men viser, hvor en "
        "kommune skiller sig ud.",
        f"Each cell is the site's value and n (the number behind it) in the period. The colour "
        f"shows the distance from the **programme's median**, the median of the "
        f"{len(everyone)} sites' values: orange and ▼ below, blue and ▲ above, white at the "
        "median, grey without a value. Every indicator is built so that more is more of what "
        "the principle asks for; they are not targets, but show where a site stands out.",
    )
)

for principle in PRINCIPLES:
    st.subheader(principle.label(f.lang))
    st.markdown(principle.description(f.lang))
    members = [i for i in INDICATORS if i.principle == principle.key]
    charts.show(data.charts[f"principles_{principle.key}"], f"principles_{principle.key}")
    with st.expander(t("Hvad måles, og hvorfor", "What is measured, and why")):
        for indicator in members:
            note = t(" Kun kommunefilteret gælder.", " Only the municipality filter applies.")
            st.markdown(
                f"**{indicator.label(f.lang)}**: {indicator.definition(f.lang)}"
                + (note if indicator.municipality_only else "")
                + f"  \n{indicator.why(f.lang)}"
            )

st.subheader(t("Over tid", "Over time"))
key = st.selectbox(
    t("Indikator", "Indicator"),
    [i.key for i in INDICATORS],
    format_func=lambda k: INDICATOR_BY_KEY[k].label(f.lang),
    key="principles_indicator",
)
indicator = INDICATOR_BY_KEY[key]
over_time = principles_view.over_time(f, key)
charts.show(over_time.chart, "principles_over_time")
last = over_time.last_end
st.caption(
    indicator.definition(f.lang)
    + t(
        " Hvert halvår er regnet som sin egen periode. Halvårene er dem, perioden rører, og "
        "mindst de fire seneste.",
        " Each half-year is computed as a period of its own. The half-years are those the period "
        "touches, and at least the last four.",
    )
    + (
        t(" Det seneste halvår var ikke slut ", " The last half-year was not over ")
        + t("på opgørelsesdagen, ", "on the as-of day, ")
        + formats.date(f.as_of, f.lang)
        + "."
        if last is not None and last > f.as_of
        else ""
    )
)

st.subheader(t("Tallene", "The figures"))
table = data.table
values = [t("Programmets median", "Programme median"), *sites]
INDICATOR = t("Indikator", "Indicator")
st.dataframe(
    principles_view.styled(table, sites, f.lang),
    hide_index=True,
    key="principles_table",
    placeholder="–",
    height=(len(INDICATORS) + 1) * 35 + 3,
    # The principle, unit and key are in the downloads; on screen the heatmaps group them.
    column_order=[INDICATOR, *(c for v in values for c in (v, f"{v} (n)") if c in table)],
    column_config={
        INDICATOR: st.column_config.TextColumn(INDICATOR, pinned=True, width=250),
        values[0]: st.column_config.NumberColumn(t("Median", "Median"), width=70),
        **{v: st.column_config.NumberColumn(v, width=82) for v in sites},
        **{f"{v} (n)": st.column_config.NumberColumn("n", width=42) for v in sites},
    },
)
ui.downloads(
    table,
    t("principper", "principles"),
    key="principles_download",
    shared=lambda: principles_view.shared_table(f),
)
