"""CPR numbers: replaced on import by a keyed hash, and never stored, logged or shown.

The CPR numbers below are invented; only their shape matters to the importer.
"""

from __future__ import annotations

import datetime as dt
import re
import stat

import duckdb
import pytest

from nextwork.ingest import privacy
from nextwork.ingest.importer import import_export

TODAY = dt.date(2025, 6, 30)
DATA_TABLES = ("participants", "companies", "placements", "activities", "outcomes", "costs")

# Two young people, each written both as DDMMYY-NNNN and as DDMMYYNNNN across the files.
CPR_1, CPR_2 = "0101901234", "1503954321"
CPR_EXPORT = {
    "participants": """\
cpr,municipality,enrolled_on,exited_on,birth_year,gender
010190-1234,Roskilde,2024-01-15,,1990,female
150395-4321,Roskilde,2024-02-01,2024-11-30,1995,male
""",
    "companies": """\
company_id,name,municipality,joined_on
R1,Roskilde Cykler,Roskilde,2023-01-01
""",
    "placements": """\
placement_id,cpr,company_id,started_on,ended_on,end_reason
PL1,0101901234,R1,2024-03-01,2024-05-31,completed
PL2,1503954321,R1,2024-04-01,,
""",
    "activities": """\
activity_id,activity_type,municipality,held_on,cpr,company_id
A1,youth_network_meeting,Roskilde,2024-03-10,010190-1234,
A1,youth_network_meeting,Roskilde,2024-03-10,150395-4321,
A2,company_visit,Roskilde,2024-04-02,,R1
""",
    "outcomes": """\
cpr,outcome_type,started_on,ended_on,company_id
0101901234,job,2024-09-01,,R1
150395-4321,education,2024-08-15,2024-11-30,
""",
}

# Every form in which a CPR number could turn up.
FORBIDDEN = [
    form for cpr in (CPR_1, CPR_2) for form in (cpr, f"{cpr[:6]}-{cpr[6:]}", f"{cpr[:6]} {cpr[6:]}")
]
# Their date-of-birth parts: looked for in messages (a timestamp or checksum in the database
# could hold six such digits by chance).
BIRTH_DATES = [CPR_1[:6], CPR_2[:6]]


def leaked(text: str) -> list[str]:
    return [form for form in FORBIDDEN if form in text]


def leaked_in_messages(result) -> list[str]:
    report = "\n".join(result.report())
    return [form for form in FORBIDDEN + BIRTH_DATES if form in report]


def stored_ids(db_path) -> dict[str, set[str]]:
    """The participant ids of each table that has them."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return {
            table: {
                r[0]
                for r in con.execute(
                    f"select participant_id from {table} where participant_id is not null"
                ).fetchall()
            }
            for table in ("participants", "placements", "activities", "outcomes")
        }
    finally:
        con.close()


def all_text(db_path) -> str:
    """Every value of every table in the database, as text."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        tables = [r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()]
        parts = []
        for table in tables:
            columns = [
                r[0]
                for r in con.execute(
                    "select column_name from duckdb_columns() where table_name = $t", {"t": table}
                ).fetchall()
            ]
            for column in columns:
                rows = con.execute(f'select "{column}"::varchar from "{table}"').fetchall()
                parts += [r[0] for r in rows if r[0] is not None]
        return "\n".join(parts)
    finally:
        con.close()


def import_cpr_export(write_export, files, db_path, key_file, folder="export"):
    return import_export(db_path, write_export(files, folder), key_file, TODAY)


def test_a_cpr_export_is_stored_under_keyed_pseudonyms(tmp_path, write_export, key_file):
    """A municipality that exports CPR numbers (with or without the dash) gets its young
    people stored under one pseudonymous id each, `p-` and 16 hex digits, the same in every
    table."""
    db_path = tmp_path / "n.duckdb"
    result = import_cpr_export(write_export, CPR_EXPORT, db_path, key_file)
    assert result.ok, result.report()
    key = privacy.load_or_create_key(key_file)
    expected = {privacy.pseudonym(key, CPR_1), privacy.pseudonym(key, CPR_2)}
    assert all(re.fullmatch(r"p-[0-9a-f]{16}", i) for i in expected)
    ids = stored_ids(db_path)
    assert ids == {
        "participants": expected,
        "placements": expected,
        "activities": expected,
        "outcomes": expected,
    }
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        placements = con.execute(
            "select placement_id, participant_id from placements order by 1"
        ).fetchall()
    finally:
        con.close()
    assert placements == [
        ("PL1", privacy.pseudonym(key, CPR_1)),
        ("PL2", privacy.pseudonym(key, CPR_2)),
    ]


