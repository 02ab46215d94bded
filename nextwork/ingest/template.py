"""The template workbook for a team that keeps its records in Excel: a sheet per table of
the export, with Danish and English headers, drop-down lists for every column with fixed
values, date formats, an example row, and a sheet of instructions.

Filled in, the one `.xlsx` file is an export: the importer reads a workbook with a sheet per
table (`participants`, `companies`, ...). On each sheet, row 1 holds the Danish name of each
column, row 2 the English one, row 3 an example, and row 4 the column names the importer
reads (the header); the data starts in row 5. The rows above the header are not data.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from nextwork.i18n import t as _t  # the one translator
from nextwork.ingest import contract, db

HEADER_ROW = 4
FIRST_DATA_ROW = HEADER_ROW + 1
LAST_ROW = 5000  # the drop-down lists reach this far
DATE_FORMAT = "dd-mm-yyyy"
LISTS = "lister"  # the hidden sheet with the longer lists (municipalities, industries)
MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The export's columns in the template; `cpr` is left out on purpose: a team that keeps
# its records in Excel identifies each young person by its own number, not a CPR number.
LEFT_OUT = {"cpr"}

LABELS: dict[str, tuple[str, str]] = {
    "participant_id": ("Den unges nummer", "Young person's number"),
    "municipality": ("Kommune", "Municipality"),
    "enrolled_on": ("Startdato", "Enrolled on"),
    "exited_on": ("Slutdato", "Exited on"),
    "birth_year": ("Fødselsår", "Birth year"),
    "gender": ("Køn", "Gender"),
    "target_group": ("Målgruppe", "Target group"),
    "youth_network": ("Ungenetværk", "Youth network"),
    "company_id": ("Virksomhedens nummer", "Company's number"),
    "name": ("Virksomhedens navn", "Company name"),
    "industry": ("Branche (DB07)", "Industry (DB07)"),
    "size_band": ("Antal ansatte", "Employees"),
    "postcode": ("Postnummer", "Postcode"),
    "latitude": ("Breddegrad", "Latitude"),
    "longitude": ("Længdegrad", "Longitude"),
    "joined_on": ("Med i netværket fra", "Joined the network on"),
    "left_on": ("Ude af netværket fra", "Left the network on"),
    "placement_id": ("Praktikkens nummer", "Placement's number"),
    "started_on": ("Startdato", "Started on"),
    "ended_on": ("Slutdato", "Ended on"),
    "end_reason": ("Hvordan det sluttede", "How it ended"),
    "chosen_by_participant": ("Valgt af den unge", "Chosen by the young person"),
    "hours_per_week": ("Timer om ugen", "Hours a week"),
    "activity_id": ("Aktivitetens nummer", "Activity's number"),
    "activity_type": ("Aktivitet", "Activity"),
    "held_on": ("Dato", "Held on"),
    "outcome_type": ("Resultat", "Outcome"),
    "year": ("År", "Year"),
    "cost_dkk": ("Udgift (kr.)", "Cost (DKK)"),
    "staff_fte": ("Årsværk", "Staff (FTE)"),
}

SHEET_LABELS: dict[str, tuple[str, str]] = {
    "participants": ("De unge", "Young people"),
    "companies": ("Virksomhederne", "Companies"),
    "placements": ("Praktikforløb", "Placements"),
    "activities": ("Aktiviteter (en række pr. deltager)", "Activities (a row per attendee)"),
    "outcomes": ("Job og uddannelse", "Jobs and education"),
    "costs": ("Udgifter (valgfrit)", "Costs (optional)"),
}

# The Danish word the importer accepts for each fixed value (see contract.ENUMS).
DANISH_VALUES: dict[str, dict[str, str]] = {
    "gender": {"female": "kvinde", "male": "mand", "other": "andet", "unknown": "ukendt"},
    "target_group": {
        "activity_ready": "aktivitetsparat",
        "education_ready": "uddannelsesparat",
        "job_ready": "jobparat",
        "other": "andet",
    },
    "size_band": {v: v for v in contract.ENUMS["size_band"]},
    "end_reason": {"completed": "gennemført", "interrupted": "afbrudt", "other": "andet"},
    "activity_type": {
        "youth_network_meeting": "ungenetværksmøde",
        "company_network_meeting": "virksomhedsnetværksmøde",
        "joint_meeting": "fællesmøde",
        "individual_session": "individuel samtale",
        "company_visit": "virksomhedsbesøg",
        "other": "andet",
    },
    "outcome_type": {"education": "uddannelse", "job": "beskæftigelse"},
}

# One example row per sheet (canonical values; enums are written in the chosen language).
EXAMPLES: dict[str, dict[str, object]] = {
    "participants": {
        "participant_id": "U001",
        "municipality": "Vejle",
        "enrolled_on": "2025-01-15",
        "birth_year": 2004,
        "gender": "female",
        "target_group": "job_ready",
        "youth_network": "Team Nord",
    },
    "companies": {
        "company_id": "V001",
        "name": "Fjordens Bageri",
        "municipality": "Vejle",
        "industry": "I",
        "size_band": "10-49",
        "postcode": 7100,
        "joined_on": "2024-09-01",
    },
    "placements": {
        "placement_id": "P001",
        "participant_id": "U001",
        "company_id": "V001",
        "started_on": "2025-02-03",
        "ended_on": "2025-04-30",
        "end_reason": "completed",
        "chosen_by_participant": True,
        "hours_per_week": 25,
    },
    "activities": {
        "activity_id": "A001",
        "activity_type": "youth_network_meeting",
        "municipality": "Vejle",
        "held_on": "2025-02-10",
        "participant_id": "U001",
    },
    "outcomes": {
        "participant_id": "U001",
        "outcome_type": "job",
        "started_on": "2025-06-01",
        "company_id": "V001",
    },
    "costs": {"municipality": "Vejle", "year": 2025, "cost_dkk": 1250000, "staff_fte": 2.5},
}

_BOLD = Font(bold=True)
_GREY = Font(italic=True, color="666666")
_FILL = PatternFill("solid", fgColor="DDDDDD")
_EXAMPLE_FILL = PatternFill("solid", fgColor="F2F2F2")


def columns(table: str) -> list[contract.Column]:
    return [c for c in contract.TABLES[table].columns if c.name not in LEFT_OUT]


def _value(column: contract.Column, value, lang: str):
    import datetime as dt

    if value is None:
        return None
    if column.type == "date":
        return dt.date.fromisoformat(value)
    if column.type == "enum" and lang == "da":
        return DANISH_VALUES[column.enum][value]
    if column.type == "boolean":
        return _t(lang, "ja", "yes") if value else _t(lang, "nej", "no")
    return value


def _lists(book: Workbook, lang: str) -> dict[str, str]:
    """The hidden sheet of longer lists; returns each list's range by name."""
    sheet = book.create_sheet(LISTS)
    names = list(db.municipality_table()["name"])
    sections = list(contract.DB07_SECTIONS)
    for i, name in enumerate(names, start=1):
        sheet.cell(i, 1, name)
    for i, letter in enumerate(sections, start=1):
        sheet.cell(i, 2, letter)
        sheet.cell(i, 3, contract.DB07_SECTIONS[letter])
        sheet.cell(i, 4, contract.DB07_SECTIONS_EN[letter])
    sheet.sheet_state = "hidden"
    return {
        "municipality": f"{LISTS}!$A$1:$A${len(names)}",
        "industry": f"{LISTS}!$B$1:$B${len(sections)}",
    }


