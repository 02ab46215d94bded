"""The Principper page: every principle indicator on the tiny export, counted by hand, the
programme's median, the half-years, and what a reader sees.

Every expected value was worked out by hand from the rows in `tests/tiny_export.py` (its
docstring lists each young person, company and placement); none is computed. The tiny export
has no youth-network groups and no hours, so two indicators are empty there; a variant adds
both columns to the same rows (see `GROUPS` and `HOURS`). The indicators that are KPIs are the
KPI engine's hand counts of `tests/test_kpis.py`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import plotly.io
import pytest

from nextwork.ingest import db
from nextwork.ingest.importer import import_export
from nextwork.metrics import principles
from nextwork.metrics.kpis import compute_kpis, query_params
from tests.apptest import YEAR_2024, open_app, texts
from tests.tiny_export import AS_OF, EXPORT, copy_tiny_db

P24 = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
H1_25 = (dt.date(2025, 1, 1), dt.date(2025, 6, 30))
SITES = ["Horsens", "Vejle"]
MONTH = 30.4375  # days in a group-month

# The variant's youth-network groups. Vejle gruppe 1 (V1, V2) runs 2023-02-01 to 2024-01-01
# (both exited); Vejle gruppe 2 (V3, V5, V6) from 2024-01-31 on; Horsens gruppe 1 (H2, H4) from
# 2022-05-01 on (H2 still enrolled); Horsens gruppe 2 (H3) from 2025-01-01. V4, H1, H5: none.
GROUPS = {
    "V1": "Vejle gruppe 1",
    "V2": "Vejle gruppe 1",
    "V3": "Vejle gruppe 2",
    "V5": "Vejle gruppe 2",
    "V6": "Vejle gruppe 2",
    "H2": "Horsens gruppe 1",
    "H4": "Horsens gruppe 1",
    "H3": "Horsens gruppe 2",
}
# The variant's hours a week; the other placements' hours are unknown.
HOURS = {
    "PL3": "15",
    "PL4": "14",
    "PL5": "37",
    "PL7": "10",
    "PL8": "20",
    "PL9": "16",
    "PL10": "30",
    "PL11": "12.5",
    "PL15": "15.5",
}


def with_column(text: str, column: str, values: dict[str, str]) -> str:
    """The CSV text with one more column, filled by each row's first field (its id)."""
    header, *lines = text.strip().split("\n")
    rows = [f"{line},{values.get(line.split(',')[0], '')}" for line in lines]
    return "\n".join([f"{header},{column}", *rows]) + "\n"


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory, tiny_db_built):
    return copy_tiny_db(tiny_db_built, tmp_path_factory.mktemp("principper"))


@pytest.fixture(scope="module")
def variant_db(tmp_path_factory) -> Path:
    """The tiny export with youth-network groups and hours a week."""
    base = tmp_path_factory.mktemp("principper_variant")
    export = base / "export"
    export.mkdir()
    files = dict(EXPORT)
    files["participants"] = with_column(files["participants"], "youth_network", GROUPS)
    files["placements"] = with_column(files["placements"], "hours_per_week", HOURS)
    for name, text in files.items():
        (export / f"{name}.csv").write_text(text, encoding="utf-8")
    path = base / "variant.duckdb"
    result = import_export(path, export, key_file=base / "k.key", today=AS_OF)
    assert result.ok, result.errors
    return path


def connect(path):
    con = db.connect(path, read_only=True)
    return con


@pytest.fixture(scope="module")
def frames(tiny_db, variant_db):
    """principles.compute for a database, period and filters, remembered."""
    cons = {"tiny": connect(tiny_db), "variant": connect(variant_db)}
    memo = {}

    def run(period, which="tiny", **filters):
        key = (period, which, repr(sorted(filters.items())))
        if key not in memo:
            params = query_params(*period, AS_OF, SITES, **filters)
            memo[key] = principles.compute(cons[which], params)
        return memo[key]

    yield run
    for con in cons.values():
        con.close()


