"""The comparison itself: each site's observed share against the share expected for its own
mix of young people (indirect standardisation on the counts of `strata`), and the funnel's
control limits (Spiegelhalter 2005) that say where a site lies."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from nextwork.metrics import disclosure
from nextwork.metrics.fair.counting import (
    RECORD_KEYS,
    check_by,
    check_key,
    default_strata,
    disclose,
    record_counts,
    site_counts,
    stratum_counts,
)
from nextwork.metrics.kpis import all_municipalities, default_as_of, query_params

# The funnel's control limits: two-sided coverage.
LEVELS = (0.95, 0.998)
READINGS = ("above_998", "above_95", "within", "below_95", "below_998")


# --- the comparison -------------------------------------------------------------------------


@dataclass
class Comparison:
    key: str
    by: tuple[str, ...]
    programme_n: int | None  # the pooled denominator (None: too few to show)
    programme_value: float | None  # the programme's share, the funnel's centre
    # One row per site: municipality, n, numerator, observed, expected, difference, ratio,
    # standardised, n_left_out (the site's people in strata left out), reading, limits.
    sites: pd.DataFrame
    # One row per stratum with someone in the KPI's denominator: its characteristics, the
    # programme's n, numerator and rate there, and whether it was left out (a site has
    # people there but the programme's n is too few to show, or came out 0 after the noise).
    programme_strata: pd.DataFrame
    left_out: list[tuple] = field(default_factory=list)


def _shown(value, suppressed: bool):
    """A count as used: with suppression, None when it is 1 to threshold - 1."""
    if value is None or pd.isna(value):
        return None
    return None if suppressed and disclosure.is_small(value) else int(value)


def compare(
    sites: pd.DataFrame,
    strata_counts: pd.DataFrame,
    key: str,
    by: tuple[str, ...],
    suppressed: bool = False,
) -> Comparison:
    """Observed against expected per site from `site_counts` and `stratum_counts` (or their
    `disclose`d versions, with `suppressed`: then a count of 1 to threshold - 1 is not shown,
    a stratum whose programme n is such is left out, and a site whose n or numerator is such
    has no observed share; rows with `is_exact` true keep their small counts)."""
    pooled = strata_counts[strata_counts["municipality"].isna()]
    programme_rows = []
    rates: dict[tuple, float] = {}
    left_out = []
    named = strata_counts[strata_counts["municipality"].notna()]
    populated = {
        tuple(getattr(r, d) for d in by)
        for r in named.itertuples(index=False)
        if r.denominator and r.denominator > 0
    }
    for row in pooled.itertuples(index=False):
        stratum = tuple(getattr(row, d) for d in by)
        if stratum not in populated and not row.denominator:
            continue  # nobody counted there (the people in it are outside the KPI's population)
        den = _shown(row.denominator, suppressed)
        num = _shown(row.numerator, False)
        usable = den is not None and den > 0 and num is not None
        shown = usable and _shown(num, suppressed) is not None  # its rate may be shown
        if usable:
            rates[stratum] = num / den
        else:
            left_out.append(stratum)
        programme_rows.append(
            {
                **dict(zip(by, stratum, strict=True)),
                "n": den,
                "numerator": _shown(row.numerator, suppressed) if usable else None,
                "rate": rates[stratum] if shown else None,
                "left_out": not usable,
            }
        )
    total = sites[sites["municipality"].isna()]
    p_n = _shown(total["denominator"].iloc[0], suppressed) if len(total) else None
    p_num = _shown(total["numerator"].iloc[0], suppressed) if len(total) else None
    p0 = p_num / p_n if p_n and p_num is not None else None

    # Each site's expected count and the people in strata left out, in one pass over the
    # strata (filtering them per site took longer than the rest for 98 sites).
    weights: dict = {}
    site_names = set(sites["municipality"].dropna())
    for part in named.itertuples(index=False):
        if part.municipality not in site_names or part.denominator <= 0:
            continue
        stratum = tuple(getattr(part, d) for d in by)
        site_weights = weights.setdefault(part.municipality, [0.0, 0.0, 0.0])
        if stratum in rates:
            site_weights[0] += part.denominator * rates[stratum]
            site_weights[1] += part.denominator
        else:
            site_weights[2] += part.denominator
    rows = []
    named = sites[sites["municipality"].notna()].sort_values("municipality")
    shown_n = []
    for site in named.itertuples(index=False):
        exact = bool(getattr(site, "is_exact", False)) or not suppressed
        shown_n.append((site, exact, _shown(site.denominator, not exact)))
    limits_by_n = _limits(sorted({n for _, _, n in shown_n if n}), p0)
    for site, exact, n in shown_n:
        num = _shown(site.numerator, not exact)
        weight, covered, left = weights.get(site.municipality, (0.0, 0.0, 0.0))
        observed = num / n if n and num is not None else None
        expected = weight / covered if covered > 0 else None
        difference = observed - expected if observed is not None and expected is not None else None
        ratio = observed / expected if observed is not None and expected else None
        limits = {}
        for level in LEVELS:
            low, high = limits_by_n[n][level] if n and p0 is not None else (None, None)
            limits[f"low_{level}"] = low
            limits[f"high_{level}"] = high
        rows.append(
            {
                "municipality": site.municipality,
                "is_exact": exact,
                "n": n,
                "numerator": num,
                "observed": observed,
                "expected": expected,
                "difference": difference,
                "ratio": ratio,
                "standardised": ratio * p0 if ratio is not None and p0 is not None else None,
                "n_left_out": int(left),
                "reading": _reading(difference, p0, limits_by_n.get(n)),
                **limits,
            }
        )
    return Comparison(
        key=key,
        by=by,
        programme_n=p_n,
        programme_value=p0,
        sites=pd.DataFrame(rows),
        programme_strata=pd.DataFrame(programme_rows),
        left_out=left_out,
    )


def counts(
    con: duckdb.DuckDBPyConnection, params: dict, key: str, by: tuple[str, ...]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The exact counts a comparison is made of: `site_counts` and `stratum_counts` (for
    `RECORD_KEYS` both from one query's rows, `record_counts`)."""
    if key in RECORD_KEYS:
        return record_counts(con, params, key, by)
    return site_counts(con, params, key), stratum_counts(con, params, key, by)


