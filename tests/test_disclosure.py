"""Disclosure control: the cell-key perturbation worked out by hand from the table in
config/settings.toml, the small-number rules on the tiny export for 2024 cell by cell, the
attacks that broke per-table suppression (each as a test that the derived number no longer
gives a young person away), and the promise that nothing personal leaves: no CPR number and
no young person's id on any page, in any export or in the audit log."""

from __future__ import annotations

import datetime as dt
import random
import re

import duckdb
import pandas as pd
import pytest

from nextwork.ingest import audit, db, marts
from nextwork.ingest.importer import import_export
from nextwork.metrics import disclosure, kpis
from tests.apptest import PAGES, YEAR_2024, open_app, texts
from tests.tiny_export import AS_OF, EXPORT, copy_tiny_db, set_record_keys

P24 = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))

# --- the perturbation table ------------------------------------------------------------------
# The table (config/settings.toml): noise in the order 0, -1, +1, -2, +2; a cell key picks the
# position p = key mod 256, read as u = (p + 0.5) / 256 against the row's running total.
#   row 1 (a count of 1):  0 up to 0.5, -1 up to 0.8, +1 up to 0.9, (-2 never), +2 up to 1
#   row 2 (2 and more):    0 up to 0.4, -1 up to 0.6, +1 up to 0.8, -2 up to 0.9, +2 up to 1
PERTURBED = [
    # (count, cell key, shown): zero stays zero whatever the key
    (0, 0, 0),
    (0, 250, 0),
    # a count of 1: p 0 -> u 0.002 -> 0; p 150 -> u 0.588 -> -1; p 210 -> 0.822 -> +1;
    # p 240 -> 0.939 -> +2
    (1, 0, 1),
    (1, 150, 0),
    (1, 210, 2),
    (1, 240, 3),
    # a count of 9: p 0 -> 0; p 103 -> u 0.404 -> -1; p 160 -> 0.627 -> +1; p 210 -> 0.822 ->
    # -2; p 250 -> 0.979 -> +2; key 359 is position 103 again
    (9, 0, 9),
    (9, 103, 8),
    (9, 160, 10),
    (9, 210, 7),
    (9, 250, 11),
    (9, 359, 8),
    # the edge: p 101 -> u 0.3965, under 0.4 -> 0; p 102 -> u 0.4004, over it -> -1
    (9, 101, 9),
    (9, 102, 8),
    (2, 210, 0),
]


@pytest.mark.parametrize("count, key, shown", PERTURBED)
def test_perturbation_by_hand(count, key, shown):
    """A count and its cell key always give the same shown count, as the table says."""
    assert disclosure.perturb(count, key) == shown


def test_the_table_is_unbiased_bounded_and_as_documented():
    """Over every cell key position the noise averages 0, never exceeds 2 and has the
    variance docs/privacy.md gives: 0.80 for a count of 1 and 1.20 for larger ones, as
    realised on 256 positions (-1, +1, +2 on 77, 25, 26 positions: 206/256; -1, +1, -2, +2
    on 52, 51, 25, 26: 307/256)."""
    for count, variance in ((1, 206 / 256), (2, 307 / 256), (37, 307 / 256)):
        realised = disclosure.noise_distribution(count)
        assert sum(n * p for n, p in realised.items()) == pytest.approx(0, abs=0.01)
        assert sum(n * n * p for n, p in realised.items()) == pytest.approx(variance)
        assert max(abs(n) for n, p in realised.items() if p) == 2


def test_a_table_that_would_go_below_zero_is_refused():
    """An operator's table that could turn a count of 1 into -1 is an error, not a figure."""
    bad = disclosure.Table(noise=(0, -2, 2), rows={1: (0.5, 0.25, 0.25)}, positions=256)
    with pytest.raises(ValueError, match="below 0"):
        bad.check()


# --- the tiny export for 2024, as a viewer sees it ------------------------------------------


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory, tiny_db_built):
    return copy_tiny_db(tiny_db_built, tmp_path_factory.mktemp("disclosure"))


