"""Accounts, contacts, relationships and interactions through HTTP: queries, every mutation,
role rules, typed errors, and the SQL cost of a nested query."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Engine, event, select

from teamgraph.accounts.models import Relationship
from teamgraph.api.core.ids import to_global_id
from teamgraph.db import unit_of_work
from teamgraph.plans import team
from teamgraph.plans.team import add_conflict
from tests import factories
from tests.api.conftest import Api

_serial = itertools.count(1)
ERROR_FIELDS = "__typename ... on Error { field code message }"


def gid(type_name: str, pk: int) -> str:
    return str(to_global_id(type_name, pk))


@dataclass
class World:
    """An account with a KAM, a team member, contacts and a plan; another account's KAM; and
    a token for each role the rules distinguish."""

    account: str
    account_name: str
    other_account: str
    kam: str
    kam_email: str
    member: str
    pat: str
    sam: str
    barred: str
    ceo: str
    cfo: str
    stranger: str
    plan: str
    objective: str
    task: str
    other_objective: str
    skill: str
    retired_skill: str
    tokens: dict[str, str]
    pks: dict[str, int]


def make_world(api: Api) -> World:
    n = next(_serial)
    with unit_of_work(api.sessions) as s:
        kam = factories.person(s, name=f"Kam {n}", email=f"kam{n}@example.com")
        member = factories.person(s, name=f"Member {n}", email=f"member{n}@example.com")
        other_kam = factories.person(s, name=f"Other {n}", email=f"other{n}@example.com")
        pat = factories.person(s, name=f"Pat {n}")
        sam = factories.person(s, name=f"Sam {n}")
        barred = factories.person(s, name=f"Barred {n}")
        account = factories.account(s, name=f"World {n}", kam_id=kam.id, industry=f"ind{n}")
        other = factories.account(s, name=f"Rival {n}", kam_id=other_kam.id)
        ceo = factories.contact(s, account.id, name="Ceo", buying_role="decision_maker")
        cfo = factories.contact(
            s, account.id, name="Cfo", reports_to_id=ceo.id, buying_role="economic_buyer"
        )
        stranger = factories.contact(s, other.id, name="Stranger")
        factories.relationship(s, kam.id, ceo.id, strength=0.9)
        plan = factories.plan(s, account.id, name=f"Plan {n}")
        objective = factories.objective(s, plan.id, title="Grow", baseline=1, target=5)
        other_plan = factories.plan(s, other.id)
        other_objective = factories.objective(s, other_plan.id)
        task = factories.task(s, plan.id, headcount_max=3, title="Research")
        team.assign(s, task_id=task.id, person_id=member.id)
        team.assign(s, task_id=task.id, person_id=sam.id)
        add_conflict(s, account_id=account.id, person_id=barred.id, reason="works for a rival")
        skill = factories.skill(s)
        retired = factories.skill(s)
        retired.status = "retired"
        pks = {"account": account.id, "plan": plan.id, "task": task.id, "ceo": ceo.id}
        pks.update(kam=kam.id, pat=pat.id, objective=objective.id)
        ids = {
            "account": gid("Account", account.id),
            "account_name": account.name,
            "other_account": gid("Account", other.id),
            "kam": gid("Person", kam.id),
            "kam_email": kam.email,
            "member": gid("Person", member.id),
            "pat": gid("Person", pat.id),
            "sam": gid("Person", sam.id),
            "barred": gid("Person", barred.id),
            "ceo": gid("Contact", ceo.id),
            "cfo": gid("Contact", cfo.id),
            "stranger": gid("Contact", stranger.id),
            "plan": gid("Plan", plan.id),
            "objective": gid("Objective", objective.id),
            "task": gid("Task", task.id),
            "other_objective": gid("Objective", other_objective.id),
            "skill": gid("Skill", skill.id),
            "retired_skill": gid("Skill", retired.id),
        }
        emails = {"kam": kam.email, "member": member.email, "other_kam": other_kam.email}
    tokens = {
        "viewer": api.tokens["viewer"],
        "hr_admin": api.tokens["hr_admin"],
        "kam": api.token("kam_lead", emails["kam"]),
        "member": api.token("kam_lead", emails["member"]),
        "other_kam": api.token("kam_lead", emails["other_kam"]),
    }
    return World(**ids, tokens=tokens, pks=pks)


@pytest.fixture
def world(api: Api) -> World:
    return make_world(api)


def mutation(name: str, input_type: str, success: str) -> str:
    return (
        f"mutation M($input: {input_type}!) {{ {name}(input: $input) {{ {ERROR_FIELDS} "
        f"... on {success} {{ __typename }} }} }}"
    )


def run(api: Api, op: str, name: str, input: dict[str, Any], token: str) -> dict[str, Any]:
    result: dict[str, Any] = api.data(op, {"input": input}, as_token=token)[name]
    return result


# --- the SQL statements a request costs ---------------------------------------------------------


@contextmanager
def counting(api: Api) -> Iterator[list[str]]:
    """The SQL statements the app's engine runs inside the block."""
    engine: Engine = api.client.app.state.sessions.kw["bind"]  # type: ignore[attr-defined]  # Starlette app state
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


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
                "lastInteraction": "2027-02-01",
            }
        },
        as_token=token,
    )["upsertRelationship"]["relationship"]
    assert upserted["strength"] == 0.6 and upserted["contact"]["name"] == "Cfo"
    assert upserted["lastInteraction"] == "2027-02-01"
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
                "date": "2027-03-03",
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
    assert got[world.pks["kam"]] == (0.9, dt.date(2027, 3, 3))
    assert got[world.pks["pat"]] == (0.3, dt.date(2027, 3, 3))


