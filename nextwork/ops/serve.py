"""Several app processes on the one database file behind nginx (`make serve N=2`).

    python -m nextwork.ops.serve --processes 2 --port 8501 [--address 127.0.0.1] [--db FILE]

Starts N app processes (`nextwork.web.appserver`: production settings, warm start) on
127.0.0.1 and the ports after `--port`, each reading the same `NEXTWORK_DB`; writes an nginx
configuration into the work folder (`serve-out/` by default) and runs nginx in the
foreground on `--address:--port` in front of them, until it gets Ctrl-C or SIGTERM, when it
stops nginx and the app processes and exits.

Streamlit keeps each browser tab's session in the process that served it, over a
websocket, so every request of a tab must reach the same process. nginx (the free version)
has no cookie stickiness of its own, so the configuration makes it: a browser without the
`nextwork_route` cookie gets one with a random value on its first response, and the
upstream is chosen by a consistent hash of that value. All tabs of one browser go to one
process; different browsers spread over all of them (even from one address, which
`ip_hash` would send to a single process). Every line of `nginx-access.log` names the
process (`upstream=`) and the route.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from nextwork.config import ROOT
from nextwork.ingest import db
from nextwork.metrics import fair

COOKIE = "nextwork_route"

CONFIG = """\
# Written by nextwork/ops/serve.py; remade on every start.
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{
    worker_connections 4096;
}}
http {{
    log_format route '$remote_addr [$time_local] "$request" $status '
                     'upstream=$upstream_addr route=$route_key';
    access_log {work}/nginx-access.log route;
    client_body_temp_path {work}/tmp/body;
    proxy_temp_path {work}/tmp/proxy;
    fastcgi_temp_path {work}/tmp/fastcgi;
    uwsgi_temp_path {work}/tmp/uwsgi;
    scgi_temp_path {work}/tmp/scgi;
    # Exports uploaded on the Data page (the app applies the same limit).
    client_max_body_size {upload_mb}m;

    # Streamlit's websocket: pass the upgrade on.
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ''      close;
    }}
    # Sticky sessions: the route cookie's value, or a new random one on a first visit.
    map $cookie_{cookie} $route_key {{
        ''      $request_id;
        default $cookie_{cookie};
    }}
    map $cookie_{cookie} $route_cookie {{
        ''      "{cookie}=$request_id; Path=/; HttpOnly; SameSite=Lax";
        default "";
    }}
    upstream nextwork {{
        hash $route_key consistent;
{servers}
    }}
    server {{
        listen {address}:{port};
        location / {{
            proxy_pass http://nextwork;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 86400s;
            proxy_send_timeout 86400s;
            add_header Set-Cookie $route_cookie;
        }}
    }}
}}
"""


def _log(text: str) -> None:
    print(f"serve: {text}", flush=True)


def nginx_binary() -> str:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(found).exists():
        raise RuntimeError("nginx is missing: apt-get install -y nginx")
    return found


def write_config(work: Path, address: str, port: int, app_ports: list[int]) -> Path:
    """The nginx configuration for these ports, in `work`."""
    from nextwork.web import upload

    work.mkdir(parents=True, exist_ok=True)
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        folder = work / "tmp" / name
        folder.mkdir(parents=True, exist_ok=True)
        # nginx's workers may run as another user than its master (root's are www-data).
        folder.chmod(0o777)
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in app_ports)
    text = CONFIG.format(
        work=work.resolve(),
        address=address,
        port=port,
        servers=servers,
        cookie=COOKIE,
        upload_mb=upload.max_mb(),
    )
    path = work / "nginx.conf"
    path.write_text(text, encoding="utf-8")
    return path


def _healthy(url: str, deadline: float, process: subprocess.Popen) -> bool:
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


def _stop(processes: list[subprocess.Popen], sig: int = signal.SIGTERM) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(sig)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


class _Stop(Exception):
    pass


def _raise_stop(signum, frame) -> None:
    raise _Stop()


def serve(processes: int, port: int, address: str, database: Path, work: Path) -> int:
    """Run the app processes and nginx until stopped; the exit code."""
    if not 1 <= processes <= 32:
        raise ValueError("processes must be 1 to 32")
    nginx = nginx_binary()
    app_ports = [port + 1 + i for i in range(processes)]
    config = write_config(work, address, port, app_ports)
    test = subprocess.run([nginx, "-t", "-q", "-c", str(config.resolve())], capture_output=True)
    if test.returncode != 0:
        raise RuntimeError("the nginx configuration is not valid: " + test.stderr.decode())
    (work / "serve.pid").write_text(f"{os.getpid()}\n")
    signal.signal(signal.SIGTERM, _raise_stop)
    signal.signal(signal.SIGINT, _raise_stop)
    apps: list[subprocess.Popen] = []
    proxy: subprocess.Popen | None = None
    try:
        env = {**os.environ, "NEXTWORK_DB": str(database)}
        for app_port in app_ports:
            log = (work / f"app-{app_port}.log").open("wb")
            apps.append(
                subprocess.Popen(
                    [sys.executable, "-m", "nextwork.web.appserver"]
                    + ["--server.address", "127.0.0.1", "--server.port", str(app_port)],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        deadline = time.monotonic() + 90
        for app, app_port in zip(apps, app_ports, strict=True):
            if not _healthy(f"http://127.0.0.1:{app_port}", deadline, app):
                raise RuntimeError(f"the app process on port {app_port} did not start; see {work}")
        proxy = subprocess.Popen(
            [nginx, "-c", str(config.resolve()), "-g", "daemon off;"],
            stdout=(work / "nginx.out").open("wb"),
            stderr=subprocess.STDOUT,
        )
        if not _healthy(f"http://{_local(address)}:{port}", time.monotonic() + 30, proxy):
            raise RuntimeError(f"nginx did not start; see {work}/nginx-error.log")
        _log(
            f"{processes} app process(es) on ports {', '.join(map(str, app_ports))} behind "
            f"nginx on http://{address}:{port} (database {database}); Ctrl-C stops them"
        )
        while True:
            for app, app_port in zip(apps, app_ports, strict=True):
                if app.poll() is not None:
                    raise RuntimeError(f"the app process on port {app_port} stopped")
            if proxy.poll() is not None:
                raise RuntimeError("nginx stopped")
            time.sleep(1)
    except _Stop:
        code = 0
    except RuntimeError as e:
        print(f"serve: error: {e}", file=sys.stderr, flush=True)
        code = 1
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if proxy is not None:
            _stop([proxy], signal.SIGQUIT)  # nginx's graceful stop
        _stop(apps)
        (work / "serve.pid").unlink(missing_ok=True)
        _log("stopped")
    return code


def _local(address: str) -> str:
    return "127.0.0.1" if address in ("0.0.0.0", "") else address


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m nextwork.ops.serve",
        description="Run N app processes on one database file behind nginx, with sticky "
        "sessions and websockets, until Ctrl-C.",
    )
    parser.add_argument("--processes", "-n", type=int, default=2, help="app processes (2)")
    parser.add_argument(
        "--port",
        type=int,
        default=8501,
        help="nginx's port (8501); the app processes take the ports after it",
    )
    parser.add_argument("--address", default="127.0.0.1", help="nginx's address (127.0.0.1)")
    parser.add_argument("--db", type=Path, default=None, help="the database (NEXTWORK_DB)")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path("serve-out"),
        help="nginx's configuration, logs and the app logs (serve-out/)",
    )
    args = parser.parse_args(argv)
    database = (args.db or db.default_db_path()).resolve()
    try:
        fair.check_settings()  # a wrong setting stops the start, not a page later
        return serve(args.processes, args.port, args.address, database, args.workdir)
    except (RuntimeError, ValueError) as e:
        print(f"serve: error: {e}", file=sys.stderr, flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
