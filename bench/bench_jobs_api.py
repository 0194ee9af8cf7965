"""The API beside running solves: p95 of a plan query with no solve, then while two solves of
2,000 people x 400 tasks run (SQLite: in the server's own threads; PostgreSQL: in two
`teamgraph worker` processes beside the server).

    python bench/bench_jobs_api.py [--postgres URL] [--seconds 10]

The load is one client (bench/api_load.py, its own process) sending the query back to back.
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
import urllib.request
from pathlib import Path
from typing import Any

from sqlalchemy import select

from teamgraph import migrate
from teamgraph.accounts.models import Account
from teamgraph.api.core.ids import to_global_id
from teamgraph.auth.service import create_token
from teamgraph.db import make_engine, make_session_factory, unit_of_work
from teamgraph.generate import generate_organisation
from teamgraph.people.models import Person
from teamgraph.plans.models import Plan

HERE = Path(__file__).resolve().parent
PLAN_QUERY = (
    "query($p: ID!) { node(id: $p) { ... on Plan { name version "
    "tasks(first: 20) { totalCount edges { node { title effortHours "
    "assignments { person { name } } } } } } } }"
)
START = (
    "mutation($p: ID!) { assembleTeam(input: {planId: $p, timeLimit: 120}) "
    "{ ... on AssembleTeamSuccess { job { id } } ... on Error { message } } }"
)
STATUS = (
    "query($j: ID!) { node(id: $j) { ... on SolveJob { status progress { solutionsFound } } } }"
)
CANCEL = "mutation($j: ID!) { cancelSolveJob(input: {jobId: $j}) { __typename } }"


def post(base: str, token: str, query: str, variables: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        base + "/graphql",
        data=json.dumps({"query": query, "variables": variables}).encode(),
        headers={"content-type": "application/json", "authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)["data"]


def load(base: str, token: str, plan: str, seconds: float) -> dict[str, Any]:
    body = json.dumps({"query": PLAN_QUERY, "variables": {"p": plan}})
    out = subprocess.run(
        [
            sys.executable,
            str(HERE / "api_load.py"),
            base + "/graphql",
            "--body",
            body,
            "--token",
            token,
            "--seconds",
            str(seconds),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", help="a PostgreSQL URL (its database is filled)")
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    url = args.postgres or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    migrate.upgrade(url)
    with unit_of_work(make_session_factory(make_engine(url))) as session:
        generate_organisation(session, people=2000, accounts=2, tasks_per_plan=400)
        rows = session.execute(
            select(Plan.id, Person.email)
            .join(Account, Account.id == Plan.account_id)
            .join(Person, Person.id == Account.kam_id)
            .order_by(Plan.id)
        ).all()
        plans = [
            (
                str(to_global_id("Plan", pk)),
                create_token(session, role="kam_lead", person_email=kam),
            )
            for pk, kam in rows
        ]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "TEAMGRAPH_DATABASE_URL": url,
        "TEAMGRAPH_SERVE_JOBS": "0" if args.postgres else "2",
        "TEAMGRAPH_LOG_LEVEL": "warning",
    }
    cli = [sys.executable, "-m", "teamgraph.cli"]
    procs = [
        subprocess.Popen([*cli, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL)
    ]
    if args.postgres:
        procs += [
            subprocess.Popen([*cli, "worker"], env=env, stdout=subprocess.DEVNULL) for _ in range(2)
        ]
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/livez", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        plan, token = plans[0]
        idle = load(base, token, plan, args.seconds)
        jobs = [post(base, t, START, {"p": p})["assembleTeam"]["job"]["id"] for p, t in plans]
        tokens = [t for _, t in plans]
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            states = [
                post(base, t, STATUS, {"j": j})["node"] for j, t in zip(jobs, tokens, strict=True)
            ]
            if all(s["status"] == "RUNNING" and s["progress"]["solutionsFound"] for s in states):
                break
            time.sleep(0.5)
        busy = load(base, token, plan, args.seconds)
        still = [
            post(base, t, STATUS, {"j": j})["node"]["status"]
            for j, t in zip(jobs, tokens, strict=True)
        ]
        for job, t in zip(jobs, tokens, strict=True):
            post(base, t, CANCEL, {"j": job})
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait()
    where = "PostgreSQL, 2 workers" if args.postgres else "SQLite, the server's own threads"
    print(f"plan query, one client, {args.seconds:g} s each ({where})")
    print(f"{'beside':<28} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} {'failures':>9}")
    for name, got in (("no solve", idle), ("two 2,000 x 400 solves", busy)):
        print(
            f"{name:<28} {got['count']:>9} {got['p50']:>8.1f} {got['p95']:>8.1f} "
            f"{got['failures']:>9}"
        )
    print(f"the solves were {', '.join(still)} when the load ended")


if __name__ == "__main__":
    main()
