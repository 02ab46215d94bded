"""Importing an activity export: read, validate against the contract, and replace snapshots.

An import is all or nothing. The files are read and checked in a scratch in-memory
database (`validation`, then `linking` across the files); only a fully valid export is
written (`writing`), in one transaction that replaces the snapshot of every municipality
named in its participants and companies. The database file the app reads is never written
in place: the transaction runs on a copy that then replaces it atomically, one import at a
time (see `nextwork.ingest.store`).

Every attempt is logged (`nextwork.ingest.importer.import_log`). This module is the entry point: the
command line, the app and the tests import from here.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from nextwork.ingest import privacy
from nextwork.ingest.contract import TABLES
from nextwork.ingest.importer.import_log import (
    import_log,
    log_entry,
    log_rejected,
    rejected_log_path,
)
from nextwork.ingest.importer.linking import ExportChecker
from nextwork.ingest.importer.messages import CPR_IN_SOURCE, MAX_REPORTED, ExportRejected, Problem
from nextwork.ingest.importer.signature import (
    DEMO_MARKER,
    demo_signed,
    is_signed_demo,
    sign_demo_export,
)
from nextwork.ingest.importer.writing import write

__all__ = [
    "DEMO_MARKER",
    "MAX_REPORTED",
    "ImportResult",
    "Problem",
    "import_export",
    "import_log",
    "is_signed_demo",
    "rejected_log_path",
    "sign_demo_export",
]

_TABLE_ORDER = list(TABLES)


@dataclass
class ImportResult:
    ok: bool
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    municipalities: list[str] = field(default_factory=list)
    row_counts: dict[str, int] = field(default_factory=dict)
    import_id: int | None = None
    # Problems found beyond the first MAX_LISTED of one check: counted, not listed.
    unlisted_errors: int = 0
    unlisted_warnings: int = 0

    @property
    def count_errors(self) -> int:
        return len(self.errors) + self.unlisted_errors

    @property
    def count_warnings(self) -> int:
        return len(self.warnings) + self.unlisted_warnings

    def report(self, limit: int = MAX_REPORTED) -> list[str]:
        """The problems as lines, errors first, at most `limit` then a count of the rest."""
        lines = [f"error: {p}" for p in self.errors] + [f"warning: {p}" for p in self.warnings]
        total = self.count_errors + self.count_warnings
        if total > limit:
            lines = lines[:limit]
            lines.append(f"... and {total - len(lines)} more problems")
        return lines


def import_export(
    db_path: str | Path,
    export_dir: str | Path,
    key_file: str | Path | None = None,
    today: dt.date | None = None,
    source: str | None = None,
    lock_timeout: float | None = None,
) -> ImportResult:
    """Validate the export in `export_dir` and, if it is valid, load it into `db_path`.

    The one entry point for the command line and the app. It reports every problem of the
    export in its result and raises only when the database cannot be written: `store.Busy`
    when another import holds the lock for more than `lock_timeout` seconds (default
    $NEXTWORK_LOCK_TIMEOUT or five minutes), OSError when the disk fails. Readers keep
    seeing the old data until the new file is in place, and then the new data.
    """
    export_dir, db_path = Path(export_dir), Path(db_path)
    today = today or dt.date.today()
    started = dt.datetime.now()
    checker = ExportChecker(export_dir, Path(key_file) if key_file else None, today)
    result = ImportResult(ok=False)
    try:
        with tempfile.TemporaryDirectory(prefix="nextwork-import-") as workdir:
            try:
                checker.find_files()
                checker.read_files(Path(workdir))
                checker.type_tables()
                checker.pseudonymise()
                checker.cross_checks()
                checker.warnings_after_checks()
                checker.is_demo = demo_signed(checker)
            except ExportRejected as e:
                checker.error(str(export_dir), 0, "-", str(e))
            source = source or str(export_dir)
            if privacy.find_cpr(source):
                checker.cpr_error(source, 0, "-", CPR_IN_SOURCE)
            source = privacy.mask_cpr_like(source)  # as the log keeps it
            result.errors = sorted(checker.errors, key=_problem_order)
            result.warnings = sorted(checker.warnings, key=_problem_order)
            result.unlisted_errors = checker.unlisted["error"]
            result.unlisted_warnings = checker.unlisted["warning"]
            result.row_counts = {n: f.rows for n, f in checker.files.items()}
            if not result.errors:
                result.municipalities = checker.municipalities()
                write(checker, db_path, result, started, source, lock_timeout)
                result.ok = True
            else:
                entry = log_entry(result, checker, started, source, "rejected")
                result.import_id = log_rejected(db_path, entry, lock_timeout)
    finally:
        checker.close()
    return result


def _problem_order(p: Problem):
    table = p.file.split(".")[0].lower()
    position = _TABLE_ORDER.index(table) if table in _TABLE_ORDER else len(_TABLE_ORDER)
    return (position, p.file, p.row)
