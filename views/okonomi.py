"""Økonomi: what each site's team costs per young person, placement and outcome, year by year,
and a savings scenario on the user's own assumptions, with a plain statement of what it cannot
show: the effect, which only the randomised trial measures."""

import pandas as pd
import streamlit as st

from nextwork import formats
from nextwork.metrics import economy, trial_effects
from nextwork.metrics.economy import COLUMNS, PER_UNIT, RATIOS
from nextwork.present import charts
from nextwork.web import trial_ui, ui
from nextwork.web.ui import t

f = ui.current()


def kroner(value) -> str:
    """1.234.567 kr. (en: DKK 1,234,567); "–" when missing."""
    return trial_ui.kroner(value, f.lang)  # with the minus sign below 0


def millions(value) -> str:
    """Millions of kroner with one decimal and the minus sign below 0; "–" when missing."""
    if value is None or pd.isna(value):
        return "–"
    text = formats.number(abs(value) / 1e6, f.lang, 1)
    return ("\u2212" if value < 0 and text.strip("0.,") else "") + text


ui.header(t("Økonomi", "Cost"), f)
costs = economy.without_hidden_counts(ui.query("costs_per_year", f.params()))
sites = costs[costs["municipality"].notna()]
pooled = costs[costs["municipality"].isna()]

st.caption(
    t(
        "Teamets omkostning og årsværk pr. kommune og kalenderår (filen costs i udtrækket) ved "
        "siden af, hvad kommunen nåede i hele året. Årene er dem, perioden rører. Kun "
        "kommunefilteret gælder: omkostningen er hele teamets.",
        "The team's cost and staff per site and calendar year (the costs file of the export) "
        "beside what the site did in the whole year. The years are those the period touches. "
        "Only the municipality filter applies: the cost is the whole team's.",
    )
)
missing = sites[~sites["has_costs"]]
if len(missing) == len(sites):
    st.warning(
        t(
            "Der er ingen omkostninger for de valgte kommuner og år i udtrækket (filen costs er "
            "valgfri). Uden dem står omkostningerne pr. enhed og nettoresultatet tomme; her "
            "gættes ikke.",
            "The export has no costs for the chosen sites and years (the costs file is "
            "optional). Without them the costs per unit and the net result stay empty; nothing "
            "is guessed here.",
        ),
        icon=":material/money_off:",
    )
elif len(missing):
    st.warning(
        t("Omkostninger mangler for ", "Costs are missing for ")
        + ", ".join(f"{r.municipality} {r.year}" for r in missing.itertuples())
        + t(
            ". Deres tal pr. enhed står tomme, og «Alle valgte» har kun en omkostning i de år, "
            "hvor alle de valgte kommuner har én.",
            ". Their figures per unit stay empty, and “All selected” only has a cost in the years "
            "where every chosen site has one.",
        ),
        icon=":material/money_off:",
    )

st.subheader(t("Omkostning pr. enhed", "Cost per unit"))
if sites["has_costs"].any():
    measure = st.selectbox(
        t("Vis", "Show"),
        list(PER_UNIT),
        format_func=lambda m: PER_UNIT[m][f.lang == "en"],
        key="cost_measure",
    )
    fig = charts.bars(sites, "year", measure, t(*PER_UNIT[measure]), f.lang, barmode="group")
    charts.style(
        fig,
        t(*PER_UNIT[measure]) + t(" pr. kommune og år", " per site and year"),
        # The bars are calendar years, not the chosen period: the subtitle names the years.
        " · ".join(
            [
                t("Kalenderår ", "Calendar years ")
                + "–".join(
                    dict.fromkeys(str(y) for y in (sites["year"].min(), sites["year"].max()))
                ),
                *f.describe().split(" · ")[1:],
            ]
        ),
        t("År", "Year"),
        t(*PER_UNIT[measure]),
        f.lang,
    )
    fig.update_yaxes(tickformat=",.0f")
    charts.show(fig, "cost_chart")
unfinished = ", ".join(str(y) for y in pooled.loc[~pooled["is_year_complete"], "year"])
unfollowed = ", ".join(str(y) for y in pooled.loc[~pooled["is_retention_complete"], "year"])
notes = [
    t(f"{unfinished} er ikke slut", f"{unfinished} is not over")
    + t(" på opgørelsesdagen: tallene tæller til den.", " on the as-of day: counts run to it.")
    if unfinished
    else "",
    t(f"Fastholdelse for {unfollowed} er endnu ikke ", f"Retention for {unfollowed} is not yet ")
    + t("fuldt opgjort.", "fully known.")
    if unfollowed
    else "",
]
st.caption(
    t(
        "Et første resultat er den unges første job eller uddannelse efter indskrivning, talt i "
        "det år, det startede; det er fastholdt, når den unge stadig er i job eller uddannelse 6 "
        "måneder efter. ",
        "A first outcome is the young person's first job or education after enrolment, counted "
        "in the year it started; it is retained when they are still in a job or education 6 "
        "months later. ",
    )
    + " ".join(notes)
)


