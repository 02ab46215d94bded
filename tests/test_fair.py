"""The fair comparison (indirect standardisation and funnel limits) on the small export of
`tests/fair_export.py`, whose docstring tables the young people per site and stratum.

Worked by hand from that table, for "in job or education within 12 months" in 2024, strata
target group x age band (the programme's rates 1/3, 1/4, 3/4, 2/3; its share 13/24):

    Roskilde    expected (4*1/3 + 2*1/4 + 1*3/4 + 1*2/3) / 8 = 3.25 / 8 = 13/32 = 0.40625
                observed 2/8 = 0.25; difference -0.15625; ratio 2 / 3.25 = 8/13
    Sønderborg  expected (1*1/3 + 1*1/4 + 4*3/4 + 2*2/3) / 8 = (59/12) / 8 = 59/96
                observed 6/8; difference 0.75 - 59/96 = 13/96; ratio 6 / (59/12) = 72/59
    Vejle       expected (1*1/3 + 1*1/4 + 3*3/4 + 3*2/3) / 8 = (29/6) / 8 = 29/48
                observed 5/8; difference 30/48 - 29/48 = 1/48; ratio 5 / (29/6) = 30/29

The expected counts add up to the programme's 13 (3.25 + 59/12 + 29/6 = 13), as indirect
standardisation must. By target group alone (rates 3/10 and 10/14): Roskilde expects
(6*3/10 + 2*5/7) / 8 = (1.8 + 10/7) / 8 = 113/280.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import math

import pandas as pd
import plotly.io
import pytest

from nextwork.ingest import db
from nextwork.metrics import fair
from nextwork.metrics.fair import counting
from nextwork.metrics.kpis import query_params
from tests.apptest import open_app, texts
from tests.fair_export import AS_OF, YEAR_2024, build_db
from tests.test_browser import browser  # noqa: F401 (the fixture)

SITES = ["Roskilde", "Sønderborg", "Vejle"]
YEAR_QUERY = "&".join(f"{k}={v}" for k, v in YEAR_2024.items())


@pytest.fixture(scope="module")
def fair_db(tmp_path_factory):
    return build_db(tmp_path_factory.mktemp("fair"))


@pytest.fixture(scope="module")
def con(fair_db):
    connection = db.connect(fair_db, read_only=True)
    yield connection
    connection.close()


def params(**override):
    values = {
        "start": dt.date(2024, 1, 1),
        "end": dt.date(2024, 12, 31),
        "as_of": AS_OF,
        "municipalities": SITES,
    }
    values.update(override)
    return query_params(**values)


def site(result: fair.Comparison, name: str):
    rows = result.sites[result.sites["municipality"] == name]
    assert len(rows) == 1, name
    return rows.iloc[0]


def test_expected_shares_by_target_group_and_age_band(con):
    result = fair.comparison(con, params(), "outcome_12m_share", ("target_group", "age_band"))
    assert result.by == ("target_group", "age_band")
    assert (result.programme_n, result.programme_value) == (24, pytest.approx(13 / 24))
    strata = result.programme_strata
    assert list(zip(strata["target_group"], strata["age_band"], strata["n"], strict=True)) == [
        ("activity_ready", "18-24", 6),
        ("activity_ready", "25-29", 4),
        ("education_ready", "18-24", 8),
        ("education_ready", "25-29", 6),
    ]
    assert list(strata["rate"]) == pytest.approx([1 / 3, 1 / 4, 3 / 4, 2 / 3])
    assert result.left_out == []
    hand = {
        "Roskilde": (8, 0.25, 13 / 32, -0.15625, 8 / 13),
        "Sønderborg": (8, 0.75, 59 / 96, 13 / 96, 72 / 59),
        "Vejle": (8, 0.625, 29 / 48, 1 / 48, 30 / 29),
    }
    for name, (n, observed, expected, difference, ratio) in hand.items():
        row = site(result, name)
        assert row["n"] == n
        assert row["observed"] == pytest.approx(observed)
        assert row["expected"] == pytest.approx(expected)
        assert row["difference"] == pytest.approx(difference)
        assert row["ratio"] == pytest.approx(ratio)
        assert row["standardised"] == pytest.approx(ratio * 13 / 24)
        assert row["n_left_out"] == 0
    expected_counts = sum(site(result, m)["expected"] * 8 for m in SITES)
    assert expected_counts == pytest.approx(13)


def test_expected_shares_by_target_group_alone(con):
    result = fair.comparison(con, params(), "outcome_12m_share", ("target_group",))
    assert list(result.programme_strata["rate"]) == pytest.approx([3 / 10, 10 / 14])
    assert site(result, "Roskilde")["expected"] == pytest.approx(113 / 280)


def test_strata_follow_the_page_filters(con):
    """With the filter on activity-ready young people, only their two strata count: the
    programme's 3 of 10; Roskilde expects (4*1/3 + 2*1/4) / 6 = 11/36 and got 1 of 6."""
    result = fair.comparison(
        con, params(target_groups=["activity_ready"]), "outcome_12m_share", None
    )
    assert result.by == ("target_group", "age_band"), "the default strata"
    assert list(result.programme_strata["n"]) == [6, 4]
    row = site(result, "Roskilde")
    assert (row["n"], row["observed"]) == (6, pytest.approx(1 / 6))
    assert row["expected"] == pytest.approx(11 / 36)


