"""An Excel workbook of every KPI: the filters on the first sheet, a sheet per KPI family (the
KPI engine's queries) with a row per municipality and period, and the definitions.

`build` is a plain function of the figures; the download on a page, which gathers them, is
`nextwork.web.downloads.workbook_button`.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from nextwork.i18n import t as _t  # the one translator
from nextwork.metrics import disclosure, kpis
from nextwork.metrics import frame as frame_of
from nextwork.present import cells

# The KPI engine's queries, one sheet each, in the order of the KPI list.
FAMILIES = {
    "kpi_participants": ("Unge", "Young people"),
    "kpi_companies": ("Virksomheder", "Companies"),
    "kpi_placements": ("Praktikforløb", "Placements"),
    "kpi_first_placement": ("Første praktik", "First placement"),
    "kpi_outcomes": ("Resultater", "Outcomes"),
}
FORMATS = {"count": "#,##0", "share": "0.0 %", "days": "#,##0"}
DATE_FORMAT = "dd-mm-yyyy"
HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Period:
    """One period's figures: `kpis` is `kpi_frame`'s long form for the chosen municipalities
    (the rows without a municipality pool them), `programme` the programme's totals. The
    12-month outcome figures and retention (`kpis.COHORT_KEYS`) are those of the young people
    enrolled from `cohort_start` to `cohort_end` (by default the period itself)."""

    start: dt.date
    end: dt.date
    kpis: pd.DataFrame
    programme: pd.DataFrame
    cohort_start: dt.date | None = None
    cohort_end: dt.date | None = None

    @property
    def cohort(self) -> tuple[dt.date, dt.date]:
        return (self.cohort_start or self.start, self.cohort_end or self.end)


def sheet_names(lang: str = "da") -> list[str]:
    return [
        _t(lang, "Filtre", "Filters"),
        *(_t(lang, *FAMILIES[q]) for q in kpis.QUERIES),
        _t(lang, "Definitioner", "Definitions"),
    ]


def _append(sheet, values: list) -> None:
    """A row of cells, each safe from formula injection (`nextwork.present.cells`)."""
    sheet.append([cells.safe(v) for v in values])


def _header(sheet, names: list[str]) -> None:
    _append(sheet, names)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


def _widths(sheet, widths: list[float]) -> None:
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width


def _family(sheet, query: str, periods: list[Period], lang: str) -> None:
    members = [k for k in kpis.KPIS if k.query == query]
    names = [_t(lang, "Fra", "From"), _t(lang, "Til", "To"), _t(lang, "Kommune", "Municipality")]
    columns = []  # (key, measure, number format)
    for kpi in members:
        unit = {"share": " (%)", "days": _t(lang, " (dage)", " (days)")}.get(kpi.kind, "")
        names.append(kpi.label(lang) + unit)
        columns.append((kpi.key, "value", FORMATS[kpi.kind]))
        if kpi.kind != "count":
            names.append(kpi.label(lang) + " (n)")
            columns.append((kpi.key, "denominator", FORMATS["count"]))
    # Where the 12-month figures stand, the enrolment dates they are measured on.
    with_cohort = any(k.key in kpis.COHORT_KEYS for k in members)
    if with_cohort:
        names += [
            _t(
                lang,
                "12 mdr. og fastholdt: indskrevet fra",
                "12 months and retained: enrolled from",
            ),
            _t(lang, "12 mdr. og fastholdt: indskrevet til", "12 months and retained: enrolled to"),
        ]
    _header(sheet, names)
    sheet.freeze_panes = "D2"
    hidden_text = disclosure.label()
    for period in periods:
        sites = sorted(period.kpis["municipality"].dropna().unique())
        keys = [k.key for k in members]
        chosen = frame_of.wide(period.kpis, keys, [*sites, None])
        rows = [(m, chosen.iloc[i]) for i, m in enumerate(sites)]
        if len(sites) > 1:
            rows.append((_t(lang, "Alle valgte", "All selected"), chosen.iloc[-1]))
        programme = frame_of.wide(period.programme, keys, [None]).iloc[0]
        rows.append((_t(lang, "Programmet", "Programme"), programme))
        for name, figures in rows:
            line = [period.start, period.end, name]
            for key, measure, _ in columns:
                v = figures[key if measure == "value" else f"den_{key}"]
                v, hidden = (None if pd.isna(v) else v), figures[f"hidden_{key}"]
                whole = measure == "denominator" or kpis.KPI_BY_KEY[key].kind == "count"
                if hidden and kpis.KPI_BY_KEY[key].kind == "count":
                    v = hidden_text  # a hidden count reads "<5"; hidden shares stay empty
                elif v is not None:
                    v = int(v) if whole else float(v)
                line.append(v)
            if with_cohort:
                line += list(period.cohort)
            _append(sheet, line)
            row = sheet.max_row
            dates = (1, 2, len(line) - 1, len(line)) if with_cohort else (1, 2)
            for c in dates:
                sheet.cell(row, c).number_format = DATE_FORMAT
            for i, (_, _, number_format) in enumerate(columns, start=4):
                cell = sheet.cell(row, i)
                cell.number_format = number_format
                if cell.value == hidden_text:
                    cell.alignment = Alignment(horizontal="right")
    _widths(sheet, [12, 12, 16] + [max(12, min(len(n) * 0.9 + 2, 30)) for n in names[3:]])
    sheet.row_dimensions[1].height = 45


def _filters(sheet, filters: list[tuple[str, object]], lang: str, note: str | None) -> None:
    if note:
        _append(sheet, [note])
        sheet["A1"].font = Font(bold=True, color="B00020")
    first = sheet.max_row + 1 if note else 1
    _append(sheet, [_t(lang, "Filter", "Filter"), _t(lang, "Værdi", "Value")])
    for cell in sheet[first]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    sheet.freeze_panes = f"A{first + 1}"
    for label, v in filters:
        _append(sheet, [label, v])
        cell = sheet.cell(sheet.max_row, 2)
        if isinstance(v, dt.datetime):
            cell.number_format = DATE_FORMAT + " hh:mm"
        elif isinstance(v, dt.date):
            cell.number_format = DATE_FORMAT
        cell.alignment = Alignment(horizontal="left", wrap_text=True, vertical="top")
    _widths(sheet, [26, 90])


def _definitions(sheet, lang: str) -> None:
    _header(
        sheet,
        [
            _t(lang, "Nøgle", "Key"),
            _t(lang, "Nøgletal", "KPI"),
            _t(lang, "Ark", "Sheet"),
            _t(lang, "Definition", "Definition"),
        ],
    )
    for kpi in kpis.KPIS:
        family = _t(lang, *FAMILIES[kpi.query])
        _append(sheet, [kpi.key, kpi.label(lang), family, kpi.definition(lang)])
    _append(
        sheet,
        [
            "",
            _t(lang, "Fælles regler", "Common rules"),
            "",
            _t(lang, kpis.COMMON_RULES_DA, kpis.COMMON_RULES_EN),
        ],
    )
    _append(
        sheet,
        [
            "",
            _t(lang, "Kohorten med fuld opfølgning", "The cohort with full follow-up"),
            _t(lang, *FAMILIES["kpi_outcomes"]),
            _t(lang, kpis.COHORT_RULE_DA, kpis.COHORT_RULE_EN),
        ],
    )
    for row in sheet.iter_rows(min_row=2):
        row[3].alignment = Alignment(wrap_text=True, vertical="top")
    _widths(sheet, [30, 34, 16, 100])


def _fair(sheet, table: pd.DataFrame | None, lines: list[str], lang: str) -> None:
    """The fair comparison (`fair.table`): a row for the programme and each named site,
    shares as Excel percentages, the difference in percentage points; then `lines` (what
    the figures are and how to read them)."""
    if table is None or table.empty:
        _append(sheet, [_t(lang, "Ingen tal at vise.", "No figures to show.")])
    else:
        _header(sheet, list(table.columns))
        names = list(table.columns)
        for row in table.itertuples(index=False):
            values = []
            for name, v in zip(names, row, strict=True):
                missing = v is None or (not isinstance(v, str) and pd.isna(v))
                if missing:
                    values.append(None)
                elif name in names[2:4] or name == names[6]:
                    values.append(float(v) / 100)  # a share, as Excel's percentage
                elif name == "n":
                    values.append(int(v))
                elif isinstance(v, str):
                    values.append(v)
                else:
                    values.append(float(v))
            if values[1] is None:  # n is hidden only when it is 1 to threshold - 1
                values[1] = disclosure.label()
            _append(sheet, values)
            r = sheet.max_row
            for c in (3, 4, 7):
                sheet.cell(r, c).number_format = "0.0 %"
            sheet.cell(r, 2).number_format = "#,##0"
            sheet.cell(r, 5).number_format = "+0.0;-0.0;0.0"
            sheet.cell(r, 6).number_format = "0.00"
        sheet.row_dimensions[1].height = 30
    _append(sheet, [])
    for line in lines:
        _append(sheet, [line])
    _widths(sheet, [22, 10, 16, 16, 20, 10, 24, 50])


def _effects(sheet, effects: list[dict], lang: str) -> None:
    """The trial's effects: a row per week and site, and the pooled estimates, with the
    counts behind them; differences and intervals as shares (percentage points read as %)."""
    names = [
        _t(lang, "Uger efter lodtrækning", "Weeks since randomisation"),
        _t(lang, "Kommune", "Municipality"),
        _t(lang, "NExTWORK: i job/uddannelse", "NExTWORK: in job/education"),
        _t(lang, "NExTWORK: randomiseret", "NExTWORK: randomised"),
        _t(lang, "Sædvanlig indsats: i job/uddannelse", "Usual services: in job/education"),
        _t(lang, "Sædvanlig indsats: randomiseret", "Usual services: randomised"),
        _t(lang, "Forskel (procentpoint)", "Difference (percentage points)"),
        _t(lang, "95 %-interval, nedre", "95 % interval, lower"),
        _t(lang, "95 %-interval, øvre", "95 % interval, upper"),
        "I²",
    ]
    _header(sheet, names)
    for out in effects:
        week = out["week"]
        for site, e in out["by_municipality"].items():
            if e is None:
                _append(sheet, [week, site])
                continue
            _append(
                sheet,
                [week, site, e["treated_k"], e["treated_n"], e["control_k"], e["control_n"]]
                + [e["difference"], e["ci_low"], e["ci_high"]],
            )
        p = out["pooled"]
        if p is not None:
            _append(
                sheet,
                [week, _t(lang, "Samlet, fast effekt", "Pooled, fixed effect"), None, None]
                + [None, None, p["difference"], p["ci_low"], p["ci_high"], p["i2"]],
            )
            _append(
                sheet,
                [week, _t(lang, "Samlet, tilfældige effekter", "Pooled, random effects")]
                + [None, None, None, None, p["random_difference"], p["random_ci_low"]]
                + [p["random_ci_high"], p["i2"]],
            )
    for row in sheet.iter_rows(min_row=2):
        for cell in row[2:6]:
            cell.number_format = FORMATS["count"]
        for cell in row[6:10]:
            cell.number_format = FORMATS["share"]
    _append(sheet, [])
    _append(
        sheet,
        [
            _t(
                lang,
                "Forskel: andelen i job eller uddannelse med NExTWORK minus med den sædvanlige "
                "indsats. Intervaller pr. kommune: Newcombe. Samlet: invers-varians-vægtet "
                "(fast effekt, Wald-varianser) og DerSimonian-Laird (tilfældige effekter).",
                "Difference: the share in job or education with NExTWORK minus with the usual "
                "services. Intervals per site: Newcombe. Pooled: inverse-variance weighted "
                "(fixed effect, Wald variances) and DerSimonian-Laird (random effects).",
            )
        ],
    )
    _widths(sheet, [14, 28, 16, 16, 18, 18, 16, 14, 14, 8])
    sheet.row_dimensions[1].height = 45


def build(
    periods: list[Period],
    filters: list[tuple[str, object]],
    lang: str = "da",
    note: str | None = None,
    fair: tuple[pd.DataFrame | None, list[str]] | None = None,
    effects: list[dict] | None = None,
) -> bytes:
    """The workbook: `filters` (label, value: a date is a date cell) on the first sheet, under
    `note` if there is one; a sheet per KPI family; with `fair` (a `fair.table` and lines of
    explanation), the fair comparison; with `effects` (the trial's, one
    `trial_effects.effects_at` a week), a sheet of them; the definitions."""
    book = Workbook()
    names = sheet_names(lang)
    _filters(book.active, filters, lang, note)
    book.active.title = names[0]
    for query, name in zip(kpis.QUERIES, names[1:-1], strict=True):
        _family(book.create_sheet(name), query, periods, lang)
    if fair is not None:
        _fair(book.create_sheet(_t(lang, "Fair sammenligning", "Fair comparison")), *fair, lang)
    if effects is not None:
        _effects(book.create_sheet(_t(lang, "Effekt", "Effect")), effects, lang)
    _definitions(book.create_sheet(names[-1]), lang)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