def cost_table(rows: pd.DataFrame) -> pd.DataFrame:
    table = rows[list(COLUMNS)].assign(
        municipality=rows["municipality"].fillna(t("Alle valgte", "All selected"))
    )
    return table.rename(columns={k: t(*v) for k, v in COLUMNS.items()})


table = cost_table(costs)
money = [t(*COLUMNS[c]) for c in COLUMNS if c not in RATIOS and c not in ("municipality", "year")]
styler = table.style.format(
    lambda v: formats.number(None if pd.isna(v) else v, f.lang), subset=money
)
styler = styler.format(
    lambda v: formats.number(None if pd.isna(v) else v, f.lang, 1),
    subset=[t(*COLUMNS[c]) for c in RATIOS],
)
MUNICIPALITY = t(*COLUMNS["municipality"])
st.dataframe(
    styler,
    hide_index=True,
    key="cost_table",
    placeholder="–",
    height=(len(table) + 1) * 35 + 3,
    column_config={MUNICIPALITY: st.column_config.TextColumn(MUNICIPALITY, pinned=True)},
)
ui.downloads(
    table,
    t("omkostninger", "costs"),
    key="cost_download",
    shared=lambda: cost_table(
        economy.without_hidden_counts(ui.query("costs_per_year", f.params(), suppress=True))
    ),
)

st.subheader(t("Besparelsesscenarie", "Savings scenario"))
# The trial's effect on months on benefits over its first 52 weeks, when its file has counts
# on benefits: the scenario starts from it instead of from a typed number.
TRIAL_WEEK = 52
trial_months = trial_effects.months_off_benefit(trial_ui.arms(f), TRIAL_WEEK)
if trial_months is not None:
    trial_months = round(trial_months, 1)
    st.info(
        t(
            "**Effekten er forsøgets.** I det randomiserede forsøg var en ung i NExTWORK i "
            f"gennemsnit {trial_ui.months_words(trial_months, f.lang)} på ydelse end "
            f"en ung i den sædvanlige indsats de første {TRIAL_WEEK} uger (de valgte kommuner). "
            "Det tal står nedenfor i stedet for et, du har skrevet; ydelsen og antallet af "
            "deltagere er dine antagelser, og du kan skrive en anden effekt for at prøve den.",
            "**The effect is the trial's.** In the randomised trial a young person in NExTWORK "
            f"spent on average {trial_ui.months_words(trial_months, f.lang)} on "
            f"benefits than one in the usual services over the first {TRIAL_WEEK} weeks (the "
            "chosen sites). That figure stands below instead of one you typed; the benefit and "
            "the number of participants are your assumptions, and you can type another effect "
            "to try it.",
        ),
        icon=":material/science:",
    )
    # Another choice of sites gives another trial figure: the field starts from it again.
    if st.session_state.get("cost_months__trial") != trial_months:
        for stale in ("cost_months", "cost_months__good"):
            st.session_state.pop(stale, None)
        st.session_state["cost_months__trial"] = trial_months
else:
    st.info(
        t(
            "**Dashboardet kan vise omkostninger og bruttostrømme, men ikke effekten.** Hvor "
            "mange måneder færre på offentlig forsørgelse NExTWORK giver de unge, kan kun det "
            "randomiserede forsøg måle. Alle tal nedenfor er antagelser, som du selv har sat; "
            "resultatet er et regnestykke, ikke en opgørelse.",
            "**The dashboard can show costs and gross flows, but not the effect.** How many "
            "months less on public benefit NExTWORK gives young people only the randomised trial "
            "can measure. Every input below is an assumption you set; the result is a "
            "calculation, not a finding.",
        ),
        icon=":material/science:",
    )
