"""Colours that everyone can read (WCAG 2.1 AA): text 4.5:1, graphics and focus 3:1, checked
pair by pair with the contrast ratio WCAG defines."""

from __future__ import annotations

import tomllib

import pytest

from nextwork.present import chart_text, charts, colour_contrast
from nextwork.web import accessibility
from tests.apptest import ROOT

THEME = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))["theme"]
WHITE = "#FFFFFF"
# Streamlit draws captions in the text colour at 60 % opacity, and a selected segment of a
# segmented control in the primary colour on the primary colour at about 14.5 % over white
# (#0072B2 gave #DAE8F1 in the browser).
CAPTION_OPACITY = 0.6
SELECTED_TINT = 0.145


# The arithmetic against values published by WCAG's own examples and tools.
@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("#000000", "#FFFFFF", 21.0),
        ("#FFFFFF", "#FFFFFF", 1.0),
        ("#767676", "#FFFFFF", 4.54),  # the lightest grey that passes for text on white
        ("#0072B2", "#DAE8F1", 4.15),  # the old theme's selected language button, failed
        ("#76797C", "#FFFFFF", 4.38),  # the old captions, failed
    ],
)
def test_contrast_ratio(first, second, expected):
    """The contrast of two colours is worked out as WCAG 2.1 defines it."""
    assert colour_contrast.contrast(first, second) == pytest.approx(expected, abs=0.01)
    assert colour_contrast.contrast(second, first) == pytest.approx(expected, abs=0.01)


def test_blend_and_bad_colours():
    """A colour at 60 % over white is mixed channel by channel; a malformed one is refused."""
    assert colour_contrast.blend("#1B1F24", 0.6, WHITE) == "#76797C"
    with pytest.raises(ValueError, match="not a #RRGGBB colour"):
        colour_contrast.luminance("#FFF")


@pytest.mark.parametrize("background", ["backgroundColor", "secondaryBackgroundColor"])
def test_theme_text_and_captions_are_readable(background):
    """A politician with low vision reads the text and the captions (the period, the
    comparison note) at 4.5:1 or more, on the page and in the sidebar."""
    ground = THEME[background]
    text = THEME["textColor"]
    caption = colour_contrast.blend(text, CAPTION_OPACITY, ground)
    assert colour_contrast.contrast(text, ground) >= 4.5
    assert colour_contrast.contrast(caption, ground) >= 4.5
    assert colour_contrast.contrast(THEME["primaryColor"], ground) >= 4.5


def test_theme_primary_colour_on_its_tint_and_as_focus_ring():
    """The selected language button's label is readable on its tinted ground, and the focus
    ring in the primary colour stands out (3:1) against white and the sidebar."""
    primary = THEME["primaryColor"]
    tint = colour_contrast.blend(primary, SELECTED_TINT, WHITE)
    assert colour_contrast.contrast(primary, tint) >= 4.5
    for ground in (THEME["backgroundColor"], THEME["secondaryBackgroundColor"]):
        assert colour_contrast.contrast(primary, ground) >= 3.0
    assert primary in accessibility._STYLE  # the focus ring is the theme's blue


PALETTE = {
    **{f"site {k}": v for k, v in charts.SITE_COLOURS.items()},
    **{f"other {i}": v for i, v in enumerate(charts.OTHER_COLOURS)},
    **{f"series {i}": v for i, v in enumerate(charts.SERIES_COLOURS)},
    "programme": charts.PROGRAMME_COLOUR,
}


@pytest.mark.parametrize("name", list(PALETTE))
def test_palette_colours_stand_out_from_white(name):
    """Every line and bar colour has 3:1 against the white chart ground, and a label drawn on
    it (in the colour `text_colour_on` chooses) has 4.5:1."""
    colour = PALETTE[name]
    assert colour_contrast.contrast(colour, WHITE) >= 3.0, f"{name} {colour}"
    label = colour_contrast.text_colour_on(colour)
    assert colour_contrast.contrast(label, colour) >= 4.5, f"{name} {colour} with {label}"


def test_the_palette_keeps_its_colour_blind_safe_hues():
    """The darkened colours stay the Okabe-Ito ones where they already passed."""
    assert charts.SITE_COLOURS == {
        "København": "#0072B2",
        "Roskilde": "#C58800",
        "Sønderborg": "#009E73",
        "Vejle": "#CC79A7",
        "Horsens": "#D55E00",
    }


@pytest.mark.parametrize(("stop", "colour"), charts.DEVIATION_COLOURS)
def test_heatmap_cells_keep_their_labels_readable(stop, colour):
    """Each heatmap colour, the extremes included, keeps the cells' dark labels at 4.5:1."""
    assert colour_contrast.contrast("#222222", colour) >= 4.5, f"{stop}: {colour}"


def test_text_colour_on_picks_the_better_of_black_and_white():
    """Labels on a dark bar are white, on a light or middle one black."""
    assert colour_contrast.text_colour_on("#332288") == "#FFFFFF"
    assert colour_contrast.text_colour_on("#C58800") == "#000000"
    assert colour_contrast.text_colour_on("#F7F7F7") == "#000000"


def test_chart_axis_text_is_readable():
    """Axis titles, ticks and subtitles, drawn in `chart_text.SECONDARY_TEXT` instead of
    Streamlit's grey of 3.7:1, keep 4.5:1 on the white chart ground."""
    assert colour_contrast.contrast("#808495", WHITE) < 4.5  # Streamlit's own, for the record
    assert colour_contrast.contrast(chart_text.SECONDARY_TEXT, WHITE) >= 4.5
