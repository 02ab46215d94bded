"""Figures made from plain dicts (`charts.plain`): unchecked in the app, checked in the tests,
and the same figure either way."""

from __future__ import annotations

import json

import pandas as pd
import plotly.io as pio
import pytest

from nextwork.present import charts
from nextwork.present.charts import plain


def test_the_tests_check_every_plain_figure():
    with pytest.raises(ValueError, match="colour"):
        plain.figure([{"type": "bar", "x": [1], "y": [2], "colour": "red"}])


def test_unchecked_in_the_app(monkeypatch):
    monkeypatch.delenv(plain.CHECK_ENV)
    fig = plain.figure([{"type": "bar", "x": [1], "y": [2], "colour": "red"}])
    assert fig.data[0].type == "bar"


def test_a_chart_of_the_98_municipalities_is_the_same_checked_or_not(monkeypatch):
    names = [f"Kommune {i:02d}" for i in range(98)]
    frame = pd.DataFrame(
        {
            "municipality": [n for n in names for _ in range(3)],
            "month": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01"] * 98),
            "count": list(range(294)),
        }
    )

    def made():
        return [
            charts.lines_by_municipality(frame, "month", "count", "Unge"),
            charts.bars(frame, "month", "count", "Unge"),
            charts.bars_by_municipality(
                names, [0.5] * 98, [20] * 98, "share", reference=0.4, reference_label="Alle"
            ),
        ]

    # the same JSON (plotly's own order of keys aside)
    checked = [json.loads(pio.to_json(f)) for f in made()]
    charts.forget()
    monkeypatch.delenv(plain.CHECK_ENV)
    unchecked = [json.loads(pio.to_json(f)) for f in made()]
    assert unchecked == checked
    assert [f.data[0].hovertemplate for f in made()][:1] == [
        "<b>Kommune 00</b><br>%{customdata[0]}<br>Unge: %{customdata[1]}<extra></extra>"
    ]
