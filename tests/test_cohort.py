"""The 12-month outcome figures on the cohort with full follow-up, and the period the
dashboard compares with. Every expected date and value below was worked out by hand from the
definitions and the tiny export (`tests/tiny_export.py`); none is computed."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from nextwork.ingest import db
from nextwork.metrics import kpis
from tests.tiny_export import AS_OF, copy_tiny_db

D = dt.date


@pytest.mark.parametrize(
    "chosen, as_of, cohort",
    [
        # The default view (the last 12 months): enrolled 12-24 months before the as-of day.
        ((D(2024, 12, 1), D(2025, 11, 30)), D(2025, 11, 30), (D(2023, 12, 1), D(2024, 11, 30))),
        ((D(2025, 12, 1), D(2026, 11, 30)), D(2026, 11, 30), (D(2024, 12, 1), D(2025, 11, 30))),
        # Mid-month as-of day: the last day with 12 months is 2024-11-15.
        ((D(2024, 11, 16), D(2025, 11, 15)), D(2025, 11, 15), (D(2023, 11, 16), D(2024, 11, 15))),
        # The first half of 2025 on the tiny export's day: nobody has 12 months yet.
        ((D(2025, 1, 1), D(2025, 6, 30)), D(2025, 6, 30), (D(2023, 7, 1), D(2024, 6, 30))),
        ((D(2025, 1, 1), D(2025, 6, 30)), D(2025, 12, 31), (D(2024, 1, 1), D(2024, 12, 31))),
        # 2024 as of 2025-06-30: only part of 2024 has 12 months, so the latest 12 months.
        ((D(2024, 1, 1), D(2024, 12, 31)), D(2025, 6, 30), (D(2023, 7, 1), D(2024, 6, 30))),
        # The chosen period itself has full follow-up: it is used as it is.
        ((D(2024, 1, 1), D(2024, 12, 31)), D(2025, 12, 31), (D(2024, 1, 1), D(2024, 12, 31))),
        ((D(2024, 3, 1), D(2024, 3, 31)), D(2025, 6, 30), (D(2024, 3, 1), D(2024, 3, 31))),
        ((D(2023, 7, 1), D(2024, 6, 30)), D(2025, 6, 30), (D(2023, 7, 1), D(2024, 6, 30))),
        # A leap day: 2024-02-29 + 12 months = 2025-02-28, so it has full follow-up then.
        ((D(2024, 3, 1), D(2025, 2, 28)), D(2025, 2, 28), (D(2023, 3, 1), D(2024, 2, 29))),
        # A day short of full follow-up for the chosen period's last day.
        ((D(2024, 1, 1), D(2024, 12, 31)), D(2025, 12, 30), (D(2023, 12, 31), D(2024, 12, 30))),
    ],
)
def test_the_cohort_with_full_follow_up(chosen, as_of, cohort):
    assert kpis.outcome_cohort(*chosen, as_of) == cohort


@pytest.fixture(scope="module")
def con(tmp_path_factory, tiny_db_built):
    connection = db.connect(
        copy_tiny_db(tiny_db_built, tmp_path_factory.mktemp("cohort_tiny")), read_only=True
    )
    yield connection
    connection.close()


def headline(con, start, end, as_of):
    params = kpis.query_params(start, end, as_of, ["Horsens", "Vejle"])
    frame = kpis.headline_frame(con, params)
    out = {}
    for row in frame.itertuples():
        where = None if pd.isna(row.municipality) else row.municipality
        out[(row.key, where)] = None if pd.isna(row.value) else row.value
    return out


def check(values, key, total, vejle, horsens):
    for where, expected in ((None, total), ("Vejle", vejle), ("Horsens", horsens)):
        got = values[(key, where)]
        if expected is None:
            assert got is None, (key, where, got)
        else:
            assert got == pytest.approx(expected, abs=1e-9), (key, where, got)


def test_first_half_2025_shows_the_cohort_enrolled_july_2023_to_june_2024(con):
    """H1 2025 as of 2025-06-30: nobody enrolled in the period has 12 months (the period's
    own figures are empty), so the figures are those of the young people enrolled
    2023-07-01 .. 2024-06-30: V3 V6 | H1 H4 H5 (V5, enrolled 2024-07-01, is one day out;
    V1 and V2 enrolled before).
    Job or education within 12 months: V3 (education on +12 months), V6 (education; its job
    was before enrolment) | H1 (job), H4 (education), not H5 (one day late): 4/5, 2/2, 2/3.
    Education: V3 V6 | H4. Job: none in Vejle | H1 H4.
    Retained: f + 6 months by the as-of day for V6 (yes) | H1 (yes), H4 (no); V3 and H5 too
    late: 2/3, 1/1, 1/2.
    The other KPIs stay on the chosen period: one new young person (H3)."""
    values = headline(con, D(2025, 1, 1), D(2025, 6, 30), AS_OF)
    check(values, "outcome_12m_share", 4 / 5, 1.0, 2 / 3)
    check(values, "education_12m_share", 3 / 5, 1.0, 1 / 3)
    check(values, "job_12m_share", 2 / 5, 0.0, 2 / 3)
    check(values, "retained_6m_share", 2 / 3, 1.0, 1 / 2)
    check(values, "participants_new", 1, 0, 1)
    check(values, "job_in_host_company_share", 1.0, 1.0, None)  # jobs started in H1 2025


def test_first_half_2025_as_of_new_year_shows_2024(con):
    """As of 2025-12-31 the cohort is 2024: V3 V4 V5 V6 | H1 H4 H5, all with 12 months (V4's
    +12 months is the as-of day).
    Within 12 months: V3 (education), V5 (job 2025-03-01), V6 (education), not V4 (nothing) |
    H1, H4, not H5: 5/7, 3/4, 2/3. Education: V3 V6 | H4: 3/7, 2/4, 1/3. Job: V5 | H1 H4:
    3/7, 1/4, 2/3.
    Retained (f + 6 months by 2025-12-31): V3 (education open), V5 (job open), V6 | H1 yes,
    H4 no, H5 (job open, 2025-10-11) yes: 5/6, 3/3, 2/3."""
    values = headline(con, D(2025, 1, 1), D(2025, 6, 30), D(2025, 12, 31))
    check(values, "outcome_12m_share", 5 / 7, 3 / 4, 2 / 3)
    check(values, "education_12m_share", 3 / 7, 2 / 4, 1 / 3)
    check(values, "job_12m_share", 3 / 7, 1 / 4, 2 / 3)
    check(values, "retained_6m_share", 5 / 6, 1.0, 2 / 3)


def test_a_period_with_full_follow_up_is_used_as_it_is(con):
    """March 2024 as of 2025-06-30 has 12 months for all: only H1 enrolled then (job on
    2024-09-01, retained), nobody in Vejle."""
    values = headline(con, D(2024, 3, 1), D(2024, 3, 31), AS_OF)
    check(values, "outcome_12m_share", 1.0, None, 1.0)
    check(values, "job_12m_share", 1.0, None, 1.0)
    check(values, "retained_6m_share", 1.0, None, 1.0)


def test_a_cohorts_frame_runs_only_the_cohort_kpis_query(con):
    """The cohort's frame needs only the cohort KPIs (`with_cohort` takes nothing else), so
    only their query runs for it: kpi_outcomes, whose KPIs are the four cohort KPIs and the
    share of jobs in a host company; their rows are the full frame's, figure for figure."""
    assert kpis.COHORT_QUERIES == ("kpi_outcomes",)
    params = kpis.query_params(D(2024, 1, 1), D(2024, 12, 31), AS_OF, ["Horsens", "Vejle"])
    part = kpis.kpi_frame(con, params, kpis.COHORT_QUERIES)
    full = kpis.kpi_frame(con, params)
    assert sorted(set(part["key"])) == sorted([*kpis.COHORT_KEYS, "job_in_host_company_share"])
    assert len(part) == 5 * 3
    same = full[full["key"].isin(set(part["key"]))].reset_index(drop=True)
    pd.testing.assert_frame_equal(part.reset_index(drop=True), same)
    period = kpis.query_params(D(2025, 1, 1), D(2025, 6, 30), AS_OF, ["Horsens", "Vejle"])
    now = kpis.kpi_frame(con, period)
    pd.testing.assert_frame_equal(kpis.with_cohort(now, part), kpis.with_cohort(now, full))


