"""The compare page's figures, made once per filters, reader and data file: every KPI of the
chosen sites against the programme as one table, and the fair comparison with its table,
funnel chart, readings and the programme's share in each group. The page draws them.

The results are shared by every run that asks for the same (`st.cache_resource`, keyed by
the filters, the reader and the pinned data file, as the query caches of `ui` are): they are
read-only, and a page that changes a figure changes a copy."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from nextwork import config, formats
from nextwork.metrics import disclosure, fair
from nextwork.metrics import frame as frame_of
from nextwork.metrics.kpis import COHORT_KEYS, KPI_BY_KEY, KPIS
from nextwork.present import chart_text, charts, tables
from nextwork.web import ui
from nextwork.web.page_cache import reader
from nextwork.web.ui import t

# The fair comparison's groups of young people, in Danish and English.
STRATA = {
    "target_group": ("målgruppe", "target group"),
    "age_band": ("aldersgruppe", "age band"),
    "gender": ("køn", "gender"),
}


def _plain(f: ui.Filters) -> ui.Filters:
    return replace(f, notices=())


def programme_label() -> str:
    return t("Programmet", "Programme")


def headings() -> tuple[str, str, str]:
    """The table's KPI, unit and key column headings."""
    return t("Nøgletal", "KPI"), t("Enhed", "Unit"), t("Nøgle", "Key")


# --- every KPI side by side ----------------------------------------------------------------


@dataclass(frozen=True)
class Compare:
    """The KPIs of the chosen sites (`now`) and of the programme, and the table of them."""

    now: pd.DataFrame
    programme: pd.DataFrame
    table: pd.DataFrame  # a row per KPI; a column and an n column per site
    hidden: tuple[tuple[int, str], ...]  # (row, column) of counts hidden as small numbers
    columns: tuple[str, ...]  # the programme, then the sites


def compare_table(
    f: ui.Filters, now: pd.DataFrame, programme: pd.DataFrame
) -> tuple[pd.DataFrame, list]:
    """One row per KPI, a column and an n column per site; and the counts hidden."""
    kpi_heading, unit_heading, key_heading = headings()
    names = [programme_label(), *sorted(f.municipalities)]
    rows, hidden = [], []
    for i, kpi in enumerate(KPIS):
        row = {
            key_heading: kpi.key,
            kpi_heading: kpi.label(f.lang),
            unit_heading: t(*tables.UNITS[kpi.kind]),
        }
        for name, frame, where in [(names[0], programme, None), *((m, now, m) for m in names[1:])]:
            row[name] = tables.shown(frame_of.value(frame, kpi.key, where), kpi.kind)
            row[f"{name} (n)"] = frame_of.denominator(frame, kpi.key, where)
            if kpi.kind == "count" and frame_of.hidden(frame, kpi.key, where):
                hidden.append((i, name))
        rows.append(row)
    table = pd.DataFrame(rows).astype({f"{name} (n)": "Int64" for name in names})
    return table, hidden


def compare(f: ui.Filters) -> Compare:
    """The KPIs for the filters (the 12-month figures and retention on the cohort with full
    follow-up) beside the programme's, as the reader may see them."""
    return _compare(_plain(f), *reader())


@st.cache_resource(max_entries=64, show_spinner=False)
def _compare(f: ui.Filters, viewer, path: str, version, settings) -> Compare:
    now = ui.headline_kpis(f)
    programme = ui.headline_kpis(f, programme=True)
    table, hidden = compare_table(f, now, programme)
    return Compare(
        now, programme, table, tuple(hidden), (programme_label(), *sorted(f.municipalities))
    )


def shared_table(f: ui.Filters) -> pd.DataFrame:
    """The table as files shared from the dashboard hold it (through the disclosure control)."""
    return compare_table(
        f, ui.headline_kpis(f, suppress=True), ui.headline_kpis(f, suppress=True, programme=True)
    )[0]


def styled(c: Compare, language: str):
    """The table in the reader's formats, each row by its KPI's kind; a hidden count "<5"."""
    names = list(c.columns)
    styler = c.table.style.format(
        lambda v: tables.number(v, language), subset=[f"{name} (n)" for name in names]
    )
    for i, kpi in enumerate(KPIS):
        styler = styler.format(
            lambda v, kind=kpi.kind: tables.cell(v, kind, language),
            subset=pd.IndexSlice[[i], names],
        )
    for i, name in c.hidden:  # a suppressed count reads "<5"; a hidden share stays empty
        styler = styler.format(lambda v: disclosure.label(), subset=pd.IndexSlice[[i], [name]])
    return styler


def column_config(c: Compare, language: str) -> dict:
    """The columns' headings and widths, the KPI's name pinned on the left."""
    kpi_heading = headings()[0]
    return {
        kpi_heading: st.column_config.TextColumn(
            kpi_heading, pinned=True, width=252 if language == "en" else 212
        ),
        **{
            name: st.column_config.NumberColumn(name, width=max(78, tables.width(name, language)))
            for name in c.columns
        },
        **{
            f"{name} (n)": st.column_config.NumberColumn(
                "n", width=tables.width("n", language, c.table[f"{name} (n)"])
            )
            for name in c.columns
        },
    }


# --- the fair comparison -------------------------------------------------------------------


def fair_view(f: ui.Filters, key: str, suppress: bool = False) -> ui.FairView:
    """`ui.fair_comparison`, made once per filters, KPI, reader and data file."""
    return _fair_view(_plain(f), key, suppress, *reader())


