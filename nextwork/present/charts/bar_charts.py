"""Bars and shares: per municipality, per category and series, a KPI share per site, the
steps of a flow, 100 % compositions and the headline strip, small numbers drawn grey."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from nextwork import formats, i18n
from nextwork.metrics import disclosure
from nextwork.present.charts import plain
from nextwork.present.charts.house_style import (
    GREYED,
    PROGRAMME_COLOUR,
    SHARE_ROOM,
    colour,
    few_note,
    share_axis,
)
from nextwork.present.charts.memo import memo


def bars_by_municipality(
    names: list[str],
    values: list,
    counts: list,
    kind: str,
    lang: str = "da",
    reference: float | None = None,
    reference_label: str | None = None,
    min_n: int = 0,
    target: float | None = None,
) -> go.Figure:
    """One bar per municipality in its own colour, labelled with its value in the reader's
    format and, for a share or median, the n behind it. A `target` is a dotted line across,
    named in the legend. A share on fewer than `min_n` is
    drawn grey, with a note in the legend. A missing value is a flat bar labelled "–".
    `reference` is a dashed line across, named in the legend."""
    bars, labels = [], []
    greyed = False
    for name, value, count in zip(names, values, counts, strict=True):
        text = formats.kpi_value(value, kind, lang)
        n_text = "" if count is None else f"n = {formats.number(count, lang)}"
        small = kind == "share" and count is not None and count < min_n and value is not None
        greyed = greyed or small
        bars.append(
            {
                "type": "bar",
                "x": [name],
                "y": [0 if value is None else value],
                "name": name,
                "marker": {"color": GREYED if small else colour(name)},
                "customdata": [[text, n_text]],
                "hovertemplate": f"<b>{name}</b><br>%{{customdata[0]}}<br>%{{customdata[1]}}"
                "<extra></extra>",
                "showlegend": False,
            }
        )
        # The value above the bar on a white ground, so that the reference line never
        # runs through it; the n under it.
        labels.append(
            {
                "x": name,
                "y": 0 if value is None else value,
                "text": text
                + (f"<br><span style='font-size:12px'>{n_text}</span>" if n_text else ""),
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"color": "#666666" if small else "#222222", "size": 15},
                "bgcolor": "rgba(255, 255, 255, 0.85)",
            }
        )
    lines = []
    if reference is not None:
        line = {"color": PROGRAMME_COLOUR, "dash": "dash", "width": 1.5}
        lines.append((reference, line))
        name = f"{reference_label}: {formats.kpi_value(reference, kind, lang)}"
        bars.append(plain.legend_line(name, line, showlegend=True))
    if target is not None:
        line = {"color": "#444444", "dash": "dot", "width": 2}
        lines.append((target, line))
        name = i18n.t(lang, "Målet: ", "Target: ") + formats.percent(target, lang, 0)
        bars.append(plain.legend_line(name, line))
    if greyed:
        bars.append(_few_bar(min_n, lang))
    # All at once and unchecked (`plain`): one by one, plotly checked every earlier trace
    # again for each new one, which took seconds for the 98 municipalities.
    layout = {"annotations": labels}
    if lines:
        layout["shapes"] = [plain.hline(y, line) for y, line in lines]
    return plain.figure(bars, layout)


def _few_bar(min_n: int, lang: str) -> dict:
    """The legend's grey bar of the shares on too few."""
    return {
        "type": "bar",
        "x": [None],
        "y": [None],
        "marker": {"color": GREYED},
        "name": few_note(min_n, lang),
    }


