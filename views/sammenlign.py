"""Sammenlign kommuner: every KPI for the chosen sites side by side, against the programme (all
municipalities in the database, pooled), with the number behind each share."""

import pandas as pd
import streamlit as st

from nextwork import config, formats
from nextwork.metrics import disclosure, fair
from nextwork.metrics.kpis import COHORT_KEYS, KPI_BY_KEY, KPIS
from nextwork.present import charts
from nextwork.web import ui
from nextwork.web.ui import t

UNITS = {"count": ("antal", "number"), "share": ("%", "%"), "days": ("dage", "days")}
AXES = {"count": ("Antal", "Number"), "share": ("Andel (%)", "Share (%)"), "days": ("Dage", "Days")}


def shown(value, kind):
    """Shares in per cent (one decimal), as on the other pages' tables."""
    return round(value * 100, 1) if kind == "share" and value is not None else value


def cell(value, kind):
    return formats.kpi_value(
        None if pd.isna(value) else value / (100 if kind == "share" else 1), kind, f.lang
    )


f = ui.current()
ui.header(t("Sammenlign kommuner", "Compare sites"), f)

names = sorted(f.municipalities)
everyone = ui.facts()["municipalities"]
# The 12-month figures and retention on the cohort with full follow-up; the rest on the period.
now = ui.headline_kpis(f)
programme = ui.headline_kpis(f, programme=True)
PROGRAMME = t("Programmet", "Programme")
KPI, UNIT, KEY = t("Nøgletal", "KPI"), t("Enhed", "Unit"), t("Nøgle", "Key")

st.caption(
    t(
        f"**{PROGRAMME}** er alle {len(everyone)} kommuner i databasen lagt sammen (ikke et "
        "gennemsnit af kommunerne), med de samme filtre for periode, målgruppe, køn og alder. "
        "**n** er antallet bag en andel (nævneren) eller en median.",
        f"**{PROGRAMME}** is all {len(everyone)} municipalities in the database pooled (not an "
        "average of the municipalities), with the same filters for period, target group, gender "
        "and age. **n** is the number behind a share (its denominator) or a median.",
    )
    + " "
    + t(
        "Resultaterne inden 12 måneder og fastholdelsen: ",
        "The 12-month outcomes and retention: ",
    )
    + ui.cohort_text(f)
    + "."
)

# --- the table: one row per KPI, a column (and an n column) per municipality ------------------


def compare_table(now: pd.DataFrame, programme: pd.DataFrame):
    """One row per KPI, a column and an n column per site; and the counts hidden."""
    rows, hidden = [], []
    for i, kpi in enumerate(KPIS):
        row = {KEY: kpi.key, KPI: kpi.label(f.lang), UNIT: t(*UNITS[kpi.kind])}
        for name, frame, where in [(PROGRAMME, programme, None), *((m, now, m) for m in names)]:
            row[name] = shown(ui.total(frame, kpi.key, where), kpi.kind)
            row[f"{name} (n)"] = ui.denominator(frame, kpi.key, where)
            if kpi.kind == "count" and ui.is_suppressed(frame, kpi.key, where):
                hidden.append((i, name))
        rows.append(row)
    table = pd.DataFrame(rows).astype({f"{name} (n)": "Int64" for name in [PROGRAMME, *names]})
    return table, hidden


table, hidden = compare_table(now, programme)
values = [PROGRAMME, *names]
styler = table.style.format(
    lambda v: formats.number(None if pd.isna(v) else v, f.lang),
    subset=[f"{name} (n)" for name in values],
)
for i, kpi in enumerate(KPIS):
    styler = styler.format(
        lambda v, kind=kpi.kind: cell(v, kind), subset=pd.IndexSlice[[i], values]
    )
for i, name in hidden:  # a suppressed count reads "<5"; a hidden share stays empty
    styler = styler.format(lambda v: disclosure.label(), subset=pd.IndexSlice[[i], [name]])


def width(heading: str, numbers: pd.Series | None = None) -> int:
    """Pixels for a column: its heading, or for an n column its largest number as shown
    (with thousands separators), whichever is longer."""
    longest = len(heading)
    if numbers is not None and numbers.notna().any():
        longest = max(longest, 3, len(formats.number(int(numbers.max()), f.lang)))
    return max(38, 12 + 7 * longest)


