"""The audit log: sign-ins, imports and exports, with who, when and in which scope.

It holds no figures about young people and no ids. It is an SQLite file beside the
database (`<database>.audit.sqlite`), because every app process writes to it while the
analytics database itself is only ever opened read-only by the app.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from nextwork.ingest import db, store

ACTIONS = ("sign_in", "import", "export", "restore")


def audit_path(database: Path | None = None) -> Path:
    override = os.environ.get("NEXTWORK_AUDIT")
    if override:
        return Path(override)
    database = Path(database) if database is not None else db.default_db_path()
    return database.with_name(database.name + ".audit.sqlite")


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # Created with the files' permissions before SQLite writes to it (its -wal and
        # -shm files take the same).
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, store.file_mode()))
        store.restrict(path)
    con = sqlite3.connect(path, timeout=10)
    con.execute("pragma journal_mode = wal")
    con.execute(
        "create table if not exists audit ("
        " at text not null, who text not null, action text not null,"
        " scope text not null, detail text not null default '')"
    )
    return con


def record(
    action: str, who: str | None, scope: str, detail: str = "", database: Path | None = None
) -> None:
    """Add one line. `detail` names a file or page, never a person or a figure."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action}")
    con = _connect(audit_path(database))
    try:
        with con:
            con.execute(
                "insert into audit values (?, ?, ?, ?, ?)",
                (
                    dt.datetime.now().isoformat(timespec="seconds"),
                    who or "anonymous",
                    action,
                    scope,
                    detail,
                ),
            )
    finally:
        con.close()


def entries(database: Path | None = None) -> list[tuple]:
    path = audit_path(database)
    if not path.exists():
        return []
    con = _connect(path)
    try:
        return con.execute(
            "select at, who, action, scope, detail from audit order by at"
        ).fetchall()
    finally:
        con.close()
