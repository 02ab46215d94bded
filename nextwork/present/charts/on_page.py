"""Drawing a chart on the page with its text alternatives: the title as its accessible name,
a description made from its figures and its numbers as a table one click away."""

from __future__ import annotations

import hashlib
import re

import pandas as pd
import plotly.graph_objects as go
from plotly.io.json import to_json_plotly

from nextwork.present import chart_text
from nextwork.present.charts.house_style import PLOTLY_CONFIG
from nextwork.present.charts.memo import MADE_LOCK, MADE_MAX, TEXTS

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


def _texts(fig: go.Figure) -> tuple[str, str, pd.DataFrame]:
    """The chart's name, description and table of numbers (`chart_text`), made once per
    figure: the same figure on the next run (as plotly's JSON of it) gets them again."""
    # the figure's own dicts as JSON (`pio.to_json` and `to_plotly_json` copy them first)
    plain = to_json_plotly([fig._data, fig._layout], engine="orjson")
    key = hashlib.sha1(plain.encode()).digest()
    with MADE_LOCK:
        texts = TEXTS.get(key)
        if texts is not None:
            TEXTS.move_to_end(key)
            return texts
    series = chart_text.figure_series(fig)  # read once for both
    name, description = chart_text.describe(fig, series)
    texts = (name, description, chart_text.figure_table(fig, series))
    with MADE_LOCK:
        TEXTS[key] = texts
        while len(TEXTS) > MADE_MAX:
            TEXTS.popitem(last=False)
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
