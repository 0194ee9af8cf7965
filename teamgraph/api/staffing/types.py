"""Team assembly's types: proposals with their explanations, candidates for a task, and the
comparison of two proposals."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from teamgraph.api.core import actors
from teamgraph.api.core.context import Info
from teamgraph.api.core.enums import AssignmentRole, AssignmentSource, ProposalStatus
from teamgraph.api.core.ids import to_global_id
from teamgraph.api.core.nodes import Node, load_node, load_nodes, nodes_by_key, register_node
from teamgraph.api.plans.loaders import proposal_by_id
from teamgraph.plans import models
from teamgraph.staffing.candidates import Candidate as CandidateFigures
from teamgraph.staffing.compile import store_id
from teamgraph.staffing.team_changes import Change
from teamgraph.staffing.why_not import WhyNot as WhyNotFigures

if TYPE_CHECKING:
    from teamgraph.api.accounts.types import Contact
    from teamgraph.api.people.types import Person
    from teamgraph.api.plans.tasks import Task
    from teamgraph.api.plans.types import Plan

ContactRef = Annotated["Contact", strawberry.lazy("teamgraph.api.accounts.types")]
PersonRef = Annotated["Person", strawberry.lazy("teamgraph.api.people.types")]
TaskRef = Annotated["Task", strawberry.lazy("teamgraph.api.plans.tasks")]
PlanRef = Annotated["Plan", strawberry.lazy("teamgraph.api.plans.types")]


@strawberry.type(description="One term of a score, in points (a perfect skill match is 10).")
class ScoreTerm:
    term: str = strawberry.field(
        description="skill, relationship, continuity, cost, or utility (given); in a "
        "proposal's objective also coverage, balance, stability and unfilled."
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
    async def person(self, info: Info) -> PersonRef | None:
        return await load_node(info, "Person", self.person_pk)

    @strawberry.field
    async def task(self, info: Info) -> TaskRef | None:
        return await load_node(info, "Task", self.task_pk)


@strawberry.type(
    description="A change accepting the proposal makes to the plan's current team: a person "
    "put on a task (with the role they get), or taken off one (with the role they had)."
)
class TeamChange(PersonOnTask):
    role: AssignmentRole
    source: AssignmentSource

    @classmethod
    def of(cls, change: Change) -> TeamChange:
        return cls(
            person_pk=change.person_id,
            task_pk=change.task_id,
            role=AssignmentRole(change.role),
            source=AssignmentSource(change.source),
        )


@strawberry.type(description="A person the proposal puts on a task, and why.")
class ProposedAssignment:
    # Loaded for the whole list by `Proposal.assignments`: plain fields, not one await each.
    person: PersonRef | None
    task: TaskRef | None
    utility: float
    load: float = strawberry.field(description="Hours over the plan's period.")
    why: list[ScoreTerm] = strawberry.field(description="Terms adding up to `utility`.")


@strawberry.type(description="A task the proposal leaves short, and why.")
class UnfilledTask:
    task_pk: strawberry.Private[int]
    missing: int = strawberry.field(description="People short of the task's minimum.")
    reasons: list[str]

    @strawberry.field
    async def task(self, info: Info) -> TaskRef | None:
        return await load_node(info, "Task", self.task_pk)


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
    created_by_label: strawberry.Private[str]
    created_by_pk: strawberry.Private[int | None]
    created_at: dt.datetime

    @strawberry.field(description=actors.ACTOR_TEXT)
    async def created_by(self, info: Info) -> str:
        return await actors.actor_text(info, self.created_by_label, self.created_by_pk)

    @strawberry.field(
        description="The person who asked for it (by name); null for the CLI or a token "
        "without a person."
    )
    async def created_by_person(self, info: Info) -> PersonRef | None:
        return await actors.actor_person(info, self.created_by_pk)

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
        people = await nodes_by_key(info, "Person", [store_id(a["person"]) for a in listed])
        tasks = await nodes_by_key(info, "Task", [store_id(a["task"]) for a in listed])
        return [
            ProposedAssignment(
                person=person,
                task=task,
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

    @strawberry.field(
        description="The objective term by term (skill, relationship, coverage, balance, "
        "stability, unfilled...): the terms add up to `objective`. Empty without a team."
    )
    def objective_terms(self) -> list[ScoreTerm]:
        return [
            ScoreTerm(term=t["term"], points=t["points"])
            for t in self.result_.get("objective_terms", [])
        ]

    @strawberry.field(
        description="Who accepting puts on a task that is not on it today (source SOLVER)."
    )
    def additions(self) -> list[TeamChange]:
        return [TeamChange.of(Change.from_json(c)) for c in self.result_.get("additions", [])]

    @strawberry.field(
        description="Who accepting takes off a task they are on today: accepting a proposal "
        "with removals needs `confirmRemovals: true`."
    )
    def removals(self) -> list[TeamChange]:
        return [TeamChange.of(Change.from_json(c)) for c in self.result_.get("removals", [])]

    @strawberry.field(description="When no team keeps every rule: the rules that clash.")
    def infeasible_reasons(self) -> list[str]:
        infeasible = self.result_.get("infeasible")
        return list(infeasible["reasons"]) if infeasible else []

    @strawberry.field
    async def plan(self, info: Info) -> PlanRef | None:
        return await load_node(info, "Plan", self.plan_pk)

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
            created_by_label=row.created_by,
            created_by_pk=row.created_by_person_id,
            created_at=row.created_at,
        )


register_node("Proposal", proposal_by_id, Proposal.from_row)


@strawberry.type(description="A person ranked for a task, and what choosing them would do.")
class Candidate:
    figures: strawberry.Private[CandidateFigures]
    score: float = strawberry.field(description="The solver's utility for the pair, in points.")
    why: list[ScoreTerm]
    eligible: bool = strawberry.field(
        description="The solver may choose them: active, holding at least one of the task's "
        "skills at its level (or it names none), no conflict of interest, and free hours for "
        "its effort in its window and over the plan's period after other plans' work."
    )
    blocked_by: list[str] = strawberry.field(
        description="Every reason they may not be chosen, in words; empty when eligible."
    )
    covers_mandatory_skills: bool = strawberry.field(
        description="They hold every mandatory skill of the task at its level. When not, an "
        "eligible person joins beside a teammate who holds the missing ones (the team as a "
        "whole must hold each mandatory skill)."
    )
    missing_mandatory_skills: list[str] = strawberry.field(
        description="The task's mandatory skills they do not hold at its level, in words."
    )
    free_hours: float = strawberry.field(
        description="Hours left in the task's window (start..due, else the plan's period) "
        "after all their other open work and this task's effort; negative when it does not fit."
    )
    fits_capacity: bool
    decision_makers_newly_covered: int

    @strawberry.field
    async def person(self, info: Info) -> PersonRef | None:
        return await load_node(info, "Person", self.figures.person_id)

    @strawberry.field(description="The task's contacts they would gain a thread with.")
    async def new_threads(self, info: Info) -> list[ContactRef]:
        return await load_nodes(info, "Contact", self.figures.effect.new_threads)

    @strawberry.field(description="Of those, contacts nobody has a thread with today.")
    async def newly_covered(self, info: Info) -> list[ContactRef]:
        return await load_nodes(info, "Contact", self.figures.effect.newly_covered)

    @strawberry.field(
        description="Of those, contacts who hang on one relationship today: no longer."
    )
    async def sole_threads_relieved(self, info: Info) -> list[ContactRef]:
        return await load_nodes(info, "Contact", self.figures.effect.sole_threads_relieved)

    @classmethod
    def of(cls, c: CandidateFigures) -> Candidate:
        return cls(
            figures=c,
            score=c.utility,
            why=[ScoreTerm(term=t, points=v) for t, v in c.why],
            eligible=c.eligible,
            blocked_by=list(c.blocked_by),
            covers_mandatory_skills=c.covers_mandatory,
            missing_mandatory_skills=list(c.missing_mandatory),
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
    async def newly_unfilled(self, info: Info) -> list[TaskRef]:
        return await load_nodes(info, "Task", self.newly_unfilled_pks)

    @strawberry.field(description="Tasks a left short that b staffs.")
    async def no_longer_unfilled(self, info: Info) -> list[TaskRef]:
        return await load_nodes(info, "Task", self.no_longer_unfilled_pks)


@strawberry.type(description="Why a person is not on a task, in a KAM lead's words.")
class WhyNot:
    figures: strawberry.Private[WhyNotFigures]
    eligible: bool = strawberry.field(description="Whether the rules let them take the task.")
    blocked_by: list[str] = strawberry.field(description="The rules that exclude them.")
    chosen: bool = strawberry.field(description="They are on the task in the team compared.")
    objective: float | None = strawberry.field(
        description="The objective compared against: the proposal's while it is current, else "
        "the best team solved now."
    )
    objective_with: float | None = strawberry.field(
        description="The objective with them forced onto the task (null: no team keeps every "
        "rule, or time ran out)."
    )
    cost: float | None = strawberry.field(
        description="objective - objectiveWith, in points (a perfect skill match is 10)."
    )
    solver_status: str | None = strawberry.field(description="Of the solve that forced them in.")
    term_changes: list[ScoreTerm] = strawberry.field(
        description="How each objective term changes when they are forced in, biggest first."
    )
    moves: list[TeamMove] = strawberry.field(
        description="How the team changes to make room (them joining included)."
    )
    explanation: str

    @strawberry.field
    async def person(self, info: Info) -> PersonRef | None:
        return await load_node(info, "Person", self.figures.person_id)

    @strawberry.field
    async def task(self, info: Info) -> TaskRef | None:
        return await load_node(info, "Task", self.figures.task_id)

    @strawberry.field
    async def proposal(self, info: Info) -> Proposal | None:
        return await load_node(info, "Proposal", self.figures.proposal_id)

    @classmethod
    def of(cls, found: WhyNotFigures) -> WhyNot:
        return cls(
            figures=found,
            eligible=found.eligible,
            blocked_by=list(found.blocked_by),
            chosen=found.chosen,
            objective=found.objective,
            objective_with=found.objective_with,
            cost=found.cost,
            solver_status=found.solver_status,
            term_changes=[ScoreTerm(term=t, points=v) for t, v in found.term_changes],
            moves=[TeamMove(person_pk=p, task_pk=t, change=MoveKind(c)) for p, t, c in found.moves],
            explanation=found.explanation,
        )
