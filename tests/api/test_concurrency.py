"""Many requests at once: more than the database pool has connections and the thread pool has
workers. Each must be answered, none may wait for the pool's timeout."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from tests.api.conftest import Api


def test_more_requests_than_connections_and_threads_are_all_answered(api: Api) -> None:
    def ask(_: int) -> int:
        response = api.post("{ people(first: 1) { totalCount } }")
        return response.status_code

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=96) as pool:
        codes = list(pool.map(ask, range(192)))
    elapsed = time.perf_counter() - started
    assert codes == [200] * 192
    # The pool's timeout is 30 s: a stall would show as a long wait (or 500s).
    assert elapsed < 20, elapsed
    assert api.client.get("/healthz").status_code == 200
