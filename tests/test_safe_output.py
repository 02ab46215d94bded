"""What leaves the dashboard is safe to open, and what comes in through a link, a file or the
data is shown as text: no formula in a CSV or Excel cell, no markdown from a link or a file
name, no traceback from an odd date in a link, and an audit row for every file made for a
reader, written when the file is made."""

from __future__ import annotations

import csv
import io
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook

from nextwork.ingest import audit
from nextwork.ingest.importer import import_export
from nextwork.ops import cli
from nextwork.present import cells, workbook
from nextwork.web import downloads, upload
from tests.apptest import PAGES, YEAR_2024, open_app, texts
from tests.tiny_export import AS_OF, EXPORT, build_db, copy_tiny_db, write_export

EVIL = '=HYPERLINK("http://evil.example/x","klik")'


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory, tiny_db_built):
    return copy_tiny_db(tiny_db_built, tmp_path_factory.mktemp("safe"))


@pytest.fixture(autouse=True)
def own_key(monkeypatch, tmp_path):
    monkeypatch.setenv("NEXTWORK_KEY_FILE", str(tmp_path / "pseudonym.key"))


def xlsx_cells(data: bytes) -> list:
    book = load_workbook(io.BytesIO(data))
    return [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]


# --- formula injection ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, safe",
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Vejle", "Vejle"),
        ("-", "-"),
        ("-12,5", "-12,5"),
        (-5, -5),
        (2.5, 2.5),
        (None, None),
    ],
)
def test_a_cell_is_neutralised_and_numbers_stay_numbers(value, safe):
    assert cells.safe(value) == safe


def test_the_validation_report_carries_no_formula(tmp_path):
    """A header cell holding a formula reaches the report's Column as text, in the CSV and
    in the Excel file."""
    export = write_export(tmp_path / "export")
    path = export / "participants.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] += ',"' + EVIL.replace('"', '""') + '"'
    path.write_text("\n".join(line + ("," if i else "") for i, line in enumerate(lines)) + "\n")
    result = import_export(tmp_path / "x.duckdb", export, key_file=tmp_path / "k.key")
    report = upload.problems(result)
    assert EVIL.lower() in set(report["column"])
    text = upload.csv_bytes(report).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1][3] == "'" + EVIL.lower()
    data = upload.xlsx_bytes(report, "rapport")
    found = [c for c in xlsx_cells(data) if "hyperlink" in str(c.value).lower()]
    assert found and all(c.data_type == "s" and c.value.startswith("'=") for c in found)


def test_page_downloads_carry_no_formula():
    """The page downloads (CSV and Excel) neutralise text cells and headers, and keep
    numbers as numbers."""
    frame = pd.DataFrame({"Virksomhed": [EVIL, "Fjordens Bageri"], "@antal": [-5, 12]})
    text = downloads._csv(frame, "intern")  # exact: the frame as it is
    assert "'=HYPERLINK(" in text.decode("utf-8-sig") and ";-5" in text.decode("utf-8-sig")
    assert "'@antal" in text.decode("utf-8-sig")
    found = xlsx_cells(downloads._xlsx(frame, "ark", "intern"))
    assert not [c for c in found if c.data_type == "f"]
    assert -5 in [c.value for c in found]


def test_the_workbook_carries_no_formula():
    """A filter value that looks like a formula is text in the workbook."""
    data = workbook.build([], [("Kommuner", "=1+1"), ("Fra", AS_OF)], "da")
    found = xlsx_cells(data)
    assert not [c for c in found if c.data_type == "f"]
    assert "'=1+1" in [c.value for c in found]


# --- audit when the file is made -----------------------------------------------------------


def test_every_file_made_is_audited_without_a_click(monkeypatch, tmp_path, deferred):
    """A client that fetches the files without pressing a button still leaves an audit row
    for each: the overview's CSV and Excel, and the whole workbook."""
    db_path = build_db(tmp_path)
    made = deferred
    open_app(monkeypatch, db_path, email="chef@example.dk", **YEAR_2024)
    before = len(audit.entries(db_path))
    names = [n for n in made if n.endswith((".csv", ".xlsx"))]
    assert any(n.startswith("nextwork_2024-01-01") for n in names), names
    for name in names:
        made[name]()
    rows = audit.entries(db_path)[before:]
    assert sorted(r[4] for r in rows) == sorted(names)
    assert {(r[1], r[2], r[3]) for r in rows} == {("chef@example.dk", "export", "admin:all")}


