"""Loading an export uploaded on the Data page: the files are received (or one `.zip` of them
is unpacked) into a temporary folder, imported with the same function as the command line
(`nextwork.ingest.importer.import_export`), and summarised; every attempt goes to the audit log.

Only the Data page calls this, and only for an admin; this module checks that again. It
draws nothing: the page shows the `Outcome`. The tables the page shows about imports (each
site's freshness, the import history) are made here too, with what each viewer may see.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import stat
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd

from nextwork import config, formats
from nextwork.ingest import audit, contract, db, privacy, store
from nextwork.ingest.importer import ImportResult, import_export
from nextwork.present import cells
from nextwork.web import access

DEFAULT_MAX_MB = 200
DEFAULT_MAX_UNPACKED_MB = 2000
MB = 1024 * 1024  # as Streamlit counts server.maxUploadSize
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Steps of an upload, in order, as the page's progress display names them.
STEPS = ("received", "unpacked", "checking", "done")
# Files a zip made on a Mac or in Windows carries besides the export; skipped silently.
_JUNK = ("__MACOSX", "Thumbs.db", "desktop.ini")


def max_mb() -> int:
    """The largest upload, in MB, from `[upload] max_mb` in the settings."""
    return int(config.settings().get("upload", {}).get("max_mb", DEFAULT_MAX_MB))


def max_unpacked_mb() -> int:
    return int(config.settings().get("upload", {}).get("max_unpacked_mb", DEFAULT_MAX_UNPACKED_MB))


@dataclass(frozen=True)
class Received:
    """One uploaded file: its name as the browser gave it, and its bytes."""

    name: str
    data: bytes | memoryview


class Refused(Exception):
    """The upload cannot be imported at all (too large, an unsafe or broken zip, ...); the
    export was not read and nothing was changed. `code` goes into the audit log."""

    def __init__(self, code: str, da: str, en: str):
        super().__init__(en)
        self.code, self.da, self.en = code, da, en


@dataclass
class Outcome:
    """What became of one upload.

    status: accepted (imported), rejected (the export broke a rule; nothing changed),
    refused (the upload itself was unusable; nothing read) or failed (the database could
    not be written, e.g. another import held it; nothing changed)."""

    status: str
    files: list[str]
    finished_at: dt.datetime
    seconds: float
    result: ImportResult | None = None
    refusal: Refused | None = None
    ignored: list[str] = field(default_factory=list)
    counts: pd.DataFrame | None = None  # rows per table per municipality, once accepted
    failure: str = ""

    @property
    def audit_detail(self) -> str:
        """The audit line's detail: no figures about young people and no ids."""
        if self.status == "accepted":
            return "accepted: " + ", ".join(self.result.municipalities)
        if self.status == "rejected":
            return f"rejected: {self.result.count_errors} errors"
        if self.status == "refused":
            return f"refused: {self.refusal.code}"
        return f"failed: {self.failure}"


def is_export_file(name: str) -> bool:
    """Whether `name` is one of an export's files (`participants.csv`, `costs.xlsx`, ...),
    or a workbook that may hold the whole export, a sheet per table (any `.xlsx`)."""
    path = PurePosixPath(name)
    suffix = path.suffix.lower().lstrip(".")
    return not name.startswith(".") and (
        (path.stem.lower() in contract.TABLES and suffix in contract.FORMATS) or suffix == "xlsx"
    )


def _size_text(size: int, language: str) -> str:
    """Megabytes to one decimal, rounded up: a size just over a limit never reads as it."""
    return formats.number(math.ceil(size * 10 / MB) / 10, language, 1) + " MB"


# --- receiving and unpacking -------------------------------------------------------------


