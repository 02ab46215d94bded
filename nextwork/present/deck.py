"""Slides for a committee meeting: one site's (or the whole programme's) figures for a period,
one message a slide, shown by the Præsentation page and written as an editable PowerPoint deck.

`slides(figures)` turns the figures into the slides; `pptx(slides, ...)` writes them with
native PowerPoint charts, whose numbers stay editable. Neither needs a running app: the page
hands in figures that are already suppressed (or exact, for an admin's internal file).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, replace

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_AXIS_CROSSES, XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from nextwork import formats
from nextwork.metrics import disclosure, fair, kpis, principles
from nextwork.metrics import frame as frame_of
from nextwork.present import cells, charts

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


def _t(lang: str, da: str, en: str) -> str:
    return en if lang == "en" else da


# --- reading the KPI frames ------------------------------------------------------------------


value = frame_of.value
hidden = frame_of.hidden
denominator = frame_of.denominator


def text(frame: pd.DataFrame, key: str, lang: str, municipality: str | None = None) -> str:
    """A KPI as the reader reads it: 9, <5 (a hidden count), 80,0 %, – (hidden or empty share)."""
    kind = kpis.KPI_BY_KEY[key].kind
    if kind == "count" and hidden(frame, key, municipality):
        return disclosure.label()
    return formats.kpi_value(value(frame, key, municipality), kind, lang)


def n_text(frame: pd.DataFrame, key: str, lang: str, municipality: str | None = None) -> str:
    """The number behind a share: "n = 12", or why there is no share."""
    if hidden(frame, key, municipality):
        return disclosure.explain(lang, "sentence")
    n = denominator(frame, key, municipality)
    if not n:
        if key in kpis.COHORT_KEYS:
            return _t(
                lang,
                "Endnu ingen unge med fuld opfølgning.",
                "No young people with full follow-up yet.",
            )
        return _t(lang, "Ingen at regne andelen af i perioden.", "Nobody to count it on yet.")
    return f"n = {formats.number(n, lang)}"


def cohort_text(fig: Figures) -> str:
    """Who the 12-month figures are measured on: "unge indskrevet 1. jul. 2023 – 30. jun.
    2024"."""
    first, last = fig.cohort or (fig.start, fig.end)
    return _t(fig.lang, "unge indskrevet ", "young people enrolled ") + (
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


# --- the slides ------------------------------------------------------------------------------

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


def slides(fig: Figures) -> list[Slide]:
    """Title; young people; companies; placements; outcomes against the target; retention;
    the site against the programme; the fair comparison; one slide per principle; definitions
    and the data's date."""
    lang = fig.lang
    made = [
        _title_slide(fig),
        _count_slide(
            fig,
            "participants",
            _t(lang, "Unge i NExTWORK", "Young people reached"),
            ("participants_active", "participants_new"),
            _t(lang, "unge var med i perioden", "young people took part in the period"),
            [
                _t(
                    lang,
                    "{participants_new} af dem begyndte i perioden.",
                    "{participants_new} of them started in the period.",
                )
            ],
            _t(lang, "Antal unge", "Young people (number)"),
        ),
        _count_slide(
            fig,
            "companies",
            _t(lang, "Virksomhedsnetværket", "The company network"),
            ("companies_in_network", "companies_active"),
            _t(lang, "virksomheder i netværket", "companies in the network"),
            [
                _t(
                    lang,
                    "{companies_hosting_share} af dem havde en ung i praktik.",
                    "{companies_hosting_share} of them hosted a young person.",
                ),
                _t(
                    lang,
                    "{companies_active} virksomheder var aktive med praktik eller aktiviteter.",
                    "{companies_active} companies were active with placements or activities.",
                ),
            ],
            _t(lang, "Antal virksomheder", "Companies (number)"),
        ),
        _count_slide(
            fig,
            "placements",
            _t(lang, "Praktikforløb", "Placements"),
            ("placements_started", "placements_active"),
            _t(lang, "praktikforløb begyndte i perioden", "placements started in the period"),
            [
                _t(
                    lang,
                    "{placement_completion_rate} af de afsluttede forløb blev gennemført.",
                    "{placement_completion_rate} of the placements that ended were completed.",
                ),
                _t(
                    lang,
                    "I {participant_chosen_share} af praktikforløbene valgte den unge selv "
                    "virksomheden.",
                    "In {participant_chosen_share} of the placements the young person chose the "
                    "company.",
                ),
            ],
            _t(lang, "Antal praktikforløb", "Placements (number)"),
        ),
        _outcome_slide(fig),
        _retention_slide(fig),
        _comparison_slide(fig),
        _fair_slide(fig),
        _effect_slide(fig),
        *(_principle_slide(fig, p) for p in principles.PRINCIPLES),
        _definitions_slide(fig),
    ]
    if fig.lead:
        made[1] = replace(made[1], lead=fig.lead)
    return [replace(slide, lines=tuple(line for line in slide.lines if line)) for slide in made]


def subject(fig: Figures) -> str:
    return fig.site or _t(fig.lang, "Programmet", "Programme")


def _colour(fig: Figures) -> str:
    return charts.colour(fig.site)


def _filled(template: str, frame: pd.DataFrame, lang: str) -> str:
    """The sentence with its figures, or "" (left out) when one of them is empty or hidden:
    "– af dem ..." says nothing."""
    keys = [k for k in kpis.KPI_BY_KEY if "{" + k + "}" in template]
    values = {k: text(frame, k, lang) for k in keys}
    return "" if "–" in values.values() else template.format(**values)


def _title_slide(fig: Figures) -> Slide:
    lang = fig.lang
    title = (
        _t(lang, f"NExTWORK i {fig.site}", f"NExTWORK in {fig.site}")
        if fig.site
        else _t(lang, "NExTWORK: hele programmet", "NExTWORK: the whole programme")
    )
    lines = [
        f"{formats.date(fig.start, lang)} – {formats.date(fig.end, lang)}",
        _t(lang, "Data opgjort pr. ", "Data as of ") + formats.date(fig.as_of, lang),
    ]
    if fig.filters:
        lines.append(fig.filters)
    if fig.is_demo:
        lines.append(
            _t(
                lang,
                "Demodata: tallene er opdigtede.",
                "Demo data: the figures are invented.",
            )
        )
    note = fig.internal or disclosure.explanation(lang)
    return Slide("title", title, lines=tuple(lines), note=note, colour=_colour(fig))


def _count_slide(
    fig: Figures,
    key: str,
    title: str,
    measures: tuple[str, str],
    big_label: str,
    lines: list[str],
    value_title: str,
) -> Slide:
    lang = fig.lang
    before = previous_period(fig.start, fig.end)
    categories = (period_text(*before, lang), period_text(fig.start, fig.end, lang))
    series = []
    for measure, colour in zip(measures, (_colour(fig), SECOND_COLOUR), strict=True):
        frames = (fig.before, fig.now)
        series.append(
            Series(
                kpis.KPI_BY_KEY[measure].label(lang),
                tuple(value(f, measure) for f in frames),
                tuple(text(f, measure, lang) for f in frames),
                colour,
            )
        )
    chart = Chart(
        title + _t(lang, ": perioden og perioden før", ": the period and the one before"),
        categories,
        tuple(series),
        "count",
        value_title,
        _t(lang, "Periode", "Period"),
    )
    return Slide(
        key,
        title,
        big=text(fig.now, measures[0], lang),
        big_label=big_label,
        lines=tuple(_filled(line, fig.now, lang) for line in lines),
        chart=chart,
        colour=_colour(fig),
    )


def _site_bars(fig: Figures, key: str, title: str, with_target: bool) -> Chart:
    """One bar for the site (or each site, for the programme), one for the programme and,
    with a target, one for the target."""
    lang = fig.lang
    if fig.site:
        names, frames = [fig.site], [(fig.now, None)]
    else:
        names = sorted(m for m in fig.sites["municipality"].dropna().unique())
        frames = [(fig.sites, m) for m in names]
    programme = _t(lang, "Programmet", "Programme")
    values = [value(f, key, m) for f, m in frames] + [value(fig.programme, key)]
    labels = [text(f, key, lang, m) for f, m in frames] + [text(fig.programme, key, lang)]
    colours = [charts.colour(n) for n in names] + [charts.PROGRAMME_COLOUR]
    categories = [*names, programme]
    # The n behind every bar; a share on fewer than `min_share_n` grey and called uncertain.
    notes = []
    for i, (f, m) in enumerate([*frames, (fig.programme, None)]):
        n = None if hidden(f, key, m) else denominator(f, key, m)
        note = "" if n is None else f"n = {formats.number(n, lang)}"
        if n is not None and values[i] is not None and n < fig.min_share_n:
            note += _t(lang, ", usikker", ", uncertain")
            colours[i] = charts.GREYED
        notes.append(note)
    if with_target and fig.target is not None:
        categories.append(_t(lang, "Målet", "Target"))
        values.append(fig.target)
        labels.append(formats.percent(fig.target, lang))
        colours.append(TARGET_COLOUR)
        notes.append("")
    series = Series(
        kpis.KPI_BY_KEY[key].label(lang),
        tuple(values),
        tuple(labels),
        charts.PROGRAMME_COLOUR,
        tuple(colours),
    )
    return Chart(
        title,
        tuple(categories),
        (series,),
        "share",
        _t(lang, "Andel (%)", "Share (%)"),
        _t(lang, "Kommune", "Municipality"),
        category_notes=tuple(notes),
    )


def _outcome_slide(fig: Figures) -> Slide:
    lang = fig.lang
    key = "outcome_12m_share"
    lines = []
    if fig.target is not None:
        line = _t(lang, "Målet er mindst ", "The target is at least ") + formats.percent(
            fig.target, lang, 0
        )
        if fig.status_quo is not None:
            line += _t(
                lang,
                f"; før programmet var det ca. {formats.percent(fig.status_quo, lang, 0)}",
                f"; before the programme it was about {formats.percent(fig.status_quo, lang, 0)}",
            )
        lines.append(line + ".")
    lines.append(
        _filled(
            _t(
                lang,
                "{education_12m_share} i uddannelse og {job_12m_share} i job.",
                "{education_12m_share} in education and {job_12m_share} in a job.",
            ),
            fig.now,
            lang,
        )
    )
    title = _t(lang, "Job eller uddannelse inden 12 måneder", "Job or education within 12 months")
    return Slide(
        "outcomes",
        title,
        big=text(fig.now, key, lang),
        big_label=_t(
            lang,
            "af de unge begyndte i job eller uddannelse inden 12 måneder",
            "of the young people started a job or education within 12 months",
        ),
        lines=tuple(lines),
        note=f"{n_text(fig.now, key, lang)} · {cohort_text(fig)}",
        chart=_site_bars(fig, key, title + _t(lang, " mod målet", " against the target"), True),
        colour=_colour(fig),
    )


def _retention_slide(fig: Figures) -> Slide:
    lang = fig.lang
    key = "retained_6m_share"
    title = _t(lang, "Fastholdelse", "Retention")
    against = (
        _t(lang, f": {fig.site} og programmet", f": {fig.site} and the programme")
        if fig.site
        else _t(lang, ": kommunerne og programmet", ": the sites and the programme")
    )
    return Slide(
        "retention",
        title,
        big=text(fig.now, key, lang),
        big_label=_t(
            lang,
            "var stadig i job eller uddannelse 6 måneder efter starten",
            "were still in a job or education 6 months after starting",
        ),
        lines=(
            _filled(
                _t(
                    lang,
                    "{job_in_host_company_share} af jobbene i perioden var i en virksomhed, "
                    "hvor den unge havde været i praktik.",
                    "{job_in_host_company_share} of the jobs in the period were with a company "
                    "that had hosted the young person.",
                ),
                fig.now,
                lang,
            ),
        ),
        note=f"{n_text(fig.now, key, lang)} · {cohort_text(fig)}",
        chart=_site_bars(fig, key, kpis.KPI_BY_KEY[key].label(lang) + against, False),
        colour=_colour(fig),
    )


def _comparison_slide(fig: Figures) -> Slide:
    """Six shares, the site (or each site) against the programme: a chart with labelled bars
    for one site; a table, a column a site, for the whole programme (six bars a row would be
    too thin to read). Rows that are empty everywhere are left out."""
    lang = fig.lang
    programme = _t(lang, "Programmet", "Programme")
    if fig.site:
        title = _t(lang, f"{fig.site} mod programmet", f"{fig.site} against the programme")
        parts = [(fig.site, fig.now, None)]
    else:
        title = _t(lang, "Kommunerne side om side", "The sites side by side")
        names = sorted(m for m in fig.sites["municipality"].dropna().unique())
        parts = [(m, fig.sites, m) for m in names]
    parts.append((programme, fig.programme, None))
    keys = [
        k
        for k in SHARES_COMPARED
        if any(value(frame, k, m) is not None for _, frame, m in parts)
        or any(hidden(frame, k, m) for _, frame, m in parts)
    ]
    line = _t(
        lang,
        f"Programmet er alle {fig.site_count} kommuner lagt sammen, med de samme filtre.",
        f"The programme is all {fig.site_count} sites pooled, with the same filters.",
    ) + _t(
        lang,
        f" Resultater og fastholdelse: {cohort_text(fig)}.",
        f" Outcomes and retention: {cohort_text(fig)}.",
    )
    if len(parts) > 2:
        rows = tuple(
            (
                (kpis.KPI_BY_KEY[k].label(lang), ""),
                *(
                    (
                        text(frame, k, lang, m),
                        ""
                        if denominator(frame, k, m) is None
                        else f"n = {formats.number(denominator(frame, k, m), lang)}",
                    )
                    for _, frame, m in parts
                ),
            )
            for k in keys
        )
        table = Table((_t(lang, "Nøgletal", "KPI"), *(name for name, _, _ in parts)), rows)
        return Slide("comparison", title, lines=(line,), table=table, colour=_colour(fig))
    series = tuple(
        Series(
            name,
            tuple(value(frame, k, m) for k in keys),
            tuple(text(frame, k, lang, m) for k in keys),
            charts.PROGRAMME_COLOUR if name == programme else charts.colour(name),
        )
        for name, frame, m in parts
    )
    chart = Chart(
        _t(lang, "Andelene mod programmet", "The shares against the programme"),
        tuple(kpis.KPI_BY_KEY[k].label(lang) for k in keys),
        series,
        "share",
        _t(lang, "Andel (%)", "Share (%)"),
        _t(lang, "Nøgletal", "KPI"),
        horizontal=True,
    )
    return Slide("comparison", title, lines=(line,), chart=chart, colour=_colour(fig))


def _fair_slide(fig: Figures) -> Slide:
    """The fair comparison of the 12-month outcome: each site's share against the share
    expected for its own young people, as a table, with the plain reading."""
    lang = fig.lang
    title = _t(lang, "Fair sammenligning", "Fair comparison")
    explain = _t(
        lang,
        "Forventet: hvad kommunen ville nå med programmets andel i hver gruppe af unge "
        f"({fair.strata_text(fig.fair_by, 'da')}). "
        + kpis.KPI_BY_KEY["outcome_12m_share"].label(lang)
        + f", {cohort_text(fig)}.",
        "Expected: what a site would reach with the programme's share in each group of its "
        f"young people ({fair.strata_text(fig.fair_by, 'en')}). "
        + kpis.KPI_BY_KEY["outcome_12m_share"].label(lang)
        + f", {cohort_text(fig)}.",
    )
    if fig.fair is None or fig.fair.empty:
        line = _t(
            lang,
            "Ingen tal at vise: for få unge med fuld opfølgning.",
            "No figures to show: too few young people with full follow-up.",
        )
        return Slide("fair", title, lines=(explain, line), colour=_colour(fig))
    frame = fig.fair
    names = list(frame.columns)  # municipality, n, observed, expected, difference, ...

    def pct(v):
        return "–" if v is None or pd.isna(v) else formats.number(v, lang, 1) + " %"

    def points(v):
        if v is None or pd.isna(v):
            return "–"
        sign = "+" if v > 0 else "−" if v < 0 else "±"
        return sign + formats.number(abs(v), lang, 1)

    # Where each site lies in the funnel is said in the lines above the table (the sites
    # beyond the limits by name, then the others), so a table of one line a site fits the
    # projector's screen.
    rows = tuple(
        (
            (str(row[names[0]]), ""),
            (disclosure.label() if pd.isna(row["n"]) else formats.number(row["n"], lang), ""),
            (pct(row[names[2]]), ""),
            (pct(row[names[3]]), ""),
            (points(row[names[4]]), ""),
        )
        for _, row in frame.iterrows()
    )
    table = Table(
        (
            names[0],
            "n",
            _t(lang, "Observeret", "Observed"),
            _t(lang, "Forventet", "Expected"),
            _t(lang, "Forskel (pct.-point)", "Difference (pp)"),
        ),
        rows,
    )
    return Slide(
        "fair",
        title,
        lines=(explain, *fig.fair_lines),
        table=table,
        colour=_colour(fig),
    )


def _effect_slide(fig: Figures) -> Slide:
    """The randomised trial's effect: each site's difference in the share in job or
    education (NExTWORK minus the usual services) with its interval, and the pooled one."""
    from nextwork.present.trial_charts import points, sentence

    lang, week = fig.lang, fig.trial_week
    title = _t(lang, "Effekten i forsøget", "The effect in the trial")
    found = fig.trial and any(e is not None for e in fig.trial["by_municipality"].values())
    if not found:
        return Slide(
            "effect",
            title,
            lines=(
                _t(
                    lang,
                    "Der er ingen forsøgsresultater for de valgte kommuner endnu.",
                    "There are no trial results for the chosen sites yet.",
                ),
            ),
            note=_t(
                lang,
                "En administrator indlæser forsøgets resultater på siden Data.",
                "An administrator loads the trial's results on the Data page.",
            ),
            colour=_colour(fig),
        )
    joint = _t(lang, "til", "to")
    rows = [
        (
            (name, ""),
            (points(e["difference"], lang, 1), ""),
            (
                f"{points(e['ci_low'], lang, 1)} {joint} {points(e['ci_high'], lang, 1)}",
                f"n = {formats.number(e['treated_n'], lang)} + "
                f"{formats.number(e['control_n'], lang)}",
            ),
        )
        for name, e in fig.trial["by_municipality"].items()
        if e is not None
    ]
    p = fig.trial["pooled"]
    if p is not None and len(rows) > 1:
        rows.append(
            (
                (_t(lang, "Samlet", "Pooled"), ""),
                (points(p["difference"], lang, 1), ""),
                (f"{points(p['ci_low'], lang, 1)} {joint} {points(p['ci_high'], lang, 1)}", ""),
            )
        )
    header = (
        _t(lang, "Kommune", "Site"),
        _t(lang, "Forskel (procentpoint)", "Difference (percentage points)"),
        _t(lang, "95 %-interval", "95 % interval"),
    )
    note = _t(
        lang,
        "NExTWORK minus den sædvanlige indsats, andel i job eller uddannelse. Intervallerne er "
        "Newcombes; det samlede tal vejer kommunerne efter deres præcision (fast effekt). "
        "Kommunerne henviser forskellige unge, og et interval, der rummer 0, kan ikke skelne "
        "effekten fra ingen effekt.",
        "NExTWORK minus the usual services, share in job or education. The intervals are "
        "Newcombe's; the pooled figure weighs the sites by their precision (fixed effect). The "
        "sites refer different young people, and an interval that includes 0 cannot tell the "
        "effect from no effect.",
    )
    return Slide(
        "effect",
        title,
        lines=(sentence(p, week, lang) + ".",),
        note=note,
        table=Table(header, tuple(rows)),
        colour=_colour(fig),
    )


def hide_small_indicators(rows: pd.DataFrame) -> pd.DataFrame:
    """`principle_indicators` rows after disclosure (`disclose_table`) with every indicator
    whose numerator or denominator was hidden hidden as well."""
    out = rows.copy()
    for indicator in principles.INDICATORS:
        if indicator.is_kpi or indicator.key not in out:
            continue
        small = pd.Series(False, index=out.index)
        for part in (f"num_{indicator.key}", f"den_{indicator.key}"):
            if part in out:
                small |= out[part].isna()
        out[indicator.key] = out[indicator.key].astype(object).where(~small, None)
    return out


def _indicator_text(v, kind: str, lang: str) -> str:
    return "–" if v is None else principles.value_text(v, kind, lang)


def _principle_slide(fig: Figures, principle: principles.Principle) -> Slide:
    lang = fig.lang
    median_label = _t(lang, "Programmets median", "Programme median")
    frame = fig.indicators
    if fig.site:
        names = [fig.site]
    else:
        names = sorted(m for m in frame["municipality"].dropna().unique()) if len(frame) else []
    rows = []
    for indicator in (i for i in principles.INDICATORS if i.principle == principle.key):
        part = frame[frame["key"] == indicator.key] if len(frame) else frame
        cells = [(indicator.label(lang), "")]
        first: dict = {}  # each municipality's first row in `part`
        for position, municipality in enumerate(part["municipality"] if len(part) else []):
            first.setdefault(municipality, position)
        for name in names:
            found = first.get(name)
            v = None if found is None else part["value"].iat[found]
            n = None if found is None else part["denominator"].iat[found]
            v = None if v is None or pd.isna(v) else v
            small = "" if n is None or pd.isna(n) else f"n = {formats.number(n, lang)}"
            cells.append((_indicator_text(v, indicator.kind, lang), small))
        median = None if part.empty else part["median"].iloc[0]
        median = None if median is None or pd.isna(median) else median
        cells.append((_indicator_text(median, indicator.kind, lang), ""))
        rows.append(tuple(cells))
    header = (_t(lang, "Indikator", "Indicator"), *names, median_label)
    note = _t(
        lang,
        "Programmets median er medianen af kommunernes værdier. Indikatorerne er ikke mål, men "
        "viser, hvor en kommune skiller sig ud. – : ingen værdi, eller "
        f"{disclosure.explain(lang, 'cell')}.",
        "The programme median is the median of the sites' values. The indicators are not "
        f"targets, but show where a site stands out. – : no value, or "
        f"{disclosure.explain(lang, 'cell')}.",
    )
    return Slide(
        f"principle_{principle.key}",
        principle.label(lang),
        lines=(principle.description(lang),),
        note=note,
        table=Table(header, tuple(rows)),
        colour=_colour(fig),
    )


def _definitions_slide(fig: Figures) -> Slide:
    lang = fig.lang
    lines = [
        f"{kpis.KPI_BY_KEY[k].label(lang)}: {kpis.KPI_BY_KEY[k].definition(lang)}"
        for k in KPIS_USED
    ]
    lines.append(
        _t(
            lang,
            "Principindikatorerne er beskrevet på siden Definitioner i NExTWORK Indsigt.",
            "The principle indicators are described on the Definitions page of NExTWORK Indsigt.",
        )
    )
    data = _t(lang, "Data opgjort pr. ", "Data as of ") + formats.date(fig.as_of, lang)
    if fig.loaded:
        data += _t(lang, "; indlæst ", "; loaded ") + fig.loaded
    return Slide(
        "definitions",
        _t(lang, "Definitioner og data", "Definitions and data"),
        lines=tuple(lines),
        note=data + ".",
        colour=_colour(fig),
    )


# --- the PowerPoint file ---------------------------------------------------------------------

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.6)
INK = RGBColor(0x22, 0x22, 0x22)
GREY = RGBColor(0x66, 0x66, 0x66)
ALERT = RGBColor(0xB0, 0x00, 0x20)
STRIPES = (RGBColor(0xF2, 0xF2, 0xF2), RGBColor(0xFF, 0xFF, 0xFF))
NUMBER_FORMATS = {"count": "#,##0", "share": "0.0 %"}
AXIS_FORMATS = {"count": "#,##0", "share": "0 %"}


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _text(slide, left, top, width, height, paragraphs, size, colour=INK, bold=False, gap=0):
    """A text box with one paragraph per item of `paragraphs`."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for i, content in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(gap)
        run = paragraph.add_run()
        run.text = content
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = colour
    return box


def _title(slide, content: str, top: int | None = None, size=36):
    top = Inches(0.35) if top is None else top
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = MARGIN, top, WIDTH - 2 * MARGIN, Inches(1)
    title.text = content
    frame = title.text_frame
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.word_wrap = True
    for paragraph in frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.font.bold = True
            run.font.color.rgb = INK


LEGEND_ROW = Inches(0.45)


def _legend(slide, chart: Chart, left, top, width) -> None:
    """A legend drawn on the slide, under a horizontal chart, in the order of the bars (top
    first): PowerPoint and LibreOffice order a bar chart's own legend differently, and one of
    them always against the bars."""
    entries = [(s.name, s.colour, Inches(0.5) + Inches(0.13) * len(s.name)) for s in chart.series]
    gap = Inches(0.35)
    x = left + max(0, (width - sum(w for _, _, w in entries) - gap * (len(entries) - 1)) // 2)
    for name, colour, entry_width in entries:
        square = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, x, top + Inches(0.13), Inches(0.18), Inches(0.18)
        )
        square.fill.solid()
        square.fill.fore_color.rgb = _rgb(colour)
        square.line.fill.background()
        box = _text(slide, x + Inches(0.24), top, entry_width, LEGEND_ROW, [name], 14)
        box.text_frame.word_wrap = False
        box.name = f"Legend: {name}"
        x += entry_width + gap


def _chart(slide, chart: Chart, left, top, width, height) -> None:
    own_legend = chart.horizontal and len(chart.series) > 1
    if own_legend:
        height -= LEGEND_ROW
        _legend(slide, chart, left, top + height, width)
    data = CategoryChartData(number_format=NUMBER_FORMATS[chart.kind])
    # The chart's data travels as an embedded workbook: its text cells are made safe.
    data.categories = [cells.safe(c) for c in chart.category_labels("{c}\n{n}")]
    for series in chart.series:
        data.add_series(cells.safe(series.name), list(series.values))
    kind = XL_CHART_TYPE.BAR_CLUSTERED if chart.horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED
    shape = slide.shapes.add_chart(kind, left, top, width, height, data)
    graph = shape.chart
    graph.font.size = Pt(14)
    graph.font.color.rgb = INK
    graph.has_title = True
    graph.chart_title.text_frame.text = chart.title
    graph.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(16)
    graph.chart_title.text_frame.paragraphs[0].runs[0].font.bold = True
    graph.has_legend = len(chart.series) > 1 and not own_legend
    if graph.has_legend:
        graph.legend.position = XL_LEGEND_POSITION.BOTTOM
        graph.legend.include_in_layout = False
    axis = graph.value_axis
    axis.minimum_scale = 0
    if chart.kind == "share":
        axis.maximum_scale = 1
        axis.major_unit = 0.25
    axis.has_major_gridlines = True
    axis.tick_labels.number_format = AXIS_FORMATS[chart.kind]
    axis.tick_labels.number_format_is_linked = False
    axis.has_title = True
    axis.axis_title.text_frame.text = chart.value_title
    categories = graph.category_axis
    categories.has_title = True
    categories.axis_title.text_frame.text = chart.category_title
    if chart.horizontal:  # read from the top, the value axis below, as in the slide show
        categories.reverse_order = True
        categories.crosses = XL_AXIS_CROSSES.MAXIMUM
    plot = graph.plots[0]
    plot.gap_width = 60
    plot.overlap = -10 if len(chart.series) > 1 else 0
    # Labels on every bar, unless there are so many series that they would overlap.
    plot.has_data_labels = len(chart.series) <= 2
    if plot.has_data_labels:
        labels = plot.data_labels
        labels.number_format = NUMBER_FORMATS[chart.kind]
        labels.number_format_is_linked = False
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
        labels.font.size = Pt(16 if len(chart.categories) <= 4 else 12)
        # Set on each series too: LibreOffice reads the series' labels, not the plot's.
        for drawn in plot.series:
            own = drawn.data_labels
            own.show_value = True
            own.number_format = NUMBER_FORMATS[chart.kind]
            own.number_format_is_linked = False
            own.position = XL_LABEL_POSITION.OUTSIDE_END
            own.font.size = Pt(16 if len(chart.categories) <= 4 else 12)
    for series, drawn in zip(chart.series, plot.series, strict=True):
        drawn.format.fill.solid()
        drawn.format.fill.fore_color.rgb = _rgb(series.colour)
        for i, label in enumerate(series.labels):
            point = drawn.points[i]
            if series.point_colours:
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = _rgb(series.point_colours[i])
            if series.values[i] is None and plot.has_data_labels:  # no bar: say why ("<5")
                point.data_label.text_frame.text = label
                point.data_label.position = XL_LABEL_POSITION.INSIDE_BASE


def _table(slide, table: Table, left, top, width) -> None:
    rows, columns = len(table.rows) + 1, len(table.header)
    row_height = Inches(0.58)
    shape = slide.shapes.add_table(rows, columns, left, top, width, row_height * rows)
    grid = shape.table
    first = Inches(5.6) if columns <= 3 else Inches(4.4) if columns <= 4 else Inches(2.9)
    size = 18 if columns <= 4 else 15
    grid.columns[0].width = first
    for c in range(1, columns):
        grid.columns[c].width = Emu(int((width - first) / (columns - 1)))
    for c, name in enumerate(table.header):
        cell = grid.cell(0, c)
        cell.text = name
        cell.fill.solid()
        cell.fill.fore_color.rgb = INK
        run = cell.text_frame.paragraphs[0].runs[0]
        # A size smaller than the cells, so that "Programmets" fits a narrow column whole
        # in LibreOffice too (whose fallback for the theme's font is wider).
        run.font.size, run.font.bold = Pt(size - 3), True
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        if c:
            cell.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
    for r, row in enumerate(table.rows, start=1):
        for c, (content, small) in enumerate(row):
            cell = grid.cell(r, c)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.fill.solid()
            cell.fill.fore_color.rgb = STRIPES[r % 2]
            paragraph = cell.text_frame.paragraphs[0]
            run = paragraph.add_run()
            run.text = content
            run.font.size = Pt(size if c else size - 2)
            run.font.bold = bool(c)
            if c:
                paragraph.alignment = PP_ALIGN.RIGHT
            if small:  # the n under the value
                paragraph = cell.text_frame.add_paragraph()
                paragraph.alignment = PP_ALIGN.RIGHT
                run = paragraph.add_run()
                run.text = small
                run.font.size = Pt(11)
                run.font.color.rgb = GREY


def pptx(deck: list[Slide], footer: str, lang: str = "da", internal: str | None = None) -> bytes:
    """The slides as a 16:9 PowerPoint file: titles in title placeholders, the charts as
    native charts (their numbers editable), a footer and the slide number on each slide."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    layout = prs.slide_layouts[5]  # title only
    prs.core_properties.title = deck[0].title if deck else "NExTWORK"
    prs.core_properties.language = "da-DK" if lang == "da" else "en-GB"
    inner = WIDTH - 2 * MARGIN
    for number, item in enumerate(deck, start=1):
        slide = prs.slides.add_slide(layout)
        if item.key == "title":
            _title(slide, item.title, top=Inches(1.0), size=54)
            slide.shapes.title.height = Inches(2.0)
            slide.shapes.title.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
            _text(slide, MARGIN, Inches(3.2), inner, Inches(2.2), item.lines, 28, gap=10)
            if internal:
                _text(slide, MARGIN, Inches(0.5), inner, Inches(0.8), [internal], 20, ALERT, True)
            if item.note and item.note != internal:
                _text(slide, MARGIN, Inches(5.7), inner, Inches(0.8), [item.note], 14, GREY)
        else:
            _title(slide, item.title)
            down = 0
            if item.lead:  # the headline sentence under the title
                _text(slide, MARGIN, Inches(1.1), inner, Inches(0.5), [item.lead], 18, INK, True)
                down = Inches(0.5)
            if item.big is not None:
                column = Inches(4.9)
                big = _text(
                    slide,
                    MARGIN,
                    Inches(1.45) + down,
                    column,
                    Inches(1.5),
                    [item.big],
                    80,
                    _rgb(item.colour),
                    True,
                )
                big.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
                _text(slide, MARGIN, Inches(3.05) + down, column, Inches(1.1), [item.big_label], 22)
                _text(
                    slide, MARGIN, Inches(4.25) + down, column, Inches(1.9), item.lines, 18, gap=8
                )
                if item.note:
                    _text(slide, MARGIN, Inches(6.15), column, Inches(0.6), [item.note], 12, GREY)
                if item.chart:
                    left = MARGIN + column + Inches(0.3)
                    _chart(
                        slide,
                        item.chart,
                        left,
                        Inches(1.4) + down,
                        WIDTH - MARGIN - left,
                        Inches(5.5) - down,
                    )
            elif item.table:
                _text(slide, MARGIN, Inches(1.2), inner, Inches(0.9), item.lines, 18)
                _table(slide, item.table, MARGIN, Inches(2.1), inner)
                if item.note:
                    _text(slide, MARGIN, Inches(6.45), inner, Inches(0.5), [item.note], 12, GREY)
            elif item.chart:
                _text(slide, MARGIN, Inches(1.25), inner, Inches(0.5), item.lines, 18)
                _chart(slide, item.chart, MARGIN, Inches(1.8), inner, Inches(5.1))
            else:  # definitions: two columns of small print
                half = (len(item.lines) + 1) // 2
                width = Emu(int((inner - Inches(0.4)) / 2))
                for i, part in enumerate((item.lines[:half], item.lines[half:])):
                    left = MARGIN + i * (width + Inches(0.4))
                    _text(slide, left, Inches(1.3), width, Inches(5.2), part, 12, gap=3)
                if item.note:
                    bottom = Inches(6.5)
                    _text(slide, MARGIN, bottom, inner, Inches(0.4), [item.note], 12, INK, True)
        mark = f"{footer}  ·  {internal}" if internal and item.key != "title" else footer
        colour = ALERT if internal else GREY
        _text(slide, MARGIN, Inches(7.0), inner - Inches(1), Inches(0.35), [mark], 10, colour)
        _text(
            slide,
            WIDTH - MARGIN - Inches(1),
            Inches(7.0),
            Inches(1),
            Inches(0.35),
            [f"{number} / {len(deck)}"],
            10,
            GREY,
        ).text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def footer(fig: Figures) -> str:
    return (
        f"NExTWORK Indsigt · {subject(fig)} · {formats.date(fig.start, fig.lang)} – "
        f"{formats.date(fig.end, fig.lang)} · "
        + _t(fig.lang, "opgjort pr. ", "as of ")
        + formats.date(fig.as_of, fig.lang)
    )


