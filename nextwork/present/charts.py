"""Charts in the house style: one colour per municipality everywhere, Danish number and
date formats, a title, axis titles with units, and the filters in the subtitle."""

from __future__ import annotations

import collections
import datetime as dt
import functools
import hashlib
import json
import re
import threading

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from _plotly_utils.utils import PlotlyJSONEncoder

from nextwork import formats
from nextwork.metrics import disclosure
from nextwork.present import chart_text
from nextwork.present.chart_text import HEATMAP_EVEN

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


# --- figures made once ---------------------------------------------------------------------
# A page draws the same charts for every reader of the same view, and plotly's figures are
# slow to build (each property checked as it is set). A builder marked `@_memo` keeps the
# figures it made for its last few hundred inputs; a call with the same inputs (frames equal
# cell by cell, in the same order, with the same columns and types) gets a copy of the one
# made before, which the page may change freely. An input that cannot be compared so (a
# function, an object of unknown kind) makes the call build afresh.


class _Unkeyable(Exception):
    pass


def _fingerprint(value):
    if value is None or isinstance(value, (bool, int, str, dt.date, dt.datetime)):
        return (type(value).__name__, value)
    if isinstance(value, float):
        return ("float", repr(value))
    if isinstance(value, (pd.DataFrame, pd.Series)):
        try:
            rows = pd.util.hash_pandas_object(value, index=True).to_numpy()
        except TypeError as e:  # cells that cannot be hashed (lists)
            raise _Unkeyable from e
        columns = tuple(value.columns) if isinstance(value, pd.DataFrame) else (value.name,)
        types = tuple(map(repr, value.dtypes)) if isinstance(value, pd.DataFrame) else value.dtype
        return (type(value).__name__, columns, repr(types), hashlib.sha1(rows.tobytes()).digest())
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_fingerprint(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple((_fingerprint(k), _fingerprint(v)) for k, v in value.items()))
    if hasattr(value, "item") and getattr(value, "ndim", None) == 0:  # a numpy number
        return _fingerprint(value.item())
    raise _Unkeyable(type(value).__name__)


_MADE: collections.OrderedDict = collections.OrderedDict()
_MADE_LOCK = threading.Lock()
_MADE_MAX = 300


def forget() -> None:
    """Forget every figure made (for a benchmark's cold render)."""
    with _MADE_LOCK:
        _MADE.clear()
        _TEXTS.clear()
        _MAPS.clear()


