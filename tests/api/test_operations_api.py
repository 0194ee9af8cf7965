"""What an operator relies on, through HTTP: every response carries its request id, /metrics
counts requests per operation, refusals by code and solver runs, /livez answers while the
process lives and /readyz only when the database answers at the migration this code needs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from teamgraph import migrate
from teamgraph.app import create_app
from teamgraph.config import Settings
from teamgraph.ops import metrics
from teamgraph.ops.health import head_revision
from tests.api.graphql import Api, mutation, run
from tests.api.worlds import World
from tests.databases import database_url

ASSEMBLE = mutation("assembleTeam", "AssembleTeamInput", "AssembleTeamSuccess", "proposal { id }")


def metric(api: Api, name: str, **labels: str) -> float:
    """The value of one sample of /metrics (0 when it has not been counted yet)."""
    text = api.client.get("/metrics").text
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        sample, _, value = line.rpartition(" ")
        got_name, _, got_labels = sample.partition("{")
        if got_name == name and ",".join(sorted(got_labels.rstrip("}").split(","))) == wanted:
            return float(value)
    return 0.0


def total(api: Api, name: str) -> float:
    """The sum of every sample of `name`, whatever its labels."""
    lines = api.client.get("/metrics").text.splitlines()
    return sum(float(line.rpartition(" ")[2]) for line in lines if line.startswith(name + "{"))


def test_every_response_echoes_a_sane_request_id_or_a_new_one(api: Api) -> None:
    given = api.client.post(
        "/graphql",
        json={"query": "{ __typename }"},
        headers={"Authorization": f"Bearer {api.tokens['viewer']}", "X-Request-ID": "abc-123"},
    )
    assert given.headers["x-request-id"] == "abc-123"
    fresh = api.client.get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", fresh.headers["x-request-id"])
    # An id that would break a log line (spaces, quotes) is replaced, not echoed.
    hostile = api.client.get("/livez", headers={"X-Request-ID": 'a b"c'})
    assert re.fullmatch(r"[0-9a-f]{32}", hostile.headers["x-request-id"])
    refused = api.client.post("/graphql", json={"query": "{ __typename }"})  # no token
    assert refused.status_code == 401 and refused.headers["x-request-id"]


def test_metrics_count_requests_per_operation_refusals_by_code_and_solver_runs(
    api: Api, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The names this process has seen so far (the whole suite's, in one test worker) would fill
    # the 200 labels and count this one as `other`: start from none.
    monkeypatch.setattr(metrics, "_seen", set())
    before = metric(api, "teamgraph_requests_total", operation="PingForMetrics", status="200")
    for _ in range(3):
        api.data("query PingForMetrics { __typename }")
    after = metric(api, "teamgraph_requests_total", operation="PingForMetrics", status="200")
    assert after == before + 3
    assert metric(api, "teamgraph_request_seconds_count", operation="PingForMetrics") >= 3

    unauthenticated = metric(api, "teamgraph_refusals_total", code="UNAUTHENTICATED")
    api.post("{ __typename }", role="")
    assert metric(api, "teamgraph_refusals_total", code="UNAUTHENTICATED") == unauthenticated + 1
    forbidden = metric(api, "teamgraph_refusals_total", code="FORBIDDEN")
    listed = api.post("{ apiTokens(first: 1) { totalCount } }", role="viewer").json()
    assert listed["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert metric(api, "teamgraph_refusals_total", code="FORBIDDEN") == forbidden + 1

    runs = total(api, "teamgraph_solver_runs_total")
    solved = metric(api, "teamgraph_solver_seconds_count")
    got = run(api, ASSEMBLE, "assembleTeam", {"planId": world.plan}, world.tokens["kam"])
    assert got["__typename"] == "AssembleTeamSuccess"
    assert metric(api, "teamgraph_solver_seconds_count") == solved + 1
    assert total(api, "teamgraph_solver_runs_total") == runs + 1


def test_invented_operation_names_do_not_grow_the_metrics_without_bound(api: Api) -> None:
    for i in range(250):
        api.data(f"query Invented{i} {{ __typename }}")
    labels = set(
        re.findall(
            r'teamgraph_requests_total\{operation="([^"]+)"', api.client.get("/metrics").text
        )
    )
    assert len(labels) <= 200 + 10  # the bound, plus anonymous, other and the plain routes
    assert "other" in labels


def test_livez_and_readyz_answer_on_a_migrated_database(api: Api) -> None:
    assert api.client.get("/livez").json() == {"status": "alive"}
    assert api.client.get("/readyz").json() == {"status": "ready"}


def test_readyz_refuses_until_the_database_is_at_the_head(
    backend: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    url = database_url(backend, tmp_path_factory, "not_ready")
    migrate.upgrade(url)
    migrate.downgrade(url, "0003")
    head = head_revision(url)
    with TestClient(create_app(Settings(database_url=url))) as client:
        assert client.get("/livez").status_code == 200
        behind = client.get("/readyz")
        assert behind.status_code == 503
        assert behind.json()["reason"] == f"database at migration 0003, this code needs {head}"
        migrate.upgrade(url)
        assert client.get("/readyz").status_code == 200


def test_readyz_refuses_when_the_database_cannot_be_reached(tmp_path: Path) -> None:
    missing = tmp_path / "no such folder" / "teamgraph.db"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{missing}"))) as client:
        assert client.get("/livez").status_code == 200
        down = client.get("/readyz")
        assert (down.status_code, down.json()["status"]) == (503, "not ready")
        assert down.json()["reason"].startswith("database unreachable")
