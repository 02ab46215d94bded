"""What every page needs for WCAG 2.1 AA beyond the theme: the document's language, a focus
indicator that is always visible, the metric cards' trend lines hidden from screen readers
(each card states its figure in words), and chart titles that wrap to the chart's width. The
contrast arithmetic is in `nextwork.present.colour_contrast`, what Streamlit draws that fails
in `nextwork.present.known_issues`."""

from __future__ import annotations

import json

# Streamlit writes <html lang="en"> whatever the page says; this sets the language the page
# is in (WCAG 3.1.1), and keeps setting it, since Streamlit redraws the page on every run; the
# button "English" on a Danish page (and "Dansk" on an English one) is marked as such. The
# metric cards' trend lines are Vega graphics without a name; the card's own value and change
# say the same, so they are hidden from assistive technology (a pointer still shows them).
_SCRIPT = """
(() => {
  const lang = %s;
  // Reflow (WCAG 1.4.10): a plotly title or subtitle is one line of SVG text, cut off where
  // the chart is narrower than it (a phone, 400 %% zoom). Each chart's title and subtitle are
  // wrapped to its width, with the top margin grown by the lines added; a heatmap (a table in
  // colours) keeps a readable width and scrolls sideways within itself, as a table does.
  const HEATMAP_MIN = 960;
  const ruler = document.createElement("canvas").getContext("2d");
  const plain = (text) => text.replace(/\\x3c[^>]+>/g, "");
  const wrap = (text, font, width) => {
    ruler.font = font;
    const out = [];
    for (const part of text.split(/\\x3cbr\\s*\\/?>/i)) {
      let line = "";
      for (const word of part.split(" ")) {
        const next = line ? line + " " + word : word;
        if (line && ruler.measureText(plain(next)).width > width) {
          out.push(line);
          line = word;
        } else line = next;
      }
      out.push(line);
    }
    return out;
  };
  const fontOf = (gd, selector, fallback) => {
    const node = gd.querySelector(selector);
    if (!node) return fallback;  // the weight is the caller's: plotly bolds with a tspan
    const s = getComputedStyle(node);
    return `${s.fontSize} ${s.fontFamily}`;
  };
  // The heatmap's frame keeps its width and its element scrolls, reachable by keyboard and
  // named after the chart (a scrolling region needs both).
  const scrollWide = (gd, box, room, least) => {
    const inner = gd.closest('[data-testid="stFullScreenFrame"]');
    if (!inner || box === inner) return;
    const narrow = least > room;
    const minWidth = narrow ? `${least}px` : "";
    if (inner.style.minWidth === minWidth) return;
    inner.style.minWidth = minWidth;
    box.style.overflowX = narrow ? "auto" : "";
    if (narrow) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      const frame = gd.closest('[data-testid="stPlotlyChart"]');
      box.setAttribute("aria-label", (frame.getAttribute("aria-label") || "").split(". ")[0]);
    } else {
      ["tabindex", "role", "aria-label"].forEach((name) => box.removeAttribute(name));
    }
  };
  // A horizontal bar's label sits beyond its end; where the chart is narrow (long names on
  // the axis), the longest bar's label runs past the chart's edge, and a name longer than the
  // chart's left margin can grow to (an industry's full name at 320 pixels) runs past its
  // left edge. Such a chart, too, keeps the width its labels need and scrolls within itself.
  const widenForLabels = (gd, box, room) => {
    if (!gd.data.some((trace) => trace.type === "bar" && trace.orientation === "h")) return;
    const frame = gd.getBoundingClientRect();
    let over = 0, under = 0;
    gd.querySelectorAll(".bartext").forEach((label) => {
      over = Math.max(over, label.getBoundingClientRect().right - (frame.right - 2));
    });
    gd.querySelectorAll(".ytick text").forEach((label) => {
      under = Math.max(under, frame.left + 2 - label.getBoundingClientRect().left);
    });
    if (over <= 0 && under <= 0) return;
    // Measured once, on the chart as first drawn: measured again while plotly redraws it
    // wider, the same labels would widen it without end.
    if (!gd.nwLabelWidth) gd.nwLabelWidth = Math.ceil(frame.width + over + under + 12);
    scrollWide(gd, box, room, gd.nwLabelWidth);
  };
  const fitCharts = () => {
    if (!window.Plotly) return;
    document.querySelectorAll(".js-plotly-plot").forEach((gd) => {
      const full = gd._fullLayout, layout = gd.layout;
      const frame = gd.closest('[data-testid="stPlotlyChart"]');
      if (!full || !layout || !frame || !layout.title || !layout.title.text) return;
      if (gd.nwBusy) return;
      let base = gd.nwBase;
      // The server wraps a title for a laptop's width (charts.wrap) and keeps its unwrapped
      // text and the margin it added in the layout's meta: wrapped again from there, by the
      // same rule, a title reads the same here as there. Without meta, a title that is not
      // the one set here is a new figure from the server.
      const meta = layout.meta || {};
      const raw = typeof meta.nwTitle === "string";
      const fresh = raw
        ? !base || base.raw !== meta.nwTitle || base.sub !== (meta.nwSubtitle || "")
        : !base || layout.title.text !== base.applied;
      if (fresh) {
        // Streamlit's theme sets the title in bold (a b tag): so does the unwrapped text.
        const bold = raw && /^\\x3cb>/i.test(layout.title.text)
          && !/^\\x3cb>/i.test(meta.nwTitle);
        base = gd.nwBase = raw
          ? {title: bold ? `\\x3cb>${meta.nwTitle}\\x3c/b>` : meta.nwTitle,
             sub: meta.nwSubtitle || "",
             top: full.margin.t - (meta.nwExtra || 0), applied: null, axes: {},
             raw: meta.nwTitle}
          : {title: layout.title.text, sub: (layout.title.subtitle || {}).text || "",
             top: full.margin.t, applied: null, axes: {}};
        // The horizontal axes' titles, which can be as long as the chart is narrow.
        Object.keys(layout).filter((name) => /^xaxis[0-9]*$/.test(name)).forEach((name) => {
          const text = ((layout[name] || {}).title || {}).text;
          if (typeof text === "string" && text) base.axes[name] = text;
        });
      }
      const box = gd.closest('[data-testid="stElementContainer"]') || frame;
      const room = Math.round(box.getBoundingClientRect().width);
      if (!room) return;
      const heatmap = gd.data.some((trace) => trace.type === "heatmap");
      const titleSize = (full.title.font || {}).size || 20;
      const subSize = ((full.title.subtitle || {}).font || {}).size || 13;
      // Measured as bold (the titles are), with room for the title's padding.
      const title = wrap(base.title, "bold " + fontOf(gd, ".gtitle", `${titleSize}px sans-serif`),
                         room - 40).join("\\x3cbr>");
      const sub = wrap(base.sub, fontOf(gd, ".gtitle-subtitle", `${subSize}px sans-serif`),
                       room - 40).join("\\x3cbr>");
      const lines = (text) => text.split("\\x3cbr>").length;
      const extra = Math.round((lines(title) - lines(base.title)) * titleSize * 1.3
                               + (lines(sub) - lines(base.sub)) * subSize * 1.3);
      const update = {"title.text": title, "margin.t": base.top + extra};
      if (base.sub) update["title.subtitle.text"] = sub;
      const current = {"title.text": layout.title.text, "margin.t": full.margin.t,
                       "title.subtitle.text": (layout.title.subtitle || {}).text || ""};
      Object.entries(base.axes).forEach(([name, text]) => {
        const axis = full[name];
        if (!axis || !axis.title || !axis.title.font) return;
        const size = axis.title.font.size || 14;
        const span = Math.min((full._size || {}).w || room, room) - 8;
        update[`${name}.title.text`] = wrap(text, `${size}px ${axis.title.font.family}`, span)
          .join("\\x3cbr>");
        current[`${name}.title.text`] = layout[name].title.text;
      });
      if (heatmap) scrollWide(gd, box, room, HEATMAP_MIN);
      base.applied = title;
      if (Object.keys(update).every((k) => current[k] === update[k])) {
        if (!heatmap) widenForLabels(gd, box, room);
        return;
      }
      gd.nwBusy = true;
      window.Plotly.relayout(gd, update).finally(() => { gd.nwBusy = false; });
    });
  };
  // A rerun can redraw or briefly disable the control that has the focus (the presentation's
  // "Næste" after a slide change): the focus then falls to the page's start. It goes back to
  // the same control (by its key) once it is there again, but never when the reader moved it.
  const KEYED = '[class*="st-key-"]';
  const keyOf = (node) => {
    const box = node && node.closest && node.closest(KEYED);
    return box ? [...box.classList].find((name) => name.startsWith("st-key-")) : null;
  };
  if (!window.nwFocusKeeper) {
    window.nwFocusKeeper = true;
    document.addEventListener("focusin", (event) => {
      window.nwLastFocus = {node: event.target, key: keyOf(event.target)};
    }, true);
  }
  const keepFocus = () => {
    const last = window.nwLastFocus;
    const active = document.activeElement;
    if (!last || !last.key || (active && active !== document.body)) return;
    if (last.node.isConnected && !last.node.disabled) return;  // the reader left it
    const box = document.querySelector("." + last.key);
    const target = box && box.querySelector("button:not([disabled]), a[href], input, "
                                            + "[tabindex]:not([tabindex='-1'])");
    if (target) target.focus();
  };
  // A data table wider than its place scrolls sideways inside its frame, which nothing on
  // the screen shows (its scrollbar appears only under the mouse): a line under it says so.
  const hint = lang === "da"
    ? "\u2194 Rul til siden for at se hele tabellen."
    : "\u2194 Scroll sideways to see the whole table.";
  const markWideTables = () => {
    document.querySelectorAll('[data-testid="stDataFrame"]').forEach((table) => {
      const scroller = table.querySelector(".dvn-scroller");
      if (!scroller) return;
      const wide = String(scroller.scrollWidth > scroller.clientWidth + 1);
      if (table.dataset.nwWide !== wide) table.dataset.nwWide = wide;
      if (table.dataset.nwHint !== hint) table.dataset.nwHint = hint;
    });
  };
  if (!window.nwWideTables) {
    window.nwWideTables = true;
    window.addEventListener("resize", () => setTimeout(() => window.nwMarkWide(), 200));
  }
  window.nwMarkWide = markWideTables;
  const apply = () => {
    keepFocus();
    markWideTables();
    const root = document.documentElement;
    if (root.getAttribute("lang") !== lang) root.setAttribute("lang", lang);
    document.querySelectorAll('[data-testid="stMetricChart"]:not([aria-hidden])')
      .forEach((chart) => chart.setAttribute("aria-hidden", "true"));
    // The language buttons name each language in itself (WCAG 3.1.2).
    document.querySelectorAll(".st-key-lang button").forEach((button) => {
      const own = {Dansk: "da", English: "en"}[button.innerText.trim()];
      if (own && button.getAttribute("lang") !== own) button.setAttribute("lang", own);
    });
    if (lang === "da") inDanish();
  };
  // Streamlit and plotly name their own controls in English whatever the page's language; on
  // a Danish page a screen reader would read "Collapse sidebar" or "Help for Periode" with
  // Danish sounds. Their names (and placeholders, and the skip link's text) are given in
  // Danish there (WCAG 3.1.2).
  const DANISH = {
    "Sidebar": "Sidepanel", "Collapse sidebar": "Luk sidepanelet",
    "Expand sidebar": "Åbn sidepanelet", "App pages": "Sider", "Main menu": "Hovedmenu",
    "Link to heading": "Link til overskriften", "Choose date": "Vælg dato",
    "Clear all": "Fjern alle", "Open": "Åbn", "Close": "Luk",
    "Selected values": "Valgte værdier", "Choose an option": "Vælg",
    "Choose options": "Vælg", "Show/hide columns": "Vis eller skjul kolonner",
    "Search": "Søg", "Fullscreen": "Fuld skærm", "Close fullscreen": "Luk fuld skærm",
    "Download as CSV": "Hent som CSV", "file upload": "Upload af filer",
    "Download plot as a PNG": "Hent diagrammet som PNG", "Zoom": "Zoom", "Pan": "Panorér",
    "Zoom in": "Zoom ind", "Zoom out": "Zoom ud", "Autoscale": "Tilpas akserne",
    "Reset axes": "Nulstil akserne", "Box Select": "Markér med rektangel",
    "Lasso Select": "Markér med lasso",
  };
  const DANISH_START = [["Remove ", "Fjern "], ["Help for ", "Hjælp til "], ["day, ", "dag, "],
                        ["month, ", "måned, "], ["year, ", "år, "]];
  const danish = (text) => {
    if (Object.hasOwn(DANISH, text)) return DANISH[text];
    const start = DANISH_START.find(([english]) => text.startsWith(english));
    return start ? start[1] + text.slice(start[0].length) : null;
  };
  const inDanish = () => {
    // Streamlit's skip link, the first stop of the keyboard, shows its English text when focused.
    const skip = document.querySelector('[data-testid="stSkipToContent"]');
    const words = skip && skip.firstChild;
    if (words && words.nodeType === 3 && words.nodeValue === "Skip to main content") {
      words.nodeValue = "Gå til hovedindholdet";
    }
    document.querySelectorAll("[aria-label], input[placeholder]").forEach((node) => {
      ["aria-label", "placeholder"].forEach((name) => {
        const text = node.getAttribute(name);
        const own = text && danish(text);
        if (own && own !== text) node.setAttribute(name, own);
      });
    });
  };
  apply();
  fitCharts();
  // On a narrow screen (a phone, 200 %% zoom and more) the open menu covers the page; once a
  // page is chosen in it, it closes, and the focus goes to the button that opens it again.
  if (!window.nwMenuCloses) {
    window.nwMenuCloses = true;
    document.addEventListener("click", (event) => {
      if (!event.target.closest || !event.target.closest('[data-testid="stSidebarNavLink"]')) {
        return;
      }
      if (window.innerWidth > 768) return;
      setTimeout(() => {
        const close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
        if (close) close.click();
        setTimeout(() => {
          const open = document.querySelector('[data-testid="stExpandSidebarButton"]');
          if (open) open.focus();
        }, 300);
      }, 50);
    }, true);
  }
  // On the presentation, a click on a slide put the focus on the page's scrolling area, and
  // the browser framed the whole slide in grey once an arrow key was pressed: focus that a
  // click puts there goes back to the page. (Tab may still stop there when a slide scrolls.)
  if (!window.nwSlideClicks) {
    window.nwSlideClicks = true;
    document.addEventListener("pointerdown", () => { window.nwPointer = true; }, true);
    document.addEventListener("keydown", () => { window.nwPointer = false; }, true);
    document.addEventListener("focusin", (event) => {
      const main = event.target.matches && event.target.matches('main[data-testid="stMain"]');
      if (main && window.nwPointer && document.querySelector(".st-key-presentation_bar")) {
        event.target.blur();
      }
    }, true);
  }
  if (window.nwA11yObserver) window.nwA11yObserver.disconnect();
  let pending = false;
  window.nwA11yObserver = new MutationObserver(() => {
    if (pending) return;
    pending = true;
    queueMicrotask(() => { pending = false; apply(); fitCharts(); });
  });
  window.nwA11yObserver.observe(document.documentElement, {
    attributes: true, attributeFilter: ["lang", "aria-label", "placeholder"], childList: true,
    characterData: true, subtree: true,
  });
})();
"""

