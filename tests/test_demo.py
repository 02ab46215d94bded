"""The demo export: anyone can try the dashboard on data that looks like the programme's own,
and the same command always gives the same files."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from nextwork.ingest.contract import DB07_SECTIONS, ENUMS, RANGES, TABLES
from nextwork.ingest.demo import write_demo

UNTIL = dt.date(2025, 6, 30)
FILES = ("participants", "companies", "placements", "activities", "outcomes", "costs")
SITES = {"Roskilde", "København", "Sønderborg", "Vejle", "Horsens"}
DATE_COLUMNS = {
    "participants": ("enrolled_on", "exited_on"),
    "companies": ("joined_on", "left_on"),
    "placements": ("started_on", "ended_on"),
    "activities": ("held_on",),
    "outcomes": ("started_on", "ended_on"),
}
DATA = Path(__file__).resolve().parent.parent / "data"


def _read(folder: Path, name: str) -> pd.DataFrame:
    """The file as text, empty cells as missing, the way the importer sees it."""
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False, na_values=[""])


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("demo")
    return folder, write_demo(folder, seed=1, scale=1.0, until=UNTIL)


@pytest.fixture(scope="module")
def tables(demo) -> dict[str, pd.DataFrame]:
    folder, _ = demo
    out = {name: _read(folder, name) for name in FILES}
    for name, cols in DATE_COLUMNS.items():
        for col in cols:
            out[name][col] = pd.to_datetime(out[name][col], format="%Y-%m-%d")
    return out


def test_same_seed_gives_identical_files(demo, tmp_path):
    """A demo made twice with the same seed is byte for byte the same, so screenshots and
    benchmarks can be reproduced."""
    folder, counts = demo
    assert write_demo(tmp_path, seed=1, scale=1.0, until=UNTIL) == counts
    for name in FILES:
        assert (tmp_path / f"{name}.csv").read_bytes() == (folder / f"{name}.csv").read_bytes()


def test_different_seed_gives_different_data(tmp_path):
    """Another seed gives another, equally plausible, programme."""
    write_demo(tmp_path / "a", seed=1, scale=0.2, until=UNTIL)
    write_demo(tmp_path / "b", seed=2, scale=0.2, until=UNTIL)
    for name in ("participants", "activities"):
        a = (tmp_path / "a" / f"{name}.csv").read_bytes()
        assert a != (tmp_path / "b" / f"{name}.csv").read_bytes()


def test_files_have_exactly_the_contract_columns(demo):
    """Every file has the contract's columns in its order, and never a CPR number."""
    folder, counts = demo
    assert set(counts) == set(FILES)
    for name in FILES:
        with open(folder / f"{name}.csv", encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        expected = [c.name for c in TABLES[name].columns if c.name != "cpr"]
        assert rows[0] == expected, name
        assert len(rows) - 1 == counts[name], name
        assert all(len(row) == len(expected) for row in rows), name


def test_values_are_canonical(tables):
    """Dates are ISO, booleans lowercase, enums and municipalities as the contract names them."""
    with open(DATA / "municipalities.csv", encoding="utf-8", newline="") as f:
        names = {r["name"] for r in csv.DictReader(f)}
    for name in FILES:
        for col, c in ((c.name, c) for c in TABLES[name].columns if c.name != "cpr"):
            values = tables[name][col].dropna()
            if c.enum:
                assert set(values) <= set(ENUMS[c.enum]), (name, col)
            if c.type == "municipality":
                assert set(values) <= names, (name, col)
    assert set(tables["companies"]["industry"].dropna()) <= set(DB07_SECTIONS)
    assert set(tables["placements"]["chosen_by_participant"].dropna()) == {"true", "false"}
    assert tables["companies"]["postcode"].str.fullmatch(r"\d{4}").all()


def test_ids_are_unique_and_references_resolve(tables):
    """Each young person, company and placement has its own id, and every reference points
    at a row in the export."""
    p, c, pl = tables["participants"], tables["companies"], tables["placements"]
    for table, col in ((p, "participant_id"), (c, "company_id"), (pl, "placement_id")):
        assert table[col].notna().all() and table[col].is_unique
    people, companies = set(p["participant_id"]), set(c["company_id"])
    for name in ("placements", "activities", "outcomes"):
        assert set(tables[name]["participant_id"].dropna()) <= people, name
    for name in ("placements", "activities", "outcomes"):
        assert set(tables[name]["company_id"].dropna()) <= companies, name
    assert pl["company_id"].notna().all() and pl["participant_id"].notna().all()


def test_dates_are_in_order_and_not_after_until(tables):
    """No spell ends before it starts, and nothing is dated before 2019 or after `until`."""
    for name, cols in DATE_COLUMNS.items():
        t = tables[name]
        if len(cols) == 2:
            start, end = t[cols[0]], t[cols[1]]
            assert not (end < start).any(), name
        for col in cols:
            assert t[col].min() >= pd.Timestamp("2019-01-01"), (name, col)
            assert t[col].max() <= pd.Timestamp(UNTIL), (name, col)


def test_numbers_are_in_range(tables):
    """Hours, coordinates and birth years are within the contract's limits."""
    for (name, col), (low, high) in RANGES.items():
        values = pd.to_numeric(tables[name][col]).dropna()
        assert values.between(low, high).all(), (name, col)
    birth = pd.to_numeric(tables["participants"]["birth_year"]).dropna()
    assert birth.between(1900, UNTIL.year).all()
    coords = tables["companies"][["latitude", "longitude"]]
    assert 0.03 < coords["latitude"].isna().mean() < 0.2
    assert (coords["latitude"].isna() == coords["longitude"].isna()).all()


def test_an_attendance_row_names_one_attendee_at_most(tables):
    """A row records a young person or a company, never both; a few record neither."""
    a = tables["activities"]
    assert not (a["participant_id"].notna() & a["company_id"].notna()).any()
    neither = a["participant_id"].isna() & a["company_id"].isna()
    assert 0 < neither.sum() < 0.01 * len(a)
    # One activity is held once, in one place.
    per_activity = a.groupby("activity_id")[["activity_type", "municipality", "held_on"]]
    assert (per_activity.nunique() == 1).all().all()
    youth = a[a["activity_type"] == "youth_network_meeting"]
    assert youth["participant_id"].notna().all()
    assert a[a["activity_type"] == "company_network_meeting"]["participant_id"].isna().all()


def test_placements_are_in_the_own_network(tables):
    """A young person's placements are at companies in their own municipality's network."""
    p, c, pl = tables["participants"], tables["companies"], tables["placements"]
    home = pl["participant_id"].map(p.set_index("participant_id")["municipality"])
    host = pl["company_id"].map(c.set_index("company_id")["municipality"])
    assert (home == host).all()


def test_nothing_runs_on_after_exit(tables):
    """A young person who has left has no ongoing placement or outcome."""
    p = tables["participants"]
    exited = set(p.loc[p["exited_on"].notna(), "participant_id"])
    pl, o = tables["placements"], tables["outcomes"]
    assert not pl.loc[pl["ended_on"].isna(), "participant_id"].isin(exited).any()
    assert not o.loc[o["ended_on"].isna(), "participant_id"].isin(exited).any()
    # Ongoing placements have no end reason yet, ended ones do.
    assert (pl["ended_on"].isna() == pl["end_reason"].isna()).all()


def test_scale_one_is_the_programme(tables):
    """At scale 1 the demo is the five sites: 300-400 young people a year and over 250
    companies in the networks."""
    p, c = tables["participants"], tables["companies"]
    assert set(p["municipality"]) == SITES
    assert set(c["municipality"]) == SITES
    assert 250 <= (p["enrolled_on"].dt.year == 2024).sum() <= 450
    until = pd.Timestamp(UNTIL)
    member = (c["joined_on"] <= until) & (c["left_on"].isna() | (c["left_on"] >= until))
    assert member.sum() >= 250
    assert member.groupby(c["municipality"]).sum().between(30, 110).all()
    assert p["exited_on"].isna().any() and p["exited_on"].notna().any()


def test_youth_network_groups_have_six_to_eight(tables):
    """Young people meet in groups of 6-8 named after their municipality."""
    p = tables["participants"]
    sizes = p.groupby("youth_network").size()
    assert sizes.max() <= 8 and sizes.median() >= 6
    assert (p["youth_network"].dropna().str.split(" gruppe ").str[0]
            == p.loc[p["youth_network"].notna(), "municipality"]).all()  # fmt: skip


def test_outcome_within_12_months_is_realistic_per_site(tables):
    """Each site gets 20-75 % of its young people into education or a job within 12 months,
    counting only outcomes that start on or after enrolment."""
    p, o = tables["participants"], tables["outcomes"]
    m = o.merge(p[["participant_id", "enrolled_on"]], on="participant_id")
    assert (m["started_on"] < m["enrolled_on"]).any()  # a few from before, to be ignored
    first = m[m["started_on"] >= m["enrolled_on"]].groupby("participant_id")["started_on"].min()
    p = p.assign(first=p["participant_id"].map(first))
    due = p[p["enrolled_on"] + pd.DateOffset(months=12) <= pd.Timestamp(UNTIL)]
    reached = due["first"] <= due["enrolled_on"] + pd.DateOffset(months=12)
    share = reached.groupby(due["municipality"]).mean()
    assert len(share) == 5
    assert share.between(0.2, 0.75).all(), share.to_dict()


def test_placements_look_like_the_programme(tables):
    """Placements mostly start within the first months, most are completed, and most are
    chosen by the young person; some jobs are at a former host company."""
    p, pl, o = tables["participants"], tables["placements"], tables["outcomes"]
    first = pl.groupby("participant_id")["started_on"].min()
    days = (first - p.set_index("participant_id")["enrolled_on"].reindex(first.index)).dt.days
    assert 20 <= days.median() <= 90
    reasons = pl["end_reason"].value_counts(normalize=True)
    assert 0.5 < reasons["completed"] < 0.8 and 0.1 < reasons["interrupted"] < 0.4
    chosen = pl["chosen_by_participant"].dropna().eq("true").mean()
    assert 0.7 < chosen < 0.95
    hours = pd.to_numeric(pl["hours_per_week"])
    assert hours.between(10, 37).all() and (hours >= 15).mean() > 0.8
    hosts = set(zip(pl["participant_id"], pl["company_id"], strict=True))
    jobs = o[o["company_id"].notna()]
    assert any(k in hosts for k in zip(jobs["participant_id"], jobs["company_id"], strict=True))


def test_costs_are_a_team_of_five_to_six(tables):
    """One cost row per site and year, for a team of 5-6 FTE."""
    c = tables["costs"]
    assert len(c) == 5 * (UNTIL.year - 2019 + 1)
    assert not c.duplicated(["municipality", "year"]).any()
    assert pd.to_numeric(c["staff_fte"]).between(5.0, 6.0).all()
    assert pd.to_numeric(c["cost_dkk"]).between(3_000_000, 5_000_000).all()


def test_small_scale_is_smaller(demo, tmp_path):
    """A small demo, for quick tests, has the same files with fewer rows."""
    _, full = demo
    small = write_demo(tmp_path, seed=1, scale=0.2, until=UNTIL)
    assert all(0 < small[k] < full[k] for k in ("participants", "companies", "activities"))
    assert small["participants"] < 0.4 * full["participants"]


def test_above_scale_five_every_municipality_takes_part(tmp_path):
    """A larger demo spreads over the whole country, so national figures can be tried."""
    until = dt.date(2019, 12, 31)
    counts = write_demo(tmp_path, seed=1, scale=8, until=until)
    p = _read(tmp_path, "participants")
    # The smallest island municipalities may have had nobody yet, but every one has a network.
    assert p["municipality"].nunique() >= 90
    assert _read(tmp_path, "companies")["municipality"].nunique() == 98
    assert _read(tmp_path, "costs")["municipality"].nunique() == 98
    assert p["participant_id"].is_unique
    assert 6 * 300 < counts["participants"] < 10 * 400


def test_demo_imports_cleanly(demo, tmp_path):
    """The demo loads into the dashboard's database with no errors and no warnings."""
    from nextwork.ingest.importer import import_export

    folder, counts = demo
    result = import_export(
        tmp_path / "demo.duckdb", folder, key_file=tmp_path / "demo.key", today=UNTIL
    )
    assert result.ok, result.errors[:5]
    assert result.warnings == []
    assert result.row_counts == counts