def test_the_same_key_gives_the_same_ids_and_another_key_other_ids(
    tmp_path, write_export, key_file
):
    """A municipality that loads its monthly exports with the same key keeps each young
    person's id from month to month; with another key the ids are unrelated."""
    first, again, other = (tmp_path / f"{n}.duckdb" for n in ("first", "again", "other"))
    assert import_cpr_export(write_export, CPR_EXPORT, first, key_file, "a").ok
    assert import_cpr_export(write_export, CPR_EXPORT, again, key_file, "b").ok
    other_key = tmp_path / "other" / "pseudonym.key"
    assert import_cpr_export(write_export, CPR_EXPORT, other, other_key, "c").ok
    assert stored_ids(first) == stored_ids(again)
    assert stored_ids(first)["participants"].isdisjoint(stored_ids(other)["participants"])


def test_no_cpr_is_stored_logged_or_reported(tmp_path, write_export, key_file):
    """A data protection officer searches the database file, every text value in it, and
    the import report and log for the CPR numbers of an imported export, and finds none."""
    db_path = tmp_path / "n.duckdb"
    files = dict(CPR_EXPORT, notes="CPR list kept by the team\n")  # an unknown file: a warning
    result = import_cpr_export(write_export, files, db_path, key_file)
    assert result.ok and result.warnings  # the report has lines to search
    report = "\n".join(result.report())
    assert "placements.csv:3: ended_on" in report  # PL2 goes on after its young person exited
    assert leaked_in_messages(result) == []
    assert leaked(all_text(db_path)) == []
    for path in tmp_path.glob("n.duckdb*"):  # the file and any write-ahead log
        content = path.read_bytes()
        assert [form for form in FORBIDDEN if form.encode() in content] == []


# Each way a CPR number can be wrong; the message never repeats it.
BAD_CPR_CASES = [
    pytest.param(
        {"participants": CPR_EXPORT["participants"].replace("150395-4321", "150395-432")},
        "participants.csv:3: cpr: not a CPR number of 10 digits (DDMMYY-NNNN or DDMMYYNNNN)",
        id="nine-digits",
    ),
    pytest.param(
        {"participants": CPR_EXPORT["participants"].replace("150395-4321", "010190-1234 x")},
        "participants.csv:3: cpr: not a CPR number of 10 digits (DDMMYY-NNNN or DDMMYYNNNN)",
        id="trailing-text",
    ),
    pytest.param(
        {"participants": CPR_EXPORT["participants"].replace("150395-4321", "0101901234")},
        "participants.csv:3: cpr: duplicate young person (same cpr) (first on row 2)",
        id="same-person-twice",
    ),
    pytest.param(
        {"outcomes": CPR_EXPORT["outcomes"].replace("150395-4321", "150395-4322")},
        "outcomes.csv:3: cpr: the young person (cpr) is not in participants",
        id="unknown-person",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), BAD_CPR_CASES)
def test_errors_about_a_cpr_never_repeat_it(changes, expected, tmp_path, write_export, key_file):
    """A data administrator whose export has a wrong CPR number is told where it is, and
    neither the message, the report nor the import log repeats any CPR number."""
    db_path = tmp_path / "n.duckdb"
    result = import_cpr_export(write_export, CPR_EXPORT | changes, db_path, key_file)
    assert not result.ok
    assert [str(p) for p in result.errors][:1] == [expected]
    assert leaked_in_messages(result) == []
    assert leaked(all_text(db_path)) == []
    assert "4322" not in "\n".join(result.report())


PLAIN_PARTICIPANTS = """\
participant_id,municipality,enrolled_on,birth_year
V1,Vejle,2024-01-15,2004
V2,Vejle,2024-02-01,1999
"""

