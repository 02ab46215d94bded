"""The Effekt page on the tiny export with a hand-worked trial file, for every role.

The trial file (weeks 26 and 52) has, at week 52, Vejle 20 of 40 in NExTWORK against 10 of
40 in the control arm, and Horsens 12 of 30 against 11 of 30: the two sites of
`tests/test_trial_effects.py`, whose hand-worked figures are Vejle 25,0 (3,8 to 43,3),
Horsens 3,3 (−20,2 to 26,4) and pooled (fixed effect) 16,1 (0,4 to 31,9) percentage points.
At week 26 Horsens' control arm has 3 in job or education: a small count, hidden from readers
without exact rights, so that Horsens has no effect for them at week 26.
"""

from __future__ import annotations

import duckdb
import pytest

from nextwork.ingest import trial
from tests.apptest import YEAR_2024 as YEAR
from tests.apptest import open_app, texts
from tests.tiny_export import build_db, copy_tiny_db

TRIAL = """\
municipality,arm,weeks,randomised,in_job_or_education
Vejle,nextwork,26,40,12
Vejle,control,26,40,8
Horsens,nextwork,26,30,9
Horsens,control,26,30,3
Vejle,nextwork,52,40,20
Vejle,control,52,40,10
Horsens,nextwork,52,30,12
Horsens,control,52,30,11
"""
POOLED_52_DA = "16 procentpoint flere i job eller uddannelse efter 52 uger, 95 %-interval 0 til 32"


def load_trial(path):
    """Load the trial file above into the database at `path`, with every cell key 0: no
    perturbation noise, so a viewer sees the hand-worked counts with the small ones hidden."""
    (path.parent / "forsoeg.csv").write_text(TRIAL, encoding="utf-8")
    assert trial.load(path, path.parent / "forsoeg.csv").ok
    con = duckdb.connect(str(path))
    try:
        con.execute(
            "update trial_results set key_randomised = 0, key_in_job_or_education = 0, "
            "key_on_benefits = 0"
        )
    finally:
        con.close()
    return path


@pytest.fixture(scope="module")
def trial_db(tmp_path_factory, tiny_db_built):
    return load_trial(copy_tiny_db(tiny_db_built, tmp_path_factory.mktemp("effekt")))


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory, tiny_db_built):
    return copy_tiny_db(tiny_db_built, tmp_path_factory.mktemp("effekt_empty"))


def table_rows(at) -> dict[str, list]:
    frame = at.dataframe[0].value
    return {row[0]: list(row[1:]) for row in frame.itertuples(index=False)}


def test_the_foundation_reads_the_pooled_effect_in_plain_words(monkeypatch, trial_db):
    """The foundation sees the hand-worked pooled effect at week 52 in words, and each site's
    counts and interval in the table."""
    at = open_app(monkeypatch, trial_db, "effekt", role="foundation")
    assert not at.exception
    assert POOLED_52_DA in texts(at)
    assert "Forsøgsresultaterne er indlæst " in texts(at)
    rows = table_rows(at)
    assert rows["Vejle"] == ["20 / 40", "10 / 40", "25,0", "3,8 – 43,3"]
    assert rows["Horsens"] == ["12 / 30", "11 / 30", "3,3", "\u221220,2 – 26,4"]
    assert rows["Samlet, fast effekt"][2:] == ["16,1", "0,4 – 31,9"]


def test_another_week_and_english(monkeypatch, trial_db):
    """At week 26 (Vejle 12/40 against 8/40: 10,0 points; Horsens 9/30 against 3/30: 20,0),
    in English for an admin."""
    at = open_app(monkeypatch, trial_db, "effekt", role="admin", lang="en")
    at.segmented_control(key="effect_week").set_value(26).run()
    assert not at.exception
    rows = table_rows(at)
    assert rows["Vejle"][:3] == ["12 / 40", "8 / 40", "10.0"]
    assert rows["Horsens"][:3] == ["9 / 30", "3 / 30", "20.0"]
    assert "percentage points more in job or education after 26 weeks" in texts(at)


