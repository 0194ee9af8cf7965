"""The GraphQL API under uvicorn, against a bare Starlette baseline. Prints tables.

    python bench/bench_api.py             # demo + 10,000 people / 200 accounts; 5 s and 10 s runs
    python bench/bench_api.py --quick     # demo + 2,000 people / 50 accounts; short runs
    python bench/bench_api.py --repeat 3  # each run 3 times, the best kept (a shared machine)

The store (a temporary SQLite file) holds the demo seeds, a generated organisation, and one
generated account of 300 contacts (seed 7: 807 relationships, not one of the fragile ones);
the demo's first plan gets one stored solver proposal, so its assignments carry their why.

Three operations (QUERIES below):
  (a) people by skill: holders of Python at level 3+, the first 50 with the total and a cursor;
  (b) the 300-contact account's coverage: breadth, sole threads, bus factor, drawable graph
      (as node and edge objects, and again as `graph { columns }`, its compact form);
  (c) a plan with its tasks (skills, assignees), its team and its proposals' explanations.

Two servers, each its own uvicorn process served the way `teamgraph serve` does it (start-up
objects frozen out of the collector's way; log level warning, so no access log):
`teamgraph serve` itself, and bench/api_baseline.py, which runs the same SQL through the same
service functions and token guard and answers the same JSON (checked before anything is
measured) without GraphQL. The load comes from bench/api_load.py, another process: one client
sending requests one after another, then 32 concurrent clients, each on its own keep-alive
connection. CPU ms is the server process's CPU time per request served (latency minus it is
waiting: the client, the network, a queue). Overhead: GraphQL's figure over the bare one (with
32 clients, the bare requests per second over GraphQL's).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
from sqlalchemy import func, select

from teamgraph.accounts.models import Account, Contact, Relationship
from teamgraph.api.core.ids import to_global_id
from teamgraph.auth.service import create_token
from teamgraph.config import Settings
from teamgraph.db import make_engine, make_session_factory, unit_of_work
from teamgraph.generate import generate_organisation
from teamgraph.migrate import upgrade
from teamgraph.plans.models import Plan
from teamgraph.seeding import load_demo
from teamgraph.staffing.assemble import assemble_team
from teamgraph.staffing.compile import StaffingOptions

BENCH = Path(__file__).resolve().parent
SKILL = "Python"
BIG_ACCOUNT_SEED = 7  # 300 contacts, 807 relationships, not one of the fragile accounts
PLAN_NAME = "FY27 claims transformation"  # the demo plan with a team
CONCURRENCY = 32

# The baseline (bench/api_baseline.py) hard-codes these operations' literals.
QUERIES = {
    "people": """
query PeopleBySkill($skill: String!) {
  people(filter: {skill: $skill, minLevel: 3}, first: 50) {
    totalCount
    edges { node { id name title department } }
    pageInfo { hasNextPage endCursor }
  }
}""",
    "coverage": """
query AccountCoverage($id: ID!) {
  account(id: $id) {
    coverage {
      breadth { index contacts covered multiThreaded }
      soleThreads { influence contact { id name } }
      busFactor { size }
      graph {
        nodes { id kind label flags x y }
        edges { source target kind strength }
      }
    }
  }
}""",
    "columns": """
query AccountCoverageColumns($id: ID!) {
  account(id: $id) {
    coverage {
      breadth { index contacts covered multiThreaded }
      soleThreads { influence contact { id name } }
      busFactor { size }
      graph {
        columns {
          ids kinds labels flags xs ys edgeSources edgeTargets edgeKinds edgeStrengths
        }
      }
    }
  }
}""",
    "plan": """
