"""The load test (`make load`, `python -m nextwork load`): Locust's readers browse every page
with random filters while the demo export is imported again every few seconds.

The readers and the importer are Locust users (`nextwork/ops/locustfile.py`); Locust runs them
headless, keeps the statistics (p50, p95, its CSV files) and can spread the readers over
worker processes or machines when one cannot make the load. This module starts what is to
be tested, runs Locust against it, and reports:

- with no `url`, it starts the app itself against its own demo database in `bench-out/load/`
  (built when missing): one app process as `make run` starts it, or with `processes` N the
  app processes behind nginx as `make serve` starts them; and it reports the app processes'
  CPU time per page served;
- with `url`, it tests a running `make run` or `make serve`, importing into `db` (the one
  that server reads) the export `export`.

Without `url` but with `db` and `export`, the app it starts reads that database (the
benchmark's) and the imports load that export.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from nextwork.config import ROOT

MAX_USERS, MAX_SECONDS = 200, 3600
LOCUSTFILE = ROOT / "nextwork" / "ops" / "locustfile.py"


def _free_port(count: int = 1) -> int:
    """A port that is free, with the `count - 1` ports after it free too."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port + count < 65536 and all(_port_free(port + i) for i in range(1, count)):
            return port
    raise RuntimeError("no free ports")


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def demo_database(workdir: Path) -> tuple[Path, Path]:
    """The demo export and its database in `workdir`, made when missing."""
    from nextwork.ingest.demo import write_demo
    from nextwork.ingest.importer import import_export, is_signed_demo

    workdir.mkdir(parents=True, exist_ok=True)
    export, database = workdir / "demo", workdir / "load.duckdb"
    if not is_signed_demo(export):
        write_demo(export, seed=1)  # signed as demo data by the generator
    if not database.exists():
        result = import_export(database, export, key_file=workdir / "pseudonym.key")
        if not result.ok:
            raise RuntimeError("the demo export did not load: " + "; ".join(result.report()))
        from nextwork.ingest import trial
        from nextwork.ingest.demo.trial import write_demo_trial

        if not trial.load(database, write_demo_trial(export)).ok:
            raise RuntimeError("the demo trial results did not load")
    return export, database


