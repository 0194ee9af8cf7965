"""Driving the app in a real, headless Chromium (Debian's package, installed by
.ci/chromium.sh) from pytest with Playwright, against teamgraph served by uvicorn on loopback.

Playwright drives the system Chromium (`executable_path`), so it downloads no browser. What a
page must never do is recorded while it runs: a console error, an uncaught exception, a request
to another host; `Visit.check()` fails the test on any of them.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import uvicorn

from teamgraph.app import create_app
from teamgraph.config import Settings

ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = Path(os.environ.get("TEAMGRAPH_TEST_ARTEFACTS", ROOT / "test-artefacts")) / "browser"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def chromium_or_skip() -> str:
    """The Chromium to drive; the tests skip, saying how to get one, when there is none."""
    found = os.environ.get("TEAMGRAPH_CHROMIUM") or next(
        filter(None, (shutil.which(n) for n in ("chromium", "chromium-browser"))), None
    )
    if not found:
        pytest.skip(
            "browser tests skipped: Chromium is not installed and could not be "
            "(`bash .ci/chromium.sh` installs Debian's chromium as root; `make test` runs it), "
            "or point TEAMGRAPH_CHROMIUM at one"
        )
    return found


@contextmanager
def live_server(database_url: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """teamgraph on a free loopback port, in a thread; yields its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = Settings.from_env({"TEAMGRAPH_DATABASE_URL": database_url, **(env or {})})
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("teamgraph did not start for the browser tests")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@dataclass
class Visit:
    """A page of the app in a fresh browser context, and what went wrong on it."""

    page: Any
    base: str
    problems: list[str] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)

    def watch(self) -> None:
        origin = urlsplit(self.base).netloc

        def console(message: Any) -> None:
            if message.type == "error":
                self.problems.append(f"console error: {message.text}")

        def request(req: Any) -> None:
            parts = urlsplit(req.url)
            if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != origin:
                self.problems.append(f"request to another host: {req.url}")
            if req.method == "POST" and parts.path == "/graphql":
                self.requests.append(req.post_data_json or {})

        self.page.on("console", console)
        self.page.on("pageerror", lambda error: self.problems.append(f"uncaught: {error}"))
        self.page.on("request", request)

    def check(self) -> None:
        assert self.problems == [], self.problems

    def sign_in(self, token: str, path: str = "/") -> None:
        self.page.goto(self.base + path)
        self.page.get_by_label("API token").fill(token)
        self.page.get_by_role("button", name="Sign in").click()

    def screenshot(self, name: str) -> Path:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTEFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def operations(self) -> list[str]:
        return [r.get("operationName", "") for r in self.requests]
