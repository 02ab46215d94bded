"""The Økonomi page: cost per unit per site and year, and the savings scenario, on the tiny
export with a small costs file added, counted by hand, and what a reader sees.

The counts of 2024 are the KPI engine's hand counts in `tests/test_kpis.py` (active young
people 5 in Vejle and 4 in Horsens, placements started 6 and 4, companies in the network 3 and
2); first and retained outcomes are counted below from `tests/tiny_export.py`. The tiny export
itself has no costs file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import plotly.io
import pytest

from nextwork.ingest import db
from nextwork.ingest.importer import import_export
from nextwork.metrics import economy
from nextwork.metrics.kpis import query_params
from tests.apptest import YEAR_2024, open_app, texts
from tests.tiny_export import (
    AS_OF,
    RECORD_TABLES,
    copy_tiny_db,
    set_record_keys,
    write_export,
)

P24_25 = (dt.date(2024, 1, 1), dt.date(2025, 6, 30))
H1_25 = {"start": "2025-01-01", "end": "2025-06-30", "as_of": AS_OF.isoformat()}

# Vejle 2024 with its staff; Horsens 2024 without (staff_fte is optional); Horsens 2025 with;
# Vejle 2025 missing.
COSTS = """\
municipality,year,cost_dkk,staff_fte
Vejle,2024,4000000,5.5
Horsens,2024,3000000,
Horsens,2025,1500000,5
"""


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory, tiny_db_built):
    return copy_tiny_db(tiny_db_built, tmp_path_factory.mktemp("okonomi"))


@pytest.fixture(scope="module")
def costs_db(tmp_path_factory) -> Path:
    """The tiny export with the costs file above."""
    base = tmp_path_factory.mktemp("okonomi_costs")
    export = write_export(base / "export")
    (export / "costs.csv").write_text(COSTS, encoding="utf-8")
    path = base / "costs.duckdb"
    result = import_export(path, export, key_file=base / "k.key", today=AS_OF)
    assert result.ok, result.errors
    # record keys 0: no perturbation noise, so a viewer's figures are the hand-counted ones
    set_record_keys(path, {table: {} for table in RECORD_TABLES}, default=0)
    return path


def costs_per_year(path, period=P24_25, municipalities=("Horsens", "Vejle")) -> pd.DataFrame:
    con = db.connect(path, read_only=True)
    try:
        return db.run(con, "costs_per_year", query_params(*period, AS_OF, list(municipalities)))
    finally:
        con.close()


def pick(frame, municipality, year):
    if municipality is None:
        rows = frame[frame["municipality"].isna() & (frame["year"] == year)]
    else:
        rows = frame[(frame["municipality"] == municipality) & (frame["year"] == year)]
    assert len(rows) == 1, (municipality, year)
    return rows.iloc[0]


def check(value, expected, what):
    if expected is None:
        assert value is None or pd.isna(value), f"{what}: expected empty, got {value!r}"
    else:
        assert value == pytest.approx(expected, abs=1e-6), f"{what}: {value!r} != {expected!r}"


# ---------------------------------------------------------------------------------------
# costs_per_year: the counts beside the costs
# ---------------------------------------------------------------------------------------

# (municipality, year): active, placements started, first outcomes, retained, companies
COUNTS = {
    # Active in 2024: V1 V3 V4 V5 V6; started PL3-PL8; first outcomes after enrolment that
    # started in 2024: V1 (job 2024-01-01), V6 (education 2024-10-15; the job of 2024-03-01
    # was before enrolment); both in an outcome 6 months on (2024-07-01, 2025-04-15).
    ("Vejle", 2024): (5, 6, 2, 2, 3),
    # H1 H2 H4 H5; PL10 PL11 PL14 PL15; H1 (job 2024-09-01, still in it on 2025-03-01),
    # H2 (job 2024-12-31, on 2025-06-30 = as_of), H4 (education 2024-08-01, out of both on
    # 2025-02-01): 3 first outcomes, 2 retained.
    ("Horsens", 2024): (4, 4, 3, 2, 2),
    (None, 2024): (9, 10, 5, 4, 5),
    # 2025, the whole year up to as_of: V3 V4 V5 V6; PL9; V3 (2025-01-31) and V5 (2025-03-01),
    # whose 6 months end after as_of: not yet retained.
    ("Vejle", 2025): (4, 1, 2, 0, 2),
    # H1-H5; PL12 PL16; H5 (2025-04-11); CH1 CH2 CH3.
    ("Horsens", 2025): (5, 2, 1, 0, 3),
    (None, 2025): (9, 3, 3, 0, 5),
}
COUNT_COLUMNS = [
    "participants_active",
    "placements_started",
    "count_first_outcomes",
    "count_retained_outcomes",
    "companies_in_network",
]


@pytest.mark.parametrize("municipality, year", list(COUNTS), ids=[f"{m}-{y}" for m, y in COUNTS])
def test_counts_per_year(tiny_db, municipality, year):
    """A manager sees, for each calendar year, what the team did: the same counts as the
    KPIs for that year, and the young people whose first outcome started then."""
    row = pick(costs_per_year(tiny_db), municipality, year)
    assert COUNTS[(municipality, year)] == tuple(int(row[c]) for c in COUNT_COLUMNS)


def test_without_a_costs_file_nothing_is_guessed(tiny_db):
    """With no costs in the export every cost and cost per unit is empty, never 0."""
    frame = costs_per_year(tiny_db)
    assert not frame["has_costs"].any()
    for column in ("cost_dkk", "staff_fte", "cost_per_participant", "cost_per_retained_outcome"):
        assert frame[column].isna().all(), column


def test_years_and_their_completeness(tiny_db):
    """The years are those the period touches; 2025 is not over on as_of (2025-06-30), and
    2024's retention is known exactly on it (2024-12-31 + 6 months)."""
    frame = costs_per_year(tiny_db)
    pooled = frame[frame["municipality"].isna()]
    assert list(pooled["year"]) == [2024, 2025]
    assert list(pooled["is_year_complete"]) == [True, False]
    assert list(pooled["is_retention_complete"]) == [True, False]


