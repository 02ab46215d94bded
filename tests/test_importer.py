"""The import of an activity export, checked against the data contract (v1).

Each rule of the contract has a test: an export that breaks it is rejected with the file,
row and column of every problem, and the database is left exactly as it was (only the
import log gains a 'rejected' row). Warnings, the accepted formats, the snapshot per
municipality and the import log have their own tests.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import shutil
from collections.abc import Callable

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from nextwork.ingest import db, importer
from nextwork.ingest.importer import MAX_REPORTED, import_export
from nextwork.metrics.kpis import compute_kpis

TODAY = dt.date(2025, 6, 30)
DATA_TABLES = ("participants", "companies", "placements", "activities", "outcomes", "costs")

# ---------------------------------------------------------------------------------------
# Helpers: editing CSV text, reading back what is stored
# ---------------------------------------------------------------------------------------

Edit = Callable[[str], str]


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def cell(line: int, column: str, value: str) -> Edit:
    """Set one cell; line 1 is the header, line 2 the first row."""

    def edit(text: str) -> str:
        rows = _rows(text)
        rows[line - 1][rows[0].index(column)] = value
        return _text(rows)

    return edit


def add_row(**values: str) -> Edit:
    """Append a row; columns not named are empty."""

    def edit(text: str) -> str:
        rows = _rows(text)
        rows.append([values.get(c, "") for c in rows[0]])
        return _text(rows)

    return edit


def drop(column: str) -> Edit:
    """Remove a column, header and cells."""

    def edit(text: str) -> str:
        rows = _rows(text)
        i = rows[0].index(column)
        return _text([r[:i] + r[i + 1 :] for r in rows])

    return edit


def add_column(column: str) -> Edit:
    """Add an empty column at the end."""

    def edit(text: str) -> str:
        return _text([r + ([column] if n == 0 else [""]) for n, r in enumerate(_rows(text))])

    return edit


def with_cpr_row(cpr: str) -> tuple[Edit, Edit]:
    """A cpr column, empty for the existing rows, and a new row (line 5) with that CPR."""
    return add_column("cpr"), add_row(municipality="Vejle", enrolled_on="2024-03-01", cpr=cpr)


def changed(export: dict, changes: dict) -> dict:
    """The export with `changes` applied: per file an edit (or a tuple of edits), new
    content (text or bytes), or None to leave the file out."""
    files = dict(export)
    for name, change in changes.items():
        if change is None or isinstance(change, str | bytes):
            files[name] = change
        else:
            for edit in change if isinstance(change, tuple) else (change,):
                files[name] = edit(files[name])
    return files


def stored_and_log(db_path) -> tuple[dict[str, list[tuple]], list[dict]]:
    """Every row of every data table, in a fixed order; and the import log (rejected
    attempts included)."""
    con = db.open_read_only(db_path)
    try:
        # Record keys are drawn at random by each import (see test_record_keys_*).
        tables = {
            t: con.execute(
                f"select * {'' if t == 'costs' else 'exclude (record_key)'} from {t} order by all"
            ).fetchall()
            for t in DATA_TABLES
        }
    finally:
        con.close()
    return tables, importer.import_log(db_path)


def stored(db_path) -> dict[str, list[tuple]]:
    return stored_and_log(db_path)[0]


def import_log(db_path) -> list[dict]:
    return stored_and_log(db_path)[1]


def located(problems) -> list[str]:
    """`FILE:ROW: COLUMN` of each problem."""
    return [f"{p.file}:{p.row}: {p.column}" for p in problems]


@pytest.fixture(scope="module")
def _loaded_db_file(tmp_path_factory, small_export_files):
    """The small Vejle export imported once into a database file, to be copied."""
    base = tmp_path_factory.mktemp("loaded")
    folder = base / "good"
    folder.mkdir()
    for name, text in small_export_files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    db_path = base / "nextwork.duckdb"
    result = import_export(db_path, folder, base / "pseudonym.key", TODAY)
    assert result.ok, result.report()
    assert result.warnings == []
    tables, log = stored_and_log(db_path)
    assert all(tables.values()) and [e["status"] for e in log] == ["ok"]
    return db_path, tables


@pytest.fixture
def loaded_db(_loaded_db_file, tmp_path):
    """A database of the test's own holding the small Vejle export, imported without a
    problem."""
    db_path = tmp_path / "nextwork.duckdb"
    shutil.copyfile(_loaded_db_file[0], db_path)
    return db_path


@pytest.fixture
def rejected(_loaded_db_file, loaded_db, small_export, write_export, key_file):
    """Import the small export with `changes` on top of the loaded database; check that it is
    rejected with exactly the expected problems and that nothing but the log changed."""

    def run(changes: dict, expected: list[tuple[str, str]]):
        before = _loaded_db_file[1]  # every data table, as loaded
        folder = write_export(changed(small_export, changes), "broken")
        result = import_export(loaded_db, folder, key_file, TODAY)
        assert not result.ok
        assert located(result.errors) == [where for where, _ in expected], result.report()
        for problem, (_, message) in zip(result.errors, expected, strict=True):
            assert message in problem.message, str(problem)
        after, log = stored_and_log(loaded_db)
        assert after == before
        assert [entry["status"] for entry in log] == ["ok", "rejected"]
        assert log[-1]["count_errors"] == len(expected)
        assert log[-1]["import_id"] == result.import_id
        return result

    return run


# ---------------------------------------------------------------------------------------
# Errors: each rule of the contract
# ---------------------------------------------------------------------------------------

DATE = "is not a date (YYYY-MM-DD, DD-MM-YYYY, DD.MM.YYYY or DD/MM/YYYY)"

FILE_AND_COLUMN_CASES = [
    # A required file is missing (placements, activities and outcomes may be header-only,
    # but must be there).
    pytest.param(
        {"participants": None},
        [("participants.*:0: -", "required file is missing")],
        id="file-participants-missing",
    ),
    pytest.param(
        {"outcomes": None},
        [("outcomes.*:0: -", "required file is missing (outcomes.csv, .xlsx or .parquet)")],
        id="file-outcomes-missing",
    ),
    # More than one format of the same table.
    pytest.param(
        {"companies.xlsx": b"PK\x03\x04 not really a workbook"},
        [("companies.*:0: -", "more than one format given (companies.csv, companies.xlsx)")],
        id="file-two-formats",
    ),
    # A file that cannot be read at all.
    pytest.param(
        {"participants": ""},
        [("participants.csv:1: -", "the file is empty")],
        id="file-empty",
    ),
    pytest.param(
        {"participants": None, "participants.xlsx": b"PK\x03\x04 not really a workbook"},
        [("participants.xlsx:1: -", "not a readable Excel workbook")],
        id="file-not-a-workbook",
    ),
    pytest.param(
        {"participants": None, "participants.parquet": b"PAR1 not really parquet"},
        [("participants.parquet:1: -", "not a readable Parquet file")],
        id="file-not-parquet",
    ),
    pytest.param(
        {"companies": "company_id,municipality,joined_on,municipality\n"},
        [("companies.csv:1: -", "the header names column 'municipality' twice")],
        id="file-column-twice",
    ),
    # A required column is missing.
    pytest.param(
        {"participants": drop("enrolled_on")},
        [("participants.csv:1: enrolled_on", "required column is missing")],
        id="column-enrolled_on-missing",
    ),
    pytest.param(
        {"companies": drop("company_id")},
        [("companies.csv:1: company_id", "required column is missing")],
        id="column-company_id-missing",
    ),
    pytest.param(
        {"placements": drop("participant_id")},
        [("placements.csv:1: participant_id", "participant_id or cpr column is required")],
        id="column-person-missing",
    ),
    pytest.param(
        {"activities": (drop("held_on"), drop("activity_type"))},
        [
            ("activities.csv:1: activity_type", "required column is missing"),
            ("activities.csv:1: held_on", "required column is missing"),
        ],
        id="column-two-missing",
    ),
    pytest.param(
        {"outcomes": drop("outcome_type")},
        [("outcomes.csv:1: outcome_type", "required column is missing")],
        id="column-outcome_type-missing",
    ),
    pytest.param(
        {"costs": drop("cost_dkk")},
        [("costs.csv:1: cost_dkk", "required column is missing")],
        id="column-cost_dkk-missing",
    ),
    # A row that cannot be split into the header's cells.
    pytest.param(
        {"participants": "participant_id,municipality,enrolled_on\nV1,Vejle,2024-01-15,x\n"},
        [("participants.csv:2: -", "the row has more cells than the header")],
        id="row-too-many-cells",
    ),
    pytest.param(
        {"participants": "participant_id,municipality,enrolled_on\nV1,Vejle\n"},
        [("participants.csv:2: enrolled_on", "the row has fewer cells than the header")],
        id="row-too-few-cells",
    ),
    pytest.param(
        {"participants": 'participant_id,municipality,enrolled_on\nV1,"Vej"le",2024-01-15\n'},
        [("participants.csv:2: municipality", "a quote inside a cell is not escaped")],
        id="row-bad-quote",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), FILE_AND_COLUMN_CASES)
def test_missing_or_unreadable_files_and_columns_are_rejected(changes, expected, rejected):
    """A data administrator who loads an export with a file or a column missing, or a file
    that cannot be read, is told which file (and column or row), and nothing changes."""
    rejected(changes, expected)


VALUE_CASES = [
    # A required value is empty.
    pytest.param(
        {"participants": cell(3, "municipality", "")},
        [("participants.csv:3: municipality", "a value is required")],
        id="required-municipality-empty",
    ),
    pytest.param(
        {"placements": cell(2, "participant_id", "")},
        [("placements.csv:2: participant_id", "the young person is missing")],
        id="required-person-empty",
    ),
    pytest.param(
        {"activities": cell(4, "held_on", " ")},
        [("activities.csv:4: held_on", "a value is required")],
        id="required-held_on-blank",
    ),
    # A value that does not parse as its type: date, integer, number, boolean.
    pytest.param(
        {"participants": cell(2, "enrolled_on", "2024-13-01")},
        [("participants.csv:2: enrolled_on", f"'2024-13-01' {DATE}")],
        id="type-date-month-13",
    ),
    pytest.param(
        {"companies": cell(3, "joined_on", "10 jan 2022")},
        [("companies.csv:3: joined_on", f"'10 jan 2022' {DATE}")],
        id="type-date-words",
    ),
    pytest.param(
        {"participants": cell(2, "birth_year", "2004.5")},
        [("participants.csv:2: birth_year", "'2004.5' is not a whole number")],
        id="type-integer-fraction",
    ),
    pytest.param(
        {"companies": cell(2, "postcode", "71OO")},
        [("companies.csv:2: postcode", "'71OO' is not a whole number")],
        id="type-integer-letters",
    ),
    pytest.param(
        {"placements": cell(2, "hours_per_week", "tredive")},
        [("placements.csv:2: hours_per_week", "'tredive' is not a number")],
        id="type-number-words",
    ),
    pytest.param(
        # A decimal comma is only accepted in a ;-delimited file.
        {"placements": cell(3, "hours_per_week", "20,5")},
        [("placements.csv:3: hours_per_week", "'20,5' is not a number")],
        id="type-number-comma-in-comma-file",
    ),
    pytest.param(
        {"costs": cell(2, "cost_dkk", "1.250.000")},
        [("costs.csv:2: cost_dkk", "'1.250.000' is not a number")],
        id="type-number-thousands",
    ),
    pytest.param(
        {"placements": cell(2, "chosen_by_participant", "maybe")},
        [("placements.csv:2: chosen_by_participant", "'maybe' is not a yes/no value")],
        id="type-boolean",
    ),
    # A value that is not one of the enum's values (one case per enum), or not a DB07 section.
    pytest.param(
        {"participants": cell(2, "gender", "woman")},
        [("participants.csv:2: gender", "'woman' is not one of female, male, other, unknown")],
        id="enum-gender",
    ),
    pytest.param(
        {"participants": cell(3, "target_group", "ready")},
        [("participants.csv:3: target_group", "'ready' is not one of activity_ready")],
        id="enum-target_group",
    ),
    pytest.param(
        {"companies": cell(2, "size_band", "5-10")},
        [("companies.csv:2: size_band", "'5-10' is not one of 1-9, 10-49, 50-249, 250+")],
        id="enum-size_band",
    ),
    pytest.param(
        {"placements": cell(2, "end_reason", "finished")},
        [("placements.csv:2: end_reason", "'finished' is not one of completed")],
        id="enum-end_reason",
    ),
    pytest.param(
        {"activities": cell(5, "activity_type", "party")},
        [("activities.csv:5: activity_type", "'party' is not one of youth_network_meeting")],
        id="enum-activity_type",
    ),
    pytest.param(
        {"outcomes": cell(3, "outcome_type", "school")},
        [("outcomes.csv:3: outcome_type", "'school' is not one of education, job")],
        id="enum-outcome_type",
    ),
    pytest.param(
        {"companies": cell(3, "industry", "Z")},
        [("companies.csv:3: industry", "'Z' is not a DB07 section")],
        id="industry-not-db07",
    ),
    # A municipality that is not Danish (in every file that names one).
    pytest.param(
        {"participants": cell(4, "municipality", "Malmö")},
        [("participants.csv:4: municipality", "'Malmö' is not a Danish municipality")],
        id="municipality-participants",
    ),
    pytest.param(
        {"companies": cell(2, "municipality", "999")},
        [("companies.csv:2: municipality", "'999' is not a Danish municipality")],
        id="municipality-companies-code",
    ),
    pytest.param(
        {"activities": cell(5, "municipality", "Oslo")},
        [("activities.csv:5: municipality", "'Oslo' is not a Danish municipality")],
        id="municipality-activities",
    ),
    pytest.param(
        {"costs": cell(2, "municipality", "Atlantis")},
        [("costs.csv:2: municipality", "'Atlantis' is not a Danish municipality")],
        id="municipality-costs",
    ),
    pytest.param(
        # A Danish municipality, but none of the export's young people or companies is there.
        {"activities": cell(5, "municipality", "Horsens")},
        [("activities.csv:5: municipality", "'Horsens' has no participants or companies")],
        id="municipality-activity-outside-export",
    ),
    # Ranges: birth_year 1900 to this year, hours_per_week 0-60, a location inside Denmark.
    pytest.param(
        {"participants": cell(2, "birth_year", "1899")},
        [("participants.csv:2: birth_year", "'1899' is outside 1900 to 2025")],
        id="range-birth_year-low",
    ),
    pytest.param(
        {"participants": cell(3, "birth_year", "2026")},
        [("participants.csv:3: birth_year", "'2026' is outside 1900 to 2025")],
        id="range-birth_year-high",
    ),
    pytest.param(
        {"placements": cell(2, "hours_per_week", "61")},
        [("placements.csv:2: hours_per_week", "'61' is outside 0 to 60")],
        id="range-hours-high",
    ),
    pytest.param(
        {"placements": cell(3, "hours_per_week", "-1")},
        [("placements.csv:3: hours_per_week", "'-1' is outside 0 to 60")],
        id="range-hours-negative",
    ),
    pytest.param(
        {"companies": cell(2, "latitude", "59.33")},
        [("companies.csv:2: latitude", "'59.33' is outside 54.5 to 57.8")],
        id="range-latitude",
    ),
    pytest.param(
        {"companies": cell(3, "longitude", "18.07")},
        [("companies.csv:3: longitude", "'18.07' is outside 8 to 15.25")],
        id="range-longitude",
    ),
    pytest.param(
        {"companies": cell(3, "postcode", "999")},
        [("companies.csv:3: postcode", "'999' is outside 1000 to 9999")],
        id="range-postcode",
    ),
    # A CPR number that is not 10 digits (the value itself is never echoed).
    pytest.param(
        {"participants": with_cpr_row("01019-1234")},
        [("participants.csv:5: cpr", "not a CPR number of 10 digits")],
        id="cpr-nine-digits",
    ),
    pytest.param(
        {"participants": with_cpr_row("0101901234x")},
        [("participants.csv:5: cpr", "not a CPR number of 10 digits")],
        id="cpr-not-digits",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), VALUE_CASES)
def test_values_breaking_a_rule_are_rejected(changes, expected, rejected):
    """A data administrator who loads an export with a value that is empty, of the wrong
    type, not one of the allowed values or out of range gets the file, row and column, and
    nothing changes."""
    result = rejected(changes, expected)
    for problem in result.errors:
        assert "01019" not in str(problem) and "0101901234" not in str(problem)


IDENTITY_CASES = [
    # A duplicate id within the export.
    pytest.param(
        {
            "participants": add_row(
                participant_id="V1", municipality="Vejle", enrolled_on="2025-01-01"
            )
        },
        [("participants.csv:5: participant_id", "duplicate participant_id 'V1' (first on row 2)")],
        id="duplicate-participant_id",
    ),
    pytest.param(
        {"companies": add_row(company_id="C1", municipality="Vejle", joined_on="2024-05-01")},
        [("companies.csv:4: company_id", "duplicate company_id 'C1' (first on row 2)")],
        id="duplicate-company_id",
    ),
    pytest.param(
        {
            "placements": add_row(
                placement_id="PL1", participant_id="V3", company_id="C1", started_on="2024-07-01"
            )
        },
        [("placements.csv:5: placement_id", "duplicate placement_id 'PL1' (first on row 2)")],
        id="duplicate-placement_id",
    ),
    # A reference to a young person or a company that is not in the export.
    pytest.param(
        {"placements": cell(2, "participant_id", "V9")},
        [("placements.csv:2: participant_id", "participant_id 'V9' is not in participants")],
        id="reference-placement-person",
    ),
    pytest.param(
        {"placements": cell(3, "company_id", "C9")},
        [("placements.csv:3: company_id", "company_id 'C9' is not in companies")],
        id="reference-placement-company",
    ),
    pytest.param(
        {"activities": cell(3, "participant_id", "V9")},
        [("activities.csv:3: participant_id", "participant_id 'V9' is not in participants")],
        id="reference-activity-person",
    ),
    pytest.param(
        {"activities": cell(4, "company_id", "C9")},
        [("activities.csv:4: company_id", "company_id 'C9' is not in companies")],
        id="reference-activity-company",
    ),
    pytest.param(
        {"outcomes": cell(3, "participant_id", "V9")},
        [("outcomes.csv:3: participant_id", "participant_id 'V9' is not in participants")],
        id="reference-outcome-person",
    ),
    pytest.param(
        {"outcomes": cell(2, "company_id", "C9")},
        [("outcomes.csv:2: company_id", "company_id 'C9' is not in companies")],
        id="reference-outcome-company",
    ),
    # An activity row that names both a young person and a company.
    pytest.param(
        {"activities": cell(2, "company_id", "C1")},
        [("activities.csv:2: company_id", "a row names both a young person and a company")],
        id="activity-both-attendees",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), IDENTITY_CASES)
def test_duplicates_and_dangling_references_are_rejected(changes, expected, rejected):
    """A data administrator who loads an export with an id twice, a row pointing at a young
    person or company that is not in the export, or an activity row naming two attendees,
    gets the file, row and column, and nothing changes."""
    rejected(changes, expected)


DATE_CASES = [
    # An end before its start.
    pytest.param(
        {"participants": cell(3, "exited_on", "2024-01-31")},
        [("participants.csv:3: exited_on", "'2024-01-31' is before enrolled_on")],
        id="end-exited_on",
    ),
    pytest.param(
        {"companies": cell(3, "left_on", "2021-12-31")},
        [("companies.csv:3: left_on", "'2021-12-31' is before joined_on")],
        id="end-left_on",
    ),
    pytest.param(
        {"placements": cell(2, "ended_on", "2024-02-29")},
        [("placements.csv:2: ended_on", "'2024-02-29' is before started_on")],
        id="end-placement-ended_on",
    ),
    pytest.param(
        {"outcomes": cell(3, "ended_on", "14.08.2024")},
        [("outcomes.csv:3: ended_on", "'14.08.2024' is before started_on")],
        id="end-outcome-ended_on",
    ),
    # A date more than one year after the day of import (2025-06-30), or before 2000.
    pytest.param(
        {"placements": cell(4, "started_on", "2026-07-01")},
        [("placements.csv:4: started_on", "is more than one year after the day of import")],
        id="date-after-one-year",
    ),
    pytest.param(
        {"outcomes": cell(2, "started_on", "01-07-2026")},
        [("outcomes.csv:2: started_on", "'01-07-2026' is more than one year after the day")],
        id="date-after-one-year-danish",
    ),
    pytest.param(
        {"participants": cell(2, "enrolled_on", "1999-12-31")},
        [("participants.csv:2: enrolled_on", "'1999-12-31' is before 2000-01-01")],
        id="date-before-2000",
    ),
    pytest.param(
        {"activities": cell(5, "held_on", "31/12/1999")},
        [("activities.csv:5: held_on", "'31/12/1999' is before 2000-01-01")],
        id="date-before-2000-slashes",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), DATE_CASES)
def test_impossible_dates_are_rejected(changes, expected, rejected):
    """A data administrator who loads an export with an end date before its start, or a
    date far in the future or before 2000, gets the file, row and column, and nothing
    changes."""
    rejected(changes, expected)


def test_the_limits_themselves_are_accepted(tmp_path, small_export, write_export, key_file):
    """A data administrator whose export sits exactly on the limits (birth year 1900 and
    this year, 0 and 60 hours, 2000-01-01 and one year after the import day, an end on its
    start day) has it accepted."""
    files = changed(
        small_export,
        {
            "participants": (cell(2, "birth_year", "1900"), cell(3, "birth_year", "2025")),
            "companies": cell(3, "left_on", "2022-01-10"),
            "placements": (
                cell(2, "hours_per_week", "0"),
                cell(3, "hours_per_week", "60"),
                cell(4, "started_on", "2026-06-30"),
            ),
            "activities": cell(5, "held_on", "2000-01-01"),
        },
    )
    result = import_export(tmp_path / "n.duckdb", write_export(files), key_file, TODAY)
    assert result.ok, result.report()


def test_every_problem_is_reported_and_the_report_is_capped(
    tmp_path, small_export, write_export, key_file
):
    """A data administrator whose export has many problems gets every one of them, in file
    order, and a report of 100 lines followed by the number of problems not shown."""
    bad = "".join(f"X{i},Vejle,someday,,,,,\n" for i in range(120))
    files = changed(
        small_export,
        {
            "participants": small_export["participants"] + bad,
            "companies": cell(2, "latitude", "99"),
            "outcomes": cell(3, "outcome_type", "school"),
        },
    )
    result = import_export(tmp_path / "n.duckdb", write_export(files), key_file, TODAY)
    assert not result.ok
    expected = [f"participants.csv:{row}: enrolled_on" for row in range(5, 125)]
    expected += ["companies.csv:2: latitude", "outcomes.csv:3: outcome_type"]
    assert located(result.errors) == expected
    report = result.report()
    assert len(report) == MAX_REPORTED + 1
    assert report[0] == f"error: participants.csv:5: enrolled_on: 'someday' {DATE}"
    assert report[-1] == "... and 22 more problems"


def test_the_count_of_problems_not_shown_is_true_for_a_huge_number(
    tmp_path, small_export, write_export, key_file
):
    """A data administrator whose export has thousands of bad dates is told how many
    problems there are in all, even though only the first are listed."""
    bad = "".join(f"X{i},Vejle,someday,,,,,\n" for i in range(2500))
    files = changed(small_export, {"participants": small_export["participants"] + bad})
    db_path = tmp_path / "n.duckdb"
    result = import_export(db_path, write_export(files), key_file, TODAY)
    assert not result.ok
    assert result.count_errors == 2500
    assert result.report()[-1] == f"... and {2500 - MAX_REPORTED} more problems"
    assert import_log(db_path)[-1]["count_errors"] == 2500


def test_rows_are_numbered_as_lines_of_the_file(tmp_path, write_export, small_export, key_file):
    """A data administrator whose CSV has a blank line and a company name spanning two
    lines is pointed to the line the bad row is really on."""
    companies = (
        "company_id,name,municipality,joined_on,left_on\n"
        'C1,"Vejle Værksted\nog Smedje",Vejle,2023-05-01,\n'  # lines 2-3
        "\n"  # line 4, blank
        "C2,Fjordens Bageri,Vejle,2022-01-10,2021-12-31\n"  # line 5
    )
    files = changed(small_export, {"companies": companies})
    result = import_export(tmp_path / "n.duckdb", write_export(files), key_file, TODAY)
    assert located(result.errors) == ["companies.csv:5: left_on"]
    broken = companies + "C3,,Vejle,2023-01-01\n"  # line 6, a cell short
    files = changed(small_export, {"companies": broken})
    result = import_export(tmp_path / "n.duckdb", write_export(files, "b"), key_file, TODAY)
    assert located(result.errors) == ["companies.csv:6: left_on"]


def test_excel_rows_are_numbered_as_rows_of_the_sheet(
    tmp_path, write_export, small_export, key_file
):
    """A data administrator whose Excel sheet has an empty row between the young people is
    pointed to the sheet's real row number."""
    folder = write_export(small_export | {"participants": None})
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["participant_id", "municipality", "enrolled_on"])
    for row in (["V1", "Vejle", D(2024, 1, 15)], [], ["V2", "Vejle", "2024-02-30"]):
        sheet.append(row)
    sheet.append(["V3", "Vejle", D(2024, 6, 3)])
    book.save(folder / "participants.xlsx")
    result = import_export(tmp_path / "n.duckdb", folder, key_file, TODAY)
    assert [str(p) for p in result.errors] == [
        f"participants.xlsx:4: enrolled_on: '2024-02-30' {DATE}"
    ]


