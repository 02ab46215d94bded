"""Who sees what: sign-in, roles scoped to municipalities, URL tampering, the demo-only rule,
and the audit log. Every case runs the real app (AppTest) on the tiny export for 2024."""

from __future__ import annotations

import re

import pytest

from nextwork import access, audit
from tests.apptest import PAGES, YEAR_2024, open_app, texts
from tests.tiny_export import build_db


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory):
    return build_db(tmp_path_factory.mktemp("access"))


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    return build_db(tmp_path_factory.mktemp("access_demo"), demo=True)


def cards(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


# What each person sees on the overview for 2024. The tiny export's 2024 figures: active
# young people Vejle 5, Horsens 4 (9); new Vejle 4, Horsens 3 (7); placements started
# Vejle 6, Horsens 4 (10); in job or education within 12 months 4 of 5 (80,0 %).
ROLE_MATRIX = [
    # an admin and the foundation: every site, exact
    ("admin", (), {}, "9", "7", "80,0 %", ["Horsens", "Vejle"]),
    ("foundation", (), {}, "9", "7", "80,0 %", ["Horsens", "Vejle"]),
    # a Vejle manager: Vejle in full (2 of 2 in job or education)
    ("manager", ("Vejle",), {}, "5", "4", "100,0 %", ["Vejle"]),
    # ... who edits the link to Horsens still sees Vejle only
    ("manager", ("Vejle",), {"municipality": "Horsens"}, "5", "4", "100,0 %", ["Vejle"]),
    # a viewer: all sites, small numbers suppressed (4 of 5 rests on 4 young people)
    ("viewer", (), {}, "9", "7", "–", ["Horsens", "Vejle"]),
    # a viewer following a Vejle link: Vejle's 4 new young people read <5
    ("viewer", (), {"municipality": "Vejle"}, "5", "<5", "–", ["Vejle"]),
]


@pytest.mark.parametrize(
    "role, own, url, active, new, outcome, municipalities",
    ROLE_MATRIX,
    ids=["admin", "foundation", "manager", "manager-tampered", "viewer", "viewer-vejle"],
)
def test_role_matrix_on_the_overview(
    monkeypatch, tiny_db, role, own, url, active, new, outcome, municipalities
):
    """Each role sees exactly its own scope on the overview, whatever the link says."""
    at = open_app(monkeypatch, tiny_db, role=role, municipalities=own, **YEAR_2024, **url)
    assert not at.exception
    shown = cards(at)
    assert (shown["Aktive unge"], shown["Nye unge"]) == (active, new)
    assert shown["I job/uddannelse inden 12 mdr."] == outcome
    assert at.session_state["filters"].municipalities == tuple(municipalities)
    table = at.dataframe[0].value
    assert list(table["Kommune"])[:-1] == municipalities


def test_a_vejle_manager_cannot_see_horsens_on_any_page(monkeypatch, tiny_db):
    """A manager in Vejle who puts Horsens in the link gets a notice naming it, and no page
    shows Horsens as a site of its own."""
    for page in PAGES:
        at = open_app(
            monkeypatch,
            tiny_db,
            page,
            role="manager",
            municipalities=("Vejle",),
            municipality="Horsens",
            **YEAR_2024,
        )
        assert not at.exception, page
        assert "municipality=Horsens" in texts(at), page
        assert at.multiselect(key="municipality").options == ["Vejle"], page
        for frame in at.dataframe:
            for column in ("Kommune", "Municipality"):
                if column in frame.value:
                    assert "Horsens" not in set(frame.value[column]), page


def test_a_manager_sees_the_programme_total_only_suppressed(monkeypatch, tiny_db):
    """On the comparison page a Vejle manager sees Vejle exactly and the programme (both
    sites pooled) with its small figures hidden: 9 active, but the 3 of 9 who attended the
    youth network are hidden."""
    at = open_app(
        monkeypatch, tiny_db, "sammenlign", role="manager", municipalities=("Vejle",), **YEAR_2024
    )
    table = at.dataframe[0].value.set_index("Nøgle")
    assert table.loc["participants_active", "Programmet"] == 9
    assert table.loc["participants_active", "Vejle"] == 5
    assert (
        table.loc["network_attendance_share", "Programmet"] is None
        or (table["Programmet"].isna().loc["network_attendance_share"])
    )
    assert list(c for c in table.columns if "Horsens" in c) == []


def test_a_viewer_sees_small_counts_hidden_in_the_table(monkeypatch, tiny_db):
    """A viewer's overview table hides Horsens' 4 placements started; Vejle's 6 and the
    programme's total of 10 are shown (the tiny database's record keys give no noise):
    subtracting them gives noise on real data, not Horsens' count (tests/test_disclosure.py)."""
    at = open_app(monkeypatch, tiny_db, role="viewer", **YEAR_2024)
    table = at.dataframe[0].value.set_index("Kommune")
    started = table["Påbegyndte praktikforløb"]
    assert started.isna().loc["Horsens"]
    assert (started.loc["Vejle"], started.loc["Programmet"]) == (6, 10)


def test_an_unlisted_user_sees_a_polite_no(monkeypatch, tiny_db):
    """Someone who signs in but is not in the access file sees that they have no access and
    nothing else: no figures, no filters."""
    at = open_app(monkeypatch, tiny_db, role=None, **YEAR_2024)
    assert not at.exception
    assert "har ikke adgang" in texts(at)
    assert not at.metric and not at.dataframe and not at.multiselect


def test_nobody_signed_in_gets_the_sign_in_page(monkeypatch, tiny_db):
    """With sign-in configured, a visitor who is not signed in sees a sign-in button only."""
    at = open_app(monkeypatch, tiny_db, **YEAR_2024)
    at.user = {"is_logged_in": False}
    at.run()
    assert [b.label for b in at.button] == ["Log ind"]
    assert not at.metric and not at.dataframe


def test_real_data_without_sign_in_is_refused(monkeypatch, tiny_db):
    """With no sign-in configured, a real export is not shown; the page says how to set up
    sign-in."""
    at = open_app(monkeypatch, tiny_db, sign_in=False, **YEAR_2024)
    assert not at.exception
    assert "secrets.toml" in texts(at) and "access.toml" in texts(at)
    assert not at.metric and not at.dataframe


def test_demo_data_without_sign_in_is_shown_with_its_banner(monkeypatch, demo_db):
    """With no sign-in configured, the demo data is shown in full, under the demo banner."""
    at = open_app(monkeypatch, demo_db, sign_in=False, **YEAR_2024)
    assert cards(at)["Nye unge"] == "7"
    assert "Demodata" in texts(at)


def test_an_operator_can_open_real_data_to_everyone_as_viewers(monkeypatch, tiny_db):
    """With allow_unauthenticated, everyone is a viewer: Vejle's 4 new young people read <5."""
    at = open_app(
        monkeypatch,
        tiny_db,
        sign_in=False,
        role=None,
        allow_unauthenticated=True,
        municipality="Vejle",
        **YEAR_2024,
    )
    assert cards(at)["Nye unge"] == "<5"


def test_emails_match_whatever_their_case(tmp_path):
    """An access file written with capitals still lets the user in."""
    path = tmp_path / "access.toml"
    path.write_text(
        '[[user]]\nemail = "Leder@Vejle.dk"\nrole = "manager"\nmunicipalities = ["Vejle"]\n',
        encoding="utf-8",
    )
    config = access.load(path)
    assert config.viewer_for("leder@vejle.DK").municipalities == ("Vejle",)


@pytest.mark.parametrize(
    "text, message",
    [
        ('[[user]]\nemail = "a@b.dk"\nrole = "boss"\n', "role must be one of"),
        ('[[user]]\nemail = "a@b.dk"\nrole = "manager"\n', "a manager needs"),
        ('[[user]]\nrole = "admin"\n', "an email address is required"),
        ("[[user]\n", "not valid TOML"),
    ],
)
def test_a_broken_access_file_is_reported(tmp_path, text, message):
    """An operator's mistake in the access file is named, not silently ignored."""
    path = tmp_path / "access.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(access.AccessFileError, match=message):
        access.load(path)


def test_sign_ins_are_audited_without_figures_or_ids(monkeypatch, tmp_path):
    """Each sign-in is written to the audit log with who and which scope, and the log holds
    no figures and no young person's id."""
    db_path = build_db(tmp_path)
    open_app(
        monkeypatch,
        db_path,
        role="manager",
        municipalities=("Vejle",),
        email="leder@vejle.dk",
        **YEAR_2024,
    )
    rows = audit.entries(db_path)
    assert [(r[1], r[2], r[3]) for r in rows] == [("leder@vejle.dk", "sign_in", "manager:Vejle")]
    assert not any(re.search(r"\b[VH]\d\b|p-[0-9a-f]{16}", " ".join(r)) for r in rows)


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_works_for_a_viewer(monkeypatch, tiny_db, page):
    """A viewer, whose small figures are all hidden, can open every page without an error."""
    at = open_app(monkeypatch, tiny_db, page, role="viewer", **YEAR_2024)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title