def pick(frame, key, municipality, half_year_on=None):
    """One row of the long frame: the period's (or a half-year's), a site's or the total's."""
    rows = frame[(frame["key"] == key) & (frame["is_half_year"] == (half_year_on is not None))]
    if half_year_on is not None:
        rows = rows[rows["period_start_on"] == half_year_on]
    if municipality is None:
        rows = rows[rows["municipality"].isna()]
    else:
        rows = rows[rows["municipality"] == municipality]
    assert len(rows) == 1, (key, municipality, half_year_on)
    return rows.iloc[0]


def check(value, expected, what):
    """Empty (None, or NaN in a frame's number column) or equal to 1e-9."""
    if expected is None:
        assert value is None or pd.isna(value), f"{what}: expected empty, got {value!r}"
    else:
        assert value == pytest.approx(expected, abs=1e-9), f"{what}: {value!r} != {expected!r}"


def check_values(frame, key, total, vejle, horsens):
    check(pick(frame, key, None)["value"], total, f"{key} total")
    check(pick(frame, key, "Vejle")["value"], vejle, f"{key} Vejle")
    check(pick(frame, key, "Horsens")["value"], horsens, f"{key} Horsens")


# ---------------------------------------------------------------------------------------
# The registry
# ---------------------------------------------------------------------------------------


def test_every_principle_has_indicators_with_all_their_texts():
    """A foundation analyst reading the definitions finds, for every indicator, a principle,
    a label, a definition and a reason in both languages."""
    assert [p.key for p in principles.PRINCIPLES] == [
        "mange_til_mange",
        "arbejdsidentitet",
        "magtskifte",
    ]
    assert len(principles.INDICATORS) == 13
    assert len(principles.INDICATOR_BY_KEY) == 13, "keys are unique"
    for i in principles.INDICATORS:
        assert i.principle in principles.PRINCIPLE_BY_KEY, i.key
        assert i.kind in ("share", "ratio", "days"), i.key
        for text in (i.label_da, i.label_en, i.definition_da, i.definition_en, i.why_da, i.why_en):
            assert text.strip(), i.key
    kpis = [i.key for i in principles.INDICATORS if i.is_kpi]
    assert kpis == [
        "companies_hosting_share",
        "network_attendance_share",
        "placement_within_3m_share",
        "participant_chosen_share",
        "second_chance_share",
    ]


# ---------------------------------------------------------------------------------------
# Every indicator, the year 2024 and the first half of 2025: (total, Vejle, Horsens)
# ---------------------------------------------------------------------------------------

EXPECTED_2024 = {
    # Placements overlapping 2024: V1 PL2 (CV1) | V3 PL3 PL4 (CV1) | V5 PL5 (CV1) PL6 (CV2) |
    # V6 PL7 PL8 (CV1) | H1 PL10 (CH1) PL11 (CH2) | H2 PL14 (CH1) | H4 PL15 (CH2).
    # Pairs of young person and company: V 5 of 4 people | H 4 of 3 | 9 of 7.
    "companies_per_placed_participant": (9 / 7, 5 / 4, 4 / 3),
    # CV1 hosts V1 V3 V5 V6, CV2 V5 | CH1 H1 H2, CH2 H1 H4: 5 pairs of 2, 4 of 2, 9 of 4.
    "participants_per_hosting_company": (9 / 4, 5 / 2, 4 / 2),
    "companies_hosting_share": (4 / 5, 2 / 3, 1.0),  # the KPI
    # No groups in the export: no group-months, so empty (Horsens held one meeting, A5).
    "youth_meetings_per_group_month": (None, None, None),
    "network_attendance_share": (3 / 9, 1 / 5, 2 / 4),  # the KPI
    # In the network: CV1 CV2 CV4 | CH1 CH2. At a meeting in 2024: CV1 (joint A1), CV4
    # (company network A3); CV3's A4 is a visit, and CV3 left in 2023.
    "company_network_attendance_share": (2 / 5, 2 / 3, 0.0),
    # Placements started / active young people (the KPIs' 6 of 5 | 4 of 4).
    "placements_per_participant": (10 / 9, 6 / 5, 4 / 4),
    # Ended in 2024: PL7 10, PL3 47, PL5 82, PL2 93 days | PL10 78, PL11 214.
    "median_placement_days": (80.0, 64.5, 146.0),
    "placements_15h_share": (None, None, None),  # no hours in the export
    "placement_within_3m_share": (5 / 7, 3 / 4, 2 / 3),  # the KPI
    "participant_chosen_share": (4 / 7, 3 / 4, 1 / 3),  # the KPI
    "second_chance_share": (2 / 4, 1 / 3, 1.0),  # the KPI
    # Two or more companies by 2024-12-31: V5 (CV1, CV2) | H1 (CH1, CH2), H2 (CH2 in 2023,
    # CH1 on 2024-12-31); V1, V3, V6 only CV1, H4 only CH2.
    "multiple_companies_share": (3 / 7, 1 / 4, 2 / 3),
}

