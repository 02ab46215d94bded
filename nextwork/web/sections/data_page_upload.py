"""The Data page's loading of a new export: the Excel template, who may load, and for an
administrator the upload itself with its progress, what became of it (loaded, rejected with
every problem located, refused) and files on the server that others can read."""

import streamlit as st

from nextwork import formats
from nextwork.config import ROOT
from nextwork.ingest import store, template
from nextwork.web import access, ui, upload
from nextwork.web.sections.data_page_tables import BUSY, TABLES, problem_table, when
from nextwork.web.ui import t

STEPS = {  # progress, Danish, English
    "received": (0.1, "Modtager filerne …", "Receiving the files …"),
    "unpacked": (0.3, "Filerne er pakket ud.", "The files are unpacked."),
    "checking": (
        0.4,
        "Kontrollerer og indlæser udtrækket … (et stort udtræk tager et par minutter)",
        "Checking and loading the export … (a large export takes a few minutes)",
    ),
    "done": (1.0, "Færdig.", "Done."),
}


def template_button(lang: str) -> None:
    """The Excel template to fill in, as one export."""
    st.caption(
        t(
            "Holder teamet sine data i Excel? Skabelonen har et ark pr. tabel med lister at "
            "vælge fra og en vejledning; udfyldt indlæses den som den er, som ét udtræk.",
            "Does the team keep its records in Excel? The template has a sheet per table with "
            "lists to choose from and instructions; filled in, it loads as it is, as one export.",
        )
    )
    name = t("nextwork-skabelon.xlsx", "nextwork-template.xlsx")
    st.download_button(
        t("Skabelon til Excel", "Excel template"),
        ui.audited_file(lambda: template.build(lang), name),
        file_name=name,
        mime=template.MIME,
        key="data_template",
        icon=":material/table_view:",
    )


def not_allowed(person: access.Viewer) -> bool:
    """Say why this person cannot load an export here; False for an administrator."""
    if not person.signed_in:
        # The database's place on the server only where it is the project's own.
        database = ui.db_path().resolve()
        database = database.relative_to(ROOT) if ROOT in database.parents else "DATABASE"
        st.info(
            t(
                "Der er ikke sat log ind op, så ingen er administrator, og data kan ikke "
                "indlæses her. Indlæs et udtræk på kommandolinjen: "
                f"`python -m nextwork import MAPPE --db {database}`.",
                "No sign-in is set up, so nobody is an administrator and data cannot be loaded "
                "here. Load an export on the command line: "
                f"`python -m nextwork import FOLDER --db {database}`.",
            ),
            icon=":material/terminal:",
        )
        return True
    if person.role != "admin":
        st.info(
            t("Kun administratorer kan indlæse data.", "Only administrators can load data."),
            icon=":material/lock:",
        )
        return True
    return False


def upload_section(person: access.Viewer, lang: str) -> None:
    """For an admin: the files, the button, the progress, and what became of the upload."""
    generation = st.session_state.setdefault("data_upload_generation", 0)
    chosen = st.file_uploader(
        t("Udtrækkets filer, eller én zip-fil med dem", "The export's files, or one zip of them"),
        type=["csv", "xlsx", "parquet", "zip"],
        accept_multiple_files=True,
        key=f"data_upload_{generation}",
        max_upload_size=upload.max_mb(),
        help=t(
            f"participants, companies, placements, activities, outcomes og costs som .csv, "
            f".xlsx eller .parquet; højst {upload.max_mb()} MB i alt.",
            f"participants, companies, placements, activities, outcomes and costs as .csv, "
            f".xlsx or .parquet; at most {upload.max_mb()} MB in all.",
        ),
    )
    if st.button(
        t("Kontrollér og indlæs", "Check and load"),
        key="data_import",
        type="primary",
        icon=":material/upload:",
        disabled=not chosen,
    ):
        with st.status(t(*STEPS["received"][1:]), expanded=True) as status:
            bar = st.progress(0.0)

            def progress(step: str) -> None:
                value, da, en = STEPS[step]
                number = list(STEPS).index(step) + 1
                bar.progress(value, text=t(f"Trin {number} af 4", f"Step {number} of 4"))
                status.update(label=t(da, en), expanded=True)

            received = [upload.Received(c.name, c.getbuffer()) for c in chosen]
            outcome = upload.load(received, ui.db_path(), person, progress=progress)
        st.session_state["data_upload_outcome"] = outcome
        st.session_state["data_upload_generation"] = generation + 1
        st.rerun()  # every figure on the page (and in the sidebar) from the new file
    if "data_upload_outcome" in st.session_state:
        show(st.session_state["data_upload_outcome"], lang)
    loose = store.loose_files(ui.db_path())
    if loose:
        st.warning(
            t(
                "Disse filer kan læses af flere brugere på serveren, end de bør "
                f"(ønsket: {store.file_mode():04o}): ",
                "These files can be read by more users on the server than they should "
                f"(wanted: {store.file_mode():04o}): ",
            )
            + ui.plain("; ".join(f"{p.name} {m:04o}" for p, m in loose)),
            icon=":material/shield:",
        )