def from_counts(
    sites: pd.DataFrame,
    parts: pd.DataFrame,
    key: str,
    by: tuple[str, ...],
    exact: tuple[str, ...] | None = None,
) -> Comparison:
    """`compare` on the exact counts (`exact` None), or through the disclosure control for
    every site but those in `exact`."""
    if exact is None:
        return compare(sites, parts, key, by)
    return compare(disclose(sites, exact), disclose(parts, exact), key, by, suppressed=True)


def comparison(
    con: duckdb.DuckDBPyConnection,
    params: dict,
    key: str,
    by: tuple[str, ...] | None = None,
    exact: tuple[str, ...] | None = None,
) -> Comparison:
    """The fair comparison of `key` for the query parameters (the programme: every
    municipality in `params`). `exact` None: every figure exact; else the sites whose figures
    are exact, all others through the disclosure control."""
    key = check_key(key)
    by = check_by(by) if by else default_strata()
    return from_counts(*counts(con, params, key, by), key, by, exact)


def anonymised(sites: pd.DataFrame, named: set[str] | None) -> pd.DataFrame:
    """The sites' rows as a reader may see them: with `named` None every site by name; else
    only those in `named` by name, the others with no name (None) and no exact figures,
    ordered by n rather than by name, so that neither name nor place in a list says which
    is which."""
    if named is None:
        return sites.reset_index(drop=True)
    out = sites.copy()
    own = out["municipality"].isin(named)
    out.loc[~own, "municipality"] = None
    out["_own"] = own
    out = out.sort_values(["_own", "n"], ascending=[False, True], na_position="last")
    return out.drop(columns="_own").reset_index(drop=True)


def fair_json(
    con: duckdb.DuckDBPyConnection,
    start,
    end,
    key: str,
    as_of=None,
    by=None,
    municipalities: list[str] | None = None,
) -> tuple[dict, Comparison]:
    """The comparison as `python -m nextwork fair --json` prints it: {"kpi", "by", "start",
    "end", "as_of", "by_municipality": {NAME: {"n", "observed", "expected", "difference"}}},
    shares between 0 and 1 (None without anyone in the denominator), on the chosen period
    (as `kpis`), with every municipality in the database as the programme; and the
    comparison itself."""
    as_of = as_of or default_as_of(con)
    everyone = all_municipalities(con)
    chosen = sorted(municipalities) if municipalities else everyone
    scope = sorted(set(everyone) | set(chosen))
    result = comparison(con, query_params(start, end, as_of, scope), key, by)
    rows = {r["municipality"]: r for r in result.sites.to_dict("records")}

    def value(row, column):
        v = row.get(column) if row else None
        return None if v is None or pd.isna(v) else float(v)

    out = {
        "kpi": key,
        "by": list(result.by),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "as_of": as_of.isoformat(),
        "by_municipality": {},
    }
    for name in chosen:
        row = rows.get(name)
        out["by_municipality"][name] = {
            "n": int(row["n"]) if row and not pd.isna(row["n"]) else 0,
            "observed": value(row, "observed"),
            "expected": value(row, "expected"),
            "difference": value(row, "difference"),
        }
    return out, result


