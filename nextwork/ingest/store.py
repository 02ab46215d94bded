"""Changing the database file while the app reads it.

DuckDB lets a process write a database file only while no other process has it open, and
the app's processes keep it open (read-only) all the time. So nothing writes the live file
in place. A writer (an import, a schema upgrade) takes the exclusive lock `<db>.lock`
(waiting at most a timeout), copies the live file to `<db>.importing-*` in the same folder,
changes the copy in one transaction, checkpoints and closes it, fsyncs it, and renames it
over the live file with `os.replace`, which is atomic. A reader that has the old file open
keeps reading it (the old inode lives until its last reader closes it); the next connection
opens the new one. Every reader sees one whole version of the data, never a mix.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

LOCK_TIMEOUT_ENV = "NEXTWORK_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 300.0  # seconds a writer waits for another writer to finish
_WORK_INFIX = ".importing-"


FILE_MODE_ENV = "NEXTWORK_FILE_MODE"
_MODES = {"0600": 0o600, "0640": 0o640}


def file_mode() -> int:
    """The permissions of the files the dashboard writes beside the database (the database,
    its lock, the rejected-imports log, the audit file, the kept earlier versions): 0600,
    its owner only; or 0640 with $NEXTWORK_FILE_MODE=0640, when app processes run as other
    users of one group (see docs/operations.md)."""
    text = os.environ.get(FILE_MODE_ENV, "").strip() or "0600"
    if text not in _MODES:
        raise ValueError(f"{FILE_MODE_ENV}={text!r}: use 0600 or 0640")
    return _MODES[text]


def restrict(path: Path, group_of: Path | None = None) -> None:
    """Give `path` the files' permissions (and the group of `group_of`, where allowed)."""
    os.chmod(path, file_mode())
    if group_of is not None:
        with contextlib.suppress(OSError):
            os.chown(path, -1, os.stat(group_of).st_gid)


def loose_files(db_path: str | Path) -> list[tuple[Path, int]]:
    """The files beside the database that more users may read or write than the setting
    allows, with their permissions (for a warning at start)."""
    from nextwork.ingest import audit, history, importer

    db_path = Path(db_path)
    allowed = file_mode()
    paths = [
        db_path,
        lock_path(db_path),
        importer.rejected_log_path(db_path),
        audit.audit_path(db_path),
        *history.kept_files(db_path),
    ]
    out = []
    for path in paths:
        try:
            mode = os.stat(path).st_mode & 0o777
        except FileNotFoundError:
            continue
        if mode & ~allowed:
            out.append((path, mode))
    return out


class Busy(Exception):
    """Another writer held the database's lock for longer than the timeout."""


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def wal_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".wal")


def lock_timeout(timeout: float | None = None) -> float:
    """`timeout`, else $NEXTWORK_LOCK_TIMEOUT, else five minutes."""
    if timeout is not None:
        return float(timeout)
    text = os.environ.get(LOCK_TIMEOUT_ENV, "").strip()
    if not text:
        return DEFAULT_LOCK_TIMEOUT
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{LOCK_TIMEOUT_ENV}={text!r} is not a number of seconds") from None


@contextlib.contextmanager
def locked(db_path: str | Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the exclusive writer's lock of `db_path`, waiting at most `timeout` seconds for
    it (see `lock_timeout`); raise Busy when it stays taken. The lock file is never removed:
    removing it would let two writers lock two different files."""
    db_path = Path(db_path)
    wait = lock_timeout(timeout)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    # Read-only is enough for flock, so any user who may read the file can take it.
    fd = os.open(lock_path(db_path), os.O_RDONLY | os.O_CREAT, file_mode())
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise Busy(
                        f"another import is writing {db_path} (its lock {lock_path(db_path)} "
                        f"was held for more than {wait:g} s); nothing was changed, try again "
                        "when it has finished"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


@contextlib.contextmanager
def replacing(
    db_path: str | Path, keep: dict | None = None, source: Path | None = None
) -> Iterator[Path]:
    """Yield the path of a copy of the database file (or of no file, when there is no
    database yet) to change and close. When the block ends without an exception, the copy
    atomically replaces the database file; otherwise it is removed and nothing changed.
    With `keep` (what replaces it: an import or a restore), the replaced file is kept as an
    earlier version (`nextwork.ingest.history`; its id is added to `keep` as "kept"). With
    `source`, the copy is of that file (a kept version) instead of the database.
    Only call this while holding `locked(db_path)`."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(db_path)
    fd, name = tempfile.mkstemp(dir=db_path.parent, prefix=db_path.name + _WORK_INFIX)
    os.close(fd)
    work = Path(name)
    live_wal = wal_path(db_path)
    try:
        if source is not None:
            shutil.copyfile(source, work)
        elif db_path.exists():
            shutil.copyfile(db_path, work)
            if live_wal.exists():
                # Left by a writer that stopped before its checkpoint; it belongs to the data.
                shutil.copyfile(live_wal, wal_path(work))
        else:
            work.unlink()  # DuckDB creates the file
        yield work
        if wal_path(work).exists() or not work.exists():
            raise RuntimeError(f"{work} was not checkpointed and closed")
        # The owner's only (or its group's too), in the group of the file it replaces.
        restrict(work, db_path if db_path.exists() else None)
        _fsync(work)
        # A WAL beside the new file would be replayed against it; reading the old file
        # without it for a moment shows an older whole version, not an error.
        live_wal.unlink(missing_ok=True)
        if keep is not None:
            from nextwork.ingest import history

            keep["kept"] = history.keep(db_path, {k: v for k, v in keep.items()})
        os.replace(work, db_path)
        _fsync(db_path.parent)
    except BaseException:
        work.unlink(missing_ok=True)
        wal_path(work).unlink(missing_ok=True)
        raise


def _remove_leftovers(db_path: Path) -> None:
    """Copies left by a writer that was killed (the caller holds the lock, so no writer is
    using them)."""
    for path in db_path.parent.glob(glob.escape(db_path.name) + _WORK_INFIX + "*"):
        path.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace the small file `path` with `data`: readers see the old or the new content."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".new-")
    try:
        os.fchmod(fd, file_mode())
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    _fsync(path.parent)
