"""Database fixtures: one migrated database per backend, one rolled-back transaction per test.

Every test that takes `session` runs on SQLite and, when TEAMGRAPH_TEST_POSTGRES=1, again on
PostgreSQL (`make test` starts that server with .ci/postgres.sh). The URLs and backends are in
`tests.databases`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from teamgraph.db import make_engine
from tests.databases import BACKENDS, migrated_database


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def database(backend: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """URL of a database migrated to head, shared by the tests of one backend."""
    return migrated_database(backend, tmp_path_factory, "shared")


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
