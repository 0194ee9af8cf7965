"""The ASGI middleware that gives each HTTP request an id (the client's `X-Request-ID` when it
is a sane one, else a new one), echoes it in the response, times the request, counts it in the
metrics under its operation and writes one access line."""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from teamgraph.ops import logs, metrics

HEADER = b"x-request-id"
# Printable, no spaces or quotes: a client's id goes into every log line as it is.
_SANE_ID = re.compile(rb"[A-Za-z0-9._:-]{1,128}")
# Paths counted under their own name; GraphQL under its operation; anything else as `other`.
PLAIN_ROUTES = ("/healthz", "/livez", "/readyz", "/metrics")
GRAPHQL = "/graphql"

access = logging.getLogger("teamgraph.access")


def request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == HEADER and _SANE_ID.fullmatch(value):
            return value.decode("ascii")
    return uuid.uuid4().hex


class RequestContext:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        info = logs.RequestInfo(request_id=request_id(scope))
        token = logs.current.set(info)
        start = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (HEADER, info.request_id.encode("ascii")),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - start
            path = scope.get("path", "")
            if path == GRAPHQL:
                label = metrics.operation_label(info.operation)
            else:
                label = path if path in PLAIN_ROUTES else "other"
            metrics.observe_request(label, status, seconds)
            access.info(
                "%s %s %d %.1f ms",
                scope.get("method", ""),
                path,
                status,
                seconds * 1000,
                extra={
                    "method": scope.get("method", ""),
                    "path": path,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 1),
                },
            )
            logs.current.reset(token)
