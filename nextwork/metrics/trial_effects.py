"""The trial's effect: what NExTWORK changes against the usual services.

Per site and week since randomisation, the difference in the share in job or education
(NExTWORK minus control) with Newcombe's 95 % interval (the hybrid score interval, method 10
of Newcombe 1998), computed by statsmodels. Pooled over the chosen sites by inverse-variance
weighting of the site differences with their Wald variances (fixed effect), and beside it the
DerSimonian-Laird random-effects estimate and I² (the share of the spread between sites
beyond chance, 0 when there is none), from statsmodels' meta-analysis.

A site enters the pooling only when both arms' counts are known and its Wald variance is
above 0 (a site where everyone, or nobody, in both arms is in job or education carries no
weight that can be computed). With one site in the pooling the pooled figures are that site's
own, with its Newcombe interval, and I² is not defined (None).
"""

from __future__ import annotations

import functools
import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from statsmodels.stats.meta_analysis import combine_effects
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

Z = 1.959963984540054  # the 97.5 % point of the standard normal distribution
WEEKS = (26, 52, 104)  # the weeks the page offers


@dataclass(frozen=True)
class SiteEffect:
    treated_n: int
    treated_k: int
    control_n: int
    control_k: int
    difference: float
    ci_low: float
    ci_high: float

    @property
    def wald_variance(self) -> float:
        p1 = self.treated_k / self.treated_n
        p0 = self.control_k / self.control_n
        return p1 * (1 - p1) / self.treated_n + p0 * (1 - p0) / self.control_n


@dataclass(frozen=True)
class Pooled:
    difference: float
    ci_low: float
    ci_high: float
    random_difference: float
    random_ci_low: float
    random_ci_high: float
    i2: float | None
    sites: int  # how many sites the pooling rests on


def _known(value) -> bool:
    return value is not None and not pd.isna(value)


def site_effect(treated_n, treated_k, control_n, control_k) -> SiteEffect | None:
    """The site's difference in shares with Newcombe's interval; None when a count is not
    known (suppressed) or an arm is empty."""
    counts = (treated_n, treated_k, control_n, control_k)
    if not all(_known(c) for c in counts):
        return None
    tn, tk, cn, ck = (int(c) for c in counts)
    if tn <= 0 or cn <= 0 or not (0 <= tk <= tn and 0 <= ck <= cn):
        return None
    low, high = confint_proportions_2indep(tk, tn, ck, cn, method="newcomb", compare="diff")
    return SiteEffect(tn, tk, cn, ck, tk / tn - ck / cn, float(low), float(high))