def test_files_with_only_a_header_are_accepted(tmp_path, write_export, small_export, key_file):
    """A municipality that has no placements, activities or outcomes yet loads files with
    only a header, whether CSV, Excel or Parquet."""
    folder = write_export(
        small_export
        | {"activities": None, "outcomes": None}
        | {"placements": "placement_id,participant_id,company_id,started_on\n"}
    )
    book = openpyxl.Workbook()
    book.active.append(["activity_id", "activity_type", "municipality", "held_on"])
    book.save(folder / "activities.xlsx")
    columns = ("participant_id", "outcome_type", "started_on")
    pq.write_table(
        pa.table({c: pa.array([], pa.string()) for c in columns}), folder / "outcomes.parquet"
    )
    result = import_export(tmp_path / "n.duckdb", folder, key_file, TODAY)
    assert result.ok, result.report()
    assert result.row_counts == {
        "participants": 3, "companies": 2, "placements": 0, "activities": 0, "outcomes": 0,
        "costs": 1,
    }  # fmt: skip


def test_an_invalid_municipality_in_an_activity_is_reported_once(
    tmp_path, small_export, write_export, key_file
):
    """A data administrator who misspells the municipality of an activity gets one line
    about it, not a second, confusing one."""
    files = changed(small_export, {"activities": cell(3, "municipality", "Vejel")})
    result = import_export(tmp_path / "n.duckdb", write_export(files), key_file, TODAY)
    assert [str(p) for p in result.errors] == [
        "activities.csv:3: municipality: 'Vejel' is not a Danish municipality "
        "(a name such as Roskilde or a code such as 265)"
    ]


