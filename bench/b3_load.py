"""The load generator of B3: ``wrk`` (a C load generator, Debian's package), driven and read.

A Python loader (httpx, asyncio) saturates its own core before one uvicorn
worker does, and then measures itself: the earlier B3 figures hid most of the
gap that way. ``wrk`` costs a fraction of a core for the same load, and its CPU
time is measured and printed beside every figure, so that nobody is fooled
again: when the loader's core is near full, the server was not the bottleneck.

:func:`run_wrk` runs ``wrk --latency`` (one thread, pinned to a core with
``taskset`` when there is one) for whole seconds, parses its text report
(requests, elapsed time, the latency distribution, socket errors, non-2xx
answers) and adds the loader's CPU seconds (from ``wait4``'s resource usage)
and the server's (from ``/proc/PID/stat``, when given a server process id).
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

#: wrk's time units (``format_time`` in its ``units.c``), in milliseconds.
_TIME_UNITS_MS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}
_TIME = r"([0-9.]+)\s*(us|ms|s|m|h)\b"
_PERCENTILE = re.compile(r"^\s*(50|75|90|99)(?:\.0+)?%\s+" + _TIME, re.MULTILINE)
_TOTAL = re.compile(r"^\s*(\d+) requests in " + _TIME, re.MULTILINE)
_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
_NON_2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")


class WrkOutputError(RuntimeError):
    """wrk's report did not have the lines B3 reads (another wrk, or a failed run)."""


@dataclasses.dataclass(frozen=True)
class Load:
    """One wrk run: what it did, how long each request took, and what it cost."""

    connections: int
    requests: int
    elapsed: float
    #: Latency percentiles in milliseconds (50, 75, 90, 99), from ``--latency``.
    percentiles_ms: dict[int, float]
    #: Socket errors (connect, read, write, timeout) and answers over 399 (wrk counts
    #: those as "Non-2xx or 3xx"), together: every one of them is a failed request.
    errors: int
    error_detail: str
    #: CPU seconds (user + system) of the loader, and of the server over the same run.
    loader_cpu: float
    server_cpu: float | None

    @property
    def throughput(self) -> float:
        """Requests per second."""
        return self.requests / self.elapsed if self.elapsed else 0.0

    @property
    def p99_ms(self) -> float:
        return self.percentiles_ms[99]

    @property
    def loader_core_share(self) -> float:
        """The loader's CPU time over the run's wall time (1.0: a full core)."""
        return self.loader_cpu / self.elapsed if self.elapsed else 0.0

    @property
    def server_core_share(self) -> float | None:
        """The server's CPU time over the run's wall time (1.0: a full core)."""
        if self.server_cpu is None or not self.elapsed:
            return None
        return self.server_cpu / self.elapsed


def wrk_path() -> str | None:
    """The ``wrk`` executable, or None when it is not installed."""
    return shutil.which("wrk")


def missing_reason() -> str | None:
    """Why B3 cannot run here (None: it can)."""
    if wrk_path() is None:
        return ("wrk is not installed: B3 needs Debian's C load generator "
                "(apt-get install wrk); a Python loader saturates before the server")
    return None


def pinned(core: int | None, argv: list[str]) -> list[str]:
    """``argv`` run on ``core`` by ``taskset`` (as it is when there is no taskset or no
    core is asked)."""
    taskset = shutil.which("taskset")
    if core is None or taskset is None or (os.cpu_count() or 1) < 2:
        return argv
    return [taskset, "-c", str(core), *argv]


def _ms(value: str, unit: str) -> float:
    return float(value) * _TIME_UNITS_MS[unit]


def parse(report: str, connections: int) -> tuple[int, float, dict[int, float], int, str]:
    """``(requests, elapsed seconds, percentiles in ms, errors, their detail)`` of a wrk
    ``--latency`` report."""
    total = _TOTAL.search(report)
    percentiles = {int(p): _ms(v, u) for p, v, u in _PERCENTILE.findall(report)}
    if total is None or 99 not in percentiles:
        raise WrkOutputError(f"unreadable wrk report at {connections} connections: "
                             f"{report[-600:]!r}")
    requests = int(total.group(1))
    elapsed = _ms(total.group(2), total.group(3)) / 1e3
    socket = _SOCKET.search(report)
    socket_errors = [int(n) for n in socket.groups()] if socket else [0, 0, 0, 0]
    non_2xx = _NON_2XX.search(report)
    status_errors = int(non_2xx.group(1)) if non_2xx else 0
    detail = (f"connect {socket_errors[0]}, read {socket_errors[1]}, write {socket_errors[2]}, "
              f"timeout {socket_errors[3]}, status ≥ 400 {status_errors}")
    return requests, elapsed, percentiles, sum(socket_errors) + status_errors, detail


def process_cpu(pid: int) -> float | None:
    """CPU seconds (user + system, every thread) of process ``pid`` so far, from
    ``/proc`` (None where there is no ``/proc``)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return None
    # The command name (field 2) may hold spaces: count the fields after its ")".
    fields = stat.rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime and stime (fields 14 and 15)
    return ticks / os.sysconf("SC_CLK_TCK")


def run_wrk(url: str, headers: dict[str, str], seconds: float, connections: int, *,
            core: int | None = 1, server_pid: int | None = None) -> Load:
    """``wrk`` on ``url`` with ``connections`` keep-alive connections from one thread for
    ``seconds`` (rounded to whole seconds, at least 1: wrk's unit)."""
    wrk = wrk_path()
    if wrk is None:
        raise FileNotFoundError(missing_reason())
    duration = max(1, round(seconds))
    argv = [wrk, "--latency", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
    for name, value in headers.items():
        argv += ["-H", f"{name}: {value}"]
    argv.append(url)
    server_before = process_cpu(server_pid) if server_pid is not None else None
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(pinned(core, argv), stdout=out, stderr=subprocess.STDOUT)
        # wait4 gives this very child's resource usage (taskset execs wrk: same process).
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        report = out.read().decode("utf-8", "replace")
    server_after = process_cpu(server_pid) if server_pid is not None else None
    if proc.returncode != 0:
        raise WrkOutputError(f"wrk exited with {proc.returncode}: {report[-600:]!r}")
    requests, elapsed, percentiles, errors, detail = parse(report, connections)
    server_cpu = (server_after - server_before
                  if server_before is not None and server_after is not None else None)
    return Load(connections=connections, requests=requests, elapsed=elapsed,
                percentiles_ms=percentiles, errors=errors, error_detail=detail,
                loader_cpu=usage.ru_utime + usage.ru_stime, server_cpu=server_cpu)
