"""The deck written as an editable PowerPoint file (python-pptx): titles in placeholders,
native charts whose numbers stay editable, tables, a footer and slide numbers."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_AXIS_CROSSES, XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from nextwork.present import cells
from nextwork.present.deck.kpi_slides import slides
from nextwork.present.deck.model import (
    Chart,
    Figures,
    Slide,
    Table,
    footer,
)

# --- the PowerPoint file ---------------------------------------------------------------------

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.6)
INK = RGBColor(0x22, 0x22, 0x22)
GREY = RGBColor(0x66, 0x66, 0x66)
ALERT = RGBColor(0xB0, 0x00, 0x20)
STRIPES = (RGBColor(0xF2, 0xF2, 0xF2), RGBColor(0xFF, 0xFF, 0xFF))
NUMBER_FORMATS = {"count": "#,##0", "share": "0.0 %"}
AXIS_FORMATS = {"count": "#,##0", "share": "0 %"}


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _text(slide, left, top, width, height, paragraphs, size, colour=INK, bold=False, gap=0):
    """A text box with one paragraph per item of `paragraphs`."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for i, content in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(gap)
        run = paragraph.add_run()
        run.text = content
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = colour
    return box


def _title(slide, content: str, top: int | None = None, size=36):
    top = Inches(0.35) if top is None else top
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = MARGIN, top, WIDTH - 2 * MARGIN, Inches(1)
    title.text = content
    frame = title.text_frame
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.word_wrap = True
    for paragraph in frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.font.bold = True
            run.font.color.rgb = INK


LEGEND_ROW = Inches(0.45)


def _legend(slide, chart: Chart, left, top, width) -> None:
    """A legend drawn on the slide, under a horizontal chart, in the order of the bars (top
    first): PowerPoint and LibreOffice order a bar chart's own legend differently, and one of
    them always against the bars."""
    entries = [(s.name, s.colour, Inches(0.5) + Inches(0.13) * len(s.name)) for s in chart.series]
    gap = Inches(0.35)
    x = left + max(0, (width - sum(w for _, _, w in entries) - gap * (len(entries) - 1)) // 2)
    for name, colour, entry_width in entries:
        square = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, x, top + Inches(0.13), Inches(0.18), Inches(0.18)
        )
        square.fill.solid()
        square.fill.fore_color.rgb = _rgb(colour)
        square.line.fill.background()
        box = _text(slide, x + Inches(0.24), top, entry_width, LEGEND_ROW, [name], 14)
        box.text_frame.word_wrap = False
        box.name = f"Legend: {name}"
        x += entry_width + gap