def _memo(builder):
    @functools.wraps(builder)
    def made(*args, **kwargs):
        try:
            key = (builder.__name__, _fingerprint(args), _fingerprint(kwargs))
        except _Unkeyable:
            return builder(*args, **kwargs)
        with _MADE_LOCK:
            fig = _MADE.get(key)
            if fig is not None:
                _MADE.move_to_end(key)
        if fig is None:
            fig = builder(*args, **kwargs)
            with _MADE_LOCK:
                _MADE[key] = fig
                while len(_MADE) > _MADE_MAX:
                    _MADE.popitem(last=False)
        return go.Figure(fig)  # a copy: the kept figure is never changed

    return made


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
    fig.update_layout(
        title={
            "text": wrapped_title,
            "subtitle": {"text": wrapped_sub},
            "x": 0,
            "xanchor": "left",
        },
        meta={"nwTitle": title, "nwSubtitle": subtitle, "nwExtra": round(extra)},
        separators=",." if lang == "da" else ".,",
        height=height,
        margin={"t": TOP_MARGIN + round(extra), "l": 10, "r": 10, "b": 10},
        font={"size": 15},
        # The legend under the chart, so that it never squeezes the plot on a phone.
        legend={
            "orientation": "h",
            "yref": "container",
            "yanchor": "bottom",
            "y": 0,
            "x": 0,
            "xanchor": "left",
        },
        hoverlabel={"font_size": 14},
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
    step = every or max(1, -(-len(months) // 7))
    ticks = months[::step]
    # The year under the month, and no more than seven ticks: they fit a phone unturned.
    fig.update_xaxes(
        tickvals=[pd.Timestamp(m) for m in ticks],
        ticktext=[formats.month(m, lang).replace(" ", "<br>", 1) for m in ticks],
        tickangle=0,
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
        annotation_xanchor="right",  # to the left of the shade: inside the chart on a phone
        annotation_font_size=12,
    )


@_memo
def lines_by_municipality(
    frame: pd.DataFrame, x: str, y: str, hover_label: str, lang: str = "da"
) -> go.Figure:
    """One line per municipality in its own colour, hover showing the formatted value."""
    fig = go.Figure()
    traces = []
    for municipality, part in frame.groupby("municipality", sort=True):
        part = part.sort_values(x)
        traces.append(
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
    fig.add_traces(traces)  # at once: plotly checks the earlier traces on every addition
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
    )
    return fig


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
    update = fig.update_yaxes if axis == "y" else fig.update_xaxes
    update(
        range=[0, top * 1.08],
        tickvals=ticks,
        ticktext=[formats.percent(v, lang, 0) for v in ticks],
    )


def few_note(min_n: int, lang: str = "da") -> str:
    """The legend's note on a greyed share."""
    return (
        f"Grå: færre end {min_n} bag andelen, usikker"
        if lang == "da"
        else f"Grey: fewer than {min_n} behind the share, uncertain"
    )


@_memo
def bars_by_municipality(
    names: list[str],
    values: list,
    counts: list,
    kind: str,
    lang: str = "da",
    reference: float | None = None,
    reference_label: str | None = None,
    min_n: int = 0,
    target: float | None = None,
) -> go.Figure:
    """One bar per municipality in its own colour, labelled with its value in the reader's
    format and, for a share or median, the n behind it. A `target` is a dotted line across,
    named in the legend. A share on fewer than `min_n` is
    drawn grey, with a note in the legend. A missing value is a flat bar labelled "–".
    `reference` is a dashed line across, named in the legend."""
    bars, labels = [], []
    greyed = False
    for name, value, count in zip(names, values, counts, strict=True):
        text = formats.kpi_value(value, kind, lang)
        n_text = "" if count is None else f"n = {formats.number(count, lang)}"
        small = kind == "share" and count is not None and count < min_n and value is not None
        greyed = greyed or small
        bars.append(
            go.Bar(
                x=[name],
                y=[0 if value is None else value],
                name=name,
                marker_color=GREYED if small else colour(name),
                customdata=[[text, n_text]],
                hovertemplate=f"<b>{name}</b><br>%{{customdata[0]}}<br>%{{customdata[1]}}"
                "<extra></extra>",
                showlegend=False,
            )
        )
        # The value above the bar on a white ground, so that the reference line never
        # runs through it; the n under it.
        labels.append(
            {
                "x": name,
                "y": 0 if value is None else value,
                "text": text
                + (f"<br><span style='font-size:12px'>{n_text}</span>" if n_text else ""),
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"color": "#666666" if small else "#222222", "size": 15},
                "bgcolor": "rgba(255, 255, 255, 0.85)",
            }
        )
    # All at once: adding them one by one checks every earlier one again each time, which
    # took seconds for the 98 municipalities.
    fig = go.Figure(data=bars)
    fig.update_layout(annotations=labels)
    if reference is not None:
        line = {"color": PROGRAMME_COLOUR, "dash": "dash", "width": 1.5}
        fig.add_hline(y=reference, line=line, layer="below")
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines",
                line=line,
                name=f"{reference_label}: {formats.kpi_value(reference, kind, lang)}",
                showlegend=True,
            )
        )
    if target is not None:
        line = {"color": "#444444", "dash": "dot", "width": 2}
        fig.add_hline(y=target, line=line, layer="below")
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines",
                line=line,
                name=("Målet: " if lang == "da" else "Target: ") + formats.percent(target, lang, 0),
            )
        )
    if greyed:
        fig.add_trace(go.Bar(x=[None], y=[None], marker_color=GREYED, name=few_note(min_n, lang)))
    return fig