# ---------------------------------------------------------------------------------------
# Warnings: reported, and the import goes on
# ---------------------------------------------------------------------------------------

HORSENS_COMPANY = add_row(company_id="K1", municipality="Horsens", joined_on="2023-01-01")

WARNING_CASES = [
    # Unknown columns and files are ignored.
    pytest.param(
        {"participants": add_column("notes")},
        [("participants.csv:1: notes", "unknown column; ignored")],
        id="unknown-column",
    ),
    pytest.param(
        {"readme.txt": "Udtræk fra fagsystemet\n"},
        [("readme.txt:0: -", "not a file of the export; ignored")],
        id="unknown-file",
    ),
    # A placement at a company in another municipality's network than the young person's.
    pytest.param(
        {
            "companies": HORSENS_COMPANY,
            "placements": add_row(
                placement_id="PL4", participant_id="V3", company_id="K1", started_on="2024-07-01"
            ),
        },
        [("placements.csv:5: company_id", "in another municipality's network")],
        id="placement-other-municipality",
    ),
    # An ongoing placement or outcome of a young person who has exited.
    pytest.param(
        {"placements": cell(3, "ended_on", "")},
        [("placements.csv:3: ended_on", "ongoing, but the young person has exited")],
        id="ongoing-placement-after-exit",
    ),
    pytest.param(
        {"outcomes": cell(3, "ended_on", "")},
        [("outcomes.csv:3: ended_on", "ongoing, but the young person has exited")],
        id="ongoing-outcome-after-exit",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), WARNING_CASES)
