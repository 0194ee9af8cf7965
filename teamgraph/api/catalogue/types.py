"""The `Skill` node: a skill of HR's catalogue, placed in its taxonomy."""

from __future__ import annotations

import strawberry

from teamgraph.api.catalogue.loaders import (
    aliases_by_skill_id,
    children_by_skill_id,
    holder_count_by_skill_id,
    skill_by_id,
)
from teamgraph.api.core.context import Info
from teamgraph.api.core.ids import to_global_id
from teamgraph.api.core.nodes import Node, load_node, register_node
from teamgraph.catalogue import models
from teamgraph.catalogue.models import SkillStatus


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
