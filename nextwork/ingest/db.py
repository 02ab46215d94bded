"""The DuckDB database: opening it, creating its schema, and running named queries.

Queries live in `queries/` as one `.sql` file each and are referred to by name
(`kpi_participants`, `staging/stg_placements`). Every value is bound as a named
parameter; a query gets exactly the parameters its text uses.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from pathlib import Path

import duckdb
import pandas as pd

from nextwork.config import ROOT
from nextwork.ingest import store

QUERIES = ROOT / "queries"
DATA = ROOT / "data"
DEFAULT_DB = DATA / "nextwork.duckdb"


def _schema_files() -> list[Path]:
    marts = sorted((QUERIES / "marts").glob("*.sql"))
    return [
        QUERIES / "schema" / "tables.sql",
        *sorted((QUERIES / "staging").glob("*.sql")),
        *sorted((QUERIES / "derived").glob("*.sql")),
        *sorted((QUERIES / "macros").glob("*.sql")),
        # the marts' readers and the queries they replace (`nextwork.ingest.marts`)
        *marts,
        *(QUERIES / path.name for path in marts),
    ]


# A digest of the schema, staging views, macros and marts, stored in the `meta` table: a
# database made by an older version gets its views, macros and marts renewed when it is next
# opened.
SCHEMA_VERSION = hashlib.sha256(b"".join(p.read_bytes() for p in _schema_files())).hexdigest()[:16]

_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


def default_db_path() -> Path:
    return Path(os.environ.get("NEXTWORK_DB", DEFAULT_DB))


@functools.cache
def sql(name: str) -> str:
    """The text of the query `name` (a path below `queries/`, without `.sql`)."""
    path = (QUERIES / f"{name}.sql").resolve()
    if QUERIES not in path.parents:
        raise ValueError(f"no such query: {name}")
    return path.read_text(encoding="utf-8")


def params_of(text: str) -> set[str]:
    return set(_PARAM.findall(text))


def run(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> pd.DataFrame:
    """Run the named query on its own cursor and return its rows."""
    cur = con.cursor()
    try:
        return cur.execute(*_bound(name, params)).df()
    finally:
        cur.close()


def _bound(name: str, params: dict | None) -> tuple[str, dict]:
    """The named query's text and exactly the parameters it uses (KeyError if one is
    missing)."""
    text = sql(name)
    wanted = params_of(text)
    given = params or {}
    missing = wanted - given.keys()
    if missing:
        raise KeyError(f"query {name} needs parameters {sorted(missing)}")
    return text, {k: given[k] for k in wanted}


def records(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> list[dict]:
    """The named query's rows as dicts (column name to value), on its own cursor: Python's
    own values (int, float, str, date, None) without a DataFrame, which for the few rows of
    a KPI query took longer to make than to read."""
    cur = con.cursor()
    try:
        cur.execute(*_bound(name, params))
        names = [column[0] for column in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    finally:
        cur.close()


def scalar(con: duckdb.DuckDBPyConnection, text: str, params: dict | None = None):
    """The first value of the first row, or None. Fetches everything, which leaves the
    connection free for the next statement."""
    rows = con.execute(text, params or {}).fetchall()
    return rows[0][0] if rows else None


def connect(
    path: str | Path | None = None, read_only: bool = False, marts: bool = True
) -> duckdb.DuckDBPyConnection:
    """Open the database.

    A read-only connection (the app's, the `kpis` command's) reads the file that is at
    `path` when it is opened, whatever happens later: an import swaps a new file in (see
    `nextwork.ingest.store`), and the next connection opens that one. A missing file, or one made
    by an older version of the schema, is created or renewed first through the same swap.

    A writable connection creates or updates the schema in place, and refreshes the marts
    (`nextwork.ingest.marts`) unless `marts` is false, for a writer that changes the data next and
    refreshes them itself. It is for a file no other process has open (an import's working
    copy, a test's database), never for the live database that the app reads.
    """
    path = Path(path) if path is not None else default_db_path()
    if read_only:
        con = open_read_only(path) if path.exists() else None
        if con is None or _stored_version(con) != SCHEMA_VERSION:
            if con is not None:
                con.close()
            upgrade(path)
            con = open_read_only(path)
        return con
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute("set enable_progress_bar = false")
    ensure_schema(con, marts)
    return con


def open_read_only(path: str | Path) -> duckdb.DuckDBPyConnection:
    """The file at `path` as it is now, read-only, with no check of its schema (`connect`
    checks it). The file is attached to a database of its own. `duckdb.connect(path)` would
    share an instance with any connection to that path still open in this process, which
    after an import is the replaced file; an in-memory instance with the file attached (and
    the in-memory catalog detached, so that every cursor reads the file) opens the file
    that is there now."""
    con = duckdb.connect(":memory:")
    try:
        con.execute("set enable_progress_bar = false")
        # where a big query spills, as for a file opened directly (not the working folder)
        con.execute(f"set temp_directory = {_literal(str(path) + '.tmp')}")
        con.execute(f"attach {_literal(str(path))} as nextwork (read_only)")
        con.execute("use nextwork")
        con.execute("detach memory")
    except BaseException:
        con.close()
        raise
    return con


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _stored_version(con: duckdb.DuckDBPyConnection) -> str | None:
    try:
        return scalar(con, "select value from meta where key = 'schema_version'")
    except duckdb.CatalogException:
        return None


def upgrade(path: str | Path, timeout: float | None = None) -> None:
    """Create the database at `path`, or renew a schema made by an older version, through
    the writer's lock and the atomic swap of `nextwork.ingest.store`; a no-op when it is current."""
    path = Path(path)
    with store.locked(path, timeout):
        if path.exists():
            con = open_read_only(path)
            try:
                if _stored_version(con) == SCHEMA_VERSION:
                    return  # another process renewed it while this one waited
            finally:
                con.close()
        with store.replacing(path) as work:
            con = connect(work)
            con.execute("checkpoint")
            con.close()


def ensure_schema(con: duckdb.DuckDBPyConnection, refresh_marts: bool = True) -> None:
    """Create the tables if needed, load reference data, (re)create views, the derived tables
    the macros read and the macros, and recompute the marts whose data changed
    (`nextwork.ingest.marts`)."""
    from nextwork.ingest import marts

    con.execute(sql("schema/tables"))
    if scalar(con, "select count(*) from ref_municipalities") == 0:
        _load_reference(con)
    for path in sorted((QUERIES / "staging").glob("*.sql")):
        con.execute(f'create or replace view "{path.stem}" as {path.read_text(encoding="utf-8")}')
    marts.refresh_derived(con)
    _create_macros(con)
    if refresh_marts:
        marts.refresh(con)
    con.execute("insert or replace into meta values ('schema_version', $v)", {"v": SCHEMA_VERSION})


def _create_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Create the macros of `queries/macros/`. A macro may use another, which DuckDB wants
    created first: a macro whose creation fails for want of one is tried again after the
    others, until a round creates none."""
    waiting = sorted((QUERIES / "macros").glob("*.sql"))
    while waiting:
        failed = []
        for path in waiting:
            try:
                con.execute(path.read_text(encoding="utf-8"))
            except duckdb.CatalogException:
                failed.append(path)
        if len(failed) == len(waiting):
            con.execute(failed[0].read_text(encoding="utf-8"))  # raises its error
        waiting = failed


def _load_reference(con: duckdb.DuckDBPyConnection) -> None:
    con.register("municipalities_df", municipality_table())
    con.execute(
        "insert into ref_municipalities select code, name, region, latitude, longitude "
        "from municipalities_df"
    )
    con.unregister("municipalities_df")
    postcodes = pd.read_csv(DATA / "postcodes.csv", dtype={"postcode": str})
    bounds = postcodes["postcode"].str.split("-", expand=True)
    postcodes["postcode_from"] = bounds[0].astype(int)
    postcodes["postcode_to"] = bounds[1].fillna(bounds[0]).astype(int)
    con.register("postcodes_df", postcodes)
    con.execute(
        "insert into ref_postcodes select postcode_from, postcode_to, name, latitude, longitude "
        "from postcodes_df"
    )
    con.unregister("postcodes_df")


@functools.cache
def municipality_table() -> pd.DataFrame:
    """The 98 Danish municipalities: code, name, region, latitude, longitude."""
    return pd.read_csv(DATA / "municipalities.csv")
