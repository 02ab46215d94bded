"""Figures made once: a chart builder marked `@memo` keeps what it made for its last few
hundred inputs, and the other stores of made things (chart texts, maps) live here too, so
that `forget` clears them all."""

from __future__ import annotations

import collections
import datetime as dt
import functools
import hashlib
import threading

import pandas as pd
import plotly.graph_objects as go

# --- figures made once ---------------------------------------------------------------------
# A page draws the same charts for every reader of the same view, and plotly's figures are
# slow to build (each property checked as it is set). A builder marked `@memo` keeps the
# figures it made for its last few hundred inputs; a call with the same inputs (frames equal
# cell by cell, in the same order, with the same columns and types) gets a copy of the one
# made before, which the page may change freely. An input that cannot be compared so (a
# function, an object of unknown kind) makes the call build afresh. What is kept is the
# figure's dict: a figure made again from a checked figure's dict without checking each
# property anew (`_validate=False`) takes about a tenth of the time of `go.Figure(fig)`,
# which checks every property again, and less than building it.


class Unkeyable(Exception):
    pass


def fingerprint(value):
    if value is None or isinstance(value, (bool, int, str, dt.date, dt.datetime)):
        return (type(value).__name__, value)
    if isinstance(value, float):
        return ("float", repr(value))
    if isinstance(value, (pd.DataFrame, pd.Series)):
        try:
            rows = pd.util.hash_pandas_object(value, index=True).to_numpy()
        except TypeError as e:  # cells that cannot be hashed (lists)
            raise Unkeyable from e
        columns = tuple(value.columns) if isinstance(value, pd.DataFrame) else (value.name,)
        types = tuple(map(repr, value.dtypes)) if isinstance(value, pd.DataFrame) else value.dtype
        return (type(value).__name__, columns, repr(types), hashlib.sha1(rows.tobytes()).digest())
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(fingerprint(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple((fingerprint(k), fingerprint(v)) for k, v in value.items()))
    if hasattr(value, "item") and getattr(value, "ndim", None) == 0:  # a numpy number
        return fingerprint(value.item())
    raise Unkeyable(type(value).__name__)


MADE: collections.OrderedDict = collections.OrderedDict()
MADE_LOCK = threading.Lock()
MADE_MAX = 300


def forget() -> None:
    """Forget every figure made (for a benchmark's cold render)."""
    with MADE_LOCK:
        MADE.clear()
        TEXTS.clear()
        MAPS.clear()


def memo(builder):
    @functools.wraps(builder)
    def made(*args, **kwargs):
        try:
            key = (builder.__name__, fingerprint(args), fingerprint(kwargs))
        except Unkeyable:
            return builder(*args, **kwargs)
        with MADE_LOCK:
            kept = MADE.get(key)
            if kept is not None:
                MADE.move_to_end(key)
        if kept is None:
            fig = builder(*args, **kwargs)
            with MADE_LOCK:
                MADE[key] = fig.to_dict()  # a copy: what is kept is never changed
                while len(MADE) > MADE_MAX:
                    MADE.popitem(last=False)
            return fig
        return go.Figure(kept, _validate=False)  # its own copy of what was kept

    return made


# A chart's name, description and table of numbers, by its figure (`on_page`).
TEXTS: collections.OrderedDict = collections.OrderedDict()
# A map of every company is a few MB of JSON: only the last few are kept.
MAPS: collections.OrderedDict = collections.OrderedDict()
MAPS_MAX = 8