def test_warnings_are_reported_and_the_import_goes_on(
    changes, expected, tmp_path, small_export, write_export, key_file
):
    """A data administrator whose export has something odd but allowed (an unknown column
    or file, a placement across municipalities, an ongoing spell after exit) is warned with
    the file, row and column, and the export is loaded."""
    db_path = tmp_path / "n.duckdb"
    result = import_export(db_path, write_export(changed(small_export, changes)), key_file, TODAY)
    assert result.ok and result.errors == []
    assert located(result.warnings) == [where for where, _ in expected]
    for problem, (_, message) in zip(result.warnings, expected, strict=True):
        assert message in problem.message
    assert result.report() == [f"warning: {p}" for p in result.warnings]
    rows = stored(db_path)
    assert len(rows["participants"]) == 3
    assert len(rows["placements"]) == result.row_counts["placements"]
    assert import_log(db_path)[-1]["count_warnings"] == len(expected)


# ---------------------------------------------------------------------------------------
# Formats: the same tiny export in five formats gives the same data
# ---------------------------------------------------------------------------------------

D = dt.date
# Per table: the columns with their Parquet types, and the rows as typed values.
TINY_COLUMNS = {
    "participants": {
        "participant_id": pa.string(),
        "municipality": pa.string(),
        "enrolled_on": pa.date32(),
        "exited_on": pa.date32(),
        "birth_year": pa.int64(),
        "gender": pa.string(),
        "target_group": pa.string(),
        "youth_network": pa.string(),
    },
    "companies": {
        "company_id": pa.string(),
        "name": pa.string(),
        "municipality": pa.string(),
        "industry": pa.string(),
        "size_band": pa.string(),
        "postcode": pa.int64(),
        "latitude": pa.float64(),
        "longitude": pa.float64(),
        "joined_on": pa.date32(),
        "left_on": pa.date32(),
    },
    "placements": {
        "placement_id": pa.string(),
        "participant_id": pa.string(),
        "company_id": pa.string(),
        "started_on": pa.date32(),
        "ended_on": pa.date32(),
        "end_reason": pa.string(),
        "chosen_by_participant": pa.bool_(),
        "hours_per_week": pa.float64(),
    },
    "activities": {
        "activity_id": pa.string(),
        "activity_type": pa.string(),
        "municipality": pa.string(),
        "held_on": pa.date32(),
        "participant_id": pa.string(),
        "company_id": pa.string(),
    },
    "outcomes": {
        "participant_id": pa.string(),
        "outcome_type": pa.string(),
        "started_on": pa.date32(),
        "ended_on": pa.date32(),
        "company_id": pa.string(),
    },
    "costs": {
        "municipality": pa.string(),
        "year": pa.int64(),
        "cost_dkk": pa.float64(),
        "staff_fte": pa.float64(),
    },
}
SB = "Sønderborg"
TINY_ROWS = {
    "participants": [
        ("S1", SB, D(2024, 2, 5), None, 2001, "female", "activity_ready", "Ungeholdet Ø"),
        ("S2", SB, D(2023, 11, 20), D(2024, 10, 31), 1998, "male", "job_ready", None),
    ],
    "companies": [
        ("B1", "Bøgh & Søn ApS", SB, "C", "10-49", 6400, 54.9089, 9.7921, D(2023, 1, 9), None),
        (
            "B2",
            "Østergaard Smedje",
            SB,
            "F",
            "1-9",
            6400,
            54.93,
            9.81,
            D(2022, 3, 1),
            D(2024, 12, 31),
        ),
    ],  # fmt: skip
    "placements": [
        ("P1", "S1", "B1", D(2024, 3, 4), D(2024, 5, 31), "completed", True, 37.5),
        ("P2", "S2", "B2", D(2024, 1, 8), D(2024, 2, 29), "interrupted", False, 20.0),
        ("P3", "S1", "B2", D(2024, 9, 2), None, None, None, None),
    ],
    "activities": [
        ("A1", "youth_network_meeting", SB, D(2024, 3, 12), "S1", None),
        ("A1", "youth_network_meeting", SB, D(2024, 3, 12), "S2", None),
        ("A2", "company_visit", SB, D(2024, 4, 3), None, "B1"),
    ],
    "outcomes": [
        ("S1", "job", D(2024, 6, 3), None, "B1"),
        ("S2", "education", D(2024, 8, 12), D(2024, 10, 31), None),
    ],
    "costs": [(SB, 2024, 980000.0, 1.5)],
}

