"""The command line, run as a user runs it: `python -m nextwork ...` in a subprocess."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from nextwork.ingest import db
from nextwork.ingest.importer import import_export
from nextwork.metrics.kpis import KPIS, compute_kpis

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2025, 6, 30)
DATA_TABLES = ("participants", "companies", "placements", "activities", "outcomes", "costs")
KPI_KEYS = [k.key for k in KPIS]
PERIOD = ["--start", "2024-01-01", "--end", "2024-12-31"]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nextwork", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def stored(db_path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        # The record keys are drawn at random by each import: not what the export says.
        return {
            t: con.execute(
                f"select * {'' if t == 'costs' else 'exclude (record_key)'} from {t} order by all"
            ).fetchall()
            for t in DATA_TABLES
        }
    finally:
        con.close()


@pytest.fixture
def cli(monkeypatch, tmp_path):
    """`python -m nextwork` with a key file of the test's own in NEXTWORK_KEY_FILE, so that
    no run ever creates a key in the real config directory."""
    monkeypatch.setenv("NEXTWORK_KEY_FILE", str(tmp_path / "env-key" / "pseudonym.key"))
    return run_cli


@pytest.fixture(scope="module")
def two_municipalities(tmp_path_factory, small_export_files) -> Path:
    """A database holding the small export twice: as Vejle and as Horsens."""
    base = tmp_path_factory.mktemp("cli")
    db_path = base / "n.duckdb"
    for name in ("Vejle", "Horsens"):
        folder = base / name
        folder.mkdir()
        for table, text in small_export_files.items():
            (folder / f"{table}.csv").write_text(text.replace("Vejle", name), encoding="utf-8")
        result = import_export(db_path, folder, base / "pseudonym.key", TODAY)
        assert result.ok, result.report()
    return db_path


@pytest.fixture(scope="module")
def kpis_json(two_municipalities, tmp_path_factory) -> dict:
    """What `kpis --json` prints for 2024, as of 2025-06-30, with no other option."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NEXTWORK_KEY_FILE", str(tmp_path_factory.mktemp("key") / "pseudonym.key"))
        out = run_cli(
            "kpis", "--db", two_municipalities, *PERIOD, "--as-of", "2025-06-30", "--json"
        )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


# ---------------------------------------------------------------------------------------
# Help
# ---------------------------------------------------------------------------------------

# Each command, with options its help must mention.
HELP_CASES = [
    pytest.param([], ["import", "kpis", "fair", "demo", "bench"], id="top"),
    pytest.param(["import"], ["EXPORT_DIR", "--db", "--key-file"], id="import"),
    pytest.param(
        ["kpis"], ["--db", "--start", "--end", "--as-of", "--municipality", "--json"], id="kpis"
    ),  # fmt: skip
    pytest.param(
        ["fair"], ["--db", "--start", "--end", "--as-of", "--kpi", "--by", "--json"], id="fair"
    ),
    pytest.param(["demo"], ["--out", "--seed", "--scale", "--until"], id="demo"),
    pytest.param(["bench"], ["--scale", "--workdir"], id="bench"),
]


@pytest.mark.parametrize(("command", "mentions"), HELP_CASES)
def test_every_command_has_help(command, mentions, cli):
    """A new data administrator asks each command for help and gets its usage and options."""
    out = cli(*command, "--help")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("usage: python -m nextwork")
    for word in mentions:
        assert word in out.stdout


# ---------------------------------------------------------------------------------------
# import: exit codes 0, 2 and 1
# ---------------------------------------------------------------------------------------


def test_import_of_a_valid_export_exits_0(cli, tmp_path, small_export, write_export):
    """A data administrator loads a valid export: exit code 0, a one-line summary, and the
    data is in the database."""
    db_path = tmp_path / "n.duckdb"
    out = cli("import", write_export(small_export), "--db", db_path, "--key-file", tmp_path / "k")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("imported Vejle: 3 participants, 2 companies, 3 placements")
    assert out.stderr == ""
    assert len(stored(db_path)["participants"]) == 3


