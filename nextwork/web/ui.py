"""What every page shares: the language, the filters kept in the URL, cached queries,
download buttons and the banners about the data."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
import streamlit as st

from nextwork import formats
from nextwork.ingest import audit, db, marts, store
from nextwork.metrics import disclosure, fair, kpis
from nextwork.metrics import frame as frame_of
from nextwork.present import cells, headline
from nextwork.web import access, snapshots

# --- language ------------------------------------------------------------------------


def lang() -> str:
    try:
        return st.session_state.get("lang", "da")
    except Exception:  # outside a running app (plain Python, tests of helpers)
        return "da"


def t(da: str, en: str) -> str:
    """The text in the reader's language."""
    return en if lang() == "en" else da


def plain(text) -> str:
    """`text` (from a link, a file, the data or a token) as a markdown code span, so that
    Streamlit shows it as the characters it is: inside a code span no link, image,
    emphasis, HTML, colour or icon directive is read, and no bare address becomes a link.
    The fence is longer than any run of backticks in the text; line breaks become spaces."""
    text = " ".join(str(text).split())
    if not text:
        return ""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


# --- the database --------------------------------------------------------------------


def db_path() -> Path:
    return db.default_db_path()


@st.cache_resource(show_spinner=False)
def _snapshots() -> snapshots.Snapshots:
    """The app process's connections, shared by every session."""
    return snapshots.Snapshots()


DataChanged = snapshots.DataChanged


@st.cache_resource(show_spinner=False)
def check_files(path: str) -> list:
    """At start (once per app process and database): the files beside the database that
    are readable by more users than `NEXTWORK_FILE_MODE` allows, named in the server's log."""
    loose = store.loose_files(Path(path))
    for file, mode in loose:
        logging.getLogger("nextwork").warning(
            "%s is readable by more users than it should be (mode %04o; want %04o): chmod %04o %s",
            file,
            mode,
            store.file_mode(),
            store.file_mode(),
            file,
        )
    return loose


def pin_data() -> tuple[int, int]:
    """Fix the database file for this run (the frame calls it first, and `unpin_data` when
    the run ends). Every figure a run shows comes from that one file, so a page drawn while
    an import swaps a new file in shows the old data whole; the next run shows the new."""
    version = _snapshots().acquire(db_path())
    st.session_state["data_version"] = version
    return version


def unpin_data(version: tuple[int, int]) -> None:
    _snapshots().release(db_path(), version)


def pinned_version() -> tuple[int, int]:
    """The identity of the file this run reads (see `pin_data`)."""
    version = st.session_state.get("data_version")
    if version is None:
        raise RuntimeError("ui.pin_data() was not called at the start of the run")
    return version


def _connection(path: str, version: tuple[int, int]):
    return _snapshots().connection(path, version)


def connection():
    return _connection(str(db_path()), pinned_version())


# The caches of query results hold one frame per query, parameters and database file
# (`version`, the file's identity: an import swaps a new file in, which makes new keys).
# `st.cache_resource` hands every run that same frame, where `st.cache_data` would unpickle
# a fresh copy for each: the frames are shared and read-only. Never change one in place;
# every step after the cache (suppression, tables, charts) makes a new frame.
@st.cache_resource(max_entries=1000, show_spinner=False)
def _run(name: str, params: dict, path: str, version: tuple[int, int]) -> pd.DataFrame:
    return marts.run(_connection(path, version), name, params)  # a mart where it has one


def viewer() -> access.Viewer:
    """The person looking (set by the frame on every run)."""
    return st.session_state.get("viewer", access.DEMO_VISITOR)


def _scoped(params: dict) -> tuple[dict, bool]:
    """The parameters with the municipalities cut to what the viewer may see, whatever the
    URL or the session state asked for; and whether the figures may be exact."""
    everyone = facts()["municipalities"]
    person = viewer()
    allowed = person.visible_scope(everyone)
    chosen = [m for m in params["municipalities"] if m in allowed]
    scoped = {**params, "municipalities": chosen}
    return scoped, person.is_exact(chosen, everyone)


def query(name: str, params: dict, suppress: bool = False) -> pd.DataFrame:
    """The named query's rows for these parameters, cached per parameter set, limited to
    the viewer's municipalities, and through the disclosure control (`disclosure`) where
    the viewer has no exact rights, and always with `suppress`, for what leaves the team:
    presentations, files."""
    scoped, exact = _scoped(params)
    if exact and not suppress:
        return _shown(name, scoped, str(db_path()), pinned_version(), False)
    return _shown(name, _coarse_params(scoped), str(db_path()), pinned_version(), True)


# What readers see is cached as the results are: the disclosure control is deterministic (the
# same records give the same cell key, and so the same figure), so each run need not redo it.
@st.cache_resource(max_entries=1000, show_spinner=False)
def _shown(
    name: str, params: dict, path: str, version: tuple[int, int], disclosed: bool
) -> pd.DataFrame:
    frame = _run(name, params, path, version)
    if not disclosed:
        return disclosure.strip_table(frame)
    whole = None
    if any(params.get(k) for k in GROUP_FILTERS):  # a group chosen by a filter
        whole = _run(name, {**params, **dict.fromkeys(GROUP_FILTERS)}, path, version)
    return disclosure.disclose_table(frame, name, complement=whole)


@st.cache_resource(max_entries=500, show_spinner=False)
def _kpis(params: dict, path: str, version: tuple[int, int]) -> pd.DataFrame:
    return kpis.kpi_frame(_connection(path, version), params)