# What Danish Excel writes: ';', Windows-1252, decimal commas, Danish dates, ja/nej, Danish
# names for enum values and industries, municipality codes (540 is Sønderborg), CRLF.
DANISH_EXCEL_CSV = {
    "participants": """\
participant_id;municipality;enrolled_on;exited_on;birth_year;gender;target_group;youth_network
S1;540;05-02-2024;;2001;kvinde;aktivitetsparat;Ungeholdet Ø
S2;Sønderborg;20.11.2023;31.10.2024;1998;mand;jobparat;
""",
    "companies": """\
company_id;name;municipality;industry;size_band;postcode;latitude;longitude;joined_on;left_on
B1;Bøgh & Søn ApS;Sønderborg;C;10-49;6400;54,9089;9,7921;09-01-2023;
B2; Østergaard Smedje ;540;Bygge og anlæg;1-9;6400;54,93;9,81;01.03.2022;31-12-2024
""",
    "placements": """\
placement_id;participant_id;company_id;started_on;ended_on;end_reason;chosen_by_participant;hours_per_week
P1;S1;B1;04-03-2024;31-05-2024;gennemført;ja;37,5
P2;S2;B2;08.01.2024;29.02.2024;Afbrudt;NEJ;20
P3;S1;B2;02-09-2024;;;;
""",
    "activities": """\
activity_id;activity_type;municipality;held_on;participant_id;company_id
A1;ungenetværksmøde;Sønderborg;12-03-2024;S1;
A1;youth_network_meeting;540;12.03.2024;S2;
A2;virksomhedsbesøg;Sønderborg;03-04-2024;;B1
""",
    "outcomes": """\
participant_id;outcome_type;started_on;ended_on;company_id
S1;job;03-06-2024;;B1
S2;uddannelse;12.08.2024;31.10.2024;
""",
    "costs": """\
municipality;year;cost_dkk;staff_fte
Sønderborg;2024;980000;1,5
""",
}


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, D):
        return value.isoformat()
    return str(value)


