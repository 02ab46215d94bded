"""The cell keys beside the counts of the page queries.

Every record carries a random `record_key`; a count's cell key (`key_<count>`) is the sum of
the keys of exactly the records it counts, each once. The expected records of each cell were
worked out by hand from `tests/tiny_export.py` (its docstring lists the cast) and are written
as lists of ids; only their keys are read from the database, with plain SQL.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from nextwork.ingest import db, marts
from nextwork.ingest.importer import import_export
from nextwork.metrics.kpis import all_municipalities, query_params
from tests.tiny_export import AS_OF, EXPORT, copy_tiny_db

P24 = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
H1_25 = (dt.date(2025, 1, 1), dt.date(2025, 6, 30))

# Queries in `queries/` whose figures readers without exact rights never see: data freshness,
# demo status, the rows each import stored (admins' history and undo), the sites' centres, the
# strata the fair comparison re-runs the KPI queries on (no counts), when the trial results
# were loaded. (The KPI queries' keys are checked with the KPIs; the trial's, whose keys are
# its file's rows', in tests/test_trial.py.)
NOT_COUNTS = {
    "fair_outcome_records",  # rows per young person, counted by the fair comparison
    "fair_strata",
    "data_freshness",
    "data_is_demo",
    "rows_per_municipality",
    "site_centroids",
    "stored_rows_per_site",
    "trial_loaded",
}
# Count columns named after a count KPI.
KPI_COUNTS = {
    "participants_active",
    "participants_new",
    "companies_in_network",
    "companies_active",
    "placements_started",
    "placements_active",
}
# Columns named like counts that count no records: group months.
NOT_RECORD_COUNTS = {"den_youth_meetings_per_group_month"}

QUERIES = sorted(
    p.stem
    for p in db.QUERIES.glob("*.sql")
    if not p.stem.startswith("kpi_") and p.stem not in NOT_COUNTS
)


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory, tiny_db_built):
    return copy_tiny_db(tiny_db_built, tmp_path_factory.mktemp("cell_keys"))


@pytest.fixture(scope="module")
def con(tiny_db):
    connection = db.connect(tiny_db, read_only=True)
    yield connection
    connection.close()


def params(con, period, **filters):
    return query_params(*period, AS_OF, all_municipalities(con), **filters)


def count_columns(frame: pd.DataFrame) -> list[str]:
    return [
        c
        for c in frame.columns
        if (c.startswith(("count_", "num_", "den_")) or c in KPI_COUNTS)
        and c not in NOT_RECORD_COUNTS
    ]


def row(frame: pd.DataFrame, municipality: str | None, **where) -> pd.Series:
    """The one row of `frame` for the municipality (None: the pooled total) and `where`."""
    mask = (
        frame["municipality"].isna()
        if municipality is None
        else (frame["municipality"] == municipality)
    )
    for column, value in where.items():
        mask &= frame[column] == value
    rows = frame[mask]
    assert len(rows) == 1, (municipality, where)
    return rows.iloc[0]


def key_sum(con, table: str, id_column: str, ids: list[str]) -> int:
    """The sum of the record keys of the rows of `table` with these ids (0 for none)."""
    if not ids:
        return 0
    marks = ", ".join("?" for _ in ids)
    found = con.execute(
        f"select count(*), sum(record_key) from {table} where {id_column} in ({marks})", ids
    ).fetchone()
    assert found[0] == len(ids), (table, ids)
    return int(found[1])


def people(con, *ids: str) -> int:
    return key_sum(con, "participants", "participant_id", list(ids))


def companies(con, *ids: str) -> int:
    return key_sum(con, "companies", "company_id", list(ids))


def placements(con, *ids: str) -> int:
    return key_sum(con, "placements", "placement_id", list(ids))


def first_key(con, table: str, id_column: str, ids: list[str]) -> int:
    """The smallest record key among the rows of `table` with these ids."""
    marks = ", ".join("?" for _ in ids)
    return int(
        con.execute(
            f"select min(record_key) from {table} where {id_column} in ({marks})", ids
        ).fetchone()[0]
    )


# ---------------------------------------------------------------------------------------
# Every count has its key
# ---------------------------------------------------------------------------------------


def test_the_page_queries_are_all_checked():
    assert QUERIES == [
        "companies_by_industry",
        "companies_by_size",
        "companies_hosting_again",
        "costs_per_year",
        "first_outcomes",
        "first_placement_days",
        "monthly_counts",
        "network_companies",
        "outcome_cohorts",
        "participant_composition",
        "participant_funnel",
        "placement_lengths",
        "placement_status",
        "placements_per_company",
        "principle_indicators",
        "trial_arms",
    ]


@pytest.mark.parametrize("name", QUERIES)
def test_every_count_has_a_whole_number_key(con, name):
    frame = db.run(con, name, params(con, P24))
    counts = count_columns(frame)
    assert counts, name
    for count in counts:
        key = f"key_{count}"
        assert key in frame.columns, (name, count)
        assert str(frame[key].dtype) == "int64", (name, key, frame[key].dtype)
        assert frame.loc[frame[count].notna(), key].notna().all(), (name, key)


@pytest.fixture(scope="module")
def ones_con(tmp_path_factory, tiny_db_built):
    """The tiny export with every record's key set to 1."""
    path = copy_tiny_db(tiny_db_built, tmp_path_factory.mktemp("cell_keys_ones"))
    writer = duckdb.connect(str(path))
    for table in ("participants", "companies", "placements", "activities", "outcomes"):
        writer.execute(f"update {table} set record_key = 1")
    marts.refresh(writer)  # what is computed from the records when they are written
    writer.close()
    connection = db.connect(path, read_only=True)
    yield connection
    connection.close()


