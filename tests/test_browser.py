"""A real Chromium opens the running app, visits every page with and without filters in the
URL, and fails on any exception box, page error or console error from the app itself, or on
any serious or critical accessibility failure (axe-core) that the project owns."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from nextwork.ops.load import start_app
from nextwork.web import pages
from tests.apptest import ROOT
from tests.test_effekt import load_trial
from tests.tiny_export import build_db

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
PATHS = list(pages.PAGES.values())
YEAR_2024 = "start=2024-01-01&end=2024-12-31&as_of=2025-06-30"


def _start(db_path: Path, access_file: Path | None = None):
    env = {"NEXTWORK_DB": str(db_path)}
    if access_file is not None:
        env["NEXTWORK_ACCESS"] = str(access_file)
    try:
        return start_app(db_path.parent / "streamlit.log", env)
    except RuntimeError as e:
        pytest.fail(str(e))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`streamlit run app.py` on 127.0.0.1 and a free port, on the tiny export marked as
    demo data (so it is shown, as to a viewer, with no sign-in configured)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: apt-get install -y chromium (.ci/run does this)")
    db_path = build_db(tmp_path_factory.mktemp("browser"), demo=True)
    process, url = _start(load_trial(db_path))
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def public_server(tmp_path_factory):
    """The tiny export as real data, no sign-in, and an operator who allowed everyone in
    as a viewer: every figure is suppressed where small."""
    base = tmp_path_factory.mktemp("public")
    access_file = base / "access.toml"
    access_file.write_text("allow_unauthenticated = true\n", encoding="utf-8")
    process, url = _start(load_trial(build_db(base)), access_file)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
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
        yield chromium
        chromium.close()


def _open(browser, url: str, shot: str, size=(1400, 1000)):
    """Open url, wait until the app has finished running, screenshot it, and return the
    page and the errors seen (page errors, and console errors from the app's own origin:
    the map's basemap lives on the internet and is allowed to fail offline)."""
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    errors: list[str] = []
    origin = url.split("/", 3)[:3]
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    external_failures: list[str] = []
    page.on(
        "requestfailed",
        lambda r: external_failures.append(r.url) if r.url.split("/", 3)[:3] != origin else None,
    )

    def console(message):
        source = message.location.get("url", "") if message.location else ""
        # On a page's own URL Streamlit's front end first looks for its server one level
        # down (PAGE/_stcore/health), gets a 404 and falls back to the root: not an error.
        probing = source.endswith(("/_stcore/health", "/_stcore/host-config"))
        own = not source or source.split("/", 3)[:3] == origin
        # Offline, the map's basemap cannot be fetched from the internet; deck.gl logs that
        # as "Failed to fetch" (before or after the failed request is reported, and at any
        # time after the page has finished) and draws its layers without it, as it should.
        basemap = "Failed to fetch" in message.text and "DeckGlJsonChart" in (message.text + source)
        if message.type == "error" and own and not probing and not basemap:
            errors.append(f"console: {message.text} ({source})")

    page.on("console", console)
    page.goto(url)
    page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
    page.wait_for_selector('[data-testid="stHeading"], h1', timeout=60_000)
    deadline = time.monotonic() + 60
    while page.locator('[data-testid="stStatusWidget"]').count() and time.monotonic() < deadline:
        time.sleep(0.3)
    time.sleep(1.0)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{shot}.png"), full_page=True)
    found = list(errors)  # a copy: the listeners go on appending to `errors`
    exceptions = page.locator('[data-testid="stException"]')
    for i in range(exceptions.count()):
        found.append("exception box: " + exceptions.nth(i).inner_text()[:500])
    return page, found


@pytest.mark.parametrize(
    "query", ["", YEAR_2024 + "&municipality=Vejle&lang=en"], ids=["no-filters", "filters"]
)
@pytest.mark.parametrize("path", PATHS, ids=[p or "overblik" for p in PATHS])
def test_every_page_opens_cleanly(server, browser, path, query):
    """Anyone following a link to any page, with or without filters in it, gets the page
    with no error box and no error in the browser console; and a manager using a screen
    reader, in Danish (no filters) or English (filters), gets it with its language declared,
    every chart named, and no serious or critical WCAG 2.1 A/AA failure the project owns."""
    name = (path or "overblik") + ("-filters" if query else "")
    page, errors = _open(browser, f"{server}/{path}" + (f"?{query}" if query else ""), name)
    try:
        assert errors == []
        # and, read with a screen reader in either language, no failure the project owns
        assert _check_accessibility(page, "en" if "lang=en" in query else "da") == []
    finally:
        page.close()


def test_overview_shows_the_hand_counted_figures(server, browser):
    """A visitor opening the demo overview for 2024 sees the tiny export's 9 active young
    people and 7 new ones, while the share in job or education within 12 months (4 of 5)
    is hidden as a small number; the link keeps the period on another page."""
    page, errors = _open(browser, f"{server}/?{YEAR_2024}", "overblik-2024")
    try:
        assert errors == []
        cards = {
            card.locator('[data-testid="stMetricLabel"]').inner_text().strip(): card.locator(
                '[data-testid="stMetricValue"]'
            )
            .inner_text()
            .strip()
            for card in page.locator('[data-testid="stMetric"]').all()
        }
        assert cards["Aktive unge"] == "9"
        assert cards["Nye unge"] == "7"
        assert cards["I job/uddannelse inden 12 mdr."] == "–"
        page.get_by_role("link", name="Unge").first.click()
        page.wait_for_url("**/unge**", timeout=30_000)
        deadline = time.monotonic() + 30
        while "start=2024-01-01" not in page.url and time.monotonic() < deadline:
            time.sleep(0.3)
        assert "start=2024-01-01" in page.url and "end=2024-12-31" in page.url
    finally:
        page.close()


def _cards(page) -> dict[str, str]:
    page.wait_for_selector('[data-testid="stMetricValue"]', timeout=60_000)
    return {
        card.locator('[data-testid="stMetricLabel"]').inner_text().strip(): card.locator(
            '[data-testid="stMetricValue"]'
        )
        .inner_text()
        .strip()
        for card in page.locator('[data-testid="stMetric"]').all()
    }


def test_a_viewer_sees_small_numbers_suppressed(public_server, browser):
    """A politician opening the public overview for 2024 sees 9 active young people, while
    the outcome share resting on 4 of 5 young people is hidden; Horsens alone has 4 active
    and 3 new young people, which read <5."""
    page, errors = _open(browser, f"{public_server}/?{YEAR_2024}", "viewer-overblik-2024")
    try:
        assert errors == []
        cards = _cards(page)
        assert cards["Aktive unge"] == "9"
        assert cards["I job/uddannelse inden 12 mdr."] == "–"
    finally:
        page.close()
    url = f"{public_server}/?{YEAR_2024}&municipality=Horsens"
    page, errors = _open(browser, url, "viewer-overblik-horsens-2024")
    try:
        assert errors == []
        cards = _cards(page)
        assert (cards["Aktive unge"], cards["Nye unge"]) == ("<5", "<5")
    finally:
        page.close()


@pytest.mark.parametrize("path", PATHS, ids=[p or "overblik" for p in PATHS])
def test_every_page_opens_cleanly_for_a_viewer(public_server, browser, path):
    """A viewer (real data, figures through the disclosure control) gets every page, the
    companies' map included, with no error box and no error in the console."""
    name = "viewer-" + (path or "overblik")
    page, errors = _open(browser, f"{public_server}/{path}?{YEAR_2024}", name)
    try:
        assert errors == []
    finally:
        page.close()


def test_the_effect_page_draws_the_hand_worked_trial(server, browser):
    """A visitor of the demo opens the Effekt page: the forest plot is named by its title
    and reads each site's hand-worked effect at week 52 and the pooled one (tests/
    test_effekt.py), the arms' chart is drawn, and nothing fails."""
    page, errors = _open(browser, f"{server}/effekt", "effekt-hand-worked")
    try:
        assert errors == []
        charts = page.locator('[data-testid="stPlotlyChart"]')
        assert charts.count() == 2
        label = charts.first.get_attribute("aria-label")
        assert label.startswith("Forskel i andel i job eller uddannelse efter 52 uger")
        assert "Horsens: 3,3 (\u221220,2 til 26,4); Vejle: 25,0 (3,8 til 43,3)" in label
        assert "Samlet: 16,1 (0,4 til 31,9)" in label
        body = page.inner_text("body")
        assert "16 procentpoint flere i job eller uddannelse efter 52 uger" in body
    finally:
        page.close()


def test_a_click_on_a_slide_leaves_no_frame_and_the_definitions_are_large(server, browser):
    """A presenter who clicks on a slide and then goes on with the arrow key gets no frame
    round the slide (the click does not leave the focus on the page's scrolling area); the
    definitions slide is in type of at least 24 px, and fits the projector, scrolling within
    its own box."""
    page, errors = _open(
        browser, f"{server}/praesentation?{YEAR_2024}", "praesentation-click", size=(1280, 720)
    )
    try:
        page.mouse.click(640, 400)
        total = int(re.search(r"1 / (\d+)", page.inner_text("body")).group(1))
        for number in range(2, total + 1):
            page.keyboard.press("ArrowRight")
            deadline = time.monotonic() + 30
            while f"{number} / {total}" not in page.inner_text("body"):
                assert time.monotonic() < deadline, f"slide {number} did not come"
                time.sleep(0.2)
            time.sleep(0.5)
            focused = page.evaluate(
                "(() => { const a = document.activeElement;"
                " return a.tagName + (a.matches(':focus-visible') ? ' ring' : ''); })()"
            )
            assert focused != "MAIN ring", f"slide {number}: a frame round the slide"
            if number == 5:
                page.mouse.click(900, 450)  # on the chart
        sizes = page.evaluate(
            "[...document.querySelectorAll('.nw-small, .nw-data')]"
            ".map((e) => parseFloat(getComputedStyle(e).fontSize))"
        )
        assert sizes and min(sizes) >= 24, sizes
        height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        assert height <= 730, f"the definitions are taller than the screen ({height}px)"
        assert errors == []
    finally:
        page.close()


def test_the_slide_show_at_projector_size(server, browser):
    """A manager presents 2024 on a 1280x720 projector: each of the 13 slides fits the
    screen with large type, the arrow keys move on, and each slide is photographed."""
    page, errors = _open(
        browser, f"{server}/praesentation?{YEAR_2024}", "praesentation-01", size=(1280, 720)
    )
    try:
        titles = []
        for number in range(1, 14):
            if number > 1:
                page.keyboard.press("ArrowRight")
                deadline = time.monotonic() + 30
                while f"{number} / 13" not in page.inner_text("body"):
                    assert time.monotonic() < deadline, f"slide {number} did not come"
                    time.sleep(0.2)
                time.sleep(1.0)
                page.screenshot(path=str(ARTIFACTS / f"praesentation-{number:02d}.png"))
            titles.append(page.locator("h1").first.inner_text().strip())
            size = page.evaluate(
                "parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)"
            )
            assert size >= 40, f"slide {number}: a title of {size}px"
            height = page.evaluate(
                "document.querySelector('[data-testid=\"stMain\"]').scrollHeight"
            )
            assert height <= 730, f"slide {number} is taller than the screen ({height}px)"
            if page.locator(".nw-big").count():
                big = page.evaluate(
                    "parseFloat(getComputedStyle(document.querySelector('.nw-big')).fontSize)"
                )
                assert big >= 96, f"slide {number}: a big number of {big}px"
        assert titles[:2] == ["NExTWORK: hele programmet", "Unge i NExTWORK"]
        assert titles[-1] == "Definitioner og data"
        page.keyboard.press("ArrowLeft")
        deadline = time.monotonic() + 30
        while "12 / 13" not in page.inner_text("body"):
            assert time.monotonic() < deadline, "the left arrow did not go back"
            time.sleep(0.2)
        exceptions = page.locator('[data-testid="stException"]')
        assert exceptions.count() == 0
        assert errors == []
    finally:
        page.close()


def test_a_slide_s_big_number_stays_on_one_line_on_a_phone(server, browser):
    """On a 390 px phone the slide's big number, as wide as a share gets ("100,0 %"), keeps
    its figure and its per cent sign on one line, inside the screen."""
    page, errors = _open(
        browser, f"{server}/praesentation?{YEAR_2024}", "praesentation-phone", size=(390, 844)
    )
    try:
        page.keyboard.press("ArrowRight")
        page.locator(".nw-big").first.wait_for(timeout=30_000)
        fit = page.evaluate(
            """() => {
                const big = document.querySelector('.nw-big');
                big.textContent = '100,0 %';
                const size = parseFloat(getComputedStyle(big).fontSize);
                const box = big.getBoundingClientRect();
                return {lines: Math.round(box.height / (size * 1.05)), right: box.left
                    + big.scrollWidth, width: window.innerWidth, size: size};
            }"""
        )
        assert fit["lines"] == 1, fit
        assert fit["right"] <= fit["width"], fit
        assert fit["size"] >= 48, fit
        assert errors == []
    finally:
        page.close()


def test_a_chart_downloads_as_a_png_offline(server, browser):
    """A manager saves a chart as a picture with the chart's own camera button: a PNG, made
    in the browser (no internet needed), named after the chart's title. (The slides show no
    toolbar on the projector; their charts are in the PowerPoint.)"""
    page = browser.new_page(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    try:
        page.goto(f"{server}/sammenlign?{YEAR_2024}")
        page.wait_for_selector(".js-plotly-plot", timeout=60_000)
        time.sleep(1.0)
        page.locator(".js-plotly-plot").first.hover()
        with page.expect_download(timeout=30_000) as info:
            page.locator('.modebar-btn[data-title="Download plot as a PNG"]').first.click()
        download = info.value
        assert download.suggested_filename.startswith("i-job"), download.suggested_filename
        path = ARTIFACTS / "sammenlign-chart.png"
        download.save_as(str(path))
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        page.close()


# --- accessibility: axe-core's WCAG 2.1 A and AA rules on every page --------------------------

AXE = ROOT / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _axe(page) -> list[str]:
    """Open every "Vis tal" table and other expander, run axe-core on the page, and return
    its serious and critical violations that the project owns, one line per element; those
    in Streamlit's own markup (`known_issues.FRAMEWORK_ISSUES`) pass."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make install-dev` (it installs axe-core from npm)")
    for summary in page.locator('[data-testid="stExpander"] summary').all():
        if summary.is_visible():
            summary.click()
    page.add_script_tag(path=str(AXE))
    owned = _owned_violations(page)
    if owned:  # once more when the page has settled: a run may have faded it meanwhile
        _settle(page)
        owned = _owned_violations(page)
    return owned


def _settle(page, seconds: float = 30) -> None:
    """Wait until the app has finished running and nothing on the page is faded as stale."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and (
        page.locator('[data-testid="stStatusWidget"]').count()
        or page.locator('[data-stale="true"]').count()
    ):
        time.sleep(0.3)
    time.sleep(1.0)


def _owned_violations(page) -> list[str]:
    from nextwork.present import known_issues

    violations = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations
                .filter((v) => v.impact === "serious" || v.impact === "critical")
                .flatMap((v) => v.nodes.map((n) => ({rule: v.id, target: n.target[0],
                    html: n.html.slice(0, 200), summary: n.failureSummary})));
        }""",
        WCAG_TAGS,
    )
    owned = []
    for v in violations:
        element = page.locator(v["target"]).first

        def matches(selector, element=element):
            return element.evaluate("(e, s) => e.matches(s)", selector)

        if not known_issues.is_framework_issue(v["rule"], matches):
            owned.append(f"{v['rule']}: {v['html']} ({v['summary']})")
    return owned


def _check_accessibility(page, lang: str) -> list[str]:
    """The page's language, its charts' names and tables, and axe-core's verdict."""
    _settle(page)
    problems = []
    # The frame's script sets the language as soon as the browser has drawn it (on a busy
    # machine, a moment after the run has ended).
    deadline = time.monotonic() + 15
    while page.evaluate("document.documentElement.lang") != lang and time.monotonic() < deadline:
        time.sleep(0.3)
    declared = page.evaluate("document.documentElement.lang")
    if declared != lang:
        problems.append(f"<html lang={declared!r}>, the page is in {lang!r}")
    name, code = {"da": ("English", "en"), "en": ("Dansk", "da")}[lang]
    button = page.locator(".st-key-lang button", has_text=name)
    if button.count() and button.first.get_attribute("lang") != code:
        problems.append(f"the button {name!r} is not marked lang={code!r}")
    charts = page.locator('[data-testid="stPlotlyChart"]')
    for i in range(charts.count()):
        if not (charts.nth(i).get_attribute("aria-label") or "").strip():
            problems.append(f"chart {i + 1} has no accessible name")
    return problems + _axe(page)


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("path", PATHS, ids=[p or "overblik" for p in PATHS])
def test_every_page_passes_axe_for_a_viewer(public_server, browser, path, lang):
    """A politician let in as a viewer (small numbers hidden) gets the same: every page
    without a serious or critical failure the project owns."""
    url = f"{public_server}/{path}?{YEAR_2024}&lang={lang}"
    page, errors = _open(browser, url, f"axe-viewer-{path or 'overblik'}-{lang}")
    try:
        assert errors == []
        assert _check_accessibility(page, lang) == []
    finally:
        page.close()


