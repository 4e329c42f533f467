"""``python -m bench``: run the benchmarks of PERFORMANCE.md, print a table, write JSON.

Examples::

    python -m bench                               # every benchmark, small sizes
    python -m bench --size full                   # the sizes of PERFORMANCE.md
    python -m bench --size full --only B1 --rss-million
    python -m bench --only B1,B4 --postgres postgresql://127.0.0.1/postgres

No time is asserted: the exit status is 0 whatever the ratios, and non-zero
only when a benchmark could not run.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from bench.common import Result, machine_info, print_table, write_json

#: Sizes per benchmark: ``full`` is PERFORMANCE.md's; ``small`` is 100× smaller.
SIZES = {
    "full": {"b1_items": 100_000, "b2_acts": 2_000, "b3_items": 500, "b3_seconds": 10.0,
             "b4_items": 5_000, "b4_factor": 100, "b9_items": 5_000, "b9_factor": 100,
             "b10_items": 100_000},
    "small": {"b1_items": 1_000, "b2_acts": 20, "b3_items": 50, "b3_seconds": 1.0,
              "b4_items": 50, "b4_factor": 100, "b9_items": 50, "b9_factor": 100,
              "b10_items": 1_000},
}
BENCHMARKS = ("B1", "B2", "B3", "B4", "B8", "B9", "B10")
DEFAULT_JSON = Path("bench/results/latest.json")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--size", choices=sorted(SIZES), default="small",
                   help="full: the sizes of PERFORMANCE.md (minutes); small: 100× smaller "
                        "(default)")
    p.add_argument("--only", default=",".join(BENCHMARKS),
                   help="comma-separated benchmarks to run (default: %(default)s)")
    p.add_argument("--runs", type=int, default=5,
                   help="measured runs of each side, after one warm-up (≥ 5; default 5)")
    p.add_argument("--postgres", metavar="URL",
                   help="also run B1 against raw psycopg executemany/COPY, B2 against the same act "
                        "on raw psycopg and B4 on PostgreSQL "
                        "(a server URL: the benchmark creates and drops its own databases)")
    p.add_argument("--rss-million", action="store_true",
                   help="B1: also measure the peak RSS of importing 10⁶ items (long)")
    p.add_argument("--json", type=Path, default=DEFAULT_JSON, metavar="PATH",
                   help="where to write the results (default: %(default)s)")
    p.add_argument("--workdir", type=Path,
                   help="where to build the fixtures (default: a temporary directory, removed)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.runs < 5:
        _parser().error("--runs must be at least 5 (median of ≥ 5 runs after a warm-up)")
    only = [b.strip().upper() for b in args.only.split(",") if b.strip()]
    unknown = sorted(set(only) - set(BENCHMARKS))
    if unknown:
        _parser().error(f"unknown benchmark(s) {', '.join(unknown)}; known: "
                        f"{', '.join(BENCHMARKS)}")
    size = SIZES[args.size]
    root = args.workdir or Path(tempfile.mkdtemp(prefix="atelier-bench-"))
    root.mkdir(parents=True, exist_ok=True)

    from bench import b1_import, b2_acts, b3_http, b4_status, b8_cli, b9_scale, b10_items_list

    plan: dict[str, Callable[[Path], list[Result]]] = {
        "B1": lambda d: b1_import.run(d, size["b1_items"], args.runs, postgres=args.postgres),
        "B1-rss": lambda d: [b1_import.rss_million(d)],
        "B2": lambda d: b2_acts.run(d, size["b2_acts"], args.runs, postgres=args.postgres),
        "B3": lambda d: b3_http.run(d, size["b3_items"], size["b3_seconds"], args.runs),
        "B4": lambda d: b4_status.run(d, size["b4_items"], size["b4_factor"], args.runs,
                                      postgres=args.postgres),
        "B8": lambda d: b8_cli.run(d, args.runs),
        "B9": lambda d: b9_scale.run(d, size["b9_items"], size["b9_factor"], args.runs),
        "B10": lambda d: b10_items_list.run(d, size["b10_items"], args.runs),
    }
    meta = machine_info() | {"size": args.size, "sizes": size, "runs": args.runs,
                             "only": only, "postgres": bool(args.postgres),
                             "rss_million": args.rss_million}
    results: list[Result] = []
    failed = False
    try:
        steps = [b for b in BENCHMARKS if b in only]
        if args.rss_million and "B1" in only:
            steps.insert(steps.index("B1") + 1, "B1-rss")
        for name in steps:
            workdir = root / name.lower()
            workdir.mkdir(exist_ok=True)
            start = time.perf_counter()
            print(f"{name}: running ({args.size})…", file=sys.stderr, flush=True)
            try:
                got = plan[name](workdir)
            except Exception as exc:  # report it and go on with the others
                traceback.print_exc()
                failed = True
                got = [Result(id=name, what="(could not run)", ours=None, limit=None,
                              target="", passed=None,
                              skipped=f"error: {type(exc).__name__}: {exc}"[:300])]
            results.extend(got)
            print(f"{name}: done in {time.perf_counter() - start:.0f} s", file=sys.stderr,
                  flush=True)
            write_json(args.json, results, meta)  # partial results survive an interruption
    finally:
        if args.workdir is None:
            shutil.rmtree(root, ignore_errors=True)
    print_table(results, f"atelier benchmarks — size {args.size}, median of {args.runs} runs")
    write_json(args.json, results, meta)
    print(f"results written to {args.json}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