def test_the_strata_counted_in_one_query_are_the_kpi_querys(con):
    """The 12-month outcome is counted per site and per stratum from its rows per young
    person in one query: the counts of the table in `tests/fair_export.py` (Roskilde's
    activity-ready 18-24: 1 of 4; the programme's education-ready 25-29: 4 of 6), a row for
    every site in scope and the programme in each stratum, and for every such KPI the same
    rows, cell keys included, as its own query gives for the sites and run with each stratum
    as the filter."""
    by = ("target_group", "age_band")
    counts = fair.stratum_counts(con, params(), "outcome_12m_share", by)
    assert len(counts) == 4 * 4
    rows = {
        (None if pd.isna(r.municipality) else r.municipality, r.target_group, r.age_band): (
            r.numerator,
            r.denominator,
        )
        for r in counts.itertuples(index=False)
    }
    assert rows[("Roskilde", "activity_ready", "18-24")] == (1, 4)
    assert rows[("Sønderborg", "education_ready", "18-24")] == (3, 4)
    assert rows[(None, "education_ready", "25-29")] == (4, 6)
    assert rows[(None, "activity_ready", "18-24")] == (2, 6)

    def ordered(frame, columns):
        frame = frame.assign(site=frame["municipality"].fillna("~"))
        return frame.sort_values(["site", *columns]).drop(columns="site").reset_index(drop=True)

    for key in counting.RECORD_KEYS:
        for cut, strata_by in [
            ({}, by),
            ({"genders": ["female", "male"]}, ("target_group", "age_band", "gender")),
            ({"target_groups": ["activity_ready"], "municipalities": ["Vejle"]}, ("age_band",)),
        ]:
            one = counting.stratum_counts(con, params(**cut), key, strata_by)
            each = counting._stratum_queries(con, params(**cut), key, strata_by)
            assert len(one) > 0
            pd.testing.assert_frame_equal(ordered(one, strata_by), ordered(each, strata_by))
            sites, parts = counting.record_counts(con, params(**cut), key, strata_by)
            query = counting.site_counts(con, params(**cut), key)
            pd.testing.assert_frame_equal(ordered(sites, ()), ordered(query, ()))
            pd.testing.assert_frame_equal(ordered(parts, strata_by), ordered(each, strata_by))


def test_unknown_characteristic_and_kpi_are_errors(con):
    with pytest.raises(ValueError, match="unknown stratum characteristic postcode"):
        fair.check_by(["target_group", "postcode"])
    with pytest.raises(ValueError, match="participants_active cannot be compared fairly"):
        fair.comparison(con, params(), "participants_active")


def test_readers_without_exact_rights(con):
    """Through the disclosure control (record keys 0: no noise, small counts hidden): the
    programme's 4 activity-ready 25-29 year olds are too few to show, so that stratum is left
    out; Roskilde's 2 of 8 is a hidden numerator, so Roskilde has no observed share.
    Sønderborg expects (1*1/3 + 4*3/4 + 2*2/3) / 7 = 2/3 and Vejle (1/3 + 9/4 + 2) / 7 =
    55/84, each with 1 young person in the stratum left out."""
    result = fair.comparison(con, params(), "outcome_12m_share", None, exact=())
    assert result.left_out == [("activity_ready", "25-29")]
    assert list(result.programme_strata["left_out"]) == [False, True, False, False]
    assert pd.isna(result.programme_strata["n"].iloc[1]), "never shown as 1-4 people"
    roskilde = site(result, "Roskilde")
    assert pd.isna(roskilde["observed"]) and pd.isna(roskilde["reading"])
    assert roskilde["expected"] == pytest.approx(11 / 24)
    assert site(result, "Sønderborg")["expected"] == pytest.approx(2 / 3)
    assert site(result, "Vejle")["expected"] == pytest.approx(55 / 84)
    assert list(result.sites["n_left_out"]) == [2, 1, 1]


def test_a_managers_own_site_is_exact(con):
    """A manager in Roskilde sees Roskilde's own 2 of 8 against 11/24 (the left-out stratum is
    the programme's, which the manager sees through the disclosure control)."""
    result = fair.comparison(con, params(), "outcome_12m_share", None, exact=("Roskilde",))
    roskilde = site(result, "Roskilde")
    assert (roskilde["n"], roskilde["observed"]) == (8, 0.25)
    assert roskilde["difference"] == pytest.approx(0.25 - 11 / 24)
    assert list(result.sites["is_exact"]) == [True, False, False]


