"""The filters a page is drawn for, as a plain value: the `Filters` model, read from a link's
query parameters (`from_query`, with a notice for each value it cannot use) and written back
to them (`to_query`), the period presets, the period before, the cohort with full follow-up,
and the whole months readers without exact rights see.

No Streamlit and no database here: the sidebar (`nextwork.web.sidebar`) moves values
between the URL, the session and the widgets, and this module decides what they mean, so
that every rule can be tested on plain dictionaries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from nextwork import formats
from nextwork.i18n import LANGUAGES, t, value_label

# --- the period rules -------------------------------------------------------------------

FOLLOW_UP_MONTHS = 12


def plus_months(day: dt.date, months: int) -> dt.date:
    """`day` + months as in the calendar and in the SQL (31 January + 1 month = 29 February)."""
    return (pd.Timestamp(day) + pd.DateOffset(months=months)).date()


def has_full_follow_up(end: dt.date, as_of: dt.date) -> bool:
    """Whether everyone enrolled on or before `end` has 12 months of follow-up by `as_of`."""
    return plus_months(end, FOLLOW_UP_MONTHS) <= as_of


def outcome_cohort(start: dt.date, end: dt.date, as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The enrolment period the 12-month outcome figures are measured on: the chosen period
    when all of it has full follow-up by `as_of`, else the latest 12 months that have (the
    last enrolment day d with d + 12 months <= as_of, and the 12 months up to it)."""
    if has_full_follow_up(end, as_of):
        return start, end
    last = plus_months(as_of, -FOLLOW_UP_MONTHS)
    while has_full_follow_up(last + dt.timedelta(days=1), as_of):  # 29 Feb + 12 months
        last += dt.timedelta(days=1)
    first = plus_months(last + dt.timedelta(days=1), -FOLLOW_UP_MONTHS)
    return first, last


def previous_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period of the same length just before: when the period is whole months (a
    month, quarter, half-year, year) or runs from a day to the day before the same day some
    months later (the last 12 months), as many months before; else as many days before."""
    last = start - dt.timedelta(days=1)
    if start.day == 1 and (end + dt.timedelta(days=1)).day == 1:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        return plus_months(start, -months), last
    after = end + dt.timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    if months > 0 and after.day == start.day:
        return plus_months(start, -months), last
    return last - dt.timedelta(days=(end - start).days), last


def query_params(
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    municipalities: Sequence[str],
    target_groups: Sequence[str] | None = None,
    genders: Sequence[str] | None = None,
    age_bands: Sequence[str] | None = None,
) -> dict:
    """The named parameters every KPI query binds. An empty filter list means no filter."""
    return {
        "start": start,
        "end": end,
        "as_of": as_of,
        "municipalities": list(municipalities),
        "target_groups": list(target_groups) if target_groups else None,
        "genders": list(genders) if genders else None,
        "age_bands": list(age_bands) if age_bands else None,
    }


# --- the model --------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    start: dt.date
    end: dt.date
    as_of: dt.date
    municipalities: tuple[str, ...]
    target_groups: tuple[str, ...] = ()
    genders: tuple[str, ...] = ()
    age_bands: tuple[str, ...] = ()
    lang: str = "da"
    notices: tuple[str, ...] = field(default=(), compare=False)

    def params(self, **override) -> dict:
        """The KPI queries' parameters for these filters; `override` swaps any of them."""
        values = {
            "start": self.start,
            "end": self.end,
            "as_of": self.as_of,
            "municipalities": self.municipalities,
            "target_groups": self.target_groups,
            "genders": self.genders,
            "age_bands": self.age_bands,
        }
        values.update(override)
        return query_params(**values)

    def previous(self) -> Filters:
        """The period of the same length just before this one (`previous_period`: the
        half-year, quarter, month or year before when the period is one)."""
        start, end = previous_period(self.start, self.end)
        return replace(self, start=start, end=end, notices=())

    def cohort(self) -> Filters:
        """The filters with the period of the cohort with full follow-up, on which the
        12-month outcome figures are measured (`outcome_cohort`)."""
        start, end = outcome_cohort(self.start, self.end, self.as_of)
        return replace(self, start=start, end=end, notices=())

    def describe(self) -> str:
        """One line for chart subtitles and file headers."""
        parts = [f"{formats.date(self.start, self.lang)} – {formats.date(self.end, self.lang)}"]
        parts.append(", ".join(self.municipalities))
        for values, label in (
            (self.target_groups, t(self.lang, "målgruppe", "target group")),
            (self.genders, t(self.lang, "køn", "gender")),
            (self.age_bands, t(self.lang, "alder", "age")),
        ):
            if values:
                parts.append(f"{label}: " + ", ".join(value_label(v, self.lang) for v in values))
        return " · ".join(parts)


