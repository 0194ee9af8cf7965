"""The routes of the app: its page at / and /app/..., its modules and the vendored libraries.

The app routes in the browser (history API), so every /app/... address that is not a file
answers with the same page. Vendored files never change under their versioned path and are
cached for a year; the app's own modules are revalidated (ETag) so an upgrade shows at once.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import re
from functools import cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
VENDOR = HERE / "vendor"

# Browsers run a module only when it is served as JavaScript; some systems map .mjs otherwise.
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("text/javascript", ".mjs")

_INLINE_SCRIPT = re.compile(r"<script type=\"importmap\">(.*?)</script>", re.S)


class _Cached(StaticFiles):
    def __init__(self, *, directory: Path, cache_control: str) -> None:
        super().__init__(directory=directory)
        self.cache_control = cache_control

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            response.headers["cache-control"] = self.cache_control
        return response


@cache
def _index() -> tuple[str, str]:
    """The app's page and its Content-Security-Policy: only this origin, and the import map
    (the one inline script) by its hash."""
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(m.encode()).digest()).decode()}'"
        for m in _INLINE_SCRIPT.findall(page)
    )
    policy = (
        f"default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    )
    return page, policy


async def index(_: Request) -> HTMLResponse:
    page, policy = _index()
    return HTMLResponse(
        page, headers={"content-security-policy": policy, "cache-control": "no-cache"}
    )


def routes() -> list[BaseRoute]:
    return [
        Route("/", index),
        Mount(
            "/app/vendor",
            _Cached(directory=VENDOR, cache_control="public, max-age=31536000, immutable"),
        ),
        Mount("/app/static", _Cached(directory=STATIC, cache_control="no-cache")),
        Route("/app", index),
        Route("/app/{page:path}", index),
    ]
