"""Database fixtures: one migrated database per backend, one rolled-back transaction per test.

Every test that takes `session` runs on SQLite and, when TEAMGRAPH_TEST_POSTGRES=1, again on
PostgreSQL (`make test` starts that server with .ci/postgres.sh).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from teamgraph import migrate
from teamgraph.db import make_engine

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
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    if backend == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp(purpose) / 'teamgraph.db'}"
    return fresh_postgres_url(f"{purpose}_{worker}")


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def database(backend: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """URL of a database migrated to head, shared by the tests of one backend."""
    url = database_url(backend, tmp_path_factory, "shared")
    migrate.upgrade(url)
    return url


@pytest.fixture(scope="session")
def engine(database: str) -> Iterator[Engine]:
    eng = make_engine(database)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose commits are savepoints inside one transaction rolled back at the end."""
    with engine.connect() as connection:
        outer = connection.begin()
        sess = Session(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        sess.info["actor"] = "test@ledgerline.example"
        try:
            yield sess
        finally:
            sess.close()
            outer.rollback()
