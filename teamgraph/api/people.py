"""People: the type front-ends draw, and the `people` connection."""

from __future__ import annotations

import strawberry

from teamgraph.api.context import Info
from teamgraph.api.relay import Connection, connection, page_request, to_global_id
from teamgraph.people import models, service


@strawberry.type
class Person:
    id: strawberry.ID
    name: str
    email: str
    title: str
    department: str
    location: str
    capacity_hours: int
    active: bool

    @classmethod
    def from_row(cls, row: models.Person) -> Person:
        return cls(
            id=to_global_id("Person", row.id),
            name=row.name,
            email=row.email,
            title=row.title,
            department=row.department,
            location=row.location,
            capacity_hours=row.capacity_hours,
            active=row.active,
        )


@strawberry.type
class PeopleQuery:
    @strawberry.field(description="Our people, by name.")
    def people(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Person]:
        ctx = info.context
        page = service.list_people(
            ctx.session,
            page_request(first, after, last, before),
            max_size=ctx.settings.max_page_size,
        )
        return connection(page, Person.from_row)