def test_the_command_line_keeps_the_chosen_period(con):
    """`compute_kpis` (the command line) measures on the chosen period: H1 2025 is empty."""
    out = kpis.compute_kpis(con, D(2025, 1, 1), D(2025, 6, 30), AS_OF)
    assert out["total"]["outcome_12m_share"] is None


@pytest.mark.parametrize(
    "chosen, previous",
    [
        # A calendar year, half-year, quarter and month: the one before.
        ((D(2025, 1, 1), D(2025, 12, 31)), (D(2024, 1, 1), D(2024, 12, 31))),
        ((D(2025, 1, 1), D(2025, 6, 30)), (D(2024, 7, 1), D(2024, 12, 31))),
        ((D(2025, 7, 1), D(2025, 12, 31)), (D(2025, 1, 1), D(2025, 6, 30))),
        ((D(2025, 4, 1), D(2025, 6, 30)), (D(2025, 1, 1), D(2025, 3, 31))),
        ((D(2025, 1, 1), D(2025, 3, 31)), (D(2024, 10, 1), D(2024, 12, 31))),
        ((D(2024, 3, 1), D(2024, 3, 31)), (D(2024, 2, 1), D(2024, 2, 29))),
        ((D(2025, 3, 1), D(2025, 3, 31)), (D(2025, 2, 1), D(2025, 2, 28))),
        # Whole months: as many months before.
        ((D(2024, 12, 1), D(2025, 11, 30)), (D(2023, 12, 1), D(2024, 11, 30))),
        ((D(2024, 3, 1), D(2024, 5, 31)), (D(2023, 12, 1), D(2024, 2, 29))),
        # The last 12 months to a mid-month day: the 12 months before.
        ((D(2024, 11, 16), D(2025, 11, 15)), (D(2023, 11, 16), D(2024, 11, 15))),
        ((D(2025, 1, 15), D(2025, 2, 14)), (D(2024, 12, 15), D(2025, 1, 14))),
        # Anything else: as many days before (5 days; 10 days).
        ((D(2024, 3, 5), D(2024, 3, 9)), (D(2024, 2, 29), D(2024, 3, 4))),
        ((D(2025, 1, 1), D(2025, 1, 10)), (D(2024, 12, 22), D(2024, 12, 31))),
    ],
)
def test_the_previous_period(chosen, previous):
    assert kpis.previous_period(*chosen) == previous
