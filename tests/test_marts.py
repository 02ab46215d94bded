"""The marts (nextwork/ingest/marts.py) give exactly what the queries they replace give: on the tiny
export for several periods, municipalities and record keys, as exact readers and as readers
under the disclosure control see them; an import and the database upgrade refresh them, and
only when the data changed."""

from __future__ import annotations

import datetime as dt
import random

import duckdb
import pandas as pd
import pytest

from nextwork.ingest import db, marts
from nextwork.ingest.demo import write_demo
from nextwork.ingest.importer import import_export
from nextwork.metrics import disclosure
from tests.tiny_export import AS_OF, EXPORT, build_db, set_record_keys, write_export

BOTH = ["Horsens", "Vejle"]

# (start, end, municipalities): whole years, half years, days mid-month, one municipality,
# a municipality without data, none at all, a period ending before it starts.
VIEWS = [
    (dt.date(2024, 1, 1), dt.date(2024, 12, 31), BOTH),
    (dt.date(2025, 1, 1), dt.date(2025, 6, 30), BOTH),
    (dt.date(2023, 11, 15), dt.date(2024, 3, 10), BOTH),
    (dt.date(2024, 1, 1), dt.date(2024, 12, 31), ["Vejle"]),
    (dt.date(2024, 6, 1), dt.date(2025, 6, 30), ["Horsens", "Aarhus"]),
    (dt.date(2024, 1, 1), dt.date(2024, 12, 31), []),
    (dt.date(2024, 5, 1), dt.date(2024, 4, 1), BOTH),
]


def params(start, end, municipalities, **groups) -> dict:
    return {
        "start": start,
        "end": end,
        "as_of": AS_OF,
        "municipalities": municipalities,
        "target_groups": groups.get("target_groups"),
        "genders": groups.get("genders"),
        "age_bands": groups.get("age_bands"),
    }


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    base = tmp_path_factory.mktemp("marts_tiny")
    path = build_db(base)
    # Record keys of every size, so that the cell keys of the mart are tested too.
    rng = random.Random(13)
    set_record_keys(
        path,
        {
            "participants": {p: rng.randrange(2**24) for p in ("V1", "V3", "H2", "H4")},
            "companies": {c: rng.randrange(2**24) for c in ("CV1", "CH1", "CH2")},
            "placements": {p: rng.randrange(2**24) for p in ("PL3", "PL8", "PL10")},
        },
        default=5,
    )
    return path


