"""`teamgraph worker` processes, on each database: two workers share a batch of solves, and a
worker killed (SIGKILL) in the middle of a solve leaves no job RUNNING: another worker runs it
again once the dead one's heartbeat is stale (TEAMGRAPH_JOB_STALE_SECONDS, 6 s here)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from teamgraph.jobs.models import SolveJob
from tests.api.graphql import Api, serving, subscribe
from tests.databases import migrated_database
from tests.jobs.conftest import Plans, fill, plans_of
from tests.jobs.test_solve_jobs_api import CANCEL, FOLLOW, poll, start

pytestmark = pytest.mark.slow
STALE = "6"


@pytest.fixture(scope="module")
def queueing(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """An API process that only queues: the workers below run the jobs."""
    url = migrated_database(backend, tmp_path_factory, "workers")
    with serving(url, {"TEAMGRAPH_SERVE_JOBS": "0"}, fill=fill) as app:
        yield app


@pytest.fixture(scope="module")
def plans(queueing: Api) -> Plans:
    return plans_of(queueing)


class Workers:
    """`teamgraph worker` subprocesses on the API's database, ended when the test ends."""

    def __init__(self, url: str, logs: Path) -> None:
        self.url, self.logs = url, logs
        self.running: list[subprocess.Popen[bytes]] = []

    def start(self) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "TEAMGRAPH_DATABASE_URL": self.url,
            "TEAMGRAPH_JOB_STALE_SECONDS": STALE,
            "TEAMGRAPH_SOLVER_WORKERS": "1",
        }
        log = (self.logs / f"worker-{len(self.running)}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "teamgraph.cli", "worker", "--concurrency", "1"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.running.append(process)
        return process

    def stop_all(self) -> None:
        for process in self.running:
            if process.poll() is None:
                process.terminate()
        for process in self.running:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def workers(queueing: Api, tmp_path: Path) -> Iterator[Workers]:
    url = queueing.sessions.kw["bind"].url.render_as_string(hide_password=False)
    found = Workers(url, tmp_path)
    try:
        yield found
    finally:
        found.stop_all()


def rows(api: Api, ids: list[str]) -> dict[int, Any]:
    from teamgraph.api.core.ids import from_global_id

    keys = [from_global_id(i, field="id", expect="SolveJob")[1] for i in ids]
    with api.sessions() as session:
        return {
            job.id: (job.status, job.run_by, job.attempts)
            for job in session.scalars(select(SolveJob).where(SolveJob.id.in_(keys)))
        }


def test_two_workers_share_a_batch_of_solves(queueing: Api, plans: Plans, workers: Workers) -> None:
    first, second = workers.start(), workers.start()
    token = queueing.token("kam_lead", plans.small_kam)
    jobs = [start(queueing, plans.small, token, limit=1.5)["job"]["id"] for _ in range(8)]
    ends = [poll(queueing, job, token, lambda j: j["status"] == "SUCCEEDED") for job in jobs]
    assert [e["status"] for e in ends] == ["SUCCEEDED"] * 8
    ran = {run_by.rsplit(":", 1)[1] for _, run_by, _ in rows(queueing, jobs).values()}
    assert ran == {str(first.pid), str(second.pid)}, ran


def test_a_killed_workers_job_runs_again_on_another(
    queueing: Api, plans: Plans, workers: Workers
) -> None:
    doomed = workers.start()
    token = queueing.token("kam_lead", plans.large_kam)
    job = start(queueing, plans.large, token, limit=12)["job"]["id"]
    running = poll(queueing, job, token, lambda j: j["status"] != "QUEUED")
    assert running["status"] == "RUNNING", running
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait()
    survivor = workers.start()

    # The API process follows the job another process runs: stale after 6 s, found within a
    # few more, solved again within its 12 s limit, and the subscription ends with the result.
    events = [
        e["data"]["solveJob"] for e in subscribe(queueing.client, FOLLOW, {"id": job}, token=token)
    ]
    assert events[-1]["status"] == "SUCCEEDED", events[-1]
    assert any(e["status"] == "RUNNING" and e["attempts"] == 2 for e in events)
    done = poll(queueing, job, token, lambda j: j["status"] == "SUCCEEDED")
    assert done["attempts"] == 2 and done["proposal"] is not None
    ((_, run_by, _),) = rows(queueing, [job]).values()
    assert run_by.endswith(f":{survivor.pid}")


def test_a_queued_job_waits_for_a_worker_and_can_be_cancelled(queueing: Api, plans: Plans) -> None:
    """No worker runs: the job stays QUEUED (its state is in the database), and cancelling it
    ends it at once."""
    token = queueing.token("kam_lead", plans.small_kam)
    job = start(queueing, plans.small, token, limit=1)["job"]["id"]
    assert poll(queueing, job, token, lambda j: False, seconds=1)["status"] == "QUEUED"
    cancelled = queueing.data(CANCEL, {"id": job}, as_token=token)["cancelSolveJob"]
    assert cancelled["job"]["status"] == "CANCELLED"
