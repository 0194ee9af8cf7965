"""Who may change a plan through HTTP (the account's KAM and its team), and the typed error of
each bad input, a full team and a second lead included."""

from __future__ import annotations

import itertools

import pytest

from teamgraph.db import unit_of_work
from tests import factories
from tests.api.graphql import (
    Api,
    BadInput,
    MutationTable,
    check_bad,
    check_roles,
    gid,
    mutation,
    run,
)
from tests.api.worlds import World, make_world

_serial = itertools.count(1)


MUTATIONS: MutationTable = {
    "createPlan": (
        "CreatePlanInput",
        "CreatePlanSuccess",
        lambda w: {
            "accountId": w.account,
            "name": f"FY {next(_serial)}",
            "periodStart": "2027-01-01",
            "periodEnd": "2027-12-31",
        },
    ),
    "updatePlan": (
        "UpdatePlanInput",
        "UpdatePlanSuccess",
        lambda w: {"planId": w.plan, "status": "ACTIVE"},
    ),
    "createObjective": (
        "CreateObjectiveInput",
        "CreateObjectiveSuccess",
        lambda w: {"planId": w.plan, "title": "Cut cost", "metric": "cost", "target": 3},
    ),
    "updateObjective": (
        "UpdateObjectiveInput",
        "UpdateObjectiveSuccess",
        lambda w: {"objectiveId": w.objective, "current": 2},
    ),
    "createTask": (
        "CreateTaskInput",
        "CreateTaskSuccess",
        lambda w: {"planId": w.plan, "kind": "PITCH", "title": "Pitch", "effortHours": 6},
    ),
    "updateTask": (
        "UpdateTaskInput",
        "UpdateTaskSuccess",
        lambda w: {"taskId": w.task, "status": "IN_PROGRESS"},
    ),
    "assign": ("AssignInput", "AssignSuccess", lambda w: {"taskId": w.task, "personId": w.pat}),
    "unassign": (
        "UnassignInput",
        "UnassignSuccess",
        lambda w: {"taskId": w.task, "personId": w.sam},
    ),
    "pin": ("PinInput", "PinSuccess", lambda w: {"taskId": w.task, "personId": w.pat}),
    "recordReview": (
        "RecordReviewInput",
        "RecordReviewSuccess",
        lambda w: {
            "planId": w.plan,
            "heldOn": "2027-03-31",
            "readings": [{"objectiveId": w.objective, "value": 2.5}],
        },
    ),
}


@pytest.mark.parametrize("role", ["none", "viewer", "hr_admin", "other_kam", "kam", "member"])
@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_roles(api: Api, name: str, role: str) -> None:
    check_roles(api, MUTATIONS, name, role, setup=make_world, allowed={"kam", "member"})


BAD: list[BadInput] = [
    (
        "createPlan",
        lambda w: {
            "accountId": w.account,
            "name": "P",
            "periodStart": "2027-02-01",
            "periodEnd": "2027-01-01",
        },
        "ValidationError",
        "periodEnd",
    ),
    (
        "createPlan",
        lambda w: {
            "accountId": w.task,
            "name": "P",
            "periodStart": "2027-01-01",
            "periodEnd": "2027-02-01",
        },
        "NotFoundError",
        "accountId",
    ),
    (
        "updatePlan",
        lambda w: {"planId": w.plan, "expectedVersion": 99, "name": "x"},
        "ConflictError",
        "expectedVersion",
    ),
    ("updatePlan", lambda w: {"planId": w.plan, "name": ""}, "ValidationError", "name"),
    ("createObjective", lambda w: {"planId": w.plan, "title": " "}, "ValidationError", "title"),
    (
        "updateObjective",
        lambda w: {"objectiveId": w.plan, "title": "x"},
        "NotFoundError",
        "objectiveId",
    ),
    (
        "createTask",
        lambda w: {
            "planId": w.plan,
            "kind": "PITCH",
            "title": "x",
            "effortHours": 1,
            "contactIds": [w.stranger],
        },
        "ValidationError",
        "contactIds[0]",
    ),
    (
        "createTask",
        lambda w: {
            "planId": w.plan,
            "kind": "PITCH",
            "title": "x",
            "effortHours": 1,
            "skills": [{"skillId": w.retired_skill, "level": 3}],
        },
        "ValidationError",
        "skills[0].skillId",
    ),
    (
        "createTask",
        lambda w: {
            "planId": w.plan,
            "kind": "PITCH",
            "title": "x",
            "effortHours": 1,
            "objectiveId": w.other_objective,
        },
        "ValidationError",
        "objectiveId",
    ),
    (
        "createTask",
        lambda w: {"planId": w.plan, "kind": "PITCH", "title": "x", "effortHours": 0},
        "ValidationError",
        "effortHours",
    ),
    (
        "updateTask",
        lambda w: {"taskId": w.task, "headcountMax": 0},
        "ValidationError",
        "headcountMax",
    ),
    (
        "updateTask",
        lambda w: {"taskId": w.task, "headcountMax": 1},
        "ConflictError",
        "headcountMax",
    ),
    ("assign", lambda w: {"taskId": w.task, "personId": w.barred}, "ConflictError", "personId"),
    ("assign", lambda w: {"taskId": w.task, "personId": w.member}, "ConflictError", "personId"),
    ("assign", lambda w: {"taskId": w.task, "personId": w.ceo}, "NotFoundError", "personId"),
    ("unassign", lambda w: {"taskId": w.task, "personId": w.pat}, "NotFoundError", "personId"),
    (
        "pin",
        lambda w: {"taskId": w.task, "personId": w.pat, "pinned": False},
        "NotFoundError",
        "personId",
    ),
    ("pin", lambda w: {"taskId": w.task, "personId": w.barred}, "ConflictError", "personId"),
    (
        "recordReview",
        lambda w: {
            "planId": w.plan,
            "heldOn": "2027-03-31",
            "readings": [{"objectiveId": w.other_objective, "value": 1}],
        },
        "ValidationError",
        "readings[0].objectiveId",
    ),
]


@pytest.mark.parametrize("case", BAD, ids=[f"{c[0]}-{c[3]}" for c in BAD])
def test_bad_input_is_a_typed_error(api: Api, case: BadInput) -> None:
    check_bad(api, MUTATIONS, case, setup=make_world, role="kam")


def test_a_full_team_and_a_second_lead_are_refused(api: Api, world: World) -> None:
    op = mutation("assign", "AssignInput", "AssignSuccess")
    token = world.tokens["kam"]
    lead = run(
        api, op, "assign", {"taskId": world.task, "personId": world.pat, "role": "LEAD"}, token
    )
    assert lead["__typename"] == "AssignSuccess"
    with unit_of_work(api.sessions) as s:
        extra = gid("Person", factories.person(s).id)
    second = run(
        api, op, "assign", {"taskId": world.task, "personId": extra, "role": "LEAD"}, token
    )
    assert (second["__typename"], second["field"]) == ("ConflictError", "taskId")
