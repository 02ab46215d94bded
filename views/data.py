"""Data: how recent each site's figures are and every import so far; for an administrator,
the upload of a new export, which is checked and loaded, or rejected with every problem
located and nothing changed, the trial's results and the undo of an import."""

import datetime as dt

import streamlit as st

from nextwork.ingest.importer import import_log
from nextwork.web import ui, upload
from nextwork.web.sections import data_page_restore, data_page_tables, data_page_trial
from nextwork.web.sections import data_page_upload as loading
from nextwork.web.ui import t

f = ui.current()
person = ui.viewer()
everyone = ui.facts()["municipalities"]

st.title("Data")
ui.banners(f)
st.markdown(
    t(
        "Hver kommune indlæser et nyt udtræk fra sit fagsystem hver måned. Et udtræk erstatter "
        "kommunens tidligere data helt, og kun hvis alle filer overholder datakontrakten.",
        "Each municipality loads a new export from its case system every month. An export "
        "replaces the municipality's earlier data entirely, and only if every file keeps to "
        "the data contract.",
    )
)

st.subheader(t("Hvor nye er tallene", "How recent the figures are"))
fresh = upload.freshness(ui.facts()["freshness"], dt.date.today(), person.visible_scope(everyone))
data_page_tables.freshness_table(fresh, f.lang)

st.subheader(t("Indlæs et nyt udtræk", "Load a new export"))
loading.template_button(f.lang)
if not loading.not_allowed(person):
    loading.upload_section(person, f.lang)
    data_page_trial.trial_section(person, f.lang)
    data_page_restore.undo_section(person, f.lang)

st.subheader(t("Indlæsninger", "Imports"))
history = upload.history(import_log(ui.db_path()), person, everyone, f.lang)
data_page_tables.history_table(history, f.lang)