def base_and_mart(con, p: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    return db.run(con, "monthly_counts", p), db.run(con, "marts/monthly_counts", p)


@pytest.mark.parametrize("view", VIEWS)
def test_the_mart_gives_the_query_s_rows(tiny, view):
    con = db.connect(tiny, read_only=True)
    try:
        p = params(*view)
        assert marts.covers(con, "monthly_counts", p)
        base, mart = base_and_mart(con, p)
        pd.testing.assert_frame_equal(mart, base)
        # as readers see them: exact, and under the disclosure control
        pd.testing.assert_frame_equal(disclosure.strip_table(mart), disclosure.strip_table(base))
        pd.testing.assert_frame_equal(
            disclosure.disclose_table(mart, "monthly_counts"),
            disclosure.disclose_table(base, "monthly_counts"),
        )
    finally:
        con.close()


def test_hand_counted_months_from_the_mart(tiny):
    """January 2024: active young people Vejle V1 (exits 1 January) and V3 (enrols 31
    January), Horsens H2; new: V3; companies in the network: Vejle CV1 and CV4 (leaves 1
    January), Horsens CH1 and CH2."""
    con = db.connect(tiny, read_only=True)
    try:
        p = params(dt.date(2024, 1, 1), dt.date(2024, 1, 31), BOTH)
        out = marts.run(con, "monthly_counts", p)
    finally:
        con.close()
    rows = {
        r.municipality if isinstance(r.municipality, str) else None: r for r in out.itertuples()
    }
    assert (rows["Vejle"].participants_active, rows["Horsens"].participants_active) == (2, 1)
    assert rows[None].participants_active == 3
    assert (rows["Vejle"].participants_new, rows["Horsens"].participants_new) == (1, 0)
    assert (rows["Vejle"].companies_in_network, rows["Horsens"].companies_in_network) == (2, 2)
    assert rows[None].companies_in_network == 4


def test_a_filtered_view_or_months_outside_the_mart_read_the_query(tiny):
    con = db.connect(tiny, read_only=True)
    try:
        filtered = params(dt.date(2024, 1, 1), dt.date(2024, 12, 31), BOTH, genders=["female"])
        assert not marts.covers(con, "monthly_counts", filtered)
        for key, value in (("target_groups", ["job_ready"]), ("age_bands", ["18-24"])):
            assert not marts.covers(
                con, "monthly_counts", {**filtered, "genders": None, key: value}
            )
        assert not marts.covers(con, "kpi_participants", params(*VIEWS[0]))
        stored = marts._stored(con, "monthly_counts")
        first = dt.date.fromisoformat(stored["first"])
        last = dt.date.fromisoformat(stored["last"])
        # the mart starts with the first month of the data and ends with a year's end
        assert first == dt.date(2019, 1, 1)  # CV3 joined 1 January 2019
        assert (last.month, last.day) == (12, 31) and last.year >= 2025
        before = params(dt.date(2018, 12, 31), dt.date(2019, 3, 31), BOTH)
        after = params(dt.date(2024, 1, 1), last + dt.timedelta(days=1), BOTH)
        assert not marts.covers(con, "monthly_counts", before)
        assert not marts.covers(con, "monthly_counts", after)
        # what the pages read is the query's answer either way
        for p in (filtered, before):
            pd.testing.assert_frame_equal(
                marts.run(con, "monthly_counts", p), db.run(con, "monthly_counts", p)
            )
    finally:
        con.close()


def test_an_import_refreshes_the_mart_and_an_unchanged_file_keeps_it(tmp_path):
    path = build_db(tmp_path)
    p = params(dt.date(2024, 1, 1), dt.date(2024, 12, 31), BOTH)
    con = db.connect(path, read_only=True)
    before = marts.run(con, "monthly_counts", p)
    con.close()
    # Vejle's new export leaves out V3 (and the placements, activities and outcomes of V3).
    export = write_export(tmp_path / "again")
    for name in ("participants", "placements", "activities", "outcomes"):
        lines = EXPORT[name].splitlines(keepends=True)
        kept = [line for line in lines if ",V3," not in line and not line.startswith("V3,")]
        (export / f"{name}.csv").write_text("".join(kept), encoding="utf-8")
    result = import_export(path, export, key_file=tmp_path / "k.key", today=AS_OF)
    assert result.ok, result.errors
    con = db.connect(path, read_only=True)
    try:
        after, base = marts.run(con, "monthly_counts", p), db.run(con, "monthly_counts", p)
    finally:
        con.close()
    pd.testing.assert_frame_equal(after, base)
    vejle_jan = lambda frame: frame[  # noqa: E731
        (frame["municipality"] == "Vejle") & (frame["month_start"] == pd.Timestamp("2024-01-01"))
    ]["participants_active"].item()
    assert (vejle_jan(before), vejle_jan(after)) == (2, 1)  # V3 enrolled on 31 January
    # the same data again: nothing to recompute; another change of the rows: recomputed
    with duckdb.connect(str(path)) as con:
        assert marts.refresh(con) == []
        con.execute("update participants set exited_on = '2024-01-15' where participant_id = 'H2'")
        assert marts.refresh(con) == ["monthly_counts"]


def test_the_upgrade_builds_a_missing_mart(tmp_path):
    """A database from before the marts (its schema version older) gets them when opened."""
    path = build_db(tmp_path)
    with duckdb.connect(str(path)) as con:
        con.execute("drop table mart_monthly_counts")
        con.execute("delete from meta")
    con = db.connect(path, read_only=True)
    try:
        p = params(*VIEWS[0])
        assert marts.covers(con, "monthly_counts", p)
        base, mart = base_and_mart(con, p)
        pd.testing.assert_frame_equal(mart, base)
    finally:
        con.close()


@pytest.mark.parametrize("seed", [3, 8])
def test_random_exports(tmp_path, seed):
    """Invented exports (the demo generator, small): every municipality and the total, exact
    and disclosed, with and without a complement, over a random period."""
    export = tmp_path / "export"
    write_demo(export, seed=seed, scale=0.05, until=dt.date(2026, 6, 30))
    path = tmp_path / "demo.duckdb"
    assert import_export(path, export, key_file=tmp_path / "k.key").ok
    rng = random.Random(seed)
    con = db.connect(path, read_only=True)
    try:
        rows = con.execute("select distinct municipality from participants").fetchall()
        everyone = [r[0] for r in rows]
        for _ in range(3):
            start = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(900))
            end = start + dt.timedelta(days=rng.randrange(30, 500))
            chosen = rng.sample(everyone, rng.randrange(1, len(everyone) + 1))
            p = params(start, min(end, dt.date(2026, 12, 31)), chosen)
            assert marts.covers(con, "monthly_counts", p)
            base, mart = base_and_mart(con, p)
            assert len(base) > 0
            pd.testing.assert_frame_equal(mart, base)
            pd.testing.assert_frame_equal(
                disclosure.disclose_table(mart, "monthly_counts", complement=base),
                disclosure.disclose_table(base, "monthly_counts", complement=base),
            )
    finally:
        con.close()
