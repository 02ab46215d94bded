"""The companies page: its queries on the tiny export, counted by hand, and what a reader sees.

The tiny export (tests/tiny_export.py) names no industry, size or address for its seven
companies. The queries about those are also run on LOCATED, the same export with the
companies file below, which adds them and changes nothing else:

    CV1 Vejle   C  10-49   own coordinates     in the network 2020-..
    CV2 Vejle   G  1-9     postcode 7100 only  joins 2024-12-31
    CV3 Vejle   C  (none)  postcode 7120 only  left 2023-12-31: never in the network in 2024
    CV4 Vejle   G  (none)  no address at all   left 2024-01-01: in the network in 2024
    CH1 Horsens F  250+    own coordinates     2022-..
    CH2 Horsens I  10-49   postcode 8700 only  2023-06-01 .. 2025-02-15
    CH3 Horsens G  1-9     own coordinates     joins 2025-06-30

So in 2024 the network is CV1, CV2, CV4 (Vejle) and CH1, CH2 (Horsens). Placements started
in 2024, per company: CV1 five (PL3, PL4, PL5, PL7, PL8), CV2 one (PL6), CV4 none, CH1 two
(PL10, PL14), CH2 two (PL11, PL15).
"""

from __future__ import annotations

import base64
import datetime as dt
import json

import numpy as np
import pytest

from nextwork.ingest import db
from nextwork.ingest.importer import import_export
from nextwork.metrics.kpis import query_params
from tests.apptest import YEAR_2024, open_app, texts
from tests.tiny_export import AS_OF, copy_tiny_db, write_export

COMPANIES = """\
company_id,name,municipality,industry,size_band,postcode,latitude,longitude,joined_on,left_on
CV1,Vejle Værksted,Vejle,C,10-49,7100,55.7113,9.5357,2020-01-01,
CV2,Fjordens Bageri,Vejle,G,1-9,7100,,,2024-12-31,
CV3,Gammel Smedje,Vejle,C,,7120,,,2019-01-01,2023-12-31
CV4,Havnens Lager,Vejle,G,,,,,2021-06-01,2024-01-01
CH1,Horsens Byg,Horsens,F,250+,8700,55.8601,9.8502,2022-01-01,
CH2,Bygholm Kantine,Horsens,I,10-49,8700,,,2023-06-01,2025-02-15
CH3,Nørrestrand Cykler,Horsens,G,1-9,8700,55.8702,9.8603,2025-06-30,
"""

P24 = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
DEC_24 = (dt.date(2024, 12, 1), dt.date(2024, 12, 31))
H1_25 = (dt.date(2025, 1, 1), dt.date(2025, 6, 30))
BOTH = ["Horsens", "Vejle"]


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory, tiny_db_built):
    return copy_tiny_db(tiny_db_built, tmp_path_factory.mktemp("companies_tiny"))


@pytest.fixture(scope="module")
def located_db(tmp_path_factory):
    base = tmp_path_factory.mktemp("companies_located")
    export = write_export(base / "export")
    (export / "companies.csv").write_text(COMPANIES, encoding="utf-8")
    path = base / "located.duckdb"
    result = import_export(path, export, key_file=base / "k.key", today=AS_OF)
    assert result.ok, result.errors
    return path


def rows(path, query: str, period, municipalities=BOTH, columns=None) -> list[tuple]:
    con = db.connect(path, read_only=True)
    try:
        frame = db.run(con, query, query_params(*period, AS_OF, municipalities))
    finally:
        con.close()
    frame = frame[columns] if columns else frame
    return [tuple(None if v != v else v for v in row) for row in frame.itertuples(index=False)]


# --- the queries ------------------------------------------------------------------------


def test_companies_by_industry_in_2024(located_db):
    """Network 2024: Vejle has G twice (CV2 1-9, CV4 size unknown) and C once (CV1 10-49);
    Horsens has F (CH1 250+) and I (CH2 10-49). The largest section comes first, then by
    letter. Columns: 1-9, 10-49, 50-249, 250+, unknown, total."""
    assert [
        ("Vejle", "G", 1, 0, 0, 0, 1, 2),
        ("Vejle", "C", 0, 1, 0, 0, 0, 1),
        ("Horsens", "F", 0, 0, 0, 1, 0, 1),
        ("Horsens", "I", 0, 1, 0, 0, 0, 1),
    ] == rows(
        located_db,
        "companies_by_industry",
        P24,
        columns=[
            "municipality",
            "industry",
            "count_size_1_9",
            "count_size_10_49",
            "count_size_50_249",
            "count_size_250_plus",
            "count_size_unknown",
            "count_companies",
        ],
    )


