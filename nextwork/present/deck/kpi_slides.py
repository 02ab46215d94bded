"""The slides' content, from the KPI frames to plain data: the order of the deck, the title,
the counts of young people, companies and placements, outcomes against the target,
retention and the site against the programme."""

from __future__ import annotations

from dataclasses import replace

from nextwork import formats
from nextwork.metrics import disclosure, kpis, principles
from nextwork.metrics import frame as frame_of
from nextwork.present import charts
from nextwork.present.deck.analysis_slides import (
    definitions_slide,
    effect_slide,
    fair_slide,
    principle_slide,
)
from nextwork.present.deck.model import (
    SECOND_COLOUR,
    SHARES_COMPARED,
    TARGET_COLOUR,
    Chart,
    Figures,
    Series,
    Slide,
    Table,
    cohort_text,
    filled,
    n_text,
    period_text,
    previous_period,
    slide_colour,
    text,
    tr,
)


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
            tr(lang, "Unge i NExTWORK", "Young people reached"),
            ("participants_active", "participants_new"),
            tr(lang, "unge var med i perioden", "young people took part in the period"),
            [
                tr(
                    lang,
                    "{participants_new} af dem begyndte i perioden.",
                    "{participants_new} of them started in the period.",
                )
            ],
            tr(lang, "Antal unge", "Young people (number)"),
        ),
        _count_slide(
            fig,
            "companies",
            tr(lang, "Virksomhedsnetværket", "The company network"),
            ("companies_in_network", "companies_active"),
            tr(lang, "virksomheder i netværket", "companies in the network"),
            [
                tr(
                    lang,
                    "{companies_hosting_share} af dem havde en ung i praktik.",
                    "{companies_hosting_share} of them hosted a young person.",
                ),
                tr(
                    lang,
                    "{companies_active} virksomheder var aktive med praktik eller aktiviteter.",
                    "{companies_active} companies were active with placements or activities.",
                ),
            ],
            tr(lang, "Antal virksomheder", "Companies (number)"),
        ),
        _count_slide(
            fig,
            "placements",
            tr(lang, "Praktikforløb", "Placements"),
            ("placements_started", "placements_active"),
            tr(lang, "praktikforløb begyndte i perioden", "placements started in the period"),
            [
                tr(
                    lang,
                    "{placement_completion_rate} af de afsluttede forløb blev gennemført.",
                    "{placement_completion_rate} of the placements that ended were completed.",
                ),
                tr(
                    lang,
                    "I {participant_chosen_share} af praktikforløbene valgte den unge selv "
                    "virksomheden.",
                    "In {participant_chosen_share} of the placements the young person chose the "
                    "company.",
                ),
            ],
            tr(lang, "Antal praktikforløb", "Placements (number)"),
        ),
        _outcome_slide(fig),
        _retention_slide(fig),
        _comparison_slide(fig),
        fair_slide(fig),
        effect_slide(fig),
        *(principle_slide(fig, p) for p in principles.PRINCIPLES),
        definitions_slide(fig),
    ]
    if fig.lead:
        made[1] = replace(made[1], lead=fig.lead)
    return [replace(slide, lines=tuple(line for line in slide.lines if line)) for slide in made]


def _title_slide(fig: Figures) -> Slide:
    lang = fig.lang
    title = (
        tr(lang, f"NExTWORK i {fig.site}", f"NExTWORK in {fig.site}")
        if fig.site
        else tr(lang, "NExTWORK: hele programmet", "NExTWORK: the whole programme")
    )
    lines = [
        f"{formats.date(fig.start, lang)} – {formats.date(fig.end, lang)}",
        tr(lang, "Data opgjort pr. ", "Data as of ") + formats.date(fig.as_of, lang),
    ]
    if fig.filters:
        lines.append(fig.filters)
    if fig.is_demo:
        lines.append(
            tr(
                lang,
                "Demodata: tallene er opdigtede.",
                "Demo data: the figures are invented.",
            )
        )
    note = fig.internal or disclosure.explanation(lang)
    return Slide("title", title, lines=tuple(lines), note=note, colour=slide_colour(fig))


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
    for measure, colour in zip(measures, (slide_colour(fig), SECOND_COLOUR), strict=True):
        frames = (fig.before, fig.now)
        series.append(
            Series(
                kpis.KPI_BY_KEY[measure].label(lang),
                tuple(frame_of.value(f, measure) for f in frames),
                tuple(text(f, measure, lang) for f in frames),
                colour,
            )
        )
    chart = Chart(
        title + tr(lang, ": perioden og perioden før", ": the period and the one before"),
        categories,
        tuple(series),
        "count",
        value_title,
        tr(lang, "Periode", "Period"),
    )
    return Slide(
        key,
        title,
        big=text(fig.now, measures[0], lang),
        big_label=big_label,
        lines=tuple(filled(line, fig.now, lang) for line in lines),
        chart=chart,
        colour=slide_colour(fig),
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
    programme = tr(lang, "Programmet", "Programme")
    values = [frame_of.value(f, key, m) for f, m in frames] + [frame_of.value(fig.programme, key)]
    labels = [text(f, key, lang, m) for f, m in frames] + [text(fig.programme, key, lang)]
    colours = [charts.colour(n) for n in names] + [charts.PROGRAMME_COLOUR]
    categories = [*names, programme]
    # The n behind every bar; a share on fewer than `min_share_n` grey and called uncertain.
    notes = []
    for i, (f, m) in enumerate([*frames, (fig.programme, None)]):
        n = None if frame_of.hidden(f, key, m) else frame_of.denominator(f, key, m)
        note = "" if n is None else f"n = {formats.number(n, lang)}"
        if n is not None and values[i] is not None and n < fig.min_share_n:
            note += tr(lang, ", usikker", ", uncertain")
            colours[i] = charts.GREYED
        notes.append(note)
    if with_target and fig.target is not None:
        categories.append(tr(lang, "Målet", "Target"))
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
        tr(lang, "Andel (%)", "Share (%)"),
        tr(lang, "Kommune", "Municipality"),
        category_notes=tuple(notes),
    )


