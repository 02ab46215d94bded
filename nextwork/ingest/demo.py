"""The demo activity export: invented but plausible data that follows the export contract.

`write_demo` writes the six files of an export (see `nextwork.ingest.contract`) for the five
programme municipalities, each with its own character, from 2019-01-01 up to a given day.
Above scale 5 the extra volume is spread over all 98 municipalities, up to a national
benchmark of about 100,000 young people and 10 million activity rows.

Everything is drawn from one `numpy.random.default_rng(seed)` in a fixed order, so the same
seed, scale and end day always give byte-identical files. Rows are generated as numpy arrays
(never a Python object per activity row) and written by DuckDB.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from nextwork.config import ROOT
from nextwork.ingest.contract import DB07_SECTIONS, ENUMS, TABLES

DATA = ROOT / "data"

NATIONAL_SCALE = 40.0
# Up to this scale only the five sites exist; beyond it they keep this volume and the rest
# of the volume goes to the other municipalities.
SITES_MAX_SCALE = 5.0

FIRST_DAY = dt.date(2019, 1, 1)
FAR = 1_000_000  # a day number far beyond any `until`: "no end yet"
DAY_BITS = 16  # day numbers (days since 1970) fit in 16 bits until the year 2149
DAY_MASK = (1 << DAY_BITS) - 1

GENDERS = tuple(ENUMS["gender"])  # female, male, other, unknown
TARGET_GROUPS = tuple(ENUMS["target_group"])  # activity_ready, education_ready, job_ready, other
SIZE_BANDS = tuple(ENUMS["size_band"])
END_REASONS = tuple(ENUMS["end_reason"])  # completed, interrupted, other
ACTIVITY_TYPES = tuple(ENUMS["activity_type"])
OUTCOME_TYPES = tuple(ENUMS["outcome_type"])  # education, job
# The code below refers to these values by position.
assert GENDERS == ("female", "male", "other", "unknown")
assert TARGET_GROUPS == ("activity_ready", "education_ready", "job_ready", "other")
assert END_REASONS == ("completed", "interrupted", "other")
assert OUTCOME_TYPES == ("education", "job")

YOUTH, COMPANY_MEETING, JOINT, SESSION, VISIT, OTHER = (
    ACTIVITY_TYPES.index(t)
    for t in (
        "youth_network_meeting",
        "company_network_meeting",
        "joint_meeting",
        "individual_session",
        "company_visit",
        "other",
    )
)


@dataclass(frozen=True)
class Site:
    """What makes one municipality's data look like itself (volumes at scale 1)."""

    abbr: str  # prefix of its participant ids
    intake: float  # young people enrolled in 2019
    growth: float  # yearly relative change in intake
    target_mix: tuple[float, float, float, float]  # in the order of TARGET_GROUPS
    female: float  # share female
    companies: float  # network size once built up (from 2023)
    industry: dict[str, float]  # DB07 section -> weight
    placements: tuple[float, ...]  # chance of 0, 1, 2, ... planned placements
    days_to_placement: float  # median days from enrolment to the first placement
    completion: float  # share of placements completed
    outcome: float  # chance of ever starting education or a job
    education: float  # share of outcomes that are education
    host_job: float  # chance that a job after a placement is at the host company
    chosen: float  # share of placements chosen by the young person
    sessions: float  # individual sessions per month
    staff: float  # team size in FTE
    # How faithfully the site runs the model (see `nextwork.metrics.principles`); the
    # defaults are the model as designed.
    meeting_every: int = 1  # the youth groups meet every this many weeks
    hours: float = 27.0  # mean hours a week in a placement
    low_hours: float = 0.08  # share of placements under the 15-hour minimum
    retry: float = 0.4  # chance of one more placement after an interruption
    quick_retry: float = 0.7  # share of placements after an interruption starting within 60 days


# Each site drifts from the model in its own way, so the Principper page has something to
# show: Roskilde runs close to the model; København's groups meet every other week;
# Sønderborg's team mostly chooses the companies; Vejle's placements are often short on hours;
# Horsens seldom gives a new placement soon after an interruption.
SITES: dict[str, Site] = {
    "Roskilde": Site(
        abbr="RK",
        intake=52,
        growth=0.01,
        target_mix=(0.25, 0.35, 0.30, 0.10),
        female=0.44,
        companies=58,
        industry=dict(G=18, F=14, C=12, Q=14, I=10, H=8, N=8, M=5, A=3, R=4, S=4),
        placements=(0.10, 0.35, 0.32, 0.16, 0.07),
        days_to_placement=32,
        completion=0.70,
        outcome=0.62,
        education=0.45,
        host_job=0.45,
        chosen=0.9,
        sessions=2.9,
        staff=5.0,
        hours=29.0,
        low_hours=0.03,
        retry=0.5,
        quick_retry=0.85,
    ),
    "København": Site(
        abbr="KK",
        intake=100,
        growth=0.04,
        target_mix=(0.30, 0.35, 0.25, 0.10),
        female=0.47,
        companies=84,
        industry=dict(G=20, I=18, N=12, Q=12, J=8, M=6, H=6, F=8, C=4, R=4, S=2),
        placements=(0.18, 0.42, 0.26, 0.10, 0.04),
        days_to_placement=55,
        completion=0.62,
        outcome=0.50,
        education=0.52,
        host_job=0.30,
        chosen=0.84,
        sessions=3.2,
        staff=6.0,
        meeting_every=2,
    ),
    "Sønderborg": Site(
        abbr="SB",
        intake=45,
        growth=-0.01,
        target_mix=(0.40, 0.30, 0.20, 0.10),
        female=0.40,
        companies=54,
        industry=dict(C=22, G=16, F=12, Q=12, I=10, H=8, A=6, N=6, E=3, S=5),
        placements=(0.15, 0.40, 0.28, 0.12, 0.05),
        days_to_placement=50,
        completion=0.64,
        outcome=0.47,
        education=0.40,
        host_job=0.40,
        chosen=0.45,
        sessions=3.4,
        staff=5.0,
    ),
    "Vejle": Site(
        abbr="VK",
        intake=55,
        growth=0.05,
        target_mix=(0.30, 0.30, 0.30, 0.10),
        female=0.42,
        companies=70,
        industry=dict(H=16, G=18, C=16, F=12, I=10, Q=10, N=8, M=4, J=3, S=3),
        placements=(0.12, 0.38, 0.30, 0.14, 0.06),
        days_to_placement=40,
        completion=0.67,
        outcome=0.55,
        education=0.42,
        host_job=0.40,
        chosen=0.85,
        sessions=3.0,
        staff=5.5,
        hours=21.0,
        low_hours=0.35,
    ),
    "Horsens": Site(
        abbr="HK",
        intake=48,
        growth=0.03,
        target_mix=(0.35, 0.30, 0.25, 0.10),
        female=0.43,
        companies=62,
        industry=dict(F=16, G=17, H=12, C=14, I=11, Q=11, N=9, A=4, M=3, S=3),
        placements=(0.14, 0.40, 0.29, 0.12, 0.05),
        days_to_placement=45,
        completion=0.65,
        outcome=0.50,
        education=0.45,
        host_job=0.35,
        chosen=0.84,
        sessions=3.2,
        staff=5.5,
        retry=0.1,
        quick_retry=0.25,
    ),
}
SITES_INTAKE = sum(s.intake for s in SITES.values())