def bars(
    frame: pd.DataFrame,
    category: str,
    value: str,
    value_label: str,
    lang: str = "da",
    series: str = "municipality",
    share: str | None = None,
    category_text=None,
    series_text=None,
    series_colour=None,
    horizontal: bool = False,
    barmode: str = "stack",
) -> go.Figure:
    """Bars of `value` per `category`, one series per value of `series` (by default one per
    municipality in its own colour), in the frame's order. The hover shows the series, the
    category (a month for dates) and the formatted count, with the share from the column
    `share` if given. `category_text`, `series_text` and `series_colour` turn a category or
    series value into its label or colour."""
    # The labels and colours as columns of the frame, so that the figure is made once for
    # equal frames and labels (`memo`), whatever functions gave them.
    given = {}
    if category_text:
        given[_CATEGORY_TEXT] = [category_text(c) for c in frame[category]]
    if series_text:
        given[_SERIES_TEXT] = [series_text(k) for k in frame[series]]
    if series_colour:
        given[_SERIES_COLOUR] = [series_colour(k) for k in frame[series]]
    frame = frame.assign(**given) if given else frame
    return _bars(frame, category, value, value_label, lang, series, share, horizontal, barmode)


_CATEGORY_TEXT, _SERIES_TEXT, _SERIES_COLOUR = "_category_text", "_series_text", "_series_colour"


@memo
def _bars(frame, category, value, value_label, lang, series, share, horizontal, barmode):
    is_dates = pd.api.types.is_datetime64_any_dtype(frame[category])
    order, traces = [], []
    # Municipalities in name order, as in every other chart's legend; other series as given.
    for key, part in frame.groupby(series, sort=series == "municipality"):
        name = part[_SERIES_TEXT].iloc[0] if _SERIES_TEXT in part else str(key)
        if is_dates:
            positions = list(pd.to_datetime(part[category]))
            labels = [formats.month(d, lang) for d in positions]
        else:
            if _CATEGORY_TEXT in part:
                labels = list(part[_CATEGORY_TEXT])
            else:
                labels = [str(c) for c in part[category]]
            positions = labels
            order += [label for label in labels if label not in order]
        shares = list(part[share]) if share else [None] * len(part)
        customdata = [
            [label, formats.number(v, lang), formats.percent(s, lang)]
            for label, v, s in zip(labels, part[value], shares, strict=True)
        ]
        share_text = " (%{customdata[2]})" if share else ""
        counts = plain.values(part[value])
        traces.append(
            {
                "type": "bar",
                "x": counts if horizontal else positions,
                "y": positions if horizontal else counts,
                "orientation": "h" if horizontal else "v",
                "name": name,
                "marker": {
                    "color": part[_SERIES_COLOUR].iloc[0] if _SERIES_COLOUR in part else colour(key)
                },
                "customdata": customdata,
                "hovertemplate": f"<b>{name}</b><br>%{{customdata[0]}}<br>{value_label}: "
                f"%{{customdata[1]}}{share_text}<extra></extra>",
            }
        )
    fig = plain.figure(traces)  # at once and unchecked (`plain`)
    # Stacked horizontal bars read left to right, like a legend in trace order.
    fig.update_layout(barmode=barmode)
    if horizontal:
        fig.update_layout(legend_traceorder="normal")
    stacked = frame.groupby(category)[value].sum() if barmode == "stack" else frame[value]
    if stacked.empty or stacked.max() <= 5:  # counts: no ticks between whole numbers
        (fig.update_xaxes if horizontal else fig.update_yaxes)(dtick=1)
    if order:
        axis = fig.update_yaxes if horizontal else fig.update_xaxes
        axis(categoryorder="array", categoryarray=order)
        if horizontal:
            axis(autorange="reversed")
    return fig