def _chart(slide, chart: Chart, left, top, width, height) -> None:
    own_legend = chart.horizontal and len(chart.series) > 1
    if own_legend:
        height -= LEGEND_ROW
        _legend(slide, chart, left, top + height, width)
    data = CategoryChartData(number_format=NUMBER_FORMATS[chart.kind])
    # The chart's data travels as an embedded workbook: its text cells are made safe.
    data.categories = [cells.safe(c) for c in chart.category_labels("{c}\n{n}")]
    for series in chart.series:
        data.add_series(cells.safe(series.name), list(series.values))
    kind = XL_CHART_TYPE.BAR_CLUSTERED if chart.horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED
    shape = slide.shapes.add_chart(kind, left, top, width, height, data)
    graph = shape.chart
    graph.font.size = Pt(14)
    graph.font.color.rgb = INK
    graph.has_title = True
    graph.chart_title.text_frame.text = chart.title
    graph.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(16)
    graph.chart_title.text_frame.paragraphs[0].runs[0].font.bold = True
    graph.has_legend = len(chart.series) > 1 and not own_legend
    if graph.has_legend:
        graph.legend.position = XL_LEGEND_POSITION.BOTTOM
        graph.legend.include_in_layout = False
    axis = graph.value_axis
    axis.minimum_scale = 0
    if chart.kind == "share":
        axis.maximum_scale = 1
        axis.major_unit = 0.25
    axis.has_major_gridlines = True
    axis.tick_labels.number_format = AXIS_FORMATS[chart.kind]
    axis.tick_labels.number_format_is_linked = False
    axis.has_title = True
    axis.axis_title.text_frame.text = chart.value_title
    categories = graph.category_axis
    categories.has_title = True
    categories.axis_title.text_frame.text = chart.category_title
    if chart.horizontal:  # read from the top, the value axis below, as in the slide show
        categories.reverse_order = True
        categories.crosses = XL_AXIS_CROSSES.MAXIMUM
    plot = graph.plots[0]
    plot.gap_width = 60
    plot.overlap = -10 if len(chart.series) > 1 else 0
    # Labels on every bar, unless there are so many series that they would overlap.
    plot.has_data_labels = len(chart.series) <= 2
    if plot.has_data_labels:
        labels = plot.data_labels
        labels.number_format = NUMBER_FORMATS[chart.kind]
        labels.number_format_is_linked = False
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
        labels.font.size = Pt(16 if len(chart.categories) <= 4 else 12)
        # Set on each series too: LibreOffice reads the series' labels, not the plot's.
        for drawn in plot.series:
            own = drawn.data_labels
            own.show_value = True
            own.number_format = NUMBER_FORMATS[chart.kind]
            own.number_format_is_linked = False
            own.position = XL_LABEL_POSITION.OUTSIDE_END
            own.font.size = Pt(16 if len(chart.categories) <= 4 else 12)
    for series, drawn in zip(chart.series, plot.series, strict=True):
        drawn.format.fill.solid()
        drawn.format.fill.fore_color.rgb = _rgb(series.colour)
        for i, label in enumerate(series.labels):
            point = drawn.points[i]
            if series.point_colours:
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = _rgb(series.point_colours[i])
            if series.values[i] is None and plot.has_data_labels:  # no bar: say why ("<5")
                point.data_label.text_frame.text = label
                point.data_label.position = XL_LABEL_POSITION.INSIDE_BASE


def _table(slide, table: Table, left, top, width) -> None:
    rows, columns = len(table.rows) + 1, len(table.header)
    row_height = Inches(0.58)
    shape = slide.shapes.add_table(rows, columns, left, top, width, row_height * rows)
    grid = shape.table
    first = Inches(5.6) if columns <= 3 else Inches(4.4) if columns <= 4 else Inches(2.9)
    size = 18 if columns <= 4 else 15
    grid.columns[0].width = first
    for c in range(1, columns):
        grid.columns[c].width = Emu(int((width - first) / (columns - 1)))
    for c, name in enumerate(table.header):
        cell = grid.cell(0, c)
        cell.text = name
        cell.fill.solid()
        cell.fill.fore_color.rgb = INK
        run = cell.text_frame.paragraphs[0].runs[0]
        # A size smaller than the cells, so that "Programmets" fits a narrow column whole
        # in LibreOffice too (whose fallback for the theme's font is wider).
        run.font.size, run.font.bold = Pt(size - 3), True
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        if c:
            cell.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
    for r, row in enumerate(table.rows, start=1):
        for c, (content, small) in enumerate(row):
            cell = grid.cell(r, c)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.fill.solid()
            cell.fill.fore_color.rgb = STRIPES[r % 2]
            paragraph = cell.text_frame.paragraphs[0]
            run = paragraph.add_run()
            run.text = content
            run.font.size = Pt(size if c else size - 2)
            run.font.bold = bool(c)
            if c:
                paragraph.alignment = PP_ALIGN.RIGHT
            if small:  # the n under the value
                paragraph = cell.text_frame.add_paragraph()
                paragraph.alignment = PP_ALIGN.RIGHT
                run = paragraph.add_run()
                run.text = small
                run.font.size = Pt(11)
                run.font.color.rgb = GREY


