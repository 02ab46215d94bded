"""Files from a page: one table as CSV and Excel, and the workbook of every KPI, each made
only when a client fetches it and written to the audit log in the same step (who, what,
which scope, whether exact). Their figures are those shared outside the team, unless an
admin chose exact figures for internal use, which the file then says first."""

from __future__ import annotations

import datetime as dt
import io
import threading

import pandas as pd
import streamlit as st

from nextwork import formats, i18n
from nextwork.filters import Filters
from nextwork.ingest import audit
from nextwork.metrics import disclosure, kpis
from nextwork.present import cells, workbook
from nextwork.web import data as figures
from nextwork.web import session
from nextwork.web.session import t


def exact_export_note() -> str | None:
    """The note an exact file says first, when an admin chose exact figures for internal
    use; None when files are suppressed, as they are for everyone else."""
    if st.session_state.get("exact_exports") and session.viewer().role == "admin":
        return t(
            "INTERNT: små tal er ikke skjult. Må ikke deles uden for teamet.",
            "INTERNAL: small numbers are not suppressed. Not to be shared outside the team.",
        )
    return None


def file_frame(frame: pd.DataFrame, shared=None) -> tuple[pd.DataFrame, str | None]:
    """What a file made from a page's table holds, and the note it says first: the figures
    as shared outside the team, through the disclosure control for everyone, unless an admin
    chose exact figures for internal use (which the file says). `shared` builds the table
    from figures read with `suppress=True`; a page whose figures the viewer sees exactly
    passes it; a table with no figures about people passes none."""
    note = exact_export_note()
    if note or shared is None or not figures.shown_exactly():
        return frame, note
    return shared(), None


def _as_filed(data: pd.DataFrame, note: str | None) -> pd.DataFrame:
    """A table as a file holds it: counts as whole numbers, and (unless the file is an
    internal exact one) a hidden count as "<5". Counts are the columns of whole numbers with
    no "%" in their name; an empty one was hidden, since a count is never missing."""
    out = data.copy()
    for c in out.columns:
        values = pd.to_numeric(out[c], errors="coerce") if out[c].dtype == object else out[c]
        if "%" in str(c) or not pd.api.types.is_numeric_dtype(values):
            continue
        known = values.dropna()
        if len(known) == 0 or not known.mod(1).eq(0).all() or out[c].map(_is_text).any():
            continue
        hidden = disclosure.label() if note is None else None
        out[c] = [hidden if pd.isna(v) else int(v) for v in values]
    return out


def _is_text(value) -> bool:
    return isinstance(value, str)


def _csv(data: pd.DataFrame, note: str | None, language: str = "da") -> bytes:
    """A CSV file as the reader's spreadsheet reads it: Danish with `;` and a decimal comma,
    English with `,` and a decimal point; counts as whole numbers."""
    data = _as_filed(data, note)
    sep, decimal = (",", ".") if language == "en" else (";", ",")
    text = cells.safe_frame(data).to_csv(index=False, sep=sep, decimal=decimal)
    return (("# " + note + "\n") if note else "").encode("utf-8-sig") + text.encode("utf-8")


def _xlsx(data: pd.DataFrame, sheet: str, note: str | None) -> bytes:
    """An Excel file with numeric cells: counts as whole numbers (#,##0), other numbers with
    one decimal (#,##0.0); Excel shows them in the reader's own format."""
    data = _as_filed(data, note)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        if note:
            pd.DataFrame({"": [note]}).to_excel(writer, index=False, sheet_name="INTERNT")
        cells.safe_frame(data).to_excel(writer, index=False, sheet_name=sheet[:31])
        for row in writer.sheets[sheet[:31]].iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, bool) or not isinstance(cell.value, (int, float)):
                    continue
                cell.number_format = "#,##0" if isinstance(cell.value, int) else "#,##0.0"
    return buffer.getvalue()


def audited_file(make, file_name: str):
    """The callable a download button is given: it makes the file when a client fetches
    it and writes the audit row in the same step (who, what, scope, whether exact), so no
    file leaves unaudited, whether or not the button was pressed. Who and where are read
    now, in the page's run: the file is made later, on another thread, without the session."""
    person = session.viewer()
    exact = bool(st.session_state.get("exact_exports")) and person.role == "admin"
    who, scope, database = person.email, person.describe(), session.db_path()
    detail = f"{file_name}{' (exact)' if exact else ''}"

    def made() -> bytes:
        data = make()
        audit.record("export", who, scope, detail, database=database)
        return data

    return made


def in_this_session(make):
    """`make` as a download's maker, run on click on another thread, with this run's
    session (its viewer, its database file, its choices), so that a file needing figures
    the page does not show computes them only when someone asks for it."""
    from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)

    def run():
        made: dict = {}

        def work() -> None:
            try:
                made["data"] = make()
            except BaseException as e:  # handed to the caller's thread below
                made["error"] = e

        worker = threading.Thread(target=work, name="nextwork-download")
        if ctx is not None:
            add_script_run_ctx(worker, ctx)
        worker.start()
        worker.join()
        if "error" in made:
            raise made["error"]
        return made["data"]

    return run


