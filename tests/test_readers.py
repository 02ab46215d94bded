"""The readers (`nextwork.ingest.readers`): one export file into a table of text cells.

Every input is written out literally below, a few rows each; every expected cell and row
number was read off the input by hand (the header is row 1).
"""

from __future__ import annotations

import datetime as dt

import duckdb
import openpyxl
import pytest

from nextwork.ingest.importer import import_export
from nextwork.ingest.readers import ReadError, read_into


@pytest.fixture
def read(tmp_path):
    """Write `data` (bytes) as `name` and read it: (ReadResult, rows as (row, cells...))."""
    con = duckdb.connect()

    def run(name: str, data: bytes, **kwargs):
        path = tmp_path / name
        path.write_bytes(data)
        result = read_into(con, path, "raw_x", tmp_path, **kwargs)
        stored = [r[0] for r in con.execute("describe raw_x").fetchall()]
        cells = ", ".join(f'"{c}"' for c in result.columns)
        # As the importer numbers rows: `_row` when the reader gives it, else the position.
        row = "_row" if "_row" in stored else "(rowid + 2)::bigint"
        rows = con.execute(f"select {row}, {cells} from raw_x order by 1").fetchall()
        con.execute("drop table raw_x")
        return result, rows

    yield run
    con.close()


def test_csv_with_commas_in_utf8(read):
    result, rows = read("x.csv", b"a,b\n1,x\n2,y\n")
    assert (result.columns, result.delimiter, result.encoding) == (["a", "b"], ",", "utf-8")
    assert rows == [(2, "1", "x"), (3, "2", "y")]
    assert result.structural == []


def test_csv_with_semicolons_keeps_a_decimal_comma_in_its_cell(read):
    """Danish Excel writes ; between cells and , in numbers."""
    result, rows = read("x.csv", "navn;tal\nÆble;1,5\n".encode())
    assert (result.columns, result.delimiter) == (["navn", "tal"], ";")
    assert rows == [(2, "Æble", "1,5")]


def test_csv_in_windows_1252_is_read_as_its_letters(read):
    result, rows = read("x.csv", "navn;by\nSøren;Århus\n".encode("cp1252"))
    assert result.encoding == "cp1252"
    assert rows == [(2, "Søren", "Århus")]


def test_csv_in_utf8_with_a_byte_order_mark_has_a_clean_first_column(read):
    result, rows = read("x.csv", "\ufeffparticipant_id,municipality\nV1,Vejle\n".encode())
    assert result.columns == ["participant_id", "municipality"]
    assert rows == [(2, "V1", "Vejle")]


def test_header_names_are_trimmed_and_lowercased(read):
    result, _ = read("x.csv", b" Participant_ID ,MUNICIPALITY\nV1,Vejle\n")
    assert result.columns == ["participant_id", "municipality"]


def test_rows_keep_their_line_numbers_across_blank_lines_and_line_breaks_in_cells(read):
    _, rows = read("x.csv", b"a,b\n1,x\n\n2,y\n")
    assert rows == [(2, "1", "x"), (4, "2", "y")]
    _, rows = read("y.csv", b'a,b\n1,"two\nlines"\n3,x\n')
    assert rows == [(2, "1", "two\nlines"), (4, "3", "x")]


def test_a_short_row_is_named_by_row_and_missing_column(read):
    result, _ = read("x.csv", b"a,b\n1,2\n3\n4,5\n")
    assert result.structural == [(3, "b", "the row has fewer cells than the header")]


def test_a_long_row_is_named_by_row(read):
    result, _ = read("x.csv", b"a,b\n1,2,3\n4,5\n")
    assert result.structural == [(2, "-", "the row has more cells than the header")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty or its first line (the header) is blank"),
        (b"a,a\n1,2\n", "the header names column 'a' twice"),
        (b"a,,b\n1,2,3\n", "the header has an empty column name"),
        (b"_row,b\n1,2\n", "the header names a column '_row', which cannot be imported"),
        # 0x81 is no character in Windows-1252 and starts no UTF-8 sequence
        (b"a,b\n\x81\xff,1\n", "the file is neither UTF-8 nor Windows-1252 text"),
    ],
    ids=["empty", "twice", "unnamed", "row-column", "not-text"],
)
def test_a_file_that_cannot_be_read_says_why(read, data, message):
    with pytest.raises(ReadError) as raised:
        read("x.csv", data)
    assert str(raised.value) == message


def test_xlsx_cells_become_text_as_they_read_in_excel(read, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Participant_ID", "enrolled_on", "birth_year", "hours", "chosen"])
    sheet.append(["V1", dt.datetime(2024, 1, 15), 2004.0, 20.5, True])
    sheet.append([None, None, None, None, None])  # a formatted but empty row: not data
    sheet.append(["V2", dt.date(2024, 2, 1), 1999, None, False])
    book.save(tmp_path / "book.xlsx")
    result, rows = read("x.xlsx", (tmp_path / "book.xlsx").read_bytes())
    assert result.columns == ["participant_id", "enrolled_on", "birth_year", "hours", "chosen"]
    assert result.sheets == ["Sheet"]
    assert rows == [
        (2, "V1", "2024-01-15", "2004", "20.5", "true"),
        (4, "V2", "2024-02-01", "1999", None, "false"),
    ]


def test_xlsx_cell_beyond_the_header_is_named_by_row(read, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["a", "b"])
    book.active.append(["1", "2", "stray"])
    book.save(tmp_path / "book.xlsx")
    result, _ = read("x.xlsx", (tmp_path / "book.xlsx").read_bytes())
    assert result.structural == [(2, "-", "the row has cells beyond the header's columns")]


def test_a_file_that_is_not_a_workbook_says_so(read):
    with pytest.raises(ReadError, match="not a readable Excel workbook"):
        read("x.xlsx", b"a,b\n1,2\n")


def test_a_bad_row_in_an_export_names_file_row_and_column(
    small_export, write_export, key_file, tmp_path
):
    """Through the importer: the reader's row and each missing column, with the file's name
    (the row gives placement_id and participant_id only)."""
    small_export["placements"] = small_export["placements"].replace(
        "PL2,V2,C2,2024-04-01,2024-06-30,interrupted,false,20.5\n", "PL2,V2\n"
    )
    result = import_export(
        tmp_path / "n.duckdb",
        write_export(small_export),
        key_file=key_file,
        today=dt.date(2025, 1, 1),
    )
    assert not result.ok
    short = "the row has fewer cells than the header"
    assert [str(p) for p in result.errors] == [
        f"placements.csv:3: {column}: {short}"
        for column in (
            "company_id",
            "started_on",
            "ended_on",
            "end_reason",
            "chosen_by_participant",
            "hours_per_week",
        )
    ]