@pytest.mark.parametrize("name", QUERIES)
@pytest.mark.parametrize("period", [P24, H1_25])
def test_with_every_record_key_1_each_key_is_its_count(ones_con, name, period):
    """Each record is summed once: with keys of 1, a key is the number of records counted."""
    frame = db.run(ones_con, name, params(ones_con, period))
    for count in count_columns(frame):
        pd.testing.assert_series_equal(
            frame[f"key_{count}"], frame[count].astype("int64"), check_names=False
        )


# ---------------------------------------------------------------------------------------
# Cells worked out by hand, one or more per query
# ---------------------------------------------------------------------------------------


def test_companies_by_industry(con):
    # In the network in 2024: CV1, CV2 (joins 2024-12-31), CV4 (left 2024-01-01), CH1, CH2;
    # none has an industry or a size band.
    frame = db.run(con, "companies_by_industry", params(con, P24))
    vejle = row(frame, "Vejle", industry="unknown")
    assert vejle["count_companies"] == 3
    assert vejle["key_count_companies"] == companies(con, "CV1", "CV2", "CV4")
    assert vejle["key_count_size_unknown"] == companies(con, "CV1", "CV2", "CV4")
    assert vejle["key_count_size_1_9"] == 0
    assert vejle["count_companies_in_industry"] == 5
    assert vejle["key_count_companies_in_industry"] == companies(
        con, "CV1", "CV2", "CV4", "CH1", "CH2"
    )


def test_companies_by_size(con):
    frame = db.run(con, "companies_by_size", params(con, P24))
    horsens = row(frame, "Horsens", size_band="unknown")
    assert horsens["count_companies"] == 2
    assert horsens["key_count_companies"] == companies(con, "CH1", "CH2")


def test_companies_hosting_again(con):
    # Hosting a placement overlapping 2024: CV1 (PL2-PL5, PL7, PL8), CV2 (PL6), CH1 (PL10,
    # PL14), CH2 (PL11, PL15); of them CV1 (PL1, PL2) and CH2 (PL13) hosted one started before.
    frame = db.run(con, "companies_hosting_again", params(con, P24))
    pooled = row(frame, None)
    assert (pooled["count_hosting"], pooled["count_returning"]) == (4, 2)
    assert pooled["key_count_hosting"] == companies(con, "CV1", "CV2", "CH1", "CH2")
    assert pooled["key_count_returning"] == companies(con, "CV1", "CH2")
    horsens = row(frame, "Horsens")
    assert horsens["key_count_returning"] == companies(con, "CH2")