def test_a_viewer_does_not_see_a_small_count(monkeypatch, trial_db):
    """A viewer's figures go through the disclosure control: Horsens' 3 in the control arm
    at week 26 is hidden, so Horsens has no effect then; at week 52 nothing is small."""
    at = open_app(monkeypatch, trial_db, "effekt", role="viewer")
    assert POOLED_52_DA in texts(at)
    # The Effekt page has no savings scenario of its own: the one it means is on Økonomi.
    assert "besparelsesscenariet på siden Økonomi bruger dit eget tal" in texts(at)
    at.segmented_control(key="effect_week").set_value(26).run()
    assert not at.exception
    rows = table_rows(at)
    assert rows["Horsens"] == ["–", "–", "–", "–"]
    assert "Ingen effekt for Horsens" in texts(at)
    assert "3 / 30" not in str(at.dataframe[0].value)


def test_a_manager_sees_only_their_site_even_with_a_tampered_link(monkeypatch, trial_db):
    """A manager in Vejle sees Vejle's effect; a link asking for Horsens shows Vejle only."""
    at = open_app(
        monkeypatch, trial_db, "effekt", role="manager", municipalities=("Vejle",),
        municipality="Horsens",
    )  # fmt: skip
    assert not at.exception
    rows = table_rows(at)
    assert "Horsens" not in rows
    assert rows["Vejle"][:3] == ["20 / 40", "10 / 40", "25,0"]
    # One site: no pooled rows repeating its own, and no talk of the spread between sites.
    assert list(rows) == ["Vejle"]
    assert "I²" not in texts(at) and "tilfældige effekter" not in texts(at)


def test_no_sign_in_on_demo_data_and_no_results(monkeypatch, empty_db):
    """Without trial results the page says how to load them."""
    at = open_app(monkeypatch, empty_db, "effekt", role="admin")
    assert not at.exception
    assert "Der er ingen forsøgsresultater for de valgte kommuner" in texts(at)


# The cost per additional young person on the Økonomi page, with the costs of 2024 added to
# the tiny export: Vejle 4.000.000 kr. and Horsens 3.000.000 kr.
COSTS = "municipality,year,cost_dkk,staff_fte\nVejle,2024,4000000,5\nHorsens,2024,3000000,4\n"


@pytest.fixture(scope="module")
def costs_trial_db(tmp_path_factory):
    from nextwork.ingest.importer import import_export
    from tests.tiny_export import AS_OF, RECORD_TABLES, set_record_keys, write_export

    base = tmp_path_factory.mktemp("effekt_costs")
    export = write_export(base / "export")
    (export / "costs.csv").write_text(COSTS, encoding="utf-8")
    path = base / "costs.duckdb"
    assert import_export(path, export, key_file=base / "k.key", today=AS_OF).ok
    set_record_keys(path, {table: {} for table in RECORD_TABLES}, default=0)
    (base / "forsoeg.csv").write_text(TRIAL, encoding="utf-8")
    assert trial.load(path, base / "forsoeg.csv").ok
    return path


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label))


def test_cost_per_additional_young_person(monkeypatch, costs_trial_db):
    """7.000.000 kr. in 2024 over the 70 randomised to NExTWORK is 100.000 kr. each; divided
    by the pooled effect at week 52 (0,161171) it is 620.458 kr. per additional young person
    in job or education, 95 % interval 100.000 / 0,318621 = 313.853 kr. to
    100.000 / 0,0037219 = 26.867.787 kr."""
    at = open_app(monkeypatch, costs_trial_db, "okonomi", role="foundation", **YEAR)
    assert not at.exception
    assert metric(at, "Omkostning pr. randomiseret ung") == "100.000 kr."
    assert metric(at, "Pr. ekstra ung i job eller uddannelse") == "620.458 kr."
    assert "(95 %: 313.853 kr. til 26.867.787 kr.)" in texts(at)


