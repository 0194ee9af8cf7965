"""The `people` query: our people by name, filtered by skill, department and free hours."""

from __future__ import annotations

import datetime as dt

import strawberry
from sqlalchemy.orm import Session

from teamgraph.api.core.connections import Connection, connection, page_request
from teamgraph.api.core.context import Info
from teamgraph.api.core.ids import decode_id
from teamgraph.api.people.types import Person
from teamgraph.catalogue.service import resolve_skill
from teamgraph.errors import DomainError
from teamgraph.people import service
from teamgraph.plans import capacity


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
        default=None,
        description="At least this many hours free over the window `from`..`to` (default: the "
        "next four weeks from today), counted as `Person.load` counts them.",
    )
    from_: dt.date | None = strawberry.field(
        default=None, name="from", description="With `minFreeHours`: the window's first day."
    )
    to: dt.date | None = strawberry.field(
        default=None, description="With `minFreeHours`: the window's last day."
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
        free = None
        if flt.min_free_hours is not None:
            window = capacity.window_from(flt.from_, flt.to)
            free = capacity.free_hours_condition(ctx.session, window, flt.min_free_hours)
        page = service.list_people(
            ctx.session,
            page_request(first, after, last, before),
            skill_id=None
            if flt.skill is None
            else skill_ref(ctx.session, flt.skill, field="skill"),
            min_level=flt.min_level,
            department=flt.department,
            where=free,
            max_size=ctx.settings.max_page_size,
        )
        return connection(page, Person.from_row)
