"""CPR numbers wherever they arrive: as a participant_id they are pseudonymised like the
`cpr` column; in any other text (a name, an id, a column the contract does not know, a
header cell, a file or sheet name, the export's folder) they reject the import with the
cell named and the number not repeated. Neither the database file, the command line's
stderr, the rejected-imports log nor the Data page's report and its CSV hold the digits.

Every CPR number below is invented; only its shape matters.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import duckdb
import openpyxl
import pytest

from nextwork.ingest import privacy
from nextwork.ingest.importer import import_export, import_log, rejected_log_path
from nextwork.ops import cli
from nextwork.web import access, upload
from tests.apptest import open_app, texts
from tests.conftest import SMALL_EXPORT
from tests.test_privacy import TODAY, all_text

# Every way of writing a CPR number that the import recognises, each with its own number.
FORMS = {
    "ten-digits": lambda d: d,
    "dash": lambda d: f"{d[:6]}-{d[6:]}",
    "space": lambda d: f"{d[:6]} {d[6:]}",
    "pairs": lambda d: " ".join(d[i : i + 2] for i in range(0, 10, 2)),
    "dots-dash": lambda d: f"{d[:2]}.{d[2:4]}.{d[4:6]}-{d[6:]}",
    "dashes": lambda d: f"{d[:2]}-{d[2:4]}-{d[4:6]}-{d[6:]}",
    "slash": lambda d: f"{d[:6]}/{d[6:]}",
    "en-dash": lambda d: f"{d[:6]}\u2013{d[6:]}",
    "dot": lambda d: f"{d[:6]}.{d[6:]}",
    "underscore": lambda d: f"{d[:6]}_{d[6:]}",
    "spaced-dash": lambda d: f"{d[:6]} - {d[6:]}",
    "slashes": lambda d: f"{d[:2]}/{d[2:4]}/{d[4:6]} {d[6:]}",
}
CPRS = [
    "0102031234",
    "1503954321",
    "2907011122",
    "3112982233",
    "1110103344",
    "0511064455",
    "2002027766",
    "1208887788",
    "0704905599",
    "1901996600",
    "2506012345",
    "0909097777",
]
WRITTEN = [form(cpr) for form, cpr in zip(FORMS.values(), CPRS, strict=True)]
# The forms a file or folder name can take (a slash would make it a path).
NAMEABLE = [w for w in WRITTEN if "/" not in w]

# Every form of every number, and (for text meant to be read) the date parts.
DIGITS = sorted({form(cpr) for cpr in CPRS for form in FORMS.values()})
DATES = [cpr[:6] for cpr in CPRS]


def leaks(text: str, dates: bool = True) -> list[str]:
    return [d for d in DIGITS + (DATES if dates else []) if d in text]


def file_leaks(db_path) -> list[str]:
    """The forms found in the bytes of the database file, its write-ahead log, the
    rejected-imports log and the earlier versions kept for undo."""
    found = []
    beside = list(db_path.parent.glob(db_path.name + "*"))
    files = [p for p in beside if p.is_file()] + [
        f for p in beside if p.is_dir() for f in p.rglob("*") if f.is_file()
    ]
    for path in files:
        content = path.read_bytes()
        found += [f"{path.name}: {d}" for d in DIGITS if d.encode() in content]
    return found


def export_with(**changes: str) -> dict[str, str]:
    """conftest's small Vejle export with some files changed (table name -> CSV text)."""
    return {**SMALL_EXPORT, **changes}


@pytest.fixture
def db_path(tmp_path, write_export, key_file):
    """A database holding the small Vejle export: what a rejected import must leave as it
    was."""
    path = tmp_path / "data" / "n.duckdb"
    assert import_export(path, write_export(SMALL_EXPORT, "clean"), key_file, TODAY).ok
    return path


