"""Readiness: the database answers and is migrated to the head this code needs. (Liveness needs
no check: a process that answers /livez is alive.)"""

from __future__ import annotations

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from teamgraph.migrate import alembic_config


def head_revision(url: str) -> str | None:
    """The migration this code needs (read once, at start-up)."""
    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()


def not_ready(engine: Engine, head: str | None) -> str | None:
    """Why the server cannot serve requests now (one line), or None when it can."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = MigrationContext.configure(connection).get_current_revision()
    except Exception as error:  # any failure to reach the database means "not ready"
        return f"database unreachable: {type(error).__name__}"
    if current != head:
        return f"database at migration {current or 'none'}, this code needs {head}"
    return None
