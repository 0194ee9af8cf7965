"""The `Person` node (proficiencies, load, assignments, time off) and what it is made of.

Personal data (email, location, time off) is shown only to HR and to the person
(teamgraph.auth.policy.sees_personal_data); null to everyone else.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from teamgraph.api.core.context import Info
from teamgraph.api.core.ids import to_global_id
from teamgraph.api.core.nodes import Node, build_nodes, load_node, register_node
from teamgraph.api.people.loaders import (
    assignments_by_person_id,
    load_by_person_id,
    person_by_id,
    proficiencies_by_person_id,
    time_off_by_id,
    time_off_by_person_id,
)
from teamgraph.auth.policy import sees_personal_data
from teamgraph.people import models, service

if TYPE_CHECKING:
    from teamgraph.api.catalogue.types import Skill
    from teamgraph.api.plans.tasks import Assignment

SkillRef = Annotated["Skill", strawberry.lazy("teamgraph.api.catalogue.types")]


@strawberry.type(description="How well a person masters a skill.")
class Proficiency:
    person_pk: strawberry.Private[int]
    skill_pk: strawberry.Private[int]
    verified_by_pk: strawberry.Private[int | None]
    level: int = strawberry.field(description="1 (aware) to 5 (expert).")
    interest: int | None = strawberry.field(description="1 (rather not) to 5 (keen), if known.")
    last_used: dt.date | None
    verified_at: dt.datetime | None

    @strawberry.field
    async def skill(self, info: Info) -> SkillRef | None:
        return await load_node(info, "Skill", self.skill_pk)

    @strawberry.field
    async def person(self, info: Info) -> Person | None:
        return await load_node(info, "Person", self.person_pk)

    @strawberry.field(description="Someone vouched for the level.")
    def verified(self) -> bool:
        return self.verified_by_pk is not None

    @strawberry.field(description="Who vouched for the level.")
    async def verified_by(self, info: Info) -> Person | None:
        return await load_node(info, "Person", self.verified_by_pk)

    @classmethod
    def from_row(cls, row: models.Proficiency) -> Proficiency:
        return cls(
            person_pk=row.person_id,
            skill_pk=row.skill_id,
            verified_by_pk=row.verified_by_id,
            level=row.level,
            interest=row.interest,
            last_used=row.last_used,
            verified_at=row.verified_at,
        )


@strawberry.type(
    description="Hours of the open and in-progress tasks a person is on (their whole effort, "
    "as the staffing solver counts it) against their weekly capacity."
)
class PersonLoad:
    capacity_hours: int
    assigned_hours: float
    free_hours: float = strawberry.field(description="Capacity left, never below 0.")
    open_tasks: int


@strawberry.type(
    description="A period a person is away, first and last day included (personal data: "
    "only HR and the person see it). A person's periods never overlap or touch."
)
class TimeOff(Node):
    pk: strawberry.Private[int]
    person_pk: strawberry.Private[int]
    start_date: dt.date
    end_date: dt.date
    reason: str

    @strawberry.field
    async def person(self, info: Info) -> Person | None:
        return await load_node(info, "Person", self.person_pk)

    @classmethod
    def from_row(cls, row: models.TimeOff) -> TimeOff:
        return cls(
            id=to_global_id("TimeOff", row.id),
            pk=row.id,
            person_pk=row.person_id,
            start_date=row.start_date,
            end_date=row.end_date,
            reason=row.reason,
        )


@strawberry.type
class Person(Node):
    pk: strawberry.Private[int]
    name: str
    title: str
    department: str
    capacity_hours: int
    active: bool
    email_: strawberry.Private[str]
    location_: strawberry.Private[str]

    @strawberry.field(description="Personal data: only HR and the person see it; null otherwise.")
    def email(self, info: Info) -> str | None:
        return self.email_ if sees_personal_data(info.context.principal, self.pk) else None

    @strawberry.field(description="Personal data: only HR and the person see it; null otherwise.")
    def location(self, info: Info) -> str | None:
        return self.location_ if sees_personal_data(info.context.principal, self.pk) else None

    @strawberry.field(description="The skills the person holds, the strongest first.")
    async def proficiencies(self, info: Info) -> list[Proficiency]:
        rows = await info.context.loader(proficiencies_by_person_id).load(self.pk)
        return [Proficiency.from_row(row) for row in rows]

    @strawberry.field
    async def load(self, info: Info) -> PersonLoad:
        found = await info.context.loader(load_by_person_id).load(self.pk)
        figures = found or service.Load(self.capacity_hours, 0.0, 0)
        return PersonLoad(
            capacity_hours=figures.capacity_hours,
            assigned_hours=figures.assigned_hours,
            free_hours=figures.free_hours,
            open_tasks=figures.open_tasks,
        )

    @strawberry.field(description="The person's places on tasks, oldest first.")
    async def assignments(
        self, info: Info
    ) -> list[Annotated[Assignment, strawberry.lazy("teamgraph.api.plans.tasks")]]:
        rows = await info.context.loader(assignments_by_person_id).load(self.pk)
        return build_nodes("Assignment", rows)

    @strawberry.field(description="Personal data: only HR and the person see it; null otherwise.")
    async def time_off(self, info: Info) -> list[TimeOff] | None:
        if not sees_personal_data(info.context.principal, self.pk):
            return None
        rows = await info.context.loader(time_off_by_person_id).load(self.pk)
        return [TimeOff.from_row(row) for row in rows]

    @classmethod
    def from_row(cls, row: models.Person) -> Person:
        return cls(
            id=to_global_id("Person", row.id),
            pk=row.id,
            name=row.name,
            title=row.title,
            department=row.department,
            capacity_hours=row.capacity_hours,
            active=row.active,
            email_=row.email,
            location_=row.location,
        )


register_node("Person", person_by_id, Person.from_row)
register_node("TimeOff", time_off_by_id, TimeOff.from_row)
