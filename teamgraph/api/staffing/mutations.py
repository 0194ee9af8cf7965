"""Team assembly's mutations: `assembleTeam`, `acceptProposal`, `discardProposal` and `whatIf`.

`assembleTeam` and `whatIf` queue solve jobs and answer at once with them (a worker solves;
`solveJob(id:)` streams the progress); with `wait: true` they solve in the request as before,
in a transaction that takes no writer's lock first (`reads_long`: others keep writing meanwhile).
Like every operation, these run on a worker thread (teamgraph.app), so the event loop keeps
answering other requests meanwhile.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from teamgraph.api.core.context import Info
from teamgraph.api.core.ids import decode_id
from teamgraph.api.core.mutations import transactional
from teamgraph.api.core.nodes import build_nodes
from teamgraph.api.core.scopes import to_the_plans_account, to_the_proposals_account
from teamgraph.api.staffing.jobs import SolveJob, WhatIfOutcome
from teamgraph.api.staffing.types import CoverageSummary, Proposal, TeamMove
from teamgraph.errors import DomainError
from teamgraph.jobs import execute
from teamgraph.jobs import service as jobs
from teamgraph.jobs.models import JobKind
from teamgraph.jobs.models import SolveJob as JobRow
from teamgraph.plans import service as plans
from teamgraph.staffing import proposals
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
    wait: bool = strawberry.field(
        default=False,
        description="Solve in this request and answer with the proposal (up to the time "
        "limit). Without it the answer comes at once, with the job queued: follow it with the "
        "`solveJob(id:)` subscription or `node(id:)`.",
    )


@strawberry.type
class AssembleTeamSuccess:
    job: SolveJob
    proposal: Proposal | None = strawberry.field(
        description="The team found: with `wait: true`; null until the job has SUCCEEDED."
    )


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
    remove_people: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Who would leave: one scenario (or give `scenarios`)."
    )
    scenarios: list[list[strawberry.ID]] | None = strawberry.field(
        default=None,
        description=f"Several scenarios at once, each a group of people who would leave: one "
        f"job per scenario, run in parallel (at most {jobs.MAX_SCENARIOS}); `jobs` answers "
        "them in this order.",
    )
    wait: bool = strawberry.field(
        default=False,
        description="Solve in this request and answer with the outcome (scenarios one after "
        "another). Without it the answer comes at once, with the jobs queued.",
    )


@strawberry.type(
    description="What the plan loses if they leave, and the fewest changes to mend it: the "
    "figures are those of the first scenario's job, null until it has SUCCEEDED (each job's "
    "`whatIf` has its own)."
)
class WhatIfSuccess:
    job: SolveJob = strawberry.field(description="The (first) scenario's job.")
    jobs: list[SolveJob] = strawberry.field(description="One job per scenario, in their order.")
    outcome: strawberry.Private[WhatIfOutcome | None]

    @strawberry.field
    def coverage_now(self) -> CoverageSummary | None:
        return self.outcome.coverage_now if self.outcome else None

    @strawberry.field(
        description="The account once their relationships are gone, before anyone steps in."
    )
    def coverage_without(self) -> CoverageSummary | None:
        return self.outcome.coverage_without if self.outcome else None

    @strawberry.field(description="Their assignments on the plan.")
    def lost(self) -> list[TeamMove] | None:
        return self.outcome.lost if self.outcome else None

    @strawberry.field(description="The re-staffing: who steps in or out.")
    def moves(self) -> list[TeamMove] | None:
        return self.outcome.moves if self.outcome else None

    @strawberry.field(description="Tasks staffed today that stay short even after re-staffing.")
    async def newly_unfilled(self, info: Info) -> list[TaskRef] | None:
        return await self.outcome.newly_unfilled(info) if self.outcome else None

    @strawberry.field(description="The re-staffing as a proposal (accept it to apply it).")
    async def proposal(self, info: Info) -> Proposal | None:
        return await self.outcome.proposal(info) if self.outcome else None


def _scenarios(input: WhatIfInput) -> tuple[list[set[int]], list[str]]:
    """The scenarios asked, decoded, with the input field naming each."""
    if (input.remove_people is None) == (input.scenarios is None):
        raise DomainError("give either removePeople or scenarios", field="removePeople")
    if input.remove_people is not None:
        return [_people(input.remove_people, "removePeople")], ["removePeople"]
    assert input.scenarios is not None
    if not 1 <= len(input.scenarios) <= jobs.MAX_SCENARIOS:
        raise DomainError(f"give 1 to {jobs.MAX_SCENARIOS} scenarios", field="scenarios")
    fields = [f"scenarios[{i}]" for i in range(len(input.scenarios))]
    return [_people(s, f) for s, f in zip(input.scenarios, fields, strict=True)], fields


def _people(ids: list[strawberry.ID], field: str) -> set[int]:
    return {decode_id(p, "Person", field=f"{field}[{i}]") for i, p in enumerate(ids)}


def _run(
    info: Info,
    kind: JobKind,
    plan_id: int,
    inputs: list[dict[str, Any]],
    fields: list[str] | None,
    *,
    wait: bool,
) -> list[JobRow]:
    """Solve now (`wait`) or queue one job per input."""
    ctx = info.context
    actor, token = ctx.principal.actor, ctx.principal.token_id
    if wait:
        return [
            jobs.solve_now(
                ctx.session,
                kind,
                plan_id,
                job_input,
                settings=ctx.settings,
                actor=actor,
                token_id=token,
            )
            for job_input in inputs
        ]
    return jobs.submit(
        ctx.session,
        kind,
        plan_id,
        inputs,
        settings=ctx.settings,
        actor=actor,
        token_id=token,
        queue=ctx.queue,
        fields=fields,
    )


@strawberry.type
class StaffingMutations:
    @strawberry.mutation(
        description="Solve the plan's open tasks and store the team as a proposal, with the "
        "account's coverage before and after. Runs off the event loop."
    )
    @transactional(to_the_plans_account, reads_long=True)
    def assemble_team(self, info: Info, input: AssembleTeamInput) -> AssembleTeamSuccess:
        job_input = execute.assemble_input(
            time_limit=input.time_limit,
            weights=vars(input.weights) if input.weights else None,
            seed=input.seed,
            release=[
                (
                    decode_id(pair.person_id, "Person", field=f"release[{i}].personId"),
                    decode_id(pair.task_id, "Task", field=f"release[{i}].taskId"),
                )
                for i, pair in enumerate(input.release or [])
            ],
        )
        plan_id = decode_id(input.plan_id, "Plan", field="planId")
        (row,) = _run(info, JobKind.ASSEMBLE, plan_id, [job_input], None, wait=input.wait)
        proposal = (
            proposals.get_proposal(info.context.session, row.proposal_id)
            if row.proposal_id is not None
            else None
        )
        return AssembleTeamSuccess(
            job=SolveJob.from_row(row),
            proposal=Proposal.from_row(proposal) if proposal is not None else None,
        )

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
    @transactional(to_the_plans_account, reads_long=True)
    def what_if(self, info: Info, input: WhatIfInput) -> WhatIfSuccess:
        plan_id = decode_id(input.plan_id, "Plan", field="planId")
        scenarios, fields = _scenarios(input)
        inputs = [execute.what_if_input(leaving) for leaving in scenarios]
        rows = _run(info, JobKind.WHAT_IF, plan_id, inputs, fields, wait=input.wait)
        found = [SolveJob.from_row(row) for row in rows]
        first = found[0]
        return WhatIfSuccess(job=first, jobs=found, outcome=first.what_if())
