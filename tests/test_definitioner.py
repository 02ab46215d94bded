"""The definitions page and docs/kpis.md: both say what the one list of KPIs in
`nextwork.metrics.kpis` and the one list of principle indicators in
`nextwork.metrics.principles` say, in
Danish and English, so the page, the documentation and the computation cannot drift apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from nextwork.ingest import contract
from nextwork.metrics import kpis, principles
from tests.apptest import YEAR_2024, open_app, texts
from tests.tiny_export import copy_tiny_db

DOCS = Path(__file__).resolve().parent.parent / "docs" / "kpis.md"


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory, tiny_db_built):
    return copy_tiny_db(tiny_db_built, tmp_path_factory.mktemp("definitioner"))


def test_page_lists_every_kpi_in_danish(monkeypatch, tiny_db):
    """A municipal politician reads what each of the 18 figures means, in Danish, with the
    key for reference, the common rules, the 75 % target, the small-number rule and the
    files an export holds."""
    at = open_app(monkeypatch, tiny_db, "definitioner", **YEAR_2024)
    assert not at.exception
    assert at.title[0].value == "Definitioner"
    shown = texts(at)
    assert len(kpis.KPIS) == 18
    for kpi in kpis.KPIS:
        assert f"**{kpi.label_da}**" in shown, kpi.key
        assert kpi.definition_da in shown, kpi.key
        assert f"`{kpi.key}`" in shown, kpi.key
    assert kpis.COMMON_RULES_DA in shown
    assert kpis.COHORT_RULE_DA in shown
    assert "I job/uddannelse inden 12 mdr.: mindst 75 %" in shown
    assert "vises som <5, og andele bygget på dem vises ikke" in shown
    for name in contract.TABLES:
        assert f"**{name}**" in shown, name
    assert [s.value for s in at.subheader][:5] == [
        "Fælles regler",
        "Unge",
        "Virksomheder",
        "Praktikforløb",
        "Resultater",
    ]


def test_page_in_english(monkeypatch, tiny_db):
    """A foundation analyst choosing English through the link reads every label and
    definition in English."""
    at = open_app(monkeypatch, tiny_db, "definitioner", lang="en", **YEAR_2024)
    assert at.title[0].value == "Definitions"
    shown = texts(at)
    for kpi in kpis.KPIS:
        assert f"**{kpi.label_en}**" in shown, kpi.key
        assert kpi.definition_en in shown, kpi.key
    assert kpis.COMMON_RULES_EN in shown
    assert kpis.COHORT_RULE_EN in shown
    assert "In job or education within 12 months: at least 75%" in shown
    assert "Aktive unge" not in shown


@pytest.mark.parametrize("kpi", kpis.KPIS, ids=lambda k: k.key)
def test_docs_describe_every_kpi_as_the_registry_does(kpi):
    """Someone reading docs/kpis.md finds every KPI with its key, both labels and both
    definitions exactly as the dashboard shows them."""
    docs = DOCS.read_text(encoding="utf-8")
    for text in (kpi.key, kpi.label_da, kpi.label_en, kpi.definition_da, kpi.definition_en):
        assert text in docs, f"docs/kpis.md lacks {text!r}"


def test_docs_state_the_common_rules():
    """docs/kpis.md states the conventions in both languages, word for word."""
    docs = DOCS.read_text(encoding="utf-8")
    assert kpis.COMMON_RULES_DA in docs
    assert kpis.COMMON_RULES_EN in docs
    assert kpis.COHORT_RULE_DA in docs
    assert kpis.COHORT_RULE_EN in docs


def test_page_lists_every_principle_indicator(monkeypatch, tiny_db):
    """A team manager reads, under each principle, what every indicator counts and why it
    matters for the principle, with its key."""
    at = open_app(monkeypatch, tiny_db, "definitioner", **YEAR_2024)
    shown = texts(at)
    assert "Principindikatorer" in [s.value for s in at.subheader]
    for principle in principles.PRINCIPLES:
        assert f"##### {principle.label_da}" in shown, principle.key
    for indicator in principles.INDICATORS:
        assert f"**{indicator.label_da}**" in shown, indicator.key
        assert f"`{indicator.key}`" in shown, indicator.key
        assert indicator.definition_da in shown, indicator.key
        assert indicator.why_da in shown, indicator.key


@pytest.mark.parametrize("indicator", principles.INDICATORS, ids=lambda i: i.key)
def test_docs_describe_every_principle_indicator(indicator):
    """Someone reading docs/kpis.md finds every principle indicator with its key, both labels,
    both definitions and why it matters, exactly as the dashboard shows them."""
    docs = DOCS.read_text(encoding="utf-8")
    for text in (
        indicator.key,
        indicator.label_da,
        indicator.label_en,
        indicator.definition_da,
        indicator.definition_en,
        indicator.why_da,
        indicator.why_en,
    ):
        assert text in docs, f"docs/kpis.md lacks {text!r}"


def test_page_and_docs_explain_the_fair_comparison(monkeypatch, tiny_db):
    """The method of the fair comparison stands on the page and in docs/kpis.md, in both
    languages, word for word."""
    from nextwork.metrics import fair

    at = open_app(monkeypatch, tiny_db, "definitioner", **YEAR_2024)
    assert fair.METHOD_DA in texts(at)
    assert "Fair sammenligning" in [s.value for s in at.subheader]
    at = open_app(monkeypatch, tiny_db, "definitioner", lang="en", **YEAR_2024)
    assert fair.METHOD_EN in texts(at)
    docs = DOCS.read_text(encoding="utf-8")
    assert fair.METHOD_DA in docs and fair.METHOD_EN in docs


def test_the_export_files_as_the_page_lists_them():
    """Each file of the contract with what a row is and its columns; the young person named
    by participant_id or cpr, required where the file must name one."""
    from nextwork.present.definitions import export_files, kpi_groups

    files = {file.name: file for file in export_files("da")}
    assert list(files) == [
        "participants",
        "companies",
        "placements",
        "activities",
        "outcomes",
        "costs",
    ]
    assert files["participants"].status == "påkrævet"
    assert files["participants"].required == [
        "participant_id eller cpr",
        "municipality",
        "enrolled_on",
    ]
    assert files["placements"].status == "påkrævet, må være tom"
    assert files["activities"].optional == ["participant_id eller cpr", "company_id"]
    assert (files["costs"].status, files["costs"].required, files["costs"].optional) == (
        "valgfri",
        ["municipality", "year", "cost_dkk"],
        ["staff_fte"],
    )
    english = export_files("en")[2]
    assert (english.status, english.per_row) == (
        "required, may be empty",
        "placement of one young person at one company",
    )
    groups = kpi_groups()
    assert list(groups) == [
        ("Unge", "Young people"),
        ("Virksomheder", "Companies"),
        ("Praktikforløb", "Placements"),
        ("Resultater", "Outcomes"),
    ]
    assert [k.key for k in groups[("Virksomheder", "Companies")]] == [
        "companies_in_network",
        "companies_active",
        "companies_hosting_share",
    ]
