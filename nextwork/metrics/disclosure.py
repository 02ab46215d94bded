"""Disclosure control: the one way figures reach a reader without exact rights.

Counts are perturbed by the cell-key method (as the Australian Bureau of Statistics'
TableBuilder and the UK Office for National Statistics' custom tables do). Every record
(young person, company, placement, activity, outcome) has a random record key, drawn at
import. The queries return, beside every count, the sum of the record keys of the records
in it: the cell key. A perturbation table in `config/settings.toml` maps the count and the
cell key to a small noise, so the same cell (the same records) always shows the same value,
whatever page, file or language shows it, and a total is perturbed on its own rather than
as the sum of its parts: subtracting one figure from another gives noise, not a person.

After perturbation a count from 1 to threshold - 1 reads "<5"; a share or ratio is computed
from the perturbed numerator and denominator and hidden when either is under the
threshold; a median or average about fewer than the threshold is hidden. `docs/privacy.md`
describes the threats and why this holds.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from nextwork import config
from nextwork.metrics.kpis import KPI_BY_KEY

KEY_PREFIX = "key_"  # the cell key of count column C is in column key_C
KPI_KEY_COLUMNS = ("ckey_value", "ckey_numerator", "ckey_denominator")


@dataclass(frozen=True)
class Table:
    """The perturbation table: for a count v (rows 1, 2, ...; the last row serves every
    larger count), the probability of each noise; a cell key picks one deterministically."""

    noise: tuple[int, ...]
    rows: dict[int, tuple[float, ...]]
    positions: int

    def row(self, value: int) -> tuple[float, ...]:
        return self.rows[min(value, max(self.rows))]

    def noise_for(self, value: int, cell_key: int) -> int:
        if value <= 0:
            return 0  # zero stays zero (and nothing is negative)
        return self._noise[min(value, max(self.rows))][int(cell_key) % self.positions]

    @functools.cached_property
    def _noise(self) -> dict[int, tuple[int, ...]]:
        """The noise of each row for each position of a cell key, worked out once: the
        position's point u = (position + 0.5) / positions falls in one noise's share of the
        row's cumulative probabilities."""
        out = {}
        for value, row in self.rows.items():
            picks = []
            for position in range(self.positions):
                u = (position + 0.5) / self.positions
                cumulative, pick = 0.0, self.noise[-1]
                for noise, p in zip(self.noise, row, strict=True):
                    cumulative += p
                    if u <= cumulative:
                        pick = noise
                        break
                picks.append(pick)
            out[value] = tuple(picks)
        return out

    def variance(self, value: int) -> float:
        return sum(p * n * n for n, p in zip(self.noise, self.row(value), strict=True))

    def check(self) -> None:
        for value, row in self.rows.items():
            if len(row) != len(self.noise):
                raise ValueError(f"perturbation row {value}: one probability per noise value")
            if not math.isclose(sum(row), 1.0, abs_tol=1e-9):
                raise ValueError(f"perturbation row {value}: probabilities must add up to 1")
            mean = sum(p * n for n, p in zip(self.noise, row, strict=True))
            if not math.isclose(mean, 0.0, abs_tol=1e-9):
                raise ValueError(f"perturbation row {value}: the noise must average 0")
            if any(p > 0 and value + n < 0 for n, p in zip(self.noise, row, strict=True)):
                raise ValueError(f"perturbation row {value}: a count cannot go below 0")


@functools.cache
def table() -> Table:
    privacy = config.settings()["privacy"]
    spec = privacy["perturbation"]
    return _table(
        tuple(int(n) for n in spec["noise"]),
        tuple((int(k), tuple(float(p) for p in v)) for k, v in spec.items() if k.isdigit()),
        int(spec.get("positions", 256)),
    )


@functools.lru_cache(maxsize=8)
def _table(noise: tuple[int, ...], rows: tuple, positions: int) -> Table:
    """The checked table for these settings, made once (its noise per key with it)."""
    result = Table(noise=noise, rows=dict(rows), positions=positions)
    result.check()
    return result


