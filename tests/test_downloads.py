"""CSV and Excel downloads read back with the right numbers in the reader's language:
Danish CSV with `;` and a decimal comma, English with `,` and a decimal point, counts as
integers, and Excel with numeric cells. The values are the overview table's for 2024 on the
tiny export (hand counts in tests/test_kpis.py; the 12-month figures on those enrolled
1 July 2023 - 30 June 2024, tests/test_cohort.py)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from tests.apptest import YEAR_2024, open_app
from tests.tiny_export import copy_tiny_db


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory, tiny_db_built):
    return copy_tiny_db(tiny_db_built, tmp_path_factory.mktemp("downloads"))


@pytest.fixture
def made(monkeypatch):
    """The files the download buttons would make, by file name (made when asked)."""
    files: dict = {}
    original = MediaFileManager.add_deferred

    def remember(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        files[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", remember)
    return files


def overview(monkeypatch, tiny_db, lang):
    at = open_app(monkeypatch, tiny_db, lang=lang, **YEAR_2024)
    at.toggle(key="exact_exports").set_value(True).run()  # exact: the small numbers stay
    assert not at.exception
    return at


def test_danish_csv(monkeypatch, tiny_db, made):
    overview(monkeypatch, tiny_db, "da")
    text = made["overblik.csv"]().decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("# INTERNT")
    assert lines[1:] == [
        "Kommune;Aktive unge;Nye unge;Aktive virksomheder;Påbegyndte praktikforløb;"
        "Virksomheder i netværket;I job/uddannelse inden 12 mdr. (%);"
        "Fastholdt 6 mdr. efter start (%)",
        "Horsens;4;3;2;4;2;66,7;50,0",
        "Vejle;5;4;3;6;3;100,0;100,0",
        "Programmet;9;7;5;10;5;80,0;66,7",
    ]


def test_english_csv(monkeypatch, tiny_db, made):
    overview(monkeypatch, tiny_db, "en")
    lines = made["overblik.csv"]().decode("utf-8-sig").splitlines()
    assert lines[1:] == [
        "Municipality,Active young people,New young people,Active companies,Placements started,"
        "Companies in the network,In job or education within 12 months (%),"
        "Retained 6 months after starting (%)",
        "Horsens,4,3,2,4,2,66.7,50.0",
        "Vejle,5,4,3,6,3,100.0,100.0",
        "Programme,9,7,5,10,5,80.0,66.7",
    ]


def test_excel_has_numeric_cells(monkeypatch, tiny_db, made):
    overview(monkeypatch, tiny_db, "da")
    book = openpyxl.load_workbook(io.BytesIO(made["overblik.xlsx"]()))
    sheet = book["overblik"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert rows == [
        ["Horsens", 4, 3, 2, 4, 2, 66.7, 50.0],
        ["Vejle", 5, 4, 3, 6, 3, 100.0, 100.0],
        ["Programmet", 9, 7, 5, 10, 5, 80.0, 66.7],
    ]
    assert isinstance(sheet["B2"].value, int) and sheet["B2"].number_format == "#,##0"
    assert sheet["G2"].number_format == "#,##0.0"