query PlanDetail($id: ID!) {
  plan(id: $id) {
    name
    tasks(first: 50) {
      edges {
        node {
          id title status
          skills { skillName level }
          assignments { role person { id name } }
        }
      }
    }
    team { roles person { id name } }
    proposals {
      objective
      assignments {
        utility
        why { term points }
        person { id name }
        task { id title }
      }
    }
  }
}""",
}


@dataclass(frozen=True)
class Store:
    url: str
    token: str
    variables: dict[str, dict[str, str]]  # per query
    labels: dict[str, str]  # per query, for the table


def build_store(path: Path, *, people: int, accounts: int) -> Store:
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    started = time.perf_counter()
    with unit_of_work(sessions, actor="bench") as session:
        load_demo(session)
        generate_organisation(session, people=people, accounts=accounts, seed=1)
        generate_organisation(
            session,
            people=300,
            accounts=1,
            seed=BIG_ACCOUNT_SEED,
            contacts_per_account=300,
            relationships_per_contact=3.0,
        )
    with unit_of_work(sessions, actor="bench") as session:
        plan_id = session.scalar(select(Plan.id).where(Plan.name == PLAN_NAME))
        assert plan_id is not None
        proposal = assemble_team(
            session, plan_id, settings=Settings(), options=StaffingOptions(time_limit=10.0)
        )
        solved = len(proposal.result["assignments"])
        account_id = session.scalar(
            select(Account.id).where(Account.name.like(f"%(gen{BIG_ACCOUNT_SEED})"))
        )
        assert account_id is not None
        contacts = session.scalar(select(func.count()).where(Contact.account_id == account_id))
        relationships = session.scalar(
            select(func.count())
            .select_from(Relationship)
            .join(Contact, Contact.id == Relationship.contact_id)
            .where(Contact.account_id == account_id)
        )
        token = create_token(session, role="viewer", label="bench")
    engine.dispose()
    print(
        f"store: demo + {people:,} people / {accounts} accounts + one account of {contacts} "
        f"contacts and {relationships} relationships, built in "
        f"{time.perf_counter() - started:.1f} s (with a proposal of {solved} assignments for "
        f"{PLAN_NAME!r})"
    )
    return Store(
        url=url,
        token=token,
        variables={
            "people": {"skill": SKILL},
            "coverage": {"id": to_global_id("Account", account_id)},
            "columns": {"id": to_global_id("Account", account_id)},
            "plan": {"id": to_global_id("Plan", plan_id)},
        },
        labels={
            "people": f"(a) people: {SKILL} 3+, first 50",
            "coverage": f"(b) coverage + graph, {contacts} contacts",
            "columns": f"(b) the same, graph as columns, {contacts} contacts",
            "plan": "(c) plan: tasks, team, proposal why",
        },
    )


# --- servers ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    name: str
    base: str
    process: subprocess.Popen[bytes]
    log: Path

    def url(self, query: str) -> str:
        return f"{self.base}/graphql" if self.name == "GraphQL" else f"{self.base}/{query}"


def start_server(name: str, command: list[str], port: int, log: Path, url: str) -> Server:
    # One hash seed for both servers: the drawing's positions within a layer follow the
    # iteration order of a set of (kind, id) nodes (networkx's multipartite_layout groups
    # layers into sets), which moves with Python's per-process string hashing.
    env = {**os.environ, "TEAMGRAPH_DATABASE_URL": url, "PYTHONHASHSEED": "0"}
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(name, f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} server exited:\n{log.read_text()}")
        try:
            if httpx2.get(f"{server.base}/healthz", timeout=1.0).status_code == 200:
                return server
        except httpx2.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{name} server did not answer /healthz within 60 s:\n{log.read_text()}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=10)


# --- measuring --------------------------------------------------------------------------------


def body(store: Store, query: str) -> str:
    return json.dumps({"query": QUERIES[query], "variables": store.variables[query]})


def first_difference(a: Any, b: Any, path: str = "") -> str | None:
    """Where two JSON values first differ (None when equal)."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(a.keys() | b.keys()):
            found = first_difference(a.get(key), b.get(key), f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items against {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = first_difference(x, y, f"{path}[{i}]")
            if found:
                return found
        return None
    return None if a == b else f"{path}: {a!r} against {b!r}"


def same_answer(store: Store, graphql: Server, bare: Server, query: str) -> int:
    """Both servers answer the query with the same JSON; returns its size in bytes."""
    headers = {"authorization": f"Bearer {store.token}", "content-type": "application/json"}
    answers = []
    for server in (graphql, bare):
        response = httpx2.post(
            server.url(query), content=body(store, query), headers=headers, timeout=30.0
        )
        assert response.status_code == 200, (server.name, query, response.text[:500])
        answers.append(response)
    found, expected = answers[0].json(), answers[1].json()
    assert "errors" not in found, found["errors"]
    difference = first_difference(found, expected)
    assert difference is None, f"{query}: the baseline answers otherwise at {difference}"
    return len(answers[0].content)


def process_cpu_seconds(pid: int) -> float:
    """CPU time a process has used so far (user + system, all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_cpu_seconds(server: Server) -> float:
    return process_cpu_seconds(server.process.pid)


def load(
    store: Store, server: Server, query: str, *, concurrency: int, seconds: float, warmup: float
) -> dict[str, Any]:
    """One run of the load generator; adds the server's CPU milliseconds per request."""
    command = [
        sys.executable,
        str(BENCH / "api_load.py"),
        server.url(query),
        *("--body", body(store, query), "--token", store.token),
        *("--concurrency", str(concurrency), "--seconds", str(seconds), "--warmup", str(warmup)),
    ]
    cpu = server_cpu_seconds(server)
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=warmup + seconds + 60, check=True
    )
    cpu = server_cpu_seconds(server) - cpu
    result: dict[str, Any] = json.loads(done.stdout)
    result["cpu_ms"] = 1000 * cpu / max(1, result["completed"])
    if result["failures"]:
        print(
            f"  ! {server.name} {query}: {result['failures']} failed requests, e.g. "
            f"{result['first_failure']}"
        )
    return result


ROW = "{:<40} {:<8} {:>7} {:>7} {:>7}   {:>7} {:>7} {:>7}   {:>6}"
HEADER = [
    ROW.format("", "", "1 client", "", "", f"{CONCURRENCY} clients", "", "", ""),
    ROW.format("query", "server", "p50 ms", "p95 ms", "CPU ms", "req/s", "p95 ms", "CPU ms", "KB"),
]


def measure(
    store: Store,
    servers: list[Server],
    query: str,
    *,
    one: tuple[float, float],
    many: tuple[float, float],
    size: int,
    repeat: int,
) -> None:
    results = {}
    for server in servers:
        single = min(
            (
                load(store, server, query, concurrency=1, warmup=one[0], seconds=one[1])
                for _ in range(repeat)
            ),
            key=lambda r: r["p50"],
        )
        loaded = max(
            (
                load(store, server, query, concurrency=CONCURRENCY, warmup=many[0], seconds=many[1])
                for _ in range(repeat)
            ),
            key=lambda r: r["rps"],
        )
        results[server.name] = (single, loaded)
        print(
            ROW.format(
                store.labels[query] if server is servers[0] else "",
                server.name,
                f"{single['p50']:.1f}",
                f"{single['p95']:.1f}",
                f"{single['cpu_ms']:.1f}",
                f"{loaded['rps']:.1f}",
                f"{loaded['p95']:.0f}",
                f"{loaded['cpu_ms']:.1f}",
                f"{size / 1024:.1f}" if server is servers[0] else "",
            ),
            flush=True,
        )
    (g1, gn), (b1, bn) = results["GraphQL"], results["bare"]
    print(
        ROW.format(
            "",
            "overhead",
            f"x{g1['p50'] / b1['p50']:.2f}",
            f"x{g1['p95'] / b1['p95']:.2f}",
            f"x{g1['cpu_ms'] / b1['cpu_ms']:.2f}",
            f"x{bn['rps'] / gn['rps']:.2f}",
            f"x{gn['p95'] / bn['p95']:.2f}",
            f"x{gn['cpu_ms'] / bn['cpu_ms']:.2f}",
            "",
        ),
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="a smaller org and shorter runs")
    parser.add_argument(
        "--only", choices=sorted(QUERIES), action="append", help="measure this query (repeat)"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run each measurement N times and keep the best (on a machine shared with others)",
    )
    args = parser.parse_args()
    people, accounts = (2_000, 50) if args.quick else (10_000, 200)
    one = (0.5, 2.0) if args.quick else (1.0, 5.0)  # warm-up, measured seconds
    many = (1.0, 3.0) if args.quick else (2.0, 10.0)
    print(
        f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, load average "
        f"{os.getloadavg()[0]:.2f} before the run (anything else running skews the figures); "
        "uvicorn (asyncio + h11), one process per server; the load generator is a third process"
    )
    with tempfile.TemporaryDirectory() as tmp:
        store = build_store(Path(tmp) / "api.db", people=people, accounts=accounts)
        serve = [sys.executable, "-m", "teamgraph.cli", "serve", "--log-level", "warning"]
        baseline = [sys.executable, str(BENCH / "api_baseline.py"), "--database-url", store.url]
        servers: list[Server] = []
        try:
            for name, command in (("GraphQL", serve), ("bare", baseline)):
                port = free_port()
                log = Path(tmp) / f"{name}.log"
                servers.append(
                    start_server(name, [*command, "--port", str(port)], port, log, store.url)
                )
            queries = args.only or list(QUERIES)
            sizes = {q: same_answer(store, servers[0], servers[1], q) for q in queries}
            print("the baseline answers each query with exactly GraphQL's JSON: checked")
            print()
            print("\n".join(HEADER))
            for query in queries:
                measure(
                    store, servers, query, one=one, many=many, size=sizes[query], repeat=args.repeat
                )
        finally:
            for server in servers:
                stop_server(server)
    print()
    print(
        "CPU ms: the server process's CPU time per request served. overhead: GraphQL over bare "
        f"(with {CONCURRENCY} clients, bare req/s over GraphQL's). Targets with one client: "
        "(a) and (c) p95 < 25 ms, (b) p95 < 60 ms; overhead at most x2."
    )


if __name__ == "__main__":
    main()
