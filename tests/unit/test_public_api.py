"""The library's public surface: every name of ``atelier.__all__`` resolves and is
documented, and the lazy exports agree with what type checkers see."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import atelier


def test_every_exported_name_resolves_and_has_a_docstring() -> None:
    for name in atelier.__all__:
        value = getattr(atelier, name)
        if name != "__version__":
            assert inspect.getdoc(value), name


def test_lazy_exports_match_the_names_type_checkers_see() -> None:
    tree = ast.parse(Path(atelier.__file__).read_text(encoding="utf-8"))
    typed: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom) and stmt.module
                typed.update({alias.name: stmt.module for alias in stmt.names})
    lazy = dict(atelier._EXPORTS)
    assert typed == lazy
    assert sorted([*lazy, "__version__"]) == sorted(atelier.__all__)


def test_every_public_use_case_is_documented() -> None:
    for name, member in inspect.getmembers(atelier.Workshop):
        if not name.startswith("_") and callable(member):
            assert inspect.getdoc(member), f"Workshop.{name} has no docstring"
