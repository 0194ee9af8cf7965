"""The catalogue's queries: `skills` (search by name or alias), `skillTree`, `skillCategories`,
and `skillRetirementImpact` (the preview of a retirement)."""

from __future__ import annotations

import strawberry

from teamgraph.api.catalogue.types import Skill, SkillCategory, SkillRetirementImpact
from teamgraph.api.core.connections import Connection, connection, page_request
from teamgraph.api.core.context import Info
from teamgraph.api.core.ids import decode_id
from teamgraph.catalogue import retire, service
from teamgraph.errors import NotFoundError


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

    @strawberry.field(
        description="What retiring the skill would touch (the dry run of `retireSkill`): the "
        "open tasks that need it, their plans, and whether a replacement must be named. Null "
        "for an unknown skill."
    )
    def skill_retirement_impact(
        self, info: Info, skill: strawberry.ID
    ) -> SkillRetirementImpact | None:
        try:
            found = retire.retirement_impact(
                info.context.session,
                skill_id=decode_id(skill, "Skill", field="skill"),
                field="skill",
            )
        except NotFoundError:
            return None
        return SkillRetirementImpact.of(found)
