"""Reading one export file (CSV, Excel or Parquet) into a DuckDB table of text cells.

Every reader produces the same shape: one VARCHAR column per header cell (named by the
header, lowercased and trimmed) and `_row`, the row's number in the file with the
header as row 1. Types are checked later, in one place, on that shape.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa


class ReadError(Exception):
    """The file cannot be read at all; the message says why."""


@dataclass
class ReadResult:
    columns: list[str]
    delimiter: str | None = None
    encoding: str | None = None
    # (row, column or "-", message) for rows that could not be split into cells
    structural: list[tuple[int, str, str]] = field(default_factory=list)
    # The names of a workbook's sheets (only the first is read), checked for CPR numbers.
    sheets: list[str] = field(default_factory=list)


def read_into(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    table: str,
    workdir: Path,
    sheet: str | None = None,
    columns: tuple[str, ...] = (),
) -> ReadResult:
    """Read the file at `path` into `table`. `sheet` names one sheet of a workbook that
    holds the whole export (a sheet per table): its header is the first row whose cells
    are all among `columns` (the rows above it, such as labels or an example, are not
    data), and rows keep their numbers in the sheet."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(con, path, table, workdir)
    if suffix == ".xlsx":
        return _read_xlsx(con, path, table, sheet, columns)
    if suffix == ".parquet":
        return _read_parquet(con, path, table)
    raise ReadError(f"unsupported file type {suffix}")


# --- CSV -----------------------------------------------------------------------------


def _detect_encoding(path: Path) -> str:
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as f:
        try:
            while chunk := f.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            pass
    decoder = codecs.getincrementaldecoder("cp1252")()
    with path.open("rb") as f:
        try:
            while chunk := f.read(1 << 20):
                decoder.decode(chunk)
            return "cp1252"
        except UnicodeDecodeError as e:
            raise ReadError("the file is neither UTF-8 nor Windows-1252 text") from e


def _to_utf8(path: Path, workdir: Path) -> Path:
    """Windows-1252 (what Danish Excel writes) re-encoded as UTF-8 for DuckDB."""
    out = Path(tempfile.mkstemp(dir=workdir, suffix=".csv")[1])
    with (
        path.open("r", encoding="cp1252", newline="") as src,
        out.open("w", encoding="utf-8", newline="") as dst,
    ):
        while chunk := src.read(1 << 20):
            dst.write(chunk)
    return out


def _header(path: Path) -> tuple[list[str], str]:
    with path.open("r", encoding="utf-8-sig", newline="") as f:
        first = f.readline()
    line = first.rstrip("\r\n")
    if not line.strip():
        raise ReadError("the file is empty or its first line (the header) is blank")
    if "\x00" in line:
        raise ReadError("the header contains binary data; is this a CSV file?")
    delimiter = ";" if line.count(";") > line.count(",") else ","
    try:
        cells = next(csv.reader(io.StringIO(line), delimiter=delimiter))
    except csv.Error as e:  # such as a cell longer than the csv module's limit
        raise ReadError(f"the header cannot be split into column names ({e})") from e
    return [c.strip().lower() for c in cells], delimiter


def _read_csv(con, path: Path, table: str, workdir: Path) -> ReadResult:
    encoding = _detect_encoding(path)
    source = path if encoding == "utf-8" else _to_utf8(path, workdir)
    columns, delimiter = _header(source)
    _check_header(columns)
    # Positional names keep odd header text out of SQL; the real names are restored below.
    types = {f"c{i}": "VARCHAR" for i in range(len(columns))}
    reject_scan, reject_errors = f"{table}_reject_scans", f"{table}_reject_errors"
    try:
        con.execute(
            f"""
            create temp table {table}_cells as
            select * from read_csv(
                $path, delim = $delim, quote = '"', escape = '"', header = true,
                auto_detect = false, columns = $types, strict_mode = true,
                store_rejects = true, rejects_scan = '{reject_scan}',
                rejects_table = '{reject_errors}', max_line_size = 1048576
            )
            """,
            {"path": str(source), "delim": delimiter, "types": types},
        )
    except duckdb.Error as e:
        raise ReadError(f"cannot be read as CSV ({_first_line(e)})") from e
    rejects = con.execute(
        f"select line, column_name, error_type from {reject_errors} order by line"
    ).fetchall()
    con.execute(f"drop table if exists {reject_errors}; drop table if exists {reject_scan}")
    records = con.execute(f"select count(*) from {table}_cells").fetchall()[0][0]
    # DuckDB skips blank lines and counts a record with a line break inside a cell as one
    # line. When the file's lines show either, each record's first line is found by reading
    # the file again.
    starts = None
    if rejects or _count_lines(source) != records + 1:
        starts = _record_starts(source, delimiter)
    structural = [
        (
            starts[line - 1][0] if starts and 0 < line <= len(starts) else int(line),
            _header_name(col, columns),
            _reject_message(kind),
        )
        for line, col, kind in rejects
    ]
    lines = None
    if starts is not None:
        lines = [line for line, blank in starts[1:] if not blank]
        lines = lines if len(lines) == records else None
    # rowid follows insertion order, so with no rejected rows it is the record's position.
    _rename_cells(con, table, columns, lines)
    return ReadResult(columns, delimiter, encoding, structural)