def bars(
    frame: pd.DataFrame,
    category: str,
    value: str,
    value_label: str,
    lang: str = "da",
    series: str = "municipality",
    share: str | None = None,
    category_text=None,
    series_text=None,
    series_colour=None,
    horizontal: bool = False,
    barmode: str = "stack",
) -> go.Figure:
    """Bars of `value` per `category`, one series per value of `series` (by default one per
    municipality in its own colour), in the frame's order. The hover shows the series, the
    category (a month for dates) and the formatted count, with the share from the column
    `share` if given. `category_text`, `series_text` and `series_colour` turn a category or
    series value into its label or colour."""
    # The labels and colours as columns of the frame, so that the figure is made once for
    # equal frames and labels (`_memo`), whatever functions gave them.
    given = {}
    if category_text:
        given[_CATEGORY_TEXT] = [category_text(c) for c in frame[category]]
    if series_text:
        given[_SERIES_TEXT] = [series_text(k) for k in frame[series]]
    if series_colour:
        given[_SERIES_COLOUR] = [series_colour(k) for k in frame[series]]
    frame = frame.assign(**given) if given else frame
    return _bars(frame, category, value, value_label, lang, series, share, horizontal, barmode)


_CATEGORY_TEXT, _SERIES_TEXT, _SERIES_COLOUR = "_category_text", "_series_text", "_series_colour"


@_memo
def _bars(frame, category, value, value_label, lang, series, share, horizontal, barmode):
    fig = go.Figure()
    is_dates = pd.api.types.is_datetime64_any_dtype(frame[category])
    order = []
    # Municipalities in name order, as in every other chart's legend; other series as given.
    for key, part in frame.groupby(series, sort=series == "municipality"):
        name = part[_SERIES_TEXT].iloc[0] if _SERIES_TEXT in part else str(key)
        if is_dates:
            positions = list(pd.to_datetime(part[category]))
            labels = [formats.month(d, lang) for d in positions]
        else:
            if _CATEGORY_TEXT in part:
                labels = list(part[_CATEGORY_TEXT])
            else:
                labels = [str(c) for c in part[category]]
            positions = labels
            order += [label for label in labels if label not in order]
        shares = list(part[share]) if share else [None] * len(part)
        customdata = [
            [label, formats.number(v, lang), formats.percent(s, lang)]
            for label, v, s in zip(labels, part[value], shares, strict=True)
        ]
        share_text = " (%{customdata[2]})" if share else ""
        fig.add_trace(
            go.Bar(
                x=list(part[value]) if horizontal else positions,
                y=positions if horizontal else list(part[value]),
                orientation="h" if horizontal else "v",
                name=name,
                marker_color=part[_SERIES_COLOUR].iloc[0]
                if _SERIES_COLOUR in part
                else colour(key),
                customdata=customdata,
                hovertemplate=f"<b>{name}</b><br>%{{customdata[0]}}<br>{value_label}: "
                f"%{{customdata[1]}}{share_text}<extra></extra>",
            )
        )
    # Stacked horizontal bars read left to right, like a legend in trace order.
    fig.update_layout(barmode=barmode, legend_traceorder="normal" if horizontal else None)
    stacked = frame.groupby(category)[value].sum() if barmode == "stack" else frame[value]
    if stacked.empty or stacked.max() <= 5:  # counts: no ticks between whole numbers
        (fig.update_xaxes if horizontal else fig.update_yaxes)(dtick=1)
    if order:
        axis = fig.update_yaxes if horizontal else fig.update_xaxes
        axis(
            categoryorder="array",
            categoryarray=order,
            autorange="reversed" if horizontal else None,
        )
    return fig