def test_companies_without_an_industry_count_as_unknown(tiny_db):
    """The plain tiny export names no industry: Vejle's 3 and Horsens' 2 network companies of
    2024 are all unknown, of unknown size."""
    assert [("Horsens", "unknown", 2, 2), ("Vejle", "unknown", 3, 3)] == rows(
        tiny_db,
        "companies_by_industry",
        P24,
        columns=["municipality", "industry", "count_size_unknown", "count_companies"],
    )


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        # 2024: bands found are 1-9 (CV2), 10-49 (CV1, CH2), 250+ (CH1), unknown (CV4);
        # no one is 50-249, so that band is left out; each municipality gets every band found.
        (
            P24,
            [
                ("Horsens", "1-9", 0),
                ("Horsens", "10-49", 1),
                ("Horsens", "250+", 1),
                ("Horsens", "unknown", 0),
                ("Vejle", "1-9", 1),
                ("Vejle", "10-49", 1),
                ("Vejle", "250+", 0),
                ("Vejle", "unknown", 1),
            ],
        ),
        # H1 2025: CV1 10-49, CV2 1-9 (Vejle); CH1 250+, CH2 10-49, CH3 1-9 (Horsens).
        (
            H1_25,
            [
                ("Horsens", "1-9", 1),
                ("Horsens", "10-49", 1),
                ("Horsens", "250+", 1),
                ("Vejle", "1-9", 1),
                ("Vejle", "10-49", 1),
                ("Vejle", "250+", 0),
            ],
        ),
    ],
)
def test_companies_by_size(located_db, period, expected):
    """Companies in the network per size band, zero where a municipality has none."""
    assert expected == rows(
        located_db,
        "companies_by_size",
        period,
        columns=["municipality", "size_band", "count_companies"],
    )


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        # 2024: Horsens CH1 and CH2 two each; Vejle CV4 none, CV2 one, CV1 five (4+).
        (
            P24,
            [
                ("Horsens", "0", 0),
                ("Horsens", "1", 0),
                ("Horsens", "2", 2),
                ("Horsens", "3", 0),
                ("Horsens", "4+", 0),
                ("Vejle", "0", 1),
                ("Vejle", "1", 1),
                ("Vejle", "2", 0),
                ("Vejle", "3", 0),
                ("Vejle", "4+", 1),
            ],
        ),
        # H1 2025: network CV1, CV2, CH1, CH2, CH3; started: PL9 at CV2, PL12 and PL16 at CH1.
        (
            H1_25,
            [
                ("Horsens", "0", 2),
                ("Horsens", "1", 0),
                ("Horsens", "2", 1),
                ("Horsens", "3", 0),
                ("Horsens", "4+", 0),
                ("Vejle", "0", 1),
                ("Vejle", "1", 1),
                ("Vejle", "2", 0),
                ("Vejle", "3", 0),
                ("Vejle", "4+", 0),
            ],
        ),
    ],
)
def test_placements_per_company(tiny_db, period, expected):
    """How many network companies started 0, 1, 2, 3 or 4+ placements in the period."""
    assert expected == rows(
        tiny_db,
        "placements_per_company",
        period,
        columns=["municipality", "placements_band", "count_companies"],
    )


@pytest.mark.parametrize(
    ("period", "municipalities", "expected"),
    [
        # 2024: hosting CV1, CV2 (Vejle), CH1, CH2 (Horsens). CV1 had PL1 and PL2 from 2023,
        # CH2 had PL13 from 2023; CV2 and CH1 had nothing before 2024.
        (P24, BOTH, [("Horsens", 2, 1, 0.5), ("Vejle", 2, 1, 0.5), (None, 4, 2, 0.5)]),
        (P24, ["Vejle"], [("Vejle", 2, 1, 0.5), (None, 2, 1, 0.5)]),
        # December 2024: CV2's only placement before December (PL6, from 30 Nov) is the one it
        # hosts in December, so CV2 does not come back; CH1 has PL10 before PL14.
        (DEC_24, BOTH, [("Horsens", 2, 2, 1.0), ("Vejle", 2, 1, 0.5), (None, 4, 3, 0.75)]),
    ],
)
def test_companies_hosting_again(tiny_db, period, municipalities, expected):
    """Of the companies hosting a placement that overlaps the period: how many had hosted
    another placement that started before it."""
    columns = ["municipality", "count_hosting", "count_returning", "share_returning"]
    assert expected == rows(tiny_db, "companies_hosting_again", period, municipalities, columns)


