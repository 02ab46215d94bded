"""The server as the README starts it (`make run`): the production settings are in force in
the running server, and the warm start fills the caches after the start and after an import,
so that the next reader's first page is served from them."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from nextwork.ingest.importer import import_export
from nextwork.web import pages, streamlit_client
from tests.tiny_export import AS_OF, build_db

ROOT = Path(__file__).resolve().parent.parent
PORT = 8627


class Server:
    """`make run` in its own process group, its output in a file."""

    def __init__(self, db_path: Path, log: Path):
        self.log = log
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "run", f"PORT={PORT}", f"DB={db_path}"],
            cwd=ROOT,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.base = f"http://127.0.0.1:{PORT}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, pattern: str, count: int = 1, timeout: float = 90) -> list[str]:
        """The lines matching `pattern` once there are `count` of them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.findall(pattern, self.output())
            if len(found) >= count:
                return found
            if self.process.poll() is not None:
                break
            time.sleep(0.3)
        raise AssertionError(f"no {count} x {pattern!r} in the server's output:\n{self.output()}")

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def _misses(base: str) -> dict[str, int]:
    """Cache misses so far per cached function, from the server's metrics."""
    import urllib.request

    with urllib.request.urlopen(f"{base}/_stcore/metrics", timeout=10) as response:
        text = response.read().decode()
    pattern = r'cache_lookups_total\{cache="([^"]+)",cache_type="[^"]+",result="miss"\} (\d+)'
    return {name: int(n) for name, n in re.findall(pattern, text)}


@pytest.fixture
def server(tmp_path):
    database = build_db(tmp_path, demo=True)
    running = Server(database, tmp_path / "server.log")
    yield running, database
    running.stop()


def test_make_run_serves_with_the_production_settings_and_a_warm_cache(server, tmp_path):
    running, database = server
    line = running.wait_for(r"settings in force: .*")[0]
    assert "runner.postScriptGC=False" in line
    assert "server.fileWatcherType=none" in line
    assert "server.runOnSave=False" in line
    assert "runner.fastReruns=True" in line
    running.wait_for(rf"warm start: {len(pages.PAGES)} pages of tiny\.duckdb")
    assert "warm start failed" not in running.output()

    # An import swaps a new file in: the server warms the caches for it by itself.
    result = import_export(database, tmp_path / "export", key_file=tmp_path / "k.key", today=AS_OF)
    assert result.ok
    running.wait_for(rf"warm start: {len(pages.PAGES)} pages of tiny\.duckdb", count=2)
    before = _misses(running.base)
    assert (
        before.get("nextwork.web.data._run", 0) > 0 and before.get("nextwork.web.data._kpis", 0) > 0
    )

    # The next reader opens the overview and clicks to the young people: all from the cache.
    with streamlit_client.Session(running.base) as session:
        first = session.run("", page_name="")
        second = session.run(session.query_string, page_name="unge")
    assert (first.path, second.path) == ("overblik", "unge")
    assert first.errors == [] and second.errors == []
    assert first.elements > 10
    assert _misses(running.base) == before
