"""Virksomheder: the company network's size over time, the active and hosting companies, their
industries and sizes, placements per company, companies that come back, and a map."""

import streamlit as st

from nextwork import formats
from nextwork.metrics.kpis import KPI_BY_KEY
from nextwork.present import charts
from nextwork.web import ui
from nextwork.web.sections import companies_view
from nextwork.web.sections.companies_view import CARDS
from nextwork.web.ui import t

f = ui.current()
ui.header(t("Virksomheder", "Companies"), f)
st.caption(
    t(
        "Kun kommunefilteret gælder for tallene om virksomheder; målgruppe, køn og alder "
        "ændrer dem ikke.",
        "Only the municipality filter applies to the company figures; target group, gender "
        "and age do not change them.",
    )
)
data = companies_view.companies(f)
made = data.charts

columns = st.columns(len(CARDS))
for column, key in zip(columns, CARDS, strict=True):
    ui.kpi_card(column, key, data.now, data.before, f.lang, programme=data.programme)
columns[2].caption(
    t("{n} af {d} virksomheder i netværket", "{n} of {d} companies in the network").format(
        n=ui.count_text(data.hosting, f.lang), d=ui.count_text(data.in_network, f.lang)
    )
)
st.caption(
    t(
        "Ændring i forhold til den foregående periode af samme længde.",
        "Change against the previous period of the same length.",
    )
)

st.subheader(t("Netværkets størrelse måned for måned", "The network's size month by month"))
measure = (
    st.segmented_control(
        t("Vis", "Show"),
        companies_view.TREND,
        format_func=lambda k: KPI_BY_KEY[k].label(f.lang),
        default="companies_in_network",
        key="companies_trend_measure",
    )
    or "companies_in_network"
)
charts.show(companies_view.trend(f, measure), "companies_trend")

st.subheader(t("Aktive virksomheder og virksomheder med praktik", "Active and hosting companies"))
charts.show(made["companies_active_bars"], "companies_active_bars")
st.dataframe(ui.styled(data.kpi_table, CARDS, f.lang), hide_index=True, key="companies_table")
ui.downloads(
    data.kpi_table,
    "virksomheder_kommuner",
    key="companies_table_download",
    shared=lambda: companies_view.shared_kpi_table(f),
)

st.subheader(t("Brancher og størrelser", "Industries and sizes"))
charts.show(made["companies_industry"], "companies_industry")
left, right = st.columns(2)
with left:
    charts.show(made["companies_size"], "companies_size")
with right:
    charts.show(made["companies_per_company"], "companies_per_company")

st.subheader(t("Virksomheder, der kommer igen", "Companies that come back"))
charts.show(made["companies_again"], "companies_again")
st.caption(
    t(
        "En virksomhed **kommer igen**, når den har et praktikforløb, der overlapper perioden, "
        "og også har haft et andet praktikforløb, der startede før periodens første dag. "
        "Andelen er taget af alle virksomheder med et praktikforløb, der overlapper perioden.",
        "A company **comes back** when it hosts a placement that overlaps the period and has "
        "also hosted another placement that started before the period's first day. The share "
        "is of all companies hosting a placement that overlaps the period.",
    )
)

st.subheader(t("Kort over netværket", "Map of the network"))
located = data.located
tooltip = "<b>{company_name}</b><br/>{industry_name}<br/>{size_name}<br/>{municipality}<br/>"
tooltip += t("Praktikforløb startet i perioden", "Placements started in the period")
st.pydeck_chart(
    charts.points_map(data.points, data.sites, "count_placements", tooltip + ": {placements}"),
    height=580,
    key="companies_map",
    alt=t(
        f"Kort over netværkets {formats.number(len(located), f.lang)} virksomheder med "
        "koordinater eller postnummer. Tallene efter kommune, branche og størrelse står i "
        "tabellen nedenfor.",
        f"Map of the network's {formats.number(len(located), f.lang)} companies with "
        "coordinates or a postcode. The figures by municipality, industry and size are in the "
        "table below.",
    ),
)
by_postcode = int(located["is_placed_by_postcode"].sum())
# The companies left off the map, where the count of the network is exact (else the difference
# would be the perturbation's noise, not companies).
in_network = data.in_network
unplaced = in_network - len(located) if ui.shown_exactly() and in_network is not None else None
notes = [
    t(
        "Hver prik er en virksomhed i netværket, i kommunens farve og større, jo flere "
        "praktikforløb der startede i perioden. De sorte ringe er kommunernes midtpunkter.",
        "Each dot is a company in the network, in its municipality's colour and larger the more "
        "placements started in the period. The black rings are the municipalities' centres.",
    ),
    t(
        "Virksomheder uden koordinater, vist midt i deres postnummer: {n}.",
        "Companies without coordinates, shown at their postcode's centre: {n}.",
    ).format(n=formats.number(by_postcode, f.lang))
    if by_postcode
    else "",
    t(
        "Virksomheder uden koordinater og postnummer, ikke på kortet: {n}.",
        "Companies with neither coordinates nor postcode, not on the map: {n}.",
    ).format(n=formats.number(unplaced, f.lang))
    if unplaced
    else "",
    t(
        "Baggrundskortet (© CARTO, © OpenStreetMap) kræver internet; uden det står prikkerne "
        "på hvid baggrund.",
        "The background map (© CARTO, © OpenStreetMap) needs internet; without it the dots "
        "show on a white background.",
    ),
]
st.caption(" ".join(note for note in notes if note))

st.subheader(
    t("Tabel: virksomheder efter branche og størrelse", "Table: companies by industry and size")
)
# A hidden count reads as the other tables' do (<5), not as an empty cell.
ui.number_table(
    data.industry_table,
    "virksomheder_brancher",
    key="companies_industry",
    shared=lambda: companies_view.shared_industry_table(f),
)
