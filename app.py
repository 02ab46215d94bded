"""NExTWORK Indsigt: the frame around every page (page setup, shared filters, navigation)."""

import streamlit as st

from nextwork import formats, signin, ui
from nextwork.db import ROOT
from nextwork.ui import t

st.set_page_config(
    page_title="NExTWORK Indsigt",
    page_icon=str(ROOT / "assets" / "favicon.png"),
    layout="wide",
    initial_sidebar_state="expanded",
)

if not ui.db_path().exists():
    st.error(
        f"Der er ingen database i {ui.db_path()}. Start med `make run`, som indlæser "
        "demodata, eller indlæs et udtræk: `python -m nextwork import MAPPE --db "
        f"{ui.db_path()}`."
    )
    st.stop()


def page(path: str, title: str, icon: str, url_path: str | None = None, default=False):
    return st.Page(path, title=title, icon=icon, url_path=url_path, default=default)


def frame() -> None:
    viewer = signin.gate()
    filters = ui.sidebar_filters()
    signin.sidebar_account(viewer)

    pages = {
        t("Overblik", "Overview"): [
            page(
                "views/overblik.py", t("Overblik", "Overview"), ":material/dashboard:", default=True
            ),
        ],
        t("Indsigt", "Insight"): [
            page("views/unge.py", t("Unge", "Young people"), ":material/groups:", "unge"),
            page(
                "views/virksomheder.py",
                t("Virksomheder", "Companies"),
                ":material/business:",
                "virksomheder",
            ),
            page(
                "views/praktik.py",
                t("Praktikforløb", "Placements"),
                ":material/work_history:",
                "praktik",
            ),
            page(
                "views/resultater.py",
                t("Resultater", "Outcomes"),
                ":material/school:",
                "resultater",
            ),
        ],
        t("Sammenligning", "Comparison"): [
            page(
                "views/sammenlign.py",
                t("Sammenlign kommuner", "Compare sites"),
                ":material/compare_arrows:",
                "sammenlign",
            ),
            page(
                "views/principper.py",
                t("Principper", "Principles"),
                ":material/verified:",
                "principper",
            ),
            page("views/okonomi.py", t("Økonomi", "Cost"), ":material/payments:", "okonomi"),
            page(
                "views/praesentation.py",
                t("Præsentation", "Presentation"),
                ":material/slideshow:",
                "praesentation",
            ),
        ],
        t("Om data", "About the data"): [
            page("views/data.py", "Data", ":material/upload_file:", "data"),
            page(
                "views/definitioner.py",
                t("Definitioner", "Definitions"),
                ":material/menu_book:",
                "definitioner",
            ),
        ],
    }

    navigation = st.navigation(pages)

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
