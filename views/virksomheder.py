"""Virksomheder: the company network's size over time, the active and hosting companies, their
industries and sizes, placements per company, companies that come back, and a map."""

import html
from dataclasses import replace

import pandas as pd
import streamlit as st

from nextwork import config, formats
from nextwork.ingest.contract import DB07_SECTIONS, DB07_SECTIONS_EN
from nextwork.metrics.kpis import KPI_BY_KEY
from nextwork.present import charts
from nextwork.web import ui
from nextwork.web.ui import t

CARDS = ["companies_in_network", "companies_active", "companies_hosting_share"]
SECTIONS = DB07_SECTIONS_EN if ui.lang() == "en" else DB07_SECTIONS
COMPANIES = t("Virksomheder", "Companies")
NUMBER = t("Virksomheder (antal)", "Companies (number)")

# Company figures follow the municipality filter alone, so the other filters are left out.
f = replace(ui.current(), target_groups=(), genders=(), age_bands=())
ui.header(t("Virksomheder", "Companies"), ui.current())
st.caption(
    t(
        "Kun kommunefilteret gælder for tallene om virksomheder; målgruppe, køn og alder "
        "ændrer dem ikke.",
        "Only the municipality filter applies to the company figures; target group, gender "
        "and age do not change them.",
    )
)
now = ui.kpi_frame(f.params())
before = ui.kpi_frame(f.previous().params())
# Beside a selection that is not the whole programme, the programme's own figure.
is_programme = set(f.municipalities) == set(ui.facts()["municipalities"])
programme = None if is_programme else ui.programme_kpis(f.params())
monthly = ui.query("monthly_counts", f.params())
industries = ui.query("companies_by_industry", f.params())
sizes = ui.query("companies_by_size", f.params())
per_company = ui.query("placements_per_company", f.params())
again = ui.query("companies_hosting_again", f.params())
located = ui.query("network_companies", f.params())
sites = ui.query("site_centroids", f.params())


# Where each KPI's row of each municipality is in `now` (None: the total), found once.
ROW_OF: dict = {}
for position, found in enumerate(zip(now["key"], now["municipality"].fillna(""), strict=True)):
    ROW_OF.setdefault(found, position)


def count_of(key: str, municipality: str | None = None) -> int:
    """A count KPI, or the count behind a share KPI (its numerator)."""
    column = "numerator" if KPI_BY_KEY[key].kind == "share" else "value"
    return now[column].iloc[ROW_OF[(key, municipality or "")]]


def industry_name(code: str) -> str:
    return SECTIONS.get(code, t("Ukendt branche", "Unknown industry"))


def size_name(band: str) -> str:
    unknown = t("Ukendt størrelse", "Unknown size")
    return unknown if band == "unknown" else band + t(" ansatte", " employees")


def show(fig, title: str, x_title: str | None, y_title: str | None, key: str, height=420):
    charts.style(fig, title, f.describe(), x_title, y_title, f.lang, height)
    charts.show(fig, key)


columns = st.columns(len(CARDS))
for column, key in zip(columns, CARDS, strict=True):
    ui.kpi_card(column, key, now, before, f.lang, programme=programme)
in_network = count_of("companies_in_network")
columns[2].caption(
    t("{n} af {d} virksomheder i netværket", "{n} of {d} companies in the network").format(
        n=ui.count_text(count_of("companies_hosting_share"), f.lang),
        d=ui.count_text(in_network, f.lang),
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
        ["companies_in_network", "companies_active"],
        format_func=lambda k: KPI_BY_KEY[k].label(f.lang),
        default="companies_in_network",
        key="companies_trend_measure",
    )
    or "companies_in_network"
)
label = KPI_BY_KEY[measure].label(f.lang)
fig = charts.lines_by_municipality(monthly, "month_start", measure, label, f.lang)
charts.month_axis(fig, list(monthly["month_start"]), f.lang)
charts.mark_incomplete_month(fig, f.as_of, f.lang)
show(fig, label + t(" pr. måned", " per month"), t("Måned", "Month"), NUMBER, "companies_trend")

