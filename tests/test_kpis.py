"""An independent, hand-worked check of the KPI engine against the KPI definitions (v1).

The tiny export in `tests/tiny_export.py` (its docstring lists each young person and
company and what they are there to test) is imported once. Every expected value in this
module was counted by hand from the definitions; none is computed.
"""

from __future__ import annotations

import datetime as dt

import pytest

from nextwork.ingest import db
from nextwork.metrics.kpis import KPIS, compute_kpis
from tests.tiny_export import AS_OF, copy_tiny_db

# ---------------------------------------------------------------------------------------
# The export
# ---------------------------------------------------------------------------------------

P24 = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
H1_25 = (dt.date(2025, 1, 1), dt.date(2025, 6, 30))

# The 18 KPI keys, in the order of the specification's table.
KEYS = [
    "participants_active",
    "participants_new",
    "companies_in_network",
    "companies_active",
    "companies_hosting_share",
    "placements_started",
    "placements_active",
    "placement_completion_rate",
    "participant_chosen_share",
    "placement_within_3m_share",
    "median_days_to_first_placement",
    "network_attendance_share",
    "second_chance_share",
    "outcome_12m_share",
    "education_12m_share",
    "job_12m_share",
    "retained_6m_share",
    "job_in_host_company_share",
]

# ---------------------------------------------------------------------------------------
# Fixtures and helpers
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def con(tmp_path_factory, tiny_db_built):
    connection = db.connect(
        copy_tiny_db(tiny_db_built, tmp_path_factory.mktemp("kpi_tiny")), read_only=True
    )
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def kpis(con):
    """compute_kpis with the tiny database, remembering each answer (the data never changes)."""
    memo: dict = {}

    def run(
        period, as_of=AS_OF, municipalities=None, target_groups=None, genders=None, age_bands=None
    ):
        start, end = period
        args = dict(
            municipalities=municipalities,
            target_groups=target_groups,
            genders=genders,
            age_bands=age_bands,
        )
        memo_key = (start, end, as_of, repr(sorted(args.items())))
        if memo_key not in memo:
            memo[memo_key] = compute_kpis(con, start=start, end=end, as_of=as_of, **args)
        return memo[memo_key]

    return run


def check(value, expected, what):
    """Counts are whole numbers, shares and medians floats (compared to 1e-9), empty is None."""
    if expected is None:
        assert value is None, f"{what}: expected None (empty denominator), got {value!r}"
    elif isinstance(expected, int):
        assert isinstance(value, int) and not isinstance(value, bool), (
            f"{what}: expected the int {expected}, got {value!r}"
        )
        assert value == expected, f"{what}: expected {expected}, got {value!r}"
    else:
        assert isinstance(value, float), f"{what}: expected a float, got {value!r}"
        assert value == pytest.approx(expected, abs=1e-9), (
            f"{what}: expected {expected}, got {value}"
        )


def check_row(out, key, total, vejle, horsens):
    check(out["total"][key], total, f"{key} total")
    check(out["by_municipality"]["Vejle"][key], vejle, f"{key} Vejle")
    check(out["by_municipality"]["Horsens"][key], horsens, f"{key} Horsens")


def rows(table, scenario=""):
    """One pytest case per KPI of a (total, Vejle, Horsens) table; every table has all 18."""
    assert list(table) == KEYS, f"table {scenario} must list the 18 KPIs in order"
    return [pytest.param(key, *values, id=f"{scenario}{key}") for key, values in table.items()]


# ---------------------------------------------------------------------------------------
# Expected values: (total, Vejle, Horsens), counted by hand
# ---------------------------------------------------------------------------------------

