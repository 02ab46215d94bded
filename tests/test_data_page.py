"""The Data page: everyone sees how recent each site's figures are and every import so far;
an administrator uploads an export (its files or one zip of them) and gets either a summary
of what was loaded or the located validation report with nothing changed. The upload's
handling (`nextwork.web.upload`) is tested directly, and the page through AppTest's file
uploader."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import stat
import tomllib
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from nextwork import config
from nextwork.ingest import audit
from nextwork.ingest.importer import import_export, import_log
from nextwork.web import access, upload
from tests.apptest import ROOT, YEAR_2024, open_app, texts
from tests.tiny_export import EXPORT, build_db, copy_tiny_db

ADMIN = access.Viewer(role="admin", email="data@vejle.dk", signed_in=True)
EMAIL = "analytiker@example.dk"  # open_app's signed-in user

# Rows the tiny export stores per municipality, counted from tests/tiny_export.py:
#   participants  Vejle V1-V6 = 6; Horsens H1-H5 = 5
#   companies     Vejle CV1-CV4 = 4; Horsens CH1-CH3 = 3
#   placements    owned by the young person's municipality: PL1-PL9 are V-people = 9,
#                 PL10-PL16 are H-people = 7
#   activities    one row per attendance: Vejle A0, A1 x2, A2, A3, A4, A8 x2, A9 = 9;
#                 Horsens A5 x3, A6, A7 = 5
#   outcomes      Vejle V1, V3, V5, V6 x2 = 5; Horsens H1, H2, H4 x2, H5 = 5
#   costs         no costs file = 0
TINY_ROWS = [
    {
        "municipality": "Horsens",
        "count_participants": 5,
        "count_companies": 3,
        "count_placements": 7,
        "count_activities": 5,
        "count_outcomes": 5,
        "count_costs": 0,
    },
    {
        "municipality": "Vejle",
        "count_participants": 6,
        "count_companies": 4,
        "count_placements": 9,
        "count_activities": 9,
        "count_outcomes": 5,
        "count_costs": 0,
    },
]

# The same on a database that held conftest's small Vejle export first: its one costs row
# (Vejle 2024) stays, since an export without a costs file leaves the stored costs alone.
TINY_ROWS_OVER_VEJLE = [TINY_ROWS[0], {**TINY_ROWS[1], "count_costs": 1}]

# The tiny export broken in two places: V3 (line 4 of participants.csv: header, V1, V2, V3)
# enrols on 30 February, and PL5 (line 6 of placements.csv: header, PL1-PL4, PL5) is hosted
# by CV9, which is not among the companies.
BROKEN = {
    **EXPORT,
    "participants": EXPORT["participants"].replace("V3,Vejle,2024-01-31", "V3,Vejle,2024-02-30"),
    "placements": EXPORT["placements"].replace("PL5,V5,CV1", "PL5,V5,CV9"),
}
BROKEN_REPORT = [
    (
        "error",
        "participants.csv",
        4,
        "enrolled_on",
        "'2024-02-30' is not a date (YYYY-MM-DD, DD-MM-YYYY, DD.MM.YYYY or DD/MM/YYYY)",
    ),
    ("error", "placements.csv", 6, "company_id", "company_id 'CV9' is not in companies"),
]


def files_of(export: dict[str, str]) -> list[upload.Received]:
    return [upload.Received(f"{name}.csv", text.encode("utf-8")) for name, text in export.items()]


def zip_of(entries: dict[str, bytes | str], links: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in entries.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in links:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            z.writestr(info, content)
    return buffer.getvalue()


def identity(path: Path) -> tuple:
    """The database file as it is: inode, modification time and content."""
    info = os.stat(path)
    return info.st_ino, info.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest()


def stored_rows(db_path: Path, municipalities: list[str]) -> list[dict]:
    return upload.rows_per_municipality(db_path, municipalities).to_dict("records")


@pytest.fixture(autouse=True)
def own_key(monkeypatch, tmp_path):
    """Imports never touch the real pseudonymisation key."""
    monkeypatch.setenv("NEXTWORK_KEY_FILE", str(tmp_path / "pseudonym.key"))


@pytest.fixture
def vejle_db(tmp_path, write_export, small_export) -> Path:
    """A database holding only conftest's small Vejle export (V1-V3), before any upload."""
    db_path = tmp_path / "data" / "nextwork.duckdb"
    result = import_export(db_path, write_export(small_export, "small"))
    assert result.ok, result.errors
    return db_path


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory, tiny_db_built):
    return copy_tiny_db(tiny_db_built, tmp_path_factory.mktemp("data_page"))


