"""Charts in the house style: one colour per municipality everywhere, Danish number and
date formats, a title, axis titles with units, and the filters in the subtitle."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from nextwork import formats

# Okabe-Ito, a palette that colour-blind readers can tell apart.
SITE_COLOURS = {
    "København": "#0072B2",
    "Roskilde": "#E69F00",
    "Sønderborg": "#009E73",
    "Vejle": "#CC79A7",
    "Horsens": "#D55E00",
}
PROGRAMME_COLOUR = "#000000"
OTHER_COLOURS = ["#56B4E9", "#F0E442", "#999999", "#882255", "#44AA99", "#117733"]
SERIES_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#999999"]


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


def style(
    fig: go.Figure,
    title: str,
    subtitle: str,
    x_title: str | None = None,
    y_title: str | None = None,
    lang: str = "da",
    height: int = 420,
) -> go.Figure:
    """Title with the filters as subtitle, axis titles, Danish separators, readable size."""
    fig.update_layout(
        title={"text": title, "subtitle": {"text": subtitle}, "x": 0, "xanchor": "left"},
        separators=",." if lang == "da" else ".,",
        height=height,
        margin={"t": 90, "l": 10, "r": 10, "b": 10},
        font={"size": 15},
        legend={"orientation": "v", "yanchor": "top", "y": 1, "x": 1.01, "xanchor": "left"},
        hoverlabel={"font_size": 14},
        template="plotly_white",
    )
    if x_title is not None:
        fig.update_xaxes(title_text=x_title)
    if y_title is not None:
        fig.update_yaxes(title_text=y_title, rangemode="tozero")
    return fig


def month_axis(fig: go.Figure, months: list[dt.date], lang: str = "da", every: int = 0) -> None:
    """Month ticks in the reader's language (plotly's own are English)."""
    months = sorted(set(months))
    if not months:
        return
    step = every or max(1, len(months) // 12)
    ticks = months[::step]
    fig.update_xaxes(
        tickvals=[pd.Timestamp(m) for m in ticks],
        ticktext=[formats.month(m, lang) for m in ticks],
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
        annotation_text="ufuldstændig måned" if lang == "da" else "incomplete month",
        annotation_position="top left",
        annotation_font_size=12,
    )


def lines_by_municipality(
    frame: pd.DataFrame, x: str, y: str, hover_label: str, lang: str = "da"
) -> go.Figure:
    """One line per municipality in its own colour, hover showing the formatted value."""
    fig = go.Figure()
    for municipality, part in frame.groupby("municipality", sort=True):
        part = part.sort_values(x)
        fig.add_trace(
            go.Scatter(
                x=pd.to_datetime(part[x]),
                y=part[y],
                name=municipality,
                mode="lines+markers",
                line={"color": colour(municipality), "width": 3},
                marker={"size": 6},
                customdata=[
                    [formats.month(d, lang), formats.number(v, lang)]
                    for d, v in zip(part[x], part[y], strict=True)
                ],
                hovertemplate=f"<b>{municipality}</b><br>%{{customdata[0]}}<br>"
                f"{hover_label}: %{{customdata[1]}}<extra></extra>",
            )
        )
    return fig


def sparkline(values: list[float], colour_hex: str = "#0072B2") -> go.Figure:
    fig = go.Figure(
        go.Scatter(y=values, mode="lines", line={"color": colour_hex, "width": 2}, hoverinfo="skip")
    )
    fig.update_layout(
        height=60,
        margin={"t": 0, "b": 0, "l": 0, "r": 0},
        showlegend=False,
        xaxis={"visible": False},
        yaxis={"visible": False},
        template="plotly_white",
    )
    return fig


PLOTLY_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def share_axis(fig: go.Figure, lang: str = "da", axis: str = "y", top: float = 1.0) -> None:
    """A share axis from 0 to `top` with percent ticks in the reader's format (75 %); the
    plotted values stay shares between 0 and 1."""
    ticks = [i / 10 for i in range(0, int(round(top * 10)) + 1, 1 if top <= 0.5 else 2)]
    update = fig.update_yaxes if axis == "y" else fig.update_xaxes
    update(
        range=[0, top * 1.08],
        tickvals=ticks,
        ticktext=[formats.percent(v, lang, 0) for v in ticks],
    )
