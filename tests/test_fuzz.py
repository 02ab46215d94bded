"""Corrupted exports, generated: whatever a team's export looks like, the import ends
either with the data loaded or with every problem located (file, row, column) and the
database unchanged; it never raises, and the command line says which with exit code 0 or 2.

The corruptions start from the small valid Vejle export (tests/conftest.py) and are loaded
on top of the tiny Vejle and Horsens database (tests/tiny_export.py). A corruption that
cannot change what is stored (a byte-order mark at the start, Windows line endings, another
encoding Danish Excel writes, column names in capitals, a stray extra file, the same table
as Excel or Parquet) must load exactly what the valid export loads.

Bounded in CI (NEXTWORK_FUZZ_EXAMPLES, default 150 examples); `make fuzz` runs 3000.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from nextwork.ingest import db, importer
from nextwork.ingest.contract import TABLES
from nextwork.ingest.importer import import_export
from tests.apptest import ROOT
from tests.conftest import SMALL_EXPORT
from tests.tiny_export import build_db

TODAY = dt.date(2025, 6, 30)
DATA_TABLES = ("participants", "companies", "placements", "activities", "outcomes", "costs")
NAMES = tuple(SMALL_EXPORT)  # the export's tables

settings.register_profile(
    "nextwork-fuzz",
    max_examples=int(os.environ.get("NEXTWORK_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)

# ---------------------------------------------------------------------------------------
# Corruptions: each is a plain tuple, so a failing one can be kept as an @example
# ---------------------------------------------------------------------------------------

ODD_VALUES = [
    "",
    " ",
    "\u00a0",
    "abc",
    "-1",
    "0",
    "1e400",
    "NaN",
    "inf",
    "null",
    "9" * 30,
    "0x1F",
    "2024-13-45",
    "2024-02-30",
    "31/12/99",
    "1.5.2024",
    "29-02-2023",
    "true",
    "ja",
    "1,5",
    "12.000,50",
    "C1",
    "V1",
    "Vejle",
    "vejle kommune",
    "630",
    "Atlantis",
    "=SUM(A1:A9)",
    "'; drop table participants; --",
    "\\N",
    "010203-1234",
    "Ærø",
    "😀",
    "\x00",
    "\x1a",
    "\u2028",
    "c0",
    "_row",
]

ENCODINGS = ["utf-8-sig", "cp1252", "latin-1", "utf-16", "utf-16-le", "utf-32", "mac_roman"]
NEUTRAL_ENCODINGS = {"utf-8-sig", "cp1252", "latin-1"}  # the export is all in these
INSERTS = [b",", b";", b'"', b"'", b"\t", b'""', b"\xef\xbb\xbf", b"\x00", b"\r", b"\n", b"\xff"]

fraction = st.floats(min_value=0, max_value=1, allow_nan=False)
table = st.sampled_from(NAMES)
# A cell's new value: text, or ("repeat", text, n) for a long one (short to print).
cell_value = st.one_of(
    st.sampled_from(ODD_VALUES),
    st.text(max_size=20),
    st.tuples(st.just("repeat"), st.sampled_from(["x", "ø", ",", '"']), st.integers(1, 3000)),
    st.tuples(st.just("repeat"), st.just("y"), st.sampled_from([140_000, 1_100_000])),
)

corruption = st.one_of(
    st.tuples(st.just("truncate"), table, fraction),
    st.tuples(st.just("cut_row"), table, fraction, st.integers(0, 9)),
    st.tuples(st.just("encode"), table, st.sampled_from(ENCODINGS)),
    st.tuples(
        st.just("insert"),
        table,
        fraction,
        st.one_of(st.sampled_from(INSERTS), st.binary(min_size=1, max_size=8)),
    ),
    st.tuples(st.just("cell"), table, fraction, fraction, cell_value),
    st.tuples(st.just("junk"), table, st.binary(max_size=300)),
    st.tuples(st.just("drop_file"), table),
    st.tuples(
        st.just("extra_file"),
        st.one_of(
            st.sampled_from(
                ["notes.txt", "README", ".DS_Store", "~$participants.xlsx", "participants.xls"]
            ),
            st.builds(lambda t, s: f"{t}.{s}", table, st.sampled_from(["xlsx", "parquet"])),
            st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=12),
        ),
        st.binary(max_size=200),
    ),
    st.tuples(
        st.just("fake_format"),
        table,
        st.sampled_from(["xlsx", "parquet"]),
        st.sampled_from(["empty", "zip_header", "zip_of_junk", "parquet_magic", "csv_inside"]),
    ),
    st.tuples(st.just("line_endings"), table, st.sampled_from(["crlf", "cr", "mixed"])),
    st.tuples(
        st.just("bom"), table, st.sampled_from(["start", "double", "line", "cell"]), fraction
    ),
    st.tuples(st.just("header_case"), table),
    st.tuples(st.just("convert"), table, st.sampled_from(["xlsx", "parquet"])),
    st.tuples(
        st.just("parquet_typed"),
        table,
        fraction,
        st.sampled_from(["int", "float", "bool", "binary", "timestamp", "list", "null"]),
    ),
)


def file_of(files: dict[str, bytes], name: str) -> str | None:
    """The current file name of table `name` in the export, if it has one."""
    return next((f for f in files if f.split(".")[0] == name), None)


def split_rows(content: bytes) -> list[list[str]] | None:
    try:
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    except (UnicodeDecodeError, csv.Error):
        return None


def join_rows(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def fake_bytes(kind: str) -> bytes:
    if kind == "empty":
        return b""
    if kind == "zip_header":
        return b"PK\x03\x04 not really a workbook"
    if kind == "zip_of_junk":
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            z.writestr("xl/workbook.xml", "<not xml")
            z.writestr("[Content_Types].xml", "junk")
        return out.getvalue()
    if kind == "parquet_magic":
        return b"PAR1" + b"\x00" * 20 + b"PAR1"
    return SMALL_EXPORT["participants"].encode()


def unwritable(rows: list[list[str]]) -> bool:
    """Whether a cell holds a control character, which a workbook cannot hold."""
    return any(ILLEGAL_CHARACTERS_RE.search(c) for row in rows for c in row)


def as_xlsx(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append([c if c != "" else None for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_parquet(rows: list[list[str]], typed: tuple[int, str] | None = None) -> bytes:
    header, body = rows[0], rows[1:]
    columns = {}
    for i, name in enumerate(header):
        values = [r[i] if i < len(r) and r[i] != "" else None for r in body]
        columns[name or f"column{i}"] = pa.array(values, pa.string())
    if typed is not None and header:
        i, kind = typed
        name = list(columns)[i]
        n = len(body)
        columns[name] = {
            "int": pa.array(range(n), pa.int64()),
            "float": pa.array([x + 0.5 for x in range(n)], pa.float64()),
            "bool": pa.array([x % 2 == 0 for x in range(n)], pa.bool_()),
            "binary": pa.array([b"\xff\xfe" + bytes([x]) for x in range(n)], pa.binary()),
            "timestamp": pa.array([dt.datetime(1999, 1, 1, 12, x % 60) for x in range(n)]),
            "list": pa.array([[x] for x in range(n)], pa.list_(pa.int64())),
            "null": pa.array([None] * n, pa.null()),
        }[kind]
    out = io.BytesIO()
    pq.write_table(pa.table(columns), out)
    return out.getvalue()


def corrupt(files: dict[str, bytes], change: tuple) -> bool:
    """Apply one corruption to `files` (file name -> content) in place; return whether what
    the export means is still the same."""
    kind, name, *args = change
    if kind == "extra_file":
        path = Path(name)
        files[name] = args[0]
        is_table = path.stem.lower() in TABLES and path.suffix.lower() in (
            ".csv",
            ".xlsx",
            ".parquet",
        )
        return not is_table
    current = file_of(files, name)
    if current is None:
        return True
    content = files[current]
    rows = split_rows(content) if current.endswith(".csv") else None
    if kind == "truncate":
        files[current] = content[: int(len(content) * args[0])]
    elif kind == "cut_row" and rows and len(rows) > 1:
        i = 1 + int(args[0] * (len(rows) - 2))
        rows[i] = rows[i][: args[1]]
        files[current] = join_rows(rows)
    elif kind == "encode":
        try:
            files[current] = content.decode("utf-8-sig").encode(args[0])
        except (UnicodeDecodeError, UnicodeEncodeError):
            return True  # left as it was
        return args[0] in NEUTRAL_ENCODINGS and current.endswith(".csv")
    elif kind == "insert":
        at = int(len(content) * args[0])
        files[current] = content[:at] + args[1] + content[at:]
    elif kind == "cell" and rows and any(rows):
        i = int(args[0] * (len(rows) - 1))
        row = rows[i] or rows[0]
        value = args[2] if isinstance(args[2], str) else args[2][1] * args[2][2]
        row[int(args[1] * (len(row) - 1))] = value
        files[current] = join_rows(rows)
    elif kind == "junk":
        files[current] = args[0]
    elif kind == "drop_file":
        del files[current]
    elif kind == "fake_format":
        del files[current]
        files[f"{name}.{args[0]}"] = fake_bytes(args[1])
    elif kind == "line_endings":
        lines = content.replace(b"\r\n", b"\n").split(b"\n")
        if args[0] == "crlf":
            files[current] = b"\r\n".join(lines)
            return current.endswith(".csv")
        endings = [b"\r", b"\r\n", b"\n"]
        ended = [
            line + (b"\r" if args[0] == "cr" else endings[i % 3])
            for i, line in enumerate(lines[:-1])
        ]
        files[current] = b"".join(ended) + lines[-1]
    elif kind == "bom":
        bom = b"\xef\xbb\xbf"
        where, at = args
        if where == "start":
            files[current] = bom + content
            return current.endswith(".csv") and not content.startswith(bom)
        if where == "double":
            files[current] = bom + bom + content
        elif where == "line":
            lines = content.split(b"\n")
            i = int(at * (len(lines) - 1))
            lines[i] = bom + lines[i]
            files[current] = b"\n".join(lines)
        else:
            i = int(len(content) * at)
            files[current] = content[:i] + bom + content[i:]
    elif kind == "header_case" and rows:
        rows[0] = [f"  {c.upper()} " for c in rows[0]]
        files[current] = join_rows(rows)
        return True
    elif kind == "convert" and rows and rows[0] and not (args[0] == "xlsx" and unwritable(rows)):
        del files[current]
        convert = as_xlsx if args[0] == "xlsx" else as_parquet
        files[f"{name}.{args[0]}"] = convert(rows)
        return True
    elif kind == "parquet_typed" and rows and rows[0]:
        del files[current]
        files[f"{name}.parquet"] = as_parquet(rows, (int(args[0] * (len(rows[0]) - 1)), args[1]))
    else:
        return True  # does not apply to this file as it is now: left as it was
    return False


def corrupted(changes: list[tuple]) -> tuple[dict[str, bytes], bool]:
    files = {f"{name}.csv": text.encode("utf-8") for name, text in SMALL_EXPORT.items()}
    neutral = True
    for change in changes:
        neutral = corrupt(files, change) and neutral
    return files, neutral


# ---------------------------------------------------------------------------------------
# The database before and after
# ---------------------------------------------------------------------------------------


def stored(db_path: Path) -> dict[str, list[tuple]]:
    con = db.open_read_only(db_path)
    try:
        # Record keys are drawn at random by each import, so two imports differ in them.
        return {
            t: con.execute(
                f"select * {'' if t == 'costs' else 'exclude (record_key)'} from {t} order by all"
            ).fetchall()
            for t in DATA_TABLES
        }
    finally:
        con.close()


def write_folder(folder: Path, files: dict[str, bytes]) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, content in files.items():
        (folder / name).write_bytes(content)
    return folder


class Workspace:
    """The tiny database, what the valid Vejle export makes of it, and scratch folders."""

    def __init__(self, root: Path):
        self.root = root
        self.key = root / "k.key"
        self.base = build_db(root / "base")
        self.before = stored(self.base)
        self.db = root / "work" / "n.duckdb"
        self.db.parent.mkdir()
        valid, _ = corrupted([])
        self.reset()
        result = import_export(self.db, write_folder(root / "valid", valid), self.key, TODAY)
        assert result.ok and not result.warnings, result.report()
        self.valid = stored(self.db)
        assert self.valid != self.before

    def reset(self) -> None:
        for path in self.db.parent.iterdir():
            if path.is_dir():  # the earlier versions imports keep
                shutil.rmtree(path)
            else:
                path.unlink()
        shutil.copyfile(self.base, self.db)


@pytest.fixture(scope="module")
def workspace():
    root = Path(tempfile.mkdtemp(prefix="nextwork-fuzz-"))
    try:
        yield Workspace(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def of_municipalities(tables: dict[str, list[tuple]], names, keep: bool) -> dict:
    """Rows of the data tables (costs aside) whose municipality is (or is not) in names."""
    return {
        t: [r for r in rows if (r[0] in names) == keep]
        for t, rows in tables.items()
        if t != "costs"
    }


def check_import(workspace: Workspace, changes: list[tuple]) -> None:
    files, neutral = corrupted(changes)
    workspace.reset()
    folder = write_folder(workspace.root / "export", files)
    result = import_export(workspace.db, folder, workspace.key, TODAY)  # must not raise
    after = stored(workspace.db)
    log = importer.import_log(workspace.db)
    assert log[-1]["import_id"] == result.import_id
    for problem in result.errors + result.warnings:
        assert isinstance(problem.file, str) and problem.file, problem
        assert type(problem.row) is int and problem.row >= 0, problem
        assert isinstance(problem.column, str) and problem.column, problem
        assert problem.message, problem
    if not result.ok:
        assert result.errors, "rejected without a reason"
        assert after == workspace.before, "a rejected import changed the data"
        assert log[-1]["status"] == "rejected"
        assert not neutral, result.report()
        return
    assert result.errors == [] and log[-1]["status"] == "ok"
    if neutral:
        assert after == workspace.valid
        return
    # Loaded: the municipalities of the export are replaced by exactly its rows, and the
    # others are as they were.
    snapshot = set(result.municipalities)
    assert of_municipalities(after, snapshot, keep=False) == of_municipalities(
        workspace.before, snapshot, keep=False
    )
    replaced = of_municipalities(after, snapshot, keep=True)
    for name in ("participants", "companies", "placements", "activities", "outcomes"):
        assert len(replaced[name]) == result.row_counts[name], name
    assert len(after["costs"]) == result.row_counts.get("costs", 0)


@settings(settings.get_profile("nextwork-fuzz"))
@given(changes=st.lists(corruption, min_size=1, max_size=3))
@example(changes=[("bom", "participants", "start", 0.0), ("line_endings", "companies", "crlf")])
@example(changes=[("convert", "placements", "xlsx"), ("convert", "outcomes", "parquet")])
# Found by this test: a header cell over the csv module's field limit raised csv.Error;
@example(changes=[("cell", "participants", 0.0, 0.0, ("repeat", "y", 140_000))])
# a header cell named like a reader's positional column ('C1') broke the renaming;
@example(changes=[("cell", "participants", 0.0, 0.0, "C1")])
# a column named '_row' was taken for the row numbers ("companies.csv:10-49: joined_on");
@example(changes=[("cell", "companies", 0.0, 0.5, "_row"), ("cell", "companies", 0.5, 0.9, "x")])
# a reported value with a line separator (U+0085) split a line of the rejected-imports log.
@example(changes=[("cell", "participants", 0.0, 0.0, "0\x850")])
def test_a_corrupted_export_is_loaded_or_rejected_with_located_problems(workspace, changes):
    """Whatever is wrong with an export, the import returns (never raises); it either loads
    the export (exactly the valid data when the corruption changes nothing it means) or
    rejects it with every problem at a file, row and column, and the data as it was."""
    check_import(workspace, changes)


# ---------------------------------------------------------------------------------------
# The command line's exit codes, for a few corruptions
# ---------------------------------------------------------------------------------------

CLI_CASES = [
    pytest.param(
        [("encode", "companies", "cp1252"), ("line_endings", "outcomes", "crlf")], 0, id="loaded"
    ),
    pytest.param([("junk", "participants", b"\x00\xff\x00 junk \x1a")], 2, id="binary-junk"),
    pytest.param([("fake_format", "companies", "xlsx", "zip_of_junk")], 2, id="not-excel"),
    pytest.param([("drop_file", "activities"), ("truncate", "placements", 0.6)], 2, id="missing"),
]


@pytest.mark.parametrize(("changes", "code"), CLI_CASES)
def test_the_command_line_says_loaded_or_rejected(changes, code, tmp_path, workspace):
    """The data administrator's command exits 0 for a loaded export and 2 for a rejected
    one, with every problem as FILE:ROW: COLUMN: message and no traceback."""
    files, _ = corrupted(changes)
    db_path = tmp_path / "n.duckdb"
    shutil.copyfile(workspace.base, db_path)
    folder = write_folder(tmp_path / "export", files)
    process = subprocess.run(
        [sys.executable, "-m", "nextwork", "import", str(folder), "--db", str(db_path)],
        cwd=ROOT,
        env={**os.environ, "NEXTWORK_KEY_FILE": str(tmp_path / "k.key")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert process.returncode == code, process.stderr
    assert "Traceback" not in process.stderr
    errors = [line for line in process.stderr.splitlines() if line.startswith("error: ")]
    if code == 2:
        assert errors and all(line.count(":") >= 3 for line in errors), process.stderr
        assert stored(db_path) == workspace.before
    else:
        assert errors == [] and stored(db_path) == workspace.valid
