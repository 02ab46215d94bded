"""The headline in words: the one sentence at the top of the overview and of the first
content slide, the benchmark texts beside a figure, and the colour of a change."""

from __future__ import annotations

import math

from nextwork import formats, i18n
from nextwork.metrics import kpis


def whole_percent(share: float) -> int:
    """A share as whole per cent, halves rounded up (0.625 -> 63), so that a sentence's
    figures and the points between them agree with each other."""
    return math.floor(float(share) * 100 + 0.5 + 1e-9)


def percent_text(share: float, lang: str = "da") -> str:
    """62 % (en: 62%)."""
    return i18n.t(lang, f"{whole_percent(share)} %", f"{whole_percent(share)}%")


def points_between(value: float, reference: float, lang: str, what: str) -> str:
    """How far whole per cents lie apart, in words: "13 point under målet", "4 points above
    the programme", "på målet". `what` is (Danish, English) words for the reference."""
    gap = whole_percent(value) - whole_percent(reference)
    if lang == "en":
        if gap == 0:
            return f"level with {what}"
        unit = "point" if abs(gap) == 1 else "points"
        return f"{abs(gap)} {unit} {'above' if gap > 0 else 'below'} {what}"
    if gap == 0:
        return f"på niveau med {what}"
    return f"{abs(gap)} point {'over' if gap > 0 else 'under'} {what}"


def subject(sites: list[str], all_sites: list[str], lang: str = "da") -> str:
    """Who the figures are about: one site, several ("Vejle og Horsens"), or the programme
    when every site is chosen."""
    if not sites or set(sites) == set(all_sites):
        return i18n.t(lang, "Programmet", "The programme")
    names = sorted(sites)
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + i18n.t(lang, " og ", " and ") + names[-1]


def sentence(
    who: str,
    value: float | None,
    lang: str = "da",
    target: float | None = None,
    programme: float | None = None,
    status_quo: float | None = None,
    hidden: bool = False,
) -> str:
    """The headline in one sentence: "Vejle: 62 % i job eller uddannelse inden 12 måneder,
    13 point under målet og 4 point over programmet." `programme` is left out for the
    programme itself, which is compared with the status quo before it instead."""
    en = lang == "en"
    if value is not None and math.isnan(value):
        value = None
    if programme is not None and math.isnan(programme):
        programme = None
    if value is None:
        if hidden:
            return (
                f"{who}: too few young people with 12 months of follow-up to show the share."
                if en
                else f"{who}: for få unge med 12 måneders opfølgning til at vise andelen."
            )
        return (
            f"{who}: no young people with 12 months of follow-up yet."
            if en
            else f"{who}: endnu ingen unge med 12 måneders opfølgning."
        )
    parts = []
    if target is not None:
        parts.append(points_between(value, target, lang, "the target" if en else "målet"))
    if programme is not None:
        parts.append(
            points_between(value, programme, lang, "the programme" if en else "programmet")
        )
    elif status_quo is not None:
        before = (
            f"the roughly {percent_text(status_quo, lang)} before the programme"
            if en
            else f"de ca. {percent_text(status_quo, lang)} før programmet"
        )
        parts.append(points_between(value, status_quo, lang, before))
    what = "i job eller uddannelse inden 12 måneder"
    if en:
        what = "in a job or education within 12 months"
    text = f"{who}: {percent_text(value, lang)} {what}"
    if parts:
        joined = parts[0] if len(parts) == 1 else f"{parts[0]} {'and' if en else 'og'} {parts[1]}"
        text += f", {joined}"
    return text + "."


def change_colour(key: str, value, previous) -> str:
    """Streamlit's colour for a change against the previous period: green when it is good
    news ("normal" for a rise, "inverse" where lower is better, as for the days to the
    first placement), grey when nothing changed or nothing to compare."""
    if value is None or previous is None or value == previous:
        return "off"
    return "inverse" if kpis.KPI_BY_KEY[key].lower_is_better else "normal"


def gap_to_target(value: float | None, target: float, lang: str = "da") -> str | None:
    """The distance to the target in percentage points: "-12,9 pct.-point fra målet på
    75 %" (ASCII minus, which Streamlit reads to point the arrow)."""
    if value is None:
        return None
    return formats.points(value - target, lang).replace("\u2212", "-")


def beside(label: str, value, kind: str, lang: str = "da") -> str:
    """A reference value beside a figure: "Programmet: 58,1 %"."""
    return f"{label}: {formats.kpi_value(value, kind, lang)}"
