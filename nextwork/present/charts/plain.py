"""Figures from plain dicts. Plotly checks every property of a trace as it is set, which for
a chart of the 98 municipalities (98 traces) took 20-75 ms, several times longer than the
rest of making it; a figure made from the same properties as dicts, in plotly's own nested
form (`{"marker": {"color": ...}}`, not `marker_color`), unchecked, takes 3 ms and draws the
same. The tests check every figure made here as plotly would (`NEXTWORK_CHECK_FIGURES=1`,
set by `tests/conftest.py`), so a property plotly does not know fails there."""

from __future__ import annotations

import copy
import os
import re

import plotly.graph_objects as go

CHECK_ENV = "NEXTWORK_CHECK_FIGURES"

# The layout's properties that hold properties of their own: an update merges into them.
# Every other property an update names is replaced whole, as plotly's `update_layout` does.
COMPOUND = frozenset({"title", "subtitle", "legend", "margin", "font", "hoverlabel"})


def checking() -> bool:
    return os.environ.get(CHECK_ENV) == "1"


def figure(data: list[dict], layout: dict | None = None) -> go.Figure:
    """A figure of the traces `data` (each a dict with its `type`) and `layout`."""
    if checking():
        return go.Figure(data=data, layout=layout)  # raises on a property plotly lacks
    return go.Figure({"data": data, "layout": layout or {}}, _validate=False)


def update_layout(
    fig: go.Figure, layout: dict, xaxes: dict | None = None, yaxes: dict | None = None
) -> None:
    """`fig.update_layout(layout)`, then `update_xaxes(xaxes)` and `update_yaxes(yaxes)`
    (every x or y axis of the figure), merged into the figure's own layout without plotly
    reading each property's path and checking its value (4 ms a chart, most of styling it).
    The properties are given in plotly's nested form. Checked as plotly would in the tests."""
    if checking():
        fig.update_layout(layout)
        if xaxes:
            fig.update_xaxes(xaxes)
        if yaxes:
            fig.update_yaxes(yaxes)
        return
    own = fig._layout  # the dict plotly's layout object reads and writes
    _merge(own, layout)
    for prefix, values in (("xaxis", xaxes), ("yaxis", yaxes)):
        if values:
            for key in [prefix, *(k for k in own if re.fullmatch(prefix + r"\d+", k))]:
                _merge(own.setdefault(key, {}), values, axis=True)


def compound(owner: dict, key: str) -> dict:
    """The dict of `owner`'s compound property `key`, made where missing; a title given as
    a bare string (plotly's shorthand for its text) becomes {"text": ...}."""
    nested = owner.get(key)
    if isinstance(nested, str) and key == "title":
        nested = owner[key] = {"text": nested}
    elif not isinstance(nested, dict):
        nested = owner[key] = {}
    return nested


def _merge(target: dict, updates: dict, axis: bool = False) -> None:
    for key, value in updates.items():
        if isinstance(value, dict) and (axis or key in COMPOUND):
            _merge(compound(target, key), value, axis)
        else:
            target[key] = copy.deepcopy(value)


def values(series) -> list:
    """A column's values as plain Python values (numbers, strings, datetimes), as a checked
    trace gives them back."""
    if hasattr(series, "dt"):
        return list(series.dt.to_pydatetime())
    return series.tolist() if hasattr(series, "tolist") else list(series)


def hline(y: float, line: dict, layer: str = "below") -> dict:
    """A line across the plot at `y`, as plotly's `add_hline` makes it (without its search of
    every trace for the axes it uses)."""
    return {
        "type": "line",
        "x0": 0,
        "x1": 1,
        "xref": "x domain",
        "y0": y,
        "y1": y,
        "yref": "y",
        "line": line,
        "layer": layer,
    }


def legend_line(name: str, line: dict, **extra) -> dict:
    """A trace without points that puts a line drawn as a shape (a reference, a target, a
    limit) in the legend under its name."""
    return {
        "type": "scatter",
        "x": [None],
        "y": [None],
        "mode": "lines",
        "line": line,
        "name": name,
        **extra,
    }