# The year 2024, nobody filtered out, as_of 2025-06-30.
YEAR_2024 = {
    # Young people: V1 exited on start, V4 enrolled on end (both in); V2 exited the day before
    # start, H3 enrolled the day after end (both out).
    "participants_active": (9, 5, 4),  # V1 V3 V4 V5 V6 | H1 H2 H4 H5
    "participants_new": (7, 4, 3),  # V3 V4 V5 V6 | H1 H4 H5
    # Companies: CV2 joined on end, CV4 left on start (in); CV3 left the day before (out);
    # CH3 joins in 2025 (out).
    "companies_in_network": (5, 3, 2),  # CV1 CV2 CV4 | CH1 CH2
    "companies_active": (5, 3, 2),  # CV1 CV2 by placement, CV4 by activity A3 | CH1 CH2
    "companies_hosting_share": (4 / 5, 2 / 3, 1.0),  # CV4 hosts nothing
    # Placements.
    "placements_started": (10, 6, 4),  # PL3-PL8 | PL10 PL11 PL14 (on end) PL15
    "placements_active": (11, 7, 4),  # PL2 (ends on start)-PL8 | PL10 PL11 PL14 PL15
    "placement_completion_rate": (1 / 6, 0.0, 1 / 2),  # V: PL2 PL3 PL5 PL7 none completed
    "participant_chosen_share": (4 / 7, 3 / 4, 1 / 3),  # PL4 PL7 PL14 unknown, left out
    # V: V3 on +3m (04-30), V4 (2025-01-02), V5 yes; V6 no (before enrolment, +3m+1 day).
    # H: H1 same day, H4 on +3m (05-29) yes; H5 no placement.
    "placement_within_3m_share": (5 / 7, 3 / 4, 2 / 3),
    # Days: V3 90, V4 2, V5 10, V6 93 (not PL7, before enrolment) | H1 0, H4 90.
    "median_days_to_first_placement": (50.0, 50.0, 45.0),
    # V4 at joint meeting A1 (on end); V1's A0 was the day before, V3's A2 is a session.
    "network_attendance_share": (3 / 9, 1 / 5, 2 / 4),  # H2 H4 at A5
    # Interrupted, ended in 2024: PL2 (no new), PL3 (PL4 on +60 days: yes),
    # PL5 (PL6 on +61 days: no) | PL11 (PL12 on +20 days: yes).
    "second_chance_share": (2 / 4, 1 / 3, 1.0),
    # 12 months: V3 (+12m 2025-01-31), V6 (2025-06-30 = as_of) | H1, H4 (2025-02-28), H5;
    # V4 and V5 reach +12 months after as_of. H5's first outcome is one day too late.
    "outcome_12m_share": (4 / 5, 1.0, 2 / 3),
    "education_12m_share": (3 / 5, 1.0, 1 / 3),  # V3 (on +12m), V6 | H4
    "job_12m_share": (2 / 5, 0.0, 2 / 3),  # V6's job is before enrolment | H1 H4
    # f + 6m <= as_of: V6 (2025-04-15, in education) | H1 (2025-03-01, job ends that day),
    # H4 (2025-02-01, job ended the day before); V3, V5, H5 too late; V4 no outcome.
    "retained_6m_share": (2 / 3, 1.0, 1 / 2),
    # Jobs started in 2024 after a placement: V1 at CV1 (hosted PL1, PL2) | H1 at CH1 (hosted
    # PL10), H2 at CH1 (PL14 at CH1 starts the same day, not before), H4 at CH1 (hosted at
    # CH2 only). V6's job has no earlier placement and is left out.
    "job_in_host_company_share": (2 / 4, 1.0, 1 / 3),
}

# The first half of 2025, nobody filtered out, as_of 2025-06-30.
FIRST_HALF_2025 = {
    "participants_active": (9, 4, 5),  # V3 V4 V5 V6 | H1 H2 H3 (on start) H4 H5
    "participants_new": (1, 0, 1),  # H3
    "companies_in_network": (5, 2, 3),  # CV1 CV2 | CH1 CH2 CH3 (joins on end)
    "companies_active": (5, 2, 3),  # CV1 CV2 | CH1 CH2, CH3 by activity A7 on end
    "companies_hosting_share": (4 / 5, 1.0, 2 / 3),  # CH3 hosts nothing
    "placements_started": (3, 1, 2),  # PL9 | PL12 PL16
    "placements_active": (8, 4, 4),  # PL4 PL6 PL8 PL9 | PL12 PL14 PL15 PL16 (PL11 ended 12-31)
    "placement_completion_rate": (2 / 3, 1 / 2, 1.0),  # PL6 yes, PL9 no | PL15 yes
    "participant_chosen_share": (2 / 3, 0.0, 1.0),  # PL9 false | PL12 PL16 true
    "placement_within_3m_share": (1.0, None, 1.0),  # H3 (PL16 2025-03-01); nobody new in Vejle
    "median_days_to_first_placement": (59.0, None, 59.0),  # H3: 2025-01-01 to 2025-03-01
    "network_attendance_share": (3 / 9, 2 / 4, 1 / 5),  # V3 V5 (twice, counted once) | H3
    "second_chance_share": (0.0, 0.0, None),  # PL9 interrupted, no new | none interrupted
    # H3's +12 months and first outcome lie after as_of: every denominator is empty.
    "outcome_12m_share": (None, None, None),
    "education_12m_share": (None, None, None),
    "job_12m_share": (None, None, None),
    "retained_6m_share": (None, None, None),
    # V5's job at CV2 after PL6 at CV2 | H5's job has no earlier placement.
    "job_in_host_company_share": (1.0, 1.0, None),
}

