"""A small HTTP load generator for bench/bench_api.py: a real client in its own process.

    python bench/api_load.py URL --body JSON [--token T] [--concurrency 32] [--seconds 10]

`concurrency` loops each send one POST after another over their own keep-alive connection
(httpx2, asyncio) for `warmup` + `seconds`; what completes in the last `seconds` is counted.
Prints one JSON object: requests counted, failures (a status other than 200, a GraphQL
`errors` member, a transport error or a 10 s timeout), requests per second, and latency
percentiles in milliseconds. Bounded in time: nothing is sent after the window, and what is
still in flight 15 s later is cancelled.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time

import httpx2


def percentile(sorted_ms: list[float], share: float) -> float:
    """Nearest-rank percentile of an ascending list (0.0 when empty)."""
    if not sorted_ms:
        return 0.0
    return sorted_ms[min(len(sorted_ms) - 1, max(0, round(share * len(sorted_ms)) - 1))]


async def _loop(
    client: httpx2.AsyncClient,
    url: str,
    body: bytes,
    window: tuple[float, float],
    latencies: list[float],
    failures: list[str],
    completed: list[int],
) -> None:
    """Requests one after another; those completed within `window` are counted."""
    start, stop = window
    while True:
        sent = time.perf_counter()
        if sent >= stop:
            return
        try:
            response = await client.post(url, content=body)
            ok = response.status_code == 200 and b'"errors"' not in response.content
            problem = "" if ok else f"status {response.status_code}: {response.text[:200]}"
        except httpx2.HTTPError as error:
            problem = f"{type(error).__name__}: {error}"
        done = time.perf_counter()
        completed[0] += 1
        if not start <= done <= stop:
            continue
        if problem:
            failures.append(problem)
        else:
            latencies.append((done - sent) * 1000)


async def run(
    url: str, body: bytes, token: str, concurrency: int, seconds: float, warmup: float
) -> dict[str, object]:
    """Completions within the measured window (like wrk): at 32 clients a queue forms, and
    requests sent during the warm-up and served during the window count, while those still in
    flight when the window closes do not."""
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    limits = httpx2.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    latencies: list[float] = []
    failures: list[str] = []
    completed = [0]  # with the warm-up: what the server did for its CPU time
    async with httpx2.AsyncClient(
        headers=headers, limits=limits, timeout=httpx2.Timeout(10.0)
    ) as client:
        start = time.perf_counter() + warmup
        window = (start, start + seconds)
        loops = [
            asyncio.create_task(_loop(client, url, body, window, latencies, failures, completed))
            for _ in range(concurrency)
        ]
        # Past the window no loop sends again; what is in flight is awaited (uncounted) so
        # the server is idle for whatever runs next, within the 10 s request timeout.
        _, late = await asyncio.wait(loops, timeout=window[1] - time.perf_counter() + 15.0)
        for task in late:
            task.cancel()
        await asyncio.gather(*loops, return_exceptions=True)
    ordered = sorted(latencies)
    return {
        "concurrency": concurrency,
        "seconds": seconds,
        "count": len(ordered),
        "completed": completed[0],
        "failures": len(failures),
        "first_failure": failures[0] if failures else None,
        "rps": round(len(ordered) / seconds, 1),
        "p50": round(statistics.median(ordered), 2) if ordered else 0.0,
        "p95": round(percentile(ordered, 0.95), 2),
        "p99": round(percentile(ordered, 0.99), 2),
        "max": round(ordered[-1], 2) if ordered else 0.0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("url")
    parser.add_argument("--body", required=True, help="the JSON request body")
    parser.add_argument("--token", default="", help="sent as 'Authorization: Bearer TOKEN'")
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--warmup", type=float, default=1.0)
    args = parser.parse_args()
    result = asyncio.run(
        run(args.url, args.body.encode(), args.token, args.concurrency, args.seconds, args.warmup)
    )
    json.dump(result, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
