"""An application on its own migrated database, driven through HTTP like a real client."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient

from teamgraph import migrate
from teamgraph.app import create_app
from teamgraph.auth.service import create_token
from teamgraph.config import Settings
from teamgraph.db import make_engine, make_session_factory, unit_of_work
from teamgraph.seeding import load_demo
from tests.conftest import database_url


@dataclass
class Api:
    client: TestClient
    sessions: sessionmaker[Session]
    tokens: dict[str, str]

    def token(self, role: str, person_email: str | None = None) -> str:
        """A new token for `role` acting as `person_email`, usable as `as_token=`."""
        with unit_of_work(self.sessions) as session:
            return create_token(session, role=role, person_email=person_email)

    def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        role: str = "viewer",
        as_token: str | None = None,
    ) -> Any:
        """POST an operation with a role's token, or `as_token`; role="" sends no token."""
        token = as_token or (self.tokens[role] if role else None)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )

    def data(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        role: str = "viewer",
        as_token: str | None = None,
    ) -> Any:
        """The `data` of a successful response; fails the test on any top-level error."""
        response = self.post(query, variables, role=role, as_token=as_token)
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]


@pytest.fixture(scope="module")
def api_database(backend: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    url = database_url(backend, tmp_path_factory, "api")
    migrate.upgrade(url)
    return url


@pytest.fixture(scope="module")
def api(api_database: str) -> Iterator[Api]:
    engine = make_engine(api_database)
    sessions = make_session_factory(engine)
    with unit_of_work(sessions) as session:
        tokens = {
            role: create_token(session, role=role) for role in ("viewer", "kam_lead", "hr_admin")
        }
    app = create_app(Settings(database_url=api_database))
    with TestClient(app) as client:
        yield Api(client=client, sessions=sessions, tokens=tokens)
    engine.dispose()


@pytest.fixture(scope="module")
def demo(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """An application on its own database holding the demo seeds (one per test module)."""
    url = database_url(backend, tmp_path_factory, "demo")
    migrate.upgrade(url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    with unit_of_work(sessions) as session:
        load_demo(session)
        tokens = {
            role: create_token(session, role=role) for role in ("viewer", "kam_lead", "hr_admin")
        }
    app = create_app(Settings(database_url=url, solver_time_limit=5))
    with TestClient(app) as client:
        yield Api(client=client, sessions=sessions, tokens=tokens)
    engine.dispose()


@contextmanager
def serving(database_url: str, env: dict[str, str]) -> Iterator[Api]:
    """An app on the test database configured from TEAMGRAPH_* variables, with a viewer token."""
    engine = make_engine(database_url)
    sessions = make_session_factory(engine)
    with unit_of_work(sessions) as session:
        tokens = {"viewer": create_token(session, role="viewer")}
    app = create_app(Settings.from_env({"TEAMGRAPH_DATABASE_URL": database_url, **env}))
    with TestClient(app) as client:
        yield Api(client=client, sessions=sessions, tokens=tokens)
    engine.dispose()