st.subheader(t("Aktive virksomheder og virksomheder med praktik", "Active and hosting companies"))
measures = {
    "companies_in_network": KPI_BY_KEY["companies_in_network"].label(f.lang),
    "companies_active": KPI_BY_KEY["companies_active"].label(f.lang),
    "companies_hosting_share": t("I netværket og med praktik", "In the network and hosting"),
}
active = pd.DataFrame(
    [
        {"municipality": m, "measure": label, "count": count_of(key, m)}
        for m in sorted(f.municipalities)
        for key, label in measures.items()
    ]
)
fig = charts.bars(active, "measure", "count", COMPANIES, f.lang, barmode="group")
title = t("Virksomheder i perioden pr. kommune", "Companies in the period per municipality")
show(fig, title, None, NUMBER, "companies_active_bars")
table = ui.kpi_table(now, CARDS, f.lang)
st.dataframe(ui.styled(table, CARDS, f.lang), hide_index=True, key="companies_table")
ui.downloads(
    table,
    "virksomheder_kommuner",
    key="companies_table_download",
    shared=lambda: ui.kpi_table(ui.kpi_frame(f.params(), suppress=True), CARDS, f.lang),
)

st.subheader(t("Brancher og størrelser", "Industries and sizes"))
fig = charts.bars(
    industries,
    "industry",
    "count_companies",
    COMPANIES,
    f.lang,
    category_text=industry_name,
    horizontal=True,
)
title = t("Virksomheder i netværket efter branche", "Companies in the network by industry")
height = 160 + 34 * industries["industry"].nunique()
show(fig, title + " (DB07)", NUMBER, None, "companies_industry", height)
left, right = st.columns(2)
with left:
    fig = charts.bars(
        sizes,
        "size_band",
        "count_companies",
        COMPANIES,
        f.lang,
        category_text=size_name,
        horizontal=True,
    )
    title = t("Virksomheder i netværket efter størrelse", "Companies in the network by size")
    show(fig, title, NUMBER, None, "companies_size")
with right:
    fig = charts.bars(
        per_company, "placements_band", "count_companies", COMPANIES, f.lang, barmode="group"
    )
    title = t("Påbegyndte praktikforløb pr. virksomhed", "Placements started per company")
    x_title = t("Praktikforløb startet i perioden (antal)", "Placements started (number)")
    show(fig, title, x_title, NUMBER, "companies_per_company")

st.subheader(t("Virksomheder, der kommer igen", "Companies that come back"))
shares = again.rename(
    columns={
        "share_returning": "value",
        "count_returning": "numerator",
        "count_hosting": "denominator",
    }
)
fig = charts.share_bars(shares, f.lang, t("Alle valgte", "All selected"), config.min_share_n())
title = t(
    "Andel af virksomhederne med praktik, der kommer igen",
    "Share of the hosting companies that come back",
)
show(fig, title, t("Andel (%)", "Share (%)"), None, "companies_again", 160 + 50 * len(again))
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


def each(column: pd.Series, text) -> list[str]:
    """`text` of every value of the column, worked out once per distinct value (every
    missing value counts as one)."""
    texts: dict = {}
    out = []
    for value in column:
        key = None if pd.isna(value) else value
        if key not in texts:
            texts[key] = text(value)
        out.append(texts[key])
    return out


points = located.assign(
    # The tooltip is HTML: names from the data go into it as text.
    company_name=[html.escape(str(n)) for n in located["company_name"]],
    industry_name=each(located["industry"], industry_name),
    size_name=each(located["size_band"], size_name),
    # a hidden (small) count reads "<5" and draws as the smallest dot
    placements=each(located["count_placements"], lambda n: ui.count_text(n, f.lang)),
)
tooltip = "<b>{company_name}</b><br/>{industry_name}<br/>{size_name}<br/>{municipality}<br/>"
tooltip += t("Praktikforløb startet i perioden", "Placements started in the period")
deck = charts.points_map(points, sites, "count_placements", tooltip + ": {placements}")
st.pydeck_chart(
    deck,
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
names = {
    "municipality": t("Kommune", "Municipality"),
    "industry": t("Branche", "Industry"),
    "count_size_1_9": size_name("1-9"),
    "count_size_10_49": size_name("10-49"),
    "count_size_50_249": size_name("50-249"),
    "count_size_250_plus": size_name("250+"),
    "count_size_unknown": size_name("unknown"),
    "count_companies": t("I alt", "Total"),
}


def industry_table(rows: pd.DataFrame) -> pd.DataFrame:
    table = rows.assign(industry=[industry_name(c) for c in rows["industry"]])
    return table[list(names)].rename(columns=names)


table = industry_table(industries)
counts = table.style.format(lambda v: formats.number(v, f.lang), subset=list(table.columns[2:]))
st.dataframe(counts, hide_index=True, key="companies_industry_table")
ui.downloads(
    table,
    "virksomheder_brancher",
    key="companies_industry_download",
    shared=lambda: industry_table(ui.query("companies_by_industry", f.params(), suppress=True)),
)