def threshold() -> int:
    return int(config.settings()["privacy"]["small_number_threshold"])


def label(limit: int | None = None) -> str:
    """What a hidden count reads."""
    return f"<{limit or threshold()}"


def explanation(language: str) -> str:
    """The one sentence every page, slide and file says about how its figures are protected."""
    small = label()
    if language == "en":
        return (
            "To protect the young people, counts are adjusted slightly (by at most "
            f"{max(table().noise)}), counts under {threshold()} read {small}, and shares "
            "built on them are hidden. Totals are adjusted on their own, so the parts need not "
            "add up to them exactly."
        )
    return (
        "For at beskytte de unge er tallene justeret en smule (højst "
        f"{max(table().noise)} op eller ned), tal under {threshold()} vises som {small}, og "
        "andele bygget på dem vises ikke. Totaler justeres for sig, så delene ikke altid "
        "summer præcist til dem."
    )


# What "too few behind this figure" says, in each place it is said: under a card or in a
# table ("færre end 5 bag tallet"), as a slide's sentence, after a dash in a table's note,
# and in a chart's legend on a share drawn grey (with the smallest n a share is drawn on).
_FEW = {
    "short": ("færre end {n} bag tallet", "fewer than {n} behind it"),
    "sentence": (
        "Færre end {n} bag tallet, så det vises ikke.",
        "Fewer than {n} behind the figure, so it is not shown.",
    ),
    "cell": ("færre end {n} bag den", "fewer than {n} behind it"),
    "share": ("færre end {n} bag andelen", "fewer than {n} behind the share"),
}


def explain(language: str, form: str = "short", limit: int | None = None) -> str:
    """The one wording of why a figure is not shown (or drawn grey): too few behind it.
    `form` is "short", "sentence", "cell" or "share" (see `_FEW`); `limit` is the number
    named, by default the small-number threshold."""
    if form not in _FEW:
        raise ValueError(f"unknown form {form!r}: one of {', '.join(_FEW)}")
    da, en = _FEW[form]
    return (en if language == "en" else da).format(n=threshold() if limit is None else limit)


def is_small(value, limit: int | None = None) -> bool:
    """A count from 1 to threshold - 1 (the ones that are not shown)."""
    limit = limit or threshold()
    return value is not None and not pd.isna(value) and 0 < value < limit


def perturb(value, cell_key) -> int | None:
    """The count as a reader without exact rights sees it (before small counts are hidden)."""
    if value is None or pd.isna(value):
        return None
    value = int(value)
    key = 0 if cell_key is None or pd.isna(cell_key) else int(cell_key)
    return value + table().noise_for(value, key)


def _perturb_column(values: pd.Series, keys: pd.Series) -> pd.Series:
    """`perturb` of each value with its key, the table read once."""
    noise = table().noise_for
    out = [
        None
        if v is None or pd.isna(v)
        else int(v) + noise(int(v), 0 if k is None or pd.isna(k) else int(k))
        for v, k in zip(values, keys, strict=True)
    ]
    return pd.Series(out, index=values.index, dtype=object)


def _ratio(numerator, denominator, is_share: bool):
    """numerator / denominator from perturbed counts; None (hidden) where either is small,
    or the denominator came out 0 though someone was there."""
    if numerator is None or denominator is None:
        return None
    if is_small(numerator) or is_small(denominator) or denominator <= 0:
        return None
    if is_share:
        numerator = min(numerator, denominator)
    return numerator / denominator


# --- the long KPI frame ------------------------------------------------------------------


def strip_kpis(frame: pd.DataFrame) -> pd.DataFrame:
    """The KPI frame as exact readers see it: without the cell keys."""
    return frame.drop(columns=[c for c in KPI_KEY_COLUMNS if c in frame])


