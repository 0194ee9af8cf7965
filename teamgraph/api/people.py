"""People: the `Person` node, its loader, and the `people` connection."""

from __future__ import annotations

from collections.abc import Sequence

import strawberry
from sqlalchemy import select
from strawberry.dataloader import DataLoader

from teamgraph.api.context import Context, Info
from teamgraph.api.relay import (
    Connection,
    Node,
    connection,
    page_request,
    register_node,
    to_global_id,
)
from teamgraph.auth.policy import sees_personal_data
from teamgraph.people import models, service


def person_by_id(ctx: Context) -> DataLoader[int, models.Person | None]:
    async def load(keys: list[int]) -> list[models.Person | None]:
        rows = ctx.session.scalars(select(models.Person).where(models.Person.id.in_(keys)))
        by_id = {row.id: row for row in rows}
        return [by_id.get(key) for key in keys]

    return DataLoader(load_fn=load)


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
