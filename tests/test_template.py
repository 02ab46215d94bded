"""The template workbook: a sheet per table with Danish and English headers, drop-down
lists, date formats, an example row and instructions; filled in with the tiny export's rows
it imports as one file and gives the same figures as the CSV form."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from nextwork.ingest import contract, db, template
from nextwork.ingest.importer import import_export
from nextwork.metrics.kpis import compute_kpis
from nextwork.ops import cli
from tests.apptest import open_app
from tests.tiny_export import AS_OF, EXPORT, write_export


@pytest.fixture(autouse=True)
def own_key(monkeypatch, tmp_path):
    monkeypatch.setenv("NEXTWORK_KEY_FILE", str(tmp_path / "pseudonym.key"))


def test_the_command_line_writes_the_template(tmp_path):
    out = tmp_path / "skabelon.xlsx"
    assert cli.main(["template", "--out", str(out)]) == 0
    book = load_workbook(out)
    assert book.sheetnames == ["Vejledning", *contract.TABLES, "lister"]
    sheet = book["participants"]
    assert [c.value for c in sheet[1]][:3] == ["Den unges nummer *", "Kommune *", "Startdato *"]
    assert [c.value for c in sheet[2]][:3] == [
        "Young person's number *",
        "Municipality *",
        "Enrolled on *",
    ]
    assert [c.value for c in sheet[4]][:3] == ["participant_id", "municipality", "enrolled_on"]
    assert "cpr" not in [c.value for c in sheet[4]]
    assert sheet["A3"].value == "U001" and sheet["C3"].value == dt.datetime(2025, 1, 15)
    assert sheet.column_dimensions["C"].number_format == "dd-mm-yyyy"
    assert sheet.column_dimensions["A"].number_format == "@", "numbers as text, as 1-9"
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["F5:F5000"] == '"kvinde,mand,andet,ukendt"'
    assert lists["B5:B5000"] == "=lister!$A$1:$A$98"
    assert book["lister"].sheet_state == "hidden"


def fill(data: bytes, folder) -> None:
    """Write the tiny export's rows into the template from row 5, dates as dates."""
    book = load_workbook(io.BytesIO(data))
    for table, text in EXPORT.items():
        sheet = book[table]
        header = [c.value for c in sheet[template.HEADER_ROW]]
        kinds = {c.name: c.type for c in contract.TABLES[table].columns}
        for r, row in enumerate(csv.DictReader(io.StringIO(text)), start=template.FIRST_DATA_ROW):
            for name, value in row.items():
                if value == "":
                    continue
                if kinds[name] == "date":
                    value = dt.datetime.fromisoformat(value)
                elif kinds[name] == "integer":
                    value = int(value)
                sheet.cell(r, header.index(name) + 1, value)
    folder.mkdir()
    book.save(folder / "vores-data.xlsx")


def figures(db_path):
    con = db.connect(db_path, read_only=True)
    try:
        return compute_kpis(con, dt.date(2024, 1, 1), dt.date(2024, 12, 31), as_of=AS_OF)
    finally:
        con.close()


def test_the_filled_in_template_imports_as_the_csv_export(tmp_path):
    fill(template.build(), tmp_path / "excel")
    from_excel = import_export(tmp_path / "excel.duckdb", tmp_path / "excel", today=AS_OF)
    assert from_excel.ok, from_excel.errors
    assert from_excel.row_counts["participants"] == 11
    csv_db = tmp_path / "csv.duckdb"
    assert import_export(csv_db, write_export(tmp_path / "csv"), today=AS_OF).ok
    excel = figures(tmp_path / "excel.duckdb")
    assert excel == figures(csv_db)
    assert excel["total"]["participants_new"] == 7


def test_a_mistake_in_the_template_is_located_by_sheet_and_row(tmp_path):
    """A Danish value from the list imports; a value not in it is named with its sheet and
    its row in the sheet."""
    data = template.build()
    folder = tmp_path / "excel"
    fill(data, folder)
    book = load_workbook(folder / "vores-data.xlsx")
    book["participants"]["F5"] = "kvinde"
    book["participants"]["G6"] = "klar"
    book.save(folder / "vores-data.xlsx")
    result = import_export(tmp_path / "x.duckdb", folder, today=AS_OF)
    assert [str(p) for p in result.errors] == [
        "vores-data.xlsx[participants]:6: target_group: 'klar' is not one of "
        "activity_ready, education_ready, job_ready, other"
    ]


def test_the_data_page_offers_the_template(monkeypatch, tmp_path):
    from tests.tiny_export import build_db

    at = open_app(monkeypatch, build_db(tmp_path), "data")
    buttons = [b for b in at.get("download_button") if b.proto.id.endswith("data_template")]
    assert len(buttons) == 1
