"""The Effekt page's charts: a forest plot of the site effects with the pooled diamond, and
the two arms' curves over weeks since randomisation with their intervals as bands."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from nextwork import formats, i18n
from nextwork.present import charts

ARM_COLOURS = {"nextwork": "#0072B2", "control": "#949494"}
BAND_COLOURS = {"nextwork": "rgba(0,114,178,0.18)", "control": "rgba(148,148,148,0.25)"}


def arm_label(arm: str, lang: str) -> str:
    if arm == "nextwork":
        return "NExTWORK"
    return i18n.t(lang, "Sædvanlig indsats", "Usual services")


MINUS = "\u2212"  # the minus sign, not the hyphen the number formats give


def points(value, lang: str, decimals: int = 0) -> str:
    """A difference in shares as percentage points: 13, −4,7 (en: 13, −4.7) with the minus
    sign; what rounds to 0 has no sign; "–" when missing."""
    if value is None or pd.isna(value):
        return "–"
    text = formats.number(abs(value) * 100, lang, decimals)
    return (MINUS if value < 0 and text.strip("0.,") else "") + text


def includes_zero(low, high) -> bool:
    """Whether an interval includes 0: the trial cannot tell such an effect from none."""
    return low <= 0 <= high


def sentence(pooled: dict | None, week: int, lang: str) -> str:
    """The pooled effect in plain words: "13 procentpoint flere i job eller uddannelse efter
    52 uger, 95 %-interval 1 til 28"."""
    if pooled is None:
        return (
            "Effekten kan ikke beregnes for de valgte kommuner i denne uge."
            if lang == "da"
            else "The effect cannot be computed for the chosen sites at this week."
        )
    d = pooled["difference"]
    size = points(abs(d), lang)
    low, high = points(pooled["ci_low"], lang), points(pooled["ci_high"], lang)
    unclear = includes_zero(pooled["ci_low"], pooled["ci_high"])
    if lang == "da":
        way = "flere" if d >= 0 else "færre"
        return (
            f"{size} procentpoint {way} i job eller uddannelse efter {week} uger, "
            f"95 %-interval {low} til {high}"
        ) + ("; intervallet rummer 0, så forsøget kan ikke skelne det fra ingen effekt"
             if unclear else "")  # fmt: skip
    way = "more" if d >= 0 else "fewer"
    return (
        f"{size} percentage points {way} in job or education after {week} weeks, "
        f"95 % interval {low} to {high}"
    ) + ("; the interval includes 0, so the trial cannot tell it from no effect"
         if unclear else "")  # fmt: skip


def forest(effects: dict, lang: str, pooled_label: str) -> go.Figure:
    """One row per site (its difference as a square, its Newcombe interval as a line) and
    the pooled fixed effect as a diamond spanning its interval, on a percentage-point axis
    with a line at 0."""
    da = lang == "da"
    fig = go.Figure()
    sites = [(n, e) for n, e in effects["by_municipality"].items() if e is not None]
    names = [n for n, _ in sites]
    for name, e in sites:
        fig.add_trace(
            go.Scatter(
                x=[e["difference"] * 100],
                y=[name],
                mode="markers",
                name=name,
                showlegend=False,
                marker={
                    "symbol": "square",
                    "size": 9 + min(14, (e["treated_n"] + e["control_n"]) / 60),
                    "color": charts.colour(name),
                },
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": [(e["ci_high"] - e["difference"]) * 100],
                    "arrayminus": [(e["difference"] - e["ci_low"]) * 100],
                    "color": charts.colour(name),
                    "thickness": 2.5,
                    "width": 6,
                },
                hovertemplate=f"<b>{name}</b><br>{points(e['difference'], lang, 1)} "
                f"({points(e['ci_low'], lang, 1)} {'til' if da else 'to'} "
                f"{points(e['ci_high'], lang, 1)})<extra></extra>",
            )
        )
    pooled = effects.get("pooled")
    if pooled is not None:
        d, lo, hi = (pooled[k] * 100 for k in ("difference", "ci_low", "ci_high"))
        fig.add_trace(
            go.Scatter(
                x=[lo, d, hi, d, lo],
                y=[0, 0.28, 0, -0.28, 0],
                yaxis="y2",
                fill="toself",
                mode="lines",
                line={"color": charts.PROGRAMME_COLOUR},
                fillcolor=charts.PROGRAMME_COLOUR,
                name=pooled_label,
                showlegend=False,
                hovertemplate=f"<b>{pooled_label}</b><br>{points(pooled['difference'], lang, 1)} "
                f"({points(pooled['ci_low'], lang, 1)} {'til' if da else 'to'} "
                f"{points(pooled['ci_high'], lang, 1)})<extra></extra>",
            )
        )
    rows = len(names) + 1
    fig.update_layout(
        yaxis={
            "categoryorder": "array",
            "categoryarray": list(reversed(names)),
            "domain": [1 / (rows + 0.5), 1],
            "title": None,
        },
        yaxis2={
            "domain": [0, 0.8 / (rows + 0.5)],
            "range": [-0.5, 0.5],
            "tickvals": [0],
            "ticktext": [pooled_label],
            "showgrid": False,
            "zeroline": False,
        },
    )
    fig.add_vline(x=0, line={"color": "#555555", "dash": "dot"})
    # The axis under the pooled row, so that its ticks and title stand below the diamond.
    fig.update_layout(xaxis={"anchor": "y2", "zeroline": False})
    return fig


