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
band and gender, so the people counted are exactly those of the KPI (no second definition).

Funnel limits (Spiegelhalter, "Funnel plots for comparing institutional performance", 2005):
the 2.5/97.5 % and 0.1/99.9 % quantiles of a binomial distribution with the site's n and the
programme's share, interpolated between whole numbers as in the paper's appendix, as shares;
a site outside the 95 % limits is unlikely to be there by chance alone (1 in 20), outside the
99.8 % limits very unlikely (1 in 500).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from nextwork import config
from nextwork.ingest import db
from nextwork.metrics import disclosure
from nextwork.metrics.kpis import KPI_BY_KEY

# The method in words, for the definitions page and docs/kpis.md (a test keeps them equal).
METHOD_DA = (
    "Kommunerne får ikke de samme unge, så en rangering af de rå andele belønner, hvem der "
    "henvises, ikke arbejdet. Den fair sammenligning (indirekte standardisering) deler de unge "
    "i grupper efter målgruppe og aldersgruppe (indstillingen `[fair] strata`; køn kan "
    "tilføjes) og finder programmets andel i hver gruppe, alle kommuner lagt sammen, med samme "
    "periode og regler. En kommunes **forventede** andel er summen over grupperne af "
    "kommunens antal i gruppen gange programmets andel der, delt med kommunens antal: den "
    "andel, kommunen ville nå med programmets resultater for sin egen blanding af unge. "
    "**Forskellen** er observeret minus forventet i procentpoint, **forholdet** observeret "
    "delt med forventet, og andelen **med programmets mix** er forholdet gange programmets "
    "andel. Grupper, hvor programmet ikke har nogen (eller for få til at vise dem), udelades, "
    "og det siges. Nævner og tæller er nøgletallets egne: de samme forespørgsler køres for "
    "hver gruppe. **Tragten** (Spiegelhalters funnel plot) viser hver kommunes forskel mod "
    "dens antal unge (n) med kontrolgrænser, der snævrer ind, jo flere unge der er: 95 %- og "
    "99,8 %-grænserne fra binomialfordelingen om programmets andel (interpoleret mellem hele "
    "tal). Inden for 95 %-grænserne kan forskellen være tilfældig; uden for 99,8 %-grænserne "
    "er den næsten sikkert ikke. En leder ser sin egen kommune præcist og de andre som "
    "punkter uden navn; alle uden præcise rettigheder ser tallene gennem kontrollen af små "
    "tal, uden filtrene for målgruppe, køn og alder."
)
METHOD_EN = (
    "The sites do not get the same young people, so a ranking of the raw shares rewards who "
    "is referred, not the work. The fair comparison (indirect standardisation) splits the "
    "young people into groups by target group and age band (the setting `[fair] strata`; "
    "gender can be added) and finds the programme's share in each group, every site pooled, "
    "on the same period and rules. A site's **expected** share is the sum over the groups of "
    "the site's number in the group times the programme's share there, divided by the site's "
    "number: the share the site would reach with the programme's results for its own mix of "
    "young people. The **difference** is observed minus expected in percentage points, the "
    "**ratio** observed divided by expected, and the share **with the programme's mix** is "
    "the ratio times the programme's share. Groups where the programme has nobody (or too "
    "few to show) are left out, and this is said. Numerator and denominator are the KPI's "
    "own: the same queries run for each group. The **funnel** (Spiegelhalter's funnel plot) "
    "shows each site's difference against its number of young people (n) with control "
    "limits that narrow as the number grows: the 95% and 99.8% limits of the binomial "
    "distribution around the programme's share (interpolated between whole numbers). Within "
    "the 95% limits the difference may be chance; beyond the 99.8% limits it almost "
    "certainly is not. A manager sees their own site exactly and the others as points "
    "without names; everyone without exact rights sees the figures through the small-number "
    "control, without the filters for target group, gender and age."
)

# The share KPIs about young people that can be compared fairly.
FAIR_KEYS = (
    "outcome_12m_share",
    "education_12m_share",
    "job_12m_share",
    "retained_6m_share",
    "placement_within_3m_share",
    "network_attendance_share",
)
# The characteristics the strata can be made of, and the KPI queries' filter for each.
DIMENSIONS = {"target_group": "target_groups", "age_band": "age_bands", "gender": "genders"}
DEFAULT_STRATA = ("target_group", "age_band")
# The funnel's control limits: two-sided coverage.
LEVELS = (0.95, 0.998)
READINGS = ("above_998", "above_95", "within", "below_95", "below_998")