def test_network_companies_on_the_map(located_db):
    """The map shows the 2024 network companies that can be placed: CV1 by its coordinates,
    CV2 at postcode 7100's centre, CH1 by its own, CH2 at 8700's centre; CV4 has no address.
    With each, the placements it started in 2024."""
    assert [
        ("Bygholm Kantine", "Horsens", "I", "10-49", 55.8776, 9.8444, True, 2),
        ("Horsens Byg", "Horsens", "F", "250+", 55.8601, 9.8502, False, 2),
        ("Fjordens Bageri", "Vejle", "G", "1-9", 55.7029, 9.5001, True, 1),
        ("Vejle Værksted", "Vejle", "C", "10-49", 55.7113, 9.5357, False, 5),
    ] == rows(
        located_db,
        "network_companies",
        P24,
        columns=[
            "company_name",
            "municipality",
            "industry",
            "size_band",
            "latitude",
            "longitude",
            "is_placed_by_postcode",
            "count_placements",
        ],
    )


def test_site_centroids(tiny_db):
    """The sites are drawn at the municipality centres of data/municipalities.csv."""
    assert [("Vejle", 55.7423, 9.3656)] == rows(tiny_db, "site_centroids", P24, ["Vejle"])


# --- the page ---------------------------------------------------------------------------


def card(at, label):
    matches = [m for m in at.metric if m.label == label]
    assert matches, f"no card {label!r} among {[m.label for m in at.metric]}"
    return matches[0].value


def series(at, key: str) -> list[tuple[str, list]]:
    """A plotly chart's traces, found by the chart's key: (name, y values) each."""
    found = [c for c in at.get("plotly_chart") if c.proto.id.endswith(key)]
    assert found, key
    return [(t["name"], values(t["y"])) for t in json.loads(found[0].proto.spec)["data"]]


def values(y) -> list[int]:
    """Plotly writes numeric arrays as {"dtype": ..., "bdata": base64}, lists as they are."""
    if isinstance(y, dict):
        return [int(v) for v in np.frombuffer(base64.b64decode(y["bdata"]), dtype=y["dtype"])]
    return [int(v) for v in y]


def deck(at) -> dict:
    decks = at.get("deck_gl_json_chart")
    assert len(decks) == 1
    return json.loads(decks[0].proto.json) | {"tooltip": json.loads(decks[0].proto.tooltip)}


def test_cards_show_the_hand_counted_year_2024(monkeypatch, tiny_db):
    """A team manager opening 2024 sees 5 companies in the network, 5 active (CV4 only through
    its activity on 1 January) and 80,0 % hosting, with the 4 of 5 behind it."""
    at = open_app(monkeypatch, tiny_db, "virksomheder", **YEAR_2024)
    assert not at.exception
    assert card(at, "Virksomheder i netværket") == "5"
    assert card(at, "Aktive virksomheder") == "5"
    assert card(at, "Andel virksomheder med praktik") == "80,0 %"
    assert "4 af 5 virksomheder i netværket" in texts(at)
    assert "Kun kommunefilteret gælder" in texts(at)


def test_a_link_to_vejle_shows_vejles_companies_and_map(monkeypatch, located_db):
    """A Vejle manager following a link sees Vejle's 3 network companies, 66,7 % of them
    hosting, the placements per company, and a map with Vejle's two placeable companies
    (CV4 has no address) and the Vejle site, with no word about the young people."""
    at = open_app(monkeypatch, located_db, "virksomheder", municipality="Vejle", **YEAR_2024)
    assert not at.exception
    assert card(at, "Virksomheder i netværket") == "3"
    assert card(at, "Andel virksomheder med praktik") == "66,7 %"
    assert [("Vejle", [1, 1, 0, 0, 1])] == series(at, "companies_per_company")
    spec = deck(at)
    layers = {layer["id"]: layer["data"] for layer in spec["layers"]}
    assert [c["company_name"] for c in layers["companies"]] == ["Fjordens Bageri", "Vejle Værksted"]
    assert [c["placements"] for c in layers["companies"]] == ["1", "5"]
    assert [c["industry_name"] for c in layers["companies"]] == [
        "Handel",
        "Fremstillingsvirksomhed",
    ]
    assert [s["municipality"] for s in layers["sites"]] == ["Vejle"]
    # each dot carries what the map draws and its tooltip shows, nothing more
    assert set(layers["companies"][0]) == {
        "longitude",
        "latitude",
        "company_name",
        "industry_name",
        "size_name",
        "municipality",
        "placements",
        "fill_rgba",
        "radius_px",
    }
    assert "{company_name}" in spec["tooltip"]["html"]
    assert "mapStyle" in spec and "cartocdn" in spec["mapStyle"]
    assert "ikke på kortet: 1" in texts(at)
    table = at.dataframe[1].value
    assert list(table.iloc[0]) == ["Vejle", "Handel", 1, 0, 0, 0, 1, 2]


