"""The trial file: every rule of its check, its load (all or nothing, replacing the stored
results whole) and the `trial` and `effects` commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from nextwork.ingest import trial

ROOT = Path(__file__).resolve().parent.parent

# Two sites at week 52 (the hand-worked case of test_trial_effects.py): Roskilde 20 of 40
# against 10 of 40, Vejle (by its code, 630) 12 of 30 against 11 of 30.
TWO_SITES = """\
municipality;arm;weeks;randomised;in_job_or_education;cohort
Roskilde;nextwork;52;40;20;2024
Roskilde;kontrol;52;40;10;2024
Vejle;indsats;52;30;12;2024
630;control;52;30;11;2024
"""
HEADER = "municipality,arm,weeks,randomised,in_job_or_education\n"


def write(tmp_path: Path, text: str, name: str = "forsoeg.csv", encoding="utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def run_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nextwork", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def stored(db_path: Path) -> list[tuple]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(
            "select municipality, arm, weeks, cohort, randomised, in_job_or_education "
            "from trial_results order by all"
        ).fetchall()
    finally:
        con.close()


def test_a_valid_file_is_read_with_names_and_arms_normalised(tmp_path):
    """Codes become names, the Danish arms the English ones, `;` and `,` both work."""
    frame, result = trial.read(write(tmp_path, TWO_SITES))
    assert result.errors == []
    assert result.municipalities == ["Roskilde", "Vejle"]
    assert sorted(
        frame[["municipality", "arm", "randomised", "in_job_or_education"]].itertuples(
            index=False, name=None
        )
    ) == [
        ("Roskilde", "control", 40, 10),
        ("Roskilde", "nextwork", 40, 20),
        ("Vejle", "control", 30, 11),
        ("Vejle", "nextwork", 30, 12),
    ]


def test_windows_1252_and_an_empty_suppressed_cell(tmp_path):
    """Danish Excel's encoding is read; an empty in_job_or_education is a suppressed cell."""
    text = HEADER + "København,nextwork,26,12,\nKøbenhavn,control,26,12,3\n"
    frame, result = trial.read(write(tmp_path, text, encoding="cp1252"))
    assert result.errors == []
    assert frame["municipality"].tolist() == ["København", "København"]
    assert frame["in_job_or_education"].isna().tolist() == [True, False]