def run_cli(capsys, export_dir, db_path, key_file) -> tuple[int, str]:
    code = cli.main(["import", str(export_dir), "--db", str(db_path), "--key-file", str(key_file)])
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def participant_ids(db_path) -> dict[str, list[str]]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return {
            table: sorted(
                r[0]
                for r in con.execute(
                    f"select participant_id from {table} where participant_id is not null"
                ).fetchall()
            )
            for table in ("participants", "placements", "activities", "outcomes")
        }
    finally:
        con.close()


# --- as participant_id: pseudonymised like the cpr column --------------------------------


def people_export(person) -> dict[str, str]:
    """Twelve young people in Vejle, each named by `person(i)`, with a placement, an
    attendance and an outcome each; the person tables name them `person(i, other=True)`."""
    rows = ["municipality,enrolled_on,birth_year"]
    header = person(None) + ","
    participants = [header + rows[0]]
    placements = ["placement_id," + person(None, other=True) + ",company_id,started_on"]
    activities = ["activity_id,activity_type,municipality,held_on," + person(None, other=True)]
    outcomes = [person(None, other=True) + ",outcome_type,started_on"]
    for i in range(len(CPRS)):
        participants.append(f'"{person(i)}",Vejle,2024-01-15,2000')
        placements.append(f'PL{i},"{person(i, other=True)}",C1,2024-03-01')
        activities.append(f'A1,youth_network_meeting,Vejle,2024-03-10,"{person(i, other=True)}"')
        outcomes.append(f'"{person(i, other=True)}",job,2024-09-01')
    return {
        "participants": "\n".join(participants) + "\n",
        "companies": "company_id,municipality,joined_on\nC1,Vejle,2023-01-01\n",
        "placements": "\n".join(placements) + "\n",
        "activities": "\n".join(activities) + "\n",
        "outcomes": "\n".join(outcomes) + "\n",
    }


def as_participant_id(i, other=False):
    """Each number written in its own form, and in the next one in the other tables."""
    if i is None:
        return "participant_id"
    return WRITTEN[(i + 1) % len(WRITTEN)] if other else WRITTEN[i]


def as_cpr(i, other=False):
    return "cpr" if i is None else CPRS[i]


def test_a_cpr_as_participant_id_gets_the_pseudonym_of_the_cpr_column(
    tmp_path, write_export, key_file, capsys
):
    """A team that exports CPR numbers as participant_id, in any of twelve ways of writing
    them, gets the same pseudonyms as a team that puts them in the `cpr` column: the same
    young person keeps one id across imports and across the two columns, and the database
    holds none of the numbers."""
    db_path = tmp_path / "n.duckdb"
    code, output = run_cli(
        capsys, write_export(people_export(as_participant_id), "ids"), db_path, key_file
    )
    assert code == 0, output
    key = privacy.load_or_create_key(key_file)
    expected = sorted(privacy.pseudonym(key, cpr) for cpr in CPRS)
    assert all(re.fullmatch(r"p-[0-9a-f]{16}", i) for i in expected)
    first = participant_ids(db_path)
    assert first == {
        "participants": expected,
        "placements": expected,
        "activities": expected,
        "outcomes": expected,
    }
    # The next month's export gives the numbers in the cpr column instead: the same ids.
    code, output = run_cli(capsys, write_export(people_export(as_cpr), "cprs"), db_path, key_file)
    assert code == 0, output
    assert participant_ids(db_path) == first
    # And once more as participant_id, into a database of its own: the same ids again.
    other = tmp_path / "other.duckdb"
    assert import_export(
        other, write_export(people_export(as_participant_id), "again"), key_file, TODAY
    ).ok
    assert participant_ids(other) == first
    assert leaks(output) == []
    assert file_leaks(db_path) == [] and file_leaks(other) == []
    assert leaks(all_text(db_path), dates=False) == []


