"""Logs an operator can search: a level and a time on every line, the request's id and its
GraphQL operation name on every line written while a request runs, plain text or one JSON object
a line (`TEAMGRAPH_LOG_FORMAT=json`).

The request's id and operation live in a context variable holding one mutable `RequestInfo`:
the middleware sets it, the GraphQL layer names the operation once it is parsed, and a worker
thread running part of the request sees the same object (anyio copies the context).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import sys
from dataclasses import dataclass
from typing import Any

# Attributes every LogRecord has; anything else was passed with `extra=` and is logged too.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(operation)s] %(message)s"


@dataclass
class RequestInfo:
    request_id: str
    operation: str | None = None


current: contextvars.ContextVar[RequestInfo | None] = contextvars.ContextVar(
    "teamgraph_request", default=None
)


def name_operation(name: str) -> None:
    """Record the running request's operation (no-op outside a request)."""
    info = current.get()
    if info is not None:
        info.operation = name


class RequestFields(logging.Filter):
    """Adds `request_id` and `operation` to every record ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        info = current.get()
        record.request_id = info.request_id if info else "-"
        record.operation = (info.operation if info else None) or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, request id,
    operation, the record's extra fields, and the traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
            "operation": getattr(record, "operation", "-"),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and key not in line:
                line[key] = value if isinstance(value, int | float | bool | None) else str(value)
        if record.exc_info:
            line["traceback"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_logging(*, log_format: str = "text", level: str = "info") -> None:
    """Route every logger (uvicorn's too) through one handler on standard error."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestFields())
    handler.setFormatter(
        JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
    )
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
