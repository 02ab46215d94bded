"""A small export for the fair comparison: three sites, two target groups, two age bands.

Everyone is enrolled on 1 March 2024 (so everyone has 12 months of follow-up by the as-of day
31 December 2025); those "in job or education within 12 months" start education on
1 September 2024. Age bands are for periods starting in 2024: born 2002 (22, "18-24") and
born 1997 (27, "25-29"). Young people per site and stratum, with how many got there:

    stratum                        Roskilde  Sønderborg  Vejle   programme   its rate
    activity_ready, 18-24           1 of 4     0 of 1    1 of 1   2 of 6      1/3
    activity_ready, 25-29           0 of 2     1 of 1    0 of 1   1 of 4      1/4
    education_ready, 18-24          1 of 1     3 of 4    2 of 3   6 of 8      3/4
    education_ready, 25-29          0 of 1     2 of 2    2 of 3   4 of 6      2/3
    the site                        2 of 8     6 of 8    5 of 8  13 of 24    13/24
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from nextwork.ingest.importer import import_export, sign_demo_export
from tests.tiny_export import set_record_keys

AS_OF = dt.date(2025, 12, 31)
YEAR_2024 = {"start": "2024-01-01", "end": "2024-12-31", "as_of": "2025-12-31"}

# (site, target group, birth year, people, of whom in education within 12 months)
CELLS = [
    ("Roskilde", "activity_ready", 2002, 4, 1),
    ("Roskilde", "activity_ready", 1997, 2, 0),
    ("Roskilde", "education_ready", 2002, 1, 1),
    ("Roskilde", "education_ready", 1997, 1, 0),
    ("Sønderborg", "activity_ready", 2002, 1, 0),
    ("Sønderborg", "activity_ready", 1997, 1, 1),
    ("Sønderborg", "education_ready", 2002, 4, 3),
    ("Sønderborg", "education_ready", 1997, 2, 2),
    ("Vejle", "activity_ready", 2002, 1, 1),
    ("Vejle", "activity_ready", 1997, 1, 0),
    ("Vejle", "education_ready", 2002, 3, 2),
    ("Vejle", "education_ready", 1997, 3, 2),
]
SITES = {"Roskilde": "R", "Sønderborg": "S", "Vejle": "V"}


def export_files() -> dict[str, str]:
    participants = [
        "participant_id,municipality,enrolled_on,exited_on,birth_year,gender,target_group"
    ]
    outcomes = ["participant_id,outcome_type,started_on,ended_on,company_id"]
    numbers = dict.fromkeys(SITES, 0)
    for site, group, born, people, successes in CELLS:
        for i in range(people):
            numbers[site] += 1
            pid = f"{SITES[site]}{numbers[site]}"
            gender = "female" if numbers[site] % 2 else "male"
            participants.append(f"{pid},{site},2024-03-01,,{born},{gender},{group}")
            if i < successes:
                outcomes.append(f"{pid},education,2024-09-01,,")
    companies = ["company_id,name,municipality,joined_on,left_on"] + [
        f"C{code},Værksted {site},{site},2020-01-01," for site, code in SITES.items()
    ]
    placements = [
        "placement_id,participant_id,company_id,started_on,ended_on,end_reason,"
        "chosen_by_participant",
        "P1,R1,CR,2024-04-01,2024-06-30,completed,true",
    ]
    activities = [
        "activity_id,activity_type,municipality,held_on,participant_id,company_id",
        "A1,youth_network_meeting,Roskilde,2024-05-01,R1,",
    ]
    return {
        "participants": "\n".join(participants) + "\n",
        "companies": "\n".join(companies) + "\n",
        "placements": "\n".join(placements) + "\n",
        "activities": "\n".join(activities) + "\n",
        "outcomes": "\n".join(outcomes) + "\n",
    }


def build_db(base: Path, demo: bool = False) -> Path:
    """Import the export into `base/fair.duckdb`, every record key 0 (so the disclosure
    control adds no noise and only hides small counts), and return its path."""
    folder = base / "export"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in export_files().items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    if demo:
        sign_demo_export(folder)
    path = base / "fair.duckdb"
    result = import_export(path, folder, key_file=base / "k.key", today=AS_OF)
    assert result.ok, result.errors
    set_record_keys(
        path,
        {t: {} for t in ("participants", "companies", "placements", "activities", "outcomes")},
        default=0,
    )
    return path