def kpi_frame(params: dict, suppress: bool = False) -> pd.DataFrame:
    """Every KPI for these parameters (municipality None = the pooled total), limited to the
    viewer's municipalities, and through the disclosure control where the viewer has no
    exact rights (always with `suppress`)."""
    scoped, exact = _scoped(params)
    if exact and not suppress:
        return _shown_kpis(scoped, str(db_path()), pinned_version(), False)
    return _disclosed_kpis(scoped)


def _disclosed_kpis(params: dict) -> pd.DataFrame:
    return _shown_kpis(_coarse_params(params), str(db_path()), pinned_version(), True)


@st.cache_resource(max_entries=500, show_spinner=False)
def _shown_kpis(params: dict, path: str, version: tuple[int, int], disclosed: bool):
    frame = _kpis(params, path, version)
    if not disclosed:
        return disclosure.strip_kpis(frame)
    whole = None
    if any(params.get(k) for k in GROUP_FILTERS):  # a group chosen by a filter
        whole = _kpis({**params, **dict.fromkeys(GROUP_FILTERS)}, path, version)
    return disclosure.disclose_kpis(frame, complement=whole)


# The filters that choose a group of young people within the municipalities.
GROUP_FILTERS = ("target_groups", "genders", "age_bands")


def programme_kpis(params: dict, suppress: bool = False) -> pd.DataFrame:
    """The KPIs of the whole programme (every municipality pooled), as their total rows
    only. Anyone may see it; only those who see every site exactly see it exact (and
    nobody with `suppress`)."""
    everyone = facts()["municipalities"]
    programme = {**params, "municipalities": list(everyone)}
    if suppress or not viewer().sees_all_exactly:
        frame = _disclosed_kpis(programme)
    else:
        frame = _shown_kpis(programme, str(db_path()), pinned_version(), False)
    return frame[frame["municipality"].isna()].reset_index(drop=True)


def headline_kpis(
    f: Filters, suppress: bool = False, programme: bool = False, previous: bool = False
) -> pd.DataFrame:
    """`kpi_frame` (or with `programme`, `programme_kpis`) of the filters, with the 12-month
    outcome figures and retention measured on the cohort with full follow-up
    (`Filters.cohort`); with `previous`, of the period before and the cohort before."""
    read = programme_kpis if programme else kpi_frame
    period, cohort = f.cohort(), f.cohort()
    if previous:
        period, cohort = f.previous(), f.cohort().previous()
    else:
        period = f
    frame = read(period.params(), suppress)
    if (cohort.start, cohort.end) == (period.start, period.end):
        return frame
    return kpis.with_cohort(frame, read(cohort.params(), suppress))


@st.cache_resource(max_entries=200, show_spinner=False)
def _fair_counts(params: dict, key: str, by: tuple[str, ...], path: str, version: tuple[int, int]):
    return fair.counts(_connection(path, version), params, key, by)


@dataclass(frozen=True)
class FairView:
    """The fair comparison as this reader may see it."""

    result: fair.Comparison
    sites: pd.DataFrame  # `fair.anonymised`: other sites without names for a manager
    start: dt.date
    end: dt.date
    exact: bool  # every figure shown exact
    groups_dropped: bool  # the group filters were set but not applied (non-exact readers)


def fair_comparison(f: Filters, key: str, suppress: bool = False) -> FairView:
    """The fair comparison of `key` (`fair.comparison`) for the filters: every municipality
    in the database is the programme; the 12-month figures on the cohort with full
    follow-up. Admins and the foundation see it exact (not with `suppress`, for what leaves
    the team); anyone else through the disclosure control on whole months, a manager with
    their own site exact and the other sites without names. For readers without exact
    rights the group filters (target group, gender, age) are not applied: the strata split
    the young people by them already, and a filtered comparison would need its own guard
    against singling out."""
    everyone = facts()["municipalities"]
    period = f.cohort() if key in kpis.COHORT_KEYS else f
    person = viewer()
    by = fair.default_strata()
    all_exact = person.sees_all_exactly and not suppress
    if all_exact:
        params = period.params(municipalities=tuple(everyone))
        exact, named = None, None
    else:
        params = _coarse_params(
            period.params(
                municipalities=tuple(everyone), target_groups=(), genders=(), age_bands=()
            )
        )
        own = tuple(person.exact_scope(everyone))
        exact = () if suppress else own
        named = set(own) if person.role == "manager" else None
    sites, parts = _fair_counts(params, key, by, str(db_path()), pinned_version())
    result = fair.from_counts(sites, parts, key, by, exact)
    return FairView(
        result=result,
        sites=fair.anonymised(result.sites, named),
        start=params["start"],
        end=params["end"],
        exact=all_exact,
        groups_dropped=not all_exact and any((f.target_groups, f.genders, f.age_bands)),
    )


def cohort_text(f: Filters, language: str | None = None) -> str:
    """Who the 12-month figures are measured on: "unge indskrevet 1. dec. 2024 – 30. nov.
    2025"."""
    language = language or f.lang
    cohort = f.cohort()
    return ("young people enrolled " if language == "en" else "unge indskrevet ") + (
        f"{formats.date(cohort.start, language)} – {formats.date(cohort.end, language)}"
    )


