"""The load test (`make load`, `python -m nextwork load`): simulated users browse every page
with random filters in the URL while the demo export is imported again every few seconds.

It starts the app on 127.0.0.1 (a free port) against its own demo database in
`bench-out/load/` (built when missing) and stops by itself after the given time. Users
arrive one by one; each opens a link with random filters, clicks through a few pages of the
menu (the filters go along), reading each page for a few seconds, and opens another link.

The users speak Streamlit's own protocol by default, as its front end does: opening a link
fetches the page and the front end's first requests over HTTP and opens a session on a
websocket; each page is a `rerun_script` message answered by the page's elements until
`script_finished`, and the page time is the time until then. That puts the load on the app
server alone, as real users do, whose browsers run on their own machines. With
`client="browser"` the users are browser contexts of one Chromium (Playwright) instead,
which also catches errors in the front end, but on a small machine the browsers take most
of the CPU themselves. It reports the pages served, the requests the app answered, the
errors (exception boxes, pages that failed or timed out, HTTP errors, and in the browser
page and console errors; there must be none), the page times, how fast the server answers
a plain request meanwhile, and where the CPU time went. Only loopback traffic.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from nextwork import pages, store
from nextwork.db import ROOT

# The app's pages by URL path; browser users take them from the menu.
PAGES = tuple(pages.PAGES.values())
CLIENTS = ("protocol", "browser")
MUNICIPALITIES = ("Roskilde", "København", "Sønderborg", "Vejle", "Horsens")
TARGET_GROUPS = ("activity_ready", "education_ready", "job_ready", "other", "unknown")
GENDERS = ("female", "male", "other", "unknown")
AGE_BANDS = ("under 18", "18-24", "25-29", "30+", "unknown")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
MAX_USERS, MAX_SECONDS = 100, 1800
PAGE_TIMEOUT = 180.0  # seconds one page may take before it counts as failed
READING = (3.0, 10.0)  # seconds a user looks at a page before the next click


@dataclass
class Figures:
    pages: int = 0
    requests: int = 0
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    page_seconds: dict[str, list[float]] = field(default_factory=dict)
    kind_seconds: dict[str, list[float]] = field(default_factory=dict)
    imports: int = 0
    import_seconds: list[float] = field(default_factory=list)
    health_seconds: list[float] = field(default_factory=list)
    health_unanswered: int = 0
    browser_cpu: float | None = None

    def error(self, text: str) -> None:
        self.errors += 1
        if len(self.error_samples) < 20:
            self.error_samples.append(text[:300])


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _demo(workdir: Path) -> tuple[Path, Path]:
    """The demo export and its database in `workdir`, made when missing."""
    from nextwork.demo import write_demo
    from nextwork.importer import import_export, is_signed_demo

    export, database = workdir / "demo", workdir / "load.duckdb"
    if not is_signed_demo(export):
        write_demo(export, seed=1)  # signed as demo data by the generator
    if not database.exists():
        result = import_export(database, export, key_file=workdir / "pseudonym.key")
        if not result.ok:
            raise RuntimeError("the demo export did not load: " + "; ".join(result.report()))
    return export, database


def _before_the_browsers() -> None:
    """Give the app server a higher CPU priority than the simulated browsers, as if they
    ran on the users' own machines (Chromium raises its own main processes to nice -8 when
    it may). Where that is not permitted, the server keeps the normal priority."""
    try:
        os.setpriority(os.PRIO_PROCESS, 0, -10)
    except OSError:
        pass


def start_app(
    log: Path, env: dict | None = None, script: str = "app.py", first: bool = False
) -> tuple[subprocess.Popen, str]:
    """`streamlit run script` on 127.0.0.1 and a free port with these environment
    variables, its output in `log` (a file: a pipe nobody reads would stop the server once
    it is full); the process and its URL once it answers. With `first`, the server gets
    a higher CPU priority than this process's other children where that is permitted."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script]
        + ["--server.address", "127.0.0.1", "--server.port", str(port)]
        + ["--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        preexec_fn=_before_the_browsers if first else None,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.5)
    process.kill()
    process.wait(timeout=10)
    raise RuntimeError(f"the app did not start:\n{log.read_text(errors='replace')[-3000:]}")


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _cpu_seconds(pid: int) -> float | None:
    """The CPU time the process has used so far (Linux)."""
    fields = _stat(pid)
    if fields is None:
        return None
    return round((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), 1)


def _browsers_cpu(exclude: set[int]) -> dict[int, float]:
    """The CPU time so far of each of this process's child processes (Playwright's driver
    and Chromium's), the app server's `exclude` and the health probe aside."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) is not None:
            parents[int(entry.name)] = int(fields[1])
    found, todo = set(), [os.getpid()]
    while todo:
        pid = todo.pop()
        children = [c for c, parent in parents.items() if parent == pid and c not in exclude]
        found.update(children)
        todo.extend(children)
    seconds = {pid: _cpu_seconds(pid) for pid in found if not _is_python(pid)}
    return {pid: value for pid, value in seconds.items() if value is not None}


def _is_python(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/comm").read_text().startswith("python")
    except OSError:
        return True


async def _sample_browsers(exclude: set[int], seen: dict[int, float]) -> None:
    """Keep each browser process's latest CPU time: a closed tab's process is gone at the
    end, and its time with it."""
    while True:
        seen.update(_browsers_cpu(exclude))
        await asyncio.sleep(2)


def _random_url(base: str, rng: random.Random, pages: list[str]) -> str:
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
    path = rng.choice(pages)
    encoded = urllib.parse.urlencode(query)
    return f"{base}/{path}" + (f"?{encoded}" if encoded else "")


# After a click in the menu: true once the browser shows the new page's finished run (its
# URL, the script no longer running, the status widget gone, and a heading other than the
# old page's, or the same one for more than a second). A slow browser may never render the
# "running" state in between, so the new page's content is what tells.
_ARRIVED = """([path, before]) => {
    const app = document.querySelector('[data-testid="stApp"]');
    const heading = document.querySelector('[data-testid="stHeading"], h1');
    const done = location.pathname === path
        && app && app.getAttribute('data-test-script-state') === 'notRunning'
        && !document.querySelector('[data-testid="stStatusWidget"]') && heading;
    if (!done) { window.__arrivedAt = null; return false; }
    window.__arrivedAt = window.__arrivedAt || performance.now();
    return heading.innerText !== before || performance.now() - window.__arrivedAt > 1000;
}"""
_HEADING = """() => document.querySelector('[data-testid="stHeading"], h1')?.innerText ?? ''"""
# The sidebar's page links: each one's URL, or null when it is folded away.
_VISIBLE_LINKS = "els => els.map(e => (e.offsetParent === null ? null : e.href))"
_FINISHED = (
    '[data-testid="stApp"][data-test-script-state="notRunning"] :is([data-testid="stHeading"], h1)'
)


async def _settled(page, started: float) -> None:
    """Wait until the page's run has finished and the status widget has gone."""
    loop = asyncio.get_running_loop()
    status = page.locator('[data-testid="stStatusWidget"]')
    while await status.count():
        if loop.time() - started > PAGE_TIMEOUT:
            raise TimeoutError("the page was still running")
        await asyncio.sleep(0.05)


async def _user(browser, base, pages, number: int, times: tuple, figures: Figures, seed: int):
    """One user: arrives at `times[0]`, opens a link with random filters, then clicks
    through a few pages in the menu (the filters go along), and again, until `times[1]`."""
    rng = random.Random(seed * 1000 + number)
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    origin = base.split("/", 3)[:3]
    loop = asyncio.get_running_loop()
    timeout = PAGE_TIMEOUT * 1000

    def own(url: str) -> bool:
        return url.split("/", 3)[:3] == origin

    def console(message) -> None:
        source = message.location.get("url", "") if message.location else ""
        # Streamlit's front end first looks for its server below the page's own URL.
        probing = source.endswith(("/_stcore/health", "/_stcore/host-config"))
        if message.type == "error" and (not source or own(source)) and not probing:
            if "Failed to fetch" not in message.text:  # the map's basemap, offline
                figures.error(f"console error on {page.url}: {message.text}")

    def response(r) -> None:
        if own(r.url):
            figures.requests += 1

    async def check(kind: str, url: str, started: float) -> None:
        await _settled(page, started)
        seconds = loop.time() - started
        boxes = page.locator('[data-testid="stException"]')
        for i in range(await boxes.count()):
            figures.error(f"exception box on {url}: {await boxes.nth(i).inner_text()}")
        name = page.url.split("?")[0].removeprefix(base + "/") or "overblik"
        figures.page_seconds.setdefault(name, []).append(seconds)
        figures.kind_seconds.setdefault(kind, []).append(seconds)
        figures.pages += 1

    page.on("pageerror", lambda e: figures.error(f"page error on {page.url}: {e}"))
    page.on("console", console)
    page.on("response", response)
    try:
        start_at, stop_at = times
        await asyncio.sleep(max(0.0, start_at - loop.time()))
        while loop.time() < stop_at:
            url = _random_url(base, rng, pages)
            started = loop.time()
            try:
                answer = await page.goto(url, timeout=timeout, wait_until="commit")
                if answer is None or answer.status >= 400:
                    figures.error(f"navigation to {url}: HTTP {answer and answer.status}")
                    continue
                await page.wait_for_selector(_FINISHED, timeout=timeout)
                await check("link", url, started)
                for _ in range(rng.randint(2, 5)):
                    await asyncio.sleep(rng.uniform(*READING))
                    if loop.time() >= stop_at:
                        break
                    links = page.locator('[data-testid="stSidebarNavLink"]')
                    shown = await links.evaluate_all(_VISIBLE_LINKS)
                    here = page.url.split("?")[0]
                    others = [i for i, h in enumerate(shown) if h and h.split("?")[0] != here]
                    if not others:
                        break  # a page without the menu (the presentation mode)
                    choice = rng.choice(others)
                    path = urllib.parse.urlsplit(shown[choice]).path
                    before = await page.evaluate(_HEADING)
                    started = loop.time()
                    await links.nth(choice).click(timeout=timeout)
                    await page.wait_for_function(
                        _ARRIVED, arg=[path, before], timeout=timeout, polling=100
                    )
                    await check("click", page.url, started)
            except Exception as e:  # a failed navigation is a result, not a crash
                figures.error(f"navigation to {url} failed: {type(e).__name__}: {e}")
            await asyncio.sleep(rng.uniform(*READING))
    finally:
        await context.close()


# --- users speaking Streamlit's own protocol --------------------------------------------


class _Session:
    """One browser tab's session as Streamlit's front end holds it: a websocket on which
    each run of a page is asked for (a `rerun_script` message) and answered with the
    page's elements until `script_finished`."""

    def __init__(self, socket, figures: Figures):
        self.socket = socket
        self.figures = figures
        self.pages: dict[str, str] = {}  # page script hash -> URL path ("" = overview)
        self.page_hash = ""
        self.query_string = ""

    async def run(self, query_string: str, page_name: str = "", page_hash: str = "") -> str:
        """Ask for a run of the page and read everything it sends; the page's path."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        message = BackMsg()
        message.rerun_script.query_string = query_string
        message.rerun_script.page_name = page_name
        message.rerun_script.page_script_hash = page_hash
        message.rerun_script.context_info.timezone = "Europe/Copenhagen"
        message.rerun_script.context_info.locale = "da-DK"
        await self.socket.send(message.SerializeToString())
        self.figures.requests += 1
        deadline = asyncio.get_running_loop().time() + PAGE_TIMEOUT
        while True:
            left = deadline - asyncio.get_running_loop().time()
            data = await asyncio.wait_for(self.socket.recv(), timeout=max(left, 0.001))
            answer = ForwardMsg()
            answer.ParseFromString(data)
            kind = answer.WhichOneof("type")
            if kind == "navigation":
                self.pages = {
                    p.page_script_hash: p.url_pathname for p in answer.navigation.app_pages
                }
                self.page_hash = answer.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = answer.page_info_changed.query_string
            elif kind == "delta" and answer.delta.WhichOneof("type") == "new_element":
                element = answer.delta.new_element
                if element.WhichOneof("type") == "exception":
                    shown = f"{element.exception.type}: {element.exception.message}"
                    self.figures.error(f"exception box on /{self.path}: {shown}")
            elif kind == "session_event" and answer.session_event.HasField(
                "script_compilation_exception"
            ):
                self.figures.error("the app did not compile")
            elif kind == "page_not_found":
                self.figures.error(f"page not found: {page_name or page_hash}")
            elif kind == "script_finished":
                if answer.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    self.figures.error("the app did not compile")
                if answer.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    return self.path

    @property
    def path(self) -> str:
        return self.pages.get(self.page_hash, "") or "overblik"


def _get(url: str) -> int:
    """An HTTP GET as the browser makes it when a link is opened; its status."""
    try:
        with urllib.request.urlopen(url, timeout=PAGE_TIMEOUT) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as e:
        return e.code


async def _protocol_user(base, pages, number: int, times: tuple, figures: Figures, seed: int):
    """One user, as `_user` but without a browser: opening a link fetches the page and the
    front end's first requests over HTTP and starts a new session on a websocket; a click in
    the menu asks that session for a run of another page, with the filters it holds."""
    import websockets

    rng = random.Random(seed * 1000 + number)
    loop = asyncio.get_running_loop()
    socket_url = "ws" + base.removeprefix("http") + "/_stcore/stream"
    start_at, stop_at = times
    await asyncio.sleep(max(0.0, start_at - loop.time()))

    def served(kind: str, path: str, started: float) -> None:
        seconds = loop.time() - started
        figures.page_seconds.setdefault(path, []).append(seconds)
        figures.kind_seconds.setdefault(kind, []).append(seconds)
        figures.pages += 1

    while loop.time() < stop_at:
        url = _random_url(base, rng, pages)
        parts = urllib.parse.urlsplit(url)
        started = loop.time()
        try:
            for address in (url, f"{base}/_stcore/health", f"{base}/_stcore/host-config"):
                status = await asyncio.to_thread(_get, address)
                figures.requests += 1
                if status >= 400:
                    figures.error(f"GET {address}: HTTP {status}")
            async with websockets.connect(
                socket_url,
                subprotocols=["streamlit"],
                max_size=None,
                open_timeout=PAGE_TIMEOUT,
                ping_timeout=None,
            ) as socket:
                session = _Session(socket, figures)
                path = await session.run(parts.query, page_name=parts.path.strip("/"))
                served("link", path, started)
                for _ in range(rng.randint(2, 5)):
                    await asyncio.sleep(rng.uniform(*READING))
                    if loop.time() >= stop_at:
                        break
                    others = [h for h in session.pages if h != session.page_hash]
                    if not others:
                        break
                    started = loop.time()
                    path = await session.run(session.query_string, page_hash=rng.choice(others))
                    served("click", path, started)
        except Exception as e:  # a failed page is a result, not a crash
            figures.error(f"{url}: {type(e).__name__}: {e}")
        await asyncio.sleep(rng.uniform(*READING))


async def _drive_protocol(bases, users: int, seconds: float, figures: Figures, seed: int):
    """The users, user i on app process i mod n throughout (sticky sessions)."""
    now = asyncio.get_running_loop().time()
    ramp = min(20.0, seconds / 3) / users
    pages = list(PAGES)
    await asyncio.gather(
        *(
            _protocol_user(
                bases[i % len(bases)], pages, i, (now + i * ramp, now + seconds), figures, seed
            )
            for i in range(users)
        )
    )


# --- users in a real browser ------------------------------------------------------------


async def _pages(browser, base: str) -> list[str]:
    """The paths of the app's pages, as its menu lists them."""
    page = await browser.new_page()
    try:
        await page.goto(base, timeout=PAGE_TIMEOUT * 1000)
        await page.wait_for_selector(_FINISHED, timeout=PAGE_TIMEOUT * 1000)
        links = page.locator('[data-testid="stSidebarNavLink"]')
        hrefs = await links.evaluate_all("els => els.map(e => e.href)")
    finally:
        await page.close()
    paths = sorted({h.split("?")[0].removeprefix(base).strip("/") for h in hrefs})
    return paths or list(PAGES)


async def _drive(bases, users: int, seconds: float, figures: Figures, seed: int, servers):
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            seen: dict[int, float] = {}
            sampler = asyncio.create_task(_sample_browsers(set(servers), seen))
            pages = await _pages(browser, bases[0])
            now = asyncio.get_running_loop().time()
            # Users arrive one by one over the first third of the run (at most 20 s).
            ramp = min(20.0, seconds / 3) / users
            await asyncio.gather(
                *(
                    _user(
                        browser,
                        bases[i % len(bases)],
                        pages,
                        i,
                        (now + i * ramp, now + seconds),
                        figures,
                        seed,
                    )
                    for i in range(users)
                )
            )
        finally:
            seen.update(_browsers_cpu(exclude=set(servers)))
            sampler.cancel()
            figures.browser_cpu = round(sum(seen.values()), 1)
            await browser.close()


def _imports(database: Path, export: Path, every: float, figures: Figures, stop: threading.Event):
    """Import the demo export again every `every` seconds until stopped."""
    from nextwork.importer import import_export

    while not stop.wait(every):
        started = time.monotonic()
        try:
            result = import_export(
                database, export, key_file=database.parent / "pseudonym.key", source="load test"
            )
            if not result.ok:
                figures.error("an import was rejected: " + "; ".join(result.report()[:3]))
        except (store.Busy, OSError) as e:
            figures.error(f"an import failed: {e}")
            continue
        figures.imports += 1
        figures.import_seconds.append(time.monotonic() - started)


# How quickly the server answers a plain HTTP request, once a second: in a process of its
# own with the server's priority, so that it measures the server and not this busy one.
_PROBE = """
import sys, time, urllib.request
while True:
    time.sleep(1)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(sys.argv[1] + "/_stcore/health", timeout=10) as r:
            r.read()
        print(time.monotonic() - started, flush=True)
    except OSError as e:
        print("error", e, flush=True)
"""


def _start_probe(url: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", _PROBE, url],
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=_before_the_browsers,
    )


def _probe_results(probe: subprocess.Popen, figures: Figures) -> None:
    probe.terminate()
    out, _ = probe.communicate(timeout=15)
    for line in out.splitlines():
        if line.startswith("error"):
            # Not a user's error: the pages' own times show what users waited.
            figures.health_unanswered += 1
        else:
            figures.health_seconds.append(float(line))


def run_load(
    users: int = 20,
    seconds: float = 60.0,
    import_every: float = 5.0,
    workdir: Path = Path("bench-out/load"),
    seed: int = 1,
    client: str = "protocol",
    processes: int = 1,
) -> dict:
    """Run the load test, print its figures and return them (also in workdir/load.json)."""
    if not 1 <= users <= MAX_USERS:
        raise ValueError(f"users must be 1 to {MAX_USERS}")
    if not 5 <= seconds <= MAX_SECONDS:
        raise ValueError(f"seconds must be 5 to {MAX_SECONDS}")
    if import_every < 1:
        raise ValueError("imports can be at most one a second")
    if not 1 <= processes <= 16:
        raise ValueError("processes must be 1 to 16")
    if client not in CLIENTS:
        raise ValueError(f"client must be one of {', '.join(CLIENTS)}")
    if client == "browser" and not Path(CHROMIUM).exists():
        raise RuntimeError("Chromium is missing: apt-get install -y chromium")
    workdir.mkdir(parents=True, exist_ok=True)
    export, database = _demo(workdir)
    figures = Figures()
    # Several app processes on one database file, as behind a load balancer.
    servers = [
        start_app(workdir / f"streamlit-{i}.log", {"NEXTWORK_DB": str(database)}, first=True)
        for i in range(processes)
    ]
    urls = [url for _, url in servers]
    pids = {process.pid for process, _ in servers}
    stop = threading.Event()
    importer = threading.Thread(
        target=_imports, args=(database, export, import_every, figures, stop), daemon=True
    )
    began = time.monotonic()
    probe = _start_probe(urls[0])
    try:
        importer.start()
        if client == "browser":
            asyncio.run(_drive(urls, users, seconds, figures, seed, pids))
        else:
            asyncio.run(_drive_protocol(urls, users, seconds, figures, seed))
    finally:
        stop.set()
        importer.join(timeout=PAGE_TIMEOUT)
        _probe_results(probe, figures)
        server_cpu = round(sum(_cpu_seconds(pid) or 0.0 for pid in pids), 1)
        for process, _ in servers:
            process.terminate()
        for process, _ in servers:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
    elapsed = time.monotonic() - began
    times = [t for values in figures.page_seconds.values() for t in values]
    out = {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "users": users,
        "client": client,
        "app_processes": processes,
        "seconds": round(elapsed, 1),
        "import_every_seconds": import_every,
        "pages_served": figures.pages,
        "requests_served": figures.requests,
        "pages_per_second": round(figures.pages / elapsed, 2),
        "errors": figures.errors,
        "error_samples": figures.error_samples,
        "page_seconds_p50": _percentile(times, 0.5),
        "page_seconds_p95": _percentile(times, 0.95),
        "page_seconds_max": max(times, default=None),
        "by_kind": {
            kind: {
                "pages": len(values),
                "p50": _percentile(values, 0.5),
                "p95": _percentile(values, 0.95),
            }
            for kind, values in sorted(figures.kind_seconds.items())
        },
        "server_cpu_seconds": server_cpu,
        "browsers_cpu_seconds": figures.browser_cpu,
        "imports_and_driver_cpu_seconds": _cpu_seconds(os.getpid()),
        "health_seconds_p50": _percentile(figures.health_seconds, 0.5),
        "health_seconds_p95": _percentile(figures.health_seconds, 0.95),
        "health_seconds_max": max(figures.health_seconds, default=None),
        "health_unanswered_in_10_seconds": figures.health_unanswered,
        "by_page": {
            name: {
                "pages": len(values),
                "p50": _percentile(values, 0.5),
                "p95": _percentile(values, 0.95),
            }
            for name, values in sorted(figures.page_seconds.items())
        },
        "imports": figures.imports,
        "import_seconds_mean": (
            sum(figures.import_seconds) / len(figures.import_seconds)
            if figures.import_seconds
            else None
        ),
        "cores": os.cpu_count(),
    }
    (workdir / "load.json").write_text(json.dumps(out, indent=2, ensure_ascii=False))
    _print(out)
    return out


def _print(out: dict) -> None:
    def s(value) -> str:
        return "-" if value is None else f"{value:.2f} s"

    clients = {"protocol": "Streamlit's protocol", "browser": "browser contexts of one Chromium"}
    print(
        f"{out['users']} users ({clients[out['client']]}) on {out['app_processes']} app "
        f"process(es) for {out['seconds']} s on {out['cores']} cores, an import every "
        f"{out['import_every_seconds']:g} s"
    )
    print(f"pages served      {out['pages_served']} ({out['pages_per_second']} a second)")
    print(f"requests served   {out['requests_served']}")
    print(f"imports           {out['imports']} (mean {s(out['import_seconds_mean'])})")
    print(f"errors            {out['errors']}")
    for sample in out["error_samples"]:
        print(f"  {sample}")
    print(
        f"page time         p50 {s(out['page_seconds_p50'])}, p95 {s(out['page_seconds_p95'])}, "
        f"max {s(out['page_seconds_max'])}"
    )
    labels = {"link": "opening a link", "click": "a click in the menu"}
    for kind, row in out["by_kind"].items():
        print(
            f"  {labels.get(kind, kind):20s} {row['pages']:4d} pages  p50 {s(row['p50'])}  "
            f"p95 {s(row['p95'])}"
        )
    browsers = out["browsers_cpu_seconds"]
    print(
        f"CPU time          app server(s) {out['server_cpu_seconds']} s, "
        + (f"browsers {browsers} s, " if browsers is not None else "")
        + f"imports and test driver {out['imports_and_driver_cpu_seconds']} s; "
        f"{out['seconds']} s x {out['cores']} cores"
    )

    def ms(value) -> str:
        return "-" if value is None else f"{value * 1000:.0f} ms"

    print(
        f"health check      p50 {ms(out['health_seconds_p50'])}, "
        f"p95 {ms(out['health_seconds_p95'])}, max {ms(out['health_seconds_max'])}, "
        f"{out['health_unanswered_in_10_seconds']} not answered within 10 s "
        "(how fast the server answers a plain request)"
    )
    for name, row in out["by_page"].items():
        print(f"  {name:14s} {row['pages']:4d} pages  p50 {s(row['p50'])}  p95 {s(row['p95'])}")
