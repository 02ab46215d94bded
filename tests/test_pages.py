"""Every page renders on the tiny export without an exception, in both languages, and the
overview shows the figures the KPI tests counted by hand."""

from __future__ import annotations

import pytest

from tests.apptest import PAGES, YEAR_2024, open_app, texts
from tests.tiny_export import copy_tiny_db


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory, tiny_db_built):
    return copy_tiny_db(tiny_db_built, tmp_path_factory.mktemp("pages"))


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("page", list(PAGES))
def test_page_renders(monkeypatch, tiny_db, page, lang):
    """Anyone opening any page, in Danish or English, gets the page and no error box."""
    at = open_app(monkeypatch, tiny_db, page, lang=lang, **YEAR_2024)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "every page has a title"


def metric(at, label):
    matches = [m for m in at.metric if m.label == label]
    assert matches, f"no card {label!r} among {[m.label for m in at.metric]}"
    return matches[0]


def test_overview_cards_show_the_hand_counted_year_2024(monkeypatch, tiny_db):
    """A manager opening a link to 2024 sees 9 active and 7 new young people, 5 companies in
    the network, 10 placements started and 80,0 % in job or education within 12 months."""
    at = open_app(monkeypatch, tiny_db, **YEAR_2024)
    assert metric(at, "Aktive unge").value == "9"
    assert metric(at, "Nye unge").value == "7"
    assert metric(at, "Virksomheder i netværket").value == "5"
    assert metric(at, "Påbegyndte praktikforløb").value == "10"
    assert metric(at, "I job/uddannelse inden 12 mdr.").value == "80,0 %"
    assert metric(at, "Fastholdt 6 mdr. efter start").value == "66,7 %"


def test_overview_in_english_uses_english_formats(monkeypatch, tiny_db):
    """A foundation analyst switching to English reads 80.0% and English labels."""
    at = open_app(monkeypatch, tiny_db, lang="en", **YEAR_2024)
    assert metric(at, "Active young people").value == "9"
    assert metric(at, "In job or education within 12 months").value == "80.0%"


def test_municipality_filter_through_the_url(monkeypatch, tiny_db):
    """A link naming Vejle shows Vejle's own figures: 5 active young people in 2024."""
    at = open_app(monkeypatch, tiny_db, municipality="Vejle", **YEAR_2024)
    assert metric(at, "Aktive unge").value == "5"
    assert at.query_params["municipality"] == "Vejle"


def test_municipality_filter_through_the_widget(monkeypatch, tiny_db):
    """A manager choosing Horsens in the sidebar sees Horsens' 4 active young people, and the
    link now names Horsens."""
    at = open_app(monkeypatch, tiny_db, **YEAR_2024)
    at.multiselect(key="municipality").set_value(["Horsens"]).run()
    assert metric(at, "Aktive unge").value == "4"
    assert at.query_params["municipality"] == "Horsens"


def test_bad_url_values_fall_back_with_a_notice(monkeypatch, tiny_db):
    """A mistyped link still opens the overview, with the default period and a notice."""
    at = open_app(monkeypatch, tiny_db, start="2024-13-01", end="x", municipality="Atlantis")
    assert not at.exception
    assert "Atlantis" in texts(at)
    assert metric(at, "Aktive unge")


def test_overview_table_has_a_row_per_municipality_and_a_total(monkeypatch, tiny_db):
    """The table on the overview lists Horsens, Vejle and the programme (both sites are all
    there are), with 2024's counts; with Vejle alone, Vejle and the programme, never Vejle
    twice."""
    at = open_app(monkeypatch, tiny_db, **YEAR_2024)
    table = at.dataframe[0].value
    assert list(table["Kommune"]) == ["Horsens", "Vejle", "Programmet"]
    assert list(table["Aktive unge"]) == [4, 5, 9]
    at = open_app(monkeypatch, tiny_db, municipality="Vejle", **YEAR_2024)
    table = at.dataframe[0].value
    assert list(table["Kommune"]) == ["Vejle", "Programmet"]
    assert list(table["Aktive unge"]) == [5, 9]