# --- the query -------------------------------------------------------------------------------


def test_rows_per_municipality_on_the_tiny_export(tiny_db):
    """An administrator checking what is stored sees the tiny export's rows per table, by
    hand above; a site with no data has a row of zeros."""
    expected = [
        TINY_ROWS[0],
        {
            "municipality": "Roskilde",
            "count_participants": 0,
            "count_companies": 0,
            "count_placements": 0,
            "count_activities": 0,
            "count_outcomes": 0,
            "count_costs": 0,
        },
        TINY_ROWS[1],
    ]
    assert expected == stored_rows(tiny_db, ["Vejle", "Roskilde", "Horsens"])


# --- the upload, directly ----------------------------------------------------------------------


def test_the_tiny_export_as_files_is_loaded_and_summarised(vejle_db):
    """A data administrator uploads the tiny export's five CSV files: Vejle's data is
    replaced, Horsens' is added, the summary gives the rows per table and municipality, the
    steps are reported in order, and the audit log names the administrator."""
    steps = []
    outcome = upload.load(files_of(EXPORT), vejle_db, ADMIN, progress=steps.append)
    assert outcome.status == "accepted"
    assert outcome.result.municipalities == ["Horsens", "Vejle"]
    assert TINY_ROWS_OVER_VEJLE == outcome.counts.to_dict("records")
    assert TINY_ROWS_OVER_VEJLE == stored_rows(vejle_db, ["Horsens", "Vejle"])
    assert steps == ["received", "unpacked", "checking", "done"]
    assert outcome.ignored == []
    last = audit.entries(vejle_db)[-1]
    assert last[1:] == ("data@vejle.dk", "import", "admin:all", "accepted: Horsens, Vejle")
    assert import_log(vejle_db)[-1]["source"] == (
        "upload: participants.csv, companies.csv, placements.csv, activities.csv, outcomes.csv"
    )


def test_the_tiny_export_as_a_zip_in_one_folder_is_loaded(vejle_db):
    """The same export zipped in a folder of its own, with a note and a Mac's extra files
    beside it, loads the same rows; the note is named as not loaded, the Mac's files are
    skipped silently."""
    entries = {f"juni-2025/{name}.csv": text for name, text in EXPORT.items()}
    entries["juni-2025/LÆS MIG.txt"] = "udtrukket 30.6.2025"
    entries["__MACOSX/juni-2025/._participants.csv"] = b"\x00\x05"
    entries["juni-2025/.DS_Store"] = b"\x00"
    outcome = upload.load([upload.Received("juni.zip", zip_of(entries))], vejle_db, ADMIN)
    assert outcome.status == "accepted"
    assert TINY_ROWS_OVER_VEJLE == outcome.counts.to_dict("records")
    assert outcome.ignored == ["juni-2025/LÆS MIG.txt"]


