"""The `Plan` node and what hangs on it: objectives, reviews with their readings, the traced
history. Tasks and the team are in `teamgraph.api.plans.tasks`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from teamgraph.api.core import actors
from teamgraph.api.core.connections import Connection, connection, page_request
from teamgraph.api.core.context import Info
from teamgraph.api.core.enums import ChangeAction, PlanStatus
from teamgraph.api.core.ids import to_global_id
from teamgraph.api.core.nodes import Node, build_nodes, load_node, register_node
from teamgraph.api.plans.loaders import (
    history_by_plan_id,
    objective_by_id,
    objectives_by_plan_id,
    plan_by_id,
    proposals_by_plan_id,
    readings_by_review_id,
    review_by_id,
    reviews_by_plan_id,
    tasks_by_plan_id,
    team_by_plan_id,
)
from teamgraph.api.plans.tasks import Task, TaskFilter, TeamMember, WhoHasTheBall
from teamgraph.plans import models, team

if TYPE_CHECKING:
    from teamgraph.api.accounts.types import Account
    from teamgraph.api.people.types import Person
    from teamgraph.api.staffing.types import Proposal

PersonRef = Annotated["Person", strawberry.lazy("teamgraph.api.people.types")]


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
        return await load_node(info, "Plan", self.plan_pk)

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


@strawberry.type(description="The value an objective's measure had at a review.")
class ObjectiveReading:
    objective_pk: strawberry.Private[int]
    value: float

    @strawberry.field
    async def objective(self, info: Info) -> Objective | None:
        return await load_node(info, "Objective", self.objective_pk)


@strawberry.type
class Review(Node):
    pk: strawberry.Private[int]
    plan_pk: strawberry.Private[int]
    held_on: dt.date
    notes: str

    @strawberry.field
    async def plan(self, info: Info) -> Plan | None:
        return await load_node(info, "Plan", self.plan_pk)

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
    label_: strawberry.Private[str]
    actor_pk: strawberry.Private[int | None]
    changed_at: dt.datetime
    entity: str = strawberry.field(description="plan, objective, task, task_skill, ...")
    entity_id: str
    action: ChangeAction
    field: str = strawberry.field(description="The changed field (updates only).")
    old_value: str | None
    new_value: str | None

    @strawberry.field(description=actors.ACTOR_TEXT)
    async def actor(self, info: Info) -> str:
        return await actors.actor_text(info, self.label_, self.actor_pk)

    @strawberry.field(
        description="The person who made it (by name); null for the CLI or a token without "
        "a person."
    )
    async def actor_person(self, info: Info) -> PersonRef | None:
        return await actors.actor_person(info, self.actor_pk)

    @classmethod
    def from_row(cls, row: models.PlanChange) -> PlanChange:
        return cls(
            label_=row.actor,
            actor_pk=row.actor_person_id,
            changed_at=row.changed_at,
            entity=row.entity,
            entity_id=row.entity_id,
            action=ChangeAction(row.action),
            field=row.field,
            old_value=row.old_value,
            new_value=row.new_value,
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
    async def account(
        self, info: Info
    ) -> Annotated[Account, strawberry.lazy("teamgraph.api.accounts.types")] | None:
        return await load_node(info, "Account", self.account_pk)

    @strawberry.field
    async def objectives(self, info: Info) -> list[Objective]:
        rows = await info.context.loader(objectives_by_plan_id).load(self.pk)
        return [Objective.from_row(r) for r in rows]

    @strawberry.field(description="The solver's proposals for the plan, newest first.")
    async def proposals(
        self, info: Info
    ) -> list[Annotated[Proposal, strawberry.lazy("teamgraph.api.staffing.types")]]:
        rows = await info.context.loader(proposals_by_plan_id).load(self.pk)
        return build_nodes("Proposal", rows)

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
        return [TeamMember.of(m) for m in members]

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
        return WhoHasTheBall.of(ball)

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


register_node("Plan", plan_by_id, Plan.from_row)
register_node("Objective", objective_by_id, Objective.from_row)
register_node("Review", review_by_id, Review.from_row)
