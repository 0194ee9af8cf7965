"""Who may change an account through HTTP (its KAM and its team; any kam_lead opens a new
one), and the typed error of each bad input, which writes nothing."""

from __future__ import annotations

import itertools

import pytest

from tests.api.graphql import (
    Api,
    BadInput,
    MutationTable,
    check_bad,
    check_roles,
    mutation,
    run,
)
from tests.api.worlds import World, make_world

_serial = itertools.count(1)


# --- roles: who may make each change ------------------------------------------------------------

MUTATIONS: MutationTable = {
    "createAccount": (
        "CreateAccountInput",
        "CreateAccountSuccess",
        lambda w: {"name": f"Role {next(_serial)}"},
    ),
    "updateAccount": (
        "UpdateAccountInput",
        "UpdateAccountSuccess",
        lambda w: {"accountId": w.account, "stage": 5},
    ),
    "createContact": (
        "CreateContactInput",
        "CreateContactSuccess",
        lambda w: {"accountId": w.account, "name": "New", "buyingRole": "CHAMPION"},
    ),
    "updateContact": (
        "UpdateContactInput",
        "UpdateContactSuccess",
        lambda w: {"contactId": w.ceo, "influence": 5},
    ),
    "upsertRelationship": (
        "UpsertRelationshipInput",
        "UpsertRelationshipSuccess",
        lambda w: {"personId": w.pat, "contactId": w.ceo, "strength": 0.7},
    ),
    "removeRelationship": (
        "RemoveRelationshipInput",
        "RemoveRelationshipSuccess",
        lambda w: {"personId": w.kam, "contactId": w.ceo},
    ),
    "recordInteraction": (
        "RecordInteractionInput",
        "RecordInteractionSuccess",
        lambda w: {
            "accountId": w.account,
            "date": "2026-01-10",
            "kind": "CALL",
            "personIds": [w.kam],
            "contactIds": [w.ceo],
        },
    ),
}
ROLES = ["viewer", "hr_admin", "other_kam", "kam", "member"]


@pytest.mark.parametrize("role", ["none", *ROLES])
@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_roles(api: Api, name: str, role: str) -> None:
    # The account's KAM and its team write to it; any kam_lead may open a new account.
    allowed = {"kam", "member"} | ({"other_kam"} if name == "createAccount" else set())
    check_roles(api, MUTATIONS, name, role, setup=make_world, allowed=allowed)


# --- typed errors for bad input -----------------------------------------------------------------

BAD: list[BadInput] = [
    ("createAccount", lambda w: {"name": "x", "stage": 9}, "ValidationError", "stage"),
    ("createAccount", lambda w: {"name": w.account_name}, "ConflictError", "name"),
    ("createAccount", lambda w: {"name": "y", "kamId": w.plan}, "NotFoundError", "kamId"),
    ("updateAccount", lambda w: {"accountId": "nope"}, "NotFoundError", "accountId"),
    ("updateAccount", lambda w: {"accountId": w.account, "fit": 0}, "ValidationError", "fit"),
    (
        "updateAccount",
        lambda w: {"accountId": w.account, "competitorIds": [w.account]},
        "ValidationError",
        "competitorIds[0]",
    ),
    (
        "createContact",
        lambda w: {"accountId": w.account, "name": "x", "influence": 7},
        "ValidationError",
        "influence",
    ),
    (
        "createContact",
        lambda w: {"accountId": w.account, "name": "x", "reportsToId": w.stranger},
        "ValidationError",
        "reportsToId",
    ),
    (
        "updateContact",
        lambda w: {"contactId": w.ceo, "reportsToId": w.cfo},
        "ValidationError",
        "reportsToId",
    ),
    ("updateContact", lambda w: {"contactId": w.ceo, "name": " "}, "ValidationError", "name"),
    (
        "upsertRelationship",
        lambda w: {"personId": w.pat, "contactId": w.ceo, "strength": 2},
        "ValidationError",
        "strength",
    ),
    (
        "upsertRelationship",
        lambda w: {"personId": w.ceo, "contactId": w.ceo, "strength": 0.5},
        "NotFoundError",
        "personId",
    ),
    (
        "removeRelationship",
        lambda w: {"personId": w.pat, "contactId": w.ceo},
        "NotFoundError",
        "personId",
    ),
    (
        "recordInteraction",
        lambda w: {
            "accountId": w.account,
            "date": "2026-01-10",
            "kind": "CALL",
            "personIds": [w.kam],
            "contactIds": [w.stranger],
        },
        "ValidationError",
        "contactIds[0]",
    ),
    (
        "recordInteraction",
        lambda w: {
            "accountId": w.account,
            "date": "2026-01-10",
            "kind": "CALL",
            "personIds": [],
            "contactIds": [w.ceo],
        },
        "ValidationError",
        "personIds",
    ),
    (
        "recordInteraction",
        lambda w: {
            "accountId": w.account,
            "date": "2999-01-10",
            "kind": "CALL",
            "personIds": [w.kam],
            "contactIds": [w.ceo],
        },
        "ValidationError",
        "date",
    ),
    (
        "upsertRelationship",
        lambda w: {
            "personId": w.pat,
            "contactId": w.ceo,
            "strength": 0.7,
            "lastInteraction": "2999-01-01",
        },
        "ValidationError",
        "lastInteraction",
    ),
]


@pytest.mark.parametrize("case", BAD, ids=[f"{c[0]}-{c[3]}" for c in BAD])
def test_bad_input_is_a_typed_error(api: Api, case: BadInput) -> None:
    check_bad(api, MUTATIONS, case, setup=make_world, role="kam")


STAGE = "query($id: ID!) { account(id: $id) { stage } }"


def test_a_rejected_mutation_writes_nothing(api: Api, world: World) -> None:
    op = mutation("updateAccount", "UpdateAccountInput", "UpdateAccountSuccess")
    got = run(
        api,
        op,
        "updateAccount",
        {"accountId": world.account, "stage": 1, "fit": 9},
        world.tokens["kam"],
    )
    assert got["__typename"] == "ValidationError"
    assert api.data(STAGE, {"id": world.account})["account"]["stage"] == 4
