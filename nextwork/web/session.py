"""The reader's session: their language, the database file a run reads (pinned at the start
of the run, released at its end), the connection to it, who is looking, and the filters the
sidebar set for this run."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from nextwork import i18n
from nextwork.filters import Filters
from nextwork.ingest import db, store
from nextwork.web import access, snapshots


def lang() -> str:
    try:
        return st.session_state.get("lang", i18n.DEFAULT)
    except Exception:  # outside a running app (plain Python, tests of helpers)
        return i18n.DEFAULT


def t(da: str, en: str) -> str:
    """The text in the reader's language (`i18n.t` with the session's language)."""
    return i18n.t(lang(), da, en)


def db_path() -> Path:
    return db.default_db_path()


@st.cache_resource(show_spinner=False)
def _snapshots() -> snapshots.Snapshots:
    """The app process's connections, shared by every session."""
    return snapshots.Snapshots()


@st.cache_resource(show_spinner=False)
def check_files(path: str) -> list:
    """At start (once per app process and database): the files beside the database that
    are readable by more users than `NEXTWORK_FILE_MODE` allows, named in the server's log."""
    loose = store.loose_files(Path(path))
    for file, mode in loose:
        logging.getLogger("nextwork").warning(
            "%s is readable by more users than it should be (mode %04o; want %04o): chmod %04o %s",
            file,
            mode,
            store.file_mode(),
            store.file_mode(),
            file,
        )
    return loose


def pin_data() -> tuple[int, int]:
    """Fix the database file for this run (the frame calls it first, and `unpin_data` when
    the run ends). Every figure a run shows comes from that one file, so a page drawn while
    an import swaps a new file in shows the old data whole; the next run shows the new."""
    version = _snapshots().acquire(db_path())
    st.session_state["data_version"] = version
    return version


def unpin_data(version: tuple[int, int]) -> None:
    _snapshots().release(db_path(), version)


def pinned_version() -> tuple[int, int]:
    """The identity of the file this run reads (see `pin_data`)."""
    version = st.session_state.get("data_version")
    if version is None:
        raise RuntimeError("ui.pin_data() was not called at the start of the run")
    return version


def connection_to(path: str, version: tuple[int, int]):
    """The process's connection to the file `path` with identity `version`."""
    return _snapshots().connection(path, version)


def connection():
    return connection_to(str(db_path()), pinned_version())


def viewer() -> access.Viewer:
    """The person looking (set by the frame on every run)."""
    return st.session_state.get("viewer", access.DEMO_VISITOR)


def current() -> Filters:
    """The filters set in the sidebar (set by the app frame before any page runs)."""
    return st.session_state["filters"]
