"""Reading an export's files into checked tables, row by row.

The files are read into a scratch in-memory database; each cell is trimmed and parsed by the
contract, and every cell that fails a check is reported with its file, row, column and the
reason. What is checked across files (identities, duplicates, references) is in
`nextwork.ingest.importer.linking`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from nextwork.ingest import contract, db, privacy
from nextwork.ingest.contract import TABLES
from nextwork.ingest.importer.messages import (
    CPR_IN_CELL,
    CPR_IN_FILE_NAME,
    CPR_IN_HEADER,
    CPR_IN_PARTICIPANT_ID,
    CPR_IN_SHEET_NAME,
    MAX_LISTED,
    ExportRejected,
    Problem,
    echo,
    problem,
)
from nextwork.ingest.importer.signature import sha256_of
from nextwork.ingest.importer.value_sql import P_NUMBER, SQL_TYPES, lit, parse_expr, type_message
from nextwork.ingest.readers import ReadError, quote, read_into, sheet_names


@dataclass
class SourceFile:
    """One file of the export (or one sheet of a workbook holding it all), as read."""

    table: str
    path: Path
    name: str
    columns: list[str] = field(default_factory=list)
    delimiter: str | None = None
    rows: int = 0
    sha256: str = ""
    sheet: str | None = None  # the table's sheet in a workbook holding the whole export


def label(f: SourceFile, column: str) -> str:
    """How a problem names a column: by its name, or by its place when the name holds a
    CPR number."""
    if column in f.columns and privacy.find_cpr(column):
        return f"column {f.columns.index(column) + 1}"
    return column


class RowChecker:
    """Reads and checks one export in a scratch in-memory database, file by file and row by
    row; `nextwork.ingest.importer.linking.ExportChecker` adds the checks across files."""

    def __init__(self, export_dir: Path, key_file: Path | None, today: dt.date):
        self.dir = export_dir
        self.key_file = key_file
        self.today = today
        self.con = duckdb.connect(":memory:")
        # Row order is how rows are numbered; a cap on memory makes a national export
        # spill to the import's own temporary folder instead of growing without bound.
        self.con.execute("set preserve_insertion_order = true")
        self.con.execute("set enable_progress_bar = false")
        self.con.execute("set memory_limit = '2GB'")
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.unlisted = {"error": 0, "warning": 0}
        self.files: dict[str, SourceFile] = {}
        self.unreadable: set[str] = set()
        # (file, row, column) of each cell reported as holding a CPR number
        self.cpr_cells: set[tuple[str, int, str]] = set()
        self._reference_tables()

    def close(self) -> None:
        self.con.close()

    def _reference_tables(self) -> None:
        names = db.municipality_table()
        rows = []
        for code, name in zip(names["code"], names["name"], strict=True):
            for key in (name, f"{name} kommune", str(code), f"{code:03d}"):
                rows.append((key.lower(), name))
        rows += [
            ("copenhagen", "København"),
            ("københavns kommune", "København"),
            ("århus", "Aarhus"),
            ("aarhus kommune", "Aarhus"),
        ]
        self.con.register(
            "m_arrow", pa.table({"key": [r[0] for r in rows], "municipality": [r[1] for r in rows]})
        )
        self.con.execute(
            "create table municipality_names as select distinct key, municipality from m_arrow"
        )
        self.con.unregister("m_arrow")
        sections = [(k.lower(), k) for k in contract.DB07_SECTIONS]
        sections += [(v.lower(), k) for k, v in contract.DB07_SECTIONS.items()]
        self.con.register(
            "i_arrow",
            pa.table({"key": [s[0] for s in sections], "section": [s[1] for s in sections]}),
        )
        self.con.execute("create table industry_names as select * from i_arrow")
        self.con.unregister("i_arrow")

    def error(self, file: str, row: int, column: str, message: str) -> None:
        if (file, row, column) in self.cpr_cells:
            return  # the cell's CPR number is reported; one message a cell
        self.errors.append(problem(file, row, column, message))

    def warn(self, file: str, row: int, column: str, message: str) -> None:
        if (file, row, column) in self.cpr_cells:
            return
        self.warnings.append(problem(file, row, column, message))

    def cpr_error(self, file: str, row: int, column: str, message: str) -> None:
        self.errors.append(problem(file, row, column, message))
        self.cpr_cells.add((file, row, column))

    def problem_rows(self, query: str, order: str, kind: str = "error") -> list[tuple]:
        """The first MAX_LISTED rows of `query` (one per problem) in `order`; the rows
        beyond them are added to the count of unlisted problems."""
        rows = self.con.execute(
            f"select *, count(*) over () from ({query}) order by {order} limit {MAX_LISTED}"
        ).fetchall()
        if rows:
            self.unlisted[kind] += rows[0][-1] - len(rows)
        return [row[:-1] for row in rows]

    # -- files

    def find_files(self) -> None:
        if not self.dir.is_dir():
            raise ExportRejected(f"{self.dir}: not a folder")
        found: dict[str, list[SourceFile]] = {}
        for path in sorted(self.dir.iterdir()):
            if path.name.startswith(".") or not path.is_file():
                continue
            stem, suffix = path.stem.lower(), path.suffix.lower().lstrip(".")
            if privacy.find_cpr(path.name):
                # Never an export's own file (their names are fixed); the name is masked.
                self.cpr_error(path.name, 0, "-", CPR_IN_FILE_NAME)
                continue
            sheets = (
                [s for s in sheet_names(path) if s.strip().lower() in TABLES]
                if suffix == "xlsx" and stem not in TABLES
                else []
            )
            if stem in TABLES and suffix in contract.FORMATS:
                found.setdefault(stem, []).append(SourceFile(stem, path, path.name))
            elif sheets:
                # One workbook with a sheet per table (such as the template workbook).
                for sheet in sheets:
                    name = sheet.strip().lower()
                    found.setdefault(name, []).append(
                        SourceFile(name, path, f"{path.name}[{sheet}]", sheet=sheet)
                    )
            else:
                self.warn(path.name, 0, "-", "not a file of the export; ignored")
        for name, table in TABLES.items():
            files = found.get(name, [])
            if len(files) > 1:
                listed = ", ".join(f.name for f in files)
                self.error(f"{name}.*", 0, "-", f"more than one format given ({listed}); keep one")
            elif not files and table.required:
                self.error(
                    f"{name}.*", 0, "-", f"required file is missing ({name}.csv, .xlsx or .parquet)"
                )
            elif files:
                self.files[name] = files[0]

    def read_files(self, workdir: Path) -> None:
        self.con.execute(f"set temp_directory = {lit(str(workdir))}")
        for name, f in self.files.items():
            f.sha256 = sha256_of(f.path)
            try:
                read = read_into(
                    self.con,
                    f.path,
                    f"raw_{name}",
                    workdir,
                    sheet=f.sheet,
                    columns=tuple(c.name for c in TABLES[name].columns),
                )
            except ReadError as e:
                self.error(f.name, 1, "-", str(e))
                self.unreadable.add(name)
                continue
            f.columns, f.delimiter = read.columns, read.delimiter
            f.rows = db.scalar(self.con, f"select count(*) from raw_{name}")
            for number, sheet in enumerate(read.sheets, start=1):
                if privacy.find_cpr(sheet):
                    self.cpr_error(f.name, 0, "-", CPR_IN_SHEET_NAME.format(n=number))
            for row, column, message in read.structural:
                self.error(f.name, row, label(f, column), message)
            if read.structural:
                # Rows after a broken one cannot be numbered reliably; report the break alone.
                self.unreadable.add(name)
                for i, column in enumerate(f.columns, start=1):
                    if privacy.find_cpr(column):
                        self.cpr_error(f.name, 1, f"column {i}", CPR_IN_HEADER)
                continue
            self._check_header(name, f)
            self._find_cprs(name, f)

    def _check_header(self, name: str, f: SourceFile) -> None:
        table = TABLES[name]
        known = {c.name for c in table.columns}
        for i, column in enumerate(f.columns, start=1):
            if privacy.find_cpr(column):
                self.cpr_error(f.name, 1, f"column {i}", CPR_IN_HEADER)
            elif column not in known:
                self.warn(f.name, 1, column, "unknown column; ignored")
        for column in table.columns:
            if column.required and column.name not in f.columns:
                self.error(f.name, 1, column.name, "required column is missing")
                self.unreadable.add(name)
        if table.person == "required" and not {"participant_id", "cpr"} & set(f.columns):
            self.error(f.name, 1, "participant_id", "participant_id or cpr column is required")
            self.unreadable.add(name)

    def _row_number(self, name: str) -> str:
        """The SQL of a row's number in its file in `raw_{name}`: the `_row` a reader kept, or
        else the table's position (rowid + 2, the header being row 1)."""
        stored = {
            r[0]
            for r in self.con.execute(
                f"select column_name from duckdb_columns() where table_name = 'raw_{name}'"
            ).fetchall()
        }
        return "_row" if "_row" in stored else "(rowid + 2)::bigint"

    def _find_cprs(self, name: str, f: SourceFile) -> None:
        """Every cell of the file (known columns or not) holding a CPR number where none
        belongs: anywhere but in `cpr`, or in a `participant_id` beside other text (a
        `participant_id` that is a CPR number alone is pseudonymised instead)."""
        row = self._row_number(name)
        person = TABLES[name].person is not None
        parts = []
        for i, column in enumerate(f.columns):
            if column == "cpr" and "cpr" in {c.name for c in TABLES[name].columns}:
                continue
            cell = f"trim({quote(column)})"
            condition = f"regexp_matches({cell}, {lit(privacy.CONTAINS_SQL)})"
            if column == "participant_id" and person:
                condition += f" and not regexp_matches({cell}, {lit(privacy.WHOLE_SQL)})"
            if column == "company_id":
                # A P-number (ten digits beginning 10) cannot be told from the CPR number of
                # someone born on the 10th; as a company_id it is taken for a P-number.
                condition += f" and not regexp_full_match({cell}, {lit(P_NUMBER)})"
            parts.append(f"select {row} as _row, {i} as c from raw_{name} where {condition}")
        if not parts:
            return
        for row_no, column_no in self.problem_rows(" union all ".join(parts), "_row, c"):
            column = f.columns[column_no]
            message = CPR_IN_CELL
            if column == "participant_id" and person:
                message = CPR_IN_PARTICIPANT_ID
            self.cpr_error(f.name, row_no, label(f, column), message)

    # -- values

    def type_tables(self) -> None:
        """A view per file with each cell trimmed (`col__raw`) and parsed (`col`); the checks
        read the view, and only the parsed values are ever copied (in `pseudonymise`)."""
        for name, f in self.files.items():
            if name in self.unreadable:
                continue
            table = TABLES[name]
            row = self._row_number(name)
            raws, typed = [], []
            for column in table.columns:
                raw = f"{column.name}__raw"
                if column.name in f.columns:
                    raws.append(f"nullif(trim({quote(column.name)}), '') as {raw}")
                    parsed = parse_expr(column, raw, f.delimiter)
                else:
                    raws.append(f"null::varchar as {raw}")
                    parsed = f"null::{SQL_TYPES[column.type]}"
                typed += [raw, f"{parsed} as {column.name}"]
            self.con.execute(
                f"create temp view typed_{name} as "
                f"with trimmed as (select {row} as _row, {', '.join(raws)} from raw_{name}) "
                f"select _row, {', '.join(typed)} from trimmed"
            )
            self._value_errors(name, f)

    def _value_errors(self, name: str, f: SourceFile) -> None:
        table = TABLES[name]
        t = f"typed_{name}"
        max_date = (
            self.today.replace(year=self.today.year + 1)
            if not (self.today.month == 2 and self.today.day == 29)
            else self.today + dt.timedelta(days=365)
        )
        checks: list[tuple[str, str, str]] = []  # (column, condition, message template)
        for column in table.columns:
            c = column.name
            if column.type != "text":
                checks.append((c, f"{c}__raw is not null and {c} is null", type_message(column)))
            if column.required:
                checks.append((c, f"{c}__raw is null", "a value is required"))
            if column.type == "date":
                checks.append(
                    (c, f"{c} < date '{contract.EARLIEST_DATE}'", "{v} is before 2000-01-01")
                )
                checks.append(
                    (
                        c,
                        f"{c} > date '{max_date.isoformat()}'",
                        "{v} is more than one year after the day of import",
                    )
                )
            bounds = contract.RANGES.get((name, c))
            if c == "birth_year":
                bounds = (1900, self.today.year)
            if bounds:
                lo, hi = bounds
                checks.append(
                    (c, f"{c} < {lo} or {c} > {hi}", f"{{v}} is outside {lo:g} to {hi:g}")
                )
        if table.person == "required":
            checks.append(
                (
                    "participant_id",
                    "participant_id__raw is null and cpr__raw is null",
                    "the young person is missing (participant_id or cpr)",
                )
            )
        if name in contract.SPELLS:
            start, end = contract.SPELLS[name]
            checks.append((end, f"{end} < {start}", f"{{v}} is before {start}"))
        if name == "activities":
            checks.append(
                (
                    "company_id",
                    "company_id__raw is not null and "
                    "(participant_id__raw is not null or cpr__raw is not null)",
                    "a row names both a young person and a company; use one row each",
                )
            )
        self._collect(f, t, checks)

    def _collect(self, f: SourceFile, t: str, checks: list[tuple[str, str, str]]) -> None:
        if not checks:
            return
        parts = [
            f"select _row, {i} as check_no, {column}__raw::varchar as value from {t} "
            f"where {condition}"
            for i, (column, condition, _) in enumerate(checks)
        ]
        rows = self.problem_rows(" union all ".join(parts), "_row, check_no")
        for row, check_no, value in rows:
            column, _, template = checks[check_no]
            shown = "" if column == "cpr" else echo(value)
            self.error(f.name, row, column, template.format(v=shown or "the value").strip())
