"""The shared filters in the sidebar, kept in the link. The meaning of every value is
`nextwork.filters`'s: this module only moves values between the URL (`st.query_params`),
the session state and the widgets. On a session's first run the link is read
(`filters.from_query`) into the widgets' state, with its notices kept for every page; on
every run the widgets give the `Filters` and the link is written back (`filters.to_query`)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from nextwork import filters, i18n
from nextwork.filters import Filters
from nextwork.metrics import kpis
from nextwork.web import data, session
from nextwork.web.session import t

# The values the group filters may take, by the field of `Filters` they set.
GROUPS = {
    "target_groups": kpis.TARGET_GROUPS,
    "genders": kpis.GENDERS,
    "age_bands": kpis.AGE_BANDS,
}


def coarse(f: Filters, everyone: list[str]) -> Filters:
    """`filters.coarse` for the person looking: they see the chosen sites exactly or not."""
    return filters.coarse(f, everyone, session.viewer().is_exact(f.municipalities, everyone))


def _from_url(info: dict) -> list[str]:
    """Set the widgets' state from the link; the notices for values it could not use."""
    query = dict(st.query_params)
    f, notices = filters.from_query(query, info, GROUPS)
    state = st.session_state
    state["lang"] = f.lang
    state["as_of"] = f.as_of
    if "start" in query and not any(n.startswith("start=") for n in notices):  # a period
        state["period"] = filters.preset_of(f.start, f.end, info["first_day"], f.as_of)
        state["custom_range"] = (f.start, f.end)
    state["municipality"] = list(f.municipalities)
    state["target_group"] = list(f.target_groups)
    state["gender"] = list(f.genders)
    state["age_band"] = list(f.age_bands)
    return notices


def _to_url(f: Filters, defaults: dict) -> None:
    wanted = filters.to_query(f, defaults)
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


def sidebar_filters() -> Filters:
    """Render the shared filters in the sidebar, keep them in the URL, and return them."""
    info = dict(data.facts())
    # Only the municipalities this person may choose exist, for the filters and the URL.
    info["municipalities"] = session.viewer().visible_scope(info["municipalities"])
    state = st.session_state
    if "filters_loaded" not in state:
        state["url_notices"] = _from_url(info)
        state["filters_loaded"] = True
    notices = state.get("url_notices", [])

    # Widgets get their starting values through the session state alone, so that their
    # identity (and with it their value) is the same on every run.
    if state.get("lang") not in i18n.LANGUAGES:
        state["lang"] = i18n.DEFAULT
    state.setdefault("municipality", list(info["municipalities"]))
    state["municipality"] = [m for m in state["municipality"] if m in info["municipalities"]]
    if state.get("as_of") is None:
        state["as_of"] = info["as_of"]

    with st.sidebar:
        st.segmented_control(
            "Sprog / Language",
            options=list(i18n.LANGUAGES),
            format_func=lambda v: "Dansk" if v == "da" else "English",
            key="lang",
        )
        if state.get("lang") is None:  # a click on the chosen language unselects it
            state["lang"] = i18n.DEFAULT
        language = state["lang"]
        as_of = state["as_of"]
        if state.get("period") not in filters.presets(info["first_day"], as_of):
            state["period"] = filters.known_preset(state.get("period"), info["first_day"], as_of)
        period = st.selectbox(
            t("Periode", "Period"),
            filters.presets(info["first_day"], as_of),
            format_func=lambda p: filters.preset_label(p, language),
            key="period",
        )
        if period == "custom":
            if "custom_range" not in state:
                state["custom_range"] = filters.preset_range("last12", as_of)
            chosen = st.date_input(
                t("Fra og til", "From and to"),
                key="custom_range",
                min_value=dt.date(filters.FIRST_YEAR, 1, 1),
                format="DD.MM.YYYY",
            )
            start, end = chosen if len(chosen) == 2 else (chosen[0], chosen[0])
        else:
            start, end = filters.preset_range(period, as_of)
        municipalities = st.multiselect(
            t("Kommuner", "Municipalities"),
            info["municipalities"],
            key="municipality",
            placeholder=t("Alle kommuner", "All municipalities"),
        )
        with st.expander(t("Flere filtre", "More filters"), expanded=False):
            chosen_groups = {}
            for name, key, label in (
                ("target_groups", "target_group", t("Målgruppe", "Target group")),
                ("genders", "gender", t("Køn", "Gender")),
                ("age_bands", "age_band", t("Aldersgruppe", "Age band")),
            ):
                chosen_groups[name] = st.multiselect(
                    label,
                    GROUPS[name],
                    format_func=lambda v: i18n.value_label(v, language),
                    key=key,
                    placeholder=t("Alle", "All"),
                )
            # One key holds the as-of day: the link's, the reader's choice, or the data's.
            as_of = (
                st.date_input(
                    t("Opgjort pr.", "Data as of"),
                    key="as_of",
                    format="DD.MM.YYYY",
                    help=t(
                        "Dagen, tallene gælder for. Standard: dagen for seneste indlæsning.",
                        "The day the figures are true for. Default: the day of the latest import.",
                    ),
                )
                or info["as_of"]
            )

    f = Filters(
        start=start,
        end=end,
        as_of=as_of,
        municipalities=tuple(municipalities or info["municipalities"]),
        target_groups=tuple(chosen_groups["target_groups"]),
        genders=tuple(chosen_groups["genders"]),
        age_bands=tuple(chosen_groups["age_bands"]),
        lang=state.get("lang", i18n.DEFAULT),
        notices=tuple(notices),
    )
    if not session.viewer().sees_all_exactly:
        f = coarse(f, info["municipalities"])
        with st.sidebar:
            st.caption(
                t(
                    "Du ser tal gennem beskyttelsen af små tal: hele måneder, én kommune eller "
                    "alle, og højst én værdi i hvert af de andre filtre.",
                    "You see figures through the protection of small numbers: whole months, one "
                    "site or all, and at most one value in each of the other filters.",
                )
            )
    state["filters"] = f
    _to_url(f, {"as_of": info["as_of"], "municipalities": info["municipalities"]})
    return f
