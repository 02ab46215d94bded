"""The fair comparison's charts: the deviation heatmap against the median and the funnel
plot with its control limits and names placed clear of one another."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from nextwork import formats
from nextwork.present.chart_text import HEATMAP_EVEN
from nextwork.present.charts import plain
from nextwork.present.charts.house_style import PROGRAMME_COLOUR, colour
from nextwork.present.charts.memo import memo

DEVIATION_COLOURS = [
    [0.0, "#E8853A"],
    [0.25, "#F6C18F"],
    [0.5, "#F7F7F7"],
    [0.75, "#9CC7E4"],
    [1.0, "#5B9BD0"],
]


@memo
def deviation_heatmap(
    cells: pd.DataFrame, lang: str = "da", limit: float = 0.5, colourbar_title: str = ""
) -> go.Figure:
    """A table-like heatmap of `cells` (row, column, distance, text, hover; rows and columns in
    the frame's order): each cell labelled with its text and coloured by its distance from a
    reference (-0.25 is a quarter below it), orange below, blue above, capped at `limit`. A
    cell without a distance is grey."""
    rows = list(dict.fromkeys(cells["row"]))
    columns = list(dict.fromkeys(cells["column"]))
    lookup = {(c.row, c.column): c for c in cells.itertuples()}

    def grid(field, empty):
        out = []
        for r in rows:
            line = []
            for c in columns:
                cell = lookup.get((r, c))
                value = None if cell is None else getattr(cell, field)
                line.append(empty if value is None or pd.isna(value) else value)
            out.append(line)
        return out

    z = [
        [None if v is None else max(-limit, min(limit, v)) for v in line]
        for line in grid("distance", None)
    ]
    ticks = [-limit, -limit / 2, 0, limit / 2, limit]
    tick_text = [
        ("≤ −" if i == 0 else "−" if t < 0 else "≥ +" if i == 4 else "+" if t > 0 else "")
        + (formats.percent(abs(t), lang, 0) if t else "median")
        for i, t in enumerate(ticks)
    ]
    # The colour's meaning also as a sign in the cell: ▲ above the reference, ▼ below.
    signs = [
        [
            "▲"
            if v is not None and v > HEATMAP_EVEN
            else "▼"
            if v is not None and v < -HEATMAP_EVEN
            else ""
            for v in line
        ]
        for line in z
    ]
    texts = [
        [f"{sign} {text}" if sign else text for sign, text in zip(sign_line, line, strict=True)]
        for sign_line, line in zip(signs, grid("text", "–"), strict=True)
    ]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=columns,
            y=rows,
            text=texts,
            customdata=grid("hover", ""),
            texttemplate="%{text}",
            textfont={"size": 14},
            hovertemplate="%{customdata}<extra></extra>",
            colorscale=DEVIATION_COLOURS,
            zmin=-limit,
            zmax=limit,
            zmid=0,
            xgap=3,
            ygap=3,
            colorbar={
                "title": {"text": colourbar_title, "side": "right"},
                "tickvals": ticks,
                "ticktext": tick_text,
                "thickness": 14,
                "len": 0.9,
            },
        )
    )
    # Long column names wrap at their first space, so that the labels can stay level.
    fig.update_xaxes(
        side="top",
        tickangle=0,
        tickvals=columns,
        ticktext=[c.replace(" ", "<br>", 1) if len(c) > 12 else c for c in columns],
        tickfont={"size": 15, "color": "#222222"},
        showgrid=False,
    )
    fig.update_yaxes(
        autorange="reversed", tickfont={"size": 15, "color": "#222222"}, showgrid=False
    )
    fig.update_layout(plot_bgcolor="#E6E6E6")
    return fig


ANONYMOUS_COLOUR = "#767676"  # other sites without names: grey that keeps 4.5:1 on white

# Where a site's name goes beside its point in the funnel, tried in this order. The places
# are chosen for the plot as a phone draws it (`PHONE_PLOT` pixels wide and high, names at
# about `LABEL_CHAR` x `LABEL_HEIGHT` pixels a letter): a name that fits there fits wider.
LABEL_PLACES = (
    "top center",
    "bottom center",
    "middle right",
    "middle left",
    "top right",
    "top left",
    "bottom right",
    "bottom left",
)
PHONE_PLOT = (280, 140)
LABEL_CHAR, LABEL_HEIGHT, MARKER_RADIUS = 8.0, 18.0, 8.0
LABEL_GAP = 10.0  # room kept between two names


def _label_box(x: float, y: float, width: float, place: str) -> tuple[float, float, float, float]:
    """The box (left, bottom, right, top, in pixels, y upwards) of a name `width` wide at
    `place` beside a point at x, y."""
    vertical, horizontal = place.split()
    gap = MARKER_RADIUS + 1
    if horizontal == "center":
        left = x - width / 2
    elif horizontal == "right":
        left = x + (gap if vertical == "middle" else 0)
    else:
        left = x - width - (gap if vertical == "middle" else 0)
    if vertical == "top":
        bottom = y + gap
    elif vertical == "bottom":
        bottom = y - gap - LABEL_HEIGHT
    else:
        bottom = y - LABEL_HEIGHT / 2
    return left, bottom, left + width, bottom + LABEL_HEIGHT


def _overlap(a, b) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return max(0.0, width) * max(0.0, height)


def label_places(
    points: list[tuple[str, float, float]],
    x_range: tuple[float, float],
    y_range: tuple[float, float],
) -> dict[str, str]:
    """A place (`LABEL_PLACES`) for each name of `points` (name, x, y in data units on
    axes spanning `x_range` and `y_range`) so that the names overlap neither one another nor
    the points nor the plot's edges on a phone: each name in turn (left to right) takes the
    first place with the least overlap."""
    (x0, x1), (y0, y1) = x_range, y_range
    w, h = PHONE_PLOT
    pixels = [(name, (x - x0) / (x1 - x0) * w, (y - y0) / (y1 - y0) * h) for name, x, y in points]
    markers = [
        (px - MARKER_RADIUS, py - MARKER_RADIUS, px + MARKER_RADIUS, py + MARKER_RADIUS)
        for _, px, py in pixels
    ]
    taken: list[tuple[float, float, float, float]] = []
    places = {}
    for name, px, py in sorted(pixels, key=lambda p: (p[1], p[2])):
        width = len(name) * LABEL_CHAR + LABEL_GAP

        def cost(place, px=px, py=py, width=width):
            box = _label_box(px, py, width, place)
            inside = (
                (min(box[2], w) - max(box[0], 0)) * (min(box[3], h) - max(box[1], 0))
                if box[2] > 0 and box[0] < w and box[3] > 0 and box[1] < h
                else 0.0
            )
            outside = width * LABEL_HEIGHT - max(0.0, inside)
            # in whole square pixels: a float's last digit is no overlap
            return round(outside + sum(_overlap(box, other) for other in [*taken, *markers]))

        best = min(LABEL_PLACES, key=lambda place: (cost(place), LABEL_PLACES.index(place)))
        places[name] = best
        taken.append(_label_box(px, py, width, best))
    return places


def funnel(
    points: pd.DataFrame,
    p0: float,
    limits: dict[float, pd.DataFrame],
    lang: str = "da",
    reading_texts: dict[str, str] | None = None,
) -> go.Figure:
    """A funnel plot of observed - expected (in percentage points) against n: one point per
    site, named and in its own colour (`points`: label, n, difference, reading; a label None
    is another site without a name, all of them one grey series), 0 as the expected line,
    and the control limits (`limits`: level -> frame of n, low, high as differences from the
    programme's share p0, from `fair.funnel_curve`) as lines that narrow as n grows: 95 %
    dashed, 99.8 % dotted. Titles come from `style`."""
    da = lang == "da"
    reading_texts = reading_texts or {}
    shown = points[points["difference"].notna() & points["n"].notna()]
    named = shown[shown["label"].notna()]
    others = shown[shown["label"].isna()]
    n_max = max([int(n) for n in shown["n"]] + [10])
    # The y range: the points, and the limits at half the smallest n shown (at least 5).
    smallest = max(5, int(min([int(n) for n in shown["n"]] + [n_max]) * 0.5))
    reach = [abs(d) * 100 for d in shown["difference"]]
    for curve in limits.values():
        near = curve[curve["n"] >= smallest]
        if len(near):
            reach += [abs(near["low"].iloc[0]) * 100, abs(near["high"].iloc[0]) * 100]
    top = max(reach + [5]) * 1.15
    places = label_places(
        [(r.label, float(r.n), float(r.difference) * 100) for r in named.itertuples()],
        (0, n_max * 1.1),
        (-top, top),
    )
    traces = [
        {
            "type": "scatter",
            "x": [row.n],
            "y": [row.difference * 100],
            "mode": "markers+text",
            "name": row.label,
            # The value as text (what the chart's description and table read), the name as
            # what is drawn beside the point.
            "text": [formats.points(row.difference, lang)],
            "texttemplate": row.label,
            "textposition": places.get(row.label, "top center"),
            "marker": {
                "size": 14,
                "color": colour(row.label),
                "line": {"width": 1, "color": "#222222"},
            },
            "customdata": [
                [
                    formats.points(row.difference, lang),
                    formats.number(row.n, lang),
                    reading_texts.get(row.reading, ""),
                ]
            ],
            "hovertemplate": f"<b>{row.label}</b><br>%{{customdata[0]}}<br>n = %{{customdata[1]}}"
            "<br>%{customdata[2]}<extra></extra>",
        }
        for row in named.itertuples(index=False)
    ]
    if len(others):
        traces.append(
            {
                "type": "scatter",
                "x": list(others["n"]),
                "y": [d * 100 for d in others["difference"]],
                "mode": "markers",
                "name": "Andre kommuner" if da else "Other sites",
                "marker": {
                    "size": 11,
                    "color": ANONYMOUS_COLOUR,
                    "symbol": "circle-open",
                    "line": {"width": 2},
                },
                "customdata": [
                    [formats.points(d, lang), formats.number(n, lang)]
                    for d, n in zip(others["difference"], others["n"], strict=True)
                ],
                "hovertemplate": "%{customdata[0]}<br>n = %{customdata[1]}<extra></extra>",
            }
        )
    shapes = []
    for level, dash in zip(sorted(limits), ("dash", "dot"), strict=False):
        curve = limits[level]
        curve = curve[curve["n"] <= n_max * 1.1]
        for side in ("low", "high"):
            path = "M " + " L ".join(
                f"{n},{v * 100:.4f}" for n, v in zip(curve["n"], curve[side], strict=True)
            )
            shapes.append(
                {
                    "type": "path",
                    "path": path,
                    "xref": "x",
                    "yref": "y",
                    "line": {"color": "#444444", "dash": dash, "width": 1.5},
                    "layer": "below",
                }
            )
        label = formats.number(level * 100, lang, 1 if level * 100 % 1 else 0)
        name = f"{label} %-grænser" if da else f"{label}% limits"
        traces.append(plain.legend_line(name, {"color": "#444444", "dash": dash, "width": 1.5}))
    expected = {"color": PROGRAMME_COLOUR, "width": 1.5}
    p0_text = formats.percent(p0, lang)
    name = f"Forventet (programmet: {p0_text})" if da else f"Expected (the programme: {p0_text})"
    traces.append(plain.legend_line(name, expected))
    # All at once and unchecked (`plain`), the expected line as `add_hline` draws it.
    fig = plain.figure(traces, {"shapes": [*shapes, plain.hline(0, expected)]})
    # The axis title clear of the ticks (`style` sets its text).
    fig.update_yaxes(range=[-top, top], ticksuffix="", zeroline=False, title_standoff=10)
    fig.update_xaxes(range=[0, n_max * 1.1], rangemode="tozero")
    fig.update_layout(showlegend=True)
    return fig
