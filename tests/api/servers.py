"""Real server processes for the tests that need more than one: `teamgraph serve` (uvicorn) on
loopback ports against one database, and a client that sends them operations at once."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_alive(base: str, server: subprocess.Popen[str]) -> None:
    for _ in range(150):  # bounded: about 30 s at most
        if server.poll() is not None:
            raise RuntimeError(f"the server at {base} stopped: {server.stderr.read()}")  # type: ignore[union-attr]  # piped
        try:
            with urllib.request.urlopen(base + "/livez", timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server at {base} did not answer")


@contextmanager
def served(database_url: str, count: int, env: dict[str, str] | None = None) -> Iterator[list[str]]:
    """`count` processes of `teamgraph serve` on `database_url`; yields their base URLs."""
    environment = {
        **os.environ,
        "TEAMGRAPH_DATABASE_URL": database_url,
        "TEAMGRAPH_LOG_LEVEL": "warning",
        **(env or {}),
    }
    servers: list[subprocess.Popen[str]] = []
    bases: list[str] = []
    try:
        for _ in range(count):
            port = free_port()
            servers.append(
                subprocess.Popen(
                    [sys.executable, "-m", "teamgraph.cli", "serve", "--port", str(port)],
                    cwd=ROOT,
                    env=environment,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
            bases.append(f"http://127.0.0.1:{port}")
        for base, server in zip(bases, servers, strict=True):
            _wait_alive(base, server)
        yield bases
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.communicate()


def post(base: str, query: str, variables: dict[str, Any], token: str) -> dict[str, Any]:
    """The JSON answer of one GraphQL operation (HTTP errors' bodies too)."""
    request = urllib.request.Request(
        base + "/graphql",
        data=json.dumps({"query": query, "variables": variables}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            answer: dict[str, Any] = json.loads(response.read())
    except urllib.error.HTTPError as error:
        answer = json.loads(error.read())
    return answer


def at_once(bases: Sequence[str], requests: Sequence[tuple[str, dict[str, Any], str]]) -> list[Any]:
    """Send every (query, variables, token) at the same moment, spread over the servers in
    turn; the answers in the same order."""
    start = threading.Barrier(len(requests))

    def send(index: int) -> dict[str, Any]:
        query, variables, token = requests[index]
        start.wait(timeout=30)
        return post(bases[index % len(bases)], query, variables, token)

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(send, range(len(requests))))
