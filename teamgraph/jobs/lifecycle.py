"""Which queue a process uses, and the jobs `teamgraph serve` and `teamgraph worker` run.

PostgreSQL: procrastinate queues and dispatches; `teamgraph worker` processes (any number, any
machine) run the jobs, and the server runs some itself only when TEAMGRAPH_SERVE_JOBS says so.
SQLite: the rows are the queue, and the server runs the jobs in threads of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import threading

from sqlalchemy.orm import Session, sessionmaker

from teamgraph.config import Settings
from teamgraph.jobs.local import LocalWorker
from teamgraph.jobs.service import JobQueue, TableQueue

log = logging.getLogger("teamgraph.jobs")


def job_queue(settings: Settings) -> JobQueue:
    if settings.on_postgres:
        from teamgraph.jobs.queue import ProcrastinateQueue

        return ProcrastinateQueue(settings.database_url)
    return TableQueue()


class JobsInServer:
    """The server's own job runners (`Settings.jobs_in_server` at once), started and stopped
    with the application."""

    def __init__(self, sessions: sessionmaker[Session], settings: Settings) -> None:
        self.sessions = sessions
        self.settings = settings
        self.count = settings.jobs_in_server
        self._local: LocalWorker | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        if self.count == 0:
            return
        if self.settings.on_postgres:
            self._task = asyncio.create_task(self._supervise())
        else:
            self._local = LocalWorker(self.sessions, self.settings, self.count)
            await asyncio.to_thread(self._local.start)

    async def _supervise(self) -> None:
        """procrastinate's worker in the server's loop, started again should it stop on an
        error (a lost connection): the server must not quietly stop running jobs."""
        from teamgraph.jobs.queue import work

        while True:
            try:
                await work(
                    self.sessions,
                    self.settings,
                    concurrency=self.count,
                    name="teamgraph-serve",
                    install_signal_handlers=False,
                )
                return
            except Exception:
                log.exception("the server's solve-job worker stopped; starting it again")
                await asyncio.sleep(1.0)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        if self._local is not None:
            await asyncio.to_thread(self._local.stop)


def run_worker(sessions: sessionmaker[Session], settings: Settings, *, concurrency: int) -> None:
    """`teamgraph worker`: run solve jobs until SIGINT or SIGTERM."""
    if settings.on_postgres:
        from teamgraph.jobs.queue import work

        asyncio.run(work(sessions, settings, concurrency=concurrency, name="teamgraph-worker"))
        return
    local = LocalWorker(sessions, settings, concurrency)
    stopped = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopped.set())
    local.start()
    stopped.wait()
    local.stop()
