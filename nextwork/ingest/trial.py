"""The trial file: the randomised trial's register results as aggregates, read, checked and
loaded.

The researchers export from the statistics agency one row per municipality, arm and week
since randomisation: how many young people were randomised to the arm and how many of them
were in job or education that week (empty where the agency suppressed a small cell). The
file is read by the export's readers (CSV with `;` or `,`, UTF-8 or Windows-1252, or a
workbook), checked row by row with messages that name the file, row and column, and loaded
all or nothing: a valid file replaces the stored trial results whole, through the same lock,
copy and atomic swap as an import (`nextwork.ingest.store`); a file with any error changes nothing.

Every row gets two random keys for the disclosure control: one for its count in job or
education, and one shared by every week of its municipality, arm and cohort for the number
randomised (the same people every week, so the same noise every week); the optional
count on benefits has a key of its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from nextwork.ingest import db, privacy, store
from nextwork.ingest.importer.messages import MAX_REPORTED, Problem, echo, problem
from nextwork.ingest.readers import ReadError, read_into

REQUIRED = ("municipality", "arm", "weeks", "randomised", "in_job_or_education")
OPTIONAL = ("in_job", "in_education", "on_benefits", "cohort")
COUNTS = ("in_job_or_education", "in_job", "in_education", "on_benefits")
ARMS = {
    "nextwork": "nextwork",
    "indsats": "nextwork",
    "control": "control",
    "kontrol": "control",
}
MAX_WEEKS = 260
FORMATS = (".csv", ".xlsx")
# A whole number, also as a spreadsheet writes it ("10,0", "10.00"); not with a fraction of
# exactly three zeros: "1.000" is a thousand in Danish and a one elsewhere, so it is refused.
_WHOLE = re.compile(r"[+-]?[0-9]{1,15}([.,](0{1,2}|0{4,}))?")
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}([.,][0-9]{3})+")
_KEY_RANGE = 1 << 24


@dataclass
class TrialResult:
    ok: bool
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rows: int = 0
    municipalities: list[str] = field(default_factory=list)

    def report(self, limit: int = MAX_REPORTED) -> list[str]:
        lines = [f"error: {p}" for p in self.errors] + [f"warning: {p}" for p in self.warnings]
        if len(lines) > limit:
            rest = len(lines) - limit
            lines = lines[:limit] + [f"... and {rest} more problems"]
        return lines


def _municipality_names() -> dict[str, str]:
    names = db.municipality_table()
    out = {}
    for code, name in zip(names["code"], names["name"], strict=True):
        for key in (name, f"{name} kommune", str(code), f"{code:03d}"):
            out[key.lower()] = name
    out.update(
        {
            "copenhagen": "København",
            "københavns kommune": "København",
            "århus": "Aarhus",
            "aarhus kommune": "Aarhus",
        }
    )
    return out


def _not_whole(text: str) -> str:
    """The reason `text` is not read as a whole number."""
    if _GROUPED.fullmatch(text):
        return f"{echo(text)} is not a whole number (write it without a thousands separator)"
    return f"{echo(text)} is not a whole number"


def _whole(text: str) -> int | None:
    if not _WHOLE.fullmatch(text):
        return None
    return int(re.split(r"[.,]", text)[0])


def read(path: Path, name: str | None = None) -> tuple[pd.DataFrame | None, TrialResult]:
    """The file's rows, typed, when it breaks no rule; else None and every problem."""
    path = Path(path)
    name = name or path.name
    result = TrialResult(ok=False)

    def error(row: int, column: str, message: str) -> None:
        result.errors.append(problem(name, row, column, message))

    if privacy.find_cpr(name):
        error(0, "-", "the file's name holds a CPR number; rename the file")
        return None, result
    if path.suffix.lower() not in FORMATS:
        error(0, "-", "not a trial file (.csv or .xlsx)")
        return None, result
    con = duckdb.connect(":memory:")
    try:
        with tempfile.TemporaryDirectory(prefix="nextwork-trial-") as workdir:
            try:
                read_result = read_into(
                    con, path, "raw", Path(workdir), columns=REQUIRED + OPTIONAL
                )
            except ReadError as e:
                error(1, "-", str(e))
                return None, result
            for row, column, message in read_result.structural:
                error(row, column, message)
            if read_result.structural:
                return None, result
            columns = read_result.columns
            # The row's number in the file (header = 1), as the readers give it or in order.
            stored = {r[1] for r in con.execute("pragma table_info('raw')").fetchall()}
            raw = con.execute(
                "select * from raw order by _row"
                if "_row" in stored
                else "select *, (rowid + 2)::bigint as _row from raw order by rowid"
            ).df()
    finally:
        con.close()
    for i, column in enumerate(columns, start=1):
        if privacy.find_cpr(column):
            error(1, f"column {i}", "the column's name holds a CPR number; rename or remove it")
        elif column not in REQUIRED + OPTIONAL:
            result.warnings.append(problem(name, 1, column, "unknown column; ignored"))
    for column in REQUIRED:
        if column not in columns:
            error(1, column, "required column is missing")
    if result.errors:
        return None, result
    if raw.empty:
        error(2, "-", "the file has no rows")
        return None, result
    rows = _typed_rows(raw, columns, error)
    if not result.errors:
        _cross_checks(rows, error)
    if result.errors:
        return None, result
    frame = pd.DataFrame(rows).drop(columns="_row")
    result.rows = len(frame)
    result.municipalities = sorted(frame["municipality"].unique())
    return frame, result


