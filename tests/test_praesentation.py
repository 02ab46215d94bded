"""The presentation page: a slide show for one site or the whole programme, moved through with
buttons (or the arrow keys, which press them), with small numbers always suppressed, and its
PowerPoint download made only when clicked and audited.

Expected values are the tiny export's hand counts for 2024 (`YEAR_2024` in tests/test_kpis.py).
"""

from __future__ import annotations

import html
import io

import plotly.io
import pytest
from pptx import Presentation

from nextwork.ingest import audit
from tests.apptest import YEAR_2024, open_app
from tests.tiny_export import copy_tiny_db


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory, tiny_db_built):
    return copy_tiny_db(tiny_db_built, tmp_path_factory.mktemp("praesentation"))


def title(at) -> str:
    return at.title[0].value


def number(at) -> str:
    """The slide number under the slide, "3 / 13"."""
    found = [m.value.strip("*") for m in at.markdown if " / " in m.value and "<" not in m.value]
    assert len(found) == 1, [m.value for m in at.markdown]
    return found[0]


def big(at) -> str:
    """The slide's one big number."""
    found = [m.value for m in at.markdown if "nw-big" in m.value]
    assert len(found) == 1
    return html.unescape(found[0].split(">", 1)[1].split("<", 1)[0])


def test_next_and_previous_move_through_the_slides(monkeypatch, tiny_db):
    """A manager presenting the whole programme's 2024 clicks Next from the title slide to the
    young people (9 active) and the companies (5 in the network), and back again."""
    at = open_app(monkeypatch, tiny_db, "praesentation", **YEAR_2024)
    assert not at.exception
    assert (title(at), number(at)) == ("NExTWORK: hele programmet", "1 / 13")
    assert at.button(key="presentation_previous").disabled
    at.button(key="presentation_next").click().run()
    assert (title(at), number(at), big(at)) == ("Unge i NExTWORK", "2 / 13", "9")
    at.button(key="presentation_next").click().run()
    assert (title(at), number(at), big(at)) == ("Virksomhedsnetværket", "3 / 13", "5")
    at.button(key="presentation_previous").click().run()
    assert (title(at), number(at)) == ("Unge i NExTWORK", "2 / 13")
    for _ in range(11):
        at.button(key="presentation_next").click().run()
    assert (title(at), number(at)) == ("Definitioner og data", "13 / 13")
    assert at.button(key="presentation_next").disabled


def test_the_slide_show_in_english(monkeypatch, tiny_db):
    """A foundation analyst presenting in English reads English titles and formats."""
    at = open_app(monkeypatch, tiny_db, "praesentation", lang="en", **YEAR_2024)
    assert (title(at), number(at)) == ("NExTWORK: the whole programme", "1 / 13")
    for _ in range(4):
        at.button(key="presentation_next").click().run()
    # 4 of 5 young people followed for 12 months started a job or education.
    assert (title(at), number(at)) == ("Job or education within 12 months", "5 / 13")
    # Suppression is always on here, even for this admin: 4 of 5 rests on a numerator of 4.
    assert big(at) == "–"


def test_one_site_with_small_numbers_suppressed(monkeypatch, tiny_db):
    """A link naming Horsens presents Horsens: its 4 active young people read <5 on the
    projector, whoever presents. Choosing Vejle on the page presents Vejle's 5."""
    at = open_app(monkeypatch, tiny_db, "praesentation", municipality="Horsens", **YEAR_2024)
    assert title(at) == "NExTWORK i Horsens"
    at.button(key="presentation_next").click().run()
    assert big(at) == "<5"
    chart = plotly.io.from_json(at.get("plotly_chart")[0].proto.spec)
    assert [list(bars.text) for bars in chart.data] == [["<5", "<5"], ["0", "<5"]]
    at.selectbox(key="presentation_site").set_value("Vejle").run()
    assert (title(at), big(at)) == ("Unge i NExTWORK", "5")


def test_the_deck_is_made_on_click_and_audited(monkeypatch, tiny_db, deferred):
    """The PowerPoint button writes the deck only when clicked, suppressed unless the admin
    chose exact figures (then its first slide says it is internal); each click is audited."""
    made = deferred
    at = open_app(monkeypatch, tiny_db, "praesentation", municipality="Horsens", **YEAR_2024)
    name = "nextwork_horsens_2024-01-01_2024-12-31.pptx"
    button = next(b for b in at.get("download_button") if b.proto.id.endswith("download"))
    assert button.proto.deferred_file_id and not button.proto.url
    slides = list(Presentation(io.BytesIO(made[name]())).slides)
    assert len(slides) == 13
    assert any(s.has_text_frame and s.text_frame.text == "<5" for s in slides[1].shapes)
    button.click().run()
    assert [e[4] for e in audit.entries(tiny_db) if e[2] == "export"][-1] == name

    at.toggle(key="exact_exports").set_value(True).run()
    slides = list(Presentation(io.BytesIO(made[name]())).slides)
    first = [s.text_frame.text for s in slides[0].shapes if s.has_text_frame]
    assert any(text.startswith("INTERNT") for text in first)
    assert any(s.has_text_frame and s.text_frame.text == "4" for s in slides[1].shapes)
    assert title(at) == "NExTWORK i Horsens", "the slide show itself stays suppressed"


def test_outcome_slide_names_the_cohort_and_the_first_slide_leads_with_the_headline(
    monkeypatch, tiny_db
):
    """For the first half of 2025 the outcome slide is measured on those enrolled 1 July
    2023 - 30 June 2024 and says so; slide 2 opens with the headline in one sentence (on
    the projector 4 of 5 is hidden, as a numerator under 5)."""
    at = open_app(
        monkeypatch,
        tiny_db,
        "praesentation",
        start="2025-01-01",
        end="2025-06-30",
        as_of="2025-06-30",
    )
    at.button(key="presentation_next").click().run()
    lead = [m.value for m in at.markdown if "nw-lead" in m.value]
    assert lead == [
        "<div class='nw-lead'>Programmet: for få unge med 12 måneders opfølgning til at vise "
        "andelen.</div>"
    ]
    for _ in range(3):
        at.button(key="presentation_next").click().run()
    assert title(at) == "Job eller uddannelse inden 12 måneder"
    shown = " ".join(m.value for m in at.markdown)
    assert "unge indskrevet 1. jul. 2023 – 30. jun. 2024" in shown
