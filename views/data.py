"""Data: how recent each site's figures are and every import so far; for an administrator,
the upload of a new export, which is checked and loaded, or rejected with every problem
located and nothing changed."""

import datetime as dt

import pandas as pd
import streamlit as st

from nextwork import formats
from nextwork.config import ROOT
from nextwork.ingest import history as undo
from nextwork.ingest import store, template
from nextwork.ingest.importer import import_log
from nextwork.web import ui, upload
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
TABLES = {  # the export's files, as columns of the rows loaded
    "count_participants": ("Unge", "Young people"),
    "count_companies": ("Virksomheder", "Companies"),
    "count_placements": ("Praktikforløb", "Placements"),
    "count_activities": ("Aktiviteter", "Activities"),
    "count_outcomes": ("Resultater", "Outcomes"),
    "count_costs": ("Udgifter", "Costs"),
}
PROBLEM_COLUMNS = {
    "kind": ("Type", "Type"),
    "file": ("Fil", "File"),
    "row": ("Række", "Row"),
    "column": ("Kolonne", "Column"),
    "message": ("Problem", "Problem"),
}
KINDS = {"error": ("Fejl", "Error"), "warning": ("Advarsel", "Warning")}
HISTORY_COLUMNS = {
    "finished_at": ("Tidspunkt", "Time"),
    "status": ("Status", "Status"),
    "municipalities": ("Kommuner", "Municipalities"),
    "files": ("Filer (rækker)", "Files (rows)"),
    "count_errors": ("Fejl", "Errors"),
    "count_warnings": ("Advarsler", "Warnings"),
    "source": ("Kilde", "Source"),
    "report": ("Rapport", "Report"),
}
STATUSES = {"ok": ("Indlæst", "Loaded"), "rejected": ("Afvist", "Rejected")}

f = ui.current()
person = ui.viewer()


def when(value) -> str:
    """27. nov. 2026 kl. 05.31 (en: 27 Nov 2026, 05:31)."""
    if pd.isna(value):
        return "–"
    return formats.date(value.date(), f.lang) + value.strftime(t(" kl. %H.%M", ", %H:%M"))


def downloads(frame, name: str, key: str) -> None:
    """CSV and Excel of a table holding no figures about young people (nothing to suppress:
    row numbers, dates, counts of problems), written to the audit log like every download
    when the file is made for the reader."""
    row = st.container(horizontal=True)
    for kind, make, mime in (
        ("csv", lambda: upload.csv_bytes(frame), "text/csv"),
        ("xlsx", lambda: upload.xlsx_bytes(frame, name), upload.XLSX_MIME),
    ):
        row.download_button(
            "CSV" if kind == "csv" else "Excel",
            ui.audited_file(make, f"{name}.{kind}"),
            file_name=f"{name}.{kind}",
            mime=mime,
            key=f"{key}_{kind}",
            icon=":material/download:",
        )


def problem_table(outcome, key: str) -> None:
    table = upload.problems(outcome.result)
    table["kind"] = table["kind"].map(lambda k: t(*KINDS[k]))
    table = table.rename(columns={c: t(*label) for c, label in PROBLEM_COLUMNS.items()})
    row = t("Række", "Row")
    st.dataframe(
        table.style.format({row: lambda v: "–" if v == 0 else formats.number(v, f.lang)}),
        hide_index=True,
        key=key,
    )
    downloads(table, t("valideringsrapport", "validation-report"), f"{key}_download")


