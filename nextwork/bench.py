"""The benchmark: a national-scale export through import, the KPI engine and every page.

Each step runs in a fresh process so that its peak memory is its own. The figures are
printed and written to `bench.json` in the work folder.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import resource
import shutil
import statistics
import time
from pathlib import Path

from nextwork import pages

# Pages and the filter change the benchmark makes on each (a new municipality selection, so
# nothing can come from the cache).
PAGES = list(pages.PAGES)
UNTIL = dt.date(2026, 11, 27)  # fixed, so runs on different days build the same export


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _in_process(target, *args):
    """Run target(*args) in a fresh process; return what it returned."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=_child, args=(queue, target, args))
    process.start()
    result = queue.get()
    process.join()
    if isinstance(result, BaseException):
        raise result
    return result


def _child(queue, target, args):
    try:
        queue.put(target(*args))
    except BaseException as e:  # hand the failure to the parent, which raises it
        queue.put(RuntimeError(f"{type(e).__name__}: {e}"))


def _generate(export: str, scale: float) -> dict:
    from nextwork.demo import write_demo

    started = time.perf_counter()
    counts = write_demo(export, seed=1, scale=scale, until=UNTIL)
    return {"seconds": time.perf_counter() - started, "rows": counts, "peak_mb": _peak_mb()}


def _import(export: str, database: str, key_file: str) -> dict:
    from nextwork.importer import import_export

    started = time.perf_counter()
    result = import_export(database, export, key_file=key_file, today=UNTIL)
    seconds = time.perf_counter() - started
    if not result.ok:
        raise RuntimeError("the benchmark export was rejected: " + "; ".join(result.report(5)))
    rows = sum(result.row_counts.values())
    return {
        "seconds": seconds,
        "rows": rows,
        "rows_per_second": rows / seconds,
        "warnings": len(result.warnings),
        "peak_mb": _peak_mb(),
    }


def _kpis(database: str) -> dict:
    from nextwork import db
    from nextwork.kpis import all_municipalities, kpi_frame, query_params

    con = db.connect(database, read_only=True)
    municipalities = all_municipalities(con)
    params = query_params(dt.date(2025, 11, 28), UNTIL, UNTIL, municipalities)
    started = time.perf_counter()
    kpi_frame(con, params)
    cold = time.perf_counter() - started
    warm = []
    for _ in range(5):
        started = time.perf_counter()
        kpi_frame(con, params)
        warm.append(time.perf_counter() - started)
    started = time.perf_counter()
    # The floor: one pass over every activity row, with a condition the table's statistics
    # cannot answer (a bare count(*) is answered from them without reading anything).
    floor_rows = db.scalar(con, "select count(*) from activities where hash(held_on) % 2 >= 0")
    floor = time.perf_counter() - started
    con.close()
    return {
        "municipalities": len(municipalities),
        "cold_seconds": cold,
        "warm_seconds": statistics.median(warm),
        "scan_activities_seconds": floor,
        "scan_activities_rows": floor_rows,
        "peak_mb": _peak_mb(),
    }


def _pages(database: str) -> dict:
    """Server time of each page: first render, then a filter change (new parameters)."""
    from streamlit.testing.v1 import AppTest

    from nextwork.db import ROOT

    os.environ["NEXTWORK_DB"] = database
    os.chdir(ROOT)
    out = {}
    for page in PAGES:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params.update({"start": "2025-11-28", "end": UNTIL.isoformat()})
        at.run()
        if page != "overblik":
            at.switch_page(f"views/{page}.py")
        started = time.perf_counter()
        at.run()
        first = time.perf_counter() - started
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception[0].value}")
        sites = ["København", "Vejle"] if page != "sammenlign" else ["Horsens", "Roskilde"]
        at.multiselect(key="municipality").set_value(sites)
        started = time.perf_counter()
        at.run()
        change = time.perf_counter() - started
        at.selectbox(key="period").set_value("last_year")
        started = time.perf_counter()
        at.run()
        period_change = time.perf_counter() - started
        out[page] = {
            "first_render_seconds": first,
            "municipality_change_seconds": change,
            "period_change_seconds": period_change,
        }
    out["peak_mb"] = _peak_mb()
    return out


def run_bench(workdir: Path, scale: float | None = None) -> dict:
    from nextwork.demo import NATIONAL_SCALE

    scale = scale or NATIONAL_SCALE
    workdir = Path(workdir)
    export, database = workdir / "export", workdir / "bench.duckdb"
    if export.exists():
        shutil.rmtree(export)
    for path in (database, Path(f"{database}.wal")):
        path.unlink(missing_ok=True)
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"Benchmark at scale {scale:g} in {workdir}/ (on {os.cpu_count()} cores)", flush=True)

    results = {"scale": scale, "cores": os.cpu_count(), "when": dt.datetime.now().isoformat()}
    results["generate"] = _in_process(_generate, str(export), scale)
    _report("generate export", results["generate"])
    results["import"] = _in_process(_import, str(export), str(database), str(workdir / "bench.key"))
    _report("import", results["import"])
    results["kpis"] = _in_process(_kpis, str(database))
    _report("all KPIs, one period, all municipalities", results["kpis"])
    results["pages"] = _in_process(_pages, str(database))
    _report_pages(results["pages"])
    (workdir / "bench.json").write_text(json.dumps(results, indent=2))
    print(f"\nwritten to {workdir / 'bench.json'}")
    return results


def _report(step: str, figures: dict) -> None:
    print(f"\n{step}:")
    for key, value in figures.items():
        if isinstance(value, float):
            print(f"  {key:28} {value:12,.3f}")
        elif isinstance(value, dict):
            print(f"  {key:28} " + ", ".join(f"{k} {v:,}" for k, v in value.items()))
        else:
            print(f"  {key:28} {value:>12,}")


def _report_pages(pages: dict) -> None:
    print("\npages (server time in seconds; AppTest renders the whole page):")
    print(f"  {'page':14} {'first render':>13} {'municipalities':>15} {'period':>8}")
    for page in PAGES:
        p = pages[page]
        print(
            f"  {page:14} {p['first_render_seconds']:13.3f} "
            f"{p['municipality_change_seconds']:15.3f} {p['period_change_seconds']:8.3f}"
        )
    print(f"  peak memory {pages['peak_mb']:,.0f} MB")
