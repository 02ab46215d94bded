"""The benchmark: the demo and a national-scale export through import, the KPI engine and
every page (cold and warm server time, CPU time per run), then the load test on one app
process and on two behind the proxy.

Each step runs in a fresh process so that its peak memory is its own. The figures are
printed and written to `bench.json` in the work folder.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import re
import resource
import shutil
import statistics
import time
from pathlib import Path

from nextwork.web import pages

# The pages, in the order of the page list.
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
    from nextwork.ingest.demo import write_demo

    started = time.perf_counter()
    counts = write_demo(export, seed=1, scale=scale, until=UNTIL)
    # `write_demo` signs its export as invented data, so the app shows it without sign-in,
    # under the demo banner.
    return {"seconds": time.perf_counter() - started, "rows": counts, "peak_mb": _peak_mb()}


def _import(export: str, database: str, key_file: str) -> dict:
    from nextwork.ingest.importer import import_export

    started = time.perf_counter()
    result = import_export(database, export, key_file=key_file, today=UNTIL)
    seconds = time.perf_counter() - started
    if not result.ok:
        raise RuntimeError("the benchmark export was rejected: " + "; ".join(result.report(5)))
    _load_trial(export, database)  # after the timing: the pages' Effekt figures
    rows = sum(result.row_counts.values())
    return {
        "seconds": seconds,
        "rows": rows,
        "rows_per_second": rows / seconds,
        "warnings": len(result.warnings),
        "peak_mb": _peak_mb(),
    }


def _load_trial(export: str, database: str) -> None:
    """The demo's trial results, as `make demo` loads them."""
    from nextwork.ingest import trial
    from nextwork.ingest.demo.trial import write_demo_trial

    result = trial.load(database, write_demo_trial(export))
    if not result.ok:
        raise RuntimeError("the demo trial results were rejected: " + "; ".join(result.report(5)))


def _kpis(database: str) -> dict:
    from nextwork.ingest import db
    from nextwork.metrics.kpis import all_municipalities, kpi_frame, query_params

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


def _clear_caches() -> None:
    """Empty the app's caches of query results, of what readers see of them and of the
    charts made from them (not its connections), for a cold render."""
    from nextwork.present import charts
    from nextwork.web import data, page_cache

    data.forget()
    page_cache.forget()
    charts.forget()


def _timed(at) -> tuple[float, float]:
    """Run the AppTest once: (wall seconds, CPU seconds of this process, every thread)."""
    wall, cpu = time.perf_counter(), time.process_time()
    at.run()
    return time.perf_counter() - wall, time.process_time() - cpu


def _check(at, page: str) -> None:
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].value}")
    if at.error:
        raise RuntimeError(f"{page} shows an error: {at.error[0].value}")


def _pages(database: str, warm_runs: int = 3) -> dict:
    """Server time and CPU time of each page's run (AppTest renders the whole page in this
    process): cold (the caches of query results emptied first), warm (the same page again,
    as for the next reader), and after a change of the municipalities (new parameters)."""
    from streamlit.testing.v1 import AppTest

    from nextwork.config import ROOT

    os.environ["NEXTWORK_DB"] = database
    os.chdir(ROOT)
    out = {}
    for page in PAGES:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.query_params.update({"start": "2025-11-28", "end": UNTIL.isoformat()})
        at.run()
        _check(at, "overblik")
        if page != "overblik":
            at.switch_page(f"views/{page}.py")
        _clear_caches()
        cold, cold_cpu = _timed(at)
        _check(at, page)
        warm = [_timed(at) for _ in range(warm_runs)]
        _check(at, page)
        figures = {
            "cold_seconds": cold,
            "cold_cpu_seconds": cold_cpu,
            "warm_seconds": statistics.median(w for w, _ in warm),
            "warm_cpu_seconds": statistics.median(c for _, c in warm),
            "municipality_change_seconds": None,
        }
        # A page may not show the municipality filter: then there is no such change.
        chooser = [w for w in at.multiselect if w.key == "municipality"]
        if chooser:
            sites = ["København", "Vejle"] if page != "sammenlign" else ["Horsens", "Roskilde"]
            chooser[0].set_value(sites)
            figures["municipality_change_seconds"], _ = _timed(at)
            _check(at, page)
        out[page] = figures
    out["peak_mb"] = _peak_mb()
    return out