def test_a_broken_export_gives_the_located_report_and_changes_nothing(vejle_db):
    """A broken export is rejected with each problem at its file, line and column, the
    database file is not touched, and the audit log records the rejection."""
    before = identity(vejle_db)
    rows_before = stored_rows(vejle_db, ["Horsens", "Vejle"])
    outcome = upload.load(files_of(BROKEN), vejle_db, ADMIN)
    assert outcome.status == "rejected"
    assert BROKEN_REPORT == list(upload.problems(outcome.result).itertuples(index=False))
    assert outcome.counts is None
    assert before == identity(vejle_db)
    assert rows_before == stored_rows(vejle_db, ["Horsens", "Vejle"])
    assert import_log(vejle_db)[-1]["status"] == "rejected"
    assert audit.entries(vejle_db)[-1][1:] == (
        "data@vejle.dk",
        "import",
        "admin:all",
        "rejected: 2 errors",
    )


@pytest.mark.parametrize(
    "bad_name",
    ["../evil.csv", "export/../../evil.csv", "/tmp/evil.csv", "C:/evil.csv", "..\\evil.csv"],
)
def test_a_zip_pointing_outside_itself_is_refused(tmp_path, bad_name):
    """A zip with an entry that points outside it is refused as a whole: nothing is
    unpacked, in the temporary folder or beside it."""
    entries = {f"{name}.csv": text for name, text in EXPORT.items()}
    entries[bad_name] = "participant_id\nX\n"
    workdir = tmp_path / "work"
    workdir.mkdir()
    with pytest.raises(upload.Refused) as refused:
        upload.unpack([upload.Received("u.zip", zip_of(entries))], workdir)
    assert refused.value.code == "unsafe_path"
    assert list((workdir / "export").iterdir()) == []
    assert not (tmp_path / "evil.csv").exists()


def test_a_zip_with_a_link_is_refused(tmp_path):
    """A zip entry that is a symbolic link (to /etc/passwd, say) is refused."""
    entries = {f"{name}.csv": text for name, text in EXPORT.items()}
    entries["costs.csv"] = "/etc/passwd"
    zipped = zip_of(entries, links=("costs.csv",))
    (tmp_path / "work").mkdir()
    with pytest.raises(upload.Refused) as refused:
        upload.unpack([upload.Received("u.zip", zipped)], tmp_path / "work")
    assert refused.value.code == "unsafe_path"


def test_an_unsafe_zip_is_audited_and_changes_nothing(vejle_db):
    """The refusal of an unsafe zip is an import attempt too: audited, nothing changed."""
    before = identity(vejle_db)
    zipped = zip_of({"../participants.csv": EXPORT["participants"]})
    outcome = upload.load([upload.Received("u.zip", zipped)], vejle_db, ADMIN)
    assert (outcome.status, outcome.refusal.code) == ("refused", "unsafe_path")
    assert before == identity(vejle_db)
    assert audit.entries(vejle_db)[-1][4] == "refused: unsafe_path"


@pytest.mark.parametrize(
    ("files", "code"),
    [
        # two exports in one zip: which one was meant?
        (
            [
                upload.Received(
                    "two.zip",
                    zip_of({"maj/participants.csv": "x", "juni/participants.csv": "y"}),
                )
            ],
            "folders",
        ),
        ([upload.Received("a.zip", b"PK\x03\x04 not really a zip")], "bad_zip"),
        (
            [upload.Received("a.zip", zip_of({"participants.csv": "x"})), *files_of(EXPORT)],
            "zip_and_files",
        ),
        (files_of(EXPORT) + files_of({"participants": "again"}), "duplicate"),
        ([], "empty"),
    ],
    ids=["two-folders", "bad-zip", "zip-and-files", "duplicate", "empty"],
)
def test_unusable_uploads_are_refused(tmp_path, files, code):
    """Uploads that are no single export are refused with a reason."""
    with pytest.raises(upload.Refused) as refused:
        upload.unpack(files, tmp_path)
    assert refused.value.code == code


