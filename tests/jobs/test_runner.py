"""Claiming a job for a run, on each database: a job is run once at a time, an orphan (its
heartbeat stale) is taken again, and a job whose workers died on every attempt fails saying
why; queued again by the server's own worker once orphaned."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from teamgraph.config import Settings
from teamgraph.db import make_engine, make_session_factory, unit_of_work
from teamgraph.jobs import runner
from teamgraph.jobs.local import requeue_orphans
from teamgraph.jobs.models import JobKind, JobStatus, SolveJob
from teamgraph.orm import utcnow
from tests import factories
from tests.databases import migrated_database

SETTINGS = Settings(job_stale_seconds=30)


@pytest.fixture(scope="module")
def sessions(
    backend: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[sessionmaker[Session]]:
    """A database of its own: these tests commit (a run claims in transactions of its own)."""
    engine = make_engine(migrated_database(backend, tmp_path_factory, "runner"))
    yield make_session_factory(engine)
    engine.dispose()


def running_job(sessions: sessionmaker[Session], *, beat_ago: float, attempts: int) -> int:
    with unit_of_work(sessions) as session:
        account = factories.account(session)
        plan = factories.plan(session, account.id)
        job = SolveJob(
            kind=JobKind.ASSEMBLE,
            plan_id=plan.id,
            input={"time_limit": 1, "weights": {}, "seed": 0, "release": []},
            status=JobStatus.RUNNING,
            attempts=attempts,
            heartbeat_at=utcnow() - dt.timedelta(seconds=beat_ago),
        )
        session.add(job)
        session.flush()
        return job.id


def state(sessions: sessionmaker[Session], job_id: int) -> tuple[str, int, str | None]:
    with sessions() as session:
        job = session.get(SolveJob, job_id)
        assert job is not None
        return job.status, job.attempts, job.error


def test_a_job_running_with_a_fresh_heartbeat_is_not_taken_again(
    sessions: sessionmaker[Session],
) -> None:
    job = running_job(sessions, beat_ago=1, attempts=1)
    assert runner._claim(sessions, SETTINGS, job, queued_only=True) == "taken"
    assert runner._claim(sessions, SETTINGS, job, queued_only=False) == runner.ALIVE
    assert state(sessions, job) == ("running", 1, None)


def test_an_orphan_is_taken_again_and_fails_after_its_last_attempt(
    sessions: sessionmaker[Session],
) -> None:
    orphan = running_job(sessions, beat_ago=120, attempts=1)
    claimed = runner._claim(sessions, SETTINGS, orphan, queued_only=False)
    assert isinstance(claimed, runner.Claimed) and claimed.attempt == 2
    assert state(sessions, orphan)[:2] == ("running", 2)

    worn_out = running_job(sessions, beat_ago=120, attempts=runner.MAX_ATTEMPTS)
    assert runner.run_solve_job(sessions, SETTINGS, worn_out) == JobStatus.FAILED
    status, attempts, error = state(sessions, worn_out)
    assert (status, attempts) == ("failed", runner.MAX_ATTEMPTS)
    assert error is not None and "stopped during each of its 2 attempts" in error


def test_the_servers_worker_queues_orphans_again_and_leaves_live_jobs(
    sessions: sessionmaker[Session],
) -> None:
    orphan = running_job(sessions, beat_ago=120, attempts=1)
    alive = running_job(sessions, beat_ago=1, attempts=1)
    assert requeue_orphans(sessions, SETTINGS) >= 1
    assert state(sessions, orphan) == ("queued", 1, None)
    assert state(sessions, alive) == ("running", 1, None)
