"""Bearer-token authentication for /graphql, and the request's database session.

An ASGI wrapper rather than a resolver concern: a request without a valid token never reaches
GraphQL (only /healthz and the GraphiQL page itself are open), and the session opened for a
request is closed, rolled back unless committed, when the response is done.
"""

from __future__ import annotations

import asyncio
from typing import Any

import anyio
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.http.ides import get_graphql_ide_html

from teamgraph.auth.service import Principal, authenticate
from teamgraph.ops import metrics


def bearer_token(authorization: str) -> str | None:
    """The token of an `Authorization: Bearer TOKEN` value (HTTP header or websocket payload)."""
    scheme, _, token = authorization.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def connection_token(params: dict[str, Any]) -> str | None:
    """The token of a websocket's connection_init payload: `{"Authorization": "Bearer TOKEN"}`
    (as GraphiQL sends its headers) or `{"token": "TOKEN"}`."""
    for key in ("Authorization", "authorization"):
        value = params.get(key)
        token = bearer_token(value) if isinstance(value, str) else None
        if token is not None:
            return token
    token = params.get("token")
    return token.strip() or None if isinstance(token, str) else None


def _bearer(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            return bearer_token(value.decode("latin-1"))
    return None


def _wants_graphiql(scope: Scope) -> bool:
    if scope.get("method") != "GET":
        return False
    accept = dict(scope.get("headers", [])).get(b"accept", b"").decode("latin-1")
    return "text/html" in accept and not scope.get("query_string")


def error_response(
    status: int, message: str, code: str, headers: dict[str, str] | None = None
) -> Response:
    """A request refused before GraphQL runs, in GraphQL's error shape so clients parse one."""
    metrics.refused(code)
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return JSONResponse(body, status_code=status, headers=headers)


async def _unauthorised(scope: Scope, receive: Receive, send: Send, message: str) -> None:
    response = error_response(
        401, message, "UNAUTHENTICATED", {"www-authenticate": 'Bearer realm="teamgraph"'}
    )
    await response(scope, receive, send)


class TokenGuard:
    """`max_sessions` bounds the requests that hold a session at once, to the pool's size:
    the others wait here, on the event loop, instead of in worker threads blocked on the pool
    (40 such threads starved the requests that held connections of the thread they needed to
    close their session, and the server stalled until the pool timed out)."""

    def __init__(
        self,
        app: ASGIApp,
        sessions: sessionmaker[Session],
        *,
        graphiql: bool,
        max_sessions: int = 15,
        graphiql_page: str | None = None,
    ) -> None:
        self.app = app
        self.sessions = sessions
        self.slots = asyncio.Semaphore(max_sessions)
        # `graphiql_page` replaces strawberry's page (the app serves one with local assets).
        page = graphiql_page or get_graphql_ide_html(graphql_ide="graphiql")
        self.graphiql_page = page.encode() if graphiql else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.graphiql_page is not None and _wants_graphiql(scope):
            # The page holds no data; every query it sends carries the user's token.
            await HTMLResponse(self.graphiql_page)(scope, receive, send)
            return
        token = _bearer(scope)
        if token is None:
            await _unauthorised(
                scope, receive, send, "send an API token: Authorization: Bearer TOKEN"
            )
            return
        async with self.slots:
            session = self.sessions()
            try:
                principal: Principal | None = await run_in_threadpool(authenticate, session, token)
                if principal is None:
                    await _unauthorised(
                        scope,
                        receive,
                        send,
                        "the API token is unknown, revoked or expired, or its person is no "
                        "longer active",
                    )
                    return
                session.info["actor"] = principal.actor
                state: dict[str, Any] = scope.setdefault("state", {})
                state["session"] = session
                state["principal"] = principal
                await self.app(scope, receive, send)
            finally:
                # The connection goes back to the pool (a rollback: a round trip, off the loop),
                # even when the request is being cancelled.
                with anyio.CancelScope(shield=True):
                    await anyio.to_thread.run_sync(session.close)
