"""Imports while the dashboard reads: an import never writes the file the app has open, it
swaps in a new one, so readers see the old or the new data whole and never an error; and
two imports at once wait for each other (or one gives up cleanly).

The changed export is Vejle's part of the tiny export (tests/tiny_export.py) with new young
people V7 (enrolled 2024-02-01) and V8 (2024-03-01), who have no placement or outcome.
Counted by hand for Vejle in 2024, as of 2025-06-30:

    data                 active  new  in job/education within 12 months
    tiny export             5     4   2 of 2 (V3, V6)       100,0 %
    + V7                    6     5   2 of 3 (V7 counts)     66,7 %
    + V7 and V8             7     6   2 of 4                 50,0 %

(Active: V1, V3, V4, V5, V6, not V2, who left the day before 2024; new: V3-V6; the
12-month share counts those whose twelve months end by 2025-06-30: V3, V6, V7, V8.)
Horsens is in the database too and no changed export touches it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest

from nextwork.ingest import db, importer, store
from nextwork.ingest.importer import import_export
from nextwork.ops.load import start_app
from nextwork.web import snapshots
from tests.apptest import ROOT
from tests.test_browser import CHROMIUM, _open, browser  # noqa: F401
from tests.tiny_export import AS_OF, EXPORT, build_db

DATA_TABLES = ("participants", "companies", "placements", "activities", "outcomes", "costs")
NEW_PEOPLE = {
    "V7": "V7,Vejle,2024-02-01,,2001,male,job_ready\n",
    "V8": "V8,Vejle,2024-03-01,,2003,female,education_ready\n",
}
# Vejle in 2024 as the overview's cards show it: active, new, within 12 months.
OLD = ("5", "4", "100,0 %")
WITH_V7 = ("6", "5", "66,7 %")
WITH_V7_V8 = ("7", "6", "50,0 %")
VEJLE_2024 = "start=2024-01-01&end=2024-12-31&as_of=2025-06-30&municipality=Vejle"
CARDS = ("Aktive unge", "Nye unge", "I job/uddannelse inden 12 mdr.")


def vejle_export(folder: Path, *new_people: str) -> Path:
    """Vejle's rows of the tiny export, plus the young people named, as an export folder."""
    keep = {
        "participants": lambda line: ",Vejle," in line,
        "companies": lambda line: ",Vejle," in line,
        "placements": lambda line: ",V" in line,
        "activities": lambda line: ",Vejle," in line,
        "outcomes": lambda line: line.startswith("V"),
    }
    folder.mkdir(parents=True)
    for name, text in EXPORT.items():
        header, *lines = text.splitlines(keepends=True)
        rows = [line for line in lines if keep[name](line)]
        if name == "participants":
            rows += [NEW_PEOPLE[p] for p in new_people]
        (folder / f"{name}.csv").write_text(header + "".join(rows), encoding="utf-8")
    return folder


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


def identity(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_ino, info.st_mtime_ns


def cli_import(export: Path, db_path: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "nextwork", "import", str(export), "--db", str(db_path), *extra],
        cwd=ROOT,
        env={**os.environ, "NEXTWORK_KEY_FILE": str(db_path.parent / "k.key")},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, Path]:
    """The tiny database, and the changed Vejle exports with what each gives when imported
    on top of it."""
    base = tmp_path_factory.mktemp("concurrency")
    tiny = build_db(base)
    folders = {
        "v7": vejle_export(base / "v7", "V7"),
        "v7_v8": vejle_export(base / "v7_v8", "V7", "V8"),
    }
    return {"tiny": tiny, **folders}


@pytest.fixture
def tiny_db(exports, tmp_path) -> Path:
    """A database of the test's own holding the tiny export."""
    path = tmp_path / "nextwork.duckdb"
    path.write_bytes(exports["tiny"].read_bytes())
    return path


@pytest.fixture(scope="module")
def expected(exports, tmp_path_factory) -> dict[str, dict]:
    """Every data table after each changed export is imported alone on the tiny database."""
    out = {"tiny": stored(exports["tiny"])}
    for name in ("v7", "v7_v8"):
        path = tmp_path_factory.mktemp(name) / "n.duckdb"
        path.write_bytes(exports["tiny"].read_bytes())
        assert import_export(path, exports[name], path.parent / "k.key", AS_OF).ok
        out[name] = stored(path)
    assert len({repr(v) for v in out.values()}) == 3
    return out