def _text(value) -> str:
    return "" if value is None or pd.isna(value) else str(value).strip()


def _typed_rows(raw: pd.DataFrame, columns: list[str], error) -> list[dict]:
    municipalities = _municipality_names()
    out = []
    for record in raw.to_dict("records"):
        row = int(record["_row"])
        cells = {c: _text(record.get(c)) for c in columns}
        for column, text in cells.items():
            if text and privacy.find_cpr(text):
                error(row, column, "holds a CPR number, which has no place in a trial file")
        typed: dict = {"_row": row}
        text = cells["municipality"]
        typed["municipality"] = municipalities.get(text.lower())
        if not text:
            error(row, "municipality", "a value is required")
        elif typed["municipality"] is None:
            error(
                row,
                "municipality",
                f"{echo(text)} is not a Danish municipality (a name such as Roskilde or a "
                "code such as 265)",
            )
        text = cells["arm"]
        typed["arm"] = ARMS.get(text.lower())
        if not text:
            error(row, "arm", "a value is required")
        elif typed["arm"] is None:
            error(row, "arm", f"{echo(text)} is not one of nextwork, control (indsats, kontrol)")
        text = cells["weeks"]
        typed["weeks"] = _whole(text)
        if not text:
            error(row, "weeks", "a value is required")
        elif typed["weeks"] is None:
            error(row, "weeks", _not_whole(text))
        elif not 0 <= typed["weeks"] <= MAX_WEEKS:
            error(row, "weeks", f"{echo(text)} is outside 0 to {MAX_WEEKS}")
        text = cells["randomised"]
        typed["randomised"] = _whole(text)
        if not text:
            error(row, "randomised", "a value is required")
        elif typed["randomised"] is None:
            error(row, "randomised", _not_whole(text))
        elif typed["randomised"] < 1:
            error(row, "randomised", f"{echo(text)} is less than 1")
        n = typed["randomised"] if (typed["randomised"] or 0) >= 1 else None
        for column in COUNTS:
            text = cells.get(column, "")
            typed[column] = _whole(text) if text else None
            if text and typed[column] is None:
                error(row, column, _not_whole(text) + " (or empty)")
            elif typed[column] is not None and typed[column] < 0:
                error(row, column, f"{echo(text)} is less than 0")
            elif typed[column] is not None and n is not None and typed[column] > n:
                error(row, column, f"{echo(text)} is more than randomised ({n})")
        typed["cohort"] = cells.get("cohort") or None
        out.append(typed)
    return out


def _cross_checks(rows: list[dict], error) -> None:
    """One row per municipality, arm, week and cohort; both arms for every municipality."""
    seen: dict[tuple, int] = {}
    arms: dict[tuple, set[str]] = {}
    first_row: dict[tuple, int] = {}
    for r in rows:
        key = (r["municipality"], r["arm"], r["weeks"], r["cohort"])
        if key in seen:
            error(
                r["_row"],
                "weeks",
                f"the same municipality, arm, week and cohort as row {seen[key]}; give each once",
            )
        else:
            seen[key] = r["_row"]
        site = (r["municipality"], r["cohort"])
        arms.setdefault(site, set()).add(r["arm"])
        first_row.setdefault(site, r["_row"])
    for (municipality, cohort), found in arms.items():
        missing = {"nextwork", "control"} - found
        if missing:
            label = municipality + (f" (cohort {cohort})" if cohort else "")
            error(
                first_row[(municipality, cohort)],
                "arm",
                f"{label} has no rows for the arm {', '.join(sorted(missing))}; "
                "the trial compares both arms",
            )