def test_every_chart_has_its_numbers_one_click_away(server, browser):
    """A screen-reader user on the placements page finds a "Vis tal" table under each of its
    charts, with the chart's name and description above the numbers."""
    page, errors = _open(browser, f"{server}/praktik?{YEAR_2024}", "vis-tal-praktik")
    try:
        assert errors == []
        _settle(page)
        charts = page.locator('[data-testid="stPlotlyChart"]')
        tables = page.locator('[data-testid="stExpander"] summary', has_text="Vis tal")
        assert charts.count() == 6 and tables.count() == 6
        tables.first.click()
        table = page.locator('[data-testid="stExpander"] table').first
        table.wait_for(timeout=10_000)
        label = charts.first.get_attribute("aria-label")
        assert label.startswith("Påbegyndte praktikforløb pr. måned. ")
        assert "mar. 2024" in table.inner_text()
    finally:
        page.close()


def test_keyboard_reaches_the_filters_with_a_visible_focus(server, browser):
    """Someone who works by keyboard tabs from the skip link through the menu to the language
    buttons, seeing where the focus is at every step, and switches the page to English with
    the keyboard alone."""
    page, errors = _open(browser, f"{server}/?{YEAR_2024}", "keyboard-overblik")
    try:
        seen = []

        def focus():
            return page.evaluate(
                """() => { const e = document.activeElement, s = getComputedStyle(e);
                return {text: (e.innerText || e.getAttribute("aria-label") || "").trim(),
                        visible: (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2)
                                 || s.boxShadow !== "none"}; }"""
            )

        for _ in range(20):
            page.keyboard.press("Tab")
            now = focus()
            assert now["visible"], f"no visible focus on {now['text']!r}"
            seen.append(now["text"])
            if now["text"] == "Dansk":
                break
        assert any("Overblik" in s for s in seen) and any("Unge" in s for s in seen)
        assert seen[-1] == "Dansk", seen
        # The language buttons are one stop; the arrow keys move between them.
        page.keyboard.press("ArrowRight")
        assert focus() == {"text": "English", "visible": True}
        page.keyboard.press("Enter")
        page.wait_for_url("**lang=en**", timeout=30_000)
        page.locator("h1", has_text="Overview").wait_for(timeout=30_000)
        page.wait_for_function("document.documentElement.lang === 'en'", timeout=15_000)
        assert errors == []
    finally:
        page.close()