EXPECTED_2025H1 = {
    # V3 PL4, V4 PL9, V5 PL6, V6 PL8 | H1 PL12, H2 PL14, H3 PL16, H4 PL15: one company each.
    "companies_per_placed_participant": (1.0, 1.0, 1.0),
    # CV1 V3 V6, CV2 V4 V5 | CH1 H1 H2 H3, CH2 H4.
    "participants_per_hosting_company": (2.0, 2.0, 2.0),
    "companies_hosting_share": (4 / 5, 1.0, 2 / 3),
    "youth_meetings_per_group_month": (None, None, None),
    "network_attendance_share": (3 / 9, 2 / 4, 1 / 5),
    # CV1 CV2 | CH1 CH2 CH3 in the network; A7 on 2025-06-30 is a visit, not a meeting.
    "company_network_attendance_share": (0.0, 0.0, 0.0),
    "placements_per_participant": (3 / 9, 1 / 4, 2 / 5),  # PL9 | PL12 PL16
    # Ended: PL6 91, PL9 119 days | PL15 262 days.
    "median_placement_days": (119.0, 105.0, 262.0),
    "placements_15h_share": (None, None, None),
    "placement_within_3m_share": (1.0, None, 1.0),
    "participant_chosen_share": (2 / 3, 0.0, 1.0),
    "second_chance_share": (0.0, 0.0, None),
    # V5 (CV1, CV2) | H1 (CH1, CH2), H2 (CH2, CH1).
    "multiple_companies_share": (3 / 8, 1 / 4, 2 / 4),
}


def cases(table, name):
    assert list(table) == [i.key for i in principles.INDICATORS], "every indicator, in order"
    return [pytest.param(key, *values, id=f"{name}-{key}") for key, values in table.items()]


@pytest.mark.parametrize("key, total, vejle, horsens", cases(EXPECTED_2024, "2024"))
def test_year_2024(frames, key, total, vejle, horsens):
    """The foundation sees every indicator for 2024 for each site and the two together."""
    check_values(frames(P24), key, total, vejle, horsens)


@pytest.mark.parametrize("key, total, vejle, horsens", cases(EXPECTED_2025H1, "2025H1"))
def test_first_half_of_2025(frames, key, total, vejle, horsens):
    """The same for the first half of 2025."""
    check_values(frames(H1_25), key, total, vejle, horsens)


