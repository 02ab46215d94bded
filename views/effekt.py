"""Effekt: what the randomised trial says NExTWORK changes against the usual services, per
site and pooled, with its uncertainty: the arms' curves, a forest plot at a chosen week, the
effect in plain words, and what it does not say."""

import streamlit as st

from nextwork import config, formats
from nextwork.metrics import trial_effects
from nextwork.present import charts, trial_charts
from nextwork.web import trial_ui, ui
from nextwork.web.ui import t

f = ui.current()
ui.header(t("Effekt", "Effect"), f)
st.caption(
    t(
        "Unge, der henvises i kommunerne, fordeles ved lodtrækning til NExTWORK eller til den "
        "sædvanlige indsats, og begge grupper følges i de nationale registre uge for uge. "
        "Forskellen mellem grupperne er NExTWORKs effekt. Tallene er forskernes sammentællinger "
        "pr. kommune, gruppe og uge; ingen oplysninger om enkeltpersoner forlader "
        "Danmarks Statistik. Kun kommunefilteret gælder.",
        "Young people referred in the municipalities are randomised to NExTWORK or to the usual "
        "services, and both groups are followed in the national registers week by week. The "
        "difference between the groups is NExTWORK's effect. The figures are the researchers' "
        "counts per site, arm and week; no data on individuals leaves Statistics Denmark. Only "
        "the municipality filter applies.",
    )
)
arms = trial_ui.arms(f)
if arms.empty:
    st.info(t(*trial_ui.NO_RESULTS), icon=":material/science:")
    st.stop()
loaded = ui.query("trial_loaded", f.params())
if len(loaded):
    st.caption(
        t("Forsøgsresultaterne er indlæst ", "The trial results were loaded on ")
        + formats.date(loaded["loaded_at"].iloc[0].date(), f.lang)
        + "."
    )
if not trial_ui.is_exact():
    st.caption(
        t(
            "Forsøgets tal er justeret og små tal skjult for alle andre end administratorer "
            "og fonden; en kommune med et skjult tal har ingen effekt her.",
            "The trial's figures are adjusted and small numbers hidden for everyone but "
            "administrators and the foundation; a site with a hidden figure has no effect here.",
        )
    )

week = st.segmented_control(
    t("Uger efter lodtrækningen", "Weeks after randomisation"),
    list(trial_effects.WEEKS),
    default=52,
    required=True,
    key="effect_week",
)
out = trial_effects.effects_at(arms, week)
pooled_label = t("Samlet", "Pooled")
st.metric(
    t(f"Effekt efter {week} uger, samlet", f"Effect after {week} weeks, pooled"),
    trial_charts.points(out["pooled"]["difference"], f.lang, 1) + t(" procentpoint", " points")
    if out["pooled"]
    else "–",
    border=True,
)
st.markdown("**" + trial_ui.sentence(out["pooled"], week, f.lang) + "**.")
st.caption(trial_ui.heterogeneity(out["pooled"], f.lang))

st.subheader(t("Effekt pr. kommune", "Effect per site"))
fig = trial_charts.forest(out, f.lang, pooled_label)
charts.style(
    fig,
    t(
        f"Forskel i andel i job eller uddannelse efter {week} uger, NExTWORK minus sædvanlig "
        "indsats",
        f"Difference in the share in job or education after {week} weeks, NExTWORK minus "
        "usual services",
    ),
    t(
        "Firkant: kommunens forskel · streg: 95 %-interval (Newcombe) · ruder: samlet, ",
        "Square: the site's difference · line: 95 % interval (Newcombe) · diamond: pooled, ",
    )
    + t("fast effekt", "fixed effect")
    + " · "
    + ", ".join(f.municipalities),  # fmt: skip
    t("Forskel (procentpoint)", "Difference (percentage points)"),
    None,
    f.lang,
    height=140 + 60 * (len(out["by_municipality"]) + 1),
)
trial_ui.show_forest(
    fig, "effect_forest", trial_charts.forest_alt(out, fig.layout.title.text, f.lang)
)
table = trial_ui.site_table(out, f.lang)
st.dataframe(table, hide_index=True, key="effect_table")
ui.downloads(
    table,
    t("effekt", "effect"),
    key="effect_download",
    shared=lambda: trial_ui.site_table(trial_ui.effects(f, week, suppress=True), f.lang),
)
hidden = [name for name, e in out["by_municipality"].items() if e is None]
if hidden:
    st.caption(
        t("Ingen effekt for ", "No effect for ")
        + ", ".join(hidden)
        + t(
            " i denne uge: et tal er skjult (små tal) eller mangler.",
            " at this week: a figure is hidden (small numbers) or missing.",
        )
    )

st.subheader(t("Grupperne uge for uge", "The arms week by week"))
PLACE = t("Alle valgte", "All selected")
choices = [PLACE, *sorted(arms["municipality"].dropna().unique())]
place = st.selectbox(t("Kommune", "Site"), choices, key="effect_site")
rows = arms[arms["municipality"].isna()] if place == PLACE else arms[arms["municipality"] == place]
fig = trial_charts.arm_curves(trial_effects.curves(rows), f.lang, config.min_share_n())
charts.style(
    fig,
    t(
        "Andel i job eller uddannelse efter uger siden lodtrækningen",
        "Share in job or education by weeks since randomisation",
    ),
    place + t(" · bånd: 95 %-interval (Wilson)", " · band: 95 % interval (Wilson)"),
    t("Uger siden lodtrækningen", "Weeks since randomisation"),
    t("Andel i job eller uddannelse (%)", "Share in job or education (%)"),
    f.lang,
    height=440,
)
charts.show(fig, "effect_curves")

st.subheader(t("Hvad tallene ikke siger", "What the figures do not say"))
st.markdown(
    t(
        "- Kommunerne henviser forskellige unge, så en forskel mellem kommunernes effekt kan "
        "skyldes, hvem der henvises, og ikke kun teamets arbejde.\n"
        "- Et interval for én kommune er bredt: der er få unge i hver gruppe. Et interval, der "
        "rummer 0, betyder, at forsøget ikke kan skelne effekten fra ingen effekt.\n"
        "- Den samlede effekt gælder de valgte kommuner og de unge, der blev henvist i "
        "forsøgsperioden; den siger ikke, hvad NExTWORK vil give andre steder.\n"
        "- Job eller uddannelse i en uge er ikke det samme som at blive der.",
        "- The sites refer different young people, so a difference between the sites' effects "
        "may come from who is referred, not only from the team's work.\n"
        "- One site's interval is wide: each arm holds few young people. An interval that "
        "includes 0 means the trial cannot tell the effect from no effect.\n"
        "- The pooled effect holds for the chosen sites and the young people referred during "
        "the trial; it does not say what NExTWORK would do elsewhere.\n"
        "- In a job or education in one week is not the same as staying there.",
    )
)
trial_ui.cost_section(f, key="effect_cost")
