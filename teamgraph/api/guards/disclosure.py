"""What never leaves the endpoint: unexpected exceptions reach the client as "Unexpected
error." (INTERNAL_SERVER_ERROR) and the log "teamgraph.api" with their traceback; no error
message suggests names ("Did you mean ...?") to someone guessing at the schema.
"""

from __future__ import annotations

import logging
import re

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors
from strawberry.types import ExecutionContext

from teamgraph.api.guards.limits import REFUSALS
from teamgraph.errors import DomainError

logger = logging.getLogger("teamgraph.api")

INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
_SUGGESTION = re.compile(r"\s*Did you mean\b.*$", re.DOTALL)


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
        for error in errors:
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