def show(outcome: upload.Outcome, lang: str) -> None:
    """What became of the last upload in this session."""
    result, at = outcome.result, when(outcome.finished_at, lang)
    if outcome.status == "accepted":
        loaded(outcome, at)
    elif outcome.status == "rejected":
        errors = formats.number(result.count_errors, lang)
        st.error(
            t(
                f"Udtrækket er afvist ({at}): {errors} fejl. Intet er ændret i databasen. Ret "
                "filerne, og indlæs dem igen.",
                f"The export was rejected ({at}): {errors} errors. Nothing was changed in the "
                "database. Correct the files and load them again.",
            ),
            icon=":material/error:",
        )
    elif outcome.status == "refused":
        st.error(
            t(outcome.refusal.da, outcome.refusal.en)
            + t(" Intet er ændret.", " Nothing was changed."),
            icon=":material/block:",
        )
    elif outcome.failure == "busy":
        st.warning(t(*BUSY))
    else:
        st.error(
            t(
                f"Databasen kunne ikke skrives ({outcome.failure}). Intet er ændret.",
                f"The database could not be written ({outcome.failure}). Nothing was changed.",
            )
        )
    if outcome.ignored:
        st.info(
            t(
                "Ikke en del af et udtræk, så ikke indlæst: ",
                "Not part of an export, so not loaded: ",
            )
            + ", ".join(ui.plain(name) for name in outcome.ignored),
            icon=":material/info:",
        )
    if result is not None and (result.errors or result.warnings):
        title = (
            t("Advarsler", "Warnings")
            if result.ok
            else t("Valideringsrapport", "Validation report")
        )
        st.markdown(f"**{title}**")
        if result.unlisted_errors or result.unlisted_warnings:
            st.caption(
                t("Yderligere ", "A further ")
                + formats.number(result.unlisted_errors + result.unlisted_warnings, lang)
                + t(
                    " problemer af samme slags er talt, men ikke listet.",
                    " problems of the same kinds were counted but not listed.",
                )
            )
        problem_table(outcome, "data_problems", lang)


def loaded(outcome: upload.Outcome, at: str) -> None:
    """An export loaded: which sites, and the rows the database now holds for each."""
    sites = ", ".join(outcome.result.municipalities)
    st.success(
        t(
            f"Udtrækket er indlæst ({at}): {sites}. Alle sider viser nu de nye tal.",
            f"The export was loaded ({at}): {sites}. Every page now shows the new figures.",
        ),
        icon=":material/check_circle:",
    )
    st.markdown(t("**Rækker pr. tabel og kommune**", "**Rows per table and municipality**"))
    st.caption(
        t(
            "Rækkerne, databasen nu har for hver kommune, fra participants, companies, "
            "placements, activities, outcomes og costs.",
            "The rows the database now holds for each municipality, from participants, "
            "companies, placements, activities, outcomes and costs.",
        )
    )
    counts = outcome.counts.rename(columns={c: t(*label) for c, label in TABLES.items()})
    ui.number_table(counts, t("indlaeste-raekker", "loaded-rows"), key="data_rows")