def test_a_too_large_upload_is_refused(vejle_db):
    """Files larger together than the limit are refused before anything is read."""
    big = [*files_of(EXPORT), upload.Received("costs.csv", b"x" * (upload.MB + 1))]
    before = identity(vejle_db)
    outcome = upload.load(big, vejle_db, ADMIN, limit_mb=1)
    assert (outcome.status, outcome.refusal.code) == ("refused", "too_large")
    assert "at most 1 MB" in outcome.refusal.en
    assert "højst indlæses 1 MB" in outcome.refusal.da
    assert "1,1 MB tilsammen" in outcome.refusal.da, "a size over the limit never reads 1,0"
    assert before == identity(vejle_db)
    assert audit.entries(vejle_db)[-1][4] == "refused: too_large"


def test_a_zip_unpacking_beyond_the_limit_is_refused(tmp_path):
    """A small zip that unpacks to more than the limit (a zip bomb) is refused."""
    zipped = zip_of({"participants.csv": b"0" * (2 * upload.MB)})
    assert len(zipped) < 100_000
    with pytest.raises(upload.Refused) as refused:
        upload.unpack([upload.Received("bomb.zip", zipped)], tmp_path, unpacked_limit_mb=1)
    assert refused.value.code == "too_large_unpacked"


@pytest.mark.parametrize(
    "viewer",
    [
        access.Viewer(role="foundation", email="a@b.dk", signed_in=True),
        access.Viewer(role="manager", email="a@b.dk", municipalities=("Vejle",), signed_in=True),
        access.DEMO_VISITOR,
    ],
    ids=["foundation", "manager", "demo"],
)
def test_only_an_administrator_may_load(vejle_db, viewer):
    """Whoever is not a signed-in administrator cannot load data, even bypassing the page."""
    with pytest.raises(PermissionError):
        upload.load(files_of(EXPORT), vejle_db, viewer)


def test_the_size_limit_is_configured_alike_for_the_page_and_the_server():
    """The Data page's limit (settings) and the browser's (Streamlit's server) are 200 MB."""
    with (ROOT / "config" / "settings.toml").open("rb") as f:
        settings = tomllib.load(f)
    with (ROOT / ".streamlit" / "config.toml").open("rb") as f:
        server = tomllib.load(f)
    assert 200 == settings["upload"]["max_mb"] == server["server"]["maxUploadSize"]
    assert 200 == upload.max_mb()


# --- freshness and history --------------------------------------------------------------------


def test_times_on_the_data_page_are_written_out_in_each_language():
    from nextwork.web.sections.data_page_tables import when

    at = pd.Timestamp("2026-11-27 05:31:40")
    assert when(at, "da") == "27. nov. 2026 kl. 05.31"
    assert when(at, "en") == "27 Nov 2026, 05:31"
    assert when(pd.NaT, "en") == "–"


def test_freshness_counts_the_days_since_each_sites_last_import():
    """Horsens loaded on 20 November is 7 days old on the 27th; Vejle, loaded that day, 0; a
    Vejle manager sees Vejle's line only."""
    frame = pd.DataFrame(
        {
            "municipality": ["Horsens", "Vejle"],
            "imported_at": [dt.datetime(2026, 11, 20, 23, 59), dt.datetime(2026, 11, 27, 8, 0)],
        }
    )
    today = dt.date(2026, 11, 27)
    fresh = upload.freshness(frame, today, ["Horsens", "Vejle"])
    assert [["Horsens", 7], ["Vejle", 0]] == fresh[["municipality", "days_ago"]].values.tolist()
    assert ["Vejle"] == list(upload.freshness(frame, today, ["Vejle"])["municipality"])


def entry(import_id, status, municipalities, files, errors=0):
    return {
        "import_id": import_id,
        "finished_at": dt.datetime(2026, 11, import_id, 9, 30),
        "status": status,
        "municipalities": municipalities,
        "files": json.dumps([{"file": name, "rows": rows} for name, rows in files]),
        "count_errors": errors,
        "count_warnings": 0,
        "source": f"/srv/export/{import_id}",
        "report": "error: participants.csv:2: birth_year: '1800' ..." if errors else "",
    }


