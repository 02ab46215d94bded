"""The demo's parameters: the five programme sites, each with its own character, the other
municipalities above scale 5, the trades of their companies, and the reference data
(municipalities and postcodes) they are placed on."""

from __future__ import annotations

import csv
from dataclasses import dataclass

import numpy as np

from nextwork.config import ROOT
from nextwork.ingest.contract import DB07_SECTIONS, ENUMS

DATA = ROOT / "data"

NATIONAL_SCALE = 40.0
# Up to this scale only the five sites exist; beyond it they keep this volume and the rest
# of the volume goes to the other municipalities.
SITES_MAX_SCALE = 5.0

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


def read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_municipalities(k: int = 6) -> Municipalities:
    mun = read_csv("municipalities.csv")
    pcs = read_csv("postcodes.csv")
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


def draw_sites(rng, scale: float, mun: Municipalities) -> tuple[list[int], list[Site], np.ndarray]:
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
            sites.append(generic_site(rng, f"K{mun.code[i]}", m_intake))
            mult.append(1.0)
    return muns, sites, np.array(mult)


def generic_site(rng, abbr: str, intake: float) -> Site:
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


def per_site(sites: list[Site], attr: str) -> np.ndarray:
    return np.array([getattr(s, attr) for s in sites], dtype=float)
