"""The text alternative of a plotly chart, made from the chart itself: its title as its
accessible name, a short description of what it shows and where it is highest and lowest, its
numbers as a table (as the chart labels them, hidden small numbers included), and text colours
that keep 4.5:1. `charts.show` draws every chart of the app with them."""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd
import plotly.graph_objects as go

from nextwork import formats, i18n
from nextwork.metrics import disclosure
from nextwork.present.colour_contrast import text_colour_on

# A distance from the reference this small is "at" it (a rounding's worth).
HEATMAP_EVEN = 0.005


def plain(text) -> str:
    """Plotly's rich text as plain text: <br> as a space, other tags dropped."""
    text = re.sub(r"<br\s*/?>", " ", str(text or ""))
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip()


def language(fig: go.Figure) -> str:
    """The chart's language, from its number format (`style` sets it)."""
    return "en" if fig.layout.separators == ".," else "da"


def _list(values) -> list:
    """A trace's data (a tuple, a list or a numpy array; None) as a plain list."""
    if values is None:
        return []
    return values.tolist() if hasattr(values, "tolist") else list(values)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _is_share_axis(axis) -> bool:
    return any("%" in str(text) for text in (axis.ticktext or ()))


def _category_text(value, lang: str) -> str:
    if isinstance(value, (pd.Timestamp, dt.date)):
        return formats.month(pd.Timestamp(value).date(), lang)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}(T.*)?", value):
        return formats.month(pd.Timestamp(value).date(), lang)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return formats.number(value, lang, 0 if float(value).is_integer() else 1)
    return plain(value)


def _value_text(value, share: bool, lang: str) -> str:
    if _missing(value):
        return "–"
    if share:
        return formats.percent(value, lang)
    return formats.number(value, lang, 0 if float(value).is_integer() else 1)


def figure_series(fig: go.Figure) -> list[dict]:
    """Each trace with figures as {name, categories, cells, values}: a cell is the value as
    the chart labels it (its own text, or the formatted number; "–" or "<5" where the chart
    draws a hidden value as 0). Legend-only traces (no points) are left out."""
    lang, out = language(fig), []
    for trace in fig.data:
        if trace.type not in ("bar", "scatter"):
            continue
        horizontal = trace.type == "bar" and trace.orientation == "h"
        categories = _list(trace.y if horizontal else trace.x)
        values = _list(trace.x if horizontal else trace.y)
        if trace.x is None and trace.y is not None:  # a sparkline: y only
            categories, values = list(range(1, len(values) + 1)), _list(trace.y)
        if not values or all(_missing(v) for v in values):
            continue
        axis = fig.layout.xaxis if horizontal else fig.layout.yaxis
        share = _is_share_axis(axis)
        texts = None if trace.text is None or isinstance(trace.text, str) else _list(trace.text)
        custom = None if trace.customdata is None else _list(trace.customdata)
        cells = []
        for i, value in enumerate(values):
            point = custom[i] if custom is not None and i < len(custom) else None
            if texts is not None and i < len(texts) and texts[i] not in (None, ""):
                cells.append(plain(texts[i]))
            elif trace.type == "bar" and isinstance(point, str):
                cells.append(plain(point))
            elif (
                value == 0
                and isinstance(point, (list, tuple))
                and (hidden := [p for p in point if p in ("–", disclosure.label())])
            ):
                cells.append(hidden[0])
            else:
                cells.append(_value_text(value, share, lang))
        out.append(
            {
                "name": plain(trace.name) if trace.name else "",
                "categories": [_category_text(c, lang) for c in categories],
                "cells": cells,
                "values": [
                    None if _missing(v) or c in ("–", disclosure.label()) else v
                    for v, c in zip(values, cells, strict=True)
                ],
            }
        )
    return out


def _disjoint(series: list[dict]) -> bool:
    """Whether no category is in two series (a bar per trace, as in one colour per site)."""
    seen = [c for s in series for c in s["categories"]]
    return len(series) > 1 and len(seen) == len(set(seen))


def _references(fig: go.Figure, series: list[dict] | None = None) -> list[str]:
    """Named lines without points (a target or the programme, in the legend) and the
    chart's notes (such as "Mål: 75 %" or the incomplete month)."""
    names = [
        plain(t.name)
        for t in fig.data
        if t.type == "scatter" and t.name and all(_missing(v) for v in _list(t.y))
    ]
    values = {c for s in (figure_series(fig) if series is None else series) for c in s["cells"]}
    # A bar's own label (its value, and the n under it) is no note of the chart's.
    notes = [plain(a.text) for a in fig.layout.annotations if a.text]
    notes = [n for n in notes if re.sub(r"\s*n = \S+$", "", n) not in values]
    return list(dict.fromkeys(n for n in names + notes if n and n not in values))


