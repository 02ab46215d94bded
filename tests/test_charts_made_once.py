"""Charts are made once per input (nextwork/present/charts/memo.py `memo`): the same frame gives
the same figure, a page's changes to its copy never reach the next reader's, and a different frame,
label or language gives a different figure."""

from __future__ import annotations

import pandas as pd
import plotly.io as pio

from nextwork.present import charts

ROWS = pd.DataFrame(
    {
        "municipality": ["Vejle", "Vejle", "Horsens"],
        "measure": ["a", "b", "a"],
        "count": [3, 4, 7],
    }
)


def test_the_same_input_gives_an_equal_copy():
    charts.forget()
    first = charts.bars(ROWS, "measure", "count", "Antal", "da")
    second = charts.bars(ROWS.copy(), "measure", "count", "Antal", "da")
    assert first is not second
    assert pio.to_json(first) == pio.to_json(second)
    assert [t.name for t in second.data] == ["Horsens", "Vejle"]
    assert list(second.data[1].y) == [3, 4]


def test_a_page_s_changes_stay_on_its_copy():
    charts.forget()
    first = charts.bars(ROWS, "measure", "count", "Antal", "da")
    charts.style(first, "Titel", "Vejle, Horsens")
    first.add_hline(y=5)
    again = charts.bars(ROWS, "measure", "count", "Antal", "da")
    assert again.layout.title.text is None
    assert len(again.layout.shapes) == 0


def test_a_different_frame_label_or_language_makes_a_new_figure():
    charts.forget()
    base = charts.bars(ROWS, "measure", "count", "Antal", "da")
    changed = charts.bars(ROWS.assign(count=[3, 4, 8]), "measure", "count", "Antal", "da")
    assert list(changed.data[0].y) == [8] and list(base.data[0].y) == [7]
    english = charts.bars(ROWS, "measure", "count", "Antal", "en")
    assert english.data[0].customdata[0][1] == "7"
    # the row order is part of the input: bars come in the frame's order
    flipped = charts.bars(ROWS.iloc[[1, 0, 2]], "measure", "count", "Antal", "da")
    assert list(flipped.data[1].y) == [4, 3]
    # labels from a function: equal labels, equal figure; other labels, another figure
    named = charts.bars(ROWS, "measure", "count", "Antal", "da", category_text=str.upper)
    assert list(named.data[1].x) == ["A", "B"]
    other = charts.bars(ROWS, "measure", "count", "Antal", "da", category_text=lambda c: c * 2)
    assert list(other.data[1].x) == ["aa", "bb"]