def show(outcome) -> None:
    """What became of the last upload in this session."""
    result, at = outcome.result, when(outcome.finished_at)
    if outcome.status == "accepted":
        st.success(
            t(
                f"Udtrækket er indlæst ({at}): {', '.join(result.municipalities)}. "
                "Alle sider viser nu de nye tal.",
                f"The export was loaded ({at}): {', '.join(result.municipalities)}. "
                "Every page now shows the new figures.",
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
    elif outcome.status == "rejected":
        st.error(
            t(
                f"Udtrækket er afvist ({at}): {formats.number(result.count_errors, f.lang)} "
                "fejl. Intet er ændret i databasen. Ret filerne, og indlæs dem igen.",
                f"The export was rejected ({at}): {formats.number(result.count_errors, f.lang)} "
                "errors. Nothing was changed in the database. Correct the files and load "
                "them again.",
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
        st.warning(
            t(
                "En anden indlæsning var i gang for længe. Intet er ændret; prøv igen om lidt.",
                "Another import was running for too long. Nothing was changed; try again later.",
            )
        )
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
        title = t("Valideringsrapport", "Validation report")
        if result.ok:
            title = t("Advarsler", "Warnings")
        st.markdown(f"**{title}**")
        if result.unlisted_errors or result.unlisted_warnings:
            st.caption(
                t("Yderligere ", "A further ")
                + formats.number(result.unlisted_errors + result.unlisted_warnings, f.lang)
                + t(
                    " problemer af samme slags er talt, men ikke listet.",
                    " problems of the same kinds were counted but not listed.",
                )
            )
        problem_table(outcome, "data_problems")


def trial_section() -> None:
    """For an admin: load the randomised trial's results (they replace the stored ones
    whole, or are rejected with every problem located and nothing changed)."""
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
        st.warning(
            t(
                "En anden indlæsning var i gang for længe. Intet er ændret; prøv igen om lidt.",
                "Another import was running for too long. Nothing was changed; try again later.",
            )
        )
        return
    if result.ok:
        st.success(
            t(
                f"Forsøgsresultaterne er indlæst: {', '.join(result.municipalities)} "
                f"({formats.number(result.rows, f.lang)} rækker).",
                f"The trial results were loaded: {', '.join(result.municipalities)} "
                f"({formats.number(result.rows, f.lang)} rows).",
            ),
            icon=":material/check_circle:",
        )
    else:
        st.error(
            t(
                f"Forsøgsfilen er afvist: {formats.number(len(result.errors), f.lang)} fejl. "
                "Intet er ændret.",
                f"The trial file was rejected: {formats.number(len(result.errors), f.lang)} "
                "errors. Nothing was changed.",
            ),
            icon=":material/error:",
        )
    if result.errors or result.warnings:
        table = trial.problems(result)
        table["kind"] = table["kind"].map(lambda k: t(*KINDS[k]))
        table = table.rename(columns={c: t(*label) for c, label in PROBLEM_COLUMNS.items()})
        st.dataframe(table, hide_index=True, key="data_trial_problems")
        downloads(table, t("forsoeg-rapport", "trial-report"), "data_trial_problems_download")


def undo_section() -> None:
    """For an admin: swap an earlier version of the database back in (undo an import)."""
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
        v.id: f"{when(pd.Timestamp(v.replaced_at))} · {v.describe(f.lang, source=False)}"
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


st.title("Data")
ui.banners(f)
st.markdown(
    t(
        "Hver kommune indlæser et nyt udtræk fra sit fagsystem hver måned. Et udtræk erstatter "
        "kommunens tidligere data helt, og kun hvis alle filer overholder datakontrakten.",
        "Each municipality loads a new export from its case system every month. An export "
        "replaces the municipality's earlier data entirely, and only if every file keeps to "
        "the data contract.",
    )
)

st.subheader(t("Hvor nye er tallene", "How recent the figures are"))
everyone = ui.facts()["municipalities"]
fresh = upload.freshness(ui.facts()["freshness"], dt.date.today(), person.visible_scope(everyone))
fresh = fresh.rename(
    columns={
        "municipality": t("Kommune", "Municipality"),
        "imported_at": t("Senest indlæst", "Last loaded"),
        "days_ago": t("Dage siden", "Days ago"),
    }
)
st.dataframe(
    fresh.style.format({t("Senest indlæst", "Last loaded"): when}),
    hide_index=True,
    key="data_fresh",
)
downloads(fresh, t("senest-indlaest", "last-loaded"), "data_fresh_download")

st.subheader(t("Indlæs et nyt udtræk", "Load a new export"))
st.caption(
    t(
        "Holder teamet sine data i Excel? Skabelonen har et ark pr. tabel med lister at vælge "
        "fra og en vejledning; udfyldt indlæses den som den er, som ét udtræk.",
        "Does the team keep its records in Excel? The template has a sheet per table with "
        "lists to choose from and instructions; filled in, it loads as it is, as one export.",
    )
)
template_name = t("nextwork-skabelon.xlsx", "nextwork-template.xlsx")
language = f.lang
st.download_button(
    t("Skabelon til Excel", "Excel template"),
    ui.audited_file(lambda: template.build(language), template_name),
    file_name=template_name,
    mime=template.MIME,
    key="data_template",
    icon=":material/table_view:",
)
if not person.signed_in:
    # The database's place on the server only where it is the project's own.
    database = ui.db_path().resolve()
    database = database.relative_to(ROOT) if ROOT in database.parents else "DATABASE"
    st.info(
        t(
            "Der er ikke sat log ind op, så ingen er administrator, og data kan ikke indlæses "
            "her. Indlæs et udtræk på kommandolinjen: "
            f"`python -m nextwork import MAPPE --db {database}`.",
            "No sign-in is set up, so nobody is an administrator and data cannot be loaded "
            "here. Load an export on the command line: "
            f"`python -m nextwork import FOLDER --db {database}`.",
        ),
        icon=":material/terminal:",
    )
elif person.role != "admin":
    st.info(
        t(
            "Kun administratorer kan indlæse data.",
            "Only administrators can load data.",
        ),
        icon=":material/lock:",
    )
else:
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
        show(st.session_state["data_upload_outcome"])
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
    trial_section()
    undo_section()

st.subheader(t("Indlæsninger", "Imports"))
history = upload.history(import_log(ui.db_path()), person, everyone, f.lang)
history["status"] = history["status"].map(lambda s: t(*STATUSES.get(s, (s, s))))
history = history.rename(columns={c: t(*label) for c, label in HISTORY_COLUMNS.items()})
st.dataframe(
    history.style.format({t("Tidspunkt", "Time"): when}), hide_index=True, key="data_history"
)
downloads(history, t("indlaesninger", "imports"), "data_history_download")
