"""The tiny hand-made export that the KPI tests and the dashboard tests share.

It is written literally below: eleven young people in Vejle (V1-V6) and
Horsens (H1-H5), seven companies, sixteen placements, a few activities and outcomes.
Every expected value in this module was counted by hand from the definitions; none is
computed. The cast, with what each one is there to test:

Young people (age = year of the period's start minus birth year)
    V1  Vejle    2023-03-01 .. 2024-01-01  exits exactly on 2024's first day; job at CV1, an
                                           earlier host company
    V2  Vejle    2023-02-01 .. 2023-12-31  exits the day before 2024: never active in 2024
    V3  Vejle    2024-01-31 ..             month end: +3 months = 2024-04-30 (placement that
                                           day), +12 months = 2025-01-31 (education that day)
    V4  Vejle    2024-12-31 ..             enrolled on 2024's last day; birth year, gender
                                           and target group missing (all unknown)
    V5  Vejle    2024-07-01 ..             +12 months = 2025-07-01, after as_of 2025-06-30
    V6  Vejle    2024-06-30 ..             +12 months = 2025-06-30 = as_of; a job *before*
                                           enrolment that never counts; placement before
                                           enrolment; retained on f + 6 months
    H1  Horsens  2024-03-15 ..             placement on enrolment day (0 days); job at the
                                           host company CH1, retained exactly on f + 6 months
    H2  Horsens  2022-05-01 ..             job at CH1 on the same day as a placement at CH1
                                           starts (that placement is not *before* the job)
    H3  Horsens  2025-01-01 ..             enrolled the day after 2024 ends
    H4  Horsens  2024-02-29 .. 2025-05-31  leap day: +3 months = 2024-05-29 (placement that
                                           day), +12 months = 2025-02-28; job at CH1 without
                                           an earlier placement there; not retained
    H5  Horsens  2024-04-10 ..             gender given as "unknown"; no placement; first
                                           outcome one day after +12 months

Companies
    CV1 Vejle 2020-..; CV2 Vejle joins 2024-12-31; CV3 Vejle left 2023-12-31;
    CV4 Vejle left 2024-01-01 (active in 2024 only via an activity on 2024-01-01);
    CH1 Horsens 2022-..; CH2 Horsens 2023-06-01 .. 2025-02-15;
    CH3 Horsens joins 2025-06-30 (active in H1 2025 only via an activity on 2025-06-30)

The two periods are the year 2024 (P24) and the first half of 2025 (H1-25); as_of is
2025-06-30 unless a test says otherwise.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb

from nextwork.ingest import marts
from nextwork.ingest.importer import import_export, sign_demo_export

PARTICIPANTS = """\
participant_id,municipality,enrolled_on,exited_on,birth_year,gender,target_group
V1,Vejle,2023-03-01,2024-01-01,2000,female,job_ready
V2,Vejle,2023-02-01,2023-12-31,1990,male,activity_ready
V3,Vejle,2024-01-31,,2007,female,education_ready
V4,Vejle,2024-12-31,,,,
V5,Vejle,2024-07-01,,1997,male,job_ready
V6,Vejle,2024-06-30,,1994,other,other
H1,Horsens,2024-03-15,,1999,male,job_ready
H2,Horsens,2022-05-01,,2006,female,activity_ready
H3,Horsens,2025-01-01,,2008,male,education_ready
H4,Horsens,2024-02-29,2025-05-31,2001,female,job_ready
H5,Horsens,2024-04-10,,1985,unknown,other
"""

COMPANIES = """\
company_id,name,municipality,joined_on,left_on
CV1,Vejle Værksted,Vejle,2020-01-01,
CV2,Fjordens Bageri,Vejle,2024-12-31,
CV3,Gammel Smedje,Vejle,2019-01-01,2023-12-31
CV4,Havnens Lager,Vejle,2021-06-01,2024-01-01
CH1,Horsens Byg,Horsens,2022-01-01,
CH2,Bygholm Kantine,Horsens,2023-06-01,2025-02-15
CH3,Nørrestrand Cykler,Horsens,2025-06-30,
"""

PLACEMENTS = """\
placement_id,participant_id,company_id,started_on,ended_on,end_reason,chosen_by_participant
PL1,V1,CV1,2023-09-01,2023-12-31,completed,true
PL2,V1,CV1,2023-10-01,2024-01-01,interrupted,false
PL3,V3,CV1,2024-04-30,2024-06-15,interrupted,true
PL4,V3,CV1,2024-08-14,,,
PL5,V5,CV1,2024-07-11,2024-09-30,interrupted,false
PL6,V5,CV2,2024-11-30,2025-02-28,completed,true
PL7,V6,CV1,2024-06-20,2024-06-29,other,
PL8,V6,CV1,2024-10-01,,,true
PL9,V4,CV2,2025-01-02,2025-04-30,interrupted,false
PL10,H1,CH1,2024-03-15,2024-05-31,completed,true
PL11,H1,CH2,2024-06-01,2024-12-31,interrupted,false
PL12,H1,CH1,2025-01-20,,,true
PL13,H2,CH2,2023-05-01,2023-12-31,completed,true
PL14,H2,CH1,2024-12-31,,,
PL15,H4,CH2,2024-05-29,2025-02-14,completed,false
PL16,H3,CH1,2025-03-01,,,true
"""

# A5's third row names no attendee (attendance unknown); A8 and A9 both have V5 (counted once).
ACTIVITIES = """\
activity_id,activity_type,municipality,held_on,participant_id,company_id
A0,youth_network_meeting,Vejle,2023-12-31,V1,
A1,joint_meeting,Vejle,2024-12-31,V4,
A1,joint_meeting,Vejle,2024-12-31,,CV1
A2,individual_session,Vejle,2024-05-01,V3,
A3,company_network_meeting,Vejle,2024-01-01,,CV4
A4,company_visit,Vejle,2023-12-31,,CV3
A5,youth_network_meeting,Horsens,2024-06-01,H2,
A5,youth_network_meeting,Horsens,2024-06-01,H4,
A5,youth_network_meeting,Horsens,2024-06-01,,
A6,youth_network_meeting,Horsens,2025-06-30,H3,
A7,company_visit,Horsens,2025-06-30,,CH3
A8,youth_network_meeting,Vejle,2025-03-01,V5,
A8,youth_network_meeting,Vejle,2025-03-01,V3,
A9,joint_meeting,Vejle,2025-05-01,V5,
"""

OUTCOMES = """\
participant_id,outcome_type,started_on,ended_on,company_id
V1,job,2024-01-01,2024-12-31,CV1
V3,education,2025-01-31,,
V5,job,2025-03-01,,CV2
V6,job,2024-03-01,2024-05-31,CV1
V6,education,2024-10-15,,
H1,job,2024-09-01,2025-03-01,CH1
H2,job,2024-12-31,,CH1
H4,education,2024-08-01,2024-10-31,
H4,job,2024-11-01,2025-01-31,CH1
H5,job,2025-04-11,,
"""

EXPORT = {
    "participants": PARTICIPANTS,
    "companies": COMPANIES,
    "placements": PLACEMENTS,
    "activities": ACTIVITIES,
    "outcomes": OUTCOMES,
}

AS_OF = dt.date(2025, 6, 30)


def write_export(folder: Path) -> Path:
    """Write the export's CSV files into `folder` (created) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in EXPORT.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def build_db(base: Path, demo: bool = False) -> Path:
    """Import the export into `base/tiny.duckdb` and return the database's path. With
    `demo`, the export is signed as the demo generator's, so the app shows it without
    sign-in (to a viewer)."""
    export = write_export(base / "export")
    if demo:
        sign_demo_export(export)
    db_path = base / "tiny.duckdb"
    result = import_export(db_path, export, key_file=base / "k.key", today=AS_OF)
    assert result.ok, result.errors
    # Every record key 0: every cell key is then 0, which the perturbation table maps to no
    # noise, so a viewer's figures on the tiny export are the hand-counted ones with small
    # counts hidden. The perturbation itself is tested with keys set by `set_record_keys`.
    set_record_keys(db_path, {table: {} for table in RECORD_TABLES}, default=0)
    return db_path


