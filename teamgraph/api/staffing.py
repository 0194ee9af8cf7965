"""Team assembly in the API: proposals, `candidates(task:)`, `compareProposals`, and the
`assembleTeam` / `acceptProposal` / `whatIf` mutations.

Solving takes seconds, so the mutations run their transaction on a worker thread: the event
loop keeps answering other requests meanwhile. (Mutations run one after another, so nothing
else touches the request's session while the thread has it.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any

import strawberry
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from teamgraph.api.account_mutations import guarded
from teamgraph.api.accounts import Contact, _contacts, _person
from teamgraph.api.context import Context, Info
from teamgraph.api.errors import Error, result_union
from teamgraph.api.loaders import grouped, keyed
from teamgraph.api.people import Person, person_by_id
from teamgraph.api.plans import Assignment, Plan, Task, _one, _tasks, plan_by_id, task_by_id
from teamgraph.api.relay import Node, decode_id, register_node, to_global_id
from teamgraph.errors import DomainError, NotFoundError
from teamgraph.plans import models
from teamgraph.plans import service as plans
from teamgraph.rows import rows_by_id, rows_grouped
from teamgraph.staffing import assemble, proposals
from teamgraph.staffing.candidates import Candidate as CandidateFigures
from teamgraph.staffing.candidates import rank_candidates
from teamgraph.staffing.compile import StaffingOptions, store_id

MAX_TIME_LIMIT = 300.0
MAX_CANDIDATES = 100

# --- loaders --------------------------------------------------------------------------------------


proposal_by_id = keyed(lambda session, ids: rows_by_id(session, models.Proposal, ids))
proposals_by_plan_id = grouped(
    lambda session, ids: rows_grouped(
        session, models.Proposal.plan_id, ids, (models.Proposal.id.desc(),)
    )
)


async def _task(info: Info, pk: int) -> Task | None:
    return await _one(info, task_by_id, pk, Task.from_row)


# --- types ---------------------------------------------------------------------------------------


@strawberry.type(description="One term of a score, in points (a perfect skill match is 10).")
class ScoreTerm:
    term: str = strawberry.field(
        description="skill, relationship, continuity, cost, or utility (given)."
    )
    points: float


@strawberry.type(description="The account's coverage figures at one moment.")
class CoverageSummary:
    breadth_index: float
    contacts: int
    covered: int
    multi_threaded: int
    decision_makers_covered: int
    sole_threaded: int
    people_engaged: int
    bus_factor: int | None

    @classmethod
    def of(cls, figures: dict[str, Any]) -> CoverageSummary:
        return cls(
            breadth_index=float(figures.get("breadth_index", 0.0)),
            contacts=int(figures.get("contacts", 0)),
            covered=int(figures.get("covered", 0)),
            multi_threaded=int(figures.get("multi_threaded", 0)),
            decision_makers_covered=int(figures.get("decision_makers_covered", 0)),
            sole_threaded=int(figures.get("sole_threaded", 0)),
            people_engaged=int(figures.get("people_engaged", 0)),
            bus_factor=figures.get("bus_factor"),
        )


@strawberry.type
class PersonOnTask:
    """A (person, task) pair resolved through the request's loaders (not a schema type)."""

    person_pk: strawberry.Private[int]
    task_pk: strawberry.Private[int]

    @strawberry.field
    async def person(self, info: Info) -> Person | None:
        return await _person(info, self.person_pk)

    @strawberry.field
    async def task(self, info: Info) -> Task | None:
        return await _task(info, self.task_pk)


@strawberry.type(description="A person the proposal puts on a task, and why.")
class ProposedAssignment:
    # Loaded for the whole list by `Proposal.assignments`: plain fields, not one await each.
    person: Person | None
    task: Task | None
    utility: float
    load: float = strawberry.field(description="Hours over the plan's period.")
    why: list[ScoreTerm] = strawberry.field(description="Terms adding up to `utility`.")


@strawberry.type(description="A task the proposal leaves short, and why.")
class UnfilledTask:
    task_pk: strawberry.Private[int]
    missing: int = strawberry.field(description="People short of the task's minimum.")
    reasons: list[str]

    @strawberry.field
    async def task(self, info: Info) -> Task | None:
        return await _task(info, self.task_pk)