def unpack(
    files: Sequence[Received],
    workdir: Path,
    limit_mb: int | None = None,
    unpacked_limit_mb: int | None = None,
) -> tuple[Path, list[str]]:
    """Put the export's files from the upload into `workdir/export` and return that folder
    and the names of the files left out as not part of an export. Raise Refused when the
    upload cannot be used. Nothing is ever written outside `workdir`."""
    limit_mb = max_mb() if limit_mb is None else limit_mb
    if not files:
        raise Refused("empty", "Der er ikke valgt nogen filer.", "No files were chosen.")
    total = sum(len(f.data) for f in files)
    if total > limit_mb * MB:
        raise Refused(
            "too_large",
            f"Filerne fylder {_size_text(total, 'da')} tilsammen; der kan højst "
            f"indlæses {limit_mb} MB ad gangen. Indlæs store udtræk på kommandolinjen "
            "(`python -m nextwork import`).",
            f"The files take {_size_text(total, 'en')} together; at most {limit_mb} MB can be "
            "loaded at a time. Load large exports on the command line "
            "(`python -m nextwork import`).",
        )
    names = [PurePosixPath(f.name.replace("\\", "/")).name for f in files]
    if any(privacy.find_cpr(f.name) for f in files):
        raise _cpr_in_name()
    if any(n in ("", ".", "..") for n in names):
        raise Refused("bad_name", "Et filnavn kan ikke bruges.", "A file name cannot be used.")
    if len({n.lower() for n in names}) < len(names):
        raise Refused(
            "duplicate",
            "Den samme fil er valgt to gange.",
            "The same file was chosen twice.",
        )
    export = workdir / "export"
    export.mkdir(parents=True)
    zips = [n for n in names if n.lower().endswith(".zip")]
    if zips:
        if len(files) > 1:
            raise Refused(
                "zip_and_files",
                "Vælg enten udtrækkets filer eller én zip-fil med dem, ikke begge dele.",
                "Choose either the export's files or one zip file of them, not both.",
            )
        archive = workdir / "upload.zip"
        archive.write_bytes(files[0].data)
        unpacked_limit_mb = max_unpacked_mb() if unpacked_limit_mb is None else unpacked_limit_mb
        return export, _unzip(archive, export, unpacked_limit_mb * MB)
    ignored = []
    for name, f in zip(names, files, strict=True):
        if is_export_file(name):
            (export / name).write_bytes(f.data)
        elif not name.startswith("."):
            ignored.append(name)
    return export, ignored


def _unzip(archive: Path, export: Path, limit: int) -> list[str]:
    """Extract the export's files of `archive` into `export`, flat; return the names of the
    other files. The whole zip is refused when any entry points outside it (an absolute
    path, `..`, a drive, a link), when the export's files lie in more than one folder, or
    when it would unpack to more than `limit` bytes."""
    try:
        with zipfile.ZipFile(archive) as z:
            members = z.infolist()
            wanted, ignored = _choose(members)
            if sum(m.file_size for m in wanted) > limit:
                raise _too_big_unpacked(limit)
            written = 0
            for member in wanted:
                target = export / PurePosixPath(member.filename.replace("\\", "/")).name
                # A plain file name below `export`, by construction; checked all the same.
                if target.resolve().parent != export.resolve():
                    raise _unsafe()
                with z.open(member) as source, target.open("wb") as sink:
                    while chunk := source.read(1 << 20):
                        written += len(chunk)
                        if written > limit:  # sizes in a zip's directory can lie
                            raise _too_big_unpacked(limit)
                        sink.write(chunk)
            return ignored
    except RuntimeError as e:  # zipfile's word for an encrypted entry
        raise Refused(
            "encrypted",
            "Zip-filen er beskyttet med adgangskode; pak den ud, eller lav den uden.",
            "The zip file is password-protected; unpack it, or make it without one.",
        ) from e
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as e:
        raise Refused(
            "bad_zip",
            "Filen er ikke en hel zip-fil, som kan pakkes ud.",
            "The file is not a whole zip file that can be unpacked.",
        ) from e