def test_cost_per_additional_young_person_is_not_defined_through_zero(monkeypatch, costs_trial_db):
    """Vejle alone at week 26: 12/40 against 8/40, a difference of 10 points whose interval
    includes 0: the cost per additional young person is not defined."""
    at = open_app(
        monkeypatch, costs_trial_db, "okonomi", role="foundation", municipality="Vejle", **YEAR
    )
    at.selectbox(key="cost_trial_week").set_value(26).run()
    assert not at.exception
    assert metric(at, "Omkostning pr. randomiseret ung") == "100.000 kr."
    assert metric(at, "Pr. ekstra ung i job eller uddannelse") == "ikke defineret"
    assert "(4.000.000 kr.) delt med de 40 unge, der blev randomiseret" in texts(at)
    assert "Effektens 95 %-interval rummer 0" in texts(at)


def test_the_overview_workbook_has_the_effect_sheet(monkeypatch, trial_db, deferred):
    """The workbook on the overview carries the trial's effects at 26, 52 and 104 weeks (the
    file is shared outside the team, so through the disclosure control: Horsens' 3 at week
    26 is hidden, so Horsens has no effect that week)."""
    import io

    from openpyxl import load_workbook

    at = open_app(monkeypatch, trial_db, role="foundation", **YEAR)
    assert not at.exception
    book = load_workbook(io.BytesIO(deferred["nextwork_2024-01-01_2024-12-31.xlsx"]()))
    rows = [list(r) for r in book["Effekt"].iter_rows(values_only=True)]
    week_26 = [r for r in rows[1:] if r[0] == 26]
    assert week_26[0][:2] == [26, "Horsens"] and week_26[0][2:] == [None] * 8
    week_52 = {r[1]: r for r in rows[1:] if r[0] == 52}
    assert week_52["Vejle"][2:6] == [20, 40, 10, 40]
    assert week_52["Samlet, fast effekt"][6] == pytest.approx(0.16117, abs=1e-4)


# On benefits, of 10 in each arm in Vejle: control 10, 6, 5 at weeks 0, 26, 52; NExTWORK
# 10, 4, 3. The gap is 0; 0,2; 0,2: 26·(0 + 0,2)/2 + 26·(0,2 + 0,2)/2 = 7,8 weeks, or
# 7,8 · 12/52 = 1,8 months fewer on benefits over the first 52 weeks.
BENEFITS_TRIAL = """\
municipality,arm,weeks,randomised,in_job_or_education,on_benefits
Vejle,nextwork,0,10,0,10
Vejle,control,0,10,0,10
Vejle,nextwork,26,10,5,4
Vejle,control,26,10,3,6
Vejle,nextwork,52,10,6,3
Vejle,control,52,10,4,5
"""


def test_the_savings_scenario_starts_from_the_trials_effect(monkeypatch, tmp_path):
    """With counts on benefits in the trial file, the scenario's months fewer on benefits
    start at the trial's 1,8 and the page says the effect is the trial's; without a trial
    they start at 0 and are the reader's own."""
    path = build_db(tmp_path)
    at = open_app(monkeypatch, path, "okonomi", role="foundation", **YEAR)
    assert not at.exception
    assert at.text_input(key="cost_months").value == "0"
    assert "Dashboardet kan vise omkostninger og bruttostrømme, men ikke effekten" in texts(at)
    (tmp_path / "forsoeg.csv").write_text(BENEFITS_TRIAL, encoding="utf-8")
    assert trial.load(path, tmp_path / "forsoeg.csv").ok
    at = open_app(monkeypatch, path, "okonomi", role="foundation", **YEAR)
    assert not at.exception
    assert at.text_input(key="cost_months").value == "1,8"
    assert (
        "**Effekten er forsøgets.** I det randomiserede forsøg var en ung i NExTWORK i "
        "gennemsnit 1,8 måneder færre på ydelse end en ung i den sædvanlige indsats de første "
        "52 uger (de valgte kommuner)."
    ) in texts(at)
    assert "men ikke effekten" not in texts(at)
    # A number the reader types replaces it.
    at.text_input(key="cost_months").set_value("3").run()
    assert not at.exception
    assert at.text_input(key="cost_months").value == "3"
