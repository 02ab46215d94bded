"""What a slide holds (series, chart, table, slide) and the figures the slides are made
from, with the KPI figures read from them (through `metrics.frame`) as a slide says them:
values, the n behind a share, periods, the footer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from nextwork import formats
from nextwork.i18n import t as tr  # the one translator
from nextwork.metrics import disclosure, kpis
from nextwork.metrics import frame as frame_of
from nextwork.present import charts

# --- what a slide holds ----------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # None: hidden or empty
    labels: tuple[str, ...]  # each value as the reader reads it: "9", "<5", "80,0 %", "–"
    colour: str  # hex
    point_colours: tuple[str, ...] | None = None  # one per category, for a one-series chart


@dataclass(frozen=True)
class Chart:
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    kind: str  # count | share
    value_title: str  # the value axis' title, with its unit
    category_title: str
    horizontal: bool = False
    # Small print under each category ("n = 59"), "" for none; None: no notes at all.
    category_notes: tuple[str, ...] | None = None

    def category_labels(self, template: str) -> list[str]:
        """The categories with their notes, as `template` puts them ("{c} ({n})" in the deck,
        "{c}<br>{n}" on screen)."""
        if not self.category_notes:
            return list(self.categories)
        return [
            template.format(c=c, n=n) if n else c
            for c, n in zip(self.categories, self.category_notes, strict=True)
        ]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[tuple[str, str], ...], ...]  # each cell: (value, small print under it)


@dataclass(frozen=True)
class Slide:
    key: str
    title: str
    big: str | None = None  # the one number of the slide, formatted
    big_label: str | None = None  # what the number counts
    lines: tuple[str, ...] = ()  # the message, a sentence a line
    note: str | None = None  # small print: the n behind a share, what is hidden
    chart: Chart | None = None
    table: Table | None = None
    colour: str = charts.PROGRAMME_COLOUR
    lead: str | None = None  # one sentence above the slide's content


@dataclass(frozen=True)
class Figures:
    """What the slides are made of. The KPI frames are `kpi_frame`'s long form (with
    `is_suppressed` where suppressed); in each, the rows without a municipality are the
    subject: the site, or the programme."""

    site: str | None  # None: the whole programme
    start: dt.date
    end: dt.date
    as_of: dt.date
    now: pd.DataFrame
    before: pd.DataFrame  # the period before (see `previous_period`)
    programme: pd.DataFrame  # the programme's totals (every municipality pooled)
    sites: pd.DataFrame  # one row per site and KPI, for the sites side by side
    indicators: pd.DataFrame  # `principles.with_medians` for the period
    lang: str = "da"
    filters: str = ""  # the filters other than period and municipality, "" when none
    target: float | None = None
    loaded: str = ""  # when each site's data was loaded
    is_demo: bool = False
    internal: str | None = None  # the note an unsuppressed (internal) file carries first
    site_count: int = 5  # municipalities in the programme
    # The enrolment period the 12-month outcomes and retention are measured on (the cohort
    # with full follow-up, `kpis.outcome_cohort`); None: the period itself.
    cohort: tuple[dt.date, dt.date] | None = None
    status_quo: float | None = None  # the 12-month share before the programme
    lead: str = ""  # the headline in one sentence, at the top of the first content slide
    # The fair comparison of the 12-month outcome (`fair.table`: the programme, then each
    # named site) and its plain reading, a sentence per named site; None: no figures.
    fair: pd.DataFrame | None = None
    fair_lines: tuple[str, ...] = ()
    fair_by: tuple[str, ...] = ("target_group", "age_band")  # the strata's characteristics
    # The trial's effects (`trial_effects.effects_at`) at `trial_week`; None: no results.
    trial: dict | None = None
    trial_week: int = 52
    # A share on fewer than this many young people is drawn grey and marked uncertain.
    min_share_n: int = 10


# --- reading the KPI frames ------------------------------------------------------------------


def text(frame: pd.DataFrame, key: str, lang: str, municipality: str | None = None) -> str:
    """A KPI as the reader reads it: 9, <5 (a hidden count), 80,0 %, – (hidden or empty share)."""
    kind = kpis.KPI_BY_KEY[key].kind
    if kind == "count" and frame_of.hidden(frame, key, municipality):
        return disclosure.label()
    return formats.kpi_value(frame_of.value(frame, key, municipality), kind, lang)


def n_text(frame: pd.DataFrame, key: str, lang: str, municipality: str | None = None) -> str:
    """The number behind a share: "n = 12", or why there is no share."""
    if frame_of.hidden(frame, key, municipality):
        return disclosure.explain(lang, "sentence")
    n = frame_of.denominator(frame, key, municipality)
    if not n:
        if key in kpis.COHORT_KEYS:
            return tr(
                lang,
                "Endnu ingen unge med fuld opfølgning.",
                "No young people with full follow-up yet.",
            )
        return tr(lang, "Ingen at regne andelen af i perioden.", "Nobody to count it on yet.")
    return f"n = {formats.number(n, lang)}"


def cohort_text(fig: Figures) -> str:
    """Who the 12-month figures are measured on: "unge indskrevet 1. jul. 2023 – 30. jun.
    2024"."""
    first, last = fig.cohort or (fig.start, fig.end)
    return tr(fig.lang, "unge indskrevet ", "young people enrolled ") + (
        f"{formats.date(first, fig.lang)} – {formats.date(last, fig.lang)}"
    )