@strawberry.enum
class ProposalStatus(Enum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DISCARDED = "discarded"


@strawberry.type(description="A team the solver proposed for a plan's open tasks.")
class Proposal(Node):
    pk: strawberry.Private[int]
    plan_pk: strawberry.Private[int]
    result_: strawberry.Private[dict[str, Any]]
    status: ProposalStatus
    solver_status: str = strawberry.field(description="OPTIMAL, FEASIBLE, INFEASIBLE or UNKNOWN.")
    objective: float | None
    bound: float | None = strawberry.field(description="A proved upper bound on the objective.")
    coverage_before: CoverageSummary
    coverage_after: CoverageSummary = strawberry.field(
        description="Counting a thread for each assignee with each contact their task engages."
    )
    created_by: str
    created_at: dt.datetime

    @strawberry.field(description="(bound - objective) / |bound|; 0 when proved optimal.")
    def gap(self) -> float | None:
        if self.objective is None or not self.bound:
            return None
        return round(max(0.0, (self.bound - self.objective) / abs(self.bound)), 6)

    @strawberry.field(description="Which solver path ran: assignment, flow, cp-sat, greedy...")
    def path(self) -> str | None:
        stats = self.result_.get("stats") or {}
        return str(stats["path"]) if "path" in stats else None

    @strawberry.field
    async def assignments(self, info: Info) -> list[ProposedAssignment]:
        listed = self.result_.get("assignments", [])
        people = await info.context.loader(person_by_id).load_many(
            [store_id(a["person"]) for a in listed]
        )
        tasks = await info.context.loader(task_by_id).load_many(
            [store_id(a["task"]) for a in listed]
        )
        return [
            ProposedAssignment(
                person=Person.from_row(person) if person is not None else None,
                task=Task.from_row(task) if task is not None else None,
                utility=a["utility"],
                load=a["load"],
                why=[ScoreTerm(term=w["term"], points=w["value"]) for w in a["why"]],
            )
            for a, person, task in zip(listed, people, tasks, strict=True)
        ]

    @strawberry.field
    def unfilled(self) -> list[UnfilledTask]:
        return [
            UnfilledTask(task_pk=store_id(u["task"]), missing=u["missing"], reasons=u["reasons"])
            for u in self.result_.get("unfilled", [])
        ]

    @strawberry.field(description="When no team keeps every rule: the rules that clash.")
    def infeasible_reasons(self) -> list[str]:
        infeasible = self.result_.get("infeasible")
        return list(infeasible["reasons"]) if infeasible else []

    @strawberry.field
    async def plan(self, info: Info) -> Plan | None:
        row = await info.context.loader(plan_by_id).load(self.plan_pk)
        return Plan.from_row(row) if row is not None else None

    @classmethod
    def from_row(cls, row: models.Proposal) -> Proposal:
        return cls(
            id=to_global_id("Proposal", row.id),
            pk=row.id,
            plan_pk=row.plan_id,
            result_=row.result,
            status=ProposalStatus(row.status),
            solver_status=row.solver_status,
            objective=row.objective,
            bound=row.bound,
            coverage_before=CoverageSummary.of(row.coverage_before),
            coverage_after=CoverageSummary.of(row.coverage_after),
            created_by=row.created_by,
            created_at=row.created_at,
        )


async def _fetch_proposals(ctx: Context, keys: list[int]) -> Sequence[Proposal | None]:
    rows = await ctx.loader(proposal_by_id).load_many(keys)
    return [Proposal.from_row(row) if row is not None else None for row in rows]


register_node("Proposal", _fetch_proposals)


async def proposals_of_plan(info: Info, plan_pk: int) -> list[Proposal]:
    rows = await info.context.loader(proposals_by_plan_id).load(plan_pk)
    return [Proposal.from_row(row) for row in rows]


@strawberry.type(description="A person ranked for a task, and what choosing them would do.")
class Candidate:
    figures: strawberry.Private[CandidateFigures]
    score: float = strawberry.field(description="The solver's utility for the pair, in points.")
    why: list[ScoreTerm]
    eligible: bool
    blocked_by: list[str] = strawberry.field(description="Why they may not take it, in words.")
    free_hours: float = strawberry.field(
        description="Hours left over the plan's period after their other work and this task."
    )
    fits_capacity: bool
    decision_makers_newly_covered: int

    @strawberry.field
    async def person(self, info: Info) -> Person | None:
        return await _person(info, self.figures.person_id)

    @strawberry.field(description="The task's contacts they would gain a thread with.")
    async def new_threads(self, info: Info) -> list[Contact]:
        return await _contacts(info, self.figures.effect.new_threads)

    @strawberry.field(description="Of those, contacts nobody has a thread with today.")
    async def newly_covered(self, info: Info) -> list[Contact]:
        return await _contacts(info, self.figures.effect.newly_covered)

    @strawberry.field(
        description="Of those, contacts who hang on one relationship today: no longer."
    )
    async def sole_threads_relieved(self, info: Info) -> list[Contact]:
        return await _contacts(info, self.figures.effect.sole_threads_relieved)

    @classmethod
    def of(cls, c: CandidateFigures) -> Candidate:
        return cls(
            figures=c,
            score=c.utility,
            why=[ScoreTerm(term=t, points=v) for t, v in c.why],
            eligible=c.eligible,
            blocked_by=list(c.blocked_by),
            free_hours=c.free_hours,
            fits_capacity=c.fits_capacity,
            decision_makers_newly_covered=c.effect.decision_makers_newly_covered,
        )


@strawberry.enum
class MoveKind(Enum):
    ADDED = "added"
    REMOVED = "removed"


@strawberry.type(description="A person put on, or taken off, a task.")
class TeamMove(PersonOnTask):
    change: MoveKind


@strawberry.type(description="How one coverage figure changes.")
class FigureChange:
    figure: str
    change: float


@strawberry.type(description="What changes from proposal a to proposal b.")
class ProposalComparison:
    moves: list[TeamMove]
    objective_change: float | None
    coverage_change: list[FigureChange]
    newly_unfilled_pks: strawberry.Private[list[int]]
    no_longer_unfilled_pks: strawberry.Private[list[int]]

    @strawberry.field(description="Tasks b leaves short that a staffed.")
    async def newly_unfilled(self, info: Info) -> list[Task]:
        return await _tasks(info, self.newly_unfilled_pks)

    @strawberry.field(description="Tasks a left short that b staffs.")
    async def no_longer_unfilled(self, info: Info) -> list[Task]:
        return await _tasks(info, self.no_longer_unfilled_pks)


# --- queries -------------------------------------------------------------------------------------


@strawberry.type
class StaffingQuery:
    @strawberry.field(
        description="People ranked for an open task, best first, each with the why of the score "
        "and what choosing them would do to the account's coverage."
    )
    def candidates(
        self,
        info: Info,
        task: strawberry.ID,
        first: int = 20,
        include_ineligible: bool = False,
    ) -> list[Candidate]:
        if not 1 <= first <= MAX_CANDIDATES:
            raise DomainError(f"must be between 1 and {MAX_CANDIDATES}", field="first")
        ctx = info.context
        ranked = rank_candidates(
            ctx.session,
            decode_id(task, "Task", field="task"),
            settings=ctx.settings,
            include_ineligible=include_ineligible,
        )
        return [Candidate.of(c) for c in ranked[:first]]

    @strawberry.field(description="Who moved between two proposals of a plan, and what changed.")
    async def compare_proposals(
        self, info: Info, a: strawberry.ID, b: strawberry.ID
    ) -> ProposalComparison:
        loader = info.context.loader(proposal_by_id)
        first, second = await loader.load_many(
            [decode_id(a, "Proposal", field="a"), decode_id(b, "Proposal", field="b")]
        )
        if first is None:
            raise NotFoundError("no such proposal", field="a")
        if second is None:
            raise NotFoundError("no such proposal", field="b")
        found = proposals.compare(first, second)
        return ProposalComparison(
            moves=[
                TeamMove(
                    person_pk=store_id(m.person),
                    task_pk=store_id(m.task),
                    change=MoveKind(m.change),
                )
                for m in found.moves
            ],
            objective_change=found.objective_change,
            coverage_change=[
                FigureChange(figure=k, change=round(v, 4)) for k, v in found.coverage_change.items()
            ],
            newly_unfilled_pks=[store_id(t) for t in found.newly_unfilled],
            no_longer_unfilled_pks=[store_id(t) for t in found.no_longer_unfilled],
        )


# --- mutations ------------------------------------------------------------------------------------


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
    plan: Plan
    assignments: list[Assignment]


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
    async def newly_unfilled(self, info: Info) -> list[Task]:
        return await _tasks(info, self.newly_unfilled_pks)


if TYPE_CHECKING:  # what mypy sees; strawberry sees the named unions below
    AssembleTeamResult = AssembleTeamSuccess | Error
    AcceptProposalResult = AcceptProposalSuccess | Error
    WhatIfResult = WhatIfSuccess | Error
else:
    AssembleTeamResult = result_union("AssembleTeamResult", AssembleTeamSuccess)
    AcceptProposalResult = result_union("AcceptProposalResult", AcceptProposalSuccess)
    WhatIfResult = result_union("WhatIfResult", WhatIfSuccess)


def _options(info: Info, input: AssembleTeamInput) -> StaffingOptions:
    settings = info.context.settings
    limit = settings.solver_time_limit if input.time_limit is None else input.time_limit
    if not 0 < limit <= MAX_TIME_LIMIT:
        raise DomainError(
            f"must be above 0 and at most {MAX_TIME_LIMIT:g} seconds", field="timeLimit"
        )
    weights: dict[str, float] = {}
    for name, value in vars(input.weights or StaffingWeights()).items():
        if value is None:
            continue
        if not 0 <= value <= 1000:
            raise DomainError("must be between 0 and 1000", field=f"weights.{name}")
        weights[name] = value
    return StaffingOptions(
        time_limit=limit, workers=settings.solver_workers, seed=input.seed, weights=weights
    )


def _account_of_plan(plan_id: strawberry.ID) -> Any:
    return lambda s: plans.get_plan(s, decode_id(plan_id, "Plan", field="planId")).account_id


def _account_of_proposal(proposal_id: strawberry.ID) -> Any:
    def account(session: Session) -> int:
        row = session.get(models.Proposal, decode_id(proposal_id, "Proposal", field="proposalId"))
        if row is None:
            raise NotFoundError("no such proposal", field="proposalId")
        return plans.get_plan(session, row.plan_id).account_id

    return account


def _moves(pairs: Sequence[tuple[int, int]], change: MoveKind) -> list[TeamMove]:
    return [TeamMove(person_pk=p, task_pk=t, change=change) for p, t in pairs]


@strawberry.type
class StaffingMutations:
    @strawberry.mutation(
        description="Solve the plan's open tasks and store the team as a proposal, with the "
        "account's coverage before and after. Runs off the event loop."
    )
    async def assemble_team(self, info: Info, input: AssembleTeamInput) -> AssembleTeamResult:
        ctx = info.context

        def work(session: Session) -> AssembleTeamSuccess:
            row = assemble.assemble_team(
                session,
                decode_id(input.plan_id, "Plan", field="planId"),
                settings=ctx.settings,
                options=_options(info, input),
                actor=ctx.principal.actor,
            )
            return AssembleTeamSuccess(proposal=Proposal.from_row(row))

        return await run_in_threadpool(guarded, info, _account_of_plan(input.plan_id), work)

    @strawberry.mutation(
        description="Make an open proposal the team of its tasks (refused if the plan changed)."
    )
    async def accept_proposal(self, info: Info, input: AcceptProposalInput) -> AcceptProposalResult:
        def work(session: Session) -> AcceptProposalSuccess:
            pk = decode_id(input.proposal_id, "Proposal", field="proposalId")
            team = proposals.accept_proposal(session, pk)
            row = session.get(models.Proposal, pk)
            assert row is not None
            return AcceptProposalSuccess(
                proposal=Proposal.from_row(row),
                plan=Plan.from_row(plans.get_plan(session, row.plan_id)),
                assignments=[Assignment.from_row(a) for a in team],
            )

        return await run_in_threadpool(guarded, info, _account_of_proposal(input.proposal_id), work)

    @strawberry.mutation(
        description="What if these people left: the coverage lost and a minimal-change "
        "re-staffing of the plan, stored as a proposal."
    )
    async def what_if(self, info: Info, input: WhatIfInput) -> WhatIfResult:
        ctx = info.context

        def work(session: Session) -> WhatIfSuccess:
            leaving = {
                decode_id(p, "Person", field=f"removePeople[{i}]")
                for i, p in enumerate(input.remove_people)
            }
            found = assemble.what_if(
                session,
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

        return await run_in_threadpool(guarded, info, _account_of_plan(input.plan_id), work)