def copy_tiny_db(built: Path, base: Path) -> Path:
    """Copy a database built by `build_db` (and the export folder beside it) into
    `base` and return the copy's path, as `build_db(base)` would have returned it."""
    base.mkdir(parents=True, exist_ok=True)
    shutil.copytree(built.parent / "export", base / "export", dirs_exist_ok=True)
    shutil.copy2(built, base / built.name)
    return base / built.name


RECORD_TABLES = {  # table -> the column that names a record in the tests
    "participants": "participant_id",
    "companies": "company_id",
    "placements": "placement_id",
    "activities": "activity_id",
    "outcomes": "participant_id",
}


def set_record_keys(db_path: Path, keys: dict[str, dict[str, int]], default: int | None = None):
    """Give records chosen keys: {table: {id: key}} (an outcome is named by its young
    person); with `default`, every other record of those tables gets that key."""
    con = duckdb.connect(str(db_path))
    try:
        for table, chosen in keys.items():
            column = RECORD_TABLES[table]
            if default is not None:
                con.execute(f"update {table} set record_key = $k", {"k": default})
            for record, key in chosen.items():
                con.execute(
                    f"update {table} set record_key = $k where {column} = $id",
                    {"k": key, "id": record},
                )
        marts.refresh(con)  # the cell keys of the marts too
    finally:
        con.close()