st.dataframe(
    styler,
    hide_index=True,
    key="compare_table",
    height=(len(KPIS) + 1) * 35 + 3,
    placeholder="–",
    column_order=[KPI, *(c for name in values for c in (name, f"{name} (n)"))],
    column_config={
        KPI: st.column_config.TextColumn(KPI, pinned=True, width=252 if f.lang == "en" else 212),
        **{
            name: st.column_config.NumberColumn(name, width=max(78, width(name))) for name in values
        },
        **{
            f"{name} (n)": st.column_config.NumberColumn(
                "n", width=width("n", table[f"{name} (n)"])
            )
            for name in values
        },
    },
)
ui.downloads(
    table,
    t("sammenlign_kommuner", "compare_sites"),
    key="compare_download",
    shared=lambda: compare_table(
        ui.headline_kpis(f, suppress=True), ui.headline_kpis(f, suppress=True, programme=True)
    )[0],
)

# --- one KPI as bars ------------------------------------------------------------------------
st.subheader(t("Ét nøgletal ad gangen", "One KPI at a time"))
key = st.selectbox(
    t("Nøgletal", "KPI"),
    [k.key for k in KPIS],
    format_func=lambda k: KPI_BY_KEY[k].label(f.lang),
    index=[k.key for k in KPIS].index("outcome_12m_share"),
    key="compare_kpi",
)
kpi = KPI_BY_KEY[key]
fig = charts.bars_by_municipality(
    names,
    [ui.total(now, key, m) for m in names],
    [ui.denominator(now, key, m) for m in names],
    kpi.kind,
    f.lang,
    ui.total(programme, key),
    PROGRAMME,
    min_n=config.min_share_n(),
    target=config.target(key),
)
charts.style(
    fig,
    f"{kpi.label(f.lang)}: " + t("kommunerne mod programmet", "the sites against the programme"),
    (ui.cohort_text(f) + " · " + " · ".join(f.describe().split(" · ")[1:]))
    if key in COHORT_KEYS
    else f.describe(),
    t("Kommune", "Municipality"),
    t(*AXES[kpi.kind]),
    f.lang,
)
if kpi.kind == "share":
    charts.share_axis(fig, f.lang)
charts.show(fig, "compare_chart")
st.caption(kpi.definition(f.lang) + (f" ({ui.cohort_text(f)}.)" if key in COHORT_KEYS else ""))

# --- the fair comparison: each site against what is expected for its own young people -------
st.subheader(t("Fair sammenligning", "Fair comparison"), anchor="fair")
STRATA = {
    "target_group": t("målgruppe", "target group"),
    "age_band": t("aldersgruppe", "age band"),
    "gender": t("køn", "gender"),
}
fair_key = st.selectbox(
    t("Nøgletal", "KPI"),
    list(fair.FAIR_KEYS),
    format_func=lambda k: KPI_BY_KEY[k].label(f.lang),
    key="fair_kpi",
)
view = ui.fair_comparison(f, fair_key)
result = view.result
strata_text = " × ".join(STRATA[d] for d in result.by)
st.caption(
    t(
        "Kommunerne får ikke de samme unge. **Forventet** er den andel, kommunen ville nå med "
        f"programmets andel i hver gruppe af unge ({strata_text}) for sin egen blanding af "
        "unge; **forskel** er observeret minus forventet. I tragten står hver kommune ved sit "
        "n: punkter mellem de stiplede linjer kan skyldes tilfældighed (95 %), punkter uden for "
        "de prikkede er næsten sikkert ikke tilfældige (99,8 %). Se Definitioner.",
        "The sites do not get the same young people. **Expected** is the share a site would "
        f"reach with the programme's share in each group of young people ({strata_text}) for "
        "its own mix; **difference** is observed minus expected. In the funnel each site stands "
        "at its n: points between the dashed lines may be chance (95%), points beyond the "
        "dotted lines are almost certainly not (99.8%). See Definitions.",
    )
    + " "
    + formats.date(view.start, f.lang)
    + " – "
    + formats.date(view.end, f.lang)
    + "."
)
if view.groups_dropped:
    st.caption(
        t(
            "Filtrene for målgruppe, køn og alder gælder ikke her: grupperne deler de unge "
            "efter dem i forvejen.",
            "The filters for target group, gender and age do not apply here: the groups split "
            "the young people by them already.",
        )
    )