def _first_readers(workdir: str, database: str, export: str, key_file: str) -> dict:
    """The first reader of each page's default view through a running app server (as `make
    run` starts it), once its warm start after the start is done, and again after an import
    has swapped a new file in and the warm start has run for it: seconds from asking for
    the page until its run has finished, one new reader (session) per page."""
    from nextwork.ingest.importer import import_export
    from nextwork.ops.load import _Servers
    from nextwork.web import streamlit_client

    def readers() -> dict:
        seconds = {}
        for name, path in pages.PAGES.items():
            with streamlit_client.Session(servers.url) as session:
                run = session.run("", page_name=path)
            if run.errors or run.path != name:
                raise RuntimeError(f"{name}: {run.errors or run.path}")
            seconds[name] = run.seconds
        return seconds

    folder = Path(workdir) / "first-reader"
    folder.mkdir(parents=True, exist_ok=True)
    servers = _Servers(folder, Path(database), 1, None)
    try:
        _wait_for_warm_starts(servers.log, 1, 600)  # `_Servers` waits two minutes at most
        after_start = readers()
        result = import_export(database, export, key_file=key_file, today=UNTIL)
        if not result.ok:
            raise RuntimeError("the import was rejected: " + "; ".join(result.report(5)))
        _wait_for_warm_starts(servers.log, 2, 600)
        after_import = readers()
    finally:
        servers.stop()
    log = servers.log.read_text(errors="replace")
    warm_starts = [line for line in log.splitlines() if "warm start" in line]
    return {
        "after_start_seconds": after_start,
        "after_import_seconds": after_import,
        "warm_starts": warm_starts,
    }


def _wait_for_warm_starts(log: Path, count: int, seconds: float) -> None:
    """Wait until the app server's log shows `count` finished warm starts ("warm start: 11
    pages of ..."; a line "warm start: <error>" is one of a warm start's errors, not another
    warm start); RuntimeError at once for a failed one, or when `seconds` have passed."""
    finished = re.compile(r"warm start: \d+ pages of ")
    deadline = time.monotonic() + seconds
    while True:
        lines = log.read_text(errors="replace").splitlines() if log.exists() else []
        failed = [line for line in lines if "warm start failed" in line]
        if failed:
            raise RuntimeError(failed[0].strip())
        if sum(1 for line in lines if finished.search(line)) >= count:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"fewer than {count} warm starts finished in {seconds:.0f} s")
        time.sleep(0.5)


def _load(
    workdir: str,
    scale_dir: str,
    users: int,
    seconds: float,
    processes: int,
    import_every: float = 10.0,
) -> dict:
    """The load test against the app on a scale's database, importing its export again
    every `import_every` seconds (0: no imports)."""
    from nextwork.ops.load import run_load

    return run_load(
        users=users,
        seconds=seconds,
        import_every=import_every,
        workdir=Path(workdir),
        processes=processes,
        db=Path(scale_dir) / "bench.duckdb",
        export=Path(scale_dir) / "export",
    )


def _scale_run(workdir: Path, scale: float) -> dict:
    """Generate, import, time the KPIs and every page at one scale."""
    export, database = workdir / "export", workdir / "bench.duckdb"
    if export.exists():
        shutil.rmtree(export)
    for path in (database, Path(f"{database}.wal")):
        path.unlink(missing_ok=True)
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"\n=== scale {scale:g} in {workdir}/", flush=True)
    results: dict = {"scale": scale}
    results["generate"] = _in_process(_generate, str(export), scale)
    _report("generate export", results["generate"])
    results["import"] = _in_process(_import, str(export), str(database), str(workdir / "bench.key"))
    _report("import", results["import"])
    results["kpis"] = _in_process(_kpis, str(database))
    _report("all KPIs, one period, all municipalities", results["kpis"])
    results["pages"] = _in_process(_pages, str(database))
    _report_pages(results["pages"])
    key = str(workdir / "bench.key")
    results["first_reader"] = _in_process(
        _first_readers, str(workdir), str(database), str(export), key
    )
    _report_first_readers(results["first_reader"])
    return results


