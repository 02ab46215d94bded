"""Small-number suppression on the tiny export for 2024, cell by cell, worked out by hand,
and the promise that nothing personal leaves: no CPR number and no young person's id on any
page, in any export or in the audit log."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from nextwork import audit, db, kpis, suppression
from nextwork.importer import import_export
from tests.apptest import PAGES, YEAR_2024, open_app, texts
from tests.tiny_export import AS_OF, EXPORT, build_db


@pytest.fixture(scope="module")
def frame(tmp_path_factory):
    con = db.connect(build_db(tmp_path_factory.mktemp("suppression")), read_only=True)
    params = kpis.query_params(
        dt.date(2024, 1, 1), dt.date(2024, 12, 31), AS_OF, ["Horsens", "Vejle"]
    )
    yield suppression.suppress_kpis(kpis.kpi_frame(con, params), limit=5)
    con.close()


def cell(frame, key, municipality):
    rows = frame[frame["key"] == key]
    rows = (
        rows[rows["municipality"].isna()]
        if municipality is None
        else rows[rows["municipality"] == municipality]
    )
    return rows["value"].iloc[0], bool(rows["is_suppressed"].iloc[0])


# (KPI, total, Vejle, Horsens): a value, or "hidden". Counts 1-4 and shares resting on
# them are hidden; one hidden part beside a total hides the smallest other part too.
CELLS = [
    # active 9 = Vejle 5 + Horsens 4: Horsens hidden, so Vejle is hidden as well
    ("participants_active", 9, "hidden", "hidden"),
    # new 7 = 4 + 3: both small
    ("participants_new", 7, "hidden", "hidden"),
    # started 10 = 6 + 4: Horsens small, Vejle hidden with it
    ("placements_started", 10, "hidden", "hidden"),
    # active placements 11 = 7 + 4: the same
    ("placements_active", 11, "hidden", "hidden"),
    # companies in the network 5 = 3 + 2
    ("companies_in_network", 5, "hidden", "hidden"),
    # 4 of 5 in job or education: numerator 4 is small, everywhere
    ("outcome_12m_share", "hidden", "hidden", "hidden"),
    # 3 of 9 attended the youth network: numerator 3
    ("network_attendance_share", "hidden", "hidden", "hidden"),
    # median days to first placement rests on 6 young people in total (Vejle 4, Horsens 2)
    ("median_days_to_first_placement", 50.0, "hidden", "hidden"),
    # 1 of 6 completed: hidden
    ("placement_completion_rate", "hidden", "hidden", "hidden"),
]


@pytest.mark.parametrize("key, total, vejle, horsens", CELLS, ids=[c[0] for c in CELLS])
def test_kpi_cells(frame, key, total, vejle, horsens):
    """A viewer's KPI figures for 2024 show exactly these cells."""
    for municipality, expected in ((None, total), ("Vejle", vejle), ("Horsens", horsens)):
        value, hidden = cell(frame, key, municipality)
        if expected == "hidden":
            assert hidden and value is None, (key, municipality)
        else:
            assert not hidden and value == pytest.approx(expected), (key, municipality)


def test_table_secondary_suppression():
    """In a table of counts by municipality and category with a total row, a single small
    cell hides the smallest other cell in its column and in its municipality."""
    table = pd.DataFrame(
        {
            "municipality": ["Vejle", "Vejle", "Horsens", "Horsens", None, None],
            "category": ["a", "b", "a", "b", "a", "b"],
            "count_people": [3, 8, 9, 12, 12, 20],
            "share_people": [0.25, 0.75, 0.4, 0.6, 0.4, 0.6],
        }
    )
    out = suppression.suppress_table(table, limit=5)
    # Vejle a (3) is small; across municipalities Horsens a (9) is hidden with it; within
    # Vejle, b (8) is hidden with it; then Horsens b (12) too, since Horsens had one hidden.
    assert list(out["count_people"]) == [None, None, None, None, 12, 20]
    assert list(out["share_people"]) == [None, None, None, None, 0.4, 0.6]


def test_export_suppression():
    """A downloaded table reads <5 for small counts, leaves the row's shares empty, and
    hides the smallest other count of a column with one small count."""
    table = pd.DataFrame(
        {
            "Kommune": ["Vejle", "Horsens", "Alle valgte"],
            "Antal": [3, 9, 12],
            "Andel (%)": [25.0, 75.0, 100.0],
        }
    )
    out = suppression.suppress_export(table, limit=5)
    assert list(out["Antal"]) == ["<5", "<5", 12]
    assert list(out["Andel (%)"]) == [None, None, 100.0]


def test_zero_is_not_suppressed():
    """Nobody is no one: a count of 0 is shown as 0."""
    assert not suppression.is_small(0, 5) and suppression.is_small(4, 5)
    assert not suppression.is_small(5, 5)


CPRS = ["0101901234", "0202922345", "0303933456"]


@pytest.fixture(scope="module")
def cpr_db(tmp_path_factory):
    """The tiny export with Vejle's young people given by (invented) CPR numbers."""
    base = tmp_path_factory.mktemp("cpr")
    export = base / "export"
    export.mkdir()
    mapping = {"V3": CPRS[0][:6] + "-" + CPRS[0][6:], "V5": CPRS[1], "V6": CPRS[2]}
    for name, text in EXPORT.items():
        lines = text.splitlines()
        header = lines[0].split(",")
        if "participant_id" in header:
            i = header.index("participant_id")
            header.insert(i + 1, "cpr")
            rows = []
            for line in lines[1:]:
                cells = line.split(",")
                person = cells[i]
                cpr = mapping.get(person, "")
                cells[i] = "" if cpr else person
                cells.insert(i + 1, cpr)
                rows.append(",".join(cells))
            lines = [",".join(header), *rows]
        (export / f"{name}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = base / "cpr.duckdb"
    result = import_export(path, export, key_file=base / "k.key", today=AS_OF)
    assert result.ok, result.report()
    return path


def test_no_cpr_or_id_on_any_page_or_in_the_audit_log(monkeypatch, cpr_db):
    """Whatever page an admin opens, no CPR number, no pseudonymous id and no export id
    of a young person is shown; the audit log holds none either."""
    # An export id such as V1 or H1, but not a half-year such as 2024 H1.
    personal = re.compile(r"\d{6}-?\d{4}|p-[0-9a-f]{16}|(?<!\d{4} )\b[VH]\d\b")
    for page in PAGES:
        for lang in ("da", "en"):
            at = open_app(monkeypatch, cpr_db, page, lang=lang, **YEAR_2024)
            assert not at.exception, page
            shown = texts(at) + " ".join(frame.value.to_csv() for frame in at.dataframe)
            assert not personal.search(shown), (page, personal.search(shown).group())
    assert not any(personal.search(" ".join(row)) for row in audit.entries(cpr_db))
