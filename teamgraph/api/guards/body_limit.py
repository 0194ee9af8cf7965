"""A bound on the bytes of one request, before anything reads it: a client cannot make the
server buffer (and parse) an arbitrarily large body. 413 with PAYLOAD_TOO_LARGE."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from teamgraph.api.guards.authentication import error_response

PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"


class _TooLarge(Exception):
    pass


class BodyLimit:
    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        received = 0
        started = False

        async def counting() -> Message:
            # A chunked body has no length up front: count it as it arrives.
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
            return message

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting, sending)
        except _TooLarge:
            if started:  # too late to answer differently
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(
            413, f"the request is larger than {self.max_bytes:,} bytes", PAYLOAD_TOO_LARGE
        )
        await response(scope, receive, send)
