"""Lines over time: one line per municipality by month or half-year, enrolment cohorts'
curves, the net result's line and the card's sparkline."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from nextwork import formats, i18n
from nextwork.present.charts import plain
from nextwork.present.charts.house_style import PROGRAMME_COLOUR, colour, share_axis
from nextwork.present.charts.memo import memo


def lines_by_municipality(
    frame: pd.DataFrame, x: str, y: str, hover_label: str, lang: str = "da"
) -> go.Figure:
    """One line per municipality in its own colour, hover showing the formatted value."""
    traces = []
    for municipality, part in frame.groupby("municipality", sort=True):
        part = part.sort_values(x)
        traces.append(
            {
                "type": "scatter",
                "x": pd.to_datetime(part[x]).to_numpy(),
                "y": part[y].to_numpy(),
                "name": municipality,
                "mode": "lines+markers",
                "line": {"color": colour(municipality), "width": 3},
                "marker": {"size": 6},
                "customdata": [
                    [formats.month(d, lang), formats.number(v, lang)]
                    for d, v in zip(part[x], part[y], strict=True)
                ],
                "hovertemplate": f"<b>{municipality}</b><br>%{{customdata[0]}}<br>"
                f"{hover_label}: %{{customdata[1]}}<extra></extra>",
            }
        )
    return plain.figure(traces)  # at once and unchecked (`plain`)


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
    )
    return fig


@memo
def cohort_curves(
    frame: pd.DataFrame,
    share: str,
    count: str,
    denominator: str,
    lang: str = "da",
    target: float | None = None,
    min_n: int = 0,
) -> go.Figure:
    """One line per enrolment cohort (`cohort_start_on`, a half-year) over
    `months_since_enrolment`, in shades of blue from the oldest (light) to the newest (dark);
    the hover shows the share with the count and denominator behind it. A `target` share is
    drawn as a dashed line labelled "Mål: 75 %"."""
    from plotly.colors import sample_colorscale

    fig = go.Figure()
    starts = sorted(set(frame["cohort_start_on"]))
    shades = sample_colorscale(
        "Blues", [0.45 + 0.55 * i / max(1, len(starts) - 1) for i in range(len(starts))]
    )
    after, of = ("mdr. efter indskrivning", "af") if lang == "da" else ("months in", "of")
    for start, shade in zip(starts, shades, strict=True):
        part = frame[frame["cohort_start_on"] == start].sort_values("months_since_enrolment")
        # The curve stops where fewer than `min_n` are followed: a few make a share jump.
        part = part[part[denominator].fillna(0) >= min_n]
        if part.empty:
            continue
        label = formats.half_year_label(pd.Timestamp(start).date(), lang)
        fig.add_trace(
            go.Scatter(
                x=part["months_since_enrolment"].tolist(),
                y=part[share].tolist(),
                name=label,
                mode="lines+markers",
                line={"color": shade, "width": 3},
                marker={"size": 6},
                customdata=[
                    [formats.percent(s, lang), formats.number(c, lang), formats.number(d, lang)]
                    for s, c, d in zip(part[share], part[count], part[denominator], strict=True)
                ],
                hovertemplate=f"<b>{label}</b><br>%{{x}} {after}<br>%{{customdata[0]}} "
                f"(%{{customdata[1]}} {of} %{{customdata[2]}})<extra></extra>",
            )
        )
    if target is not None:
        fig.add_hline(
            y=target,
            line={"color": PROGRAMME_COLOUR, "dash": "dash"},
            annotation_text=i18n.t(lang, "Mål: ", "Target: ") + formats.percent(target, lang, 0),
            annotation_position="top left",
            annotation_font={"size": 15, "color": PROGRAMME_COLOUR},
        )
    fig.update_xaxes(range=[-0.5, 24.5], dtick=3)
    share_axis(fig, lang)
    return fig


def half_year_lines(points: pd.DataFrame, reference_label: str) -> go.Figure:
    """One line per municipality over the half-years (`label`, in the frame's order), in its
    own colour, and the rows without a municipality (a reference such as the programme's
    median) as a dashed black line named `reference_label`; `hover` is each point's text."""
    order = list(dict.fromkeys(points["label"]))
    reference = points[points["municipality"].isna()]
    traces = [
        {
            "type": "scatter",
            "x": list(part["label"]),
            "y": list(part["value"]),
            "name": municipality,
            "mode": "lines+markers",
            "line": {"color": colour(municipality), "width": 3},
            "marker": {"size": 8},
            "customdata": list(part["hover"]),
            "hovertemplate": "%{customdata}<extra></extra>",
        }
        for municipality, part in points[points["municipality"].notna()].groupby(
            "municipality", sort=True
        )
    ]
    traces.append(
        {
            "type": "scatter",
            "x": list(reference["label"]),
            "y": list(reference["value"]),
            "name": reference_label,
            "mode": "lines+markers",
            "line": {"color": PROGRAMME_COLOUR, "width": 2, "dash": "dash"},
            "marker": {"size": 6, "symbol": "diamond"},
            "customdata": list(reference["hover"]),
            "hovertemplate": "%{customdata}<extra></extra>",
        }
    )
    fig = plain.figure(traces)  # at once and unchecked (`plain`)
    fig.update_xaxes(categoryorder="array", categoryarray=order)
    return fig


@memo
def net_result_line(
    months: list[float],
    nets: list[float],
    line_label: str,
    points: list[tuple[str, float | None, float | None]],
    lang: str = "da",
) -> go.Figure:
    """The net result (in millions of DKK) against months off benefit per participant: a line
    through `months` and `nets` named `line_label`, a zero line, and a marker for each of
    `points` (name, months, net) that has a value and lies on the chart."""

    def kroner(value: float) -> str:
        text = formats.number(value, lang)
        return i18n.t(lang, f"{text} kr.", f"DKK {text}")

    def months_text(value: float) -> str:
        return formats.number(value, lang, 1) + i18n.t(lang, " mdr.", " months")

    fig = go.Figure(
        go.Scatter(
            x=months,
            y=[v / 1e6 for v in nets],
            mode="lines",
            name=line_label,
            line={"color": PROGRAMME_COLOUR, "width": 3},
            customdata=[[months_text(m), kroner(v)] for m, v in zip(months, nets, strict=True)],
            hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>",
        )
    )
    fig.add_hline(y=0, line={"color": "#666666", "width": 1})
    for (name, x, y), symbol, colour_hex in zip(
        points, ("circle", "diamond", "square"), ("#0072B2", "#D55E00", "#009E73"), strict=False
    ):
        if x is None or y is None or not (min(months) <= x <= max(months)):
            continue
        fig.add_trace(
            go.Scatter(
                x=[x],
                y=[y / 1e6],
                mode="markers",
                name=f"{name}: {months_text(x)}",
                marker={"size": 14, "symbol": symbol, "color": colour_hex},
                customdata=[[months_text(x), kroner(y)]],
                hovertemplate=f"{name}<br>%{{customdata[0]}}: %{{customdata[1]}}<extra></extra>",
            )
        )
    return fig
