"""The macros of queries/macros/ that the queries build on, on relations small enough to count
by hand, and the order `db.ensure_schema` creates them in."""

from __future__ import annotations

import duckdb
import pytest

from nextwork.ingest import db


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    con = db.connect(tmp_path_factory.mktemp("macros") / "macros.duckdb", marts=False)
    yield con
    con.close()


def rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_flag_counts_counts_each_flag_and_sums_its_keys(con):
    # A has keys 1 (x) and 2 (x and y); B has key 4 with no flag set; C has no rows at all
    got = rows(
        con,
        """
        with flagged as (
            select * from (values
                ('A', 1, true, false),
                ('A', 2, true, true),
                ('B', 4, false, null)
            ) as t (municipality, record_key, flag_x, flag_y)
        )
        select municipality, x, y, key_x, key_y
        from flag_counts('flagged', ['A', 'B', 'C'])
        order by municipality nulls last
        """,
    )
    assert got == [
        ("A", 2, 1, 3, 2),
        ("B", 0, 0, 0, 0),
        ("C", 0, 0, 0, 0),
        (None, 2, 1, 3, 2),
    ]


def test_period_flag_counts_counts_per_period_with_each_periods_total(con):
    got = rows(
        con,
        """
        with periods as (
            select * from (values (1), (2)) as t (period_id)
        ),
        flagged as (
            select * from (values
                (1, 'A', 1, true),
                (1, 'B', 2, true),
                (2, 'A', 4, false)
            ) as t (period_id, municipality, record_key, flag_x)
        )
        select period_id, municipality, x, key_x
        from period_flag_counts('flagged', 'periods', ['A', 'B'])
        order by period_id, municipality nulls last
        """,
    )
    assert got == [
        (1, "A", 1, 1),
        (1, "B", 1, 2),
        (1, None, 2, 3),
        (2, "A", 0, 0),
        (2, "B", 0, 0),
        (2, None, 0, 0),
    ]


def test_banded_counts_counts_per_band_with_shares_and_totals(con):
    # A: one item low (key 1), two high (keys 2 and 4); B: one low (key 8), none high
    got = rows(
        con,
        """
        with bands as (
            select * from (values (1, 'low'), (2, 'high')) as t (band_order, band)
        ),
        items as (
            select * from (values ('A', 1, 1), ('A', 2, 2), ('A', 4, 2), ('B', 8, 1))
                as t (municipality, record_key, band_order)
        )
        select
            municipality, band_order, band, count_in_band, key_count_in_band,
            share_of_total, count_total, key_count_total,
        from banded_counts('items', 'bands', ['A', 'B'])
        order by municipality nulls last, band_order
        """,
    )
    assert got == [
        ("A", 1, "low", 1, 1, pytest.approx(1 / 3), 3, 7),
        ("A", 2, "high", 2, 6, pytest.approx(2 / 3), 3, 7),
        ("B", 1, "low", 1, 8, 1.0, 1, 8),
        ("B", 2, "high", 0, 0, 0.0, 1, 8),
        (None, 1, "low", 2, 9, 0.5, 4, 15),
        (None, 2, "high", 2, 6, 0.5, 4, 15),
    ]


def test_calendar_months_covers_every_month_touching_the_period(con):
    got = rows(
        con,
        "select month_start::varchar, month_end::varchar "
        "from calendar_months('2024-01-20', '2024-03-01')",
    )
    assert got == [
        ("2024-01-01", "2024-01-31"),
        ("2024-02-01", "2024-02-29"),
        ("2024-03-01", "2024-03-31"),
    ]


def test_a_macro_is_created_after_the_one_it_uses(tmp_path, monkeypatch):
    # a_total uses b_value, which sorts after it
    (tmp_path / "macros").mkdir()
    (tmp_path / "macros" / "a_total.sql").write_text(
        "create or replace macro a_total() as table select b_value() + 1 as total", "utf-8"
    )
    (tmp_path / "macros" / "b_value.sql").write_text(
        "create or replace macro b_value() as 41", "utf-8"
    )
    monkeypatch.setattr(db, "QUERIES", tmp_path)
    con = duckdb.connect()
    db._create_macros(con)
    assert rows(con, "select total from a_total()") == [(42,)]


def test_a_macro_that_uses_a_missing_one_fails_with_the_missing_name(tmp_path, monkeypatch):
    (tmp_path / "macros").mkdir()
    (tmp_path / "macros" / "a_total.sql").write_text(
        "create or replace macro a_total() as table select no_such_macro() as total", "utf-8"
    )
    monkeypatch.setattr(db, "QUERIES", tmp_path)
    with pytest.raises(duckdb.CatalogException, match="no_such_macro"):
        db._create_macros(duckdb.connect())
