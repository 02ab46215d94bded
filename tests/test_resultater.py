"""The outcomes page: its two queries (cohort curves and first outcomes) checked by hand on
the tiny export, the cohort curve checked against the KPI engine, and the page itself.

Every expected value was worked out by hand from `tests/tiny_export.py`; none is computed.
The first outcome of each young person (earliest job or education on or after enrolment):
    V1 job 2024-01-01 · V3 education 2025-01-31 · V5 job 2025-03-01 · V6 education 2024-10-15
    (its job on 2024-03-01 is before enrolment) · H1 job 2024-09-01 · H2 job 2024-12-31 ·
    H4 education 2024-08-01 (then a job 2024-11-01) · H5 job 2025-04-11; V2 V4 H3 have none.
"""

from __future__ import annotations

import datetime as dt

import plotly.io
import pytest

from nextwork import config
from nextwork.ingest import db
from nextwork.ingest.importer import import_export
from nextwork.metrics.kpis import all_municipalities, compute_kpis, query_params
from tests.apptest import YEAR_2024, open_app
from tests.tiny_export import AS_OF, EXPORT, copy_tiny_db

P24 = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
H1_25 = (dt.date(2025, 1, 1), dt.date(2025, 6, 30))
H1_24 = dt.date(2024, 1, 1)
H2_24 = dt.date(2024, 7, 1)


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory, tiny_db_built):
    return copy_tiny_db(tiny_db_built, tmp_path_factory.mktemp("resultater"))


@pytest.fixture(scope="module")
def con(tiny_db):
    connection = db.connect(tiny_db, read_only=True)
    yield connection
    connection.close()


def params(con, period, **filters):
    return query_params(*period, AS_OF, all_municipalities(con), **filters)


def cohort_row(frame, cohort_start, municipality, month):
    rows = frame[
        (frame["cohort_start_on"].dt.date == cohort_start)
        & (frame["months_since_enrolment"] == month)
        & (
            frame["municipality"].isna()
            if municipality is None
            else frame["municipality"] == municipality
        )
    ]
    assert len(rows) == 1, (cohort_start, municipality, month)
    return rows.iloc[0]


def share_or_none(value):
    return None if value != value else value  # NaN -> None


# ---------------------------------------------------------------------------------------
# outcome_cohorts: (followed, any outcome, education, job) by cohort, municipality, month
# ---------------------------------------------------------------------------------------

# Cohort 2024 H1: V3 (enrolled 01-31), V6 (06-30) | H1 (03-15), H4 (02-29), H5 (04-10).
# Cohort 2024 H2: V4 (12-31), V5 (07-01) | nobody in Horsens. as_of is 2025-06-30.
COHORT_CASES = [
    # m = 3: all followed (latest V6 + 3m = 2024-09-30); nobody has started anything yet.
    pytest.param(H1_24, "Vejle", 3, (2, 0, 0, 0), id="2024H1-Vejle-m3"),
    pytest.param(H1_24, "Horsens", 3, (3, 0, 0, 0), id="2024H1-Horsens-m3"),
    # m = 6: V6 education 10-15 <= 12-30 | H1 job 09-01 <= 09-15, H4 education 08-01 <= 08-29.
    pytest.param(H1_24, "Vejle", 6, (2, 1, 1, 0), id="2024H1-Vejle-m6"),
    pytest.param(H1_24, "Horsens", 6, (3, 2, 1, 1), id="2024H1-Horsens-m6"),
    # m = 12: V3 education on +12m (2025-01-31), V6 followed to exactly as_of | H1; H4 both
    # (+12m = 2025-02-28); H5's job is one day after +12m (2025-04-10).
    pytest.param(H1_24, "Vejle", 12, (2, 2, 2, 0), id="2024H1-Vejle-m12"),
    pytest.param(H1_24, "Horsens", 12, (3, 2, 1, 2), id="2024H1-Horsens-m12"),
    pytest.param(H1_24, None, 12, (5, 4, 3, 2), id="2024H1-total-m12"),
    # m = 13: V6 drops out (+13m = 2025-07-30 > as_of); H5's job now counts.
    pytest.param(H1_24, None, 13, (4, 4, 2, 3), id="2024H1-total-m13"),
    # m = 17: only V3 (+17m = 2025-06-30, the month end clamped) is still followed.
    pytest.param(H1_24, None, 17, (1, 1, 1, 0), id="2024H1-total-m17"),
    pytest.param(H1_24, "Horsens", 17, (0, 0, 0, 0), id="2024H1-Horsens-m17"),
    # m = 18: nobody has been followed that long.
    pytest.param(H1_24, None, 18, (0, 0, 0, 0), id="2024H1-total-m18"),
    # 2024 H2: V4 (+6m = 2025-06-30) and V5 followed at m = 6, neither in anything; at m = 8
    # only V5 (2025-03-01, the day of its job).
    pytest.param(H2_24, "Vejle", 6, (2, 0, 0, 0), id="2024H2-Vejle-m6"),
    pytest.param(H2_24, "Vejle", 8, (1, 1, 0, 1), id="2024H2-Vejle-m8"),
    pytest.param(H2_24, "Horsens", 0, (0, 0, 0, 0), id="2024H2-Horsens-m0"),
]


