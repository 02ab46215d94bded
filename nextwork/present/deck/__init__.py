"""Slides for a committee meeting: one site's (or the whole programme's) figures for a period,
one message a slide, shown by the Præsentation page and written as an editable PowerPoint deck.

The content and its rendering are apart: `slides(figures)` (in `kpi_slides` and
`analysis_slides`, on the types of `model`) turns the KPI frames into slides of plain data;
`pptx(slides, ...)` (`render`) writes them with native PowerPoint charts, whose numbers stay
editable, and `figure` (`screen`) draws a slide's chart for the page. Neither needs a
running app: the page hands in figures that are already suppressed (or exact, for an
admin's internal file)."""

from __future__ import annotations

from nextwork.present.deck.analysis_slides import fair_slide, hide_small_indicators
from nextwork.present.deck.kpi_slides import slides
from nextwork.present.deck.model import (
    KPIS_USED,
    Chart,
    Figures,
    Series,
    Slide,
    Table,
    chart_subtitle,
    cohort_text,
    footer,
    n_text,
    period_text,
    previous_period,
    subject,
    text,
)
from nextwork.present.deck.render import build, pptx
from nextwork.present.deck.screen import figure

__all__ = [
    "KPIS_USED",
    "Chart",
    "Figures",
    "Series",
    "Slide",
    "Table",
    "build",
    "chart_subtitle",
    "cohort_text",
    "fair_slide",
    "figure",
    "footer",
    "hide_small_indicators",
    "n_text",
    "period_text",
    "pptx",
    "previous_period",
    "slides",
    "subject",
    "text",
]
