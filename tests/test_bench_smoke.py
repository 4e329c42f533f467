"""The benchmarks of ``bench/`` run once at a tiny size, so that they cannot rot.

Only the shape of the results is checked (a positive ratio, the same amount
of work on both sides): never a time. The measures themselves come from
``python -m bench`` (see PERFORMANCE.md).
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest
from bench import b1_import, b2_acts, b3_http, b4_status, b8_cli, b9_scale, b10_items_list
from bench.__main__ import main as bench_main
from bench.common import Result, write_json

PG_URL = os.environ.get("ATELIER_TEST_POSTGRES_URL")


def _check(result: Result, tmp_path: Path) -> None:
    assert result.skipped is None
    assert isinstance(result.ours, float) and result.ours > 0
    assert isinstance(result.limit, float) and result.limit > 0
    ratio = result.ratio
    assert isinstance(ratio, float) and ratio > 0 and math.isfinite(ratio)
    assert isinstance(result.passed, bool)
    assert result.rows_ours is not None and result.rows_ours > 0
    assert result.rows_ours == result.rows_limit
    out = tmp_path / f"{result.id}.json"
    write_json(out, [result], {"size": "tiny"})
    stored = json.loads(out.read_text(encoding="utf-8"))["results"][0]
    assert stored["id"] == result.id and stored["ratio"] == pytest.approx(ratio)


def test_b1_import(tmp_path: Path) -> None:
    (result,) = b1_import.run(tmp_path, 200, runs=1, warmup=0)
    _check(result, tmp_path)
    assert result.extra["items"] == 200 and result.extra["tasks"] > 200
    assert result.extra["rss"]["peak_mb"] > 0


def test_b2_acts(tmp_path: Path) -> None:
    (result,) = b2_acts.run(tmp_path, 20, runs=1, warmup=0)
    _check(result, tmp_path)
    assert result.rows_ours == 20
    assert result.extra["p99_ms"] > 0 and result.extra["statements_per_act"] > 0


@pytest.mark.slow
def test_b3_http(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two real uvicorn servers and the load generator, for half a second each."""
    monkeypatch.chdir(Path(__file__).resolve().parents[1])  # ``bench`` importable by uvicorn
    (result,) = b3_http.run(tmp_path, 20, 0.5, runs=1)
    assert result.skipped is None and isinstance(result.passed, bool)
    assert result.rows_ours and result.rows_limit  # both served requests
    assert result.extra["errors"] == 0 and result.extra["statements"] > 0
    assert result.extra["p99_ours_ms"] > 0 and result.ratio and math.isfinite(result.ratio)


def test_b4_status(tmp_path: Path) -> None:
    results = b4_status.run(tmp_path, 200, 10, runs=1, warmup=0)
    assert [r.id for r in results] == ["B4", "B4-scale"]
    for result in results:
        _check(result, tmp_path)
    assert results[0].rows_ours == 200


def test_b9_scale(tmp_path: Path) -> None:
    """Every read on 20 × 2 items against 20 × 2 × 5: one result per read, what each
    shows the same on both databases except the whole order list (every order of the
    workshop, where the large one has more)."""
    results = b9_scale.run(tmp_path, 20, 5, runs=1, warmup=0)
    assert [r.id for r in results] == [
        "B9-orders", "B9-orders-page", "B9-orders-client", "B9-status", "B9-client-orders",
        "B9-client-order",
        "B9-api-order", "B9-page", "B9-page-order", "B9-month-hours", "B9-trainee-month",
        "B9-items-page", "B9-skill-matrix"]
    for result in results:
        if result.id == "B9-orders":
            assert result.rows_ours == 10 and result.rows_limit == 2
            result.rows_limit = result.rows_ours  # the shape check below wants equal work
        _check(result, tmp_path)
    assert results[0].extra["items"] == {"small": 40, "large": 200}
    assert results[1].rows_ours == results[1].rows_limit == 2  # a page: 2 orders on both
    assert results[3].rows_ours == 20  # the target order's items, in both databases
    # The databases are cached in the work directory: a second run reuses them.
    assert b9_scale.databases(tmp_path, 20, 5)["items"] == {"small": 40, "large": 200}


def test_b8_cli(tmp_path: Path) -> None:
    cmd, why = b8_cli.cli_command()
    if cmd is None:
        pytest.skip(f"B8 needs the CLI entry point: {why}")
    (result,) = b8_cli.run(tmp_path, runs=1, warmup=0, explain=False)
    _check(result, tmp_path)


def test_b10_items_list(tmp_path: Path) -> None:
    if b8_cli.cli_command()[0] is None:
        pytest.skip("B10 needs the CLI entry point")
    (result,) = b10_items_list.run(tmp_path, 50, runs=1, warmup=0)
    _check(result, tmp_path)
    if b10_items_list.GNU_TIME.exists():
        assert result.extra["peak_rss_mb"]["ours"] > 0


def test_importtime_report_names_who_imported_what(tmp_path: Path) -> None:
    entries = [("sqlite3.dbapi2", 10, 2), ("sqlite3", 5, 1), ("atelier.store.x", 7, 0),
               ("rich.text", 3, 1), ("rich", 4, 0)]
    via = b8_cli._importers(entries)
    assert via["sqlite3.dbapi2"] == "atelier.store.x" and via["sqlite3"] == "atelier.store.x"
    assert via["rich"] == "atelier.cli.main"


def test_the_command_refuses_fewer_than_five_runs() -> None:
    with pytest.raises(SystemExit) as err:
        bench_main(["--runs", "2"])
    assert err.value.code == 2


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.skipif(not PG_URL, reason="ATELIER_TEST_POSTGRES_URL is not set")
def test_postgres_benchmarks(tmp_path: Path) -> None:
    from bench import pg
    from bench.fixtures import write_item_csv

    assert PG_URL is not None
    csv_path = write_item_csv(tmp_path / "items.csv", 100)
    results = pg.b1(PG_URL, tmp_path, csv_path, 100, runs=1, warmup=0)
    results += pg.b4(PG_URL, tmp_path, 100, 5, runs=1, warmup=0)
    assert [r.id for r in results] == ["B1-pg", "B1-pg-copy", "B4-pg", "B4-pg-scale"]
    for result in results:
        _check(result, tmp_path)
