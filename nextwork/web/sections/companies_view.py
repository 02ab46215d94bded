"""The companies page's figures and charts, made once per filters, reader and data file: the
company KPIs, the network month by month, industries, sizes, placements per company,
companies that come back, the map's points and the table by industry and size.

They are shared by every run that asks for the same (`st.cache_resource`, keyed by the
filters, the reader and the pinned data file) and never changed: each chart is finished
(titled, its labels made readable) before it is kept, so a run draws it as it is."""

from __future__ import annotations

import html
from dataclasses import dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from nextwork import config
from nextwork.ingest.contract import DB07_SECTIONS, DB07_SECTIONS_EN
from nextwork.metrics import frame
from nextwork.metrics.kpis import KPI_BY_KEY
from nextwork.present import charts
from nextwork.web import ui
from nextwork.web.page_cache import finished, reader
from nextwork.web.ui import t

CARDS = ["companies_in_network", "companies_active", "companies_hosting_share"]
# Only the queries of the page's KPIs run for its KPI frames (each KPI query costs mostly
# its planning, so the KPIs the page never shows are not computed).
QUERIES = tuple(dict.fromkeys(KPI_BY_KEY[k].query for k in CARDS))
# The two measures of the network's size month by month.
TREND = ["companies_in_network", "companies_active"]


def company_filters(f: ui.Filters) -> ui.Filters:
    """Company figures follow the municipality filter alone: the other filters left out."""
    return replace(f, target_groups=(), genders=(), age_bands=(), notices=())


def count_of(now: pd.DataFrame, key: str, municipality: str | None = None) -> int | None:
    """A count KPI, or the count behind a share KPI (its numerator)."""
    if KPI_BY_KEY[key].kind == "share":
        return frame.numerator(now, key, municipality)
    return frame.value(now, key, municipality)


def industry_name(code: str) -> str:
    sections = DB07_SECTIONS_EN if ui.lang() == "en" else DB07_SECTIONS
    return sections.get(code, t("Ukendt branche", "Unknown industry"))


def size_name(band: str) -> str:
    unknown = t("Ukendt størrelse", "Unknown size")
    return unknown if band == "unknown" else band + t(" ansatte", " employees")


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


