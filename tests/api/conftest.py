"""Apps on their own migrated databases, driven through HTTP like a real client (one app per
test module: `api` on an empty database, `demo` on the demo seeds), and the worlds the tests of
one domain build on `api`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from teamgraph.seeding import load_demo
from tests.api.graphql import Api, serving
from tests.api.worlds import Catalogue, Staff, World, make_catalogue, make_staff, make_world
from tests.databases import migrated_database


@pytest.fixture(scope="module")
def api_database(backend: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    return migrated_database(backend, tmp_path_factory, "api")


@pytest.fixture(scope="module")
def api(api_database: str) -> Iterator[Api]:
    with serving(api_database) as app:
        yield app


@pytest.fixture(scope="module")
def demo(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """An application on its own database holding the demo seeds (one per test module)."""
    url = migrated_database(backend, tmp_path_factory, "demo")
    # It runs solve jobs itself, as `make run` does (on PostgreSQL too).
    env = {"TEAMGRAPH_SOLVER_TIME_LIMIT": "5", "TEAMGRAPH_SERVE_JOBS": "2"}
    with serving(url, env, fill=load_demo) as app:
        yield app


@pytest.fixture
def world(api: Api) -> World:
    return make_world(api)


@pytest.fixture
def cat(api: Api) -> Catalogue:
    return make_catalogue(api)


@pytest.fixture
def staff(api: Api) -> Staff:
    return make_staff(api)