def tiny_as_csv(bom: bool = False) -> dict[str, str]:
    out = {}
    for table, columns in TINY_COLUMNS.items():
        rows = [list(columns)] + [[_plain(v) for v in row] for row in TINY_ROWS[table]]
        out[table] = ("\ufeff" if bom else "") + _text(rows)
    return out


def tiny_as_danish_excel() -> dict[str, bytes]:
    return {t: text.replace("\n", "\r\n").encode("cp1252") for t, text in DANISH_EXCEL_CSV.items()}


def tiny_as_xlsx(folder) -> None:
    for table, columns in TINY_COLUMNS.items():
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(list(columns))
        for row in TINY_ROWS[table]:
            sheet.append(list(row))
        book.save(folder / f"{table}.xlsx")


def tiny_as_parquet(folder) -> None:
    for table, columns in TINY_COLUMNS.items():
        data = {
            name: pa.array([row[i] for row in TINY_ROWS[table]], kind)
            for i, (name, kind) in enumerate(columns.items())
        }
        pq.write_table(pa.table(data), folder / f"{table}.parquet")


def _write_tiny(form: str, write_export) -> object:
    if form == "plain-csv":
        return write_export(tiny_as_csv(), form)
    if form == "danish-excel-csv":
        return write_export(tiny_as_danish_excel(), form)
    if form == "utf8-bom-csv":
        return write_export(tiny_as_csv(bom=True), form)
    folder = write_export({}, form)
    (tiny_as_xlsx if form == "xlsx" else tiny_as_parquet)(folder)
    return folder


