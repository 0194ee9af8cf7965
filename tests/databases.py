"""Test databases: which backends run, a fresh database per purpose, and a session on one.

Every backend in BACKENDS runs the database tests: SQLite always, PostgreSQL too when
TEAMGRAPH_TEST_POSTGRES=1 (on the server at TEAMGRAPH_TEST_POSTGRES_URL).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from teamgraph import migrate
from teamgraph.db import make_engine, make_session_factory, unit_of_work

POSTGRES_URL = os.environ.get(
    "TEAMGRAPH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:54329/teamgraph_test"
)
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEAMGRAPH_TEST_POSTGRES") == "1" else [])


def fresh_postgres_url(suffix: str) -> str:
    """A new, empty database on the test server (one per xdist worker and purpose)."""
    base = make_url(POSTGRES_URL)
    name = f"{base.database}_{suffix}".replace("-", "_")
    admin = make_engine(
        base.set(database="postgres").render_as_string(hide_password=False),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def database_url(backend: str, tmp_path_factory: pytest.TempPathFactory, purpose: str) -> str:
    """The URL of a new, empty database of `backend`, named for its `purpose`."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    if backend == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp(purpose) / 'teamgraph.db'}"
    return fresh_postgres_url(f"{purpose}_{worker}")


def migrated_database(backend: str, tmp_path_factory: pytest.TempPathFactory, purpose: str) -> str:
    """The URL of a new database of `backend` migrated to head."""
    url = database_url(backend, tmp_path_factory, purpose)
    migrate.upgrade(url)
    return url


@contextmanager
def committed_session(url: str) -> Iterator[Session]:
    """A session on `url` whose work is committed when the block ends (and the engine closed),
    to fill a database that an app or a command then opens on its own."""
    engine = make_engine(url)
    try:
        with unit_of_work(make_session_factory(engine)) as session:
            yield session
    finally:
        engine.dispose()
