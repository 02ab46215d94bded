"""The Excel workbook of every KPI: the filters first, a sheet per KPI family with a row per
municipality and period (and the programme), the definitions; real numbers and dates in
Danish display formats; small numbers suppressed unless an admin asked for an internal file.

Expected values are hand counts for the tiny export (`tests/tiny_export.py`); 2024's are
`YEAR_2024` in tests/test_kpis.py. The programme is Vejle and Horsens pooled.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from nextwork.ingest import audit, db
from nextwork.metrics import disclosure, kpis
from nextwork.present import workbook
from tests.apptest import YEAR_2024, open_app
from tests.tiny_export import AS_OF, copy_tiny_db

P24 = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
P23 = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
SHEETS = ["Filtre", "Unge", "Virksomheder", "Praktikforløb", "Første praktik", "Resultater"]


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory, tiny_db_built):
    return copy_tiny_db(tiny_db_built, tmp_path_factory.mktemp("workbook"))


@pytest.fixture(scope="module")
def con(tiny_db):
    connection = db.connect(tiny_db, read_only=True)
    yield connection
    connection.close()


def periods(con, suppress: bool) -> list[workbook.Period]:
    out = []
    for start, end in (P24, P23):
        frame = kpis.kpi_frame(con, kpis.query_params(start, end, AS_OF, ["Horsens", "Vejle"]))
        frame = disclosure.disclose_kpis(frame) if suppress else disclosure.strip_kpis(frame)
        out.append(workbook.Period(start, end, frame, frame[frame["municipality"].isna()]))
    return out


def rows(sheet) -> list[list]:
    return [list(r) for r in sheet.iter_rows(values_only=True)]


FILTERS = [("Periode fra", P24[0]), ("Periode til", P24[1]), ("Kommuner", "Horsens, Vejle")]


def test_every_kpi_family_has_a_sheet_with_a_row_per_municipality_and_period(con):
    """An analyst opening the internal workbook for 2024 (and 2023 before it) finds the
    filters, a sheet per KPI family with each site, all selected and the programme for each
    period, as numbers and dates Excel can compute with, and the definitions."""
    data = workbook.build(periods(con, suppress=False), FILTERS, "da", note="INTERNT: eksakt")
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == [*SHEETS, "Definitioner"]

    filters = book["Filtre"]
    assert filters["A1"].value == "INTERNT: eksakt", "an exact file says so first"
    assert filters["A3"].value == "Periode fra"
    assert filters["B3"].value == dt.datetime(2024, 1, 1)
    assert filters["B3"].number_format == "dd-mm-yyyy"

    young = book["Unge"]
    assert rows(young) == [
        ["Fra", "Til", "Kommune", "Aktive unge", "Nye unge", "Andel i ungenetværk (%)"]
        + ["Andel i ungenetværk (n)"],
        # 2024: H1 H2 H4 H5 active, H1 H4 H5 new, H2 H4 at A5 | V1 V3 V4 V5 V6, V4 at A1.
        [dt.datetime(2024, 1, 1), dt.datetime(2024, 12, 31), "Horsens", 4, 3, 0.5, 4],
        [dt.datetime(2024, 1, 1), dt.datetime(2024, 12, 31), "Vejle", 5, 4, 0.2, 5],
        [dt.datetime(2024, 1, 1), dt.datetime(2024, 12, 31), "Alle valgte", 9, 7, 3 / 9, 9],
        [dt.datetime(2024, 1, 1), dt.datetime(2024, 12, 31), "Programmet", 9, 7, 3 / 9, 9],
        # 2023: H2 active, nobody new, not at a meeting | V1 V2 active and new, V1 at A0.
        [dt.datetime(2023, 1, 1), dt.datetime(2023, 12, 31), "Horsens", 1, 0, 0.0, 1],
        [dt.datetime(2023, 1, 1), dt.datetime(2023, 12, 31), "Vejle", 2, 2, 0.5, 2],
        [dt.datetime(2023, 1, 1), dt.datetime(2023, 12, 31), "Alle valgte", 3, 2, 1 / 3, 3],
        [dt.datetime(2023, 1, 1), dt.datetime(2023, 12, 31), "Programmet", 3, 2, 1 / 3, 3],
    ]
    assert [young.cell(2, c).number_format for c in range(1, 8)] == [
        "dd-mm-yyyy",
        "dd-mm-yyyy",
        "General",
        "#,##0",
        "#,##0",
        "0.0 %",
        "#,##0",
    ]
    assert young.freeze_panes == "D2"
    assert young.column_dimensions["A"].width == 12

    # Outcomes: 4 of 5 within 12 months in 2024; Vejle 2 of 2; 2023 has nobody followed.
    outcomes = {r[2]: r for r in rows(book["Resultater"])[1:5]}
    header = rows(book["Resultater"])[0]
    share = header.index("I job/uddannelse inden 12 mdr. (%)")
    assert outcomes["Programmet"][share : share + 2] == [0.8, 5]
    assert outcomes["Vejle"][share : share + 2] == [1.0, 2]
    days = rows(book["Første praktik"])
    median = days[0].index("Dage til første praktik (median) (dage)")
    assert days[1][median] == 45.0, "Horsens: H1 0 days, H4 90 days"

    definitions = rows(book["Definitioner"])
    assert definitions[0] == ["Nøgle", "Nøgletal", "Ark", "Definition"]
    assert [r[0] for r in definitions[1:19]] == [k.key for k in kpis.KPIS]
    assert definitions[1][3] == kpis.KPI_BY_KEY["participants_active"].definition("da")


def test_small_numbers_are_suppressed_in_the_workbook(con):
    """What leaves the team hides small numbers: Horsens' 4 active and 3 new young people in
    2024 read <5 (as text), and its share resting on 2 of 4 is empty."""
    book = load_workbook(io.BytesIO(workbook.build(periods(con, suppress=True), FILTERS)))
    horsens = rows(book["Unge"])[1]
    assert horsens[2:] == ["Horsens", "<5", "<5", None, None]
    assert rows(book["Unge"])[4][2:] == ["Programmet", 9, 7, None, None]


def test_the_workbook_in_english(con):
    """An English reader gets English sheet names and headers."""
    data = workbook.build(periods(con, suppress=False), FILTERS, "en")
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == [
        "Filters",
        "Young people",
        "Companies",
        "Placements",
        "First placement",
        "Outcomes",
        "Definitions",
    ]
    assert rows(book["Young people"])[0][:4] == [
        "From",
        "To",
        "Municipality",
        "Active young people",
    ]


def test_the_overview_offers_the_workbook_made_only_on_click_and_audited(
    monkeypatch, tiny_db, deferred
):
    """An admin on the overview downloads every KPI as Excel: the file is made only when
    clicked, is suppressed by default, exact (and marked internal) with the sidebar's
    toggle, and each download is in the audit log."""
    calls = []
    build = workbook.build
    monkeypatch.setattr(workbook, "build", lambda *a, **k: calls.append(1) or build(*a, **k))
    at = open_app(monkeypatch, tiny_db, **YEAR_2024)
    button = next(b for b in at.get("download_button") if b.proto.id.endswith("overview_workbook"))
    assert button.proto.deferred_file_id and not button.proto.url
    assert calls == [], "nothing is written before the click"
    name = "nextwork_2024-01-01_2024-12-31.xlsx"
    book = load_workbook(io.BytesIO(deferred[name]()))
    assert calls == [1]
    assert rows(book["Unge"])[1][2:5] == ["Horsens", "<5", "<5"]
    button.click().run()
    assert [e[4] for e in audit.entries(tiny_db) if e[2] == "export"][-1] == name

    at.toggle(key="exact_exports").set_value(True).run()
    book = load_workbook(io.BytesIO(deferred[name]()))
    assert book["Filtre"]["A1"].value.startswith("INTERNT")
    assert rows(book["Unge"])[1][2:5] == ["Horsens", 4, 3]


def test_the_compare_page_offers_the_workbook(monkeypatch, tiny_db, deferred):
    """The compare page has the same workbook, for the chosen site: Vejle's 5 active young
    people in 2024 beside the programme's 9."""
    at = open_app(monkeypatch, tiny_db, "sammenlign", municipality="Vejle", **YEAR_2024)
    assert not at.exception
    book = load_workbook(io.BytesIO(deferred["nextwork_2024-01-01_2024-12-31.xlsx"]()))
    assert [r[2:4] for r in rows(book["Unge"])[1:3]] == [["Vejle", 5], ["Programmet", 9]]


