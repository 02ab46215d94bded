"""Præsentation: a slide show for a committee meeting, for one site or the whole programme and
the period of the shared filters, with large type, arrow keys and small numbers always
suppressed; and the same slides as an editable PowerPoint deck."""

import html

import streamlit as st

from nextwork.present import charts, deck
from nextwork.web import ui
from nextwork.web.sections import presentation_view as view
from nextwork.web.ui import t

PROGRAMME = view.PROGRAMME

f = ui.current()
sites = ui.viewer().visible_scope(list(ui.facts()["municipalities"]))
options = [PROGRAMME, *sites]
state = st.session_state
if state.get("presentation_site") not in options:
    state["presentation_site"] = f.municipalities[0] if len(f.municipalities) == 1 else PROGRAMME
site = None if state["presentation_site"] == PROGRAMME else state["presentation_site"]

shown, slides = view.slides(f, site)  # on the screen, small numbers are always hidden
index = min(max(0, state.get("presentation_slide", 0)), len(slides) - 1)
state["presentation_slide"] = index
slide = slides[index]
st.html(view.CSS)
if slide.key == "title":
    st.html("<style>h1 { font-size: 76px !important; margin-top: 5rem; }</style>")

subtitle = deck.chart_subtitle(shown, slide.key)
chart = None  # the slide's chart, whose numbers the bar offers ("Vis tal")
st.title(slide.title)
if f.notices:  # values in the link that could not be used: say so, as every page does
    ui.banners(f)
if slide.lead:
    st.markdown(f"<div class='nw-lead'>{html.escape(slide.lead)}</div>", unsafe_allow_html=True)
if slide.key == "title":
    st.markdown(
        "<div class='nw-hero'>"
        + view.lines(slide.lines)
        + view.lines([slide.note], "nw-note")
        + "</div>",
        unsafe_allow_html=True,
    )
elif slide.big is not None:
    left, right = st.columns([2, 3], gap="large")
    left.markdown(view.big(slide), unsafe_allow_html=True)
    chart = deck.figure(slide.chart, subtitle, f.lang)
    charts.show(chart, f"slide_{slide.key}", right, with_numbers=False, config=view.SLIDE_CHART)
elif slide.table is not None:
    st.markdown(view.table(slide), unsafe_allow_html=True)
elif slide.chart is not None:
    st.markdown(view.lines(slide.lines), unsafe_allow_html=True)
    chart = deck.figure(slide.chart, subtitle, f.lang, height=490)
    charts.show(chart, f"slide_{slide.key}", with_numbers=False, config=view.SLIDE_CHART)
else:  # the definitions
    st.markdown(view.definitions(slide), unsafe_allow_html=True)
    if slide.note:
        st.markdown(view.lines([slide.note], "nw-data"), unsafe_allow_html=True)


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
exported = shown if note is None else view.figures(f, site, suppress=False)
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