def test_the_trend_switches_to_active_companies(monkeypatch, tiny_db):
    """A manager switching the trend to active companies sees Vejle's months of 2024: CV1 and
    CV4 in January, nobody in February and March, CV1 from April, CV2 too in November."""
    at = open_app(monkeypatch, tiny_db, "virksomheder", municipality="Vejle", **YEAR_2024)
    # In the network: CV1 all year, CV4 on 1 January, CV2 from 31 December.
    assert [("Vejle", [2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2])] == series(at, "companies_trend")
    at.button_group(key="companies_trend_measure").set_value("companies_active").run()
    assert not at.exception
    assert [("Vejle", [2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2])] == series(at, "companies_trend")


def test_companies_page_in_english(monkeypatch, located_db):
    """A foundation analyst reading in English sees English labels, 80.0% and the industries'
    English names, in the table and in the map's tooltips."""
    at = open_app(monkeypatch, located_db, "virksomheder", lang="en", **YEAR_2024)
    assert not at.exception
    assert card(at, "Companies in the network") == "5"
    assert card(at, "Share of companies hosting") == "80.0%"
    assert "4 of 5 companies in the network" in texts(at)
    table = at.dataframe[1].value
    assert list(table.columns[:2]) == ["Municipality", "Industry"]
    assert list(table["Industry"]) == [
        "Wholesale and retail trade",
        "Manufacturing",
        "Construction",
        "Accommodation and food",
    ]
    spec = deck(at)
    companies = next(layer for layer in spec["layers"] if layer["id"] == "companies")
    assert len(companies["data"]) == 4
    assert "Placements started in the period" in spec["tooltip"]["html"]


def test_a_sites_cards_show_the_programme_beside_them(monkeypatch, tiny_db):
    """Beside Vejle's 3 network companies in 2024 the programme's 5 (CV1 CV2 CV4 | CH1 CH2),
    5 active, and 80,0 % hosting a placement (4 of 5; Vejle 2 of 3)."""
    at = open_app(monkeypatch, tiny_db, "virksomheder", municipality="Vejle", **YEAR_2024)
    shown = [c.value for c in at.caption]
    assert shown.count("Programmet: 5") == 2
    assert "n = 3  \nProgrammet: 80,0 %" in shown


def test_hidden_counts_in_the_table_by_industry_read_as_hidden(monkeypatch, located_db):
    """A viewer sees the table by industry and size through the disclosure control. The
    browser shows an empty cell as the table's placeholder, so in that table of counts the
    placeholder is what a hidden count reads (<5), and some cells are hidden."""
    at = open_app(monkeypatch, located_db, "virksomheder", role="viewer", **YEAR_2024)
    assert not at.exception
    tables = [d for d in at.dataframe if "Branche" in d.value.columns]
    assert len(tables) == 1
    assert tables[0].proto.placeholder == "<5"
    assert tables[0].value.select_dtypes("number").isna().to_numpy().any()


def test_a_company_without_a_name_reads_no_name_on_the_map(monkeypatch, tmp_path):
    """The export's name column is optional: Vejle Værksted exported without its name shows
    "Uden navn" in its tooltip, not "None"."""
    export = write_export(tmp_path / "export")
    (export / "companies.csv").write_text(
        COMPANIES.replace("CV1,Vejle Værksted,", "CV1,,"), encoding="utf-8"
    )
    path = tmp_path / "nameless.duckdb"
    assert import_export(path, export, key_file=tmp_path / "k.key", today=AS_OF).ok
    at = open_app(monkeypatch, path, "virksomheder", municipality="Vejle", **YEAR_2024)
    assert not at.exception
    dots = {layer["id"]: layer["data"] for layer in deck(at)["layers"]}["companies"]
    assert sorted(c["company_name"] for c in dots) == ["Fjordens Bageri", "Uden navn"]
