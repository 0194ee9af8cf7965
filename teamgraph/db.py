"""Engine, session factory and the unit of work.

SQLite gets WAL (readers never block the writer), enforced foreign keys and a busy timeout
on every connection (10 s for commands; the server waits 1 s an attempt and retries, see
teamgraph.contention); PostgreSQL needs none of that. Services never commit: whoever opens a
`unit_of_work` (a request, a CLI command) owns the transaction, all or nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

SQLITE_BUSY_TIMEOUT_MS = 10_000
# The server's wait for SQLite's write lock in one attempt: a mutation retries a few times
# (TEAMGRAPH_DB_BUSY_SECONDS in all), then answers DATABASE_BUSY.
SERVER_BUSY_TIMEOUT_MS = 1_000


def _sqlite_pragmas(busy_timeout_ms: int) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return on_connect


def make_engine(
    url: str, *, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS, **kwargs: Any
) -> Engine:
    """An engine for `url`, with the SQLite pragmas installed when it is SQLite
    (`busy_timeout_ms`: how long a statement waits for another connection's lock)."""
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas(busy_timeout_ms))
    return engine


def pool_capacity(engine: Engine, *, unbounded: int = 64) -> int:
    """How many connections the engine's pool hands out at once (`unbounded` for pools that
    do not bound them)."""
    pool = engine.pool
    if isinstance(pool, QueuePool):
        return pool.size() + max(0, pool._max_overflow)  # no public getter for the overflow
    return unbounded


@dataclass(frozen=True)
class Actor:
    """Who makes the changes of a unit of work: the text the plan history keeps (an email,
    `cli`, `token 3 (viewer)`) and the person behind it when there is one, so what is shown of
    them can follow who is asking (a name for those who may not see emails)."""

    label: str
    person_id: int | None = None


def actor_of(session: Session) -> Actor:
    """The actor set on the session (`unit_of_work(actor=)`, the API's token guard)."""
    found = session.info.get("actor")
    if isinstance(found, Actor):
        return found
    return Actor(label="system" if found is None else str(found))


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def unit_of_work(
    factory: sessionmaker[Session], *, actor: str | Actor | None = None
) -> Iterator[Session]:
    """One transaction: commit when the block ends normally, roll back on any exception.

    `actor` is who makes the change; the plan history records it.
    """
    session = factory()
    if actor is not None:
        session.info["actor"] = actor if isinstance(actor, Actor) else Actor(label=actor)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