# --- funnel limits ----------------------------------------------------------------------------


def test_funnel_limits_for_twenty_at_a_half():
    """Binomial(20, 1/2): P(R <= 5) = 21700 / 2^20 and P(R <= 6) = 60460 / 2^20, so the
    2.5 % quantile is 6, interpolated to 6 - (60460 - 0.025 * 2^20) / 38760 = 6 - 34245.6 /
    38760 = 5.116471; P(R <= 13) = 1 - 60460/2^20 and P(R <= 14) = 1 - 21700/2^20: the
    97.5 % quantile is 14, interpolated to 14 - (0.025 * 2^20 - 21700) / 38760 = 14 - 4514.4 /
    38760 = 13.883529. As shares, divided by 20."""
    low, high = fair.funnel_limits(20, 0.5, 0.95)
    assert low == pytest.approx(0.2558235, abs=1e-7)
    assert high == pytest.approx(0.6941765, abs=1e-7)


def _by_hand(n: int, p: float, q: float) -> float:
    """The interpolated binomial quantile from the binomial sums themselves (no scipy), as a
    share between 0 and 1."""
    cumulative, previous = 0.0, 0.0
    for r in range(n + 1):
        previous, cumulative = cumulative, cumulative + math.comb(n, r) * p**r * (1 - p) ** (n - r)
        if cumulative >= q - 1e-12:
            return max(0.0, (r - (cumulative - q) / (cumulative - previous)) / n)
    return 1.0


@pytest.mark.parametrize("n", [5, 8, 20, 50, 137, 400])
@pytest.mark.parametrize("p", [13 / 24, 0.3, 0.75])
def test_funnel_limits_against_the_binomial_sums(n, p):
    for level, tail in ((0.95, 0.025), (0.998, 0.001)):
        low, high = fair.funnel_limits(n, p, level)
        assert low == pytest.approx(_by_hand(n, p, tail), abs=1e-9)
        assert high == pytest.approx(_by_hand(n, p, 1 - tail), abs=1e-9)
        assert low < p < high


@pytest.mark.parametrize("p0", [0.0, 0.3, 13 / 24, 1.0])
def test_the_funnels_curve_is_the_limits_at_each_n(p0):
    """The curve is drawn from every n's limits at once; each point is `funnel_limits` at its
    n, to the last digit: for n_max 20 the n are 1 and round(20 * (i / 80) ** 2)."""
    curve = fair.funnel_curve(p0, 20, 0.95)
    assert list(curve["n"])[:3] == [1, 2, 3] and curve["n"].iloc[-1] == 20
    assert len(curve) == 20
    for row in curve.itertuples(index=False):
        low, high = fair.funnel_limits(int(row.n), p0, 0.95)
        assert (row.low, row.high) == (low - p0, high - p0)
    assert fair.funnel_limits(20, 0.5, 0.95) == pytest.approx((0.3, 0.7), abs=0.05)


def test_limits_narrow_as_n_grows():
    widths = [fair.funnel_limits(n, 0.5, 0.95) for n in (10, 100, 1000)]
    spans = [high - low for low, high in widths]
    assert spans[0] > spans[1] > spans[2]
    assert spans[2] == pytest.approx(2 * 1.96 * math.sqrt(0.25 / 1000), abs=0.003)


def test_readings():
    """Around 1/2 with n = 20 the 95 % limits are 0.2558 and 0.6942 (above); the 99.8 %
    limits: P(R <= 2) = 211/2^20 < 0.001 <= P(R <= 3) = 1351/2^20, so 3 - (1351 - 0.001 *
    2^20) / 1140 = 2.734716; P(R <= 16) = 1 - 1351/2^20 < 0.999 <= P(R <= 17) = 1 - 211/2^20,
    so 17 - (0.001 * 2^20 - 211) / 1140 = 16.265284; as shares 0.1367358 and 0.8132642."""
    assert fair.reading(0.0, 20, 0.5) == "within"
    assert fair.reading(0.15, 20, 0.5) == "within"  # 0.65 < 0.6942
    assert fair.reading(0.20, 20, 0.5) == "above_95"  # 0.70
    assert fair.reading(-0.30, 20, 0.5) == "below_95"  # 0.20: between 0.1367 and 0.2558
    assert fair.reading(-0.40, 20, 0.5) == "below_998"  # 0.10, under the 0.1 % quantile
    assert fair.reading(0.45, 20, 0.5) == "above_998"
    assert fair.reading(None, 20, 0.5) is None
    assert fair.funnel_limits(20, 0.5, 0.998) == pytest.approx((0.1367358, 0.8132642), abs=1e-7)


