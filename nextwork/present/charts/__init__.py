"""Charts in the house style: one colour per municipality everywhere, Danish number and
date formats, a title, axis titles with units, and the filters in the subtitle.

The builders live by kind (`house_style`, `lines`, `bar_charts`, `maps`, `comparison`),
with the store of figures made once in `memo` and the drawing on the page with its text
alternatives in `on_page`; the pages call them all as `charts.<name>`."""

from __future__ import annotations

import plotly.graph_objects as go

from nextwork.present.charts.bar_charts import (
    bars,
    bars_by_municipality,
    composition_bars,
    headline_strip,
    share_bars,
    step_bars,
)
from nextwork.present.charts.comparison import (
    ANONYMOUS_COLOUR,
    DEVIATION_COLOURS,
    LABEL_CHAR,
    LABEL_GAP,
    LABEL_HEIGHT,
    LABEL_PLACES,
    MARKER_RADIUS,
    PHONE_PLOT,
    deviation_heatmap,
    funnel,
    label_places,
)
from nextwork.present.charts.house_style import (
    GREYED,
    OTHER_COLOURS,
    PLOTLY_CONFIG,
    PROGRAMME_COLOUR,
    SERIES_COLOURS,
    SHARE_ROOM,
    SITE_COLOURS,
    SUBTITLE_CHARS,
    TITLE_CHARS,
    colour,
    few_note,
    mark_incomplete_month,
    month_axis,
    rgb,
    share_axis,
    style,
    wrap,
)
from nextwork.present.charts.lines import (
    cohort_curves,
    half_year_lines,
    lines_by_municipality,
    net_result_line,
    sparkline,
)
from nextwork.present.charts.maps import map_view, points_map
from nextwork.present.charts.memo import forget
from nextwork.present.charts.on_page import numbers, show

__all__ = [
    "ANONYMOUS_COLOUR",
    "DEVIATION_COLOURS",
    "GREYED",
    "LABEL_CHAR",
    "LABEL_GAP",
    "LABEL_HEIGHT",
    "LABEL_PLACES",
    "MARKER_RADIUS",
    "OTHER_COLOURS",
    "PHONE_PLOT",
    "PLOTLY_CONFIG",
    "PROGRAMME_COLOUR",
    "SERIES_COLOURS",
    "SHARE_ROOM",
    "SITE_COLOURS",
    "SUBTITLE_CHARS",
    "TITLE_CHARS",
    "bars",
    "bars_by_municipality",
    "cohort_curves",
    "colour",
    "composition_bars",
    "deviation_heatmap",
    "few_note",
    "forget",
    "funnel",
    "go",
    "half_year_lines",
    "headline_strip",
    "label_places",
    "lines_by_municipality",
    "map_view",
    "mark_incomplete_month",
    "month_axis",
    "net_result_line",
    "numbers",
    "points_map",
    "rgb",
    "share_axis",
    "share_bars",
    "show",
    "sparkline",
    "step_bars",
    "style",
    "wrap",
]
