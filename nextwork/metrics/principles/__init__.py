"""The indicators of fidelity to NExTWORK's three principles (Mange til mange, Arbejdsidentitet,
Magtskifte): one list, read by the Principper page, the definitions page and docs/kpis.md.

Each indicator says what it counts, in Danish and English, and why it matters for its
principle. Most are computed by `queries/principle_indicators.sql`; the ones that are KPIs
come from the KPI engine, so a figure that is both means the same everywhere.

`registry` holds the list (the texts, kinds and queries), `compute` the figures; both are
read through this package (`principles.INDICATORS`, `principles.compute`). What a reader
sees of them (texts, heatmap cells, tables) is `nextwork.present.principle_tables`.
"""

from nextwork.metrics.principles.compute import (
    COLUMNS,
    compute,
    distance,
    indicator_frame,
    with_medians,
)
from nextwork.metrics.principles.registry import (
    INDICATOR_BY_KEY,
    INDICATORS,
    PRINCIPLE_BY_KEY,
    PRINCIPLES,
    QUERY,
    Indicator,
    Principle,
)

__all__ = [
    "COLUMNS",
    "INDICATORS",
    "INDICATOR_BY_KEY",
    "PRINCIPLES",
    "PRINCIPLE_BY_KEY",
    "QUERY",
    "Indicator",
    "Principle",
    "compute",
    "distance",
    "indicator_frame",
    "with_medians",
]