def _count_lines(path: Path) -> int:
    count, last = 0, b"\n"
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


def _record_starts(path: Path, delimiter: str) -> list[tuple[int, bool]] | None:
    """For each record or blank line, the line of the file it starts on and whether it is
    blank; None when Python's csv module cannot split the file."""
    starts = []
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f, delimiter=delimiter, quotechar='"', doublequote=True)
            line = 1
            for record in reader:
                starts.append((line, not record))
                line = reader.line_num + 1
    except csv.Error:
        return None
    return starts


def _header_name(name: str | None, columns: list[str]) -> str:
    """The header's name for DuckDB's positional column name (`c3`), or "-"."""
    if name and name[0] == "c" and name[1:].isdigit() and int(name[1:]) < len(columns):
        return columns[int(name[1:])]
    return "-"


_POSITIONAL = re.compile(r"c[0-9]+")


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _rename_cells(con, table: str, columns: list[str], lines: list[int] | None = None) -> None:
    """`{table}_cells` (c0, c1, ...) becomes `{table}` with the header's names, and with
    `_row` = `lines[i]` for the i-th record when lines are given (else the reader of the
    table takes the row number from its position: rowid + 2, the header being row 1)."""
    selects = ", ".join(f"c{i} as {quote(name)}" for i, name in enumerate(columns))
    if lines is None and any(_POSITIONAL.fullmatch(name) for name in columns):
        # A header cell such as 'c1' would clash with a positional name while renaming
        # one by one; a copy renames them all at once.
        con.execute(
            f"create temp table {table} as select {selects} from {table}_cells order by rowid; "
            f"drop table {table}_cells"
        )
        return
    if lines is None:
        # Renaming costs nothing, where a copy of ten million rows would not; the row
        # number is then the table's rowid (insertion order) plus 2.
        con.execute(f"alter table {table}_cells rename to {table}")
        for i, name in enumerate(columns):
            con.execute(f"alter table {table} rename column c{i} to {quote(name)}")
        return
    con.register(
        f"{table}_lines",
        pa.table(
            {"i": pa.array(range(len(lines)), pa.int64()), "line": pa.array(lines, pa.int64())}
        ),
    )
    try:
        con.execute(
            f"create temp table {table} as select {selects}, l.line as _row "
            f"from {table}_cells c join {table}_lines l on l.i = c.rowid order by c.rowid; "
            f"drop table {table}_cells"
        )
    finally:
        con.unregister(f"{table}_lines")


def _reject_message(kind: str) -> str:
    return {
        "MISSING COLUMNS": "the row has fewer cells than the header",
        "TOO MANY COLUMNS": "the row has more cells than the header",
        "UNQUOTED VALUE": "a quote inside a cell is not escaped",
        "LINE SIZE OVER MAXIMUM": "the row is longer than 1 MB",
        "INVALID UNICODE": "the row holds bytes that are not text",
        "INVALID ENCODING": "the row holds bytes that are not text",
    }.get(kind, f"the row cannot be read ({kind.lower()})")


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0][:200]


def _check_header(columns: list[str]) -> None:
    seen = set()
    for name in columns:
        if name == "":
            raise ReadError("the header has an empty column name")
        if name in seen:
            raise ReadError(f"the header names column '{name}' twice")
        if name == "_row":  # the readers' own column: the row's number in the file
            raise ReadError("the header names a column '_row', which cannot be imported")
        seen.add(name)


# --- Excel ---------------------------------------------------------------------------


def _cell_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


HEADER_SEARCH = 10  # rows of a workbook export's sheet searched for its header