def test_command_line_imports_are_audited(tmp_path, monkeypatch):
    monkeypatch.setenv("NEXTWORK_KEY_FILE", str(tmp_path / "k.key"))
    export = write_export(tmp_path / "export")
    db_path = tmp_path / "cli.duckdb"
    assert cli.main(["import", str(export), "--db", str(db_path)]) == 0
    (export / "participants.csv").write_text("participant_id\n", encoding="utf-8")
    assert cli.main(["import", str(export), "--db", str(db_path)]) == 2
    rows = audit.entries(db_path)
    assert [(r[2], r[3], r[4].split(":")[0]) for r in rows] == [
        ("import", "command line", "accepted"),
        ("import", "command line", "rejected"),
    ]


# --- markdown from links and files ---------------------------------------------------------


def test_link_values_are_shown_as_text(monkeypatch, tiny_db):
    """A link's rejected values are echoed as text: no link, no external image."""
    at = open_app(
        monkeypatch,
        tiny_db,
        municipality="[Log ind igen her](https://evil.example/login)",
        lang="![x](https://evil.example/x.png)",
        **YEAR_2024,
    )
    warning = at.warning[0].value
    assert "`municipality=[Log ind igen her](https://evil.example/login)`" in warning
    assert "`lang=![x](https://evil.example/x.png)`" in warning
    assert warning.count("`") == 4, "each value in one code span, nothing outside them"


def test_ignored_zip_entries_are_shown_as_text(monkeypatch, tiny_db):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, text in EXPORT.items():
            z.writestr(f"{name}.csv", text)
        z.writestr("[klik her](evil.example) **fed**.txt", "x")
    at = open_app(monkeypatch, tiny_db, "data")
    at.file_uploader[0].set_value(("u.zip", buffer.getvalue(), "application/zip"))
    at.run()
    at.button(key="data_import").click().run()
    shown = texts(at)
    assert "Ikke en del af et udtræk" in shown
    assert "`[klik her](evil.example) **fed**.txt`" in shown


# --- odd dates in links --------------------------------------------------------------------


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize(
    "query",
    [
        {"as_of": "0001-01-01"},
        {"start": "0001-01-01", "end": "2024-12-31"},
        {"start": "2024-01-01", "end": "9999-12-31"},
        {"as_of": "1999-12-31", "start": "1999-01-01", "end": "1999-12-31"},
    ],
    ids=["as_of", "start", "end", "before-2000"],
)
def test_odd_dates_in_a_link_fall_back_with_a_notice(monkeypatch, tiny_db, page, query):
    at = open_app(monkeypatch, tiny_db, page, **query)
    assert not at.exception, [e.value for e in at.exception]
    f = at.session_state["filters"]
    assert f.start.year >= 2000 and f.as_of.year >= 2000 and f.end.year < 9999
    assert "kunne ikke bruges" in texts(at)


def test_a_company_name_is_text_in_the_map_tooltip(
    monkeypatch, tmp_path, write_export, small_export
):
    """The map's tooltip is HTML: a company named like a tag shows as that text."""
    evil = "<img src=x onerror=alert(1)>"
    small_export["companies"] = small_export["companies"].replace("Vejle Værksted", evil)
    db_path = tmp_path / "map.duckdb"
    result = import_export(db_path, write_export(small_export, "map"), key_file=tmp_path / "k")
    assert result.ok, result.errors
    at = open_app(monkeypatch, db_path, "virksomheder", start="2024-01-01", end="2024-12-31")
    assert not at.exception
    spec = at.get("deck_gl_json_chart")[0].proto.json
    assert "&lt;img src=x onerror=alert(1)&gt;" in spec and "<img src=x" not in spec


def test_the_decks_chart_data_carries_no_formula():
    """A chart's data travels in the PowerPoint file as an embedded workbook: a category
    that looks like a formula is text there."""
    from pptx import Presentation

    from nextwork.present import deck

    chart = deck.Chart(
        title="Test",
        categories=("=1+1", "Vejle"),
        series=(deck.Series("@navn", (3.0, 4.0), ("3", "4"), "#123456"),),
        kind="count",
        value_title="Antal",
        category_title="Kommune",
    )
    data = deck.pptx([deck.Slide(key="chart", title="Test", chart=chart)], "NExTWORK", "da", None)
    shapes = [s for s in Presentation(io.BytesIO(data)).slides[0].shapes if s.has_chart]
    workbook_part = shapes[0].chart.part.chart_workbook.xlsx_part
    found = xlsx_cells(workbook_part.blob)
    assert not [c for c in found if c.data_type == "f"]
    assert {"'=1+1", "'@navn"} <= {c.value for c in found}
