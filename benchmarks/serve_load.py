"""`make bench`: a bounded load run against `notice-parser serve` on loopback (issue 19).

Starts the service on a free port with ``--workers 2``, sends ``--requests`` POST /v1/parse requests (the
sample notices in turn, as JSON) from ``--clients`` concurrent clients, and prints requests/s, p50/p99 latency
and the number of failed requests (any answer but 200 with a task graph). Exit status 1 when any failed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _run(base: str, bodies: list[bytes], requests: int, clients: int) -> tuple[list[float], list[str], float]:
    import httpx

    latencies: list[float] = []
    failures: list[str] = []
    counter = iter(range(requests))

    async def client(c: httpx.AsyncClient) -> None:
        for i in counter:
            t0 = time.perf_counter()
            try:
                r = await c.post("/v1/parse", content=bodies[i % len(bodies)],
                                 headers={"content-type": "application/json"})
                ok = r.status_code == 200 and "tasks" in r.json()
                if not ok:
                    failures.append(f"{r.status_code} {r.text[:120]}")
            except httpx.HTTPError as e:
                failures.append(f"{type(e).__name__}: {e}")
            latencies.append(time.perf_counter() - t0)

    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as c:
        t0 = time.perf_counter()
        await asyncio.gather(*(client(c) for _ in range(clients)))
        wall = time.perf_counter() - t0
    return latencies, failures, wall


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()

    notices = sorted((ROOT / "corpus" / "notices").glob("*.txt"))
    bodies = [json.dumps({"text": p.read_text(encoding="utf-8"), "source": p.name}).encode() for p in notices]
    port = _free_port()
    cli = Path(sys.executable).with_name("notice-parser")
    proc = subprocess.Popen([str(cli), "serve", "--port", str(port), "--workers", str(args.workers),
                             "--max-pending", str(args.clients * 2), "--log-level", "warning"],
                            stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        for _ in range(600):
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
        latencies, failures, wall = asyncio.run(_run(base, bodies, args.requests, args.clients))
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    q = statistics.quantiles(latencies, n=100)
    kb = sum(len(b) for b in bodies) / len(bodies) / 1024
    print(f"6. HTTP load: {args.requests} POST /v1/parse from {args.clients} clients, {args.workers} workers, "
          f"notices of {kb:.1f} KB on average: {args.requests / wall:.1f} requests/s, p50 {q[49] * 1000:.0f} ms, "
          f"p99 {q[98] * 1000:.0f} ms, {len(failures)} failed")
    for f in failures[:5]:
        print(f"   failed: {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
