"""The headline sentence, the benchmark texts and the colour of a change, on cases worked
out by hand."""

from __future__ import annotations

import pytest

from nextwork import formats
from nextwork.present import headline


@pytest.mark.parametrize(
    "share, whole",
    [(0.62, 62), (0.625, 63), (0.6249, 62), (0.0, 0), (1.0, 100), (0.805, 81), (0.3, 30)],
)
def test_whole_percent_rounds_halves_up(share, whole):
    assert headline.whole_percent(share) == whole


@pytest.mark.parametrize(
    "args, da, en",
    [
        # A site: against the target and the programme (the example).
        (
            dict(who="Vejle", value=0.62, target=0.75, programme=0.58),
            "Vejle: 62 % i job eller uddannelse inden 12 måneder, 13 point under målet og "
            "4 point over programmet.",
            "Vejle: 62% in a job or education within 12 months, 13 points below the target and "
            "4 points above the programme.",
        ),
        # Rounded first: 0.625 is 63 %, 12 points under 75 %; 0.634 is 63 %, level.
        (
            dict(who="Horsens", value=0.625, target=0.75, programme=0.634),
            "Horsens: 63 % i job eller uddannelse inden 12 måneder, 12 point under målet og "
            "på niveau med programmet.",
            "Horsens: 63% in a job or education within 12 months, 12 points below the target "
            "and level with the programme.",
        ),
        # Above the target, one point below the programme.
        (
            dict(who="Vejle og Horsens", value=0.8, target=0.75, programme=0.81),
            "Vejle og Horsens: 80 % i job eller uddannelse inden 12 måneder, 5 point over målet "
            "og 1 point under programmet.",
            "Vejle og Horsens: 80% in a job or education within 12 months, 5 points above the "
            "target and 1 point below the programme.",
        ),
        # The programme: against the target and the status quo before it.
        (
            dict(who="Programmet", value=0.58, target=0.75, status_quo=0.3),
            "Programmet: 58 % i job eller uddannelse inden 12 måneder, 17 point under målet og "
            "28 point over de ca. 30 % før programmet.",
            "Programmet: 58% in a job or education within 12 months, 17 points below the target "
            "and 28 points above the roughly 30% before the programme.",
        ),
        # No programme value (hidden): the target alone.
        (
            dict(who="Vejle", value=0.75, target=0.75),
            "Vejle: 75 % i job eller uddannelse inden 12 måneder, på niveau med målet.",
            "Vejle: 75% in a job or education within 12 months, level with the target.",
        ),
        # Nobody followed yet; too few to show.
        (
            dict(who="Vejle", value=None, target=0.75, programme=0.6),
            "Vejle: endnu ingen unge med 12 måneders opfølgning.",
            "Vejle: no young people with 12 months of follow-up yet.",
        ),
        (
            dict(who="Vejle", value=None, target=0.75, programme=0.6, hidden=True),
            "Vejle: for få unge med 12 måneders opfølgning til at vise andelen.",
            "Vejle: too few young people with 12 months of follow-up to show the share.",
        ),
    ],
)
def test_the_sentence(args, da, en):
    assert headline.sentence(lang="da", **args) == da
    assert headline.sentence(lang="en", **args) == en


def test_the_subject():
    sites = ["Horsens", "København", "Roskilde", "Sønderborg", "Vejle"]
    assert headline.subject(["Vejle"], sites) == "Vejle"
    assert headline.subject(["Vejle", "Horsens"], sites) == "Horsens og Vejle"
    assert headline.subject(["Vejle", "Horsens", "Roskilde"], sites, "en") == (
        "Horsens, Roskilde and Vejle"
    )
    assert headline.subject(list(reversed(sites)), sites) == "Programmet"
    assert headline.subject(sites, sites, "en") == "The programme"


@pytest.mark.parametrize(
    "key, value, previous, colour",
    [
        # More young people, a higher share: a rise is green ("normal").
        ("participants_active", 120, 100, "normal"),
        ("participants_active", 90, 100, "normal"),  # a fall is then red, by the same rule
        ("outcome_12m_share", 0.6, 0.5, "normal"),
        # Fewer days to the first placement is good news: "inverse" makes a fall green.
        ("median_days_to_first_placement", 40.0, 41.0, "inverse"),
        ("median_days_to_first_placement", 45.0, 41.0, "inverse"),
        # No change, or nothing to compare: grey.
        ("median_days_to_first_placement", 41.0, 41.0, "off"),
        ("participants_active", 100, None, "off"),
        ("outcome_12m_share", None, 0.5, "off"),
    ],
)
def test_the_colour_of_a_change(key, value, previous, colour):
    assert headline.change_colour(key, value, previous) == colour


def test_gap_and_beside():
    assert headline.gap_to_target(0.621, 0.75, "da") == "-12,9 pct.-point"
    assert headline.gap_to_target(0.8, 0.75, "en") == "+5.0 pp"
    assert headline.gap_to_target(None, 0.75) is None
    assert headline.beside("Programmet", 0.581, "share") == "Programmet: 58,1 %"
    assert headline.beside("Programme", 41.0, "days", "en") == "Programme: 41 days"


@pytest.mark.parametrize(
    "value, lang, text",
    [
        (0.052, "da", "+5,2 pct.-point"),
        (-0.0004, "en", "±0.0 pp"),  # reads 0,0: no sign, and the card shows it grey
        (-0.00051, "da", "−0,1 pct.-point"),
        (0.0, "da", "±0,0 pct.-point"),
    ],
)
def test_a_change_in_points_too_small_to_show_has_no_sign(value, lang, text):
    assert formats.points(value, lang) == text


@pytest.mark.parametrize("value, text", [(0.4, "±0"), (-0.6, "−1"), (3.0, "+3"), (0, "±0")])
def test_a_signed_number_too_small_to_show_has_no_sign(value, text):
    assert formats.signed(value) == text
