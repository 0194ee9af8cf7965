"""Tasks, the people on them (`Assignment`), the plan's team and who has the ball."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from teamgraph.api.catalogue.loaders import skill_by_id
from teamgraph.api.core.context import Info
from teamgraph.api.core.enums import AssignmentRole, AssignmentSource, TaskKind, TaskStatus
from teamgraph.api.core.ids import to_global_id
from teamgraph.api.core.nodes import Node, build_nodes, load_node, load_nodes, register_node
from teamgraph.api.plans.loaders import (
    assignment_by_id,
    assignments_by_task_id,
    task_by_id,
    task_contacts_by_task_id,
    task_skills_by_task_id,
)
from teamgraph.plans import models, team

if TYPE_CHECKING:
    from teamgraph.api.accounts.types import Contact
    from teamgraph.api.people.types import Person
    from teamgraph.api.plans.types import Objective, Plan

PersonRef = Annotated["Person", strawberry.lazy("teamgraph.api.people.types")]
PlanRef = Annotated["Plan", strawberry.lazy("teamgraph.api.plans.types")]


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
    async def person(self, info: Info) -> PersonRef | None:
        return await load_node(info, "Person", self.person_pk)

    @strawberry.field
    async def task(self, info: Info) -> Task | None:
        return await load_node(info, "Task", self.task_pk)

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
    async def plan(self, info: Info) -> PlanRef | None:
        return await load_node(info, "Plan", self.plan_pk)

    @strawberry.field
    async def objective(
        self, info: Info
    ) -> Annotated[Objective, strawberry.lazy("teamgraph.api.plans.types")] | None:
        return await load_node(info, "Objective", self.objective_pk)

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
    async def contacts(
        self, info: Info
    ) -> list[Annotated[Contact, strawberry.lazy("teamgraph.api.accounts.types")]]:
        rows = await info.context.loader(task_contacts_by_task_id).load(self.pk)
        return await load_nodes(info, "Contact", [r.contact_id for r in rows])

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


register_node("Task", task_by_id, Task.from_row)
register_node("Assignment", assignment_by_id, Assignment.from_row)


@strawberry.type(description="A person on the plan's team: their roles and their tasks.")
class TeamMember:
    person_pk: strawberry.Private[int]
    task_pks: strawberry.Private[tuple[int, ...]]
    pinned_pks: strawberry.Private[tuple[int, ...]]
    roles: list[AssignmentRole]

    @strawberry.field
    async def person(self, info: Info) -> PersonRef | None:
        return await load_node(info, "Person", self.person_pk)

    @strawberry.field
    async def tasks(self, info: Info) -> list[Task]:
        return await load_nodes(info, "Task", self.task_pks)

    @strawberry.field
    async def pinned_tasks(self, info: Info) -> list[Task]:
        return await load_nodes(info, "Task", self.pinned_pks)

    @classmethod
    def of(cls, member: team.TeamMember) -> TeamMember:
        return cls(
            person_pk=member.person_id,
            task_pks=member.task_ids,
            pinned_pks=member.pinned_task_ids,
            roles=[AssignmentRole(r) for r in member.roles],
        )


@strawberry.type
class BallTask:
    task: Task
    overdue: bool
    days_overdue: int

    @classmethod
    def of(cls, item: team.BallTask) -> BallTask:
        return cls(
            task=Task.from_row(item.task), overdue=item.overdue, days_overdue=item.days_overdue
        )


@strawberry.type(description="A person and the open tasks waiting on them, by due date.")
class BallHolder:
    person: PersonRef
    tasks: list[BallTask]


@strawberry.type(description="Open and in-progress tasks by owner (the lead, else the members).")
class WhoHasTheBall:
    as_of: dt.date
    holders: list[BallHolder]
    unassigned: list[BallTask] = strawberry.field(description="Tasks nobody is on yet.")

    @classmethod
    def of(cls, ball: team.Ball) -> WhoHasTheBall:
        people = build_nodes("Person", [h.person for h in ball.holders])
        return cls(
            as_of=ball.as_of,
            holders=[
                BallHolder(person=person, tasks=[BallTask.of(t) for t in h.tasks])
                for person, h in zip(people, ball.holders, strict=True)
            ],
            unassigned=[BallTask.of(t) for t in ball.unassigned],
        )
