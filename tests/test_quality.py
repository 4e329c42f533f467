"""The code's own checks, run inside the suite: import layers, lint, strict typing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_import_layers() -> None:
    """domain knows no SQLAlchemy/click/FastAPI; services no store; atelier never atelier_api."""
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which(
        "lint-imports")
    assert exe, "import-linter is part of the test extra"
    result = _run(exe, "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "7 kept, 0 broken" in result.stdout


def test_ruff() -> None:
    result = _run(sys.executable, "-m", "ruff", "check", "src", "tests", "bench", "examples")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_strict() -> None:
    result = _run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_doors_import_only_the_front_door() -> None:
    """The command line and the HTTP API import names of ``atelier.__all__`` and the domain's
    modules (values, bounds, vocabularies), nothing past the front door."""
    import ast

    import atelier

    for package, own in ((ROOT / "src" / "atelier" / "cli", "atelier.cli"),
                         (ROOT / "src" / "atelier_api", "atelier_api")):
        for path in package.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.ImportFrom) or node.module is None:
                    continue
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                if node.module == "atelier":
                    names = {alias.name for alias in node.names}
                    assert names <= set(atelier.__all__), (where, names - set(atelier.__all__))
                elif node.module.startswith("atelier."):
                    assert node.module.startswith(("atelier.domain", own)), (where, node.module)