def test_an_admins_exact_choice_reaches_the_table_downloads(monkeypatch, tiny_db, deferred):
    """The files are made on another thread, after the click: an admin's choice of exact
    figures still reaches them (and a file made without it stays suppressed)."""
    at = open_app(monkeypatch, tiny_db, **YEAR_2024)
    assert b"Horsens;<5" in deferred["overblik.csv"]()
    at.toggle(key="exact_exports").set_value(True).run()
    exact = deferred["overblik.csv"]().decode("utf-8-sig")
    assert exact.startswith("# INTERNT") and "Horsens;4;3;2;4;2;66,7" in exact


H1_25 = (dt.date(2025, 1, 1), dt.date(2025, 6, 30))
COHORT_H1_25 = (dt.date(2023, 7, 1), dt.date(2024, 6, 30))


def test_the_12_month_figures_come_from_the_cohort_with_full_follow_up(con):
    """For the first half of 2025 as of 2025-06-30 nobody enrolled in the period has 12
    months of follow-up; the workbook's 12-month figures and retention are those of the young
    people enrolled 1 July 2023 - 30 June 2024 (tests/test_cohort.py counts them: within 12
    months 4 of 5, Vejle 2 of 2, Horsens 2 of 3; retained 2 of 3), and the sheet says so on
    every row, while the other figures stay on the period (1 new young person, H3)."""
    params = kpis.query_params(*H1_25, AS_OF, ["Horsens", "Vejle"])
    frame = disclosure.strip_kpis(kpis.headline_frame(con, params))
    period = workbook.Period(*H1_25, frame, frame[frame["municipality"].isna()], *COHORT_H1_25)
    book = load_workbook(io.BytesIO(workbook.build([period], FILTERS)))
    table = rows(book["Resultater"])
    header = table[0]
    assert header[-2:] == [
        "12 mdr. og fastholdt: indskrevet fra",
        "12 mdr. og fastholdt: indskrevet til",
    ]
    share = header.index("I job/uddannelse inden 12 mdr. (%)")
    retained = header.index("Fastholdt 6 mdr. efter start (%)")
    by_site = {r[2]: r for r in table[1:]}
    assert list(by_site) == ["Horsens", "Vejle", "Alle valgte", "Programmet"]
    assert by_site["Programmet"][share : share + 2] == [0.8, 5]
    assert by_site["Vejle"][share : share + 2] == [1.0, 2]
    assert by_site["Horsens"][share : share + 2] == [pytest.approx(2 / 3), 3]
    assert by_site["Programmet"][retained : retained + 2] == [pytest.approx(2 / 3), 3]
    cohort = [dt.datetime(2023, 7, 1), dt.datetime(2024, 6, 30)]
    assert all(r[-2:] == cohort for r in table[1:])
    assert book["Resultater"].cell(2, len(header)).number_format == "dd-mm-yyyy"
    assert rows(book["Unge"])[0][-1] != header[-1], "only the outcome sheet has cohort dates"
    assert rows(book["Unge"])[4][2::2][:2] == ["Programmet", 1], "new in H1 2025: H3"
    definitions = rows(book["Definitioner"])
    assert definitions[-1][1:] == [
        "Kohorten med fuld opfølgning",
        "Resultater",
        kpis.COHORT_RULE_DA,
    ]


