"""The metrics layer and the modules at the bottom import only downwards: the metrics read
the data (`nextwork.ingest`) and the settings, never the presentation, the web app or the
tools; `config` and `formats` import nothing of the project. Imports inside functions count
too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from nextwork.config import ROOT

PACKAGE = ROOT / "nextwork"


def imported(path: Path) -> set[str]:
    """Every module of the project that `path` imports, anywhere in it."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in names if name.startswith("nextwork.")}


METRICS = sorted((PACKAGE / "metrics").rglob("*.py"))


@pytest.mark.parametrize("path", METRICS, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_metrics_import_nothing_above_them(path):
    above = ("nextwork.present", "nextwork.web", "nextwork.ops")
    assert not {name for name in imported(path) if name.startswith(above)}


@pytest.mark.parametrize("name", ["config.py", "formats.py"])
def test_the_bottom_imports_nothing_of_the_project(name):
    assert imported(PACKAGE / name) == set()


def test_the_check_finds_an_upward_import(tmp_path):
    """The check itself: a lazy import of the charts inside a function is found."""
    module = tmp_path / "m.py"
    module.write_text(
        "from nextwork import formats\n\ndef f():\n    from nextwork.present import charts\n",
        encoding="utf-8",
    )
    assert imported(module) == {"nextwork.formats", "nextwork.present.charts"}
