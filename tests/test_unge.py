"""The Unge page: its queries on the tiny export, counted by hand, and what a reader sees.

Every expected value was worked out by hand from the rows of `tests/tiny_export.py` (its
docstring describes each young person); none is computed.
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
STEPS = ["enrolled", "attended_network", "started_placement", "first_outcome", "retained_6m"]


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory, tiny_db_built):
    return copy_tiny_db(tiny_db_built, tmp_path_factory.mktemp("unge"))


@pytest.fixture(scope="module")
def run(tiny_db):
    con = db.connect(tiny_db, read_only=True)

    def run(name, period, **filters):
        params = query_params(*period, AS_OF, ["Horsens", "Vejle"], **filters)
        return db.run(con, name, params)

    yield run
    con.close()


def funnel_counts(frame, municipality):
    rows = (
        frame[frame["municipality"] == municipality]
        if municipality
        else frame[frame["municipality"].isna()]
    )
    assert list(rows["step"]) == STEPS, "five steps in order"
    return list(rows["count_participants"])


# ---------------------------------------------------------------------------------------
# participant_funnel: young people enrolled in the period, step by step
# ---------------------------------------------------------------------------------------


# 2024, as_of 2025-06-30: enrolled V3 V4 V5 V6 | H1 H4 H5.
#   network (youth-network or joint meeting on or after enrolment): V3 (A8 2025-03-01),
#     V4 (A1 on its enrolment day), V5 (A8, A9) | H4 (A5); V6, H1, H5 none.
#   placement on or after enrolment: V3 V4 V5 V6 (PL8; PL7 was before enrolment) | H1 H4.
#   first outcome on or after enrolment: V3 V5 V6 (education; the job was before) | H1 H4 H5.
#   retained: f + 6 months <= as_of only for V6 (2025-04-15, in education) | H1 (2025-03-01,
#     job ends that day: in), H4 (2025-02-01, between spells: out).
@pytest.mark.parametrize(
    "municipality, expected, followed",
    [
        ("Vejle", [4, 3, 4, 3, 1], 1),
        ("Horsens", [3, 1, 2, 3, 1], 2),
        (None, [7, 4, 6, 6, 2], 3),
    ],
)
def test_funnel_2024(run, municipality, expected, followed):
    """A manager follows the 2024 intake from enrolment to retention in their municipality."""
    frame = run("participant_funnel", P24)
    assert expected == funnel_counts(frame, municipality)
    rows = (
        frame[frame["municipality"] == municipality]
        if municipality
        else frame[frame["municipality"].isna()]
    )
    assert [followed] * 5 == list(rows["count_followed_6m"])


def test_funnel_shares_are_of_the_enrolled(run):
    """The shares beside the funnel are of the young people enrolled: Vejle 3 of 4 attended."""
    frame = run("participant_funnel", P24)
    vejle = frame[frame["municipality"] == "Vejle"].set_index("step")["share_of_enrolled"]
    assert [1.0, 0.75, 1.0, 0.75, 0.25] == pytest.approx(list(vejle))


def test_funnel_first_half_2025_leaves_empty_shares_empty(run):
    """In H1 2025 only H3 is new: network on as_of (A6), placement PL16, no outcome yet. Vejle
    enrolled nobody, so its shares are empty, not 0."""
    frame = run("participant_funnel", H1_25)
    assert [1, 1, 1, 0, 0] == funnel_counts(frame, "Horsens")
    assert [0, 0, 0, 0, 0] == funnel_counts(frame, "Vejle")
    assert frame[frame["municipality"] == "Vejle"]["share_of_enrolled"].isna().all()


def test_funnel_with_a_target_group(run):
    """Filtered to job-ready young people 2024: V5 | H1 H4 (network: V5 and H4; placements:
    all three; first outcome: H1 H4, V5's job is after 2024 but counts; retained: H1)."""
    frame = run("participant_funnel", P24, target_groups=["job_ready"])
    assert [3, 2, 3, 3, 1] == funnel_counts(frame, None)


# ---------------------------------------------------------------------------------------
# participant_composition: active young people by target group, gender and age band
# ---------------------------------------------------------------------------------------


# Active in 2024: V1 V3 V4 V5 V6 | H1 H2 H4 H5. Age is 2024 minus the birth year:
# V1 24, V3 17, V4 unknown, V5 27, V6 30 | H1 25, H2 18, H4 23, H5 39.
@pytest.mark.parametrize(
    "dimension, municipality, expected",
    [
        # V1 V5 job-ready, V3 education-ready, V6 other, V4 missing (unknown).
        (
            "target_group",
            "Vejle",
            {"job_ready": 2, "education_ready": 1, "activity_ready": 0, "other": 1, "unknown": 1},
        ),
        # H1 H4 job-ready, H2 activity-ready, H5 other.
        (
            "target_group",
            "Horsens",
            {"job_ready": 2, "education_ready": 0, "activity_ready": 1, "other": 1, "unknown": 0},
        ),
        # V1 V3 female, V5 male, V6 other, V4 missing | H2 H4 female, H1 male, H5 "unknown".
        ("gender", "Vejle", {"female": 2, "male": 1, "other": 1, "unknown": 1}),
        ("gender", "Horsens", {"female": 2, "male": 1, "other": 0, "unknown": 1}),
        ("gender", None, {"female": 4, "male": 2, "other": 1, "unknown": 2}),
        ("age_band", "Vejle", {"under 18": 1, "18-24": 1, "25-29": 1, "30+": 1, "unknown": 1}),
        ("age_band", "Horsens", {"under 18": 0, "18-24": 2, "25-29": 1, "30+": 1, "unknown": 0}),
    ],
)
def test_composition_2024(run, dimension, municipality, expected):
    """A manager sees who their active young people were in 2024, category by category."""
    frame = run("participant_composition", P24)
    rows = frame[frame["dimension"] == dimension]
    rows = (
        rows[rows["municipality"] == municipality]
        if municipality
        else rows[rows["municipality"].isna()]
    )
    assert expected == dict(zip(rows["category"], rows["count_participants"], strict=True))


def test_composition_share_is_of_the_municipality(run):
    """Vejle's 2 job-ready young people are 2 of its 5 active: 40 %."""
    frame = run("participant_composition", P24)
    row = frame[(frame["municipality"] == "Vejle") & (frame["category"] == "job_ready")].iloc[0]
    assert 0.4 == pytest.approx(row["share_of_active"])


# ---------------------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------------------


def table_with(at, column):
    tables = [d.value for d in at.dataframe if column in d.value.columns]
    assert tables, f"no table with the column {column!r}"
    return tables[0]


def test_vejle_page_from_a_link(monkeypatch, tiny_db):
    """A Vejle manager opening a link to 2024 sees 4 new young people, 20,0 % at the youth
    network (V4 of the 5 active), 75,0 % placed within 3 months, and in the funnel table that
    3 of the 4 new ones attended the network after enrolment."""
    at = open_app(monkeypatch, tiny_db, "unge", municipality="Vejle", **YEAR_2024)
    assert not at.exception
    assert "4" == metric(at, "Nye unge").value
    assert "20,0 %" == metric(at, "Andel i ungenetværk").value
    assert "75,0 %" == metric(at, "Praktik inden 3 mdr.").value
    table = table_with(at, "Trin").set_index(["Kommune", "Trin"])
    assert 3 == table.loc[("Vejle", "Deltog i ungenetværk"), "Antal unge"]
    assert 75.0 == table.loc[("Vejle", "Deltog i ungenetværk"), "Andel af de indskrevne (%)"]
    assert "det gælder 1 af de 3 med et første job" in "\n".join(c.value for c in at.caption)


def test_page_in_english(monkeypatch, tiny_db):
    """A foundation analyst reading in English sees 7 new young people, 33.3% at the youth
    network, and 2 of all the 2024 intake retained 6 months after their first outcome."""
    at = open_app(monkeypatch, tiny_db, "unge", lang="en", **YEAR_2024)
    assert not at.exception
    assert "7" == metric(at, "New young people").value
    assert "33.3%" == metric(at, "Share attending the youth network").value
    table = table_with(at, "Step").set_index(["Municipality", "Step"])
    assert 2 == table.loc[("All selected", "Retained 6 months on"), "Young people (number)"]


def test_breakdown_by_age(monkeypatch, tiny_db):
    """Switching the breakdown to age shows Horsens' two 18-24-year-olds in the chart."""
    at = open_app(monkeypatch, tiny_db, "unge", **YEAR_2024)
    at.button_group(key="young_breakdown").set_value("age_band").run()
    assert not at.exception
    chart = [c for c in at.get("plotly_chart") if "Alder" in c.proto.spec][0]
    horsens = [d for d in json.loads(chart.proto.spec)["data"] if d["name"] == "Horsens"][0]
    assert 2 == dict(zip(horsens["y"], horsens["x"], strict=True))["18-24 år"]


def test_a_sites_cards_show_the_programme_beside_them(monkeypatch, tiny_db):
    """Beside Vejle's 2024 figures a manager sees the programme's: 9 active young people
    (Vejle 5), 7 new (Vejle 4), 33,3 % at the youth network (3 of 9; Vejle 1 of 5) and 71,4 %
    placed within 3 months (5 of 7; Vejle 3 of 4). The whole programme is not set beside
    itself."""
    at = open_app(monkeypatch, tiny_db, "unge", municipality="Vejle", **YEAR_2024)
    shown = [c.value for c in at.caption]
    assert "Programmet: 7" in shown
    assert "Programmet: 9" in shown
    assert "n = 5  \nProgrammet: 33,3 %" in shown
    assert "n = 4  \nProgrammet: 71,4 %" in shown
    at = open_app(monkeypatch, tiny_db, "unge", **YEAR_2024)
    assert not [c.value for c in at.caption if "Programmet:" in c.value]
    at = open_app(monkeypatch, tiny_db, "unge", lang="en", municipality="Vejle", **YEAR_2024)
    assert "n = 5  \nProgramme: 33.3%" in [c.value for c in at.caption]