def test_a_participant_id_written_as_cpr_and_the_cpr_column_are_one_person(
    tmp_path, write_export, key_file
):
    """The same young person given by a CPR number in the `cpr` column of participants and
    by the same number, written another way, as participant_id in placements is one
    person: the placement is theirs."""
    files = people_export(as_cpr)
    files["placements"] = "\n".join(
        ["placement_id,participant_id,company_id,started_on"]
        + [f'PL{i},"{WRITTEN[i]}",C1,2024-03-01' for i in range(len(CPRS))]
    )
    result = import_export(tmp_path / "n.duckdb", write_export(files), key_file, TODAY)
    assert result.ok, result.report()
    ids = participant_ids(tmp_path / "n.duckdb")
    assert ids["placements"] == ids["participants"] and len(set(ids["placements"])) == 12


# --- anywhere else: an error naming the cell, and nothing changed ---------------------------


def rows_with(template: str, header: str, values: list[str]) -> str:
    return header + "\n" + "".join(template.format(i=i, v=v) + "\n" for i, v in enumerate(values))


def wider(csv_text: str, header_cells: list[str]) -> str:
    """The CSV with more header cells, and an empty cell for each on every row."""
    header, *rows = csv_text.splitlines()
    extra = "," * len(header_cells)
    return "\n".join([header + "," + ",".join(header_cells)] + [r + extra for r in rows]) + "\n"


# No written form holds a comma or a quote, so none needs quoting in a CSV.
PLACES = {
    # (files to change, the cells the errors must name as (file, row, column))
    "company-name": (
        {
            "companies": rows_with(
                "K{i},Firma {v} ApS,Vejle,2023-01-01",
                "company_id,name,municipality,joined_on",
                WRITTEN,
            )
            + "C1,Vejle Værksted,Vejle,2023-05-01\nC2,Fjordens Bageri,Vejle,2022-01-10\n"
        },
        [("companies.csv", row, "name") for row in range(2, 14)],
    ),
    "youth-network": (
        {
            "participants": rows_with(
                "X{i},Vejle,2024-01-15,{v}",
                "participant_id,municipality,enrolled_on,youth_network",
                ["Hold " + w for w in WRITTEN],
            )
            + "V1,Vejle,2024-01-15,\nV2,Vejle,2024-02-01,\n"
        },
        [("participants.csv", row, "youth_network") for row in range(2, 14)],
    ),
    "free-text": (
        # A column the contract does not know (a note) is free text: checked all the same.
        {
            "outcomes": rows_with(
                "V1,job,2024-09-01,{v}",
                "participant_id,outcome_type,started_on,note",
                ["ringet til " + w + " i dag" for w in WRITTEN],
            )
        },
        [("outcomes.csv", row, "note") for row in range(2, 14)],
    ),
    "participant_id-with-a-name": (
        {
            "outcomes": rows_with(
                "{v},job,2024-09-01",
                "participant_id,outcome_type,started_on",
                ["Anna " + w for w in WRITTEN],
            )
        },
        [("outcomes.csv", row, "participant_id") for row in range(2, 14)],
    ),
    "company_id": (
        {
            "companies": SMALL_EXPORT["companies"]
            + rows_with("{v},x,Vejle,,,,,,2023-01-01,", "", WRITTEN).lstrip("\n")
        },
        [("companies.csv", row, "company_id") for row in range(4, 16)],
    ),
    "header": (
        {"participants": wider(SMALL_EXPORT["participants"], WRITTEN)},
        [("participants.csv", 1, f"column {n}") for n in range(9, 21)],
    ),
    "file-name": (
        {f"noter {w}.txt": "noter" for w in NAMEABLE},
        [(privacy.mask_cpr_like(f"noter {w}.txt"), 0, "-") for w in NAMEABLE],
    ),
}