@pytest.mark.parametrize(
    "key, municipality, numerator, denominator",
    [
        ("companies_per_placed_participant", "Vejle", 5, 4),  # pairs, young people
        ("participants_per_hosting_company", "Horsens", 4, 2),  # pairs, companies
        ("company_network_attendance_share", None, 2, 5),
        ("placements_per_participant", "Vejle", 6, 5),
        ("median_placement_days", "Vejle", None, 4),  # a median has only its n
        ("multiple_companies_share", "Horsens", 2, 3),
        ("youth_meetings_per_group_month", "Horsens", 1, 0),  # A5, but no group-months
        ("second_chance_share", "Vejle", 1, 3),  # from the KPI engine
        ("companies_hosting_share", None, 4, 5),  # from the KPI engine
    ],
)
def test_numerators_and_denominators_2024(frames, key, municipality, numerator, denominator):
    """Each value comes with the counts behind it, so the page can show its n."""
    row = pick(frames(P24), key, municipality)
    check(row["numerator"], numerator, f"{key} numerator")
    check(row["denominator"], denominator, f"{key} denominator")


def test_placements_per_participant_counts_as_the_kpis_do(tiny_db):
    """Placements per active young person divides two KPIs, counted the same way as the KPI
    engine counts them, here with a filter (job-ready in 2024: PL5 PL6 | PL10 PL11 PL15 over
    V1 V5 | H1 H4)."""
    con = connect(tiny_db)
    try:
        params = query_params(*P24, AS_OF, SITES, target_groups=["job_ready"])
        frame = principles.compute(con, params)
        kpis = compute_kpis(con, *P24, AS_OF, SITES, target_groups=["job_ready"])
    finally:
        con.close()
    for site, expected in (("Vejle", (2, 2)), ("Horsens", (3, 2))):
        row = pick(frame, "placements_per_participant", site)
        block = kpis["by_municipality"][site]
        assert (row["numerator"], row["denominator"]) == expected
        assert expected == (block["placements_started"], block["participants_active"])


# ---------------------------------------------------------------------------------------
# The variant: youth-network groups and hours
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "period, total, vejle, horsens",
    [
        # 2024: Vejle gruppe 1 runs 1 day (2024-01-01), gruppe 2 336 days (from 01-31) and holds
        # no meeting in 2024 (A0 was 2023-12-31, A8 is 2025); Horsens gruppe 1 all 366 days,
        # gruppe 2 none, and one meeting (A5).
        (P24, 1 / (703 / MONTH), 0 / (337 / MONTH), 1 / (366 / MONTH)),
        # H1 2025 (181 days): Vejle gruppe 2 181 days, one meeting (A8, two attendees; A9 is a
        # joint meeting) | Horsens gruppe 1 and 2 181 days each, one meeting (A6).
        (H1_25, 2 / (543 / MONTH), 1 / (181 / MONTH), 1 / (362 / MONTH)),
    ],
    ids=["2024", "2025H1"],
)
def test_youth_meetings_per_group_month(frames, period, total, vejle, horsens):
    """A manager sees how often the youth groups met: meetings held per month a group ran."""
    check_values(frames(period, "variant"), "youth_meetings_per_group_month", total, vejle, horsens)


def test_youth_meetings_ignore_the_participant_filters(frames):
    """Meetings and groups are the team's, not one young person's: only the municipality
    filter applies, so job-ready young people alone give the same 1 meeting over 366 days in
    Horsens."""
    frame = frames(P24, "variant", target_groups=["job_ready"])
    check(pick(frame, "youth_meetings_per_group_month", "Horsens")["value"], MONTH / 366, "H")
    check(pick(frame, "youth_meetings_per_group_month", "Horsens")["denominator"], 366 / MONTH, "n")


@pytest.mark.parametrize(
    "period, total, vejle, horsens",
    [
        # 2024, hours known: PL3 15 (yes, on the minimum), PL4 14, PL5 37, PL7 10, PL8 20 |
        # PL10 30, PL11 12.5, PL15 15.5; PL6 and PL14 unknown, left out.
        (P24, 5 / 8, 3 / 5, 2 / 3),
        # H1 2025: PL9 16 | PL12 and PL16 unknown: nobody in the denominator.
        (H1_25, 1.0, 1.0, None),
    ],
    ids=["2024", "2025H1"],
)
def test_placements_with_at_least_15_hours(frames, period, total, vejle, horsens):
    """A manager sees how many placements reach the programme's own minimum of 15 hours."""
    check_values(frames(period, "variant"), "placements_15h_share", total, vejle, horsens)