def pool(effects: list[SiteEffect]) -> Pooled | None:
    """The fixed-effect and DerSimonian-Laird pooled difference of the sites' effects; None
    when no site can be weighted."""
    usable = [e for e in effects if e.wald_variance > 0]
    if not usable:
        return None
    y = np.array([e.difference for e in usable])
    v = np.array([e.wald_variance for e in usable])
    if len(usable) == 1:  # nothing to pool: the site's own estimate and interval
        e = usable[0]
        return Pooled(e.difference, e.ci_low, e.ci_high, e.difference, e.ci_low, e.ci_high, None, 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        result = combine_effects(y, v, method_re="dl")
    fe, var_fe = float(result.mean_effect_fe), float(result.var_eff_w_fe)
    q, df = float(result.q), len(usable) - 1
    # DerSimonian-Laird truncates tau² at 0: with no spread beyond chance (Q <= df) the
    # random effect is the fixed one (statsmodels leaves tau² negative when Q is 0).
    if q > df and float(result.tau2) > 0:
        re, var_re = float(result.mean_effect_re), float(result.var_eff_w_re)
    else:
        re, var_re = fe, var_fe
    i2 = max(0.0, (q - df) / q) if q > 0 else 0.0
    fe_half, re_half = Z * math.sqrt(var_fe), Z * math.sqrt(var_re)
    return Pooled(fe, fe - fe_half, fe + fe_half, re, re - re_half, re + re_half, i2, len(usable))


def effects_at(arms: pd.DataFrame, week: int) -> dict:
    """The effects at `week` from `trial_arms` rows (one per site and week, the pooled rows
    with municipality None are ignored): `{"week", "by_municipality": {NAME: {...}},
    "pooled": {...} or None}`. A site whose counts are hidden or missing at that week is left
    out of `by_municipality` with its effect None."""
    rows = arms[(arms["weeks"] == week) & arms["municipality"].notna()]
    by_site: dict[str, dict | None] = {}
    found = []
    for r in rows.sort_values("municipality").itertuples():
        e = site_effect(r.count_randomised_nextwork, r.count_outcome_nextwork,
                        r.count_randomised_control, r.count_outcome_control)  # fmt: skip
        by_site[r.municipality] = None if e is None else asdict(e)
        if e is not None:
            found.append(e)
    pooled = pool(found)
    return {
        "week": int(week),
        "by_municipality": by_site,
        "pooled": None if pooled is None else {k: v for k, v in asdict(pooled).items()},
    }


def arm_share(k, n) -> tuple[float | None, float | None, float | None]:
    """One arm's share in job or education with its Wilson 95 % interval; Nones when a count
    is not known."""
    if not (_known(k) and _known(n)) or int(n) <= 0:
        return None, None, None
    k, n = min(int(k), int(n)), int(n)
    return (k / n, *_wilson(k, n))


@functools.lru_cache(maxsize=100_000)
def _wilson(k: int, n: int) -> tuple[float, float]:
    """The Wilson 95 % interval of k of n, worked out once per pair: the page draws the same
    arms' curves (a few hundred pairs) on every run."""
    low, high = proportion_confint(k, n, method="wilson")
    return float(low), float(high)


def curves(arms: pd.DataFrame) -> pd.DataFrame:
    """The arms' curves: one row per municipality (None = all chosen sites), arm and week,
    with `share`, `ci_low`, `ci_high` and the counts behind them."""
    out = []
    for r in arms.itertuples():
        for arm in ("nextwork", "control"):
            k, n = getattr(r, f"count_outcome_{arm}"), getattr(r, f"count_randomised_{arm}")
            share, low, high = arm_share(k, n)
            out.append(
                {
                    "municipality": r.municipality,
                    "arm": arm,
                    "weeks": int(r.weeks),
                    "randomised": n,
                    "in_job_or_education": k,
                    "share": share,
                    "ci_low": low,
                    "ci_high": high,
                }
            )
    return pd.DataFrame(
        out,
        columns=["municipality", "arm", "weeks", "randomised", "in_job_or_education", "share",
                 "ci_low", "ci_high"],
    )  # fmt: skip


def cost_per_outcome(cost_per_randomised: float | None, pooled: dict | None) -> dict:
    """The programme's cost per additional young person in job or education: the cost per
    young person randomised to NExTWORK divided by the effect (the extra share in job or
    education). Its interval divides by the effect's interval the other way round (the
    high effect gives the low cost). Not defined (None, `defined` false) when the effect's
    interval includes zero or lies below it, or the cost is not known."""
    out = {"value": None, "ci_low": None, "ci_high": None, "defined": False}
    if cost_per_randomised is None or pooled is None:
        return out
    d, low, high = pooled["difference"], pooled["ci_low"], pooled["ci_high"]
    if low <= 0 or d <= 0:
        return out
    return {
        "value": cost_per_randomised / d,
        "ci_low": cost_per_randomised / high,
        "ci_high": cost_per_randomised / low,
        "defined": True,
    }


WEEKS_PER_MONTH = 52 / 12


def months_off_benefit(arms: pd.DataFrame, week: int) -> float | None:
    """How many fewer months on benefits a young person randomised to NExTWORK spent than one
    in the control arm from randomisation to `week`: the area between the two arms' shares on
    benefits (control minus NExTWORK) over the weeks where both are known, by the trapezoid
    rule, in months of 52/12 weeks. From the pooled rows (municipality None); None without
    shares on benefits for at least two weeks up to `week`."""
    rows = arms[arms["municipality"].isna() & (arms["weeks"] <= week)].sort_values("weeks")
    points = []
    for r in rows.itertuples():
        treated = arm_share(r.count_benefits_nextwork, r.count_randomised_nextwork)[0]
        control = arm_share(r.count_benefits_control, r.count_randomised_control)[0]
        if treated is not None and control is not None:
            points.append((int(r.weeks), control - treated))
    if len(points) < 2:
        return None
    weeks = np.array([p[0] for p in points], dtype=float)
    gaps = np.array([p[1] for p in points])
    return float(np.trapezoid(gaps, weeks)) / WEEKS_PER_MONTH