@pytest.mark.parametrize("place", list(PLACES))
def test_a_cpr_anywhere_else_rejects_the_import_without_repeating_it(
    place, db_path, tmp_path, write_export, key_file, capsys
):
    """A team whose export carries CPR numbers, written in any of twelve ways, where none
    belongs (a company's name, a youth network, a note, an id beside a name, a company id,
    a header cell, a file's name) gets the import rejected with each cell named by file,
    row and column, and nothing changed. No part of the report, the command line's output,
    the rejected-imports log or, after the next accepted import, the database holds the
    digits."""
    changes, cells = PLACES[place]
    export = write_export(export_with(**changes), place)
    before = participant_ids(db_path)
    code, output = run_cli(capsys, export, db_path, key_file)
    assert code == 2, output
    assert participant_ids(db_path) == before
    result = import_export(db_path, export, key_file, TODAY)
    located = sorted((p.file, p.row, p.column) for p in result.errors)
    assert located == sorted(cells), result.report()
    assert all("CPR number" in p.message for p in result.errors)
    assert f"import rejected: {len(cells)} errors; nothing was changed" in output
    assert leaks(output) == []
    assert leaks("\n".join(result.report())) == []
    log = rejected_log_path(db_path).read_text(encoding="utf-8")
    assert json.loads(log.splitlines()[-1])["count_errors"] == len(cells)
    assert leaks(log, dates=False) == []
    # The next accepted import moves the rejected attempts into the database.
    assert import_export(db_path, write_export(SMALL_EXPORT, "next"), key_file, TODAY).ok
    assert [e["status"] for e in import_log(db_path)][-3:] == ["rejected", "rejected", "ok"]
    assert file_leaks(db_path) == []
    assert leaks(all_text(db_path), dates=False) == []


def test_a_cpr_in_the_export_folders_name_rejects_it(tmp_path, write_export, key_file, capsys):
    """An export whose folder is named after a young person's CPR number is rejected (the
    folder's path is logged as the import's source) without the number."""
    db_path = tmp_path / "n.duckdb"
    for i, written in enumerate(NAMEABLE):
        export = write_export(SMALL_EXPORT, f"udtraek {written}")
        code, output = run_cli(capsys, export, db_path, key_file)
        assert code == 2, output
        assert f"udtraek {privacy.MASK}:0: -: the path of the export" in output
        assert leaks(output) == [], written
        assert len(import_log(db_path)) == i + 1
    assert [e["source"].endswith(f"udtraek {privacy.MASK}") for e in import_log(db_path)] == [
        True
    ] * len(NAMEABLE)
    assert leaks(rejected_log_path(db_path).read_text(encoding="utf-8"), dates=False) == []