@_memo
def share_bars(
    frame: pd.DataFrame, lang: str = "da", total_label: str = "Alle valgte", min_n: int = 0
) -> go.Figure:
    """One KPI share per municipality from the KPI engine's long frame (municipality, value,
    numerator, denominator; municipality None is the pooled total, drawn last in black),
    as horizontal bars labelled with the share and, on a second line, its n. The value axis
    runs on to about 130 % so that the label of a full bar fits beside it. An empty share is
    a dash, never 0; a share on fewer than `min_n` is grey, with a note in the legend."""
    rows = frame.sort_values("municipality", na_position="last")
    names, values, texts, colours = [], [], [], []
    of = " af " if lang == "da" else " of "
    for row in rows.itertuples():
        municipality = row.municipality if isinstance(row.municipality, str) else None
        value = None if pd.isna(row.value) else row.value
        numerator = 0 if pd.isna(row.numerator) else row.numerator
        denominator = 0 if pd.isna(row.denominator) else row.denominator
        names.append(municipality or total_label)
        values.append(value or 0)
        texts.append(
            f"{formats.percent(value, lang)}<br>({formats.number(numerator, lang)}{of}"
            f"{formats.number(denominator, lang)})"
        )
        small = value is not None and denominator < min_n
        colours.append(GREYED if small else colour(municipality))
    fig = go.Figure(
        go.Bar(
            x=values,
            y=names,
            orientation="h",
            marker_color=colours,
            text=texts,
            textposition="outside",
            textfont={"color": "#222222"},
            cliponaxis=False,
            customdata=texts,
            hovertemplate="<b>%{y}</b><br>%{customdata}<extra></extra>",
        )
    )
    if GREYED in colours:
        fig.add_trace(go.Bar(x=[None], y=[None], marker_color=GREYED, name=few_note(min_n, lang)))
        fig.update_layout(showlegend=True)
        fig.data[0].showlegend = False
    fig.update_yaxes(autorange="reversed")
    share_axis(fig, lang, axis="x")
    fig.update_xaxes(range=[0, SHARE_ROOM])  # the ticks stop at 100 %
    return fig


@_memo
def step_bars(
    labels: list[str],
    counts: list[int],
    shares: list[float | None],
    lang: str = "da",
    colour_hex: str = PROGRAMME_COLOUR,
) -> go.Figure:
    """Steps of a flow as horizontal bars from the top, each labelled with its count and its
    share of the first step. Bars, not a funnel: a step may hold more than the one before."""
    texts = [
        f"{formats.number(c, lang)} ({formats.percent(s, lang)})"
        if c is not None and not pd.isna(c)
        else disclosure.label()
        for c, s in zip(counts, shares, strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            x=[None if c is None or pd.isna(c) else c for c in counts],
            y=labels,
            orientation="h",
            text=texts,
            textposition="auto",
            marker_color=colour_hex,
            customdata=texts,
            hovertemplate="<b>%{y}</b><br>%{customdata}<extra></extra>",
        )
    )
    # The steps' names are what the chart says: as large as its numbers.
    fig.update_yaxes(autorange="reversed", tickfont={"size": 15, "color": "#222222"})
    if max((c for c in counts if c is not None and not pd.isna(c)), default=0) <= 5:
        fig.update_xaxes(dtick=1)
    return fig


def map_view(latitudes: list[float], longitudes: list[float]):
    """A pydeck view state showing all these points on a map about 900 x 580 pixels."""
    import math

    import pydeck as pdk

    if not latitudes:
        return pdk.ViewState(latitude=56.0, longitude=10.6, zoom=5.8)
    lat_span = max(latitudes) - min(latitudes)
    lon_span = max(longitudes) - min(longitudes)
    # At zoom z the world is 512 * 2**z pixels wide; in Denmark a degree of latitude is about
    # 1.8 degrees of longitude on the screen, and the map is about 2/3 as high as it is wide.
    span = max(lon_span, 2.8 * lat_span, 0.02) * 1.3
    return pdk.ViewState(
        latitude=(max(latitudes) + min(latitudes)) / 2,
        longitude=(max(longitudes) + min(longitudes)) / 2,
        zoom=round(min(12.0, max(4.0, math.log2(360 * 900 / 512 / span))), 2),
    )


