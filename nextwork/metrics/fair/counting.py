"""What a fair comparison counts: the share KPIs that can be compared, the characteristics
the strata are made of (and their setting), the KPI's numerator and denominator per site and
per stratum from the KPI engine's own queries, and those counts as readers without exact
rights see them."""

from __future__ import annotations

import duckdb
import pandas as pd

from nextwork import config
from nextwork.ingest import db
from nextwork.metrics import disclosure
from nextwork.metrics.kpis import KPI_BY_KEY

# The share KPIs about young people that can be compared fairly.
FAIR_KEYS = (
    "outcome_12m_share",
    "education_12m_share",
    "job_12m_share",
    "retained_6m_share",
    "placement_within_3m_share",
    "network_attendance_share",
)
# The characteristics the strata can be made of, and the KPI queries' filter for each.
DIMENSIONS = {"target_group": "target_groups", "age_band": "age_bands", "gender": "genders"}
DEFAULT_STRATA = ("target_group", "age_band")
# The funnel's control limits: two-sided coverage.


def check_by(by) -> tuple[str, ...]:
    """The strata's characteristics in the fixed order target group, age band, gender; an
    unknown one is an error that names it."""
    chosen = set(by)
    unknown = sorted(chosen - DIMENSIONS.keys())
    if unknown:
        raise ValueError(
            f"unknown stratum characteristic {', '.join(unknown)}: use {', '.join(DIMENSIONS)}"
        )
    if not chosen:
        raise ValueError("the strata need at least one characteristic")
    return tuple(d for d in DIMENSIONS if d in chosen)


def default_strata() -> tuple[str, ...]:
    """`[fair] strata` in the settings, else target group and age band. A setting that is
    not a list of known characteristics is a ValueError naming the file and the setting."""
    value = config.settings().get("fair", {}).get("strata", DEFAULT_STRATA)
    where = f"{config.settings_path()}: [fair] strata = {value!r}"
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValueError(
            f'{where}: must be a list such as ["target_group", "age_band"] of '
            f"{', '.join(DIMENSIONS)}"
        )
    try:
        return check_by(value)
    except ValueError as e:
        raise ValueError(f"{where}: {e}") from None


def check_settings() -> None:
    """The fair comparison's settings, checked when the app, the app server or `serve`
    starts (they would otherwise fail only on a page): a ValueError that names the file,
    the setting and what is wrong."""
    default_strata()


def check_key(key: str) -> str:
    if key not in FAIR_KEYS:
        raise ValueError(f"{key} cannot be compared fairly: use one of {', '.join(FAIR_KEYS)}")
    return key


# --- the counts, from the KPI engine's queries -------------------------------------------

COUNT_COLUMNS = ["numerator", "denominator", "ckey_numerator", "ckey_denominator"]


def _counts(wide: pd.DataFrame, key: str) -> pd.DataFrame:
    """A KPI query's rows as municipality (None = all pooled), numerator and denominator of
    `key`, with their cell keys."""
    out = pd.DataFrame(
        {
            "municipality": wide["municipality"].astype(object).where(wide["municipality"].notna()),
            "numerator": wide[f"num_{key}"],
            "denominator": wide[f"den_{key}"],
            "ckey_numerator": wide.get(f"key_num_{key}", 0),
            "ckey_denominator": wide.get(f"key_den_{key}", 0),
        }
    )
    out["municipality"] = [None if pd.isna(m) else m for m in out["municipality"]]
    for c in COUNT_COLUMNS:
        out[c] = out[c].fillna(0).astype(int)
    return out


def site_counts(con: duckdb.DuckDBPyConnection, params: dict, key: str) -> pd.DataFrame:
    """Numerator and denominator of `key` per site and for all of them pooled (municipality
    None), for the query parameters of `kpis.query_params`."""
    return _counts(db.run(con, KPI_BY_KEY[key].query, params), key)


def strata(con: duckdb.DuckDBPyConnection, params: dict, by: tuple[str, ...]) -> list[tuple]:
    """The strata (one value per characteristic of `by`) that someone in scope falls in."""
    present = db.run(con, "fair_strata", params)
    return sorted({tuple(row) for row in present[list(by)].itertuples(index=False)})


# The fair KPIs whose per-person flags `outcome_flags` gives (the macro kpi_outcomes counts
# them from): their strata are counted from those rows in one query (`fair_outcome_records`).
RECORD_KEYS = ("outcome_12m_share", "education_12m_share", "job_12m_share", "retained_6m_share")


