"""What the pages' cached figures depend on besides their filters: the reader, the pinned
data file and the settings that change a figure. Every `st.cache_resource` of a page's view
module takes these as its last arguments (`reader()`), so that another reader, another data
file or other settings never get a figure made for the first. Each cache keeps its last 64
views: a kept view holds finished charts (`finished`), up to a few megabytes at national
scale."""

from __future__ import annotations

import plotly.graph_objects as go

from nextwork import config
from nextwork.filters import Filters
from nextwork.present import chart_text, charts
from nextwork.web import ui


def reader() -> tuple:
    """(viewer, database path, pinned version, settings) of this run."""
    settings = (config.min_share_n(), config.settings_path().as_posix(), config.settings())
    return ui.viewer(), str(ui.db_path()), ui.pinned_version(), settings


def finished(fig: go.Figure, f: Filters, title, x_title, y_title, height=420) -> go.Figure:
    """A chart made ready to be kept: styled with the filters as its subtitle, and its labels
    made readable once (as `charts.show` does on every run) before the chart is shared."""
    charts.style(fig, title, f.describe(), x_title, y_title, f.lang, height)
    chart_text.readable_labels(fig)
    return fig


def forget() -> None:
    """Empty every page's cache of figures (for a benchmark's cold render)."""
    from nextwork.web.sections import (
        companies_view,
        compare_view,
        outcomes_view,
        placements_view,
        presentation_view,
        principles_view,
        young_view,
    )

    for cached in (
        compare_view._compare,
        compare_view._fair_view,
        compare_view._fair_section,
        companies_view._companies,
        companies_view._trend,
        outcomes_view._outcomes,
        outcomes_view._cohort_chart,
        placements_view._placements,
        presentation_view._figures,
        presentation_view._slides,
        principles_view._principles,
        principles_view._over_time,
        young_view._young,
        young_view._composition,
        compare_view._kpi_chart,
    ):
        cached.clear()
