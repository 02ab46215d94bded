"""Definitioner: what every KPI and principle indicator means, the rules they share, the
target, the small-number rule and, in brief, what an export contains. All of it is read from
the one list of KPIs (`nextwork.metrics.kpis`), the indicators
(`nextwork.metrics.principles`), the settings
and the data contract, so the page cannot drift from them."""

import pandas as pd
import streamlit as st

from nextwork import config, formats
from nextwork.ingest import contract
from nextwork.metrics import disclosure, fair, kpis, principles
from nextwork.present import definitions
from nextwork.web import ui
from nextwork.web.ui import t

f = ui.current()
st.title(t("Definitioner", "Definitions"))
ui.banners(f)
st.markdown(
    t(
        "Alle tal i dashboardet, i eksporterne og på kommandolinjen beregnes ud fra disse "
        "definitioner og intet andet, så et tal betyder det samme på hver side og i hver kommune.",
        "Every figure in the dashboard, its exports and the command line is computed from these "
        "definitions and nothing else, so a number means the same on every page and in every "
        "municipality.",
    )
)

st.subheader(t("Fælles regler", "Common rules"))
st.markdown(kpis.COMMON_RULES_DA if f.lang == "da" else kpis.COMMON_RULES_EN)
st.markdown(kpis.COHORT_RULE_DA if f.lang == "da" else kpis.COHORT_RULE_EN)

for group, members in definitions.kpi_groups().items():
    st.subheader(t(*group))
    for kpi in members:
        notes = [f"`{kpi.key}`", t(*definitions.KINDS[kpi.kind])]
        if kpi.companies_only:
            notes.append(t("kun kommunefilteret gælder", "only the municipality filter applies"))
        if config.target(kpi.key) is not None:
            notes.append(
                t("mål: ", "target: ") + formats.percent(config.target(kpi.key), f.lang, 0)
            )
        st.markdown(
            f"**{kpi.label(f.lang)}** :small[:gray[{' · '.join(notes)}]]  \n"
            + kpi.definition(f.lang)
        )

st.subheader(t("Principindikatorer", "Principle indicators"))
st.markdown(
    t(
        "Siden Principper viser, hvor tæt hver kommune følger programmets tre principper. "
        "Indikatorerne regnes efter de samme fælles regler; de, der også er nøgletal, kommer fra "
        "nøgletallene ovenfor.",
        "The Principles page shows how closely each site follows the programme's three "
        "principles. The indicators follow the same common rules; those that are also KPIs come "
        "from the KPIs above.",
    )
)
for principle in principles.PRINCIPLES:
    st.markdown(f"##### {principle.label(f.lang)}\n{principle.description(f.lang)}")
    for indicator in (i for i in principles.INDICATORS if i.principle == principle.key):
        notes = [f"`{indicator.key}`", t(*definitions.KINDS[indicator.kind])]
        if indicator.is_kpi:
            notes.append(t("nøgletal", "KPI"))
        if indicator.municipality_only:
            notes.append(t("kun kommunefilteret gælder", "only the municipality filter applies"))
        st.markdown(
            f"**{indicator.label(f.lang)}** :small[:gray[{' · '.join(notes)}]]  \n"
            + indicator.definition(f.lang)
            + f"  \n*{t('Hvorfor', 'Why')}:* {indicator.why(f.lang)}"
        )

st.subheader(t("Mål", "Targets"))
targets = config.settings()["targets"]
st.markdown(
    "\n".join(
        f"- {kpis.KPI_BY_KEY[key].label(f.lang)}: "
        + t("mindst ", "at least ")
        + formats.percent(value, f.lang, 0)
        for key, value in targets.items()
        if key in kpis.KPI_BY_KEY
    )
    + "\n\n"
    + t(
        "Målene er en indstilling (`config/settings.toml`), ikke en del af beregningen. Målet for "
        "job eller uddannelse kommer fra Roskilde-aftalen fra 2017.",
        "Targets are a setting (`config/settings.toml`), not part of the computation. The target "
        "for job or education comes from the Roskilde agreement of 2017.",
    )
)

st.subheader(t("Fair sammenligning", "Fair comparison"))
st.markdown(fair.METHOD_DA if f.lang == "da" else fair.METHOD_EN)
st.markdown(
    t("Kan sammenlignes fair: ", "Can be compared fairly: ")
    + ", ".join(kpis.KPI_BY_KEY[k].label(f.lang) for k in fair.FAIR_KEYS)
    + "."
)

st.subheader(t("Små tal", "Small numbers"))
st.markdown(
    t(
        "Præcise tal ser administratorer, fonden og en leder for sin egen kommune. Alle andre "
        "tal (for seere, en leders visning af andre kommuner, præsentationen og alle filer, der "
        "deles fra dashboardet) går gennem én kontrol: ",
        "Exact figures are for admins, the foundation and a manager's own municipality. Every "
        "other figure (for viewers, a manager's view of other sites, the presentation and every "
        "file shared from the dashboard) goes through one control: ",
    )
    + disclosure.explanation(f.lang)
    + t(
        " Samme tal vises altid ens, på alle sider, i alle filer og på begge sprog. Metoden og "
        "dens parametre står i `docs/privacy.md`.",
        " The same figure always reads the same, on every page, in every file and in both "
        "languages. The method and its parameters are in `docs/privacy.md`.",
    )
)

st.subheader(t("Dataleverancen", "The export"))
suffixes = ", ".join(f"`.{x}`" for x in contract.FORMATS)
st.markdown(
    t(
        f"Hver kommune leverer en mappe med én fil pr. tabel, som {suffixes}. Kolonnernes "
        "rækkefølge er ligegyldig; ukendte kolonner ignoreres med en advarsel. En indlæsning "
        "er alt eller intet.",
        f"Each municipality delivers a folder with one file per table, as {suffixes}. Column "
        "order does not matter; unknown columns are ignored with a warning. An import is all "
        "or nothing.",
    )
)
rows = []
for file in definitions.export_files(f.lang):
    also = f"; {t('desuden', 'also')}: " + ", ".join(file.optional) if file.optional else ""
    st.markdown(
        f"**{file.name}** ({file.status}): {t('én række pr.', 'one row per')} {file.per_row}.  \n"
        f"{t('Kolonner', 'Columns')}: {', '.join(file.required)}{also}"
    )
    rows.append(
        {
            t("Fil", "File"): file.name,
            t("Status", "Status"): file.status,
            t("Én række pr.", "One row per"): file.per_row,
            t("Påkrævede kolonner", "Required columns"): ", ".join(file.required),
            t("Øvrige kolonner", "Other columns"): ", ".join(file.optional),
        }
    )
ui.downloads(pd.DataFrame(rows), t("dataleverance", "export_contract"), key="definitions_download")