def _axis_title(axis) -> str:
    return plain(axis.title.text) if axis.title and axis.title.text else ""


def figure_table(fig: go.Figure, series: list[dict] | None = None) -> pd.DataFrame:
    """The chart's figures as a table of text, as the chart labels them: a heatmap's grid as
    it is; otherwise a row per category (a month, a site, a step) and a column per series."""
    lang = language(fig)
    heatmaps = [t for t in fig.data if t.type == "heatmap"]
    if heatmaps:
        trace = heatmaps[0]
        rows = [[plain(text) for text in _list(line)] for line in _list(trace.text)]
        table = pd.DataFrame(rows, columns=[plain(c) for c in trace.x])
        table.insert(0, "", [plain(r) for r in trace.y])
        return table
    series = figure_series(fig) if series is None else series
    if not series:
        return pd.DataFrame()
    horizontal = any(t.type == "bar" and t.orientation == "h" for t in fig.data)
    category_axis = fig.layout.yaxis if horizontal else fig.layout.xaxis
    value_axis = fig.layout.xaxis if horizontal else fig.layout.yaxis
    first = _axis_title(category_axis) or i18n.t(lang, "Kategori", "Category")
    if _disjoint(series):  # a bar per trace (one colour each): one column
        value = _axis_title(value_axis) or i18n.t(lang, "Værdi", "Value")
        series = [
            {
                "name": value if value != first else value + " ",
                "categories": [c for s in series for c in s["categories"]],
                "cells": [c for s in series for c in s["cells"]],
            }
        ]
    categories = list(dict.fromkeys(c for s in series for c in s["categories"]))
    columns = {}
    value_title = _axis_title(value_axis)
    for s in series:
        header = s["name"] if len(series) > 1 or not value_title else ""
        header = header or value_title or i18n.t(lang, "Værdi", "Value")
        while header in columns or header == first:
            header += " "
        by_category = dict(zip(s["categories"], s["cells"], strict=True))
        columns[header] = [by_category.get(c, "") for c in categories]
    return pd.DataFrame({first: categories, **columns})


def _heatmap_signs(trace) -> list[list[str]]:
    """Per cell: ▲ above the reference, ▼ below, = at it, "" without a value."""
    return [
        [
            "" if _missing(v) else "▲" if v > HEATMAP_EVEN else "▼" if v < -HEATMAP_EVEN else "="
            for v in line
        ]
        for line in trace.z
    ]


def describe(fig: go.Figure, series: list[dict] | None = None) -> tuple[str, str]:
    """The chart's accessible name (its title) and a short description made from its
    figures: what it shows and where it is highest and lowest."""
    lang = language(fig)
    da = lang == "da"
    name = plain(fig.layout.title.text) if fig.layout.title and fig.layout.title.text else ""
    parts = []
    heatmaps = [t for t in fig.data if t.type == "heatmap"]
    if heatmaps:
        signs = [s for line in _heatmap_signs(heatmaps[0]) for s in line]
        above, below, even = signs.count("▲"), signs.count("▼"), signs.count("=")
        empty = len(signs) - above - below - even
        parts.append(
            (
                f"Tabel med {len(heatmaps[0].y)} rækker og {len(heatmaps[0].x)} kolonner. "
                f"{above} celler over referencen (▲), {below} under (▼), {even} ved den (=)"
                if da
                else f"A table of {len(heatmaps[0].y)} rows and {len(heatmaps[0].x)} columns. "
                f"{above} cells above the reference (▲), {below} below (▼), {even} at it (=)"
            )
            + (f", {empty} " + ("uden værdi" if da else "without a value") if empty else "")
            + "."
        )
    series = figure_series(fig) if series is None else series
    lines = any(
        t.type == "scatter"
        and (t.mode or "").startswith("lines")
        and _list(t.y)
        and not all(_missing(v) for v in _list(t.y))
        for t in fig.data
    )
    if series and lines:
        categories = list(dict.fromkeys(c for s in series for c in s["categories"]))
        parts.append(
            (
                f"{len(series)} linjer fra {categories[0]} til {categories[-1]}."
                if da
                else f"{len(series)} lines from {categories[0]} to {categories[-1]}."
            )
            if len(series) > 1
            else (
                f"Fra {categories[0]} til {categories[-1]}."
                if da
                else f"From {categories[0]} to {categories[-1]}."
            )
        )
        ends = []
        for s in series[:8]:
            shown = [
                (c, t)
                for c, t, v in zip(s["categories"], s["cells"], s["values"], strict=True)
                if v is not None
            ]
            if shown:
                label = f"{s['name']}: " if s["name"] else ""
                ends.append(f"{label}{shown[0][1]} → {shown[-1][1]}")
        if ends:
            parts.append(
                ("Første og sidste værdi: " if da else "First and last value: ")
                + "; ".join(ends)
                + "."
            )
    elif series:
        named = len(series) > 1 and not _disjoint(series)  # once: it reads every series
        points = [
            (
                f"{c} ({s['name']})" if named and s["name"] else c,
                t,
                v,
            )
            for s in series
            for c, t, v in zip(s["categories"], s["cells"], s["values"], strict=True)
        ]
        known = [p for p in points if p[2] is not None]
        if len(points) <= 6:
            parts.append("; ".join(f"{c}: {t}" for c, t, _ in points) + ".")
        high = max(known, key=lambda p: p[2], default=None)
        low = min(known, key=lambda p: p[2], default=None)
        if high is not None and high[2] == low[2] and len(points) > 6:
            parts.append(
                f"Alle {len(known)} værdier er {high[1]}."
                if da
                else f"All {len(known)} values are {high[1]}."
            )
        elif high is not None and high[2] != low[2]:
            parts.append(
                f"Højest: {high[0]} ({high[1]}); lavest: {low[0]} ({low[1]})."
                if da
                else f"Highest: {high[0]} ({high[1]}); lowest: {low[0]} ({low[1]})."
            )
    references = _references(fig, series)
    if references:
        parts.append(("Desuden: " if da else "Also: ") + "; ".join(references) + ".")
    if not parts:
        parts.append("Ingen tal at vise." if da else "No figures to show.")
    return name, " ".join(parts)


