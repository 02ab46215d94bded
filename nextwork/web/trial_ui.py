"""What the Effekt page and the Økonomi page show of the trial: the arms' counts as the reader
may see them, the effects in plain words, the forest plot drawn with its text alternative, a
table of the site effects, and the cost per additional young person in job or education.

The trial's aggregates are exact for those who see every site exactly (admin, foundation)
and go through the disclosure control (`nextwork.metrics.disclosure`) for everyone else, a manager's
own site included: they are the statistics agency's register figures, not the team's own
records. The effects are then computed from the perturbed counts, and a site with a hidden
count has no effect.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from nextwork import formats, i18n
from nextwork.filters import Filters
from nextwork.metrics import economy, trial_effects
from nextwork.present import charts
from nextwork.present.money import kroner
from nextwork.present.trial_charts import includes_zero, points, sentence  # noqa: F401 (the pages read it here)
from nextwork.web import data, session

NO_RESULTS = (
    "Der er ingen forsøgsresultater for de valgte kommuner. En administrator indlæser dem på "
    "siden Data eller med `python -m nextwork trial FIL --db DATABASE`.",
    "There are no trial results for the chosen sites. An administrator loads them on the "
    "Data page or with `python -m nextwork trial FILE --db DATABASE`.",
)


def is_exact(suppress: bool = False) -> bool:
    return not suppress and session.viewer().sees_all_exactly


def arms(f: Filters, suppress: bool = False) -> pd.DataFrame:
    """`trial_arms` for the chosen sites the reader may see: exact for admin and foundation,
    through the disclosure control for everyone else (and always with `suppress`)."""
    return data.query("trial_arms", f.params(), suppress=not is_exact(suppress))


def effects(f: Filters, week: int, suppress: bool = False) -> dict:
    return trial_effects.effects_at(arms(f, suppress), week)


def site_table(out: dict, lang: str) -> pd.DataFrame:
    """One row per site and the pooled estimates: counts, shares and the difference with its
    interval in percentage points (one decimal)."""
    da = lang == "da"
    rows = []
    for name, e in out["by_municipality"].items():
        if e is None:
            rows.append({"site": name})
            continue
        rows.append(
            {
                "site": name,
                "treated": f"{e['treated_k']} / {e['treated_n']}",
                "control": f"{e['control_k']} / {e['control_n']}",
                "difference": points(e["difference"], lang, 1),
                "interval": f"{points(e['ci_low'], lang, 1)} – {points(e['ci_high'], lang, 1)}",
            }
        )
    p = out["pooled"]
    if p is not None and p.get("sites", 2) > 1:  # one site's pooled rows repeat its own
        rows.append(
            {
                "site": "Samlet, fast effekt" if da else "Pooled, fixed effect",
                "difference": points(p["difference"], lang, 1),
                "interval": f"{points(p['ci_low'], lang, 1)} – {points(p['ci_high'], lang, 1)}",
            }
        )
        rows.append(
            {
                "site": "Samlet, tilfældige effekter" if da else "Pooled, random effects",
                "difference": points(p["random_difference"], lang, 1),
                "interval": f"{points(p['random_ci_low'], lang, 1)} – "
                f"{points(p['random_ci_high'], lang, 1)}",
            }
        )
    labels = {
        "site": "Kommune" if da else "Site",
        "treated": "NExTWORK (i job/udd. / randomiseret)"
        if da
        else "NExTWORK (in job/educ. / randomised)",
        "control": "Sædvanlig indsats (i job/udd. / randomiseret)"
        if da
        else "Usual services (in job/educ. / randomised)",
        "difference": "Forskel (procentpoint)" if da else "Difference (percentage points)",
        "interval": "95 %-interval" if da else "95 % interval",
    }
    table = pd.DataFrame(rows, columns=list(labels)).fillna("–")
    return table.rename(columns=labels)


def show_forest(fig: go.Figure, key: str, alt: str) -> None:
    """Draw the forest plot with `alt` as its text alternative (the table under it holds its
    numbers: a forest plot's rows are sites, which the generic description does not read)."""
    import streamlit as st

    st.plotly_chart(fig, config=charts.PLOTLY_CONFIG, key=key, alt=alt)


def heterogeneity(pooled: dict | None, lang: str) -> str:
    """The random-effects estimate and I² in one sentence; nothing with one site, where there
    is no spread between sites to speak of."""
    if pooled is None or pooled["i2"] is None:
        return ""
    i2 = "–" if pooled["i2"] is None else formats.percent(pooled["i2"], lang, 0)
    low, high = points(pooled["random_ci_low"], lang), points(pooled["random_ci_high"], lang)
    zero = includes_zero(pooled["random_ci_low"], pooled["random_ci_high"])
    if lang == "da":
        return (
            f"Med tilfældige effekter (DerSimonian-Laird), som lader kommunernes effekt være "
            f"forskellig: {points(pooled['random_difference'], lang)} procentpoint, "
            f"95 %-interval {low} til {high}"
            + ("; det rummer 0, så heller ikke her kan effekten skelnes fra ingen" if zero else "")
            + f". I² = {i2}: den del af forskellen mellem "
            "kommunerne, som ikke er tilfældig variation."
        )
    return (
        f"With random effects (DerSimonian-Laird), which let the sites' effects differ: "
        f"{points(pooled['random_difference'], lang)} percentage points, 95 % interval {low} to "
        f"{high}"
        + ("; it includes 0, so here too the effect cannot be told from none" if zero else "")
        + f". I² = {i2}: the share of the difference between sites that is not chance."
    )


def cost_per_randomised(cost_dkk: float | None, randomised) -> float | None:
    """The year's cost divided by the young people randomised to NExTWORK."""
    if cost_dkk is None or randomised is None or pd.isna(randomised) or int(randomised) <= 0:
        return None
    return float(cost_dkk) / int(randomised)


def cost_text(cost: dict, lang: str) -> str:
    """The cost per additional young person in job or education with its interval, or why
    it is not defined."""
    if not cost["defined"]:
        return i18n.t(lang, "ikke defineret", "not defined")
    low, high = kroner(cost["ci_low"], lang), kroner(cost["ci_high"], lang)
    joint = i18n.t(lang, "til", "to")
    return f"{kroner(cost['value'], lang)} (95 %: {low} {joint} {high})"


def months_words(months: float, lang: str) -> str:
    """Months fewer (or, below 0, more) on benefits in words: "0,6 måneder færre",
    "0,6 måneder flere" (en: "0.6 months less", "0.6 months more")."""
    text = formats.number(abs(months), lang, 1)
    more = months < 0 and text.strip("0.,") != ""
    if lang == "da":
        return f"{text} måneder {'flere' if more else 'færre'}"
    return f"{text} months {'more' if more else 'less'}"


def benefit_scenario(arms_frame: pd.DataFrame, week: int, cost_dkk, participants: int):
    """The savings scenario with the trial's effect on months on benefits in place of a typed
    number; None when the trial has no counts on benefits."""
    months = trial_effects.months_off_benefit(arms_frame, week)
    if months is None:
        return None
    return economy.scenario(cost_dkk, participants, economy.default_monthly_benefit(), months)


def cost_section(f: Filters, key: str) -> None:
    """The cost per additional young person in job or education at a chosen week: the
    chosen sites' cost in a chosen year per young person randomised to NExTWORK, divided by
    the trial's pooled effect, with its interval; and the savings scenario with the trial's
    effect on months on benefits in place of a typed number. `key` prefixes the widgets."""
    import streamlit as st

    t, lang = session.t, f.lang
    st.subheader(
        t(
            "Omkostning pr. ekstra ung i job eller uddannelse (forsøget)",
            "Cost per additional young person in job or education (the trial)",
        )
    )
    arms_frame = arms(f)
    if arms_frame.empty:
        st.caption(t(*NO_RESULTS))
        return
    costs = economy.without_hidden_counts(data.query("costs_per_year", f.params()))
    pooled_costs = costs[costs["municipality"].isna()]
    years = [int(y) for y in pooled_costs["year"]]
    if not years:
        st.caption(t("Perioden rører ingen år.", "The period touches no years."))
        return
    left, right = st.columns(2)
    default_year = economy.default_year(years, list(pooled_costs["is_year_complete"]))
    year = left.selectbox(
        t("Omkostningens år", "Year of the cost"),
        years,
        index=years.index(default_year),
        key=f"{key}_year",
    )
    week = right.selectbox(
        t("Effekt efter uger", "Effect after weeks"),
        list(trial_effects.WEEKS),
        index=list(trial_effects.WEEKS).index(52),
        key=f"{key}_week",
    )
    row = pooled_costs[pooled_costs["year"] == year].iloc[0]
    cost_dkk = None if pd.isna(row["cost_dkk"]) else float(row["cost_dkk"])
    out = trial_effects.effects_at(arms_frame, week)
    at_week = arms_frame[arms_frame["municipality"].isna() & (arms_frame["weeks"] == week)]
    randomised = None if at_week.empty else at_week["count_randomised_nextwork"].iloc[0]
    per_randomised = cost_per_randomised(cost_dkk, randomised)
    cost = trial_effects.cost_per_outcome(per_randomised, out["pooled"])
    cards = st.columns(3)
    cards[0].metric(
        t("Omkostning pr. randomiseret ung", "Cost per young person randomised"),
        kroner(per_randomised, lang),
        border=True,
    )
    cards[1].metric(  # the unit in the label: the card is too narrow for it after the number
        t(f"Effekt efter {week} uger (procentpoint)", f"Effect after {week} weeks (points)"),
        points(out["pooled"]["difference"], lang, 1) if out["pooled"] else "–",
        border=True,
    )
    cards[2].metric(
        t("Pr. ekstra ung i job eller uddannelse", "Per additional young person"),
        kroner(cost["value"], lang) if cost["defined"] else t("ikke defineret", "not defined"),
        border=True,
    )
    randomised_text = (
        "–" if randomised is None or pd.isna(randomised) else formats.number(int(randomised), lang)
    )
    how = t(
        f"Omkostningen i {year} for de valgte kommuner ({kroner(cost_dkk, lang)}) delt med de "
        f"{randomised_text} unge, der blev randomiseret til NExTWORK, og derefter med "
        f"forsøgets samlede effekt efter {week} uger (fast effekt). ",
        f"The chosen sites' cost in {year} ({kroner(cost_dkk, lang)}) divided by the "
        f"{randomised_text} young people randomised to NExTWORK, then by the trial's pooled "
        f"effect after {week} weeks (fixed effect). ",
    )
    if cost_dkk is None:
        how += t(
            "Der er ingen omkostning for alle de valgte kommuner i det år.",
            "There is no cost for every chosen site in that year.",
        )
    elif cost["defined"]:
        how += t("Pr. ekstra ung: ", "Per additional young person: ") + cost_text(cost, lang) + "."
    else:
        how += t(
            "Effektens 95 %-interval rummer 0 (eller ligger under), så der er ingen "
            "omkostning pr. ekstra ung: forsøget kan ikke skelne effekten fra ingen effekt.",
            "The effect's 95 % interval includes 0 (or lies below it), so there is no cost per "
            "additional young person: the trial cannot tell the effect from no effect.",
        )
    st.caption(how)
    active = row["participants_active"]
    participants = 0 if pd.isna(active) else int(active)
    s = benefit_scenario(arms_frame, week, cost_dkk, participants)
    if s is None:
        st.caption(
            t(
                "Forsøgsfilen har ingen tal for unge på ydelse (on_benefits), så "
                "besparelsesscenariet på siden Økonomi bruger dit eget tal.",
                "The trial file has no counts on benefits (on_benefits), so the savings "
                "scenario on the Cost page uses your own number.",
            )
        )
        return
    months = months_words(s.months_off_benefit, lang)
    active_text = formats.number(participants, lang)
    st.markdown(
        t(
            f"**Besparelsen med forsøgets effekt.** I forsøget var en ung i NExTWORK i "
            f"gennemsnit {months} på ydelse end en ung i den sædvanlige indsats "
            f"de første {week} uger (forsøgets tal, ikke et tal, du har skrevet). Med årets "
            f"{active_text} aktive unge og {kroner(s.monthly_benefit_dkk, lang)} om måneden "
            f"er det en bruttobesparelse på {kroner(s.gross_saving_dkk, lang)}; "
            f"nettoresultat {kroner(s.net_dkk, lang)}".rstrip(".")
            + ".",
            f"**The saving with the trial's effect.** In the trial a young person in NExTWORK "
            f"spent on average {months} on benefits than one in the usual services "
            f"over the first {week} weeks (the trial's figure, not one you typed). With the "
            f"year's {active_text} active young people and {kroner(s.monthly_benefit_dkk, lang)}"
            f" a month that is a gross saving of {kroner(s.gross_saving_dkk, lang)}; net result "
            f"{kroner(s.net_dkk, lang)}.",
        )
    )
