"""Who sees what: sign-in, roles scoped to municipalities, URL tampering, the demo-only rule,
and the audit log. Every case runs the real app (AppTest) on the tiny export for 2024."""

from __future__ import annotations

import re
import shutil

import pytest

from nextwork.ingest import audit
from nextwork.ingest.importer import (
    DEMO_MARKER,
    import_export,
    import_log,
    is_signed_demo,
    sign_demo_export,
)
from nextwork.web import access
from tests.apptest import ISSUER, PAGES, YEAR_2024, open_app, texts
from tests.tiny_export import AS_OF, build_db, copy_tiny_db, write_export


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory, tiny_db_built):
    return copy_tiny_db(tiny_db_built, tmp_path_factory.mktemp("access"))


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, tiny_demo_db_built):
    return copy_tiny_db(tiny_demo_db_built, tmp_path_factory.mktemp("access_demo"))


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
    """With no sign-in configured, the demo data is shown (to a viewer), under the demo
    banner."""
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


def test_a_copied_demo_marker_does_not_make_real_data_demo(monkeypatch, tmp_path):
    """A real export with the demo generator's marker copied beside it (from a demo
    export) is loaded as real data: no demo banner, and no figures without sign-in."""
    demo_export = write_export(tmp_path / "demo")
    sign_demo_export(demo_export)
    real = write_export(tmp_path / "real")
    (real / "participants.csv").write_text(
        (real / "participants.csv").read_text(encoding="utf-8") + "V9,Vejle,2024-05-01,,,,\n",
        encoding="utf-8",
    )
    shutil.copy(demo_export / DEMO_MARKER, real / DEMO_MARKER)
    assert is_signed_demo(demo_export) and not is_signed_demo(real)
    db_path = tmp_path / "copied.duckdb"
    result = import_export(db_path, real, key_file=tmp_path / "k.key", today=AS_OF)
    assert result.ok
    assert any("demo" in p.message for p in result.warnings)
    at = open_app(monkeypatch, db_path, sign_in=False, **YEAR_2024)
    assert not at.metric and "Demodata" not in texts(at)


def test_an_old_style_marker_file_is_not_enough(tmp_path):
    """A marker that is only a file (not the generator's signature of the files) is ignored."""
    real = write_export(tmp_path / "real")
    (real / DEMO_MARKER).write_text("Invented demo data, not about real people.\n")
    db_path = tmp_path / "plain.duckdb"
    assert import_export(db_path, real, key_file=tmp_path / "k.key", today=AS_OF).ok
    assert [e["is_demo"] for e in import_log(db_path)] == [False]


def test_a_real_import_into_a_demo_database_makes_it_real(monkeypatch, tmp_path):
    """Loading a real export of Vejle into a demo database turns the demo status off."""
    db_path = build_db(tmp_path, demo=True)
    real = write_export(tmp_path / "vejle")
    for name in ("participants", "companies", "activities"):
        path = real / f"{name}.csv"
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text(
            "\n".join([lines[0], *(x for x in lines[1:] if ",Vejle," in x)]) + "\n",
            encoding="utf-8",
        )
    for name in ("placements", "outcomes"):
        path = real / f"{name}.csv"
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text(
            "\n".join([lines[0], *(x for x in lines[1:] if ",V" in x or x.startswith("V"))]) + "\n",
            encoding="utf-8",
        )
    result = import_export(db_path, real, key_file=tmp_path / "k.key", today=AS_OF)
    assert result.ok, result.errors
    at = open_app(monkeypatch, db_path, sign_in=False, **YEAR_2024)
    assert not at.metric and "Demodata" not in texts(at)


def test_anonymous_visitors_see_demo_data_as_viewers(monkeypatch, demo_db):
    """With no sign-in, the demo data is shown as to a viewer: Vejle's 4 new young people
    read <5 and the outcome share resting on 4 of 5 is hidden."""
    at = open_app(monkeypatch, demo_db, sign_in=False, municipality="Vejle", **YEAR_2024)
    assert cards(at)["Nye unge"] == "<5"
    assert at.session_state["viewer"].role == "viewer"


@pytest.mark.parametrize(
    "text, message",
    [
        ('allow_unauthenticated = "false"\n', "allow_unauthenticated must be true or false"),
        (
            '[[user]]\nemail = "a@b.dk"\nrole = "admin"\n[[user]]\nemail = "A@B.dk"\n'
            'role = "viewer"\n',
            "a@b.dk is listed twice",
        ),
        ('[[user]]\nemail = "a@b.dk"\nrole = ["admin"]\n', "role must be one of"),
        (
            '[[user]]\nemail = "a@b.dk"\nrole = "manager"\nmunicipalities = "Vejle"\n',
            "municipalities must be a list",
        ),
        (
            '[[user]]\nemail = "a@b.dk"\nrole = "manager"\nmunicipalities = ["Vejlle"]\n',
            "Vejlle is not a Danish municipality",
        ),
        ('[[user]]\nemail = "a@b.dk"\nrole = "admin"\nmunicipality = ["Vejle"]\n', "unknown key"),
        ("allow_unauthenticated = false\nissuer = 5\n", "issuer must be"),
    ],
)
def test_the_access_file_is_typed(tmp_path, text, message):
    """Booleans are booleans, roles come from the list, a user is listed once, keys are
    known: a quoted "false" no longer opens the data to everyone."""
    path = tmp_path / "access.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(access.AccessFileError, match=message):
        access.load(path, ["Horsens", "Vejle"])


