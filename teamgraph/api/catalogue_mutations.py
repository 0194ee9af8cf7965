"""HR's changes to the skills catalogue: create, rename, reparent, alias, merge and retire.

Each runs as one transaction (`as_hr`): check the token is hr_admin, decode the input's ids,
call the catalogue service. Every expected failure comes back typed in the payload.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import strawberry
from sqlalchemy.orm import Session

from teamgraph.api.account_mutations import opt_id
from teamgraph.api.catalogue import Skill
from teamgraph.api.context import Info
from teamgraph.api.errors import Error, mutate, result_union
from teamgraph.api.plans import Plan, plan_by_id
from teamgraph.api.relay import decode_id
from teamgraph.auth.policy import require_hr
from teamgraph.catalogue import merge, service

T = TypeVar("T")


def as_hr(info: Info, action: str, work: Callable[[Session], T]) -> Any:
    """`work` as one transaction, after checking the token is HR's (FORBIDDEN otherwise)."""
    principal = info.context.principal

    def unit(session: Session) -> T:
        require_hr(principal, action=action)
        return work(session)

    return mutate(info.context.session, unit)


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
        default=None, description="What to use instead; imports naming the old skill use it."
    )


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


@strawberry.type
class RetireSkillSuccess:
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
    async def affected_plans(self, info: Info) -> list[Plan]:
        rows = await info.context.loader(plan_by_id).load_many(self.affected_plan_pks)
        return [Plan.from_row(row) for row in rows if row is not None]


if TYPE_CHECKING:  # what mypy sees; strawberry sees the named unions below
    CreateSkillResult = CreateSkillSuccess | Error
    RenameSkillResult = RenameSkillSuccess | Error
    ReparentSkillResult = ReparentSkillSuccess | Error
    AddSkillAliasResult = AddSkillAliasSuccess | Error
    MergeSkillsResult = MergeSkillsSuccess | Error
    RetireSkillResult = RetireSkillSuccess | Error
else:
    CreateSkillResult = result_union("CreateSkillResult", CreateSkillSuccess)
    RenameSkillResult = result_union("RenameSkillResult", RenameSkillSuccess)
    ReparentSkillResult = result_union("ReparentSkillResult", ReparentSkillSuccess)
    AddSkillAliasResult = result_union("AddSkillAliasResult", AddSkillAliasSuccess)
    MergeSkillsResult = result_union("MergeSkillsResult", MergeSkillsSuccess)
    RetireSkillResult = result_union("RetireSkillResult", RetireSkillSuccess)


@strawberry.type
class CatalogueMutations:
    @strawberry.mutation(description="Add a skill to the catalogue (HR only).")
    def create_skill(self, info: Info, input: CreateSkillInput) -> CreateSkillResult:
        def work(session: Session) -> CreateSkillSuccess:
            parent = opt_id(input.parent_id, "Skill", "parentId")
            row = service.create_skill(
                session,
                name=input.name,
                category=input.category or "",
                description=input.description or "",
                parent_id=parent if isinstance(parent, int) else None,
                aliases=input.aliases or [],
            )
            return CreateSkillSuccess(skill=Skill.from_row(row))

        return as_hr(info, "create skills", work)

    @strawberry.mutation(description="Rename a skill; the old name stays an alias (HR only).")
    def rename_skill(self, info: Info, input: RenameSkillInput) -> RenameSkillResult:
        def work(session: Session) -> RenameSkillSuccess:
            row = service.rename_skill(session, skill_id=_skill_pk(input.skill_id), name=input.name)
            return RenameSkillSuccess(skill=Skill.from_row(row))

        return as_hr(info, "rename skills", work)

    @strawberry.mutation(description="Move a skill in the taxonomy; refuses cycles (HR only).")
    def reparent_skill(self, info: Info, input: ReparentSkillInput) -> ReparentSkillResult:
        def work(session: Session) -> ReparentSkillSuccess:
            row = service.reparent_skill(
                session,
                skill_id=_skill_pk(input.skill_id),
                parent_id=opt_id(input.parent_id, "Skill", "parentId"),
            )
            return ReparentSkillSuccess(skill=Skill.from_row(row))

        return as_hr(info, "reparent skills", work)

    @strawberry.mutation(description="Another name that finds a skill (HR only).")
    def add_skill_alias(self, info: Info, input: AddSkillAliasInput) -> AddSkillAliasResult:
        def work(session: Session) -> AddSkillAliasSuccess:
            row = service.add_alias(session, skill_id=_skill_pk(input.skill_id), alias=input.alias)
            return AddSkillAliasSuccess(skill=Skill.from_row(row))

        return as_hr(info, "add skill aliases", work)

    @strawberry.mutation(
        description="Fold a duplicate skill into another: its names, proficiencies and task "
        "requirements move over, it is retired, and the plans it touched are listed (HR only)."
    )
    def merge_skills(self, info: Info, input: MergeSkillsInput) -> MergeSkillsResult:
        def work(session: Session) -> MergeSkillsSuccess:
            report = merge.merge_skills(
                session,
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

        return as_hr(info, "merge skills", work)

    @strawberry.mutation(description="Take a skill out of use, optionally naming its replacement.")
    def retire_skill(self, info: Info, input: RetireSkillInput) -> RetireSkillResult:
        def work(session: Session) -> RetireSkillSuccess:
            row = service.retire_skill(
                session,
                skill_id=_skill_pk(input.skill_id),
                replaced_by_id=opt_id(input.replaced_by_id, "Skill", "replacedById"),
            )
            return RetireSkillSuccess(skill=Skill.from_row(row))

        return as_hr(info, "retire skills", work)