def _validation(column: contract.Column, lists: dict[str, str], lang: str):
    if column.type == "enum":
        values = (
            DANISH_VALUES[column.enum].values() if lang == "da" else contract.ENUMS[column.enum]
        )
        formula = '"' + ",".join(values) + '"'
    elif column.type == "boolean":
        formula = '"' + _t(lang, "ja,nej", "yes,no") + '"'
    elif column.type in lists:
        formula = "=" + lists[column.type]
    elif column.type == "date":
        return DataValidation(
            type="date",
            operator="greaterThanOrEqual",
            formula1="DATE(2000,1,1)",
            showErrorMessage=True,
            error=_t(lang, "Skriv en dato, fx 15-01-2025.", "Enter a date, e.g. 15-01-2025."),
        )
    else:
        return None
    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        error=_t(lang, "Vælg en værdi fra listen.", "Choose a value from the list."),
    )


def _table_sheet(book: Workbook, table: str, lists: dict[str, str], lang: str) -> None:
    sheet = book.create_sheet(table)
    cols = columns(table)
    example = EXAMPLES[table]
    for i, column in enumerate(cols, start=1):
        da, en = LABELS[column.name]
        required = column.required or (column.name == "participant_id")
        star = " *" if required else ""
        cells = (
            sheet.cell(1, i, da + star),
            sheet.cell(2, i, en + star),
            sheet.cell(3, i, _value(column, example.get(column.name), lang)),
            sheet.cell(HEADER_ROW, i, column.name),
        )
        cells[0].font = _BOLD
        cells[1].font = Font(italic=True)
        cells[2].font = _GREY
        cells[2].fill = _EXAMPLE_FILL
        cells[3].fill = _FILL
        cells[3].font = Font(bold=True, color="333333")
        cells[3].comment = Comment(
            _t(lang, "Kolonnens navn i udtrækket: ", "The column's name in the export: ")
            + column.name,
            "NExTWORK Indsigt",
        )
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = max(14, min(len(da) + 4, 30))
        number_format = {
            "date": DATE_FORMAT,
            "text": "@",
            "enum": "@",
            "municipality": "@",
            "industry": "@",
        }.get(column.type)
        if column.type == "date":
            cells[2].number_format = DATE_FORMAT
        if number_format:  # the column's own format: every cell typed in it takes it
            sheet.column_dimensions[letter].number_format = number_format
        validation = _validation(column, lists, lang)
        if validation is not None:
            sheet.add_data_validation(validation)
            validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{LAST_ROW}")
    for row in (1, 2, 3, HEADER_ROW):
        for cell in sheet[row]:
            cell.alignment = Alignment(vertical="top", wrap_text=row < 3)
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"


