"""The database module (`nextwork.ingest.db`): named queries, the read-only connection, and
the schema with its staging views and macros."""

from __future__ import annotations

import duckdb
import pytest

from nextwork.ingest import db


@pytest.mark.parametrize(
    "name",
    ["../README", "load/../../pyproject", "/etc/passwd", "staging/../../nextwork/config"],
    ids=["parent", "through-a-folder", "absolute", "into-the-code"],
)
def test_a_query_name_that_leaves_the_queries_folder_is_refused(name):
    with pytest.raises(ValueError, match="no such query"):
        db.sql(name)


def test_a_query_is_read_by_its_name_below_the_queries_folder():
    assert "insert into target.costs by name" in db.sql("load/costs")


def test_a_query_gets_exactly_its_parameters_and_names_the_missing_ones():
    con = duckdb.connect()
    try:
        with pytest.raises(KeyError, match=r"query load/costs_replaced needs parameters"):
            db.run(con, "load/costs_replaced", {"unused": 1})
    finally:
        con.close()
    assert db.params_of("select $a, $b_2, $a from t where x = '$'") == {"a", "b_2"}


def test_the_read_only_connection_reads_but_cannot_write(tiny_db_copy):
    con = db.connect(tiny_db_copy, read_only=True)
    try:
        # eleven young people in the tiny export (tests/tiny_export.py)
        assert db.scalar(con, "select count(*) from participants") == 11
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("delete from participants")
    finally:
        con.close()
    con = db.open_read_only(tiny_db_copy)
    try:
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("create table scratch (a integer)")
    finally:
        con.close()


def test_a_new_database_gets_the_schema_staging_views_macros_and_version(tmp_path):
    path = tmp_path / "new.duckdb"
    con = db.connect(path)
    try:
        views = {
            r[0]
            for r in con.execute(
                "select view_name from duckdb_views() where not internal"
            ).fetchall()
        }
        # one view per file in queries/staging/
        assert {
            "stg_activities",
            "stg_companies",
            "stg_costs",
            "stg_outcomes",
            "stg_participants",
            "stg_placements",
        } <= views
        macros = {
            r[0]
            for r in con.execute(
                "select function_name from duckdb_functions() "
                "where function_type in ('macro', 'table_macro')"
            ).fetchall()
        }
        assert "participants_in_scope" in macros
        assert db.scalar(con, "select count(*) from ref_municipalities") == 98
        assert (
            db.scalar(con, "select value from meta where key = 'schema_version'")
            == db.SCHEMA_VERSION
        )
    finally:
        con.close()


def test_staging_and_the_macro_read_the_tiny_export(tiny_db_copy):
    """Staging keys each young person by municipality; the macro keeps those in scope. Counts
    from tests/tiny_export.py: Vejle V1-V6, Horsens H1-H5; V4's gender is missing and H5's
    is given as unknown."""
    con = db.connect(tiny_db_copy, read_only=True)
    try:
        keys = [
            r[0]
            for r in con.execute(
                "select participant_key from stg_participants order by participant_key"
            ).fetchall()
        ]
        assert keys[:2] == ["Horsens/H1", "Horsens/H2"] and len(keys) == 11
        unknown = db.scalar(con, "select count(*) from stg_participants where gender = 'unknown'")
        assert unknown == 2
        in_scope = db.scalar(
            con,
            "select count(*) from participants_in_scope(date '2024-01-01', ['Vejle'], "
            "null, null, null)",
        )
        assert in_scope == 6
    finally:
        con.close()
