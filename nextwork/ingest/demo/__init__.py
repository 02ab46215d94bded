"""The demo activity export: invented but plausible data that follows the export contract.

`write_demo` writes the six files of an export (see `nextwork.ingest.contract`) for the five
programme municipalities, each with its own character, from 2019-01-01 up to a given day.
Above scale 5 the extra volume is spread over all 98 municipalities, up to a national
benchmark of about 100,000 young people and 10 million activity rows.

Everything is drawn from one `numpy.random.default_rng(seed)` in a fixed order, so the same
seed, scale and end day always give byte-identical files. Rows are generated as numpy arrays
(never a Python object per activity row) and written by DuckDB.

The parameters are in `sites`, the calendar arithmetic in `days`, the young people and
companies in `people`, the activities and costs in `activities`, the trial's results in
`trial`; this module writes the files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from nextwork.ingest.contract import TABLES
from nextwork.ingest.demo.activities import draw_activities, draw_costs
from nextwork.ingest.demo.days import FIRST_DAY, day_number
from nextwork.ingest.demo.people import (
    draw_careers,
    draw_companies,
    draw_groups,
    draw_job_companies,
    draw_participants,
    draw_placements,
)
from nextwork.ingest.demo.sites import (
    ACTIVITY_TYPES,
    END_REASONS,
    GENDERS,
    OUTCOME_TYPES,
    SIZE_BANDS,
    TARGET_GROUPS,
    draw_sites,
    read_municipalities,
)

# --- writing ----------------------------------------------------------------------------------


def dates(days: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    return pa.array(days.astype(np.int32), mask=missing).cast(pa.date32())


def labels(index: np.ndarray, values) -> pa.Array:
    """Values by index, -1 for missing, without one Python string per row."""
    index = np.asarray(index)
    return pa.DictionaryArray.from_arrays(
        pa.array(index.astype(np.int32), mask=index < 0), pa.array(list(values), pa.string())
    )


def columns(table: str) -> list[str]:
    return [c.name for c in TABLES[table].columns if c.name != "cpr"]


def write_table(
    con, out: Path, name: str, data: dict[str, pa.Array], select: dict[str, str]
) -> int:
    tab = pa.table(data)
    con.register("t", tab)
    exprs = ", ".join(f"{select.get(c, c)} AS {c}" for c in columns(name))
    path = str(out / f"{name}.csv").replace("'", "''")
    con.execute(f"COPY (SELECT {exprs} FROM t) TO '{path}' (HEADER, DELIMITER ',')")
    con.unregister("t")
    return tab.num_rows


def write_demo(
    out_dir: str | Path, seed: int = 1, scale: float = 1.0, until: dt.date | None = None
) -> dict[str, int]:
    """Write participants.csv, companies.csv, placements.csv, activities.csv, outcomes.csv and
    costs.csv into out_dir (created if missing; existing files are overwritten). Returns the row
    count per file name (without extension). `until` (default today) is the last day with data.
    The export is signed as demo data (`nextwork.ingest.importer.sign_demo_export`).
    """
    until_date = until or dt.date.today()
    if until_date < FIRST_DAY:
        raise ValueError(f"until must be on or after {FIRST_DAY}")
    if not scale > 0:
        raise ValueError("scale must be positive")
    until_day = day_number(until_date)
    rng = np.random.default_rng(seed)
    mun = read_municipalities()
    muns, sites, mult = draw_sites(rng, scale, mun)
    p = draw_participants(rng, sites, mult, until_day)
    car = draw_careers(rng, p, sites, until_day)
    comp = draw_companies(rng, muns, sites, mult, mun, until_day)
    group, group_number = draw_groups(rng, p, len(sites))
    pl = draw_placements(rng, p, car, sites, comp, until_day)
    job_company = draw_job_companies(rng, p, car, pl, sites, comp)
    act = draw_activities(rng, p, car, group, comp, sites, mult, until_day)
    costs = draw_costs(rng, sites, mult, until_day)

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    # A stale copy of a table in another format would make the folder an invalid export.
    for name in TABLES:
        for fmt in ("xlsx", "parquet"):
            (out / f"{name}.{fmt}").unlink(missing_ok=True)
    site_names = [mun.name[m] for m in muns]
    person_ids = pa.array(p["id"], pa.string())
    company_ids = [f"{c:08d}" for c in comp["id"].tolist()]
    g_site = np.zeros(len(group_number), dtype=np.int64)
    g_site[group[group >= 0]] = p["site"][group >= 0]
    group_names = [f"{site_names[s]} gruppe {k}" for s, k in zip(g_site, group_number, strict=True)]

    exit_missing = car["exit"] > until_day
    sp = car["spells"]
    pl_open = pl["end"] > until_day
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")  # a library call should print nothing
    counts = {}
    counts["participants"] = write_table(
        con,
        out,
        "participants",
        {
            "participant_id": person_ids,
            "municipality": labels(p["site"], site_names),
            "enrolled_on": dates(p["enrolled"]),
            "exited_on": dates(np.minimum(car["exit"], until_day), exit_missing),
            "birth_year": pa.array(p["birth_year"], mask=p["birth_year"] < 0),
            "gender": labels(p["gender"], GENDERS),
            "target_group": labels(p["target"], TARGET_GROUPS),
            "youth_network": labels(group, group_names),
        },
        {},
    )
    counts["companies"] = write_table(
        con,
        out,
        "companies",
        {
            "company_id": pa.array(company_ids, pa.string()),
            "name": pa.array(comp["name"], pa.string()),
            "municipality": labels(comp["site"], site_names),
            "industry": pa.array(comp["industry"].tolist(), pa.string()),
            "size_band": labels(comp["size"], SIZE_BANDS),
            "postcode": pa.array(comp["postcode"]),
            "latitude": pa.array(comp["lat"], from_pandas=True),
            "longitude": pa.array(comp["lon"], from_pandas=True),
            "joined_on": dates(comp["joined"]),
            "left_on": dates(np.minimum(comp["left"], until_day), comp["left"] > until_day),
        },
        {},
    )
    counts["placements"] = write_table(
        con,
        out,
        "placements",
        {
            "seq": pa.array(np.arange(1, len(pl["who"]) + 1)),
            "participant_id": labels(pl["who"], p["id"]),
            "company_id": labels(pl["company"], company_ids),
            "started_on": dates(pl["start"]),
            "ended_on": dates(np.minimum(pl["end"], until_day), pl_open),
            "end_reason": labels(np.where(pl_open, -1, pl["reason"]), END_REASONS),
            "chosen_by_participant": pa.array(pl["chosen"] == 1, mask=pl["chosen"] < 0),
            "hours_per_week": pa.array(pl["hours"].astype(np.int64)),
        },
        {"placement_id": "printf('P%07d', seq)"},
    )
    counts["activities"] = write_table(
        con,
        out,
        "activities",
        {
            "seq": pa.array(act["seq"]),
            "activity_type": labels(act["type"], ACTIVITY_TYPES),
            "municipality": labels(act["site"], site_names),
            "held_on": dates(act["day"]),
            "participant_id": labels(act["person"], p["id"]),
            "company_id": labels(act["company"], company_ids),
        },
        {"activity_id": "printf('A%08d', seq)"},
    )
    order = np.lexsort((sp["who"], sp["start"]))
    counts["outcomes"] = write_table(
        con,
        out,
        "outcomes",
        {
            "participant_id": labels(sp["who"][order], p["id"]),
            "outcome_type": labels(sp["job"][order].astype(np.int64), OUTCOME_TYPES),
            "started_on": dates(sp["start"][order]),
            "ended_on": dates(
                np.minimum(sp["end"], until_day)[order], (sp["end"] > until_day)[order]
            ),
            "company_id": labels(job_company[order], company_ids),
        },
        {},
    )
    counts["costs"] = write_table(
        con,
        out,
        "costs",
        {
            "municipality": labels(costs["site"], site_names),
            "year": pa.array(costs["year"]),
            "cost_dkk": pa.array(costs["cost"]),
            "staff_fte": pa.array(costs["fte"]),
        },
        {},
    )
    con.close()
    from nextwork.ingest.importer import sign_demo_export  # the importer reads the contract too

    sign_demo_export(out)
    return counts