# ---------------------------------------------------------------------------------------
# The programme's median and the distance from it
# ---------------------------------------------------------------------------------------

MEDIANS_2024 = {  # the median of Vejle's and Horsens' values: their mean
    "companies_per_placed_participant": (5 / 4 + 4 / 3) / 2,  # 31/24
    "participants_per_hosting_company": (5 / 2 + 2) / 2,
    "companies_hosting_share": (2 / 3 + 1) / 2,
    "youth_meetings_per_group_month": None,  # no site has a value
    "network_attendance_share": (1 / 5 + 2 / 4) / 2,
    "company_network_attendance_share": (2 / 3 + 0) / 2,
    "placements_per_participant": (6 / 5 + 1) / 2,
    "median_placement_days": (64.5 + 146) / 2,
    "placements_15h_share": None,
    "placement_within_3m_share": (3 / 4 + 2 / 3) / 2,
    "participant_chosen_share": (3 / 4 + 1 / 3) / 2,
    "second_chance_share": (1 / 3 + 1) / 2,
    "multiple_companies_share": (1 / 4 + 2 / 3) / 2,
}


@pytest.mark.parametrize("key, median", list(MEDIANS_2024.items()), ids=list(MEDIANS_2024))
def test_programme_median_2024(frames, key, median):
    """Every row of an indicator carries the median across the sites, not the pooled total."""
    frame = frames(P24)
    for municipality in ("Vejle", "Horsens", None):
        check(pick(frame, key, municipality)["median"], median, f"{key} {municipality}")


def test_distance_from_the_median(frames):
    """Vejle's 1,25 companies per young person lies 1/31 below the median of 31/24, Horsens'
    4/3 as far above; 0 % attendance against a median of 1/3 is all the way below."""
    frame = frames(P24)
    check(pick(frame, "companies_per_placed_participant", "Vejle")["distance"], -1 / 31, "V")
    check(pick(frame, "companies_per_placed_participant", "Horsens")["distance"], 1 / 31, "H")
    check(pick(frame, "company_network_attendance_share", "Horsens")["distance"], -1.0, "H")
    check(pick(frame, "placements_15h_share", "Vejle")["distance"], None, "no value")


@pytest.mark.parametrize(
    "value, median, expected",
    [(0.5, 0.4, 0.25), (0.3, 0.4, -0.25), (0.0, 0.0, 0.0), (0.2, 0.0, None), (None, 0.4, None)],
)
def test_distance(value, median, expected):
    """The distance is relative to the median; from a median of 0 only 0 has one."""
    check(principles.distance(value, median), expected, f"{value} from {median}")


# ---------------------------------------------------------------------------------------
# Over time: the half-years
# ---------------------------------------------------------------------------------------

HALF_YEARS = [dt.date(2023, 1, 1), dt.date(2023, 7, 1), dt.date(2024, 1, 1), dt.date(2024, 7, 1)]


def test_half_years_shown_for_2024(frames):
    """2024 touches two half-years, so the four up to its last are shown: 2023 H1 to 2024 H2,
    each a whole half-year."""
    halves = frames(P24)[frames(P24)["is_half_year"]]
    starts = sorted(set(halves["period_start_on"]))
    assert starts == HALF_YEARS
    ends = sorted(set(halves["period_end_on"]))
    assert ends[0] == dt.date(2023, 6, 30) and ends[-1] == dt.date(2024, 12, 31)