@st.cache_resource(max_entries=64, show_spinner=False)
def _fair_view(f: ui.Filters, key: str, suppress: bool, viewer, path: str, version, settings):
    return ui.fair_comparison(f, key, suppress=suppress)


@dataclass(frozen=True)
class Fair:
    """The fair comparison of one KPI as the page shows it."""

    view: ui.FairView
    strata: str  # the groups, as "målgruppe × aldersgruppe"
    table: pd.DataFrame | None  # None: nobody in the KPI's denominator
    funnel: go.Figure | None  # styled; the page draws a copy
    readings: tuple[str, ...]  # each named site's reading in words
    groups: pd.DataFrame | None  # the programme's share in each group, as text


def fair_section(f: ui.Filters, key: str) -> Fair:
    return _fair_section(_plain(f), key, *reader())


@st.cache_resource(max_entries=64, show_spinner=False)
def _fair_section(f: ui.Filters, key: str, viewer, path: str, version, settings) -> Fair:
    view = fair_view(f, key)
    result = view.result
    strata = " × ".join(t(*STRATA[d]) for d in result.by)
    if result.programme_value is None:
        return Fair(view, strata, None, None, (), None)
    return Fair(
        view,
        strata,
        fair.table(result, view.sites, f.lang),
        _funnel(f, key, view, strata),
        tuple(
            fair.sentence(row.municipality, row.difference, row.reading, f.lang)
            for row in view.sites.itertuples(index=False)
            if pd.notna(row.municipality)  # a site without a name is NaN here, not None
        ),
        _groups(result, f.lang) if len(result.programme_strata) else None,
    )


def _funnel(f: ui.Filters, key: str, view: ui.FairView, strata: str) -> go.Figure:
    result = view.result
    points = view.sites.rename(columns={"municipality": "label"})
    n_top = int(points["n"].max()) if points["n"].notna().any() else 10
    limits = {
        level: fair.funnel_curve(result.programme_value, int(n_top * 1.1) + 1, level)
        for level in fair.LEVELS
    }
    figure = charts.funnel(
        points,
        result.programme_value,
        limits,
        f.lang,
        {r: fair.reading_text(r, f.lang) for r in fair.READINGS},
    )
    charts.style(
        figure,
        f"{KPI_BY_KEY[key].label(f.lang)}: "
        + t("observeret mod forventet", "observed against expected"),
        formats.date(view.start, f.lang)
        + " – "
        + formats.date(view.end, f.lang)
        + " · "
        + t("grupper: ", "groups: ")
        + strata,
        t("Antal unge (n)", "Number of young people (n)"),
        # short: it stands beside the plot's height, which is small on a phone
        t("Forskel (pct.-point)", "Difference (pp)"),
        f.lang,
        height=480,
    )
    chart_text.readable_labels(figure)  # as `charts.show` does, once, before it is shared
    return figure


def _groups(result: fair.Comparison, language: str) -> pd.DataFrame:
    groups = result.programme_strata
    return pd.DataFrame(
        {
            **{t(*STRATA[d]).capitalize(): [ui.label_of(v) for v in groups[d]] for d in result.by},
            "n": [tables.count(n, language) for n in groups["n"]],
            t("Andel", "Share"): [
                formats.percent(None if pd.isna(r) else r, language) for r in groups["rate"]
            ],
        }
    )


def styled_fair(table: pd.DataFrame, language: str):
    """The fair comparison's table in the reader's formats."""
    names = fair.columns(language)
    percent = [names[c] for c in ("observed", "expected", "standardised")]
    return (
        table.style.format(lambda v: tables.number(v, language, 1), subset=percent)
        .format(lambda v: tables.number(v, language, 2), subset=[names["ratio"]])
        .format(lambda v: tables.signed(v, language), subset=[names["difference"]])
        .format(lambda v: tables.count(v, language), subset=["n"])
    )


def shared_fair_table(f: ui.Filters, key: str) -> pd.DataFrame:
    """The fair table as files shared from the dashboard hold it (through the disclosure
    control)."""
    shared = ui.fair_comparison(f, key, suppress=True)
    return fair.table(shared.result, shared.sites, f.lang)


# --- one KPI as bars ------------------------------------------------------------------------


def kpi_chart(f: ui.Filters, key: str) -> go.Figure:
    """One KPI for each chosen site against the programme as bars, finished."""
    return _kpi_chart(_plain(f), key, *reader())


@st.cache_resource(max_entries=64, show_spinner=False)
def _kpi_chart(f: ui.Filters, key: str, viewer, path: str, version, settings) -> go.Figure:
    compared = compare(f)
    now, programme = compared.now, compared.programme
    names = sorted(f.municipalities)
    kpi = KPI_BY_KEY[key]
    fig = charts.bars_by_municipality(
        names,
        [frame_of.value(now, key, m) for m in names],
        [frame_of.denominator(now, key, m) for m in names],
        kpi.kind,
        f.lang,
        frame_of.value(programme, key),
        programme_label(),
        min_n=config.min_share_n(),
        target=config.target(key),
    )
    charts.style(
        fig,
        f"{kpi.label(f.lang)}: "
        + t("kommunerne mod programmet", "the sites against the programme"),
        (ui.cohort_text(f) + " · " + " · ".join(f.describe().split(" · ")[1:]))
        if key in COHORT_KEYS
        else f.describe(),
        t("Kommune", "Municipality"),
        t(*tables.AXES[kpi.kind]),
        f.lang,
    )
    if kpi.kind == "share":
        charts.share_axis(fig, f.lang)
    chart_text.readable_labels(fig)  # as `charts.show` does, once, before it is shared
    return fig