@st.cache_resource(max_entries=20, show_spinner=False)
def _facts(path: str, version: tuple[int, int]) -> dict:
    con = _connection(path, version)
    municipalities = kpis.all_municipalities(con)
    as_of = kpis.default_as_of(con)
    first = db.scalar(con, "select min(enrolled_on) from participants")
    freshness = db.run(con, "data_freshness", {})
    demo = db.run(con, "data_is_demo", {})
    return {
        "municipalities": municipalities,
        "as_of": as_of,
        "first_day": first or as_of,
        "freshness": freshness,
        "is_demo": bool(demo["is_demo"].iloc[0]) if len(demo) else False,
    }


def facts() -> dict:
    """The municipalities with data, the default as-of day, freshness and demo status."""
    return _facts(str(db_path()), pinned_version())


# --- filters -------------------------------------------------------------------------

PRESETS = ("last12", "this_year", "last_year", "custom")


@dataclass(frozen=True)
class Filters:
    start: dt.date
    end: dt.date
    as_of: dt.date
    municipalities: tuple[str, ...]
    target_groups: tuple[str, ...] = ()
    genders: tuple[str, ...] = ()
    age_bands: tuple[str, ...] = ()
    lang: str = "da"
    notices: tuple[str, ...] = field(default=(), compare=False)

    def params(self, **override) -> dict:
        """The KPI queries' parameters for these filters; `override` swaps any of them."""
        values = {
            "start": self.start,
            "end": self.end,
            "as_of": self.as_of,
            "municipalities": self.municipalities,
            "target_groups": self.target_groups,
            "genders": self.genders,
            "age_bands": self.age_bands,
        }
        values.update(override)
        return kpis.query_params(**values)

    def previous(self) -> Filters:
        """The period of the same length just before this one (`kpis.previous_period`:
        the half-year, quarter, month or year before when the period is one)."""
        start, end = kpis.previous_period(self.start, self.end)
        return replace(self, start=start, end=end, notices=())

    def cohort(self) -> Filters:
        """The filters with the period of the cohort with full follow-up, on which the
        12-month outcome figures are measured (`kpis.outcome_cohort`)."""
        start, end = kpis.outcome_cohort(self.start, self.end, self.as_of)
        return replace(self, start=start, end=end, notices=())

    def describe(self) -> str:
        """One line for chart subtitles and file headers."""
        parts = [f"{formats.date(self.start, self.lang)} – {formats.date(self.end, self.lang)}"]
        parts.append(", ".join(self.municipalities))
        for values, label in (
            (self.target_groups, t("målgruppe", "target group")),
            (self.genders, t("køn", "gender")),
            (self.age_bands, t("alder", "age")),
        ):
            if values:
                parts.append(f"{label}: " + ", ".join(label_of(v) for v in values))
        return " · ".join(parts)


def current() -> Filters:
    """The filters set in the sidebar (set by the app frame before any page runs)."""
    return st.session_state["filters"]


VALUE_LABELS = {
    "activity_ready": ("Aktivitetsparat", "Activity-ready"),
    "education_ready": ("Uddannelsesparat", "Education-ready"),
    "job_ready": ("Jobparat", "Job-ready"),
    "other": ("Andet", "Other"),
    "unknown": ("Ukendt", "Unknown"),
    "female": ("Kvinde", "Female"),
    "male": ("Mand", "Male"),
    "under 18": ("Under 18", "Under 18"),
    "18-24": ("18-24 år", "18-24"),
    "25-29": ("25-29 år", "25-29"),
    "30+": ("30 år og derover", "30+"),
    "completed": ("Gennemført", "Completed"),
    "interrupted": ("Afbrudt", "Interrupted"),
    "ongoing": ("I gang", "Ongoing"),
    "education": ("Uddannelse", "Education"),
    "job": ("Job", "Job"),
}


def label_of(value: str, language: str | None = None) -> str:
    da, en = VALUE_LABELS.get(value, (value, value))
    return en if (language or lang()) == "en" else da


def labeller(language: str):
    """A format function for widgets, fixed to one language (it may be called later)."""
    return lambda value: label_of(value, language)


def preset_range(preset: str, as_of: dt.date) -> tuple[dt.date, dt.date]:
    if preset == "last12":
        start = (pd.Timestamp(as_of) - pd.DateOffset(years=1)).date() + dt.timedelta(days=1)
        return start, as_of
    if preset == "this_year":
        return dt.date(as_of.year, 1, 1), as_of
    if preset == "last_year":
        return dt.date(as_of.year - 1, 1, 1), dt.date(as_of.year - 1, 12, 31)
    if preset.startswith("year_"):
        year = int(preset[5:])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    raise ValueError(preset)


def _presets(first: dt.date, as_of: dt.date) -> list[str]:
    years = [f"year_{y}" for y in range(as_of.year - 2, first.year - 1, -1)]
    return ["last12", "this_year", "last_year", *years, "custom"]


_PRESET_LABELS = {
    "last12": ("Seneste 12 måneder", "Last 12 months"),
    "this_year": ("I år", "This year"),
    "last_year": ("Sidste år", "Last year"),
    "custom": ("Vælg datoer", "Custom range"),
}


def _preset_label(preset: str, language: str) -> str:
    if preset.startswith("year_"):
        return preset[5:]
    da, en = _PRESET_LABELS[preset]
    return en if language == "en" else da


def _parse_date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


FIRST_YEAR = 2000  # no date in a link before this year is used


