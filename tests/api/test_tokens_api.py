"""HR keeps API tokens through HTTP: `apiTokens` lists them without their secret, `revokeToken`
withdraws one (refused with 401 from then on); nobody else sees or revokes them."""

from __future__ import annotations

import pytest

from teamgraph.db import unit_of_work
from teamgraph.people.service import create_person
from tests.api.graphql import Api, gid, mutation, run

TOKENS = """query($all: Boolean!, $first: Int, $after: String) {
  apiTokens(includeRevoked: $all, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id role label createdAt revoked revokedAt person { name } } } } }"""
REVOKE = mutation(
    "revokeToken", "RevokeTokenInput", "RevokeTokenSuccess", "token { id revoked revokedAt }"
)
# Every field an ApiToken has: none of them may hold the secret.
EVERY_FIELD = "{ node(id: $id) { ... on ApiToken { id role label createdAt revoked revokedAt } } }"


def _everything(api: Api, token: str) -> list[dict[str, object]]:
    """Every token the listing gives, walking its pages."""
    nodes: list[dict[str, object]] = []
    after = None
    while True:
        page = api.data(TOKENS, {"all": True, "first": 2, "after": after}, as_token=token)
        nodes += [edge["node"] for edge in page["apiTokens"]["edges"]]
        if not page["apiTokens"]["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["apiTokens"]["pageInfo"]["endCursor"]


def test_hr_lists_tokens_without_their_secret_and_revokes_one(api: Api) -> None:
    hr = api.tokens["hr_admin"]
    with unit_of_work(api.sessions) as s:
        email = create_person(s, name="Kim Lead", email="kim.tokens@example.com").email
    secret = api.token("kam_lead", email)
    assert api.post("{ __typename }", as_token=secret).status_code == 200
    everything = _everything(api, hr)
    kims = [n for n in everything if n["person"] == {"name": "Kim Lead"}]
    assert len(kims) == 1 and kims[0]["role"] == "KAM_LEAD" and kims[0]["revoked"] is False
    body = api.post(TOKENS, {"all": True}, role="hr_admin").text
    assert secret not in body and secret[3:] not in body
    revoked = run(api, REVOKE, "revokeToken", {"tokenId": kims[0]["id"]}, hr)
    assert revoked["__typename"] == "RevokeTokenSuccess"
    assert revoked["token"]["revoked"] is True and revoked["token"]["revokedAt"]
    assert api.post("{ __typename }", as_token=secret).status_code == 401
    again = run(api, REVOKE, "revokeToken", {"tokenId": kims[0]["id"]}, hr)
    assert again["token"]["revokedAt"] == revoked["token"]["revokedAt"]
    working = api.data(TOKENS, {"all": False, "first": 100}, as_token=hr)["apiTokens"]
    assert kims[0]["id"] not in {edge["node"]["id"] for edge in working["edges"]}
    assert working["totalCount"] == len(everything) - sum(1 for n in everything if n["revoked"]) - 1


@pytest.mark.parametrize("role", ["viewer", "kam_lead"])
def test_nobody_else_sees_or_revokes_tokens(api: Api, role: str) -> None:
    token = api.tokens[role] if role == "viewer" else api.token("kam_lead")
    listed = api.post(TOKENS, {"all": True}, as_token=token).json()
    assert listed["data"] is None
    assert listed["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    some_token_id = gid("ApiToken", 1)
    found = api.post(f"query($id: ID!) {EVERY_FIELD}", {"id": some_token_id}, as_token=token).json()
    assert found["data"] == {"node": None}
    refused = run(api, REVOKE, "revokeToken", {"tokenId": some_token_id}, token)
    assert (refused["__typename"], refused["code"]) == ("ForbiddenError", "FORBIDDEN")
    assert api.post("{ __typename }", role="hr_admin").status_code == 200


@pytest.mark.parametrize(
    ("token_id", "typename"),
    [(gid("ApiToken", 999_999), "NotFoundError"), (gid("Person", 1), "NotFoundError")],
)
def test_a_bad_id_names_the_field(api: Api, token_id: str, typename: str) -> None:
    got = run(api, REVOKE, "revokeToken", {"tokenId": token_id}, api.tokens["hr_admin"])
    assert (got["__typename"], got["field"]) == (typename, "tokenId")
