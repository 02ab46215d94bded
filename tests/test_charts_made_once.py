"""Charts are made once per input (nextwork/present/charts/memo.py `memo`): the same frame gives
the same figure, a page's changes to its copy never reach the next reader's, and a different frame,
label or language gives a different figure."""

from __future__ import annotations

import json

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
    assert _drawn(first) == _drawn(second)
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


def _drawn(fig) -> dict:
    """The figure as plotly.js reads it: empty lists and objects are as if not there."""

    def prune(value):
        if isinstance(value, dict):
            kept = {k: prune(v) for k, v in value.items()}
            return {k: v for k, v in kept.items() if v not in ([], {})}
        if isinstance(value, list):
            return [prune(v) for v in value]
        return value

    return prune(json.loads(pio.to_json(fig)))


def test_a_kept_figure_styled_draws_as_the_one_made_first():
    """The copy of a kept figure is made without checking each property again: styled and
    made readable as a page does, it draws exactly as the figure first made."""
    from nextwork.present import chart_text

    def styled(fig):
        charts.style(fig, "Titel", "Vejle, Horsens", "Måned", "Antal", "da")
        chart_text.readable_labels(fig)
        fig.add_hline(y=5)
        return _drawn(fig)

    charts.forget()
    first = styled(charts.bars(ROWS, "measure", "count", "Antal", "da", horizontal=True))
    again = styled(charts.bars(ROWS, "measure", "count", "Antal", "da", horizontal=True))
    assert first == again
    assert first["layout"]["title"]["text"] == "Titel"
    assert first["layout"]["yaxis"]["autorange"] == "reversed"
