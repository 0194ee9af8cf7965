"""Races between server processes: two `teamgraph serve` processes on one database, the same
change sent to both at the same moment.

A duplicate name lost in a race is answered exactly as a duplicate sent later is (the service's
own CONFLICT naming the field), never INTERNAL_SERVER_ERROR; an upsert's loser updates what
the winner created; the plan history's old values chain, each the value the write replaced,
however many updates of one task run at once.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from teamgraph.accounts.models import Relationship
from teamgraph.api.core.ids import from_global_id
from teamgraph.db import unit_of_work
from teamgraph.plans.models import PlanChange
from tests import factories
from tests.api.graphql import Api, gid, mutation
from tests.api.servers import at_once, post, served
from tests.api.worlds import make_world

RACERS = 8


@pytest.fixture(scope="module")
def servers(api: Api, api_database: str) -> Iterator[list[str]]:
    # Racers wait for each other as long as they need: this is about what they answer and
    # write, not about the time a busy database is given (tests/api/test_event_loop.py).
    with served(api_database, 2, {"TEAMGRAPH_DB_BUSY_SECONDS": "60"}) as bases:
        yield bases


def _results(answers: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    for answer in answers:
        assert "errors" not in answer, answer  # DATABASE_BUSY, INTERNAL_SERVER_ERROR...
    return [answer["data"][name] for answer in answers]


def _one_wins_the_rest_are_duplicates(
    servers: list[str],
    name: str,
    input_type: str,
    success: str,
    inputs: list[dict[str, Any]],
    token: str,
    later: dict[str, Any],
) -> None:
    """`inputs` raced over both servers: one succeeds, each other is answered as `later` (the
    same change sent once the race is over) is, a CONFLICT naming its field."""
    document = mutation(name, input_type, success)
    results = _results(at_once(servers, [(document, {"input": i}, token) for i in inputs]), name)
    duplicate = post(servers[0], document, {"input": later}, token)["data"][name]
    assert (duplicate["__typename"], duplicate["code"]) == ("ConflictError", "CONFLICT")
    assert duplicate["field"]
    winners = [r for r in results if r["__typename"] == success]
    losers = {(r["__typename"], r["code"], r["field"]) for r in results if r not in winners}
    assert len(winners) == 1, results
    assert losers == {("ConflictError", "CONFLICT", duplicate["field"])}, results


def _skills(api: Api, count: int) -> list[str]:
    with unit_of_work(api.sessions) as s:
        return [gid("Skill", factories.skill(s).id) for _ in range(count)]


def test_an_alias_raced_onto_several_skills_is_added_once(api: Api, servers: list[str]) -> None:
    *skills, last = _skills(api, RACERS + 1)
    alias = f"race alias {last}"
    _one_wins_the_rest_are_duplicates(
        servers,
        "addSkillAlias",
        "AddSkillAliasInput",
        "AddSkillAliasSuccess",
        [{"skillId": s, "alias": alias} for s in skills],
        api.tokens["hr_admin"],
        later={"skillId": last, "alias": alias},
    )


def test_skills_raced_to_one_name_are_renamed_once(api: Api, servers: list[str]) -> None:
    *skills, last = _skills(api, RACERS + 1)
    name = f"Race name {last}"
    _one_wins_the_rest_are_duplicates(
        servers,
        "renameSkill",
        "RenameSkillInput",
        "RenameSkillSuccess",
        [{"skillId": s, "name": name} for s in skills],
        api.tokens["hr_admin"],
        later={"skillId": last, "name": name},
    )


def test_an_account_raced_is_created_once(api: Api, servers: list[str]) -> None:
    world = make_world(api)
    account = {"name": f"Raced {world.account_name}"}
    _one_wins_the_rest_are_duplicates(
        servers,
        "createAccount",
        "CreateAccountInput",
        "CreateAccountSuccess",
        [account] * RACERS,
        world.tokens["kam"],
        later=account,
    )


def test_a_plan_raced_is_created_once(api: Api, servers: list[str]) -> None:
    world = make_world(api)
    plan = {
        "accountId": world.account,
        "name": "Raced plan",
        "periodStart": dt.date(2027, 1, 1).isoformat(),
        "periodEnd": dt.date(2027, 12, 31).isoformat(),
    }
    _one_wins_the_rest_are_duplicates(
        servers,
        "createPlan",
        "CreatePlanInput",
        "CreatePlanSuccess",
        [plan] * RACERS,
        world.tokens["kam"],
        later=plan,
    )


def test_a_relationship_raced_is_created_once_and_the_others_update_it(
    api: Api, servers: list[str]
) -> None:
    world = make_world(api)
    strengths = [round(0.1 * (i + 1), 1) for i in range(RACERS)]
    document = mutation(
        "upsertRelationship",
        "UpsertRelationshipInput",
        "UpsertRelationshipSuccess",
    )
    inputs = [{"personId": world.pat, "contactId": world.cfo, "strength": s} for s in strengths]
    results = _results(
        at_once(servers, [(document, {"input": i}, world.tokens["kam"]) for i in inputs]),
        "upsertRelationship",
    )
    assert {r["__typename"] for r in results} == {"UpsertRelationshipSuccess"}, results
    with unit_of_work(api.sessions) as s:
        rows = s.scalars(
            select(Relationship).where(
                Relationship.person_id == world.pks["pat"],
                Relationship.contact_id == from_global_id(world.cfo, field="cfo")[1],
            )
        ).all()
    assert len(rows) == 1
    assert rows[0].strength in strengths


UPDATE_TASK = """
mutation Retitle($input: UpdateTaskInput!) {
  updateTask(input: $input) { __typename ... on Error { code field message } }
}
"""


def test_concurrent_task_updates_record_the_value_each_one_replaced(
    api: Api, servers: list[str]
) -> None:
    world = make_world(api)
    titles = [f"Title {i}" for i in range(16)]
    requests = [
        (UPDATE_TASK, {"input": {"taskId": world.task, "title": t}}, world.tokens["kam"])
        for t in titles
    ]
    results = _results(at_once(servers, requests), "updateTask")
    assert {r["__typename"] for r in results} == {"UpdateTaskSuccess"}, results
    with unit_of_work(api.sessions) as s:
        changes = s.execute(
            select(PlanChange.old_value, PlanChange.new_value)
            .where(
                PlanChange.entity == "task",
                PlanChange.entity_id == str(world.pks["task"]),
                PlanChange.field == "title",
            )
            .order_by(PlanChange.id)
        ).all()
    assert len(changes) == len(titles)
    assert sorted(new for _, new in changes) == sorted(titles)
    assert changes[0][0] == "Research"  # the world's task, before the race
    for (_, before), (old, _) in itertools.pairwise(changes):
        assert old == before, changes
