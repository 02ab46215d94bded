"""The Økonomi page's costs per site and calendar year: warnings for missing costs, the chart
of a cost per unit, the notes on years not yet over, and the table with its downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from nextwork import formats
from nextwork.metrics import economy
from nextwork.metrics.economy import COLUMNS, PER_UNIT, RATIOS
from nextwork.present import charts
from nextwork.web import ui
from nextwork.web.ui import t


def missing_warning(sites: pd.DataFrame, missing: pd.DataFrame) -> None:
    """Say which sites and years have no costs (all of them, or the ones named)."""
    if len(missing) == len(sites):
        st.warning(
            t(
                "Der er ingen omkostninger for de valgte kommuner og år i udtrækket (filen costs "
                "er valgfri). Uden dem står omkostningerne pr. enhed og nettoresultatet tomme; "
                "her gættes ikke.",
                "The export has no costs for the chosen sites and years (the costs file is "
                "optional). Without them the costs per unit and the net result stay empty; "
                "nothing is guessed here.",
            ),
            icon=":material/money_off:",
        )
    elif len(missing):
        st.warning(
            t("Omkostninger mangler for ", "Costs are missing for ")
            + ", ".join(f"{r.municipality} {r.year}" for r in missing.itertuples())
            + t(
                ". Deres tal pr. enhed står tomme, og «Alle valgte» har kun en omkostning i de "
                "år, hvor alle de valgte kommuner har én.",
                ". Their figures per unit stay empty, and “All selected” only has a cost in the "
                "years where every chosen site has one.",
            ),
            icon=":material/money_off:",
        )


def unit_chart(sites: pd.DataFrame, f: ui.Filters) -> None:
    """A chosen cost per unit, per site and calendar year, when any site has costs."""
    if not sites["has_costs"].any():
        return
    measure = st.selectbox(
        t("Vis", "Show"),
        list(PER_UNIT),
        format_func=lambda m: PER_UNIT[m][f.lang == "en"],
        key="cost_measure",
    )
    fig = charts.bars(sites, "year", measure, t(*PER_UNIT[measure]), f.lang, barmode="group")
    years = dict.fromkeys(str(y) for y in (sites["year"].min(), sites["year"].max()))
    charts.style(
        fig,
        t(*PER_UNIT[measure]) + t(" pr. kommune og år", " per site and year"),
        # The bars are calendar years, not the chosen period: the subtitle names the years.
        " · ".join(
            [t("Kalenderår ", "Calendar years ") + "–".join(years), *f.describe().split(" · ")[1:]]
        ),
        t("År", "Year"),
        t(*PER_UNIT[measure]),
        f.lang,
    )
    fig.update_yaxes(tickformat=",.0f")
    charts.show(fig, "cost_chart")


def year_notes(pooled: pd.DataFrame) -> None:
    """What a first outcome is, and which years are not over or not yet followed up."""
    unfinished = ", ".join(str(y) for y in pooled.loc[~pooled["is_year_complete"], "year"])
    unfollowed = ", ".join(str(y) for y in pooled.loc[~pooled["is_retention_complete"], "year"])
    notes = [
        t(f"{unfinished} er ikke slut", f"{unfinished} is not over")
        + t(" på opgørelsesdagen: tallene tæller til den.", " on the as-of day: counts run to it.")
        if unfinished
        else "",
        t(
            f"Fastholdelse for {unfollowed} er endnu ikke ",
            f"Retention for {unfollowed} is not yet ",
        )
        + t("fuldt opgjort.", "fully known.")
        if unfollowed
        else "",
    ]
    st.caption(
        t(
            "Et første resultat er den unges første job eller uddannelse efter indskrivning, "
            "talt i det år, det startede; det er fastholdt, når den unge stadig er i job eller "
            "uddannelse 6 måneder efter. ",
            "A first outcome is the young person's first job or education after enrolment, "
            "counted in the year it started; it is retained when they are still in a job or "
            "education 6 months later. ",
        )
        + " ".join(notes)
    )


def cost_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The cost table's columns in the reader's language, the pooled row named."""
    table = rows[list(COLUMNS)].assign(
        municipality=rows["municipality"].fillna(t("Alle valgte", "All selected"))
    )
    return table.rename(columns={k: t(*v) for k, v in COLUMNS.items()})


def table_section(costs: pd.DataFrame, f: ui.Filters) -> None:
    """Every site's and year's costs and counts, with the downloads (suppressed when shared)."""
    table = cost_table(costs)
    money = [
        t(*COLUMNS[c]) for c in COLUMNS if c not in RATIOS and c not in ("municipality", "year")
    ]
    styler = table.style.format(
        lambda v: formats.number(None if pd.isna(v) else v, f.lang), subset=money
    )
    styler = styler.format(
        lambda v: formats.number(None if pd.isna(v) else v, f.lang, 1),
        subset=[t(*COLUMNS[c]) for c in RATIOS],
    )
    municipality = t(*COLUMNS["municipality"])
    st.dataframe(
        styler,
        hide_index=True,
        key="cost_table",
        placeholder="–",
        height=(len(table) + 1) * 35 + 3,
        column_config={municipality: st.column_config.TextColumn(municipality, pinned=True)},
    )
    ui.downloads(
        table,
        t("omkostninger", "costs"),
        key="cost_download",
        shared=lambda: cost_table(
            economy.without_hidden_counts(ui.query("costs_per_year", f.params(), suppress=True))
        ),
    )
