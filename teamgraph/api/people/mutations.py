"""HR's changes to people: create and update them, set and remove proficiencies, and import a
skills matrix (the same service as `teamgraph import`).

Each is one transaction for an hr_admin token; every expected failure comes back typed in the
payload, and a rejected import lists every bad row and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from teamgraph.api.core.context import Info
from teamgraph.api.core.ids import decode_id
from teamgraph.api.core.mutations import given, hr_only, transactional
from teamgraph.api.core.nodes import load_node
from teamgraph.api.people.types import Person, Proficiency
from teamgraph.errors import DomainError
from teamgraph.people import service, skills_matrix

if TYPE_CHECKING:
    from teamgraph.api.catalogue.types import Skill

# --- inputs and payloads ----------------------------------------------------------------------


@strawberry.input
class CreatePersonInput:
    name: str
    email: str
    title: str | None = strawberry.UNSET
    department: str | None = strawberry.UNSET
    location: str | None = strawberry.UNSET
    capacity_hours: int | None = strawberry.field(
        default=strawberry.UNSET, description="Hours a week, 0..80; 40 when omitted."
    )


@strawberry.input
class UpdatePersonInput:
    person_id: strawberry.ID
    name: str | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    title: str | None = strawberry.UNSET
    department: str | None = strawberry.UNSET
    location: str | None = strawberry.UNSET
    capacity_hours: int | None = strawberry.UNSET
    active: bool | None = strawberry.UNSET


@strawberry.type
class CreatePersonSuccess:
    person: Person


@strawberry.type
class UpdatePersonSuccess:
    person: Person


@strawberry.input
class SetProficiencyInput:
    person_id: strawberry.ID
    skill_id: strawberry.ID
    level: int = strawberry.field(description="1 (aware) to 5 (expert).")
    interest: int | None = strawberry.field(
        default=strawberry.UNSET, description="1..5; null clears it, omitted keeps it."
    )
    last_used: dt.date | None = strawberry.UNSET
    verified: bool | None = strawberry.field(
        default=strawberry.UNSET,
        description="True: the caller (a token acting as a person) vouches for the level now; "
        "false: clears it. Omitted: kept, unless the level changes.",
    )


@strawberry.type
class SetProficiencySuccess:
    proficiency: Proficiency


@strawberry.input
class RemoveProficiencyInput:
    person_id: strawberry.ID
    skill_id: strawberry.ID


@strawberry.type
class RemoveProficiencySuccess:
    person_pk: strawberry.Private[int]
    skill_pk: strawberry.Private[int]

    @strawberry.field
    async def person(self, info: Info) -> Person | None:
        return await load_node(info, "Person", self.person_pk)

    @strawberry.field
    async def skill(
        self, info: Info
    ) -> Annotated[Skill, strawberry.lazy("teamgraph.api.catalogue.types")] | None:
        return await load_node(info, "Skill", self.skill_pk)


@strawberry.enum(description="How a skills matrix is laid out.")
class MatrixShape(Enum):
    AUTO = "auto"
    LONG = "long"
    WIDE = "wide"


@strawberry.input
class ImportSkillsMatrixInput:
    csv: str = strawberry.field(
        description="long: `person,skill,level` rows (person by email); wide: `person` then "
        "one column per skill. Comma, semicolon or tab separated."
    )
    shape: MatrixShape = MatrixShape.AUTO
    dry_run: bool = strawberry.field(
        default=False,
        description="Check the file and count what it would do, writing nothing: the bad rows "
        "come back as the same ValidationError, the counts as the success.",
    )


@strawberry.type(description="What an import did; it sets the levels given and nothing else.")
class ImportSkillsMatrixSuccess:
    entries: int = strawberry.field(description="(person, skill, level) entries read.")
    created: int
    updated: int
    unchanged: int
    people: int
    dry_run: bool = strawberry.field(
        default=False, description="Nothing was written: the counts are what it would do."
    )


def _person_fields(data: Any) -> dict[str, Any]:
    return given(
        name=data.name,
        email=data.email,
        title=data.title,
        department=data.department,
        location=data.location,
        capacity_hours=data.capacity_hours,
    )


@strawberry.type
class PeopleMutations:
    @strawberry.mutation(description="Add one of our people (HR only).")
    @transactional(hr_only("add people"))
    def create_person(self, info: Info, input: CreatePersonInput) -> CreatePersonSuccess:
        fields = {k: v for k, v in _person_fields(input).items() if v is not None}
        row = service.create_person(info.context.session, **fields)
        return CreatePersonSuccess(person=Person.from_row(row))

    @strawberry.mutation(description="Change a person's details (HR only).")
    @transactional(hr_only("change people"))
    def update_person(self, info: Info, input: UpdatePersonInput) -> UpdatePersonSuccess:
        row = service.update_person(
            info.context.session,
            person_id=decode_id(input.person_id, "Person", field="personId"),
            **_person_fields(input),
            **given(active=input.active),
        )
        return UpdatePersonSuccess(person=Person.from_row(row))

    @strawberry.mutation(description="Set how well a person masters a skill (HR only).")
    @transactional(hr_only("set proficiencies"))
    def set_proficiency(self, info: Info, input: SetProficiencyInput) -> SetProficiencySuccess:
        verified = None if input.verified is strawberry.UNSET else input.verified
        row = service.set_proficiency(
            info.context.session,
            person_id=decode_id(input.person_id, "Person", field="personId"),
            skill_id=decode_id(input.skill_id, "Skill", field="skillId"),
            level=input.level,
            verified_by_id=service.voucher(verified, caller=info.context.principal.person_id),
            **given(interest=input.interest, last_used=input.last_used),
        )
        return SetProficiencySuccess(proficiency=Proficiency.from_row(row))

    @strawberry.mutation(description="A person no longer holds a skill (HR only).")
    @transactional(hr_only("remove proficiencies"))
    def remove_proficiency(
        self, info: Info, input: RemoveProficiencyInput
    ) -> RemoveProficiencySuccess:
        person_pk = decode_id(input.person_id, "Person", field="personId")
        skill_pk = decode_id(input.skill_id, "Skill", field="skillId")
        service.remove_proficiency(info.context.session, person_id=person_pk, skill_id=skill_pk)
        return RemoveProficiencySuccess(person_pk=person_pk, skill_pk=skill_pk)

    @strawberry.mutation(
        description="Import HR's skills matrix: all or nothing; a rejection lists every bad "
        "row (line, column, reason) in `ValidationError.rows` (HR only)."
    )
    @transactional(hr_only("import skills matrices"))
    def import_skills_matrix(
        self, info: Info, input: ImportSkillsMatrixInput
    ) -> ImportSkillsMatrixSuccess:
        try:
            summary = skills_matrix.import_matrix(
                info.context.session, input.csv, shape=input.shape.value, dry_run=input.dry_run
            )
        except DomainError as error:
            if error.field in ("file", "header"):
                error.field = "csv"  # the CLI's file is this input's `csv`
            raise
        return ImportSkillsMatrixSuccess(
            entries=summary.rows,
            created=summary.created,
            updated=summary.updated,
            unchanged=summary.unchanged,
            people=summary.people,
            dry_run=input.dry_run,
        )
