"""The Data page's undo of an import, for an administrator: an earlier version of the
database, kept by each import, swapped back in (the current one kept in turn)."""

import pandas as pd
import streamlit as st

from nextwork.ingest import history as undo
from nextwork.ingest import store
from nextwork.web import access, ui
from nextwork.web.sections.data_page_tables import when
from nextwork.web.ui import t


def undo_section(person: access.Viewer, lang: str) -> None:
    """The versions kept, a choice of one and the button that restores it."""
    st.subheader(t("Fortryd en indlæsning", "Undo an import"))
    kept = undo.versions(ui.db_path(), with_changes=False)
    if "data_restored" in st.session_state:
        st.success(st.session_state.pop("data_restored"), icon=":material/history:")
    if not kept:
        st.caption(
            t(
                "Der er ingen tidligere versioner endnu: hver indlæsning gemmer den version, "
                "den erstatter.",
                "There are no earlier versions yet: each import keeps the version it replaces.",
            )
        )
        return
    st.caption(
        t(
            f"De seneste {len(kept)} versioner af databasen, før hver indlæsning. At gendanne "
            "en erstatter alle kommuners data med den version; den nuværende gemmes, så det "
            "kan fortrydes igen.",
            f"The latest {len(kept)} versions of the database, each as it was before an "
            "import. Restoring one replaces every municipality's data with that version; the "
            "current one is kept, so this can be undone too.",
        )
    )
    labels = {
        v.id: f"{when(pd.Timestamp(v.replaced_at), lang)} · {v.describe(lang, source=False)}"
        for v in kept
    }
    chosen = st.selectbox(
        t("Versionen før", "The version before"),
        list(labels),
        format_func=lambda v: labels[v],
        key="data_restore_version",
    )
    if st.button(
        t("Gendan denne version", "Restore this version"),
        key="data_restore",
        icon=":material/history:",
    ):
        try:
            undo.restore(ui.db_path(), chosen, person.email, person.describe())
        except store.Busy:
            st.warning(
                t(
                    "En indlæsning var i gang for længe. Intet er ændret; prøv igen om lidt.",
                    "An import was running for too long. Nothing was changed; try again later.",
                )
            )
            return
        st.session_state["data_restored"] = t(
            f"Versionen fra før {ui.plain(labels[chosen])} er gendannet. Alle sider viser den nu.",
            f"The version from before {ui.plain(labels[chosen])} is restored. Every page shows "
            "it now.",
        )
        st.rerun()
