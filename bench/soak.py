"""A soak: `teamgraph serve` under a realistic, bounded mix of requests for some minutes, one row
a minute. Prints tables; asserts nothing.

    python bench/soak.py                  # 10 minutes, 4 clients
    python bench/soak.py --minutes 1      # the quick look
    python bench/soak.py --trace          # the server under tracemalloc: what grew, and where
    python bench/soak.py --malloc-arena-max 2   # glibc's arenas capped, to tell them from a leak

The store is a fresh SQLite file (migrated, the demo seeds, a generated organisation of
--people people and --accounts accounts, one token per role as `teamgraph token demo` makes
them: the KAM lead's acts as Amara). The server is its own uvicorn process on 127.0.0.1 as
bench/bench_api.py starts it. --clients loops, each on its own keep-alive connection, send one
request after another, drawn from bench/soak_mix.py: the published operations as the role that
would send each, writes that can repeat (update a task, upsert a relationship, create and
cancel tasks, time off added and removed, a small skills matrix imported, a skill retired and
restored), requests the server must refuse, and now and then a query under a name and text
never seen before. One more loop solves every --solve-every seconds (assemble a team with a
1 s limit, why not, discard, what if, accept); solves are counted apart and left out of the
latency percentiles (their time is the solver's limit).

Each minute: requests, errors (5xx answers, INTERNAL_SERVER_ERROR, and "unexpected": a refusal
of something meant to succeed or the other way round), refusals by code, latency p50/p95/p99
and the server's RSS (VmRSS of its process). At the end: the drift, last minute against the
first, and the metrics' series count. Nothing is sent after the last minute; requests time out
after 60 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import cycle
from pathlib import Path
from typing import Any

import httpx2
from api_load import percentile
from bench_api import free_port, process_cpu_seconds, start_server, stop_server
from soak_mix import SOLVES, Action, World, invented_names, load_world, mix
from soak_trace import TRACE_ENV, compare_snapshots, live_objects, request_snapshot

from teamgraph.auth.service import create_demo_tokens
from teamgraph.db import make_engine, make_session_factory, unit_of_work
from teamgraph.generate import generate_organisation
from teamgraph.migrate import upgrade
from teamgraph.seeding import load_demo

BENCH = Path(__file__).resolve().parent
INVENTED_SHARE = 0.03  # of the clients' requests: a name and a query text never seen before
TIMEOUT = 60.0
SAMPLE_SECONDS = 2.0  # how often the server's RSS is read within a minute


# --- the store --------------------------------------------------------------------------------


def build_store(path: Path, *, people: int, accounts: int) -> tuple[str, World]:
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    with unit_of_work(sessions, actor="soak") as session:
        load_demo(session)
        generate_organisation(session, people=people, accounts=accounts, seed=1)
    with unit_of_work(sessions, actor="soak") as session:
        tokens = {role: token for role, (_, token) in create_demo_tokens(session).items()}
        world = load_world(session, tokens)
    engine.dispose()
    return url, world


# --- one minute's figures ---------------------------------------------------------------------


@dataclass
class Minute:
    requests: int = 0
    server_5xx: int = 0
    internal: int = 0  # INTERNAL_SERVER_ERROR in the answer
    unexpected: Counter[str] = field(default_factory=Counter)  # by action
    refusals: Counter[str] = field(default_factory=Counter)  # by code
    latencies: list[float] = field(default_factory=list)  # ms, solves left out
    solves: int = 0
    examples: list[str] = field(default_factory=list)


def outcome(response: httpx2.Response) -> tuple[str, str]:
    """("ok", ""), ("5xx", status), ("internal", "") or ("refused", code) for one answer."""
    if response.status_code >= 500:
        return "5xx", str(response.status_code)
    try:
        answer = response.json()
    except ValueError:
        return "refused", f"HTTP_{response.status_code}"
    codes = [
        (error.get("extensions") or {}).get("code") or "NO_CODE"
        for error in answer.get("errors") or []
    ]
    if "INTERNAL_SERVER_ERROR" in codes:
        return "internal", ""
    if codes:
        return "refused", codes[0]
    if response.status_code != 200:
        return "refused", f"HTTP_{response.status_code}"
    for value in (answer.get("data") or {}).values():  # a mutation's typed error
        if isinstance(value, dict) and "code" in value and "__typename" in value:
            return "refused", str(value["code"])
    return "ok", ""


async def send(
    client: httpx2.AsyncClient, action: Action, world: World, rng: random.Random
) -> tuple[httpx2.Response | None, str, float]:
    payload: dict[str, Any] = {"query": action.query, "variables": action.variables(world, rng)}
    if action.operation:
        payload["operationName"] = action.operation
    headers = {}
    if action.role != "none":
        headers["authorization"] = f"Bearer {world.tokens[action.role]}"
    started = time.perf_counter()
    try:
        if action.method == "GET":
            params = {k: v if isinstance(v, str) else json.dumps(v) for k, v in payload.items()}
            response = await client.get("/graphql", params=params, headers=headers)
        else:
            response = await client.post("/graphql", json=payload, headers=headers)
    except httpx2.HTTPError as error:
        return None, f"{type(error).__name__}: {error}", (time.perf_counter() - started) * 1000
    return response, "", (time.perf_counter() - started) * 1000


def record(
    minute: Minute,
    action: Action,
    response: httpx2.Response | None,
    failure: str,
    ms: float,
    world: World,
    *,
    solve: bool = False,
) -> None:
    minute.requests += 1
    if solve:
        minute.solves += 1
    if response is None:
        kind, code = "5xx", "transport"
        minute.examples.append(f"{action.name}: {failure}")
    else:
        kind, code = outcome(response)
    if kind == "5xx":
        minute.server_5xx += 1
    elif kind == "internal":
        minute.internal += 1
        minute.examples.append(f"{action.name}: INTERNAL_SERVER_ERROR")
    elif kind == "refused":
        minute.refusals[code] += 1
        if action.expect == "ok":
            minute.unexpected[action.name] += 1
            if response is not None:
                minute.examples.append(f"{action.name}: {response.text[:300]}")
    elif action.expect == "refused":
        minute.unexpected[action.name] += 1
        minute.examples.append(f"{action.name}: answered, should have been refused")
    if kind == "ok" and action.remember is not None and response is not None:
        action.remember(world, response.json()["data"])
    if not solve and kind != "5xx":
        minute.latencies.append(ms)


# --- the load ---------------------------------------------------------------------------------


@dataclass
class Run:
    world: World
    minutes: list[Minute]
    stop: float
    start: float = field(default_factory=time.monotonic)
    rss: list[tuple[float, float, float, float]] = field(
        default_factory=list
    )  # (VmRSS, VmHWM) each minute

    def current(self) -> Minute:
        index = min(int((time.monotonic() - self.start) // 60), len(self.minutes) - 1)
        return self.minutes[index]


async def client_loop(client: httpx2.AsyncClient, run: Run, seed: int) -> None:
    rng = random.Random(seed)
    actions = mix()
    weights = [a.weight for a in actions]
    while time.monotonic() < run.stop:
        if rng.random() < INVENTED_SHARE:
            action = invented_names(run.world, rng)
        else:
            action = rng.choices(actions, weights)[0]
        response, failure, ms = await send(client, action, run.world, rng)
        if time.monotonic() <= run.stop:
            record(run.current(), action, response, failure, ms, run.world)


async def solve_loop(client: httpx2.AsyncClient, run: Run, every: float, seed: int) -> None:
    rng = random.Random(seed)
    for action in cycle(SOLVES):
        await asyncio.sleep(max(0.0, min(every, run.stop - time.monotonic())))
        if time.monotonic() >= run.stop:
            return
        response, failure, ms = await send(client, action, run.world, rng)
        if time.monotonic() <= run.stop:
            record(run.current(), action, response, failure, ms, run.world, solve=True)


def rss_mib(pid: int) -> tuple[float, float, float]:
    """The process' resident set, its anonymous part (the heap, not mapped files) and its peak
    (VmRSS, RssAnon, VmHWM), in MiB."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "RssAnon", "VmHWM"):
            found[key] = int(value.split()[0]) / 1024
    return found["VmRSS"], found["RssAnon"], found["VmHWM"]


