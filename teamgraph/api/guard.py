"""Bearer-token authentication for /graphql, and the request's database session.

An ASGI wrapper rather than a resolver concern: a request without a valid token never reaches
GraphQL (only /healthz and the GraphiQL page itself are open), and the session opened for a
request is closed, rolled back unless committed, when the response is done.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.http.ides import get_graphql_ide_html

from teamgraph.auth.service import Principal, authenticate


def _bearer(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
    return None


def _wants_graphiql(scope: Scope) -> bool:
    if scope.get("method") != "GET":
        return False
    accept = dict(scope.get("headers", [])).get(b"accept", b"").decode("latin-1")
    return "text/html" in accept and not scope.get("query_string")


async def _unauthorised(send: Send, message: str) -> None:
    body = json.dumps(
        {"errors": [{"message": message, "extensions": {"code": "UNAUTHENTICATED"}}]}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 401,
            "headers": [
                (b"content-type", b"application/json"),
                (b"www-authenticate", b'Bearer realm="teamgraph"'),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class TokenGuard:
    def __init__(self, app: ASGIApp, sessions: sessionmaker[Session], *, graphiql: bool) -> None:
        self.app = app
        self.sessions = sessions
        self.graphiql_page = (
            get_graphql_ide_html(graphql_ide="graphiql").encode() if graphiql else None
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.graphiql_page is not None and _wants_graphiql(scope):
            # The page holds no data; every query it sends carries the user's token.
            await HTMLResponse(self.graphiql_page)(scope, receive, send)
            return
        token = _bearer(scope)
        if token is None:
            await _unauthorised(send, "send an API token: Authorization: Bearer TOKEN")
            return
        session = self.sessions()
        try:
            principal: Principal | None = await run_in_threadpool(authenticate, session, token)
            if principal is None:
                await _unauthorised(send, "the API token is unknown or revoked")
                return
            session.info["actor"] = principal.actor
            state: dict[str, Any] = scope.setdefault("state", {})
            state["session"] = session
            state["principal"] = principal
            await self.app(scope, receive, send)
        finally:
            await run_in_threadpool(session.close)