def _with_keys(frame: pd.DataFrame) -> pd.DataFrame:
    """The disclosure control's random keys (see the module's docstring)."""
    rng = random.SystemRandom()
    out = frame.copy()
    groups = {
        g: rng.randrange(_KEY_RANGE)
        for g in out[["municipality", "arm", "cohort"]].astype(str).itertuples(index=False)
    }
    out["key_randomised"] = [
        groups[g]
        for g in out[["municipality", "arm", "cohort"]].astype(str).itertuples(index=False)
    ]
    out["key_in_job_or_education"] = [rng.randrange(_KEY_RANGE) for _ in range(len(out))]
    out["key_on_benefits"] = [rng.randrange(_KEY_RANGE) for _ in range(len(out))]
    return out


def load(
    db_path: str | Path,
    path: str | Path,
    source: str | None = None,
    lock_timeout: float | None = None,
    name: str | None = None,
) -> TrialResult:
    """Check the trial file at `path` and, when it breaks no rule, replace the stored trial
    results with it (under the writer's lock, through an atomic swap). `name` is what the
    problems call the file (default its own name); `source` what the log keeps."""
    db_path, path = Path(db_path), Path(path)
    frame, result = read(path, name=name or path.name)
    source = privacy.mask_cpr_like(source or str(path))
    if frame is None:
        return result
    started = dt.datetime.now()
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    keyed = _with_keys(frame)
    with store.locked(db_path, lock_timeout):
        kept = {"action": "trial", "source": source, "municipalities": result.municipalities}
        with store.replacing(db_path, keep=kept) as work:
            con = db.connect(work)
            try:
                con.execute("begin transaction")
                con.execute("delete from trial_results")
                con.register("trial_frame", keyed)
                con.execute(
                    "insert into trial_results by name select municipality, arm, weeks, "
                    "cohort, randomised, in_job_or_education, in_job, in_education, "
                    "on_benefits, key_randomised, key_in_job_or_education, key_on_benefits "
                    "from trial_frame"
                )
                con.unregister("trial_frame")
                load_id = 1 + db.scalar(con, "select coalesce(max(load_id), 0) from trial_loads")
                con.execute(
                    "insert into trial_loads values ($id, $started, $finished, $source, $rows, "
                    "$municipalities, $sha256, $warnings)",
                    {
                        "id": load_id,
                        "started": started,
                        "finished": dt.datetime.now(),
                        "source": source,
                        "rows": result.rows,
                        "municipalities": result.municipalities,
                        "sha256": sha,
                        "warnings": json.dumps([str(w) for w in result.warnings]),
                    },
                )
                con.execute("commit")
                con.execute("checkpoint")
            finally:
                con.close()
    result.ok = True
    return result


def upload(
    name: str, data: bytes, db_path: str | Path, viewer, lock_timeout: float | None = None
) -> TrialResult:
    """A trial file uploaded on the Data page: checked and loaded as by `load`, and written to
    the audit log with the administrator's email and scope, whatever its end."""
    from nextwork.ingest import audit

    name = Path(name).name
    if viewer.role != "admin" or not viewer.signed_in:
        raise PermissionError("only a signed-in administrator may load data")
    shown = privacy.mask_cpr_like(name)
    detail = f"trial results rejected: {shown}"
    try:
        with tempfile.TemporaryDirectory(prefix="nextwork-trial-upload-") as workdir:
            # Saved under a plain name: the uploaded one is checked (and reported) as given.
            path = Path(workdir) / ("trial" + Path(name).suffix.lower())
            path.write_bytes(data)
            result = load(
                db_path, path, source=f"upload: {shown}", name=name, lock_timeout=lock_timeout
            )
            if result.ok:
                detail = f"trial results accepted: {', '.join(result.municipalities)}"
    finally:
        audit.record("import", viewer.email, viewer.describe(), detail, Path(db_path))
    return result


def problems(result: TrialResult) -> pd.DataFrame:
    """The problems as a table: kind, file, row, column, message."""
    rows = [("error", p.file, p.row, p.column, p.message) for p in result.errors]
    rows += [("warning", p.file, p.row, p.column, p.message) for p in result.warnings]
    return pd.DataFrame(rows, columns=["kind", "file", "row", "column", "message"])