def points_map(points: pd.DataFrame, places: pd.DataFrame, size: str, tooltip_html: str):
    """The map (`_points_map`), made and written out as JSON once per input: Streamlit
    sends the map as that JSON, which for 20,000 companies took longer than the rest of the
    page. The map is shared between runs and never changed."""
    try:
        key = ("points_map", _fingerprint((points, places, size, tooltip_html)))
    except _Unkeyable:
        return _points_map(points, places, size, tooltip_html)
    with _MADE_LOCK:
        deck = _MAPS.get(key)
    if deck is None:
        deck = _points_map(points, places, size, tooltip_html)
        text = deck.to_json()
        deck.to_json = lambda: text
        with _MADE_LOCK:
            _MAPS[key] = deck
            while len(_MAPS) > _MAPS_MAX:
                _MAPS.popitem(last=False)
    return deck


# A map of every company is a few MB of JSON: only the last few are kept.
_MAPS: collections.OrderedDict = collections.OrderedDict()
_MAPS_MAX = 8


def _points_map(points: pd.DataFrame, places: pd.DataFrame, size: str, tooltip_html: str):
    """A pydeck map of `points` (latitude, longitude, municipality and the `size` column) as
    dots in their municipality's colour, larger for a larger `size` but never too small to
    see, and of `places` (latitude, longitude, municipality) as dark rings with their name.

    The basemap is Carto's light style, which needs no token; the layers are drawn by the
    browser itself, so without internet they still show, on a blank background."""
    import math

    import pydeck as pdk

    dots = points.assign(
        fill_rgba=[rgb(m) + [200] for m in points["municipality"]],
        # a hidden count (None) draws as the smallest dot
        radius_px=[5 if v is None or pd.isna(v) else 5 + 3 * math.sqrt(v) for v in points[size]],
    )
    # pydeck reads a bare string as the name of a data column; quoted, it is a constant.
    layers = [
        pdk.Layer(
            "ScatterplotLayer",
            data=dots,
            id="companies",
            get_position=["longitude", "latitude"],
            get_fill_color="fill_rgba",
            get_radius="radius_px",
            radius_units='"pixels"',
            stroked=True,
            get_line_color=[255, 255, 255],
            line_width_min_pixels=1,
            pickable=True,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            data=places,
            id="sites",
            get_position=["longitude", "latitude"],
            get_fill_color=[255, 255, 255, 60],
            get_radius=20,
            radius_units='"pixels"',
            stroked=True,
            get_line_color=[34, 34, 34],
            get_line_width=3,
            line_width_units='"pixels"',
            pickable=False,
        ),
        pdk.Layer(
            "TextLayer",
            data=places,
            id="site_names",
            get_position=["longitude", "latitude"],
            get_text="municipality",
            get_size=18,
            get_color=[0, 0, 0],
            font_weight=700,
            get_pixel_offset=[0, -34],
            background=True,
            character_set='"auto"',
            font_family='"Source Sans Pro, Helvetica, Arial, sans-serif"',
            get_background_color=[255, 255, 255, 230],
            background_padding=[6, 3],
            pickable=False,
        ),
    ]
    return pdk.Deck(
        layers=layers,
        initial_view_state=map_view(
            list(dots["latitude"]) + list(places["latitude"]),
            list(dots["longitude"]) + list(places["longitude"]),
        ),
        map_provider="carto",
        map_style=pdk.map_styles.LIGHT,
        tooltip={"html": tooltip_html, "style": {"fontSize": "14px"}},
    )


def half_year_label(start: dt.date, lang: str = "da") -> str:
    """1. halvår 2024 (en: 2024 H1) for the half-year starting on `start`."""
    half = 1 if start.month <= 6 else 2
    return f"{start.year} H{half}" if lang == "en" else f"{half}. halvår {start.year}"


@_memo
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
        label = half_year_label(pd.Timestamp(start).date(), lang)
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
            annotation_text=("Mål: " if lang == "da" else "Target: ")
            + formats.percent(target, lang, 0),
            annotation_position="top left",
            annotation_font={"size": 15, "color": PROGRAMME_COLOUR},
        )
    fig.update_xaxes(range=[-0.5, 24.5], dtick=3)
    share_axis(fig, lang)
    return fig


