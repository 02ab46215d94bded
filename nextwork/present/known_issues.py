"""What the project cannot fix itself: the WCAG failures in markup Streamlit draws (the
browser test lets exactly these pass) and the shortfalls no automated rule finds, both listed
in the accessibility statement with their upstream issues, and the statement's review date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class KnownIssue:
    """A WCAG failure in markup that Streamlit draws, which the app cannot change: the axe-core
    rule, the element (a CSS selector matching where axe reports it), and why, in Danish and
    English. The browser test lets exactly these pass; the accessibility statement lists them."""

    rule: str
    selector: str
    criterion: str
    da: str
    en: str
    upstream: str = ""  # the nearest open issue in Streamlit's tracker, if one was found


STREAMLIT = "Streamlit 1.67.0"
# Streamlit's open issue on accessible page structure, language and named links in general;
# no issue on the menu's list markup in particular was found.
STREAMLIT_STRUCTURE_ISSUE = "https://github.com/streamlit/streamlit/issues/8399"
FRAMEWORK_ISSUES = (
    KnownIssue(
        "list",
        '[data-testid="stSidebarNavItems"]',
        "1.3.1",
        f"Menuen i sidepanelet er en liste, hvor {STREAMLIT} lægger afsnittene som "
        "div-elementer direkte i ul-elementet, så en skærmlæser kan læse antallet af punkter "
        "forkert. Menuen kan stadig bruges med tastatur og skærmlæser: hvert punkt er et link "
        "med sit navn.",
        f"The sidebar menu is a list in which {STREAMLIT} puts the sections as div elements "
        "straight into the ul element, so a screen reader may announce the wrong number of "
        "items. The menu still works by keyboard and screen reader: each item is a link with "
        "its name.",
        STREAMLIT_STRUCTURE_ISSUE,
    ),
    KnownIssue(
        "listitem",
        '[data-testid="stSidebarNavItems"] li',
        "1.3.1",
        f"Samme fejl set fra punkterne: {STREAMLIT} lægger menuens li-elementer i et "
        "div-element i stedet for direkte i listen.",
        f"The same failure seen from the items: {STREAMLIT} puts the menu's li elements inside "
        "a div element instead of straight into the list.",
        STREAMLIT_STRUCTURE_ISSUE,
    ),
)


@dataclass(frozen=True)
class Limitation:
    """A shortfall that no automated rule finds (keyboard, screen reader), in code the project
    does not own: the WCAG criterion, what it means to a reader and the way round it, in
    Danish and English, and the upstream issue."""

    criterion: str
    da: str
    en: str
    upstream: str


LIMITATIONS = (
    Limitation(
        "2.1.1",
        "Detaljerne, der vises, når musen holdes over et diagram, kan ikke nås med tastaturet "
        "(diagrammerne tegnes af plotly). De samme tal står i tabellen under **Vis tal**.",
        "The details shown when the mouse rests on a chart cannot be reached by keyboard (the "
        "charts are drawn by plotly). The same numbers are in the table under **Show "
        "numbers**.",
        "https://github.com/plotly/plotly.js/issues/7708",
    ),
    Limitation(
        "2.1.1",
        f"Menuen med tre prikker i kolonneoverskrifterne i {STREAMLIT}s tabeller (sortering, "
        "skjul kolonne) kan ikke nås med tastaturet. Tabellernes tal kan hentes som CSV og "
        "Excel med knapperne under dem.",
        f"The three-dot menu in the column headers of {STREAMLIT}'s tables (sorting, hiding a "
        "column) cannot be reached by keyboard. The tables' figures can be downloaded as CSV "
        "and Excel with the buttons below them.",
        "https://github.com/streamlit/streamlit/issues/13332",
    ),
)

# The day the statement was last reviewed against the automated and manual checks.
STATEMENT_DATE = dt.date(2026, 12, 7)


def is_framework_issue(rule: str, matches) -> bool:
    """Whether axe's violation of `rule` on an element is one of FRAMEWORK_ISSUES; `matches`
    tells whether the element matches a CSS selector (the browser test asks the page)."""
    return any(issue.rule == rule and matches(issue.selector) for issue in FRAMEWORK_ISSUES)
