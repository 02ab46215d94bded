"""Numbers as a reader types them back: `formats.parse_number` reads them strictly in the
reader's language, `formats.editable` writes a number the way it is typed."""

from __future__ import annotations

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