# (municipality, year): cost, staff, per active, per placement, per outcome, per retained,
# young people per FTE, companies per FTE
COSTS_EXPECTED = {
    # 4,000,000 over 5 active, 6 placements, 2 first outcomes, 2 retained; 5 and 3 over 5.5.
    ("Vejle", 2024): (
        4_000_000,
        5.5,
        800_000,
        4_000_000 / 6,
        2_000_000,
        2_000_000,
        5 / 5.5,
        3 / 5.5,
    ),  # fmt: skip
    # 3,000,000 over 4, 4, 3, 2; no staff figure, so nothing per FTE.
    ("Horsens", 2024): (3_000_000, None, 750_000, 750_000, 1_000_000, 1_500_000, None, None),
    # Both sites have a cost: 7,000,000 over 9, 10, 5, 4; Horsens has no staff: no total staff.
    (None, 2024): (7_000_000, None, 7_000_000 / 9, 700_000, 1_400_000, 1_750_000, None, None),
    # Vejle has no costs row for 2025: nothing per unit, and no total for 2025.
    ("Vejle", 2025): (None, None, None, None, None, None, None, None),
    # 1,500,000 over 5, 2, 1 and no retained outcome yet (empty, not infinite); 5 and 3 over 5.
    ("Horsens", 2025): (1_500_000, 5.0, 300_000, 750_000, 1_500_000, None, 1.0, 0.6),
    (None, 2025): (None, None, None, None, None, None, None, None),
}
COST_COLUMNS = [
    "cost_dkk",
    "staff_fte",
    "cost_per_participant",
    "cost_per_placement",
    "cost_per_outcome",
    "cost_per_retained_outcome",
    "participants_per_fte",
    "companies_per_fte",
]


@pytest.mark.parametrize(
    "municipality, year", list(COSTS_EXPECTED), ids=[f"{m}-{y}" for m, y in COSTS_EXPECTED]
)
def test_costs_per_unit(costs_db, municipality, year):
    """The foundation sees what each site's team cost per active young person, per placement
    started, per young person with an outcome and per retained outcome, and how many young
    people and companies each staff member carries; a missing cost or staff figure stays
    empty."""
    row = pick(costs_per_year(costs_db), municipality, year)
    for column, expected in zip(COST_COLUMNS, COSTS_EXPECTED[(municipality, year)], strict=True):
        check(row[column], expected, f"{municipality} {year} {column}")


def test_one_site_is_its_own_total(costs_db):
    """With only Vejle chosen, the 2024 total is Vejle's own cost (Horsens' is not added)."""
    frame = costs_per_year(costs_db, municipalities=("Vejle",))
    check(pick(frame, None, 2024)["cost_dkk"], 4_000_000, "total")
    check(pick(frame, None, 2024)["staff_fte"], 5.5, "staff")


# ---------------------------------------------------------------------------------------
# The savings scenario
# ---------------------------------------------------------------------------------------


