"""The load test's parts: a reader speaking Streamlit's protocol (`nextwork.web.streamlit_client`)
sees the page the app runs and counts an exception on it as an error, so that the load
test's "0 errors" means something; and a short Locust run against the app on the tiny
export, importing it meanwhile, reports its pages, imports and page times."""

from __future__ import annotations

import csv
import json
from types import SimpleNamespace

import pytest

from nextwork.ops import load
from nextwork.web import streamlit_client
from tests.tiny_export import build_db

BROKEN_PAGE = """
import streamlit as st
st.title("Et udsnit")
raise ValueError("tallet mangler")
"""


def test_an_exception_on_a_page_counts_as_an_error(tmp_path):
    script = tmp_path / "broken.py"
    script.write_text(BROKEN_PAGE, encoding="utf-8")
    process, url = load.start_app(tmp_path / "broken.log", script=str(script))
    try:
        with streamlit_client.Browser(url).session() as session:
            run = session.run("")
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert len(run.errors) == 1
    assert "ValueError: tallet mangler" in run.errors[0]


def test_a_reader_opens_a_link_and_clicks_to_another_page_with_its_filters(tmp_path):
    """The app on the tiny export (demo data, no sign-in): the link's page runs with the
    link's filters, a click runs the page asked for, the filters go along, no errors."""
    database = build_db(tmp_path, demo=True)
    process, url = load.start_app(tmp_path / "app.log", {"NEXTWORK_DB": str(database)})
    try:
        reader = streamlit_client.Browser(url)
        link = f"{url}/unge?start=2024-01-01&end=2024-12-31&municipality=Vejle"
        assert reader.open_link(link) == []
        path, query = streamlit_client.split_link(link)
        with reader.session() as session:
            first = session.run(query, page_name=path)
            target = next(h for h, p in session.pages.items() if p == "praktik")
            second = session.run(session.query_string, page_hash=target)
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert (first.path, second.path) == ("unge", "praktik")
    assert first.errors == [] and second.errors == []
    assert first.elements > 5 and second.elements > 5
    assert "municipality=Vejle" in session.query_string
    assert "start=2024-01-01" in session.query_string


def test_a_short_locust_run_reports_pages_imports_and_times(tmp_path):
    """Three readers for 12 seconds while the tiny export is imported every 4 seconds, on
    one app process started as `make run` starts it."""
    database = build_db(tmp_path, demo=True)
    out = load.run_load(
        users=3,
        seconds=12,
        import_every=4,
        workdir=tmp_path / "load",
        db=database,
        export=tmp_path / "export",
    )
    assert out["errors"] == 0, out["error_samples"]
    assert out["pages_served"] >= 3
    assert out["imports"] >= 1
    # Locust's percentiles are rounded to its buckets, so p95 may read a little above the max.
    assert 0 < out["page_seconds_p50"] <= out["page_seconds_p95"]
    assert out["page_seconds_p95"] <= out["page_seconds_max"] * 1.1
    assert out["server_cpu_seconds"] > 0
    # per page run: the pages served and the warm starts' runs after the imports
    runs = out["pages_served"] + out["warm_start_runs"]
    # (both figures rounded: the CPU seconds to 0.1, the per-run figure to 0.001)
    assert out["server_cpu_seconds_per_run"] * runs == pytest.approx(
        out["server_cpu_seconds"], abs=0.05 + 0.0005 * runs
    )
    assert (
        json.loads((tmp_path / "load" / "load.json").read_text())["pages_served"]
        == (out["pages_served"])
    )
    with (tmp_path / "load" / "locust_stats.csv").open(encoding="utf-8") as f:
        kinds = {row["Type"] for row in csv.DictReader(f)}
    assert {"link", "import"} <= kinds


def test_the_warm_start_runs_are_read_from_the_app_logs(tmp_path):
    """A finished warm start counts its pages; its error lines and a failed one count none."""
    log = tmp_path / "app.log"
    log.write_text(
        "nextwork: settings in force: runner.postScriptGC=False\n"
        "nextwork: warm start: 13 pages of load.duckdb in 2.1 s\n"
        "nextwork: warm start: asked for unge, got overblik\n"
        "nextwork: warm start failed: OSError: refused\n"
        "nextwork: warm start: 4 pages of load.duckdb in 0.6 s\n",
        encoding="utf-8",
    )
    one = SimpleNamespace(log=log, processes=1, workdir=tmp_path)
    assert load._Servers.warm_start_runs(one) == 17
    (tmp_path / "serve").mkdir()
    for i, pages in enumerate((13, 12)):
        (tmp_path / "serve" / f"app-{i}.log").write_text(
            f"nextwork: warm start: {pages} pages of x.duckdb in 1.0 s\n", encoding="utf-8"
        )
    two = SimpleNamespace(log=tmp_path / "serve.log", processes=2, workdir=tmp_path)
    assert load._Servers.warm_start_runs(two) == 25


def test_a_database_of_ones_own_needs_an_export_to_import(tmp_path):
    """Without --url the load test may start the app on another database (national scale,
    say): it imports into it only with an export given, else it is told so at once."""
    from nextwork.ops.load import run_load

    with pytest.raises(ValueError, match="give --export or --import-every 0"):
        run_load(users=1, seconds=5, workdir=tmp_path, db=tmp_path / "national.duckdb")
