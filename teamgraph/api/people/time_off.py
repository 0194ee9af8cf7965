"""HR keeps people's time off: add a period (merged with those it overlaps or touches), remove
one, or import HR's file (the same service as `teamgraph import time-off`). HR only; each is one
transaction, and a rejected import lists every bad row and writes nothing."""

from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry

from teamgraph.api.core.context import Info
from teamgraph.api.core.ids import decode_id
from teamgraph.api.core.mutations import hr_only, transactional
from teamgraph.api.core.nodes import load_node
from teamgraph.api.people.types import Person, TimeOff
from teamgraph.errors import DomainError
from teamgraph.people import time_off


@strawberry.input
class AddTimeOffInput:
    person_id: strawberry.ID
    start_date: dt.date = strawberry.field(description="The first day away.")
    end_date: dt.date = strawberry.field(
        description="The last day away: on or after the start, at most a year later."
    )
    reason: str | None = strawberry.field(default=None, description="Up to 500 characters.")


@strawberry.enum(description="What adding a period did to the person's time off.")
class TimeOffOutcome(Enum):
    ADDED = "added"
    MERGED = "merged"
    UNCHANGED = "unchanged"


@strawberry.type
class AddTimeOffSuccess:
    time_off: TimeOff = strawberry.field(
        description="The period as kept: merged with those it overlapped or touched."
    )
    outcome: TimeOffOutcome
    person_pk: strawberry.Private[int]

    @strawberry.field
    async def person(self, info: Info) -> Person | None:
        return await load_node(info, "Person", self.person_pk)


@strawberry.input
class RemoveTimeOffInput:
    time_off_id: strawberry.ID


@strawberry.type
class RemoveTimeOffSuccess:
    person_pk: strawberry.Private[int]

    @strawberry.field(description="The person, without the period.")
    async def person(self, info: Info) -> Person | None:
        return await load_node(info, "Person", self.person_pk)


@strawberry.input
class ImportTimeOffInput:
    csv: str = strawberry.field(
        description="`person,start,end[,reason]` rows: person by email, dates YYYY-MM-DD. "
        "Comma, semicolon or tab separated."
    )


@strawberry.type(description="What an import did; periods merge as `addTimeOff` merges them.")
class ImportTimeOffSuccess:
    periods: int = strawberry.field(description="Periods read (rows of the file).")
    added: int
    merged: int
    unchanged: int
    people: int


@strawberry.type
class TimeOffMutations:
    @strawberry.mutation(
        description="Record that a person is away (HR only). A period that overlaps or "
        "touches one already kept is merged with it."
    )
    @transactional(hr_only("keep time off"))
    def add_time_off(self, info: Info, input: AddTimeOffInput) -> AddTimeOffSuccess:
        row, outcome = time_off.add_time_off(
            info.context.session,
            person_id=decode_id(input.person_id, "Person", field="personId"),
            start=input.start_date,
            end=input.end_date,
            reason=input.reason or "",
        )
        return AddTimeOffSuccess(
            time_off=TimeOff.from_row(row),
            outcome=TimeOffOutcome(outcome),
            person_pk=row.person_id,
        )

    @strawberry.mutation(description="Forget a period of time off (HR only).")
    @transactional(hr_only("keep time off"))
    def remove_time_off(self, info: Info, input: RemoveTimeOffInput) -> RemoveTimeOffSuccess:
        person_pk = time_off.remove_time_off(
            info.context.session,
            time_off_id=decode_id(input.time_off_id, "TimeOff", field="timeOffId"),
        )
        return RemoveTimeOffSuccess(person_pk=person_pk)

    @strawberry.mutation(
        description="Import HR's time off file: all or nothing; a rejection lists every bad "
        "row (line, column, reason) in `ValidationError.rows` (HR only)."
    )
    @transactional(hr_only("import time off"))
    def import_time_off(self, info: Info, input: ImportTimeOffInput) -> ImportTimeOffSuccess:
        try:
            summary = time_off.import_time_off(info.context.session, input.csv)
        except DomainError as error:
            if error.field in ("file", "header"):
                error.field = "csv"  # the CLI's file is this input's `csv`
            raise
        return ImportTimeOffSuccess(
            periods=summary.rows,
            added=summary.added,
            merged=summary.merged,
            unchanged=summary.unchanged,
            people=summary.people,
        )