# Oldest first, as import_log gives them: Vejle alone (3 young people: a small number),
# both sites in one export, and a rejected export (which names no municipality).
ENTRIES = [
    entry(1, "ok", ["Vejle"], [("participants.csv", 3), ("companies.csv", 1200)]),
    entry(2, "ok", ["Horsens", "Vejle"], [("participants.csv", 11)]),
    entry(3, "rejected", [], [("participants.csv", 12)], errors=12),
]
EVERYONE = ["Horsens", "Vejle"]


@pytest.mark.parametrize(
    ("viewer", "rows"),
    [
        # sees everything exactly
        (
            ADMIN,
            [
                ("rejected", "–", "participants.csv (12)"),
                ("ok", "Horsens, Vejle", "participants.csv (11)"),
                ("ok", "Vejle", "participants.csv (3) · companies.csv (1.200)"),
            ],
        ),
        # Vejle's own import in full; the joint one without Horsens' name and without rows
        # (they hold Horsens' young people); the rejected one names nobody: no rows
        (
            access.Viewer(role="manager", municipalities=("Vejle",), signed_in=True),
            [
                ("rejected", "–", "participants.csv"),
                ("ok", "Vejle", "participants.csv"),
                ("ok", "Vejle", "participants.csv (3) · companies.csv (1.200)"),
            ],
        ),
        # a Horsens manager does not see that Vejle loaded anything on its own
        (
            access.Viewer(role="manager", municipalities=("Horsens",), signed_in=True),
            [("rejected", "–", "participants.csv"), ("ok", "Horsens", "participants.csv")],
        ),
        # a viewer sees every site's imports but no row counts: exact counts beside the
        # perturbed figures would pin them down
        (
            access.Viewer(role="viewer"),
            [
                ("rejected", "–", "participants.csv"),
                ("ok", "Horsens, Vejle", "participants.csv"),
                ("ok", "Vejle", "participants.csv · companies.csv"),
            ],
        ),
    ],
    ids=["admin", "manager-vejle", "manager-horsens", "viewer"],
)
def test_history_shows_what_the_viewer_may_see(viewer, rows):
    """The import history lists the attempts newest first, with the files' rows as the
    person looking may see those municipalities' figures; only an administrator sees the
    source and the report, which can quote values from the export."""
    table = upload.history(ENTRIES, viewer, EVERYONE, "da")
    assert rows == [tuple(r) for r in table[["status", "municipalities", "files"]].values]
    assert ("report" in table) == (viewer.role == "admin")
    assert ("source" in table) == (viewer.role == "admin")
    assert 12 == table["count_errors"].iloc[0]


# --- the page ---------------------------------------------------------------------------------


def table(at, column: str) -> pd.DataFrame:
    """The first table on the page with this column."""
    frames = [d.value for d in at.dataframe if column in d.value]
    assert frames, f"no table with {column!r}"
    return frames[0]


def uploader(at):
    """The export's uploader (the trial file has one of its own)."""
    found = [u for u in at.file_uploader if u.key.startswith("data_upload_")]
    assert len(found) == 1
    return found[0]


