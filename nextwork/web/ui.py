"""The pages' short import surface: `from nextwork.web import ui` gives a page everything it
shares with the others as `ui.x`. Re-exports only, no logic; each name lives where its job is:

- `nextwork.web.session`: the language, the pinned database file, the connection, the viewer;
- `nextwork.web.data`: scope -> cache -> disclose (queries, KPI frames, fair comparison, facts);
- `nextwork.web.sidebar`: the shared filters in the sidebar and the link;
- `nextwork.web.widgets`: header, banners, KPI cards, tables, number fields;
- `nextwork.web.downloads`: files from a page (tables, the workbook) and their audit;
- `nextwork.filters`: the Filters model itself.
"""

from nextwork.filters import Filters, coarse_dates, month_end, month_start, preset_range
from nextwork.web.data import (
    GROUP_FILTERS,
    FairView,
    facts,
    fair_comparison,
    headline_kpis,
    kpi_frame,
    programme_kpis,
    query,
    shown_exactly,
)
from nextwork.web.downloads import (
    audited_file,
    downloads,
    exact_export_note,
    file_frame,
    in_this_session,
    workbook_button,
)
from nextwork.web.session import (
    DataChanged,
    check_files,
    connection,
    current,
    db_path,
    lang,
    pin_data,
    pinned_version,
    t,
    unpin_data,
    viewer,
)
from nextwork.web.sidebar import coarse, sidebar_filters
from nextwork.web.widgets import (
    FOLLOW_UP_NOTE,
    banners,
    change_text,
    cohort_text,
    column_label,
    count_text,
    denominator,
    header,
    hidden_note,
    is_suppressed,
    kpi_card,
    kpi_table,
    label_of,
    labeller,
    month_is_complete,
    number_field,
    number_table,
    plain,
    styled,
    total,
)

__all__ = [
    "FOLLOW_UP_NOTE",
    "GROUP_FILTERS",
    "DataChanged",
    "FairView",
    "Filters",
    "audited_file",
    "banners",
    "change_text",
    "check_files",
    "coarse",
    "coarse_dates",
    "cohort_text",
    "column_label",
    "connection",
    "count_text",
    "current",
    "db_path",
    "denominator",
    "downloads",
    "exact_export_note",
    "facts",
    "fair_comparison",
    "file_frame",
    "header",
    "headline_kpis",
    "hidden_note",
    "in_this_session",
    "is_suppressed",
    "kpi_card",
    "kpi_frame",
    "kpi_table",
    "label_of",
    "labeller",
    "lang",
    "month_end",
    "month_is_complete",
    "month_start",
    "number_field",
    "number_table",
    "pin_data",
    "pinned_version",
    "plain",
    "preset_range",
    "programme_kpis",
    "query",
    "shown_exactly",
    "sidebar_filters",
    "styled",
    "t",
    "total",
    "unpin_data",
    "viewer",
    "workbook_button",
]
