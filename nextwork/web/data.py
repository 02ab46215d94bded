"""The figures a page reads, in three steps: scope (the municipalities the viewer may see,
whatever a link asked for), cache (one result per query, parameters and database file, shared
by every session), disclose (through the disclosure control where the viewer has no exact
rights). The named queries, the KPI frames, the programme's and the headline KPIs, the fair
comparison, and the facts about the data (its municipalities, as-of day, freshness)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from nextwork.filters import Filters, coarse_dates
from nextwork.ingest import db, marts
from nextwork.metrics import disclosure, fair, kpis
from nextwork.web import session

# The filters that choose a group of young people within the municipalities.
GROUP_FILTERS = ("target_groups", "genders", "age_bands")


# The caches of query results hold one frame per query, parameters and database file
# (`version`, the file's identity: an import swaps a new file in, which makes new keys).
# `st.cache_resource` hands every run that same frame, where `st.cache_data` would unpickle
# a fresh copy for each: the frames are shared and read-only. Never change one in place;
# every step after the cache (suppression, tables, charts) makes a new frame.
@st.cache_resource(max_entries=1000, show_spinner=False)
def _run(name: str, params: dict, path: str, version: tuple[int, int]) -> pd.DataFrame:
    return marts.run(session.connection_to(path, version), name, params)  # a mart if it has one


def _here() -> tuple[str, tuple[int, int]]:
    """This run's database file and its identity, as the caches key them."""
    return str(session.db_path()), session.pinned_version()


def _scoped(params: dict) -> tuple[dict, bool]:
    """The parameters with the municipalities cut to what the viewer may see, whatever the
    URL or the session state asked for; and whether the figures may be exact."""
    everyone = facts()["municipalities"]
    person = session.viewer()
    allowed = person.visible_scope(everyone)
    chosen = [m for m in params["municipalities"] if m in allowed]
    scoped = {**params, "municipalities": chosen}
    return scoped, person.is_exact(chosen, everyone)


def _coarse_params(params: dict) -> dict:
    """The query parameters on whole months (`coarse_dates`), for readers who do not see
    every site exactly, whatever a page asked for."""
    if session.viewer().sees_all_exactly:
        return params
    start, end, as_of = coarse_dates(params["start"], params["end"], params["as_of"])
    return {**params, "start": start, "end": end, "as_of": as_of}


def query(name: str, params: dict, suppress: bool = False) -> pd.DataFrame:
    """The named query's rows for these parameters, cached per parameter set, limited to
    the viewer's municipalities, and through the disclosure control (`disclosure`) where
    the viewer has no exact rights, and always with `suppress`, for what leaves the team:
    presentations, files."""
    scoped, exact = _scoped(params)
    if exact and not suppress:
        return _shown(name, scoped, *_here(), False)
    return _shown(name, _coarse_params(scoped), *_here(), True)


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
def _kpis(params: dict, path: str, version: tuple[int, int], queries=None) -> pd.DataFrame:
    return kpis.kpi_frame(session.connection_to(path, version), params, queries)


def kpi_frame(params: dict, suppress: bool = False, queries=None) -> pd.DataFrame:
    """Every KPI for these parameters (municipality None = the pooled total), limited to the
    viewer's municipalities, and through the disclosure control where the viewer has no
    exact rights (always with `suppress`). With `queries`, only those queries' KPIs."""
    scoped, exact = _scoped(params)
    if exact and not suppress:
        return _shown_kpis(scoped, *_here(), False, queries)
    return _disclosed_kpis(scoped, queries)


def _disclosed_kpis(params: dict, queries=None) -> pd.DataFrame:
    return _shown_kpis(_coarse_params(params), *_here(), True, queries)


# The disclosure control treats each figure on its own (and its complement's same figure), so
# a frame of some queries' KPIs shows them as the whole frame does.
@st.cache_resource(max_entries=500, show_spinner=False)
def _shown_kpis(params: dict, path: str, version: tuple[int, int], disclosed: bool, queries=None):
    frame = _kpis(params, path, version, queries)
    if not disclosed:
        return disclosure.strip_kpis(frame)
    whole = None
    if any(params.get(k) for k in GROUP_FILTERS):  # a group chosen by a filter
        whole = _kpis({**params, **dict.fromkeys(GROUP_FILTERS)}, path, version, queries)
    return disclosure.disclose_kpis(frame, complement=whole)


def programme_kpis(params: dict, suppress: bool = False, queries=None) -> pd.DataFrame:
    """The KPIs of the whole programme (every municipality pooled), as their total rows
    only. Anyone may see it; only those who see every site exactly see it exact (and
    nobody with `suppress`)."""
    everyone = facts()["municipalities"]
    programme = {**params, "municipalities": list(everyone)}
    if suppress or not session.viewer().sees_all_exactly:
        frame = _disclosed_kpis(programme, queries)
    else:
        frame = _shown_kpis(programme, *_here(), False, queries)
    return frame[frame["municipality"].isna()].reset_index(drop=True)


def headline_kpis(
    f: Filters,
    suppress: bool = False,
    programme: bool = False,
    previous: bool = False,
    queries: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """`kpi_frame` (or with `programme`, `programme_kpis`) of the filters, with the 12-month
    outcome figures and retention measured on the cohort with full follow-up
    (`Filters.cohort`); with `previous`, of the period before and the cohort before. With
    `queries`, only those queries' KPIs."""
    read = programme_kpis if programme else kpi_frame
    period, cohort = f, f.cohort()
    if previous:
        period, cohort = f.previous(), cohort.previous()
    frame = read(period.params(), suppress, queries)
    # the cohort's frame gives only the cohort KPIs, so only their query runs for it
    wanted = tuple(q for q in kpis.COHORT_QUERIES if queries is None or q in queries)
    if (cohort.start, cohort.end) == (period.start, period.end) or not wanted:
        return frame
    return kpis.with_cohort(frame, read(cohort.params(), suppress, wanted))


@st.cache_resource(max_entries=200, show_spinner=False)
def _fair_counts(params: dict, key: str, by: tuple[str, ...], path: str, version: tuple[int, int]):
    return fair.counts(session.connection_to(path, version), params, key, by)


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
    person = session.viewer()
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
    sites, parts = _fair_counts(params, key, by, *_here())
    result = fair.from_counts(sites, parts, key, by, exact)
    return FairView(
        result=result,
        sites=fair.anonymised(result.sites, named),
        start=params["start"],
        end=params["end"],
        exact=all_exact,
        groups_dropped=not all_exact and any((f.target_groups, f.genders, f.age_bands)),
    )


@st.cache_resource(max_entries=20, show_spinner=False)
def _facts(path: str, version: tuple[int, int]) -> dict:
    con = session.connection_to(path, version)
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
    return _facts(*_here())


def shown_exactly() -> bool:
    """Whether this run's page shows the viewer's figures exactly (else through the
    disclosure control)."""
    return session.viewer().is_exact(session.current().municipalities, facts()["municipalities"])


def forget() -> None:
    """Empty every cache of query results and of what readers see of them (for a benchmark's
    cold render); the connections stay."""
    for cached in (_run, _shown, _kpis, _shown_kpis, _fair_counts, _facts):
        cached.clear()
