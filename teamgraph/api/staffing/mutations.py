"""Team assembly's mutations: `assembleTeam`, `acceptProposal`, `discardProposal` and `whatIf`.

Solving takes seconds; like every operation, these run on a worker thread (teamgraph.app),
so the event loop keeps answering other requests meanwhile.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import strawberry

from teamgraph.api.core.context import Info
from teamgraph.api.core.ids import decode_id
from teamgraph.api.core.mutations import transactional
from teamgraph.api.core.nodes import build_nodes, load_nodes
from teamgraph.api.core.scopes import to_the_plans_account, to_the_proposals_account
from teamgraph.api.staffing.types import CoverageSummary, MoveKind, Proposal, TeamMove
from teamgraph.plans import service as plans
from teamgraph.staffing import assemble, proposals
from teamgraph.staffing.compile import DEFAULT_STABILITY

if TYPE_CHECKING:
    from teamgraph.api.plans.tasks import Assignment, Task
    from teamgraph.api.plans.types import Plan

TaskRef = Annotated["Task", strawberry.lazy("teamgraph.api.plans.tasks")]


@strawberry.input(description="Weights of the objective's terms (see README); omitted: default.")
class StaffingWeights:
    skill: float | None = None
    relationship: float | None = None
    coverage: float | None = None
    balance: float | None = None
    continuity: float | None = None
    cost: float | None = None
    unfilled: float | None = None
    stability: float | None = strawberry.field(
        default=None,
        description="Points each change to the current team costs (a person taken off a task "
        f"or put on one). Default {DEFAULT_STABILITY:g}, half a perfect skill match: nobody is "
        f"moved for a replacement less than {2 * DEFAULT_STABILITY:g} points better; 0 "
        "re-plans freely.",
    )


@strawberry.input(description="A person on a task.")
class PersonOnTaskInput:
    person_id: strawberry.ID
    task_id: strawberry.ID


@strawberry.input
class AssembleTeamInput:
    plan_id: strawberry.ID
    time_limit: float | None = strawberry.field(
        default=None, description="Seconds the solver may take (default: the server's)."
    )
    weights: StaffingWeights | None = None
    seed: int = 0
    release: list[PersonOnTaskInput] | None = strawberry.field(
        default=None,
        description="Kept assignments the solver may move this time. The assignees of "
        "in-progress tasks and manual assignments are kept (pinned in the solve) unless named "
        "here; a pinned assignment is not released (lift its pin first).",
    )


@strawberry.type
class AssembleTeamSuccess:
    proposal: Proposal


@strawberry.input
class AcceptProposalInput:
    proposal_id: strawberry.ID
    confirm_removals: bool = strawberry.field(
        default=False,
        description="Needed to accept a proposal that takes anyone off a task (its "
        "`removals`); without it such an accept is a CONFLICT listing them.",
    )


@strawberry.input
class DiscardProposalInput:
    proposal_id: strawberry.ID


@strawberry.type
class DiscardProposalSuccess:
    proposal: Proposal


@strawberry.type
class AcceptProposalSuccess:
    proposal: Proposal
    plan: Annotated[Plan, strawberry.lazy("teamgraph.api.plans.types")]
    assignments: list[Annotated[Assignment, strawberry.lazy("teamgraph.api.plans.tasks")]]


@strawberry.input
class WhatIfInput:
    plan_id: strawberry.ID
    remove_people: list[strawberry.ID]


@strawberry.type(
    description="What the plan loses if they leave, and the fewest changes to mend it."
)
class WhatIfSuccess:
    coverage_now: CoverageSummary
    coverage_without: CoverageSummary = strawberry.field(
        description="The account once their relationships are gone, before anyone steps in."
    )
    lost: list[TeamMove] = strawberry.field(description="Their assignments on the plan.")
    moves: list[TeamMove] = strawberry.field(description="The re-staffing: who steps in or out.")
    newly_unfilled_pks: strawberry.Private[list[int]]
    proposal: Proposal = strawberry.field(
        description="The re-staffing as a proposal (accept it to apply it)."
    )

    @strawberry.field(description="Tasks staffed today that stay short even after re-staffing.")
    async def newly_unfilled(self, info: Info) -> list[TaskRef]:
        return await load_nodes(info, "Task", self.newly_unfilled_pks)


def _moves(pairs: Sequence[tuple[int, int]], change: MoveKind) -> list[TeamMove]:
    return [TeamMove(person_pk=p, task_pk=t, change=change) for p, t in pairs]


@strawberry.type
class StaffingMutations:
    @strawberry.mutation(
        description="Solve the plan's open tasks and store the team as a proposal, with the "
        "account's coverage before and after. Runs off the event loop."
    )
    @transactional(to_the_plans_account)
    def assemble_team(self, info: Info, input: AssembleTeamInput) -> AssembleTeamSuccess:
        ctx = info.context
        options = assemble.solve_options(
            ctx.settings,
            time_limit=input.time_limit,
            weights=vars(input.weights) if input.weights else None,
            seed=input.seed,
        )
        row = assemble.assemble_team(
            ctx.session,
            decode_id(input.plan_id, "Plan", field="planId"),
            settings=ctx.settings,
            options=options,
            actor=ctx.principal.actor,
            release=[
                (
                    decode_id(pair.person_id, "Person", field=f"release[{i}].personId"),
                    decode_id(pair.task_id, "Task", field=f"release[{i}].taskId"),
                )
                for i, pair in enumerate(input.release or [])
            ],
        )
        return AssembleTeamSuccess(proposal=Proposal.from_row(row))

    @strawberry.mutation(
        description="Make an open proposal the team of its tasks and supersede the plan's "
        "other open proposals. Refused (CONFLICT) if the plan or anything the proposal was "
        "computed from changed since, and, without `confirmRemovals`, if it takes anyone off "
        "a task."
    )
    @transactional(to_the_proposals_account)
    def accept_proposal(self, info: Info, input: AcceptProposalInput) -> AcceptProposalSuccess:
        ctx = info.context
        pk = decode_id(input.proposal_id, "Proposal", field="proposalId")
        team = proposals.accept_proposal(
            ctx.session, pk, settings=ctx.settings, confirm_removals=input.confirm_removals
        )
        row = proposals.get_proposal(ctx.session, pk)
        return AcceptProposalSuccess(
            proposal=Proposal.from_row(row),
            plan=build_nodes("Plan", [plans.get_plan(ctx.session, row.plan_id)])[0],
            assignments=build_nodes("Assignment", team),
        )

    @strawberry.mutation(description="Set an open proposal aside (status DISCARDED).")
    @transactional(to_the_proposals_account)
    def discard_proposal(self, info: Info, input: DiscardProposalInput) -> DiscardProposalSuccess:
        pk = decode_id(input.proposal_id, "Proposal", field="proposalId")
        return DiscardProposalSuccess(
            proposal=Proposal.from_row(proposals.discard_proposal(info.context.session, pk))
        )

    @strawberry.mutation(
        description="What if these people left: the coverage lost and a minimal-change "
        "re-staffing of the plan, stored as a proposal."
    )
    @transactional(to_the_plans_account)
    def what_if(self, info: Info, input: WhatIfInput) -> WhatIfSuccess:
        ctx = info.context
        leaving = {
            decode_id(p, "Person", field=f"removePeople[{i}]")
            for i, p in enumerate(input.remove_people)
        }
        found = assemble.what_if(
            ctx.session,
            decode_id(input.plan_id, "Plan", field="planId"),
            leaving,
            settings=ctx.settings,
            actor=ctx.principal.actor,
        )
        return WhatIfSuccess(
            coverage_now=CoverageSummary.of(found.coverage_now),
            coverage_without=CoverageSummary.of(found.coverage_without),
            lost=_moves(found.lost, MoveKind.REMOVED),
            moves=_moves(found.added, MoveKind.ADDED) + _moves(found.dropped, MoveKind.REMOVED),
            newly_unfilled_pks=found.newly_unfilled,
            proposal=Proposal.from_row(found.proposal),
        )
