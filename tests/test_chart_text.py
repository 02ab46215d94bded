"""Every chart's text alternative: its title as its name, a short description made from its
figures, and its numbers as a table, as the chart labels them."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from nextwork.present import chart_text, charts


def test_line_chart_by_month():
    """A screen-reader user hears what the monthly chart shows, from the first month to the
    last for each site, and finds every month's figure in the table, in Danish formats."""
    frame = pd.DataFrame(
        {
            "municipality": ["Vejle", "Vejle", "Horsens", "Horsens"],
            "month_start": [dt.date(2025, 1, 1), dt.date(2025, 2, 1)] * 2,
            "participants_active": [1200, 1250, 40, 38],
        }
    )
    fig = charts.lines_by_municipality(frame, "month_start", "participants_active", "Aktive")
    charts.style(fig, "Aktive unge pr. måned", "2025", "Måned", "Antal", "da")
    name, description = chart_text.describe(fig)
    assert name == "Aktive unge pr. måned"
    assert description == (
        "2 linjer fra jan. 2025 til feb. 2025. "
        "Første og sidste værdi: Horsens: 40 → 38; Vejle: 1.200 → 1.250."
    )
    table = chart_text.figure_table(fig)
    assert table.to_dict("list") == {
        "Måned": ["jan. 2025", "feb. 2025"],
        "Horsens": ["40", "38"],
        "Vejle": ["1.200", "1.250"],
    }


def test_bars_with_a_hidden_value_and_a_reference():
    """A share hidden as a small number reads "–" in the table, not the 0 it is drawn as, and
    the programme's line is named in the description; in English, English formats."""
    fig = charts.bars_by_municipality(
        ["Horsens", "Vejle"], [None, 0.625], [3, 16], "share", "en", 0.5, "Programme"
    )
    charts.style(fig, "Retained", "2025", "Site", "Share (%)", "en")
    charts.share_axis(fig, "en")
    name, description = chart_text.describe(fig)
    assert name == "Retained"
    assert description == "Horsens: –; Vejle: 62.5%. Also: Programme: 50.0%."
    assert chart_text.figure_table(fig).to_dict("list") == {
        "Site": ["Horsens", "Vejle"],
        "Share (%)": ["–", "62.5%"],
    }


def test_bars_highest_and_lowest():
    """With many bars the description names the highest and the lowest."""
    frame = pd.DataFrame(
        {
            "municipality": ["Vejle"] * 7,
            "band": [f"{i} uger" for i in range(7)],
            "count": [5, 9, 2, 7, 1, 3, 4],
        }
    )
    fig = charts.bars(frame, "band", "count", "Forløb", "da")
    charts.style(fig, "Længde", "2025", "Uger", "Antal", "da")
    assert chart_text.describe(fig)[1] == "Højest: 1 uger (9); lavest: 4 uger (1)."
    assert chart_text.figure_table(fig)["Antal"].tolist() == ["5", "9", "2", "7", "1", "3", "4"]


def test_heatmap_cells_carry_a_sign():
    """Above and below the median is said with ▲ and ▼ in the cells, not by colour alone,
    and counted in the description."""
    cells = pd.DataFrame(
        {
            "row": ["Møder", "Møder", "Møder", "Besøg", "Besøg", "Besøg"],
            "column": ["Median", "Vejle", "Horsens"] * 2,
            "distance": [0.0, 0.2, -0.1, 0.0, 0.001, None],
            "text": ["50 %", "60 %<br>n = 10", "45 %<br>n = 20", "3", "3<br>n = 7", "–"],
            "hover": [""] * 6,
        }
    )
    fig = charts.deviation_heatmap(cells, "da")
    charts.style(fig, "Princip", "2025", lang="da")
    assert [list(line) for line in fig.data[0].text] == [
        ["50 %", "▲ 60 %<br>n = 10", "▼ 45 %<br>n = 20"],
        ["3", "3<br>n = 7", "–"],
    ]
    assert chart_text.describe(fig)[1] == (
        "Tabel med 2 rækker og 3 kolonner. 1 celler over referencen (▲), 1 under (▼), "
        "3 ved den (=), 1 uden værdi."
    )
    table = chart_text.figure_table(fig)
    assert table.columns.tolist() == ["", "Median", "Vejle", "Horsens"]
    assert table.iloc[0].tolist() == ["Møder", "50 %", "▲ 60 % n = 10", "▼ 45 % n = 20"]