def test_scenario_by_hand():
    """100 participants each 2 months less on a benefit of 11,900 a month save 2,380,000;
    against a cost of 3,570,000 that is -1,190,000, and 3 months would break even."""
    s = economy.scenario(3_570_000, 100, 11_900, 2)
    assert s.gross_saving_dkk == 2_380_000
    assert s.saving_per_month_dkk == 1_190_000
    assert s.net_dkk == -1_190_000
    assert s.break_even_months == pytest.approx(3.0)
    assert economy.net_at(s, [0, 3, 6]) == [-3_570_000, 0, 3_570_000]


def test_scenario_without_a_cost():
    """Without a cost the gross saving is still shown, but there is no net result and no
    break-even point to guess."""
    s = economy.scenario(None, 9, 11_900, 2)
    assert s.gross_saving_dkk == 214_200
    assert (s.net_dkk, s.break_even_months) == (None, None)
    assert economy.net_at(s, [0, 1]) == [None, None]


def test_scenario_with_nobody_has_no_break_even():
    """No participants, or no benefit, can never pay a cost back."""
    assert economy.scenario(1_000, 0, 11_900, 1).break_even_months is None
    assert economy.scenario(1_000, 10, 0, 1).break_even_months is None
    assert economy.scenario(1_000, 0, 11_900, 1).net_dkk == -1_000


def test_chart_months_reach_past_break_even_and_the_choice():
    """The net-result chart runs from 0 to twice the break-even point (3 -> 6), or past the
    chosen months (8 -> 10), and at least to 1."""
    assert economy.chart_months(economy.scenario(3_570_000, 100, 11_900, 2)) == [0.0, 6.0]
    assert economy.chart_months(economy.scenario(3_570_000, 100, 11_900, 8)) == [0.0, 10.0]
    assert economy.chart_months(economy.scenario(None, 100, 11_900, 0)) == [0.0, 1.0]


def test_default_benefit_and_year():
    """The benefit starts at the 2023 uddannelseshjælp rate in the settings, DKK 11,900; the
    year at the latest one that is over."""
    assert economy.default_monthly_benefit() == 11_900
    assert economy.default_year([2024, 2025], [True, False]) == 2024
    assert economy.default_year([2025], [False]) == 2025
    assert economy.default_year([], []) is None


# ---------------------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------------------


def metric(at, label):
    matches = [m for m in at.metric if m.label == label]
    assert matches, f"no card {label!r} among {[m.label for m in at.metric]}"
    return matches[0]


def row(table, municipality, year, column="Kommune"):
    rows = table[(table[column] == municipality) & (table[table.columns[1]] == year)]
    assert len(rows) == 1, (municipality, year)
    return rows.iloc[0]


def test_page_without_costs_says_so(monkeypatch, tiny_db):
    """A manager opening the page on an export without costs is told so plainly, still sees
    what the teams did (Vejle's 5 active young people in 2024), and a scenario with 2 months
    off benefit for the year's 9 young people: 214.200 kr. gross, no net result."""
    at = open_app(monkeypatch, tiny_db, "okonomi", **YEAR_2024)
    assert not at.exception
    assert at.title[0].value == "Økonomi"
    assert "Der er ingen omkostninger for de valgte kommuner og år" in texts(at)
    table = at.dataframe[0].value
    vejle = row(table, "Vejle", 2024)
    assert vejle["Aktive unge"] == 5 and pd.isna(vejle["Kr. pr. aktiv ung"])
    at.text_input(key="cost_months").input("2").run()
    gross = metric(at, "Bruttobesparelse (mio. kr.)")
    assert (gross.value, gross.proto.help) == ("0,2", "214.200 kr.")
    assert metric(at, "Nettoresultat (mio. kr.)").value == "–"
    assert metric(at, "Break-even-effekt").value == "–"
    assert "Der er ingen omkostning for 2024 for Horsens, Vejle" in texts(at)


def test_vejle_2024_cost_per_unit_and_scenario(monkeypatch, costs_db):
    """A politician in Vejle, through a link naming Vejle and 2024, sees 800.000 kr. per
    active young person, and that the year's 4 million kroner would be paid back if each of the 5
    young people spent 67,2 months less on benefit (4,000,000 / (5 x 11,900))."""
    at = open_app(monkeypatch, costs_db, "okonomi", municipality="Vejle", **YEAR_2024)
    assert not at.exception
    table = at.dataframe[0].value
    vejle = row(table, "Vejle", 2024)
    assert vejle["Kr. pr. aktiv ung"] == 800_000
    assert vejle["Kr. pr. fastholdt resultat"] == 2_000_000
    assert vejle["Unge pr. årsværk"] == pytest.approx(5 / 5.5)
    assert "mangler" not in texts(at)
    assert metric(at, "Omkostning 2024 (mio. kr.)").value == "4,0"
    assert metric(at, "Nettoresultat (mio. kr.)").value == "\u22124,0"
    assert metric(at, "Break-even-effekt").value == "67,2 mdr."


