"""The pages' short import surface: `from nextwork.web import ui` gives a page everything it
shares with the others as `ui.x`. Re-exports only, no logic; each name lives where its job is:

- `nextwork.web.session`: the language, the pinned database file, the connection, the viewer;
- `nextwork.web.data`: scope -> cache -> disclose (queries, KPI frames, fair comparison, facts);
- `nextwork.web.sidebar`: the shared filters in the sidebar and the link;
- `nextwork.web.widgets`: header, banners, KPI cards, tables, number fields;
- `nextwork.web.downloads`: files from a page (tables, the workbook) and their audit;
- `nextwork.filters`: the Filters model itself.
"""

from nextwork.filters import Filters, coarse_dates
from nextwork.web.data import (
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
    workbook_button,
)
from nextwork.web.session import (
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
    banners,
    cohort_text,
    count_text,
    header,
    kpi_card,
    kpi_table,
    label_of,
    labeller,
    month_is_complete,
    number_field,
    number_table,
    plain,
    styled,
)

__all__ = [
    "FairView",
    "Filters",
    "audited_file",
    "banners",
    "check_files",
    "coarse",
    "coarse_dates",
    "cohort_text",
    "connection",
    "count_text",
    "current",
    "db_path",
    "downloads",
    "exact_export_note",
    "facts",
    "fair_comparison",
    "header",
    "headline_kpis",
    "kpi_card",
    "kpi_frame",
    "kpi_table",
    "label_of",
    "labeller",
    "lang",
    "month_is_complete",
    "number_field",
    "number_table",
    "pin_data",
    "pinned_version",
    "plain",
    "programme_kpis",
    "query",
    "shown_exactly",
    "sidebar_filters",
    "styled",
    "t",
    "unpin_data",
    "viewer",
    "workbook_button",
]