@_memo
def composition_bars(
    frame: pd.DataFrame,
    row: str,
    part: str,
    share: str,
    count: str,
    total: str,
    parts: dict[str, tuple[str, str]],
    total_label: str,
    lang: str = "da",
) -> go.Figure:
    """One horizontal 100 % bar per value of `row` (a null row, the pooled total, is named
    `total_label` and drawn last), split by `part` into the `parts` given as value -> (label,
    colour). Each part is labelled with its share and, in brackets, its count; the hover adds
    the row's total."""
    fig = go.Figure()
    of = "af" if lang == "da" else "of"
    for value, (label, colour_hex) in parts.items():
        rows = frame[frame[part] == value].sort_values(row, na_position="last")
        fig.add_trace(
            go.Bar(
                y=[total_label if pd.isna(r) else r for r in rows[row]],
                x=rows[share].tolist(),
                name=label,
                orientation="h",
                marker_color=colour_hex,
                text=[
                    f"{formats.percent(s, lang, 0)} ({formats.number(c, lang)})"
                    for s, c in zip(rows[share], rows[count], strict=True)
                ],
                insidetextanchor="middle",
                textfont={"size": 15},
                customdata=[
                    [formats.number(c, lang), formats.number(n, lang), formats.percent(s, lang)]
                    for c, n, s in zip(rows[count], rows[total], rows[share], strict=True)
                ],
                hovertemplate=f"<b>%{{y}}</b><br>{label}: %{{customdata[0]}} {of} "
                "%{customdata[1]} (%{customdata[2]})<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    fig.update_yaxes(autorange="reversed")
    share_axis(fig, lang, axis="x")
    fig.update_xaxes(range=[0, SHARE_ROOM])  # the ticks stop at 100 %
    return fig


# Diverging from the median: orange below, blue above, white at it (both colour-blind safe),
# light enough at both ends for the cells' dark labels (4.5:1 and more).
DEVIATION_COLOURS = [
    [0.0, "#E8853A"],
    [0.25, "#F6C18F"],
    [0.5, "#F7F7F7"],
    [0.75, "#9CC7E4"],
    [1.0, "#5B9BD0"],
]


@_memo
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


@_memo
def half_year_lines(points: pd.DataFrame, reference_label: str) -> go.Figure:
    """One line per municipality over the half-years (`label`, in the frame's order), in its
    own colour, and the rows without a municipality (a reference such as the programme's
    median) as a dashed black line named `reference_label`; `hover` is each point's text."""
    fig = go.Figure()
    order = list(dict.fromkeys(points["label"]))
    reference = points[points["municipality"].isna()]
    for municipality, part in points[points["municipality"].notna()].groupby(
        "municipality", sort=True
    ):
        fig.add_trace(
            go.Scatter(
                x=list(part["label"]),
                y=list(part["value"]),
                name=municipality,
                mode="lines+markers",
                line={"color": colour(municipality), "width": 3},
                marker={"size": 8},
                customdata=list(part["hover"]),
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=list(reference["label"]),
            y=list(reference["value"]),
            name=reference_label,
            mode="lines+markers",
            line={"color": PROGRAMME_COLOUR, "width": 2, "dash": "dash"},
            marker={"size": 6, "symbol": "diamond"},
            customdata=list(reference["hover"]),
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
    fig.update_xaxes(categoryorder="array", categoryarray=order)
    return fig


@_memo
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
        return f"{text} kr." if lang == "da" else f"DKK {text}"

    def months_text(value: float) -> str:
        return formats.number(value, lang, 1) + (" mdr." if lang == "da" else " months")

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


@_memo
def headline_strip(
    rows: list[tuple[str, float | None, int | None, bool]],
    lang: str = "da",
    target: float | None = None,
    status_quo: float | None = None,
    min_n: int = 10,
) -> go.Figure:
    """The headline share per site against the programme, the target and the status quo: a
    horizontal bar per row (name, share, n, is the programme), best at the top, each
    labelled with its share and n beside it. A share on fewer than `min_n` is drawn grey and
    its label says so; a missing share is a flat bar labelled "–". The labels stand right
    of the plot: give the figure a right margin of about 130 px after `style`."""
    fig = go.Figure()
    ranked = sorted(rows, key=lambda r: (r[3], -1 if r[1] is None else r[1]))
    few = "få unge" if lang == "da" else "few people"
    bars, labels = [], []
    for name, value, n, is_programme in ranked:
        small = n is not None and n < min_n
        n_text = "" if n is None else f"n = {formats.number(n, lang)}"
        text = formats.percent(value, lang) + (f" ({n_text})" if n_text else "")
        if small and value is not None:
            text += f" · {few}"
        category = f"<b>{name}</b>" if is_programme else name
        plain = name.replace("<b>", "").replace("</b>", "")  # a name may come in bold
        bar = GREYED if small else PROGRAMME_COLOUR if is_programme else colour(plain)
        bars.append(
            go.Bar(
                y=[category],
                x=[0 if value is None else value],
                orientation="h",
                marker_color=bar,
                hovertemplate=f"<b>{plain}</b><br>{text}<extra></extra>",
                showlegend=False,
            )
        )
        # The label right of the plot, where no reference line runs through it.
        labels.append(
            {
                "x": 1.01,
                "xref": "paper",
                "xanchor": "left",
                "y": category,
                "text": text,
                "showarrow": False,
                "font": {"size": 13, "color": "#666666" if small else "#222222"},
            }
        )
    # All at once: one by one, plotly checks every earlier label again for each new one.
    fig.add_traces(bars)
    fig.update_layout(annotations=labels)
    for value, label, dash in (
        (target, "Målet" if lang == "da" else "Target", "dash"),
        (
            status_quo,
            "Før programmet ca." if lang == "da" else "Before the programme, about",
            "dot",
        ),
    ):
        if value is None:
            continue
        line = {"color": "#444444", "dash": dash, "width": 1.5}
        # what `add_vline` makes, without its search of every bar for the axes they use
        fig.add_shape(
            type="line",
            x0=value,
            x1=value,
            xref="x",
            y0=0,
            y1=1,
            yref="y domain",
            line=line,
            layer="below",
        )
        fig.add_trace(  # named in the legend under the chart, where no label collides
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines",
                line=line,
                name=f"{label} {formats.percent(value, lang, 0)}",
                showlegend=True,
            )
        )
    ticks = [0, 0.25, 0.5, 0.75, 1.0]
    fig.update_xaxes(
        range=[0, 1],
        tickvals=ticks,
        ticktext=[formats.percent(v, lang, 0) for v in ticks],
        showgrid=False,
    )
    fig.update_layout(bargap=0.35)
    return fig


# --- the fair comparison's funnel plot ---------------------------------------------------------

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
    fig = go.Figure()
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
    for row in named.itertuples(index=False):
        fig.add_trace(
            go.Scatter(
                x=[row.n],
                y=[row.difference * 100],
                mode="markers+text",
                name=row.label,
                # The value as text (what the chart's description and table read), the name
                # as what is drawn beside the point.
                text=[formats.points(row.difference, lang)],
                texttemplate=row.label,
                textposition=places.get(row.label, "top center"),
                marker={
                    "size": 14,
                    "color": colour(row.label),
                    "line": {"width": 1, "color": "#222222"},
                },
                customdata=[
                    [
                        formats.points(row.difference, lang),
                        formats.number(row.n, lang),
                        reading_texts.get(row.reading, ""),
                    ]
                ],
                hovertemplate=f"<b>{row.label}</b><br>%{{customdata[0]}}<br>n = %{{customdata[1]}}"
                "<br>%{customdata[2]}<extra></extra>",
            )
        )
    if len(others):
        fig.add_trace(
            go.Scatter(
                x=list(others["n"]),
                y=[d * 100 for d in others["difference"]],
                mode="markers",
                name="Andre kommuner" if da else "Other sites",
                marker={
                    "size": 11,
                    "color": ANONYMOUS_COLOUR,
                    "symbol": "circle-open",
                    "line": {"width": 2},
                },
                customdata=[
                    [formats.points(d, lang), formats.number(n, lang)]
                    for d, n in zip(others["difference"], others["n"], strict=True)
                ],
                hovertemplate="%{customdata[0]}<br>n = %{customdata[1]}<extra></extra>",
            )
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
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines",
                line={"color": "#444444", "dash": dash, "width": 1.5},
                name=(f"{label} %-grænser" if da else f"{label}% limits"),
            )
        )
    fig.update_layout(shapes=shapes)
    fig.add_hline(y=0, line={"color": PROGRAMME_COLOUR, "width": 1.5}, layer="below")
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="lines",
            line={"color": PROGRAMME_COLOUR, "width": 1.5},
            name=(
                f"Forventet (programmet: {formats.percent(p0, lang)})"
                if da
                else f"Expected (the programme: {formats.percent(p0, lang)})"
            ),
        )
    )
    # The axis title clear of the ticks (`style` sets its text).
    fig.update_yaxes(range=[-top, top], ticksuffix="", zeroline=False, title_standoff=10)
    fig.update_xaxes(range=[0, n_max * 1.1], rangemode="tozero")
    fig.update_layout(showlegend=True)
    return fig