# --- zoom, reflow and keyboard (WCAG 1.4.10, 2.1.1, 2.4.3, 2.4.7) -----------------------------

# 320 CSS pixels is 1280 at 400 % zoom; 640x512 is 1280x1024 at 200 % zoom (the same layout in
# CSS pixels as a device scale factor of 2).
NARROW = [(320, 800), (640, 512)]

# What does not fit: the page's own width, and every piece of text outside a table (or a
# heatmap, a table in colours) that sticks out of the screen, or out of its chart.
_REFLOW = """() => {
  const iw = innerWidth, main = document.querySelector('[data-testid="stMain"]');
  const scrolls = (e) => {
    for (let a = e.parentElement; a && a !== main; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (["auto", "scroll"].includes(s.overflowX) && a.scrollWidth > a.clientWidth + 1) {
        return true;
      }
    }
    return false;
  };
  const cut = [];
  const texts = "h1, h2, h3, h4, p, li, label, button, a, summary, [data-testid=stMetricValue], "
    + ".js-plotly-plot text";
  for (const e of main.querySelectorAll(texts)) {
    const r = e.getBoundingClientRect();
    if (!r.width || !r.height || r.right < -1000) continue;  // plotly measures text off screen
    if (getComputedStyle(e).visibility === "hidden" || !(e.textContent || "").trim()) continue;
    if (e.closest("table, [data-testid=stDataFrame], [data-testid=stTable]") || scrolls(e)) {
      continue;
    }
    let left = 0, right = iw;
    const chart = e.closest(".js-plotly-plot");
    if (chart) {
      const c = chart.getBoundingClientRect();
      left = Math.max(left, c.left);
      right = Math.min(right, c.right);
    }
    if (r.left < left - 1 || r.right > right + 1) {
      cut.push(`${e.tagName} ${Math.round(r.left)}-${Math.round(r.right)} of ${left}-${right}: `
               + e.textContent.trim().slice(0, 60));
    }
  }
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  const heading = document.querySelector("h1").getBoundingClientRect();
  return {width: document.scrollingElement.scrollWidth, innerWidth: iw, cut: cut,
          menuOpen: !!sidebar && sidebar.getBoundingClientRect().right > 0,
          heading: heading.height > 0 && heading.left >= 0 && heading.right <= iw + 1};
}"""


