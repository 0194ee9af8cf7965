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
    load_by_person_and_window,
    person_by_id,
    proficiencies_by_person_id,
    time_off_by_id,
    time_off_by_person_id,
)
from teamgraph.auth.policy import sees_personal_data
from teamgraph.people import models
from teamgraph.plans import capacity

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


WINDOW_RULES = (
    "Over a window of calendar days (`from`..`to`, both included): capacity is the weekly "
    "capacity / 7 on each day not on time off; each open or in-progress task spreads its effort "
    "evenly over its own window (start..due, else its plan's period) and the share falling in the "
    "window is assigned."
)


@strawberry.type(description="A person's hours in one week of a load's window.")
class WeekLoad:
    week_start: dt.date
    week_end: dt.date = strawberry.field(
        description="The week's last day: six days after its start, or the window's end."
    )
    available_hours: float = strawberry.field(description="Capacity in the week, after time off.")
    assigned_hours: float
    free_hours: float = strawberry.field(description="Capacity left, never below 0.")


@strawberry.type(description="A person's capacity and open work over a window. " + WINDOW_RULES)
class PersonLoad:
    capacity_hours: int = strawberry.field(description="Weekly capacity, as HR keeps it.")
    available_hours: float = strawberry.field(
        description="Hours the person can give over the window (weekly capacity x available "
        "days / 7)."
    )
    assigned_hours: float = strawberry.field(
        description="The share of their open and in-progress tasks' effort falling in the window."
    )
    free_hours: float = strawberry.field(description="Capacity left, never below 0.")
    open_tasks: int = strawberry.field(
        description="Their open and in-progress tasks whose window meets this one."
    )
    from_: dt.date = strawberry.field(name="from", description="The window's first day.")
    to: dt.date = strawberry.field(description="The window's last day.")
    weeks: list[WeekLoad] = strawberry.field(
        description="Seven-day steps from `from` (the last may be shorter), for a chart."
    )

    @classmethod
    def of(cls, figures: capacity.Load, weekly_capacity: int) -> PersonLoad:
        return cls(
            capacity_hours=weekly_capacity,
            available_hours=figures.capacity_hours,
            assigned_hours=figures.assigned_hours,
            free_hours=figures.free_hours,
            open_tasks=figures.open_tasks,
            from_=figures.window.start,
            to=figures.window.end,
            weeks=[
                WeekLoad(
                    week_start=w.week.start,
                    week_end=w.week.end,
                    available_hours=w.capacity_hours,
                    assigned_hours=w.assigned_hours,
                    free_hours=w.free_hours,
                )
                for w in figures.weeks
            ],
        )


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

    @strawberry.field(
        description="Capacity, assigned and free hours over a window (default: the next four "
        "weeks from today), with its weeks. " + WINDOW_RULES
    )
    async def load(
        self,
        info: Info,
        from_: Annotated[
            dt.date | None,
            strawberry.argument(name="from", description="First day; default today."),
        ] = None,
        to: Annotated[
            dt.date | None,
            strawberry.argument(description="Last day; default four weeks after `from`."),
        ] = None,
    ) -> PersonLoad:
        window = capacity.window_from(from_, to)
        figures = await info.context.loader(load_by_person_and_window).load((self.pk, window))
        if figures is None:  # gone since the page was read: nothing booked
            figures = capacity.Timeline(self.pk, self.capacity_hours, frozenset(), ()).load(window)
        return PersonLoad.of(figures, self.capacity_hours)

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
