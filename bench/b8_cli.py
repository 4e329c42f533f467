"""B8: a cold CLI call, ``atelier status REF``, against the imports it cannot avoid.

Ours: ``atelier status REF --db URL`` in a fresh process (the console script
installed beside this interpreter, else ``python -m atelier.cli.main``), on a
small database with one order in progress.

The limit: ``python -c "import sqlalchemy, click"`` in a fresh process.

Both are timed from spawn to exit, median of the runs after a warm-up (which
also leaves the bytecode caches written). ``python -X importtime`` of both
then tells which modules the CLI loads that the limit does not, with the
atelier module that pulled each one in (``extra["importtime"]``).
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.common import Result, interleaved, median, sqlite_url
from bench.fixtures import status_dbs

TARGET = 1.5
LIMIT_CODE = "import sqlalchemy, click"
ORDER_ITEMS = 100


def cli_command() -> tuple[list[str] | None, str]:
    """The command that runs the CLI, and how it was found (or why there is none)."""
    try:
        found = importlib.util.find_spec("atelier.cli.main") is not None
    except ModuleNotFoundError:
        found = False
    if not found:
        return None, "the CLI module atelier.cli.main does not exist yet"
    script = Path(sys.executable).parent / "atelier"
    if script.exists():
        return [str(script)], "console script `atelier`"
    return [sys.executable, "-m", "atelier.cli.main"], "python -m atelier.cli.main"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    for key in ("ATELIER_DATABASE_URL", "PYTHONPROFILEIMPORTTIME", "PYTHONDONTWRITEBYTECODE"):
        env.pop(key, None)
    return env


def _spawn(cmd: list[str], cwd: Path, check_out: str | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=_env(), capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0 or (check_out and check_out not in proc.stdout):
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): "
                           f"{(proc.stderr or proc.stdout)[-800:]}")
    return elapsed


def run(workdir: Path, runs: int, warmup: int = 1, *, explain: bool = True) -> list[Result]:
    """Time the cold call against the limit; ``explain``: say what it imports beyond it."""
    cmd, how = cli_command()
    if cmd is None:
        return [Result(id="B8", what="cold CLI call `atelier status REF`", ours=None, limit=None,
                       target=f"≤ {TARGET}×", passed=None, skipped=how)]
    small, _, ref = status_dbs(workdir, ORDER_ITEMS, 1)
    url = sqlite_url(small)
    ours_cmd = [*cmd, "status", ref, "--db", url]
    json_cmd = [*ours_cmd, "--json"]
    limit_cmd = [sys.executable, "-c", LIMIT_CODE]
    times = interleaved({
        "ours": lambda: _spawn(ours_cmd, workdir, ref),
        "limit": lambda: _spawn(limit_cmd, workdir),
        "json": lambda: _spawn(json_cmd, workdir, ref),
    }, runs, warmup)
    ours_m, limit_m, json_m = (median(times[k]) for k in ("ours", "limit", "json"))
    ratio = ours_m / limit_m
    extra: dict[str, Any] = {"command": ours_cmd, "found": how, "json_s": json_m,
                             "runs": times}
    notes = f"{how}; with --json {json_m / limit_m:.2f}×"
    if explain:
        report = import_report(ours_cmd[len(cmd):], workdir)
        extra["importtime"] = report
        top = ", ".join(f"{x['package']} {x['ms']:.0f} ms"
                        for x in report["extra_packages"] if not x["package"].startswith("atelier"))
        notes += (f"; imports {report['cli_total_ms']:.0f} ms vs {report['limit_total_ms']:.0f} ms,"
                  f" beyond the limit's: {top[:160]}")
    return [Result(id="B8", what="cold CLI call `atelier status REF`", ours=ours_m,
                   limit=limit_m, target=f"≤ {TARGET}×", passed=ratio <= TARGET,
                   rows_ours=len(times["ours"]), rows_limit=len(times["limit"]), runs=runs,
                   notes=notes, extra=extra)]


# -- what the CLI imports that it need not --------------------------------------------------------


def importtime(args: list[str], cwd: Path) -> list[tuple[str, int, int]]:
    """``(module, self µs, depth)`` of each import, in the order -X importtime prints them."""
    proc = subprocess.run([sys.executable, "-X", "importtime", *args], cwd=cwd, env=_env(),
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    out = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        self_us, _cum, name = _split(line)
        depth = (len(name) - len(name.lstrip(" ")) - 1) // 2
        out.append((name.strip(), int(self_us), depth))
    return out


def _split(line: str) -> tuple[str, str, str]:
    """``import time:  self | cumulative | name`` -> its three fields (name keeps its indent)."""
    body = line.split(":", 1)[1]
    self_us, cum, name = body.split("|", 2)
    return self_us.strip(), cum.strip(), name.rstrip()


def _importers(entries: list[tuple[str, int, int]]) -> dict[str, str]:
    """Module -> the nearest atelier module whose import pulled it in (children print first)."""
    parent: dict[str, str] = {}
    pending: dict[int, list[str]] = defaultdict(list)
    for name, _, depth in entries:
        for child in pending.pop(depth + 1, []):
            parent[child] = name
        pending[depth].append(name)
    via: dict[str, str] = {}
    for name, _, _ in entries:
        up = parent.get(name)
        while up is not None and not up.startswith("atelier"):
            up = parent.get(up)
        via[name] = up or "atelier.cli.main"
    return via


def import_report(cli_args: list[str], cwd: Path, repeat: int = 3) -> dict[str, Any]:
    """Modules the CLI imports that ``import sqlalchemy, click`` does not, by package."""
    cli_runs = [importtime(["-m", "atelier.cli.main", *cli_args], cwd) for _ in range(repeat)]
    base_runs = [importtime(["-c", LIMIT_CODE], cwd) for _ in range(repeat)]
    base = {name for run in base_runs for name, _, _ in run}
    self_us: dict[str, list[int]] = defaultdict(list)
    for run in cli_runs:
        for name, us, _ in run:
            self_us[name].append(us)
    via = _importers(cli_runs[0])
    by_pkg: dict[str, dict[str, Any]] = {}
    for name, values in self_us.items():
        if name in base:
            continue
        parts = name.split(".")
        pkg = ".".join(parts[:2]) if parts[0] in ("atelier", "sqlalchemy") else parts[0]
        entry = by_pkg.setdefault(pkg, {"package": pkg, "ms": 0.0, "modules": 0, "via": set()})
        entry["ms"] += statistics.median(values) / 1000
        entry["modules"] += 1
        if not name.startswith("atelier"):
            entry["via"].add(via.get(name, "?"))
    ranked = sorted(by_pkg.values(), key=lambda e: -e["ms"])
    for e in ranked:
        e["via"] = ", ".join(sorted(e["via"])) or "—"
    total = sum(e["ms"] for e in ranked)
    return {"extra_ms": total, "extra_packages": ranked,
            "cli_total_ms": statistics.median(sum(us for _, us, _ in r) for r in cli_runs) / 1000,
            "limit_total_ms": statistics.median(sum(us for _, us, _ in r)
                                                for r in base_runs) / 1000}