def test_a_workbook_is_read(tmp_path):
    """The same columns in the first sheet of an .xlsx file."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["municipality", "arm", "weeks", "randomised", "in_job_or_education"])
    sheet.append(["Horsens", "nextwork", 104, 25, 15])
    sheet.append(["Horsens", "control", 104, 25, 9])
    book.save(tmp_path / "forsoeg.xlsx")
    frame, result = trial.read(tmp_path / "forsoeg.xlsx")
    assert result.errors == []
    assert frame["weeks"].tolist() == [104, 104]


# Every rule, one broken row each: (the rows after the header, the problem as reported).
BROKEN = [
    ("Atlantis,nextwork,52,10,5\n", "forsoeg.csv:2: municipality: 'Atlantis' is not a Danish"),
    (",nextwork,52,10,5\n", "forsoeg.csv:2: municipality: a value is required"),
    ("Vejle,treatment,52,10,5\n", "forsoeg.csv:2: arm: 'treatment' is not one of nextwork"),
    ("Vejle,,52,10,5\n", "forsoeg.csv:2: arm: a value is required"),
    ("Vejle,nextwork,52.5,10,5\n", "forsoeg.csv:2: weeks: '52.5' is not a whole number"),
    ("Vejle,nextwork,261,10,5\n", "forsoeg.csv:2: weeks: '261' is outside 0 to 260"),
    ("Vejle,nextwork,-1,10,5\n", "forsoeg.csv:2: weeks: '-1' is outside 0 to 260"),
    ("Vejle,nextwork,,10,5\n", "forsoeg.csv:2: weeks: a value is required"),
    ("Vejle,nextwork,52,0,0\n", "forsoeg.csv:2: randomised: '0' is less than 1"),
    ("Vejle,nextwork,52,,0\n", "forsoeg.csv:2: randomised: a value is required"),
    ("Vejle,nextwork,52,ti,0\n", "forsoeg.csv:2: randomised: 'ti' is not a whole number"),
    # "1.000" is a thousand to a Danish reader and a one to a program: neither is guessed.
    (
        'Vejle,nextwork,52,"1.000",5\n',
        "forsoeg.csv:2: randomised: '1.000' is not a whole number (write it without a thousands",
    ),
    ('Vejle,nextwork,52,"2,500",5\n', "forsoeg.csv:2: randomised: '2,500' is not a whole"),
    ("Vejle,nextwork,52,10,11\n", "forsoeg.csv:2: in_job_or_education: '11' is more than"),
    ("Vejle,nextwork,52,10,-2\n", "forsoeg.csv:2: in_job_or_education: '-2' is less than 0"),
    ("Vejle,nextwork,52,10,fem\n", "forsoeg.csv:2: in_job_or_education: 'fem' is not a whole"),
    ("Vejle,nextwork,52,10,0101901234\n", "forsoeg.csv:2: in_job_or_education: holds a CPR"),
]


@pytest.mark.parametrize(("rows", "expected"), BROKEN)
def test_every_rule_on_a_broken_row(tmp_path, rows, expected):
    """A broken cell is reported with its file, row and column, and nothing is read."""
    frame, result = trial.read(write(tmp_path, HEADER + rows + "Vejle,control,52,10,5\n"))
    assert frame is None
    assert any(str(p).startswith(expected) for p in result.errors), result.errors


def test_optional_counts_are_checked_like_the_main_one(tmp_path):
    """in_job, in_education and on_benefits: whole numbers from 0 to randomised."""
    text = (
        "municipality,arm,weeks,randomised,in_job_or_education,in_job,on_benefits\n"
        "Vejle,nextwork,52,10,5,12,x\nVejle,control,52,10,5,1,2\n"
    )
    _, result = trial.read(write(tmp_path, text))
    assert [str(p) for p in result.errors] == [
        "forsoeg.csv:2: in_job: '12' is more than randomised (10)",
        "forsoeg.csv:2: on_benefits: 'x' is not a whole number (or empty)",
    ]


def test_a_missing_column_and_an_unknown_one(tmp_path):
    """A required column missing is an error; an unknown one a warning."""
    _, result = trial.read(
        write(tmp_path, "municipality,arm,weeks,randomised,note\nVejle,nextwork,52,10,x\n")
    )
    assert [str(p) for p in result.errors] == [
        "forsoeg.csv:1: in_job_or_education: required column is missing"
    ]
    assert [str(p) for p in result.warnings] == ["forsoeg.csv:1: note: unknown column; ignored"]


def test_duplicates_and_a_missing_arm(tmp_path):
    """The same site, arm, week and cohort twice; a site with only one arm."""
    text = HEADER + (
        "Vejle,nextwork,52,10,5\nVejle,control,52,10,5\nVejle,nextwork,52,10,6\n"
        "Horsens,nextwork,52,10,5\n"
    )
    _, result = trial.read(write(tmp_path, text))
    assert [str(p) for p in result.errors] == [
        "forsoeg.csv:4: weeks: the same municipality, arm, week and cohort as row 2; give each "
        "once",
        "forsoeg.csv:5: arm: Horsens has no rows for the arm control; the trial compares both arms",
    ]


def test_an_empty_file_and_a_wrong_type(tmp_path):
    """No rows at all; a file that is neither CSV nor a workbook."""
    _, result = trial.read(write(tmp_path, HEADER))
    assert [str(p) for p in result.errors] == ["forsoeg.csv:2: -: the file has no rows"]
    _, result = trial.read(write(tmp_path, TWO_SITES, name="forsoeg.txt"))
    assert [str(p) for p in result.errors] == ["forsoeg.txt:0: -: not a trial file (.csv or .xlsx)"]


def test_load_replaces_whole_and_a_broken_file_changes_nothing(tmp_path):
    """A valid file replaces the stored results whole; a broken one leaves them as they
    were."""
    db_path = tmp_path / "t.duckdb"
    assert trial.load(db_path, write(tmp_path, TWO_SITES)).ok
    assert len(stored(db_path)) == 4
    one_site = HEADER + "Horsens,nextwork,26,8,3\nHorsens,control,26,9,2\n"
    assert trial.load(db_path, write(tmp_path, one_site, name="ny.csv")).ok
    assert stored(db_path) == [
        ("Horsens", "control", 26, None, 9, 2),
        ("Horsens", "nextwork", 26, None, 8, 3),
    ]
    before = db_path.read_bytes()
    broken = HEADER + "Horsens,nextwork,26,8,30\nHorsens,control,26,9,2\n"
    result = trial.load(db_path, write(tmp_path, broken, name="brudt.csv"))
    assert not result.ok
    assert db_path.read_bytes() == before


def test_cli_trial_and_effects(tmp_path):
    """`trial` loads (exit 0), `effects --json` prints the documented shape with the
    hand-worked numbers; a broken file exits 2 with its problems on stderr."""
    db_path = tmp_path / "t.duckdb"
    done = run_cli("trial", write(tmp_path, TWO_SITES), "--db", db_path)
    assert done.returncode == 0, done.stderr
    assert "Roskilde, Vejle: 4 rows" in done.stdout
    done = run_cli("effects", "--db", db_path, "--week", "52", "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert set(out) == {"week", "by_municipality", "pooled"}
    assert out["week"] == 52
    assert set(out["by_municipality"]["Roskilde"]) == {
        "treated_n",
        "treated_k",
        "control_n",
        "control_k",
        "difference",
        "ci_low",
        "ci_high",
    }
    assert set(out["pooled"]) == {
        "difference",
        "ci_low",
        "ci_high",
        "random_difference",
        "random_ci_low",
        "random_ci_high",
        "i2",
    }
    assert out["pooled"]["difference"] == pytest.approx(0.16117, abs=1e-3)
    assert out["by_municipality"]["Vejle"]["ci_low"] == pytest.approx(-0.20225, abs=1e-3)
    done = run_cli("effects", "--db", db_path, "--week", "52", "--municipality", "Roskilde")
    assert "Roskilde: 25,0 (3,8 til 43,3)" in done.stdout
    assert "tilfældige effekter" not in done.stdout  # one site: nothing to pool
    done = run_cli("effects", "--db", db_path, "--week", "52", "--municipality", "Vejle")
    assert "Vejle: 3,3 (\u221220,2 til 26,4)" in done.stdout
    done = run_cli("effects", "--db", db_path, "--week", "52")
    assert "Samlet (tilfældige effekter): 15,3 (\u22125,8 til 36,4); I² 43,2 %" in done.stdout
    done = run_cli("effects", "--db", db_path, "--week", "52", "--municipality", "Vjle")
    assert (done.returncode, done.stdout) == (2, "")
    assert "no trial results for Vjle (there are: Roskilde, Vejle)" in done.stderr
    done = run_cli("effects", "--db", db_path, "--week", "26")
    assert (done.returncode, done.stdout) == (1, "")
    assert "no trial results at week 26 (weeks with results: 52)" in done.stderr
    done = run_cli("trial", write(tmp_path, HEADER + "Vejle,x,1,1,1\n", "b.csv"), "--db", db_path)
    assert done.returncode == 2
    assert "b.csv:2: arm: 'x' is not one of nextwork" in done.stderr
    assert "nothing was changed" in done.stderr
    done = run_cli("trial", tmp_path / "missing.csv", "--db", db_path)
    assert done.returncode == 1
    assert "missing.csv: no such file" in done.stderr


def test_the_demo_trial_file_loads(tmp_path):
    """The demo's trial results pass the check, for the five sites and both arms over weeks
    0-156, and are the same for the same seed."""
    from nextwork.ingest.demo.trial import write_demo_trial

    path = write_demo_trial(tmp_path / "a", seed=1)
    assert path == tmp_path / "a" / "forsoeg" / "forsoeg.csv"
    frame, result = trial.read(path)
    assert result.errors == []
    assert result.municipalities == ["Horsens", "København", "Roskilde", "Sønderborg", "Vejle"]
    assert len(frame) == 5 * 2 * 157
    assert write_demo_trial(tmp_path / "b", seed=1).read_bytes() == path.read_bytes()


def test_an_admin_loads_the_trial_on_the_data_page(monkeypatch, tmp_path):
    """An administrator uploads the trial file on the Data page: it is loaded, said so, and
    audited; a broken one is rejected with its problems located and nothing changed."""
    from nextwork.ingest import audit
    from tests.apptest import open_app, texts
    from tests.tiny_export import build_db

    db_path = build_db(tmp_path)
    at = open_app(monkeypatch, db_path, "data")
    trial_uploader = next(u for u in at.file_uploader if u.key.startswith("data_trial_upload_"))
    trial_uploader.set_value(("forsoeg.csv", TWO_SITES.encode(), "text/csv")).run()
    at.button(key="data_trial_load").click().run()
    assert not at.exception
    assert "Forsøgsresultaterne er indlæst: Roskilde, Vejle (4 rækker)" in texts(at)
    assert audit.entries(db_path)[-1][2:] == (
        "import",
        "admin:all",
        "trial results accepted: Roskilde, Vejle",
    )
    before = stored(db_path)
    trial_uploader = next(u for u in at.file_uploader if u.key.startswith("data_trial_upload_"))
    broken = HEADER + "Vejle,nextwork,52,10,12\nVejle,control,52,10,5\n"
    trial_uploader.set_value(("brudt.csv", broken.encode(), "text/csv")).run()
    at.button(key="data_trial_load").click().run()
    assert "Forsøgsfilen er afvist: 1 fejl. Intet er ændret." in texts(at)
    problems = next(d.value for d in at.dataframe if "Problem" in d.value.columns)
    assert problems.values.tolist() == [
        ["Fejl", "brudt.csv", 2, "in_job_or_education", "'12' is more than randomised (10)"]
    ]
    assert stored(db_path) == before
    assert audit.entries(db_path)[-1][4] == "trial results rejected: brudt.csv"


def test_only_an_administrator_may_load_a_trial(tmp_path):
    """Not even by calling the upload directly."""
    from nextwork.web import access

    viewer = access.Viewer(role="foundation", email="a@b.dk", signed_in=True)
    with pytest.raises(PermissionError):
        trial.upload("forsoeg.csv", TWO_SITES.encode(), tmp_path / "t.duckdb", viewer)


def test_the_cell_keys_of_the_arms(tmp_path):
    """The number randomised has one key for every week of its site, arm and cohort (the
    same people every week); a count's cell key is the sum of its rows' keys: with every key
    1, a site's key is its number of cohorts and the pooled key the sites' rows together.
    A site's count with a suppressed cohort is unknown, and so is the pooled count."""
    from nextwork.ingest import db

    text = (
        HEADER.rstrip("\n")
        + ",cohort\n"
        + (
            "Vejle,nextwork,26,20,5,A\nVejle,nextwork,52,20,8,A\n"
            "Vejle,control,26,20,5,A\nVejle,control,52,20,6,A\n"
            "Vejle,nextwork,52,10,5,B\nVejle,control,52,10,,B\n"
            "Horsens,nextwork,52,30,12,A\nHorsens,control,52,30,11,A\n"
        )
    )
    db_path = tmp_path / "t.duckdb"
    assert trial.load(db_path, write(tmp_path, text)).ok
    con = duckdb.connect(str(db_path))
    try:
        shared = con.execute(
            "select count(distinct key_randomised) from trial_results "
            "group by municipality, arm, cohort"
        ).fetchall()
        assert {n for (n,) in shared} == {1}
        con.execute(
            "update trial_results set key_randomised = 1, key_in_job_or_education = 1, "
            "key_on_benefits = 1"
        )
    finally:
        con.close()
    con = db.connect(db_path, read_only=True)
    try:
        arms = db.run(con, "trial_arms", {"municipalities": ["Horsens", "Vejle"]})
    finally:
        con.close()
    vejle = arms[(arms["municipality"] == "Vejle") & (arms["weeks"] == 52)].iloc[0]
    assert (vejle["count_randomised_nextwork"], vejle["key_count_randomised_nextwork"]) == (30, 2)
    assert (vejle["count_outcome_nextwork"], vejle["key_count_outcome_nextwork"]) == (13, 2)
    assert vejle["count_outcome_control"] is None or pd.isna(vejle["count_outcome_control"])
    pooled = arms[arms["municipality"].isna() & (arms["weeks"] == 52)].iloc[0]
    assert (pooled["count_randomised_nextwork"], pooled["key_count_randomised_nextwork"]) == (
        60,
        3,
    )
    assert (pooled["count_outcome_nextwork"], pooled["key_count_outcome_nextwork"]) == (25, 3)
    assert pd.isna(pooled["count_outcome_control"])
