"""The load test's simulated users (`nextwork.load`): a user speaking Streamlit's protocol
sees the page the app runs, and counts an exception on it as an error, so that the load
test's "0 errors" means something."""

from __future__ import annotations

import asyncio

import websockets

from nextwork import load
from tests.tiny_export import build_db

BROKEN_PAGE = """
import streamlit as st
st.title("Et udsnit")
raise ValueError("tallet mangler")
"""


async def _visit(url: str, query: str, page: str, then: str | None = None):
    """Open the page with the query string; with `then`, click that page in the menu."""
    figures = load.Figures()
    socket_url = "ws" + url.removeprefix("http") + "/_stcore/stream"
    async with websockets.connect(socket_url, subprotocols=["streamlit"], max_size=None) as ws:
        session = load._Session(ws, figures)
        paths = [await session.run(query, page_name=page)]
        if then is not None:
            target = next(h for h, path in session.pages.items() if path == then)
            paths.append(await session.run(session.query_string, page_hash=target))
    return figures, paths, session.query_string


def test_an_exception_on_a_page_counts_as_an_error(tmp_path):
    script = tmp_path / "broken.py"
    script.write_text(BROKEN_PAGE, encoding="utf-8")
    process, url = load.start_app(tmp_path / "broken.log", script=str(script))
    try:
        figures, _, _ = asyncio.run(_visit(url, "", ""))
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert figures.errors == 1
    assert "ValueError: tallet mangler" in figures.error_samples[0]
    assert figures.requests == 1


def test_a_user_opens_a_link_and_clicks_to_another_page_with_its_filters(tmp_path):
    """The app on the tiny export (demo data, no sign-in): the link's page runs with the
    link's filters, a click runs the page asked for, the filters go along, no errors."""
    database = build_db(tmp_path, demo=True)
    process, url = load.start_app(tmp_path / "app.log", {"NEXTWORK_DB": str(database)})
    try:
        query = "start=2024-01-01&end=2024-12-31&municipality=Vejle"
        figures, paths, query_after = asyncio.run(_visit(url, query, "unge", then="praktik"))
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert figures.errors == 0, figures.error_samples
    assert paths == ["unge", "praktik"]
    assert figures.requests == 2
    assert "municipality=Vejle" in query_after and "start=2024-01-01" in query_after
