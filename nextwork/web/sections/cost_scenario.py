"""The Økonomi page's savings scenario: the effect on months on benefits from the randomised
trial when it has one (or the reader's own assumption), the inputs, the cards, the sentence
that explains the break-even and the chart of the net result by assumed effect."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from nextwork import formats
from nextwork.metrics import economy, trial_effects
from nextwork.present import charts
from nextwork.present.money import kroner, millions
from nextwork.web import trial_ui, ui
from nextwork.web.ui import t

# The trial's effect on months on benefits over its first 52 weeks, when its file has counts
# on benefits: the scenario starts from it instead of from a typed number.
TRIAL_WEEK = 52


def trial_effect(f: ui.Filters) -> float | None:
    """The trial's months off benefit for the chosen sites (None without it), said in a box,
    or the box that says the dashboard cannot show the effect."""
    trial_months = trial_effects.months_off_benefit(trial_ui.arms(f), TRIAL_WEEK)
    if trial_months is None:
        st.info(
            t(
                "**Dashboardet kan vise omkostninger og bruttostrømme, men ikke effekten.** "
                "Hvor mange måneder færre på offentlig forsørgelse NExTWORK giver de unge, kan "
                "kun det randomiserede forsøg måle. Alle tal nedenfor er antagelser, som du selv "
                "har sat; resultatet er et regnestykke, ikke en opgørelse.",
                "**The dashboard can show costs and gross flows, but not the effect.** How many "
                "months less on public benefit NExTWORK gives young people only the randomised "
                "trial can measure. Every input below is an assumption you set; the result is a "
                "calculation, not a finding.",
            ),
            icon=":material/science:",
        )
        return None
    trial_months = round(trial_months, 1)
    words = trial_ui.months_words(trial_months, f.lang)
    st.info(
        t(
            "**Effekten er forsøgets.** I det randomiserede forsøg var en ung i NExTWORK i "
            f"gennemsnit {words} på ydelse end en ung i den sædvanlige indsats de første "
            f"{TRIAL_WEEK} uger (de valgte kommuner). Det tal står nedenfor i stedet for et, du "
            "har skrevet; ydelsen og antallet af deltagere er dine antagelser, og du kan skrive "
            "en anden effekt for at prøve den.",
            "**The effect is the trial's.** In the randomised trial a young person in NExTWORK "
            f"spent on average {words} on benefits than one in the usual services over the "
            f"first {TRIAL_WEEK} weeks (the chosen sites). That figure stands below instead of "
            "one you typed; the benefit and the number of participants are your assumptions, "
            "and you can type another effect to try it.",
        ),
        icon=":material/science:",
    )
    # Another choice of sites gives another trial figure: the field starts from it again.
    if st.session_state.get("cost_months__trial") != trial_months:
        for stale in ("cost_months", "cost_months__good"):
            st.session_state.pop(stale, None)
        st.session_state["cost_months__trial"] = trial_months
    return trial_months


def scenario_section(f: ui.Filters, pooled: pd.DataFrame, missing: pd.DataFrame) -> None:
    """The scenario for a chosen calendar year of the pooled sites (`pooled`); `missing` are
    the sites and years without costs."""
    trial_months = trial_effect(f)
    years = list(pooled["year"])
    if not years:
        return
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
    cards(s, year, f.lang)
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
        explained(s, year, from_trial, f)


def cards(s: economy.Scenario, year: int, lang: str) -> None:
    """Gross saving, cost, net result (in millions, exact in the help) and break-even."""
    months_text = formats.number(s.break_even_months, lang, 1)
    cards = st.columns(4)
    in_millions = t(" (mio. kr.)", " (DKK million)")
    for card, label, value in (
        (cards[0], t("Bruttobesparelse", "Gross saving"), s.gross_saving_dkk),
        (cards[1], t(f"Omkostning {year}", f"Cost {year}"), s.cost_dkk),
        (cards[2], t("Nettoresultat", "Net result"), s.net_dkk),
    ):
        card.metric(
            label + in_millions, millions(value, lang), help=kroner(value, lang), border=True
        )
    cards[3].metric(
        t("Break-even-effekt", "Break-even effect"),
        months_text if s.break_even_months is None else months_text + t(" mdr.", " months"),
        help=t(
            "Måneder færre på ydelse pr. deltager, hvor besparelsen netop dækker omkostningen.",
            "Months less on benefit per participant at which the saving just covers the cost.",
        ),
        border=True,
    )


def explained(s: economy.Scenario, year: int, from_trial: bool, f: ui.Filters) -> None:
    """The break-even in a sentence, and the net result against the assumed effect."""
    lang = f.lang
    months_text = formats.number(s.break_even_months, lang, 1)
    st.markdown(
        t(
            f"Med {formats.number(s.participants, lang)} deltagere og en ydelse på "
            f"{kroner(s.monthly_benefit_dkk, lang)} om måneden er én måned mindre på ydelse for "
            f"hver deltager {kroner(s.saving_per_month_dkk, lang)} værd. Årets omkostning på "
            f"{kroner(s.cost_dkk, lang)} er dækket, når hver deltager i gennemsnit er "
            f"**{months_text} måneder** mindre på ydelse, "
            "end de ellers ville have været.",
            f"With {formats.number(s.participants, lang)} participants and a benefit of "
            f"{kroner(s.monthly_benefit_dkk, lang)} a month, one month less on benefit for every "
            f"participant is worth {kroner(s.saving_per_month_dkk, lang)}. The year's cost of "
            f"{kroner(s.cost_dkk, lang)} is covered when each participant on average spends "
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
        lang,
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
        lang,
        height=380,
    )
    charts.show(fig, "cost_scenario_chart")