@pytest.mark.parametrize(
    "key, municipality, expected",
    [
        # Started / active. Vejle: 2023 H1 none of V1 V2; H2 PL1 PL2 of V1 V2; 2024 H1 PL3 PL7
        # of V1 (exits 01-01) V3 V6 (06-30); H2 PL4 PL5 PL6 PL8 of V3 V4 V5 V6.
        ("placements_per_participant", "Vejle", [0.0, 1.0, 2 / 3, 1.0]),
        # Horsens: PL13 of H2 | none of H2 | PL10 PL11 PL15 of H1 H2 H4 H5 | PL14 of the same.
        ("placements_per_participant", "Horsens", [1.0, 0.0, 3 / 4, 1 / 4]),
        # From the KPI engine, each half-year its own period. Vejle: nothing started | PL1 yes,
        # PL2 no | PL3 yes (PL7 unknown) | PL5 no, PL6 PL8 yes (PL4 unknown).
        ("participant_chosen_share", "Vejle", [None, 1 / 2, 1.0, 2 / 3]),
        # Horsens: PL13 yes | nothing started | PL10 yes, PL11 PL15 no | PL14 unknown.
        ("participant_chosen_share", "Horsens", [1.0, None, 1 / 3, None]),
        # The median of the two, or the one value there is.
        ("participant_chosen_share", None, [1.0, 1 / 2, 2 / 3, 2 / 3]),
    ],
)
def test_indicator_by_half_year(frames, key, municipality, expected):
    """A site can see whether it is moving towards or away from the model, half-year by
    half-year, against the programme's median."""
    frame = frames(P24)
    field = "median" if municipality is None else "value"
    site = municipality or "Vejle"
    got = [pick(frame, key, site, start)[field] for start in HALF_YEARS]
    for start, value, wanted in zip(HALF_YEARS, got, expected, strict=True):
        check(value, wanted, f"{key} {municipality} {start}")


# ---------------------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------------------


def chart(at, key):
    """The plotly figure of the chart with this key."""
    for element in at.get("plotly_chart"):
        if element.proto.id.endswith(key):
            return plotly.io.from_json(element.proto.spec)
    pytest.fail(f"no chart {key}")


def row(table, label_column, label):
    rows = table[table[label_column] == label]
    assert len(rows) == 1, label
    return rows.iloc[0]


def test_heatmap_shows_each_site_against_the_median(monkeypatch, tiny_db):
    """The foundation opens the page for 2024 and sees, for Mange til mange, Vejle's 1,25
    companies per young person in a placement (n = 4), a little below the programme's median
    of 1,29 and so drawn light orange and marked ▼ (colour is not the only sign)."""
    at = open_app(monkeypatch, tiny_db, "principper", **YEAR_2024)
    assert not at.exception
    assert at.title[0].value == "Principper"
    assert [s.value for s in at.subheader][:3] == [
        "Mange til mange",
        "Arbejdsidentitet",
        "Magtskifte",
    ]
    heatmap = chart(at, "principles_mange_til_mange").data[0]
    assert list(heatmap.x) == ["Programmets median", "Horsens", "Vejle"]
    assert heatmap.y[0] == "Virksomheder pr. ung i praktik"
    assert list(heatmap.text[0]) == ["1,29", "▲ 1,33<br>n = 3", "▼ 1,25<br>n = 4"]
    assert heatmap.z[0][2] == pytest.approx(-1 / 31)
    # Horsens attended no company-network meeting: as far below the median as it goes.
    attendance = list(heatmap.y).index("Andel virksomheder til netværksmøder")
    assert list(heatmap.text[attendance]) == [
        "33,3 %",
        "▼ 0,0 %<br>n = 2",
        "▲ 66,7 %<br>n = 3",
    ]
    assert heatmap.z[attendance][1] == -0.5  # capped at -50 %
    # Without groups in the export, no meetings per group-month: grey, with a dash.
    meetings = list(heatmap.y).index("Ungenetværksmøder pr. gruppe og måned")
    assert heatmap.text[meetings][2] == "–<br>n = 0"
    assert heatmap.z[meetings][2] is None