def date_window(facts: dict) -> tuple[dt.date, dt.date]:
    """The days a link may name: the calendar years the data spans (from its first
    enrolment to its default as-of day), never before 2000."""
    first = max(dt.date(FIRST_YEAR, 1, 1), dt.date(facts["first_day"].year, 1, 1))
    last = max(first, dt.date(facts["as_of"].year, 12, 31))
    return first, last


def _from_url(facts: dict) -> list[str]:
    """Set the filter widgets' state from the URL; return notices for values ignored."""
    q = st.query_params
    state = st.session_state
    notices = []
    if q.get("lang") in ("da", "en"):
        state["lang"] = q["lang"]
    elif "lang" in q:
        notices.append(f"lang={q['lang']}")
    first, last = date_window(facts)

    def in_window(day: dt.date | None) -> dt.date | None:
        return day if day is not None and first <= day <= last else None

    as_of = in_window(_parse_date(q.get("as_of")))
    if "as_of" in q and as_of is None:
        notices.append(f"as_of={q['as_of']}")
    if as_of is not None:
        state["as_of"] = as_of
    start, end = in_window(_parse_date(q.get("start"))), in_window(_parse_date(q.get("end")))
    if ("start" in q or "end" in q) and (start is None or end is None or start > end):
        notices.append(f"start={q.get('start', '')}, end={q.get('end', '')}")
    elif start and end:
        reference = as_of or facts["as_of"]
        options = _presets(facts["first_day"], reference)
        match = next((p for p in options[:-1] if preset_range(p, reference) == (start, end)), None)
        state["period"] = match or "custom"
        state["custom_range"] = (start, end)
    for key, allowed in (
        ("municipality", facts["municipalities"]),
        ("target_group", kpis.TARGET_GROUPS),
        ("gender", kpis.GENDERS),
        ("age_band", kpis.AGE_BANDS),
    ):
        if key not in q:
            continue
        values = [v.strip() for v in q[key].split(",") if v.strip()]
        good = [v for v in values if v in allowed]
        bad = [v for v in values if v not in allowed]
        if bad:
            notices.append(f"{key}={','.join(bad)}")
        if good:
            state[key] = good
    return notices


def _to_url(f: Filters, defaults: dict) -> None:
    wanted = {"start": f.start.isoformat(), "end": f.end.isoformat()}
    if f.as_of != defaults["as_of"]:
        wanted["as_of"] = f.as_of.isoformat()
    if set(f.municipalities) != set(defaults["municipalities"]):
        wanted["municipality"] = ",".join(f.municipalities)
    for key, values in (
        ("target_group", f.target_groups),
        ("gender", f.genders),
        ("age_band", f.age_bands),
    ):
        if values:
            wanted[key] = ",".join(values)
    if f.lang != "da":
        wanted["lang"] = f.lang
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


def sidebar_filters() -> Filters:
    """Render the shared filters in the sidebar, keep them in the URL, and return them."""
    info = dict(facts())
    # Only the municipalities this person may choose exist, for the filters and the URL.
    info["municipalities"] = viewer().visible_scope(info["municipalities"])
    state = st.session_state
    notices = []
    if "filters_loaded" not in state:
        notices = _from_url(info)
        state["filters_loaded"] = True
        state["url_notices"] = notices
    notices = state.get("url_notices", [])

    # Widgets get their starting values through the session state alone, so that their
    # identity (and with it their value) is the same on every run.
    if state.get("lang") not in ("da", "en"):
        state["lang"] = "da"
    state.setdefault("municipality", list(info["municipalities"]))
    state["municipality"] = [m for m in state["municipality"] if m in info["municipalities"]]

    with st.sidebar:
        st.segmented_control(
            "Sprog / Language",
            options=["da", "en"],
            format_func=lambda v: "Dansk" if v == "da" else "English",
            key="lang",
        )
        if state.get("lang") is None:  # a click on the chosen language unselects it
            state["lang"] = "da"
        as_of = state.get("as_of") or info["as_of"]
        presets = _presets(info["first_day"], as_of)
        if state.get("period") not in presets:
            state["period"] = "last12"
        language = state["lang"]
        period = st.selectbox(
            t("Periode", "Period"),
            presets,
            format_func=lambda p: _preset_label(p, language),
            key="period",
        )
        if period == "custom":
            if "custom_range" not in state:
                state["custom_range"] = preset_range("last12", as_of)
            chosen = st.date_input(
                t("Fra og til", "From and to"),
                key="custom_range",
                min_value=dt.date(2000, 1, 1),
                format="DD.MM.YYYY",
            )
            start, end = chosen if len(chosen) == 2 else (chosen[0], chosen[0])
        else:
            start, end = preset_range(period, as_of)
        municipalities = st.multiselect(
            t("Kommuner", "Municipalities"),
            info["municipalities"],
            key="municipality",
            placeholder=t("Alle kommuner", "All municipalities"),
        )
        with st.expander(t("Flere filtre", "More filters"), expanded=False):
            target_groups = st.multiselect(
                t("Målgruppe", "Target group"),
                kpis.TARGET_GROUPS,
                format_func=labeller(language),
                key="target_group",
                placeholder=t("Alle", "All"),
            )
            genders = st.multiselect(
                t("Køn", "Gender"),
                kpis.GENDERS,
                format_func=labeller(language),
                key="gender",
                placeholder=t("Alle", "All"),
            )
            age_bands = st.multiselect(
                t("Aldersgruppe", "Age band"),
                kpis.AGE_BANDS,
                format_func=labeller(language),
                key="age_band",
                placeholder=t("Alle", "All"),
            )
            as_of = st.date_input(
                t("Opgjort pr.", "Data as of"),
                value=as_of,
                key="as_of_input",
                format="DD.MM.YYYY",
                help=t(
                    "Dagen, tallene gælder for. Standard: dagen for seneste indlæsning.",
                    "The day the figures are true for. Default: the day of the latest import.",
                ),
            )
            state["as_of"] = as_of

    f = Filters(
        start=start,
        end=end,
        as_of=as_of,
        municipalities=tuple(municipalities or info["municipalities"]),
        target_groups=tuple(target_groups),
        genders=tuple(genders),
        age_bands=tuple(age_bands),
        lang=state.get("lang", "da"),
        notices=tuple(notices),
    )
    if not viewer().sees_all_exactly:
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


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return (pd.Timestamp(day) + pd.offsets.MonthEnd(0)).date()