def disclose_kpis(frame: pd.DataFrame, complement: pd.DataFrame | None = None) -> pd.DataFrame:
    """`kpis.kpi_frame`'s long form as a reader without exact rights sees it: counts
    perturbed, shares from the perturbed numerator and denominator, and `is_suppressed` true
    where a figure is hidden (`value`, `numerator` and `denominator` then None).

    `complement`, when the figures are for a group chosen by a filter (target group, gender,
    age band), is the same frame without that filter: a figure that, as shown, differs from
    the unfiltered one as shown by 1 to threshold - 1 is hidden too, so that a filter cannot
    single out a handful of people by what it leaves out. Only shown (perturbed) figures
    decide it: a rule on the exact ones would itself tell whether 1-4 people are left out.

    Medians (and other day figures) are rounded to whole weeks (`median_rounding_days`) and
    hidden about fewer than the threshold: a median of a few people is one person's value."""
    out = frame.copy()
    hidden = []
    values, numerators, denominators = [], [], []
    others = _complement_index(complement)
    for row in out.itertuples(index=False):
        kind = KPI_BY_KEY[row.key].kind
        num = perturb(row.numerator, getattr(row, "ckey_numerator", None))
        den = perturb(row.denominator, getattr(row, "ckey_denominator", None))
        if kind == "count":
            value = perturb(row.value, getattr(row, "ckey_value", None))
            hide = is_small(value)
        elif kind == "share":
            if num is not None and den is not None:
                num = min(num, den)  # a share is never above 1
            value = _ratio(num, den, is_share=True)
            hide = (
                row.denominator not in (None, 0)
                and not pd.isna(row.denominator)
                and (value is None)
            )
        else:  # a median (or average) is shown only about enough people, and rounded
            value = rounded_days(row.value)
            hide = (row.denominator or 0) > 0 and (den is None or den < threshold())
        if others is not None and _singles_out(row, others):
            hide = True
        hidden.append(bool(hide))
        values.append(None if hide else value)
        numerators.append(None if hide or kind == "count" else num)
        denominators.append(None if hide or kind == "count" else den)
    out["value"] = pd.Series(values, index=out.index, dtype=object)
    out["numerator"] = pd.Series(numerators, index=out.index, dtype=object)
    out["denominator"] = pd.Series(denominators, index=out.index, dtype=object)
    out["is_suppressed"] = hidden
    return strip_kpis(out)


def _complement_index(complement: pd.DataFrame | None) -> dict | None:
    if complement is None:
        return None
    return {
        (None if pd.isna(r.municipality) else r.municipality, r.key): r
        for r in complement.itertuples(index=False)
    }


def _singles_out(row, others: dict) -> bool:
    """Whether the unfiltered figure as shown differs from this one as shown by a small,
    non-zero count."""
    whole = others.get((None if pd.isna(row.municipality) else row.municipality, row.key))
    if whole is None:
        return False
    parts = ["numerator", "denominator"]
    if KPI_BY_KEY[row.key].kind == "count":
        parts.append("value")
    for part in parts:
        mine = perturb(getattr(row, part), getattr(row, f"ckey_{part}", None))
        theirs = perturb(getattr(whole, part), getattr(whole, f"ckey_{part}", None))
        if mine is None or theirs is None:
            continue
        if is_small(theirs - mine):
            return True
    return False


def rounded_days(value):
    """A median or average of days as readers without exact rights see it: to whole weeks."""
    if value is None or pd.isna(value):
        return None
    step = int(config.settings()["privacy"].get("median_rounding_days", 7))
    return float(round(float(value) / step) * step)


# --- wide query results ------------------------------------------------------------------

