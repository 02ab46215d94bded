"""Sammenlign kommuner: every KPI for the chosen sites side by side, against the programme (all
municipalities in the database, pooled), with the number behind each share."""

import streamlit as st

from nextwork import formats
from nextwork.metrics import fair
from nextwork.metrics.kpis import COHORT_KEYS, KPI_BY_KEY, KPIS
from nextwork.present import charts
from nextwork.web import ui
from nextwork.web.sections import compare_view
from nextwork.web.ui import t

f = ui.current()
ui.header(t("Sammenlign kommuner", "Compare sites"), f)

everyone = ui.facts()["municipalities"]
# The 12-month figures and retention on the cohort with full follow-up; the rest on the period.
compared = compare_view.compare(f)
PROGRAMME = compare_view.programme_label()
KPI = compare_view.headings()[0]

st.caption(
    t(
        f"**{PROGRAMME}** er alle {len(everyone)} kommuner i databasen lagt sammen (ikke et "
        "gennemsnit af kommunerne), med de samme filtre for periode, målgruppe, køn og alder. "
        "**n** er antallet bag en andel (nævneren) eller en median.",
        f"**{PROGRAMME}** is all {len(everyone)} municipalities in the database pooled (not an "
        "average of the municipalities), with the same filters for period, target group, gender "
        "and age. **n** is the number behind a share (its denominator) or a median.",
    )
    + " "
    + t(
        "Resultaterne inden 12 måneder og fastholdelsen: ",
        "The 12-month outcomes and retention: ",
    )
    + ui.cohort_text(f)
    + "."
)

# --- the table: one row per KPI, a column (and an n column) per municipality ------------------
st.dataframe(
    compare_view.styled(compared, f.lang),
    hide_index=True,
    key="compare_table",
    height=(len(KPIS) + 1) * 35 + 3,
    placeholder="–",
    column_order=[KPI, *(c for name in compared.columns for c in (name, f"{name} (n)"))],
    column_config=compare_view.column_config(compared, f.lang),
)
ui.downloads(
    compared.table,
    t("sammenlign_kommuner", "compare_sites"),
    key="compare_download",
    shared=lambda: compare_view.shared_table(f),
)

# --- one KPI as bars ------------------------------------------------------------------------
st.subheader(t("Ét nøgletal ad gangen", "One KPI at a time"))
key = st.selectbox(
    t("Nøgletal", "KPI"),
    [k.key for k in KPIS],
    format_func=lambda k: KPI_BY_KEY[k].label(f.lang),
    index=[k.key for k in KPIS].index("outcome_12m_share"),
    key="compare_kpi",
)
kpi = KPI_BY_KEY[key]
charts.show(compare_view.kpi_chart(f, key), "compare_chart")
st.caption(kpi.definition(f.lang) + (f" ({ui.cohort_text(f)}.)" if key in COHORT_KEYS else ""))

# --- the fair comparison: each site against what is expected for its own young people -------
st.subheader(t("Fair sammenligning", "Fair comparison"), anchor="fair")
fair_key = st.selectbox(
    t("Nøgletal", "KPI"),
    list(fair.FAIR_KEYS),
    format_func=lambda k: KPI_BY_KEY[k].label(f.lang),
    key="fair_kpi",
)
section = compare_view.fair_section(f, fair_key)
view, result = section.view, section.view.result
st.caption(
    t(
        "Kommunerne får ikke de samme unge. **Forventet** er den andel, kommunen ville nå med "
        f"programmets andel i hver gruppe af unge ({section.strata}) for sin egen blanding af "
        "unge; **forskel** er observeret minus forventet. I tragten står hver kommune ved sit "
        "n: punkter mellem de stiplede linjer kan skyldes tilfældighed (95 %), punkter uden for "
        "de prikkede er næsten sikkert ikke tilfældige (99,8 %). Se Definitioner.",
        "The sites do not get the same young people. **Expected** is the share a site would "
        f"reach with the programme's share in each group of young people ({section.strata}) for "
        "its own mix; **difference** is observed minus expected. In the funnel each site stands "
        "at its n: points between the dashed lines may be chance (95%), points beyond the "
        "dotted lines are almost certainly not (99.8%). See Definitions.",
    )
    + " "
    + formats.date(view.start, f.lang)
    + " – "
    + formats.date(view.end, f.lang)
    + "."
)
if view.groups_dropped:
    st.caption(
        t(
            "Filtrene for målgruppe, køn og alder gælder ikke her: grupperne deler de unge "
            "efter dem i forvejen.",
            "The filters for target group, gender and age do not apply here: the groups split "
            "the young people by them already.",
        )
    )

if section.table is None:
    st.info(
        t(
            "Ingen unge i nævneren for dette nøgletal i perioden.",
            "Nobody in this KPI's denominator in the period.",
        )
    )
else:
    st.dataframe(
        compare_view.styled_fair(section.table, f.lang),
        hide_index=True,
        key="fair_table",
        placeholder="–",
    )
    ui.downloads(
        section.table,
        t("fair_sammenligning", "fair_comparison"),
        key="fair_download",
        shared=lambda: compare_view.shared_fair_table(f, fair_key),
    )
    charts.show(section.funnel, "fair_funnel")
    if section.readings:
        # municipality names are checked against the list of Danish municipalities on import
        st.markdown("\n".join(f"- {r}" for r in section.readings))
    if (view.sites["municipality"].isna()).any():
        st.caption(
            t(
                "De andre kommuner vises uden navn.",
                "The other sites are shown without their names.",
            )
        )
    if section.groups is not None:
        with st.expander(
            t("Programmets andel i hver gruppe af unge", "The programme's share in each group"),
            icon=":material/groups:",
        ):
            st.dataframe(section.groups, hide_index=True, key="fair_groups")
    if result.left_out:
        st.caption(
            t(
                "Udeladt, fordi programmet har for få unge i gruppen til at vise den: ",
                "Left out because the programme has too few young people in the group to show it: ",
            )
            + "; ".join(" · ".join(ui.label_of(v) for v in stratum) for stratum in result.left_out)
            + "."
        )

st.subheader(t("Alle nøgletal som Excel", "Every KPI as Excel"))
ui.workbook_button(f, key="compare_workbook")
