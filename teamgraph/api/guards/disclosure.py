"""What never leaves the endpoint: unexpected exceptions reach the client as "Unexpected
error." (INTERNAL_SERVER_ERROR) and the log "teamgraph.api" with their traceback (a database
busy with another writer as DATABASE_BUSY, retryable); no error
message suggests names ("Did you mean ...?") to someone guessing at the schema. And what every
error carries: graphql-core's own (a syntax error, a field that does not exist, a variable of
the wrong type) get an `extensions.code` too, so a client tells every refusal by its code.
"""

from __future__ import annotations

import logging
import re

import strawberry
from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import MaskErrors
from strawberry.types import ExecutionContext

from teamgraph.api.guards.limits import REFUSALS
from teamgraph.contention import is_busy
from teamgraph.errors import DatabaseBusy, DomainError

logger = logging.getLogger("teamgraph.api")

INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
BAD_USER_INPUT = "BAD_USER_INPUT"
_SUGGESTION = re.compile(r"\s*Did you mean\b.*$", re.DOTALL)


def graphql_code(error: GraphQLError, *, executed: bool) -> str | None:
    """The code of one of graphql-core's own errors, which come without one: the document does
    not parse, does not validate against the schema (an unknown field, a missing input field,
    a literal of the wrong type), or a variable's value does not fit its type (found when
    execution starts, so `executed`, and with no path)."""
    if isinstance(error, GraphQLSyntaxError):
        return GRAPHQL_PARSE_FAILED
    if error.original_error is not None and not isinstance(error.original_error, GraphQLError):
        return None  # an exception of ours: a domain error has its code, the rest is masked
    if not executed:
        return GRAPHQL_VALIDATION_FAILED
    if error.path is None:
        return BAD_USER_INPUT
    return None


def is_unexpected(error: GraphQLError) -> bool:
    """An exception no one meant to send: neither a domain error nor one of GraphQL's own (a
    bad variable value arrives wrapped around a GraphQLError, and is the client's mistake)."""
    original = error.original_error
    return original is not None and not isinstance(original, DomainError | GraphQLError)


class MaskUnexpectedErrors(MaskErrors):
    """strawberry's MaskErrors for unexpected errors only, with a code clients can test."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        if error.original_error is not None and is_busy(error.original_error):
            # A read that met another writer's lock: the client may send it again.
            busy = DatabaseBusy()
            masked.message = busy.reason
            masked.extensions = busy.extensions
            return masked
        masked.extensions = {"code": INTERNAL_SERVER_ERROR}
        return masked


class ApiSchema(strawberry.Schema):
    """strawberry's Schema, logging to "teamgraph.api" rather than every error (a typo included)
    with a traceback: unexpected errors with their traceback, before MaskErrors hides them from
    the client; refusals by a limit as warnings; the client's other mistakes at debug level."""

    @staticmethod
    def remove_field_suggestion(error: GraphQLError) -> None:
        """Every "Did you mean ...?" (arguments, types, enum values, input fields), where
        strawberry's `disable_field_suggestions` removes only those after "Cannot query field"."""
        error.message = _SUGGESTION.sub("", error.message)

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        operation = execution_context.operation_name if execution_context else None
        executed = execution_context is not None and execution_context.result is not None
        for error in errors:
            if not (error.extensions or {}).get("code"):
                code = graphql_code(error, executed=executed)
                if code is not None:
                    error.extensions = {**(error.extensions or {}), "code": code}
            if is_unexpected(error):
                logger.error(
                    "unexpected error in operation %s at %s: %s",
                    operation,
                    error.path,
                    error.message,
                    exc_info=error.original_error,
                )
            elif (error.extensions or {}).get("code") in REFUSALS:
                logger.warning("refused operation %s: %s", operation, error.message)
            else:
                logger.debug("client error in operation %s: %s", operation, error.message)
