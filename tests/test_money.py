"""Amounts of money as the Økonomi page writes them (`nextwork.present.money`)."""

import pytest

from nextwork.present.money import kroner, millions


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (1234567, "da", "1.234.567 kr."),
        (1234567, "en", "DKK 1,234,567"),
        (-1234567.4, "da", "\u22121.234.567 kr."),  # the minus sign, not a hyphen
        (-0.4, "da", "0 kr."),  # rounds to 0: no sign
        (None, "da", "–"),
        (float("nan"), "en", "–"),
    ],
)
def test_kroner(value, lang, expected):
    assert kroner(value, lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (20476000, "da", "20,5"),
        (1260000, "en", "1.3"),
        (-20476000, "da", "\u221220,5"),
        (-40000, "da", "0,0"),  # rounds to 0: no sign
        (None, "en", "–"),
    ],
)
def test_millions(value, lang, expected):
    assert millions(value, lang) == expected