def sheet_names(path: Path) -> list[str]:
    """The sheets of the workbook at `path` ([] when it is not a readable workbook)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True)
    except Exception:  # openpyxl raises many types for a file that is not a workbook
        return []
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def _is_header(row: tuple, columns: tuple[str, ...]) -> bool:
    cells = [(_cell_text(v) or "").strip().lower() for v in row]
    named = [c for c in cells if c]
    return bool(named) and all(c in columns for c in named)


def _read_xlsx(
    con, path: Path, table: str, sheet_name: str | None = None, known: tuple[str, ...] = ()
) -> ReadResult:
    import openpyxl  # only imported when an export has an Excel file

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many types for a file that is not a workbook
        raise ReadError(f"not a readable Excel workbook ({type(e).__name__})") from e
    try:
        sheets = list(book.sheetnames)
        sheet = book.worksheets[0] if sheet_name is None else book[sheet_name]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        first = 1
        if sheet_name is not None:
            while header is not None and not _is_header(header, known):
                first += 1
                header = next(rows, None) if first <= HEADER_SEARCH else None
            if header is None:
                raise ReadError(
                    f"no row of column names ({', '.join(known[:3])}, ...) in the first "
                    f"{HEADER_SEARCH} rows of the sheet"
                )
        if header is None or all(v is None for v in header):
            raise ReadError("the first sheet is empty or its first row (the header) is blank")
        width = len(header)
        while width and header[width - 1] is None:
            width -= 1
        columns = [(_cell_text(v) or "").strip().lower() for v in header[:width]]
        _check_header(columns)
        data: list[list[str | None]] = [[] for _ in columns]
        numbers: list[int] = []
        structural = []
        for number, row in enumerate(rows, start=first + 1):
            cells = [_cell_text(v) for v in row]
            if all(c is None or not c.strip() for c in cells):
                continue  # Excel keeps formatted but empty rows; they are not data
            if any(c is not None and c.strip() for c in cells[width:]):
                structural.append((number, "-", "the row has cells beyond the header's columns"))
            for i in range(width):
                data[i].append(cells[i] if i < len(cells) else None)
            numbers.append(number)
    except ReadError:
        raise
    except Exception as e:
        raise ReadError(f"not a readable Excel workbook ({type(e).__name__})") from e
    finally:
        book.close()
    arrow = pa.table(
        {
            **{f"c{i}": pa.array(col, pa.string()) for i, col in enumerate(data)},
            "_row": pa.array(numbers, pa.int64()),
        }
    )
    _create_from_arrow(con, table, columns, arrow)
    return ReadResult(columns, structural=structural, sheets=sheets)


def _create_from_arrow(con, table: str, columns: list[str], arrow: pa.Table) -> None:
    selects = ", ".join(f"c{i} as {quote(name)}" for i, name in enumerate(columns))
    con.register(f"{table}_arrow", arrow)
    try:
        con.execute(f"create temp table {table} as select {selects}, _row from {table}_arrow")
    finally:
        con.unregister(f"{table}_arrow")


# --- Parquet -------------------------------------------------------------------------


def _read_parquet(con, path: Path, table: str) -> ReadResult:
    try:
        described = con.execute(
            "select column_name, column_type from (describe select * from read_parquet($p))",
            {"p": str(path)},
        ).fetchall()
    except duckdb.Error as e:
        raise ReadError(f"not a readable Parquet file ({_first_line(e)})") from e
    columns = [name.strip().lower() for name, _ in described]
    _check_header(columns)
    selects = []
    for i, (name, kind) in enumerate(described):
        quoted = quote(name)
        if kind.startswith(("DATE", "TIMESTAMP")):
            expr = f"strftime({quoted}::date, '%Y-%m-%d')"
        elif kind in ("FLOAT", "DOUBLE") or kind.startswith("DECIMAL"):
            # 1990.0 from a float column is the whole number 1990
            expr = (
                f"case when {quoted} = trunc({quoted}) and abs({quoted}) < 1e15 "
                f"then ({quoted})::bigint::varchar else ({quoted})::varchar end"
            )
        else:
            expr = f"{quoted}::varchar"
        selects.append(f"{expr} as c{i}")
    try:
        con.execute(
            f"create temp table {table}_cells as select {', '.join(selects)} from read_parquet($p)",
            {"p": str(path)},
        )
    except duckdb.Error as e:
        raise ReadError(f"not a readable Parquet file ({_first_line(e)})") from e
    _rename_cells(con, table, columns)
    return ReadResult(columns)
