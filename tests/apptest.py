"""Opening the app in Streamlit's AppTest on the tiny export, with filters in the URL."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.tiny_export import AS_OF

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "overblik": "views/overblik.py",
    "unge": "views/unge.py",
    "virksomheder": "views/virksomheder.py",
    "praktik": "views/praktik.py",
    "resultater": "views/resultater.py",
    "sammenlign": "views/sammenlign.py",
    "definitioner": "views/definitioner.py",
}

# The year 2024, as the KPI tests count it by hand.
YEAR_2024 = {"start": "2024-01-01", "end": "2024-12-31", "as_of": AS_OF.isoformat()}


def open_app(monkeypatch, db_path: Path, page: str | None = None, **query: str) -> AppTest:
    """Run the app on `db_path` with these URL query parameters, then switch to `page`.

    The pages read the database named by NEXTWORK_DB, so every test points it at its own.
    """
    monkeypatch.setenv("NEXTWORK_DB", str(db_path))
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page is not None and page != "overblik":
        at.switch_page(PAGES[page])
        at.run()
    return at


def texts(at: AppTest) -> str:
    """Everything the page wrote as text, for assertions on what a reader sees."""
    parts = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
    ):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)
