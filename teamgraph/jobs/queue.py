"""The queue engine on PostgreSQL: procrastinate, on the database the service already has.

A job row is deferred as a procrastinate job `run_solve_job(job_id)` in the very transaction
that creates the row (procrastinate runs its defer on the request's own connection), so a job
is queued exactly when it exists; LISTEN/NOTIFY wakes a waiting worker at once. Workers on any
number of machines share the queue (`teamgraph worker`). A worker killed mid-solve stops its
heartbeat in procrastinate's table; every worker looks for such stalled jobs every
RECOVER_EVERY seconds and retries them, so a killed worker's job runs again on another worker
within `TEAMGRAPH_JOB_STALE_SECONDS` + RECOVER_EVERY (or fails, saying why, after its last
attempt: teamgraph.jobs.runner).

procrastinate's objects live in a schema of their own, `procrastinate` (made by migration
0005), so our tables and Alembic's comparisons stay as they were; its connections put that
schema on their search path.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

import procrastinate
from procrastinate.sync_psycopg_connector import SyncPsycopgConnector
from sqlalchemy import make_url, text
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from teamgraph.config import Settings
from teamgraph.jobs.runner import run_solve_job as run_job

log = logging.getLogger("teamgraph.jobs")

SCHEMA = "procrastinate"
QUEUE = "solves"
TASK = "teamgraph.run_solve_job"
RECOVER_EVERY = 5.0  # seconds between a worker's looks for stalled jobs
HEARTBEAT_EVERY = 5.0  # seconds between a worker's heartbeats in procrastinate's table


def conninfo(database_url: str) -> str:
    """libpq's connection string for our SQLAlchemy URL (`postgresql+psycopg://...`)."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


def _pool_args(database_url: str) -> dict[str, Any]:
    return {
        "conninfo": conninfo(database_url),
        "kwargs": {"options": f"-c search_path={SCHEMA},public"},
    }


def make_app(database_url: str) -> procrastinate.App:
    """The procrastinate app (async connector: a worker's) with our one task registered."""
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(**_pool_args(database_url)))

    @app.task(name=TASK, queue=QUEUE, pass_context=True)
    async def run_solve_job(context: procrastinate.JobContext, job_id: int) -> None:
        extra = context.additional_context
        # The solve is synchronous (CP-SAT releases the GIL): on a thread, so the worker's
        # loop keeps beating its heartbeat and listening.
        await run_in_threadpool(run_job, extra["sessions"], extra["settings"], job_id)

    return app


class ProcrastinateQueue:
    """Defers jobs inside the caller's transaction, on its own connection."""

    def __init__(self, database_url: str) -> None:
        self.app = make_app(database_url).with_connector(
            SyncPsycopgConnector(**_pool_args(database_url))
        )

    def enqueue(self, session: Session, job_ids: Sequence[int]) -> None:
        if not job_ids:
            return
        # Until this transaction ends, procrastinate's functions are found on its path.
        session.execute(
            text(
                "SELECT set_config('search_path', :schema || ',' || "
                "current_setting('search_path'), true)"
            ),
            {"schema": SCHEMA},
        )
        raw = session.connection().connection.driver_connection
        deferrer = self.app.configure_task(name=TASK, connection=raw)
        for job_id in job_ids:
            deferrer.defer(job_id=job_id)


async def recover_stalled(app: procrastinate.App, settings: Settings) -> None:
    """Every RECOVER_EVERY seconds: retry the jobs of workers whose heartbeat stopped."""
    while True:
        await asyncio.sleep(RECOVER_EVERY)
        try:
            stalled = await app.job_manager.get_stalled_jobs(
                task_name=TASK, seconds_since_heartbeat=settings.job_stale_seconds
            )
            for job in stalled:
                log.warning("solve job %s: its worker stopped; it is retried", job.task_kwargs)
                await app.job_manager.retry_job(job)
        except Exception:
            log.exception("looking for stalled solve jobs failed; trying again")


async def work(
    sessions: sessionmaker[Session],
    settings: Settings,
    *,
    concurrency: int,
    name: str = "teamgraph-worker",
    install_signal_handlers: bool = True,
) -> None:
    """Run a procrastinate worker for solve jobs until cancelled (or a signal stops it)."""
    app = make_app(settings.database_url)
    async with app.open_async():
        recovery = asyncio.create_task(recover_stalled(app, settings))
        try:
            await app.run_worker_async(
                queues=[QUEUE],
                concurrency=concurrency,
                name=name,
                additional_context={"sessions": sessions, "settings": settings},
                install_signal_handlers=install_signal_handlers,
                update_heartbeat_interval=HEARTBEAT_EVERY,
                stalled_worker_timeout=settings.job_stale_seconds,
                # Jobs ran to their end in our table; procrastinate's row is only dispatch.
                delete_jobs="successful",
            )
        finally:
            recovery.cancel()
