"""The presentation page's content: its style for a projector, the slides' figures (made
once per filters, site, reader and data file) and each kind of slide as HTML.

The figures and slides are shared by every run that asks for the same (`st.cache_resource`,
keyed by the filters, the site, the reader and the pinned data file): they are read-only."""

from __future__ import annotations

import html
from dataclasses import replace

import streamlit as st

from nextwork import config, formats
from nextwork.metrics import fair, principles
from nextwork.metrics import frame as frame_of
from nextwork.present import charts, deck, headline
from nextwork.web import page_cache, trial_ui, ui
from nextwork.web.sections import compare_view
from nextwork.web.ui import t

PROGRAMME = "programme"  # the choice of the whole programme in the site selector
# Only this page: no sidebar or Streamlit chrome, and type to be read from the back of a room.
CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] {
  display: none !important;
}
[data-testid="stMainBlockContainer"] { padding: 1rem 2.5rem 4.5rem !important;
  max-width: 100% !important; }
h1 { font-size: 52px !important; line-height: 1.15 !important; padding: 0 0 0.4rem !important; }
.st-key-presentation_bar { position: fixed; bottom: 0; left: 0; right: 0; z-index: 100;
  padding: 0.5rem 2.5rem; background: #ffffff; border-top: 1px solid #e6e6e6; }
[data-testid="stElementToolbar"] { display: none !important; }
.nw-lead { font-size: 28px; font-weight: 600; line-height: 1.3; margin: 0 0 0.8rem; }
.nw-hero { margin-top: 2rem; }
.nw-hero .nw-line { font-size: 38px; }
.nw-big { font-size: 120px; font-weight: 700; line-height: 1.05; margin: 0.3rem 0;
  white-space: nowrap; }
@media (max-width: 700px) { .nw-big { font-size: 64px; } }
.nw-label { font-size: 32px; line-height: 1.25; margin-bottom: 1.2rem; }
.nw-line { font-size: 27px; line-height: 1.3; margin-bottom: 0.6rem; }
.nw-note { font-size: 19px; color: #555555; margin-top: 0.8rem; }
.nw-small { font-size: 24px; line-height: 1.3; margin-bottom: 0.5rem; }
.nw-defs { display: grid; grid-template-columns: 1fr 1fr; column-gap: 2rem;
  max-height: calc(100vh - 235px); overflow-y: auto; padding-right: 0.5rem; }
@media (max-width: 700px) { .nw-defs { grid-template-columns: 1fr; } }
.nw-data { font-size: 24px; line-height: 1.3; color: #555555; margin-top: 0.8rem; }
.nw-table-box { overflow-x: auto; }
.nw-table { width: 100%; border-collapse: collapse; font-size: 26px; margin-top: 0.3rem; }
.nw-table th { background: #222222; color: #ffffff; text-align: right; padding: 6px 12px;
  line-height: 1.15; }
.nw-table th:first-child { width: 34%; }
.nw-table th:first-child, .nw-table td:first-child { text-align: left; white-space: normal; }
.nw-table td { text-align: right; padding: 5px 12px; border-bottom: 1px solid #dddddd;
  white-space: nowrap; line-height: 1.2; }
.nw-table td span { display: block; font-size: 18px; color: #555555; }
.nw-table th:last-child, .nw-table td:last-child { border-left: 3px solid #222222; }
.nw-table td:last-child { font-weight: 700; }
.nw-table tr:nth-child(even) td { background: #f2f2f2; }
</style>"""

# No plotly toolbar on a projected slide.
SLIDE_CHART = {**charts.PLOTLY_CONFIG, "displayModeBar": False}


def figures(f: ui.Filters, site: str | None, suppress: bool) -> deck.Figures:
    """The slides' figures for one site (None: the programme): suppressed, or (an admin's
    internal file) exact. The 12-month outcomes and retention are measured on the cohort
    with full follow-up."""
    return _figures(
        replace(f, notices=()),
        site,
        suppress,
        None if suppress else ui.exact_export_note(),
        *page_cache.reader(),
    )


def slides(f: ui.Filters, site: str | None) -> tuple[deck.Figures, tuple[deck.Slide, ...]]:
    """The figures on the screen (small numbers always hidden) and their slides."""
    shown = figures(f, site, suppress=True)
    return shown, _slides(shown, replace(f, notices=()), site, *page_cache.reader())


@st.cache_resource(max_entries=64, show_spinner=False)
def _slides(
    _shown: deck.Figures, f, site, viewer, path, version, settings
) -> tuple[deck.Slide, ...]:
    return tuple(deck.slides(_shown))


@st.cache_resource(max_entries=64, show_spinner=False)
def _figures(
    f: ui.Filters, site, suppress: bool, note, viewer, path, version, settings
) -> deck.Figures:
    info = ui.facts()
    everyone = list(info["municipalities"])
    chosen = [site] if site else ui.viewer().visible_scope(everyone)
    g = replace(f, municipalities=tuple(chosen))
    if site:
        subject = ui.headline_kpis(g, suppress), ui.headline_kpis(g, suppress, previous=True)
    else:
        subject = (
            ui.headline_kpis(g, suppress, programme=True),
            ui.headline_kpis(g, suppress, programme=True, previous=True),
        )
    programme = ui.headline_kpis(g, suppress, programme=True)
    key = "outcome_12m_share"
    lead = headline.sentence(
        site or t("Programmet", "The programme"),
        frame_of.value(subject[0], key),
        f.lang,
        target=config.target(key),
        programme=frame_of.value(programme, key) if site else None,
        status_quo=None if site else config.status_quo(key),
        hidden=frame_of.hidden(subject[0], key),
    )
    rows = ui.query("principle_indicators", f.params(municipalities=everyone), suppress)
    rows = rows[~rows["is_half_year"]]
    indicators = principles.with_medians(
        principles.indicator_frame(
            deck.hide_small_indicators(rows) if suppress else rows,
            lambda s, e: ui.kpi_frame(f.params(start=s, end=e, municipalities=everyone), suppress),
        )
    )
    loaded = info["freshness"]
    fair_view = compare_view.fair_view(f, key, suppress=suppress)
    fair_sites = fair_view.sites[fair_view.sites["municipality"].notna()]
    if site:
        fair_sites = fair_sites[fair_sites["municipality"] == site]
    return deck.Figures(
        site,
        f.start,
        f.end,
        f.as_of,
        *subject,
        programme=programme,
        sites=ui.headline_kpis(g, suppress),
        indicators=indicators,
        lang=f.lang,
        filters=" · ".join(f.describe().split(" · ")[2:]),
        target=config.target("outcome_12m_share"),
        loaded=", ".join(
            f"{row.municipality} {formats.date(row.imported_at.date(), f.lang)}"
            for row in loaded.itertuples()
            if site in (None, row.municipality)
        ),
        is_demo=info["is_demo"],
        internal=None if suppress else note,
        site_count=len(everyone),
        cohort=(f.cohort().start, f.cohort().end),
        status_quo=config.status_quo(key),
        lead=lead,
        fair=None
        if fair_view.result.programme_value is None
        else fair.table(fair_view.result, fair_view.sites, f.lang),
        fair_lines=fair.lines(fair_sites, f.lang, summary=not site),
        fair_by=fair_view.result.by,
        trial=trial_ui.effects(g, 52, suppress),
        trial_week=52,
        min_share_n=config.min_share_n(),
    )


# --- each kind of slide as HTML --------------------------------------------------------------


def lines(items, css: str = "nw-line") -> str:
    return "".join(f"<div class='{css}'>{html.escape(item)}</div>" for item in items)


def big(slide: deck.Slide) -> str:
    """The slide's one number, what it counts, its message and small print."""
    return (
        f"<div class='nw-big' style='color:{slide.colour}'>{html.escape(slide.big)}</div>"
        f"<div class='nw-label'>{html.escape(slide.big_label)}</div>"
        + lines(slide.lines)
        + (lines([slide.note], "nw-note") if slide.note else "")
    )


def table(slide: deck.Slide) -> str:
    """The slide's message and its table, each cell with its small print under it."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in slide.table.header)
    body = "".join(
        "<tr>"
        + "".join(f"<td>{html.escape(v)}<span>{html.escape(n)}</span></td>" for v, n in row)
        + "</tr>"
        for row in slide.table.rows
    )
    return (
        lines(slide.lines)
        + f"<div class='nw-table-box'><table class='nw-table'><tr>{head}</tr>{body}</table></div>"
        + (lines([slide.note], "nw-note") if slide.note else "")
    )


def definitions(slide: deck.Slide) -> str:
    """The definitions in two columns, large enough to read, in a box that scrolls if they
    do not fit; each KPI's name in bold."""
    half = (len(slide.lines) + 1) // 2
    terms = [line.partition(": ") for line in slide.lines]
    columns = (
        "<div>"
        + "".join(
            f"<div class='nw-small'><b>{html.escape(name)}</b>{gap}{html.escape(rest)}</div>"
            if gap
            else f"<div class='nw-small'>{html.escape(name)}</div>"
            for name, gap, rest in part
        )
        + "</div>"
        for part in (terms[:half], terms[half:])
    )
    return (
        f"<div class='nw-defs' tabindex='0' role='region' aria-label='{html.escape(slide.title)}'>"
        + "".join(columns)
        + "</div>"
    )
