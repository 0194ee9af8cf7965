"""Solve jobs as the API and the CLI see them: submit (checked, capped, queued in the same
transaction), solve now (`wait: true`), cancel, and the reads behind `SolveJob`.

Services never commit: the request's transaction holds the job rows and, on PostgreSQL, the
queue's entries, so a job is queued exactly when its row exists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from teamgraph.auth.policy import writable_account
from teamgraph.auth.service import Principal
from teamgraph.config import Settings
from teamgraph.db import Actor
from teamgraph.errors import TOO_MANY_JOBS, ConflictError, DomainError
from teamgraph.jobs.execute import check_input, execute
from teamgraph.jobs.models import (
    FINAL_STATUSES,
    WAITING_STATUSES,
    JobKind,
    JobStatus,
    SolveJob,
)
from teamgraph.orm import utcnow
from teamgraph.plans.models import Plan
from teamgraph.rows import get_row, rows_by_id

MAX_SCENARIOS = 20  # what-if scenarios one request fans out


class JobQueue(Protocol):
    """Hands queued jobs to whatever runs them, inside the transaction that made the rows."""

    def enqueue(self, session: Session, job_ids: Sequence[int]) -> None: ...


class TableQueue:
    """The rows are the queue (SQLite): the server's own worker claims QUEUED rows."""

    def enqueue(self, session: Session, job_ids: Sequence[int]) -> None:
        return None


def submit(
    session: Session,
    kind: JobKind,
    plan_id: int,
    inputs: Sequence[dict[str, Any]],
    *,
    settings: Settings,
    actor: Actor,
    token_id: int | None,
    queue: JobQueue,
    fields: Sequence[str] | None = None,
) -> list[SolveJob]:
    """Queue one job per input (a what-if's scenarios fan out), after checking each input as
    the solve would (`fields[i]` names input i's field in errors) and the token's cap."""
    for i, job_input in enumerate(inputs):
        try:
            check_input(session, kind, plan_id, job_input, settings)
        except DomainError as error:
            if fields is None:
                raise
            raise type(error)(error.reason, field=fields[i], code=error.code) from None
    _check_cap(session, token_id, len(inputs), settings.max_queued_jobs)
    jobs = [
        _new_job(kind, plan_id, job_input, actor, token_id, status=JobStatus.QUEUED)
        for job_input in inputs
    ]
    session.add_all(jobs)
    session.flush()
    queue.enqueue(session, [job.id for job in jobs])
    return jobs


def solve_now(
    session: Session,
    kind: JobKind,
    plan_id: int,
    job_input: dict[str, Any],
    *,
    settings: Settings,
    actor: Actor,
    token_id: int | None,
) -> SolveJob:
    """Solve in the caller's thread and keep the job as SUCCEEDED (`wait: true`): the row is
    written after the solve, so no write lock is held while it runs (SQLite)."""
    started = utcnow()
    answer = execute(session, kind, plan_id, job_input, settings=settings, actor=actor)
    proposal = answer.proposal
    job = _new_job(
        kind,
        plan_id,
        job_input,
        actor,
        token_id,
        status=JobStatus.SUCCEEDED,
        attempts=1,
        started_at=started,
        finished_at=utcnow(),
        elapsed_seconds=_solve_seconds(proposal.result),
        best_objective=proposal.objective,
        bound=proposal.bound,
        solutions_found=0,
        proposal_id=proposal.id,
        outcome=answer.outcome,
    )
    session.add(job)
    session.flush()
    return job


def _new_job(
    kind: JobKind,
    plan_id: int,
    job_input: dict[str, Any],
    actor: Actor,
    token_id: int | None,
    **state: Any,
) -> SolveJob:
    """A job row for `job_input`, owned by whoever asked (the cap counts by token)."""
    return SolveJob(
        kind=kind,
        plan_id=plan_id,
        input=job_input,
        created_by=actor.label,
        created_by_person_id=actor.person_id,
        token_id=token_id,
        **state,
    )


def _solve_seconds(result: dict[str, Any]) -> float | None:
    seconds = (result.get("stats") or {}).get("seconds")
    return float(seconds) if seconds is not None else None


def _check_cap(session: Session, token_id: int | None, adding: int, cap: int) -> None:
    if token_id is None:
        return
    waiting = session.scalar(
        select(func.count())
        .select_from(SolveJob)
        .where(SolveJob.token_id == token_id, SolveJob.status.in_(WAITING_STATUSES))
    )
    if (waiting or 0) + adding > cap:
        raise DomainError(
            f"this token has {waiting} solve job(s) queued or running and may have at most "
            f"{cap} (TEAMGRAPH_MAX_QUEUED_JOBS): wait for one to finish or cancel one",
            code=TOO_MANY_JOBS,
        )


def get_job(session: Session, pk: int, *, field: str = "jobId") -> SolveJob:
    return get_row(session, SolveJob, pk, field=field)


def jobs_by_id(session: Session, ids: Iterable[int]) -> dict[int, SolveJob]:
    return rows_by_id(session, SolveJob, ids)


def cancel(session: Session, pk: int) -> SolveJob:
    """A queued job ends CANCELLED now; a running one is asked to stop (its worker ends it
    CANCELLED within a second); a finished one is a CONFLICT."""
    job = get_job(session, pk)
    if job.status in FINAL_STATUSES:
        raise ConflictError(f"the job has finished ({job.status})", field="jobId")
    now = utcnow()
    if job.status == JobStatus.QUEUED:
        session.execute(
            update(SolveJob)
            .where(SolveJob.id == pk, SolveJob.status == JobStatus.QUEUED)
            .values(status=JobStatus.CANCELLED, cancel_requested=True, finished_at=now)
        )
    session.execute(update(SolveJob).where(SolveJob.id == pk).values(cancel_requested=True))
    session.flush()
    session.refresh(job)
    return job


def read_job(session: Session, pk: int) -> SolveJob | None:
    """The job row as it is now (a fresh read, for a subscription's poll)."""
    return session.scalars(
        select(SolveJob).where(SolveJob.id == pk).execution_options(populate_existing=True)
    ).first()


def stale_before(settings: Settings, *, now: dt.datetime | None = None) -> dt.datetime:
    """Heartbeats older than this belong to a worker that stopped."""
    return (now or utcnow()) - dt.timedelta(seconds=settings.job_stale_seconds)


def visible_jobs(session: Session, principal: Principal, ids: Iterable[int]) -> dict[int, SolveJob]:
    """The jobs among `ids` this caller may see: only who may write to the plan's account
    starts, sees or cancels its jobs (others get nothing, as for any hidden object)."""
    jobs = jobs_by_id(session, ids)
    if not jobs:
        return {}
    accounts = dict(
        session.execute(
            select(Plan.id, Plan.account_id).where(Plan.id.in_({j.plan_id for j in jobs.values()}))
        ).all()
    )
    writable = {
        account: writable_account(session, principal, account) for account in set(accounts.values())
    }
    return {pk: job for pk, job in jobs.items() if writable.get(accounts.get(job.plan_id, -1))}


def account_of_job(session: Session, pk: int) -> int:
    """The account whose plan the job solves (NOT_FOUND on jobId if there is no such job)."""
    plan = session.get(Plan, get_job(session, pk).plan_id)
    assert plan is not None  # a job's plan is a foreign key
    return plan.account_id