def _reflow_problems(page, size) -> list[str]:
    found = page.evaluate(_REFLOW)
    problems = [f"{size}: cut off: {line}" for line in found["cut"]]
    if found["width"] > found["innerWidth"] + 1:
        problems.append(f"{size}: the page is {found['width']}px wide and scrolls sideways")
    if found["menuOpen"]:
        problems.append(f"{size}: the menu covers the page")
    if not found["heading"]:
        problems.append(f"{size}: the page's heading is not in view")
    return problems


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("path", PATHS, ids=[p or "overblik" for p in PATHS])
def test_every_page_reflows_at_320_pixels_and_200_percent(server, browser, path, lang):
    """Someone reading at 400 % zoom (320 CSS pixels wide) or at 200 % on a 1280x1024 screen
    gets the page with the menu closed, no sideways scrolling and no text cut off (only tables
    and heatmaps scroll within themselves), and opens the menu and picks a page by keyboard."""
    name = f"reflow-{path or 'overblik'}-{lang}"
    url = f"{server}/{path}?{YEAR_2024}&lang={lang}"
    page, errors = _open(browser, url, f"{name}-320", NARROW[0])
    try:
        assert errors == []
        problems = []
        for size in NARROW:
            if size != NARROW[0]:
                page.set_viewport_size({"width": size[0], "height": size[1]})
            _settle(page, 30)
            page.screenshot(path=str(ARTIFACTS / f"{name}-{size[0]}.png"))
            problems += _reflow_problems(page, size)
        assert problems == []
        # The keyboard goes through what can be seen, never through the closed menu.
        stops = _tab_walk(page, 12)
        bad = [s for s in stops if _unseen(s)]
        assert bad == [], f"at {NARROW[-1]}, focus lost, hidden or without a ring: {bad[:3]}"
        if path == "praesentation":  # no menu on a projected slide: its bar has "Afslut"
            assert page.get_by_role("link", name=t_exit(lang)).is_visible()
            return
        # The menu's button is in view; Enter opens the menu, and choosing a page closes it.
        opener = page.locator('[data-testid="stExpandSidebarButton"]')
        assert opener.is_visible()
        opener.focus()
        page.keyboard.press("Enter")
        target = {"da": "Definitioner", "en": "Definitions"}[lang]
        link = page.locator('[data-testid="stSidebarNavLink"]', has_text=target)
        link.wait_for(state="visible", timeout=10_000)
        link.focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/definitioner**", timeout=30_000)
        page.locator("h1", has_text=target).wait_for(timeout=30_000)
        _settle(page, 30)
        assert not page.evaluate(_REFLOW)["menuOpen"], "the menu still covers the page"
        assert page.evaluate("document.activeElement.dataset.testid") == "stExpandSidebarButton"
    finally:
        page.close()