def check_by(by) -> tuple[str, ...]:
    """The strata's characteristics in the fixed order target group, age band, gender; an
    unknown one is an error that names it."""
    chosen = set(by)
    unknown = sorted(chosen - DIMENSIONS.keys())
    if unknown:
        raise ValueError(
            f"unknown stratum characteristic {', '.join(unknown)}: use {', '.join(DIMENSIONS)}"
        )
    if not chosen:
        raise ValueError("the strata need at least one characteristic")
    return tuple(d for d in DIMENSIONS if d in chosen)


def default_strata() -> tuple[str, ...]:
    """`[fair] strata` in the settings, else target group and age band. A setting that is
    not a list of known characteristics is a ValueError naming the file and the setting."""
    value = config.settings().get("fair", {}).get("strata", DEFAULT_STRATA)
    where = f"{config.settings_path()}: [fair] strata = {value!r}"
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValueError(
            f'{where}: must be a list such as ["target_group", "age_band"] of '
            f"{', '.join(DIMENSIONS)}"
        )
    try:
        return check_by(value)
    except ValueError as e:
        raise ValueError(f"{where}: {e}") from None


def check_settings() -> None:
    """The fair comparison's settings, checked when the app, the app server or `serve`
    starts (they would otherwise fail only on a page): a ValueError that names the file,
    the setting and what is wrong."""
    default_strata()


STRATUM_NAMES = {
    "target_group": ("målgruppe", "target group"),
    "age_band": ("aldersgruppe", "age band"),
    "gender": ("køn", "gender"),
}


def strata_text(by, lang: str = "da") -> str:
    """The strata's characteristics in words: "målgruppe × aldersgruppe"."""
    return " × ".join(STRATUM_NAMES[d][0 if lang == "da" else 1] for d in by)


def check_key(key: str) -> str:
    if key not in FAIR_KEYS:
        raise ValueError(f"{key} cannot be compared fairly: use one of {', '.join(FAIR_KEYS)}")
    return key


# --- the counts, from the KPI engine's queries -------------------------------------------

COUNT_COLUMNS = ["numerator", "denominator", "ckey_numerator", "ckey_denominator"]


def _counts(wide: pd.DataFrame, key: str) -> pd.DataFrame:
    """A KPI query's rows as municipality (None = all pooled), numerator and denominator of
    `key`, with their cell keys."""
    out = pd.DataFrame(
        {
            "municipality": wide["municipality"].astype(object).where(wide["municipality"].notna()),
            "numerator": wide[f"num_{key}"],
            "denominator": wide[f"den_{key}"],
            "ckey_numerator": wide.get(f"key_num_{key}", 0),
            "ckey_denominator": wide.get(f"key_den_{key}", 0),
        }
    )
    out["municipality"] = [None if pd.isna(m) else m for m in out["municipality"]]
    for c in COUNT_COLUMNS:
        out[c] = out[c].fillna(0).astype(int)
    return out


def site_counts(con: duckdb.DuckDBPyConnection, params: dict, key: str) -> pd.DataFrame:
    """Numerator and denominator of `key` per site and for all of them pooled (municipality
    None), for the query parameters of `kpis.query_params`."""
    return _counts(db.run(con, KPI_BY_KEY[key].query, params), key)


def strata(con: duckdb.DuckDBPyConnection, params: dict, by: tuple[str, ...]) -> list[tuple]:
    """The strata (one value per characteristic of `by`) that someone in scope falls in."""
    present = db.run(con, "fair_strata", params)
    return sorted({tuple(row) for row in present[list(by)].itertuples(index=False)})


def stratum_counts(
    con: duckdb.DuckDBPyConnection, params: dict, key: str, by: tuple[str, ...]
) -> pd.DataFrame:
    """`site_counts` per stratum: the KPI's query run with each stratum as its filter. A
    column per characteristic of `by` says the stratum."""
    frames = []
    for stratum in strata(con, params, by):
        filtered = {**params, **{DIMENSIONS[d]: [v] for d, v in zip(by, stratum, strict=True)}}
        counts = site_counts(con, filtered, key)
        for d, v in zip(by, stratum, strict=True):
            counts[d] = v
        frames.append(counts)
    columns = ["municipality", *COUNT_COLUMNS, *by]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


# --- what readers without exact rights see ------------------------------------------------