# --- in words -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, difference, reading, lang, text",
    [
        (
            "Vejle",
            0.02,
            "within",
            "da",
            "Vejle ligger over det forventede for sine unge, men inden for den tilfældige "
            "variation.",
        ),
        (
            "Vejle",
            0.02,
            "within",
            "en",
            "Vejle is above what is expected for its young people, but within random variation.",
        ),
        # 0.04 points reads 0.0: "at", and nothing about chance
        ("Vejle", 0.0004, "within", "da", "Vejle ligger på det forventede for sine unge."),
        ("Vejle", -0.0004, "within", "en", "Vejle is at what is expected for its young people."),
        (
            "Roskilde",
            -0.15625,
            "below_95",
            "da",
            "Roskilde ligger under det forventede for sine unge, uden for 95 %-grænsen: næppe "
            "tilfældigt (1 ud af 20).",
        ),
        (
            "Roskilde",
            -0.15625,
            "below_998",
            "en",
            "Roskilde is below what is expected for its young people, beyond the 99.8% limit: "
            "almost certainly not chance (1 in 500).",
        ),
        (
            "Sønderborg",
            0.2,
            "above_95",
            "en",
            "Sønderborg is above what is expected for its young people, beyond the 95% limit: "
            "unlikely to be chance alone (1 in 20).",
        ),
        (
            "Sønderborg",
            0.2,
            "above_998",
            "da",
            "Sønderborg ligger over det forventede for sine unge, uden for 99,8 %-grænsen: "
            "næsten sikkert ikke tilfældigt (1 ud af 500).",
        ),
        ("Roskilde", None, None, "da", "Roskilde: for få unge til at vise en sammenligning."),
        (
            "Roskilde",
            float("nan"),
            None,
            "en",
            "Roskilde: too few young people to show a comparison.",
        ),
    ],
)
def test_a_sites_reading_in_one_sentence(name, difference, reading, lang, text):
    assert fair.sentence(name, difference, reading, lang) == text


def rows(*readings):
    return pd.DataFrame(
        [(name, difference, reading) for name, difference, reading in readings],
        columns=["municipality", "difference", "reading"],
    )


def test_the_lines_say_every_site_or_sum_up_the_programme():
    """Every site's sentence (one site's slide, the workbook); for the programme's slide only
    the sites beyond the 95 % limits, then that the others lie within random variation."""
    two = rows(("Vejle", 0.02, "within"), ("Roskilde", -0.15625, "below_95"))
    vejle = (
        "Vejle ligger over det forventede for sine unge, men inden for den tilfældige variation."
    )
    roskilde = (
        "Roskilde ligger under det forventede for sine unge, uden for 95 %-grænsen: næppe "
        "tilfældigt (1 ud af 20)."
    )
    assert fair.lines(two, "da") == (vejle, roskilde)
    assert fair.lines(two, "da", summary=True) == (
        roskilde,
        "De øvrige ligger inden for den tilfældige variation.",
    )
    assert fair.lines(two, "en", summary=True)[-1] == "The others lie within random variation."
    within = rows(("Vejle", 0.02, "within"), ("Roskilde", -0.01, "within"))
    assert fair.lines(within, "da", summary=True) == (
        "Alle kommuner ligger inden for den tilfældige variation omkring det forventede.",
    )
    assert fair.lines(within, "en", summary=True) == (
        "Every site lies within random variation around what is expected.",
    )
    assert fair.lines(rows(("Vejle", 0.02, "within")), "da", summary=True) == (vejle,)
    assert fair.lines(rows(), "da") == ()


# --- the command line ---------------------------------------------------------------------------


def test_command_line_json(fair_db, capsys):
    from nextwork.ops import cli

    code = cli.main(
        [
            "fair",
            "--db",
            str(fair_db),
            "--start",
            "2024-01-01",
            "--end",
            "2024-12-31",
            "--as-of",
            "2025-12-31",
            "--kpi",
            "outcome_12m_share",
            "--by",
            "age_band",
            "--by",
            "target_group",
            "--municipality",
            "Vejle",
            "--municipality",
            "Roskilde",
            "--json",
        ]
    )
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == ["kpi", "by", "start", "end", "as_of", "by_municipality"]
    assert (out["kpi"], out["by"]) == ("outcome_12m_share", ["target_group", "age_band"])
    assert (out["start"], out["end"], out["as_of"]) == ("2024-01-01", "2024-12-31", "2025-12-31")
    assert list(out["by_municipality"]) == ["Roskilde", "Vejle"], "the programme still pools 3"
    assert out["by_municipality"]["Roskilde"] == {
        "n": 8,
        "observed": 0.25,
        "expected": pytest.approx(13 / 32),
        "difference": pytest.approx(-0.15625),
    }
    assert out["by_municipality"]["Vejle"]["expected"] == pytest.approx(29 / 48)