# --- roles: who may make each change ------------------------------------------------------------

Inputs = Callable[[World], dict[str, Any]]
MUTATIONS: dict[str, tuple[str, str, Inputs]] = {
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
            "date": "2027-01-10",
            "kind": "CALL",
            "personIds": [w.kam],
            "contactIds": [w.ceo],
        },
    ),
}
ROLES = ["viewer", "hr_admin", "other_kam", "kam", "member"]


def check_roles(api: Api, table: dict[str, tuple[str, str, Inputs]], name: str, role: str) -> None:
    input_type, success, inputs = table[name]
    world = make_world(api)
    op = mutation(name, input_type, success)
    if role == "none":
        response = api.post(op, {"input": inputs(world)}, role="")
        assert response.status_code == 401
        return
    got = run(api, op, name, inputs(world), world.tokens[role])
    want = success if role in ("kam", "member") else "ForbiddenError"
    if name == "createAccount" and role == "other_kam":
        want = success
    assert got["__typename"] == want, got
    if want == "ForbiddenError":
        assert got["code"] == "FORBIDDEN"


@pytest.mark.parametrize("role", ["none", *ROLES])
@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_roles(api: Api, name: str, role: str) -> None:
    check_roles(api, MUTATIONS, name, role)


# --- typed errors for bad input -----------------------------------------------------------------

BAD: list[tuple[str, Inputs, str, str]] = [
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
            "date": "2027-01-10",
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
            "date": "2027-01-10",
            "kind": "CALL",
            "personIds": [],
            "contactIds": [w.ceo],
        },
        "ValidationError",
        "personIds",
    ),
]


def check_bad(
    api: Api, table: dict[str, tuple[str, str, Inputs]], case: tuple[str, Inputs, str, str]
) -> None:
    name, inputs, typename, field = case
    input_type, success, _ = table[name]
    world = make_world(api)
    got = run(api, mutation(name, input_type, success), name, inputs(world), world.tokens["kam"])
    assert (got["__typename"], got["field"]) == (typename, field), got


@pytest.mark.parametrize("case", BAD, ids=[f"{c[0]}-{c[3]}" for c in BAD])
def test_bad_input_is_a_typed_error(api: Api, case: tuple[str, Inputs, str, str]) -> None:
    check_bad(api, MUTATIONS, case)


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
    assert api.data(ACCOUNT, {"id": world.account})["account"]["stage"] == 4


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
