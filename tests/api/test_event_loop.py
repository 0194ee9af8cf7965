"""Nothing blocks the event loop: the server keeps answering while a mutation or a query works,
and while another connection holds the database's write lock (a mutation then answers
DATABASE_BUSY, retryable, after trying for TEAMGRAPH_DB_BUSY_SECONDS; never a frozen server,
never INTERNAL_SERVER_ERROR).

The checks are orderings, not timings: a service is made to wait until the test lets it go, so
"/healthz answered while the operation was still running" holds only if the loop was free
meanwhile (a blocked loop answers /healthz only once the operation is done).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest

from teamgraph.api.core import mutations as mutations_module
from teamgraph.catalogue import service as catalogue_service
from teamgraph.contention import LOCK_TIMEOUT_MS
from teamgraph.db import SERVER_BUSY_TIMEOUT_MS, make_engine
from teamgraph.people import service as people_service
from tests.api.graphql import Api, serving

CREATE_SKILL = """
mutation New($input: CreateSkillInput!) {
  createSkill(input: $input) { __typename ... on Error { code field message } }
}
"""
PEOPLE = "{ people(first: 1) { totalCount } }"
_names = iter(range(1, 10**6))


def _new_skill() -> dict[str, Any]:
    return {"input": {"name": f"Loop skill {next(_names)}"}}


@dataclass
class Gate:
    """Holds a service call until `release()`; `started` is set once the call waits."""

    started: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)

    def release(self) -> None:
        self.released.set()


@contextmanager
def held(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> Iterator[Gate]:
    """`module.name`, once called, waits at the gate (30 s at most) before it runs."""
    gate = Gate()
    real: Callable[..., Any] = getattr(module, name)

    def waiting(*args: Any, **kwargs: Any) -> Any:
        gate.started.set()
        gate.released.wait(timeout=30)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, waiting)
    try:
        yield gate
    finally:
        gate.release()


@pytest.mark.parametrize(
    ("module", "name", "query", "variables", "role"),
    [
        (catalogue_service, "create_skill", CREATE_SKILL, _new_skill, "hr_admin"),
        (people_service, "list_people", PEOPLE, dict, "viewer"),
    ],
    ids=["mutation", "query"],
)
def test_the_server_answers_while_an_operation_works(
    api: Api,
    monkeypatch: pytest.MonkeyPatch,
    module: Any,
    name: str,
    query: str,
    variables: Callable[[], dict[str, Any]],
    role: str,
) -> None:
    with held(monkeypatch, module, name) as gate, ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(api.post, query, variables(), role=role)
        assert gate.started.wait(timeout=30)
        health = api.client.get("/healthz")
        other = api.post("{ __typename }")
        # Answered while the operation still waits at the gate: the loop was free.
        still_running = not pending.done()
        gate.release()
        answer = pending.result(timeout=60)
    assert still_running
    assert health.status_code == 200 and other.json() == {"data": {"__typename": "Query"}}
    assert answer.status_code == 200 and "errors" not in answer.json(), answer.text


@contextmanager
def write_lock_held(database_url: str) -> Iterator[None]:
    """Another connection holds the write lock (a command importing, say) inside the block:
    SQLite's database lock, or on PostgreSQL a lock on the skills table that stops writes."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                conn.exec_driver_sql("LOCK TABLE skill IN EXCLUSIVE MODE")
            try:
                yield
            finally:
                conn.rollback()
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def impatient(api_database: str) -> Iterator[Api]:
    """A server that waits 3 s in all for the write lock before it answers DATABASE_BUSY."""
    with serving(api_database, {"TEAMGRAPH_DB_BUSY_SECONDS": "3"}) as api:
        yield api


def test_a_mutation_against_a_held_lock_is_busy_and_the_server_answers_meanwhile(
    impatient: Api, api_database: str
) -> None:
    with write_lock_held(api_database), ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(impatient.post, CREATE_SKILL, _new_skill(), role="hr_admin")
        health = impatient.client.get("/healthz")
        people = impatient.post(PEOPLE)
        # The mutation keeps trying for 3 s; these were answered before it gave up.
        still_waiting = not pending.done()
        answer = pending.result(timeout=60)
    assert still_waiting
    assert health.status_code == 200
    assert "errors" not in people.json(), people.text
    assert answer.status_code == 200
    body = answer.json()
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "DATABASE_BUSY", "retryable": True}
    assert error["path"] == ["createSkill"]
    # Nothing was changed, and sending it again once the lock is gone succeeds.
    again = impatient.post(CREATE_SKILL, _new_skill(), role="hr_admin").json()
    assert again["data"]["createSkill"]["__typename"] == "CreateSkillSuccess"


def test_a_mutation_that_met_the_lock_runs_again_once_it_is_released(
    api: Api, api_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[int] = []
    began = threading.Event()
    real = mutations_module.begin_write

    def counted(session: Any) -> None:
        attempts.append(1)
        began.set()
        real(session)

    monkeypatch.setattr(mutations_module, "begin_write", counted)
    with ThreadPoolExecutor(max_workers=1) as pool:
        with write_lock_held(api_database):
            pending = pool.submit(api.post, CREATE_SKILL, _new_skill(), role="hr_admin")
            assert began.wait(timeout=30)
            # Longer than one attempt waits for the lock: the first attempt gives up.
            time.sleep(max(SERVER_BUSY_TIMEOUT_MS, LOCK_TIMEOUT_MS) / 1000 + 0.3)
        answer = pending.result(timeout=60).json()
    assert answer["data"]["createSkill"]["__typename"] == "CreateSkillSuccess", answer
    assert len(attempts) >= 2