def coarse_dates(start: dt.date, end: dt.date, as_of: dt.date) -> tuple[dt.date, ...]:
    """Whole months: the as-of day on the last day of a month (the month before, unless it
    is one), and the period from the first day of its first month to the last day of its
    last, but not past that as-of day (a period wholly after it becomes the as-of day's
    month). Single days would let a reader count people by the day they enrolled, one day at
    a time, however each count is perturbed (a count of 0 is never moved)."""
    as_of = as_of if as_of == month_end(as_of) else month_start(as_of) - dt.timedelta(days=1)
    first, last = month_start(start), min(month_end(end), as_of)
    if last < first:
        first = month_start(last)
    return first, last, as_of


def coarse(f: Filters, everyone: list[str]) -> Filters:
    """The filters as a reader who does not see every site exactly may use them: whole
    months (`coarse_dates`); one site or all of those the reader may choose, unless the
    reader sees the chosen ones exactly; and at most one value per group filter. Each new
    combination of sites or groups is a new cell with its own noise, and averaging the
    differences of many of them would give a hidden count back."""
    start, end, as_of = coarse_dates(f.start, f.end, f.as_of)
    notices = list(f.notices)
    municipalities = f.municipalities
    chosen, available = set(municipalities), set(everyone)
    if 1 < len(chosen) < len(available) and not viewer().is_exact(municipalities, everyone):
        municipalities = tuple(everyone)
        notices.append(
            t("kommuner: én eller alle", "municipalities: one or all")
            + " ("
            + ", ".join(sorted(chosen))
            + ")"
        )
    groups = {}
    for name, values in (
        ("target_groups", f.target_groups),
        ("genders", f.genders),
        ("age_bands", f.age_bands),
    ):
        groups[name] = values if len(values) <= 1 else ()
        if len(values) > 1:
            notices.append(
                t("højst én værdi: ", "at most one value: ")
                + ", ".join(label_of(v) for v in values)
            )
    return Filters(
        start,
        end,
        as_of,
        municipalities,
        lang=f.lang,
        notices=tuple(notices),
        **groups,
    )


def _coarse_params(params: dict) -> dict:
    """The query parameters on whole months (`coarse_dates`), for readers who do not see
    every site exactly, whatever a page asked for."""
    if viewer().sees_all_exactly:
        return params
    start, end, as_of = coarse_dates(params["start"], params["end"], params["as_of"])
    return {**params, "start": start, "end": end, "as_of": as_of}


# --- page furniture ------------------------------------------------------------------


def banners(f: Filters) -> None:
    """The notices every page shows above its content."""
    info = facts()
    if info["is_demo"]:
        st.info(
            t(
                "**Demodata.** Tallene er opdigtede og viser kun, hvordan dashboardet virker.",
                "**Demo data.** The figures are invented and only show how the dashboard works.",
            ),
            icon=":material/science:",
        )
    person = viewer()
    if not person.is_exact(f.municipalities, info["municipalities"]):
        st.info(disclosure.explanation(lang()), icon=":material/visibility_off:")
    if f.notices:
        st.warning(
            t(
                "Disse værdier i linket kunne ikke bruges og er sat til standard: ",
                "These values in the link could not be used and were reset to defaults: ",
            )
            + "; ".join(plain(n) for n in f.notices),
            icon=":material/link_off:",
        )


def header(title: str, f: Filters) -> None:
    st.title(title)
    st.caption(
        t("Periode", "Period") + f": {formats.date(f.start, f.lang)} – "
        f"{formats.date(f.end, f.lang)} · "
        + t("opgjort pr.", "as of")
        + f" {formats.date(f.as_of, f.lang)} · "
        + ", ".join(f.municipalities)
    )
    banners(f)


def exact_export_note() -> str | None:
    """The note an exact file says first, when an admin chose exact figures for internal
    use; None when files are suppressed, as they are for everyone else."""
    if st.session_state.get("exact_exports") and viewer().role == "admin":
        return t(
            "INTERNT: små tal er ikke skjult. Må ikke deles uden for teamet.",
            "INTERNAL: small numbers are not suppressed. Not to be shared outside the team.",
        )
    return None


def shown_exactly() -> bool:
    """Whether this run's page shows the viewer's figures exactly (else through the
    disclosure control)."""
    return viewer().is_exact(current().municipalities, facts()["municipalities"])


def file_frame(frame: pd.DataFrame, shared=None) -> tuple[pd.DataFrame, str | None]:
    """What a file made from a page's table holds, and the note it says first: the figures
    as shared outside the team, through the disclosure control for everyone, unless an admin
    chose exact figures for internal use (which the file says). `shared` builds the table
    from figures read with `suppress=True`; a page whose figures the viewer sees exactly
    passes it; a table with no figures about people passes none."""
    note = exact_export_note()
    if note or shared is None or not shown_exactly():
        return frame, note
    return shared(), None


