"""Solve jobs in the API: the `SolveJob` node, `cancelSolveJob`, and the `solveJob(id:)`
subscription that pushes a job's progress and then its result.

The subscription polls the job's row (off the event loop, a few times a second) and sends a
snapshot when it changed, so it works whichever process or machine runs the job. Its plan and
proposal are read in the same poll and primed into the loaders, so answering an event reads
nothing on the loop (subscriptions are not run on a worker thread as other operations are).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncGenerator
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.dataloader import DataLoader

from teamgraph.api.core.context import Context, Info
from teamgraph.api.core.ids import decode_id, from_global_id, to_global_id
from teamgraph.api.core.mutations import transactional, writes_to
from teamgraph.api.core.nodes import Node, load_node, load_nodes, register_node
from teamgraph.api.plans.loaders import plan_by_id, proposal_by_id
from teamgraph.api.staffing.types import CoverageSummary, MoveKind, Proposal, TeamMove
from teamgraph.errors import DomainError
from teamgraph.jobs import models
from teamgraph.jobs import service as jobs
from teamgraph.plans import models as plan_models
from teamgraph.plans import service as plans
from teamgraph.staffing import proposals

if TYPE_CHECKING:
    from teamgraph.api.people.types import Person
    from teamgraph.api.plans.tasks import Task
    from teamgraph.api.plans.types import Plan

PersonRef = Annotated["Person", strawberry.lazy("teamgraph.api.people.types")]
TaskRef = Annotated["Task", strawberry.lazy("teamgraph.api.plans.tasks")]
PlanRef = Annotated["Plan", strawberry.lazy("teamgraph.api.plans.types")]

POLL_SECONDS = 0.25  # how often a subscription reads its job's row


@strawberry.enum
class SolveJobStatus(Enum):
    QUEUED = models.JobStatus.QUEUED.value
    RUNNING = models.JobStatus.RUNNING.value
    SUCCEEDED = models.JobStatus.SUCCEEDED.value
    FAILED = models.JobStatus.FAILED.value
    CANCELLED = models.JobStatus.CANCELLED.value


@strawberry.enum
class SolveJobKind(Enum):
    ASSEMBLE = models.JobKind.ASSEMBLE.value
    WHAT_IF = models.JobKind.WHAT_IF.value


@strawberry.type(description="How far the solver got: its best team so far and the bound.")
class SolveProgress:
    elapsed_seconds: float | None
    solutions_found: int = strawberry.field(
        description="Better teams CP-SAT found so far (0 when an exact path answers at once)."
    )
    best_objective: float | None
    bound: float | None

    @strawberry.field(description="(bound - best) / |bound|; 0 when proved optimal.")
    def gap(self) -> float | None:
        if self.best_objective is None or not self.bound:
            return None
        return round(max(0.0, (self.bound - self.best_objective) / abs(self.bound)), 6)


@strawberry.type(
    description="What the plan loses if they leave, and the fewest changes to mend it."
)
class WhatIfOutcome:
    coverage_now: CoverageSummary
    coverage_without: CoverageSummary = strawberry.field(
        description="The account once their relationships are gone, before anyone steps in."
    )
    lost: list[TeamMove] = strawberry.field(description="Their assignments on the plan.")
    moves: list[TeamMove] = strawberry.field(description="The re-staffing: who steps in or out.")
    newly_unfilled_pks: strawberry.Private[list[int]]
    proposal_pk: strawberry.Private[int | None]

    @strawberry.field(description="Tasks staffed today that stay short even after re-staffing.")
    async def newly_unfilled(self, info: Info) -> list[TaskRef]:
        return await load_nodes(info, "Task", self.newly_unfilled_pks)

    @strawberry.field(description="The re-staffing as a proposal (accept it to apply it).")
    async def proposal(self, info: Info) -> Proposal | None:
        return await load_node(info, "Proposal", self.proposal_pk)

    @classmethod
    def of(cls, outcome: dict[str, Any], proposal_pk: int | None) -> WhatIfOutcome:
        def moves(pairs: list[list[int]], change: MoveKind) -> list[TeamMove]:
            return [TeamMove(person_pk=p, task_pk=t, change=change) for p, t in pairs]

        return cls(
            coverage_now=CoverageSummary.of(outcome["coverage_now"]),
            coverage_without=CoverageSummary.of(outcome["coverage_without"]),
            lost=moves(outcome["lost"], MoveKind.REMOVED),
            moves=moves(outcome["added"], MoveKind.ADDED)
            + moves(outcome["dropped"], MoveKind.REMOVED),
            newly_unfilled_pks=list(outcome["newly_unfilled"]),
            proposal_pk=proposal_pk,
        )


@strawberry.type(
    description="A solve (assembleTeam, or one what-if scenario) run by a worker: where it "
    "stands, how far the solver got, and its answer once SUCCEEDED. Seen only by who may write "
    "to the plan."
)
class SolveJob(Node):
    pk: strawberry.Private[int]
    plan_pk: strawberry.Private[int]
    proposal_pk: strawberry.Private[int | None]
    outcome: strawberry.Private[dict[str, Any] | None]
    removed_pks: strawberry.Private[list[int]]
    kind: SolveJobKind
    status: SolveJobStatus
    progress: SolveProgress
    error: str | None = strawberry.field(description="Why it FAILED, in words.")
    cancel_requested: bool
    attempts: int = strawberry.field(
        description="Runs begun (a run whose worker died is retried on another)."
    )
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None

    @strawberry.field
    async def plan(self, info: Info) -> PlanRef | None:
        return await load_node(info, "Plan", self.plan_pk)

    @strawberry.field(description="The team found, once SUCCEEDED (null until then).")
    async def proposal(self, info: Info) -> Proposal | None:
        return await load_node(info, "Proposal", self.proposal_pk)

    @strawberry.field(description="A what-if's people leaving (empty for an assembly).")
    async def remove_people(self, info: Info) -> list[PersonRef]:
        return await load_nodes(info, "Person", self.removed_pks)

    @strawberry.field(description="A what-if's answer, once SUCCEEDED (null until then).")
    def what_if(self) -> WhatIfOutcome | None:
        if self.outcome is None:
            return None
        return WhatIfOutcome.of(self.outcome, self.proposal_pk)

    @property
    def finished(self) -> bool:
        return models.JobStatus(self.status.value) in models.FINAL_STATUSES

    @classmethod
    def from_row(cls, row: models.SolveJob) -> SolveJob:
        return cls(
            id=to_global_id("SolveJob", row.id),
            pk=row.id,
            plan_pk=row.plan_id,
            proposal_pk=row.proposal_id,
            outcome=row.outcome,
            removed_pks=[int(p) for p in (row.input or {}).get("remove_people", [])],
            kind=SolveJobKind(row.kind),
            status=SolveJobStatus(row.status),
            progress=SolveProgress(
                elapsed_seconds=row.elapsed_seconds,
                solutions_found=row.solutions_found or 0,
                best_objective=row.best_objective,
                bound=row.bound,
            ),
            error=row.error,
            cancel_requested=bool(row.cancel_requested),
            attempts=row.attempts or 0,
            created_at=row.created_at,
            started_at=row.started_at,
            finished_at=row.finished_at,
        )


def solve_job_by_id(ctx: Context) -> DataLoader[int, models.SolveJob | None]:
    """Jobs by id, only those the caller may see (the rest load as missing)."""

    async def load(keys: list[int]) -> list[models.SolveJob | None]:
        found = jobs.visible_jobs(ctx.session, ctx.principal, keys)
        return [found.get(key) for key in keys]

    return DataLoader(load_fn=load)


register_node("SolveJob", solve_job_by_id, SolveJob.from_row)


# --- cancel -------------------------------------------------------------------------------------


@strawberry.input
class CancelSolveJobInput:
    job_id: strawberry.ID


@strawberry.type
class CancelSolveJobSuccess:
    job: SolveJob


to_the_jobs_account = writes_to("SolveJob", "job_id", jobs.account_of_job)


@strawberry.type
class SolveJobMutations:
    @strawberry.mutation(
        description="Cancel a solve job: a queued one ends CANCELLED at once, a running one "
        "within a second (its solver is stopped). A finished job is a CONFLICT."
    )
    @transactional(to_the_jobs_account)
    def cancel_solve_job(self, info: Info, input: CancelSolveJobInput) -> CancelSolveJobSuccess:
        pk = decode_id(input.job_id, "SolveJob", field="jobId")
        return CancelSolveJobSuccess(job=SolveJob.from_row(jobs.cancel(info.context.session, pk)))


# --- subscription -------------------------------------------------------------------------------


def _snapshot(row: models.SolveJob) -> tuple[Any, ...]:
    return (
        row.status,
        row.solutions_found,
        row.best_objective,
        row.bound,
        row.elapsed_seconds,
        row.proposal_id,
        row.error,
        row.cancel_requested,
        row.attempts,
    )


@strawberry.type
class SolveJobSubscription:
    @strawberry.subscription(
        description="A solve job as it runs: a snapshot now, another each time its progress "
        "changes (at most four a second), the last once it has ended (SUCCEEDED with its "
        "proposal, FAILED with its error, or CANCELLED). Null, once, for a job this token may "
        "not see."
    )
    async def solve_job(self, info: Info, id: strawberry.ID) -> AsyncGenerator[SolveJob | None]:
        ctx = info.context
        try:
            _, pk = from_global_id(id, field="id", expect="SolveJob")
        except DomainError:
            yield None
            return
        if not await run_in_threadpool(_may_see, ctx, pk):
            yield None
            return
        last: tuple[Any, ...] | None = None
        while True:
            found = await run_in_threadpool(_read, ctx, pk)
            if found is None:  # its plan was deleted
                yield None
                return
            row, plan, proposal = found
            now = _snapshot(row)
            if now != last:
                last = now
                ctx.forget()  # this event's fields load afresh: from what was just read
                ctx.loader(plan_by_id).prime(plan.id, plan)
                if proposal is not None:
                    ctx.loader(proposal_by_id).prime(proposal.id, proposal)
                job = SolveJob.from_row(row)
                yield job
                if job.finished:
                    return
            await asyncio.sleep(POLL_SECONDS)


def _may_see(ctx: Context, pk: int) -> bool:
    with ctx.new_session() as session:
        return pk in jobs.visible_jobs(session, ctx.principal, [pk])


def _read(
    ctx: Context, pk: int
) -> tuple[models.SolveJob, plan_models.Plan, plan_models.Proposal | None] | None:
    """The job as it is now, with its plan and its proposal (None: no such job)."""
    with ctx.new_session() as session:
        row = jobs.read_job(session, pk)
        if row is None:
            return None
        proposal = proposals.get_proposal(session, row.proposal_id) if row.proposal_id else None
        return row, plans.get_plan(session, row.plan_id), proposal
