"""The PowerPoint deck: the same slides as the presentation page, with native charts whose
numbers equal the KPI engine's, small numbers hidden, and a file that LibreOffice opens.

The expected values are hand counts for the tiny export (`tests/tiny_export.py`); those for
2024 are `YEAR_2024` in tests/test_kpis.py. The programme is Vejle and Horsens pooled.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import shutil
import subprocess

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches

from nextwork.ingest import db
from nextwork.metrics import disclosure, kpis, principles
from nextwork.present import deck
from tests.tiny_export import AS_OF, copy_tiny_db

START, END = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
BEFORE = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
TITLES_DA = [
    "NExTWORK: hele programmet",
    "Unge i NExTWORK",
    "Virksomhedsnetværket",
    "Praktikforløb",
    "Job eller uddannelse inden 12 måneder",
    "Fastholdelse",
    "Kommunerne side om side",
    "Fair sammenligning",
    "Effekten i forsøget",
    "Mange til mange",
    "Arbejdsidentitet",
    "Magtskifte",
    "Definitioner og data",
]


@pytest.fixture(scope="module")
def con(tmp_path_factory, tiny_db_built):
    connection = db.connect(
        copy_tiny_db(tiny_db_built, tmp_path_factory.mktemp("deck")), read_only=True
    )
    yield connection
    connection.close()


def figures(con, site=None, suppress=True, lang="da", internal=None) -> deck.Figures:
    """The figures as the presentation page gathers them, from the KPI engine."""
    everyone = kpis.all_municipalities(con)

    def frame(start, end, municipalities):
        params = kpis.query_params(start, end, AS_OF, municipalities)
        out = kpis.kpi_frame(con, params)
        return disclosure.disclose_kpis(out) if suppress else disclosure.strip_kpis(out)

    def pooled(start, end):
        out = frame(start, end, everyone)
        return out[out["municipality"].isna()].reset_index(drop=True)

    chosen = [site] if site else everyone
    now = frame(START, END, chosen) if site else pooled(START, END)
    before = frame(*BEFORE, chosen) if site else pooled(*BEFORE)
    rows = db.run(con, "principle_indicators", kpis.query_params(START, END, AS_OF, everyone))
    if suppress:
        rows = deck.hide_small_indicators(disclosure.disclose_table(rows, "principle_indicators"))
    indicators = principles.with_medians(
        principles.indicator_frame(rows[~rows["is_half_year"]], lambda s, e: frame(s, e, everyone))
    )
    return deck.Figures(
        site,
        START,
        END,
        AS_OF,
        now,
        before,
        pooled(START, END),
        frame(START, END, chosen),
        indicators,
        lang=lang,
        target=0.75,
        loaded="Horsens 30. jun. 2025, Vejle 30. jun. 2025",
        internal=internal,
        site_count=len(everyone),
    )


def opened(fig: deck.Figures):
    return Presentation(io.BytesIO(deck.build(fig)))


def chart_of(slide):
    charts = [shape.chart for shape in slide.shapes if shape.has_chart]
    assert len(charts) == 1, "one native chart on the slide"
    return charts[0]


def series_values(chart) -> dict[str, tuple]:
    return {s.name: tuple(s.values) for s in chart.plots[0].series}


def texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def test_an_internal_deck_has_the_slides_and_the_engines_numbers_in_native_charts(con):
    """An admin's internal deck for 2024 (exact figures): thirteen 16:9 slides with these titles,
    and native charts holding the hand-counted figures, editable in PowerPoint."""
    note = "INTERNT: små tal er ikke skjult. Må ikke deles uden for teamet."
    prs = opened(figures(con, suppress=False, internal=note))
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))
    slides = list(prs.slides)
    assert [s.shapes.title.text for s in slides] == TITLES_DA
    assert note in texts(slides[0]), "the first slide says the file is internal"

    # Young people: 2023 had V1 V2 H2 active (V1 V2 new); 2024 has 9 active, 7 new.
    young = chart_of(slides[1])
    assert list(young.plots[0].categories) == ["2023", "2024"]
    assert series_values(young) == {"Aktive unge": (3.0, 9.0), "Nye unge": (2.0, 7.0)}
    assert young.plots[0].data_labels.number_format == "#,##0"
    assert "9" in texts(slides[1])
    # Companies: CV1 CV3 CV4 CH1 CH2 in the network in 2023, active by placement (CV1 CH2)
    # or visit (CV3); 2024 as in test_kpis.
    companies = series_values(chart_of(slides[2]))
    assert companies == {
        "Virksomheder i netværket": (5.0, 5.0),
        "Aktive virksomheder": (3.0, 5.0),
    }
    # Placements: PL1 PL2 PL13 started and ran in 2023; 10 started and 11 active in 2024.
    placements = series_values(chart_of(slides[3]))
    assert placements == {
        "Påbegyndte praktikforløb": (3.0, 10.0),
        "Aktive praktikforløb": (3.0, 11.0),
    }

    # Outcomes within 12 months: Horsens 2 of 3, Vejle 2 of 2, the programme 4 of 5, the target.
    outcomes = chart_of(slides[4])
    # Each bar names its n; all are under 10 here, so each is grey and called uncertain.
    assert list(outcomes.plots[0].categories) == [
        "Horsens\nn = 3, usikker",
        "Vejle\nn = 2, usikker",
        "Programmet\nn = 5, usikker",
        "Målet",
    ]
    fills = [str(p.format.fill.fore_color.rgb) for p in outcomes.plots[0].series[0].points]
    assert fills == ["BBBBBB", "BBBBBB", "BBBBBB", "BBBBBB"]
    assert series_values(outcomes)["I job/uddannelse inden 12 mdr."] == pytest.approx(
        (2 / 3, 1.0, 4 / 5, 0.75)
    )
    assert outcomes.plots[0].data_labels.number_format == "0.0 %"
    assert outcomes.value_axis.tick_labels.number_format == "0 %"
    assert "80,0 %" in texts(slides[4])
    # Retained 6 months after the start: Horsens H1 of H1 H4, Vejle V6 of V6, the programme 2/3.
    retained = series_values(chart_of(slides[5]))["Fastholdt 6 mdr. efter start"]
    assert retained == pytest.approx((1 / 2, 1.0, 2 / 3))
    assert list(chart_of(slides[5]).plots[0].categories) == [
        "Horsens\nn = 2, usikker",
        "Vejle\nn = 1, usikker",
        "Programmet\nn = 3, usikker",
    ]

    # Six shares, each site against the programme (the KPI tables of test_kpis), as a table
    # with the n under each value: six bars a row would be too thin to read.
    table = next(shape.table for shape in slides[6].shapes if shape.has_table)
    header = [table.cell(0, c).text for c in range(len(table.columns))]
    assert header == ["Nøgletal", "Horsens", "Vejle", "Programmet"]
    cells = [[table.cell(r, c).text for c in range(4)] for r in range(1, len(table.rows))]
    assert cells == [
        ["Praktik inden 3 mdr.", "66,7 %\nn = 3", "75,0 %\nn = 4", "71,4 %\nn = 7"],
        ["Andel gennemførte forløb", "50,0 %\nn = 2", "0,0 %\nn = 4", "16,7 %\nn = 6"],
        ["Andel selvvalgte praktikker", "33,3 %\nn = 3", "75,0 %\nn = 4", "57,1 %\nn = 7"],
        ["Andel i ungenetværk", "50,0 %\nn = 4", "20,0 %\nn = 5", "33,3 %\nn = 9"],
        ["I job/uddannelse inden 12 mdr.", "66,7 %\nn = 3", "100,0 %\nn = 2", "80,0 %\nn = 5"],
        ["Fastholdt 6 mdr. efter start", "50,0 %\nn = 2", "100,0 %\nn = 1", "66,7 %\nn = 3"],
    ]

    # One slide per principle, as a table: an indicator a row, a column per site and the median.
    for slide, principle in zip(slides[9:12], principles.PRINCIPLES, strict=True):
        table = next(shape.table for shape in slide.shapes if shape.has_table)
        members = [i for i in principles.INDICATORS if i.principle == principle.key]
        assert len(table.rows) == len(members) + 1
        header = [table.cell(0, c).text for c in range(len(table.columns))]
        assert header == ["Indikator", "Horsens", "Vejle", "Programmets median"]
    # The definitions of the KPIs used, and the data's date.
    closing = "\n".join(texts(slides[12]))
    assert kpis.KPI_BY_KEY["outcome_12m_share"].definition("da") in closing
    assert "Data opgjort pr. 30. jun. 2025" in closing


def test_small_numbers_read_less_than_5_in_a_suppressed_deck(con):
    """A manager's deck for Horsens in 2024: its 4 active young people read <5 as the slide's
    big number, 2023's single young person is no bar but a "<5" label, and the outcome share
    resting on 2 of 3 young people is hidden."""
    prs = opened(figures(con, site="Horsens"))
    slides = list(prs.slides)
    assert slides[0].shapes.title.text == "NExTWORK i Horsens"
    assert "<5" in texts(slides[1])
    young = chart_of(slides[1])
    # 2023: H2 active, nobody new (0 is shown); 2024: H1 H2 H4 H5 active, H1 H4 H5 new.
    assert series_values(young) == {"Aktive unge": (None, None), "Nye unge": (0.0, None)}
    active = young.plots[0].series[0]
    assert [active.points[i].data_label.text_frame.text for i in range(2)] == ["<5", "<5"]
    outcomes = chart_of(slides[4])
    assert series_values(outcomes)["I job/uddannelse inden 12 mdr."][0] is None
    assert "–" in texts(slides[4])


def test_the_deck_in_english(con):
    """A foundation analyst presenting in English gets English titles and labels."""
    prs = opened(figures(con, lang="en"))
    titles = [s.shapes.title.text for s in prs.slides]
    assert titles[:3] == [
        "NExTWORK: the whole programme",
        "Young people reached",
        "The company network",
    ]
    assert titles[-1] == "Definitions and data"
    young = chart_of(list(prs.slides)[1])
    assert [s.name for s in young.plots[0].series] == ["Active young people", "New young people"]


def test_libreoffice_converts_the_deck_to_pdf(con, tmp_path):
    """The deck opens cleanly in LibreOffice Impress: a headless conversion to PDF succeeds
    and gives one page per slide. CI installs LibreOffice (.ci/run)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is missing in CI: .ci/run installs libreoffice-impress")
        pytest.skip("LibreOffice (soffice) is not installed here; CI installs it")
    path = tmp_path / "deck.pptx"
    path.write_bytes(deck.build(figures(con, site="Vejle")))
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "LANG": "da_DK.UTF-8", "LC_ALL": "da_DK.UTF-8"},
    )
    pdf = tmp_path / "deck.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stdout + result.stderr
    content = pdf.read_bytes()
    assert content[:5] == b"%PDF-"
    assert b"/Count 13" in content, "a page per slide"