def disclose(counts: pd.DataFrame, exact: tuple[str, ...] = ()) -> pd.DataFrame:
    """The counts as the disclosure control shows them: every numerator and denominator
    perturbed by its cell key (`disclosure.perturb`), except the rows of the sites in
    `exact` (a manager's own). The pooled rows (municipality None) are always perturbed.
    Nothing is hidden here: `compare` leaves out what cannot be shown."""
    out = counts.copy()
    for part in ("numerator", "denominator"):
        out[part] = [
            value if m is not None and m in exact else disclosure.perturb(value, cell_key)
            for m, value, cell_key in zip(
                out["municipality"], out[part], out[f"ckey_{part}"], strict=True
            )
        ]
    pairs = zip(out["numerator"], out["denominator"], strict=True)
    out["numerator"] = [min(n, d) for n, d in pairs]  # a share is never above 1
    out["is_exact"] = [m is not None and m in exact for m in out["municipality"]]
    return out


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

    rows = []
    named = sites[sites["municipality"].notna()].sort_values("municipality")
    for site in named.itertuples(index=False):
        exact = bool(getattr(site, "is_exact", False)) or not suppressed
        n = _shown(site.denominator, not exact)
        num = _shown(site.numerator, not exact)
        mine = strata_counts[strata_counts["municipality"] == site.municipality]
        weight = covered = left = 0.0
        for part in mine.itertuples(index=False):
            stratum = tuple(getattr(part, d) for d in by)
            if part.denominator <= 0:
                continue
            if stratum in rates:
                weight += part.denominator * rates[stratum]
                covered += part.denominator
            else:
                left += part.denominator
        observed = num / n if n and num is not None else None
        expected = weight / covered if covered > 0 else None
        difference = observed - expected if observed is not None and expected is not None else None
        ratio = observed / expected if observed is not None and expected else None
        limits = {}
        for level in LEVELS:
            low, high = funnel_limits(n, p0, level) if n and p0 is not None else (None, None)
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
                "reading": reading(difference, n, p0),
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
    """The exact counts a comparison is made of: `site_counts` and `stratum_counts`."""
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
    from nextwork.metrics.kpis import all_municipalities, default_as_of, query_params

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


# --- in words -------------------------------------------------------------------------------

READING_TEXT = {
    "above_998": (
        "over 99,8 %-grænsen: næsten sikkert ikke tilfældigt",
        "above the 99.8% limit: almost certainly not chance",
    ),
    "above_95": (
        "over 95 %-grænsen: næppe tilfældigt",
        "above the 95% limit: unlikely to be chance",
    ),
    "within": ("inden for den tilfældige variation", "within random variation"),
    "below_95": (
        "under 95 %-grænsen: næppe tilfældigt",
        "below the 95% limit: unlikely to be chance",
    ),
    "below_998": (
        "under 99,8 %-grænsen: næsten sikkert ikke tilfældigt",
        "below the 99.8% limit: almost certainly not chance",
    ),
}


def reading_text(reading_key: str | None, lang: str = "da") -> str:
    """Where a point lies in the funnel, in a few words."""
    if reading_key is None or pd.isna(reading_key):
        return ""
    da, en = READING_TEXT[reading_key]
    return da if lang == "da" else en


def sentence(name: str, difference: float | None, reading_key: str | None, lang: str = "da") -> str:
    """The plain reading of one site: "Vejle ligger over det forventede for sine unge, men
    inden for den tilfældige variation." (a difference under 0.05 points reads "på")."""
    da = lang == "da"
    if difference is None or pd.isna(difference) or reading_key is None or pd.isna(reading_key):
        return (
            f"{name}: for få unge til at vise en sammenligning."
            if da
            else f"{name}: too few young people to show a comparison."
        )
    where = "på" if round(abs(difference) * 100, 1) == 0 else "over" if difference > 0 else "under"
    if not da:
        where = {"på": "at", "over": "above", "under": "below"}[where]
        head = f"{name} is {where} what is expected for its young people"
        if reading_key == "within":
            return head + (", but within random variation." if where != "at" else ".")
        tail = {
            "above_95": "beyond the 95% limit: unlikely to be chance alone (1 in 20).",
            "below_95": "beyond the 95% limit: unlikely to be chance alone (1 in 20).",
            "above_998": "beyond the 99.8% limit: almost certainly not chance (1 in 500).",
            "below_998": "beyond the 99.8% limit: almost certainly not chance (1 in 500).",
        }[reading_key]
        return f"{head}, {tail}"
    head = f"{name} ligger {where} det forventede for sine unge"
    if reading_key == "within":
        return head + (", men inden for den tilfældige variation." if where != "på" else ".")
    tail = {
        "above_95": "uden for 95 %-grænsen: næppe tilfældigt (1 ud af 20).",
        "below_95": "uden for 95 %-grænsen: næppe tilfældigt (1 ud af 20).",
        "above_998": "uden for 99,8 %-grænsen: næsten sikkert ikke tilfældigt (1 ud af 500).",
        "below_998": "uden for 99,8 %-grænsen: næsten sikkert ikke tilfældigt (1 ud af 500).",
    }[reading_key]
    return f"{head}, {tail}"


