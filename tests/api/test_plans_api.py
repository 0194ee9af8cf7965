"""Plans through HTTP: the plan query (objectives, tasks, team, reviews, history, who has the
ball), every plan mutation, two people editing one plan, and the SQL cost of a nested plan
query. Roles and typed errors are in test_plans_roles_and_errors_api.py."""

from __future__ import annotations

import itertools
from typing import Any

from teamgraph.db import unit_of_work
from teamgraph.plans import team
from teamgraph.plans.tasks import SkillNeed, create_task
from tests import factories
from tests.api.graphql import (
    Api,
    counting,
    gid,
    mutation,
    operation_names,
    run,
)
from tests.api.worlds import World

_serial = itertools.count(1)


PLAN_VERSION = "query($id: ID!) { plan(id: $id) { name version status } }"
UPDATE_PLAN = """
mutation($input: UpdatePlanInput!) { updatePlan(input: $input) {
  __typename ... on Error { field code message }
  ... on UpdatePlanSuccess { plan { name version } }
} }
"""


def test_two_people_editing_one_plan_get_a_conflict(api: Api, world: World) -> None:
    kam, member = world.tokens["kam"], world.tokens["member"]
    read_by_kam = api.data(PLAN_VERSION, {"id": world.plan}, as_token=kam)["plan"]["version"]
    read_by_member = api.data(PLAN_VERSION, {"id": world.plan}, as_token=member)["plan"]["version"]
    assert read_by_kam == read_by_member
    first = api.data(
        UPDATE_PLAN,
        {"input": {"planId": world.plan, "expectedVersion": read_by_kam, "name": "Kam's name"}},
        as_token=kam,
    )["updatePlan"]
    assert first["__typename"] == "UpdatePlanSuccess"
    assert first["plan"]["version"] == read_by_kam + 1
    second = api.data(
        UPDATE_PLAN,
        {
            "input": {
                "planId": world.plan,
                "expectedVersion": read_by_member,
                "name": "Member's name",
                "status": "CLOSED",
            }
        },
        as_token=member,
    )["updatePlan"]
    assert (second["__typename"], second["code"], second["field"]) == (
        "ConflictError",
        "CONFLICT",
        "expectedVersion",
    )
    after = api.data(PLAN_VERSION, {"id": world.plan})["plan"]
    assert after == {"name": "Kam's name", "version": read_by_kam + 1, "status": "DRAFT"}
    # A task edit with the stale version is refused alike, and writes nothing.
    stale_task = run(
        api,
        mutation("updateTask", "UpdateTaskInput", "UpdateTaskSuccess"),
        "updateTask",
        {"taskId": world.task, "expectedVersion": read_by_member, "title": "Mine"},
        member,
    )
    assert stale_task["__typename"] == "ConflictError"
    assert api.data(PLAN_VERSION, {"id": world.plan})["plan"]["version"] == read_by_kam + 1


HISTORY = """
query($id: ID!) { plan(id: $id) { history(last: 50) { totalCount edges { node {
  changedAt actor entity entityId action field oldValue newValue } } } } }
"""


def test_mutations_are_traced_with_the_caller_as_actor(api: Api, world: World) -> None:
    api.data(
        UPDATE_PLAN,
        {"input": {"planId": world.plan, "status": "ACTIVE"}},
        as_token=world.tokens["kam"],
    )
    run(
        api,
        mutation("assign", "AssignInput", "AssignSuccess"),
        "assign",
        {"taskId": world.task, "personId": world.pat},
        world.tokens["member"],
    )
    changes = [e["node"] for e in api.data(HISTORY, {"id": world.plan})["plan"]["history"]["edges"]]
    status = [c for c in changes if c["field"] == "status"]
    # A viewer reads the actor's name (emails are personal data); HR reads the email.
    assert status[-1]["actor"] == f"Kam {world.account_name.split()[-1]}"
    hr_view = api.data(HISTORY, {"id": world.plan}, role="hr_admin")["plan"]["history"]["edges"]
    assert [e["node"]["actor"] for e in hr_view if e["node"]["field"] == "status"][
        -1
    ] == world.kam_email
    assert (status[-1]["oldValue"], status[-1]["newValue"], status[-1]["action"]) == (
        "draft",
        "active",
        "UPDATE",
    )
    assigned = [c for c in changes if c["entity"] == "assignment" and c["action"] == "CREATE"]
    assert assigned[-1]["actor"].startswith("Member")
    assert all(c["field"] != "version" for c in changes)