# --- funnel limits --------------------------------------------------------------------------


def binomial_limit(n: int, p0: float, q: float) -> float:
    """The q-quantile of Binomial(n, p0) / n, interpolated between whole numbers (the
    appendix of Spiegelhalter 2005): r is the smallest count with P(R <= r) >= q, and the
    limit is (r - a) / n with a = (P(R <= r) - q) / (P(R <= r) - P(R <= r - 1))."""
    return float(_binomial_limits(np.array([n]), p0, q, clip_nan=True)[0])


def _binomial_limits(n: np.ndarray, p0: float, q: float, clip_nan: bool = False) -> np.ndarray:
    """`binomial_limit` for each n at once. With `clip_nan`, a limit that is not a number
    (p0 outside 0-1, n below 1) is clipped to 0 as `min(1, max(0, x))` does; else it stays
    NaN (the drawn curve skips it)."""
    from scipy.stats import binom  # imported when needed: the command line starts faster

    r = binom.ppf(q, n, p0)
    at, below = binom.cdf(r, n, p0), binom.cdf(r - 1, n, p0)
    gap = at - below
    a = np.divide(at - q, gap, out=np.zeros_like(gap), where=at > below)
    if clip_nan:
        return np.fmin(1.0, np.fmax(0.0, (r - a) / n))
    return np.minimum(1.0, np.maximum(0.0, (r - a) / n))


def funnel_limits(n: int, p0: float, level: float) -> tuple[float, float]:
    """The lower and upper control limits as shares, for n people around the share p0, at a
    two-sided level (0.95 or 0.998)."""
    tail = (1 - level) / 2
    return binomial_limit(n, p0, tail), binomial_limit(n, p0, 1 - tail)


def _limits(ns: list[int], p0: float | None) -> dict[int, dict[float, tuple[float, float]]]:
    """`funnel_limits` at each of `LEVELS` for each n of `ns`: n -> level -> (low, high),
    computed for all n at once (one scipy call per quantile instead of one per site)."""
    if not ns or p0 is None:
        return {}
    n = np.array(ns)
    out: dict[int, dict[float, tuple[float, float]]] = {k: {} for k in ns}
    for level in LEVELS:
        tail = (1 - level) / 2
        lows = _binomial_limits(n, p0, tail, clip_nan=True)
        highs = _binomial_limits(n, p0, 1 - tail, clip_nan=True)
        for k, low, high in zip(ns, lows.tolist(), highs.tolist(), strict=True):
            out[k][level] = (low, high)
    return out


def reading(difference: float | None, n: int | None, p0: float | None) -> str | None:
    """Where a site lies in the funnel: above or below the 99.8 % or 95 % limits, or within
    them; None when it has no observed share. A site's observed - expected is set against
    the limits around the programme's share: p0 + difference is where it lies."""
    if difference is None or not n or p0 is None:
        return None
    return _reading(difference, p0, _limits([n], p0)[n])


def _reading(difference, p0, limits: dict[float, tuple[float, float]] | None) -> str | None:
    """`reading` from the site's limits (`_limits`)."""
    if difference is None or not limits or p0 is None:
        return None
    y = p0 + difference
    low95, high95 = limits[0.95]
    low998, high998 = limits[0.998]
    if y > high998:
        return "above_998"
    if y > high95:
        return "above_95"
    if y < low998:
        return "below_998"
    if y < low95:
        return "below_95"
    return "within"


def funnel_curve(p0: float, n_max: int, level: float, points: int = 80) -> pd.DataFrame:
    """The limits as differences from p0 for n from 1 to n_max (for drawing): `funnel_limits`
    for every n at once (the same quantiles and interpolation, on arrays)."""

    ns = sorted({max(1, round(n_max * (i / points) ** 2)) for i in range(1, points + 1)} | {1})
    n = np.array(ns)
    tail = (1 - level) / 2
    return pd.DataFrame(
        {
            "n": ns,
            "low": _binomial_limits(n, p0, tail) - p0,
            "high": _binomial_limits(n, p0, 1 - tail) - p0,
        }
    )