def test_an_admin_uploads_the_tiny_export_and_every_page_shows_it(monkeypatch, vejle_db):
    """A data administrator with Vejle's small export loaded sees 3 active young people in
    2024, uploads the tiny export on the Data page, reads the rows loaded per table and
    municipality, sees Horsens and Vejle loaded today and the import at the top of the
    history, and the overview now shows the tiny export's figures (the cached results follow
    the swapped database file)."""
    at = open_app(monkeypatch, vejle_db, **YEAR_2024)
    assert [m.value for m in at.metric if m.label == "Aktive unge"] == ["3"]
    at.switch_page("views/data.py").run()
    assert at.title[0].value == "Data"
    assert at.button(key="data_import").disabled
    csv = [(f"{name}.csv", text.encode(), "text/csv") for name, text in EXPORT.items()]
    uploader(at).set_value(csv)
    at.run()
    at.button(key="data_import").click().run()
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    assert "Udtrækket er indlæst" in shown and ": Horsens, Vejle. Alle sider" in shown
    assert "Data indlæst: Horsens " in shown, "the sidebar names the new site too"
    rows = table(at, "Unge")
    assert list(rows.columns) == [
        "Kommune",
        "Unge",
        "Virksomheder",
        "Praktikforløb",
        "Aktiviteter",
        "Resultater",
        "Udgifter",
    ]
    assert [list(r.values()) for r in TINY_ROWS_OVER_VEJLE] == rows.values.tolist()
    fresh = table(at, "Dage siden")
    assert [["Horsens", 0], ["Vejle", 0]] == fresh[["Kommune", "Dage siden"]].values.tolist()
    history = table(at, "Status")
    assert ["Indlæst", "Indlæst"] == list(history["Status"])
    assert "Horsens, Vejle" == history["Kommuner"].iloc[0]
    assert history["Filer (rækker)"].iloc[0].startswith("participants.csv (11) · companies")
    assert audit.entries(vejle_db)[-1][1:] == (
        EMAIL,
        "import",
        "admin:all",
        "accepted: Horsens, Vejle",
    )
    assert uploader(at).value == [], "the uploader is empty for the next export"
    # The session's own choice of municipalities (Vejle, all there was) stays; Vejle's new
    # figure is the tiny export's 5 (V1 V3 V4 V5 V6), and Horsens can now be chosen too.
    at.switch_page("views/overblik.py").run()
    assert [m.value for m in at.metric if m.label == "Aktive unge"] == ["5"]
    assert at.multiselect(key="municipality").options == ["Horsens", "Vejle"]
    at.multiselect(key="municipality").set_value(["Horsens", "Vejle"]).run()
    assert [m.value for m in at.metric if m.label == "Aktive unge"] == ["9"]