def columns(lang: str = "da") -> dict[str, str]:
    """The table's column names in the reader's language."""
    da = lang == "da"
    return {
        "municipality": "Kommune" if da else "Municipality",
        "n": "n",
        "observed": "Observeret (%)" if da else "Observed (%)",
        "expected": "Forventet (%)" if da else "Expected (%)",
        "difference": "Forskel (pct.-point)" if da else "Difference (pp)",
        "ratio": "Forhold" if da else "Ratio",
        "standardised": "Med programmets mix (%)" if da else "With the programme's mix (%)",
        "reading": "Placering i tragten" if da else "Place in the funnel",
    }


def table(result: Comparison, sites: pd.DataFrame, lang: str = "da") -> pd.DataFrame:
    """The comparison as a table: the programme first, then each named site (`sites`, from
    `anonymised`; sites without a name are left out); shares and the difference in per cent
    with one decimal, the ratio with two; None where a figure is not shown."""
    names = columns(lang)

    def pct(value):
        return None if value is None or pd.isna(value) else round(float(value) * 100, 1)

    rows = [
        {
            names["municipality"]: "Programmet" if lang == "da" else "Programme",
            "n": result.programme_n,
            names["observed"]: pct(result.programme_value),
            names["expected"]: pct(result.programme_value),
            names["difference"]: None,
            names["ratio"]: None,
            names["standardised"]: pct(result.programme_value),
            names["reading"]: "",
        }
    ]
    for row in sites[sites["municipality"].notna()].itertuples(index=False):
        rows.append(
            {
                names["municipality"]: row.municipality,
                "n": None if pd.isna(row.n) else int(row.n),
                names["observed"]: pct(row.observed),
                names["expected"]: pct(row.expected),
                names["difference"]: pct(row.difference),
                names["ratio"]: None if pd.isna(row.ratio) else round(float(row.ratio), 2),
                names["standardised"]: pct(row.standardised),
                names["reading"]: reading_text(row.reading, lang),
            }
        )
    out = pd.DataFrame(rows)
    shares = [names[c] for c in ("observed", "expected", "difference", "ratio", "standardised")]
    return out.astype({"n": "Int64", **dict.fromkeys(shares, "float64")})


# --- funnel limits --------------------------------------------------------------------------


def binomial_limit(n: int, p0: float, q: float) -> float:
    """The q-quantile of Binomial(n, p0) / n, interpolated between whole numbers (the
    appendix of Spiegelhalter 2005): r is the smallest count with P(R <= r) >= q, and the
    limit is (r - a) / n with a = (P(R <= r) - q) / (P(R <= r) - P(R <= r - 1))."""
    from scipy.stats import binom  # imported when needed: the command line starts faster

    r = float(binom.ppf(q, n, p0))
    at, below = float(binom.cdf(r, n, p0)), float(binom.cdf(r - 1, n, p0))
    a = (at - q) / (at - below) if at > below else 0.0
    return min(1.0, max(0.0, (r - a) / n))


def funnel_limits(n: int, p0: float, level: float) -> tuple[float, float]:
    """The lower and upper control limits as shares, for n people around the share p0, at a
    two-sided level (0.95 or 0.998)."""
    tail = (1 - level) / 2
    return binomial_limit(n, p0, tail), binomial_limit(n, p0, 1 - tail)


def reading(difference: float | None, n: int | None, p0: float | None) -> str | None:
    """Where a site lies in the funnel: above or below the 99.8 % or 95 % limits, or within
    them; None when it has no observed share. A site's observed - expected is set against
    the limits around the programme's share: p0 + difference is where it lies."""
    if difference is None or not n or p0 is None:
        return None
    y = p0 + difference
    low95, high95 = funnel_limits(n, p0, 0.95)
    low998, high998 = funnel_limits(n, p0, 0.998)
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
    """The limits as differences from p0 for n from 1 to n_max (for drawing)."""
    ns = sorted({max(1, round(n_max * (i / points) ** 2)) for i in range(1, points + 1)} | {1})
    rows = []
    for n in ns:
        low, high = funnel_limits(n, p0, level)
        rows.append({"n": n, "low": low - p0, "high": high - p0})
    return pd.DataFrame(rows)
