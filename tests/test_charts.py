"""The house style's text rules worked by hand: titles wrapped by `charts.wrap` (the rule the
page's script applies in pixels), share bars with two-line labels that fit."""

from __future__ import annotations

import pytest

from nextwork import charts


@pytest.mark.parametrize(
    "text, width, wrapped",
    [
        ("Andel i ungenetværk", 30, "Andel i ungenetværk"),
        # 19 characters fit; the next word would make the line 27.
        ("Andel i ungenetværk pr. kommune", 20, "Andel i ungenetværk<br>pr. kommune"),
        # A break already in the text stays; each part is wrapped on its own.
        ("To linjer<br>her og der og her", 10, "To linjer<br>her og der<br>og her"),
        # Tags are not counted; a word longer than the line stands alone.
        ("<b>Vejle</b> og Sønderborgkommune", 8, "<b>Vejle</b> og<br>Sønderborgkommune"),
        ("", 10, ""),
    ],
)
def test_wrap(text, width, wrapped):
    assert charts.wrap(text, width) == wrapped


def test_style_wraps_long_titles_and_keeps_the_text_for_the_page():
    """A 95-character title is two lines of at most 70 characters, the top margin grows by
    one title line (21 px x 1,3 = 27 px), and the unwrapped text is kept in the layout's meta
    for the page's script, which wraps it to the chart's width."""
    title = (
        "Unge, der begyndte i job eller uddannelse inden 12 måneder, pr. kommune og "
        "indskrivningskvartal"
    )
    fig = charts.style(charts.go.Figure(), title, "1. jan. 2024 – 31. dec. 2024 · Vejle")
    assert fig.layout.title.text == (
        # "... pr. kommune" would be 71 characters
        "Unge, der begyndte i job eller uddannelse inden 12 måneder, pr.<br>"
        "kommune og indskrivningskvartal"
    )
    assert fig.layout.title.subtitle.text == "1. jan. 2024 – 31. dec. 2024 · Vejle"
    assert fig.layout.margin.t == 90 + 27
    assert fig.layout.meta == {
        "nwTitle": title,
        "nwSubtitle": "1. jan. 2024 – 31. dec. 2024 · Vejle",
        "nwExtra": 27,
    }
    short = charts.style(charts.go.Figure(), "Kort titel", "Vejle")
    assert (short.layout.title.text, short.layout.margin.t) == ("Kort titel", 90)