PLAN = """
query($id: ID!, $asOf: Date, $status: TaskStatus) {
  plan(id: $id) {
    id name status version periodStart periodEnd account { name }
    objectives { title metric baseline target current }
    tasks(filter: {status: $status}, first: 20) { totalCount edges { node {
      title kind status due objective { title }
      skills { skillId skillName level mandatory weight }
      contacts { name }
      assignments { role pinned source person { name } }
    } } }
    team { roles person { name } tasks { title } pinnedTasks { title } }
    reviews { heldOn notes readings { value objective { title } } }
    whoHasTheBall(asOf: $asOf) {
      asOf
      holders { person { name } tasks { overdue daysOverdue task { title due } } }
      unassigned { overdue task { title } }
    }
  }
}
"""


def test_plan_with_tasks_team_reviews_and_the_ball(api: Api, world: World) -> None:
    token = world.tokens["kam"]
    task = api.data(
        """mutation($input: CreateTaskInput!) { createTask(input: $input) {
          __typename ... on CreateTaskSuccess { task { id } plan { version } } } }""",
        {
            "input": {
                "planId": world.plan,
                "kind": "NEGOTIATION",
                "title": "Terms",
                "effortHours": 12,
                "objectiveId": world.objective,
                "due": "2027-02-01",
                "headcountMax": 2,
                "skills": [{"skillId": world.skill, "level": 4, "mandatory": True, "weight": 2}],
                "contactIds": [world.cfo],
            }
        },
        as_token=token,
    )["createTask"]
    assert task["__typename"] == "CreateTaskSuccess"
    pin = mutation("pin", "PinInput", "PinSuccess")
    assert (
        run(
            api,
            pin,
            "pin",
            {"taskId": task["task"]["id"], "personId": world.pat, "role": "LEAD"},
            token,
        )["__typename"]
        == "PinSuccess"
    )
    review = mutation("recordReview", "RecordReviewInput", "RecordReviewSuccess")
    run(
        api,
        review,
        "recordReview",
        {
            "planId": world.plan,
            "heldOn": "2027-03-31",
            "notes": "ok",
            "readings": [{"objectiveId": world.objective, "value": 3}],
        },
        token,
    )
    plan = api.data(PLAN, {"id": world.plan, "asOf": "2027-03-01"})["plan"]
    assert plan["objectives"] == [
        {"title": "Grow", "metric": "", "baseline": 1.0, "target": 5.0, "current": 3.0}
    ]
    tasks = {e["node"]["title"]: e["node"] for e in plan["tasks"]["edges"]}
    terms = tasks["Terms"]
    assert terms["objective"] == {"title": "Grow"} and terms["contacts"] == [{"name": "Cfo"}]
    assert terms["skills"][0]["level"] == 4 and terms["skills"][0]["skillId"] == world.skill
    assert terms["skills"][0]["skillName"]
    assert terms["assignments"][0]["role"] == "LEAD" and terms["assignments"][0]["pinned"]
    team_names = {m["person"]["name"].split()[0]: m for m in plan["team"]}
    assert set(team_names) == {"Member", "Sam", "Pat"}
    assert team_names["Pat"]["roles"] == ["LEAD"] and team_names["Pat"]["pinnedTasks"] == [
        {"title": "Terms"}
    ]
    assert plan["reviews"][0]["readings"] == [{"value": 3.0, "objective": {"title": "Grow"}}]
    ball = plan["whoHasTheBall"]
    holders = [
        (
            h["person"]["name"].split()[0],
            [(t["task"]["title"], t["overdue"], t["daysOverdue"]) for t in h["tasks"]],
        )
        for h in ball["holders"]
    ]
    assert holders == [
        ("Pat", [("Terms", True, 28)]),
        ("Member", [("Research", False, 0)]),
        ("Sam", [("Research", False, 0)]),
    ]
    assert ball["unassigned"] == [] and ball["asOf"] == "2027-03-01"
    done_only = api.data(PLAN, {"id": world.plan, "status": "DONE"})["plan"]["tasks"]
    assert done_only["totalCount"] == 0


def test_plans_query_by_account_and_status(api: Api, world: World) -> None:
    query = """query($account: ID, $status: PlanStatus) {
      plans(account: $account, status: $status) { totalCount edges { node { name status } } } }"""
    assert api.data(query, {"account": world.account})["plans"]["totalCount"] == 1
    assert (
        api.data(query, {"account": world.account, "status": "ACTIVE"})["plans"]["totalCount"] == 0
    )
    node = api.data(
        "query($id: ID!) { node(id: $id) { ... on Task { title plan { name } } } }",
        {"id": world.task},
    )
    assert node["node"]["title"] == "Research"
    assert (
        api.data("query($id: ID!) { plan(id: $id) { name } }", {"id": world.task})["plan"] is None
    )