def _as_filed(data: pd.DataFrame, note: str | None) -> pd.DataFrame:
    """A table as a file holds it: counts as whole numbers, and (unless the file is an
    internal exact one) a hidden count as "<5". Counts are the columns of whole numbers with
    no "%" in their name; an empty one was hidden, since a count is never missing."""
    out = data.copy()
    for c in out.columns:
        values = pd.to_numeric(out[c], errors="coerce") if out[c].dtype == object else out[c]
        if "%" in str(c) or not pd.api.types.is_numeric_dtype(values):
            continue
        known = values.dropna()
        if len(known) == 0 or not known.mod(1).eq(0).all() or out[c].map(_is_text).any():
            continue
        hidden = disclosure.label() if note is None else None
        out[c] = [hidden if pd.isna(v) else int(v) for v in values]
    return out


def _is_text(value) -> bool:
    return isinstance(value, str)


def _csv(data: pd.DataFrame, note: str | None, language: str = "da") -> bytes:
    """A CSV file as the reader's spreadsheet reads it: Danish with `;` and a decimal comma,
    English with `,` and a decimal point; counts as whole numbers."""
    data = _as_filed(data, note)
    sep, decimal = (",", ".") if language == "en" else (";", ",")
    text = cells.safe_frame(data).to_csv(index=False, sep=sep, decimal=decimal)
    return (("# " + note + "\n") if note else "").encode("utf-8-sig") + text.encode("utf-8")


def _xlsx(data: pd.DataFrame, sheet: str, note: str | None) -> bytes:
    """An Excel file with numeric cells: counts as whole numbers (#,##0), other numbers with
    one decimal (#,##0.0); Excel shows them in the reader's own format."""
    data = _as_filed(data, note)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        if note:
            pd.DataFrame({"": [note]}).to_excel(writer, index=False, sheet_name="INTERNT")
        cells.safe_frame(data).to_excel(writer, index=False, sheet_name=sheet[:31])
        for row in writer.sheets[sheet[:31]].iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, bool) or not isinstance(cell.value, (int, float)):
                    continue
                cell.number_format = "#,##0" if isinstance(cell.value, int) else "#,##0.0"
    return buffer.getvalue()


def audited_file(make, file_name: str):
    """The callable a download button is given: it makes the file when a client fetches
    it and writes the audit row in the same step (who, what, scope, whether exact), so no
    file leaves unaudited, whether or not the button was pressed. Who and where are read
    now, in the page's run: the file is made later, on another thread, without the session."""
    person = viewer()
    exact = bool(st.session_state.get("exact_exports")) and person.role == "admin"
    who, scope, database = person.email, person.describe(), db_path()
    detail = f"{file_name}{' (exact)' if exact else ''}"

    def made() -> bytes:
        data = make()
        audit.record("export", who, scope, detail, database=database)
        return data

    return made


def in_this_session(make):
    """`make` as a download's maker, run on click on another thread, with this run's
    session (its viewer, its database file, its choices), so that a file needing figures
    the page does not show computes them only when someone asks for it."""
    from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)

    def run():
        made: dict = {}

        def work() -> None:
            try:
                made["data"] = make()
            except BaseException as e:  # handed to the caller's thread below
                made["error"] = e

        worker = threading.Thread(target=work, name="nextwork-download")
        if ctx is not None:
            add_script_run_ctx(worker, ctx)
        worker.start()
        worker.join()
        if "error" in made:
            raise made["error"]
        return made["data"]

    return run


def downloads(frame: pd.DataFrame, name: str, key: str, shared=None) -> None:
    """CSV and Excel downloads of a table, side by side, made only when fetched; their
    figures are those shared outside the team (see `file_frame`), and every file made is
    written to the audit log; the CSV in the reader's language. (The files are made on
    another thread, without the session: what they hold is chosen here.)"""
    frame, note = file_frame(frame, shared)
    language = lang()
    row = st.container(horizontal=True)
    row.download_button(
        "CSV",
        audited_file(lambda: _csv(frame, note, language), f"{name}.csv"),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
    )
    row.download_button(
        "Excel",
        audited_file(lambda: _xlsx(frame, name, note), f"{name}.xlsx"),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        icon=":material/download:",
    )


# --- KPI tables ----------------------------------------------------------------------


def total(frame: pd.DataFrame, key: str, municipality: str | None = None):
    """One KPI's value from `kpi_frame`: the pooled total, or one municipality's."""
    return frame_of.value(frame, key, municipality)


def change_text(value, previous, kind: str, language: str) -> str | None:
    """The change against the previous period: percentage points for shares. The sign is
    an ASCII hyphen, which is what Streamlit reads to point the arrow down."""
    if value is None or previous is None:
        return None
    if kind == "share":
        text = formats.points(value - previous, language)
    elif kind == "days":
        text = formats.signed(value - previous, language)
    else:
        text = formats.signed(value - previous, language)
        if previous:
            text += f" ({formats.percent(abs(value - previous) / previous, language, 0)})"
    return text.replace("\u2212", "-")


