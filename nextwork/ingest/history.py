"""Undoing an import: each accepted import keeps the database file it replaces, and an
earlier version can be swapped back in.

The swap (`nextwork.ingest.store.replacing`) already writes every new version to a new file, so
the replaced file is still whole when the new one goes in: it is kept by a hard link in
`<db>.history/` (no copy, no extra time), with a small JSON file saying when and by what it
was replaced. The newest N are kept (`[history] keep` in the settings, or
$NEXTWORK_HISTORY_KEEP; default 5); older ones are removed as the next import is kept.

A restore takes the writer's lock, copies the chosen version to a new file and swaps it in
like an import, keeping the version it replaces, so a restore can itself be undone. Readers
move over on their next run, as after an import: a page drawn meanwhile shows one whole
version, old or new, never a mix.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from nextwork import i18n
from nextwork.ingest import db, store

KEEP_ENV = "NEXTWORK_HISTORY_KEEP"
DEFAULT_KEEP = 5
TABLES = ("participants", "companies", "placements", "activities", "outcomes", "costs")
_ID = re.compile(r"[0-9]{8}T[0-9]{6}-[0-9]{6}")


class NoSuchVersion(KeyError):
    """The id names no kept version."""

    def __str__(self) -> str:
        return str(self.args[0])


def keep_count() -> int:
    """How many earlier versions to keep: $NEXTWORK_HISTORY_KEEP, else `[history] keep` in
    the settings, else 5 (0 keeps none)."""
    from nextwork import config

    text = os.environ.get(KEEP_ENV, "").strip()
    value = text or config.settings().get("history", {}).get("keep", DEFAULT_KEEP)
    try:
        count = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"the number of versions to keep is not a number: {value!r}") from None
    if count < 0:
        raise ValueError(f"the number of versions to keep cannot be negative: {count}")
    return count


def history_dir(db_path: str | Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".history")


def kept_files(db_path: str | Path) -> list[Path]:
    folder = history_dir(db_path)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if _ID.fullmatch(p.stem))


@dataclass
class Version:
    """One kept earlier version: the database as it was until `replaced_at`, when `what`
    replaced it (an import or a restore)."""

    id: str
    replaced_at: dt.datetime
    what: dict
    path: Path
    changes: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)

    def describe(self, lang: str = "en", source: bool = True) -> str:
        """What replaced this version, in `lang` (da or en); `source` adds where an
        import came from."""
        what = self.what
        if what.get("action") == "restore":
            return i18n.t(lang, "gendannelse af ", "restore of ") + str(what.get("restored"))
        sites = ", ".join(what.get("municipalities", [])) or "-"
        if what.get("action") == "trial":
            text = i18n.t(lang, "forsøgsresultater: ", "trial results: ") + sites
            if source and what.get("source"):
                text += i18n.t(lang, " fra ", " from ") + str(what["source"])
            return text
        number = what.get("import_id")
        text = f"{'indlæsning' if lang == 'da' else 'import'} {number}: {sites}"
        if source and what.get("source"):
            text += i18n.t(lang, " fra ", " from ") + str(what["source"])
        return text


def _new_id(folder: Path) -> str:
    now = dt.datetime.now()
    stamp = now.strftime("%Y%m%dT%H%M%S")
    micro = now.microsecond
    while (folder / f"{stamp}-{micro:06d}.duckdb").exists():
        micro = (micro + 1) % 1_000_000
    return f"{stamp}-{micro:06d}"


def keep(db_path: Path, what: dict) -> str | None:
    """Keep the live file `db_path` (about to be replaced; the caller holds the lock) as
    an earlier version, and remove the oldest beyond the number to keep. Return its id."""
    count = keep_count()
    if count == 0 or not db_path.exists():
        return None
    folder = history_dir(db_path)
    folder.mkdir(exist_ok=True)
    with contextlib.suppress(OSError):  # open to those the database's folder is open to
        os.chmod(
            folder,
            os.stat(db_path.parent).st_mode & (0o2770 if store.file_mode() & 0o040 else 0o700),
        )
    version = _new_id(folder)
    target = folder / f"{version}.duckdb"
    try:
        os.link(db_path, target)  # the same file, kept under a second name: no copy
    except OSError:
        shutil.copyfile(db_path, target)
        store.restrict(target, db_path)
    info = {"id": version, "replaced_at": dt.datetime.now().isoformat(timespec="seconds")}
    info["what"] = what
    store.write_atomically(folder / f"{version}.json", json.dumps(info).encode("utf-8"))
    _prune(db_path, count)
    return version


def _prune(db_path: Path, count: int) -> None:
    files = [p for p in kept_files(db_path) if p.suffix == ".duckdb"]
    for old in files[: max(0, len(files) - count)]:
        old.with_suffix(".json").unlink(missing_ok=True)
        old.unlink(missing_ok=True)


def _rows(path: Path) -> dict[str, dict[str, int]]:
    """Rows per municipality and table in one database file."""
    con = db.open_read_only(path)
    try:
        frame = db.run(con, "stored_rows_per_site", {})
    finally:
        con.close()
    out: dict[str, dict[str, int]] = {}
    for row in frame.itertuples():
        out.setdefault(row.municipality, {})[row.table_name] = int(row.count_rows)
    return out


def versions(db_path: str | Path, with_changes: bool = True) -> list[Version]:
    """The kept versions, newest first; with `with_changes`, each with the rows per site
    and table that changed when it was replaced (its rows, and the next version's)."""
    db_path = Path(db_path)
    out = []
    for path in kept_files(db_path):
        if path.suffix != ".duckdb":
            continue
        try:
            info = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            replaced_at = dt.datetime.fromisoformat(info["replaced_at"])
        except (OSError, ValueError, KeyError):
            info, replaced_at = {}, dt.datetime.fromtimestamp(path.stat().st_mtime)
        out.append(Version(path.stem, replaced_at, info.get("what", {}), path))
    out.reverse()
    if with_changes:
        after = _rows(db_path) if db_path.exists() else {}
        for version in out:
            before = _rows(version.path)
            for site in sorted(set(before) | set(after)):
                changed = {
                    table: (before.get(site, {}).get(table, 0), after.get(site, {}).get(table, 0))
                    for table in TABLES
                }
                changed = {t: c for t, c in changed.items() if c[0] != c[1]}
                if changed:
                    version.changes[site] = changed
            after = before
    return out


def restore(
    db_path: str | Path,
    version: str,
    who: str | None,
    scope: str,
    lock_timeout: float | None = None,
) -> str | None:
    """Swap the kept `version` back in as the database, under the writer's lock, keeping
    the version it replaces (returned: its id), and write it to the audit log."""
    from nextwork.ingest import audit

    db_path = Path(db_path)
    if not _ID.fullmatch(version or ""):
        raise NoSuchVersion(f"no kept version {version!r} of {db_path}")
    source = history_dir(db_path) / f"{version}.duckdb"
    what = {"action": "restore", "restored": version}
    with store.locked(db_path, lock_timeout):
        if not source.exists():
            raise NoSuchVersion(f"no kept version {version!r} of {db_path}")
        with store.replacing(db_path, keep=what, source=source):
            pass
        kept = what.get("kept")
    audit.record("restore", who, scope, f"{version} (kept {kept})", database=db_path)
    return kept
