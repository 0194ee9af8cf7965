"""Solve jobs: throughput of `teamgraph worker` processes and the wait for the first progress.

Generates 20 accounts with a plan of 50 tasks each over 200 people, queues one assembly per
plan (as the API does), runs 1 and then 2 `teamgraph worker` processes until the batch is done,
and prints jobs per minute and the time from submit to the first progress written.

    python bench/bench_jobs.py [--postgres URL] [--plans 20] [--time-limit 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

from sqlalchemy import select, update

from teamgraph import migrate
from teamgraph.config import Settings
from teamgraph.db import Actor, make_engine, make_session_factory, unit_of_work
from teamgraph.generate import generate_organisation
from teamgraph.jobs import execute
from teamgraph.jobs import service as jobs
from teamgraph.jobs.lifecycle import job_queue
from teamgraph.jobs.models import FINAL_STATUSES, JobKind, SolveJob
from teamgraph.plans.models import Plan

WARM_UP = 5.0  # seconds given to the workers to start before the batch is queued


def run(url: str, plans: int, time_limit: float, workers: int) -> dict[str, float]:
    settings = Settings(database_url=url, solver_workers=1, max_queued_jobs=10_000)
    sessions = make_session_factory(make_engine(url))
    env = {**os.environ, "TEAMGRAPH_DATABASE_URL": url, "TEAMGRAPH_SOLVER_WORKERS": "1"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "teamgraph.cli", "worker", "--log-level", "warning"],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        for _ in range(workers)
    ]
    time.sleep(WARM_UP)  # the workers are up and listening before the batch is queued
    try:
        with unit_of_work(sessions) as session:
            plan_ids = list(session.scalars(select(Plan.id).order_by(Plan.id)))[:plans]
            session.execute(update(SolveJob).values(status="cancelled"))  # a previous round's
            submitted = time.time()
            made: list[SolveJob] = []
            for plan_id in plan_ids:
                made += jobs.submit(
                    session,
                    JobKind.ASSEMBLE,
                    plan_id,
                    [
                        execute.assemble_input(
                            time_limit=time_limit, weights=None, seed=0, release=[]
                        )
                    ],
                    settings=settings,
                    actor=Actor("bench"),
                    token_id=None,
                    queue=job_queue(settings),
                )
            ids = [job.id for job in made]
        first_progress: dict[int, float] = {}
        while True:
            with sessions() as session:
                rows = session.scalars(select(SolveJob).where(SolveJob.id.in_(ids))).all()
            now = time.time()
            for row in rows:
                if row.id not in first_progress and (row.solutions_found or row.finished_at):
                    first_progress[row.id] = now - submitted
            if all(row.status in FINAL_STATUSES for row in rows):
                break
            time.sleep(0.05)
        elapsed = time.time() - submitted
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait()
    return {
        "jobs_per_minute": len(ids) / elapsed * 60,
        "seconds": elapsed,
        # The first job's wait: submit -> a worker claims it -> CP-SAT's first solution written.
        "first_progress": min(first_progress.values()),
        "median_progress": statistics.median(first_progress.values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", help="a PostgreSQL URL (its database is filled)")
    parser.add_argument("--plans", type=int, default=20)
    parser.add_argument("--time-limit", type=float, default=5.0)
    args = parser.parse_args()
    url = args.postgres or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    migrate.upgrade(url)
    with unit_of_work(make_session_factory(make_engine(url))) as session:
        generate_organisation(session, people=200, accounts=args.plans, tasks_per_plan=50)
    print(f"{args.plans} plans of 200 people x 50 tasks, time limit {args.time_limit:g} s")
    print(f"{'workers':>8} {'seconds':>8} {'jobs/min':>9} {'first progress s':>17}")
    # "first progress": from submitting the batch to the first progress row of its first job.
    for workers in (1, 2):
        got = run(url, args.plans, args.time_limit, workers)
        print(
            f"{workers:>8} {got['seconds']:>8.1f} {got['jobs_per_minute']:>9.1f} "
            f"{got['first_progress']:>17.2f}"
        )


if __name__ == "__main__":
    main()