# 2024, target group job_ready: V1 V5 | H1 H4. Company KPIs ignore the filter.
JOB_READY_2024 = {
    "participants_active": (4, 2, 2),
    "participants_new": (3, 1, 2),  # V5 | H1 H4
    "companies_in_network": (5, 3, 2),
    "companies_active": (5, 3, 2),
    "companies_hosting_share": (4 / 5, 2 / 3, 1.0),
    "placements_started": (5, 2, 3),  # PL5 PL6 | PL10 PL11 PL15
    "placements_active": (6, 3, 3),  # PL2 PL5 PL6 | PL10 PL11 PL15
    "placement_completion_rate": (1 / 4, 0.0, 1 / 2),  # PL2 PL5 | PL10 yes, PL11
    "participant_chosen_share": (2 / 5, 1 / 2, 1 / 3),  # PL6 | PL10
    "placement_within_3m_share": (1.0, 1.0, 1.0),  # V5 | H1 H4
    "median_days_to_first_placement": (10.0, 10.0, 45.0),  # V5 10 | H1 0, H4 90
    "network_attendance_share": (1 / 4, 0.0, 1 / 2),  # H4
    "second_chance_share": (1 / 3, 0.0, 1.0),  # PL2 PL5 no | PL11 yes
    "outcome_12m_share": (1.0, None, 1.0),  # V5 after as_of | H1 H4
    "education_12m_share": (1 / 2, None, 1 / 2),  # H4
    "job_12m_share": (1.0, None, 1.0),
    "retained_6m_share": (1 / 2, None, 1 / 2),  # H1 yes, H4 no
    "job_in_host_company_share": (2 / 3, 1.0, 1 / 2),  # V1 | H1 yes, H4 no
}

# 2024, gender unknown: V4 (missing) | H5 (given as "unknown").
UNKNOWN_GENDER_2024 = {
    "participants_active": (2, 1, 1),
    "participants_new": (2, 1, 1),
    "companies_in_network": (5, 3, 2),
    "companies_active": (5, 3, 2),
    "companies_hosting_share": (4 / 5, 2 / 3, 1.0),
    "placements_started": (0, 0, 0),  # V4's PL9 starts in 2025
    "placements_active": (0, 0, 0),
    "placement_completion_rate": (None, None, None),
    "participant_chosen_share": (None, None, None),
    "placement_within_3m_share": (1 / 2, 1.0, 0.0),  # V4 yes | H5 no
    "median_days_to_first_placement": (2.0, 2.0, None),  # V4: 2 days
    "network_attendance_share": (1 / 2, 1.0, 0.0),  # V4 at A1
    "second_chance_share": (None, None, None),
    "outcome_12m_share": (0.0, None, 0.0),  # H5 one day late; V4 after as_of
    "education_12m_share": (0.0, None, 0.0),
    "job_12m_share": (0.0, None, 0.0),
    "retained_6m_share": (None, None, None),
    "job_in_host_company_share": (None, None, None),
}

# 2024, age band under 18 (age 2024 - birth year): V3 (17) | H3 (16, not active in 2024).
UNDER_18_2024 = {
    "participants_active": (1, 1, 0),
    "participants_new": (1, 1, 0),
    "companies_in_network": (5, 3, 2),
    "companies_active": (5, 3, 2),
    "companies_hosting_share": (4 / 5, 2 / 3, 1.0),
    "placements_started": (2, 2, 0),  # PL3 PL4
    "placements_active": (2, 2, 0),
    "placement_completion_rate": (0.0, 0.0, None),  # PL3 interrupted
    "participant_chosen_share": (1.0, 1.0, None),  # PL3 true, PL4 unknown
    "placement_within_3m_share": (1.0, 1.0, None),
    "median_days_to_first_placement": (90.0, 90.0, None),
    "network_attendance_share": (0.0, 0.0, None),  # V3's A2 is an individual session
    "second_chance_share": (1.0, 1.0, None),  # PL3 -> PL4 on +60 days
    "outcome_12m_share": (1.0, 1.0, None),
    "education_12m_share": (1.0, 1.0, None),
    "job_12m_share": (0.0, 0.0, None),
    "retained_6m_share": (None, None, None),  # V3's f + 6 months is after as_of
    "job_in_host_company_share": (None, None, None),
}