def test_command_line_table_and_errors(fair_db, tmp_path, capsys):
    from nextwork.ops import cli

    base = ["--start", "2024-01-01", "--end", "2024-12-31", "--as-of", "2025-12-31"]
    assert cli.main(["fair", "--db", str(fair_db), *base, "--kpi", "outcome_12m_share"]) == 0
    text = capsys.readouterr().out
    assert "programmet: 54,2 % af 24" in text
    rows = {line.split()[0]: line.split()[1:] for line in text.splitlines()[2:]}
    # 59/96 = 61.46 %, 13/96 = 13.54 points; 13 of 24 = 54.17 %
    assert rows["Sønderborg"][:7] == ["8", "75,0", "%", "61,5", "%", "+13,5", "inden"]
    assert rows["Roskilde"][:7] == ["8", "25,0", "%", "40,6", "%", "-15,6", "inden"]
    assert (
        cli.main(["fair", "--db", str(tmp_path / "none.duckdb"), *base, "--kpi", "job_12m_share"])
        == 1
    )
    assert "no database at" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        cli.main(["fair", "--db", str(fair_db), *base, "--kpi", "participants_active"])
    assert stop.value.code == 2
    with pytest.raises(SystemExit) as stop:
        cli.main(
            ["fair", "--db", str(fair_db), *base, "--kpi", "job_12m_share", "--by", "postcode"]
        )
    assert stop.value.code == 2
    # a misspelt municipality is an error, not a table without it
    named = ["fair", "--db", str(fair_db), *base, "--kpi", "job_12m_share"]
    assert cli.main([*named, "--municipality", "Sonderborg"]) == 2
    out = capsys.readouterr()
    assert out.out == "" and "error: no data for Sonderborg in " in out.err
    # and so is a period that ends before it starts
    with pytest.raises(SystemExit) as stop:
        reversed_period = ["--start", "2024-12-31", "--end", "2024-01-01"]
        cli.main(["fair", "--db", str(fair_db), *reversed_period, "--kpi", "job_12m_share"])
    assert stop.value.code == 2
    assert "--start 2024-12-31 is after --end 2024-01-01" in capsys.readouterr().err


# --- the page -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page_db(tmp_path_factory):
    return build_db(tmp_path_factory.mktemp("fair_page"))


def fair_chart(at):
    for element in at.get("plotly_chart"):
        if element.proto.id.endswith("fair_funnel"):
            return plotly.io.from_json(element.proto.spec)
    pytest.fail("no funnel")


def fair_frame(at):
    for frame in at.dataframe:
        if (
            "Placering i tragten" in frame.value.columns
            or "Place in the funnel" in frame.value.columns
        ):
            return frame.value
    pytest.fail("no fair table")


def test_page_for_the_foundation(monkeypatch, page_db):
    """The foundation sees every site against its expected share, the funnel with a point per
    site, and the plain reading."""
    at = open_app(monkeypatch, page_db, "sammenlign", role="foundation", **YEAR_2024)
    assert not at.exception
    table = fair_frame(at)
    assert list(table["Kommune"]) == ["Programmet", "Roskilde", "Sønderborg", "Vejle"]
    assert list(table["n"]) == [24, 8, 8, 8]
    assert list(table["Observeret (%)"]) == [54.2, 25.0, 75.0, 62.5]
    assert list(table["Forventet (%)"]) == [54.2, 40.6, 61.5, 60.4]  # 13/32, 59/96, 29/48
    assert list(table["Forskel (pct.-point)"])[1:] == [-15.6, 13.5, 2.1]
    assert list(table["Forhold"])[1:] == [0.62, 1.22, 1.03]  # 8/13, 72/59, 30/29
    fig = fair_chart(at)
    named = [t for t in fig.data if t.mode == "markers+text"]
    assert [(t.name, t.x[0], round(t.y[0], 2)) for t in named] == [
        ("Roskilde", 8, -15.62),
        ("Sønderborg", 8, 13.54),
        ("Vejle", 8, 2.08),
    ]
    assert fig.layout.title.text == "I job/uddannelse inden 12 mdr.: observeret mod forventet"
    assert fig.layout.yaxis.title.text == "Forskel (pct.-point)"
    assert len(fig.layout.shapes) >= 4, "two limits on each side"
    text = texts(at)
    assert (
        "Vejle ligger over det forventede for sine unge, men inden for den tilfældige variation."
        in text
    )
    assert "Roskilde ligger under det forventede for sine unge" in text


def test_page_for_a_manager_shows_the_others_without_names(monkeypatch, page_db):
    at = open_app(
        monkeypatch,
        page_db,
        "sammenlign",
        role="manager",
        municipalities=("Sønderborg",),
        **YEAR_2024,
    )
    assert not at.exception
    table = fair_frame(at)
    assert list(table["Kommune"]) == ["Programmet", "Sønderborg"]
    row = table.iloc[1]
    # Own site exact; the programme's 4 activity-ready 25-29 year olds too few to show, so
    # that group is left out: (1/3 + 4*3/4 + 2*2/3) / 7 = 2/3.
    assert (row["n"], row["Observeret (%)"], row["Forventet (%)"]) == (8, 75.0, 66.7)
    fig = fair_chart(at)
    others = [t for t in fig.data if t.name == "Andre kommuner"]
    assert len(others) == 1
    # Roskilde's numerator 2 is hidden: only Vejle's point, 5/8 - 55/84 = -2.5/84 = -2.98 points.
    assert list(others[0].x) == [8] and [round(y, 2) for y in others[0].y] == [-2.98]
    spec = plotly.io.to_json(fig)
    assert "Roskilde" not in spec and "Vejle" not in spec
    assert "Roskilde" not in texts(at).split("Fair sammenligning")[1]
    assert "Udeladt, fordi programmet har for få unge" in texts(at)
    # The plain reading names the manager's own site only, never a site without a name.
    readings = [line for line in texts(at).splitlines() if "det forventede for sine unge" in line]
    assert readings == [
        "- Sønderborg ligger over det forventede for sine unge, men inden for den tilfældige "
        "variation."
    ]


