"""An app on its own migrated database, driven through HTTP (one per test module)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.api.graphql import Api, serving
from tests.databases import migrated_database


@pytest.fixture(scope="module")
def api(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    with serving(migrated_database(backend, tmp_path_factory, "web")) as app:
        yield app
