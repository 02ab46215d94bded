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
    # Read-only is enough for flock, so any user who may read the folder can take it.
    fd = os.open(lock_path(db_path), os.O_RDONLY | os.O_CREAT, 0o644)
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
def replacing(db_path: str | Path) -> Iterator[Path]:
    """Yield the path of a copy of the database file (or of no file, when there is no
    database yet) to change and close. When the block ends without an exception, the copy
    atomically replaces the database file; otherwise it is removed and nothing changed.
    Only call this while holding `locked(db_path)`."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(db_path)
    fd, name = tempfile.mkstemp(dir=db_path.parent, prefix=db_path.name + _WORK_INFIX)
    os.close(fd)
    work = Path(name)
    live_wal = wal_path(db_path)
    try:
        if db_path.exists():
            shutil.copyfile(db_path, work)
            shutil.copymode(db_path, work)  # readable by the app's user as before
            if live_wal.exists():
                # Left by a writer that stopped before its checkpoint; it belongs to the data.
                shutil.copyfile(live_wal, wal_path(work))
        else:
            work.unlink()  # DuckDB creates the file
        yield work
        if wal_path(work).exists() or not work.exists():
            raise RuntimeError(f"{work} was not checkpointed and closed")
        _fsync(work)
        # A WAL beside the new file would be replayed against it; reading the old file
        # without it for a moment shows an older whole version, not an error.
        live_wal.unlink(missing_ok=True)
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
        os.fchmod(fd, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    _fsync(path.parent)
