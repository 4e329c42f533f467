"""The example scripts run as a user would run them, on each backend under test."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from atelier import Workshop

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DELIVERY_NOTE = re.compile(r"delivery note (BL-\d{4}-\d{4})")
BARCODE_LINE = re.compile(r"^\d{13}$", re.MULTILINE)


def run_example(name: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``examples/<name>`` with this interpreter; fail with its output if it fails."""
    env = {k: v for k, v in os.environ.items() if k != "ATELIER_DATABASE_URL"}
    env["PYTHONIOENCODING"] = "utf-8"
    proc = subprocess.run([sys.executable, str(EXAMPLES / name), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc


def test_day_in_the_workshop(db_url: str, tmp_path: Path) -> None:
    out = run_example("day_in_the_workshop.py", db_url, cwd=tmp_path).stdout
    assert "received 40 books" in out
    assert "unknown barcode 2907509999999" in out
    assert "29 passed, 1 failed" in out
    note = DELIVERY_NOTE.search(out)
    assert note and note[1].endswith("-0001"), out
    assert len(BARCODE_LINE.findall(out)) == 30  # the returned barcodes, one per line
    assert "status partially_delivered" in out
    assert "custody balance (received = held + returned + missing + refused): ok" in out

    ws = Workshop.open(db_url)
    try:
        (order,) = ws.orders()
        assert order.status == "partially_delivered" and order.items == 40
        delivered = ws.delivery(note[1]).barcodes
        assert "\n".join(delivered) in out
    finally:
        ws.close()


def test_day_in_the_workshop_on_a_temporary_file(tmp_path: Path) -> None:
    out = run_example("day_in_the_workshop.py", cwd=tmp_path).stdout
    assert "delivery note BL-" in out and "status partially_delivered" in out
    assert list(tmp_path.iterdir()) == []  # nothing left behind


def test_other_trade(db_url: str, tmp_path: Path) -> None:
    out = run_example("other_trade.py", db_url, cwd=tmp_path).stdout
    assert "Entretien et remise en état de vélos" in out
    assert "received 8 bicycles" in out
    assert "7 passed, 1 failed" in out
    assert re.search(r"delivery note BL-\d{4}-0001: 8 bicycles", out), out
    assert re.search(r"Final status of CMD-\d{4}-0001: closed", out), out

    ws = Workshop.open(db_url)
    try:
        assert ws.catalogue().code == "cycles"
        assert [o.status for o in ws.orders()] == ["closed"]
    finally:
        ws.close()


@pytest.mark.parametrize("script", ["day_in_the_workshop.py", "other_trade.py"])
def test_examples_document_their_argument(script: str, tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(EXAMPLES / script), "--help"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "database" in proc.stdout


def test_over_http(tmp_path: Path) -> None:
    out = run_example("over_http.py", str(tmp_path / "shop.db"), cwd=tmp_path).stdout
    assert "order CMD-" in out and "accepted" in out
    assert DELIVERY_NOTE.search(out)
    assert "the school sees CMD-" in out and "partially_delivered" in out
    assert "tracking page: 200" in out