# Shares in query results whose parts are not a `num_`/`den_` pair: (query, column) ->
# (numerator column, denominator column) or (count column, [columns of the group whose
# perturbed counts add up to the denominator]).
SHARES: dict[tuple[str | None, str], tuple[str, str | list[str]]] = {
    (None, "share_returning"): ("count_returning", "count_hosting"),
    (None, "share_people"): ("count_people", "count_first_outcomes"),
    (None, "share_outcome"): ("count_outcome", "count_followed"),
    (None, "share_education"): ("count_education", "count_followed"),
    (None, "share_job"): ("count_job", "count_followed"),
    (None, "share_of_enrolled"): ("count_participants", "count_enrolled"),
    (None, "share_of_placed"): ("count_participants", ["municipality"]),
    (None, "share_of_ended"): ("count_placements", ["municipality"]),
    ("participant_composition", "share_of_active"): (
        "count_participants",
        ["municipality", "dimension"],
    ),
    ("placement_status", "share_of_active"): ("count_placements", ["municipality"]),
}


# Figures computed from a count and an amount that is not a count (money, staff): rebuilt
# from the perturbed count, or the amount beside them would give the exact count away.
# column -> (dividend, divisor); one of them is a count column.
DERIVED: dict[str, tuple[str, str]] = {
    "cost_per_participant": ("cost_dkk", "participants_active"),
    "cost_per_placement": ("cost_dkk", "placements_started"),
    "cost_per_outcome": ("cost_dkk", "count_first_outcomes"),
    "cost_per_retained_outcome": ("cost_dkk", "count_retained_outcomes"),
    "participants_per_fte": ("participants_active", "staff_fte"),
    "companies_per_fte": ("companies_in_network", "staff_fte"),
}


def count_columns(frame: pd.DataFrame) -> list[str]:
    """Columns holding counts of records: those with a cell key beside them, and those named
    as counts (`count_*`, `num_*`, `den_*`, a count KPI's key)."""
    return [
        c
        for c in frame.columns
        if not str(c).startswith(KEY_PREFIX)
        and (
            f"{KEY_PREFIX}{c}" in frame
            or str(c).startswith(("count_", "num_", "den_"))
            or (c in KPI_BY_KEY and KPI_BY_KEY[c].kind == "count")
        )
    ]


def strip_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A query's rows as exact readers see them: without the cell keys."""
    return frame.drop(columns=[c for c in frame.columns if str(c).startswith(KEY_PREFIX)])


def disclose_table(
    frame: pd.DataFrame, query: str | None = None, complement: pd.DataFrame | None = None
) -> pd.DataFrame:
    """A query's rows as a reader without exact rights sees them: every count perturbed by
    its cell key (a count with no cell key cannot be perturbed, so it is hidden), counts
    from 1 to threshold - 1 hidden (None, which pages show as "<5"), shares and ratios
    recomputed from the perturbed counts, medians and averages about too few hidden.

    `complement`, when the rows are for a group chosen by a filter, is the same query
    without that filter: a count that differs from its unfiltered row by 1 to threshold - 1
    is hidden (with what rests on it), as in `disclose_kpis`."""
    out = frame.copy()
    counts = count_columns(out)
    perturbed = {}
    for c in counts:
        key = f"{KEY_PREFIX}{c}"
        if key in out:
            perturbed[c] = _perturb_column(out[c], out[key])
        else:
            perturbed[c] = pd.Series([None] * len(out), index=out.index, dtype=object)
    if complement is not None and len(out):
        for c, singled_out in _singled_out_counts(out, complement, counts).items():
            perturbed[c] = pd.Series(
                [None if hide else v for v, hide in zip(perturbed[c], singled_out, strict=True)],
                index=out.index,
                dtype=object,
            )
    handled = set(counts)
    for c in out.columns:
        if c in handled or str(c).startswith(KEY_PREFIX):
            continue
        num, den = f"num_{c}", f"den_{c}"
        rule = SHARES.get((query, c)) or SHARES.get((None, c))
        if num in perturbed and den in perturbed:
            is_share = str(c).startswith("share_") or str(c).endswith(("_share", "_rate"))
            out[c] = _ratios(perturbed[num], perturbed[den], is_share)
        elif den in perturbed:  # a median or average about den_ records, to whole weeks
            enough = perturbed[den].map(lambda n: n is not None and n >= threshold())
            out[c] = out[c].map(rounded_days).astype(object).where(enough, None)
        elif rule is not None:
            part, whole = rule
            if isinstance(whole, list):
                shown = perturbed[part].map(lambda v: 0 if v is None else v)
                denominators = shown.groupby(
                    [out[g].fillna("\0") for g in whole], sort=False
                ).transform("sum")
                denominators = denominators.astype(object)
                out[c] = _ratios(perturbed[part], denominators, True)
            else:
                out[c] = _ratios(perturbed[part], perturbed[whole], True)
        elif c in DERIVED and any(part in perturbed for part in DERIVED[c]):
            dividend, divisor = DERIVED[c]
            top = perturbed.get(dividend, out[dividend])
            bottom = perturbed.get(divisor, out[divisor])
            count = perturbed[dividend if dividend in perturbed else divisor]
            out[c] = pd.Series(
                [
                    None if n is None or is_small(n) else _quotient(a, b)
                    for a, b, n in zip(top, bottom, count, strict=True)
                ],
                index=out.index,
                dtype=object,
            )
        elif str(c).startswith("share_"):
            out[c] = None  # a share this module does not know how to rebuild is not shown
        else:
            continue
        handled.add(c)
    for c in counts:
        out[c] = pd.Series(
            [None if v is None or is_small(v) else v for v in perturbed[c]],
            index=out.index,
            dtype=object,
        )
    return strip_table(out)


