"""When writers collide: how a write transaction starts, how the store says it must wait or
lost a race, and what a lost unique race concerns.

A mutation is one write transaction, retried whole when the store answers that another writer
is in the way (teamgraph.api.core.mutations does it). For that to be correct its reads must
belong to its write:

- SQLite: `BEGIN IMMEDIATE` takes the database's write lock before the first read, so writers
  queue on SQLite's busy timeout and nobody writes from a stale snapshot (a deferred
  transaction reading first and writing after another commit fails with SQLITE_BUSY_SNAPSHOT);
- PostgreSQL: REPEATABLE READ, so a write to a row another transaction changed after this one
  began (every change to a plan bumps the plan's version) fails with a serialization failure
  and is retried on fresh reads; a short `lock_timeout` turns a lock held elsewhere (a long
  import) into an answer instead of an endless wait.

So an old value read for the plan history is the value the write replaced, on both stores.
"""

from __future__ import annotations

import re
import sqlite3

from sqlalchemy import Index, UniqueConstraint
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from teamgraph.orm import Base

# PostgreSQL's lock wait for one write attempt; the retries bound the whole wait.
LOCK_TIMEOUT_MS = 1_000
# SQLSTATEs of a transaction that lost to another writer and may simply run again:
# serialization_failure, deadlock_detected, lock_not_available (lock_timeout).
_RETRYABLE_SQLSTATES = frozenset({"40001", "40P01", "55P03"})
_SQLITE_BUSY = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (?:index '(?P<index>[^']+)'|(?P<cols>.+))")


def begin_write(session: Session) -> None:
    """Start the session's next transaction as a writer's (the session must have none open)."""
    if session.get_bind().dialect.name == "sqlite":
        # The driver begins nothing before this (pysqlite begins only before DML), and sees
        # the transaction this opens: its commit and rollback end it.
        session.connection().exec_driver_sql("BEGIN IMMEDIATE")
        return
    conn = session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    conn.exec_driver_sql(f"SET LOCAL lock_timeout = {LOCK_TIMEOUT_MS}")


def is_busy(error: BaseException) -> bool:
    """The store answered that another writer is in the way (SQLite's lock, a PostgreSQL
    serialization failure, deadlock or lock timeout): the transaction may run again."""
    if not isinstance(error, DBAPIError):
        return False
    orig = error.orig
    if isinstance(orig, sqlite3.OperationalError):
        code = getattr(orig, "sqlite_errorcode", None)
        return (code is not None and (code & 0xFF) in _SQLITE_BUSY) or "locked" in str(orig)
    return getattr(orig, "sqlstate", None) in _RETRYABLE_SQLSTATES


def clashing_field(error: IntegrityError) -> tuple[str, str] | None:
    """(table, column) of the unique constraint `error` broke, or None (another kind of
    integrity error, or a constraint unknown to the models); the column is the last one of the
    constraint (`plan (account_id, name)` -> name), the one a client chose."""
    orig = error.orig
    diag = getattr(orig, "diag", None)
    if diag is not None:  # psycopg
        if getattr(orig, "sqlstate", None) != "23505" or not diag.constraint_name:
            return None
        return _constraint_columns(diag.constraint_name)
    found = _SQLITE_UNIQUE.search(str(orig))
    if found is None:
        return None
    if found["index"]:
        return _constraint_columns(found["index"])
    table, _, column = found["cols"].split(",")[-1].strip().partition(".")
    return table, column


def _constraint_columns(name: str) -> tuple[str, str] | None:
    for table in Base.metadata.tables.values():
        for item in (*table.constraints, *table.indexes):
            if isinstance(item, UniqueConstraint | Index) and item.name == name:
                columns = list(item.columns)
                if columns:
                    return table.name, columns[-1].name
    return None