def test_costs_per_year(con):
    frame = db.run(con, "costs_per_year", params(con, P24))
    vejle = row(frame, "Vejle", year=2024)
    assert vejle["participants_active"] == 5
    assert vejle["key_participants_active"] == people(con, "V1", "V3", "V4", "V5", "V6")
    assert vejle["placements_started"] == 6
    assert vejle["key_placements_started"] == placements(
        con, "PL3", "PL4", "PL5", "PL6", "PL7", "PL8"
    )
    # first outcomes in 2024: V1 (job 2024-01-01), V6 (education 2024-10-15); both retained
    assert vejle["key_count_first_outcomes"] == people(con, "V1", "V6")
    assert vejle["key_count_retained_outcomes"] == people(con, "V1", "V6")
    assert vejle["key_companies_in_network"] == companies(con, "CV1", "CV2", "CV4")
    pooled = row(frame, None, year=2024)
    assert pooled["participants_active"] == 9
    assert pooled["key_participants_active"] == people(
        con, "V1", "V3", "V4", "V5", "V6", "H1", "H2", "H4", "H5"
    )


def test_first_outcomes(con):
    # First outcomes in 2024: V1 job, V6 education, H1 job, H2 job, H4 education.
    frame = db.run(con, "first_outcomes", params(con, P24))
    horsens_jobs = row(frame, "Horsens", outcome_type="job")
    assert horsens_jobs["count_people"] == 2
    assert horsens_jobs["key_count_people"] == people(con, "H1", "H2")
    assert horsens_jobs["key_count_first_outcomes"] == people(con, "H1", "H2", "H4")
    pooled_jobs = row(frame, None, outcome_type="job")
    assert pooled_jobs["key_count_people"] == people(con, "V1", "H1", "H2")
    assert pooled_jobs["key_count_first_outcomes"] == people(con, "V1", "V6", "H1", "H2", "H4")


def test_first_placement_days(con):
    # Enrolled in 2024 and placed: V3 90 days, V4 2, V5 10, V6 93 (PL7 before enrolment does
    # not count), H1 0, H4 90; H5 never placed.
    frame = db.run(con, "first_placement_days", params(con, P24))
    vejle = row(frame, "Vejle", days_band="0-14")
    assert vejle["count_participants"] == 2
    assert vejle["key_count_participants"] == people(con, "V4", "V5")
    pooled = row(frame, None, days_band="0-14")
    assert pooled["key_count_participants"] == people(con, "V4", "V5", "H1")
    assert row(frame, None, days_band="61-90")["key_count_participants"] == people(con, "V3", "H4")
    assert pooled["count_placed"] == 6
    assert pooled["key_count_placed"] == people(con, "V3", "V4", "V5", "V6", "H1", "H4")
    assert row(frame, "Horsens", days_band="15-30")["key_count_participants"] == 0


def test_monthly_counts(con):
    frame = db.run(con, "monthly_counts", params(con, P24))
    march = frame["month_start"] == pd.Timestamp(2024, 3, 1)
    pooled = row(frame[march], None)
    assert pooled["participants_active"] == 4
    assert pooled["key_participants_active"] == people(con, "V3", "H1", "H2", "H4")
    assert pooled["key_participants_new"] == people(con, "H1")
    june = frame[frame["month_start"] == pd.Timestamp(2024, 6, 1)]
    assert row(june, None)["key_placements_active"] == placements(con, "PL3", "PL7", "PL11", "PL15")
    assert row(june, None)["key_placements_started"] == placements(con, "PL7", "PL11")
    assert row(june, "Vejle")["key_placements_active"] == placements(con, "PL3", "PL7")
    assert row(june, None)["key_companies_in_network"] == companies(con, "CV1", "CH1", "CH2")
    assert row(june, None)["key_companies_active"] == companies(con, "CV1", "CH2")
    # January: CV1 hosts PL2 (ends 2024-01-01), CV4 comes to a meeting on 2024-01-01
    january = frame[frame["month_start"] == pd.Timestamp(2024, 1, 1)]
    assert row(january, "Vejle")["companies_active"] == 2
    assert row(january, "Vejle")["key_companies_active"] == companies(con, "CV1", "CV4")
    assert row(january, "Vejle")["key_companies_in_network"] == companies(con, "CV1", "CV4")


def test_network_companies(small_export, write_export, key_file, tmp_path):
    # The tiny export has no coordinates; the small Vejle export places both its companies.
    # In 2024, C1 hosts PL1 and C2 hosts PL2 and PL3.
    path = tmp_path / "small.duckdb"
    result = import_export(path, write_export(small_export), key_file=key_file, today=AS_OF)
    assert result.ok, result.errors
    connection = db.connect(path, read_only=True)
    try:
        frame = db.run(connection, "network_companies", params(connection, P24))
        c2 = frame[frame["company_key"] == "Vejle/C2"].iloc[0]
        assert c2["count_placements"] == 2
        assert c2["key_count_placements"] == placements(connection, "PL2", "PL3")
        c1 = frame[frame["company_key"] == "Vejle/C1"].iloc[0]
        assert c1["key_count_placements"] == placements(connection, "PL1")
    finally:
        connection.close()