# A process of its own that holds a read-only connection open, as an app process does.
READER = """
import sys
from nextwork.ingest import db
held = db.open_read_only(sys.argv[1])  # as the app holds it, whatever its schema
count = "select count(*) from participants where municipality = 'Vejle'"
print("ready", flush=True)
for line in sys.stdin:
    if line.strip() == "held":
        print(db.scalar(held, count), flush=True)
    else:
        fresh = db.connect(sys.argv[1], read_only=True)
        print(db.scalar(fresh, count), flush=True)
        fresh.close()
"""


class Reader:
    def __init__(self, db_path: Path):
        self.process = subprocess.Popen(
            [sys.executable, "-c", READER, str(db_path)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "ready"

    def ask(self, which: str) -> int:
        self.process.stdin.write(which + "\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)


def test_an_import_goes_through_while_another_process_has_the_database_open(
    tiny_db, exports, expected
):
    """A data administrator imports while the dashboard holds the database open: the import
    succeeds, the dashboard's open connection keeps showing the old data whole, and the next
    connection (in the same process, too) shows the new."""
    reader = Reader(tiny_db)
    try:
        assert (reader.ask("held"), reader.ask("fresh")) == (6, 6)
        before = identity(tiny_db)
        result = import_export(tiny_db, exports["v7_v8"], tiny_db.parent / "k.key", AS_OF)
        assert result.ok, result.report()
        assert identity(tiny_db) != before  # a new file, not the old one written to
        assert (reader.ask("held"), reader.ask("fresh")) == (6, 8)
        assert stored(tiny_db) == expected["v7_v8"]
    finally:
        reader.close()
    leftovers = [p.name for p in tiny_db.parent.iterdir() if ".importing-" in p.name]
    assert leftovers == [] and not store.wal_path(tiny_db).exists()


def test_a_rejected_import_leaves_the_file_alone_and_is_logged_beside_it(
    tiny_db, exports, tmp_path
):
    """A broken export does not touch the database file (no copy of a big database for a
    rejected attempt); the attempt is in the import log at once, and the next accepted
    import moves it into the database's own `imports` table."""
    before, content = identity(tiny_db), tiny_db.read_bytes()
    broken = vejle_export(tmp_path / "broken", "V7")
    (broken / "companies.csv").write_text(
        "company_id,municipality,joined_on\nC1,Atlantis,2024-01-01\n"
    )
    rejected = import_export(tiny_db, broken, tmp_path / "k.key", AS_OF)
    assert not rejected.ok
    assert (identity(tiny_db), tiny_db.read_bytes()) == (before, content)
    log = importer.import_log(tiny_db)
    assert [(e["import_id"], e["status"]) for e in log] == [(1, "ok"), (2, "rejected")]
    assert rejected.import_id == 2 and "Atlantis" in log[-1]["report"]
    assert importer.rejected_log_path(tiny_db).exists()

    accepted = import_export(tiny_db, exports["v7"], tmp_path / "k.key", AS_OF)
    assert accepted.ok and accepted.import_id == 3
    assert not importer.rejected_log_path(tiny_db).exists()
    con = db.open_read_only(tiny_db)
    try:
        in_table = con.execute("select import_id, status from imports order by 1").fetchall()
    finally:
        con.close()
    assert in_table == [(1, "ok"), (2, "rejected"), (3, "ok")]
    assert importer.import_log(tiny_db)[:2] == log


def test_an_old_schema_is_renewed_by_a_swap_while_another_process_reads(tiny_db):
    """The app after an upgrade of the code: opening a database made by an older schema
    renews it through the same swap as an import, while an older process still reads it."""
    con = db.connect(tiny_db)  # writable: no other process has it open yet
    con.execute("update meta set value = 'older' where key = 'schema_version'")
    con.close()
    reader = Reader(tiny_db)
    try:
        before = identity(tiny_db)
        fresh = db.connect(tiny_db, read_only=True)
        try:
            version = db.scalar(fresh, "select value from meta where key = 'schema_version'")
        finally:
            fresh.close()
        assert version == db.SCHEMA_VERSION and identity(tiny_db) != before
        assert (reader.ask("held"), reader.ask("fresh")) == (6, 6)
    finally:
        reader.close()


def test_two_imports_at_once_run_one_after_the_other(tiny_db, exports, expected):
    """Two data administrators import at the same moment: both imports succeed, one after
    the other, and the data is exactly what one of them gives alone (the later one's)."""
    first = cli_import(exports["v7"], tiny_db)
    second = cli_import(exports["v7_v8"], tiny_db)
    outputs = [p.communicate(timeout=120) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outputs
    log = [e for e in importer.import_log(tiny_db) if e["status"] == "ok"]
    assert len(log) == 3 and len({e["import_id"] for e in log}) == 3
    last = Path(log[-1]["source"]).name
    assert stored(tiny_db) == expected[last]


def test_an_import_that_cannot_get_the_lock_in_time_fails_cleanly(tiny_db, exports, expected):
    """While another import holds the database longer than the import may wait, it gives
    up with exit code 1 and a clear message, and nothing changes."""
    before = identity(tiny_db)
    with store.locked(tiny_db):
        process = cli_import(exports["v7_v8"], tiny_db, "--lock-timeout", "1")
        out, err = process.communicate(timeout=120)
    assert process.returncode == 1, (out, err)
    assert "another import is writing" in err and "nothing was changed" in err
    assert "Traceback" not in err
    assert identity(tiny_db) == before and stored(tiny_db) == expected["tiny"]


# ---------------------------------------------------------------------------------------
# One run, one file: the app's pinned connections
# ---------------------------------------------------------------------------------------

VEJLE_COUNT = "select count(*) from participants where municipality = 'Vejle'"


def held_files(db_path: Path) -> list[str]:
    """Replaced database files this process still has open."""
    return deleted_files_held(os.getpid(), db_path)


def test_a_run_reads_the_file_it_began_with_and_lets_go_when_it_ends(tiny_db, exports):
    """Two runs of a page, the first pinned before an import swaps a new file in and the
    second after: each reads its own file to its end, and the replaced file is closed
    once the first run ends (not before)."""
    pins = snapshots.Snapshots()
    first = pins.acquire(tiny_db)
    assert db.scalar(pins.connection(tiny_db, first), VEJLE_COUNT) == 6
    assert import_export(tiny_db, exports["v7_v8"], tiny_db.parent / "k.key", AS_OF).ok
    second = pins.acquire(tiny_db)
    assert second != first
    assert db.scalar(pins.connection(tiny_db, first), VEJLE_COUNT) == 6  # still the old
    assert db.scalar(pins.connection(tiny_db, second), VEJLE_COUNT) == 8
    assert len(held_files(tiny_db)) == 1  # the first run still reads the replaced file
    pins.release(tiny_db, first)
    assert held_files(tiny_db) == []
    assert pins.open_files() == {(str(tiny_db), second): 1}
    with pytest.raises(snapshots.DataChanged):
        pins.connection(tiny_db, first)
    pins.release(tiny_db, second)
    # The current file stays open for the next run, with no run reading it.
    assert pins.open_files() == {(str(tiny_db), second): 0}
    assert pins.acquire(tiny_db) == second


def _script_importing_midway():
    """A page that counts Vejle's young people, imports Vejle's new export (V7 and V8),
    and counts again, through the frame's pin as the app does it."""
    import os

    import streamlit as st

    from nextwork.ingest import db
    from nextwork.ingest.importer import import_export
    from nextwork.web import ui

    count = "select count(*) from participants where municipality = 'Vejle'"
    version = ui.pin_data()
    try:
        st.text(f"before {db.scalar(ui.connection(), count)}")
        if not st.session_state.get("imported"):
            export, key = os.environ["TEST_EXPORT"], os.environ["TEST_KEY"]
            st.session_state["imported"] = import_export(ui.db_path(), export, key).ok
        fresh = db.connect(ui.db_path(), read_only=True)
        st.text(f"file {db.scalar(fresh, count)}")
        fresh.close()
        st.text(f"after {db.scalar(ui.connection(), count)}")
    finally:
        ui.unpin_data(version)


def test_a_page_drawn_during_an_import_shows_the_old_data_whole(tiny_db, exports, monkeypatch):
    """The import swaps the new file in halfway through a run: everything that run shows
    comes from the old file, though the file on disk is already the new one; the next run
    shows the new data."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("NEXTWORK_DB", str(tiny_db))
    monkeypatch.setenv("TEST_EXPORT", str(exports["v7_v8"]))
    monkeypatch.setenv("TEST_KEY", str(tiny_db.parent / "k.key"))
    at = AppTest.from_function(_script_importing_midway, default_timeout=60).run()
    assert not at.exception
    assert [t.value for t in at.text] == ["before 6", "file 8", "after 6"]
    assert at.session_state["imported"] is True
    at.run()
    assert [t.value for t in at.text] == ["before 8", "file 8", "after 8"]
    assert held_files(tiny_db) == []


# ---------------------------------------------------------------------------------------
# A real app server and browser
# ---------------------------------------------------------------------------------------


@pytest.fixture
def app(tiny_db, tmp_path):
    """`streamlit run app.py` on 127.0.0.1 and a free port, reading tiny_db; yields the URL
    and the server process."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: apt-get install -y chromium (.ci/run does this)")
    access = tmp_path / "access.toml"
    access.write_text("allow_unauthenticated = true\n")
    # The tiny figures are all small numbers; here they are shown as they are: nothing hidden
    # and a perturbation table of no noise (the imports draw new record keys).
    settings = tmp_path / "settings.toml"
    settings.write_text(
        "[privacy]\nsmall_number_threshold = 1\nmedian_rounding_days = 1\n\n"
        "[privacy.perturbation]\npositions = 256\nnoise = [0]\n1 = [1.0]\n"
    )
    env = {
        "NEXTWORK_DB": str(tiny_db),
        "NEXTWORK_ACCESS": str(access),
        "NEXTWORK_SETTINGS": str(settings),
    }
    log = tmp_path / "streamlit.log"
    try:
        process, url = start_app(log, env)
    except RuntimeError as e:
        pytest.fail(str(e))
    yield url, process, tiny_db
    process.terminate()
    process.wait(timeout=10)
    print(log.read_text()[-3000:])  # shown when the test failed


def cards_on(browser, url: str, shot: str) -> tuple[str, ...]:  # noqa: F811
    """Open Vejle's 2024 overview; the three cards' values, after checking for errors."""
    page, errors = _open(browser, f"{url}/?{VEJLE_2024}", shot)
    try:
        assert errors == []
        shown = {
            card.locator('[data-testid="stMetricLabel"]').inner_text().strip(): card.locator(
                '[data-testid="stMetricValue"]'
            )
            .inner_text()
            .strip()
            for card in page.locator('[data-testid="stMetric"]').all()
        }
        return tuple(shown[label] for label in CARDS)
    finally:
        page.close()


def deleted_files_held(pid: int, db_path: Path) -> list[str]:
    """Replaced database files the process still has open."""
    held = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(db_path)) and target.endswith("(deleted)"):
            held.append(target)
    return held


@pytest.mark.browser
def test_the_app_keeps_answering_during_an_import(app, browser, exports):  # noqa: F811
    """A manager has Vejle's overview open while the data administrator imports Vejle's new
    export from the command line: every page shown before, during and after has no error
    and shows Vejle's old figures or its new ones, never something else; after the import
    it shows the new ones, and the app has let go of the replaced file."""
    url, server, db_path = app
    assert cards_on(browser, url, "concurrency-before") == OLD
    process = cli_import(exports["v7_v8"], db_path)
    seen = []
    while process.poll() is None or not seen:
        seen.append(cards_on(browser, url, f"concurrency-during-{len(seen)}"))
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, (out, err)
    assert set(seen) <= {OLD, WITH_V7_V8}, seen
    assert cards_on(browser, url, "concurrency-after") == WITH_V7_V8
    # The rerun that opened the new file dropped the connection to the replaced one.
    assert deleted_files_held(server.pid, db_path) == []


@pytest.mark.browser
def test_pages_render_while_imports_follow_each_other(
    app,
    browser,  # noqa: F811
    exports,
    tiny_db,
):
    """Imports of the two changed exports one after another in a thread while the overview
    is opened again and again: each page shows one of the three states whole."""
    url, _, _ = app
    done = threading.Event()
    results = []

    def imports():
        try:
            for name in ("v7", "v7_v8", "v7", "v7_v8"):
                results.append(import_export(tiny_db, exports[name], tiny_db.parent / "k.key").ok)
        finally:
            done.set()

    thread = threading.Thread(target=imports)
    thread.start()
    seen = []
    while not done.is_set() or not seen:
        seen.append(cards_on(browser, url, f"concurrency-loop-{len(seen)}"))
    thread.join()
    assert results == [True] * 4
    assert set(seen) <= {OLD, WITH_V7, WITH_V7_V8}, seen
    assert cards_on(browser, url, "concurrency-loop-after") == WITH_V7_V8


def test_the_app_s_queries_use_the_threads_set_for_them(tiny_db, monkeypatch, capsys):
    """One thread per query by default (the readers' runs keep the cores busy), the number
    in NEXTWORK_QUERY_THREADS, DuckDB's own choice with 0, and a clear error for a wrong one."""

    def threads() -> int:
        pins = snapshots.Snapshots()
        version = pins.acquire(tiny_db)
        setting = "select current_setting('threads')"
        return db.scalar(pins.connection(tiny_db, version), setting)

    monkeypatch.delenv("NEXTWORK_QUERY_THREADS", raising=False)
    assert threads() == 1
    monkeypatch.setenv("NEXTWORK_QUERY_THREADS", "3")
    assert threads() == 3
    monkeypatch.setenv("NEXTWORK_QUERY_THREADS", "0")
    assert threads() == duckdb.connect().execute("select current_setting('threads')").fetchone()[0]
    monkeypatch.setenv("NEXTWORK_QUERY_THREADS", "two")
    with pytest.raises(ValueError, match="NEXTWORK_QUERY_THREADS"):
        threads()
    # the app server stops before Streamlit starts, with the reason
    from nextwork.web import appserver

    with pytest.raises(SystemExit) as stopped:
        appserver.main(["--server.port", "1"])
    assert stopped.value.code == 2
    assert "NEXTWORK_QUERY_THREADS must be a whole number" in capsys.readouterr().err


def test_runs_at_once_each_read_through_a_cursor_of_their_own(tiny_db):
    """Several readers' runs use the pinned file's connection at the same moment, also for
    a single figure outside a named query: none is refused for another's statement."""
    pins = snapshots.Snapshots()
    version = pins.acquire(tiny_db)
    answers, errors = [], []

    def read():
        try:
            for _ in range(30):
                con = pins.connection(tiny_db, version)
                answers.append(db.scalar(con, "select sum(i) from range(300000) as r(i)"))
        except Exception as e:  # the assertion below names it
            errors.append(f"{type(e).__name__}: {e}")

    readers = [threading.Thread(target=read) for _ in range(4)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert errors == []
    assert answers == [44999850000] * 120


@pytest.mark.parametrize("wrong", ["100000", "2147483648", "²", "-1", "1.5", ""])
def test_a_query_threads_value_duckdb_would_choke_on_stops_the_start(wrong, monkeypatch):
    """A number of threads no machine has (DuckDB starts them all, and hangs at 100 000) and
    digits that are no number stop the server at the start, as any wrong value does."""
    from nextwork import config

    monkeypatch.setenv("NEXTWORK_QUERY_THREADS", wrong)
    with pytest.raises(ValueError, match="NEXTWORK_QUERY_THREADS must be a whole number"):
        config.query_threads()
    monkeypatch.setenv("NEXTWORK_QUERY_THREADS", str(config.MAX_QUERY_THREADS))
    assert config.query_threads() == config.MAX_QUERY_THREADS


def test_a_wrong_query_threads_value_leaves_no_connection_open(tiny_db, monkeypatch):
    """The setting is read before the file is opened: a wrong one opens nothing."""
    monkeypatch.setenv("NEXTWORK_QUERY_THREADS", "two")
    opened = []
    real = db.connect

    def connect(*args, **kwargs):
        opened.append(real(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(db, "connect", connect)
    with pytest.raises(ValueError, match="NEXTWORK_QUERY_THREADS"):
        snapshots.Snapshots().acquire(tiny_db)
    for con in opened:
        with pytest.raises(duckdb.ConnectionException):
            con.execute("select 1")
