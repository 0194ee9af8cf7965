"""Domain errors: every expected failure names the field at fault, a reason and a stable code.

The GraphQL layer maps them to typed errors in mutation payloads; the CLI prints them.
"""

from __future__ import annotations

from dataclasses import dataclass

NOT_FOUND = "NOT_FOUND"
INVALID = "INVALID"
CONFLICT = "CONFLICT"
FORBIDDEN = "FORBIDDEN"
DATABASE_BUSY = "DATABASE_BUSY"


class DomainError(Exception):
    """An expected failure: bad input, a missing object, a rule the change would break."""

    code = INVALID

    def __init__(self, message: str, *, field: str = "", code: str | None = None) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        # Not `message`: graphql-core would show that attribute instead of str(self).
        self.reason = message
        self.field = field
        if code is not None:
            self.code = code

    @property
    def extensions(self) -> dict[str, str]:
        """What graphql-core copies into a GraphQL error's `extensions`."""
        return {"code": self.code, "field": self.field}


class NotFoundError(DomainError):
    code = NOT_FOUND


class ConflictError(DomainError):
    code = CONFLICT


class DatabaseBusy(DomainError):
    """Another writer held the database for longer than a request waits: nothing was changed,
    and the same request may simply be sent again (`extensions.retryable`)."""

    code = DATABASE_BUSY

    def __init__(self) -> None:
        super().__init__("the database is busy with another change; nothing was changed, try again")

    @property
    def extensions(self) -> dict[str, str | bool]:  # type: ignore[override]  # adds retryable
        return {"code": self.code, "retryable": True}


@dataclass(frozen=True)
class RowError:
    """One bad row of an import: where it is and what is wrong with it."""

    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.reason}"


class ImportRejected(DomainError):
    """An import with bad rows; nothing was written. `errors` lists every bad row."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} bad row(s); nothing was imported", field="file")
        self.errors = errors