def test_participant_composition(con):
    # Active in 2024: V1, V3, V4, V5, V6, H1, H2, H4, H5.
    frame = db.run(con, "participant_composition", params(con, P24))
    female = row(frame, None, dimension="gender", category="female")
    assert female["count_participants"] == 4
    assert female["key_count_participants"] == people(con, "V1", "V3", "H2", "H4")
    job_ready = row(frame, "Vejle", dimension="target_group", category="job_ready")
    assert job_ready["key_count_participants"] == people(con, "V1", "V5")
    assert row(frame, None, dimension="age_band", category="unknown")[
        "key_count_participants"
    ] == people(con, "V4")
    assert job_ready["count_active"] == 5
    assert job_ready["key_count_active"] == people(con, "V1", "V3", "V4", "V5", "V6")


def test_participant_funnel(con):
    # Enrolled in 2024 in Vejle: V3, V4, V5, V6; at a network meeting after enrolment: V3 (A8),
    # V4 (A1), V5 (A8, A9). Followed 6 months after the first outcome: V6, H1, H4; still in an
    # outcome then: V6, H1.
    frame = db.run(con, "participant_funnel", params(con, P24))
    attended = row(frame, "Vejle", step="attended_network")
    assert attended["count_participants"] == 3
    assert attended["key_count_participants"] == people(con, "V3", "V4", "V5")
    assert attended["key_count_enrolled"] == people(con, "V3", "V4", "V5", "V6")
    retained = row(frame, None, step="retained_6m")
    assert retained["count_participants"] == 2
    assert retained["key_count_participants"] == people(con, "V6", "H1")
    assert retained["key_count_followed_6m"] == people(con, "V6", "H1", "H4")
    enrolled = row(frame, "Horsens", step="enrolled")
    assert enrolled["key_count_participants"] == people(con, "H1", "H4", "H5")


def test_placement_lengths(con):
    # Ended in 2024: PL2 14 weeks, PL3 7, PL5 12, PL7 2, PL10 12, PL11 31.
    frame = db.run(con, "placement_lengths", params(con, P24))
    nine_to_twelve = row(frame, None, length_band="9-12")
    assert nine_to_twelve["count_placements"] == 2
    assert nine_to_twelve["key_count_placements"] == placements(con, "PL5", "PL10")
    vejle = row(frame, "Vejle", length_band="13-16")
    assert vejle["key_count_placements"] == placements(con, "PL2")
    assert vejle["count_ended"] == 4
    assert vejle["key_count_ended"] == placements(con, "PL2", "PL3", "PL5", "PL7")


def test_placement_status(con):
    # Active in 2024: PL2, PL3, PL5, PL11 interrupted; PL7 other; PL10 completed; PL4, PL6,
    # PL8, PL14, PL15 ongoing on 2024-12-31.
    frame = db.run(con, "placement_status", params(con, P24))
    ongoing = row(frame, "Vejle", status="ongoing")
    assert ongoing["count_placements"] == 3
    assert ongoing["key_count_placements"] == placements(con, "PL4", "PL6", "PL8")
    interrupted = row(frame, None, status="interrupted")
    assert interrupted["key_count_placements"] == placements(con, "PL2", "PL3", "PL5", "PL11")
    horsens = row(frame, "Horsens", status="completed")
    assert horsens["count_active"] == 4
    assert horsens["key_count_active"] == placements(con, "PL10", "PL11", "PL14", "PL15")


def test_placements_per_company(con):
    # Started in 2024: CV1 five (PL3, PL4, PL5, PL7, PL8), CV2 one, CV4 none, CH1 and CH2 two.
    frame = db.run(con, "placements_per_company", params(con, P24))
    assert row(frame, "Vejle", placements_band="4+")["key_count_companies"] == companies(con, "CV1")
    assert row(frame, "Vejle", placements_band="0")["key_count_companies"] == companies(con, "CV4")
    two = row(frame, "Horsens", placements_band="2")
    assert two["count_companies"] == 2
    assert two["key_count_companies"] == companies(con, "CH1", "CH2")
    assert row(frame, "Horsens", placements_band="3")["key_count_companies"] == 0


