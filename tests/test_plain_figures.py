"""Figures made from plain dicts (`charts.plain`): unchecked in the app, checked in the tests,
and the same figure either way."""

from __future__ import annotations

import datetime as dt
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


def test_a_chart_is_styled_the_same_checked_or_not(monkeypatch):
    from plotly.subplots import make_subplots

    def styled():
        two = make_subplots(rows=1, cols=2)
        two.add_bar(x=["a"], y=[1], row=1, col=1)
        two.add_bar(x=["b"], y=[2], row=1, col=2)
        figs = [
            charts.step_bars(["Tilmeldt", "I praktik"], [10, 4], [1.0, 0.4]),
            charts.bars_by_municipality(["Vejle", "Horsens"], [3, 4], [None, None], "count"),
            two,
        ]
        for fig in figs:
            fig.update_layout(meta={"old": 1}, title={"font": {"color": "#111111"}})
            charts.style(fig, "Unge pr. trin", "Vejle · 2025", "Trin", "Antal unge", "da", 380)
        charts.share_axis(figs[0], "da", axis="x")
        charts.share_axis(figs[2], "en", top=0.5)
        months = [dt.date(2025, m, 1) for m in range(1, 13)]
        charts.month_axis(figs[1], months, "da")
        return [json.loads(pio.to_json(f)) for f in figs]

    checked = styled()
    charts.forget()
    monkeypatch.delenv(plain.CHECK_ENV)
    unchecked = styled()
    assert unchecked == checked
    layout = unchecked[2]["layout"]
    assert layout["xaxis2"]["title"] == {"text": "Trin"}  # every axis of the figure
    assert layout["yaxis2"]["rangemode"] == "tozero"
    assert layout["title"]["font"] == {"color": "#111111"}  # merged into, not replaced
    assert layout["meta"] == {
        "nwTitle": "Unge pr. trin",
        "nwSubtitle": "Vejle · 2025",
        "nwExtra": 0,
    }
    assert layout["hoverlabel"] == {"font": {"size": 14}}
    assert layout["yaxis2"]["ticktext"][-1] == "50%"
    assert unchecked[1]["layout"]["xaxis"]["ticktext"][0] == "jan.<br>2025"


def test_a_title_given_as_text_is_kept_unchecked(monkeypatch):
    """plotly takes a bare string as a title's text; the unchecked updates keep it so."""
    from nextwork.present import chart_text

    monkeypatch.delenv(plain.CHECK_ENV)
    fig = plain.figure([{"type": "bar", "x": ["a"], "y": [1]}], {"title": "Unge"})
    fig.update_layout(xaxis={"title": "Måned"})
    chart_text.readable_labels(fig)
    plain.update_layout(fig, {"title": {"x": 0}})
    layout = json.loads(pio.to_json(fig))["layout"]
    assert layout["title"] == {"text": "Unge", "x": 0, "subtitle": {"font": {"color": "#60646F"}}}
    assert layout["xaxis"]["title"] == {"text": "Måned", "font": {"color": "#60646F"}}
