"""A slide's chart for the screen (the Præsentation page): the same bars, labels and
colours as in the deck, drawn with plotly in the house style at a projector's size."""

from __future__ import annotations

from nextwork.present import charts
from nextwork.present.deck.model import (
    Chart,
)

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
