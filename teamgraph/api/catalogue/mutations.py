"""HR's changes to the skills catalogue: create, rename, reparent, alias, merge, retire and
restore.

Each is one transaction for an hr_admin token (`transactional(hr_only(...))`); every expected
failure comes back typed in the payload.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from teamgraph.api.catalogue.types import Skill
from teamgraph.api.core.context import Info
from teamgraph.api.core.ids import decode_id, decode_optional_id
from teamgraph.api.core.mutations import hr_only, transactional
from teamgraph.api.core.nodes import load_nodes
from teamgraph.catalogue import merge, retire, service

if TYPE_CHECKING:
    from teamgraph.api.plans.types import Plan


def _skill_pk(value: strawberry.ID, field: str = "skillId") -> int:
    return decode_id(value, "Skill", field=field)


# --- inputs and payloads ----------------------------------------------------------------------


@strawberry.input
class CreateSkillInput:
    name: str
    category: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    parent_id: strawberry.ID | None = strawberry.UNSET
    aliases: list[str] | None = strawberry.UNSET


@strawberry.input
class RenameSkillInput:
    skill_id: strawberry.ID
    name: str = strawberry.field(description="The old name stays an alias.")


@strawberry.input
class ReparentSkillInput:
    skill_id: strawberry.ID
    parent_id: strawberry.ID | None = strawberry.field(
        default=None, description="The new parent; null: a top-level skill."
    )


@strawberry.input
class AddSkillAliasInput:
    skill_id: strawberry.ID
    alias: str


@strawberry.input
class MergeSkillsInput:
    from_: strawberry.ID = strawberry.field(name="from", description="The skill that goes.")
    into: strawberry.ID = strawberry.field(description="The skill kept.")


@strawberry.input
class RetireSkillInput:
    skill_id: strawberry.ID
    replaced_by_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="What to use instead: imports naming the old skill use it, and the open "
        "tasks' needs of the old skill move to it. Required while an open task needs the "
        "skill as mandatory (see `skillRetirementImpact`).",
    )


@strawberry.input
class RestoreSkillInput:
    skill_id: strawberry.ID


@strawberry.type
class CreateSkillSuccess:
    skill: Skill


@strawberry.type
class RenameSkillSuccess:
    skill: Skill


@strawberry.type
class ReparentSkillSuccess:
    skill: Skill


@strawberry.type
class AddSkillAliasSuccess:
    skill: Skill


@strawberry.type(description="The retired skill, and the open tasks' needs it moved.")
class RetireSkillSuccess:
    skill: Skill
    moved_requirements: int = strawberry.field(
        default=0, description="Open tasks' needs moved to the replacement."
    )
    merged_requirements: int = strawberry.field(
        default=0,
        description="Open tasks that required both: the stricter need was kept on the replacement.",
    )
    affected_plan_pks: strawberry.Private[list[int]] = strawberry.field(default_factory=list)

    @strawberry.field(description="Plans with open tasks that required the skill.")
    async def affected_plans(
        self, info: Info
    ) -> list[Annotated[Plan, strawberry.lazy("teamgraph.api.plans.types")]]:
        return await load_nodes(info, "Plan", self.affected_plan_pks)


@strawberry.type
class RestoreSkillSuccess:
    skill: Skill


@strawberry.type(description="What a merge moved, and whose staffing it touched.")
class MergeSkillsSuccess:
    skill: Skill = strawberry.field(description="The skill kept.")
    retired: Skill = strawberry.field(description="The skill merged, now retired.")
    moved_proficiencies: int
    merged_proficiencies: int = strawberry.field(
        description="People who held both: the higher level was kept."
    )
    moved_requirements: int
    merged_requirements: int = strawberry.field(
        description="Tasks that required both: the stricter need was kept."
    )
    affected_plan_pks: strawberry.Private[list[int]]

    @strawberry.field(description="Plans with tasks that required the merged skill.")
    async def affected_plans(
        self, info: Info
    ) -> list[Annotated[Plan, strawberry.lazy("teamgraph.api.plans.types")]]:
        return await load_nodes(info, "Plan", self.affected_plan_pks)


@strawberry.type
class CatalogueMutations:
    @strawberry.mutation(description="Add a skill to the catalogue (HR only).")
    @transactional(hr_only("create skills"))
    def create_skill(self, info: Info, input: CreateSkillInput) -> CreateSkillSuccess:
        row = service.create_skill(
            info.context.session,
            name=input.name,
            category=input.category or "",
            description=input.description or "",
            parent_id=decode_optional_id(input.parent_id, "Skill", field="parentId") or None,
            aliases=input.aliases or [],
        )
        return CreateSkillSuccess(skill=Skill.from_row(row))

    @strawberry.mutation(description="Rename a skill; the old name stays an alias (HR only).")
    @transactional(hr_only("rename skills"))
    def rename_skill(self, info: Info, input: RenameSkillInput) -> RenameSkillSuccess:
        row = service.rename_skill(
            info.context.session, skill_id=_skill_pk(input.skill_id), name=input.name
        )
        return RenameSkillSuccess(skill=Skill.from_row(row))

    @strawberry.mutation(description="Move a skill in the taxonomy; refuses cycles (HR only).")
    @transactional(hr_only("reparent skills"))
    def reparent_skill(self, info: Info, input: ReparentSkillInput) -> ReparentSkillSuccess:
        row = service.reparent_skill(
            info.context.session,
            skill_id=_skill_pk(input.skill_id),
            parent_id=decode_optional_id(input.parent_id, "Skill", field="parentId"),
        )
        return ReparentSkillSuccess(skill=Skill.from_row(row))

    @strawberry.mutation(description="Another name that finds a skill (HR only).")
    @transactional(hr_only("add skill aliases"))
    def add_skill_alias(self, info: Info, input: AddSkillAliasInput) -> AddSkillAliasSuccess:
        row = service.add_alias(
            info.context.session, skill_id=_skill_pk(input.skill_id), alias=input.alias
        )
        return AddSkillAliasSuccess(skill=Skill.from_row(row))

    @strawberry.mutation(
        description="Fold a duplicate skill into another: its names, proficiencies and task "
        "requirements move over, it is retired, and the plans it touched are listed (HR only)."
    )
    @transactional(hr_only("merge skills"))
    def merge_skills(self, info: Info, input: MergeSkillsInput) -> MergeSkillsSuccess:
        report = merge.merge_skills(
            info.context.session,
            from_id=_skill_pk(input.from_, "from"),
            into_id=_skill_pk(input.into, "into"),
        )
        return MergeSkillsSuccess(
            skill=Skill.from_row(report.skill),
            retired=Skill.from_row(report.retired),
            moved_proficiencies=report.moved_proficiencies,
            merged_proficiencies=report.merged_proficiencies,
            moved_requirements=report.moved_requirements,
            merged_requirements=report.merged_requirements,
            affected_plan_pks=report.affected_plan_ids,
        )

    @strawberry.mutation(
        description="Take a skill out of use, optionally naming its replacement (HR only). "
        "Refused (CONFLICT, naming the tasks) while an open task needs it as mandatory, unless "
        "a replacement is named; `skillRetirementImpact` previews it. `restoreSkill` undoes it."
    )
    @transactional(hr_only("retire skills"))
    def retire_skill(self, info: Info, input: RetireSkillInput) -> RetireSkillSuccess:
        report = retire.retire_skill(
            info.context.session,
            skill_id=_skill_pk(input.skill_id),
            replaced_by_id=decode_optional_id(input.replaced_by_id, "Skill", field="replacedById"),
        )
        return RetireSkillSuccess(
            skill=Skill.from_row(report.skill),
            moved_requirements=report.moved_requirements,
            merged_requirements=report.merged_requirements,
            affected_plan_pks=report.impact.plan_ids,
        )

    @strawberry.mutation(
        description="Undo a retirement: the skill is active again under its names (HR only). "
        "Needs moved to a replacement stay there; a merged skill cannot be restored."
    )
    @transactional(hr_only("restore skills"))
    def restore_skill(self, info: Info, input: RestoreSkillInput) -> RestoreSkillSuccess:
        row = retire.restore_skill(info.context.session, skill_id=_skill_pk(input.skill_id))
        return RestoreSkillSuccess(skill=Skill.from_row(row))
