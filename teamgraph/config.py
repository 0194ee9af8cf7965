"""Settings read once from the environment, so nothing connects or reads files at import time.

Every value is checked when the settings are made (at start-up): a nonsense value stops the
command with one line naming the variable (`SettingsError`), never a server that misbehaves later.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, fields

DEFAULT_DATABASE_URL = "sqlite:///./teamgraph.db"


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(f"{name}: must be an integer, got {raw!r}") from None


def _float(env: dict[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise SettingsError(f"{name}: must be a number, got {raw!r}") from None


def _bool(env: dict[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name}: must be true or false, got {raw!r}")


class SettingsError(ValueError):
    """A setting out of its range, named by its environment variable."""


LOG_FORMATS = ("text", "json")
LOG_LEVELS = ("critical", "error", "warning", "info", "debug")

# field -> (lowest, highest) allowed; None: unbounded on that side.
BOUNDS: dict[str, tuple[float | None, float | None]] = {
    "port": (1, 65535),
    "decay_half_life_days": (1, None),
    "thread_threshold": (0, 1),
    "stale_after_days": (1, None),
    "solver_time_limit": (0.1, 3600),
    "solver_workers": (1, 64),
    "max_depth": (1, None),
    "max_aliases": (0, None),
    "max_tokens": (1, None),
    "max_query_bytes": (1, None),
    "max_body_bytes": (1, None),
    "max_repeats": (1, None),
    "max_page_size": (1, None),
    "max_nodes": (1, None),
    "max_introspection": (0, None),
    "db_busy_seconds": (0.1, 600),
}
CHOICES: dict[str, tuple[str, ...]] = {"log_format": LOG_FORMATS, "log_level": LOG_LEVELS}


def variable(field: str) -> str:
    """The environment variable that sets `field`."""
    return f"TEAMGRAPH_{field.upper()}"


def _origins(env: dict[str, str], name: str) -> tuple[str, ...]:
    """Comma-separated origins (`https://app.example:8443`), or `*` for any."""
    raw = env.get(name) or ""
    origins = tuple(o.strip().rstrip("/") for o in raw.split(",") if o.strip())
    for origin in origins:
        if origin != "*" and not re.fullmatch(r"https?://[^/\s?#]+", origin):
            raise SettingsError(
                f"{name}: {origin!r} is not an origin (scheme://host[:port], no path) or *"
            )
    return origins


@dataclass(frozen=True)
class Settings:
    """Everything configurable, with the defaults a local `make run` needs."""

    database_url: str = DEFAULT_DATABASE_URL
    host: str = "127.0.0.1"
    port: int = 8000
    # Relationship strength halves after this many days without an interaction.
    decay_half_life_days: float = 180.0
    # A relationship counts as a thread when its effective strength is at least this.
    thread_threshold: float = 0.2
    # Relationships untouched this many days or more are reported as stale.
    stale_after_days: int = 120
    solver_time_limit: float = 10.0
    solver_workers: int = 2
    # GraphiQL and introspection are for development; switch them off in production.
    graphiql: bool = True
    introspection: bool = True
    # Limits on one GraphQL operation, checked before it runs (teamgraph/api/limits.py).
    max_depth: int = 10
    max_aliases: int = 15
    max_tokens: int = 2000
    # The query text (variables excluded): one long string literal is a single token.
    max_query_bytes: int = 32_768
    # A whole request, variables included (a skills matrix travels in a variable).
    max_body_bytes: int = 16 * 1024 * 1024
    # One field in one selection set: graphql-core compares every pair of repeats.
    max_repeats: int = 30
    max_page_size: int = 100
    # GitHub's node limit: the product of first/last along each path of connections, summed.
    max_nodes: int = 50_000
    # `__schema` and `__type` fields in one operation: each answers the schema's description.
    max_introspection: int = 3
    # How long a mutation keeps trying while another writer holds the database (DATABASE_BUSY).
    db_busy_seconds: float = 5.0
    # Origins whose pages may call the API from a browser (CORS); none by default.
    cors_origins: tuple[str, ...] = ()
    # Logs: `text` lines or one JSON object a line; the lowest level written.
    log_format: str = "text"
    log_level: str = "info"

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in BOUNDS:
                low, high = BOUNDS[f.name]
                if (low is not None and value < low) or (high is not None and value > high):
                    raise SettingsError(f"{variable(f.name)}: {value!r} is {_range(low, high)}")
            elif f.name in CHOICES and value not in CHOICES[f.name]:
                raise SettingsError(
                    f"{variable(f.name)}: {value!r} is not one of {', '.join(CHOICES[f.name])}"
                )

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        e = dict(os.environ if env is None else env)
        return cls(
            database_url=e.get("TEAMGRAPH_DATABASE_URL") or DEFAULT_DATABASE_URL,
            host=e.get("TEAMGRAPH_HOST") or "127.0.0.1",
            port=_int(e, "TEAMGRAPH_PORT", 8000),
            decay_half_life_days=_float(e, "TEAMGRAPH_DECAY_HALF_LIFE_DAYS", 180.0),
            thread_threshold=_float(e, "TEAMGRAPH_THREAD_THRESHOLD", 0.2),
            stale_after_days=_int(e, "TEAMGRAPH_STALE_AFTER_DAYS", 120),
            solver_time_limit=_float(e, "TEAMGRAPH_SOLVER_TIME_LIMIT", 10.0),
            solver_workers=_int(e, "TEAMGRAPH_SOLVER_WORKERS", 2),
            graphiql=_bool(e, "TEAMGRAPH_GRAPHIQL", True),
            introspection=_bool(e, "TEAMGRAPH_INTROSPECTION", True),
            max_depth=_int(e, "TEAMGRAPH_MAX_DEPTH", 10),
            max_aliases=_int(e, "TEAMGRAPH_MAX_ALIASES", 15),
            max_tokens=_int(e, "TEAMGRAPH_MAX_TOKENS", 2000),
            max_query_bytes=_int(e, "TEAMGRAPH_MAX_QUERY_BYTES", 32_768),
            max_body_bytes=_int(e, "TEAMGRAPH_MAX_BODY_BYTES", 16 * 1024 * 1024),
            max_repeats=_int(e, "TEAMGRAPH_MAX_REPEATS", 30),
            max_page_size=_int(e, "TEAMGRAPH_MAX_PAGE_SIZE", 100),
            max_nodes=_int(e, "TEAMGRAPH_MAX_NODES", 50_000),
            max_introspection=_int(e, "TEAMGRAPH_MAX_INTROSPECTION", 3),
            db_busy_seconds=_float(e, "TEAMGRAPH_DB_BUSY_SECONDS", 5.0),
            cors_origins=_origins(e, "TEAMGRAPH_CORS_ORIGINS"),
            log_format=(e.get("TEAMGRAPH_LOG_FORMAT") or "text").strip().lower(),
            log_level=(e.get("TEAMGRAPH_LOG_LEVEL") or "info").strip().lower(),
        )


def _range(low: float | None, high: float | None) -> str:
    if high is None:
        return f"below the least allowed, {low:g}"
    if low is None:
        return f"above the most allowed, {high:g}"
    return f"outside {low:g} to {high:g}"
