"""Team assembly's mutations: `assembleTeam`, `acceptProposal` and `whatIf`.

Solving takes seconds, so these run their transaction on a worker thread
(`transactional(..., off_loop=True)`): the event loop keeps answering other requests meanwhile.
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


@strawberry.input
class AssembleTeamInput:
    plan_id: strawberry.ID
    time_limit: float | None = strawberry.field(
        default=None, description="Seconds the solver may take (default: the server's)."
    )
    weights: StaffingWeights | None = None
    seed: int = 0


@strawberry.type
class AssembleTeamSuccess:
    proposal: Proposal


@strawberry.input
class AcceptProposalInput:
    proposal_id: strawberry.ID


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
    @transactional(to_the_plans_account, off_loop=True)
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
        )
        return AssembleTeamSuccess(proposal=Proposal.from_row(row))

    @strawberry.mutation(
        description="Make an open proposal the team of its tasks (refused if the plan changed)."
    )
    @transactional(to_the_proposals_account, off_loop=True)
    def accept_proposal(self, info: Info, input: AcceptProposalInput) -> AcceptProposalSuccess:
        session = info.context.session
        pk = decode_id(input.proposal_id, "Proposal", field="proposalId")
        team = proposals.accept_proposal(session, pk)
        row = proposals.get_proposal(session, pk)
        return AcceptProposalSuccess(
            proposal=Proposal.from_row(row),
            plan=build_nodes("Plan", [plans.get_plan(session, row.plan_id)])[0],
            assignments=build_nodes("Assignment", team),
        )

    @strawberry.mutation(
        description="What if these people left: the coverage lost and a minimal-change "
        "re-staffing of the plan, stored as a proposal."
    )
    @transactional(to_the_plans_account, off_loop=True)
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
