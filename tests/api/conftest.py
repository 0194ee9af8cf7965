"""An application on its own migrated database, driven through HTTP like a real client."""

from __future__ import annotations

from collections.abc import Iterator
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
from tests.conftest import database_url


@dataclass
class Api:
    client: TestClient
    sessions: sessionmaker[Session]
    tokens: dict[str, str]

    def post(
        self, query: str, variables: dict[str, Any] | None = None, *, role: str = "viewer"
    ) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}
        return self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )

    def data(
        self, query: str, variables: dict[str, Any] | None = None, *, role: str = "viewer"
    ) -> Any:
        response = self.post(query, variables, role=role)
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
