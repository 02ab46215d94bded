"""The Data page's tables in the reader's language: the column names and labels of its
tables of problems, imports and loaded rows, times written out, and the CSV and Excel
downloads of a table that holds no figures about young people."""

import pandas as pd
import streamlit as st

from nextwork import formats, i18n
from nextwork.web import ui, upload
from nextwork.web.ui import t

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
FRESHNESS_COLUMNS = {
    "municipality": ("Kommune", "Municipality"),
    "imported_at": ("Senest indlæst", "Last loaded"),
    "days_ago": ("Dage siden", "Days ago"),
}
BUSY = (
    "En anden indlæsning var i gang for længe. Intet er ændret; prøv igen om lidt.",
    "Another import was running for too long. Nothing was changed; try again later.",
)


def when(value, lang: str) -> str:
    """27. nov. 2026 kl. 05.31 (en: 27 Nov 2026, 05:31)."""
    if pd.isna(value):
        return "–"
    return formats.date(value.date(), lang) + value.strftime(i18n.t(lang, " kl. %H.%M", ", %H:%M"))


def downloads(frame: pd.DataFrame, name: str, key: str) -> None:
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


def labelled_problems(table: pd.DataFrame) -> pd.DataFrame:
    """A table of problems (kind, file, row, column, message) with its kinds and column
    names in the reader's language."""
    table["kind"] = table["kind"].map(lambda k: t(*KINDS[k]))
    return table.rename(columns={c: t(*label) for c, label in PROBLEM_COLUMNS.items()})


def problem_table(outcome, key: str, lang: str) -> None:
    """An upload's errors and warnings, each located, with its downloads."""
    table = labelled_problems(upload.problems(outcome.result))
    row = t("Række", "Row")
    st.dataframe(
        table.style.format({row: lambda v: "–" if v == 0 else formats.number(v, lang)}),
        hide_index=True,
        key=key,
    )
    downloads(table, t("valideringsrapport", "validation-report"), f"{key}_download")


def freshness_table(fresh: pd.DataFrame, lang: str) -> None:
    """How recent each site's figures are (from `upload.freshness`), with its downloads."""
    fresh = fresh.rename(columns={c: t(*label) for c, label in FRESHNESS_COLUMNS.items()})
    st.dataframe(
        fresh.style.format({t("Senest indlæst", "Last loaded"): lambda v: when(v, lang)}),
        hide_index=True,
        key="data_fresh",
    )
    downloads(fresh, t("senest-indlaest", "last-loaded"), "data_fresh_download")


def history_table(history: pd.DataFrame, lang: str) -> None:
    """Every import so far (from `upload.history`), with its downloads."""
    history["status"] = history["status"].map(lambda s: t(*STATUSES.get(s, (s, s))))
    history = history.rename(columns={c: t(*label) for c, label in HISTORY_COLUMNS.items()})
    st.dataframe(
        history.style.format({t("Tidspunkt", "Time"): lambda v: when(v, lang)}),
        hide_index=True,
        key="data_history",
    )
    downloads(history, t("indlaesninger", "imports"), "data_history_download")
