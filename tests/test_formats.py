"""Numbers as a reader types them back: `formats.parse_number` reads them strictly in the
reader's language, `formats.editable` writes a number the way it is typed."""

from __future__ import annotations

import datetime as dt

import pytest

from nextwork import formats


@pytest.mark.parametrize(
    "text, lang, number",
    [
        ("1.234,5", "da", 1234.5),
        ("11.900", "da", 11900.0),
        ("11900", "da", 11900.0),
        ("2,5", "da", 2.5),
        (" 0 ", "da", 0.0),
        ("1.234.567", "da", 1234567.0),
        ("\u22123", "da", -3.0),  # the minus sign the dashboard itself writes
        ("1,234.5", "en", 1234.5),
        ("11,900", "en", 11900.0),
        ("2.5", "en", 2.5),
    ],
)
def test_a_number_in_the_readers_format_is_read(text, lang, number):
    assert formats.parse_number(text, lang) == number


@pytest.mark.parametrize(
    "text, lang, message",
    [
        ("1,2,3", "da", "«1,2,3» er ikke et tal. Skriv fx 1.234,5"),
        ("abc", "da", "«abc» er ikke et tal."),
        ("", "da", "Skriv et tal."),
        ("   ", "da", "Skriv et tal."),
        ("1.23", "da", "«1.23» er ikke et tal."),  # a thousands point groups three digits
        ("1.234.5", "da", "«1.234.5» er ikke et tal."),
        ("2.5", "da", "«2.5» er ikke et tal."),  # the English decimal point, in Danish
        ("12 kr.", "da", "«12 kr.» er ikke et tal."),
        ("2,5", "en", "“2,5” is not a number. Type, for example, 1,234.5"),
        ("", "en", "Type a number."),
    ],
)
def test_anything_else_is_rejected_with_a_message(text, lang, message):
    with pytest.raises(ValueError) as error:
        formats.parse_number(text, lang)
    assert str(error.value).startswith(message)


@pytest.mark.parametrize(
    "value, lang, text",
    [
        (11900, "da", "11.900"),
        (2.5, "da", "2,5"),
        (0.0, "da", "0"),
        (1234567.25, "da", "1.234.567,25"),
        (11900, "en", "11,900"),
        (2.5, "en", "2.5"),
        (None, "da", ""),
        (float("nan"), "en", ""),
    ],
)
def test_a_number_as_it_is_typed(value, lang, text):
    assert formats.editable(value, lang) == text


@pytest.mark.parametrize("value", [11900, 2.5, 0, 1234567.25, 120])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_what_is_shown_reads_back_as_the_same_number(value, lang):
    assert formats.parse_number(formats.editable(value, lang), lang) == value


# --- how figures are written (worked out by hand from the Danish and English conventions) ---


@pytest.mark.parametrize(
    "value, lang, decimals, text",
    [
        (1234.5, "da", 1, "1.234,5"),
        (1234.5, "en", 1, "1,234.5"),
        (1234, "da", 0, "1.234"),
        (1234567, "da", 0, "1.234.567"),
        (0.5, "da", 2, "0,50"),
        (12, "en", 0, "12"),
        (None, "da", 0, "–"),
        (float("nan"), "en", 1, "–"),
    ],
)
def test_a_number_is_grouped_in_thousands_with_the_languages_separators(
    value, lang, decimals, text
):
    assert formats.number(value, lang, decimals) == text


@pytest.mark.parametrize(
    "value, lang, decimals, text",
    [
        (0.125, "da", 1, "12,5 %"),
        (0.125, "en", 1, "12.5%"),
        (1, "da", 0, "100 %"),
        (0.8, "en", 1, "80.0%"),
        (None, "da", 1, "–"),
    ],
)
def test_a_share_is_written_in_per_cent(value, lang, decimals, text):
    assert formats.percent(value, lang, decimals) == text


@pytest.mark.parametrize(
    "value, lang, text",
    [
        (0.025, "da", "+2,5 pct.-point"),
        (-0.01, "en", "−1.0 pp"),
        (0.0004, "da", "±0,0 pct.-point"),  # what reads 0,0 has no sign
        (-0.0004, "en", "±0.0 pp"),
        (None, "da", "–"),
    ],
)
def test_a_change_of_a_share_is_signed_percentage_points(value, lang, text):
    assert formats.points(value, lang) == text


@pytest.mark.parametrize(
    "value, lang, text",
    [(-3, "da", "−3"), (1234, "da", "+1.234"), (1234, "en", "+1,234"), (0.4, "en", "±0")],
)
def test_a_signed_count(value, lang, text):
    assert formats.signed(value, lang) == text


@pytest.mark.parametrize(
    "day, lang, text",
    [
        (dt.date(2025, 2, 3), "da", "3. feb. 2025"),
        (dt.date(2025, 2, 3), "en", "3 Feb 2025"),
        (dt.date(2025, 5, 3), "da", "3. maj 2025"),
        (dt.date(2025, 9, 30), "en", "30 Sep 2025"),  # three letters, not Babel's "Sept"
        (None, "en", "–"),
    ],
)
def test_a_date_in_the_readers_language(day, lang, text):
    assert formats.date(day, lang) == text


@pytest.mark.parametrize(
    "day, lang, text",
    [(dt.date(2025, 9, 1), "da", "sep. 2025"), (dt.date(2025, 9, 1), "en", "Sep 2025")],
)
def test_a_month_in_the_readers_language(day, lang, text):
    assert formats.month(day, lang) == text


@pytest.mark.parametrize(
    "value, kind, lang, text",
    [
        (0.8, "share", "da", "80,0 %"),
        (0.8, "share", "en", "80.0%"),
        (64.0, "days", "da", "64 dage"),
        (64.0, "days", "en", "64 days"),
        (1234, "count", "da", "1.234"),
        (None, "count", "da", "–"),
    ],
)
def test_a_kpi_value_by_its_kind(value, kind, lang, text):
    assert formats.kpi_value(value, kind, lang) == text


@pytest.mark.parametrize(
    "start, lang, text",
    [
        (dt.date(2024, 1, 1), "da", "1. halvår 2024"),
        (dt.date(2024, 6, 30), "da", "1. halvår 2024"),
        (dt.date(2024, 7, 1), "da", "2. halvår 2024"),
        (dt.date(2024, 1, 1), "en", "2024 H1"),
        (dt.date(2025, 7, 1), "en", "2025 H2"),
    ],
)
def test_a_half_year_is_named_by_its_first_day(start, lang, text):
    assert formats.half_year_label(start, lang) == text
