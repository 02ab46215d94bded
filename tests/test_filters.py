"""The filter model (`nextwork.filters`) on plain dictionaries: what a link's parameters
mean, the notice a reader gets for each value that cannot be used, the period presets for a
fixed as-of day, the period before, the cohort with full follow-up, and the link written back.

Every expected date is worked out by hand in the row's comment."""

from __future__ import annotations

import datetime as dt

import pytest

from nextwork import filters
from nextwork.filters import Filters

D = dt.date.fromisoformat

# The data as the sidebar describes it: two sites, imported on 30 June 2025, the first
# young person enrolled in March 2023. A link may name days from 1 January 2023 to 31
# December 2025 (the calendar years of the data).
FACTS = {
    "municipalities": ["Horsens", "Vejle"],
    "as_of": D("2025-06-30"),
    "first_day": D("2023-03-15"),
}
GROUPS = {
    "target_groups": ("activity_ready", "education_ready", "job_ready", "other", "unknown"),
    "genders": ("female", "male", "other", "unknown"),
    "age_bands": ("under 18", "18-24", "25-29", "30+", "unknown"),
}
# The last 12 months up to 30 June 2025: 30 June 2024 + 1 day to 30 June 2025.
LAST12 = {"start": D("2024-07-01"), "end": D("2025-06-30"), "as_of": D("2025-06-30")}
BOTH = ("Horsens", "Vejle")

QUERIES = [
    # (the link's parameters, the Filters fields expected, the notices expected)
    ({}, {**LAST12, "municipalities": BOTH, "lang": "da"}, []),
    (
        {"start": "2024-01-01", "end": "2024-12-31"},
        {"start": D("2024-01-01"), "end": D("2024-12-31"), "as_of": D("2025-06-30")},
        [],
    ),
    (
        {"start": "2024-03-01", "end": "2024-05-31", "as_of": "2025-03-31"},
        {"start": D("2024-03-01"), "end": D("2024-05-31"), "as_of": D("2025-03-31")},
        [],
    ),
    # An as-of day alone moves the last 12 months with it: 1 January to 31 December 2024.
    ({"as_of": "2024-12-31"}, {"start": D("2024-01-01"), "end": D("2024-12-31")}, []),
    # A one-day period is a period.
    ({"start": "2024-05-01", "end": "2024-05-01"}, {"start": D("2024-05-01")}, []),
    ({"lang": "en"}, {"lang": "en", **LAST12}, []),
    # A tampered language: Danish, and the reader is told.
    ({"lang": "fr"}, {"lang": "da"}, ["lang=fr"]),
    ({"lang": "<script>alert(1)</script>"}, {"lang": "da"}, ["lang=<script>alert(1)</script>"]),
    # A bad date, an end before the start, half a period: the last 12 months.
    ({"start": "2024-13-01", "end": "x"}, LAST12, ["start=2024-13-01, end=x"]),
    ({"start": "2024-02-30", "end": "2024-12-31"}, LAST12, ["start=2024-02-30, end=2024-12-31"]),
    ({"start": "2024-12-31", "end": "2024-01-01"}, LAST12, ["start=2024-12-31, end=2024-01-01"]),
    ({"start": "2024-01-01"}, LAST12, ["start=2024-01-01, end="]),
    ({"end": "2024-12-31"}, LAST12, ["start=, end=2024-12-31"]),
    # Outside the data's window (1 January 2023 to 31 December 2025).
    ({"start": "2022-12-31", "end": "2023-06-30"}, LAST12, ["start=2022-12-31, end=2023-06-30"]),
    ({"start": "2025-01-01", "end": "2026-01-01"}, LAST12, ["start=2025-01-01, end=2026-01-01"]),
    ({"as_of": "2030-01-01"}, LAST12, ["as_of=2030-01-01"]),
    ({"as_of": "1999-12-31"}, LAST12, ["as_of=1999-12-31"]),
    ({"as_of": "30.06.2025"}, LAST12, ["as_of=30.06.2025"]),
    # A bad as-of day does not spoil a good period, and the reverse.
    (
        {"start": "2024-01-01", "end": "2024-12-31", "as_of": "never"},
        {"start": D("2024-01-01"), "end": D("2024-12-31"), "as_of": D("2025-06-30")},
        ["as_of=never"],
    ),
    # The sites: unknown ones dropped and named; none left means all of them.
    ({"municipality": "Vejle"}, {"municipalities": ("Vejle",)}, []),
    ({"municipality": "Vejle,Horsens"}, {"municipalities": ("Vejle", "Horsens")}, []),
    ({"municipality": " Vejle , Vejle,"}, {"municipalities": ("Vejle",)}, []),
    ({"municipality": "Atlantis"}, {"municipalities": BOTH}, ["municipality=Atlantis"]),
    (
        {"municipality": "Vejle,Atlantis,Ys"},
        {"municipalities": ("Vejle",)},
        ["municipality=Atlantis,Ys"],
    ),
    ({"municipality": ""}, {"municipalities": BOTH}, []),
    # The groups, by their codes.
    ({"target_group": "job_ready"}, {"target_groups": ("job_ready",)}, []),
    ({"target_group": "job_ready,gold"}, {"target_groups": ("job_ready",)}, ["target_group=gold"]),
    ({"gender": "female,male"}, {"genders": ("female", "male")}, []),
    ({"gender": "Kvinde"}, {"genders": ()}, ["gender=Kvinde"]),
    ({"age_band": "30+"}, {"age_bands": ("30+",)}, []),
    ({"age_band": "18-24,99"}, {"age_bands": ("18-24",)}, ["age_band=99"]),
    # A parameter the dashboard does not know (a preset is no parameter of the link).
    ({"period": "last99", "utm_source": "mail"}, {**LAST12, "municipalities": BOTH}, []),
    # Everything wrong at once: each value named once, in the link's order of the rules.
    (
        {"lang": "de", "as_of": "x", "start": "y", "municipality": "Atlantis", "gender": "z"},
        {**LAST12, "lang": "da", "municipalities": BOTH, "genders": ()},
        ["lang=de", "as_of=x", "start=y, end=", "municipality=Atlantis", "gender=z"],
    ),
]


