"""Account plans: the `Plan`, `Objective`, `Task`, `Assignment` and `Review` nodes, the team,
the traced history, who has the ball, their loaders, and the `plan` / `plans` queries.
Mutations live in `plan_mutations`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from teamgraph.api.accounts import (
    Account,
    Contact,
    _accounts,
    _contacts,
    _fetcher,
    _person,
    node_of,
)
from teamgraph.api.catalogue import skill_by_id
from teamgraph.api.context import Info
from teamgraph.api.loaders import grouped, keyed, paged
from teamgraph.api.people import Person
from teamgraph.api.relay import (
    Connection,
    Node,
    connection,
    decode_id,
    page_request,
    register_node,
    to_global_id,
)
from teamgraph.plans import models, reviews, service, tasks, team
from teamgraph.rows import rows_by_id, rows_grouped

if TYPE_CHECKING:
    from teamgraph.api.staffing import Proposal

# --- loaders ------------------------------------------------------------------------------------


def _by_id(model: type[Any]) -> Any:
    return keyed(lambda session, ids: rows_by_id(session, model, ids))


def _grouped_by(column: Any, *order: Any) -> Any:
    return grouped(lambda session, ids: rows_grouped(session, column, ids, order))


plan_by_id = _by_id(models.Plan)
objective_by_id = _by_id(models.Objective)
task_by_id = _by_id(models.Task)
assignment_by_id = _by_id(models.Assignment)
review_by_id = _by_id(models.Review)
objectives_by_plan_id = _grouped_by(models.Objective.plan_id, models.Objective.id)
reviews_by_plan_id = _grouped_by(models.Review.plan_id, models.Review.held_on.desc())
task_skills_by_task_id = _grouped_by(models.TaskSkill.task_id, models.TaskSkill.skill_id)
task_contacts_by_task_id = _grouped_by(models.TaskContact.task_id, models.TaskContact.contact_id)
assignments_by_task_id = _grouped_by(
    models.Assignment.task_id, models.Assignment.role, models.Assignment.id
)
readings_by_review_id = _grouped_by(
    models.ObjectiveReading.review_id, models.ObjectiveReading.objective_id
)
team_by_plan_id = grouped(team.teams_by_plan_id)
tasks_by_plan_id = paged(
    lambda session, ids, page, flt, max_size: tasks.tasks_pages(
        session, ids, page, status=flt[0], kind=flt[1], max_size=max_size
    )
)
history_by_plan_id = paged(
    lambda session, ids, page, _flt, max_size: reviews.history_pages(
        session, ids, page, max_size=max_size
    )
)


# --- enums --------------------------------------------------------------------------------------


@strawberry.enum
class PlanStatus(Enum):
    DRAFT = "draft"
    ACTIVE = "active"
    CLOSED = "closed"


@strawberry.enum
class TaskKind(Enum):
    RESEARCH = "research"
    ADMIN = "admin"
    SUPPORT = "support"
    CONFLICT_HANDLING = "conflict_handling"
    PITCH = "pitch"
    NEGOTIATION = "negotiation"
    EXECUTIVE_SPONSORSHIP = "executive_sponsorship"
    ONBOARDING = "onboarding"
    REVIEW = "review"
    SOLUTION_DESIGN = "solution_design"
    TRAINING = "training"


@strawberry.enum
class TaskStatus(Enum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


@strawberry.enum
class AssignmentRole(Enum):
    LEAD = "lead"
    MEMBER = "member"


@strawberry.enum(description="Who made an assignment: a person, or an accepted solver proposal.")
class AssignmentSource(Enum):
    MANUAL = "manual"
    SOLVER = "solver"


@strawberry.enum
class ChangeAction(Enum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


# --- helpers ------------------------------------------------------------------------------------


async def _one(info: Info, loader: Any, pk: int | None, to_node: Any) -> Any | None:
    if pk is None:
        return None
    row = await info.context.loader(loader).load(pk)
    return to_node(row) if row is not None else None


async def _tasks(info: Info, ids: Sequence[int]) -> list[Task]:
    rows = await info.context.loader(task_by_id).load_many(list(ids))
    return [Task.from_row(row) for row in rows if row is not None]


# --- types --------------------------------------------------------------------------------------


@strawberry.type(description="What the customer wants to achieve, and how it is measured.")
class Objective(Node):
    pk: strawberry.Private[int]
    plan_pk: strawberry.Private[int]
    title: str
    metric: str
    baseline: float | None
    target: float | None
    current: float | None = strawberry.field(description="The latest reading (or as set).")

    @strawberry.field
    async def plan(self, info: Info) -> Plan | None:
        return await _one(info, plan_by_id, self.plan_pk, Plan.from_row)

    @classmethod
    def from_row(cls, row: models.Objective) -> Objective:
        return cls(
            id=to_global_id("Objective", row.id),
            pk=row.id,
            plan_pk=row.plan_id,
            title=row.title,
            metric=row.metric,
            baseline=row.baseline,
            target=row.target,
            current=row.current,
        )


@strawberry.type(description="A skill a task requires.")
class TaskSkill:
    """Built with its skill's name already loaded (by `Task.skills`, one batch for the list):
    a plain field costs GraphQL far less than an awaited one per requirement."""

    skill_pk: strawberry.Private[int]
    skill_name: str
    level: int = strawberry.field(description="Minimum proficiency, 1 (aware) to 5 (expert).")
    mandatory: bool
    weight: float

    @strawberry.field(description="The skill's global id (a `Skill` node).")
    def skill_id(self) -> strawberry.ID:
        return to_global_id("Skill", self.skill_pk)


@strawberry.type(description="A person on a task.")
class Assignment(Node):
    pk: strawberry.Private[int]
    task_pk: strawberry.Private[int]
    person_pk: strawberry.Private[int]
    role: AssignmentRole
    pinned: bool = strawberry.field(description="The solver must keep this person on the task.")
    source: AssignmentSource

    @strawberry.field
    async def person(self, info: Info) -> Person | None:
        return await _person(info, self.person_pk)

    @strawberry.field
    async def task(self, info: Info) -> Task | None:
        return await _one(info, task_by_id, self.task_pk, Task.from_row)

    @classmethod
    def from_row(cls, row: models.Assignment) -> Assignment:
        return cls(
            id=to_global_id("Assignment", row.id),
            pk=row.id,
            task_pk=row.task_id,
            person_pk=row.person_id,
            role=AssignmentRole(row.role),
            pinned=row.pinned,
            source=AssignmentSource(row.source),
        )


@strawberry.input
class TaskFilter:
    status: TaskStatus | None = None
    kind: TaskKind | None = None


@strawberry.type
class Task(Node):
    pk: strawberry.Private[int]
    plan_pk: strawberry.Private[int]
    objective_pk: strawberry.Private[int | None]
    kind: TaskKind
    title: str
    effort_hours: float
    headcount_min: int
    headcount_max: int
    required: bool
    start: dt.date | None
    due: dt.date | None
    status: TaskStatus

    @strawberry.field
    async def plan(self, info: Info) -> Plan | None:
        return await _one(info, plan_by_id, self.plan_pk, Plan.from_row)

    @strawberry.field
    async def objective(self, info: Info) -> Objective | None:
        return await _one(info, objective_by_id, self.objective_pk, Objective.from_row)

    @strawberry.field
    async def skills(self, info: Info) -> list[TaskSkill]:
        rows = await info.context.loader(task_skills_by_task_id).load(self.pk)
        skills = await info.context.loader(skill_by_id).load_many([r.skill_id for r in rows])
        return [
            TaskSkill(
                skill_pk=r.skill_id,
                skill_name=skill.name if skill is not None else "",
                level=r.level,
                mandatory=r.mandatory,
                weight=r.weight,
            )
            for r, skill in zip(rows, skills, strict=True)
        ]

    @strawberry.field(description="The customer contacts the task engages.")
    async def contacts(self, info: Info) -> list[Contact]:
        rows = await info.context.loader(task_contacts_by_task_id).load(self.pk)
        return await _contacts(info, [r.contact_id for r in rows])

    @strawberry.field(description="Who is on the task, the lead first.")
    async def assignments(self, info: Info) -> list[Assignment]:
        rows = await info.context.loader(assignments_by_task_id).load(self.pk)
        return [Assignment.from_row(r) for r in rows]

    @classmethod
    def from_row(cls, row: models.Task) -> Task:
        return cls(
            id=to_global_id("Task", row.id),
            pk=row.id,
            plan_pk=row.plan_id,
            objective_pk=row.objective_id,
            kind=TaskKind(row.kind),
            title=row.title,
            effort_hours=row.effort_hours,
            headcount_min=row.headcount_min,
            headcount_max=row.headcount_max,
            required=row.required,
            start=row.start,
            due=row.due,
            status=TaskStatus(row.status),
        )


@strawberry.type(description="A person on the plan's team: their roles and their tasks.")
class TeamMember:
    person_pk: strawberry.Private[int]
    task_pks: strawberry.Private[tuple[int, ...]]
    pinned_pks: strawberry.Private[tuple[int, ...]]
    roles: list[AssignmentRole]

    @strawberry.field
    async def person(self, info: Info) -> Person | None:
        return await _person(info, self.person_pk)

    @strawberry.field
    async def tasks(self, info: Info) -> list[Task]:
        return await _tasks(info, self.task_pks)

    @strawberry.field
    async def pinned_tasks(self, info: Info) -> list[Task]:
        return await _tasks(info, self.pinned_pks)


@strawberry.type(description="The value an objective's measure had at a review.")
class ObjectiveReading:
    objective_pk: strawberry.Private[int]
    value: float

    @strawberry.field
    async def objective(self, info: Info) -> Objective | None:
        return await _one(info, objective_by_id, self.objective_pk, Objective.from_row)


@strawberry.type
class Review(Node):
    pk: strawberry.Private[int]
    plan_pk: strawberry.Private[int]
    held_on: dt.date
    notes: str

    @strawberry.field
    async def plan(self, info: Info) -> Plan | None:
        return await _one(info, plan_by_id, self.plan_pk, Plan.from_row)

    @strawberry.field
    async def readings(self, info: Info) -> list[ObjectiveReading]:
        rows = await info.context.loader(readings_by_review_id).load(self.pk)
        return [ObjectiveReading(objective_pk=r.objective_id, value=r.value) for r in rows]

    @classmethod
    def from_row(cls, row: models.Review) -> Review:
        return cls(
            id=to_global_id("Review", row.id),
            pk=row.id,
            plan_pk=row.plan_id,
            held_on=row.held_on,
            notes=row.notes,
        )


@strawberry.type(description="One traced change to the plan or something in it.")
class PlanChange:
    changed_at: dt.datetime
    actor: str = strawberry.field(description="Who made it (the token's person, by email).")
    entity: str = strawberry.field(description="plan, objective, task, task_skill, ...")
    entity_id: str
    action: ChangeAction
    field: str = strawberry.field(description="The changed field (updates only).")
    old_value: str | None
    new_value: str | None

    @classmethod
    def from_row(cls, row: models.PlanChange) -> PlanChange:
        return cls(
            changed_at=row.changed_at,
            actor=row.actor,
            entity=row.entity,
            entity_id=row.entity_id,
            action=ChangeAction(row.action),
            field=row.field,
            old_value=row.old_value,
            new_value=row.new_value,
        )


@strawberry.type
class BallTask:
    task: Task
    overdue: bool
    days_overdue: int


@strawberry.type(description="A person and the open tasks waiting on them, by due date.")
class BallHolder:
    person: Person
    tasks: list[BallTask]


@strawberry.type(description="Open and in-progress tasks by owner (the lead, else the members).")
class WhoHasTheBall:
    as_of: dt.date
    holders: list[BallHolder]
    unassigned: list[BallTask] = strawberry.field(description="Tasks nobody is on yet.")


def _ball_task(item: team.BallTask) -> BallTask:
    return BallTask(
        task=Task.from_row(item.task), overdue=item.overdue, days_overdue=item.days_overdue
    )


@strawberry.type
class Plan(Node):
    pk: strawberry.Private[int]
    account_pk: strawberry.Private[int]
    name: str
    period_start: dt.date
    period_end: dt.date
    status: PlanStatus
    version: int = strawberry.field(
        description="Moves on with every change to the plan or anything in it; send it back as "
        "`expectedVersion` so an edit based on a stale read is refused (CONFLICT)."
    )

    @strawberry.field
    async def account(self, info: Info) -> Account | None:
        found = await _accounts(info, [self.account_pk])
        return found[0] if found else None

    @strawberry.field
    async def objectives(self, info: Info) -> list[Objective]:
        rows = await info.context.loader(objectives_by_plan_id).load(self.pk)
        return [Objective.from_row(r) for r in rows]

    @strawberry.field(description="The solver's proposals for the plan, newest first.")
    async def proposals(
        self, info: Info
    ) -> list[Annotated[Proposal, strawberry.lazy("teamgraph.api.staffing")]]:
        from teamgraph.api.staffing import proposals_of_plan

        return await proposals_of_plan(info, self.pk)

    @strawberry.field(description="The plan's tasks, in the order they were created.")
    async def tasks(
        self,
        info: Info,
        filter: TaskFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Task]:
        flt = filter or TaskFilter()
        key = (
            flt.status.value if flt.status is not None else None,
            flt.kind.value if flt.kind is not None else None,
        )
        page = await info.context.loader(tasks_by_plan_id).load(
            (self.pk, key, page_request(first, after, last, before))
        )
        return connection(page, Task.from_row)

    @strawberry.field(description="The distinct people assigned in this plan, by name.")
    async def team(self, info: Info) -> list[TeamMember]:
        members = await info.context.loader(team_by_plan_id).load(self.pk)
        return [
            TeamMember(
                person_pk=m.person_id,
                task_pks=m.task_ids,
                pinned_pks=m.pinned_task_ids,
                roles=[AssignmentRole(r) for r in m.roles],
            )
            for m in members
        ]

    @strawberry.field(description="Reviews, latest first.")
    async def reviews(self, info: Info) -> list[Review]:
        rows = await info.context.loader(reviews_by_plan_id).load(self.pk)
        return [Review.from_row(r) for r in rows]

    @strawberry.field(description="Every traced change, oldest first (`last: n` for the latest).")
    async def history(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[PlanChange]:
        page = await info.context.loader(history_by_plan_id).load(
            (self.pk, None, page_request(first, after, last, before))
        )
        return connection(page, PlanChange.from_row)

    @strawberry.field(
        description="Open work by owner, by due date, overdue flagged as of `asOf` (default: "
        "today). One query per plan: ask it of one plan at a time."
    )
    def who_has_the_ball(self, info: Info, as_of: dt.date | None = None) -> WhoHasTheBall:
        ball = team.who_has_the_ball(
            info.context.session, plan_id=self.pk, as_of=as_of or dt.date.today()
        )
        return WhoHasTheBall(
            as_of=ball.as_of,
            holders=[
                BallHolder(person=Person.from_row(h.person), tasks=[_ball_task(t) for t in h.tasks])
                for h in ball.holders
            ],
            unassigned=[_ball_task(t) for t in ball.unassigned],
        )

    @classmethod
    def from_row(cls, row: models.Plan) -> Plan:
        return cls(
            id=to_global_id("Plan", row.id),
            pk=row.id,
            account_pk=row.account_id,
            name=row.name,
            period_start=row.period_start,
            period_end=row.period_end,
            status=PlanStatus(row.status),
            version=row.version,
        )


register_node("Plan", _fetcher(plan_by_id, Plan.from_row))
register_node("Objective", _fetcher(objective_by_id, Objective.from_row))
register_node("Task", _fetcher(task_by_id, Task.from_row))
register_node("Assignment", _fetcher(assignment_by_id, Assignment.from_row))
register_node("Review", _fetcher(review_by_id, Review.from_row))


@strawberry.type
class PlansQuery:
    @strawberry.field(description="A plan by its global id; null if there is none.")
    async def plan(self, info: Info, id: strawberry.ID) -> Plan | None:
        row = await node_of(info, id, "Plan", plan_by_id)
        return Plan.from_row(row) if row is not None else None

    @strawberry.field(description="Plans by name, optionally of one account and in one status.")
    def plans(
        self,
        info: Info,
        account: strawberry.ID | None = None,
        status: PlanStatus | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Plan]:
        ctx = info.context
        page = service.list_plans(
            ctx.session,
            page_request(first, after, last, before),
            account_id=None if account is None else decode_id(account, "Account", field="account"),
            status=status.value if status is not None else None,
            max_size=ctx.settings.max_page_size,
        )
        return connection(page, Plan.from_row)
