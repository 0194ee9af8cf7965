"""The `Skill` node: a skill of HR's catalogue, placed in its taxonomy; and what retiring one
would touch."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from teamgraph.api.catalogue.loaders import (
    aliases_by_skill_id,
    children_by_skill_id,
    holder_count_by_skill_id,
    skill_by_id,
)
from teamgraph.api.core.context import Info
from teamgraph.api.core.ids import to_global_id
from teamgraph.api.core.nodes import Node, load_node, load_nodes, register_node
from teamgraph.catalogue import models, retire
from teamgraph.catalogue.models import SkillStatus

if TYPE_CHECKING:
    from teamgraph.api.plans.tasks import Task
    from teamgraph.api.plans.types import Plan


@strawberry.type(description="A skill of HR's catalogue, placed in its taxonomy.")
class Skill(Node):
    pk: strawberry.Private[int]
    parent_pk: strawberry.Private[int | None]
    replaced_by_pk: strawberry.Private[int | None]
    name: str
    category: str
    description: str
    active: bool = strawberry.field(description="False once retired (merged or out of use).")

    @strawberry.field(description="The broader skill this one belongs to; null at the top.")
    async def parent(self, info: Info) -> Skill | None:
        return await load_node(info, "Skill", self.parent_pk)

    @strawberry.field(description="The active skills directly below this one, by name.")
    async def children(self, info: Info) -> list[Skill]:
        rows = await info.context.loader(children_by_skill_id).load(self.pk)
        return [Skill.from_row(row) for row in rows]

    @strawberry.field(description="What to use instead, once retired.")
    async def replaced_by(self, info: Info) -> Skill | None:
        return await load_node(info, "Skill", self.replaced_by_pk)

    @strawberry.field(description="Other names that find this skill (in searches and imports).")
    async def aliases(self, info: Info) -> list[str]:
        found: list[str] = await info.context.loader(aliases_by_skill_id).load(self.pk)
        return found

    @strawberry.field(description="How many active people hold the skill, at any level.")
    async def holder_count(self, info: Info) -> int:
        count: int | None = await info.context.loader(holder_count_by_skill_id).load(self.pk)
        return count or 0

    @classmethod
    def from_row(cls, row: models.Skill) -> Skill:
        return cls(
            id=to_global_id("Skill", row.id),
            pk=row.id,
            parent_pk=row.parent_id,
            replaced_by_pk=row.replaced_by_id,
            name=row.name,
            category=row.category,
            description=row.description,
            active=row.status == SkillStatus.ACTIVE,
        )


register_node("Skill", skill_by_id, Skill.from_row)


@strawberry.type
class SkillCategory:
    name: str
    skill_count: int = strawberry.field(description="Its active skills.")


TaskRef = Annotated["Task", strawberry.lazy("teamgraph.api.plans.tasks")]
PlanRef = Annotated["Plan", strawberry.lazy("teamgraph.api.plans.types")]


@strawberry.type(description="An open (or in-progress) task's need of a skill.")
class OpenSkillNeed:
    task_pk: strawberry.Private[int]
    plan_pk: strawberry.Private[int]
    level: int
    mandatory: bool

    @strawberry.field
    async def task(self, info: Info) -> TaskRef:
        found: Any = await load_node(info, "Task", self.task_pk)
        return found

    @strawberry.field
    async def plan(self, info: Info) -> PlanRef:
        found: Any = await load_node(info, "Plan", self.plan_pk)
        return found


@strawberry.type(
    description="What retiring a skill would touch: the open tasks that need it and their "
    "plans. Retiring is refused while an open task needs it as mandatory, unless a replacement "
    "is named (the open tasks' needs then move to the replacement)."
)
class SkillRetirementImpact:
    skill: Skill
    open_needs: list[OpenSkillNeed] = strawberry.field(
        description="The open tasks that require the skill, by plan and task."
    )
    plan_pks: strawberry.Private[list[int]]
    blocking_task_pks: strawberry.Private[list[int]]

    @strawberry.field(description="The plans of those tasks.")
    async def plans(self, info: Info) -> list[PlanRef]:
        return await load_nodes(info, "Plan", self.plan_pks)

    @strawberry.field(
        description="The open tasks that need the skill as mandatory: retiring it without a "
        "replacement is refused while there are any."
    )
    async def blocking_tasks(self, info: Info) -> list[TaskRef]:
        return await load_nodes(info, "Task", self.blocking_task_pks)

    @strawberry.field(description="Whether retiring it needs a replacement (`replacedById`).")
    def needs_replacement(self) -> bool:
        return bool(self.blocking_task_pks)

    @classmethod
    def of(cls, impact: retire.RetirementImpact) -> SkillRetirementImpact:
        return cls(
            skill=Skill.from_row(impact.skill),
            open_needs=[
                OpenSkillNeed(
                    task_pk=n.task_id, plan_pk=n.plan_id, level=n.level, mandatory=n.mandatory
                )
                for n in impact.needs
            ],
            plan_pks=impact.plan_ids,
            blocking_task_pks=[n.task_id for n in impact.blocking],
        )