def period_row(frame, municipality):
    return row(frame[frame["period_id"] == 0], municipality)


def test_principle_indicators_placements(con):
    frame = db.run(con, "principle_indicators", params(con, P24))
    vejle = period_row(frame, "Vejle")
    # Overlapping 2024 in Vejle: V1-CV1 (PL2), V3-CV1 (PL3, PL4), V5-CV1 (PL5), V5-CV2 (PL6),
    # V6-CV1 (PL7, PL8); a pair's key is its placements' smallest
    pairs = [["PL2"], ["PL3", "PL4"], ["PL5"], ["PL6"], ["PL7", "PL8"]]
    pair_keys = sum(first_key(con, "placements", "placement_id", p) for p in pairs)
    assert vejle["num_companies_per_placed_participant"] == 5
    assert vejle["key_num_companies_per_placed_participant"] == pair_keys
    assert vejle["key_num_participants_per_hosting_company"] == pair_keys
    assert vejle["key_den_companies_per_placed_participant"] == people(con, "V1", "V3", "V5", "V6")
    assert vejle["key_den_participants_per_hosting_company"] == companies(con, "CV1", "CV2")
    assert vejle["key_num_placements_per_participant"] == placements(
        con, "PL3", "PL4", "PL5", "PL6", "PL7", "PL8"
    )
    assert vejle["key_den_placements_per_participant"] == people(con, "V1", "V3", "V4", "V5", "V6")
    assert vejle["key_den_median_placement_days"] == placements(con, "PL2", "PL3", "PL5", "PL7")
    # no hours per week in the tiny export
    assert vejle["key_den_placements_15h_share"] == 0
    # companies tried by 2024-12-31: V5 two (CV1, CV2), V1, V3, V6 one; H1 and H2 two, H4 one
    assert vejle["key_num_multiple_companies_share"] == people(con, "V5")
    assert vejle["key_den_multiple_companies_share"] == people(con, "V1", "V3", "V5", "V6")
    pooled = period_row(frame, None)
    assert pooled["key_num_multiple_companies_share"] == people(con, "V5", "H1", "H2")
    assert pooled["key_den_participants_per_hosting_company"] == companies(
        con, "CV1", "CV2", "CH1", "CH2"
    )


def test_principle_indicators_meetings_and_companies(con):
    frame = db.run(con, "principle_indicators", params(con, P24))
    # A5 (Horsens, 2024-06-01) is one meeting on three rows: its key is their smallest
    horsens = period_row(frame, "Horsens")
    assert horsens["num_youth_meetings_per_group_month"] == 1
    assert horsens["key_num_youth_meetings_per_group_month"] == first_key(
        con, "activities", "activity_id", ["A5"]
    )
    assert "key_den_youth_meetings_per_group_month" not in frame.columns
    # in the network in 2024: CV1, CV2, CV4; at a company or joint meeting: CV4 (A3), CV1 (A1)
    vejle = period_row(frame, "Vejle")
    assert vejle["key_den_company_network_attendance_share"] == companies(con, "CV1", "CV2", "CV4")
    assert vejle["key_num_company_network_attendance_share"] == companies(con, "CV1", "CV4")
    # the first half of 2025: A8 (Vejle, two rows) and A6 (Horsens)
    half = db.run(con, "principle_indicators", params(con, H1_25))
    assert period_row(half, None)["key_num_youth_meetings_per_group_month"] == first_key(
        con, "activities", "activity_id", ["A8"]
    ) + first_key(con, "activities", "activity_id", ["A6"])


def test_a_company_hosting_two_municipalities_is_one_host_in_the_total(tmp_path):
    # H1 of Horsens also has a placement at CV1 of Vejle in July 2024.
    export = tmp_path / "export"
    export.mkdir()
    extra = "PL17,H1,CV1,2024-07-01,2024-07-31,completed,true\n"
    for name, text in {**EXPORT, "placements": EXPORT["placements"] + extra}.items():
        (export / f"{name}.csv").write_text(text, encoding="utf-8")
    path = tmp_path / "tiny.duckdb"
    result = import_export(path, export, key_file=tmp_path / "k.key", today=AS_OF)
    assert result.ok, result.errors
    connection = db.connect(path, read_only=True)
    try:
        frame = db.run(connection, "principle_indicators", params(connection, P24))
        hosts = {
            None: ["CV1", "CV2", "CH1", "CH2"],
            "Vejle": ["CV1", "CV2"],
            "Horsens": ["CH1", "CH2", "CV1"],
        }
        for municipality, ids in hosts.items():
            cell = period_row(frame, municipality)
            assert cell["den_participants_per_hosting_company"] == len(ids)
            assert cell["key_den_participants_per_hosting_company"] == companies(connection, *ids)
    finally:
        connection.close()