def shared_fair_table(shared: ui.FairView) -> pd.DataFrame:
    """The table as files shared from the dashboard hold it (through the disclosure control)."""
    return fair.table(shared.result, shared.sites, f.lang)


if result.programme_value is None:
    st.info(
        t(
            "Ingen unge i nævneren for dette nøgletal i perioden.",
            "Nobody in this KPI's denominator in the period.",
        )
    )
else:
    fair_table = fair.table(result, view.sites, f.lang)
    names = fair.columns(f.lang)
    percent_columns = [names[c] for c in ("observed", "expected", "standardised")]
    fair_styler = (
        fair_table.style.format(
            lambda v: formats.number(None if pd.isna(v) else v, f.lang, 1), subset=percent_columns
        )
        .format(
            lambda v: formats.number(None if pd.isna(v) else v, f.lang, 2), subset=[names["ratio"]]
        )
        .format(
            lambda v: (
                "–"
                if pd.isna(v)
                else ("+" if v > 0 else "−" if v < 0 else "±") + formats.number(abs(v), f.lang, 1)
            ),
            subset=[names["difference"]],
        )
        .format(
            lambda v: disclosure.label() if pd.isna(v) else formats.number(v, f.lang),
            subset=["n"],
        )
    )
    st.dataframe(fair_styler, hide_index=True, key="fair_table", placeholder="–")
    ui.downloads(
        fair_table,
        t("fair_sammenligning", "fair_comparison"),
        key="fair_download",
        shared=lambda: shared_fair_table(ui.fair_comparison(f, fair_key, suppress=True)),
    )
    points = view.sites.rename(columns={"municipality": "label"})
    n_top = int(points["n"].max()) if points["n"].notna().any() else 10
    limits = {
        level: fair.funnel_curve(result.programme_value, int(n_top * 1.1) + 1, level)
        for level in fair.LEVELS
    }
    funnel = charts.funnel(
        points,
        result.programme_value,
        limits,
        f.lang,
        {r: fair.reading_text(r, f.lang) for r in fair.READINGS},
    )
    charts.style(
        funnel,
        f"{KPI_BY_KEY[fair_key].label(f.lang)}: "
        + t("observeret mod forventet", "observed against expected"),
        formats.date(view.start, f.lang)
        + " – "
        + formats.date(view.end, f.lang)
        + " · "
        + t("grupper: ", "groups: ")
        + strata_text,
        t("Antal unge (n)", "Number of young people (n)"),
        # short: it stands beside the plot's height, which is small on a phone
        t("Forskel (pct.-point)", "Difference (pp)"),
        f.lang,
        height=480,
    )
    charts.show(funnel, "fair_funnel")
    readings = [
        fair.sentence(row.municipality, row.difference, row.reading, f.lang)
        for row in view.sites.itertuples(index=False)
        if pd.notna(row.municipality)  # a site without a name is NaN here, not None
    ]
    if readings:
        # municipality names are checked against the list of Danish municipalities on import
        st.markdown("\n".join(f"- {r}" for r in readings))
    if (view.sites["municipality"].isna()).any():
        st.caption(
            t(
                "De andre kommuner vises uden navn.",
                "The other sites are shown without their names.",
            )
        )
    groups = result.programme_strata
    if len(groups):
        with st.expander(
            t("Programmets andel i hver gruppe af unge", "The programme's share in each group"),
            icon=":material/groups:",
        ):
            shown_groups = pd.DataFrame(
                {
                    **{
                        STRATA[d].capitalize(): [ui.label_of(v) for v in groups[d]]
                        for d in result.by
                    },
                    "n": [
                        disclosure.label() if pd.isna(n) else formats.number(n, f.lang)
                        for n in groups["n"]
                    ],
                    t("Andel", "Share"): [
                        formats.percent(None if pd.isna(r) else r, f.lang) for r in groups["rate"]
                    ],
                }
            )
            st.dataframe(shown_groups, hide_index=True, key="fair_groups")
    if result.left_out:
        st.caption(
            t(
                "Udeladt, fordi programmet har for få unge i gruppen til at vise den: ",
                "Left out because the programme has too few young people in the group to show it: ",
            )
            + "; ".join(" · ".join(ui.label_of(v) for v in stratum) for stratum in result.left_out)
            + "."
        )

st.subheader(t("Alle nøgletal som Excel", "Every KPI as Excel"))
ui.workbook_button(f, key="compare_workbook")