# --- text alternatives -----------------------------------------------------------------------
# Every chart on a page goes through `show`: its title as its accessible name, a short
# description made from its figures, and its numbers as a table one click away ("Vis tal").


def numbers(fig: go.Figure, container=None, popover: bool = False) -> None:
    """The chart's description and its figures as a table, in an expander (or a popover)
    "Vis tal" / "Show numbers" in `container`."""
    import streamlit as st

    container = container or st
    da = chart_text.language(fig) == "da"
    label = "Vis tal" if da else "Show numbers"
    box = (
        container.popover(label, icon=":material/table:")
        if popover
        else container.expander(label, icon=":material/table:")
    )
    name, description, table = _texts(fig)
    box.markdown(f"**{_escape(name)}**. {_escape(description)}")
    if len(table):
        box.table(table.set_index(table.columns[0]))


_TEXTS: collections.OrderedDict = collections.OrderedDict()


def _texts(fig: go.Figure) -> tuple[str, str, pd.DataFrame]:
    """The chart's name, description and table of numbers (`chart_text`), made once per
    figure: the same figure on the next run (as plotly's JSON of it) gets them again."""
    # the figure's own dicts as JSON (`pio.to_json` and `to_plotly_json` copy them first)
    plain = json.dumps([fig._data, fig._layout], cls=PlotlyJSONEncoder)
    key = hashlib.sha1(plain.encode()).digest()
    with _MADE_LOCK:
        texts = _TEXTS.get(key)
        if texts is not None:
            _TEXTS.move_to_end(key)
            return texts
    name, description = chart_text.describe(fig)
    texts = (name, description, chart_text.figure_table(fig))
    with _MADE_LOCK:
        _TEXTS[key] = texts
        while len(_TEXTS) > _MADE_MAX:
            _TEXTS.popitem(last=False)
    return texts


def _escape(text: str) -> str:
    """Text shown as Markdown, its special characters taken literally."""
    return re.sub(r"([\\`*_{}\[\]<>()#+\-.!|~$])", r"\\\1", text)


def show(fig: go.Figure, key: str, container=None, with_numbers: bool = True, **kwargs) -> None:
    """Draw a chart with its title as its accessible name and a description made from its
    figures (read by screen readers), labels that keep 4.5:1 on their bars, and its numbers
    as a table under it ("Vis tal")."""
    import streamlit as st

    container = container or st
    chart_text.readable_labels(fig)
    name, description, _ = _texts(fig)
    container.plotly_chart(
        fig,
        config=kwargs.pop("config", PLOTLY_CONFIG),
        key=key,
        alt=f"{name}. {description}" if name else description,
        **kwargs,
    )
    if with_numbers:
        numbers(fig, container)
