"""Every page for every kind of reader, on the tiny export and on the demo data: an admin,
the foundation, a Vejle manager whose link names Horsens, a viewer, and a visitor with no
sign-in configured. A page that works for an admin can break for a viewer (a hidden count is
None, not a number), so each is opened as each."""

from __future__ import annotations

import datetime as dt

import pytest

from nextwork.ingest.demo import write_demo
from nextwork.ingest.importer import import_export
from tests.apptest import PAGES, YEAR_2024, open_app, texts
from tests.tiny_export import copy_tiny_db

# role name -> open_app's arguments
ROLES = {
    "admin": {"role": "admin"},
    "foundation": {"role": "foundation"},
    "manager-tampered-link": {
        "role": "manager",
        "municipalities": ("Vejle",),
        "municipality": "Horsens,Vejle",
    },
    "viewer": {"role": "viewer"},
    "no-sign-in": {"sign_in": False},
}


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory, tiny_db_built):
    return copy_tiny_db(tiny_db_built, tmp_path_factory.mktemp("roles-tiny"))


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("roles-demo")
    write_demo(folder / "export", seed=1, scale=0.3, until=dt.date(2025, 6, 30))
    path = folder / "demo.duckdb"
    result = import_export(path, folder / "export", key_file=folder / "k.key")
    assert result.ok, result.report()
    return path


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_for_every_role_on_the_tiny_export(monkeypatch, tiny_db, page, role):
    """Whoever opens a page of the tiny export gets it without an error box: the page, or
    for a visitor without sign-in the notice that real data needs it; a manager's link to
    Horsens shows no Horsens figures of its own."""
    at = open_app(monkeypatch, tiny_db, page, **ROLES[role], **YEAR_2024)
    assert not at.exception, [e.value for e in at.exception]
    if role == "manager-tampered-link":
        assert at.session_state["filters"].municipalities == ("Vejle",)
        assert "Horsens" in texts(at)  # named in the notice about the link


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_for_every_role_on_the_demo(monkeypatch, demo_db, page, role):
    """The same on the demo data, with its default period."""
    at = open_app(monkeypatch, demo_db, page, **ROLES[role])
    assert not at.exception, [e.value for e in at.exception]
