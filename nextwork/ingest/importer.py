"""Importing an activity export: read, validate against the contract, and replace snapshots.

An import is all or nothing. The files are read and checked in a scratch in-memory
database; only a fully valid export is written, in one transaction that replaces the
snapshot of every municipality named in its participants and companies. The database file
the app reads is never written in place: the transaction runs on a copy that then replaces
it atomically, one import at a time (see `nextwork.ingest.store`).

Every attempt is logged in the `imports` table. A rejected attempt changes no data, so it
is not worth a copy of the database: it is kept in the small file `<db>.rejected.jsonl`
beside it, and the next accepted import moves it into `imports`. `import_log` reads both.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from nextwork.ingest import contract, db, marts, privacy, store
from nextwork.ingest.contract import TABLES
from nextwork.ingest.readers import ReadError, quote, read_into, sheet_names

MAX_REPORTED = 100
MAX_LISTED = MAX_REPORTED * 10  # problems listed per check; the rest are only counted
# The demo generator signs its export in this file: the SHA-256 of every file it wrote. An
# import marks the data as demo only when the files are exactly those; a marker copied
# beside other files (or an edited demo file) is ignored with a warning, and the data is
# real. The demo status lives in the database (`imports.is_demo`), never in a file.
DEMO_MARKER = ".nextwork-demo"
_DEMO_KIND = "nextwork-demo-export"
_TABLE_ORDER = list(TABLES)


@dataclass(frozen=True)
class Problem:
    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}: {self.column}: {self.message}"


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


class ExportRejected(Exception):
    pass


# --- value parsing, as SQL over the text cells -------------------------------------


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _enum_expr(v: str, enum: str) -> str:
    whens = " ".join(
        f"when {_lit(alias.lower())} then {_lit(canonical)}"
        for canonical, aliases in contract.ENUMS[enum].items()
        for alias in aliases
    )
    return f"(case lower({v}) {whens} end)"


def _parse_expr(column: contract.Column, v: str, delimiter: str | None) -> str:
    kind = column.type
    if kind == "text":
        return v
    if kind == "date":
        parts = ", ".join(f"try_strptime({v}, {_lit(f)})" for f in contract.DATE_FORMATS)
        return f"(coalesce({parts})::date)"
    if kind == "integer":
        return (
            f"(case when regexp_full_match({v}, '[+-]?[0-9]{{1,15}}([.,]0+)?') "
            f"then try_cast(split_part(replace({v}, ',', '.'), '.', 1) as bigint) end)"
        )
    if kind == "number":
        text = f"replace({v}, ',', '.')" if delimiter == ";" else v
        return (
            f"(case when regexp_full_match({text}, '[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)') "
            f"then try_cast({text} as double) end)"
        )
    if kind == "boolean":
        trues = ", ".join(_lit(x) for x in contract.BOOLEAN_TRUE)
        falses = ", ".join(_lit(x) for x in contract.BOOLEAN_FALSE)
        return (
            f"(case when lower({v}) in ({trues}) then true "
            f"when lower({v}) in ({falses}) then false end)"
        )
    if kind == "enum":
        return _enum_expr(v, column.enum)
    if kind == "municipality":
        return f"(select municipality from memory.municipality_names m where m.key = lower({v}))"
    if kind == "industry":
        return f"(select section from memory.industry_names i where i.key = lower({v}))"
    if kind == "cpr":
        digits = f"regexp_replace({v}, {_lit(privacy.SEPARATOR_CLASS)}, '', 'g')"
        return f"(case when regexp_full_match({digits}, '[0-9]{{10}}') then {digits} end)"
    raise ValueError(kind)


def _type_message(column: contract.Column) -> str:
    kind = column.type
    if kind == "date":
        return "{v} is not a date (YYYY-MM-DD, DD-MM-YYYY, DD.MM.YYYY or DD/MM/YYYY)"
    if kind == "integer":
        return "{v} is not a whole number"
    if kind == "number":
        return "{v} is not a number"
    if kind == "boolean":
        return "{v} is not a yes/no value (true/false, yes/no, ja/nej, 1/0)"
    if kind == "enum":
        return "{v} is not one of " + ", ".join(contract.ENUMS[column.enum])
    if kind == "municipality":
        return "{v} is not a Danish municipality (a name such as Roskilde or a code such as 265)"
    if kind == "industry":
        return "{v} is not a DB07 section (a letter A-U or its Danish name)"
    if kind == "cpr":
        return "not a CPR number of 10 digits (DDMMYY-NNNN or DDMMYYNNNN)"
    raise ValueError(kind)


SQL_TYPES = {
    "text": "varchar",
    "date": "date",
    "integer": "bigint",
    "number": "double",
    "boolean": "boolean",
    "enum": "varchar",
    "municipality": "varchar",
    "industry": "varchar",
    "cpr": "varchar",
}


# What an import says about a CPR number where none belongs; never the number itself.
_CPR_IN_CELL = (
    "holds a CPR number, which may only be given in the cpr column or as a whole "
    "participant_id (and is then replaced by a pseudonym); remove it"
)
_CPR_IN_PARTICIPANT_ID = (
    "holds a CPR number beside other text; give the CPR number alone (it is then replaced "
    "by a pseudonym) or another id"
)
_CPR_IN_HEADER = "the column's name holds a CPR number; rename or remove the column"
_CPR_IN_FILE_NAME = "the file's name holds a CPR number; rename or remove the file"
_CPR_IN_SHEET_NAME = "the name of sheet {n} holds a CPR number; rename the sheet"
_CPR_IN_SOURCE = (
    "the path of the export (its folder, or an uploaded file's name) holds a CPR number; rename it"
)
# How a message names a young person whose id is the pseudonym of a CPR number.
_FROM_CPR = {
    "cpr": "the young person (cpr)",
    "participant_id": "the young person (a CPR number as participant_id)",
}
_SAME_CPR = {
    "cpr": "young person (same cpr)",
    "participant_id": "young person (the same CPR number as participant_id)",
}


def _id_cpr(v: str) -> str:
    """The ten digits of a participant_id that is a CPR number and nothing else, else null."""
    return (
        f"(case when regexp_matches({v}, {_lit(privacy.WHOLE_SQL)}) "
        f"then regexp_replace({v}, '[^0-9]', '', 'g') end)"
    )


# A P-number (produktionsenhed), welcome as a company_id: ten digits, so far all from 10.
P_NUMBER = "10[0-9]{8}"


def _problem(file: str, row: int, column: str, message: str) -> Problem:
    """A problem with anything shaped like a CPR number masked, wherever it came from (a
    file name, a header cell, a reader's message)."""
    mask = privacy.mask_cpr_like
    return Problem(mask(file), row, mask(column), mask(message))


def _label(f: _File, column: str) -> str:
    """How a problem names a column: by its name, or by its place when the name holds a
    CPR number."""
    if column in f.columns and privacy.find_cpr(column):
        return f"column {f.columns.index(column) + 1}"
    return column


def _echo(value: str | None) -> str:
    if value is None:
        return ""
    # Masked before it is cut short: a CPR number cut in two would no longer look like one.
    shown = privacy.mask_cpr_like(value)
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    return "'" + shown + "'"


# --- the import ----------------------------------------------------------------------


@dataclass
class _File:
    table: str
    path: Path
    name: str
    columns: list[str] = field(default_factory=list)
    delimiter: str | None = None
    rows: int = 0
    sha256: str = ""
    sheet: str | None = None  # the table's sheet in a workbook holding the whole export


class _Checker:
    """Reads and checks one export in a scratch in-memory database."""

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
        self.files: dict[str, _File] = {}
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
        self.errors.append(_problem(file, row, column, message))

    def warn(self, file: str, row: int, column: str, message: str) -> None:
        if (file, row, column) in self.cpr_cells:
            return
        self.warnings.append(_problem(file, row, column, message))

    def cpr_error(self, file: str, row: int, column: str, message: str) -> None:
        self.errors.append(_problem(file, row, column, message))
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
        found: dict[str, list[_File]] = {}
        for path in sorted(self.dir.iterdir()):
            if path.name.startswith(".") or not path.is_file():
                continue
            stem, suffix = path.stem.lower(), path.suffix.lower().lstrip(".")
            if privacy.find_cpr(path.name):
                # Never an export's own file (their names are fixed); the name is masked.
                self.cpr_error(path.name, 0, "-", _CPR_IN_FILE_NAME)
                continue
            sheets = (
                [s for s in sheet_names(path) if s.strip().lower() in TABLES]
                if suffix == "xlsx" and stem not in TABLES
                else []
            )
            if stem in TABLES and suffix in contract.FORMATS:
                found.setdefault(stem, []).append(_File(stem, path, path.name))
            elif sheets:
                # One workbook with a sheet per table (such as the template workbook).
                for sheet in sheets:
                    name = sheet.strip().lower()
                    found.setdefault(name, []).append(
                        _File(name, path, f"{path.name}[{sheet}]", sheet=sheet)
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
        self.con.execute(f"set temp_directory = {_lit(str(workdir))}")
        for name, f in self.files.items():
            f.sha256 = _sha256(f.path)
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
                    self.cpr_error(f.name, 0, "-", _CPR_IN_SHEET_NAME.format(n=number))
            for row, column, message in read.structural:
                self.error(f.name, row, _label(f, column), message)
            if read.structural:
                # Rows after a broken one cannot be numbered reliably; report the break alone.
                self.unreadable.add(name)
                for i, column in enumerate(f.columns, start=1):
                    if privacy.find_cpr(column):
                        self.cpr_error(f.name, 1, f"column {i}", _CPR_IN_HEADER)
                continue
            self._check_header(name, f)
            self._find_cprs(name, f)

    def _check_header(self, name: str, f: _File) -> None:
        table = TABLES[name]
        known = {c.name for c in table.columns}
        for i, column in enumerate(f.columns, start=1):
            if privacy.find_cpr(column):
                self.cpr_error(f.name, 1, f"column {i}", _CPR_IN_HEADER)
            elif column not in known:
                self.warn(f.name, 1, column, "unknown column; ignored")
        for column in table.columns:
            if column.required and column.name not in f.columns:
                self.error(f.name, 1, column.name, "required column is missing")
                self.unreadable.add(name)
        if table.person == "required" and not {"participant_id", "cpr"} & set(f.columns):
            self.error(f.name, 1, "participant_id", "participant_id or cpr column is required")
            self.unreadable.add(name)

    def _find_cprs(self, name: str, f: _File) -> None:
        """Every cell of the file (known columns or not) holding a CPR number where none
        belongs: anywhere but in `cpr`, or in a `participant_id` beside other text (a
        `participant_id` that is a CPR number alone is pseudonymised instead)."""
        stored = {
            r[0]
            for r in self.con.execute(
                f"select column_name from duckdb_columns() where table_name = 'raw_{name}'"
            ).fetchall()
        }
        row = "_row" if "_row" in stored else "(rowid + 2)::bigint"
        person = TABLES[name].person is not None
        parts = []
        for i, column in enumerate(f.columns):
            if column == "cpr" and "cpr" in {c.name for c in TABLES[name].columns}:
                continue
            cell = f"trim({quote(column)})"
            condition = f"regexp_matches({cell}, {_lit(privacy.CONTAINS_SQL)})"
            if column == "participant_id" and person:
                condition += f" and not regexp_matches({cell}, {_lit(privacy.WHOLE_SQL)})"
            if column == "company_id":
                # A P-number (ten digits beginning 10) cannot be told from the CPR number of
                # someone born on the 10th; as a company_id it is taken for a P-number.
                condition += f" and not regexp_full_match({cell}, {_lit(P_NUMBER)})"
            parts.append(f"select {row} as _row, {i} as c from raw_{name} where {condition}")
        if not parts:
            return
        for row_no, column_no in self.problem_rows(" union all ".join(parts), "_row, c"):
            column = f.columns[column_no]
            message = _CPR_IN_CELL
            if column == "participant_id" and person:
                message = _CPR_IN_PARTICIPANT_ID
            self.cpr_error(f.name, row_no, _label(f, column), message)

    # -- values

    def type_tables(self) -> None:
        """A view per file with each cell trimmed (`col__raw`) and parsed (`col`); the checks
        read the view, and only the parsed values are ever copied (in `pseudonymise`)."""
        for name, f in self.files.items():
            if name in self.unreadable:
                continue
            table = TABLES[name]
            stored = {
                r[0]
                for r in self.con.execute(
                    f"select column_name from duckdb_columns() where table_name = 'raw_{name}'"
                ).fetchall()
            }
            row = "_row" if "_row" in stored else "(rowid + 2)::bigint"
            raws, typed = [], []
            for column in table.columns:
                raw = f"{column.name}__raw"
                if column.name in f.columns:
                    raws.append(f"nullif(trim({quote(column.name)}), '') as {raw}")
                    parsed = _parse_expr(column, raw, f.delimiter)
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

    def _value_errors(self, name: str, f: _File) -> None:
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
                checks.append((c, f"{c}__raw is not null and {c} is null", _type_message(column)))
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

    def _collect(self, f: _File, t: str, checks: list[tuple[str, str, str]]) -> None:
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
            shown = "" if column == "cpr" else _echo(value)
            self.error(f.name, row, column, template.format(v=shown or "the value").strip())

    # -- identities, duplicates and references

    def pseudonymise(self) -> None:
        """Give every row its young person's id: the keyed hash of its CPR number, from the
        `cpr` column or from a `participant_id` that is a CPR number, else its
        participant_id. `person_from` says where a hashed id came from (for messages)."""
        tables = [
            n for n in self.files if n not in self.unreadable and TABLES[n].person is not None
        ]
        with_cpr = [n for n in tables if "cpr" in self.files[n].columns]
        cprs: set[str] = set()
        ids_as_cpr = []  # the tables with a participant_id that is a CPR number
        for n in tables:
            found = {
                r[0]
                for r in self.con.execute(
                    f"select distinct v from (select {_id_cpr('participant_id')} as v "
                    f"from typed_{n}) where v is not null"
                ).fetchall()
            }
            if found:
                ids_as_cpr.append(n)
                cprs |= found
            if n in with_cpr:
                cprs.update(
                    r[0]
                    for r in self.con.execute(
                        f"select distinct cpr from typed_{n} where cpr is not null"
                    ).fetchall()
                )
        keyed = bool(with_cpr or cprs)
        if keyed:
            key = privacy.load_or_create_key(self.key_file)
            ordered = sorted(cprs)
            self.con.register(
                "p_arrow",
                pa.table(
                    {"cpr": ordered, "person_id": [privacy.pseudonym(key, c) for c in ordered]}
                ),
            )
            self.con.execute("create temp table pseudonyms as select * from p_arrow")
            self.con.unregister("p_arrow")
            del cprs, ordered
        for n in (n for n in self.files if n not in self.unreadable):
            parsed = ", ".join(f"t.{c.name}" for c in TABLES[n].columns if c.name != "cpr")
            if n in tables:
                by_cpr = "p.person_id" if n in with_cpr else "null::varchar"
                by_id = "q.person_id" if n in ids_as_cpr else "null::varchar"
                joins = ""
                if n in with_cpr:
                    joins += " left join pseudonyms p on p.cpr = t.cpr"
                if n in ids_as_cpr:
                    joins += f" left join pseudonyms q on q.cpr = {_id_cpr('t.participant_id')}"
                person = (
                    f"coalesce({by_cpr}, {by_id}, t.participant_id) as person_id, "
                    f"case when {by_cpr} is not null then 'cpr' "
                    f"when {by_id} is not null then 'participant_id' end as person_from "
                    f"from typed_{n} t{joins}"
                )
            else:
                person = f"from typed_{n} t"
            separator = ", " if not person.startswith("from") else " "
            self.con.execute(
                f"create temp table keyed_{n} as select t._row, {parsed}{separator}{person}"
            )
            self.con.execute(f"drop view typed_{n}; drop table raw_{n}")
        if keyed:
            self.con.execute("drop table pseudonyms")

    def _ready(self, *names: str) -> bool:
        return all(n in self.files and n not in self.unreadable for n in names)

    def cross_checks(self) -> None:
        duplicates = [
            ("participants", "person_id", "participant_id", "person_from"),
            ("companies", "company_id", "company_id", "null"),
            ("placements", "placement_id", "placement_id", "null"),
        ]
        for name, key, shown, from_cpr in duplicates:
            if not self._ready(name):
                continue
            rows = self.problem_rows(
                f"select _row, {key}, first_row, {from_cpr} from (select *, "
                f"min(_row) over (partition by {key}) as first_row from keyed_{name} "
                f"where {key} is not null) where _row > first_row",
                "_row",
            )
            for row, value, first, source in rows:
                what = _SAME_CPR.get(source, f"{shown} {_echo(value)}")
                self.error(
                    self.files[name].name,
                    row,
                    source or shown,
                    f"duplicate {what} (first on row {first})",
                )
        person_refs = [n for n in ("placements", "activities", "outcomes") if self._ready(n)]
        if self._ready("participants"):
            for n in person_refs:
                self._reference(
                    n,
                    "person_id",
                    "participant_id",
                    "keyed_participants",
                    "person_id",
                    "is not in participants",
                )
        if self._ready("companies"):
            for n in ("placements", "activities", "outcomes"):
                if self._ready(n):
                    self._reference(
                        n,
                        "company_id",
                        "company_id",
                        "keyed_companies",
                        "company_id",
                        "is not in companies",
                    )
        if self._ready("participants", "companies", "activities"):
            # An activity whose municipality is not Danish at all is reported already.
            rows = self.problem_rows(
                "select _row, municipality from keyed_activities a "
                "where municipality is not null and not exists "
                "(select 1 from keyed_participants p where p.municipality = a.municipality) "
                "and not exists (select 1 from keyed_companies c "
                "where c.municipality = a.municipality)",
                "_row",
            )
            for row, municipality in rows:
                self.error(
                    self.files["activities"].name,
                    row,
                    "municipality",
                    f"{_echo(municipality)} has no participants or companies in this "
                    "export, so the activity belongs to no municipality's data",
                )

    def _reference(self, name, key, shown, target, target_key, message) -> None:
        from_cpr = "person_from" if key == "person_id" else "null"
        rows = self.problem_rows(
            f"select _row, {key}, {from_cpr} from keyed_{name} t where {key} is not null "
            f"and not exists (select 1 from {target} r where r.{target_key} = t.{key})",
            "_row",
        )
        for row, value, source in rows:
            what = _FROM_CPR.get(source, f"{shown} {_echo(value)}")
            self.error(self.files[name].name, row, source or shown, f"{what} {message}")

    def warnings_after_checks(self) -> None:
        if self._ready("participants", "companies", "placements"):
            for (row,) in self.problem_rows(
                "select pl._row from keyed_placements pl "
                "join keyed_participants p on p.person_id = pl.person_id "
                "join keyed_companies c on c.company_id = pl.company_id "
                "where c.municipality <> p.municipality",
                "_row",
                "warning",
            ):
                self.warn(
                    self.files["placements"].name,
                    row,
                    "company_id",
                    "the company is in another municipality's network than the young person's",
                )
        for n in ("placements", "outcomes"):
            if self._ready("participants", n):
                for (row,) in self.problem_rows(
                    f"select t._row from keyed_{n} t "
                    f"join keyed_participants p on p.person_id = t.person_id "
                    f"where t.ended_on is null and p.exited_on is not null",
                    "_row",
                    "warning",
                ):
                    self.warn(
                        self.files[n].name,
                        row,
                        "ended_on",
                        "ongoing, but the young person has exited NExTWORK",
                    )

    # -- writing

    def municipalities(self) -> list[str]:
        rows = self.con.execute(
            "select municipality from keyed_participants union "
            "select municipality from keyed_companies order by 1"
        ).fetchall()
        return [r[0] for r in rows]


def sign_demo_export(folder: str | Path) -> Path:
    """Sign the demo export in `folder` as the demo generator's own (see DEMO_MARKER)."""
    folder = Path(folder)
    files = {
        p.name: _sha256(p)
        for p in sorted(folder.iterdir())
        if p.is_file()
        and not p.name.startswith(".")
        and p.stem.lower() in TABLES
        and p.suffix.lower().lstrip(".") in contract.FORMATS
    }
    marker = folder / DEMO_MARKER
    text = json.dumps({"kind": _DEMO_KIND, "files": files}, indent=1)
    marker.write_text(text + "\n", encoding="utf-8")
    return marker


def is_signed_demo(folder: str | Path) -> bool:
    """Whether the export in `folder` carries the demo generator's signature of its files
    as they are now."""
    folder = Path(folder)
    try:
        signed = json.loads((folder / DEMO_MARKER).read_text(encoding="utf-8"))
        files = signed["files"]
        return signed.get("kind") == _DEMO_KIND and all(
            _sha256(folder / name) == digest for name, digest in files.items()
        )
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return False


def _demo_signed(checker) -> bool:
    """Whether the export's files are exactly those the demo generator signed."""
    marker = checker.dir / DEMO_MARKER
    if not marker.is_file():
        return False
    try:
        signed = json.loads(marker.read_text(encoding="utf-8"))
        files = signed["files"] if signed.get("kind") == _DEMO_KIND else None
    except (ValueError, TypeError, KeyError, AttributeError, UnicodeDecodeError):
        files = None
    read = {f.name: f.sha256 for f in checker.files.values()}
    if files == read:
        return True
    checker.warn(
        DEMO_MARKER,
        0,
        "-",
        "the demo marker does not match the files of the export; loaded as real data",
    )
    return False


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


_WRITE_SQL = {
    "participants": """
        insert into target.participants by name
        select municipality, person_id as participant_id, enrolled_on, exited_on, birth_year,
            gender, target_group, youth_network
        from keyed_participants
    """,
    "companies": """
        insert into target.companies by name
        select municipality, company_id, name, industry, size_band, postcode, latitude,
            longitude, joined_on, left_on
        from keyed_companies
    """,
    "placements": """
        insert into target.placements by name
        select p.municipality, pl.placement_id, pl.person_id as participant_id,
            c.municipality as company_municipality, pl.company_id, pl.started_on, pl.ended_on,
            pl.end_reason, pl.chosen_by_participant as is_chosen_by_participant,
            pl.hours_per_week
        from keyed_placements pl
        join keyed_participants p on p.person_id = pl.person_id
        join keyed_companies c on c.company_id = pl.company_id
    """,
    "activities": """
        insert into target.activities by name
        select a.municipality, a.activity_id, a.activity_type, a.held_on,
            p.municipality as participant_municipality, a.person_id as participant_id,
            c.municipality as company_municipality, a.company_id
        from keyed_activities a
        left join keyed_participants p on p.person_id = a.person_id
        left join keyed_companies c on c.company_id = a.company_id
    """,
    "outcomes": """
        insert into target.outcomes by name
        select p.municipality, o.person_id as participant_id, o.outcome_type, o.started_on,
            o.ended_on, c.municipality as company_municipality, o.company_id
        from keyed_outcomes o
        join keyed_participants p on p.person_id = o.person_id
        left join keyed_companies c on c.company_id = o.company_id
    """,
    "costs": """
        insert into target.costs by name
        select municipality, year, cost_dkk, staff_fte from keyed_costs
    """,
}


# What makes a stored row the same record when an export comes again.
RECORD_IDENTITY = {
    "participants": ("municipality", "participant_id"),
    "companies": ("municipality", "company_id"),
    "placements": ("municipality", "placement_id"),
    "activities": (
        "municipality",
        "activity_id",
        "participant_municipality",
        "participant_id",
        "company_municipality",
        "company_id",
    ),
    "outcomes": (
        "municipality",
        "participant_id",
        "outcome_type",
        "started_on",
        "company_municipality",
        "company_id",
    ),
}
# A new record's key: random, 24 bits (sums of a cell's keys stay exact in a double).
NEW_RECORD_KEY = "floor(random() * 16777216)::bigint"


def _with_record_keys(name: str) -> str:
    """The INSERT of `name` with each row's record key: the stored one for a record seen
    before (in `old_keys`), a new random one otherwise."""
    insert, select = _WRITE_SQL[name].split("select", 1)
    match = " and ".join(f"o.{c} is not distinct from n.{c}" for c in RECORD_IDENTITY[name])
    return (
        f"{insert} select n.*, coalesce(o.record_key, {NEW_RECORD_KEY}) as record_key "
        f"from (select {select}) n left join old_keys o on {match}"
    )


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
    checker = _Checker(export_dir, Path(key_file) if key_file else None, today)
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
                checker.is_demo = _demo_signed(checker)
            except ExportRejected as e:
                checker.error(str(export_dir), 0, "-", str(e))
            source = source or str(export_dir)
            if privacy.find_cpr(source):
                checker.cpr_error(source, 0, "-", _CPR_IN_SOURCE)
            source = privacy.mask_cpr_like(source)  # as the log keeps it
            result.errors = sorted(checker.errors, key=_problem_order)
            result.warnings = sorted(checker.warnings, key=_problem_order)
            result.unlisted_errors = checker.unlisted["error"]
            result.unlisted_warnings = checker.unlisted["warning"]
            result.row_counts = {n: f.rows for n, f in checker.files.items()}
            if not result.errors:
                result.municipalities = checker.municipalities()
                _write(checker, db_path, result, started, source, lock_timeout)
                result.ok = True
            else:
                entry = _log_entry(result, checker, started, source, "rejected")
                result.import_id = _log_rejected(db_path, entry, lock_timeout)
    finally:
        checker.close()
    return result


def _problem_order(p: Problem):
    table = p.file.split(".")[0].lower()
    position = _TABLE_ORDER.index(table) if table in _TABLE_ORDER else len(_TABLE_ORDER)
    return (position, p.file, p.row)


def _files_json(checker: _Checker) -> str:
    return json.dumps(
        [
            {"file": f.name, "sha256": f.sha256, "rows": f.rows, "bytes": f.path.stat().st_size}
            for f in checker.files.values()
        ]
    )


# --- the import log ------------------------------------------------------------------

_LOG_COLUMNS = (
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


def _log_entry(result: ImportResult, checker: _Checker, started, source: str, status) -> dict:
    """One row of `imports` (without its id)."""
    return {
        "started_at": started,
        "finished_at": dt.datetime.now(),
        "source": source,
        "status": status,
        "municipalities": result.municipalities,
        "files": _files_json(checker),
        "row_counts": json.dumps(result.row_counts),
        "count_errors": result.count_errors,
        "count_warnings": result.count_warnings,
        "report": "\n".join(result.report()),
        "is_demo": bool(getattr(checker, "is_demo", False)),
    }


def _pending(db_path: Path) -> list[dict]:
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
        cur = con.execute(f"select {', '.join(_LOG_COLUMNS)} from imports order by import_id")
        return [dict(zip(_LOG_COLUMNS, row, strict=True)) for row in cur.fetchall()]
    finally:
        con.close()


def import_log(db_path: str | Path) -> list[dict]:
    """Every import attempt, accepted or rejected, oldest first: the rows of `imports` with
    the rejected attempts not yet moved there."""
    db_path = Path(db_path)
    # The side file first: an import moves its entries into a new database file before it
    # empties the side file, so they are found in one or the other (or both, once).
    pending = _pending(db_path)
    stored = _stored_log(db_path)
    known = {e["import_id"] for e in stored}
    merged = stored + [e for e in pending if e["import_id"] not in known]
    return sorted(merged, key=lambda e: e["import_id"])


def _log_rejected(db_path: Path, entry: dict, lock_timeout: float | None) -> int:
    """Add a rejected attempt to the side file under the writer's lock (its id follows the
    highest one logged anywhere) and return its id."""
    if not db_path.exists():
        db.upgrade(db_path, lock_timeout)  # an empty database: cheap, and the app can open it
    with store.locked(db_path, lock_timeout):
        pending = _pending(db_path)
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


def _insert_log(con, entry: dict) -> None:
    con.execute(
        f"insert into target.imports ({', '.join(_LOG_COLUMNS)}) "
        f"values ({', '.join('$' + c for c in _LOG_COLUMNS)})",
        entry,
    )


# --- writing -------------------------------------------------------------------------


def _write(checker, db_path: Path, result: ImportResult, started, source, lock_timeout) -> None:
    with store.locked(db_path, lock_timeout):
        pending = _pending(db_path)
        # What replaces the file it keeps as an earlier version (`nextwork.ingest.history`).
        kept = {"action": "import", "source": source}
        with store.replacing(db_path, keep=kept) as work:
            # creates or updates the schema (the marts follow the write, below)
            db.connect(work, marts=False).close()
            con = checker.con
            con.execute("attach $path as target", {"path": str(work)})
            try:
                _write_snapshot(con, checker, result, started, source, pending)
                con.execute("checkpoint target")
            finally:
                con.execute("detach target")
            # The marts of the new data (`nextwork.ingest.marts`), before the file is swapped in.
            with duckdb.connect(str(work)) as written:
                written.execute("set enable_progress_bar = false")
                marts.refresh(written)
            kept.update(import_id=result.import_id, municipalities=result.municipalities)
        # The new file holds the pending entries now.
        rejected_log_path(db_path).unlink(missing_ok=True)


def _write_snapshot(con, checker, result: ImportResult, started, source, pending) -> None:
    con.execute("begin transaction")
    try:
        snapshot = {"municipalities": result.municipalities}
        for name in ("participants", "companies", "placements", "activities", "outcomes"):
            identity = ", ".join(RECORD_IDENTITY[name])
            # The record keys of the snapshot being replaced, so a record that comes again
            # keeps its key (and every figure about it its perturbation).
            con.execute(
                f"create or replace temp table old_keys as select {identity}, "
                f"min(record_key) as record_key from target.{name} "
                "where list_contains($municipalities, municipality) group by all",
                snapshot,
            )
            con.execute(
                f"delete from target.{name} where list_contains($municipalities, municipality)",
                snapshot,
            )
            con.execute(_with_record_keys(name))
        con.execute("drop table if exists old_keys")
        if "costs" in checker.files:
            # A costs file replaces the costs of its own municipalities and years too.
            con.execute(
                "delete from target.costs where list_contains($municipalities, municipality) "
                "or exists (select 1 from keyed_costs k "
                "where k.municipality = costs.municipality and k.year = costs.year)",
                snapshot,
            )
            con.execute(_WRITE_SQL["costs"])
        known = {r[0] for r in con.execute("select import_id from target.imports").fetchall()}
        for entry in pending:
            if entry["import_id"] not in known:
                _insert_log(con, entry)
        last = db.scalar(con, "select coalesce(max(import_id), 0) from target.imports")
        result.import_id = last + 1
        entry = _log_entry(result, checker, started, source, "ok")
        _insert_log(con, {"import_id": result.import_id, **entry})
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