@memo
def share_bars(
    frame: pd.DataFrame, lang: str = "da", total_label: str = "Alle valgte", min_n: int = 0
) -> go.Figure:
    """One KPI share per municipality from the KPI engine's long frame (municipality, value,
    numerator, denominator; municipality None is the pooled total, drawn last in black),
    as horizontal bars labelled with the share and, on a second line, its n. The value axis
    runs on to about 130 % so that the label of a full bar fits beside it. An empty share is
    a dash, never 0; a share on fewer than `min_n` is grey, with a note in the legend."""
    rows = frame.sort_values("municipality", na_position="last")
    names, values, texts, colours = [], [], [], []
    of = i18n.t(lang, " af ", " of ")
    for row in rows.itertuples():
        municipality = row.municipality if isinstance(row.municipality, str) else None
        value = None if pd.isna(row.value) else row.value
        numerator = 0 if pd.isna(row.numerator) else row.numerator
        denominator = 0 if pd.isna(row.denominator) else row.denominator
        names.append(municipality or total_label)
        values.append(value or 0)
        texts.append(
            f"{formats.percent(value, lang)}<br>({formats.number(numerator, lang)}{of}"
            f"{formats.number(denominator, lang)})"
        )
        small = value is not None and denominator < min_n
        colours.append(GREYED if small else colour(municipality))
    fig = go.Figure(
        go.Bar(
            x=values,
            y=names,
            orientation="h",
            marker_color=colours,
            text=texts,
            textposition="outside",
            textfont={"color": "#222222"},
            cliponaxis=False,
            customdata=texts,
            hovertemplate="<b>%{y}</b><br>%{customdata}<extra></extra>",
        )
    )
    if GREYED in colours:
        fig.add_trace(_few_bar(min_n, lang))
        fig.update_layout(showlegend=True)
        fig.data[0].showlegend = False
    fig.update_yaxes(autorange="reversed")
    share_axis(fig, lang, axis="x")
    fig.update_xaxes(range=[0, SHARE_ROOM])  # the ticks stop at 100 %
    return fig


@memo
def step_bars(
    labels: list[str],
    counts: list[int],
    shares: list[float | None],
    lang: str = "da",
    colour_hex: str = PROGRAMME_COLOUR,
) -> go.Figure:
    """Steps of a flow as horizontal bars from the top, each labelled with its count and its
    share of the first step. Bars, not a funnel: a step may hold more than the one before."""
    texts = [
        f"{formats.number(c, lang)} ({formats.percent(s, lang)})"
        if c is not None and not pd.isna(c)
        else disclosure.label()
        for c, s in zip(counts, shares, strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            x=[None if c is None or pd.isna(c) else c for c in counts],
            y=labels,
            orientation="h",
            text=texts,
            textposition="auto",
            marker_color=colour_hex,
            customdata=texts,
            hovertemplate="<b>%{y}</b><br>%{customdata}<extra></extra>",
        )
    )
    # The steps' names are what the chart says: as large as its numbers.
    fig.update_yaxes(autorange="reversed", tickfont={"size": 15, "color": "#222222"})
    if max((c for c in counts if c is not None and not pd.isna(c)), default=0) <= 5:
        fig.update_xaxes(dtick=1)
    return fig


def composition_bars(
    frame: pd.DataFrame,
    row: str,
    part: str,
    share: str,
    count: str,
    total: str,
    parts: dict[str, tuple[str, str]],
    total_label: str,
    lang: str = "da",
) -> go.Figure:
    """One horizontal 100 % bar per value of `row` (a null row, the pooled total, is named
    `total_label` and drawn last), split by `part` into the `parts` given as value -> (label,
    colour). Each part is labelled with its share and, in brackets, its count; the hover adds
    the row's total."""
    of = i18n.t(lang, "af", "of")
    traces = []
    for value, (label, colour_hex) in parts.items():
        rows = frame[frame[part] == value].sort_values(row, na_position="last")
        traces.append(
            {
                "type": "bar",
                "y": [total_label if pd.isna(r) else r for r in rows[row]],
                "x": rows[share].tolist(),
                "name": label,
                "orientation": "h",
                "marker": {"color": colour_hex},
                "text": [
                    f"{formats.percent(s, lang, 0)} ({formats.number(c, lang)})"
                    for s, c in zip(rows[share], rows[count], strict=True)
                ],
                "insidetextanchor": "middle",
                "textfont": {"size": 15},
                "customdata": [
                    [formats.number(c, lang), formats.number(n, lang), formats.percent(s, lang)]
                    for c, n, s in zip(rows[count], rows[total], rows[share], strict=True)
                ],
                "hovertemplate": f"<b>%{{y}}</b><br>{label}: %{{customdata[0]}} {of} "
                "%{customdata[1]} (%{customdata[2]})<extra></extra>",
            }
        )
    fig = plain.figure(traces)
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    fig.update_yaxes(autorange="reversed")
    share_axis(fig, lang, axis="x")
    fig.update_xaxes(range=[0, SHARE_ROOM])  # the ticks stop at 100 %
    return fig


