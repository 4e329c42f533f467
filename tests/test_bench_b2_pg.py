"""B2 on PostgreSQL (bench/pg.py) once at a tiny size, when a server is given: the raw
psycopg act and ours leave the same rows (the benchmark raises otherwise); shape only,
never a time."""

from __future__ import annotations

import math
import os
from pathlib import Path

import pytest
from bench import b2_acts

PG_URL = os.environ.get("ATELIER_TEST_POSTGRES_URL")


@pytest.mark.slow
@pytest.mark.skipif(not PG_URL, reason="ATELIER_TEST_POSTGRES_URL is not set")
def test_b2_acts_on_postgresql(tmp_path: Path) -> None:
    assert PG_URL is not None
    sqlite, pg = b2_acts.run(tmp_path, 10, runs=1, warmup=0, postgres=PG_URL)
    assert (sqlite.id, pg.id) == ("B2", "B2-pg")
    assert pg.skipped is None and pg.rows_ours == pg.rows_limit == 10
    assert pg.ratio is not None and pg.ratio > 0 and math.isfinite(pg.ratio)
    assert pg.extra["statements_per_act"] > 0 and pg.extra["raw_statements_per_act"] > 0