@pytest.mark.parametrize("cohort, municipality, month, expected", COHORT_CASES)
def test_outcome_cohorts_counted_by_hand(con, cohort, municipality, month, expected):
    """A foundation analyst reads, for the 2024 cohorts, how many young people had moved on
    to job or education after each number of months, counting only those followed that long."""
    frame = db.run(con, "outcome_cohorts", params(con, P24))
    row = cohort_row(frame, cohort, municipality, month)
    followed, outcome, education, job = expected
    assert (
        row["count_followed"],
        row["count_outcome"],
        row["count_education"],
        row["count_job"],
    ) == expected
    for count, share in (
        (outcome, row["share_outcome"]),
        (education, row["share_education"]),
        (job, row["share_job"]),
    ):
        if followed == 0:
            assert share_or_none(share) is None, "an empty denominator is empty, never 0"
        else:
            assert share == pytest.approx(count / followed)


@pytest.mark.parametrize(
    "period, expected_cohorts, expected_in_period",
    [
        # 2024 touches its two half-years.
        pytest.param(P24, [H1_24, H2_24], True, id="2024"),
        # The first half of 2025 is one half-year: the last four up to as_of instead.
        pytest.param(
            H1_25,
            [dt.date(2023, 7, 1), H1_24, H2_24, dt.date(2025, 1, 1)],
            False,
            id="2025H1",
        ),
    ],
)
def test_outcome_cohorts_are_the_half_years_of_the_period(
    con, period, expected_cohorts, expected_in_period
):
    """A manager choosing a year sees its half-years as cohorts; choosing half a year, which
    would give a single curve, sees the last four half-years instead."""
    frame = db.run(con, "outcome_cohorts", params(con, period))
    assert sorted(set(frame["cohort_start_on"].dt.date)) == expected_cohorts
    assert set(frame["is_in_period"]) == {expected_in_period}
    # every cohort has months 0-24 for Horsens, Vejle and the total
    assert len(frame) == len(expected_cohorts) * 25 * 3


@pytest.mark.parametrize(
    "half_year, filters",
    [
        pytest.param((dt.date(2024, 1, 1), dt.date(2024, 6, 30)), {}, id="2024H1"),
        pytest.param((dt.date(2024, 7, 1), dt.date(2024, 12, 31)), {}, id="2024H2"),
        pytest.param(
            (dt.date(2024, 1, 1), dt.date(2024, 6, 30)),
            {"target_groups": ["job_ready"]},
            id="2024H1-job_ready",
        ),
    ],
)
def test_month_12_of_a_cohort_is_the_12_month_kpi(con, half_year, filters):
    """The cohort curve and the headline KPI never disagree: at 12 months, a cohort's share is
    the engine's outcome_12m_share (and education, job) for young people enrolled in that
    half-year, pooled and per municipality."""
    frame = db.run(con, "outcome_cohorts", params(con, P24, **filters))
    kpis = compute_kpis(con, *half_year, as_of=AS_OF, **filters)
    for municipality, expected in [(None, kpis["total"]), *kpis["by_municipality"].items()]:
        row = cohort_row(frame, half_year[0], municipality, 12)
        for measure, key in (
            ("outcome", "outcome_12m_share"),
            ("education", "education_12m_share"),
            ("job", "job_12m_share"),
        ):
            assert share_or_none(row[f"share_{measure}"]) == (
                None if expected[key] is None else pytest.approx(expected[key])
            ), (municipality, key)