def _instructions(sheet, lang: str) -> None:
    da = [
        "NExTWORK Indsigt: skabelon til et udtræk",
        "",
        "Sådan bruger I skabelonen",
        "1. Skriv jeres data på arkene participants, companies, placements, activities og "
        "outcomes (og costs, hvis I vil have økonomien med), én række pr. ung, virksomhed, "
        "praktikforløb, deltagelse i en aktivitet eller resultat.",
        f"2. Begynd i række {FIRST_DATA_ROW}. Række 1-2 er kolonnernes navne på dansk og "
        f"engelsk, række 3 er et eksempel, og række {HEADER_ROW} er kolonnenavnene, som "
        "indlæsningen læser. Lad dem stå: rækkerne over kolonnenavnene indlæses ikke.",
        "3. Kolonner med * skal udfyldes. Datoer skrives som datoer (fx 15-01-2025). "
        "Kolonner med faste værdier har en liste at vælge fra.",
        "4. Hver ung, virksomhed, praktik og aktivitet har jeres eget nummer (fx U001, V001). "
        "Brug aldrig CPR-numre som nummer. Praktikforløb, aktiviteter og resultater henviser "
        "til de unges og virksomhedernes numre.",
        "5. En aktivitet med flere deltagere står på flere rækker med samme nummer: én pr. "
        "ung eller virksomhed, der deltog.",
        "6. Gem filen som .xlsx, og indlæs den på siden Data (eller på kommandolinjen: "
        "python -m nextwork import MAPPE --db DATABASE, med filen alene i mappen). Et udtræk "
        "erstatter kommunens tidligere data helt.",
        "",
        "Datakontrakten med alle regler står i data/README.md.",
    ]
    en = [
        "NExTWORK Indsigt: template for an export",
        "",
        "How to use the template",
        "1. Write your data on the sheets participants, companies, placements, activities and "
        "outcomes (and costs, to include the cost figures), one row per young person, company, "
        "placement, attendance at an activity or outcome.",
        f"2. Start in row {FIRST_DATA_ROW}. Rows 1-2 name the columns in Danish and English, "
        f"row 3 is an example, and row {HEADER_ROW} holds the column names the import reads. "
        "Leave them: the rows above the column names are not imported.",
        "3. Columns marked * must be filled in. Write dates as dates (e.g. 15-01-2025). "
        "Columns with fixed values have a list to choose from.",
        "4. Each young person, company, placement and activity has your own number (e.g. U001, "
        "V001). Never use CPR numbers as numbers. Placements, activities and outcomes refer to "
        "the numbers of the young people and companies.",
        "5. An activity with several attendees takes several rows with the same number: one "
        "per young person or company that attended.",
        "6. Save the file as .xlsx and load it on the Data page (or on the command line: "
        "python -m nextwork import FOLDER --db DATABASE, with the file alone in the folder). "
        "An export replaces the municipality's earlier data entirely.",
        "",
        "The data contract with every rule is in data/README.md.",
    ]
    for i, line in enumerate(en if lang == "en" else da, start=1):
        cell = sheet.cell(i, 1, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if i in (1, 3):
            cell.font = Font(bold=True, size=14 if i == 1 else 12)
    sheet.column_dimensions["A"].width = 110


def build(lang: str = "da") -> bytes:
    """The template workbook, its instructions and fixed values in `lang` (da or en)."""
    book = Workbook()
    book.active.title = _t(lang, "Vejledning", "Instructions")
    _instructions(book.active, lang)
    lists = _lists(book, lang)
    for table in contract.TABLES:
        _table_sheet(book, table, lists, lang)
    book.move_sheet(LISTS, offset=len(book.sheetnames))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write(path: str | Path, lang: str = "da") -> Path:
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"{path}: the template is an Excel workbook; name it *.xlsx")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(build(lang))
    return path
