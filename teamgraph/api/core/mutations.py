"""The mutation plumbing, written once: every mutation is a resolver decorated with
`@transactional(authorise)`, which

1. opens a write transaction (teamgraph.contention.begin_write: SQLite's write lock, or
   PostgreSQL's REPEATABLE READ), so everything the mutation reads belongs to its write;
2. checks the caller may make the change (`authorise(session, principal, input)`), decoding the
   ids it needs;
3. runs the resolver's body: decode the input, call one service, wrap the rows in types;
4. commits, or rolls everything back and answers the domain error as the schema's typed error
   (a stale version as a CONFLICT); anything unexpected rolls back and propagates.

When the store answers that another writer is in the way (SQLite's lock, a PostgreSQL
serialization failure or lock timeout) or that a unique value was just taken (another request
committed it between our check and our write), the whole transaction runs again, on fresh reads
(tenacity: random exponential waits, `TEAMGRAPH_DB_BUSY_SECONDS` in all). So a lost race is
answered by the service's own check (a CONFLICT naming the field; an upsert updates what the
other request created); a database still busy at the end is DATABASE_BUSY (retryable), a unique
value still clashing a CONFLICT naming the constraint's column, never a crash.

The whole GraphQL operation runs on a worker thread (teamgraph.app), so a long mutation holds
that thread, never the event loop.

So a resolver is the translation alone. It declares what it returns when all goes well,
`FooSuccess`; the schema's result is the union `FooResult = FooSuccess | Errors`, made here for
every mutation alike (`_declare_result`), so no union is written by hand.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any, ParamSpec, TypeVar

import strawberry
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_delay, stop_any
from tenacity.stop import stop_base
from tenacity.wait import wait_random_exponential

from teamgraph.api.core.context import Info
from teamgraph.api.core.errors import Errors, camel, clash_error, stale_write_error, to_error
from teamgraph.api.core.ids import decode_id
from teamgraph.auth.policy import require_account_write, require_hr
from teamgraph.auth.service import Principal
from teamgraph.contention import begin_write, is_busy
from teamgraph.errors import DatabaseBusy, DomainError

P = ParamSpec("P")
R = TypeVar("R")
Authorise = Callable[[Session, Principal, Any], None]
"""(session, principal, input) -> None, raising a DomainError (FORBIDDEN, NOT_FOUND...)."""


def transactional(authorise: Authorise) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Run the decorated mutation resolver `(self, info, input)` as one authorised write
    transaction, run again while another writer is in the way (see the module's docstring)."""

    def decorate(resolver: Callable[P, R]) -> Callable[P, R]:
        _declare_result(resolver)

        def once(root: Any, info: Info, input: Any) -> Any:
            session = info.context.session
            session.rollback()  # whatever was open: the token's check, an attempt that lost
            info.context.forget_loaded()
            try:
                begin_write(session)
                authorise(session, info.context.principal, input)
                result = resolver(root, info, input)  # type: ignore[call-arg, arg-type]
                session.commit()
                return result
            except DomainError as error:
                session.rollback()
                return to_error(error)
            except StaleDataError:
                session.rollback()
                return stale_write_error()
            except BaseException:
                session.rollback()
                raise

        @functools.wraps(resolver)
        def unit(root: Any, info: Info, input: Any) -> Any:
            try:
                for attempt in _attempts(info.context.settings.db_busy_seconds):
                    with attempt:
                        return once(root, info, input)
            except IntegrityError as error:
                return clash_error(error)
            except Exception as error:
                if is_busy(error):
                    raise DatabaseBusy() from error
                raise
            raise AssertionError("unreachable: tenacity returns or raises")  # pragma: no cover

        return unit  # type: ignore[return-value]

    return decorate


def _lost_race(error: BaseException) -> bool:
    return is_busy(error) or isinstance(error, IntegrityError)


class _ClashedAgain(stop_base):
    """A unique value taken is retried once (the service's check then sees it); twice is not a
    race but a clash the service does not check: answered as a CONFLICT at once."""

    def __call__(self, retry_state: RetryCallState) -> bool:
        outcome = retry_state.outcome
        error = outcome.exception() if outcome is not None else None
        return isinstance(error, IntegrityError) and retry_state.attempt_number >= 2


def _attempts(seconds: float) -> Retrying:
    return Retrying(
        retry=retry_if_exception(_lost_race),
        stop=stop_any(stop_after_delay(seconds), _ClashedAgain()),
        wait=wait_random_exponential(multiplier=0.02, max=0.25),
        reraise=True,
    )


def _declare_result(resolver: Callable[..., Any]) -> None:
    """Turn the resolver's return annotation `FooSuccess` into the union strawberry publishes,
    `FooResult = FooSuccess | ValidationError | NotFoundError | ConflictError | ForbiddenError`.

    Strawberry reads the annotations of the undecorated function, so the union is set there;
    type checkers keep seeing `FooSuccess`, what the body returns.
    """
    declared = resolver.__annotations__["return"]
    success = resolver.__globals__[declared] if isinstance(declared, str) else declared
    name = success.__name__.removesuffix("Success") + "Result"
    resolver.__annotations__["return"] = Annotated[success | Errors, strawberry.union(name)]


# --- who may ------------------------------------------------------------------------------------


def hr_only(action: str) -> Authorise:
    """Only an hr_admin token (FORBIDDEN otherwise: "only hr_admin may <action>")."""

    def authorise(_session: Session, principal: Principal, _input: Any) -> None:
        require_hr(principal, action=action)

    return authorise


def writes_to(
    type_name: str, attribute: str, account_of: Callable[[Session, int], int]
) -> Authorise:
    """Only who may write to the account of the object whose global id (of `type_name`) is the
    input's `attribute`; `account_of(session, pk)` finds that account (NOT_FOUND if none)."""
    field = camel(attribute)

    def authorise(session: Session, principal: Principal, input: Any) -> None:
        pk = decode_id(getattr(input, attribute), type_name, field=field)
        require_account_write(session, principal, account_of(session, pk))

    return authorise


# --- reading inputs -----------------------------------------------------------------------------


def given(**values: Any) -> dict[str, Any]:
    """The keyword arguments the client gave (an omitted input field keeps its value)."""
    return {key: value for key, value in values.items() if value is not strawberry.UNSET}


def value_of(enum_value: Any) -> Any:
    """An enum input's stored value; UNSET and null pass through."""
    return enum_value.value if hasattr(enum_value, "value") else enum_value