def t_exit(lang: str) -> str:
    return {"da": "Afslut", "en": "Exit"}[lang]


# Where the focus is, and whether it shows: an outline of 2px or more, or a box shadow, on the
# element or on the widget around it (Streamlit draws the ring of a select box on its frame).
# Inside a data table (Streamlit's grid, drawn on a canvas) Tab moves from cell to cell: the
# grid draws the focused cell on its canvas and gives the document's focus to an unseen
# element of its own, so there only a lost focus counts.
_FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return {lost: true};
  const r = e.getBoundingClientRect();
  let ring = false, opacity = 1, hidden = false;
  for (let a = e, depth = 0; a && a !== document.body; a = a.parentElement, depth++) {
    const s = getComputedStyle(a);
    if (depth < 4 && ((s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2)
                      || s.boxShadow !== "none")) ring = true;
    opacity *= parseFloat(s.opacity);
    if (s.visibility === "hidden" || s.display === "none"
        || a.getAttribute("aria-hidden") === "true") hidden = true;
  }
  const what = [e.tagName, e.getAttribute("data-testid"), e.getAttribute("class"),
                e.parentElement.getAttribute("data-testid")].filter(Boolean).join(" ");
  return {lost: false, ring, text: (e.innerText || e.getAttribute("aria-label") || e.title
                                    || what).trim().slice(0, 50),
          main: !!e.closest('[data-testid="stMain"]'),
          grid: !!e.closest('[data-testid="stDataFrameGlideDataEditor"]'),
          menu: !!e.closest('[data-testid="stSidebarNav"]'),
          shown: !hidden && opacity > 0.5 && r.width > 0 && r.height > 0 && r.bottom > 0
                 && r.top < innerHeight && r.right > 0 && r.left < innerWidth};
}"""


def _unseen(stop: dict) -> bool:
    """A focus that is lost, or (outside a data table's cells) hidden or without a ring."""
    return stop["lost"] or (not stop["grid"] and not (stop["shown"] and stop["ring"]))


def _tab_walk(page, presses: int) -> list[dict]:
    """Press Tab up to `presses` times and return where the focus went each time. After the
    page's last control the focus leaves the page for the browser's own: if one more Tab brings
    it back to the first stop, that was the end of the page, not a lost focus."""
    stops = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        now = page.evaluate(_FOCUS)
        if now["lost"] and stops:
            page.keyboard.press("Tab")
            again = page.evaluate(_FOCUS)
            if again == stops[0]:
                break  # round the page once
            stops += [now, again]
            continue
        stops.append(now)
        if len(stops) > 3 and now == stops[0]:
            break
    return stops


@pytest.mark.parametrize("path", PATHS, ids=[p or "overblik" for p in PATHS])
def test_tab_reaches_every_page_s_controls_with_a_visible_focus(server, browser, path):
    """Someone who works by keyboard tabs through a page: the focus goes through the menu to
    the page's own controls, is never lost or on something that cannot be seen, and always
    shows where it is."""
    page, errors = _open(browser, f"{server}/{path}?{YEAR_2024}", f"tab-{path or 'overblik'}")
    try:
        assert errors == []
        _settle(page)
        stops = _tab_walk(page, 90)
        bad = [s for s in stops if _unseen(s)]
        assert bad == [], f"focus lost, hidden or without a ring: {bad[:5]}"
        assert any(s["main"] for s in stops), "the focus never reaches the page's controls"
        if path != "praesentation":
            assert any(s["menu"] for s in stops), "the focus never reaches the menu"
    finally:
        page.close()


def test_the_presentation_by_keyboard_alone(server, browser, tmp_path):
    """A manager presents 2024 with the keyboard alone: Tab to "Næste", Enter and Space move on,
    "Forrige" goes back, the arrow keys move too, the focus always shows, and the PowerPoint
    downloads with Enter."""
    page = browser.new_page(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    try:
        page.goto(f"{server}/praesentation?{YEAR_2024}")
        page.wait_for_selector("h1", timeout=60_000)
        _settle(page)

        def tab_to(text: str, back: bool = False) -> dict:
            for _ in range(40):
                page.keyboard.press("Shift+Tab" if back else "Tab")
                now = page.evaluate(_FOCUS)
                if now["lost"]:  # past the page's last control, in the browser's own
                    continue
                assert now["shown"] and now["ring"], now
                if text in now["text"]:
                    return now
            raise AssertionError(f"the focus never reached {text!r}")

        def slide(number: int) -> None:
            deadline = time.monotonic() + 30
            while f"{number} / 13" not in page.inner_text("body"):
                assert time.monotonic() < deadline, f"slide {number} did not come"
                time.sleep(0.2)
            _settle(page, 30)

        first = page.locator("h1").first.inner_text()
        tab_to("Næste")
        page.keyboard.press("Enter")
        slide(2)
        assert page.locator("h1").first.inner_text() != first
        assert "Næste" in page.evaluate(_FOCUS)["text"], "the focus left the button"
        page.keyboard.press(" ")
        slide(3)
        tab_to("Forrige", back=True)
        page.keyboard.press("Enter")
        slide(2)
        page.keyboard.press("ArrowRight")
        slide(3)
        page.keyboard.press("ArrowLeft")
        slide(2)
        page.screenshot(path=str(ARTIFACTS / "praesentation-keyboard.png"))
        tab_to("PowerPoint")
        with page.expect_download(timeout=60_000) as info:
            page.keyboard.press("Enter")
        download = info.value
        assert download.suggested_filename.endswith(".pptx")
        saved = tmp_path / "deck.pptx"
        download.save_as(str(saved))
        assert saved.read_bytes()[:2] == b"PK"  # a zip, as every pptx
    finally:
        page.close()


# --- text spacing (WCAG 1.4.12) ----------------------------------------------------------------

# The spacing a reader may set with a style sheet of their own: line height 1.5 times the font
# size, paragraphs 2 times apart, letters 0.12 and words 0.16 times the font size.
_TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""

# Text that the wider spacing cuts off: a button's text running out of its button (or out of
# a box inside it that hides what overflows), and a metric card's label cut short.
_CUT_BY_SPACING = """() => {
  const cut = [];
  for (const button of document.querySelectorAll(
      '[data-testid="stMain"] button, [data-testid="stSidebar"] button')) {
    if (!button.getBoundingClientRect().height || !button.innerText.trim()) continue;
    for (const e of [button, ...button.querySelectorAll("*")]) {
      const s = getComputedStyle(e);
      if (s.overflowY !== "visible" && e.scrollHeight > e.clientHeight + 1) {
        cut.push(`button ${button.innerText.trim()}: ${e.scrollHeight}px of ${e.clientHeight}px`);
        break;
      }
    }
  }
  for (const label of document.querySelectorAll('[data-testid="stMetricLabel"]')) {
    for (const e of label.querySelectorAll("*")) {
      const s = getComputedStyle(e);
      if (s.overflowX !== "visible" && e.scrollWidth > e.clientWidth + 1) {
        cut.push(`card ${label.innerText.trim()}: ${e.scrollWidth}px of ${e.clientWidth}px`);
        break;
      }
    }
  }
  return cut;
}"""


@pytest.mark.parametrize("path", ["", "resultater"], ids=["overblik", "resultater"])
def test_text_spacing_cuts_nothing_off(server, browser, path):
    """A reader with dyslexia who widens lines, letters and words with a style sheet of their
    own still reads the whole of every button (the language, the outcomes chart's choice of
    view) and every card's label (on the outcomes page, "I uddannelse inden 12 mdr." is
    longer than its card once letters are spaced)."""
    page, errors = _open(browser, f"{server}/{path}?{YEAR_2024}", f"spacing-{path or 'overblik'}")
    try:
        assert errors == []
        _settle(page)
        assert page.locator('[data-testid="stButtonGroup"] button').count() >= 2
        assert page.locator('[data-testid="stMetricLabel"]').count() >= 3
        page.add_style_tag(content=_TEXT_SPACING)
        time.sleep(1.0)
        page.screenshot(path=str(ARTIFACTS / f"spacing-{path or 'overblik'}.png"))
        assert page.evaluate(_CUT_BY_SPACING) == []
    finally:
        page.close()


# --- the language of the framework's own controls (WCAG 3.1.2) ---------------------------------

_NAMES = """() => [...document.querySelectorAll("[aria-label], input[placeholder]")]
  .flatMap((e) => [e.getAttribute("aria-label"), e.getAttribute("placeholder")])
  .filter(Boolean)"""


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_framework_s_controls_are_named_in_the_page_s_language(server, browser, lang):
    """A screen-reader user on a Danish page hears Streamlit's and plotly's controls named in
    Danish ("Luk sidepanelet", "Hjælp til Opgjort pr.", "Hent diagrammet som PNG") and the
    skip link as "Gå til hovedindholdet", not in English read with Danish sounds; on an
    English page they keep their English names."""
    page, errors = _open(browser, f"{server}/?{YEAR_2024}&lang={lang}", f"names-overblik-{lang}")
    try:
        assert errors == []
        _settle(page)
        page.wait_for_selector(".js-plotly-plot .modebar-btn", state="attached", timeout=30_000)
        time.sleep(0.5)
        names = set(page.evaluate(_NAMES))
        english = {
            "Collapse sidebar",
            "Main menu",
            "Download plot as a PNG",
            "Reset axes",
            "Clear all",
            "Remove Horsens",
        }
        danish = {
            "Luk sidepanelet",
            "Hovedmenu",
            "Hent diagrammet som PNG",
            "Nulstil akserne",
            "Fjern alle",
            "Fjern Horsens",
        }
        english.add("Help for " + {"da": "Opgjort pr.", "en": "Data as of"}[lang])
        danish.add("Hjælp til " + {"da": "Opgjort pr.", "en": "Data as of"}[lang])
        if lang == "da":
            assert names & english == set()
            assert danish <= names, danish - names
        else:
            assert english <= names, english - names
            assert names & danish == set()
        # the skip link, the keyboard's first stop, says where it goes in the page's language
        skip = page.locator('[data-testid="stSkipToContent"]')
        assert (
            skip.inner_text().strip()
            == {
                "da": "Gå til hovedindholdet",
                "en": "Skip to main content",
            }[lang]
        )
        # the chart's camera still downloads: plotly's own title of the button is untouched
        assert page.locator('.modebar-btn[data-title="Download plot as a PNG"]').count() >= 1
    finally:
        page.close()


# --- a signed-in admin's own controls ----------------------------------------------------------

COOKIE_SECRET = "browser-test-cookie-secret"


@pytest.fixture(scope="module")
def admin_page(tmp_path_factory, browser):
    """The tiny export behind sign-in, and a browser signed in as an admin the access file
    lists: Streamlit's own signed cookie, as its sign-in route sets it after the identity
    provider's answer (no provider is reached)."""
    import json

    from itsdangerous import URLSafeTimedSerializer

    from tests.apptest import ISSUER, write_access

    base = tmp_path_factory.mktemp("admin")
    secrets = base / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1/oauth2callback"\n'
        f'cookie_secret = "{COOKIE_SECRET}"\n'
        'client_id = "test"\nclient_secret = "test"\n'
        'server_metadata_url = "https://login.example.org/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    email = "analytiker@example.dk"
    access_file = write_access(base, [{"email": email, "role": "admin"}])
    db_path = build_db(base)
    try:
        process, url = start_app(
            base / "streamlit.log",
            {
                "NEXTWORK_DB": str(db_path),
                "NEXTWORK_ACCESS": str(access_file),
                "STREAMLIT_SECRETS_FILES": str(secrets),
            },
        )
    except RuntimeError as e:
        pytest.fail(str(e))
    payload = {"origin": url, "is_logged_in": True, "email": email, "iss": ISSUER}
    payload["email_verified"] = True
    signed = URLSafeTimedSerializer(COOKIE_SECRET, salt="_streamlit_user").dumps(
        json.dumps(payload)
    )
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_cookies([{"name": "_streamlit_user", "value": signed, "url": url}])
    yield context, url
    context.close()
    process.terminate()
    process.wait(timeout=10)


def test_an_admin_sees_where_the_focus_is_on_the_exact_figures_toggle(admin_page):
    """An admin who works by keyboard tabs to "Eksakte tal i downloads" in the menu and sees a
    ring of 3:1 and more round the toggle (Streamlit's own ring is cut off with the hidden
    input it sits on, leaving a faint tint)."""
    from nextwork.present.colour_contrast import contrast

    context, url = admin_page
    page = context.new_page()
    try:
        page.goto(f"{url}/?{YEAR_2024}")
        page.wait_for_selector("h1", timeout=60_000)
        _settle(page)
        assert page.locator('[data-testid="stCheckbox"]').count() == 1  # the admin's toggle
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.type === 'checkbox'"):
                break
        else:
            raise AssertionError("the focus never reached the toggle")
        ring = page.evaluate(
            """() => {
              const label = document.activeElement.closest("label"), s = getComputedStyle(label);
              const r = label.getBoundingClientRect();
              const bg = getComputedStyle(document.querySelector('[data-testid="stSidebar"]'));
              return {style: s.outlineStyle, width: parseFloat(s.outlineWidth),
                      colour: s.outlineColor, ground: bg.backgroundColor,
                      text: label.innerText.trim(), shown: r.width > 0 && r.height > 0};
            }"""
        )
        page.screenshot(path=str(ARTIFACTS / "admin-toggle-focus.png"))

        def hex_of(rgb: str) -> str:
            parts = [int(float(v)) for v in rgb[rgb.index("(") + 1 : -1].split(",")[:3]]
            return "#" + "".join(f"{v:02X}" for v in parts)

        assert ring["text"].startswith("Eksakte tal i downloads")
        assert ring["shown"] and ring["style"] == "solid" and ring["width"] >= 2, ring
        assert contrast(hex_of(ring["colour"]), hex_of(ring["ground"])) >= 3, ring
    finally:
        page.close()


# --- reflow of long names on a horizontal bar chart's axis (WCAG 1.4.10) -----------------------


@pytest.fixture(scope="module")
def industry_server(tmp_path_factory):
    """The tiny export with an industry for every company, one of them with the longest DB07
    name ("Rejsebureauer, rengøring og anden operationel service"), signed as demo data."""
    from nextwork.ingest.importer import import_export, sign_demo_export
    from tests.tiny_export import AS_OF, write_export

    base = tmp_path_factory.mktemp("industry")
    export = write_export(base / "export")
    companies = export / "companies.csv"
    lines = companies.read_text(encoding="utf-8").splitlines()
    codes = ["N", "C", "G", "F", "N", "I", "Q"]
    rows = [lines[0] + ",industry"] + [f"{r},{c}" for r, c in zip(lines[1:], codes, strict=True)]
    companies.write_text("\n".join(rows) + "\n", encoding="utf-8")
    sign_demo_export(export)
    db_path = base / "industry.duckdb"
    result = import_export(db_path, export, key_file=base / "k.key", today=AS_OF)
    assert result.ok, result.errors
    process, url = _start(db_path)
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_a_long_industry_name_is_not_cut_off_at_320_pixels(industry_server, browser):
    """Someone reading the companies page at 400 % zoom (320 CSS pixels) reads the whole of
    "Rejsebureauer, rengøring og anden operationel service" beside its bar: the industry chart
    keeps the width its names need and scrolls within itself, as a table does."""
    url = f"{industry_server}/virksomheder?{YEAR_2024}"
    page, errors = _open(browser, url, "reflow-virksomheder-industry-320", NARROW[0])
    try:
        assert errors == []
        _settle(page, 30)
        name = "Rejsebureauer, rengøring og anden operationel service"
        label = page.locator(".js-plotly-plot .ytick text", has_text=name)
        label.first.wait_for(state="attached", timeout=30_000)
        deadline = time.monotonic() + 15
        while _reflow_problems(page, NARROW[0]) and time.monotonic() < deadline:
            time.sleep(0.5)  # the chart widens once it has been drawn
        page.screenshot(path=str(ARTIFACTS / "reflow-virksomheder-industry-320.png"))
        assert _reflow_problems(page, NARROW[0]) == []
        # the whole name lies inside its chart, which now scrolls sideways within itself
        inside = label.first.evaluate(
            """(e) => { const c = e.closest(".js-plotly-plot").getBoundingClientRect(),
                       r = e.getBoundingClientRect();
                       return r.left >= c.left - 1 && r.right <= c.right + 1; }"""
        )
        assert inside
    finally:
        page.close()
