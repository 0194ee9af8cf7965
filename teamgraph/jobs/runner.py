"""Running one solve job, whoever dispatched it (procrastinate's worker on PostgreSQL, the
server's own worker on SQLite): claim the row, solve with progress written and cancel heard,
then record the answer, the error in words, or the cancellation.

A run is claimed by compare-and-set on (status, attempts), so two workers never run one job.
A job whose worker died (RUNNING, its heartbeat older than TEAMGRAPH_JOB_STALE_SECONDS) is
claimed again by the next run that is handed it (procrastinate's retry of a stalled job; a run
handed a RUNNING job whose heartbeat is still fresh waits for it to end or go stale), until
MAX_ATTEMPTS runs have begun: then it fails, saying why.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from dataclasses import dataclass
from types import TracebackType

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from teamgraph.auth.service import as_utc
from teamgraph.config import Settings
from teamgraph.db import Actor, unit_of_work
from teamgraph.errors import DomainError
from teamgraph.jobs.execute import execute
from teamgraph.jobs.models import FINAL_STATUSES, JobKind, JobStatus, SolveJob
from teamgraph.jobs.service import stale_before
from teamgraph.orm import utcnow

log = logging.getLogger("teamgraph.jobs")

MAX_ATTEMPTS = 2  # runs begun before a job whose workers keep dying is failed
PROGRESS_EVERY = 0.25  # seconds between progress writes (at most four a second)
HEARTBEAT_EVERY = 5.0  # seconds between heartbeats while nothing else is written
RUN_BY = f"{socket.gethostname()}:{os.getpid()}"


class Cancelled(Exception):
    """The job was cancelled while it ran."""


@dataclass(frozen=True)
class Claimed:
    kind: JobKind
    plan_id: int
    input: dict[str, object]
    actor: Actor
    attempt: int


def run_solve_job(
    sessions: sessionmaker[Session], settings: Settings, job_id: int, *, queued_only: bool = False
) -> str:
    """Run job `job_id` to its end; returns the status it ended in (or found it in).
    `queued_only`: take it only if it is QUEUED (the server's own worker, which queues orphans
    again itself)."""
    claimed = _claim(sessions, settings, job_id, queued_only=queued_only)
    patience = time.monotonic() + settings.job_stale_seconds + 2 * HEARTBEAT_EVERY
    while claimed == ALIVE and time.monotonic() < patience:
        time.sleep(1.0)  # its worker may have died a moment ago: wait for the heartbeat to age
        claimed = _claim(sessions, settings, job_id, queued_only=queued_only)
    if isinstance(claimed, str):
        return claimed
    log.info("job %s: attempt %s started", job_id, claimed.attempt)
    reporter = Reporter(sessions, job_id)
    try:
        with reporter, unit_of_work(sessions, actor=claimed.actor) as session:
            answer = execute(
                session,
                claimed.kind,
                claimed.plan_id,
                dict(claimed.input),
                settings=settings,
                actor=claimed.actor,
                progress=reporter.progress,
                stop=reporter.cancelled,
            )
            if reporter.cancelled():
                raise Cancelled
            proposal = answer.proposal
            session.execute(
                update(SolveJob)
                .where(SolveJob.id == job_id)
                .values(
                    status=JobStatus.SUCCEEDED,
                    finished_at=utcnow(),
                    proposal_id=proposal.id,
                    outcome=answer.outcome,
                    best_objective=proposal.objective,
                    bound=proposal.bound,
                    solutions_found=reporter.solutions,
                    elapsed_seconds=reporter.elapsed(),
                    heartbeat_at=utcnow(),
                )
            )
        status = JobStatus.SUCCEEDED
    except Cancelled:
        status = _finish(sessions, job_id, JobStatus.CANCELLED, None, reporter)
    except DomainError as error:
        status = _finish(sessions, job_id, JobStatus.FAILED, str(error), reporter)
    except Exception as error:
        log.exception("job %s failed", job_id)
        status = _finish(
            sessions,
            job_id,
            JobStatus.FAILED,
            f"unexpected error: {type(error).__name__}",
            reporter,
        )
    log.info("job %s: %s", job_id, status)
    return status


ALIVE = "running elsewhere"


def _claim(
    sessions: sessionmaker[Session], settings: Settings, job_id: int, *, queued_only: bool
) -> Claimed | str:
    """Take the job for this run, or say why not (the status it is in)."""
    with unit_of_work(sessions) as session:
        job = session.get(SolveJob, job_id)
        if job is None:
            return "missing"
        if job.status in FINAL_STATUSES:
            return job.status
        if job.status == JobStatus.RUNNING:
            if queued_only:
                return "taken"
            beat = job.heartbeat_at
            if beat is not None and as_utc(beat) > stale_before(settings):
                return ALIVE
        now = utcnow()
        if job.cancel_requested:
            session.execute(
                update(SolveJob)
                .where(SolveJob.id == job_id)
                .values(status=JobStatus.CANCELLED, finished_at=now)
            )
            return JobStatus.CANCELLED
        if job.attempts >= MAX_ATTEMPTS:
            session.execute(
                update(SolveJob)
                .where(SolveJob.id == job_id, SolveJob.attempts == job.attempts)
                .values(
                    status=JobStatus.FAILED,
                    finished_at=now,
                    error=f"the worker running it stopped during each of its {job.attempts} "
                    "attempts (killed or out of memory?)",
                )
            )
            return JobStatus.FAILED
        attempt = job.attempts + 1  # read before the update refreshes `job`
        claimed = Claimed(
            kind=JobKind(job.kind),
            plan_id=job.plan_id,
            input=dict(job.input),
            actor=Actor(label=job.created_by or "system", person_id=job.created_by_person_id),
            attempt=attempt,
        )
        taken = session.execute(
            update(SolveJob)
            .where(
                SolveJob.id == job_id,
                SolveJob.status == job.status,
                SolveJob.attempts == job.attempts,
            )
            .values(
                status=JobStatus.RUNNING,
                attempts=attempt,
                run_by=RUN_BY,
                started_at=job.started_at or now,
                heartbeat_at=now,
            )
        )
        if taken.rowcount != 1:  # type: ignore[attr-defined]  # a DML result has rowcount
            return "taken"
        return claimed


def _finish(
    sessions: sessionmaker[Session],
    job_id: int,
    status: JobStatus,
    error: str | None,
    reporter: Reporter,
) -> JobStatus:
    with unit_of_work(sessions) as session:
        session.execute(
            update(SolveJob)
            .where(SolveJob.id == job_id)
            .values(
                status=status,
                error=error[:2000] if error else None,
                finished_at=utcnow(),
                elapsed_seconds=reporter.elapsed(),
                solutions_found=reporter.solutions,
            )
        )
    return status


class Reporter:
    """The solver's hooks for one run: `progress` (called from CP-SAT's thread) keeps the best
    figures; a thread of its own writes them to the row at most every PROGRESS_EVERY seconds,
    beats the heartbeat and hears a cancel request (`cancelled`)."""

    def __init__(self, sessions: sessionmaker[Session], job_id: int) -> None:
        self.sessions = sessions
        self.job_id = job_id
        self.started = time.perf_counter()
        self.solutions = 0
        self.best: float | None = None
        self.bound: float | None = None
        self.seconds = 0.0
        self._written = 0
        self._cancel = threading.Event()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, name=f"job-{job_id}", daemon=True)

    def progress(self, objective: float, bound: float, seconds: float) -> None:
        self.solutions += 1
        self.best, self.bound, self.seconds = objective, bound, seconds

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def elapsed(self) -> float:
        return round(time.perf_counter() - self.started, 3)

    def __enter__(self) -> Reporter:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._done.set()
        self._thread.join()

    def _watch(self) -> None:
        beat = time.perf_counter()
        while not self._done.wait(PROGRESS_EVERY):
            try:
                changed = self.solutions != self._written
                if changed or time.perf_counter() - beat >= HEARTBEAT_EVERY:
                    self._write()
                    beat = time.perf_counter()
                else:
                    self._listen()
            except Exception:  # a failed write must not end the solve; the next tick retries
                log.warning("job %s: could not write progress", self.job_id, exc_info=True)

    def _write(self) -> None:
        solutions = self.solutions
        with unit_of_work(self.sessions) as session:
            session.execute(
                update(SolveJob)
                .where(SolveJob.id == self.job_id, SolveJob.status == JobStatus.RUNNING)
                .values(
                    solutions_found=solutions,
                    best_objective=self.best,
                    bound=self.bound,
                    elapsed_seconds=self.elapsed(),
                    heartbeat_at=utcnow(),
                )
            )
            if session.scalar(select(SolveJob.cancel_requested).where(SolveJob.id == self.job_id)):
                self._cancel.set()
        self._written = solutions

    def _listen(self) -> None:
        with self.sessions() as session:
            if session.scalar(select(SolveJob.cancel_requested).where(SolveJob.id == self.job_id)):
                self._cancel.set()