def pptx(deck: list[Slide], footer: str, lang: str = "da", internal: str | None = None) -> bytes:
    """The slides as a 16:9 PowerPoint file: titles in title placeholders, the charts as
    native charts (their numbers editable), a footer and the slide number on each slide."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    layout = prs.slide_layouts[5]  # title only
    prs.core_properties.title = deck[0].title if deck else "NExTWORK"
    prs.core_properties.language = "da-DK" if lang == "da" else "en-GB"
    inner = WIDTH - 2 * MARGIN
    for number, item in enumerate(deck, start=1):
        slide = prs.slides.add_slide(layout)
        if item.key == "title":
            _title(slide, item.title, top=Inches(1.0), size=54)
            slide.shapes.title.height = Inches(2.0)
            slide.shapes.title.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
            _text(slide, MARGIN, Inches(3.2), inner, Inches(2.2), item.lines, 28, gap=10)
            if internal:
                _text(slide, MARGIN, Inches(0.5), inner, Inches(0.8), [internal], 20, ALERT, True)
            if item.note and item.note != internal:
                _text(slide, MARGIN, Inches(5.7), inner, Inches(0.8), [item.note], 14, GREY)
        else:
            _title(slide, item.title)
            down = 0
            if item.lead:  # the headline sentence under the title
                _text(slide, MARGIN, Inches(1.1), inner, Inches(0.5), [item.lead], 18, INK, True)
                down = Inches(0.5)
            if item.big is not None:
                column = Inches(4.9)
                big = _text(
                    slide,
                    MARGIN,
                    Inches(1.45) + down,
                    column,
                    Inches(1.5),
                    [item.big],
                    80,
                    _rgb(item.colour),
                    True,
                )
                big.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
                _text(slide, MARGIN, Inches(3.05) + down, column, Inches(1.1), [item.big_label], 22)
                _text(
                    slide, MARGIN, Inches(4.25) + down, column, Inches(1.9), item.lines, 18, gap=8
                )
                if item.note:
                    _text(slide, MARGIN, Inches(6.15), column, Inches(0.6), [item.note], 12, GREY)
                if item.chart:
                    left = MARGIN + column + Inches(0.3)
                    _chart(
                        slide,
                        item.chart,
                        left,
                        Inches(1.4) + down,
                        WIDTH - MARGIN - left,
                        Inches(5.5) - down,
                    )
            elif item.table:
                _text(slide, MARGIN, Inches(1.2), inner, Inches(0.9), item.lines, 18)
                _table(slide, item.table, MARGIN, Inches(2.1), inner)
                if item.note:
                    _text(slide, MARGIN, Inches(6.45), inner, Inches(0.5), [item.note], 12, GREY)
            elif item.chart:
                _text(slide, MARGIN, Inches(1.25), inner, Inches(0.5), item.lines, 18)
                _chart(slide, item.chart, MARGIN, Inches(1.8), inner, Inches(5.1))
            else:  # definitions: two columns of small print
                half = (len(item.lines) + 1) // 2
                width = Emu(int((inner - Inches(0.4)) / 2))
                for i, part in enumerate((item.lines[:half], item.lines[half:])):
                    left = MARGIN + i * (width + Inches(0.4))
                    _text(slide, left, Inches(1.3), width, Inches(5.2), part, 12, gap=3)
                if item.note:
                    bottom = Inches(6.5)
                    _text(slide, MARGIN, bottom, inner, Inches(0.4), [item.note], 12, INK, True)
        mark = f"{footer}  ·  {internal}" if internal and item.key != "title" else footer
        colour = ALERT if internal else GREY
        _text(slide, MARGIN, Inches(7.0), inner - Inches(1), Inches(0.35), [mark], 10, colour)
        _text(
            slide,
            WIDTH - MARGIN - Inches(1),
            Inches(7.0),
            Inches(1),
            Inches(0.35),
            [f"{number} / {len(deck)}"],
            10,
            GREY,
        ).text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def build(fig: Figures) -> bytes:
    """The deck of these figures, ready to download."""
    return pptx(slides(fig), footer(fig), fig.lang, fig.internal)