# First half of 2025, age band under 18 (age 2025 - birth year): H3 (17); V3 is now 18.
UNDER_18_2025 = {
    "participants_active": (1, 0, 1),
    "participants_new": (1, 0, 1),
    "companies_in_network": (5, 2, 3),
    "companies_active": (5, 2, 3),
    "companies_hosting_share": (4 / 5, 1.0, 2 / 3),
    "placements_started": (1, 0, 1),  # PL16
    "placements_active": (1, 0, 1),  # not V3's PL4
    "placement_completion_rate": (None, None, None),
    "participant_chosen_share": (1.0, None, 1.0),
    "placement_within_3m_share": (1.0, None, 1.0),
    "median_days_to_first_placement": (59.0, None, 59.0),
    "network_attendance_share": (1.0, None, 1.0),  # H3 at A6 on end
    "second_chance_share": (None, None, None),
    "outcome_12m_share": (None, None, None),
    "education_12m_share": (None, None, None),
    "job_12m_share": (None, None, None),
    "retained_6m_share": (None, None, None),
    "job_in_host_company_share": (None, None, None),
}

# 2024, female and age band 18-24 or 30+: V1 (24) | H2 (18), H4 (23); V3 is 17.
FEMALE_18_24_OR_30_2024 = {
    "participants_active": (3, 1, 2),
    "participants_new": (1, 0, 1),  # H4
    "companies_in_network": (5, 3, 2),
    "companies_active": (5, 3, 2),
    "companies_hosting_share": (4 / 5, 2 / 3, 1.0),
    "placements_started": (2, 0, 2),  # PL14 PL15
    "placements_active": (3, 1, 2),  # PL2 | PL14 PL15
    "placement_completion_rate": (0.0, 0.0, None),  # PL2 interrupted | PL15 ends in 2025
    "participant_chosen_share": (0.0, None, 0.0),  # PL14 unknown, PL15 false
    "placement_within_3m_share": (1.0, None, 1.0),  # H4
    "median_days_to_first_placement": (90.0, None, 90.0),  # H4
    "network_attendance_share": (2 / 3, 0.0, 1.0),  # H2 H4 at A5
    "second_chance_share": (0.0, 0.0, None),  # PL2
    "outcome_12m_share": (1.0, None, 1.0),  # H4
    "education_12m_share": (1.0, None, 1.0),
    "job_12m_share": (1.0, None, 1.0),
    "retained_6m_share": (0.0, None, 0.0),  # H4 not retained
    "job_in_host_company_share": (1 / 3, 1.0, 0.0),  # V1 yes | H2 no, H4 no
}


# ---------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------


def test_import_of_the_tiny_export_succeeds(con):
    """A team member in Vejle loads a small, valid export and the data is there to count."""
    assert con.execute("select count(*) from participants").fetchone()[0] == 11
    assert con.execute("select count(*) from placements").fetchone()[0] == 16


def test_kpi_list_has_the_18_defined_keys():
    """A user reading the definitions page finds exactly the 18 KPIs of the specification."""
    assert sorted(k.key for k in KPIS) == sorted(KEYS)


def test_result_shape(kpis):
    """A developer building a page gets the period, as_of, a total and one block per
    municipality in the database, each with every KPI."""
    out = kpis(P24)
    assert out["start"] == "2024-01-01"
    assert out["end"] == "2024-12-31"
    assert out["as_of"] == "2025-06-30"
    assert set(out["by_municipality"]) == {"Horsens", "Vejle"}
    assert set(out["total"]) == set(KEYS)
    for block in out["by_municipality"].values():
        assert set(block) == set(KEYS)


@pytest.mark.parametrize("key, total, vejle, horsens", rows(YEAR_2024))
def test_year_2024(kpis, key, total, vejle, horsens):
    """A manager in Vejle sees how the programme did in 2024, beside Horsens and in total."""
    check_row(kpis(P24), key, total, vejle, horsens)


