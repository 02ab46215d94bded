"""What the Definitioner page lists beside the KPIs' own texts: the KPIs grouped by the
population they count, the kinds of figure, and each file of an export with what one row is
and which columns it needs, in Danish or English, read from the data contract."""

from __future__ import annotations

from dataclasses import dataclass

from nextwork.ingest import contract
from nextwork.metrics import kpis

# The KPIs are grouped by the population they count, which is the query computing them.
GROUPS = {
    "kpi_participants": ("Unge", "Young people"),
    "kpi_companies": ("Virksomheder", "Companies"),
    "kpi_placements": ("Praktikforløb", "Placements"),
    "kpi_first_placement": ("Praktikforløb", "Placements"),
    "kpi_outcomes": ("Resultater", "Outcomes"),
}
OTHER = ("Øvrige", "Other")
KINDS = {
    "count": ("antal", "count"),
    "share": ("andel", "share"),
    "days": ("dage", "days"),
    "ratio": ("forholdstal", "ratio"),
}
FILES = {  # what one row of each file is, after "én række pr." / "one row per"
    "participants": ("ung indskrevet i NExTWORK", "young person enrolled in NExTWORK"),
    "companies": (
        "virksomhed i en kommunes virksomhedsnetværk",
        "company in a municipality's company network",
    ),
    "placements": (
        "praktikforløb for én ung i én virksomhed",
        "placement of one young person at one company",
    ),
    "activities": (
        "deltagelse af én ung eller én virksomhed i en netværksaktivitet",
        "attendance of one young person or company at a network activity",
    ),
    "outcomes": (
        "forløb i uddannelse eller job for én ung",
        "spell of education or job for one young person",
    ),
    "costs": ("kommune og år", "municipality and year"),
}
MAY_BE_EMPTY = {"placements", "activities", "outcomes"}


def kpi_groups() -> dict[tuple[str, str], list[kpis.Kpi]]:
    """The KPIs by group (Danish and English name), in the order of the list of KPIs."""
    groups: dict[tuple[str, str], list[kpis.Kpi]] = {}
    for kpi in kpis.KPIS:
        groups.setdefault(GROUPS.get(kpi.query, OTHER), []).append(kpi)
    return groups


@dataclass(frozen=True)
class ExportFile:
    """One file of an export as the page describes it."""

    name: str
    status: str  # required (may be empty) or optional
    per_row: str  # what one row is
    required: list[str]
    optional: list[str]


def export_files(lang: str) -> list[ExportFile]:
    """Every file of the data contract, in `lang` ("da" or "en")."""
    en = lang == "en"
    files = []
    for name, table in contract.TABLES.items():
        # The young person is named by participant_id or cpr: one of the two columns.
        person = [("participant_id eller cpr", "participant_id or cpr")[en]]
        others = [
            c for c in table.columns if not table.person or c.name not in ("participant_id", "cpr")
        ]
        required = [c.name for c in others if c.required]
        optional = [c.name for c in others if not c.required]
        if table.person == "required":
            required = person + required
        elif table.person == "optional":
            optional = person + optional
        status = ("valgfri", "optional")[en]
        if table.required:
            status = ("påkrævet", "required")[en]
            if name in MAY_BE_EMPTY:
                status += (", må være tom", ", may be empty")[en]
        per_row = FILES.get(name, (name, name))[en]
        files.append(ExportFile(name, status, per_row, required, optional))
    return files