ROW = "{:>3} {:>7} {:>6} {:>4} {:>4} {:>5} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>6}  {}"
HEADER = ROW.format(
    "min",
    "reqs",
    "req/s",
    "5xx",
    "ISE",
    "unexp",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "RSS MiB",
    "low",
    "anon",
    "peak",
    "CPU %",
    "refusals by code",
)


def row(index: int, minute: Minute, rss: tuple[float, float, float, float], cpu: float) -> str:
    ordered = sorted(minute.latencies)
    codes = " ".join(f"{code}:{n}" for code, n in minute.refusals.most_common())
    return ROW.format(
        index,
        minute.requests,
        f"{minute.requests / 60:.1f}",
        minute.server_5xx,
        minute.internal,
        sum(minute.unexpected.values()),
        f"{statistics.median(ordered):.1f}" if ordered else "-",
        f"{percentile(ordered, 0.95):.1f}",
        f"{percentile(ordered, 0.99):.1f}",
        f"{rss[0]:.1f}",
        f"{rss[3]:.1f}",
        f"{rss[1]:.1f}",
        f"{rss[2]:.1f}",
        f"{cpu:.0f}",
        codes,
    )


async def reporter(
    run: Run, pid: int, minutes: int, trace: Path | None
) -> list[tuple[float, float, float, float]]:
    """One row at the end of each minute: the RSS read then, and the least read during the
    minute (every SAMPLE_SECONDS: a leak raises that floor; a snapshot asked for if tracing)."""
    samples = []
    cpu = process_cpu_seconds(pid)
    for index in range(minutes):
        end = run.start + 60 * (index + 1)
        low = rss_mib(pid)[0]
        while (left := end - time.monotonic()) > 0:
            await asyncio.sleep(min(SAMPLE_SECONDS, left))
            low = min(low, rss_mib(pid)[0])
        rss = (*rss_mib(pid), low)
        samples.append(rss)
        used = process_cpu_seconds(pid)
        print(row(index + 1, run.minutes[index], rss, 100 * (used - cpu) / 60), flush=True)
        cpu = used
        if trace is not None:
            await asyncio.to_thread(request_snapshot, pid, trace, index + 1)
            print(f"    {live_objects(trace, index + 1)}", flush=True)
    return samples