def test_objective_and_task_updates_end_to_end(api: Api, world: World) -> None:
    token = world.tokens["member"]
    objective = api.data(
        """mutation($input: UpdateObjectiveInput!) { updateObjective(input: $input) {
          ... on UpdateObjectiveSuccess { objective { title target current } plan { version } }
        } }""",
        {"input": {"objectiveId": world.objective, "target": 8, "current": None}},
        as_token=token,
    )["updateObjective"]
    assert objective["objective"] == {"title": "Grow", "target": 8.0, "current": None}
    task = api.data(
        """mutation($input: UpdateTaskInput!) { updateTask(input: $input) {
          ... on UpdateTaskSuccess {
            task { title status kind skills { level } contacts { name } } } } }""",
        {
            "input": {
                "taskId": world.task,
                "kind": "SUPPORT",
                "status": "IN_PROGRESS",
                "skills": [{"skillId": world.skill, "level": 2}],
                "contactIds": [world.ceo, world.cfo],
            }
        },
        as_token=token,
    )["updateTask"]["task"]
    assert task == {
        "title": "Research",
        "status": "IN_PROGRESS",
        "kind": "SUPPORT",
        "skills": [{"level": 2}],
        "contacts": [{"name": "Ceo"}, {"name": "Cfo"}],
    }
    unassigned = api.data(
        """mutation($input: UnassignInput!) { unassign(input: $input) {
          ... on UnassignSuccess { task { assignments { person { name } } } plan { version } }
        } }""",
        {"input": {"taskId": world.task, "personId": world.sam}},
        as_token=token,
    )["unassign"]
    assert [a["person"]["name"].split()[0] for a in unassigned["task"]["assignments"]] == ["Member"]


# --- the SQL cost of a nested plan query ------------------------------------------------------

NESTED = """
query($id: ID!) { plan(id: $id) { tasks(first: 50) { edges { node {
  title objective { title }
  assignments { role person { name } }
  skills { level skillName }
  contacts { name relationships { person { name } } }
} } } team { person { name } } } }
"""


def build_plan(api: Api, tasks: int) -> str:
    with unit_of_work(api.sessions) as s:
        account = factories.account(s)
        plan = factories.plan(s, account.id)
        objective = factories.objective(s, plan.id)
        skills = [factories.skill(s) for _ in range(3)]
        contacts = [factories.contact(s, account.id) for _ in range(3)]
        people = [factories.person(s) for _ in range(4)]
        for c in contacts:
            factories.relationship(s, people[0].id, c.id)
        for i in range(tasks):
            task = create_task(
                s,
                plan_id=plan.id,
                kind="research",
                title=f"T{i}",
                effort_hours=2,
                objective_id=objective.id,
                headcount_max=2,
                skills=[SkillNeed(sk.id, 3) for sk in skills[: 1 + i % 3]],
                contact_ids=[c.id for c in contacts[: 1 + i % 3]],
            )
            team.assign(s, task_id=task.id, person_id=people[i % 4].id, role="lead")
            team.assign(s, task_id=task.id, person_id=people[(i + 1) % 4].id)
        return gid("Plan", plan.id)


def test_nested_plan_query_costs_a_fixed_number_of_statements(api: Api) -> None:
    counts = []
    for size in (2, 12):
        plan_id = build_plan(api, size)
        with counting(api) as statements:
            data = api.data(NESTED, {"id": plan_id})
        assert len(data["plan"]["tasks"]["edges"]) == size
        counts.append(len(statements))
    assert counts[0] == counts[1] and counts[1] <= 16, counts


# --- the published operations of a KAM front-end ------------------------------------------------


def test_published_operations_run_end_to_end(api: Api, world: World) -> None:
    assert operation_names("plan-and-accounts") == [
        "AccountWithContacts",
        "PlanOverview",
        "CreateTask",
        "Assign",
    ]
    token = world.tokens["kam"]

    def send(name: str, variables: dict[str, Any]) -> Any:
        return api.published("plan-and-accounts", name, variables, as_token=token)

    account = send("AccountWithContacts", {"id": world.account, "first": 10})["account"]
    assert {e["node"]["name"] for e in account["contacts"]["edges"]} == {"Ceo", "Cfo"}
    plan = send("PlanOverview", {"id": world.plan, "asOf": "2027-03-01"})["plan"]
    created = send(
        "CreateTask",
        {
            "input": {
                "planId": world.plan,
                "expectedVersion": plan["version"],
                "kind": "PITCH",
                "title": "Pitch the pilot",
                "effortHours": 8,
                "skills": [{"skillId": world.skill, "level": 3}],
            }
        },
    )["createTask"]
    assert created["__typename"] == "CreateTaskSuccess"
    assigned = send(
        "Assign",
        {
            "input": {
                "taskId": created["task"]["id"],
                "personId": world.pat,
                "role": "LEAD",
                "expectedVersion": created["plan"]["version"],
            }
        },
    )["assign"]
    assert assigned["__typename"] == "AssignSuccess"
    assert assigned["assignment"]["person"]["id"] == world.pat
