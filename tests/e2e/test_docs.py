"""The guides in ``docs/`` are executed like the README: their commands must work as written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_readme import ROOT, _env

PEOPLE = (ROOT / "docs" / "people.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_people_guide_commands_run_in_order(tmp_path: Path) -> None:
    blocks = re.findall(r"```sh\n(.*?)```", PEOPLE, re.S)
    assert len(blocks) >= 3
    script = "set -euo pipefail\n" + "\n".join(blocks)
    result = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=_env(),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "heures-2026-10.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    certificate = (tmp_path / "attestation.html").read_text(encoding="utf-8")
    assert "Steven M." in certificate and "pénitentiaire" not in certificate


def test_people_guide_python_runs(tmp_path: Path) -> None:
    [code] = re.findall(r"```python\n(.*?)```", PEOPLE, re.S)
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=_env(),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.split() == ["T-0001", "3.5"]