async def soak(base: str, world: World, pid: int, args: argparse.Namespace) -> Run:
    run = Run(world=world, minutes=[Minute() for _ in range(args.minutes)], stop=0.0)
    run.stop = run.start + 60 * args.minutes
    limits = httpx2.Limits(max_connections=args.clients + 1)
    async with httpx2.AsyncClient(
        base_url=base, limits=limits, timeout=httpx2.Timeout(TIMEOUT)
    ) as client:
        loops = [client_loop(client, run, args.seed + i) for i in range(args.clients)]
        loops.append(solve_loop(client, run, args.solve_every, args.seed - 1))
        tasks = [asyncio.create_task(loop) for loop in loops]
        samples = await reporter(run, pid, args.minutes, args.trace_dir)
        _, late = await asyncio.wait(tasks, timeout=TIMEOUT + 5)
        for task in late:
            task.cancel()
    run.rss = samples
    return run


def drift(run: Run) -> None:
    first, last = run.minutes[0], run.minutes[-1]
    samples = run.rss
    print()
    print("drift, last minute against the first:")
    for name, share in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99)):
        a, b = percentile(sorted(first.latencies), share), percentile(sorted(last.latencies), share)
        print(f"  latency {name}: {a:.1f} -> {b:.1f} ms ({(b - a) / a * 100 if a else 0:+.0f}%)")
    (a, _, _, _), (b, _, peak, low_b) = samples[0], samples[-1]
    print(f"  server RSS: {a:.1f} -> {b:.1f} MiB ({b - a:+.1f} MiB; peak {peak:.1f} MiB)")
    if len(samples) > 2:  # the first minute's least is the server at rest, before any request
        low_a = samples[1][3]
        print(
            f"  its floor (the minute's least), minute 2 -> {len(samples)}: {low_a:.1f} -> "
            f"{low_b:.1f} MiB ({low_b - low_a:+.1f})"
        )
    if len(samples) >= 4:
        half = len(samples) // 2
        print(
            f"  RSS growth, first half of the run: {samples[half - 1][0] - samples[0][0]:+.1f} "
            f"MiB, second half: {samples[-1][0] - samples[half - 1][0]:+.1f} MiB (a plateau: the "
            "second near zero)"
        )
    total = sum(m.requests for m in run.minutes)
    errors = sum(m.server_5xx + m.internal + sum(m.unexpected.values()) for m in run.minutes)
    unexpected: Counter[str] = Counter()
    for m in run.minutes:
        unexpected.update(m.unexpected)
    print(f"  requests: {total:,}; errors (5xx, ISE, unexpected): {errors}")
    if unexpected:
        print(f"  unexpected by action: {dict(unexpected)}")
    examples = [e for m in run.minutes for e in m.examples]
    for example in examples[:5]:
        print(f"    e.g. {example}")


