"""The Starlette application: /graphql (with GraphiQL), /healthz.

`create_app(settings)` builds the engine, so importing this module connects to nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Engine, text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from strawberry.asgi import GraphQL

from teamgraph.api.context import Context
from teamgraph.api.guard import TokenGuard
from teamgraph.api.schema import build_schema
from teamgraph.config import Settings
from teamgraph.db import make_engine, make_session_factory


class TeamgraphGraphQL(GraphQL[Context, None]):
    def __init__(self, settings: Settings, **kwargs: Any) -> None:
        super().__init__(
            build_schema(settings), graphql_ide="graphiql" if settings.graphiql else None, **kwargs
        )
        self.settings = settings

    async def get_context(self, request: Request, response: Response | None = None) -> Context:  # type: ignore[override]  # strawberry's signature is wider
        return Context(
            session=request.state.session,
            principal=request.state.principal,
            settings=self.settings,
        )


def _disposing(engine: Engine) -> Callable[[Starlette], Any]:
    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        engine.dispose()

    return lifespan


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_env()
    engine = make_engine(settings.database_url)
    sessions = make_session_factory(engine)

    async def healthz(_: Request) -> JSONResponse:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return JSONResponse({"status": "ok"})

    graphql = TeamgraphGraphQL(settings, allow_queries_via_get=True)
    app = Starlette(
        routes=[
            Route("/healthz", healthz),
            # A Route, not a Mount: /graphql answers without a redirect to /graphql/.
            Route(
                "/graphql",
                TokenGuard(graphql, sessions, graphiql=settings.graphiql),
                methods=["GET", "POST"],
            ),
        ],
        lifespan=_disposing(engine),
    )
    app.state.settings = settings
    app.state.sessions = sessions
    return app
