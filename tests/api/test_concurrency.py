"""Many requests at once: more than the database pool has connections and the thread pool has
workers. Each must be answered, and none may wait on the pool for a connection (the requests
beyond the pool's size wait on the event loop instead, see `TokenGuard`)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import Engine

from teamgraph import app as app_module
from teamgraph.db import make_engine
from tests.api.graphql import Api, serving


@pytest.fixture
def impatient(api_database: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Api]:
    """An app whose pool gives up at once on a request that finds no free connection: one
    request waiting for the pool fails instead of stalling until the timeout."""

    def engine_that_never_waits(url: str, **kwargs: Any) -> Engine:
        return make_engine(url, pool_timeout=0.001, **kwargs)

    monkeypatch.setattr(app_module, "make_engine", engine_that_never_waits)
    with serving(api_database) as api:
        yield api


def test_more_requests_than_connections_and_threads_are_all_answered(impatient: Api) -> None:
    def ask(_: int) -> int:
        response = impatient.post("{ people(first: 1) { totalCount } }")
        return response.status_code

    with ThreadPoolExecutor(max_workers=96) as pool:
        codes = list(pool.map(ask, range(192)))
    # A request that had to wait for a connection would have failed on the pool's timeout.
    assert codes == [200] * 192
    assert impatient.client.get("/healthz").status_code == 200