@pytest.fixture(scope="module")
def frame(tiny_db):
    con = db.connect(tiny_db, read_only=True)
    params = kpis.query_params(*P24, AS_OF, ["Horsens", "Vejle"])
    yield disclosure.disclose_kpis(kpis.kpi_frame(con, params))
    con.close()


def cell(frame, key, municipality):
    rows = frame[frame["key"] == key]
    rows = (
        rows[rows["municipality"].isna()]
        if municipality is None
        else rows[rows["municipality"] == municipality]
    )
    return rows["value"].iloc[0], bool(rows["is_suppressed"].iloc[0])


# (KPI, total, Vejle, Horsens): a value, or "hidden". The tiny database's record keys are all
# 0, so nothing moves: counts 1-4 and shares resting on them are hidden, nothing else is.
CELLS = [
    # active 9 = Vejle 5 + Horsens 4
    ("participants_active", 9, 5, "hidden"),
    # new 7 = 4 + 3: both small
    ("participants_new", 7, "hidden", "hidden"),
    # started 10 = 6 + 4
    ("placements_started", 10, 6, "hidden"),
    # active placements 11 = 7 + 4
    ("placements_active", 11, 7, "hidden"),
    # companies in the network 5 = 3 + 2
    ("companies_in_network", 5, "hidden", "hidden"),
    # 4 of 5 in job or education: numerator 4 is small, everywhere
    ("outcome_12m_share", "hidden", "hidden", "hidden"),
    # 3 of 9 attended the youth network: numerator 3
    ("network_attendance_share", "hidden", "hidden", "hidden"),
    # median days to first placement rests on 6 young people in total (Vejle 4, Horsens 2);
    # 50 days read as whole weeks: 49
    ("median_days_to_first_placement", 49.0, "hidden", "hidden"),
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


def test_zero_is_not_hidden():
    """Nobody is no one: a count of 0 is shown as 0."""
    assert not disclosure.is_small(0, 5) and disclosure.is_small(4, 5)
    assert not disclosure.is_small(5, 5)


def test_shares_come_from_the_perturbed_counts():
    """A share is the perturbed numerator over the perturbed denominator (never above 1),
    and its n is the perturbed denominator: 7 of 9 with keys 160 and 210 reads 8 of 7,
    clamped to 7 of 7 = 100 %."""
    long = pd.DataFrame(
        [
            {
                "municipality": None,
                "key": "outcome_12m_share",
                "value": 7 / 9,
                "numerator": 7,
                "denominator": 9,
                "ckey_value": None,
                "ckey_numerator": 160,
                "ckey_denominator": 210,
            }
        ]
    )
    out = disclosure.disclose_kpis(long)
    assert (out["value"][0], out["numerator"][0], out["denominator"][0]) == (1.0, 7, 7)
    assert "ckey_numerator" not in out


def test_a_table_perturbs_each_count_by_its_own_key_and_rebuilds_its_shares():
    """In a query's rows every count moves by its own cell key, shares of a group total are
    rebuilt from the perturbed counts, and the keys never reach the page."""
    rows = pd.DataFrame(
        {
            "municipality": ["Vejle", "Vejle", None],
            "status": ["a", "b", "a"],
            "count_placements": [9, 9, 30],
            "key_count_placements": [0, 103, 250],
            "share_of_active": [0.5, 0.5, 1.0],
        }
    )
    out = disclosure.disclose_table(rows, "placement_status")
    assert list(out["count_placements"]) == [9, 8, 32]
    # Vejle's parts 9 and 8 add up to 17 as shown
    assert list(out["share_of_active"]) == [pytest.approx(9 / 17), pytest.approx(8 / 17), 1.0]
    assert not [c for c in out.columns if c.startswith("key_")]


def test_a_count_without_a_cell_key_is_not_shown():
    """A count the disclosure control cannot perturb is hidden rather than shown exactly."""
    rows = pd.DataFrame({"municipality": ["Vejle"], "count_people": [12]})
    assert disclosure.disclose_table(rows)["count_people"].tolist() == [None]


def test_a_cost_per_young_person_is_rebuilt_from_the_perturbed_count():
    """Cost per active young person for a viewer is the cost over the perturbed count, so the
    cost beside it does not give the exact count away: 90,000 kr. / (9 - 2) young people."""
    rows = pd.DataFrame(
        {
            "municipality": ["Vejle"],
            "cost_dkk": [90_000.0],
            "staff_fte": [2.0],
            "participants_active": [9],
            "key_participants_active": [210],
            "cost_per_participant": [10_000.0],
            "participants_per_fte": [4.5],
        }
    )
    out = disclosure.disclose_table(rows, "costs_per_year")
    assert out["cost_per_participant"][0] == pytest.approx(90_000 / 7)
    assert out["participants_per_fte"][0] == pytest.approx(3.5)


# --- the attacks ------------------------------------------------------------------------------


def _viewer_kpis(con, municipalities, **filters) -> pd.DataFrame:
    params = kpis.query_params(*P24, AS_OF, municipalities, **filters)
    return disclosure.disclose_kpis(kpis.kpi_frame(con, params))


def _rekeyed_copies(tiny_db, tmp_path, count: int):
    """The tiny export imported `count` times over: the same records, each time with fresh
    random keys (as another export's records would have)."""
    generator = random.Random(20261201)
    for i in range(count):
        path = tmp_path / f"rekeyed-{i}.duckdb"
        path.write_bytes(tiny_db.read_bytes())
        con = duckdb.connect(str(path))
        for table in ("participants", "companies", "placements", "activities", "outcomes"):
            n = con.execute(f"select count(*) from {table}").fetchone()[0]
            keys = [generator.randrange(2**24) for _ in range(n)]
            con.execute(
                f"update {table} set record_key = k.key from (select unnest($keys) as key, "
                f"generate_subscripts($keys, 1) as i) k where {table}.rowid + 1 = k.i",
                {"keys": keys},
            )
        marts.refresh(con)  # what is computed from the records when they are written
        con.close()
        yield path


def test_differencing_views_no_longer_recovers_a_small_count(tiny_db, tmp_path):
    """A viewer who reads the total of both sites (9 active, 10 placements started) and then
    Vejle alone (5, 6) subtracts to get Horsens' hidden 4 and 4. Over 30 exports with the
    same counts and fresh record keys, the subtraction gives the true count in few of them:
    the total is perturbed on its own, so the difference is noise around 4, not 4."""
    hits = trials = 0
    for path in _rekeyed_copies(tiny_db, tmp_path, 30):
        con = db.connect(path, read_only=True)
        both = _viewer_kpis(con, ["Horsens", "Vejle"])
        vejle = _viewer_kpis(con, ["Vejle"])
        con.close()
        for key in ("participants_active", "placements_started"):
            total, _ = cell(both, key, None)
            part, _ = cell(vejle, key, None)
            # the same cell reads the same in both views
            assert cell(both, key, "Vejle")[0] == part
            if total is None or part is None:
                continue  # nothing to subtract
            trials += 1
            hits += total - part == 4
    assert trials >= 40
    assert hits / trials < 0.5, (hits, trials)


def test_a_filter_that_leaves_out_a_handful_is_hidden(tiny_db):
    """No filter against all genders but "unknown" differ by H5 and V4 (2 young people):
    a viewer choosing female and male is shown no figure that differs from the unfiltered
    one by 1-4, so the two left out cannot be counted by subtraction."""
    con = db.connect(tiny_db, read_only=True)
    params = kpis.query_params(*P24, AS_OF, ["Horsens", "Vejle"], genders=["female", "male"])
    unfiltered = kpis.kpi_frame(con, {**params, "genders": None})
    filtered = kpis.kpi_frame(con, params)
    con.close()
    out = disclosure.disclose_kpis(filtered, complement=unfiltered)
    value, hidden = cell(out, "participants_active", None)
    assert hidden and value is None
    # without the rule the figure would have been shown
    plain = disclosure.disclose_kpis(filtered)
    assert cell(plain, "participants_active", None)[0] is not None


def test_two_small_cells_beside_a_total_cannot_be_worked_out(tiny_db, tmp_path):
    """Companies in the network: Vejle 3 and Horsens 2 are both hidden beside the total 5.
    With fresh keys per export, the total reads 3 to 7, so "both are small" is all a
    reader learns; it is not 5 in most exports."""
    shown = []
    for path in _rekeyed_copies(tiny_db, tmp_path, 30):
        con = db.connect(path, read_only=True)
        shown.append(cell(_viewer_kpis(con, ["Horsens", "Vejle"]), "companies_in_network", None))
        con.close()
    values = [v for v, hidden in shown if not hidden]
    assert values and all(3 <= v <= 7 for v in values)
    assert sum(v == 5 for v in values) / len(shown) < 0.6


@pytest.fixture(scope="module")
def keyed_db(tmp_path_factory, tiny_db_built):
    """The tiny export with H1's record key 210 and every other key 0: every cell that
    counts H1 has cell key 210, position 210, u = 0.822, noise -2 for a count of 2 or more."""
    path = copy_tiny_db(tiny_db_built, tmp_path_factory.mktemp("keyed"))
    set_record_keys(path, {"participants": {"H1": 210}})
    return path


def metric(at, label):
    return next(m for m in at.metric if m.label == label).value


def test_the_same_cell_reads_the_same_everywhere(monkeypatch, keyed_db, deferred):
    """A viewer sees 2024's active young people, 9 with H1 among them, as 7 (9 - 2) on the
    overview card and table, the young people page, the comparison page's programme column,
    in Danish and English, and in the overview's CSV; Vejle (5, without H1) stays 5 and
    Horsens (4 - 2 = 2) reads <5."""
    for lang, label in (("da", "Aktive unge"), ("en", "Active young people")):
        at = open_app(monkeypatch, keyed_db, role="viewer", lang=lang, **YEAR_2024)
        assert metric(at, label) == "7"
        table = at.dataframe[0].value
        assert list(table[label].fillna(-1)) == [-1, 5, 7]  # Horsens hidden
        csv = deferred["overblik.csv"]().decode("utf-8-sig")
        total = "Programmet" if lang == "da" else "Programme"  # both sites: the programme
        sep = ";" if lang == "da" else ","  # the reader's spreadsheet's separator
        assert f"Horsens{sep}<5{sep}" in csv and f"Vejle{sep}5{sep}" in csv
        assert f"{total}{sep}7{sep}" in csv
        at = open_app(monkeypatch, keyed_db, "unge", role="viewer", lang=lang, **YEAR_2024)
        assert metric(at, label) == "7"
        at = open_app(monkeypatch, keyed_db, "sammenlign", role="viewer", lang=lang, **YEAR_2024)
        programme = "Programmet" if lang == "da" else "Programme"
        assert (
            at.dataframe[0]
            .value.set_index(at.dataframe[0].value.columns[0])
            .loc["participants_active", programme]
            == 7
        )


def test_files_carry_the_shared_figures_even_for_exact_readers(monkeypatch, keyed_db, deferred):
    """The foundation sees 9 on the screen, exactly; the CSV it downloads, which may be
    shared, carries the same 7 a viewer sees, unless an admin asks for an internal file."""
    at = open_app(monkeypatch, keyed_db, role="foundation", **YEAR_2024)
    assert metric(at, "Aktive unge") == "9"
    csv = deferred["overblik.csv"]().decode("utf-8-sig")
    assert "Programmet;7;" in csv and "Horsens;<5" in csv
    at = open_app(monkeypatch, keyed_db, role="admin", **YEAR_2024)
    at.toggle(key="exact_exports").set_value(True).run()
    csv = deferred["overblik.csv"]().decode("utf-8-sig")
    assert csv.startswith("# INTERNT") and "Programmet;9;" in csv


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


def test_record_keys_are_random_and_kept_across_imports(tmp_path):
    """Each record gets a random key at import; importing the same export again keeps every
    record's key (so every figure keeps its perturbation), and a record new in the second
    export gets a key of its own."""
    export = tmp_path / "export"
    export.mkdir()
    for name, text in EXPORT.items():
        (export / f"{name}.csv").write_text(text, encoding="utf-8")
    path = tmp_path / "keys.duckdb"
    key_file = tmp_path / "k.key"

    def keys():
        con = duckdb.connect(str(path), read_only=True)
        try:
            return {
                table: dict(
                    con.execute(f"select {column}, record_key from {table} order by all").fetchall()
                )
                for table, column in (
                    ("participants", "participant_id"),
                    ("companies", "company_id"),
                    ("placements", "placement_id"),
                )
            }
        finally:
            con.close()

    assert import_export(path, export, key_file=key_file, today=AS_OF).ok
    first = keys()
    values = [k for table in first.values() for k in table.values()]
    assert all(0 <= k < 2**24 for k in values)
    assert len(set(values)) > len(values) // 2, "random, not one value for all"
    participants = (export / "participants.csv").read_text(encoding="utf-8")
    extra = participants.splitlines()[1].replace("V1,", "V9,", 1)
    (export / "participants.csv").write_text(participants + extra + "\n", encoding="utf-8")
    assert import_export(path, export, key_file=key_file, today=AS_OF).ok
    second = keys()
    assert {k: v for k, v in second["participants"].items() if k != "V9"} == first["participants"]
    assert second["companies"] == first["companies"]
    assert second["placements"] == first["placements"]
    assert "V9" in second["participants"]


def test_a_table_for_a_filtered_group_hides_counts_that_leave_out_a_handful():
    """Monthly counts for women and men only: March's 10 against 12 unfiltered leaves out 2
    people, so it is hidden; April's 10 against 10 is shown (keys 0: no noise)."""
    part = pd.DataFrame(
        {
            "municipality": ["Vejle", "Vejle"],
            "month_start": [dt.date(2024, 3, 1), dt.date(2024, 4, 1)],
            "participants_active": [10, 10],
            "key_participants_active": [0, 0],
        }
    )
    whole = part.assign(participants_active=[12, 10])
    out = disclosure.disclose_table(part, "monthly_counts", complement=whole)
    assert list(out["participants_active"]) == [None, 10]


def test_a_cumulative_series_does_not_give_single_steps_away():
    """A cohort curve counts, month by month, the young people with an outcome by then: 20
    people reaching it one a month. Each point is perturbed by the keys of the people it
    counts (as outcome_cohorts gives them), not built from perturbed steps, so the
    difference of two neighbouring points says "one person" in few of the months over 30
    draws of record keys."""
    generator = random.Random(7)
    single = hits = 0
    for _ in range(30):
        keys = [generator.randrange(2**24) for _ in range(20)]
        rows = pd.DataFrame(
            {
                "municipality": ["Vejle"] * 20,
                "months_since_enrolment": list(range(20)),
                "count_followed": [40] * 20,
                "key_count_followed": [sum(keys)] * 20,
                "count_outcome": [m + 1 for m in range(20)],
                "key_count_outcome": [sum(keys[: m + 1]) for m in range(20)],
            }
        )
        shown = disclosure.disclose_table(rows, "outcome_cohorts")["count_outcome"].tolist()
        for before, after in zip(shown, shown[1:], strict=False):
            if before is None or after is None:
                continue
            single += 1
            hits += after - before == 1
    assert single > 300
    assert hits / single < 0.5, (hits, single)


# --- what readers without exact rights may choose ---------------------------------------------

COARSE = [
    # (start, end, as_of) chosen -> as used: whole months, as-of on a month's last day
    (("2024-04-12", "2024-04-12", "2025-06-30"), ("2024-04-01", "2024-04-30", "2025-06-30")),
    (("2024-01-01", "2024-12-31", "2025-06-30"), ("2024-01-01", "2024-12-31", "2025-06-30")),
    # The end stops at the as-of day, not at the end of the month after it.
    (("2025-12-02", "2026-12-01", "2026-12-01"), ("2025-12-01", "2026-11-30", "2026-11-30")),
    (("2024-02-29", "2024-03-01", "2024-03-01"), ("2024-02-01", "2024-02-29", "2024-02-29")),
    (("2025-01-10", "2025-06-15", "2025-06-30"), ("2025-01-01", "2025-06-30", "2025-06-30")),
    (("2024-03-05", "2025-09-30", "2025-06-30"), ("2024-03-01", "2025-06-30", "2025-06-30")),
    # A period wholly after the as-of day (this month, as of its 12th): the as-of day's month.
    (("2026-12-01", "2026-12-12", "2026-12-12"), ("2026-11-01", "2026-11-30", "2026-11-30")),
]


@pytest.mark.parametrize("chosen, used", COARSE)
def test_periods_are_whole_months(chosen, used):
    """A viewer cannot count people a day at a time: any period is widened to whole months
    and the as-of day moved back to the last day of a month, which the period's end does not
    pass."""
    from nextwork.web import ui

    dates = [dt.date.fromisoformat(d) for d in chosen]
    assert ui.coarse_dates(*dates) == tuple(dt.date.fromisoformat(d) for d in used)


def test_a_viewer_picks_one_site_or_all_and_one_value_per_filter(monkeypatch):
    """Two sites of five, or two genders, would be new cells to average differences over: a
    viewer asking for them gets all five sites and no gender filter, with a notice."""
    from nextwork.web import access, session, ui

    monkeypatch.setattr(session, "viewer", lambda: access.Viewer(role="viewer"))
    everyone = ["Horsens", "København", "Roskilde", "Sønderborg", "Vejle"]
    chosen = ui.Filters(
        dt.date(2024, 1, 5),
        dt.date(2024, 3, 3),
        dt.date(2025, 6, 30),
        ("Horsens", "Vejle"),
        genders=("female", "male"),
        target_groups=("job_ready",),
    )
    used = ui.coarse(chosen, everyone)
    assert used.municipalities == tuple(everyone)
    assert used.genders == () and used.target_groups == ("job_ready",)
    assert (used.start, used.end) == (dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    assert len(used.notices) == 2
    one = ui.coarse(ui.Filters(chosen.start, chosen.end, chosen.as_of, ("Vejle",)), everyone)
    assert one.municipalities == ("Vejle",) and one.notices == ()


def test_a_viewers_day_link_shows_the_whole_month(monkeypatch, tiny_db):
    """A viewer's link to one day, 12 April 2024, shows April 2024."""
    at = open_app(
        monkeypatch,
        tiny_db,
        role="viewer",
        start="2024-04-12",
        end="2024-04-12",
        as_of="2025-06-30",
    )
    assert not at.exception
    assert "1. apr. 2024 – 30. apr. 2024" in texts(at)


def test_medians_are_rounded_to_weeks_for_viewers():
    """A median of 32 days reads 35 (five weeks) to a viewer, 30 reads 28; about fewer than
    5 young people it is hidden."""
    rows = pd.DataFrame(
        [
            {
                "municipality": m,
                "key": "median_days_to_first_placement",
                "value": v,
                "numerator": None,
                "denominator": n,
                "ckey_value": None,
                "ckey_numerator": None,
                "ckey_denominator": 0,
            }
            for m, v, n in (("Vejle", 32.0, 9), ("Horsens", 30.0, 6), (None, 31.0, 4))
        ]
    )
    out = disclosure.disclose_kpis(rows)
    assert list(out["value"]) == [35.0, 28.0, None]


def test_a_viewer_sees_no_row_counts_in_the_import_history():
    """Exact row counts of an import would pin the perturbed figures down (and two imports
    in a row give the young people who came in between): a viewer sees the files only."""
    from nextwork.web import access, upload

    entries = [
        {
            "finished_at": dt.datetime(2025, 6, 30, 12),
            "status": "ok",
            "municipalities": ["Vejle"],
            "files": '[{"file": "participants.csv", "rows": 138}]',
            "count_errors": 0,
            "count_warnings": 0,
        }
    ]
    everyone = ["Horsens", "Vejle"]
    viewer = upload.history(entries, access.Viewer(role="viewer"), everyone, "da")
    admin = upload.history(entries, access.Viewer(role="admin"), everyone, "da")
    assert "138" not in viewer.to_csv() and "participants.csv" in viewer.to_csv()
    assert "participants.csv (138)" in admin.to_csv()