def _outcome_slide(fig: Figures) -> Slide:
    lang = fig.lang
    key = "outcome_12m_share"
    lines = []
    if fig.target is not None:
        line = tr(lang, "Målet er mindst ", "The target is at least ") + formats.percent(
            fig.target, lang, 0
        )
        if fig.status_quo is not None:
            line += tr(
                lang,
                f"; før programmet var det ca. {formats.percent(fig.status_quo, lang, 0)}",
                f"; before the programme it was about {formats.percent(fig.status_quo, lang, 0)}",
            )
        lines.append(line + ".")
    lines.append(
        filled(
            tr(
                lang,
                "{education_12m_share} i uddannelse og {job_12m_share} i job.",
                "{education_12m_share} in education and {job_12m_share} in a job.",
            ),
            fig.now,
            lang,
        )
    )
    title = tr(lang, "Job eller uddannelse inden 12 måneder", "Job or education within 12 months")
    return Slide(
        "outcomes",
        title,
        big=text(fig.now, key, lang),
        big_label=tr(
            lang,
            "af de unge begyndte i job eller uddannelse inden 12 måneder",
            "of the young people started a job or education within 12 months",
        ),
        lines=tuple(lines),
        note=f"{n_text(fig.now, key, lang)} · {cohort_text(fig)}",
        chart=_site_bars(fig, key, title + tr(lang, " mod målet", " against the target"), True),
        colour=slide_colour(fig),
    )


def _retention_slide(fig: Figures) -> Slide:
    lang = fig.lang
    key = "retained_6m_share"
    title = tr(lang, "Fastholdelse", "Retention")
    against = (
        tr(lang, f": {fig.site} og programmet", f": {fig.site} and the programme")
        if fig.site
        else tr(lang, ": kommunerne og programmet", ": the sites and the programme")
    )
    return Slide(
        "retention",
        title,
        big=text(fig.now, key, lang),
        big_label=tr(
            lang,
            "var stadig i job eller uddannelse 6 måneder efter starten",
            "were still in a job or education 6 months after starting",
        ),
        lines=(
            filled(
                tr(
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
        colour=slide_colour(fig),
    )


def _comparison_slide(fig: Figures) -> Slide:
    """Six shares, the site (or each site) against the programme: a chart with labelled bars
    for one site; a table, a column a site, for the whole programme (six bars a row would be
    too thin to read). Rows that are empty everywhere are left out."""
    lang = fig.lang
    programme = tr(lang, "Programmet", "Programme")
    if fig.site:
        title = tr(lang, f"{fig.site} mod programmet", f"{fig.site} against the programme")
        parts = [(fig.site, fig.now, None)]
    else:
        title = tr(lang, "Kommunerne side om side", "The sites side by side")
        names = sorted(m for m in fig.sites["municipality"].dropna().unique())
        parts = [(m, fig.sites, m) for m in names]
    parts.append((programme, fig.programme, None))
    keys = [
        k
        for k in SHARES_COMPARED
        if any(frame_of.value(frame, k, m) is not None for _, frame, m in parts)
        or any(frame_of.hidden(frame, k, m) for _, frame, m in parts)
    ]
    line = tr(
        lang,
        f"Programmet er alle {fig.site_count} kommuner lagt sammen, med de samme filtre.",
        f"The programme is all {fig.site_count} sites pooled, with the same filters.",
    ) + tr(
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
                        if frame_of.denominator(frame, k, m) is None
                        else f"n = {formats.number(frame_of.denominator(frame, k, m), lang)}",
                    )
                    for _, frame, m in parts
                ),
            )
            for k in keys
        )
        table = Table((tr(lang, "Nøgletal", "KPI"), *(name for name, _, _ in parts)), rows)
        return Slide("comparison", title, lines=(line,), table=table, colour=slide_colour(fig))
    series = tuple(
        Series(
            name,
            tuple(frame_of.value(frame, k, m) for k in keys),
            tuple(text(frame, k, lang, m) for k in keys),
            charts.PROGRAMME_COLOUR if name == programme else charts.colour(name),
        )
        for name, frame, m in parts
    )
    chart = Chart(
        tr(lang, "Andelene mod programmet", "The shares against the programme"),
        tuple(kpis.KPI_BY_KEY[k].label(lang) for k in keys),
        series,
        "share",
        tr(lang, "Andel (%)", "Share (%)"),
        tr(lang, "Nøgletal", "KPI"),
        horizontal=True,
    )
    return Slide("comparison", title, lines=(line,), chart=chart, colour=slide_colour(fig))