def test_page_for_a_viewer_in_english(monkeypatch, page_db):
    """No sign-in, demo data: everyone as a viewer, figures through the disclosure control."""
    db_path = build_db(page_db.parent / "demo", demo=True)
    at = open_app(monkeypatch, db_path, "sammenlign", sign_in=False, lang="en", **YEAR_2024)
    assert not at.exception
    table = fair_frame(at)
    assert list(table["Municipality"]) == ["Programme", "Roskilde", "Sønderborg", "Vejle"]
    assert pd.isna(table["Observed (%)"].iloc[1]), "2 of 8: a hidden numerator"
    assert "Roskilde: too few young people to show a comparison." in texts(at)


def test_a_tampered_link_names_no_other_site(monkeypatch, page_db):
    """A manager in Sønderborg opens a link naming Vejle: the comparison still names only
    Sønderborg."""
    at = open_app(
        monkeypatch,
        page_db,
        "sammenlign",
        role="manager",
        municipalities=("Sønderborg",),
        municipality="Vejle",
        **YEAR_2024,
    )
    assert not at.exception
    assert list(fair_frame(at)["Kommune"]) == ["Programmet", "Sønderborg"]
    assert "Vejle" not in plotly.io.to_json(fair_chart(at))


# --- the slide --------------------------------------------------------------------------------


def test_the_slide_in_the_deck(con):
    """The deck's fair-comparison slide as an editable table: the programme, then each site
    with n, observed, expected and the difference (its place in the funnel is in the lines
    above the table)."""
    from pptx import Presentation

    from nextwork.present import deck

    result = fair.comparison(con, params(), "outcome_12m_share", ("target_group", "age_band"))
    empty = pd.DataFrame()
    figures = deck.Figures(
        None,
        dt.date(2024, 1, 1),
        dt.date(2024, 12, 31),
        AS_OF,
        empty,
        empty,
        empty,
        empty,
        empty,
        fair=fair.table(result, result.sites),
        fair_lines=("Vejle ligger over det forventede for sine unge.",),
        fair_by=("target_group", "age_band", "gender"),
    )
    slide = deck.fair_slide(figures)
    assert slide.title == "Fair sammenligning"
    # the groups as the settings make them, in words
    assert "gruppe af unge (målgruppe × aldersgruppe × køn). I job" in slide.lines[0]
    assert slide.lines[-1] == "Vejle ligger over det forventede for sine unge."
    prs = Presentation(io.BytesIO(deck.pptx([slide], "NExTWORK Indsigt")))
    table = next(shape.table for shape in prs.slides[0].shapes if shape.has_table)
    cells = [
        [table.cell(r, c).text for c in range(len(table.columns))] for r in range(len(table.rows))
    ]
    assert cells[0] == ["Kommune", "n", "Observeret", "Forventet", "Forskel (pct.-point)"]
    assert cells[1][:4] == ["Programmet", "24", "54,2 %", "54,2 %"]
    assert cells[2] == ["Roskilde", "8", "25,0 %", "40,6 %", "−15,6"]
    assert cells[3][4] == "+13,5"


# --- the workbook -------------------------------------------------------------------------------


def test_the_workbook_sheet(con):
    """The workbook's sheet: shares as Excel percentages, the difference in points."""
    from openpyxl import load_workbook

    from nextwork.present import workbook

    result = fair.comparison(con, params(), "outcome_12m_share", ("target_group", "age_band"))
    data = workbook.build(
        [],
        [("Periode fra", dt.date(2024, 1, 1))],
        "da",
        fair=(fair.table(result, result.sites), ["Forklaring."]),
    )
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames[-2:] == ["Fair sammenligning", "Definitioner"]
    rows = [list(r) for r in book["Fair sammenligning"].iter_rows(values_only=True)]
    assert rows[0] == [
        "Kommune",
        "n",
        "Observeret (%)",
        "Forventet (%)",
        "Forskel (pct.-point)",
        "Forhold",
        "Med programmets mix (%)",
        "Placering i tragten",
    ]
    assert rows[2][:6] == ["Roskilde", 8, 0.25, pytest.approx(0.406), -15.6, 0.62]
    assert rows[3][4] == 13.5 and rows[4][4] == 2.1
    assert book["Fair sammenligning"].cell(3, 3).number_format == "0.0 %"
    assert rows[-1][0] == "Forklaring."


