"""The Starlette application: /graphql (with GraphiQL, and subscriptions over
graphql-transport-ws), the web app at / and /app/, /healthz, /livez, /readyz and /metrics.

`create_app(settings)` builds the engine, so importing this module connects to nothing.

Nothing that touches the database or computes runs on the event loop. The loop reads requests
and writes answers; each GraphQL operation (parsing, validation, every resolver, DataLoader
and mutation) runs on a worker thread, in an event loop of its own
(`TeamgraphGraphQL.execute_single`), with the request's own session, which no other thread
touches meanwhile. Why threads and not async SQLAlchemy: the services are plain synchronous
functions shared with the CLI and the solve path, most of an operation's time is Python work
(building rows, graphs, GraphQL fields) that an async driver would leave on the loop, and a
request's DataLoaders stay one-statement-per-level as before. The number of operations at once
is bounded by the token guard (one per pooled connection), below the thread pool's size.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from cross_web import HTTPException  # what strawberry raises to refuse a request
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLRequestData
from strawberry.http.async_base_view import AsyncHTTPRequestAdapter
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET, UnsetType

from teamgraph.api.core.context import Context
from teamgraph.api.guards.authentication import TokenGuard, connection_token, error_response
from teamgraph.api.guards.body_limit import BodyLimit
from teamgraph.api.guards.request_body import decode_body
from teamgraph.api.schema import build_schema
from teamgraph.auth.service import Principal, authenticate
from teamgraph.config import Settings
from teamgraph.db import SERVER_BUSY_TIMEOUT_MS, make_engine, make_session_factory, pool_capacity
from teamgraph.jobs.lifecycle import JobsInServer, job_queue
from teamgraph.jobs.service import JobQueue
from teamgraph.ops import health, memory, metrics
from teamgraph.ops.requests import RequestContext
from teamgraph.web import graphiql_page
from teamgraph.web import routes as web_routes

# strawberry's words for a refusal before execution -> our code (its status is kept).
_REFUSALS = {"Batching is not enabled": "BATCHING_NOT_SUPPORTED"}


class TeamgraphGraphQL(GraphQL[Context, None]):
    """strawberry's ASGI view with the settings' limits, answering every refusal as JSON.

    Batching (a JSON array of operations) stays off: each operation of a batch would get the
    full limits, and all would share the request's one database session.
    """

    def __init__(
        self,
        settings: Settings,
        sessions: sessionmaker[Session],
        queue: JobQueue,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            build_schema(settings),
            graphql_ide="graphiql" if settings.graphiql else None,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            allowed_origins=settings.cors_origins,
            **kwargs,
        )
        self.settings = settings
        self.sessions = sessions
        self.queue = queue

    async def run(  # type: ignore[override]  # HTTP only: no websocket route leads here
        self, request: Request, context: Any = UNSET, root_value: Any = UNSET
    ) -> Response:
        try:
            return await super().run(request, context=context, root_value=root_value)
        except HTTPException as refused:
            if isinstance(refused.__cause__, InvalidOperationTypeError):
                # A mutation sent with GET: GET must stay safe to repeat, cache and prefetch.
                return error_response(405, refused.reason, "METHOD_NOT_ALLOWED", {"allow": "POST"})
            code = _REFUSALS.get(refused.reason) or (
                "NOT_FOUND" if refused.status_code == 404 else "BAD_REQUEST"
            )
            return error_response(refused.status_code, refused.reason, code)

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """The operation, on a worker thread in an event loop of its own: the server's loop
        never waits for its parsing, validation, resolvers or database."""
        operation = super().execute_single(
            request=request,
            request_adapter=request_adapter,
            sub_response=sub_response,
            context=context,
            root_value=root_value,
            request_data=request_data,
        )
        return await run_in_threadpool(asyncio.run, operation)

    def decode_json(self, data: str | bytes) -> object:
        return decode_body(data)  # UTF-8, one object, bounded nesting, no lone surrogate

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket | None = None
    ) -> Context:
        if isinstance(request, WebSocket):
            # Signed in by `on_ws_connect`, from the connection_init payload: browsers cannot
            # send headers with a websocket.
            return Context(
                session=self.sessions(),
                principal=_NOBODY,
                settings=self.settings,
                queue=self.queue,
                sessions=self.sessions,
            )
        return Context(
            session=request.state.session,
            principal=request.state.principal,
            settings=self.settings,
            queue=self.queue,
            sessions=self.sessions,
        )

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Accept the websocket when its connection_init payload carries a working token:
        `{"Authorization": "Bearer TOKEN"}` (as GraphiQL's headers) or `{"token": "TOKEN"}`;
        refuse it (4403) otherwise."""
        token = connection_token(context.connection_params or {})
        if token is None:
            raise ConnectionRejectionError()
        principal = await run_in_threadpool(_sign_in, self.sessions, token)
        if principal is None:
            raise ConnectionRejectionError()
        context.principal = principal
        context.session.info["actor"] = principal.actor
        return UNSET


_NOBODY = Principal(token_id=0, role="", person_id=None)


def _sign_in(sessions: sessionmaker[Session], token: str) -> Principal | None:
    with sessions() as session:
        return authenticate(session, token)


def _lifespan(engine: Engine, jobs: JobsInServer) -> Callable[[Starlette], Any]:
    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        await jobs.start()
        try:
            async with memory.trimming():  # freed memory back to the system (see ops/memory.py)
                yield
        finally:
            await jobs.stop()
            engine.dispose()

    return lifespan


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_env()
    engine = make_engine(settings.database_url, busy_timeout_ms=SERVER_BUSY_TIMEOUT_MS)
    sessions = make_session_factory(engine)

    def ping() -> None:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    async def healthz(_: Request) -> JSONResponse:
        await run_in_threadpool(ping)  # waiting for a connection must not block the loop
        return JSONResponse({"status": "ok"})

    async def livez(_: Request) -> JSONResponse:
        return JSONResponse({"status": "alive"})  # the loop answers: nothing else to check

    head = health.head_revision(settings.database_url)

    async def readyz(_: Request) -> JSONResponse:
        problem = await run_in_threadpool(health.not_ready, engine, head)
        if problem is not None:
            return JSONResponse({"status": "not ready", "reason": problem}, status_code=503)
        return JSONResponse({"status": "ready"})

    async def prometheus(_: Request) -> Response:
        body, content_type = metrics.exposition()
        return Response(body, media_type=content_type)

    queue = job_queue(settings)
    graphql = TeamgraphGraphQL(settings, sessions, queue, allow_queries_via_get=True)
    app = Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/livez", livez),
            Route("/readyz", readyz),
            Route("/metrics", prometheus),
            # A Route, not a Mount: /graphql answers without a redirect to /graphql/.
            Route(
                "/graphql",
                BodyLimit(
                    TokenGuard(
                        graphql,
                        sessions,
                        graphiql=settings.graphiql,
                        max_sessions=pool_capacity(engine),
                        graphiql_page=graphiql_page(),
                    ),
                    max_bytes=settings.max_body_bytes,
                ),
                methods=["GET", "POST"],
            ),
            # Subscriptions (graphql-transport-ws): the token comes in connection_init.
            WebSocketRoute("/graphql", graphql),
            *web_routes(),  # the app at / and /app/... (teamgraph/web/)
        ],
        lifespan=_lifespan(engine, JobsInServer(sessions, settings)),
        middleware=[Middleware(RequestContext)],
    )
    if settings.cors_origins:
        # Outermost, so a browser's preflight (OPTIONS) is answered before the token guard.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["authorization", "content-type"],
            max_age=600,
        )
    app.state.settings = settings
    app.state.sessions = sessions
    return app