@pytest.mark.parametrize(("query", "expected", "notices"), QUERIES)
def test_from_query(query, expected, notices):
    f, said = filters.from_query(query, FACTS, GROUPS)
    assert {name: getattr(f, name) for name in expected} == expected
    assert said == notices
    assert f.notices == tuple(notices)


def test_a_manager_link_to_another_site_is_refused():
    """For a manager of Vejle only Vejle is there to choose: a link naming Horsens shows
    Vejle, and says so."""
    f, said = filters.from_query(
        {"municipality": "Horsens"}, {**FACTS, "municipalities": ["Vejle"]}, GROUPS
    )
    assert f.municipalities == ("Vejle",)
    assert said == ["municipality=Horsens"]


CANONICAL = [
    {"start": "2024-07-01", "end": "2025-06-30"},
    {"start": "2024-01-01", "end": "2024-12-31", "lang": "en"},
    {"start": "2024-03-01", "end": "2024-05-31", "as_of": "2025-03-31", "municipality": "Vejle"},
    {
        "start": "2025-01-01",
        "end": "2025-06-30",
        "target_group": "job_ready,other",
        "gender": "female",
        "age_band": "18-24",
        "lang": "en",
    },
]


@pytest.mark.parametrize("query", CANONICAL)
def test_round_trip(query):
    f, said = filters.from_query(query, FACTS, GROUPS)
    assert said == []
    assert filters.to_query(f, FACTS) == query


@pytest.mark.parametrize(
    ("query", "written"),
    [
        # The defaults are left out: all sites, the data's as-of day, Danish.
        ({}, {"start": "2024-07-01", "end": "2025-06-30"}),
        ({"municipality": "Horsens,Vejle"}, {"start": "2024-07-01", "end": "2025-06-30"}),
        ({"as_of": "2025-06-30", "lang": "da"}, {"start": "2024-07-01", "end": "2025-06-30"}),
        # A bad value is written back as its default.
        (
            {"start": "2024-13-01", "end": "x", "lang": "xx"},
            {"start": "2024-07-01", "end": "2025-06-30"},
        ),
    ],
)
def test_to_query_leaves_the_defaults_out(query, written):
    f, _ = filters.from_query(query, FACTS, GROUPS)
    assert filters.to_query(f, FACTS) == written