def test_the_compare_pages_workbook_has_the_sheet(monkeypatch, page_db, deferred):
    """The workbook from the compare page, suppressed: Sønderborg's 6 of 8 against 2/3 (the
    activity-ready 25-29 year olds too few to show), Roskilde's share hidden."""
    from openpyxl import load_workbook

    at = open_app(monkeypatch, page_db, "sammenlign", role="foundation", **YEAR_2024)
    assert not at.exception
    book = load_workbook(io.BytesIO(deferred["nextwork_2024-01-01_2024-12-31.xlsx"]()))
    rows = [list(r) for r in book["Fair sammenligning"].iter_rows(values_only=True)]
    by_site = {r[0]: r for r in rows[1:5]}
    assert by_site["Sønderborg"][1:4] == [8, 0.75, pytest.approx(2 / 3, abs=0.0005)]
    assert by_site["Roskilde"][2] is None
    # the explanation names the groups in words, not by their settings keys
    notes = " ".join(str(r[0]) for r in rows if r[0])
    assert "gruppe af unge (målgruppe × aldersgruppe) for sine egne unge" in notes
    assert "target_group" not in notes and "age_band" not in notes


# --- the browser --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fair_server(tmp_path_factory):
    """The app on the small export, signed as demo data: shown to anyone, as to a viewer."""
    from tests.test_browser import _start

    process, url = _start(build_db(tmp_path_factory.mktemp("fair_browser"), demo=True))
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.browser
def test_the_funnel_in_a_browser(fair_server, browser):  # noqa: F811
    """A viewer opens the compare page in a browser: the funnel is drawn with a point for
    Sønderborg and Vejle (Roskilde's 2 of 8 is hidden), its limits, the plain reading, and no
    error or accessibility failure the project owns."""
    from tests.test_browser import _check_accessibility, _open

    page, errors = _open(browser, f"{fair_server}/sammenlign?{YEAR_QUERY}", "fair-funnel")
    try:
        assert errors == []
        assert _check_accessibility(page, "da") == []
        funnel = page.locator(".js-plotly-plot").last
        drawn = funnel.text_content()
        assert "observeret mod forventet" in drawn
        assert "Sønderborg" in drawn and "Vejle" in drawn and "Roskilde" not in drawn
        assert "95 %-grænser" in drawn and "99,8 %-grænser" in drawn
        body = page.inner_text("body")
        assert "Sønderborg ligger over det forventede for sine unge" in body
        assert "Roskilde: for få unge til at vise en sammenligning." in body
    finally:
        page.close()


def test_the_slide_in_the_presentation(monkeypatch, page_db):
    """Slide 8 of the presentation, as presented (small numbers always hidden): Sønderborg's
    75,0 % against the 66,7 % expected, Roskilde's share hidden."""
    at = open_app(monkeypatch, page_db, "praesentation", role="foundation", **YEAR_2024)
    for _ in range(7):
        at.button(key="presentation_next").click().run()
    assert not at.exception
    assert at.title[0].value == "Fair sammenligning"
    shown = html.unescape("".join(m.value for m in at.markdown if "nw-table" in m.value))
    assert "<td>Sønderborg<span></span></td><td>8<span></span></td><td>75,0 %" in shown
    assert "<td>66,7 %<span></span></td>" in shown
    assert "<td>Roskilde<span></span></td><td>8<span></span></td><td>–" in shown


def groups_frame(at):
    for frame in at.dataframe:
        if "Andel" in frame.value.columns or "Share" in frame.value.columns:
            return frame.value
    pytest.fail("no table of the groups")


def test_the_programmes_share_in_each_group(monkeypatch, page_db):
    """The foundation reads the programme's share in each group; a viewer reads the group
    of 4 as <5, with no share."""
    at = open_app(monkeypatch, page_db, "sammenlign", role="foundation", **YEAR_2024)
    groups = groups_frame(at)
    assert list(groups.columns) == ["Målgruppe", "Aldersgruppe", "n", "Andel"]
    assert list(groups["Målgruppe"]) == ["Aktivitetsparat"] * 2 + ["Uddannelsesparat"] * 2
    assert list(groups["Aldersgruppe"]) == ["18-24 år", "25-29 år"] * 2
    assert list(groups["n"]) == ["6", "4", "8", "6"]
    assert list(groups["Andel"]) == ["33,3 %", "25,0 %", "75,0 %", "66,7 %"]
    db_path = build_db(page_db.parent / "groups_demo", demo=True)
    at = open_app(monkeypatch, db_path, "sammenlign", sign_in=False, **YEAR_2024)
    groups = groups_frame(at)
    # 2 of 6 and 4 of 6 rest on numerators under 5: their shares are not shown either.
    assert list(groups["n"]) == ["6", "<5", "8", "6"]
    assert list(groups["Andel"]) == ["–", "–", "75,0 %", "–"]


