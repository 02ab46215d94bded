"""The house style every chart shares: one colour per municipality, the title with the
filters as subtitle, axis titles and ticks in the reader's language and number format."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from nextwork import formats, i18n
from nextwork.metrics import disclosure
from nextwork.present.charts import plain

# Every chart's template. A figure takes the default template when it is made; naming the
# template again in `update_layout` copied the whole template a second time, which was the
# largest single cost of a page's run.
pio.templates.default = "plotly_white"

# Okabe-Ito, a palette that colour-blind readers can tell apart, with its light colours darkened
# just enough for 3:1 against white (WCAG 1.4.11; tests/test_accessibility.py checks each).
SITE_COLOURS = {
    "København": "#0072B2",
    "Roskilde": "#C58800",
    "Sønderborg": "#009E73",
    "Vejle": "#CC79A7",
    "Horsens": "#D55E00",
}
PROGRAMME_COLOUR = "#000000"
GREYED = "#BBBBBB"  # a share on too few to trust
OTHER_COLOURS = ["#229DE2", "#A1960D", "#949494", "#882255", "#41A392", "#117733"]
SERIES_COLOURS = ["#0072B2", "#C58800", "#009E73", "#CC79A7", "#D55E00", "#229DE2", "#949494"]


def colour(municipality: str | None) -> str:
    """The municipality's own colour; others get a stable colour from their name."""
    if municipality is None:
        return PROGRAMME_COLOUR
    if municipality in SITE_COLOURS:
        return SITE_COLOURS[municipality]
    return OTHER_COLOURS[sum(map(ord, municipality)) % len(OTHER_COLOURS)]


def rgb(municipality: str | None) -> list[int]:
    hex_colour = colour(municipality).lstrip("#")
    return [int(hex_colour[i : i + 2], 16) for i in (0, 2, 4)]


# Where `style` wraps a chart's title and subtitle, in characters: what fits a chart across
# the main area of a laptop (21 px bold titles, 13 px subtitles). The page's script
# (`accessibility.py`) wraps them again, by the same rule, to the width each chart has.
TITLE_CHARS = 70
SUBTITLE_CHARS = 110
TITLE_SIZE, SUBTITLE_SIZE = 21, 13  # plotly's sizes under `style`'s 15 px font
TOP_MARGIN = 90


def wrap(text: str, width: int) -> str:
    """Plotly rich text with a line break (<br>) put before each word that would take its
    line past `width` characters (tags not counted); the breaks already in it stay, and a
    word longer than a line stands on a line of its own. The page's script wraps titles by
    the same rule, measured in pixels."""
    lines = []
    for part in re.split(r"<br\s*/?>", text or "", flags=re.IGNORECASE):
        line = ""
        for word in part.split(" "):
            longer = f"{line} {word}" if line else word
            if line and len(re.sub(r"<[^>]+>", "", longer)) > width:
                lines.append(line)
                line = word
            else:
                line = longer
        lines.append(line)
    return "<br>".join(lines)


def _line_count(text: str) -> int:
    return len(re.split(r"<br\s*/?>", text or "", flags=re.IGNORECASE))


def style(
    fig: go.Figure,
    title: str,
    subtitle: str,
    x_title: str | None = None,
    y_title: str | None = None,
    lang: str = "da",
    height: int = 420,
) -> go.Figure:
    """Title with the filters as subtitle, axis titles, Danish separators, readable size.
    The title and subtitle are wrapped (`wrap`) with the top margin grown by the lines
    added; their unwrapped text and the margin added stay in the layout's `meta`, from which
    the page's script wraps them to the chart's own width."""
    wrapped_title, wrapped_sub = wrap(title, TITLE_CHARS), wrap(subtitle, SUBTITLE_CHARS)
    extra = (_line_count(wrapped_title) - _line_count(title)) * TITLE_SIZE * 1.3 + (
        _line_count(wrapped_sub) - _line_count(subtitle)
    ) * SUBTITLE_SIZE * 1.3
    plain.update_layout(
        fig,
        {
            "title": {
                "text": wrapped_title,
                "subtitle": {"text": wrapped_sub},
                "x": 0,
                "xanchor": "left",
            },
            "meta": {"nwTitle": title, "nwSubtitle": subtitle, "nwExtra": round(extra)},
            "separators": ",." if lang == "da" else ".,",
            "height": height,
            "margin": {"t": TOP_MARGIN + round(extra), "l": 10, "r": 10, "b": 10},
            "font": {"size": 15},
            # The legend under the chart, so that it never squeezes the plot on a phone.
            "legend": {
                "orientation": "h",
                "yref": "container",
                "yanchor": "bottom",
                "y": 0,
                "x": 0,
                "xanchor": "left",
            },
            "hoverlabel": {"font": {"size": 14}},
        },
        xaxes=None if x_title is None else {"title": {"text": x_title}},
        yaxes=None if y_title is None else {"title": {"text": y_title}, "rangemode": "tozero"},
    )
    return fig


def month_axis(fig: go.Figure, months: list[dt.date], lang: str = "da", every: int = 0) -> None:
    """Month ticks in the reader's language (plotly's own are English)."""
    months = sorted(set(months))
    if not months:
        return
    step = every or max(1, -(-len(months) // 7))
    ticks = months[::step]
    # The year under the month, and no more than seven ticks: they fit a phone unturned.
    ticktext = [formats.month(m, lang).replace(" ", "<br>", 1) for m in ticks]
    plain.update_layout(
        fig,
        {},
        xaxes={"tickvals": [pd.Timestamp(m) for m in ticks], "ticktext": ticktext, "tickangle": 0},
    )


def mark_incomplete_month(fig: go.Figure, as_of: dt.date, lang: str = "da") -> None:
    """Shade the month that is not over yet on the as-of day."""
    first = as_of.replace(day=1)
    last = (pd.Timestamp(first) + pd.offsets.MonthEnd(0)).date()
    if as_of >= last:
        return
    shown = [pd.Timestamp(x) for trace in fig.data if trace.x is not None for x in trace.x]
    if not shown or not (min(shown) <= pd.Timestamp(first) <= max(shown)):
        return  # the month is not on this chart
    fig.add_vrect(
        x0=pd.Timestamp(first) - pd.Timedelta(days=15),
        x1=pd.Timestamp(first) + pd.Timedelta(days=15),
        fillcolor="#999999",
        opacity=0.15,
        line_width=0,
        annotation_text=i18n.t(lang, "ufuldstændig måned", "incomplete month"),
        annotation_position="top left",
        annotation_xanchor="right",  # to the left of the shade: inside the chart on a phone
        annotation_font_size=12,
    )


PLOTLY_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


# A share axis with labels beside the bars runs on to here, so that a full bar's label fits.
SHARE_ROOM = 1.3


def share_axis(fig: go.Figure, lang: str = "da", axis: str = "y", top: float = 1.0) -> None:
    """A share axis from 0 to `top` with percent ticks in the reader's format (75 %); the
    plotted values stay shares between 0 and 1."""
    ticks = [i / 10 for i in range(0, int(round(top * 10)) + 1, 1 if top <= 0.5 else 2)]
    values = {
        "range": [0, top * 1.08],
        "tickvals": ticks,
        "ticktext": [formats.percent(v, lang, 0) for v in ticks],
    }
    plain.update_layout(fig, {}, **{f"{axis}axes": values})


def few_note(min_n: int, lang: str = "da") -> str:
    """The legend's note on a greyed share."""
    few = disclosure.explain(lang, "share", min_n)
    return i18n.t(lang, f"Grå: {few}, usikker", f"Grey: {few}, uncertain")
