"""Præsentation: a slide show for a committee meeting, for one site or the whole programme and
the period of the shared filters, with large type, arrow keys and small numbers always
suppressed; and the same slides as an editable PowerPoint deck."""

import html
from dataclasses import replace

import streamlit as st

from nextwork import config, formats
from nextwork.metrics import fair, principles
from nextwork.present import charts, deck, headline
from nextwork.web import trial_ui, ui
from nextwork.web.ui import t

PROGRAMME = "programme"
# Only this page: no sidebar or Streamlit chrome, and type to be read from the back of a room.
CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] {
  display: none !important;
}
[data-testid="stMainBlockContainer"] { padding: 1rem 2.5rem 4.5rem !important;
  max-width: 100% !important; }
h1 { font-size: 52px !important; line-height: 1.15 !important; padding: 0 0 0.4rem !important; }
.st-key-presentation_bar { position: fixed; bottom: 0; left: 0; right: 0; z-index: 100;
  padding: 0.5rem 2.5rem; background: #ffffff; border-top: 1px solid #e6e6e6; }
[data-testid="stElementToolbar"] { display: none !important; }
.nw-lead { font-size: 28px; font-weight: 600; line-height: 1.3; margin: 0 0 0.8rem; }
.nw-hero { margin-top: 2rem; }
.nw-hero .nw-line { font-size: 38px; }
.nw-big { font-size: 120px; font-weight: 700; line-height: 1.05; margin: 0.3rem 0;
  white-space: nowrap; }
@media (max-width: 700px) { .nw-big { font-size: 64px; } }
.nw-label { font-size: 32px; line-height: 1.25; margin-bottom: 1.2rem; }
.nw-line { font-size: 27px; line-height: 1.3; margin-bottom: 0.6rem; }
.nw-note { font-size: 19px; color: #555555; margin-top: 0.8rem; }
.nw-small { font-size: 24px; line-height: 1.3; margin-bottom: 0.5rem; }
.nw-defs { display: grid; grid-template-columns: 1fr 1fr; column-gap: 2rem;
  max-height: calc(100vh - 235px); overflow-y: auto; padding-right: 0.5rem; }
@media (max-width: 700px) { .nw-defs { grid-template-columns: 1fr; } }
.nw-data { font-size: 24px; line-height: 1.3; color: #555555; margin-top: 0.8rem; }
.nw-table-box { overflow-x: auto; }
.nw-table { width: 100%; border-collapse: collapse; font-size: 26px; margin-top: 0.3rem; }
.nw-table th { background: #222222; color: #ffffff; text-align: right; padding: 6px 12px;
  line-height: 1.15; }
.nw-table th:first-child { width: 34%; }
.nw-table th:first-child, .nw-table td:first-child { text-align: left; white-space: normal; }
.nw-table td { text-align: right; padding: 5px 12px; border-bottom: 1px solid #dddddd;
  white-space: nowrap; line-height: 1.2; }
.nw-table td span { display: block; font-size: 18px; color: #555555; }
.nw-table th:last-child, .nw-table td:last-child { border-left: 3px solid #222222; }
.nw-table td:last-child { font-weight: 700; }
.nw-table tr:nth-child(even) td { background: #f2f2f2; }
</style>"""

# No plotly toolbar on a projected slide.
SLIDE_CHART = {**charts.PLOTLY_CONFIG, "displayModeBar": False}

f = ui.current()
info = ui.facts()
everyone = list(info["municipalities"])
sites = ui.viewer().visible_scope(everyone)
options = [PROGRAMME, *sites]
state = st.session_state
if state.get("presentation_site") not in options:
    state["presentation_site"] = f.municipalities[0] if len(f.municipalities) == 1 else PROGRAMME
site = None if state["presentation_site"] == PROGRAMME else state["presentation_site"]


def figures(suppress: bool) -> deck.Figures:
    """The slides' figures: suppressed, or (an admin's internal file) exact. The 12-month
    outcomes and retention are measured on the cohort with full follow-up."""
    chosen = [site] if site else sites
    g = replace(f, municipalities=tuple(chosen))
    if site:
        subject = ui.headline_kpis(g, suppress), ui.headline_kpis(g, suppress, previous=True)
    else:
        subject = (
            ui.headline_kpis(g, suppress, programme=True),
            ui.headline_kpis(g, suppress, programme=True, previous=True),
        )
    programme = ui.headline_kpis(g, suppress, programme=True)
    key = "outcome_12m_share"
    lead = headline.sentence(
        site or t("Programmet", "The programme"),
        ui.total(subject[0], key),
        f.lang,
        target=config.target(key),
        programme=ui.total(programme, key) if site else None,
        status_quo=None if site else config.status_quo(key),
        hidden=ui.is_suppressed(subject[0], key),
    )
    rows = ui.query("principle_indicators", f.params(municipalities=everyone), suppress)
    rows = rows[~rows["is_half_year"]]
    indicators = principles.with_medians(
        principles.indicator_frame(
            deck.hide_small_indicators(rows) if suppress else rows,
            lambda s, e: ui.kpi_frame(f.params(start=s, end=e, municipalities=everyone), suppress),
        )
    )
    loaded = info["freshness"]
    fair_view = ui.fair_comparison(f, key, suppress=suppress)
    fair_sites = fair_view.sites[fair_view.sites["municipality"].notna()]
    if site:
        fair_sites = fair_sites[fair_sites["municipality"] == site]
    return deck.Figures(
        site,
        f.start,
        f.end,
        f.as_of,
        *subject,
        programme=programme,
        sites=ui.headline_kpis(g, suppress),
        indicators=indicators,
        lang=f.lang,
        filters=" · ".join(f.describe().split(" · ")[2:]),
        target=config.target("outcome_12m_share"),
        loaded=", ".join(
            f"{row.municipality} {formats.date(row.imported_at.date(), f.lang)}"
            for row in loaded.itertuples()
            if site in (None, row.municipality)
        ),
        is_demo=info["is_demo"],
        internal=None if suppress else ui.exact_export_note(),
        site_count=len(everyone),
        cohort=(f.cohort().start, f.cohort().end),
        status_quo=config.status_quo(key),
        lead=lead,
        fair=None
        if fair_view.result.programme_value is None
        else fair.table(fair_view.result, fair_view.sites, f.lang),
        fair_lines=fair.lines(fair_sites, f.lang, summary=not site),
        fair_by=fair_view.result.by,
        trial=trial_ui.effects(g, 52, suppress),
        trial_week=52,
        min_share_n=config.min_share_n(),
    )


shown = figures(suppress=True)  # on the screen, small numbers are always hidden
slides = deck.slides(shown)
index = min(max(0, state.get("presentation_slide", 0)), len(slides) - 1)
state["presentation_slide"] = index
slide = slides[index]
st.html(CSS)
if slide.key == "title":
    st.html("<style>h1 { font-size: 76px !important; margin-top: 5rem; }</style>")


def lines(items, css="nw-line"):
    return "".join(f"<div class='{css}'>{html.escape(item)}</div>" for item in items)


subtitle = deck.chart_subtitle(shown, slide.key)
chart = None  # the slide's chart, whose numbers the bar offers ("Vis tal")
st.title(slide.title)
if f.notices:  # values in the link that could not be used: say so, as every page does
    ui.banners(f)
if slide.lead:
    st.markdown(f"<div class='nw-lead'>{html.escape(slide.lead)}</div>", unsafe_allow_html=True)
if slide.key == "title":
    st.markdown(
        "<div class='nw-hero'>" + lines(slide.lines) + lines([slide.note], "nw-note") + "</div>",
        unsafe_allow_html=True,
    )
elif slide.big is not None:
    left, right = st.columns([2, 3], gap="large")
    left.markdown(
        f"<div class='nw-big' style='color:{slide.colour}'>{html.escape(slide.big)}</div>"
        f"<div class='nw-label'>{html.escape(slide.big_label)}</div>"
        + lines(slide.lines)
        + (lines([slide.note], "nw-note") if slide.note else ""),
        unsafe_allow_html=True,
    )
    chart = deck.figure(slide.chart, subtitle, f.lang)
    charts.show(chart, f"slide_{slide.key}", right, with_numbers=False, config=SLIDE_CHART)
elif slide.table is not None:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in slide.table.header)
    body = "".join(
        "<tr>"
        + "".join(f"<td>{html.escape(v)}<span>{html.escape(n)}</span></td>" for v, n in row)
        + "</tr>"
        for row in slide.table.rows
    )
    st.markdown(
        lines(slide.lines)
        + f"<div class='nw-table-box'><table class='nw-table'><tr>{head}</tr>{body}</table></div>"
        + (lines([slide.note], "nw-note") if slide.note else ""),
        unsafe_allow_html=True,
    )
elif slide.chart is not None:
    st.markdown(lines(slide.lines), unsafe_allow_html=True)
    chart = deck.figure(slide.chart, subtitle, f.lang, height=490)
    charts.show(chart, f"slide_{slide.key}", with_numbers=False, config=SLIDE_CHART)
else:  # the definitions: large enough to read, in a box that scrolls if they do not fit
    half = (len(slide.lines) + 1) // 2
    terms = [line.partition(": ") for line in slide.lines]  # the KPI's name in bold
    columns = (
        "<div>"
        + "".join(
            f"<div class='nw-small'><b>{html.escape(name)}</b>{gap}{html.escape(rest)}</div>"
            if gap
            else f"<div class='nw-small'>{html.escape(name)}</div>"
            for name, gap, rest in part
        )
        + "</div>"
        for part in (terms[:half], terms[half:])
    )
    st.markdown(
        f"<div class='nw-defs' tabindex='0' role='region' aria-label='{html.escape(slide.title)}'>"
        + "".join(columns)
        + "</div>",
        unsafe_allow_html=True,
    )
    if slide.note:
        st.markdown(lines([slide.note], "nw-data"), unsafe_allow_html=True)


def move(step: int) -> None:
    state["presentation_slide"] = min(max(0, index + step), len(slides) - 1)


bar = st.container(horizontal=True, vertical_alignment="center", key="presentation_bar")
bar.button(
    t("Forrige", "Previous"),
    key="presentation_previous",
    icon=":material/arrow_back:",
    on_click=move,
    args=(-1,),
    disabled=index == 0,
    shortcut="left",
)
bar.markdown(f"**{index + 1} / {len(slides)}**", width="content")
bar.button(
    t("Næste", "Next"),
    key="presentation_next",
    icon=":material/arrow_forward:",
    on_click=move,
    args=(1,),
    disabled=index == len(slides) - 1,
    shortcut="right",
)
if chart is not None:  # in a popover, so that the slide still fits the screen
    charts.numbers(chart, bar, popover=True)
WHOLE = t("Hele programmet", "The whole programme")  # fixed now: the label is read later
bar.selectbox(
    t("Vis", "Show"),
    options,
    format_func=lambda o: WHOLE if o == PROGRAMME else o,
    key="presentation_site",
    label_visibility="collapsed",
    width=240,
)
note = ui.exact_export_note()
exported = shown if note is None else figures(suppress=False)
name = f"nextwork_{site or t('programmet', 'programme')}_{f.start}_{f.end}.pptx".lower()
bar.download_button(
    "PowerPoint",
    ui.audited_file(lambda: deck.build(exported), name),
    file_name=name,
    mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    key="presentation_download",
    icon=":material/download:",
)
bar.page_link("views/overblik.py", label=t("Afslut", "Exit"), icon=":material/close:")
