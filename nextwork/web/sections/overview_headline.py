"""The Overblik page's headline: the share in job or education within 12 months (on the
cohort with full follow-up) in one sentence, on a card against the target and the status
quo, and in a strip of every site the reader may see against the programme."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from nextwork import config, formats
from nextwork.metrics import frame as frame_of
from nextwork.present import charts, headline
from nextwork.web import ui
from nextwork.web.ui import t

HEADLINE = "outcome_12m_share"


def headline_section(
    f: ui.Filters,
    now: pd.DataFrame,
    programme: pd.DataFrame,
    sites: pd.DataFrame,
    everyone: list[str],
    visible: list[str],
    pooled: str,
) -> None:
    """The sentence, the card and the strip; `sites` holds every visible site's figures and
    `pooled` names the programme's row."""
    is_programme = set(f.municipalities) == set(everyone)
    target = config.target(HEADLINE)
    status_quo = config.status_quo(HEADLINE)
    who = headline.subject(list(f.municipalities), everyone, f.lang)
    st.markdown(
        "#### "
        + headline.sentence(
            who,
            frame_of.value(now, HEADLINE),
            f.lang,
            target=target,
            programme=None if is_programme else frame_of.value(programme, HEADLINE),
            status_quo=status_quo if is_programme else None,
            hidden=frame_of.hidden(now, HEADLINE),
        )
    )
    left, right = st.columns([2, 3], gap="medium")
    ui.kpi_card(
        left,
        HEADLINE,
        now,
        None,
        f.lang,
        target=target,
        programme=None if is_programme else programme,
        note=ui.cohort_text(f)
        + (
            t(
                f" · før programmet ca. {formats.percent(status_quo, f.lang, 0)}",
                f" · before the programme about {formats.percent(status_quo, f.lang, 0)}",
            )
            if status_quo is not None
            else ""
        ),
    )
    # Every site the reader may see against the programme; the chosen ones named in bold when
    # not all are chosen.
    chosen = set(f.municipalities)
    strip = [
        (
            f"<b>{m}</b>" if m in chosen and not is_programme else m,
            frame_of.value(sites, HEADLINE, m),
            frame_of.denominator(sites, HEADLINE, m),
            False,
        )
        for m in sorted(visible)
    ]
    strip.append(
        (
            pooled,
            frame_of.value(programme, HEADLINE),
            frame_of.denominator(programme, HEADLINE),
            True,
        )
    )
    fig = charts.headline_strip(strip, f.lang, target, status_quo, config.min_share_n())
    charts.style(
        fig,
        t("Kommunerne mod programmet og målet", "The sites against the programme and the target"),
        ui.cohort_text(f),
        lang=f.lang,
        height=130 + 38 * len(strip),
    )
    fig.update_layout(margin={"r": 140})
    charts.show(fig, "overview_headline_strip", right)