def workbook(header: list[str], rows: list[list], sheets: list[str]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = sheets[0]
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for name in sheets[1:]:
        book.create_sheet(name)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_cpr_inside_a_workbook_rejects_it(db_path, write_export, key_file, capsys):
    """A companies workbook with CPR numbers in a name cell, a header cell and the names of
    its sheets is rejected at each of them, without the numbers."""
    header = ["company_id", "name", "municipality", "joined_on", f"kontakt {WRITTEN[3]}"]
    rows = [
        ["C1", f"Anna {WRITTEN[4]}", "Vejle", "2023-05-01", None],
        ["C2", "Fjordens Bageri", "Vejle", "2022-01-10", None],
    ]
    xlsx = workbook(header, rows, [f"ark {WRITTEN[0]}", "noter", f"{WRITTEN[1]}"])
    export = write_export(export_with(companies=None, **{"companies.xlsx": xlsx}), "xlsx")
    code, output = run_cli(capsys, export, db_path, key_file)
    assert code == 2, output
    result = import_export(db_path, export, key_file, TODAY)
    assert [str(p) for p in result.errors] == [
        "companies.xlsx:0: -: the name of sheet 1 holds a CPR number; rename the sheet",
        "companies.xlsx:0: -: the name of sheet 3 holds a CPR number; rename the sheet",
        "companies.xlsx:1: column 5: the column's name holds a CPR number; rename or remove "
        "the column",
        "companies.xlsx:2: name: holds a CPR number, which may only be given in the cpr "
        "column or as a whole participant_id (and is then replaced by a pseudonym); remove it",
    ]
    assert leaks(output) == [] and leaks("\n".join(result.report())) == []
    assert file_leaks(db_path) == []


# --- what is not a CPR number ---------------------------------------------------------------


def test_ordinary_numbers_are_not_taken_for_cpr_numbers(tmp_path, write_export, key_file):
    """Phone numbers, CVR and P-numbers, dates, times, postcodes and amounts in names, ids
    and free text are imported as they are."""
    companies = (
        "company_id,name,municipality,postcode,joined_on,note\n"
        '12345678,"Tlf. +45 12 34 56 78",Vejle,7100,2023-05-01,"ring 12 34 56 78 kl. 10"\n'
        '1003388394,"Bageriet (CVR 12345678)",Vejle,7120,2022-01-10,"CVR 12345678"\n'
        'C3,"Møde 15.01.2024 12:30",Vejle,7000,2023-01-01,"2024-01-15 08:30:00"\n'
        'C4,"Budget 1.250.000 kr., 2024-2025",Vejle,7100,2023-01-01,"konto 1234-5678901"\n'
        'C5,"Nr. 3213031234",Vejle,7100,2023-01-01,"+4512345678"\n'
    )
    participants = (
        "participant_id,municipality,enrolled_on,youth_network\n"
        'V1,Vejle,2024-01-15,"Hold 2024-01 (tirsdage 15.30)"\n'
        'V2,Vejle,2024-02-01,"7100 Vejle"\n'
        'V3,Vejle,2024-06-03,"Hold 15/01/2024"\n'
    )
    placements = (
        SMALL_EXPORT["placements"].replace(",C1,", ",12345678,").replace(",C2,", ",1003388394,")
    )
    files = export_with(
        participants=participants,
        companies=companies,
        placements=placements,
        activities="activity_id,activity_type,municipality,held_on\n",
        outcomes="participant_id,outcome_type,started_on\n",
    )
    db_path = tmp_path / "n.duckdb"
    result = import_export(db_path, write_export(files), key_file, TODAY)
    assert result.ok, result.report()
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        names = con.execute("select company_id, name from companies order by 1").fetchall()
    finally:
        con.close()
    assert ("1003388394", "Bageriet (CVR 12345678)") in names
    assert ("C5", "Nr. 3213031234") in names
    # The bytes search finds a stored ten-digit value that is no CPR number (day 32), so a
    # CPR number stored the same way would be found too.
    assert b"3213031234" in db_path.read_bytes()


# --- the recogniser on its own ---------------------------------------------------------------


@pytest.mark.parametrize("written", WRITTEN, ids=list(FORMS))
def test_every_form_is_found_and_masked(written):
    """Each way of writing a CPR number is found alone and inside text, and masked."""
    assert privacy.is_cpr(written) and privacy.find_cpr(written)
    assert privacy.find_cpr(f"Anna {written}") and not privacy.is_cpr(f"Anna {written}")
    assert privacy.find_cpr(f"cpr_{written}.csv")
    assert privacy.mask_cpr_like(f"Anna {written}!") == "Anna **********!"
    assert privacy.normalise_cpr(written) == CPRS[WRITTEN.index(written)]


@pytest.mark.parametrize(
    "text",
    [
        "+45 12 34 56 78",
        "12345678",
        "2024-01-15",
        "15.01.2024",
        "15.01.2024 12:30",
        "2024-01-15 12:30:45",
        "7100 Vejle",
        "1.250.000",
        "12345678901",  # eleven digits
        "3213031234",  # no day 32
        "0113031234",  # no month 13
        "0102 031234",  # the date's digits split unevenly
        "P0102031234567",
    ],
)
def test_ordinary_numbers_are_not_found(text):
    assert not privacy.find_cpr(text)


# --- the Data page ------------------------------------------------------------------------


def test_the_data_page_reports_cprs_without_the_digits(
    monkeypatch, tmp_path, db_path, key_file, deferred
):
    """An administrator uploads an export with CPR numbers in company names, a header cell,
    a note and beside a participant_id: the page's report and its CSV name every cell and
    show none of the numbers, and neither does the import history."""
    monkeypatch.setenv("NEXTWORK_KEY_FILE", str(key_file))
    files = export_with(
        companies=PLACES["company-name"][0]["companies"],
        participants=PLACES["header"][0]["participants"],
        outcomes=PLACES["free-text"][0]["outcomes"],
    )
    at = open_app(monkeypatch, db_path, "data")
    upload_files = [(f"{n}.csv", text.encode(), "text/csv") for n, text in files.items()]
    at.file_uploader[0].set_value(upload_files)
    at.run()
    at.button(key="data_import").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "afvist" in at.error[0].value
    report = next(d.value for d in at.dataframe if "Problem" in d.value)
    # 12 names, 12 header cells, 12 notes; and the note column is not the contract's
    assert list(report["Type"]) == ["Fejl"] * 36 + ["Advarsel"]
    assert set(report["Kolonne"]) == {"name", "note"} | {f"column {n}" for n in range(9, 21)}
    csv = deferred["valideringsrapport.csv"]().decode("utf-8-sig")
    assert len(csv.splitlines()) == 1 + 37
    history = next(d.value for d in at.dataframe if "Status" in d.value)
    shown = texts(at) + report.to_csv() + history.to_csv() + csv
    assert leaks(shown) == []
    assert file_leaks(db_path) == []


@pytest.mark.parametrize(
    "files",
    [
        [("participants.csv", b"x"), (f"noter {WRITTEN[1]}.csv", b"x")],
        [(f"udtraek {WRITTEN[2]}.zip", b"PK")],
        "zip-folder",
    ],
    ids=["a-file-beside", "the-zip", "a-folder-in-the-zip"],
)
def test_an_upload_whose_file_names_hold_a_cpr_is_refused(monkeypatch, db_path, key_file, files):
    """An upload with a CPR number in a file's name (a note beside the export, the zip, a
    folder inside the zip) is refused before anything is read, saying so without the
    number; the page shows no name holding it."""
    monkeypatch.setenv("NEXTWORK_KEY_FILE", str(key_file))
    if files == "zip-folder":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            for name, text in SMALL_EXPORT.items():
                z.writestr(f"{WRITTEN[3]}/{name}.csv", text)
        files = [("juni.zip", buffer.getvalue())]
    admin = access.Viewer(role="admin", email="data@vejle.dk", signed_in=True)
    outcome = upload.load([upload.Received(n, d) for n, d in files], db_path, admin)
    assert (outcome.status, outcome.refusal.code) == ("refused", "cpr_in_name")
    assert leaks(" ".join(outcome.files + outcome.ignored)) == []
    at = open_app(monkeypatch, db_path, "data")
    at.file_uploader[0].set_value([(n, d, "text/plain") for n, d in files])
    at.run()
    at.button(key="data_import").click().run()
    assert not at.exception
    assert at.error[0].value.startswith("Et filnavn (eller en mappe i zip-filen) indeholder")
    assert leaks(texts(at)) == []


def test_an_empty_cpr_column_beside_participant_ids_is_fine(tmp_path, write_export, key_file):
    """A case system that always writes a `cpr` column, empty when the team uses its own
    ids, loads as the ids alone."""
    files = export_with(
        participants=SMALL_EXPORT["participants"]
        .replace("participant_id,", "participant_id,cpr,")
        .replace("\nV1,", "\nV1,,")
        .replace("\nV2,", "\nV2,,")
        .replace("\nV3,", "\nV3,,")
    )
    db_path = tmp_path / "n.duckdb"
    result = import_export(db_path, write_export(files), key_file, TODAY)
    assert result.ok, result.report()
    assert participant_ids(db_path)["participants"] == ["V1", "V2", "V3"]
