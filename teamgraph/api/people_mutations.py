"""HR's changes to people: create and update them, set and remove proficiencies, and import a
skills matrix (the same service as `teamgraph import`).

Each runs as one transaction for an hr_admin token (`as_hr`); every expected failure comes back
typed in the payload, and a rejected import lists every bad row and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING, Any

import strawberry
from sqlalchemy.orm import Session

from teamgraph.api.account_mutations import given
from teamgraph.api.catalogue import Skill, skill_by_pk
from teamgraph.api.catalogue_mutations import as_hr
from teamgraph.api.context import Info
from teamgraph.api.errors import Error, result_union
from teamgraph.api.people import Person, Proficiency, person_by_pk
from teamgraph.api.relay import decode_id
from teamgraph.errors import DomainError
from teamgraph.inputs import KEEP
from teamgraph.people import service, skills_matrix

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
        return await person_by_pk(info, self.person_pk)

    @strawberry.field
    async def skill(self, info: Info) -> Skill | None:
        return await skill_by_pk(info, self.skill_pk)


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


@strawberry.type(description="What an import did; it sets the levels given and nothing else.")
class ImportSkillsMatrixSuccess:
    entries: int = strawberry.field(description="(person, skill, level) entries read.")
    created: int
    updated: int
    unchanged: int
    people: int


if TYPE_CHECKING:  # what mypy sees; strawberry sees the named unions below
    CreatePersonResult = CreatePersonSuccess | Error
    UpdatePersonResult = UpdatePersonSuccess | Error
    SetProficiencyResult = SetProficiencySuccess | Error
    RemoveProficiencyResult = RemoveProficiencySuccess | Error
    ImportSkillsMatrixResult = ImportSkillsMatrixSuccess | Error
else:
    CreatePersonResult = result_union("CreatePersonResult", CreatePersonSuccess)
    UpdatePersonResult = result_union("UpdatePersonResult", UpdatePersonSuccess)
    SetProficiencyResult = result_union("SetProficiencyResult", SetProficiencySuccess)
    RemoveProficiencyResult = result_union("RemoveProficiencyResult", RemoveProficiencySuccess)
    ImportSkillsMatrixResult = result_union("ImportSkillsMatrixResult", ImportSkillsMatrixSuccess)


def _person_fields(data: Any) -> dict[str, Any]:
    return given(
        name=data.name,
        email=data.email,
        title=data.title,
        department=data.department,
        location=data.location,
        capacity_hours=data.capacity_hours,
    )


def _verifier(info: Info, verified: bool | None) -> Any:
    """Who vouches: the caller's person for true, nobody for false; KEEP when omitted."""
    if verified is strawberry.UNSET or verified is None:
        return KEEP
    if not verified:
        return None
    person_id = info.context.principal.person_id
    if person_id is None:
        raise DomainError("this token acts for no person, so it cannot vouch", field="verified")
    return person_id


@strawberry.type
class PeopleMutations:
    @strawberry.mutation(description="Add one of our people (HR only).")
    def create_person(self, info: Info, input: CreatePersonInput) -> CreatePersonResult:
        def work(session: Session) -> CreatePersonSuccess:
            fields = {k: v for k, v in _person_fields(input).items() if v is not None}
            row = service.create_person(session, **fields)
            return CreatePersonSuccess(person=Person.from_row(row))

        return as_hr(info, "add people", work)

    @strawberry.mutation(description="Change a person's details (HR only).")
    def update_person(self, info: Info, input: UpdatePersonInput) -> UpdatePersonResult:
        def work(session: Session) -> UpdatePersonSuccess:
            row = service.update_person(
                session,
                person_id=decode_id(input.person_id, "Person", field="personId"),
                **_person_fields(input),
                **given(active=input.active),
            )
            return UpdatePersonSuccess(person=Person.from_row(row))

        return as_hr(info, "change people", work)

    @strawberry.mutation(description="Set how well a person masters a skill (HR only).")
    def set_proficiency(self, info: Info, input: SetProficiencyInput) -> SetProficiencyResult:
        def work(session: Session) -> SetProficiencySuccess:
            row = service.set_proficiency(
                session,
                person_id=decode_id(input.person_id, "Person", field="personId"),
                skill_id=decode_id(input.skill_id, "Skill", field="skillId"),
                level=input.level,
                verified_by_id=_verifier(info, input.verified),
                **given(interest=input.interest, last_used=input.last_used),
            )
            return SetProficiencySuccess(proficiency=Proficiency.from_row(row))

        return as_hr(info, "set proficiencies", work)

    @strawberry.mutation(description="A person no longer holds a skill (HR only).")
    def remove_proficiency(
        self, info: Info, input: RemoveProficiencyInput
    ) -> RemoveProficiencyResult:
        def work(session: Session) -> RemoveProficiencySuccess:
            person_pk = decode_id(input.person_id, "Person", field="personId")
            skill_pk = decode_id(input.skill_id, "Skill", field="skillId")
            service.remove_proficiency(session, person_id=person_pk, skill_id=skill_pk)
            return RemoveProficiencySuccess(person_pk=person_pk, skill_pk=skill_pk)

        return as_hr(info, "remove proficiencies", work)

    @strawberry.mutation(
        description="Import HR's skills matrix: all or nothing; a rejection lists every bad "
        "row (line, column, reason) in `ValidationError.rows` (HR only)."
    )
    def import_skills_matrix(
        self, info: Info, input: ImportSkillsMatrixInput
    ) -> ImportSkillsMatrixResult:
        def work(session: Session) -> ImportSkillsMatrixSuccess:
            try:
                summary = skills_matrix.import_matrix(session, input.csv, shape=input.shape.value)
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
            )

        return as_hr(info, "import skills matrices", work)