# ---------------------------------------------------------------------------------------
# first_outcomes: (education, job, all first outcomes) per municipality
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "period, municipality, expected",
    [
        # 2024: V1 job, V6 education | H1 job, H2 job (on 12-31), H4 education.
        pytest.param(P24, "Vejle", (1, 1, 2), id="2024-Vejle"),
        pytest.param(P24, "Horsens", (1, 2, 3), id="2024-Horsens"),
        pytest.param(P24, None, (2, 3, 5), id="2024-total"),
        # First half of 2025: V3 education, V5 job | H5 job.
        pytest.param(H1_25, "Vejle", (1, 1, 2), id="2025H1-Vejle"),
        pytest.param(H1_25, "Horsens", (0, 1, 1), id="2025H1-Horsens"),
    ],
)
def test_first_outcomes_counted_by_hand(con, period, municipality, expected):
    """A politician sees whether young people moved on to education or to a job first."""
    frame = db.run(con, "first_outcomes", params(con, period))
    rows = frame[
        frame["municipality"].isna()
        if municipality is None
        else frame["municipality"] == municipality
    ].set_index("outcome_type")
    education, job, total = expected
    assert (rows.loc["education", "count_people"], rows.loc["job", "count_people"]) == (
        education,
        job,
    )
    assert set(rows["count_first_outcomes"]) == {total}
    assert rows.loc["education", "share_people"] == pytest.approx(education / total)


def test_first_outcome_on_the_same_day_counts_as_education(tmp_path):
    """When a young person starts an education and a job on the same day, that first outcome
    is counted once, as education."""
    export = dict(EXPORT)
    export["outcomes"] = EXPORT["outcomes"] + "H5,education,2025-04-11,,\n"
    folder = tmp_path / "export"
    folder.mkdir()
    for name, text in export.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    path = tmp_path / "tie.duckdb"
    assert import_export(path, folder, key_file=tmp_path / "k.key", today=AS_OF).ok
    connection = db.connect(path, read_only=True)
    try:
        frame = db.run(connection, "first_outcomes", params(connection, H1_25))
    finally:
        connection.close()
    horsens = frame[frame["municipality"] == "Horsens"].set_index("outcome_type")
    # H5's job and education both start 2025-04-11: one first outcome, education.
    assert list(horsens.loc[["education", "job"], "count_people"]) == [1, 0]


# ---------------------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------------------


def metric(at, label):
    matches = [m for m in at.metric if m.label == label]
    assert matches, f"no card {label!r} among {[m.label for m in at.metric]}"
    return matches[0]


def chart(at, key):
    """The plotly figure of the chart with this key."""
    ids = [element.proto.id for element in at.get("plotly_chart")]
    for element in at.get("plotly_chart"):
        if element.proto.id.endswith(key):
            return plotly.io.from_json(element.proto.spec)
    pytest.fail(f"no chart {key} among {ids}")


def captions(at):
    return [c.value for c in at.caption]


COHORT_2024 = "unge indskrevet 1. jul. 2023 – 30. jun. 2024"


def test_cards_show_2024_against_the_target_with_n(monkeypatch, tiny_db):
    """A manager opening the outcomes page for 2024 (as of 30 June 2025, when only those
    enrolled up to 30 June 2024 have 12 months) sees 80,0 % in job or education within 12
    months, 5,0 points above the 75 % target, out of n = 5 young people enrolled 1 July 2023
    - 30 June 2024, and 66,7 % retained of n = 3; the jobs in host companies stay on 2024."""
    at = open_app(monkeypatch, tiny_db, "resultater", **YEAR_2024)
    assert not at.exception
    card = metric(at, "I job/uddannelse inden 12 mdr.")
    assert card.value == "80,0 %"
    assert card.delta == "+5,0 pct.-point"
    assert card.proto.delta_description == "fra målet på 75 %"
    assert f"n = 5  \n{COHORT_2024}" in captions(at)
    assert metric(at, "I uddannelse inden 12 mdr.").value == "60,0 %"
    assert metric(at, "Fastholdt 6 mdr. efter start").value == "66,7 %"
    assert f"n = 3  \n{COHORT_2024}" in captions(at)
    assert metric(at, "Job i praktikvirksomhed").value == "50,0 %"
    assert "n = 4" in captions(at)


