"""A real Chromium looks at the dashboard as its readers do, on the demo data with the
default filters: the headline (in job or education within 12 months, on the cohort with full
follow-up) reads as a percentage with its cohort's dates on the overview, the outcomes page,
the compare chart and slide 5; and every page and every slide is photographed at 1440x900,
1280x720 and 390x844 in Danish and English, and the PowerPoint deck converted with
LibreOffice, into test-artifacts/screens/ for people to look at.

The demo export runs to today, as `make demo` makes it; the cohort's dates follow from the
rule (`kpis.outcome_cohort`, worked by hand in tests/test_cohort.py) and the period and as-of
day in the page's link."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from nextwork import formats
from nextwork.ingest import trial
from nextwork.ingest.demo import write_demo
from nextwork.ingest.demo.trial import write_demo_trial
from nextwork.ingest.importer import import_export
from nextwork.metrics import kpis
from nextwork.ops.load import start_app
from nextwork.web import pages
from tests.apptest import ROOT
from tests.test_browser import CHROMIUM, browser  # noqa: F401 (the fixture)

pytestmark = pytest.mark.browser

SCREENS = ROOT / "test-artifacts" / "screens"
SIZES = [(1440, 900), (1280, 720), (390, 844)]
TODAY = dt.date.today()


def cohort_text(url: str, lang: str) -> str:
    """The cohort's dates as the page states them, from the period and as-of day in its
    link (readers without exact rights see whole months, so the app chooses them)."""
    query = dict(part.split("=", 1) for part in url.split("?", 1)[1].split("&"))
    start, end = (dt.date.fromisoformat(query[k]) for k in ("start", "end"))
    as_of = dt.date.fromisoformat(query.get("as_of", TODAY.isoformat()))
    first, last = kpis.outcome_cohort(start, end, as_of)
    return ("unge indskrevet " if lang == "da" else "young people enrolled ") + (
        f"{formats.date(first, lang)} – {formats.date(last, lang)}"
    )


PERCENT = {"da": re.compile(r"^\d{1,3},\d %$"), "en": re.compile(r"^\d{1,3}\.\d%$")}


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: apt-get install -y chromium (.ci/run does this)")
    base = tmp_path_factory.mktemp("screens")
    export = base / "demo"
    write_demo(export, seed=1, scale=1, until=TODAY)
    # write_demo signs the export as the demo generator's: shown without sign-in.
    db_path = base / "demo.duckdb"
    result = import_export(db_path, export, key_file=base / "k.key", today=TODAY)
    assert result.ok, result.errors
    # The demo's trial results, as `make demo` loads them, for the Effekt page.
    assert trial.load(db_path, write_demo_trial(export)).ok
    try:
        process, url = start_app(base / "streamlit.log", {"NEXTWORK_DB": str(db_path)})
    except RuntimeError as e:
        pytest.fail(str(e))
    yield url, db_path
    process.terminate()
    process.wait(timeout=10)


def _settle(page) -> None:
    page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
    page.wait_for_selector('[data-testid="stHeading"], h1', timeout=60_000)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (
        page.locator('[data-testid="stStatusWidget"]').count()
        or page.locator('[data-stale="true"]').count()
    ):
        time.sleep(0.3)
    time.sleep(1.0)
    page.locator("h1").first.click()  # the keys go to the page, not to a widget


def _shoot(page, name: str, size: tuple[int, int], whole: bool = True) -> None:
    """The screen at this size and, below it, the rest of the page: the viewport is made as
    tall as the page's content, since the main area scrolls inside the app."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    if whole:
        tall = page.evaluate(
            "(document.querySelector('[data-testid=\"stMain\"]') || document.body).scrollHeight"
        )
        page.set_viewport_size({"width": size[0], "height": max(size[1], tall)})
        time.sleep(0.8)
    page.screenshot(path=str(SCREENS / f"{name}.png"))
    page.set_viewport_size({"width": size[0], "height": size[1]})