def test_scenario_widgets(monkeypatch, costs_db):
    """Setting 100 participants and 2 months off benefit for Vejle in 2024: 2,4 mio. kr. saved
    gross, -1,6 mio. kr. net, break-even at 3,4 months (4,000,000 / 1,190,000)."""
    at = open_app(monkeypatch, costs_db, "okonomi", municipality="Vejle", **YEAR_2024)
    at.text_input(key="cost_participants").input("100").run()
    at.text_input(key="cost_months").input("2").run()
    assert metric(at, "Bruttobesparelse (mio. kr.)").value == "2,4"
    assert metric(at, "Bruttobesparelse (mio. kr.)").proto.help == "2.380.000 kr."
    assert metric(at, "Nettoresultat (mio. kr.)").proto.help == "\u22121.620.000 kr."
    assert metric(at, "Break-even-effekt").value == "3,4 mdr."
    assert "3,4 måneder" in texts(at)


def test_missing_costs_are_named(monkeypatch, costs_db):
    """For the first half of 2025 the foundation is told that Vejle has no costs for 2025,
    sees Horsens' 300.000 kr. per active young person, and gets no net result for both."""
    at = open_app(monkeypatch, costs_db, "okonomi", **H1_25)
    shown = texts(at)
    assert "Omkostninger mangler for Vejle 2025" in shown
    assert "Der er ingen omkostning for 2025 for Vejle" in shown
    table = at.dataframe[0].value
    assert row(table, "Horsens", 2025)["Kr. pr. aktiv ung"] == 300_000
    assert pd.isna(row(table, "Alle valgte", 2025)["Omkostning (kr.)"])
    assert metric(at, "Nettoresultat (mio. kr.)").value == "–"


def test_page_in_english(monkeypatch, costs_db):
    """A foundation analyst reading in English gets English labels and formats, and the
    plain statement that only the trial measures the effect."""
    at = open_app(monkeypatch, costs_db, "okonomi", lang="en", municipality="Vejle", **YEAR_2024)
    assert at.title[0].value == "Cost"
    assert metric(at, "Cost 2024 (DKK million)").value == "4.0"
    assert metric(at, "Break-even effect").value == "67.2 months"
    table = at.dataframe[0].value
    assert row(table, "Vejle", 2024, "Municipality")["DKK per active young person"] == 800_000
    assert "only the randomised trial can measure" in texts(at)


def test_chart_of_one_cost_per_unit(monkeypatch, costs_db):
    """Choosing cost per placement started shows a bar per site in its own colour: Horsens
    750.000 kr. (3,000,000 / 4) and Vejle 666.667 kr. (4,000,000 / 6) in 2024."""
    at = open_app(monkeypatch, costs_db, "okonomi", **YEAR_2024)
    at.selectbox(key="cost_measure").set_value("cost_per_placement").run()
    spec = next(e.proto.spec for e in at.get("plotly_chart") if e.proto.id.endswith("cost_chart"))
    bars = {trace.name: trace for trace in plotly.io.from_json(spec).data}
    assert list(bars) == ["Horsens", "Vejle"]
    assert bars["Vejle"].y == pytest.approx((4_000_000 / 6,))
    assert bars["Horsens"].y == pytest.approx((750_000,))
    assert bars["Vejle"].marker.color == "#CC79A7"


def test_a_new_period_moves_the_scenario_year(monkeypatch, costs_db):
    """A manager who picks another period in the sidebar gets the scenario for a year of that
    period: from 2024 to this year (2025 up to as_of), where Vejle has no costs."""
    at = open_app(monkeypatch, costs_db, "okonomi", **YEAR_2024)
    assert at.selectbox(key="cost_year").value == 2024
    at.selectbox(key="period").set_value("this_year").run()
    assert not at.exception
    assert at.selectbox(key="cost_year").value == 2025
    assert "Der er ingen omkostning for 2025 for Vejle" in texts(at)