AS_OF = D("2025-06-30")


@pytest.mark.parametrize(
    ("preset", "as_of", "dates"),
    [
        ("last12", AS_OF, ("2024-07-01", "2025-06-30")),
        ("this_year", AS_OF, ("2025-01-01", "2025-06-30")),
        ("last_year", AS_OF, ("2024-01-01", "2024-12-31")),
        ("year_2022", AS_OF, ("2022-01-01", "2022-12-31")),
        # 29 February 2024 less a year is 28 February 2023: from 1 March 2023.
        ("last12", D("2024-02-29"), ("2023-03-01", "2024-02-29")),
        # 1 March 2025 less a year is 1 March 2024: from 2 March 2024.
        ("last12", D("2025-03-01"), ("2024-03-02", "2025-03-01")),
        ("this_year", D("2025-01-01"), ("2025-01-01", "2025-01-01")),
    ],
)
def test_preset_range(preset, as_of, dates):
    assert filters.preset_range(preset, as_of) == (D(dates[0]), D(dates[1]))


@pytest.mark.parametrize("preset", ["custom", "last99", "year_", "year_twenty", ""])
def test_a_name_that_is_no_preset_has_no_dates(preset):
    with pytest.raises(ValueError):
        filters.preset_range(preset, AS_OF)


def test_the_presets_offered_reach_back_to_the_first_year():
    """Data from May 2021, as of 30 June 2025: this year is 2025, last year 2024, then the
    calendar years 2023, 2022 and 2021."""
    offered = filters.presets(D("2021-05-01"), AS_OF)
    assert offered == [
        "last12",
        "this_year",
        "last_year",
        "year_2023",
        "year_2022",
        "year_2021",
        "custom",
    ]
    assert filters.presets(D("2025-02-01"), AS_OF) == ["last12", "this_year", "last_year", "custom"]


@pytest.mark.parametrize(
    ("preset", "kept"),
    [
        ("year_2023", "year_2023"),
        ("custom", "custom"),
        ("year_2020", "last12"),  # before the data's first year
        ("last99", "last12"),
        (None, "last12"),
    ],
)
def test_an_unknown_preset_falls_back_to_the_last_12_months(preset, kept):
    assert filters.known_preset(preset, D("2021-05-01"), AS_OF) == kept


@pytest.mark.parametrize(
    ("dates", "as_of", "preset"),
    [
        (("2024-07-01", "2025-06-30"), AS_OF, "last12"),
        (("2025-01-01", "2025-06-30"), AS_OF, "this_year"),
        (("2024-01-01", "2024-12-31"), AS_OF, "last_year"),
        (("2023-01-01", "2023-12-31"), AS_OF, "year_2023"),
        (("2024-03-01", "2024-05-31"), AS_OF, "custom"),
        # As of New Year's Eve the last 12 months are this year: the first preset wins.
        (("2025-01-01", "2025-12-31"), D("2025-12-31"), "last12"),
    ],
)
def test_preset_of(dates, as_of, preset):
    assert filters.preset_of(D(dates[0]), D(dates[1]), D("2021-05-01"), as_of) == preset


def period(start: str, end: str, as_of: dt.date = AS_OF) -> Filters:
    return Filters(D(start), D(end), as_of, BOTH)


@pytest.mark.parametrize(
    ("chosen", "before"),
    [
        (("2024-01-01", "2024-12-31"), ("2023-01-01", "2023-12-31")),  # a year
        (("2025-01-01", "2025-06-30"), ("2024-07-01", "2024-12-31")),  # a half-year
        (("2024-03-01", "2024-03-31"), ("2024-02-01", "2024-02-29")),  # a month (leap year)
        (("2024-07-01", "2025-06-30"), ("2023-07-01", "2024-06-30")),  # the last 12 months
        (("2024-03-05", "2024-03-14"), ("2024-02-24", "2024-03-04")),  # ten days
    ],
)
def test_previous_period(chosen, before):
    f = period(*chosen)
    assert (f.previous().start, f.previous().end) == (D(before[0]), D(before[1]))
    assert f.previous().municipalities == BOTH and f.previous().as_of == AS_OF


