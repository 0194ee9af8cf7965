"""Reviewing proposals over HTTP on both databases: a proposal is refused on accept when
anything it was computed from changed since (one test per cause), discarding and superseding,
releasing kept assignments, and "why not this person for this task?"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from teamgraph.db import unit_of_work
from teamgraph.people.models import TimeOff
from teamgraph.plans.team import add_conflict
from tests.api.graphql import Api
from tests.api.staffing_world import (
    ASSEMBLE,
    ASSIGN,
    DISCARD,
    WHY_NOT,
    StaffingWorld,
    accept,
    assemble,
    edit_task,
    make_staffing_world,
    pairs,
    statuses,
    team,
)

MERGE = """
mutation($input: MergeSkillsInput!) { mergeSkills(input: $input) { __typename } }
"""
RETIRE = """
mutation($input: RetireSkillInput!) { retireSkill(input: $input) { __typename } }
"""
UPDATE_PERSON = """
mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { __typename } }
"""


def _hr(api: Api, document: str, input: dict[str, Any]) -> None:
    (got,) = api.data(document, {"input": input}, role="hr_admin").values()
    assert got["__typename"].endswith("Success"), got


def edit_a_task(api: Api, world: StaffingWorld) -> None:
    edit_task(api, world, "research", effortHours=12)


def merge_a_required_skill(api: Api, world: StaffingWorld) -> None:
    _hr(api, MERGE, {"from": world.skills["pricing"], "into": world.skills["contract_law"]})


def retire_a_required_skill(api: Api, world: StaffingWorld) -> None:
    # Pricing is a nice-to-have of the negotiation (never mandatory): retiring it is allowed.
    _hr(api, RETIRE, {"skillId": world.skills["pricing"]})


def deactivate_a_candidate(api: Api, world: StaffingWorld) -> None:
    _hr(api, UPDATE_PERSON, {"personId": world.people["dee"], "active": False})


def give_a_candidate_time_off(api: Api, world: StaffingWorld) -> None:
    # Written to the store directly: the time off mutations come with another part of issue 10.
    with unit_of_work(api.sessions) as session:
        session.add(
            TimeOff(
                person_id=world.pks["person:eve"],
                start_date=dt.date(2027, 2, 1),
                end_date=dt.date(2027, 2, 14),
            )
        )


def bar_a_candidate(api: Api, world: StaffingWorld) -> None:
    # Through the service: the API has no mutation for conflicts of interest.
    with unit_of_work(api.sessions) as session:
        add_conflict(
            session,
            account_id=world.pks["account"],
            person_id=world.pks["person:dee"],
            reason="joined a rival",
        )


@pytest.mark.parametrize(
    ("cause", "said"),
    [
        (edit_a_task, "the tasks or what they require"),
        (merge_a_required_skill, "the tasks or what they require"),
        (retire_a_required_skill, "a skill the tasks require"),
        (deactivate_a_candidate, "the people who could be chosen"),
        (give_a_candidate_time_off, "the people who could be chosen"),
        (bar_a_candidate, "conflicts of interest"),
    ],
    ids=["task edit", "skill merged", "skill retired", "deactivated", "time off", "conflict"],
)
def test_a_proposal_is_refused_when_what_it_was_computed_from_changed(
    api: Api, cause: Callable[[Api, StaffingWorld], None], said: str
) -> None:
    world = make_staffing_world(api)
    proposal = assemble(api, world)
    cause(api, world)
    refused = accept(api, world, proposal["id"], confirmRemovals=True)
    assert (refused["__typename"], refused["code"]) == ("ConflictError", "CONFLICT"), refused
    assert "changed since" in refused["message"] and said in refused["message"], refused
    assert "assemble the team again" in refused["message"]
    assert team(api, world) == set()
    assert statuses(api, world)[proposal["id"]] == "OPEN"
    # A proposal made after the change is accepted.
    fresh = assemble(api, world)
    assert accept(api, world, fresh["id"])["__typename"] == "AcceptProposalSuccess"


def test_a_proposal_is_still_accepted_when_nothing_it_depends_on_changed(api: Api) -> None:
    world = make_staffing_world(api)
    proposal = assemble(api, world)
    # Another world: its own people, skills and plan, edited; nothing of this plan changes.
    other = make_staffing_world(api)
    edit_task(api, other, "research", effortHours=3)
    assert accept(api, world, proposal["id"])["__typename"] == "AcceptProposalSuccess"


def test_discarding_and_superseding(api: Api) -> None:
    world = make_staffing_world(api)
    first, second, third = (assemble(api, world, seed=k) for k in range(3))
    discarded = api.data(DISCARD, {"input": {"proposalId": third["id"]}}, as_token=world.token)
    assert discarded["discardProposal"]["proposal"]["status"] == "DISCARDED"
    again = api.data(DISCARD, {"input": {"proposalId": third["id"]}}, as_token=world.token)
    assert (again["discardProposal"]["code"], again["discardProposal"]["field"]) == (
        "CONFLICT",
        "proposalId",
    )
    viewer = api.data(DISCARD, {"input": {"proposalId": second["id"]}}, role="viewer")
    assert viewer["discardProposal"]["code"] == "FORBIDDEN"
    assert accept(api, world, first["id"])["__typename"] == "AcceptProposalSuccess"
    assert statuses(api, world) == {
        first["id"]: "ACCEPTED",
        second["id"]: "SUPERSEDED",
        third["id"]: "DISCARDED",
    }
    late = accept(api, world, second["id"])
    assert (late["code"], late["message"]) == ("CONFLICT", "the proposal is already superseded")
    assert accept(api, world, third["id"])["message"] == "the proposal is already discarded"


def test_a_manual_assignment_is_kept_unless_released(api: Api) -> None:
    world = make_staffing_world(api)
    # Ben holds no research skill; the KAM lead puts him on the support by hand.
    got = api.data(
        ASSIGN,
        {"input": {"taskId": world.tasks["support"], "personId": world.people["ben"]}},
        as_token=world.token,
    )["assign"]
    assert got["__typename"] == "AssignSuccess"
    free = {"stability": 0}
    kept = assemble(api, world, weights=free)
    assert ("ben", "support") in pairs(world, kept["assignments"])
    assert kept["removals"] == []
    ben_on_support = [{"personId": world.people["ben"], "taskId": world.tasks["support"]}]
    released = assemble(api, world, weights=free, release=ben_on_support)
    assert ("ben", "support") not in pairs(world, released["assignments"])
    assert [
        (world.who(r["person"]["id"]), world.what(r["task"]["id"]), r["role"], r["source"])
        for r in released["removals"]
    ] == [("ben", "support", "MEMBER", "MANUAL")]


@pytest.mark.parametrize(
    ("release", "code", "field"),
    [
        (("cal", "support"), "INVALID", "release[0]"),  # not an assignment
        (("ben", "support"), "CONFLICT", "release[0]"),  # pinned
    ],
)
def test_releasing_what_is_not_kept_is_a_typed_error(
    api: Api, release: tuple[str, str], code: str, field: str
) -> None:
    world = make_staffing_world(api)
    api.data(
        ASSIGN,
        {
            "input": {
                "taskId": world.tasks["support"],
                "personId": world.people["ben"],
                "pinned": True,
            }
        },
        as_token=world.token,
    )
    person, task = release
    got = api.data(
        ASSEMBLE,
        {
            "input": {
                "planId": world.plan,
                "release": [{"personId": world.people[person], "taskId": world.tasks[task]}],
            }
        },
        as_token=world.token,
    )["assembleTeam"]
    assert (got["code"], got["field"]) == (code, field), got


# --- why not --------------------------------------------------------------------------------


def why_not(
    api: Api, world: StaffingWorld, person: str, task: str, proposal: str | None
) -> dict[str, Any]:
    variables = {"person": world.people[person], "task": world.tasks[task], "proposal": proposal}
    found: dict[str, Any] = api.data(WHY_NOT, variables)["whyNot"]
    return found


def test_why_not_names_the_rule_that_excludes_them(api: Api) -> None:
    world = make_staffing_world(api)
    proposal = assemble(api, world)
    # Fay negotiates at level 2; the negotiation needs level 3 of someone who takes it alone.
    fay = why_not(api, world, "fay", "negotiate", proposal["id"])
    assert fay["eligible"] is False and fay["cost"] is None
    assert any(f"Negotiation S{world.n}" in reason for reason in fay["blockedBy"])
    assert fay["explanation"].startswith(f'{world.names["fay"]} may not take "Negotiate terms')
    # Kam holds none of the plan's skills (so is not in the problem at all): the same rule,
    # as the one owner of eligibility states it for anyone.
    kam = why_not(api, world, "kam", "research", proposal["id"])
    assert kam["eligible"] is False
    assert "holds none of the task's skills at the level asked" in kam["explanation"]


def test_why_not_prices_forcing_an_eligible_person_in(api: Api) -> None:
    world = make_staffing_world(api)
    proposal = assemble(api, world)
    (chosen,) = [p for p, t in pairs(world, proposal["assignments"]) if t == "negotiate"]
    other = ({"ana", "ben"} - {chosen}).pop()

    on_it = why_not(api, world, chosen, "negotiate", proposal["id"])
    assert on_it["chosen"] is True and on_it["cost"] == 0
    assert "is on" in on_it["explanation"]

    forced = why_not(api, world, other, "negotiate", proposal["id"])
    assert forced["eligible"] is True and forced["chosen"] is False
    assert forced["solverStatus"] == "OPTIMAL"
    assert forced["objective"] == pytest.approx(proposal["objective"])
    # The proposal is optimal, so forcing anyone in cannot score better.
    assert forced["cost"] >= 0
    assert forced["objectiveWith"] == pytest.approx(forced["objective"] - forced["cost"])
    assert sum(t["points"] for t in forced["termChanges"]) == pytest.approx(
        -forced["cost"], abs=1e-2
    )
    moves = {
        (world.who(m["person"]["id"]), world.what(m["task"]["id"]), m["change"])
        for m in forced["moves"]
    }
    # The negotiation takes one person: to let them in, the chosen one makes room.
    assert {(other, "negotiate", "ADDED"), (chosen, "negotiate", "REMOVED")} <= moves
    assert f"Forcing {world.names[other]} onto" in forced["explanation"]
    assert f"{world.names[chosen]} comes off" in forced["explanation"]

    # Without a proposal the comparison is with the best team solved now: the same figures.
    fresh = why_not(api, world, other, "negotiate", None)
    assert fresh["objective"] == pytest.approx(proposal["objective"])
    assert fresh["cost"] == pytest.approx(forced["cost"])


def test_why_not_with_an_outdated_proposal_says_so(api: Api) -> None:
    world = make_staffing_world(api)
    proposal = assemble(api, world)
    edit_task(api, world, "research", effortHours=12)
    (chosen,) = [p for p, t in pairs(world, proposal["assignments"]) if t == "negotiate"]
    other = ({"ana", "ben"} - {chosen}).pop()
    found = why_not(api, world, other, "negotiate", proposal["id"])
    assert found["explanation"].startswith("This proposal is out of date")
    assert found["cost"] is not None


def test_why_not_refuses_a_proposal_of_another_plan(api: Api) -> None:
    world, other = make_staffing_world(api), make_staffing_world(api)
    proposal = assemble(api, other)
    response = api.post(
        WHY_NOT,
        {
            "person": world.people["ana"],
            "task": world.tasks["negotiate"],
            "proposal": proposal["id"],
        },
    ).json()
    assert response["errors"][0]["extensions"] == {"code": "INVALID", "field": "proposal"}
