"""The server's own worker (SQLite, or PostgreSQL with TEAMGRAPH_SERVE_JOBS): threads that
claim QUEUED rows and run them with the same `run_solve_job` a `teamgraph worker` runs.

Written by hand because procrastinate has no SQLite connector (its in-memory one keeps the
queue in the process, so a restart would lose it): on SQLite the job rows are the queue, and a
claim is a compare-and-set on the row (teamgraph.jobs.runner). A RUNNING row whose heartbeat
stopped (the server was killed mid-solve) goes back to QUEUED, so jobs survive a restart.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from teamgraph.config import Settings
from teamgraph.db import unit_of_work
from teamgraph.jobs.models import JobStatus, SolveJob
from teamgraph.jobs.runner import run_solve_job
from teamgraph.jobs.service import stale_before

log = logging.getLogger("teamgraph.jobs")

POLL_SECONDS = 0.25


class LocalWorker:
    def __init__(self, sessions: sessionmaker[Session], settings: Settings, threads: int) -> None:
        self.sessions = sessions
        self.settings = settings
        self.count = threads
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        for i in range(self.count):
            thread = threading.Thread(target=self._loop, name=f"solve-jobs-{i}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop taking jobs; a job still running is left RUNNING and taken up again after a
        restart, once its heartbeat is stale."""
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout)

    def _loop(self) -> None:
        reap_every = max(1.0, self.settings.job_stale_seconds / 3)
        idle = reap_every  # orphans of a previous run are looked for at once
        while not self._stop.is_set():
            try:
                if idle >= reap_every:
                    idle = 0.0
                    requeue_orphans(self.sessions, self.settings)
                job_id = next_queued(self.sessions)
                if job_id is not None:
                    run_solve_job(self.sessions, self.settings, job_id, queued_only=True)
                    continue
            except Exception:  # e.g. a database not migrated yet: log it and go on
                log.exception("the solve job worker hit an error; it goes on")
            idle += POLL_SECONDS
            self._stop.wait(POLL_SECONDS)


def next_queued(sessions: sessionmaker[Session]) -> int | None:
    """The oldest QUEUED job (the run's claim decides who gets it)."""
    with sessions() as session:
        return session.scalar(
            select(SolveJob.id)
            .where(SolveJob.status == JobStatus.QUEUED)
            .order_by(SolveJob.id)
            .limit(1)
        )


def requeue_orphans(sessions: sessionmaker[Session], settings: Settings) -> int:
    """RUNNING jobs whose heartbeat stopped go back to QUEUED (their attempts are kept, so a job
    that keeps killing its worker fails after its last attempt); returns how many."""
    with unit_of_work(sessions) as session:
        found = session.execute(
            update(SolveJob)
            .where(
                SolveJob.status == JobStatus.RUNNING,
                SolveJob.heartbeat_at < stale_before(settings),
            )
            .values(status=JobStatus.QUEUED)
        )
        count = int(found.rowcount)  # type: ignore[attr-defined]  # a DML result has rowcount
    if count:
        log.warning("%s solve job(s) orphaned by a stopped worker were queued again", count)
    return count
