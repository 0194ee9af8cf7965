"""Expected failures as schema types: every mutation returns its own union of a success type
and these errors, which share the `Error` interface (`message`, `field`, `code`)."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry
from sqlalchemy.exc import IntegrityError

from teamgraph import errors as domain
from teamgraph.contention import clashing_field
from teamgraph.ops import metrics


@strawberry.enum
class ErrorCode(Enum):
    INVALID = domain.INVALID
    NOT_FOUND = domain.NOT_FOUND
    CONFLICT = domain.CONFLICT
    FORBIDDEN = domain.FORBIDDEN


@strawberry.interface(description="An expected failure: what, where (the input field), which kind.")
class Error:
    message: str
    field: str | None
    code: ErrorCode


@strawberry.type
class RowError:
    line: int
    field: str
    reason: str


@strawberry.type(description="The input is not acceptable; `field` names the input at fault.")
class ValidationError(Error):
    rows: list[RowError] | None = None


@strawberry.type(description="Nothing with that id exists, or this token may not see it.")
class NotFoundError(Error):
    pass


@strawberry.type(
    description="The change clashes with the current state (a duplicate, a stale edit)."
)
class ConflictError(Error):
    pass


@strawberry.type(description="This token's role may not make this change.")
class ForbiddenError(Error):
    pass


Errors = ValidationError | NotFoundError | ConflictError | ForbiddenError
"""The error members of every mutation's result union, after its success type:
`FooResult = Annotated[FooSuccess | Errors, strawberry.union("FooResult")]`."""

_BY_CODE: dict[str, type[Error]] = {
    domain.INVALID: ValidationError,
    domain.NOT_FOUND: NotFoundError,
    domain.CONFLICT: ConflictError,
    domain.FORBIDDEN: ForbiddenError,
}


def to_error(error: domain.DomainError) -> Error:
    """The schema's error type for a domain error, with the rows of a rejected import."""
    metrics.refused(error.code)
    kind = _BY_CODE.get(error.code, ValidationError)
    values: dict[str, Any] = {
        "message": error.reason,
        "field": error.field or None,
        "code": ErrorCode(error.code if error.code in _BY_CODE else domain.INVALID),
    }
    if isinstance(error, domain.ImportRejected):
        values["rows"] = [
            RowError(line=e.line, field=e.field, reason=e.reason) for e in error.errors
        ]
    return kind(**values)


def stale_write_error() -> ConflictError:
    """A plan edited by someone else meanwhile (its version moved on): a CONFLICT, not a crash."""
    metrics.refused(domain.CONFLICT)
    return ConflictError(
        message="someone else changed this meanwhile; reload it and try again",
        field=None,
        code=ErrorCode.CONFLICT,
    )


def clash_error(error: IntegrityError) -> ConflictError:
    """A write the store refused for a value taken meanwhile (a unique constraint), or another
    integrity rule broken by a change made meanwhile: a CONFLICT, naming the field when the
    constraint tells it."""
    metrics.refused(domain.CONFLICT)
    clash = clashing_field(error)
    if clash is None:
        return ConflictError(
            message="someone else changed this meanwhile; reload it and try again",
            field=None,
            code=ErrorCode.CONFLICT,
        )
    table, column = clash
    field = camel(column)
    return ConflictError(
        message=f"this {field} is already taken (another {table} has it)",
        field=field,
        code=ErrorCode.CONFLICT,
    )


def camel(name: str) -> str:
    """A column or attribute name as the API spells its field (`plan_id` -> `planId`)."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
