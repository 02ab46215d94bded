"""NExTWORK Indsigt: the frame around every page (page setup, shared filters, navigation)."""

import streamlit as st

from nextwork import formats
from nextwork.config import ROOT
from nextwork.metrics import fair
from nextwork.web import accessibility, signin, ui
from nextwork.web.pages import PAGES
from nextwork.web.ui import t

st.set_page_config(
    page_title="NExTWORK Indsigt",
    page_icon=str(ROOT / "assets" / "favicon.png"),
    layout="wide",
    initial_sidebar_state="auto",  # collapsed on a phone
)

if not ui.db_path().exists():
    st.error(
        f"Der er ingen database i {ui.db_path()}. Start med `make run`, som indlæser "
        "demodata, eller indlæs et udtræk: `python -m nextwork import MAPPE --db "
        f"{ui.db_path()}`."
    )
    st.stop()
try:
    fair.check_settings()
except ValueError as e:  # also stopped at the server's start (nextwork.web.appserver)
    st.error(f"Indstillingerne kan ikke bruges / The settings cannot be used: {e}")
    st.stop()
ui.check_files(str(ui.db_path()))  # looser file permissions go to the server's log


def page(name: str, title: str, icon: str):
    """The page `name` of `nextwork.web.pages` (its view, its URL path; "" = the overview)."""
    path = PAGES[name]
    return st.Page(
        f"views/{name}.py", title=title, icon=icon, url_path=path or None, default=not path
    )


def frame() -> None:
    viewer = signin.gate()
    filters = ui.sidebar_filters()
    accessibility.page_setup(filters.lang)
    signin.sidebar_account(viewer)

    pages = {
        t("Overblik", "Overview"): [
            page("overblik", t("Overblik", "Overview"), ":material/dashboard:"),
        ],
        t("Indsigt", "Insight"): [
            page("unge", t("Unge", "Young people"), ":material/groups:"),
            page("virksomheder", t("Virksomheder", "Companies"), ":material/business:"),
            page("praktik", t("Praktikforløb", "Placements"), ":material/work_history:"),
            page("resultater", t("Resultater", "Outcomes"), ":material/school:"),
        ],
        t("Sammenligning", "Comparison"): [
            page(
                "sammenlign", t("Sammenlign kommuner", "Compare sites"), ":material/compare_arrows:"
            ),
            page("principper", t("Principper", "Principles"), ":material/verified:"),
            page("okonomi", t("Økonomi", "Cost"), ":material/payments:"),
            page("effekt", t("Effekt", "Effect"), ":material/science:"),
            page("praesentation", t("Præsentation", "Presentation"), ":material/slideshow:"),
        ],
        t("Om data", "About the data"): [
            page("data", "Data", ":material/upload_file:"),
            page("definitioner", t("Definitioner", "Definitions"), ":material/menu_book:"),
            page(
                "tilgaengelighed",
                t("Tilgængelighed", "Accessibility"),
                ":material/accessibility_new:",
            ),
        ],
    }

    # Every page in the menu at once: Streamlit folds the ones after the tenth under
    # "View more" otherwise, where a reader would not look for the definitions.
    navigation = st.navigation(pages, expanded=True)

    with st.sidebar:
        freshness = ui.facts()["freshness"]
        # Every site this person may see, selected or not; never another manager's.
        visible = viewer.visible_scope(ui.facts()["municipalities"])
        freshness = freshness[freshness["municipality"].isin(visible)]
        if len(freshness):
            st.caption(
                t("Data indlæst", "Data loaded")
                + ": "
                + " · ".join(
                    f"{row.municipality} {formats.date(row.imported_at.date(), filters.lang)}"
                    for row in freshness.itertuples()
                )
            )

    navigation.run()


# One database file for the whole run, even if an import swaps a new one in meanwhile.
version = ui.pin_data()
try:
    frame()
finally:
    ui.unpin_data(version)
