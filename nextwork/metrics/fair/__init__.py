"""Fair comparison of the sites: indirect standardisation and funnel limits.

The sites do not serve the same young people, so a raw ranking of a share rewards intake,
not practice. For a share KPI about young people, the young people are split into strata
(target group and age band by default, `[fair] strata` in the settings; gender too on
request). The programme's rate in each stratum is every site pooled, on the same period and
rules. A site's **expected** share is what it would reach with the programme's rate in each
stratum for its own mix: the sum over strata of (the site's denominator in the stratum x the
programme's rate there), divided by the site's denominator in those strata. Its
**observed** share is the KPI as everywhere else; the **difference** is observed - expected
and the **ratio** observed / expected; the **standardised** share is the ratio times the
programme's share, the share the site would show with the programme's mix.

Every figure comes from the KPI engine's own queries: the query of the KPI runs once for the
sites as a whole and once per stratum, with the stratum as the filter of target group, age
band and gender, so the people counted are exactly those of the KPI (no second definition);
for the 12-month outcomes and retention the sites and strata are counted from one query's
rows per young person, the rows the KPI's query counts (`counting.RECORD_KEYS`).

Funnel limits (Spiegelhalter, "Funnel plots for comparing institutional performance", 2005):
the 2.5/97.5 % and 0.1/99.9 % quantiles of a binomial distribution with the site's n and the
programme's share, interpolated between whole numbers as in the paper's appendix, as shares;
a site outside the 95 % limits is unlikely to be there by chance alone (1 in 20), outside the
99.8 % limits very unlikely (1 in 500).

The package's parts: `counting` (what is counted, per site and stratum), `model` (observed
against expected, the funnel limits) and `words` (the method, sentences, lines and table);
their names are read through the package (`fair.comparison`, `fair.sentence`).
"""

from nextwork.metrics.fair.counting import (
    COUNT_COLUMNS,
    DEFAULT_STRATA,
    DIMENSIONS,
    FAIR_KEYS,
    check_by,
    check_key,
    check_settings,
    default_strata,
    disclose,
    site_counts,
    strata,
    stratum_counts,
)
from nextwork.metrics.fair.model import (
    LEVELS,
    READINGS,
    Comparison,
    anonymised,
    binomial_limit,
    compare,
    comparison,
    counts,
    fair_json,
    from_counts,
    funnel_curve,
    funnel_limits,
    reading,
)
from nextwork.metrics.fair.words import (
    METHOD_DA,
    METHOD_EN,
    READING_TEXT,
    STRATUM_NAMES,
    columns,
    lines,
    reading_text,
    sentence,
    strata_text,
    table,
)

__all__ = [
    "COUNT_COLUMNS",
    "DEFAULT_STRATA",
    "DIMENSIONS",
    "FAIR_KEYS",
    "LEVELS",
    "METHOD_DA",
    "METHOD_EN",
    "READINGS",
    "READING_TEXT",
    "STRATUM_NAMES",
    "Comparison",
    "anonymised",
    "binomial_limit",
    "check_by",
    "check_key",
    "check_settings",
    "columns",
    "compare",
    "comparison",
    "counts",
    "default_strata",
    "disclose",
    "fair_json",
    "from_counts",
    "funnel_curve",
    "funnel_limits",
    "lines",
    "reading",
    "reading_text",
    "sentence",
    "site_counts",
    "strata",
    "strata_text",
    "stratum_counts",
    "table",
]
