"""The web layer's place in the package: nothing below it imports it (imports inside
functions count too), the filter model and the translator import only the bottom, `ui` is
the pages' import surface and holds no logic, and each web module has one job, said in its
docstring, in under 500 lines."""

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


BELOW = sorted(
    p for layer in ("present", "metrics", "ingest") for p in (PACKAGE / layer).rglob("*.py")
)


@pytest.mark.parametrize("path", BELOW, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_nothing_below_the_web_layer_imports_it(path):
    assert not {name for name in imported(path) if name.startswith("nextwork.web")}


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("i18n.py", set()),
        (
            "filters.py",
            {
                "nextwork.formats",
                "nextwork.i18n.LANGUAGES",
                "nextwork.i18n.t",
                "nextwork.i18n.value_label",
            },
        ),
    ],
)
def test_the_filter_model_and_the_translator_import_only_the_bottom(name, allowed):
    assert imported(PACKAGE / name) <= allowed


def test_the_check_finds_a_lazy_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from nextwork.web import ui\n", encoding="utf-8")
    assert imported(module) == {"nextwork.web.ui"}


def test_ui_only_re_exports():
    """`ui` defines nothing: every name in it is imported from the module whose job it is."""
    tree = ast.parse((PACKAGE / "web" / "ui.py").read_text(encoding="utf-8"))
    kinds = {type(node).__name__ for node in tree.body}
    assert kinds <= {"Expr", "ImportFrom", "Assign"}, kinds
    assigned = [t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets]
    assert assigned == ["__all__"]


WEB = sorted((PACKAGE / "web").glob("*.py"))


@pytest.mark.parametrize("path", WEB, ids=lambda p: p.name)
def test_each_web_module_has_a_docstring_and_fewer_than_500_lines(path):
    text = path.read_text(encoding="utf-8")
    assert ast.get_docstring(ast.parse(text)), f"{path.name} says nothing of its job"
    assert len(text.splitlines()) <= 500
