"""`make serve`: app processes behind nginx with sticky sessions and websockets, started
and stopped by the project's own script."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from nextwork.ops import serve
from nextwork.web import streamlit_client
from tests.tiny_export import build_db

ROOT = Path(__file__).resolve().parent.parent
PROXY_PORT = 8620
APP_PORTS = (8621, 8622)


def _open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _upstreams(log: Path) -> dict[str, set[str]]:
    """Route cookie -> the app processes nginx sent its requests to."""
    found: dict[str, set[str]] = {}
    for upstream, route in re.findall(r"upstream=(\S+) route=(\S+)", log.read_text()):
        found.setdefault(route, set()).add(upstream)
    return found


def test_make_serve_spreads_readers_keeps_each_on_one_process_and_stops(tmp_path):
    serve.nginx_binary()  # a clear message when nginx is missing
    assert not any(_open(p) for p in (PROXY_PORT, *APP_PORTS)), "the test's ports are taken"
    database = build_db(tmp_path, demo=True)
    work = tmp_path / "serve"
    out = tmp_path / "serve.out"
    make = subprocess.Popen(
        ["make", "--no-print-directory", "serve", "N=2", f"PORT={PROXY_PORT}"]
        + [f"DB={database}", f"SERVE_DIR={work}"],
        cwd=ROOT,
        stdout=out.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while "behind nginx" not in out.read_text() and time.monotonic() < deadline:
            assert make.poll() is None, out.read_text()
            time.sleep(0.3)
        assert "2 app process(es) on ports 8621, 8622 behind nginx" in out.read_text()
        base = f"http://127.0.0.1:{PROXY_PORT}"

        # A reader opens a link and clicks on, through the proxy, on one websocket.
        reader = streamlit_client.Browser(base)
        assert reader.open_link(f"{base}/unge?municipality=Vejle") == []
        with reader.session() as session:
            first = session.run("municipality=Vejle", page_name="unge")
            praktik = next(h for h, path in session.pages.items() if path == "praktik")
            second = session.run(session.query_string, page_hash=praktik)
        assert (first.path, second.path) == ("unge", "praktik")
        assert first.errors == [] and second.errors == []
        assert "municipality=Vejle" in session.query_string
        route = next(c.value for c in reader.cookies if c.name == serve.COOKIE)

        # More readers: each gets a route of its own.
        for _ in range(15):
            other = streamlit_client.Browser(base)
            assert other.open_link(f"{base}/") == []
        log = work / "nginx-access.log"
        routes = _upstreams(log)
        # Every request of the first reader, the websocket among them, went to one process.
        lines = [line for line in log.read_text().splitlines() if f"route={route}" in line]
        assert any('"GET /_stcore/stream' in line and " 101 " in line for line in lines)
        assert len(routes[route]) == 1
        assert all(len(upstreams) == 1 for upstreams in routes.values())
        # The readers are spread over both processes (16 random routes).
        used = set().union(*routes.values())
        assert used == {f"127.0.0.1:{p}" for p in APP_PORTS}
    finally:
        pid_file = work / "serve.pid"
        if pid_file.exists():
            os.kill(int(pid_file.read_text()), signal.SIGTERM)
        try:
            code = make.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(make.pid, signal.SIGKILL)
            raise
    assert code == 0, out.read_text()
    assert "serve: stopped" in out.read_text()
    assert not pid_file.exists()
    assert not any(_open(p) for p in (PROXY_PORT, *APP_PORTS))
    assert not (work / "nginx.pid").exists()  # nginx removes it when it has stopped


@pytest.mark.parametrize("processes", [1, 3])
def test_the_nginx_configuration_is_valid(tmp_path, processes):
    ports = [9001 + i for i in range(processes)]
    config = serve.write_config(tmp_path, "127.0.0.1", 9000, ports)
    text = config.read_text()
    for port in ports:
        assert f"server 127.0.0.1:{port};" in text
    checked = subprocess.run(
        [serve.nginx_binary(), "-t", "-c", str(config)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