def test_labels_on_bars_get_a_readable_colour():
    """Labels inside a stacked bar are black on a light or middle colour, white on a dark
    one, so that each keeps 4.5:1."""
    frame = pd.DataFrame(
        {
            "municipality": ["Vejle", "Vejle"],
            "outcome_type": ["education", "job"],
            "share_people": [0.4, 0.6],
            "count_people": [4, 6],
            "count_first_outcomes": [10, 10],
        }
    )
    parts = {"education": ("Uddannelse", "#229DE2"), "job": ("Job", "#332288")}
    fig = charts.composition_bars(
        frame,
        "municipality",
        "outcome_type",
        "share_people",
        "count_people",
        "count_first_outcomes",
        parts,
        "Alle",
        "da",
    )
    chart_text.readable_labels(fig)
    assert [t.insidetextfont.color for t in fig.data] == ["#000000", "#FFFFFF"]
    assert chart_text.figure_table(fig).to_dict("list") == {
        "Kategori": ["Vejle"],
        "Uddannelse": ["40 % (4)"],
        "Job": ["60 % (6)"],
    }


def test_axis_text_darkened_where_the_chart_sets_no_colour():
    """Axis titles, ticks and the subtitle get the darker grey; a colour a chart chose for
    itself (the heatmap's dark row names) stays."""
    cells = pd.DataFrame(
        {"row": ["A"], "column": ["Vejle"], "distance": [0.1], "text": ["1"], "hover": [""]}
    )
    fig = charts.deviation_heatmap(cells, "da")
    charts.style(fig, "Titel", "Undertitel", "x", "y", "da")
    chart_text.readable_labels(fig)
    assert fig.layout.xaxis.title.font.color == chart_text.SECONDARY_TEXT
    assert fig.layout.title.subtitle.font.color == chart_text.SECONDARY_TEXT
    assert fig.layout.yaxis.tickfont.color == "#222222"
    assert fig.data[0].textfont.color == "#222222"


def test_notes_outside_labels_and_colour_bar_title_keep_4_5_to_1():
    """A low-vision reader can read the incomplete month's note, a step's label that does not
    fit its short bar (21 of 361 is drawn beside the bar, on white) and the heatmap's colour
    bar title: each drawn in a grey or near-black of 4.5:1 on white, not Streamlit's 3.7:1."""
    from nextwork.present.colour_contrast import contrast

    frame = pd.DataFrame(
        {
            "municipality": ["Vejle", "Vejle"],
            "month_start": [dt.date(2024, 5, 1), dt.date(2024, 6, 1)],
            "participants_active": [3, 4],
        }
    )
    fig = charts.lines_by_municipality(frame, "month_start", "participants_active", "Aktive")
    charts.mark_incomplete_month(fig, dt.date(2024, 6, 10), "da")
    chart_text.readable_labels(fig)
    [note] = fig.layout.annotations
    assert note.text == "ufuldstændig måned"
    assert note.font.color == "#60646F"
    assert contrast(note.font.color, "#FFFFFF") >= 4.5

    steps = charts.step_bars(["Indskrevet", "Fastholdt"], [361, 21], [1.0, 21 / 361], "da")
    chart_text.readable_labels(steps)
    assert steps.data[0].insidetextfont.color == "#FFFFFF"  # on the black bar
    assert steps.data[0].outsidetextfont.color == "#222222"  # beside it, on white
    assert contrast("#222222", "#FFFFFF") >= 4.5

    cells = pd.DataFrame(
        {"row": ["A"], "column": ["Vejle"], "distance": [0.1], "text": ["1"], "hover": [""]}
    )
    heat = charts.deviation_heatmap(cells, "da", colourbar_title="Fra medianen")
    chart_text.readable_labels(heat)
    assert heat.data[0].colorbar.title.text == "Fra medianen"
    assert heat.data[0].colorbar.title.font.color == "#60646F"
