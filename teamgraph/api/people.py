"""People: the `Person` node (with proficiencies, load, assignments and time off), its loaders,
and the `people` connection with its filters. HR's changes live in `people_mutations`.

Every relation of a person loads through a per-request DataLoader, so a page of people with
their skills costs the same few statements whatever its size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import strawberry
from sqlalchemy import select
from sqlalchemy.orm import Session
from strawberry.dataloader import DataLoader

from teamgraph.api.catalogue import Skill, skill_by_pk
from teamgraph.api.context import Context, Info
from teamgraph.api.loaders import grouped, keyed
from teamgraph.api.relay import (
    Connection,
    Node,
    connection,
    decode_id,
    page_request,
    register_node,
    to_global_id,
)
from teamgraph.auth.policy import sees_personal_data
from teamgraph.catalogue.service import resolve_skill
from teamgraph.errors import DomainError
from teamgraph.people import models, service
from teamgraph.plans.models import Assignment as AssignmentRow
from teamgraph.rows import rows_grouped

if TYPE_CHECKING:
    from teamgraph.api.plans import Assignment


def person_by_id(ctx: Context) -> DataLoader[int, models.Person | None]:
    async def load(keys: list[int]) -> list[models.Person | None]:
        rows = ctx.session.scalars(select(models.Person).where(models.Person.id.in_(keys)))
        by_id = {row.id: row for row in rows}
        return [by_id.get(key) for key in keys]

    return DataLoader(load_fn=load)


proficiencies_by_person_id = grouped(
    lambda session, ids: rows_grouped(
        session,
        models.Proficiency.person_id,
        ids,
        (models.Proficiency.level.desc(), models.Proficiency.skill_id),
    )
)
time_off_by_person_id = grouped(
    lambda session, ids: rows_grouped(
        session, models.TimeOff.person_id, ids, (models.TimeOff.start_date,)
    )
)
assignments_by_person_id = grouped(
    lambda session, ids: rows_grouped(session, AssignmentRow.person_id, ids, (AssignmentRow.id,))
)
load_by_person_id = keyed(service.loads_by_person_id)


async def person_by_pk(info: Info, pk: int | None) -> Person | None:
    if pk is None:
        return None
    row = await info.context.loader(person_by_id).load(pk)
    return Person.from_row(row) if row is not None else None


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
    async def skill(self, info: Info) -> Skill | None:
        return await skill_by_pk(info, self.skill_pk)

    @strawberry.field
    async def person(self, info: Info) -> Person | None:
        return await person_by_pk(info, self.person_pk)

    @strawberry.field(description="Someone vouched for the level.")
    def verified(self) -> bool:
        return self.verified_by_pk is not None

    @strawberry.field(description="Who vouched for the level.")
    async def verified_by(self, info: Info) -> Person | None:
        return await person_by_pk(info, self.verified_by_pk)

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


@strawberry.type(description="A period a person is away.")
class TimeOff:
    start_date: dt.date
    end_date: dt.date
    reason: str


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
    ) -> list[Annotated[Assignment, strawberry.lazy("teamgraph.api.plans")]]:
        from teamgraph.api.plans import Assignment

        rows = await info.context.loader(assignments_by_person_id).load(self.pk)
        return [Assignment.from_row(row) for row in rows]

    @strawberry.field(description="Personal data: only HR and the person see it; null otherwise.")
    async def time_off(self, info: Info) -> list[TimeOff] | None:
        if not sees_personal_data(info.context.principal, self.pk):
            return None
        rows = await info.context.loader(time_off_by_person_id).load(self.pk)
        return [
            TimeOff(start_date=r.start_date, end_date=r.end_date, reason=r.reason) for r in rows
        ]

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


async def _fetch(ctx: Context, keys: list[int]) -> Sequence[Person | None]:
    rows = await ctx.loader(person_by_id).load_many(keys)
    return [Person.from_row(row) if row is not None else None for row in rows]


register_node("Person", _fetch)


@strawberry.input
class PeopleFilter:
    skill: str | None = strawberry.field(
        default=None, description="Holders of this skill: its global id, name or alias."
    )
    min_level: int | None = strawberry.field(
        default=None, description="With `skill`: at this level (1..5) or above."
    )
    department: str | None = strawberry.field(default=None, description="Any case.")
    min_free_hours: float | None = strawberry.field(
        default=None, description="At least this many hours free a week (see `Person.load`)."
    )


def skill_ref(session: Session, ref: str, *, field: str) -> int:
    """A skill given as its global id, or else as a name or alias (NOT_FOUND if none)."""
    try:
        return decode_id(ref, "Skill", field=field)
    except DomainError:
        return resolve_skill(session, ref, field=field).id


@strawberry.type
class PeopleQuery:
    @strawberry.field(description="Our people, by name, optionally filtered.")
    def people(
        self,
        info: Info,
        filter: PeopleFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Person]:
        ctx = info.context
        flt = filter or PeopleFilter()
        page = service.list_people(
            ctx.session,
            page_request(first, after, last, before),
            skill_id=None
            if flt.skill is None
            else skill_ref(ctx.session, flt.skill, field="skill"),
            min_level=flt.min_level,
            department=flt.department,
            min_free_hours=flt.min_free_hours,
            max_size=ctx.settings.max_page_size,
        )
        return connection(page, Person.from_row)