def stratum_counts(
    con: duckdb.DuckDBPyConnection, params: dict, key: str, by: tuple[str, ...]
) -> pd.DataFrame:
    """`site_counts` per stratum: what the KPI's query gives with each stratum as its filter.
    A column per characteristic of `by` says the stratum. For `RECORD_KEYS` the counts come
    from the KPI's per-person rows, counted per stratum here as the query counts them (the
    same figures, one query instead of one per stratum); for the others the query runs once
    per stratum."""
    if key in RECORD_KEYS:
        return _counted_by_stratum(con, params, key, by)
    return _stratum_queries(con, params, key, by)


def record_counts(
    con: duckdb.DuckDBPyConnection, params: dict, key: str, by: tuple[str, ...]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`site_counts` and `stratum_counts` of one of `RECORD_KEYS` from a single read of its
    rows per young person (`fair_outcome_records`)."""
    records = db.run(con, "fair_outcome_records", params)
    sites = _tally(records, key, params["municipalities"], (), [()])
    return sites, _tally(records, key, params["municipalities"], by, strata(con, params, by))


def _counted_by_stratum(
    con: duckdb.DuckDBPyConnection, params: dict, key: str, by: tuple[str, ...]
) -> pd.DataFrame:
    records = db.run(con, "fair_outcome_records", params)
    return _tally(records, key, params["municipalities"], by, strata(con, params, by))


def _tally(
    records: pd.DataFrame, key: str, municipalities, by: tuple[str, ...], groups: list[tuple]
) -> pd.DataFrame:
    """As the KPI query's `flag_counts` counts the rows, in each stratum of `groups` (by the
    characteristics `by`; `[()]` with no `by`: everyone): per municipality in scope (0 when
    nobody) and pooled, how many rows have the numerator and the denominator flag, and the
    sum of those rows' record keys (their cell keys)."""
    numerator = records[f"flag_num_{key}"].fillna(False).astype(bool)
    denominator = records[f"flag_den_{key}"].fillna(False).astype(bool)
    record_keys = records["record_key"].astype("int64")
    flagged = pd.DataFrame(
        {
            "group": list(zip(records["municipality"], *(records[d] for d in by), strict=True)),
            "numerator": numerator.astype("int64"),
            "denominator": denominator.astype("int64"),
            "ckey_numerator": record_keys.where(numerator, 0),
            "ckey_denominator": record_keys.where(denominator, 0),
        }
    )
    sums = flagged.groupby("group", sort=False)[COUNT_COLUMNS].sum()
    totals = dict(zip(sums.index, sums.itertuples(index=False, name=None), strict=True))
    none = (0, 0, 0, 0)
    rows = []
    for stratum in groups:
        named = dict(zip(by, stratum, strict=True))
        each = [(m, totals.get((m, *stratum), none)) for m in municipalities]
        pooled = tuple(sum(counts[i] for _, counts in each) for i in range(len(COUNT_COLUMNS)))
        for municipality, counts in [*each, (None, pooled)]:
            rows.append(
                {
                    "municipality": municipality,
                    **dict(zip(COUNT_COLUMNS, map(int, counts), strict=True)),
                    **named,
                }
            )
    columns = ["municipality", *COUNT_COLUMNS, *by]
    if not rows:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame(rows, columns=columns)


def _stratum_queries(
    con: duckdb.DuckDBPyConnection, params: dict, key: str, by: tuple[str, ...]
) -> pd.DataFrame:
    frames = []
    for stratum in strata(con, params, by):
        filtered = {**params, **{DIMENSIONS[d]: [v] for d, v in zip(by, stratum, strict=True)}}
        counts = site_counts(con, filtered, key)
        for d, v in zip(by, stratum, strict=True):
            counts[d] = v
        frames.append(counts)
    columns = ["municipality", *COUNT_COLUMNS, *by]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


# --- what readers without exact rights see ------------------------------------------------


def disclose(counts: pd.DataFrame, exact: tuple[str, ...] = ()) -> pd.DataFrame:
    """The counts as the disclosure control shows them: every numerator and denominator
    perturbed by its cell key (`disclosure.perturb`), except the rows of the sites in
    `exact` (a manager's own). The pooled rows (municipality None) are always perturbed.
    Nothing is hidden here: `compare` leaves out what cannot be shown."""
    out = counts.copy()
    for part in ("numerator", "denominator"):
        out[part] = [
            value if m is not None and m in exact else disclosure.perturb(value, cell_key)
            for m, value, cell_key in zip(
                out["municipality"], out[part], out[f"ckey_{part}"], strict=True
            )
        ]
    pairs = zip(out["numerator"], out["denominator"], strict=True)
    out["numerator"] = [min(n, d) for n, d in pairs]  # a share is never above 1
    out["is_exact"] = [m is not None and m in exact for m in out["municipality"]]
    return out