def industry_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Companies by municipality and industry, a column per size band, with their names."""
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
    table = rows.assign(industry=[industry_name(c) for c in rows["industry"]])
    return table[list(names)].rename(columns=names)


@dataclass(frozen=True)
class Companies:
    """What the page shows, for one set of filters and one reader."""

    now: pd.DataFrame
    before: pd.DataFrame
    programme: pd.DataFrame | None  # the programme's KPIs beside a selection of some sites
    in_network: int | None
    hosting: int | None
    again: pd.DataFrame
    located: pd.DataFrame
    sites: pd.DataFrame
    points: pd.DataFrame  # the map's points, with their tooltips' texts
    kpi_table: pd.DataFrame
    industry_table: pd.DataFrame
    charts: dict[str, go.Figure] = field(default_factory=dict)  # finished, by the chart's key


def companies(f: ui.Filters) -> Companies:
    """The page's figures for the filters (their municipalities only) as the reader may see
    them."""
    return _companies(company_filters(f), *reader())


@st.cache_resource(max_entries=64, show_spinner=False)
def _companies(f: ui.Filters, viewer, path: str, version, settings) -> Companies:
    params = f.params()
    now = ui.kpi_frame(params, queries=QUERIES)
    # Beside a selection that is not the whole programme, the programme's own figure.
    is_programme = set(f.municipalities) == set(ui.facts()["municipalities"])
    industries = ui.query("companies_by_industry", params)
    located = ui.query("network_companies", params)
    again = ui.query("companies_hosting_again", params)
    number = t("Virksomheder (antal)", "Companies (number)")
    label = t("Virksomheder", "Companies")
    made: dict[str, go.Figure] = {}

    measures = {
        "companies_in_network": KPI_BY_KEY["companies_in_network"].label(f.lang),
        "companies_active": KPI_BY_KEY["companies_active"].label(f.lang),
        "companies_hosting_share": t("I netværket og med praktik", "In the network and hosting"),
    }
    active = pd.DataFrame(
        [
            {"municipality": m, "measure": name, "count": count_of(now, key, m)}
            for m in sorted(f.municipalities)
            for key, name in measures.items()
        ]
    )
    made["companies_active_bars"] = finished(
        charts.bars(active, "measure", "count", label, f.lang, barmode="group"),
        f,
        t("Virksomheder i perioden pr. kommune", "Companies in the period per municipality"),
        None,
        number,
    )
    made["companies_industry"] = finished(
        charts.bars(
            industries,
            "industry",
            "count_companies",
            label,
            f.lang,
            category_text=industry_name,
            horizontal=True,
        ),
        f,
        t("Virksomheder i netværket efter branche", "Companies in the network by industry")
        + " (DB07)",
        number,
        None,
        160 + 34 * industries["industry"].nunique(),
    )
    made["companies_size"] = finished(
        charts.bars(
            ui.query("companies_by_size", params),
            "size_band",
            "count_companies",
            label,
            f.lang,
            category_text=size_name,
            horizontal=True,
        ),
        f,
        t("Virksomheder i netværket efter størrelse", "Companies in the network by size"),
        number,
        None,
    )
    made["companies_per_company"] = finished(
        charts.bars(
            ui.query("placements_per_company", params),
            "placements_band",
            "count_companies",
            label,
            f.lang,
            barmode="group",
        ),
        f,
        t("Påbegyndte praktikforløb pr. virksomhed", "Placements started per company"),
        t("Praktikforløb startet i perioden (antal)", "Placements started (number)"),
        number,
    )
    shares = again.rename(
        columns={
            "share_returning": "value",
            "count_returning": "numerator",
            "count_hosting": "denominator",
        }
    )
    made["companies_again"] = finished(
        charts.share_bars(shares, f.lang, t("Alle valgte", "All selected"), config.min_share_n()),
        f,
        t(
            "Andel af virksomhederne med praktik, der kommer igen",
            "Share of the hosting companies that come back",
        ),
        t("Andel (%)", "Share (%)"),
        None,
        160 + 50 * len(again),
    )
    points = located.assign(
        # The tooltip is HTML: names from the data go into it as text.
        company_name=[
            t("Uden navn", "No name") if n is None or pd.isna(n) else html.escape(str(n))
            for n in located["company_name"]
        ],
        industry_name=each(located["industry"], industry_name),
        size_name=each(located["size_band"], size_name),
        # a hidden (small) count reads "<5" and draws as the smallest dot
        placements=each(located["count_placements"], lambda n: ui.count_text(n, f.lang)),
    )
    return Companies(
        now=now,
        before=ui.kpi_frame(f.previous().params(), queries=QUERIES),
        programme=None if is_programme else ui.programme_kpis(params, queries=QUERIES),
        in_network=count_of(now, "companies_in_network"),
        hosting=count_of(now, "companies_hosting_share"),
        again=again,
        located=located,
        sites=ui.query("site_centroids", params),
        points=points,
        kpi_table=ui.kpi_table(now, CARDS, f.lang),
        industry_table=industry_table(industries),
        charts=made,
    )


def trend(f: ui.Filters, measure: str) -> go.Figure:
    """The network's size month by month (`measure`: one of TREND), finished."""
    return _trend(company_filters(f), measure, *reader())


@st.cache_resource(max_entries=64, show_spinner=False)
def _trend(f: ui.Filters, measure: str, viewer, path: str, version, settings) -> go.Figure:
    monthly = ui.query("monthly_counts", f.params())
    label = KPI_BY_KEY[measure].label(f.lang)
    fig = charts.lines_by_municipality(monthly, "month_start", measure, label, f.lang)
    charts.month_axis(fig, list(monthly["month_start"]), f.lang)
    charts.mark_incomplete_month(fig, f.as_of, f.lang)
    return finished(
        fig,
        f,
        label + t(" pr. måned", " per month"),
        t("Måned", "Month"),
        t("Virksomheder (antal)", "Companies (number)"),
    )


def shared_kpi_table(f: ui.Filters) -> pd.DataFrame:
    """The KPI table as files shared from the dashboard hold it."""
    return ui.kpi_table(ui.kpi_frame(company_filters(f).params(), suppress=True), CARDS, ui.lang())


def shared_industry_table(f: ui.Filters) -> pd.DataFrame:
    """The table by industry and size as files shared from the dashboard hold it."""
    return industry_table(
        ui.query("companies_by_industry", company_filters(f).params(), suppress=True)
    )
