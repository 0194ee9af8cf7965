"""Accounts, contacts, relationships and interactions through HTTP: queries, every mutation's
success path, and the SQL cost of a nested query. Roles and typed errors are in
test_accounts_roles_and_errors_api.py."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy import select

from teamgraph.accounts.models import Relationship
from teamgraph.db import unit_of_work
from tests import factories
from tests.api.graphql import (
    Api,
    counting,
    gid,
)
from tests.api.worlds import World

_serial = itertools.count(1)


# --- queries ------------------------------------------------------------------------------------

ACCOUNT = """
query Account($id: ID!, $role: BuyingRole) {
  account(id: $id) {
    id name industry tier stage growth fit strategicValue
    kam { name }
    competitors { name }
    conflicts { person { name } reason }
    plans { name status version }
    relationships { strength person { name } contact { name } }
    contacts(filter: {buyingRole: $role}, first: 10) {
      totalCount
      edges { node {
        id name buyingRole influence leftCompany
        account { name }
        reportsTo { name }
        reports { name }
        relationships { strength lastInteraction person { name } }
      } }
    }
  }
}
"""


def test_account_with_contacts_relationships_and_plans(api: Api, world: World) -> None:
    account = api.data(ACCOUNT, {"id": world.account})["account"]
    assert account["kam"]["name"].startswith("Kam ")
    assert account["tier"] == "KEY" and account["stage"] == 4
    assert next(c["person"]["name"] for c in account["conflicts"]).startswith("Barred")
    assert [p["name"] for p in account["plans"]] == [account["plans"][0]["name"]]
    contacts = {e["node"]["name"]: e["node"] for e in account["contacts"]["edges"]}
    assert set(contacts) == {"Ceo", "Cfo"}
    assert contacts["Cfo"]["reportsTo"] == {"name": "Ceo"}
    assert contacts["Ceo"]["reports"] == [{"name": "Cfo"}]
    assert contacts["Ceo"]["buyingRole"] == "DECISION_MAKER"
    assert contacts["Ceo"]["relationships"][0]["strength"] == 0.9
    assert account["relationships"][0]["contact"]["name"] == "Ceo"
    only = api.data(ACCOUNT, {"id": world.account, "role": "ECONOMIC_BUYER"})["account"]
    assert [e["node"]["name"] for e in only["contacts"]["edges"]] == ["Cfo"]


def test_account_by_an_unknown_or_foreign_id_is_null(api: Api, world: World) -> None:
    assert api.data(ACCOUNT, {"id": world.plan})["account"] is None
    assert api.data(ACCOUNT, {"id": gid("Account", 10**9)})["account"] is None


def test_accounts_filter_by_tier_and_industry(api: Api, world: World) -> None:
    query = """query($f: AccountFilter) { accounts(filter: $f, first: 50) {
      totalCount edges { node { name tier industry } } } }"""
    industry = f"filtered {world.pks['account']}"  # unlike any world's "ind{n}"
    with unit_of_work(api.sessions) as s:
        factories.account(s, name=f"Strat {industry}", tier="strategic", industry=industry)
        factories.account(s, name=f"Key {industry}", tier="key", industry=industry)
    found = api.data(query, {"f": {"industry": industry}})["accounts"]
    assert found["totalCount"] == 2
    strategic = api.data(query, {"f": {"industry": industry, "tier": "STRATEGIC"}})["accounts"]
    assert [e["node"]["name"] for e in strategic["edges"]] == [f"Strat {industry}"]


def test_contact_is_a_node(api: Api, world: World) -> None:
    query = "query($id: ID!) { node(id: $id) { ... on Contact { name account { name } } } }"
    assert api.data(query, {"id": world.cfo})["node"]["name"] == "Cfo"


# --- mutations: the success path end to end ------------------------------------------------------


CREATE_ACCOUNT = """
mutation($input: CreateAccountInput!) { createAccount(input: $input) {
  __typename ... on Error { field code message }
  ... on CreateAccountSuccess { account { id name tier stage kam { name } competitors { name } } }
} }
"""


def test_create_account_makes_the_caller_kam(api: Api, world: World) -> None:
    name = f"Fresh {next(_serial)}"
    result = api.data(
        CREATE_ACCOUNT,
        {"input": {"name": name, "tier": "STRATEGIC", "competitorIds": [world.other_account]}},
        as_token=world.tokens["kam"],
    )["createAccount"]
    assert result["__typename"] == "CreateAccountSuccess"
    account = result["account"]
    assert account["kam"]["name"].startswith("Kam ") and account["tier"] == "STRATEGIC"
    assert next(c["name"] for c in account["competitors"]).startswith("Rival")
    named = api.data(
        CREATE_ACCOUNT,
        {"input": {"name": name + " bis", "kamId": world.member}},
        as_token=world.tokens["kam"],
    )["createAccount"]
    assert named["account"]["kam"]["name"].startswith("Member")


CONTACT_FIELDS = (
    "contact { id name title department buyingRole influence leftCompany reportsTo { name } }"
)


def test_contact_mutations(api: Api, world: World) -> None:
    token = world.tokens["kam"]
    created = api.data(
        f"""mutation($input: CreateContactInput!) {{ createContact(input: $input) {{
          __typename ... on CreateContactSuccess {{ {CONTACT_FIELDS} }} }} }}""",
        {
            "input": {
                "accountId": world.account,
                "name": "Head of IT",
                "department": "IT",
                "buyingRole": "TECHNICAL_EVALUATOR",
                "influence": 4,
                "reportsToId": world.ceo,
            }
        },
        as_token=token,
    )["createContact"]
    assert created["__typename"] == "CreateContactSuccess"
    contact = created["contact"]
    assert (
        contact["reportsTo"] == {"name": "Ceo"} and contact["buyingRole"] == "TECHNICAL_EVALUATOR"
    )
    updated = api.data(
        f"""mutation($input: UpdateContactInput!) {{ updateContact(input: $input) {{
          __typename ... on UpdateContactSuccess {{ {CONTACT_FIELDS} }} }} }}""",
        {"input": {"contactId": contact["id"], "leftCompany": True, "reportsToId": None}},
        as_token=token,
    )["updateContact"]["contact"]
    assert updated["leftCompany"] is True and updated["reportsTo"] is None
    assert updated["department"] == "IT"


def test_relationship_mutations(api: Api, world: World) -> None:
    token = world.tokens["kam"]
    upserted = api.data(
        """mutation($input: UpsertRelationshipInput!) { upsertRelationship(input: $input) {
          __typename ... on UpsertRelationshipSuccess {
            relationship { strength lastInteraction person { name } contact { name } } } } }""",
        {
            "input": {
                "personId": world.pat,
                "contactId": world.cfo,
                "strength": 0.6,
                "lastInteraction": "2026-02-01",
            }
        },
        as_token=token,
    )["upsertRelationship"]["relationship"]
    assert upserted["strength"] == 0.6 and upserted["contact"]["name"] == "Cfo"
    assert upserted["lastInteraction"] == "2026-02-01"
    removed = api.data(
        """mutation($input: RemoveRelationshipInput!) { removeRelationship(input: $input) {
          __typename ... on RemoveRelationshipSuccess { person { name } contact { name } } } }""",
        {"input": {"personId": world.pat, "contactId": world.cfo}},
        as_token=token,
    )["removeRelationship"]
    assert removed["__typename"] == "RemoveRelationshipSuccess"
    assert removed["contact"] == {"name": "Cfo"}


def test_record_interaction_touches_relationships(api: Api, world: World) -> None:
    result = api.data(
        """mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) {
          __typename ... on RecordInteractionSuccess {
            interaction { date kind note people { name } contacts { name } account { name } }
          } } }""",
        {
            "input": {
                "accountId": world.account,
                "date": "2026-03-03",
                "kind": "WORKSHOP",
                "note": "roadmap",
                "personIds": [world.kam, world.pat],
                "contactIds": [world.ceo],
            }
        },
        as_token=world.tokens["kam"],
    )["recordInteraction"]
    assert result["__typename"] == "RecordInteractionSuccess"
    assert [c["name"] for c in result["interaction"]["contacts"]] == ["Ceo"]
    assert len(result["interaction"]["people"]) == 2
    with unit_of_work(api.sessions) as s:
        rows = s.scalars(select(Relationship).where(Relationship.contact_id == world.pks["ceo"]))
        got = {r.person_id: (r.strength, r.last_interaction) for r in rows}
    assert got[world.pks["kam"]] == (0.9, dt.date(2026, 3, 3))
    assert got[world.pks["pat"]] == (0.3, dt.date(2026, 3, 3))


# --- the SQL cost of a nested query -------------------------------------------------------------

NESTED = """
query($industry: String) {
  accounts(filter: {industry: $industry}, first: 50) {
    edges { node { name kam { name } contacts(first: 50) { edges { node {
      name reportsTo { name } relationships { strength person { name } }
    } } } } }
  }
}
"""


def build_web(api: Api, industry: str, accounts: int, contacts: int) -> None:
    with unit_of_work(api.sessions) as s:
        people = [factories.person(s) for _ in range(3)]
        for a in range(accounts):
            account = factories.account(s, industry=industry, kam_id=people[a % 3].id)
            boss = None
            for c in range(contacts):
                contact = factories.contact(s, account.id, reports_to_id=boss.id if boss else None)
                boss = boss or contact
                for p in people[: 1 + c % 3]:
                    factories.relationship(s, p.id, contact.id)


def test_nested_account_query_costs_a_fixed_number_of_statements(api: Api) -> None:
    small, large = f"small{next(_serial)}", f"large{next(_serial)}"
    build_web(api, small, accounts=1, contacts=2)
    build_web(api, large, accounts=6, contacts=8)
    counts = []
    for industry, accounts in ((small, 1), (large, 6)):
        with counting(api) as statements:
            data = api.data(NESTED, {"industry": industry})
        assert len(data["accounts"]["edges"]) == accounts
        counts.append(len(statements))
    # Not one more statement for 6 accounts of 8 contacts than for 1 of 2 (fewer, even: the
    # loaders' caches already hold the people the bigger web shares).
    assert counts[1] <= counts[0] <= 10, counts
