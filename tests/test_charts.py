"""The house style's text rules worked by hand: titles wrapped by `charts.wrap` (the rule the
page's script applies in pixels), share bars with two-line labels that fit."""

from __future__ import annotations

import pytest

from nextwork.present import charts
from nextwork.present.charts import comparison


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


def test_funnel_names_keep_clear_of_each_other_on_a_phone():
    """The demo's five sites as the funnel drew them with every name on top: Roskilde
    (57, +1) and Horsens (55, -11) lay on each other on a 390-pixel phone and København
    (123, -1) ran past the right edge. On a 280 x 140 pixel plot (x 0-137.5, y -40-40) a
    name is 8 pixels a letter + 10 apart and 18 high. Worked by hand, left to right:
    Sønderborg's name on top would cover Horsens' and Roskilde's points, below it is free;
    Horsens on top would cover Roskilde's point, below it Sønderborg's name, to the right
    is free; Roskilde on top would cover Vejle's point, below it Horsens' name, to the right
    is free; Vejle keeps the top; København runs past the right edge on top, below and to
    the right, covers Roskilde's name at middle left (16 px high) and Horsens' at bottom
    left, and only grazes the corner of Roskilde's at top left (3.5 px, with the gap kept
    between names), so it takes the top left."""
    from nextwork.present import charts

    points = [
        ("Horsens", 55, -11),
        ("København", 123, -1),
        ("Roskilde", 57, 1),
        ("Sønderborg", 40, -14),
        ("Vejle", 72, 12),
    ]
    places = charts.label_places(points, (0, 137.5), (-40, 40))
    assert places == {
        "Sønderborg": "bottom center",
        "Horsens": "middle right",
        "Roskilde": "middle right",
        "Vejle": "top center",
        "København": "top left",
    }
    # and on the phone-sized plot no two names overlap, none leaves the plot
    w, h = charts.PHONE_PLOT
    boxes = []
    for name, x, y in points:
        px, py = x / 137.5 * w, (y + 40) / 80 * h
        box = comparison._label_box(px, py, len(name) * charts.LABEL_CHAR, places[name])
        assert 0 <= box[0] and box[2] <= w and 0 <= box[1] and box[3] <= h, name
        boxes.append(box)
    # without the gap, only København's and Roskilde's corners meet (10.5 x 3.5 pixels)
    overlaps = [comparison._overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :]]
    assert sorted(overlaps)[-2] == 0 and max(overlaps) == pytest.approx(36.75, abs=0.5)
    # a single point (a manager's own site) keeps its name on top
    assert charts.label_places([("Vejle", 72, 12)], (0, 137.5), (-40, 40)) == {
        "Vejle": "top center"
    }
