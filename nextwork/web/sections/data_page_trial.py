"""The Data page's loading of the randomised trial's results, for an administrator: the file
replaces the stored results whole, or is rejected with every problem located and nothing
changed."""

import streamlit as st

from nextwork import formats
from nextwork.ingest import store
from nextwork.web import access, ui, upload
from nextwork.web.sections.data_page_tables import BUSY, downloads, labelled_problems
from nextwork.web.ui import t


def trial_section(person: access.Viewer, lang: str) -> None:
    """The trial file's upload, and what became of it in this session."""
    from nextwork.ingest import trial

    st.subheader(t("Indlæs forsøgsresultater", "Load trial results"))
    st.caption(
        t(
            "Forskernes sammentællinger fra forsøget: én række pr. kommune, gruppe (nextwork "
            "eller control) og uge efter lodtrækningen, som data/README.md beskriver. En ny fil "
            "erstatter de tidligere forsøgsresultater helt. Siden Effekt viser dem.",
            "The researchers' counts from the trial: one row per site, arm (nextwork or "
            "control) and week since randomisation, as data/README.md describes. A new file "
            "replaces the earlier trial results entirely. The Effect page shows them.",
        )
    )
    generation = st.session_state.setdefault("data_trial_generation", 0)
    chosen = st.file_uploader(
        t("Forsøgsfilen (.csv eller .xlsx)", "The trial file (.csv or .xlsx)"),
        type=["csv", "xlsx"],
        key=f"data_trial_upload_{generation}",
        max_upload_size=upload.max_mb(),
    )
    if st.button(
        t("Kontrollér og indlæs forsøget", "Check and load the trial"),
        key="data_trial_load",
        icon=":material/science:",
        disabled=chosen is None,
    ):
        try:
            result = trial.upload(chosen.name, bytes(chosen.getbuffer()), ui.db_path(), person)
        except store.Busy:
            result = None
        st.session_state["data_trial_result"] = result
        st.session_state["data_trial_generation"] = generation + 1
        st.rerun()
    if "data_trial_result" not in st.session_state:
        return
    result = st.session_state["data_trial_result"]
    if result is None:
        st.warning(t(*BUSY))
        return
    if result.ok:
        sites, rows = ", ".join(result.municipalities), formats.number(result.rows, lang)
        st.success(
            t(
                f"Forsøgsresultaterne er indlæst: {sites} ({rows} rækker).",
                f"The trial results were loaded: {sites} ({rows} rows).",
            ),
            icon=":material/check_circle:",
        )
    else:
        errors = formats.number(len(result.errors), lang)
        st.error(
            t(
                f"Forsøgsfilen er afvist: {errors} fejl. Intet er ændret.",
                f"The trial file was rejected: {errors} errors. Nothing was changed.",
            ),
            icon=":material/error:",
        )
    if result.errors or result.warnings:
        table = labelled_problems(trial.problems(result))
        st.dataframe(table, hide_index=True, key="data_trial_problems")
        downloads(table, t("forsoeg-rapport", "trial-report"), "data_trial_problems_download")
