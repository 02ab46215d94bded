"""The accessibility statement: published in the app in Danish and English, naming what does
not comply (the same list the browser test allows), the date and whom to contact."""

from __future__ import annotations

import pytest

from nextwork import config
from nextwork.present import known_issues
from tests.apptest import open_app, texts
from tests.tiny_export import copy_tiny_db


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory, tiny_db_built):
    return copy_tiny_db(tiny_db_built, tmp_path_factory.mktemp("statement"))


def test_the_statement_in_danish(monkeypatch, tiny_db):
    """A citizen who cannot use a chart finds the statement: partially compliant, what is
    not (the sidebar menu's list drawn by Streamlit), when it was reviewed, whom to write."""
    at = open_app(monkeypatch, tiny_db, "tilgaengelighed")
    assert not at.exception
    assert at.title[0].value == "Tilgængelighedserklæring"
    shown = texts(at)
    assert "delvist i overensstemmelse" in shown
    assert "axe-core: `list`" in shown and "axe-core: `listitem`" in shown
    assert "Streamlit 1.67.0" in shown
    assert "senest gennemgået 7. dec. 2026" in shown
    assert "Tekstafstand: med egen linjehøjde, bogstav- og ordafstand" in shown
    assert "Kontakt den dataansvarlige for NExTWORK i din kommune." in shown
    assert "Digitaliseringsstyrelsen" in shown


def test_the_statement_says_what_is_not_done_and_where_it_is_followed_up(monkeypatch, tiny_db):
    """A reader of the statement learns that no manual screen-reader test has been done, that
    the chart details under the mouse and the tables' column menus need a mouse (each with the
    way round it), and finds the issue with the developer for each shortfall."""
    at = open_app(monkeypatch, tiny_db, "tilgaengelighed")
    assert not at.exception
    shown = texts(at)
    assert "Der er endnu ikke lavet en manuel test med en skærmlæser" in shown
    assert "https://github.com/plotly/plotly.js/issues/7708" in shown
    assert "https://github.com/streamlit/streamlit/issues/13332" in shown
    assert "[sag hos udvikleren](https://github.com/streamlit/streamlit/issues/8399)" in shown
    assert "320 pixel bredde og ved 200 % zoom" in shown
    assert "piletasterne skifter dias, og PowerPoint-filen hentes med Enter" in shown
    english = texts(open_app(monkeypatch, tiny_db, "tilgaengelighed", lang="en"))
    assert "No manual test with a screen reader" in english
    assert "[issue with the developer](https://github.com/plotly/plotly.js/issues/7708)" in english


def test_the_statement_in_english_with_a_contact(monkeypatch, tiny_db, tmp_path):
    """With a contact set by the operator, the English statement names it."""
    settings = tmp_path / "settings.toml"
    settings.write_text('[accessibility]\ncontact = "web@vejle.dk"\n', encoding="utf-8")
    monkeypatch.setenv("NEXTWORK_SETTINGS", str(settings))
    config.settings.cache_clear()
    try:
        at = open_app(monkeypatch, tiny_db, "tilgaengelighed", lang="en")
        assert not at.exception
        assert at.title[0].value == "Accessibility statement"
        shown = texts(at)
        assert "partially compliant" in shown
        assert "Contact: web@vejle.dk" in shown
        assert "last reviewed on 7 Dec 2026" in shown
        assert "Text spacing: with your own line height, letter and word spacing" in shown
    finally:
        config.settings.cache_clear()


def test_every_framework_issue_names_rule_element_and_reason():
    """Each failure let through is named by its rule and element, with a reason in both
    languages."""
    assert [(i.rule, i.selector) for i in known_issues.FRAMEWORK_ISSUES] == [
        ("list", '[data-testid="stSidebarNavItems"]'),
        ("listitem", '[data-testid="stSidebarNavItems"] li'),
    ]
    for issue in known_issues.FRAMEWORK_ISSUES:
        assert issue.da and issue.en and issue.criterion == "1.3.1"
        assert issue.upstream == "https://github.com/streamlit/streamlit/issues/8399"
    assert [item.upstream for item in known_issues.LIMITATIONS] == [
        "https://github.com/plotly/plotly.js/issues/7708",
        "https://github.com/streamlit/streamlit/issues/13332",
    ]