def downloads(frame: pd.DataFrame, name: str, key: str, shared=None) -> None:
    """CSV and Excel downloads of a table, side by side, made only when fetched; their
    figures are those shared outside the team (see `file_frame`), and every file made is
    written to the audit log; the CSV in the reader's language. (The files are made on
    another thread, without the session: what they hold is chosen here.)"""
    frame, note = file_frame(frame, shared)
    language = session.lang()
    row = st.container(horizontal=True)
    row.download_button(
        "CSV",
        audited_file(lambda: _csv(frame, note, language), f"{name}.csv"),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
    )
    row.download_button(
        "Excel",
        audited_file(lambda: _xlsx(frame, name, note), f"{name}.xlsx"),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        icon=":material/download:",
    )


def _label(value: str) -> str:
    return i18n.value_label(value, session.lang())


def workbook_button(f: Filters, key: str) -> None:
    """The workbook's download on a page, for the filters `f`: the period and the one before
    it. The file is written only when fetched, and audited as it is made."""
    note = exact_export_note()
    suppress = note is None

    def periods() -> list[workbook.Period]:
        # On click only: the figures of the programme as a whole and of the period before
        # are not on the page, and computing them for every run cost more than the page.
        # The 12-month figures are the cohort's with full follow-up, as on the pages.
        return [
            workbook.Period(
                period.start,
                period.end,
                figures.headline_kpis(f, suppress, previous=previous),
                figures.headline_kpis(f, suppress, programme=True, previous=previous),
                cohort.start,
                cohort.end,
            )
            for period, cohort, previous in (
                (f, f.cohort(), False),
                (f.previous(), f.cohort().previous(), True),
            )
        ]

    def fair_sheet() -> tuple[pd.DataFrame | None, list[str]]:
        """The fair comparison of the 12-month outcome, as the page shows it."""
        from nextwork.metrics import fair

        key = "outcome_12m_share"
        view = figures.fair_comparison(f, key, suppress=suppress)
        table = (
            None
            if view.result.programme_value is None
            else fair.table(view.result, view.sites, f.lang)
        )
        named = view.sites[view.sites["municipality"].notna()]
        lines = [
            kpis.KPI_BY_KEY[key].label(f.lang)
            + ": "
            + formats.date(view.start, f.lang)
            + " – "
            + formats.date(view.end, f.lang)
            + ".",
            t(
                "Forventet: den andel, kommunen ville nå med programmets andel i hver gruppe af "
                "unge ("
                + fair.strata_text(view.result.by, "da")
                + ") for sine egne unge. Forskel: "
                "observeret minus forventet, i procentpoint. Placering: i forhold til "
                "tragtens 95 %- og 99,8 %-grænser (binomialfordelingen om programmets andel).",
                "Expected: the share a site would reach with the programme's share in each "
                "group of young people ("
                + fair.strata_text(view.result.by, "en")
                + ") for its own young "
                "people. Difference: observed minus expected, in percentage points. Place: "
                "against the funnel's 95% and 99.8% limits (the binomial distribution around "
                "the programme's share).",
            ),
            *fair.lines(named, f.lang),
        ]
        return table, lines

    def effects() -> list[dict] | None:
        # The trial's effects at each week the Effekt page offers; None without results.
        from nextwork.metrics import trial_effects
        from nextwork.web import trial_ui

        arms = trial_ui.arms(f, suppress)
        if arms.empty:
            return None
        return [trial_effects.effects_at(arms, week) for week in trial_effects.WEEKS]

    info = figures.facts()
    everyone = t("Alle", "All")
    filters = [
        (t("Periode fra", "Period from"), f.start),
        (t("Periode til", "Period to"), f.end),
        (t("Forrige periode fra", "Previous period from"), f.previous().start),
        (t("Forrige periode til", "Previous period to"), f.previous().end),
        (t("Opgjort pr.", "Data as of"), f.as_of),
        (
            t(
                "Resultater inden 12 mdr. og fastholdelse: unge indskrevet fra",
                "Outcomes within 12 months and retention: young people enrolled from",
            ),
            f.cohort().start,
        ),
        (
            t(
                "Resultater inden 12 mdr. og fastholdelse: unge indskrevet til",
                "Outcomes within 12 months and retention: young people enrolled to",
            ),
            f.cohort().end,
        ),
        (t("Kommuner", "Municipalities"), ", ".join(f.municipalities)),
        (t("Målgruppe", "Target group"), ", ".join(map(_label, f.target_groups))),
        (t("Køn", "Gender"), ", ".join(map(_label, f.genders))),
        (t("Aldersgruppe", "Age band"), ", ".join(map(_label, f.age_bands))),
        (
            t("Data indlæst", "Data loaded"),
            ", ".join(
                f"{row.municipality} {formats.date(row.imported_at.date(), f.lang)}"
                for row in info["freshness"].itertuples()
            ),
        ),
        (
            t("Små tal", "Small numbers"),
            t(
                "Ikke skjult (internt).",
                "Not suppressed (internal).",
            )
            if note
            else disclosure.explanation(session.lang())
            + t(
                " Tom andel: skjult eller ingen i nævneren.",
                " An empty share: hidden, or nobody in the denominator.",
            ),
        ),
        (t("Dannet", "Made"), dt.datetime.now().replace(microsecond=0)),
    ]
    filters = [(label, v or everyone) for label, v in filters]
    name = f"nextwork_{f.start}_{f.end}.xlsx"
    st.download_button(
        t("Excel-projektmappe med alle nøgletal", "Excel workbook of every KPI"),
        audited_file(
            in_this_session(
                lambda: workbook.build(
                    periods(), filters, f.lang, note, fair=fair_sheet(), effects=effects()
                )
            ),
            name,
        ),
        file_name=name,
        mime=workbook.MIMETYPE,
        key=key,
        icon=":material/table_view:",
    )