def metric_series(base: str) -> None:
    text = httpx2.get(f"{base}/metrics", timeout=10.0).text
    series = [line for line in text.splitlines() if line.startswith("teamgraph_requests_total{")]
    operations = {line.split('operation="')[1].split('"')[0] for line in series}
    print(
        f"  metrics: {len(series)} request series over {len(operations)} operation labels "
        "(names never seen before count as `other`)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=int, default=10, help="how long (default 10)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients (default 4)")
    parser.add_argument("--solve-every", type=float, default=15.0, help="seconds between solves")
    parser.add_argument("--people", type=int, default=1000, help="generated people (and the demo)")
    parser.add_argument("--accounts", type=int, default=20, help="generated accounts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--trace",
        action="store_true",
        help="each minute, count the server's live objects by type and read its RSS before "
        "and after malloc_trim (which changes the RSS figures that follow); at the end, what "
        "grew from the first minute's end to the last (see bench/soak_trace.py)",
    )
    parser.add_argument(
        "--trace-frames",
        type=int,
        default=0,
        help="with --trace: frames kept per allocation by tracemalloc (0, the default: only "
        "count live objects by type, at full speed; 8 or so to see where they are made, "
        "many times slower)",
    )
    parser.add_argument(
        "--malloc-arena-max", type=int, help="MALLOC_ARENA_MAX for the server (glibc's arenas)"
    )
    args = parser.parse_args()
    if not 1 <= args.minutes <= 120 or not 1 <= args.clients <= 64:
        parser.error("--minutes 1-120 and --clients 1-64: the soak is bounded")
    if args.trace and args.minutes < 2:
        parser.error("--trace compares the first minute with the last: give --minutes 2 or more")
    print(
        f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, load average "
        f"{os.getloadavg()[0]:.2f} before the run; {args.clients} clients, a solve every "
        f"{args.solve_every:g} s, {args.minutes} minute(s)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        url, world = build_store(Path(tmp) / "soak.db", people=args.people, accounts=args.accounts)
        print(
            f"store: the demo + {args.people:,} people / {args.accounts} accounts, built in "
            f"{time.perf_counter() - started:.1f} s"
        )
        args.trace_dir = Path(tmp) / "trace" if args.trace else None
        env = {}
        if args.trace_dir is not None:
            args.trace_dir.mkdir()
            env[TRACE_ENV] = str(args.trace_dir)
            env["SOAK_TRACE_FRAMES"] = str(args.trace_frames)
        if args.malloc_arena_max:
            env["MALLOC_ARENA_MAX"] = str(args.malloc_arena_max)
        port = free_port()
        serve = (
            [sys.executable, str(BENCH / "soak_trace.py")]
            if args.trace
            else [sys.executable, "-m", "teamgraph.cli"]
        )
        command = [*serve, "serve", "--log-level", "warning", "--port", str(port)]
        os.environ.update(env)
        server = start_server("GraphQL", command, port, Path(tmp) / "server.log", url)
        try:
            print(f"server RSS at start: {rss_mib(server.process.pid)[0]:.1f} MiB")
            print()
            print(HEADER)
            run = asyncio.run(soak(server.base, world, server.process.pid, args))
            drift(run)
            metric_series(server.base)
            if args.trace_dir is not None:
                compare_snapshots(args.trace_dir, 1, args.minutes)
        finally:
            stop_server(server)
        errors = server.log.read_text(errors="replace").count("Traceback")
        print(f"  server log: {errors} traceback(s)")


if __name__ == "__main__":
    main()