@pytest.mark.parametrize(
    ("setting", "reason"),
    [
        ('["target_group", "ageband"]', "unknown stratum characteristic ageband"),
        ('"age_band"', 'must be a list such as ["target_group", "age_band"]'),
        ("[]", "the strata need at least one characteristic"),
        ('["target_group", 3]', "must be a list"),
    ],
)
def test_a_wrong_strata_setting_stops_the_start_with_a_clear_error(
    fair_db, tmp_path, monkeypatch, capsys, setting, reason
):
    from nextwork import config
    from nextwork.ops import cli
    from nextwork.web import appserver

    settings = tmp_path / "settings.toml"
    settings.write_text(f"[fair]\nstrata = {setting}\n", encoding="utf-8")
    monkeypatch.setenv("NEXTWORK_SETTINGS", str(settings))
    config.settings.cache_clear()
    try:
        with pytest.raises(ValueError) as raised:
            fair.check_settings()
        assert str(raised.value).startswith(f"{settings}: [fair] strata = ")
        assert reason in str(raised.value)
        # the app server stops before Streamlit starts, with the reason
        with pytest.raises(SystemExit) as stopped:
            appserver.main(["--server.port", "1"])
        assert stopped.value.code == 2
        assert reason in capsys.readouterr().err
        # the command line says it too, as an error, not a traceback
        args = ["fair", "--db", str(fair_db), "--start", "2024-01-01", "--end", "2024-12-31"]
        args += ["--kpi", "outcome_12m_share", "--json"]
        assert cli.main(args) == 1
        out = capsys.readouterr()
        assert out.out == "" and reason in out.err and "Traceback" not in out.err
        assert cli.main([*args, "--by", "target_group"]) == 0  # --by needs no setting
    finally:
        monkeypatch.delenv("NEXTWORK_SETTINGS")
        config.settings.cache_clear()
    assert fair.check_settings() is None  # the settings of the repository are right


def test_a_wrong_strata_setting_is_a_message_on_the_page_not_a_crash(
    monkeypatch, tmp_path, page_db
):
    """Started without the app server's check (`streamlit run app.py`), the page says what
    is wrong with the setting instead of failing in the fair comparison."""
    from nextwork import config

    settings = tmp_path / "settings.toml"
    settings.write_text('[fair]\nstrata = ["målgruppe"]\n', encoding="utf-8")
    monkeypatch.setenv("NEXTWORK_SETTINGS", str(settings))
    config.settings.cache_clear()
    try:
        at = open_app(monkeypatch, page_db, "sammenlign", role="foundation", **YEAR_2024)
        assert not at.exception
        assert [e.value for e in at.error] == [
            "Indstillingerne kan ikke bruges / The settings cannot be used: "
            f"{settings}: [fair] strata = ['målgruppe']: unknown stratum characteristic "
            "målgruppe: use target_group, age_band, gender"
        ]
    finally:
        monkeypatch.delenv("NEXTWORK_SETTINGS")
        config.settings.cache_clear()


def test_limits_that_are_not_a_number_are_clipped_to_0_as_the_formula_clips_them():
    """A share p0 outside 0-1 gives no binomial quantile: `min(1, max(0, x))` makes it 0,
    and the site lies above both limits, whether one site is read or many at once."""
    from nextwork.metrics.fair import model

    assert model.funnel_limits(10, 1.2, 0.95) == (0.0, 0.0)
    assert model.reading(0.0, 10, 1.2) == "above_998"
    assert model.reading(0.3, 10, -0.1) == "above_998"
    # n = 10, p0 = 0.5: r = 2, P(R <= 2) = 56/1024, P(R <= 1) = 11/1024, so a = 0.02968750 /
    # 0.04394531 = 0.6755556 and the limit (2 - a) / 10; above, r = 8 with 1013/1024 and 968/1024
    assert model.funnel_limits(10, 0.5, 0.95) == pytest.approx((0.13244444, 0.76755556), abs=1e-8)


def test_groups_of_a_site_not_compared_are_left_alone():
    """compare() sums the groups of the sites it compares only: another site's row, even
    one without a count, changes nothing."""
    from nextwork.metrics.fair import model

    sites = pd.DataFrame(
        {"municipality": ["Vejle", None], "denominator": [20, 40], "numerator": [10, 20]}
    )
    strata = pd.DataFrame(
        {
            "municipality": ["Vejle", "Horsens", None],
            "g": ["a", "a", "a"],
            "denominator": [20, None, 40],
            "numerator": [10, None, 20],
        },
        dtype=object,
    )
    rows = model.compare(sites, strata, "k", ("g",)).sites
    assert rows[["municipality", "expected", "reading"]].to_dict("records") == [
        {"municipality": "Vejle", "expected": 0.5, "reading": "within"}
    ]
