"""The load generator of B3, run in its own process (pinned to the other core).

``python -m bench.b3_load URL TOKEN SECONDS CONNECTIONS`` hammers ``URL`` with
``CONNECTIONS`` concurrent keep-alive connections for ``SECONDS`` and prints
one JSON line: requests done, errors, and the latency of each request (ms).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

import httpx


async def _worker(client: httpx.AsyncClient, url: str, headers: dict[str, str], stop: float,
                  latencies: list[float], errors: list[str]) -> None:
    while time.perf_counter() < stop:
        start = time.perf_counter()
        try:
            response = await client.get(url, headers=headers)
            if response.status_code != 200:
                errors.append(str(response.status_code))
            else:
                latencies.append((time.perf_counter() - start) * 1000)
        except httpx.HTTPError as exc:
            errors.append(type(exc).__name__)


async def _run(url: str, token: str, seconds: float, connections: int) -> dict[str, object]:
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    headers = {"Authorization": f"Bearer {token}"}
    latencies: list[float] = []
    errors: list[str] = []
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        await client.get(url, headers=headers)  # warm the connection and the server
        start = time.perf_counter()
        stop = start + seconds
        await asyncio.gather(*(_worker(client, url, headers, stop, latencies, errors)
                               for _ in range(connections)))
        elapsed = time.perf_counter() - start
    return {"requests": len(latencies), "errors": errors[:20], "error_count": len(errors),
            "elapsed": elapsed, "latencies_ms": latencies}


def main() -> None:
    url, token, seconds, connections = sys.argv[1], sys.argv[2], float(sys.argv[3]), \
        int(sys.argv[4])
    print(json.dumps(asyncio.run(_run(url, token, seconds, connections))))


if __name__ == "__main__":
    main()