def test_the_downloaded_workbook_names_the_cohort(monkeypatch, tiny_db, deferred):
    """An admin downloading the workbook for the first half of 2025 gets the cohort's
    figures (4 of 5 within 12 months for the programme) with the cohort's dates on the
    outcome sheet and among the filters; the period before (second half of 2024) is measured
    on the cohort before it, enrolled 1 July 2022 - 30 June 2023."""
    at = open_app(
        monkeypatch, tiny_db, start="2025-01-01", end="2025-06-30", as_of=AS_OF.isoformat()
    )
    assert not at.exception
    at.toggle(key="exact_exports").set_value(True).run()
    book = load_workbook(io.BytesIO(deferred["nextwork_2025-01-01_2025-06-30.xlsx"]()))
    filters = {r[0]: r[1] for r in rows(book["Filtre"])[1:]}
    assert filters["Resultater inden 12 mdr. og fastholdelse: unge indskrevet fra"] == (
        dt.datetime(2023, 7, 1)
    )
    assert filters["Resultater inden 12 mdr. og fastholdelse: unge indskrevet til"] == (
        dt.datetime(2024, 6, 30)
    )
    table = rows(book["Resultater"])
    share = table[0].index("I job/uddannelse inden 12 mdr. (%)")
    programme = [r for r in table[1:] if r[2] == "Programmet"]
    assert [r[:2] for r in programme] == [
        [dt.datetime(2025, 1, 1), dt.datetime(2025, 6, 30)],
        [dt.datetime(2024, 7, 1), dt.datetime(2024, 12, 31)],
    ]
    assert programme[0][share : share + 2] == [0.8, 5]
    assert programme[0][-2:] == [dt.datetime(2023, 7, 1), dt.datetime(2024, 6, 30)]
    assert programme[1][-2:] == [dt.datetime(2022, 7, 1), dt.datetime(2023, 6, 30)]


