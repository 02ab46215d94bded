"""Reading one figure from a KPI frame (`kpis.compute` and its disclosed copies): its value,
the number behind it and whether it was hidden as a small number; and the frame made wide
(`wide`), a row per municipality and columns per KPI, for a table. Cards, tables, the deck
and the workbook all read figures through here.

A frame is long: a row per KPI (`key`) and municipality (None for the pooled total) with
`value`, `numerator`, `denominator` and, once disclosed, `is_suppressed`. The row of each
(key, municipality) is found once per frame: a page or the deck reads thousands of single
figures from frames of a few thousand rows, and a scan for each was most of their time."""

from __future__ import annotations

import threading
import weakref

import pandas as pd

from nextwork.metrics.kpis import KPI_BY_KEY

# Keyed by the frame's id while the frame lives.
_INDEXES: dict[int, tuple[weakref.ref, dict]] = {}
_LOCK = threading.Lock()


def _position(frame: pd.DataFrame, key: str, municipality: str | None) -> int | None:
    """Where the first row of `key` for `municipality` (None: the total) is, or None."""
    with _LOCK:
        known = _INDEXES.get(id(frame))
        if known is None or known[0]() is not frame:
            index: dict = {}
            places = [None if pd.isna(m) else m for m in frame["municipality"]]
            for position, pair in enumerate(zip(frame["key"], places, strict=True)):
                index.setdefault(pair, position)
            ident = id(frame)
            known = (weakref.ref(frame, lambda _, i=ident: _INDEXES.pop(i, None)), index)
            _INDEXES[ident] = known
    return known[1].get((key, municipality))


def _cell(frame: pd.DataFrame, column: str, key: str, municipality: str | None):
    position = _position(frame, key, municipality)
    if position is None or column not in frame:
        return None
    cell = frame[column].iat[position]
    return None if cell is None or pd.isna(cell) else cell


def value(frame: pd.DataFrame, key: str, municipality: str | None = None):
    """A KPI's value: the pooled total, or one municipality's (None when empty or hidden)."""
    return _cell(frame, "value", key, municipality)


def hidden(frame: pd.DataFrame, key: str, municipality: str | None = None) -> bool:
    """Whether this KPI's figure was hidden as a small number."""
    return bool(_cell(frame, "is_suppressed", key, municipality))


def denominator(frame: pd.DataFrame, key: str, municipality: str | None = None) -> int | None:
    """The number behind a share (or median); None for counts."""
    n = _cell(frame, "denominator", key, municipality)
    return None if n is None else int(n)


def numerator(frame: pd.DataFrame, key: str, municipality: str | None = None) -> int | None:
    """The count a share is made of (None when hidden or empty)."""
    n = _cell(frame, "numerator", key, municipality)
    return None if n is None else int(n)


def wide(
    frame: pd.DataFrame,
    keys: list[str],
    municipalities: list[str | None],
    in_percent: bool = False,
) -> pd.DataFrame:
    """The long frame made wide, the one place a table of figures is shaped from it: a row
    per municipality of `municipalities` in that order (None: the pooled total), with
    `municipality` and, for each KPI of `keys` in that order, its value (`key`), numerator
    (`num_key`) and denominator (`den_key`), as the KPI queries name them, and whether it
    was hidden as a small number (`hidden_key`). A value that is empty, hidden or not in the
    frame is missing; counts are whole numbers. With `in_percent`, shares are in per cent
    with one decimal, as the pages' tables show them."""
    out = pd.DataFrame({"municipality": pd.Series(list(municipalities), dtype=object)})
    for key in keys:
        kind = KPI_BY_KEY[key].kind
        values = [value(frame, key, m) for m in municipalities]
        if kind == "count":
            out[key] = pd.array(values, dtype="Int64")
        else:
            if in_percent and kind == "share":
                values = [None if v is None else round(v * 100, 1) for v in values]
            out[key] = pd.Series(values, dtype="float64")
        out[f"num_{key}"] = pd.array([numerator(frame, key, m) for m in municipalities], "Int64")
        out[f"den_{key}"] = pd.array([denominator(frame, key, m) for m in municipalities], "Int64")
        out[f"hidden_{key}"] = [hidden(frame, key, m) for m in municipalities]
    return out
