"""Run Alembic migrations programmatically, so no alembic.ini is needed at the call site."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine, make_url
from sqlalchemy.exc import OperationalError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(url: str, connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(url: str, revision: str = "head", connection: Connection | None = None) -> None:
    command.upgrade(alembic_config(url, connection), revision)


def downgrade(url: str, revision: str = "base", connection: Connection | None = None) -> None:
    command.downgrade(alembic_config(url, connection), revision)


def not_ready(url: str) -> str | None:
    """Why the database at `url` cannot serve this code (one line for the user), or None when
    it is migrated to head: not reachable, never migrated, or at another revision."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        shown = make_url(url).render_as_string(hide_password=True)
        return f"cannot open the database at {shown}: {reason}"
    finally:
        engine.dispose()
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    if current is None:
        return "the database is not migrated: run `teamgraph migrate` first"
    if current != head:
        return (
            f"the database is at migration {current} and this teamgraph needs {head}: "
            "run `teamgraph migrate`"
        )
    return None
