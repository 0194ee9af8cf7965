"""The mutation plumbing, written once: every mutation is a resolver decorated with
`@transactional(authorise)`, which

1. checks the caller may make the change (`authorise(session, principal, input)`), decoding the
   ids it needs;
2. runs the resolver's body: decode the input, call one service, wrap the rows in types;
3. commits, or rolls everything back and answers the domain error as the schema's typed error
   (a stale version as a CONFLICT); anything unexpected rolls back and propagates.

So a resolver is the translation alone. It declares what it returns when all goes well,
`FooSuccess`; the schema's result is the union `FooResult = FooSuccess | Errors`, made here for
every mutation alike (`_declare_result`), so no union is written by hand.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any, ParamSpec, TypeVar

import strawberry
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from starlette.concurrency import run_in_threadpool

from teamgraph.api.core.context import Info
from teamgraph.api.core.errors import Errors, stale_write_error, to_error
from teamgraph.api.core.ids import decode_id
from teamgraph.auth.policy import require_account_write, require_hr
from teamgraph.auth.service import Principal
from teamgraph.errors import DomainError

P = ParamSpec("P")
R = TypeVar("R")
Authorise = Callable[[Session, Principal, Any], None]
"""(session, principal, input) -> None, raising a DomainError (FORBIDDEN, NOT_FOUND...)."""


def transactional(
    authorise: Authorise, *, off_loop: bool = False
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Run the decorated mutation resolver `(self, info, input)` as one authorised transaction.

    `off_loop`: run it on a worker thread (solves take seconds; the event loop keeps answering
    other requests meanwhile). Mutations run one after another, so nothing else touches the
    request's session while the thread has it.
    """

    def decorate(resolver: Callable[P, R]) -> Callable[P, R]:
        _declare_result(resolver)

        def unit(root: Any, info: Info, input: Any) -> Any:
            session = info.context.session
            try:
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

        if off_loop:

            @functools.wraps(resolver)
            async def threaded(root: Any, info: Info, input: Any) -> Any:
                return await run_in_threadpool(unit, root, info, input)

            return threaded  # type: ignore[return-value]
        return functools.wraps(resolver)(unit)  # type: ignore[return-value]

    return decorate


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
    field = _camel(attribute)

    def authorise(session: Session, principal: Principal, input: Any) -> None:
        pk = decode_id(getattr(input, attribute), type_name, field=field)
        require_account_write(session, principal, account_of(session, pk))

    return authorise


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


# --- reading inputs -----------------------------------------------------------------------------


def given(**values: Any) -> dict[str, Any]:
    """The keyword arguments the client gave (an omitted input field keeps its value)."""
    return {key: value for key, value in values.items() if value is not strawberry.UNSET}


def value_of(enum_value: Any) -> Any:
    """An enum input's stored value; UNSET and null pass through."""
    return enum_value.value if hasattr(enum_value, "value") else enum_value