def test_a_quoted_false_does_not_open_real_data(monkeypatch, tiny_db, tmp_path):
    """`allow_unauthenticated = "false"` (quoted) shows no figures to a visitor, and the
    visitor is not told where the file is."""
    path = tmp_path / "quoted.toml"
    path.write_text('allow_unauthenticated = "false"\n', encoding="utf-8")
    at = open_app(monkeypatch, tiny_db, sign_in=False, **YEAR_2024, access_file=path)
    assert not at.exception
    assert not at.metric and not at.dataframe
    assert str(path) not in texts(at) and "ikke tilgængelig" in texts(at)


def test_a_manager_of_a_site_without_data_yet_locks_nobody_out(monkeypatch, tiny_db):
    """A manager listed for Roskilde, which has no data yet, is allowed: the others still
    get in, and an admin is told about Roskilde."""
    users = [
        {"email": "leder@roskilde.dk", "role": "manager", "municipalities": ["Roskilde"]},
        {"email": "analytiker@example.dk", "role": "admin"},
    ]
    at = open_app(monkeypatch, tiny_db, access_users=users, **YEAR_2024)
    assert not at.exception
    assert cards(at)["Nye unge"] == "7"
    assert "Roskilde" in texts(at)
    at = open_app(monkeypatch, tiny_db, access_users=users, email="leder@roskilde.dk", **YEAR_2024)
    assert not at.exception
    assert "Horsens" not in " ".join(at.multiselect(key="municipality").options)


def test_only_a_signed_in_admin_reads_what_is_wrong_with_the_access_file(
    monkeypatch, tiny_db, tmp_path
):
    """A broken access file: its admin reads the mistake; a manager listed in it, or the
    admin's email in a token from another issuer, sees a neutral page with neither the
    file's path nor anyone's email."""
    path = tmp_path / "broken.toml"
    path.write_text(
        f'issuer = "{ISSUER}"\n[[user]]\nemail = "chef@example.dk"\nrole = "admin"\n'
        '[[user]]\nemail = "leder@vejle.dk"\nrole = "manager"\n',
        encoding="utf-8",
    )
    at = open_app(monkeypatch, tiny_db, email="leder@vejle.dk", access_file=path, **YEAR_2024)
    assert not at.metric and "ikke tilgængelig" in texts(at)
    assert str(path) not in texts(at) and "leder@vejle.dk" not in texts(at)
    at = open_app(monkeypatch, tiny_db, email="chef@example.dk", access_file=path, **YEAR_2024)
    assert not at.metric and "a manager needs" in texts(at)
    other = {"iss": "https://login.other-tenant.example/v2.0"}
    at = open_app(
        monkeypatch, tiny_db, email="chef@example.dk", access_file=path, claims=other, **YEAR_2024
    )
    assert not at.metric and "a manager needs" not in texts(at)


@pytest.mark.parametrize(
    "claims",
    [
        {"iss": "https://login.other-tenant.example/v2.0"},
        {"iss": None},
        {"email_verified": False},
        {"email_verified": "false"},
    ],
    ids=["other-issuer", "no-issuer", "unverified", "unverified-text"],
)
def test_only_verified_tokens_from_the_configured_issuer_get_in(monkeypatch, tiny_db, claims):
    """An admin's email in a token from another issuer, or one the provider says is not
    verified, opens nothing."""
    at = open_app(monkeypatch, tiny_db, claims=claims, **YEAR_2024)
    assert not at.exception
    assert not at.metric and not at.dataframe
    assert "har ikke adgang" in texts(at)


def test_a_verified_token_from_the_issuer_gets_in(monkeypatch, tiny_db):
    at = open_app(monkeypatch, tiny_db, claims={"email_verified": True}, **YEAR_2024)
    assert cards(at)["Nye unge"] == "7"


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_works_for_an_anonymous_visitor_of_demo_data(monkeypatch, demo_db, page):
    """With no sign-in, a visitor of the demo data is a viewer: on the default period (the
    last 12 months, where the tiny export's counts are small and hidden) every page opens
    without an error."""
    at = open_app(monkeypatch, demo_db, page, sign_in=False)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title


def _declared_language(at) -> str | None:
    """The language the page's script declares on <html lang> (None: no script at all)."""
    found = [
        m.group(1)
        for e in at.get("html")
        for m in [re.search(r"const lang = \"(da|en)\";", e.proto.body)]
        if m
    ]
    assert len(found) <= 1, found
    return found[0] if found else None


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_pages_before_the_dashboard_declare_their_language(monkeypatch, tiny_db, lang):
    """A screen-reader user who follows a link with ?lang=en to the sign-in page, or is refused,
    gets the page in English, declared as English; without it, in Danish declared as Danish
    (Streamlit's own <html lang="en"> would read the Danish text with English sounds)."""
    at = open_app(monkeypatch, tiny_db, role=None, lang=lang, **YEAR_2024)
    assert not at.exception
    refused = {"da": "har ikke adgang", "en": "have no access"}[lang]
    assert refused in texts(at)
    assert _declared_language(at) == lang

    at = open_app(monkeypatch, tiny_db, lang=lang, **YEAR_2024)
    at.user = {"is_logged_in": False}
    at.run()
    assert [b.label for b in at.button] == [{"da": "Log ind", "en": "Sign in"}[lang]]
    assert _declared_language(at) == lang

    at = open_app(monkeypatch, tiny_db, sign_in=False, lang=lang, **YEAR_2024)
    assert {"da": "ikke sat log ind op", "en": "no sign-in is set up"}[lang] in texts(at)
    assert _declared_language(at) == lang