FOLLOW_UP_NOTE = {
    "outcome_12m_share": (
        "endnu ingen med 12 mdr. opfølgning",
        "nobody with 12 months of follow-up yet",
    ),
    "education_12m_share": (
        "endnu ingen med 12 mdr. opfølgning",
        "nobody with 12 months of follow-up yet",
    ),
    "job_12m_share": (
        "endnu ingen med 12 mdr. opfølgning",
        "nobody with 12 months of follow-up yet",
    ),
    "retained_6m_share": (
        "ingen med 6 mdr. opfølgning efter første resultat",
        "nobody followed 6 months after a first outcome",
    ),
    "placement_within_3m_share": (
        "ingen med 3 mdr. opfølgning i perioden",
        "nobody with 3 months of follow-up in the period",
    ),
}


def count_text(value, language: str) -> str:
    """A count as text: "<5" where it is hidden (None), else in the reader's format."""
    if value is None or pd.isna(value):
        return disclosure.label()
    return formats.number(value, language)


def hidden_note(language: str) -> str:
    """What stands under a figure hidden as a small number."""
    limit = disclosure.threshold()
    return f"fewer than {limit} behind it" if language == "en" else f"færre end {limit} bag tallet"


is_suppressed = frame_of.hidden
denominator = frame_of.denominator


def kpi_card(
    container,
    key: str,
    now: pd.DataFrame,
    before: pd.DataFrame | None,
    language: str,
    chart: list | None = None,
    height: int | str = "content",
    target: float | None = None,
    programme: pd.DataFrame | None = None,
    note: str | None = None,
) -> None:
    """A KPI as a card: its value; the change against the previous period, green when it is
    good news (or, given a target, the distance to it); under it, in lines that wrap, the
    number behind a share (n), the programme's value (given `programme`, the programme's
    frame, for a selection that is not the whole programme) and a `note` (such as the
    cohort the figure is measured on)."""
    kpi = kpis.KPI_BY_KEY[key]
    value = total(now, key)
    n = denominator(now, key) if kpi.kind != "count" else None
    n_text = None if n is None else "n = " + formats.number(n, language)
    hidden = is_suppressed(now, key)
    if hidden:
        n_text = hidden_note(language)
    elif value is None and kpi.kind != "count":
        da, en = FOLLOW_UP_NOTE.get(key, ("ingen i nævneren", "nobody in the denominator"))
        n_text = en if language == "en" else da
    arrow, colour, description = "auto", "normal", None
    if target is not None and value is not None:
        gap = value - target
        delta = formats.points(gap, language).replace("\u2212", "-")
        colour, arrow = ("green", "up") if gap >= 0 else ("red", "down")
        description = ("from the target of " if language == "en" else "fra målet på ") + (
            formats.percent(target, language, 0)
        )
    elif before is not None:
        previous = total(before, key)
        delta = change_text(value, previous, kpi.kind, language)
        colour = headline.change_colour(key, value, previous)
        if delta and delta.startswith("±"):  # a change too small to show is no change
            colour = "off"
        if colour == "off":
            arrow = "off"
    else:  # no comparison
        delta, colour, arrow = None, "off", "off"
    lines = [n_text] if n_text else []
    if programme is not None:
        lines.append(
            headline.beside(
                "Programme" if language == "en" else "Programmet",
                total(programme, key),
                kpi.kind,
                language,
            )
        )
    if note:
        lines.append(note)
    shown = formats.kpi_value(value, kpi.kind, language)
    if hidden and kpi.kind == "count":
        shown = disclosure.label()
    box = container.container(border=True, height=height, gap="small")
    box.metric(
        kpi.label(language),
        shown,
        delta=delta,
        delta_color=colour,
        delta_arrow=arrow,
        delta_description=description,
        help=kpi.definition(language),
        chart_data=chart,
        chart_type="line",
    )
    if lines:
        box.caption("  \n".join(lines))


def number_table(table: pd.DataFrame, name: str, key: str, shared=None) -> None:
    """A table of counts and per-cent shares in the reader's number format, its values
    numbers underneath (so it sorts right), with CSV and Excel downloads. A `municipality`
    column's empty cells (the pooled total) read "all selected"."""
    language = lang()
    table = _display(table)
    hidden = disclosure.label()
    formatters = {}
    for c in table.select_dtypes("number"):
        is_count = "%" not in str(c) and table[c].dropna().mod(1).eq(0).all()
        digits = 0 if is_count else 1
        if "(%)" in str(c):  # per cent: with its sign, as every other share (12,5 %)
            formatters[c] = lambda v: formats.percent(None if pd.isna(v) else v / 100, language)
            continue
        # A count is never missing (none is 0), so an empty count is a suppressed one.
        formatters[c] = lambda v, d=digits, n=is_count: (
            hidden if n and pd.isna(v) else formats.number(v, language, d)
        )
    st.dataframe(
        table.style.format(formatters),
        hide_index=True,
        key=key,
        placeholder="–",
        # The first column stays in view while a wide table scrolls (on a phone).
        column_config={table.columns[0]: st.column_config.Column(pinned=True)},
    )
    downloads(table, name, key=f"{key}_download", shared=shared and (lambda: _display(shared())))


def _display(table: pd.DataFrame) -> pd.DataFrame:
    """A table as `number_table` shows it: the pooled total named, numbers as numbers."""
    if "municipality" in table:
        table = table.assign(
            municipality=table["municipality"].fillna(t("Alle valgte", "All selected"))
        ).rename(columns={"municipality": t("Kommune", "Municipality")})
    return table.apply(lambda c: pd.to_numeric(c) if c.dtype == object and _numeric(c) else c)


