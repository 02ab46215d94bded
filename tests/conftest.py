"""Shared fixtures: a small valid export written into a folder, a pseudonymisation key, and
the tiny database (tests/tiny_export.py) imported once per test session and copied per test."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from tests.tiny_export import build_db, copy_tiny_db

# Every figure made from plain dicts is checked as plotly checks it (`charts.plain`): a
# property plotly does not know fails the test that draws it. The app servers that tests
# start inherit it.
os.environ["NEXTWORK_CHECK_FIGURES"] = "1"

# What `make test-fast` leaves out, marked `slow` here in one place (the browser tests carry
# their own `browser` marker): tests that start app servers, nginx, Locust or LibreOffice, or
# run the import over many generated exports. `make test` runs them all.
SLOW_MODULES = {
    "test_bench": "runs the benchmark with its load test",
    "test_fuzz": "imports hundreds of generated exports",
    "test_load": "starts app servers under Locust",
    "test_serve": "starts app processes behind nginx",
    "test_server": "starts the app server",
}
SLOW_TESTS = {
    "test_deck.py::test_libreoffice_converts_the_deck_to_pdf": "starts LibreOffice",
}


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        named = f"{item.path.name}::{getattr(item, 'originalname', item.name)}"
        if item.path.stem in SLOW_MODULES or named in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)


# A small valid export for one municipality (Vejle): table name -> CSV text. Line numbers
# matter to the tests that point at a row: the header is line 1, V1 is line 2, and so on.
SMALL_EXPORT: dict[str, str] = {
    "participants": """\
participant_id,municipality,enrolled_on,exited_on,birth_year,gender,target_group,youth_network
V1,Vejle,2024-01-15,,2004,female,job_ready,Team Nord
V2,Vejle,2024-02-01,2024-11-30,1999,male,activity_ready,Team Syd
V3,Vejle,2024-06-03,,2007,,education_ready,
""",
    "companies": """\
company_id,name,municipality,industry,size_band,postcode,latitude,longitude,joined_on,left_on
C1,Vejle Værksted,Vejle,C,10-49,7100,55.7113,9.5357,2023-05-01,
C2,Fjordens Bageri,Vejle,I,1-9,7120,55.7,9.4,2022-01-10,2024-12-31
""",
    "placements": """\
placement_id,participant_id,company_id,started_on,ended_on,end_reason,chosen_by_participant,hours_per_week
PL1,V1,C1,2024-03-01,2024-05-31,completed,true,30
PL2,V2,C2,2024-04-01,2024-06-30,interrupted,false,20.5
PL3,V1,C2,2024-09-01,,,yes,
""",
    "activities": """\
activity_id,activity_type,municipality,held_on,participant_id,company_id
A1,youth_network_meeting,Vejle,2024-03-10,V1,
A1,youth_network_meeting,Vejle,2024-03-10,V2,
A2,company_visit,Vejle,2024-04-02,,C1
A3,joint_meeting,Vejle,2024-05-05,,
""",
    "outcomes": """\
participant_id,outcome_type,started_on,ended_on,company_id
V1,job,2024-09-01,,C1
V2,education,2024-08-15,2024-11-30,
""",
    "costs": """\
municipality,year,cost_dkk,staff_fte
Vejle,2024,1250000,2.5
""",
}


@pytest.fixture(scope="session")
def small_export_files() -> Mapping[str, str]:
    """The small valid Vejle export (table name -> CSV text), read-only: for fixtures of a
    wider scope."""
    return MappingProxyType(SMALL_EXPORT)


@pytest.fixture
def small_export(small_export_files) -> dict[str, str]:
    """A fresh copy of the small valid Vejle export (table name -> CSV text) to edit."""
    return dict(small_export_files)


@pytest.fixture
def write_export(tmp_path: Path) -> Callable[..., Path]:
    """A function writing an export folder below tmp_path and returning the folder.

    `files` maps a table name (written as `<name>.csv`) or a file name with its suffix to
    the file's content: text is written as UTF-8, bytes as they are, and None leaves the
    file out.
    """

    def write(files: dict[str, str | bytes | None], folder: str = "export") -> Path:
        path = tmp_path / folder
        path.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            if content is None:
                continue
            target = path / (name if "." in name else f"{name}.csv")
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8", newline="")
        return path

    return write


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    """Where the test's pseudonymisation key lives (created by the importer on first use),
    so that no test ever writes a key into the real config directory."""
    return tmp_path / "secrets" / "pseudonym.key"


@pytest.fixture
def deferred(monkeypatch):
    """The callables download buttons hand over to be run on click, by file name."""
    made: dict = {}
    original = MediaFileManager.add_deferred

    def remember(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        made[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", remember)
    return made


@pytest.fixture(scope="session")
def tiny_db_built(tmp_path_factory) -> Path:
    """The tiny export imported once for the whole session: never to be written; copy it
    (`copy_tiny_db`, or the `tiny_db_copy` fixture)."""
    return build_db(tmp_path_factory.mktemp("tiny-built"))


@pytest.fixture(scope="session")
def tiny_demo_db_built(tmp_path_factory) -> Path:
    """As `tiny_db_built`, with the export signed as the demo generator's."""
    return build_db(tmp_path_factory.mktemp("tiny-demo-built"), demo=True)


@pytest.fixture
def tiny_db_copy(tiny_db_built, tmp_path) -> Path:
    """A fresh copy of the tiny database in tmp_path (tmp_path/tiny.duckdb, with the export in
    tmp_path/export), free to change."""
    return copy_tiny_db(tiny_db_built, tmp_path)


@pytest.fixture
def tiny_demo_db_copy(tiny_demo_db_built, tmp_path) -> Path:
    """A fresh copy of the tiny database signed as demo data, in tmp_path."""
    return copy_tiny_db(tiny_demo_db_built, tmp_path)
