"""The compare page: every KPI for the chosen sites beside the programme (all municipalities
pooled), with the n behind each share, and a chart of one KPI.

The expected values are the hand counts of `tests/test_kpis.py` (YEAR_2024) for the tiny
export, where the programme is Vejle and Horsens together.
"""

from __future__ import annotations

import plotly.io
import pytest

from nextwork.metrics.kpis import KPIS
from tests.apptest import YEAR_2024, open_app, texts
from tests.tiny_export import copy_tiny_db


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory, tiny_db_built):
    return copy_tiny_db(tiny_db_built, tmp_path_factory.mktemp("sammenlign"))


def row(table, label_column, label):
    rows = table[table[label_column] == label]
    assert len(rows) == 1, label
    return rows.iloc[0]


def chart(at, key):
    """The plotly figure of the chart with this key."""
    for element in at.get("plotly_chart"):
        if element.proto.id.endswith(key):
            return plotly.io.from_json(element.proto.spec)
    pytest.fail(f"no chart {key}")


def test_vejle_beside_the_programme(monkeypatch, tiny_db):
    """A manager in Vejle opens a link naming Vejle and sees Vejle's figures beside the whole
    programme's, which still pools Horsens: 2 of 2 in job or education within 12 months in
    Vejle against 4 of 5 in the programme."""
    at = open_app(monkeypatch, tiny_db, "sammenlign", municipality="Vejle", **YEAR_2024)
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table.columns) == [
        "Nøgle",
        "Nøgletal",
        "Enhed",
        "Programmet",
        "Programmet (n)",
        "Vejle",
        "Vejle (n)",
    ]
    assert list(table["Nøgle"]) == [k.key for k in KPIS], "all 18 KPIs, in their order"
    outcome = row(table, "Nøgletal", "I job/uddannelse inden 12 mdr.")
    assert (outcome["Vejle"], outcome["Vejle (n)"]) == (100.0, 2)
    assert (outcome["Programmet"], outcome["Programmet (n)"]) == (80.0, 5)
    # Counts have no n; CV4 hosts nothing: 2 of Vejle's 3 network companies host.
    active = row(table, "Nøgletal", "Aktive unge")
    assert (active["Vejle"], active["Programmet"]) == (5, 9)
    hosting = row(table, "Nøgletal", "Andel virksomheder med praktik")
    assert (hosting["Vejle"], hosting["Vejle (n)"]) == (66.7, 3)
    assert (hosting["Programmet"], hosting["Programmet (n)"]) == (80.0, 5)
    median = row(table, "Nøgletal", "Dage til første praktik (median)")
    assert (median["Vejle"], median["Vejle (n)"], median["Programmet"]) == (50.0, 4, 50.0)
    assert "alle 2 kommuner i databasen lagt sammen" in texts(at)


def test_both_sites_side_by_side(monkeypatch, tiny_db):
    """The foundation, with every site chosen, sees one column per site: Horsens' 2 of 3
    beside Vejle's 2 of 2."""
    at = open_app(monkeypatch, tiny_db, "sammenlign", **YEAR_2024)
    table = at.dataframe[0].value
    assert [c for c in table.columns if not c.endswith("(n)")][3:] == [
        "Programmet",
        "Horsens",
        "Vejle",
    ]
    outcome = row(table, "Nøgle", "outcome_12m_share")
    assert (outcome["Horsens"], outcome["Horsens (n)"]) == (66.7, 3)
    assert (outcome["Vejle"], outcome["Vejle (n)"]) == (100.0, 2)


def test_compare_in_english(monkeypatch, tiny_db):
    """A foundation analyst reading in English finds the same numbers under English names."""
    at = open_app(monkeypatch, tiny_db, "sammenlign", lang="en", municipality="Vejle", **YEAR_2024)
    assert at.title[0].value == "Compare sites"
    table = at.dataframe[0].value
    outcome = row(table, "KPI", "In job or education within 12 months")
    assert (outcome["Vejle"], outcome["Programme"], outcome["Programme (n)"]) == (100.0, 80.0, 5)


def test_chart_of_one_kpi_against_the_programme(monkeypatch, tiny_db):
    """The chart shows a bar per site for the chosen KPI and the programme as a line; choosing
    active young people shows Horsens 4 and Vejle 5 against the programme's 9."""
    at = open_app(monkeypatch, tiny_db, "sammenlign", **YEAR_2024)
    fig = chart(at, "compare_chart")
    bars = [trace for trace in fig.data if trace.type == "bar" and trace.x[0] is not None]
    assert [(bar.x[0], bar.y[0]) for bar in bars] == [("Horsens", 2 / 3), ("Vejle", 1.0)]
    # The programme's 80 % dashed, the 75 % target dotted.
    assert [(shape.y0, shape.line.dash) for shape in fig.layout.shapes] == [
        (0.8, "dash"),
        (0.75, "dot"),
    ]
    # Each bar says its n; on 3 and 2 young people (under 10) the bars are grey, and the
    # legend says why.
    assert [note.text for note in fig.layout.annotations] == [
        "66,7 %<br><span style='font-size:12px'>n = 3</span>",
        "100,0 %<br><span style='font-size:12px'>n = 2</span>",
    ]
    assert [bar.marker.color for bar in bars] == ["#BBBBBB", "#BBBBBB"]
    assert [t.name for t in fig.data if t.type == "scatter"] == [
        "Programmet: 80,0 %",
        "Målet: 75 %",
    ]
    assert fig.data[-1].name == "Grå: færre end 10 bag andelen, usikker"

    at.selectbox(key="compare_kpi").set_value("participants_active").run()
    fig = chart(at, "compare_chart")
    assert [bar.y[0] for bar in fig.data if bar.type == "bar"] == [4, 5]
    assert [shape.y0 for shape in fig.layout.shapes] == [9]
    assert [t.name for t in fig.data if t.type == "scatter"] == ["Programmet: 9"]


def test_chart_opens_on_the_cohort_with_full_follow_up(monkeypatch, tiny_db):
    """For the first half of 2025 nobody enrolled has 12 months yet; the chart still opens
    with figures: Horsens 2 of 3 and Vejle 2 of 2 of those enrolled 1 July 2023 - 30 June
    2024, against the programme's 4 of 5, with those dates in the subtitle."""
    at = open_app(
        monkeypatch, tiny_db, "sammenlign", start="2025-01-01", end="2025-06-30", as_of="2025-06-30"
    )
    fig = chart(at, "compare_chart")
    bars = [trace for trace in fig.data if trace.type == "bar" and trace.x[0] is not None]
    assert [(bar.x[0], bar.y[0]) for bar in bars] == [("Horsens", 2 / 3), ("Vejle", 1.0)]
    assert [shape.y0 for shape in fig.layout.shapes] == [0.8, 0.75]
    assert fig.layout.title.subtitle.text.startswith("unge indskrevet 1. jul. 2023 – 30. jun. 2024")
