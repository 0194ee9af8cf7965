"""Access ends when it should, through HTTP: a deactivated person's tokens and expired tokens are
refused at once, only the account's KAM or HR hands an account to another KAM, and the people
behind changes and proposals reach those who may not see emails by name only."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select, update

from teamgraph.auth.models import ApiToken
from teamgraph.auth.service import create_token
from teamgraph.db import unit_of_work
from teamgraph.people.models import Person
from teamgraph.plans.models import PlanChange
from tests import factories
from tests.api.graphql import Api, gid, mutation, run
from tests.api.worlds import World

PING = "{ __typename }"
UPDATE_PERSON = mutation("updatePerson", "UpdatePersonInput", "UpdatePersonSuccess")
UPDATE_ACCOUNT = mutation(
    "updateAccount", "UpdateAccountInput", "UpdateAccountSuccess", "account { name kam { id } }"
)
TOKENS = """query($all: Boolean!) { apiTokens(includeRevoked: $all, first: 100) {
  edges { node { id label expiresAt expired revoked } } } }"""
HISTORY = """query($id: ID!) { plan(id: $id) { history(last: 50) { edges { node {
  actor actorPerson { name email } field } } } } }"""
UPDATE_PLAN = mutation("updatePlan", "UpdatePlanInput", "UpdatePlanSuccess")
ASSEMBLE = mutation("assembleTeam", "AssembleTeamInput", "AssembleTeamSuccess", "proposal { id }")
PROPOSAL = """query($id: ID!) { node(id: $id) { ... on Proposal {
  createdBy createdByPerson { name email } } } }"""
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def test_deactivating_a_person_ends_their_tokens_access_at_once(api: Api) -> None:
    with unit_of_work(api.sessions) as s:
        person = factories.person(s, name="Leaver", email="leaver@example.com")
        pk = person.id
    token = api.token("kam_lead", "leaver@example.com")
    assert api.post(PING, as_token=token).status_code == 200
    hr = api.tokens["hr_admin"]
    off = run(
        api, UPDATE_PERSON, "updatePerson", {"personId": gid("Person", pk), "active": False}, hr
    )
    assert off["__typename"] == "UpdatePersonSuccess"
    refused = api.post(PING, as_token=token)
    assert refused.status_code == 401
    assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    back = run(
        api, UPDATE_PERSON, "updatePerson", {"personId": gid("Person", pk), "active": True}, hr
    )
    assert back["__typename"] == "UpdatePersonSuccess"
    assert api.post(PING, as_token=token).status_code == 200


def test_an_expired_token_is_refused_and_listed_as_expired_only_on_request(api: Api) -> None:
    with unit_of_work(api.sessions) as s:
        lasting = create_token(s, role="viewer", label="lasting", expires_in_days=10)
        ending = create_token(s, role="viewer", label="ending", expires_in_days=1)
    assert api.post(PING, as_token=ending).status_code == 200
    with unit_of_work(api.sessions) as s:
        past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        s.execute(update(ApiToken).where(ApiToken.label == "ending").values(expires_at=past))
    assert api.post(PING, as_token=ending).status_code == 401
    assert api.post(PING, as_token=lasting).status_code == 200
    hr = api.tokens["hr_admin"]
    working = [
        e["node"] for e in api.data(TOKENS, {"all": False}, as_token=hr)["apiTokens"]["edges"]
    ]
    every = [e["node"] for e in api.data(TOKENS, {"all": True}, as_token=hr)["apiTokens"]["edges"]]
    assert "ending" not in {n["label"] for n in working}
    (ended,) = [n for n in every if n["label"] == "ending"]
    assert (ended["expired"], ended["revoked"]) == (True, False)
    (lasts,) = [n for n in working if n["label"] == "lasting"]
    assert lasts["expired"] is False
    expires = dt.datetime.fromisoformat(lasts["expiresAt"])
    assert dt.timedelta(days=9) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(days=10)


def test_a_team_member_cannot_make_themselves_kam_and_lock_the_kam_out(
    api: Api, world: World
) -> None:
    member = world.tokens["member"]
    takeover = run(
        api,
        UPDATE_ACCOUNT,
        "updateAccount",
        {"accountId": world.account, "kamId": world.member},
        member,
    )
    assert (takeover["__typename"], takeover["code"], takeover["field"]) == (
        "ForbiddenError",
        "FORBIDDEN",
        "kamId",
    )
    # Still a team member: other fields are theirs to change, and the KAM keeps the account.
    renamed = run(
        api,
        UPDATE_ACCOUNT,
        "updateAccount",
        {"accountId": world.account, "name": "Renamed"},
        member,
    )
    assert renamed["__typename"] == "UpdateAccountSuccess"
    assert renamed["account"]["kam"]["id"] == world.kam
    kept = run(
        api,
        UPDATE_ACCOUNT,
        "updateAccount",
        {"accountId": world.account, "name": "Kept by its KAM"},
        world.tokens["kam"],
    )
    assert kept["__typename"] == "UpdateAccountSuccess"


def test_the_kam_or_hr_hands_the_account_over(api: Api, world: World) -> None:
    hr = api.tokens["hr_admin"]
    handed = run(
        api,
        UPDATE_ACCOUNT,
        "updateAccount",
        {"accountId": world.account, "kamId": world.member},
        world.tokens["kam"],
    )
    assert handed["__typename"] == "UpdateAccountSuccess"
    assert handed["account"]["kam"]["id"] == world.member
    # The former KAM is no longer the KAM: handing it back is the new KAM's or HR's call.
    again = run(
        api,
        UPDATE_ACCOUNT,
        "updateAccount",
        {"accountId": world.account, "kamId": world.kam},
        world.tokens["kam"],
    )
    assert (again["__typename"], again["field"]) == ("ForbiddenError", "kamId")
    by_hr = run(
        api, UPDATE_ACCOUNT, "updateAccount", {"accountId": world.account, "kamId": world.kam}, hr
    )
    assert by_hr["__typename"] == "UpdateAccountSuccess"
    assert by_hr["account"]["kam"]["id"] == world.kam
    # HR names the KAM, and changes nothing else of an account.
    more = run(
        api,
        UPDATE_ACCOUNT,
        "updateAccount",
        {"accountId": world.account, "kamId": world.kam, "stage": 1},
        hr,
    )
    assert (more["__typename"], more["code"]) == ("ForbiddenError", "FORBIDDEN")
    for role in ("viewer", "other_kam"):
        refused = run(
            api,
            UPDATE_ACCOUNT,
            "updateAccount",
            {"accountId": world.account, "kamId": world.pat},
            world.tokens[role],
        )
        assert (refused["__typename"], refused["field"]) == ("ForbiddenError", "kamId"), role


def test_actors_and_proposers_are_people_shown_by_name_to_those_who_may_not_see_emails(
    api: Api, world: World
) -> None:
    kam = world.tokens["kam"]
    changed = run(api, UPDATE_PLAN, "updatePlan", {"planId": world.plan, "status": "ACTIVE"}, kam)
    assert changed["__typename"] == "UpdatePlanSuccess"
    with unit_of_work(api.sessions) as s:  # a row written before actors were people
        s.add(
            PlanChange(
                plan_id=world.pks["plan"],
                changed_at=dt.datetime.now(dt.UTC),
                actor="gone@example.com",
                entity="plan",
                entity_id=str(world.pks["plan"]),
                action="update",
                field="name",
            )
        )
    proposed = run(
        api, ASSEMBLE, "assembleTeam", {"planId": world.plan, "timeLimit": 2, "wait": True}, kam
    )
    assert proposed["__typename"] == "AssembleTeamSuccess", proposed
    proposal = proposed["proposal"]["id"]
    with unit_of_work(api.sessions) as s:
        kam_name = s.scalar(select(Person.name).where(Person.email == world.kam_email))
    for role, token in (("viewer", api.tokens["viewer"]), ("other_kam", world.tokens["other_kam"])):
        seen = (
            api.post(HISTORY, {"id": world.plan}, as_token=token).text
            + api.post(PROPOSAL, {"id": proposal}, as_token=token).text
        )
        assert not EMAIL.search(seen), (role, seen)
        by = api.data(PROPOSAL, {"id": proposal}, as_token=token)["node"]
        assert by == {"createdBy": kam_name, "createdByPerson": {"name": kam_name, "email": None}}
        history = api.data(HISTORY, {"id": world.plan}, as_token=token)["plan"]["history"]["edges"]
        actors = {(e["node"]["field"], e["node"]["actor"]) for e in history}
        assert {("status", kam_name), ("name", "(email hidden)")} <= actors
        status = [e["node"] for e in history if e["node"]["field"] == "status"]
        assert status[-1]["actorPerson"] == {"name": kam_name, "email": None}
    hr_history = api.data(HISTORY, {"id": world.plan}, role="hr_admin")["plan"]["history"]
    assert {("status", world.kam_email), ("name", "gone@example.com")} <= {
        (e["node"]["field"], e["node"]["actor"]) for e in hr_history["edges"]
    }
    for token in (api.tokens["hr_admin"], kam):  # HR and the person see the email
        by = api.data(PROPOSAL, {"id": proposal}, as_token=token)["node"]
        assert by == {
            "createdBy": world.kam_email,
            "createdByPerson": {"name": kam_name, "email": world.kam_email},
        }
