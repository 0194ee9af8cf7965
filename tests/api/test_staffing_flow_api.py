"""The staffing flow a KAM lead goes through, end to end over HTTP on both databases: an empty
plan -> assembleTeam -> acceptProposal (the team in place) -> a task edit (proposals made
before it are refused) -> work under way and a manual assignment -> a re-plan that keeps them,
and an accept that asks before it takes anyone off a task."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.graphql import Api
from tests.api.staffing_world import (
    ASSIGN,
    StaffingWorld,
    accept,
    assemble,
    edit_task,
    make_staffing_world,
    pairs,
    statuses,
    team,
)

UNASSIGN = """
mutation($input: UnassignInput!) {
  unassign(input: $input) { __typename ... on Error { message field code } }
}
"""


def terms_add_up(proposal: dict[str, Any]) -> None:
    terms = {t["term"]: t["points"] for t in proposal["objectiveTerms"]}
    assert {"skill", "relationship", "coverage", "balance", "stability", "unfilled"} <= set(terms)
    assert sum(terms.values()) == pytest.approx(proposal["objective"], abs=1e-6)


def changes(world: StaffingWorld, listed: list[dict[str, Any]]) -> set[tuple[str, ...]]:
    return {
        (world.who(c["person"]["id"]), world.what(c["task"]["id"]), c["role"], c["source"])
        for c in listed
    }


def test_from_an_empty_plan_to_a_re_plan_that_keeps_work_under_way(api: Api) -> None:
    world = make_staffing_world(api)
    assert team(api, world) == set()

    # An empty plan: the proposal only adds people, and says so.
    first = assemble(api, world)
    second = assemble(api, world, weights={"relationship": 2})
    terms_add_up(first)
    proposed = pairs(world, first["assignments"])
    assert {task for _, task in proposed} == {"negotiate", "research", "support"}
    assert first["removals"] == []
    assert {(p, t) for p, t, _, _ in changes(world, first["additions"])} == proposed
    assert {s for _, _, _, s in changes(world, first["additions"])} == {"SOLVER"}
    leads = [t for _, t, role, _ in changes(world, first["additions"]) if role == "LEAD"]
    assert sorted(leads) == ["negotiate", "research", "support"], "one lead per task"

    # Accept it: the team is in place, and the other open proposal is superseded.
    accepted = accept(api, world, first["id"])
    assert accepted["__typename"] == "AcceptProposalSuccess", accepted
    assert accepted["proposal"]["status"] == "ACCEPTED"
    assert team(api, world) == changes(world, first["additions"])
    assert statuses(api, world)[second["id"]] == "SUPERSEDED"

    # Re-planning an unchanged plan keeps the team (the stability weight is on by default).
    again = assemble(api, world)
    terms_add_up(again)
    assert pairs(world, again["assignments"]) == proposed
    assert again["additions"] == [] and again["removals"] == []

    # A task edit: a proposal made before it is refused, and nothing changes.
    edit_task(api, world, "negotiate", effortHours=10)
    stale = accept(api, world, again["id"], confirmRemovals=True)
    assert (stale["__typename"], stale["code"]) == ("ConflictError", "CONFLICT")
    assert "changed since" in stale["message"]
    assert team(api, world) == changes(world, first["additions"])

    # Work gets under way on the research, and the KAM lead puts Ben (no research skill) on
    # the support by hand, in the place of one of its solver assignees.
    edit_task(api, world, "research", status="IN_PROGRESS")
    supporters = sorted(p for p, t in proposed if t == "support")
    gone = api.data(
        UNASSIGN,
        {"input": {"taskId": world.tasks["support"], "personId": world.people[supporters[-1]]}},
        as_token=world.token,
    )["unassign"]
    assert gone["__typename"] == "UnassignSuccess", gone
    added = api.data(
        ASSIGN,
        {"input": {"taskId": world.tasks["support"], "personId": world.people["ben"]}},
        as_token=world.token,
    )["assign"]
    assert added["__typename"] == "AssignSuccess", added
    # And the negotiation now needs contract law, which only Fay holds: its assignee must go.
    edit_task(
        api,
        world,
        "negotiate",
        skills=[{"skillId": world.skills["contract_law"], "level": 4, "mandatory": True}],
    )
    before = team(api, world)
    kept = {(p, t) for p, t, _, source in before if t == "research" or source == "MANUAL"}
    assert ("ben", "support") in kept and len(kept) >= 2

    # Re-plan freely (stability 0): a better researcher than Ben is free for the support, yet
    # what is kept is pinned, and only the negotiator the edit rules out is taken off.
    replan = assemble(api, world, weights={"stability": 0})
    terms_add_up(replan)
    assert kept <= pairs(world, replan["assignments"])
    removals = changes(world, replan["removals"])
    negotiator = next(p for p, t in proposed if t == "negotiate")
    assert (negotiator, "negotiate", "LEAD", "SOLVER") in removals
    assert not {(p, t) for p, t, _, _ in removals} & kept
    assert ("fay", "negotiate", "LEAD", "SOLVER") in changes(world, replan["additions"])

    # Accepting asks first: a CONFLICT that names who would be taken off, and nothing changes.
    asked = accept(api, world, replan["id"])
    assert (asked["__typename"], asked["code"], asked["field"]) == (
        "ConflictError",
        "CONFLICT",
        "confirmRemovals",
    )
    assert world.names[negotiator] in asked["message"]
    assert f"Negotiate terms S{world.n}" in asked["message"]
    assert team(api, world) == before
    assert statuses(api, world)[replan["id"]] == "OPEN"

    # Confirmed: the proposal is the team, and what was kept is as it was.
    done = accept(api, world, replan["id"], confirmRemovals=True)
    assert done["__typename"] == "AcceptProposalSuccess", done
    after = team(api, world)
    assert {(p, t) for p, t, _, _ in after} == pairs(world, replan["assignments"])
    assert {row for row in before if (row[0], row[1]) in kept} <= after
    assert ("ben", "support", "MEMBER", "MANUAL") in after
    assert ("fay", "negotiate", "LEAD", "SOLVER") in after
    assert not {(p, t) for p, t, _, _ in after} & {(p, t) for p, t, _, _ in removals}
