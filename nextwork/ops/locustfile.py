"""The load test's users for Locust (`make load`, `python -m nextwork load`).

    locust -f nextwork/ops/locustfile.py --headless -u 21 -r 2 -t 60s --host http://127.0.0.1:8501 \
        --import-db data/nextwork.duckdb --import-export data/demo --import-every 10

`Reader` is one person with a browser: they open a link with random filters (the page and
the front end's first requests over HTTP, then a session on Streamlit's websocket), read the
page for 3 to 10 seconds, click through a few pages of the menu (the filters go along) and
open another link. Each page is one request in Locust's statistics: type `link` or `click`,
named by the page's path, its time from the request until the page's run has finished, and
a failure when the page shows an exception box (or fails, or times out). They speak the
protocol as Streamlit's front end does (`nextwork.web.streamlit_client`), so all the work they
cause is the app server's.

`Importer` (one of them) imports the export into the database every `--import-every`
seconds with `python -m nextwork import`, as a data administrator would while people read:
type `import` in the statistics.

At the end the figures for the pages alone (all `link` and `click` requests) and for the
imports go to `--summary-json` when given.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import subprocess
import sys
import time
import urllib.parse

from locust import User, between, events, task
from locust.stats import StatsEntry

from nextwork.config import ROOT
from nextwork.web import pages, streamlit_client

PAGES = tuple(pages.PAGES.values())
MUNICIPALITIES = ("Roskilde", "København", "Sønderborg", "Vejle", "Horsens")
TARGET_GROUPS = ("activity_ready", "education_ready", "job_ready", "other", "unknown")
GENDERS = ("female", "male", "other", "unknown")
AGE_BANDS = ("under 18", "18-24", "25-29", "30+", "unknown")
READING = (3.0, 10.0)  # seconds a reader looks at a page before the next click
PAGE_KINDS = ("link", "click")


@events.init_command_line_parser.add_listener
def _options(parser) -> None:
    parser.add_argument("--import-db", default="", help="the database the Importer imports into")
    parser.add_argument("--import-export", default="", help="the export folder it imports")
    parser.add_argument("--import-every", type=float, default=10.0, help="seconds between")
    parser.add_argument("--summary-json", default="", help="where the summary goes")
    parser.add_argument("--seed", type=int, default=1, help="the readers' random seed")


def random_link(base: str, rng: random.Random) -> str:
    """A page with random filters, as a link someone shares would have them."""
    query = {}
    if rng.random() < 0.8:
        end = dt.date(2025, 12, 31) - dt.timedelta(days=rng.randrange(0, 900))
        start = end - dt.timedelta(days=rng.choice([30, 91, 182, 364, 729]))
        query["start"], query["end"] = start.isoformat(), end.isoformat()
    for key, values, chance in (
        ("municipality", MUNICIPALITIES, 0.6),
        ("target_group", TARGET_GROUPS, 0.3),
        ("gender", GENDERS, 0.3),
        ("age_band", AGE_BANDS, 0.3),
    ):
        if rng.random() < chance:
            query[key] = ",".join(rng.sample(values, rng.randint(1, 2)))
    if rng.random() < 0.2:
        query["lang"] = "en"
    encoded = urllib.parse.urlencode(query)
    return f"{base}/{rng.choice(PAGES)}" + (f"?{encoded}" if encoded else "")


class Reader(User):
    wait_time = between(*READING)
    _count = 0

    def on_start(self) -> None:
        Reader._count += 1
        self.rng = random.Random(self.environment.parsed_options.seed * 1000 + Reader._count)

    def _record(self, kind: str, path: str, seconds: float, elements: int, errors: list[str]):
        self.environment.events.request.fire(
            request_type=kind,
            name=f"/{path}",
            response_time=seconds * 1000,
            response_length=elements,
            exception=RuntimeError("; ".join(errors)[:500]) if errors else None,
            context={},
        )

    @task
    def read(self) -> None:
        """Open a link, then click through a few pages of the menu."""
        base = self.host.rstrip("/")
        link = random_link(base, self.rng)
        path, query = streamlit_client.split_link(link)
        browser = streamlit_client.Browser(base)
        started = time.monotonic()
        try:
            errors = browser.open_link(link)
            with browser.session() as session:
                run = session.run(query, page_name=path)
                seconds = time.monotonic() - started
                self._record("link", run.path, seconds, run.elements, errors + run.errors)
                for _ in range(self.rng.randint(2, 5)):
                    time.sleep(self.rng.uniform(*READING))
                    others = session.other_pages()
                    if not others:
                        break
                    run = session.run(session.query_string, page_hash=self.rng.choice(others))
                    self._record("click", run.path, run.seconds, run.elements, run.errors)
        except Exception as e:  # a failed page is a result, not a crash
            seconds = time.monotonic() - started
            self._record("link", path or "overblik", seconds, 0, [f"{type(e).__name__}: {e}"])


class Importer(User):
    """Imports the export again and again while the readers read."""

    fixed_count = 1

    def wait_time(self) -> float:
        return self.environment.parsed_options.import_every

    @task
    def import_again(self) -> None:
        options = self.environment.parsed_options
        if not options.import_db or not options.import_export:
            return
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "nextwork", "import", options.import_export]
            + ["--db", options.import_db],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        problem = None
        if done.returncode != 0:
            problem = RuntimeError(f"import exited with {done.returncode}: {done.stderr[-300:]}")
        self.environment.events.request.fire(
            request_type="import",
            name=options.import_export,
            response_time=(time.monotonic() - started) * 1000,
            response_length=0,
            exception=problem,
            context={},
        )


def _seconds(entry: StatsEntry, share: float) -> float | None:
    if not entry.num_requests:
        return None
    return entry.get_response_time_percentile(share) / 1000


@events.quitting.add_listener
def _summary(environment, **_) -> None:
    target = environment.parsed_options.summary_json
    if not target:
        return
    stats = environment.stats
    page_stats = StatsEntry(stats, "pages", "", use_response_times_cache=False)
    imports = StatsEntry(stats, "imports", "", use_response_times_cache=False)
    by_page: dict[str, dict] = {}
    for (name, kind), entry in stats.entries.items():
        if kind in PAGE_KINDS:
            page_stats.extend(entry)
            row = by_page.setdefault(name, {"pages": 0, "failures": 0})
            row["pages"] += entry.num_requests
            row["failures"] += entry.num_failures
        elif kind == "import":
            imports.extend(entry)
    summary = {
        "pages_served": page_stats.num_requests,
        "page_failures": page_stats.num_failures,
        "page_seconds_p50": _seconds(page_stats, 0.5),
        "page_seconds_p95": _seconds(page_stats, 0.95),
        "page_seconds_max": page_stats.max_response_time / 1000
        if page_stats.num_requests
        else None,
        "imports": imports.num_requests,
        "import_failures": imports.num_failures,
        "import_seconds_p50": _seconds(imports, 0.5),
        "by_page": by_page,
        "error_samples": [
            f"{error.method} {error.name}: {error.error} (x{error.occurrences})"
            for error in list(stats.errors.values())[:20]
        ],
        "seconds": time.time() - stats.total.start_time,
    }
    with open(target, "w", encoding="utf-8") as out:
        json.dump(summary, out, indent=2, ensure_ascii=False)
