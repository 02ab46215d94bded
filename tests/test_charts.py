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


# --- the builders, each on a frame of three rows worked by hand ------------------------------


def test_bars_by_municipality_grey_for_a_share_on_few_and_a_dash_for_none():
    """Horsens 2 of 4 (50 %, under the 10 a share is drawn on in full: grey), Roskilde 16 of 20
    (80 %), Vejle nothing to show (a flat bar labelled "–"); the programme's 60 % as a dashed
    line named in the legend, and the grey explained there."""
    from nextwork.metrics import disclosure

    fig = charts.bars_by_municipality(
        ["Horsens", "Roskilde", "Vejle"],
        [0.5, 0.8, None],
        [4, 20, 12],
        "share",
        "da",
        reference=0.6,
        reference_label="Programmet",
        min_n=10,
    )
    charts.style(fig, "Andel i job eller uddannelse", "2024", "Kommune", "Andel (%)")
    assert fig.layout.title.text == "Andel i job eller uddannelse"
    assert fig.layout.title.subtitle.text == "2024"
    assert fig.layout.xaxis.title.text == "Kommune"
    assert fig.layout.yaxis.title.text == "Andel (%)"
    assert fig.layout.separators == ",."
    bars = fig.data[:3]
    assert [b.x[0] for b in bars] == ["Horsens", "Roskilde", "Vejle"]
    assert [b.y[0] for b in bars] == [0.5, 0.8, 0]
    assert [b.marker.color for b in bars] == ["#BBBBBB", "#C58800", "#CC79A7"]
    small = "<br><span style='font-size:12px'>n = {}</span>"
    assert [a.text for a in fig.layout.annotations] == [
        "50,0 %" + small.format(4),
        "80,0 %" + small.format(20),
        "–" + small.format(12),
    ]
    assert [a.font.color for a in fig.layout.annotations] == ["#666666", "#222222", "#222222"]
    assert fig.layout.shapes[0].y0 == 0.6 and fig.layout.shapes[0].line.dash == "dash"
    assert [t.name for t in fig.data[3:]] == [
        "Programmet: 60,0 %",
        "Grå: færre end 10 bag andelen, usikker",
    ]
    assert fig.data[4].marker.color == "#BBBBBB"
    # the legend's words are the one wording of "too few behind it"
    assert disclosure.explain("da", "share", 10) == "færre end 10 bag andelen"
    assert charts.few_note(10, "en") == "Grey: fewer than 10 behind the share, uncertain"


def test_the_one_wording_of_too_few_in_each_of_its_forms():
    """The small-number threshold of the settings is 5."""
    from nextwork.metrics import disclosure

    assert disclosure.explain("da") == "færre end 5 bag tallet"
    assert disclosure.explain("en") == "fewer than 5 behind it"
    assert disclosure.explain("da", "sentence") == "Færre end 5 bag tallet, så det vises ikke."
    assert (
        disclosure.explain("en", "sentence")
        == "Fewer than 5 behind the figure, so it is not shown."
    )
    assert disclosure.explain("da", "cell") == "færre end 5 bag den"
    assert disclosure.explain("en", "share", 10) == "fewer than 10 behind the share"
    with pytest.raises(ValueError, match="unknown form 'long'"):
        disclosure.explain("da", "long")


def test_share_bars_from_the_long_frame_total_last_in_black():
    """Vejle 3 of 4 (75 %, under 5: grey), Horsens 2 of 5 (40 %), all chosen 5 of 9 (55,6 %),
    drawn last; the axis in percent to 100 % with room beyond it for the labels."""
    import pandas as pd

    frame = pd.DataFrame(
        {
            "municipality": ["Vejle", None, "Horsens"],
            "value": [0.75, 5 / 9, 0.4],
            "numerator": [3, 5, 2],
            "denominator": [4, 9, 5],
        }
    )
    fig = charts.share_bars(frame, "da", "Alle valgte", min_n=5)
    bars = fig.data[0]
    assert list(bars.y) == ["Horsens", "Vejle", "Alle valgte"]
    assert list(bars.x) == [0.4, 0.75, 5 / 9]
    assert list(bars.text) == ["40,0 %<br>(2 af 5)", "75,0 %<br>(3 af 4)", "55,6 %<br>(5 af 9)"]
    assert list(bars.marker.color) == ["#D55E00", "#BBBBBB", "#000000"]
    assert fig.data[1].name == "Grå: færre end 5 bag andelen, usikker"
    assert list(fig.layout.xaxis.range) == [0, 1.3]
    assert list(fig.layout.xaxis.ticktext) == ["0 %", "20 %", "40 %", "60 %", "80 %", "100 %"]