# --- the period presets -----------------------------------------------------------------

PRESET_LABELS = {
    "last12": ("Seneste 12 måneder", "Last 12 months"),
    "this_year": ("I år", "This year"),
    "last_year": ("Sidste år", "Last year"),
    "custom": ("Vælg datoer", "Custom range"),
}


def preset_range(preset: str, as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of a preset ("year_2023" is that calendar year) for the as-of
    day; ValueError for a name that is no preset (or "custom", which has no dates)."""
    if preset == "last12":
        start = (pd.Timestamp(as_of) - pd.DateOffset(years=1)).date() + dt.timedelta(days=1)
        return start, as_of
    if preset == "this_year":
        return dt.date(as_of.year, 1, 1), as_of
    if preset == "last_year":
        return dt.date(as_of.year - 1, 1, 1), dt.date(as_of.year - 1, 12, 31)
    if preset.startswith("year_") and preset[5:].isdigit():
        year = int(preset[5:])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    raise ValueError(preset)


def presets(first: dt.date, as_of: dt.date) -> list[str]:
    """The presets offered for data from `first` to `as_of`: the last 12 months, this year,
    last year, each calendar year before that back to the data's first, then custom."""
    years = [f"year_{y}" for y in range(as_of.year - 2, first.year - 1, -1)]
    return ["last12", "this_year", "last_year", *years, "custom"]


def known_preset(preset: str | None, first: dt.date, as_of: dt.date) -> str:
    """`preset` when it is offered for data from `first` to `as_of` (`presets`), else the
    last 12 months: a year that drops out of the list after an import, or a name that is
    no preset, falls back to the default."""
    return preset if preset in presets(first, as_of) else "last12"


def preset_label(preset: str, lang: str) -> str:
    if preset.startswith("year_"):
        return preset[5:]
    return t(lang, *PRESET_LABELS[preset])


def preset_of(start: dt.date, end: dt.date, first: dt.date, as_of: dt.date) -> str:
    """The first preset (of `presets(first, as_of)`) whose dates are `start` to `end`, else
    "custom"."""
    options = presets(first, as_of)[:-1]
    return next((p for p in options if preset_range(p, as_of) == (start, end)), "custom")


# --- the link ---------------------------------------------------------------------------

FIRST_YEAR = 2000  # no date in a link before this year is used

# The link's names of the list filters and the fields of `Filters` they set.
LIST_KEYS = (
    ("municipality", "municipalities"),
    ("target_group", "target_groups"),
    ("gender", "genders"),
    ("age_band", "age_bands"),
)


def parse_date(text: str | None) -> dt.date | None:
    """An ISO date (2024-03-01), or None for anything else."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def date_window(facts: Mapping) -> tuple[dt.date, dt.date]:
    """The days a link may name: the calendar years the data spans (from its first
    enrolment to its default as-of day), never before 2000."""
    first = max(dt.date(FIRST_YEAR, 1, 1), dt.date(facts["first_day"].year, 1, 1))
    last = max(first, dt.date(facts["as_of"].year, 12, 31))
    return first, last


def from_query(
    query: Mapping[str, str], facts: Mapping, groups: Mapping[str, Sequence[str]]
) -> tuple[Filters, list[str]]:
    """The filters a link asks for, and a notice ("start=2024-13-01, end=x") for each value
    it cannot use, which then takes its default.

    `query` is the link's parameters (one string each); `facts` the data's `municipalities`
    (those the reader may choose), default `as_of` day and `first_day`; `groups` the values
    allowed for `target_groups`, `genders` and `age_bands`. A date must be an ISO date in
    `date_window`, and a period's start not after its end (else the last 12 months up to
    the as-of day); a list keeps the values it may (none: every municipality, no group
    filter); the language is "da" or "en" (else Danish)."""
    notices = []
    lang = query.get("lang")
    if lang not in LANGUAGES:
        if "lang" in query:
            notices.append(f"lang={lang}")
        lang = "da"
    first, last = date_window(facts)

    def in_window(day: dt.date | None) -> dt.date | None:
        return day if day is not None and first <= day <= last else None

    as_of = in_window(parse_date(query.get("as_of")))
    if "as_of" in query and as_of is None:
        notices.append(f"as_of={query['as_of']}")
    as_of = as_of or facts["as_of"]
    start, end = in_window(parse_date(query.get("start"))), in_window(parse_date(query.get("end")))
    if ("start" in query or "end" in query) and (start is None or end is None or start > end):
        notices.append(f"start={query.get('start', '')}, end={query.get('end', '')}")
        start = end = None
    if start is None or end is None:
        start, end = preset_range("last12", as_of)
    lists = {}
    allowed = {"municipalities": facts["municipalities"], **groups}
    for key, name in LIST_KEYS:
        if key not in query:
            continue
        values = list(dict.fromkeys(v.strip() for v in query[key].split(",") if v.strip()))
        bad = [v for v in values if v not in allowed[name]]
        if bad:
            notices.append(f"{key}={','.join(bad)}")
        lists[name] = tuple(v for v in values if v in allowed[name])
    f = Filters(
        start=start,
        end=end,
        as_of=as_of,
        municipalities=lists.get("municipalities") or tuple(facts["municipalities"]),
        target_groups=lists.get("target_groups", ()),
        genders=lists.get("genders", ()),
        age_bands=lists.get("age_bands", ()),
        lang=lang,
        notices=tuple(notices),
    )
    return f, notices


def to_query(f: Filters, defaults: Mapping) -> dict[str, str]:
    """The link's parameters for the filters: the period always; the as-of day and the
    municipalities only where they are not the `defaults` (`as_of`, `municipalities`); the
    other lists where set; the language where it is not Danish."""
    wanted = {"start": f.start.isoformat(), "end": f.end.isoformat()}
    if f.as_of != defaults["as_of"]:
        wanted["as_of"] = f.as_of.isoformat()
    if set(f.municipalities) != set(defaults["municipalities"]):
        wanted["municipality"] = ",".join(f.municipalities)
    for key, name in LIST_KEYS[1:]:
        if getattr(f, name):
            wanted[key] = ",".join(getattr(f, name))
    if f.lang != "da":
        wanted["lang"] = f.lang
    return wanted


# --- whole months, for readers without exact rights -------------------------------------


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return (pd.Timestamp(day) + pd.offsets.MonthEnd(0)).date()


def coarse_dates(start: dt.date, end: dt.date, as_of: dt.date) -> tuple[dt.date, ...]:
    """Whole months: the as-of day on the last day of a month (the month before, unless it
    is one), and the period from the first day of its first month to the last day of its
    last, but not past that as-of day (a period wholly after it becomes the as-of day's
    month). Single days would let a reader count people by the day they enrolled, one day at
    a time, however each count is perturbed (a count of 0 is never moved)."""
    as_of = as_of if as_of == month_end(as_of) else month_start(as_of) - dt.timedelta(days=1)
    first, last = month_start(start), min(month_end(end), as_of)
    if last < first:
        first = month_start(last)
    return first, last, as_of


def coarse(f: Filters, everyone: Sequence[str], exact: bool) -> Filters:
    """The filters as a reader who does not see every site exactly may use them: whole
    months (`coarse_dates`); one site or all of those the reader may choose (`everyone`),
    unless the reader sees the chosen ones exactly (`exact`); and at most one value per
    group filter, with a notice for what was dropped. Each new combination of sites or
    groups is a new cell with its own noise, and averaging the differences of many of them
    would give a hidden count back."""
    start, end, as_of = coarse_dates(f.start, f.end, f.as_of)
    notices = list(f.notices)
    municipalities = f.municipalities
    chosen = set(municipalities)
    if 1 < len(chosen) < len(set(everyone)) and not exact:
        municipalities = tuple(everyone)
        notices.append(
            t(f.lang, "kommuner: én eller alle", "municipalities: one or all")
            + " ("
            + ", ".join(sorted(chosen))
            + ")"
        )
    groups = {}
    for name in ("target_groups", "genders", "age_bands"):
        values = getattr(f, name)
        groups[name] = values if len(values) <= 1 else ()
        if len(values) > 1:
            notices.append(
                t(f.lang, "højst én værdi: ", "at most one value: ")
                + ", ".join(value_label(v, f.lang) for v in values)
            )
    return Filters(start, end, as_of, municipalities, lang=f.lang, notices=tuple(notices), **groups)
