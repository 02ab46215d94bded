"""`make bench` at a tiny scale, with a short load test: it runs to its end and prints every
section, so that the benchmark cannot break unnoticed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nextwork.web import pages

ROOT = Path(__file__).resolve().parent.parent


def test_the_benchmark_prints_every_section(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "nextwork", "bench", "--scale", "0.05", "--scale", "0.07"]
        + ["--workdir", str(tmp_path), "--load-users", "2", "--load-seconds", "8"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = done.stdout
    for heading in (
        "=== scale 0.05",
        "=== scale 0.07",
        "generate export:",
        "import:",
        "all KPIs, one period, all municipalities:",
        "pages (seconds;",
        "first reader of each page's default view",
        "load test (",
        "written to",
    ):
        assert heading in out, heading
    table = out.split("pages (seconds;")[1].split("peak memory")[0]
    for name in pages.PAGES:
        assert f"  {name} " in table, name
    first = out.split("first reader of each page's default view")[1].split("=== scale 0.07")[0]
    for name in pages.PAGES:
        assert f"  {name} " in first, name
    assert first.count("warm start: ") == 2, first  # after the start and after the import
    load = out.split("load test (")[1]
    rows = [line.split() for line in load.splitlines() if line.strip()[:1] in ("1", "2")]
    assert [row[0] for row in rows] == ["1", "2", "1"]
    assert all(row[3] == "0" for row in rows), load  # no errors
    # the demo's scale with imports on one and two processes, the last scale without
    assert [" ".join(row[10:]) for row in rows] == [
        "scale 0.05, an import every 10 s",
        "scale 0.05, an import every 10 s",
        "scale 0.07, no imports",
    ]
    assert rows[2][8] == "0"  # no warm starts without imports
    results = json.loads((tmp_path / "bench.json").read_text())
    assert set(results["load"]) == {"1", "2", "1-scale-0.07"}
    assert results["load"]["1-scale-0.07"]["import_every_seconds"] == 0
    assert results["scales"]["0.05"]["pages"]["overblik"]["warm_cpu_seconds"] > 0
    first_readers = results["scales"]["0.05"]["first_reader"]
    assert set(first_readers["after_import_seconds"]) == set(pages.PAGES)


def test_the_first_readers_wait_for_the_warm_start_after_the_import(tmp_path, monkeypatch):
    """The first readers after an import are measured once the warm start for the new file
    has finished: a warm start's errors (logged as `warm start: <error>`) are no finished
    warm start, and a failed one stops the benchmark with its reason at once."""
    from types import SimpleNamespace

    from nextwork.ingest import importer
    from nextwork.ops import bench, load
    from nextwork.web import streamlit_client

    log = tmp_path / "app.log"
    asked: list[str] = []

    class Servers:
        url = "http://127.0.0.1:1"

        def __init__(self, *args):
            self.log = log
            log.write_text(
                "nextwork: warm start: 11 pages of n.duckdb in 5.0 s\n"
                "nextwork: warm start: asked for overblik, got unge\n"
            )

        def stop(self):
            asked.append("stopped")

    class Session:
        def __init__(self, url):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return None

        def run(self, query, page_name):
            name = next(n for n, p in pages.PAGES.items() if p == page_name)
            asked.append(name)
            return SimpleNamespace(errors=[], path=name, seconds=0.1)

    def import_export(*args, **kwargs):
        with log.open("a") as out:
            out.write("nextwork: warm start failed: OSError: disk full\n")
        return SimpleNamespace(ok=True)

    monkeypatch.setattr(load, "_Servers", Servers)
    monkeypatch.setattr(streamlit_client, "Session", Session)
    monkeypatch.setattr(importer, "import_export", import_export)
    with pytest.raises(RuntimeError, match="warm start failed: OSError: disk full"):
        bench._first_readers(str(tmp_path), str(tmp_path / "n.duckdb"), "export", "key")
    assert asked == [*pages.PAGES, "stopped"]  # only the readers after the start
