"""Marts: figures that every page reads, computed once when the data is written instead of
on each reader's request.

A mart is a table `mart_<name>` holding what the query `queries/<name>.sql` gives for every
municipality with data and every calendar month from the first month of the data to the
end of the later of this year and the year of the last date in the data, without
participant filters. Its reader, `queries/marts/<name>.sql`, takes the same parameters and
gives the same rows, to the last digit, as the query it replaces, from a few hundred or
thousand stored rows instead of a scan of the records. `run` uses it for a view without
participant filters (target group, gender, age band) over months it covers, and the query
itself otherwise.

The importer's write and the database upgrade (`nextwork.ingest.db.ensure_schema`) call `refresh`.
Each mart is stored with a signature of what it was computed from: the schema version, the
query texts, a digest of every row of the tables it reads, and the months it covers. A
refresh recomputes a mart only when that signature changed. A mart can be trusted because
only those two write the tables; code that writes them in any other way must call `refresh`
afterwards.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import duckdb
import pandas as pd

from nextwork.ingest import db

# Each mart by the name of the query it replaces, with the tables that query reads.
MARTS: dict[str, tuple[str, ...]] = {
    "monthly_counts": ("participants", "companies", "placements", "activities"),
}

# Tables derived from the records when they are written, which macros and queries read in
# place of computing them on every query: each by its name (`mart_<name>`, computed by
# `queries/derived/<name>.sql`) with the tables it reads.
DERIVED: dict[str, tuple[str, ...]] = {
    "people": ("participants", "placements", "outcomes"),
    "youth_meetings": ("activities",),
    "company_meeting_days": ("activities",),
}

# The participant filters: a view with any of them set reads the query itself.
GROUP_FILTERS = ("target_groups", "genders", "age_bands")

# The earliest and latest dates of the tables a mart reads, for the months it covers.
_DATES = """
select min(first_day), max(last_day) from (
    select min(enrolled_on) as first_day, greatest(max(enrolled_on), max(exited_on)) as last_day
    from participants
    union all
    select min(joined_on), greatest(max(joined_on), max(left_on)) from companies
    union all
    select min(started_on), greatest(max(started_on), max(ended_on)) from placements
    union all
    select min(held_on), max(held_on) from activities
)
"""


def table_name(name: str) -> str:
    return f"mart_{name}"


def _meta_key(name: str) -> str:
    return f"mart:{name}"


def months_covered(con: duckdb.DuckDBPyConnection, today: dt.date | None = None):
    """(first day of the first month, last day of the last month) a mart built now covers,
    or None when there is no data."""
    first, last = con.execute(_DATES).fetchone()
    if first is None:
        return None
    today = today or dt.date.today()
    last = max(last or first, today)
    return first.replace(day=1), dt.date(last.year, 12, 31)


def signature(con: duckdb.DuckDBPyConnection, name: str, months) -> str:
    """A digest of what the mart `name` is computed from (see the module's text)."""
    texts = (db.sql(name), db.sql(f"marts/{name}"))
    return _digest(con, texts, MARTS[name], repr(months))


def _digest(con: duckdb.DuckDBPyConnection, texts, tables, extra: str = "") -> str:
    digest = hashlib.sha256()
    digest.update(db.SCHEMA_VERSION.encode())
    for text in texts:
        digest.update(text.encode())
    for table in tables:
        count, total = con.execute(
            f"select count(*), coalesce(sum(hash(t)::hugeint), 0) from {table} as t"
        ).fetchone()
        digest.update(f"{table}:{count}:{total};".encode())
    digest.update(extra.encode())
    return digest.hexdigest()[:24]


def _stored(con: duckdb.DuckDBPyConnection, name: str) -> dict | None:
    try:
        value = db.scalar(con, "select value from meta where key = $k", {"k": _meta_key(name)})
    except duckdb.CatalogException:
        return None
    return json.loads(value) if value else None


def _exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(
        db.scalar(
            con,
            "select count(*) from duckdb_tables() where table_name = $t and database_name = "
            "current_database()",
            {"t": table_name(name)},
        )
    )


def refresh_derived(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Recompute every derived table (`DERIVED`) whose signature changed, on a writable
    connection to a database with its tables and staging views; the names of those
    recomputed. The macros read these tables, so `db.ensure_schema` calls this before it
    creates them."""
    done = []
    for name, tables in DERIVED.items():
        text = db.sql(f"derived/{name}")
        sign = _digest(con, (text,), tables)
        stored = _stored(con, name)
        if stored is not None and stored.get("signature") == sign and _exists(con, name):
            continue
        con.execute(f"create or replace table {table_name(name)} as {text}")
        con.execute(
            "insert or replace into meta values ($k, $v)",
            {"k": _meta_key(name), "v": json.dumps({"signature": sign})},
        )
        done.append(name)
    return done


def refresh(con: duckdb.DuckDBPyConnection, today: dt.date | None = None) -> list[str]:
    """Recompute every derived table and mart whose signature changed, on a writable
    connection to a database with its schema; the names of those recomputed."""
    done = refresh_derived(con)
    for name in MARTS:
        months = months_covered(con, today)
        sign = signature(con, name, months)
        stored = _stored(con, name)
        if stored is not None and stored.get("signature") == sign and _exists(con, name):
            continue
        _build(con, name, months)
        value = {
            "signature": sign,
            "first": months[0].isoformat() if months else None,
            "last": months[1].isoformat() if months else None,
        }
        con.execute(
            "insert or replace into meta values ($k, $v)",
            {"k": _meta_key(name), "v": json.dumps(value)},
        )
        done.append(name)
    return done


def _build(con: duckdb.DuckDBPyConnection, name: str, months) -> None:
    text = db.sql(name)
    first, last = months or (dt.date(2000, 1, 1), dt.date(1999, 12, 31))  # none: no rows
    municipalities = [
        r[0]
        for r in con.execute(
            "select municipality from participants union select municipality from companies"
        ).fetchall()
    ]
    params = {
        "start": first,
        "end": last,
        "as_of": last,
        "municipalities": sorted(municipalities),
        **dict.fromkeys(GROUP_FILTERS),
    }
    wanted = db.params_of(text)
    con.execute(
        f"create or replace table {table_name(name)} as "
        f"select * from ({text}) where municipality is not null",
        {k: params[k] for k in wanted},
    )


def _day(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return pd.Timestamp(value).date()


def covers(con: duckdb.DuckDBPyConnection, name: str, params: dict) -> bool:
    """Whether the mart of `name` answers the query for these parameters."""
    if name not in MARTS or any(params.get(k) is not None for k in GROUP_FILTERS):
        return False
    stored = _stored(con, name)
    if not stored or not stored.get("first"):
        return False
    start, end = _day(params.get("start")), _day(params.get("end"))
    if start is None or end is None:
        return False
    first, last = dt.date.fromisoformat(stored["first"]), dt.date.fromisoformat(stored["last"])
    return first <= start and end <= last


def run(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> pd.DataFrame:
    """`db.run(con, name, params)`, read from the mart of `name` where it covers them."""
    params = params or {}
    if covers(con, name, params):
        return db.run(con, f"marts/{name}", params)
    return db.run(con, name, params)
