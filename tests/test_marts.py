"""The marts (nextwork/ingest/marts.py) give exactly what the queries they replace give: on the tiny
export for several periods, municipalities and record keys, as exact readers and as readers
under the disclosure control see them; an import and the database upgrade refresh them, and
only when the data changed."""

from __future__ import annotations

import datetime as dt
import random
import shutil

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
        assert marts.refresh(con) == ["people", "monthly_counts"]
        # an outcome changed: only the young people's dates read outcomes
        con.execute("update outcomes set started_on = started_on + 1")
        assert marts.refresh(con) == ["people"]
        assert marts.refresh(con) == []
        # an activity changed: the meetings and the monthly counts read activities
        con.execute("update activities set held_on = held_on + 1")
        assert marts.refresh(con) == [
            "youth_meetings",
            "company_meeting_days",
            "monthly_counts",
        ]
        assert marts.refresh(con) == []


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


# The macros that read the young people's dates (`mart_people`).
PEOPLE_MACROS = (
    "people_in_scope",
    "people_with_outcomes",
    "participants_in_scope",
    "participant_first_outcomes",
    "new_participant_first_outcomes",
    "outcome_flags",
    "new_participant_first_placements",
)


def _queries_reading_people() -> list[str]:
    """The queries that read a derived table: the young people's dates through the macros,
    or another derived table (`mart_<name>`) itself."""
    tables = [marts.table_name(name) for name in marts.DERIVED if name != "people"]
    names = []
    for path in sorted(db.QUERIES.glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        if any(m in text for m in (*PEOPLE_MACROS, *tables)):
            names.append(path.stem)
    return names


def _every_query(con, p: dict) -> dict[str, pd.DataFrame]:
    out = {}
    for name in _queries_reading_people():
        text = db.sql(name)
        frame = con.execute(text, {k: p[k] for k in db.params_of(text)}).df()
        out[name] = frame.sort_values(list(frame.columns)).reset_index(drop=True)
    return out


def _compare_with_live_dates(path, views) -> int:
    """Every query on the stored derived tables (the young people's dates, the meetings), and
    again with each table replaced by a view that computes it from the records as they are
    now: the same rows, to the last digit."""
    stored = {}
    con = db.connect(path, read_only=True)
    try:
        for i, p in enumerate(views):
            stored[i] = _every_query(con, p)
    finally:
        con.close()
    copy = path.with_name(path.stem + "-live.duckdb")
    shutil.copyfile(path, copy)
    live = duckdb.connect(str(copy))
    try:
        for name in marts.DERIVED:
            live.execute(f"drop table {marts.table_name(name)}")
            live.execute(f"create view {marts.table_name(name)} as {db.sql('derived/' + name)}")
        compared = 0
        for i, p in enumerate(views):
            for name, frame in _every_query(live, p).items():
                pd.testing.assert_frame_equal(stored[i][name], frame, obj=name)
                compared += 1
    finally:
        live.close()
        copy.unlink()
    return compared


def test_the_young_people_s_dates_are_those_of_the_records(tmp_path):
    """The dates the KPIs about young people follow (first outcome, retention, first
    placement) and the meetings the principle indicators count are computed when the data is
    written: every query that reads them gives what it gives when they are computed from the
    records on the spot, on the tiny export (after an import that changes it) and on an
    invented one, with and without group filters."""
    path = build_db(tmp_path)
    views = [params(*view) for view in VIEWS]
    views.append(params(*VIEWS[0], target_groups=["job_ready"], genders=["female", "male"]))
    views.append(params(*VIEWS[4], age_bands=["18-24"]))
    assert {
        "kpi_first_placement",
        "first_placement_days",
        "fair_outcome_records",
        "principle_indicators",
    } <= set(_queries_reading_people())
    assert _compare_with_live_dates(path, views) == len(views) * len(_queries_reading_people())
    # Vejle again without V3's outcomes: the dates follow the import
    export = write_export(tmp_path / "again")
    lines = EXPORT["outcomes"].splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("V3,")]
    assert len(kept) < len(lines)
    (export / "outcomes.csv").write_text("".join(kept), encoding="utf-8")
    assert import_export(path, export, key_file=tmp_path / "k.key", today=AS_OF).ok
    _compare_with_live_dates(path, views)
    # an invented export
    export = tmp_path / "invented"
    write_demo(export, seed=5, scale=0.05, until=dt.date(2026, 6, 30))
    invented = tmp_path / "invented.duckdb"
    assert import_export(invented, export, key_file=tmp_path / "k2.key").ok
    con = db.connect(invented, read_only=True)
    everyone = sorted(
        r[0] for r in con.execute("select distinct municipality from participants").fetchall()
    )
    con.close()
    _compare_with_live_dates(
        invented,
        [
            {
                **params(dt.date(2024, 1, 1), dt.date(2024, 12, 31), everyone),
                "as_of": dt.date(2026, 6, 30),
            },
            params(dt.date(2023, 3, 5), dt.date(2025, 2, 20), everyone[:2], genders=["female"]),
        ],
    )