# ---------------------------------------------------------------------------------------
# The cohort curves: each point's key is over the young people counted at that point
# ---------------------------------------------------------------------------------------

H1_24 = dt.date(2024, 1, 1)

# The cohort of the first half of 2024, worked out by hand: the last month since enrolment
# followed by as_of 2025-06-30, and the first month by which the first outcome (education,
# job) had started.
#   V3 2024-01-31: followed to 17 (2025-06-30); education 2025-01-31 = month 12
#   V6 2024-06-30: followed to 12; education 2024-10-15: month 4 (2024-10-30)
#   H1 2024-03-15: followed to 15 (2025-06-15); job 2024-09-01: month 6 (2024-09-15)
#   H4 2024-02-29: followed to 16 (2025-06-29); education 2024-08-01: month 6 (2024-08-29),
#                  a job 2024-11-01 at month 9 (2024-11-29)
#   H5 2024-04-10: followed to 14 (2025-06-10); job 2025-04-11: month 13 (2025-05-10)
COHORT = {
    # id: (municipality, followed to, first outcome, education from, job from)
    "V3": ("Vejle", 17, 12, 12, None),
    "V6": ("Vejle", 12, 4, 4, None),
    "H1": ("Horsens", 15, 6, None, 6),
    "H4": ("Horsens", 16, 6, 6, 9),
    "H5": ("Horsens", 14, 13, None, 13),
}


@pytest.fixture(scope="module")
def cohorts(con):
    frame = db.run(con, "outcome_cohorts", params(con, P24))
    return frame[frame["cohort_start_on"].dt.date == H1_24]


def cohort_point(cohorts, municipality, month):
    return row(cohorts, municipality, months_since_enrolment=month)


@pytest.mark.parametrize(
    ("municipality", "month", "column", "ids"),
    [
        (None, 0, "count_followed", ["V3", "V6", "H1", "H4", "H5"]),
        (None, 0, "count_outcome", []),
        (None, 4, "count_outcome", ["V6"]),
        (None, 6, "count_outcome", ["V6", "H1", "H4"]),
        (None, 6, "count_education", ["V6", "H4"]),
        (None, 8, "count_job", ["H1"]),
        (None, 9, "count_job", ["H1", "H4"]),
        (None, 12, "count_outcome", ["V3", "V6", "H1", "H4"]),
        (None, 13, "count_outcome", ["V3", "H1", "H4", "H5"]),
        (None, 13, "count_followed", ["V3", "H1", "H4", "H5"]),
        (None, 15, "count_outcome", ["V3", "H1", "H4"]),
        (None, 18, "count_followed", []),
        ("Horsens", 6, "count_outcome", ["H1", "H4"]),
        ("Vejle", 12, "count_education", ["V3", "V6"]),
    ],
)
def test_cohort_points_by_hand(con, cohorts, municipality, month, column, ids):
    point = cohort_point(cohorts, municipality, month)
    assert point[column] == len(ids)
    assert point[f"key_{column}"] == people(con, *ids)


@pytest.mark.parametrize("municipality", [None, "Vejle", "Horsens"])
def test_every_cohort_point_is_keyed_on_its_own_people(con, cohorts, municipality):
    """Month by month, the key follows the young people counted at that point: one joins
    when followed and with an outcome, and leaves when no longer followed."""
    for month in range(25):
        counted = {"count_followed": [], "count_outcome": [], "count_education": []}
        counted["count_job"] = []
        for pid, (site, followed_to, outcome, education, job) in COHORT.items():
            if municipality not in (None, site) or month > followed_to:
                continue
            counted["count_followed"].append(pid)
            for column, since in (
                ("count_outcome", outcome),
                ("count_education", education),
                ("count_job", job),
            ):
                if since is not None and month >= since:
                    counted[column].append(pid)
        point = cohort_point(cohorts, municipality, month)
        for column, ids in counted.items():
            assert point[column] == len(ids), (month, column)
            assert point[f"key_{column}"] == people(con, *ids), (month, column)
