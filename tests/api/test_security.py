"""What the endpoint refuses and what it never tells: no mutations over GET, no batches,
introspection and GraphiQL switched off by configuration, no "Did you mean", and unexpected
errors masked for the client but logged with their traceback."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from graphql import get_introspection_query

from teamgraph.people import service as people_service
from tests.api.graphql import Api, serving

PEOPLE = "query People { people(first: 2) { totalCount } }"
CREATE_ACCOUNT = """
mutation CreateAccount($input: CreateAccountInput!) {
  createAccount(input: $input) { __typename }
}
"""
SCHEMA_NAME = "{ __schema { queryType { name } } }"


@pytest.fixture(scope="module")
def locked(api_database: str) -> Iterator[Api]:
    """The production switches: no introspection, no GraphiQL."""
    with serving(
        api_database, {"TEAMGRAPH_INTROSPECTION": "false", "TEAMGRAPH_GRAPHIQL": "0"}
    ) as api:
        yield api


def bearer(api: Api, role: str = "viewer") -> dict[str, str]:
    return {"Authorization": f"Bearer {api.tokens[role]}"}


def only_error(body: dict[str, Any]) -> dict[str, Any]:
    (error,) = body["errors"]
    return dict(error)


# Transport


def test_a_query_may_come_by_get(api: Api) -> None:
    response = api.client.get("/graphql", params={"query": PEOPLE}, headers=bearer(api))
    assert response.status_code == 200
    assert "errors" not in response.json()


def test_a_mutation_by_get_is_refused(api: Api) -> None:
    response = api.client.get(
        "/graphql",
        params={"query": CREATE_ACCOUNT, "variables": '{"input": {"name": "Via GET"}}'},
        headers=bearer(api, "kam_lead"),
    )
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    error = only_error(response.json())
    assert error["extensions"] == {"code": "METHOD_NOT_ALLOWED"}
    assert "GET" in error["message"]
    assert (
        "Via GET"
        not in api.client.post(
            "/graphql",
            json={"query": "{ accounts { edges { node { name } } } }"},
            headers=bearer(api),
        ).text
    )


def test_a_batch_is_refused(api: Api) -> None:
    response = api.client.post(
        "/graphql", json=[{"query": PEOPLE}, {"query": PEOPLE}], headers=bearer(api)
    )
    assert response.status_code == 400
    assert only_error(response.json())["extensions"] == {"code": "BATCHING_NOT_SUPPORTED"}


def test_a_body_that_is_not_json_is_refused_as_json(api: Api) -> None:
    response = api.client.post(
        "/graphql",
        content=b"{ people",
        headers={**bearer(api), "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert only_error(response.json())["extensions"] == {"code": "BAD_REQUEST"}


# Introspection and GraphiQL


def test_introspection_and_graphiql_are_on_by_default(api: Api) -> None:
    assert api.data(SCHEMA_NAME) == {"__schema": {"queryType": {"name": "Query"}}}
    page = api.client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()


def test_graphiqls_own_introspection_query_passes_the_default_limits(api: Api) -> None:
    query = get_introspection_query(
        descriptions=True,
        specified_by_url=True,
        directive_is_repeatable=True,
        schema_description=True,
        input_value_deprecation=True,
    )
    assert api.data(query)["__schema"]["queryType"]["name"] == "Query"


@pytest.mark.parametrize("query", [SCHEMA_NAME, '{ __type(name: "Person") { name } }'])
def test_introspection_can_be_switched_off(locked: Api, query: str) -> None:
    body = locked.post(query).json()
    assert body["data"] is None
    assert only_error(body)["extensions"] == {"code": "INTROSPECTION_DISABLED"}


def test_typename_stays_when_introspection_is_off(locked: Api) -> None:
    assert locked.data("{ __typename }") == {"__typename": "Query"}


def test_graphiql_can_be_switched_off(locked: Api) -> None:
    anonymous = locked.client.get("/graphql", headers={"Accept": "text/html"})
    assert anonymous.status_code == 401
    signed = locked.client.get("/graphql", headers={"Accept": "text/html", **bearer(locked)})
    assert signed.status_code == 404
    assert only_error(signed.json())["extensions"] == {"code": "NOT_FOUND"}
    assert "graphiql" not in anonymous.text.lower() + signed.text.lower()


# No names told to someone guessing


@pytest.mark.parametrize(
    ("query", "variables", "secret"),
    [
        ("{ peple { totalCount } }", None, "people"),
        ("{ people(frist: 1) { totalCount } }", None, "first"),
        ("{ people { totalCount } } fragment F on Persn { name }", None, "Person"),
        ("query($s: PlanStatus) { plans(status: $s) { totalCount } }", {"s": "ACTIV"}, "ACTIVE"),
    ],
)
def test_errors_suggest_no_names(
    api: Api, locked: Api, query: str, variables: dict[str, Any] | None, secret: str
) -> None:
    for endpoint in (api, locked):
        body = endpoint.post(query, variables).json()
        assert body["errors"], body
        for error in body["errors"]:
            assert "Did you mean" not in error["message"]
            assert secret not in error["message"]


# Errors


@pytest.fixture
def failing_people(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: Any, **__: Any) -> Any:
        raise RuntimeError("the password is hunter2")

    monkeypatch.setattr(people_service, "list_people", fail)


def test_an_unexpected_error_is_masked_and_logged_with_its_traceback(
    api: Api, failing_people: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="teamgraph.api"):
        response = api.post(PEOPLE)
    assert response.status_code == 200
    error = only_error(response.json())
    assert error["message"] == "Unexpected error."
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    assert error["path"] == ["people"]
    assert "hunter2" not in response.text and "RuntimeError" not in response.text

    (record,) = [r for r in caplog.records if r.name == "teamgraph.api"]
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None and record.exc_info[0] is RuntimeError
    assert "People" in record.getMessage()  # the operation's name
    assert "Traceback (most recent call last)" in caplog.text
    assert "the password is hunter2" in caplog.text
    assert "in fail" in caplog.text  # the frame that raised


def test_expected_errors_reach_the_client_and_are_not_logged_as_failures(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="teamgraph.api"):
        not_found = api.post('{ node(id: "bm9wZTox") { id } }').json()
        bad_variable = api.post(
            "query($n: Int) { people(first: $n) { totalCount } }", {"n": "many"}
        ).json()
    assert only_error(not_found)["extensions"]["code"] == "NOT_FOUND"
    assert "Int cannot represent" in only_error(bad_variable)["message"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


# --- sizes ----------------------------------------------------------------------------------------


def test_a_long_query_text_is_refused_before_it_is_parsed(api_database: str) -> None:
    with serving(api_database, {"TEAMGRAPH_MAX_QUERY_BYTES": "200"}) as small:
        fits = small.client.post("/graphql", json={"query": PEOPLE}, headers=bearer(small))
        assert "errors" not in fits.json()
        padded = "query People { people(first: 2) { totalCount } }" + " " * 300
        body = small.client.post("/graphql", json={"query": padded}, headers=bearer(small)).json()
        error = only_error(body)
        assert error["extensions"] == {"code": "MAX_QUERY_BYTES_EXCEEDED", "limit": 200}
        # Large values belong in variables, which the query-text limit does not count.
        long_text = "x" * 500
        ok = small.client.post(
            "/graphql",
            json={
                "query": "mutation($i: CreateSkillInput!) "
                "{ createSkill(input: $i) { __typename } }",
                "variables": {"i": {"name": "Long description", "description": long_text}},
            },
            headers=bearer(small, "hr_admin"),
        ).json()
        assert ok["data"]["createSkill"]["__typename"] == "CreateSkillSuccess"


def test_a_request_larger_than_the_body_limit_is_refused(api_database: str) -> None:
    with serving(api_database, {"TEAMGRAPH_MAX_BODY_BYTES": "1000"}) as small:
        big = {"query": PEOPLE, "variables": {"pad": "x" * 2000}}
        response = small.client.post("/graphql", json=big, headers=bearer(small))
        assert response.status_code == 413
        assert only_error(response.json())["extensions"] == {"code": "PAYLOAD_TOO_LARGE"}

        def chunks() -> Iterator[bytes]:  # no content-length: counted as it arrives
            yield b'{"query": "' + PEOPLE.encode() + b'", "variables": {"pad": "'
            for _ in range(10):
                yield b"x" * 200
            yield b'"}}'

        streamed = small.client.post(
            "/graphql",
            content=chunks(),
            headers={**bearer(small), "content-type": "application/json"},
        )
        assert streamed.status_code == 413
        fine = small.client.post("/graphql", json={"query": PEOPLE}, headers=bearer(small))
        assert fine.status_code == 200
