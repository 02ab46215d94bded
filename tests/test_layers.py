"""The package's layers: imports point only down. `web` may use `present`, `metrics` and
`ingest`; `present` may use `metrics` and `ingest`; `metrics` only `ingest`; `ops` (the
commands) anything. The modules at the bottom (settings, number formats, language, the
filter model) use nothing of the project above them. Imports inside functions count too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "nextwork"
RANK = {"bottom": 0, "ingest": 1, "metrics": 2, "present": 3, "web": 4, "ops": 5}


def layer_of(module: str) -> str:
    """'nextwork.metrics.kpis' -> 'metrics'; 'nextwork.formats' -> 'bottom'."""
    parts = module.split(".")
    if module == "nextwork.__main__":  # `python -m nextwork`: the command line
        return "ops"
    if len(parts) > 2 and parts[1] in RANK:
        return parts[1]
    return "bottom"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """The project modules a file imports, anywhere in it."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("nextwork")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("nextwork"):
                # `from nextwork.metrics import kpis` imports nextwork.metrics.kpis
                found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_layer_of_names_the_layer():
    assert layer_of("nextwork.metrics.kpis") == "metrics"
    assert layer_of("nextwork.web") == "bottom"  # the package itself imports nothing
    assert layer_of("nextwork.formats") == "bottom"
    assert layer_of("nextwork.ops.cli") == "ops"
    assert layer_of("nextwork.__main__") == "ops"


def test_every_layer_is_a_folder():
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"} == {
        "ingest",
        "metrics",
        "present",
        "web",
        "ops",
    }


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_down(path: Path):
    own = layer_of(module_name(path))
    upward = sorted(
        name
        for name in imported(path)
        if layer_of(name) != "bottom" or own == "bottom"
        if RANK[layer_of(name)] > RANK[own]
    )
    assert upward == [], f"{module_name(path)} ({own}) imports from above: {upward}"


def test_the_check_finds_an_import_inside_a_function(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from nextwork.web import ui\n", encoding="utf-8")
    assert imported(module) == {"nextwork.web.ui"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_each_module_says_its_job_in_at_most_500_lines(path: Path):
    text = path.read_text(encoding="utf-8")
    if path.name != "__main__.py":
        assert ast.get_docstring(ast.parse(text)), f"{path.name} says nothing of its job"
    assert len(text.splitlines()) <= 500


def test_ui_only_re_exports():
    """`web.ui`, the pages' import surface, defines nothing: every name in it is imported
    from the module whose job it is."""
    tree = ast.parse((PACKAGE / "web" / "ui.py").read_text(encoding="utf-8"))
    assert {type(node).__name__ for node in tree.body} <= {"Expr", "ImportFrom", "Assign"}
    assigned = [t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets]
    assert assigned == ["__all__"]


@pytest.mark.parametrize("path", sorted((ROOT / "views").glob("*.py")), ids=lambda p: p.name)
def test_no_page_over_200_lines(path: Path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 200