def test_table_of_every_indicator(monkeypatch, tiny_db):
    """Below the heatmaps, a downloadable table lists every indicator with each site's value
    and n: Vejle's second chance is 33,3 % of 3 interrupted placements."""
    at = open_app(monkeypatch, tiny_db, "principper", **YEAR_2024)
    table = at.dataframe[0].value
    assert list(table["Nøgle"]) == [i.key for i in principles.INDICATORS]
    second = row(table, "Nøgle", "second_chance_share")
    assert (second["Vejle"], second["Vejle (n)"]) == (33.3, 3)
    assert second["Programmets median"] == 66.7
    days = row(table, "Nøgle", "median_placement_days")
    assert (days["Horsens"], days["Horsens (n)"], days["Programmets median"]) == (146.0, 2, 105.2)
    assert "**programmets median**, medianen af de 2 kommuners værdier" in texts(at)


def test_one_site_keeps_the_programme_median(monkeypatch, tiny_db):
    """A manager in Vejle following a link that names Vejle sees only Vejle's column, but
    against the median of every site: 1,29, not Vejle's own 1,25."""
    at = open_app(monkeypatch, tiny_db, "principper", municipality="Vejle", **YEAR_2024)
    heatmap = chart(at, "principles_mange_til_mange").data[0]
    assert list(heatmap.x) == ["Programmets median", "Vejle"]
    assert list(heatmap.text[0]) == ["1,29", "▼ 1,25<br>n = 4"]
    assert "Horsens" not in at.dataframe[0].value.columns


def test_one_indicator_over_time(monkeypatch, tiny_db):
    """Choosing the share of placements chosen by the young person shows Vejle's half-years
    (– | 50 % | 100 % | 66,7 %) beside the programme's median as a dashed line."""
    at = open_app(monkeypatch, tiny_db, "principper", **YEAR_2024)
    at.selectbox(key="principles_indicator").set_value("participant_chosen_share").run()
    fig = chart(at, "principles_over_time")
    lines = {trace.name: trace for trace in fig.data}
    assert list(lines) == ["Horsens", "Vejle", "Programmets median"]
    assert list(lines["Vejle"].x) == [
        "1. halvår 2023",
        "2. halvår 2023",
        "1. halvår 2024",
        "2. halvår 2024",
    ]
    assert lines["Vejle"].y[1:] == pytest.approx((0.5, 1.0, 2 / 3))
    assert lines["Vejle"].y[0] is None
    assert lines["Programmets median"].y == pytest.approx((1.0, 0.5, 2 / 3, 2 / 3))
    assert lines["Vejle"].line.color == "#CC79A7"  # Vejle's own colour
    assert "66,7 % (n = 3 påbegyndte forløb med kendt valg)" in lines["Vejle"].customdata[3]


def test_page_in_english(monkeypatch, tiny_db):
    """A foundation analyst reading in English sees the principles and figures in English."""
    at = open_app(monkeypatch, tiny_db, "principper", lang="en", **YEAR_2024)
    assert at.title[0].value == "Principles"
    assert [s.value for s in at.subheader][:3] == ["Many to many", "Work identity", "Power shift"]
    heatmap = chart(at, "principles_magtskifte").data[0]
    assert list(heatmap.x) == ["Programme median", "Horsens", "Vejle"]
    assert heatmap.y[0] == "Placements chosen by the young person"
    assert list(heatmap.text[0]) == ["54.2%", "▼ 33.3%<br>n = 3", "▲ 75.0%<br>n = 4"]
    second = row(at.dataframe[0].value, "Key", "second_chance_share")
    assert second["Programme median"] == 66.7