def test_import_warnings_go_to_stderr_and_the_key_comes_from_the_environment(
    cli, tmp_path, small_export, write_export
):
    """A data administrator without --key-file loads an export with CPR numbers and an odd
    row: the import succeeds, the warning is on stderr, and the key is created (private) at
    NEXTWORK_KEY_FILE; no CPR number is printed."""
    export = dict(small_export)
    export["participants"] = export["participants"].replace("participant_id,", "cpr,")
    for old, cpr in (("V1", "010190-1234"), ("V2", "1503954321"), ("V3", "2812009999")):
        for table in ("participants", "placements", "activities", "outcomes"):
            export[table] = export[table].replace(old, cpr)
    for table in ("placements", "activities", "outcomes"):
        export[table] = export[table].replace("participant_id,", "cpr,", 1)
    export["placements"] = export["placements"].replace("2024-06-30,interrupted", ",")
    out = cli("import", write_export(export), "--db", tmp_path / "n.duckdb")
    assert out.returncode == 0, out.stderr
    assert out.stderr.splitlines() == [
        "warning: placements.csv:3: ended_on: ongoing, but the young person has exited NExTWORK"
    ]
    key_file = Path(os.environ["NEXTWORK_KEY_FILE"])
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    for digits in ("0101901234", "010190-1234", "1503954321", "2812009999"):
        assert digits not in out.stdout + out.stderr


def test_import_of_a_broken_export_exits_2_and_changes_nothing(
    cli, tmp_path, small_export, write_export
):
    """A data administrator loads an export with two broken rows: exit code 2, every
    problem located on stderr, and the database as it was."""
    db_path = tmp_path / "n.duckdb"
    key = tmp_path / "k"
    assert cli("import", write_export(small_export, "good"), "--db", db_path).returncode == 0
    before = stored(db_path)
    broken = dict(small_export)
    broken["placements"] = broken["placements"].replace("2024-03-01", "2024-02-30")
    broken["outcomes"] = broken["outcomes"].replace("education", "school")
    out = cli("import", write_export(broken, "broken"), "--db", db_path, "--key-file", key)
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.splitlines()
    assert lines[0].startswith("error: placements.csv:2: started_on: '2024-02-30' is not a date")
    assert lines[1].startswith("error: outcomes.csv:3: outcome_type: 'school' is not one of")
    assert lines[2:] == ["import rejected: 2 errors; nothing was changed"]
    assert stored(db_path) == before


# Failures that are not the export's fault: exit code 1 and a message, not a traceback.
FAILURE_CASES = [
    pytest.param("directory", id="db-is-a-directory"),
    pytest.param("file-as-parent", id="db-below-a-file"),
]


@pytest.mark.parametrize("where", FAILURE_CASES)
def test_import_that_cannot_write_exits_1(where, cli, tmp_path, small_export, write_export):
    """A data administrator who points --db at a folder (or below a file) gets exit code 1
    and a one-line error instead of a traceback."""
    if where == "directory":
        db_path = tmp_path / "a-folder"
        db_path.mkdir()
    else:
        (tmp_path / "a-file").write_text("x")
        db_path = tmp_path / "a-file" / "n.duckdb"
    out = cli("import", write_export(small_export), "--db", db_path, "--key-file", tmp_path / "k")
    assert out.returncode == 1
    assert out.stderr.startswith("error: ")
    assert "Traceback" not in out.stderr


# ---------------------------------------------------------------------------------------
# kpis
# ---------------------------------------------------------------------------------------


def test_kpis_json_has_the_documented_shape(kpis_json):
    """An analyst scripting against `kpis --json` gets start, end, as_of, the total and one
    entry per municipality, each with all 18 KPIs: counts as whole numbers, shares and
    days as decimals or null."""
    assert list(kpis_json) == ["start", "end", "as_of", "total", "by_municipality"]
    assert (kpis_json["start"], kpis_json["end"]) == ("2024-01-01", "2024-12-31")
    assert kpis_json["as_of"] == "2025-06-30"
    assert list(kpis_json["by_municipality"]) == ["Horsens", "Vejle"]  # all in the database
    assert len(KPI_KEYS) == 18
    for values in [kpis_json["total"], *kpis_json["by_municipality"].values()]:
        assert list(values) == KPI_KEYS
        for kpi in KPIS:
            value = values[kpi.key]
            if kpi.kind == "count":
                assert type(value) is int, kpi.key
            else:
                assert value is None or type(value) is float, kpi.key
    assert kpis_json["total"]["participants_active"] == 6
    assert kpis_json["by_municipality"]["Vejle"]["participants_active"] == 3