# A typical municipality, for the non-programme ones at national scale.
GENERIC_INDUSTRY = dict(G=18, C=12, F=12, I=11, Q=12, H=8, N=8, M=5, A=4, J=3, R=3, S=3, E=1)

# Relative intake by calendar month: few start in July and December, many after the summer.
SEASON = np.array([1.2, 1.1, 1.0, 0.95, 0.95, 0.8, 0.4, 1.25, 1.3, 1.1, 1.0, 0.6])
SEASON = SEASON / SEASON.mean()

PLACEMENT_WEEKS = np.arange(2, 17)
PLACEMENT_WEEKS_P = np.array([2, 4, 8, 10, 10, 12, 9, 12, 6, 5, 4, 6, 3, 2, 3], dtype=float)
PLACEMENT_WEEKS_P /= PLACEMENT_WEEKS_P.sum()

SURNAMES = (
    "Hansen", "Jensen", "Nielsen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Poulsen",
    "Johansen", "Møller", "Mortensen", "Knudsen", "Holm", "Lund", "Schmidt", "Bach", "Kjær",
    "Friis", "Dahl", "Vestergaard", "Lauridsen", "Frandsen",
)  # fmt: skip
TRADES = {
    "A": ("Gartneri", "Maskinstation", "Planteskole", "Landbrug"),
    "C": (
        "Maskinfabrik",
        "Metal",
        "Plast",
        "Bageri",
        "Snedkeri",
        "Trykkeri",
        "Stålindustri",
        "Møbelfabrik",
    ),
    "E": ("Genbrug", "Renovation", "Affaldsservice"),
    "F": ("Tømrer", "Murer", "VVS", "El-service", "Malerfirma", "Entreprise", "Byg", "Kloak"),
    "G": (
        "Auto",
        "Cykler",
        "Byggemarked",
        "Supermarked",
        "Blomster",
        "Tøjhus",
        "Isenkram",
        "Dæk",
        "Grossist",
    ),
    "H": ("Logistik", "Transport", "Vognmandsforretning", "Fragt", "Taxa", "Flytteforretning"),
    "I": ("Café", "Restaurant", "Hotel", "Pizzeria", "Kro", "Grillbar", "Catering"),
    "J": ("IT", "Data", "Medier", "Web"),
    "M": ("Rådgivning", "Tegnestue", "Revision", "Ingeniører"),
    "N": ("Rengøring", "Vikarservice", "Facility Service", "Anlægsgartner", "Vagtservice"),
    "Q": ("Plejecenter", "Tandklinik", "Fysioterapi", "Bosted", "Børnehus"),
    "R": ("Fitness", "Idrætscenter", "Bowling", "Teater"),
    "S": ("Frisør", "Vaskeri", "Skrædder", "Hundepension"),
}
LOCAL_PLACES = ("Torvet", "Havnen", "Hjørnet", "Centrum", "Nord", "Syd", "Øst", "Vest",
                "Stationen", "Åen")  # fmt: skip
# Yearly share of a network's companies that leave (and are replaced).
TURNOVER = 0.07
# Manufacturing, health and transport firms run larger than shops and cafés.
SIZE_P = {"small": (0.50, 0.34, 0.13, 0.03), "large": (0.25, 0.40, 0.25, 0.10)}
LARGE_INDUSTRIES = frozenset("CQHEK")
# Legal form by size band: sole traders and partnerships are small.
SUFFIXES = (("", "ApS", "I/S"), ("ApS", "A/S"), ("A/S",))

assert all(s in DB07_SECTIONS for s in TRADES)
assert all(set(s.industry) <= set(TRADES) for s in SITES.values())
assert set(GENERIC_INDUSTRY) <= set(TRADES)


def _day(d: dt.date) -> int:
    return (d - dt.date(1970, 1, 1)).days


def _weekday(days: np.ndarray) -> np.ndarray:
    """Monday = 0; day 0 (1970-01-01) was a Thursday."""
    return (days + 3) % 7