def run_bench(
    workdir: Path,
    scales: list[float] | None = None,
    load_users: int = 20,
    load_seconds: float = 60.0,
    load: bool = True,
) -> dict:
    """The benchmark at each scale (default: the demo, then national scale), then the load
    test on the first scale's data (the demo's by default) on one app process and on two
    behind the proxy, and with more than one scale, on the last scale's data (national) on
    one process without imports (an import at national scale takes longer than 10 s)."""
    from nextwork.ingest.demo.sites import NATIONAL_SCALE

    scales = scales or [1.0, NATIONAL_SCALE]
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    print(
        f"Benchmark in {workdir}/ on {os.cpu_count()} cores "
        f"(load average {os.getloadavg()[0]:.2f} at the start)",
        flush=True,
    )
    results: dict = {
        "cores": os.cpu_count(),
        "load_average_at_start": os.getloadavg(),
        "when": dt.datetime.now().isoformat(),
        "scales": {},
    }
    for scale in scales:
        results["scales"][f"{scale:g}"] = _scale_run(workdir / f"scale-{scale:g}", scale)
    if load:
        results["load"] = {}
        for processes in (1, 2):
            print(f"\nload test on {processes} app process(es) ...", flush=True)
            results["load"][str(processes)] = _in_process(
                _load,
                str(workdir / f"load-{processes}"),
                str(workdir / f"scale-{scales[0]:g}"),
                load_users,
                load_seconds,
                processes,
            )
        if len(scales) > 1:
            last = f"{scales[-1]:g}"
            print(f"\nload test on 1 app process, scale {last}, no imports ...", flush=True)
            results["load"][f"1-scale-{last}"] = _in_process(
                _load,
                str(workdir / f"load-scale-{last}"),
                str(workdir / f"scale-{last}"),
                load_users,
                load_seconds,
                1,
                0.0,
            )
        _report_load(results["load"], scales)
    results["load_average_at_end"] = os.getloadavg()
    print(f"\nload average at the end {os.getloadavg()[0]:.2f}")
    (workdir / "bench.json").write_text(json.dumps(results, indent=2))
    print(f"written to {workdir / 'bench.json'}")
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
    print("\npages (seconds; AppTest renders the whole page; CPU = this process, all threads):")
    print(
        f"  {'page':14} {'cold':>7} {'cold CPU':>9} {'warm':>7} {'warm CPU':>9} "
        f"{'new municipalities':>19}"
    )
    for page in PAGES:
        p = pages[page]
        change = p["municipality_change_seconds"]
        print(
            f"  {page:14} {p['cold_seconds']:7.3f} {p['cold_cpu_seconds']:9.3f} "
            f"{p['warm_seconds']:7.3f} {p['warm_cpu_seconds']:9.3f} "
            + (f"{change:19.3f}" if change is not None else f"{'-':>19}")
        )
    print(f"  peak memory {pages['peak_mb']:,.0f} MB", flush=True)


def _report_first_readers(first: dict) -> None:
    print("\nfirst reader of each page's default view through the app server, after the warm")
    print("start (seconds from asking until the run has finished):")
    print(f"  {'page':14} {'after start':>12} {'after import':>13}")
    for page in PAGES:
        start, after = first["after_start_seconds"][page], first["after_import_seconds"][page]
        print(f"  {page:14} {start:12.3f} {after:13.3f}")
    for line in first["warm_starts"]:
        print(f"  {line.strip()}")
    print(flush=True)


def _report_load(load: dict, scales: list[float]) -> None:
    def s(value) -> str:
        return f"{value:7.2f}" if value is not None else f"{'-':>7}"

    print("\nload test (Locust readers on Streamlit's protocol; page time in seconds, CPU = app")
    print("processes' CPU seconds per page served, and per page run: the pages served and the")
    print("warm starts' runs after the imports):")
    print(
        f"  {'app processes':14} {'users':>5} {'pages':>6} {'errors':>6} {'p50':>7} {'p95':>7} "
        f"{'max':>7} {'CPU/page':>9} {'warm runs':>9} {'CPU/run':>8}  data"
    )

    def n(value, width: int, digits: int = 3) -> str:
        return f"{value:{width}.{digits}f}" if value is not None else f"{'-':>{width}}"

    def data(key: str) -> str:
        if key.startswith("1-scale-"):
            return f"scale {key.removeprefix('1-scale-')}, no imports"
        return f"scale {scales[0]:g}, an import every 10 s"

    for key, row in load.items():
        warm = row.get("warm_start_runs")
        print(
            f"  {row['app_processes']:<14} {row['users']:5d} {row['pages_served']:6d} "
            f"{row['errors']:6d} {s(row['page_seconds_p50'])} {s(row['page_seconds_p95'])} "
            f"{s(row['page_seconds_max'])} {n(row.get('server_cpu_seconds_per_page'), 9)} "
            f"{warm if warm is not None else '-':>9} {n(row.get('server_cpu_seconds_per_run'), 8)}"
            f"  {data(key)}"
        )
