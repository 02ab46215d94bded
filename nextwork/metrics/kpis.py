"""The KPI engine: the one list of KPIs with their definitions, and their computation.

Each KPI is computed by one SQL file in `queries/` (several KPIs that share their
population share a file). The definitions below are what users read on the
definitions page and in the documentation; the SQL implements exactly them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from nextwork import i18n
from nextwork.filters import (  # noqa: F401 (the period rules and parameters, read here too)
    FOLLOW_UP_MONTHS,
    has_full_follow_up,
    outcome_cohort,
    previous_period,
    query_params,
)
from nextwork.ingest import db

AGE_BANDS = ("under 18", "18-24", "25-29", "30+", "unknown")
TARGET_GROUPS = ("activity_ready", "education_ready", "job_ready", "other", "unknown")
GENDERS = ("female", "male", "other", "unknown")


@dataclass(frozen=True)
class Kpi:
    key: str
    kind: str  # count | share | days
    query: str
    label_da: str
    label_en: str
    definition_da: str
    definition_en: str
    companies_only: bool = False  # only the municipality filter applies
    lower_is_better: bool = False  # a fall is good news (days to the first placement)

    def label(self, lang: str = "da") -> str:
        return i18n.t(lang, self.label_da, self.label_en)

    def definition(self, lang: str = "da") -> str:
        return i18n.t(lang, self.definition_da, self.definition_en)


KPIS: list[Kpi] = [
    Kpi(
        "participants_active",
        "count",
        "kpi_participants",
        "Aktive unge",
        "Active young people",
        "Unge, hvis forløb i NExTWORK overlapper perioden (indskrevet senest på periodens "
        "sidste dag og ikke udskrevet før dens første dag).",
        "Young people whose enrolment overlaps the period (enrolled on or before its last day "
        "and not exited before its first day).",
    ),
    Kpi(
        "participants_new",
        "count",
        "kpi_participants",
        "Nye unge",
        "New young people",
        "Unge, der er indskrevet i perioden.",
        "Young people enrolled during the period.",
    ),
    Kpi(
        "companies_in_network",
        "count",
        "kpi_companies",
        "Virksomheder i netværket",
        "Companies in the network",
        "Virksomheder, hvis medlemskab af netværket (fra indmeldelse til udmeldelse) "
        "overlapper perioden.",
        "Companies whose network membership (from joining to leaving) overlaps the period.",
        companies_only=True,
    ),
    Kpi(
        "companies_active",
        "count",
        "kpi_companies",
        "Aktive virksomheder",
        "Active companies",
        "Virksomheder med et praktikforløb, der overlapper perioden, eller som deltog i en "
        "aktivitet afholdt i perioden.",
        "Companies with a placement overlapping the period, or that attended an activity held "
        "in the period.",
        companies_only=True,
    ),
    Kpi(
        "companies_hosting_share",
        "share",
        "kpi_companies",
        "Andel virksomheder med praktik",
        "Share of companies hosting",
        "Af virksomhederne i netværket: andelen med et praktikforløb, der overlapper perioden.",
        "Of the companies in the network: the share with a placement overlapping the period.",
        companies_only=True,
    ),
    Kpi(
        "placements_started",
        "count",
        "kpi_placements",
        "Påbegyndte praktikforløb",
        "Placements started",
        "Praktikforløb med startdato i perioden.",
        "Placements that started during the period.",
    ),
    Kpi(
        "placements_active",
        "count",
        "kpi_placements",
        "Aktive praktikforløb",
        "Active placements",
        "Praktikforløb, der overlapper perioden.",
        "Placements overlapping the period.",
    ),
    Kpi(
        "placement_completion_rate",
        "share",
        "kpi_placements",
        "Andel gennemførte forløb",
        "Placements completed",
        "Af praktikforløb, der sluttede i perioden: andelen, der blev gennemført.",
        "Of the placements that ended during the period: the share completed.",
    ),
    Kpi(
        "participant_chosen_share",
        "share",
        "kpi_placements",
        "Andel selvvalgte praktikker",
        "Placements chosen by the young person",
        "Af praktikforløb, der startede i perioden, og hvor det vides, hvem der valgte "
        "virksomheden: andelen, som den unge selv valgte.",
        "Of the placements started during the period where it is known who chose the company: "
        "the share chosen by the young person.",
    ),
    Kpi(
        "placement_within_3m_share",
        "share",
        "kpi_first_placement",
        "Praktik inden 3 mdr.",
        "Placement within 3 months",
        "Af unge indskrevet i perioden, hvis indskrivning er mindst 3 måneder før "
        "opgørelsesdagen: andelen, der startede i praktik senest 3 måneder efter indskrivning.",
        "Of young people enrolled during the period at least 3 months before the as-of day: "
        "the share who started a placement within 3 months of enrolment.",
    ),
    Kpi(
        "median_days_to_first_placement",
        "days",
        "kpi_first_placement",
        "Dage til første praktik (median)",
        "Days to first placement (median)",
        "Af unge indskrevet i perioden, som har startet et praktikforløb efter indskrivning: "
        "medianen af antal dage fra indskrivning til første praktikforløb.",
        "Of young people enrolled during the period who started a placement after enrolment: "
        "the median number of days from enrolment to the first placement.",
        lower_is_better=True,
    ),
    Kpi(
        "network_attendance_share",
        "share",
        "kpi_participants",
        "Andel i ungenetværk",
        "Share attending the youth network",
        "Af de aktive unge: andelen, der deltog i et møde i ungenetværket eller et fællesmøde "
        "afholdt i perioden.",
        "Of the active young people: the share who attended a youth-network meeting or a joint "
        "meeting held in the period.",
    ),
    Kpi(
        "second_chance_share",
        "share",
        "kpi_placements",
        "Ny praktik efter afbrud",
        "New placement after an interruption",
        "Af praktikforløb, der blev afbrudt i perioden: andelen, hvor den unge startede et nyt "
        "praktikforløb senest 60 dage efter afbruddet.",
        "Of the placements interrupted during the period: the share where the young person "
        "started another placement within 60 days of the interruption.",
    ),
    Kpi(
        "outcome_12m_share",
        "share",
        "kpi_outcomes",
        "I job/uddannelse inden 12 mdr.",
        "In job or education within 12 months",
        "Af unge indskrevet i perioden, hvis indskrivning er mindst 12 måneder før "
        "opgørelsesdagen: andelen, hvis første job eller uddannelse efter indskrivning startede "
        "senest 12 måneder efter indskrivning.",
        "Of young people enrolled during the period at least 12 months before the as-of day: "
        "the share whose first job or education after enrolment started within 12 months.",
    ),
    Kpi(
        "education_12m_share",
        "share",
        "kpi_outcomes",
        "I uddannelse inden 12 mdr.",
        "In education within 12 months",
        "Samme nævner som ovenfor: andelen, der startede en uddannelse senest 12 måneder efter "
        "indskrivning.",
        "Same denominator as above: the share who started education within 12 months of enrolment.",
    ),
    Kpi(
        "job_12m_share",
        "share",
        "kpi_outcomes",
        "I job inden 12 mdr.",
        "In a job within 12 months",
        "Samme nævner som ovenfor: andelen, der startede i job senest 12 måneder efter "
        "indskrivning.",
        "Same denominator as above: the share who started a job within 12 months of enrolment.",
    ),
    Kpi(
        "retained_6m_share",
        "share",
        "kpi_outcomes",
        "Fastholdt 6 mdr. efter start",
        "Retained 6 months after starting",
        "Af unge indskrevet i perioden, hvis første job eller uddannelse startede mindst 6 "
        "måneder før opgørelsesdagen: andelen, der stadig var i job eller uddannelse 6 måneder "
        "efter starten.",
        "Of young people enrolled during the period whose first job or education started at "
        "least 6 months before the as-of day: the share still in job or education 6 months "
        "after that start.",
    ),
    Kpi(
        "job_in_host_company_share",
        "share",
        "kpi_outcomes",
        "Job i praktikvirksomhed",
        "Job in a host company",
        "Af job startet i perioden af unge, der forinden havde startet et praktikforløb: "
        "andelen, hvor arbejdsgiveren er en af de virksomheder, den unge var i praktik hos.",
        "Of jobs started during the period by young people who had started a placement "
        "before: the share where the employer is one of the companies that hosted them.",
    ),
]

KPI_BY_KEY = {k.key: k for k in KPIS}
QUERIES = list(dict.fromkeys(k.query for k in KPIS))
# The KPIs each query computes, in the list's order.
BY_QUERY = {query: [k for k in KPIS if k.query == query] for query in QUERIES}

COMMON_RULES_DA = (
    "En periode omfatter både første og sidste dag. Et forløb overlapper perioden, når det "
    "starter senest på periodens sidste dag og ikke slutter før dens første dag. "
    "'X måneder efter' en dag regnes som i kalenderen (31. januar + 1 måned = 29. februar). "
    "En andel uden nogen i nævneren vises tom, aldrig som 0. Job og uddannelse, der startede "
    "før indskrivningen, tæller ikke som første resultat. Alder er periodens startår minus "
    "fødselsåret."
)
COMMON_RULES_EN = (
    "A period includes its first and last day. A spell overlaps the period when it starts on "
    "or before the period's last day and does not end before its first day. 'X months after' "
    "a day follows the calendar (31 January + 1 month = 29 February). A share with nobody in "
    "its denominator is empty, never 0. Jobs and education that started before enrolment "
    "never count as a first outcome. Age is the period's start year minus the birth year."
)


# --- the cohort with full follow-up ----------------------------------------------------------

# The 12-month outcome figures and retention, which the dashboard and the presentation measure
# on the cohort with full follow-up (`outcome_cohort`), whatever period is chosen. The command
# line (`compute_kpis`) keeps the chosen period for every KPI.
COHORT_KEYS = ("outcome_12m_share", "education_12m_share", "job_12m_share", "retained_6m_share")
# The queries of the cohort KPIs: all a cohort's frame needs (`with_cohort` takes nothing else).
COHORT_QUERIES = tuple(dict.fromkeys(KPI_BY_KEY[k].query for k in COHORT_KEYS))

COHORT_RULE_DA = (
    "Resultaterne inden 12 måneder og fastholdelsen måles i dashboardet, præsentationen og "
    "Excel-projektmappen på "
    "kohorten med fuld opfølgning: de unge, der er indskrevet i de seneste 12 måneder, hvis "
    "indskrivning er mindst 12 måneder før opgørelsesdagen (med standardperioden: indskrevet "
    "12-24 måneder før opgørelsesdagen). Har hele den valgte periode fuld opfølgning, måles de "
    "på den. Kohortens datoer står under tallet. Kommandolinjen (`python -m nextwork kpis`) "
    "måler alle nøgletal på den valgte periode."
)
COHORT_RULE_EN = (
    "The dashboard, the presentation and the Excel workbook measure the 12-month outcomes and "
    "retention on the "
    "cohort with full follow-up: the young people enrolled in the latest 12 months whose "
    "enrolment is at least 12 months before the as-of day (for the default period: enrolled "
    "12-24 months before the as-of day). When the whole chosen period has full follow-up, they "
    "are measured on it. The cohort's dates are stated under the figure. The command line "
    "(`python -m nextwork kpis`) measures every KPI on the chosen period."
)


def with_cohort(frame: pd.DataFrame, cohort: pd.DataFrame) -> pd.DataFrame:
    """`frame` (a `kpi_frame`) with the rows of the cohort KPIs taken from `cohort` (the
    `kpi_frame` of the cohort's period), in the same order."""
    keep = frame[~frame["key"].isin(COHORT_KEYS)]
    taken = cohort[cohort["key"].isin(COHORT_KEYS)]
    merged = pd.concat([keep, taken], ignore_index=True)
    order = {k.key: i for i, k in enumerate(KPIS)}
    merged["_order"] = merged["key"].map(order)
    merged["_site"] = merged["municipality"].isna()
    merged = merged.sort_values(["_site", "municipality", "_order"], kind="stable")
    return merged.drop(columns=["_order", "_site"]).reset_index(drop=True)


def headline_frame(con: duckdb.DuckDBPyConnection, params: dict) -> pd.DataFrame:
    """`kpi_frame` as the dashboard shows it: the cohort KPIs on `outcome_cohort`."""
    frame = kpi_frame(con, params)
    first, last = outcome_cohort(params["start"], params["end"], params["as_of"])
    if (first, last) == (params["start"], params["end"]):
        return frame
    cohort = {**params, "start": first, "end": last}
    return with_cohort(frame, kpi_frame(con, cohort, COHORT_QUERIES))


def all_municipalities(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every municipality with data, in name order."""
    rows = con.execute(
        "select municipality from participants union select municipality from companies order by 1"
    ).fetchall()
    return [r[0] for r in rows]


def default_as_of(con: duckdb.DuckDBPyConnection) -> dt.date:
    """The day of the most recent successful import, or today when nothing is imported."""
    value = db.scalar(con, "select max(finished_at)::date from imports where status = 'ok'")
    return value or dt.date.today()


def kpi_frame(
    con: duckdb.DuckDBPyConnection, params: dict, queries: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """All KPIs, long form: municipality (None for the pooled total), key, value,
    numerator and denominator (None for counts), and the cell keys of the value (counts),
    numerator and denominator, which `disclosure` perturbs them by. With `queries`, only the
    KPIs of those queries (`COHORT_QUERIES` for `with_cohort`): the same rows for them."""
    frame = pd.DataFrame.from_records(
        kpi_records(con, params, cell_keys=True, queries=queries),
        columns=["municipality", "key", *NUMBER_COLUMNS],
    )
    if queries is None:
        return frame
    # the numbers as the whole frame holds them (there, counts and shares share the columns)
    return frame.astype(dict.fromkeys(NUMBER_COLUMNS, "float64"))


NUMBER_COLUMNS = (
    "value",
    "numerator",
    "denominator",
    "ckey_value",
    "ckey_numerator",
    "ckey_denominator",
)


def kpi_records(
    con: duckdb.DuckDBPyConnection,
    params: dict,
    cell_keys: bool = False,
    queries: tuple[str, ...] | None = None,
) -> list[dict]:
    """As `kpi_frame`, as plain records: counts stay integers, missing values are None."""
    records = []
    for query in queries or QUERIES:
        for row in db.records(con, query, params):
            municipality = row["municipality"]
            for kpi in BY_QUERY[query]:
                value = row[kpi.key]
                numerator = row.get(f"num_{kpi.key}")
                denominator = row.get(f"den_{kpi.key}")
                record = {
                    "municipality": None if pd.isna(municipality) else municipality,
                    "key": kpi.key,
                    "value": _clean(value, kpi.kind),
                    "numerator": _clean(numerator, "count"),
                    "denominator": _clean(denominator, "count"),
                }
                if cell_keys:
                    record["ckey_value"] = _clean(row.get(f"key_{kpi.key}"), "count")
                    record["ckey_numerator"] = _clean(row.get(f"key_num_{kpi.key}"), "count")
                    record["ckey_denominator"] = _clean(row.get(f"key_den_{kpi.key}"), "count")
                records.append(record)
    return records


def _clean(value, kind: str):
    if value is None or pd.isna(value):
        return None
    return int(value) if kind == "count" else float(value)


def compute_kpis(
    con: duckdb.DuckDBPyConnection,
    start: dt.date,
    end: dt.date,
    as_of: dt.date | None = None,
    municipalities: list[str] | None = None,
    target_groups: list[str] | None = None,
    genders: list[str] | None = None,
    age_bands: list[str] | None = None,
) -> dict:
    """Every KPI for the period, for the selection as a whole and per municipality."""
    as_of = as_of or default_as_of(con)
    chosen = municipalities if municipalities else all_municipalities(con)
    params = query_params(start, end, as_of, chosen, target_groups, genders, age_bands)
    records = kpi_records(con, params)
    out = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "as_of": as_of.isoformat(),
        "total": {},
        "by_municipality": {m: {} for m in sorted(chosen)},
    }
    for row in records:
        municipality = row["municipality"]
        target = out["total"] if municipality is None else out["by_municipality"][municipality]
        target[row["key"]] = row["value"]
    order = [k.key for k in KPIS]
    out["total"] = {k: out["total"][k] for k in order}
    for name, values in out["by_municipality"].items():
        out["by_municipality"][name] = {k: values[k] for k in order}
    return out
