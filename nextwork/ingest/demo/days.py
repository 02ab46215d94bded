"""Day numbers for the demo generator: days since 1970 as numpy integers, the calendar
(weekdays, months, holidays) on whole arrays, and the index arithmetic that pairs attendees
with scheduled days."""

from __future__ import annotations

import datetime as dt

import numpy as np

FIRST_DAY = dt.date(2019, 1, 1)
FAR = 1_000_000  # a day number far beyond any `until`: "no end yet"
DAY_BITS = 16  # day numbers (days since 1970) fit in 16 bits until the year 2149
DAY_MASK = (1 << DAY_BITS) - 1


def day_number(d: dt.date) -> int:
    return (d - dt.date(1970, 1, 1)).days


def weekday_of(days: np.ndarray) -> np.ndarray:
    """Monday = 0; day 0 (1970-01-01) was a Thursday."""
    return (days + 3) % 7


def month_and_dom(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    d = days.astype("datetime64[D]")
    m = d.astype("datetime64[M]")
    return m.astype(np.int64) % 12 + 1, (d - m.astype("datetime64[D]")).astype(np.int64) + 1


def holiday(days: np.ndarray) -> np.ndarray:
    """Weeks without group meetings: July and Christmas to New Year."""
    month, dom = month_and_dom(days)
    return (month == 7) | ((month == 12) & (dom >= 22)) | ((month == 1) & (dom <= 2))


def back_to_weekday(days: np.ndarray, lo: np.ndarray | int) -> np.ndarray:
    """Move Saturdays and Sundays back to Friday, but not before `lo`."""
    wd = weekday_of(days)
    return np.maximum(days - np.maximum(wd - 4, 0), lo)


def expand(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For index ranges [lo, hi): one (owner, index) pair per index, owners in order."""
    n = np.maximum(hi - lo, 0)
    owner = np.repeat(np.arange(len(lo)), n)
    idx = np.arange(int(n.sum()), dtype=np.int64) + np.repeat(lo - (np.cumsum(n) - n), n)
    return owner, idx


def sched_key(owner: np.ndarray, days: np.ndarray) -> np.ndarray:
    return (owner.astype(np.int64) << DAY_BITS) + days


def attend(schedule: np.ndarray, owner: np.ndarray, first: np.ndarray, last: np.ndarray):
    """Pairs (attendee, schedule row) for the scheduled days of `owner` within [first, last].

    `schedule` is sorted `sched_key(owner, day)`; each attendee has one owner (a group or a
    municipality) and a window of days."""
    lo = np.searchsorted(schedule, sched_key(owner, first), side="left")
    hi = np.searchsorted(schedule, sched_key(owner, last), side="right")
    return expand(lo, hi)


def uniform_days(rng, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """A day from lo to hi, both included."""
    return lo + np.floor(rng.random(len(lo)) * (hi - lo + 1)).astype(np.int64)


def choice_rows(rng, probs: np.ndarray) -> np.ndarray:
    """One draw per row of a matrix of probabilities (rows sum to 1)."""
    cum = np.cumsum(probs, axis=1)
    u = rng.random(len(probs))[:, None] * cum[:, -1:]
    return (u >= cum).sum(axis=1)