def _month_and_dom(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    d = days.astype("datetime64[D]")
    m = d.astype("datetime64[M]")
    return m.astype(np.int64) % 12 + 1, (d - m.astype("datetime64[D]")).astype(np.int64) + 1


def _holiday(days: np.ndarray) -> np.ndarray:
    """Weeks without group meetings: July and Christmas to New Year."""
    month, dom = _month_and_dom(days)
    return (month == 7) | ((month == 12) & (dom >= 22)) | ((month == 1) & (dom <= 2))


def _back_to_weekday(days: np.ndarray, lo: np.ndarray | int) -> np.ndarray:
    """Move Saturdays and Sundays back to Friday, but not before `lo`."""
    wd = _weekday(days)
    return np.maximum(days - np.maximum(wd - 4, 0), lo)


def _expand(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For index ranges [lo, hi): one (owner, index) pair per index, owners in order."""
    n = np.maximum(hi - lo, 0)
    owner = np.repeat(np.arange(len(lo)), n)
    idx = np.arange(int(n.sum()), dtype=np.int64) + np.repeat(lo - (np.cumsum(n) - n), n)
    return owner, idx


def _sched_key(owner: np.ndarray, days: np.ndarray) -> np.ndarray:
    return (owner.astype(np.int64) << DAY_BITS) + days


def _attend(schedule: np.ndarray, owner: np.ndarray, first: np.ndarray, last: np.ndarray):
    """Pairs (attendee, schedule row) for the scheduled days of `owner` within [first, last].

    `schedule` is sorted `_sched_key(owner, day)`; each attendee has one owner (a group or a
    municipality) and a window of days."""
    lo = np.searchsorted(schedule, _sched_key(owner, first), side="left")
    hi = np.searchsorted(schedule, _sched_key(owner, last), side="right")
    return _expand(lo, hi)


def _uniform_days(rng, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """A day from lo to hi, both included."""
    return lo + np.floor(rng.random(len(lo)) * (hi - lo + 1)).astype(np.int64)


def _choice_rows(rng, probs: np.ndarray) -> np.ndarray:
    """One draw per row of a matrix of probabilities (rows sum to 1)."""
    cum = np.cumsum(probs, axis=1)
    u = rng.random(len(probs))[:, None] * cum[:, -1:]
    return (u >= cum).sum(axis=1)


# --- reference data -----------------------------------------------------------------------


@dataclass(frozen=True)
class Municipalities:
    code: np.ndarray
    name: list[str]
    lat: np.ndarray
    lon: np.ndarray
    postcodes: list[np.ndarray]  # per municipality: the nearest postcodes that belong to it
    postcode_names: list[list[str]]
    n_postcodes: np.ndarray  # how many postcodes lie nearest to it (a rough size measure)


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _municipalities(k: int = 6) -> Municipalities:
    mun = _read_csv("municipalities.csv")
    pcs = _read_csv("postcodes.csv")
    lat = np.array([float(r["latitude"]) for r in mun])
    lon = np.array([float(r["longitude"]) for r in mun])
    # A range such as 1000-1499 stands for its first postcode.
    pc = np.array([int(r["postcode"].split("-")[0]) for r in pcs])
    pc_lat = np.array([float(r["latitude"]) for r in pcs])
    pc_lon = np.array([float(r["longitude"]) for r in pcs])
    # Equirectangular distance is plenty at Denmark's size.
    coslat = np.cos(np.radians(56.0))
    dist = np.hypot(pc_lat[None, :] - lat[:, None], (pc_lon[None, :] - lon[:, None]) * coslat)
    nearest = dist.argmin(axis=0)
    postcodes, names = [], []
    for m in range(len(mun)):
        own = np.flatnonzero(nearest == m)
        if len(own) == 0:
            own = dist[m].argmin(keepdims=True)
        own = own[np.argsort(dist[m, own], kind="stable")][:k]
        postcodes.append(pc[own])
        names.append([pcs[i]["name"] for i in own])
    return Municipalities(
        code=np.array([int(r["code"]) for r in mun]),
        name=[r["name"] for r in mun],
        lat=lat,
        lon=lon,
        postcodes=postcodes,
        postcode_names=names,
        n_postcodes=np.bincount(nearest, minlength=len(mun)),
    )


# --- which municipalities, with what character ----------------------------------------------


def _sites(rng, scale: float, mun: Municipalities) -> tuple[list[int], list[Site], np.ndarray]:
    """Municipality index, parameters and volume multiplier of every municipality in the data."""
    index = {name: i for i, name in enumerate(mun.name)}
    muns = [index[name] for name in SITES]
    sites = list(SITES.values())
    mult = [min(scale, SITES_MAX_SCALE)] * len(sites)
    if scale > SITES_MAX_SCALE:
        others = [i for i in range(len(mun.name)) if i not in muns]
        # More postcodes near a municipality's centre means, roughly, more people.
        weight = mun.n_postcodes[others] ** 0.8 * rng.lognormal(0.0, 0.25, len(others))
        intake = (scale - SITES_MAX_SCALE) * SITES_INTAKE * weight / weight.sum()
        for i, m_intake in zip(others, intake, strict=True):
            muns.append(i)
            sites.append(_generic_site(rng, f"K{mun.code[i]}", m_intake))
            mult.append(1.0)
    return muns, sites, np.array(mult)


def _generic_site(rng, abbr: str, intake: float) -> Site:
    mix = rng.dirichlet(np.array([0.32, 0.32, 0.26, 0.10]) * 60)
    letters = list(GENERIC_INDUSTRY)
    industry = rng.dirichlet(np.array([GENERIC_INDUSTRY[c] for c in letters], dtype=float))
    return Site(
        abbr=abbr,
        intake=intake,
        growth=float(rng.normal(0.025, 0.015)),
        target_mix=tuple(float(x) for x in mix),
        female=float(rng.normal(0.43, 0.02)),
        companies=max(2.0, 1.1 * intake),
        industry={c: float(w) for c, w in zip(letters, industry, strict=True)},
        placements=(0.14, 0.39, 0.29, 0.13, 0.05),
        days_to_placement=float(rng.uniform(32, 60)),
        completion=float(rng.uniform(0.6, 0.72)),
        outcome=float(rng.uniform(0.44, 0.62)),
        education=float(rng.uniform(0.38, 0.52)),
        host_job=float(rng.uniform(0.3, 0.45)),
        chosen=float(rng.uniform(0.76, 0.9)),
        sessions=float(rng.uniform(2.7, 3.5)),
        staff=max(0.5, round(5.5 * intake / 60, 1)),
    )


def _per_site(sites: list[Site], attr: str) -> np.ndarray:
    return np.array([getattr(s, attr) for s in sites], dtype=float)


# --- young people -----------------------------------------------------------------------------


def _participants(rng, sites: list[Site], mult: np.ndarray, until: int) -> dict:
    """Enrolments by month with seasonal and yearly variation, and who the young people are."""
    first_month = np.datetime64(FIRST_DAY, "M")
    months = np.arange(first_month, np.datetime64(np.datetime64(until, "D"), "M") + 1)
    start = months.astype("datetime64[D]").astype(np.int64)
    nxt = (months + 1).astype("datetime64[D]").astype(np.int64)
    stop = np.minimum(nxt, until + 1)  # exclusive
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12
    covid = np.where((year == 2020) & (month >= 2) & (month <= 4), 0.5, 1.0)
    yearly = (1 + _per_site(sites, "growth")[:, None]) ** (year - 2019)[None, :]
    lam = (mult * _per_site(sites, "intake"))[:, None] * yearly / 12
    lam = lam * (SEASON[month] * covid * (stop - start) / (nxt - start))[None, :]
    counts = rng.poisson(lam)
    site = np.repeat(np.arange(len(sites)), counts.sum(axis=1))
    month_of = np.concatenate([np.repeat(np.arange(len(months)), row) for row in counts])
    enrolled = _uniform_days(rng, start[month_of], stop[month_of] - 1)
    enrolled = _back_to_weekday(enrolled, _day(FIRST_DAY))
    order = np.lexsort((enrolled, site))
    site, enrolled = site[order], enrolled[order]
    n = len(site)

    target = _choice_rows(rng, np.array([sites[s].target_mix for s in range(len(sites))])[site])
    target[rng.random(n) < 0.02] = -1
    female = rng.random(n) < _per_site(sites, "female")[site]
    gender = np.where(female, 0, 1)
    u = rng.random(n)
    gender[u < 0.045] = 3  # unknown
    gender[u < 0.02] = 2  # other
    gender[u < 0.012] = -1  # missing
    # Mostly 18-29 at enrolment, skewed young; a handful just outside.
    age = 18 + np.floor(rng.beta(1.6, 2.4, n) * 12).astype(np.int64)
    outside = rng.random(n) < 0.025
    age[outside] = rng.choice([16, 17, 30, 31, 32], outside.sum())
    enrol_year = enrolled.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    birth_year = enrol_year - age - (rng.random(n) < 0.5)
    birth_year[rng.random(n) < 0.01] = -1

    # Pseudonymous, so drawn at random rather than numbered in order of enrolment.
    number = rng.choice(999_999, n, replace=False) + 1
    ids = [f"{sites[s].abbr}-{k:06d}" for s, k in zip(site.tolist(), number.tolist(), strict=True)]
    return {
        "site": site,
        "enrolled": enrolled,
        "target": target,
        "gender": gender,
        "birth_year": birth_year,
        "age": age,
        "id": ids,
    }


def _careers(rng, p: dict, sites: list[Site], until: int) -> dict:
    """Outcome spells and the exit day that follows from them.

    A young person who starts education or a job stays enrolled for follow-up of at least
    200 days, so a spell still running 6 months on is seen as retained. A spell is recorded
    up to the exit at the latest: an exported spell never runs on after the young person left.
    """
    n = len(p["site"])
    site, e, target = p["site"], p["enrolled"], p["target"]
    year = e.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    tg_factor = np.array([0.6, 1.1, 1.3, 0.9, 1.0])[target]  # index -1: missing
    chance = _per_site(sites, "outcome")[site] * tg_factor * (1 + 0.03 * (year - 2019))
    has = rng.random(n) < np.clip(chance, 0.02, 0.95)
    first = e + 14 + np.minimum(rng.gamma(2.0, 95.0, n), 900).astype(np.int64)
    edu_shift = np.array([0.0, 0.25, -0.25, 0.0, 0.0])[target] - 0.1 * (p["age"] >= 25)
    edu = rng.random(n) < np.clip(_per_site(sites, "education")[site] + edu_shift, 0.05, 0.95)
    dropout = rng.random(n) < np.where(edu, 0.26, 0.20)
    dropout_end = first + rng.integers(14, 171, n)
    second = dropout & (rng.random(n) < 0.45)
    second_start = dropout_end + rng.integers(14, 151, n)
    second_edu = rng.random(n) < 0.5
    second_end = np.where(rng.random(n) < 0.15, second_start + rng.integers(30, 301, n), FAR)
    base = e + rng.integers(150, 401, n)
    follow_up = rng.integers(200, 366, n)
    exit_ = np.where(
        ~has,
        e + rng.integers(180, 731, n),
        np.where(
            ~dropout,
            np.maximum(base, first + follow_up),
            np.where(
                second,
                np.maximum(base, second_start + follow_up),
                np.maximum(base, dropout_end + rng.integers(30, 151, n)),
            ),
        ),
    )
    # A few had a spell before enrolment (a dropped education), which the KPIs ignore.
    pre = (rng.random(n) < 0.03) & (e >= _day(dt.date(2020, 6, 1)))
    pre_start = np.maximum(e - rng.integers(90, 501, n), _day(FIRST_DAY))
    pre_end = np.maximum(e - rng.integers(7, 61, n), pre_start)
    pre_edu = rng.random(n) < 0.7

    who = np.concatenate([np.flatnonzero(has), np.flatnonzero(has & second), np.flatnonzero(pre)])
    kind = np.concatenate([np.zeros(has.sum()), np.ones((has & second).sum()),
                           np.full(pre.sum(), 2)]).astype(np.int8)  # fmt: skip
    start = np.concatenate([first[has], second_start[has & second], pre_start[pre]])
    end = np.concatenate([np.where(dropout, dropout_end, FAR)[has], second_end[has & second],
                          pre_end[pre]])  # fmt: skip
    is_edu = np.concatenate([edu[has], second_edu[has & second], pre_edu[pre]])
    end = np.minimum(end, exit_[who])
    keep = start <= until
    return {
        "has": has,
        "first": first,
        "exit": exit_,
        "spells": {
            "who": who[keep],
            "kind": kind[keep],  # 0 first, 1 second, 2 before enrolment
            "start": start[keep],
            "end": end[keep],
            "job": ~is_edu[keep],
        },
    }


# --- companies --------------------------------------------------------------------------------


def _cvr_numbers(rng, n: int) -> np.ndarray:
    """Unique 8-digit numbers that pass the CVR modulus-11 check, like real CVR numbers."""
    weights = np.array([2, 7, 6, 5, 4, 3, 2])
    out = np.empty(0, dtype=np.int64)
    while len(out) < n:
        base = rng.integers(1_000_000, 4_500_000, 2 * n + 16)
        digits = base[:, None] // 10 ** np.arange(6, -1, -1) % 10
        check = (-(digits * weights).sum(axis=1)) % 11
        cand = (base * 10 + check)[check < 10]
        out = np.concatenate([out, cand])
        _, first = np.unique(out, return_index=True)
        out = out[np.sort(first)]
    return out[:n]


def _companies(rng, muns, sites, mult, mun: Municipalities, until: int) -> dict:
    """Each municipality's company network: built up over 2019-2022, with some turnover."""
    until_year = int(np.datetime64(until, "D").astype("datetime64[Y]").astype(np.int64)) + 1970
    first_day = _day(FIRST_DAY)
    site_l, joined_l = [], []
    for s, site in enumerate(sites):
        size = max(1.0, mult[s] * site.companies)

        def target(y, size=size):
            return size * min(1.0, 0.72 + 0.07 * (y - 2019))

        # The first company joined on day one and stays, so there is always a host.
        n0 = max(1, round(target(2019)))
        joined = [np.concatenate([[first_day], first_day + rng.integers(0, 31, n0 - 1)])]
        for y in range(2019, until_year + 1):
            y0, y1 = _day(dt.date(y, 1, 1)), min(_day(dt.date(y, 12, 31)), until)
            lam = max(0.0, target(y + 1) - target(y)) + TURNOVER * target(y)
            k = rng.poisson(lam * (y1 - y0 + 1) / 365.25)
            joined.append(_uniform_days(rng, np.full(k, y0), np.full(k, y1)))
        joined = np.concatenate(joined)
        site_l.append(np.full(len(joined), s))
        joined_l.append(joined)
    site = np.concatenate(site_l)
    joined = np.concatenate(joined_l)
    n = len(site)
    left = joined + 30 + rng.exponential(365.25 / TURNOVER, n).astype(np.int64)
    anchor = np.r_[True, site[1:] != site[:-1]]
    left[anchor] = FAR

    industry = np.empty(n, dtype=object)
    postcode = np.empty(n, dtype=np.int64)
    town = np.empty(n, dtype=object)
    lat = np.empty(n)
    lon = np.empty(n)
    for s, site_params in enumerate(sites):
        rows = np.flatnonzero(site == s)
        letters = list(site_params.industry)
        w = np.array([site_params.industry[c] for c in letters], dtype=float)
        industry[rows] = np.array(letters, dtype=object)[
            rng.choice(len(w), len(rows), p=w / w.sum())
        ]
        m = muns[s]
        pcs = mun.postcodes[m]
        pick = rng.integers(0, len(pcs), len(rows))
        postcode[rows] = pcs[pick]
        town[rows] = np.array(mun.postcode_names[m], dtype=object)[pick]
        # A few km around the municipality's centre, kept inside Denmark's bounding box.
        lat[rows] = np.clip(mun.lat[m] + rng.normal(0, 0.027, len(rows)), 54.56, 57.74)
        lon[rows] = np.clip(mun.lon[m] + rng.normal(0, 0.045, len(rows)), 8.08, 15.19)
    no_coords = rng.random(n) < 0.1
    lat = np.where(no_coords, np.nan, np.round(lat, 5))
    lon = np.where(no_coords, np.nan, np.round(lon, 5))
    large = np.isin(industry, list(LARGE_INDUSTRIES))
    size_p = np.where(large[:, None], SIZE_P["large"], SIZE_P["small"])
    size = _choice_rows(rng, size_p)
    names = _company_names(rng, industry, size, town, [mun.name[muns[s]] for s in site])
    return {
        "site": site,
        "joined": joined,
        "left": left,  # beyond `until` means still a member
        "id": _cvr_numbers(rng, n),
        "name": names,
        "industry": industry,
        "size": size,
        "postcode": postcode,
        "lat": lat,
        "lon": lon,
        # How much a company engages: hosts, meetings and visits all follow it.
        "weight": rng.lognormal(0.0, 0.9, n),
    }


def _company_names(rng, industry, size, town, municipality) -> list[str]:
    n = len(industry)
    template = rng.integers(0, 5, n)
    r1, r2, r3, r4 = (rng.integers(0, 1 << 30, n) for _ in range(4))
    names = []
    for i in range(n):
        trade = TRADES[industry[i]][r1[i] % len(TRADES[industry[i]])]
        surname = SURNAMES[r2[i] % len(SURNAMES)]
        # A town with a district suffix (København K) reads oddly in a name.
        place = town[i] if " " not in town[i] else municipality[i]
        t = template[i]
        if t == 0:
            name = f"{surname} & Søn {trade}"
        elif t == 1:
            name = f"{place} {trade}"
        elif t == 2:
            name = f"{trade} {LOCAL_PLACES[r3[i] % len(LOCAL_PLACES)]}"
        elif t == 3:
            # Danish genitive: Jensens, but Friis'.
            genitive = "'" if surname.endswith("s") else "s"
            name = f"{surname}{genitive} {trade}"
        else:
            name = f"{SURNAMES[r3[i] % len(SURNAMES)][0]}{surname[0]} {trade}"
        suffixes = SUFFIXES[min(int(size[i]), 2)]
        suffix = suffixes[r4[i] % len(suffixes)]
        names.append(f"{name} {suffix}" if suffix else name)
    return names


def _pick_company(rng, comp: dict, site: np.ndarray, day: np.ndarray) -> np.ndarray:
    """A company of `site`'s network that is a member on `day`, engaged ones more likely."""
    n_sites = int(comp["site"].max()) + 1
    cum = np.cumsum(comp["weight"])
    lo = np.searchsorted(comp["site"], np.arange(n_sites), side="left")
    hi = np.searchsorted(comp["site"], np.arange(n_sites), side="right")
    base = np.where(lo > 0, cum[np.maximum(lo - 1, 0)], 0.0)
    total = cum[hi - 1] - base
    out = lo[site].copy()  # the anchor company, when nothing else fits
    todo = np.arange(len(site))
    for _ in range(40):
        if len(todo) == 0:
            break
        s = site[todo]
        idx = np.searchsorted(cum, base[s] + rng.random(len(todo)) * total[s], side="right")
        idx = np.clip(idx, lo[s], hi[s] - 1)
        ok = (comp["joined"][idx] <= day[todo]) & (comp["left"][idx] >= day[todo])
        out[todo[ok]] = idx[ok]
        todo = todo[~ok]
    return out


# --- youth network groups ---------------------------------------------------------------------


def _groups(rng, p: dict, n_sites: int) -> tuple[np.ndarray, np.ndarray]:
    """Groups of 6-8 young people who enrol one after another in the same municipality.

    Returns each young person's group (-1: not in a group) and each group's number within its
    municipality. The newest group of a municipality may still be filling up."""
    n = len(p["site"])
    group = np.full(n, -1, dtype=np.int64)
    in_group = rng.random(n) >= 0.03  # a few follow an individual track only
    numbers = []
    # People are sorted by municipality, then enrolment day.
    bounds = np.searchsorted(p["site"], np.arange(n_sites + 1))
    for s in range(n_sites):
        member = bounds[s] + np.flatnonzero(in_group[bounds[s] : bounds[s + 1]])
        cuts = np.cumsum(rng.integers(6, 9, len(member) // 6 + 1))
        chunk = np.searchsorted(cuts, np.arange(len(member)), side="right")
        offset = sum(len(x) for x in numbers)
        group[member] = offset + chunk
        numbers.append(np.arange(1, (chunk[-1] + 2) if len(chunk) else 1))
    return group, np.concatenate(numbers)


# --- placements -------------------------------------------------------------------------------


def _placements(rng, p: dict, car: dict, sites: list[Site], comp: dict, until: int) -> dict:
    """Chains of placements from soon after enrolment until the first outcome or exit.

    An interrupted placement is often followed by a new one within 60 days."""
    site, e = p["site"], p["enrolled"]
    exit_ = car["exit"]
    # A placement ends by the day before the first outcome and by exit, and starts at least
    # two weeks before that.
    stop_end = np.where(car["has"], np.minimum(car["first"] - 1, exit_), exit_)
    stop_start = stop_end - 13
    mixes = np.zeros((len(sites), max(len(s.placements) for s in sites)))
    for i, s in enumerate(sites):
        mixes[i, : len(s.placements)] = s.placements
    remaining = _choice_rows(rng, mixes[site])
    median = _per_site(sites, "days_to_placement")[site]
    start = e + np.maximum(1, rng.lognormal(np.log(median), 0.7)).astype(np.int64)
    completion = _per_site(sites, "completion")[site]
    chosen_p = _per_site(sites, "chosen")[site]
    hours_mean = _per_site(sites, "hours")[site]
    low_hours = _per_site(sites, "low_hours")[site]
    retry = _per_site(sites, "retry")[site]
    quick_retry = _per_site(sites, "quick_retry")[site]

    cols: dict[str, list[np.ndarray]] = {k: [] for k in ("who", "start", "end", "reason",
                                                          "chosen", "hours")}  # fmt: skip
    alive = np.flatnonzero(remaining > 0)
    while len(alive):
        s = start[alive]
        s = s + np.where(_weekday(s) == 5, 2, 0) + np.where(_weekday(s) == 6, 1, 0)
        ok = (s <= stop_start[alive]) & (s <= until)
        alive, s = alive[ok], s[ok]
        k = len(alive)
        weeks = rng.choice(PLACEMENT_WEEKS, k, p=PLACEMENT_WEEKS_P)
        u = rng.random(k)
        c = completion[alive]
        reason = np.where(u < c, 0, np.where(u < c + (1 - c) * 0.72, 1, 2))
        length = np.select(
            [reason == 0, reason == 1],
            [
                7 * weeks - rng.integers(0, 3, k),
                np.maximum(7, 7 * weeks * rng.uniform(0.1, 0.8, k)),
            ],
            np.maximum(14, 7 * weeks * rng.uniform(0.3, 1.0, k)),
        ).astype(np.int64)
        end = np.minimum(s + length - 1, stop_end[alive])
        hours = np.clip(np.round(rng.normal(hours_mean[alive], 6.5)), 15, 37)
        low = rng.random(k) < low_hours[alive]
        hours[low] = rng.integers(10, 15, low.sum())
        chosen = np.where(rng.random(k) < chosen_p[alive], 1, 0)
        chosen[rng.random(k) < 0.03] = -1
        for key, val in zip(cols, (alive, s, end, reason, chosen, hours), strict=True):
            cols[key].append(val)
        interrupted = reason == 1
        remaining[alive] -= 1
        remaining[alive[interrupted & (rng.random(k) < retry[alive])]] += 1
        gap = np.where(
            interrupted,
            np.where(
                rng.random(k) < quick_retry[alive], rng.integers(5, 61, k), rng.integers(61, 181, k)
            ),
            rng.integers(7, 151, k),
        )
        start[alive] = end + gap
        alive = alive[remaining[alive] > 0]
    pl = {k: np.concatenate(v) if v else np.empty(0, dtype=np.int64) for k, v in cols.items()}
    order = np.lexsort((pl["who"], pl["start"]))
    pl = {k: v[order] for k, v in pl.items()}

    # Always a company in the young person's own network: a placement elsewhere is legal but
    # draws an import warning, and a demo should import cleanly.
    pl["company"] = _pick_company(rng, comp, site[pl["who"]], pl["start"])
    return pl


def _job_companies(rng, p: dict, car: dict, pl: dict, sites: list[Site], comp: dict) -> np.ndarray:
    """The employer of each job spell when it is a network company, else -1."""
    sp = car["spells"]
    n = len(p["site"])
    last = np.full(n, -1)
    np.maximum.at(last, pl["who"], np.arange(len(pl["who"])))
    who = sp["who"]
    company = np.full(len(who), -1)
    after_placement = sp["job"] & (sp["kind"] == 0) & (last[who] >= 0)
    host = after_placement & (rng.random(len(who)) < _per_site(sites, "host_job")[p["site"][who]])
    company[host] = pl["company"][last[who[host]]]
    other = sp["job"] & ~host & (sp["kind"] != 2) & (rng.random(len(who)) < 0.12)
    company[other] = _pick_company(rng, comp, p["site"][who[other]], sp["start"][other])
    return company


# --- activities -------------------------------------------------------------------------------


def _monthly_days(until: int, weekday: int, nth: int, months: tuple[int, ...]) -> np.ndarray:
    """The nth `weekday` (Monday = 0) of the given months, from 2019 up to `until`."""
    m = np.arange(np.datetime64(FIRST_DAY, "M"), np.datetime64(np.datetime64(until, "D"), "M") + 1)
    m = m[np.isin(m.astype(np.int64) % 12 + 1, months)]
    first = m.astype("datetime64[D]").astype(np.int64)
    days = first + (weekday - _weekday(first)) % 7 + 7 * (nth - 1)
    return days[days <= until]


def _site_schedule(n_sites: int, days: np.ndarray) -> np.ndarray:
    return np.sort(_sched_key(np.repeat(np.arange(n_sites), len(days)), np.tile(days, n_sites)))


def _activities(rng, p, car, group, comp, sites, mult, until) -> dict:
    """Attendance rows: one per attending young person or company, a few with neither."""
    n_sites = len(sites)
    e = p["enrolled"]
    p_end = np.minimum(car["exit"], until)
    p_first_outcome = np.where(car["has"], car["first"], FAR)
    # How reliably each young person turns up; after starting a job or education, less.
    p_att = rng.beta(8.0, 2.4, len(e))
    c_end = np.minimum(comp["left"], until)
    parts = []

    # Youth network: each group meets weekly on its own weekday while it has members.
    in_group = np.flatnonzero(group >= 0)
    g = group[in_group]
    n_groups = int(group.max()) + 1 if len(in_group) else 0
    g_first = np.full(n_groups, FAR)
    g_last = np.full(n_groups, -1)
    np.minimum.at(g_first, g, e[in_group])
    np.maximum.at(g_last, g, p_end[in_group])
    g_site = np.zeros(n_groups, dtype=np.int64)
    g_site[g] = p["site"][in_group]
    wd = rng.integers(0, 4, n_groups)
    g_start = g_first + (wd - _weekday(g_first)) % 7
    owner, k = _expand(
        np.zeros(n_groups, dtype=np.int64), np.maximum((g_last - g_start) // 7 + 1, 0)
    )
    meet_day = g_start[owner] + 7 * k
    every = _per_site(sites, "meeting_every").astype(np.int64)[g_site[owner]]
    keep = ~_holiday(meet_day) & (k % every == 0)
    meet_group, meet_day = owner[keep], meet_day[keep]
    schedule = _sched_key(meet_group, meet_day)
    who, m = _attend(schedule, g, e[in_group], p_end[in_group])
    who = in_group[who]
    day = meet_day[m]
    prob = p_att[who] * np.where(day >= p_first_outcome[who], 0.6, 1.0)
    hit = rng.random(len(who)) < prob
    parts.append((m[hit], day[hit], g_site[meet_group[m[hit]]], YOUTH, who[hit], None))
    offset = len(schedule)

    # Company network: monthly, second Tuesday, not in July.
    days = _monthly_days(until, 1, 2, (1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12))
    schedule = _site_schedule(n_sites, days)
    who, m = _attend(schedule, comp["site"], comp["joined"], c_end)
    hit = rng.random(len(who)) < 1 - np.exp(-0.22 * comp["weight"][who])
    m, who = m[hit], who[hit]
    parts.append((offset + m, schedule[m] & DAY_MASK, schedule[m] >> DAY_BITS, COMPANY_MEETING,
                  None, who))  # fmt: skip
    offset += len(schedule)

    # Joint meetings of young people and companies: quarterly, third Thursday.
    days = _monthly_days(until, 3, 3, (3, 6, 9, 12))
    schedule = _site_schedule(n_sites, days)
    who, m = _attend(schedule, p["site"], e, p_end)
    hit = rng.random(len(who)) < 0.55 * p_att[who]
    parts.append((offset + m[hit], schedule[m[hit]] & DAY_MASK, p["site"][who[hit]], JOINT,
                  who[hit], None))  # fmt: skip
    who, m = _attend(schedule, comp["site"], comp["joined"], c_end)
    hit = rng.random(len(who)) < 1 - np.exp(-0.3 * comp["weight"][who])
    parts.append((offset + m[hit], schedule[m[hit]] & DAY_MASK, comp["site"][who[hit]], JOINT,
                  None, who[hit]))  # fmt: skip
    offset += len(schedule)

    # Individual sessions: one at enrolment, then every few weeks.
    months = (p_end - e + 1) / 30.44
    n_more = rng.poisson(_per_site(sites, "sessions")[p["site"]] * np.maximum(months, 0))
    who = np.concatenate([np.arange(len(e)), np.repeat(np.arange(len(e)), n_more)])
    is_first = np.r_[np.ones(len(e), bool), np.zeros(len(who) - len(e), bool)]
    day = np.where(is_first, e[who], _uniform_days(rng, e[who], p_end[who]))
    day = _back_to_weekday(day, e[who])
    parts.append((offset + np.arange(len(who)), day, p["site"][who], SESSION, who, None))
    offset += len(who)

    # Company visits by the team, more often to engaged companies.
    months = (c_end - comp["joined"] + 1) / 30.44
    n_visits = rng.poisson(0.6 * np.sqrt(comp["weight"]) * np.maximum(months, 0))
    who = np.repeat(np.arange(len(comp["site"])), n_visits)
    day = _uniform_days(rng, comp["joined"][who], c_end[who])
    day = _back_to_weekday(day, comp["joined"][who])
    parts.append((offset + np.arange(len(who)), day, comp["site"][who], VISIT, None, who))
    offset += len(who)

    # Other activities (a job fair, an open house) with attendance not recorded.
    years = (until - _day(FIRST_DAY) + 1) / 365.25
    n_other = rng.poisson(3.0 * mult * years)
    site = np.repeat(np.arange(n_sites), n_other)
    day = _uniform_days(rng, np.full(len(site), _day(FIRST_DAY)), np.full(len(site), until))
    day = _back_to_weekday(day, _day(FIRST_DAY))
    parts.append((offset + np.arange(len(site)), day, site, OTHER, None, None))

    cols = {k: [] for k in ("key", "day", "site", "type", "person", "company")}
    for key, day, site, kind, person, company in parts:
        k = len(key)
        cols["key"].append(np.asarray(key, dtype=np.int64))
        cols["day"].append(np.asarray(day, dtype=np.int64))
        cols["site"].append(np.asarray(site, dtype=np.int64))
        cols["type"].append(np.full(k, kind, dtype=np.int8))
        cols["person"].append(np.full(k, -1) if person is None else person)
        cols["company"].append(np.full(k, -1) if company is None else company)
    act = {k: np.concatenate(v) for k, v in cols.items()}
    attendee = np.where(act["person"] >= 0, act["person"], len(e) + act["company"])
    order = np.lexsort((attendee, act["key"], act["day"]))
    act = {k: v[order] for k, v in act.items()}
    act["seq"] = np.cumsum(np.r_[True, act["key"][1:] != act["key"][:-1]])
    del act["key"]
    return act


# --- costs ------------------------------------------------------------------------------------


def _costs(rng, sites, mult, until: int) -> dict:
    """A team of about 5-6 FTE per site at ~650,000 DKK each, plus running costs."""
    until_year = int(np.datetime64(until, "D").astype("datetime64[Y]").astype(np.int64)) + 1970
    years = np.arange(2019, until_year + 1)
    site = np.repeat(np.arange(len(sites)), len(years))
    year = np.tile(years, len(sites))
    staff = _per_site(sites, "staff")[site]
    # The sites' teams are 5-6 FTE at scale 1; other municipalities' are sized by intake.
    fte = np.where(
        site < len(SITES),
        np.clip(staff + rng.normal(0, 0.25, len(site)), 5.0, 6.0) * mult[site],
        staff * rng.uniform(0.95, 1.05, len(site)),
    )
    fte = np.round(fte, 1)
    salary = 640_000 * 1.015 ** (year - 2019)
    running = rng.uniform(300_000, 450_000, len(site)) * fte / 5.5
    cost = np.round((fte * salary + running) / 1000) * 1000
    return {"site": site, "year": year, "cost": cost.astype(np.int64), "fte": fte}


# --- writing ----------------------------------------------------------------------------------


def _dates(days: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    return pa.array(days.astype(np.int32), mask=missing).cast(pa.date32())


def _labels(index: np.ndarray, values) -> pa.Array:
    """Values by index, -1 for missing, without one Python string per row."""
    index = np.asarray(index)
    return pa.DictionaryArray.from_arrays(
        pa.array(index.astype(np.int32), mask=index < 0), pa.array(list(values), pa.string())
    )


def _columns(table: str) -> list[str]:
    return [c.name for c in TABLES[table].columns if c.name != "cpr"]


def _write(con, out: Path, name: str, data: dict[str, pa.Array], select: dict[str, str]) -> int:
    tab = pa.table(data)
    con.register("t", tab)
    exprs = ", ".join(f"{select.get(c, c)} AS {c}" for c in _columns(name))
    path = str(out / f"{name}.csv").replace("'", "''")
    con.execute(f"COPY (SELECT {exprs} FROM t) TO '{path}' (HEADER, DELIMITER ',')")
    con.unregister("t")
    return tab.num_rows


def write_demo(
    out_dir: str | Path, seed: int = 1, scale: float = 1.0, until: dt.date | None = None
) -> dict[str, int]:
    """Write participants.csv, companies.csv, placements.csv, activities.csv, outcomes.csv and
    costs.csv into out_dir (created if missing; existing files are overwritten). Returns the row
    count per file name (without extension). `until` (default today) is the last day with data.
    The export is signed as demo data (`nextwork.ingest.importer.sign_demo_export`).
    """
    until_date = until or dt.date.today()
    if until_date < FIRST_DAY:
        raise ValueError(f"until must be on or after {FIRST_DAY}")
    if not scale > 0:
        raise ValueError("scale must be positive")
    until_day = _day(until_date)
    rng = np.random.default_rng(seed)
    mun = _municipalities()
    muns, sites, mult = _sites(rng, scale, mun)
    p = _participants(rng, sites, mult, until_day)
    car = _careers(rng, p, sites, until_day)
    comp = _companies(rng, muns, sites, mult, mun, until_day)
    group, group_number = _groups(rng, p, len(sites))
    pl = _placements(rng, p, car, sites, comp, until_day)
    job_company = _job_companies(rng, p, car, pl, sites, comp)
    act = _activities(rng, p, car, group, comp, sites, mult, until_day)
    costs = _costs(rng, sites, mult, until_day)

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    # A stale copy of a table in another format would make the folder an invalid export.
    for name in TABLES:
        for fmt in ("xlsx", "parquet"):
            (out / f"{name}.{fmt}").unlink(missing_ok=True)
    site_names = [mun.name[m] for m in muns]
    person_ids = pa.array(p["id"], pa.string())
    company_ids = [f"{c:08d}" for c in comp["id"].tolist()]
    g_site = np.zeros(len(group_number), dtype=np.int64)
    g_site[group[group >= 0]] = p["site"][group >= 0]
    group_names = [f"{site_names[s]} gruppe {k}" for s, k in zip(g_site, group_number, strict=True)]

    exit_missing = car["exit"] > until_day
    sp = car["spells"]
    pl_open = pl["end"] > until_day
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")  # a library call should print nothing
    counts = {}
    counts["participants"] = _write(
        con,
        out,
        "participants",
        {
            "participant_id": person_ids,
            "municipality": _labels(p["site"], site_names),
            "enrolled_on": _dates(p["enrolled"]),
            "exited_on": _dates(np.minimum(car["exit"], until_day), exit_missing),
            "birth_year": pa.array(p["birth_year"], mask=p["birth_year"] < 0),
            "gender": _labels(p["gender"], GENDERS),
            "target_group": _labels(p["target"], TARGET_GROUPS),
            "youth_network": _labels(group, group_names),
        },
        {},
    )
    counts["companies"] = _write(
        con,
        out,
        "companies",
        {
            "company_id": pa.array(company_ids, pa.string()),
            "name": pa.array(comp["name"], pa.string()),
            "municipality": _labels(comp["site"], site_names),
            "industry": pa.array(comp["industry"].tolist(), pa.string()),
            "size_band": _labels(comp["size"], SIZE_BANDS),
            "postcode": pa.array(comp["postcode"]),
            "latitude": pa.array(comp["lat"], from_pandas=True),
            "longitude": pa.array(comp["lon"], from_pandas=True),
            "joined_on": _dates(comp["joined"]),
            "left_on": _dates(np.minimum(comp["left"], until_day), comp["left"] > until_day),
        },
        {},
    )
    counts["placements"] = _write(
        con,
        out,
        "placements",
        {
            "seq": pa.array(np.arange(1, len(pl["who"]) + 1)),
            "participant_id": _labels(pl["who"], p["id"]),
            "company_id": _labels(pl["company"], company_ids),
            "started_on": _dates(pl["start"]),
            "ended_on": _dates(np.minimum(pl["end"], until_day), pl_open),
            "end_reason": _labels(np.where(pl_open, -1, pl["reason"]), END_REASONS),
            "chosen_by_participant": pa.array(pl["chosen"] == 1, mask=pl["chosen"] < 0),
            "hours_per_week": pa.array(pl["hours"].astype(np.int64)),
        },
        {"placement_id": "printf('P%07d', seq)"},
    )
    counts["activities"] = _write(
        con,
        out,
        "activities",
        {
            "seq": pa.array(act["seq"]),
            "activity_type": _labels(act["type"], ACTIVITY_TYPES),
            "municipality": _labels(act["site"], site_names),
            "held_on": _dates(act["day"]),
            "participant_id": _labels(act["person"], p["id"]),
            "company_id": _labels(act["company"], company_ids),
        },
        {"activity_id": "printf('A%08d', seq)"},
    )
    order = np.lexsort((sp["who"], sp["start"]))
    counts["outcomes"] = _write(
        con,
        out,
        "outcomes",
        {
            "participant_id": _labels(sp["who"][order], p["id"]),
            "outcome_type": _labels(sp["job"][order].astype(np.int64), OUTCOME_TYPES),
            "started_on": _dates(sp["start"][order]),
            "ended_on": _dates(
                np.minimum(sp["end"], until_day)[order], (sp["end"] > until_day)[order]
            ),
            "company_id": _labels(job_company[order], company_ids),
        },
        {},
    )
    counts["costs"] = _write(
        con,
        out,
        "costs",
        {
            "municipality": _labels(costs["site"], site_names),
            "year": pa.array(costs["year"]),
            "cost_dkk": pa.array(costs["cost"]),
            "staff_fte": pa.array(costs["fte"]),
        },
        {},
    )
    con.close()
    from nextwork.ingest.importer import sign_demo_export  # the importer reads the contract too

    sign_demo_export(out)
    return counts