def _cards(page) -> dict[str, tuple[str, str]]:
    """Each card's label -> (value, the small print under it)."""
    out = {}
    for card in page.locator('[data-testid="stMetric"]').all():
        label = card.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        value = card.locator('[data-testid="stMetricValue"]').inner_text().strip()
        out[label] = value
    return out


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_headline_on_the_default_view(demo_server, browser, lang):  # noqa: F811
    """A politician shown the default view sees the programme's 12-month figure as a
    percentage on the overview, the outcomes page, the compare chart and slide 5, each with
    the dates of the cohort it is measured on, never a dash."""
    url, _ = demo_server
    label = {"da": "I job/uddannelse inden 12 mdr.", "en": "In job or education within 12 months"}
    query = "" if lang == "da" else "?lang=en"
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        for path in ("", "resultater"):
            page.goto(f"{url}/{path}{query}")
            _settle(page)
            page.get_by_text(label[lang], exact=True).first.wait_for(timeout=60_000)
            value = _cards(page)[label[lang]]
            assert PERCENT[lang].match(value), f"{path or 'overblik'}: {value!r}"
            cohort = cohort_text(page.url, lang)
            assert cohort in page.inner_text("body"), path or "overblik"
        page.goto(f"{url}/sammenlign{query}")
        _settle(page)
        assert cohort in page.inner_text("body")
        # The chart of one KPI, the first of the page (the fair comparison's funnel follows).
        drawn = page.locator(".js-plotly-plot").first.text_content()
        shares = re.findall(r"\d{1,3}[,.]\d ?%", drawn)
        assert len(shares) >= 5, drawn  # a share over each site's bar, and the programme's
        page.goto(f"{url}/praesentation{query}")
        _settle(page)
        for number in range(2, 6):
            page.keyboard.press("ArrowRight")
            deadline = time.monotonic() + 30
            while f"{number} / 13" not in page.inner_text("body"):
                assert time.monotonic() < deadline, f"slide {number} did not come"
                time.sleep(0.2)
        time.sleep(1.0)
        big = page.locator(".nw-big").inner_text().strip()
        assert PERCENT[lang].match(big), big
        assert cohort in page.inner_text("body")
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_page_and_slide_photographed(demo_server, browser, size, lang):  # noqa: F811
    """Every page and every slide at this screen size and language, into the artifacts;
    none shows an error box."""
    url, _ = demo_server
    tag = f"{size[0]}x{size[1]}-{lang}"
    query = "" if lang == "da" else "?lang=en"
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    try:
        for name, path in pages.PAGES.items():
            if name == "praesentation":
                continue
            page.goto(f"{url}/{path}{query}")
            _settle(page)
            assert page.locator('[data-testid="stException"]').count() == 0, name
            _shoot(page, f"{name}-{tag}", size)
        page.goto(f"{url}/praesentation{query}")
        _settle(page)
        for number in range(1, 14):
            if number > 1:
                page.keyboard.press("ArrowRight")
                deadline = time.monotonic() + 30
                while f"{number} / 13" not in page.inner_text("body"):
                    assert time.monotonic() < deadline, f"slide {number} did not come"
                    time.sleep(0.2)
                time.sleep(1.0)
            assert page.locator('[data-testid="stException"]').count() == 0, number
            _shoot(page, f"slide-{number:02d}-{tag}", size, whole=False)
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_deck_converted_with_libreoffice(demo_server, browser, lang, tmp_path):  # noqa: F811
    """The PowerPoint of the default view, as the page's button writes it, converted to PDF
    by LibreOffice into the artifacts: thirteen pages."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed here; CI installs it")
    url, _ = demo_server
    page = browser.new_page(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    try:
        page.goto(f"{url}/praesentation" + ("" if lang == "da" else "?lang=en"))
        _settle(page)
        with page.expect_download(timeout=60_000) as info:
            page.locator(".st-key-presentation_download button").click()
        deck = tmp_path / f"deck-{lang}.pptx"
        info.value.save_as(str(deck))
    finally:
        page.close()
    result = subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(deck)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = tmp_path / f"deck-{lang}.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stdout + result.stderr
    assert b"/Count 13" in pdf.read_bytes()
    SCREENS.mkdir(parents=True, exist_ok=True)
    shutil.copy(pdf, SCREENS / pdf.name)
    converter = shutil.which("pdftoppm")
    if converter:  # each slide as a picture too, where poppler is installed
        subprocess.run(
            [converter, "-png", "-r", "60", str(pdf), str(SCREENS / f"deck-{lang}")],
            check=True,
            timeout=180,
        )
