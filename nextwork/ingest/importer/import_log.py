"""The log of import attempts: the `imports` table, and the side file of rejected attempts.

A rejected attempt changes no data, so it is not worth a copy of the database: it is kept in
the small file `<db>.rejected.jsonl` beside it, and the next accepted import moves it into
`imports`. `import_log` reads both.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from nextwork.ingest import db, store


def files_json(checker) -> str:
    return json.dumps(
        [
            {"file": f.name, "sha256": f.sha256, "rows": f.rows, "bytes": f.path.stat().st_size}
            for f in checker.files.values()
        ]
    )


LOG_COLUMNS = (
    "import_id",
    "started_at",
    "finished_at",
    "source",
    "status",
    "municipalities",
    "files",
    "row_counts",
    "count_errors",
    "count_warnings",
    "report",
    "is_demo",
)


def rejected_log_path(db_path: str | Path) -> Path:
    """The rejected attempts not yet moved into the database's `imports` table."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".rejected.jsonl")


def log_entry(result, checker, started, source: str, status) -> dict:
    """One row of `imports` (without its id)."""
    return {
        "started_at": started,
        "finished_at": dt.datetime.now(),
        "source": source,
        "status": status,
        "municipalities": result.municipalities,
        "files": files_json(checker),
        "row_counts": json.dumps(result.row_counts),
        "count_errors": result.count_errors,
        "count_warnings": result.count_warnings,
        "report": "\n".join(result.report()),
        "is_demo": bool(getattr(checker, "is_demo", False)),
    }


def pending_log(db_path: Path) -> list[dict]:
    """The rejected attempts in the side file, oldest first."""
    try:
        text = rejected_log_path(db_path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    entries = []
    for line in filter(None, text.split("\n")):  # not splitlines(): it splits on more
        entry = json.loads(line)
        for key in ("started_at", "finished_at"):
            entry[key] = dt.datetime.fromisoformat(entry[key])
        entries.append(entry)
    return entries


def _stored_log(db_path: Path) -> list[dict]:
    if not db_path.exists():
        return []
    con = db.connect(db_path, read_only=True)
    try:
        cur = con.execute(f"select {', '.join(LOG_COLUMNS)} from imports order by import_id")
        return [dict(zip(LOG_COLUMNS, row, strict=True)) for row in cur.fetchall()]
    finally:
        con.close()


def import_log(db_path: str | Path) -> list[dict]:
    """Every import attempt, accepted or rejected, oldest first: the rows of `imports` with
    the rejected attempts not yet moved there."""
    db_path = Path(db_path)
    # The side file first: an import moves its entries into a new database file before it
    # empties the side file, so they are found in one or the other (or both, once).
    pending = pending_log(db_path)
    stored = _stored_log(db_path)
    known = {e["import_id"] for e in stored}
    merged = stored + [e for e in pending if e["import_id"] not in known]
    return sorted(merged, key=lambda e: e["import_id"])


def log_rejected(db_path: Path, entry: dict, lock_timeout: float | None) -> int:
    """Add a rejected attempt to the side file under the writer's lock (its id follows the
    highest one logged anywhere) and return its id."""
    if not db_path.exists():
        db.upgrade(db_path, lock_timeout)  # an empty database: cheap, and the app can open it
    with store.locked(db_path, lock_timeout):
        pending = pending_log(db_path)
        stored = 0
        if db_path.exists():
            # Not `db.connect`: its schema renewal would wait for the lock held here.
            con = db.open_read_only(db_path)
            try:
                stored = db.scalar(con, "select coalesce(max(import_id), 0) from imports")
            finally:
                con.close()
        import_id = 1 + max([stored, *(e["import_id"] for e in pending)])
        lines = [_json_line(e) for e in pending]
        lines.append(_json_line({"import_id": import_id, **entry}))
        store.write_atomically(rejected_log_path(db_path), "".join(lines).encode("utf-8"))
    return import_id


def _json_line(entry: dict) -> str:
    # ASCII: a message quoting odd characters cannot break the one-entry-a-line format.
    return json.dumps(entry, default=lambda v: v.isoformat()) + "\n"


def insert_log(con, entry: dict) -> None:
    con.execute(db.sql("load/imports"), {c: entry[c] for c in LOG_COLUMNS})


# --- writing -------------------------------------------------------------------------