def _choose(members: list[zipfile.ZipInfo]) -> tuple[list[zipfile.ZipInfo], list[str]]:
    wanted, ignored = [], []
    for member in members:
        name = member.filename.replace("\\", "/")
        parts = PurePosixPath(name).parts
        is_link = stat.S_ISLNK(member.external_attr >> 16)
        if name.startswith("/") or ".." in parts or (parts and ":" in parts[0]) or is_link:
            raise _unsafe()
        if privacy.find_cpr(name):
            raise _cpr_in_name()
        if member.is_dir() or not parts:
            continue
        if any(p.startswith(".") or p in _JUNK for p in parts):
            continue
        if is_export_file(parts[-1]):
            wanted.append(member)
        else:
            ignored.append(name)
    folders = {PurePosixPath(m.filename.replace("\\", "/")).parent for m in wanted}
    if len(folders) > 1:
        raise Refused(
            "folders",
            "Zip-filen har udtræksfiler i flere mapper ("
            + ", ".join(sorted(str(f) for f in folders))
            + "); læg ét udtræk i hver zip-fil.",
            "The zip file has export files in more than one folder ("
            + ", ".join(sorted(str(f) for f in folders))
            + "); put one export in each zip file.",
        )
    names = [PurePosixPath(m.filename.replace("\\", "/")).name.lower() for m in wanted]
    if len(set(names)) < len(names):
        raise Refused(
            "duplicate",
            "Zip-filen har den samme fil to gange.",
            "The zip file holds the same file twice.",
        )
    return wanted, ignored


def _cpr_in_name() -> Refused:
    # The name is not repeated: it would show the number on the page.
    return Refused(
        "cpr_in_name",
        "Et filnavn (eller en mappe i zip-filen) indeholder et CPR-nummer. Omdøb den, og "
        "indlæs igen; CPR-numre må kun stå i kolonnen cpr eller som et helt participant_id.",
        "A file name (or a folder in the zip file) holds a CPR number. Rename it and load "
        "again; CPR numbers may only be given in the cpr column or as a whole participant_id.",
    )


def _unsafe() -> Refused:
    return Refused(
        "unsafe_path",
        "Zip-filen er afvist: den har stier, der peger uden for den selv (som `../` eller en "
        "absolut sti) eller genveje. Intet er pakket ud.",
        "The zip file was refused: it has paths that point outside it (such as `../` or an "
        "absolute path) or links. Nothing was unpacked.",
    )


def _too_big_unpacked(limit: int) -> Refused:
    mb = limit // MB
    return Refused(
        "too_large_unpacked",
        f"Zip-filen fylder mere end {mb} MB udpakket; indlæs den på kommandolinjen.",
        f"The zip file unpacks to more than {mb} MB; load it on the command line.",
    )


# --- the import ---------------------------------------------------------------------------


def load(
    files: Sequence[Received],
    db_path: str | Path,
    viewer: access.Viewer,
    progress: Callable[[str], None] | None = None,
    limit_mb: int | None = None,
    lock_timeout: float | None = None,
) -> Outcome:
    """Unpack the upload, import it into `db_path`, and say what became of it. `progress`
    is told each step of STEPS as it begins (`done` when all is over). The attempt is
    written to the audit log with the admin's email and scope, whatever its end."""
    if viewer.role != "admin" or not viewer.signed_in:
        raise PermissionError("only a signed-in administrator may load data")
    db_path = Path(db_path)
    step = progress or (lambda _: None)
    started = time.perf_counter()
    names = [privacy.mask_cpr_like(f.name) for f in files]  # a name with one is refused
    outcome = Outcome("failed", names, dt.datetime.now(), 0.0)
    step("received")
    try:
        with tempfile.TemporaryDirectory(prefix="nextwork-upload-") as workdir:
            try:
                export, outcome.ignored = unpack(files, Path(workdir), limit_mb)
            except Refused as e:
                outcome.status, outcome.refusal = "refused", e
            else:
                step("unpacked")
                step("checking")
                source = ("upload: " + ", ".join(names))[:300]
                result = import_export(db_path, export, source=source, lock_timeout=lock_timeout)
                outcome.result = result
                outcome.status = "accepted" if result.ok else "rejected"
                if result.ok:
                    outcome.counts = rows_per_municipality(db_path, result.municipalities)
    except store.Busy:
        outcome.failure = "busy"
    except OSError as e:
        outcome.failure = type(e).__name__
    except BaseException as e:  # logged as an attempt all the same, then raised
        outcome.failure = type(e).__name__
        audit.record("import", viewer.email, viewer.describe(), outcome.audit_detail, db_path)
        raise
    outcome.finished_at = dt.datetime.now()
    outcome.seconds = time.perf_counter() - started
    audit.record("import", viewer.email, viewer.describe(), outcome.audit_detail, db_path)
    step("done")
    return outcome


