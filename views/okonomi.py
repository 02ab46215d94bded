"""Økonomi: what each site's team costs per young person, placement and outcome, year by year,
and a savings scenario on the user's own assumptions, with a plain statement of what it cannot
show: the effect, which only the randomised trial measures."""

import streamlit as st

from nextwork.metrics import economy
from nextwork.web import trial_ui, ui
from nextwork.web.sections import cost_scenario, cost_units
from nextwork.web.ui import t

f = ui.current()
ui.header(t("Økonomi", "Cost"), f)
costs = economy.without_hidden_counts(ui.query("costs_per_year", f.params()))
sites = costs[costs["municipality"].notna()]
pooled = costs[costs["municipality"].isna()]
missing = sites[~sites["has_costs"]]

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
cost_units.missing_warning(sites, missing)

st.subheader(t("Omkostning pr. enhed", "Cost per unit"))
cost_units.unit_chart(sites, f)
cost_units.year_notes(pooled)
cost_units.table_section(costs, f)

st.subheader(t("Besparelsesscenarie", "Savings scenario"))
cost_scenario.scenario_section(f, pooled, missing)

# The cost per additional young person in job or education, from the trial's effect.
trial_ui.cost_section(f, key="cost_trial")
