"""Migrations build the schema from empty, match the models exactly, and downgrade to nothing."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from teamgraph import migrate
from teamgraph.all_models import metadata
from teamgraph.db import make_engine
from tests.databases import database_url


@pytest.fixture
def empty_database(backend: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    return database_url(backend, tmp_path_factory, "migrations")


def test_upgrade_from_empty_matches_models_and_downgrades_to_nothing(empty_database: str) -> None:
    engine = make_engine(empty_database)
    try:
        migrate.upgrade(empty_database)
        with engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), metadata
            )
            assert diff == [], f"models and migrations disagree: {diff}"
            assert conn.scalar(text("SELECT count(*) FROM proficiency_level")) == 5
        tables = set(inspect(engine).get_table_names())
        assert set(metadata.tables) <= tables

        migrate.downgrade(empty_database, "base")
        engine.dispose()
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}

        migrate.upgrade(empty_database)  # and back up again, cleanly
        engine.dispose()
        assert set(metadata.tables) <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path: object) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/x.db")
    with engine.connect() as conn:
        assert conn.scalar(text("PRAGMA journal_mode")) == "wal"
        assert conn.scalar(text("PRAGMA foreign_keys")) == 1
        assert conn.scalar(text("PRAGMA busy_timeout")) >= 1000
    engine.dispose()