def _wait_healthy(url: str, process: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    process.kill()
    process.wait(timeout=10)
    raise RuntimeError(f"the app did not start:\n{log.read_text(errors='replace')[-3000:]}")


def start_app(
    log: Path, env: dict | None = None, script: str = "app.py", first: bool = False
) -> tuple[subprocess.Popen, str]:
    """`streamlit run script` on 127.0.0.1 and a free port with these environment
    variables, its output in `log` (a file: a pipe nobody reads would stop the server once
    it is full); the process and its URL once it answers. (`first` is kept for callers;
    the server runs at the normal priority.)"""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script]
        + ["--server.address", "127.0.0.1", "--server.port", str(port)]
        + ["--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    _wait_healthy(url, process, log, 60)
    return process, url


def _cpu_seconds(pid: int) -> float | None:
    """The CPU time the process has used so far (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _wait_for_line(log: Path, text: str, count: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if log.exists() and log.read_text(errors="replace").count(text) >= count:
            return True
        time.sleep(0.5)
    return False


_WARM_START = re.compile(r"warm start: (\d+) pages of ")


class _Servers:
    """The app as `make run` (one process) or `make serve` (N behind nginx) starts it, or,
    with `profile`, one process under py-spy recording a flame graph."""

    def __init__(self, workdir: Path, database: Path, processes: int, profile: Path | None):
        self.workdir = workdir
        env = {**os.environ, "NEXTWORK_DB": str(database)}
        if processes == 1:
            port = _free_port()
            command = [sys.executable, "-m", "nextwork.web.appserver"]
            command += ["--server.address", "127.0.0.1", "--server.port", str(port)]
            if profile is not None:
                spy = Path(sys.executable).parent / "py-spy"
                command = [str(spy), "record", "--rate", "100", "-o", str(profile), "--"] + command
            self.log = workdir / "app.log"
        else:
            port = _free_port(processes + 1)
            command = [sys.executable, "-m", "nextwork.ops.serve", "--processes", str(processes)]
            command += ["--port", str(port), "--db", str(database)]
            command += ["--workdir", str(workdir / "serve")]
            self.log = workdir / "serve.log"
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log.open("wb"), stderr=subprocess.STDOUT
        )
        self.processes = processes
        _wait_healthy(self.url, self.process, self.log, 120)
        # Each app process computes every page's default view once after it starts.
        logs = [self.log] if processes == 1 else list((workdir / "serve").glob("app-*.log"))
        for log in logs:
            _wait_for_line(log, "warm start:", 1, 120)

    def warm_start_runs(self) -> int:
        """The page runs of the app processes' finished warm starts so far (from their logs'
        "warm start: N pages of ..." lines)."""
        logs = [self.log] if self.processes == 1 else (self.workdir / "serve").glob("app-*.log")
        return sum(
            int(m.group(1))
            for log in logs
            for m in _WARM_START.finditer(log.read_text(errors="replace") if log.exists() else "")
        )

    def app_pids(self) -> list[int]:
        """The app processes (under the serve script, or under py-spy)."""
        if self.processes == 1:
            name = Path(f"/proc/{self.process.pid}/comm").read_text().strip()
            return _children(self.process.pid) if name == "py-spy" else [self.process.pid]
        return [p for p in _children(self.process.pid) if _is_python(p)]

    def cpu_seconds(self) -> float:
        return sum(_cpu_seconds(pid) or 0.0 for pid in self.app_pids())

    def stop(self) -> None:
        pids = self.app_pids()
        if self.processes == 1 and pids != [self.process.pid]:
            # Under py-spy: stop the app, and py-spy writes the flame graph.
            for pid in pids:
                os.kill(pid, signal.SIGTERM)
        else:
            self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def _is_python(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/comm").read_text().startswith("python")
    except OSError:
        return False


def run_load(
    users: int = 20,
    seconds: float = 60.0,
    import_every: float = 10.0,
    workdir: Path = Path("bench-out/load"),
    url: str | None = None,
    processes: int = 1,
    db: Path | None = None,
    export: Path | None = None,
    profile: Path | None = None,
    seed: int = 1,
) -> dict:
    """Run the load test, print its figures and return them (also in workdir/load.json).
    `import_every` 0 leaves the imports out."""
    if not 1 <= users <= MAX_USERS:
        raise ValueError(f"users must be 1 to {MAX_USERS}")
    if not 5 <= seconds <= MAX_SECONDS:
        raise ValueError(f"seconds must be 5 to {MAX_SECONDS}")
    if import_every and import_every < 1:
        raise ValueError("imports can be at most one a second")
    if not 1 <= processes <= 16:
        raise ValueError("processes must be 1 to 16")
    if profile is not None and (url is not None or processes != 1):
        raise ValueError("a profile is recorded of one app process that the load test starts")
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    servers = None
    if url is None:
        if db is not None:
            if export is None and import_every:
                raise ValueError("with --db and no --url, give --export or --import-every 0")
            database = Path(db)
        else:
            export, database = demo_database(workdir)
        servers = _Servers(workdir, database, processes, profile)
        url = servers.url
    else:
        database = Path(db) if db else Path(os.environ.get("NEXTWORK_DB", "data/nextwork.duckdb"))
        export = Path(export) if export else ROOT / "data" / "demo"
    summary_path = workdir / "locust-summary.json"
    summary_path.unlink(missing_ok=True)
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"]
    command += ["--host", url, "-t", f"{seconds:g}s", "--stop-timeout", "5"]
    # Readers arrive over the first third of the run (at most 20 s), as a room fills.
    ramp = max(1.0, users / min(20.0, seconds / 3))
    importing = bool(import_every)
    command += ["-u", str(users + (1 if importing else 0)), "-r", f"{ramp:g}"]
    command += ["--csv", str(workdir / "locust"), "--only-summary", "--loglevel", "WARNING"]
    command += ["--summary-json", str(summary_path), "--seed", str(seed)]
    if importing:
        command += ["--import-db", str(Path(database).resolve()), "--import-export"]
        command += [str(Path(export).resolve()), "--import-every", f"{import_every:g}"]
        command += ["Importer", "Reader"]
    else:
        command += ["Reader"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    began = time.monotonic()
    cpu_before = servers.cpu_seconds() if servers else None
    warm_before = servers.warm_start_runs() if servers else None
    try:
        with (workdir / "locust.log").open("wb") as log:
            subprocess.run(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        cpu = servers.cpu_seconds() - cpu_before if servers else None
        warm_runs = servers.warm_start_runs() - warm_before if servers else None
    finally:
        if servers is not None:
            servers.stop()
    elapsed = time.monotonic() - began
    if not summary_path.exists():
        tail = (workdir / "locust.log").read_text(errors="replace")[-3000:]
        raise RuntimeError(f"Locust wrote no summary:\n{tail}")
    summary = json.loads(summary_path.read_text())
    pages = summary["pages_served"]
    out = {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "url": url if servers is None else None,
        "users": users,
        "app_processes": processes if servers is not None else None,
        "seconds": round(elapsed, 1),
        "import_every_seconds": import_every,
        "load_average": os.getloadavg(),
        "cores": os.cpu_count(),
        **summary,
        "errors": summary["page_failures"] + summary["import_failures"],
        "server_cpu_seconds": round(cpu, 1) if cpu is not None else None,
        "server_cpu_seconds_per_page": round(cpu / pages, 3) if cpu is not None and pages else None,
        # the warm start's page runs after each import, which the CPU above includes
        "warm_start_runs": warm_runs,
        "server_cpu_seconds_per_run": round(cpu / (pages + warm_runs), 3)
        if cpu is not None and pages
        else None,
        "profile": str(profile) if profile else None,
    }
    (workdir / "load.json").write_text(json.dumps(out, indent=2, ensure_ascii=False))
    _print(out)
    return out


def _print(out: dict) -> None:
    def s(value) -> str:
        return "-" if value is None else f"{value:.2f} s"

    where = out["url"] or f"{out['app_processes']} app process(es)"
    imports = (
        f", an import every {out['import_every_seconds']:g} s"
        if out["import_every_seconds"]
        else ""
    )
    print(
        f"{out['users']} readers (Locust, Streamlit's protocol) on {where} for "
        f"{out['seconds']:.0f} s{imports}; {out['cores']} cores, load average "
        f"{out['load_average'][0]:.1f}"
    )
    print(f"pages served      {out['pages_served']}")
    print(f"imports           {out['imports']} (p50 {s(out['import_seconds_p50'])})")
    print(f"errors            {out['errors']}")
    for sample in out["error_samples"]:
        print(f"  {sample}")
    print(
        f"page time         p50 {s(out['page_seconds_p50'])}, p95 {s(out['page_seconds_p95'])}, "
        f"max {s(out['page_seconds_max'])}"
    )
    if out["server_cpu_seconds"] is not None:
        print(
            f"app server CPU    {out['server_cpu_seconds']} s, "
            f"{out['server_cpu_seconds_per_page']} s per page served; "
            f"{out['server_cpu_seconds_per_run']} s per page run ({out['pages_served']} pages "
            f"served and {out['warm_start_runs']} runs of the warm starts)"
        )
    if out["profile"]:
        print(f"flame graph       {out['profile']}")