def test_lines_by_municipality_by_month_in_the_reader_s_words():
    """Vejle 3 then 5 active young people in January and February 2024, Horsens 7 in January:
    a line each in its own colour, Horsens first (name order), months in Danish."""
    import datetime as dt

    import pandas as pd

    frame = pd.DataFrame(
        {
            "municipality": ["Vejle", "Vejle", "Horsens"],
            "month": [dt.date(2024, 2, 1), dt.date(2024, 1, 1), dt.date(2024, 1, 1)],
            "count": [5, 3, 7],
        }
    )
    fig = charts.lines_by_municipality(frame, "month", "count", "Aktive unge", "da")
    charts.month_axis(fig, list(frame["month"]), "da")
    charts.style(fig, "Aktive unge pr. måned", "Vejle, Horsens", "Måned", "Antal unge")
    assert [t.name for t in fig.data] == ["Horsens", "Vejle"]
    assert [t.line.color for t in fig.data] == ["#D55E00", "#CC79A7"]
    assert list(fig.data[1].y) == [3, 5]
    assert [list(c) for c in fig.data[1].customdata] == [["jan. 2024", "3"], ["feb. 2024", "5"]]
    assert list(fig.layout.xaxis.ticktext) == ["jan.<br>2024", "feb.<br>2024"]
    assert fig.layout.yaxis.title.text == "Antal unge"
    assert fig.layout.yaxis.rangemode == "tozero"


def test_step_bars_label_a_hidden_count_as_less_than_5():
    """12 referred (100 %), a hidden number started, 3 in a placement (25 %)."""
    fig = charts.step_bars(["Henvist", "Startet", "I praktik"], [12, None, 3], [1.0, None, 0.25])
    bars = fig.data[0]
    assert list(bars.text) == ["12 (100,0 %)", "<5", "3 (25,0 %)"]
    assert list(bars.x) == [12, None, 3]
    assert bars.marker.color == "#000000"
    assert fig.layout.xaxis.dtick is None  # more than 5: plotly's own ticks


def test_cohort_curve_stops_where_too_few_are_followed():
    """The cohort of the first half of 2024: 2 of 10 at 0 months, 5 of 10 at 3, 3 of 5 at 6;
    with 10 as the smallest n the curve stops after 3 months. The target is a dashed line."""
    import datetime as dt

    import pandas as pd

    frame = pd.DataFrame(
        {
            "cohort_start_on": [dt.date(2024, 1, 1)] * 3,
            "months_since_enrolment": [0, 3, 6],
            "share": [0.2, 0.5, 0.6],
            "count": [2, 5, 3],
            "n": [10, 10, 5],
        }
    )
    fig = charts.cohort_curves(frame, "share", "count", "n", "da", target=0.75, min_n=10)
    assert [t.name for t in fig.data] == ["1. halvår 2024"]
    assert list(fig.data[0].x) == [0, 3] and list(fig.data[0].y) == [0.2, 0.5]
    assert [list(c) for c in fig.data[0].customdata] == [
        ["20,0 %", "2", "10"],
        ["50,0 %", "5", "10"],
    ]
    assert fig.layout.annotations[0].text == "Mål: 75 %"
    assert list(fig.layout.yaxis.ticktext)[-1] == "100 %"


def test_map_view_frames_the_points():
    """Points from 55 to 56 N and 9 to 10 E: the span shown is max(1, 2.8 x 1) x 1.3 = 3.64
    degrees of longitude, so the zoom is log2(360 x 900 / 512 / 3.64) = 7.44, centred on
    55.5 N, 9.5 E; no points show all of Denmark."""
    view = charts.map_view([55.0, 56.0], [9.0, 10.0])
    assert (view.latitude, view.longitude, view.zoom) == (55.5, 9.5, 7.44)
    empty = charts.map_view([], [])
    assert (empty.latitude, empty.longitude, empty.zoom) == (56.0, 10.6, 5.8)


