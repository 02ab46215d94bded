"""The activity export contract (v1) as data: tables, columns, types and enum aliases.

The importer, the demo generator and the documentation all read this module, so the
contract is written down once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FORMATS = ("csv", "xlsx", "parquet")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # text | date | integer | number | boolean | enum | municipality | cpr
    required: bool = False
    enum: str | None = None  # key into ENUMS


@dataclass(frozen=True)
class Table:
    name: str
    required: bool
    columns: tuple[Column, ...]
    id_column: str | None = None  # unique within an export
    # Either participant_id or cpr identifies the young person; "required" or "optional".
    person: str | None = None
    extra: dict = field(default_factory=dict)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


# Canonical enum values, each with the aliases accepted on import (matched case-insensitively).
ENUMS: dict[str, dict[str, tuple[str, ...]]] = {
    "gender": {
        "female": ("female", "k", "kvinde", "f"),
        "male": ("male", "m", "mand"),
        "other": ("other", "andet"),
        "unknown": ("unknown", "ukendt"),
    },
    "target_group": {
        "activity_ready": ("activity_ready", "aktivitetsparat"),
        "education_ready": ("education_ready", "uddannelsesparat"),
        "job_ready": ("job_ready", "jobparat"),
        "other": ("other", "andet", "andre"),
    },
    "size_band": {
        "1-9": ("1-9",),
        "10-49": ("10-49",),
        "50-249": ("50-249",),
        "250+": ("250+",),
    },
    "end_reason": {
        "completed": ("completed", "gennemført", "gennemfoert"),
        "interrupted": ("interrupted", "afbrudt"),
        "other": ("other", "andet"),
    },
    "activity_type": {
        "youth_network_meeting": ("youth_network_meeting", "ungenetværksmøde"),
        "company_network_meeting": ("company_network_meeting", "virksomhedsnetværksmøde"),
        "joint_meeting": ("joint_meeting", "fællesmøde"),
        "individual_session": ("individual_session", "individuel samtale"),
        "company_visit": ("company_visit", "virksomhedsbesøg"),
        "other": ("other", "andet"),
    },
    "outcome_type": {
        "education": ("education", "uddannelse"),
        "job": ("job", "beskæftigelse"),
    },
}

# DB07 sections (Danmarks Statistik's industry code), letter -> Danish name.
DB07_SECTIONS: dict[str, str] = {
    "A": "Landbrug, skovbrug og fiskeri",
    "B": "Råstofindvinding",
    "C": "Fremstillingsvirksomhed",
    "D": "Energiforsyning",
    "E": "Vandforsyning og renovation",
    "F": "Bygge og anlæg",
    "G": "Handel",
    "H": "Transport",
    "I": "Hoteller og restauranter",
    "J": "Information og kommunikation",
    "K": "Finansiering og forsikring",
    "L": "Ejendomshandel og udlejning",
    "M": "Videnservice",
    "N": "Rejsebureauer, rengøring og anden operationel service",
    "O": "Offentlig administration, forsvar og politi",
    "P": "Undervisning",
    "Q": "Sundhed og socialvæsen",
    "R": "Kultur og fritid",
    "S": "Andre serviceydelser",
    "T": "Private husholdninger med ansatte",
    "U": "Ekstraterritoriale organisationer",
}

DB07_SECTIONS_EN: dict[str, str] = {
    "A": "Agriculture, forestry and fishing",
    "B": "Mining and quarrying",
    "C": "Manufacturing",
    "D": "Electricity and gas supply",
    "E": "Water supply and waste",
    "F": "Construction",
    "G": "Wholesale and retail trade",
    "H": "Transport",
    "I": "Accommodation and food",
    "J": "Information and communication",
    "K": "Finance and insurance",
    "L": "Real estate",
    "M": "Professional and scientific services",
    "N": "Administrative and support services",
    "O": "Public administration and defence",
    "P": "Education",
    "Q": "Health and social work",
    "R": "Arts and recreation",
    "S": "Other services",
    "T": "Households as employers",
    "U": "Extraterritorial organisations",
}

C = Column

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "participants",
            required=True,
            id_column="participant_id",
            person="required",
            columns=(
                C("participant_id", "text"),
                C("cpr", "cpr"),
                C("municipality", "municipality", required=True),
                C("enrolled_on", "date", required=True),
                C("exited_on", "date"),
                C("birth_year", "integer"),
                C("gender", "enum", enum="gender"),
                C("target_group", "enum", enum="target_group"),
                C("youth_network", "text"),
            ),
        ),
        Table(
            "companies",
            required=True,
            id_column="company_id",
            columns=(
                C("company_id", "text", required=True),
                C("name", "text"),
                C("municipality", "municipality", required=True),
                C("industry", "industry"),
                C("size_band", "enum", enum="size_band"),
                C("postcode", "integer"),
                C("latitude", "number"),
                C("longitude", "number"),
                C("joined_on", "date", required=True),
                C("left_on", "date"),
            ),
        ),
        Table(
            "placements",
            required=True,
            id_column="placement_id",
            person="required",
            columns=(
                C("placement_id", "text", required=True),
                C("participant_id", "text"),
                C("cpr", "cpr"),
                C("company_id", "text", required=True),
                C("started_on", "date", required=True),
                C("ended_on", "date"),
                C("end_reason", "enum", enum="end_reason"),
                C("chosen_by_participant", "boolean"),
                C("hours_per_week", "number"),
            ),
        ),
        Table(
            "activities",
            required=True,
            person="optional",
            columns=(
                C("activity_id", "text", required=True),
                C("activity_type", "enum", required=True, enum="activity_type"),
                C("municipality", "municipality", required=True),
                C("held_on", "date", required=True),
                C("participant_id", "text"),
                C("cpr", "cpr"),
                C("company_id", "text"),
            ),
        ),
        Table(
            "outcomes",
            required=True,
            person="required",
            columns=(
                C("participant_id", "text"),
                C("cpr", "cpr"),
                C("outcome_type", "enum", required=True, enum="outcome_type"),
                C("started_on", "date", required=True),
                C("ended_on", "date"),
                C("company_id", "text"),
            ),
        ),
        Table(
            "costs",
            required=False,
            columns=(
                C("municipality", "municipality", required=True),
                C("year", "integer", required=True),
                C("cost_dkk", "number", required=True),
                C("staff_fte", "number"),
            ),
        ),
    )
}

# Start and end column of each spell, checked for "end before start".
SPELLS: dict[str, tuple[str, str]] = {
    "participants": ("enrolled_on", "exited_on"),
    "companies": ("joined_on", "left_on"),
    "placements": ("started_on", "ended_on"),
    "outcomes": ("started_on", "ended_on"),
}

# Value ranges for number columns: (table, column) -> (low, high), both included.
RANGES: dict[tuple[str, str], tuple[float, float]] = {
    ("placements", "hours_per_week"): (0, 60),
    ("companies", "latitude"): (54.5, 57.8),
    ("companies", "longitude"): (8.0, 15.25),
    ("companies", "postcode"): (1000, 9999),
    ("costs", "cost_dkk"): (0, 1e12),
    ("costs", "staff_fte"): (0, 10_000),
    ("costs", "year"): (2000, 2100),
}

BOOLEAN_TRUE = ("true", "yes", "ja", "1")
BOOLEAN_FALSE = ("false", "no", "nej", "0")

DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y")

EARLIEST_DATE = "2000-01-01"
