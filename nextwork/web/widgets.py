"""The furniture of a page: its header and the banners about the data, KPI cards, tables of
figures in the reader's number format, names for the data's coded values, and fields for
numbers typed by the reader. Figures are read from KPI frames by `nextwork.metrics.frame`."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import streamlit as st

from nextwork import formats, i18n
from nextwork.filters import Filters
from nextwork.metrics import disclosure, kpis
from nextwork.metrics import frame as frame_of
from nextwork.present import headline
from nextwork.web import data, downloads, session
from nextwork.web.session import t


def plain(text) -> str:
    """`text` (from a link, a file, the data or a token) as a markdown code span, so that
    Streamlit shows it as the characters it is: inside a code span no link, image,
    emphasis, HTML, colour or icon directive is read, and no bare address becomes a link.
    The fence is longer than any run of backticks in the text; line breaks become spaces."""
    text = " ".join(str(text).split())
    if not text:
        return ""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def label_of(value: str, language: str | None = None) -> str:
    """A coded value of the data by its name (`i18n.value_label`), in `language` or the
    reader's."""
    return i18n.value_label(value, language or session.lang())


def labeller(language: str):
    """A format function for widgets, fixed to one language (it may be called later)."""
    return lambda value: label_of(value, language)


def cohort_text(f: Filters, language: str | None = None) -> str:
    """Who the 12-month figures are measured on: "unge indskrevet 1. dec. 2024 – 30. nov.
    2025"."""
    language = language or f.lang
    cohort = f.cohort()
    return i18n.t(language, "unge indskrevet ", "young people enrolled ") + (
        f"{formats.date(cohort.start, language)} – {formats.date(cohort.end, language)}"
    )


# --- page furniture ------------------------------------------------------------------


def header(title: str, f: Filters) -> None:
    st.title(title)
    st.caption(
        t("Periode", "Period") + f": {formats.date(f.start, f.lang)} – "
        f"{formats.date(f.end, f.lang)} · "
        + t("opgjort pr.", "as of")
        + f" {formats.date(f.as_of, f.lang)} · "
        + ", ".join(f.municipalities)
    )
    banners(f)


def banners(f: Filters) -> None:
    """The notices every page shows above its content."""
    info = data.facts()
    if info["is_demo"]:
        st.info(
            t(
                "**Demodata.** Tallene er opdigtede og viser kun, hvordan dashboardet virker.",
                "**Demo data.** The figures are invented and only show how the dashboard works.",
            ),
            icon=":material/science:",
        )
    person = session.viewer()
    if not person.is_exact(f.municipalities, info["municipalities"]):
        st.info(disclosure.explanation(session.lang()), icon=":material/visibility_off:")
    if f.notices:
        st.warning(
            t(
                "Disse værdier i linket kunne ikke bruges og er sat til standard: ",
                "These values in the link could not be used and were reset to defaults: ",
            )
            + "; ".join(plain(n) for n in f.notices),
            icon=":material/link_off:",
        )


# --- reading KPI frames and showing their figures ------------------------------------


def change_text(value, previous, kind: str, language: str) -> str | None:
    """The change against the previous period: percentage points for shares. The sign is
    an ASCII hyphen, which is what Streamlit reads to point the arrow down."""
    if value is None or previous is None:
        return None
    if kind == "share":
        text = formats.points(value - previous, language)
    elif kind == "days":
        text = formats.signed(value - previous, language)
    else:
        text = formats.signed(value - previous, language)
        if previous:
            text += f" ({formats.percent(abs(value - previous) / previous, language, 0)})"
    return text.replace("\u2212", "-")


FOLLOW_UP_NOTE = {
    "outcome_12m_share": (
        "endnu ingen med 12 mdr. opfølgning",
        "nobody with 12 months of follow-up yet",
    ),
    "education_12m_share": (
        "endnu ingen med 12 mdr. opfølgning",
        "nobody with 12 months of follow-up yet",
    ),
    "job_12m_share": (
        "endnu ingen med 12 mdr. opfølgning",
        "nobody with 12 months of follow-up yet",
    ),
    "retained_6m_share": (
        "ingen med 6 mdr. opfølgning efter første resultat",
        "nobody followed 6 months after a first outcome",
    ),
    "placement_within_3m_share": (
        "ingen med 3 mdr. opfølgning i perioden",
        "nobody with 3 months of follow-up in the period",
    ),
}


def count_text(value, language: str) -> str:
    """A count as text: "<5" where it is hidden (None), else in the reader's format."""
    if value is None or pd.isna(value):
        return disclosure.label()
    return formats.number(value, language)


def hidden_note(language: str) -> str:
    """What stands under a figure hidden as a small number."""
    return disclosure.explain(language)