def test_composition_bars_split_each_row_into_its_parts():
    """Vejle: 3 of 4 in a job (75 %), 1 of 4 in education (25 %); all chosen: 5 of 10 in a job
    (50 %), drawn last under its own name. Each part labelled with its share and count."""
    import pandas as pd

    frame = pd.DataFrame(
        {
            "municipality": ["Vejle", "Vejle", None],
            "outcome": ["job", "education", "job"],
            "share": [0.75, 0.25, 0.5],
            "count": [3, 1, 5],
            "total": [4, 4, 10],
        }
    )
    parts = {"job": ("Job", "#0072B2"), "education": ("Uddannelse", "#009E73")}
    fig = charts.composition_bars(
        frame, "municipality", "outcome", "share", "count", "total", parts, "Alle", "da"
    )
    job, education = fig.data
    assert (job.name, job.marker.color) == ("Job", "#0072B2")
    assert list(job.y) == ["Vejle", "Alle"] and list(job.x) == [0.75, 0.5]
    assert list(job.text) == ["75 % (3)", "50 % (5)"]
    assert [list(c) for c in job.customdata] == [["3", "4", "75,0 %"], ["5", "10", "50,0 %"]]
    assert list(education.y) == ["Vejle"] and list(education.text) == ["25 % (1)"]
    assert fig.layout.barmode == "stack"
    assert list(fig.layout.xaxis.range) == [0, 1.3]


def test_net_result_line_in_millions_with_the_sites_on_it():
    """The net result -1, 0,5 and 2 million DKK at 0, 6 and 12 months off benefit; Vejle's
    point (6 months) is on the chart, Horsens' (20 months) beyond it, Roskilde has none."""
    fig = charts.net_result_line(
        [0, 6, 12],
        [-1_000_000, 500_000, 2_000_000],
        "Nettoresultat",
        [("Vejle", 6.0, 500_000), ("Horsens", 20.0, 1_000_000), ("Roskilde", None, None)],
        "da",
    )
    line, vejle = fig.data
    assert list(line.y) == [-1.0, 0.5, 2.0]
    assert [list(c) for c in line.customdata] == [
        ["0,0 mdr.", "-1.000.000 kr."],
        ["6,0 mdr.", "500.000 kr."],
        ["12,0 mdr.", "2.000.000 kr."],
    ]
    assert vejle.name == "Vejle: 6,0 mdr." and list(vejle.y) == [0.5]
    assert fig.layout.shapes[0].y0 == 0  # the zero line


def test_deviation_heatmap_caps_signs_and_greys_what_is_missing():
    """Vejle 80 % above the median (capped at +50 %, ▲), 10 % below (▼); Horsens has one cell
    without a distance and no cell at all in the other column: both read "–"."""
    import pandas as pd

    cells = pd.DataFrame(
        {
            "row": ["Vejle", "Vejle", "Horsens"],
            "column": ["A", "B", "A"],
            "distance": [0.8, -0.1, None],
            "text": ["1,8", "0,9", None],
            "hover": ["h1", "h2", "h3"],
        }
    )
    heat = charts.deviation_heatmap(cells, "da", limit=0.5).data[0]
    assert list(heat.y) == ["Vejle", "Horsens"] and list(heat.x) == ["A", "B"]
    assert [list(r) for r in heat.z] == [[0.5, -0.1], [None, None]]
    assert [list(r) for r in heat.text] == [["▲ 1,8", "▼ 0,9"], ["–", "–"]]
    assert [list(r) for r in heat.customdata] == [["h1", "h2"], ["h3", ""]]
    assert list(heat.colorbar.ticktext) == ["≤ −50 %", "−25 %", "median", "+25 %", "≥ +50 %"]


def test_chart_descriptions_shown_as_markdown_keep_their_characters():
    from nextwork.present.charts import on_page

    assert on_page._escape("Andel (%) *pr.* kommune") == r"Andel \(%\) \*pr\.\* kommune"