@pytest.mark.parametrize(
    "period, expected",
    [
        # A calendar year against the year before, leap year or not.
        (
            (dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
            (dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        ),
        # Whole months against as many months before: March-May 2024 against Dec-Feb.
        ((dt.date(2024, 3, 1), dt.date(2024, 5, 31)), (dt.date(2023, 12, 1), dt.date(2024, 2, 29))),
        # The first half of 2025 against the second half of 2024.
        ((dt.date(2025, 1, 1), dt.date(2025, 6, 30)), (dt.date(2024, 7, 1), dt.date(2024, 12, 31))),
        # Anything else against as many days before: 5 days.
        ((dt.date(2024, 3, 5), dt.date(2024, 3, 9)), (dt.date(2024, 2, 29), dt.date(2024, 3, 4))),
    ],
)
def test_the_period_before(period, expected):
    """The count slides compare the period with the one before it: 2024 with 2023."""
    assert deck.previous_period(*period) == expected


def test_one_site_against_the_programme_with_labelled_bars(con):
    """Vejle's deck compares its shares with the programme's in a chart of two series, each
    bar labelled, on every series (LibreOffice reads the series' labels)."""
    slides = list(opened(figures(con, site="Vejle", suppress=False)).slides)
    assert slides[6].shapes.title.text == "Vejle mod programmet"
    compared = chart_of(slides[6])
    values = series_values(compared)
    assert values["Vejle"] == pytest.approx((3 / 4, 0.0, 3 / 4, 1 / 5, 1.0, 1.0))
    assert values["Programmet"] == pytest.approx((5 / 7, 1 / 6, 4 / 7, 3 / 9, 4 / 5, 2 / 3))
    for series in compared.plots[0].series:
        assert series.data_labels.show_value
        assert series.data_labels.number_format == "0.0 %"
    # The legend in the order of the bars, Vejle on top: drawn on the slide, since PowerPoint
    # and LibreOffice order a bar chart's own legend differently.
    assert not compared.has_legend
    legend = [s for s in slides[6].shapes if s.name.startswith("Legend: ")]
    assert [s.text_frame.text for s in legend] == ["Vejle", "Programmet"]
    assert legend[0].left < legend[1].left
    squares = [s for s in slides[6].shapes if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE]
    assert [str(s.fill.fore_color.rgb) for s in squares] == ["CC79A7", "000000"]
    assert [s.plots[0].series[0].name for s in [compared]] == ["Vejle"]


def test_the_placements_slide_says_who_chose(con):
    """Slide 4 says the young person chose the company in 57,1 % of the placements (4 of 7 in
    2024 where it is known), not that companies chose the young person."""
    slides = list(opened(figures(con, suppress=False)).slides)
    lines = "\n".join(texts(slides[3])).split("\n")
    assert "I 57,1 % af praktikforløbene valgte den unge selv virksomheden." in lines
    slides = list(opened(figures(con, suppress=False, lang="en")).slides)
    lines = "\n".join(texts(slides[3])).split("\n")
    assert "In 57.1% of the placements the young person chose the company." in lines


def test_the_effect_slide_holds_the_trials_effects(con):
    """The trial's hand-worked two sites (tests/test_trial_effects.py) at week 52 make a
    table slide: each site's difference and Newcombe interval in percentage points with the
    n of both arms, and the pooled fixed effect, under the effect in one sentence."""
    import pandas as pd

    from nextwork.metrics import trial_effects

    arms = pd.DataFrame(
        {
            "municipality": ["Roskilde", "Vejle"],
            "weeks": [52, 52],
            "count_randomised_nextwork": [40, 30],
            "count_outcome_nextwork": [20, 12],
            "count_randomised_control": [40, 30],
            "count_outcome_control": [10, 11],
        }
    )
    fig = dataclasses.replace(figures(con), trial=trial_effects.effects_at(arms, 52))
    slide = list(opened(fig).slides)[8]
    assert slide.shapes.title.text == "Effekten i forsøget"
    table = next(shape.table for shape in slide.shapes if shape.has_table)
    cells = [[table.cell(r, c).text for c in range(3)] for r in range(len(table.rows))]
    assert cells == [
        ["Kommune", "Forskel (procentpoint)", "95 %-interval"],
        ["Roskilde", "25,0", "3,8 til 43,3\nn = 40 + 40"],
        ["Vejle", "3,3", "\u221220,2 til 26,4\nn = 30 + 30"],
        ["Samlet", "16,1", "0,4 til 31,9"],
    ]
    assert (
        "16 procentpoint flere i job eller uddannelse efter 52 uger, 95 %-interval 0 til 32."
        in texts(slide)
    )


def test_the_slide_shows_legend_is_at_its_foot_in_the_order_of_the_bars():
    """On the screen, a chart of two series (Vejle on top, the programme under it) has its
    legend at the foot of the chart, with room kept for it, Vejle first, as the bars read;
    the value axis runs on to 130 % so that a full bar's label fits."""
    chart = deck.Chart(
        "Andelene mod programmet",
        ("Praktik inden 3 mdr.", "Andel i ungenetværk"),
        (
            deck.Series("Vejle", (0.75, 1.0), ("75,0 %", "100,0 %"), "#CC79A7"),
            deck.Series("Programmet", (5 / 7, 1 / 3), ("71,4 %", "33,3 %"), "#000000"),
        ),
        "share",
        "Andel (%)",
        "Nøgletal",
        horizontal=True,
    )
    fig = deck.figure(chart, "Vejle · 2024")
    assert [trace.name for trace in fig.data] == ["Vejle", "Programmet"]
    assert fig.layout.showlegend and fig.layout.legend.traceorder == "normal"
    assert (fig.layout.legend.yref, fig.layout.legend.y) == ("container", 0)
    assert fig.layout.margin.b == 50
    assert fig.layout.yaxis.autorange == "reversed", "the first series' bars on top"
    assert list(fig.layout.xaxis.range) == [0, 1.3]


def test_the_outcome_bars_on_screen_name_their_n_and_grey_the_uncertain(con):
    """On the projector, as in the deck, each bar of slide 5 names its n (Horsens 3, Vejle 2,
    the programme 5 in 2024, exact here) under the site's name; all under 10, so grey and
    called uncertain; the target has no n."""
    chart = next(s.chart for s in deck.slides(figures(con, suppress=False)) if s.key == "outcomes")
    fig = deck.figure(chart, "2024")
    bars = fig.data[0]
    assert list(bars.x) == [
        "Horsens<br>n = 3, usikker",
        "Vejle<br>n = 2, usikker",
        "Programmet<br>n = 5, usikker",
        "Målet",
    ]
    assert list(bars.marker.color) == ["#BBBBBB", "#BBBBBB", "#BBBBBB", "#BBBBBB"]
