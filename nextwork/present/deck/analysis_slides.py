"""The slides beyond the KPI counts, as plain data: the fair comparison, the trial's effect,
one slide per principle with its indicators, and the definitions with the data's date."""

from __future__ import annotations

import pandas as pd

from nextwork import formats
from nextwork.metrics import disclosure, fair, kpis, principles
from nextwork.metrics import frame as frame_of
from nextwork.present import principle_tables
from nextwork.present.deck.model import (
    KPIS_USED,
    Figures,
    Slide,
    Table,
    cohort_text,
    slide_colour,
    tr,
)


def fair_slide(fig: Figures) -> Slide:
    """The fair comparison of the 12-month outcome: each site's share against the share
    expected for its own young people, as a table, with the plain reading."""
    lang = fig.lang
    title = tr(lang, "Fair sammenligning", "Fair comparison")
    explain = tr(
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
        line = tr(
            lang,
            "Ingen tal at vise: for få unge med fuld opfølgning.",
            "No figures to show: too few young people with full follow-up.",
        )
        return Slide("fair", title, lines=(explain, line), colour=slide_colour(fig))
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
            tr(lang, "Observeret", "Observed"),
            tr(lang, "Forventet", "Expected"),
            tr(lang, "Forskel (pct.-point)", "Difference (pp)"),
        ),
        rows,
    )
    return Slide(
        "fair",
        title,
        lines=(explain, *fig.fair_lines),
        table=table,
        colour=slide_colour(fig),
    )


def effect_slide(fig: Figures) -> Slide:
    """The randomised trial's effect: each site's difference in the share in job or
    education (NExTWORK minus the usual services) with its interval, and the pooled one."""
    from nextwork.present.trial_charts import points, sentence

    lang, week = fig.lang, fig.trial_week
    title = tr(lang, "Effekten i forsøget", "The effect in the trial")
    found = fig.trial and any(e is not None for e in fig.trial["by_municipality"].values())
    if not found:
        return Slide(
            "effect",
            title,
            lines=(
                tr(
                    lang,
                    "Der er ingen forsøgsresultater for de valgte kommuner endnu.",
                    "There are no trial results for the chosen sites yet.",
                ),
            ),
            note=tr(
                lang,
                "En administrator indlæser forsøgets resultater på siden Data.",
                "An administrator loads the trial's results on the Data page.",
            ),
            colour=slide_colour(fig),
        )
    joint = tr(lang, "til", "to")
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
                (tr(lang, "Samlet", "Pooled"), ""),
                (points(p["difference"], lang, 1), ""),
                (f"{points(p['ci_low'], lang, 1)} {joint} {points(p['ci_high'], lang, 1)}", ""),
            )
        )
    header = (
        tr(lang, "Kommune", "Site"),
        tr(lang, "Forskel (procentpoint)", "Difference (percentage points)"),
        tr(lang, "95 %-interval", "95 % interval"),
    )
    note = tr(
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
        colour=slide_colour(fig),
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
    return "–" if v is None else principle_tables.value_text(v, kind, lang)


def principle_slide(fig: Figures, principle: principles.Principle) -> Slide:
    lang = fig.lang
    median_label = tr(lang, "Programmets median", "Programme median")
    frame = fig.indicators
    if fig.site:
        names = [fig.site]
    else:
        names = sorted(m for m in frame["municipality"].dropna().unique()) if len(frame) else []
    rows = []
    for indicator in (i for i in principles.INDICATORS if i.principle == principle.key):
        part = frame[frame["key"] == indicator.key] if len(frame) else frame
        cells = [(indicator.label(lang), "")]
        for name in names:
            # the indicators are a long frame as the KPIs are: key, municipality, value, n
            v = frame_of.value(frame, indicator.key, name) if len(frame) else None
            n = frame_of.denominator(frame, indicator.key, name) if len(frame) else None
            small = "" if n is None else f"n = {formats.number(n, lang)}"
            cells.append((_indicator_text(v, indicator.kind, lang), small))
        median = None if part.empty else part["median"].iloc[0]
        median = None if median is None or pd.isna(median) else median
        cells.append((_indicator_text(median, indicator.kind, lang), ""))
        rows.append(tuple(cells))
    header = (tr(lang, "Indikator", "Indicator"), *names, median_label)
    note = tr(
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
        colour=slide_colour(fig),
    )


def definitions_slide(fig: Figures) -> Slide:
    lang = fig.lang
    lines = [
        f"{kpis.KPI_BY_KEY[k].label(lang)}: {kpis.KPI_BY_KEY[k].definition(lang)}"
        for k in KPIS_USED
    ]
    lines.append(
        tr(
            lang,
            "Principindikatorerne er beskrevet på siden Definitioner i NExTWORK Indsigt.",
            "The principle indicators are described on the Definitions page of NExTWORK Indsigt.",
        )
    )
    data = tr(lang, "Data opgjort pr. ", "Data as of ") + formats.date(fig.as_of, lang)
    if fig.loaded:
        data += tr(lang, "; indlæst ", "; loaded ") + fig.loaded
    return Slide(
        "definitions",
        tr(lang, "Definitioner og data", "Definitions and data"),
        lines=tuple(lines),
        note=data + ".",
        colour=slide_colour(fig),
    )
