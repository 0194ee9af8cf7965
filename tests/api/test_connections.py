"""The endpoint answers Relay connection queries with pagination, behind a token."""

from __future__ import annotations

import pytest

from teamgraph.db import unit_of_work
from tests import factories
from tests.api.graphql import Api

PEOPLE = """
query People($first: Int, $after: String, $last: Int, $before: String) {
  people(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { id name email } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""
ACCOUNTS = """
query Accounts($first: Int, $after: String) {
  accounts(first: $first, after: $after) {
    totalCount
    edges { node { id name tier stage } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
NAMES = ["Zoe", "Ann", "Mia", "Bob", "Lea", "Kai", "Eve"]


@pytest.fixture(scope="module", autouse=True)
def people(api: Api) -> None:
    with unit_of_work(api.sessions) as session:
        for name in NAMES:
            factories.person(session, name=name)
        for i in range(3):
            factories.account(session, name=f"Account {i}")


def test_people_pages_forward_in_name_order(api: Api) -> None:
    names: list[str] = []
    after = None
    pages = 0
    while True:
        conn = api.data(PEOPLE, {"first": 3, "after": after})["people"]
        assert conn["totalCount"] == len(NAMES)
        names += [e["node"]["name"] for e in conn["edges"]]
        assert conn["pageInfo"]["endCursor"] == conn["edges"][-1]["cursor"]
        pages += 1
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert names == sorted(NAMES)
    assert pages == 3


def test_people_pages_backward_with_last_and_before(api: Api) -> None:
    conn = api.data(PEOPLE, {"last": 2})["people"]
    assert [e["node"]["name"] for e in conn["edges"]] == sorted(NAMES)[-2:]
    assert conn["pageInfo"]["hasPreviousPage"] is True
    earlier = api.data(PEOPLE, {"last": 2, "before": conn["pageInfo"]["startCursor"]})["people"]
    assert [e["node"]["name"] for e in earlier["edges"]] == sorted(NAMES)[-4:-2]


def test_ids_are_opaque_and_distinct(api: Api) -> None:
    edges = api.data(PEOPLE, {"first": 10})["people"]["edges"]
    ids = [e["node"]["id"] for e in edges]
    assert len(set(ids)) == len(NAMES)
    assert not any(i.isdigit() for i in ids)


def test_accounts_connection(api: Api) -> None:
    conn = api.data(ACCOUNTS, {"first": 2})["accounts"]
    assert conn["totalCount"] == 3
    assert [e["node"]["name"] for e in conn["edges"]] == ["Account 0", "Account 1"]
    rest = api.data(ACCOUNTS, {"first": 2, "after": conn["pageInfo"]["endCursor"]})["accounts"]
    assert [e["node"]["name"] for e in rest["edges"]] == ["Account 2"]
    assert rest["pageInfo"]["hasNextPage"] is False


def test_page_size_above_the_cap_is_a_clear_error(api: Api) -> None:
    body = api.post(PEOPLE, {"first": 101}).json()
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["message"] == "first: must be between 1 and 100"
    assert error["extensions"] == {"code": "INVALID", "field": "first"}


def test_a_bad_cursor_is_a_clear_error(api: Api) -> None:
    (error,) = api.post(PEOPLE, {"first": 1, "after": "nope"}).json()["errors"]
    assert error["extensions"]["field"] == "after"


@pytest.mark.parametrize("header", [None, "Bearer not-a-token", "Basic abc"])
def test_no_valid_token_no_data(api: Api, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = api.client.post(
        "/graphql", json={"query": "{ people { totalCount } }"}, headers=headers
    )
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "totalCount" not in response.text


def test_healthz_needs_no_token(api: Api) -> None:
    response = api.client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_graphiql_page_is_served_to_browsers(api: Api) -> None:
    response = api.client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


def test_paging_past_the_end_gives_an_empty_page(api: Api) -> None:
    end = api.data(ACCOUNTS, {"first": 3})["accounts"]["pageInfo"]["endCursor"]
    conn = api.data(ACCOUNTS, {"first": 5, "after": end})["accounts"]
    assert conn["edges"] == [] and conn["pageInfo"]["endCursor"] is None and conn["totalCount"] == 3
