"""Writing a checked export into the database: the snapshot swap, record keys and marts.

The transaction runs on a copy of the database file that then replaces it atomically, one
import at a time (`nextwork.ingest.store`); it replaces the data of every municipality the
export names, keeps the record key of each record seen before, logs the import, and
computes the marts before the file is swapped in. The statements are in `queries/load/`.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from nextwork.ingest import db, marts, store
from nextwork.ingest.importer.import_log import (
    insert_log,
    log_entry,
    pending_log,
    rejected_log_path,
)

# What makes a stored row the same record when an export comes again.
RECORD_IDENTITY = {
    "participants": ("municipality", "participant_id"),
    "companies": ("municipality", "company_id"),
    "placements": ("municipality", "placement_id"),
    "activities": (
        "municipality",
        "activity_id",
        "participant_municipality",
        "participant_id",
        "company_municipality",
        "company_id",
    ),
    "outcomes": (
        "municipality",
        "participant_id",
        "outcome_type",
        "started_on",
        "company_municipality",
        "company_id",
    ),
}
# A new record's key: random, 24 bits (sums of a cell's keys stay exact in a double).
NEW_RECORD_KEY = "floor(random() * 16777216)::bigint"


def _with_record_keys(name: str) -> str:
    """The INSERT of `name` with each row's record key: the stored one for a record seen
    before (in `old_keys`), a new random one otherwise."""
    text = db.sql(f"load/{name}").strip().rstrip(";")
    insert, select = re.split(r"^select\b", text, maxsplit=1, flags=re.MULTILINE)
    match = " and ".join(f"o.{c} is not distinct from n.{c}" for c in RECORD_IDENTITY[name])
    return (
        f"{insert} select n.*, coalesce(o.record_key, {NEW_RECORD_KEY}) as record_key "
        f"from (select {select}) n left join old_keys o on {match}"
    )


def write(checker, db_path: Path, result, started, source, lock_timeout) -> None:
    """Write the checked export held by `checker` into a copy of `db_path` under the writer's
    lock, log it (with the rejected attempts waiting beside the file), compute the marts,
    and swap the copy in."""
    with store.locked(db_path, lock_timeout):
        pending = pending_log(db_path)
        # What replaces the file it keeps as an earlier version (`nextwork.ingest.history`).
        kept = {"action": "import", "source": source}
        with store.replacing(db_path, keep=kept) as work:
            # creates or updates the schema (the marts follow the write, below)
            db.connect(work, marts=False).close()
            con = checker.con
            con.execute("attach $path as target", {"path": str(work)})
            try:
                _write_snapshot(con, checker, result, started, source, pending)
                con.execute("checkpoint target")
            finally:
                con.execute("detach target")
            # The marts of the new data (`nextwork.ingest.marts`), before the file is swapped in.
            with duckdb.connect(str(work)) as written:
                written.execute("set enable_progress_bar = false")
                marts.refresh(written)
            kept.update(import_id=result.import_id, municipalities=result.municipalities)
        # The new file holds the pending entries now.
        rejected_log_path(db_path).unlink(missing_ok=True)


def _write_snapshot(con, checker, result, started, source, pending) -> None:
    con.execute("begin transaction")
    try:
        snapshot = {"municipalities": result.municipalities}
        for name in ("participants", "companies", "placements", "activities", "outcomes"):
            identity = ", ".join(RECORD_IDENTITY[name])
            # The record keys of the snapshot being replaced, so a record that comes again
            # keeps its key (and every figure about it its perturbation).
            con.execute(
                f"create or replace temp table old_keys as select {identity}, "
                f"min(record_key) as record_key from target.{name} "
                "where list_contains($municipalities, municipality) group by all",
                snapshot,
            )
            con.execute(
                f"delete from target.{name} where list_contains($municipalities, municipality)",
                snapshot,
            )
            con.execute(_with_record_keys(name))
        con.execute("drop table if exists old_keys")
        if "costs" in checker.files:
            # A costs file replaces the costs of its own municipalities and years too.
            con.execute(db.sql("load/costs_replaced"), snapshot)
            con.execute(db.sql("load/costs"))
        known = {r[0] for r in con.execute("select import_id from target.imports").fetchall()}
        for entry in pending:
            if entry["import_id"] not in known:
                insert_log(con, entry)
        last = db.scalar(con, "select coalesce(max(import_id), 0) from target.imports")
        result.import_id = last + 1
        entry = log_entry(result, checker, started, source, "ok")
        insert_log(con, {"import_id": result.import_id, **entry})
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