def rows_per_municipality(db_path: Path, municipalities: list[str]) -> pd.DataFrame:
    """The rows stored per table for each of `municipalities`, as the database holds them."""
    con = db.connect(db_path, read_only=True)
    try:
        return db.run(con, "rows_per_municipality", {"municipalities": municipalities})
    finally:
        con.close()


def problems(result: ImportResult) -> pd.DataFrame:
    """Every problem of an import, errors first: kind, file, row, column, message. Row 0 is
    the file as a whole, row 1 its header."""
    rows = [("error", p.file, p.row, p.column, p.message) for p in result.errors]
    rows += [("warning", p.file, p.row, p.column, p.message) for p in result.warnings]
    return pd.DataFrame(rows, columns=["kind", "file", "row", "column", "message"])


# --- freshness and history -----------------------------------------------------------------


def freshness(frame: pd.DataFrame, today: dt.date, visible: list[str]) -> pd.DataFrame:
    """Each site's last accepted import (from `data_freshness`) and how many days ago, for
    the sites the viewer may select (a manager's own)."""
    frame = frame[frame["municipality"].isin(visible)]
    return pd.DataFrame(
        {
            "municipality": list(frame["municipality"]),
            "imported_at": list(frame["imported_at"]),
            "days_ago": [(today - t.date()).days for t in frame["imported_at"]],
        }
    )


def history(
    entries: list[dict], viewer: access.Viewer, everyone: list[str], language: str
) -> pd.DataFrame:
    """The import log (`importer.import_log`), newest first: time, status, municipalities,
    files with their rows, errors and warnings; for an admin also the source and the report.

    A manager sees the imports of their own municipalities and those that name none (the
    rejected ones), and no other municipality's name.

    A file's rows count the young people, companies and so on of its municipalities, so
    they are shown only to a viewer who sees all of those municipalities exactly, and not at
    all otherwise: an exact count beside the perturbed figures would pin them down, and two
    imports in a row would give the young people who came in between (an import naming no
    municipality, a rejected one, counts as all municipalities)."""
    visible = set(viewer.visible_scope(everyone))
    exact = set(viewer.exact_scope(everyone))
    rows = []
    for entry in reversed(entries):
        towns = list(entry.get("municipalities") or [])
        if towns and not set(towns) & visible:
            continue
        shows = viewer.sees_all_exactly or bool(towns and set(towns) <= exact)
        files = json.loads(entry.get("files") or "[]")
        row = {
            "finished_at": entry["finished_at"],
            "status": entry["status"],
            "municipalities": ", ".join(m for m in towns if m in visible) or "–",
            "files": " · ".join(
                f["file"] + (f" ({formats.number(f['rows'], language)})" if shows else "")
                for f in files
            ),
            "count_errors": entry["count_errors"],
            "count_warnings": entry["count_warnings"],
        }
        if viewer.role == "admin":
            row["source"] = entry.get("source") or ""
            row["report"] = entry.get("report") or ""
        rows.append(row)
    columns = ["finished_at", "status", "municipalities", "count_errors", "count_warnings"]
    columns += ["files"] + (["source", "report"] if viewer.role == "admin" else [])
    return pd.DataFrame(rows, columns=columns)


# --- files of tables that hold no figures about young people -------------------------------


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as a CSV file for Danish Excel (semicolons, decimal commas, a BOM), its text
    cells safe from formula injection (`nextwork.present.cells`)."""
    return cells.safe_frame(frame).to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, sheet: str) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        cells.safe_frame(frame).to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()