def test_the_trials_effects_have_a_sheet(con):
    """With the trial's hand-worked two sites (tests/test_trial_effects.py) at week 52, the
    workbook has an Effekt sheet before the definitions: each site's counts, difference and
    Newcombe interval, and the pooled fixed and random effects with I²."""
    import pandas as pd

    from nextwork.metrics import trial_effects

    arms = pd.DataFrame(
        {
            "municipality": ["Roskilde", "Vejle"],
            "weeks": [52, 52],
            "count_randomised_nextwork": [40, 30],
            "count_outcome_nextwork": [20, 12],
            "count_randomised_control": [40, 30],
            "count_outcome_control": [10, 11],
        }
    )
    effects = [trial_effects.effects_at(arms, 52)]
    data = workbook.build(periods(con, suppress=False), FILTERS, "da", effects=effects)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == [*SHEETS, "Effekt", "Definitioner"]
    table = rows(book["Effekt"])
    assert table[0][:2] == ["Uger efter lodtrækning", "Kommune"]
    assert table[1][:6] == [52, "Roskilde", 20, 40, 10, 40]
    assert table[1][6:9] == pytest.approx([0.25, 0.03789, 0.43330], abs=1e-4)
    assert table[2][:6] == [52, "Vejle", 12, 30, 11, 30]
    assert table[3][1] == "Samlet, fast effekt"
    assert table[3][6:10] == pytest.approx([0.16117, 0.00372, 0.31862, 0.43171], abs=1e-4)
    assert table[4][1] == "Samlet, tilfældige effekter"
    assert table[4][6:9] == pytest.approx([0.15275, -0.05846, 0.36397], abs=1e-4)
    assert book["Effekt"].cell(2, 7).number_format == "0.0 %"