def headline_strip(
    rows: list[tuple[str, float | None, int | None, bool]],
    lang: str = "da",
    target: float | None = None,
    status_quo: float | None = None,
    min_n: int = 10,
) -> go.Figure:
    """The headline share per site against the programme, the target and the status quo: a
    horizontal bar per row (name, share, n, is the programme), best at the top, each
    labelled with its share and n beside it. A share on fewer than `min_n` is drawn grey and
    its label says so; a missing share is a flat bar labelled "–". The labels stand right
    of the plot: give the figure a right margin of about 130 px after `style`."""
    ranked = sorted(rows, key=lambda r: (r[3], -1 if r[1] is None else r[1]))
    few = i18n.t(lang, "få unge", "few people")
    bars, labels = [], []
    for name, value, n, is_programme in ranked:
        small = n is not None and n < min_n
        n_text = "" if n is None else f"n = {formats.number(n, lang)}"
        text = formats.percent(value, lang) + (f" ({n_text})" if n_text else "")
        if small and value is not None:
            text += f" · {few}"
        category = f"<b>{name}</b>" if is_programme else name
        plain_name = name.replace("<b>", "").replace("</b>", "")  # a name may come in bold
        bar = GREYED if small else PROGRAMME_COLOUR if is_programme else colour(plain_name)
        bars.append(
            {
                "type": "bar",
                "y": [category],
                "x": [0 if value is None else value],
                "orientation": "h",
                "marker": {"color": bar},
                "hovertemplate": f"<b>{plain_name}</b><br>{text}<extra></extra>",
                "showlegend": False,
            }
        )
        # The label right of the plot, where no reference line runs through it.
        labels.append(
            {
                "x": 1.01,
                "xref": "paper",
                "xanchor": "left",
                "y": category,
                "text": text,
                "showarrow": False,
                "font": {"size": 13, "color": "#666666" if small else "#222222"},
            }
        )
    shapes = []
    for value, label, dash in (
        (target, i18n.t(lang, "Målet", "Target"), "dash"),
        (
            status_quo,
            i18n.t(lang, "Før programmet ca.", "Before the programme, about"),
            "dot",
        ),
    ):
        if value is None:
            continue
        line = {"color": "#444444", "dash": dash, "width": 1.5}
        # what `add_vline` makes, without its search of every bar for the axes they use
        shapes.append(
            {
                "type": "line",
                "x0": value,
                "x1": value,
                "xref": "x",
                "y0": 0,
                "y1": 1,
                "yref": "y domain",
                "line": line,
                "layer": "below",
            }
        )
        # named in the legend under the chart, where no label collides
        name = f"{label} {formats.percent(value, lang, 0)}"
        bars.append(plain.legend_line(name, line, showlegend=True))
    # All at once and unchecked (`plain`): one by one, plotly checked every earlier label
    # again for each new one.
    layout = {"annotations": labels}
    if shapes:
        layout["shapes"] = shapes
    fig = plain.figure(bars, layout)
    ticks = [0, 0.25, 0.5, 0.75, 1.0]
    fig.update_xaxes(
        range=[0, 1],
        tickvals=ticks,
        ticktext=[formats.percent(v, lang, 0) for v in ticks],
        showgrid=False,
    )
    fig.update_layout(bargap=0.35)
    return fig