def chart_subtitle(fig: Figures, key: str) -> str:
    """Under a slide's chart: the subject and the period, or for the outcome and retention
    slides the cohort they are measured on."""
    if key in ("outcomes", "retention"):
        return (
            f"{subject(fig)} · {cohort_text(fig)} · "
            + _t(fig.lang, "opgjort pr. ", "as of ")
            + formats.date(fig.as_of, fig.lang)
        )
    return footer(fig).removeprefix("NExTWORK Indsigt · ")


def build(fig: Figures) -> bytes:
    """The deck of these figures, ready to download."""
    return pptx(slides(fig), footer(fig), fig.lang, fig.internal)


# --- the slide show's charts -------------------------------------------------------------


def figure(chart: Chart, subtitle: str, lang: str = "da", height: int = 470):
    """A slide's chart for the screen: the same bars, labels and colours as in the deck, in
    the house style (title, the filters as subtitle, axis titles) at a projector's size."""
    import plotly.graph_objects as go

    fig = go.Figure()
    labelled = len(chart.series) <= 2
    for series in chart.series:
        values = [0 if v is None else v for v in series.values]
        bars = (
            {"x": values, "y": chart.category_labels("{c}<br>{n}")}
            if chart.horizontal
            else {
                "x": chart.category_labels("{c}<br>{n}"),
                "y": values,
            }
        )
        fig.add_trace(
            go.Bar(
                **bars,
                orientation="h" if chart.horizontal else "v",
                name=series.name,
                marker_color=list(series.point_colours) if series.point_colours else series.colour,
                text=list(series.labels) if labelled else None,
                textposition="outside",
                constraintext="none",
                textfont={"size": 22 if not chart.horizontal else 19, "color": "#222222"},
                cliponaxis=False,
                customdata=list(series.labels),
                hovertemplate=f"<b>{series.name}</b><br>%{{{'y' if chart.horizontal else 'x'}}}"
                "<br>%{customdata}<extra></extra>",
            )
        )
    x_title, y_title = chart.category_title, chart.value_title
    if chart.horizontal:
        x_title, y_title = y_title, x_title
    charts.style(fig, chart.title, subtitle, x_title, y_title, lang, height=height)
    fig.update_layout(
        font={"size": 20},
        title_font_size=24,
        barmode="group",
        showlegend=len(chart.series) > 1,
        # At the foot of the chart, as `style` puts it, in the order of the bars (top first,
        # or left first), with room kept for it under the axis title.
        legend={"font": {"size": 18}, "traceorder": "normal"},
        margin={
            "t": fig.layout.margin.t,  # as `style` set it
            "l": 10,
            "r": 30,
            "b": 50 if len(chart.series) > 1 else 10,
        },
    )
    axis_fonts = {"tickfont": {"size": 18, "color": "#222222"}, "title_font_size": 19}
    fig.update_xaxes(**axis_fonts)
    fig.update_yaxes(**axis_fonts)
    if chart.kind == "share":
        charts.share_axis(fig, lang, axis="x" if chart.horizontal else "y")
        if chart.horizontal and labelled:  # room for the labels beside full bars
            fig.update_xaxes(range=[0, charts.SHARE_ROOM])
    else:
        top = max([v for s in chart.series for v in s.values if v is not None] + [4])
        fig.update_yaxes(range=[0, top * 1.18])
    if chart.horizontal:
        fig.update_yaxes(autorange="reversed")
    return fig
