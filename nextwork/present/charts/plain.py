"""Figures from plain dicts. Plotly checks every property of a trace as it is set, which for
a chart of the 98 municipalities (98 traces) took 20-75 ms, several times longer than the
rest of making it; a figure made from the same properties as dicts, in plotly's own nested
form (`{"marker": {"color": ...}}`, not `marker_color`), unchecked, takes 3 ms and draws the
same. The tests check every figure made here as plotly would (`NEXTWORK_CHECK_FIGURES=1`,
set by `tests/conftest.py`), so a property plotly does not know fails there."""

from __future__ import annotations

import os

import plotly.graph_objects as go

CHECK_ENV = "NEXTWORK_CHECK_FIGURES"


def figure(data: list[dict], layout: dict | None = None) -> go.Figure:
    """A figure of the traces `data` (each a dict with its `type`) and `layout`."""
    if os.environ.get(CHECK_ENV) == "1":
        return go.Figure(data=data, layout=layout)  # raises on a property plotly lacks
    return go.Figure({"data": data, "layout": layout or {}}, _validate=False)


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