@pytest.mark.parametrize("key, total, vejle, horsens", rows(FIRST_HALF_2025))
def test_first_half_of_2025(kpis, key, total, vejle, horsens):
    """A manager in Horsens looks at the first half of 2025, where many shares are still
    empty because nobody enrolled has had 12 months yet."""
    check_row(kpis(H1_25), key, total, vejle, horsens)


# Restricting to one municipality: the total is that municipality's figure (the hand
# counts of YEAR_2024 and FIRST_HALF_2025), including the company KPIs.
MUNICIPALITY_CASES = [
    pytest.param(P24, "Vejle", key, YEAR_2024[key][1], id=f"2024-Vejle-{key}") for key in KEYS
] + [
    pytest.param(H1_25, "Horsens", key, FIRST_HALF_2025[key][2], id=f"2025H1-Horsens-{key}")
    for key in KEYS
]


@pytest.mark.parametrize("period, municipality, key, expected", MUNICIPALITY_CASES)
def test_one_municipality(kpis, period, municipality, key, expected):
    """A manager in Vejle restricts the dashboard to Vejle and sees Vejle's own numbers as
    the total."""
    out = kpis(period, municipalities=[municipality])
    check(out["total"][key], expected, f"{key} total")
    check(out["by_municipality"][municipality][key], expected, f"{key} {municipality}")


FILTER_CASES = [
    # (period, filters, table)
    ("2024-job_ready-", P24, {"target_groups": ["job_ready"]}, JOB_READY_2024),
    ("2024-gender_unknown-", P24, {"genders": ["unknown"]}, UNKNOWN_GENDER_2024),
    ("2024-under18-", P24, {"age_bands": ["under 18"]}, UNDER_18_2024),
    ("2025H1-under18-", H1_25, {"age_bands": ["under 18"]}, UNDER_18_2025),
    (
        "2024-female-18-24-30+-",
        P24,
        {"genders": ["female"], "age_bands": ["18-24", "30+"]},
        FEMALE_18_24_OR_30_2024,
    ),
]


@pytest.mark.parametrize(
    "period, filters, key, total, vejle, horsens",
    [
        pytest.param(period, filters, *case.values, id=case.id)
        for name, period, filters, table in FILTER_CASES
        for case in rows(table, name)
    ],
)
def test_participant_filters(kpis, period, filters, key, total, vejle, horsens):
    """A consultant in Horsens looks only at job-ready young people (or one gender, or one
    age band) and sees every young-person and placement KPI restricted to them, while the
    company KPIs stay as they are."""
    check_row(kpis(period, **filters), key, total, vejle, horsens)


# participants_active under each single filter value: (total, Vejle, Horsens).
# Ages in 2024: V1 24, V3 17, V5 27, V6 30, H1 25, H2 18, H4 23, H5 39 (V2 34 not active).
# Ages in 2025: V3 18, V5 28, V6 31, H1 26, H2 19, H3 17, H4 24, H5 40; V4 unknown.
FILTER_VALUE_CASES = [
    # Target groups (2024)
    pytest.param(P24, "target_groups", "job_ready", (4, 2, 2), id="2024-job_ready"),
    pytest.param(P24, "target_groups", "education_ready", (1, 1, 0), id="2024-education_ready"),
    pytest.param(P24, "target_groups", "activity_ready", (1, 0, 1), id="2024-activity_ready"),
    pytest.param(P24, "target_groups", "other", (2, 1, 1), id="2024-tg-other"),  # V6 | H5
    pytest.param(P24, "target_groups", "unknown", (1, 1, 0), id="2024-tg-unknown"),  # V4
    # Genders (2024)
    pytest.param(P24, "genders", "female", (4, 2, 2), id="2024-female"),  # V1 V3 | H2 H4
    pytest.param(P24, "genders", "male", (2, 1, 1), id="2024-male"),  # V5 | H1
    pytest.param(P24, "genders", "other", (1, 1, 0), id="2024-gender-other"),  # V6
    pytest.param(P24, "genders", "unknown", (2, 1, 1), id="2024-gender-unknown"),  # V4 | H5
    # Age bands, 2024
    pytest.param(P24, "age_bands", "under 18", (1, 1, 0), id="2024-under18"),  # V3
    pytest.param(P24, "age_bands", "18-24", (3, 1, 2), id="2024-18-24"),  # V1 | H2 H4
    pytest.param(P24, "age_bands", "25-29", (2, 1, 1), id="2024-25-29"),  # V5 | H1
    pytest.param(P24, "age_bands", "30+", (2, 1, 1), id="2024-30+"),  # V6 | H5
    pytest.param(P24, "age_bands", "unknown", (1, 1, 0), id="2024-age-unknown"),  # V4
    # Age bands, first half of 2025 (everyone is a year older)
    pytest.param(H1_25, "age_bands", "under 18", (1, 0, 1), id="2025H1-under18"),  # H3
    pytest.param(H1_25, "age_bands", "18-24", (3, 1, 2), id="2025H1-18-24"),  # V3 | H2 H4
    pytest.param(H1_25, "age_bands", "25-29", (2, 1, 1), id="2025H1-25-29"),  # V5 | H1
    pytest.param(H1_25, "age_bands", "30+", (2, 1, 1), id="2025H1-30+"),  # V6 | H5
    pytest.param(H1_25, "age_bands", "unknown", (1, 1, 0), id="2025H1-age-unknown"),  # V4
]