# A focus ring everywhere the keyboard can go (WCAG 2.4.7), in the theme's primary blue, which
# has 3:1 and more against white and the sidebar (1.4.11). Streamlit draws its own on most
# widgets; this covers the rest (links in the text, the menu, the charts' buttons).
_STYLE = """<style>
a:focus-visible, button:focus-visible, summary:focus-visible, [tabindex]:focus-visible,
[role="button"]:focus-visible, [role="tab"]:focus-visible, [role="option"]:focus-visible,
input:focus-visible, textarea:focus-visible, select:focus-visible,
.modebar-btn:focus-visible {
  outline: 3px solid #00629A !important;
  outline-offset: 2px !important;
}
/* A toggle's or checkbox's own input is hidden inside a box that cuts its ring off, and
   Streamlit marks the focused one only with a faint tint: the ring goes round the whole
   control instead. */
[data-testid="stCheckbox"] label:has(input:focus-visible) {
  outline: 3px solid #00629A !important;
  outline-offset: 2px !important;
}
/* A data table whose rows or columns scroll takes the focus as a whole (the browser makes a
   scrolling box focusable); its ring is drawn inside, where the table's frame cannot clip it. */
.dvn-scroller:focus-visible {
  outline: 3px solid #00629A !important;
  outline-offset: -3px !important;
}
/* A closed menu is out of sight, off the screen's left edge; without this the keyboard would
   still go through its links and filters, unseen (a narrow screen opens with it closed). */
[data-testid="stSidebar"][data-collapsed="true"] {
  visibility: hidden;
}
/* The line under a data table that scrolls sideways (the page's script marks it). */
[data-testid="stDataFrame"][data-nw-wide="true"] {
  position: relative;
  margin-bottom: 1.9rem;
  overflow: visible;
}
[data-testid="stDataFrame"][data-nw-wide="true"]::after {
  content: attr(data-nw-hint);
  position: absolute;
  left: 0;
  top: calc(100% + 0.3rem);
  font-size: 0.875rem;
  line-height: 1.3;
  color: #555555;
}
/* What Streamlit and plotly show only under the mouse (a heading's link, a table's or a
   chart's toolbar) shows as soon as the keyboard reaches it, so the focus is never on
   something unseen. */
a:focus-visible, [data-testid="stElementToolbar"]:focus-within,
.js-plotly-plot .plotly .modebar--hover:focus-within > :not(.watermark) {
  opacity: 1 !important;
  transition: none !important;
}
/* Text spacing (WCAG 1.4.12): a reader's own line height, letter and word spacing must not cut
   text off. Streamlit gives the segmented buttons (the language, a chart's choice of view) a
   fixed height, and cuts a metric card's label short with an ellipsis where it does not fit
   on one line; the buttons grow with their text, and the labels wrap. */
[data-testid="stButtonGroup"] button {
  height: auto !important;
}
[data-testid="stMetricLabel"] .stMarkdownEllipsis,
[data-testid="stMetricLabel"] .stMarkdownEllipsis p {
  white-space: normal !important;
  overflow: visible !important;
  text-overflow: clip !important;
}
</style>"""


def page_setup(lang: str) -> None:
    """Declare the page's language and add the focus style; the frame calls it on every run."""
    import streamlit as st

    if lang not in ("da", "en"):
        raise ValueError(f"unknown language {lang!r}")
    st.html(_STYLE)
    st.html(f"<script>{_SCRIPT % json.dumps(lang)}</script>", unsafe_allow_javascript=True)
