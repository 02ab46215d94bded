"""Principper: is each site running NExTWORK as designed? For each of the three principles a
handful of indicators per site against the programme's own median, with the n behind each,
and one indicator at a time over the half-years."""

import pandas as pd
import streamlit as st

from nextwork import formats
from nextwork.metrics import principles
from nextwork.metrics.principles import INDICATOR_BY_KEY, INDICATORS, PRINCIPLES
from nextwork.present import charts, principle_tables
from nextwork.web import ui
from nextwork.web.ui import t

AXES = {
    "share": ("Andel (%)", "Share (%)"),
    "ratio": ("Antal", "Number"),
    "days": ("Dage (median)", "Days (median)"),
}

f = ui.current()
ui.header(t("Principper", "Principles"), f)

sites = sorted(f.municipalities)
everyone = tuple(ui.facts()["municipalities"])
# The programme's median is over every site, whichever sites are chosen.
params = f.params(municipalities=everyone)


def kpi_frame_of(start, end):
    return ui.kpi_frame(f.params(start=start, end=end, municipalities=everyone))


rows = ui.query("principle_indicators", params)
now = principles.with_medians(principles.indicator_frame(rows[~rows["is_half_year"]], kpi_frame_of))

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
    cells = principle_tables.cells(now, principle.key, sites, f.lang)
    fig = charts.deviation_heatmap(cells, f.lang, colourbar_title=t("Fra medianen", "From median"))
    members = [i for i in INDICATORS if i.principle == principle.key]
    charts.style(
        fig,
        principle.label(f.lang)
        + t(": kommunerne mod programmets median", ": sites against the programme's median"),
        f.describe(),
        lang=f.lang,
        height=150 + 62 * len(members),
    )
    # The same left margin on every principle, so that their columns line up.
    fig.update_layout(margin={"t": 140, "l": 360})
    fig.update_yaxes(automargin=False)
    charts.show(fig, f"principles_{principle.key}")
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
halves = principles.with_medians(
    principles.indicator_frame(rows[rows["is_half_year"]], kpi_frame_of, keys=[key])
)
points = principle_tables.series(halves, key, sites, f.lang)
median_label = t("Programmets median", "Programme median")
fig = charts.half_year_lines(points, median_label)
charts.style(
    fig,
    indicator.label(f.lang) + t(" pr. halvår", " by half-year"),
    f.describe(),
    t("Halvår", "Half-year"),
    t(*AXES[indicator.kind]),
    f.lang,
)
if indicator.kind == "share":
    charts.share_axis(fig, f.lang)
charts.show(fig, "principles_over_time")
last = halves["period_end_on"].max() if len(halves) else None
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
table = principle_tables.table(now, sites, f.lang)
values = [t("Programmets median", "Programme median"), *sites]
styler = table.style.format(
    lambda v: formats.number(None if pd.isna(v) else v, f.lang),
    subset=[f"{site} (n)" for site in sites],
)
for i, item in enumerate(INDICATORS):
    styler = styler.format(
        lambda v, kind=item.kind: principle_tables.value_text(
            None if pd.isna(v) else v / (100 if kind == "share" else 1), kind, f.lang
        ),
        subset=pd.IndexSlice[[i], values],
    )
INDICATOR = t("Indikator", "Indicator")
st.dataframe(
    styler,
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


def shared_table() -> pd.DataFrame:
    """The table as shared outside the team: every figure through the disclosure control."""
    rows = ui.query("principle_indicators", params, suppress=True)
    frame = principles.indicator_frame(
        rows[~rows["is_half_year"]],
        lambda start, end: ui.kpi_frame(
            f.params(start=start, end=end, municipalities=everyone), suppress=True
        ),
    )
    return principle_tables.table(principles.with_medians(frame), sites, f.lang)


ui.downloads(table, t("principper", "principles"), key="principles_download", shared=shared_table)