years = list(pooled["year"])
if years:
    chosen_year = economy.default_year(years, list(pooled["is_year_complete"]))
    if st.session_state.get("cost_year") not in years:  # a new period, other years
        st.session_state.pop("cost_year", None)
    left, middle, right, last = st.columns(4)
    year = left.selectbox(t("År", "Year"), years, index=years.index(chosen_year), key="cost_year")
    row = pooled[pooled["year"] == year].iloc[0]
    # Typed in the reader's own number format (11.900, 2,5), not the browser's (11900, 2.5).
    benefit = ui.number_field(
        middle,
        t("Ydelse pr. ung pr. måned (kr.)", "Benefit per young person a month (DKK)"),
        "cost_benefit",
        round(economy.default_monthly_benefit()),
        f.lang,
    )
    months = ui.number_field(
        right,
        t("Færre måneder på ydelse pr. deltager", "Fewer months on benefit per participant"),
        "cost_months",
        0 if trial_months is None else trial_months,
        f.lang,
        minimum=0 if trial_months is None else min(0, trial_months),
        maximum=120,
    )
    from_trial = trial_months is not None and months == trial_months
    active = 0 if pd.isna(row["participants_active"]) else int(row["participants_active"])
    chosen = ui.number_field(
        last,
        t("Antal deltagere", "Participants"),
        "cost_participants",
        None,
        f.lang,
        whole=True,
        empty_ok=True,
        placeholder=t(
            f"{formats.number(active, f.lang)} (årets aktive unge)",
            f"{formats.number(active, f.lang)} (the year's active)",
        ),
    )
    cost = None if pd.isna(row["cost_dkk"]) else float(row["cost_dkk"])
    s = economy.scenario(cost, active if chosen is None else int(chosen), benefit, months)
    months_text = formats.number(s.break_even_months, f.lang, 1)
    cards = st.columns(4)
    in_millions = t(" (mio. kr.)", " (DKK million)")
    for card, label, value in (
        (cards[0], t("Bruttobesparelse", "Gross saving"), s.gross_saving_dkk),
        (cards[1], t(f"Omkostning {year}", f"Cost {year}"), s.cost_dkk),
        (cards[2], t("Nettoresultat", "Net result"), s.net_dkk),
    ):
        card.metric(label + in_millions, millions(value), help=kroner(value), border=True)
    cards[3].metric(
        t("Break-even-effekt", "Break-even effect"),
        months_text if s.break_even_months is None else months_text + t(" mdr.", " months"),
        help=t(
            "Måneder færre på ydelse pr. deltager, hvor besparelsen netop dækker omkostningen.",
            "Months less on benefit per participant at which the saving just covers the cost.",
        ),
        border=True,
    )
    if s.cost_dkk is None:
        lacking = missing.loc[missing["year"] == year, "municipality"]
        st.warning(
            t(f"Der er ingen omkostning for {year} for ", f"There is no cost for {year} for ")
            + ", ".join(lacking)
            + t(
                ", så nettoresultat og break-even kan ikke regnes ud. Vælg kommuner med "
                "omkostninger i sidepanelet for at se dem.",
                ", so the net result and break-even cannot be worked out. Choose sites with "
                "costs in the sidebar to see them.",
            ),
            icon=":material/money_off:",
        )
    else:
        st.markdown(
            t(
                f"Med {formats.number(s.participants, f.lang)} deltagere og en ydelse på "
                f"{kroner(s.monthly_benefit_dkk)} om måneden er én måned mindre på ydelse for "
                f"hver deltager {kroner(s.saving_per_month_dkk)} værd. Årets omkostning på "
                f"{kroner(s.cost_dkk)} er dækket, når hver deltager i gennemsnit er "
                f"**{months_text} måneder** mindre på ydelse, "
                "end de ellers ville have været.",
                f"With {formats.number(s.participants, f.lang)} participants and a benefit of "
                f"{kroner(s.monthly_benefit_dkk)} a month, one month less on benefit for every "
                f"participant is worth {kroner(s.saving_per_month_dkk)}. The year's cost of "
                f"{kroner(s.cost_dkk)} is covered when each participant on average spends "
                f"**{months_text} months** less on benefit "
                "than they otherwise would have.",
            )
        )
        span = economy.chart_months(s)
        fig = charts.net_result_line(
            span,
            economy.net_at(s, span),
            t("Nettoresultat", "Net result"),
            [
                (
                    t("Forsøget", "The trial") if from_trial else t("Dit valg", "Your choice"),
                    s.months_off_benefit,
                    s.net_dkk,
                ),
                ("Break-even", s.break_even_months, 0.0),
            ],
            f.lang,
        )
        charts.style(
            fig,
            t(f"Nettoresultat {year} efter antaget effekt", f"Net result {year} by assumed effect"),
            # The scenario is the chosen calendar year's, not the period's.
            " · ".join(
                [t(f"Kalenderår {year}", f"Calendar year {year}"), *f.describe().split(" · ")[1:]]
            )
            + (
                t(" · effekten er forsøgets", " · the effect is the trial's")
                if from_trial
                else t(" · alle tal er dine antagelser", " · every input is your assumption")
            ),
            t("Færre måneder på ydelse pr. deltager", "Fewer months on benefit per participant"),
            t("Nettoresultat (mio. kr.)", "Net result (DKK million)"),
            f.lang,
            height=380,
        )
        charts.show(fig, "cost_scenario_chart")


# --- the trial's effect: cost per additional outcome and the scenario with the trial's effect
def trial_effect_section() -> None:
    """The cost per additional young person in job or education, from the trial's effect
    (`nextwork.web.trial_ui.cost_section`)."""
    from nextwork.web import trial_ui

    trial_ui.cost_section(f, key="cost_trial")


trial_effect_section()
# --- end of the trial's effect