# A CPR number in a column where it does not belong is an error that names the cell, and a
# participant_id that is a CPR number is pseudonymised; neither message repeats the number.
MASK_CASES = [
    pytest.param(
        {"participants": PLAIN_PARTICIPANTS.replace("2004", "010190-1234")},
        "participants.csv:2: birth_year: holds a CPR number, which may only be given in the "
        "cpr column or as a whole participant_id (and is then replaced by a pseudonym); "
        "remove it",
        id="in-birth_year",
    ),
    pytest.param(
        {"participants": PLAIN_PARTICIPANTS.replace("2024-02-01", "0101901234")},
        "participants.csv:3: enrolled_on: holds a CPR number",
        id="in-a-date",
    ),
    pytest.param(
        {"participants": re.sub("V[12]", "0101901234", PLAIN_PARTICIPANTS)},
        "participants.csv:3: participant_id: duplicate young person (the same CPR number as "
        "participant_id) (first on row 2)",
        id="as-a-duplicate-id",
    ),
    pytest.param(
        {"outcomes": "participant_id,outcome_type,started_on\n010190 1234,job,2024-09-01\n"},
        "outcomes.csv:2: participant_id: the young person (a CPR number as participant_id) is "
        "not in participants",
        id="as-an-unknown-id",
    ),
    pytest.param(
        # A long value is cut short for the message; ten digits shaped like a CPR number (but
        # with no such day) are masked before the cut, so they are not cut in two.
        {"participants": PLAIN_PARTICIPANTS.replace("2004", "see " + "x" * 26 + " 9999991234")},
        "participants.csv:2: birth_year: 'see " + "x" * 26 + " ******...' is not a whole number",
        id="at-the-cut-of-a-long-value",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), MASK_CASES)
def test_a_cpr_in_another_column_is_reported_without_its_digits(
    changes, expected, tmp_path, small_export, write_export, key_file
):
    """A data administrator who put a CPR number in the wrong column is told where, without
    the number, in the report and the import log alike; the cell gets that one message."""
    db_path = tmp_path / "n.duckdb"
    result = import_export(db_path, write_export(small_export | changes), key_file, TODAY)
    assert not result.ok
    assert any(str(p).startswith(expected) for p in result.errors), result.report()
    cell = expected.split(": ")[0:2]
    assert [str(p).split(": ")[0:2] for p in result.errors].count(cell) == 1
    assert leaked_in_messages(result) == []
    assert leaked(all_text(db_path)) == []
    assert "9999991234" not in "\n".join(result.report())


def test_the_key_is_created_private_on_first_use_and_kept(tmp_path, write_export, key_file):
    """A municipality's first CPR import creates the key, readable by its owner only
    (mode 0600), outside the database; later imports use it unchanged. An export without
    CPR numbers needs no key."""
    plain = {
        "participants": PLAIN_PARTICIPANTS,
        "companies": "company_id,municipality,joined_on\nC1,Vejle,2023-01-01\n",
        "placements": "placement_id,participant_id,company_id,started_on\n",
        "activities": "activity_id,activity_type,municipality,held_on\n",
        "outcomes": "participant_id,outcome_type,started_on\n",
    }
    assert import_cpr_export(write_export, plain, tmp_path / "a.duckdb", key_file, "plain").ok
    assert not key_file.exists()
    assert import_cpr_export(write_export, CPR_EXPORT, tmp_path / "b.duckdb", key_file).ok
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_bytes()
    assert len(key.strip()) >= 32
    assert import_cpr_export(write_export, CPR_EXPORT, tmp_path / "b.duckdb", key_file).ok
    assert key_file.read_bytes() == key
    assert key.strip() not in (tmp_path / "b.duckdb").read_bytes()


# mask_cpr_like on its own: what is and is not shaped like a CPR number.
MASK_TEXT_CASES = [
    ("0101901234", "**********"),
    ("010190-1234", "**********"),
    ("cpr 010190 1234.", "cpr **********."),
    ("2024-01-15", "2024-01-15"),
    ("12345", "12345"),
    ("postcode 7100", "postcode 7100"),
]


@pytest.mark.parametrize(("text", "masked"), MASK_TEXT_CASES)
def test_cpr_shaped_text_is_masked(text, masked):
    """Whatever text the importer shows, a run of digits shaped like a CPR number is
    replaced by stars, and nothing else is touched."""
    assert privacy.mask_cpr_like(text) == masked


@pytest.mark.parametrize(
    ("value", "normalised"),
    [("010190-1234", CPR_1), ("0101901234", CPR_1), ("010190-123", None), ("01019O1234", None)],
)
def test_cpr_numbers_are_normalised_to_ten_digits(value, normalised):
    """Both ways of writing a CPR number give the same ten digits to hash; anything else is
    not a CPR number."""
    assert privacy.normalise_cpr(value) == normalised
