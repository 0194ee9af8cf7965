"""The skills catalogue: the `Skill` node, its loaders, and the `skills`, `skillTree` and
`skillCategories` queries. HR's changes live in `catalogue_mutations`.

Every relation of a skill (parent, children, replacement, aliases, holders) loads through a
per-request DataLoader, so the tree costs one statement per level, not one per skill.
"""

from __future__ import annotations

from collections.abc import Sequence

import strawberry

from teamgraph.api.context import Context, Info
from teamgraph.api.loaders import grouped, keyed
from teamgraph.api.relay import (
    Connection,
    Node,
    connection,
    page_request,
    register_node,
    to_global_id,
)
from teamgraph.catalogue import models, service
from teamgraph.rows import rows_by_id

skill_by_id = keyed(lambda session, ids: rows_by_id(session, models.Skill, ids))
children_by_skill_id = grouped(service.children_by_parent_id)
aliases_by_skill_id = grouped(service.aliases_by_skill_id)
holder_count_by_skill_id = keyed(service.holder_counts)


async def skills_by_pk(info: Info, pks: Sequence[int]) -> list[Skill]:
    """The skills with these primary keys, in order (those that do not exist are left out)."""
    rows = await info.context.loader(skill_by_id).load_many(list(pks))
    return [Skill.from_row(row) for row in rows if row is not None]


async def skill_by_pk(info: Info, pk: int | None) -> Skill | None:
    found = await skills_by_pk(info, [] if pk is None else [pk])
    return found[0] if found else None


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
        return await skill_by_pk(info, self.parent_pk)

    @strawberry.field(description="The active skills directly below this one, by name.")
    async def children(self, info: Info) -> list[Skill]:
        rows = await info.context.loader(children_by_skill_id).load(self.pk)
        return [Skill.from_row(row) for row in rows]

    @strawberry.field(description="What to use instead, once retired.")
    async def replaced_by(self, info: Info) -> Skill | None:
        return await skill_by_pk(info, self.replaced_by_pk)

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
            active=row.status == "active",
        )


async def _fetch(ctx: Context, keys: list[int]) -> Sequence[Skill | None]:
    rows = await ctx.loader(skill_by_id).load_many(keys)
    return [Skill.from_row(row) if row is not None else None for row in rows]


register_node("Skill", _fetch)


@strawberry.type
class SkillCategory:
    name: str
    skill_count: int = strawberry.field(description="Its active skills.")


@strawberry.input
class SkillFilter:
    category: str | None = strawberry.field(default=None, description="Any case.")
    search: str | None = strawberry.field(
        default=None, description="Part of a name or alias, any case: `k8s` finds Kubernetes."
    )
    include_retired: bool = False


@strawberry.type
class CatalogueQuery:
    @strawberry.field(description="Skills by name, active ones unless asked otherwise.")
    def skills(
        self,
        info: Info,
        filter: SkillFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Skill]:
        ctx = info.context
        flt = filter or SkillFilter()
        page = service.list_skills(
            ctx.session,
            page_request(first, after, last, before),
            category=flt.category,
            search=flt.search,
            include_retired=flt.include_retired,
            max_size=ctx.settings.max_page_size,
        )
        return connection(page, Skill.from_row)

    @strawberry.field(
        description="The taxonomy's top skills, by name; follow `children` for the rest."
    )
    def skill_tree(self, info: Info) -> list[Skill]:
        return [Skill.from_row(row) for row in service.root_skills(info.context.session)]

    @strawberry.field(description="The categories of active skills, by name.")
    def skill_categories(self, info: Info) -> list[SkillCategory]:
        return [
            SkillCategory(name=name, skill_count=count)
            for name, count in service.categories(info.context.session)
        ]