def _singled_out_counts(
    part: pd.DataFrame, whole: pd.DataFrame, counts: list[str]
) -> dict[str, pd.Series]:
    """Per count column, the rows whose unfiltered count as shown is larger than their own
    as shown by a small number. Rows are matched on the columns that are neither counts,
    keys nor decimals (municipality, month, category, ...)."""
    dims = [
        c
        for c in part.columns
        if c not in counts
        and not str(c).startswith(KEY_PREFIX)
        and not pd.api.types.is_float_dtype(part[c])
        and c in whole
    ]
    shared = [c for c in counts if c in whole and f"{KEY_PREFIX}{c}" in whole]
    if not dims or not shared:
        return {}
    keys = [f"{KEY_PREFIX}{c}" for c in shared]
    left = part[dims].reset_index()
    right = whole[dims + shared + keys].drop_duplicates(subset=dims)
    matched = left.merge(right, on=dims, how="left").set_index("index").reindex(part.index)
    out = {}
    for c in shared:
        theirs = _perturb_column(matched[c], matched[f"{KEY_PREFIX}{c}"])
        mine = (
            _perturb_column(part[c], part[f"{KEY_PREFIX}{c}"])
            if f"{KEY_PREFIX}{c}" in part
            else None
        )
        if mine is None:
            continue
        out[c] = pd.Series(
            [
                a is not None and b is not None and is_small(a - b)
                for a, b in zip(theirs, mine, strict=True)
            ],
            index=part.index,
        )
    return out


def _quotient(a, b):
    """a / b where both are known and b is positive."""
    if a is None or b is None or pd.isna(a) or pd.isna(b) or b <= 0:
        return None
    return a / b


def _ratios(numerators: pd.Series, denominators: pd.Series, is_share: bool) -> pd.Series:
    values = [_ratio(n, d, is_share) for n, d in zip(numerators, denominators, strict=True)]
    return pd.Series(values, index=numerators.index, dtype=object)


def noise_distribution(value: int) -> dict[int, float]:
    """How often each noise comes out for a count of `value` over every cell key position
    (the realised table, which the documentation quotes)."""
    t = table()
    counts = np.zeros(len(t.noise))
    for position in range(t.positions):
        counts[t.noise.index(t.noise_for(value, position))] += 1
    return {n: counts[i] / t.positions for i, n in enumerate(t.noise)}