def test_small_numbers_are_hidden_from_a_viewer(monkeypatch, tiny_db):
    """A viewer, who sees figures through the disclosure control, gets no ratio or share whose
    count is under 5: not Horsens' 4 placements per 4 active young people. Vejle's 6 per 5 is
    shown (1,20; the tiny database's record keys give no noise), and the median is of what
    the viewer may see: Vejle's alone."""
    at = open_app(monkeypatch, tiny_db, "principper", role="viewer", **YEAR_2024)
    assert not at.exception
    heatmap = chart(at, "principles_arbejdsidentitet").data[0]
    assert heatmap.y[0] == "Praktikforløb pr. aktiv ung"
    assert list(heatmap.text[0]) == ["1,20", "–<br>n <5", "1,20<br>n = 5"]
    assert "Horsens" in heatmap.customdata[0][1] and "<5" in heatmap.customdata[0][1]
    table = at.dataframe[0].value
    assert row(table, "Nøgle", "placements_per_participant")[["Vejle", "Vejle (n)"]].tolist() == [
        1.2,
        5,
    ]


# --- what a reader sees of the figures (nextwork.present.principle_tables) ----------------


@pytest.mark.parametrize(
    "value, kind, lang, text",
    [
        (1.25, "ratio", "da", "1,25"),
        (0.82, "share", "da", "82,0 %"),
        (64, "days", "en", "64 days"),
        (None, "ratio", "da", "–"),
    ],
)
def test_an_indicators_value_as_its_reader_expects_it(value, kind, lang, text):
    from nextwork.present import principle_tables

    assert principle_tables.value_text(value, kind, lang) == text


@pytest.mark.parametrize(
    "value, median, kind, lang, text",
    [
        (0.6, 0.5, "share", "da", "+10,0 pct.-point"),  # shares: points
        (0.88, 1.0, "ratio", "da", "−12 %"),  # the rest: per cent of the median
        (1, 1, "ratio", "en", "±0%"),
        (75, 60, "days", "en", "+25%"),
        (None, 1, "share", "da", "–"),
        (1, 0, "ratio", "da", "–"),  # no per cent of a median of 0
    ],
)
def test_a_value_against_the_median_in_words(value, median, kind, lang, text):
    from nextwork.present import principle_tables

    assert principle_tables.difference_text(value, median, kind, lang) == text


def test_the_table_a_row_per_indicator_with_the_median_and_each_sites_value_and_n():
    """Two sites on two indicators (a share, a ratio); the other indicators are empty."""
    from nextwork.present import principle_tables

    frame = pd.DataFrame(
        {
            "key": ["companies_hosting_share"] * 2 + ["companies_per_placed_participant"] * 2,
            "municipality": ["Vejle", "Horsens", "Vejle", "Horsens"],
            "value": [0.6, 0.4, 4 / 3, 1.0],
            "denominator": [10, 20, 3, 6],
            "median": [0.5, 0.5, 7 / 6, 7 / 6],
            "is_suppressed": [False] * 4,
        }
    )
    table = principle_tables.table(frame, ["Vejle", "Horsens"], "da")
    assert list(table.columns) == [
        "Princip",
        "Indikator",
        "Enhed",
        "Nøgle",
        "Programmets median",
        "Vejle",
        "Vejle (n)",
        "Horsens",
        "Horsens (n)",
    ]
    assert len(table) == len(principles.INDICATORS)
    share = table[table["Nøgle"] == "companies_hosting_share"].iloc[0]
    assert share["Princip"] == "Mange til mange"
    assert share["Enhed"] == "%"
    assert [share[c] for c in ["Programmets median", "Vejle", "Vejle (n)", "Horsens"]] == [
        50.0,
        60.0,
        10,
        40.0,
    ]
    ratio = table[table["Nøgle"] == "companies_per_placed_participant"].iloc[0]
    assert ratio["Enhed"] == "antal"
    assert [ratio["Programmets median"], ratio["Vejle"], ratio["Horsens (n)"]] == [1.17, 1.33, 6]
    empty = table[table["Nøgle"] == "median_placement_days"].iloc[0]
    assert empty["Enhed"] == "dage" and pd.isna(empty["Vejle"]) and pd.isna(empty["Vejle (n)"])