def arm_curves(curves: pd.DataFrame, lang: str, min_n: int = 0) -> go.Figure:
    """Each arm's share in job or education by week since randomisation, with its Wilson
    95 % interval as a band (weeks with a hidden count are gaps). The lines come first, so
    that the chart's description and table of numbers begin with them."""
    fig = go.Figure()
    bands = []
    of = i18n.t(lang, "af", "of")
    week_word = i18n.t(lang, "uge", "week")
    for arm in ("control", "nextwork"):
        part = curves[curves["arm"] == arm].sort_values("weeks")
        part = part[part["randomised"].fillna(0).astype(float) >= min_n]
        if part.empty:
            continue
        label = arm_label(arm, lang)
        band = i18n.t(lang, "95 %-interval", "95 % interval") + f", {label}"
        bands.append(
            go.Scatter(
                x=part["weeks"].tolist(),
                y=part["ci_high"].tolist(),
                mode="lines",
                line={"width": 0},
                name=band + (i18n.t(lang, " (øvre)", " (upper)")),
                showlegend=False,
                hoverinfo="skip",
            )
        )
        bands.append(
            go.Scatter(
                x=part["weeks"].tolist(),
                y=part["ci_low"].tolist(),
                mode="lines",
                line={"width": 0},
                fill="tonexty",
                fillcolor=BAND_COLOURS[arm],
                name=band + (i18n.t(lang, " (nedre)", " (lower)")),
                showlegend=False,
                hoverinfo="skip",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=part["weeks"].tolist(),
                y=part["share"].tolist(),
                mode="lines",
                name=label,
                line={"color": ARM_COLOURS[arm], "width": 3},
                customdata=[
                    [formats.percent(s, lang), _count(k, lang), _count(n, lang)]
                    for s, k, n in zip(
                        part["share"], part["in_job_or_education"], part["randomised"], strict=True
                    )
                ],
                hovertemplate=f"<b>{label}</b><br>{week_word} %{{x}}<br>%{{customdata[0]}} "
                f"(%{{customdata[1]}} {of} %{{customdata[2]}})<extra></extra>",
            )
        )
    for band in bands:  # in pairs: the lower bound fills up to the upper one before it
        fig.add_trace(band)
    for week in (26, 52, 104):
        fig.add_vline(x=week, line={"color": "#BBBBBB", "width": 1})
    charts.share_axis(fig, lang)
    return fig


def _count(value, lang: str) -> str:
    if value is None or pd.isna(value):
        return "–"
    return formats.number(int(value), lang)


def forest_alt(effects: dict, title: str, lang: str) -> str:
    """The forest plot's title and each row's difference with its interval."""
    joint = i18n.t(lang, "til", "to")
    parts = [
        f"{name}: {points(e['difference'], lang, 1)} ({points(e['ci_low'], lang, 1)} {joint} "
        f"{points(e['ci_high'], lang, 1)})"
        for name, e in effects["by_municipality"].items()
        if e is not None
    ]
    p = effects.get("pooled")
    if p is not None:
        label = i18n.t(lang, "Samlet", "Pooled")
        parts.append(
            f"{label}: {points(p['difference'], lang, 1)} ({points(p['ci_low'], lang, 1)} "
            f"{joint} {points(p['ci_high'], lang, 1)})"
        )
    return f"{title}. " + "; ".join(parts) + "."