def _import_tiny(form: str, tmp_path, write_export, key_file):
    db_path = tmp_path / f"{form}.duckdb"
    result = import_export(db_path, _write_tiny(form, write_export), key_file, TODAY)
    assert result.ok, result.report()
    assert result.warnings == []
    assert result.municipalities == [SB]
    con = db.connect(db_path, read_only=True)
    try:
        kpis = compute_kpis(con, D(2024, 1, 1), D(2024, 12, 31), as_of=TODAY)
    finally:
        con.close()
    return stored(db_path), kpis


@pytest.mark.parametrize(
    "form", ["danish-excel-csv", "utf8-bom-csv", "xlsx", "parquet"]
)  # compared with plain UTF-8 CSV with ','
def test_every_format_gives_the_same_data(form, tmp_path, write_export, key_file):
    """A data administrator may export from Danish Excel (';', Windows-1252, decimal
    commas, Danish dates and words), as UTF-8 with a BOM, as .xlsx or as .parquet: the
    dashboard stores the same rows and shows the same KPIs as for a plain CSV export."""
    plain_rows, plain_kpis = _import_tiny("plain-csv", tmp_path, write_export, key_file)
    # The plain import itself stores what the export says.
    assert plain_rows["companies"][0][:4] == (SB, "B1", "Bøgh & Søn ApS", "C")
    assert plain_rows["companies"][1][1:4] == ("B2", "Østergaard Smedje", "F")
    assert plain_rows["placements"][0] == (
        SB, "P1", "S1", SB, "B1", D(2024, 3, 4), D(2024, 5, 31), "completed", True, 37.5
    )  # fmt: skip
    assert plain_rows["costs"] == [(SB, 2024, 980000.0, 1.5)]
    assert plain_kpis["total"]["placements_started"] == 3
    rows, kpis = _import_tiny(form, tmp_path, write_export, key_file)
    for table in DATA_TABLES:
        assert rows[table] == plain_rows[table], table
    assert kpis == plain_kpis


# ---------------------------------------------------------------------------------------
# Snapshots per municipality
# ---------------------------------------------------------------------------------------


def as_horsens(export: dict[str, str]) -> dict[str, str]:
    """The small export moved to Horsens, with its own ids."""
    out = {}
    for name, text in export.items():
        text = text.replace("Vejle", "Horsens")
        text = re.sub(r"\bV(\d)", r"H\1", text)
        out[name] = re.sub(r"\bC(\d)", r"K\1", text)
    return out


def of(rows: dict[str, list[tuple]], municipality: str) -> dict[str, list[tuple]]:
    """The rows of one municipality (the first column of every data table)."""
    return {t: [r for r in rs if r[0] == municipality] for t, rs in rows.items()}


def test_each_municipality_keeps_its_own_snapshot(tmp_path, small_export, write_export, key_file):
    """Two teams load their exports one after the other: Vejle's data is still there after
    Horsens has loaded, and both municipalities are in the database."""
    db_path = tmp_path / "n.duckdb"
    assert import_export(db_path, write_export(small_export, "vejle"), key_file, TODAY).ok
    vejle = stored(db_path)
    result = import_export(db_path, write_export(as_horsens(small_export), "h"), key_file, TODAY)
    assert result.ok and result.municipalities == ["Horsens"]
    both = stored(db_path)
    assert of(both, "Vejle") == vejle
    for table in DATA_TABLES:
        assert len(of(both, "Horsens")[table]) == len(vejle[table]) > 0