def test_kpis_json_matches_the_kpi_engine(kpis_json, two_municipalities):
    """An analyst gets from the command line exactly the numbers the dashboard computes."""
    con = db.connect(two_municipalities, read_only=True)
    try:
        expected = compute_kpis(con, dt.date(2024, 1, 1), dt.date(2024, 12, 31), as_of=TODAY)
    finally:
        con.close()
    assert kpis_json == json.loads(json.dumps(expected))


def test_kpis_for_chosen_municipalities_and_filters(cli, two_municipalities):
    """An analyst asks for Vejle only, for young women aged 18-24 who are job ready, and
    gets Vejle's numbers for that group; the default as_of is the day of the last import."""
    out = cli(
        "kpis", "--db", two_municipalities, *PERIOD, "--municipality", "Vejle",
        "--target-group", "job_ready", "--gender", "female", "--age-band", "18-24", "--json",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert list(data["by_municipality"]) == ["Vejle"]
    assert data["total"] == data["by_municipality"]["Vejle"]
    assert data["total"]["participants_active"] == 1  # V1
    assert data["as_of"] == dt.date.today().isoformat()


def test_kpis_table_is_printed(cli, two_municipalities):
    """A manager without JSON tools gets a readable table: the period, one line per KPI
    with its Danish label, the total and each municipality."""
    out = cli("kpis", "--db", two_municipalities, *PERIOD, "--as-of", "2025-06-30")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "2024-01-01 til 2024-12-31, opgjort 2025-06-30"
    assert lines[1].split() == ["KPI", "I", "alt", "Horsens", "Vejle"]
    assert len(lines) == 2 + len(KPIS)
    for line, kpi in zip(lines[2:], KPIS, strict=True):
        assert line.startswith(kpi.label_da)
    assert lines[2].split()[-3:] == ["6", "3", "3"]  # active young people


# Mistakes on the kpis command line: exit code and what stderr says.
KPIS_MISTAKES = [
    pytest.param(["--db", "missing.duckdb", *PERIOD], 1, "no database", id="no-database"),
    pytest.param(
        ["--start", "2024-13-01", "--end", "2024-12-31"], 2, "not a date", id="impossible-date"
    ),  # fmt: skip
    pytest.param(
        ["--start", "2024-12-31", "--end", "2024-01-01"],
        2,
        "--start 2024-12-31 is after --end 2024-01-01",
        id="start-after-end",
    ),
    pytest.param(
        [*PERIOD, "--municipality", "Vejle", "--municipality", "Vejel"],
        2,
        "no data for Vejel in ",
        id="misspelt-municipality",
    ),
    pytest.param(
        [*PERIOD, "--municipality", "Roskilde"],
        2,
        "no data for Roskilde in ",
        id="municipality-without-data",
    ),
    pytest.param(
        [*PERIOD, "--age-band", "40+"],
        2,
        "argument --age-band: invalid choice: '40+'",
        id="unknown-age-band",
    ),
    pytest.param(
        [*PERIOD, "--target-group", "job ready"],
        2,
        "argument --target-group: invalid choice: 'job ready'",
        id="unknown-target-group",
    ),
    pytest.param(
        [*PERIOD, "--gender", "f"], 2, "argument --gender: invalid choice: 'f'", id="unknown-gender"
    ),
]


@pytest.mark.parametrize(("args", "code", "message"), KPIS_MISTAKES)
def test_kpis_mistakes_are_explained(args, code, message, cli, two_municipalities, tmp_path):
    """A user who names a database that does not exist, types an impossible date or a period
    that ends before it starts, names a municipality without data or a group that does not
    exist, is told so with a non-zero exit code, and no figures are printed."""
    args = [str(tmp_path / a) if a.endswith(".duckdb") else a for a in args]
    if "--db" not in args:
        args = ["--db", str(two_municipalities), *args]
    out = cli("kpis", *args)
    assert out.returncode == code
    assert message in out.stderr
    assert out.stdout == ""
    if "no data for" in message:
        assert "(there is for: Horsens, Vejle)" in out.stderr