@pytest.mark.parametrize(
    ("chosen", "as_of", "cohort"),
    [
        # 31 December 2024 + 12 months is after 30 June 2025: those enrolled 1 July 2023 to
        # 30 June 2024, the last 12 months with a full year of follow-up.
        (("2024-01-01", "2024-12-31"), AS_OF, ("2023-07-01", "2024-06-30")),
        (("2025-01-01", "2025-06-30"), AS_OF, ("2023-07-01", "2024-06-30")),
        # As of 31 December 2025 all of 2024 has had its year: the period itself.
        (("2024-01-01", "2024-12-31"), D("2025-12-31"), ("2024-01-01", "2024-12-31")),
    ],
)
def test_cohort(chosen, as_of, cohort):
    f = period(*chosen, as_of=as_of)
    assert (f.cohort().start, f.cohort().end) == (D(cohort[0]), D(cohort[1]))


def test_params_are_what_the_queries_bind():
    f = Filters(D("2024-01-01"), D("2024-12-31"), AS_OF, ("Vejle",), genders=("female",))
    assert f.params() == {
        "start": D("2024-01-01"),
        "end": D("2024-12-31"),
        "as_of": AS_OF,
        "municipalities": ["Vejle"],
        "target_groups": None,
        "genders": ["female"],
        "age_bands": None,
    }
    assert f.params(municipalities=BOTH, genders=())["municipalities"] == ["Horsens", "Vejle"]
    assert f.params(genders=())["genders"] is None


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("da", "1. jan. 2024 – 31. dec. 2024 · Horsens, Vejle · målgruppe: Jobparat · køn: Kvinde"),
        (
            "en",
            "1 Jan 2024 – 31 Dec 2024 · Horsens, Vejle · target group: Job-ready · gender: Female",
        ),
    ],
)
def test_describe(lang, line):
    f = Filters(
        D("2024-01-01"), D("2024-12-31"), AS_OF, BOTH, ("job_ready",), ("female",), lang=lang
    )
    assert f.describe() == line


@pytest.mark.parametrize(
    ("chosen", "exact", "expected", "notices"),
    [
        # Two sites of three, seen through the control: all three, and said.
        (
            {"municipalities": ("Horsens", "Vejle")},
            False,
            {"municipalities": ("Horsens", "Roskilde", "Vejle")},
            ["kommuner: én eller alle (Horsens, Vejle)"],
        ),
        # The same two, seen exactly (a manager of both): kept.
        (
            {"municipalities": ("Horsens", "Vejle")},
            True,
            {"municipalities": ("Horsens", "Vejle")},
            [],
        ),
        # Two genders: none; one target group: kept.
        (
            {"genders": ("female", "male"), "target_groups": ("job_ready",)},
            False,
            {"genders": (), "target_groups": ("job_ready",)},
            ["højst én værdi: Kvinde, Mand"],
        ),
    ],
)
def test_coarse(chosen, exact, expected, notices):
    """Readers without exact rights: whole months (5 January to 3 March 2024 becomes January
    to March; as of 15 June 2025 becomes 31 May 2025), one site or all, one value a group."""
    f = Filters(
        D("2024-01-05"),
        D("2024-03-03"),
        D("2025-06-15"),
        **{"municipalities": ("Vejle",), **chosen},
    )
    used = filters.coarse(f, ["Horsens", "Roskilde", "Vejle"], exact)
    assert (used.start, used.end, used.as_of) == (D("2024-01-01"), D("2024-03-31"), D("2025-05-31"))
    assert {name: getattr(used, name) for name in expected} == expected
    assert list(used.notices) == notices


def test_the_model_needs_neither_streamlit_nor_a_database():
    """Importing the filter model loads no Streamlit, no DuckDB and nothing of the project
    but the bottom layer (formats, the translator)."""
    import subprocess
    import sys

    code = (
        "import sys, nextwork.filters; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('streamlit', 'duckdb') "
        "or m.startswith('nextwork.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['nextwork.filters', 'nextwork.formats', 'nextwork.i18n']"
