"""Small-number suppression, as Danish statistics practice does it.

Primary: a count from 1 to threshold - 1 is not shown (it reads "<5"); a share whose
numerator or denominator is such a count is not shown either.
Secondary: where a total stands beside its parts, a part that was suppressed alone could
be worked out by subtraction, so the smallest other part is suppressed as well.
"""

from __future__ import annotations

import pandas as pd

from nextwork import config
from nextwork.kpis import KPI_BY_KEY


def threshold() -> int:
    return int(config.settings()["privacy"]["small_number_threshold"])


def is_small(value, limit: int) -> bool:
    return value is not None and not pd.isna(value) and 0 < value < limit


def label(limit: int | None = None) -> str:
    return f"<{limit or threshold()}"


def suppress_kpis(frame: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """`kpi_frame`'s long form with small figures hidden: `value`, `numerator` and
    `denominator` become None and `is_suppressed` is true.

    Primary: a count KPI of 1 to limit - 1; a share (or median) whose numerator or
    denominator is. Secondary, per KPI: the municipalities' figures add up to the total
    row, so when exactly one municipality's count is hidden, the smallest other one is too.
    """
    limit = limit or threshold()
    out = frame.copy()
    out["is_suppressed"] = False
    for i, row in out.iterrows():
        kind = KPI_BY_KEY[row["key"]].kind
        if kind == "count":
            small = is_small(row["value"], limit)
        else:
            small = is_small(row["numerator"], limit) or is_small(row["denominator"], limit)
        out.at[i, "is_suppressed"] = small
    for key, rows in out.groupby("key", sort=False):
        kind = KPI_BY_KEY[key].kind
        parts = rows[rows["municipality"].notna()]
        has_total = rows["municipality"].isna().any()
        hidden = parts[parts["is_suppressed"]]
        if has_total and len(hidden) == 1 and len(parts) > 1:
            measure = "value" if kind == "count" else "denominator"
            others = parts[~parts["is_suppressed"]].sort_values(measure, na_position="last")
            if len(others):
                out.at[others.index[0], "is_suppressed"] = True
    hide = out["is_suppressed"]
    out["value"] = out["value"].astype(object).where(~hide, None)
    out["numerator"] = out["numerator"].astype(object).where(~hide, None)
    out["denominator"] = out["denominator"].astype(object).where(~hide, None)
    return out


def count_columns(frame: pd.DataFrame) -> list[str]:
    """Columns holding counts of people, companies or placements: `count_*`, `num_*`,
    `den_*`, and those named after a count KPI (`participants_active`, ...)."""
    return [
        c
        for c in frame.columns
        if str(c).startswith(("count_", "num_", "den_"))
        or (c in KPI_BY_KEY and KPI_BY_KEY[c].kind == "count")
    ]


def suppress_table(frame: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """A query's rows with small counts hidden, for any query whose counts are in
    `count_*` (or `num_*`/`den_*`) columns and whose shares are in `share_*` columns.

    Primary: a count of 1 to limit - 1 is hidden; in a row with a hidden count every share
    is hidden too (a share's parts are counts of the same row). Secondary: within each
    group of rows that add up to a total shown beside them — the municipalities beside
    the pooled row (`municipality` empty), and the categories of one municipality — a
    single hidden cell makes the smallest other cell of that column hidden as well.
    """
    limit = limit or threshold()
    out = frame.copy()
    counts = count_columns(out)
    shares = [c for c in out.columns if c.startswith("share_")]
    mask = pd.DataFrame(False, index=out.index, columns=out.columns)
    for c in counts:
        mask[c] = out[c].map(lambda v: is_small(v, limit))
    dimensions = [
        c
        for c in out.columns
        if c not in counts
        and c not in shares
        and c != "municipality"
        and not pd.api.types.is_numeric_dtype(out[c])
    ]
    for _ in range(3):  # a cell hidden in one direction can leave a single one in the other
        before = int(mask.values.sum())
        if "municipality" in out:
            _secondary(out, mask, counts, by=dimensions, across="municipality")
        if dimensions and "municipality" in out:
            _secondary(out, mask, counts, by=["municipality"], across=dimensions[0])
        if int(mask.values.sum()) == before:
            break
    row_hidden = mask[counts].any(axis=1) if counts else pd.Series(False, index=out.index)
    for c in shares:
        mask[c] = row_hidden & out[c].notna()
    for c in counts + shares:
        out[c] = out[c].astype(object).where(~mask[c], None)
    return out


def _secondary(out, mask, counts, by: list[str], across: str) -> None:
    groups = out.groupby(by, dropna=False, sort=False) if by else [(None, out)]
    for _, rows in groups:
        if across == "municipality":
            parts = rows[rows["municipality"].notna()]
            if not rows["municipality"].isna().any():
                continue  # no total row beside these parts
        else:
            parts = rows
        if len(parts) < 2:
            continue
        for c in counts:
            hidden = mask.loc[parts.index, c]
            if hidden.sum() == 1:
                visible = parts.loc[~hidden & parts[c].fillna(0).gt(0), c]
                if len(visible):
                    mask.at[visible.astype(float).idxmin(), c] = True


def suppress_export(table: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """A table as it leaves the dashboard (CSV, Excel): counts of 1 to limit - 1 read
    "<5", shares in a row with such a count are left empty, and in a column where one
    count alone was hidden, the smallest other count is hidden too (a total row or the
    page's cards could otherwise give it away). Counts are the numeric columns with whole
    numbers and no "%" in their name; shares are those with "%"."""
    limit = limit or threshold()
    out = table.copy()
    numeric = [c for c in out.columns if pd.api.types.is_numeric_dtype(out[c])]
    shares = [c for c in numeric if "%" in str(c)]
    counts = [c for c in numeric if c not in shares and out[c].dropna().mod(1).eq(0).all()]
    mask = pd.DataFrame(False, index=out.index, columns=out.columns)
    for c in counts:
        mask[c] = out[c].map(lambda v: is_small(v, limit))
        if mask[c].sum() == 1:
            visible = out.loc[~mask[c] & out[c].fillna(0).gt(0), c]
            if len(visible):
                mask.at[visible.astype(float).idxmin(), c] = True
    row_hidden = mask[counts].any(axis=1) if counts else pd.Series(False, index=out.index)
    for c in shares:
        mask[c] = row_hidden
    for c in counts:
        out[c] = out[c].astype(object).where(~mask[c], label(limit))
    for c in shares:
        out[c] = out[c].astype(object).where(~mask[c], None)
    return out