def test_an_admin_uploads_a_broken_zip_and_gets_the_report(monkeypatch, vejle_db):
    """A data administrator uploads a broken export as a zip: the report lists both
    problems at their file, line and column, says nothing was changed, and its CSV download
    holds the same lines and is written to the audit log."""
    made = {}
    original = MediaFileManager.add_deferred

    def remember(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        made[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", remember)
    before = identity(vejle_db)
    at = open_app(monkeypatch, vejle_db, "data")
    zipped = zip_of({f"udtraek/{name}.csv": text for name, text in BROKEN.items()})
    uploader(at).set_value(("udtraek.zip", zipped, "application/zip"))
    at.run()
    at.button(key="data_import").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "afvist" in at.error[0].value and "Intet er ændret i databasen" in at.error[0].value
    report = table(at, "Problem")
    assert list(report.columns) == ["Type", "Fil", "Række", "Kolonne", "Problem"]
    assert [("Fejl", *p[1:]) for p in BROKEN_REPORT] == list(report.itertuples(index=False))
    assert before == identity(vejle_db)
    history = table(at, "Status")
    assert ["Afvist", "Indlæst"] == list(history["Status"])
    assert [2, 0] == list(history["Fejl"])
    lines = made["valideringsrapport.csv"]().decode("utf-8-sig").splitlines()
    assert lines[:2] == [
        "Type;Fil;Række;Kolonne;Problem",
        "Fejl;participants.csv;4;enrolled_on;'2024-02-30' is not a date (YYYY-MM-DD, "
        "DD-MM-YYYY, DD.MM.YYYY or DD/MM/YYYY)",
    ]
    button = next(
        b for b in at.get("download_button") if b.proto.id.endswith("data_problems_download_csv")
    )
    button.click().run()
    assert audit.entries(vejle_db)[-2][1:] == (EMAIL, "import", "admin:all", "rejected: 2 errors")
    assert audit.entries(vejle_db)[-1][1:] == (
        EMAIL,
        "export",
        "admin:all",
        "valideringsrapport.csv",
    )


@pytest.fixture
def one_mb_limit(monkeypatch, tmp_path):
    settings = tmp_path / "settings.toml"
    settings.write_text("[upload]\nmax_mb = 1\n", encoding="utf-8")
    monkeypatch.setenv("NEXTWORK_SETTINGS", str(settings))
    config.settings.cache_clear()
    yield
    monkeypatch.delenv("NEXTWORK_SETTINGS")
    config.settings.cache_clear()


def test_an_upload_over_the_configured_limit_is_refused_on_the_page(
    monkeypatch, vejle_db, one_mb_limit
):
    """With the limit set to 1 MB in the settings, a 1,5 MB upload is refused with the
    limit named, and nothing is changed."""
    before = identity(vejle_db)
    at = open_app(monkeypatch, vejle_db, "data")
    big = ("participants.csv", b"x" * (3 * upload.MB // 2), "text/csv")
    uploader(at).set_value(big)
    at.run()
    at.button(key="data_import").click().run()
    assert at.error[0].value == (
        "Filerne fylder 1,5 MB tilsammen; der kan højst indlæses 1 MB ad gangen. Indlæs store "
        "udtræk på kommandolinjen (`python -m nextwork import`). Intet er ændret."
    )
    assert before == identity(vejle_db)


@pytest.mark.parametrize(
    ("role", "municipalities"), [("manager", ("Vejle",)), ("viewer", ()), ("foundation", ())]
)
def test_only_administrators_see_the_upload(monkeypatch, tiny_db, role, municipalities):
    """A manager, a viewer or the foundation opens the Data page: no uploader, a note that
    only administrators load data, and the freshness and history of the sites they may see
    (a Vejle manager: Vejle alone), without the report."""
    at = open_app(monkeypatch, tiny_db, "data", role=role, municipalities=municipalities)
    assert not at.exception
    assert len(at.file_uploader) == 0
    assert "Kun administratorer kan indlæse data." in texts(at)
    sites = ["Vejle"] if role == "manager" else ["Horsens", "Vejle"]
    assert sites == list(table(at, "Dage siden")["Kommune"])
    history = table(at, "Status")
    assert [["Indlæst", ", ".join(sites)]] == history[["Status", "Kommuner"]].values.tolist()
    assert "Rapport" not in history and "Kilde" not in history


def test_with_no_sign_in_nobody_can_upload(monkeypatch, tmp_path):
    """On the demo data with no sign-in configured, the page says nobody is an
    administrator and points to the command line."""
    at = open_app(monkeypatch, build_db(tmp_path, demo=True), "data", sign_in=False)
    assert not at.exception
    assert len(at.file_uploader) == 0
    assert "Der er ikke sat log ind op, så ingen er administrator" in texts(at)
    assert "`python -m nextwork import MAPPE --db DATABASE`" in texts(at), "no server path"


def test_the_page_in_english(monkeypatch, vejle_db):
    """A foundation analyst who is also the administrator reads the page in English, and the
    upload's summary too."""
    at = open_app(monkeypatch, vejle_db, "data", lang="en")
    assert [s.value for s in at.subheader] == [
        "How recent the figures are",
        "Load a new export",
        "Load trial results",
        "Undo an import",
        "Imports",
    ]
    assert ["Vejle"] == list(table(at, "Days ago")["Municipality"])
    csv = [(f"{name}.csv", text.encode(), "text/csv") for name, text in EXPORT.items()]
    uploader(at).set_value(csv)
    at.run()
    at.button(key="data_import").click().run()
    assert "The export was loaded" in at.success[0].value
    rows = table(at, "Young people")
    assert ["Horsens", "Vejle"] == list(rows["Municipality"])
    assert [5, 6] == list(rows["Young people"])