def _numeric(column: pd.Series) -> bool:
    values = column.dropna()
    return len(values) > 0 and all(isinstance(v, (int, float)) for v in values)


def kpi_table(
    frame: pd.DataFrame,
    keys: list[str],
    language: str,
    programme: pd.DataFrame | None = None,
    pooled: str | None = None,
) -> pd.DataFrame:
    """One row per municipality and a last row for them all; shares in per cent. Given
    `programme` (its frame, for a selection that is not the whole programme), a row for the
    programme ends the table, and the row for all selected is left out for a single site
    (it would be the site again). `pooled` names the row for all selected (as "Programmet"
    when every site is selected)."""
    rows = []
    names = sorted(m for m in frame["municipality"].dropna().unique())
    parts = [(name, frame, name) for name in names]
    if programme is None:
        parts.append((pooled or t("Alle valgte", "All selected"), frame, None))
    else:
        if len(names) > 1:
            parts.append((t("Alle valgte", "All selected"), frame, None))
        parts.append((t("Programmet", "Programme"), programme, None))
    for label, source, name in parts:
        row = {t("Kommune", "Municipality"): label}
        for key in keys:
            kpi = kpis.KPI_BY_KEY[key]
            value = total(source, key, name)
            if kpi.kind == "share" and value is not None:
                value = round(value * 100, 1)
            row[column_label(key, language)] = value
        rows.append(row)
    table = pd.DataFrame(rows)
    for key in keys:  # missing values as NaN, so the columns stay numeric and sortable
        label = column_label(key, language)
        table[label] = pd.to_numeric(table[label], errors="coerce")
    return table


def month_is_complete(months: pd.Series, as_of: dt.date) -> pd.Series:
    """For each month (its first day), whether it was over on the as-of day."""
    ends = pd.to_datetime(months) + pd.offsets.MonthEnd(0)
    return ends <= pd.Timestamp(as_of)


def column_label(key: str, language: str) -> str:
    kpi = kpis.KPI_BY_KEY[key]
    return kpi.label(language) + (" (%)" if kpi.kind == "share" else "")


def styled(table: pd.DataFrame, keys: list[str], language: str):
    """Danish (or English) display formats; the values underneath stay numbers."""
    formatters = {}
    for key in keys:
        kind = kpis.KPI_BY_KEY[key].kind
        if kind == "share":
            formatters[column_label(key, language)] = lambda v: formats.percent(
                None if pd.isna(v) else v / 100, language
            )
        elif kind == "days":
            formatters[column_label(key, language)] = lambda v: formats.number(
                None if pd.isna(v) else v, language
            )
        else:  # a count is never missing, so an empty one was suppressed
            formatters[column_label(key, language)] = lambda v: (
                disclosure.label() if pd.isna(v) else formats.number(v, language)
            )
    return table.style.format(formatters)


# --- numbers typed by the reader -----------------------------------------------------


def _check_number(key: str, language: str, minimum, maximum, whole: bool, empty_ok: bool):
    """The field's text read as a number; a good one is kept (and shown back in the
    reader's format), a bad one leaves the last good number in force and says why."""
    state = st.session_state
    text = state.get(key, "")
    if empty_ok and not str(text).strip():
        state[f"{key}__good"], state[f"{key}__error"] = None, None
        return
    try:
        value = formats.parse_number(text, language)
        da = en = None
        if whole and value != int(value):
            da, en = "Skriv et helt tal.", "Type a whole number."
        elif minimum is not None and value < minimum:
            shown = formats.editable(minimum, language)
            da, en = f"Tallet skal være mindst {shown}.", f"The number must be at least {shown}."
        elif maximum is not None and value > maximum:
            shown = formats.editable(maximum, language)
            da, en = f"Tallet må højst være {shown}.", f"The number must be at most {shown}."
        if da:
            raise ValueError(en if language == "en" else da)
    except ValueError as error:
        state[f"{key}__error"] = str(error)
        return
    state[f"{key}__good"], state[f"{key}__error"] = value, None
    state[key] = formats.editable(value, language)


def number_field(
    container,
    label: str,
    key: str,
    default: float | None,
    language: str,
    minimum: float | None = 0,
    maximum: float | None = None,
    whole: bool = False,
    empty_ok: bool = False,
    placeholder: str | None = None,
    help: str | None = None,
) -> float | None:
    """A number the reader types as text in their own format (11.900 and 2,5 in Danish;
    11,900 and 2.5 in English), read strictly by `formats.parse_number`. Text that is not a
    number, or out of range, is named under the field and the last good number stays in
    force; it is what this returns. With `empty_ok` an empty field is None (the page's own
    default)."""
    state = st.session_state
    good, error, shown_in = f"{key}__good", f"{key}__error", f"{key}__lang"
    if good not in state:
        state[good] = default
    if key not in state or state.get(shown_in) != language:  # new, or the language changed
        state[key] = formats.editable(state[good], language)
        state[error] = None
        state[shown_in] = language
    container.text_input(
        label,
        key=key,
        placeholder=placeholder,
        help=help,
        on_change=_check_number,
        args=(key, language, minimum, maximum, whole, empty_ok),
    )
    if state.get(error):
        kept = formats.editable(state[good], language) or (placeholder or "")
        container.error(
            state[error]
            + (" The calculation keeps " if language == "en" else " Beregningen bruger stadig ")
            + f"{kept}.",
            icon=":material/error:",
        )
    return state[good]
