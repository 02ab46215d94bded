"""The app's read-only connections, one per database file it reads.

An import never writes the file the app reads: it swaps a new file in (`nextwork.ingest.store`).
A run of a page pins the file that is at the path when it starts (`acquire`) and reads
only that file until it ends (`release`), so a page drawn while an import swaps shows the
old data whole, and the next run shows the new. A replaced file's connection is closed as
soon as no run reads it any more, which lets the operating system free the file.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import duckdb

from nextwork import config
from nextwork.ingest import db

Identity = tuple[int, int]


class DataChanged(Exception):
    """The file a run pinned has no connection any more (or was replaced while it was
    being opened): the run has to start again on the file that is there now."""


def identity(path: str | Path) -> Identity:
    """The file's identity (inode, modification time in ns); (0, 0) when it is missing."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return (0, 0)
    return (info.st_ino, info.st_mtime_ns)


class Snapshots:
    """Connections by (path, identity), with the number of runs reading each."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: dict[tuple[str, Identity], list] = {}  # key -> [connection, runs]

    def acquire(self, path: str | Path, attempts: int = 5) -> Identity:
        """Pin the file that is at `path` now for one run; its identity."""
        path = str(path)
        threads = config.query_threads()  # a wrong value before any file is opened
        for _ in range(attempts):
            version = identity(path)
            with self._lock:
                entry = self._open.get((path, version))
                if entry is not None:
                    entry[1] += 1
                    self._close_unused(keep=(path, version))
                    return version
            # Opening may create the file or renew an old schema (a swap of its own):
            # outside the lock, since it can take a while.
            try:
                con = db.connect(path, read_only=True)
            except duckdb.IOException:
                continue  # replaced between the look and the open: look again
            if threads:
                con.execute(f"set threads = {threads}")
            if identity(path) != version:
                con.close()
                continue
            with self._lock:
                entry = self._open.setdefault((path, version), [con, 0])
                if entry[0] is not con:  # another run opened it meanwhile
                    con.close()
                entry[1] += 1
                self._close_unused(keep=(path, version))
            return version
        raise DataChanged(path)

    def release(self, path: str | Path, version: Identity) -> None:
        """The run that pinned this file has ended."""
        path = str(path)
        with self._lock:
            entry = self._open.get((path, version))
            if entry is not None:
                entry[1] -= 1
            self._close_unused(keep=(path, identity(path)))

    def connection(self, path: str | Path, version: Identity) -> duckdb.DuckDBPyConnection:
        """A cursor of its own on the pinned file's connection. The connection refuses a
        second statement while one runs (runs of several readers go on at once), where each
        cursor answers its own."""
        with self._lock:
            entry = self._open.get((str(path), version))
            if entry is None:
                raise DataChanged(str(path))
            return entry[0].cursor()

    def open_files(self) -> dict[tuple[str, Identity], int]:
        """Every file with a connection, and how many runs read it."""
        with self._lock:
            return {key: entry[1] for key, entry in self._open.items()}

    def _close_unused(self, keep: tuple[str, Identity]) -> None:
        """Close every connection no run reads, except the one to the current file."""
        for key, entry in list(self._open.items()):
            if key != keep and entry[1] <= 0:
                entry[0].close()
                del self._open[key]