@pytest.mark.parametrize("period, filter_name, value, expected", FILTER_VALUE_CASES)
def test_active_young_people_per_filter_value(kpis, period, filter_name, value, expected):
    """A manager in Vejle counts the active young people in each target group, gender and
    age band, with missing values counted as unknown."""
    out = kpis(period, **{filter_name: [value]})
    check_row(out, "participants_active", *expected)


# KPIs that depend on as_of, for 2024 at several as_of days: (total, Vejle, Horsens).
AS_OF_CASES = [
    # as_of 2025-06-30: the same as YEAR_2024.
    ("2025-06-30", "placement_within_3m_share", (5 / 7, 3 / 4, 2 / 3)),
    ("2025-06-30", "outcome_12m_share", (4 / 5, 1.0, 2 / 3)),
    ("2025-06-30", "education_12m_share", (3 / 5, 1.0, 1 / 3)),
    ("2025-06-30", "job_12m_share", (2 / 5, 0.0, 2 / 3)),
    ("2025-06-30", "retained_6m_share", (2 / 3, 1.0, 1 / 2)),
    # as_of 2025-03-31: V4's +3 months is exactly as_of (in). 12 months: V3 | H1 H4 (V6 and
    # H5 drop out). Retention: H1 yes, H4 no (V6's f + 6m 2025-04-15 drops out).
    ("2025-03-31", "placement_within_3m_share", (5 / 7, 3 / 4, 2 / 3)),
    ("2025-03-31", "outcome_12m_share", (1.0, 1.0, 1.0)),
    ("2025-03-31", "education_12m_share", (2 / 3, 1.0, 1 / 2)),  # V3 | H4
    ("2025-03-31", "job_12m_share", (2 / 3, 0.0, 1.0)),  # H1 H4
    ("2025-03-31", "retained_6m_share", (1 / 2, None, 1 / 2)),
    # as_of 2025-03-30: one day earlier, V4 (+3 months 2025-03-31) drops out.
    ("2025-03-30", "placement_within_3m_share", (4 / 6, 2 / 3, 2 / 3)),
    ("2025-03-30", "outcome_12m_share", (1.0, 1.0, 1.0)),
    ("2025-03-30", "education_12m_share", (2 / 3, 1.0, 1 / 2)),
    ("2025-03-30", "job_12m_share", (2 / 3, 0.0, 1.0)),
    ("2025-03-30", "retained_6m_share", (1 / 2, None, 1 / 2)),
    # as_of 2025-02-28: H4's +12 months (2025-02-28) is exactly as_of; H1's (2025-03-15) is
    # not. Retention: only H4 (f + 6m 2025-02-01), not retained; H1's 2025-03-01 drops out.
    ("2025-02-28", "placement_within_3m_share", (4 / 6, 2 / 3, 2 / 3)),
    ("2025-02-28", "outcome_12m_share", (1.0, 1.0, 1.0)),  # V3 | H4
    ("2025-02-28", "education_12m_share", (1.0, 1.0, 1.0)),
    ("2025-02-28", "job_12m_share", (1 / 2, 0.0, 1.0)),
    ("2025-02-28", "retained_6m_share", (0.0, None, 0.0)),
    # as_of 2024-12-31: nobody enrolled in 2024 has had 12 months, nor a first outcome 6
    # months old; within 3 months as on 2025-03-30.
    ("2024-12-31", "placement_within_3m_share", (4 / 6, 2 / 3, 2 / 3)),
    ("2024-12-31", "outcome_12m_share", (None, None, None)),
    ("2024-12-31", "education_12m_share", (None, None, None)),
    ("2024-12-31", "job_12m_share", (None, None, None)),
    ("2024-12-31", "retained_6m_share", (None, None, None)),
]


