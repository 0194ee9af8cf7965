"""Prometheus metrics, served at /metrics: requests and their latency per operation, solver runs
and their duration, refusals by code.

Label values are bounded, so a client inventing operation names cannot grow the server's memory:
an operation's label is its name when it is a plain GraphQL name, for the first
`MAX_OPERATIONS` names seen; every other request counts as `other`.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

MAX_OPERATIONS = 200
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_seen: set[str] = set()
_seen_lock = threading.Lock()

REQUESTS = Counter(
    "teamgraph_requests",
    "Requests answered, by operation and HTTP status.",
    ["operation", "status"],
)
LATENCY = Histogram(
    "teamgraph_request_seconds",
    "Time to answer a request, by operation.",
    ["operation"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
SOLVER_RUNS = Counter("teamgraph_solver_runs", "Solver runs, by solver status.", ["status"])
SOLVER_SECONDS = Histogram(
    "teamgraph_solver_seconds",
    "Time a solver run took.",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120),
)
REFUSALS = Counter("teamgraph_refusals", "Refusals and errors answered, by code.", ["code"])

R = TypeVar("R")


def operation_label(name: str | None) -> str:
    """The label an operation is counted under (see the module's docstring)."""
    if not name or not _NAME.fullmatch(name):
        return "anonymous" if not name else "other"
    with _seen_lock:
        if name in _seen:
            return name
        if len(_seen) < MAX_OPERATIONS:
            _seen.add(name)
            return name
    return "other"


def observe_request(operation: str, status: int, seconds: float) -> None:
    REQUESTS.labels(operation, str(status)).inc()
    LATENCY.labels(operation).observe(seconds)


def refused(code: str) -> None:
    REFUSALS.labels(code).inc()


def timed_solve(solve: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    """`solve(*args, **kwargs)`, counted and timed (its result's `status` labels the run)."""
    start = time.perf_counter()
    try:
        result = solve(*args, **kwargs)
    except BaseException:
        SOLVER_RUNS.labels("ERROR").inc()
        raise
    finally:
        SOLVER_SECONDS.observe(time.perf_counter() - start)
    SOLVER_RUNS.labels(str(getattr(result, "status", "UNKNOWN"))).inc()
    return result


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus' text format, and its content type."""
    return generate_latest(), CONTENT_TYPE_LATEST