def kpi_card(
    container,
    key: str,
    now: pd.DataFrame,
    before: pd.DataFrame | None,
    language: str,
    chart: list | None = None,
    height: int | str = "content",
    target: float | None = None,
    programme: pd.DataFrame | None = None,
    note: str | None = None,
) -> None:
    """A KPI as a card: its value; the change against the previous period, green when it is
    good news (or, given a target, the distance to it); under it, in lines that wrap, the
    number behind a share (n), the programme's value (given `programme`, the programme's
    frame, for a selection that is not the whole programme) and a `note` (such as the
    cohort the figure is measured on)."""
    kpi = kpis.KPI_BY_KEY[key]
    value = frame_of.value(now, key)
    n = frame_of.denominator(now, key) if kpi.kind != "count" else None
    n_text = None if n is None else "n = " + formats.number(n, language)
    hidden = frame_of.hidden(now, key)
    if hidden:
        n_text = hidden_note(language)
    elif value is None and kpi.kind != "count":
        da, en = FOLLOW_UP_NOTE.get(key, ("ingen i nævneren", "nobody in the denominator"))
        n_text = i18n.t(language, da, en)
    arrow, colour, description = "auto", "normal", None
    if target is not None and value is not None:
        gap = value - target
        delta = formats.points(gap, language).replace("\u2212", "-")
        colour, arrow = ("green", "up") if gap >= 0 else ("red", "down")
        description = i18n.t(language, "fra målet på ", "from the target of ") + (
            formats.percent(target, language, 0)
        )
    elif before is not None:
        previous = frame_of.value(before, key)
        delta = change_text(value, previous, kpi.kind, language)
        colour = headline.change_colour(key, value, previous)
        if delta and delta.startswith("±"):  # a change too small to show is no change
            colour = "off"
        if colour == "off":
            arrow = "off"
    else:  # no comparison
        delta, colour, arrow = None, "off", "off"
    lines = [n_text] if n_text else []
    if programme is not None:
        lines.append(
            headline.beside(
                i18n.t(language, "Programmet", "Programme"),
                frame_of.value(programme, key),
                kpi.kind,
                language,
            )
        )
    if note:
        lines.append(note)
    shown = formats.kpi_value(value, kpi.kind, language)
    if hidden and kpi.kind == "count":
        shown = disclosure.label()
    box = container.container(border=True, height=height, gap="small")
    box.metric(
        kpi.label(language),
        shown,
        delta=delta,
        delta_color=colour,
        delta_arrow=arrow,
        delta_description=description,
        help=kpi.definition(language),
        chart_data=chart,
        chart_type="line",
    )
    if lines:
        box.caption("  \n".join(lines))


def number_table(table: pd.DataFrame, name: str, key: str, shared=None) -> None:
    """A table of counts and per-cent shares in the reader's number format, its values
    numbers underneath (so it sorts right), with CSV and Excel downloads. A `municipality`
    column's empty cells (the pooled total) read "all selected"."""
    language = session.lang()
    table = _display(table)
    hidden = disclosure.label()
    formatters, counts_only = {}, True
    for c in table.select_dtypes("number"):
        is_count = "%" not in str(c) and table[c].dropna().mod(1).eq(0).all()
        counts_only = counts_only and bool(is_count)
        digits = 0 if is_count else 1
        if "(%)" in str(c):  # per cent: with its sign, as every other share (12,5 %)
            formatters[c] = lambda v: formats.percent(None if pd.isna(v) else v / 100, language)
            continue
        # A count is never missing (none is 0), so an empty count is a suppressed one.
        formatters[c] = lambda v, d=digits, n=is_count: (
            hidden if n and pd.isna(v) else formats.number(v, language, d)
        )
    st.dataframe(
        table.style.format(formatters),
        hide_index=True,
        key=key,
        # The browser shows an empty cell as the placeholder, whatever the format says: in a
        # table of counts only, an empty cell is a hidden count.
        placeholder=hidden if counts_only else "–",
        # The first column stays in view while a wide table scrolls (on a phone).
        column_config={table.columns[0]: st.column_config.Column(pinned=True)},
    )
    downloads.downloads(
        table, name, key=f"{key}_download", shared=shared and (lambda: _display(shared()))
    )


def _display(table: pd.DataFrame) -> pd.DataFrame:
    """A table as `number_table` shows it: the pooled total named, numbers as numbers."""
    if "municipality" in table:
        table = table.assign(
            municipality=table["municipality"].fillna(t("Alle valgte", "All selected"))
        ).rename(columns={"municipality": t("Kommune", "Municipality")})
    return table.apply(lambda c: pd.to_numeric(c) if c.dtype == object and _numeric(c) else c)


def _numeric(column: pd.Series) -> bool:
    values = column.dropna()
    return len(values) > 0 and all(isinstance(v, (int, float)) for v in values)


