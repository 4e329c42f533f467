"""Benchmarks of PERFORMANCE.md, each measured as a ratio against its limit.

Run them all from the project root with::

    python -m bench                      # small sizes would be --size small
    python -m bench --size full --only B1,B4 --runs 7 --json bench/results/full.json

Every benchmark runs our path *and* the limit for the same work in the same
process run (interleaved, median of ``--runs`` runs after a warm-up) and
reports ``ratio = ours / limit`` against the target of PERFORMANCE.md. No
time is ever asserted: the test suite only runs each benchmark once at a tiny
size (``tests/test_bench_smoke.py``) so that it cannot rot.

Modules: :mod:`bench.b1_import`, :mod:`bench.b2_acts`, :mod:`bench.b4_status`,
:mod:`bench.b8_cli`; shared helpers in :mod:`bench.common` and fixtures in
:mod:`bench.fixtures`.
"""

from __future__ import annotations

from bench.common import Result

__all__ = ["Result"]