def test_a_viewer_cannot_work_out_small_counts_from_costs(monkeypatch, costs_db):
    """A viewer sees Vejle's cost of 4.000.000 kr. for 2024 and its 5 active young people
    (800.000 kr. each), but no cost per active young person for Horsens, whose 4 are hidden:
    the cost divided by it would give the count away. (With record keys 0 nothing moves.)"""
    at = open_app(monkeypatch, costs_db, "okonomi", role="viewer", **YEAR_2024)
    assert not at.exception
    table = at.dataframe[0].value
    vejle = row(table, "Vejle", 2024)
    assert vejle["Omkostning (kr.)"] == 4_000_000
    assert vejle["Aktive unge"] == 5 and vejle["Kr. pr. aktiv ung"] == pytest.approx(800_000)
    horsens = row(table, "Horsens", 2024)
    assert pd.isna(horsens["Aktive unge"]) and pd.isna(horsens["Kr. pr. aktiv ung"])
    assert row(table, "Alle valgte", 2024)["Kr. pr. aktiv ung"] == pytest.approx(7_000_000 / 9)


def test_scenario_inputs_read_as_danish_numbers(monkeypatch, costs_db):
    """The scenario's fields show 11.900 kr. and 0 months, not the browser's 11900 and 0.0;
    a benefit typed as 12.000 and 2,5 months for Vejle's 5 young people in 2024 save
    150.000 kr. gross (5 x 2,5 x 12.000), and break even at 66,7 months (4,000,000 / 60,000).
    "1,2,3" is refused with a message and the last good 2,5 months stay in force."""
    at = open_app(monkeypatch, costs_db, "okonomi", municipality="Vejle", **YEAR_2024)
    assert at.text_input(key="cost_benefit").value == "11.900"
    assert at.text_input(key="cost_months").value == "0"
    assert at.text_input(key="cost_participants").value == ""
    assert at.text_input(key="cost_participants").placeholder == "5 (årets aktive unge)"
    at.text_input(key="cost_benefit").input("12000").run()
    assert at.text_input(key="cost_benefit").value == "12.000", "shown back in Danish format"
    at.text_input(key="cost_months").input("2,5").run()
    assert not at.error
    assert metric(at, "Bruttobesparelse (mio. kr.)").proto.help == "150.000 kr."
    assert metric(at, "Break-even-effekt").value == "66,7 mdr."
    at.text_input(key="cost_months").input("1,2,3").run()
    assert at.text_input(key="cost_months").value == "1,2,3", "the text is left to correct"
    assert [e.value for e in at.error] == [
        "«1,2,3» er ikke et tal. Skriv fx 1.234,5 (punktum mellem tusinder, komma før "
        "decimaler). Beregningen bruger stadig 2,5."
    ]
    assert metric(at, "Bruttobesparelse (mio. kr.)").proto.help == "150.000 kr."
    at.text_input(key="cost_months").input("").run()
    assert at.error[0].value.startswith("Skriv et tal. Beregningen bruger stadig 2,5.")
    at.text_input(key="cost_months").input("121").run()
    assert at.error[0].value.startswith("Tallet må højst være 120.")
    at.text_input(key="cost_participants").input("2,5").run()
    assert "Skriv et helt tal." in [e.value.split(" Beregningen")[0] for e in at.error]
    at.text_input(key="cost_participants").input("1.000").run()
    assert metric(at, "Bruttobesparelse (mio. kr.)").proto.help == "30.000.000 kr."


def test_scenario_inputs_in_english(monkeypatch, costs_db):
    """In English the fields read 11,900 and take 2.5; a Danish 2,5 is refused."""
    at = open_app(monkeypatch, costs_db, "okonomi", lang="en", municipality="Vejle", **YEAR_2024)
    assert at.text_input(key="cost_benefit").value == "11,900"
    at.text_input(key="cost_months").input("2.5").run()
    assert metric(at, "Gross saving (DKK million)").proto.help == "DKK 148,750"
    at.text_input(key="cost_months").input("2,5").run()
    assert at.error[0].value.startswith("“2,5” is not a number.")
    assert at.error[0].value.endswith("The calculation keeps 2.5.")


def test_scenario_chart_names_the_calendar_year(monkeypatch, costs_db):
    """The net-result chart of 2024 says it is calendar year 2024, like the bars above it,
    not the sidebar's period."""
    at = open_app(monkeypatch, costs_db, "okonomi", municipality="Vejle", **YEAR_2024)
    spec = next(
        e.proto.spec for e in at.get("plotly_chart") if e.proto.id.endswith("cost_scenario_chart")
    )
    title = plotly.io.from_json(spec).layout.title
    assert title.text == "Nettoresultat 2024 efter antaget effekt"
    assert title.subtitle.text == "Kalenderår 2024 · Vejle · alle tal er dine antagelser"