def kpi_table(
    frame: pd.DataFrame,
    keys: list[str],
    language: str,
    programme: pd.DataFrame | None = None,
    pooled: str | None = None,
) -> pd.DataFrame:
    """One row per municipality and a last row for them all; shares in per cent. Given
    `programme` (its frame, for a selection that is not the whole programme), a row for the
    programme ends the table, and the row for all selected is left out for a single site
    (it would be the site again). `pooled` names the row for all selected (as "Programmet"
    when every site is selected)."""
    rows = []
    names = sorted(m for m in frame["municipality"].dropna().unique())
    parts = [(name, frame, name) for name in names]
    if programme is None:
        parts.append((pooled or t("Alle valgte", "All selected"), frame, None))
    else:
        if len(names) > 1:
            parts.append((t("Alle valgte", "All selected"), frame, None))
        parts.append((t("Programmet", "Programme"), programme, None))
    for label, source, name in parts:
        row = {t("Kommune", "Municipality"): label}
        for key in keys:
            kpi = kpis.KPI_BY_KEY[key]
            value = frame_of.value(source, key, name)
            if kpi.kind == "share" and value is not None:
                value = round(value * 100, 1)
            row[column_label(key, language)] = value
        rows.append(row)
    table = pd.DataFrame(rows)
    for key in keys:  # missing values as NaN, so the columns stay numeric and sortable
        label = column_label(key, language)
        table[label] = pd.to_numeric(table[label], errors="coerce")
    return table


def month_is_complete(months: pd.Series, as_of: dt.date) -> pd.Series:
    """For each month (its first day), whether it was over on the as-of day."""
    ends = pd.to_datetime(months) + pd.offsets.MonthEnd(0)
    return ends <= pd.Timestamp(as_of)


def column_label(key: str, language: str) -> str:
    kpi = kpis.KPI_BY_KEY[key]
    return kpi.label(language) + (" (%)" if kpi.kind == "share" else "")


def styled(table: pd.DataFrame, keys: list[str], language: str):
    """Danish (or English) display formats; the values underneath stay numbers."""
    formatters = {}
    for key in keys:
        kind = kpis.KPI_BY_KEY[key].kind
        if kind == "share":
            formatters[column_label(key, language)] = lambda v: formats.percent(
                None if pd.isna(v) else v / 100, language
            )
        elif kind == "days":
            formatters[column_label(key, language)] = lambda v: formats.number(
                None if pd.isna(v) else v, language
            )
        else:  # a count is never missing, so an empty one was suppressed
            formatters[column_label(key, language)] = lambda v: (
                disclosure.label() if pd.isna(v) else formats.number(v, language)
            )
    return table.style.format(formatters)


# --- numbers typed by the reader -----------------------------------------------------


def _check_number(key: str, language: str, minimum, maximum, whole: bool, empty_ok: bool):
    """The field's text read as a number; a good one is kept (and shown back in the
    reader's format), a bad one leaves the last good number in force and says why."""
    state = st.session_state
    text = state.get(key, "")
    if empty_ok and not str(text).strip():
        state[f"{key}__good"], state[f"{key}__error"] = None, None
        return
    try:
        value = formats.parse_number(text, language)
        da = en = None
        if whole and value != int(value):
            da, en = "Skriv et helt tal.", "Type a whole number."
        elif minimum is not None and value < minimum:
            shown = formats.editable(minimum, language)
            da, en = f"Tallet skal være mindst {shown}.", f"The number must be at least {shown}."
        elif maximum is not None and value > maximum:
            shown = formats.editable(maximum, language)
            da, en = f"Tallet må højst være {shown}.", f"The number must be at most {shown}."
        if da:
            raise ValueError(i18n.t(language, da, en))
    except ValueError as error:
        state[f"{key}__error"] = str(error)
        return
    state[f"{key}__good"], state[f"{key}__error"] = value, None
    state[key] = formats.editable(value, language)


def number_field(
    container,
    label: str,
    key: str,
    default: float | None,
    language: str,
    minimum: float | None = 0,
    maximum: float | None = None,
    whole: bool = False,
    empty_ok: bool = False,
    placeholder: str | None = None,
    help: str | None = None,
) -> float | None:
    """A number the reader types as text in their own format (11.900 and 2,5 in Danish;
    11,900 and 2.5 in English), read strictly by `formats.parse_number`. Text that is not a
    number, or out of range, is named under the field and the last good number stays in
    force; it is what this returns. With `empty_ok` an empty field is None (the page's own
    default)."""
    state = st.session_state
    good, error, shown_in = f"{key}__good", f"{key}__error", f"{key}__lang"
    if good not in state:
        state[good] = default
    if key not in state or state.get(shown_in) != language:  # new, or the language changed
        state[key] = formats.editable(state[good], language)
        state[error] = None
        state[shown_in] = language
    container.text_input(
        label,
        key=key,
        placeholder=placeholder,
        help=help,
        on_change=_check_number,
        args=(key, language, minimum, maximum, whole, empty_ok),
    )
    if state.get(error):
        kept = formats.editable(state[good], language) or (placeholder or "")
        container.error(
            state[error]
            + i18n.t(language, " Beregningen bruger stadig ", " The calculation keeps ")
            + f"{kept}.",
            icon=":material/error:",
        )
    return state[good]