@pytest.mark.parametrize(
    "as_of, key, expected",
    [pytest.param(a, k, e, id=f"{a}-{k}") for a, k, e in AS_OF_CASES],
)
def test_as_of(kpis, as_of, key, expected):
    """A manager in Horsens asks how 2024's young people looked on an earlier day: only
    those who have had the full 3 or 12 months (or 6 months after their first outcome) by
    that day are counted."""
    day = dt.date.fromisoformat(as_of)
    out = kpis(P24, as_of=day)
    assert out["as_of"] == as_of
    check_row(out, key, *expected)


# ---------------------------------------------------------------------------------------
# The long frame made wide (`frame.wide`), the shape every table of figures starts from
# ---------------------------------------------------------------------------------------


def test_the_long_frame_made_wide(con):
    """2024 for Vejle, Horsens and both pooled, in the order asked: the values of the
    year's table above (shares in per cent with one decimal), each share's numerator and
    denominator as counted there, a median's n, and nothing behind a count."""
    from nextwork.metrics import frame, kpis

    params = kpis.query_params(*P24, AS_OF, ["Horsens", "Vejle"])
    keys = [
        "participants_active",
        "companies_hosting_share",
        "placement_completion_rate",
        "median_days_to_first_placement",
    ]
    out = frame.wide(kpis.kpi_frame(con, params), keys, ["Vejle", "Horsens", None], True)
    assert list(out.columns) == ["municipality"] + [
        f"{part}{key}" for key in keys for part in ("", "num_", "den_", "hidden_")
    ]
    assert list(out["municipality"]) == ["Vejle", "Horsens", None]
    assert list(out["participants_active"]) == [5, 4, 9]
    assert out["den_participants_active"].isna().all()
    assert list(out["companies_hosting_share"]) == [66.7, 100.0, 80.0]  # 2/3, 2/2, 4/5
    assert list(out["num_companies_hosting_share"]) == [2, 2, 4]
    assert list(out["den_companies_hosting_share"]) == [3, 2, 5]
    assert list(out["placement_completion_rate"]) == [0.0, 50.0, 16.7]  # 0/4, 1/2, 1/6
    assert list(out["den_placement_completion_rate"]) == [4, 2, 6]
    assert list(out["median_days_to_first_placement"]) == [50.0, 45.0, 50.0]  # days as days
    assert list(out["den_median_days_to_first_placement"]) == [4, 2, 6]
    assert not out[[f"hidden_{key}" for key in keys]].to_numpy().any()
    shares = frame.wide(kpis.kpi_frame(con, params), ["companies_hosting_share"], [None])
    assert shares["companies_hosting_share"].iloc[0] == pytest.approx(0.8)  # a share as such


def test_a_wide_row_of_hidden_and_missing_figures():
    """A disclosed frame: a hidden count and a hidden share are missing and marked hidden;
    a site or a KPI the frame does not hold is missing and not hidden."""
    import pandas as pd

    from nextwork.metrics import frame

    long = pd.DataFrame(
        {
            "municipality": ["Vejle", "Vejle", None],
            "key": ["participants_active", "companies_hosting_share", "participants_active"],
            "value": [None, None, 12],
            "numerator": [None, None, None],
            "denominator": [None, None, None],
            "is_suppressed": [True, True, False],
        }
    )
    keys = ["participants_active", "companies_hosting_share"]
    out = frame.wide(long, keys, ["Vejle", None, "Horsens"])
    assert out["participants_active"].isna().tolist() == [True, False, True]
    assert out["participants_active"].iloc[1] == 12
    assert out["hidden_participants_active"].tolist() == [True, False, False]
    assert out["companies_hosting_share"].isna().all()
    assert out["hidden_companies_hosting_share"].tolist() == [True, False, False]