# Axis titles, ticks and subtitles: Streamlit's chart theme draws them in a grey of 3.7:1 on
# white; this one has 5.9:1.
SECONDARY_TEXT = "#60646F"
# A bar's label beside the bar, on white: the labels' dark grey (the bars' names use it too).
LABEL_TEXT = "#222222"


def readable_labels(fig: go.Figure) -> None:
    """Text that keeps 4.5:1: axis titles, ticks, the subtitle, the colour bar's title and
    notes on the chart in a darker grey than Streamlit's (where the chart sets no colour of its
    own), labels on a coloured bar or cell in black or white, whichever has the higher
    contrast on that colour (plotly's own choice can fall below 4.5:1 on mid-tones), and a
    label that does not fit its bar, drawn beside it on white, in dark grey."""

    # The figure's own dicts (what plotly's objects read and write), so that a chart shown
    # again on every run costs no walk through plotly's objects; checked as plotly would in
    # the tests.
    layout, traces = fig._layout, fig._data

    from nextwork.present.charts.plain import checking, compound  # the charts import this

    def colour_of(owner: dict, *path: str) -> dict:
        """The dict at `path` under `owner` (made where missing) whose "color" is set."""
        for key in path:
            owner = compound(owner, key)
        return owner

    def default(owner: dict, *path: str, colour: str) -> None:
        font = colour_of(owner, *path)
        if font.get("color") is None:
            font["color"] = colour

    for key in ["xaxis", "yaxis", *(k for k in layout if re.fullmatch(r"[xy]axis\d+", k))]:
        axis = colour_of(layout, key)
        default(axis, "tickfont", colour=SECONDARY_TEXT)
        default(axis, "title", "font", colour=SECONDARY_TEXT)
    default(layout, "title", "subtitle", "font", colour=SECONDARY_TEXT)
    # Notes on the chart (the incomplete month's shade) take the same grey where they set none.
    for note in layout.get("annotations") or ():
        default(note, "font", colour=SECONDARY_TEXT)
    for trace in traces:
        if trace.get("type") == "heatmap":
            default(trace, "colorbar", "tickfont", colour=SECONDARY_TEXT)
            default(trace, "colorbar", "title", "font", colour=SECONDARY_TEXT)
            colour_of(trace, "textfont")["color"] = "#222222"
        elif trace.get("type") == "bar" and trace.get("text") is not None:
            colour_hex = (trace.get("marker") or {}).get("color")
            if isinstance(colour_hex, str) and colour_hex.startswith("#"):
                default(trace, "insidetextfont", colour=text_colour_on(colour_hex))
            # A label too long for its bar is drawn beside it, on the white ground.
            if (trace.get("textfont") or {}).get("color") is None and (
                trace.get("outsidetextfont") or {}
            ).get("color") is None:
                colour_of(trace, "outsidetextfont")["color"] = LABEL_TEXT
    if checking():
        go.Figure(fig.to_dict())  # raises on a property or value plotly does not take