def test_a_new_export_replaces_only_its_own_municipality(
    tmp_path, small_export, write_export, key_file
):
    """Vejle's team loads a newer export: Vejle's data becomes exactly the new export (a
    young person gone, one added, a changed date), and Horsens' data is untouched."""
    db_path = tmp_path / "n.duckdb"
    import_export(db_path, write_export(small_export, "vejle"), key_file, TODAY)
    import_export(db_path, write_export(as_horsens(small_export), "horsens"), key_file, TODAY)
    before = stored(db_path)
    newer = {
        "participants": """\
participant_id,municipality,enrolled_on,exited_on
V1,Vejle,2024-01-15,2025-03-31
V4,Vejle,2025-02-01,
""",
        "companies": small_export["companies"],
        "placements": "placement_id,participant_id,company_id,started_on\nPL9,V4,C1,2025-03-01\n",
        "activities": "activity_id,activity_type,municipality,held_on\n",
        "outcomes": "participant_id,outcome_type,started_on,ended_on\nV1,job,2025-04-01,\n",
    }
    result = import_export(db_path, write_export(newer, "vejle-newer"), key_file, TODAY)
    assert result.ok and result.municipalities == ["Vejle"]
    assert result.warnings[0].file == "outcomes.csv"  # V1 has exited; the job goes on
    after = stored(db_path)
    assert of(after, "Horsens") == of(before, "Horsens")
    vejle = of(after, "Vejle")
    assert [r[1:4] for r in vejle["participants"]] == [
        ("V1", D(2024, 1, 15), D(2025, 3, 31)),
        ("V4", D(2025, 2, 1), None),
    ]
    assert [r[1] for r in vejle["placements"]] == ["PL9"]
    assert vejle["activities"] == []
    assert [r[1:4] for r in vejle["outcomes"]] == [("V1", "job", D(2025, 4, 1))]
    # No costs file: the costs loaded before are kept.
    assert vejle["costs"] == of(before, "Vejle")["costs"]


def test_importing_the_same_export_twice_changes_nothing(
    tmp_path, small_export, write_export, key_file
):
    """A data administrator who loads the same export twice (by mistake or to be sure)
    ends up with exactly the same data as after the first time."""
    db_path = tmp_path / "n.duckdb"
    folder = write_export(small_export)
    assert import_export(db_path, folder, key_file, TODAY).ok
    once = stored(db_path)
    assert import_export(db_path, folder, key_file, TODAY).ok
    assert stored(db_path) == once
    assert [e["status"] for e in import_log(db_path)] == ["ok", "ok"]


def test_a_costs_file_replaces_the_costs(tmp_path, small_export, write_export, key_file):
    """Vejle's team sends corrected costs for 2024 and new ones for 2025: the stored costs
    are exactly the new file's, and other municipalities' costs stay."""
    db_path = tmp_path / "n.duckdb"
    import_export(db_path, write_export(small_export, "vejle"), key_file, TODAY)
    import_export(db_path, write_export(as_horsens(small_export), "horsens"), key_file, TODAY)
    costs = "municipality,year,cost_dkk,staff_fte\nVejle,2024,1300000,3\nVejle,2025,700000,\n"
    files = changed(small_export, {"costs": costs})
    assert import_export(db_path, write_export(files, "vejle-costs"), key_file, TODAY).ok
    assert stored(db_path)["costs"] == [
        ("Horsens", 2024, 1250000.0, 2.5),
        ("Vejle", 2024, 1300000.0, 3.0),
        ("Vejle", 2025, 700000.0, None),
    ]


# ---------------------------------------------------------------------------------------
# The import log
# ---------------------------------------------------------------------------------------


def test_every_import_is_logged_with_checksums_and_row_counts(
    tmp_path, small_export, write_export, key_file
):
    """An auditor can see every import attempt: when, from where, its outcome, the sha256
    of each file, the row counts, and the problems of a rejected one."""
    db_path = tmp_path / "n.duckdb"
    good = write_export(small_export, "good")
    ok = import_export(db_path, good, key_file, TODAY, source="vejle-2025-06")
    bad = write_export(changed(small_export, {"placements": cell(2, "started_on", "x")}), "bad")
    rejected = import_export(db_path, bad, key_file, TODAY)
    log = import_log(db_path)
    assert [(e["import_id"], e["status"]) for e in log] == [
        (ok.import_id, "ok"),
        (rejected.import_id, "rejected"),
    ]
    assert log[0]["source"] == "vejle-2025-06" and log[1]["source"] == str(bad)
    assert log[0]["municipalities"] == ["Vejle"]
    counts = {"participants": 3, "companies": 2, "placements": 3, "activities": 4}
    counts |= {"outcomes": 2, "costs": 1}
    for entry, folder in zip(log, (good, bad), strict=True):
        assert entry["started_at"] <= entry["finished_at"]
        assert json.loads(entry["row_counts"]) == counts
        files = {f["file"]: f for f in json.loads(entry["files"])}
        assert set(files) == {f"{t}.csv" for t in counts}
        for name, f in files.items():
            content = (folder / name).read_bytes()
            assert f["sha256"] == hashlib.sha256(content).hexdigest()
            assert f["rows"] == counts[name.removesuffix(".csv")]
            assert f["bytes"] == len(content)
    assert (log[0]["count_errors"], log[0]["report"]) == (0, "")
    assert log[1]["count_errors"] == 1
    assert log[1]["report"] == "\n".join(rejected.report())
    assert "placements.csv:2: started_on: 'x' is not a date" in log[1]["report"]
    assert json.loads(log[0]["files"]) != json.loads(log[1]["files"])  # placements differ
