"""The app server as `make run` and `make serve` start it: `streamlit run app.py` with a warm
start.

    python -m nextwork.web.appserver [streamlit run options, e.g. --server.port 8501]

Once the server answers, and again whenever the database file is replaced (an import from
the command line or from any app process's Data page), a thread in the server opens every
page's default view once, through the server's own websocket as a reader's browser would
(`nextwork.web.streamlit_client`). That fills the process's caches for the new file, so the
first reader of the morning, and the first after an import, does not wait for the queries.
The default view is the one a reader without filters in the link sees; with sign-in
configured, a warm-up session is not signed in and only warms what the sign-in page reads.

On start it checks the settings (`fair.check_settings`): a wrong one stops the server with a
message that names the file and the setting. It also prints the settings in force in the
running server (`settings in force: ...`), read from Streamlit's own configuration after it
has loaded `.streamlit/config.toml` and the command line, so that a log shows how the
server runs.
"""

from __future__ import annotations

import sys
import threading
import time

from nextwork import config
from nextwork.config import ROOT
from nextwork.ingest import db
from nextwork.web import pages, snapshots

# The settings a production server depends on (see .streamlit/config.toml).
SETTINGS = (
    "runner.postScriptGC",
    "runner.fastReruns",
    "server.fileWatcherType",
    "server.runOnSave",
    "server.headless",
    "browser.gatherUsageStats",
)
POLL_SECONDS = 2.0


def _log(text: str) -> None:
    print(f"nextwork: {text}", file=sys.stderr, flush=True)


def settings_in_force() -> dict:
    from streamlit import config

    return {name: config.get_option(name) for name in SETTINGS}


def warm(base: str, still_current=lambda: True) -> tuple[int, list[str]]:
    """Open every page's default view once, in one session, while `still_current()` (a
    newer file makes the rest of this round useless); the pages run and their errors."""
    from nextwork.web import streamlit_client

    errors: list[str] = []
    done = 0
    with streamlit_client.Session(base) as session:
        for name, path in pages.PAGES.items():
            if not still_current():
                break
            run = session.run(session.query_string, page_name=path)
            done += 1
            errors += run.errors
            if run.path != name:
                errors.append(f"asked for {name}, got {run.path}")
    return done, errors


def _base_url() -> str:
    from streamlit import config

    address = config.get_option("server.address") or "127.0.0.1"
    if address in ("0.0.0.0", "::"):
        address = "127.0.0.1"
    base_path = (config.get_option("server.baseUrlPath") or "").strip("/")
    port = config.get_option("server.port")
    return f"http://{address}:{port}" + (f"/{base_path}" if base_path else "")


def _wait_for_server() -> str:
    from streamlit import runtime

    from nextwork.web import streamlit_client

    while not runtime.exists():
        time.sleep(0.2)
    base = _base_url()
    while True:
        try:
            if streamlit_client.get(f"{base}/_stcore/health", timeout=5) == 200:
                return base
        except OSError:
            pass
        time.sleep(0.3)


def _warm_loop() -> None:
    base = _wait_for_server()
    settings = settings_in_force()
    _log("settings in force: " + ", ".join(f"{k}={v}" for k, v in settings.items()))
    path = db.default_db_path()
    warmed = None
    while True:
        version = snapshots.identity(path)
        if version != warmed and version != (0, 0):
            started = time.monotonic()
            try:
                count, errors = warm(base, lambda v=version: snapshots.identity(path) == v)
            except Exception as e:  # a failed warm-up costs speed, never the server
                _log(f"warm start failed: {type(e).__name__}: {e}")
            else:
                seconds = time.monotonic() - started
                _log(f"warm start: {count} pages of {path.name} in {seconds:.1f} s")
                for error in errors[:5]:
                    _log(f"warm start: {error}")
            warmed = version
        time.sleep(POLL_SECONDS)


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    from nextwork.metrics import fair

    try:
        fair.check_settings()  # a wrong setting stops the start, not a page later
        config.query_threads()
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr, flush=True)
        sys.exit(2)
    threading.Thread(target=_warm_loop, name="nextwork-warm", daemon=True).start()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *args]
    cli.main()


if __name__ == "__main__":
    main()