def test_cards_follow_a_municipality_in_the_link(monkeypatch, tiny_db):
    """A link naming Vejle shows Vejle's own outcomes: 100,0 % of n = 2 against the
    programme's 80,0 %, and 1 of 1 job in a host company against the programme's 2 of 4."""
    at = open_app(monkeypatch, tiny_db, "resultater", municipality="Vejle", **YEAR_2024)
    card = metric(at, "I job/uddannelse inden 12 mdr.")
    assert (card.value, card.proto.delta_description) == ("100,0 %", "fra målet på 75 %")
    assert f"n = 2  \nProgrammet: 80,0 %  \n{COHORT_2024}" in captions(at)
    assert metric(at, "Job i praktikvirksomhed").value == "100,0 %"
    assert "n = 1  \nProgrammet: 50,0 %" in captions(at)


def test_cards_in_english(monkeypatch, tiny_db):
    """A foundation analyst reading in English sees 80.0%, +5.0 pp from the target."""
    at = open_app(monkeypatch, tiny_db, "resultater", lang="en", **YEAR_2024)
    card = metric(at, "In job or education within 12 months")
    assert (card.value, card.delta) == ("80.0%", "+5.0 pp")
    assert card.proto.delta_description == "from the target of 75%"
    assert "n = 5  \nyoung people enrolled 1 Jul 2023 – 30 Jun 2024" in captions(at)


def test_cohort_chart_shows_the_target_and_switches_to_education(monkeypatch, tiny_db):
    """The cohort chart draws one line per 2024 cohort with the 75 % target; switching the
    selector to education shows 3 of 5 (60 %) of the first-half cohort at 12 months. (The
    smallest n a curve is drawn on is set to 1 here; the tiny cohorts are under the 10 of
    the settings, see the next test.)"""
    monkeypatch.setattr(config, "min_share_n", lambda: 1)
    at = open_app(monkeypatch, tiny_db, "resultater", **YEAR_2024)
    fig = chart(at, "outcomes_cohort_chart")
    assert [trace.name for trace in fig.data] == ["1. halvår 2024", "2. halvår 2024"]
    assert fig.data[0].y[12] == pytest.approx(0.8)  # 4 of 5, the KPI for 2024 H1
    assert [shape.y0 for shape in fig.layout.shapes] == [0.75]
    assert [note.text for note in fig.layout.annotations] == ["Mål: 75 %"]
    assert fig.layout.xaxis.title.text == "Måneder siden indskrivning"

    at.segmented_control(key="outcomes_cohort_measure").set_value("education").run()
    fig = chart(at, "outcomes_cohort_chart")
    assert fig.data[0].y[12] == pytest.approx(0.6)  # V3 V6 H4 of 5
    assert list(fig.data[0].customdata[12]) == ["60,0 %", "3", "5"]
    assert fig.layout.shapes == (), "the 75 % target is for job or education together"


def test_cohort_curves_stop_under_the_smallest_n(monkeypatch, tiny_db):
    """With the settings' 10, the tiny export's cohorts (5 and 2 young people) are too small
    to draw: the chart holds no curve, only the target, and the caption says why."""
    at = open_app(monkeypatch, tiny_db, "resultater", **YEAR_2024)
    fig = chart(at, "outcomes_cohort_chart")
    assert list(fig.data) == []
    assert [shape.y0 for shape in fig.layout.shapes] == [0.75]
    assert any("færre end 10 unge er fulgt så længe" in c.value for c in at.caption)


def test_retention_table_per_municipality_with_n(monkeypatch, tiny_db):
    """The table under the retention charts gives each municipality's share with its n:
    Horsens 50,0 % retained of 2, Vejle 100,0 % of 1, the programme (both sites) 66,7 % of
    3."""
    at = open_app(monkeypatch, tiny_db, "resultater", **YEAR_2024)
    table = at.dataframe[0].value
    assert list(table["Kommune"]) == ["Horsens", "Vejle", "Programmet"]
    assert list(table["Fastholdt 6 mdr. efter start (%)"]) == [50.0, 100.0, 66.7]
    assert list(table["n: Fastholdt 6 mdr. efter start"]) == [2, 1, 3]