def test_custom_range_through_the_url(monkeypatch, tiny_db):
    """A link with a period that is no preset (March to May 2024) opens as a custom range and
    counts the 5 young people enrolled then: V3 | H1 H2 H4 H5 (V1 left on 1 January)."""
    at = open_app(monkeypatch, tiny_db, start="2024-03-01", end="2024-05-31", as_of="2025-06-30")
    assert at.selectbox(key="period").value == "custom"
    assert metric(at, "Aktive unge").value == "5"
    assert at.query_params["start"] == "2024-03-01"


def test_period_preset_through_the_widget(monkeypatch, tiny_db):
    """A manager picking "Sidste år" with data as of 30 June 2025 sees 2024 (9 active young
    people) and the link names 2024's first and last day."""
    at = open_app(monkeypatch, tiny_db, start="2025-01-01", end="2025-06-30", as_of="2025-06-30")
    at.selectbox(key="period").set_value("last_year").run()
    assert metric(at, "Aktive unge").value == "9"
    assert (at.query_params["start"], at.query_params["end"]) == ("2024-01-01", "2024-12-31")


FIRST_HALF_2025 = {"start": "2025-01-01", "end": "2025-06-30", "as_of": "2025-06-30"}


def test_overview_headline_comes_from_the_cohort_with_full_follow_up(monkeypatch, tiny_db):
    """Nobody enrolled in the first half of 2025 has 12 months of follow-up by 30 June 2025,
    so the headline is measured on those enrolled 1 July 2023 - 30 June 2024 (V3 V6 | H1 H4
    H5: 4 of 5 in job or education within 12 months), with those dates under the figure, in
    one sentence against the 75 % target and the status quo of about 30 %."""
    at = open_app(monkeypatch, tiny_db, **FIRST_HALF_2025)
    card = metric(at, "I job/uddannelse inden 12 mdr.")
    assert (card.value, card.delta) == ("80,0 %", "+5,0 pct.-point")
    shown = texts(at)
    assert "unge indskrevet 1. jul. 2023 – 30. jun. 2024" in shown
    assert (
        "Programmet: 80 % i job eller uddannelse inden 12 måneder, 5 point over målet og "
        "50 point over de ca. 30 % før programmet."
    ) in shown
    table = at.dataframe[0].value
    assert list(table["I job/uddannelse inden 12 mdr. (%)"]) == [66.7, 100.0, 80.0]


def test_overview_headline_for_one_site_against_the_programme(monkeypatch, tiny_db):
    """Vejle alone, in English: 2 of 2 (100%) against the programme's 4 of 5 (80%), the
    programme's value under Vejle's on the card."""
    at = open_app(monkeypatch, tiny_db, municipality="Vejle", lang="en", **FIRST_HALF_2025)
    assert metric(at, "In job or education within 12 months").value == "100.0%"
    shown = texts(at)
    assert (
        "Vejle: 100% in a job or education within 12 months, 25 points above the target and "
        "20 points above the programme."
    ) in shown
    assert "Programme: 80.0%" in shown
    assert "young people enrolled 1 Jul 2023 – 30 Jun 2024" in shown


def test_as_of_day_through_the_widget(monkeypatch, tiny_db):
    """A reader setting "Opgjort pr." to 31 December 2024 in the sidebar sees the last 12
    months up to it, 2024 (9 active young people), and the link names that day and period;
    the one key `as_of` holds the day for the widget and the link alike."""
    import datetime as dt

    at = open_app(monkeypatch, tiny_db)
    at.date_input(key="as_of").set_value(dt.date(2024, 12, 31)).run()
    assert not at.exception
    assert metric(at, "Aktive unge").value == "9"
    assert (at.query_params["start"], at.query_params["end"]) == ("2024-01-01", "2024-12-31")
    assert at.query_params["as_of"] == "2024-12-31"
    assert at.session_state["filters"].as_of == dt.date(2024, 12, 31)
