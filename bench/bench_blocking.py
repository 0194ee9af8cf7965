"""Does a long write or a solve hold up everyone else? Prints tables.

    python bench/bench_blocking.py                     # idle, then a 20,000-row import + 2 solves
    python bench/bench_blocking.py --server-path DIR [--before-jobs]   # another checkout (before)

One `teamgraph serve` process (uvicorn on 127.0.0.1) on a temporary SQLite store holding the
demo and a generated organisation of 2,000 people. Two probes, each a thread sending one request
after another (20 ms apart): `GET /healthz`, and the demo plan's detail (tasks with skills and
assignees, the team, proposals' explanations: bench_api.py's query (c)). Their latencies are
measured twice: idle, then while the load runs at once:

- `importSkillsMatrix` of 20,000 rows (`person,skill,level`, 2,000 people x 10 skills), as HR;
- two `assembleTeam` of the demo's FY27 plan (time limit 10 s), as its KAM;

`--rounds` times over (3 by default; each import after the first changes 4,000 levels).
`--server-path` runs the server from another checkout (`python -P`: the working directory is
not put first on its path), to compare with the code before a change.

The load's own answers and durations are printed too. Nothing is asserted: a table to read.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx2
from sqlalchemy import select

from teamgraph.api.core.ids import to_global_id
from teamgraph.auth.service import create_token
from teamgraph.catalogue.models import Skill
from teamgraph.db import make_engine, make_session_factory, unit_of_work
from teamgraph.generate import generate_organisation
from teamgraph.migrate import upgrade
from teamgraph.people.models import Person
from teamgraph.plans.models import Plan
from teamgraph.seeding import load_demo

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_api import PLAN_NAME, QUERIES, free_port, start_server, stop_server

KAM = "amara.okafor@ledgerline.example"  # the demo plan's KAM
IMPORT_ROWS = 20_000
SKILLS_PER_PERSON = 10
PROBE_PAUSE = 0.02

IMPORT = """
mutation Import($csv: String!) {
  importSkillsMatrix(input: {csv: $csv}) { __typename ... on Error { code message } }
}"""
# `wait: true`: the solve runs in the request, so the load lasts as long as it solves (without
# it, assembleTeam only queues a job). `--before-jobs` drops it for servers older than solve jobs.
ASSEMBLE = """
mutation Assemble($plan: ID!) {
  assembleTeam(input: {planId: $plan, timeLimit: 10%s}) { __typename ... on Error { code message } }
}"""


def build_store(path: Path) -> dict[str, Any]:
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    with unit_of_work(sessions, actor="bench") as session:
        load_demo(session)
        generate_organisation(session, people=2_000, accounts=50, seed=1)
    with unit_of_work(sessions, actor="bench") as session:
        emails = session.scalars(select(Person.email).order_by(Person.id)).all()
        skills = session.scalars(
            select(Skill.name).where(Skill.status == "active").order_by(Skill.id)
        ).all()
        plan_id = session.scalar(select(Plan.id).where(Plan.name == PLAN_NAME))
        tokens = {
            "viewer": create_token(session, role="viewer", label="bench"),
            "hr_admin": create_token(session, role="hr_admin", label="bench"),
            "kam": create_token(session, role="kam_lead", person_email=KAM, label="bench"),
        }
    engine.dispose()
    people = IMPORT_ROWS // SKILLS_PER_PERSON
    rows = [
        f"{emails[p]},{skills[(p * 7 + k) % len(skills)]},{1 + (p + k) % 5}"
        for p in range(people)
        for k in range(SKILLS_PER_PERSON)
    ]
    return {
        "url": url,
        "tokens": tokens,
        "plan": str(to_global_id("Plan", plan_id)),
        "csv": "person,skill,level\n" + "\n".join(rows) + "\n",
    }


def probe(
    client: httpx2.Client, send: Callable[[httpx2.Client], httpx2.Response], stop: threading.Event
) -> list[float]:
    """Latencies (ms) of requests sent one after another until `stop`."""
    latencies: list[float] = []
    while not stop.is_set():
        started = time.perf_counter()
        response = send(client)
        latencies.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
        time.sleep(PROBE_PAUSE)
    return latencies


def measure(base: str, store: dict[str, Any], load: Callable[[], list[str]] | None, idle: float):
    """The probes' latencies while `load` runs (or for `idle` seconds), and the load's report."""
    viewer = {"Authorization": f"Bearer {store['tokens']['viewer']}"}
    plan_body = {"query": QUERIES["plan"], "variables": {"id": store["plan"]}}
    stop = threading.Event()
    with (
        httpx2.Client(base_url=base, timeout=120) as a,
        httpx2.Client(base_url=base, timeout=120) as b,
        ThreadPoolExecutor(max_workers=2) as pool,
    ):
        health = pool.submit(probe, a, lambda c: c.get("/healthz"), stop)
        plan = pool.submit(
            probe, b, lambda c: c.post("/graphql", json=plan_body, headers=viewer), stop
        )
        report = load() if load is not None else (time.sleep(idle) or [])
        stop.set()
        return {"/healthz": health.result(), "plan query": plan.result()}, report


def the_load(
    base: str, store: dict[str, Any], rounds: int, *, wait: bool = True
) -> Callable[[], list[str]]:
    assemble = ASSEMBLE % (", wait: true" if wait else "")

    def send(query: str, variables: dict[str, Any], token: str) -> str:
        started = time.perf_counter()
        with httpx2.Client(base_url=base, timeout=300) as client:
            response = client.post(
                "/graphql",
                json={"query": query, "variables": variables},
                headers={"Authorization": f"Bearer {token}"},
            )
        seconds = time.perf_counter() - started
        body = response.json()
        if body.get("errors"):
            outcome = body["errors"][0].get("extensions", {}).get("code", "error")
        else:
            outcome = next(iter(body["data"].values()))["__typename"]
        return f"{outcome} in {seconds:.1f} s"

    def one_round(number: int) -> list[str]:
        csv = store["csv"] if number % 2 == 0 else store["csv"].replace(",1\n", ",2\n")
        with ThreadPoolExecutor(max_workers=3) as pool:
            imported = pool.submit(send, IMPORT, {"csv": csv}, store["tokens"]["hr_admin"])
            solves = [
                pool.submit(send, assemble, {"plan": store["plan"]}, store["tokens"]["kam"])
                for _ in range(2)
            ]
            return [
                f"round {number + 1}: importSkillsMatrix ({IMPORT_ROWS:,} rows): "
                f"{imported.result()}",
                *(
                    f"round {number + 1}: assembleTeam #{i + 1}: {s.result()}"
                    for i, s in enumerate(solves)
                ),
            ]

    def run() -> list[str]:
        return [line for number in range(rounds) for line in one_round(number)]

    return run


def summary(latencies: list[float]) -> str:
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"{len(ordered):>5} {statistics.median(ordered):>9.1f} {p95:>9.1f} {ordered[-1]:>9.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--server-path", help="put this checkout first on the server's path")
    parser.add_argument("--idle", type=float, default=5.0, help="seconds of idle probing")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of import + 2 solves")
    parser.add_argument(
        "--before-jobs",
        action="store_true",
        help="a server older than solve jobs (its assembleTeam has no `wait`)",
    )
    args = parser.parse_args()
    if args.server_path:
        os.environ["PYTHONPATH"] = os.pathsep.join(
            [args.server_path, os.environ.get("PYTHONPATH", "")]
        )
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        store = build_store(Path(tmp) / "bench.db")
        built = time.perf_counter() - started
        print(f"store: demo + 2,000 people / 50 accounts, built in {built:.1f} s")
        port = free_port()
        server = start_server(
            "GraphQL",
            [sys.executable, "-P", "-m", "teamgraph.cli", "serve", "--port", str(port)],
            port,
            Path(tmp) / "server.log",
            store["url"],
        )
        try:
            base = server.base
            measure(base, store, None, 1.0)  # warm up: imports, caches, the schema
            idle, _ = measure(base, store, None, args.idle)
            busy, report = measure(
                base, store, the_load(base, store, args.rounds, wait=not args.before_jobs), 0
            )
        finally:
            stop_server(server)
    print("\nmachine: 2 cores; server: teamgraph serve (uvicorn), SQLite")
    print(f"{'phase':<38} {'probe':<11} {'n':>5} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}")
    loaded = f"{args.rounds} x (import 20,000 rows + 2 solves)"
    for phase, figures in (("idle", idle), (loaded, busy)):
        for name, latencies in figures.items():
            print(f"{phase:<38} {name:<11} {summary(latencies)}")
    print("\nthe load:")
    for line in report:
        print(f"  {line}")


if __name__ == "__main__":
    main()