def period_text(start: dt.date, end: dt.date, lang: str) -> str:
    """2024 for a calendar year, else 1. mar. 2024 – 31. maj 2024."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)
    return f"{formats.date(start, lang)} – {formats.date(end, lang)}"


def previous_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period the slides compare with (`kpis.previous_period`): 2024 with 2023, the first
    half of 2025 with the second half of 2024."""
    return kpis.previous_period(start, end)


# --- what the slides show ---------------------------------------------------------------------

SHARES_COMPARED = [
    "placement_within_3m_share",
    "placement_completion_rate",
    "participant_chosen_share",
    "network_attendance_share",
    "outcome_12m_share",
    "retained_6m_share",
]
# The KPIs the slides show, in the order they appear: their definitions close the deck.
KPIS_USED = [
    "participants_active",
    "participants_new",
    "companies_in_network",
    "companies_active",
    "companies_hosting_share",
    "placements_started",
    "placements_active",
    "placement_completion_rate",
    "participant_chosen_share",
    "outcome_12m_share",
    "education_12m_share",
    "job_12m_share",
    "retained_6m_share",
    "job_in_host_company_share",
    "placement_within_3m_share",
    "network_attendance_share",
]
SECOND_COLOUR = "#999999"
TARGET_COLOUR = "#BBBBBB"


def subject(fig: Figures) -> str:
    return fig.site or tr(fig.lang, "Programmet", "Programme")


def slide_colour(fig: Figures) -> str:
    return charts.colour(fig.site)


def filled(template: str, frame: pd.DataFrame, lang: str) -> str:
    """The sentence with its figures, or "" (left out) when one of them is empty or hidden:
    "– af dem ..." says nothing."""
    keys = [k for k in kpis.KPI_BY_KEY if "{" + k + "}" in template]
    values = {k: text(frame, k, lang) for k in keys}
    return "" if "–" in values.values() else template.format(**values)


def footer(fig: Figures) -> str:
    return (
        f"NExTWORK Indsigt · {subject(fig)} · {formats.date(fig.start, fig.lang)} – "
        f"{formats.date(fig.end, fig.lang)} · "
        + tr(fig.lang, "opgjort pr. ", "as of ")
        + formats.date(fig.as_of, fig.lang)
    )


def chart_subtitle(fig: Figures, key: str) -> str:
    """Under a slide's chart: the subject and the period, or for the outcome and retention
    slides the cohort they are measured on."""
    if key in ("outcomes", "retention"):
        return (
            f"{subject(fig)} · {cohort_text(fig)} · "
            + tr(fig.lang, "opgjort pr. ", "as of ")
            + formats.date(fig.as_of, fig.lang)
        )
    return footer(fig).removeprefix("NExTWORK Indsigt · ")
