"""The Praktikforløb page: its queries on the tiny export, counted by hand, and what a reader
sees.

Every expected value was worked out by hand from the placements in `tests/tiny_export.py`;
none is computed. Lengths count both the first and the last day and round up to whole weeks.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from nextwork.ingest import db
from nextwork.metrics.kpis import query_params
from tests.apptest import YEAR_2024, open_app
from tests.test_pages import metric
from tests.tiny_export import AS_OF, copy_tiny_db

P24 = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
H1_25 = (dt.date(2025, 1, 1), dt.date(2025, 6, 30))


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory, tiny_db_built):
    return copy_tiny_db(tiny_db_built, tmp_path_factory.mktemp("praktik"))


@pytest.fixture(scope="module")
def run(tiny_db):
    con = db.connect(tiny_db, read_only=True)

    def run(name, period, **filters):
        params = query_params(*period, AS_OF, ["Horsens", "Vejle"], **filters)
        return db.run(con, name, params)

    yield run
    con.close()


def counts(frame, group, count, municipality):
    """{group: count} for one municipality (None: the pooled total)."""
    if municipality is None:
        rows = frame[frame["municipality"].isna()]
    else:
        rows = frame[frame["municipality"] == municipality]
    return dict(zip(rows[group], rows[count], strict=True))


# ---------------------------------------------------------------------------------------
# placement_lengths: placements that ended in the period, by length in weeks
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "period, municipality, expected",
    [
        # 2024: PL7 10 days (2 weeks), PL3 47 days (7), PL5 82 days (12), PL2 93 days (14).
        (P24, "Vejle", {"0-4": 1, "5-8": 1, "9-12": 1, "13-16": 1, "17+": 0}),
        # 2024: PL10 78 days (12 weeks), PL11 214 days (31).
        (P24, "Horsens", {"0-4": 0, "5-8": 0, "9-12": 1, "13-16": 0, "17+": 1}),
        (P24, None, {"0-4": 1, "5-8": 1, "9-12": 2, "13-16": 1, "17+": 1}),
        # H1 2025: PL6 91 days, exactly 13 weeks; PL9 119 days, exactly 17 weeks.
        (H1_25, "Vejle", {"0-4": 0, "5-8": 0, "9-12": 0, "13-16": 1, "17+": 1}),
        # H1 2025: PL15 262 days (38 weeks).
        (H1_25, "Horsens", {"0-4": 0, "5-8": 0, "9-12": 0, "13-16": 0, "17+": 1}),
    ],
)
def test_placement_lengths(run, period, municipality, expected):
    """A manager sees how long the placements that ended in the period lasted."""
    frame = run("placement_lengths", period)
    assert expected == counts(frame, "length_band", "count_placements", municipality)


def test_placement_length_shares_are_of_the_ended(run):
    """Horsens ended 2 placements in 2024: one of 9-12 weeks is half of them."""
    frame = run("placement_lengths", P24)
    row = frame[(frame["municipality"] == "Horsens") & (frame["length_band"] == "9-12")]
    assert 0.5 == pytest.approx(row["share_of_ended"].iloc[0])


# ---------------------------------------------------------------------------------------
# placement_status: placements active in the period, by status on its last day
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "period, municipality, expected",
    [
        # 2024, active PL2-PL8: PL2 (ended on 2024's first day), PL3, PL5 interrupted; PL7
        # other; PL4 PL8 open and PL6 (completed only in 2025) ongoing.
        (P24, "Vejle", {"completed": 0, "interrupted": 3, "other": 1, "unknown": 0, "ongoing": 3}),
        # 2024: PL10 completed, PL11 interrupted, PL14 open and PL15 (ends 2025) ongoing.
        (
            P24,
            "Horsens",
            {"completed": 1, "interrupted": 1, "other": 0, "unknown": 0, "ongoing": 2},
        ),
        # H1 2025: PL6 completed, PL9 interrupted, PL4 PL8 ongoing.
        (
            H1_25,
            "Vejle",
            {"completed": 1, "interrupted": 1, "other": 0, "unknown": 0, "ongoing": 2},
        ),
        # H1 2025: PL15 completed; PL12 PL14 PL16 ongoing (PL11 ended 2024-12-31).
        (
            H1_25,
            "Horsens",
            {"completed": 1, "interrupted": 0, "other": 0, "unknown": 0, "ongoing": 3},
        ),
    ],
)
def test_placement_status(run, period, municipality, expected):
    """A manager sees how the placements active in the period stood on its last day."""
    frame = run("placement_status", period)
    assert expected == counts(frame, "status", "count_placements", municipality)


# ---------------------------------------------------------------------------------------
# first_placement_days: young people enrolled in the period, days to their first placement
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "period, municipality, expected",
    [
        # 2024: V4 2 days, V5 10, V3 90 (on the band's edge), V6 93 (PL8; PL7 is before).
        (P24, "Vejle", {"0-14": 2, "15-30": 0, "31-60": 0, "61-90": 1, "91-180": 1, "181+": 0}),
        # 2024: H1 0 days (placement on the enrolment day), H4 90; H5 has no placement.
        (P24, "Horsens", {"0-14": 1, "15-30": 0, "31-60": 0, "61-90": 1, "91-180": 0, "181+": 0}),
        # H1 2025: H3, 2025-01-01 to 2025-03-01, 59 days.
        (H1_25, "Horsens", {"0-14": 0, "15-30": 0, "31-60": 1, "61-90": 0, "91-180": 0, "181+": 0}),
    ],
)
def test_first_placement_days(run, period, municipality, expected):
    """A manager sees how soon the young people enrolled in the period got a placement."""
    frame = run("first_placement_days", period)
    assert expected == counts(frame, "days_band", "count_participants", municipality)


def test_first_placement_days_empty_share_is_empty(run):
    """Nobody new in Vejle in H1 2025: the shares are empty, not 0."""
    frame = run("first_placement_days", H1_25)
    assert frame[frame["municipality"] == "Vejle"]["share_of_placed"].isna().all()


# ---------------------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------------------


def table_with(at, column):
    tables = [d.value for d in at.dataframe if column in d.value.columns]
    assert tables, f"no table with the column {column!r}"
    return tables[0]


def chart_with(at, text):
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart") if text in c.proto.spec]
    assert charts, f"no chart with {text!r}"
    return charts[0]


def test_vejle_page_from_a_link(monkeypatch, tiny_db):
    """A Vejle manager opening a link to 2024 sees 6 placements started, 7 active, none of the
    ended ones completed, 75,0 % chosen by the young person (3 of 4, with the n on the bar),
    a median of 50 days to the first placement, and 3 interrupted among the active."""
    at = open_app(monkeypatch, tiny_db, "praktik", municipality="Vejle", **YEAR_2024)
    assert not at.exception
    assert "6" == metric(at, "Påbegyndte praktikforløb").value
    assert "7" == metric(at, "Aktive praktikforløb").value
    assert "0,0 %" == metric(at, "Andel gennemførte forløb").value
    assert "75,0 %" == metric(at, "Andel selvvalgte praktikker").value
    assert "50 dage" == metric(at, "Dage til første praktik (median)").value
    assert "33,3 %" == metric(at, "Ny praktik efter afbrud").value
    status = table_with(at, "Status").set_index(["Kommune", "Status"])
    assert 3 == status.loc[("Vejle", "Afbrudt"), "Antal"]
    spec = chart_with(at, "selv valgte virksomheden")
    chosen = spec["data"][0]
    assert "75,0 %<br>(3 af 4)" == dict(zip(chosen["y"], chosen["text"], strict=True))["Vejle"]
    # Two lines beside the bar, on an axis that runs on to 130 % (its ticks stop at 100 %).
    assert spec["layout"]["xaxis"]["range"] == [0, 1.3]
    assert spec["layout"]["xaxis"]["ticktext"][-1] == "100 %"


def test_page_in_english(monkeypatch, tiny_db):
    """A foundation analyst reading in English sees 10 placements started in 2024, 16.7%
    completed (1 of 6 ended), and 2 placements of 9-12 weeks among those that ended."""
    at = open_app(monkeypatch, tiny_db, "praktik", lang="en", **YEAR_2024)
    assert not at.exception
    assert "10" == metric(at, "Placements started").value
    assert "16.7%" == metric(at, "Placements completed").value
    assert "50 days" == metric(at, "Days to first placement (median)").value
    lengths = table_with(at, "Length (weeks)").set_index(["Municipality", "Length (weeks)"])
    assert 2 == lengths.loc[("All selected", "9-12"), "Number"]


def test_fewer_days_to_the_first_placement_is_green(monkeypatch, tiny_db):
    """2024 against 2023: the median days to the first placement fell from 184 (V1, enrolled
    2023-03-01, placed 2023-09-01; V2 never placed) to 50, which is good news: the change
    reads -134 in green with the arrow down. More placements started (3 to 10) is green too;
    fewer completed (PL1 and PL13 of those ended in 2023, 100 %, to 16,7 %) red."""
    from streamlit.proto.Metric_pb2 import Metric

    at = open_app(monkeypatch, tiny_db, "praktik", **YEAR_2024)
    days = metric(at, "Dage til første praktik (median)")
    assert (days.value, days.delta) == ("50 dage", "-134")
    assert days.proto.color == Metric.MetricColor.GREEN
    assert days.proto.direction == Metric.MetricDirection.DOWN
    started = metric(at, "Påbegyndte praktikforløb")
    assert started.delta.startswith("+7")
    assert started.proto.color == Metric.MetricColor.GREEN
    completed = metric(at, "Andel gennemførte forløb")
    assert completed.delta == "-83,3 pct.-point"
    assert completed.proto.color == Metric.MetricColor.RED


def test_a_sites_cards_show_the_programme_beside_them(monkeypatch, tiny_db):
    """Beside Vejle's 2024 figures: the programme's 10 placements started (Vejle 6), 11
    active, 16,7 % completed (1 of 6), 57,1 % chosen by the young person (4 of 7), a median of
    50 days to the first placement and 50,0 % with a new placement after an interruption (2
    of 4)."""
    at = open_app(monkeypatch, tiny_db, "praktik", municipality="Vejle", **YEAR_2024)
    shown = [c.value for c in at.caption]
    for line in (
        "Programmet: 10",
        "Programmet: 11",
        "n = 4  \nProgrammet: 16,7 %",
        "n = 4  \nProgrammet: 57,1 %",
        "n = 4  \nProgrammet: 50 dage",
        "n = 3  \nProgrammet: 50,0 %",
    ):
        assert line in shown, (line, shown)
